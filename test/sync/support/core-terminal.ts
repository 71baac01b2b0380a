// An enrolled terminal running a real core beside its real sync engine, for tests that type
// commands and follow their events to the central. The tenant's operator and supervisor get PINs
// centrally first, and the first sync pulls them (with the rest of the reference data).
import { createCore, type Core } from '../../../electron/core/core';
import { createSyncEngine, type SyncEngine } from '../../../electron/core/sync/engine';
import { pinHash } from '../../support/local-fixtures';
import type { SyncCentral } from './sync-central';
import type { LocalTerminal } from './terminal-fixture';

export const CORE_TERMINAL_PINS = { operator: '2468', supervisor: '9753' } as const;

export interface CoreTerminal {
  term: LocalTerminal;
  engine: SyncEngine;
  core: Core;
  /** Employee ids of the tenant's operator and supervisor, to log in with. */
  employees: { operator: string; supervisor: string };
  close(): Promise<void>;
}

export async function openCoreTerminal(srv: SyncCentral, coreConfig: Record<string, unknown> = {}): Promise<CoreTerminal> {
  const pool = srv.db.pool;
  const employee = async (id: string, pin: string) =>
    (await pool.query<{ e: string }>('UPDATE profiles SET pin_hash = $1 WHERE id = $2 RETURNING employee_id AS e', [await pinHash(pin), id])).rows[0]!.e;
  const employees = {
    operator: await employee(srv.tenant.operatorId, CORE_TERMINAL_PINS.operator),
    supervisor: await employee(srv.tenant.supervisorId, CORE_TERMINAL_PINS.supervisor),
  };
  const term = await srv.newTerminal();
  const engine = createSyncEngine({ db: term.db, clock: term.clock, appVersion: '0.1.0-test', random: () => 0.5 });
  const core = createCore({ db: term.db, clock: term.clock, contract: 'core', config: { ...coreConfig, session: { idle_check_ms: 0 } } });
  await engine.syncNow();
  return {
    term, engine, core, employees,
    async close() {
      core.close();
      await engine.stop();
    },
  };
}
