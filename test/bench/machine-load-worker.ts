// Load generator for machine.bench.ts, run in a worker thread so the 20 simulated machines do not
// share the event loop of the terminal they are measuring. workerData: url, key, resource, clients,
// durationMs. Posts back every latency (ms) and the count of 202 answers.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, key, resource, clients, durationMs } = workerData as { url: string; key: string; resource: string; clients: number; durationMs: number };
const u = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: clients });

function post(body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: u.hostname, port: u.port, path: '/api/v1/cycle-counts', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latencies: number[] = [];
let acked = 0;
let other = 0;
const started = performance.now();
const end = started + durationMs;
await Promise.all(
  Array.from({ length: clients }, async (_, m) => {
    for (let i = 0; performance.now() < end; i++) {
      const t = performance.now();
      const status = await post(JSON.stringify({ resource_id: resource, delta: 1, seq: m * 10_000_000 + i }));
      if (status === 202) {
        latencies.push(performance.now() - t);
        acked++;
      } else other++;
    }
  }),
);
agent.destroy();
parentPort!.postMessage({ latencies, acked, other, elapsedMs: performance.now() - started });
