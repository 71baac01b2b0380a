// The shell's lifecycle wiring, end to end below the Electron binary: runShell against the mocked
// `electron` module (test/shell/electron-mock.ts; the Electron binary cannot exist in this build
// environment), whose utilityProcess.fork runs the REAL host process over a real SQLite store.
// So an IPC message from the app's frame reaches the real core and its push comes back to the window.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HOST_ENTRY_TS } from '../../electron/core/host/node-host';
import { APP_ENTRY_URL } from '../../electron/shell/app-origin';
import { serveAppRequest } from '../../electron/shell/app-protocol';
import { runShell, type ShellHandle } from '../../electron/shell/app';
import { IPC_CHANNELS } from '../../shared/contract';
import { PINS } from '../support/local-fixtures';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { seededTerminal, type TerminalFixture } from '../launch/terminal-fixture';
import { FakeBrowserWindow, state } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

let term: TerminalFixture;
let shell: ShellHandle;
const paths = { preload: '/opt/app/preload.cjs', host: HOST_ENTRY_TS, errorPage: '/opt/app/error.html', icon: '/opt/app/icon.png', renderer: '' };

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const invoke = (channel: string, url: string, ...args: unknown[]) =>
  (state.ipcHandlers.get(channel) as unknown as (e: IpcMainInvokeEvent, ...a: unknown[]) => Promise<unknown>)(
    { senderFrame: { url, parent: null } } as unknown as IpcMainInvokeEvent,
    ...args,
  );

beforeAll(async () => {
  paths.renderer = tempDir('renderer-');
  writeFileSync(join(paths.renderer, 'index.html'), '<html><head></head><body></body></html>');
  term = await seededTerminal({ window: { mode: 'kiosk' } });
  shell = runShell(term.config, paths);
  state.app.fireReady();
  await until(() => FakeBrowserWindow.all.length === 1);
});

afterAll(async () => {
  await shell.host?.close();
  cleanTempDirs();
});

describe('shell wiring', () => {
  it('registers app:// as a secure standard scheme before ready, and keeps the display awake', () => {
    expect(state.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(state.protocolHandlers.has('app')).toBe(true);
    expect(state.powerSaveBlockers).toEqual(['prevent-display-sleep']);
    expect(state.app.sandboxEnabled).toBe(true);
    expect(state.applicationMenus).toEqual([null]); // no menu: no Reload / DevTools accelerators
  });

  it('opens one locked-down kiosk window on the app origin, shown when ready', () => {
    const win = FakeBrowserWindow.all[0]!;
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false, preload: paths.preload } });
    expect(win.loads).toEqual([APP_ENTRY_URL]);
    // web-contents-created applied the lockdown to this window's contents.
    expect(win.webContents.windowOpenHandler!({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
    expect(win.webContents.listenerCount('will-navigate')).toBe(1);
    expect(win.webContents.listenerCount('render-process-gone')).toBe(1);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
    expect(state.session.permissionRequest).not.toBeNull();
    expect(win.webContents.zoomLimits).toEqual([1, 1]);
  });

  it('a kiosk window cannot be closed except by quitting the app', () => {
    const win = FakeBrowserWindow.all[0]!;
    let prevented = false;
    win.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('relays IPC from the app frame to the core in the utility process, and refuses a foreign frame', async () => {
    const info = await invoke(IPC_CHANNELS.query, APP_ENTRY_URL, 'terminal.info', {});
    expect(info).toMatchObject({ ok: true, value: { device_id: term.fixture.deviceId } });
    expect(state.forked).toHaveLength(1);
    const foreign = await invoke(IPC_CHANNELS.command, 'https://evil.example/', 'session.login', { employee_id: term.fixture.employees.op1, pin: PINS.op1 });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'sender' } });
  }, 30_000);

  it('sends the core\'s push events to the app window', async () => {
    const win = FakeBrowserWindow.all[0]!;
    win.webContents.sent.length = 0;
    const login = await invoke(IPC_CHANNELS.command, APP_ENTRY_URL, 'session.login', { employee_id: term.fixture.employees.op1, pin: PINS.op1 });
    expect(login).toMatchObject({ ok: true });
    await until(() => win.webContents.sent.some((m) => m.args[0] === 'data.changed'));
    const push = win.webContents.sent.find((m) => m.args[0] === 'data.changed')!;
    expect(push.channel).toBe(IPC_CHANNELS.push);
    expect(push.args[1]).toMatchObject({ areas: expect.arrayContaining(['session']) });
  }, 30_000);

  it('a killed core is restarted and in-flight requests are answered, not left hanging', async () => {
    const first = state.forked[0]!;
    const inFlight = invoke(IPC_CHANNELS.command, APP_ENTRY_URL, 'session.login', { employee_id: term.fixture.employees.op2, pin: PINS.op2 });
    first.child.kill('SIGKILL');
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await until(() => shell.host?.status().state === 'ready' && state.forked.length === 2);
    expect(await invoke(IPC_CHANNELS.query, APP_ENTRY_URL, 'terminal.info', {})).toMatchObject({ ok: true });
  }, 30_000);

  it('a second launch does not open a second window', () => {
    state.app.singleInstance = false;
    const quitsBefore = state.app.quitCalls;
    runShell(term.config, paths);
    expect(state.app.quitCalls).toBe(quitsBefore + 1);
    expect(FakeBrowserWindow.all).toHaveLength(1);
    state.app.singleInstance = true;
  });

  it('quitting waits for the core host to close its store, then quits', async () => {
    const child = state.forked.at(-1)!.child;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const quitsBefore = state.app.quitCalls;
    let prevented = false;
    state.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(await exited).toBe(0); // SIGTERM → the host closed the store and exited cleanly
    let closePrevented = false;
    FakeBrowserWindow.all[0]!.emit('close', { preventDefault: () => (closePrevented = true) });
    expect(closePrevented).toBe(false); // quitting: the kiosk window may close now
    await until(() => state.app.quitCalls === quitsBefore + 1);
    state.app.emit('before-quit', { preventDefault: () => expect.fail('the second quit must not be held') });
  }, 30_000);
});

describe('app:// protocol', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('renderer-');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<html><head></head><body></body></html>');
    writeFileSync(join(dir, 'assets', 'a.css'), 'body{}');
  });

  it('serves the renderer with the CSP and the default locale, and nothing outside it', async () => {
    const index = await serveAppRequest('app://terminal/index.html', { rendererDir: dir, locale: 'de' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await index.text()).toContain('<meta name="terminal-locale" content="de">');
    const css = await serveAppRequest('app://terminal/assets/a.css', { rendererDir: dir, locale: 'de' });
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await serveAppRequest('app://terminal/assets/../../etc/passwd.txt', { rendererDir: dir, locale: 'en' })).status).toBe(404);
    expect((await serveAppRequest('app://terminal/%2e%2e/%2e%2e/x.txt', { rendererDir: dir, locale: 'en' })).status).toBe(404);
    expect((await serveAppRequest('app://other/index.html', { rendererDir: dir, locale: 'en' })).status).toBe(404);
  });
});
