// Central fixtures for sync tests: a tenant with cells, a routed job, people, reason lists, and an
// enrolled terminal, written with plain SQL as an admin would (superuser pool of the test database).
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { uuidv7 } from '../../../shared/domain/uuidv7';

export interface TenantFixture {
  tenantId: string;
  cellIds: string[];
  jobId: string;
  partId: string;
  /** Operations of the part, one per cell in routing order. */
  operationIds: string[];
  operatorId: string;
  supervisorId: string;
  machineId: string;
  resourceId: string;
  scrapReasonId: string;
  downtimeReasonId: string;
  categoryId: string;
}

export async function seedTenant(pool: pg.Pool, name = 'Acme', cells = 2): Promise<TenantFixture> {
  const q = async (sql: string, params: unknown[]) => (await pool.query<{ id: string }>(sql, params)).rows[0]!.id;
  const tenantId = await q('INSERT INTO tenants (name) VALUES ($1) RETURNING id', [name]);
  const cellIds: string[] = [];
  for (let i = 0; i < cells; i++) cellIds.push(await q('INSERT INTO cells (tenant_id, name, sequence) VALUES ($1, $2, $3) RETURNING id', [tenantId, `${name} cell ${i + 1}`, i]));
  const jobId = await q("INSERT INTO jobs (tenant_id, job_number, customer) VALUES ($1, $2, 'C') RETURNING id", [tenantId, `${name}-J1`]);
  const partId = await q("INSERT INTO parts (tenant_id, job_id, part_number, quantity) VALUES ($1, $2, 'P1', 10) RETURNING id", [tenantId, jobId]);
  const operationIds: string[] = [];
  for (let i = 0; i < cells; i++) {
    operationIds.push(await q('INSERT INTO operations (tenant_id, part_id, cell_id, operation_name, sequence) VALUES ($1, $2, $3, $4, $5) RETURNING id', [tenantId, partId, cellIds[i], `Op ${i + 1}`, i + 1]));
  }
  const operatorId = await q("INSERT INTO profiles (tenant_id, full_name, role, employee_id) VALUES ($1, 'Olga Operator', 'operator', $2) RETURNING id", [tenantId, `${name}-E1`]);
  const supervisorId = await q("INSERT INTO profiles (tenant_id, full_name, role, employee_id) VALUES ($1, 'Sam Supervisor', 'supervisor', $2) RETURNING id", [tenantId, `${name}-E2`]);
  const machineId = await q("INSERT INTO profiles (tenant_id, full_name, role, is_machine) VALUES ($1, 'Press 1', 'operator', true) RETURNING id", [tenantId]);
  const resourceId = await q("INSERT INTO resources (tenant_id, name, cell_id) VALUES ($1, 'Press 1', $2) RETURNING id", [tenantId, cellIds[0]]);
  const scrapReasonId = await q("INSERT INTO scrap_reasons (tenant_id, code, name) VALUES ($1, 'S1', 'Burr') RETURNING id", [tenantId]);
  const groupId = await q("INSERT INTO oee_downtime_groups (tenant_id, type, code, name) VALUES ($1, 'unplanned', 'G1', 'Breakdown') RETURNING id", [tenantId]);
  const downtimeReasonId = await q("INSERT INTO oee_downtime_reasons (tenant_id, group_id, code, name) VALUES ($1, $2, 'R1', 'Jam') RETURNING id", [tenantId, groupId]);
  const categoryId = await q("INSERT INTO issue_categories (tenant_id, code, name) VALUES ($1, 'Q', 'Quality') RETURNING id", [tenantId]);
  return { tenantId, cellIds, jobId, partId, operationIds, operatorId, supervisorId, machineId, resourceId, scrapReasonId, downtimeReasonId, categoryId };
}

/** Issues a one-time enrollment code the way the admin CLI does (only its SHA-256 is stored). */
export async function issueEnrollmentCode(pool: pg.Pool, tenantId: string, cellIds: string[], name = 'Terminal', expiresInS = 3600): Promise<string> {
  const code = randomBytes(9).toString('base64url');
  await pool.query(
    "INSERT INTO terminal_enrollment_codes (tenant_id, cell_ids, code_hash, terminal_name, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))",
    [tenantId, cellIds, createHash('sha256').update(code, 'utf8').digest('hex'), name, expiresInS],
  );
  return code;
}

export interface EnrolledTerminal {
  credential: string;
  deviceId: string;
}

export async function enrollTerminal(pool: pg.Pool, tenantId: string, cellIds: string[], name = 'Terminal'): Promise<EnrolledTerminal> {
  const code = await issueEnrollmentCode(pool, tenantId, cellIds, name);
  const { rows } = await pool.query<{ r: { credential: string; device_id: string } }>("SELECT terminal_enroll($1, $2, '0.1.0') AS r", [code, name]);
  return { credential: rows[0]!.r.credential, deviceId: rows[0]!.r.device_id };
}

/** A raw push entry, as the terminal's outbox would produce it. */
export function entry(seq: number, type: string, payload: unknown, actorId: string | null, extra: Record<string, unknown> = {}) {
  return {
    event_id: uuidv7(),
    device_seq: seq,
    type,
    schema_version: 1,
    occurred_at: new Date(Date.UTC(2026, 10, 22, 6, 0, 0) + seq * 1000).toISOString(),
    mono_ms: seq * 1000,
    boot_id: '01937000-0000-7000-8000-000000000001',
    actor_id: actorId,
    payload,
    ...extra,
  };
}
