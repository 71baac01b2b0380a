// Downtime stops as plain functions over a RecordContext, callable inside any transaction with an
// actor: the operator commands use them, and the machine integration opens/closes 'machine' stops
// through them too, so a stop has one set of rules and one projector whoever records it.
import type Database from 'better-sqlite3';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { DowntimeSource } from '../../../shared/domain/enums';
import { refuse } from '../errors';
import { requireActiveRow } from '../lookups';
import { elapsedS, startReading } from '../operations/measure';
import { readStop } from '../projections/downtime';
import { record, type RecordContext } from '../store/record';
import { sql } from '../store/statements';

export interface StartDowntimeArgs {
  cellId: string;
  resourceId?: string | undefined;
  reasonId?: string | undefined;
  note?: string | undefined;
  source: DowntimeSource;
  actorId: string | null;
}

export function openStopFor(db: Database.Database, cellId: string, resourceId: string | null): { id: string } | undefined {
  return sql(db, 'SELECT id FROM downtime_stops WHERE cell_id = ? AND resource_id IS ? AND ended_at IS NULL').get(cellId, resourceId) as { id: string } | undefined;
}

/** Opens a stop on a cell (or one resource of it). One open stop per cell/resource at a time. */
export function startDowntime(w: RecordContext, a: StartDowntimeArgs): string {
  if (a.resourceId) {
    const res = sql(w.db, 'SELECT cell_id FROM resources WHERE id = ? AND deleted_at IS NULL').get(a.resourceId) as { cell_id: string | null } | undefined;
    if (!res) refuse('not_found', `Unknown resource ${a.resourceId}.`, 'resource_id');
    if (res.cell_id !== a.cellId) refuse('validation', 'That resource does not belong to this cell.', 'resource_id');
  }
  if (a.reasonId) requireActiveRow(w.db, 'downtime_reasons', a.reasonId, 'reason_id', 'downtime reason');
  const open = openStopFor(w.db, a.cellId, a.resourceId ?? null);
  if (open) refuse('conflict', 'A stop is already open here; end it or categorise it instead.', a.resourceId ? 'resource_id' : 'cell_id', { open_downtime_id: open.id });
  const id = uuidv7(w.clock.wallMs());
  record(w, {
    type: 'downtime.started',
    payload: {
      downtime_id: id, cell_id: a.cellId, source: a.source,
      ...(a.resourceId ? { resource_id: a.resourceId } : {}),
      ...(a.reasonId ? { reason_id: a.reasonId } : {}),
      ...(a.note ? { note: a.note } : {}),
    },
    actorId: a.actorId,
    entityId: id,
  });
  return id;
}

/** Ends an open stop; its duration is measured on the monotonic clock. */
export function endDowntime(w: RecordContext, a: { downtimeId: string; actorId: string | null; microStopSeconds: number; maxAcrossBootHours: number }): number {
  const s = readStop(w.db, a.downtimeId);
  if (!s) refuse('not_found', `Unknown stop ${a.downtimeId}.`, 'downtime_id');
  if (s.ended_at !== null) refuse('conflict', 'This stop has already ended.', 'downtime_id');
  const duration = elapsedS(w.clock, startReading(s.started_at, s.start_mono, s.start_boot), a.maxAcrossBootHours);
  record(w, { type: 'downtime.ended', payload: { downtime_id: s.id, duration_s: duration, micro_stop: duration < a.microStopSeconds }, actorId: a.actorId, entityId: s.id });
  return duration;
}
