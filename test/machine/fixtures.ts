// Test fixtures for the machine suites: a real on-disk local store with a tenant, two cells, two
// resources, a machine account with a key, and a non-machine profile with a key; the machine
// service started on it, and the HTTP client the suites post counts with.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openLocalStore } from '../../db/local/open';
import { manualClock, systemClock, type Clock } from '../../electron/core/clock';
import { issueKey } from '../../electron/core/security/secret-keys';
import { machineConfig, type MachineConfigInput } from '../../electron/core/machine/config';
import { startMachineService, type MachineService, type MachineServiceDeps } from '../../electron/core/machine/service';
import type { OutboxContext } from '../../electron/core/store/outbox';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { tempDir } from '../support/tmp';

export interface MachineFixture {
  db: Database.Database;
  file: string;
  outbox: OutboxContext;
  tenantId: string;
  cellA: string;
  cellB: string;
  /** In cellA, ideal cycle 10 s. */
  resA: string;
  /** In cellB, ideal cycle 5 s. */
  resB: string;
  machineId: string;
  machineKey: string;
  operatorKey: string;
  otherTenantResource: string;
}

export function seedReference(db: Database.Database) {
  const tenantId = uuidv7();
  const otherTenant = uuidv7();
  const cellA = uuidv7();
  const cellB = uuidv7();
  const otherCell = uuidv7();
  const resA = uuidv7();
  const resB = uuidv7();
  const otherTenantResource = uuidv7();
  const machineId = uuidv7();
  const operatorId = uuidv7();
  db.prepare('INSERT INTO tenants (id, name) VALUES (?, ?), (?, ?)').run(tenantId, 'Plant', otherTenant, 'Other');
  const cell = db.prepare('INSERT INTO cells (id, tenant_id, name) VALUES (?, ?, ?)');
  cell.run(cellA, tenantId, 'Lathes');
  cell.run(cellB, tenantId, 'Mills');
  cell.run(otherCell, otherTenant, 'Elsewhere');
  const res = db.prepare('INSERT INTO resources (id, tenant_id, name, cell_id, ideal_cycle_time_s) VALUES (?, ?, ?, ?, ?)');
  res.run(resA, tenantId, 'Lathe 1', cellA, 10);
  res.run(resB, tenantId, 'Mill 1', cellB, 5);
  res.run(otherTenantResource, otherTenant, 'Foreign', otherCell, 10);
  const prof = db.prepare('INSERT INTO profiles (id, tenant_id, full_name, role, is_machine) VALUES (?, ?, ?, ?, ?)');
  prof.run(machineId, tenantId, 'Lathe PLC', 'operator', 1);
  prof.run(operatorId, tenantId, 'Ann', 'operator', 0);
  const mk = issueKey('mk');
  const ok = issueKey('mk');
  const key = db.prepare('INSERT INTO machine_keys (id, profile_id, key_prefix, key_hash) VALUES (?, ?, ?, ?)');
  key.run(uuidv7(), machineId, mk.prefix, mk.hash);
  key.run(uuidv7(), operatorId, ok.prefix, ok.hash);
  return { tenantId, cellA, cellB, resA, resB, machineId, machineKey: mk.key, operatorKey: ok.key, otherTenantResource };
}

export function machineFixture(opts: { clock?: Clock; file?: string } = {}): MachineFixture {
  const file = opts.file ?? join(tempDir('machine-'), 'terminal.db');
  const db = openLocalStore(file);
  const ref = seedReference(db);
  return { db, file, outbox: { db, deviceId: uuidv7(), clock: opts.clock ?? systemClock() }, ...ref };
}

export { manualClock };

/** Everything the machine suites assert on: the cycles.counted events in the outbox. */
export function countEvents(db: Database.Database): { machine_seq: number; delta: number; counter_reset: boolean; resource_id?: string }[] {
  return (db.prepare("SELECT payload FROM outbox WHERE type = 'cycles.counted' ORDER BY device_seq").all() as { payload: string }[]).map(
    (r) => JSON.parse(r.payload) as { machine_seq: number; delta: number; counter_reset: boolean; resource_id?: string },
  );
}

/** The machine service on a fixture store: its HTTP API on an ephemeral port unless `config` says
 *  otherwise, quiet logs, serving cell A unless `deps` says otherwise. */
export function startFixtureService(f: MachineFixture, config: MachineConfigInput = {}, deps: Partial<Omit<MachineServiceDeps, 'config'>> = {}): Promise<MachineService> {
  return startMachineService({ outbox: f.outbox, config: machineConfig({ port: 0, ...config }), terminalCells: () => [f.cellA], log: () => {}, ...deps });
}

/** POSTs counts to a machine API with a machine key (none: no Authorization header). A string
 *  body is sent as is, so malformed JSON can be sent too. */
export function postCounts(baseUrl: string, key: string | null, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/cycle-counts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
