// The budget tab's other views (docs/budget.md §UI): import a CSV file
// (checked first: its rows and problems; then "replace the plan's budget"),
// the summaries (the general table project × year × source, totals per
// source, estimate against allocated and spent per year as a table and a
// bar chart — uPlot, fetched with import() only when this view opens),
// and execution: allocations and spending per leaf line, year and source,
// each change with a reason and its history.  The editor is pages/Budget.tsx.
import { useEffect, useState } from 'preact/hooks';
import {
  ApiError, BUDGET_SOURCES, budgetExecutionHistory, checkBudget, getBudgetSummary, listBudgetExecution, listProgrammes,
  putBudgetExecution, replaceBudget, type BudgetCheck, type BudgetExecution, type BudgetExecutionChange, type Plan,
  type Programme,
} from '../api';
import { useI18n } from '../i18n';
import { errorMessage, formatTime, useAsync } from '../util';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';
import { Panel } from './NetKit';
import { Field, focusLater } from './CaseKit';
import {
  byYear, formatAmount, isTotal, parentsOf, parseAmount, placeProblems, rowName, sourceName, sourceShort, ProblemList,
  type EdTable,
} from './BudgetKit';

// ---- import ----

export function BudgetImport({ plan, version, dirty, onReplaced }: {
  plan: Plan; version: number; dirty: boolean; onReplaced: (r: BudgetCheck, name: string) => void;
}) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<BudgetCheck | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'check' | 'replace' | null>(null);

  async function choose(f: File | null) {
    setFile(f); setResult(null); setError(null);
    if (!f) return;
    setBusy('check');
    try {
      setResult(await checkBudget(f));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }
  async function replace() {
    if (!file) return;
    setBusy('replace'); setError(null);
    try {
      const r = await replaceBudget(plan.id, file, version);
      onReplaced(r, file.name);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const line = error instanceof ApiError ? /^line (\d+)$/.exec(error.field ?? '')?.[1] : undefined;
  return (
    <Panel id="budget-import-h" title={t('budget.import.title')} testid="budget-import">
      <p class="hint budget-import-hint">{t('budget.import.hint')}</p>
      <label class="field csv-file-field" for="budget-file">
        <span>{t('budget.import.file')}</span>
        <input id="budget-file" type="file" accept=".csv,text/csv" disabled={busy !== null} data-testid="budget-file"
          onChange={(e) => choose(e.currentTarget.files?.[0] ?? null)} />
      </label>
      {busy === 'check' && <p class="loading" aria-busy="true">{t('budget.import.checking')}</p>}
      {error ? (
        <div class="alert alert-error" role="alert" data-testid="budget-import-error">
          {error instanceof ApiError && error.status === 422
            ? (line ? t('budget.import.invalidLine', { line, message: error.message }) : t('budget.error.invalid', { message: error.message }))
            : error instanceof ApiError && error.status === 412 ? t('budget.error.stale')
              : error instanceof ApiError && error.status === 409 ? t('budget.error.conflict', { row: /^row (.+)$/.exec(error.field ?? '')?.[1] ?? '' })
                : errorMessage(t, error)}
        </div>
      ) : null}
      {result && (
        <div data-testid="budget-import-result" data-rows={result.rows} data-problems={result.problems.length}>
          <div class={result.problems.length ? 'alert alert-warn' : 'alert alert-success'} role="status">
            {result.problems.length
              ? t('budget.import.problems', { rows: result.rows, n: result.problems.length })
              : t('budget.import.clean', { rows: result.rows })}
          </div>
          <ProblemList items={placeProblems(result.problems, new Map())} truncated={result.truncated} testid="budget-import-problems" />
          <p class="hint">{result.problems.length ? t('budget.import.keepProblems') : ''} {dirty ? t('budget.import.dirty') : ''}</p>
          <div class="form-actions">
            <button type="button" class="btn btn-primary" disabled={busy !== null} onClick={replace} data-testid="budget-replace">
              {busy === 'replace' ? t('net.saving') : t('budget.import.replace')}
            </button>
          </div>
        </div>
      )}
    </Panel>
  );
}

// ---- summaries ----

type Charts = typeof import('./BudgetCharts');
let chartsPromise: Promise<Charts> | null = null;
function useCharts(): Charts | null {
  const [m, setM] = useState<{ c: Charts } | null>(null);
  useEffect(() => {
    chartsPromise ??= import('./BudgetCharts');
    chartsPromise.then((c) => setM({ c }), () => { chartsPromise = null; });
  }, []);
  return m?.c ?? null;
}

function useProgrammes(): Programme[] {
  const r = useAsync(() => listProgrammes().catch(() => [] as Programme[]), []);
  return r.data ?? [];
}

export function BudgetSummaryView({ plan, dirty }: { plan: Plan; dirty: boolean }) {
  const { t, lang } = useI18n();
  const r = useAsync(() => getBudgetSummary(plan.id), [plan.id]);
  const programmes = useProgrammes();
  const charts = useCharts();
  if (r.error) return <ErrorBox error={r.error} onRetry={r.reload} />;
  if (!r.data) return <Loading />;
  const s = r.data;
  const years = byYear(s.columns);
  const projectName = (p: number | null) => {
    if (p === null) return t('budget.totalRow');
    if (p === 0) return t('budget.project.other');
    const x = programmes.find((q) => q.project === p);
    return x ? `${t('ind.project', { n: p })}: ${lang === 'en' ? x.en : x.vi}` : t('ind.project', { n: p });
  };
  const total = BUDGET_SOURCES.reduce((a, k) => a + (s.by_source[k] ?? 0), 0);
  return (
    <div class="budget-summary" data-testid="budget-summary">
      {dirty && <div class="alert alert-info" role="status">{t('budget.summary.dirty')}</div>}
      {s.problems > 0 && <div class="alert alert-warn" role="status" data-testid="budget-summary-problems">{t('budget.summary.problems', { n: s.problems })}</div>}
      <Panel id="budget-general-h" title={t('budget.summary.general')} testid="budget-general">
        <p class="budget-unit muted small">{t('budget.unit')}</p>
        <div class="budget-scroll">
          <table class="budget-table budget-table-read">
            <thead>
              <tr>
                <th scope="col" rowSpan={2} class="b-label">{t('budget.col.project')}</th>
                <th scope="col" rowSpan={2} class="b-amount">{t('budget.col.total')}</th>
                {years.map((y) => <th key={y.year} scope="colgroup" colSpan={y.columns.length} class="b-year">{t('budget.year', { year: y.year })}</th>)}
              </tr>
              <tr>{years.flatMap((y) => y.columns.map((c) => <th key={c} scope="col" class="b-amount b-source" title={sourceName(t, c.slice(5))}>{sourceShort(t, c.slice(5))}</th>))}</tr>
            </thead>
            <tbody>
              {s.general.map((g) => (
                <tr key={String(g.project)} class={g.project === null ? 'b-line b-total' : 'b-line'} data-testid="budget-general-row" data-project={g.project ?? 'total'}>
                  <th scope="row" class="b-label">{projectName(g.project)}</th>
                  <td class="b-amount b-strong" data-testid="budget-general-total">{formatAmount(g.total)}</td>
                  {years.flatMap((y) => y.columns.map((c) => <td key={c} class="b-amount">{formatAmount(g.cells[c] ?? 0)}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>

      <Panel id="budget-sources-h" title={t('budget.summary.bySource')} testid="budget-by-source">
        <ul class="budget-tiles">
          {BUDGET_SOURCES.map((k) => (
            <li key={k} data-testid={`budget-source-${k}`}>
              <span class="budget-tile-name">{sourceName(t, k)}</span>
              <span class="budget-tile-n">{formatAmount(s.by_source[k] ?? 0)}</span>
              <span class="muted small">{total ? `${Math.round(((s.by_source[k] ?? 0) / total) * 1000) / 10}%`.replace('.', lang === 'vi' ? ',' : '.') : ''}</span>
            </li>
          ))}
          <li class="budget-tile-total" data-testid="budget-source-total">
            <span class="budget-tile-name">{t('budget.totalRow')}</span>
            <span class="budget-tile-n">{formatAmount(total)}</span>
            <span class="muted small">{t('budget.millionVnd')}</span>
          </li>
        </ul>
      </Panel>

      <Panel id="budget-years-h" title={t('budget.summary.byYear')} testid="budget-by-year">
        <div class="budget-years">
          {charts && s.by_year.length > 0
            ? <charts.YearBars years={s.by_year.map((y) => String(y.year))}
                series={[
                  { label: t('budget.estimate'), values: s.by_year.map((y) => y.estimate / 1e6), kind: 'estimate' },
                  { label: t('budget.allocated'), values: s.by_year.map((y) => y.allocated / 1e6), kind: 'allocated' },
                  { label: t('budget.spent'), values: s.by_year.map((y) => y.spent / 1e6), kind: 'spent' },
                ]}
                format={(v) => formatAmount(Math.round(v * 1e6))}
                overLabel={s.by_year.some((y) => y.spent > y.allocated) ? t('budget.overspent') : null}
                label={s.by_year.map((y) => t('budget.chart.alt', { year: y.year, estimate: formatAmount(y.estimate), allocated: formatAmount(y.allocated), spent: formatAmount(y.spent) })).join('; ')}
                testid="budget-chart" />
            : s.by_year.length > 0 ? <div class="budget-chart-wait" aria-hidden="true" /> : null}
          <table class="table budget-year-table">
            <thead>
              <tr>
                <th scope="col">{t('budget.col.year')}</th>
                <th scope="col" class="num">{t('budget.estimate')}</th>
                <th scope="col" class="num">{t('budget.allocated')}</th>
                <th scope="col" class="num">{t('budget.spent')}</th>
                <th scope="col" class="num">{t('budget.spentOfAllocated')}</th>
              </tr>
            </thead>
            <tbody>
              {s.by_year.map((y) => (
                <tr key={y.year} data-testid="budget-year-row" data-year={y.year} data-overspent={y.overspent ? 'true' : 'false'} class={y.overspent ? 'b-overspent' : undefined}>
                  <td class="cell-main"><span class="row-title">{y.year}</span></td>
                  <td class="num" data-label={t('budget.estimate')}>{formatAmount(y.estimate)}</td>
                  <td class="num" data-label={t('budget.allocated')}>{formatAmount(y.allocated)}</td>
                  <td class="num" data-label={t('budget.spent')}>{formatAmount(y.spent)}
                    {y.overspent && <span class="block"><span class="tag b-overspent-tag" data-testid="budget-overspent">{t(y.spent > y.allocated ? 'budget.overspent' : 'budget.overspentLine')}</span></span>}</td>
                  <td class="num" data-label={t('budget.spentOfAllocated')}>{y.allocated ? `${(Math.round((y.spent / y.allocated) * 1000) / 10).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </div>
  );
}

// ---- execution ----

interface XForm { row: string; year: string; source: string; allocated: string; spent: string; reason: string }

export function BudgetExecutionView({ plan, table, writer, leaf }: { plan: Plan; table: EdTable; writer: boolean; leaf: string | null }) {
  const { t } = useI18n();
  const r = useAsync(() => listBudgetExecution(plan.id), [plan.id]);
  const parents = parentsOf(table.lines);
  const leaves = table.lines.filter((l) => !parents.has(l.id) && !isTotal(l) && l.row.trim());
  const labelOf = new Map(table.lines.map((l) => [l.row.trim(), l.label]));
  const years: number[] = [];
  for (let y = plan.period_from; y <= plan.period_to; y++) years.push(y);
  const blankForm = (row: string): XForm => ({ row, year: String(years[0] ?? ''), source: 'central', allocated: '', spent: '', reason: '' });
  const [v, setV] = useState<XForm>(() => blankForm(leaf && leaves.some((l) => l.row.trim() === leaf) ? leaf : ''));
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [history, setHistory] = useState<{ key: string; items: BudgetExecutionChange[] | null; error?: unknown } | null>(null);
  const items = r.data?.items ?? [];
  useEffect(() => { if (leaf) focusLater('bx-allocated'); }, []);

  // The record already there for the chosen line, year and source fills the amounts.
  function set(k: keyof XForm, val: string) {
    setV((o) => {
      const n = { ...o, [k]: val };
      if (k === 'row' || k === 'year' || k === 'source') {
        const x = items.find((i) => i.row === n.row && String(i.year) === n.year && i.source === n.source);
        n.allocated = x ? formatAmount(x.allocated) : '';
        n.spent = x ? formatAmount(x.spent) : '';
      }
      return n;
    });
    setErrors((o) => ({ ...o, [`bx-${k}`]: undefined }));
    setDone(false);
  }
  function editRecord(x: BudgetExecution) {
    setV({ row: x.row, year: String(x.year), source: x.source, allocated: formatAmount(x.allocated), spent: formatAmount(x.spent), reason: '' });
    setErrors({}); setDone(false);
    focusLater('bx-allocated');
  }
  async function showHistory(x: BudgetExecution) {
    const key = `${x.row}|${x.year}|${x.source}`;
    if (history?.key === key) { setHistory(null); return; }
    setHistory({ key, items: null });
    try {
      const h = await budgetExecutionHistory(plan.id, { row: x.row, year: x.year, source: x.source });
      setHistory((cur) => (cur?.key === key ? { key, items: h.items } : cur));
    } catch (e) {
      setHistory((cur) => (cur?.key === key ? { key, items: [], error: e } : cur));
    }
  }
  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    const allocated = parseAmount(v.allocated);
    const spent = parseAmount(v.spent);
    if (!v.row) errs['bx-row'] = 'required';
    if (allocated === null) errs['bx-allocated'] = t('budget.error.amount');
    if (spent === null) errs['bx-spent'] = t('budget.error.amount');
    if (v.reason.trim().length < 3) errs['bx-reason'] = t('budget.execution.reasonNeeded');
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      await putBudgetExecution(plan.id, {
        row: v.row, year: Number(v.year), source: v.source, allocated: Number(allocated), spent: Number(spent), reason: v.reason.trim(),
      });
      setDone(true); setV((o) => ({ ...o, reason: '' })); setHistory(null);
      r.reload();
    } catch (err) {
      const f = err instanceof ApiError && err.field ? `bx-${err.field}` : null;
      if (f && ['bx-row', 'bx-year', 'bx-source', 'bx-allocated', 'bx-spent', 'bx-reason'].includes(f)) { setErrors({ [f]: err }); focusLater(f); } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const over = (a: string, s: string) => { const x = parseAmount(a); const y = parseAmount(s); return x !== null && y !== null && y > x; };
  return (
    <div class="budget-execution" data-testid="budget-execution">
      {writer && (
        <Panel id="budget-x-form-h" title={t('budget.execution.form')} testid="budget-execution-form">
          <form class="inline-form" onSubmit={save} noValidate>
            <p class="hint">{t('budget.execution.hint')}</p>
            <Field id="bx-row" label={t('budget.execution.line')} required error={errors['bx-row']}>
              <select id="bx-row" value={v.row} onChange={(e) => set('row', e.currentTarget.value)} data-testid="bx-row">
                <option value="">{t('net.choose')}</option>
                {leaves.map((l) => <option key={l.id} value={l.row.trim()}>{l.row.trim()} · {l.label.slice(0, 90)}</option>)}
              </select>
            </Field>
            <div class="form-grid form-grid-tight">
              <Field id="bx-year" label={t('budget.col.year')} required error={errors['bx-year']}>
                <select id="bx-year" value={v.year} onChange={(e) => set('year', e.currentTarget.value)} data-testid="bx-year">
                  {years.map((y) => <option key={y} value={y}>{y}</option>)}
                </select>
              </Field>
              <Field id="bx-source" label={t('budget.source')} required error={errors['bx-source']}>
                <select id="bx-source" value={v.source} onChange={(e) => set('source', e.currentTarget.value)} data-testid="bx-source">
                  {BUDGET_SOURCES.map((s) => <option key={s} value={s}>{sourceName(t, s)}</option>)}
                </select>
              </Field>
              <Field id="bx-allocated" label={t('budget.execution.allocated')} required error={errors['bx-allocated']}>
                <input id="bx-allocated" inputMode="decimal" autoComplete="off" value={v.allocated} onInput={(e) => set('allocated', e.currentTarget.value)} data-testid="bx-allocated" />
              </Field>
              <Field id="bx-spent" label={t('budget.execution.spent')} required error={errors['bx-spent']}>
                <input id="bx-spent" inputMode="decimal" autoComplete="off" value={v.spent} onInput={(e) => set('spent', e.currentTarget.value)} data-testid="bx-spent" />
              </Field>
            </div>
            {over(v.allocated, v.spent) && <p class="hint b-warn" data-testid="bx-over">{t('budget.execution.over')}</p>}
            <Field id="bx-reason" label={t('budget.execution.reason')} required error={errors['bx-reason']}>
              <textarea id="bx-reason" rows={2} maxLength={500} value={v.reason} onInput={(e) => set('reason', e.currentTarget.value)} data-testid="bx-reason" />
            </Field>
            {error ? <div class="alert alert-error" role="alert">{errorMessage(t, error)}</div> : null}
            {done && <div class="alert alert-success" role="status" data-testid="bx-saved">{t('budget.execution.saved')}</div>}
            <div class="form-actions">
              <button type="submit" class="btn btn-primary" disabled={busy} data-testid="bx-save">{busy ? t('net.saving') : t('net.save')}</button>
            </div>
          </form>
        </Panel>
      )}
      <Panel id="budget-x-list-h" title={t('budget.execution.list')} testid="budget-execution-list">
        <p class="budget-unit muted small">{t('budget.unit')}</p>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : items.length === 0 ? <p class="empty">{t('budget.execution.none')}</p>
              : <table class="table budget-x-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('budget.execution.line')}</th>
                      <th scope="col">{t('budget.col.year')}</th>
                      <th scope="col">{t('budget.source')}</th>
                      <th scope="col" class="num">{t('budget.allocated')}</th>
                      <th scope="col" class="num">{t('budget.spent')}</th>
                      <th scope="col">{t('budget.execution.updated')}</th>
                      <th scope="col"><span class="visually-hidden">{t('net.actions')}</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((x) => {
                      const key = `${x.row}|${x.year}|${x.source}`;
                      return [
                        <tr key={key} data-testid="bx-item" data-row={x.row} data-year={x.year} data-source={x.source} class={x.spent > x.allocated ? 'b-overspent' : undefined}>
                          <td class="cell-main"><span class="row-title">{rowName(t, x.row)}</span><span class="muted small">{labelOf.get(x.row) ?? ''}</span></td>
                          <td data-label={t('budget.col.year')}>{x.year}</td>
                          <td data-label={t('budget.source')}>{sourceName(t, x.source)}</td>
                          <td class="num" data-label={t('budget.allocated')}>{formatAmount(x.allocated)}</td>
                          <td class="num" data-label={t('budget.spent')}>{formatAmount(x.spent)}
                            {x.spent > x.allocated && <span class="block"><span class="tag b-overspent-tag">{t('budget.overspent')}</span></span>}</td>
                          <td data-label={t('budget.execution.updated')} class="small">{x.updated_at ? formatTime(x.updated_at) : ''}</td>
                          <td class="cell-actions">
                            {writer && <button type="button" class="btn btn-small" onClick={() => editRecord(x)}>{t('budget.execution.edit')}</button>}
                            <button type="button" class="btn btn-small" aria-expanded={history?.key === key} onClick={() => showHistory(x)} data-testid="bx-history">{t('budget.execution.history')}</button>
                          </td>
                        </tr>,
                        history?.key === key && (
                          <tr key={`${key}-h`} class="b-history"><td colSpan={7}>
                            {history.error ? <ErrorBox error={history.error} />
                              : !history.items ? <Loading />
                                : <ol class="b-history-list" data-testid="bx-history-list">
                                    {history.items.map((h, i) => (
                                      <li key={i}>
                                        <span class="nowrap">{h.changed_at ? formatTime(h.changed_at) : ''}</span>
                                        {' · '}{t('budget.allocated')} {formatAmount(h.allocated)}, {t('budget.spent').toLowerCase()} {formatAmount(h.spent)}
                                        {h.changed_by ? ` · ${h.changed_by}` : ''}
                                        <span class="block muted">“{h.reason}”</span>
                                      </li>
                                    ))}
                                  </ol>}
                          </td></tr>
                        ),
                      ];
                    })}
                  </tbody>
                </table>}
      </Panel>
    </div>
  );
}
