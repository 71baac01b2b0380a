// Which screen is showing. Navigation is plain state (no URL router): a kiosk has no address bar,
// and a lock overlays the current screen instead of replacing it.
import { create } from 'zustand';

export type Screen =
  | { name: 'queue' }
  | { name: 'operation'; operationId: string }
  | { name: 'cells' }
  | { name: 'crew' }
  | { name: 'downtime' }
  | { name: 'stops' }
  | { name: 'timers' }
  | { name: 'handover' }
  | { name: 'dead_letters' };

interface NavStore {
  screen: Screen;
  go(s: Screen): void;
}

export const useNav = create<NavStore>((set) => ({
  screen: { name: 'queue' },
  go: (screen) => set({ screen }),
}));
