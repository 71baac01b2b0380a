// The crew panel: who is clocked on at this terminal and on what; switch the active operator by
// PIN (the same 'session.login', which makes a crew member active), add a member, log one out.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { useT } from '../i18n/i18n';
import { useSession } from '../stores/session';
import { useQuery } from '../stores/query-store';
import { useUi } from '../stores/ui-store';
import { useDrafts } from '../stores/drafts-store';
import { TouchButton } from '../components/TouchButton';
import { Modal } from '../components/Modal';
import { describeError } from '../forms/errors';
import { runCommand } from '../forms/run-command';
import { LoginForm } from './LoginForm';

export function CrewScreen() {
  const t = useT();
  const { state } = useSession();
  const cellId = useUi((s) => s.cellId);
  const queue = useQuery('queue.list', { cell_id: cellId ?? undefined, limit: 500 }, ['queue', 'operations'], cellId !== null);
  const [switching, setSwitchingState] = useState<string | null>(null);
  // Opening the PIN dialog for someone fills in their employee id; "add" starts empty.
  const setSwitching = (employeeId: string | null) => {
    if (employeeId !== null) useDrafts.getState().set('crew-login', 'employee_id', employeeId);
    setSwitchingState(employeeId);
  };
  const [error, setError] = useState<CommandError | null>(null);
  const opName = (id: string | null) => {
    if (!id) return null;
    for (const c of queue.data?.cells ?? []) for (const s of Object.values(c.sections)) for (const e of s.entries) if (e.operation_id === id) return `${e.job_number} · ${e.operation_name}`;
    return id.slice(0, 8);
  };
  const tiles = (state?.crew ?? []).filter((c) => c.employee_id).map((c) => ({ employee_id: c.employee_id!, label: c.full_name ?? c.employee_id! }));
  return (
    <main className="main col" data-testid="screen-crew" aria-labelledby="crew-title">
      <div className="row">
        <h1 id="crew-title" className="grow">
          {t('crew.title')}
        </h1>
        <TouchButton variant="primary" onPress={() => setSwitching('')} testId="crew-add">
          + {t('crew.add')}
        </TouchButton>
      </div>
      {(state?.crew ?? []).map((c) => (
        <div key={c.profile_id} className="panel row" data-testid={`crew-${c.employee_id ?? c.profile_id}`}>
          <span className="col grow" style={{ gap: 2 }}>
            <strong>
              {c.full_name ?? c.employee_id}
              {c.profile_id === state?.active_profile_id ? ` — ${t('crew.active')}` : ''}
            </strong>
            <span>{c.open_operation_id ? t('crew.working_on', { op: opName(c.open_operation_id) ?? '' }) : t('crew.idle')}</span>
          </span>
          {c.profile_id !== state?.active_profile_id ? (
            <TouchButton onPress={() => setSwitching(c.employee_id ?? '')} testId="crew-switch">
              {t('crew.switch')}
            </TouchButton>
          ) : null}
          <TouchButton
            variant="danger"
            onPress={() => runCommand('session.logout', { as_profile_id: c.profile_id }, { confirm: t('crew.logged_out'), onError: setError })}
            testId="crew-logout"
          >
            {t('crew.logout')}
          </TouchButton>
        </div>
      ))}
      {error ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
      {switching !== null ? (
        <Modal title={t('crew.switch_title')} testId="dialog-crew-login">
          <LoginForm formId="crew-login" tiles={switching ? tiles.filter((x) => x.employee_id === switching) : tiles} onDone={() => setSwitching(null)} />
          <TouchButton onPress={() => setSwitching(null)}>{t('common.cancel')}</TouchButton>
        </Modal>
      ) : null}
    </main>
  );
}
