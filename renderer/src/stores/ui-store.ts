// View preferences that are not business data: the cell this screen shows (one of the cells the
// terminal is bound to), the theme and each operator's chosen language for their session.
// (The login roster is the core's 'session.roster', not kept here.)
import { create } from 'zustand';
import type { Locale } from '../../../shared/domain/enums';

export type Theme = 'light' | 'dark';

interface UiStore {
  cellId: string | null;
  theme: Theme;
  localeByProfile: Record<string, Locale>;
  setCell(id: string): void;
  setTheme(t: Theme): void;
  rememberLocale(profileId: string, l: Locale): void;
}

export const useUi = create<UiStore>((set) => ({
  cellId: null,
  theme: 'light',
  localeByProfile: {},
  setCell: (cellId) => set({ cellId }),
  setTheme: (theme) => {
    document.documentElement.dataset.theme = theme;
    set({ theme });
  },
  rememberLocale: (profileId, l) => set((s) => ({ localeByProfile: { ...s.localeByProfile, [profileId]: l } })),
}));
