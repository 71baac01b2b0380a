// What the admin CLI does, as functions over a Postgres client so `npm start`'s demo mode and the
// tests can call the same code. Every input is checked before anything is written, and each
// operation that writes does so in one transaction together with its activity_log row. Secrets
// (PINs, machine keys, enrollment codes) are hashed before they reach the database and returned
// only to the caller, which shows them once.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { AvailabilityMode, type AppRole } from '../../../shared/domain/enums';
import { hashPin, PIN_PATTERN } from '../../../electron/core/security/pin-hash';
import { hashKey, issueKey } from '../../../electron/core/security/secret-keys';
import { AdminInputError } from './admin-errors';
import { findCells, findPerson, findTenant, isUuid } from './admin-lookup';

const EMPLOYEE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

function requireText(field: string, value: string | undefined, max = 200): string {
  const v = value?.trim();
  if (!v) throw new AdminInputError(field, 'required');
  if (v.length > max) throw new AdminInputError(field, `at most ${max} characters`);
  return v;
}

function checkPin(pin: string | undefined): string {
  if (pin === undefined || pin === '') throw new AdminInputError('--pin', 'required (4 to 6 digits)');
  if (!PIN_PATTERN.test(pin)) throw new AdminInputError('--pin', 'must be 4 to 6 digits');
  return pin;
}

function checkEmployeeId(value: string | undefined): string {
  const v = requireText('--employee-id', value, 32);
  if (!EMPLOYEE_ID.test(v)) throw new AdminInputError('--employee-id', 'letters, digits, "_", "." and "-" only, at most 32');
  return v;
}

function positiveInt(field: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new AdminInputError(field, `must be a whole number from 1 to ${max}`);
  return n;
}

async function inTransaction<T>(db: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await db.query('BEGIN');
  try {
    const out = await fn();
    await db.query('COMMIT');
    return out;
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}

async function logActivity(db: pg.ClientBase, tenantId: string, action: string, entityType: string, entityId: string, name: string, description: string, changes: Record<string, unknown> = {}): Promise<void> {
  await db.query('SELECT log_activity_and_webhook($1, NULL, $2, $3, $4, $5, $6, $7, $8)', [
    tenantId, action, entityType, entityId, name, description, JSON.stringify(changes), JSON.stringify({ via: 'admin-cli' }),
  ]);
}

export async function createTenant(db: pg.ClientBase, input: { name?: string; company?: string; timezone?: string }): Promise<{ id: string; name: string }> {
  const name = requireText('--name', input.name);
  const timezone = input.timezone?.trim() || 'UTC';
  const { rows: tz } = await db.query('SELECT 1 FROM pg_timezone_names WHERE name = $1', [timezone]);
  if (tz.length === 0) throw new AdminInputError('--timezone', `unknown time zone "${timezone}" (e.g. Europe/Amsterdam)`);
  const { rows: dup } = await db.query('SELECT 1 FROM tenants WHERE lower(name) = lower($1)', [name]);
  if (dup.length > 0) throw new AdminInputError('--name', `a tenant named "${name}" already exists`);
  return inTransaction(db, async () => {
    const { rows } = await db.query<{ id: string; name: string }>(
      'INSERT INTO tenants (name, company_name, timezone) VALUES ($1, $2, $3) RETURNING id, name',
      [name, input.company?.trim() || name, timezone],
    );
    await logActivity(db, rows[0]!.id, 'create', 'tenant', rows[0]!.id, name, 'Tenant created');
    return rows[0]!;
  });
}

export async function createCell(db: pg.ClientBase, input: { tenant?: string; name?: string; wipLimit?: string; sequence?: string }): Promise<{ id: string; name: string; tenantId: string }> {
  const name = requireText('--name', input.name, 100);
  const wip = positiveInt('--wip-limit', input.wipLimit, 10_000);
  const seq = positiveInt('--sequence', input.sequence, 10_000);
  const tenant = await findTenant(db, input.tenant);
  const { rows: dup } = await db.query('SELECT 1 FROM cells WHERE tenant_id = $1 AND lower(name) = lower($2) AND deleted_at IS NULL', [tenant.id, name]);
  if (dup.length > 0) throw new AdminInputError('--name', `tenant "${tenant.name}" already has a cell named "${name}"`);
  return inTransaction(db, async () => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO cells (tenant_id, name, wip_limit, wip_warning_threshold, sequence)
       VALUES ($1, $2, $3, $4, coalesce($5, (SELECT coalesce(max(sequence), 0) + 1 FROM cells WHERE tenant_id = $1))) RETURNING id`,
      [tenant.id, name, wip ?? null, wip ? Math.max(1, wip - 1) : null, seq ?? null],
    );
    await logActivity(db, tenant.id, 'create', 'cell', rows[0]!.id, name, 'Cell created');
    return { id: rows[0]!.id, name, tenantId: tenant.id };
  });
}

/**
 * Creates or updates an OEE site (by name, within the tenant) with its availability mode and OEE
 * target, and assigns the listed cells to it. Terminals serving those cells pull the site and
 * compute live OEE in its mode.
 */
export async function setSite(
  db: pg.ClientBase,
  input: { tenant?: string; name?: string; mode?: string; target?: string; cells?: string },
): Promise<{ id: string; name: string; mode: string; cells: string[] }> {
  const name = requireText('--name', input.name, 100);
  const mode = AvailabilityMode.safeParse(input.mode ?? 'standard');
  if (!mode.success) throw new AdminInputError('--mode', `must be one of ${AvailabilityMode.options.join(', ')}`);
  let target: number | null = null;
  if (input.target !== undefined) {
    const pct = Number(input.target);
    if (!Number.isFinite(pct) || pct <= 0 || pct > 100) throw new AdminInputError('--target', 'must be a percentage above 0 and at most 100 (e.g. 85)');
    target = pct / 100;
  }
  const tenant = await findTenant(db, input.tenant);
  const cells = input.cells === undefined ? [] : await findCells(db, tenant.id, input.cells);
  return inTransaction(db, async () => {
    const { rows } = await db.query<{ id: string; created: boolean }>(
      `INSERT INTO oee_sites (tenant_id, name, availability_mode, oee_target) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, name) DO UPDATE SET availability_mode = excluded.availability_mode,
         oee_target = coalesce(excluded.oee_target, oee_sites.oee_target), deleted_at = NULL, updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [tenant.id, name, mode.data, target],
    );
    const site = rows[0]!;
    if (cells.length > 0) await db.query('UPDATE cells SET oee_site_id = $1, updated_at = now() WHERE id = ANY ($2::uuid[])', [site.id, cells.map((c) => c.id)]);
    await logActivity(db, tenant.id, site.created ? 'create' : 'update', 'oee_site', site.id, name, site.created ? 'OEE site created' : 'OEE site updated', {
      availability_mode: mode.data, ...(target !== null ? { oee_target: target } : {}), ...(cells.length > 0 ? { cells: cells.map((c) => c.name) } : {}),
    });
    return { id: site.id, name, mode: mode.data, cells: cells.map((c) => c.name) };
  });
}

