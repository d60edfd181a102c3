// Pieces the indicator pages share (docs/indicators.md): who may do what,
// periods (2020, 2020S1, 2020Q3, 2020-03) with their labels and a picker,
// numbers in the reader's language ("1.200", "32,5%"), the status tag
// (colour plus text), and the unit/period filter bar of the dashboard and
// the aggregate entry page.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getUnit, type DashboardIndicator, type Indicator, type IndicatorNumbers, type Tree, type User } from '../api';
import { hasKey, useI18n, type Lang, type T } from '../i18n';
import { href } from '../router';
import { Tabs } from './NetKit';
import { UnitField } from './UnitField';
import type { PickedUnit } from './UnitPicker';

// ---- roles (docs/indicators.md §Roles) ----

const READERS = ['province', 'district', 'commune', 'facility', 'viewer'];
const PLAN_WRITERS = ['province', 'district'];
const AGG_WRITERS = ['province', 'district', 'commune'];
const CASE_WORKERS = ['province', 'district', 'commune', 'facility'];

export const indCan = {
  read: (u: User) => READERS.includes(u.role),
  plansWrite: (u: User) => PLAN_WRITERS.includes(u.role),
  aggregatesWrite: (u: User) => AGG_WRITERS.includes(u.role),
  // the cases behind a number: roles with cases_work (not viewer)
  cases: (u: User) => CASE_WORKERS.includes(u.role),
};

// The unit a user's pages start from: their scope's unit (a facility
// user's owning unit), or '' (national) for a national user.
export function homeUnit(u: User): { code: string; tree: Tree | null; name?: string } {
  const s = u.scope;
  if (s?.kind === 'unit') return { code: s.code, tree: s.tree ?? null, name: s.name };
  if (s?.kind === 'facility') return { code: s.code, tree: s.tree ?? null };
  return { code: '', tree: null };
}

export function asTree(v: string | null | undefined): Tree | null {
  return v === '2024' || v === '2025' ? v : null;
}

// ---- periods (domain/indicators.c period_parse) ----

export type PeriodKind = 'year' | 'half' | 'quarter' | 'month';
export interface Period { kind: PeriodKind; year: number; sub: number }   // sub: 1-based half, quarter or month; 0 for a year

export function parsePeriod(s: string | null | undefined): Period | null {
  const m = /^(\d{4})(?:(S[12])|(Q[1-4])|-(0[1-9]|1[0-2]))?$/.exec(s ?? '');
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  if (m[2]) return { kind: 'half', year, sub: Number(m[2][1]) };
  if (m[3]) return { kind: 'quarter', year, sub: Number(m[3][1]) };
  if (m[4]) return { kind: 'month', year, sub: Number(m[4]) };
  return { kind: 'year', year, sub: 0 };
}

export function periodCode(p: Period): string {
  if (p.kind === 'half') return `${p.year}S${p.sub}`;
  if (p.kind === 'quarter') return `${p.year}Q${p.sub}`;
  if (p.kind === 'month') return `${p.year}-${String(p.sub).padStart(2, '0')}`;
  return String(p.year);
}

const VN_OFFSET_MS = 7 * 3600 * 1000;
export function currentYear(): number {
  return new Date(Date.now() + VN_OFFSET_MS).getUTCFullYear();
}

// "Năm 2020", "6 tháng đầu năm 2020", "Quý II/2020", "Tháng 3/2020".
export function periodLabel(t: T, code: string): string {
  const p = parsePeriod(code);
  if (!p) return code;
  if (p.kind === 'half') return t(p.sub === 1 ? 'ind.period.h1' : 'ind.period.h2', { year: p.year });
  if (p.kind === 'quarter') return t('ind.period.q', { q: ROMAN[p.sub], n: p.sub, year: p.year });
  if (p.kind === 'month') return t('ind.period.m', { month: p.sub, year: p.year });
  return t('ind.period.y', { year: p.year });
}

// Short labels for chart axes and trend points: "2020", "6T đầu/2020", "Q2/2020", "T3/2020".
export function periodShort(t: T, code: string): string {
  const p = parsePeriod(code);
  if (!p) return code;
  if (p.kind === 'half') return t(p.sub === 1 ? 'ind.periodShort.h1' : 'ind.periodShort.h2', { year: p.year });
  if (p.kind === 'quarter') return t('ind.periodShort.q', { n: p.sub, year: p.year });
  if (p.kind === 'month') return t('ind.periodShort.m', { month: p.sub, year: p.year });
  return String(p.year);
}

