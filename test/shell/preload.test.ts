// The preload module itself: it exposes exactly one global, `terminal`, whose only members are
// the typed API. `electron` is mocked (test/shell/electron-mock.ts): the Electron binary cannot
// exist in this build environment, so contextBridge records what would cross into the page.
import { expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/contract';
import { state } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

it('exposes only window.terminal with command, query and subscribe; no ipcRenderer', async () => {
  await import('../../electron/preload/preload');
  expect(state.exposed.map((e) => e.key)).toEqual(['terminal']);
  const api = state.exposed[0]!.api as Record<string, unknown>;
  expect(Object.keys(api).sort()).toEqual(['command', 'query', 'subscribe']);
  for (const v of Object.values(api)) expect(typeof v).toBe('function');
  expect(Object.values(api)).not.toContain((await import('./electron-mock')).ipcRenderer);
  // A call travels on the contract's channel.
  const r = await (api.query as (n: string, i: unknown) => Promise<unknown>)('terminal.info', {});
  expect(r).toEqual({ ok: true, value: { channel: IPC_CHANNELS.query, args: ['terminal.info', {}] } });
});
