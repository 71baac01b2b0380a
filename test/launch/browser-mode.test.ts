// Browser mode end to end below the browser: a real central (Postgres from test/support) with the
// demo plant, startBrowserMode preparing a low-privilege login and an enrollment code, the
// terminal enrolling and pulling through the real sync path, and a command over the HTTP bridge
// reaching the central. This is the path `npm start` / `npm run start:web` take (with the
// embedded central instead of a test database) and the one the end-to-end suite starts.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoPlant } from '../../db/demo/seed';
import { startBrowserMode, type BrowserMode } from '../../electron/launch/browser-mode';
import { prepareDemoTerminal } from '../../electron/launch/demo-terminal';
import { STORE_FILE } from '../../electron/core/host/terminal-runtime';
import { seededTerminal } from './terminal-fixture';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { cleanTempDirs, tempDir } from '../support/tmp';

let central: TestDatabase;
/** This file's own terminal login role (roles are server-wide; parallel files must not share one). */
const login = `t_browser_mode_${process.pid}`;
let mode: BrowserMode;
const dataDir = () => join(tempDir('browser-mode-'), 'terminal');

async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  central = await createTestDatabase();
  const c = await central.pool.connect();
  try {
    await seedDemoPlant(c);
  } finally {
    c.release();
  }
  const rendererDir = tempDir('renderer-');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<html><head></head><body>kiosk</body></html>');
  mode = await startBrowserMode({
    central: { kind: 'demo-database', adminUrl: central.url, login },
    overrides: { dataDir: dataDir(), bridge: { port: 0 }, machine: { enabled: false }, core: { session: { idle_check_ms: 0 } } },
    env: {},
    rendererDir,
    runtime: { syncTuning: { pollMs: 200 } },
    log: () => {},
  });
}, 120_000);

afterAll(async () => {
  await mode?.stop();
  await central?.drop();
  // Roles are server-wide: leave no login behind on a shared (DATABASE_URL) server.
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${login}`);
  await admin.end();
  cleanTempDirs();
});

const call = async (kind: 'command' | 'query', name: string, input: unknown = {}) => {
  const r = await fetch(new URL(`/api/${kind}/${name}`, mode.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-terminal-token': mode.token },
    body: JSON.stringify(input),
  });
  return (await r.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string } };
};

describe('browser mode with a demo central', () => {
  it('connects with the low-privilege terminal login, never the superuser', () => {
    const url = new URL(mode.config.centralUrl!);
    expect(url.username).toBe(login);
    expect(url.username).not.toBe(new URL(central.url).username);
    expect(url.password.length).toBeGreaterThan(16);
    expect(mode.config.bridge.host).toBe('127.0.0.1');
    expect(mode.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('enrolled the terminal and pulled the demo plant\'s queue for its cells', async () => {
    const info = await call('query', 'terminal.info');
    expect(info).toMatchObject({ ok: true, value: { name: 'Demo terminal' } });
    expect((info.value as { device_id: string | null }).device_id).toMatch(/^[0-9a-f-]{36}$/);
    const queue = await until(async () => {
      const q = await call('query', 'queue.list', { limit: 5 });
      const cells = (q.value as { cells: { cell_name: string; sections: { ready: { count: number } } }[] } | undefined)?.cells ?? [];
      return cells.some((c) => c.sections.ready.count > 0) ? cells : null;
    });
    expect(queue.map((c) => c.cell_name).sort()).toEqual(['Laser', 'Press brake']);
  }, 60_000);

  it('a command over the bridge is committed locally and reaches the central', async () => {
    const loggedIn = await call('command', 'session.login', { employee_id: '1001', pin: '1111' });
    expect(loggedIn).toMatchObject({ ok: true });
    const deviceId = ((await call('query', 'terminal.info')).value as { device_id: string }).device_id;
    const row = await until(async () => {
      const { rows } = await central.pool.query<{ type: string; status: string }>('SELECT type, status FROM sync_events WHERE terminal_id = $1 AND type = $2', [deviceId, 'session.opened']);
      return rows[0];
    });
    expect(row).toEqual({ type: 'session.opened', status: 'applied' });
    const status = await until(async () => {
      const s = await call('query', 'sync.status');
      return (s.value as { pending: number } | undefined)?.pending === 0 ? s.value : null;
    });
    expect(status).toMatchObject({ online: true, block: 'none', dead_letters: 0 });
  }, 60_000);
});

describe('demo terminal preparation', () => {
  it('sets aside a store enrolled with a central that no longer knows it, then issues a new code', async () => {
    const term = await seededTerminal();
    const store = new Database(join(term.dataDir, STORE_FILE));
    store.prepare("INSERT INTO meta (key, value) VALUES ('credential', 'dc_from_a_reset_central')").run();
    store.close();
    const lines: string[] = [];
    const prepared = await prepareDemoTerminal({ adminUrl: central.url, dataDir: term.dataDir, login, log: (l) => lines.push(l) });
    expect(prepared.enrollmentCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(lines.join('\n')).toMatch(/moved it aside/);
    const files = readdirSync(term.dataDir);
    expect(files.some((f) => f.startsWith(`${STORE_FILE}.orphaned-`))).toBe(true); // kept, not deleted
    expect(files).not.toContain(STORE_FILE);
  });

  it('keeps a store the central knows, and issues no code', async () => {
    const prepared = await prepareDemoTerminal({ adminUrl: central.url, dataDir: mode.config.dataDir, login, log: () => {} });
    expect(prepared.enrollmentCode).toBeNull();
    expect(readdirSync(mode.config.dataDir).some((f) => f.includes('orphaned'))).toBe(false);
  });
});

