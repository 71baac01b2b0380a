// Packaging: electron-builder.yml passes electron-builder's own schema and sets what DESIGN
// section 7 asks (targets, fuses, native modules unpacked), and the esbuild bundle of main,
// preload and host is complete: the bundled host runs under plain Node as the utilityProcess
// would run it, and the sandboxed preload needs nothing but `electron`.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { superviseHost } from '../../electron/core/host/host-supervisor';
import { forkNodeHost } from '../../electron/core/host/node-host';
import { bundleElectron } from '../../electron/launch/bundle-electron';
import { findElectronBinary } from '../../electron/launch/electron-binary';
import { LOCAL_MIGRATIONS_DIR } from '../../db/local/migrate';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { seededTerminal } from './terminal-fixture';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, logger: unknown): Promise<void> };
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

type BuilderConfig = {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[] };
  extraResources: { from: string }[];
  deb: { afterInstall?: string };
};
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('is valid for electron-builder (its own schema check)', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, notAnOption: 1 }, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
  });

  it('builds a deb (the kiosk target), an AppImage and nsis', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['deb', 'AppImage']));
    expect(config.win.target).toEqual(['nsis']);
  });

  it('sets the fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('unpacks the native modules from the asar', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/argon2/**']));
  });

  it('every file it ships exists in the repository', () => {
    for (const r of config.extraResources) expect(existsSync(r.from), r.from).toBe(true);
    // electron-builder's own post-install (chrome-sandbox, AppArmor profile) must not be replaced.
    expect(config.deb.afterInstall).toBeUndefined();
    for (const f of ['resources/error.html', 'resources/icon.png', 'resources/KIOSK-LINUX.md', 'resources/KIOSK-WINDOWS.md', 'resources/linux/shopfloor-terminal.service', 'resources/linux/shopfloor-terminal-autostart.desktop']) {
      expect(existsSync(f), f).toBe(true);
    }
  });
});

describe('bundle', () => {
  const outDir = resolve(`dist/test-bundle-${process.pid}`);
  beforeAll(async () => {
    await bundleElectron({ outDir });
  }, 120_000);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    cleanTempDirs();
  });

  it('writes main, preload, host and the local migrations', () => {
    for (const f of ['main.cjs', 'preload.cjs', 'host.cjs']) expect(existsSync(join(outDir, f)), f).toBe(true);
    expect(readdirSync(join(outDir, 'migrations')).sort()).toEqual(readdirSync(LOCAL_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort());
  });

  it('the sandboxed preload requires nothing but electron', () => {
    const text = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
    const required = new Set([...text.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
  });

  it('the core host never requires electron; the main process does', () => {
    const host = readFileSync(join(outDir, 'host.cjs'), 'utf8');
    expect(host).not.toMatch(/require\(["']electron["']\)/);
    expect(readFileSync(join(outDir, 'main.cjs'), 'utf8')).toMatch(/require\(["']electron["']\)/);
  });

  it('the bundled host runs under plain Node and answers from a real store', async () => {
    const term = await seededTerminal();
    const sup = superviseHost({ spawn: () => forkNodeHost(term.config, { modulePath: join(outDir, 'host.cjs'), execArgv: [] }) });
    try {
      expect(await sup.request('query', 'terminal.info', {})).toMatchObject({ ok: true, value: { device_id: term.fixture.deviceId } });
    } finally {
      await sup.close();
    }
  }, 60_000);
});

describe('electron binary detection', () => {
  it('finds no binary here and says why, without downloading', () => {
    const dir = tempDir('electron-pkg-');
    const r = findElectronBinary({}, dir);
    expect(r.path).toBeNull();
    expect(r.reason).toMatch(/path\.txt is missing/);
  });

  it('finds a binary the package recorded', async () => {
    const dir = tempDir('electron-pkg-');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(findElectronBinary({}, dir)).toMatchObject({ path: null, reason: expect.stringContaining('no Electron binary at') });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(findElectronBinary({}, dir)).toEqual({ path: join(dir, 'dist', 'electron'), reason: null });
  });
});
