// Local SQLite migrations: numbered .sql files in ./migrations, tracked by PRAGMA user_version and
// applied together in ONE transaction, so a crash mid-upgrade leaves the old schema intact.
// A database written by a newer app is refused rather than guessed at.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export const LOCAL_MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadLocalMigrations(dir = LOCAL_MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  // Numbers must be unique and increasing. Gaps are tolerated, but PRAGMA user_version only records
  // the highest applied number, so a NEW migration must always take a number above the highest one
  // already released: a file numbered below it would never reach stores that are already past it.
  let last = 0;
  return files.map((name) => {
    const version = Number(name.slice(0, 3));
    if (version <= last) throw new Error(`local migration numbers must be unique and increasing; found ${name}`);
    last = version;
    return { version, name, sql: readFileSync(join(dir, name), 'utf8') };
  });
}

export class DatabaseTooNewError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(
      `The local database is at schema version ${found}, but this app only knows up to version ${supported}. ` +
        'It was written by a newer version of the terminal; install that version or newer. The database was not changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** Applies the pending migrations up to `target` (default: all). Returns the resulting version. */
export function migrateLocal(db: Database.Database, migrations = loadLocalMigrations(), target = latestVersion(migrations)): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    // user_version is written inside the same transaction, so it commits with the schema.
    db.pragma(`user_version = ${pending[pending.length - 1]!.version}`);
  }).immediate();
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestVersion(migrations: Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}
