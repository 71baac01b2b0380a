// MQTT ingestion over TLS and its reconnect backoff (issue 6.2). TLS: a broker (mosquitto when
// installed, else aedes over tls.createServer) with a self-signed certificate made here by openssl;
// the terminal trusts it through `tls.ca` and counts arrive, while a terminal without that CA
// refuses the broker and records nothing. Backoff: a listener that drops every connection shows
// the waits between attempts doubling from reconnect_min_ms up to reconnect_max_ms.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { machineConfig, type MachineConfigInput } from '../../electron/core/machine/config';
import { startMachineService, type MachineService } from '../../electron/core/machine/service';
import { freePort } from '../support/global-setup';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { startBroker, until, type BrokerTls } from './broker';
import { countEvents, machineFixture, type MachineFixture } from './fixtures';

afterAll(() => cleanTempDirs());

/** A self-signed certificate for 127.0.0.1 (it is its own CA). */
function selfSigned(): BrokerTls {
  const dir = tempDir('mqtt-tls-');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

async function mqttService(f: MachineFixture, mqttConfig: MachineConfigInput['mqtt'], logs: string[]): Promise<MachineService> {
  return startMachineService({
    outbox: f.outbox,
    config: machineConfig({ api_enabled: false, mqtt: mqttConfig }),
    terminalCells: () => null,
    watch: false,
    publish: false,
    log: (m, e) => logs.push(`${m} ${e instanceof Error ? e.message : ''}`),
  });
}

describe('MQTT over TLS', () => {
  it('counts through a TLS broker the terminal trusts, and refuses one it does not', async () => {
    const tls = selfSigned();
    const broker = await startBroker({ tls });
    const trusted = machineFixture();
    const untrusted = machineFixture();
    const logs: string[] = [];
    const untrustedLogs: string[] = [];
    const base = {
      enabled: true,
      url: broker.url,
      topic: 'acme/+/+/+/+/counts',
      bindings: [{ topic_resource: 'lathe-1', resource_id: trusted.resA, machine_id: trusted.machineId }],
      reconnect_min_ms: 50,
      reconnect_max_ms: 200,
    };
    const svc = await mqttService(trusted, { ...base, client_id: `tls-terminal-${process.pid}`, tls: { ca: tls.cert } }, logs);
    const other = await mqttService(
      untrusted,
      { ...base, client_id: `tls-untrusting-${process.pid}`, bindings: [{ topic_resource: 'lathe-1', resource_id: untrusted.resA, machine_id: untrusted.machineId }] },
      untrustedLogs,
    );
    const pub = mqtt.connect(broker.url, { clientId: `tls-plc-${process.pid}`, ca: tls.cert, reconnectPeriod: 50 });
    try {
      expect(broker.url).toMatch(/^mqtts:\/\//);
      await until(() => pub.connected && svc.mqtt!.connected, 15_000, 'TLS connections');
      await new Promise<void>((resolve, reject) =>
        pub.publish('acme/plant1/machining/lathes/lathe-1/counts', JSON.stringify({ delta: 4, seq: 1 }), { qos: 1 }, (e) => (e ? reject(e) : resolve())),
      );
      await until(() => countEvents(trusted.db).length === 1, 15_000, 'the count over TLS');
      expect(countEvents(trusted.db).map((e) => [e.machine_seq, e.delta])).toEqual([[1, 4]]);
      // Without the CA the certificate is not accepted: no connection, nothing recorded.
      await until(() => untrustedLogs.some((l) => /certificate/i.test(l)), 15_000, 'the certificate refusal');
      expect(other.mqtt!.connected).toBe(false);
      expect(countEvents(untrusted.db)).toEqual([]);
    } finally {
      pub.end(true);
      await svc.stop();
      await other.stop();
      trusted.db.close();
      untrusted.db.close();
      await broker.close();
    }
  });
});

describe('MQTT reconnect backoff', () => {
  it('waits longer after each failed attempt, doubling from the minimum up to the maximum', async () => {
    // A "broker" that accepts and drops every connection: each drop is one failed attempt.
    const attempts: number[] = [];
    const sockets = new Set<Socket>();
    const server = createServer((s) => {
      attempts.push(performance.now());
      s.destroy();
    });
    server.on('connection', (s) => sockets.add(s));
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const f = machineFixture();
    const min = 40;
    const max = 320;
    const svc = await mqttService(f, { enabled: true, url: `mqtt://127.0.0.1:${port}`, client_id: `backoff-${process.pid}`, reconnect_min_ms: min, reconnect_max_ms: max }, []);
    try {
      await until(() => attempts.length >= 8, 20_000, 'eight connection attempts');
      const gaps = attempts.slice(1, 8).map((t, i) => t - attempts[i]!);
      // Each wait is at least the backoff due (timers never fire early; 5 ms for clock granularity):
      // 40, 80, 160, 320, then capped at 320.
      const due = gaps.map((_, i) => Math.min(max, min * 2 ** i));
      gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(due[i]! - 5));
      // ... and the ceiling holds: once there, the waits stop growing (generous slack for a busy host).
      expect(Math.max(...gaps.slice(4))).toBeLessThan(max * 3);
      expect(svc.mqtt!.connected).toBe(false);
    } finally {
      await svc.stop();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      f.db.close();
    }
  });
});
