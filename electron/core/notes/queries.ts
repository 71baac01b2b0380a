// Shift handover notes of a cell, newest first.
import type { CoreContext } from '../context';
import type { QueryHandlers } from '../handler-types';
import { sql } from '../store/statements';

export function noteQueries(ctx: CoreContext): QueryHandlers<'note.list'> {
  return {
    'note.list': (input) => ({
      notes: (
        sql(
          ctx.db,
          `SELECT n.id AS note_id, n.cell_id, n.text, n.author_id, p.full_name AS author_name, n.created_at
           FROM notes_local n LEFT JOIN profiles p ON p.id = n.author_id WHERE n.cell_id = ? ORDER BY n.created_at DESC, n.id DESC LIMIT ?`,
        ).all(input.cell_id, input.limit) as { note_id: string; cell_id: string; text: string; author_id: string | null; author_name: string | null; created_at: string }[]
      ),
    }),
  };
}
