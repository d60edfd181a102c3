// The core of periodic reports (docs/reports.md §Endpoints, §Report JSON,
// §Settings; src/api/reports.c, report_json.c, report_settings.c): a
// commune writer creates its draft, prefilled (409 for a second one with
// the first one's id; 422 template before period, unit_code, agency; 403
// for a unit below the caller's own, 404 outside the scope); the report
// with its events and what the caller may do; the form and narrative
// edited with If-Match (412 stale, 409 locked once submitted, 422 per
// field); refresh; the list within the scope (unit, parent = the
// approver's queue, period, template, status, paging; another province
// sees nothing); a viewer's counts of 1–4 as "<5"; a plan's report
// settings (the defaults, a calendar window moving the commune's window
// and due date, 29 February and month 13 refused).  The moves themselves
// are report_workflow.test.mjs's, the data tables report_prefill's.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'kcomm', full_name: 'Cán bộ thị trấn Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', full_name: 'Cán bộ xã Đắk Rơ Nga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'kdist', full_name: 'Phòng LĐTBXH huyện Đắk Tô', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'gialai', role: 'province', scope: '64', password: 'gialai-pass-1' },
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
];
const PLAN_PCT = 'p2_districts_cp_plan_pct'; // aggregate / aggregate percent
const SURVEYS = 'p3_safety_surveys_count'; // aggregate count
const P1_AGENCY = 'Phòng Lao động - Thương binh và Xã hội huyện Đắk Tô';

const byCode = (data) => Object.fromEntries(data.indicators.map((i) => [i.code, i]));

