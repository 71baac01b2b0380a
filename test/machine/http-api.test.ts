// The machine API over real HTTP (node:http server in this process, fetch as the client) against a
// real on-disk store: happy paths, replays, counter resets, auth, bad bodies, and load shedding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineConfig, type MachineConfigInput } from '../../electron/core/machine/config';
import type { MachineService } from '../../electron/core/machine/service';
import { cleanTempDirs } from '../support/tmp';
import { countEvents, machineFixture, postCounts, startFixtureService, type MachineFixture } from './fixtures';

let f: MachineFixture;
let svc: MachineService;
let url: string;

beforeAll(async () => {
  f = machineFixture();
  svc = await startFixtureService(f, { body_limit_bytes: 4096, max_future_skew_s: 60 });
  url = svc.http!.url;
});
afterAll(async () => {
  await svc.stop();
  f.db.close();
  cleanTempDirs();
});

function post(body: unknown, headers: Record<string, string> = {}, key: string | null = f.machineKey) {
  return postCounts(url, key, body, headers);
}

/** A service on a store of its own (for settings the shared one does not have), always stopped. */
async function isolated(
  config: (g: MachineFixture) => MachineConfigInput,
  run: (g: MachineFixture, send: (body: unknown) => Promise<Response>) => Promise<void>,
): Promise<void> {
  const g = machineFixture();
  const s = await startFixtureService(g, config(g), { terminalCells: () => null });
  try {
    await run(g, (body) => postCounts(s.http!.url, g.machineKey, body));
  } finally {
    await s.stop();
    g.db.close();
  }
}

async function errorOf(r: Response) {
  return ((await r.json()) as { error: { code: string; field?: string; message: string } }).error;
}

