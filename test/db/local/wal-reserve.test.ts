// The reserved write-ahead log on a real SQLite file: the store opens with its -wal file at the
// reserved size, commits after a checkpoint overwrite that file instead of growing it, and a process
// killed after writing frames into the reserved (zero-filled) region loses nothing on recovery.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../../db/local/open';
import { WAL_RESERVE_BYTES, WAL_SIZE_LIMIT_BYTES, reserveWal } from '../../../db/local/wal-reserve';
import { cleanTempDirs, tempDir } from '../../support/tmp';

afterAll(cleanTempDirs);

const walSize = (file: string) => statSync(`${file}-wal`).size;
const count = (db: Database.Database, like: string) =>
  (db.prepare('SELECT count(*) AS n FROM meta WHERE key LIKE ?').get(like) as { n: number }).n;

describe('reserved WAL', () => {
  it('opens with the log at its reserved size and keeps writing inside it after each checkpoint', () => {
    const file = join(tempDir(), 'r.db');
    const db = openLocalStore(file);
    expect(walSize(file)).toBe(WAL_RESERVE_BYTES);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(WAL_SIZE_LIMIT_BYTES);
    const ins = db.prepare("INSERT INTO meta (key, value) VALUES (?, 'x')");
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 500; i++) ins.run(`k${round}-${i}`);
      // 500 one-page commits fit in the reserve: the file has not grown.
      expect(walSize(file)).toBe(WAL_RESERVE_BYTES);
      const [ck] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      expect(ck!.checkpointed).toBe(ck!.log);
    }
    expect(count(db, 'k%')).toBe(1500);
    // Reserving again is a no-op on a log that is already large enough.
    reserveWal(db);
    expect(walSize(file)).toBe(WAL_RESERVE_BYTES);
    db.close();
  });

  it('leaves a store that is not in WAL mode alone', () => {
    const file = join(tempDir(), 'journal.db');
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE t (a)');
    expect(() => reserveWal(db)).not.toThrow();
    expect(existsSync(`${file}-wal`)).toBe(false);
    db.close();
  });

  it('a process killed after committing into the zero-filled reserve loses no committed row', () => {
    const file = join(tempDir(), 'crash.db');
    openLocalStore(file).close();
    const reserveModule = join(import.meta.dirname, '../../../db/local/wal-reserve.ts');
    // Node 24 runs the TypeScript module directly (type stripping); the child uses the real function.
    const script = `
      import Database from 'better-sqlite3';
      import { reserveWal } from ${JSON.stringify(reserveModule)};
      const db = new Database(${JSON.stringify(file)});
      db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('wal_autocheckpoint = 0');
      const ins = db.prepare("INSERT INTO meta (key, value) VALUES (?, 'x')");
      for (let i = 0; i < 200; i++) ins.run('before' + i);
      reserveWal(db, 8 * 1024 * 1024);
      for (let i = 0; i < 200; i++) ins.run('after' + i);
      process.kill(process.pid, 'SIGKILL');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '../../..') });
    expect(r.stderr.toString()).not.toMatch(/Error/);
    expect(r.signal).toBe('SIGKILL');
    // The killed process left un-checkpointed frames followed by zeros.
    expect(walSize(file)).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    const db = openLocalStore(file);
    expect(count(db, 'before%')).toBe(200);
    expect(count(db, 'after%')).toBe(200);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
