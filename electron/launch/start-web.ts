// `npm run start:web`: the terminal in a browser at a printed local URL. The same core and the
// same renderer as the Electron app, over the local bridge (loopback by default). Without a
// configured central it brings up the demo central, like `npm start`.
import { loadTerminalConfig } from '../core/host/terminal-config';
import { runBrowserModeUntilStopped } from './run-browser-mode';

const configured = loadTerminalConfig().centralUrl !== null;
void runBrowserModeUntilStopped({
  central: configured ? { kind: 'configured' } : { kind: 'embedded-demo' },
  why: configured ? 'browser mode against the configured central.' : 'browser mode with the demo central (no centralUrl configured).',
});
