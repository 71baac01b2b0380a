// Central migrations: they apply to an empty database, a rerun applies nothing and changes
// nothing, a database that holds another application's `jobs` table is refused untouched, and a
// migration edited after it ran is refused by its checksum (line endings aside).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditedMigrationError, ForeignDatabaseError, loadCentralMigrations, migrateCentral, migrationChecksum } from '../../db/central/migrate';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

describe('central migrations', () => {
  let db: TestDatabase;
  let foreign: TestDatabase;
  let supabaseLike: TestDatabase;
  let edited: TestDatabase;
  beforeAll(async () => {
    [db, foreign, supabaseLike, edited] = await Promise.all([
      createTestDatabase({ migrate: false }),
      createTestDatabase({ migrate: false }),
      createTestDatabase({ migrate: false }),
      createTestDatabase({ migrate: false }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([db?.drop(), foreign?.drop(), supabaseLike?.drop(), edited?.drop()]);
  });

  it('keeps an existing auth schema and auth.uid() (as on Supabase) and adds only what is missing', async () => {
    const c = await supabaseLike.pool.connect();
    try {
      const fixed = '11111111-2222-4333-8444-555555555555';
      await c.query('CREATE SCHEMA auth');
      await c.query(`CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT '${fixed}'::uuid $$`);
      // Supabase's roles (cluster-wide, so another file may be creating them at the same moment).
      await c.query(`DO $$ DECLARE r text; BEGIN
        FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
          BEGIN EXECUTE format('CREATE ROLE %I NOLOGIN', r); EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
        END LOOP; END $$`);
      // Supabase's default privileges: the API roles get every new function and table in public.
      await c.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role');
      await c.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role');
      await migrateCentral(c);
      const { rows } = await c.query<{ uid: string; jwt: string | null }>('SELECT auth.uid() AS uid, auth.jwt() AS jwt');
      expect(rows[0]).toEqual({ uid: fixed, jwt: null });
      // Even with those defaults, the API roles cannot call the SECURITY DEFINER audit writer or
      // touch the migration record.
      const { rows: priv } = await c.query<Record<string, boolean>>(
        `SELECT has_function_privilege('authenticated', 'log_activity_and_webhook(uuid, uuid, text, text, uuid, text, text, jsonb, jsonb)', 'EXECUTE') AS log_fn,
                has_function_privilege('anon', 'enable_tenant_isolation(regclass)', 'EXECUTE') AS helper_fn,
                has_table_privilege('anon', 'shopfloor_schema_migrations', 'SELECT') AS anon_reads_migrations,
                has_table_privilege('authenticated', 'shopfloor_schema_migrations', 'DELETE') AS user_deletes_migrations`,
      );
      expect(priv[0]).toEqual({ log_fn: false, helper_fn: false, anon_reads_migrations: false, user_deletes_migrations: false });
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

  it('refuses to run when a migration that already ran was edited, and applies nothing after it', async () => {
    const c = new pg.Client({ connectionString: edited.url });
    await c.connect();
    try {
      const one = { version: 1, name: '001_widgets.sql', sql: 'CREATE TABLE widgets (a int);\nCREATE TABLE widget_log (b int);\n' };
      const two = { version: 2, name: '002_gadgets.sql', sql: 'CREATE TABLE gadgets (c int);' };
      expect(await migrateCentral(c, [one])).toEqual([1]);
      const { rows } = await c.query<{ sha256: string }>('SELECT sha256 FROM shopfloor_schema_migrations WHERE version = 1');
      expect(rows[0]!.sha256).toBe(migrationChecksum(one.sql));

      // The same file checked out with Windows line endings is the same migration.
      expect(await migrateCentral(c, [{ ...one, sql: one.sql.replace(/\n/g, '\r\n') }])).toEqual([]);

      const err = await migrateCentral(c, [{ ...one, sql: one.sql.replace('b int', 'b bigint') }, two]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EditedMigrationError);
      expect((err as Error).message).toMatch(/001_widgets\.sql changed after it was applied/);
      expect((await c.query("SELECT to_regclass('public.gadgets')::text AS t")).rows[0]).toEqual({ t: null });

      // A record from before checksums (NULL) takes the file's checksum and migration goes on.
      await c.query('UPDATE shopfloor_schema_migrations SET sha256 = NULL');
      expect(await migrateCentral(c, [one, two])).toEqual([2]);
      const after = await c.query<{ version: number; sha256: string }>('SELECT version, sha256 FROM shopfloor_schema_migrations ORDER BY version');
      expect(after.rows).toEqual([
        { version: 1, sha256: migrationChecksum(one.sql) },
        { version: 2, sha256: migrationChecksum(two.sql) },
      ]);
    } finally {
      await c.end();
    }
  });
});
