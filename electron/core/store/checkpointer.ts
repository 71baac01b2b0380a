// Throttled WAL checkpoints (as Signal Desktop does). With SQLite's default, the commit that
// crosses 1,000 WAL pages also copies the WAL back into the database file and fsyncs it, so one
// operator tap in a few hundred pays for everyone's writes. Here checkpoints run from a timer
// between commands instead, and the automatic one is only a far backstop for a burst that never
// lets the timer run. Durability does not depend on checkpoints: with synchronous=FULL every commit
// is already on disk in the WAL, and a crash replays it.
// Every half second, so that the log rewinds to its start before it outgrows the reserved file
// (db/local/wal-reserve.ts): commits then overwrite blocks the file already has, the cheap fsync.
// A tick with nothing to copy costs a few microseconds.
import type Database from 'better-sqlite3';

/** WAL pages before SQLite checkpoints inside a commit anyway (about 40 MB with 4 KB pages). */
export const BACKSTOP_PAGES = 10_000;

export function startCheckpointer(db: Database.Database, intervalMs = 500): () => void {
  if (db.readonly || db.memory) return () => undefined;
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const timer = setInterval(() => {
    try {
      // PASSIVE never waits for readers and never blocks a writer for long.
      if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A busy database simply checkpoints on the next tick; nothing is lost by skipping one.
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
