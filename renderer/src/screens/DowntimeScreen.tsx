// Downtime for the operator: one tap starts a stop on the cell, or on one of its machines
// (without a reason it is "unexplained"), the reason picker explains it, one tap ends it. The
// running stop's timer is display only; its duration is measured by the core.
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
  // The cell's machines (from the machine module), so a stop can be put on one of them.
  const machines = useQuery('machine.status', {}, ['machine']);
  const resources = (machines.data?.resources ?? []).filter((r) => r.cell_id === cellId);
  const [resourceId, setResourceId] = useState<string | undefined>(undefined);
  const start = async (resource: string | undefined) => {
    if (!cellId) return;
    await runCommand('downtime.start', { cell_id: cellId, ...(resource ? { resource_id: resource } : {}) }, { confirm: t('downtime.started'), onError: setError });
  };

  return (
    <main className="main col" data-testid="screen-downtime" aria-labelledby="dt-title">
      <h1 id="dt-title">{t('downtime.title')}</h1>
      {error ? (
        <div className="error-text" role="alert">
          {describeError(t, error)}
        </div>
      ) : null}
      {!open ? (
        <div className="col">
          {resources.length > 0 ? (
            <div className="row" role="group" aria-label={t('downtime.which')}>
              <strong>{t('downtime.which')}</strong>
              <TouchButton selected={resourceId === undefined} onPress={() => setResourceId(undefined)} testId="downtime-whole-cell">
                {t('downtime.whole_cell')}
              </TouchButton>
              {resources.map((r) => (
                <TouchButton key={r.resource_id} selected={resourceId === r.resource_id} onPress={() => setResourceId(r.resource_id)} testId={`downtime-resource-${r.name}`}>
                  {r.name}
                </TouchButton>
              ))}
            </div>
          ) : null}
          <TouchButton variant="danger" className="btn-tile" onPress={() => start(resourceId)} testId="downtime-start">
            ■ {t('downtime.start')}
          </TouchButton>
        </div>
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
          {/* Only an unexplained stop is explained here, in one tap; changing a given reason is a
              supervisor's correction with a why, on the Stops screen. */}
          {open.unexplained ? (
            <>
              <h2>{t('downtime.why')}</h2>
              <ReasonPicker
                cellId={cellId}
                selected={open.reason_id}
                onPick={(reasonId) => runCommand('downtime.categorise', { downtime_id: open.downtime_id, reason_id: reasonId }, { confirm: t('downtime.categorised'), onError: setError })}
              />
            </>
          ) : null}
        </div>
      )}
    </main>
  );
}