export async function createPerson(
  db: pg.ClientBase,
  input: { tenant?: string; employeeId?: string; name?: string; pin?: string; role: Extract<AppRole, 'operator' | 'supervisor' | 'admin'> },
): Promise<{ id: string; employeeId: string }> {
  const pin = checkPin(input.pin);
  const employeeId = checkEmployeeId(input.employeeId);
  const name = requireText('--name', input.name);
  const tenant = await findTenant(db, input.tenant);
  const { rows: dup } = await db.query('SELECT 1 FROM profiles WHERE tenant_id = $1 AND employee_id = $2 AND deleted_at IS NULL', [tenant.id, employeeId]);
  if (dup.length > 0) throw new AdminInputError('--employee-id', `employee id "${employeeId}" is already taken in tenant "${tenant.name}"`);
  const pinHash = await hashPin(pin);
  return inTransaction(db, async () => {
    try {
      const { rows } = await db.query<{ id: string }>(
        'INSERT INTO profiles (tenant_id, employee_id, full_name, role, pin_hash, is_machine) VALUES ($1, $2, $3, $4, $5, false) RETURNING id',
        [tenant.id, employeeId, name, input.role, pinHash],
      );
      await logActivity(db, tenant.id, 'create', 'profile', rows[0]!.id, name, `${input.role} created`, { employee_id: employeeId, role: input.role });
      return { id: rows[0]!.id, employeeId };
    } catch (err) {
      // A concurrent admin took the id between our check and the insert.
      if ((err as { code?: string }).code === '23505') throw new AdminInputError('--employee-id', `employee id "${employeeId}" is already taken in tenant "${tenant.name}"`);
      throw err;
    }
  });
}

