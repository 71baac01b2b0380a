// Static security scan of electron/ with @doyensec/electronegativity (DESIGN section 8): no
// HIGH-severity finding may be reported. The tool reads TypeScript directly. It tries to download
// translations on start; offline, `got`'s retry timer later throws an uncaught error that can kill
// the process before the CSV is written (seen here), so it runs under a tiny wrapper that ignores
// exactly that error, and the test asserts on the CSV, never on the exit code.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, cleanTempDirs } from '../support/tmp';
import { afterAll } from 'vitest';

const require = createRequire(import.meta.url);
const cli = join(require.resolve('@doyensec/electronegativity/package.json'), '..', 'dist', 'index.js');
const electronVersion = (require('electron/package.json') as { version: string }).version;

const wrapper = `
process.on('uncaughtException', (e) => {
  if (String(e && e.message).includes('onCancel')) return; // the offline translation fetch, see the test header
  console.error(e);
  process.exit(2);
});
const [cli, ...args] = JSON.parse(process.env.ENEG_ARGS);
process.argv = [process.argv[0], cli, ...args];
require(cli);
`;

interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
}

function parseCsv(text: string): Finding[] {
  return text
    .trim()
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const cells = [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, ''));
      return { issue: cells[0]!, severity: cells[1]!, confidence: cells[2]!, file: cells[3]!, location: cells[4]! };
    });
}

function scan(input: string, outDir: string): Finding[] {
  const out = join(outDir, 'out.csv');
  const args = [cli, '-i', input, '-x', 'AvailableSecurityFixesGlobalCheck', '-e', electronVersion, '-r', '-o', out];
  const r = spawnSync(process.execPath, ['-e', wrapper], { env: { ...process.env, ENEG_ARGS: JSON.stringify(args) }, encoding: 'utf8', timeout: 240_000 });
  expect(existsSync(out), `electronegativity wrote no CSV:\n${r.stdout}\n${r.stderr}`).toBe(true);
  return parseCsv(readFileSync(out, 'utf8'));
}

afterAll(cleanTempDirs);

describe('electronegativity', () => {
  it('reports no high-severity finding in electron/', () => {
    const findings = scan('electron', tempDir('eneg-'));
    const high = findings.filter((f) => f.severity.toUpperCase() === 'HIGH');
    expect(high, JSON.stringify(high, null, 2)).toEqual([]);
  }, 300_000);

  it('does report an unprotected window (the scan can fail)', () => {
    const dir = tempDir('eneg-bad-');
    const bad = join(dir, 'bad-main.js');
    require('node:fs').writeFileSync(
      bad,
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
    );
    const findings = scan(dir, dir);
    expect(findings.filter((f) => f.severity.toUpperCase() === 'HIGH').map((f) => f.issue)).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    );
  }, 300_000);
});
