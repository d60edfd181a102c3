// Live indicator values (docs/indicators.md §Values, API.md §Indicators):
// cases opened, supported through the real approval flow, closed and
// re-opened, residents admitted and discharged, training participants and
// communication activities change the right values at once — at the
// record's unit and every unit above it, for the periods holding the
// opening and no others; percentages roll up from summed parts; the
// children of a unit; the cases behind a number; the viewer's small-count
// masking; roles, scope and argument checks.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked, loadUnits, subtreeCodes } from './helpers.mjs';
import { FACTS, hcmDay } from './cases_helpers.mjs';
import {
  periodsNow, value, partsAt, supportCase, closeCase, reopenCase,
} from './indicator_helpers.mjs';

const USERS = [
  { username: 'admin', role: 'admin', password: 'admin-pass-123' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'nviewer', role: 'viewer', password: 'nviewer-pass-1' },
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kdist', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'glei', role: 'district', scope: '610', password: 'glei-pass-12' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'tb', role: 'province', scope: '34', password: 'tb-pass-12345' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
  { username: 'fac', role: 'facility', scope: '23401', password: 'fac-pass-1234' },
];

const P = periodsNow();
// Where a record of commune 23401 (Đắk Tô, district 612, Kon Tum 62)
// counts, and where it does not (Đắk Glei 610, Đắk Rơ Nga 23427 of 612,
// Thái Bình 34).
const UP = ['23401', '612', '62', ''];
const ELSEWHERE = ['23427', '610', '34'];
const SUPPORTED = 'p1_disadvantaged_supported_pct';
const MANAGED = 'p2_csc_managed_pct';
const CSC_SUPPORTED = 'p2_csc_supported_pct';

