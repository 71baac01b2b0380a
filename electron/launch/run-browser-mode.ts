// Runs browser mode in the foreground for a launcher: prints the URL and why it is in the
// browser, stops everything cleanly on Ctrl-C / SIGTERM, and exits non-zero with the reason when
// it cannot start (a bad config key, a port in use, a central that does not answer).
import { startBrowserMode, type CentralChoice } from './browser-mode';
import { ensureRendererBuilt } from './renderer-build';

export async function runBrowserModeUntilStopped(opts: { central: CentralChoice; why: string }): Promise<void> {
  const log = (line: string) => console.log(line);
  try {
    ensureRendererBuilt(log);
    const mode = await startBrowserMode({ central: opts.central, log });
    log('');
    log(`Shop-floor terminal: ${opts.why}`);
    log(`  open ${mode.url}`);
    log(`  data: ${mode.config.dataDir}   bridge: ${mode.config.bridge.host} (loopback unless configured)`);
    if (mode.central) log('  demo people and PINs: db/demo/CREDENTIALS.md');
    log('  Ctrl-C stops it.');
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      log('stopping ...');
      mode.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (err) {
    console.error(`terminal: cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
}
