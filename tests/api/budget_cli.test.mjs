// `trogiup budget check FILE.csv [--json]` (API.md §Command line,
// docs/budget.md): exit 0 for a clean table, 1 with problems (one
// Vietnamese line each and "N dòng, M vấn đề", or with --json exactly the
// body of POST /api/v1/budget/check, compared with a running server's),
// 2 for a file that cannot be checked (missing, not a budget table: the
// reason with its line on stderr) and for bad usage.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli as runCli } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';

const M = (million) => Math.round(million * 1_000_000);
const csv = (...lines) => `${lines.join('\n')}\n`;

// The CLI, failing on any sanitizer report (the suite also runs on the ASan build).
function cli(args) {
  const r = runCli(args);
  assert.doesNotMatch(r.stderr ?? '', /AddressSanitizer|LeakSanitizer|runtime error:/, `trogiup ${args.join(' ')}:\n${r.stderr}`);
  return r;
}

const CLEAN = csv(
  'row,parent,label,stated_total,2018:central,2018:local',
  'I,,Dự án 1,"1.200,5",1.000,"200,5"',
  '1,I,"Hoạt động, có dấu phẩy",  "1.200,5" ,1.000,"200,5"',
  'total,,Tổng cộng,"1.200,5",1.000,"200,5"',
);

// One problem of each kind: I's cells add to 90 (row_total), 2.1 has a
// cell that is not an amount, 2.2's norm is 20 × 2 = 40, I's 2019:local
// is not its children's 25 (parent_sum), the total disagrees on
// 2019:local (grand_total).
const FAULTY = csv(
  'row,parent,label,unit_cost,quantity,stated_total,2018:central,2019:local',
  'I,,Dự án,,,100,50,40',
  '2.1,I,Một,,,60,1.2.3,10',
  '2.2,I,Hai,20,2,45,30,15',
  'total,,Tổng,,,100,50,45',
);

