// The terminal process that the kill tests SIGKILL at random points. It runs the real core (PIN
// login, note.add and quantity.report commands, each ONE SQLite transaction) and the real sync
// engine pushing concurrently, and prints "ACK <event_id>" for every event of a command only after
// that command's commit returned, i.e. exactly what an operator would have seen confirmed.
// Bundled once with esbuild (see kill-harness.ts), because node start-up dominates 200+ kills.
import { openLocalStore } from '../../db/local/open';
import { systemClock } from '../../electron/core/clock';
import { createCore } from '../../electron/core/core';
import { createSyncEngine } from '../../electron/core/sync/engine';

interface ChildConfig {
  dbFile: string;
  employeeId: string;
  pin: string;
  cellId: string;
  operationId: string;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const out = (line: string) => process.stdout.write(`${line}\n`);

const db = openLocalStore(cfg.dbFile);
const clock = systemClock();
const core = createCore({ db, clock, contract: 'core', config: { session: { idle_check_ms: 0 } } });
const engine = createSyncEngine({ db, clock, appVersion: 'kill-child', pollMs: 100, backoff: { baseMs: 50, maxMs: 500 }, watchdogMs: 5000 });
core.onPush((name) => {
  if (name === 'data.changed') engine.notify();
});

async function main() {
  // Reference data (profiles, cells, operations) arrives by pull; the first start needs it.
  while ((db.prepare('SELECT count(*) AS n FROM profiles').get() as { n: number }).n === 0) await engine.syncNow();
  engine.start();
  const login = await core.command('session.login', { employee_id: cfg.employeeId, pin: cfg.pin });
  if (!login.ok) throw new Error(`login: ${login.error.message}`);
  for (const e of core.lastEvents()) out(`ACK ${e.event_id}`);
  out('READY');
  for (let i = 0; ; i++) {
    const r =
      i % 3 === 2
        ? await core.command('quantity.report', { operation_id: cfg.operationId, good: 1, scrap: 0, rework: 0 })
        : await core.command('note.add', { cell_id: cfg.cellId, text: `note ${i}` });
    if (r.ok) for (const e of core.lastEvents()) out(`ACK ${e.event_id}`);
    else out(`REFUSED ${r.error.code} ${r.error.message}`);
    // Let the sync engine's pushes interleave with commands, as in the real process.
    await new Promise((res) => setTimeout(res, i % 10 === 0 ? 5 : 0));
  }
}

main().catch((err: unknown) => {
  out(`ERROR ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
