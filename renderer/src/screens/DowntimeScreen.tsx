// Downtime for the operator: one tap starts a stop (without a reason it is "unexplained"), the
// reason picker explains it, one tap ends it. The running stop's timer is display only; its
// duration is measured by the core.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { useT } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { useUi } from '../stores/ui-store';
import { useNow } from '../components/useNow';
import { TouchButton } from '../components/TouchButton';
import { formatDuration } from '../components/format';
import { describeError } from '../forms/errors';
import { runCommand } from '../forms/run-command';
import { ReasonPicker } from './ReasonPicker';

export const DOWNTIME_AREAS = ['downtime'] as const;

export function DowntimeScreen() {
  const t = useT();
  const now = useNow();
  const cellId = useUi((s) => s.cellId);
  const q = useQuery('downtime.list', { cell_id: cellId ?? undefined, open_only: true }, DOWNTIME_AREAS, cellId !== null);
  const [error, setError] = useState<CommandError | null>(null);
  const open = q.data?.stops[0] ?? null;

  return (
    <main className="main col" data-testid="screen-downtime" aria-labelledby="dt-title">
      <h1 id="dt-title">{t('downtime.title')}</h1>
      {error ? (
        <div className="error-text" role="alert">
          {describeError(t, error)}
        </div>
      ) : null}
      {!open ? (
        <TouchButton variant="danger" className="btn-tile" onPress={async () => { if (cellId) await runCommand('downtime.start', { cell_id: cellId }, { confirm: t('downtime.started'), onError: setError }); }} testId="downtime-start">
          ■ {t('downtime.start')}
        </TouchButton>
      ) : (
        <div className="col">
          <div className="panel row" data-testid="downtime-open">
            <span className="big" data-testid="downtime-timer">
              {formatDuration((now - Date.parse(open.started_at)) / 1000)}
            </span>
            <span className="grow figure" data-testid="downtime-reason">
              {open.unexplained ? t('downtime.unexplained') : open.reason_name}
            </span>
            <TouchButton variant="primary" onPress={() => runCommand('downtime.end', { downtime_id: open.downtime_id }, { confirm: t('downtime.ended'), onError: setError })} testId="downtime-end">
              ▶ {t('downtime.end')}
            </TouchButton>
          </div>
          <h2>{t('downtime.why')}</h2>
          <ReasonPicker
            cellId={cellId}
            selected={open.reason_id}
            onPick={(reasonId) => runCommand('downtime.categorise', { downtime_id: open.downtime_id, reason_id: reasonId }, { confirm: t('downtime.categorised'), onError: setError })}
          />
        </div>
      )}
    </main>
  );
}
