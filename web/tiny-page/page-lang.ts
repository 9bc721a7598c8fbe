/**
 * The language of a tiny page (caller, card, Pilot 2): zh-CN unless the browser asks for English or the visitor
 * switched, remembered in localStorage where the WebView allows it. ES2015, no Intl.
 */
export type Lang = 'zh-CN' | 'en';

/** `{name}` placeholders filled from `vars`; an unknown name stays as written. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) =>
    Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m,
  );
}

function readSaved(storageKey: string): string | null {
  try {
    return window.localStorage.getItem(storageKey);
  } catch {
    return null; // Private mode in old WebViews throws on localStorage.
  }
}

export function pickLang(storageKey: string, browserLanguage: string): Lang {
  const saved = readSaved(storageKey);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return browserLanguage.toLowerCase().indexOf('en') === 0 ? 'en' : 'zh-CN';
}

export interface PageLang<K extends string> {
  readonly lang: Lang;
  t(key: K, vars?: Record<string, string | number>): string;
  /** Switches to the other language, remembers it, and sets `<html lang>`. */
  toggle(): void;
  /** Sets `<html lang>`, the title and the text of each element id from its key. */
  label(title: K, byId: Record<string, K>): void;
}

export function pageLang<K extends string>(
  storageKey: string,
  texts: { 'zh-CN': Record<K, string>; en: Record<K, string> },
): PageLang<K> {
  let lang = pickLang(storageKey, navigator.language || '');
  const page: PageLang<K> = {
    get lang() {
      return lang;
    },
    t(key, vars) {
      const text = texts[lang][key];
      return vars ? fill(text, vars) : text;
    },
    toggle() {
      lang = lang === 'en' ? 'zh-CN' : 'en';
      try {
        window.localStorage.setItem(storageKey, lang);
      } catch {
        // Not remembered: the next visit picks again.
      }
    },
    label(title, byId) {
      document.documentElement.lang = lang;
      document.title = page.t(title);
      for (const id of Object.keys(byId)) {
        const el = document.getElementById(id);
        if (el) el.textContent = page.t(byId[id]!);
      }
    },
  };
  return page;
}