describe('machine API', () => {
  it('binds to loopback by default', () => {
    expect(machineConfig().host).toBe('127.0.0.1');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('accepts one count and answers 202 with the committed event id', async () => {
    const r = await post({ resource_id: f.resA, delta: 3, seq: 1 });
    expect(r.status).toBe(202);
    const body = (await r.json()) as { event_ids: string[]; results: { duplicate: boolean; delta: number }[] };
    expect(body.event_ids).toHaveLength(1);
    // 202 means committed: the event is already in the outbox when the answer arrives.
    const row = f.db.prepare('SELECT type, actor_id FROM outbox WHERE event_id = ?').get(body.event_ids[0]) as { type: string; actor_id: string };
    expect(row).toEqual({ type: 'cycles.counted', actor_id: f.machineId });
    expect(body.results[0]).toMatchObject({ duplicate: false, delta: 3 });
  });

  it('accepts an array and a cell-only count', async () => {
    const r = await post([
      { resource_id: f.resA, delta: 1, seq: 2 },
      { cell_id: f.cellA, delta: 2, seq: 3, timestamp: new Date(Date.now() - 60_000).toISOString() },
    ]);
    expect(r.status).toBe(202);
    expect(((await r.json()) as { event_ids: string[] }).event_ids).toHaveLength(2);
  });

  it('answers a replayed sequence number with the same event id and counts nothing again', async () => {
    const before = countEvents(f.db).length;
    const first = (await (await post({ resource_id: f.resA, delta: 4, seq: 10 })).json()) as { event_ids: string[] };
    const again = await post({ resource_id: f.resA, delta: 4, seq: 10 });
    expect(again.status).toBe(202);
    const body = (await again.json()) as { event_ids: string[]; results: { duplicate: boolean }[] };
    expect(body.event_ids).toEqual(first.event_ids);
    expect(body.results[0]!.duplicate).toBe(true);
    expect(countEvents(f.db).length).toBe(before + 1);
  });

  it('answers a replayed Idempotency-Key with the stored answer, and refuses the key for another body', async () => {
    const before = countEvents(f.db).length;
    const body = [{ resource_id: f.resA, delta: 1, seq: 20 }, { resource_id: f.resA, delta: 1, seq: 21 }];
    const a = await post(body, { 'idempotency-key': 'batch-20' });
    const b = await post(body, { 'idempotency-key': 'batch-20' });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(await b.json()).toEqual(await a.json());
    expect(countEvents(f.db).length).toBe(before + 2);
    const c = await post([{ resource_id: f.resA, delta: 9, seq: 22 }], { 'idempotency-key': 'batch-20' });
    expect(c.status).toBe(409);
    expect((await errorOf(c)).field).toBe('Idempotency-Key');
    expect(countEvents(f.db).length).toBe(before + 2);
  });

  it('reads an absolute counter going backwards as a reset, not a negative count', async () => {
    const deltas: number[] = [];
    const resets: boolean[] = [];
    for (const [seq, counter] of [[100, 5000], [101, 5007], [102, 5010], [103, 4], [104, 9], [105, 90_000_000], [106, 90_000_002]] as const) {
      const r = await post({ resource_id: f.resA, counter, seq });
      expect(r.status).toBe(202);
      const res = ((await r.json()) as { results: { delta: number; counter_reset: boolean }[] }).results[0]!;
      deltas.push(res.delta);
      resets.push(res.counter_reset);
    }
    // The first reading is the baseline; after the reset, the counter's value is what was made since;
    // an impossible jump is a new baseline, not 90 million parts.
    expect(deltas).toEqual([0, 7, 3, 4, 5, 0, 2]);
    expect(resets).toEqual([false, false, false, true, false, false, false]);
    expect(countEvents(f.db).every((e) => e.delta >= 0)).toBe(true);
  });

  it('refuses bad input with a 4xx naming the field and the reason, storing nothing', async () => {
    const before = countEvents(f.db).length;
    const cases: [unknown, number, string, RegExp, Record<string, string>?, (string | null)?][] = [
      [{ resource_id: f.resA, delta: 1, seq: 900 }, 401, 'Authorization', /not valid/, {}, 'mk_wrongwrongwrongwrongwrongwrong'],
      [{ resource_id: f.resA, delta: 1, seq: 900 }, 401, 'Authorization', /Bearer/, {}, null],
      [{ resource_id: f.resA, delta: 1, seq: 900 }, 403, 'Authorization', /machine account/, {}, f.operatorKey],
      [{ resource_id: f.resB, delta: 1, seq: 900 }, 403, 'resource_id', /does not serve/],
      [{ resource_id: f.otherTenantResource, delta: 1, seq: 900 }, 403, 'resource_id', /another tenant/],
      [{ resource_id: '01890000-0000-7000-8000-000000000000', delta: 1, seq: 900 }, 400, 'resource_id', /unknown resource/],
      [{ resource_id: f.resA, delta: -1, seq: 900 }, 400, 'delta', />=0|too small/i],
      [{ resource_id: f.resA, delta: 'seven', seq: 900 }, 400, 'delta', /number/],
      [{ resource_id: f.resA, delta: 1 }, 400, 'seq', /number/],
      [{ resource_id: f.resA, delta: 1, counter: 5, seq: 900 }, 400, 'delta', /exactly one/],
      [{ resource_id: f.resA, delta: 1, seq: 900, timestamp: new Date(Date.now() + 3_600_000).toISOString() }, 400, 'timestamp', /ahead/],
      [[{ resource_id: f.resA, delta: 1, seq: 900 }, { resource_id: f.resA, delta: 1.5, seq: 901 }], 400, '[1].delta', /int/i],
      [[], 400, 'body', /./],
      ['{"resource_id": ', 400, 'body', /invalid JSON/],
      [{ resource_id: f.resA, delta: 1, seq: 900 }, 415, 'Content-Type', /json/, { 'content-type': 'text/plain' }],
      [{ resource_id: f.resA, delta: 1, seq: 900, pad: 'x'.repeat(5000) }, 413, 'body', /4096/],
    ];
    for (const [body, status, field, reason, headers, key] of cases) {
      const r = await post(body, headers ?? {}, key === undefined ? f.machineKey : key);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      const e = await errorOf(r);
      expect(e.field).toBe(field);
      expect(e.message).toMatch(reason);
    }
    // A refused array stores none of its counts, even the valid first one.
    expect(countEvents(f.db).length).toBe(before);
  });

  it('refuses a chunked body that grows past the limit with 413, without a Content-Length to go by', async () => {
    const before = countEvents(f.db).length;
    const { request } = await import('node:http');
    const u = new URL(url);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: u.hostname, port: u.port, path: '/api/v1/cycle-counts', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${f.machineKey}`, 'transfer-encoding': 'chunked' } },
        (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('[');
      for (let i = 0; i < 100; i++) req.write(JSON.stringify({ resource_id: f.resA, delta: 1, seq: 5000 + i }) + ',');
      req.end(JSON.stringify({ resource_id: f.resA, delta: 1, seq: 6000 }) + ']');
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large', field: 'body' } });
    expect(countEvents(f.db).length).toBe(before);
  });

  it('serves health and an OpenAPI document generated from the schemas', async () => {
    const h = await fetch(`${url}/api/v1/health`);
    expect(h.status).toBe(200);
    expect(((await h.json()) as { status: string }).status).toBe('ok');
    const doc = (await (await fetch(`${url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      components: { schemas: { CountBody: { anyOf: { properties?: Record<string, unknown> }[] } } };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas.CountBody.anyOf[0]!.properties!)).toEqual(
      expect.arrayContaining(['resource_id', 'cell_id', 'delta', 'counter', 'seq', 'timestamp']),
    );
    expect((await fetch(`${url}/api/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${url}/api/v1/cycle-counts`)).status).toBe(405);
  });
});

describe('machine resources', () => {
  it("refuses a count for a resource that is not the machine's own with 403", async () => {
    await isolated((g) => ({ machine_resources: { [g.machineId]: [g.resA] } }), async (g, send) => {
      expect((await send({ resource_id: g.resA, delta: 1, seq: 1 })).status).toBe(202);
      const other = await send({ resource_id: g.resB, delta: 1, seq: 2 });
      expect(other.status).toBe(403);
      expect((await errorOf(other)).field).toBe('resource_id');
      const cell = await send({ cell_id: g.cellB, delta: 1, seq: 3 });
      expect(cell.status).toBe(403);
      expect((await errorOf(cell)).field).toBe('cell_id');
      expect(countEvents(g.db)).toHaveLength(1);
    });
  });
});

describe('key revocation', () => {
  it('refuses a key once a pull deactivated it (no cache) and counts nothing', async () => {
    await isolated(() => ({ key_cache_ms: 0 }), async (g, send) => {
      expect((await send({ resource_id: g.resA, delta: 1, seq: 1 })).status).toBe(202);
      g.db.prepare('UPDATE machine_keys SET active = 0').run();
      const r = await send({ resource_id: g.resA, delta: 1, seq: 2 });
      expect(r.status).toBe(401);
      expect(countEvents(g.db)).toHaveLength(1);
    });
  });

  it.each([
    ['machine_keys', 'UPDATE machine_keys SET active = 0', 401],
    ['profiles', 'UPDATE profiles SET active = 0 WHERE is_machine = 1', 403],
  ])('with the key cache on, a pull that changes %s takes effect at the next request', async (table, revoke, status) => {
    const g = machineFixture();
    // A cache far longer than the test: only the pull's notice can make the revocation count.
    const s = await startFixtureService(g, { key_cache_ms: 3_600_000 }, { terminalCells: () => null });
    try {
      const send = (seq: number) => postCounts(s.http!.url, g.machineKey, { resource_id: g.resA, delta: 1, seq });
      expect((await send(1)).status).toBe(202);
      g.db.prepare(revoke).run(); // what the pull wrote
      s.referenceChanged(['cells']); // a pull of other tables keeps the cache
      expect((await send(2)).status).toBe(202);
      s.referenceChanged([table]);
      const r = await send(3);
      expect(r.status).toBe(status);
      expect((await errorOf(r)).field).toBe('Authorization');
      expect(countEvents(g.db).map((e) => e.machine_seq)).toEqual([1, 2]);
    } finally {
      await s.stop();
      g.db.close();
    }
  });
});

describe('load shedding', () => {
  it('answers 429 with Retry-After when the commit queue is past its threshold, and every 202 is stored', async () => {
    // A long group window and a shallow queue make the threshold reachable on any machine.
    await isolated(() => ({ shed_queue_depth: 5, group_window_ms: 200, shed_retry_after_s: 2 }), async (g, send) => {
      const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => send({ resource_id: g.resA, delta: 1, seq: i })));
      const shed = rs.filter((r) => r.status === 429);
      const ok = rs.filter((r) => r.status === 202);
      expect(shed.length).toBeGreaterThan(0);
      expect(ok.length + shed.length).toBe(30);
      expect(shed[0]!.headers.get('retry-after')).toBe('2');
      expect(countEvents(g.db).length).toBe(ok.length);
    });
  });
});
