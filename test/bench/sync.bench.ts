// Sync benchmarks against a real Postgres on loopback (DATABASE_URL, or a fresh embedded server):
//   push_events_per_s         drain 50,000 pending events (notes, machine counts, quantities) through
//                             the real client (postgres transport, low-privilege login); goal ≥ 20,000
//   push_ratio_vs_bare_insert our drain time / a bare multi-row INSERT of the same rows into the same
//                             tables (sync_events + effect tables), 500 per statement; goal ≤ 2
//   push_floor_unchecked_events_per_s  diagnostic: the same bare INSERTs with foreign-key checks and
//                             triggers off (session_replication_role = replica) and no commit flush:
//                             the fastest these rows go into these tables on this machine at all, so
//                             a reader can see whether push_events_per_s's goal is reachable here
//   push_ratio_vs_per_event   one round trip per event (terminal_push with a batch of 1, measured on a
//                             2,000-event sample and scaled) / our drain time; goal ≥ 20
//   pull_100k_s               first pull of 100,000 operations with their parts and jobs into an empty
//                             terminal; goal < 10
//   pull_incremental_ms       median pull of 100 changed operations; goal < 200
// SYNC_BENCH_SKIP_PULL=1 stops after the push figures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateCentral } from '../../db/central/migrate';
import { startEmbeddedCentral, withDatabase } from '../../db/central/embedded';
import { manualClock } from '../../electron/core/clock';
import { appendEvent } from '../../electron/core/store/outbox';
import { createSyncEngine } from '../../electron/core/sync/engine';
import { createTransport } from '../../electron/core/sync/transport';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { freePort } from '../support/global-setup';
import { cleanTempDirs } from '../support/tmp';
import { enrollTerminal, seedTenant, type TenantFixture } from '../sync/support/central-fixture';
import { openTerminal, terminalUrl, type LocalTerminal } from '../sync/support/terminal-fixture';
import type { BenchResult } from './run';

const EVENTS = 50_000;
const PER_EVENT_SAMPLE = 2_000;

function fillOutbox(term: LocalTerminal, f: TenantFixture, n: number) {
  const ctx = { db: term.db, deviceId: term.deviceId, clock: term.clock };
  const chunk = term.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      term.clock.advance(10);
      if (i % 3 === 0) appendEvent(ctx, { type: 'note.added', payload: { note_id: uuidv7(), cell_id: f.cellIds[0]!, text: `note ${i}` }, actorId: f.operatorId });
      else if (i % 3 === 1)
        appendEvent(ctx, {
          type: 'cycles.counted',
          payload: { count_id: uuidv7(), machine_id: f.machineId, cell_id: f.cellIds[0]!, resource_id: f.resourceId, machine_seq: i, delta: 1, counter_reset: false, counted_at: new Date(term.clock.wallMs()).toISOString() },
          actorId: f.machineId,
        });
      else appendEvent(ctx, { type: 'quantity.reported', payload: { quantity_id: uuidv7(), operation_id: f.operationIds[0]!, quantities: { good: 1, scrap: 0, rework: 0, produced: 1, scrap_reasons: [] } }, actorId: f.operatorId });
    }
  });
  for (let i = 0; i < n; i += 5000) chunk(i, Math.min(n, i + 5000));
}

/** The same rows our push writes, as bare multi-row INSERTs (no validation, no dedupe, no log).
 *  `run` numbers repeated runs, whose device_seqs must not collide; `setup` is SQL run first on the
 *  connection (and reset after). */
