// Whether the core answers. A transport failure flips the app to its "core unreachable" screen,
// which retries on its own; the first success flips it back with every form draft intact.
import { create } from 'zustand';

export type ConnectionState = 'connecting' | 'online' | 'unreachable';

interface ConnectionStore {
  state: ConnectionState;
  since: number;
  report(reachable: boolean): void;
}

export const useConnection = create<ConnectionStore>((set, get) => ({
  state: 'connecting',
  since: Date.now(),
  report(reachable) {
    const next: ConnectionState = reachable ? 'online' : 'unreachable';
    if (get().state !== next) set({ state: next, since: Date.now() });
  },
}));