describe('trogiup budget check', () => {
  let dir;
  const file = (name, text) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  before(() => { dir = mkdtempSync(join(tmpdir(), 'trogiup-budget-cli-')); });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('a clean table exits 0', () => {
    const path = file('clean.csv', CLEAN);
    const text = cli(['budget', 'check', path]);
    assert.equal(text.status, 0, text.stderr);
    assert.equal(text.stdout, '3 dòng, 0 vấn đề\n');
    assert.equal(text.stderr, '');
    const json = cli(['budget', 'check', path, '--json']);
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { rows: 3, problems: [] });
    // --json before the file works as well
    assert.deepEqual(JSON.parse(cli(['budget', '--json', 'check', path]).stdout), { rows: 3, problems: [] });
  });

  it('problems exit 1: a line each, then the count', () => {
    const r = cli(['budget', 'check', file('faulty.csv', FAULTY)]);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(lines, [
      'Dòng I: tổng ghi 100 nhưng cộng các cột được 90 (triệu đồng)',
      'Dòng I, cột tổng cộng: ghi 100 nhưng cộng các dòng con được 105 (triệu đồng)',
      'Dòng I, cột 2019:local: ghi 40 nhưng cộng các dòng con được 25 (triệu đồng)',
      'Ô 2018:central của dòng 2.1 không phải là số tiền: «1.2.3»',
      'Dòng 2.2: tổng ghi 45 nhưng đơn giá 20 × số lượng 2 = 40 (triệu đồng)',
      'Dòng tổng cộng: tổng ghi 100 nhưng cộng các cột được 95 (triệu đồng)',
      'Dòng tổng cộng, cột 2019:local: ghi 45 nhưng cộng các dòng cấp trên cùng được 40 (triệu đồng)',
      '4 dòng, 7 vấn đề',
    ]);
  });

  it('--json prints the problems with their amounts in whole VND', () => {
    const r = cli(['budget', 'check', file('faulty.csv', FAULTY), '--json']);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stdout.endsWith('\n') && r.stdout.trim().split('\n').length === 1, 'one JSON document on one line');
    const body = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(body), ['rows', 'problems']); // no "truncated" unless truncated
    assert.equal(body.rows, 4);
    for (const p of body.problems) {
      assert.deepEqual(Object.keys(p), ['row', 'column', 'kind', 'stated', 'computed', 'message']);
      assert.equal(typeof p.message, 'string');
      assert.ok(p.message.length > 0);
    }
    const tuples = body.problems.map((p) => [p.row, p.column, p.kind, p.stated, p.computed]);
    assert.deepEqual(tuples, [
      ['I', 'stated_total', 'row_total', M(100), M(90)],
      ['I', 'stated_total', 'parent_sum', M(100), M(105)],
      ['I', '2019:local', 'parent_sum', M(40), M(25)],
      ['2.1', '2018:central', 'unparseable', null, null],
      ['2.2', 'stated_total', 'norm', M(45), M(40)],
      ['total', 'stated_total', 'row_total', M(100), M(95)],
      ['total', '2019:local', 'grand_total', M(45), M(40)],
    ]);
    assert.equal(body.problems[3].message, 'Ô 2018:central của dòng 2.1 không phải là số tiền: «1.2.3»');
  });

  it('more than 1 000 problems: the first 1 000 and "truncated": true', () => {
    const rows = Array.from({ length: 1001 }, (_, i) => `${i + 1},x`);
    const path = file('many.csv', csv('row,2020:local', ...rows));
    const r = cli(['budget', 'check', path, '--json']);
    assert.equal(r.status, 1, r.stderr);
    const body = JSON.parse(r.stdout);
    assert.equal(body.rows, 1001);
    assert.equal(body.problems.length, 1000);
    assert.equal(body.truncated, true);
    assert.equal(body.problems[999].row, '1000');
    assert.equal(body.problems[0].column, '2020:local');
    const text = cli(['budget', 'check', path]);
    assert.equal(text.status, 1);
    assert.match(text.stdout.trimEnd().split('\n').at(-1), /^1001 dòng, hơn 1000 vấn đề/);
  });

  it('a file that is not a budget table exits 2 with the reason and its line', () => {
    const cases = [
      [csv('row,parent', '1,', '2,9'), 3, /«parent» 9 không có trong bảng/],
      [csv('row,parent,stated_totl'), 1, /stated_totl/],
      [csv('label', 'a'), 1, /row/],
      [csv('row,2018:federal'), 1, /federal/],
      [csv('row,label', '1,"hai', 'dòng"', '1,trùng'), 4, /trùng với dòng 2/],
      ['', 1, /trống/],
    ];
    for (const [text, line, reason] of cases) {
      for (const flags of [[], ['--json']]) {
        const path = file('bad.csv', text);
        const r = cli(['budget', 'check', path, ...flags]);
        assert.equal(r.status, 2, `${text}: ${r.stdout}`);
        assert.equal(r.stdout, '', 'nothing on stdout');
        assert.ok(r.stderr.includes(`${path}:${line}: Dòng ${line}`), `line ${line} in: ${r.stderr}`);
        assert.match(r.stderr, reason);
      }
    }
  });

  it('a missing file and bad usage exit 2; --help exits 0', () => {
    const missing = cli(['budget', 'check', join(dir, 'none.csv')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /none\.csv/);
    for (const args of [['budget'], ['budget', 'check'], ['budget', 'verify', 'x.csv'],
      ['budget', 'check', 'a.csv', 'b.csv'], ['budget', 'check', 'a.csv', '--yaml']]) {
      const r = cli(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /usage: trogiup budget check/);
    }
    const help = cli(['budget', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--json/);
    assert.match(cli(['--help']).stdout, /\bbudget\b/);
  });

  describe('the same body as POST /api/v1/budget/check', () => {
    let srv;
    let user;
    const USER = { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' };
    before(async () => {
      srv = await startServer({ users: [USER] });
      user = await loginAs(srv.url, USER.username, USER.password);
    });
    after(async () => { await stopChecked(srv); });

    it('for a clean table, a faulty one and a truncated one', async () => {
      const many = csv('row,stated_total,2020:local', ...Array.from({ length: 600 }, (_, i) => `${i},x,"-${i}"`));
      for (const [name, text] of [['clean.csv', CLEAN], ['faulty.csv', FAULTY], ['many.csv', many]]) {
        const r = cli(['budget', 'check', file(name, text), '--json']);
        const api = await user.post('/api/v1/budget/check', text, { 'content-type': 'text/csv; charset=utf-8' });
        assertStatus(api, 200);
        assert.deepEqual(JSON.parse(r.stdout), api.json, name);
        assert.equal(r.status, api.json.problems.length > 0 ? 1 : 0, name);
      }
    });
  });
});
