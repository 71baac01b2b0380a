// Appends events to the outbox. Called only inside a command's transaction, so the event and its
// projection rows commit together or not at all (DESIGN section 4). The device sequence is the
// row's rowid, which SQLite assigns as max+1 inside that same transaction (device_seq is an INTEGER
// PRIMARY KEY without AUTOINCREMENT, and no outbox row is ever deleted): gapless, and found by the
// insert's own seek to the end of the table rather than by a separate max() query.
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

const inserts = new WeakMap<Database.Database, Database.Statement>();

function insertStatement(db: Database.Database): Database.Statement {
  let s = inserts.get(db);
  if (!s) {
    s = db.prepare(
      `INSERT INTO outbox (event_id, type, schema_version, payload, occurred_at, mono_ms, boot_id, actor_id, entity_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    inserts.set(db, s);
  }
  return s;
}

/** Writes one event; the caller must already be inside a transaction. Returns the envelope. */
export function appendEvent<T extends EventType>(ctx: OutboxContext, ev: NewEvent<T>): EventEnvelope {
  if (!ctx.db.inTransaction) throw new Error('appendEvent must run inside the command transaction');
  // Validate here too: an event the central would refuse must never be acknowledged locally.
  const payload = EventPayloads[ev.type].parse(ev.payload);
  const wall = ctx.clock.wallMs();
  const eventId = uuidv7(wall);
  const occurredAt = new Date(wall).toISOString();
  const monoMs = ctx.clock.monoMs();
  // Positional parameters: binding from an object costs a property lookup per column on every tap.
  const { lastInsertRowid } = insertStatement(ctx.db).run(
    eventId, ev.type, SCHEMA_VERSION, JSON.stringify(payload), occurredAt, monoMs, ctx.clock.bootId, ev.actorId, ev.entityId ?? null,
  );
  return {
    event_id: eventId,
    device_id: ctx.deviceId,
    device_seq: Number(lastInsertRowid),
    type: ev.type,
    schema_version: SCHEMA_VERSION,
    occurred_at: occurredAt,
    mono_ms: monoMs,
    boot_id: ctx.clock.bootId,
    actor_id: ev.actorId,
    payload,
  };
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
