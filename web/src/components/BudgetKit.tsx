// Pieces of the budget pages (docs/budget.md): the amount notation
// (million VND written the Vietnamese way, "18.000", "0,5") parsed to whole
// VND and written back, the table as the editor holds it (lines with
// client ids, every cell as the text typed), the import CSV built from it,
// the computed sums shown beside the stated ones, and the problem list.
// The server's check (POST /budget/check) is the authority on problems;
// what is computed here is only shown.  Amounts are bigint: a sum of many
// large cells passes 2^53.
import { BUDGET_SOURCES, type BudgetLine, type BudgetProblem, type BudgetTable } from '../api';
import { hasKey, useI18n, type T } from '../i18n';

// ---- amounts (docs/budget.md §Amounts) ----

const MILLION = 1000000n;
export const AMOUNT_MAX = 100000000000000n;
const SPACES = /^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g;
// Grouped (the first group 1–3 digits, not a leading 0) or plain digits; 1–6 decimals.
const AMOUNT = /^((?:[1-9]\d{0,2}|0)(?:\.\d{3})+|\d+)(?:,(\d{1,6}))?$/;
const SIGNED = /^(?:[-–—−]([^]*)|\(([^]*)\))$/;

function unsigned(s: string): bigint | null {
  const m = AMOUNT.exec(s);
  if (!m || /^0\./.test(m[1])) return null;
  const v = BigInt(m[1].replace(/\./g, '')) * MILLION + BigInt((m[2] ?? '').padEnd(6, '0') || '0');
  return v > AMOUNT_MAX ? null : v;
}

// Million VND as typed → whole VND; null when it is not an amount (the
// rules of domain/budget_parse.c: "-", "–", "—" and "-0" are zero, any
// other negative is not an amount).
export function parseAmount(text: string): bigint | null {
  let s = text.replace(SPACES, '');
  if (s.startsWith("'")) s = s.slice(1).replace(SPACES, '');
  if (s === '' || s === '-' || s === '–' || s === '—') return 0n;
  const neg = SIGNED.exec(s);
  if (neg) return unsigned((neg[1] ?? neg[2]).replace(SPACES, '')) === 0n ? 0n : null;
  return unsigned(s);
}

