// `npm run admin -- <command>`: administration of any central named by DATABASE_URL (the embedded
// one from `npm run central`, a plant's Postgres, or a Supabase project's direct URL).
// Exit codes: 0 done, 2 bad input (the message names the field), 3 database unreachable, 1 other.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrateCentral } from '../migrate';
import { AdminInputError } from './admin-errors';
import {
  createCell,
  createMachine,
  createPerson,
  createTenant,
  issueEnrollmentCode,
  listTerminals,
  resetPin,
  revokeTerminal,
  setSite,
  setTerminalCells,
  unlockPerson,
} from './admin-ops';

export const USAGE = `Usage: npm run admin -- <command> [options]      (DATABASE_URL names the central)

Commands:
  migrate            apply the central migrations (a fresh database, or an upgrade); refuses another
                     application's database
  terminal-login create --name <role name> --password <password>
                     a LOGIN role that can only call the terminal sync functions (postgres:// centrals)
  tenant create      --name <name> [--company <name>] [--timezone <IANA zone>]
  cell create        --tenant <id|name> --name <name> [--wip-limit <n>] [--sequence <n>]
  site set           --tenant <id|name> --name <site> [--mode standard|strict|teep] [--target <OEE %>]
                     [--cells <id|name,...>]   creates or updates an OEE site; the cells join it and
                     their terminals compute live OEE in its availability mode
  operator create    --tenant <id|name> --employee-id <id> --name <full name> --pin <4-6 digits>
  supervisor create  --tenant <id|name> --employee-id <id> --name <full name> --pin <4-6 digits>
  machine create     --tenant <id|name> --employee-id <id> --name <name>
                     prints the machine key ONCE; only its hash is stored
  pin reset          --tenant <id|name> --employee-id <id> --pin <4-6 digits>   (also clears a lockout)
  unlock             --tenant <id|name> --employee-id <id>
  enroll-code        --tenant <id|name> --cells <id|name,...> --name <terminal name> [--expires-in <hours, default 24>]
                     prints a one-time enrollment code ONCE; only its hash is stored
  terminal list      [--tenant <id|name>] [--json]
  terminal cells     --id <terminal id> --cells <id|name,...>   serve other cells (no re-enrollment; the
                     terminal picks them up at its next sync)
  terminal revoke    --id <terminal id>

Options:
  -h, --help         show this help

Examples:
  DATABASE_URL=postgres://postgres:postgres@127.0.0.1:54320/shopfloor npm run admin -- terminal list
  npm run admin -- operator create --tenant "Demo Plant" --employee-id 1013 --name "Mia Kok" --pin 4821
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  company: { type: 'string' },
  timezone: { type: 'string' },
  tenant: { type: 'string' },
  'wip-limit': { type: 'string' },
  sequence: { type: 'string' },
  'employee-id': { type: 'string' },
  pin: { type: 'string' },
  cells: { type: 'string' },
  'expires-in': { type: 'string' },
  id: { type: 'string' },
  password: { type: 'string' },
  mode: { type: 'string' },
  target: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
type Out = (line: string) => void;

class UsageError extends Error {}

const CONNECT_TIMEOUT_MS = 5000;

/** A URL safe to print: the password is never echoed. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

async function connect(url: string | undefined, opts: { requireSchema: boolean }): Promise<pg.Client> {
  if (!url) throw new AdminInputError('DATABASE_URL', 'not set; point it at the central, e.g. postgres://postgres:postgres@127.0.0.1:54320/shopfloor');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AdminInputError('DATABASE_URL', 'is not a URL (expected postgres://user:password@host:port/database)');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new AdminInputError('DATABASE_URL', `expected a postgres:// URL, got ${parsed.protocol}//`);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined); // a dropped connection surfaces on the next query instead
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    const e = err as { message?: string; code?: string };
    throw new UnreachableError(`cannot reach the central database at ${redact(url)}: ${e.message || e.code || 'connection failed'}`);
  }
  // A reachable server without our schema (a wrong database name, a fresh Supabase project).
  const { rows } = await client.query<{ t: string | null }>("SELECT to_regclass('public.shopfloor_schema_migrations')::text AS t");
  if (opts.requireSchema && !rows[0]?.t) {
    await client.end().catch(() => undefined);
    throw new AdminInputError('DATABASE_URL', `${redact(url)} has no shop-floor schema; start it with npm run central or apply db/central/migrations first`);
  }
  return client;
}

class UnreachableError extends Error {}

function fmt(d: Date | null): string {
  return d ? d.toISOString().replace('.000Z', 'Z') : '-';
}

