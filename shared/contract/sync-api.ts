// Commands, queries and push events of sync: the status badge (online, pending, oldest pending
// age, last sync, skew, revoked, central too old), the dead-letter list and "sync now".
// The UI must be able to show every reason the queue is not draining: a queue that stops
// silently is the failure this product exists to avoid (DESIGN section 6.3).
import { z } from 'zod';
import { endpoint } from './define';

/** Skew beyond this is shown as a warning; events are kept either way. */
export const SKEW_WARN_MS = 2 * 60 * 1000;

/** Why the queue is not draining, when it is not. */
export const SyncBlock = z.enum([
  'none', // draining or idle
  'not_enrolled', // no central URL or credential yet
  'offline', // transient failures; retrying with backoff
  'revoked', // the central refused the credential: syncing stopped, queue kept
  'central_too_old', // this terminal writes a schema version the central does not accept
  'gap', // the central expects an earlier device_seq than the terminal still has (restored backup?)
]);
export type SyncBlock = z.infer<typeof SyncBlock>;

export const SyncStatus = z.object({
  online: z.boolean(),
  block: SyncBlock,
  /** A sentence the UI can show as is when `block` is not 'none'. */
  message: z.string().nullable(),
  pending: z.number().int().min(0),
  /** Age in ms of the oldest event not yet pushed (device wall clock), null when none. */
  oldest_pending_age_ms: z.number().nullable(),
  dead_letters: z.number().int().min(0),
  /** Device wall time of the last successful push or pull. */
  last_sync_at: z.string().nullable(),
  /** Server time minus device time, measured on the last sync; null before the first. */
  skew_ms: z.number().nullable(),
  skew_warning: z.boolean(),
  /** Last error text, for the details panel. */
  last_error: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const DeadLetter = z.object({
  device_seq: z.number().int(),
  event_id: z.string(),
  type: z.string(),
  occurred_at: z.string(),
  dead_at: z.string(),
  reason: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const syncCommands = {
  /** Push and pull now, skipping any backoff wait. Resolves with the status afterwards. */
  'sync.now': endpoint(z.object({}), SyncStatus),
} as const;

export const syncQueries = {
  'sync.status': endpoint(z.object({}), SyncStatus),
  'sync.dead_letters': endpoint(z.object({ limit: z.number().int().min(1).max(500).default(100) }), z.array(DeadLetter)),
} as const;

export const syncPush = {
  'sync.status': SyncStatus,
} as const;
