// Plans (#/plans?unit=&tree=, #/plans/new): the implementation plans of
// Decision 565 of a province or district — number, date, period, the lead
// and partner agencies of each project — and the form that creates one
// (docs/indicators.md §Plans).  One plan with its targets is Plan.tsx;
// PlanFields is shared with its edit form.  Only province and district
// users write (the API refuses the others anyway).
import { useState } from 'preact/hooks';
import { ApiError, createPlan, listPlans, listProgrammes, type Plan, type PlanInput, type PlanProject, type Programme, type Tree, type User } from '../api';
import { useI18n, type T } from '../i18n';
import { href, navigate, type Route } from '../router';
import { errorMessage, fieldMessage, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Field, focusLater, splitError } from '../components/CaseKit';
import { UnitField } from '../components/UnitField';
import type { PickedUnit } from '../components/UnitPicker';
import { day, today } from '../components/NetKit';
import { IndTabs, UnitFilter, asTree, currentYear, homeUnit, indCan, indFieldText } from '../components/IndKit';
import '../indicators.css';

export function PlansPage({ route, user }: { route: Route; user: User }) {
  if (route.path[1] === 'new' && indCan.plansWrite(user)) return <NewPlan user={user} />;
  return <PlanList route={route} user={user} />;
}

function PlanList({ route, user }: { route: Route; user: User }) {
  const { t } = useI18n();
  const home = homeUnit(user);
  const unit = (route.query.get('unit') ?? '').replace(/\D/g, '') || home.code;
  const tree = asTree(route.query.get('tree')) ?? home.tree;
  const r = useAsync(() => listPlans({ unit: unit || null, tree }), [unit, tree]);
  const go = (u: PickedUnit | null) => navigate(href(['plans'], {
    unit: u && u.code !== home.code ? u.code : null, tree: u?.tree && u.tree !== home.tree ? u.tree : null,
  }));
  return (
    <div class="ind-page plans" data-testid="plans-page">
      <IndTabs user={user} active="plans" unit={unit} tree={tree} />
      <div class="page-head">
        <h1>{t('plans.heading')}</h1>
        {indCan.plansWrite(user) && <a class="btn btn-primary" href="#/plans/new" data-testid="plan-add">{t('plans.add')}</a>}
      </div>
      <p class="intro muted">{t('plans.intro')}</p>
      <form class="filters" role="search" aria-label={t('net.filters')} onSubmit={(e) => e.preventDefault()}>
        <UnitFilter id="plans-unit" code={unit} tree={tree} national={!home.code} onChange={go} />
      </form>
      <section aria-labelledby="plans-h" aria-live="polite">
        <h2 id="plans-h" class="count">{t('plans.total', { total: r.data ? (r.data.total ?? r.data.items.length) : '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0 ? <p class="empty" data-testid="plans-empty">{t('plans.none')}</p>
              : <table class="table plans-table" data-testid="plan-list">
                  <thead>
                    <tr>
                      <th scope="col">{t('plans.col.plan')}</th>
                      <th scope="col">{t('plans.col.unit')}</th>
                      <th scope="col">{t('plans.col.period')}</th>
                      <th scope="col">{t('plans.col.issued')}</th>
                      <th scope="col">{t('plans.col.targets')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.data.items.map((p) => (
                      <tr key={p.id} data-testid={`plan-row-${p.id}`}>
                        <td class="cell-main">
                          <a class="row-title" href={href(['plans', String(p.id)])} data-testid="plan-link">{p.title}</a>
                          <span class="muted small">{t('plans.number', { number: p.number })}</span>
                        </td>
                        <td data-label={t('plans.col.unit')}>{p.unit_name ?? p.unit_code}</td>
                        <td data-label={t('plans.col.period')} class="nowrap">{p.period_from}–{p.period_to}</td>
                        <td data-label={t('plans.col.issued')} class="nowrap">{day(p.issued_on)}</td>
                        <td data-label={t('plans.col.targets')} class="num">{p.targets_count ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>}
      </section>
    </div>
  );
}

// ---- the fields of a plan (new and edit) ----

export interface PlanForm {
  number: string; issued_on: string; title: string; period_from: string; period_to: string;
  projects: Record<number, { on: boolean; lead_agency: string; partners: string }>;
}

export function planForm(p?: Plan): PlanForm {
  const y = currentYear();
  const projects: PlanForm['projects'] = {};
  for (const n of [1, 2, 3, 4]) {
    const x = p?.projects.find((q) => q.project === n);
    projects[n] = { on: p ? !!x : true, lead_agency: x?.lead_agency ?? '', partners: x?.partners ?? '' };
  }
  return {
    number: p?.number ?? '', issued_on: p?.issued_on ?? today(), title: p?.title ?? '',
    period_from: String(p?.period_from ?? y), period_to: String(p?.period_to ?? y + 4), projects,
  };
}

// Checks the form; fills errs (by field id, prefix pf-) and answers the body.
export function planBody(v: PlanForm, errs: Record<string, unknown>): Omit<PlanInput, 'unit_code' | 'tree'> {
  const from = Number(v.period_from);
  const to = Number(v.period_to);
  if (v.number.trim().length < 2) errs['pf-number'] = 'required';
  if (!v.issued_on) errs['pf-issued_on'] = 'required';
  if (v.title.trim().length < 3) errs['pf-title'] = 'required';
  if (!/^\d{4}$/.test(v.period_from) || from < 2000 || from > 2100) errs['pf-period_from'] = 'plans.error.year';
  if (!/^\d{4}$/.test(v.period_to) || to < 2000 || to > 2100) errs['pf-period_to'] = 'plans.error.year';
  else if (!errs['pf-period_from'] && to < from) errs['pf-period_to'] = 'plans.error.period';
  const opt = (s: string) => (s.trim() ? s.trim() : null);
  const projects: PlanProject[] = [1, 2, 3, 4].filter((n) => v.projects[n].on)
    .map((n) => ({ project: n, lead_agency: opt(v.projects[n].lead_agency), partners: opt(v.projects[n].partners) }));
  return { number: v.number.trim(), issued_on: v.issued_on, title: v.title.trim(), period_from: from, period_to: to, projects };
}

// A plan error shown at its field: 409 conflict is the number taken.
export function planError(t: T, err: unknown, setErrors: (e: Record<string, unknown>) => void, setError: (e: unknown) => void) {
  if (err instanceof ApiError && err.status === 409 && err.code === 'conflict') {
    setErrors({ 'pf-number': 'plans.error.numberTaken' });
    focusLater('pf-number');
    return;
  }
  const s = splitError(err, ['pf-']);
  if (s.field) { setErrors({ [s.field]: indFieldText(t, err) }); focusLater(s.field); } else setError(err);
}

export function PlanFields({ v, setV, errors, setErrors }: {
  v: PlanForm; setV: (f: (v: PlanForm) => PlanForm) => void; errors: Record<string, unknown>;
  setErrors: (f: (e: Record<string, unknown>) => Record<string, unknown>) => void;
}) {
  const { t, lang } = useI18n();
  const pr = useAsync(() => listProgrammes().catch(() => [] as Programme[]), []);
  const set = (k: 'number' | 'issued_on' | 'title' | 'period_from' | 'period_to') => (e: Event) => {
    const val = (e.currentTarget as HTMLInputElement).value;
    setV((x) => ({ ...x, [k]: val }));
    setErrors((x) => ({ ...x, [`pf-${k}`]: undefined }));
  };
  const setP = (n: number, k: 'on' | 'lead_agency' | 'partners', val: string | boolean) =>
    setV((x) => ({ ...x, projects: { ...x.projects, [n]: { ...x.projects[n], [k]: val } } }));
  const msg = (e: unknown) => (typeof e === 'string' && e.startsWith('plans.') ? t(e as 'plans.error.year') : e);
  return (
    <>
      <div class="form-grid">
        <Field id="pf-number" label={t('plans.f.number')} required error={msg(errors['pf-number'])} hint={t('plans.f.number.hint')}>
          <input id="pf-number" value={v.number} maxLength={50} onInput={set('number')} data-testid="pf-number" aria-describedby="pf-number-hint" />
        </Field>
        <Field id="pf-issued_on" label={t('plans.f.issued_on')} required error={msg(errors['pf-issued_on'])}>
          <input id="pf-issued_on" type="date" value={v.issued_on} onInput={set('issued_on')} data-testid="pf-issued_on" />
        </Field>
        <Field id="pf-title" label={t('plans.f.title')} required error={msg(errors['pf-title'])} class="field-wide">
          <input id="pf-title" value={v.title} maxLength={300} onInput={set('title')} data-testid="pf-title" />
        </Field>
        <Field id="pf-period_from" label={t('plans.f.period_from')} required error={msg(errors['pf-period_from'])}>
          <input id="pf-period_from" inputMode="numeric" maxLength={4} value={v.period_from} onInput={set('period_from')} data-testid="pf-period_from" />
        </Field>
        <Field id="pf-period_to" label={t('plans.f.period_to')} required error={msg(errors['pf-period_to'])}>
          <input id="pf-period_to" inputMode="numeric" maxLength={4} value={v.period_to} onInput={set('period_to')} data-testid="pf-period_to" />
        </Field>
      </div>
      <fieldset class="field fieldset plan-projects" id="pf-projects">
        <legend>{t('plans.f.projects')}</legend>
        {[1, 2, 3, 4].map((n) => {
          const prog = pr.data?.find((x) => x.project === n);
          return (
            <div key={n} class={v.projects[n].on ? 'plan-project on' : 'plan-project'}>
              <label class="check">
                <input type="checkbox" checked={v.projects[n].on} data-testid={`pf-project-${n}`}
                  onChange={(e) => setP(n, 'on', e.currentTarget.checked)} />
                <span><strong>{t('ind.project', { n })}</strong>{prog ? `: ${lang === 'en' ? prog.en : prog.vi}` : ''}</span>
              </label>
              {v.projects[n].on && (
                <div class="form-grid form-grid-tight">
                  <label class="field"><span>{t('plans.f.lead')}</span>
                    <input value={v.projects[n].lead_agency} maxLength={300} data-testid={`pf-lead-${n}`}
                      onInput={(e) => setP(n, 'lead_agency', e.currentTarget.value)} /></label>
                  <label class="field"><span>{t('plans.f.partners')}</span>
                    <input value={v.projects[n].partners} maxLength={500} data-testid={`pf-partners-${n}`}
                      onInput={(e) => setP(n, 'partners', e.currentTarget.value)} /></label>
                </div>
              )}
            </div>
          );
        })}
      </fieldset>
    </>
  );
}

function NewPlan({ user }: { user: User }) {
  const { t } = useI18n();
  const home = homeUnit(user);
  const [v, setV] = useState<PlanForm>(planForm());
  const [unit, setUnit] = useState<PickedUnit | null>(home.code ? { code: home.code, tree: home.tree ?? undefined, name: home.name } : null);
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    if (!unit) errs['pf-unit_code'] = 'required';
    const body = planBody(v, errs);
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      const p = await createPlan({ ...body, unit_code: unit!.code, tree: (unit!.tree ?? home.tree ?? '2024') as Tree });
      navigate(href(['plans', String(p.id)]));
    } catch (err) {
      planError(t, err, setErrors, setError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="ind-page net-form-page" data-testid="plan-new">
      <p class="back"><a href="#/plans">← {t('plans.back')}</a></p>
      <h1>{t('plans.new')}</h1>
      <form class="panel" onSubmit={save} noValidate data-testid="plan-form">
        {error ? <div class="alert alert-error" role="alert">{errorMessage(t, error)}</div> : null}
        <div class={errors['pf-unit_code'] ? 'field has-error' : 'field'}>
          <label for="pf-unit_code">{t('plans.col.unit')}<span class="req" aria-hidden="true"> *</span></label>
          <UnitField id="pf-unit_code" value={unit} tree={home.tree} emptyText={t('net.unit.choose')} hint={t('plans.f.unit.hint')}
            onChange={(u) => { setUnit(u); setErrors((o) => ({ ...o, 'pf-unit_code': undefined })); }} />
          {errors['pf-unit_code'] ? <p class="field-error" data-testid="pf-unit_code-error">{fieldMessage(t, errors['pf-unit_code'])}</p> : null}
        </div>
        <PlanFields v={v} setV={setV} errors={errors} setErrors={setErrors} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="plan-save">{busy ? t('net.saving') : t('plans.create')}</button>
          <a class="btn" href="#/plans">{t('net.cancel')}</a>
        </div>
      </form>
    </div>
  );
}
