// The renderer's browser-mode client (renderer/src/api/http-client.ts) against the real bridge
// (electron/launch/web-bridge.ts) serving a real terminal runtime on a SQLite file: every answer
// is a Result, never a throw; refusals keep the core's code and field; a wrong token, an unknown
// name and a bridge that went away each come back as a clear error, and the transport callback
// tells the app when the core is unreachable. (The SSE push side is exercised in test/e2e.)
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../db/local/open';
import { startTerminalRuntime, type TerminalRuntime } from '../../electron/core/host/terminal-runtime';
import { parseTerminalConfig } from '../../electron/core/host/terminal-config';
import { startWebBridge, type WebBridge } from '../../electron/launch/web-bridge';
import { createHttpApi } from '../../renderer/src/api/http-client';
import { standardFixture, type StandardFixture } from '../support/local-fixtures';
import { cleanTempDirs, tempDir } from '../support/tmp';

let runtime: TerminalRuntime;
let bridge: WebBridge;
let fx: StandardFixture;
const transport: boolean[] = [];

beforeAll(async () => {
  const dataDir = tempDir('http-client-');
  const db = openLocalStore(join(dataDir, 'terminal.db'));
  fx = await standardFixture(db);
  db.close();
  runtime = await startTerminalRuntime(parseTerminalConfig({ dataDir, machine: { enabled: false }, core: { session: { idle_check_ms: 0 } } }), { log: () => {} });
  const rendererDir = tempDir('renderer-');
  bridge = await startWebBridge({ backend: runtime, rendererDir, port: 0, token: 'test-token-123' });
});

afterAll(async () => {
  await bridge?.close();
  await runtime?.close();
  cleanTempDirs();
});

const api = () => createHttpApi({ baseUrl: bridge.url.replace(/\/$/, ''), token: 'test-token-123', onTransport: (ok) => transport.push(ok) });

describe('HTTP bridge client', () => {
  it('runs a query and a command and returns their values', async () => {
    const info = await api().query('terminal.info', {});
    expect(info).toMatchObject({ ok: true, value: { cells: [{ cell_id: fx.cellA }] } });
    const login = await api().command('session.login', { employee_id: fx.employees.op1, pin: '1111' });
    expect(login.ok).toBe(true);
    if (login.ok) expect(login.value.active_profile_id).toBe(fx.profiles.op1);
    expect(transport.at(-1)).toBe(true);
  });

  it('keeps a refusal\'s code, field and reason', async () => {
    const r = await api().command('session.login', { employee_id: fx.employees.op2, pin: '0000' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_authenticated', field: 'pin', detail: { attempts_left: 4 } } });
    const bad = await api().command('operation.pause', { operation_id: 'not-a-uuid', reason: '' } as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('validation');
      expect(bad.error.field).toBeTruthy();
    }
  });

  it('a wrong token and an unknown name are refused with a reason, not thrown', async () => {
    const wrong = createHttpApi({ baseUrl: bridge.url.replace(/\/$/, ''), token: 'nope' });
    expect(await wrong.query('terminal.info', {})).toMatchObject({ ok: false, error: { code: 'not_authenticated', field: 'X-Terminal-Token' } });
    expect(await api().query('no.such.query' as never, {} as never)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('an unreachable core is an "unavailable" Result and the transport callback says so', async () => {
    const port = bridge.port;
    await bridge.close();
    const r = await api().query('terminal.info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(transport.at(-1)).toBe(false);
    bridge = await startWebBridge({ backend: runtime, rendererDir: tempDir('renderer-'), port, token: 'test-token-123' });
    expect((await api().query('terminal.info', {})).ok).toBe(true);
    expect(transport.at(-1)).toBe(true);
  });
});
