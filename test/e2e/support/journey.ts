// One journey file's browser: a Chromium kiosk page at the small layout on the stack's URL,
// optionally logged in, and the teardown that closes it with the stack it ran against.
import type { Browser, Page } from 'playwright-core';
import { cleanTempDirs } from '../../support/tmp';
import { kioskContext, launchChromium } from './chromium';
import { login } from './kiosk';
import type { Stack } from './stack';

export async function openKiosk(url: string, who?: { id: string; pin: string }): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = await (await kioskContext(browser, 'small')).newPage();
  page.setDefaultTimeout(10_000);
  if (who) {
    await page.goto(url);
    await login(page, who.id, who.pin);
    await page.getByTestId('screen-queue').waitFor();
  }
  return { browser, page };
}

export async function closeJourney(browser: Browser | undefined, stack: Stack | undefined): Promise<void> {
  await browser?.close();
  await stack?.stop();
  cleanTempDirs();
}
