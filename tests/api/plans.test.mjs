// Plans and their targets (docs/indicators.md §Plans, §Roles): create,
// list, read, change with If-Match, copy into a new period with the years
// shifted, targets added, changed and deleted; a 422 naming the field for
// every bad input, 409 for a number taken, 412 for a stale version, 403
// for roles that may not write, 404 outside the caller's scope, reads by
// viewers, and the audit trail of every write.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';

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
  { username: 'fac', role: 'facility', scope: '23401', password: 'fac-pass-1234' },
];

const KON_TUM = {
  unit_code: '62',
  number: '787/KH-UBND',
  issued_on: '2018-04-03',
  title: 'Kế hoạch thực hiện Chương trình trợ giúp xã hội và phục hồi chức năng',
  period_from: 2018,
  period_to: 2020,
  projects: [
    { project: 1, lead_agency: 'Sở Lao động - Thương binh và Xã hội', partners: 'Sở Y tế' },
    { project: 4, lead_agency: 'Công an tỉnh', partners: null },
  ],
};

describe('plans and targets', () => {
  let srv;
  const u = {};
  let plan; // Kon Tum's plan as created
  let district; // Đắk Tô's plan

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
  });
  after(async () => { await stopChecked(srv); });

  const addTarget = async (who, planId, body) => {
    const r = await u[who].post(`/api/v1/plans/${planId}/targets`, body);
    assertStatus(r, 201);
    return r.json;
  };

  it('a province creates its plan with projects and agencies', async () => {
    const r = await u.prov.post('/api/v1/plans', KON_TUM);
    assertStatus(r, 201);
    plan = r.json;
    assert.equal(r.headers.get('etag'), `"p${plan.id}-1"`);
    assert.equal(plan.unit_code, '62');
    assert.equal(plan.unit_name, 'Kon Tum');
    assert.equal(plan.tree, '2024');
    assert.equal(plan.number, '787/KH-UBND');
    assert.equal(plan.issued_on, '2018-04-03');
    assert.equal(plan.period_from, 2018);
    assert.equal(plan.period_to, 2020);
    assert.equal(plan.targets_count, 0);
    assert.equal(plan.version, 1);
    assert.deepEqual(plan.projects, KON_TUM.projects);

    const g = await u.prov.get(`/api/v1/plans/${plan.id}`);
    assertStatus(g, 200);
    assert.deepEqual(g.json, plan);
    assert.equal(g.headers.get('etag'), `"p${plan.id}-1"`);
  });

  it('a district creates its own plan; a province one for a district below it', async () => {
    const r = await u.kdist.post('/api/v1/plans', {
      unit_code: '612', number: '15/KH-UBND', issued_on: '03/05/2018',
      title: 'Kế hoạch của huyện Đắk Tô', period_from: 2018, period_to: 2020,
    });
    assertStatus(r, 201);
    district = r.json;
    assert.equal(district.issued_on, '2018-05-03');
    assert.deepEqual(district.projects, []);
    const p = await u.prov.post('/api/v1/plans', {
      unit_code: '610', number: '9/KH-UBND', issued_on: '2019-01-02',
      title: 'Kế hoạch của huyện Đắk Glei', period_from: 2019, period_to: 2020,
    });
    assertStatus(p, 201);
    assert.equal(p.json.unit_name, 'Đắk Glei');
  });

  it('every bad field of a plan is 422 naming it', async () => {
    const bad = async (patch, field) => {
      const body = { ...KON_TUM, number: `X-${field}-${Math.random()}`.slice(0, 40), ...patch };
      assertError(await u.prov.post('/api/v1/plans', body), 422, 'invalid_field', field);
    };
    await bad({ period_from: 2021, period_to: 2020 }, 'period_to');
    await bad({ period_from: 1999 }, 'period_from');
    await bad({ period_to: 2101 }, 'period_to');
    await bad({ period_from: '2018' }, 'period_from');
    await bad({ unit_code: '23401' }, 'unit_code'); // a commune
    await bad({ unit_code: '99999' }, 'unit_code'); // no such unit
    await bad({ number: '7' }, 'number');
    await bad({ number: 'x'.repeat(51) }, 'number');
    await bad({ title: 'KH' }, 'title');
    await bad({ issued_on: '2018-13-01' }, 'issued_on');
    await bad({ tree: '2023' }, 'tree');
    await bad({ projects: [{ project: 5, lead_agency: 'Sở Y tế' }] }, 'projects');
    await bad({ projects: [{ project: 1 }, { project: 1 }] }, 'projects');
    await bad({ projects: [{ project: 2, lead: 'Sở Y tế' }] }, 'projects.lead');
    await bad({ projects: [{ project: 2, lead_agency: 'x'.repeat(501) }] }, 'projects');
    await bad({ colour: 'red' }, 'colour');
    const { unit_code, ...noUnit } = KON_TUM;
    assert.equal(unit_code, '62');
    assertError(await u.prov.post('/api/v1/plans', { ...noUnit, number: 'N/1' }), 422, 'invalid_field', 'unit_code');
  });

  it('a number is unique per unit: 409, while another unit may use it', async () => {
    assertError(await u.prov.post('/api/v1/plans', { ...KON_TUM, title: 'Khác' }), 409, 'conflict', 'number');
    const r = await u.prov.post('/api/v1/plans', { ...KON_TUM, unit_code: '611', period_from: 2019 });
    assertStatus(r, 201);
  });

  it('a unit outside the caller\'s scope is 404', async () => {
    assertError(await u.prov.post('/api/v1/plans', { ...KON_TUM, unit_code: '34' }), 404, 'not_found', 'unit_code');
    assertError(await u.kdist.post('/api/v1/plans', { ...KON_TUM, unit_code: '62', number: 'D/1' }), 404, 'not_found', 'unit_code');
    for (const who of ['kdist', 'tb']) {
      assertError(await u[who].get(`/api/v1/plans/${plan.id}`), 404, 'not_found');
      assertError(await u[who].get(`/api/v1/plans/${plan.id}/targets`), 404, 'not_found');
      assertError(await u[who].patch(`/api/v1/plans/${plan.id}`, { title: 'Đổi tên' }), 404, 'not_found');
      assertError(await u[who].post(`/api/v1/plans/${plan.id}/copy`, { number: 'C/9', issued_on: '2021-01-01', period_from: 2021, period_to: 2023 }), 404, 'not_found');
      assertError(await u[who].post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'p2_csc_supported_pct', year: 2020, target: 80 }), 404, 'not_found');
    }
    assertError(await u.prov.get('/api/v1/plans/999999'), 404, 'not_found');
    assertError(await u.prov.get('/api/v1/plans/abc'), 404, 'not_found');
    assertError(await u.tb.get('/api/v1/plans?unit=62'), 404, 'not_found', 'unit');
  });

  it('lists by scope: the province sees its districts\' plans, the district only its own', async () => {
    const p = await u.prov.get('/api/v1/plans');
    assertStatus(p, 200);
    assert.equal(p.json.total, 4);
    assert.deepEqual(p.json.items.map((x) => x.unit_code), ['62', '610', '611', '612']);
    assert.equal(p.json.page, 1);
    const d = await u.kdist.get('/api/v1/plans');
    assertStatus(d, 200);
    assert.deepEqual(d.json.items.map((x) => x.id), [district.id]);
    const one = await u.prov.get('/api/v1/plans?unit=612');
    assert.deepEqual(one.json.items.map((x) => x.id), [district.id]);
    const tb = await u.tb.get('/api/v1/plans');
    assertStatus(tb, 200);
    assert.equal(tb.json.total, 0);
    const c = await u.kcomm.get('/api/v1/plans');
    assertStatus(c, 200);
    assert.equal(c.json.total, 0);
    const paged = await u.prov.get('/api/v1/plans?page=2&page_size=3');
    assert.equal(paged.json.total, 4);
    assert.equal(paged.json.items.length, 1);
  });

  it('viewers read plans and targets; a national viewer every plan', async () => {
    const v = await u.viewer.get('/api/v1/plans');
    assertStatus(v, 200);
    assert.equal(v.json.total, 4);
    assertStatus(await u.viewer.get(`/api/v1/plans/${plan.id}`), 200);
    assertStatus(await u.viewer.get(`/api/v1/plans/${plan.id}/targets`), 200);
    const n = await u.nviewer.get('/api/v1/plans?tree=2024');
    assertStatus(n, 200);
    assert.equal(n.json.total, 4);
    assertStatus(await u.fac.get('/api/v1/plans'), 200);
  });

  it('hotline, admin and auditor may not read plans: 403', async () => {
    for (const who of ['hot', 'admin', 'auditor']) {
      assertError(await u[who].get('/api/v1/plans'), 403, 'forbidden');
      assertError(await u[who].get(`/api/v1/plans/${plan.id}`), 403, 'forbidden');
      assertError(await u[who].get(`/api/v1/plans/${plan.id}/targets`), 403, 'forbidden');
    }
  });

  it('targets: added, listed by indicator then year, counted on the plan', async () => {
    const a = await addTarget('prov', plan.id, {
      indicator: 'p2_csc_supported_pct', year: 2020, target: 86.5,
      quote: '86,5% trẻ em có hoàn cảnh đặc biệt được trợ giúp',
    });
    assert.equal(a.plan_id, plan.id);
    assert.equal(a.target, 86.5);
    assert.equal(a.baseline, null);
    assert.equal(a.baseline_year, null);
    assert.equal(a.version, 1);
    const b = await addTarget('prov', plan.id, {
      indicator: 'p2_communes_with_cp_system_count', year: 2020, target: 52, baseline: 42, baseline_year: 2018,
    });
    assert.equal(b.baseline, 42);
    assert.equal(b.baseline_year, 2018);
    assert.equal(b.quote, null);
    const c = await addTarget('prov', plan.id, { indicator: 'p2_communes_with_cp_system_count', year: 2018, target: 42 });
    // the same indicator and year twice: both kept
    const d = await addTarget('prov', plan.id, { indicator: 'p2_csc_supported_pct', year: 2020, target: 80 });
    const l = await u.prov.get(`/api/v1/plans/${plan.id}/targets`);
    assertStatus(l, 200);
    assert.deepEqual(l.json.items.map((t) => t.id), [c.id, b.id, a.id, d.id]);
    assert.deepEqual(l.json.items[2], a);
    const g = await u.prov.get(`/api/v1/plans/${plan.id}`);
    assert.equal(g.json.targets_count, 4);
  });

  it('every bad field of a target is 422 naming it', async () => {
    const bad = async (body, field) => assertError(
      await u.prov.post(`/api/v1/plans/${plan.id}/targets`, body), 422, 'invalid_field', field);
    const ok = { indicator: 'p2_csc_supported_pct', year: 2019, target: 80 };
    await bad({ ...ok, target: 120 }, 'target');
    await bad({ ...ok, target: -1 }, 'target');
    await bad({ ...ok, target: '80' }, 'target');
    await bad({ ...ok, target: undefined }, 'target');
    await bad({ ...ok, indicator: 'p1_staff_trained_count', target: -5 }, 'target');
    await bad({ ...ok, year: 2021 }, 'year');
    await bad({ ...ok, year: 2017 }, 'year');
    await bad({ ...ok, indicator: 'p9_happiness_pct' }, 'indicator');
    await bad({ ...ok, baseline: 101 }, 'baseline');
    await bad({ ...ok, baseline: 50, baseline_year: 2020 }, 'baseline_year');
    await bad({ ...ok, baseline_year: 2017 }, 'baseline_year');
    await bad({ ...ok, quote: 'x'.repeat(2001) }, 'quote');
    await bad({ ...ok, plan_id: 3 }, 'plan_id');
    // counts have no upper bound
    await addTarget('prov', plan.id, { indicator: 'p1_staff_trained_count', year: 2019, target: 1200 });
  });

  it('a target changes with If-Match, 412 when stale; null clears the baseline', async () => {
    const t = await addTarget('prov', plan.id, {
      indicator: 'p4_addicts_vocational_pct', year: 2020, target: 65, baseline: 40, baseline_year: 2017, quote: 'trên 65%',
    });
    const r = await u.prov.patch(`/api/v1/targets/${t.id}`, { target: 50 }, { 'if-match': `"g${t.id}-1"` });
    assertStatus(r, 200);
    assert.equal(r.json.target, 50);
    assert.equal(r.json.version, 2);
    assert.equal(r.json.quote, 'trên 65%');
    assert.equal(r.headers.get('etag'), `"g${t.id}-2"`);
    assertError(await u.prov.patch(`/api/v1/targets/${t.id}`, { target: 55 }, { 'if-match': `"g${t.id}-1"` }), 412, 'stale');
    assertError(await u.prov.patch(`/api/v1/targets/${t.id}`, { target: 101 }), 422, 'invalid_field', 'target');
    assertError(await u.prov.patch(`/api/v1/targets/${t.id}`, { year: 2016 }), 422, 'invalid_field', 'year');
    // a baseline year needs a baseline
    assertError(await u.prov.patch(`/api/v1/targets/${t.id}`, { baseline: null }), 422, 'invalid_field', 'baseline_year');
    const c = await u.prov.patch(`/api/v1/targets/${t.id}`, { baseline: null, baseline_year: null, quote: null });
    assertStatus(c, 200);
    assert.equal(c.json.baseline, null);
    assert.equal(c.json.baseline_year, null);
    assert.equal(c.json.quote, null);
    assert.equal(c.json.target, 50);
    // a new kind re-checks the value kept: 50 fits a count too
    const k = await u.prov.patch(`/api/v1/targets/${t.id}`, { indicator: 'p4_addicts_vocational_trained_count', target: 150 });
    assertStatus(k, 200);
    assert.equal(k.json.indicator, 'p4_addicts_vocational_trained_count');
    assertError(await u.prov.patch(`/api/v1/targets/${t.id}`, { indicator: 'p4_addicts_vocational_pct' }), 422, 'invalid_field', 'target');
    assertError(await u.prov.patch('/api/v1/targets/999999', { target: 1 }), 404, 'not_found');
    assertError(await u.kdist.patch(`/api/v1/targets/${t.id}`, { target: 1 }), 404, 'not_found');
  });

  it('a target is deleted: 204, then 404; a stale If-Match is 412', async () => {
    const t = await addTarget('prov', plan.id, { indicator: 'p3_safety_surveys_count', year: 2020, target: 1 });
    assertError(await u.prov.del(`/api/v1/targets/${t.id}`, { 'if-match': `"g${t.id}-7"` }), 412, 'stale');
    assertError(await u.tb.del(`/api/v1/targets/${t.id}`), 404, 'not_found');
    const r = await u.prov.del(`/api/v1/targets/${t.id}`, { 'if-match': `"g${t.id}-1"` });
    assertStatus(r, 204);
    assertError(await u.prov.del(`/api/v1/targets/${t.id}`), 404, 'not_found');
    const l = await u.prov.get(`/api/v1/plans/${plan.id}/targets`);
    assert.ok(!l.json.items.some((x) => x.id === t.id));
  });

  it('a plan changes with If-Match: 412 stale, 409 number taken, 422 for a period leaving targets out', async () => {
    const r = await u.prov.patch(`/api/v1/plans/${plan.id}`, {
      title: 'Kế hoạch 787 (sửa)', projects: [{ project: 2, lead_agency: 'Sở Lao động - Thương binh và Xã hội', partners: 'Tỉnh đoàn' }],
    }, { 'if-match': `"p${plan.id}-1"` });
    assertStatus(r, 200);
    assert.equal(r.json.title, 'Kế hoạch 787 (sửa)');
    assert.equal(r.json.version, 2);
    assert.equal(r.json.number, '787/KH-UBND');
    assert.deepEqual(r.json.projects, [{ project: 2, lead_agency: 'Sở Lao động - Thương binh và Xã hội', partners: 'Tỉnh đoàn' }]);
    assert.equal(r.headers.get('etag'), `"p${plan.id}-2"`);
    assertError(await u.prov.patch(`/api/v1/plans/${plan.id}`, { title: 'Cũ' }, { 'if-match': `"p${plan.id}-1"` }), 412, 'stale');
    const other = await u.prov.post('/api/v1/plans', { ...KON_TUM, number: '100/KH-UBND', period_from: 2016, period_to: 2017 });
    assertStatus(other, 201);
    assertError(await u.prov.patch(`/api/v1/plans/${plan.id}`, { number: '100/KH-UBND' }), 409, 'conflict', 'number');
    assertError(await u.prov.patch(`/api/v1/plans/${plan.id}`, { period_to: 2019 }), 422, 'invalid_field', 'period_to');
    assertError(await u.prov.patch(`/api/v1/plans/${plan.id}`, { period_from: 2019 }), 422, 'invalid_field', 'period_from');
    assertError(await u.prov.patch(`/api/v1/plans/${plan.id}`, { period_from: 2021 }), 422, 'invalid_field', 'period_to');
    assertError(await u.prov.patch(`/api/v1/plans/${plan.id}`, { unit_code: '34' }), 422, 'invalid_field', 'unit_code');
    // a longer period is fine, and projects stay when not sent
    const w = await u.prov.patch(`/api/v1/plans/${plan.id}`, { period_to: 2021 });
    assertStatus(w, 200);
    assert.equal(w.json.period_to, 2021);
    assert.equal(w.json.projects.length, 1);
    const back = await u.prov.patch(`/api/v1/plans/${plan.id}`, { period_to: 2020, projects: KON_TUM.projects });
    assertStatus(back, 200);
    plan = back.json;
  });

  it('a copy shifts every target by the change of the first year, keeps baselines and projects', async () => {
    const before = (await u.prov.get(`/api/v1/plans/${plan.id}/targets`)).json.items;
    assert.ok(before.length >= 5);
    const r = await u.prov.post(`/api/v1/plans/${plan.id}/copy`, {
      number: '12/KH-UBND', issued_on: '2021-02-01', period_from: 2021, period_to: 2025,
    });
    assertStatus(r, 201);
    const copy = r.json;
    assert.notEqual(copy.id, plan.id);
    assert.equal(copy.unit_code, '62');
    assert.equal(copy.title, plan.title);
    assert.equal(copy.number, '12/KH-UBND');
    assert.equal(copy.issued_on, '2021-02-01');
    assert.equal(copy.period_from, 2021);
    assert.equal(copy.period_to, 2025);
    assert.equal(copy.version, 1);
    assert.equal(copy.targets_count, before.length);
    assert.deepEqual(copy.projects, plan.projects);
    const after = (await u.prov.get(`/api/v1/plans/${copy.id}/targets`)).json.items;
    const strip = (t, shift) => ({ indicator: t.indicator, year: t.year + shift, target: t.target,
      baseline: t.baseline, baseline_year: t.baseline_year, quote: t.quote });
    assert.deepEqual(after.map((t) => strip(t, 0)), before.map((t) => strip(t, 3)));
    assert.ok(after.every((t) => t.plan_id === copy.id && t.version === 1));
    // the source is untouched
    const again = (await u.prov.get(`/api/v1/plans/${plan.id}/targets`)).json.items;
    assert.deepEqual(again, before);

    // a new title; a period too short for the shifted targets; a number taken
    const t = await u.prov.post(`/api/v1/plans/${plan.id}/copy`, {
      number: '13/KH-UBND', issued_on: '2021-02-01', period_from: 2021, period_to: 2023, title: 'Kế hoạch giai đoạn 2021–2023',
    });
    assertStatus(t, 201);
    assert.equal(t.json.title, 'Kế hoạch giai đoạn 2021–2023');
    assertError(await u.prov.post(`/api/v1/plans/${plan.id}/copy`, {
      number: '14/KH-UBND', issued_on: '2021-02-01', period_from: 2021, period_to: 2022,
    }), 422, 'invalid_field', 'period_to');
    assertError(await u.prov.post(`/api/v1/plans/${plan.id}/copy`, {
      number: '12/KH-UBND', issued_on: '2021-02-01', period_from: 2026, period_to: 2030,
    }), 409, 'conflict', 'number');
    assertError(await u.prov.post(`/api/v1/plans/${plan.id}/copy`, {
      number: '15/KH-UBND', issued_on: '2021-02-01', period_from: 2026,
    }), 422, 'invalid_field', 'period_to');
    assertError(await u.prov.post(`/api/v1/plans/${plan.id}/copy`, {
      number: '15/KH-UBND', issued_on: '2021-02-01', period_from: 2026, period_to: 2030, unit_code: '610',
    }), 422, 'invalid_field', 'unit_code');
  });

  it('commune, facility, hotline, viewer, admin and auditor may not write: 403', async () => {
    const t = (await u.prov.get(`/api/v1/plans/${plan.id}/targets`)).json.items[0];
    for (const who of ['kcomm', 'fac', 'hot', 'viewer', 'nviewer', 'admin', 'auditor']) {
      assertError(await u[who].post('/api/v1/plans', { ...KON_TUM, number: `W/${who}` }), 403, 'forbidden');
      assertError(await u[who].patch(`/api/v1/plans/${plan.id}`, { title: 'Không được' }), 403, 'forbidden');
      assertError(await u[who].post(`/api/v1/plans/${plan.id}/copy`, {
        number: `W/${who}`, issued_on: '2021-01-01', period_from: 2021, period_to: 2025,
      }), 403, 'forbidden');
      assertError(await u[who].post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'p2_csc_supported_pct', year: 2020, target: 1 }), 403, 'forbidden');
      assertError(await u[who].patch(`/api/v1/targets/${t.id}`, { target: 1 }), 403, 'forbidden');
      assertError(await u[who].del(`/api/v1/targets/${t.id}`), 403, 'forbidden');
    }
    const still = await u.prov.get(`/api/v1/plans/${plan.id}/targets`);
    assert.deepEqual(still.json.items[0], t);
  });

  it('every write is in the audit log', async () => {
    const actions = ['plan_create', 'plan_update', 'plan_copy', 'target_add', 'target_update', 'target_delete'];
    for (const action of actions) {
      const r = await u.auditor.get(`/api/v1/audit?action=${action}`);
      assertStatus(r, 200);
      assert.ok(r.json.items.length > 0, `${action} audited`);
      assert.ok(r.json.items.every((e) => e.action === action));
    }
    const c = await u.auditor.get('/api/v1/audit?action=plan_copy');
    assert.ok(c.json.items.every((e) => e.actor_name === 'prov' && e.unit_path === '62'));
    assert.ok(c.json.items.some((e) => e.detail.from_plan === plan.id && e.detail.targets > 0));
    const created = await u.auditor.get('/api/v1/audit?action=plan_create');
    assert.ok(created.json.items.some((e) => e.target === `plan:${plan.id}`));
  });
});
