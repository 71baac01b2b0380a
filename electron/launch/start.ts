// `npm start`: the kiosk in demo mode. The embedded central with the demo plant (the same one
// `npm run central` runs), a demo terminal enrolled against it, and the Electron window where an
// Electron binary exists. Where none does (as in this build environment, which cannot download
// it), it serves the same kiosk in browser mode, prints the URL and says why.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCentral } from '../../db/central/cli/ensure-central';
import { loadTerminalConfig } from '../core/host/terminal-config';
import { DEMO_TERMINAL_DATA_DIR } from './browser-mode';
import { bundleElectron } from './bundle-electron';
import { prepareDemoTerminal } from './demo-terminal';
import { findElectronBinary } from './electron-binary';
import { ensureRendererBuilt } from './renderer-build';
import { runBrowserModeUntilStopped } from './run-browser-mode';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function startElectron(binary: string): Promise<void> {
  const log = (line: string) => console.log(line);
  ensureRendererBuilt(log);
  await bundleElectron();
  const env = { ...process.env };
  env.SHOPFLOOR_DATA_DIR ??= DEMO_TERMINAL_DATA_DIR;
  // A developer's screen is not a kiosk: windowed unless asked for kiosk/fullscreen.
  env.SHOPFLOOR_WINDOW_MODE ??= 'windowed';
  const config = loadTerminalConfig({ env });
  const central = await ensureCentral({ log: () => {} });
  const demo = await prepareDemoTerminal({ adminUrl: central.url, dataDir: config.dataDir, log });
  env.SHOPFLOOR_CENTRAL_URL = demo.centralUrl;
  env.SHOPFLOOR_TERMINAL_NAME = demo.terminalName;
  if (demo.enrollmentCode) env.SHOPFLOOR_ENROLLMENT_CODE = demo.enrollmentCode;
  log(`central: demo plant on ${new URL(central.url).host}; people and PINs: db/demo/CREDENTIALS.md`);
  const child = spawn(binary, [root], { stdio: 'inherit', env });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => {
    void central.stop().finally(() => process.exit(code ?? 0));
  });
}

const binary = findElectronBinary();
if (binary.path) {
  startElectron(binary.path).catch((err: unknown) => {
    console.error(`terminal: cannot start: ${(err as Error).message}`);
    process.exit(1);
  });
} else {
  console.log(`No Electron window: ${binary.reason}`);
  console.log('Serving the same kiosk in browser mode instead.');
  void runBrowserModeUntilStopped({ central: { kind: 'embedded-demo' }, why: 'demo mode in the browser (no Electron binary on this machine).' });
}
