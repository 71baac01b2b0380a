// The demo plant: seeded once per database, it has the promised shape (1 tenant, 6 cells, ~40 jobs,
// ~200 parts, ~1,000 routed operations, people with argon2id PINs, machine keys stored as hashes,
// a reason tree of at most 8 top-level groups), and two seeds give identical ids.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPin } from '../../electron/core/security/pin-hash';
import { hashKey, keyMatches, keyPrefix } from '../../electron/core/security/secret-keys';
import { DEMO_MACHINES, DEMO_OPERATORS, DEMO_PEOPLE, DEMO_SUPERVISORS } from '../../db/demo/people';
import { DEMO_TENANT_ID } from '../../db/demo/plant';
import { seedDemoPlant } from '../../db/demo/seed';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

let first: TestDatabase;
let second: TestDatabase;
const now = new Date('2026-03-10T09:30:00Z');

beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const [a, b] = await Promise.all([first.pool.connect(), second.pool.connect()]);
  try {
    await Promise.all([seedDemoPlant(a, { now }), seedDemoPlant(b, { now })]);
  } finally {
    a.release();
    b.release();
  }
});
afterAll(async () => {
  await Promise.all([first?.drop(), second?.drop()]);
});

async function count(db: TestDatabase, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(sql, params);
  return Number(rows[0]!.n);
}

