// Version stamping and tombstones must not get in the way of the central's other writers: the
// admin app writes as Supabase's `authenticated` role under row-level security, without any grant
// on the sync machinery, and its changes still flow to terminals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { seedTenant, type TenantFixture } from './support/central-fixture';

let db: TestDatabase;
let a: TenantFixture;
beforeAll(async () => {
  db = await createTestDatabase();
  // DROP DATABASE … WITH (FORCE) at teardown can terminate a pooled backend that is still
  // closing; that goodbye is expected and must not count as an unhandled error.
  db.pool.on('error', () => undefined);
  a = await seedTenant(db.pool, 'A', 1);
});
afterAll(async () => {
  await db?.drop();
});

describe('sync stamping for other writers', () => {
  it('an authenticated admin updates and deletes tenant rows; versions advance and a tombstone is left', async () => {
    const admin = (await db.pool.query("INSERT INTO profiles (tenant_id, full_name, role) VALUES ($1, 'Admin', 'admin') RETURNING id", [a.tenantId])).rows[0].id as string;
    const before = (await db.pool.query('SELECT sync_version FROM cells WHERE id = $1', [a.cellIds[0]])).rows[0].sync_version as string;
    const c = await db.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL ROLE authenticated');
      await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: admin, role: 'authenticated' })]);
      await c.query("UPDATE cells SET name = 'Renamed' WHERE id = $1", [a.cellIds[0]]);
      const del = await c.query('DELETE FROM scrap_reasons WHERE id = $1', [a.scrapReasonId]);
      expect(del.rowCount).toBe(1);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    const after = (await db.pool.query('SELECT sync_version, name FROM cells WHERE id = $1', [a.cellIds[0]])).rows[0];
    expect(BigInt(after.sync_version)).toBeGreaterThan(BigInt(before));
    expect(after.name).toBe('Renamed');
    const tomb = (await db.pool.query("SELECT tenant_id FROM sync_tombstones WHERE table_name = 'scrap_reasons' AND row_id = $1", [a.scrapReasonId])).rows;
    expect(tomb).toEqual([{ tenant_id: a.tenantId }]);
  });
});
