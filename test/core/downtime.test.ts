// Downtime on a real SQLite file: start/stop per cell and per resource, unexplained stops until
// categorised, recent/favourite reasons first, supervisor-only recategorise / split / edit within
// the window, each change its own event with who, when and why; and the plain functions the
// machine integration calls inside its own transaction.
import { afterAll, describe, expect, it } from 'vitest';
import { endDowntime, startDowntime } from '../../electron/core/downtime/stops';
import { cleanTempDirs } from '../support/tmp';
import { harness, refused, value } from './harness';

afterAll(cleanTempDirs);

describe('downtime', () => {
  it('a stop without a reason stays unexplained until categorised; duration is monotonic', async () => {
    const h = await harness();
    const op = await h.login('op1');
    const { downtime_id } = value(await h.core.command('downtime.start', { cell_id: h.fx.cellA }));
    refused(await h.core.command('downtime.start', { cell_id: h.fx.cellA }), 'conflict', 'cell_id');
    h.clock.advance(300_000);
    h.clock.jumpWall(-3_600_000);
    const end = value(await h.core.command('downtime.end', { downtime_id }));
    expect(end.duration_s).toBe(300);
    let stops = value(await h.core.query('downtime.list', { unexplained_only: true })).stops;
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ downtime_id, unexplained: true, source: 'operator', duration_s: 300 });
    value(await h.core.command('downtime.categorise', { downtime_id, reason_id: h.fx.reasons.material }));
    stops = value(await h.core.query('downtime.list', {})).stops;
    expect(stops[0]).toMatchObject({ unexplained: false, reason_name: 'No material', group_type: 'unplanned' });
    expect(stops[0]!.changes.map((c) => [c.kind, c.actor_id])).toEqual([['started', op], ['ended', op], ['categorised', op]]);
    // Changing an existing reason is a supervisor action.
    refused(await h.core.command('downtime.categorise', { downtime_id, reason_id: h.fx.reasons.breakdown }), 'forbidden', 'reason_id');
    const sup = await h.login('supervisor');
    value(await h.core.command('downtime.categorise', { downtime_id, reason_id: h.fx.reasons.breakdown, why: 'it was the spindle' }));
    stops = value(await h.core.query('downtime.list', {})).stops;
    expect(stops[0]!.changes.at(-1)).toMatchObject({ kind: 'categorised', actor_id: sup, why: 'it was the spindle' });
  });

  it('per-resource stops, unknown cell / resource / reason refused by field', async () => {
    const h = await harness();
    await h.login('op1');
    value(await h.core.command('downtime.start', { cell_id: h.fx.cellA }));
    value(await h.core.command('downtime.start', { cell_id: h.fx.cellA, resource_id: h.fx.resourceA, reason_id: h.fx.reasons.setup }));
    const n = h.outboxCount();
    refused(await h.core.command('downtime.start', { cell_id: '01a20143-0000-7000-8000-000000000000' }), 'not_found', 'cell_id');
    refused(await h.core.command('downtime.start', { cell_id: h.fx.cellB }), 'forbidden', 'cell_id');
    refused(await h.core.command('downtime.start', { cell_id: h.fx.cellA, resource_id: '01a20143-0000-7000-8000-000000000000' }), 'not_found', 'resource_id');
    refused(await h.core.command('downtime.start', { cell_id: h.fx.cellA, resource_id: h.fx.resourceA, reason_id: '01a20143-0000-7000-8000-000000000000' }), 'not_found', 'reason_id');
    expect(h.outboxCount()).toBe(n);
    expect(value(await h.core.query('downtime.list', { open_only: true })).stops).toHaveLength(2);
  });

  it('reason tree: groups unplanned / planned / idle, recent and favourite reasons first', async () => {
    const h = await harness();
    await h.login('op1');
    for (const reason of [h.fx.reasons.setup, h.fx.reasons.setup, h.fx.reasons.noWork]) {
      const { downtime_id } = value(await h.core.command('downtime.start', { cell_id: h.fx.cellA, reason_id: reason }));
      h.clock.advance(1000);
      value(await h.core.command('downtime.end', { downtime_id }));
    }
    const tree = value(await h.core.query('downtime.reasons', {}));
    expect(tree.groups.map((g) => g.type)).toEqual(['unplanned', 'planned', 'idle']);
    expect(tree.groups[0]!.reasons.map((r) => r.code).sort()).toEqual(['BRK', 'MAT']);
    expect(tree.recent.map((r) => r.code)).toEqual(['IDL', 'SET']);
    expect(tree.favourites.map((r) => r.code)).toEqual(['SET', 'IDL']);
  });

  it('supervisors split and edit stops within the window; operators cannot; outside the window nobody can', async () => {
    const h = await harness({ downtime: { edit_window_hours: 24 } });
    await h.login('op1');
    const { downtime_id } = value(await h.core.command('downtime.start', { cell_id: h.fx.cellA, reason_id: h.fx.reasons.setup }));
    h.clock.advance(600_000);
    value(await h.core.command('downtime.end', { downtime_id }));
    refused(await h.core.command('downtime.split', { downtime_id, at_offset_s: 240, reason_id: h.fx.reasons.breakdown, why: 'x' }), 'forbidden');
    refused(await h.core.command('downtime.edit', { downtime_id, ended_at: new Date(h.clock.wallMs() - 60_000).toISOString(), why: 'x' }), 'forbidden');
    await h.login('supervisor');
    refused(await h.core.command('downtime.split', { downtime_id, at_offset_s: 900, why: 'x' }), 'validation', 'at_offset_s');
    const split = value(await h.core.command('downtime.split', { downtime_id, at_offset_s: 240, reason_id: h.fx.reasons.breakdown, why: 'setup ended, then it broke' }));
    const stops = value(await h.core.query('downtime.list', {})).stops;
    const first = stops.find((s) => s.downtime_id === downtime_id)!;
    const second = stops.find((s) => s.downtime_id === split.new_downtime_id)!;
    expect([first.duration_s, first.reason_name]).toEqual([240, 'Setup']);
    expect([second.duration_s, second.reason_name, second.split_from]).toEqual([360, 'Breakdown', downtime_id]);
    const newEnd = new Date(Date.parse(second.ended_at!) - 60_000).toISOString();
    refused(await h.core.command('downtime.edit', { downtime_id: split.new_downtime_id, started_at: newEnd, ended_at: newEnd, why: 'x' }), 'validation', 'started_at');
    value(await h.core.command('downtime.edit', { downtime_id: split.new_downtime_id, ended_at: newEnd, why: 'machine was back earlier' }));
    const edited = value(await h.core.query('downtime.list', {})).stops.find((s) => s.downtime_id === split.new_downtime_id)!;
    expect(edited.duration_s).toBe(300);
    expect(edited.changes.at(-1)).toMatchObject({ kind: 'edited', why: 'machine was back earlier' });
    h.clock.advance(25 * 3_600_000);
    await h.login('supervisor');
    refused(await h.core.command('downtime.edit', { downtime_id, ended_at: newEnd, why: 'late fix' }), 'conflict', 'downtime_id');
  });

  it('splitting an open stop leaves the later part running, measured on the monotonic clock', async () => {
    const h = await harness();
    await h.login('supervisor');
    const { downtime_id } = value(await h.core.command('downtime.start', { cell_id: h.fx.cellA }));
    h.clock.advance(100_000);
    const s = value(await h.core.command('downtime.split', { downtime_id, at_offset_s: 40, reason_id: h.fx.reasons.material, why: 'it ran out of sheet' }));
    h.clock.advance(20_000);
    const end = value(await h.core.command('downtime.end', { downtime_id: s.new_downtime_id }));
    expect(end.duration_s).toBe(80);
    refused(await h.core.command('downtime.end', { downtime_id }), 'conflict', 'downtime_id');
  });

  it('exports plain start/end functions the machine integration calls inside its own transaction', async () => {
    const h = await harness();
    const w = { db: h.db, deviceId: h.fx.deviceId, clock: h.clock };
    const id = h.db.transaction(() => startDowntime(w, { cellId: h.fx.cellA, resourceId: h.fx.resourceA, source: 'machine', actorId: h.fx.profiles.machine })).immediate();
    h.clock.advance(30_000);
    const d = h.db.transaction(() => endDowntime(w, { downtimeId: id, actorId: h.fx.profiles.machine, microStopSeconds: 120, maxAcrossBootHours: 24 })).immediate();
    expect(d).toBe(30);
    const stop = value(await h.core.query('downtime.list', {})).stops[0]!;
    expect(stop).toMatchObject({ source: 'machine', resource_id: h.fx.resourceA, duration_s: 30 });
    expect(h.db.prepare('SELECT micro_stop FROM downtime_stops WHERE id = ?').get(id)).toEqual({ micro_stop: 1 });
  });
});
