// The data tables a report is prefilled with (docs/reports.md §Data,
// src/api/report_prefill.c): indicators of the reporting unit over the
// report's Decree 09 window — case sums over whole months (a case opened
// on 20 May counts in 2020S1, one opened on 10 June is S2 although its day
// lies in S1's window, one of 5 December counts in 2020S1), trainings by
// the exact day they ended (16 December 2019 is 2020S1, 14 December is
// 2019S2), aggregate entries of the report's period code (2020S1, and the
// year 2020 that contains it, not 2020S2) — with the target and status of
// the unit's plan for the year and by_sex where the indicator has it; the
// governing plan's budget for the period's year (an agency's report: its
// project only); the activity counts over the exact days.  On the Kon Tum
// demo: the annual 2019 report's case numerators are the calendar year's
// less December 2019 plus December 2018; once the plan switches to
// calendar windows, 2019S2's indicators are the dashboard's for 2019S2 and
// its budget the plan summary's figures for 2019.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { ADULT, FACTS } from './cases_helpers.mjs';
import { CSV, M, csv } from './budget_helpers.mjs';

const USERS = [
  { username: 'kdist', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
];
const WOMAN = { full_name: 'Lê Thị Mai', sex: 'female', birth_year: 1990 };
const WORKFORCE = 'p1_sw_workforce_trained_pct'; // trainings / aggregate
const LISA = 'p1_facility_lisa_staff_trained_pct'; // trainings / aggregate
const SUPPORTED = 'p1_disadvantaged_supported_pct'; // cases / cases
const P1_AGENCY = 'Phòng Lao động - Thương binh và Xã hội huyện Đắk Tô';

// Đắk Tô's budget: project 1 (30 + 5 in 2020), project 3 (20), a line of
// no project (7); 2019 is another year.
const BUDGET = csv(
  'row,parent,label,project,2019:central,2020:central,2020:local',
  'I,,Dự án 1,1,10,30,5',
  '1,I,Tập huấn cán bộ,,10,30,5',
  'II,,Dự án 3,3,0,20,0',
  '2,II,Truyền thông bình đẳng giới,,0,20,0',
  'K,,Quản lý chung,,0,7,0',
);

const byCode = (data) => Object.fromEntries(data.indicators.map((i) => [i.code, i]));

describe('report prefill', () => {
  let srv;
  const u = {};
  let plan; // Đắk Tô's 2018–2020 plan

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    const codes = (await u.kcomm.get('/api/v1/codes')).json.lists;
    const topic = codes.training_topic[0].code;

    // Social assistance cases of 23401, opened on these local days.
    for (const [day, person] of [['2019-11-28', ADULT], ['2019-12-05', WOMAN], ['2020-05-20', ADULT],
      ['2020-06-10', WOMAN]]) {
      const r = await u.kcomm.post('/api/v1/cases', {
        type: 'social_assistance', unit_code: '23401', person, details: FACTS.social_assistance,
        received_at: `${day}T10:00:00+07:00`,
      });
      assertStatus(r, 201);
    }
    // Trainings of 23401 ending on these days, with their participants.
    const sw = (sex, name) => ({ full_name: name, sex, role: 'sw_official', birth_year: 1988 });
    const trainings = [
      ['2019-12-14', [sw('female', 'Trần Thị Lan')]],
      ['2019-12-16', [sw('female', 'Nguyễn Thị Hoa'), sw('female', 'Y Blông'),
        { ...sw('male', 'A Văn Bình'), role: 'sw_collaborator' }]],
      ['2020-06-14', [{ ...sw('male', 'Lê Văn Tâm'), role: 'lisa_official' }]],
      ['2020-06-15', [sw('male', 'Đinh Văn Hùng')]],
    ];
    for (const [ends, people] of trainings) {
      const r = await u.kcomm.post('/api/v1/trainings', {
        title: 'Tập huấn kỹ năng công tác xã hội', topic, starts_on: '2019-12-10', ends_on: ends,
        organiser: 'Phòng LĐTBXH', unit_code: '23401', place: 'Hội trường UBND',
      });
      assertStatus(r, 201);
      for (const p of people) assertStatus(await u.kcomm.post(`/api/v1/trainings/${r.json.id}/participants`, p), 201);
    }
    // Communication activities held inside and outside the window.
    for (const held of ['2020-03-01', '2020-06-20']) {
      assertStatus(await u.kcomm.post('/api/v1/communications', {
        unit_code: '23401', kind: codes.communication_kind[0].code, topic: codes.communication_topic[0].code,
        held_on: held, title: 'Truyền thông về trợ giúp xã hội', reach_male: 40, reach_female: 55,
      }), 201);
    }
    // Aggregate denominators: the half, the other half, the year.
    const agg = async (who, unit, indicator, period, denominator) => {
      const r = await u[who].req('PUT', '/api/v1/aggregate-values', { indicator, unit_code: unit, period, numerator: null, denominator });
      assert.ok([200, 201].includes(r.status), `${indicator} ${unit} ${period}: ${r.status} ${r.text}`);
    };
    await agg('kcomm', '23401', WORKFORCE, '2020S1', 10);
    await agg('kcomm', '23401', WORKFORCE, '2020S2', 99);
    await agg('kcomm', '23401', LISA, '2020', 4);
    await agg('kdist', '612', WORKFORCE, '2020', 8);

    // Đắk Tô's plan: a target, projects with their agencies, a budget and
    // its execution.
    let r = await u.kdist.post('/api/v1/plans', {
      unit_code: '612', number: '45/KH-UBND', issued_on: '2018-05-02', title: 'Kế hoạch trợ giúp xã hội huyện Đắk Tô',
      period_from: 2018, period_to: 2020,
      projects: [{ project: 1, lead_agency: P1_AGENCY, partners: null },
        { project: 3, lead_agency: 'Hội Liên hiệp Phụ nữ huyện', partners: null }],
    });
    assertStatus(r, 201);
    plan = r.json;
    assertStatus(await u.kdist.post(`/api/v1/plans/${plan.id}/targets`, { indicator: WORKFORCE, year: 2020, target: 60 }), 201);
    assertStatus(await u.kdist.post(`/api/v1/plans/${plan.id}/budget`, BUDGET, CSV), 200);
    const exec = (row, year, allocated, spent) => u.kdist.req('PUT', `/api/v1/plans/${plan.id}/budget/execution`,
      { row, year, source: 'central', allocated: M(allocated), spent: M(spent), reason: 'Cấp kinh phí' });
    assertStatus(await exec('1', 2020, 25, 10), 200);
    assertStatus(await exec('2', 2020, 20, 22), 200);
    assertStatus(await exec('1', 2019, 10, 10), 200);
  });
  after(async () => { await stopChecked(srv); });

  const create = async (who, body) => {
    const r = await u[who].post('/api/v1/reports', body);
    assertStatus(r, 201);
    assert.equal(typeof r.json.data, 'object', 'the report carries its data tables');
    return r.json;
  };

  it('a commune\'s 2020S1: the Decree 09 window, cases over whole months, trainings by the day, aggregates of the half', async () => {
    const rep = await create('kcomm', { template: 'six_monthly', unit_code: '23401', period: '2020S1' });
    const d = rep.data;
    assert.deepEqual(d.window, { rule: 'decree_09', from: '2019-12-15', to: '2020-06-14' });
    assert.match(d.computed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const ind = byCode(d);
    const catalogue = (await u.kcomm.get('/api/v1/indicators')).json;
    const all = catalogue.items ?? catalogue.indicators ?? catalogue;
    assert.equal(d.indicators.length, all.length, 'every catalogue indicator');
    // December (the 5th, before the window's first day) and May count;
    // November and June (the 10th, inside the window's days) do not.
    const s = ind[SUPPORTED];
    assert.deepEqual([s.numerator, s.denominator, s.value], [0, 2, 0]);
    assert.equal(s.kind, 'percent');
    assert.equal(s.project, 1);
    assert.ok(s.name_vi.length > 0 && s.name_en.length > 0);
    assert.deepEqual(s.by_sex, { male: { numerator: 0, denominator: 1 }, female: { numerator: 0, denominator: 1 } });
    // Trainings ending 16 December 2019 and 14 June 2020 count (4 social
    // workers), 14 December 2019 and 15 June 2020 do not; the
    // denominator is 2020S1's entry, not 2020S2's.
    const w = ind[WORKFORCE];
    assert.deepEqual([w.numerator, w.denominator, w.value], [4, 10, 40]);
    assert.deepEqual(w.by_sex, { male: { numerator: 2, denominator: null }, female: { numerator: 2, denominator: null } });
    // The year's entry applies to its half.
    assert.deepEqual([ind[LISA].numerator, ind[LISA].denominator, ind[LISA].value], [1, 4, 25]);
    // A commune has no plan of its own: no target.
    assert.equal(w.target, null);
    assert.equal(w.status, 'no_target');
    // An aggregate-only indicator with nothing entered.
    const bare = d.indicators.find((i) => i.numerator === null && i.denominator === null);
    assert.ok(bare, 'some indicator has nothing');
    assert.equal(bare.value, null);
    assert.ok(!('by_sex' in ind.p2_district_child_sw_offices_count), 'by_sex only where it applies');

    // Activities over the exact days: cases opened 20 May and 10 June, all
    // four open on 14 June; two trainings, four participants; one activity.
    assert.deepEqual(d.activities, {
      trainings: 2, training_participants: 4, communications: 1, communication_reach: 95,
      cases_opened: 2, cases_closed: 0, cases_open_at_end: 4, facilities_active: 0,
    });
    // The commune's reports are governed by Đắk Tô's plan, whose budget is
    // the district's money, not the commune's: no budget table.
    assert.equal(d.budget, null);
  });

  it('the next half and the half before take what 2020S1 left', async () => {
    const s2 = (await create('kcomm', { template: 'six_monthly', unit_code: '23401', period: '2020S2' })).data;
    assert.deepEqual(s2.window, { rule: 'decree_09', from: '2020-06-15', to: '2020-12-14' });
    let ind = byCode(s2);
    assert.deepEqual([ind[SUPPORTED].numerator, ind[SUPPORTED].denominator], [0, 1], 'June is S2');
    assert.deepEqual(ind[SUPPORTED].by_sex.female, { numerator: 0, denominator: 1 });
    assert.deepEqual([ind[WORKFORCE].numerator, ind[WORKFORCE].denominator], [1, 99]);
    const s1 = (await create('kcomm', { template: 'six_monthly', unit_code: '23401', period: '2019S2' })).data;
    ind = byCode(s1);
    assert.deepEqual([ind[SUPPORTED].numerator, ind[SUPPORTED].denominator], [0, 1], 'November is 2019S2');
    assert.deepEqual(ind[SUPPORTED].by_sex.male, { numerator: 0, denominator: 1 });
    assert.equal(ind[WORKFORCE].numerator, 1, 'the training ending 14 December 2019');
    assert.equal(ind[WORKFORCE].denominator, null);
  });

  it('a district\'s annual report: its communes\' records, its plan\'s target and status, the year\'s budget', async () => {
    const d = (await create('kdist', { template: 'annual', unit_code: '612', period: '2020' })).data;
    assert.deepEqual(d.window, { rule: 'decree_09', from: '2019-12-15', to: '2020-12-14' });
    const w = byCode(d)[WORKFORCE];
    // 5 social workers trained in the year's window over the year's 8.
    assert.deepEqual([w.numerator, w.denominator, w.value], [5, 8, 62.5]);
    assert.equal(w.target, 60);
    assert.equal(w.target_year, 2020);
    assert.equal(w.status, 'on_track');
    assert.deepEqual([byCode(d)[SUPPORTED].numerator, byCode(d)[SUPPORTED].denominator], [0, 3]);
    assert.deepEqual(d.budget, {
      plan_id: plan.id, plan_number: '45/KH-UBND', year: 2020,
      estimate: M(62), allocated: M(45), spent: M(32),
      by_project: [
        { project: 1, estimate: M(35), allocated: M(25), spent: M(10) },
        { project: 3, estimate: M(20), allocated: M(20), spent: M(22) },
        { project: null, estimate: M(7), allocated: 0, spent: 0 },
      ],
    });
  });

  it('the six-monthly report of the district: the target status of the half, the whole year\'s budget', async () => {
    const d = (await create('kdist', { template: 'six_monthly', unit_code: '612', period: '2020S1' })).data;
    const w = byCode(d)[WORKFORCE];
    // 4/8 = 50 % against 60: at least 0.8 × 60, below 60.
    assert.deepEqual([w.numerator, w.denominator, w.value, w.target, w.status], [4, 8, 50, 60, 'at_risk']);
    assert.equal(d.budget.year, 2020);
    assert.equal(d.budget.estimate, M(62));
  });

  it('an agency\'s report keeps its project\'s indicators and budget', async () => {
    const rep = await create('kdist', { template: 'annual', unit_code: '612', period: '2020', agency: P1_AGENCY });
    assert.equal(rep.project, 1);
    const d = rep.data;
    assert.ok(d.indicators.length > 0);
    assert.ok(d.indicators.every((i) => i.project === 1), 'only project 1');
    assert.ok(byCode(d)[WORKFORCE], 'a project 1 indicator is there');
    const all = (await create('kdist', { template: 'six_monthly', unit_code: '612', period: '2020S2' })).data;
    assert.equal(d.indicators.length, all.indicators.filter((i) => i.project === 1).length);
    assert.deepEqual(d.budget, {
      plan_id: plan.id, plan_number: '45/KH-UBND', year: 2020,
      estimate: M(35), allocated: M(25), spent: M(10),
      by_project: [{ project: 1, estimate: M(35), allocated: M(25), spent: M(10) }],
    });
  });

  it('a report outside any plan has no budget', async () => {
    const d = (await create('kcomm', { template: 'annual', unit_code: '23401', period: '2024' })).data;
    assert.equal(d.budget, null);
    assert.ok(d.indicators.every((i) => i.target === null && i.status === 'no_target'));
  });
});

