// The cell queue: sections (in process / ready / upcoming), order (bullet card, due date with the
// override winning, routing sequence), entry content, WIP against the cell's limits, and that
// pulled reference rows written straight into the tables keep the queue right via triggers.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTempDirs } from '../support/tmp';
import { insertJob, insertOperation, insertPart, PINS } from '../support/local-fixtures';
import { harness, refused, value } from './harness';

afterAll(cleanTempDirs);

describe('cell queue', () => {
  it('orders by bullet card, then effective due date (override wins), then routing sequence', async () => {
    const h = await harness();
    const t = h.fx.tenantId;
    const late = insertJob(h.db, { tenantId: t, dueDate: '2026-12-30T00:00:00.000Z' });
    const overridden = insertJob(h.db, { tenantId: t, dueDate: '2026-12-31T00:00:00.000Z', dueDateOverride: '2026-11-23T00:00:00.000Z' });
    const undated = insertJob(h.db, { tenantId: t });
    const opLate = insertOperation(h.db, { tenantId: t, partId: insertPart(h.db, { tenantId: t, jobId: late }), cellId: h.fx.cellA, sequence: 5 });
    const opOver = insertOperation(h.db, { tenantId: t, partId: insertPart(h.db, { tenantId: t, jobId: overridden }), cellId: h.fx.cellA, sequence: 5 });
    const opBullet = insertOperation(h.db, { tenantId: t, partId: insertPart(h.db, { tenantId: t, jobId: undated, bullet: true }), cellId: h.fx.cellA, sequence: 7 });
    const opUndated = insertOperation(h.db, { tenantId: t, partId: insertPart(h.db, { tenantId: t, jobId: undated }), cellId: h.fx.cellA, sequence: 1 });
    // Same due date: routing sequence decides, not the id (the later step has the smaller id here).
    const sameDay = insertJob(h.db, { tenantId: t, dueDate: '2026-12-15T00:00:00.000Z' });
    const opStep20 = insertOperation(h.db, { tenantId: t, partId: insertPart(h.db, { tenantId: t, jobId: sameDay }), cellId: h.fx.cellA, sequence: 20, id: '01a20143-0000-7000-8000-000000000001' });
    const opStep5 = insertOperation(h.db, { tenantId: t, partId: insertPart(h.db, { tenantId: t, jobId: sameDay }), cellId: h.fx.cellA, sequence: 5, id: '01a20143-0000-7000-8000-000000000002' });
    const q = value(await h.core.query('queue.list', {}));
    const cell = q.cells[0]!;
    const ids = cell.sections.ready.entries.map((e) => e.operation_id);
    expect(ids[0]).toBe(opBullet);
    expect(ids[1]).toBe(opOver);
    expect(ids.indexOf(h.fx.ops[0])).toBeLessThan(ids.indexOf(opLate));
    expect(ids.indexOf(opLate)).toBeLessThan(ids.indexOf(opUndated));
    expect(ids.indexOf(opStep5)).toBe(ids.indexOf(opStep20) - 1);
    expect(ids.indexOf(opStep20)).toBeLessThan(ids.indexOf(opLate));
    expect(cell.sections.upcoming.entries.map((e) => e.operation_id)).toEqual([h.fx.ops[1], h.fx.ops[2]]);
    expect(cell.sections.ready.count).toBe(8);
    const over = cell.sections.ready.entries[1]!;
    expect(over.due_date).toBe('2026-11-23T00:00:00.000Z');
    expect(over.due_state).toBe('due_soon');
    expect(cell.sections.ready.entries.find((e) => e.operation_id === opUndated)!.due_state).toBe('none');
  });

  it('shows job, part, material, quantities, time, who is clocked on, and WIP against the limits', async () => {
    const h = await harness();
    const p1 = await h.login('op1');
    value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    value(await h.core.command('quantity.report', { operation_id: h.fx.ops[0], good: 4, scrap: 1, rework: 1, scrap_reasons: [] }));
    h.clock.advance(90_000);
    const cell = value(await h.core.query('queue.list', {})).cells[0]!;
    const e = cell.sections.in_process.entries[0]!;
    expect(e).toMatchObject({
      operation_id: h.fx.ops[0], job_number: 'J-1001', part_number: 'BRKT-01', material: 'S355', quantity: 20, produced: 6, good: 4, scrap: 1, rework: 1,
      estimated_hours: 1, actual_seconds: 90, status: 'in_progress', clocked_on: [{ profile_id: p1, full_name: 'Ada Operator' }],
    });
    expect(cell.wip).toEqual({ count: 1, limit: 3, warning_threshold: 2, state: 'ok', enforced: false });
    await h.login('op2');
    value(await h.core.command('operation.start', { operation_id: h.fx.otherOp }));
    expect(value(await h.core.query('queue.list', {})).cells[0]!.wip.state).toBe('warning');
  });

  it('refuses a start past an enforced WIP limit, naming the cell and its limit, unless a supervisor overrides', async () => {
    const h = await harness();
    h.db.prepare('UPDATE cells SET wip_limit = 1, enforce_wip_limit = 1 WHERE id = ?').run(h.fx.cellA);
    await h.login('op1');
    value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    await h.login('op2');
    const n = h.outboxCount();
    const r = await h.core.command('operation.start', { operation_id: h.fx.otherOp });
    expect(refused(r, 'conflict', 'operation_id')).toMatch(/Laser is at its WIP limit \(1 of 1\)/);
    expect(!r.ok && r.error.detail).toEqual({ cell_id: h.fx.cellA, cell_name: 'Laser', wip: 1, wip_limit: 1, needs: 'wip_override' });
    // A routing-order override is not a WIP override; an operator cannot consent; a wrong PIN fails.
    const seq = { supervisor_employee_id: h.fx.employees.supervisor, supervisor_pin: PINS.supervisor, reason: 'rush' };
    refused(await h.core.command('operation.start', { operation_id: h.fx.otherOp, sequence_override: seq }), 'conflict', 'operation_id');
    refused(await h.core.command('operation.start', { operation_id: h.fx.otherOp, wip_override: { ...seq, supervisor_employee_id: h.fx.employees.op1, supervisor_pin: PINS.op1 } }), 'forbidden', 'wip_override.supervisor_employee_id');
    refused(await h.core.command('operation.start', { operation_id: h.fx.otherOp, wip_override: { ...seq, supervisor_pin: '0000' } }), 'not_authenticated', 'wip_override.supervisor_pin');
    expect(h.db.prepare("SELECT count(*) AS n FROM outbox WHERE type = 'operation.started' AND device_seq > ?").get(n)).toEqual({ n: 0 });
    value(await h.core.command('operation.start', { operation_id: h.fx.otherOp, wip_override: { ...seq, reason: 'hot order' } }));
    expect(h.core.lastEvents()[0]!.payload).toMatchObject({ operation_id: h.fx.otherOp, wip_override: { supervisor_id: h.fx.profiles.supervisor, reason: 'hot order' } });
    expect(value(await h.core.query('queue.list', {})).cells[0]!.wip).toMatchObject({ count: 2, limit: 1, enforced: true });
    // Not enforced: the same start needs no override, and an override given anyway is not recorded.
    h.db.prepare('UPDATE cells SET enforce_wip_limit = 0 WHERE id = ?').run(h.fx.cellA);
    const t = h.fx.tenantId;
    const third = insertOperation(h.db, { tenantId: t, partId: insertPart(h.db, { tenantId: t, jobId: h.fx.jobId }), cellId: h.fx.cellA, sequence: 10 });
    await h.login('op3');
    value(await h.core.command('operation.start', { operation_id: third, wip_override: seq }));
    expect(h.core.lastEvents()[0]!.payload).toMatchObject({ operation_id: third });
    expect(h.core.lastEvents()[0]!.payload).not.toHaveProperty('wip_override');
  });

  it('pulled reference changes (new operations, due date edits, deletions, central completion) keep the queue right', async () => {
    const h = await harness();
    const t = h.fx.tenantId;
    const before = value(await h.core.query('queue.list', {})).cells[0]!;
    expect(before.sections.ready.count).toBe(2);
    h.db.prepare("UPDATE operations SET status = 'completed' WHERE id = ?").run(h.fx.ops[0]);
    let cell = value(await h.core.query('queue.list', {})).cells[0]!;
    expect(cell.sections.ready.entries.map((e) => e.operation_id)).toContain(h.fx.ops[1]);
    expect(cell.sections.upcoming.entries.map((e) => e.operation_id)).toEqual([h.fx.ops[2]]);
    const job = insertJob(h.db, { tenantId: t, dueDate: '2027-01-01T00:00:00.000Z' });
    const op = insertOperation(h.db, { tenantId: t, partId: insertPart(h.db, { tenantId: t, jobId: job }), cellId: h.fx.cellA, sequence: 1 });
    cell = value(await h.core.query('queue.list', {})).cells[0]!;
    expect(cell.sections.ready.entries.at(-1)!.operation_id).toBe(op);
    h.db.prepare('UPDATE jobs SET due_date_override = ? WHERE id = ?').run('2026-11-01T00:00:00.000Z', job);
    cell = value(await h.core.query('queue.list', {})).cells[0]!;
    expect(cell.sections.ready.entries[0]!.operation_id).toBe(op);
    expect(cell.sections.ready.entries[0]!.due_state).toBe('overdue');
    h.db.prepare('UPDATE operations SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), op);
    cell = value(await h.core.query('queue.list', {})).cells[0]!;
    expect(cell.sections.ready.entries.map((e) => e.operation_id)).not.toContain(op);
    expect(cell.sections.ready.count).toBe(2);
    // The trigger-maintained queue equals one computed from scratch.
    const live = h.db.prepare('SELECT * FROM queue_entries ORDER BY operation_id').all();
    const counts = h.db.prepare('SELECT * FROM queue_counts WHERE n > 0 ORDER BY cell_id, section').all();
    h.core.rebuildProjections();
    expect(h.db.prepare('SELECT * FROM queue_entries ORDER BY operation_id').all()).toEqual(live);
    expect(h.db.prepare('SELECT * FROM queue_counts WHERE n > 0 ORDER BY cell_id, section').all()).toEqual(counts);
    // Another terminal's cell never shows.
    refused(await h.core.query('queue.list', { cell_id: h.fx.cellB }), 'forbidden', 'cell_id');
  });

  it('limits entries per section but counts them all', async () => {
    const h = await harness();
    const t = h.fx.tenantId;
    const job = insertJob(h.db, { tenantId: t });
    for (let i = 0; i < 30; i++) insertOperation(h.db, { tenantId: t, partId: insertPart(h.db, { tenantId: t, jobId: job }), cellId: h.fx.cellA, sequence: 1 });
    const cell = value(await h.core.query('queue.list', { limit: 5 })).cells[0]!;
    expect(cell.sections.ready.entries).toHaveLength(5);
    expect(cell.sections.ready.count).toBe(32);
  });
});

