// The "Kinh phí" tab of a plan (#/plans/ID/budget, docs/budget.md §UI):
// the budget table as an editor (STT, label, stated total, a year's three
// sources per year; indented by depth; every amount typed in million VND
// the Vietnamese way), the sums computed beside the stated ones as one
// types, the server's check asked 400 ms after the last keystroke (the
// problem cells outlined, the problems listed, each a link to its cell),
// saved as the import CSV with If-Match.  The other views (import,
// summaries, execution) are in components/BudgetViews.tsx.  Loaded with
// import() by Plan.tsx, so none of it is in the first page load.
// Viewers and other roles without plan writes get the same table as text.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ApiError, budgetExportHref, checkBudget, getBudget, replaceBudget, type Plan, type User,
} from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { errorMessage } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Tabs } from '../components/NetKit';
import { indCan } from '../components/IndKit';
import {
  STATED, byYear, cellKey, computeTable, depthOf, edTable, formatAmount, isTotal, newId, parentsOf, parseAmount,
  placeProblems, problemText, rowErrors, rowIds, sourceName, sourceShort, subtree, tableCsv, ProblemList,
  type EdLine, type EdTable, type PlacedProblem,
} from '../components/BudgetKit';
import { BudgetExecutionView, BudgetImport, BudgetSummaryView } from '../components/BudgetViews';
import '../budget.css';

const CHECK_DELAY_MS = 400;
const VIEWS = ['table', 'import', 'summary', 'execution'] as const;
type View = typeof VIEWS[number];

// ---- the editor's state, kept while the views change ----

export interface Editor {
  table: EdTable | null;
  version: number;
  dirty: boolean;
  problems: PlacedProblem[];
  truncated: boolean;
  checking: boolean;
  // A CSV the server would not read (422) or a save refused: the message, the line it names.
  refused: { error: unknown; id: number | null } | null;
  loadError: unknown;
  reload: () => void;
  edit: (fn: (t: EdTable) => EdTable) => void;
  save: (force?: boolean) => Promise<boolean>;
  saving: boolean;
  saveError: unknown;
}

function useEditor(planId: number): Editor {
  const [table, setTable] = useState<EdTable | null>(null);
  const [version, setVersion] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<PlacedProblem[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<Editor['refused']>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef<EdTable | null>(null);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    getBudget(planId).then((b) => {
      if (!live) return;
      const t = edTable(b);
      seq.current++;
      window.clearTimeout(timer.current);
      setChecking(false);
      latest.current = t;
      setTable(t); setVersion(b.version); setDirty(false); setRefused(null); setSaveError(null);
      setProblems(placeProblems(b.problems, rowIds(t.lines))); setTruncated(!!b.truncated);
    }, (e) => { if (live) setLoadError(e); });
    return () => { live = false; };
  }, [planId, tick]);

  // The server's check of what is on screen, once typing pauses.
  function scheduleCheck(t: EdTable) {
    window.clearTimeout(timer.current);
    const my = ++seq.current;
    if (rowErrors(t.lines).size > 0) { setChecking(false); return; }
    setChecking(true);
    timer.current = window.setTimeout(async () => {
      const { csv, lineOf } = tableCsv(t);
      try {
        const r = await checkBudget(csv);
        if (my !== seq.current) return;
        setProblems(placeProblems(r.problems, rowIds(t.lines))); setTruncated(!!r.truncated); setRefused(null);
      } catch (e) {
        if (my !== seq.current) return;
        setRefused({ error: e, id: lineNamed(e, lineOf) });
      } finally {
        if (my === seq.current) setChecking(false);
      }
    }, CHECK_DELAY_MS);
  }

  // Keystrokes may come faster than renders: edits chain on the latest table.
  function edit(fn: (t: EdTable) => EdTable) {
    const cur = latest.current;
    if (!cur) return;
    const next = fn(cur);
    if (next === cur) return;
    latest.current = next;
    setTable(next); setDirty(true); setSaveError(null);
    scheduleCheck(next);
  }

  async function save(force = false): Promise<boolean> {
    const table = latest.current;
    if (!table) return false;
    const { csv, lineOf } = tableCsv(table);
    const my = ++seq.current;
    window.clearTimeout(timer.current);
    setSaving(true); setSaveError(null); setChecking(false);
    try {
      const r = await replaceBudget(planId, csv, force ? null : version);
      if (r.version !== undefined) setVersion(r.version);
      if (my === seq.current) { setProblems(placeProblems(r.problems, rowIds(table.lines))); setTruncated(!!r.truncated); }
      // Typed on while saving: still unsaved.
      if (latest.current === table) setDirty(false); else scheduleCheck(latest.current!);
      setRefused(null);
      return true;
    } catch (e) {
      setSaveError(e);
      const id = lineNamed(e, lineOf) ?? rowNamed(e, table);
      if (id !== null || (e instanceof ApiError && e.status === 422)) setRefused({ error: e, id });
      return false;
    } finally {
      setSaving(false);
    }
  }

  return {
    table, version, dirty, problems, truncated, checking, refused, loadError, saving, saveError,
    reload: () => setTick((x) => x + 1), edit, save,
  };
}

