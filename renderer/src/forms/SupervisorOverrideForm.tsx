// A supervisor's consent given at this terminal (the contract's SupervisorOverride: employee id,
// PIN and a reason) for a start the core refused until someone approves it: out of routing order
// ('sequence_override') or past the cell's enforced WIP limit ('wip_override'). One form for both;
// an approval already given rides along on the retry, so a start that needs both asks twice and
// sends both. The PIN is never kept in the drafts.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { SupervisorOverride } from '../../../shared/contract/core-commands';
import type { z } from 'zod';
import { useT } from '../i18n/i18n';
import { useDraft } from '../stores/drafts-store';
import { Field } from '../components/Field';
import { PinPad } from '../components/PinPad';
import { TouchButton } from '../components/TouchButton';
import { describeError, fieldErrors } from './errors';

export type OverrideKind = 'sequence_override' | 'wip_override';
export type Approvals = Partial<Record<OverrideKind, z.output<typeof SupervisorOverride>>>;

/** The approval a refused start asks for, from the core's error detail (`needs`). */
export function neededOverride(error: CommandError): OverrideKind | null {
  const needs = error.detail?.needs;
  return needs === 'sequence_override' || needs === 'wip_override' ? needs : null;
}

export function SupervisorOverrideForm(p: {
  operationId: string;
  kind: OverrideKind;
  /** What the refusal said (the WIP detail names the cell and its limit). */
  refusal: CommandError | null;
  /** Retries the start with this approval added; resolves to a refusal to show here, or null. */
  onApprove(approval: z.output<typeof SupervisorOverride>): Promise<CommandError | null>;
  onCancel(): void;
}) {
  const t = useT();
  const [d, setField, clear] = useDraft(`override:${p.kind}:${p.operationId}`);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<CommandError | null>(null);
  const value = { supervisor_employee_id: d.employee_id ?? '', supervisor_pin: pin, reason: d.reason ?? '' };
  const errs = fieldErrors(t, SupervisorOverride, value);
  const detail = p.refusal?.detail ?? {};
  const text =
    p.kind === 'wip_override'
      ? t('override.wip_text', { cell: String(detail.cell_name ?? ''), wip: String(detail.wip ?? ''), limit: String(detail.wip_limit ?? '') })
      : t('override.text');
  const submit = async () => {
    const parsed = SupervisorOverride.safeParse(value);
    if (!parsed.success) return;
    setError(null);
    const refusal = await p.onApprove(parsed.data);
    setPin('');
    // the approval went through (or the screen moved on to the next question): the draft is done
    if (refusal) setError(refusal);
    else clear();
  };
  return (
    <div className="row" style={{ alignItems: 'flex-start', flexWrap: 'nowrap', gap: 32 }} data-testid={`override-${p.kind}`}>
      <div className="col" style={{ flex: '1 1 360px', minWidth: 0 }}>
        <p>{text}</p>
        <Field label={t('override.supervisor')} value={d.employee_id ?? ''} onChange={(v) => setField('employee_id', v)} error={d.employee_id !== undefined ? (errs.supervisor_employee_id ?? null) : null} testId="override-employee" />
        <Field label={t('override.reason')} value={d.reason ?? ''} onChange={(v) => setField('reason', v)} error={d.reason !== undefined ? (errs.reason ?? null) : null} testId="override-reason" />
        {error ? <div className="error-text" role="alert" data-testid="override-error">{describeError(t, error)}</div> : null}
        <TouchButton onPress={p.onCancel}>{t('common.cancel')}</TouchButton>
      </div>
      <PinPad value={pin} onChange={setPin} onSubmit={submit} />
    </div>
  );
}
