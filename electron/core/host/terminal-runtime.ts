// One running terminal: the local store, the core, and the services around it (the machine API,
// sync), composed in one process and exposed as a TerminalBackend. The Electron shell runs this
// in a utilityProcess (host-process.ts); browser mode and tests run it in-process. Either way
// this is the only place the pieces are put together, so Electron and the browser get the same
// terminal.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openLocalStore } from '../../../db/local/open';
import { systemClock, type Clock } from '../clock';
import { terminalIdentity } from '../context';
import { createCore, type Core, type CoreServices } from '../core';
import { machineConfig } from '../machine/config';
import { startMachineService, type MachineService } from '../machine/service';
import type { TerminalBackend } from './backend';
import type { TerminalConfig } from './terminal-config';

export const STORE_FILE = 'terminal.db';
/** How often open time entries are checked against the ghost-timer limit and shift end. */
const GHOST_SWEEP_MS = 5 * 60_000;

export interface RuntimeOptions {
  clock?: Clock;
  log?: (line: string) => void;
}

export interface TerminalRuntime extends TerminalBackend {
  readonly core: Core;
  readonly db: Database.Database;
  readonly machine: MachineService | null;
  readonly storePath: string;
}

export async function startTerminalRuntime(config: TerminalConfig, opts: RuntimeOptions = {}): Promise<TerminalRuntime> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const clock = opts.clock ?? systemClock();
  mkdirSync(config.dataDir, { recursive: true });
  const storePath = join(config.dataDir, STORE_FILE);
  const db = openLocalStore(storePath);
  let core: Core | null = null;
  let machine: MachineService | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  try {
    // Sync's handlers join the full contract when its client lands; until then the core serves
    // its own part and sync names are answered as unknown.
    let services: CoreServices | null = null;
    core = createCore({
      db,
      clock,
      config: config.core,
      contract: 'core',
      extensions: (s) => {
        services = s;
        return {};
      },
    });
    const c = core;
    const sweep = () => {
      try {
        c.sweepGhostTimers();
      } catch (err) {
        log(`terminal: ghost-timer sweep failed: ${(err as Error).message}`);
      }
    };
    // At start-up first: a terminal that was off over a shift end closes what it left open.
    sweep();
    sweepTimer = setInterval(sweep, GHOST_SWEEP_MS);
    sweepTimer.unref();

    const identity = terminalIdentity(db);
    const mc = machineConfig(config.machine as never);
    if (identity.deviceId && mc.enabled) {
      machine = await startMachineService({
        outbox: { db, deviceId: identity.deviceId, clock },
        config: mc,
        terminalCells: () => terminalIdentity(db).cellIds,
        // Machine stops and counts change what the screen shows: its pushes go to the renderer.
        push: (name, payload) => services?.push(name, payload),
        log: (msg, err) => log(`machine api: ${msg}${err ? ` (${(err as Error).message ?? String(err)})` : ''}`),
      });
    } else if (mc.enabled) {
      log('terminal: the machine API starts once the terminal is enrolled (it records counts under the device id).');
    }
  } catch (err) {
    if (sweepTimer) clearInterval(sweepTimer);
    await machine?.stop();
    core?.close();
    db.close();
    throw err;
  }

  const runningCore = core;
  let closed = false;
  return {
    core: runningCore,
    db,
    machine,
    storePath,
    request: (kind, name, input) => runningCore.request(kind, name, input),
    onPush: (listener) => runningCore.onPush(listener),
    async close() {
      if (closed) return;
      closed = true;
      if (sweepTimer) clearInterval(sweepTimer);
      await machine?.stop();
      runningCore.close();
      db.close();
    },
  };
}
