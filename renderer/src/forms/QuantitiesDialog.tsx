// Report quantities, or complete with final quantities and the cell's complete-phase fields. Both
// validate as typed; the draft is cleared only after the core's Result says ok.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { QuantityInput } from '../../../shared/contract/core-commands';
import { useT } from '../i18n/i18n';
import { useDraft } from '../stores/drafts-store';
import { TouchButton } from '../components/TouchButton';
import { Modal } from '../components/Modal';
import { runCommand } from './run-command';
import { QuantitiesForm, quantitiesFromDraft, quantityErrors } from './QuantitiesForm';
import { CustomFieldsForm, customErrors, customValues, useCustomFields } from './CustomFieldsForm';

export function QuantitiesDialog({ operationId, cellId, mode, onClose }: { operationId: string; cellId: string; mode: 'report' | 'complete'; onClose(): void }) {
  const t = useT();
  const formId = `${mode}:${operationId}`;
  const [d, , clear] = useDraft(formId);
  const [error, setError] = useState<CommandError | null>(null);
  const [tried, setTried] = useState(false);
  const completeFields = useCustomFields(mode === 'complete' ? cellId : undefined, 'complete');
  const cfErrors = customErrors(t, completeFields.fields, d);
  const errs = quantityErrors(t, d);
  const empty = !d.good && !d.scrap && !d.rework;
  const submit = async () => {
    const parsed = QuantityInput.safeParse(quantitiesFromDraft(d));
    if (mode === 'report') {
      if (!parsed.success || Object.keys(errs).length > 0) return;
      const r = await runCommand('quantity.report', { operation_id: operationId, ...parsed.data }, { confirm: t('quantities.reported'), onError: setError });
      if (r.ok) {
        clear();
        onClose();
      }
      return;
    }
    setTried(true);
    if (!empty && (!parsed.success || Object.keys(errs).length > 0)) return;
    if (Object.keys(cfErrors).length > 0) return;
    const r = await runCommand('operation.complete', { operation_id: operationId, quantities: empty || !parsed.success ? undefined : parsed.data, custom_fields: customValues(completeFields.fields, d) }, { confirm: t('operation.completed'), onError: setError });
    if (r.ok) {
      clear();
      onClose();
    }
  };
  return (
    <Modal title={t(mode === 'report' ? 'quantities.title' : 'complete.title')} testId={`dialog-${mode}`}>
      {mode === 'complete' ? <p>{t('complete.hint')}</p> : null}
      <QuantitiesForm formId={formId} serverError={error} />
      {mode === 'complete' ? <CustomFieldsForm formId={formId} defs={completeFields.fields} showErrors={tried} serverField={error?.field ?? null} serverMessage={error?.message ?? null} /> : null}
      <div className="row">
        <TouchButton variant="primary" onPress={submit} disabled={mode === 'report' && (empty || Object.keys(errs).length > 0)} testId={`${mode}-submit`}>
          {t(mode === 'report' ? 'quantities.submit' : 'action.complete')}
        </TouchButton>
        <TouchButton onPress={onClose}>{t('common.cancel')}</TouchButton>
      </div>
    </Modal>
  );
}
