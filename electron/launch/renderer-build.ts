// Makes sure the renderer is built before a launcher serves it: `vite build` (npm run build) when
// dist/renderer/index.html is missing, so `npm start` works on a fresh checkout.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { RENDERER_DIR } from './renderer-files';

export function ensureRendererBuilt(log: (line: string) => void, rendererDir = RENDERER_DIR): void {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  log('building the renderer (npm run build) ...');
  const vite = createRequire(import.meta.url).resolve('vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build'], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer build failed (exit ${String(r.status)}); run \`npm run build\` to see why.`);
  }
}
