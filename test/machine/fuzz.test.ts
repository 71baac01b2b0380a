// Fuzzing the machine API: 10,000+ malformed bodies (fast-check) over real HTTP, interleaved with
// valid traffic. Every malformed body gets a 4xx with a named field, the server never crashes, every
// valid count is accepted, and the store stays intact with exactly the valid counts in it.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MachineService } from '../../electron/core/machine/service';
import { cleanTempDirs } from '../support/tmp';
import { countEvents, machineFixture, postCounts, startFixtureService, type MachineFixture } from './fixtures';

let f: MachineFixture;
let svc: MachineService;

beforeAll(async () => {
  f = machineFixture();
  svc = await startFixtureService(f, { body_limit_bytes: 8192, group_window_ms: 1 });
});
afterAll(async () => {
  await svc.stop();
  f.db.close();
  cleanTempDirs();
});

/** A value that is never valid for the given count field. */
function badValue(field: string): fc.Arbitrary<unknown> {
  const notNumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
  switch (field) {
    case 'delta':
      return fc.oneof(notNumber, fc.integer({ max: -1 }), fc.double({ noInteger: true }), fc.integer({ min: 1_000_001 }));
    case 'counter':
    case 'seq':
      return fc.oneof(notNumber, fc.integer({ max: -1 }), fc.double({ noInteger: true }));
    case 'timestamp':
      return fc.oneof(
        fc.string().filter((s) => Number.isNaN(Date.parse(s)) || !/T/.test(s)),
        fc.integer(),
        fc.date({ min: new Date(Date.now() + 86_400_000), max: new Date(Date.now() + 10 * 86_400_000), noInvalidDate: true }).map((d) => d.toISOString()),
      );
    default:
      return fc.oneof(fc.string().filter((s) => !/^[0-9a-f-]{36}$/i.test(s)), fc.integer(), fc.uuid({ version: 7 }));
  }
}

function malformedBody(): fc.Arbitrary<string> {
  const valid = (seq: number) => ({ resource_id: f.resA, delta: 1, seq });
  const corruptOne = fc
    .tuple(fc.constantFrom('resource_id', 'delta', 'seq', 'timestamp', 'counter'), fc.nat({ max: 1_000_000 }))
    .chain(([field, seq]) =>
      badValue(field).map((v) => {
        const o: Record<string, unknown> = { ...valid(1_000_000 + seq), [field]: v };
        if (field === 'counter') delete o.delta;
        return JSON.stringify(o);
      }),
    );
  const extraKey = fc.string({ minLength: 1 }).filter((k) => !['resource_id', 'cell_id', 'delta', 'counter', 'seq', 'timestamp', '__proto__'].includes(k))
    .map((k) => JSON.stringify({ ...valid(2_000_000), [k]: 1 }));
  const arrayWithOneBad = fc.tuple(corruptOne, fc.nat({ max: 5 })).map(([bad, n]) => `[${[...Array.from({ length: n }, (_, i) => JSON.stringify(valid(3_000_000 + i))), bad].join(',')}]`);
  const randomJson = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));
  const brokenJson = fc.string({ unit: 'binary' }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  });
  const truncated = corruptOne.chain((s) => fc.nat({ max: Math.max(0, s.length - 2) }).map((n) => s.slice(0, n)));
  return fc.oneof(corruptOne, extraKey, arrayWithOneBad, randomJson, brokenJson, truncated);
}

async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

it('refuses 10,000 malformed bodies with 4xx while valid traffic flows and the store stays intact', async () => {
  const bodies = fc.sample(malformedBody(), { numRuns: 10_000, seed: 20261122 });
  const statuses = new Map<number, number>();
  const unnamed: string[] = [];
  let validSeq = 0;
  let validAccepted = 0;
  const post = (body: string) => postCounts(svc.http!.url, f.machineKey, body);
  await pool(bodies.map((b, i) => [b, i] as const), 16, async ([body, i]) => {
    const r = await post(body);
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    const e = ((await r.json()) as { error?: { field?: string; message: string } }).error;
    if (r.status < 400 || r.status >= 500 || !e?.field || !e.message) unnamed.push(`${r.status} ${body.slice(0, 120)}`);
    // Every 20th request, a valid count from the same machine must still be accepted.
    if (i % 20 === 0) {
      const v = await post(JSON.stringify({ resource_id: f.resA, delta: 2, seq: validSeq++ }));
      expect(v.status).toBe(202);
      validAccepted++;
    }
  });
  expect(unnamed.slice(0, 5)).toEqual([]);
  expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  expect(bodies.length).toBeGreaterThanOrEqual(10_000);
  // The server is still up and the store intact, holding exactly the valid counts.
  expect((await fetch(`${svc.http!.url}/api/v1/health`)).status).toBe(200);
  expect(f.db.pragma('integrity_check', { simple: true })).toBe('ok');
  const events = countEvents(f.db);
  expect(events.length).toBe(validAccepted);
  expect(events.reduce((s, e) => s + e.delta, 0)).toBe(2 * validAccepted);
});