async function bareInsert(pool: pg.Pool, term: LocalTerminal, f: TenantFixture, terminalId: string, run = 1, setup = ''): Promise<number> {
  const rows = term.db.prepare('SELECT * FROM outbox ORDER BY device_seq').all() as { device_seq: number; event_id: string; type: string; payload: string; occurred_at: string; mono_ms: number; boot_id: string; actor_id: string }[];
  const client = await pool.connect();
  const seqBase = run * 10_000_000;
  if (setup) await client.query(setup);
  const t0 = performance.now();
  try {
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO sync_events (event_id, tenant_id, terminal_id, device_seq, type, schema_version, occurred_at, mono_ms, boot_id, actor_id, payload, status)
         SELECT e.event_id, $1, $2, e.device_seq, e.type, 1, e.occurred_at, e.mono_ms, e.boot_id, e.actor_id, e.payload, 'applied'
         FROM jsonb_to_recordset($3::jsonb) AS e(event_id uuid, device_seq bigint, type text, occurred_at timestamptz, mono_ms float8, boot_id uuid, actor_id uuid, payload jsonb)`,
        [f.tenantId, terminalId, JSON.stringify(batch.map((r) => ({ ...r, event_id: uuidv7(), device_seq: r.device_seq + seqBase, payload: JSON.parse(r.payload) as unknown })))],
      );
      const notes = batch.filter((r) => r.type === 'note.added');
      const counts = batch.filter((r) => r.type === 'cycles.counted');
      const qty = batch.filter((r) => r.type === 'quantity.reported');
      const vals = (n: number, w: number, off = 0) => Array.from({ length: n }, (_, i) => `(${Array.from({ length: w }, (_, j) => `$${off + i * w + j + 1}`).join(', ')})`).join(', ');
      if (notes.length) await client.query(`INSERT INTO shift_notes (tenant_id, cell_id, author_id, text, terminal_id, created_at) VALUES ${vals(notes.length, 6)}`, notes.flatMap((r) => [f.tenantId, f.cellIds[0], f.operatorId, 'note', terminalId, r.occurred_at]));
      if (counts.length) await client.query(`INSERT INTO cycle_counts (tenant_id, machine_profile_id, cell_id, machine_seq, delta, counted_at, terminal_id) VALUES ${vals(counts.length, 7)}`, counts.flatMap((r) => [f.tenantId, f.machineId, f.cellIds[0], r.device_seq + seqBase, 1, r.occurred_at, terminalId]));
      if (qty.length) await client.query(`INSERT INTO operation_quantities (tenant_id, operation_id, reported_by, good, scrap, rework, produced, reported_at, terminal_id) VALUES ${vals(qty.length, 9)}`, qty.flatMap((r) => [f.tenantId, f.operationIds[0], f.operatorId, 1, 0, 0, 1, r.occurred_at, terminalId]));
      await client.query('COMMIT');
    }
  } finally {
    if (setup) await client.query('RESET ALL');
    client.release();
  }
  return (performance.now() - t0) / 1000;
}

export async function run(): Promise<BenchResult[]> {
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedCentral({ dataDir: mkdtempSync(join(tmpdir(), 'shopfloor-bench-pg-')), port: await freePort(), persistent: false });
  const adminUrl = process.env.DATABASE_URL ?? embedded!.adminUrl;
  const name = `bench_sync_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = withDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
  // DROP DATABASE … WITH (FORCE) may terminate a pooled backend that is still closing.
  pool.on('error', () => undefined);
  const results: BenchResult[] = [];
  try {
    const c = await pool.connect();
    await migrateCentral(c);
    c.release();
    const url = await terminalUrl(dbUrl);
    const f = await seedTenant(pool, 'Bench', 2);

    // BENCH_SKIP_PUSH=1 measures only the pull (for iterating on it); the default runs everything.
    if (!process.env.BENCH_SKIP_PUSH) {
      // push_events_per_s
      const e1 = await enrollTerminal(pool, f.tenantId, [f.cellIds[1]!]);
      const t1 = openTerminal({ deviceId: e1.deviceId, centralUrl: url, credential: e1.credential, clock: manualClock(Date.now()) });
      fillOutbox(t1, f, EVENTS);
      const engine = createSyncEngine({ db: t1.db, clock: t1.clock, appVersion: 'bench' });
      const p0 = performance.now();
      const s = await engine.syncNow();
      const pushS = (performance.now() - p0) / 1000;
      await engine.stop();
      if (s.pending !== 0 || s.dead_letters !== 0) throw new Error(`drain incomplete: ${JSON.stringify(s)}`);
      results.push({ name: 'push_events_per_s', value: EVENTS / pushS, unit: 'events/s (goal >= 20000)' });

      // push_ratio_vs_bare_insert
      const bareS = await bareInsert(pool, t1, f, e1.deviceId);
      results.push({ name: 'push_ratio_vs_bare_insert', value: pushS / bareS, unit: `x (ours ${pushS.toFixed(2)} s / bare ${bareS.toFixed(2)} s; goal <= 2)` });
      // Needs a superuser (the embedded central's admin); skipped on a DATABASE_URL without one.
      try {
        const floorS = await bareInsert(pool, t1, f, e1.deviceId, 2, 'SET session_replication_role = replica; SET synchronous_commit = off');
        results.push({ name: 'push_floor_unchecked_events_per_s', value: EVENTS / floorS, unit: `events/s (diagnostic: bare INSERTs, no FK checks, no flush: ${floorS.toFixed(2)} s)` });
      } catch (err) {
        console.warn(`push_floor_unchecked_events_per_s skipped: ${(err as Error).message}`);
      }

      // push_ratio_vs_per_event
      const e2 = await enrollTerminal(pool, f.tenantId, [f.cellIds[1]!]);
      const t2 = openTerminal({ deviceId: e2.deviceId, centralUrl: url, credential: e2.credential, clock: manualClock(Date.now()) });
      fillOutbox(t2, f, PER_EVENT_SAMPLE);
      const tr = createTransport(url);
      const entries = t2.db.prepare('SELECT * FROM outbox ORDER BY device_seq').all() as { device_seq: number; event_id: string; type: string; schema_version: number; payload: string; occurred_at: string; mono_ms: number; boot_id: string; actor_id: string }[];
      const q0 = performance.now();
      for (const r of entries) await tr.push(e2.credential, [{ ...r, payload: JSON.parse(r.payload) as unknown }]);
      const perEventS = ((performance.now() - q0) / 1000 / PER_EVENT_SAMPLE) * EVENTS;
      await tr.close();
      results.push({ name: 'push_ratio_vs_per_event', value: perEventS / pushS, unit: 'x (goal >= 20)' });
    // While iterating on the push alone (the default runs everything).
    if (process.env.SYNC_BENCH_SKIP_PULL === '1') return results;
    }

    // pull_100k_s: 10,000 jobs × 2 parts × 5 operations in the terminal's cell
    const bt = f.tenantId;
    await pool.query("INSERT INTO jobs (tenant_id, job_number, due_date) SELECT $1, 'BJ' || g, now() + make_interval(days => g % 30) FROM generate_series(1, 10000) g", [bt]);
    await pool.query("INSERT INTO parts (tenant_id, job_id, part_number, quantity) SELECT $1, j.id, j.job_number || '-' || g, 10 FROM jobs j CROSS JOIN generate_series(1, 2) g WHERE j.tenant_id = $1 AND j.job_number LIKE 'BJ%'", [bt]);
    await pool.query("INSERT INTO operations (tenant_id, part_id, cell_id, operation_name, sequence) SELECT $1, p.id, $2, 'Op ' || g, g FROM parts p CROSS JOIN generate_series(1, 5) g WHERE p.tenant_id = $1 AND p.part_number LIKE 'BJ%'", [bt, f.cellIds[1]]);
    await pool.query('VACUUM ANALYZE operations, parts, jobs');
    const e3 = await enrollTerminal(pool, f.tenantId, [f.cellIds[1]!]);
    const t3 = openTerminal({ deviceId: e3.deviceId, centralUrl: url, credential: e3.credential, clock: manualClock(Date.now()) });
    const puller = createSyncEngine({ db: t3.db, clock: t3.clock, appVersion: 'bench', heartbeatEveryMs: 3_600_000 });
    const l0 = performance.now();
    await puller.syncNow();
    const pullS = (performance.now() - l0) / 1000;
    const localOps = (t3.db.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n;
    if (localOps < 100_000) throw new Error(`first pull brought only ${localOps} operations`);
    results.push({ name: 'pull_100k_s', value: pullS, unit: `s (${localOps} operations; goal < 10)` });

    // pull_incremental_ms
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      await pool.query("UPDATE operations SET notes = 'round ' || $2::text WHERE id IN (SELECT id FROM operations WHERE cell_id = $1 ORDER BY id LIMIT 100 OFFSET $3)", [f.cellIds[1], round, round * 100]);
      const i0 = performance.now();
      await puller.syncNow();
      times.push(performance.now() - i0);
    }
    await puller.stop();
    times.sort((x, y) => x - y);
    results.push({ name: 'pull_incremental_ms', value: times[2]!, unit: 'ms median of 5 (goal < 200)' });
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    cleanTempDirs();
  }
  return results;
}
