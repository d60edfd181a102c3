// The demo's past years (issue 6, src/cli/histgen*.c): after `trogiup
// init` and `trogiup demo`, Kon Tum 2018–2020 (and a little of Thái Bình
// and Tam Đường) holds the records the plans' indicators count, so the
// dashboard of Kon Tum 2020 shows a value for every indicator with a
// target, each of on_track, at_risk and off_track, and districts that
// differ.  The numbers the generator's tables fix (histgen_cases.c,
// histgen_net.c, histgen_reach.c, histgen_agg.c) are read back through the
// case list and GET /indicator-values; the residents at the end of 2020
// through the centre's register.  A second `demo` adds nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cli, SHARED } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';

// A case as its supervisor reads it: a restricted one (the demo marks some
// child-protection cases restricted, which ones depends on the day) needs a
// reason for the full view, where the facility is (docs/cases.md).
async function fullCase(user, id) {
  const c = await user.get(`/api/v1/cases/${id}`);
  return c.json?.reason_required ? user.get(`/api/v1/cases/${id}?reason=case_work`) : c;
}


const PASSWORD = 'trogiup-demo-2026';
const YEARS = [2018, 2019, 2020];

// Cases opened each year by type, as histgen_cases.c's batches make them.
const CASES = {
  62: {
    2018: { social_assistance: 14, child_protection: 20, gbv: 11, drug_rehab: 10, trafficking_victim: 3, sex_work_support: 3 },
    2019: { social_assistance: 18, child_protection: 23, gbv: 14, drug_rehab: 12, trafficking_victim: 5, sex_work_support: 4 },
    2020: { social_assistance: 22, child_protection: 28, gbv: 17, drug_rehab: 14, trafficking_victim: 7, sex_work_support: 6 },
  },
  34: { each: { social_assistance: 8, child_protection: 10, gbv: 7, drug_rehab: 7, trafficking_victim: 2, sex_work_support: 2 } },
  106: { each: { social_assistance: 5, child_protection: 8, gbv: 6, drug_rehab: 5, trafficking_victim: 1, sex_work_support: 3 } },
};

// Kon Tum 2020 as the tables make it: [numerator, denominator] (null: none).
const KON_TUM_2020 = {
  p1_disadvantaged_supported_pct: [17, 22],
  p2_csc_supported_pct: [14, 18],
  p3_gbv_victims_supported_pct: [9, 12],
  p3_gbv_perpetrators_counselled_pct: [1, 5],
  p4_court_decisions_executed_pct: [5, 6],
  p4_managed_addicts_treated_pct: [11, 14],
  p4_addicts_vocational_pct: [5, 14],
  p4_trafficking_cases_verified_pct: [6, 7],
  p4_trafficking_victims_supported_pct: [6, 6],
  p4_trafficking_victims_protected_pct: [2, 3],
  p4_trafficking_victims_benefits_pct: [5, 6],
  p4_harm_reduction_subunits_pct: [5, 10],
  p1_sw_workforce_trained_pct: [132, 490],
  p1_staff_trained_per_year_count: [118, null],
  p1_family_caregivers_trained_per_year_count: [88, null],
  p3_ge_staff_trained_pct: [112, 130],
  p3_female_pipeline_cadres_trained_pct: [38, 120],
  p4_rehab_staff_trained_pct: [28, 28],
  p3_officials_students_ge_informed_pct: [55000, 86555],
  p3_population_ge_informed_pct: [240000, 540995],
  p4_communes_prostitution_communication_pct: [80, 102],
  p2_district_child_sw_offices_count: [5, null],
  p3_trusted_address_models_count: [9, null],
  p3_districts_women_economic_models_pct: [6, 10],
  p3_ge_service_centres_count: [1, null],
  p4_sex_work_models_count: [1, null],
  p1_facilities_upgraded_count: [1, null],
  p2_districts_cp_plan_pct: [9, 10],
  p2_communes_with_cp_system_count: [50, null],
  p2_communes_with_child_sw_officer_pct: [88, 102],
  p4_communes_free_of_prostitution_pct: [95, 102],
  p3_safety_surveys_count: [1, null],
};

// Indicators with a target for a unit: targets.csv's rows.
function targeted(unit) {
  const lines = readFileSync(join(SHARED, 'domain/targets.csv'), 'utf8').split(/\r?\n/).slice(1);
  const codes = new Set();
  for (const l of lines) {
    const f = l.split(',');
    if (f[2] === unit) codes.add(f[4]);
  }
  return codes;
}

