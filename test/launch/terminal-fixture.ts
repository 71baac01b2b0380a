// A terminal data directory with the standard local fixture (an enrolled identity, a cell, a
// routing, a crew with real argon2id PINs), for the host, bridge and shell tests. The fixture is
// written to the real SQLite file the runtime then opens, as a pulled store would be.
import { join } from 'node:path';
import { openLocalStore } from '../../db/local/open';
import { STORE_FILE } from '../../electron/core/host/terminal-runtime';
import { parseTerminalConfig, type TerminalConfig } from '../../electron/core/host/terminal-config';
import { standardFixture, type StandardFixture } from '../support/local-fixtures';
import { tempDir } from '../support/tmp';

export interface TerminalFixture {
  dataDir: string;
  fixture: StandardFixture;
  config: TerminalConfig;
}

export async function seededTerminal(overrides: Record<string, unknown> = {}): Promise<TerminalFixture> {
  const dataDir = tempDir('shopfloor-term-');
  const db = openLocalStore(join(dataDir, STORE_FILE));
  const fixture = await standardFixture(db);
  db.close();
  const config = parseTerminalConfig({
    dataDir,
    // No timers that would race a test; no machine API port unless a test wants it.
    core: { session: { idle_check_ms: 0 } },
    machine: { enabled: false },
    ...overrides,
  });
  return { dataDir, fixture, config };
}
