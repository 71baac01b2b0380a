// Per-test-file Postgres databases on the run's real server: each file gets a fresh database with
// the central migrations applied, so files run in parallel without seeing each other's rows.
import pg from 'pg';
import { inject } from 'vitest';
import { migrateCentral } from '../../db/central/migrate';
import { withDatabase } from '../../db/central/embedded';

export interface TestDatabase {
  url: string;
  name: string;
  /** A superuser pool on the test database. */
  pool: pg.Pool;
  drop(): Promise<void>;
}

let counter = 0;

/**
 * A pool for test code. An idle pooled connection can be terminated by the server (fault suites
 * kill backends, a central restart, DROP DATABASE … WITH (FORCE) of a neighbour); pg then emits
 * 'error' on the pool and drops that client. Without a listener Node reports an unhandled error and
 * fails the run although no test did. Queries in flight still reject and fail their own test.
 */
export function testPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => undefined);
  return pool;
}

/** Creates an empty database; `migrate` (default true) applies the central migrations. */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const pool = testPool(url, 5);
  if (opts.migrate ?? true) {
    const c = await pool.connect();
    try {
      await migrateCentral(c);
    } finally {
      c.release();
    }
  }
  return {
    url,
    name,
    pool,
    async drop() {
      await pool.end();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
