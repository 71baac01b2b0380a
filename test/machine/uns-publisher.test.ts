// Publishing the terminal's events to the plant broker (unified namespace) through a real broker:
// the seed's mqtt_publishers row gives the topic pattern, ISA-95 defaults and the event filter;
// every matching event arrives at least once with its event id, filtered ones never, and
// publishing resumes after a broker restart from its own outbox cursor with no event lost.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { machineConfig } from '../../electron/core/machine/config';
import { startMachineService } from '../../electron/core/machine/service';
import { brokerUrl } from '../../electron/core/machine/uns-publisher';
import { startDowntime } from '../../electron/core/downtime/stops';
import { record } from '../../electron/core/store/record';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { cleanTempDirs } from '../support/tmp';
import { startBroker, until } from './broker';
import { machineFixture } from './fixtures';

afterAll(() => cleanTempDirs());

it('builds the broker URL from the seed columns', () => {
  expect(brokerUrl({ broker_url: 'broker.plant.local', port: 8883, use_tls: 1 })).toBe('mqtts://broker.plant.local:8883');
  expect(brokerUrl({ broker_url: 'mqtt://10.0.0.5', port: null, use_tls: 0 })).toBe('mqtt://10.0.0.5');
});

it('publishes filtered events with their ids under the ISA-95 topic, across a broker restart', async () => {
  const broker = await startBroker();
  const f = machineFixture();
  f.db.prepare(
    `INSERT INTO mqtt_publishers (id, name, broker_url, port, topic_pattern, events, default_enterprise, default_site, default_area)
     VALUES (?, 'UNS', '127.0.0.1', ?, '{enterprise}/{site}/{area}/{cell}/{resource}/{event}', '["cycles.counted","downtime.*"]', 'acme', 'plant1', 'machining')`,
  ).run(uuidv7(), broker.port);

  const received = new Map<string, { topic: string; count: number }>();
  const sub: MqttClient = mqtt.connect(broker.url, { clientId: `uns-sub-${process.pid}`, clean: false, reconnectPeriod: 50 });
  sub.on('connect', () => sub.subscribe('acme/#', { qos: 1 }));
  sub.on('message', (topic, msg) => {
    const id = (JSON.parse(msg.toString()) as { event_id: string }).event_id;
    received.set(id, { topic, count: (received.get(id)?.count ?? 0) + 1 });
  });
  await until(() => sub.connected, 10_000, 'subscriber');

  const svc = await startMachineService({
    outbox: f.outbox,
    config: machineConfig({ api_enabled: false, group_window_ms: 0 }),
    terminalCells: () => null,
    watch: false,
    log: () => {},
  });
  const account = { machine_id: f.machineId, tenant_id: f.tenantId };
  let seq = 0;
  const countOnce = () => svc.committer.submit(() => svc.ingest.record(account, [{ resource_id: f.resA, delta: 1, seq: seq++ }]));
  const note = () =>
    f.db.transaction(() => record(f.outbox, { type: 'note.added', payload: { note_id: uuidv7(), cell_id: f.cellA, text: 'handover' }, actorId: null })).immediate();

  await until(() => svc.uns !== null && (f.db.prepare('SELECT count(*) AS n FROM machine_publish_cursor').get() as { n: number }).n === 1, 10_000, 'publisher');
  for (let i = 0; i < 5; i++) await countOnce();
  note();
  f.db.transaction(() => startDowntime(f.outbox, { cellId: f.cellA, resourceId: f.resA, source: 'operator', actorId: null })).immediate();
  svc.uns!.wake();
  await until(() => received.size === 6, 15_000, 'six events');

  // The broker goes away; the terminal keeps committing; everything arrives once it is back.
  await broker.stop();
  for (let i = 0; i < 5; i++) await countOnce();
  note();
  await broker.start();
  await until(() => received.size === 11, 30_000, 'events after the restart');

  const published = f.db
    .prepare("SELECT event_id, type FROM outbox WHERE type = 'cycles.counted' OR type LIKE 'downtime.%' ORDER BY device_seq")
    .all() as { event_id: string; type: string }[];
  expect(published).toHaveLength(11);
  for (const e of published) expect(received.has(e.event_id), e.type).toBe(true);
  const notes = (f.db.prepare("SELECT event_id FROM outbox WHERE type = 'note.added'").all() as { event_id: string }[]).map((r) => r.event_id);
  for (const n of notes) expect(received.has(n)).toBe(false);
  const counted = received.get(published[0]!.event_id)!;
  expect(counted.topic).toBe('acme/plant1/machining/Lathes/Lathe_1/cycles/counted');
  const stop = published.find((e) => e.type === 'downtime.started')!;
  expect(received.get(stop.event_id)!.topic).toBe('acme/plant1/machining/Lathes/Lathe_1/downtime/started');
  await until(
    () => (f.db.prepare('SELECT last_device_seq FROM machine_publish_cursor').get() as { last_device_seq: number }).last_device_seq ===
      (f.db.prepare('SELECT max(device_seq) AS m FROM outbox').get() as { m: number }).m,
    10_000,
    'cursor at the end',
  );
  sub.end(true);
  await svc.stop();
  f.db.close();
  await broker.close();
});
