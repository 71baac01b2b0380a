// Group commit on a real store: requests share one transaction, a refused request rolls back alone,
// and a store failure fails every waiter of the group with nothing half-written.
import { afterAll, expect, it } from 'vitest';
import type { MachineAccount } from '../../electron/core/machine/auth';
import { MachineError } from '../../electron/core/machine/errors';
import { GroupCommitter } from '../../electron/core/machine/group-commit';
import { CountIngest } from '../../electron/core/machine/ingest';
import { cleanTempDirs } from '../support/tmp';
import { countEvents, machineFixture } from './fixtures';

afterAll(() => cleanTempDirs());

function setup() {
  const f = machineFixture();
  const ingest = new CountIngest({ outbox: f.outbox, terminalCells: () => null, maxFutureSkewS: 60 });
  const account: MachineAccount = { machine_id: f.machineId, tenant_id: f.tenantId };
  let commits = 0;
  const committer = new GroupCommitter(f.db, { windowMs: 5, maxJobs: 100, onCommitted: () => commits++ });
  return { f, ingest, account, committer, commits: () => commits };
}

it('commits requests arriving together in one transaction and answers each after it', async () => {
  const { f, ingest, account, committer, commits } = setup();
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: i }]))),
  );
  expect(answers).toHaveLength(50);
  expect(commits()).toBe(1);
  expect(countEvents(f.db)).toHaveLength(50);
  f.db.close();
});

it('rolls back only the refused request of a group', async () => {
  const { f, ingest, account, committer } = setup();
  const outcomes = await Promise.allSettled([
    committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: 1 }])),
    committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: 2 }, { resource_id: f.otherTenantResource, delta: 1, seq: 3 }])),
    committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: 4 }])),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(((outcomes[1] as PromiseRejectedResult).reason as MachineError).status).toBe(403);
  expect(countEvents(f.db).map((e) => e.machine_seq)).toEqual([1, 4]);
  f.db.close();
});

it('fails every waiter of a group whose transaction fails, writing nothing', async () => {
  const { f, ingest, account, committer } = setup();
  // A real store failure inside the group: the disk-full stand-in is a trigger that aborts.
  f.db.exec("CREATE TRIGGER fail_count BEFORE INSERT ON machine_counts WHEN NEW.delta = 666 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
  const outcomes = await Promise.allSettled([
    committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: 1 }])),
    committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 666, seq: 2 }])),
    committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: 3 }])),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  expect(countEvents(f.db)).toEqual([]);
  expect(f.db.prepare('SELECT count(*) AS n FROM machine_seq_seen').get()).toEqual({ n: 0 });
  // The committer keeps working after the failure.
  await committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: 1 }]));
  expect(countEvents(f.db)).toHaveLength(1);
  f.db.close();
});

it('commits at once, without waiting out the window, when every request that could join is queued', async () => {
  const f = machineFixture();
  const ingest = new CountIngest({ outbox: f.outbox, terminalCells: () => null, maxFutureSkewS: 60 });
  const account: MachineAccount = { machine_id: f.machineId, tenant_id: f.tenantId };
  const groups: number[] = [];
  // A window far longer than the test: only the joinable rule can commit these groups.
  const committer = new GroupCommitter(f.db, { windowMs: 3_600_000, maxJobs: 100, joinable: () => 3, onCommitted: (n) => groups.push(n) });
  const post = (seq: number) => committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq }]));
  await Promise.all([post(1), post(2), post(3)]);
  await Promise.all([post(4), post(5), post(6)]);
  expect(groups).toEqual([3, 3]);
  // Fewer than could join: the group waits for the window (here: until shutdown flushes it).
  const pending = post(7);
  await new Promise((r) => setTimeout(r, 50));
  expect(groups).toEqual([3, 3]);
  committer.close();
  await pending;
  expect(groups).toEqual([3, 3, 1]);
  expect(countEvents(f.db)).toHaveLength(7);
  f.db.close();
});

it('runs one-count requests without a savepoint: their refusals still leave the rest of the group intact', async () => {
  const { f, ingest, account, committer, commits } = setup();
  const one = (c: Parameters<CountIngest['record']>[1][number]) => ingest.submit(committer, account, [c]);
  const future = new Date(Date.now() + 3_600_000).toISOString();
  const outcomes = await Promise.allSettled([
    one({ resource_id: f.resA, delta: 1, seq: 1 }),
    one({ resource_id: f.otherTenantResource, delta: 1, seq: 2 }), // 403: another tenant's resource
    one({ resource_id: f.resA, delta: 1, seq: 3, timestamp: future }), // 400: beyond the allowed skew
    one({ resource_id: f.resA, delta: 1, seq: 1 }), // a replay inside the same group
    one({ resource_id: f.resA, delta: 2, seq: 4 }),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
  expect(commits()).toBe(1);
  expect(countEvents(f.db).map((e) => [e.machine_seq, e.delta])).toEqual([[1, 1], [4, 2]]);
  expect(f.db.prepare('SELECT count(*) AS n FROM machine_seq_seen').get()).toEqual({ n: 2 });
  f.db.close();
});

it('fails the whole group, writing nothing, if work declared to refuse before writing wrote first', async () => {
  const { f, ingest, account, committer } = setup();
  const outcomes = await Promise.allSettled([
    committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: 1 }]), { refusesBeforeWriting: true }),
    // Wrongly declared: the first count is written before the second is refused.
    committer.submit(() => ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: 2 }, { resource_id: f.otherTenantResource, delta: 1, seq: 3 }]), {
      refusesBeforeWriting: true,
    }),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  expect(((outcomes[0] as PromiseRejectedResult).reason as Error).message).toMatch(/refused after writing/);
  expect(countEvents(f.db)).toEqual([]);
  f.db.close();
});
