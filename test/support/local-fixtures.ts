// Reference-data fixtures for a local store: inserts the rows the sync pull would bring (tenant,
// cells, jobs, parts, operations, profiles with real argon2id PIN hashes, downtime groups and
// reasons, scrap reasons, issue categories, custom fields, resources) and the terminal identity in
// `meta`. Small insert helpers for one row each, plus `standardFixture` for a ready-made plant.
import type Database from 'better-sqlite3';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { hashPin } from '../../electron/core/security/pin-hash';

const hashCache = new Map<string, Promise<string>>();
/** argon2id hash of a PIN, memoised per test process (hashing is deliberately slow). */
export function pinHash(pin: string): Promise<string> {
  let h = hashCache.get(pin);
  if (!h) {
    h = hashPin(pin);
    hashCache.set(pin, h);
  }
  return h;
}

type Row = Record<string, string | number | null>;

function insert(db: Database.Database, table: string, row: Row): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(row);
}

export function setTerminalIdentity(db: Database.Database, v: { deviceId: string; tenantId: string; name?: string; cellIds: string[] }): void {
  const up = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  up.run('device_id', v.deviceId);
  up.run('tenant_id', v.tenantId);
  up.run('terminal_name', v.name ?? 'Terminal 1');
  up.run('cell_ids', JSON.stringify(v.cellIds));
}

export function insertTenant(db: Database.Database, r: { id?: string; name?: string } = {}): string {
  const id = r.id ?? uuidv7();
  insert(db, 'tenants', { id, name: r.name ?? 'Plant' });
  return id;
}

export function insertCell(db: Database.Database, r: { tenantId: string; id?: string; name?: string; wipLimit?: number | null; wipWarning?: number | null; enforceWip?: boolean }): string {
  const id = r.id ?? uuidv7();
  insert(db, 'cells', {
    id, tenant_id: r.tenantId, name: r.name ?? 'Cell', wip_limit: r.wipLimit ?? null,
    wip_warning_threshold: r.wipWarning ?? null, enforce_wip_limit: r.enforceWip ? 1 : 0,
  });
  return id;
}

export function insertJob(db: Database.Database, r: { tenantId: string; id?: string; jobNumber?: string; dueDate?: string | null; dueDateOverride?: string | null; customer?: string }): string {
  const id = r.id ?? uuidv7();
  insert(db, 'jobs', {
    id, tenant_id: r.tenantId, job_number: r.jobNumber ?? `J-${id.slice(-6)}`, customer: r.customer ?? 'ACME',
    status: 'not_started', due_date: r.dueDate ?? null, due_date_override: r.dueDateOverride ?? null,
  });
  return id;
}

export function insertPart(db: Database.Database, r: { tenantId: string; jobId: string; id?: string; partNumber?: string; quantity?: number; bullet?: boolean; material?: string }): string {
  const id = r.id ?? uuidv7();
  insert(db, 'parts', {
    id, tenant_id: r.tenantId, job_id: r.jobId, part_number: r.partNumber ?? `P-${id.slice(-6)}`,
    material: r.material ?? 'S355', quantity: r.quantity ?? 10, status: 'not_started', is_bullet_card: r.bullet ? 1 : 0,
  });
  return id;
}

export function insertOperation(db: Database.Database, r: { tenantId: string; partId: string; cellId: string; sequence: number; id?: string; name?: string; status?: string; estimatedHours?: number }): string {
  const id = r.id ?? uuidv7();
  insert(db, 'operations', {
    id, tenant_id: r.tenantId, part_id: r.partId, cell_id: r.cellId, operation_name: r.name ?? `Op ${r.sequence}`,
    sequence: r.sequence, status: r.status ?? 'not_started', estimated_time: r.estimatedHours ?? 1,
  });
  return id;
}