export async function createMachine(db: pg.ClientBase, input: { tenant?: string; employeeId?: string; name?: string }): Promise<{ id: string; key: string; keyPrefix: string }> {
  const employeeId = checkEmployeeId(input.employeeId);
  const name = requireText('--name', input.name);
  const tenant = await findTenant(db, input.tenant);
  const { rows: dup } = await db.query('SELECT 1 FROM profiles WHERE tenant_id = $1 AND employee_id = $2 AND deleted_at IS NULL', [tenant.id, employeeId]);
  if (dup.length > 0) throw new AdminInputError('--employee-id', `employee id "${employeeId}" is already taken in tenant "${tenant.name}"`);
  const issued = issueKey('mk');
  return inTransaction(db, async () => {
    const { rows } = await db.query<{ id: string }>(
      "INSERT INTO profiles (tenant_id, employee_id, full_name, role, is_machine) VALUES ($1, $2, $3, 'operator', true) RETURNING id",
      [tenant.id, employeeId, name],
    );
    const id = rows[0]!.id;
    await db.query('INSERT INTO api_keys (tenant_id, name, key_prefix, key_hash, profile_id) VALUES ($1, $2, $3, $4, $5)', [tenant.id, `${name} key`, issued.prefix, issued.hash, id]);
    await logActivity(db, tenant.id, 'create', 'profile', id, name, 'Machine account created', { employee_id: employeeId, key_prefix: issued.prefix });
    return { id, key: issued.key, keyPrefix: issued.prefix };
  });
}

/** Sets a new PIN and stamps lockout_cleared_at, so terminals forget earlier PIN failures. */
export async function resetPin(db: pg.ClientBase, input: { tenant?: string; employeeId?: string; pin?: string }): Promise<{ id: string }> {
  const pin = checkPin(input.pin);
  const tenant = await findTenant(db, input.tenant);
  const person = await findPerson(db, tenant.id, input.employeeId);
  if (person.is_machine) throw new AdminInputError('--employee-id', 'is a machine account, which has a key, not a PIN');
  const pinHash = await hashPin(pin);
  await inTransaction(db, async () => {
    await db.query('UPDATE profiles SET pin_hash = $2, lockout_cleared_at = now(), updated_at = now() WHERE id = $1', [person.id, pinHash]);
    await logActivity(db, tenant.id, 'update', 'profile', person.id, person.full_name, 'PIN reset (lockout cleared)');
  });
  return { id: person.id };
}

/** Clears a PIN lockout: terminals drop PIN failures older than lockout_cleared_at. */
export async function unlockPerson(db: pg.ClientBase, input: { tenant?: string; employeeId?: string }): Promise<{ id: string; clearedAt: Date }> {
  const tenant = await findTenant(db, input.tenant);
  const person = await findPerson(db, tenant.id, input.employeeId);
  return inTransaction(db, async () => {
    const { rows } = await db.query<{ t: Date }>('UPDATE profiles SET lockout_cleared_at = now(), updated_at = now() WHERE id = $1 RETURNING lockout_cleared_at AS t', [person.id]);
    await logActivity(db, tenant.id, 'update', 'profile', person.id, person.full_name, 'Lockout cleared');
    return { id: person.id, clearedAt: rows[0]!.t };
  });
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 Crockford base-32 characters (80 random bits) in groups of four: easy to type on a touchscreen. */
export function newEnrollmentCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 15; i >= 0; i--) out += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return out.match(/.{4}/g)!.join('-');
}

/**
 * A one-time code that lets one terminal enrol into the tenant for the given cells. Only its
 * SHA-256 is stored (terminal_enroll hashes what the terminal sends the same way).
 */
export async function issueEnrollmentCode(
  db: pg.ClientBase,
  input: { tenant?: string; cells?: string; name?: string; expiresInHours?: string },
): Promise<{ code: string; expiresAt: Date; cellIds: string[]; tenantId: string }> {
  const name = requireText('--name', input.name, 100);
  const hours = positiveInt('--expires-in', input.expiresInHours, 24 * 30) ?? 24;
  const tenant = await findTenant(db, input.tenant);
  const cells = await findCells(db, tenant.id, input.cells);
  const code = newEnrollmentCode();
  return inTransaction(db, async () => {
    const { rows } = await db.query<{ id: string; expires_at: Date }>(
      `INSERT INTO terminal_enrollment_codes (tenant_id, cell_ids, code_hash, terminal_name, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5)) RETURNING id, expires_at`,
      [tenant.id, cells.map((c) => c.id), hashKey(code), name, hours],
    );
    await logActivity(db, tenant.id, 'create', 'terminal_enrollment_code', rows[0]!.id, name, 'Enrollment code issued', { cells: cells.map((c) => c.name), expires_in_hours: hours });
    return { code, expiresAt: rows[0]!.expires_at, cellIds: cells.map((c) => c.id), tenantId: tenant.id };
  });
}

