// Finds the Electron binary WITHOUT require('electron'): the electron package's index.js starts a
// download when the binary is missing, and this environment must never download it. The package
// records the binary's relative path in path.txt once its install step has fetched it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { path: string; reason: null } | { path: null; reason: string };

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env, packageDir?: string): ElectronBinary {
  let dir = packageDir;
  if (!dir) {
    try {
      dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    } catch {
      return { path: null, reason: 'the electron package is not installed (npm install --include=dev).' };
    }
  }
  const pathTxt = join(dir, 'path.txt');
  if (!existsSync(pathTxt)) {
    return {
      path: null,
      reason: `no Electron binary: ${pathTxt} is missing, so the electron package's download step never ran (its install script is not allowed here, and this machine cannot download it).`,
    };
  }
  const rel = readFileSync(pathTxt, 'utf8').trim();
  const full = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, rel) : join(dir, 'dist', rel);
  if (!existsSync(full)) return { path: null, reason: `no Electron binary at ${full}.` };
  return { path: full, reason: null };
}
