// Periodic reports (#/reports?unit=&tree=&period=&template=&status=&view=,
// docs/reports.md): three views as tabs — the unit's reports (mine: each
// with its due date, status and timeliness, and "Tạo báo cáo" for the
// writers of the unit), the approver's queue (queue: the reports of the
// units directly below that wait for the caller's approval, for province
// and district users) and the completeness view (completeness: every
// child unit of a unit for one period with its status, timeliness and the
// time it submitted, counts on top).  One report is pages/Report.tsx.
// Loaded with import() by app.tsx: not part of the first page load.
import { useState } from 'preact/hooks';
import {
  ApiError, createReport, getCompleteness, listPlans, listReports, type Completeness, type ReportItem, type User,
} from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { Field, UnitName, shortTime } from '../components/CaseKit';
import { Tabs } from '../components/NetKit';
import { UnitFilter, asTree, currentYear, homeUnit } from '../components/IndKit';
import {
  DueText, ReportStatusTag, TimelinessTag, currentHalf, periodChoices, repCan, reportError, reportTitle, templateOf,
} from '../components/ReportKit';
import '../indicators.css';
import '../reports.css';

const VIEWS = ['mine', 'queue', 'completeness'] as const;
type View = typeof VIEWS[number];
const PER_PAGE = 20;

function viewsOf(user: User): View[] {
  const v: View[] = ['mine'];
  if (repCan.approve(user)) v.push('queue');
  if (user.role !== 'commune' && user.role !== 'facility') v.push('completeness');
  return v;
}

export function ReportsPage({ route, user }: { route: Route; user: User }) {
  const { t } = useI18n();
  const home = homeUnit(user);
  const views = viewsOf(user);
  const q = route.query;
  const asked = q.get('view') as View;
  const view: View = views.includes(asked) ? asked : 'mine';
  const unit = (q.get('unit') ?? '').replace(/\D/g, '') || home.code;
  const tree = asTree(q.get('tree')) ?? home.tree;
  const period = q.get('period') ?? '';
  const status = q.get('status') ?? '';
  const creating = q.get('create');
  // Every address of these views keeps what differs from the defaults.
  const at = (o: Record<string, string | number | null | undefined>) => href(['reports'], {
    view: view === 'mine' ? null : view, unit: unit !== home.code ? unit : null, tree: tree !== home.tree ? tree : null,
    period: period || null, status: status || null, ...o,
  });
  const canCreate = repCan.write(user) && !!home.code && view === 'mine';

  return (
    <div class="ind-page reports-page" data-testid="reports-page">
      <div class="page-head">
        <h1>{t('rep.heading')}</h1>
        {canCreate && creating === null && (
          <a class="btn btn-primary" href={at({ create: 1 })} data-testid="rep-create-open">{t('rep.create')}</a>
        )}
      </div>
      <p class="intro muted">{t('rep.intro')}</p>
      {views.length > 1 && <Tabs label={t('rep.tabs')} items={views.map((v) => ({
        href: href(['reports'], { view: v === 'mine' ? null : v, unit: v !== 'queue' && unit !== home.code ? unit : null }),
        text: t(`rep.tab.${v}`), active: view === v, testid: `rep-tab-${v}`,
      }))} />}
      {canCreate && creating !== null && (
        <CreateReport user={user} initial={templateOf(creating) ? creating : currentHalf()} onCancel={() => navigate(at({ create: null }))} />
      )}
      {view === 'mine' && <Mine user={user} unit={unit} tree={tree} period={period} status={status} page={pageOf(q)} at={at} />}
      {view === 'queue' && <Queue user={user} />}
      {view === 'completeness' && <CompletenessView user={user} unit={unit} tree={tree} period={period || currentHalf()} at={at} />}
    </div>
  );
}

// The period filter: every period, or ('' allowed) all of them.
function PeriodSelect({ id, value, all, onChange }: { id: string; value: string; all: boolean; onChange: (p: string) => void }) {
  const { t } = useI18n();
  const choices = periodChoices();
  if (value && !choices.includes(value)) choices.unshift(value);
  return (
    <div class="field">
      <label for={id}>{t('rep.filter.period')}</label>
      <select id={id} value={value} data-testid={id} onChange={(e) => onChange(e.currentTarget.value)}>
        {all && <option value="">{t('rep.filter.allPeriods')}</option>}
        {choices.map((p) => <option key={p} value={p}>{reportTitle(t, p)}</option>)}
      </select>
    </div>
  );
}

// ---- the unit's reports ----