// Whole VND → million VND: "43.200", "0,5", "0" (negative sums keep their sign).
export function formatAmount(vnd: bigint | number): string {
  let v = typeof vnd === 'bigint' ? vnd : BigInt(Math.round(vnd));
  const neg = v < 0n;
  if (neg) v = -v;
  const whole = (v / MILLION).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const frac = (v % MILLION).toString().padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `,${frac}` : ''}`;
}

// ---- columns ----

export const STATED = 'stated_total';
export interface YearColumns { year: number; columns: string[] }

// "2018:central" → {year, source}; null for anything else.
export function splitColumn(c: string): { year: number; source: string } | null {
  const m = /^(\d{4}):(central|local|mobilised)$/.exec(c);
  return m ? { year: Number(m[1]), source: m[2] } : null;
}

// The columns grouped by year, sources in their fixed order.
export function byYear(columns: string[]): YearColumns[] {
  const years = [...new Set(columns.map((c) => splitColumn(c)?.year).filter((y): y is number => !!y))].sort((a, b) => a - b);
  return years.map((year) => ({ year, columns: BUDGET_SOURCES.map((s) => `${year}:${s}`).filter((c) => columns.includes(c)) }));
}

export function sourceName(t: T, source: string): string {
  const k = `budget.source.${source}`;
  return hasKey(k) ? t(k) : source;
}
export function sourceShort(t: T, source: string): string {
  const k = `budget.sourceShort.${source}`;
  return hasKey(k) ? t(k) : source;
}
// "Năm 2018 · NSĐP", "Tổng (ghi)".
export function columnName(t: T, column: string): string {
  if (column === STATED) return t('budget.col.stated');
  if (column === 'unit_cost') return t('budget.col.unitCost');
  const c = splitColumn(column);
  return c ? `${t('budget.year', { year: c.year })} · ${sourceShort(t, c.source)}` : column;
}

// ---- the table in the editor ----

export interface EdLine {
  id: number;
  row: string;
  parent: number | null;   // id of the parent line
  label: string;
  project: string;         // the rest as the file had them, written back unchanged
  unit: string;
  unitCost: string;
  quantity: string;
  stated: string;
  cells: Record<string, string>;
}
export interface EdTable { columns: string[]; lines: EdLine[] }

let nextId = 1;
export const newId = () => nextId++;

export function isTotal(l: Pick<EdLine, 'row'>): boolean {
  return l.row.trim().toLowerCase() === 'total';
}

// The API's table as text cells: amounts in the notation, unparseable
// cells as typed, empty where the table has nothing.
export function edTable(b: BudgetTable): EdTable {
  const ids = new Map<string, number>();
  for (const l of b.lines) ids.set(l.row, newId());
  const text = (l: BudgetLine, col: string, v: number | null | undefined) =>
    l.bad?.[col] ?? (v === null || v === undefined ? '' : formatAmount(v));
  return {
    columns: [...b.columns],
    lines: b.lines.map((l) => {
      const cells: Record<string, string> = {};
      for (const c of b.columns) cells[c] = text(l, c, l.cells[c]);
      return {
        id: ids.get(l.row)!,
        row: l.row,
        parent: l.parent === null ? null : ids.get(l.parent) ?? null,
        label: l.label ?? '',
        project: l.project ? String(l.project) : '',
        unit: l.unit ?? '',
        unitCost: text(l, 'unit_cost', l.unit_cost),
        quantity: l.quantity === null || l.quantity === undefined ? '' : String(l.quantity),
        stated: text(l, STATED, l.stated_total),
        cells,
      };
    }),
  };
}

export function depthOf(lines: EdLine[]): Map<number, number> {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const depth = new Map<number, number>();
  const get = (l: EdLine, guard = 0): number => {
    const known = depth.get(l.id);
    if (known !== undefined) return known;
    const p = l.parent === null ? undefined : byId.get(l.parent);
    const d = p && guard < 100 ? get(p, guard + 1) + 1 : 0;
    depth.set(l.id, d);
    return d;
  };
  for (const l of lines) get(l);
  return depth;
}

// Lines with children.
export function parentsOf(lines: EdLine[]): Set<number> {
  return new Set(lines.map((l) => l.parent).filter((p): p is number => p !== null));
}

// A line and every line below it in its subtree, in table order.
export function subtree(lines: EdLine[], id: number): number[] {
  const out = new Set([id]);
  for (const l of lines) if (l.parent !== null && out.has(l.parent)) out.add(l.id);
  return lines.filter((l) => out.has(l.id)).map((l) => l.id);
}

// Empty or repeated STT: the CSV would be refused, so these are told at
// once and no check is asked for.
export function rowErrors(lines: EdLine[]): Map<number, 'empty' | 'duplicate'> {
  const seen = new Map<string, number>();
  const out = new Map<number, 'empty' | 'duplicate'>();
  for (const l of lines) {
    const r = l.row.trim();
    if (!r) { out.set(l.id, 'empty'); continue; }
    const k = r.toLowerCase() === 'total' ? 'total' : r;
    const first = seen.get(k);
    if (first !== undefined) { out.set(l.id, 'duplicate'); out.set(first, 'duplicate'); } else seen.set(k, l.id);
  }
  return out;
}

// ---- the CSV (API.md §Budget tables) ----

function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// The import CSV of the table, and the CSV line each line starts on (a
// 422 names lines; labels may hold line breaks).
export function tableCsv(t: EdTable): { csv: string; lineOf: Map<number, number> } {
  const byId = new Map(t.lines.map((l) => [l.id, l]));
  const project = t.lines.some((l) => l.project.trim());
  const norm = t.lines.some((l) => l.unit.trim() || l.unitCost.trim() || l.quantity.trim());
  const head = ['row', 'parent', 'label', ...(project ? ['project'] : []), ...(norm ? ['unit', 'unit_cost', 'quantity'] : []), STATED, ...t.columns];
  const out = [head.join(',')];
  const lineOf = new Map<number, number>();
  let line = 2;
  for (const l of t.lines) {
    const cells = [l.row.trim(), l.parent === null ? '' : (byId.get(l.parent)?.row.trim() ?? ''), l.label];
    if (project) cells.push(l.project.trim());
    if (norm) cells.push(l.unit, l.unitCost, l.quantity);
    cells.push(l.stated, ...t.columns.map((c) => l.cells[c] ?? ''));
    const rec = cells.map(field).join(',');
    lineOf.set(l.id, line);
    line += (rec.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    out.push(rec);
  }
  return { csv: `${out.join('\r\n')}\r\n`, lineOf };
}

// ---- computed amounts (docs/budget.md §The checks) ----

export interface Computed {
  cell: (id: number, column: string) => bigint;   // STATED: the sum of the line's computed year cells
}

// A leaf's cell is its own (0 when not an amount); a parent's the sum of
// its children's; the total line's the sum of the top-level lines.
export function computeTable(t: EdTable): Computed {
  const children = new Map<number | null, EdLine[]>();
  for (const l of t.lines) {
    if (isTotal(l)) continue;
    const list = children.get(l.parent) ?? [];
    list.push(l);
    children.set(l.parent, list);
  }
  const memo = new Map<string, bigint>();
  const byId = new Map(t.lines.map((l) => [l.id, l]));
  const cell = (id: number, column: string, guard = 0): bigint => {
    const key = `${id}|${column}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const l = byId.get(id);
    let v = 0n;
    if (l && column === STATED) {
      for (const c of t.columns) v += cell(id, c, guard + 1);
    } else if (l && guard < 200) {
      const kids = isTotal(l) ? children.get(null) ?? [] : children.get(id) ?? [];
      if (kids.length === 0 && !isTotal(l)) v = parseAmount(l.cells[column] ?? '') ?? 0n;
      else for (const k of kids) v += cell(k.id, column, guard + 1);
    }
    memo.set(key, v);
    return v;
  };
  return { cell };
}

