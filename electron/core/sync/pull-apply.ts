// Applies a pulled page to the local reference tables (db/local 001) and stores the new cursor, in
// ONE SQLite transaction: a crash leaves either the old cursor and old rows or the new ones.
// Central tables map to local ones by name (with a few renames); only columns the local table has
// are written, so a central that gains a column does not break an older terminal. A row whose id
// is still the entity of an unpushed outbox event is deferred, not applied, until that event is
// acknowledged: the pull never overwrites a local fact that the central has not seen yet.
import type Database from 'better-sqlite3';
import { createBulkQueue } from '../queue/bulk';
import { PENDING_OUTBOX_ROW } from './outbox-queue';
import { isPullRow, type PullRow } from './protocol';
import { getMeta, setMeta } from './sync-meta';

interface TableMap {
  local: string;
  rename?: Record<string, string>;
}

const TABLES: Record<string, TableMap> = {
  tenants: { local: 'tenants' },
  cells: { local: 'cells' },
  jobs: { local: 'jobs' },
  parts: { local: 'parts' },
  operations: { local: 'operations' },
  resources: { local: 'resources' },
  operation_resources: { local: 'operation_resources' },
  profiles: { local: 'profiles' },
  api_keys: { local: 'machine_keys' },
  oee_downtime_groups: { local: 'downtime_groups', rename: { sort: 'sort_order' } },
  oee_downtime_reasons: { local: 'downtime_reasons' },
  scrap_reasons: { local: 'scrap_reasons' },
  issue_categories: { local: 'issue_categories' },
  oee_station_custom_fields: { local: 'cell_custom_fields', rename: { min: 'min_value', max: 'max_value', sort: 'sort_order' } },
  mqtt_publishers: { local: 'mqtt_publishers' },
  oee_sites: { local: 'oee_sites' },
};

/** SQLite has no booleans, arrays or objects: 1/0 and JSON text. */
function toSqlite(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

export interface PullApplier {
  /** Applies one page and stores `cursor`; returns how many rows were written and deferred.
   *  With `after` (the cursor the page was asked for), a page that no longer follows the stored
   *  cursor (another pull got there first) is skipped whole: the cursor never moves backwards. */
  applyPage(rows: readonly unknown[], cursor: string, after?: string | null): { applied: number; deferred: number; tables: string[]; stale?: boolean };
  /** Applies deferred rows whose entity has no unpushed event any more. */
  applyDeferred(): number;
}

/** Pages at least this long maintain the queue set-based (030); shorter ones, such as an
 *  incremental pull, keep the per-row triggers, whose delete and re-insert of one part's rows
 *  touch the same few pages back to back, which is faster for a handful of rows. */
export const BULK_QUEUE_MIN_ROWS = 500;

export function createPullApplier(db: Database.Database, opts: { bulkQueueMinRows?: number } = {}): PullApplier {
  const bulkMin = opts.bulkQueueMinRows ?? BULK_QUEUE_MIN_ROWS;
  const columns = new Map<string, Set<string>>();
  const upserts = new Map<string, Database.Statement>();
  const tombstones = new Map<string, Database.Statement>();
  // The entities with an event still waiting to be pushed, read once per page.
  const pendingAll = db.prepare(`SELECT DISTINCT entity_id FROM outbox WHERE ${PENDING_OUTBOX_ROW} AND entity_id IS NOT NULL`).pluck();
  const defer = db.prepare(
    `INSERT INTO pull_deferred (tbl, id, version, deleted, row) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tbl, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, row = excluded.row`,
  );
  const deferredRows = db.prepare('SELECT tbl, id, version, deleted, row FROM pull_deferred');
  const undefer = db.prepare('DELETE FROM pull_deferred WHERE tbl = ? AND id = ?');
  // The cell queue of a long page is recomputed once for the rows it touched, not per row (030).
  const queue = createBulkQueue(db);

  function columnsOf(table: string): Set<string> {
    let c = columns.get(table);
    if (!c) {
      c = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((r) => r.name));
      columns.set(table, c);
    }
    return c;
  }

  function write(centralTable: string, version: number, deleted: boolean, row: Record<string, unknown>): string | null {
    const map = TABLES[centralTable];
    if (!map) return null; // a table this terminal does not keep
    const id = row.id;
    if (typeof id !== 'string') return null;
    if (deleted) {
      let st = tombstones.get(map.local);
      if (!st) {
        st = db.prepare(`UPDATE ${map.local} SET deleted_at = ?, version = ? WHERE id = ?`);
        tombstones.set(map.local, st);
      }
      st.run(toSqlite(row.deleted_at) ?? new Date().toISOString(), version, id);
      return map.local;
    }
    const have = columnsOf(map.local);
    const cols: string[] = [];
    const values: (string | number | null)[] = [];
    for (const k in row) {
      const col = map.rename?.[k] ?? k;
      if (have.has(col) && col !== 'version') {
        cols.push(col);
        values.push(toSqlite(row[k]));
      }
    }
    cols.push('version');
    values.push(version);
    // The central sends a table's rows with the same keys in the same order, so the statement
    // is prepared once per table and reused for the whole pull.
    const key = `${map.local}:${cols.join(',')}`;
    let st = upserts.get(key);
    if (!st) {
      const updates = cols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`);
      st = db.prepare(
        `INSERT INTO ${map.local} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`,
      );
      upserts.set(key, st);
    }
    st.run(values);
    return map.local;
  }

  const applyPage = db.transaction((rows: readonly unknown[], cursor: string, after: string | null | undefined) => {
    if (after !== undefined && getMeta(db, 'pull_cursor') !== after) return { applied: 0, deferred: 0, tables: [], stale: true };
    let applied = 0;
    let deferred = 0;
    const tables = new Set<string>();
    const busy = new Set(pendingAll.all() as string[]);
    const bulk = rows.length >= bulkMin;
    if (bulk) queue.begin();
    for (const raw of rows) {
      // A malformed row aborts the page (and its cursor) rather than being skipped silently.
      if (!isPullRow(raw)) throw new Error(`pull: a row of the page is not {t, v, x, d, r}: ${JSON.stringify(raw).slice(0, 200)}`);
      const r: PullRow = raw;
      const id = r.r.id;
      if (typeof id === 'string' && busy.has(id)) {
        defer.run(r.t, id, r.v, r.d ? 1 : 0, JSON.stringify(r.r));
        deferred++;
        continue;
      }
      const t = write(r.t, r.v, r.d, r.r);
      if (t) {
        tables.add(t);
        applied++;
      }
    }
    if (bulk) queue.finish();
    setMeta(db, 'pull_cursor', cursor);
    return { applied, deferred, tables: [...tables] };
  });

  const applyDeferred = db.transaction(() => {
    let n = 0;
    const busy = new Set(pendingAll.all() as string[]);
    for (const d of deferredRows.all() as { tbl: string; id: string; version: number; deleted: number; row: string }[]) {
      if (busy.has(d.id)) continue;
      write(d.tbl, d.version, d.deleted === 1, JSON.parse(d.row) as Record<string, unknown>);
      undefer.run(d.tbl, d.id);
      n++;
    }
    return n;
  });

  return { applyPage: (rows, cursor, after) => applyPage.immediate(rows, cursor, after), applyDeferred: () => applyDeferred.immediate() };
}
