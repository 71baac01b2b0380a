// The host supervisor against a real host process (the real runtime over a real SQLite file,
// forked with Node): requests are relayed, a host killed with SIGKILL mid-request answers its
// in-flight requests 'unavailable' at once and is restarted, a host that cannot start is retried
// with growing delays, and close() lets the host close its store cleanly.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { superviseHost, type HostSupervisor } from '../../electron/core/host/host-supervisor';
import { forkNodeHost } from '../../electron/core/host/node-host';
import { parseTerminalConfig } from '../../electron/core/host/terminal-config';
import { STORE_FILE } from '../../electron/core/host/terminal-runtime';
import { PINS } from '../support/local-fixtures';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { seededTerminal } from './terminal-fixture';

const started: HostSupervisor[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  cleanTempDirs();
});

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('host supervisor with a real host process', () => {
  it('relays, survives a SIGKILL mid-command, and restarts', async () => {
    const term = await seededTerminal();
    const pids: number[] = [];
    const sup = superviseHost({
      spawn: () => forkNodeHost(term.config, { onSpawn: (pid) => pid && pids.push(pid) }),
      initialBackoffMs: 50,
      requestTimeoutMs: 30_000,
    });
    started.push(sup);

    // Sent before the host is ready: held, then answered.
    const info = await sup.request('query', 'terminal.info', {});
    expect(info).toMatchObject({ ok: true, value: { device_id: term.fixture.deviceId } });
    expect(sup.status().state).toBe('ready');

    // Kill the host while a login (argon2 verify, then a commit) is in flight.
    const inFlight = sup.request('command', 'session.login', { employee_id: term.fixture.employees.op1, pin: PINS.op1 });
    process.kill(pids[0]!, 'SIGKILL');
    const r = await inFlight;
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!r.ok && r.error.message).toMatch(/may have been saved/);

    // Right after the death (restart pending), requests are refused at once, not left hanging.
    expect(sup.status().state).toBe('waiting_to_restart');
    const during = await sup.request('query', 'terminal.info', {});
    expect(during).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    const pushes: [string, unknown][] = [];
    sup.onPush((name, payload) => pushes.push([name, payload]));
    await until(() => sup.status().state === 'ready' && pids.length === 2);
    // The restarted host's first word to the screen: re-read everything.
    expect(pushes).toContainEqual(['data.changed', { areas: ['*'] }]);
    expect(sup.status().restarts).toBe(1);
    const again = await sup.request('query', 'terminal.info', {});
    expect(again).toMatchObject({ ok: true, value: { device_id: term.fixture.deviceId } });
    // The store survived the kill: the restarted host opened it and it is intact.
    const unknown = await sup.request('command', 'no.such.thing', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found', field: 'name' } });

    await sup.close();
    const db = new Database(join(term.dataDir, STORE_FILE), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 60_000);

  it('a host that cannot start reports why, and is retried with growing delays', async () => {
    const dataDir = tempDir('broken-');
    // The data directory's store path is a directory, so opening the store fails every time.
    const config = parseTerminalConfig({ dataDir, machine: { enabled: false } });
    mkdirSync(join(dataDir, STORE_FILE));
    const spawnedAt: number[] = [];
    const sup = superviseHost({
      spawn: () => {
        spawnedAt.push(Date.now());
        return forkNodeHost(config);
      },
      initialBackoffMs: 200,
      maxBackoffMs: 800,
    });
    started.push(sup);
    await until(() => spawnedAt.length >= 4, 45_000);
    expect(await sup.request('query', 'terminal.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(sup.status().lastError).toMatch(/directory|EISDIR|unable to open|SQLITE_CANTOPEN/i);
    // Gaps include the host's own start-up time, so they are at least the backoff: 200, 400, 800.
    const gaps = spawnedAt.slice(1).map((t, i) => t - spawnedAt[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[1]).toBeGreaterThanOrEqual(400);
    expect(gaps[2]).toBeGreaterThanOrEqual(800);
    await sup.close();
    expect(sup.status().state).toBe('stopped');
    expect(await sup.request('query', 'terminal.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  }, 60_000);
});

describe('parent port', () => {
  it('speaks utilityProcess\'s parentPort when present (messages arrive wrapped in { data })', async () => {
    const { connectParentPort } = await import('../../electron/core/host/parent-port');
    const posted: unknown[] = [];
    let deliver: (e: { data: unknown }) => void = () => {};
    const fakeProcess = {
      parentPort: { postMessage: (m: unknown) => posted.push(m), on: (_: 'message', l: (e: { data: unknown }) => void) => (deliver = l) },
    } as unknown as NodeJS.Process;
    const port = connectParentPort(fakeProcess);
    const got: unknown[] = [];
    port.onMessage((m) => got.push(m));
    deliver({ data: { type: 'request', id: 1 } });
    port.post({ type: 'ready' });
    expect(got).toEqual([{ type: 'request', id: 1 }]);
    expect(posted).toEqual([{ type: 'ready' }]);
  });

  it('refuses to run without a parent', async () => {
    const { connectParentPort } = await import('../../electron/core/host/parent-port');
    expect(() => connectParentPort({} as NodeJS.Process)).toThrow(/must be started by a parent/);
  });
});
