// The sync side of the outbox: reads the next batch in device_seq order, records the central's
// verdicts, dead-letters with a reason, and reports queue depth. Every write here is one small
// SQLite transaction; nothing is ever deleted (DESIGN section 4).
// Unsent rows are found from the settled-through mark (local migration 034), not from an index, so
// that an operator's command writes one page fewer. The mark is a starting point only: every read
// still tests sent_at, and the mark moves in the same transaction as the verdicts that justify it.
import type Database from 'better-sqlite3';
import type { DeadLetter } from '../../../shared/contract/sync-api';
import type { OutboxRow } from '../store/outbox';
import type { PushEntry, PushResult } from './protocol';

export interface QueueLimits {
  maxEvents: number;
  maxBytes: number;
}

export const DEFAULT_LIMITS: QueueLimits = { maxEvents: 500, maxBytes: 256 * 1024 };

/** An outbox row as the push reads it: the envelope columns plus its dead-letter state. */
type UnsentRow = OutboxRow & { dead_reason: string | null; dead_at: string | null };

export interface QueueCounts {
  pending: number;
  oldestPendingAt: string | null;
  dead: number;
}

/** An outbox row still waiting to be pushed, read from the settled-through mark (local migrations
 *  034, 037): only the rows above it can be pending, so no reader scans the outbox's whole history.
 *  Unqualified, so it reads the outbox wherever it is the innermost table. */
export const PENDING_OUTBOX_ROW = 'device_seq > (SELECT through FROM outbox_settled) AND sent_at IS NULL AND dead_at IS NULL';

