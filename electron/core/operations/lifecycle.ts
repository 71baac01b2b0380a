// The operation lifecycle commands: start, resume, pause, complete. Routing order and the cell's
// enforced WIP limit are checked at Start (a supervisor may override either with employee id + PIN
// + reason, recorded in the event), not at Complete. Several operators may be clocked onto one
// operation; completing it closes them all.
import { pauseReasonText } from '../../../shared/domain/pause-reasons';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { CoreContext } from '../context';
import { writeTx } from '../context';
import { refuse } from '../errors';
import type { CommandHandlers } from '../handler-types';
import { openEntriesOn, openEntryOf, requireOwnOperation, unfinishedPredecessor, type OperationRow } from '../lookups';
import { isSupervisor, resolveActor } from '../session/actor';
import { checkPin } from '../session/pin-check';
import { record } from '../store/record';
import { sql } from '../store/statements';
import { closedEntry, makeRoomFor, newEntryId } from './clock-on';
import { requireValidCustomFields } from './custom-fields';
import { requireQuantities } from './quantities';

function refuseUnlessWorkable(op: OperationRow): void {
  if (op.status === 'completed') refuse('conflict', `"${op.operation_name}" is already completed.`, 'operation_id');
  if (op.status === 'on_hold') refuse('conflict', `"${op.operation_name}" is on hold until its standstill issue is resolved.`, 'operation_id');
}

/** Whether starting `op` would take its cell past an enforced WIP limit: refused unless a
 *  supervisor consented. Returns true when the consent was needed (so the event records it). */
function checkWip(ctx: CoreContext, op: OperationRow, consented: boolean): boolean {
  const cell = sql(ctx.db, 'SELECT name, wip_limit, enforce_wip_limit FROM cells WHERE id = ?').get(op.cell_id) as { name: string; wip_limit: number | null; enforce_wip_limit: number } | undefined;
  if (!cell || !cell.enforce_wip_limit || cell.wip_limit === null) return false;
  const wip = (sql(ctx.db, 'SELECT n FROM queue_counts WHERE cell_id = ? AND section = 0').get(op.cell_id) as { n: number } | undefined)?.n ?? 0;
  if (wip < cell.wip_limit) return false;
  if (!consented) {
    refuse('conflict', `${cell.name} is at its WIP limit (${wip} of ${cell.wip_limit}); finish work in process first, or a supervisor can override.`, 'operation_id', {
      cell_id: op.cell_id, cell_name: cell.name, wip, wip_limit: cell.wip_limit, needs: 'wip_override',
    });
  }
  return true;
}

/** A supervisor's consent given at this terminal: PIN verified (off the event loop, before the
 *  transaction opens; a wrong PIN counts against that supervisor), role checked. */
async function supervisorConsent(
  ctx: CoreContext,
  o: { supervisor_employee_id: string; supervisor_pin: string; reason: string },
  field: 'sequence_override' | 'wip_override',
  what: string,
): Promise<{ supervisor_id: string; reason: string }> {
  const sup = await checkPin(ctx, o.supervisor_employee_id, o.supervisor_pin, { employee: `${field}.supervisor_employee_id`, pin: `${field}.supervisor_pin` });
  if (!isSupervisor(sup.profile)) refuse('forbidden', `${sup.profile.full_name ?? o.supervisor_employee_id} is not a supervisor and cannot ${what}.`, `${field}.supervisor_employee_id`);
  return { supervisor_id: sup.profile.id, reason: o.reason };
}

