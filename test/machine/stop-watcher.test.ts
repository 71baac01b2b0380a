// Automatic downtime on a real store with a manual clock: a counting resource silent for k × its
// ideal cycle time gets an unexplained 'machine' stop; the next count closes it (micro-stop when
// short, never prompted); long unexplained stops are pushed as a prompt; a reason whose rule is
// 'manual' is not cut short by a count; a stop a person ended is not reopened without a new count.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCoreConfig, type CoreConfig } from '../../electron/core/config';
import { machineConfig } from '../../electron/core/machine/config';
import { startMachineService, type MachineService } from '../../electron/core/machine/service';
import { endDowntime } from '../../electron/core/downtime/stops';
import { record } from '../../electron/core/store/record';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { cleanTempDirs } from '../support/tmp';
import { machineFixture, manualClock, type MachineFixture } from './fixtures';

afterAll(() => cleanTempDirs());

let f: MachineFixture;
let clock: ReturnType<typeof manualClock>;
let svc: MachineService;
let pushes: { name: string; payload: unknown }[];
let seq: number;

interface Stop {
  id: string;
  resource_id: string;
  source: string;
  reason_id: string | null;
  ended_at: string | null;
  duration_s: number | null;
  micro_stop: number;
}
const stops = () => f.db.prepare('SELECT id, resource_id, source, reason_id, ended_at, duration_s, micro_stop FROM downtime_stops ORDER BY started_at').all() as Stop[];

async function count(resourceId = f.resA) {
  await svc.committer.submit(() => svc.ingest.record({ machine_id: f.machineId, tenant_id: f.tenantId }, [{ resource_id: resourceId, delta: 1, seq: seq++ }]));
}

/** resA: ideal 10 s, k = 3 -> 30 s of silence opens a stop. Micro-stops: under the core's
 *  downtime.micro_stop_seconds (default 120 s). The watcher runs only when a test says so. */
function startWatcher(core?: CoreConfig): Promise<MachineService> {
  return startMachineService({
    outbox: f.outbox,
    config: machineConfig({ api_enabled: false, stop_k: 3, group_window_ms: 0 }),
    ...(core ? { core } : {}),
    terminalCells: () => [f.cellA, f.cellB],
    push: (name, payload) => pushes.push({ name, payload }),
    watch: false,
    publish: false,
  });
}

/** A count on resA, then 30 s of silence: the watcher opens an unexplained stop. */
async function countThenFallSilent(): Promise<void> {
  await count();
  clock.advance(30_000);
  svc.watchOnce();
}

beforeEach(async () => {
  clock = manualClock();
  f = machineFixture({ clock });
  pushes = [];
  seq = 0;
  svc = await startWatcher();
  return async () => {
    await svc.stop();
    f.db.close();
  };
});

function reason(countCloses: 'next_count' | 'manual', type: 'planned' | 'unplanned' = 'planned'): string {
  const g = uuidv7();
  const r = uuidv7();
  f.db.prepare('INSERT INTO downtime_groups (id, name, type) VALUES (?, ?, ?)').run(g, 'Group', type);
  f.db.prepare('INSERT INTO downtime_reasons (id, group_id, code, name, count_closes) VALUES (?, ?, ?, ?, ?)').run(r, g, 'R', 'Reason', countCloses);
  return r;
}

function categorise(downtimeId: string, reasonId: string) {
  f.db.transaction(() => record(f.outbox, { type: 'downtime.categorised', payload: { downtime_id: downtimeId, reason_id: reasonId }, actorId: null })).immediate();
}

