// Migrations 031 and 033 (commit footprint). 031: two pairs of indexes became one each. A store that was in use
// at 030 (sent, pending and dead-lettered events; open and closed time entries of a crew) must
// give the same answers after the upgrade to every question the core and sync ask of those
// indexes, still enforce one open entry per operator, answer the pending count from the index
// alone, and a pause must dirty fewer pages (WAL frames) than it did at 030.
// 033: the outbox is rebuilt without the UNIQUE index on event_id. Every row and its sync state
// survive, replayed machine counts still find their original event (now by device_seq), the
// settlement trigger that names the outbox still fires, and a command writes one page fewer.
// 034: the outbox_unsent index gives way to a settled-through mark. The mark starts at the first
// unsent event, the push reads the same rows as before, the mark follows the central's verdicts and
// a resend, and a command writes one page fewer.
// 035: time entries are stored clustered by operation (WITHOUT ROWID, keyed by operation and id)
// with no other index but the open entries'. Every entry survives, one open entry per operator is
// still enforced, the queue triggers still fire, a pause writes one page fewer and a resume two.
// 036: the worked seconds shown come from the entries, not a running total that every pause
// rewrote: the column is gone, the actual time is the entries' sum, and a pause or resume writes four pages.
// 037: outbox_entity_pending gives way to the marks. The pending count and the entities waiting to
// be pushed equal what the index answered, after the upgrade and through any sequence of appends,
// verdicts (in and out of order), dead letters, resends and direct marks; a command writes one page fewer.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../../db/local/open';
import { manualClock, type ManualClock } from '../../../electron/core/clock';
import { createCore, type Core } from '../../../electron/core/core';
import { allOpenEntries, openEntriesOn, openEntryOf } from '../../../electron/core/lookups';
import { createOutboxQueue } from '../../../electron/core/sync/outbox-queue';
import { createPullApplier } from '../../../electron/core/sync/pull-apply';
import { PINS, standardFixture, type StandardFixture } from '../../support/local-fixtures';
import { cleanTempDirs, tempDir } from '../../support/tmp';

afterAll(cleanTempDirs);

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A crew of two at work: starts, pauses, resumes, notes; then one event sent, one dead. */
async function inUse(file: string, version?: number): Promise<{ db: Database.Database; core: Core; fx: StandardFixture; clock: ManualClock }> {
  const db = openLocalStore(file, version === undefined ? {} : { targetVersion: version });
  const fx = await standardFixture(db);
  const clock = manualClock();
  const core = createCore({ db, clock, contract: 'core', config: { session: { idle_check_ms: 0 } } });
  await ok(core.command('session.login', { employee_id: fx.employees.op1, pin: PINS.op1 }));
  await ok(core.command('operation.start', { operation_id: fx.ops[0] }));
  await ok(core.command('session.login', { employee_id: fx.employees.op2, pin: PINS.op2 }));
  await ok(core.command('operation.start', { operation_id: fx.ops[0] }));
  await ok(core.command('operation.pause', { operation_id: fx.ops[0], reason: 'material' }));
  await ok(core.command('operation.resume', { operation_id: fx.ops[0] }));
  await ok(core.command('note.add', { cell_id: fx.cellA, text: 'coolant low' }));
  db.prepare("UPDATE outbox SET sent_at = '2026-11-22T06:00:00.000Z' WHERE device_seq = (SELECT min(device_seq) FROM outbox)").run();
  db.prepare("UPDATE outbox SET dead_at = '2026-11-22T06:00:00.000Z', dead_reason = 'test' WHERE device_seq = (SELECT max(device_seq) FROM outbox)").run();
  return { db, core, fx, clock };
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
  const { db, core, fx, clock } = await inUse(join(tempDir('footprint-'), 'terminal.db'), version);
  // Time passes between taps, so the pause closes an entry with a real duration.
  clock.advance(90_000);
  const pause = await framesOf(db, () => ok(core.command('operation.pause', { operation_id: fx.ops[0], reason: 'break' })));
  clock.advance(90_000);
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

    const upgraded = openLocalStore(file, { targetVersion: 31 });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(31);
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
    const [old, latest] = [await pauseResumeFrames(30), await pauseResumeFrames(31)];
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

    const upgraded = openLocalStore(file, { targetVersion: 33 });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(33);
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
    const [old, latest] = [await pauseResumeFrames(32), await pauseResumeFrames(33)];
    expect(latest.pause).toBe(old.pause - 1);
    expect(latest.resume).toBe(old.resume - 1);
  });
});

