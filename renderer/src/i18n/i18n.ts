// Translation: the strings live in renderer/locales/{en,nl,de}.json (flat "area.key" names).
// `MessageKey` is derived from en.json, so the compiler rejects a key that does not exist, and
// test/renderer/locales.test.ts checks that nl and de carry exactly the same keys.
// The language belongs to the operator's session: logging in sets it, logging out resets it.
import { create } from 'zustand';
import type { Locale } from '../../../shared/domain/enums';
import en from '../../locales/en.json';
import nl from '../../locales/nl.json';
import de from '../../locales/de.json';

export type MessageKey = keyof typeof en;
export type Params = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, nl, de };

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

interface LocaleStore {
  locale: Locale;
  /** The terminal's default, restored when the operator's session ends. */
  terminalDefault: Locale;
  setLocale(l: Locale): void;
  resetToDefault(): void;
}

export const useLocale = create<LocaleStore>((set, get) => ({
  locale: 'en',
  terminalDefault: 'en',
  setLocale(l) {
    set({ locale: l });
    document.documentElement.lang = l;
  },
  resetToDefault() {
    get().setLocale(get().terminalDefault);
  },
}));

export type Translate = (key: MessageKey, params?: Params) => string;

/** The current language's translate function; re-renders when the language changes. */
export function useT(): Translate {
  const locale = useLocale((s) => s.locale);
  return (key, params) => translate(locale, key, params);
}
