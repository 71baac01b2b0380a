// The browser-mode bridge client: TerminalApi over HTTP + SSE, to the protocol the shell's bridge
// serves (POST /api/command/<name>, POST /api/query/<name>, GET /api/events SSE). Every failure
// comes back as a Result, never a throw, so a screen can keep its form and show the reason.
// A transport failure is reported as code 'unavailable' so the app shows its "core unreachable"
// screen and keeps retrying instead of going blank.
import type { z } from 'zod';
import type { CommandError, PushEventName, PushEvents, Result, TerminalApi } from '../../../shared/contract';

export interface HttpApiOptions {
  /** Origin of the bridge, '' for same origin. */
  baseUrl: string;
  token: string;
  /** Called whenever the transport is seen working (true) or failing (false). */
  onTransport?: (reachable: boolean) => void;
}

function unavailable(message: string): { ok: false; error: CommandError } {
  return { ok: false, error: { code: 'unavailable', message } };
}

function isResult(v: unknown): v is Result<unknown> {
  if (typeof v !== 'object' || v === null || !('ok' in v)) return false;
  const r = v as { ok: unknown; error?: unknown };
  return r.ok === true || (r.ok === false && typeof r.error === 'object' && r.error !== null);
}

export function createHttpApi(opts: HttpApiOptions): TerminalApi {
  const report = (ok: boolean) => opts.onTransport?.(ok);

  async function call(kind: 'command' | 'query', name: string, input: unknown): Promise<Result<unknown>> {
    let res: Response;
    try {
      res = await fetch(`${opts.baseUrl}/api/${kind}/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-terminal-token': opts.token },
        body: JSON.stringify(input ?? {}),
      });
    } catch (e) {
      report(false);
      return unavailable(`core unreachable: ${e instanceof Error ? e.message : String(e)}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      report(res.status < 500);
      return unavailable(`core answered ${res.status} without a result`);
    }
    report(true);
    if (isResult(body)) return body;
    return { ok: false, error: { code: 'internal', message: `core answered ${res.status} with an unexpected body` } };
  }

  // One EventSource for all listeners; it reconnects by itself after a drop.
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  function ensureSource(name: string): void {
    if (!source) {
      source = new EventSource(`${opts.baseUrl}/api/events?token=${encodeURIComponent(opts.token)}`);
      source.onopen = () => report(true);
      source.onerror = () => report(false);
    }
    if (listeners.has(name)) return;
    const set = new Set<(payload: unknown) => void>();
    listeners.set(name, set);
    source.addEventListener(name, (ev) => {
      let payload: unknown;
      try {
        payload = JSON.parse((ev as MessageEvent<string>).data);
      } catch {
        return; // a malformed push is dropped; the next data.changed re-queries anyway
      }
      for (const l of set) l(payload);
    });
  }

  return {
    command: (name, input) => call('command', name, input) as never,
    query: (name, input) => call('query', name, input) as never,
    subscribe<N extends PushEventName>(name: N, listener: (payload: z.output<PushEvents[N]>) => void) {
      ensureSource(name);
      const set = listeners.get(name)!;
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
