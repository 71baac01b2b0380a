// terminal_pull on a real Postgres: scope (tenant and cells), paging by the server version,
// a long-running transaction that commits after a later row was read, tombstones, and routing
// re-stamps when an operation moves into the terminal's cell.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPool, createTestDatabase, type TestDatabase } from '../support/postgres';
import { enrollTerminal, seedTenant, type TenantFixture } from './support/central-fixture';
import { terminalUrl } from './support/terminal-fixture';

let db: TestDatabase;
let term: pg.Pool;
let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  db = await createTestDatabase();
  term = testPool(await terminalUrl(db.url), 2);
  a = await seedTenant(db.pool, 'A', 3);
  b = await seedTenant(db.pool, 'B', 2);
});
afterAll(async () => {
  await term?.end();
  await db?.drop();
});

interface Row { t: string; v: number; x: string; d: boolean; r: Record<string, unknown> }
interface Page { cursor: string; more: boolean; rows: Row[] }
async function pull(credential: string, cursor: string | null, limit = 1000): Promise<Page> {
  const { rows } = await term.query('SELECT terminal_pull($1, $2, $3) AS r', [credential, cursor, limit]);
  return rows[0].r as Page;
}
async function pullAll(credential: string, cursor: string | null, limit = 1000): Promise<{ rows: Row[]; cursor: string; pages: number }> {
  const out: Row[] = [];
  let pages = 0;
  for (;;) {
    const p = await pull(credential, cursor, limit);
    pages++;
    out.push(...p.rows);
    cursor = p.cursor;
    if (!p.more) return { rows: out, cursor: cursor!, pages };
  }
}
const ids = (rows: Row[], t: string) => rows.filter((r) => r.t === t).map((r) => r.r.id as string).sort();

