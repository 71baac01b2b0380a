// Downtime commands. Anyone logged in may start, end, or explain an unexplained stop; changing a
// reason, splitting and editing are supervisor actions, allowed on stops that ended within the
// edit window. Every change is its own event (who, when, why); nothing is overwritten silently.
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { CoreContext } from '../context';
import { terminalIdentity, writeTx } from '../context';
import { refuse } from '../errors';
import type { CommandHandlers } from '../handler-types';
import { requireActiveRow, requireOwnCell } from '../lookups';
import { elapsedS, startReading } from '../operations/measure';
import { readStop } from '../projections/downtime';
import { requireSupervisor, resolveActor } from '../session/actor';
import { record } from '../store/record';
import { endDowntime, startDowntime } from './stops';

export function downtimeCommands(ctx: CoreContext): CommandHandlers<'downtime.start' | 'downtime.end' | 'downtime.categorise' | 'downtime.split' | 'downtime.edit'> {
  const cells = () => terminalIdentity(ctx.db).cellIds;

  /** The stop, which must exist and be on one of this terminal's cells. */
  const ownStop = (id: string) => {
    const s = readStop(ctx.db, id);
    if (!s) refuse('not_found', `Unknown stop ${id}.`, 'downtime_id');
    if (!cells().includes(s.cell_id)) refuse('forbidden', 'That stop belongs to a cell this terminal does not serve.', 'downtime_id');
    return s;
  };
  const withinWindow = (endedAt: string | null) => {
    if (endedAt === null) return;
    const ageH = (ctx.clock.wallMs() - Date.parse(endedAt)) / 3_600_000;
    if (ageH > ctx.config.downtime.edit_window_hours) {
      refuse('conflict', `This stop ended more than ${ctx.config.downtime.edit_window_hours} hours ago; it can no longer be changed at the terminal.`, 'downtime_id');
    }
  };

  return {
    'downtime.start': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      return writeTx(ctx, (w) => {
        requireOwnCell(ctx.db, input.cell_id, cells());
        return { downtime_id: startDowntime(w, { cellId: input.cell_id, resourceId: input.resource_id, reasonId: input.reason_id, note: input.note, source: 'operator', actorId: actor.id }) };
      });
    },
    'downtime.end': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      return writeTx(ctx, (w) => {
        ownStop(input.downtime_id);
        const duration = endDowntime(w, { downtimeId: input.downtime_id, actorId: actor.id, microStopSeconds: ctx.config.downtime.micro_stop_seconds, maxAcrossBootHours: ctx.config.timers.max_across_boot_hours });
        return { downtime_id: input.downtime_id, duration_s: duration };
      });
    },
    'downtime.categorise': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      return writeTx(ctx, (w) => {
        const s = ownStop(input.downtime_id);
        requireActiveRow(ctx.db, 'downtime_reasons', input.reason_id, 'reason_id', 'downtime reason');
        if (s.reason_id !== null) {
          requireSupervisor(ctx, actor, 'change the reason of a stop that already has one', 'reason_id');
          withinWindow(s.ended_at);
          if (s.reason_id === input.reason_id) refuse('conflict', 'The stop already has this reason.', 'reason_id');
          // Changing a reason someone already gave is a correction: who, when AND why go on record.
          if (!input.why?.trim()) refuse('validation', 'Say why the reason changes; the earlier reason stays on record.', 'why');
        }
        record(w, { type: 'downtime.categorised', payload: { downtime_id: s.id, reason_id: input.reason_id, ...(input.why ? { why: input.why } : {}) }, actorId: actor.id, entityId: s.id });
        return { downtime_id: s.id };
      });
    },
    'downtime.split': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      requireSupervisor(ctx, actor, 'split a stop', 'downtime_id');
      return writeTx(ctx, (w) => {
        const s = ownStop(input.downtime_id);
        withinWindow(s.ended_at);
        if (input.reason_id) requireActiveRow(ctx.db, 'downtime_reasons', input.reason_id, 'reason_id', 'downtime reason');
        const length = s.ended_at === null ? elapsedS(ctx.clock, startReading(s.started_at, s.start_mono, s.start_boot), ctx.config.timers.max_across_boot_hours) : (s.duration_s ?? 0);
        if (input.at_offset_s >= length) refuse('validation', `The split point must fall inside the stop (0 to ${Math.floor(length)} s).`, 'at_offset_s');
        const newId = uuidv7(ctx.clock.wallMs());
        record(w, {
          type: 'downtime.split',
          payload: { downtime_id: s.id, at_offset_s: input.at_offset_s, new_downtime_id: newId, ...(input.reason_id ? { reason_id: input.reason_id } : {}), ...(input.why ? { why: input.why } : {}) },
          actorId: actor.id,
          entityId: s.id,
        });
        return { downtime_id: s.id, new_downtime_id: newId };
      });
    },
    'downtime.edit': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      requireSupervisor(ctx, actor, 'edit a past stop', 'downtime_id');
      if (!input.started_at && !input.ended_at) refuse('validation', 'Give a new start or end time.', 'started_at');
      return writeTx(ctx, (w) => {
        const s = ownStop(input.downtime_id);
        withinWindow(s.ended_at);
        if (input.ended_at && s.ended_at === null) refuse('validation', 'The stop is still open; end it before correcting its end time.', 'ended_at');
        const start = Date.parse(input.started_at ?? s.started_at);
        const end = input.ended_at ? Date.parse(input.ended_at) : s.ended_at ? Date.parse(s.ended_at) : ctx.clock.wallMs();
        if (start >= end) refuse('validation', 'The start must be before the end.', input.started_at ? 'started_at' : 'ended_at');
        if (end > ctx.clock.wallMs() + 60_000) refuse('validation', 'The end cannot be in the future.', 'ended_at');
        record(w, {
          type: 'downtime.edited',
          payload: { downtime_id: s.id, why: input.why, ...(input.started_at ? { started_at: input.started_at } : {}), ...(input.ended_at ? { ended_at: input.ended_at } : {}) },
          actorId: actor.id,
          entityId: s.id,
        });
        return { downtime_id: s.id };
      });
    },
  };
}
