// The machine's unexplained-stop prompt: when the count watcher has opened a stop on one of this
// terminal's cells that is long enough to matter (the machine module leaves micro-stops out), a
// banner asks why, and one tap opens the reason tiles. Fed by 'machine.unexplained_stops'.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { useT } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { useUi } from '../stores/ui-store';
import { TouchButton } from '../components/TouchButton';
import { Modal } from '../components/Modal';
import { formatDuration } from '../components/format';
import { describeError } from '../forms/errors';
import { runCommand } from '../forms/run-command';
import { ReasonPicker } from '../screens/ReasonPicker';

export function UnexplainedStopPrompt() {
  const t = useT();
  const cellId = useUi((s) => s.cellId);
  const q = useQuery('machine.unexplained_stops', {}, ['machine', 'downtime']);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const stops = (q.data?.stops ?? []).filter((s) => !cellId || s.cell_id === cellId);
  const first = stops[0];
  const current = stops.find((s) => s.downtime_id === open) ?? null;
  if (!first && !current) return null;
  return (
    <>
      {first ? (
        <div className="banner banner-danger row" role="alert" data-testid="unexplained-prompt">
          <span className="grow">{t('machine.stopped', { machine: first.resource_name ?? '—', time: formatDuration(first.open_for_s) })}</span>
          <TouchButton variant="secondary" onPress={() => setOpen(first.downtime_id)} testId="unexplained-why">
            {t('machine.why')}
          </TouchButton>
        </div>
      ) : null}
      {current ? (
        <Modal title={t('machine.why_title', { machine: current.resource_name ?? '—' })} testId="dialog-unexplained">
          <ReasonPicker
            cellId={current.cell_id}
            onPick={async (reasonId) => {
              const r = await runCommand('downtime.categorise', { downtime_id: current.downtime_id, reason_id: reasonId }, { confirm: t('downtime.categorised'), onError: setError, areas: ['downtime', 'machine'] });
              if (r.ok) setOpen(null);
            }}
          />
          {error ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
          <TouchButton onPress={() => setOpen(null)}>{t('common.close')}</TouchButton>
        </Modal>
      ) : null}
    </>
  );
}
