// The dashboard (docs/indicators.md §Values): every indicator of the
// catalogue for a unit and period, with target, status and a trend of
// four periods, and the values of every child unit; it follows the
// records at once; the national one for a viewer masks small counts;
// roles, scope and arguments.  Also the programme list.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked, loadUnits } from './helpers.mjs';
import { FACTS } from './cases_helpers.mjs';
import { periodsNow, trendOf, supportCase } from './indicator_helpers.mjs';

const USERS = [
  { username: 'admin', role: 'admin', password: 'admin-pass-123' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'nviewer', role: 'viewer', password: 'nviewer-pass-1' },
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kdist', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'tb', role: 'province', scope: '34', password: 'tb-pass-12345' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
];

const P = periodsNow();
const SUPPORTED = 'p1_disadvantaged_supported_pct';
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

describe('dashboard', () => {
  let srv;
  const u = {};
  let catalogue;
  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    const r = await u.prov.get('/api/v1/indicators');
    assertStatus(r, 200);
    catalogue = r.json.items;
    assert.equal(catalogue.length, 46);
  });
  after(async () => { await stopChecked(srv); });

  const dash = async (who, q) => {
    const r = await u[who].get(`/api/v1/dashboard?${new URLSearchParams(q)}`);
    assertStatus(r, 200);
    return r.json;
  };
  const ind = (d, code) => d.indicators.find((x) => x.code === code);

  it('answers every catalogue indicator with a trend of four periods, and every child unit', async () => {
    const d = await dash('prov', { unit: '62', period: P.MONTH });
    assert.deepEqual(d.unit, { code: '62', name: 'Kon Tum', level: 1 });
    assert.equal(d.period, P.MONTH);
    const [y, m] = P.MONTH.split('-').map(Number);
    assert.equal(d.from, `${P.MONTH}-01`);
    assert.equal(d.to, lastDay(y, m));
    assert.deepEqual(d.indicators.map((x) => x.code), catalogue.map((x) => x.code), 'the catalogue, in order');
    for (const x of d.indicators) {
      assert.deepEqual(x.trend.map((t) => t.period), trendOf(P.MONTH), x.code);
      assert.ok(['on_track', 'at_risk', 'off_track', 'no_target'].includes(x.status), x.code);
      assert.ok(['percent', 'count', 'reduction_pct'].includes(x.kind), x.code);
      assert.ok(x.vi && x.en && x.project >= 1 && x.project <= 4, x.code);
      for (const k of ['numerator', 'denominator', 'value', 'target', 'target_year', 'suppressed', 'case_based']) {
        assert.ok(k in x, `${x.code}.${k}`);
      }
    }
    assert.equal(ind(d, SUPPORTED).case_based, true);
    assert.equal(ind(d, 'p1_staff_trained_count').case_based, false);
    const districts = loadUnits('2024').filter((x) => x.parent_code === '62').map((x) => x.code).sort();
    assert.deepEqual(d.children.map((c) => c.code), districts);
    for (const c of d.children) {
      assert.ok(c.name);
      assert.deepEqual(Object.keys(c.values).sort(), catalogue.map((x) => x.code).sort(), c.code);
      for (const v of Object.values(c.values)) {
        for (const k of ['numerator', 'denominator', 'value', 'status']) assert.ok(k in v);
      }
    }
    const yd = await dash('prov', { unit: '62', period: P.YEAR });
    assert.deepEqual([yd.from, yd.to], [`${P.YEAR}-01-01`, `${P.YEAR}-12-31`]);
    assert.deepEqual(ind(yd, SUPPORTED).trend.map((t) => t.period), trendOf(P.YEAR));
    assert.deepEqual(ind(await dash('prov', { unit: '62', period: P.QUARTER }), SUPPORTED).trend.map((t) => t.period), trendOf(P.QUARTER));
  });

  it('follows the records at once: the unit, the trend\'s last point and the child', async () => {
    const before = await dash('prov', { unit: '62', period: P.MONTH });
    assert.deepEqual([ind(before, SUPPORTED).numerator, ind(before, SUPPORTED).denominator, ind(before, SUPPORTED).value], [0, 0, null]);
    const r = await u.kcomm.post('/api/v1/cases', {
      type: 'social_assistance', unit_code: '23401', details: FACTS.social_assistance,
      person: { full_name: 'Đinh Văn Lực', sex: 'male', birth_year: 1950 },
    });
    assertStatus(r, 201);
    let d = await dash('prov', { unit: '62', period: P.MONTH });
    let s = ind(d, SUPPORTED);
    assert.deepEqual([s.numerator, s.denominator, s.value], [0, 1, 0]);
    assert.deepEqual(s.trend.map((t) => t.value), [null, null, null, 0]);
    let k = d.children.find((c) => c.code === '612').values[SUPPORTED];
    assert.deepEqual([k.numerator, k.denominator, k.value], [0, 1, 0]);
    assert.deepEqual(d.children.find((c) => c.code === '610').values[SUPPORTED].denominator, 0);

    await supportCase(u.kcomm, u.prov, r.json.id);
    d = await dash('prov', { unit: '62', period: P.MONTH });
    s = ind(d, SUPPORTED);
    assert.deepEqual([s.numerator, s.denominator, s.value], [1, 1, 100]);
    assert.deepEqual(s.trend.map((t) => t.value), [null, null, null, 100]);
    k = d.children.find((c) => c.code === '612').values[SUPPORTED];
    assert.deepEqual([k.numerator, k.denominator, k.value], [1, 1, 100]);
    // A district reads its own dashboard without naming it; its children are communes.
    const own = await dash('kdist', { period: P.MONTH });
    assert.equal(own.unit.code, '612');
    assert.equal(own.unit.level, 2);
    assert.deepEqual(own.children.find((c) => c.code === '23401').values[SUPPORTED].value, 100);
    assert.ok(own.children.every((c) => loadUnits('2024').find((x) => x.code === c.code).parent_code === '612'));
  });

  it('the national dashboard: every province; the viewer never sees a count under 5', async () => {
    const d = await dash('nviewer', { period: P.MONTH });
    assert.deepEqual(d.unit, { code: '', name: 'Toàn quốc', level: 0 });
    assert.equal(d.children.length, loadUnits('2024').filter((x) => x.level === 1).length);
    assert.equal(d.indicators.length, catalogue.length);
    const s = ind(d, SUPPORTED);
    assert.deepEqual([s.numerator, s.denominator, s.value, s.suppressed], ['<5', '<5', null, true]);
    assert.deepEqual(s.trend.map((t) => t.value), [null, null, null, null], 'the trend hides it too');
    const kt = d.children.find((c) => c.code === '62').values[SUPPORTED];
    assert.deepEqual([kt.numerator, kt.denominator, kt.value], ['<5', '<5', null]);
    const text = JSON.stringify(d);
    assert.doesNotMatch(text, /"(numerator|denominator)":[1-4][,}]/, 'no 1–4 anywhere');
    const exact = await dash('prov', { period: P.MONTH });
    assert.equal(exact.unit.code, '62', 'a province without a unit: its own');
    assert.equal(ind(exact, SUPPORTED).numerator, 1);
  });

  it('a target gives the status: off track below the path, on track on it', async () => {
    const y = Number(P.YEAR);
    const plan = await u.prov.post('/api/v1/plans', {
      unit_code: '62', number: '787/KH-UBND', issued_on: `${y - 1}-04-03`, title: 'Kế hoạch thực hiện Chương trình',
      period_from: y - 1, period_to: y + 1, projects: [{ project: 1, lead_agency: 'Sở Lao động - Thương binh và Xã hội', partners: 'Sở Y tế' }],
    });
    assertStatus(plan, 201);
    assertStatus(await u.prov.post(`/api/v1/plans/${plan.json.id}/targets`, { indicator: SUPPORTED, year: y, target: 80 }), 201);
    let s = ind(await dash('prov', { unit: '62', period: P.YEAR }), SUPPORTED);
    assert.deepEqual([s.value, s.target, s.target_year, s.status], [100, 80, y, 'on_track']);
    // One more case not yet supported: 1 of 2 = 50 % < 0.8 × 80.
    assertStatus(await u.kcomm.post('/api/v1/cases', {
      type: 'social_assistance', unit_code: '23401', details: FACTS.social_assistance,
      person: { full_name: 'Hà Thị Nga', sex: 'female', birth_year: 1948 },
    }), 201);
    s = ind(await dash('prov', { unit: '62', period: P.YEAR }), SUPPORTED);
    assert.deepEqual([s.value, s.status], [50, 'off_track']);
    // The nation's children read their targets in one statement: the
    // plan's target is 62's and no other province's.
    const nat = await dash('nviewer', { period: P.YEAR });
    for (const c of nat.children) {
      assert.equal(c.values[SUPPORTED].status, c.code === '62' ? 'off_track' : 'no_target', c.code);
    }
    const kids = await u.nviewer.get(`/api/v1/indicator-values/children?indicator=${SUPPORTED}&period=${P.YEAR}`);
    assertStatus(kids, 200);
    for (const c of kids.json.items) {
      assert.deepEqual([c.target, c.status], c.unit.code === '62' ? [80, 'off_track'] : [null, 'no_target'], c.unit.code);
    }
    // The district has no plan of its own.
    const k = ind(await dash('kdist', { unit: '612', period: P.YEAR }), SUPPORTED);
    assert.deepEqual([k.target, k.status], [null, 'no_target']);
    const v = await u.prov.get(`/api/v1/indicator-values?indicator=${SUPPORTED}&unit=62&period=${P.YEAR}`);
    assert.deepEqual([v.json.target, v.json.target_year, v.json.status], [80, y, 'off_track']);
  });

  it('403 for roles without aggregates_read; 404 outside the scope; 422 for a bad period or unit', async () => {
    for (const who of ['hot', 'admin', 'auditor']) {
      assertError(await u[who].get(`/api/v1/dashboard?period=${P.MONTH}`), 403, 'forbidden');
      assertError(await u[who].get('/api/v1/programmes'), 403, 'forbidden');
    }
    assertError(await u.tb.get(`/api/v1/dashboard?unit=62&period=${P.MONTH}`), 404, 'not_found');
    assertError(await u.kdist.get(`/api/v1/dashboard?unit=62&period=${P.MONTH}`), 404, 'not_found');
    assertError(await u.viewer.get(`/api/v1/dashboard?unit=34&period=${P.MONTH}`), 404, 'not_found');
    for (const period of ['', '2020Q0', '2020-00', '2101', '20201']) {
      assertError(await u.prov.get(`/api/v1/dashboard?unit=62&period=${period}`), 422, 'invalid_field', 'period');
    }
    assertError(await u.prov.get(`/api/v1/dashboard?unit=6&period=${P.MONTH}`), 422, 'invalid_field', 'unit');
  });

  it('the programme: four projects holding every indicator of the catalogue', async () => {
    const r = await u.viewer.get('/api/v1/programmes');
    assertStatus(r, 200);
    assert.deepEqual(r.json.items.map((p) => [p.project, p.code]), [[1, 'p1'], [2, 'p2'], [3, 'p3'], [4, 'p4']]);
    assert.ok(r.json.items.every((p) => p.vi && p.en));
    assert.deepEqual(r.json.items.flatMap((p) => p.indicators), catalogue.map((x) => x.code));
    for (const p of r.json.items) assert.ok(p.indicators.every((c) => c.startsWith(`${p.code}_`)), p.code);
  });
});
