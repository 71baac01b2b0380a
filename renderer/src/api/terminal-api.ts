// Picks the one TerminalApi the renderer uses: the Electron preload's `window.terminal` when it is
// there, otherwise the browser-mode HTTP bridge with the token from index.html. Every call is
// wrapped so the connection store learns when the core goes away and comes back.
import type { TerminalApi } from '../../../shared/contract';
import { createHttpApi } from './http-client';
import { useConnection } from '../stores/connection-store';

declare global {
  interface Window {
    terminal?: TerminalApi;
  }
}

function readToken(): string {
  const meta = document.querySelector('meta[name="terminal-token"]');
  return meta?.getAttribute('content') ?? '';
}

function watch(api: TerminalApi): TerminalApi {
  const note = (r: { ok: boolean; error?: { code: string } }) => {
    useConnection.getState().report(!(r.ok === false && r.error?.code === 'unavailable'));
    return r;
  };
  return {
    command: async (name, input) => note(await api.command(name, input)) as never,
    query: async (name, input) => note(await api.query(name, input)) as never,
    subscribe: (name, listener) => api.subscribe(name, listener),
  };
}

let api: TerminalApi | null = null;

export function terminalApi(): TerminalApi {
  if (!api) {
    const base = window.terminal ?? createHttpApi({ baseUrl: '', token: readToken(), onTransport: (ok) => useConnection.getState().report(ok) });
    api = watch(base);
  }
  return api;
}
