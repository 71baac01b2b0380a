// terminal_push on a real Postgres, called as the low-privilege terminal role: effects on the seed
// tables, exactly-once by event_id, the device_seq high-water mark and gap refusal, per-event
// rejection that does not block later events, schema versions, bad input, tenant isolation,
// revocation, the activity log and the heartbeat.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { testPool, createTestDatabase, type TestDatabase } from '../support/postgres';
import { enrollTerminal, entry, seedTenant, type TenantFixture } from './support/central-fixture';
import { terminalUrl } from './support/terminal-fixture';

let db: TestDatabase;
let term: pg.Pool; // connects as the low-privilege terminal login
let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  db = await createTestDatabase();
  term = testPool(await terminalUrl(db.url), 2);
  a = await seedTenant(db.pool, 'A');
  b = await seedTenant(db.pool, 'B');
});
afterAll(async () => {
  await term?.end();
  await db?.drop();
});

type Result = { event_id: string; device_seq: number; status: string; reason: string | null };
async function push(credential: string, batch: unknown): Promise<{ high_seq: number; results: Result[]; server_time: string }> {
  const { rows } = await term.query('SELECT terminal_push($1, $2::jsonb) AS r', [credential, JSON.stringify(batch)]);
  return rows[0].r;
}
async function pushError(credential: string, batch: unknown): Promise<{ code: string; message: string }> {
  try {
    await term.query('SELECT terminal_push($1, $2::jsonb) AS r', [credential, typeof batch === 'string' ? batch : JSON.stringify(batch)]);
  } catch (err) {
    const e = err as { code: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error('push did not fail');
}
const one = async <T>(sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0] as T;

function start(f: TenantFixture, seq: number, te = uuidv7(), op = f.operationIds[0]!) {
  return entry(seq, 'operation.started', { operation_id: op, time_entry_id: te, cell_id: f.cellIds[0], profile_id: f.operatorId }, f.operatorId);
}

describe('terminal_push', () => {
  it('applies a work sequence to the seed tables and writes the activity log', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const te = uuidv7();
    const qid = uuidv7();
    const op = a.operationIds[0]!;
    const batch = [
      start(a, 1, te),
      entry(2, 'quantity.reported', { quantity_id: qid, operation_id: op, quantities: { good: 8, scrap: 2, rework: 0, produced: 10, scrap_reasons: [{ reason_id: a.scrapReasonId, quantity: 2 }] } }, a.operatorId),
      entry(3, 'operation.completed', { operation_id: op, closed_entries: [{ time_entry_id: te, profile_id: a.operatorId, duration_s: 5400 }] }, a.operatorId),
    ];
    const r = await push(t.credential, batch);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    expect(r.high_seq).toBe(3);
    const entryRow = await one<{ duration: number; end_time: Date; start_time: Date; terminal_id: string }>('SELECT * FROM time_entries WHERE id = $1', [te]);
    expect(entryRow.duration).toBe(5400);
    expect(entryRow.end_time.getTime() - entryRow.start_time.getTime()).toBe(5400_000);
    expect(entryRow.terminal_id).toBe(t.deviceId);
    const opRow = await one<{ status: string; actual_time: string; completed_at: Date }>('SELECT * FROM operations WHERE id = $1', [op]);
    expect(opRow.status).toBe('completed');
    expect(Number(opRow.actual_time)).toBe(1.5);
    expect(opRow.completed_at.toISOString()).toBe(batch[2]!.occurred_at);
    expect(await one('SELECT good, scrap, produced FROM operation_quantities WHERE id = $1', [qid])).toEqual({ good: 8, scrap: 2, produced: 10 });
    expect(await one('SELECT quantity FROM operation_scrap_lines WHERE quantity_id = $1', [qid])).toEqual({ quantity: 2 });
    const log = (await db.pool.query("SELECT action, entity_type, user_id, changes FROM activity_log WHERE entity_id = $1 ORDER BY created_at", [op])).rows;
    expect(log.map((l) => l.action)).toEqual(['started', 'completed']);
    expect(log[0].user_id).toBe(a.operatorId);
    expect(log[0].changes.time_entry_id).toBe(te);
    expect(await one('SELECT high_water_seq FROM terminals WHERE id = $1', [t.deviceId])).toEqual({ high_water_seq: '3' });
  });

  it('stores each event once: a replayed batch is reported as duplicates and changes nothing', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const note = uuidv7();
    const batch = [entry(1, 'note.added', { note_id: note, cell_id: a.cellIds[0], text: 'hello' }, a.operatorId), start(a, 2, uuidv7(), a.operationIds[1])];
    await push(t.credential, batch);
    const again = await push(t.credential, batch);
    expect(again.results.map((x) => x.status)).toEqual(['duplicate', 'duplicate']);
    // A partial overlap (lost response, then more events) applies only the new tail.
    const tail = [...batch, entry(3, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: 'more' }, a.operatorId)];
    const r = await push(t.credential, tail);
    expect(r.results.map((x) => x.status)).toEqual(['duplicate', 'duplicate', 'applied']);
    expect(await one('SELECT count(*)::int AS n FROM shift_notes WHERE id = $1', [note])).toEqual({ n: 1 });
    expect(await one('SELECT count(*)::int AS n FROM sync_events WHERE terminal_id = $1', [t.deviceId])).toEqual({ n: 3 });
  });

  it('refuses a gap in device_seq and applies nothing of that batch', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const e = await pushError(t.credential, [entry(2, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: 'x' }, a.operatorId)]);
    expect(e.code).toBe('SF409');
    expect(e.message).toMatch(/expects device_seq 1 next, got 2/);
    expect(await one('SELECT count(*)::int AS n FROM sync_events WHERE terminal_id = $1', [t.deviceId])).toEqual({ n: 0 });
  });

  it('rejects an event that can never apply, with its reason, and applies the events after it', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const goodNote = uuidv7();
    const batch = [
      entry(1, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: '' }, a.operatorId), // empty text
      entry(2, 'made.up', {}, a.operatorId),
      entry(3, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: 'x'.repeat(70_000) }, a.operatorId),
      // A date that passes the format check but not the calendar: the set-based path raises and the
      // per-event fallback rejects only this one with the database's reason.
      entry(4, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: 'bad date' }, a.operatorId, { occurred_at: '2026-13-45T10:00:00Z' }),
      entry(5, 'note.added', { note_id: goodNote, cell_id: a.cellIds[0], text: 'fine' }, a.operatorId),
    ];
    const r = await push(t.credential, batch);
    expect(r.results.map((x) => x.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'applied']);
    expect(r.results[0]!.reason).toMatch(/^payload\.text: /);
    expect(r.results[1]!.reason).toBe('type: unknown event type "made.up"');
    expect(r.results[2]!.reason).toMatch(/payload: larger than 64 KB/);
    expect(r.results[3]!.reason).toMatch(/could not apply: .*out of range/);
    expect(r.high_seq).toBe(5);
    expect(await one('SELECT count(*)::int AS n FROM shift_notes WHERE terminal_id = $1', [t.deviceId])).toEqual({ n: 1 });
    const stored = (await db.pool.query("SELECT device_seq, status FROM sync_events WHERE terminal_id = $1 ORDER BY device_seq", [t.deviceId])).rows;
    expect(stored.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'applied']);
    // Replaying a rejected event returns the same verdict and reason.
    const again = await push(t.credential, batch.slice(0, 1));
    expect(again.results[0]).toMatchObject({ status: 'rejected', reason: r.results[0]!.reason });
  });

  it('accepts the current schema_version and fails closed on a newer one, applying nothing', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const note = uuidv7();
    const e = await pushError(t.credential, [
      entry(1, 'note.added', { note_id: note, cell_id: a.cellIds[0], text: 'v1' }, a.operatorId),
      entry(2, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: 'v2' }, a.operatorId, { schema_version: 2 }),
    ]);
    expect(e.code).toBe('SF426');
    expect(e.message).toMatch(/writes version 2 but this central accepts 1 to 1.*keeps its queue/);
    expect(await one('SELECT count(*)::int AS n FROM shift_notes WHERE id = $1', [note])).toEqual({ n: 0 });
    const old = await push(t.credential, [entry(1, 'note.added', { note_id: note, cell_id: a.cellIds[0], text: 'v0' }, a.operatorId, { schema_version: 0 })]);
    expect(old.results[0]!.reason).toMatch(/schema_version: 0 is no longer accepted/);
  });

  it('refuses malformed batches with the element and field, and oversized batches', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    expect(await pushError(t.credential, { not: 'an array' })).toMatchObject({ code: 'SF400', message: 'batch: expected a JSON array of events' });
    expect(await pushError(t.credential, [entry(1, 'note.added', {}, null), { device_seq: 2 }])).toMatchObject({ code: 'SF400', message: 'batch[1].event_id: a UUID is required' });
    expect(await pushError(t.credential, [{ event_id: uuidv7(), device_seq: 'one' }])).toMatchObject({ code: 'SF400', message: 'batch[0].device_seq: a positive integer is required' });
    expect((await pushError(t.credential, [entry(1, 'note.added', {}, null), entry(3, 'note.added', {}, null)])).message).toMatch(/consecutive/);
    const big = Array.from({ length: 2001 }, (_, i) => entry(i + 1, 'note.added', {}, null));
    expect((await pushError(t.credential, big)).code).toBe('SF413');
    expect(await one('SELECT high_water_seq FROM terminals WHERE id = $1', [t.deviceId])).toEqual({ high_water_seq: '0' });
  });

  it('refuses a wrong credential and a revoked one; revocation keeps what was accepted', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    expect((await pushError('nonsense', [])).code).toBe('SF401');
    expect((await pushError('dc_' + 'A'.repeat(43), [])).code).toBe('SF401');
    await push(t.credential, [entry(1, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: 'before' }, a.operatorId)]);
    await db.pool.query('SELECT terminal_revoke($1)', [t.deviceId]);
    const e = await pushError(t.credential, [entry(2, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: 'after' }, a.operatorId)]);
    expect(e.code).toBe('SF403');
    expect(e.message).toMatch(/revoked/);
    expect(await one('SELECT count(*)::int AS n FROM sync_events WHERE terminal_id = $1', [t.deviceId])).toEqual({ n: 1 });
    const pull = await term.query('SELECT terminal_pull($1, NULL, 10)', [t.credential]).catch((err: { code: string }) => err.code);
    expect(pull).toBe('SF403');
  });

  it("rejects events of tenant A that reference tenant B's rows, and B is unchanged", async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const before = await one('SELECT status, actual_time, sync_version FROM operations WHERE id = $1', [b.operationIds[0]]);
    const bEntry = uuidv7();
    // A time entry of B, made by B's own terminal, that A will try to close.
    const tb = await enrollTerminal(db.pool, b.tenantId, [b.cellIds[0]!]);
    await push(tb.credential, [start(b, 1, bEntry)]);
    const bOp = await one('SELECT status, actual_time, sync_version FROM operations WHERE id = $1', [b.operationIds[0]]);
    expect(before).not.toEqual(bOp);
    const r = await push(t.credential, [
      // B's operation, cell and operator, under A's own actor.
      entry(1, 'operation.started', { operation_id: b.operationIds[0], time_entry_id: uuidv7(), cell_id: b.cellIds[0], profile_id: b.operatorId }, a.operatorId),
      entry(2, 'operation.paused', { operation_id: a.operationIds[0], reason: 'x', entry: { time_entry_id: bEntry, profile_id: a.operatorId, duration_s: 10 } }, a.operatorId),
      entry(3, 'note.added', { note_id: uuidv7(), cell_id: b.cellIds[0], text: 'into B' }, a.operatorId),
      entry(4, 'cycles.counted', { count_id: uuidv7(), machine_id: b.machineId, cell_id: a.cellIds[0], machine_seq: 1, delta: 5, counter_reset: false, counted_at: new Date().toISOString() }, null),
      entry(5, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: 'by B' }, b.operatorId),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(r.results[0]!.reason).toMatch(/operation_id: no such operation in this terminal's tenant/);
    expect(r.results[1]!.reason).toMatch(/time_entry_id: no such time entry/);
    expect(r.results[2]!.reason).toMatch(/cell_id/);
    expect(r.results[3]!.reason).toMatch(/machine_id/);
    expect(r.results[4]!.reason).toMatch(/actor_id/);
    expect(await one('SELECT status, actual_time, sync_version FROM operations WHERE id = $1', [b.operationIds[0]])).toEqual(bOp);
    expect(await one('SELECT end_time FROM time_entries WHERE id = $1', [bEntry])).toEqual({ end_time: null });
    expect(await one('SELECT count(*)::int AS n FROM shift_notes WHERE tenant_id = $1', [b.tenantId])).toEqual({ n: 0 });
  });

  it("checks a start's wip_override like sequence_override: another tenant's supervisor or a bad shape is rejected naming the field, a valid one is logged", async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const withOverride = (seq: number, key: 'wip_override' | 'sequence_override', override: unknown, te = uuidv7()) =>
      entry(seq, 'operation.started', { operation_id: a.operationIds[1], time_entry_id: te, cell_id: a.cellIds[1], profile_id: a.operatorId, [key]: override }, a.operatorId);
    const okEntry = uuidv7();
    const refused = [uuidv7(), uuidv7(), uuidv7()];
    const r = await push(t.credential, [
      withOverride(1, 'wip_override', { supervisor_id: b.supervisorId, reason: 'rush order' }, refused[0]),
      withOverride(2, 'sequence_override', { supervisor_id: b.supervisorId, reason: 'rush order' }, refused[1]),
      withOverride(3, 'wip_override', { supervisor_id: 'not-a-uuid', reason: 'x' }, refused[2]),
      withOverride(4, 'wip_override', { supervisor_id: a.supervisorId, reason: 'rush order' }, okEntry),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['rejected', 'rejected', 'rejected', 'applied']);
    expect(r.results[0]!.reason).toBe("payload.wip_override.supervisor_id: no such profile in this terminal's tenant");
    expect(r.results[1]!.reason).toBe("payload.sequence_override.supervisor_id: no such profile in this terminal's tenant");
    expect(r.results[2]!.reason).toBe('payload.wip_override: needs supervisor_id and a reason');
    // The refused starts applied nothing; the accepted one carries its override into the activity log.
    expect(await one('SELECT count(*)::int AS n FROM time_entries WHERE id = ANY($1::uuid[])', [refused])).toEqual({ n: 0 });
    expect(await one('SELECT count(*)::int AS n FROM time_entries WHERE id = $1', [okEntry])).toEqual({ n: 1 });
    const log = await one<{ changes: { wip_override: unknown } }>("SELECT changes FROM activity_log WHERE action = 'started' AND changes ->> 'time_entry_id' = $1", [okEntry]);
    expect(log.changes.wip_override).toEqual({ supervisor_id: a.supervisorId, reason: 'rush order' });
    expect(await one("SELECT count(*)::int AS n FROM activity_log WHERE changes ->> 'time_entry_id' = ANY($1::text[])", [refused])).toEqual({ n: 0 });
  });

  it('the terminal role can execute the sync functions and read no table', async () => {
    const e = await term.query('SELECT * FROM terminals').catch((err: { code: string }) => err.code);
    expect(e).toBe('42501');
    const e2 = await term.query("SELECT terminal_revoke('00000000-0000-0000-0000-000000000000')").catch((err: { code: string }) => err.code);
    expect(e2).toBe('42501');
    // The wrapped internals (027, 028) are not part of its surface either.
    for (const fn of ["sync_heartbeat_health('x', '{}')", "sync_apply_effects(gen_random_uuid(), gen_random_uuid(), 1, 1)"]) {
      expect(await term.query(`SELECT ${fn}`).catch((err: { code: string }) => err.code)).toBe('42501');
    }
  });

  it('stores the heartbeat on the terminal row', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const { rows } = await term.query('SELECT terminal_heartbeat($1, $2::jsonb) AS r', [
      t.credential,
      JSON.stringify({ app_version: '9.9.9', queue_depth: 12, oldest_pending_age_s: 30.5, dead_letters: 1, clock_skew_ms: -3_600_000 }),
    ]);
    expect(rows[0].r).toMatchObject({ min_schema: 1, max_schema: 1 });
    expect(await one('SELECT app_version, queue_depth, oldest_pending_s, dead_letters, clock_skew_ms FROM terminals WHERE id = $1', [t.deviceId])).toEqual({
      app_version: '9.9.9', queue_depth: 12, oldest_pending_s: '30.5', dead_letters: 1, clock_skew_ms: -3_600_000,
    });
  });

  it('stores the reported OEE on terminals.oee and refuses a malformed one naming the field', async () => {
    const t = await enrollTerminal(db.pool, a.tenantId, [a.cellIds[0]!]);
    const oee = [{ cell_id: a.cellIds[0], oee: 0.5, availability: 1, performance: 0.5, quality: 1 }];
    await term.query('SELECT terminal_heartbeat($1, $2::jsonb)', [t.credential, JSON.stringify({ app_version: '1', oee })]);
    expect(await one('SELECT oee FROM terminals WHERE id = $1', [t.deviceId])).toEqual({ oee });
    const bad = await term
      .query('SELECT terminal_heartbeat($1, $2::jsonb)', [t.credential, JSON.stringify({ app_version: '2', oee: { x: 1 } })])
      .catch((err: { code: string; message: string }) => err);
    expect(bad).toMatchObject({ code: 'SF400', message: expect.stringMatching(/stats\.oee/) });
    // The refused heartbeat changed nothing.
    expect(await one('SELECT app_version, oee FROM terminals WHERE id = $1', [t.deviceId])).toEqual({ app_version: '1', oee });
  });

  it('enrollment codes are one-time and expire', async () => {
    const { issueEnrollmentCode } = await import('./support/central-fixture');
    const code = await issueEnrollmentCode(db.pool, a.tenantId, [a.cellIds[0]!]);
    await term.query("SELECT terminal_enroll($1, 'T', '1')", [code]);
    const again = await term.query("SELECT terminal_enroll($1, 'T', '1')", [code]).catch((err: { code: string; message: string }) => err);
    expect(again).toMatchObject({ code: 'SF404', message: expect.stringMatching(/already used/) });
    const expired = await issueEnrollmentCode(db.pool, a.tenantId, [], 'T', -1);
    expect(await term.query("SELECT terminal_enroll($1, 'T', '1')", [expired]).catch((err: { message: string }) => err.message)).toMatch(/expired/);
    const stored = await one<{ credential_hash: string }>('SELECT credential_hash FROM terminals ORDER BY enrolled_at DESC LIMIT 1');
    expect(stored.credential_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