async function dispatch(db: pg.Client, words: string[], v: Values, out: Out): Promise<void> {
  const cmd = words.join(' ');
  switch (cmd) {
    case 'migrate': {
      const applied = await migrateCentral(db);
      out(applied.length === 0 ? 'central schema is up to date' : `applied ${applied.length} migration(s): ${applied.join(', ')}`);
      return;
    }
    case 'terminal-login create': {
      if (!v.name) throw new AdminInputError('--name', 'is required (lower-case letters, digits and underscores)');
      if (!v.name.match(/^[a-z_][a-z0-9_]{2,62}$/)) throw new AdminInputError('--name', 'lower-case letters, digits and underscores only, 3-63 characters');
      if (!v.password || v.password.length < 12) throw new AdminInputError('--password', 'is required and must be at least 12 characters');
      await db.query('SELECT create_terminal_login($1, $2)', [v.name, v.password]);
      out(`terminal login ${v.name} ready: it can only execute the terminal sync functions`);
      return;
    }
    case 'tenant create': {
      const t = await createTenant(db, { name: v.name, company: v.company, timezone: v.timezone });
      out(`tenant created: ${t.name} (${t.id})`);
      return;
    }
    case 'cell create': {
      const c = await createCell(db, { tenant: v.tenant, name: v.name, wipLimit: v['wip-limit'], sequence: v.sequence });
      out(`cell created: ${c.name} (${c.id})`);
      return;
    }
    case 'site set': {
      const site = await setSite(db, { tenant: v.tenant, name: v.name, mode: v.mode, target: v.target, cells: v.cells });
      out(`OEE site ${site.name} (${site.id}): availability mode ${site.mode}${site.cells.length > 0 ? `; cells: ${site.cells.join(', ')}` : ''}`);
      return;
    }
    case 'operator create':
    case 'supervisor create': {
      const role = words[0] === 'supervisor' ? 'supervisor' : 'operator';
      const p = await createPerson(db, { tenant: v.tenant, employeeId: v['employee-id'], name: v.name, pin: v.pin, role });
      out(`${role} created: employee id ${p.employeeId} (${p.id})`);
      return;
    }
    case 'machine create': {
      const m = await createMachine(db, { tenant: v.tenant, employeeId: v['employee-id'], name: v.name });
      out(`machine account created (${m.id})`);
      out(`machine key (shown once, store it in the machine now): ${m.key}`);
      return;
    }
    case 'pin reset': {
      const p = await resetPin(db, { tenant: v.tenant, employeeId: v['employee-id'], pin: v.pin });
      out(`PIN reset and lockout cleared for employee id ${v['employee-id']} (${p.id})`);
      return;
    }
    case 'unlock': {
      const p = await unlockPerson(db, { tenant: v.tenant, employeeId: v['employee-id'] });
      out(`lockout cleared for employee id ${v['employee-id']} at ${fmt(p.clearedAt)}; terminals forget earlier PIN failures on their next sync`);
      return;
    }
    case 'enroll-code': {
      const e = await issueEnrollmentCode(db, { tenant: v.tenant, cells: v.cells, name: v.name, expiresInHours: v['expires-in'] });
      out(`enrollment code (one-time, shown once): ${e.code}`);
      out(`expires: ${fmt(e.expiresAt)}; cells: ${e.cellIds.join(', ')}`);
      return;
    }
    case 'terminal cells': {
      const r = await setTerminalCells(db, { id: v.id, cells: v.cells });
      out(`terminal ${r.name} (${r.id}) now serves: ${r.cells.join(', ')}`);
      return;
    }
    case 'terminal revoke': {
      const r = await revokeTerminal(db, { id: v.id });
      out(r.already ? `terminal ${r.name} (${r.id}) was already revoked at ${fmt(r.revokedAt)}` : `terminal ${r.name} (${r.id}) revoked at ${fmt(r.revokedAt)}; its syncs are refused from now on`);
      return;
    }
    case 'terminal list': {
      const rows = await listTerminals(db, { tenant: v.tenant });
      if (v.json) {
        out(JSON.stringify(rows, null, 2));
        return;
      }
      if (rows.length === 0) {
        out('no terminals enrolled');
        return;
      }
      for (const t of rows) {
        const state = t.revoked_at ? `REVOKED ${fmt(t.revoked_at)}` : 'active';
        out(`${t.id}  ${t.tenant} / ${t.name}  [${state}]`);
        out(`    cells: ${t.cells.join(', ') || '-'}; enrolled ${fmt(t.enrolled_at)}; last seen ${fmt(t.last_seen_at)}; app ${t.app_version ?? '-'}`);
        out(`    queue ${t.queue_depth ?? '-'}, oldest pending ${t.oldest_pending_s ?? '-'} s, dead letters ${t.dead_letters ?? '-'}, clock skew ${t.clock_skew_ms ?? '-'} ms`);
      }
      return;
    }
    default:
      throw new UsageError(words.length === 0 ? 'no command given' : `unknown command "${cmd}"`);
  }
}

/** Runs the CLI; returns the exit code. Exported for callers that embed it. */
export async function runAdmin(argv: string[], env: NodeJS.ProcessEnv, out: Out, err: Out): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (e) {
    err(`admin: ${(e as Error).message}`);
    err('run with --help for usage');
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    err('admin: no command given\n');
    err(USAGE);
    return 2;
  }
  let db: pg.Client | undefined;
  try {
    db = await connect(env.DATABASE_URL, { requireSchema: positionals[0] !== 'migrate' });
    await dispatch(db, positionals, values, out);
    return 0;
  } catch (e) {
    if (e instanceof AdminInputError) {
      err(`admin: ${e.message}`);
      return 2;
    }
    if (e instanceof UsageError) {
      err(`admin: ${e.message}; run with --help for usage`);
      return 2;
    }
    if (e instanceof UnreachableError) {
      err(`admin: ${e.message}`);
      return 3;
    }
    err(`admin: failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await db?.end().catch(() => undefined);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('db/central/cli/admin.ts')) {
  runAdmin(process.argv.slice(2), process.env, (l) => console.log(l), (l) => console.error(l)).then((code) => {
    process.exitCode = code;
  });
}
