// All the way to the central: the machine key and the reference data arrive by the real sync pull
// (api_keys -> machine_keys), the machine API accepts counts offline-capable from that local copy,
// the terminal is SIGKILLed mid-stream, and the real sync push then delivers every acknowledged count
// to the central's cycle_counts exactly once (and a second push adds nothing).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openLocalStore } from '../../db/local/open';
import { systemClock } from '../../electron/core/clock';
import { machineConfig } from '../../electron/core/machine/config';
import { startMachineService } from '../../electron/core/machine/service';
import { issueKey } from '../../electron/core/security/secret-keys';
import { createSyncEngine } from '../../electron/core/sync/engine';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { cleanTempDirs } from '../support/tmp';
import { enrollTerminal, seedTenant } from '../sync/support/central-fixture';
import { openTerminal, terminalUrl } from '../sync/support/terminal-fixture';
import { killChildren, spawnTerminalChild } from './child/spawn-terminal';
import { postCounts } from './fixtures';

let central: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  central = await createTestDatabase();
});
afterAll(async () => {
  killChildren(children);
  await central?.drop();
  cleanTempDirs();
});

it('delivers every acknowledged count to the central exactly once after a SIGKILL', async () => {
  const url = await terminalUrl(central.url);
  const t = await seedTenant(central.pool, 'Mach', 1);
  const key = issueKey('mk');
  await central.pool.query("INSERT INTO api_keys (tenant_id, name, key_hash, key_prefix, profile_id) VALUES ($1, 'Press 1 PLC', $2, $3, $4)", [
    t.tenantId, key.hash, key.prefix, t.machineId,
  ]);
  const enrolled = await enrollTerminal(central.pool, t.tenantId, [t.cellIds[0]!]);
  const term = openTerminal({ deviceId: enrolled.deviceId, centralUrl: url, credential: enrolled.credential });
  const engine = () => createSyncEngine({ db: term.db, clock: systemClock(), appVersion: '0.1.0-test', random: () => 0.5 });
  await engine().syncNow(); // the pull brings the resource, the machine profile and its key
  expect(term.db.prepare('SELECT count(*) AS n FROM machine_keys').get()).toEqual({ n: 1 });
  term.db.close();

  const acked = new Map<number, string>(); // seq -> count id answered 202
  const { child, url: api } = await spawnTerminalChild(term.file, enrolled.deviceId, t.cellIds[0]!, children);
  let stop = false;
  const machines = Array.from({ length: 10 }, (_, m) =>
    (async () => {
      for (let i = 0; !stop; i++) {
        const seq = m * 1_000_000 + i;
        try {
          const r = await postCounts(api, key.key, { resource_id: t.resourceId, delta: 1, seq });
          if (r.status !== 202) throw new Error(`unexpected ${r.status}: ${await r.text()}`);
          acked.set(seq, ((await r.json()) as { results: { count_id: string }[] }).results[0]!.count_id);
        } catch (err) {
          if (err instanceof Error && err.message.startsWith('unexpected')) throw err;
          return; // killed: the answer was lost
        }
      }
    })(),
  );
  while (acked.size < 200) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  stop = true;
  await Promise.all(machines);

  const db = openLocalStore(term.file);
  const local = db.prepare("SELECT count(*) AS n FROM outbox WHERE type = 'cycles.counted'").get() as { n: number };
  const sync = createSyncEngine({ db, clock: systemClock(), appVersion: '0.1.0-test', random: () => 0.5 });
  const status = await sync.syncNow();
  expect(status).toMatchObject({ pending: 0, dead_letters: 0 });
  const rows = (await central.pool.query<{ id: string; machine_seq: string }>('SELECT id, machine_seq FROM cycle_counts WHERE terminal_id = $1', [enrolled.deviceId])).rows;
  expect(rows.length).toBe(local.n);
  const ids = new Set(rows.map((r) => r.id));
  expect(ids.size).toBe(rows.length);
  for (const countId of acked.values()) expect(ids.has(countId)).toBe(true);
  // A second push (an answer lost after the central commit) adds nothing.
  db.prepare('UPDATE outbox SET sent_at = NULL').run();
  db.prepare('UPDATE outbox_settled SET through = 0').run(); // the push starts looking from its settled-through mark
  expect(await sync.syncNow()).toMatchObject({ block: 'none', pending: 0, dead_letters: 0 });
  expect(Number((await central.pool.query('SELECT count(*) AS n FROM cycle_counts WHERE terminal_id = $1', [enrolled.deviceId])).rows[0].n)).toBe(local.n);
  db.close();
});

it('brings a machine-opened stop, closed by the next count as a micro-stop, to the central', async () => {
  const url = await terminalUrl(central.url);
  const t = await seedTenant(central.pool, 'Stops', 1);
  await central.pool.query('UPDATE resources SET ideal_cycle_time_s = 10 WHERE id = $1', [t.resourceId]);
  const enrolled = await enrollTerminal(central.pool, t.tenantId, [t.cellIds[0]!]);
  const term = openTerminal({ deviceId: enrolled.deviceId, centralUrl: url, credential: enrolled.credential });
  const sync = createSyncEngine({ db: term.db, clock: term.clock, appVersion: '0.1.0-test', random: () => 0.5 });
  await sync.syncNow();
  const svc = await startMachineService({
    outbox: { db: term.db, deviceId: enrolled.deviceId, clock: term.clock },
    config: machineConfig({ api_enabled: false, stop_k: 3, group_window_ms: 0 }),
    terminalCells: () => [t.cellIds[0]!],
    watch: false,
    publish: false,
  });
  const account = { machine_id: t.machineId, tenant_id: t.tenantId };
  await svc.committer.submit(() => svc.ingest.record(account, [{ resource_id: t.resourceId, delta: 1, seq: 1 }]));
  term.clock.advance(30_000);
  svc.watchOnce();
  term.clock.advance(45_000);
  await svc.committer.submit(() => svc.ingest.record(account, [{ resource_id: t.resourceId, delta: 1, seq: 2 }]));
  await svc.stop();
  expect(await sync.syncNow()).toMatchObject({ pending: 0, dead_letters: 0 });
  const { rows } = await central.pool.query<{ source: string; resource_id: string; duration_s: string; micro_stop: boolean; ended_at: Date | null }>(
    "SELECT source, resource_id, duration_s, micro_stop, ended_at FROM oee_machine_events WHERE terminal_id = $1 AND event_type = 'downtime'",
    [enrolled.deviceId],
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ source: 'machine', resource_id: t.resourceId, micro_stop: true });
  expect(Number(rows[0]!.duration_s)).toBe(45);
  expect(rows[0]!.ended_at).not.toBeNull();
  term.db.close();
});
