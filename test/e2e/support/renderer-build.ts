// Builds the renderer (vite) so the end-to-end suites test the code as it is now. A test run builds
// it ONCE, in its global setup (test/support/global-setup.ts), before any worker starts: a build
// empties dist/renderer first, so a worker building it again would pull the page from under an
// end-to-end test running in the other worker. Outside a test run (a script) it builds once per
// process.
import { join } from 'node:path';
import { build } from 'vite';

const root = join(import.meta.dirname, '../../..');

/** Set by the global setup once it has built the renderer for the whole run; workers inherit it. */
export const RENDERER_BUILT_ENV = 'SHOPFLOOR_TEST_RENDERER_BUILT';

let built: Promise<unknown> | null = null;

export function buildRenderer(): Promise<unknown> {
  if (process.env[RENDERER_BUILT_ENV] === '1') return Promise.resolve();
  built ??= build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  return built;
}
