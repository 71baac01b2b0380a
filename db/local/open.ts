// Opens the terminal's local SQLite store with the durability settings every acknowledgement
// relies on, then migrates it.
import Database from 'better-sqlite3';
import { migrateLocal, loadLocalMigrations } from './migrate';
import { reserveWal } from './wal-reserve';

export interface OpenLocalOptions {
  /** Stop at this schema version (tests of a single migration). */
  targetVersion?: number;
  readonly?: boolean;
}

export function openLocalStore(file: string, opts: OpenLocalOptions = {}): Database.Database {
  const db = new Database(file, { readonly: opts.readonly ?? false });
  try {
    // WAL: readers never block the single writer. synchronous=FULL: a commit is on disk before we
    // acknowledge, so an operator's confirmation survives a power cut, not just a process crash.
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 64 MB of page cache (SQLite's default is 2 MB): a store of 100,000 operations with their
    // queue is ~120 MB, and writes keyed by random UUIDs (a pulled page, the queue's indexes)
    // otherwise re-read most b-tree pages from the OS; the first pull applies ~30% faster.
    db.pragma('cache_size = -65536');
    if (!opts.readonly) {
      migrateLocal(db, loadLocalMigrations(), opts.targetVersion);
      reserveWal(db);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
