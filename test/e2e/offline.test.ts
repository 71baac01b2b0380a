// The offline journey in real Chromium against browser mode with its own demo central (a
// dedicated embedded Postgres): stop the central's server, keep working, watch the badge's
// pending count climb and the offline banner appear, start the server again, watch the queue
// drain to zero, and find every event once in the central's tables. Last, an administrator
// revokes the terminal: the screen says so, and new work is kept on the terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkScreen, tap, text, typeOsk } from './support/kiosk';
import { PEOPLE, startStack, type Stack } from './support/stack';
import { revokeTerminal } from '../../db/central/cli/admin-ops';
import { closeJourney, openKiosk } from './support/journey';

let stack: Stack;
let browser: Browser;
let page: Page;
let op: { operation_id: string };
const pending = async () => Number(await text(page, 'sync-pending'));

beforeAll(async () => {
  stack = await startStack({ ownCentral: true });
  op = await stack.firstOperation('Laser', 'ready');
  ({ browser, page } = await openKiosk(stack.url, PEOPLE.anna));
}, 180_000);

afterAll(async () => {
  await closeJourney(browser, stack);
});

describe('offline journey', () => {
  it('starts online with nothing pending', async () => {
    await expect.poll(() => text(page, 'sync-online'), { timeout: 30_000 }).toContain('Online');
    await expect.poll(pending, { timeout: 30_000 }).toBe(0);
  });

  it('keeps working with the central stopped; the pending count climbs and the banner says why', async () => {
    await stack.stopCentral();
    await page.getByTestId(`queue-row-${op.operation_id}`).click();
    await tap(page, 'action-start');
    await typeOsk(page, 'cf-material_lot', 'OFF1');
    await tap(page, 'start-submit');
    await page.getByTestId('action-pause').waitFor(); // confirmed by the local commit alone
    await expect.poll(() => text(page, 'sync-online'), { timeout: 30_000 }).toContain('Offline');
    await page.getByTestId('banner-offline').waitFor();
    const afterStart = await pending();
    expect(afterStart).toBeGreaterThanOrEqual(1);

    await tap(page, 'action-quantities');
    await typeOsk(page, 'qty-good', '3');
    await tap(page, 'report-submit');
    await page.getByTestId('dialog-report').waitFor({ state: 'detached' });
    await expect.poll(pending).toBe(afterStart + 1);

    await tap(page, 'action-pause');
    await tap(page, 'pause-break');
    await tap(page, 'pause-submit');
    await page.getByTestId('action-resume').waitFor();
    await expect.poll(pending).toBe(afterStart + 2);
    expect(await text(page, 'banner-offline')).toContain(`${afterStart + 2} waiting`);
    await checkScreen(page, 'offline', 'operation-offline');
    await tap(page, 'sync-badge');
    await page.getByTestId('screen-dead-letters').waitFor();
    expect(await text(page, 'sync-detail-pending')).toBe(String(afterStart + 2));
    await checkScreen(page, 'offline', 'sync-details-offline');
  });

  it('drains to zero when the central is back, and the central has every event once', async () => {
    await stack.startCentral();
    await tap(page, 'sync-now'); // skip the backoff wait, as an operator would
    await expect.poll(pending, { timeout: 60_000, interval: 500 }).toBe(0);
    await expect.poll(() => text(page, 'sync-online'), { timeout: 30_000 }).toContain('Online');
    expect(await page.getByTestId('banner-offline').count()).toBe(0);

    const deviceId = (stack.mode.runtime.db.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string }).value;
    const { rows } = await stack.central.pool.query<{ event_id: string; type: string }>("SELECT event_id, type FROM sync_events WHERE terminal_id = $1 AND status = 'applied' ORDER BY device_seq", [deviceId]);
    const local = stack.mode.runtime.db.prepare('SELECT event_id, type FROM outbox ORDER BY device_seq').all() as { event_id: string; type: string }[];
    expect(rows).toEqual(local); // every local event once, in device order
    const entries = await stack.central.pool.query<{ n: string }>('SELECT count(*) AS n FROM time_entries WHERE operation_id = $1', [op.operation_id]);
    expect(Number(entries.rows[0]!.n)).toBe(1);
    const status = await stack.central.pool.query<{ status: string }>('SELECT status FROM operations WHERE id = $1', [op.operation_id]);
    expect(status.rows[0]?.status).toBe('in_progress');
    await checkScreen(page, 'offline', 'sync-details-drained');
  });

  it('a revoked terminal says so on screen and keeps new work queued', async () => {
    const deviceId = (stack.mode.runtime.db.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as { value: string }).value;
    const c = await stack.central.pool.connect();
    try {
      await revokeTerminal(c, { id: deviceId });
    } finally {
      c.release();
    }
    await tap(page, 'nav-queue');
    await page.getByTestId(`queue-row-${op.operation_id}`).click();
    await tap(page, 'action-quantities');
    await typeOsk(page, 'qty-good', '1');
    await tap(page, 'report-submit');
    await page.getByTestId('dialog-report').waitFor({ state: 'detached' });
    await page.getByTestId('banner-revoked').waitFor({ timeout: 30_000 });
    expect(await text(page, 'banner-revoked')).toContain('revoked');
    expect(await text(page, 'sync-online')).toContain('Sync stopped');
    await expect.poll(pending).toBeGreaterThanOrEqual(1);
    await checkScreen(page, 'offline', 'revoked');
  });
});
