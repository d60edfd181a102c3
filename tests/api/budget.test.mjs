// Budget tables checked without storing them (API.md §Budget tables,
// docs/budget.md §Amounts, §The table, §The checks): POST
// /api/v1/budget/check with each problem kind at its row and column with
// stated and computed amounts in whole VND, parents three deep, the
// grand total, every case of the amount notation, each 422 with the line
// in `field`, 415 for a body that is not CSV, and open to every role.
// The plan's own budget (replace, read, exports, execution) is
// budget_plans.test.mjs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { CSV, FAULTY, FAULTY_PROBLEMS, HEADER, M, USERS, csv, problemTuples } from './budget_helpers.mjs';

describe('budget check', () => {
  let srv;
  const u = {};
  const check = (body, who = 'prov', headers = CSV) => u[who].post('/api/v1/budget/check', body, headers);

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
  });
  after(async () => { await stopChecked(srv); });

  it('a clean table has no problems', async () => {
    const r = await check(csv(
      HEADER,
      'I,,Dự án 1,"1.200,5","1.000","200,5",0',
      '1,I,Hoạt động,"1.200,5","1.000","200,5",-',
      'total,,Tổng cộng,"1.200,5","1.000","200,5",',
    ));
    assertStatus(r, 200);
    assert.deepEqual(r.json, { rows: 3, problems: [] });
  });

  it('reports each kind at its row and column, amounts in VND, in line then kind then column order', async () => {
    const r = await check(FAULTY);
    assertStatus(r, 200);
    assert.equal(r.json.rows, 8);
    assert.deepEqual(problemTuples(r.json.problems), FAULTY_PROBLEMS);
    assert.equal(r.json.truncated, undefined);
    for (const p of r.json.problems) {
      assert.deepEqual(Object.keys(p).sort(), ['column', 'computed', 'kind', 'message', 'row', 'stated']);
      assert.match(p.message, /^[ÔĐD]/u, 'the message is Vietnamese');
      assert.match(p.message, /[^\x00-\x7f]/, 'the message is Vietnamese');
    }
    // The message names the amounts in million VND as the table writes them.
    assert.match(r.json.problems[0].message, /100.*95/);
    assert.match(r.json.problems[2].message, /50.*50,5/);
  });

  it('a parent three levels up is checked against its own children only', async () => {
    // 1.1.1.1 breaks 1.1.1's sum; 1.1, 1 and I still add up as written.
    const r = await check(csv(
      HEADER,
      'I,,Dự án,10,10,0,0',
      '1,I,Hoạt động,10,10,0,0',
      '1.1,1,Nhóm,10,10,0,0',
      '1.1.1,1.1,Việc,10,10,0,0',
      '1.1.1.1,1.1.1,Chi tiết,9,9,0,0',
    ));
    assertStatus(r, 200);
    assert.deepEqual(problemTuples(r.json.problems), [
      ['1.1.1', 'stated_total', 'parent_sum', M(10), M(9)],
      ['1.1.1', '2018:central', 'parent_sum', M(10), M(9)],
    ]);
  });

  it('the grand total is checked per column against the top-level lines only', async () => {
    const body = (total) => csv(
      'row,parent,label,2018:central,2018:local',
      'A,,Một,3,1',
      'A.1,A,Con,3,1',
      'B,,Hai,"0,25",2',
      `total,,Tổng cộng,${total}`,
    );
    assert.deepEqual((await check(body('"3,25",3'))).json.problems, []);
    const r = await check(body('4,3'));
    // No stated_total column: no row_total, and no grand total on it.
    assert.deepEqual(problemTuples(r.json.problems), [['total', '2018:central', 'grand_total', M(4), M(3.25)]]);
    // Without a total line there is no grand-total check.
    const none = await check(csv('row,2018:central', 'A,1', 'B,2'));
    assert.deepEqual(none.json, { rows: 2, problems: [] });
  });

  it('reads the Vietnamese notation of million VND exactly, and nothing else', async () => {
    // stated_total 0 everywhere: a cell read as x shows as a row_total
    // problem computed = x; zero cells show nothing.  Cells are quoted
    // (the decimal comma), except those that bring their own quotes.
    const cases = [
      ['1.200', M(1200)], ['0,5', 500_000], ['43200', M(43200)], ['12,345678', 12_345_678],
      ['"  1.234.567 "', M(1234567)], ['100.000.000', 100_000_000_000_000], ['\'1.200', M(1200)],
      ['-', 0], ['', 0], ['0', 0], ['–', 0], ['—', 0],
      ['1.2.3', null], ['12.34', null], ['1,2,3', null], ['"1.200,"', null], [',5', null],
      ['-5', null], ['(5)', null], ['1e3', null], ['abc', null], ['1,2345678', null],
      ['100.000.001', null], ['99999999999', null],
    ];
    const quote = (cell) => (cell.startsWith('"') ? cell : `"${cell}"`);
    const lines = cases.map(([cell], i) => `n${i},,Ô ${i},0,${quote(cell)}`);
    const r = await check(csv('row,parent,label,stated_total,2018:central', ...lines));
    assertStatus(r, 200);
    assert.equal(r.json.rows, cases.length);
    const expected = [];
    cases.forEach(([, vnd], i) => {
      if (vnd === null) expected.push([`n${i}`, '2018:central', 'unparseable', null, null]);
      else if (vnd !== 0) expected.push([`n${i}`, 'stated_total', 'row_total', 0, vnd]);
    });
    assert.deepEqual(problemTuples(r.json.problems), expected);
    const negative = r.json.problems.find((p) => p.row === `n${cases.findIndex(([c]) => c === '-5')}`);
    assert.match(negative.message, /âm/);
  });

  it('an unparseable stated total or unit cost is reported and skips the comparisons it is in', async () => {
    const r = await check(csv(
      'row,parent,label,unit,unit_cost,quantity,stated_total,2018:central',
      'A,,Hỗ trợ xã,xã/năm,20,52,"1.040","1.040"',
      'B,,Sai định mức,xã/năm,20,3,70,70',
      'C,,Đơn giá hỏng,xã/năm,x20,3,60,60',
      'D,,Tổng hỏng,,,,1.2.3,5',
    ));
    assertStatus(r, 200);
    assert.deepEqual(problemTuples(r.json.problems), [
      ['B', 'stated_total', 'norm', M(70), M(60)],
      ['C', 'unit_cost', 'unparseable', null, null],
      ['D', 'stated_total', 'unparseable', null, null],
    ]);
  });

  it('answers 422 invalid_csv naming the line of a body that is not a budget table', async () => {
    const bad = async (body, line) => {
      const r = await check(body);
      assertError(r, 422, 'invalid_csv', `line ${line}`);
      assert.match(r.json.error.message, /\p{L}/u);
    };
    await bad(csv('label,2018:central', 'Dự án,1'), 1); // no row column
    await bad(csv('row,label,2018:federal', '1,Dự án,1'), 1); // unknown source
    await bad(csv('row,label,1999:central', '1,Dự án,1'), 1); // year out of range
    await bad(csv('row,label,stated_totl', '1,Dự án,1'), 1); // unknown column
    await bad(csv('row,label,label', '1,a,b'), 1); // repeated column
    await bad(csv('row,label', '1,Một', '2,Hai', '1,Lại một'), 4); // duplicate row
    await bad(csv('row,parent,label', '1,,Một', '2,9,Hai'), 3); // unknown parent
    await bad(csv('row,parent', 'a,b', 'b,a'), 2); // a cycle
    await bad(csv('row,label', '1,Một', '2,Hai,thừa'), 3); // a cell too many
    await bad(csv('row,label', '1,Một', ',Trống'), 3); // empty row
    await bad(csv('row,parent,project', '1,,5'), 2); // project 1–4
    await bad(csv('row,label', '1,"Hai', 'dòng"', '1,Lại một'), 4); // a quoted label over two lines
    await bad('', 1); // no header
    await bad('row,label\n1,Một\n2,Hai\u0000ba\n', 3); // a NUL byte
    // Bytes that are not UTF-8 on line 2.
    const latin1 = await fetch(`${srv.url}/api/v1/budget/check`, {
      method: 'POST',
      headers: { ...CSV, cookie: u.prov.cookie, 'x-csrf-token': u.prov.csrf },
      body: Buffer.from('row,label\n1,Ng\xe0y\n', 'latin1'),
    });
    assert.equal(latin1.status, 422);
    assert.equal((await latin1.json()).error.field, 'line 2');
  });

  it('refuses a body that is not CSV with 415', async () => {
    const body = csv('row,label', '1,Một');
    assertError(await check(body, 'prov', { 'content-type': 'application/json' }), 415, 'unsupported_media_type');
    assertError(await check(body, 'prov', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
    assertStatus(await check(body, 'prov', { 'content-type': 'text/plain' }), 200);
  });

  it('is open to every signed-in role, not to anonymous callers', async () => {
    for (const who of ['viewer', 'kcomm', 'auditor', 'tb']) {
      const r = await check(FAULTY, who);
      assertStatus(r, 200);
      assert.equal(r.json.problems.length, FAULTY_PROBLEMS.length);
    }
    const anon = await fetch(`${srv.url}/api/v1/budget/check`, { method: 'POST', headers: CSV, body: FAULTY });
    assert.equal(anon.status, 401);
  });

  it('lists at most 1 000 problems and says it truncated', async () => {
    const lines = Array.from({ length: 1005 }, (_, i) => `r${i},,Dòng ${i},1,2`);
    const r = await check(csv('row,parent,label,stated_total,2018:central', ...lines));
    assertStatus(r, 200);
    assert.equal(r.json.rows, 1005);
    assert.equal(r.json.problems.length, 1000);
    assert.equal(r.json.truncated, true);
  });

  it('takes a table past the 1 MiB limit of forms (a budget is a file, like an import)', async () => {
    const label = 'Hỗ trợ hoạt động của hệ thống bảo vệ trẻ em tại xã'.padEnd(90, '.');
    const lines = Array.from({ length: 12000 }, (_, i) => `r${i},,${label},3,1,2`);
    const body = csv('row,parent,label,stated_total,2018:central,2018:local', ...lines);
    assert.ok(Buffer.byteLength(body) > 1024 * 1024, 'the body is over 1 MiB');
    const r = await check(body);
    assertStatus(r, 200);
    assert.deepEqual(r.json, { rows: 12000, problems: [] });
  });
});