export async function insertProfile(db: Database.Database, r: { tenantId: string; employeeId: string | null; pin?: string | null; role?: string; isMachine?: boolean; id?: string; fullName?: string; active?: boolean }): Promise<string> {
  const id = r.id ?? uuidv7();
  insert(db, 'profiles', {
    id, tenant_id: r.tenantId, employee_id: r.employeeId, full_name: r.fullName ?? `Worker ${r.employeeId ?? id.slice(-4)}`,
    role: r.role ?? 'operator', is_machine: r.isMachine ? 1 : 0, active: r.active === false ? 0 : 1,
    pin_hash: r.pin ? await pinHash(r.pin) : null,
  });
  return id;
}

export function insertResource(db: Database.Database, r: { tenantId: string; cellId: string; id?: string; name?: string }): string {
  const id = r.id ?? uuidv7();
  insert(db, 'resources', { id, tenant_id: r.tenantId, name: r.name ?? 'Machine', cell_id: r.cellId });
  return id;
}

export function insertDowntimeGroup(db: Database.Database, r: { type: 'unplanned' | 'planned' | 'idle'; id?: string; name?: string; sortOrder?: number }): string {
  const id = r.id ?? uuidv7();
  insert(db, 'downtime_groups', { id, name: r.name ?? r.type, type: r.type, sort_order: r.sortOrder ?? 0 });
  return id;
}

export function insertDowntimeReason(db: Database.Database, r: { groupId: string; code: string; id?: string; name?: string; countCloses?: 'next_count' | 'manual' }): string {
  const id = r.id ?? uuidv7();
  insert(db, 'downtime_reasons', { id, group_id: r.groupId, code: r.code, name: r.name ?? r.code, count_closes: r.countCloses ?? 'next_count' });
  return id;
}

export function insertScrapReason(db: Database.Database, r: { code: string; id?: string; name?: string }): string {
  const id = r.id ?? uuidv7();
  insert(db, 'scrap_reasons', { id, code: r.code, name: r.name ?? r.code });
  return id;
}

export function insertIssueCategory(db: Database.Database, r: { code: string; id?: string; name?: string }): string {
  const id = r.id ?? uuidv7();
  insert(db, 'issue_categories', { id, code: r.code, name: r.name ?? r.code });
  return id;
}

export function insertCustomField(db: Database.Database, r: { cellId: string; key: string; fieldType: 'text' | 'number' | 'boolean' | 'select'; phase: 'start' | 'complete'; required?: boolean; options?: string[]; min?: number; max?: number; label?: string }): string {
  const id = uuidv7();
  insert(db, 'cell_custom_fields', {
    id, cell_id: r.cellId, key: r.key, label: r.label ?? r.key, field_type: r.fieldType, phase: r.phase,
    required: r.required ? 1 : 0, options: r.options ? JSON.stringify(r.options) : null, min_value: r.min ?? null, max_value: r.max ?? null,
  });
  return id;
}

/** PINs of the standard fixture's people. */
export const PINS = { op1: '1111', op2: '2222', op3: '3333', supervisor: '9999', admin: '8888' } as const;

export interface StandardFixture {
  tenantId: string;
  deviceId: string;
  /** The terminal's cell (A) and a cell of another terminal (B). */
  cellA: string;
  cellB: string;
  resourceA: string;
  jobId: string;
  partId: string;
  /** Routing of the part in cell A: sequence 10, 20, 30. */
  ops: [string, string, string];
  /** An operation in cell B (another terminal's). */
  opB: string;
  /** A second part in cell A with one operation, for switching work. */
  otherOp: string;
  profiles: { op1: string; op2: string; op3: string; supervisor: string; admin: string; machine: string };
  employees: { op1: string; op2: string; op3: string; supervisor: string; admin: string; machine: string };
  groups: { unplanned: string; planned: string; idle: string };
  reasons: { breakdown: string; material: string; setup: string; noWork: string };
  scrapReasons: { dimension: string; surface: string };
  issueCategory: string;
}