// "line N" of a 422 → the line of the table that starts there.
function lineNamed(e: unknown, lineOf: Map<number, number>): number | null {
  const m = e instanceof ApiError ? /^line (\d+)$/.exec(e.field ?? '') : null;
  if (!m) return null;
  const n = Number(m[1]);
  for (const [id, line] of lineOf) if (line === n) return id;
  return null;
}
// "row R" of a 409 → the line with that STT.
function rowNamed(e: unknown, t: EdTable): number | null {
  const m = e instanceof ApiError ? /^row (.+)$/.exec(e.field ?? '') : null;
  return m ? t.lines.find((l) => l.row.trim() === m[1])?.id ?? null : null;
}

// ---- the page ----

export function BudgetPage({ plan, user, route }: { plan: Plan; user: User; route: Route }) {
  const { t } = useI18n();
  const q = route.query.get('view') as View;
  const view: View = VIEWS.includes(q) ? q : 'table';
  const writer = indCan.plansWrite(user);
  const ed = useEditor(plan.id);
  const [leaf, setLeaf] = useState<string | null>(null);   // the line the execution form opens with
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => { if (view !== 'table') setNotice(null); }, [view]);
  useEffect(() => {
    if (!ed.dirty) return;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [ed.dirty]);

  const base = ['plans', String(plan.id), 'budget'];
  const items = VIEWS.filter((v) => writer || v !== 'import').map((v) => ({
    href: href(base, { view: v === 'table' ? null : v }), text: t(`budget.view.${v}`), active: view === v, testid: `budget-view-${v}`,
  }));
  return (
    <div class="budget-page" data-testid="budget-page">
      <div class="budget-head">
        <Tabs items={items} label={t('budget.views')} />
        <div class="budget-exports">
          <span class="muted small">{t('budget.export')}</span>
          <a class="btn btn-small" href={budgetExportHref(plan.id, 'xlsx')} download data-testid="budget-export-xlsx">Excel (XLSX)</a>
          <a class="btn btn-small" href={budgetExportHref(plan.id, 'csv')} download data-testid="budget-export-csv">CSV</a>
        </div>
      </div>
      {notice && view === 'table' && <div class="alert alert-success" role="status" data-testid="budget-notice">{notice}</div>}
      {ed.loadError ? <ErrorBox error={ed.loadError} onRetry={ed.reload} />
        : !ed.table ? <Loading />
          : view === 'import' && writer ? <BudgetImport plan={plan} version={ed.version} dirty={ed.dirty}
              onReplaced={(r, name) => { setNotice(t('budget.import.done', { name, rows: r.rows })); ed.reload(); navigate(href(base)); }} />
            : view === 'summary' ? <BudgetSummaryView plan={plan} dirty={ed.dirty} />
              : view === 'execution' ? <BudgetExecutionView plan={plan} table={ed.table} writer={writer} leaf={leaf} />
                : <BudgetEditor ed={ed} writer={writer} onExecution={(row) => { setLeaf(row); navigate(href(base, { view: 'execution' })); }} />}
    </div>
  );
}

// ---- the editor ----

