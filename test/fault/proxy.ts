// A fault-injecting TCP proxy for the harness, placed between a terminal and Postgres. It can drop
// every live connection, delay traffic, partition (black-hole or refuse new connections), and cut
// a connection after the central committed but before the terminal reads the answer: armed, it
// swallows the first server→client bytes that follow a client request mentioning a marker (e.g.
// "terminal_push") and destroys the connection. In autocommit the server only answers after the
// function's transaction committed, so that is exactly "committed, response lost".
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type PartitionMode = 'none' | 'blackhole' | 'refuse';

export interface FaultProxy {
  port: number;
  /** postgres URL `target` rewritten to go through the proxy. */
  url(target: string): string;
  dropAll(): void;
  setDelay(ms: number): void;
  partition(mode: PartitionMode): void;
  /** Cut the next response to a request containing `marker`; resolves when it fired. */
  cutAfterCommit(marker: string): Promise<void>;
  /** Disarms a cut that has not fired. */
  cancelCut(): void;
  readonly stats: { connections: number; drops: number; cuts: number };
  close(): Promise<void>;
}

export async function startFaultProxy(targetHost: string, targetPort: number): Promise<FaultProxy> {
  const live = new Set<{ client: Socket; server: Socket }>();
  let delayMs = 0;
  let mode: PartitionMode = 'none';
  let cut: { marker: string; fired: () => void } | null = null;
  const stats = { connections: 0, drops: 0, cuts: 0 };

  const later = (fn: () => void) => (delayMs > 0 ? setTimeout(fn, delayMs) : fn());

  const server: Server = createServer((client) => {
    stats.connections++;
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = connect({ host: targetHost, port: targetPort });
    const pair = { client, server: upstream };
    live.add(pair);
    let armed = false;
    const end = () => {
      live.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.on('data', (chunk: Buffer) => {
      if (mode === 'blackhole') return;
      if (cut && chunk.includes(cut.marker)) armed = true;
      later(() => upstream.write(chunk));
    });
    upstream.on('data', (chunk: Buffer) => {
      if (mode === 'blackhole') return;
      if (armed && cut) {
        const c = cut;
        cut = null;
        stats.cuts++;
        end();
        c.fired();
        return;
      }
      later(() => client.write(chunk));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const dropAll = () => {
    for (const p of [...live]) {
      stats.drops++;
      p.client.destroy();
      p.server.destroy();
      live.delete(p);
    }
  };

  return {
    port,
    url(target) {
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    dropAll,
    setDelay(ms) {
      delayMs = ms;
    },
    partition(m) {
      mode = m;
      if (m !== 'none') dropAll();
    },
    cutAfterCommit(marker) {
      return new Promise<void>((resolve) => {
        cut = { marker, fired: resolve };
      });
    },
    cancelCut() {
      cut = null;
    },
    stats,
    async close() {
      dropAll();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
