// Keeps the terminal's host process alive and relays requests to it. The Electron shell spawns the
// host as a utilityProcess; tests and other parents can spawn it with child_process.fork. Either
// way the rules are the same:
// - a dead host is restarted with exponential backoff (a crash loop must not spin the CPU);
// - every request in flight when the host dies is answered 'unavailable' at once, never left
//   hanging: a kiosk that freezes on a tap is worse than one that says "try again";
// - a request that gets no answer within the timeout is answered 'unavailable' too.
// A command in flight when the host died may or may not have committed (it commits before it
// answers), so the error says so: the operator checks the screen, which re-reads the store.
import type { Result } from '../../../shared/contract';
import type { PushListener, TerminalBackend } from './backend';
import { unavailableResult, type RequestKind } from './contract-names';
import { parseHostMessage, type HostRequest } from './protocol';

/** What the supervisor needs of a child process, whichever API created it. */
export interface HostChild {
  send(msg: HostRequest): void;
  onMessage(listener: (msg: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface SupervisorStatus {
  state: 'starting' | 'ready' | 'waiting_to_restart' | 'stopped';
  restarts: number;
  lastError: string | null;
}

export interface SupervisorOptions {
  spawn: () => HostChild;
  /** First restart delay; doubles per consecutive failure up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A host that stays ready this long resets the backoff. */
  stableAfterMs?: number;
  /** How long a request waits for an answer (including for a starting host to become ready). */
  requestTimeoutMs?: number;
  onStatus?: (status: SupervisorStatus) => void;
}

export interface HostSupervisor extends TerminalBackend {
  status(): SupervisorStatus;
}

interface Pending {
  resolve: (r: Result<unknown>) => void;
  timer: NodeJS.Timeout;
  request: HostRequest;
  sent: boolean;
}

export function superviseHost(opts: SupervisorOptions): HostSupervisor {
  const initialBackoff = opts.initialBackoffMs ?? 500;
  const maxBackoff = opts.maxBackoffMs ?? 30_000;
  const stableAfter = opts.stableAfterMs ?? 30_000;
  const requestTimeout = opts.requestTimeoutMs ?? 30_000;

  const listeners = new Set<PushListener>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let child: HostChild | null = null;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  let exited: Promise<void> = Promise.resolve();
  let stableTimer: NodeJS.Timeout | null = null;
  const st: SupervisorStatus = { state: 'starting', restarts: 0, lastError: null };

  const setState = (state: SupervisorStatus['state']) => {
    st.state = state;
    opts.onStatus?.({ ...st });
  };

  const settle = (id: number, result: Result<unknown>) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(result);
  };

  // A send to a child that just died throws or is lost; either way its exit settles the request.
  const sendTo = (c: HostChild, p: Pending) => {
    p.sent = true;
    try {
      c.send(p.request);
    } catch {
      /* the exit handler answers it */
    }
  };

  const flushQueued = () => {
    for (const p of pending.values()) if (!p.sent && child) sendTo(child, p);
  };

  const start = () => {
    restartTimer = null;
    setState('starting');
    let current: HostChild;
    try {
      current = opts.spawn();
    } catch (err) {
      onChildGone(`could not start the host process: ${(err as Error).message}`);
      return;
    }
    child = current;
    let markExited: () => void = () => {};
    exited = new Promise((r) => (markExited = r));
    current.onMessage((raw) => {
      if (child !== current) return;
      const msg = parseHostMessage(raw);
      if (!msg) return;
      if (msg.type === 'ready') {
        setState('ready');
        stableTimer = setTimeout(() => (failures = 0), stableAfter);
        flushQueued();
        // After a restart the screen may show what the dead host last said: everything is re-read
        // ('*' = every area; the renderer's query store re-runs all its queries).
        if (st.restarts > 0) for (const l of listeners) l('data.changed', { areas: ['*'] });
      } else if (msg.type === 'response') {
        settle(msg.id, msg.result);
      } else if (msg.type === 'push') {
        for (const l of listeners) l(msg.name, msg.payload);
      } else {
        st.lastError = msg.message;
      }
    });
    current.onExit((code) => {
      markExited();
      if (child !== current) return;
      onChildGone(st.lastError ?? `the host process exited with code ${String(code)}`);
    });
  };

  const onChildGone = (reason: string) => {
    child = null;
    if (stableTimer) clearTimeout(stableTimer);
    st.lastError = reason;
    // Everything in flight gets an answer now. Sent commands may have committed: say so.
    for (const [id, p] of pending) {
      settle(
        id,
        unavailableResult(
          p.sent && p.request.kind === 'command'
            ? `it stopped while handling this command (${reason}). The command may have been saved; check the screen before repeating it.`
            : `it stopped (${reason}). It is restarting; try again in a moment.`,
        ),
      );
    }
    if (st.state === 'stopped') return;
    const delay = Math.min(maxBackoff, initialBackoff * 2 ** failures);
    failures++;
    st.restarts++;
    setState('waiting_to_restart');
    restartTimer = setTimeout(start, delay);
  };

  start();

  return {
    status: () => ({ ...st }),
    request(kind: RequestKind, name: string, input: unknown): Promise<Result<unknown>> {
      if (st.state === 'stopped') return Promise.resolve(unavailableResult('the terminal is shutting down.'));
      if (st.state === 'waiting_to_restart') {
        return Promise.resolve(unavailableResult(`it is restarting after an error (${st.lastError ?? 'unknown'}); try again in a moment.`));
      }
      const id = nextId++;
      const request: HostRequest = { type: 'request', id, kind, name, input };
      return new Promise((resolve) => {
        const timer = setTimeout(
          () => settle(id, unavailableResult(`no answer within ${requestTimeout} ms; try again in a moment.`)),
          requestTimeout,
        );
        const p: Pending = { resolve, timer, request, sent: false };
        pending.set(id, p);
        // A starting host gets the request once it says ready; it would not be listening yet.
        if (st.state === 'ready' && child) sendTo(child, p);
      });
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      setState('stopped');
      if (restartTimer) clearTimeout(restartTimer);
      if (stableTimer) clearTimeout(stableTimer);
      const c = child;
      child = null;
      for (const id of [...pending.keys()]) settle(id, unavailableResult('the terminal is shutting down.'));
      if (c) {
        c.kill();
        // Give the host its chance to close the store cleanly; a SIGTERM handler does that.
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
      }
    },
  };
}
