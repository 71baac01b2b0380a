// Central benchmarks (DATABASE_URL, or a fresh embedded server):
//   demo_seed_ms              load the whole demo plant (≈1,000 operations, 17 argon2id PINs) in one
//                             transaction into a freshly migrated database
//   demo_seed_ratio_vs_floor  that time / (the same rows as a bare multi-row INSERT + ONE PIN hash):
//                             how close the seeder is to its unavoidable cost
//   pin_hash_parallel_speedup 17 PIN hashes one after another / the same 17 hashed concurrently, as
//                             the seeder does (argon2 runs on libuv's thread pool)
//   migrate_fresh_ms          apply every central migration to an empty database
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedCentral, withDatabase } from '../../db/central/embedded';
import { migrateCentral } from '../../db/central/migrate';
import { DEMO_PEOPLE } from '../../db/demo/people';
import { buildDemoPlant } from '../../db/demo/plant';
import { seedDemoPlant } from '../../db/demo/seed';
import { hashPin } from '../../electron/core/security/pin-hash';
import { freePort } from '../support/global-setup';
import type { BenchResult } from './run';

async function freshDatabase(adminUrl: string, name: string): Promise<pg.Client> {
  const a = new pg.Client({ connectionString: adminUrl });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await a.query(`CREATE DATABASE ${name}`);
  await a.end();
  const c = new pg.Client({ connectionString: withDatabase(adminUrl, name) });
  await c.connect();
  return c;
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function run(): Promise<BenchResult[]> {
  let adminUrl = process.env.DATABASE_URL;
  const server = adminUrl ? undefined : await startEmbeddedCentral({ dataDir: mkdtempSync(join(tmpdir(), 'bench-central-')), port: await freePort(), persistent: false });
  adminUrl ??= server!.adminUrl;
  const clients: pg.Client[] = [];
  try {
    const seeded = await freshDatabase(adminUrl, 'bench_central_seed');
    clients.push(seeded);
    const migrateMs = await timed(() => migrateCentral(seeded));
    const seedMs = await timed(() => seedDemoPlant(seeded));

    // Floor: the same rows, bare multi-row INSERTs, plus the one PIN hash nobody can avoid.
    const bare = await freshDatabase(adminUrl, 'bench_central_bare');
    clients.push(bare);
    await migrateCentral(bare);
    const plant = buildDemoPlant();
    const floorMs = await timed(async () => {
      await hashPin('1234');
      await bare.query('BEGIN');
      for (const [table, rows] of Object.entries(plant) as [string, Record<string, unknown>[]][]) {
        if (rows.length === 0) continue;
        const cols = Object.keys(rows[0]!);
        for (let i = 0; i < rows.length; i += 200) {
          const chunk = rows.slice(i, i + 200);
          const params: unknown[] = [];
          const values = chunk.map((r) => `(${cols.map((c) => `$${params.push(Array.isArray(r[c]) || r[c] === null || typeof r[c] !== 'object' ? r[c] : JSON.stringify(r[c]))}`).join(', ')})`);
          await bare.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}`, params);
        }
      }
      await bare.query('COMMIT');
    });

    const serialMs = await timed(async () => {
      for (const p of DEMO_PEOPLE) await hashPin(p.pin);
    });
    const parallelMs = await timed(() => Promise.all(DEMO_PEOPLE.map((p) => hashPin(p.pin))));

    return [
      { name: 'demo_seed_ms', value: seedMs, unit: 'ms' },
      { name: 'demo_seed_ratio_vs_floor', value: seedMs / floorMs, unit: 'x' },
      { name: 'pin_hash_parallel_speedup', value: serialMs / parallelMs, unit: 'x' },
      { name: 'migrate_fresh_ms', value: migrateMs, unit: 'ms' },
    ];
  } finally {
    for (const c of clients) await c.end().catch(() => undefined);
    if (server) await server.stop();
  }
}
