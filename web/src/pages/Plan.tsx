// One plan (#/plans/ID): its number, date, period and unit; the lead and
// partner agencies of each project; the targets by project, indicator and
// year with add, edit and delete (a 422 shown at its field); the plan's own
// fields edited with If-Match; and a copy into a new period (every target
// moved by the same number of years).  Writes only for province and
// district users (docs/indicators.md §Plans).  Three tabs: the targets
// (#/plans/ID), the budget (#/plans/ID/budget, pages/Budget.tsx) and the
// report settings (#/plans/ID/reports, pages/PlanReportSettings.tsx); the
// last two fetched with import() when first opened, so they are not part
// of the first page load.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  ApiError, addTarget, copyPlan, deleteTarget, getPlan, listIndicators, listProgrammes, listTargets, updatePlan,
  updateTarget, type Indicator, type Plan, type Programme, type Target, type TargetInput, type User,
} from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { errorMessage, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Field, focusLater, splitError } from '../components/CaseKit';
import { Panel, Tabs, day, today } from '../components/NetKit';
import { fmtTarget, indCan, indFieldText, indName, isPercentKind } from '../components/IndKit';
import { PlanFields, planBody, planError, planForm, type PlanForm } from './Plans';
import '../indicators.css';

const loadBudget = () => import('./Budget');
const loadSettings = () => import('./PlanReportSettings');
// One load per chunk at a time; a failed one is forgotten so a retry fetches again.
const chunks = new Map<() => Promise<unknown>, Promise<unknown>>();
// A tab's chunk, once wanted; on a dropped connection, an error with a retry.
function useChunk<M>(wanted: boolean, load: () => Promise<M>): { b: M | null; error: unknown; retry: () => void } {
  const [m, setM] = useState<{ b: M } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!wanted || m) return;
    let p = chunks.get(load) as Promise<M> | undefined;
    if (!p) { p = load(); chunks.set(load, p); }
    p.then((b) => setM({ b }), (e) => { chunks.delete(load); setError(e); });
  }, [wanted, tick]);
  return { b: m?.b ?? null, error, retry: () => { setError(null); setTick((x) => x + 1); } };
}

// A lazily loaded tab: its page once the chunk is there.
function ChunkTab<M>({ chunk, render }: { chunk: { b: M | null; error: unknown; retry: () => void }; render: (m: M) => ComponentChildren }) {
  if (chunk.b) return <>{render(chunk.b)}</>;
  return chunk.error ? <ErrorBox error={new ApiError(0, 'network', 'network error')} onRetry={chunk.retry} /> : <Loading />;
}