function BudgetEditor({ ed, writer, onExecution }: { ed: Editor; writer: boolean; onExecution: (row: string) => void }) {
  const { t } = useI18n();
  const table = ed.table!;
  const [selected, setSelected] = useState<number | null>(null);
  const [undo, setUndo] = useState<{ table: EdTable; text: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const years = useMemo(() => byYear(table.columns), [table.columns]);
  const computed = useMemo(() => computeTable(table), [table]);
  const depth = useMemo(() => depthOf(table.lines), [table.lines]);
  const parents = useMemo(() => parentsOf(table.lines), [table.lines]);
  const badRows = useMemo(() => rowErrors(table.lines), [table.lines]);
  const byCell = useMemo(() => {
    const m = new Map<string, PlacedProblem[]>();
    for (const x of ed.problems) {
      if (x.id === null) continue;
      const col = x.column === STATED || table.columns.includes(x.column) ? x.column : 'label';
      const k = cellKey(x.id, col);
      m.set(k, [...(m.get(k) ?? []), x]);
    }
    return m;
  }, [ed.problems, table.columns]);
  const columns = [STATED, ...table.columns];
  const sel = table.lines.find((l) => l.id === selected) ?? null;

  function change(id: number, key: 'row' | 'label' | 'stated' | string, value: string) {
    setSaved(false);
    ed.edit((tb) => ({
      ...tb,
      lines: tb.lines.map((l) => (l.id !== id ? l
        : key === 'row' || key === 'label' ? { ...l, [key]: value }
          : key === STATED ? { ...l, stated: value } : { ...l, cells: { ...l.cells, [key]: value } })),
    }));
  }
  function act(fn: (tb: EdTable) => { table: EdTable; focus?: number } | null, undoText?: string) {
    const r = fn(table);
    if (!r) return;
    if (undoText) setUndo({ table, text: undoText }); else setUndo(null);
    setSaved(false);
    ed.edit(() => r.table);
    if (r.focus !== undefined) { setSelected(r.focus); focusCell(r.focus, 'label'); }
  }
  async function save(force = false) {
    setUndo(null);
    if (await ed.save(force)) setSaved(true);
  }
  function pick(x: PlacedProblem) {
    if (x.id === null) return;
    setSelected(x.id);
    focusCell(x.id, x.column === STATED || table.columns.includes(x.column) ? x.column : 'label');
  }
  // Enter goes down the column, as in a spreadsheet.
  function onKey(e: KeyboardEvent, id: number, column: string) {
    if (e.key !== 'Enter' || e.target instanceof HTMLTextAreaElement) return;
    e.preventDefault();
    const i = table.lines.findIndex((l) => l.id === id);
    const next = table.lines[i + (e.shiftKey ? -1 : 1)];
    if (next) { setSelected(next.id); focusCell(next.id, column); }
  }

  const refusedText = ed.refused ? refusal(t, ed.refused.error) : null;
  const stale = ed.saveError instanceof ApiError && ed.saveError.status === 412;
  return (
    <div class="budget-editor">
      {writer && (
        <div class="budget-toolbar" role="toolbar" aria-label={t('budget.toolbar')} data-testid="budget-toolbar">
          <button type="button" class="btn btn-small" data-testid="budget-add" onClick={() => act((tb) => addLine(tb, sel, false))}>{t('budget.add')}</button>
          <button type="button" class="btn btn-small" data-testid="budget-add-child" disabled={!sel || isTotal(sel)}
            onClick={() => act((tb) => addLine(tb, sel, true))}>{t('budget.addChild')}</button>
          <button type="button" class="btn btn-small" data-testid="budget-indent" disabled={!sel || !canIndent(table, sel)}
            onClick={() => act((tb) => indent(tb, sel!))} title={t('budget.indent.hint')}>{t('budget.indent')}</button>
          <button type="button" class="btn btn-small" data-testid="budget-outdent" disabled={!sel || sel.parent === null}
            onClick={() => act((tb) => outdent(tb, sel!))} title={t('budget.outdent.hint')}>{t('budget.outdent')}</button>
          <button type="button" class="btn btn-small btn-danger-outline" data-testid="budget-remove" disabled={!sel}
            onClick={() => act((tb) => remove(tb, sel!), t('budget.removed', { row: sel!.row, n: subtree(table.lines, sel!.id).length - 1 }))}>{t('budget.remove')}</button>
          {sel && !parents.has(sel.id) && !isTotal(sel) && sel.row.trim() && (
            <button type="button" class="btn btn-small" data-testid="budget-execution-open" onClick={() => onExecution(sel.row.trim())}>{t('budget.execution.open')}</button>
          )}
          <span class="budget-selected muted small" aria-live="polite">{sel ? t('budget.selected', { row: sel.row || '…' }) : t('budget.selectHint')}</span>
        </div>
      )}
      {undo && (
        <div class="alert alert-info budget-undo" role="status">
          <span>{undo.text}</span>
          <button type="button" class="btn btn-small" data-testid="budget-undo" onClick={() => { ed.edit(() => undo.table); setUndo(null); }}>{t('budget.undo')}</button>
        </div>
      )}
      <div class="budget-meta">
        <div class="budget-status" aria-live="polite" data-testid="budget-status" data-state={ed.checking ? 'checking' : badRows.size ? 'rows' : ed.refused ? 'refused' : ed.problems.length ? 'problems' : 'clean'}>
          {ed.checking ? <span class="loading">{t('budget.checking')}</span>
            : badRows.size ? <span class="b-status-bad">{t('budget.rowErrors')}</span>
              : ed.refused ? <span class="b-status-bad">{t('budget.refused')}</span>
                : ed.problems.length ? <span class="b-status-bad">⚠ {t('budget.problems', { n: ed.problems.length })}</span>
                  : table.lines.length > 0 ? <span class="b-status-ok" data-testid="budget-clean">✓ {t('budget.clean')}</span> : null}
        </div>
        <p class="budget-unit muted small">{t('budget.unit')}</p>
      </div>
      <div class="budget-body">
        <div class="budget-scroll" data-testid="budget-scroll">
          <table class="budget-table" data-testid="budget-table">
            <thead>
              <tr>
                <th scope="col" rowSpan={2} class="b-stt">{t('budget.col.row')}</th>
                <th scope="col" rowSpan={2} class="b-label">{t('budget.col.label')}</th>
                <th scope="col" rowSpan={2} class="b-amount b-stated" title={t('budget.col.stated.hint')}>{t('budget.col.stated')}</th>
                {years.map((y) => <th key={y.year} scope="colgroup" colSpan={y.columns.length} class="b-year">{t('budget.year', { year: y.year })}</th>)}
              </tr>
              <tr>
                {years.flatMap((y) => y.columns.map((c) => {
                  const s = c.slice(5);
                  return <th key={c} scope="col" class="b-amount b-source" title={sourceName(t, s)} abbr={sourceName(t, s)}>{sourceShort(t, s)}</th>;
                }))}
              </tr>
            </thead>
            <tbody>
              {table.lines.length === 0 && (
                <tr><td colSpan={3 + table.columns.length} class="budget-empty" data-testid="budget-empty">{writer ? t('budget.empty.writer') : t('budget.empty')}</td></tr>
              )}
              {table.lines.map((l) => {
                const d = Math.min(depth.get(l.id) ?? 0, 6);
                const total = isTotal(l);
                const summed = total || parents.has(l.id);
                const cls = ['b-line', `b-depth-${d}`, total ? 'b-total' : d === 0 ? 'b-top' : '', selected === l.id ? 'b-selected' : ''].filter(Boolean).join(' ');
                const rowErr = badRows.get(l.id);
                const refusedHere = ed.refused?.id === l.id;
                const labelProblems = byCell.get(cellKey(l.id, 'label'));
                return (
                  <tr key={l.id} class={cls} data-testid="budget-line" data-row={l.row} data-leaf={summed ? 'false' : 'true'}
                    onFocusCapture={() => setSelected(l.id)}>
                    <td class={`b-stt${rowErr || refusedHere ? ' b-problem' : ''}`} data-column="row"
                      title={rowErr ? t(`budget.rowError.${rowErr}`) : refusedHere ? refusedText ?? undefined : undefined}>
                      {writer && !total ? <input id={cellId(l.id, 'row')} class="b-input b-input-stt" value={l.row}
                        aria-label={t('budget.aria.row', { row: l.row })} aria-invalid={rowErr ? true : undefined}
                        onInput={(e) => change(l.id, 'row', e.currentTarget.value)} onKeyDown={(e) => onKey(e, l.id, 'row')} />
                        : <span class="b-value">{total ? '' : l.row}</span>}
                    </td>
                    <td class={`b-label${labelProblems ? ' b-problem' : ''}`} data-column="label"
                      title={labelProblems?.map((x) => problemText(t, x.p)).join('\n')}>
                      {writer && !total
                        ? <textarea id={cellId(l.id, 'label')} class="b-input b-input-label" rows={1} value={l.label}
                            aria-label={t('budget.aria.label', { row: l.row })}
                            onInput={(e) => change(l.id, 'label', e.currentTarget.value)} />
                        : <span id={cellId(l.id, 'label')} tabIndex={writer ? -1 : undefined}>{total ? t('budget.totalRow') : l.label}</span>}
                      {l.unitCost && l.quantity && <span class="b-norm muted small">{t('budget.norm', { cost: l.unitCost, quantity: l.quantity, unit: l.unit })}</span>}
                    </td>
                    {columns.map((c) => {
                      const text = c === STATED ? l.stated : l.cells[c] ?? '';
                      const here = byCell.get(cellKey(l.id, c));
                      const value = parseAmount(text);
                      // Parents and the total: the sum of the children; a leaf's stated total: the sum of its cells.
                      const sum = summed || c === STATED ? computed.cell(l.id, c) : null;
                      const showSum = sum !== null && (summed ? sum !== 0n || (value ?? 1n) !== 0n : value === null || sum !== value);
                      const tip = here?.map((x) => problemText(t, x.p)).join('\n');
                      return (
                        <td key={c} class={`b-amount${c === STATED ? ' b-stated' : ''}${here ? ' b-problem' : ''}`} data-column={c} data-testid="budget-cell"
                          data-problem={here ? here.map((x) => x.p.kind).join(' ') : undefined} title={tip}>
                          {writer
                            ? <input id={cellId(l.id, c)} class="b-input b-input-amount" inputMode="decimal" autoComplete="off" spellcheck={false}
                                value={text} aria-invalid={here || value === null ? true : undefined}
                                aria-label={t('budget.aria.cell', { row: l.row, column: c === STATED ? t('budget.col.stated') : `${t('budget.year', { year: c.slice(0, 4) })} ${sourceName(t, c.slice(5))}` })}
                                onInput={(e) => change(l.id, c, e.currentTarget.value)} onKeyDown={(e) => onKey(e, l.id, c)} />
                            : <span class="b-value">{text || (summed ? '' : '–')}</span>}
                          {showSum && (
                            <span class={`b-sum${value !== null && sum === value ? '' : ' b-sum-diff'}`} data-testid="budget-sum"
                              title={summed && c !== STATED ? t('budget.sum.children') : t('budget.sum.cells')}>
                              Σ {formatAmount(sum!)}
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <aside class="budget-side">
          {refusedText && <div class="alert alert-error" role="alert" data-testid="budget-refused">{refusedText}</div>}
          <ProblemList items={ed.problems} truncated={ed.truncated} onPick={pick} />
        </aside>
      </div>
      {writer && (
        <div class="budget-save">
          {stale
            ? <div class="alert alert-error" role="alert" data-testid="budget-stale">
                <p>{t('budget.error.stale')}</p>
                <div class="form-actions">
                  <button type="button" class="btn btn-small" onClick={ed.reload} data-testid="budget-reload">{t('budget.reload')}</button>
                  <button type="button" class="btn btn-small btn-danger-outline" onClick={() => save(true)} data-testid="budget-overwrite">{t('budget.overwrite')}</button>
                </div>
              </div>
            : ed.saveError && !ed.refused ? <div class="alert alert-error" role="alert" data-testid="budget-save-error">{errorMessage(t, ed.saveError)}</div> : null}
          {saved && !ed.dirty && <div class="alert alert-success" role="status" data-testid="budget-saved">{t('budget.saved', { version: ed.version })}</div>}
          <div class="form-actions">
            <button type="button" class="btn btn-primary" data-testid="budget-save" disabled={!ed.dirty || ed.saving || badRows.size > 0} onClick={() => save()}>
              {ed.saving ? t('net.saving') : t('budget.save')}
            </button>
            {ed.dirty && <span class="muted small budget-dirty" data-testid="budget-dirty">{t('budget.unsaved')}</span>}
            {ed.dirty && <button type="button" class="btn btn-small" onClick={ed.reload} data-testid="budget-discard">{t('budget.discard')}</button>}
          </div>
        </div>
      )}
    </div>
  );
}

const cellId = (id: number, column: string) => `bcell-${id}-${column.replace(':', '-')}`;
function focusCell(id: number, column: string) {
  window.setTimeout(() => {
    const el = document.getElementById(cellId(id, column));
    if (!el) return;
    el.focus();
    if (el instanceof HTMLInputElement) el.select();
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, 0);
}

// A refusal (422 invalid_csv, 409 a row with execution) in words.
function refusal(t: ReturnType<typeof useI18n>['t'], e: unknown): string {
  if (!(e instanceof ApiError)) return errorMessage(t, e);
  if (e.status === 409) {
    const row = /^row (.+)$/.exec(e.field ?? '')?.[1] ?? '';
    return t('budget.error.conflict', { row });
  }
  if (e.status === 422) return t('budget.error.invalid', { message: e.message });
  return errorMessage(t, e);
}

// ---- table operations ----

// An unused STT after `after` ("1.2" → "1.3", "II" → "III"), else the
// first free prefix + n ("I." → "I.1").
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];
function nextRow(lines: EdLine[], after: string | null, prefix: string): string {
  const used = new Set(lines.map((l) => l.row.trim()));
  const a = after?.trim() ?? '';
  const r = ROMAN.indexOf(a);
  for (let k = r + 1; r >= 0 && k < ROMAN.length; k++) if (!used.has(ROMAN[k])) return ROMAN[k];
  const m = /^(.*?)(\d+)$/.exec(a);
  if (m) {
    for (let n = Number(m[2]) + 1; n < Number(m[2]) + 1000; n++) if (!used.has(`${m[1]}${n}`)) return `${m[1]}${n}`;
  }
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

function blank(t: EdTable, row: string, parent: number | null): EdLine {
  return { id: newId(), row, parent, label: '', project: '', unit: '', unitCost: '', quantity: '', stated: '', cells: Object.fromEntries(t.columns.map((c) => [c, ''])) };
}

// A line below the selected one (after its children), or a child of it;
// the first line of an empty table comes with the total line.
function addLine(t: EdTable, sel: EdLine | null, child: boolean): { table: EdTable; focus: number } {
  const lines = [...t.lines];
  if (lines.length === 0) {
    const total = blank(t, 'total', null);
    const first = blank(t, '1', null);
    return { table: { ...t, lines: [total, first] }, focus: first.id };
  }
  if (!sel || (isTotal(sel) && !child)) {
    const top = lines.filter((x) => x.parent === null && !isTotal(x));
    const l = blank(t, nextRow(lines, top[top.length - 1]?.row ?? null, ''), null);
    const totalAt = lines.findIndex(isTotal);
    if (totalAt === lines.length - 1) lines.splice(totalAt, 0, l); else lines.push(l);
    return { table: { ...t, lines }, focus: l.id };
  }
  const parent = child ? sel.id : sel.parent;
  const prefix = parent === null ? '' : `${t.lines.find((l) => l.id === parent)!.row.trim()}.`;
  const kids = lines.filter((x) => x.parent === parent && !isTotal(x));
  const l = blank(t, nextRow(lines, child ? kids[kids.length - 1]?.row ?? null : sel.row, prefix), parent);
  const sub = subtree(lines, sel.id);
  const at = lines.findIndex((x) => x.id === sub[sub.length - 1]) + 1;
  lines.splice(at, 0, l);
  return { table: { ...t, lines }, focus: l.id };
}

// Indent: the line becomes the last child of the sibling above it.
function previousSibling(t: EdTable, sel: EdLine): EdLine | undefined {
  const i = t.lines.findIndex((l) => l.id === sel.id);
  for (let j = i - 1; j >= 0; j--) {
    const l = t.lines[j];
    if (l.parent === sel.parent && !isTotal(l)) return l;
  }
  return undefined;
}
function canIndent(t: EdTable, sel: EdLine): boolean {
  return !isTotal(sel) && !!previousSibling(t, sel);
}
function indent(t: EdTable, sel: EdLine): { table: EdTable } | null {
  const p = previousSibling(t, sel);
  if (!p) return null;
  return { table: { ...t, lines: t.lines.map((l) => (l.id === sel.id ? { ...l, parent: p.id } : l)) } };
}

// Outdent: the line becomes a sibling of its parent, placed (with its own
// children) after the parent's other children.
function outdent(t: EdTable, sel: EdLine): { table: EdTable } | null {
  const parent = t.lines.find((l) => l.id === sel.parent);
  if (!parent) return null;
  const mine = new Set(subtree(t.lines, sel.id));
  const moved = t.lines.filter((l) => mine.has(l.id)).map((l) => (l.id === sel.id ? { ...l, parent: parent.parent } : l));
  const rest = t.lines.filter((l) => !mine.has(l.id));
  const sub = subtree(rest, parent.id);
  const at = rest.findIndex((l) => l.id === sub[sub.length - 1]) + 1;
  rest.splice(at, 0, ...moved);
  return { table: { ...t, lines: rest } };
}

function remove(t: EdTable, sel: EdLine): { table: EdTable } {
  const gone = new Set(subtree(t.lines, sel.id));
  return { table: { ...t, lines: t.lines.filter((l) => !gone.has(l.id)) } };
}
