// Set-based queue maintenance for a pulled page (db/local/migrations/030). While a page is applied
// the per-row queue triggers on operations, parts and jobs only note the dirty parts and jobs;
// finish() then recomputes exactly those rows from queue_source, the same view the
// per-row triggers read, so the queue ends as they would have left it, with one statement per
// step instead of several per pulled row. begin() and finish() must run inside the caller's
// transaction: the suspension is a row that commits or rolls back with the page itself.
import type Database from 'better-sqlite3';

export interface BulkQueue {
  /** Suspends the per-row queue triggers on operations, parts and jobs for this transaction. */
  begin(): void;
  /** Recomputes the queue rows noted since begin() and re-arms the per-row triggers. */
  finish(): void;
}

export function createBulkQueue(db: Database.Database): BulkQueue {
  const on = db.prepare('INSERT INTO queue_bulk (on_page) VALUES (1)');
  const steps = [
    // The same deletes the per-row triggers make (by part and by job; see 030 for why not by
    // operation id), then one recompute of every dirty part and job.
    db.prepare("DELETE FROM queue_entries WHERE part_id IN (SELECT id FROM queue_dirty WHERE kind = 'part')"),
    db.prepare("DELETE FROM queue_entries WHERE job_id IN (SELECT id FROM queue_dirty WHERE kind = 'job')"),
    // UNION (not UNION ALL): an operation whose part and job are both dirty is computed twice,
    // as the same row, and kept once.
    db.prepare(
      `INSERT INTO queue_entries
         SELECT * FROM queue_source WHERE part_id IN (SELECT id FROM queue_dirty WHERE kind = 'part')
         UNION
         SELECT * FROM queue_source WHERE job_id IN (SELECT id FROM queue_dirty WHERE kind = 'job')`,
    ),
    db.prepare('DELETE FROM queue_dirty'),
    db.prepare('DELETE FROM queue_bulk'),
  ];
  return {
    begin() {
      if (!db.inTransaction) throw new Error('queue bulk mode must run inside the page transaction');
      on.run();
    },
    finish() {
      for (const st of steps) st.run();
    },
  };
}
