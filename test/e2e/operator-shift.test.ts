// An operator's whole shift in real Chromium against the browser-mode stack: log in on the
// on-screen keyboard and PIN pad, start, pause with a reason, resume, report quantities with
// scrap, complete, report an issue with a photo (a file input) — and each step is checked both on
// screen and in the terminal's outbox (the durable record the sync pushes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { kioskContext, launchChromium } from './support/chromium';
import { checkScreen, enterPin, tap, text, typeOsk } from './support/kiosk';
import { startStack, type Stack } from './support/stack';
import { cleanTempDirs } from '../support/tmp';

// A 1x1 PNG, the "photo" attached through the file input.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let stack: Stack;
let browser: Browser;
let page: Page;

function outboxTypes(): string[] {
  return (stack.runtime.db.prepare('SELECT type FROM outbox ORDER BY device_seq').all() as { type: string }[]).map((r) => r.type);
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  page = await (await kioskContext(browser, 'small')).newPage();
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  cleanTempDirs();
});

describe('operator shift', () => {
  it('logs in with the on-screen keyboard and the PIN pad', async () => {
    await page.goto(stack.url);
    await page.getByTestId('screen-login').waitFor();
    await checkScreen(page, 'operator-shift', 'login');
    await typeOsk(page, 'login-employee', stack.fx.employees.op1);
    expect(await page.getByTestId('login-employee').inputValue()).toBe(stack.fx.employees.op1);
    await enterPin(page, '1111');
    await page.getByTestId('screen-queue').waitFor();
    expect(await text(page, 'status-operator')).toBe('Ada Operator');
    expect(await text(page, 'status-terminal')).toBeTruthy();
    await page.getByTestId(`queue-row-${stack.fx.ops[0]}`).waitFor();
    await checkScreen(page, 'operator-shift', 'queue');
    expect(outboxTypes()).toContain('session.opened');
  });

  it('starts, pauses with a reason and resumes', async () => {
    await page.getByTestId(`queue-row-${stack.fx.ops[0]}`).click();
    await page.getByTestId('screen-operation').waitFor();
    await checkScreen(page, 'operator-shift', 'operation');
    await tap(page, 'action-start');
    await page.getByTestId('action-pause').waitFor();
    expect(await text(page, 'toast')).toBe('Started');
    expect(await text(page, 'op-status')).toBe('In progress');
    await page.getByTestId('status-timer').waitFor();

    await tap(page, 'action-pause');
    await page.getByTestId('dialog-pause').waitFor();
    await checkScreen(page, 'operator-shift', 'pause-dialog');
    await tap(page, 'pause-pause.material');
    await tap(page, 'pause-submit');
    await page.getByTestId('action-resume').waitFor();
    expect(await text(page, 'toast')).toBe('Paused');

    await tap(page, 'action-resume');
    await page.getByTestId('action-pause').waitFor();
    const types = outboxTypes();
    expect(types.slice(-3)).toEqual(['operation.started', 'operation.paused', 'operation.resumed']);
    const paused = stack.runtime.db.prepare("SELECT payload FROM outbox WHERE type = 'operation.paused'").get() as { payload: string };
    expect(JSON.parse(paused.payload).reason).toBe('Waiting for material');
  });

  it('reports quantities with scrap: validation as typed, then the commit', async () => {
    await tap(page, 'action-quantities');
    await page.getByTestId('dialog-report').waitFor();
    await typeOsk(page, 'qty-good', '8');
    await typeOsk(page, 'qty-scrap', '2');
    // scrap without a reason is refused on the spot, in words, and the button stays disabled
    expect(await page.getByTestId('dialog-report').textContent()).toContain('Choose a scrap reason.');
    expect(await page.getByTestId('report-submit').isDisabled()).toBe(true);
    await checkScreen(page, 'operator-shift', 'quantities-dialog');
    await tap(page, 'scrap-reason-DIM');
    expect(await page.getByTestId('scrap-qty-0').inputValue()).toBe('2');
    expect(await text(page, 'qty-produced')).toBe('10');
    await tap(page, 'report-submit');
    await page.getByTestId('dialog-report').waitFor({ state: 'detached' });
    await expect.poll(() => text(page, 'op-gsr')).toBe('8 / 2 / 0');
    const q = JSON.parse((stack.runtime.db.prepare("SELECT payload FROM outbox WHERE type = 'quantity.reported'").get() as { payload: string }).payload);
    expect(q.quantities).toMatchObject({ good: 8, scrap: 2, rework: 0, produced: 10, scrap_reasons: [{ reason_id: stack.fx.scrapReasons.dimension, quantity: 2 }] });
  });

  it('reports an issue with a photo', async () => {
    await tap(page, 'action-issue');
    await page.getByTestId('dialog-issue').waitFor();
    await tap(page, 'issue-submit');
    // nothing chosen yet: the reasons show next to the fields, nothing was recorded
    expect(await page.getByTestId('dialog-issue').textContent()).toContain('Choose a severity.');
    expect(outboxTypes()).not.toContain('issue.reported');
    await tap(page, 'issue-sev-high');
    await page.getByTestId('issue-description').fill('Burr on the cut edge');
    await page.getByTestId('issue-file').setInputFiles({ name: 'edge.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('issue-photo').waitFor();
    await checkScreen(page, 'operator-shift', 'issue-dialog');
    await tap(page, 'issue-submit');
    await page.getByTestId('dialog-issue').waitFor({ state: 'detached' });
    await page.getByTestId('issue-row').waitFor();
    const issue = JSON.parse((stack.runtime.db.prepare("SELECT payload FROM outbox WHERE type = 'issue.reported'").get() as { payload: string }).payload);
    expect(issue).toMatchObject({ severity: 'high', description: 'Burr on the cut edge' });
    expect(issue.photos).toHaveLength(1);
    expect(issue.photos[0]).toMatchObject({ file_name: 'edge.png', mime_type: 'image/png', size_bytes: PNG.length });
  });

  it('completes the operation', async () => {
    await tap(page, 'action-complete');
    await page.getByTestId('dialog-complete').waitFor();
    await tap(page, 'complete-submit');
    await expect.poll(() => text(page, 'op-status')).toBe('Completed');
    expect(await page.getByTestId('action-start').count()).toBe(0);
    expect(outboxTypes().at(-1)).toBe('operation.completed');
    await checkScreen(page, 'operator-shift', 'operation-completed');
  });
});