describe('indicator values', () => {
  let srv;
  const u = {};
  let n = 0;
  const person = () => ({ full_name: `Người Thứ ${++n}`, sex: 'female', birth_year: 2012 });

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
  });
  after(async () => { await stopChecked(srv); });

  async function newCase(who, unit, type, details) {
    const r = await u[who].post('/api/v1/cases', { type, unit_code: unit, person: person(), details });
    assertStatus(r, 201);
    return r.json;
  }

  describe('cases: opening, support, closing and re-opening', () => {
    let sa; // social_assistance case of 23401

    it('a new case counts at once in its commune and every unit above, in the periods holding today only', async () => {
      for (const unit of [...UP, ...ELSEWHERE]) {
        const v = await value(u.nviewer, SUPPORTED, unit, P.MONTH);
        assert.equal(v.denominator, 0, `before: ${unit}`);
        assert.equal(v.value, null, `0 of 0 is no value: ${unit}`);
      }
      sa = await newCase('kcomm', '23401', 'social_assistance', FACTS.social_assistance);
      for (const period of [P.MONTH, P.QUARTER, P.HALF, P.YEAR]) {
        assert.deepEqual(await partsAt(u.prov, SUPPORTED, ['23401', '612', '62'], period),
          { 23401: [0, 1, 0], 612: [0, 1, 0], 62: [0, 1, 0] }, period);
        const nat = await value(u.nviewer, SUPPORTED, '', period);
        assert.equal(nat.denominator, '<5', 'national viewer: masked');
      }
      for (const period of [P.PREV_MONTH, P.NEXT_MONTH, P.PREV_QUARTER, P.OTHER_HALF, P.PREV_YEAR]) {
        assert.deepEqual(await partsAt(u.prov, SUPPORTED, ['23401', '612', '62'], period),
          { 23401: [0, 0, null], 612: [0, 0, null], 62: [0, 0, null] }, period);
      }
      for (const unit of ['23427', '610']) {
        assert.equal((await value(u.prov, SUPPORTED, unit, P.MONTH)).denominator, 0, unit);
      }
      assert.equal((await value(u.tb, SUPPORTED, '34', P.MONTH)).denominator, 0);
    });

    it('without a unit: the nation for a national reader, the own scope for a scoped one', async () => {
      // A province user asking without a unit reads its own province.
      const own = await u.prov.get(`/api/v1/indicator-values?indicator=${SUPPORTED}&period=${P.MONTH}`);
      assertStatus(own, 200);
      assert.equal(own.json.unit, '62');
      assert.equal(own.json.denominator, 1);
      const nat = await value(u.nviewer, SUPPORTED, undefined, P.YEAR);
      assert.equal(nat.unit, '');
    });

    it('an approved plan makes the case supported: the numerator moves everywhere above', async () => {
      await supportCase(u.kcomm, u.prov, sa.id);
      for (const period of [P.MONTH, P.YEAR]) {
        assert.deepEqual(await partsAt(u.prov, SUPPORTED, ['23401', '612', '62'], period),
          { 23401: [1, 1, 100], 612: [1, 1, 100], 62: [1, 1, 100] }, period);
      }
      assert.equal((await value(u.prov, SUPPORTED, '612', P.PREV_MONTH)).numerator, 0);
    });

    let csc; // child in special circumstances, 23401
    it('closing through the approval flow and re-opening change the values at once', async () => {
      csc = await newCase('kcomm', '23401', 'child_protection',
        { child_status: 'special_circumstances', csc_groups: ['csc01'] });
      assert.deepEqual(await partsAt(u.prov, MANAGED, ['23401', '612', '62'], P.MONTH),
        { 23401: [1, null, null], 612: [1, null, null], 62: [1, null, null] }, 'open: managed');
      assert.deepEqual(await partsAt(u.prov, CSC_SUPPORTED, ['23401', '612', '62'], P.MONTH),
        { 23401: [0, 1, 0], 612: [0, 1, 0], 62: [0, 1, 0] });

      await supportCase(u.kcomm, u.prov, csc.id);
      assert.deepEqual(await partsAt(u.prov, CSC_SUPPORTED, ['23401', '612', '62'], P.QUARTER),
        { 23401: [1, 1, 100], 612: [1, 1, 100], 62: [1, 1, 100] }, 'supported');

      await closeCase(u.kcomm, u.prov, csc.id);
      for (const period of [P.MONTH, P.QUARTER, P.HALF, P.YEAR]) {
        assert.deepEqual(await partsAt(u.prov, MANAGED, ['23401', '612', '62'], period),
          { 23401: [0, null, null], 612: [0, null, null], 62: [0, null, null] }, `closed: ${period}`);
      }
      // The plan was approved before closing: still supported.
      assert.equal((await value(u.prov, CSC_SUPPORTED, '62', P.MONTH)).numerator, 1);

      await reopenCase(u.kcomm, csc.id);
      assert.deepEqual(await partsAt(u.prov, MANAGED, ['23401', '612', '62'], P.YEAR),
        { 23401: [1, null, null], 612: [1, null, null], 62: [1, null, null] }, 're-opened: managed again');
      // Re-opening clears the plan approval (docs/cases.md): a fresh plan is needed.
      assert.deepEqual(await partsAt(u.prov, CSC_SUPPORTED, ['23401', '612', '62'], P.YEAR),
        { 23401: [0, 1, 0], 612: [0, 1, 0], 62: [0, 1, 0] }, 're-opened: not supported');
    });

    it('a province percent is computed from summed parts, never averaged', async () => {
      // 612: 1 of 4 supported (25 %); 610: 1 of 1 (100 %).  Average 62.5;
      // the sums give 2 of 5 = 40 %.
      for (let i = 0; i < 3; i++) await newCase('rnga', '23427', 'social_assistance', FACTS.social_assistance);
      const g = await newCase('glei', '23341', 'social_assistance', FACTS.social_assistance);
      await supportCase(u.glei, u.prov, g.id);
      assert.deepEqual(await partsAt(u.prov, SUPPORTED, ['612', '610', '62'], P.MONTH),
        { 612: [1, 4, 25], 610: [1, 1, 100], 62: [2, 5, 40] });
      const kids = await u.prov.get(`/api/v1/indicator-values/children?indicator=${SUPPORTED}&unit=62&period=${P.MONTH}`);
      assertStatus(kids, 200);
      const districts = loadUnits('2024').filter((x) => x.parent_code === '62').map((x) => x.code).sort();
      assert.deepEqual(kids.json.items.map((x) => x.unit.code), districts, 'every child, by code');
      const by = Object.fromEntries(kids.json.items.map((x) => [x.unit.code, x]));
      assert.deepEqual([by['612'].numerator, by['612'].denominator, by['612'].value], [1, 4, 25]);
      assert.deepEqual([by['610'].numerator, by['610'].denominator, by['610'].value], [1, 1, 100]);
      assert.equal(by['612'].unit.level, 2);
      assert.ok(by['612'].unit.name);
      assert.deepEqual([by['613'].denominator, by['613'].value, by['613'].status], [0, null, 'no_target']);
      const communes = await u.prov.get(`/api/v1/indicator-values/children?indicator=${SUPPORTED}&unit=612&period=${P.MONTH}`);
      const c = Object.fromEntries(communes.json.items.map((x) => [x.unit.code, x]));
      assert.equal(communes.json.items.length, subtreeCodes('2024', '612').size - 1);
      assert.deepEqual([c['23401'].numerator, c['23401'].denominator], [1, 1]);
      assert.deepEqual([c['23427'].numerator, c['23427'].denominator, c['23427'].value], [0, 3, 0]);
      const nat = await u.nviewer.get(`/api/v1/indicator-values/children?indicator=${SUPPORTED}&period=${P.MONTH}`);
      assertStatus(nat, 200);
      assert.equal(nat.json.items.length, loadUnits('2024').filter((x) => x.level === 1).length, 'the nation\'s children: every province');
    });
  });

  describe('the cases behind a number', () => {
    const drill = (who, q) => u[who].get(`/api/v1/indicator-values/cases?${new URLSearchParams(q)}`);

    it('lists exactly the cases of the part, unit and period', async () => {
      const all = await u.prov.get('/api/v1/cases?type=social_assistance&page_size=200');
      const expect = (pred) => all.json.items.filter(pred).map((x) => x.id).sort((a, b) => a - b);
      const ids = (r) => r.json.items.map((x) => x.id).sort((a, b) => a - b);
      let r = await drill('prov', { indicator: SUPPORTED, unit: '612', period: P.MONTH, part: 'denominator' });
      assertStatus(r, 200);
      assert.equal(r.json.total, 4);
      assert.deepEqual(ids(r), expect((x) => ['23401', '23427'].includes(x.unit_code)));
      assert.ok(r.json.items.every((x) => x.type === 'social_assistance' && typeof x.case_no === 'string'));
      r = await drill('prov', { indicator: SUPPORTED, unit: '612', period: P.MONTH });
      assert.equal(r.json.total, 1, 'part defaults to numerator');
      assert.deepEqual(ids(r), expect((x) => x.unit_code === '23401'));
      r = await drill('prov', { indicator: SUPPORTED, unit: '62', period: P.YEAR, part: 'numerator' });
      assert.equal(r.json.total, 2);
      assert.deepEqual(ids(r), expect((x) => ['23401', '23341'].includes(x.unit_code)));
      r = await drill('kdist', { indicator: SUPPORTED, unit: '612', period: P.PREV_MONTH, part: 'denominator' });
      assertStatus(r, 200);
      assert.deepEqual(r.json.items, []);
      r = await drill('prov', { indicator: MANAGED, unit: '62', period: P.MONTH, part: 'numerator', page_size: '1' });
      assert.equal(r.json.total, 1);
      assert.equal(r.json.items[0].type, 'child_protection');
    });

    it('403 for the viewer and the hotline; 404 outside the scope; 409 for parts not from cases; 422 bad arguments', async () => {
      const q = { indicator: SUPPORTED, unit: '612', period: P.MONTH };
      assertError(await drill('viewer', q), 403, 'forbidden');
      assertError(await drill('nviewer', q), 403, 'forbidden');
      assertError(await drill('hot', q), 403, 'forbidden');
      assertError(await drill('tb', q), 404, 'not_found');
      assertError(await drill('rnga', { ...q, unit: '23401' }), 404, 'not_found');
      assertError(await drill('prov', { ...q, indicator: 'p1_staff_trained_count' }), 409, 'not_case_based');
      assertError(await drill('prov', { ...q, indicator: MANAGED, part: 'denominator' }), 409, 'not_case_based');
      assertError(await drill('prov', { ...q, part: 'both' }), 422, 'invalid_field', 'part');
      assertError(await drill('prov', { ...q, period: '2020Q5' }), 422, 'invalid_field', 'period');
      assertError(await drill('prov', { ...q, indicator: 'nope' }), 422, 'invalid_field', 'indicator');
    });
  });

  describe('residents, trainings and communications', () => {
    const RESIDENTS = 'p1_residents_per_facility_count';
    const TRAINED = 'p1_staff_trained_count';
    const CAREGIVERS = 'p1_family_caregivers_trained_per_year_count';

    it('admitting a resident counts at the facility\'s unit and above; discharging takes it out', async () => {
      const f = await u.prov.post('/api/v1/facilities', {
        name: 'Trung tâm Bảo trợ Đắk Tô', type: 'fac_general', ownership: 'public', unit_code: '612', capacity: 20,
        licence_no: 'GP-02', licence_date: '2020-01-15',
      });
      assertStatus(f, 201);
      const child = await newCase('kcomm', '23401', 'child_protection', FACTS.child_protection);
      assert.deepEqual(await partsAt(u.prov, RESIDENTS, ['612', '62'], P.MONTH), { 612: [0, null, 0], 62: [0, null, 0] });
      const s = await u.kcomm.post(`/api/v1/facilities/${f.json.id}/residents`, {
        case_id: child.id, admission_kind: 'ordinary', reason: 'Không còn người chăm sóc',
        decided_by: 'Quyết định 12/QĐ-UBND', admitted_on: P.TODAY,
      });
      assertStatus(s, 201);
      assert.deepEqual(await partsAt(u.prov, RESIDENTS, ['612', '62', ''], P.MONTH),
        { 612: [1, null, 1], 62: [1, null, 1], nation: [1, null, 1] });
      assert.equal((await value(u.prov, RESIDENTS, '610', P.MONTH)).value, 0, 'another district');
      assert.equal((await value(u.prov, RESIDENTS, '23401', P.MONTH)).value, 0, 'the facility belongs to the district');
      assert.equal((await value(u.prov, RESIDENTS, '612', P.PREV_MONTH)).value, 0, 'not yet resident then');
      assertStatus(await u.kcomm.post(`/api/v1/residents/${s.json.id}/discharge`, { reason: 'returned_family', discharged_on: hcmDay() }), 200);
      assert.deepEqual(await partsAt(u.prov, RESIDENTS, ['612', '62'], P.MONTH), { 612: [0, null, 0], 62: [0, null, 0] });
    });

    it('training participants count at their unit and above, in the period holding the training\'s end', async () => {
      const t = await u.kdist.post('/api/v1/trainings', {
        title: 'Tập huấn kỹ năng công tác xã hội', topic: 'sw_skills', starts_on: P.TODAY, ends_on: P.TODAY,
        unit_code: '612',
      });
      assertStatus(t, 201);
      const add = async (who, body) => assertStatus(await u[who].post(`/api/v1/trainings/${t.json.id}/participants`, {
        full_name: `Học Viên ${++n}`, sex: 'female', ...body,
      }), 201);
      await add('kdist', { role: 'sw_official', unit_code: '23401' });
      assert.deepEqual(await partsAt(u.prov, TRAINED, ['23401', '612', '62', ''], P.MONTH),
        { 23401: [1, null, 1], 612: [1, null, 1], 62: [1, null, 1], nation: [1, null, 1] });
      await add('kdist', { role: 'sw_collaborator', unit_code: '23427' });
      await add('kdist', { role: 'family_caregiver', unit_code: '23427' });
      await add('kdist', { role: 'female_leader', unit_code: '23427' });
      assert.deepEqual(await partsAt(u.prov, TRAINED, ['23401', '23427', '612', '62'], P.YEAR),
        { 23401: [1, null, 1], 23427: [1, null, 1], 612: [2, null, 2], 62: [2, null, 2] });
      assert.deepEqual(await partsAt(u.prov, CAREGIVERS, ['23427', '612', '62'], P.HALF),
        { 23427: [1, null, 1], 612: [1, null, 1], 62: [1, null, 1] });
      assert.equal((await value(u.prov, TRAINED, '610', P.MONTH)).value, 0);
      assert.equal((await value(u.prov, TRAINED, '612', P.PREV_YEAR)).value, 0);
      assert.equal((await value(u.prov, TRAINED, '612', P.NEXT_MONTH)).value, 0);
    });

    it('communication activities count at their commune and above', async () => {
      const INFORMED = 'p3_population_ge_informed_pct';
      const COMMUNES = 'p4_communes_prostitution_communication_pct';
      const communesOf = (code) => {
        const below = subtreeCodes('2024', code);
        return loadUnits('2024').filter((x) => x.level === 3 && below.has(x.code)).length;
      };
      const k612 = communesOf('612');
      const k62 = communesOf('62');
      const before = await partsAt(u.prov, COMMUNES, ['612', '62'], P.MONTH);
      assert.deepEqual(before, { 612: [0, k612, 0], 62: [0, k62, 0] });
      const post = async (who, body) => assertStatus(await u[who].post('/api/v1/communications', {
        unit_code: '23401', kind: 'meeting', held_on: P.TODAY, title: 'Truyền thông tại thôn', reach_male: 40, reach_female: 55, ...body,
      }), 201);
      await post('kcomm', { topic: 'gender_equality' });
      assert.deepEqual(await partsAt(u.prov, INFORMED, ['23401', '612', '62', ''], P.MONTH),
        { 23401: [95, null, null], 612: [95, null, null], 62: [95, null, null], nation: [95, null, null] });
      assert.equal((await value(u.prov, INFORMED, '23427', P.MONTH)).numerator, 0);
      assert.equal((await value(u.prov, INFORMED, '612', P.PREV_MONTH)).numerator, 0);
      await post('kcomm', { topic: 'anti_prostitution' });
      await post('kcomm', { topic: 'anti_prostitution' }); // the same commune counts once
      await post('rnga', { unit_code: '23427', topic: 'anti_prostitution' });
      const r = (x, y) => Math.round((1000 * x) / y) / 10;
      assert.deepEqual(await partsAt(u.prov, COMMUNES, ['612', '62'], P.MONTH),
        { 612: [2, k612, r(2, k612)], 62: [2, k62, r(2, k62)] });
      assert.deepEqual((await partsAt(u.prov, COMMUNES, ['610'], P.MONTH))['610'].slice(0, 1), [0]);
    });
  });

  describe('the viewer never sees a count under 5', () => {
    it('counts 1–4 are "<5", small percents are null and suppressed; 0 stays 0; others see exact numbers', async () => {
      // 612: 1 supported of 4 (see above).
      let v = await value(u.viewer, SUPPORTED, '612', P.MONTH);
      assert.equal(v.numerator, '<5');
      assert.equal(v.denominator, '<5');
      assert.equal(v.value, null);
      assert.equal(v.suppressed, true);
      v = await value(u.viewer, SUPPORTED, '62', P.MONTH);
      assert.equal(v.numerator, '<5');
      assert.equal(v.denominator, 5);
      assert.equal(v.value, null);
      assert.equal(v.suppressed, true);
      v = await value(u.viewer, 'p1_staff_trained_count', '612', P.YEAR);
      assert.equal(v.numerator, '<5');
      assert.equal(v.value, '<5');
      v = await value(u.viewer, SUPPORTED, '613', P.MONTH);
      assert.deepEqual([v.numerator, v.denominator, v.value, v.suppressed], [0, 0, null, false]);
      v = await value(u.prov, SUPPORTED, '612', P.MONTH);
      assert.deepEqual([v.numerator, v.denominator, v.value, v.suppressed], [1, 4, 25, false]);
      const kids = await u.viewer.get(`/api/v1/indicator-values/children?indicator=${SUPPORTED}&unit=62&period=${P.MONTH}`);
      const by = Object.fromEntries(kids.json.items.map((x) => [x.unit.code, x]));
      assert.deepEqual([by['612'].numerator, by['612'].denominator, by['612'].value, by['612'].suppressed], ['<5', '<5', null, true]);
      const text = JSON.stringify(kids.json);
      assert.doesNotMatch(text, /"(numerator|denominator)":[1-4][,}]/, 'no 1–4 anywhere');
    });
  });

  describe('roles, scope and arguments', () => {
    const q = `indicator=${SUPPORTED}&unit=62&period=${P.MONTH}`;

    it('403 for roles without aggregates_read (hotline, admin, auditor)', async () => {
      for (const who of ['hot', 'admin', 'auditor']) {
        assertError(await u[who].get(`/api/v1/indicator-values?${q}`), 403, 'forbidden');
        assertError(await u[who].get(`/api/v1/indicator-values/children?${q}`), 403, 'forbidden');
        assertError(await u[who].get('/api/v1/indicators'), 403, 'forbidden');
        assertError(await u[who].get(`/api/v1/indicator-problems?unit=62&period=${P.MONTH}`), 403, 'forbidden');
      }
      assertStatus(await u.fac.get(`/api/v1/indicator-values?indicator=${SUPPORTED}&unit=23401&period=${P.MONTH}`), 200);
    });

    it('404 for a unit outside the scope; 422 for a bad period, indicator, unit or tree', async () => {
      assertError(await u.tb.get(`/api/v1/indicator-values?${q}`), 404, 'not_found');
      assertError(await u.rnga.get(`/api/v1/indicator-values?indicator=${SUPPORTED}&unit=23401&period=${P.MONTH}`), 404, 'not_found');
      assertError(await u.kdist.get(`/api/v1/indicator-values?indicator=${SUPPORTED}&unit=62&period=${P.MONTH}`), 404, 'not_found');
      assertError(await u.tb.get(`/api/v1/indicator-values/children?${q}`), 404, 'not_found');
      for (const period of ['2020Q5', '2020S3', '2020-13', '1999', '2101', 'x', '']) {
        assertError(await u.prov.get(`/api/v1/indicator-values?indicator=${SUPPORTED}&unit=62&period=${period}`), 422, 'invalid_field', 'period');
      }
      assertError(await u.prov.get(`/api/v1/indicator-values?indicator=${SUPPORTED}&unit=62`), 422, 'invalid_field', 'period');
      assertError(await u.prov.get(`/api/v1/indicator-values?indicator=nope&unit=62&period=${P.MONTH}`), 422, 'invalid_field', 'indicator');
      assertError(await u.prov.get(`/api/v1/indicator-values?unit=62&period=${P.MONTH}`), 422, 'invalid_field', 'indicator');
      assertError(await u.prov.get(`/api/v1/indicator-values?indicator=${SUPPORTED}&unit=99999&period=${P.MONTH}`), 422, 'invalid_field', 'unit');
      assertError(await u.prov.get(`/api/v1/indicator-values?${q}&tree=2023`), 422, 'invalid_field', 'tree');
    });

    it('the catalogue: every indicator with its sources', async () => {
      const r = await u.viewer.get('/api/v1/indicators');
      assertStatus(r, 200);
      assert.equal(r.json.items.length, 46);
      const s = Object.fromEntries(r.json.items.map((x) => [x.code, x]));
      assert.deepEqual([s[SUPPORTED].kind, s[SUPPORTED].numerator_source, s[SUPPORTED].denominator_source], ['percent', 'cases', 'cases']);
      assert.deepEqual([s.p1_sw_workforce_trained_pct.numerator_source, s.p1_sw_workforce_trained_pct.denominator_source], ['trainings', 'aggregate']);
      assert.deepEqual([s.p1_staff_trained_count.kind, s.p1_staff_trained_count.denominator_source], ['count', null]);
      assert.equal(s.p2_child_abuse_rate_reduction_pct.kind, 'reduction_pct');
      assert.deepEqual([s.p3_safety_surveys_count.numerator_source, s.p3_safety_surveys_count.denominator_source], ['aggregate', null]);
      for (const x of r.json.items) {
        for (const k of ['code', 'project', 'kind', 'vi', 'en', 'computable_from']) assert.ok(x[k] !== undefined && x[k] !== null, `${x.code}.${k}`);
      }
    });
  });
});
