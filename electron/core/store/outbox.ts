// Appends events to the outbox. Called only inside a command's transaction, so the event and its
// projection rows commit together or not at all (DESIGN section 4). The device sequence is taken
// as max+1 inside that same transaction by the single writer, which keeps it gapless.
import type Database from 'better-sqlite3';
import { EventPayloads, SCHEMA_VERSION, type EventEnvelope, type EventPayload, type EventType } from '../../../shared/events';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { Clock } from '../clock';

export interface OutboxContext {
  db: Database.Database;
  deviceId: string;
  clock: Clock;
}

export interface NewEvent<T extends EventType> {
  type: T;
  payload: EventPayload<T>;
  actorId: string | null;
  /** The main row this event touches; protects it from being overwritten by a pull until pushed. */
  entityId?: string;
}

const statements = new WeakMap<Database.Database, { next: Database.Statement; insert: Database.Statement }>();

function prepared(db: Database.Database) {
  let s = statements.get(db);
  if (!s) {
    s = {
      next: db.prepare('SELECT coalesce(max(device_seq), 0) + 1 AS seq FROM outbox'),
      insert: db.prepare(
        `INSERT INTO outbox (device_seq, event_id, type, schema_version, payload, occurred_at, mono_ms, boot_id, actor_id, entity_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/** Writes one event; the caller must already be inside a transaction. Returns the envelope. */
export function appendEvent<T extends EventType>(ctx: OutboxContext, ev: NewEvent<T>): EventEnvelope {
  if (!ctx.db.inTransaction) throw new Error('appendEvent must run inside the command transaction');
  // Validate here too: an event the central would refuse must never be acknowledged locally.
  const payload = EventPayloads[ev.type].parse(ev.payload);
  const s = prepared(ctx.db);
  const wall = ctx.clock.wallMs();
  const envelope: EventEnvelope = {
    event_id: uuidv7(wall),
    device_id: ctx.deviceId,
    device_seq: (s.next.get() as { seq: number }).seq,
    type: ev.type,
    schema_version: SCHEMA_VERSION,
    occurred_at: new Date(wall).toISOString(),
    mono_ms: ctx.clock.monoMs(),
    boot_id: ctx.clock.bootId,
    actor_id: ev.actorId,
    payload,
  };
  // Positional parameters: binding from an object costs a property lookup per column on every tap.
  s.insert.run(
    envelope.device_seq, envelope.event_id, envelope.type, envelope.schema_version, JSON.stringify(payload),
    envelope.occurred_at, envelope.mono_ms, envelope.boot_id, envelope.actor_id, ev.entityId ?? null,
  );
  return envelope;
}

/** Reads an outbox row back as an envelope (sync push, projection rebuild, tests). */
export interface OutboxRow {
  device_seq: number;
  event_id: string;
  type: string;
  schema_version: number;
  payload: string;
  occurred_at: string;
  mono_ms: number;
  boot_id: string;
  actor_id: string | null;
}

export function rowToEnvelope(row: OutboxRow, deviceId: string): EventEnvelope {
  return {
    event_id: row.event_id,
    device_id: deviceId,
    device_seq: row.device_seq,
    type: row.type as EventType,
    schema_version: row.schema_version,
    occurred_at: row.occurred_at,
    mono_ms: row.mono_ms,
    boot_id: row.boot_id,
    actor_id: row.actor_id,
    payload: JSON.parse(row.payload) as unknown,
  };
}
