// The projection registry: `project` applies one event through its ONE projector (live, inside
// the command's transaction), `rebuildProjections` clears every projection table and replays the
// whole outbox through the same projectors, then recomputes the queue tables.
import type Database from 'better-sqlite3';
import { EventPayloads, type EventEnvelope, type EventType, type TypedEnvelope } from '../../../shared/events';
import { rowToEnvelope, type OutboxRow } from '../store/outbox';
import { downtimeProjectors } from './downtime';
import { issueProjectors } from './issues';
import { operationProjectors } from './operations';
import { noteProjectors } from './notes';
import { sessionProjectors } from './sessions';
import type { Projector, ProjectorMap } from './types';

export const projectors: ProjectorMap = { ...sessionProjectors, ...operationProjectors, ...downtimeProjectors, ...issueProjectors, ...noteProjectors };

/** Tables owned by the core's projections (migration 002), cleared on rebuild. op_status_settled
 *  (021) is not one: it records pulled settlements, which the projectors consult on replay. */
export const PROJECTION_TABLES = [
  'custom_field_captures', 'quantity_reports', 'op_totals', 'time_entries_local', 'op_state', 'downtime_changes', 'downtime_stops',
  'reason_usage', 'issues_local', 'notes_local', 'crew_sessions', 'pin_lockouts',
] as const;

export function project(db: Database.Database, ev: EventEnvelope): void {
  const fn = projectors[ev.type] as Projector<EventType> | undefined;
  // Events without a core projection (e.g. cycles.counted) are facts for the central only.
  if (fn) fn(db, ev as TypedEnvelope<EventType>);
}

/** Clears the projections and replays the outbox in device order. Returns the events replayed. */
export function rebuildProjections(db: Database.Database): number {
  let n = 0;
  db.transaction(() => {
    for (const t of PROJECTION_TABLES) db.prepare(`DELETE FROM ${t}`).run();
    const deviceId = (db.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string } | undefined)?.value ?? '';
    // Read in pages (projectors write while we read, so no open cursor across them).
    const page = db.prepare('SELECT device_seq, event_id, type, schema_version, payload, occurred_at, mono_ms, boot_id, actor_id FROM outbox WHERE device_seq > ? ORDER BY device_seq LIMIT 5000');
    let after = 0;
    for (;;) {
      const rows = page.all(after) as OutboxRow[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const env = rowToEnvelope(row, deviceId);
        // Payload defaults (zod) are applied the same way they were when the event was written.
        const parsed = EventPayloads[env.type]?.safeParse(env.payload);
        project(db, parsed?.success ? { ...env, payload: parsed.data } : env);
        n++;
      }
      after = rows[rows.length - 1]!.device_seq;
    }
    // The queue is recomputed from scratch too, so a rebuild also repairs it (and the property
    // test compares the trigger-maintained queue against a fresh one).
    db.prepare('DELETE FROM queue_entries').run();
    db.prepare('DELETE FROM queue_counts').run();
    db.prepare('INSERT INTO queue_entries SELECT * FROM queue_source').run();
  }).immediate();
  return n;
}
