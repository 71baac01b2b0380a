// Throttled WAL checkpoints (as Signal Desktop does). With SQLite's default, the commit that
// crosses 1,000 WAL pages also copies the WAL back into the database file and fsyncs it, so one
// operator tap in a few hundred pays for everyone's writes. Here checkpoints run from a timer
// between commands instead, and the automatic one is only a far backstop for a burst that never
// lets the timer run. Durability does not depend on checkpoints: with synchronous=FULL every commit
// is already on disk in the WAL, and a crash replays it.
// The timer checkpoints only once the log holds CHECKPOINT_FRAMES frames, not on every tick: after a
// checkpoint has copied the whole log, the next commit starts the log over, and with
// synchronous=FULL SQLite fsyncs the new log header before that commit's own fsync. Checkpointing
// every half second made nearly every tap (taps are seconds apart) pay two fsyncs instead of one;
// now one tap in a few hundred does. The threshold stays well inside the reserved log file
// (db/local/wal-reserve.ts), so commits keep overwriting blocks the file already has.
// How full the log is comes from the wal-index header in the -shm file (SQLite's documented file
// format: mxFrame at byte 16, nBackfill at byte 96, native byte order). Reading it takes no lock; a
// torn read only moves one checkpoint by a tick. Without a readable -shm it checkpoints every tick.
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import type Database from 'better-sqlite3';

/** WAL pages before SQLite checkpoints inside a commit anyway (about 40 MB with 4 KB pages). */
export const BACKSTOP_PAGES = 10_000;
/** Frames not yet copied into the database file before the timer checkpoints (8 MB of 4 KB pages,
 *  half the reserved log): a few hundred commands. */
export const CHECKPOINT_FRAMES = 2_000;

export interface CheckpointerOptions {
  intervalMs?: number;
  frames?: number;
}

/** Frames in the log not yet copied into the database file, or null when that cannot be read. */
export function walFramesPending(shmFd: number): number | null {
  const buf = Buffer.alloc(4);
  try {
    if (readSync(shmFd, buf, 0, 4, 16) !== 4) return null;
    const mxFrame = buf.readUInt32LE(0);
    if (readSync(shmFd, buf, 0, 4, 96) !== 4) return null;
    return Math.max(0, mxFrame - buf.readUInt32LE(0));
  } catch {
    return null;
  }
}

export function startCheckpointer(db: Database.Database, opts: CheckpointerOptions = {}): () => void {
  if (db.readonly || db.memory) return () => undefined;
  const frames = opts.frames ?? CHECKPOINT_FRAMES;
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  // Little-endian hosts only (x64, arm64: every kiosk); elsewhere the fallback checkpoints each tick.
  let shmFd: number | null = null;
  if (frames > 0 && endianness() === 'LE') {
    try {
      shmFd = openSync(`${db.name}-shm`, 'r');
    } catch {
      shmFd = null; // no shared-memory file (not WAL, or exclusive locking): checkpoint by time
    }
  }
  const timer = setInterval(() => {
    try {
      if (!db.open) return;
      const pending = shmFd === null ? null : walFramesPending(shmFd);
      if (pending !== null && pending < frames) return;
      // PASSIVE never waits for readers and never blocks a writer for long.
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A busy database simply checkpoints on the next tick; nothing is lost by skipping one.
    }
  }, opts.intervalMs ?? 500);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (shmFd !== null) closeSync(shmFd);
    shmFd = null;
  };
}
