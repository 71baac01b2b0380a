// The terminal's identity (device id, tenant, name, served cells) from the `meta` table, written by
// enrollment and sync. Every command and most queries need it, and it changes only when the
// terminal is enrolled or rebound, so it is read once and cached per connection. The cache is
// dropped by a TEMP trigger on `meta` for writes through this connection (whichever code path
// makes them, tests included) and by PRAGMA data_version for commits by any other connection, so a
// stale identity is never served.
import type Database from 'better-sqlite3';
import { sql } from './store/statements';

export interface TerminalIdentity {
  readonly deviceId: string | null;
  readonly tenantId: string | null;
  readonly name: string | null;
  readonly cellIds: readonly string[];
}

interface Watch {
  /** PRAGMA data_version: changes when another connection commits. */
  version: Database.Statement;
  cached: { identity: TerminalIdentity; dataVersion: number } | null;
  /** meta was written inside a transaction still open: what it reads may yet be rolled back, so
   *  nothing read then is cached (there is no rollback hook to drop it afterwards). */
  writtenInOpenTx: boolean;
}

const READ = "SELECT key, value FROM meta WHERE key IN ('device_id', 'tenant_id', 'terminal_name', 'cell_ids')";

const watches = new WeakMap<Database.Database, Watch | false>();

function readIdentity(db: Database.Database): TerminalIdentity {
  const rows = sql(db, READ).all() as { key: string; value: string }[];
  const m = new Map(rows.map((r) => [r.key, r.value]));
  let cellIds: string[] = [];
  try {
    const parsed: unknown = JSON.parse(m.get('cell_ids') ?? '[]');
    if (Array.isArray(parsed)) cellIds = parsed.filter((c): c is string => typeof c === 'string');
  } catch {
    cellIds = [];
  }
  // Frozen: the one cached object is shared by every caller.
  return Object.freeze({ deviceId: m.get('device_id') ?? null, tenantId: m.get('tenant_id') ?? null, name: m.get('terminal_name') ?? null, cellIds: Object.freeze(cellIds) });
}

function watch(db: Database.Database): Watch | false {
  let w = watches.get(db);
  if (w !== undefined) return w;
  try {
    const entry: Watch = { version: db.prepare('PRAGMA data_version').pluck(), cached: null, writtenInOpenTx: false };
    db.function('shopfloor_meta_changed', { deterministic: false }, () => {
      entry.cached = null;
      if (db.inTransaction) entry.writtenInOpenTx = true;
      return null;
    });
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS shopfloor_meta_${op.toLowerCase()} AFTER ${op} ON main.meta BEGIN SELECT shopfloor_meta_changed(); END`);
    }
    w = entry;
  } catch {
    // A connection that cannot hold the temp triggers (read-only) reads meta every time instead.
    w = false;
  }
  watches.set(db, w);
  return w;
}

export function terminalIdentity(db: Database.Database): TerminalIdentity {
  const w = watch(db);
  if (!w) return readIdentity(db);
  if (!db.inTransaction) w.writtenInOpenTx = false;
  if (w.writtenInOpenTx) return readIdentity(db);
  const dataVersion = w.version.get() as number;
  if (w.cached && w.cached.dataVersion === dataVersion) return w.cached.identity;
  const identity = readIdentity(db);
  w.cached = { identity, dataVersion };
  return identity;
}
