// Commands of the terminal core: sessions (PIN login, crew, lock), the operation lifecycle,
// quantities, downtime, issues, shift notes. Each command is one durable SQLite transaction
// (projection rows + outbox event) acknowledged only after commit; a refusal writes nothing,
// except a wrong PIN, whose failure count must persist and sync (session.login_failed).
//
// Commands act as the ACTIVE operator unless `as_profile_id` names another logged-in crew member.
import { z } from 'zod';
import { CustomFieldValues } from '../events/payloads';
import { IssueSeverity, IssueStatus, IssueType } from '../domain/enums';
import { PauseReasonCode } from '../domain/pause-reasons';
import { endpoint } from './define';

const id = z.uuid();
const when = z.iso.datetime({ offset: true });
/** 4 to 6 digits; checked before hashing so a malformed PIN is refused with a reason. */
export const PinInput = z.string().regex(/^\d{4,6}$/, 'PIN must be 4 to 6 digits');
export const EmployeeIdInput = z.string().trim().min(1, 'employee id is required').max(64);
/** Optional on every acting command: a crew member to act as instead of the active operator. */
const asProfile = { as_profile_id: id.optional() };
const count = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more');

export const SessionProfile = z.object({
  profile_id: id,
  employee_id: z.string().nullable(),
  full_name: z.string().nullable(),
  role: z.string(),
});
export type SessionProfile = z.infer<typeof SessionProfile>;

/** Good/scrap/rework as entered on the terminal; `produced` is optional but, if sent, must equal the sum. */
export const QuantityInput = z.object({
  good: count,
  scrap: count,
  rework: count,
  produced: count.optional(),
  scrap_reasons: z.array(z.object({ reason_id: id, quantity: z.number().int('must be a whole number').min(1, 'must be at least 1') })).default([]),
});
export type QuantityInput = z.infer<typeof QuantityInput>;

/** A supervisor's consent, given at the operator's terminal by employee id + PIN + reason. */
export const SupervisorOverride = z.object({
  supervisor_employee_id: EmployeeIdInput,
  supervisor_pin: PinInput,
  reason: z.string().trim().min(1, 'a reason is required').max(500),
});

export const PhotoInput = z.object({
  file_name: z.string().trim().min(1).max(200),
  mime_type: z.string().min(1).max(100),
  /** The file bytes, base64-encoded. Size and type limits come from the core config. */
  data_base64: z.string().min(1),
});

