// Builds the renderer's `window.terminal` (TerminalApi) on top of IPC. Only this object crosses
// the context bridge: the page never sees ipcRenderer, an IPC event, or a channel name, and it can
// only send the contract's names (checked here and again in the main process).
import { IPC_CHANNELS, type Result, type TerminalApi } from '../../shared/contract';
import { isContractName, isPushName, unavailableResult, unknownNameResult, type RequestKind } from '../core/host/contract-names';

/** The part of ipcRenderer the API uses. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildTerminalApi(ipc: PreloadIpc): TerminalApi {
  const call = async (kind: RequestKind, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isContractName(kind, name)) return unknownNameResult(kind, name);
    try {
      return (await ipc.invoke(IPC_CHANNELS[kind], name, input)) as Result<unknown>;
    } catch (err) {
      // The main process is quitting or the relay is gone: an answer, never a rejected promise.
      return unavailableResult(`the IPC relay failed (${(err as Error).message}).`);
    }
  };
  // One IPC listener for every subscription (an EventEmitter warns past ten listeners, and the
  // screens subscribe from many components); pushes are dispatched by name from here.
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let attached = false;
  const onPush = (_event: unknown, pushed: unknown, payload: unknown) => {
    if (typeof pushed !== 'string') return;
    for (const l of [...(listeners.get(pushed) ?? [])]) l(payload);
  };
  const api: TerminalApi = {
    command: (name, input) => call('command', name, input) as ReturnType<TerminalApi['command']>,
    query: (name, input) => call('query', name, input) as ReturnType<TerminalApi['query']>,
    subscribe(name, listener) {
      if (!isPushName(name)) throw new Error(`There is no push event named ${JSON.stringify(name)} in the terminal contract.`);
      if (!attached) {
        ipc.on(IPC_CHANNELS.push, onPush);
        attached = true;
      }
      const set = listeners.get(name) ?? listeners.set(name, new Set()).get(name)!;
      // Wrapped so subscribing the same function twice gives two independent subscriptions.
      const l = (payload: unknown) => (listener as (p: unknown) => void)(payload);
      set.add(l);
      return () => void set.delete(l);
    },
  };
  return Object.freeze(api);
}
