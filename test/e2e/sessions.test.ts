// Sessions in real Chromium against browser mode with a test central: a PIN lockout shown with its time left, the
// idle lock that keeps a half-filled form and a running timer and restores them after the PIN,
// and the language chosen per operator session.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeContexts, kioskContext, launchChromium } from './support/chromium';
import { checkScreen, enterPin, login, tap, text, typeOsk } from './support/kiosk';
import { PEOPLE, startStack, type Stack } from './support/stack';
import { cleanTempDirs } from '../support/tmp';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

// Every test opens its own page; a failed one leaves a screenshot and nothing else behind.
afterEach(async (ctx) => {
  await closeContexts(browser, ctx.task.result?.state === 'fail', 'sessions', ctx.task.name.slice(0, 40).replace(/\W+/g, '-'));
});

afterAll(async () => {
  await browser?.close();
  cleanTempDirs();
});

async function openPage(stack: Stack): Promise<Page> {
  const page = await (await kioskContext(browser, 'small')).newPage();
  page.setDefaultTimeout(10_000);
  await stack.resetTerminal(); // nobody logged in, whatever an earlier test left
  await page.goto(stack.url);
  await page.getByTestId('screen-login').waitFor({ timeout: 30_000 });
  return page;
}

describe('lockout and language', () => {
  let stack: Stack;
  let page: Page;
  beforeAll(async () => {
    stack = await startStack();
  });
  beforeEach(async () => {
    page = await openPage(stack);
  });
  afterAll(() => stack?.stop());

  it('locks an employee out after five wrong PINs and shows the time left', async () => {
    await page.getByTestId('login-employee').fill(PEOPLE.bram.id);
    for (let i = 1; i <= 4; i++) {
      await enterPin(page, '0000');
      await expect.poll(() => text(page, 'login-error')).toBe(`Wrong PIN. ${5 - i} attempts left before a lockout.`);
      expect(await page.getByTestId('pin-dots').textContent()).not.toContain('●'); // the PIN is cleared
    }
    await enterPin(page, '0000');
    await expect.poll(() => text(page, 'login-error')).toMatch(/Too many wrong PINs\. Try again in 1[45]:\d\d\./);
    expect(await page.getByTestId('pin-1').isDisabled()).toBe(true);
    expect(await page.getByTestId('login-employee').inputValue()).toBe(PEOPLE.bram.id); // the id is kept
    await checkScreen(page, 'sessions', 'lockout');
    const types = stack.outboxTypes();
    expect(types.filter((t) => t === 'session.login_failed').length).toBeGreaterThanOrEqual(4);
    expect(types).toContain('session.locked_out');
    // even the right PIN is refused while locked out (through a fresh page: the core decides)
    await page.reload();
    await login(page, PEOPLE.bram.id, PEOPLE.bram.pin);
    await expect.poll(() => text(page, 'login-error')).toMatch(/Too many wrong PINs/);
  });

  it('keeps the language per operator session', async () => {
    await tap(page, 'lang-nl');
    expect(await page.locator('#login-title').textContent()).toBe('Inloggen');
    await checkScreen(page, 'sessions', 'login-nl');
    await login(page, PEOPLE.anna.id, PEOPLE.anna.pin);
    await page.getByTestId('screen-queue').waitFor();
    expect(await text(page, 'nav-queue')).toBe('Werkvoorraad'); // kept from the login screen
    await tap(page, 'lang-de');
    expect(await text(page, 'nav-queue')).toBe('Auftragsliste');
    await checkScreen(page, 'sessions', 'queue-de');
    // a second operator switched in gets the terminal default, not Ada's German
    await tap(page, 'nav-crew');
    await tap(page, 'crew-add');
    await page.getByTestId('dialog-crew-login').getByTestId('login-employee').fill(PEOPLE.carla.id);
    await enterPin(page, PEOPLE.carla.pin);
    await expect.poll(() => text(page, 'status-operator')).toBe(PEOPLE.carla.name);
    expect(await text(page, 'nav-queue')).toBe('Queue');
    // switching back to Ada restores her German
    await page.getByTestId(`crew-${PEOPLE.anna.id}`).getByTestId('crew-switch').click();
    await page.getByTestId('dialog-crew-login').waitFor();
    await enterPin(page, PEOPLE.anna.pin);
    await expect.poll(() => text(page, 'status-operator')).toBe(PEOPLE.anna.name);
    expect(await text(page, 'nav-queue')).toBe('Auftragsliste');
  });
});

describe('idle lock', () => {
  let stack: Stack;
  let page: Page;
  beforeAll(async () => {
    stack = await startStack({ idleLockMinutes: 0.1 }); // 6 s without a command
  });
  beforeEach(async () => {
    page = await openPage(stack);
  });
  afterAll(() => stack?.stop());

  it('locks after the idle time, keeps the half-filled form and the timer, restores both after the PIN', async () => {
    await login(page, PEOPLE.anna.id, PEOPLE.anna.pin);
    const op = await stack.firstOperation('Laser', 'ready');
    await page.getByTestId(`queue-row-${op.operation_id}`).click();
    await tap(page, 'action-start');
    await typeOsk(page, 'cf-material_lot', 'L7');
    await tap(page, 'start-submit');
    await page.getByTestId('status-timer').waitFor();
    await tap(page, 'action-quantities');
    await typeOsk(page, 'qty-good', '5');
    await typeOsk(page, 'qty-rework', '1');

    await page.getByTestId('screen-lock').waitFor({ timeout: 20_000 });
    expect(await page.locator('.app').getAttribute('aria-hidden')).toBe('true');
    await checkScreen(page, 'sessions', 'idle-lock');
    const timerBefore = await text(page, 'status-timer');

    await page.getByTestId('screen-lock').getByTestId(`tile-${PEOPLE.anna.id}`).click();
    await enterPin(page, PEOPLE.anna.pin);
    await page.getByTestId('screen-lock').waitFor({ state: 'detached' });
    // the dialog is still open with what was typed, and the timer kept running
    expect(await page.getByTestId('qty-good').inputValue()).toBe('5');
    expect(await page.getByTestId('qty-rework').inputValue()).toBe('1');
    expect(await text(page, 'qty-produced')).toBe('6');
    expect(await text(page, 'status-timer')).not.toBe(timerBefore);
    await tap(page, 'report-submit');
    await page.getByTestId('dialog-report').waitFor({ state: 'detached' });
    await expect.poll(() => text(page, 'op-gsr')).toBe('5 / 0 / 1');
    // the open time entry was never closed by the lock
    expect(stack.outboxTypes()).not.toContain('operation.paused');
  });

  it('taps count as activity: an operator who only browses is not locked; idle again, the lock comes', async () => {
    await login(page, PEOPLE.bram.id, PEOPLE.bram.pin);
    await page.getByTestId('screen-queue').waitFor();
    const eventsBefore = stack.outboxTypes().length;
    // browse for twice the idle time (6 s) without a single command
    const until = Date.now() + 12_000;
    for (let i = 0; Date.now() < until; i++) {
      await tap(page, i % 2 ? 'nav-queue' : 'nav-crew');
      await page.waitForTimeout(600);
      expect(await page.getByTestId('screen-lock').count()).toBe(0);
    }
    expect(stack.outboxTypes()).toHaveLength(eventsBefore); // touches write nothing
    await page.getByTestId('screen-lock').waitFor({ timeout: 20_000 });
  });
});
