// The main process's relay between the renderer and the terminal host. It is generic over the
// contract: a name is looked up in the records (never a hand-written list), an unknown name gets a
// Result error naming it, and every message's sender frame is validated first. Push events go
// back only to windows showing the app.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, type Result } from '../../shared/contract';
import type { TerminalBackend } from '../core/host/backend';
import { failure, isContractName, unknownNameResult, type RequestKind } from '../core/host/contract-names';
import { isAppUrl } from './app-origin';
import { isTrustedSender } from './sender-validation';

export function refusedSenderResult(): Result<never> {
  return failure({ code: 'forbidden', field: 'sender', message: 'IPC refused: the message did not come from the terminal app\'s main frame.' });
}

export interface IpcRelayOptions {
  log?: (line: string) => void;
}

export function registerIpcRelay(ipcMain: IpcMain, backend: TerminalBackend, opts: IpcRelayOptions = {}): () => void {
  const log = opts.log ?? console.warn;
  const handler = (kind: RequestKind) => async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event.senderFrame)) {
      log(`ipc: refused ${kind} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return refusedSenderResult();
    }
    if (!isContractName(kind, name)) return unknownNameResult(kind, name);
    return backend.request(kind, name, input);
  };
  ipcMain.handle(IPC_CHANNELS.command, handler('command'));
  ipcMain.handle(IPC_CHANNELS.query, handler('query'));
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.command);
    ipcMain.removeHandler(IPC_CHANNELS.query);
  };
}

/** Forwards the host's push events to the app's windows (never to a window showing anything else). */
export function forwardPushEvents(backend: TerminalBackend, windows: () => BrowserWindow[]): () => void {
  return backend.onPush((name, payload) => {
    for (const win of windows()) {
      if (win.isDestroyed()) continue;
      const contents = win.webContents;
      if (!isAppUrl(contents.getURL())) continue;
      contents.send(IPC_CHANNELS.push, name, payload);
    }
  });
}
