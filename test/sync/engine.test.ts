// The sync client loop against a real Postgres (postgres transport, low-privilege login) and a
// real SQLite outbox: batching, dead letters, splitting a permanently failing batch, revocation,
// a central too old for the terminal, clock skew and jumps, notify latency, the watchdog, backoff,
// the reachability probe, and the pull into the local reference tables.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SyncStatus } from '../../shared/contract/sync-api';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { backoffDelay } from '../../electron/core/sync/backoff';
import { createSyncEngine, type SyncEngineOptions } from '../../electron/core/sync/engine';
import { syncCommandHandlers, syncQueryHandlers } from '../../electron/core/sync/handlers';
import type { PushEntry } from '../../electron/core/sync/protocol';
import { createTransport, type SyncTransport } from '../../electron/core/sync/transport';
import { SyncCallError } from '../../electron/core/sync/errors';
import { machineConfig } from '../../electron/core/machine/config';
import { oeeForHeartbeat } from '../../electron/core/machine';
import { liveOee } from '../../electron/core/oee/live-oee';
import { setSite, setTerminalCells } from '../../db/central/cli/admin-ops';
import { OeeSnapshot } from '../../shared/contract/machine-api';
import { issueEnrollmentCode } from './support/central-fixture';
import { useSyncCentral } from './support/sync-central';
import { openTerminal, type LocalTerminal } from './support/terminal-fixture';
import { until } from '../support/until';

const srv = useSyncCentral('A', 2);
const count = async (sql: string, p: unknown[] = []) => Number((await srv.db.pool.query(sql, p)).rows[0].n);
const newTerminal = () => srv.newTerminal();

function engineFor(term: LocalTerminal, extra: Partial<SyncEngineOptions> = {}) {
  return createSyncEngine({ db: term.db, clock: term.clock, appVersion: '0.1.0-test', random: () => 0.5, ...extra });
}

function note(term: LocalTerminal, text = 'n') {
  return term.append('note.added', { note_id: uuidv7(), cell_id: srv.tenant.cellIds[0]!, text }, srv.tenant.operatorId);
}

/** Wraps the real transport to observe or sabotage calls. */
function wrap(hooks: { push?: (batch: PushEntry[], real: () => ReturnType<SyncTransport['push']>) => ReturnType<SyncTransport['push']> }) {
  return (u: string, o: Parameters<typeof createTransport>[1]) => {
    const real = createTransport(u, o);
    return { ...real, push: (c: string, batch: PushEntry[]) => (hooks.push ? hooks.push(batch, () => real.push(c, batch)) : real.push(c, batch)) };
  };
}