describe('terminal_pull', () => {
  it("returns the tenant's reference data and the routing of the terminal's cells, and nothing of another tenant", async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const { rows } = await pullAll(t.credential, null, 4);
    expect(ids(rows, 'tenants')).toEqual([a.tenantId]);
    expect(ids(rows, 'operations')).toEqual([...a.operationIds].sort()); // the whole routing of the part
    expect(ids(rows, 'parts')).toEqual([a.partId]);
    expect(ids(rows, 'jobs')).toEqual([a.jobId]);
    expect(ids(rows, 'profiles')).toEqual([a.operatorId, a.supervisorId, a.machineId].sort());
    expect(ids(rows, 'oee_downtime_reasons')).toEqual([a.downtimeReasonId]);
    const bIds = new Set(Object.values(b).flat() as string[]);
    expect(rows.filter((r) => bIds.has(r.r.id as string))).toEqual([]);
    expect(rows.every((r) => r.r.tenant_id === undefined || r.r.tenant_id === a.tenantId)).toBe(true);
    // Pages are ordered by (xid, version) and never repeat a row.
    const keys = rows.map((r) => `${r.t}:${r.r.id as string}`);
    expect(new Set(keys).size).toBe(keys.length);
    const order = rows.map((r) => [BigInt(r.x), r.v] as const);
    for (let i = 1; i < order.length; i++) {
      const [px, pv] = order[i - 1]!;
      const [x, v] = order[i]!;
      expect(x > px || (x === px && v > pv)).toBe(true);
    }
    // Profiles carry the PIN hash and lockout reset, not the email login.
    const prof = rows.find((r) => r.t === 'profiles')!.r;
    expect(Object.keys(prof)).toEqual(expect.arrayContaining(['pin_hash', 'lockout_cleared_at', 'employee_id']));
    expect(Object.keys(prof)).not.toContain('email');
  });

  it('operations, parts and jobs carry every column of their table but the sync stamps and metadata (040 names them)', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const { rows } = await pullAll(t.credential, null);
    for (const table of ['operations', 'parts', 'jobs']) {
      const cols = await db.pool.query<{ c: string }>(
        "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name NOT IN ('sync_xid', 'sync_version', 'metadata')",
        [table],
      );
      const row = rows.find((r) => r.t === table)!.r;
      expect(Object.keys(row).sort(), table).toEqual(cols.rows.map((r) => r.c).sort());
    }
  });

  it('pages of any size deliver the same rows in the same order when the tables interleave', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const { cursor } = await pullAll(t.credential, null);
    // Separate transactions, alternating tables, so the versions of operations, parts and jobs
    // interleave: op, part, op, job, op, … (a page of operations must not jump over the part).
    const writes: [string, string][] = a.operationIds.flatMap((op, i) => [['operations', op], i % 2 === 0 ? ['parts', a.partId] : ['jobs', a.jobId]] as [string, string][]);
    for (const [table, id] of writes) await db.pool.query(`UPDATE ${table} SET notes = 'interleave' WHERE id = $1`, [id]);
    await db.pool.query("UPDATE operations SET notes = 'interleave last' WHERE id = $1", [a.operationIds[0]]);
    const key = (r: Row) => `${r.t}:${r.r.id as string}:${r.v}`;
    const all = (await pullAll(t.credential, cursor, 10_000)).rows.map(key);
    expect(all.length).toBeGreaterThanOrEqual(a.operationIds.length + 2);
    for (const limit of [1, 2, 3, 5]) expect((await pullAll(t.credential, cursor, limit)).rows.map(key), `limit ${limit}`).toEqual(all);
  });

  it('a row committed by a long-running transaction after a later row was read still arrives', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    let { cursor } = await pullAll(t.credential, null);
    const tx1 = await db.pool.connect();
    const tx2 = await db.pool.connect();
    try {
      await tx1.query('BEGIN');
      await tx1.query("UPDATE operations SET notes = 'A by tx1' WHERE id = $1", [a.operationIds[0]]); // row A, tx stays open
      await tx2.query('BEGIN');
      await tx2.query("UPDATE jobs SET notes = 'B by tx2' WHERE id = $1", [a.jobId]); // row B
      await tx2.query('COMMIT');
      const first = await pullAll(t.credential, cursor);
      // B is held back rather than letting the cursor jump past the still-running tx1.
      expect(first.rows.map((r) => r.r.notes)).not.toContain('A by tx1');
      cursor = first.cursor;
      await tx1.query('COMMIT');
      const second = await pullAll(t.credential, cursor);
      const all = [...first.rows, ...second.rows];
      expect(all.find((r) => r.r.id === a.operationIds[0])?.r.notes).toBe('A by tx1');
      expect(all.find((r) => r.r.id === a.jobId)?.r.notes).toBe('B by tx2');
    } finally {
      tx1.release();
      tx2.release();
    }
  });

  it('delivers soft deletes as rows with deleted_at and hard deletes as tombstones', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    let { cursor } = await pullAll(t.credential, null);
    const link = (await db.pool.query('INSERT INTO operation_resources (operation_id, resource_id) VALUES ($1, $2) RETURNING id', [a.operationIds[0], a.resourceId])).rows[0].id;
    const r1 = await pullAll(t.credential, cursor);
    expect(ids(r1.rows, 'operation_resources')).toEqual([link]);
    cursor = r1.cursor;
    await db.pool.query('DELETE FROM operation_resources WHERE id = $1', [link]);
    await db.pool.query('UPDATE profiles SET deleted_at = now() WHERE id = $1', [a.supervisorId]);
    const r2 = await pullAll(t.credential, cursor);
    expect(r2.rows.find((r) => r.r.id === link)).toMatchObject({ t: 'operation_resources', d: true });
    expect(r2.rows.find((r) => r.r.id === a.supervisorId)?.r.deleted_at).toBeTruthy();
  });

  it('an operation added to the terminal cell brings its part, job and sibling operations, even if older than the cursor', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const q = async (sql: string, p: unknown[]) => (await db.pool.query(sql, p)).rows[0].id as string;
    const job = await q("INSERT INTO jobs (tenant_id, job_number) VALUES ($1, 'J-late') RETURNING id", [a.tenantId]);
    const part = await q("INSERT INTO parts (tenant_id, job_id, part_number) VALUES ($1, $2, 'P-late') RETURNING id", [a.tenantId, job]);
    const other = await q("INSERT INTO operations (tenant_id, part_id, cell_id, operation_name, sequence) VALUES ($1, $2, $3, 'elsewhere', 1) RETURNING id", [a.tenantId, part, a.cellIds[1]]);
    let { rows, cursor } = await pullAll(t.credential, null);
    expect(rows.map((r) => r.r.id)).not.toContain(part);
    const mine = await q("INSERT INTO operations (tenant_id, part_id, cell_id, operation_name, sequence) VALUES ($1, $2, $3, 'here', 2) RETURNING id", [a.tenantId, part, a.cellIds[0]]);
    ({ rows, cursor } = await pullAll(t.credential, cursor));
    expect(ids(rows, 'operations')).toEqual([other, mine].sort());
    expect(ids(rows, 'parts')).toEqual([part]);
    expect(ids(rows, 'jobs')).toEqual([job]);
    // Moving an operation out of the cell and back in re-sends the routing too.
    await db.pool.query('UPDATE operations SET cell_id = $1 WHERE id = $2', [a.cellIds[2], mine]);
    await db.pool.query('UPDATE operations SET cell_id = $1 WHERE id = $2', [a.cellIds[0], mine]);
    ({ rows } = await pullAll(t.credential, cursor));
    expect(ids(rows, 'parts')).toEqual([part]);
  });

  it('refuses a cursor it did not issue', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const e = await term.query('SELECT terminal_pull($1, $2, 10)', [t.credential, "1; DROP TABLE jobs"]).catch((err: { code: string; message: string }) => err);
    expect(e).toMatchObject({ code: 'SF400', message: expect.stringMatching(/^cursor: /) });
  });
});
