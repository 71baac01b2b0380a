// Resolving what an admin names on the command line: a tenant or cell by id or by exact name
// (case-insensitive), a person by employee id within a tenant. Unknown or ambiguous names are
// refused with the field named, never guessed.
import type pg from 'pg';
import { AdminInputError } from './admin-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

export interface TenantRef {
  id: string;
  name: string;
}

export async function findTenant(db: pg.ClientBase, ref: string | undefined): Promise<TenantRef> {
  if (!ref?.trim()) throw new AdminInputError('--tenant', 'required (a tenant id or name)');
  const { rows } = isUuid(ref)
    ? await db.query<TenantRef>('SELECT id, name FROM tenants WHERE id = $1', [ref])
    : await db.query<TenantRef>('SELECT id, name FROM tenants WHERE lower(name) = lower($1)', [ref.trim()]);
  if (rows.length === 0) throw new AdminInputError('--tenant', `unknown tenant "${ref}"`);
  if (rows.length > 1) throw new AdminInputError('--tenant', `"${ref}" names ${rows.length} tenants; use the tenant id`);
  return rows[0]!;
}

export interface CellRef {
  id: string;
  name: string;
}

/** Resolves a comma-separated list of cell ids or names, all of which must belong to the tenant. */
export async function findCells(db: pg.ClientBase, tenantId: string, list: string | undefined): Promise<CellRef[]> {
  const refs = (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (refs.length === 0) throw new AdminInputError('--cells', 'required (comma-separated cell ids or names)');
  const { rows } = await db.query<CellRef>('SELECT id, name FROM cells WHERE tenant_id = $1 AND deleted_at IS NULL', [tenantId]);
  const out: CellRef[] = [];
  for (const ref of refs) {
    const hits = rows.filter((c) => (isUuid(ref) ? c.id === ref.toLowerCase() : c.name.toLowerCase() === ref.toLowerCase()));
    if (hits.length === 0) throw new AdminInputError('--cells', `unknown cell "${ref}" in this tenant`);
    if (hits.length > 1) throw new AdminInputError('--cells', `"${ref}" names ${hits.length} cells; use the cell id`);
    if (!out.some((c) => c.id === hits[0]!.id)) out.push(hits[0]!);
  }
  return out;
}

export interface PersonRef {
  id: string;
  full_name: string;
  is_machine: boolean;
}

export async function findPerson(db: pg.ClientBase, tenantId: string, employeeId: string | undefined): Promise<PersonRef> {
  if (!employeeId?.trim()) throw new AdminInputError('--employee-id', 'required');
  const { rows } = await db.query<PersonRef>(
    'SELECT id, full_name, is_machine FROM profiles WHERE tenant_id = $1 AND employee_id = $2 AND deleted_at IS NULL',
    [tenantId, employeeId.trim()],
  );
  if (rows.length === 0) throw new AdminInputError('--employee-id', `no person with employee id "${employeeId}" in this tenant`);
  return rows[0]!;
}