describe('local migration 034: the push reads from a settled-through mark', () => {
  const mark = (db: Database.Database) => (db.prepare('SELECT through FROM outbox_settled').pluck().get() as number);

  it('starts the mark at the first unsent event and reads the same batch as the index did at 033', async () => {
    const file = join(tempDir('footprint-'), 'terminal.db');
    const { db, core, fx } = await inUse(file, 33);
    // Sent out of order at 033: rows 1 and 3 answered, 2 still waiting (a hole the mark must not skip).
    db.prepare("UPDATE outbox SET sent_at = '2026-11-22T06:00:00.000Z' WHERE device_seq = 3").run();
    const pendingBefore = answers(db, fx);
    const before = (pendingBefore.unsent as { device_seq: number }[]).map((r) => r.device_seq);
    core.close();
    db.close();

    const upgraded = openLocalStore(file, { targetVersion: 34 });
    expect(indexes(upgraded, 'outbox')).toEqual(['outbox_dead', 'outbox_entity_pending']);
    expect(mark(upgraded)).toBe(1);
    const q = createOutboxQueue(upgraded);
    expect(q.nextBatch().map((e) => e.device_seq)).toEqual(before);
    expect(before).toContain(2);
    expect(before).not.toContain(3);
    expect(answers(upgraded, fx)).toEqual(pendingBefore);
    // The push reads the outbox by device_seq from the mark, not by scanning it whole.
    const plan = (upgraded.prepare('EXPLAIN QUERY PLAN SELECT device_seq FROM outbox WHERE device_seq > max(?, (SELECT through FROM outbox_settled)) AND sent_at IS NULL ORDER BY device_seq LIMIT 5').all(0) as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toContain('INTEGER PRIMARY KEY (rowid>?)');
    upgraded.close();
  });

  it('moves the mark with the verdicts, never past an event still unsent, and back for a resend', async () => {
    const { db, core } = await inUse(join(tempDir('footprint-'), 'terminal.db'));
    const q = createOutboxQueue(db);
    const all = db.prepare('SELECT device_seq, event_id FROM outbox ORDER BY device_seq').all() as { device_seq: number; event_id: string }[];
    expect(all.length).toBeGreaterThan(4);
    expect(mark(db)).toBe(0); // inUse marked row 1 sent by hand, so the mark has not moved yet
    // The central answers rows 2 and 3 only: everything up to 3 is settled.
    q.applyResults([{ device_seq: 2, event_id: all[1]!.event_id, status: 'applied' }, { device_seq: 3, event_id: all[2]!.event_id, status: 'duplicate' }], '2026-11-22T07:00:00.000Z');
    expect(mark(db)).toBe(3);
    expect(q.nextBatch()[0]!.device_seq).toBe(4);
    // An answer for 5 while 4 is still waiting: the mark stays below 4 and 4 is read again first.
    q.applyResults([{ device_seq: 5, event_id: all[4]!.event_id, status: 'rejected', reason: 'test' }], '2026-11-22T07:00:01.000Z');
    expect(mark(db)).toBe(3);
    expect(q.nextBatch().map((e) => e.device_seq)).toEqual(all.slice(3).map((r) => r.device_seq).filter((s) => s !== 5));
    // Everything answered: the mark reaches the last event; a new command's event is read next.
    q.applyResults(all.slice(3).filter((r) => r.device_seq !== 5).map((r) => ({ device_seq: r.device_seq, event_id: r.event_id, status: 'applied' as const })), '2026-11-22T07:00:02.000Z');
    expect(mark(db)).toBe(all.at(-1)!.device_seq);
    expect(q.nextBatch()).toEqual([]);
    expect(q.counts().pending).toBe(0);
    // The central lost events from 3 on (restored from a backup): they are read again.
    expect(q.resendFrom(3)).toBe(all.length - 2);
    expect(mark(db)).toBe(2);
    expect(q.nextBatch().map((e) => e.device_seq)).toEqual(all.slice(2).map((r) => r.device_seq));
    expect(q.counts().pending).toBe(all.length - 4); // row 5 (refused) and the last row are dead letters, not pending
    core.close();
    db.close();
  });

  it('makes a pause and a resume write one page fewer than at 033', async () => {
    const [old, latest] = [await pauseResumeFrames(33), await pauseResumeFrames(34)];
    expect(latest.pause).toBe(old.pause - 1);
    expect(latest.resume).toBe(old.resume - 1);
  });
});

describe('local migration 035: time entries clustered by operation', () => {
  it('keeps every entry and its answers, and still allows one open entry per operator', async () => {
    const file = join(tempDir('footprint-'), 'terminal.db');
    const { db, core, fx } = await inUse(file, 34);
    const before = db.prepare('SELECT * FROM time_entries_local ORDER BY id').all();
    const answersBefore = answers(db, fx);
    expect(answersBefore.openOnOp.length).toBe(2);
    core.close();
    db.close();

    const upgraded = openLocalStore(file, { targetVersion: 35 });
    expect(upgraded.prepare('SELECT * FROM time_entries_local ORDER BY id').all()).toEqual(before);
    expect(answers(upgraded, fx)).toEqual(answersBefore);
    expect(indexes(upgraded, 'time_entries_local')).toEqual(['time_entries_open_profile']);
    expect(upgraded.prepare("SELECT sql FROM sqlite_master WHERE name = 'time_entries_local'").pluck().get()).toMatch(/WITHOUT ROWID/);
    const open = upgraded.prepare('SELECT * FROM time_entries_local WHERE ended_at IS NULL LIMIT 1').get() as Record<string, unknown>;
    const insert = upgraded.prepare('INSERT INTO time_entries_local (id, operation_id, profile_id, cell_id, started_at, start_mono, start_boot) VALUES (?, ?, ?, ?, ?, ?, ?)');
    expect(() => insert.run('dup', fx.ops[1], open.profile_id, open.cell_id, '2026-11-22T07:00:00.000Z', 0, 'b')).toThrow(/UNIQUE/);
    // The queue trigger still fires: clocking onto a not-started operation puts it in process.
    const section = () => upgraded.prepare('SELECT section FROM queue_entries WHERE operation_id = ?').pluck().get(fx.ops[1]);
    expect(section()).not.toBe(0);
    insert.run('other', fx.ops[1], 'someone-else', fx.cellA, '2026-11-22T07:00:00.000Z', 0, 'b');
    expect(section()).toBe(0);
    expect(upgraded.pragma('integrity_check', { simple: true })).toBe('ok');
    upgraded.close();
  });

  it('makes a pause write one page fewer than at 034 and a resume two fewer', async () => {
    const [old, latest] = [await pauseResumeFrames(34), await pauseResumeFrames(35)];
    expect(latest.pause).toBe(old.pause - 1);
    expect(latest.resume).toBe(old.resume - 2);
  });
});

describe('local migration 036: worked seconds summed from the entries', () => {
  it('drops the running total, shows the entries\' sum, and a pause or a resume writes four pages', async () => {
    const file = join(tempDir('footprint-'), 'terminal.db');
    const { db, core, fx, clock } = await inUse(file, 35);
    clock.advance(120_000);
    await ok(core.command('operation.pause', { operation_id: fx.ops[0], reason: 'break' })); // op2's entry: 120 s
    core.close();
    db.close();

    const upgraded = openLocalStore(file, { targetVersion: 36 });
    const cols = (upgraded.prepare('PRAGMA table_info(op_totals)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).not.toContain('closed_seconds');
    const core2 = createCore({ db: upgraded, clock, contract: 'core', config: { session: { idle_check_ms: 0 } } });
    const detail = await ok(core2.query('operation.detail', { operation_id: fx.ops[0] }));
    // op1's entry is still open (it runs on top); the closed ones are op2's 0 s and 120 s.
    expect(detail.entry.actual_seconds).toBe(120 + 120);
    core2.close();
    upgraded.close();

    // A pause or a resume now writes the outbox row, its pending-entity index entry, the entry and
    // the open-entries index: no totals row, no other index.
    const latest = await pauseResumeFrames(36);
    expect(latest.pause).toBeGreaterThan(0);
    expect(latest.pause).toBeLessThanOrEqual(4);
    expect(latest.resume).toBeLessThanOrEqual(4);
  });
});

describe('local migration 037: pending count and waiting entities from the marks', () => {
  const truth = (db: Database.Database) => ({
    pending: db.prepare('SELECT count(*) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL').pluck().get() as number,
    waiting: (db.prepare('SELECT DISTINCT entity_id FROM outbox WHERE entity_id IS NOT NULL AND sent_at IS NULL AND dead_at IS NULL ORDER BY 1').pluck().all() as string[]),
  });
  /** What the pull defers: a page with one row per outbox entity, in a table the pull keeps. */
  const deferredBy = (db: Database.Database, tenantId: string): string[] => {
    const ids = db.prepare('SELECT DISTINCT entity_id FROM outbox WHERE entity_id IS NOT NULL').pluck().all() as string[];
    const cursor = db.prepare("SELECT value FROM meta WHERE key = 'pull_cursor'").pluck().get() as string | undefined ?? null;
    db.exec('SAVEPOINT probe');
    try {
      createPullApplier(db).applyPage(ids.map((id) => ({ t: 'cells', v: 1, x: '1', d: false, r: { id, tenant_id: tenantId, name: 'probe' } })), 'probe', cursor);
      return (db.prepare('SELECT id FROM pull_deferred ORDER BY 1').pluck().all() as string[]);
    } finally {
      db.exec('ROLLBACK TO probe; RELEASE probe');
    }
  };

  it('counts the same pending events and defers the same entities after upgrading a store in use at 036', async () => {
    const file = join(tempDir('footprint-'), 'terminal.db');
    const { db, core, fx } = await inUse(file, 36);
    db.prepare("UPDATE outbox SET sent_at = '2026-11-22T06:00:00.000Z' WHERE device_seq = 3").run(); // a hole: 2 waits, 3 answered
    const before = truth(db);
    const oldestBefore = db.prepare('SELECT occurred_at FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL ORDER BY device_seq LIMIT 1').pluck().get();
    const deadBefore = db.prepare('SELECT count(*) FROM outbox WHERE dead_at IS NOT NULL').pluck().get();
    expect(before.pending).toBeGreaterThan(2);
    core.close();
    db.close();

    const upgraded = openLocalStore(file, { targetVersion: 37 });
    expect(indexes(upgraded, 'outbox')).toEqual(['outbox_dead']);
    expect(upgraded.prepare('SELECT marked_through FROM outbox_settled').pluck().get()).toBe(upgraded.prepare('SELECT max(device_seq) FROM outbox').pluck().get());
    expect(truth(upgraded)).toEqual(before);
    expect(createOutboxQueue(upgraded).counts()).toEqual({ pending: before.pending, oldestPendingAt: oldestBefore, dead: deadBefore });
    expect(deferredBy(upgraded, fx.tenantId)).toEqual(before.waiting);
    // Neither question reads the outbox's whole history: both start from the mark (the rowid range).
    for (const q of [
      'SELECT count(*) FROM outbox WHERE device_seq > (SELECT through FROM outbox_settled) AND device_seq <= 9 AND sent_at IS NULL',
      'SELECT DISTINCT entity_id FROM outbox WHERE device_seq > (SELECT through FROM outbox_settled) AND entity_id IS NOT NULL AND sent_at IS NULL',
    ]) {
      expect((upgraded.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[]).map((r) => r.detail).join(' ')).toContain('INTEGER PRIMARY KEY (rowid>?');
    }
    upgraded.close();
  });

  it('keeps the count and the waiting entities exact through any appends, verdicts, dead letters, resends and direct marks', async () => {
    const { db, core, fx } = await inUse(join(tempDir('footprint-'), 'terminal.db'));
    const q = createOutboxQueue(db);
    const entities = ['e-a', 'e-b', 'e-c', null];
    const append = db.prepare(
      "INSERT INTO outbox (device_seq, event_id, type, schema_version, payload, occurred_at, mono_ms, boot_id, actor_id, entity_id) VALUES ((SELECT max(device_seq) + 1 FROM outbox), ?, 'note.added', 1, '{}', '2026-11-22T06:00:00.000Z', 0, 'b', NULL, ?)",
    );
    const rows = () => db.prepare('SELECT device_seq, event_id FROM outbox ORDER BY device_seq').all() as { device_seq: number; event_id: string }[];
    const step = fc.oneof(
      fc.record({ k: fc.constant('append' as const), n: fc.integer({ min: 1, max: 5 }), e: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ k: fc.constant('answer' as const), from: fc.nat(), n: fc.integer({ min: 1, max: 6 }), reject: fc.boolean(), skip: fc.boolean() }),
      fc.record({ k: fc.constant('dead' as const), at: fc.nat() }),
      fc.record({ k: fc.constant('resend' as const), at: fc.nat() }),
      fc.record({ k: fc.constant('direct' as const), at: fc.nat() }),
    );
    let serial = 0;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        db.exec('SAVEPOINT run');
        try {
          for (const s of steps) {
            const all = rows();
            const pick = (i: number) => all[i % all.length]!;
            if (s.k === 'append') {
              for (let i = 0; i < s.n; i++) append.run(`ev-${serial++}`, entities[s.e]!);
            } else if (s.k === 'answer') {
              // A batch from the first unsent row on, or (skip) an out-of-order answer further on.
              const unsent = q.nextBatch({ maxEvents: 50, maxBytes: 1 << 20 });
              const start = s.skip ? Math.min(unsent.length - 1, s.from % 4) : 0;
              const batch = unsent.slice(Math.max(0, start), Math.max(0, start) + s.n);
              if (batch.length > 0) {
                q.applyResults(batch.map((e, i) => ({ device_seq: e.device_seq, event_id: e.event_id, status: s.reject && i === 0 ? 'rejected' as const : 'applied' as const, reason: 'test' })), '2026-11-22T07:00:00.000Z');
              }
            } else if (s.k === 'dead') {
              q.deadLetter(pick(s.at).device_seq, 'malformed', '2026-11-22T07:00:00.000Z');
            } else if (s.k === 'resend') {
              q.resendFrom(pick(s.at).device_seq);
            } else {
              // A repair or a test marking a row sent by hand, without the queue's mark.
              db.prepare("UPDATE outbox SET sent_at = '2026-11-22T07:00:00.000Z' WHERE device_seq = ?").run(pick(s.at).device_seq);
            }
            const t = truth(db);
            expect(q.counts().pending).toBe(t.pending);
            expect(deferredBy(db, fx.tenantId)).toEqual(t.waiting);
          }
        } finally {
          db.exec('ROLLBACK TO run; RELEASE run');
        }
      }),
      { numRuns: 60, seed: 37 },
    );
    core.close();
    db.close();
  });

  it('leaves no trigger or view asking the outbox for pending rows across its whole history', () => {
    const db = openLocalStore(join(tempDir('footprint-'), 'terminal.db'));
    const readers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') AND sql LIKE '%FROM outbox%' AND sql LIKE '%sent_at IS NULL%'").all() as { name: string; sql: string }[];
    expect(readers.map((r) => r.name)).toContain('op_status_settle');
    for (const r of readers) expect(r.sql, r.name).toMatch(/device_seq > \(SELECT through FROM outbox_settled\)/);
    db.close();
  });

  it('settles a pulled operation only once none of its events, nor its standstill issues\' events, wait to be pushed', async () => {
    const { db, core, fx } = await inUse(join(tempDir('footprint-'), 'terminal.db'));
    const settled = () => db.prepare('SELECT through_seq FROM op_status_settled WHERE operation_id = ?').pluck().get(fx.ops[0]) as number | undefined;
    const pull = () => db.prepare('UPDATE operations SET version = version + 1 WHERE id = ?').run(fx.ops[0]);
    // The operation's own events wait: nothing settles.
    pull();
    expect(settled()).toBeUndefined();
    // They are answered, but a standstill issue on it still waits: nothing settles.
    createOutboxQueue(db).applyResults(
      (db.prepare('SELECT device_seq, event_id FROM outbox WHERE sent_at IS NULL').all() as { device_seq: number; event_id: string }[]).map((r) => ({ ...r, status: 'applied' as const })),
      '2026-11-22T07:00:00.000Z',
    );
    db.prepare("INSERT INTO issues_local (id, operation_id, cell_id, severity, issue_type, description, causes_standstill, status, reported_by, reported_at) VALUES ('iss', ?, ?, 'high', 'general', 'jam', 1, 'pending', ?, '2026-11-22T07:00:00.000Z')").run(fx.ops[0], fx.cellA, fx.profiles.op1);
    db.prepare("INSERT INTO outbox (event_id, type, schema_version, payload, occurred_at, mono_ms, boot_id, entity_id) VALUES ('ev-iss', 'issue.reported', 1, '{}', '2026-11-22T07:00:00.000Z', 0, 'b', 'iss')").run();
    pull();
    expect(settled()).toBeUndefined();
    // Everything answered: the pulled row settles the status overlay through the last event.
    createOutboxQueue(db).applyResults([{ device_seq: db.prepare('SELECT max(device_seq) FROM outbox').pluck().get() as number, event_id: 'ev-iss', status: 'applied' }], '2026-11-22T07:00:01.000Z');
    pull();
    expect(settled()).toBe(db.prepare('SELECT max(device_seq) FROM outbox').pluck().get());
    core.close();
    db.close();
  });

  it('makes a pause and a resume write one page fewer than at 036: three each', async () => {
    const [old, latest] = [await pauseResumeFrames(36), await pauseResumeFrames(37)];
    expect(latest.pause).toBe(old.pause - 1);
    expect(latest.resume).toBe(old.resume - 1);
    expect(latest.pause).toBe(3);
    expect(latest.resume).toBe(3);
  });
});
