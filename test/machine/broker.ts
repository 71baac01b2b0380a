// A real MQTT broker for the machine suites: Debian's `mosquitto` when it is installed (with
// persistence, so a restart keeps sessions and queued QoS 1 messages like a plant broker), else
// `aedes` in-process on a TCP port, whose "restart" drops the listener and every connection while
// keeping its in-memory persistence. Either way the clients see a broker that goes away and comes back.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
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

export async function startBroker(): Promise<TestBroker> {
  const port = await freePort();
  if (hasMosquitto()) {
    const dir = tempDir('mosquitto-');
    const conf = join(dir, 'mosquitto.conf');
    writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location ${dir}/\nautosave_interval 1\n`);
    let proc: ChildProcess | null = null;
    const b: TestBroker = {
      kind: 'mosquitto',
      port,
      url: `mqtt://127.0.0.1:${port}`,
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
    url: `mqtt://127.0.0.1:${port}`,
    async start() {
      server = createServer((s) => {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
        broker.handle(s);
      });
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
