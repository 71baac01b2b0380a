// Shared rules for opening a time entry (start and resume): one open entry per operator; an open
// entry elsewhere is a 'conflict' naming it, unless the client asked to pause it, in which case
// the pause and the new entry commit in the SAME transaction, so there are never two open.
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { CoreContext } from '../context';
import { refuse } from '../errors';
import { openEntryOf, type OpenEntry, type OperationRow } from '../lookups';
import { record, type RecordContext } from '../store/record';
import { elapsedS, startReading } from './measure';

export function closedEntry(ctx: CoreContext, e: OpenEntry): { time_entry_id: string; profile_id: string; duration_s: number } {
  return { time_entry_id: e.id, profile_id: e.profile_id, duration_s: elapsedS(ctx.clock, startReading(e.started_at, e.start_mono, e.start_boot), ctx.config.timers.max_across_boot_hours) };
}

/** Checks the actor's open entry; pauses it (recording operation.paused) when asked. Returns the paused entry id. */
export function makeRoomFor(ctx: CoreContext, w: RecordContext, actorId: string, op: OperationRow, pauseCurrent: boolean, pauseReason: string): string | null {
  const open = openEntryOf(ctx.db, actorId);
  if (!open) return null;
  if (open.operation_id === op.id) refuse('conflict', `You are already clocked onto "${op.operation_name}".`, 'operation_id', { open_time_entry_id: open.id, open_operation_id: open.operation_id });
  if (!pauseCurrent) {
    refuse('conflict', 'You are still clocked onto another operation. Pause it and start this one?', 'pause_current', {
      open_time_entry_id: open.id,
      open_operation_id: open.operation_id,
    });
  }
  record(w, { type: 'operation.paused', payload: { operation_id: open.operation_id, reason: pauseReason, entry: closedEntry(ctx, open) }, actorId, entityId: open.operation_id });
  return open.id;
}

export function newEntryId(ctx: CoreContext): string {
  return uuidv7(ctx.clock.wallMs());
}
