// A real MQTT broker for the machine suites: Debian's `mosquitto` when it is installed (with
// persistence, so a restart keeps sessions and queued QoS 1 messages like a plant broker), else
// `aedes` in-process on a TCP port, whose "restart" drops the listener and every connection while
// keeping its in-memory persistence. Either way the clients see a broker that goes away and comes back.
// With `tls` (a PEM certificate and key) the broker listens for MQTT over TLS only (`mqtts://`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { freePort } from '../support/global-setup';
import { tempDir } from '../support/tmp';

export interface TestBroker {
  kind: 'mosquitto' | 'aedes';
  port: number;
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const hasMosquitto = () => !process.env.SHOPFLOOR_TEST_AEDES && spawnSync('sh', ['-c', 'command -v mosquitto']).status === 0;

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
      s.connect(port, '127.0.0.1');
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`broker did not listen on ${port}`);
}

export interface BrokerTls {
  cert: string;
  key: string;
}

export async function startBroker(opts: { tls?: BrokerTls } = {}): Promise<TestBroker> {
  const port = await freePort();
  const url = `${opts.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`;
  if (hasMosquitto()) {
    const dir = tempDir('mosquitto-');
    const conf = join(dir, 'mosquitto.conf');
    let tlsLines = '';
    if (opts.tls) {
      // Readable by the unprivileged user mosquitto drops to when started as root (a throwaway
      // test certificate; the directory is the test's own).
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, 'cert.pem'), opts.tls.cert, { mode: 0o644 });
      writeFileSync(join(dir, 'key.pem'), opts.tls.key, { mode: 0o644 });
      tlsLines = `certfile ${dir}/cert.pem\nkeyfile ${dir}/key.pem\n`;
    }
    writeFileSync(conf, `listener ${port} 127.0.0.1\n${tlsLines}allow_anonymous true\npersistence true\npersistence_location ${dir}/\nautosave_interval 1\n`);
    let proc: ChildProcess | null = null;
    const b: TestBroker = {
      kind: 'mosquitto',
      port,
      url,
      async start() {
        proc = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
        await waitForPort(port);
      },
      async stop() {
        const p = proc;
        proc = null;
        if (!p || p.exitCode !== null) return;
        await new Promise<void>((resolve) => {
          p.once('exit', () => resolve());
          p.kill('SIGTERM'); // mosquitto saves its persistence on a clean stop
        });
      },
      close: () => b.stop(),
    };
    await b.start();
    return b;
  }
  const broker = await Aedes.createBroker();
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  const b: TestBroker = {
    kind: 'aedes',
    port,
    url,
    async start() {
      const onSocket = (s: Socket) => {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
        broker.handle(s);
      };
      server = opts.tls ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, onSocket) : createServer(onSocket);
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async stop() {
      const s = server;
      server = null;
      for (const sock of sockets) sock.destroy();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async close() {
      await b.stop();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
  await b.start();
  return b;
}

export { until } from '../support/until';
