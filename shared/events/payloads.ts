// The payload of every event type (DESIGN section 5). The terminal core writes these into the
// outbox, the central push function applies them, and the machine API produces `cycles.counted`.
// Ids of new facts (time entries, stops, issues, quantities) are minted on the terminal as UUIDv7
// so an event replayed after a lost response lands on the same central row: idempotence by key.
import { z } from 'zod';
import { producedOf, scrapReasonsTotal } from '../domain/quantities';
import { AutoCloseCause, DowntimeSource, IssueSeverity, IssueStatus, IssueType } from '../domain/enums';
import { PauseReasonCode } from '../domain/pause-reasons';

const id = z.uuid();
const when = z.iso.datetime({ offset: true });
const nonNegInt = z.number().int().min(0);
/** Captured custom-field values, keyed by the field's key (validated against the cell's config). */
export const CustomFieldValues = z.record(z.string().min(1).max(64), z.union([z.string().max(500), z.number(), z.boolean()]));

export const ScrapLine = z.object({ reason_id: id, quantity: z.number().int().min(1) });

export const Quantities = z
  .object({
    good: nonNegInt,
    scrap: nonNegInt,
    rework: nonNegInt,
    produced: nonNegInt,
    scrap_reasons: z.array(ScrapLine).default([]),
  })
  .refine((q) => q.produced === producedOf(q), {
    message: 'produced must equal good + scrap + rework',
    path: ['produced'],
  })
  .refine((q) => scrapReasonsTotal(q.scrap_reasons) <= q.scrap, {
    message: 'scrap reasons add up to more than the scrap quantity',
    path: ['scrap_reasons'],
  });
export type Quantities = z.infer<typeof Quantities>;

/** A closed span of work. `duration_s` comes from the monotonic clock, never from wall-time subtraction. */
export const ClosedEntry = z.object({ time_entry_id: id, profile_id: id, duration_s: z.number().min(0) });

export const EventPayloads = {
  'session.opened': z.object({ profile_id: id }),
  'session.closed': z.object({ profile_id: id, reason: z.enum(['logout', 'removed_from_crew']) }),
  'session.login_failed': z.object({ profile_id: id, failures: z.number().int().min(1) }),
  'session.locked_out': z.object({ profile_id: id, locked_until: when }),
  'session.unlocked': z.object({ profile_id: id }),

  'operation.started': z.object({
    operation_id: id,
    time_entry_id: id,
    cell_id: id,
    profile_id: id,
    /** Set when a supervisor let an operation start before its predecessor completed. */
    sequence_override: z.object({ supervisor_id: id, reason: z.string().min(1).max(500) }).optional(),
    /** Set when a supervisor let an operation start past its cell's enforced WIP limit. */
    wip_override: z.object({ supervisor_id: id, reason: z.string().min(1).max(500) }).optional(),
    custom_fields: CustomFieldValues.optional(),
  }),
  'operation.paused': z.object({
    operation_id: id,
    reason: z.string().min(1).max(200),
    /** The reason tile's stable code (shared/domain/pause-reasons.ts), when one was chosen. */
    reason_code: PauseReasonCode.optional(),
    entry: ClosedEntry,
  }),
  'operation.resumed': z.object({ operation_id: id, time_entry_id: id, cell_id: id, profile_id: id }),
  'operation.completed': z.object({
    operation_id: id,
    /** Every entry still open on the operation, crew included, closed by the completion. */
    closed_entries: z.array(ClosedEntry),
    quantity_id: id.optional(),
    quantities: Quantities.optional(),
    custom_fields: CustomFieldValues.optional(),
  }),
  'time_entry.auto_closed': z.object({
    operation_id: id,
    entry: ClosedEntry,
    cause: AutoCloseCause,
    /** Always true: the sweep never invents time, a supervisor reviews it. */
    needs_review: z.literal(true),
  }),
  /** A supervisor's review of an entry the sweep closed: confirms its time or lowers it (never adds
   *  time the sweep did not credit). `why` is required when the time changes. */
  'time_entry.reviewed': z.object({
    operation_id: id,
    time_entry_id: id,
    profile_id: id,
    duration_s: z.number().min(0),
    why: z.string().min(1).max(500).optional(),
  }),

  'quantity.reported': z.object({ quantity_id: id, operation_id: id, quantities: Quantities }),

  'downtime.started': z.object({
    downtime_id: id,
    cell_id: id,
    resource_id: id.optional(),
    reason_id: id.optional(),
    source: DowntimeSource,
    note: z.string().max(500).optional(),
  }),
  'downtime.ended': z.object({ downtime_id: id, duration_s: z.number().min(0), micro_stop: z.boolean().default(false) }),
  'downtime.categorised': z.object({ downtime_id: id, reason_id: id, why: z.string().max(500).optional() }),
  'downtime.split': z.object({
    downtime_id: id,
    /** The split point, as seconds from the stop's start. */
    at_offset_s: z.number().min(0),
    new_downtime_id: id,
    reason_id: id.optional(),
    why: z.string().max(500).optional(),
  }),
  'downtime.edited': z.object({
    downtime_id: id,
    started_at: when.optional(),
    ended_at: when.optional(),
    why: z.string().min(1).max(500),
  }),

  'issue.reported': z.object({
    issue_id: id,
    operation_id: id,
    severity: IssueSeverity,
    issue_type: IssueType,
    category_id: id.optional(),
    description: z.string().min(1).max(4000),
    affected_quantity: nonNegInt.optional(),
    causes_standstill: z.boolean(),
    /** Photo metadata; the bytes live in the local attachment store and are uploaded by sync. */
    photos: z.array(z.object({ attachment_id: id, file_name: z.string().max(200), mime_type: z.string().max(100), size_bytes: nonNegInt, sha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(10),
  }),
  'issue.status_changed': z.object({ issue_id: id, status: IssueStatus, note: z.string().max(1000).optional() }),

  'cycles.counted': z.object({
    count_id: id,
    machine_id: id,
    cell_id: id,
    resource_id: id.optional(),
    /** The machine's own sequence number, used to de-duplicate replays. */
    machine_seq: z.number().int().min(0),
    delta: nonNegInt,
    /** The absolute counter value, when the machine sent one. */
    counter: nonNegInt.optional(),
    counter_reset: z.boolean().default(false),
    counted_at: when,
  }),

  'note.added': z.object({ note_id: id, cell_id: id, text: z.string().min(1).max(4000) }),
} as const;

export type EventType = keyof typeof EventPayloads;
export const EVENT_TYPES = Object.keys(EventPayloads) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof EventPayloads)[T]>;
