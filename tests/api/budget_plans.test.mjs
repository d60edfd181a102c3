// A plan's budget (docs/budget.md §Storage and replacement, §Execution,
// §API, §CSV export): replaced from CSV and read back with depth, leaf,
// computed cells and the same problems; years outside the period and bad
// bodies store nothing; the CSV export imports back to the same table;
// replacement by role and scope; If-Match and 412; allocations and
// spending with their history, 422 per field, and 409 for a replacement
// that would drop or split a row with execution; the summaries; the XLSX
// workbook; the audit entries.  The check alone is budget.test.mjs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import {
  CSV, FAULTY, FAULTY_PROBLEMS, M, USERS, createPlan, csv, getBytes, problemTuples, putBudget, tableOf,
} from './budget_helpers.mjs';
import { readXlsx, sheetNames } from './xlsx_read.mjs';

const COLUMNS = ['2018', '2019', '2020'].flatMap((y) => ['central', 'local', 'mobilised'].map((s) => `${y}:${s}`));

// Projects 1 and 4, a line of none, clean: the summary's numbers.
const CLEAN = csv(
  'row,parent,label,project,stated_total,2018:central,2018:local,2019:central,2019:mobilised',
  'I,,Dự án 1,1,100,50,20,30,0',
  '1,I,Việc 1,,70,50,20,0,0',
  '2,I,Việc 2,,30,0,0,30,0',
  'II,,Dự án 4,4,15,0,0,5,10',
  '3,II,Việc 3,,15,0,0,5,10',
  'K,,Khác,,5,5,0,0,0',
  'total,,Tổng cộng,,120,55,20,35,10',
);

// Everything the export must carry back: projects, a norm (its stated
// total taken from unit_cost × quantity), text to quote, cells a
// spreadsheet would run as formulas, unparseable cells, zeros.
const RICH = csv(
  'row,parent,label,project,unit,unit_cost,quantity,stated_total,2018:central,2019:local,2020:mobilised',
  'I,,"Dự án 1, hỗ trợ ""đặc biệt""",1,,,,"1.040","1.040",0,0',
  '1,I,Hỗ trợ xã,,xã/năm,20,52,,"1.040",,',
  '-,,=SUM(A1:A2),2,,,,"0,5",,"0,5",',
  '-.1,-,"Hai\ndòng",,,,,1.2.3,,"0,5",-5',
  'total,,Tổng cộng,,,,,"1.040,5","1.040","0,6",',
);

