// Entry of the terminal host process (bundled to dist/electron/host.cjs; the Electron shell runs
// it in a utilityProcess, tests fork it with Node). It starts the runtime from the config its
// parent passed in the environment, answers requests, forwards pushes, and closes the store
// cleanly on SIGTERM or when the parent goes away. A start-up failure is reported to the parent
// as 'fatal' with the reason, then the process exits non-zero so the supervisor's backoff applies.
import { connectParentPort } from './parent-port';
import { HOST_CONFIG_ENV } from './protocol';
import { serveBackend } from './serve-backend';
import { loadTerminalConfig, parseTerminalConfig } from './terminal-config';
import { startTerminalRuntime, type TerminalRuntime } from './terminal-runtime';

async function main(): Promise<void> {
  const port = connectParentPort();
  let runtime: TerminalRuntime;
  try {
    const raw = process.env[HOST_CONFIG_ENV];
    const config = raw ? parseTerminalConfig(JSON.parse(raw)) : loadTerminalConfig();
    runtime = await startTerminalRuntime(config);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    console.error(`terminal host: cannot start: ${message}`);
    port.post({ type: 'fatal', message });
    // Let the message leave before exiting.
    setTimeout(() => process.exit(1), 100);
    return;
  }
  serveBackend(runtime, port);
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    runtime.close().then(
      () => process.exit(code),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  // A Node parent that dies closes the IPC channel; with nobody to serve, shut down cleanly.
  process.on('disconnect', () => stop(0));
  port.post({ type: 'ready' });
}

void main();
