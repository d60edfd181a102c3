// budget_helpers.mjs — what the budget API tests share (docs/budget.md):
// the users, a plan to hang a budget on, CSV bodies, binary downloads.
import assert from 'node:assert/strict';
import { assertStatus } from './helpers.mjs';

export const USERS = [
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kdist', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'tb', role: 'province', scope: '34', password: 'tb-pass-12345' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
];

// Million VND → whole VND, as the API answers amounts.
export const M = (million) => Math.round(million * 1_000_000);

export const CSV = { 'content-type': 'text/csv; charset=utf-8' };

// A CSV body from lines (arrays of cells, or ready-made strings).
export const csv = (...lines) =>
  `${lines.map((l) => (Array.isArray(l) ? l.join(',') : l)).join('\n')}\n`;

export const HEADER = 'row,parent,label,stated_total,2018:central,2018:local,2019:central';

// Two projects; I → 1 → 1.1 → 1.1.1 is three parents deep.  Problems:
// 1.1's children do not add up (stated_total, 2018:local); II's cells do
// not add up to its stated total (0,5 too many); 2 has a cell that is not
// an amount (so II's 2018:central is not compared); the total line
// disagrees with the top-level lines in three columns.
export const FAULTY = csv(
  HEADER,
  'I,,Dự án 1,100,60,40,0',
  '1,I,Hoạt động 1,100,60,40,0',
  '1.1,1,Nhóm a,100,60,40,0',
  '1.1.1,1.1,Chi tiết a1,70,40,30,0',
  '1.1.2,1.1,Chi tiết a2,25,20,5,0',
  'II,,Dự án 2,50,"30,5",20,0',
  '2,II,Hoạt động 2,50,abc,20,0',
  'total,,Tổng cộng,160,90,60,10',
);

// FAULTY's problems as problemTuples gives them.
export const FAULTY_PROBLEMS = [
  ['1.1', 'stated_total', 'parent_sum', M(100), M(95)],
  ['1.1', '2018:local', 'parent_sum', M(40), M(35)],
  ['II', 'stated_total', 'row_total', M(50), M(50.5)],
  ['2', '2018:central', 'unparseable', null, null],
  ['total', 'stated_total', 'grand_total', M(160), M(150)],
  ['total', '2018:central', 'grand_total', M(90), M(90.5)],
  ['total', '2019:central', 'grand_total', M(10), M(0)],
];

let planNo = 0;
// A plan of `unit` (default Kon Tum, 62) for 2018–2020 created by `who`.
export async function createPlan(who, { unit = '62', from = 2018, to = 2020 } = {}) {
  planNo += 1;
  const r = await who.post('/api/v1/plans', {
    unit_code: unit, number: `${planNo}/KH-NS`, issued_on: '2018-04-03',
    title: 'Kế hoạch có kinh phí', period_from: from, period_to: to,
  });
  assertStatus(r, 201);
  return r.json;
}

// POST the CSV body to a plan's budget (or to path when given as a string).
export const putBudget = (who, plan, body, headers = {}) =>
  who.post(typeof plan === 'string' ? plan : `/api/v1/plans/${plan.id}/budget`, body, { ...CSV, ...headers });

// GET path with the client's session, as bytes.
export async function getBytes(who, path) {
  const r = await fetch(who.url + path, { headers: { cookie: who.cookie } });
  const bytes = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, bytes };
}

// The problems of an answer as comparable tuples.
export const problemTuples = (problems) =>
  problems.map((p) => [p.row, p.column, p.kind, p.stated, p.computed]);

// A GET /plans/ID/budget body without what changes with every save.
export function tableOf(body) {
  assert.equal(typeof body.version, 'number');
  const { version, updated_at, ...rest } = body;
  return rest;
}
