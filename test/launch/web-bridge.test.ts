// The browser-mode bridge, over real HTTP (fetch) against a real terminal runtime (SQLite on
// disk, the real core): index.html carries the token, the token is required, unknown names are
// 404, bad JSON is 400, commands and queries return the core's Result, and SSE delivers pushes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTerminalRuntime, type TerminalRuntime } from '../../electron/core/host/terminal-runtime';
import { startWebBridge, type WebBridge } from '../../electron/launch/web-bridge';
import { PINS } from '../support/local-fixtures';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { seededTerminal, type TerminalFixture } from './terminal-fixture';

let term: TerminalFixture;
let runtime: TerminalRuntime;
let bridge: WebBridge;
let rendererDir: string;
let secretFile: string;

function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  term = await seededTerminal();
  runtime = await startTerminalRuntime(term.config, { log: () => {} });
  rendererDir = tempDir('renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script type="module" src="/assets/app.js"></script></body></html>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  secretFile = join(tempDir('outside-'), 'secret.txt');
  writeFileSync(secretFile, 'secret');
  bridge = await startWebBridge({ backend: runtime, port: 0, rendererDir, locale: 'nl' });
});

afterAll(async () => {
  await bridge?.close();
  await runtime?.close();
  cleanTempDirs();
});

const api = (path: string, init: RequestInit = {}) => fetch(new URL(path, bridge.url), init);
const post = (path: string, body: string | undefined, token: string | null = bridge.token) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token === null ? {} : { 'x-terminal-token': token }) }, ...(body === undefined ? {} : { body }) });

describe('web bridge', () => {
  it('binds loopback and answers health', async () => {
    expect(bridge.host).toBe('127.0.0.1');
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await api('/api/health');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true });
  });

  it('serves index.html with the run token and locale, with the CSP', async () => {
    const r = await api('/');
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain(`<meta name="terminal-token" content="${bridge.token}">`);
    expect(html).toContain('<meta name="terminal-locale" content="nl">');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('cache-control')).toBe('no-store');
    const js = await api('/assets/app.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toBe('console.log("app")');
  });

  it('answers the browser\'s unprompted favicon request without an error', async () => {
    expect((await api('/favicon.ico')).status).toBe(204);
    expect((await api('/missing.js')).status).toBe(404);
  });

  it('never serves files outside the renderer directory', async () => {
    // Raw request paths (fetch would normalise the dots away before sending).
    const rel = relative(rendererDir, secretFile);
    const encoded = rel.split('/').map((s) => (s === '..' ? '%2e%2e' : s)).join('/');
    for (const p of [`/${rel}`, `/${encoded}`, `/${rel.replaceAll('/', '%2f')}`, `/assets/../${rel}`, '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%5c..%5cetc%5cpasswd']) {
      const { status, body } = await rawGet(p);
      expect(body, p).not.toContain('secret');
      expect(body, p).not.toContain('root:');
      // The URL parser folds %2e%2e segments away, so some of these become app routes: those get
      // the app's index.html, which is fine; anything else is a 404.
      if (status === 200) expect(body, p).toContain('name="terminal-token"');
      else expect(status, p).toBe(404);
    }
  });

  it('requires the token: missing or wrong is 401 with a Result error', async () => {
    for (const token of [null, '', 'wrong', bridge.token + 'x']) {
      const r = await post('/api/query/terminal.info', '{}', token);
      expect(r.status, String(token)).toBe(401);
      expect(await r.json()).toMatchObject({ ok: false, error: { code: 'not_authenticated', field: 'X-Terminal-Token' } });
    }
    const sse = await api('/api/events?token=wrong');
    expect(sse.status).toBe(401);
  });

  it('unknown names are 404 with a Result naming the field', async () => {
    for (const path of ['/api/command/no.such.command', '/api/query/no.such.query', '/api/command/__proto__', '/api/command/terminal.info']) {
      const r = await post(path, '{}');
      expect(r.status, path).toBe(404);
      expect(await r.json()).toMatchObject({ ok: false, error: { code: 'not_found', field: 'name' } });
    }
  });

  it('bad JSON is 400 and changes nothing', async () => {
    const before = runtime.db.prepare('SELECT count(*) AS n FROM outbox').get();
    const r = await post('/api/command/session.login', '{"employee_id": "E001", "pin": ');
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'validation', field: 'body' } });
    expect(runtime.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual(before);
  });

  it('relays queries and commands to the core and returns its Result, refusals included', async () => {
    const info = await post('/api/query/terminal.info', '{}');
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ ok: true, value: { device_id: term.fixture.deviceId } });
    const bad = await post('/api/command/session.login', JSON.stringify({ employee_id: term.fixture.employees.op1, pin: '12' }));
    expect(bad.status).toBe(200);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'validation', field: 'pin' } });
  });

  it('delivers push events over SSE', async () => {
    const frames: string[] = [];
    const url = new URL(`/api/events?token=${encodeURIComponent(bridge.token)}`, bridge.url);
    const gotPush = new Promise<void>((resolve, reject) => {
      const req = request(url, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk: string) => {
          buf += chunk;
          let at: number;
          while ((at = buf.indexOf('\n\n')) !== -1) {
            frames.push(buf.slice(0, at));
            buf = buf.slice(at + 2);
          }
          if (frames.some((f) => f.startsWith('event: data.changed'))) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', (e) => (e.message.includes('aborted') || e.message.includes('socket hang up') ? undefined : reject(e)));
      req.end();
      // Log in once the stream is open: the login commits session.opened and pushes data.changed.
      setTimeout(() => {
        void post('/api/command/session.login', JSON.stringify({ employee_id: term.fixture.employees.op1, pin: PINS.op1 })).then(async (r) => {
          expect(await r.json()).toMatchObject({ ok: true });
        }, reject);
      }, 100);
    });
    await gotPush;
    const push = frames.find((f) => f.startsWith('event: data.changed'))!;
    const data = JSON.parse(push.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as { areas: string[] };
    expect(data.areas).toContain('session');
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: bridge.port, path: '/', headers: { Host: `evil.example:${bridge.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('methods other than POST are refused on the API', async () => {
    const r = await api('/api/query/terminal.info', { headers: { 'x-terminal-token': bridge.token } });
    expect(r.status).toBe(405);
  });
});
