// Supervisor review of the entries the ghost-timer sweep closed: the list, a confirmation, a
// correction downwards with a why, and every refusal (operator, more time, no why, not swept,
// already reviewed, unknown, another cell). Each review is one event; the projection rebuilds.
import { afterAll, describe, expect, it } from 'vitest';
import { coreQueries } from '../../shared/contract/core-queries';
import { cleanTempDirs } from '../support/tmp';
import { dumpState, harness, refused, refusedCleanly, value, type Harness } from './harness';

afterAll(cleanTempDirs);

const UNKNOWN = '01a20143-0000-7000-8000-000000000000';

/** Two operators clocked on past the 10 h limit and swept; returns their entries. */
async function swept(h: Harness): Promise<{ a: string; b: string }> {
  await h.login('op1');
  const a = value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] })).time_entry_id;
  h.clock.advance(60_000);
  await h.login('op2');
  const b = value(await h.core.command('operation.start', { operation_id: h.fx.otherOp })).time_entry_id;
  h.clock.advance(14 * 3_600_000);
  expect(h.core.sweepGhostTimers().closed).toHaveLength(2);
  return { a, b };
}

describe('ghost-timer review', () => {
  it('lists swept entries for the supervisor, confirms one and lowers the other with a why', async () => {
    const h = await harness({ timers: { ghost_timer_hours: 10 } });
    const { a, b } = await swept(h);
    await h.login('supervisor');
    const list = value(await h.core.query('time_entries.to_review', {}));
    expect(coreQueries['time_entries.to_review'].output.safeParse(list).success).toBe(true);
    expect(list.entries.map((e) => [e.time_entry_id, e.full_name, e.operation_name, e.part_number, e.job_number, e.duration_s])).toEqual([
      [a, 'Ada Operator', 'Cut', 'BRKT-01', 'J-1001', 36_000],
      [b, 'Bo Operator', 'Cut plate', 'PLATE-02', 'J-1001', 36_000],
    ]);

    expect(value(await h.core.command('time_entry.review', { operation_id: h.fx.ops[0], time_entry_id: a }))).toEqual({ time_entry_id: a, duration_s: 36_000 });
    expect(h.core.lastEvents().map((e) => [e.type, e.actor_id, e.payload])).toEqual([
      ['time_entry.reviewed', h.fx.profiles.supervisor, { operation_id: h.fx.ops[0], time_entry_id: a, profile_id: h.fx.profiles.op1, duration_s: 36_000 }],
    ]);
    value(await h.core.command('time_entry.review', { operation_id: h.fx.otherOp, time_entry_id: b, duration_s: 6 * 3600, why: ' left at 12:00, forgot to pause ' }));
    expect(h.core.lastEvents()[0]!.payload).toMatchObject({ duration_s: 21_600, why: 'left at 12:00, forgot to pause' });

    expect(value(await h.core.query('time_entries.to_review', {})).entries).toEqual([]);
    const entry = value(await h.core.query('operation.detail', { operation_id: h.fx.otherOp })).time_entries[0]!;
    expect(entry).toMatchObject({ duration_s: 21_600, needs_review: false, closed_by: 'auto_closed' });
    expect(Date.parse(entry.ended_at!) - Date.parse(entry.started_at)).toBe(21_600_000);
    // The queue's worked time follows the review.
    const queued = value(await h.core.query('operation.detail', { operation_id: h.fx.otherOp })).entry;
    expect(queued.actual_seconds).toBe(21_600);

    const live = dumpState(h.db);
    h.core.rebuildProjections();
    expect(dumpState(h.db)).toEqual(live);
  });

  it('refuses operators, added time, a change without a why, and entries that need no review; writes nothing', async () => {
    const h = await harness({ timers: { ghost_timer_hours: 10 } });
    const { a } = await swept(h);
    await h.login('op1');
    const attempt = (x: Record<string, unknown>) => () => h.core.command('time_entry.review', { operation_id: h.fx.ops[0], time_entry_id: a, ...x });
    await refusedCleanly(h, attempt({}), 'forbidden', 'time_entry_id');
    await h.login('supervisor');
    await refusedCleanly(h, attempt({ duration_s: 36_001, why: 'x' }), 'validation', 'duration_s');
    await refusedCleanly(h, attempt({ duration_s: 3600 }), 'validation', 'why');
    await refusedCleanly(h, attempt({ duration_s: 3600, why: '   ' }), 'validation', 'why');
    await refusedCleanly(h, attempt({ duration_s: -1, why: 'x' }), 'validation', 'duration_s');
    await refusedCleanly(h, attempt({ duration_s: 1.5, why: 'x' }), 'validation', 'duration_s');
    await refusedCleanly(h, attempt({ time_entry_id: UNKNOWN }), 'not_found', 'time_entry_id');
    await refusedCleanly(h, attempt({ operation_id: h.fx.opB }), 'forbidden', 'operation_id');
    // Entries a person closed, and entries already reviewed, are not the sweep's to review.
    const byHand = value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] })).time_entry_id;
    value(await h.core.command('operation.pause', { operation_id: h.fx.ops[0], reason: 'break' }));
    refused(await h.core.command('time_entry.review', { operation_id: h.fx.ops[0], time_entry_id: byHand }), 'conflict', 'time_entry_id');
    value(await attempt({})());
    refused(await attempt({})(), 'conflict', 'time_entry_id');
    refused(await h.core.query('time_entries.to_review', { cell_id: h.fx.cellB }), 'forbidden', 'cell_id');
  });
});
