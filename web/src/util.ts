import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { hasKey, type T } from './i18n';

export interface Async<V> {
  data: V | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

// Runs fn whenever deps change; a stale answer never overwrites a newer one.
export function useAsync<V>(fn: () => Promise<V>, deps: unknown[]): Async<V> {
  const [state, setState] = useState<{ data?: V; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const my = ++seq.current;
    setState((s) => ({ data: s.data, loading: true }));
    fn().then(
      (data) => { if (my === seq.current) setState({ data, loading: false }); },
      (error) => { if (my === seq.current) setState({ error, loading: false }); },
    );
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((x) => x + 1) } as Async<V>;
}

// A translated message for an API error: known codes from the catalogue,
// otherwise the server's own message.
export function errorMessage(t: T, e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'network') return t('error.network');
    const key = `error.${e.code}`;
    if (hasKey(key)) return t(key);
    if (e.status === 403) return t('error.forbidden');
    if (e.status === 404) return t('error.not_found');
    if (e.status >= 500) return t('error.server', { status: e.status });
    if (e.message) return e.message;
  }
  return t('error.server', { status: '?' });
}

export function unitType(t: T, type: string): string {
  const key = `type.${type}`;
  return hasKey(key) ? t(key) : type;
}

export function levelName(t: T, level: number, tree: string): string {
  if (level === 1) return t('level.1');
  if (level === 2) return tree === '2025' ? t('level.2.2025') : t('level.2.2024');
  return t('level.3');
}

// The message for an error shown next to a form field: 'required' and
// other client-side checks are catalogue codes; an ApiError with a field
// may have a field-specific message (error.invalid_field.username).
export function fieldMessage(t: T, e: unknown): string {
  if (typeof e === 'string') {
    const key = `error.${e}`;
    return hasKey(key) ? t(key) : e;
  }
  if (e instanceof ApiError && e.field) {
    const key = `error.${e.code}.${e.field}`;
    if (hasKey(key)) return t(key);
  }
  return errorMessage(t, e);
}

// Times are shown in Vietnam's time zone whatever the browser's is.
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const VN_OFFSET_MS = 7 * 3600 * 1000;   // no daylight saving in Vietnam

let timeFormat: Intl.DateTimeFormat | null = null;

// dd/mm/yyyy hh:mm:ss in Vietnam's time zone (the same in both languages).
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  timeFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const { type, value } of timeFormat.formatToParts(d)) p[type] = value;
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

// A calendar day in Vietnam (YYYY-MM-DD) as the UTC instant it starts at,
// in the server's YYYY-MM-DDTHH:MM:SSZ form; days: added to the date first.
export function vnDayStart(day: string, days = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days) - VN_OFFSET_MS;
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function pageOf(q: URLSearchParams): number {
  const n = Number(q.get('page'));
  return Number.isInteger(n) && n > 0 ? n : 1;
}

export function roleName(t: T, role: string): string {
  const key = `role.${role}`;
  return hasKey(key) ? t(key) : role;
}
