// Aggregate indicator values (docs/indicators.md §Aggregate values, §Which
// entry counts): entering and changing them (a reason for every change),
// their history and audit, the checks of each part, the entry that
// counts for a period (its own, else the smallest period containing it,
// else the sum of the child units), roles and scope, the viewer's masking,
// and the problems list finding a numerator above its denominator.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { periodsNow, value, partsAt } from './indicator_helpers.mjs';

const USERS = [
  { username: 'admin', role: 'admin', password: 'admin-pass-123' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'prov', full_name: 'Sở Kon Tum', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kdist', full_name: 'Phòng Đắk Tô', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'tb', role: 'province', scope: '34', password: 'tb-pass-12345' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
  { username: 'fac', role: 'facility', scope: '23401', password: 'fac-pass-1234' },
];

const P = periodsNow();
const PLAN = 'p2_districts_cp_plan_pct'; // aggregate / aggregate percent
const POPULATION = 'p3_population_ge_informed_pct'; // communications / aggregate
const WORKFORCE = 'p1_sw_workforce_trained_pct'; // trainings / aggregate
const SURVEYS = 'p3_safety_surveys_count'; // aggregate count

describe('aggregate values', () => {
  let srv;
  const u = {};
  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
  });
  after(async () => { await stopChecked(srv); });

  const put = (who, body) => u[who].req('PUT', '/api/v1/aggregate-values', body);
  const entry = (over = {}) => ({ indicator: PLAN, unit_code: '612', period: P.YEAR, numerator: 3, denominator: 4, ...over });
  let first;

  it('PUT a new entry → 201 with who and when; it counts at once, for the periods it contains', async () => {
    assert.deepEqual(await partsAt(u.prov, PLAN, ['612'], P.YEAR), { 612: [null, null, null] });
    const r = await put('kdist', entry());
    assertStatus(r, 201);
    first = r.json;
    assert.ok(Number.isInteger(first.id));
    assert.deepEqual([first.indicator, first.unit_code, first.tree, first.period, first.numerator, first.denominator, first.version],
      [PLAN, '612', '2024', P.YEAR, 3, 4, 1]);
    assert.ok(first.unit_name);
    assert.equal(first.entered_by_name, 'Phòng Đắk Tô');
    assert.ok(Number.isInteger(first.entered_by));
    assert.ok(!Number.isNaN(Date.parse(first.entered_at)));
    for (const period of [P.YEAR, P.HALF, P.QUARTER, P.MONTH]) {
      assert.deepEqual(await partsAt(u.prov, PLAN, ['612'], period), { 612: [3, 4, 75] }, period);
    }
    assert.deepEqual(await partsAt(u.prov, PLAN, ['612'], P.PREV_YEAR), { 612: [null, null, null] });
    const l = await u.prov.get(`/api/v1/aggregate-values?unit=62&period=${P.YEAR}`);
    assertStatus(l, 200);
    assert.deepEqual(l.json.items.map((e) => e.id), [first.id]);
    assert.deepEqual((await u.prov.get(`/api/v1/aggregate-values?indicator=${POPULATION}`)).json.items, []);
    assert.deepEqual((await u.prov.get(`/api/v1/aggregate-values?period=${P.PREV_YEAR}`)).json.items, []);
  });

  it('changing an entry needs a reason (422 without); 200, the history keeps both, the audit log the change', async () => {
    assertError(await put('kdist', entry({ numerator: 2 })), 422, 'invalid_field', 'reason');
    assertError(await put('kdist', entry({ numerator: 2, reason: 'ab' })), 422, 'invalid_field', 'reason');
    assertError(await put('kdist', entry({ numerator: 2, reason: 'x'.repeat(501) })), 422, 'invalid_field', 'reason');
    const r = await put('prov', entry({ numerator: 2, reason: 'Số liệu rà soát lại' }));
    assertStatus(r, 200);
    assert.deepEqual([r.json.id, r.json.numerator, r.json.denominator, r.json.version, r.json.entered_by_name],
      [first.id, 2, 4, 2, 'Sở Kon Tum']);
    assert.deepEqual(await partsAt(u.kdist, PLAN, ['612'], P.MONTH), { 612: [2, 4, 50] });
    const h = await u.kdist.get(`/api/v1/aggregate-values/${first.id}/history`);
    assertStatus(h, 200);
    assert.deepEqual(h.json.items.map((x) => [x.numerator, x.denominator, x.reason, x.by_name]),
      [[3, 4, null, 'Phòng Đắk Tô'], [2, 4, 'Số liệu rà soát lại', 'Sở Kon Tum']]);
    assert.ok(h.json.items.every((x) => !Number.isNaN(Date.parse(x.at))));
    const a = await u.auditor.get('/api/v1/audit?action=aggregate_value&page_size=200');
    assertStatus(a, 200);
    assert.equal(a.json.items.filter((e) => e.target === `aggregate_value:${first.id}`).length, 2);
  });

  it('every bad part is a 422 naming it; nothing is stored', async () => {
    const bad = [
      [{ numerator: 5, denominator: 4 }, 'numerator'], // a percent above 100
      [{ numerator: -1 }, 'numerator'],
      [{ denominator: -4, numerator: 0 }, 'denominator'],
      [{ numerator: 1.5 }, 'numerator'],
      [{ numerator: '3' }, 'numerator'],
      [{ indicator: WORKFORCE, numerator: 5, denominator: 10 }, 'numerator'], // trainings give the numerator
      [{ indicator: SURVEYS, numerator: 2, denominator: 3 }, 'denominator'], // a count has none
      [{ indicator: 'p1_staff_trained_count', numerator: 2, denominator: null }, 'indicator'], // records only
      [{ indicator: 'nope' }, 'indicator'],
      [{ indicator: undefined }, 'indicator'],
      [{ period: '2020Q5' }, 'period'],
      [{ period: '1999' }, 'period'],
      [{ unit_code: '99999' }, 'unit_code'],
      [{ tree: '2023' }, 'tree'],
      [{ colour: 'red' }, 'colour'],
    ];
    for (const [over, field] of bad) {
      assertError(await put('kdist', entry({ period: P.PREV_YEAR, ...over })), 422, 'invalid_field', field);
    }
    assertError(await put('kdist', entry({ period: P.PREV_YEAR, numerator: null, denominator: null })), 422, 'invalid_field', 'numerator');
    assert.deepEqual((await u.prov.get(`/api/v1/aggregate-values?period=${P.PREV_YEAR}`)).json.items, []);
  });

  it('roles and scope: writers inside their scope only; readers with aggregates_read', async () => {
    assertError(await put('tb', entry()), 403, 'out_of_scope');
    assertError(await put('rnga', entry({ unit_code: '23401' })), 403, 'out_of_scope');
    assertError(await put('kdist', entry({ unit_code: '62' })), 403, 'out_of_scope');
    for (const who of ['viewer', 'fac', 'hot', 'admin', 'auditor']) {
      assertError(await put(who, entry({ reason: 'Thử quyền ghi' })), 403, 'forbidden');
    }
    for (const who of ['hot', 'admin', 'auditor']) {
      assertError(await u[who].get('/api/v1/aggregate-values'), 403, 'forbidden');
      assertError(await u[who].get(`/api/v1/aggregate-values/${first.id}/history`), 403, 'forbidden');
    }
    assertError(await u.tb.get('/api/v1/aggregate-values?unit=612'), 404, 'not_found');
    assertError(await u.tb.get(`/api/v1/aggregate-values/${first.id}/history`), 404, 'not_found');
    assertError(await u.rnga.get(`/api/v1/aggregate-values/${first.id}/history`), 404, 'not_found');
    assertError(await u.kdist.get('/api/v1/aggregate-values/999999/history'), 404, 'not_found');
    assert.deepEqual((await u.tb.get('/api/v1/aggregate-values')).json.items, [], 'another province sees none');
    assert.deepEqual((await u.rnga.get('/api/v1/aggregate-values')).json.items, [], 'a commune below sees none of its district');
    assertError(await u.prov.get('/api/v1/aggregate-values?period=2020S3'), 422, 'invalid_field', 'period');
    assertError(await u.prov.get('/api/v1/aggregate-values?indicator=nope'), 422, 'invalid_field', 'indicator');
    // A commune enters its own numbers.
    assertStatus(await put('kcomm', { indicator: SURVEYS, unit_code: '23401', period: P.YEAR, numerator: 2 }), 201);
    assert.equal((await value(u.kcomm, SURVEYS, '23401', P.YEAR)).value, 2);
  });

  it('a unit without an entry takes the sum of its children; its own entry wins; a smaller period\'s entry wins over the year', async () => {
    assertStatus(await put('kcomm', { indicator: POPULATION, unit_code: '23401', period: P.YEAR, denominator: 1000 }), 201);
    assertStatus(await put('rnga', { indicator: POPULATION, unit_code: '23427', period: P.YEAR, denominator: 500 }), 201);
    assert.deepEqual(await partsAt(u.prov, POPULATION, ['23401', '23427', '612', '62'], P.MONTH),
      { 23401: [0, 1000, 0], 23427: [0, 500, 0], 612: [0, 1500, 0], 62: [0, 1500, 0] });
    assert.equal((await value(u.prov, POPULATION, '23428', P.MONTH)).denominator, null, 'no entry, no child entry: unknown');
    assertStatus(await put('kdist', { indicator: POPULATION, unit_code: '612', period: P.YEAR, denominator: 2000 }), 201);
    assert.deepEqual(await partsAt(u.prov, POPULATION, ['612', '62'], P.YEAR), { 612: [0, 2000, 0], 62: [0, 2000, 0] });
    assertStatus(await put('kdist', { indicator: POPULATION, unit_code: '612', period: P.QUARTER, denominator: 1600 }), 201);
    assert.equal((await value(u.prov, POPULATION, '612', P.MONTH)).denominator, 1600, 'the quarter holds the month');
    assert.equal((await value(u.prov, POPULATION, '612', P.QUARTER)).denominator, 1600);
    assert.equal((await value(u.prov, POPULATION, '612', P.YEAR)).denominator, 2000, 'the year keeps its own');
    assert.equal((await value(u.prov, POPULATION, '612', P.PREV_QUARTER)).denominator,
      P.PREV_QUARTER.startsWith(P.YEAR) ? 2000 : null, 'another quarter: the year\'s entry');
    // Communication reach over the population, rolled up from sums.
    assertStatus(await u.kcomm.post('/api/v1/communications', {
      unit_code: '23401', kind: 'meeting', topic: 'gender_equality', held_on: P.TODAY, title: 'Truyền thông bình đẳng giới',
      reach_male: 100, reach_female: 60,
    }), 201);
    assert.deepEqual(await partsAt(u.prov, POPULATION, ['23401', '612', '62'], P.MONTH),
      { 23401: [160, 1000, 16], 612: [160, 1600, 10], 62: [160, 1600, 10] });
  });

  it('the viewer sees entries of 1–4 as "<5" and larger ones exactly', async () => {
    assertStatus(await put('kdist', { indicator: PLAN, unit_code: '612', period: P.PREV_YEAR, numerator: 6, denominator: 10 }), 201);
    let v = await value(u.viewer, PLAN, '612', P.PREV_YEAR);
    assert.deepEqual([v.numerator, v.denominator, v.value, v.suppressed], [6, 10, 60, false]);
    v = await value(u.viewer, PLAN, '612', P.YEAR);
    assert.deepEqual([v.numerator, v.denominator, v.value, v.suppressed], ['<5', '<5', null, true]);
    const l = await u.viewer.get(`/api/v1/aggregate-values?indicator=${PLAN}&period=${P.YEAR}`);
    assertStatus(l, 200);
    assert.deepEqual(l.json.items.map((e) => [e.numerator, e.denominator]), [['<5', '<5']]);
    const h = await u.viewer.get(`/api/v1/aggregate-values/${first.id}/history`);
    assertStatus(h, 200);
    assert.deepEqual(h.json.items.map((x) => [x.numerator, x.denominator]), [['<5', '<5'], ['<5', '<5']]);
    assert.deepEqual((await u.prov.get(`/api/v1/aggregate-values?indicator=${PLAN}&period=${P.YEAR}`)).json.items.map((e) => e.numerator), [2]);
  });

  it('indicator-problems lists a numerator above the denominator made through aggregates', async () => {
    const problems = async (who, unit, period = P.MONTH) => {
      const r = await u[who].get(`/api/v1/indicator-problems?unit=${unit}&period=${period}`);
      assertStatus(r, 200);
      return r.json.items;
    };
    const exceeds = (items) => items.filter((x) => x.indicator === WORKFORCE && x.code === 'numerator_exceeds_denominator');
    assert.deepEqual(exceeds(await problems('prov', '612')), []);
    // A workforce of 1 at 23401, then two of its staff trained.
    assertStatus(await put('kcomm', { indicator: WORKFORCE, unit_code: '23401', period: P.YEAR, denominator: 1 }), 201);
    const t = await u.kcomm.post('/api/v1/trainings', {
      title: 'Tập huấn công tác xã hội', topic: 'sw_skills', starts_on: P.TODAY, ends_on: P.TODAY, unit_code: '23401',
    });
    assertStatus(t, 201);
    for (const full_name of ['Nguyễn Thị Hoa', 'Trần Văn Nam']) {
      assertStatus(await u.kcomm.post(`/api/v1/trainings/${t.json.id}/participants`, { full_name, sex: 'female', role: 'sw_official' }), 201);
    }
    assert.deepEqual(await partsAt(u.prov, WORKFORCE, ['23401', '612'], P.MONTH), { 23401: [2, 1, 200], 612: [2, 1, 200] });
    const at612 = exceeds(await problems('kdist', '612'));
    assert.deepEqual(at612.map((x) => x.unit_code).sort(), ['23401', '612']);
    assert.ok(at612.every((x) => x.period === P.MONTH && typeof x.message === 'string' && x.unit_name));
    assert.deepEqual(exceeds(await problems('prov', '62')).map((x) => x.unit_code).sort(), ['612', '62']);
    assert.deepEqual(exceeds(await problems('kcomm', '23401', P.YEAR)).map((x) => x.unit_code), ['23401']);
    assert.deepEqual(exceeds(await problems('prov', '62', P.PREV_YEAR)), []);
    // Trainees without a workforce entered: the denominator is missing.
    const t2 = await u.rnga.post('/api/v1/trainings', {
      title: 'Tập huấn cộng tác viên', topic: 'sw_skills', starts_on: P.TODAY, ends_on: P.TODAY, unit_code: '23427',
    });
    assertStatus(await u.rnga.post(`/api/v1/trainings/${t2.json.id}/participants`, { full_name: 'A Văn Bình', sex: 'male', role: 'sw_collaborator' }), 201);
    const missing = (await problems('kdist', '612')).filter((x) => x.code === 'missing_denominator' && x.indicator === WORKFORCE);
    assert.deepEqual(missing.map((x) => x.unit_code), ['23427']);
    assertError(await u.tb.get(`/api/v1/indicator-problems?unit=612&period=${P.MONTH}`), 404, 'not_found');
    assertError(await u.prov.get('/api/v1/indicator-problems?unit=62&period=20x'), 422, 'invalid_field', 'period');
  });
  it('the dashboard resolves every aggregate part of a unit at once, as indicator-values does one by one', async () => {
    const codes = [PLAN, POPULATION, WORKFORCE, SURVEYS];
    for (const [unit, period] of [['612', P.YEAR], ['612', P.MONTH], ['62', P.QUARTER], ['23401', P.YEAR]]) {
      const d = await u.prov.get(`/api/v1/dashboard?unit=${unit}&period=${period}`);
      assertStatus(d, 200);
      for (const code of codes) {
        const one = await value(u.prov, code, unit, period);
        const x = d.json.indicators.find((i) => i.code === code);
        assert.deepEqual([x.numerator, x.denominator, x.value], [one.numerator, one.denominator, one.value], `${code} ${unit} ${period}`);
        for (const child of d.json.children) {
          const c = await value(u.prov, code, child.code, period);
          assert.deepEqual([child.values[code].numerator, child.values[code].denominator],
            [c.numerator, c.denominator], `${code} ${child.code} ${period}`);
        }
      }
    }
    const d = await u.prov.get(`/api/v1/dashboard?unit=612&period=${P.YEAR}`);
    const x = (code) => d.json.indicators.find((i) => i.code === code);
    assert.deepEqual([x(PLAN).numerator, x(PLAN).denominator], [2, 4]);
    assert.deepEqual(x(POPULATION).denominator, 2000);
    assert.deepEqual(x(WORKFORCE).denominator, 1);
    assert.deepEqual(x(SURVEYS).numerator, 2);
  });
});
