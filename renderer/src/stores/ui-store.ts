// View preferences that are not business data: the cell this screen shows (one of the cells the
// terminal is bound to), the theme, each operator's chosen language for their session, and the
// roster tiles of the login screen (people who worked at this terminal lately; ids and names
// only, which the status bar shows anyway — never a PIN).
import { create } from 'zustand';
import type { Locale } from '../../../shared/domain/enums';

export type Theme = 'light' | 'dark';

export interface RosterTile {
  employee_id: string;
  label: string;
}

const ROSTER_KEY = 'shopfloor.roster';
const ROSTER_MAX = 8;

function loadRoster(): RosterTile[] {
  try {
    const v = JSON.parse(localStorage.getItem(ROSTER_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as RosterTile[]).filter((x) => typeof x?.employee_id === 'string' && typeof x?.label === 'string').slice(0, ROSTER_MAX) : [];
  } catch {
    return [];
  }
}

interface UiStore {
  roster: RosterTile[];
  /** Puts these people first on the login screen's tiles (most recent first). */
  rememberRoster(people: RosterTile[]): void;
  cellId: string | null;
  theme: Theme;
  localeByProfile: Record<string, Locale>;
  setCell(id: string): void;
  setTheme(t: Theme): void;
  rememberLocale(profileId: string, l: Locale): void;
}

export const useUi = create<UiStore>((set, get) => ({
  roster: loadRoster(),
  rememberRoster(people) {
    const cur = get().roster;
    const next = [...people, ...cur.filter((c) => !people.some((p) => p.employee_id === c.employee_id))].slice(0, ROSTER_MAX);
    if (JSON.stringify(next) === JSON.stringify(cur)) return;
    try {
      localStorage.setItem(ROSTER_KEY, JSON.stringify(next));
    } catch {
      // storage full or disabled: the tiles just do not survive a reload
    }
    set({ roster: next });
  },
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
