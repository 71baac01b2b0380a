// Why a supervisor changes a record (a stop's reason, a split, a swept timer's time): kept with
// the change event, and required by the core, which names the field 'why' when it is missing.
import type { CommandError } from '../../../shared/contract';
import { useT } from '../i18n/i18n';
import { Field } from './Field';

export function WhyField(p: { value: string | undefined; onChange(v: string): void; error: CommandError | null; testId: string }) {
  const t = useT();
  return <Field label={t('common.why')} value={p.value ?? ''} onChange={p.onChange} error={p.error?.field === 'why' ? p.error.message : null} testId={p.testId} />;
}