// ---- problems ----

export const cellKey = (id: number, column: string) => `${id}|${column}`;

// The problem in the reader's language (the kinds are fixed; the server's
// Vietnamese words otherwise).
export function problemText(t: T, p: BudgetProblem): string {
  const amounts = { stated: p.stated === null ? '' : formatAmount(p.stated), computed: p.computed === null ? '' : formatAmount(p.computed) };
  const k = `budget.problem.${p.kind}`;
  return hasKey(k) ? t(k, amounts) : p.message;
}

export interface PlacedProblem { p: BudgetProblem; id: number | null; column: string }

// Problems with the line they name (by the STT the table had when it was checked).
export function placeProblems(problems: BudgetProblem[], ids: Map<string, number>): PlacedProblem[] {
  return problems.map((p) => ({ p, id: ids.get(p.row.trim().toLowerCase() === 'total' ? 'total' : p.row.trim()) ?? null, column: p.column }));
}

export function rowIds(lines: EdLine[]): Map<string, number> {
  return new Map(lines.map((l) => [isTotal(l) ? 'total' : l.row.trim(), l.id]));
}

// The list beside the table: each problem names its line and column; a
// click goes to the cell.
export function ProblemList({ items, truncated, onPick, testid = 'budget-problems' }: {
  items: PlacedProblem[]; truncated?: boolean; onPick?: (x: PlacedProblem) => void; testid?: string;
}) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <div class="budget-problems" data-testid={testid} role="region" aria-label={t('budget.problems.title')}>
      <h3>{t('budget.problems', { n: items.length })}</h3>
      <ol>
        {items.map((x, i) => (
          <li key={i} data-testid="budget-problem" data-row={x.p.row} data-column={x.p.column} data-kind={x.p.kind}>
            {onPick && x.id !== null
              ? <button type="button" class="btn-link budget-problem-where" onClick={() => onPick(x)}>
                  {rowName(t, x.p.row)} · {columnName(t, x.p.column)}
                </button>
              : <span class="budget-problem-where">{rowName(t, x.p.row)} · {columnName(t, x.p.column)}</span>}
            <span class="budget-problem-text">{problemText(t, x.p)}</span>
          </li>
        ))}
      </ol>
      {truncated && <p class="hint">{t('budget.problems.truncated')}</p>}
    </div>
  );
}

export function rowName(t: T, row: string): string {
  return row.trim().toLowerCase() === 'total' ? t('budget.totalRow') : t('budget.rowNo', { row });
}
