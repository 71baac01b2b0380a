// Every enum of the product, defined once. Values that the seeds name (Eryxon's task_status,
// job_status, issue_status, issue_severity, app_role; Kartorium's downtime group types) keep the
// seeds' spelling so central dashboards and ERP connectors read our rows as their own.
import { z } from 'zod';

/** Eryxon `task_status`: the status of an operation. */
export const TaskStatus = z.enum(['not_started', 'in_progress', 'completed', 'on_hold']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** Eryxon `job_status`: the status of a job or a part. */
export const JobStatus = z.enum(['not_started', 'in_progress', 'completed', 'on_hold']);
export type JobStatus = z.infer<typeof JobStatus>;

/** Eryxon `issue_status`. Only `pending` keeps a standstill issue's operation on hold. */
export const IssueStatus = z.enum(['pending', 'approved', 'rejected', 'closed']);
export type IssueStatus = z.infer<typeof IssueStatus>;

/** Eryxon `issue_severity`. */
export const IssueSeverity = z.enum(['low', 'medium', 'high', 'critical']);
export type IssueSeverity = z.infer<typeof IssueSeverity>;

/** Issue type: a general issue or a non-conformance report. */
export const IssueType = z.enum(['general', 'ncr']);
export type IssueType = z.infer<typeof IssueType>;

/**
 * Eryxon `app_role` is ('operator', 'admin'); the terminal adds 'supervisor' to it, keeping both
 * seed values, because supervisors categorise downtime and override routing order.
 */
export const AppRole = z.enum(['operator', 'supervisor', 'admin']);
export type AppRole = z.infer<typeof AppRole>;

/** Kartorium `oee_downtime_groups` type. */
export const DowntimeGroupType = z.enum(['unplanned', 'planned', 'idle']);
export type DowntimeGroupType = z.infer<typeof DowntimeGroupType>;

/** Who opened a stop: a person at the terminal, or the count watcher from a silent machine. */
export const DowntimeSource = z.enum(['operator', 'machine']);
export type DowntimeSource = z.infer<typeof DowntimeSource>;

/** Kartorium's availability modes for OEE (see the OEE module for their meaning). */
export const AvailabilityMode = z.enum(['standard', 'strict', 'teep']);
export type AvailabilityMode = z.infer<typeof AvailabilityMode>;

/** Why a time entry was closed by the ghost-timer sweep instead of by a person. */
export const AutoCloseCause = z.enum(['open_limit', 'shift_end']);
export type AutoCloseCause = z.infer<typeof AutoCloseCause>;

/** Due-date state shown on queue entries. */
export const DueState = z.enum(['overdue', 'due_soon', 'on_time', 'none']);
export type DueState = z.infer<typeof DueState>;

/** Custom-field data types, validated on the terminal. */
export const CustomFieldType = z.enum(['text', 'number', 'boolean', 'select']);
export type CustomFieldType = z.infer<typeof CustomFieldType>;

/** When a per-cell custom field is captured. */
export const CustomFieldPhase = z.enum(['start', 'complete']);
export type CustomFieldPhase = z.infer<typeof CustomFieldPhase>;

/** Languages of the UI. */
export const Locale = z.enum(['en', 'nl', 'de']);
export type Locale = z.infer<typeof Locale>;
