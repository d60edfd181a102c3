// The demo budget (issue 7, src/cli/budgetgen.c): after `trogiup init` and
// `trogiup demo`, Kon Tum's plan 787/KH-UBND holds a budget for 2018–2020
// whose lines add up (no problems: every parent the sum of its children,
// every stated total the sum of its cells, norms unit cost × quantity) to
// the plan's own totals per project and source (§III, §IV; project 2's
// local budget 3.589, docs/budget.md §Demo), with allocations and spending
// of 2018–2019 on a dozen leaves, one overspent.  A second `demo` adds
// nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';

const PASSWORD = 'trogiup-demo-2026';
const M = 1_000_000; // million VND, as the plan writes its amounts
const SOURCES = ['central', 'local', 'mobilised'];
const YEARS = [2018, 2019, 2020];

// §III per project, §IV for the plan (million VND).
const PLAN = {
  1: { central: 30_600, local: 33_480, mobilised: 3_320, total: 67_400 },
  2: { central: 2_365, local: 3_589, mobilised: 7_092, total: 13_046 },
  3: { central: 1_380, local: 1_766, mobilised: 0, total: 3_146 },
  4: { central: 21_406, local: 2_982, mobilised: 0, total: 24_388 },
};
const GRAND = { central: 55_751, local: 41_817, mobilised: 10_412, total: 107_980 };

// The demo's yearly split of the estimate, and what it allocates and
// spends (million VND) per year; 2019 has the overspent line.
const BY_YEAR = {
  2018: { estimate: 31_005, allocated: 21_070, spent: 20_656, overspent: false },
  2019: { estimate: 42_095, allocated: 29_360, spent: 28_893, overspent: true },
  2020: { estimate: 34_880, allocated: 0, spent: 0, overspent: false },
};

const cell = (line, col) => line.cells[col] ?? 0;
const sumSource = (line, source) => YEARS.reduce((s, y) => s + cell(line, `${y}:${source}`), 0);

