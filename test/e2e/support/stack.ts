// The browser-mode stack the e2e suite drives, started through the shell's launcher
// (startBrowserMode) exactly as `npm run start:web` does, but with a test central: a fresh
// database on the run's real Postgres, migrated, with the demo plant loaded. The launcher creates
// the low-privilege terminal login and an enrollment code; the terminal enrolls and pulls through
// the real sync path. `stop()` stops the bridge, the runtime and drops the database.
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import type { Clock } from '../../../electron/core/clock';
import { startBrowserMode, type BrowserMode } from '../../../electron/launch/browser-mode';
import { seedDemoPlant } from '../../../db/demo/seed';
import { ensureCentral, type RunningCentral } from '../../../db/central/cli/ensure-central';
import { testPool, createTestDatabase, type TestDatabase } from '../../support/postgres';
import { tempDir } from '../../support/tmp';
import { buildRenderer } from './renderer-build';

const root = join(import.meta.dirname, '../../..');
export const RENDERER_DIST = join(root, 'dist/renderer');

/** The demo plant's people used by the journeys (db/demo/people.ts). */
export const PEOPLE = {
  anna: { id: '1001', pin: '1111', name: 'Anna de Vries' },
  bram: { id: '1002', pin: '2222', name: 'Bram Jansen' },
  carla: { id: '1003', pin: '3333', name: 'Carla Meijer' },
  marieke: { id: '2001', pin: '246810', name: 'Marieke Bos' },
} as const;

export interface Stack {
  url: string;
  mode: BrowserMode;
  /** Superuser pool on the central database, for checking what arrived. */
  central: { pool: pg.Pool };
  /** Own-central stacks only: stop and restart the central's Postgres server (same data). */
  stopCentral(): Promise<void>;
  startCentral(): Promise<void>;
  /** Local outbox rows of one event type, payloads parsed, in device order. */
  events(type: string): Record<string, unknown>[];
  outboxTypes(): string[];
  /** The first operation of a cell's queue section, read through the core's own query. */
  firstOperation(cell: string, section: 'ready' | 'in_process' | 'upcoming'): Promise<{ operation_id: string; operation_name: string }>;
  /** A command or query through the running core, as the UI's bridge sends it; a refusal throws. */
  ask(kind: 'command' | 'query', name: string, input: object): Promise<unknown>;
  /**
   * Back to a terminal nobody is logged in to, through the core's own commands: every crew
   * member's open timer is paused, then each logs out. Tests call it first so one test's failure
   * (a crew left logged in, a timer left running) cannot make the next one wait for a login
   * screen that never comes.
   */
  resetTerminal(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Minutes without a command before the core locks the screen. */
  idleLockMinutes?: number;
  locale?: 'en' | 'nl' | 'de';
  /** The core's clock (a manual clock lets a test make a stop last ten minutes). */
  clock?: Clock;
  /**
   * Run a dedicated embedded Postgres for this stack (the demo central, as `npm run central`
   * does) instead of a database on the shared test server, so the test can stop the server.
   */
  ownCentral?: boolean;
  /** The machine integration's config section; off unless given. */
  machine?: Record<string, unknown>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

let counter = 0;

async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for the terminal');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  await buildRenderer();
  let testDb: TestDatabase | null = null;
  let own: { port: number; dataDir: string; server: RunningCentral } | null = null;
  let adminUrl: string;
  if (opts.ownCentral) {
    const port = await freePort();
    const dataDir = tempDir('e2e-central-');
    own = { port, dataDir, server: await ensureCentral({ port, dataDir, log: () => {} }) };
    adminUrl = own.server.url;
  } else {
    testDb = await createTestDatabase();
    const c = await testDb.pool.connect();
    try {
      await seedDemoPlant(c);
    } finally {
      c.release();
    }
    adminUrl = testDb.url;
  }
  const pool = testDb?.pool ?? testPool(adminUrl, 2);
  // a stopped central must not crash the test process through an idle client's error
  pool.on('error', () => {});
  const dropCentral = async () => {
    if (testDb) return testDb.drop();
    await pool.end();
    await own?.server.stop();
  };
  let mode: BrowserMode;
  try {
    mode = await startBrowserMode({
      central: { kind: 'demo-database', adminUrl, login: `t_e2e_${process.pid}_${counter++}` },
      overrides: {
        dataDir: join(tempDir('e2e-terminal-'), 'terminal'),
        terminalName: 'Laser terminal',
        locale: opts.locale ?? 'en',
        bridge: { port: 0 },
        machine: opts.machine ?? { enabled: false },
        core: { session: { idle_lock_minutes: opts.idleLockMinutes ?? 15, idle_check_ms: 250 } },
      },
      env: {},
      rendererDir: RENDERER_DIST,
      runtime: { syncTuning: { pollMs: 200 }, ...(opts.clock ? { clock: opts.clock } : {}) },
      log: () => {},
    });
  } catch (err) {
    await dropCentral();
    throw err;
  }
  const db = mode.runtime.db;
  const queue = async () => {
    const r = await mode.runtime.request('query', 'queue.list', { limit: 50 });
    return r.ok ? (r.value as { cells: { cell_name: string; sections: Record<string, { entries: { operation_id: string; operation_name: string }[] }> }[] }).cells : [];
  };
  const ask = async (kind: 'command' | 'query', name: string, input: object) => {
    const r = await mode.runtime.request(kind, name, input);
    if (!r.ok) throw new Error(`${name} refused: ${r.error.message}`);
    return r.value;
  };
  // enrolled and the first pull landed: the Laser queue has work
  await until(async () => ((await queue()).find((c) => c.cell_name === 'Laser')?.sections.ready?.entries.length ?? 0) > 0);
  return {
    url: mode.url,
    mode,
    central: { pool },
    async stopCentral() {
      if (!own) throw new Error('stopCentral needs a stack started with ownCentral');
      await own.server.stop();
    },
    async startCentral() {
      if (!own) throw new Error('startCentral needs a stack started with ownCentral');
      own.server = await ensureCentral({ port: own.port, dataDir: own.dataDir, log: () => {} });
    },
    events: (type) => (db.prepare('SELECT payload FROM outbox WHERE type = ? ORDER BY device_seq').all(type) as { payload: string }[]).map((r) => JSON.parse(r.payload) as Record<string, unknown>),
    outboxTypes: () => (db.prepare('SELECT type FROM outbox ORDER BY device_seq').all() as { type: string }[]).map((r) => r.type),
    async firstOperation(cell, section) {
      const entry = (await queue()).find((c) => c.cell_name === cell)?.sections[section]?.entries[0];
      if (!entry) throw new Error(`no ${section} operation in ${cell}`);
      return entry;
    },
    ask,
    async resetTerminal() {
      const state = (await ask('query', 'session.state', {})) as { crew: { profile_id: string; open_operation_id: string | null }[] };
      for (const m of state.crew) {
        if (m.open_operation_id) await ask('command', 'operation.pause', { operation_id: m.open_operation_id, reason: 'End of test', as_profile_id: m.profile_id });
        await ask('command', 'session.logout', { as_profile_id: m.profile_id });
      }
    },
    async stop() {
      await mode.stop();
      await dropCentral();
    },
  };
}
