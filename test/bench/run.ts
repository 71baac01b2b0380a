// `npm run bench`: runs every test/bench/*.bench.ts module (or those named on the command line),
// prints each figure, and writes bench-results.json as an array of {name, value, unit}.
// Benchmarks measure their own floor in the same run (a bare insert, a bare query) so the ratios
// mean something on any machine; tests never assert on speed, this is where speed is reported.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const results: BenchResult[] = [];
for (const f of files) {
  console.log(`\n# ${f}`);
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run: () => Promise<BenchResult[]> };
  for (const r of await mod.run()) {
    results.push(r);
    console.log(`${r.name.padEnd(34)} ${String(Math.round(r.value * 1000) / 1000).padStart(12)} ${r.unit}`);
  }
}
writeFileSync('bench-results.json', JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote bench-results.json (${results.length} figures)`);
process.exit(0);
