// The https:// transport: supabase-js `rpc` with the project's publishable key. PostgREST cannot
// run here, so a node:http server in this test stands in for it: it records each request's method,
// path, headers and body, and answers like PostgREST by calling the same SQL function on the real
// Postgres (POST /rest/v1/rpc/<fn> with named arguments; errors as {code, message, details, hint}).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { createSyncEngine } from '../../electron/core/sync/engine';
import { createTransport } from '../../electron/core/sync/transport';
import { testPool, createTestDatabase, type TestDatabase } from '../support/postgres';
import { cleanTempDirs } from '../support/tmp';
import { enrollTerminal, issueEnrollmentCode, seedTenant, type TenantFixture } from './support/central-fixture';
import { openTerminal, terminalUrl } from './support/terminal-fixture';

const KEY = 'sb_publishable_test_key_123';
const SIGNATURES: Record<string, string[]> = {
  terminal_enroll: ['p_code', 'p_name', 'p_app_version'],
  terminal_push: ['p_credential', 'p_batch'],
  terminal_pull: ['p_credential', 'p_cursor', 'p_limit'],
  terminal_heartbeat: ['p_credential', 'p_stats'],
  terminal_upload_attachment: ['p_credential', 'p_attachment'],
};

interface Recorded { method: string; path: string; headers: IncomingMessage['headers']; body: unknown }

let db: TestDatabase;
let pool: pg.Pool;
let a: TenantFixture;
let server: Server;
let base: string;
const recorded: Recorded[] = [];
/** Responses to inject before the next real answer (status, headers). */
const injected: { status: number; headers: Record<string, string> }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  pool = testPool(await terminalUrl(db.url), 2);
  a = await seedTenant(db.pool, 'A', 1);
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      recorded.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      const inj = injected.shift();
      if (inj) {
        res.writeHead(inj.status, { 'content-type': 'application/json', ...inj.headers });
        res.end(JSON.stringify({ code: '', message: 'Service Unavailable', details: null, hint: null }));
        return;
      }
      const fn = /^\/rest\/v1\/rpc\/(\w+)$/.exec(req.url ?? '')?.[1];
      const params = fn ? SIGNATURES[fn] : undefined;
      if (req.method !== 'POST' || !params || req.headers.apikey !== KEY) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'PGRST202', message: 'Could not find the function', details: null, hint: null }));
        return;
      }
      const args = params.map((p) => {
        const v = body?.[p];
        return v !== null && typeof v === 'object' ? JSON.stringify(v) : (v ?? null);
      });
      pool
        .query(`SELECT ${fn}(${params.map((p, i) => `${p} => $${i + 1}`).join(', ')}) AS r`, args)
        .then((r) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(r.rows[0].r));
        })
        .catch((err: { code: string; message: string }) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: err.code, message: err.message, details: null, hint: null }));
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await pool?.end();
  await db?.drop();
  cleanTempDirs();
});

describe('supabase transport', () => {
  it('calls the SQL functions through POST /rest/v1/rpc/<fn> with the publishable key and named arguments', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const term = openTerminal({ deviceId: t.deviceId, centralUrl: base, credential: t.credential });
    term.db.prepare("INSERT INTO meta (key, value) VALUES ('publishable_key', ?)").run(KEY);
    const ev = term.append('note.added', { note_id: uuidv7(), cell_id: a.cellIds[0]!, text: 'via https' }, a.operatorId);
    recorded.length = 0;
    const engine = createSyncEngine({ db: term.db, clock: term.clock, appVersion: '1.2.3' });
    const s = await engine.syncNow();
    expect(s).toMatchObject({ online: true, pending: 0, block: 'none' });
    expect(recorded.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/v1/rpc/terminal_push',
      'POST /rest/v1/rpc/terminal_pull',
      'POST /rest/v1/rpc/terminal_heartbeat',
    ]);
    for (const r of recorded) {
      expect(r.headers.apikey).toBe(KEY);
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.headers['content-type']).toMatch(/application\/json/);
    }
    const pushBody = recorded[0]!.body as { p_credential: string; p_batch: { event_id: string; device_seq: number; type: string }[] };
    expect(Object.keys(pushBody).sort()).toEqual(['p_batch', 'p_credential']);
    expect(pushBody.p_credential).toBe(t.credential);
    expect(pushBody.p_batch).toEqual([expect.objectContaining({ event_id: ev.event_id, device_seq: 1, type: 'note.added', schema_version: 1 })]);
    expect(recorded[1]!.body).toEqual({ p_credential: t.credential, p_cursor: null, p_limit: 5000 });
    expect(recorded[2]!.body).toMatchObject({ p_credential: t.credential, p_stats: { app_version: '1.2.3', queue_depth: 0, dead_letters: 0 } });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM shift_notes WHERE terminal_id = $1', [t.deviceId])).rows[0].n).toBe(1);
    await engine.stop();
  });

  it('enrolls over https and classifies errors: SQLSTATE codes, 503 with Retry-After', async () => {
    const code = await issueEnrollmentCode(db.pool, a.tenantId, [a.cellIds[0]!], 'Web');
    const tr = createTransport(base, { publishableKey: KEY });
    recorded.length = 0;
    const r = await tr.enroll(code, 'Web 1', '1.0.0');
    expect(recorded[0]).toMatchObject({ method: 'POST', path: '/rest/v1/rpc/terminal_enroll', body: { p_code: code, p_name: 'Web 1', p_app_version: '1.0.0' } });
    await expect(tr.enroll(code, 'again', '1')).rejects.toMatchObject({ kind: 'permanent', code: 'SF404', message: expect.stringMatching(/already used/) });
    await expect(tr.push('dc_wrongwrongwrongwrong', [])).rejects.toMatchObject({ kind: 'revoked', code: 'SF401' });
    injected.push({ status: 503, headers: { 'retry-after': '7' } });
    await expect(tr.push(r.credential, [])).rejects.toMatchObject({ kind: 'transient', retryAfterS: 7 });
    await expect(tr.push(r.credential, [])).resolves.toMatchObject({ high_seq: 0, results: [] });
    expect(() => createTransport(base, {})).toThrow(/publishable_key/);
    expect(() => createTransport('ftp://x', {})).toThrow(/unsupported scheme/);
  });
});
