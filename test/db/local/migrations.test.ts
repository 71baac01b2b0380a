// Local store migrations on a real SQLite file: each migration is built from the schema before it,
// applied, and checked; a database from a newer app is refused untouched.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, latestVersion, loadLocalMigrations, migrateLocal } from '../../../db/local/migrate';
import { openLocalStore } from '../../../db/local/open';
import { cleanTempDirs, tempDir } from '../../support/tmp';

afterAll(cleanTempDirs);

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('local store', () => {
  it('opens with WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openLocalStore(join(tempDir(), 't.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(loadLocalMigrations()));
    db.close();
  });

  it('migration 001 creates the outbox with the event envelope and the reference tables', () => {
    const db = openLocalStore(join(tempDir(), 't.db'), { targetVersion: 1 });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const cols = (db.prepare('PRAGMA table_info(outbox)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining([
      'event_id', 'device_seq', 'type', 'schema_version', 'payload', 'occurred_at', 'mono_ms', 'boot_id',
      'actor_id', 'attempts', 'next_attempt_at', 'last_error', 'sent_at', 'dead_at', 'dead_reason',
    ]));
    expect(tables(db)).toEqual(expect.arrayContaining(['meta', 'outbox', 'attachments', 'cells', 'jobs', 'parts', 'operations', 'profiles', 'downtime_reasons']));
    // event_id is unique: the same event can never be queued twice.
    const ins = db.prepare("INSERT INTO outbox (device_seq, event_id, type, schema_version, payload, occurred_at, mono_ms, boot_id) VALUES (?, 'e1', 'note.added', 1, '{}', 'now', 0, 'b')");
    ins.run(1);
    expect(() => ins.run(2)).toThrow(/UNIQUE/);
    db.close();
  });

  it('applies all pending migrations in one transaction: a failing one leaves the old version', () => {
    const dir = tempDir();
    const file = join(dir, 't.db');
    openLocalStore(file, { targetVersion: 1 }).close();
    const db = new Database(file);
    const broken = [...loadLocalMigrations(), { version: 999, name: '999_broken.sql', sql: 'CREATE TABLE x (a); SELECT * FROM no_such_table;' }];
    expect(() => migrateLocal(db, broken)).toThrow(/no_such_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).not.toContain('x');
    db.close();
  });

  it('refuses a database written by a newer app and leaves it unchanged', () => {
    const file = join(tempDir(), 't.db');
    const raw = new Database(file);
    raw.pragma('user_version = 9999');
    raw.close();
    expect(() => openLocalStore(file)).toThrow(DatabaseTooNewError);
    expect(() => openLocalStore(file)).toThrow(/newer version of the terminal/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(9999);
    expect(tables(check)).toEqual([]);
    check.close();
  });
});
