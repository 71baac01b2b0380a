// Demo mode's terminal side: given the central's superuser URL (the embedded demo central, or a
// test database), it prepares what a plant's admin would: a low-privilege LOGIN user in the
// `shopfloor_terminal` role (the terminal never holds a superuser or service-role secret), and a
// one-time enrollment code for the demo terminal's cells when its store is not enrolled yet.
// The terminal then enrolls itself through the normal sync path on start.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
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
  log?: (line: string) => void;
}

export interface DemoTerminalSettings {
  /** The terminal's own central URL, with the low-privilege login. */
  centralUrl: string;
  /** Set when the store still has to enroll. */
  enrollmentCode: string | null;
  terminalName: string;
}

/** The device id of an enrolled store in `dataDir`, or null when it is not enrolled (or absent). */
export function enrolledDeviceId(dataDir: string): string | null {
  const file = join(dataDir, STORE_FILE);
  if (!existsSync(file)) return null;
  const db = openLocalStore(file);
  try {
    const credential = db.prepare("SELECT value FROM meta WHERE key = 'credential'").get();
    const device = db.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string } | undefined;
    return credential && device ? device.value : null;
  } finally {
    db.close();
  }
}

/**
 * A demo store enrolled with a central that no longer knows it (the central's data was reset)
 * could never sync again. In demo mode it is moved aside, not deleted, and the terminal enrolls
 * afresh; the old file stays next to it for inspection.
 */
function setAsideOrphanedStore(dataDir: string, log: (line: string) => void): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const suffix of ['', '-wal', '-shm']) {
    const f = join(dataDir, STORE_FILE + suffix);
    if (existsSync(f)) renameSync(f, `${f}.orphaned-${stamp}`);
  }
  log(`demo: the terminal store in ${dataDir} was enrolled with a central that no longer knows it; moved it aside (*.orphaned-${stamp}) and enrolling again.`);
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
    const deviceId = enrolledDeviceId(opts.dataDir);
    if (deviceId) {
      const known = await client.query('SELECT 1 FROM terminals WHERE id = $1', [deviceId]);
      if (known.rowCount === 0) setAsideOrphanedStore(opts.dataDir, opts.log ?? console.warn);
    }
    if (!enrolledDeviceId(opts.dataDir)) {
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
