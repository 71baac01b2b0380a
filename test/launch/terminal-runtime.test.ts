// The composed terminal: one process holds the core, sync and the machine API over one store.
// Checked through the same seam every front end uses (request/onPush) and the machine API's HTTP.
import { afterAll, describe, expect, it } from 'vitest';
import { startTerminalRuntime, type TerminalRuntime } from '../../electron/core/host/terminal-runtime';
import { cleanTempDirs } from '../support/tmp';
import { seededTerminal } from './terminal-fixture';

const runtimes: TerminalRuntime[] = [];
afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  cleanTempDirs();
});

describe('terminal runtime', () => {
  it('serves the machine API on loopback next to the core, and reports it', async () => {
    const term = await seededTerminal({ machine: { enabled: true, port: 0 } });
    const rt = await startTerminalRuntime(term.config, { log: () => {}, sync: false });
    runtimes.push(rt);
    const url = rt.machine()?.http?.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const health = await fetch(new URL('/api/v1/health', url));
    expect(health.status).toBe(200);
    const status = await rt.request('query', 'machine.status', {});
    expect(status).toMatchObject({ ok: true, value: { api_url: url } });
  });

  it('answers every contract area: core, sync and machine', async () => {
    const term = await seededTerminal();
    const rt = await startTerminalRuntime(term.config, { log: () => {}, sync: false });
    runtimes.push(rt);
    expect(await rt.request('query', 'terminal.info', {})).toMatchObject({ ok: true });
    expect(await rt.request('query', 'sync.status', {})).toMatchObject({ ok: true, value: { pending: 0, dead_letters: 0 } });
    expect(await rt.request('query', 'oee.live', {})).toMatchObject({ ok: true });
  });

  it('an unenrolled terminal opens (offline-only), without the machine API', async () => {
    const { parseTerminalConfig } = await import('../../electron/core/host/terminal-config');
    const { tempDir } = await import('../support/tmp');
    const lines: string[] = [];
    const rt = await startTerminalRuntime(parseTerminalConfig({ dataDir: tempDir('fresh-'), machine: { port: 0 }, core: { session: { idle_check_ms: 0 } } }), { log: (l) => lines.push(l), sync: false });
    runtimes.push(rt);
    expect(await rt.request('query', 'terminal.info', {})).toMatchObject({ ok: true, value: { device_id: null } });
    expect(rt.machine()).toBeNull();
    expect(lines.join('\n')).toMatch(/not enrolled yet/);
    expect(lines.join('\n')).toMatch(/machine API starts once the terminal is enrolled/);
  });
});
