// tests/api/indicator_helpers.mjs — shared by the indicator test files
// (indicators, aggregates, dashboard): the periods around today in
// Asia/Ho_Chi_Minh (cases are opened now, so they count in the current
// month, quarter, half and year), reading one value, and moving a case
// through the real approval flow to "supported", closed and re-opened.
import assert from 'node:assert/strict';
import { assertStatus } from './helpers.mjs';
import { hcmDay } from './cases_helpers.mjs';

const pad = (n) => String(n).padStart(2, '0');

// Periods holding today, and some that do not.
export function periodsNow() {
  const today = hcmDay();
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const q = Math.ceil(m / 3);
  return {
    TODAY: today,
    YEAR: String(y),
    HALF: `${y}S${m <= 6 ? 1 : 2}`,
    QUARTER: `${y}Q${q}`,
    MONTH: `${y}-${pad(m)}`,
    PREV_MONTH: m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`,
    NEXT_MONTH: m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`,
    PREV_QUARTER: q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`,
    OTHER_HALF: `${y}S${m <= 6 ? 2 : 1}`,
    PREV_YEAR: String(y - 1),
  };
}

// The four periods of a trend ending at `period` (same kind).
export function trendOf(period) {
  let m;
  const out = [period];
  for (let i = 0; i < 3; i++) {
    const p = out[0];
    if ((m = /^(\d{4})-(\d{2})$/.exec(p))) {
      const [y, mo] = [Number(m[1]), Number(m[2])];
      out.unshift(mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`);
    } else if ((m = /^(\d{4})Q(\d)$/.exec(p))) {
      const [y, q] = [Number(m[1]), Number(m[2])];
      out.unshift(q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`);
    } else if ((m = /^(\d{4})S(\d)$/.exec(p))) {
      const [y, s] = [Number(m[1]), Number(m[2])];
      out.unshift(s === 1 ? `${y - 1}S2` : `${y}S1`);
    } else {
      out.unshift(String(Number(p) - 1));
    }
  }
  return out;
}

// GET /indicator-values, asserting 200.
export async function value(client, indicator, unit, period, tree) {
  const q = new URLSearchParams({ indicator, period });
  if (unit !== undefined) q.set('unit', unit);
  if (tree !== undefined) q.set('tree', tree);
  const r = await client.get(`/api/v1/indicator-values?${q}`);
  assertStatus(r, 200);
  assert.equal(r.json.indicator, indicator);
  assert.equal(r.json.period, period);
  return r.json;
}

// [numerator, denominator, value] of one indicator at each unit given.
export async function partsAt(client, indicator, units, period) {
  const out = {};
  for (const unit of units) {
    const v = await value(client, indicator, unit, period);
    out[unit === '' ? 'nation' : unit] = [v.numerator, v.denominator, v.value];
  }
  return out;
}

export async function transition(client, id, to, extra = {}) {
  const r = await client.post(`/api/v1/cases/${id}/transitions`, { to, ...extra });
  assertStatus(r, 200);
  assert.equal(r.json.stage, to);
  return r.json;
}

// Requests an approval (plan or closure) as `worker` and approves it as
// `approver`.
export async function approved(worker, approver, id, subject, extra = {}) {
  const r = await worker.post(`/api/v1/cases/${id}/approvals`, { subject, ...extra });
  assertStatus(r, 201);
  assertStatus(await approver.post(`/api/v1/approvals/${r.json.id}/approve`, { comment: 'Đồng ý' }), 200);
}

// intake → assessment → planning, plan approved, → intervention.
export async function supportCase(worker, approver, id) {
  await transition(worker, id, 'assessment');
  await transition(worker, id, 'planning');
  await approved(worker, approver, id, 'plan', { note: 'Kế hoạch hỗ trợ' });
  await transition(worker, id, 'intervention');
}

// Closure approved, then closed.
export async function closeCase(worker, approver, id) {
  await approved(worker, approver, id, 'closure', { closure_reason: 'plan_completed' });
  await transition(worker, id, 'closed', { closure_reason: 'plan_completed' });
}

export async function reopenCase(worker, id) {
  await transition(worker, id, 'assessment', { reason: 'Gia đình báo khó khăn mới' });
}
