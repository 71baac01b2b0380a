// The preload (bundled to dist/electron/preload.cjs, runs sandboxed with context isolation): it
// exposes exactly one thing, the typed `window.terminal` API.
import { contextBridge, ipcRenderer } from 'electron';
import { buildTerminalApi } from './terminal-api';

contextBridge.exposeInMainWorld('terminal', buildTerminalApi(ipcRenderer));
