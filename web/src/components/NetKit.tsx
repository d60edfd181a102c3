// Pieces the service-network pages share (docs/network.md): who may do
// what, the occupancy bar, status tags, a case finder (GET /cases?q=), a
// facility finder, CSV export links and a small tab bar.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { csvHref, listCases, listFacilities, type Case, type Facility, type NetQuery, type User } from '../api';
import { useI18n, hasKey, type T } from '../i18n';
import { useAsync } from '../util';
import { codeLabel, typeName, stageName, useCodes } from './CaseKit';
import { ErrorBox } from './ErrorBox';

// ---- roles (docs/network.md §Roles) ----

const NET_WRITE = ['province', 'district', 'commune'];
const CASES_WORK = ['province', 'district', 'commune', 'facility'];
const FACILITY_READ = ['province', 'district', 'commune', 'facility', 'hotline', 'viewer'];
const ACTIVITY_READ = ['province', 'district', 'commune', 'viewer'];

export const can = {
  // create / change facilities, trainings, participants, communications; imports
  write: (u: User) => NET_WRITE.includes(u.role),
  // residents, placements, carers: records about persons
  casework: (u: User) => CASES_WORK.includes(u.role),
  facilities: (u: User) => FACILITY_READ.includes(u.role),
  // trainings and communications (a facility user has none of them)
  activities: (u: User) => ACTIVITY_READ.includes(u.role),
  carers: (u: User) => NET_WRITE.includes(u.role),
};

// The facility of a facility user, else null.
export function ownFacility(u: User): number | null {
  return u.scope?.kind === 'facility' ? Number(u.scope.id) : null;
}

// The tree of the user's scope (unit or facility), for unit searches.
export function ownTree(u: User): '2024' | '2025' | null {
  const s = u.scope as { tree?: '2024' | '2025' };
  return s?.tree ?? null;
}

// The unit of the user's scope as a picked unit (forms default to it).
export function scopeUnit(u: User): { code: string; name?: string; tree?: '2024' | '2025' } | null {
  const s = u.scope;
  if (s?.kind === 'unit') return { code: s.code, name: s.name, tree: s.tree };
  return null;
}

// A translated label for a dynamic key, else the fallback.
export function label(t: T, key: string, fallback: string): string {
  return hasKey(key) ? t(key) : fallback;
}

// ---- dates ----

const VN_OFFSET_MS = 7 * 3600 * 1000;
export function today(): string {
  return new Date(Date.now() + VN_OFFSET_MS).toISOString().slice(0, 10);
}
export function day(s: string | null | undefined): string {
  if (!s) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : s;
}
// Days from today (Vietnam) to a YYYY-MM-DD day; negative once passed.
export function daysUntil(s: string): number {
  const a = Date.parse(`${today()}T00:00:00Z`);
  const b = Date.parse(`${s.slice(0, 10)}T00:00:00Z`);
  return Math.round((b - a) / 86400000);
}

// ---- pieces ----

// A horizontal bar (SVG: the CSP forbids style attributes).  ratio 0…n.
export function Bar({ ratio, tone, label: aria, testid }: { ratio: number; tone: 'ok' | 'warn' | 'bad' | 'info'; label: string; testid?: string }) {
  const w = Math.max(0, Math.min(100, ratio * 100));
  return (
    <svg class={`bar bar-${tone}`} viewBox="0 0 100 10" preserveAspectRatio="none" role="img"
      aria-label={aria} data-testid={testid} data-percent={Math.round(ratio * 100)}>
      <rect class="bar-track" x="0" y="0" width="100" height="10" rx="0" />
      <rect class="bar-fill" x="0" y="0" width={w} height="10" />
    </svg>
  );
}

export function occupancyTone(f: Pick<Facility, 'occupancy' | 'over_capacity'>): 'ok' | 'warn' | 'bad' {
  if (f.over_capacity || (f.occupancy ?? 0) > 1) return 'bad';
  if ((f.occupancy ?? 0) >= 0.9) return 'warn';
  return 'ok';
}

// "12 / 40 (30 %)" and the bar; capacity unknown: only the count.
export function Occupancy({ f, big }: { f: Facility; big?: boolean }) {
  const { t } = useI18n();
  const pct = f.occupancy !== null && f.occupancy !== undefined ? Math.round(f.occupancy * 100) : null;
  const text = f.capacity
    ? t('fac.occupancy.text', { residents: f.residents, capacity: f.capacity, percent: pct ?? 0 })
    : t('fac.occupancy.noCapacity', { residents: f.residents });
  return (
    <div class={big ? 'occupancy occupancy-big' : 'occupancy'} data-testid="occupancy">
      <span class="occupancy-text" data-testid="occupancy-text">{text}</span>
      {f.capacity ? <Bar ratio={f.occupancy ?? 0} tone={occupancyTone(f)} label={text} testid="occupancy-bar" /> : null}
      {f.over_capacity && <span class="tag tag-overdue" data-testid="over-capacity">{t('fac.overCapacity')}</span>}
    </div>
  );
}

// A code shown as a tag coloured by list and code (facility_status.active…).
export function StatusTag({ list, code }: { list: string; code: string }) {
  const { lang } = useI18n();
  const { codes } = useCodes();
  return <span class={`tag net-status net-${list}-${code}`} data-testid="status">{codeLabel(codes, lang, list, code)}</span>;
}

