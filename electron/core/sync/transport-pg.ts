// Direct Postgres transport (on-site central, tests). One lazily opened connection; any network
// failure drops it so the next call reconnects. Errors keep their SQLSTATE for classification.
import pg from 'pg';
import { toSyncError } from './errors';
import { EnrollResponse, HeartbeatResponse, PullResponse, PushResponse, pushBatchText } from './protocol';
import type { AttachmentUpload, HeartbeatStats, PushEntry } from './protocol';
import type { SyncTransport, TransportOptions } from './transport';
import { z } from 'zod';

const AnyResponse = z.unknown();

export function createPgTransport(url: string, opts: TransportOptions = {}): SyncTransport {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;

  async function connection(): Promise<pg.Client> {
    if (client) return client;
    if (!connecting) {
      connecting = (async () => {
        const c = new pg.Client({
          connectionString: url,
          connectionTimeoutMillis: timeoutMs,
          query_timeout: timeoutMs,
          application_name: 'shopfloor-terminal-sync',
        });
        // An idle connection that dies must not crash the process; the next call reconnects.
        c.on('error', () => void drop(c));
        try {
          await c.connect();
        } catch (err) {
          void c.end().catch(() => undefined);
          throw err;
        }
        client = c;
        return c;
      })().finally(() => {
        connecting = null;
      });
    }
    return connecting;
  }

  async function drop(c: pg.Client | null = client): Promise<void> {
    if (c && client === c) client = null;
    await c?.end().catch(() => undefined);
  }

  async function call<T>(schema: z.ZodType<T>, sql: string, params: unknown[]): Promise<T> {
    let c: pg.Client;
    try {
      c = await connection();
    } catch (err) {
      throw toSyncError(err);
    }
    try {
      const res = await c.query<{ r: unknown }>(sql, params);
      const parsed = schema.safeParse(res.rows[0]?.r);
      if (!parsed.success) throw Object.assign(new Error(`central answered in an unexpected shape: ${parsed.error.message}`), { code: 'SF400' });
      return parsed.data;
    } catch (err) {
      const classified = toSyncError(err);
      // Whatever the connection saw, a failed call on it may have left it half-dead: start fresh.
      if (classified.kind === 'transient' || classified.kind === 'auth') await drop(c);
      throw classified;
    }
  }

  return {
    enroll: (code, name, appVersion) => call(EnrollResponse, 'SELECT terminal_enroll($1, $2, $3) AS r', [code, name, appVersion]),
    push: (credential: string, batch: PushEntry[]) => call(PushResponse, 'SELECT terminal_push($1, $2::jsonb) AS r', [credential, pushBatchText(batch)]),
    pull: (credential, cursor, limit) => call(PullResponse, 'SELECT terminal_pull($1, $2, $3) AS r', [credential, cursor, limit]),
    heartbeat: (credential, stats: HeartbeatStats) => call(HeartbeatResponse, 'SELECT terminal_heartbeat($1, $2::jsonb) AS r', [credential, JSON.stringify(stats)]),
    async uploadAttachment(credential, a: AttachmentUpload) {
      await call(AnyResponse, 'SELECT terminal_upload_attachment($1, $2::jsonb) AS r', [credential, JSON.stringify(a)]);
    },
    reset: () => drop(),
    close: () => drop(),
  };
}
