// Disaggregated indicator values (docs/indicators.md §Disaggregations):
// the catalogue names each indicator's disaggregations; GET
// /indicator-values?by=sex|age_group|ethnicity adds a breakdown computed
// from the records — cases by their person (age at the opening day, from
// the birth date before the birth year), training participants by sex and
// birth year, communications by reach_male / reach_female — whose groups
// sum to the totals, at the unit's subtree only; 422 for a `by` that does
// not apply; the viewer's small-count masking in every group.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS, hcmDay, hcmYear } from './cases_helpers.mjs';
import { periodsNow, supportCase } from './indicator_helpers.mjs';

const USERS = [
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kdist', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'glei', role: 'commune', scope: '23341', password: 'glei-pass-12' },
];

const P = periodsNow();
const Y = hcmYear();
const SUPPORTED = 'p1_disadvantaged_supported_pct';
const AT_RISK = 'p2_at_risk_abused_supported_pct';
const TRAINED = 'p1_staff_trained_count';
const INFORMED = 'p3_population_ge_informed_pct';

// Tomorrow's month and day, `years` years ago: a person whose birthday
// is tomorrow (29 February becomes 1 March).
function birthdayTomorrow(years) {
  const md = hcmDay(1).slice(4);
  return `${Number(hcmDay(1).slice(0, 4)) - years}${md === '-02-29' ? '-03-01' : md}`;
}

// {group: [numerator, denominator, value]} of a breakdown.
const groups = (v) => Object.fromEntries(v.breakdown.map((g) => [g.group, [g.numerator, g.denominator, g.value]]));