export async function revokeTerminal(db: pg.ClientBase, input: { id?: string }): Promise<{ id: string; name: string; revokedAt: Date; already: boolean }> {
  const id = input.id?.trim();
  if (!id) throw new AdminInputError('--id', 'required (a terminal id; see `terminal list`)');
  if (!isUuid(id)) throw new AdminInputError('--id', `"${id}" is not a terminal id (a UUID)`);
  return inTransaction(db, async () => {
    const { rows } = await db.query<{ tenant_id: string; name: string; revoked_at: Date | null }>('SELECT tenant_id, name, revoked_at FROM terminals WHERE id = $1 FOR UPDATE', [id]);
    const t = rows[0];
    if (!t) throw new AdminInputError('--id', `unknown terminal ${id}`);
    if (t.revoked_at) return { id, name: t.name, revokedAt: t.revoked_at, already: true };
    const { rows: upd } = await db.query<{ revoked_at: Date }>('UPDATE terminals SET revoked_at = now() WHERE id = $1 RETURNING revoked_at', [id]);
    await logActivity(db, t.tenant_id, 'update', 'terminal', id, t.name, 'Terminal revoked');
    return { id, name: t.name, revokedAt: upd[0]!.revoked_at, already: false };
  });
}

/** Binds a terminal to other cells of its tenant. The central enforces the new scope at once; the
 *  terminal learns it from its next pull and pulls the new cells' work from the start. */
export async function setTerminalCells(db: pg.ClientBase, input: { id?: string; cells?: string }): Promise<{ id: string; name: string; cells: string[] }> {
  const id = input.id?.trim();
  if (!id) throw new AdminInputError('--id', 'required (a terminal id; see `terminal list`)');
  if (!isUuid(id)) throw new AdminInputError('--id', `"${id}" is not a terminal id (a UUID)`);
  const { rows } = await db.query<{ tenant_id: string; name: string; revoked_at: Date | null }>('SELECT tenant_id, name, revoked_at FROM terminals WHERE id = $1', [id]);
  const t = rows[0];
  if (!t) throw new AdminInputError('--id', `unknown terminal ${id}`);
  if (t.revoked_at) throw new AdminInputError('--id', `terminal ${t.name} is revoked; enroll a new one instead`);
  const cells = await findCells(db, t.tenant_id, input.cells);
  return inTransaction(db, async () => {
    await db.query('UPDATE terminals SET cell_ids = $2::uuid[] WHERE id = $1', [id, cells.map((c) => c.id)]);
    await logActivity(db, t.tenant_id, 'update', 'terminal', id, t.name, 'Terminal moved to other cells', { cells: cells.map((c) => c.name) });
    return { id, name: t.name, cells: cells.map((c) => c.name) };
  });
}

export interface TerminalListing {
  id: string;
  tenant: string;
  name: string;
  cells: string[];
  enrolled_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  app_version: string | null;
  queue_depth: number | null;
  oldest_pending_s: string | null;
  dead_letters: number | null;
  clock_skew_ms: number | null;
}

export async function listTerminals(db: pg.ClientBase, input: { tenant?: string }): Promise<TerminalListing[]> {
  const tenantId = input.tenant ? (await findTenant(db, input.tenant)).id : null;
  const { rows } = await db.query<TerminalListing>(
    `SELECT t.id, tn.name AS tenant, t.name,
            coalesce((SELECT array_agg(c.name ORDER BY c.sequence, c.name) FROM cells c WHERE c.id = ANY (t.cell_ids)), '{}') AS cells,
            t.enrolled_at, t.revoked_at, t.last_seen_at, t.app_version, t.queue_depth, t.oldest_pending_s::text AS oldest_pending_s,
            t.dead_letters, t.clock_skew_ms
       FROM terminals t JOIN tenants tn ON tn.id = t.tenant_id
      WHERE $1::uuid IS NULL OR t.tenant_id = $1
      ORDER BY tn.name, t.name, t.enrolled_at`,
    [tenantId],
  );
  return rows;
}
