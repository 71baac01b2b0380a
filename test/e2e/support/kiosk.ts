// Operator gestures on the kiosk, as a person does them: taps on the on-screen keyboard and the
// PIN pad, taps on buttons (spaced past the double-tap guard), and reading what the screen says.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, seriousA11yViolations, smallTouchTargets } from './chromium';

/** Taps a button by test id; waits out the 400 ms double-tap guard first so taps are distinct. */
export async function tap(page: Page, testId: string): Promise<void> {
  await page.waitForTimeout(420);
  await page.getByTestId(testId).first().click();
}

/** Types on the on-screen keyboard into the field with `testId`. */
export async function typeOsk(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  const osk = page.getByTestId('osk');
  await osk.waitFor();
  for (const ch of text) {
    const upper = ch !== ch.toLowerCase();
    const shiftKey = osk.getByRole('button', { name: /capitals|hoofdletters|großbuchstaben/i });
    const shifted = (await shiftKey.count()) > 0 && (await shiftKey.textContent()) === 'abc';
    if (upper !== shifted && ch.toLowerCase() !== ch.toUpperCase()) await shiftKey.click();
    await osk.getByRole('button', { name: ch === ' ' ? /space|spatie|leerzeichen/i : ch, exact: ch !== ' ' }).first().click();
  }
}

export async function enterPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByTestId(`pin-${d}`).first().click();
  await tap(page, 'pin-submit');
}

export async function login(page: Page, employeeId: string, pin: string): Promise<void> {
  await page.getByTestId('login-employee').fill(employeeId);
  await enterPin(page, pin);
}

/** Screenshot + axe (no serious/critical) + touch targets ≥ 64 px, for the screen as it is. */
export async function checkScreen(page: Page, dir: string, name: string): Promise<void> {
  await page.waitForTimeout(150);
  await screenshot(page, dir, name);
  const violations = await seriousA11yViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  expect(await smallTouchTargets(page), name).toEqual([]);
}

export async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().textContent()) ?? '';
}

/** Scrolls the virtualised queue (only rows on screen exist in the DOM) until a row shows, then taps it. */
export async function openQueueRow(page: Page, operationId: string): Promise<void> {
  const row = page.getByTestId(`queue-row-${operationId}`);
  await page.getByTestId('queue-list').waitFor();
  for (let i = 0; i < 200 && (await row.count()) === 0; i++) {
    await page.getByTestId('queue-list').evaluate((el) => el.scrollBy(0, 400));
    await page.waitForTimeout(30);
  }
  await row.click();
}