export function ExportLink({ path, q, testid }: { path: string; q: NetQuery; testid: string }) {
  const { t } = useI18n();
  return (
    <a class="btn btn-small" href={csvHref(path, q)} download data-testid={testid}>
      {t('net.exportCsv')}
    </a>
  );
}

// Tabs as links (routes), the current one marked.
export function Tabs({ items, label: aria }: { items: { href: string; text: string; active: boolean; testid: string }[]; label: string }) {
  return (
    <nav class="tabs" aria-label={aria}>
      {items.map((i) => (
        <a key={i.href} href={i.href} class={i.active ? 'tab active' : 'tab'} aria-current={i.active ? 'page' : undefined}
          data-testid={i.testid}>{i.text}</a>
      ))}
    </nav>
  );
}

export function Panel({ title, id, children, class: cls, testid, actions }: { title: string; id: string; children: ComponentChildren; class?: string; testid?: string; actions?: ComponentChildren }) {
  return (
    <section class={cls ? `panel ${cls}` : 'panel'} aria-labelledby={id} data-testid={testid}>
      <div class="panel-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

// A case chosen by number or name (GET /api/v1/cases?q=); type narrows the
// search (placements need a child-protection case).
export function CaseFinder({ id, value, onChange, type, invalid }: { id: string; value: Case | null; onChange: (c: Case | null) => void; type?: string; invalid?: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const r = useAsync(() => (q ? listCases({ q, type, stage: null, page_size: 8 }) : Promise.resolve(null)), [q, type]);
  function search(v: string, now = false) {
    setText(v);
    window.clearTimeout(timer.current);
    if (now) setQ(v.trim());
    else timer.current = window.setTimeout(() => setQ(v.trim()), 250);
  }
  if (value) {
    return (
      <div class="picker-value chosen" data-testid={`${id}-value`}>
        <span class="picker-chosen">
          <span class="unit-name"><span class="code">{value.case_no}</span>{value.person ? ` · ${value.person.full_name}` : ''}</span>
          <span class="unit-meta">{typeName(t, value.type)} · {stageName(t, value.stage)}</span>
        </span>
        <button type="button" class="btn btn-small" data-testid={`${id}-clear`} onClick={() => onChange(null)}>{t('picker.clear')}</button>
      </div>
    );
  }
  const items = q && r.data && !r.loading ? r.data.items : null;
  return (
    <div class="unitfield">
      <input id={id} type="search" autoComplete="off" spellcheck={false} value={text} aria-invalid={invalid || undefined}
        placeholder={t('net.caseFinder.placeholder')} data-testid={`${id}-search`}
        onInput={(e) => search(e.currentTarget.value)}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); if (items?.[0]) { onChange(items[0]); search('', true); } else search(text, true); } }} />
      <div aria-live="polite">
        {q && (r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !items ? <p class="loading" aria-busy="true">{t('app.loading')}</p>
            : items.length === 0 ? <p class="empty">{t('net.caseFinder.none', { q })}</p>
              : <ul class="picker-results">
                  {items.map((c) => (
                    <li key={c.id}>
                      <button type="button" class="picker-option" data-testid={`${id}-pick-${c.case_no}`}
                        onClick={() => { onChange(c); search('', true); }}>
                        <span class="unit-name"><span class="code">{c.case_no}</span>
                          {c.person ? ` · ${c.person.full_name}` : c.identity_hidden ? ` · ${t('cases.hiddenName')}` : ''}
                          {c.person?.birth_year ? <span class="muted"> · {c.person.birth_year}</span> : null}</span>
                        <span class="unit-meta">{typeName(t, c.type)} · {stageName(t, c.stage)}</span>
                      </button>
                    </li>
                  ))}
                </ul>)}
      </div>
    </div>
  );
}

// A facility chosen by name (GET /api/v1/facilities?kind=facility&q=).
export function FacilityFinder({ id, value, onChange }: { id: string; value: Facility | null; onChange: (f: Facility | null) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const r = useAsync(() => (q ? listFacilities({ q, kind: 'facility', page_size: 8 }) : Promise.resolve(null)), [q]);
  if (value) {
    return (
      <div class="picker-value chosen" data-testid={`${id}-value`}>
        <span class="picker-chosen"><span class="unit-name">{value.name}</span>
          <span class="unit-meta">{value.unit_name ?? value.unit_code}</span></span>
        <button type="button" class="btn btn-small" onClick={() => onChange(null)}>{t('picker.clear')}</button>
      </div>
    );
  }
  const items = q && r.data && !r.loading ? r.data.items : null;
  return (
    <div class="unitfield">
      <input id={id} type="search" autoComplete="off" value={text} placeholder={t('net.facilityFinder.placeholder')}
        data-testid={`${id}-search`}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => setQ(v.trim()), 250);
        }} />
      {q && (r.error ? <ErrorBox error={r.error} />
        : !items ? <p class="loading">{t('app.loading')}</p>
          : items.length === 0 ? <p class="empty">{t('picker.noMatch', { q })}</p>
            : <ul class="picker-results">
                {items.map((f) => (
                  <li key={f.id}>
                    <button type="button" class="picker-option" data-testid={`${id}-pick-${f.id}`}
                      onClick={() => { onChange(f); setText(''); setQ(''); }}>
                      <span class="unit-name">{f.name}</span>
                      <span class="unit-meta">{f.unit_name ?? f.unit_code}</span>
                    </button>
                  </li>
                ))}
              </ul>)}
    </div>
  );
}