describe('count watcher', () => {
  it('opens an unexplained stop after k x ideal cycle time of silence, not before', async () => {
    await count();
    clock.advance(29_000);
    svc.watchOnce();
    expect(stops()).toEqual([]);
    clock.advance(1_000);
    svc.watchOnce();
    expect(stops()).toMatchObject([{ resource_id: f.resA, source: 'machine', reason_id: null, ended_at: null }]);
    // Still silent: no second stop.
    clock.advance(60_000);
    svc.watchOnce();
    expect(stops()).toHaveLength(1);
  });

  it('closes on the next count and tags a short stop as a micro-stop without prompting', async () => {
    await countThenFallSilent();
    clock.advance(60_000);
    svc.watchOnce();
    await count();
    expect(stops()).toMatchObject([{ duration_s: 60, micro_stop: 1 }]);
    expect(pushes.filter((p) => p.name === 'machine.unexplained_stops')).toEqual([]);
  });

  it("takes the micro-stop threshold from the core's downtime setting, the one operators' stops use", async () => {
    await svc.stop();
    svc = await startWatcher(parseCoreConfig({ downtime: { micro_stop_seconds: 45 } }));
    await countThenFallSilent();
    clock.advance(44_000);
    svc.watchOnce();
    expect(pushes.filter((p) => p.name === 'machine.unexplained_stops')).toEqual([]); // 44 s: still a micro-stop
    clock.advance(16_000);
    svc.watchOnce();
    const prompts = pushes.filter((p) => p.name === 'machine.unexplained_stops').map((p) => p.payload as { stops: { open_for_s: number }[] });
    expect(prompts.at(-1)!.stops).toMatchObject([{ open_for_s: 60 }]);
    await count();
    // 60 s is a micro-stop under the default 120 s, but not under the core's 45 s.
    expect(stops()).toMatchObject([{ duration_s: 60, micro_stop: 0 }]);
  });

  it('tells the UI that counts changed, at most once per interval however many commits there are', async () => {
    for (let i = 0; i < 20; i++) await count();
    // The first commit's notice goes out at once; the other 19 are folded into one trailing notice.
    const notice = { name: 'data.changed', payload: { areas: ['oee', 'machine'] } };
    expect(pushes.filter((p) => p.name === 'data.changed')).toEqual([notice]);
    await new Promise((r) => setTimeout(r, 1200)); // past the 1 s notice interval
    expect(pushes.filter((p) => p.name === 'data.changed')).toEqual([notice, notice]);
  });

  it('prompts for a long unexplained stop, then withdraws the prompt when a count closes it', async () => {
    await countThenFallSilent();
    clock.advance(150_000);
    svc.watchOnce();
    const prompts = pushes.filter((p) => p.name === 'machine.unexplained_stops').map((p) => p.payload as { stops: { resource_id: string; open_for_s: number }[] });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.stops).toMatchObject([{ resource_id: f.resA, open_for_s: 150 }]);
    await count();
    // The commit that closed the stop tells the UI at once, without waiting for the next tick.
    expect(stops()[0]).toMatchObject({ duration_s: 150, micro_stop: 0 });
    expect(pushes.filter((p) => !(p.payload as { areas?: string[] }).areas?.includes('oee')).slice(-2)).toEqual([
      { name: 'data.changed', payload: { areas: ['downtime'] } },
      { name: 'machine.unexplained_stops', payload: { stops: [] } },
    ]);
  });

  it("keeps a stop whose chosen reason closes manually open through a stray count; 'next_count' reasons close", async () => {
    const setup = reason('manual');
    const jam = reason('next_count', 'unplanned');
    await countThenFallSilent();
    categorise(stops()[0]!.id, setup);
    clock.advance(10_000);
    await count();
    expect(stops()[0]!.ended_at).toBeNull();
    categorise(stops()[0]!.id, jam);
    await count();
    expect(stops()[0]!.ended_at).not.toBeNull();
  });

  it('does not reopen a stop a person ended until the resource counts again', async () => {
    await countThenFallSilent();
    f.db.transaction(() => endDowntime(f.outbox, { downtimeId: stops()[0]!.id, actorId: null, microStopSeconds: 120, maxAcrossBootHours: 24 })).immediate();
    clock.advance(300_000);
    svc.watchOnce();
    expect(stops()).toHaveLength(1);
    await countThenFallSilent();
    expect(stops()).toHaveLength(2);
  });

  it('leaves a resource alone while a person has a stop open on its cell', async () => {
    await count();
    f.db.transaction(() =>
      record(f.outbox, { type: 'downtime.started', payload: { downtime_id: uuidv7(), cell_id: f.cellA, source: 'operator' }, actorId: null }),
    ).immediate();
    clock.advance(120_000);
    svc.watchOnce();
    expect(stops().filter((s) => s.source === 'machine')).toEqual([]);
  });

  it('watches only resources that counted in this boot', async () => {
    await count();
    // A restart: a new boot id, and the old monotonic reading means nothing.
    const restarted = manualClock(clock.wallMs() + 1000);
    await svc.stop();
    svc = await startMachineService({
      outbox: { ...f.outbox, clock: restarted },
      config: machineConfig({ api_enabled: false, stop_k: 3 }),
      terminalCells: () => null,
      watch: false,
      publish: false,
    });
    restarted.advance(600_000);
    svc.watchOnce();
    expect(stops()).toEqual([]);
  });
});
