// What the operator reads at the machine for one operation (operation.detail `documents`):
// drawing number and CNC program of the part, the job/part/operation notes (instructions) and the
// resources the routing names. All from reference rows the sync pull keeps in the local store, so
// the panel works offline; tombstoned rows (deleted_at) are left out.
import type Database from 'better-sqlite3';
import { sql } from '../store/statements';

export interface OperationDocuments {
  drawing_number: string | null;
  cnc_program: string | null;
  job_notes: string | null;
  part_notes: string | null;
  operation_notes: string | null;
  resources: { resource_id: string; name: string; quantity: number | null; notes: string | null }[];
}

/** Blank text is no instruction: the panel shows nothing rather than an empty heading. */
const text = (s: string | null): string | null => (s && s.trim() ? s : null);

export function operationDocuments(db: Database.Database, operationId: string): OperationDocuments | undefined {
  const row = sql(
    db,
    `SELECT p.drawing_no, p.cnc_program_name, j.notes AS job_notes, p.notes AS part_notes, o.notes AS operation_notes
       FROM operations o JOIN parts p ON p.id = o.part_id LEFT JOIN jobs j ON j.id = p.job_id
      WHERE o.id = ?`,
  ).get(operationId) as { drawing_no: string | null; cnc_program_name: string | null; job_notes: string | null; part_notes: string | null; operation_notes: string | null } | undefined;
  if (!row) return undefined;
  const resources = sql(
    db,
    `SELECT r.id AS resource_id, r.name, x.quantity, x.notes
       FROM operation_resources x JOIN resources r ON r.id = x.resource_id
      WHERE x.operation_id = ? AND x.deleted_at IS NULL AND r.deleted_at IS NULL
      ORDER BY r.name, r.id`,
  ).all(operationId) as OperationDocuments['resources'];
  return {
    drawing_number: text(row.drawing_no),
    cnc_program: text(row.cnc_program_name),
    job_notes: text(row.job_notes),
    part_notes: text(row.part_notes),
    operation_notes: text(row.operation_notes),
    resources: resources.map((r) => ({ ...r, notes: text(r.notes) })),
  };
}
