// The workflow of periodic reports (docs/reports.md §Workflow, §Endpoints,
// §Consolidation, §Completeness, §Inbox reminders): a commune writer
// submits its report, the district above approves, returns with a comment
// or reopens with a reason (audited); the province above the district and
// the commune itself may not approve, another district does not see the
// report (404), viewers, facility and hotline users may not move it (403);
// the order of the checks (404 → 403 → 422 → 409); the lock of submitted
// and approved reports; the district's consolidation of its communes'
// approved reports (sums of numerators and denominators, the missing
// communes listed); the completeness view; the inbox's report_review for
// the district and report_due for a commune.  The deadlines at the minute
// are report_deadlines.test.mjs's (under libfaketime).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, sleep, stopChecked } from './helpers.mjs';
import { hcmDay } from './cases_helpers.mjs';

const USERS = [
  { username: 'kcomm', full_name: 'Cán bộ thị trấn Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', full_name: 'Cán bộ xã Đắk Rơ Nga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'ngoktu', full_name: 'Cán bộ xã Ngọk Tụ', role: 'commune', scope: '23428', password: 'ngoktu-pass-1' },
  { username: 'kdist', full_name: 'Phòng LĐTBXH huyện Đắk Tô', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'ngochoi', full_name: 'Phòng LĐTBXH huyện Ngọc Hồi', role: 'district', scope: '611', password: 'ngochoi-pass-1' },
  { username: 'prov', full_name: 'Sở LĐTBXH Kon Tum', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'fac', role: 'facility', scope: '23401', password: 'fac-pass-1234' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
];
const PLAN = 'p2_districts_cp_plan_pct'; // aggregate / aggregate percent
const SURVEYS = 'p3_safety_surveys_count'; // aggregate count
const DAK_TO_COMMUNES = ['23401', '23427', '23428', '23430', '23431', '23434', '23437', '23440', '23443'];
const RETURN_COMMENT = 'Thiếu số liệu khảo sát an toàn, đề nghị bổ sung';
const REOPEN_REASON = 'Phát hiện sai sót số liệu sau khi duyệt';

const byCode = (list) => Object.fromEntries(list.map((i) => [i.code, i]));

describe('report workflow', () => {
  let srv;
  const u = {};
  let rep; // 23401's 2020S1 report
  let firstSubmittedAt;

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    // The communes' numbers for 2020S1: 23401 and 23428 will be approved,
    // 23427's stays a draft (it must not be added).
    const agg = async (who, unit, indicator, numerator, denominator) => {
      const body = { indicator, unit_code: unit, period: '2020S1', numerator };
      if (denominator !== undefined) body.denominator = denominator;
      const r = await u[who].req('PUT', '/api/v1/aggregate-values', body);
      assert.ok([200, 201].includes(r.status), `${indicator} ${unit}: ${r.status} ${r.text}`);
    };
    await agg('kcomm', '23401', PLAN, 3, 4);
    await agg('kcomm', '23401', SURVEYS, 7);
    await agg('rnga', '23427', PLAN, 5, 10);
    await agg('rnga', '23427', SURVEYS, 100);
    await agg('ngoktu', '23428', PLAN, 1, 10);
    await agg('ngoktu', '23428', SURVEYS, 2);
  });
  after(async () => { await stopChecked(srv); });

  const create = async (who, unit, period = '2020S1', template = 'six_monthly') => {
    const r = await u[who].post('/api/v1/reports', { template, unit_code: unit, period });
    assertStatus(r, 201);
    assert.equal(r.json.status, 'draft');
    return r.json;
  };
  const move = (who, id, transition, body) => u[who].post(`/api/v1/reports/${id}/${transition}`, body);
  const get = async (who, id) => {
    const r = await u[who].get(`/api/v1/reports/${id}`);
    assertStatus(r, 200);
    return r.json;
  };
  const audit = async (action) => {
    const r = await u.auditor.get(`/api/v1/audit?action=${action}&page_size=200`);
    assertStatus(r, 200);
    return r.json.items;
  };

  it('a commune writer creates its draft; the draft cannot be approved, returned or reopened (409)', async () => {
    rep = await create('kcomm', '23401');
    assert.equal(rep.submitted_at, null);
    assert.equal(rep.may.submit, true);
    for (const t of ['approve', 'return', 'reopen']) {
      assertError(await move('kdist', rep.id, t, { comment: 'Lý do' }), 409, 'invalid_transition');
    }
  });

  it('only the commune itself submits: the district and province 403, another district 404, viewer/facility/hotline 403', async () => {
    for (const who of ['kdist', 'prov', 'viewer', 'fac', 'hot']) {
      assertError(await move(who, rep.id, 'submit', {}), 403, 'forbidden');
    }
    assertError(await move('ngochoi', rep.id, 'submit', {}), 404, 'not_found');
    assertError(await u.ngochoi.get(`/api/v1/reports/${rep.id}`), 404, 'not_found');
    // Another commune of the same district does not see it either.
    assertError(await move('rnga', rep.id, 'submit', {}), 404, 'not_found');
    assertError(await move('kcomm', 999999, 'submit', {}), 404, 'not_found');
    assert.equal((await get('kcomm', rep.id)).status, 'draft', 'nothing moved');
  });

  it('submit (an empty body or {}): submitted, the data frozen, late for a past period; twice is 409', async () => {
    const r = await u.kcomm.req('POST', `/api/v1/reports/${rep.id}/submit`);
    assertStatus(r, 200);
    assert.equal(r.json.status, 'submitted');
    assert.match(r.json.submitted_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(r.json.last_submitted_at, r.json.submitted_at);
    assert.equal(r.json.timeliness, 'late', '2020S1 was due on 15 June 2020');
    assert.equal(r.json.due_date, '2020-06-15');
    assert.equal(r.json.may.edit, false);
    assert.equal(r.json.may.submit, false);
    const ind = byCode(r.json.data.indicators);
    assert.deepEqual([ind[PLAN].numerator, ind[PLAN].denominator, ind[PLAN].value], [3, 4, 75]);
    assert.equal(ind[SURVEYS].numerator, 7);
    const ev = r.json.events.at(-1);
    assert.deepEqual([ev.transition, ev.from, ev.to], ['submit', 'draft', 'submitted']);
    firstSubmittedAt = r.json.submitted_at;
    rep = r.json;

    assertError(await move('kcomm', rep.id, 'submit', {}), 409, 'invalid_transition');
    // Locked: no edit, no refresh, no consolidation.
    assertError(await u.kcomm.patch(`/api/v1/reports/${rep.id}`, { number: '12/BC-UBND' }), 409, 'locked');
    assertError(await move('kcomm', rep.id, 'refresh', {}), 409, 'locked');
    // The number entered after submission does not change the frozen data.
    await u.kcomm.req('PUT', '/api/v1/aggregate-values',
      { indicator: SURVEYS, unit_code: '23401', period: '2020S1', numerator: 70, reason: 'Nhập lại số liệu' });
    assert.equal(byCode((await get('kcomm', rep.id)).data.indicators)[SURVEYS].numerator, 7, 'frozen');
    await u.kcomm.req('PUT', '/api/v1/aggregate-values',
      { indicator: SURVEYS, unit_code: '23401', period: '2020S1', numerator: 7, reason: 'Trả lại số liệu đúng' });
  });

  it('approval is the district\'s: the commune itself and the province (grandparent) 403, another district 404', async () => {
    assertError(await move('kcomm', rep.id, 'approve', {}), 403, 'forbidden');
    assertError(await move('prov', rep.id, 'approve', {}), 403, 'forbidden');
    for (const who of ['viewer', 'fac', 'hot']) {
      assertError(await move(who, rep.id, 'approve', {}), 403, 'forbidden');
    }
    assertError(await move('ngochoi', rep.id, 'approve', {}), 404, 'not_found');
    // 403 comes before the comment's 422.
    assertError(await move('prov', rep.id, 'return', {}), 403, 'forbidden');
    assertError(await move('ngochoi', rep.id, 'return', {}), 404, 'not_found');
  });

  it('return needs a comment (422); with one it is a draft again and shows the last return', async () => {
    assertError(await move('kdist', rep.id, 'return', {}), 422, 'invalid_field', 'comment');
    assertError(await move('kdist', rep.id, 'return', { comment: '   ' }), 422, 'invalid_field', 'comment');
    assertError(await move('kdist', rep.id, 'return', { comment: 5 }), 422, 'invalid_field', 'comment');
    assertError(await move('kdist', rep.id, 'return', { comment: 'x'.repeat(2001) }), 422, 'invalid_field', 'comment');
    const r = await move('kdist', rep.id, 'return', { comment: RETURN_COMMENT });
    assertStatus(r, 200);
    assert.equal(r.json.status, 'draft');
    assert.equal(r.json.last_return.comment, RETURN_COMMENT);
    assert.equal(r.json.last_return.by, 'Phòng LĐTBXH huyện Đắk Tô');
    assert.equal(r.json.submitted_at, firstSubmittedAt, 'the first submission stays');
    const ev = r.json.events.at(-1);
    assert.deepEqual([ev.transition, ev.from, ev.to, ev.comment], ['return', 'submitted', 'draft', RETURN_COMMENT]);
    // The commune may edit its draft again.
    assertStatus(await u.kcomm.patch(`/api/v1/reports/${rep.id}`, { number: '12/BC-UBND' }), 200);
    // Returned once; a second return of a draft is 409.
    assertError(await move('kdist', rep.id, 'return', { comment: RETURN_COMMENT }), 409, 'invalid_transition');
    const entries = (await audit('report.return')).filter((e) => e.target === `report:${rep.id}`);
    assert.equal(entries.length, 1);
    assert.ok(!JSON.stringify(entries).includes('khảo sát an toàn'), 'the comment is not in the audit log');
  });

  it('resubmitted, it keeps its first submitted_at; the district approves it and it is locked', async () => {
    await sleep(1100); // a later second than the first submission
    let r = await move('kcomm', rep.id, 'submit', {});
    assertStatus(r, 200);
    assert.equal(r.json.submitted_at, firstSubmittedAt);
    assert.ok(Date.parse(r.json.last_submitted_at) > Date.parse(firstSubmittedAt), 'the last submission is later');
    assert.equal(r.json.last_return, null, 'no return shown once submitted');
    r = await move('kdist', rep.id, 'approve', {});
    assertStatus(r, 200);
    assert.equal(r.json.status, 'approved');
    assert.match(r.json.approved_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(r.json.approved_by, 'approved_by');
    assert.equal(r.json.may.edit, false);
    rep = r.json;
    assertError(await u.kcomm.patch(`/api/v1/reports/${rep.id}`, { signer_name: 'Nguyễn Văn A' }), 409, 'locked');
    assertError(await move('kcomm', rep.id, 'refresh', {}), 409, 'locked');
    for (const t of ['approve', 'submit']) assertError(await move(t === 'submit' ? 'kcomm' : 'kdist', rep.id, t, {}), 409, 'invalid_transition');
    assertError(await move('kdist', rep.id, 'return', { comment: RETURN_COMMENT }), 409, 'invalid_transition');
    const kinds = (await audit('report.approve')).filter((e) => e.target === `report:${rep.id}`);
    assert.equal(kinds.length, 1);
    assert.equal((await audit('report.submit')).filter((e) => e.target === `report:${rep.id}`).length, 2);
  });

  it('reopen needs the district and a reason; it is audited without the reason', async () => {
    assertError(await move('kdist', rep.id, 'reopen', {}), 422, 'invalid_field', 'comment');
    assertError(await move('prov', rep.id, 'reopen', { comment: REOPEN_REASON }), 403, 'forbidden');
    assertError(await move('kcomm', rep.id, 'reopen', { comment: REOPEN_REASON }), 403, 'forbidden');
    assertError(await move('ngochoi', rep.id, 'reopen', { comment: REOPEN_REASON }), 404, 'not_found');
    const r = await move('kdist', rep.id, 'reopen', { comment: REOPEN_REASON });
    assertStatus(r, 200);
    assert.equal(r.json.status, 'draft');
    assert.equal(r.json.approved_at, null);
    const ev = r.json.events.at(-1);
    assert.deepEqual([ev.transition, ev.from, ev.to, ev.comment], ['reopen', 'approved', 'draft', REOPEN_REASON]);
    const entries = (await audit('report.reopen')).filter((e) => e.target === `report:${rep.id}`);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_name, 'kdist');
    assert.ok(!JSON.stringify(entries).includes('sai sót'), 'the reason stays in the report\'s events');
    // Submitted and approved again for the consolidation below.
    assertStatus(await move('kcomm', rep.id, 'submit', {}), 200);
    assertStatus(await move('kdist', rep.id, 'approve', {}), 200);
  });

  describe('consolidation and completeness', () => {
    let district; // 612's 2020S1 report
    let draft; // 23427's

    it('a commune has nothing to consolidate (422 unit_code); only the reporting unit\'s writers consolidate', async () => {
      draft = await create('rnga', '23427');
      assertError(await move('rnga', draft.id, 'consolidate', {}), 422, 'invalid_field', 'unit_code');
      district = await create('kdist', '612');
      assertError(await move('kcomm', district.id, 'consolidate', {}), 404, 'not_found');
      assertError(await move('prov', district.id, 'consolidate', {}), 403, 'forbidden');
      assertError(await move('viewer', district.id, 'consolidate', {}), 403, 'forbidden');
      assertError(await move('ngochoi', district.id, 'consolidate', {}), 404, 'not_found');
    });

    it('with one commune approved: its numbers, every other commune missing', async () => {
      const r = await move('kdist', district.id, 'consolidate', {});
      assertStatus(r, 200);
      const cons = r.json.consolidation;
      assert.ok(cons, 'the draft holds its consolidation');
      assert.deepEqual(cons.children.map((c) => c.code), DAK_TO_COMMUNES);
      assert.deepEqual(cons.missing, DAK_TO_COMMUNES.filter((c) => c !== '23401'));
      const kids = byCode(cons.children);
      assert.deepEqual([kids['23401'].report_id, kids['23401'].status, kids['23401'].approved], [rep.id, 'approved', true]);
      assert.equal(kids['23401'].timeliness, 'late');
      assert.deepEqual([kids['23427'].report_id, kids['23427'].status, kids['23427'].approved], [draft.id, 'draft', false]);
      assert.equal(kids['23427'].timeliness, 'missing');
      assert.deepEqual([kids['23428'].report_id, kids['23428'].status], [null, null]);
      // Every sum is the approved commune's own frozen number — where it
      // has the whole pair: a numerator is never added without its
      // denominator (then unknown, and no sum).
      const child = byCode((await get('kdist', rep.id)).data.indicators);
      let summed = 0;
      for (const i of cons.indicators) {
        const c = child[i.code];
        const whole = c.numerator !== null && (i.kind === 'count' || c.denominator !== null);
        assert.equal(i.numerator, whole ? c.numerator : null, `${i.code} numerator`);
        if (i.kind !== 'count') assert.equal(i.denominator, whole ? c.denominator : null, `${i.code} denominator`);
        assert.deepEqual([i.summed, i.unknown, i.missing], [whole ? 1 : 0, whole ? 0 : 1, 8], i.code);
        if (whole) summed++;
      }
      assert.equal(cons.indicators.length, Object.keys(child).length, 'every indicator of the report');
      assert.ok(summed >= 2, 'some sums to compare');
      const ind = byCode(cons.indicators);
      assert.deepEqual([ind[PLAN].numerator, ind[PLAN].denominator, ind[PLAN].value, ind[PLAN].summed], [3, 4, 75, 1]);
      assert.deepEqual([ind[SURVEYS].numerator, ind[SURVEYS].value], [7, 7]);
      const ev = r.json.events.at(-1);
      assert.deepEqual([ev.transition, ev.from, ev.to], ['consolidate', 'draft', 'draft']);
    });

    it('with a second commune approved: sums of numerators and denominators, not an average', async () => {
      const other = await create('ngoktu', '23428');
      assertStatus(await move('ngoktu', other.id, 'submit', {}), 200);
      assertStatus(await move('kdist', other.id, 'approve', {}), 200);
      const r = await move('kdist', district.id, 'consolidate', {});
      assertStatus(r, 200);
      const ind = byCode(r.json.consolidation.indicators);
      // 3/4 (75 %) and 1/10 (10 %) make 4/14 = 28.6 %, not 42.5 %.
      assert.deepEqual([ind[PLAN].numerator, ind[PLAN].denominator, ind[PLAN].value], [4, 14, 28.6]);
      assert.deepEqual([ind[PLAN].summed, ind[PLAN].missing], [2, 7]);
      assert.equal(ind[SURVEYS].numerator, 9);
      assert.ok(!r.json.consolidation.missing.includes('23428'));
      assert.ok(r.json.consolidation.missing.includes('23427'), 'the draft stays missing');
    });

    it('the district submits (consolidated again), the province approves it; consolidating a submitted report is 409', async () => {
      let r = await move('kdist', district.id, 'submit', {});
      assertStatus(r, 200);
      assert.ok(r.json.consolidation, 'still consolidated after submission');
      assert.equal(byCode(r.json.consolidation.indicators)[PLAN].numerator, 4);
      assertError(await move('kdist', district.id, 'consolidate', {}), 409, 'locked');
      assertError(await move('kdist', district.id, 'approve', {}), 403, 'forbidden');
      r = await move('prov', district.id, 'approve', {});
      assertStatus(r, 200);
      assert.equal(r.json.status, 'approved');
    });

    it('completeness of Đắk Tô: each commune\'s status and timeliness, the counts', async () => {
      const r = await u.kdist.get('/api/v1/reports/completeness?template=six_monthly&period=2020S1');
      assertStatus(r, 200);
      const c = r.json;
      assert.deepEqual(c.unit, { code: '612', name: 'Đắk Tô', level: 2 });
      assert.deepEqual([c.template, c.period, c.due_date], ['six_monthly', '2020S1', '2020-06-15']);
      assert.deepEqual(c.children.map((x) => x.code), DAK_TO_COMMUNES);
      const kids = byCode(c.children);
      assert.deepEqual([kids['23401'].status, kids['23401'].timeliness, kids['23401'].report_id],
        ['approved', 'late', rep.id]);
      assert.match(kids['23401'].submitted_at, /^2\d{3}-/);
      assert.deepEqual([kids['23427'].status, kids['23427'].timeliness, kids['23427'].submitted_at],
        ['draft', 'missing', null]);
      assert.deepEqual([kids['23430'].status, kids['23430'].report_id, kids['23430'].timeliness], [null, null, 'missing']);
      assert.equal(kids['23430'].name, 'Đắk Trăm');
      assert.deepEqual(c.counts, {
        children: 9, approved: 2, submitted: 0, draft: 1, none: 6,
        on_time: 0, late: 2, missing: 7, pending: 0,
      });
      // The province: its districts, Đắk Tô approved.
      const p = await u.prov.get('/api/v1/reports/completeness?unit=62&template=six_monthly&period=2020S1');
      assertStatus(p, 200);
      assert.equal(p.json.children.length, 10);
      assert.deepEqual([p.json.counts.approved, p.json.counts.none, p.json.counts.late, p.json.counts.missing], [1, 9, 1, 9]);
      // Another year: nobody reported, all missing.
      const y = await u.kdist.get('/api/v1/reports/completeness?unit=612&template=annual&period=2019');
      assertStatus(y, 200);
      assert.equal(y.json.due_date, '2019-12-15');
      assert.deepEqual([y.json.counts.none, y.json.counts.missing], [9, 9]);
      // A commune has no children.
      const k = await u.kcomm.get('/api/v1/reports/completeness?template=six_monthly&period=2020S1');
      assertStatus(k, 200);
      assert.equal(k.json.unit.code, '23401');
      assert.deepEqual(k.json.children, []);
      assert.equal(k.json.counts.children, 0);
      // Viewers read it too.
      assertStatus(await u.viewer.get('/api/v1/reports/completeness?unit=612&template=six_monthly&period=2020S1'), 200);
    });

    it('completeness: 422 for a bad template, period or unit; 404 for a unit outside the scope', async () => {
      const q = (who, s) => u[who].get(`/api/v1/reports/completeness?${s}`);
      assertError(await q('kdist', 'template=monthly&period=2020S1'), 422, 'invalid_field', 'template');
      assertError(await q('kdist', 'template=annual&period=2020S1'), 422, 'invalid_field', 'period');
      assertError(await q('kdist', 'template=six_monthly&period=2020'), 422, 'invalid_field', 'period');
      assertError(await q('kdist', 'template=six_monthly'), 422, 'invalid_field', 'period');
      assertError(await q('kdist', 'unit=99999&template=six_monthly&period=2020S1'), 422, 'invalid_field', 'unit');
      assertError(await q('ngochoi', 'unit=612&template=six_monthly&period=2020S1'), 404, 'not_found');
      assertError(await q('kcomm', 'unit=612&template=six_monthly&period=2020S1'), 404, 'not_found');
    });

    it('inbox: the district sees a submitted commune report to review, the province does not; it leaves once approved', async () => {
      const r = await move('rnga', draft.id, 'submit', {});
      assertStatus(r, 200);
      let items = (await u.kdist.get('/api/v1/inbox')).json.items;
      const review = items.filter((x) => x.kind === 'report_review');
      assert.deepEqual(review, [{
        kind: 'report_review', report_id: draft.id, template: 'six_monthly', period: '2020S1',
        unit_code: '23427', submitted_at: r.json.last_submitted_at,
      }]);
      items = (await u.prov.get('/api/v1/inbox')).json.items;
      assert.ok(!items.some((x) => x.kind === 'report_review' && x.report_id === draft.id), 'not the grandparent\'s');
      assert.ok(!(await u.ngochoi.get('/api/v1/inbox')).json.items.some((x) => x.kind === 'report_review'));
      assertStatus(await move('kdist', draft.id, 'approve', {}), 200);
      items = (await u.kdist.get('/api/v1/inbox')).json.items;
      assert.ok(!items.some((x) => x.kind === 'report_review'), 'approved: gone');
    });

    it('inbox: a commune is reminded of the reports it owes — last year\'s while not submitted, this year\'s from 7 days before', async () => {
      // Today in Vietnam decides which of this year's are due.
      const today = hcmDay();
      const year = Number(today.slice(0, 4));
      const days = (a, b) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
      const expected = [
        ['six_monthly', `${year - 1}S1`, `${year - 1}-06-15`],
        ['annual', `${year - 1}`, `${year - 1}-12-15`],
        ['six_monthly', `${year}S1`, `${year}-06-15`],
        ['annual', `${year}`, `${year}-12-15`],
      ].map(([template, period, due]) => ({ template, period, due, left: days(today, due) }))
        .filter((e) => e.left <= 7)
        .sort((a, b) => a.left - b.left);
      assert.ok(expected.length >= 2, 'last year\'s are always owed here');
      const r = await u.kcomm.get('/api/v1/inbox');
      assertStatus(r, 200);
      const due = r.json.items.filter((x) => x.kind === 'report_due');
      assert.deepEqual(due.map((x) => [x.template, x.period, x.due_date, x.days_left, x.report_id]),
        expected.map((e) => [e.template, e.period, e.due, e.left, null]));
      for (const x of due) {
        assert.equal(x.unit_code, '23401');
        assert.equal(x.timeliness, x.days_left < 0 ? 'missing' : 'pending');
      }
      // Report kinds come after the case kinds.
      const kinds = r.json.items.map((x) => x.kind);
      const firstReport = kinds.findIndex((k) => k.startsWith('report_'));
      assert.ok(kinds.slice(firstReport).every((k) => k.startsWith('report_')), kinds.join());
      // Submitting last year's S1 removes its reminder; a draft keeps it
      // with its id.
      const last = await create('kcomm', '23401', `${year - 1}S1`);
      let items = (await u.kcomm.get('/api/v1/inbox')).json.items;
      assert.equal(items.find((x) => x.kind === 'report_due' && x.period === `${year - 1}S1`).report_id, last.id);
      assertStatus(await move('kcomm', last.id, 'submit', {}), 200);
      items = (await u.kcomm.get('/api/v1/inbox')).json.items;
      assert.ok(!items.some((x) => x.kind === 'report_due' && x.period === `${year - 1}S1`), 'submitted: no reminder');
      // Readers who do not write reports are not reminded; viewers have no inbox.
      assert.ok(!(await u.fac.get('/api/v1/inbox')).json.items.some((x) => x.kind.startsWith('report_')));
      assertError(await u.viewer.get('/api/v1/inbox'), 403);
    });
  });
});
