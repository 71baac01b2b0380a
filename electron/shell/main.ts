// Electron main-process entry (bundled to dist/electron/main.cjs). Reads the configuration, and
// on a bad one shows the reason in a dialog instead of a window that never appears.
import electron from 'electron';
import { loadTerminalConfig } from '../core/host/terminal-config';
import { runShell } from './app';

try {
  runShell(loadTerminalConfig());
} catch (err) {
  const message = (err as Error).message;
  console.error(`terminal: cannot start: ${message}`);
  electron.app.whenReady().then(() => {
    electron.dialog.showErrorBox('Shop-floor terminal cannot start', message);
    electron.app.exit(1);
  }, () => electron.app.exit(1));
}
