// `npm run central`, spawned as `tsx db/central/cli/central.ts` on a free port with its own data
// directory: it starts the embedded Postgres, creates and migrates `shopfloor`, loads the demo
// plant into the empty central, prints its URL, stops cleanly on Ctrl-C (SIGINT), and on the next
// start finds its data again without seeding twice. While it runs, ensureCentral() reuses it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { centralPortFromEnv, ensureCentral } from '../../db/central/cli/ensure-central';
import { DEMO_TENANT_ID } from '../../db/demo/plant';
import { freePort } from '../support/global-setup';
import { cleanTempDirs, tempDir } from '../support/tmp';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

let live: Running | undefined;

function startCentral(port: number, dataDir: string): Running {
  const child = spawn(TSX, [join(ROOT, 'db/central/cli/central.ts')], {
    cwd: ROOT,
    env: { ...process.env, CENTRAL_PORT: String(port), CENTRAL_DATA_DIR: dataDir },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  live = { child, output: () => out, exited };
  return live;
}

async function waitFor(r: Running, pattern: RegExp): Promise<RegExpExecArray> {
  for (;;) {
    const m = pattern.exec(r.output());
    if (m) return m;
    if (r.child.exitCode !== null) throw new Error(`central exited early:\n${r.output()}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function stopCentral(r: Running): Promise<number | null> {
  r.child.kill('SIGINT');
  const code = await r.exited;
  live = undefined;
  return code;
}

afterAll(async () => {
  if (live) await stopCentral(live);
  cleanTempDirs();
});

describe('npm run central', () => {
  it('starts, migrates, seeds once, prints its URL, stops on SIGINT, and keeps its data', async () => {
    const port = await freePort();
    const dataDir = tempDir('shopfloor-central-cli-');

    const first = startCentral(port, dataDir);
    const url = (await waitFor(first, /central ready: (\S+)/))[1]!;
    expect(url).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/shopfloor`);
    expect(first.output()).toMatch(/loaded the demo plant: 6 cells, 40 jobs/);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ id: string }>('SELECT id FROM tenants');
    expect(rows).toEqual([{ id: DEMO_TENANT_ID }]);
    await c.end();

    // A second launcher (npm start) finds the running central and reuses it instead of starting another.
    const again = await ensureCentral({ port, dataDir: tempDir('unused-') });
    expect(again.started).toBe(false);
    expect(again.url).toBe(url);
    expect(again.seeded).toBeNull();
    expect(again.migrated).toEqual([]);
    await again.stop(); // a no-op for a reused server

    expect(await stopCentral(first)).toBe(0);
    expect(first.output()).toMatch(/central stopped/);

    const second = startCentral(port, dataDir);
    await waitFor(second, /central ready: /);
    expect(second.output()).not.toMatch(/loaded the demo plant/);
    expect(second.output()).not.toMatch(/applied central migrations/);
    const c2 = new pg.Client({ connectionString: url });
    await c2.connect();
    const count = await c2.query<{ n: string }>('SELECT count(*) AS n FROM operations');
    expect(Number(count.rows[0]!.n)).toBeGreaterThan(800);
    await c2.end();
    expect(await stopCentral(second)).toBe(0);
  });

  it('refuses a CENTRAL_PORT that is not a port number', () => {
    expect(centralPortFromEnv({})).toBe(54320);
    expect(centralPortFromEnv({ CENTRAL_PORT: '6543' })).toBe(6543);
    expect(() => centralPortFromEnv({ CENTRAL_PORT: 'abc' })).toThrow(/CENTRAL_PORT: "abc" is not a port number/);
    expect(() => centralPortFromEnv({ CENTRAL_PORT: '70000' })).toThrow(/CENTRAL_PORT/);
  });
});
