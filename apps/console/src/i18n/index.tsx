/** Language of the console: Bahasa Indonesia unless the user switches (kept in localStorage). */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { en } from './en';
import { id, type Dictionary } from './id';

export type Lang = 'id' | 'en';
const DICTIONARIES: Record<Lang, Dictionary> = { id, en };
const STORAGE_KEY = 'netral.lang';

interface I18n {
  lang: Lang;
  t: Dictionary;
  setLang(lang: Lang): void;
  /** BCP 47 locale for dates and numbers. */
  locale: string;
}

const I18nContext = createContext<I18n>({ lang: 'id', t: id, setLang: () => undefined, locale: 'id-ID' });

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(() =>
    localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id',
  );
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = (next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  };
  const value = { lang, t: DICTIONARIES[lang], setLang, locale: lang === 'id' ? 'id-ID' : 'en-GB' };
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A code's label from one of the dictionary's tables, or the code itself. */
export function label(table: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '—';
  return table[code] ?? code;
}
