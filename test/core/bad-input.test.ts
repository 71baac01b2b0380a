// Bad input: every refusal is a typed error naming the field, writes nothing, and leaves what was
// already accepted exactly as it was (the projection dump and the outbox are compared).
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTempDirs } from '../support/tmp';
import { dumpState, harness, refused, value } from './harness';

afterAll(cleanTempDirs);

const UNKNOWN = '01a20143-0000-7000-8000-000000000000';

describe('bad input', () => {
  it('is refused with the field and the reason, and changes nothing', async () => {
    const h = await harness();
    await h.login('op1');
    value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    value(await h.core.command('quantity.report', { operation_id: h.fx.ops[0], good: 2, scrap: 0, rework: 0, scrap_reasons: [] }));
    const before = dumpState(h.db);
    const outbox = h.outboxCount();
    const op = h.fx.ops[0];
    const q = (x: Record<string, unknown>) => ({ operation_id: op, good: 1, scrap: 0, rework: 0, scrap_reasons: [], ...x });
    const cases: [string, Promise<{ ok: boolean }>, string, string][] = [
      ['unknown operation', h.core.command('operation.start', { operation_id: UNKNOWN }), 'not_found', 'operation_id'],
      ['malformed operation id', h.core.command('operation.pause', { operation_id: 'op-1', reason: 'x' }), 'validation', 'operation_id'],
      ['unknown cell', h.core.command('note.add', { cell_id: UNKNOWN, text: 'x' }), 'not_found', 'cell_id'],
      ['unknown downtime reason', h.core.command('downtime.start', { cell_id: h.fx.cellA, reason_id: UNKNOWN }), 'not_found', 'reason_id'],
      ['unknown scrap reason', h.core.command('quantity.report', q({ scrap: 1, scrap_reasons: [{ reason_id: UNKNOWN, quantity: 1 }] })), 'not_found', 'scrap_reasons.0.reason_id'],
      ['negative quantity', h.core.command('quantity.report', q({ good: -1 })), 'validation', 'good'],
      ['fractional quantity', h.core.command('quantity.report', q({ scrap: 1.5 })), 'validation', 'scrap'],
      ['string quantity', h.core.command('quantity.report', q({ rework: '3' })), 'validation', 'rework'],
      ['produced != good + scrap + rework', h.core.command('quantity.report', q({ good: 3, scrap: 1, produced: 5 })), 'validation', 'produced'],
      ['scrap reasons above scrap', h.core.command('quantity.report', q({ scrap: 1, scrap_reasons: [{ reason_id: h.fx.scrapReasons.dimension, quantity: 2 }] })), 'validation', 'scrap_reasons'],
      ["another terminal's cell's operation", h.core.command('operation.complete', { operation_id: h.fx.opB }), 'forbidden', 'operation_id'],
      ['a supervisor action by an operator', h.core.command('downtime.split', { downtime_id: UNKNOWN, at_offset_s: 5, why: 'x' }), 'forbidden', 'downtime_id'],
      ['a malformed PIN', h.core.command('session.login', { employee_id: h.fx.employees.op2, pin: '12a4' }), 'validation', 'pin'],
      ['acting as someone not logged in', h.core.command('operation.pause', { operation_id: op, reason: 'x', as_profile_id: h.fx.profiles.op3 }), 'forbidden', 'as_profile_id'],
      ['completing an operation not started', h.core.command('operation.complete', { operation_id: h.fx.otherOp }), 'conflict', 'operation_id'],
      ['pausing work you are not clocked onto', h.core.command('operation.pause', { operation_id: h.fx.otherOp, reason: 'x' }), 'conflict', 'operation_id'],
      ['an issue on an unknown operation', h.core.command('issue.report', { operation_id: UNKNOWN, severity: 'low', description: 'x' }), 'not_found', 'operation_id'],
      ['bad severity', h.core.command('issue.report', { operation_id: op, severity: 'apocalyptic' as 'low', description: 'x' }), 'validation', 'severity'],
    ];
    for (const [what, p, code, field] of cases) {
      const r = (await p) as Awaited<ReturnType<typeof h.core.command>>;
      expect(r.ok, what).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, what).toBe(code);
      if (field) expect(r.error.field, what).toBe(field);
      expect(r.error.message, what).toMatch(/\w{3,}/);
    }
    expect(h.outboxCount()).toBe(outbox);
    expect(dumpState(h.db)).toEqual(before);
  });

  it('an unknown command name is a validation error, not a crash', async () => {
    const h = await harness();
    const r = await h.core.request('command', 'operation.explode', {});
    refused(r, 'validation', 'name');
    const r2 = await h.core.request('query', 'queue.list', { limit: 0 });
    refused(r2, 'validation', 'limit');
  });

  it('an unexpected failure is an internal error and commits nothing', async () => {
    const h = await harness();
    await h.login('op1');
    const n = h.outboxCount();
    // Break the projection table under the command: the event append must roll back with it.
    h.db.exec('DROP TRIGGER queue_entry_open; CREATE TRIGGER boom BEFORE INSERT ON time_entries_local BEGIN SELECT RAISE(ABORT, \'disk says no\'); END;');
    refused(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }), 'internal');
    expect(h.outboxCount()).toBe(n);
  });
});
