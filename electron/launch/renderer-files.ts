// Serving the built renderer (dist/renderer) from disk, for both the Electron app:// protocol and
// the browser bridge: content types, a path resolver that cannot leave the renderer directory,
// and the <meta> tags the launcher injects into index.html (browser token, default locale).
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/renderer at the project root: this file and the bundled main.cjs both sit two levels down. */
export const RENDERER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path to a file inside `root`, or null. Refuses anything that escapes `root`
 * (`..`, encoded slashes, absolute paths) and directories. `/` and extension-less paths are the
 * single-page app's index.html.
 */
export function resolveRendererFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  // Traversal attempts are refused outright, not served the app's index as a "route".
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return null;
  if (decoded === '/' || decoded === '' || extname(decoded) === '') decoded = '/index.html';
  const base = resolve(root);
  const file = normalize(join(base, decoded));
  if (!file.startsWith(base + sep)) return null;
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  return file;
}

function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Adds `<meta name=… content=…>` tags just before </head> (or at the top when there is none). */
export function injectMeta(html: string, meta: Readonly<Record<string, string>>): string {
  const tags = Object.entries(meta)
    .map(([name, content]) => `<meta name="${escapeAttr(name)}" content="${escapeAttr(content)}">`)
    .join('');
  const at = html.search(/<\/head>/i);
  return at === -1 ? tags + html : html.slice(0, at) + tags + html.slice(at);
}
