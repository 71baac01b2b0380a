// The real Electron app, driven by Playwright's _electron. It runs ONLY where an Electron binary
// exists (node_modules/electron/path.txt and the binary it names); this build environment cannot
// download one, so here the suite is skipped and the mocked-electron tests in this folder carry
// the shell's checks. Where it runs, it checks what only a real Chromium can show: the page sees
// window.terminal and no Node, and a query travels preload → main → utilityProcess host → core.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleElectron } from '../../electron/launch/bundle-electron';
import { findElectronBinary } from '../../electron/launch/electron-binary';
import { RENDERER_DIR } from '../../electron/launch/renderer-files';
import { cleanTempDirs } from '../support/tmp';
import { seededTerminal } from '../launch/terminal-fixture';

const binary = findElectronBinary();

afterAll(cleanTempDirs);

describe.skipIf(binary.path === null)('Electron app (real binary)', () => {
  it('exposes only the typed API to a sandboxed page and answers through the host', async () => {
    const outDir = await bundleElectron();
    // Use the built renderer when there is one; otherwise a minimal page is enough for this check.
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      mkdirSync(RENDERER_DIR, { recursive: true });
      writeFileSync(join(RENDERER_DIR, 'index.html'), '<html><head></head><body>terminal</body></html>');
    }
    const term = await seededTerminal({ window: { mode: 'windowed' } });
    const app = await _electron.launch({
      executablePath: binary.path!,
      args: [resolve('.')],
      env: { ...process.env, SHOPFLOOR_DATA_DIR: term.dataDir, SHOPFLOOR_WINDOW_MODE: 'windowed' } as Record<string, string>,
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://terminal/index.html');
      const seen = await page.evaluate(async () => {
        const w = window as unknown as { terminal: Record<string, unknown> & { query(n: string, i: unknown): Promise<unknown> }; require?: unknown; process?: unknown };
        return {
          keys: Object.keys(w.terminal).sort(),
          require: typeof w.require,
          process: typeof w.process,
          info: await w.terminal.query('terminal.info', {}),
        };
      });
      expect(seen.keys).toEqual(['command', 'query', 'subscribe']);
      expect(seen.require).toBe('undefined');
      expect(seen.process).toBe('undefined');
      expect(seen.info).toMatchObject({ ok: true, value: { device_id: term.fixture.deviceId } });
    } finally {
      await app.close();
    }
    expect(outDir).toContain('dist');
  }, 120_000);
});
