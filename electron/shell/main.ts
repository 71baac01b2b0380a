// Electron main-process entry (bundled to dist/electron/main.cjs). Reads the configuration, and
// on a bad one shows the reason in a dialog instead of a window that never appears.
import { join } from 'node:path';
import electron from 'electron';
import { loadTerminalConfig } from '../core/host/terminal-config';
import { runShell } from './app';

try {
  // Packaged: data under the OS's per-user app data directory unless configured (the working
  // directory of a kiosk session is not a place to keep the store). Development: .data/terminal.
  const defaultDataDir = electron.app.isPackaged ? join(electron.app.getPath('userData'), 'terminal') : undefined;
  runShell(loadTerminalConfig(defaultDataDir ? { defaultDataDir } : {}));
  // SIGTERM/SIGINT (systemd stopping the session, Ctrl-C in development) quit the app properly,
  // which lets the core host close the store first.
  process.on('SIGTERM', () => electron.app.quit());
  process.on('SIGINT', () => electron.app.quit());
} catch (err) {
  const message = (err as Error).message;
  console.error(`terminal: cannot start: ${message}`);
  electron.app.whenReady().then(() => {
    electron.dialog.showErrorBox('Shop-floor terminal cannot start', message);
    electron.app.exit(1);
  }, () => electron.app.exit(1));
}
