// Throttled WAL checkpoints on a real SQLite file: commits no longer checkpoint at SQLite's default
// 1,000 pages, the timer does it between commands once the log holds enough frames (read from the
// -shm file's wal-index header), and a crash with an un-checkpointed WAL loses nothing (the WAL is
// replayed on open).
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../../db/local/open';
import { BACKSTOP_PAGES, startCheckpointer, walFramesPending } from '../../../electron/core/store/checkpointer';
import { until } from '../../support/until';
import { cleanTempDirs, tempDir } from '../../support/tmp';

afterAll(cleanTempDirs);

describe('WAL checkpointer', () => {
  it('raises the automatic checkpoint to a backstop and checkpoints from its timer', async () => {
    const file = join(tempDir(), 't.db');
    const db = openLocalStore(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const size0 = statSync(file).size;
    const stop = startCheckpointer(db, { intervalMs: 200, frames: 500 });
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

  it('reads the frames waiting in the log, and leaves a log below its threshold alone', async () => {
    const file = join(tempDir(), 'frames.db');
    const db = openLocalStore(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const fd = openSync(`${file}-shm`, 'r');
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 10; i++) ins.run(`f${i}`); // one page, so one frame per commit
    expect(walFramesPending(fd)).toBe(10);
    const stop = startCheckpointer(db, { intervalMs: 50, frames: 40 });
    await new Promise((r) => setTimeout(r, 300)); // several ticks below the threshold: nothing copied
    expect(walFramesPending(fd)).toBe(10);
    for (let i = 10; i < 45; i++) ins.run(`f${i}`);
    await until(() => walFramesPending(fd) === 0, 5_000, 'the timer to checkpoint a log past its threshold');
    // The next commit starts the log over; what counts is again only what it wrote.
    ins.run('after');
    expect(walFramesPending(fd)).toBe(1);
    stop();
    closeSync(fd);
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