describe('report prefill on the Kon Tum demo', () => {
  const PASSWORD = 'trogiup-demo-2026';
  let srv;
  let prov;
  let plan;

  before(async () => {
    srv = await startServer();
    const r = cli(['demo', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    prov = await loginAs(srv.url, 'sokontum', PASSWORD);
    const plans = await prov.get('/api/v1/plans?unit=62');
    assertStatus(plans, 200);
    plan = plans.json.items.find((p) => p.number === '787/KH-UBND');
    assert.ok(plan, 'the demo plan 787/KH-UBND');
  });
  after(async () => { await stopChecked(srv); });

  const dashboard = async (period) => {
    const r = await prov.get(`/api/v1/dashboard?unit=62&period=${period}`);
    assertStatus(r, 200);
    return Object.fromEntries(r.json.indicators.map((i) => [i.code, i]));
  };

  it('2019 under Decree 09: case numerators of December 2018 to November 2019', async () => {
    const r = await prov.post('/api/v1/reports', { template: 'annual', unit_code: '62', period: '2019' });
    assertStatus(r, 201);
    const d = r.json.data;
    assert.deepEqual(d.window, { rule: 'decree_09', from: '2018-12-15', to: '2019-12-14' });
    const [year, dec19, dec18] = [await dashboard('2019'), await dashboard('2019-12'), await dashboard('2018-12')];
    const got = byCode(d);
    let moved = 0;
    for (const i of Object.values(year)) {
      if (!i.case_based || i.code === 'p4_harm_reduction_subunits_pct') continue;
      const want = i.numerator - dec19[i.code].numerator + dec18[i.code].numerator;
      assert.equal(got[i.code].numerator, want, i.code);
      if (want !== i.numerator) moved++;
    }
    assert.ok(moved > 0, 'the window moved some case numerators');
  });

  it('2019S2 under calendar windows: the dashboard\'s indicators, the plan summary\'s budget for the year', async () => {
    const s = await prov.req('PUT', `/api/v1/plans/${plan.id}/report-settings`, {
      window: 'calendar',
      due: { s1: { month: 7, day: 15, year_offset: 0 }, s2: { month: 1, day: 15, year_offset: 1 },
        annual: { month: 1, day: 15, year_offset: 1 } },
      due_day_counts: true, reminder_days: 7,
    });
    assertStatus(s, 200);
    const r = await prov.post('/api/v1/reports', { template: 'six_monthly', unit_code: '62', period: '2019S2' });
    assertStatus(r, 201);
    const d = r.json.data;
    assert.deepEqual(d.window, { rule: 'calendar', from: '2019-07-01', to: '2019-12-31' });

    const dash = await dashboard('2019S2');
    const got = byCode(d);
    assert.equal(d.indicators.length, Object.keys(dash).length);
    let withValue = 0;
    for (const i of Object.values(dash)) {
      const x = got[i.code];
      assert.deepEqual([x.numerator, x.denominator, x.value, x.target, x.target_year, x.status],
        [i.numerator, i.denominator, i.value, i.target, i.target_year, i.status], i.code);
      if (i.value !== null) withValue++;
    }
    assert.ok(withValue >= 20, `${withValue} indicators with a value`);

    const sum = await prov.get(`/api/v1/plans/${plan.id}/budget/summary`);
    assertStatus(sum, 200);
    const y = sum.json.by_year.find((e) => e.year === 2019);
    assert.ok(y.allocated > 0 && y.spent > 0, 'the demo records 2019 execution');
    assert.equal(d.budget.plan_number, '787/KH-UBND');
    assert.deepEqual([d.budget.year, d.budget.estimate, d.budget.allocated, d.budget.spent],
      [2019, y.estimate, y.allocated, y.spent]);
    assert.ok(d.budget.by_project.length >= 4, 'projects I–IV');
    for (const p of d.budget.by_project) {
      const g = sum.json.general.find((e) => e.project === (p.project ?? 0));
      const est = Object.entries(g.cells).filter(([k]) => k.startsWith('2019:')).reduce((a, [, v]) => a + v, 0);
      assert.equal(p.estimate, est, `project ${p.project}`);
    }
  });
});