describe('reports', () => {
  let srv;
  const u = {};
  let plan; // Đắk Tô's 2018–2020 plan
  let rep; // 23401's 2020S1 report
  let other; // 23427's 2020S1 report

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    const agg = async (indicator, numerator, denominator) => {
      const body = { indicator, unit_code: '23401', period: '2020S1', numerator };
      if (denominator !== undefined) body.denominator = denominator;
      const r = await u.kcomm.req('PUT', '/api/v1/aggregate-values', body);
      assert.ok([200, 201].includes(r.status), `${indicator}: ${r.status} ${r.text}`);
    };
    await agg(PLAN_PCT, 3, 4);
    await agg(SURVEYS, 7);
    const p = await u.kdist.post('/api/v1/plans', {
      unit_code: '612', number: '45/KH-UBND', issued_on: '2018-03-01',
      title: 'Kế hoạch trợ giúp xã hội huyện Đắk Tô', period_from: 2018, period_to: 2020,
      projects: [{ project: 1, lead_agency: P1_AGENCY, partners: null }],
    });
    assertStatus(p, 201);
    plan = p.json;
  });
  after(async () => { await stopChecked(srv); });

  const create = (who, body) => u[who].post('/api/v1/reports', body);
  const list = async (who, q = '') => {
    const r = await u[who].get(`/api/v1/reports${q}`);
    assertStatus(r, 200);
    return r.json;
  };

  describe('create', () => {
    it('a commune writer creates its draft: 201, prefilled, the plan of its district governs it', async () => {
      const r = await create('kcomm', { template: 'six_monthly', unit_code: '23401', period: '2020S1' });
      assertStatus(r, 201);
      rep = r.json;
      assert.equal(r.headers.get('etag'), '"1"');
      assert.deepEqual([rep.template, rep.period, rep.status, rep.version], ['six_monthly', '2020S1', 'draft', 1]);
      assert.deepEqual(rep.unit, { code: '23401', name: 'Đắk Tô', level: 3 });
      assert.deepEqual([rep.tree, rep.agency, rep.project], ['2024', null, null]);
      assert.deepEqual(rep.plan, { id: plan.id, number: '45/KH-UBND' });
      assert.deepEqual(rep.window, { rule: 'decree_09', from: '2019-12-15', to: '2020-06-14' });
      assert.deepEqual([rep.due_date, rep.deadline_at], ['2020-06-15', '2020-06-15T17:00:00Z']);
      assert.equal(rep.timeliness, 'missing', 'never submitted and long past due');
      assert.ok(rep.days_left < -1000, `days_left ${rep.days_left}`);
      assert.deepEqual([rep.submitted_at, rep.last_submitted_at, rep.approved_at, rep.approved_by], [null, null, null, null]);
      assert.deepEqual([rep.number, rep.report_date, rep.signer_title, rep.signer_name], ['', '', '', '']);
      assert.deepEqual(rep.narrative, { results: '', difficulties: '', proposals: '' });
      assert.ok(Array.isArray(rep.data.indicators) && rep.data.indicators.length > 10, 'every catalogue indicator');
      const ind = byCode(rep.data);
      assert.deepEqual([ind[PLAN_PCT].numerator, ind[PLAN_PCT].denominator, ind[PLAN_PCT].value], [3, 4, 75]);
      assert.equal(ind[SURVEYS].numerator, 7);
      assert.equal(rep.consolidation, null);
      assert.equal(rep.last_return, null);
      assert.deepEqual(rep.events.map((e) => [e.transition, e.from, e.to, e.by]),
        [['create', null, 'draft', 'Cán bộ thị trấn Đắk Tô']]);
      assert.deepEqual(rep.may, { edit: true, submit: true, approve: false, return: false, reopen: false });
      const audit = await u.auditor.get('/api/v1/audit?action=report.create&page_size=200');
      assertStatus(audit, 200);
      assert.equal(audit.json.items.filter((e) => e.target === `report:${rep.id}`).length, 1);
    });

    it('a second one is 409 conflict with the id of the first; another period is another report', async () => {
      const r = await create('kcomm', { template: 'six_monthly', unit_code: '23401', period: '2020S1' });
      assertError(r, 409, 'conflict');
      assert.equal(r.json.error.id, rep.id);
      const annual = await create('kcomm', { template: 'annual', unit_code: '23401', period: '2020' });
      assertStatus(annual, 201);
      assert.deepEqual([annual.json.due_date, annual.json.window.from, annual.json.window.to],
        ['2020-12-15', '2019-12-15', '2020-12-14']);
      const o = await create('rnga', { template: 'six_monthly', unit_code: '23427', period: '2020S1' });
      assertStatus(o, 201);
      other = o.json;
    });

    it('422: the template before the period, then the unit, then the agency', async () => {
      assertError(await create('kcomm', { template: 'weekly', unit_code: '23401', period: 'soon' }), 422, 'invalid_field', 'template');
      assertError(await create('kcomm', { unit_code: '23401', period: '2020S1' }), 422, 'invalid_field', 'template');
      for (const [template, period] of [['six_monthly', '2020'], ['annual', '2020S1'], ['six_monthly', '2020S3'],
        ['six_monthly', '2020Q1'], ['annual', '1999'], ['six_monthly', undefined]]) {
        assertError(await create('kcomm', { template, unit_code: '23401', period }), 422, 'invalid_field', 'period');
      }
      assertError(await create('kcomm', { template: 'annual', period: '2021' }), 422, 'invalid_field', 'unit_code');
      assertError(await create('kcomm', { template: 'annual', unit_code: '99999', period: '2021' }), 422, 'invalid_field', 'unit_code');
      assertError(await create('kcomm', { template: 'annual', unit_code: '23401', period: '2021', colour: 'red' }), 422, 'invalid_field');
      // An agency must lead a project of the governing plan (2021 has none).
      assertError(await create('kdist', { template: 'annual', unit_code: '612', period: '2020', agency: 'Hội Nông dân' }),
        422, 'invalid_field', 'agency');
      assertError(await create('kdist', { template: 'annual', unit_code: '612', period: '2021', agency: P1_AGENCY }),
        422, 'invalid_field', 'agency');
    });

    it('an agency\'s report: the project it leads, its indicators only; the agency named without marks or case', async () => {
      const r = await create('kdist', { template: 'annual', unit_code: '612', period: '2020',
        agency: 'phong lao dong - thuong binh va xa hoi huyen dak to' });
      assertStatus(r, 201);
      assert.deepEqual([r.json.agency, r.json.project], [P1_AGENCY, 1]);
      assert.ok(r.json.data.indicators.length > 0);
      assert.ok(r.json.data.indicators.every((i) => i.project === 1), 'project 1 only');
      // The district's own report of the same period is another one.
      assertStatus(await create('kdist', { template: 'annual', unit_code: '612', period: '2020' }), 201);
    });

    it('403 for a unit below the caller\'s own or a role that does not write; 404 outside the scope', async () => {
      assertError(await create('kdist', { template: 'six_monthly', unit_code: '23401', period: '2021S1' }), 403, 'forbidden');
      assertError(await create('prov', { template: 'six_monthly', unit_code: '612', period: '2021S1' }), 403, 'forbidden');
      for (const who of ['viewer', 'hot', 'auditor']) {
        assertError(await create(who, { template: 'six_monthly', unit_code: '62', period: '2021S1' }), 403, 'forbidden');
      }
      assertError(await create('gialai', { template: 'six_monthly', unit_code: '23401', period: '2021S1' }), 404, 'not_found', 'unit_code');
      assertError(await create('kcomm', { template: 'six_monthly', unit_code: '23427', period: '2021S1' }), 404, 'not_found', 'unit_code');
      const list = await u.kdist.get('/api/v1/reports?period=2021S1');
      assert.equal(list.json.total, 0, 'nothing was created');
    });
  });

  describe('one report', () => {
    it('GET: the district sees the draft but may not move it; another province and another commune get 404', async () => {
      const r = await u.kdist.get(`/api/v1/reports/${rep.id}`);
      assertStatus(r, 200);
      assert.equal(r.headers.get('etag'), '"1"');
      assert.deepEqual(r.json.may, { edit: false, submit: false, approve: false, return: false, reopen: false });
      assert.equal(r.json.events.length, 1);
      for (const [who, id] of [['gialai', rep.id], ['rnga', rep.id], ['kcomm', other.id], ['kcomm', 999999]]) {
        assertError(await u[who].get(`/api/v1/reports/${id}`), 404, 'not_found');
      }
      assertError(await u.kcomm.get('/api/v1/reports/abc'), 404, 'not_found');
      assertError(await u.hot.get(`/api/v1/reports/${rep.id}`), 403, 'forbidden');
    });

    it('PATCH: the form and narrative (NFC, lines kept); If-Match of an older version is 412', async () => {
      const nfd = 'Kết quả'.normalize('NFD');
      let r = await u.kcomm.patch(`/api/v1/reports/${rep.id}`, {
        number: ' 12/BC-UBND ', report_date: '2020-06-10', signer_title: 'Chủ tịch',
        narrative: { results: `${nfd} đạt được\nDòng thứ hai` },
      }, { 'If-Match': '"1"' });
      assertStatus(r, 200);
      assert.equal(r.headers.get('etag'), '"2"');
      assert.deepEqual([r.json.number, r.json.report_date, r.json.signer_title, r.json.signer_name, r.json.version],
        ['12/BC-UBND', '2020-06-10', 'Chủ tịch', '', 2]);
      assert.deepEqual(r.json.narrative, { results: 'Kết quả đạt được\nDòng thứ hai', difficulties: '', proposals: '' });
      assert.equal(r.json.narrative.results, r.json.narrative.results.normalize('NFC'));

      assertError(await u.kcomm.patch(`/api/v1/reports/${rep.id}`, { signer_name: 'Nguyễn Văn A' }, { 'If-Match': '"1"' }),
        412, 'stale');
      r = await u.kcomm.patch(`/api/v1/reports/${rep.id}`,
        { signer_name: 'Nguyễn Văn A', narrative: { proposals: 'Đề nghị bổ sung kinh phí' }, report_date: '' },
        { 'If-Match': '"2"' });
      assertStatus(r, 200);
      assert.deepEqual([r.json.signer_name, r.json.report_date, r.json.narrative.proposals, r.json.version],
        ['Nguyễn Văn A', '', 'Đề nghị bổ sung kinh phí', 3]);
      assert.equal(r.json.narrative.results, 'Kết quả đạt được\nDòng thứ hai', 'untouched');
      // Without If-Match the last write wins.
      r = await u.kcomm.patch(`/api/v1/reports/${rep.id}`, { report_date: '10/06/2020' });
      assertStatus(r, 200);
      assert.deepEqual([r.json.report_date, r.json.version], ['2020-06-10', 4]);
    });

    it('PATCH: 422 naming the field, 403 for the district, 404 outside the scope', async () => {
      const patch = (who, body) => u[who].patch(`/api/v1/reports/${rep.id}`, body);
      assertError(await patch('kcomm', { number: 'x'.repeat(51) }), 422, 'invalid_field', 'number');
      assertError(await patch('kcomm', { report_date: '2020-13-01' }), 422, 'invalid_field', 'report_date');
      assertError(await patch('kcomm', { signer_name: 5 }), 422, 'invalid_field', 'signer_name');
      assertError(await patch('kcomm', { narrative: { results: 'x'.repeat(20001) } }), 422, 'invalid_field', 'narrative.results');
      assertError(await patch('kcomm', { narrative: 'text' }), 422, 'invalid_field', 'narrative');
      assertError(await patch('kcomm', { narrative: { summary: 'x' } }), 422, 'invalid_field', 'narrative.summary');
      assertError(await patch('kcomm', { status: 'approved' }), 422, 'invalid_field', 'status');
      assertStatus(await patch('kcomm', { narrative: { results: 'ồ'.repeat(20000) } }), 200);
      assertError(await patch('kdist', { number: '1/BC' }), 403, 'forbidden');
      assertError(await patch('gialai', { number: '1/BC' }), 404, 'not_found');
      assertError(await patch('viewer', { number: '1/BC' }), 403, 'forbidden');
      const r = await u.kcomm.get(`/api/v1/reports/${rep.id}`);
      assert.equal(r.json.number, '12/BC-UBND', 'nothing else changed');
    });

    it('refresh: the tables computed again from the records now, an event', async () => {
      const before = await u.kcomm.get(`/api/v1/reports/${rep.id}`);
      await u.kcomm.req('PUT', '/api/v1/aggregate-values',
        { indicator: SURVEYS, unit_code: '23401', period: '2020S1', numerator: 9, reason: 'Bổ sung số liệu' });
      assert.equal(byCode(before.json.data)[SURVEYS].numerator, 7, 'not before the refresh');
      assertError(await u.kdist.post(`/api/v1/reports/${rep.id}/refresh`, {}), 403, 'forbidden');
      assertError(await u.gialai.post(`/api/v1/reports/${rep.id}/refresh`, {}), 404, 'not_found');
      const r = await u.kcomm.post(`/api/v1/reports/${rep.id}/refresh`, {});
      assertStatus(r, 200);
      assert.equal(byCode(r.json.data)[SURVEYS].numerator, 9);
      assert.equal(r.json.version, before.json.version + 1);
      assert.equal(r.json.number, '12/BC-UBND', 'the form is kept');
      assert.deepEqual(r.json.events.map((e) => e.transition), ['create', 'refresh']);
    });

    it('a submitted report is locked: PATCH and refresh 409 locked; the district may approve or return it', async () => {
      assertStatus(await u.kcomm.post(`/api/v1/reports/${rep.id}/submit`, {}), 200);
      assertError(await u.kcomm.patch(`/api/v1/reports/${rep.id}`, { number: '13/BC' }), 409, 'locked');
      assertError(await u.kcomm.post(`/api/v1/reports/${rep.id}/refresh`, {}), 409, 'locked');
      const mine = await u.kcomm.get(`/api/v1/reports/${rep.id}`);
      assert.deepEqual(mine.json.may, { edit: false, submit: false, approve: false, return: false, reopen: false });
      assert.equal(mine.json.timeliness, 'late');
      assert.equal(mine.json.days_left, null, 'nothing left to count once submitted');
      const theirs = await u.kdist.get(`/api/v1/reports/${rep.id}`);
      assert.deepEqual(theirs.json.may, { edit: false, submit: false, approve: true, return: true, reopen: false });
    });

    it('a viewer sees counts of 1–4 as "<5" and no value for a percent built on them', async () => {
      const r = await u.viewer.get(`/api/v1/reports/${rep.id}`);
      assertStatus(r, 200);
      const pct = byCode(r.json.data)[PLAN_PCT];
      assert.deepEqual([pct.numerator, pct.denominator, pct.value, pct.suppressed], ['<5', '<5', null, true]);
      const surveys = byCode(r.json.data)[SURVEYS];
      assert.deepEqual([surveys.numerator, surveys.value, surveys.suppressed], [9, 9, false]);
      assert.ok(!JSON.stringify(r.json.data.indicators).match(/"(numerator|denominator)":[1-4][,}]/),
        'no count of 1–4 anywhere in the indicators');
      const writer = byCode((await u.kdist.get(`/api/v1/reports/${rep.id}`)).json.data)[PLAN_PCT];
      assert.deepEqual([writer.numerator, writer.denominator, writer.value], [3, 4, 75]);
    });
  });

  describe('list', () => {
    const keys = (l) => l.items.map((i) => `${i.unit.code} ${i.template} ${i.period}${i.agency ? ' agency' : ''}`).sort();

    it('within the scope: a commune its own, the district its subtree, another province nothing', async () => {
      assert.deepEqual(keys(await list('kcomm')), ['23401 annual 2020', '23401 six_monthly 2020S1']);
      const d = await list('kdist');
      assert.deepEqual(keys(d), ['23401 annual 2020', '23401 six_monthly 2020S1', '23427 six_monthly 2020S1',
        '612 annual 2020', '612 annual 2020 agency']);
      assert.deepEqual([d.total, d.page, d.per_page], [5, 1, 50]);
      assert.equal((await list('prov')).total, 5);
      const g = await list('gialai');
      assert.deepEqual([g.total, g.items], [0, []]);
      const item = d.items.find((i) => i.id === rep.id);
      assert.deepEqual([item.status, item.due_date, item.timeliness, item.plan.id, item.unit.name], ['submitted', '2020-06-15', 'late', plan.id, 'Đắk Tô']);
      assert.match(item.submitted_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(item.data, undefined, 'no data in a list');
      assert.equal(item.narrative, undefined, 'no narrative in a list');
    });

    it('filters: unit, parent (the approver\'s queue), period, template, status; paging', async () => {
      assert.deepEqual(keys(await list('kdist', '?unit=23401')), ['23401 annual 2020', '23401 six_monthly 2020S1']);
      assert.deepEqual(keys(await list('kdist', '?parent=612')),
        ['23401 annual 2020', '23401 six_monthly 2020S1', '23427 six_monthly 2020S1']);
      assert.deepEqual(keys(await list('kdist', '?parent=612&status=submitted')), ['23401 six_monthly 2020S1']);
      assert.deepEqual(keys(await list('prov', '?parent=62')), ['612 annual 2020', '612 annual 2020 agency']);
      assert.deepEqual(keys(await list('kdist', '?period=2020S1')), ['23401 six_monthly 2020S1', '23427 six_monthly 2020S1']);
      assert.deepEqual(keys(await list('kdist', '?template=annual&unit=612')), ['612 annual 2020', '612 annual 2020 agency']);
      assert.equal((await list('kdist', '?status=approved')).total, 0);
      const p1 = await list('kdist', '?per_page=2');
      const p3 = await list('kdist', '?per_page=2&page=3');
      assert.deepEqual([p1.items.length, p1.total, p1.per_page, p3.items.length, p3.page], [2, 5, 2, 1, 3]);
      // Newest period first.
      assert.deepEqual(p1.items.map((i) => i.period), ['2020S1', '2020S1']);
    });

    it('a bad value is 422, a unit outside the scope 404', async () => {
      for (const [q, field] of [['?status=returned', 'status'], ['?template=weekly', 'template'], ['?period=2020-13', 'period'],
        ['?unit=99999', 'unit'], ['?parent=99999', 'parent'], ['?per_page=0', 'per_page'], ['?per_page=201', 'per_page'],
        ['?page=0', 'page'], ['?tree=2030', 'tree']]) {
        assertError(await u.kdist.get(`/api/v1/reports${q}`), 422, 'invalid_field', field);
      }
      assertError(await u.kcomm.get('/api/v1/reports?unit=23427'), 404, 'not_found', 'unit');
      assertError(await u.kcomm.get('/api/v1/reports?parent=612'), 404, 'not_found', 'parent');
      assertError(await u.gialai.get('/api/v1/reports?unit=612'), 404, 'not_found', 'unit');
      assertError(await u.hot.get('/api/v1/reports'), 403, 'forbidden');
    });
  });

  describe('settings', () => {
    const path = () => `/api/v1/plans/${plan.id}/report-settings`;
    const DEFAULTS = {
      window: 'decree_09',
      due: { s1: { month: 6, day: 15, year_offset: 0 }, s2: { month: 12, day: 15, year_offset: 0 },
        annual: { month: 12, day: 15, year_offset: 0 } },
      due_day_counts: true, reminder_days: 7,
    };

    it('GET: the defaults, not stored; readers in scope only', async () => {
      const r = await u.viewer.get(path());
      assertStatus(r, 200);
      assert.deepEqual(r.json, { ...DEFAULTS, stored: false });
      assertError(await u.gialai.get(path()), 404, 'not_found');
      assertError(await u.hot.get(path()), 403, 'forbidden');
      assertError(await u.kdist.get('/api/v1/plans/999999/report-settings'), 404, 'not_found');
    });

    it('PUT 422 names the rule at fault; nothing is stored', async () => {
      const bad = [
        [{ due: { s1: { month: 2, day: 29, year_offset: 0 } } }, /29 February/],
        [{ due: { annual: { month: 13, day: 1, year_offset: 0 } } }, /month/],
        [{ due: { s2: { month: 4, day: 31 } } }, /day/],
        [{ due: { s2: { month: 1, day: 15, year_offset: 2 } } }, /year_offset/],
        [{ due: { s3: { month: 1, day: 15 } } }, /s3/],
        [{ window: 'weekly' }, /window/],
        [{ reminder_days: 61 }, /reminder_days/],
        [{ due_day_counts: 'yes' }, /due_day_counts/],
        [{ colour: 'red' }, /colour/],
      ];
      for (const [body, message] of bad) {
        const r = await u.kdist.req('PUT', path(), { ...DEFAULTS, ...body });
        assertError(r, 422, 'invalid_field', 'settings');
        assert.match(r.json.error.message, message, JSON.stringify(body));
      }
      assert.equal((await u.kdist.get(path())).json.stored, false);
      assertError(await u.kcomm.req('PUT', path(), DEFAULTS), 403, 'forbidden');
      assertError(await u.gialai.req('PUT', path(), DEFAULTS), 404, 'not_found');
    });

    it('PUT: calendar windows and later due dates move the commune\'s report; GET\'s answer goes back as it is', async () => {
      const settings = {
        window: 'calendar',
        due: { s1: { month: 7, day: 15, year_offset: 0 }, s2: { month: 1, day: 15, year_offset: 1 },
          annual: { month: 1, day: 15, year_offset: 1 } },
        due_day_counts: false, reminder_days: 10,
      };
      const r = await u.kdist.req('PUT', path(), settings);
      assertStatus(r, 200);
      assert.deepEqual(r.json, { ...settings, stored: true });
      const again = await u.kdist.get(path());
      assert.deepEqual(again.json, { ...settings, stored: true });
      assertStatus(await u.prov.req('PUT', path(), again.json), 200);
      const audit = await u.auditor.get('/api/v1/audit?action=report_settings.put&page_size=200');
      assert.equal(audit.json.items.filter((e) => e.target === `plan:${plan.id}`).length, 2);

      const rpt = (await u.rnga.get(`/api/v1/reports/${other.id}`)).json;
      assert.deepEqual(rpt.window, { rule: 'calendar', from: '2020-01-01', to: '2020-06-30' });
      // The due day does not count: the deadline is the start of 15 July.
      assert.deepEqual([rpt.due_date, rpt.deadline_at], ['2020-07-15', '2020-07-14T17:00:00Z']);
      const annual = (await list('kcomm', '?template=annual')).items[0];
      assert.equal(annual.due_date, '2021-01-15');
      // A key left out keeps its value.
      const partial = await u.kdist.req('PUT', path(), { reminder_days: 3 });
      assert.deepEqual(partial.json, { ...settings, reminder_days: 3, stored: true });
    });
  });
});
