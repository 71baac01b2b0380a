// The CSP as a real browser enforces it (Debian's Chromium, driven by playwright-core): served by
// the bridge, the app's own module script runs and can reach the bridge API, while an inline
// script, eval and a request to another origin are blocked. Skipped only where Chromium is not
// installed (CI installs it: .ci/run).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTerminalRuntime, type TerminalRuntime } from '../../electron/core/host/terminal-runtime';
import { startWebBridge, type WebBridge } from '../../electron/launch/web-bridge';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { seededTerminal } from './terminal-fixture';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!existsSync(CHROMIUM))('CSP in Chromium', () => {
  let runtime: TerminalRuntime;
  let bridge: WebBridge;
  let browser: Browser;

  beforeAll(async () => {
    const term = await seededTerminal();
    runtime = await startTerminalRuntime(term.config, { log: () => {}, sync: false });
    const dir = tempDir('csp-renderer-');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html><head><title>csp</title>
       <script>window.inlineRan = true;</script>
       <script type="module" src="/assets/app.js"></script></head><body></body></html>`,
    );
    writeFileSync(
      join(dir, 'assets', 'app.js'),
      `window.moduleRan = true;
       try { eval('1'); window.evalRan = true; } catch { window.evalRan = false; }
       const token = document.querySelector('meta[name="terminal-token"]').content;
       window.apiResult = fetch('/api/query/terminal.info', { method: 'POST', headers: { 'x-terminal-token': token }, body: '{}' }).then((r) => r.json());
       window.foreignResult = fetch('https://example.com/').then(() => 'reached', () => 'blocked');`,
    );
    bridge = await startWebBridge({ backend: runtime, port: 0, rendererDir: dir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await runtime?.close();
    cleanTempDirs();
  });

  it('runs only the app\'s own script, which reaches only its own bridge', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) violations.push(m.text());
    });
    await page.goto(bridge.url);
    await page.waitForFunction(() => (window as unknown as { moduleRan?: boolean }).moduleRan === true);
    const seen = await page.evaluate(async () => {
      const w = window as unknown as { inlineRan?: boolean; evalRan?: boolean; apiResult: Promise<unknown>; foreignResult: Promise<string> };
      return { inline: w.inlineRan ?? false, evalRan: w.evalRan, api: await w.apiResult, foreign: await w.foreignResult };
    });
    expect(seen.inline).toBe(false);
    expect(seen.evalRan).toBe(false);
    expect(seen.api).toMatchObject({ ok: true });
    expect(seen.foreign).toBe('blocked');
    expect(violations.length).toBeGreaterThanOrEqual(2); // the inline script and the foreign fetch
  }, 60_000);
});
