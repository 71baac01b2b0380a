// Central Postgres migrations: numbered .sql files in ./migrations, recorded in
// `shopfloor_schema_migrations`, each applied in its own transaction under an advisory lock so two
// terminals' installers never race. A database that already holds tables of our names but no
// migration record belongs to another application: we refuse instead of altering it. Each record
// keeps a checksum of what ran: later migrations edit earlier functions in place (032's splicer),
// so a migration edited after it ran would fail far from its cause; we refuse up front instead.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const CENTRAL_MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 7_310_200_431; // arbitrary, fixed: "shopfloor migrations"
/** Tables whose presence without our migration record means "someone else's database". */
const OWNED_TABLES = ['tenants', 'profiles', 'cells', 'jobs', 'parts', 'operations', 'time_entries', 'issues', 'terminals'];

export interface CentralMigration {
  version: number;
  name: string;
  sql: string;
}

export function loadCentralMigrations(dir = CENTRAL_MIGRATIONS_DIR): CentralMigration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 3)), name, sql: readFileSync(join(dir, name), 'utf8') }))
    .map((m, i, all) => {
      // Unique and increasing; ranges are reserved per area (schema 001–019, sync 020–039,
      // machine 040–049), so gaps are allowed.
      if (i > 0 && m.version <= all[i - 1]!.version) throw new Error(`central migration numbers must be unique; found ${m.name}`);
      return m;
    });
}

export class ForeignDatabaseError extends Error {
  constructor(tables: string[]) {
    super(
      `Refusing to migrate: this database already has tables named ${tables.join(', ')} but no shop-floor ` +
        'migration record, so it belongs to another application. Point DATABASE_URL at an empty database ' +
        'or at one this product created.',
    );
    this.name = 'ForeignDatabaseError';
  }
}

export class EditedMigrationError extends Error {
  constructor(names: string[]) {
    super(
      `Refusing to migrate: ${names.join(', ')} changed after ${names.length > 1 ? 'they were' : 'it was'} applied to this database ` +
        '(the recorded checksum differs). A migration that has run must never be edited: restore it and put the change in a new migration.',
    );
    this.name = 'EditedMigrationError';
  }
}

/** SHA-256 of a migration's text, line endings normalised so a Windows checkout hashes the same. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export async function migrateCentral(client: pg.ClientBase, migrations = loadCentralMigrations()): Promise<number[]> {
  await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    const { rows: reg } = await client.query<{ t: string | null }>("SELECT to_regclass('public.shopfloor_schema_migrations')::text AS t");
    if (!reg[0]?.t) {
      const { rows } = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY 1",
        [OWNED_TABLES],
      );
      if (rows.length > 0) throw new ForeignDatabaseError(rows.map((r) => r.table_name));
      await client.query(
        'CREATE TABLE shopfloor_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
    }
    // Records written before checksums existed get one now, from the files as they are.
    await client.query('ALTER TABLE shopfloor_schema_migrations ADD COLUMN IF NOT EXISTS sha256 text');
    const { rows: done } = await client.query<{ version: number; sha256: string | null }>('SELECT version, sha256 FROM shopfloor_schema_migrations');
    const byVersion = new Map(migrations.map((m) => [m.version, m]));
    const edited = done.filter((r) => r.sha256 !== null && byVersion.has(r.version) && migrationChecksum(byVersion.get(r.version)!.sql) !== r.sha256);
    if (edited.length > 0) throw new EditedMigrationError(edited.map((r) => byVersion.get(r.version)!.name));
    for (const r of done) {
      const m = byVersion.get(r.version);
      if (r.sha256 === null && m) await client.query('UPDATE shopfloor_schema_migrations SET sha256 = $2 WHERE version = $1', [r.version, migrationChecksum(m.sql)]);
    }
    const have = new Set(done.map((r) => r.version));
    const applied: number[] = [];
    for (const m of migrations) {
      if (have.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO shopfloor_schema_migrations (version, name, sha256) VALUES ($1, $2, $3)', [m.version, m.name, migrationChecksum(m.sql)]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`central migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}
