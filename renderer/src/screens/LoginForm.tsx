// Employee id (typed on the on-screen keyboard, or a crew tile) + PIN pad → 'session.login'.
// Used by the login screen, the lock screen and the crew panel's "switch operator". The PIN is
// held only in this component's state and cleared after every attempt; a lockout shows its time
// left. The employee id stays after a failure so the operator only re-enters the PIN.
import { useState } from 'react';
import { EmployeeIdInput } from '../../../shared/contract/core-commands';
import type { CommandError } from '../../../shared/contract';
import { terminalApi } from '../api/terminal-api';
import { useT } from '../i18n/i18n';
import { refreshAreas } from '../stores/query-store';
import { useDraft } from '../stores/drafts-store';
import { Field } from '../components/Field';
import { PinPad } from '../components/PinPad';
import { TouchButton } from '../components/TouchButton';
import { useNow } from '../components/useNow';
import { formatDuration } from '../components/format';
import { describeError, fieldErrors } from '../forms/errors';

export interface Tile {
  employee_id: string;
  label: string;
}

/** `scrollTiles`: a whole roster scrolls in its own area so the PIN pad stays on screen. */
export function LoginForm(p: { formId: string; tiles?: Tile[]; scrollTiles?: boolean; onDone?: () => void }) {
  const t = useT();
  const now = useNow();
  const [draft, setField] = useDraft(p.formId);
  const employeeId = draft.employee_id ?? '';
  // A lockout belongs to one employee: choosing another id clears the refusal and the pad.
  const setEmployee = (v: string) => {
    setField('employee_id', v);
    setError(null);
  };
  const [pin, setPin] = useState('');
  const [error, setError] = useState<CommandError | null>(null);
  const [touched, setTouched] = useState(false);

  const lockedUntil = error?.code === 'locked_out' && typeof error.detail?.locked_until === 'string' ? Date.parse(error.detail.locked_until) : null;
  const lockLeft = lockedUntil !== null ? Math.max(0, (lockedUntil - now) / 1000) : 0;
  const idError = touched ? (fieldErrors(t, EmployeeIdInput, employeeId)._ ?? null) : null;

  const submit = async () => {
    setTouched(true);
    if (EmployeeIdInput.safeParse(employeeId).success === false) return;
    const r = await terminalApi().command('session.login', { employee_id: employeeId, pin });
    setPin('');
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    refreshAreas(['*']);
    p.onDone?.();
  };

  return (
    <div className="row" style={{ alignItems: 'flex-start', gap: 40 }} data-testid={`${p.formId}-form`}>
      <div className="col" style={{ minWidth: 360 }}>
        <Field label={t('login.employee_id')} value={employeeId} onChange={setEmployee} error={idError} testId="login-employee" />
        {p.tiles && p.tiles.length > 0 ? (
          <div className={p.scrollTiles ? 'tiles tiles-scroll' : 'tiles'} aria-label={t('login.roster')} role="group" data-testid={`${p.formId}-roster`}>
            {p.tiles.map((tile) => (
              <TouchButton key={tile.employee_id} variant="tile" selected={tile.employee_id === employeeId} onPress={() => setEmployee(tile.employee_id)} testId={`tile-${tile.employee_id}`}>
                {tile.label}
                <span className="muted">{tile.employee_id}</span>
              </TouchButton>
            ))}
          </div>
        ) : null}
        {error ? (
          <div className="error-text" role="alert" data-testid="login-error">
            {lockedUntil !== null && lockLeft > 0
              ? t('login.locked_out', { left: formatDuration(lockLeft) })
              : typeof error.detail?.attempts_left === 'number'
                ? t('login.wrong_pin', { left: error.detail.attempts_left })
                : describeError(t, error)}
          </div>
        ) : null}
      </div>
      <PinPad value={pin} onChange={setPin} onSubmit={submit} disabled={lockLeft > 0} />
    </div>
  );
}