export const coreCommands = {
  /**
   * Log in by employee id + PIN. Adds the profile to the crew (or switches to it if already
   * there), makes it the active operator and unlocks the screen. Emits session.opened.
   * A wrong PIN emits session.login_failed (and session.locked_out at the limit) and is refused.
   */
  'session.login': endpoint(
    z.object({ employee_id: EmployeeIdInput, pin: PinInput }),
    z.object({ profile: SessionProfile, crew: z.array(SessionProfile), active_profile_id: id }),
  ),
  /** Log a crew member out (default: the active operator). Refused while they have an open time entry. Emits session.closed. */
  'session.logout': endpoint(z.object({ ...asProfile }), z.object({ profile_id: id, active_profile_id: id.nullable() })),
  /** Lock the screen now (no event): the crew and every timer stay, a PIN unlocks it. */
  'session.lock': endpoint(z.object({}), z.object({ locked: z.literal(true) })),
  /**
   * Operator activity without a command (taps, keys while browsing): resets the idle-lock timer,
   * so someone reading the queue is not locked out mid-look. No event; never unlocks a locked
   * screen (only a PIN does). `idle_lock_s` lets the UI pace its touches well inside the timeout.
   */
  'session.touch': endpoint(z.object({}), z.object({ locked: z.boolean(), idle_lock_s: z.number() })),
  /** Supervisor or admin clears a PIN lockout. Emits session.unlocked. */
  'session.clear_lockout': endpoint(z.object({ employee_id: EmployeeIdInput, ...asProfile }), z.object({ profile_id: id })),

  /**
   * Clock onto an operation. Refused with 'conflict' (detail.open_time_entry_id,
   * detail.open_operation_id) when the operator already has an open entry; repeat with
   * pause_current: true to pause it and start this one in ONE transaction (two events:
   * operation.paused + operation.started). Out of routing order needs `sequence_override`.
   * A cell at its enforced WIP limit refuses with 'conflict' (detail.needs = 'wip_override',
   * detail.cell_id, cell_name, wip, wip_limit); a supervisor's `wip_override` lets it start.
   */
  'operation.start': endpoint(
    z.object({
      operation_id: id,
      pause_current: z.boolean().default(false),
      /** Reason recorded on the entry paused by pause_current. */
      pause_reason: z.string().trim().min(1).max(200).default('switched operation'),
      sequence_override: SupervisorOverride.optional(),
      wip_override: SupervisorOverride.optional(),
      custom_fields: CustomFieldValues.default({}),
      ...asProfile,
    }),
    z.object({ time_entry_id: id, paused_time_entry_id: id.nullable() }),
  ),
  /** Close the actor's open entry on the operation with a reason; the operation stays in progress. */
  'operation.pause': endpoint(
    z
      .object({
        operation_id: id,
        /** A reason tile's stable code (shared/domain/pause-reasons.ts); 'other' needs words in `reason`. */
        reason_code: PauseReasonCode.optional(),
        /** The operator's own words: required without a code or with 'other', optional otherwise. */
        reason: z.string().trim().max(200, 'at most 200 characters').optional(),
        ...asProfile,
      })
      .refine((v) => (v.reason_code !== undefined && v.reason_code !== 'other') || !!v.reason, { path: ['reason'], message: 'a reason is required' }),
    z.object({ time_entry_id: id, duration_s: z.number() }),
  ),
  /** Open a new entry on an operation already in progress. Same conflict/pause_current rule as start. */
  'operation.resume': endpoint(
    z.object({
      operation_id: id,
      pause_current: z.boolean().default(false),
      pause_reason: z.string().trim().min(1).max(200).default('switched operation'),
      ...asProfile,
    }),
    z.object({ time_entry_id: id, paused_time_entry_id: id.nullable() }),
  ),
  /** Complete the operation: closes every open entry on it (crew included), optional final quantities. */
  'operation.complete': endpoint(
    z.object({ operation_id: id, quantities: QuantityInput.optional(), custom_fields: CustomFieldValues.default({}), ...asProfile }),
    z.object({ closed_time_entry_ids: z.array(id), quantity_id: id.nullable() }),
  ),
  /** A partial quantity report, any time (no pause needed). */
  'quantity.report': endpoint(z.object({ operation_id: id, ...QuantityInput.shape, ...asProfile }), z.object({ quantity_id: id })),

  /** Start a stop on a cell, or on one resource of it. Without a reason it shows as "unexplained". */
  'downtime.start': endpoint(
    z.object({ cell_id: id, resource_id: id.optional(), reason_id: id.optional(), note: z.string().max(500).optional(), ...asProfile }),
    z.object({ downtime_id: id }),
  ),
  'downtime.end': endpoint(z.object({ downtime_id: id, ...asProfile }), z.object({ downtime_id: id, duration_s: z.number() })),
  /** Give a stop its reason. Anyone may explain an unexplained stop; changing a reason needs a supervisor and a `why`. */
  'downtime.categorise': endpoint(
    z.object({ downtime_id: id, reason_id: id, why: z.string().max(500).optional(), ...asProfile }),
    z.object({ downtime_id: id }),
  ),
  /** Supervisor: split a stop at `at_offset_s` seconds from its start; the later part gets `reason_id`. `why` is kept with the change. */
  'downtime.split': endpoint(
    z.object({ downtime_id: id, at_offset_s: z.number().positive('must be after the start'), reason_id: id.optional(), why: z.string().trim().min(1, 'a reason is required').max(500), ...asProfile }),
    z.object({ downtime_id: id, new_downtime_id: id }),
  ),
  /** Supervisor: correct a past stop's start or end within the edit window, with a reason. */
  'downtime.edit': endpoint(
    z.object({ downtime_id: id, started_at: when.optional(), ended_at: when.optional(), why: z.string().trim().min(1, 'a reason is required').max(500), ...asProfile }),
    z.object({ downtime_id: id }),
  ),

  /** Report an issue or NCR on an operation; `causes_standstill` holds the operation while pending. */
  'issue.report': endpoint(
    z.object({
      operation_id: id,
      severity: IssueSeverity,
      issue_type: IssueType.default('general'),
      category_id: id.optional(),
      description: z.string().trim().min(1, 'a description is required').max(4000),
      affected_quantity: count.optional(),
      causes_standstill: z.boolean().default(false),
      photos: z.array(PhotoInput).max(10, 'at most 10 photos').default([]),
      ...asProfile,
    }),
    z.object({ issue_id: id, attachment_ids: z.array(id) }),
  ),
  /**
   * Supervisor: review a time entry the ghost-timer sweep closed. Without `duration_s` it confirms
   * the sweep's time; with it, lowers it (never above what the sweep credited), and then `why` is
   * required. Emits time_entry.reviewed; the entry leaves the review list.
   */
  'time_entry.review': endpoint(
    z.object({
      operation_id: id,
      time_entry_id: id,
      duration_s: z.number({ error: 'must be a number' }).int('must be whole seconds').min(0, 'must be 0 or more').optional(),
      why: z.string().trim().max(500).optional(),
      ...asProfile,
    }),
    z.object({ time_entry_id: id, duration_s: z.number() }),
  ),
  /** Supervisor: approve, reject or close an issue. Leaving `pending` releases a standstill hold. */
  'issue.set_status': endpoint(
    z.object({ issue_id: id, status: IssueStatus, note: z.string().max(1000).optional(), ...asProfile }),
    z.object({ issue_id: id, status: IssueStatus }),
  ),

  /** A shift handover note for a cell. */
  'note.add': endpoint(z.object({ cell_id: id, text: z.string().trim().min(1, 'the note is empty').max(4000), ...asProfile }), z.object({ note_id: id })),
} as const;
