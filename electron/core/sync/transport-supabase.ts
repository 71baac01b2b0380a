// Supabase transport: supabase-js `rpc` against the same SQL functions, authenticated by the
// project's publishable key only; the device credential inside the call is the real auth, so the
// terminal never holds a service-role secret. Kept thin on purpose: no logic lives here that the
// postgres transport does not share through SQL.
import { createClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { classifySqlState, SyncCallError } from './errors';
import { EnrollResponse, HeartbeatResponse, PullResponse, PushResponse, pushBatchValues } from './protocol';
import type { AttachmentUpload, HeartbeatStats, PushEntry } from './protocol';
import type { SyncTransport, TransportOptions } from './transport';

const AnyJson = z.unknown();

export function createSupabaseTransport(url: string, publishableKey: string, opts: TransportOptions = {}): SyncTransport {
  const baseFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // supabase-js hides response headers; a wrapping fetch keeps Retry-After for the backoff.
  let lastRetryAfterS: number | null = null;
  const recordingFetch: typeof fetch = async (input, init) => {
    lastRetryAfterS = null;
    const res = await baseFetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
    lastRetryAfterS = parseRetryAfter(res.headers.get('retry-after'));
    return res;
  };
  const client = createClient(url, publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: recordingFetch },
  });

  async function call<T>(schema: z.ZodType<T>, fn: string, args: Record<string, unknown>): Promise<T> {
    let res: { data: unknown; error: { code?: string; message: string } | null; status: number };
    try {
      res = (await client.rpc(fn, args)) as typeof res;
    } catch (err) {
      throw new SyncCallError('transient', `network: ${(err as Error).message}`, lastRetryAfterS);
    }
    if (res.error) {
      const status = res.status;
      const message = res.error.message;
      if (status === 0 || status === 429 || (status >= 500 && !/^SF/.test(res.error.code ?? ''))) {
        throw new SyncCallError('transient', `HTTP ${status}: ${message}`, lastRetryAfterS, res.error.code ?? null);
      }
      if ((status === 401 || status === 403) && !/^SF/.test(res.error.code ?? '')) {
        // The gateway refused the publishable key or a JWT: an auth failure, not a revocation.
        throw new SyncCallError('auth', `HTTP ${status}: ${message}`, lastRetryAfterS, res.error.code ?? null);
      }
      throw classifySqlState(res.error.code ?? null, message, lastRetryAfterS);
    }
    const parsed = schema.safeParse(res.data);
    if (!parsed.success) throw new SyncCallError('permanent', `central answered in an unexpected shape: ${parsed.error.message}`);
    return parsed.data;
  }

  return {
    enroll: (code, name, appVersion) => call(EnrollResponse, 'terminal_enroll', { p_code: code, p_name: name, p_app_version: appVersion }),
    push: (credential, batch: PushEntry[]) => call(PushResponse, 'terminal_push', { p_credential: credential, p_batch: pushBatchValues(batch) }),
    pull: (credential, cursor, limit) => call(PullResponse, 'terminal_pull', { p_credential: credential, p_cursor: cursor, p_limit: limit }),
    heartbeat: (credential, stats: HeartbeatStats) => call(HeartbeatResponse, 'terminal_heartbeat', { p_credential: credential, p_stats: stats }),
    async uploadAttachment(credential, a: AttachmentUpload) {
      await call(AnyJson, 'terminal_upload_attachment', { p_credential: credential, p_attachment: a });
    },
    reset: async () => undefined,
    close: async () => undefined,
  };
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(v: string | null): number | null {
  if (!v) return null;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, n);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, (t - Date.now()) / 1000);
}
