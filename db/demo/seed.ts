// Loads the demo plant into a migrated central in ONE transaction: either the whole plant is there
// or none of it. One multi-row INSERT per table (jsonb_populate_recordset) keeps ~1,000 operations
// to a handful of round trips, and the 17 PINs are hashed once, in parallel, on argon2's thread pool.
import type pg from 'pg';
import { hashPin } from '../../electron/core/security/pin-hash';
import { DEMO_PEOPLE } from './people';
import { buildDemoPlant, DEMO_TENANT_ID, type DemoPlantRows } from './plant';

export interface SeedSummary {
  tenantId: string;
  counts: Record<keyof DemoPlantRows, number>;
}

async function insertRows(client: pg.ClientBase, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const list = cols.map((c) => `"${c}"`).join(', ');
  await client.query(`INSERT INTO "${table}" (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`, [JSON.stringify(rows)]);
}

/** Seeds the demo plant; refuses when the demo tenant already exists (no half-merged plants). */
export async function seedDemoPlant(client: pg.ClientBase, opts: { now?: Date } = {}): Promise<SeedSummary> {
  const plant = buildDemoPlant(opts.now);
  const hashes = new Map(await Promise.all(DEMO_PEOPLE.map(async (p) => [p.employeeId, await hashPin(p.pin)] as const)));
  for (const profile of plant.profiles) {
    const hash = hashes.get(String(profile.employee_id));
    if (hash) profile.pin_hash = hash;
  }
  await client.query('BEGIN');
  try {
    const { rows } = await client.query('SELECT 1 FROM tenants WHERE id = $1', [DEMO_TENANT_ID]);
    if (rows.length > 0) throw new Error(`the demo plant is already loaded (tenant ${DEMO_TENANT_ID})`);
    for (const [table, tableRows] of Object.entries(plant) as [keyof DemoPlantRows, Record<string, unknown>[]][]) {
      await insertRows(client, table, tableRows);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  const counts = Object.fromEntries(Object.entries(plant).map(([k, v]) => [k, (v as unknown[]).length])) as SeedSummary['counts'];
  return { tenantId: DEMO_TENANT_ID, counts };
}
