// Row-level security isolates tenants on EVERY public table with a tenant_id column, enumerated
// from information_schema so a table added later is covered without touching this file. For each
// table, a signed-in admin of tenant A (request.jwt.claims.sub, as Supabase sets it):
// sees A's row (so the test can fail), sees none of B's, updates/deletes 0 of B's rows, and is
// refused when inserting a row with B's tenant_id.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { quote, TenantRowFactory } from './tenant-rows';

let db: TestDatabase;
let factory: TenantRowFactory;
let setupClient: pg.PoolClient;
const tenantA = randomUUID();
const tenantB = randomUUID();
let userA = '';
let tables: string[] = [];

/** Runs `fn` as the `authenticated` role signed in as `profileId`, then rolls everything back. */
async function asUser<T>(profileId: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await db.pool.connect();
  try {
    await c.query('BEGIN');
    await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: profileId, role: 'authenticated' })]);
    await c.query('SET LOCAL ROLE authenticated');
    return await fn(c);
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
    c.release();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  setupClient = await db.pool.connect();
  await setupClient.query("INSERT INTO tenants (id, name) VALUES ($1, 'Tenant A'), ($2, 'Tenant B')", [tenantA, tenantB]);
  factory = new TenantRowFactory(setupClient);
  await factory.load();
  tables = factory.tenantTables();
  for (const t of tables) {
    await factory.row(t, tenantA, 'a');
    await factory.row(t, tenantB, 'b');
  }
  userA = await factory.row('profiles', tenantA, 'a');
  // A is an admin: the strongest user of tenant A must still reach nothing of tenant B.
  await setupClient.query("UPDATE profiles SET role = 'admin' WHERE id = $1", [userA]);
  // operation_resources has no tenant_id: link each tenant's operation to its resource.
  for (const [tenant, tag] of [[tenantA, 'a'], [tenantB, 'b']] as const) {
    await setupClient.query('INSERT INTO operation_resources (operation_id, resource_id) VALUES ($1, $2)', [
      await factory.row('operations', tenant, tag),
      await factory.row('resources', tenant, tag),
    ]);
  }
});

afterAll(async () => {
  setupClient?.release();
  await db?.drop();
});

describe('tenant isolation', () => {
  it('finds the tenant tables in information_schema', () => {
    for (const t of ['profiles', 'cells', 'jobs', 'parts', 'operations', 'time_entries', 'issues', 'terminals', 'cycle_counts', 'oee_machine_events']) {
      expect(tables).toContain(t);
    }
  });

  it('every tenant table has row-level security enabled', async () => {
    const { rows } = await setupClient.query<{ relname: string }>(
      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = ANY($1) AND NOT c.relrowsecurity",
      [tables],
    );
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it('for every tenant table, A sees its own rows and nothing of B, and cannot touch or create B rows', async () => {
    const failures: string[] = [];
    for (const t of tables) {
      const q = quote(t);
      const bRow = (await setupClient.query<{ j: Record<string, unknown> }>(`SELECT to_jsonb(x) AS j FROM ${q} x WHERE tenant_id = $1 LIMIT 1`, [tenantB])).rows[0]!.j;
      await asUser(userA, async (c) => {
        /** Runs one statement in a savepoint: rows affected, or the SQLSTATE when refused. */
        const attempt = async (sql: string, params: unknown[]): Promise<number | string> => {
          await c.query('SAVEPOINT probe');
          try {
            const r = await c.query(sql, params);
            await c.query('RELEASE SAVEPOINT probe');
            return r.rowCount ?? 0;
          } catch (e) {
            await c.query('ROLLBACK TO SAVEPOINT probe');
            return (e as { code?: string }).code ?? 'error';
          }
        };
        const touched = (r: number | string) => typeof r === 'number' && r > 0;
        const own = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${q} WHERE tenant_id = $1`, [tenantA]);
        if (Number(own.rows[0]!.n) < 1) failures.push(`${t}: A cannot see its own rows`);
        const others = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${q} WHERE tenant_id <> $1`, [tenantA]);
        if (Number(others.rows[0]!.n) !== 0) failures.push(`${t}: A sees ${others.rows[0]!.n} rows of another tenant`);
        // Refused outright (42501) or 0 rows: either way nothing of B changes.
        const upd = await attempt(`UPDATE ${q} SET tenant_id = tenant_id WHERE tenant_id = $1`, [tenantB]);
        if (touched(upd)) failures.push(`${t}: A updated ${upd} of B's rows`);
        const hijack = await attempt(`UPDATE ${q} SET tenant_id = $2 WHERE tenant_id = $1`, [tenantA, tenantB]);
        if (touched(hijack)) failures.push(`${t}: A moved ${hijack} of its rows into tenant B`);
        const del = await attempt(`DELETE FROM ${q} WHERE tenant_id = $1`, [tenantB]);
        if (touched(del)) failures.push(`${t}: A deleted ${del} of B's rows`);
        // A copy of B's row under a new key: uuid ids are replaced, serial ids left to their default.
        const copy: Record<string, unknown> = { ...bRow };
        if (typeof copy.id === 'string') copy.id = randomUUID();
        else delete copy.id;
        const cols = Object.keys(copy).map(quote).join(', ');
        const ins = await attempt(`INSERT INTO ${q} (${cols}) SELECT ${cols} FROM jsonb_populate_record(NULL::${q}, $1)`, [copy]);
        if (ins !== '42501') failures.push(`${t}: inserting a row with B's tenant_id gave ${ins}, not a refusal (42501)`);
      });
    }
    expect(failures).toEqual([]);
    // And B's rows are all still there, untouched.
    for (const t of tables) {
      const { rows } = await setupClient.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(t)} WHERE tenant_id = $1`, [tenantB]);
      expect(Number(rows[0]!.n), t).toBeGreaterThanOrEqual(1);
    }
  });

  it('a user sees only their own tenant row', async () => {
    const ids = await asUser(userA, async (c) => (await c.query<{ id: string }>('SELECT id FROM tenants')).rows.map((r) => r.id));
    expect(ids).toEqual([tenantA]);
  });

  it('operation_resources (no tenant_id) is isolated through its operation', async () => {
    await asUser(userA, async (c) => {
      const seen = await c.query<{ tenant_id: string }>('SELECT o.tenant_id FROM operation_resources r JOIN operations o ON o.id = r.operation_id');
      expect(seen.rows.map((r) => r.tenant_id)).toEqual([tenantA]);
      const all = await c.query('SELECT * FROM operation_resources');
      expect(all.rowCount).toBe(1);
      const del = await c.query('DELETE FROM operation_resources WHERE true');
      expect(del.rowCount).toBe(1); // only A's own link
    });
    await asUser(userA, async (c) => {
      const bOp = await factory.row('operations', tenantB, 'b');
      const aRes = await factory.row('resources', tenantA, 'a');
      const err = await c.query('INSERT INTO operation_resources (operation_id, resource_id) VALUES ($1, $2)', [bOp, aRes]).catch((e: { code?: string }) => e);
      expect((err as { code?: string }).code).toBe('42501');
    });
  });

  it('an anonymous session (no claims) sees no tenant rows at all', async () => {
    const c = await db.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL ROLE authenticated');
      const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM jobs');
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  });
});