export function lifecycleCommands(ctx: CoreContext): CommandHandlers<'operation.start' | 'operation.resume' | 'operation.pause' | 'operation.complete'> {
  return {
    'operation.start': async (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      const override = input.sequence_override ? await supervisorConsent(ctx, input.sequence_override, 'sequence_override', 'override the routing order') : undefined;
      const wipOverride = input.wip_override ? await supervisorConsent(ctx, input.wip_override, 'wip_override', 'override the WIP limit') : undefined;
      const r = writeTx(ctx, (w) => {
        const op = requireOwnOperation(ctx.db, input.operation_id, w.cellIds);
        refuseUnlessWorkable(op);
        let overWip = false;
        if (op.status === 'not_started') {
          const pred = unfinishedPredecessor(ctx.db, op);
          if (pred && !override) {
            refuse('conflict', `"${op.operation_name}" is out of routing order: "${pred.operation_name}" (step ${pred.sequence}) is not completed. A supervisor can override.`, 'operation_id', {
              predecessor_operation_id: pred.id,
              needs: 'sequence_override',
            });
          }
          overWip = checkWip(ctx, op, wipOverride !== undefined);
        }
        requireValidCustomFields(ctx.db, op.cell_id, 'start', input.custom_fields, op.status === 'not_started');
        const paused = makeRoomFor(ctx, w, actor.id, op, input.pause_current, input.pause_reason);
        const entryId = newEntryId(ctx);
        record(w, {
          type: 'operation.started',
          payload: {
            operation_id: op.id, time_entry_id: entryId, cell_id: op.cell_id, profile_id: actor.id,
            ...(override ? { sequence_override: override } : {}),
            ...(overWip && wipOverride ? { wip_override: wipOverride } : {}),
            ...(Object.keys(input.custom_fields).length > 0 ? { custom_fields: input.custom_fields } : {}),
          },
          actorId: actor.id,
          entityId: op.id,
        });
        return { time_entry_id: entryId, paused_time_entry_id: paused };
      });
      return r;
    },
    'operation.resume': (input) =>
      writeTx(ctx, (w) => {
        const actor = resolveActor(ctx, input.as_profile_id);
        const op = requireOwnOperation(ctx.db, input.operation_id, w.cellIds);
        refuseUnlessWorkable(op);
        if (op.status !== 'in_progress') refuse('conflict', `"${op.operation_name}" has not been started yet; use Start.`, 'operation_id');
        const paused = makeRoomFor(ctx, w, actor.id, op, input.pause_current, input.pause_reason);
        const entryId = newEntryId(ctx);
        record(w, { type: 'operation.resumed', payload: { operation_id: op.id, time_entry_id: entryId, cell_id: op.cell_id, profile_id: actor.id }, actorId: actor.id, entityId: op.id });
        return { time_entry_id: entryId, paused_time_entry_id: paused };
      }),
    'operation.pause': (input) =>
      writeTx(ctx, (w) => {
        const actor = resolveActor(ctx, input.as_profile_id);
        const op = requireOwnOperation(ctx.db, input.operation_id, w.cellIds);
        const open = openEntryOf(ctx.db, actor.id);
        if (!open || open.operation_id !== op.id) refuse('conflict', `${actor.full_name ?? 'You'} ${actor.full_name ? 'is' : 'are'} not clocked onto "${op.operation_name}".`, 'operation_id');
        const entry = closedEntry(ctx, open);
        const reason = pauseReasonText(input.reason_code, input.reason);
        const payload = { operation_id: op.id, reason, ...(input.reason_code ? { reason_code: input.reason_code } : {}), entry };
        record(w, { type: 'operation.paused', payload, actorId: actor.id, entityId: op.id });
        return { time_entry_id: open.id, duration_s: entry.duration_s };
      }),
    'operation.complete': (input) =>
      writeTx(ctx, (w) => {
        const actor = resolveActor(ctx, input.as_profile_id);
        const op = requireOwnOperation(ctx.db, input.operation_id, w.cellIds);
        refuseUnlessWorkable(op);
        if (op.status !== 'in_progress') refuse('conflict', `"${op.operation_name}" has not been started; start it before completing it.`, 'operation_id');
        const quantities = input.quantities ? requireQuantities(ctx.db, input.quantities, 'quantities') : undefined;
        requireValidCustomFields(ctx.db, op.cell_id, 'complete', input.custom_fields, true);
        const closed = openEntriesOn(ctx.db, op.id).map((e) => closedEntry(ctx, e));
        const quantityId = quantities ? uuidv7(ctx.clock.wallMs()) : undefined;
        record(w, {
          type: 'operation.completed',
          payload: {
            operation_id: op.id,
            closed_entries: closed,
            ...(quantities && quantityId ? { quantities, quantity_id: quantityId } : {}),
            ...(Object.keys(input.custom_fields).length > 0 ? { custom_fields: input.custom_fields } : {}),
          },
          actorId: actor.id,
          entityId: op.id,
        });
        return { closed_time_entry_ids: closed.map((c) => c.time_entry_id), quantity_id: quantityId ?? null };
      }),
  };
}