/** A small plant: one terminal on cell A, a part with a 3-step routing, crew, reasons, lists. */
export async function standardFixture(db: Database.Database): Promise<StandardFixture> {
  const tenantId = insertTenant(db);
  const deviceId = uuidv7();
  const cellA = insertCell(db, { tenantId, name: 'Laser', wipLimit: 3, wipWarning: 2 });
  const cellB = insertCell(db, { tenantId, name: 'Press brake' });
  setTerminalIdentity(db, { deviceId, tenantId, cellIds: [cellA] });
  const resourceA = insertResource(db, { tenantId, cellId: cellA, name: 'Laser 1' });
  const jobId = insertJob(db, { tenantId, jobNumber: 'J-1001', dueDate: '2026-11-25T00:00:00.000Z' });
  const partId = insertPart(db, { tenantId, jobId, partNumber: 'BRKT-01', quantity: 20 });
  const ops: [string, string, string] = [
    insertOperation(db, { tenantId, partId, cellId: cellA, sequence: 10, name: 'Cut' }),
    insertOperation(db, { tenantId, partId, cellId: cellA, sequence: 20, name: 'Deburr' }),
    insertOperation(db, { tenantId, partId, cellId: cellA, sequence: 30, name: 'Mark' }),
  ];
  const opB = insertOperation(db, { tenantId, partId, cellId: cellB, sequence: 40, name: 'Bend' });
  const otherPart = insertPart(db, { tenantId, jobId, partNumber: 'PLATE-02', quantity: 5 });
  const otherOp = insertOperation(db, { tenantId, partId: otherPart, cellId: cellA, sequence: 10, name: 'Cut plate' });
  const employees = { op1: 'E001', op2: 'E002', op3: 'E003', supervisor: 'S001', admin: 'A001', machine: 'M001' };
  const profiles = {
    op1: await insertProfile(db, { tenantId, employeeId: employees.op1, pin: PINS.op1, fullName: 'Ada Operator' }),
    op2: await insertProfile(db, { tenantId, employeeId: employees.op2, pin: PINS.op2, fullName: 'Bo Operator' }),
    op3: await insertProfile(db, { tenantId, employeeId: employees.op3, pin: PINS.op3, fullName: 'Cy Operator' }),
    supervisor: await insertProfile(db, { tenantId, employeeId: employees.supervisor, pin: PINS.supervisor, role: 'supervisor', fullName: 'Sue Supervisor' }),
    admin: await insertProfile(db, { tenantId, employeeId: employees.admin, pin: PINS.admin, role: 'admin', fullName: 'Al Admin' }),
    machine: await insertProfile(db, { tenantId, employeeId: employees.machine, pin: '4444', role: 'operator', isMachine: true, fullName: 'Laser 1 account' }),
  };
  const groups = {
    unplanned: insertDowntimeGroup(db, { type: 'unplanned', name: 'Unplanned', sortOrder: 1 }),
    planned: insertDowntimeGroup(db, { type: 'planned', name: 'Planned', sortOrder: 2 }),
    idle: insertDowntimeGroup(db, { type: 'idle', name: 'Idle', sortOrder: 3 }),
  };
  const reasons = {
    breakdown: insertDowntimeReason(db, { groupId: groups.unplanned, code: 'BRK', name: 'Breakdown' }),
    material: insertDowntimeReason(db, { groupId: groups.unplanned, code: 'MAT', name: 'No material' }),
    setup: insertDowntimeReason(db, { groupId: groups.planned, code: 'SET', name: 'Setup', countCloses: 'manual' }),
    noWork: insertDowntimeReason(db, { groupId: groups.idle, code: 'IDL', name: 'No work' }),
  };
  const scrapReasons = { dimension: insertScrapReason(db, { code: 'DIM' }), surface: insertScrapReason(db, { code: 'SRF' }) };
  const issueCategory = insertIssueCategory(db, { code: 'QUAL', name: 'Quality' });
  return { tenantId, deviceId, cellA, cellB, resourceA, jobId, partId, ops, opB, otherOp, profiles, employees, groups, reasons, scrapReasons, issueCategory };
}
