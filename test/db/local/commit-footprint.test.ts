// Migrations 031 and 033 (commit footprint). 031: two pairs of indexes became one each. A store that was in use
// at 030 (sent, pending and dead-lettered events; open and closed time entries of a crew) must
// give the same answers after the upgrade to every question the core and sync ask of those
// indexes, still enforce one open entry per operator, answer the pending count from the index
// alone, and a pause must dirty fewer pages (WAL frames) than it did at 030.
// 033: the outbox is rebuilt without the UNIQUE index on event_id. Every row and its sync state
// survive, replayed machine counts still find their original event (now by device_seq), the
// settlement trigger that names the outbox still fires, and a command writes one page fewer.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../../db/local/open';
import { manualClock } from '../../../electron/core/clock';
import { createCore, type Core } from '../../../electron/core/core';
import { allOpenEntries, openEntriesOn, openEntryOf } from '../../../electron/core/lookups';
import { PINS, standardFixture, type StandardFixture } from '../../support/local-fixtures';
import { cleanTempDirs, tempDir } from '../../support/tmp';

afterAll(cleanTempDirs);

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A crew of two at work: starts, pauses, resumes, notes; then one event sent, one dead. */
async function inUse(file: string, version?: number): Promise<{ db: Database.Database; core: Core; fx: StandardFixture }> {
  const db = openLocalStore(file, version === undefined ? {} : { targetVersion: version });
  const fx = await standardFixture(db);
  const core = createCore({ db, clock: manualClock(), contract: 'core', config: { session: { idle_check_ms: 0 } } });
  await ok(core.command('session.login', { employee_id: fx.employees.op1, pin: PINS.op1 }));
  await ok(core.command('operation.start', { operation_id: fx.ops[0] }));
  await ok(core.command('session.login', { employee_id: fx.employees.op2, pin: PINS.op2 }));
  await ok(core.command('operation.start', { operation_id: fx.ops[0] }));
  await ok(core.command('operation.pause', { operation_id: fx.ops[0], reason: 'material' }));
  await ok(core.command('operation.resume', { operation_id: fx.ops[0] }));
  await ok(core.command('note.add', { cell_id: fx.cellA, text: 'coolant low' }));
  db.prepare("UPDATE outbox SET sent_at = '2026-11-22T06:00:00.000Z' WHERE device_seq = (SELECT min(device_seq) FROM outbox)").run();
  db.prepare("UPDATE outbox SET dead_at = '2026-11-22T06:00:00.000Z', dead_reason = 'test' WHERE device_seq = (SELECT max(device_seq) FROM outbox)").run();
  return { db, core, fx };
}

function answers(db: Database.Database, fx: StandardFixture) {
  return {
    pending: db.prepare('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL').get(),
    firstPending: db.prepare('SELECT min(device_seq) AS s FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL').get(),
    unsent: db.prepare('SELECT device_seq, dead_at FROM outbox WHERE sent_at IS NULL ORDER BY device_seq').all(),
    openOnOp: openEntriesOn(db, fx.ops[0]).map((e) => e.id),
    allOnOp: db.prepare('SELECT id, ended_at FROM time_entries_local WHERE operation_id = ? ORDER BY started_at, id').all(fx.ops[0]),
    openOfOp1: openEntryOf(db, fx.profiles.op1)?.id ?? null,
    allOpen: allOpenEntries(db).map((e) => e.id),
  };
}

const indexes = (db: Database.Database, table: string) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all(table) as string[]);

