// Projector for shift handover notes.
import { sql } from '../store/statements';
import type { ProjectorMap } from './types';

export const noteProjectors: ProjectorMap = {
  'note.added': (db, ev) => {
    const p = ev.payload;
    sql(db, 'INSERT INTO notes_local (id, cell_id, text, author_id, created_at) VALUES (?, ?, ?, ?, ?)').run(p.note_id, p.cell_id, p.text, ev.actor_id, ev.occurred_at);
  },
};
