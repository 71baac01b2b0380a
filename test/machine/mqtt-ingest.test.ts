// MQTT ingestion through a real broker (mosquitto when installed, else aedes): ISA-95 and
// Sparkplug B-style topics, the same validation as HTTP, de-duplication of duplicate deliveries
// by sequence, and reconnection after a broker restart.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineConfig } from '../../electron/core/machine/config';
import { startMachineService, type MachineService } from '../../electron/core/machine/service';
import { cleanTempDirs } from '../support/tmp';
import { startBroker, until, type TestBroker } from './broker';
import { countEvents, machineFixture, type MachineFixture } from './fixtures';

let broker: TestBroker;
let f: MachineFixture;
let svc: MachineService;
let pub: MqttClient;
const logs: string[] = [];

beforeAll(async () => {
  broker = await startBroker();
  f = machineFixture();
  svc = await startMachineService({
    outbox: f.outbox,
    config: machineConfig({
      api_enabled: false,
      mqtt: {
        enabled: true,
        url: broker.url,
        client_id: `terminal-${process.pid}`,
        topic: 'acme/+/+/+/+/counts',
        sparkplug: { count_metric: 'Cycles', count_kind: 'counter' },
        bindings: [
          { topic_resource: 'lathe-1', resource_id: f.resA, machine_id: f.machineId },
          { topic_resource: 'press-7', resource_id: f.resB, machine_id: f.machineId },
        ],
        reconnect_min_ms: 50,
        reconnect_max_ms: 400,
      },
    }),
    terminalCells: () => null,
    watch: false,
    publish: false,
    log: (m) => logs.push(m),
  });
  pub = mqtt.connect(broker.url, { clientId: `plc-${process.pid}`, reconnectPeriod: 50 });
  await until(() => pub.connected && svc.mqtt!.connected, 15_000, 'connections');
});
afterAll(async () => {
  pub.end(true);
  await svc.stop();
  f.db.close();
  await broker.close();
  cleanTempDirs();
});

const send = (topic: string, body: unknown) =>
  new Promise<void>((resolve, reject) => pub.publish(topic, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 }, (e) => (e ? reject(e) : resolve())));
const lathe = 'acme/plant1/machining/lathes/lathe-1/counts';
const seqs = () => countEvents(f.db).map((e) => e.machine_seq);

describe('MQTT ingestion', () => {
  it(`counts JSON on an ISA-95 topic at QoS 1 (${process.env.SHOPFLOOR_TEST_AEDES ? 'aedes' : 'broker of this host'})`, async () => {
    await send(lathe, { delta: 2, seq: 1 });
    await send(lathe, [{ delta: 1, seq: 2 }, { delta: 1, seq: 3 }]);
    await until(() => seqs().length === 3, 15_000, 'three counts');
    expect(countEvents(f.db).map((e) => [e.machine_seq, e.delta, e.resource_id])).toEqual([[1, 2, f.resA], [2, 1, f.resA], [3, 1, f.resA]]);
  });

  it('counts a duplicate delivery once', async () => {
    await send(lathe, { delta: 5, seq: 10 });
    await send(lathe, { delta: 5, seq: 10 });
    await send(lathe, { delta: 5, seq: 10 });
    await send(lathe, { delta: 1, seq: 11 }); // processed in order: once it is in, the replays were handled
    await until(() => seqs().includes(11), 15_000, 'seq 11');
    expect(seqs().filter((s) => s === 10)).toHaveLength(1);
  });

  it('refuses invalid messages through the same validation as HTTP and keeps going', async () => {
    const before = seqs().length;
    const refused = svc.mqtt!.refused;
    await send(lathe, 'not json');
    await send(lathe, { delta: -1, seq: 20 });
    await send(lathe, { delta: 'many', seq: 21 });
    await send(lathe, { delta: 1, seq: 22, resource_id: f.resB });
    await send('acme/plant1/machining/lathes/unknown-machine/counts', { delta: 1, seq: 23 });
    await send(lathe, { delta: 1, seq: 24 });
    await until(() => seqs().includes(24), 15_000, 'seq 24');
    expect(seqs().length).toBe(before + 1);
    expect(svc.mqtt!.refused - refused).toBe(5);
    expect(logs.some((l) => /delta/.test(l))).toBe(true);
    expect(logs.some((l) => /unknown-machine/.test(l))).toBe(true);
  });

  it('maps a Sparkplug B-style DDATA count metric by configuration', async () => {
    const t = Date.UTC(2026, 0, 1);
    await send('spBv1.0/plant1/DDATA/edge-1/press-7', { timestamp: t, metrics: [{ name: 'Cycles', value: 100 }, { name: 'Temp', value: 40 }] });
    await send('spBv1.0/plant1/DDATA/edge-1/press-7', { timestamp: t + 1000, metrics: [{ name: 'Cycles', value: 105 }] });
    await send('spBv1.0/plant1/DDATA/edge-1/press-7', { timestamp: t + 1000, metrics: [{ name: 'Cycles', value: 105 }] }); // replay
    await until(() => countEvents(f.db).filter((e) => e.resource_id === f.resB).length === 2, 15_000, 'sparkplug counts');
    expect(countEvents(f.db).filter((e) => e.resource_id === f.resB).map((e) => e.delta)).toEqual([0, 5]);
  });

  it('acknowledges only after the commit: a count the store failed to write is redelivered and counted once', async () => {
    f.db.exec(`CREATE TABLE fail_switch (on_ INTEGER);
      INSERT INTO fail_switch VALUES (1);
      CREATE TRIGGER fail_count BEFORE INSERT ON machine_counts WHEN NEW.delta = 666 AND (SELECT count(*) FROM fail_switch) > 0
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
    await send(lathe, { delta: 666, seq: 40 });
    await until(() => logs.some((l) => /store failure/.test(l)), 15_000, 'the store failure');
    expect(seqs()).not.toContain(40);
    f.db.exec('DELETE FROM fail_switch');
    // No PUBACK was sent, so the broker delivers the message again after the reconnect.
    await until(() => seqs().includes(40), 20_000, 'the redelivered count');
    expect(seqs().filter((s) => s === 40)).toHaveLength(1);
    f.db.exec('DROP TRIGGER fail_count; DROP TABLE fail_switch');
  });

  it('reconnects after a broker restart and keeps counting', async () => {
    await broker.stop();
    await until(() => !svc.mqtt!.connected, 15_000, 'disconnect');
    await broker.start();
    await until(() => svc.mqtt!.connected && pub.connected, 20_000, 'reconnect');
    // The subscription is renewed on every connect, so counts flow again.
    await send(lathe, { delta: 1, seq: 30 });
    await send(lathe, { delta: 1, seq: 30 });
    await until(() => seqs().includes(30), 20_000, 'seq 30 after restart');
    expect(seqs().filter((s) => s === 30)).toHaveLength(1);
    expect(f.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