/** WAL frames written by one command: the WAL is emptied first, then counted after the commit. */
async function framesOf(db: Database.Database, run: () => Promise<unknown>): Promise<number> {
  db.pragma('wal_checkpoint(TRUNCATE)');
  await run();
  return (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
}

/** WAL frames of one pause and one resume on a store in use at `version` (default: latest). */
async function pauseResumeFrames(version?: number): Promise<{ pause: number; resume: number }> {
  const { db, core, fx } = await inUse(join(tempDir('footprint-'), 'terminal.db'), version);
  const pause = await framesOf(db, () => ok(core.command('operation.pause', { operation_id: fx.ops[0], reason: 'break' })));
  const resume = await framesOf(db, () => ok(core.command('operation.resume', { operation_id: fx.ops[0] })));
  core.close();
  db.close();
  return { pause, resume };
}

describe('local migration 031: commit footprint', () => {
  it('gives the same answers after upgrading a store in use at 030', async () => {
    const file = join(tempDir('footprint-'), 'terminal.db');
    const { db, core, fx } = await inUse(file, 30);
    expect(db.pragma('user_version', { simple: true })).toBe(30);
    expect(indexes(db, 'outbox')).toContain('outbox_pending');
    const before = answers(db, fx);
    // Sanity: the scenario really has what the indexes distinguish.
    expect((before.unsent as { dead_at: string | null }[]).some((r) => r.dead_at !== null)).toBe(true);
    expect(before.openOnOp.length).toBe(2);
    expect((before.allOnOp as unknown[]).length).toBe(3);
    core.close();
    db.close();

    const upgraded = openLocalStore(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(31);
    expect(indexes(upgraded, 'outbox')).not.toContain('outbox_pending');
    expect(indexes(upgraded, 'time_entries_local')).not.toContain('time_entries_open_op');
    expect(answers(upgraded, fx)).toEqual(before);
    // The pending count is answered from the index alone.
    const plan = (upgraded.prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL').all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toContain('COVERING INDEX outbox_unsent');
    // Still one open entry per operator, enforced by the store itself.
    const open = upgraded.prepare('SELECT * FROM time_entries_local WHERE ended_at IS NULL LIMIT 1').get() as Record<string, unknown>;
    expect(() => upgraded.prepare('INSERT INTO time_entries_local (id, operation_id, profile_id, cell_id, started_at, start_mono, start_boot) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('dup', fx.ops[1], open.profile_id, open.cell_id, '2026-11-22T07:00:00.000Z', 0, 'b')).toThrow(/UNIQUE/);
    upgraded.close();
  });

  it('makes a pause and a resume dirty fewer pages than at 030', async () => {
    const [old, latest] = [await pauseResumeFrames(30), await pauseResumeFrames()];
    expect(latest.pause).toBeGreaterThan(0);
    expect(latest.pause).toBeLessThan(old.pause);
    expect(latest.resume).toBeLessThan(old.resume);
  });
});

describe('local migration 033: outbox event_id without its own index', () => {
  it('keeps every outbox row and machine replay link when upgrading a store in use at 032', async () => {
    const file = join(tempDir('footprint-'), 'terminal.db');
    const { db, core, fx } = await inUse(file, 32);
    const events = db.prepare('SELECT device_seq, event_id FROM outbox ORDER BY device_seq').all() as { device_seq: number; event_id: string }[];
    expect(events.length).toBeGreaterThan(3);
    // Two machine counts seen at 032, linked to their events by event_id only.
    const seen = db.prepare('INSERT INTO machine_seq_seen (machine_id, machine_seq, event_id, count_id) VALUES (?, ?, ?, ?)');
    seen.run('m1', 1, events[1]!.event_id, 'c1');
    seen.run('m1', 2, events[3]!.event_id, 'c2');
    const before = db.prepare('SELECT * FROM outbox ORDER BY device_seq').all();
    const pendingBefore = answers(db, fx);
    core.close();
    db.close();

    const upgraded = openLocalStore(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(33);
    expect(upgraded.prepare('SELECT * FROM outbox ORDER BY device_seq').all()).toEqual(before);
    expect(answers(upgraded, fx)).toEqual(pendingBefore);
    expect(indexes(upgraded, 'outbox')).toEqual(['outbox_dead', 'outbox_entity_pending', 'outbox_unsent']);
    const autoIndexes = upgraded.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name LIKE 'sqlite_autoindex_%'").get() as { n: number };
    expect(autoIndexes.n).toBe(0);
    expect(upgraded.prepare('SELECT machine_seq, device_seq FROM machine_seq_seen ORDER BY machine_seq').all()).toEqual([
      { machine_seq: 1, device_seq: events[1]!.device_seq },
      { machine_seq: 2, device_seq: events[3]!.device_seq },
    ]);
    expect(upgraded.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(upgraded.pragma('foreign_key_check')).toEqual([]);

    // op_status_settle (021) names the outbox: a pulled newer version of an operation whose events
    // are all sent settles its local status overlay, so the trigger still resolves the new table.
    upgraded.prepare("UPDATE outbox SET sent_at = '2026-11-22T08:00:00.000Z' WHERE sent_at IS NULL").run();
    expect(upgraded.prepare('SELECT count(*) AS n FROM op_state WHERE operation_id = ?').get(fx.ops[0])).toEqual({ n: 1 });
    upgraded.prepare('UPDATE operations SET version = version + 1 WHERE id = ?').run(fx.ops[0]);
    expect(upgraded.prepare('SELECT count(*) AS n FROM op_state WHERE operation_id = ?').get(fx.ops[0])).toEqual({ n: 0 });
    upgraded.close();
  });

  it('makes a pause and a resume write one page fewer than at 032', async () => {
    const [old, latest] = [await pauseResumeFrames(32), await pauseResumeFrames()];
    expect(latest.pause).toBe(old.pause - 1);
    expect(latest.resume).toBe(old.resume - 1);
  });
});
