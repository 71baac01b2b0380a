// The browser-mode stack the e2e suite drives: a real terminal runtime (local SQLite store on
// disk, the core, its services) behind the real browser bridge, serving the freshly built
// renderer. The local store starts with the standard plant fixture (the rows a sync pull would
// bring). Everything started here is stopped by `stop()`.
import { join } from 'node:path';
import { build } from 'vite';
import { openLocalStore } from '../../../db/local/open';
import type { Clock } from '../../../electron/core/clock';
import { startTerminalRuntime, type TerminalRuntime } from '../../../electron/core/host/terminal-runtime';
import { parseTerminalConfig } from '../../../electron/core/host/terminal-config';
import { startWebBridge, type WebBridge } from '../../../electron/launch/web-bridge';
import { standardFixture, type StandardFixture } from '../../support/local-fixtures';
import { tempDir } from '../../support/tmp';

const root = join(import.meta.dirname, '../../..');
export const RENDERER_DIST = join(root, 'dist/renderer');

let built: Promise<unknown> | null = null;
/** Builds the renderer once per test process, so the suite tests the code as it is now. */
export function buildRenderer(): Promise<unknown> {
  built ??= build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  return built;
}

export interface Stack {
  url: string;
  fx: StandardFixture;
  runtime: TerminalRuntime;
  bridge: WebBridge;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Minutes without a command before the core locks the screen. */
  idleLockMinutes?: number;
  locale?: 'en' | 'nl' | 'de';
  /** The core's clock (a manual clock lets a test make a stop last ten minutes). */
  clock?: Clock;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  await buildRenderer();
  const dataDir = tempDir('e2e-terminal-');
  const seed = openLocalStore(join(dataDir, 'terminal.db'));
  const fx = await standardFixture(seed);
  seed.close();
  const config = parseTerminalConfig({
    dataDir,
    terminalName: 'Laser terminal',
    locale: opts.locale ?? 'en',
    core: { session: { idle_lock_minutes: opts.idleLockMinutes ?? 15, idle_check_ms: 250 } },
    machine: { enabled: false },
  });
  const runtime = await startTerminalRuntime(config, { log: () => {}, clock: opts.clock });
  const bridge = await startWebBridge({ backend: runtime, rendererDir: RENDERER_DIST, port: 0, locale: config.locale });
  return {
    url: bridge.url,
    fx,
    runtime,
    bridge,
    dataDir,
    async stop() {
      await bridge.close();
      await runtime.close();
    },
  };
}
