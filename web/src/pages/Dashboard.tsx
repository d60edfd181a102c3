// The dashboard (#/dashboard?unit=&tree=&period=&ind=&sort=&status=):
// every indicator of the four projects of Decision 565 for one unit and
// period (GET /api/v1/dashboard) with its value, target, status and a trend
// of four periods; the child units compared on one indicator as a sortable
// table and a bar chart; a child unit's name drills down to its own
// dashboard, and "Xem hồ sơ" lists the cases behind a case-based number
// (IndicatorCases.tsx).  The unit defaults to the user's scope, the period
// to the current year.  uPlot (components/Charts.tsx) is loaded only here.
import { useEffect, useState } from 'preact/hooks';
import {
  getDashboard, getUnit, listIndicatorProblems, listIndicators, listProgrammes, type Dashboard, type DashboardChild,
  type DashboardIndicator, type Indicator, type Programme, type Tree, type User,
} from '../api';
import { hasKey, useI18n, type T } from '../i18n';
import { href, navigate, type Route } from '../router';
import { useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { day } from '../components/NetKit';
import {
  IndTabs, PeriodPicker, STATUSES, StatusTag, UnitFilter, ValueText, asTree, currentYear, fmtCount, fmtTarget, fmtValue,
  homeUnit, indCan, indName, isPercentKind, parsePeriod, partsText, periodCode, periodLabel, periodShort, sortable,
  statusName, type Period,
} from '../components/IndKit';
import '../indicators.css';

type Charts = typeof import('../components/Charts');
let chartsPromise: Promise<Charts> | null = null;

// uPlot and the chart components, fetched when a dashboard first shows.
function useCharts(): Charts | null {
  const [m, setM] = useState<{ charts: Charts } | null>(null);
  useEffect(() => {
    chartsPromise ??= import('../components/Charts');
    chartsPromise.then((charts) => setM({ charts }), () => { chartsPromise = null; });
  }, []);
  return m?.charts ?? null;
}

const SORTS = ['name', 'value', 'numerator', 'denominator', 'status'] as const;

interface Filters { unit: string; tree: Tree | null; period: string; ind: string; sort: string; status: string }

function filtersOf(q: URLSearchParams, user: User): Filters {
  const home = homeUnit(user);
  const period = parsePeriod(q.get('period')) ? q.get('period')! : String(currentYear());
  const sort = q.get('sort') ?? '';
  const status = q.get('status') ?? '';
  return {
    unit: (q.get('unit') ?? '').replace(/\D/g, '') || home.code,
    tree: asTree(q.get('tree')) ?? home.tree,
    period,
    ind: (q.get('ind') ?? '').replace(/[^a-z0-9_]/g, ''),
    sort: SORTS.includes(sort.replace(/^-/, '') as 'name') ? sort : '',
    status: (STATUSES as readonly string[]).includes(status) ? status : '',
  };
}

export function dashHref(f: Partial<Filters> & { unit: string; period: string }, user: User): string {
  const home = homeUnit(user);
  return href(['dashboard'], {
    unit: f.unit && f.unit !== home.code ? f.unit : null,
    tree: f.tree && f.tree !== home.tree ? f.tree : null,
    period: f.period, ind: f.ind, sort: f.sort, status: f.status,
  });
}

export function casesHref(code: string, unit: string, tree: Tree | null, period: string, part?: string): string {
  return href(['dashboard', 'cases'], { indicator: code, unit, tree, period, part });
}

export function DashboardPage({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const f = filtersOf(route.query, user);
  const home = homeUnit(user);
  const r = useAsync(() => getDashboard({ unit: f.unit || null, tree: f.tree, period: f.period }), [f.unit, f.tree, f.period]);
  const pr = useAsync(() => listProgrammes().catch(() => [] as Programme[]), []);
  const cat = useAsync(() => listIndicators().catch(() => [] as Indicator[]), []);
  const charts = useCharts();
  const go = (g: Partial<Filters>, replace = false) => navigate(dashHref({ ...f, ...g }, user), replace);
  const d = r.data;
  const tree = d?.tree ?? f.tree;

  return (
    <div class="ind-page dashboard" data-testid="dashboard-page">
      <IndTabs user={user} active="dashboard" unit={f.unit} tree={f.tree} period={f.period} />
      <h1>{t('dash.heading')}</h1>
      <form class="filters dash-filters" role="search" aria-label={t('net.filters')} onSubmit={(e) => e.preventDefault()}>
        <UnitFilter id="dash-unit" code={f.unit} tree={f.tree} national={!home.code}
          onChange={(u) => go({ unit: u?.code ?? home.code, tree: (u?.tree as Tree | undefined) ?? home.tree, status: '' })} />
        <PeriodPicker id="dash-period" value={parsePeriod(f.period)!} onChange={(p: Period) => go({ period: periodCode(p) })} />
      </form>
      {f.unit && <Breadcrumb code={f.unit} tree={tree} user={user} f={f} />}
      {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
        : !d ? <Loading />
          : <div aria-busy={r.loading || undefined} class={r.loading ? 'is-reloading' : undefined}>
              <Summary d={d} f={f} user={user} />
              <Problems f={f} defs={cat.data ?? []} />
              {d.children.length > 0 && <Compare d={d} f={f} user={user} charts={charts} tree={tree} />}
              {projectsOf(d).map((p) => {
                const prog = pr.data?.find((x) => x.project === p);
                const rows = d.indicators.filter((i) => i.project === p && (!f.status || i.status === f.status));
                if (rows.length === 0) return null;
                return (
                  <section key={p} class="panel ind-project" aria-labelledby={`proj-${p}`} data-testid={`project-${p}`}>
                    <h2 id={`proj-${p}`}>
                      <span class="ind-project-no">{t('ind.project', { n: p })}</span>
                      {prog && <span class="ind-project-name">{lang === 'en' ? prog.en : prog.vi}</span>}
                    </h2>
                    <table class="table ind-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('dash.col.indicator')}</th>
                          <th scope="col">{t('dash.col.value')}</th>
                          <th scope="col">{t('dash.col.target')}</th>
                          <th scope="col">{t('dash.col.status')}</th>
                          <th scope="col">{t('dash.col.trend')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((i) => (
                          <IndicatorRow key={i.code} i={i} d={d} f={f} user={user} charts={charts} tree={tree}
                            def={cat.data?.find((c) => c.code === i.code)} />
                        ))}
                      </tbody>
                    </table>
                  </section>
                );
              })}
            </div>}
    </div>
  );
}

function projectsOf(d: Dashboard): number[] {
  return [...new Set(d.indicators.map((i) => i.project))].sort((a, b) => a - b);
}

// Toàn quốc › Kon Tum › Đắk Tô: links to the units above, within the user's scope.
function Breadcrumb({ code, tree, user, f }: { code: string; tree: Tree | null; user: User; f: Filters }) {
  const { t } = useI18n();
  const home = homeUnit(user);
  const r = useAsync(() => getUnit(code, tree), [code, tree]);
  if (!r.data) return null;
  const path = r.data.path ?? [];
  const from = home.code ? Math.max(0, path.findIndex((p) => p.code === home.code)) : 0;
  const shown = path.slice(from);
  if (!home.code && shown.length === 0) return null;
  if (home.code && shown.length <= 1) return null;
  return (
    <nav class="breadcrumb dash-crumbs" aria-label={t('units.breadcrumb')} data-testid="dash-breadcrumb">
      <ol>
        {!home.code && <li><a href={dashHref({ ...f, unit: '', tree: null }, user)}>{t('ind.national')}</a></li>}
        {shown.map((p, i) => (
          <li key={p.code}>
            {i === shown.length - 1
              ? <span aria-current="page">{p.name}</span>
              : <a href={dashHref({ ...f, unit: p.code, status: '' }, user)} data-testid={`crumb-${p.code}`}>{p.name}</a>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

// The unit and period, and how many indicators stand where (each a filter).
function Summary({ d, f, user }: { d: Dashboard; f: Filters; user: User }) {
  const { t } = useI18n();
  const counts: Record<string, number> = {};
  for (const i of d.indicators) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return (
    <section class="panel dash-summary" aria-labelledby="dash-unit-h">
      <h2 id="dash-unit-h" data-testid="dash-unit-name">{d.unit.code ? d.unit.name : t('ind.national')}</h2>
      <p class="dash-period" data-testid="dash-period-label">
        {periodLabel(t, d.period)} <span class="muted">· {t('dash.range', { from: day(d.from), to: day(d.to) })}</span>
      </p>
      <ul class="status-counts" aria-label={t('dash.byStatus')}>
        {STATUSES.map((s) => (
          <li key={s}>
            <a href={dashHref({ ...f, status: f.status === s ? '' : s }, user)} class={f.status === s ? 'status-count active' : 'status-count'}
              aria-current={f.status === s ? 'true' : undefined} data-testid={`count-${s}`}>
              <StatusTag status={s} testid={`count-tag-${s}`} />
              <span class="status-count-n">{counts[s] ?? 0}</span>
            </a>
          </li>
        ))}
      </ul>
      {f.status && <p class="hint">{t('dash.filtered', { status: statusName(t, f.status) })} <a href={dashHref({ ...f, status: '' }, user)}>{t('dash.showAll')}</a></p>}
    </section>
  );
}

function trendText(t: T, lang: 'vi' | 'en', i: DashboardIndicator): string {
  const pts = i.trend.map((p) => `${periodShort(t, p.period)}: ${fmtValue(lang, i.kind, p.value)}`).join('; ');
  return i.target !== null ? `${pts}. ${t('dash.col.target')}: ${fmtTarget(lang, i.kind, i.target)}` : pts;
}

// Is a part entered by hand missing (so there is nothing to compute)?
function missingAggregate(i: DashboardIndicator, def: Indicator | undefined): boolean {
  if (!def || i.suppressed || (i.value !== null && i.value !== undefined)) return false;
  return (def.numerator_source === 'aggregate' && i.numerator === null)
    || (def.denominator_source === 'aggregate' && i.denominator === null);
}

function IndicatorRow({ i, d, f, user, charts, tree, def }: { i: DashboardIndicator; d: Dashboard; f: Filters; user: User; charts: Charts | null; tree: Tree | null; def?: Indicator }) {
  const { t, lang } = useI18n();
  const values = i.trend.map((p) => (typeof p.value === 'number' ? p.value : null));
  const pct = isPercentKind(i.kind);
  function compare() {
    navigate(dashHref({ ...f, ind: i.code }, user), true);
    window.setTimeout(() => {
      const el = document.getElementById('compare');
      el?.scrollIntoView({ block: 'start' });
      document.getElementById('cmp-indicator')?.focus({ preventScroll: true });
    }, 0);
  }
  return (
    <tr data-testid={`ind-${i.code}`} data-status={i.status} class={`ind-row ind-row-${i.status}`}>
      <td class="cell-main">
        <span class="row-title ind-name">{lang === 'en' ? i.en : i.vi}</span>
        <span class="ind-links">
          {d.children.length > 0 && (
            <button type="button" class="btn-link" data-testid="ind-compare" onClick={compare}>{t('dash.compareThis')}</button>
          )}
          {i.case_based && indCan.cases(user) && (
            <a href={casesHref(i.code, d.unit.code, tree, d.period)} data-testid="ind-cases">{t('dash.cases')}</a>
          )}
          {missingAggregate(i, def) && indCan.aggregatesWrite(user) && (
            <a href={href(['aggregates'], { unit: d.unit.code, tree, period: d.period })} data-testid="ind-enter">{t('dash.enterData')}</a>
          )}
        </span>
      </td>
      <td data-label={t('dash.col.value')} class="ind-value-cell">
        <div class="cell-body">
          {missingAggregate(i, def)
            ? <span class="muted ind-novalue" data-testid="ind-value">{t('dash.missingAggregate')}</span>
            : <ValueText kind={i.kind} v={i} />}
          {pct && !i.suppressed && (i.numerator !== null || i.denominator !== null) && (
            <span class="ind-parts muted small" title={t('dash.parts.hint')} data-testid="ind-parts">{partsText(lang, i)}</span>
          )}
        </div>
      </td>
      <td data-label={t('dash.col.target')} class={i.target === null ? 'cell-empty' : undefined} data-testid="ind-target">
        {i.target === null ? <span class="muted">—</span>
          : <div class="cell-body">
              <span class="ind-number-small">{fmtTarget(lang, i.kind, i.target)}</span>
              {i.target_year !== null && <span class="muted small block">{t('dash.targetYear', { year: i.target_year })}</span>}
            </div>}
      </td>
      <td data-label={t('dash.col.status')}><StatusTag status={i.status} /></td>
      <td data-label={t('dash.col.trend')} class="ind-trend-cell">
        <div class="ind-trend">
          {charts
            ? <charts.Sparkline values={values} target={i.target} label={trendText(t, lang, i)} testid="ind-trend" />
            : <span class="spark spark-wait" aria-hidden="true" />}
          <span class="ind-trend-ends muted" aria-hidden="true">
            <span>{i.trend.length ? periodShort(t, i.trend[0].period) : ''}</span>
            <span>{i.trend.length ? periodShort(t, i.trend[i.trend.length - 1].period) : ''}</span>
          </span>
        </div>
      </td>
    </tr>
  );
}

// ---- the child units compared on one indicator ----

const STATUS_ORDER: Record<string, number> = { off_track: 0, at_risk: 1, on_track: 2, no_target: 3 };

function childLevelText(t: T, d: Dashboard, tree: Tree | null): string {
  const level = d.children[0]?.level ?? d.unit.level + 1;
  if (level === 1) return t('dash.children.1');
  if (level === 2) return (tree ?? '2024') === '2025' ? t('dash.children.3') : t('dash.children.2');
  return t('dash.children.3');
}

function Compare({ d, f, user, charts, tree }: { d: Dashboard; f: Filters; user: User; charts: Charts | null; tree: Tree | null }) {
  const { t, lang } = useI18n();
  const ind = d.indicators.find((i) => i.code === f.ind)
    ?? d.indicators.find((i) => i.status !== 'no_target') ?? d.indicators[0];
  if (!ind) return null;
  const pct = isPercentKind(ind.kind);
  const sort = f.sort || 'value';
  const key = sort.replace(/^-/, '');
  const desc = sort.startsWith('-');
  const rows = d.children.map((c) => ({ c, v: c.values[ind.code] ?? { numerator: null, denominator: null, value: null, status: 'no_target' } }));
  const num = (r: typeof rows[number]) => key === 'numerator' ? sortable(r.v.numerator) : key === 'denominator' ? sortable(r.v.denominator)
    : key === 'status' ? STATUS_ORDER[r.v.status] ?? 3 : sortable(r.v.suppressed ? null : r.v.value);
  rows.sort((a, b) => {
    if (key === 'name') return (desc ? -1 : 1) * a.c.name.localeCompare(b.c.name, 'vi');
    const x = num(a);
    const y = num(b);
    if (x === null && y === null) return a.c.name.localeCompare(b.c.name, 'vi');
    if (x === null) return 1;            // unknown values last, whichever way
    if (y === null) return -1;
    return (desc ? y - x : x - y) || a.c.name.localeCompare(b.c.name, 'vi');
  });
  const level = childLevelText(t, d, tree);
  const drill = (c: DashboardChild) => dashHref({ ...f, unit: c.code, status: '' }, user);
  const head = (k: string, text: string) => {
    const active = key === k;
    const next = active && !desc ? `-${k}` : k;
    return (
      <th scope="col" aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined}>
        <button type="button" class={active ? 'sort-btn active' : 'sort-btn'} data-testid={`sort-${k}`}
          onClick={() => navigate(dashHref({ ...f, ind: ind.code, sort: next === 'value' ? '' : next }, user), true)}>
          {text}<span class="sort-mark" aria-hidden="true">{active ? (desc ? ' ▼' : ' ▲') : ' ↕'}</span>
        </button>
      </th>
    );
  };
  const own = d.indicators.find((i) => i.code === ind.code)!;
  const barRows = rows.map(({ c, v }) => ({
    name: c.name,
    value: typeof v.value === 'number' && !v.suppressed ? v.value : null,
    text: v.suppressed ? t('ind.suppressed') : v.value === null ? '—' : fmtValue(lang, ind.kind, v.value),
    status: v.status,
  }));
  const ownValue = typeof own.value === 'number' && !own.suppressed ? own.value : null;
  const unitName = d.unit.code ? d.unit.name : t('ind.national');
  return (
    <section class="panel compare" id="compare" tabIndex={-1} aria-labelledby="compare-h" data-testid="compare" data-indicator={ind.code}>
      <div class="panel-head">
        <h2 id="compare-h">{t('dash.compare', { level })}</h2>
      </div>
      <label class="field compare-pick">
        <span>{t('dash.col.indicator')}</span>
        <select id="cmp-indicator" value={ind.code} data-testid="cmp-indicator"
          onChange={(e) => navigate(dashHref({ ...f, ind: e.currentTarget.value }, user), true)}>
          {projectsOf(d).map((p) => (
            <optgroup key={p} label={t('ind.project', { n: p })}>
              {d.indicators.filter((i) => i.project === p).map((i) => <option key={i.code} value={i.code}>{indName(lang, i)}</option>)}
            </optgroup>
          ))}
        </select>
      </label>
      <p class="hint">{t('dash.compare.hint')}</p>
      <div class="compare-body">
        <table class="table compare-table" data-testid="compare-table">
          <thead>
            <tr>
              {head('name', t('dash.col.unit'))}
              {head('value', t('dash.col.value'))}
              {pct && head('numerator', t('dash.col.numerator'))}
              {pct && head('denominator', t('dash.col.denominator'))}
              {head('status', t('dash.col.status'))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ c, v }) => (
              <tr key={c.code} data-testid={`child-${c.code}`} data-status={v.status}>
                <td class="cell-main"><a class="row-title" href={drill(c)} data-testid="child-link">{c.name}</a></td>
                <td data-label={t('dash.col.value')} data-testid="child-value"><ValueText kind={ind.kind} v={v} /></td>
                {pct && <td data-label={t('dash.col.numerator')} class="num">{fmtCount(lang, v.numerator)}</td>}
                {pct && <td data-label={t('dash.col.denominator')} class="num">{fmtCount(lang, v.denominator)}</td>}
                <td data-label={t('dash.col.status')}><StatusTag status={v.status} /></td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr class="compare-total" data-testid="compare-total">
              <th scope="row" class="cell-main">{t('dash.compare.total', { name: unitName })}</th>
              <td data-label={t('dash.col.value')}><ValueText kind={ind.kind} v={own} /></td>
              {pct && <td data-label={t('dash.col.numerator')} class="num">{fmtCount(lang, own.numerator)}</td>}
              {pct && <td data-label={t('dash.col.denominator')} class="num">{fmtCount(lang, own.denominator)}</td>}
              <td data-label={t('dash.col.status')}><StatusTag status={own.status} /></td>
            </tr>
          </tfoot>
        </table>
        <figure class="compare-chart">
          {charts
            ? <charts.ChildBars rows={barRows} max={pct && ind.kind === 'percent' ? 100 : undefined}
                reference={ownValue !== null ? { value: ownValue, text: fmtValue(lang, ind.kind, ownValue) } : null}
                target={own.target}
                label={t('dash.chart.label', { indicator: indName(lang, ind), level })} testid="compare-chart" />
            : <Loading />}
          <figcaption class="chart-legend">
            {STATUSES.map((s) => <span key={s} class="legend-item"><span class={`legend-key legend-${s}`} aria-hidden="true" />{statusName(t, s)}</span>)}
            {ownValue !== null && <span class="legend-item"><span class="legend-key legend-ref" aria-hidden="true" />{t('dash.chart.reference', { name: unitName, value: fmtValue(lang, ind.kind, ownValue) })}</span>}
            {own.target !== null && <span class="legend-item"><span class="legend-key legend-target" aria-hidden="true" />{t('dash.chart.target', { name: unitName, value: fmtTarget(lang, ind.kind, own.target) })}</span>}
          </figcaption>
        </figure>
      </div>
    </section>
  );
}

// ---- validation (docs/indicators.md §Values: indicator-problems) ----

// What to check in the numbers of the unit and the units below it: shown
// folded, with its count, only when there is something.
function Problems({ f, defs }: { f: Filters; defs: Indicator[] }) {
  const { t, lang } = useI18n();
  const r = useAsync(() => listIndicatorProblems({ unit: f.unit || null, tree: f.tree, period: f.period }).catch(() => ({ items: [] })),
    [f.unit, f.tree, f.period]);
  const items = r.data?.items ?? [];
  if (items.length === 0) return null;
  const name = (code: string) => {
    const d = defs.find((x) => x.code === code);
    return d ? indName(lang, d) : code;
  };
  const text = (code: string, message: string) => {
    const key = `dash.problem.${code}`;
    return hasKey(key) ? t(key) : message;
  };
  return (
    <details class="panel dash-problems" data-testid="dash-problems">
      <summary><span class="dash-problems-title">{t('dash.problems', { n: items.length })}</span></summary>
      <ul class="problem-list">
        {items.map((p, k) => (
          <li key={k} data-testid="dash-problem" data-code={p.code}>
            <strong>{p.unit_name ?? p.unit_code}</strong> · {name(p.indicator)}
            {p.period !== f.period && <span class="muted"> ({periodLabel(t, p.period)})</span>}
            <span class="block">{text(p.code, p.message)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
