// The kiosk's strings: en, nl and de carry exactly the same keys with the same {placeholders},
// no translation is empty, and every message key the renderer's code names exists in en.json.
// (The compiler already rejects t('unknown') through MessageKey; this also catches keys written in
// lookup tables and any file the type does not reach.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands, queries, pushEvents } from '../../shared/contract';

const root = join(import.meta.dirname, '../..');
const load = (l: string) => JSON.parse(readFileSync(join(root, 'renderer/locales', `${l}.json`), 'utf8')) as Record<string, string>;
const catalogs = { en: load('en'), nl: load('nl'), de: load('de') };

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('locale files', () => {
  for (const l of ['nl', 'de'] as const) {
    it(`${l} has every key of en and no other`, () => {
      expect(Object.keys(catalogs[l]).sort()).toEqual(Object.keys(catalogs.en).sort());
    });
    it(`${l} keeps the placeholders of en`, () => {
      for (const [k, v] of Object.entries(catalogs.en)) expect({ k, p: placeholders(catalogs[l][k] ?? '') }).toEqual({ k, p: placeholders(v) });
    });
  }

  it('no translation is empty', () => {
    for (const [l, c] of Object.entries(catalogs)) for (const [k, v] of Object.entries(c)) expect({ l, k, empty: v.trim() === '' }).toEqual({ l, k, empty: false });
  });

  it('every key named in renderer code exists in en', () => {
    const contractNames = new Set([...Object.keys(commands), ...Object.keys(queries), ...Object.keys(pushEvents)]);
    const namespaces = new Set(Object.keys(catalogs.en).map((k) => k.split('.')[0]));
    const used = new Set<string>();
    for (const f of sourceFiles(join(root, 'renderer/src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/['"`]([a-z_]+\.[a-z_0-9]+)['"`]/g)) {
        const key = m[1]!;
        if (contractNames.has(key) && !(key in catalogs.en)) continue; // a command/query name, not a message
        if (namespaces.has(key.split('.')[0]!)) used.add(key);
      }
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in catalogs.en));
    expect(missing).toEqual([]);
  });
});
