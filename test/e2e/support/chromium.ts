// Real Chromium for the UI suites: Debian's /usr/bin/chromium driven by playwright-core, with the
// flags that keep it from reaching for hosts it cannot reach. Screens are checked at the two kiosk
// sizes, screenshotted under test-results/, and scanned with axe-core.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const SIZES = {
  small: { width: 1280, height: 800 },
  large: { width: 1920, height: 1080 },
} as const;
export type SizeName = keyof typeof SIZES;

export const RESULTS_DIR = join(import.meta.dirname, '../../../test-results');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] });
}

/** A touch-enabled kiosk context. bypassCSP only so axe can be injected; the app never needs it. */
export async function kioskContext(browser: Browser, size: SizeName): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: SIZES[size], hasTouch: true, bypassCSP: true, locale: 'en-GB', timezoneId: 'UTC' });
  // tsx compiles test files with keepNames, which wraps functions passed to page.evaluate in a
  // `__name(...)` helper that does not exist in the page; define it as the identity.
  await ctx.addInitScript('globalThis.__name = (f) => f;');
  return ctx;
}

/**
 * Ends a test's browser contexts (their pages and event streams), with a screenshot of each page
 * first when the test failed, so the next test starts from a fresh page whatever happened.
 */
export async function closeContexts(browser: Browser | undefined, failed: boolean, dir: string, name: string): Promise<void> {
  for (const ctx of browser?.contexts() ?? []) {
    if (failed) for (const [i, page] of ctx.pages().entries()) await screenshot(page, dir, `failed-${name}-${i}`).catch(() => {});
    await ctx.close().catch(() => {});
  }
}

export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  const out = join(RESULTS_DIR, dir);
  mkdirSync(out, { recursive: true });
  const size = page.viewportSize();
  const file = join(out, `${name}-${size?.width ?? 0}x${size?.height ?? 0}.png`);
  await page.screenshot({ path: file });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Serious and critical axe violations on the page as it is now. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Every visible button/role=button smaller than `min` CSS px in either dimension. */
export async function smallTouchTargets(page: Page, min = 64): Promise<string[]> {
  return page.evaluate((m) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, [role="button"], label.btn, input, textarea')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('[aria-hidden="true"]') || el.classList.contains('visually-hidden')) continue;
      if (r.width < m || r.height < m) out.push(`${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.textContent?.trim().slice(0, 30) ?? ''}] ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return out;
  }, min);
}
