// The cell queue query. Reads the first N rows of each (cell, section) straight off the key order
// of the trigger-maintained queue_entries table (which carries what a card shows), joins only the
// local totals, and takes the counts from queue_counts, so its cost does not grow with the number
// of operations in the store.
import type Database from 'better-sqlite3';
import type { CellQueue, QueueEntry, QueueSection } from '../../../shared/contract/core-queries';
import { dueState } from '../../../shared/domain/due-state';
import { TaskStatus } from '../../../shared/domain/enums';

const STATUSES = new Set<string>(TaskStatus.options);
import { wipLevel } from '../../../shared/domain/wip';
import type { Clock } from '../clock';
import type { CoreConfig } from '../config';
import { elapsedS, startReading } from '../operations/measure';
import { sql } from '../store/statements';

const SECTIONS: QueueSection[] = ['in_process', 'ready', 'upcoming'];

/** Seconds worked on this terminal: the sum of the operation's closed time entries (local migration
 *  036), one range of the entries table (clustered by operation, 035), rather than a running total
 *  every pause would rewrite. */
const CLOSED_SECONDS = (operationId: string) =>
  `coalesce((SELECT sum(e.duration_s) FROM time_entries_local e WHERE e.operation_id = ${operationId}), 0) AS closed_seconds`;

/** Columns of one queue entry, shared by the queue and the operation detail. */
export const ENTRY_SELECT = `
  o.id AS operation_id, o.operation_name, o.sequence, coalesce(s.status, o.status) AS status, o.cell_id,
  j.id AS job_id, j.job_number, j.customer, p.id AS part_id, p.part_number, p.material, p.is_bullet_card,
  p.quantity, coalesce(t.produced, 0) AS produced, coalesce(t.good, 0) AS good, coalesce(t.scrap, 0) AS scrap,
  coalesce(t.rework, 0) AS rework, o.estimated_time AS estimated_hours, coalesce(o.actual_time, 0) * 3600 AS central_actual_s,
  ${CLOSED_SECONDS('o.id')}, coalesce(j.due_date_override, j.due_date) AS due_date`;
/** The same columns read from the denormalised queue row (only the local totals are joined). */
const QUEUE_SELECT = `
  q.operation_id, q.operation_name, q.sequence, q.status, q.cell_id, q.job_id, q.job_number, q.customer, q.part_id,
  q.part_number, q.material, q.bullet AS is_bullet_card, q.quantity, coalesce(t.produced, 0) AS produced,
  coalesce(t.good, 0) AS good, coalesce(t.scrap, 0) AS scrap, coalesce(t.rework, 0) AS rework,
  q.estimated_time AS estimated_hours, coalesce(q.actual_time, 0) * 3600 AS central_actual_s,
  ${CLOSED_SECONDS('q.operation_id')}, q.due_date`;
export const ENTRY_FROM = `
  JOIN operations o ON o.id = q.operation_id
  JOIN parts p ON p.id = o.part_id
  JOIN jobs j ON j.id = p.job_id
  LEFT JOIN op_state s ON s.operation_id = o.id
  LEFT JOIN op_totals t ON t.operation_id = o.id`;

export interface EntryRow {
  operation_id: string;
  operation_name: string;
  sequence: number;
  status: string;
  cell_id: string;
  job_id: string;
  job_number: string;
  customer: string | null;
  part_id: string;
  part_number: string;
  material: string | null;
  is_bullet_card: number;
  quantity: number;
  produced: number;
  good: number;
  scrap: number;
  rework: number;
  estimated_hours: number | null;
  central_actual_s: number;
  closed_seconds: number;
  due_date: string | null;
}

interface OpenRow {
  id: string;
  operation_id: string;
  profile_id: string;
  full_name: string | null;
  started_at: string;
  start_mono: number;
  start_boot: string;
}

export interface EntryEnv {
  clock: Clock;
  config: CoreConfig;
  open: Map<string, OpenRow[]>;
}

