// The cell queue as one virtualised list (section headers + rows): only the rows on screen are in
// the DOM, so a queue of thousands of operations renders as fast as a queue of ten.
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { QueueEntry, QueueSection } from '../../../shared/contract/core-queries';
import { useLocale, useT, type MessageKey } from '../i18n/i18n';
import { formatDate, formatDuration } from '../components/format';

export type QueueItem = { kind: 'header'; section: QueueSection; count: number } | { kind: 'entry'; entry: QueueEntry };

const SECTION_KEYS: Record<QueueSection, MessageKey> = {
  in_process: 'queue.in_process',
  ready: 'queue.ready',
  upcoming: 'queue.upcoming',
};

const DUE_KEYS: Record<QueueEntry['due_state'], MessageKey> = {
  overdue: 'due.overdue',
  due_soon: 'due.due_soon',
  on_time: 'due.on_time',
  none: 'due.none',
};

export function QueueRow({ entry, onOpen }: { entry: QueueEntry; onOpen(id: string): void }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const names = entry.clocked_on.map((c) => c.full_name ?? '?').join(', ');
  return (
    <button type="button" className="queue-row" data-testid={`queue-row-${entry.operation_id}`} onClick={() => onOpen(entry.operation_id)}>
      <span className={`due-bar due-${entry.due_state}`} aria-hidden="true" />
      <span className="col" style={{ gap: 2 }}>
        <strong>
          {entry.job_number} · {entry.part_number}
        </strong>
        <span>
          {entry.sequence}. {entry.operation_name}
          {entry.is_bullet_card ? <span className="chip"> {t('queue.rush')}</span> : null}
        </span>
        {entry.material ? <span className="muted" data-testid="queue-row-material">{entry.material}</span> : null}
      </span>
      <span className="col" style={{ gap: 2 }}>
        <span className={`due-label-${entry.due_state}`}>{t(DUE_KEYS[entry.due_state])}</span>
        <span>{entry.due_date ? formatDate(entry.due_date, locale) : '—'}</span>
      </span>
      <span className="col" style={{ gap: 2 }}>
        <span className="figure">
          {entry.produced}/{entry.quantity}
        </span>
        {/* Booked against planned time, so a late-running operation is visible from the queue. */}
        <span data-testid="queue-row-time">
          {formatDuration(entry.actual_seconds)}
          {entry.estimated_hours !== null ? ` / ${formatDuration(entry.estimated_hours * 3600)}` : ''}
        </span>
      </span>
      <span>{names}</span>
    </button>
  );
}

export function QueueList({ items, onOpen }: { items: QueueItem[]; onOpen(id: string): void }) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (items[i]?.kind === 'header' ? 64 : 112),
    overscan: 6,
  });
  return (
    <div ref={scroller} className="queue-scroll" style={{ overflow: 'auto', height: '100%', minHeight: 0 }} data-testid="queue-list">
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((vi) => {
          const item = items[vi.index]!;
          return (
            <div key={vi.key} data-index={vi.index} ref={v.measureElement} style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${vi.start}px)`, paddingBottom: 8 }}>
              {item.kind === 'header' ? (
                <h2 className="section-title" data-testid={`queue-section-${item.section}`}>
                  {t(SECTION_KEYS[item.section])} ({item.count})
                </h2>
              ) : (
                <QueueRow entry={item.entry} onOpen={onOpen} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
