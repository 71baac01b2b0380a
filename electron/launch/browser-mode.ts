// Browser mode: the terminal runtime plus the local HTTP bridge serving the built renderer. Used
// by `npm run start:web`, by `npm start` where no Electron binary exists, and by the end-to-end
// suite (which calls startBrowserMode with its own test central and stops what it started).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCentral, type RunningCentral } from '../../db/central/cli/ensure-central';
import { loadTerminalConfig, type TerminalConfig } from '../core/host/terminal-config';
import { startTerminalRuntime, type RuntimeOptions, type TerminalRuntime } from '../core/host/terminal-runtime';
import { prepareDemoTerminal } from './demo-terminal';
import { RENDERER_DIR } from './renderer-files';
import { startWebBridge, type WebBridge } from './web-bridge';

/** Where a demo terminal keeps its store unless the config says otherwise. */
export const DEMO_TERMINAL_DATA_DIR = '.data/demo-terminal';

export type CentralChoice =
  /** Start (or reuse) the embedded demo central, `npm run central`'s. */
  | { kind: 'embedded-demo'; port?: number; dataDir?: string }
  /** A central database the caller runs (tests): its superuser URL; the demo plant must be loaded. */
  | { kind: 'demo-database'; adminUrl: string; cells?: string; tenant?: string; login?: string }
  /** Whatever the configuration says (centralUrl / enrollmentCode), nothing prepared. */
  | { kind: 'configured' };

export interface BrowserModeOptions {
  central: CentralChoice;
  /** Config values that win over file and environment (dataDir, bridge, core, …). */
  overrides?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  rendererDir?: string;
  /** Fixed bridge token (tests); random per run by default. */
  token?: string;
  runtime?: RuntimeOptions;
  log?: (line: string) => void;
}

export interface BrowserMode {
  url: string;
  token: string;
  config: TerminalConfig;
  runtime: TerminalRuntime;
  bridge: WebBridge;
  central: RunningCentral | null;
  stop(): Promise<void>;
}

export async function startBrowserMode(opts: BrowserModeOptions): Promise<BrowserMode> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const env = opts.env ?? process.env;
  const demo = opts.central.kind !== 'configured';
  // Demo terminals keep their own store, apart from a production terminal's default directory.
  const base = loadTerminalConfig({ env, overrides: { ...(demo && !env.SHOPFLOOR_DATA_DIR ? { dataDir: DEMO_TERMINAL_DATA_DIR } : {}), ...opts.overrides } });
  let central: RunningCentral | null = null;
  let config = base;
  if (opts.central.kind === 'embedded-demo') {
    central = await ensureCentral({ ...(opts.central.port ? { port: opts.central.port } : {}), ...(opts.central.dataDir ? { dataDir: opts.central.dataDir } : {}), log: () => {} });
    log(`central: demo plant on ${new URL(central.url).host}${central.started ? '' : ' (already running, reused)'}`);
  }
  try {
    if (opts.central.kind !== 'configured') {
      const choice = opts.central;
      const prepared = await prepareDemoTerminal({
        adminUrl: choice.kind === 'demo-database' ? choice.adminUrl : central!.url,
        dataDir: base.dataDir,
        log,
        terminalName: base.terminalName === 'Terminal' ? 'Demo terminal' : base.terminalName,
        ...(choice.kind === 'demo-database' && choice.cells ? { cells: choice.cells } : {}),
        ...(choice.kind === 'demo-database' && choice.tenant ? { tenant: choice.tenant } : {}),
        ...(choice.kind === 'demo-database' && choice.login ? { login: choice.login } : {}),
      });
      config = { ...base, centralUrl: prepared.centralUrl, enrollmentCode: prepared.enrollmentCode, terminalName: prepared.terminalName };
    }
    const rendererDir = opts.rendererDir ?? RENDERER_DIR;
    if (!existsSync(join(rendererDir, 'index.html'))) log(`warning: the renderer is not built (${rendererDir}); run \`npm run build\`.`);
    const runtime = await startTerminalRuntime(config, { log, ...opts.runtime });
    let bridge: WebBridge;
    try {
      bridge = await startWebBridge({
        backend: runtime,
        host: config.bridge.host,
        port: config.bridge.port,
        rendererDir,
        locale: config.locale,
        ...(opts.token ? { token: opts.token } : {}),
        log,
      });
    } catch (err) {
      await runtime.close();
      throw err;
    }
    const stop = async () => {
      await bridge.close();
      await runtime.close();
      await central?.stop();
    };
    return { url: bridge.url, token: bridge.token, config, runtime, bridge, central, stop };
  } catch (err) {
    await central?.stop();
    throw err;
  }
}