export function PlanPage({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const id = route.path[1];
  const tab = route.path[2] === 'budget' || route.path[2] === 'reports' ? route.path[2] : 'targets';
  const targetsTab = tab === 'targets';
  const r = useAsync(() => getPlan(id), [id]);
  // The targets' data only on their tab.
  const tr = useAsync(() => (targetsTab ? listTargets(id) : Promise.resolve(undefined)), [id, targetsTab]);
  const cat = useAsync(() => (targetsTab ? listIndicators().catch(() => [] as Indicator[]) : Promise.resolve([] as Indicator[])), [targetsTab]);
  const budgetModule = useChunk(tab === 'budget', loadBudget);
  const settingsModule = useChunk(tab === 'reports', loadSettings);
  const pr = useAsync(() => listProgrammes().catch(() => [] as Programme[]), []);
  const [mode, setMode] = useState<'view' | 'edit' | 'copy'>('view');
  const [notice, setNotice] = useState<string | null>(null);
  const writer = indCan.plansWrite(user);
  if (r.error) return <div class="ind-page"><p class="back"><a href="#/plans">← {t('plans.back')}</a></p><ErrorBox error={r.error} onRetry={r.reload} /></div>;
  if (!r.data) return <Loading />;
  const p = r.data.data;
  const defs = cat.data ?? [];
  const progName = (n: number) => {
    const x = pr.data?.find((q) => q.project === n);
    return x ? (lang === 'en' ? x.en : x.vi) : '';
  };

  return (
    <div class="ind-page plan-page" data-testid="plan-page">
      <p class="back"><a href="#/plans">← {t('plans.back')}</a></p>
      <header class="panel plan-head">
        <p class="muted plan-number" data-testid="plan-number">{t('plans.number', { number: p.number })} · {t('plans.issuedOn', { day: day(p.issued_on) })}</p>
        <h1 data-testid="plan-title">{p.title}</h1>
        <dl class="kv kv-compact">
          <div class="kv-row"><dt>{t('plans.col.unit')}</dt><dd>{p.unit_name ?? p.unit_code}</dd></div>
          <div class="kv-row"><dt>{t('plans.col.period')}</dt><dd data-testid="plan-period">{p.period_from}–{p.period_to}</dd></div>
        </dl>
        {writer && mode === 'view' && (
          <div class="head-actions">
            <button type="button" class="btn btn-small" data-testid="plan-edit" onClick={() => { setMode('edit'); setNotice(null); }}>{t('plans.edit')}</button>
            <button type="button" class="btn btn-small" data-testid="plan-copy" onClick={() => { setMode('copy'); setNotice(null); focusLater('cp-period_from'); }}>{t('plans.copy')}</button>
            <a class="btn btn-small" href={href(['dashboard'], { unit: p.unit_code, tree: p.tree, period: String(Math.min(p.period_to, new Date().getFullYear())) })}>{t('plans.toDashboard')}</a>
          </div>
        )}
      </header>
      {notice && <div class="alert alert-success" role="status" data-testid="plan-notice">{notice}</div>}
      {mode === 'edit' && <EditPlan p={p} etag={r.data.etag} onCancel={() => setMode('view')}
        onDone={() => { setMode('view'); setNotice(t('plans.saved')); r.reload(); }} />}
      {mode === 'copy' && <CopyPlan p={p} onCancel={() => setMode('view')} />}

      <Tabs label={t('budget.planTabs')} items={[
        { href: href(['plans', id]), text: t('budget.tab.targets'), active: targetsTab, testid: 'plan-tab-targets' },
        { href: href(['plans', id, 'budget']), text: t('budget.tab.budget'), active: tab === 'budget', testid: 'plan-tab-budget' },
        { href: href(['plans', id, 'reports']), text: t('rset.tab'), active: tab === 'reports', testid: 'plan-tab-reports' },
      ]} />
      {tab === 'budget' ? <ChunkTab chunk={budgetModule} render={(b) => <b.BudgetPage plan={p} user={user} route={route} />} />
        : tab === 'reports' ? <ChunkTab chunk={settingsModule} render={(b) => <b.PlanReportSettings key={p.id} plan={p} user={user} />} /> : <>
      <Panel id="plan-projects-h" title={t('plans.projects')} testid="plan-projects">
        {p.projects.length === 0 ? <p class="muted">{t('plans.noProjects')}</p>
          : <table class="table">
              <thead><tr><th scope="col">{t('plans.project')}</th><th scope="col">{t('plans.f.lead')}</th><th scope="col">{t('plans.f.partners')}</th></tr></thead>
              <tbody>
                {p.projects.map((x) => (
                  <tr key={x.project} data-testid={`plan-project-${x.project}`}>
                    <td class="cell-main"><span class="row-title">{t('ind.project', { n: x.project })}</span><span class="muted small">{progName(x.project)}</span></td>
                    <td data-label={t('plans.f.lead')}>{x.lead_agency || <span class="muted">—</span>}</td>
                    <td data-label={t('plans.f.partners')}>{x.partners || <span class="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>}
      </Panel>

      <Targets p={p} defs={defs} progName={progName} writer={writer} targets={tr.data?.items} error={tr.error} reload={tr.reload} />
      </>}
    </div>
  );
}

// ---- targets ----

interface TForm { indicator: string; year: string; target: string; baseline: string; baseline_year: string; quote: string }

function tForm(p: Plan, x?: Target): TForm {
  const s = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    indicator: x?.indicator ?? '', year: String(x?.year ?? p.period_to), target: s(x?.target), baseline: s(x?.baseline),
    baseline_year: s(x?.baseline_year), quote: x?.quote ?? '',
  };
}

function Targets({ p, defs, progName, writer, targets, error, reload }: {
  p: Plan; defs: Indicator[]; progName: (n: number) => string; writer: boolean;
  targets: Target[] | undefined; error: unknown; reload: () => void;
}) {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const [delError, setDelError] = useState<unknown>(null);
  const byCode = new Map(defs.map((d) => [d.code, d]));
  const projectOf = (code: string) => byCode.get(code)?.project ?? Number(/^p(\d)/.exec(code)?.[1] ?? 0);
  const projects = [...new Set((targets ?? []).map((x) => projectOf(x.indicator)))].sort((a, b) => a - b);

  async function remove(x: Target) {
    setDelError(null);
    try {
      await deleteTarget(x.id);
      setDeleting(null);
      reload();
    } catch (e) {
      setDelError(e);
    }
  }

  return (
    <Panel id="plan-targets-h" title={t('plans.targets', { n: targets?.length ?? 0 })} testid="plan-targets"
      actions={writer && editing === null ? <button type="button" class="btn btn-small btn-primary" data-testid="target-add"
        onClick={() => { setEditing('new'); focusLater('tg-indicator'); }}>{t('plans.target.add')}</button> : undefined}>
      {editing === 'new' && <TargetForm p={p} defs={defs} onCancel={() => setEditing(null)} onDone={() => { setEditing(null); reload(); }} />}
      {error ? <ErrorBox error={error} onRetry={reload} />
        : !targets ? <Loading />
          : targets.length === 0 ? <p class="empty" data-testid="targets-empty">{t('plans.target.none')}</p>
            : projects.map((n) => (
                <div key={n} class="target-group" data-testid={`targets-project-${n}`}>
                  <h3>{t('ind.project', { n })}{progName(n) ? `: ${progName(n)}` : ''}</h3>
                  <table class="table target-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('dash.col.indicator')}</th>
                        <th scope="col">{t('plans.target.year')}</th>
                        <th scope="col">{t('plans.target.target')}</th>
                        <th scope="col">{t('plans.target.baseline')}</th>
                        <th scope="col"><span class="visually-hidden">{t('net.actions')}</span></th>
                      </tr>
                    </thead>
                    <tbody>
                      {targets.filter((x) => projectOf(x.indicator) === n).map((x) => {
                        const d = byCode.get(x.indicator);
                        const kind = d?.kind ?? 'count';
                        if (editing === x.id) {
                          return (
                            <tr key={x.id} class="form-row"><td colSpan={5}>
                              <TargetForm p={p} defs={defs} x={x} onCancel={() => setEditing(null)} onDone={() => { setEditing(null); reload(); }} />
                            </td></tr>
                          );
                        }
                        return (
                          <tr key={x.id} data-testid={`target-${x.id}`} data-indicator={x.indicator} data-year={x.year}>
                            <td class="cell-main">
                              <span class="row-title">{d ? indName(lang, d) : x.indicator}</span>
                              {x.quote && <span class="muted small target-quote">“{x.quote}”</span>}
                            </td>
                            <td data-label={t('plans.target.year')} class="nowrap">{x.year}</td>
                            <td data-label={t('plans.target.target')} class="nowrap" data-testid="target-value">{fmtTarget(lang, kind, x.target)}</td>
                            <td data-label={t('plans.target.baseline')} class={x.baseline === null ? 'cell-empty' : 'nowrap'}>
                              {x.baseline === null ? <span class="muted">—</span>
                                : <>{fmtTarget(lang, kind, x.baseline)}{x.baseline_year ? <span class="muted"> ({x.baseline_year})</span> : null}</>}
                            </td>
                            <td class="cell-actions">
                              {writer && editing === null && deleting !== x.id && <>
                                <button type="button" class="btn btn-small" data-testid="target-edit"
                                  onClick={() => { setEditing(x.id); setDeleting(null); focusLater('tg-target'); }}>{t('plans.target.edit')}</button>
                                <button type="button" class="btn btn-small btn-danger-outline" data-testid="target-delete"
                                  onClick={() => { setDeleting(x.id); setDelError(null); }}>{t('plans.target.delete')}</button>
                              </>}
                              {deleting === x.id && (
                                <span class="confirm" role="group" aria-label={t('plans.target.deleteAsk')}>
                                  <span>{t('plans.target.deleteAsk')}</span>
                                  <button type="button" class="btn btn-small btn-danger" data-testid="target-delete-yes" onClick={() => remove(x)}>{t('plans.target.delete')}</button>
                                  <button type="button" class="btn btn-small" onClick={() => setDeleting(null)}>{t('net.cancel')}</button>
                                  {delError ? <span class="field-error">{errorMessage(t, delError)}</span> : null}
                                </span>
                              )}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              ))}
    </Panel>
  );
}

function TargetForm({ p, defs, x, onCancel, onDone }: { p: Plan; defs: Indicator[]; x?: Target; onCancel: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [v, setV] = useState<TForm>(tForm(p, x));
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const d = defs.find((i) => i.code === v.indicator);
  const pct = d ? isPercentKind(d.kind) : false;
  const years: number[] = [];
  for (let y = p.period_from; y <= p.period_to; y++) years.push(y);
  const set = (k: keyof TForm) => (e: Event) => {
    const val = (e.currentTarget as HTMLInputElement).value;
    setV((o) => ({ ...o, [k]: val }));
    setErrors((o) => ({ ...o, [`tg-${k}`]: undefined }));
  };

  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    const num = (s: string) => (s.trim() === '' ? null : Number(s.trim().replace(',', '.')));
    const target = num(v.target);
    const baseline = num(v.baseline);
    const byear = v.baseline_year.trim() === '' ? null : Number(v.baseline_year);
    if (!v.indicator) errs['tg-indicator'] = 'required';
    if (target === null) errs['tg-target'] = 'required';
    else if (Number.isNaN(target) || target < 0 || (pct && target > 100)) errs['tg-target'] = pct ? t('plans.error.percent') : t('plans.error.count');
    if (baseline !== null && (Number.isNaN(baseline) || baseline < 0 || (pct && baseline > 100))) errs['tg-baseline'] = pct ? t('plans.error.percent') : t('plans.error.count');
    if (byear !== null && (!Number.isInteger(byear) || byear < 2000 || byear > 2100)) errs['tg-baseline_year'] = t('plans.error.year');
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    const body: TargetInput = {
      indicator: v.indicator, year: Number(v.year), target: target!, baseline, baseline_year: byear, quote: v.quote.trim() || null,
    };
    setBusy(true); setError(null);
    try {
      if (x) await updateTarget(x.id, body); else await addTarget(p.id, body);
      onDone();
    } catch (err) {
      const s = splitError(err, ['tg-']);
      if (s.field) { setErrors({ [s.field]: indFieldText(t, err) }); focusLater(s.field); } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const projects = [...new Set(defs.map((i) => i.project))].sort((a, b) => a - b);
  return (
    <form class="inline-form target-form" onSubmit={save} noValidate data-testid="target-form">
      <h3>{x ? t('plans.target.editTitle') : t('plans.target.addTitle')}</h3>
      <Field id="tg-indicator" label={t('dash.col.indicator')} required error={errors['tg-indicator']}>
        <select id="tg-indicator" value={v.indicator} onChange={set('indicator')} data-testid="tg-indicator">
          <option value="">{t('net.choose')}</option>
          {projects.map((n) => (
            <optgroup key={n} label={t('ind.project', { n })}>
              {defs.filter((i) => i.project === n).map((i) => <option key={i.code} value={i.code}>{indName(lang, i)}</option>)}
            </optgroup>
          ))}
        </select>
      </Field>
      <div class="form-grid form-grid-tight">
        <Field id="tg-year" label={t('plans.target.year')} required error={errors['tg-year']}>
          <select id="tg-year" value={v.year} onChange={set('year')} data-testid="tg-year">
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </Field>
        <Field id="tg-target" label={pct ? t('plans.target.targetPct') : t('plans.target.target')} required error={errors['tg-target']}>
          <input id="tg-target" inputMode="decimal" autoComplete="off" value={v.target} onInput={set('target')} data-testid="tg-target" />
        </Field>
        <Field id="tg-baseline" label={pct ? t('plans.target.baselinePct') : t('plans.target.baseline')} error={errors['tg-baseline']}>
          <input id="tg-baseline" inputMode="decimal" autoComplete="off" value={v.baseline} onInput={set('baseline')} data-testid="tg-baseline" />
        </Field>
        <Field id="tg-baseline_year" label={t('plans.target.baselineYear')} error={errors['tg-baseline_year']}>
          <input id="tg-baseline_year" inputMode="numeric" maxLength={4} value={v.baseline_year} onInput={set('baseline_year')} data-testid="tg-baseline_year" />
        </Field>
      </div>
      <Field id="tg-quote" label={t('plans.target.quote')} error={errors['tg-quote']} hint={t('plans.target.quote.hint')}>
        <textarea id="tg-quote" rows={2} maxLength={2000} value={v.quote} onInput={set('quote')} data-testid="tg-quote" aria-describedby="tg-quote-hint" />
      </Field>
      {error ? <div class="alert alert-error" role="alert" data-testid="target-error">{errorMessage(t, error)}</div> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="target-save">{busy ? t('net.saving') : t('net.save')}</button>
        <button type="button" class="btn" onClick={onCancel}>{t('net.cancel')}</button>
      </div>
    </form>
  );
}

// ---- the plan's own fields ----

function EditPlan({ p, etag, onCancel, onDone }: { p: Plan; etag: string | null; onCancel: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [v, setV] = useState<PlanForm>(planForm(p));
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    const body = planBody(v, errs);
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      await updatePlan(p.id, etag, body);
      onDone();
    } catch (err) {
      planError(t, err, setErrors, setError);
    } finally {
      setBusy(false);
    }
  }
  const stale = error instanceof ApiError && error.status === 412;
  return (
    <form class="panel inline-form" onSubmit={save} noValidate data-testid="plan-edit-form">
      <h2>{t('plans.edit')}</h2>
      {error ? <div class="alert alert-error" role="alert">{stale ? t('plans.error.stale') : errorMessage(t, error)}</div> : null}
      <PlanFields v={v} setV={setV} errors={errors} setErrors={setErrors} />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="plan-edit-save">{busy ? t('net.saving') : t('net.save')}</button>
        <button type="button" class="btn" onClick={onCancel}>{t('net.cancel')}</button>
      </div>
    </form>
  );
}

// A copy into a new period: the number and date of the new plan, its years.
function CopyPlan({ p, onCancel }: { p: Plan; onCancel: () => void }) {
  const { t } = useI18n();
  const span = p.period_to - p.period_from;
  const [v, setV] = useState({ period_from: String(p.period_to + 1), period_to: String(p.period_to + 1 + span), number: '', issued_on: today() });
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: Event) => {
    const val = (e.currentTarget as HTMLInputElement).value;
    setV((o) => ({ ...o, [k]: val }));
    setErrors((o) => ({ ...o, [`cp-${k}`]: undefined }));
  };
  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    const from = Number(v.period_from);
    const to = Number(v.period_to);
    if (!/^\d{4}$/.test(v.period_from) || from < 2000 || from > 2100) errs['cp-period_from'] = t('plans.error.year');
    if (!/^\d{4}$/.test(v.period_to) || to < 2000 || to > 2100) errs['cp-period_to'] = t('plans.error.year');
    else if (!errs['cp-period_from'] && to < from) errs['cp-period_to'] = t('plans.error.period');
    if (v.number.trim().length < 2) errs['cp-number'] = 'required';
    if (!v.issued_on) errs['cp-issued_on'] = 'required';
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      const n = await copyPlan(p.id, { period_from: from, period_to: to, number: v.number.trim(), issued_on: v.issued_on });
      navigate(href(['plans', String(n.id)]));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) { setErrors({ 'cp-number': t('plans.error.numberTaken') }); focusLater('cp-number'); return; }
      const s = splitError(err, ['cp-']);
      if (s.field) { setErrors({ [s.field]: indFieldText(t, err) }); focusLater(s.field); } else setError(err);
    } finally {
      setBusy(false);
    }
  }
  const shift = Number(v.period_from) - p.period_from;
  return (
    <form class="panel inline-form" onSubmit={save} noValidate data-testid="plan-copy-form">
      <h2>{t('plans.copyTitle')}</h2>
      <p class="hint">{t('plans.copy.hint')}</p>
      <div class="form-grid form-grid-tight">
        <Field id="cp-period_from" label={t('plans.f.period_from')} required error={errors['cp-period_from']}>
          <input id="cp-period_from" inputMode="numeric" maxLength={4} value={v.period_from} onInput={set('period_from')} data-testid="cp-period_from" />
        </Field>
        <Field id="cp-period_to" label={t('plans.f.period_to')} required error={errors['cp-period_to']}>
          <input id="cp-period_to" inputMode="numeric" maxLength={4} value={v.period_to} onInput={set('period_to')} data-testid="cp-period_to" />
        </Field>
        <Field id="cp-number" label={t('plans.f.number')} required error={errors['cp-number']}>
          <input id="cp-number" maxLength={50} value={v.number} onInput={set('number')} data-testid="cp-number" />
        </Field>
        <Field id="cp-issued_on" label={t('plans.f.issued_on')} required error={errors['cp-issued_on']}>
          <input id="cp-issued_on" type="date" value={v.issued_on} onInput={set('issued_on')} data-testid="cp-issued_on" />
        </Field>
      </div>
      {Number.isInteger(shift) && shift !== 0 && <p class="hint" data-testid="cp-shift">{t('plans.copy.shift', { years: shift > 0 ? `+${shift}` : String(shift) })}</p>}
      {error ? <div class="alert alert-error" role="alert">{errorMessage(t, error)}</div> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="cp-save">{busy ? t('net.saving') : t('plans.copy.save')}</button>
        <button type="button" class="btn" onClick={onCancel}>{t('net.cancel')}</button>
      </div>
    </form>
  );
}