function Mine({ user, unit, tree, period, status, page, at }: {
  user: User; unit: string; tree: '2024' | '2025' | null; period: string; status: string; page: number;
  at: (o: Record<string, string | number | null | undefined>) => string;
}) {
  const { t } = useI18n();
  const home = homeUnit(user);
  const r = useAsync(() => listReports({
    unit: unit || null, tree, period: period || null, template: period ? templateOf(period) : null,
    status: status || null, page, per_page: PER_PAGE,
  }), [unit, tree, period, status, page]);
  return (
    <>
      <form class="filters" role="search" aria-label={t('net.filters')} onSubmit={(e) => e.preventDefault()}>
        <UnitFilter id="rep-unit" code={unit} tree={tree} national={!home.code}
          onChange={(u) => navigate(at({ unit: u && u.code !== home.code ? u.code : null, tree: u?.tree && u.tree !== home.tree ? u.tree : null, page: null }))} />
        <PeriodSelect id="rep-period" value={period} all onChange={(p) => navigate(at({ period: p || null, page: null }))} />
        <div class="field">
          <label for="rep-status">{t('rep.filter.status')}</label>
          <select id="rep-status" value={status} data-testid="rep-status-filter"
            onChange={(e) => navigate(at({ status: e.currentTarget.value || null, page: null }))}>
            <option value="">{t('rep.filter.allStatuses')}</option>
            {['draft', 'submitted', 'approved'].map((s) => <option key={s} value={s}>{t(`rep.status.${s}` as 'rep.status.draft')}</option>)}
          </select>
        </div>
      </form>
      <section aria-labelledby="rep-list-h" aria-live="polite">
        <h2 id="rep-list-h" class="count">{t('rep.total', { total: r.data ? r.data.total : '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0
              ? <p class="empty" data-testid="rep-empty">{t('rep.none')}{repCan.write(user) && unit === home.code ? ` ${t('rep.none.create')}` : ''}</p>
              : <>
                  <ReportTable items={r.data.items} testid="rep-list" />
                  <Paging page={page} pageSize={PER_PAGE} total={r.data.total} hrefFor={(p) => at({ page: p > 1 ? p : null })} />
                </>}
      </section>
    </>
  );
}

function ReportTable({ items, testid, queue }: { items: ReportItem[]; testid: string; queue?: boolean }) {
  const { t } = useI18n();
  return (
    <table class="table rep-table" data-testid={testid}>
      <thead>
        <tr>
          <th scope="col">{t('rep.col.report')}</th>
          <th scope="col">{t('rep.col.due')}</th>
          <th scope="col">{t('rep.col.status')}</th>
          <th scope="col">{t('rep.col.timeliness')}</th>
          <th scope="col">{t('rep.col.submitted')}</th>
          {queue && <th scope="col"><span class="visually-hidden">{t('net.actions')}</span></th>}
        </tr>
      </thead>
      <tbody>
        {items.map((x) => (
          <tr key={x.id} data-testid={`rep-row-${x.id}`} data-period={x.period} data-unit={x.unit.code} data-status={x.status}>
            <td class="cell-main">
              <a class="row-title" href={href(['reports', String(x.id)])} data-testid="rep-link">{reportTitle(t, x.period)}</a>
              <span class="muted small rep-unit"><UnitName code={x.unit.code} tree={x.tree} />
                {x.agency ? <> · {t('rep.agencyOf', { agency: x.agency })}</> : null}</span>
            </td>
            <td data-label={t('rep.col.due')}><DueText due={x.due_date} daysLeft={x.days_left} submitted={!!x.submitted_at} /></td>
            <td data-label={t('rep.col.status')}><ReportStatusTag status={x.status} /></td>
            <td data-label={t('rep.col.timeliness')}><TimelinessTag value={x.timeliness} /></td>
            <td data-label={t('rep.col.submitted')} class={x.last_submitted_at || x.submitted_at ? 'nowrap' : 'cell-empty'}>
              {x.last_submitted_at || x.submitted_at ? shortTime(x.last_submitted_at || x.submitted_at) : <span class="muted">—</span>}
            </td>
            {queue && <td class="cell-actions">
              <a class="btn btn-small btn-primary" href={href(['reports', String(x.id)])} data-testid="rep-review">{t('rep.queue.open')}</a>
            </td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ---- the approver's queue ----

function Queue({ user }: { user: User }) {
  const { t } = useI18n();
  const home = homeUnit(user);
  const r = useAsync(() => listReports({ parent: home.code, tree: home.tree, status: 'submitted', per_page: 100 }), [home.code]);
  return (
    <section aria-labelledby="rep-queue-h" data-testid="rep-queue">
      <h2 id="rep-queue-h" class="count">{t('rep.queue.intro')} <UnitName code={home.code} tree={home.tree} /></h2>
      {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
        : !r.data ? <Loading />
          : r.data.items.length === 0 ? <p class="empty" data-testid="rep-queue-empty">{t('rep.queue.none')}</p>
            : <ReportTable items={r.data.items} testid="rep-queue-list" queue />}
    </section>
  );
}

// ---- completeness ----

const STATUS_COUNTS = ['approved', 'submitted', 'draft', 'none'] as const;
const TIME_COUNTS = ['on_time', 'late', 'missing', 'pending'] as const;

function CompletenessView({ user, unit, tree, period, at }: {
  user: User; unit: string; tree: '2024' | '2025' | null; period: string;
  at: (o: Record<string, string | number | null | undefined>) => string;
}) {
  const { t } = useI18n();
  const home = homeUnit(user);
  const template = templateOf(period) ?? 'six_monthly';
  const r = useAsync(() => (unit ? getCompleteness({ unit, tree, template, period }) : Promise.resolve(null)), [unit, tree, period]);
  return (
    <>
      <form class="filters" role="search" aria-label={t('net.filters')} onSubmit={(e) => e.preventDefault()}>
        <UnitFilter id="rep-comp-unit" code={unit} tree={tree} national={!home.code}
          onChange={(u) => navigate(at({ unit: u && u.code !== home.code ? u.code : null, tree: u?.tree && u.tree !== home.tree ? u.tree : null }))} />
        <PeriodSelect id="rep-comp-period" value={period} all={false} onChange={(p) => navigate(at({ period: p }))} />
      </form>
      {!unit ? <p class="empty">{t('rep.comp.national')}</p>
        : r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : <CompletenessBody c={r.data} />}
    </>
  );
}

function CompletenessBody({ c }: { c: Completeness }) {
  const { t } = useI18n();
  const n = c.counts;
  return (
    <section class="rep-comp" aria-labelledby="rep-comp-h" data-testid="rep-completeness" data-period={c.period}>
      <div class="panel rep-comp-head">
        <h2 id="rep-comp-h">{reportTitle(t, c.period)}</h2>
        <p class="muted rep-comp-for">{t('rep.comp.for')} <UnitName code={c.unit.code} /> · {t('rep.due.on', { day: dayOf(c.due_date) })}</p>
        <div class="rep-counts" aria-label={t('rep.comp.summary')}>
          <CountGroup label={t('rep.count.byStatus')} total={n.children}
            items={STATUS_COUNTS.map((k) => ({ key: k, n: n[k], text: t(`rep.count.${k}`) }))} />
          <CountGroup label={t('rep.count.byTime')} total={n.children}
            items={TIME_COUNTS.map((k) => ({ key: k, n: n[k], text: t(`rep.count.${k}`) }))} />
        </div>
      </div>
      {c.children.length === 0 ? <p class="empty">{t('rep.comp.noChildren')}</p>
        : <table class="table rep-table" data-testid="rep-comp-list">
            <thead>
              <tr>
                <th scope="col">{t('rep.col.unit')}</th>
                <th scope="col">{t('rep.col.status')}</th>
                <th scope="col">{t('rep.col.timeliness')}</th>
                <th scope="col">{t('rep.col.submitted')}</th>
                <th scope="col"><span class="visually-hidden">{t('net.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {c.children.map((k) => (
                <tr key={k.code} data-testid={`rep-comp-${k.code}`} data-status={k.status ?? 'none'} data-timeliness={k.timeliness}
                  class={k.timeliness === 'missing' ? 'rep-row-missing' : undefined}>
                  <td class="cell-main"><span class="row-title"><UnitName code={k.code} /></span></td>
                  <td data-label={t('rep.col.status')}><ReportStatusTag status={k.status} /></td>
                  <td data-label={t('rep.col.timeliness')}><TimelinessTag value={k.timeliness} /></td>
                  <td data-label={t('rep.col.submitted')} class={k.submitted_at ? 'nowrap' : 'cell-empty'}>
                    {k.submitted_at ? shortTime(k.submitted_at) : <span class="muted">—</span>}
                  </td>
                  <td class={k.report_id ? 'cell-actions' : 'cell-empty'}>
                    {k.report_id ? <a class="btn btn-small" href={href(['reports', String(k.report_id)])} data-testid="rep-comp-open">{t('rep.comp.open')}</a> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>}
    </section>
  );
}

function CountGroup({ label, total, items }: { label: string; total: number; items: { key: string; n: number; text: string }[] }) {
  return (
    <div class="rep-count-group">
      <h3>{label}</h3>
      <ul class="rep-count-list">
        {items.map((i) => (
          <li key={i.key} class={`rep-count rep-count-${i.key}`} data-testid={`rep-count-${i.key}`} data-n={i.n}>
            <span class="rep-count-n">{i.n}<span class="muted">/{total}</span></span>
            <span class="rep-count-text">{i.text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function dayOf(s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : s;
}

// ---- a new report ----

interface Agency { agency: string; project: number }

// The lead agencies of the unit's plan covering the year (an agency's
// report is about its project); none when the unit has no such plan.
async function agenciesOf(unit: string, year: number): Promise<Agency[]> {
  try {
    const r = await listPlans({ unit });
    const out: Agency[] = [];
    for (const p of r.items) {
      if (p.unit_code !== unit || year < p.period_from || year > p.period_to) continue;
      for (const x of p.projects) if (x.lead_agency) out.push({ agency: x.lead_agency, project: x.project });
    }
    return out;
  } catch {
    return [];
  }
}

function CreateReport({ user, initial, onCancel }: { user: User; initial: string; onCancel: () => void }) {
  const { t } = useI18n();
  const home = homeUnit(user);
  const m = /^(\d{4})(?:S([12]))?$/.exec(initial)!;
  const [template, setTemplate] = useState<'six_monthly' | 'annual'>(m[2] ? 'six_monthly' : 'annual');
  const [year, setYear] = useState(Number(m[1]));
  const [half, setHalf] = useState(m[2] ? Number(m[2]) : 1);
  const [agency, setAgency] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [existing, setExisting] = useState<number | null>(null);
  const ag = useAsync(() => (user.role === 'commune' ? Promise.resolve([]) : agenciesOf(home.code, year)), [home.code, year]);
  const period = template === 'annual' ? String(year) : `${year}S${half}`;
  const years: number[] = [];
  for (let y = currentYear() + 1; y >= Math.min(2016, year); y--) years.push(y);

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null); setExisting(null);
    try {
      const r = await createReport({ template, unit_code: home.code, period, tree: home.tree ?? undefined, agency: agency || undefined });
      navigate(href(['reports', String(r.id)]));
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.status === 409) {
        const l = await listReports({ unit: home.code, tree: home.tree, period, template }).catch(() => null);
        const x = l?.items.find((i) => (i.agency ?? '') === agency);
        if (x) setExisting(x.id);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel inline-form rep-create" onSubmit={save} noValidate data-testid="rep-create">
      <h2>{t('rep.create.title')}</h2>
      <p class="hint">{t('rep.create.hint')}</p>
      <div class="form-grid form-grid-tight">
        <div class="field">
          <span>{t('rep.create.unit')}</span>
          <p class="rep-create-unit" data-testid="rc-unit"><UnitName code={home.code} tree={home.tree} /></p>
        </div>
        <Field id="rc-template" label={t('rep.template')}>
          <select id="rc-template" value={template} data-testid="rc-template"
            onChange={(e) => setTemplate(e.currentTarget.value as 'six_monthly' | 'annual')}>
            <option value="six_monthly">{t('rep.template.six_monthly')}</option>
            <option value="annual">{t('rep.template.annual')}</option>
          </select>
        </Field>
        <Field id="rc-year" label={t('rep.year')}>
          <select id="rc-year" value={year} data-testid="rc-year" onChange={(e) => setYear(Number(e.currentTarget.value))}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </Field>
        {template === 'six_monthly' && (
          <Field id="rc-half" label={t('rep.half')}>
            <select id="rc-half" value={half} data-testid="rc-half" onChange={(e) => setHalf(Number(e.currentTarget.value))}>
              <option value={1}>{t('rep.half.1')}</option>
              <option value={2}>{t('rep.half.2')}</option>
            </select>
          </Field>
        )}
        {(ag.data?.length ?? 0) > 0 && (
          <Field id="rc-agency" label={t('rep.create.agency')} hint={t('rep.create.agency.hint')}>
            <select id="rc-agency" value={agency} data-testid="rc-agency" aria-describedby="rc-agency-hint"
              onChange={(e) => setAgency(e.currentTarget.value)}>
              <option value="">{t('rep.create.agency.unit')}</option>
              {ag.data!.map((a) => <option key={a.project} value={a.agency}>{t('rep.create.agency.item', { agency: a.agency, n: a.project })}</option>)}
            </select>
          </Field>
        )}
      </div>
      <p class="rep-create-title" data-testid="rc-title">{reportTitle(t, period)}</p>
      {error ? (
        <div class="alert alert-error" role="alert" data-testid="rc-error">
          {error instanceof ApiError && error.status === 409 ? t('rep.create.exists') : reportError(t, error)}
          {existing !== null && <> <a href={href(['reports', String(existing)])} data-testid="rc-existing">{t('rep.create.open')}</a></>}
        </div>
      ) : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="rc-save">{busy ? t('rep.create.saving') : t('rep.create.save')}</button>
        <button type="button" class="btn" onClick={onCancel}>{t('net.cancel')}</button>
      </div>
    </form>
  );
}
