// Central migrations: they apply to an empty database, a rerun applies nothing and changes
// nothing, and a database that holds another application's `jobs` table is refused untouched.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForeignDatabaseError, loadCentralMigrations, migrateCentral } from '../../db/central/migrate';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

describe('central migrations', () => {
  let db: TestDatabase;
  let foreign: TestDatabase;
  let supabaseLike: TestDatabase;
  beforeAll(async () => {
    [db, foreign, supabaseLike] = await Promise.all([
      createTestDatabase({ migrate: false }),
      createTestDatabase({ migrate: false }),
      createTestDatabase({ migrate: false }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([db?.drop(), foreign?.drop(), supabaseLike?.drop()]);
  });

  it('keeps an existing auth schema and auth.uid() (as on Supabase) and adds only what is missing', async () => {
    const c = await supabaseLike.pool.connect();
    try {
      const fixed = '11111111-2222-4333-8444-555555555555';
      await c.query('CREATE SCHEMA auth');
      await c.query(`CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT '${fixed}'::uuid $$`);
      await migrateCentral(c);
      const { rows } = await c.query<{ uid: string; jwt: string | null }>('SELECT auth.uid() AS uid, auth.jwt() AS jwt');
      expect(rows[0]).toEqual({ uid: fixed, jwt: null });
    } finally {
      c.release();
    }
  });

  it('applies every migration once, and a rerun is a no-op', async () => {
    const c = await db.pool.connect();
    try {
      const first = await migrateCentral(c);
      expect(first).toEqual(loadCentralMigrations().map((m) => m.version));
      const schemaBefore = await c.query<{ n: string }>(
        "SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'public'",
      );
      expect(await migrateCentral(c)).toEqual([]);
      const schemaAfter = await c.query<{ n: string }>(
        "SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'public'",
      );
      expect(schemaAfter.rows[0]!.n).toBe(schemaBefore.rows[0]!.n);
      const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM shopfloor_schema_migrations');
      expect(Number(rows[0]!.n)).toBe(first.length);
    } finally {
      c.release();
    }
  });

  it('refuses a database with a jobs table but no migration record, and leaves it untouched', async () => {
    const c = new pg.Client({ connectionString: foreign.url });
    await c.connect();
    try {
      await c.query('CREATE TABLE jobs (id serial PRIMARY KEY, payload text)');
      await c.query("INSERT INTO jobs (payload) VALUES ('theirs')");
      const err = await migrateCentral(c).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ForeignDatabaseError);
      expect((err as Error).message).toMatch(/jobs/);
      const { rows } = await c.query<{ t: string | null }>("SELECT to_regclass('public.shopfloor_schema_migrations')::text AS t");
      expect(rows[0]!.t).toBeNull();
      const cols = await c.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'jobs' ORDER BY 1",
      );
      expect(cols.rows.map((r) => r.column_name)).toEqual(['id', 'payload']);
      expect((await c.query('SELECT payload FROM jobs')).rows).toEqual([{ payload: 'theirs' }]);
    } finally {
      await c.end();
    }
  });
});
