// The message catalogue: t(key, params) with {name} placeholders, the
// chosen language remembered in localStorage.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { vi as viCore, type MessageKey as CoreKey } from './vi';
import { en as enCore } from './en';
import { viBudget } from './budget.vi';
import { enBudget } from './budget.en';
import { viReport } from './report.vi';
import { enReport } from './report.en';
import { viReportSettings } from './report-settings.vi';
import { enReportSettings } from './report-settings.en';
import { viAccount } from './account.vi';
import { enAccount } from './account.en';

export type Lang = 'vi' | 'en';
// The core catalogue and the parts kept in files of their own (budget.*.ts,
// report.*.ts, report-settings.*.ts, account.*.ts).
export type MessageKey = CoreKey | keyof typeof viBudget | keyof typeof viReport | keyof typeof viReportSettings
  | keyof typeof viAccount;
type Messages = { readonly [K in MessageKey]: string };
const vi: Messages = { ...viCore, ...viBudget, ...viReport, ...viReportSettings, ...viAccount };
const en: Messages = { ...enCore, ...enBudget, ...enReport, ...enReportSettings, ...enAccount };
export type Params = Record<string, string | number>;
export type T = (key: MessageKey, params?: Params) => string;

const catalogues: Record<Lang, Messages> = { vi, en };
const STORAGE_KEY = 'trogiup.lang';

export function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'vi' || v === 'en') return v;
  } catch { /* storage blocked: use the default */ }
  return 'vi';
}

export function storeLang(lang: Lang): void {
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* ignore */ }
}

export function translator(lang: Lang): T {
  const cat = catalogues[lang];
  return (key, params) => {
    const text = cat[key] ?? vi[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) =>
      name in params ? String(params[name]) : m);
  };
}

// Is there a message for this dynamic key (e.g. a unit type)?
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, key);
}

export interface I18n { lang: Lang; t: T; setLang: (l: Lang) => void }
export const I18nContext = createContext<I18n>({
  lang: 'vi', t: translator('vi'), setLang: () => {},
});
export const useI18n = () => useContext(I18nContext);