describe('demo budget', () => {
  let srv, so, plan, budget, first;

  before(async () => {
    srv = await startServer();
    const r = cli(['demo', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    first = r.stdout;
    so = await loginAs(srv.url, 'sokontum', PASSWORD);
    const l = await so.get('/api/v1/plans?unit=62');
    assertStatus(l, 200);
    plan = l.json.items.find((p) => p.number === '787/KH-UBND');
    assert.ok(plan, 'Kon Tum holds 787/KH-UBND');
    const b = await so.get(`/api/v1/plans/${plan.id}/budget`);
    assertStatus(b, 200);
    budget = b.json;
  });
  after(async () => { await stopChecked(srv); });

  it('demo says what it loaded', () => {
    assert.match(first, /Demo budget: plan 787\/KH-UBND of Kon Tum, \d+ lines, 107\.980 million VND/);
    assert.match(first, /25 allocations and spendings of 2018–2019 \(1 overspent\)/);
  });

  it('the table is clean: no problems, parents and totals add up', () => {
    assert.equal(budget.plan_id, plan.id);
    assert.ok(budget.version >= 1);
    assert.deepEqual(budget.problems, []);
    assert.equal(budget.truncated, false);
    for (const y of YEARS) for (const s of SOURCES) assert.ok(budget.columns.includes(`${y}:${s}`), `${y}:${s}`);
    const lines = budget.lines;
    assert.ok(lines.length >= 50, `${lines.length} lines`);
    const byRow = new Map(lines.map((l) => [l.row, l]));
    assert.equal(byRow.size, lines.length, 'rows are unique');
    for (const l of lines) {
      assert.deepEqual(l.bad ?? {}, {}, l.row);
      const own = budget.columns.reduce((s, c) => s + cell(l, c), 0);
      assert.equal(l.stated_total, own, `${l.row}: stated total = its cells`);
      if (l.unit_cost !== null) assert.equal(l.unit_cost * l.quantity, l.stated_total, `${l.row}: norm`);
      const kids = lines.filter((k) => k.parent === l.row);
      if (l.row !== 'total') assert.equal(l.leaf, kids.length === 0, l.row);
      for (const c of kids.length ? budget.columns : []) {
        assert.equal(cell(l, c), kids.reduce((s, k) => s + cell(k, c), 0), `${l.row} ${c}: sum of children`);
      }
    }
    const total = byRow.get('total');
    const top = lines.filter((l) => l.parent === null && l.row !== 'total');
    for (const c of budget.columns) assert.equal(cell(total, c), top.reduce((s, l) => s + cell(l, c), 0), c);
  });

  it('projects I–IV and their activities as the plan numbers them, nested up to three deep', () => {
    const top = budget.lines.filter((l) => l.parent === null && l.row !== 'total');
    assert.deepEqual(top.map((l) => [l.row, l.project, l.depth]), [['I', 1, 0], ['II', 2, 0], ['III', 3, 0], ['IV', 4, 0]]);
    assert.match(top[1].label, /Dự án 2: Phát triển hệ thống bảo vệ trẻ em/);
    const byRow = new Map(budget.lines.map((l) => [l.row, l]));
    assert.match(byRow.get('2.1').label, /^Hoạt động 1: Hoàn thiện và duy trì hoạt động của mạng lưới/);
    assert.match(byRow.get('3.4').label, /^Hoạt động 4: /);
    assert.equal(byRow.get('3.4.2').depth, 2);
    assert.equal(Math.max(...budget.lines.map((l) => l.depth)), 2);
    // norm lines: 20 million per commune and year, 30 million per model
    const communes = byRow.get('2.1.1');
    assert.match(communes.label, /Duy trì hệ thống bảo vệ trẻ em cấp xã/);
    assert.equal(communes.unit, 'xã/năm');
    assert.equal(communes.unit_cost, 20 * M);
    assert.equal(communes.quantity, 42 + 52 + 52);
    assert.deepEqual(YEARS.map((y) => SOURCES.reduce((s, x) => s + cell(communes, `${y}:${x}`), 0)),
      [42 * 20 * M, 52 * 20 * M, 52 * 20 * M]);
    const shelters = byRow.get('3.4.2');
    assert.equal(shelters.unit_cost, 30 * M);
    assert.equal(shelters.quantity, 10);
    // what starts in 2019 has no 2018 money
    for (const row of ['2.3.2', '4.1.2', '4.2.2', '1.5']) {
      for (const s of SOURCES) assert.equal(cell(byRow.get(row), `2018:${s}`), 0, `${row} 2018:${s}`);
    }
  });

  it('per project and source the plan\'s totals; 107.980 million in all', () => {
    for (const l of budget.lines.filter((x) => x.parent === null && x.row !== 'total')) {
      const want = PLAN[l.project];
      for (const s of SOURCES) assert.equal(sumSource(l, s), want[s] * M, `project ${l.project} ${s}`);
      assert.equal(l.stated_total, want.total * M, `project ${l.project}`);
    }
    const total = budget.lines.find((l) => l.row === 'total');
    for (const s of SOURCES) assert.equal(sumSource(total, s), GRAND[s] * M, s);
    assert.equal(total.stated_total, 107_980_000_000);
    assert.equal(total.computed.stated_total, 107_980_000_000);
  });

  it('the summary: by source, by project, by year with allocations and spending', async () => {
    const r = await so.get(`/api/v1/plans/${plan.id}/budget/summary`);
    assertStatus(r, 200);
    const s = r.json;
    assert.equal(s.problems, 0);
    assert.deepEqual(s.years, YEARS);
    assert.deepEqual(s.by_source, { central: 55_751 * M, local: 41_817 * M, mobilised: 10_412 * M });
    const general = new Map(s.general.map((g) => [g.project, g]));
    for (const p of [1, 2, 3, 4]) assert.equal(general.get(p).total, PLAN[p].total * M, `project ${p}`);
    assert.equal(general.get(null).total, 107_980 * M);
    assert.deepEqual(s.by_year.map((y) => y.year), YEARS);
    const estimate = s.by_year.reduce((t, y) => t + y.estimate, 0);
    assert.equal(estimate, 107_980 * M);
    for (const y of s.by_year) {
      const want = BY_YEAR[y.year];
      assert.deepEqual(y, { year: y.year, estimate: want.estimate * M, allocated: want.allocated * M,
        spent: want.spent * M, overspent: want.overspent });
    }
    assert.deepEqual(s.projects.map((p) => p.project), [1, 2, 3, 4]);
    // children take their project: Phụ lục I–IV hold the lines numbered so
    const roman = { 1: 'I', 2: 'II', 3: 'III', 4: 'IV' };
    for (const p of s.projects) {
      const rows = p.lines.map((l) => l.row);
      assert.equal(rows[0], roman[p.project]);
      for (const row of rows.slice(1)) assert.ok(row.startsWith(`${p.project}.`), `${row} in project ${p.project}`);
    }
    assert.ok(s.projects[2].lines.some((l) => l.row === '3.4.2' && l.depth === 2));
  });

  it('execution on a dozen leaves, one line overspent, with Vietnamese reasons', async () => {
    const r = await so.get(`/api/v1/plans/${plan.id}/budget/execution`);
    assertStatus(r, 200);
    const items = r.json.items;
    assert.equal(items.length, 25);
    assert.equal(new Set(items.map((x) => x.row)).size, 12);
    const byRow = new Map(budget.lines.map((l) => [l.row, l]));
    for (const x of items) {
      assert.ok([2018, 2019].includes(x.year), `${x.row} ${x.year}`);
      assert.equal(byRow.get(x.row).leaf, true, `${x.row} is a leaf`);
      assert.ok(x.allocated <= cell(byRow.get(x.row), `${x.year}:${x.source}`), `${x.row} ${x.year} ${x.source}`);
    }
    const over = items.filter((x) => x.spent > x.allocated);
    assert.deepEqual(over.map((x) => [x.row, x.year, x.source, x.allocated, x.spent]),
      [['2.4', 2019, 'central', 100 * M, 118 * M]]);
    const h = await so.get(`/api/v1/plans/${plan.id}/budget/execution/history?row=2.4&year=2019&source=central`);
    assertStatus(h, 200);
    assert.equal(h.json.items.length, 2);
    assert.match(h.json.items[0].reason, /^Chi vượt dự toán/);
    assert.match(h.json.items[1].reason, /Quyết định số \d+\/QĐ-UBND/);
    assert.equal(h.json.items[1].spent, 0);
  });

  it('a second demo adds nothing', async () => {
    const r = cli(['demo', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Demo budget: plan 787\/KH-UBND already has a budget; none added/);
    const b = await so.get(`/api/v1/plans/${plan.id}/budget`);
    assert.equal(b.json.version, budget.version);
    const e = await so.get(`/api/v1/plans/${plan.id}/budget/execution`);
    assert.equal(e.json.items.length, 25);
  });
});