const ROMAN = ['', 'I', 'II', 'III', 'IV'];
const KINDS: PeriodKind[] = ['year', 'half', 'quarter', 'month'];

// Kind, year and (for halves, quarters, months) which one: three selects.
export function PeriodPicker({ id, value, onChange }: { id: string; value: Period; onChange: (p: Period) => void }) {
  const { t } = useI18n();
  const now = currentYear();
  const years: number[] = [];
  for (let y = now + 1; y >= Math.min(2015, value.year); y--) years.push(y);
  if (!years.includes(value.year)) years.unshift(value.year);
  const subs = value.kind === 'half' ? [1, 2] : value.kind === 'quarter' ? [1, 2, 3, 4]
    : value.kind === 'month' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [];
  const subLabel = (n: number) => value.kind === 'half' ? t(n === 1 ? 'ind.half.1' : 'ind.half.2')
    : value.kind === 'quarter' ? t('ind.quarter', { q: ROMAN[n] }) : t('ind.month', { month: n });
  function kind(k: PeriodKind) {
    const sub = k === 'year' ? 0 : k === 'half' ? 1 : 1;
    onChange({ kind: k, year: value.year, sub });
  }
  return (
    <fieldset class="period-picker" data-testid={id}>
      <legend class="visually-hidden">{t('ind.period')}</legend>
      <label class="field field-half">
        <span>{t('ind.period.kind')}</span>
        <select id={`${id}-kind`} value={value.kind} data-testid={`${id}-kind`} onChange={(e) => kind(e.currentTarget.value as PeriodKind)}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`ind.kind.${k}` as 'ind.kind.year')}</option>)}
        </select>
      </label>
      <label class="field field-half">
        <span>{t('ind.period.year')}</span>
        <select id={`${id}-year`} value={value.year} data-testid={`${id}-year`}
          onChange={(e) => onChange({ ...value, year: Number(e.currentTarget.value) })}>
          {years.map((y) => <option key={y} value={y}>{y}</option>)}
        </select>
      </label>
      {subs.length > 0 && (
        <label class="field field-half">
          <span>{value.kind === 'half' ? t('ind.period.half') : value.kind === 'quarter' ? t('ind.period.quarter') : t('ind.period.month')}</span>
          <select id={`${id}-sub`} value={value.sub} data-testid={`${id}-sub`}
            onChange={(e) => onChange({ ...value, sub: Number(e.currentTarget.value) })}>
            {subs.map((n) => <option key={n} value={n}>{subLabel(n)}</option>)}
          </select>
        </label>
      )}
    </fieldset>
  );
}

