// A supervisor's consent to start out of routing order, given at this terminal: their employee
// id, PIN and a reason (the contract's SupervisorOverride). The PIN is never kept in the drafts.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { SupervisorOverride } from '../../../shared/contract/core-commands';
import { useT } from '../i18n/i18n';
import { useDraft } from '../stores/drafts-store';
import { Field } from '../components/Field';
import { PinPad } from '../components/PinPad';
import { TouchButton } from '../components/TouchButton';
import { describeError, fieldErrors } from './errors';
import { runCommand } from './run-command';

export function SequenceOverrideForm(p: { operationId: string; customFields: Record<string, string | number | boolean>; onDone(): void; onCancel(): void }) {
  const t = useT();
  const [d, setField, clear] = useDraft(`override:${p.operationId}`);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<CommandError | null>(null);
  const value = { supervisor_employee_id: d.employee_id ?? '', supervisor_pin: pin, reason: d.reason ?? '' };
  const errs = fieldErrors(t, SupervisorOverride, value);
  const submit = async () => {
    const parsed = SupervisorOverride.safeParse(value);
    if (!parsed.success) return;
    const r = await runCommand('operation.start', { operation_id: p.operationId, sequence_override: parsed.data, custom_fields: p.customFields }, { confirm: t('operation.started'), onError: setError });
    setPin('');
    if (r.ok) {
      clear();
      p.onDone();
    }
  };
  return (
    <div className="row" style={{ alignItems: 'flex-start', flexWrap: 'nowrap', gap: 32 }}>
      <div className="col" style={{ flex: '1 1 360px', minWidth: 0 }}>
        <p>{t('override.text')}</p>
        <Field label={t('override.supervisor')} value={d.employee_id ?? ''} onChange={(v) => setField('employee_id', v)} error={d.employee_id !== undefined ? (errs.supervisor_employee_id ?? null) : null} />
        <Field label={t('override.reason')} value={d.reason ?? ''} onChange={(v) => setField('reason', v)} error={d.reason !== undefined ? (errs.reason ?? null) : null} />
        {error ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
        <TouchButton onPress={p.onCancel}>{t('common.cancel')}</TouchButton>
      </div>
      <PinPad value={pin} onChange={setPin} onSubmit={submit} />
    </div>
  );
}
