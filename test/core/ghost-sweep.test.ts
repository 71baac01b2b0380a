// The ghost-timer sweep closes entries left open past the limit or the shift end AT the cap,
// never at "now" and never beyond what was measured, flagged needs_review.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTempDirs } from '../support/tmp';
import { harness, value } from './harness';

afterAll(cleanTempDirs);

describe('ghost-timer sweep', () => {
  it('closes an entry open past the limit at the limit, flagged needs_review', async () => {
    const h = await harness({ timers: { ghost_timer_hours: 10 } });
    await h.login('op1');
    const s = value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    h.clock.advance(9 * 3_600_000);
    expect(h.core.sweepGhostTimers().closed).toEqual([]);
    h.clock.advance(5 * 3_600_000);
    const r = h.core.sweepGhostTimers();
    expect(r.closed).toEqual([{ time_entry_id: s.time_entry_id, operation_id: h.fx.ops[0], cause: 'open_limit', duration_s: 36_000 }]);
    expect(r.events.map((e) => [e.type, e.actor_id])).toEqual([['time_entry.auto_closed', null]]);
    const d = value(await h.core.query('operation.detail', { operation_id: h.fx.ops[0] }));
    expect(d.time_entries[0]).toMatchObject({ duration_s: 36_000, closed_by: 'auto_closed', needs_review: true });
    // Closed at start + 10 h, not at "now" (start + 14 h).
    expect(Date.parse(d.time_entries[0]!.ended_at!) - Date.parse(d.time_entries[0]!.started_at)).toBe(36_000_000);
    expect(h.core.sweepGhostTimers().closed).toEqual([]); // idempotent
  });

  it('closes at the shift end when it comes first, and never credits more than was measured', async () => {
    // The manual clock starts 06:00 UTC; the shift ends 14:00.
    const h = await harness({ timers: { ghost_timer_hours: 12, shift_end: '14:00' } });
    await h.login('op1');
    value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    h.clock.advance(7 * 3_600_000);
    h.clock.jumpWall(2 * 3_600_000); // the wall clock leaps past 14:00 after only 7 h measured
    const r = h.core.sweepGhostTimers();
    expect(r.closed[0]).toMatchObject({ cause: 'shift_end', duration_s: 7 * 3600 });
  });

  it('runs at start-up over entries left open by a previous run', async () => {
    const h = await harness({ timers: { ghost_timer_hours: 8 } });
    await h.login('op1');
    value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    const { manualClock } = await import('../../electron/core/clock');
    const h2 = h.reopen(manualClock(h.clock.wallMs() + 30 * 3_600_000));
    const r = h2.core.sweepGhostTimers();
    // Across a restart only wall time is left; it is capped at the limit.
    expect(r.closed[0]).toMatchObject({ cause: 'open_limit', duration_s: 8 * 3600 });
  });
});

describe('shift end in plant time', () => {
  it("uses the tenant's time zone for the shift end", async () => {
    const { nextShiftEnd } = await import('../../shared/domain/shift');
    // 06:00 UTC on 22 Nov 2026 is 07:00 in Amsterdam; a 14:00 shift end there is 13:00 UTC.
    expect(new Date(nextShiftEnd(Date.UTC(2026, 10, 22, 6), '14:00', 'Europe/Amsterdam')).toISOString()).toBe('2026-11-22T13:00:00.000Z');
    expect(new Date(nextShiftEnd(Date.UTC(2026, 10, 22, 14), '14:00', 'Europe/Amsterdam')).toISOString()).toBe('2026-11-23T13:00:00.000Z');
    const h = await harness({ timers: { ghost_timer_hours: 12, shift_end: '14:00' } });
    h.db.prepare("UPDATE tenants SET timezone = 'Europe/Amsterdam' WHERE id = ?").run(h.fx.tenantId);
    await h.login('op1');
    value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    h.clock.advance(7.5 * 3_600_000); // 13:30 UTC = 14:30 in Amsterdam
    expect(h.core.sweepGhostTimers().closed[0]).toMatchObject({ cause: 'shift_end', duration_s: 7 * 3600 });
  });
});