// ---- numbers ----

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, decimals: number): Intl.NumberFormat {
  const key = `${lang}/${decimals}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB',
      { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(key, f);
  }
  return f;
}

// 1200 → "1.200" (vi) / "1,200" (en); "<5" stays as the API gives it.
export function fmtCount(lang: Lang, n: number | string | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (typeof n === 'string') return n;
  return numberFormat(lang, Number.isInteger(n) ? 0 : 1).format(n);
}

// 32.5 → "32,5%" (vi) / "32.5%" (en).
export function fmtPercent(lang: Lang, n: number | string | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (typeof n === 'string') return n;
  return `${numberFormat(lang, 1).format(n)}%`;
}

export function isPercentKind(kind: string): boolean {
  return kind === 'percent' || kind === 'reduction_pct';
}

// A value of an indicator of this kind.
export function fmtValue(lang: Lang, kind: string, v: number | string | null | undefined): string {
  return isPercentKind(kind) ? fmtPercent(lang, v) : fmtCount(lang, v);
}

// A target: percents with at most one decimal, counts with separators.
export function fmtTarget(lang: Lang, kind: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (isPercentKind(kind)) return `${numberFormat(lang, Number.isInteger(v) ? 0 : 1).format(v)}%`;
  return fmtCount(lang, v);
}

// A number for sorting: "<5" sorts between 0 and 5; unknown is null.
export function sortable(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '<5' ? 2.5 : null;
  return v;
}

export function indName(lang: Lang, i: Pick<Indicator, 'vi' | 'en' | 'code'>): string {
  return (lang === 'en' ? i.en : i.vi) || i.code;
}

// ---- status ----

export const STATUSES = ['on_track', 'at_risk', 'off_track', 'no_target'] as const;
const STATUS_MARK: Record<string, string> = { on_track: '✓', at_risk: '!', off_track: '✕', no_target: '–' };

export function statusName(t: T, s: string): string {
  return t(`ind.status.${STATUSES.includes(s as 'on_track') ? s : 'no_target'}` as 'ind.status.on_track');
}

// Colour and words: the mark and text say it for those who cannot tell the colours apart.
export function StatusTag({ status, testid = 'ind-status' }: { status: string; testid?: string }) {
  const { t } = useI18n();
  const s = STATUSES.includes(status as 'on_track') ? status : 'no_target';
  return (
    <span class={`tag ind-status ind-status-${s}`} data-testid={testid} data-status={s}>
      <span class="ind-mark" aria-hidden="true">{STATUS_MARK[s]}</span>{statusName(t, s)}
    </span>
  );
}

// A value as a reader sees it: the number, "<5", hidden (small counts of
// a percent for viewers), or "no data".
export function ValueText({ kind, v }: { kind: string; v: Pick<IndicatorNumbers, 'value' | 'suppressed'> }) {
  const { t, lang } = useI18n();
  if (v.suppressed) return <span class="ind-suppressed" title={t('ind.suppressed.hint')} data-testid="ind-value">{t('ind.suppressed')}</span>;
  if (v.value === null || v.value === undefined) return <span class="muted ind-novalue" data-testid="ind-value">{t('ind.noValue')}</span>;
  return <span class="ind-number" data-testid="ind-value">{fmtValue(lang, kind, v.value)}</span>;
}

// "12/40" under a percent: the counts it was computed from.
export function partsText(lang: Lang, d: Pick<DashboardIndicator, 'numerator' | 'denominator'>): string {
  return `${fmtCount(lang, d.numerator)}/${fmtCount(lang, d.denominator)}`;
}

// ---- the unit of a page ----

// The picked unit of an address (?unit=&tree=), with its name asked once.
export function useUnitOf(code: string, tree: Tree | null): [PickedUnit | null, (u: PickedUnit | null) => void] {
  const [unit, setUnit] = useState<PickedUnit | null>(code ? { code, tree: tree ?? undefined } : null);
  useEffect(() => {
    if (!code) { setUnit(null); return; }
    if (unit?.code === code && unit.name) return;
    setUnit({ code, tree: tree ?? undefined });
    getUnit(code, tree).then((u) => setUnit((cur) => (cur?.code === u.code
      ? { code: u.code, name: u.name, type: u.type, tree: u.tree, parent_code: u.parent_code } : cur)), () => {});
  }, [code, tree]);
  return [unit, setUnit];
}

// The unit field of a filter bar: a national user may clear it (the whole country).
export function UnitFilter({ id, code, tree, national, onChange }: { id: string; code: string; tree: Tree | null; national: boolean; onChange: (u: PickedUnit | null) => void }) {
  const { t } = useI18n();
  const [unit, setUnit] = useUnitOf(code, tree);
  return (
    <div class="field filter-unit">
      <label for={id}>{t('ind.unit')}</label>
      <UnitField id={id} value={unit} tree={tree} emptyText={national ? t('ind.national') : t('net.unit.choose')} compact
        clearable={national || !!code}
        onChange={(u) => { setUnit(u); onChange(u); }} />
    </div>
  );
}

// A 422 of these pages as the words to show at its field (ind.field.NAME),
// else the error itself (shown by code or with the server's words).
export function indFieldText(t: T, e: unknown): unknown {
  if (e instanceof ApiError && e.field) {
    const key = `ind.field.${e.field.split('.').pop()}`;
    if (hasKey(key)) return t(key);
  }
  return e;
}

// The indicator pages' own tabs: the dashboard, the plans and (for those
// who enter it) the aggregate data; the main navigation has one entry.
export function IndTabs({ user, active, unit, tree, period }: { user: User; active: 'dashboard' | 'plans' | 'aggregates'; unit?: string; tree?: Tree | null; period?: string }) {
  const { t } = useI18n();
  const home = homeUnit(user);
  const u = unit && unit !== home.code ? unit : null;
  const tr = tree && tree !== home.tree ? tree : null;
  const items = [
    { href: href(['dashboard'], { unit: u, tree: tr, period }), text: t('ind.tab.dashboard'), active: active === 'dashboard', testid: 'tab-dashboard' },
    { href: href(['plans'], { unit: u, tree: tr }), text: t('ind.tab.plans'), active: active === 'plans', testid: 'tab-plans' },
  ];
  if (indCan.aggregatesWrite(user)) {
    items.push({ href: href(['aggregates'], { unit: u, tree: tr, period }), text: t('ind.tab.aggregates'), active: active === 'aggregates', testid: 'tab-aggregates' });
  }
  return <Tabs items={items} label={t('ind.tabs')} />;
}
