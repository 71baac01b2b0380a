// The engine's pull over many pages (the next page is asked for while the current one is
// applied) against one long page: the same local rows, queue and cursor. Long pages maintain the
// queue set-based (local 030), short ones per row, so this also checks both paths agree through
// the real central. And a page that no longer follows the stored cursor is never applied.
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSyncEngine } from '../../electron/core/sync/engine';
import { createPullApplier } from '../../electron/core/sync/pull-apply';
import { getMeta } from '../../electron/core/sync/sync-meta';
import { useSyncCentral } from './support/sync-central';

const srv = useSyncCentral('Pages', 2);

function local(db: Database.Database) {
  return Object.fromEntries(
    ['operations', 'parts', 'jobs', 'queue_entries'].map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${t === 'queue_entries' ? 'operation_id' : 'id'}`).all()]),
  );
}

describe('pull pages', () => {
  it('many short pages (prefetched, per-row queue) give the same store as one long page (set-based queue)', async () => {
    const { pool } = srv.db;
    const t = srv.tenant;
    // 60 jobs × 2 parts × 5 operations in the terminal's cell, some done, some dated, some bullet.
    await pool.query("INSERT INTO jobs (tenant_id, job_number, due_date) SELECT $1, 'PJ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE now() + make_interval(days => g % 9) END FROM generate_series(1, 60) g", [t.tenantId]);
    await pool.query("INSERT INTO parts (tenant_id, job_id, part_number, quantity, is_bullet_card) SELECT $1, j.id, j.job_number || '-' || g, 5, j.job_number LIKE '%7' FROM jobs j CROSS JOIN generate_series(1, 2) g WHERE j.tenant_id = $1 AND j.job_number LIKE 'PJ%'", [t.tenantId]);
    await pool.query("INSERT INTO operations (tenant_id, part_id, cell_id, operation_name, sequence, status) SELECT $1, p.id, $2, 'Op ' || g, g, CASE WHEN g = 1 AND p.part_number LIKE '%-1' THEN 'completed' ELSE 'not_started' END::task_status FROM parts p CROSS JOIN generate_series(1, 5) g WHERE p.tenant_id = $1 AND p.part_number LIKE 'PJ%'", [t.tenantId, t.cellIds[0]]);
    // Later changes interleave with the first ones: a job re-dated, an operation completed, a part deleted.
    await pool.query("UPDATE jobs SET due_date_override = now() WHERE tenant_id = $1 AND job_number = 'PJ5'", [t.tenantId]);
    await pool.query("UPDATE operations SET status = 'completed' WHERE id = (SELECT o.id FROM operations o JOIN parts p ON p.id = o.part_id WHERE p.part_number = 'PJ4-2' AND o.sequence = 1)");
    await pool.query("UPDATE parts SET deleted_at = now() WHERE tenant_id = $1 AND part_number = 'PJ8-1'", [t.tenantId]);

    const long = await srv.newTerminal();
    const short = await srv.newTerminal();
    const seen: number[] = [];
    await createSyncEngine({ db: long.db, clock: long.clock, appVersion: 'test', pullLimit: 5000 }).syncNow();
    await createSyncEngine({ db: short.db, clock: short.clock, appVersion: 'test', pullLimit: 7, onDataChanged: () => seen.push(1) }).syncNow();

    expect(seen.length).toBeGreaterThan(80); // ~800 rows in pages of 7
    const a = local(long.db);
    expect((a.operations as unknown[]).length).toBeGreaterThanOrEqual(600);
    expect((a.queue_entries as unknown[]).length).toBeGreaterThan(500);
    expect(local(short.db)).toEqual(a);
    expect(getMeta(short.db, 'pull_cursor')).toBe(getMeta(long.db, 'pull_cursor'));
    expect(long.db.prepare('SELECT * FROM queue_entries ORDER BY operation_id').all()).toEqual(long.db.prepare('SELECT * FROM queue_source ORDER BY operation_id').all());
  });

  it('a page asked for after a cursor that is no longer the stored one is dropped whole', async () => {
    const term = await srv.newTerminal();
    const applier = createPullApplier(term.db);
    applier.applyPage([], '5:10');
    const op = { id: srv.tenant.operationIds[0], tenant_id: srv.tenant.tenantId, part_id: srv.tenant.partId, cell_id: srv.tenant.cellIds[0], operation_name: 'Stale', sequence: 1, status: 'not_started' };
    const r = applier.applyPage([{ t: 'operations', v: 99, x: '4', d: false, r: op }], '4:99', '3:1');
    expect(r).toMatchObject({ applied: 0, stale: true });
    expect(getMeta(term.db, 'pull_cursor')).toBe('5:10');
    expect(term.db.prepare('SELECT count(*) AS n FROM operations WHERE id = ?').get(op.id)).toEqual({ n: 0 });
    // On top of the stored cursor it applies.
    expect(applier.applyPage([{ t: 'operations', v: 99, x: '6', d: false, r: op }], '6:99', '5:10')).toMatchObject({ applied: 1 });
    expect(getMeta(term.db, 'pull_cursor')).toBe('6:99');
  });
});
