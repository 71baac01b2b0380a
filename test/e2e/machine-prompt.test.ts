// The machine's unexplained-stop prompt in real Chromium against browser mode with a test central:
// the laser's counter posts cycles to the terminal's machine API, then falls silent; once the
// silence is longer than a micro-stop the count watcher opens a stop, the banner asks why, and one
// tap on the reason tiles explains it. The core's clock is a manual clock so the silence is quick.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { manualClock, type ManualClock } from '../../electron/core/clock';
import { demoMachineKey } from '../../db/demo/people';
import { checkScreen, tap } from './support/kiosk';
import { PEOPLE, startStack, type Stack } from './support/stack';
import { closeJourney, openKiosk } from './support/journey';

let stack: Stack;
let clock: ManualClock;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  clock = manualClock(Date.now());
  stack = await startStack({ clock, machine: { enabled: true, port: 0, stop_k: 1, micro_stop_s: 60, watch_interval_ms: 100, change_notice_ms: 100 } });
  ({ browser, page } = await openKiosk(stack.url, PEOPLE.anna));
}, 180_000);

afterAll(async () => {
  await closeJourney(browser, stack);
});

describe('unexplained machine stop prompt', () => {
  it('prompts after a silence longer than a micro-stop and takes the reason in one tap', async () => {
    const status = await stack.mode.runtime.request('query', 'machine.status', {});
    expect(status.ok).toBe(true);
    const { api_url, resources } = (status as { ok: true; value: { api_url: string; resources: { resource_id: string; name: string }[] } }).value;
    const laser = resources.find((r) => r.name === 'TruLaser 3030')!;
    for (const seq of [1, 2, 3]) {
      const res = await fetch(new URL('/api/v1/cycle-counts', api_url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${demoMachineKey('laser-1')}` },
        body: JSON.stringify({ resource_id: laser.resource_id, delta: 1, seq, timestamp: new Date(clock.wallMs()).toISOString() }),
      });
      expect(res.status).toBeLessThan(300);
      clock.advance(45_000);
    }
    expect(await page.getByTestId('unexplained-prompt').count()).toBe(0);
    clock.advance(5 * 60_000); // the laser falls silent
    // the watcher opens the stop on its next look; then it stays open past the micro-stop limit
    await expect
      .poll(async () => {
        const r = await stack.mode.runtime.request('query', 'downtime.list', {});
        return r.ok ? (r.value as { stops: { source: string; ended_at: string | null }[] }).stops.filter((x) => x.source === 'machine' && x.ended_at === null).length : 0;
      }, { timeout: 20_000 })
      .toBe(1);
    clock.advance(2 * 60_000);
    await page.getByTestId('unexplained-prompt').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('unexplained-prompt').textContent()).toContain('TruLaser 3030 has stopped');
    await checkScreen(page, 'machine', 'unexplained-prompt');
    await tap(page, 'unexplained-why');
    await page.getByTestId('dialog-unexplained').waitFor();
    await tap(page, 'group-Tooling');
    await tap(page, 'reason-TOOL-NOZZLE');
    await page.getByTestId('dialog-unexplained').waitFor({ state: 'detached' });
    await page.getByTestId('unexplained-prompt').waitFor({ state: 'detached' });
    const cat = stack.events('downtime.categorised').at(-1);
    const { rows } = await stack.central.pool.query<{ id: string }>("SELECT id FROM oee_downtime_reasons WHERE code = 'TOOL-NOZZLE'");
    expect(cat).toMatchObject({ reason_id: rows[0]!.id });
  });
});
