// The Electron shell's lifecycle: one instance, the kiosk window, lockdown, the core host in a
// utilityProcess, the IPC relay, crash recovery and keeping the display awake. It holds no
// business logic: everything the operator does goes through the relay to the host.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import electron from 'electron';
import type { BrowserWindow as BrowserWindowType } from 'electron';
import { superviseHost, type HostSupervisor } from '../core/host/host-supervisor';
import type { TerminalConfig } from '../core/host/terminal-config';
import { RENDERER_DIR } from '../launch/renderer-files';
import { APP_ENTRY_URL } from './app-origin';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { forwardPushEvents, registerIpcRelay } from './ipc-relay';
import { lockDownContents, lockDownSession } from './lockdown';
import { watchRendererCrashes, watchUnresponsive } from './renderer-recovery';
import { spawnUtilityHost } from './utility-host';
import { createTerminalWindow } from './window-options';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the bundled files sit next to main.cjs (see electron/launch/bundle-electron.ts). */
export const SHELL_PATHS = {
  preload: resolve(here, 'preload.cjs'),
  host: resolve(here, 'host.cjs'),
  errorPage: resolve(here, '../../resources/error.html'),
  icon: resolve(here, '../../resources/icon.png'),
  renderer: RENDERER_DIR,
};

export interface ShellHandle {
  window(): BrowserWindowType | null;
  host: HostSupervisor | null;
}

export function runShell(config: TerminalConfig, paths = SHELL_PATHS): ShellHandle {
  const { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session, utilityProcess } = electron;
  const packaged = app.isPackaged;
  const handle: ShellHandle = { window: () => null, host: null };

  // A second kiosk window on the same terminal would double every tap; the second launch only
  // brings the first one forward.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return handle;
  }

  // Every renderer sandboxed, whatever a window's own options say.
  app.enableSandbox();
  registerAppScheme(protocol);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, { packaged }));

  let win: BrowserWindowType | null = null;
  let quitting = false;
  handle.window = () => win;

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  void app.whenReady().then(() => {
    powerSaveBlocker.start('prevent-display-sleep');
    // The default menu carries Reload and Toggle Developer Tools accelerators; a kiosk has no menu.
    if (packaged || config.window.mode !== 'windowed') Menu.setApplicationMenu(null);
    handleAppProtocol(protocol, { rendererDir: paths.renderer, locale: config.locale });
    lockDownSession(session.defaultSession, { packaged });

    const host = superviseHost({
      spawn: () => spawnUtilityHost((m, a, o) => utilityProcess.fork(m, a, o), paths.host, config),
    });
    handle.host = host;
    registerIpcRelay(ipcMain, host);
    forwardPushEvents(host, () => BrowserWindow.getAllWindows());

    win = createTerminalWindow(BrowserWindow, { ...config.window, preloadPath: paths.preload, packaged, iconPath: paths.icon });
    const current = win;
    current.once('ready-to-show', () => current.show());
    // No pinch zoom on a touchscreen: a stray two-finger gesture must not rescale the kiosk.
    void current.webContents.setVisualZoomLevelLimits(1, 1);
    // In kiosk mode the window cannot be closed from the keyboard (Alt+F4); the app ends when it
    // is told to quit (the OS session stopping it sends SIGTERM).
    if (config.window.mode === 'kiosk') {
      current.on('close', (event) => {
        if (!quitting) event.preventDefault();
      });
    }
    const showErrorPage = () => void current.loadFile(paths.errorPage);
    const loadApp = () => void current.loadURL(APP_ENTRY_URL);
    watchRendererCrashes(current.webContents, { reload: loadApp, showErrorPage });
    watchUnresponsive(current);
    if (existsSync(join(paths.renderer, 'index.html'))) loadApp();
    else {
      console.error(`terminal: the renderer is missing (${paths.renderer}/index.html); showing the error page.`);
      showErrorPage();
    }
    current.on('closed', () => (win = null));
  });

  app.on('window-all-closed', () => app.quit());
  // Quit waits for the host to close the store (it finishes the command in hand first).
  let hostClosed = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (hostClosed || !handle.host) return;
    event.preventDefault();
    void handle.host.close().finally(() => {
      hostClosed = true;
      app.quit();
    });
  });
  return handle;
}
