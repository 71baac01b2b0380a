// Live OEE on a real store against a hand-computed shift: counts through the ingest, stops through
// the core's downtime functions (one planned, one unplanned), quantities through quantity.reported.
import { afterAll, expect, it } from 'vitest';
import { machineConfig } from '../../electron/core/machine/config';
import { machineQueryHandlers } from '../../electron/core/machine/handlers';
import { startMachineService } from '../../electron/core/machine/service';
import { endDowntime, startDowntime } from '../../electron/core/downtime/stops';
import { oeeForHeartbeat } from '../../electron/core/oee/live-oee';
import { record } from '../../electron/core/store/record';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { cleanTempDirs } from '../support/tmp';
import { machineFixture, manualClock } from './fixtures';

afterAll(() => cleanTempDirs());

it('computes availability, performance, quality and OEE for the running shift in each mode', async () => {
  const clock = manualClock(Date.UTC(2026, 10, 22, 5, 0)); // the shift runs 06:00-14:00 (default shift starts)
  const f = machineFixture({ clock });
  const config = machineConfig({ api_enabled: false, oee: { mode: 'standard' } });
  const svc = await startMachineService({ outbox: f.outbox, config, terminalCells: () => [f.cellA], watch: false, publish: false });
  const account = { machine_id: f.machineId, tenant_id: f.tenantId };
  const group = uuidv7();
  const changeover = uuidv7();
  f.db.prepare("INSERT INTO downtime_groups (id, name, type) VALUES (?, 'Planned', 'planned')").run(group);
  f.db.prepare("INSERT INTO downtime_reasons (id, group_id, code, name) VALUES (?, ?, 'CO', 'Changeover')").run(changeover, group);
  const tx = <T>(fn: () => T) => f.db.transaction(fn).immediate();
  const idleGroup = uuidv7();
  const noOrders = uuidv7();
  f.db.prepare("INSERT INTO downtime_groups (id, name, type) VALUES (?, 'Idle', 'idle')").run(idleGroup);
  f.db.prepare("INSERT INTO downtime_reasons (id, group_id, code, name) VALUES (?, ?, 'NO', 'No orders')").run(noOrders, idleGroup);

  // 05:00-06:00 idle before the shift (no orders): outside the shift, but inside a calendar window.
  const idle = tx(() => startDowntime(f.outbox, { cellId: f.cellA, reasonId: noOrders, source: 'operator', actorId: null }));
  clock.advance(60 * 60_000);
  tx(() => endDowntime(f.outbox, { downtimeId: idle, actorId: null, microStopSeconds: 120, maxAcrossBootHours: 24 }));

  // 06:30-06:45 planned changeover (900 s); 07:00-07:30 unplanned (1800 s).
  clock.advance(30 * 60_000);
  const planned = tx(() => startDowntime(f.outbox, { cellId: f.cellA, resourceId: f.resA, reasonId: changeover, source: 'operator', actorId: null }));
  clock.advance(15 * 60_000);
  tx(() => endDowntime(f.outbox, { downtimeId: planned, actorId: null, microStopSeconds: 120, maxAcrossBootHours: 24 }));
  clock.advance(15 * 60_000);
  const unplanned = tx(() => startDowntime(f.outbox, { cellId: f.cellA, resourceId: f.resA, source: 'operator', actorId: null }));
  clock.advance(30 * 60_000);
  tx(() => endDowntime(f.outbox, { downtimeId: unplanned, actorId: null, microStopSeconds: 120, maxAcrossBootHours: 24 }));
  clock.advance(30 * 60_000); // now 08:00: 7200 s elapsed

  // 300 cycles on resA (ideal 10 s) in the shift, plus 50 before it that must not count.
  await svc.committer.submit(() => svc.ingest.record(account, [{ resource_id: f.resA, delta: 300, seq: 1, timestamp: '2026-11-22T07:45:00Z' }]));
  await svc.committer.submit(() => svc.ingest.record(account, [{ resource_id: f.resA, delta: 50, seq: 2, timestamp: '2026-11-22T05:45:00Z' }]));
  // Quantities: 280 good, 15 scrap, 5 rework on an operation of the cell.
  const op = uuidv7();
  f.db.prepare("INSERT INTO operations (id, tenant_id, part_id, cell_id, operation_name, sequence, status) VALUES (?, ?, ?, ?, 'Turn', 1, 'in_progress')").run(op, f.tenantId, uuidv7(), f.cellA);
  tx(() =>
    record(f.outbox, {
      type: 'quantity.reported',
      actorId: null,
      payload: { quantity_id: uuidv7(), operation_id: op, quantities: { good: 280, scrap: 15, rework: 5, produced: 300, scrap_reasons: [] } },
    }),
  );

  const handlers = machineQueryHandlers({ db: f.db, clock, config, terminalCells: () => [f.cellA], service: () => svc });
  const standard = (await handlers['oee.live']({})).cells[0]!;
  expect(standard).toMatchObject({ cell_id: f.cellA, mode: 'standard', elapsed_s: 7200, planned_downtime_s: 900, unplanned_downtime_s: 1800, run_s: 4500, total_count: 300, good: 280 });
  expect(standard.availability).toBeCloseTo(4500 / 6300, 10);
  expect(standard.performance).toBeCloseTo(3000 / 4500, 10);
  expect(standard.quality).toBeCloseTo(280 / 300, 10);
  expect(standard.oee).toBeCloseTo((4500 / 6300) * (3000 / 4500) * (280 / 300), 10);

  const strict = (await handlers['oee.live']({ mode: 'strict' })).cells[0]!;
  expect(strict.availability).toBeCloseTo(4500 / 7200, 10);
  // Over the calendar window 05:00-08:00 (10800 s, 3600 idle): TEEP counts idle and planned time
  // as losses, strict only planned, standard neither.
  const from = '2026-11-22T05:00:00Z';
  const teep = (await handlers['oee.live']({ mode: 'teep', from })).cells[0]!;
  expect(teep).toMatchObject({ elapsed_s: 10_800, idle_s: 3600, run_s: 4500, total_count: 350 });
  expect(teep.availability).toBeCloseTo(4500 / 10_800, 10);
  expect((await handlers['oee.live']({ mode: 'strict', from })).cells[0]!.availability).toBeCloseTo(4500 / 7200, 10);
  expect((await handlers['oee.live']({ mode: 'standard', from })).cells[0]!.availability).toBeCloseTo(4500 / 6300, 10);

  // The status query shows each resource's last count and whether the API and MQTT are on.
  const status = await handlers['machine.status']({});
  expect(status).toMatchObject({ api_url: null, mqtt: { enabled: false, connected: false } });
  expect(status.resources).toEqual([expect.objectContaining({ resource_id: f.resA, cell_id: f.cellA, last_count_at: expect.any(String) })]);

  // The heartbeat reports the same figures as the query.
  expect(oeeForHeartbeat({ db: f.db, clock, config, terminalCells: () => [f.cellA] })).toEqual([standard]);

  // The cell's OEE site (pulled from the central) sets its mode; the terminal config is only the
  // fallback for a cell without a live site.
  const site = uuidv7();
  f.db.prepare("INSERT INTO oee_sites (id, tenant_id, name, availability_mode, oee_target) VALUES (?, ?, 'Plant 1', 'strict', 0.85)").run(site, f.tenantId);
  f.db.prepare('UPDATE cells SET oee_site_id = ? WHERE id = ?').run(site, f.cellA);
  const bySite = (await handlers['oee.live']({})).cells[0]!;
  expect(bySite.mode).toBe('strict');
  expect([standard.oee_target, bySite.oee_target]).toEqual([null, 0.85]);
  expect(bySite.availability).toBeCloseTo(4500 / 7200, 10);
  expect((await handlers['oee.live']({ mode: 'standard' })).cells[0]!.mode).toBe('standard'); // an explicit mode still wins
  f.db.prepare("UPDATE oee_sites SET deleted_at = '2026-11-22T07:59:00Z' WHERE id = ?").run(site);
  expect((await handlers['oee.live']({})).cells[0]!.mode).toBe('standard');
  await svc.stop();
  f.db.close();
});
