// Demo mode's terminal side: given the central's superuser URL (the embedded demo central, or a
// test database), it prepares what a plant's admin would: a low-privilege LOGIN user in the
// `shopfloor_terminal` role (the terminal never holds a superuser or service-role secret), and a
// one-time enrollment code for the demo terminal's cells when its store is not enrolled yet.
// The terminal then enrolls itself through the normal sync path on start.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { issueEnrollmentCode } from '../../db/central/cli/admin-ops';
import { DEMO_TENANT_ID } from '../../db/demo/plant';
import { openLocalStore } from '../../db/local/open';
import { STORE_FILE } from '../core/host/terminal-runtime';

export const DEMO_TERMINAL_LOGIN = 'shopfloor_demo_terminal';
/** The demo terminal serves the two cells whose machines post counts in the demo plant. */
export const DEFAULT_DEMO_CELLS = 'Laser,Press brake';

export interface DemoTerminalOptions {
  /** Superuser URL of the migrated, demo-seeded central database. */
  adminUrl: string;
  dataDir: string;
  terminalName?: string;
  /** Comma-separated cell names or ids. */
  cells?: string;
  tenant?: string;
  /**
   * The LOGIN role to create. Roles are server-wide: parallel test runs on one Postgres server
   * pass their own name so one run's re-password does not lock the other out.
   */
  login?: string;
}

export interface DemoTerminalSettings {
  /** The terminal's own central URL, with the low-privilege login. */
  centralUrl: string;
  /** Set when the store still has to enroll. */
  enrollmentCode: string | null;
  terminalName: string;
}

export function isEnrolled(dataDir: string): boolean {
  const file = join(dataDir, STORE_FILE);
  if (!existsSync(file)) return false;
  const db = openLocalStore(file);
  try {
    return db.prepare("SELECT 1 FROM meta WHERE key = 'credential'").get() !== undefined;
  } finally {
    db.close();
  }
}

export async function prepareDemoTerminal(opts: DemoTerminalOptions): Promise<DemoTerminalSettings> {
  const terminalName = opts.terminalName ?? 'Demo terminal';
  // A fresh password each start: the URL only lives in this run's config, and a leaked one from
  // an earlier run stops working.
  const password = randomBytes(18).toString('base64url');
  const client = new pg.Client({ connectionString: opts.adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const login = opts.login ?? DEMO_TERMINAL_LOGIN;
    await client.query('SELECT create_terminal_login($1, $2)', [login, password]);
    let enrollmentCode: string | null = null;
    if (!isEnrolled(opts.dataDir)) {
      const issued = await issueEnrollmentCode(client, {
        tenant: opts.tenant ?? DEMO_TENANT_ID,
        cells: opts.cells ?? DEFAULT_DEMO_CELLS,
        name: terminalName,
        expiresInHours: '1',
      });
      enrollmentCode = issued.code;
    }
    const url = new URL(opts.adminUrl);
    url.username = login;
    url.password = password;
    return { centralUrl: url.toString(), enrollmentCode, terminalName };
  } finally {
    await client.end();
  }
}
