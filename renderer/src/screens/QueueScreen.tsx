// The cell queue: in process, ready and upcoming, with due-date colour, who is clocked on and the
// cell's WIP state. Read from 'queue.list' and re-read whenever the core says the queue changed.
import type { CellQueue } from '../../../shared/contract/core-queries';
import { useT, type MessageKey } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { useNav } from '../stores/nav-store';
import { useUi } from '../stores/ui-store';
import { describeError } from '../forms/errors';
import { QueueList, type QueueItem } from './QueueList';
import { OeePanel } from '../status/OeePanel';

export const QUEUE_AREAS = ['queue', 'operations'] as const;

const WIP_KEYS: Record<CellQueue['wip']['state'], MessageKey> = {
  ok: 'wip.ok',
  warning: 'wip.warning',
  over: 'wip.over',
  none: 'wip.none',
};

export function flattenQueue(cell: CellQueue): QueueItem[] {
  const out: QueueItem[] = [];
  for (const section of ['in_process', 'ready', 'upcoming'] as const) {
    const s = cell.sections[section];
    out.push({ kind: 'header', section, count: s.count });
    for (const entry of s.entries) out.push({ kind: 'entry', entry });
  }
  return out;
}

export function QueueScreen() {
  const t = useT();
  const cellId = useUi((s) => s.cellId);
  const go = useNav((s) => s.go);
  const q = useQuery('queue.list', { cell_id: cellId ?? undefined, limit: 500 }, QUEUE_AREAS, cellId !== null);
  const cell = q.data?.cells.find((c) => c.cell_id === cellId) ?? q.data?.cells[0];
  return (
    <main className="main col" data-testid="screen-queue" aria-labelledby="queue-title" style={{ overflow: 'hidden' }}>
      <div className="row">
        <h1 id="queue-title" className="grow">
          {t('queue.title', { cell: cell?.cell_name ?? '' })}
        </h1>
        {cell ? <OeePanel cellId={cell.cell_id} /> : null}
        {cell ? (
          <span className={`chip wip-${cell.wip.state}`} data-testid="wip-state">
            {t(WIP_KEYS[cell.wip.state], { count: cell.wip.count, limit: cell.wip.limit ?? '—' })}
          </span>
        ) : null}
      </div>
      {q.error ? <div className="error-text" role="alert">{describeError(t, q.error)}</div> : null}
      {!cell && !q.error ? <p>{q.loading ? t('common.loading') : t('queue.empty')}</p> : null}
      {cell ? (
        <div className="grow" style={{ minHeight: 0 }}>
          <QueueList items={flattenQueue(cell)} onOpen={(id) => go({ name: 'operation', operationId: id })} />
        </div>
      ) : null}
    </main>
  );
}
