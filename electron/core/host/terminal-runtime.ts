// One running terminal: the local store, the core, sync and the machine API, composed in one
// process and exposed as a TerminalBackend. The Electron shell runs this in a utilityProcess
// (host-process.ts); browser mode and tests run it in-process. This is the only place the pieces
// are put together, so Electron and the browser get the same terminal.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openLocalStore } from '../../../db/local/open';
import { systemClock, type Clock } from '../clock';
import { terminalIdentity } from '../context';
import { createCore, type Core, type CoreServices } from '../core';
import type { AnyCommandHandler, AnyQueryHandler } from '../handler-types';
import { machineConfig } from '../machine/config';
import { machineQueryHandlers } from '../machine/handlers';
import { oeeForHeartbeat } from '../machine';
import { startMachineService, type MachineService } from '../machine/service';
import { createSyncEngine, getMeta, setMeta, syncCommandHandlers, syncQueryHandlers, type SyncEngine } from '../sync';
import { APP_VERSION } from './app-version';
import type { TerminalBackend } from './backend';
import type { TerminalConfig } from './terminal-config';

export const STORE_FILE = 'terminal.db';
/** How often open time entries are checked against the ghost-timer limit and shift end. */
const GHOST_SWEEP_MS = 5 * 60_000;
/** What a pulled page of reference data can change on screen. */
const PULL_AREAS = ['reference', 'queue', 'operations', 'downtime', 'issues', 'notes'];

export interface RuntimeOptions {
  clock?: Clock;
  log?: (line: string) => void;
  /** Start the sync loop (default true). Tests that drive sync by hand turn it off. */
  sync?: boolean;
  /** Options passed through to the sync engine (tests shorten its timers). */
  syncTuning?: { pollMs?: number; heartbeatEveryMs?: number };
}

export interface TerminalRuntime extends TerminalBackend {
  readonly core: Core;
  readonly db: Database.Database;
  readonly sync: SyncEngine;
  machine(): MachineService | null;
  readonly storePath: string;
}

/**
 * First start with a central URL and a one-time code: enroll, which writes the device identity
 * and credential into the store. A failed enrollment is not fatal: the terminal still opens (it
 * shows "not enrolled") and tries again on the next start; the code is only used once it works.
 */
async function enrollIfNeeded(db: Database.Database, sync: SyncEngine, config: TerminalConfig, log: (l: string) => void): Promise<void> {
  const enrolled = getMeta(db, 'credential') !== null;
  if (enrolled) {
    // A central that moved (new host name) keeps the same credential.
    if (config.centralUrl && getMeta(db, 'central_url') !== config.centralUrl) setMeta(db, 'central_url', config.centralUrl);
    if (config.supabaseKey && getMeta(db, 'publishable_key') !== config.supabaseKey) setMeta(db, 'publishable_key', config.supabaseKey);
    return;
  }
  if (!config.centralUrl || !config.enrollmentCode) {
    log('terminal: not enrolled yet; set centralUrl and enrollmentCode to enroll with the central.');
    return;
  }
  try {
    const r = await sync.enroll(config.centralUrl, config.enrollmentCode, config.terminalName, config.supabaseKey ?? undefined);
    log(`terminal: enrolled as device ${r.deviceId}`);
  } catch (err) {
    log(`terminal: enrollment failed: ${(err as Error).message}`);
  }
}

export async function startTerminalRuntime(config: TerminalConfig, opts: RuntimeOptions = {}): Promise<TerminalRuntime> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const clock = opts.clock ?? systemClock();
  mkdirSync(config.dataDir, { recursive: true });
  const storePath = join(config.dataDir, STORE_FILE);
  const db = openLocalStore(storePath);
  let services: CoreServices | null = null;
  let core: Core | null = null;
  let machine: MachineService | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  const mc = machineConfig(config.machine as never);
  const terminalCells = () => terminalIdentity(db).cellIds;
  const sync = createSyncEngine({
    db,
    clock,
    appVersion: APP_VERSION,
    ...(opts.syncTuning ?? {}),
    onStatus: (status) => services?.push('sync.status', status),
    onDataChanged: (tables) => {
      // A pulled key revocation or account deactivation reaches the machine API's key cache at once.
      machine?.referenceChanged(tables);
      services?.emitDataChanged(PULL_AREAS);
    },
    // Issue 6: the heartbeat carries this shift's live OEE per served cell (terminals.oee).
    heartbeatExtras: () => ({ oee: oeeForHeartbeat({ db, clock, config: mc, terminalCells }) }),
  });
  const startMachine = async (c: Core) => {
    const identity = terminalIdentity(db);
    if (!mc.enabled || machine) return;
    if (!identity.deviceId) {
      log('terminal: the machine API starts once the terminal is enrolled (counts are recorded under the device id).');
      return;
    }
    machine = await startMachineService({
      outbox: { db, deviceId: identity.deviceId, clock },
      config: mc,
      // Machine stops follow the same micro-stop and across-boot settings as operator stops.
      core: c.ctx.config,
      terminalCells,
      // Machine stops and counts change what the screen shows: its pushes go to the renderer.
      push: (name, payload) => services?.push(name, payload),
      log: (msg, err) => log(`machine api: ${msg}${err ? ` (${(err as Error).message ?? String(err)})` : ''}`),
    });
  };

  try {
    await enrollIfNeeded(db, sync, config, log);
    core = createCore({
      db,
      clock,
      config: config.core,
      extensions: (s) => {
        services = s;
        return {
          commands: [syncCommandHandlers(sync) as unknown as Record<string, AnyCommandHandler>],
          queries: [
            syncQueryHandlers(sync) as unknown as Record<string, AnyQueryHandler>,
            machineQueryHandlers({ db, clock, config: mc, terminalCells, service: () => machine }) as unknown as Record<string, AnyQueryHandler>,
          ],
        };
      },
    });
    const c = core;
    // Every commit tells the UI (data.changed); the same signal starts an upload within a second.
    c.onPush((name) => {
      if (name === 'data.changed') sync.notify();
    });
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
    await startMachine(c);
    if (opts.sync ?? true) sync.start();
  } catch (err) {
    if (sweepTimer) clearInterval(sweepTimer);
    await sync.stop();
    await (machine as MachineService | null)?.stop();
    core?.close();
    db.close();
    throw err;
  }

  const runningCore = core;
  let closed = false;
  return {
    core: runningCore,
    db,
    sync,
    machine: () => machine,
    storePath,
    request: (kind, name, input) => runningCore.request(kind, name, input),
    onPush: (listener) => runningCore.onPush(listener),
    async close() {
      if (closed) return;
      closed = true;
      if (sweepTimer) clearInterval(sweepTimer);
      await sync.stop();
      await (machine as MachineService | null)?.stop();
      runningCore.close();
      db.close();
    },
  };
}
