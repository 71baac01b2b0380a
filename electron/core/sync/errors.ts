// Classifies every failure of a central call: transient (retry with backoff), auth (refresh the
// connection, then retry), permanent (split the batch; a single event is dead-lettered), or a
// stop condition (revoked, central too old, gap) that halts syncing but keeps the queue.
import { CentralErrorCodes } from './protocol';

export type FailureKind = 'transient' | 'auth' | 'permanent' | 'too_large' | 'revoked' | 'too_new' | 'gap';

export class SyncCallError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** Seconds the server asked us to wait (HTTP Retry-After). */
    readonly retryAfterS: number | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'SyncCallError';
  }
}

/** Postgres SQLSTATE classes that mean "try again later": connection, resources, shutdown, serialization. */
const TRANSIENT_PG = /^(08|53|57|58|40|55P03|XX000)/;
/** Node socket error codes that mean the network, not the request, failed. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

export function classifySqlState(code: string | null | undefined, message: string, retryAfterS: number | null = null): SyncCallError {
  switch (code) {
    case CentralErrorCodes.badCredential:
      return new SyncCallError('revoked', message, null, code);
    case CentralErrorCodes.revoked:
      return new SyncCallError('revoked', message, null, code);
    case CentralErrorCodes.tooNew:
      return new SyncCallError('too_new', message, null, code);
    case CentralErrorCodes.gap:
      return new SyncCallError('gap', message, null, code);
    case CentralErrorCodes.tooLarge:
      return new SyncCallError('too_large', message, null, code);
    case CentralErrorCodes.malformed:
    case CentralErrorCodes.badCode:
      return new SyncCallError('permanent', message, null, code);
    case '28P01':
    case '28000':
      // The low-privilege login was refused: reconnect with fresh settings, then retry.
      return new SyncCallError('auth', message, null, code);
    default:
      if (code && TRANSIENT_PG.test(code)) return new SyncCallError('transient', message, retryAfterS, code);
      if (code && NETWORK_CODES.has(code)) return new SyncCallError('transient', message, retryAfterS, code);
      if (!code) return new SyncCallError('transient', message, retryAfterS, null);
      // Any other SQL error (undefined function, bad cast) is a property of the request.
      return new SyncCallError('permanent', message, null, code);
  }
}

/** Turns anything thrown by a transport into a classified error. */
export function toSyncError(err: unknown): SyncCallError {
  if (err instanceof SyncCallError) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return classifySqlState(code, message);
}