async function total(client, path) {
  const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}page_size=1`);
  assertStatus(r, 200);
  return r.json.total;
}

async function all(client, path) {
  const items = [];
  for (let page = 1; ; page++) {
    const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&page_size=200`);
    assertStatus(r, 200);
    items.push(...r.json.items);
    if (r.json.items.length === 0 || items.length >= r.json.total) return items;
  }
}

describe('demo past years', () => {
  let srv;
  let out;
  const u = {};

  before(async () => {
    srv = await startServer();
    const r = cli(['demo', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    out = r.stdout;
    for (const n of ['sokontum', 'sothaibinh', 'tamduong']) u[n] = await loginAs(srv.url, n, PASSWORD);
  });
  after(async () => { await stopChecked(srv); });

  it('prints what it added, and a second demo adds nothing', async () => {
    assert.match(out, /Demo history 2018–2020 .*: \d+ cases \(\d+ still open\)/);
    const before = await total(u.sokontum, '/api/v1/cases?opened_to=2020-12-31');
    const again = cli(['demo', '--db', srv.db]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /Demo history: the database already has \d+ cases opened before 2021; none added/);
    assert.equal(await total(u.sokontum, '/api/v1/cases?opened_to=2020-12-31'), before);
  });

  it('opens the tables\' cases each year, by type, most of them closed', async () => {
    const who = { 62: u.sokontum, 34: u.sothaibinh, 106: u.tamduong };
    for (const unit of ['62', '34', '106']) {
      for (const y of YEARS) {
        const want = CASES[unit][y] ?? CASES[unit].each;
        for (const [type, n] of Object.entries(want)) {
          const got = await total(who[unit], `/api/v1/cases?unit=${unit}&type=${type}&opened_from=${y}-01-01&opened_to=${y}-12-31`);
          assert.equal(got, n, `${unit} ${y} ${type}`);
        }
      }
    }
    const kt = await all(u.sokontum, '/api/v1/cases?unit=62&opened_from=2018-01-01&opened_to=2020-12-31');
    const open = kt.filter((c) => c.stage !== 'closed');
    assert.ok(open.length > 0 && open.length < kt.length / 10, `a few still open (${open.length} of ${kt.length})`);
    for (const c of open) assert.equal(c.stage, 'intervention', `${c.case_no} open in intervention`);
    assert.ok(kt.every((c) => /^62-20(18|19|20)-/.test(c.case_no)), 'numbered in their year');
    // spread over the districts (case list by district)
    let districts = 0;
    for (const d of ['608', '610', '611', '612', '613', '614', '615', '616', '617', '618']) {
      if (await total(u.sokontum, `/api/v1/cases?unit=${d}&opened_from=2020-01-01&opened_to=2020-12-31`) > 0) districts++;
    }
    assert.ok(districts >= 8, `Kon Tum's 2020 cases in ${districts} districts`);
  });

  it('Kon Tum 2020: every indicator with a target has a value, each status occurs, districts differ', async () => {
    const r = await u.sokontum.get('/api/v1/dashboard?unit=62&period=2020');
    assertStatus(r, 200);
    const d = r.json;
    // the plan's targets for 2020 (a target of 2019 only does not apply)
    const withTarget = d.indicators.filter((i) => i.target !== null);
    const csv = targeted('62');
    assert.ok(withTarget.length >= 30, `targets apply to ${withTarget.length} indicators`);
    for (const i of withTarget) {
      assert.ok(csv.has(i.code), `${i.code} has a row in targets.csv`);
      assert.notEqual(i.value, null, `${i.code} has a value`);
      assert.notEqual(i.status, 'no_target', i.code);
      assert.equal(i.trend.length, 4, `${i.code} trend`);
      assert.equal(i.trend[3].value, i.value, `${i.code}: the trend ends with the value`);
      assert.notEqual(i.trend[2].value, null, `${i.code} has a 2019 value`);
    }
    const statuses = new Set(withTarget.map((i) => i.status));
    for (const s of ['on_track', 'at_risk', 'off_track']) assert.ok(statuses.has(s), `some indicator ${s}`);
    // the ten districts, and indicators on which they differ
    assert.equal(d.children.length, 10);
    const differ = withTarget.filter((i) => {
      const values = d.children.map((c) => c.values[i.code]?.value).filter((v) => v !== null && v !== undefined);
      return new Set(values).size > 1;
    });
    assert.ok(differ.length >= 15, `districts differ on ${differ.map((i) => i.code).join(', ')}`);
    // the lagging mountain districts: Tu Mơ Rông (617) and Ia H'Drai (618)
    // reach fewer of their people than the city (608)
    const pop = (code) => d.children.find((c) => c.code === code).values.p3_population_ge_informed_pct.value;
    assert.ok(pop('617') < pop('608') && pop('618') < pop('608'), 'remote districts lag the city');
  });

  it('the tables\' numbers are GET /indicator-values\' numbers, and the dashboard\'s', async () => {
    const dash = (await u.sokontum.get('/api/v1/dashboard?unit=62&period=2020')).json;
    for (const [code, [num, den]] of Object.entries(KON_TUM_2020)) {
      const r = await u.sokontum.get(`/api/v1/indicator-values?indicator=${code}&unit=62&period=2020`);
      assertStatus(r, 200);
      assert.equal(r.json.numerator, num, `${code} numerator`);
      assert.equal(r.json.denominator, den, `${code} denominator`);
      const i = dash.indicators.find((x) => x.code === code);
      assert.deepEqual([i.numerator, i.denominator, i.value, i.status],
        [r.json.numerator, r.json.denominator, r.json.value, r.json.status], `${code} on the dashboard`);
    }
    // the case-based denominators are the case list's counts
    const count = (q) => total(u.sokontum, `/api/v1/cases?unit=62&opened_from=2020-01-01&opened_to=2020-12-31&${q}`);
    const value = async (code) => (await u.sokontum.get(`/api/v1/indicator-values?indicator=${code}&unit=62&period=2020`)).json;
    assert.equal((await value('p2_csc_supported_pct')).denominator + (await value('p2_at_risk_abused_supported_pct')).denominator,
      await count('type=child_protection'), 'child protection cases opened in 2020');
    assert.equal((await value('p1_disadvantaged_supported_pct')).denominator, await count('type=social_assistance'));
    assert.equal((await value('p4_managed_addicts_treated_pct')).denominator, await count('type=drug_rehab'));
    assert.equal((await value('p4_trafficking_cases_verified_pct')).denominator, await count('type=trafficking_victim'));
    const behind = await u.sokontum.get('/api/v1/indicator-values/cases?indicator=p2_csc_supported_pct&unit=62&period=2020&part=numerator&page_size=100');
    assertStatus(behind, 200);
    assert.equal(behind.json.total, 14);
    for (const c of behind.json.items) {
      assert.equal(c.type, 'child_protection');
      assert.ok(c.opened_at.startsWith('2020-') || c.opened_at.startsWith('2019-12-31'), c.opened_at);
    }
  });

  it('every year of the three plans has values for its targets', async () => {
    const who = { 62: u.sokontum, 34: u.sothaibinh, 106: u.tamduong };
    for (const unit of ['62', '34', '106']) {
      for (const y of YEARS) {
        const r = await who[unit].get(`/api/v1/dashboard?unit=${unit}&period=${y}`);
        assertStatus(r, 200);
        const withTarget = r.json.indicators.filter((i) => i.target !== null);
        assert.ok(withTarget.length >= 18, `${unit} ${y}: ${withTarget.length} targets apply`);
        for (const i of withTarget) assert.notEqual(i.value, null, `${unit} ${y} ${i.code} has a value`);
      }
    }
  });

  it('Kon Tum\'s centre had residents at the end of 2020, all discharged since', async () => {
    const facilities = await all(u.sokontum, '/api/v1/facilities?type=fac_general');
    const centre = facilities.find((f) => f.unit_code === '62');
    assert.ok(centre, 'the provincial centre');
    const stays = await all(u.sokontum, `/api/v1/facilities/${centre.id}/residents?current=false`);
    const past = stays.filter((s) => s.admitted_on < '2021-01-01');
    assert.ok(past.length >= 15, `stays of 2018–2020 (${past.length})`);
    for (const s of past) {
      assert.equal(s.current, false, `${s.case_no} discharged`);
      assert.ok(s.discharged_on > s.admitted_on);
      const c = await fullCase(u.sokontum, s.case_id);
      assertStatus(c, 200);
      assert.equal(c.json.stage, 'closed', `${s.case_no} closed after the discharge`);
      assert.equal(c.json.facility, null);
    }
    const atEnd = past.filter((s) => s.discharged_on > '2020-12-31').length;
    assert.ok(atEnd > 0 && atEnd < past.length, `some still there at the end of 2020 (${atEnd})`);
    // the indicator counts them (the network's own residents came later)
    const v = await u.sokontum.get('/api/v1/indicator-values?indicator=p1_residents_per_facility_count&unit=62&period=2020');
    assertStatus(v, 200);
    assert.equal(v.json.numerator, atEnd, 'residents at the end of 2020');
  });
});
