// Released local migrations never change. A terminal in the field has already run them, and
// PRAGMA user_version records only a number, so an edited migration would leave those terminals
// on a different schema from a fresh install, with nothing to say so. The central refuses that at
// migrate time (db/central/migrate.ts); a terminal must not refuse to open its own store over it,
// so for the local store the guard is here, in CI: db/local/migrations/checksums.sha256 holds the
// SHA-256 of every migration (sha256sum format, so `sha256sum -c` checks it by hand too).
// A new migration adds its line; changing a line means changing a migration that may have run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationChecksum } from '../../../db/central/migrate';
import { LOCAL_MIGRATIONS_DIR, loadLocalMigrations } from '../../../db/local/migrate';

function recorded(): Map<string, string> {
  const lines = readFileSync(join(LOCAL_MIGRATIONS_DIR, 'checksums.sha256'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  return new Map(lines.map((l) => {
    const m = /^([0-9a-f]{64}) [ *](\S+)$/.exec(l);
    if (!m) throw new Error(`checksums.sha256: not a "<sha256>  <file>" line: ${l}`);
    return [m[2]!, m[1]!];
  }));
}

describe('local migrations: released files are unchanged', () => {
  it('has a recorded checksum for every migration, and each file still matches it', () => {
    const sums = recorded();
    const migrations = loadLocalMigrations();
    expect(migrations.length).toBeGreaterThan(10);
    const unrecorded = migrations.filter((m) => !sums.has(m.name)).map((m) => m.name);
    expect(unrecorded, 'a new migration: add its line with `sha256sum NNN_name.sql >> checksums.sha256` in db/local/migrations').toEqual([]);
    const edited = migrations.filter((m) => sums.get(m.name) !== migrationChecksum(m.sql)).map((m) => m.name);
    expect(edited, 'a released migration was edited: restore it and put the change in a new migration').toEqual([]);
    const gone = [...sums.keys()].filter((name) => !migrations.some((m) => m.name === name));
    expect(gone, 'a released migration was removed or renamed: terminals that ran it still depend on its number').toEqual([]);
  });

  it('tells an edited file from the recorded one (the check can fail)', () => {
    const [first] = loadLocalMigrations();
    expect(migrationChecksum(`${first!.sql}\n-- edited`)).not.toBe(recorded().get(first!.name));
    // A Windows checkout (CRLF) of an unchanged file is not an edit.
    expect(migrationChecksum(first!.sql.replace(/\n/g, '\r\n'))).toBe(recorded().get(first!.name));
  });
});
