// Test runner: every suite under test/ runs against real parts (SQLite on disk, a real Postgres,
// Chromium, an MQTT broker). Only the Electron binary is mocked, in the shell's unit tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits as long as a Playwright locator does (journey.ts: 10 s), not vitest's 1 s:
    // with the kill suite in the other worker, a PIN login (argon2id on a loaded 2-core machine)
    // can take over a second to reach the screen. A poll that should fail still fails.
    expect: { poll: { timeout: 10_000 } },
    // Two cores: two workers keep fault suites and Postgres from starving each other.
    maxWorkers: 2,
    pool: 'forks',
  },
});
