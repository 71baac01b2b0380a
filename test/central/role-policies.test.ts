// Within a tenant, signed-in users write according to their role (migration 010): operators record
// work facts but cannot change identities, credentials or master data; supervisors maintain
// master data; admins manage people and keys; nobody edits the audit trail through this role.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

let db: TestDatabase;
const tenant = randomUUID();
const operator = randomUUID();
const supervisor = randomUUID();
const adminUser = randomUUID();
const cell = randomUUID();

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query("INSERT INTO tenants (id, name) VALUES ($1, 'T')", [tenant]);
  await db.pool.query(
    `INSERT INTO profiles (id, tenant_id, full_name, role, employee_id) VALUES
       ($1, $4, 'Op', 'operator', '1'), ($2, $4, 'Sup', 'supervisor', '2'), ($3, $4, 'Adm', 'admin', '3')`,
    [operator, supervisor, adminUser, tenant],
  );
  await db.pool.query("INSERT INTO cells (id, tenant_id, name) VALUES ($1, $2, 'Laser')", [cell, tenant]);
  await db.pool.query("INSERT INTO activity_log (tenant_id, action, entity_type) VALUES ($1, 'create', 'cell')", [tenant]);
});
afterAll(async () => {
  await db?.drop();
});

/** Runs `sql` as `profileId` through the authenticated role; returns rows affected or the SQLSTATE. */
async function as(profileId: string, sql: string, params: unknown[] = []): Promise<number | string> {
  const c: pg.PoolClient = await db.pool.connect();
  try {
    await c.query('BEGIN');
    await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: profileId })]);
    await c.query('SET LOCAL ROLE authenticated');
    const r = await c.query(sql, params);
    return r.rowCount ?? 0;
  } catch (e) {
    return (e as { code?: string }).code ?? 'error';
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
    c.release();
  }
}

describe('role write policies', () => {
  it('an operator cannot promote themselves or mint a machine key', async () => {
    expect(await as(operator, "UPDATE profiles SET role = 'admin' WHERE id = $1", [operator])).toBe(0);
    expect(await as(operator, "INSERT INTO api_keys (tenant_id, name, key_hash, key_prefix) VALUES ($1, 'k', 'h', 'p')", [tenant])).toBe('42501');
    expect(await as(operator, 'UPDATE cells SET wip_limit = 99')).toBe(0);
  });

  it('an operator still reads master data and records work facts', async () => {
    expect(await as(operator, 'SELECT * FROM cells')).toBe(1);
    expect(await as(operator, 'SELECT * FROM profiles')).toBe(3);
    expect(await as(operator, "INSERT INTO shift_notes (tenant_id, cell_id, author_id, text) VALUES ($1, $2, $3, 'Belt squeaks')", [tenant, cell, operator])).toBe(1);
  });

  it('a supervisor maintains master data but not identities', async () => {
    expect(await as(supervisor, 'UPDATE cells SET wip_limit = 7')).toBe(1);
    expect(await as(supervisor, "INSERT INTO scrap_reasons (tenant_id, code, name) VALUES ($1, 'X', 'X')", [tenant])).toBe(1);
    expect(await as(supervisor, "UPDATE profiles SET role = 'admin' WHERE id = $1", [supervisor])).toBe(0);
  });

  it('an admin manages people and keys', async () => {
    expect(await as(adminUser, "UPDATE profiles SET role = 'supervisor' WHERE id = $1", [operator])).toBe(1);
    expect(await as(adminUser, "INSERT INTO api_keys (tenant_id, name, key_hash, key_prefix) VALUES ($1, 'k', 'h', 'p')", [tenant])).toBe(1);
  });

  it('nobody rewrites the audit trail through the authenticated role', async () => {
    expect(await as(adminUser, 'SELECT * FROM activity_log')).toBe(1);
    expect(await as(adminUser, 'DELETE FROM activity_log')).toBe('42501');
    expect(await as(adminUser, "UPDATE activity_log SET action = 'x'")).toBe('42501');
  });

  it('scrap lines may not exceed the scrap they explain (checked at commit)', async () => {
    const job = randomUUID();
    const part = randomUUID();
    const op = randomUUID();
    await db.pool.query("INSERT INTO jobs (id, tenant_id, job_number) VALUES ($1, $2, 'J')", [job, tenant]);
    await db.pool.query("INSERT INTO parts (id, tenant_id, job_id, part_number) VALUES ($1, $2, $3, 'P')", [part, tenant, job]);
    await db.pool.query("INSERT INTO operations (id, tenant_id, part_id, cell_id, operation_name) VALUES ($1, $2, $3, $4, 'cut')", [op, tenant, part, cell]);
    const reasons = await db.pool.query<{ id: string }>("INSERT INTO scrap_reasons (tenant_id, code, name) VALUES ($1, 'A', 'A'), ($1, 'B', 'B') RETURNING id", [tenant]);
    const [ra, rb] = reasons.rows.map((r) => r.id);
    const report = async (scrap: number, lines: number[]) => {
      const c = await db.pool.connect();
      try {
        await c.query('BEGIN');
        const q = randomUUID();
        // Lines first, quantity after: the order inside the transaction does not matter.
        await c.query(
          `INSERT INTO operation_quantities (id, tenant_id, operation_id, reported_by, good, scrap, rework, produced) VALUES ($1, $2, $3, $4, 5, $5, 0, 5 + $5)`,
          [q, tenant, op, operator, scrap],
        );
        for (const [i, n] of lines.entries()) {
          await c.query('INSERT INTO operation_scrap_lines (tenant_id, quantity_id, reason_id, quantity) VALUES ($1, $2, $3, $4)', [tenant, q, i === 0 ? ra : rb, n]);
        }
        await c.query('COMMIT');
        return 'ok';
      } catch (e) {
        await c.query('ROLLBACK');
        return (e as Error).message;
      } finally {
        c.release();
      }
    };
    expect(await report(3, [2, 1])).toBe('ok');
    expect(await report(3, [2, 2])).toMatch(/scrap lines add up to 4, more than the scrap quantity 3/);
  });
});
