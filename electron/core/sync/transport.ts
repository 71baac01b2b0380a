// The transport seam: both transports call the same central SQL functions (terminal_enroll,
// terminal_push, terminal_pull, terminal_heartbeat, terminal_upload_attachment), so the sync
// semantics live in SQL once. The central URL picks the transport: postgres:// connects directly
// with the low-privilege role, https:// goes through supabase-js `rpc`.
import type { AttachmentUpload, EnrollResponse, HeartbeatResponse, HeartbeatStats, PullResponse, PushEntry, PushResponse } from './protocol';
import { createPgTransport } from './transport-pg';
import { createSupabaseTransport } from './transport-supabase';

export interface SyncTransport {
  enroll(code: string, name: string, appVersion: string): Promise<EnrollResponse>;
  push(credential: string, batch: PushEntry[]): Promise<PushResponse>;
  pull(credential: string, cursor: string | null, limit: number): Promise<PullResponse>;
  heartbeat(credential: string, stats: HeartbeatStats): Promise<HeartbeatResponse>;
  uploadAttachment(credential: string, attachment: AttachmentUpload): Promise<void>;
  /** Drops the connection so the next call reconnects (after an auth or network failure). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface TransportOptions {
  /** Supabase publishable (anon) key; required for https:// URLs. */
  publishableKey?: string;
  /** Per-call timeout in ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createTransport(centralUrl: string, opts: TransportOptions = {}): SyncTransport {
  let scheme: string;
  try {
    scheme = new URL(centralUrl).protocol;
  } catch {
    throw new Error(`central_url: "${centralUrl}" is not a URL; use postgres://… or https://…`);
  }
  if (scheme === 'postgres:' || scheme === 'postgresql:') return createPgTransport(centralUrl, opts);
  if (scheme === 'https:' || scheme === 'http:') {
    if (!opts.publishableKey) throw new Error('publishable_key: a Supabase central URL needs the project publishable key');
    return createSupabaseTransport(centralUrl, opts.publishableKey, opts);
  }
  throw new Error(`central_url: unsupported scheme "${scheme}"; use postgres://… or https://…`);
}
