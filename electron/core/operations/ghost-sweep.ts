// The ghost-timer sweep. The host calls it periodically and at start-up. An entry left open past
// the configured limit, or past the shift end, is closed AT that limit (never at "now"), and never
// for more than was measured; the event is flagged needs_review so a supervisor checks it.
// Nobody acted, so the event's actor is null: the sweep is the terminal itself.
import { ghostVerdict } from '../../../shared/domain/shift';
import type { EventEnvelope } from '../../../shared/events';
import type { CoreContext } from '../context';
import { terminalIdentity, writeTx } from '../context';
import { allOpenEntries } from '../lookups';
import { record } from '../store/record';
import { sql } from '../store/statements';
import { elapsedS, startReading } from './measure';

export interface SweepResult {
  closed: { time_entry_id: string; operation_id: string; cause: 'open_limit' | 'shift_end'; duration_s: number }[];
  events: EventEnvelope[];
}

/** The configured zone, else the tenant's (a pulled value that may be missing or unknown), else UTC. */
function shiftZone(ctx: CoreContext): string {
  if (ctx.config.timers.shift_timezone) return ctx.config.timers.shift_timezone;
  const tenantId = terminalIdentity(ctx.db).tenantId;
  const row = sql(ctx.db, 'SELECT timezone FROM tenants WHERE id = ?').get(tenantId) as { timezone: string | null } | undefined;
  if (!row?.timezone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: row.timezone });
    return row.timezone;
  } catch {
    return 'UTC';
  }
}

export function sweepGhostTimers(ctx: CoreContext): SweepResult {
  if (!terminalIdentity(ctx.db).deviceId) return { closed: [], events: [] };
  const timeZone = shiftZone(ctx);
  const { value, events } = writeTx(ctx, (w) => {
    const closed: SweepResult['closed'] = [];
    for (const e of allOpenEntries(ctx.db)) {
      const measuredS = elapsedS(ctx.clock, startReading(e.started_at, e.start_mono, e.start_boot), ctx.config.timers.max_across_boot_hours);
      const v = ghostVerdict({
        measuredS,
        startWallMs: Date.parse(e.started_at),
        nowWallMs: ctx.clock.wallMs(),
        limitHours: ctx.config.timers.ghost_timer_hours,
        shiftEnd: ctx.config.timers.shift_end,
        timeZone,
      });
      if (!v) continue;
      record(w, {
        type: 'time_entry.auto_closed',
        payload: { operation_id: e.operation_id, entry: { time_entry_id: e.id, profile_id: e.profile_id, duration_s: v.duration_s }, cause: v.cause, needs_review: true },
        actorId: null,
        entityId: e.operation_id,
      });
      closed.push({ time_entry_id: e.id, operation_id: e.operation_id, cause: v.cause, duration_s: v.duration_s });
    }
    return closed;
  });
  return { closed: value, events };
}