export function createOutboxQueue(db: Database.Database) {
  const unsent = db.prepare(
    `SELECT device_seq, event_id, type, schema_version, payload, occurred_at, mono_ms, boot_id, actor_id, dead_reason, dead_at
       FROM outbox WHERE device_seq > max(?, (SELECT through FROM outbox_settled)) AND sent_at IS NULL
      ORDER BY device_seq LIMIT ?`,
  );
  // Past the mark, the first row still unsent (rows the central just answered are skipped over);
  // when there is none, everything written so far has been answered.
  const advanceMark = db.prepare(
    `UPDATE outbox_settled SET through = coalesce(
       (SELECT device_seq - 1 FROM outbox WHERE device_seq > outbox_settled.through AND sent_at IS NULL ORDER BY device_seq LIMIT 1),
       (SELECT max(device_seq) FROM outbox),
       through)`,
  );
  const lowerMark = db.prepare('UPDATE outbox_settled SET through = min(through, ?)');
  // By device_seq (the rowid): the central answers with both, and event_id must match as well.
  const markSent = db.prepare('UPDATE outbox SET sent_at = ?, last_error = NULL WHERE device_seq = ? AND event_id = ? AND sent_at IS NULL');
  const markRangeSent = db.prepare('UPDATE outbox SET sent_at = ?, last_error = NULL WHERE device_seq BETWEEN ? AND ? AND sent_at IS NULL');
  const markRejected = db.prepare(
    'UPDATE outbox SET sent_at = ?, dead_at = coalesce(dead_at, ?), dead_reason = coalesce(dead_reason, ?) WHERE device_seq = ? AND event_id = ?',
  );
  const markDead = db.prepare('UPDATE outbox SET dead_at = ?, dead_reason = ? WHERE device_seq = ? AND dead_at IS NULL');
  const noteError = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE device_seq = ?');
  const unsendFrom = db.prepare('UPDATE outbox SET sent_at = NULL WHERE device_seq >= ? AND sent_at IS NOT NULL');
  // The pending count without an index (local migration 037): sequence numbers are gapless, rows at
  // or below `through` are answered and rows above `marked_through` were never marked, so those are
  // counted by subtraction and only the rows between the two marks (none, or a few while a batch's
  // answers are being recorded) are read.
  // The oldest pending event is the first one committed that is still waiting, so a clock set back
  // on the terminal cannot make a newer event look older than the one that really is waiting longest.
  const countsSql =
    `SELECT (SELECT count(*) FROM outbox WHERE device_seq > s.through AND device_seq <= s.marked_through AND sent_at IS NULL AND dead_at IS NULL)
              + max(0, coalesce((SELECT max(device_seq) FROM outbox), 0) - max(s.through, s.marked_through)) AS pending,
            (SELECT occurred_at FROM outbox WHERE ${PENDING_OUTBOX_ROW} ORDER BY device_seq LIMIT 1) AS oldest,
            (SELECT count(*) FROM outbox WHERE dead_at IS NOT NULL) AS dead
       FROM outbox_settled s`;
  // Prepared when first asked for, so the push's own reads also work on a store between 034 and 037
  // (the migration tests read batches at those versions).
  let counts: Database.Statement | null = null;
  const deadList = db.prepare(
    'SELECT device_seq, event_id, type, occurred_at, dead_at, dead_reason AS reason FROM outbox WHERE dead_at IS NOT NULL ORDER BY device_seq DESC LIMIT ?',
  );

  return {
    /** The next batch in device_seq order, cut at `maxEvents` or `maxBytes` (at least one event).
     *  `after`: start past this device_seq (a batch the central answered but not recorded yet). */
    nextBatch(limits: QueueLimits = DEFAULT_LIMITS, after = 0): PushEntry[] {
      const rows = unsent.all(after, limits.maxEvents) as UnsentRow[];
      const batch: PushEntry[] = [];
      let bytes = 0;
      for (const r of rows) {
        const size = r.payload.length + 300;
        if (batch.length > 0 && bytes + size > limits.maxBytes) break;
        bytes += size;
        if (r.dead_at) {
          batch.push({ event_id: r.event_id, device_seq: r.device_seq, skip: r.dead_reason ?? 'dead-lettered on the terminal' });
        } else {
          batch.push({
            event_id: r.event_id,
            device_seq: r.device_seq,
            type: r.type,
            schema_version: r.schema_version,
            occurred_at: r.occurred_at,
            mono_ms: r.mono_ms,
            boot_id: r.boot_id,
            actor_id: r.actor_id,
            payload_json: r.payload, // sent as stored: see PushEntry.payload_json
          });
        }
      }
      return batch;
    },

    /** Records the central's per-event verdicts in one transaction. */
    applyResults: db.transaction((results: PushResult[], nowIso: string) => {
      const seqs = results.map((r) => r.device_seq);
      const lo = Math.min(...seqs);
      const hi = Math.max(...seqs);
      // A batch is consecutive in device_seq and the central answers for every entry: the
      // refusals are recorded one by one, then the rest of the range is acknowledged in one go.
      const wholeRange = results.length > 0 && hi - lo + 1 === results.length;
      for (const r of results) {
        if (r.status === 'rejected') markRejected.run(nowIso, nowIso, r.reason ?? 'rejected by the central', r.device_seq, r.event_id);
        else if (!wholeRange) markSent.run(nowIso, r.device_seq, r.event_id);
      }
      if (wholeRange) markRangeSent.run(nowIso, lo, hi);
      advanceMark.run();
    }),

    /** Dead-letters one event the central refused as malformed; it is then sent as a skip. */
    deadLetter(deviceSeq: number, reason: string, nowIso: string): void {
      markDead.run(nowIso, reason, deviceSeq);
    },

    noteError: db.transaction((seqs: number[], error: string, nextAttemptIso: string) => {
      for (const s of seqs) noteError.run(error, nextAttemptIso, s);
    }),

    /** The central lost events we thought sent (restored from a backup): send them again. */
    resendFrom: db.transaction((deviceSeq: number): number => {
      lowerMark.run(Math.max(0, deviceSeq - 1));
      return unsendFrom.run(deviceSeq).changes;
    }),

    counts(): QueueCounts {
      counts ??= db.prepare(countsSql);
      const r = counts.get() as { pending: number; oldest: string | null; dead: number };
      return { pending: r.pending, oldestPendingAt: r.oldest, dead: r.dead };
    },

    deadLetters(limit: number): DeadLetter[] {
      return deadList.all(limit) as DeadLetter[];
    },
  };
}

export type OutboxQueue = ReturnType<typeof createOutboxQueue>;
