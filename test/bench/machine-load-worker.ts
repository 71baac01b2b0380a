// Load generator for machine.bench.ts, run in a worker thread so the 20 simulated machines do not
// share the event loop of the terminal they are measuring. workerData: url, key, resource, clients,
// durationMs. Posts back every latency (ms) and the count of 202 answers.
//
// Each machine is one keep-alive TCP connection speaking plain HTTP/1.1: it writes one complete
// request (real Bearer key, one count, its own next sequence number) and waits for the whole
// answer before sending the next, as a PLC would. The client is a few lines over node:net rather
// than node:http's Agent because it shares the 2 cores with the terminal it measures: the machines'
// own overhead should not be what limits the figure. It still parses every answer (status line,
// Content-Length, body) and refuses anything it does not understand.
import { connect, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { url, key, resource, clients, durationMs } = workerData as { url: string; key: string; resource: string; clients: number; durationMs: number };
const u = new URL(url);
const host = u.hostname.replace(/^\[|\]$/g, '');
const port = Number(u.port);

function requestFor(seq: number): string {
  const body = JSON.stringify({ resource_id: resource, delta: 1, seq });
  return (
    `POST /api/v1/cycle-counts HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\n` +
    `Authorization: Bearer ${key}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** One machine: sends counts back to back until `end`, each after the previous answer. */
function machine(m: number, end: number, onAnswer: (status: number, ms: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port, noDelay: true });
    let buf: Buffer = Buffer.alloc(0);
    let i = 0;
    let sentAt = 0;
    const send = () => {
      sentAt = performance.now();
      socket.write(requestFor(m * 10_000_000 + i++));
    };
    socket.once('connect', send);
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const headEnd = buf.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = buf.subarray(0, headEnd).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(head);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!status || !length) return reject(new Error(`unexpected answer: ${head.slice(0, 200)}`));
      const total = headEnd + 4 + Number(length[1]);
      if (buf.length < total) return; // the body is still coming
      if (buf.length > total) return reject(new Error('an answer arrived that was never asked for'));
      buf = Buffer.alloc(0);
      onAnswer(Number(status[1]), performance.now() - sentAt);
      if (performance.now() < end && !/\r\nconnection: *close/i.test(head)) send();
      else socket.end(resolve);
    });
    socket.on('error', reject);
  });
}

const latencies: number[] = [];
let acked = 0;
let other = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: clients }, (_, m) =>
    machine(m, started + durationMs, (status, ms) => {
      if (status === 202) {
        latencies.push(ms);
        acked++;
      } else other++;
    }),
  ),
);
parentPort!.postMessage({ latencies, acked, other, elapsedMs: performance.now() - started });
