// Pause with a reason: big tiles for the usual reasons (recorded as stable codes from
// shared/domain/pause-reasons, labelled in the operator's language) or typed words (code 'other').
// The draft survives a lock or a refusal.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { PauseReasonCode } from '../../../shared/domain/pause-reasons';
import { useT, type MessageKey } from '../i18n/i18n';
import { useDraft } from '../stores/drafts-store';
import { TouchButton } from '../components/TouchButton';
import { Modal } from '../components/Modal';
import { Field } from '../components/Field';
import { describeError } from './errors';
import { runCommand } from './run-command';

/** The label of each code; 'other' is the typed-words field rather than a tile. */
export const PAUSE_REASON_LABELS: Record<PauseReasonCode, MessageKey> = {
  break: 'pause.break',
  material: 'pause.material',
  tooling: 'pause.tooling',
  quality: 'pause.quality',
  other_job: 'pause.other_job',
  end_of_shift: 'pause.end_of_shift',
  other: 'pause.other',
};
const TILE_CODES = PauseReasonCode.options.filter((c) => c !== 'other');

export function PauseDialog({ operationId, onClose }: { operationId: string; onClose(): void }) {
  const t = useT();
  const formId = `pause:${operationId}`;
  const [d, setField, clear] = useDraft(formId);
  const [error, setError] = useState<CommandError | null>(null);
  const code = PauseReasonCode.safeParse(d.reason_code);
  const words = (d.other ?? '').trim();
  const input = code.success ? { reason_code: code.data } : { reason_code: 'other' as const, reason: words };
  const ready = code.success || words.length > 0;
  const submit = async () => {
    const r = await runCommand('operation.pause', { operation_id: operationId, ...input }, { confirm: t('operation.paused'), onError: setError });
    if (r.ok) {
      clear();
      onClose();
    }
  };
  return (
    <Modal title={t('pause.title')} testId="dialog-pause">
      <div className="tiles">
        {TILE_CODES.map((c) => (
          <TouchButton key={c} variant="tile" selected={d.reason_code === c} onPress={() => setField('reason_code', d.reason_code === c ? '' : c)} testId={`pause-${c}`}>
            {t(PAUSE_REASON_LABELS[c])}
          </TouchButton>
        ))}
      </div>
      <Field label={t('pause.other')} value={d.other ?? ''} onChange={(v) => { setField('other', v); setField('reason_code', ''); }} testId="pause-other" error={error?.field === 'reason' ? error.message : null} />
      {error && error.field !== 'reason' ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
      <div className="row">
        <TouchButton variant="warning" onPress={submit} disabled={!ready} testId="pause-submit">
          ❚❚ {t('action.pause')}
        </TouchButton>
        <TouchButton onPress={onClose}>{t('common.cancel')}</TouchButton>
      </div>
    </Modal>
  );
}
