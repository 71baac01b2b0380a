// The host process's line to its parent, whichever API spawned it: Electron's utilityProcess gives
// `process.parentPort` (MessagePort-like, messages wrapped in `{ data }`), Node's child_process.fork
// gives `process.send`. The core never imports `electron`, so the utilityProcess shape is described
// here structurally rather than taken from Electron's types.
import type { HostMessage } from './protocol';

export interface ParentPort {
  post(msg: HostMessage): void;
  onMessage(listener: (msg: unknown) => void): void;
}

interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

export function connectParentPort(proc: NodeJS.Process = process): ParentPort {
  const utility = (proc as NodeJS.Process & { parentPort?: UtilityParentPort }).parentPort;
  if (utility) {
    return {
      post: (msg) => utility.postMessage(msg),
      onMessage: (l) => utility.on('message', (e) => l(e.data)),
    };
  }
  const send = proc.send?.bind(proc);
  if (send) {
    return {
      post: (msg) => {
        // The parent may be gone (it is being killed too); there is no one left to tell.
        if (proc.connected) send(msg);
      },
      onMessage: (l) => proc.on('message', l),
    };
  }
  throw new Error('The terminal host must be started by a parent (utilityProcess.fork or child_process.fork).');
}
