// With no built renderer, the shell shows the local error page instead of a blank or "not found"
// window. `electron` is mocked (test/shell/electron-mock.ts): the Electron binary cannot exist in
// this build environment; its utilityProcess runs the real host.
import { afterAll, expect, it, vi } from 'vitest';
import { HOST_ENTRY_TS } from '../../electron/core/host/node-host';
import { runShell, type ShellHandle } from '../../electron/shell/app';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { seededTerminal } from '../launch/terminal-fixture';
import { FakeBrowserWindow, state } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

let shell: ShellHandle | null = null;
afterAll(async () => {
  await shell?.host?.close();
  cleanTempDirs();
});

it('loads the error page when dist/renderer has no index.html', async () => {
  const term = await seededTerminal();
  const errorPage = '/opt/app/resources/error.html';
  vi.spyOn(console, 'error').mockImplementation(() => {});
  shell = runShell(term.config, { preload: '/opt/app/preload.cjs', host: HOST_ENTRY_TS, errorPage, icon: '/opt/app/icon.png', renderer: tempDir('no-renderer-') });
  state.app.fireReady();
  const end = Date.now() + 10_000;
  while (FakeBrowserWindow.all.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  expect(FakeBrowserWindow.all[0]!.loads).toEqual([`file://${errorPage}`]);
});
