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
