// Shift handover notes per cell.
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { CoreContext } from '../context';
import { writeTx } from '../context';
import type { CommandHandlers } from '../handler-types';
import { requireOwnCell } from '../lookups';
import { resolveActor } from '../session/actor';
import { record } from '../store/record';

export function noteCommands(ctx: CoreContext): CommandHandlers<'note.add'> {
  return {
    'note.add': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      return writeTx(ctx, (w) => {
        requireOwnCell(ctx.db, input.cell_id, w.cellIds);
        const noteId = uuidv7(ctx.clock.wallMs());
        record(w, { type: 'note.added', payload: { note_id: noteId, cell_id: input.cell_id, text: input.text }, actorId: actor.id, entityId: noteId });
        return { note_id: noteId };
      });
    },
  };
}
