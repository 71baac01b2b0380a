// Reads the commands check against: operations with their effective status (reference row +
// local overlay), profiles, open time entries, reference lists. Each "require" refuses with the
// input field and a readable reason when the row is missing, deleted or not this terminal's.
import type Database from 'better-sqlite3';
import { refuse } from './errors';
import { sql } from './store/statements';
import { terminalIdentity } from './terminal-identity';

export interface OperationRow {
  id: string;
  part_id: string;
  cell_id: string;
  sequence: number;
  operation_name: string;
  status: string;
  prior_status: string | null;
}

// The local overlay is read with scalar subqueries rather than a LEFT JOIN: for a single-row
// lookup SQLite runs the subqueries as two direct key probes, while the join form measured about
// five times slower (it is on every command's path).
export function findOperation(db: Database.Database, id: string): OperationRow | undefined {
  return sql(
    db,
    `SELECT o.id, o.part_id, o.cell_id, o.sequence, o.operation_name,
       coalesce((SELECT s.status FROM op_state s WHERE s.operation_id = o.id), o.status) AS status,
       (SELECT s.prior_status FROM op_state s WHERE s.operation_id = o.id) AS prior_status
     FROM operations o WHERE o.id = ? AND o.deleted_at IS NULL`,
  ).get(id) as OperationRow | undefined;
}

/** The operation, which must exist and belong to one of this terminal's cells. */
export function requireOwnOperation(db: Database.Database, id: string, cellIds: readonly string[], field = 'operation_id'): OperationRow {
  const op = findOperation(db, id);
  if (!op) refuse('not_found', `Operation ${id} does not exist on this terminal.`, field);
  if (!cellIds.includes(op.cell_id)) refuse('forbidden', `Operation "${op.operation_name}" belongs to another cell; this terminal serves only its own cells.`, field);
  return op;
}

/** The cells a query covers: the one asked for, which this terminal must serve, else all it serves. */
export function servedCells(db: Database.Database, cellId: string | undefined): readonly string[] {
  const served = terminalIdentity(db).cellIds;
  if (cellId === undefined) return served;
  if (!served.includes(cellId)) refuse('forbidden', 'That cell is not served by this terminal.', 'cell_id');
  return [cellId];
}

export function requireOwnCell(db: Database.Database, id: string, cellIds: readonly string[], field = 'cell_id'): { id: string; name: string } {
  const cell = sql(db, 'SELECT id, name FROM cells WHERE id = ? AND deleted_at IS NULL').get(id) as { id: string; name: string } | undefined;
  if (!cell) refuse('not_found', `Cell ${id} does not exist.`, field);
  if (!cellIds.includes(cell.id)) refuse('forbidden', `Cell "${cell.name}" is not served by this terminal.`, field);
  return cell;
}

/** The earliest earlier operation of the same part that is not completed, if any. */
export function unfinishedPredecessor(db: Database.Database, op: OperationRow): { id: string; operation_name: string; sequence: number } | undefined {
  return sql(
    db,
    `SELECT o.id, o.operation_name, o.sequence FROM operations o
     WHERE o.part_id = ? AND o.sequence < ? AND o.deleted_at IS NULL
       AND coalesce((SELECT s.status FROM op_state s WHERE s.operation_id = o.id), o.status) <> 'completed'
     ORDER BY o.sequence DESC LIMIT 1`,
  ).get(op.part_id, op.sequence) as { id: string; operation_name: string; sequence: number } | undefined;
}

export interface ProfileRow {
  id: string;
  employee_id: string | null;
  full_name: string | null;
  role: string;
  is_machine: number;
  active: number;
  pin_hash: string | null;
}

export function findProfileByEmployee(db: Database.Database, employeeId: string): ProfileRow | undefined {
  return sql(db, 'SELECT id, employee_id, full_name, role, is_machine, active, pin_hash FROM profiles WHERE employee_id = ? AND deleted_at IS NULL').get(employeeId) as ProfileRow | undefined;
}

export function findProfile(db: Database.Database, id: string): ProfileRow | undefined {
  return sql(db, 'SELECT id, employee_id, full_name, role, is_machine, active, pin_hash FROM profiles WHERE id = ? AND deleted_at IS NULL').get(id) as ProfileRow | undefined;
}

export interface OpenEntry {
  id: string;
  operation_id: string;
  profile_id: string;
  cell_id: string;
  started_at: string;
  start_mono: number;
  start_boot: string;
}

const ENTRY_COLS = 'id, operation_id, profile_id, cell_id, started_at, start_mono, start_boot';

export function openEntryOf(db: Database.Database, profileId: string): OpenEntry | undefined {
  return sql(db, `SELECT ${ENTRY_COLS} FROM time_entries_local WHERE profile_id = ? AND ended_at IS NULL`).get(profileId) as OpenEntry | undefined;
}

export function openEntriesOn(db: Database.Database, operationId: string): OpenEntry[] {
  // Read from the index of OPEN entries (one per clocked-on operator, a handful per terminal), not
  // from the operation's range of the table: one paused and resumed all week has hundreds of entries.
  return sql(db, `SELECT ${ENTRY_COLS} FROM time_entries_local INDEXED BY time_entries_open_profile WHERE operation_id = ? AND ended_at IS NULL ORDER BY started_at, id`).all(operationId) as OpenEntry[];
}

export function allOpenEntries(db: Database.Database): OpenEntry[] {
  return sql(db, `SELECT ${ENTRY_COLS} FROM time_entries_local WHERE ended_at IS NULL ORDER BY started_at, id`).all() as OpenEntry[];
}

/** An active row of a reference list (scrap_reasons, issue_categories, downtime_reasons). */
export function requireActiveRow(db: Database.Database, table: 'scrap_reasons' | 'issue_categories' | 'downtime_reasons', id: string, field: string, what: string): void {
  const row = sql(db, `SELECT active FROM ${table} WHERE id = ? AND deleted_at IS NULL`).get(id) as { active: number } | undefined;
  if (!row) refuse('not_found', `Unknown ${what} ${id}.`, field);
  if (!row.active) refuse('validation', `The ${what} ${id} is no longer in use; pick another.`, field);
}
