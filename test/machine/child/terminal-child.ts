// A terminal core reduced to its machine API, run as a child process so the recovery test can
// SIGKILL it mid-stream. argv: <db file> <device id> <cell id>. Prints the API's URL on stdout.
import { openLocalStore } from '../../../db/local/open';
import { systemClock } from '../../../electron/core/clock';
import { machineConfig } from '../../../electron/core/machine/config';
import { startMachineService } from '../../../electron/core/machine/service';

const [file, deviceId, cellId] = process.argv.slice(2) as [string, string, string];
const db = openLocalStore(file);
const svc = await startMachineService({
  outbox: { db, deviceId, clock: systemClock() },
  config: machineConfig({ port: 0 }),
  terminalCells: () => [cellId],
  log: () => {},
});
process.stdout.write(`${svc.http!.url}\n`);
