// The admin CLI, spawned as `tsx db/central/cli/admin.ts` against a real test database: every
// happy path writes what it says (secrets only as hashes), and every bad input ends with a
// non-zero exit and a message naming the field, without writing anything.
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPin } from '../../electron/core/security/pin-hash';
import { keyMatches, keyPrefix } from '../../electron/core/security/secret-keys';
import { freePort } from '../support/global-setup';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const ADMIN = join(ROOT, 'db/central/cli/admin.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let db: TestDatabase;

function admin(args: string[], env: Record<string, string | undefined> = { DATABASE_URL: db.url }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [ADMIN, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: undefined, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.pool.query<T>(sql, params);
  return rows[0]!;
}

async function snapshot(): Promise<string> {
  const { rows } = await db.pool.query<{ s: string }>(
    `SELECT concat_ws(',', (SELECT count(*) FROM tenants), (SELECT count(*) FROM cells), (SELECT count(*) FROM profiles),
       (SELECT count(*) FROM api_keys), (SELECT count(*) FROM terminal_enrollment_codes), (SELECT count(*) FROM terminals WHERE revoked_at IS NOT NULL),
       (SELECT count(*) FROM oee_sites),
       (SELECT string_agg(coalesce(pin_hash, '') || coalesce(lockout_cleared_at::text, ''), '' ORDER BY id) FROM profiles)) AS s`,
  );
  return rows[0]!.s;
}

let tenantId = '';

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('admin CLI: happy paths', () => {
  it('--help prints usage and exits 0', async () => {
    const r = await admin(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: npm run admin -- <command>/);
    expect(r.stdout).toMatch(/enroll-code/);
  });

  it('creates a tenant and cells', async () => {
    const t = await admin(['tenant', 'create', '--name', 'Plant B', '--timezone', 'Europe/Amsterdam']);
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    tenantId = /\(([0-9a-f-]{36})\)/.exec(t.stdout)![1]!;
    expect(await one('SELECT name, timezone FROM tenants WHERE id = $1', [tenantId])).toEqual({ name: 'Plant B', timezone: 'Europe/Amsterdam' });
    const [laser, bend] = await Promise.all([
      admin(['cell', 'create', '--tenant', 'Plant B', '--name', 'Laser', '--wip-limit', '5']),
      admin(['cell', 'create', '--tenant', tenantId, '--name', 'Press brake']),
    ]);
    expect([laser.code, bend.code]).toEqual([0, 0]);
    expect(await one('SELECT wip_limit FROM cells WHERE tenant_id = $1 AND name = $2', [tenantId, 'Laser'])).toEqual({ wip_limit: 5 });
    const log = await one<{ n: string }>("SELECT count(*) AS n FROM activity_log WHERE tenant_id = $1 AND entity_type IN ('tenant', 'cell')", [tenantId]);
    expect(Number(log.n)).toBe(3);
  });

  it('sets an OEE site with its availability mode and target, and puts cells in it', async () => {
    const r = await admin(['site', 'set', '--tenant', 'Plant B', '--name', 'Main hall', '--mode', 'strict', '--target', '85', '--cells', 'Laser,Press brake']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const site = await one<{ id: string; availability_mode: string; oee_target: string }>("SELECT id, availability_mode, oee_target FROM oee_sites WHERE tenant_id = $1 AND name = 'Main hall'", [tenantId]);
    expect(site).toMatchObject({ availability_mode: 'strict', oee_target: '0.85' });
    expect(await one<{ n: string }>('SELECT count(*) AS n FROM cells WHERE oee_site_id = $1', [site.id])).toEqual({ n: '2' });
    // Setting it again changes the mode and keeps the target and the cells.
    expect((await admin(['site', 'set', '--tenant', 'Plant B', '--name', 'Main hall', '--mode', 'teep'])).code).toBe(0);
    expect(await one('SELECT availability_mode, oee_target FROM oee_sites WHERE id = $1', [site.id])).toEqual({ availability_mode: 'teep', oee_target: '0.85' });
    expect(await one<{ n: string }>("SELECT count(*) AS n FROM activity_log WHERE tenant_id = $1 AND entity_type = 'oee_site'", [tenantId])).toEqual({ n: '2' });
  });

  it('creates an operator and a supervisor with argon2id PIN hashes', async () => {
    const [op, sup] = await Promise.all([
      admin(['operator', 'create', '--tenant', 'Plant B', '--employee-id', '501', '--name', 'Op One', '--pin', '1234']),
      admin(['supervisor', 'create', '--tenant', 'Plant B', '--employee-id', '601', '--name', 'Sue Pervisor', '--pin', '987654']),
    ]);
    expect([op.code, sup.code, op.stderr, sup.stderr]).toEqual([0, 0, '', '']);
    const o = await one<{ role: string; pin_hash: string; is_machine: boolean }>("SELECT role::text, pin_hash, is_machine FROM profiles WHERE employee_id = '501'");
    expect(o.role).toBe('operator');
    expect(o.is_machine).toBe(false);
    expect(await verifyPin(o.pin_hash, '1234')).toBe(true);
    expect(o.pin_hash).not.toContain('1234');
    const s = await one<{ role: string; pin_hash: string }>("SELECT role::text, pin_hash FROM profiles WHERE employee_id = '601'");
    expect(s.role).toBe('supervisor');
    expect(await verifyPin(s.pin_hash, '987654')).toBe(true);
  });

  it('creates a machine account and prints its key once, storing only prefix + hash', async () => {
    const r = await admin(['machine', 'create', '--tenant', 'Plant B', '--employee-id', 'M-1', '--name', 'Laser counter']);
    expect(r.code).toBe(0);
    const key = /(mk_[A-Za-z0-9_-]{32})/.exec(r.stdout)![1]!;
    const k = await one<{ key_prefix: string; key_hash: string; is_machine: boolean; active: boolean }>(
      "SELECT k.key_prefix, k.key_hash, p.is_machine, k.active FROM api_keys k JOIN profiles p ON p.id = k.profile_id WHERE p.employee_id = 'M-1'",
    );
    expect(k.is_machine).toBe(true);
    expect(k.active).toBe(true);
    expect(k.key_prefix).toBe(keyPrefix(key));
    expect(keyMatches(key, k.key_hash)).toBe(true);
    const leaked = await one<{ n: string }>("SELECT count(*) AS n FROM api_keys WHERE key_hash LIKE '%' || $1 || '%' OR name LIKE '%' || $1 || '%'", [key]);
    expect(Number(leaked.n)).toBe(0);
  });

  it('resets a PIN and unlocks an operator, stamping lockout_cleared_at', async () => {
    const reset = await admin(['pin', 'reset', '--tenant', 'Plant B', '--employee-id', '501', '--pin', '24680']);
    expect(reset.code).toBe(0);
    const after = await one<{ pin_hash: string; lockout_cleared_at: Date }>("SELECT pin_hash, lockout_cleared_at FROM profiles WHERE employee_id = '501'");
    expect(await verifyPin(after.pin_hash, '24680')).toBe(true);
    expect(await verifyPin(after.pin_hash, '1234')).toBe(false);
    expect(after.lockout_cleared_at).toBeInstanceOf(Date);
    const unlock = await admin(['unlock', '--tenant', tenantId, '--employee-id', '501']);
    expect(unlock.code).toBe(0);
    expect(unlock.stdout).toMatch(/lockout cleared/);
    const later = await one<{ lockout_cleared_at: Date }>("SELECT lockout_cleared_at FROM profiles WHERE employee_id = '501'");
    expect(later.lockout_cleared_at.getTime()).toBeGreaterThan(after.lockout_cleared_at.getTime());
  });

  it('issues a one-time enrollment code scoped to the tenant and cells, storing only its SHA-256', async () => {
    const r = await admin(['enroll-code', '--tenant', 'Plant B', '--cells', 'laser, Press brake', '--name', 'Laser terminal', '--expires-in', '2']);
    expect(r.code).toBe(0);
    const code = /shown once\): (\S+)/.exec(r.stdout)![1]!;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const row = await one<{ tenant_id: string; cells: string[]; terminal_name: string; hours: number; used_at: Date | null; code_hash: string }>(
      `SELECT e.tenant_id, (SELECT array_agg(c.name ORDER BY c.name) FROM cells c WHERE c.id = ANY (e.cell_ids)) AS cells, e.terminal_name,
              round(extract(epoch FROM e.expires_at - e.created_at) / 3600)::int AS hours, e.used_at, e.code_hash
         FROM terminal_enrollment_codes e`,
    );
    expect(row).toEqual({
      tenant_id: tenantId,
      cells: ['Laser', 'Press brake'],
      terminal_name: 'Laser terminal',
      hours: 2,
      used_at: null,
      code_hash: createHash('sha256').update(code, 'utf8').digest('hex'),
    });
  });

  it('the printed code enrolls one terminal through the central enroll function, and only once', async () => {
    const r = await admin(['enroll-code', '--tenant', 'Plant B', '--cells', 'Laser', '--name', 'Enrol me']);
    expect(r.code).toBe(0);
    const code = /shown once\): (\S+)/.exec(r.stdout)![1]!;
    const enrolled = await one<{ r: { device_id: string; tenant_id: string; cell_ids: string[] } }>("SELECT terminal_enroll($1, 'Enrol me', '0.1.0') AS r", [code]);
    expect(enrolled.r.tenant_id).toBe(tenantId);
    const laser = await one<{ id: string }>("SELECT id FROM cells WHERE tenant_id = $1 AND name = 'Laser'", [tenantId]);
    expect(enrolled.r.cell_ids).toEqual([laser.id]);
    await expect(db.pool.query("SELECT terminal_enroll($1, 'Twice', '0.1.0')", [code])).rejects.toThrow(/already used/);
  });

  it('lists terminals and revokes one (a second revoke is reported, not an error)', async () => {
    const termId = randomUUID();
    const cell = await one<{ id: string }>("SELECT id FROM cells WHERE name = 'Laser'");
    await db.pool.query(
      "INSERT INTO terminals (id, tenant_id, name, cell_ids, credential_prefix, credential_hash, app_version, queue_depth, dead_letters) VALUES ($1, $2, 'Laser terminal', $3, 'abcdefgh', $4, '0.1.0', 3, 1)",
      [termId, tenantId, [cell.id], 'f'.repeat(64)],
    );
    const list = await admin(['terminal', 'list', '--tenant', 'Plant B']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(termId);
    expect(list.stdout).toMatch(/Plant B \/ Laser terminal\s+\[active\]/);
    expect(list.stdout).toMatch(/cells: Laser;/);
    expect(list.stdout).toMatch(/queue 3/);
    // Moved to two cells without enrolling again.
    const moved = await admin(['terminal', 'cells', '--id', termId, '--cells', 'Laser,Press brake']);
    expect([moved.code, moved.stderr]).toEqual([0, '']);
    expect(moved.stdout).toMatch(/now serves: Laser, Press brake/);
    expect((await one<{ n: number }>('SELECT cardinality(cell_ids) AS n FROM terminals WHERE id = $1', [termId])).n).toBe(2);
    const revoke = await admin(['terminal', 'revoke', '--id', termId]);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toMatch(/revoked at/);
    expect((await one<{ revoked_at: Date | null }>('SELECT revoked_at FROM terminals WHERE id = $1', [termId])).revoked_at).toBeInstanceOf(Date);
    const again = await admin(['terminal', 'revoke', '--id', termId]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already revoked/);
    const json = await admin(['terminal', 'list', '--json']);
    const parsed = JSON.parse(json.stdout) as { id: string; revoked_at: string | null }[];
    expect(parsed.find((t) => t.id === termId)?.revoked_at).toBeTruthy();
  });
});

describe('admin CLI: migrate and terminal logins', () => {
  it('migrate applies the schema to an empty database, then reports it up to date', async () => {
    const empty = await createTestDatabase({ migrate: false });
    try {
      const first = await admin(['migrate'], { DATABASE_URL: empty.url });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/applied \d+ migration/);
      const { rows } = await empty.pool.query<{ n: string }>('SELECT count(*) AS n FROM shopfloor_schema_migrations');
      expect(Number(rows[0]!.n)).toBeGreaterThan(10);
      const again = await admin(['migrate'], { DATABASE_URL: empty.url });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('up to date');
    } finally {
      await empty.drop();
    }
  });

  it('migrate refuses a database of another application and leaves it unchanged', async () => {
    const foreign = await createTestDatabase({ migrate: false });
    try {
      await foreign.pool.query('CREATE TABLE jobs (id int PRIMARY KEY, title text)');
      const r = await admin(['migrate'], { DATABASE_URL: foreign.url });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/another application/);
      const { rows } = await foreign.pool.query<{ t: string | null }>("SELECT to_regclass('public.shopfloor_schema_migrations')::text AS t");
      expect(rows[0]!.t).toBeNull();
    } finally {
      await foreign.drop();
    }
  });

  it('terminal-login create makes a LOGIN role that can call the sync functions and read no table', async () => {
    const name = `tl_${randomUUID().slice(0, 8)}`;
    const r = await admin(['terminal-login', 'create', '--name', name, '--password', 'correct-horse-battery']);
    expect(r.code, r.stderr).toBe(0);
    const url = new URL(db.url);
    url.username = name;
    url.password = 'correct-horse-battery';
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      await expect(c.query('SELECT count(*) FROM profiles')).rejects.toThrow(/permission denied/);
      // The function itself is callable; a wrong credential is refused by its own check.
      await expect(c.query("SELECT terminal_heartbeat('dc_nope', '{}'::jsonb)")).rejects.toThrow(/credential/i);
    } finally {
      await c.end();
    }
  });

  it('terminal-login create refuses a short password and a bad name', async () => {
    const short = await admin(['terminal-login', 'create', '--name', 'tl_short', '--password', 'abc']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--password');
    const bad = await admin(['terminal-login', 'create', '--name', 'Bad-Name', '--password', 'long-enough-password']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--name');
  });
});

describe('admin CLI: bad input', () => {
  it('refuses each bad input with a non-zero exit and a message naming the field, writing nothing', async () => {
    const before = await snapshot();
    const closedPort = await freePort();
    const cases: { args: string[]; env?: Record<string, string | undefined>; code: number; message: RegExp }[] = [
      { args: ['operator', 'create', '--tenant', 'Plant B', '--employee-id', '777', '--name', 'X', '--pin', '12'], code: 2, message: /--pin: must be 4 to 6 digits/ },
      { args: ['operator', 'create', '--tenant', 'Plant B', '--employee-id', '777', '--name', 'X', '--pin', '1234567'], code: 2, message: /--pin: must be 4 to 6 digits/ },
      { args: ['supervisor', 'create', '--tenant', 'Plant B', '--employee-id', '777', '--name', 'X', '--pin', '12a4'], code: 2, message: /--pin: must be 4 to 6 digits/ },
      { args: ['pin', 'reset', '--tenant', 'Plant B', '--employee-id', '501', '--pin', '99'], code: 2, message: /--pin: must be 4 to 6 digits/ },
      { args: ['operator', 'create', '--tenant', 'Plant B', '--employee-id', '501', '--name', 'Dup', '--pin', '1111'], code: 2, message: /--employee-id: employee id "501" is already taken/ },
      { args: ['machine', 'create', '--tenant', 'Plant B', '--employee-id', '601', '--name', 'Dup'], code: 2, message: /--employee-id: employee id "601" is already taken/ },
      { args: ['operator', 'create', '--tenant', 'No Such Plant', '--employee-id', '778', '--name', 'X', '--pin', '1234'], code: 2, message: /--tenant: unknown tenant "No Such Plant"/ },
      { args: ['cell', 'create', '--tenant', randomUUID(), '--name', 'Paint'], code: 2, message: /--tenant: unknown tenant/ },
      { args: ['enroll-code', '--tenant', 'Plant B', '--cells', 'Laser,Nope', '--name', 'T'], code: 2, message: /--cells: unknown cell "Nope"/ },
      { args: ['enroll-code', '--tenant', 'Plant B', '--name', 'T'], code: 2, message: /--cells: required/ },
      { args: ['unlock', '--tenant', 'Plant B', '--employee-id', 'ghost'], code: 2, message: /--employee-id: no person with employee id "ghost"/ },
      { args: ['cell', 'create', '--tenant', 'Plant B', '--name', 'Paint', '--wip-limit', 'lots'], code: 2, message: /--wip-limit: must be a whole number/ },
      { args: ['tenant', 'create', '--name', 'Plant C', '--timezone', 'Mars/Olympus'], code: 2, message: /--timezone: unknown time zone/ },
      { args: ['terminal', 'revoke', '--id', randomUUID()], code: 2, message: /--id: unknown terminal/ },
      { args: ['terminal', 'revoke', '--id', 'not-a-uuid'], code: 2, message: /--id: "not-a-uuid" is not a terminal id/ },
      { args: ['site', 'set', '--tenant', 'Plant B', '--name', 'Hall 2', '--mode', 'lenient'], code: 2, message: /--mode: must be one of standard, strict, teep/ },
      { args: ['site', 'set', '--tenant', 'Plant B', '--name', 'Hall 2', '--target', '120'], code: 2, message: /--target: must be a percentage/ },
      { args: ['site', 'set', '--tenant', 'Plant B', '--name', 'Hall 2', '--cells', 'Nope'], code: 2, message: /--cells: unknown cell "Nope"/ },
      { args: ['site', 'set', '--tenant', 'Plant B'], code: 2, message: /--name: required/ },
      { args: ['terminal', 'cells', '--id', randomUUID(), '--cells', 'Laser'], code: 2, message: /--id: unknown terminal/ },
      { args: ['terminal', 'cells', '--id', 'nope', '--cells', 'Laser'], code: 2, message: /--id: "nope" is not a terminal id/ },
      { args: ['frobnicate'], code: 2, message: /unknown command "frobnicate"/ },
      { args: ['tenant', 'create', '--nmae', 'X'], code: 2, message: /Unknown option '--nmae'/ },
      { args: ['terminal', 'list'], env: {}, code: 2, message: /DATABASE_URL: not set/ },
      { args: ['terminal', 'list'], env: { DATABASE_URL: db.url.replace(/\/[^/]+$/, '/postgres') }, code: 2, message: /DATABASE_URL: .* has no shop-floor schema/ },
      { args: ['terminal', 'list'], env: { DATABASE_URL: `postgres://admin:s3cret@127.0.0.1:${closedPort}/shopfloor` }, code: 3, message: /cannot reach the central database at postgres:\/\/admin:\*\*\*@127\.0\.0\.1/ },
    ];
    const results = await Promise.all(cases.map((c) => admin(c.args, c.env ?? { DATABASE_URL: db.url })));
    results.forEach((r, i) => {
      const c = cases[i]!;
      expect({ args: c.args.join(' '), code: r.code }).toEqual({ args: c.args.join(' '), code: c.code });
      expect(r.stderr, c.args.join(' ')).toMatch(c.message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(r.stderr).not.toContain('s3cret');
    });
    expect(await snapshot()).toBe(before);
  });

  it('gives up on an unreachable host after a short connect timeout', async () => {
    // 192.0.2.0/24 (TEST-NET-1) is never routed: the connect either fails at once or hits the CLI's
    // 5 s connect timeout. Without that timeout TCP would retry for minutes and this test would time out.
    const r = await admin(['terminal', 'list'], { DATABASE_URL: 'postgres://u:p@192.0.2.1:5432/shopfloor' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach the central database at postgres:\/\/u:\*\*\*@192\.0\.2\.1/);
  });
});