describe('indicator breakdowns', () => {
  let srv;
  const u = {};
  let n = 0;

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
  });
  after(async () => { await stopChecked(srv); });

  async function newCase(who, unit, type, person, details = FACTS[type]) {
    const r = await u[who].post('/api/v1/cases', {
      type, unit_code: unit, person: { full_name: `Người Thứ ${++n}`, ...person }, details,
    });
    assertStatus(r, 201);
    return r.json;
  }

  async function breakdown(client, indicator, unit, period, by) {
    const q = new URLSearchParams({ indicator, unit, period, by });
    const r = await client.get(`/api/v1/indicator-values?${q}`);
    assertStatus(r, 200);
    assert.equal(r.json.by, by);
    return r.json;
  }

  // Every group's counts add up to the total's.
  function sumsToTotal(v) {
    const num = v.breakdown.reduce((s, g) => s + g.numerator, 0);
    assert.equal(num, v.numerator, 'numerators sum to the total');
    if (v.denominator !== null) {
      assert.equal(v.breakdown.reduce((s, g) => s + g.denominator, 0), v.denominator, 'denominators sum');
    } else {
      assert.ok(v.breakdown.every((g) => g.denominator === null), 'an aggregate denominator stays null');
    }
  }

  it('the catalogue names the disaggregations of each indicator from its numerator\'s records', async () => {
    const r = await u.prov.get('/api/v1/indicators');
    assertStatus(r, 200);
    const d = Object.fromEntries(r.json.items.map((x) => [x.code, x.disaggregations]));
    assert.deepEqual(d[SUPPORTED], ['sex', 'age_group', 'ethnicity']);
    assert.deepEqual(d[TRAINED], ['sex', 'age_group']);
    assert.deepEqual(d[INFORMED], ['sex']);
    assert.deepEqual(d.p1_nonpublic_facilities_count, []);
    assert.deepEqual(d.p1_residents_per_facility_count, []);
    assert.deepEqual(d.p4_harm_reduction_subunits_pct, []);
    assert.deepEqual(d.p2_districts_cp_plan_pct, []);
    assert.ok(r.json.items.every((x) => Array.isArray(x.disaggregations)));
  });

  it('cases: by sex, age group at opening and ethnicity, summing to the totals, in the unit\'s subtree', async () => {
    // Commune 23401 of district 612 (Kon Tum 62); 23341 is in 610.
    const old = await newCase('kcomm', '23401', 'social_assistance',
      { sex: 'female', birth_date: `${Y - 70}-01-15`, ethnicity: '01' });
    await newCase('kcomm', '23401', 'social_assistance', { sex: 'male', birth_year: Y - 30, ethnicity: '08' });
    await newCase('kcomm', '23401', 'social_assistance', { sex: 'female', birth_year: Y - 10 });
    await newCase('kcomm', '23401', 'social_assistance', { sex: 'male', ethnicity: '01' });
    // 17 today by the birth date (18 by the year alone).
    await newCase('kcomm', '23401', 'social_assistance', { sex: 'female', birth_date: birthdayTomorrow(18) });
    await newCase('glei', '23341', 'social_assistance', { sex: 'male', birth_year: Y - 40, ethnicity: '08' });
    // Another indicator's case: not in these breakdowns.
    await newCase('kcomm', '23401', 'child_protection', { sex: 'male', birth_year: Y - 7, ethnicity: '08' });
    await supportCase(u.kcomm, u.prov, old.id);

    let v = await breakdown(u.prov, SUPPORTED, '612', P.MONTH, 'sex');
    assert.deepEqual([v.numerator, v.denominator], [1, 5]);
    assert.deepEqual(groups(v), { male: [0, 2, 0], female: [1, 3, 33.3] });
    assert.deepEqual(v.breakdown.map((g) => g.group), ['male', 'female']);
    sumsToTotal(v);

    v = await breakdown(u.prov, SUPPORTED, '612', P.MONTH, 'age_group');
    assert.deepEqual(v.breakdown.map((g) => g.group), ['0-15', '16-17', '18-59', '60+', 'unknown']);
    assert.deepEqual(groups(v), {
      '0-15': [0, 1, 0], '16-17': [0, 1, 0], '18-59': [0, 1, 0], '60+': [1, 1, 100], unknown: [0, 1, 0],
    });
    sumsToTotal(v);

    v = await breakdown(u.prov, SUPPORTED, '612', P.QUARTER, 'ethnicity');
    assert.deepEqual(v.breakdown.map((g) => g.group), ['01', '08', 'unknown']);
    assert.deepEqual(groups(v), { '01': [1, 2, 50], '08': [0, 1, 0], unknown: [0, 2, 0] });
    sumsToTotal(v);

    // The province holds 610's case too; the commune of 610 only its own.
    v = await breakdown(u.prov, SUPPORTED, '62', P.YEAR, 'sex');
    assert.deepEqual(groups(v), { male: [0, 3, 0], female: [1, 3, 33.3] });
    sumsToTotal(v);
    v = await breakdown(u.prov, SUPPORTED, '62', P.YEAR, 'ethnicity');
    assert.deepEqual(groups(v), { '01': [1, 2, 50], '08': [0, 2, 0], unknown: [0, 2, 0] });
    v = await breakdown(u.prov, SUPPORTED, '23341', P.MONTH, 'age_group');
    assert.deepEqual(groups(v), { '0-15': [0, 0, null], '16-17': [0, 0, null], '18-59': [0, 1, 0], '60+': [0, 0, null] });
    // A period without the cases: every group 0.
    v = await breakdown(u.prov, SUPPORTED, '62', P.PREV_YEAR, 'sex');
    assert.deepEqual(groups(v), { male: [0, 0, null], female: [0, 0, null] });

    // A child indicator has the children's age groups.
    v = await breakdown(u.prov, AT_RISK, '612', P.MONTH, 'age_group');
    assert.deepEqual(v.breakdown.map((g) => g.group), ['0-5', '6-10', '11-15', '16-17', '18+']);
    assert.deepEqual(groups(v)['6-10'], [0, 1, 0]);
    sumsToTotal(v);
  });

  it('trainings by the participant\'s sex and age; communications by reach; aggregate denominators stay null', async () => {
    const t = await u.kdist.post('/api/v1/trainings', {
      title: 'Tập huấn công tác xã hội', topic: 'sw_skills', starts_on: P.TODAY, ends_on: P.TODAY, unit_code: '612',
    });
    assertStatus(t, 201);
    const add = async (body) => assertStatus(await u.kdist.post(`/api/v1/trainings/${t.json.id}/participants`, {
      full_name: `Học Viên ${++n}`, unit_code: '23401', ...body,
    }), 201);
    await add({ sex: 'female', role: 'sw_official', birth_year: Y - 25 });
    await add({ sex: 'female', role: 'sw_collaborator', birth_year: Y - 61 });
    await add({ sex: 'male', role: 'lisa_official' });
    await add({ sex: 'male', role: 'family_caregiver', birth_year: Y - 30 }); // not in TRAINED
    let v = await breakdown(u.prov, TRAINED, '612', P.MONTH, 'sex');
    assert.equal(v.numerator, 3);
    assert.deepEqual(groups(v), { male: [1, null, 1], female: [2, null, 2] });
    sumsToTotal(v);
    v = await breakdown(u.prov, TRAINED, '62', P.MONTH, 'age_group');
    assert.deepEqual(groups(v), {
      '0-15': [0, null, 0], '16-17': [0, null, 0], '18-59': [1, null, 1], '60+': [1, null, 1], unknown: [1, null, 1],
    });
    sumsToTotal(v);

    assertStatus(await u.kcomm.post('/api/v1/communications', {
      unit_code: '23401', kind: 'meeting', held_on: P.TODAY, title: 'Truyền thông bình đẳng giới',
      topic: 'gender_equality', reach_male: 40, reach_female: 55,
    }), 201);
    v = await breakdown(u.prov, INFORMED, '612', P.MONTH, 'sex');
    assert.equal(v.numerator, 95);
    assert.deepEqual(groups(v), { male: [40, null, null], female: [55, null, null] });
    sumsToTotal(v);
  });

  it('a disaggregation that does not apply is 422 invalid_field by', async () => {
    const ask = (indicator, by) => u.prov.get(`/api/v1/indicator-values?${new URLSearchParams({ indicator, unit: '62', period: P.YEAR, by })}`);
    assertError(await ask(TRAINED, 'ethnicity'), 422, 'invalid_field', 'by');
    assertError(await ask(INFORMED, 'age_group'), 422, 'invalid_field', 'by');
    assertError(await ask('p1_facilities_upgraded_count', 'sex'), 422, 'invalid_field', 'by');
    assertError(await ask('p2_districts_cp_plan_pct', 'sex'), 422, 'invalid_field', 'by');
    assertError(await ask(SUPPORTED, 'province'), 422, 'invalid_field', 'by');
    // Without by: no breakdown.
    const r = await u.prov.get(`/api/v1/indicator-values?indicator=${SUPPORTED}&unit=62&period=${P.YEAR}`);
    assertStatus(r, 200);
    assert.equal(r.json.breakdown, undefined);
  });

  it('the viewer sees every group\'s count of 1–4 as "<5" and its percent suppressed', async () => {
    let v = await breakdown(u.viewer, SUPPORTED, '62', P.YEAR, 'sex');
    const g = Object.fromEntries(v.breakdown.map((x) => [x.group, x]));
    assert.deepEqual([g.female.numerator, g.female.denominator, g.female.value, g.female.suppressed], ['<5', '<5', null, true]);
    assert.deepEqual([g.male.numerator, g.male.denominator, g.male.value, g.male.suppressed], [0, '<5', null, true]);
    v = await breakdown(u.viewer, TRAINED, '612', P.MONTH, 'sex');
    assert.deepEqual(groups(v), { male: ['<5', null, '<5'], female: ['<5', null, '<5'] });
    // 5 and more are exact; 0 stays 0.
    v = await breakdown(u.viewer, INFORMED, '612', P.MONTH, 'sex');
    assert.deepEqual(groups(v), { male: [40, null, null], female: [55, null, null] });
    v = await breakdown(u.viewer, SUPPORTED, '62', P.PREV_YEAR, 'sex');
    assert.deepEqual(groups(v), { male: [0, 0, null], female: [0, 0, null] });
  });
});
