// Serves the built renderer on app://terminal/ . Registered as a standard, secure scheme so the
// page gets a real origin (needed for the sender and permission checks) and a secure context
// (needed for getUserMedia). Only files inside dist/renderer can be reached.
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentTypeOf, injectMeta, resolveRendererFile } from '../launch/renderer-files';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { SECURITY_HEADERS } from './csp';

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: Vite emits <script type="module" crossorigin>, which Chromium fetches in CORS
    // mode; without it a custom scheme's module scripts are blocked.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
  ]);
}

export interface AppProtocolOptions {
  rendererDir: string;
  /** Default language for the renderer, as <meta name="terminal-locale">. */
  locale: string;
}

export async function serveAppRequest(requestUrl: string, opts: AppProtocolOptions): Promise<Response> {
  const url = new URL(requestUrl);
  const file = url.host === APP_HOST ? resolveRendererFile(opts.rendererDir, url.pathname) : null;
  if (!file) return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' } });
  const headers = { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file), 'Cache-Control': 'no-cache' };
  if (file.endsWith('index.html')) {
    const html = injectMeta(await readFile(file, 'utf8'), { 'terminal-locale': opts.locale });
    return new Response(html, { status: 200, headers });
  }
  return new Response(await readFile(file), { status: 200, headers });
}

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, opts: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, opts));
}