describe('sync engine', () => {
  it('drains the outbox in batches of at most 500 events and 256 KB, in device order, and pulls the reference data', async () => {
    const term = await newTerminal();
    for (let i = 0; i < 1100; i++) note(term, i % 100 === 0 ? 'x'.repeat(3000) : `n${i}`);
    const sizes: { n: number; bytes: number; first: number }[] = [];
    const engine = engineFor(term, { transportFactory: wrap({ push: (b, real) => (sizes.push({ n: b.length, bytes: JSON.stringify(b).length, first: b[0]!.device_seq }), real()) }) });
    const s = await engine.syncNow();
    expect(s).toMatchObject({ online: true, block: 'none', pending: 0, dead_letters: 0 });
    expect(SyncStatus.parse(s)).toBeTruthy();
    expect(sizes.every((x) => x.n <= 500 && x.bytes <= 300 * 1024)).toBe(true);
    expect(sizes.map((x) => x.first)).toEqual([...sizes.map((x) => x.first)].sort((p, q) => p - q));
    expect(await count('SELECT count(*) AS n FROM sync_events WHERE terminal_id = $1', [term.deviceId])).toBe(1100);
    expect(term.db.prepare('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL').get()).toEqual({ n: 0 });
    // The pull filled the local reference tables in the same run.
    expect(term.db.prepare('SELECT count(*) AS n FROM operations').get()).toEqual({ n: 2 });
    const cell = term.db.prepare('SELECT active, version FROM cells WHERE id = ?').get(srv.tenant.cellIds[0]) as { active: number; version: number };
    expect(cell.active).toBe(1);
    expect(cell.version).toBeGreaterThan(0);
    expect(term.db.prepare("SELECT value FROM meta WHERE key = 'pull_cursor'").get()).toBeTruthy();
    await engine.stop();
  });

  it("dead-letters the central's rejections with their reasons and keeps the rest flowing", async () => {
    const term = await newTerminal();
    note(term, 'ok 1');
    // An event that passes the terminal's schema but names another tenant's cell.
    term.append('note.added', { note_id: uuidv7(), cell_id: uuidv7(), text: 'nowhere' }, srv.tenant.operatorId);
    note(term, 'ok 2');
    const engine = engineFor(term);
    const s = await engine.syncNow();
    expect(s).toMatchObject({ pending: 0, dead_letters: 1, block: 'none' });
    const dead = engine.deadLetters(10);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ device_seq: 2, type: 'note.added', reason: expect.stringMatching(/payload\.cell_id: no such cell/) });
    expect(await syncQueryHandlers(engine)['sync.dead_letters']({ limit: 5 })).toEqual(dead);
    expect(await count('SELECT count(*) AS n FROM shift_notes WHERE terminal_id = $1', [term.deviceId])).toBe(2);
    await engine.stop();
  });

  it('isolates a batch-level permanent failure by splitting, dead-letters the one event and tells the central to skip it', async () => {
    const term = await newTerminal();
    const events = Array.from({ length: 9 }, (_, i) => note(term, `e${i}`));
    const poison = events[5]!.event_id;
    const engine = engineFor(term, {
      transportFactory: wrap({
        push: (b, real) => (b.some((e) => e.event_id === poison && e.skip === undefined) ? Promise.reject(new SyncCallError('permanent', 'batch[0].payload: cannot be read', null, 'SF400')) : real()),
      }),
    });
    const s = await engine.syncNow();
    expect(s).toMatchObject({ pending: 0, dead_letters: 1 });
    expect(engine.deadLetters(5)[0]).toMatchObject({ event_id: poison, reason: expect.stringMatching(/cannot be read/) });
    const central = (await srv.db.pool.query('SELECT device_seq, status FROM sync_events WHERE terminal_id = $1 ORDER BY device_seq', [term.deviceId])).rows;
    expect(central.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'rejected', 'applied', 'applied', 'applied']);
    await engine.stop();
  });

  it('records each answered batch while the next is at the central, also when a later batch of the drain fails', async () => {
    const term = await newTerminal();
    const events = Array.from({ length: 12 }, (_, i) => note(term, `b${i}`));
    const poison = events[7]!.event_id; // in the second batch of 4
    const calls: { first: number; n: number; sentBefore: number }[] = [];
    let failThird = true;
    const sentCount = () => (term.db.prepare('SELECT count(*) AS n FROM outbox WHERE sent_at IS NOT NULL').get() as { n: number }).n;
    const engine = engineFor(term, {
      limits: { maxEvents: 4, maxBytes: 256 * 1024 },
      transportFactory: wrap({
        push: async (b, real) => {
          // The previous answered batch is recorded while this one is under way.
          await new Promise((r) => setTimeout(r, 20));
          calls.push({ first: b[0]!.device_seq, n: b.length, sentBefore: sentCount() });
          if (b.some((e) => e.event_id === poison && e.skip === undefined)) throw new SyncCallError('permanent', 'batch[0].payload: cannot be read', null, 'SF400');
          if (b[0]!.device_seq === 9 && failThird) {
            failThird = false;
            throw new SyncCallError('transient', 'connection reset');
          }
          return real();
        },
      }),
    });
    const first = await engine.syncNow();
    // Batch 1 answered; batch 2 split around the poison (each piece recorded as answered); batch 3
    // failed transiently: everything answered before it is recorded, batch 3 is still pending.
    expect(first).toMatchObject({ pending: 4, dead_letters: 1 });
    expect(sentCount()).toBe(8);
    expect(calls[1]).toMatchObject({ first: 5, n: 4, sentBefore: 4 });
    const second = await engine.syncNow();
    expect(second).toMatchObject({ pending: 0, dead_letters: 1 });
    const central = (await srv.db.pool.query('SELECT device_seq, status FROM sync_events WHERE terminal_id = $1 ORDER BY device_seq', [term.deviceId])).rows;
    expect(central.map((r) => Number(r.device_seq))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(central.filter((r) => r.status === 'rejected').map((r) => Number(r.device_seq))).toEqual([8]);
    await engine.stop();
  });

  it('a revoked terminal stops syncing, says so, and keeps its queue', async () => {
    const term = await newTerminal();
    note(term);
    const engine = engineFor(term);
    await engine.syncNow();
    await srv.db.pool.query('SELECT terminal_revoke($1)', [term.deviceId]);
    note(term, 'after revoke');
    const s = await engine.syncNow();
    expect(s).toMatchObject({ block: 'revoked', pending: 1, message: expect.stringMatching(/revoked.*queued on this terminal/s) });
    engine.notify(); // no effect while revoked
    expect(engine.status().pending).toBe(1);
    await engine.stop();
    // The state survives a restart of the terminal.
    const again = engineFor(term);
    expect(again.status().block).toBe('revoked');
  });

  it('a terminal newer than its central fails closed with a clear message and keeps its queue', async () => {
    const term = await newTerminal();
    note(term, 'current');
    note(term, 'future');
    term.db.prepare('UPDATE outbox SET schema_version = 2 WHERE device_seq = 2').run();
    const engine = engineFor(term);
    const s = await engine.syncNow();
    expect(s).toMatchObject({ block: 'central_too_old', pending: 2, message: expect.stringMatching(/older than this terminal.*upgrade/s) });
    expect(await count('SELECT count(*) AS n FROM sync_events WHERE terminal_id = $1', [term.deviceId])).toBe(0);
    await engine.stop();
  });

  it('measures clock skew on every sync and keeps events across wall-clock jumps of +1 h, -1 h and -1 day', async () => {
    const term = await newTerminal();
    const engine = engineFor(term);
    term.clock.jumpWall(Date.now() - term.clock.wallMs()); // start in step with the server
    note(term, 'in step');
    let s = await engine.syncNow();
    expect(Math.abs(s.skew_ms!)).toBeLessThan(60_000);
    expect(s.skew_warning).toBe(false);
    for (const jump of [3_600_000, -7_200_000, -86_400_000]) {
      term.clock.jumpWall(jump);
      note(term, `after jump ${jump}`);
      s = await engine.syncNow();
      expect(s.pending).toBe(0);
      expect(s.skew_warning).toBe(true);
    }
    expect(Math.round(s.skew_ms! / 3_600_000)).toBe(25); // the device is a day and an hour behind
    expect(await count('SELECT count(*) AS n FROM shift_notes WHERE terminal_id = $1', [term.deviceId])).toBe(4);
    expect(await count('SELECT clock_skew_ms AS n FROM terminals WHERE id = $1', [term.deviceId])).not.toBe(0);
    await engine.stop();
  });

  it("sends the host's live OEE per cell in the heartbeat, stored on the central terminal row", async () => {
    const term = await newTerminal();
    // The real provider the host wires in (terminal-runtime.ts), over this terminal's store.
    const deps = { db: term.db, clock: term.clock, config: machineConfig(), terminalCells: () => [srv.tenant.cellIds[0]!] };
    const engine = engineFor(term, { heartbeatExtras: () => ({ oee: oeeForHeartbeat(deps) }) });
    note(term);
    await engine.syncNow();
    const stored = (await srv.db.pool.query('SELECT oee FROM terminals WHERE id = $1', [term.deviceId])).rows[0].oee as unknown[];
    expect(stored).toEqual(JSON.parse(JSON.stringify(oeeForHeartbeat(deps))));
    expect(stored).toHaveLength(1);
    expect(OeeSnapshot.parse(stored[0])).toMatchObject({ cell_id: srv.tenant.cellIds[0] });
    await engine.stop();
  });

  it('a failing OEE provider costs the heartbeat its OEE, not the sync', async () => {
    const term = await newTerminal();
    const engine = engineFor(term, { heartbeatExtras: () => { throw new Error('oee broke'); } });
    note(term);
    expect(await engine.syncNow()).toMatchObject({ online: true, pending: 0, block: 'none' });
    expect((await srv.db.pool.query('SELECT app_version, oee FROM terminals WHERE id = $1', [term.deviceId])).rows[0]).toEqual({ app_version: '0.1.0-test', oee: null });
    await engine.stop();
  });

  it('starts the upload within a second of notify() while online', async () => {
    const term = await newTerminal();
    const engine = engineFor(term, { pollMs: 60_000 });
    engine.start();
    await new Promise((r) => setTimeout(r, 300));
    const ev = note(term, 'notified');
    engine.notify();
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline && (await count('SELECT count(*) AS n FROM sync_events WHERE event_id = $1', [ev.event_id])) === 0) await new Promise((r) => setTimeout(r, 20));
    expect(await count('SELECT count(*) AS n FROM sync_events WHERE event_id = $1', [ev.event_id])).toBe(1);
    await engine.stop();
  });

  it('the watchdog restarts a cycle that hangs', async () => {
    const term = await newTerminal();
    note(term);
    let calls = 0;
    const engine = engineFor(term, {
      watchdogMs: 300,
      pollMs: 60_000,
      transportFactory: wrap({ push: (_b, real) => (++calls === 1 ? new Promise(() => undefined) : real()) }),
    });
    engine.start();
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && engine.status().pending > 0) await new Promise((r) => setTimeout(r, 50));
    expect(engine.status().pending).toBe(0);
    expect(calls).toBeGreaterThanOrEqual(2);
    await engine.stop();
  });

  it('backs off while the central is unreachable and retries at once when it is reachable again', async () => {
    const term = await newTerminal();
    note(term);
    const good = term.db.prepare("SELECT value FROM meta WHERE key = 'central_url'").get() as { value: string };
    const dead = new URL(good.value);
    dead.port = '1'; // nothing listens there
    term.db.prepare("UPDATE meta SET value = ? WHERE key = 'central_url'").run(dead.toString());
    let reachable = false;
    const engine = engineFor(term, { pollMs: 50, probe: async () => reachable });
    engine.start();
    await new Promise((r) => setTimeout(r, 300));
    const s = engine.status();
    expect(s).toMatchObject({ online: false, pending: 1 });
    expect(s.next_attempt_at).not.toBeNull();
    expect(s.last_error).toBeTruthy();
    term.db.prepare("UPDATE meta SET value = ? WHERE key = 'central_url'").run(good.value);
    reachable = true;
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && engine.status().pending > 0) await new Promise((r) => setTimeout(r, 20));
    expect(engine.status()).toMatchObject({ online: true, pending: 0 });
    await engine.stop();
  });

  it('backoff: full jitter under a cap doubling from 1 s to 60 s, and Retry-After wins', () => {
    const policy = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 7, 20].map((f) => backoffDelay(f, policy, () => 0.999999))).toEqual([999, 1999, 3999, 59_999, 59_999]);
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
    expect(backoffDelay(1, policy, () => 0.5, 30)).toBe(30_000);
  });

  it('never lets a pull overwrite a row that a pending local event is about; applies it after the push', async () => {
    const term = await newTerminal();
    const engine = engineFor(term, {
      transportFactory: (u, o) => {
        const real = createTransport(u, o);
        // Pull first (push refused transiently) so the pending event is still queued during the pull.
        let refused = false;
        return { ...real, push: (c: string, b: PushEntry[]) => (refused ? real.push(c, b) : ((refused = true), Promise.reject(new SyncCallError('transient', 'down')))) };
      },
    });
    const op = srv.tenant.operationIds[1]!;
    await srv.db.pool.query("UPDATE operations SET notes = 'planner changed it' WHERE id = $1", [op]);
    term.append('operation.started', { operation_id: op, time_entry_id: uuidv7(), cell_id: srv.tenant.cellIds[0]!, profile_id: srv.tenant.operatorId }, srv.tenant.operatorId, op);
    await engine.syncNow(); // push refused → nothing pulled either (pull follows push)
    expect(term.db.prepare('SELECT count(*) AS n FROM operations WHERE id = ?').get(op)).toEqual({ n: 0 });
    const s = await engine.syncNow();
    expect(s.pending).toBe(0);
    const row = term.db.prepare('SELECT notes, status FROM operations WHERE id = ?').get(op) as { notes: string; status: string };
    expect(row).toEqual({ notes: 'planner changed it', status: 'in_progress' });
    await engine.stop();
  });

  it('uploads issue photos after their event, verified by size and sha256; a mismatch is kept locally with the reason', async () => {
    const term = await newTerminal();
    const good = Buffer.from('a real photo');
    const bad = Buffer.from('announced other bytes');
    const issueId = uuidv7();
    const photo = (id: string, data: Buffer, announced: Buffer) => ({ attachment_id: id, file_name: `${id}.jpg`, mime_type: 'image/jpeg', size_bytes: announced.length, sha256: createHash('sha256').update(announced).digest('hex') });
    const [p1, p2] = [uuidv7(), uuidv7()];
    term.append('issue.reported', {
      issue_id: issueId, operation_id: srv.tenant.operationIds[0]!, severity: 'high', issue_type: 'ncr', description: 'crack', causes_standstill: false,
      photos: [photo(p1, good, good), photo(p2, bad, Buffer.from('something else!!!!!!!'))],
    }, srv.tenant.operatorId, issueId);
    const ins = term.db.prepare('INSERT INTO attachments (id, issue_id, file_name, mime_type, size_bytes, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    ins.run(p1, issueId, 'a.jpg', 'image/jpeg', good.length, createHash('sha256').update(good).digest('hex'), good, new Date().toISOString());
    ins.run(p2, issueId, 'b.jpg', 'image/jpeg', bad.length, createHash('sha256').update(bad).digest('hex'), bad, new Date().toISOString());
    const engine = engineFor(term);
    await engine.syncNow();
    const central = (await srv.db.pool.query('SELECT id::text, data, uploaded_at FROM issue_attachments WHERE issue_id = $1 ORDER BY id', [issueId])).rows;
    expect(central.find((r) => r.id === p1)).toMatchObject({ data: good });
    expect(central.find((r) => r.id === p2)).toMatchObject({ data: null, uploaded_at: null });
    const local = term.db.prepare('SELECT id, uploaded_at, upload_error FROM attachments ORDER BY id').all() as { id: string; uploaded_at: string | null; upload_error: string | null }[];
    expect(local.find((r) => r.id === p1)?.uploaded_at).toBeTruthy();
    expect(local.find((r) => r.id === p2)?.upload_error).toMatch(/size or sha256 does not match/);
    await engine.stop();
  });

  it('re-sends what a central restored from an older backup lost (device_seq gap)', async () => {
    const term = await newTerminal();
    for (let i = 0; i < 10; i++) note(term, `g${i}`);
    const engine = engineFor(term);
    await engine.syncNow();
    // The central loses events 6..10 (restored from a backup taken after event 5).
    await srv.db.pool.query('DELETE FROM sync_events WHERE terminal_id = $1 AND device_seq > 5', [term.deviceId]);
    await srv.db.pool.query('UPDATE terminals SET high_water_seq = 5 WHERE id = $1', [term.deviceId]);
    note(term, 'after restore');
    const s = await engine.syncNow();
    expect(s).toMatchObject({ pending: 0, block: 'none' });
    const central = (await srv.db.pool.query('SELECT device_seq::int AS s FROM sync_events WHERE terminal_id = $1 ORDER BY device_seq', [term.deviceId])).rows.map((r) => r.s);
    expect(central).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await count('SELECT count(*) AS n FROM shift_notes WHERE terminal_id = $1', [term.deviceId])).toBe(11);
    await engine.stop();
  });

  it('applies tombstones and soft deletes from the pull to the local tables', async () => {
    const term = await newTerminal();
    const engine = engineFor(term);
    const link = (await srv.db.pool.query('INSERT INTO operation_resources (operation_id, resource_id) VALUES ($1, $2) RETURNING id', [srv.tenant.operationIds[0], srv.tenant.resourceId])).rows[0].id as string;
    // The pull horizon may hold a fresh row back while some transaction of the central's database
    // is still running (that is what keeps long transactions from being skipped), so sync until it
    // arrives rather than expecting it from exactly one cycle.
    const row = (table: string, id: string) => term.db.prepare(`SELECT deleted_at FROM ${table} WHERE id = ?`).get(id) as { deleted_at: string | null } | undefined;
    await until(async () => (await engine.syncNow(), row('operation_resources', link) !== undefined), 15_000, 'the new link to be pulled');
    expect(row('operation_resources', link)).toEqual({ deleted_at: null });
    await srv.db.pool.query('DELETE FROM operation_resources WHERE id = $1', [link]);
    const ghost = (await srv.db.pool.query("INSERT INTO profiles (tenant_id, full_name, role) VALUES ($1, 'Leaver', 'operator') RETURNING id", [srv.tenant.tenantId])).rows[0].id as string;
    await until(async () => (await engine.syncNow(), row('profiles', ghost) !== undefined), 15_000, 'the new profile to be pulled');
    await srv.db.pool.query('UPDATE profiles SET deleted_at = now() WHERE id = $1', [ghost]);
    await until(async () => (await engine.syncNow(), Boolean(row('profiles', ghost)?.deleted_at) && Boolean(row('operation_resources', link)?.deleted_at)), 15_000, 'the tombstone and the soft delete to be pulled');
    expect(row('operation_resources', link)?.deleted_at).toBeTruthy();
    expect(row('profiles', ghost)?.deleted_at).toBeTruthy();
    await engine.stop();
  });

  it("pulls the OEE site of the tenant's cells, and live OEE follows the site's availability mode", async () => {
    const term = await newTerminal();
    const engine = engineFor(term);
    const cellId = srv.tenant.cellIds[0]!;
    const config = machineConfig({ api_enabled: false, oee: { mode: 'standard' } });
    const modeNow = () => liveOee({ db: term.db, clock: term.clock, config, terminalCells: () => [cellId] })[0]!.mode;
    const client = await srv.db.pool.connect();
    try {
      // The admin CLI's operation: create the site in strict mode with the cell in it.
      const site = await setSite(client, { tenant: srv.tenant.tenantId, name: 'Plant A', mode: 'strict', target: '85', cells: cellId });
      const local = () => term.db.prepare('SELECT s.availability_mode AS mode, s.oee_target AS target, s.deleted_at FROM cells c LEFT JOIN oee_sites s ON s.id = c.oee_site_id WHERE c.id = ?').get(cellId) as { mode: string | null; target: number | null } | undefined;
      await until(async () => (await engine.syncNow(), local()?.mode === 'strict'), 15_000, 'the site and the cell link to be pulled');
      expect(local()).toMatchObject({ mode: 'strict', target: 0.85 });
      expect(modeNow()).toBe('strict');
      await setSite(client, { tenant: srv.tenant.tenantId, name: 'Plant A', mode: 'teep' });
      await until(async () => (await engine.syncNow(), modeNow() === 'teep'), 15_000, 'the mode change to be pulled');
      // Deleting the site unlinks its cells centrally; the terminal falls back to its config.
      await client.query('DELETE FROM oee_sites WHERE id = $1', [site.id]);
      await until(async () => (await engine.syncNow(), modeNow() === 'standard'), 15_000, 'the site deletion to be pulled');
    } finally {
      client.release();
      await engine.stop();
    }
  });

  it('serves other cells when the central rebinds it, and pulls their work from before its cursor', async () => {
    const [cell1, cell2] = srv.tenant.cellIds as [string, string];
    // Work only in cell 2, created before the terminal's first pull (older than its cursor).
    const q = async (sql: string, p: unknown[]) => (await srv.db.pool.query(sql, p)).rows[0].id as string;
    const part = await q("INSERT INTO parts (tenant_id, job_id, part_number, quantity) VALUES ($1, $2, 'REBIND-1', 4) RETURNING id", [srv.tenant.tenantId, srv.tenant.jobId]);
    const op = await q("INSERT INTO operations (tenant_id, part_id, cell_id, operation_name, sequence) VALUES ($1, $2, $3, 'Paint', 1) RETURNING id", [srv.tenant.tenantId, part, cell2]);
    const term = await newTerminal();
    const changed: string[][] = [];
    const engine = engineFor(term, { onDataChanged: (t) => changed.push(t) });
    const has = (id: string) => term.db.prepare('SELECT 1 FROM operations WHERE id = ?').get(id) !== undefined;
    const cells = () => JSON.parse((term.db.prepare("SELECT value FROM meta WHERE key = 'cell_ids'").get() as { value: string }).value) as string[];
    await until(async () => (await engine.syncNow(), term.db.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n >= 2, 15_000, 'the first pull');
    expect(cells()).toEqual([cell1]); // learnt from the first answer, without pulling twice
    expect(has(op)).toBe(false);
    const client = await srv.db.pool.connect();
    try {
      const moved = await setTerminalCells(client, { id: term.deviceId, cells: `${cell1},${cell2}` });
      expect(moved.cells).toHaveLength(2);
    } finally {
      client.release();
    }
    await until(async () => (await engine.syncNow(), has(op)), 15_000, "cell 2's older work to be pulled");
    expect(new Set(cells())).toEqual(new Set([cell1, cell2]));
    expect(changed.some((t) => t.includes('cells'))).toBe(true);
    // The central scopes by the new binding at once: an event about cell 2 is accepted.
    note(term, 'after the move');
    term.append('note.added', { note_id: uuidv7(), cell_id: cell2, text: 'cell 2 note' }, srv.tenant.operatorId);
    const s = await engine.syncNow();
    expect(s).toMatchObject({ pending: 0, dead_letters: 0 });
    await engine.stop();
  });

  it('enrolls with a one-time code and serves the sync contract handlers', async () => {
    const term = openTerminal({ deviceId: uuidv7() });
    const engine = engineFor(term);
    expect((await engine.syncNow()).block).toBe('not_enrolled');
    const code = await issueEnrollmentCode(srv.db.pool, srv.tenant.tenantId, [srv.tenant.cellIds[0]!], 'Bench 7');
    const r = await engine.enroll(srv.url, code, '');
    expect(r.tenantId).toBe(srv.tenant.tenantId);
    expect(term.db.prepare("SELECT value FROM meta WHERE key = 'terminal_name'").get()).toEqual({ value: 'Bench 7' });
    const out = await syncCommandHandlers(engine)['sync.now']({});
    expect(out.events).toEqual([]);
    expect(SyncStatus.parse(out.value)).toMatchObject({ block: 'none', online: true });
    expect(SyncStatus.parse(await syncQueryHandlers(engine)['sync.status']({}))).toBeTruthy();
    await engine.stop();
    const c = new pg.Client({ connectionString: srv.db.url });
    await c.connect();
    expect((await c.query('SELECT name, app_version FROM terminals WHERE id = $1', [r.deviceId])).rows[0]).toEqual({ name: 'Bench 7', app_version: '0.1.0-test' });
    await c.end();
  });
});
