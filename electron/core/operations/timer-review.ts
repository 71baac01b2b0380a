// Supervisor review of time entries the ghost-timer sweep closed. The sweep never invents time: it
// closes an entry at its limit and flags it. Here a supervisor confirms that time or lowers it to
// what was really worked, with a why; the review is a new event (who, when, why), the sweep's
// event stays in the outbox, and the entry leaves the list.
import type { CoreContext } from '../context';
import { writeTx } from '../context';
import { refuse } from '../errors';
import type { CommandHandlers, QueryHandlers } from '../handler-types';
import { requireOwnOperation, servedCells } from '../lookups';
import { requireSupervisor, resolveActor } from '../session/actor';
import { record } from '../store/record';
import { sql } from '../store/statements';

function hoursMinutes(seconds: number): string {
  const m = Math.round(seconds / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function timerReviewCommands(ctx: CoreContext): CommandHandlers<'time_entry.review'> {
  return {
    'time_entry.review': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      requireSupervisor(ctx, actor, 'review a timer the sweep closed', 'time_entry_id');
      return writeTx(ctx, (w) => {
        const op = requireOwnOperation(ctx.db, input.operation_id, w.cellIds);
        const e = sql(ctx.db, 'SELECT id, profile_id, duration_s, needs_review FROM time_entries_local WHERE operation_id = ? AND id = ?').get(op.id, input.time_entry_id) as
          | { id: string; profile_id: string; duration_s: number | null; needs_review: number }
          | undefined;
        if (!e) refuse('not_found', `"${op.operation_name}" has no time entry ${input.time_entry_id}.`, 'time_entry_id');
        if (!e.needs_review || e.duration_s === null) refuse('conflict', 'This time entry needs no review: a person closed it, or it was reviewed already.', 'time_entry_id');
        const duration = input.duration_s ?? e.duration_s;
        // The sweep credited at most what the monotonic clock measured up to its limit; a review may
        // correct that down to what was worked, never add time nobody measured.
        if (duration > e.duration_s) refuse('validation', `The sweep credited ${hoursMinutes(e.duration_s)}; a review can confirm or lower that, not add time.`, 'duration_s');
        const why = input.why?.trim();
        if (duration !== e.duration_s && !why) refuse('validation', "Say why the time changes; the sweep's time stays on record.", 'why');
        record(w, {
          type: 'time_entry.reviewed',
          payload: { operation_id: op.id, time_entry_id: e.id, profile_id: e.profile_id, duration_s: duration, ...(why ? { why } : {}) },
          actorId: actor.id,
          entityId: op.id,
        });
        return { time_entry_id: e.id, duration_s: duration };
      });
    },
  };
}

export function timerReviewQueries(ctx: CoreContext): QueryHandlers<'time_entries.to_review'> {
  return {
    'time_entries.to_review': (input) => {
      const rows = sql(
        ctx.db,
        `SELECT t.id AS time_entry_id, t.operation_id, o.operation_name, p.part_number, j.job_number, t.cell_id, t.profile_id, pr.full_name,
                t.started_at, t.ended_at, t.duration_s
           FROM time_entries_local t
           JOIN operations o ON o.id = t.operation_id
           LEFT JOIN parts p ON p.id = o.part_id
           LEFT JOIN jobs j ON j.id = p.job_id
           LEFT JOIN profiles pr ON pr.id = t.profile_id
          WHERE t.needs_review = 1 AND t.cell_id IN (SELECT value FROM json_each(?))
          ORDER BY t.started_at, t.id LIMIT ?`,
      ).all(JSON.stringify(servedCells(ctx.db, input.cell_id)), input.limit) as { time_entry_id: string; operation_id: string; operation_name: string; part_number: string | null; job_number: string | null; cell_id: string; profile_id: string; full_name: string | null; started_at: string; ended_at: string; duration_s: number }[];
      return { entries: rows };
    },
  };
}
