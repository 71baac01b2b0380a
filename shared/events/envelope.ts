// The outbox event envelope (DESIGN section 4). `event_id` (UUIDv7) is both the idempotency key
// and the central primary key; `device_seq` is gapless per terminal so the central can refuse a
// gap and keep each device's order without trusting any clock.
import { z } from 'zod';
import { EVENT_TYPES, EventPayloads, type EventPayload, type EventType } from './payloads';

/** The schema version this build writes. The central accepts this one and the one before. */
export const SCHEMA_VERSION = 1;

export const EventEnvelope = z.object({
  event_id: z.uuid(),
  device_id: z.uuid(),
  device_seq: z.number().int().min(1),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  schema_version: z.number().int().min(1),
  /** Device wall time when the action was committed (ISO 8601 with offset). */
  occurred_at: z.iso.datetime({ offset: true }),
  /** Monotonic reading in ms, meaningful only within one `boot_id`. */
  mono_ms: z.number().min(0),
  /** Identifies one run of the core; monotonic readings compare only within one boot. */
  boot_id: z.uuid(),
  /** Who did it: a profile id (operator, supervisor or machine account). */
  actor_id: z.uuid().nullable(),
  payload: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

export type TypedEnvelope<T extends EventType> = Omit<EventEnvelope, 'type' | 'payload'> & { type: T; payload: EventPayload<T> };

/** Validates an envelope and its payload against the type's schema; returns a readable error. */
export function parseEvent(raw: unknown): { ok: true; event: EventEnvelope } | { ok: false; error: string } {
  const env = EventEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, error: formatIssues(env.error.issues) };
  const payload = EventPayloads[env.data.type].safeParse(env.data.payload);
  if (!payload.success) return { ok: false, error: formatIssues(payload.error.issues, 'payload') };
  return { ok: true, event: { ...env.data, payload: payload.data } };
}

/** Renders zod issues as "field: reason; field: reason", the shape every refusal in the product uses. */
export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix?: string): string {
  return issues
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}
