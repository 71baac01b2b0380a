// IPC sender validation and the preload's typed API. `electron` is mocked (test/shell/electron-mock.ts):
// the Electron binary cannot exist in this build environment.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { isTrustedSender } from '../../electron/shell/sender-validation';
import { registerIpcRelay } from '../../electron/shell/ipc-relay';
import { buildTerminalApi, type PreloadIpc } from '../../electron/preload/terminal-api';
import { IPC_CHANNELS, commands, queries } from '../../shared/contract';
import { startTerminalRuntime, type TerminalRuntime } from '../../electron/core/host/terminal-runtime';
import { PINS } from '../support/local-fixtures';
import { cleanTempDirs } from '../support/tmp';
import { seededTerminal, type TerminalFixture } from '../launch/terminal-fixture';
import { ipcMain, state } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

const top = (url: string) => ({ url, parent: null });

describe('isTrustedSender', () => {
  it('accepts only the main frame of the app origin', () => {
    expect(isTrustedSender(top('app://terminal/index.html'))).toBe(true);
    expect(isTrustedSender(top('app://terminal/'))).toBe(true);
  });

  it('refuses foreign origins, file pages, sub-frames and gone frames', () => {
    expect(isTrustedSender(top('https://evil.example/'))).toBe(false);
    expect(isTrustedSender(top('file:///opt/terminal/resources/app.asar/dist/renderer/index.html'))).toBe(false);
    expect(isTrustedSender(top('app://evil/index.html'))).toBe(false);
    expect(isTrustedSender(top('app://user:pw@terminal/'))).toBe(false);
    expect(isTrustedSender(top('not a url'))).toBe(false);
    expect(isTrustedSender({ url: 'app://terminal/index.html', parent: top('app://terminal/index.html') as never })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('IPC relay (to a real in-process terminal runtime)', () => {
  let runtime: TerminalRuntime;
  let term: TerminalFixture;
  beforeAll(async () => {
    term = await seededTerminal();
    runtime = await startTerminalRuntime(term.config, { log: () => {}, sync: false });
    registerIpcRelay(ipcMain as unknown as IpcMain, runtime, { log: () => {} });
  });
  afterAll(async () => {
    await runtime.close();
    cleanTempDirs();
  });
  const outboxCount = () => (runtime.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  const login = () => ({ employee_id: term.fixture.employees.op1, pin: PINS.op1 });
  const invoke = (channel: string, frame: unknown, ...args: unknown[]) =>
    (state.ipcHandlers.get(channel) as unknown as (e: IpcMainInvokeEvent, ...a: unknown[]) => Promise<unknown>)({ senderFrame: frame } as IpcMainInvokeEvent, ...args);

  it('refuses a foreign frame, a sub-frame and a gone frame before anything reaches the core', async () => {
    const before = outboxCount();
    expect(await invoke(IPC_CHANNELS.command, top('https://evil.example/'), 'session.login', login())).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'sender' } });
    const sub = { url: 'app://terminal/index.html', parent: top('app://terminal/') };
    expect(await invoke(IPC_CHANNELS.command, sub, 'session.login', login())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(IPC_CHANNELS.command, null, 'session.login', login())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(outboxCount()).toBe(before);
  });

  it('refuses names the contract does not have, naming the field', async () => {
    for (const name of ['nope.nothing', '__proto__', 'constructor', 42]) {
      const r = await invoke(IPC_CHANNELS.command, top('app://terminal/index.html'), name, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'not_found', field: 'name' } });
    }
    // A query name sent as a command is unknown too.
    expect(await invoke(IPC_CHANNELS.command, top('app://terminal/index.html'), 'terminal.info', {})).toMatchObject({ ok: false, error: { field: 'name' } });
  });

  it('relays a contract name from the app main frame to the core', async () => {
    const before = outboxCount();
    expect(await invoke(IPC_CHANNELS.query, top('app://terminal/index.html'), 'terminal.info', {})).toMatchObject({ ok: true, value: { device_id: term.fixture.deviceId } });
    expect(await invoke(IPC_CHANNELS.command, top('app://terminal/index.html'), 'session.login', login())).toMatchObject({ ok: true });
    expect(outboxCount()).toBe(before + 1); // session.opened
  });
});

describe('preload API', () => {
  function fakeIpc() {
    const calls: unknown[][] = [];
    const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
    const ipc: PreloadIpc = {
      invoke: async (...args) => {
        calls.push(args);
        return { ok: true, value: 'from main' };
      },
      on: (ch, l) => (listeners.get(ch) ?? listeners.set(ch, new Set()).get(ch)!).add(l as never),
      removeListener: (ch, l) => listeners.get(ch)?.delete(l as never),
    };
    const emit = (ch: string, ...args: unknown[]) => listeners.get(ch)?.forEach((l) => l({ sender: 'secret ipc event' }, ...args));
    return { ipc, calls, emit, listeners };
  }

  it('exposes exactly command, query and subscribe, frozen', () => {
    const api = buildTerminalApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual(['command', 'query', 'subscribe']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends contract names on the contract channels and refuses others locally', async () => {
    const { ipc, calls } = fakeIpc();
    const api = buildTerminalApi(ipc) as unknown as { command(n: string, i: unknown): Promise<unknown>; query(n: string, i: unknown): Promise<unknown> };
    const name = Object.keys(commands)[0]!;
    expect(await api.command(name, { a: 1 })).toEqual({ ok: true, value: 'from main' });
    expect(calls).toEqual([[IPC_CHANNELS.command, name, { a: 1 }]]);
    expect(await api.command('made.up', {})).toMatchObject({ ok: false, error: { code: 'not_found', field: 'name' } });
    expect(calls).toHaveLength(1);
  });

  it('turns a failed invoke into an unavailable Result instead of a rejection', async () => {
    const api = buildTerminalApi({ ...fakeIpc().ipc, invoke: () => Promise.reject(new Error('main went away')) });
    const r = await api.query(Object.keys(queries)[0]! as never, {} as never);
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('delivers only the subscribed push, without the IPC event, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = buildTerminalApi(ipc);
    const got: unknown[][] = [];
    const off = api.subscribe('data.changed', (...args: unknown[]) => got.push(args));
    emit(IPC_CHANNELS.push, 'data.changed', { areas: ['queue'] });
    emit(IPC_CHANNELS.push, 'other.event', { x: 1 });
    expect(got).toEqual([[{ areas: ['queue'] }]]);
    // Many subscriptions share one IPC listener.
    const offs = Array.from({ length: 20 }, () => api.subscribe('data.changed', () => {}));
    expect(listeners.get(IPC_CHANNELS.push)?.size).toBe(1);
    off();
    offs.forEach((o) => o());
    emit(IPC_CHANNELS.push, 'data.changed', { areas: ['after'] });
    expect(got).toEqual([[{ areas: ['queue'] }]]);
    expect(() => api.subscribe('no.such.push' as never, () => {})).toThrow(/no push event/);
  });
});
