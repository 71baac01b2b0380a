// Pause with a reason: big tiles for the usual reasons (recorded in English so central reports
// read the same from every terminal) or a typed one. The draft survives a lock or a refusal.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { translate, useT, type MessageKey } from '../i18n/i18n';
import { useDraft } from '../stores/drafts-store';
import { TouchButton } from '../components/TouchButton';
import { Modal } from '../components/Modal';
import { Field } from '../components/Field';
import { describeError } from './errors';
import { runCommand } from './run-command';

export const PAUSE_REASONS: MessageKey[] = ['pause.break', 'pause.material', 'pause.tooling', 'pause.quality', 'pause.other_job', 'pause.end_of_shift'];

export function PauseDialog({ operationId, onClose }: { operationId: string; onClose(): void }) {
  const t = useT();
  const formId = `pause:${operationId}`;
  const [d, setField, clear] = useDraft(formId);
  const [error, setError] = useState<CommandError | null>(null);
  const reason = d.reason_key ? translate('en', d.reason_key as MessageKey) : (d.other ?? '').trim();
  const submit = async () => {
    const r = await runCommand('operation.pause', { operation_id: operationId, reason }, { confirm: t('operation.paused'), onError: setError });
    if (r.ok) {
      clear();
      onClose();
    }
  };
  return (
    <Modal title={t('pause.title')} testId="dialog-pause">
      <div className="tiles">
        {PAUSE_REASONS.map((k) => (
          <TouchButton key={k} variant="tile" selected={d.reason_key === k} onPress={() => setField('reason_key', d.reason_key === k ? '' : k)} testId={`pause-${k}`}>
            {t(k)}
          </TouchButton>
        ))}
      </div>
      <Field label={t('pause.other')} value={d.other ?? ''} onChange={(v) => { setField('other', v); setField('reason_key', ''); }} testId="pause-other" error={error?.field === 'reason' ? error.message : null} />
      {error && error.field !== 'reason' ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
      <div className="row">
        <TouchButton variant="warning" onPress={submit} disabled={!reason} testId="pause-submit">
          ❚❚ {t('action.pause')}
        </TouchButton>
        <TouchButton onPress={onClose}>{t('common.cancel')}</TouchButton>
      </div>
    </Modal>
  );
}
