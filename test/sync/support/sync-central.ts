// The central side shared by the sync and fault suites: registers the file's beforeAll/afterAll
// that create a fresh migrated database, the low-privilege terminal login and one seeded tenant,
// and enrolls terminals against it. The returned object is filled once beforeAll has run.
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { cleanTempDirs } from '../../support/tmp';
import { enrollTerminal, seedTenant, type TenantFixture } from './central-fixture';
import { openTerminal, terminalUrl, type LocalTerminal } from './terminal-fixture';

export interface SyncCentral {
  db: TestDatabase;
  /** The terminal login's URL straight to Postgres. */
  directUrl: string;
  /** The URL terminals are given (a fault proxy may sit in front: test/fault/fault-central.ts). */
  url: string;
  tenant: TenantFixture;
  /** Enrolls a terminal for the tenant's first cell and opens its local store. */
  newTerminal(): Promise<LocalTerminal>;
}

export function useSyncCentral(tenantName: string, cells: number): SyncCentral {
  const c = {
    async newTerminal() {
      const t = await enrollTerminal(c.db.pool, c.tenant.tenantId, [c.tenant.cellIds[0]!]);
      return openTerminal({ deviceId: t.deviceId, centralUrl: c.url, credential: t.credential });
    },
  } as SyncCentral;
  beforeAll(async () => {
    c.db = await createTestDatabase();
    c.directUrl = await terminalUrl(c.db.url);
    c.url = c.directUrl;
    c.tenant = await seedTenant(c.db.pool, tenantName, cells);
  });
  afterAll(async () => {
    await c.db?.drop();
    cleanTempDirs();
  });
  return c;
}
