// The local machine API on node:http (issue 6). Order of checks is deliberate and cheap-first:
// route, load shedding, auth, media type, size; the body is only parsed once all of them pass, and
// a count is only acknowledged (202) after the group transaction holding it has committed.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type Database from 'better-sqlite3';
import { bearerKey, type KeyCache } from './auth';
import { parseCounts } from './count-schema';
import { invalid, MachineError, parseJsonOrRefuse } from './errors';
import type { GroupCommitter } from './group-commit';
import type { CountIngest } from './ingest';
import type { MachineConfig } from './config';
import { openApiDocument } from './openapi';

export interface MachineHttpDeps {
  db: Database.Database;
  ingest: CountIngest;
  committer: GroupCommitter;
  config: MachineConfig;
  /** Verified keys (the service clears it when a pull changes keys or accounts). */
  keys: KeyCache;
  /** Where store failures are reported (never the machine's business beyond "internal"). */
  log?: (msg: string, err?: unknown) => void;
}

export interface MachineHttpServer {
  server: Server;
  url: string;
  /** Open client connections (each can have one request waiting for a commit at a time). */
  readonly connections: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, err: MachineError, headers: Record<string, string> = {}): void {
  send(res, err.status, err.toBody(), headers);
}

/** Reads the body up to `limit` bytes; past it, stops keeping bytes and reports 413. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      if (!over) chunks.push(c);
    });
    req.on('end', () => (over ? reject(tooLarge(limit)) : resolve(Buffer.concat(chunks))));
    // A client that hangs up mid-upload is its own problem, not a store failure.
    req.on('error', () => reject(invalid('body', 'the upload was interrupted')));
  });
}

const tooLarge = (limit: number) => new MachineError(413, 'payload_too_large', `the body is larger than ${limit} bytes`, 'body');

export function createMachineHttpServer(deps: MachineHttpDeps): Server {
  const { config } = deps;
  const log = deps.log ?? ((m: string, e?: unknown) => console.error(`[machine-api] ${m}`, e ?? ''));
  const { keys } = deps;

  async function postCounts(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Shed before doing any work: a 429 costs nothing and tells the machine when to come back.
    if (deps.committer.depth >= config.shed_queue_depth) {
      req.resume();
      return sendError(res, new MachineError(429, 'overloaded', `the terminal is busy; retry in ${config.shed_retry_after_s} s`), {
        'retry-after': String(config.shed_retry_after_s),
      });
    }
    const account = keys.authenticate(bearerKey(req.headers.authorization));
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json')
      throw new MachineError(415, 'unsupported_media_type', 'send the counts as application/json', 'Content-Type');
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > config.body_limit_bytes) throw tooLarge(config.body_limit_bytes);
    const raw = await readBody(req, config.body_limit_bytes);
    const parsed = parseJsonOrRefuse(raw, 'body');
    const counts = parseCounts(parsed, config.max_counts_per_request);
    const idemHeader = req.headers['idempotency-key'];
    let idem: { key: string; hash: string } | undefined;
    if (idemHeader !== undefined) {
      const key = Array.isArray(idemHeader) ? idemHeader[0]! : idemHeader;
      if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw invalid('Idempotency-Key', 'must be 1 to 200 visible ASCII characters');
      idem = { key, hash: createHash('sha256').update(raw).digest('hex') };
    }
    const answer = await deps.ingest.submit(deps.committer, account, counts, idem);
    send(res, 202, answer);
  }

  return createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    const handle = async () => {
      if (url === '/api/v1/cycle-counts') {
        if (req.method !== 'POST') throw new MachineError(405, 'method_not_allowed', 'use POST', 'method');
        return postCounts(req, res);
      }
      req.resume();
      if (req.method !== 'GET') throw new MachineError(405, 'method_not_allowed', 'use GET', 'method');
      if (url === '/api/v1/health') return send(res, 200, { status: 'ok', queue_depth: deps.committer.depth, time: new Date().toISOString() });
      if (url === '/api/v1/openapi.json') return send(res, 200, openApiDocument());
      throw new MachineError(404, 'not_found', `no such endpoint: ${url}`, 'path');
    };
    handle().catch((err: unknown) => {
      if (res.headersSent) return;
      if (err instanceof MachineError) {
        // Whatever of the body is still coming is read and dropped; Connection: close after a
        // refusal mid-upload so the socket is not reused in an unknown state.
        const closing = !req.complete;
        if (closing) req.resume();
        return sendError(res, err, closing ? { connection: 'close' } : {});
      }
      log('store failure; the request was not acknowledged', err);
      send(res, 503, { error: { code: 'internal', message: 'the count was not stored; retry it (nothing was written)' } });
    });
  });
}

/** Starts the API on the configured host and port (0 = any free port, for tests). */
export async function listenMachineHttp(deps: MachineHttpDeps): Promise<MachineHttpServer> {
  const server = createMachineHttpServer(deps);
  server.keepAliveTimeout = 30_000;
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections++;
    socket.once('close', () => connections--);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.config.port, deps.config.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    server,
    url: `http://${host}:${port}`,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
