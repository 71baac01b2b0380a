// The wire shapes of the central sync functions (db/central/migrations/020+), shared by both
// transports. Responses are validated on arrival: a central that answers in an unexpected shape is
// treated as a permanent failure of that call, never guessed at.
import { z } from 'zod';

/** Error codes the central functions raise (SQLSTATE), mapped to how the client reacts. */
export const CentralErrorCodes = {
  malformed: 'SF400', // the batch as a whole is not a batch: permanent for that batch
  badCredential: 'SF401', // unknown credential
  revoked: 'SF403', // credential revoked: stop syncing, keep the queue
  gap: 'SF409', // device_seq gap: the central expects an earlier event
  tooLarge: 'SF413', // batch over the central's size limit: split
  badCode: 'SF404', // enrollment code unknown, used or expired
  tooNew: 'SF426', // a schema_version newer than the central understands
} as const;

export const PushResult = z.object({
  event_id: z.string(),
  device_seq: z.number().int(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  reason: z.string().nullable().optional(),
});
export type PushResult = z.infer<typeof PushResult>;

export const PushResponse = z.object({
  server_time: z.string(),
  high_seq: z.number().int(),
  results: z.array(PushResult),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullRow = z.object({
  t: z.string(), // central table name
  v: z.number().int(), // version
  x: z.string(), // xid8 as text
  d: z.boolean(), // tombstone
  r: z.record(z.string(), z.unknown()), // the row (id at least)
});
export type PullRow = z.infer<typeof PullRow>;

// Rows are checked one by one with isPullRow (a page holds thousands; a schema per row costs more
// than applying it), the envelope with zod.
export const PullResponse = z.object({
  server_time: z.string(),
  cursor: z.string(),
  more: z.boolean(),
  rows: z.array(z.unknown()),
  /** The cells the central binds this terminal to (051; absent from older centrals). */
  cell_ids: z.array(z.string()).optional(),
});

export function isPullRow(r: unknown): r is PullRow {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  return typeof o.t === 'string' && typeof o.v === 'number' && typeof o.x === 'string' && typeof o.d === 'boolean' && typeof o.r === 'object' && o.r !== null;
}
export type PullResponse = z.infer<typeof PullResponse>;

export const HeartbeatResponse = z.object({ server_time: z.string(), min_schema: z.number().int(), max_schema: z.number().int() });
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

export const EnrollResponse = z.object({
  credential: z.string(),
  device_id: z.string(),
  tenant_id: z.string(),
  cell_ids: z.array(z.string()),
  terminal_name: z.string(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

export interface HeartbeatStats {
  app_version: string;
  schema_version: number;
  queue_depth: number;
  oldest_pending_age_s: number | null;
  dead_letters: number;
  clock_skew_ms: number | null;
  /** This shift's live OEE per served cell (issue 6), as the host's provider computes it;
   *  stored on terminals.oee. Left out when no provider is wired (sync-only tests). */
  oee?: readonly unknown[];
}

/** One push entry. `skip` marks an event the terminal dead-lettered after the central refused
 *  it as malformed: the central records the refusal and advances the high-water, so the gapless
 *  device_seq does not wedge the queue behind it (Replicache bumps its last mutation id the same way). */
export interface PushEntry {
  event_id: string;
  device_seq: number;
  type?: string;
  schema_version?: number;
  occurred_at?: string;
  mono_ms?: number;
  boot_id?: string;
  actor_id?: string | null;
  payload?: unknown;
  /** The payload as the outbox stores it (JSON text written by appendEvent), used instead of
   *  `payload`: the postgres transport splices it into the batch text as-is, so the terminal never
   *  parses and re-serialises what the central parses anyway. */
  payload_json?: string;
  skip?: string;
}

/** The batch as JSON text, each `payload_json` spliced in verbatim as the entry's `payload`. */
export function pushBatchText(batch: readonly PushEntry[]): string {
  const parts = batch.map(({ payload_json, ...rest }) => {
    const head = JSON.stringify(rest);
    if (payload_json === undefined) return head;
    return head === '{}' ? `{"payload":${payload_json}}` : `${head.slice(0, -1)},"payload":${payload_json}}`;
  });
  return `[${parts.join(',')}]`;
}

/** The batch as values (for a transport that serialises it itself): `payload_json` parsed. */
export function pushBatchValues(batch: readonly PushEntry[]): PushEntry[] {
  return batch.map(({ payload_json, ...rest }) => (payload_json === undefined ? rest : { ...rest, payload: JSON.parse(payload_json) as unknown }));
}

export interface AttachmentUpload {
  id: string;
  issue_id: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  data_base64: string;
}
