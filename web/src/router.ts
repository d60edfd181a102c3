// Hash routing: #/units, #/units/62, with a query part (#/units/62?tree=2025).
// Using the hash keeps the server simple (it serves index.html at /) and
// makes the browser's back button work.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  path: string[];            // ['units', '62']
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [p, q] = h.split('?', 2);
  const path = (p ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  return { path, query: new URLSearchParams(q ?? '') };
}

export function href(path: string[], query?: Record<string, string | number | null | undefined>): string {
  let h = '#/' + path.map(encodeURIComponent).join('/');
  if (query) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
    }
    const s = p.toString();
    if (s) h += '?' + s;
  }
  return h;
}

const listeners = new Set<() => void>();

// Go to a hash. replace: change the current history entry instead of adding
// one (used while typing in the search box).
export function navigate(hash: string, replace = false): void {
  if (hash === location.hash) return;
  if (replace) {
    history.replaceState(history.state, '', hash);
    listeners.forEach((l) => l());
  } else {
    location.hash = hash;   // fires hashchange
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    listeners.add(update);
    return () => {
      window.removeEventListener('hashchange', update);
      listeners.delete(update);
    };
  }, []);
  return route;
}
