// Browser mode's bridge: serves the built renderer and relays the typed API over HTTP, for
// development and the end-to-end suite. The protocol (the renderer's bridge client speaks exactly
// this):
//   GET  /                      index.html with <meta name="terminal-token"> (a per-run random token)
//   POST /api/command/<name>    JSON body = input, header X-Terminal-Token → 200 + Result JSON
//   POST /api/query/<name>      same
//   GET  /api/events?token=…    text/event-stream, `event: <push name>\ndata: <json>\n\n`
//   GET  /api/health            {ok:true}
// Unknown name → 404, bad JSON → 400, missing/wrong token → 401, all with a Result error body.
// Security: it binds loopback by default; the token keeps other local pages and processes from
// driving the terminal (a custom header cannot be sent cross-origin without a CORS preflight,
// which is never granted); the Host check stops DNS rebinding from reading the token out of
// index.html while bound to loopback.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Result } from '../../shared/contract';
import type { TerminalBackend } from '../core/host/backend';
import { failure, isContractName, isPushName, unknownNameResult, type RequestKind } from '../core/host/contract-names';
import { SECURITY_HEADERS } from '../shell/csp';
import { contentTypeOf, injectMeta, RENDERER_DIR, resolveRendererFile } from './renderer-files';

export interface WebBridgeOptions {
  backend: TerminalBackend;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  rendererDir?: string;
  /** Fixed token (tests); by default a fresh random one per run. */
  token?: string;
  /** Default language, injected as <meta name="terminal-locale">. */
  locale?: string;
  /** Largest accepted request body; issue photos travel base64 in commands. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface WebBridge {
  url: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const HEARTBEAT_MS = 15_000;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, result: Result<never>): void {
  sendJson(res, status, result);
}

function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  // Hash both sides so the compare is constant-time whatever the lengths.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function hostAllowed(req: IncomingMessage, boundHost: string, port: number): boolean {
  if (!LOOPBACK.has(boundHost)) return true; // deliberately exposed: the token is the only guard
  const header = req.headers.host;
  if (!header) return false;
  const url = new URL(`http://${header}`);
  return LOOPBACK.has(url.hostname) && Number(url.port || 80) === port;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startWebBridge(opts: WebBridgeOptions): Promise<WebBridge> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = opts.rendererDir ?? RENDERER_DIR;
  const maxBody = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  const log = opts.log ?? (() => {});
  const streams = new Set<ServerResponse>();
  let boundPort = 0;

  const unsubscribe = opts.backend.onPush((name, payload) => {
    if (!isPushName(name)) return;
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload ?? null)}\n\n`;
    for (const s of streams) s.write(frame);
  });

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    if (path === '/api/health') {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (path === '/api/events') {
      if (req.method !== 'GET') return sendError(res, 405, failure({ code: 'validation', field: 'method', message: 'Use GET for /api/events.' }));
      if (!tokenMatches(token, url.searchParams.get('token'))) {
        return sendError(res, 401, failure({ code: 'not_authenticated', field: 'token', message: 'The events stream needs ?token= with this run\'s terminal token.' }));
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', ...SECURITY_HEADERS });
      res.write(': connected\n\n');
      streams.add(res);
      // A comment line now and then keeps proxies and idle timeouts from closing the stream.
      const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      req.on('close', () => {
        clearInterval(beat);
        streams.delete(res);
      });
      return;
    }
    const match = /^\/api\/(command|query)\/([^/]+)$/.exec(path);
    if (!match) return sendError(res, 404, failure({ code: 'not_found', field: 'path', message: `No API route ${path}.` }));
    const kind = match[1] as RequestKind;
    let name: string;
    try {
      name = decodeURIComponent(match[2]!);
    } catch {
      return sendError(res, 404, unknownNameResult(kind, match[2]));
    }
    if (req.method !== 'POST') return sendError(res, 405, failure({ code: 'validation', field: 'method', message: `Use POST for /api/${kind}/<name>.` }));
    if (!tokenMatches(token, req.headers['x-terminal-token'] as string | undefined)) {
      return sendError(res, 401, failure({ code: 'not_authenticated', field: 'X-Terminal-Token', message: 'Missing or wrong X-Terminal-Token header.' }));
    }
    if (!isContractName(kind, name)) return sendError(res, 404, unknownNameResult(kind, name));
    const body = await readBody(req, maxBody);
    if (body === 'too_large') {
      return sendError(res, 413, failure({ code: 'validation', field: 'body', message: `The request body is larger than ${maxBody} bytes.` }));
    }
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch (err) {
        return sendError(res, 400, failure({ code: 'validation', field: 'body', message: `The request body is not valid JSON: ${(err as Error).message}` }));
      }
    }
    const result = await opts.backend.request(kind, name, input);
    sendJson(res, 200, result);
  };

  const handleStatic = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    const file = resolveRendererFile(rendererDir, url.pathname);
    if (!file && url.pathname === '/favicon.ico') {
      // Browsers ask for it unprompted; "no icon" is an answer, not an error in the console.
      res.writeHead(204, SECURITY_HEADERS).end();
      return;
    }
    if (!file) {
      if (resolveRendererFile(rendererDir, '/') === null) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
        res.end(`The renderer is not built (no index.html in ${rendererDir}). Run \`npm run build\` first.\n`);
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Not found\n');
      return;
    }
    if (file.endsWith('index.html')) {
      const meta: Record<string, string> = { 'terminal-token': token };
      if (opts.locale) meta['terminal-locale'] = opts.locale;
      const html = injectMeta(readFileSync(file, 'utf8'), meta);
      res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Cache-Control': 'no-cache', ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  };

  const server: Server = createServer((req, res) => {
    if (!hostAllowed(req, host, boundPort)) {
      sendError(res, 421, failure({ code: 'forbidden', field: 'Host', message: 'This bridge only answers requests addressed to loopback.' }));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://bridge.invalid');
    const work = url.pathname.startsWith('/api/') ? handleApi(req, res, url) : Promise.resolve(handleStatic(req, res, url));
    work.catch((err: unknown) => {
      log(`web bridge: ${req.method} ${url.pathname} failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendError(res, 500, failure({ code: 'internal', message: `The bridge failed: ${(err as Error).message}` }));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;
  if (!LOOPBACK.has(host)) log(`warning: the bridge listens on ${host}, beyond this machine; only the per-run token guards the terminal.`);
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${boundPort}/`,
    host,
    port: boundPort,
    token,
    async close() {
      unsubscribe();
      for (const s of streams) s.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
