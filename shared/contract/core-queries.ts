// Queries and push events of the terminal core: terminal identity, session state, the cell queue,
// operation detail, downtime (reason tree, stops), issues, notes and custom-field definitions.
import { z } from 'zod';
import { CustomFieldPhase, CustomFieldType, DowntimeGroupType, DowntimeSource, DueState, IssueSeverity, IssueStatus, IssueType, TaskStatus } from '../domain/enums';
import { SessionProfile } from './core-commands';
import { endpoint } from './define';

const id = z.uuid();

export const SessionState = z.object({
  crew: z.array(SessionProfile.extend({ open_time_entry_id: id.nullable(), open_operation_id: id.nullable() })),
  active_profile_id: id.nullable(),
  /** True when a PIN must be entered before any command (idle lock, manual lock, or after restart). */
  locked: z.boolean(),
});
export type SessionState = z.infer<typeof SessionState>;

export const QueueSection = z.enum(['in_process', 'ready', 'upcoming']);
export type QueueSection = z.infer<typeof QueueSection>;

export const QueueEntry = z.object({
  operation_id: id,
  operation_name: z.string(),
  sequence: z.number(),
  status: TaskStatus,
  section: QueueSection,
  cell_id: id,
  job_id: id,
  job_number: z.string(),
  customer: z.string().nullable(),
  part_id: id,
  part_number: z.string(),
  material: z.string().nullable(),
  is_bullet_card: z.boolean(),
  /** Planned quantity (the part's quantity) and what was produced so far (good + scrap + rework). */
  quantity: z.number(),
  produced: z.number(),
  good: z.number(),
  scrap: z.number(),
  rework: z.number(),
  /** Hours, as the central stores them. */
  estimated_hours: z.number().nullable(),
  /** Seconds clocked so far: closed entries plus the running ones. */
  actual_seconds: z.number(),
  /** The effective due date: the job's override wins over its due date. */
  due_date: z.string().nullable(),
  due_state: DueState,
  clocked_on: z.array(z.object({ profile_id: id, full_name: z.string().nullable(), time_entry_id: id })),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

export const WipState = z.enum(['ok', 'warning', 'over', 'none']);
export const CellQueue = z.object({
  cell_id: id,
  cell_name: z.string(),
  wip: z.object({ count: z.number(), limit: z.number().nullable(), warning_threshold: z.number().nullable(), state: WipState, enforced: z.boolean() }),
  sections: z.object({
    in_process: z.object({ count: z.number(), entries: z.array(QueueEntry) }),
    ready: z.object({ count: z.number(), entries: z.array(QueueEntry) }),
    upcoming: z.object({ count: z.number(), entries: z.array(QueueEntry) }),
  }),
});
export type CellQueue = z.infer<typeof CellQueue>;

export const TimeEntryView = z.object({
  time_entry_id: id,
  operation_id: id,
  profile_id: id,
  started_at: z.string(),
  ended_at: z.string().nullable(),
  duration_s: z.number().nullable(),
  closed_by: z.string().nullable(),
  needs_review: z.boolean(),
});

export const DowntimeStopView = z.object({
  downtime_id: id,
  cell_id: id,
  resource_id: id.nullable(),
  reason_id: id.nullable(),
  reason_name: z.string().nullable(),
  group_type: DowntimeGroupType.nullable(),
  /** No reason yet: shown as "unexplained" until someone categorises it. */
  unexplained: z.boolean(),
  source: DowntimeSource,
  note: z.string().nullable(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  duration_s: z.number().nullable(),
  split_from: id.nullable(),
  changes: z.array(z.object({ kind: z.string(), actor_id: id.nullable(), at: z.string(), why: z.string().nullable() })),
});

export const ReasonView = z.object({ reason_id: id, code: z.string(), name: z.string(), group_id: id });

export const IssueView = z.object({
  issue_id: id,
  operation_id: id,
  cell_id: id,
  severity: IssueSeverity,
  issue_type: IssueType,
  category_id: id.nullable(),
  description: z.string(),
  affected_quantity: z.number().nullable(),
  causes_standstill: z.boolean(),
  status: IssueStatus,
  reported_by: id.nullable(),
  reported_at: z.string(),
  photo_count: z.number(),
});

export const coreQueries = {
  'terminal.info': endpoint(
    z.object({}),
    z.object({ device_id: z.string().nullable(), name: z.string().nullable(), tenant_id: z.string().nullable(), cells: z.array(z.object({ cell_id: id, name: z.string() })) }),
  ),
  'session.state': endpoint(z.object({}), SessionState),
  /**
   * Who can log in at this terminal, for the login screen's tiles: the tenant's active people with
   * an employee id, machine accounts excluded, by name. Ids, names and roles only: never a PIN hash.
   */
  'session.roster': endpoint(z.object({ limit: z.number().int().min(1).max(500).default(200) }), z.object({ people: z.array(SessionProfile) })),
  /** The queue of the terminal's cells (or one of them): first `limit` entries per section plus counts. */
  'queue.list': endpoint(z.object({ cell_id: id.optional(), limit: z.number().int().min(1).max(500).default(50) }), z.object({ cells: z.array(CellQueue) })),
  'operation.detail': endpoint(
    z.object({ operation_id: id }),
    z.object({
      entry: QueueEntry.omit({ section: true }).extend({ section: QueueSection.nullable() }),
      on_hold_prior_status: TaskStatus.nullable(),
      time_entries: z.array(TimeEntryView),
      issues: z.array(IssueView),
      /**
       * What the operator reads at the machine: drawing number, CNC program, job/part/operation
       * notes (instructions) and the resources the routing names. Optional until the core fills it
       * (the rows are in the local store: parts.drawing_no, cnc_program_name, notes; operation_resources).
       */
      documents: z
        .object({
          drawing_number: z.string().nullable(),
          cnc_program: z.string().nullable(),
          job_notes: z.string().nullable(),
          part_notes: z.string().nullable(),
          operation_notes: z.string().nullable(),
          resources: z.array(z.object({ resource_id: id, name: z.string(), quantity: z.number().nullable(), notes: z.string().nullable() })),
        })
        .optional(),
    }),
  ),
  /** Supervisor's list: entries the ghost-timer sweep closed that nobody has reviewed yet, oldest first. */
  'time_entries.to_review': endpoint(
    z.object({ cell_id: id.optional(), limit: z.number().int().min(1).max(500).default(100) }),
    z.object({
      entries: z.array(
        z.object({
          time_entry_id: id,
          operation_id: id,
          operation_name: z.string(),
          part_number: z.string().nullable(),
          job_number: z.string().nullable(),
          cell_id: id,
          profile_id: id,
          full_name: z.string().nullable(),
          started_at: z.string(),
          ended_at: z.string(),
          duration_s: z.number(),
        }),
      ),
    }),
  ),
  /** The reason tree (groups unplanned/planned/idle), with this cell's recent and most-used reasons first. */
  'downtime.reasons': endpoint(
    z.object({ cell_id: id.optional() }),
    z.object({
      recent: z.array(ReasonView),
      favourites: z.array(ReasonView),
      groups: z.array(z.object({ group_id: id, name: z.string(), type: DowntimeGroupType, reasons: z.array(ReasonView) })),
    }),
  ),
  'downtime.list': endpoint(
    z.object({ cell_id: id.optional(), open_only: z.boolean().default(false), unexplained_only: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(100) }),
    z.object({ stops: z.array(DowntimeStopView) }),
  ),
  'issue.list': endpoint(
    z.object({ cell_id: id.optional(), operation_id: id.optional(), status: IssueStatus.optional(), limit: z.number().int().min(1).max(500).default(100) }),
    z.object({ issues: z.array(IssueView) }),
  ),
  'note.list': endpoint(
    z.object({ cell_id: id, limit: z.number().int().min(1).max(200).default(50) }),
    z.object({ notes: z.array(z.object({ note_id: id, cell_id: id, text: z.string(), author_id: id.nullable(), author_name: z.string().nullable(), created_at: z.string() })) }),
  ),
  'custom_fields.list': endpoint(
    z.object({ cell_id: id, phase: CustomFieldPhase }),
    z.object({
      fields: z.array(z.object({ key: z.string(), label: z.string(), field_type: CustomFieldType, required: z.boolean(), options: z.array(z.string()), min_value: z.number().nullable(), max_value: z.number().nullable() })),
    }),
  ),
  /** Pick lists: scrap reasons and issue categories. */
  'reference.lists': endpoint(
    z.object({}),
    z.object({ scrap_reasons: z.array(z.object({ id, code: z.string(), name: z.string() })), issue_categories: z.array(z.object({ id, code: z.string(), name: z.string() })) }),
  ),
} as const;

export const corePush = {
  /** The crew, the active operator or the lock changed. */
  'session.changed': SessionState,
  /** The screen locked itself after the idle timeout (or by request); nothing was closed. */
  'session.locked': z.object({ reason: z.enum(['idle', 'manual']) }),
} as const;
