// Projectors for the operation lifecycle: time entries, the status overlay, quantities, totals
// and custom-field captures. Closed durations come from the event (measured on the monotonic
// clock when the command ran), never recomputed here from wall times.
import type Database from 'better-sqlite3';
import type { Quantities } from '../../../shared/events';
import { sql } from '../store/statements';
import { statusSettled } from './settled';
import type { ProjectorMap } from './types';

function setStatus(db: Database.Database, operationId: string, status: string, deviceSeq: number): void {
  if (statusSettled(db, operationId, deviceSeq)) return; // a later pulled row already reflects it
  sql(db, 'INSERT INTO op_state (operation_id, status) VALUES (?, ?) ON CONFLICT (operation_id) DO UPDATE SET status = excluded.status WHERE status IS NOT excluded.status').run(operationId, status);
}

function ensureTotals(db: Database.Database, operationId: string): void {
  sql(db, 'INSERT INTO op_totals (operation_id) VALUES (?) ON CONFLICT (operation_id) DO NOTHING').run(operationId);
}

function openEntry(db: Database.Database, e: { id: string; operation_id: string; profile_id: string; cell_id: string; at: string; mono: number; boot: string }): void {
  sql(
    db,
    `INSERT INTO time_entries_local (id, operation_id, profile_id, cell_id, started_at, start_mono, start_boot)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.id, e.operation_id, e.profile_id, e.cell_id, e.at, e.mono, e.boot);
  ensureTotals(db, e.operation_id);
}

// One statement on this path (a pause runs it on every tap): the operation's worked seconds are
// summed from its entries when shown (local migration 036), so no totals row is rewritten here.
// Entries are keyed by (operation_id, id) (local migration 035).
function closeEntry(db: Database.Database, operationId: string, timeEntryId: string, endedAt: string, durationS: number, closedBy: string, pauseReason: string | null, needsReview: boolean): void {
  // Only an open entry is closed: a replayed close is a no-op.
  sql(
    db,
    'UPDATE time_entries_local SET ended_at = ?, duration_s = ?, closed_by = ?, pause_reason = ?, needs_review = ? WHERE operation_id = ? AND id = ? AND ended_at IS NULL',
  ).run(endedAt, durationS, closedBy, pauseReason, needsReview ? 1 : 0, operationId, timeEntryId);
}

function addQuantities(db: Database.Database, id: string, operationId: string, q: Quantities, profileId: string | null, at: string): void {
  sql(
    db,
    `INSERT INTO quantity_reports (id, operation_id, good, scrap, rework, produced, scrap_reasons, profile_id, reported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, operationId, q.good, q.scrap, q.rework, q.produced, JSON.stringify(q.scrap_reasons), profileId, at);
  ensureTotals(db, operationId);
  sql(db, 'UPDATE op_totals SET good = good + ?, scrap = scrap + ?, rework = rework + ?, produced = produced + ? WHERE operation_id = ?').run(
    q.good, q.scrap, q.rework, q.produced, operationId,
  );
}

function captureFields(db: Database.Database, eventId: string, operationId: string, phase: string, values: Record<string, unknown> | undefined, profileId: string | null, at: string): void {
  for (const [key, value] of Object.entries(values ?? {})) {
    sql(db, 'INSERT INTO custom_field_captures (event_id, operation_id, phase, key, value, profile_id, captured_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      eventId, operationId, phase, key, JSON.stringify(value), profileId, at,
    );
  }
}

/** Where an entry that lasted `seconds` ends: its start plus that, never a wall time taken now (a
 *  swept or reviewed entry). Undefined when this terminal has no such entry. */
function endAfter(db: Database.Database, operationId: string, timeEntryId: string, seconds: number): string | undefined {
  const row = sql(db, 'SELECT started_at FROM time_entries_local WHERE operation_id = ? AND id = ?').get(operationId, timeEntryId) as { started_at: string } | undefined;
  return row ? new Date(Date.parse(row.started_at) + Math.round(seconds * 1000)).toISOString() : undefined;
}

export const operationProjectors: ProjectorMap = {
  'operation.started': (db, ev) => {
    const p = ev.payload;
    // Status first: the queue trigger on the entry then sees the operation already in process.
    setStatus(db, p.operation_id, 'in_progress', ev.device_seq);
    openEntry(db, { id: p.time_entry_id, operation_id: p.operation_id, profile_id: p.profile_id, cell_id: p.cell_id, at: ev.occurred_at, mono: ev.mono_ms, boot: ev.boot_id });
    captureFields(db, ev.event_id, p.operation_id, 'start', p.custom_fields, p.profile_id, ev.occurred_at);
  },
  'operation.resumed': (db, ev) => {
    const p = ev.payload;
    // Status first: the queue trigger on the entry then sees the operation already in process.
    setStatus(db, p.operation_id, 'in_progress', ev.device_seq);
    openEntry(db, { id: p.time_entry_id, operation_id: p.operation_id, profile_id: p.profile_id, cell_id: p.cell_id, at: ev.occurred_at, mono: ev.mono_ms, boot: ev.boot_id });
  },
  'operation.paused': (db, ev) => {
    closeEntry(db, ev.payload.operation_id, ev.payload.entry.time_entry_id, ev.occurred_at, ev.payload.entry.duration_s, 'pause', ev.payload.reason, false);
  },
  'operation.completed': (db, ev) => {
    const p = ev.payload;
    for (const e of p.closed_entries) closeEntry(db, p.operation_id, e.time_entry_id, ev.occurred_at, e.duration_s, 'complete', null, false);
    if (p.quantities && p.quantity_id) addQuantities(db, p.quantity_id, p.operation_id, p.quantities, ev.actor_id, ev.occurred_at);
    captureFields(db, ev.event_id, p.operation_id, 'complete', p.custom_fields, ev.actor_id, ev.occurred_at);
    ensureTotals(db, p.operation_id);
    setStatus(db, p.operation_id, 'completed', ev.device_seq);
  },
  'time_entry.auto_closed': (db, ev) => {
    const p = ev.payload;
    const end = endAfter(db, p.operation_id, p.entry.time_entry_id, p.entry.duration_s);
    if (end) closeEntry(db, p.operation_id, p.entry.time_entry_id, end, p.entry.duration_s, 'auto_closed', null, true);
  },
  'time_entry.reviewed': (db, ev) => {
    const p = ev.payload;
    const end = endAfter(db, p.operation_id, p.time_entry_id, p.duration_s);
    // The reviewed time replaces the sweep's, once: only an entry still flagged is changed.
    if (end) sql(db, 'UPDATE time_entries_local SET duration_s = ?, ended_at = ?, needs_review = 0 WHERE operation_id = ? AND id = ? AND needs_review = 1').run(p.duration_s, end, p.operation_id, p.time_entry_id);
  },
  'quantity.reported': (db, ev) => {
    addQuantities(db, ev.payload.quantity_id, ev.payload.operation_id, ev.payload.quantities, ev.actor_id, ev.occurred_at);
  },
};