describe('budgets of plans', () => {
  let srv;
  const u = {};
  let plan; // Kon Tum's, FAULTY then RICH
  let clean; // Kon Tum's, CLEAN with execution
  let district; // Đắk Tô's

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    plan = await createPlan(u.prov);
    clean = await createPlan(u.prov);
    district = await createPlan(u.kdist, { unit: '612' });
  });
  after(async () => { await stopChecked(srv); });

  const budgetOf = async (p, who = 'prov') => {
    const r = await u[who].get(`/api/v1/plans/${p.id}/budget`);
    assertStatus(r, 200);
    return r.json;
  };

  it('a plan without a budget reads as empty, with its years as columns', async () => {
    const b = await budgetOf(plan);
    assert.deepEqual(b, {
      plan_id: plan.id, version: 0, updated_at: null, columns: COLUMNS, lines: [], problems: [], truncated: false,
    });
  });

  it('a replacement stores the table and answers its check; the read gives depth, leaves, computed cells', async () => {
    const r = await putBudget(u.prov, plan, FAULTY);
    assertStatus(r, 200);
    assert.equal(r.json.rows, 8);
    assert.equal(r.json.version, 1);
    assert.deepEqual(problemTuples(r.json.problems), FAULTY_PROBLEMS);
    assert.equal(r.headers.get('etag'), '"1"');

    const b = await budgetOf(plan);
    assert.equal(b.version, 1);
    assert.match(b.updated_at, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(b.columns, COLUMNS);
    assert.deepEqual(b.problems, r.json.problems);
    const line = Object.fromEntries(b.lines.map((l) => [l.row, l]));
    assert.deepEqual(b.lines.map((l) => [l.row, l.parent, l.depth, l.leaf]), [
      ['I', null, 0, false], ['1', 'I', 1, false], ['1.1', '1', 2, false], ['1.1.1', '1.1', 3, true],
      ['1.1.2', '1.1', 3, true], ['II', null, 0, false], ['2', 'II', 1, true], ['total', null, 0, false],
    ]);
    assert.deepEqual(line['1.1.1'].cells, { '2018:central': M(40), '2018:local': M(30) });
    assert.equal(line['1.1.1'].stated_total, M(70));
    assert.equal(line['1.1.1'].label, 'Chi tiết a1');
    // Parents compute from their leaves, whatever they state.
    assert.equal(line.I.computed['2018:local'], M(35));
    assert.equal(line.I.computed.stated_total, M(95));
    assert.equal(line.I.computed['2020:central'], 0);
    assert.deepEqual(line['2'].bad, { '2018:central': 'abc' });
    assert.deepEqual(line['2'].cells, { '2018:local': M(20) });
    assert.equal(line.II.computed['2018:central'], 0);
    assert.equal(line.total.computed.stated_total, M(95 + 20));
  });

  it('years outside the plan, bodies that are not tables and bad content types store nothing', async () => {
    const r = await putBudget(u.prov, plan, csv('row,label,2021:central', '1,Sau kỳ,5'));
    assertError(r, 422, 'invalid_csv', 'line 1');
    assert.match(r.json.error.message, /2021/);
    assertError(await putBudget(u.prov, plan, csv('row,label,2017:local', '1,Trước kỳ,5')), 422, 'invalid_csv', 'line 1');
    assertError(await putBudget(u.prov, plan, csv('row,parent', '1,', '2,9')), 422, 'invalid_csv', 'line 3');
    assertError(await putBudget(u.prov, plan, FAULTY, { 'content-type': 'application/json' }), 415, 'unsupported_media_type');
    const b = await budgetOf(plan);
    assert.equal(b.version, 1);
    assert.equal(b.lines.length, 8);
  });

  it('the CSV export is the import format and imports back to the same table and problems', async () => {
    const first = await putBudget(u.prov, plan, RICH);
    assertStatus(first, 200);
    const before = await budgetOf(plan);
    const line = Object.fromEntries(before.lines.map((l) => [l.row, l]));
    assert.equal(line['1'].stated_total, M(1040)); // the norm's product
    assert.equal(line['1'].unit_cost, M(20));
    assert.equal(line['1'].quantity, 52);
    assert.equal(line['1'].unit, 'xã/năm');
    assert.equal(line.I.project, 1);
    assert.equal(line['1'].project, null);
    assert.deepEqual(line['-.1'].bad, { stated_total: '1.2.3', '2020:mobilised': '-5' });
    assert.equal(line['-'].label, '=SUM(A1:A2)');

    const e = await getBytes(u.prov, `/api/v1/plans/${plan.id}/budget/export?format=csv`);
    assert.equal(e.status, 200);
    assert.match(e.headers.get('content-type'), /^text\/csv/);
    assert.equal(e.headers.get('content-disposition'), `attachment; filename="budget-${plan.id}.csv"`);
    assert.deepEqual([...e.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = e.bytes.subarray(3).toString('utf8');
    const rows = text.split('\r\n');
    assert.equal(rows.at(-1), '');
    assert.equal(rows[0], `row,parent,label,project,unit,unit_cost,quantity,stated_total,${COLUMNS.join(',')}`);
    assert.equal(rows[1], 'I,,"Dự án 1, hỗ trợ ""đặc biệt""",1,,,,1.040,1.040,0,0,0,0,0,0,0,0');
    assert.equal(rows[2], '1,I,Hỗ trợ xã,,xã/năm,20,52,1.040,1.040,0,0,0,0,0,0,0,0');
    assert.equal(rows[3], '\'-,,\'=SUM(A1:A2),2,,,,"0,5",0,0,0,0,"0,5",0,0,0,0');
    assert.equal(rows[4], '\'-.1,\'-,"Hai\ndòng",,,,,1.2.3,0,0,0,0,"0,5",0,0,0,\'-5');

    const again = await putBudget(u.prov, plan, text);
    assertStatus(again, 200);
    assert.deepEqual(again.json.problems, first.json.problems);
    assert.ok(first.json.problems.some((p) => p.kind === 'unparseable'));
    assert.ok(first.json.problems.some((p) => p.kind === 'grand_total'));
    assert.deepEqual(tableOf(await budgetOf(plan)), tableOf(before));
  });

  it('a table without stated_total exports without it, so no row_total appears on the way back', async () => {
    const p = await createPlan(u.prov);
    assertStatus(await putBudget(u.prov, p, csv('row,label,2018:central', 'A,Một,5', 'B,Hai,"0,25"')), 200);
    const e = await getBytes(u.prov, `/api/v1/plans/${p.id}/budget/export?format=csv`);
    const text = e.bytes.subarray(3).toString('utf8');
    assert.equal(text.split('\r\n')[0], `row,parent,label,project,unit,unit_cost,quantity,${COLUMNS.join(',')}`);
    const before = await budgetOf(p);
    const again = await putBudget(u.prov, p, text);
    assertStatus(again, 200);
    assert.deepEqual(again.json.problems, []);
    assert.deepEqual(tableOf(await budgetOf(p)), tableOf(before));
  });

  it('province and district replace inside their scope; commune and viewer may not; another province sees nothing', async () => {
    const small = csv('row,label,2018:central', 'A,Một,5');
    assertStatus(await putBudget(u.kdist, district, small), 200);
    assertStatus(await putBudget(u.prov, district, small), 200);
    assertError(await putBudget(u.kcomm, district, small), 403, 'forbidden');
    assertError(await putBudget(u.viewer, plan, small), 403, 'forbidden');
    assertError(await putBudget(u.tb, plan, small), 404, 'not_found');
    assertError(await putBudget(u.kdist, plan, small), 404, 'not_found');
    assertError(await putBudget(u.prov, { id: 999999 }, small), 404, 'not_found');
    assertError(await u.tb.get(`/api/v1/plans/${plan.id}/budget`), 404, 'not_found');
    assertError(await u.tb.get(`/api/v1/plans/${plan.id}/budget/summary`), 404, 'not_found');
    assertError(await u.tb.get(`/api/v1/plans/${plan.id}/budget/export?format=csv`), 404, 'not_found');
    assertError(await u.tb.get(`/api/v1/plans/${plan.id}/budget/execution`), 404, 'not_found');
    assertError(await u.auditor.get(`/api/v1/plans/${plan.id}/budget`), 403, 'forbidden');
    const v = await budgetOf(plan, 'viewer');
    assert.equal(v.plan_id, plan.id);
    assert.equal((await budgetOf(district, 'kdist')).version, 2);
  });

  it('If-Match: the version read, else 412 stale and nothing stored', async () => {
    const { version } = await budgetOf(plan);
    const stale = await putBudget(u.prov, plan, FAULTY, { 'if-match': `"${version - 1}"` });
    assertError(stale, 412, 'stale');
    assertError(await putBudget(u.prov, plan, FAULTY, { 'if-match': '"0"' }), 412, 'stale');
    assertError(await putBudget(u.prov, plan, FAULTY, { 'if-match': `"p${plan.id}-1"` }), 412, 'stale');
    assert.equal((await budgetOf(plan)).version, version);
    const ok = await putBudget(u.prov, plan, FAULTY, { 'if-match': `"${version}"` });
    assertStatus(ok, 200);
    assert.equal(ok.json.version, version + 1);
    const fresh = await createPlan(u.prov);
    assertStatus(await putBudget(u.prov, fresh, FAULTY, { 'if-match': '"0"' }), 200);
  });

  const execPath = (p) => `/api/v1/plans/${p.id}/budget/execution`;
  const putExec = (body, who = 'prov', p = clean) => u[who].req('PUT', execPath(p), body);
  const REC = { row: '1', year: 2018, source: 'central', allocated: M(40), spent: M(45), reason: 'Cấp đợt 1 năm 2018' };

  it('execution is recorded on leaf lines, with history, newest first', async () => {
    assertStatus(await putBudget(u.prov, clean, CLEAN), 200);
    const r = await putExec(REC);
    assertStatus(r, 200);
    assert.deepEqual({ ...r.json, updated_at: 'x' }, {
      row: '1', year: 2018, source: 'central', allocated: M(40), spent: M(45),
      updated_at: 'x', updated_by: r.json.updated_by, updated_by_name: 'prov',
    });
    assert.match(r.json.updated_at, /^\d{4}-/);
    assertStatus(await putExec({ ...REC, allocated: M(10), spent: 0, reason: 'Nhập nhầm' }), 200);
    assertStatus(await putExec(REC), 200);
    assertStatus(await putExec({ ...REC, row: '2', year: 2019, allocated: M(30), spent: M(10), reason: 'Cấp năm 2019' }), 200);
    assertStatus(await putExec({ ...REC, row: '3', year: 2019, source: 'mobilised', allocated: M(10), spent: M(10), reason: 'Vận động' }), 200);

    const list = await u.viewer.get(execPath(clean));
    assertStatus(list, 200);
    assert.deepEqual(list.json.items.map((e) => [e.row, e.year, e.source, e.allocated, e.spent]), [
      ['1', 2018, 'central', M(40), M(45)], ['2', 2019, 'central', M(30), M(10)], ['3', 2019, 'mobilised', M(10), M(10)],
    ]);
    const h = await u.viewer.get(`${execPath(clean)}/history?row=1&year=2018&source=central`);
    assertStatus(h, 200);
    assert.deepEqual(h.json.items.map((e) => [e.allocated, e.spent, e.reason, e.changed_by_name]), [
      [M(40), M(45), REC.reason, 'prov'], [M(10), 0, 'Nhập nhầm', 'prov'], [M(40), M(45), REC.reason, 'prov'],
    ]);
    assert.ok(h.json.items.every((e) => e.row === '1' && /^\d{4}-/.test(e.changed_at)));
    assert.equal((await u.prov.get(`${execPath(clean)}/history`)).json.items.length, 5);
    assert.equal((await u.prov.get(`${execPath(clean)}/history?year=2019`)).json.items.length, 2);
    assert.equal((await u.prov.get(`${execPath(clean)}/history?source=mobilised`)).json.items.length, 1);
    assertError(await u.prov.get(`${execPath(clean)}/history?year=abc`), 422, 'invalid_field', 'year');
    assertError(await u.prov.get(`${execPath(clean)}/history?source=state`), 422, 'invalid_field', 'source');
  });

  it('execution: 422 naming the field of each bad input; 403 and 404 by role and scope', async () => {
    const bad = async (patch, field) => assertError(await putExec({ ...REC, ...patch }), 422, 'invalid_field', field);
    await bad({ row: '9' }, 'row'); // unknown
    await bad({ row: 'I' }, 'row'); // has lines below it
    await bad({ row: 'total' }, 'row');
    await bad({ row: undefined }, 'row');
    await bad({ year: 2021 }, 'year'); // after the plan's period
    await bad({ year: 2017 }, 'year');
    await bad({ year: '2018' }, 'year');
    await bad({ source: 'state' }, 'source');
    await bad({ allocated: -1 }, 'allocated');
    await bad({ allocated: 1.5 }, 'allocated');
    await bad({ allocated: '40' }, 'allocated');
    await bad({ spent: 100_000_000_000_001 }, 'spent');
    await bad({ spent: undefined }, 'spent');
    await bad({ reason: undefined }, 'reason');
    await bad({ reason: 'ab' }, 'reason');
    await bad({ note: 'x' }, 'note');
    assertError(await putExec(REC, 'viewer'), 403, 'forbidden');
    assertError(await putExec(REC, 'kcomm'), 403, 'forbidden');
    assertError(await putExec(REC, 'tb'), 404, 'not_found');
    assertError(await putExec(REC, 'kdist'), 404, 'not_found');
    const h = await u.prov.get(`${execPath(clean)}/history?row=1`);
    assert.equal(h.json.items.length, 3, 'nothing recorded by the refused requests');
  });

  it('a replacement may not drop a row with execution nor give it lines below: 409 naming the row', async () => {
    const without3 = CLEAN.replace('3,II,Việc 3,,15,0,0,5,10\n', '');
    const r = await putBudget(u.prov, clean, without3);
    assertError(r, 409, 'conflict', 'row 3');
    const split1 = CLEAN.replace('K,,Khác', '1.a,1,Việc con,,0,0,0,0,0\nK,,Khác');
    assertError(await putBudget(u.prov, clean, split1), 409, 'conflict', 'row 1');
    const b = await budgetOf(clean);
    assert.equal(b.version, 1);
    // Keeping the rows (amounts changed) is fine and the records stay.
    const changed = CLEAN.replace('K,,Khác,,5,5,0,0,0', 'K,,Khác,,6,6,0,0,0');
    assertStatus(await putBudget(u.prov, clean, changed), 200);
    assertStatus(await putBudget(u.prov, clean, CLEAN), 200);
    assert.equal((await u.prov.get(execPath(clean))).json.items.length, 3);
  });

  it('the summary: general table by project, sources, estimate vs allocated vs spent per year, the project tables', async () => {
    const r = await u.viewer.get(`/api/v1/plans/${clean.id}/budget/summary`);
    assertStatus(r, 200);
    const s = r.json;
    assert.deepEqual(s.columns, COLUMNS);
    assert.deepEqual(s.years, [2018, 2019, 2020]);
    assert.deepEqual(s.sources, ['central', 'local', 'mobilised']);
    assert.deepEqual(s.general.map((g) => [g.project, g.total]), [[1, M(100)], [4, M(15)], [0, M(5)], [null, M(120)]]);
    assert.equal(s.general[0].cells['2018:central'], M(50));
    assert.equal(s.general[0].cells['2019:central'], M(30));
    assert.equal(s.general[1].cells['2019:mobilised'], M(10));
    assert.equal(s.general[3].cells['2018:central'], M(55));
    assert.equal(s.general[3].cells['2020:local'], 0);
    assert.deepEqual(s.by_source, { central: M(90), local: M(20), mobilised: M(10) });
    assert.deepEqual(s.by_year, [
      { year: 2018, estimate: M(75), allocated: M(40), spent: M(45), overspent: true },
      { year: 2019, estimate: M(45), allocated: M(40), spent: M(20), overspent: false },
      { year: 2020, estimate: 0, allocated: 0, spent: 0, overspent: false },
    ]);
    assert.deepEqual(s.projects.map((p) => [p.project, p.lines.map((l) => [l.row, l.depth, l.total])]), [
      [1, [['I', 0, M(100)], ['1', 1, M(70)], ['2', 1, M(30)]]],
      [4, [['II', 0, M(15)], ['3', 1, M(15)]]],
    ]);
    assert.equal(s.projects[0].lines[1].cells['2018:local'], M(20));
    assert.equal(s.problems, 0);
    const faulty = await u.prov.get(`/api/v1/plans/${plan.id}/budget/summary`);
    assert.equal(faulty.json.problems, FAULTY_PROBLEMS.length);
  });

  it('the XLSX export is a workbook; its arguments are checked', async () => {
    const base = `/api/v1/plans/${clean.id}/budget/export`;
    const names = {};
    for (const q of ['format=xlsx', 'format=xlsx&table=all', 'format=xlsx&table=general', 'format=xlsx&table=project&project=4']) {
      const r = await getBytes(u.viewer, `${base}?${q}`);
      assert.equal(r.status, 200, q);
      assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(r.headers.get('content-disposition'), `attachment; filename="budget-${clean.id}.xlsx"`);
      assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK', q);
      names[q] = sheetNames(readXlsx(r.bytes));
    }
    assert.deepEqual(names['format=xlsx'], names['format=xlsx&table=all']);
    assert.ok(names['format=xlsx'].includes('Tổng hợp') && names['format=xlsx'].includes('Phụ lục IV'));
    assert.deepEqual(names['format=xlsx&table=general'], ['Tổng hợp']);
    assert.deepEqual(names['format=xlsx&table=project&project=4'], ['Phụ lục IV']);
    const bad = async (q, field) => assertError(await u.prov.get(`${base}?${q}`), 422, 'invalid_field', field);
    await bad('', 'format');
    await bad('format=pdf', 'format');
    await bad('format=xlsx&table=annex', 'table');
    await bad('format=xlsx&table=project', 'project');
    await bad('format=xlsx&table=project&project=5', 'project');
    await bad('format=xlsx&table=general&project=1', 'project');
    await bad('format=csv&table=general', 'table');
  });

  it('every replacement is audited with counts, never amounts', async () => {
    const r = await u.auditor.get('/api/v1/audit?action=budget.replace');
    assertStatus(r, 200);
    const mine = r.json.items.filter((e) => e.target === `plan:${clean.id}`);
    assert.equal(mine.length, 3);
    for (const e of mine) {
      assert.equal(e.actor_name, 'prov');
      assert.equal(e.unit_path, '62');
      assert.deepEqual(Object.keys(e.detail).sort(), ['plan_id', 'problems', 'rows', 'version']);
      assert.equal(e.detail.rows, 7);
      assert.equal(e.detail.plan_id, clean.id);
    }
    // Newest first: CLEAN again, the changed K (the total line no longer
    // adds up in two columns), CLEAN.
    assert.deepEqual(mine.map((e) => [e.detail.version, e.detail.problems]), [[3, 0], [2, 2], [1, 0]]);
    const exec = await u.auditor.get('/api/v1/audit?action=budget.execution');
    assert.ok(exec.json.items.some((e) => e.detail.row === '1' && e.detail.year === 2018 && !('spent' in e.detail)));
  });
});
