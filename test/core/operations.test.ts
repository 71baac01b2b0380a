// The operation lifecycle on a real SQLite file: start / pause / resume / complete, a crew of
// three on one operation, one open entry per operator (conflict, then pause_current in ONE
// transaction), routing order with a supervisor override, and clock steps mid-timer.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTempDirs } from '../support/tmp';
import { PINS } from '../support/local-fixtures';
import { harness, refused, value } from './harness';

afterAll(cleanTempDirs);

describe('operation lifecycle', () => {
  it('start, pause with a reason, resume and complete, each one event, durations from the monotonic clock', async () => {
    const h = await harness();
    const op1 = await h.login('op1');
    const [cut] = h.fx.ops;
    const before = h.outboxCount();
    const s = value(await h.core.command('operation.start', { operation_id: cut }));
    expect(s.paused_time_entry_id).toBeNull();
    expect(h.outboxCount()).toBe(before + 1);
    h.clock.advance(10 * 60_000);
    const p = value(await h.core.command('operation.pause', { operation_id: cut, reason: 'break' }));
    expect(p.duration_s).toBe(600);
    expect(h.outboxCount()).toBe(before + 2);
    h.clock.advance(5 * 60_000);
    value(await h.core.command('operation.resume', { operation_id: cut }));
    h.clock.advance(20 * 60_000);
    const c = value(await h.core.command('operation.complete', { operation_id: cut, quantities: { good: 18, scrap: 2, rework: 0, scrap_reasons: [{ reason_id: h.fx.scrapReasons.dimension, quantity: 2 }] } }));
    expect(c.closed_time_entry_ids).toHaveLength(1);
    expect(h.outboxCount()).toBe(before + 4);
    const detail = value(await h.core.query('operation.detail', { operation_id: cut }));
    expect(detail.entry.status).toBe('completed');
    expect(detail.entry.actual_seconds).toBe(1800); // 10 + 20 minutes clocked; the pause is not work
    expect(detail.entry.produced).toBe(20);
    expect(detail.time_entries.map((t) => t.duration_s)).toEqual([600, 1200]);
    const ev = h.db.prepare("SELECT actor_id, type FROM outbox WHERE type LIKE 'operation.%' ORDER BY device_seq").all() as { actor_id: string; type: string }[];
    expect(ev.every((e) => e.actor_id === op1)).toBe(true);
  });

  it('a crew of three on one operation; pause and resume; completion closes every open entry', async () => {
    const h = await harness();
    const ids = [await h.login('op1'), await h.login('op2'), await h.login('op3')];
    const [cut] = h.fx.ops;
    for (const id of ids) value(await h.core.command('operation.start', { operation_id: cut, as_profile_id: id }));
    let q = value(await h.core.query('queue.list', {}));
    expect(q.cells[0]!.sections.in_process.entries[0]!.clocked_on.map((c) => c.profile_id).sort()).toEqual([...ids].sort());
    h.clock.advance(60_000);
    value(await h.core.command('operation.pause', { operation_id: cut, reason: 'material', as_profile_id: ids[1] }));
    h.clock.advance(60_000);
    value(await h.core.command('operation.resume', { operation_id: cut, as_profile_id: ids[1] }));
    h.clock.advance(60_000);
    const c = value(await h.core.command('operation.complete', { operation_id: cut }));
    expect(c.closed_time_entry_ids).toHaveLength(3);
    const open = h.db.prepare('SELECT count(*) AS n FROM time_entries_local WHERE ended_at IS NULL').get() as { n: number };
    expect(open.n).toBe(0);
    // The time the operator reads: the sum of the closed entries (no central actual time yet).
    const detail = value(await h.core.query('operation.detail', { operation_id: cut }));
    expect(detail.entry.actual_seconds).toBe(180 + 120 + 180); // op1 3 min, op2 1 + 1 min (paused 1 min), op3 3 min
    q = value(await h.core.query('queue.list', {}));
    // The next step of the routing is now ready.
    expect(q.cells[0]!.sections.ready.entries.map((e) => e.operation_id)).toContain(h.fx.ops[1]);
  });

  it('one open entry per operator: conflict naming the open one, then pause_current pauses it and starts the new one in one transaction', async () => {
    const h = await harness();
    await h.login('op1');
    const [cut] = h.fx.ops;
    const first = value(await h.core.command('operation.start', { operation_id: cut }));
    const n = h.outboxCount();
    const r = await h.core.command('operation.start', { operation_id: h.fx.otherOp });
    refused(r, 'conflict', 'pause_current');
    if (!r.ok) expect(r.error.detail).toMatchObject({ open_time_entry_id: first.time_entry_id, open_operation_id: cut });
    expect(h.outboxCount()).toBe(n);
    h.clock.advance(30_000);
    const second = value(await h.core.command('operation.start', { operation_id: h.fx.otherOp, pause_current: true }));
    expect(second.paused_time_entry_id).toBe(first.time_entry_id);
    // Two events, explicitly: the pause and the start.
    expect(h.core.lastEvents().map((e) => e.type)).toEqual(['operation.paused', 'operation.started']);
    expect(h.outboxCount()).toBe(n + 2);
    const open = h.db.prepare('SELECT id FROM time_entries_local WHERE ended_at IS NULL').all();
    expect(open).toEqual([{ id: second.time_entry_id }]);
  });

  it('starting out of routing order is refused at Start; a supervisor override (id + PIN + reason) is recorded', async () => {
    const h = await harness();
    await h.login('op1');
    const deburr = h.fx.ops[1];
    const r = await h.core.command('operation.start', { operation_id: deburr });
    refused(r, 'conflict', 'operation_id');
    const n = h.outboxCount();
    // An operator cannot stand in for a supervisor.
    refused(await h.core.command('operation.start', { operation_id: deburr, sequence_override: { supervisor_employee_id: h.fx.employees.op2, supervisor_pin: PINS.op2, reason: 'rush' } }), 'forbidden', 'sequence_override.supervisor_employee_id');
    // A wrong supervisor PIN is refused (and counted as a failure for that supervisor).
    refused(await h.core.command('operation.start', { operation_id: deburr, sequence_override: { supervisor_employee_id: h.fx.employees.supervisor, supervisor_pin: '0000', reason: 'rush' } }), 'not_authenticated', 'sequence_override.supervisor_pin');
    expect(h.db.prepare("SELECT count(*) AS n FROM outbox WHERE type = 'operation.started'").get()).toEqual({ n: 0 });
    expect(h.outboxCount()).toBe(n + 1); // the login_failed only
    value(await h.core.command('operation.start', { operation_id: deburr, sequence_override: { supervisor_employee_id: h.fx.employees.supervisor, supervisor_pin: PINS.supervisor, reason: 'customer rush' } }));
    const ev = h.core.lastEvents()[0]!;
    expect(ev.type).toBe('operation.started');
    expect(ev.payload).toMatchObject({ sequence_override: { supervisor_id: h.fx.profiles.supervisor, reason: 'customer rush' } });
  });

  it('a wall-clock jump of +1 h and -1 h in the middle of a timer changes nothing in the measured time', async () => {
    const h = await harness();
    await h.login('op1');
    const [cut] = h.fx.ops;
    value(await h.core.command('operation.start', { operation_id: cut }));
    h.clock.advance(5 * 60_000);
    h.clock.jumpWall(3_600_000);
    h.clock.advance(5 * 60_000);
    const a = value(await h.core.command('operation.pause', { operation_id: cut, reason: 'check' }));
    expect(a.duration_s).toBe(600);
    value(await h.core.command('operation.resume', { operation_id: cut }));
    h.clock.advance(2 * 60_000);
    h.clock.jumpWall(-2 * 3_600_000);
    h.clock.advance(3 * 60_000);
    const b = value(await h.core.command('operation.pause', { operation_id: cut, reason: 'check' }));
    expect(b.duration_s).toBe(300);
  });

  it('across a restart only wall time is left: a negative step is clamped to zero, never negative', async () => {
    const h = await harness();
    await h.login('op1');
    const [cut] = h.fx.ops;
    value(await h.core.command('operation.start', { operation_id: cut }));
    const { manualClock } = await import('../../electron/core/clock');
    const later = manualClock(h.clock.wallMs() - 3_600_000); // new boot, wall clock set back an hour
    const h2 = h.reopen(later);
    await h2.login('op1');
    const p = value(await h2.core.command('operation.pause', { operation_id: cut, reason: 'restart' }));
    expect(p.duration_s).toBe(0);
  });

  it('completion validates final quantities and the complete-phase custom fields', async () => {
    const h = await harness();
    const { insertCustomField } = await import('../support/local-fixtures');
    insertCustomField(h.db, { cellId: h.fx.cellA, key: 'thickness', fieldType: 'number', phase: 'complete', required: true, min: 1, max: 20 });
    insertCustomField(h.db, { cellId: h.fx.cellA, key: 'program', fieldType: 'select', phase: 'start', required: true, options: ['P1', 'P2'] });
    await h.login('op1');
    const [cut] = h.fx.ops;
    refused(await h.core.command('operation.start', { operation_id: cut }), 'validation', 'custom_fields.program');
    refused(await h.core.command('operation.start', { operation_id: cut, custom_fields: { program: 'P9' } }), 'validation', 'custom_fields.program');
    refused(await h.core.command('operation.start', { operation_id: cut, custom_fields: { program: 'P1', extra: 'x' } }), 'validation', 'custom_fields.extra');
    value(await h.core.command('operation.start', { operation_id: cut, custom_fields: { program: 'P1' } }));
    refused(await h.core.command('operation.complete', { operation_id: cut }), 'validation', 'custom_fields.thickness');
    refused(await h.core.command('operation.complete', { operation_id: cut, custom_fields: { thickness: 25 } }), 'validation', 'custom_fields.thickness');
    refused(await h.core.command('operation.complete', { operation_id: cut, custom_fields: { thickness: 5 }, quantities: { good: 1, scrap: 1, rework: 0, produced: 3 } }), 'validation', 'quantities.produced');
    value(await h.core.command('operation.complete', { operation_id: cut, custom_fields: { thickness: 5 } }));
    const caps = h.db.prepare('SELECT phase, key, value FROM custom_field_captures ORDER BY phase').all();
    expect(caps).toEqual([{ phase: 'complete', key: 'thickness', value: '5' }, { phase: 'start', key: 'program', value: '"P1"' }]);
  });
});