export function openEntriesByOperation(db: Database.Database): Map<string, OpenRow[]> {
  const rows = sql(
    db,
    `SELECT t.id, t.operation_id, t.profile_id, p.full_name, t.started_at, t.start_mono, t.start_boot
     FROM time_entries_local t LEFT JOIN profiles p ON p.id = t.profile_id WHERE t.ended_at IS NULL ORDER BY t.started_at, t.id`,
  ).all() as OpenRow[];
  const m = new Map<string, OpenRow[]>();
  for (const r of rows) m.set(r.operation_id, [...(m.get(r.operation_id) ?? []), r]);
  return m;
}

export function toEntry(r: EntryRow, section: QueueSection, env: EntryEnv): QueueEntry {
  const open = env.open.get(r.operation_id) ?? [];
  const running = open.reduce((s, e) => s + elapsedS(env.clock, startReading(e.started_at, e.start_mono, e.start_boot), env.config.timers.max_across_boot_hours), 0);
  return {
    operation_id: r.operation_id,
    operation_name: r.operation_name,
    sequence: r.sequence,
    status: STATUSES.has(r.status) ? (r.status as TaskStatus) : 'not_started',
    section,
    cell_id: r.cell_id,
    job_id: r.job_id,
    job_number: r.job_number,
    customer: r.customer,
    part_id: r.part_id,
    part_number: r.part_number,
    material: r.material,
    is_bullet_card: r.is_bullet_card === 1,
    quantity: r.quantity,
    produced: r.produced,
    good: r.good,
    scrap: r.scrap,
    rework: r.rework,
    estimated_hours: r.estimated_hours,
    // The central's actual time already includes this terminal's entries once they are pushed, so
    // adding both would count them twice: take the larger of the two, plus what is running now.
    actual_seconds: Math.round(Math.max(r.central_actual_s, r.closed_seconds) + running),
    due_date: r.due_date,
    due_state: dueState(r.due_date, env.clock.wallMs(), env.config.queue.due_soon_hours),
    clocked_on: open.map((e) => ({ profile_id: e.profile_id, full_name: e.full_name, time_entry_id: e.id })),
  };
}

export function cellQueue(db: Database.Database, cellId: string, limit: number, env: EntryEnv): CellQueue | null {
  const cell = sql(db, 'SELECT id, name, wip_limit, wip_warning_threshold, enforce_wip_limit FROM cells WHERE id = ? AND deleted_at IS NULL').get(cellId) as
    | { id: string; name: string; wip_limit: number | null; wip_warning_threshold: number | null; enforce_wip_limit: number }
    | undefined;
  if (!cell) return null;
  const counts = new Map((sql(db, 'SELECT section, n FROM queue_counts WHERE cell_id = ?').all(cellId) as { section: number; n: number }[]).map((r) => [r.section, r.n]));
  const page = sql(db, `SELECT ${QUEUE_SELECT} FROM queue_entries q LEFT JOIN op_totals t ON t.operation_id = q.operation_id
    WHERE q.cell_id = ? AND q.section = ? ORDER BY q.bullet DESC, q.eff_due, q.sequence, q.operation_id LIMIT ?`);
  const sections = Object.fromEntries(
    SECTIONS.map((name, i) => [name, { count: counts.get(i) ?? 0, entries: (page.all(cellId, i, limit) as EntryRow[]).map((r) => toEntry(r, name, env)) }]),
  ) as CellQueue['sections'];
  const wip = counts.get(0) ?? 0;
  return {
    cell_id: cell.id,
    cell_name: cell.name,
    wip: { count: wip, limit: cell.wip_limit, warning_threshold: cell.wip_warning_threshold, state: wipLevel(wip, cell.wip_limit, cell.wip_warning_threshold), enforced: cell.enforce_wip_limit === 1 },
    sections,
  };
}