describe('demo plant', () => {
  it('has one tenant with six cells and realistic wip limits', async () => {
    expect(await count(first, 'SELECT count(*) AS n FROM tenants')).toBe(1);
    const { rows } = await first.pool.query<{ name: string; wip_limit: number }>('SELECT name, wip_limit FROM cells ORDER BY sequence');
    expect(rows.map((r) => r.name)).toEqual(['Laser', 'Press brake', 'Welding', 'Deburr', 'Paint', 'Assembly']);
    for (const r of rows) expect(r.wip_limit).toBeGreaterThanOrEqual(3);
    // Every cell is in the plant's one OEE site, measured in the standard availability mode.
    const sites = await first.pool.query<{ mode: string; cells: string }>('SELECT s.availability_mode AS mode, count(c.id) AS cells FROM oee_sites s JOIN cells c ON c.oee_site_id = s.id GROUP BY s.id');
    expect(sites.rows).toEqual([{ mode: 'standard', cells: '6' }]);
  });

  it('has about 40 jobs, 200 parts and 1,000 operations routed through the cells in sequence', async () => {
    const jobs = await count(first, 'SELECT count(*) AS n FROM jobs');
    const parts = await count(first, 'SELECT count(*) AS n FROM parts');
    const ops = await count(first, 'SELECT count(*) AS n FROM operations');
    expect(jobs).toBe(40);
    expect(parts).toBeGreaterThanOrEqual(160);
    expect(parts).toBeLessThanOrEqual(240);
    expect(ops).toBeGreaterThanOrEqual(800);
    expect(ops).toBeLessThanOrEqual(1200);
    // Routings follow the cell order and have gapless sequences starting at 1.
    const badRoutes = await count(
      first,
      `SELECT count(*) AS n FROM (
         SELECT o.part_id, array_agg(o.sequence ORDER BY o.sequence) AS seqs, array_agg(c.sequence ORDER BY o.sequence) AS cells
         FROM operations o JOIN cells c ON c.id = o.cell_id GROUP BY o.part_id) r
       WHERE r.seqs <> (SELECT array_agg(g) FROM generate_series(1, array_length(r.seqs, 1)) g)
          OR r.cells <> (SELECT array_agg(x ORDER BY x) FROM unnest(r.cells) x)`,
    );
    expect(badRoutes).toBe(0);
    // A completed operation never follows one that is not completed.
    const outOfOrder = await count(
      first,
      `SELECT count(*) AS n FROM operations a JOIN operations b ON a.part_id = b.part_id AND a.sequence < b.sequence
       WHERE b.status = 'completed' AND a.status <> 'completed'`,
    );
    expect(outOfOrder).toBe(0);
    expect(await count(first, 'SELECT count(*) AS n FROM operation_resources')).toBe(ops);
    expect(await count(first, 'SELECT count(*) AS n FROM parts WHERE is_bullet_card')).toBeGreaterThan(0);
  });

  it('has overdue jobs and jobs due soon, relative to the seeding day', async () => {
    const overdue = await count(first, "SELECT count(*) AS n FROM jobs WHERE due_date < $1 AND status <> 'completed'", [now]);
    const soon = await count(first, "SELECT count(*) AS n FROM jobs WHERE due_date BETWEEN $1 AND $1::timestamptz + interval '3 days'", [now]);
    expect(overdue).toBeGreaterThan(0);
    expect(soon).toBeGreaterThan(0);
  });

  it('has resources per cell with ideal cycle times', async () => {
    const cellsWithout = await count(
      first,
      'SELECT count(*) AS n FROM cells c WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.cell_id = c.id AND r.ideal_cycle_time_s > 0)',
    );
    expect(cellsWithout).toBe(0);
  });

  it('has 12 operators, 2 supervisors and 1 admin whose PINs verify against argon2id hashes', async () => {
    const { rows } = await first.pool.query<{ role: string; n: string }>('SELECT role::text, count(*) AS n FROM profiles WHERE NOT is_machine GROUP BY role ORDER BY role');
    expect(Object.fromEntries(rows.map((r) => [r.role, Number(r.n)]))).toEqual({ operator: 12, supervisor: 2, admin: 1 });
    expect(DEMO_OPERATORS).toHaveLength(12);
    expect(DEMO_SUPERVISORS).toHaveLength(2);
    const hashes = await first.pool.query<{ employee_id: string; pin_hash: string }>('SELECT employee_id, pin_hash FROM profiles WHERE NOT is_machine');
    const byId = new Map(hashes.rows.map((r) => [r.employee_id, r.pin_hash]));
    for (const p of [DEMO_PEOPLE[0]!, DEMO_SUPERVISORS[0]!, DEMO_PEOPLE.at(-1)!]) {
      const h = byId.get(p.employeeId)!;
      expect(h.startsWith('$argon2id$')).toBe(true);
      expect(await verifyPin(h, p.pin)).toBe(true);
      expect(await verifyPin(h, p.pin === '0000' ? '1111' : '0000')).toBe(false);
    }
  });

  it('has 2 machine accounts whose keys are stored only as prefix + SHA-256', async () => {
    const { rows } = await first.pool.query<{ employee_id: string; key_prefix: string; key_hash: string }>(
      'SELECT p.employee_id, k.key_prefix, k.key_hash FROM api_keys k JOIN profiles p ON p.id = k.profile_id WHERE p.is_machine AND k.active ORDER BY 1',
    );
    expect(rows).toHaveLength(2);
    for (const m of DEMO_MACHINES) {
      const row = rows.find((r) => r.employee_id === m.employeeId)!;
      expect(row.key_prefix).toBe(keyPrefix(m.key));
      expect(keyMatches(m.key, row.key_hash)).toBe(true);
      expect(row.key_hash).toBe(hashKey(m.key));
      expect(JSON.stringify(row)).not.toContain(m.key);
    }
  });

  it('has a downtime tree with at most 8 typed top-level groups, reasons, scrap reasons, issue categories, custom fields and an inactive MQTT publisher', async () => {
    const { rows: groups } = await first.pool.query<{ type: string; reasons: string }>(
      'SELECT g.type, (SELECT count(*) FROM oee_downtime_reasons r WHERE r.group_id = g.id) AS reasons FROM oee_downtime_groups g WHERE parent_group_id IS NULL',
    );
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.length).toBeLessThanOrEqual(8);
    expect(new Set(groups.map((g) => g.type))).toEqual(new Set(['unplanned', 'planned', 'idle']));
    for (const g of groups) expect(Number(g.reasons)).toBeGreaterThan(0);
    expect(await count(first, "SELECT count(*) AS n FROM oee_downtime_reasons WHERE count_closes = 'manual'")).toBeGreaterThan(0);
    expect(await count(first, 'SELECT count(*) AS n FROM scrap_reasons')).toBeGreaterThan(3);
    expect(await count(first, 'SELECT count(*) AS n FROM issue_categories')).toBeGreaterThan(3);
    const lot = await first.pool.query<{ field_type: string; phase: string; required: boolean }>(
      "SELECT f.field_type, f.phase, f.required FROM oee_station_custom_fields f JOIN cells c ON c.id = f.cell_id WHERE c.name = 'Laser' AND f.key = 'material_lot'",
    );
    expect(lot.rows).toEqual([{ field_type: 'text', phase: 'start', required: true }]);
    expect(await count(first, 'SELECT count(*) AS n FROM mqtt_publishers WHERE NOT active')).toBe(1);
    expect(await count(first, 'SELECT count(*) AS n FROM mqtt_publishers WHERE active')).toBe(0);
  });

  it('is deterministic: two seeds give identical ids and rows (PIN salts aside)', async () => {
    for (const table of ['tenants', 'oee_sites', 'cells', 'resources', 'jobs', 'parts', 'operations', 'operation_resources', 'profiles', 'api_keys', 'oee_downtime_groups', 'oee_downtime_reasons', 'scrap_reasons', 'issue_categories', 'oee_station_custom_fields', 'mqtt_publishers']) {
      // Compare the seeded content, not server-assigned stamps (created_at, sync versions) or salted hashes.
      const sql = `SELECT jsonb_agg(to_jsonb(t) - 'created_at' - 'updated_at' - 'sync_version' - 'sync_xid' - 'pin_hash' ORDER BY t.id) AS j FROM "${table}" t`;
      const [a, b] = await Promise.all([first.pool.query<{ j: unknown }>(sql), second.pool.query<{ j: unknown }>(sql)]);
      expect(a.rows[0]!.j, table).toEqual(b.rows[0]!.j);
      expect(a.rows[0]!.j, table).not.toBeNull();
    }
    expect(await count(first, 'SELECT count(*) AS n FROM tenants WHERE id = $1', [DEMO_TENANT_ID])).toBe(1);
  });

  it('refuses to load twice into the same database and leaves the plant unchanged', async () => {
    const before = await count(first, 'SELECT count(*) AS n FROM operations');
    const c = await first.pool.connect();
    try {
      await expect(seedDemoPlant(c, { now })).rejects.toThrow(/already loaded/);
    } finally {
      c.release();
    }
    expect(await count(first, 'SELECT count(*) AS n FROM operations')).toBe(before);
  });

  it('CREDENTIALS.md lists every demo employee id, PIN and machine key', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../db/demo/CREDENTIALS.md'), 'utf8');
    for (const p of DEMO_PEOPLE) {
      expect(doc).toContain(`| ${p.employeeId} `);
      expect(doc).toContain(`| ${p.pin} `);
    }
    for (const m of DEMO_MACHINES) expect(doc).toContain(m.key);
    expect(doc).toContain(DEMO_TENANT_ID);
  });
});
