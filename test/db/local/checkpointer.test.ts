// Throttled WAL checkpoints on a real SQLite file: commits no longer checkpoint at SQLite's default
// 1,000 pages, the timer does it between commands, and a crash with an un-checkpointed WAL loses
// nothing (the WAL is replayed on open).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../../db/local/open';
import { BACKSTOP_PAGES, startCheckpointer } from '../../../electron/core/store/checkpointer';
import { until } from '../../support/until';
import { cleanTempDirs, tempDir } from '../../support/tmp';

afterAll(cleanTempDirs);

describe('WAL checkpointer', () => {
  it('raises the automatic checkpoint to a backstop and checkpoints from its timer', async () => {
    const file = join(tempDir(), 't.db');
    const db = openLocalStore(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const size0 = statSync(file).size;
    const stop = startCheckpointer(db, 200);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
    const ins = db.prepare("INSERT INTO meta (key, value) VALUES (?, 'x')");
    // 1,500 commits go past SQLite's default of 1,000 WAL pages, which would have copied them into
    // the database file inside one of these commits. The timer cannot run during this loop.
    for (let i = 0; i < 1500; i++) ins.run(`k${i}`);
    expect(statSync(file).size).toBe(size0);
    await until(() => statSync(file).size > size0, 5_000, 'the timer checkpoint to copy the WAL into the database file');
    expect((db.prepare('SELECT count(*) AS n FROM meta WHERE key LIKE ?').get('k%') as { n: number }).n).toBe(1500);
    stop();
    db.close();
  });

  it('a process killed with a long WAL loses no committed row', () => {
    const file = join(tempDir(), 'crash.db');
    openLocalStore(file).close();
    const script = `
      import Database from 'better-sqlite3';
      const db = new Database(${JSON.stringify(file)});
      db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('wal_autocheckpoint = ${BACKSTOP_PAGES}');
      const ins = db.prepare("INSERT INTO meta (key, value) VALUES (?, 'x')");
      for (let i = 0; i < 500; i++) ins.run('c' + i);
      process.kill(process.pid, 'SIGKILL');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '../../..') });
    expect(r.signal).toBe('SIGKILL');
    const db = openLocalStore(file);
    expect((db.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'c%'").get() as { n: number }).n).toBe(500);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
