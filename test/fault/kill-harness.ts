// The SIGKILL campaign shared by the kill test (200 kills) and `npm run soak` (1,000+): a terminal
// child process (kill-child.ts, bundled once with esbuild) takes commands and syncs; the harness
// kills it at random points, restarts it, and finally drains the queue. It returns what the
// assertions need: the acknowledged ids, the local outbox, the central's events and effects.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import argon2 from 'argon2';
import { build } from 'esbuild';
import pg from 'pg';
import { migrateCentral } from '../../db/central/migrate';
import { withDatabase } from '../../db/central/embedded';
import { LOCAL_MIGRATIONS_DIR } from '../../db/local/migrate';
import { openLocalStore } from '../../db/local/open';
import { manualClock } from '../../electron/core/clock';
import { createSyncEngine } from '../../electron/core/sync/engine';
import { setMeta } from '../../electron/core/sync/sync-meta';
import { tempDir } from '../support/tmp';
import { enrollTerminal, seedTenant } from '../sync/support/central-fixture';
import { terminalUrl } from '../sync/support/terminal-fixture';
import { testPool } from '../support/postgres';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** Bundles the child to one .mjs; npm packages stay external (native modules) and resolve from node_modules. */
export async function bundleChild(): Promise<string> {
  const outdir = join(root, 'node_modules', '.cache', 'shopfloor-kill-child');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'kill-child.mjs');
  await build({ entryPoints: [join(here, 'kill-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node24', packages: 'external', outfile, logLevel: 'error' });
  // The local store finds its migrations next to the module that opens it: beside the bundle.
  cpSync(LOCAL_MIGRATIONS_DIR, join(outdir, 'migrations'), { recursive: true });
  return outfile;
}

export interface CampaignResult {
  kills: number;
  acked: string[];
  local: { device_seq: number; event_id: string; type: string }[];
  central: { device_seq: number; event_id: string; status: string }[];
  centralNotes: number;
  centralQuantities: number;
  integrity: string;
  refusals: string[];
  errors: string[];
  drop(): Promise<void>;
}

export interface CampaignOptions {
  adminUrl: string;
  kills: number;
  /** Longest random run time before a kill, in ms. */
  maxRunMs?: number;
  log?: (line: string) => void;
}

export async function runKillCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const name = `kill_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: o.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = withDatabase(o.adminUrl, name);
  const pool = testPool(dbUrl, 3);
  const c = await pool.connect();
  await migrateCentral(c);
  c.release();

  const f = await seedTenant(pool, 'Kill', 1);
  // A PIN hash with cheap argon2 parameters (encoded in the hash): the child logs in on every start.
  const pin = '4321';
  await pool.query('UPDATE profiles SET pin_hash = $1 WHERE id = $2', [await argon2.hash(pin, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 }), f.operatorId]);
  const t = await enrollTerminal(pool, f.tenantId, [f.cellIds[0]!]);
  const centralUrl = await terminalUrl(dbUrl);

  const dbFile = join(tempDir('kill-'), 'terminal.db');
  const setup = openLocalStore(dbFile);
  setup.transaction(() => {
    setMeta(setup, 'central_url', centralUrl);
    setMeta(setup, 'credential', t.credential);
    setMeta(setup, 'device_id', t.deviceId);
    setMeta(setup, 'tenant_id', f.tenantId);
    setMeta(setup, 'terminal_name', 'Kill terminal');
    setMeta(setup, 'cell_ids', JSON.stringify([f.cellIds[0]]));
  })();
  setup.close();

  const bundle = await bundleChild();
  const childCfg = JSON.stringify({ dbFile, employeeId: 'Kill-E1', pin, cellId: f.cellIds[0], operationId: f.operationIds[0] });
  const acked: string[] = [];
  const refusals: string[] = [];
  const errors: string[] = [];
  const maxRun = o.maxRunMs ?? 400;

  for (let k = 0; k < o.kills; k++) {
    const child = spawn(process.execPath, [bundle, childCfg], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let ready = false;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('ACK ')) acked.push(line.slice(4));
        else if (line === 'READY') ready = true;
        else if (line.startsWith('REFUSED')) refusals.push(line);
        else if (line.startsWith('ERROR')) errors.push(line);
      }
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Half the kills land at a random moment after start (start-up, pull, login included), half
    // after the child is taking commands, so kills hit commits and pushes alike.
    const wait = Math.random() * maxRun;
    const start = Date.now();
    if (k % 2 === 1) while (!ready && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 5));
    await Promise.race([new Promise((r) => setTimeout(r, wait)), exited]);
    child.kill('SIGKILL');
    const code = await exited;
    if (code !== null && code !== 0) errors.push(`child exited ${code}: ${stderr.slice(0, 500)}`);
    if (k % 50 === 49) o.log?.(`${k + 1} kills, ${acked.length} acknowledged events`);
  }

  // Restart one last time in-process and drain: the queue must empty completely.
  const db = openLocalStore(dbFile);
  const engine = createSyncEngine({ db, clock: manualClock(Date.now()), appVersion: 'drain', random: () => 0.1, backoff: { baseMs: 20, maxMs: 200 } });
  for (let i = 0; i < 20 && engine.status().pending > 0; i++) await engine.syncNow();
  await engine.stop();
  const local = db.prepare('SELECT device_seq, event_id, type FROM outbox ORDER BY device_seq').all() as CampaignResult['local'];
  const integrity = db.pragma('integrity_check', { simple: true }) as string;
  db.close();
  const central = (await pool.query('SELECT device_seq::int AS device_seq, event_id::text AS event_id, status FROM sync_events WHERE terminal_id = $1 ORDER BY device_seq', [t.deviceId])).rows;
  const centralNotes = Number((await pool.query('SELECT count(*) AS n FROM shift_notes WHERE terminal_id = $1', [t.deviceId])).rows[0].n);
  const centralQuantities = Number((await pool.query('SELECT count(*) AS n FROM operation_quantities WHERE terminal_id = $1', [t.deviceId])).rows[0].n);
  await pool.end();

  return {
    kills: o.kills, acked, local, central, centralNotes, centralQuantities, integrity, refusals, errors,
    async drop() {
      const a = new pg.Client({ connectionString: o.adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
