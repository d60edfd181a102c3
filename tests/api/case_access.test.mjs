// Who reaches what of a case (docs/cases.md §Who sees a case, ADR 0011):
// roles without case work, ids outside the scope answered exactly like
// missing ones, hotline and facility limits, restricted cases in lists,
// answers, approvals and the audit log, strict input, and narratives
// sealed at rest.  Each test here guards a leak or an access bug found in
// review; the name says which.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS, ADULT, HOUR, isoAgo, hcmDay, dbBytes, asBytes } from './cases_helpers.mjs';

const USERS = [
  { username: 'admin', full_name: 'Quản trị', role: 'admin', password: 'admin-pass-123' },
  { username: 'viewer', full_name: 'Xem số liệu', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'auditor', full_name: 'Kiểm toán', role: 'auditor', password: 'auditor-pass-1' },
  { username: 'prov', full_name: 'Sở Kon Tum', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kdist', full_name: 'Phòng Đắk Tô', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', full_name: 'Cán bộ TT Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'kcomm2', full_name: 'Chủ tịch TT Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm2-pass-1' },
  { username: 'rnga', full_name: 'Cán bộ Đắk Rơ Nga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'tb', full_name: 'Sở Thái Bình', role: 'province', scope: '34', password: 'tb-pass-12345' },
  { username: 'hot', full_name: 'Tổng đài viên', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
  { username: 'fac', full_name: 'Cơ sở bảo trợ', role: 'facility', scope: '23401', password: 'fac-pass-1234' },
];

const CHILD = { full_name: 'Lê Thị Hoa Mai', sex: 'female', birth_date: '2014-05-06' };

describe('case access', () => {
  let srv;
  const u = {}; // clients by username
  const ids = {}; // user ids by username

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) {
      u[x.username] = await loginAs(srv.url, x.username, x.password);
      ids[x.username] = (await u[x.username].get('/api/v1/me')).json.id;
    }
  });
  after(async () => { await stopChecked(srv); });

  async function newCase(who, over = {}) {
    const r = await u[who].post('/api/v1/cases', {
      type: 'child_protection', unit_code: '23401', person: CHILD, details: FACTS.child_protection, ...over,
    });
    assertStatus(r, 201);
    return r.json;
  }
  async function sharing(who, id, organisations = []) {
    assertStatus(await u[who].post(`/api/v1/cases/${id}/consents${who === 'kdist' ? '?reason=supervision' : ''}`, {
      kind: 'sharing', given: true, given_by: 'guardian', guardian_name: 'Lê Văn Bình', organisations, date: hcmDay(),
    }), 201);
  }
  async function audit(action) {
    const r = await u.auditor.get(`/api/v1/audit?action=${action}&page_size=200`);
    assertStatus(r, 200);
    return r.json.items;
  }
  const call = (over = {}) => ({
    line: '111', received_at: isoAgo(HOUR), unit_code: '23401', caller_relation: 'neighbour',
    summary: 'Người gọi báo có chuyện', urgency: 'urgent', ...over,
  });

  it('admin, viewer and auditor get 403 on every case endpoint', async () => {
    const c = await newCase('kcomm');
    const calls = [
      ['GET', '/api/v1/cases'], ['POST', '/api/v1/cases'], ['GET', `/api/v1/cases/${c.id}`],
      ['PATCH', `/api/v1/cases/${c.id}`], ['POST', `/api/v1/cases/${c.id}/transitions`],
      ['GET', `/api/v1/cases/${c.id}/history`], ['POST', `/api/v1/cases/${c.id}/events`],
      ['POST', `/api/v1/cases/${c.id}/events/1/corrections`], ['POST', `/api/v1/cases/${c.id}/consents`],
      ['GET', `/api/v1/cases/${c.id}/approvals`], ['POST', `/api/v1/cases/${c.id}/approvals`],
      ['POST', '/api/v1/approvals/1/approve'], ['POST', '/api/v1/approvals/1/reject'],
      ['POST', `/api/v1/cases/${c.id}/referrals`], ['GET', '/api/v1/referrals'],
      ['POST', '/api/v1/referrals/1/accept'], ['POST', '/api/v1/referrals/1/decline'],
      ['POST', '/api/v1/referrals/1/complete'], ['POST', `/api/v1/cases/${c.id}/transfers`],
      ['GET', '/api/v1/transfers'], ['POST', '/api/v1/transfers/1/accept'], ['POST', '/api/v1/transfers/1/decline'],
      ['GET', '/api/v1/hotline-calls'], ['POST', '/api/v1/hotline-calls'], ['GET', '/api/v1/hotline-calls/1'],
      ['POST', '/api/v1/hotline-calls/1/case'], ['GET', '/api/v1/inbox'],
      ['GET', '/api/v1/persons/duplicates?national_id=062050001234'],
    ];
    for (const who of ['admin', 'viewer', 'auditor']) {
      for (const [method, path] of calls) {
        const r = await u[who].req(method, path, method === 'GET' ? undefined : {});
        assertError(r, 403, 'forbidden');
        assert.ok(!r.text.includes('Hoa Mai'), `${who} ${method} ${path}`);
      }
    }
  });

  it('an id outside the scope is answered exactly like a missing or malformed one', async () => {
    const c = await newCase('kcomm');
    await sharing('kcomm', c.id);
    const ref = await u.kcomm.post(`/api/v1/cases/${c.id}/referrals`, { to_unit: '23427', service: 'counselling' });
    assertStatus(ref, 201);
    const tr = await u.kcomm.post(`/api/v1/cases/${c.id}/transfers`, { to_unit: '23427', reason: 'Chuyển nơi ở' });
    assertStatus(tr, 201);
    const cl = await u.hot.post('/api/v1/hotline-calls', call());
    assertStatus(cl, 201);
    const ev = (await u.kcomm.post(`/api/v1/cases/${c.id}/events`, { kind: 'note', text: 'Ghi chú' })).json.id;
    await move('kcomm', c.id, 'assessment');
    await move('kcomm', c.id, 'planning');
    const ap = await u.kcomm.post(`/api/v1/cases/${c.id}/approvals`, { subject: 'plan' });
    assertStatus(ap, 201);
    // [method, path with ID where the id goes, the real id, body]
    const endpoints = [
      ['GET', '/api/v1/cases/ID', c.id], ['PATCH', '/api/v1/cases/ID', c.id, { urgency: 'urgent' }],
      ['POST', '/api/v1/cases/ID/transitions', c.id, { to: 'intervention' }],
      ['GET', '/api/v1/cases/ID/history', c.id], ['POST', '/api/v1/cases/ID/events', c.id, { kind: 'note', text: 'x' }],
      ['POST', `/api/v1/cases/ID/events/${ev}/corrections`, c.id, { reason: 'Sửa lại', data: { text: 'y' } }],
      ['POST', '/api/v1/cases/ID/consents', c.id, { kind: 'services', given: true, given_by: 'person', date: hcmDay() }],
      ['GET', '/api/v1/cases/ID/approvals', c.id], ['POST', '/api/v1/cases/ID/approvals', c.id, { subject: 'closure' }],
      ['POST', '/api/v1/cases/ID/referrals', c.id, { to_org: 'X', service: 'counselling' }],
      ['POST', '/api/v1/cases/ID/transfers', c.id, { to_unit: '23427', reason: 'Chuyển' }],
      ['POST', '/api/v1/approvals/ID/approve', ap.json.id, {}], ['POST', '/api/v1/approvals/ID/reject', ap.json.id, { comment: 'Không' }],
      ['POST', '/api/v1/referrals/ID/accept', ref.json.id, {}], ['POST', '/api/v1/referrals/ID/decline', ref.json.id, {}],
      ['POST', '/api/v1/referrals/ID/complete', ref.json.id, {}],
      ['POST', '/api/v1/transfers/ID/accept', tr.json.id, {}], ['POST', '/api/v1/transfers/ID/decline', tr.json.id, {}],
      ['GET', '/api/v1/hotline-calls/ID', cl.json.id],
      ['POST', '/api/v1/hotline-calls/ID/case', cl.json.id, { type: 'child_protection', person: CHILD }],
    ];
    for (const [method, path, id, body] of endpoints) {
      const at = (x) => path.replace('ID', String(x));
      const missing = await u.tb.req(method, at(99999999), body, { 'if-match': '"c1-1"' });
      assertError(missing, 404, 'not_found');
      for (const bad of ['1abc', '-1', '01', '+1', '99999999999999999999']) {
        const r = await u.tb.req(method, at(bad), body, { 'if-match': '"c1-1"' });
        assert.equal(r.status, 404, `${method} ${at(bad)}`);
        assert.deepEqual(r.json, missing.json, `${method} ${at(bad)}`);
      }
      const outside = await u.tb.req(method, at(id), body, { 'if-match': `"c${c.id}-1"` });
      assert.equal(outside.status, 404, `${method} ${at(id)}: ${outside.text}`);
      assert.deepEqual(outside.json, missing.json, `${method} ${at(id)}: same body as a missing id`);
    }
    // An event of case B through case A's URL is no event of A.
    const b = await newCase('kcomm');
    const other = (await u.kcomm.post(`/api/v1/cases/${b.id}/events`, { kind: 'note', text: 'Của B' })).json.id;
    const a = await newCase('kcomm');
    const viaA = await u.kcomm.post(`/api/v1/cases/${a.id}/events/${other}/corrections`, { reason: 'Sửa lại', data: { text: 'z' } });
    const none = await u.kcomm.post(`/api/v1/cases/${a.id}/events/99999999/corrections`, { reason: 'Sửa lại', data: { text: 'z' } });
    assertError(viaA, 404, 'not_found');
    assert.deepEqual(viaA.json, none.json);
    const hb = (await u.kcomm.get(`/api/v1/cases/${b.id}/history`)).json.items;
    assert.ok(!hb.some((e) => e.kind === 'correction'), 'nothing was written to B');
  });

  async function move(who, id, to, extra = {}) {
    const r = await u[who].post(`/api/v1/cases/${id}/transitions`, { to, ...extra });
    assertStatus(r, 200);
    return r.json;
  }

  it('hotline and facility users neither answer nor list referrals and transfers to their units', async () => {
    // A case of Đắk Rơ Nga referred and transferred to the town (23401),
    // a unit inside the hotline's and the facility's scope.
    const c = await newCase('kdist', { unit_code: '23427', assigned_to: ids.rnga });
    await sharing('rnga', c.id);
    const ref = await u.rnga.post(`/api/v1/cases/${c.id}/referrals`, { to_unit: '23401', service: 'counselling' });
    assertStatus(ref, 201);
    const tr = await u.rnga.post(`/api/v1/cases/${c.id}/transfers`, { to_unit: '23401', reason: 'Gia đình chuyển nhà' });
    assertStatus(tr, 201);
    for (const who of ['hot', 'fac']) {
      for (const v of ['accept', 'decline']) {
        assertError(await u[who].post(`/api/v1/referrals/${ref.json.id}/${v}`, {}), 404, 'not_found');
        assertError(await u[who].post(`/api/v1/transfers/${tr.json.id}/${v}`, {}), 404, 'not_found');
      }
      for (const box of ['in', 'out']) {
        for (const kind of ['referrals', 'transfers']) {
          const r = await u[who].get(`/api/v1/${kind}?box=${box}`);
          assertStatus(r, 200);
          assert.ok(!r.json.items.some((x) => x.case_id === c.id), `${who} ${kind} box=${box}`);
          assert.equal(r.json.total, r.json.items.length, `${who} ${kind} box=${box}: total counts what is listed`);
        }
      }
      const inbox = await u[who].get('/api/v1/inbox');
      assertStatus(inbox, 200);
      assert.ok(!inbox.json.items.some((x) => x.case_id === c.id), `${who} inbox`);
    }
    assert.equal((await u.rnga.get(`/api/v1/cases/${c.id}`)).json.unit_code, '23427', 'the case did not move');
    // The town's case workers answer them.
    assert.ok((await u.kcomm.get('/api/v1/inbox')).json.items.some((x) => x.kind === 'transfer' && x.case_id === c.id));
    assertStatus(await u.kcomm.post(`/api/v1/referrals/${ref.json.id}/accept`, {}), 200);
    assertStatus(await u.kcomm.post(`/api/v1/transfers/${tr.json.id}/accept`, {}), 200);
    // The facility sees the referrals of a case it opened.
    const own = await newCase('fac', { type: 'social_assistance', person: ADULT, details: FACTS.social_assistance });
    await sharing('fac', own.id);
    const fr = await u.fac.post(`/api/v1/cases/${own.id}/referrals`, { to_org: 'Bệnh viện huyện', service: 'health_care' });
    assertStatus(fr, 201);
    const out = await u.fac.get(`/api/v1/referrals?box=out&case_id=${own.id}`);
    assert.deepEqual(out.json.items.map((x) => x.id), [fr.json.id]);
    assert.equal(out.json.total, 1);
  });

  it('referral and transfer lists: a restricted case\'s organisation only for its readers, no stage once the case left', async () => {
    const SHELTER = 'Nhà tạm lánh Bình Yên';
    const g = await newCase('kcomm', { type: 'gbv', details: FACTS.gbv });
    await sharing('kcomm', g.id);
    const ref = await u.kcomm.post(`/api/v1/cases/${g.id}/referrals`, { to_org: SHELTER, service: 'counselling', note: 'Ghi chú' });
    assertStatus(ref, 201);
    assert.equal(ref.json.to_org, SHELTER);
    const mine = (await u.kcomm.get(`/api/v1/referrals?box=out&case_id=${g.id}`)).json.items;
    assert.equal(mine[0].to_org, SHELTER, 'the assigned worker sees where the case was referred');
    assert.equal(mine[0].note, null, 'a list opens no restricted narrative');
    const limited = await u.kcomm2.get(`/api/v1/referrals?box=out&case_id=${g.id}`);
    assert.equal(limited.json.items.length, 1);
    assert.equal(limited.json.items[0].to_org, null, 'a limited viewer does not learn the shelter');
    assert.ok(!limited.text.includes('Bình Yên'));
    // A transfer that moved the case out of the sender's scope.
    const c = await newCase('kcomm');
    const t = await u.kcomm.post(`/api/v1/cases/${c.id}/transfers`, { to_unit: '23427', reason: 'Chuyển nơi ở' });
    assertStatus(await u.rnga.post(`/api/v1/transfers/${t.json.id}/accept`, {}), 200);
    await move('rnga', c.id, 'assessment');
    const out = (await u.kcomm.get(`/api/v1/transfers?box=out&case_id=${c.id}`)).json.items;
    assert.equal(out.length, 1);
    assert.equal(out[0].status, 'accepted', 'the sender keeps its record');
    assert.equal(out[0].case_stage, null, 'but follows the case no more');
    const theirs = (await u.rnga.get(`/api/v1/transfers?box=in&case_id=${c.id}`)).json.items;
    assert.equal(theirs[0].case_stage, 'assessment');
  });

  it('every narrative of a restricted case is sealed at rest and stays out of the audit log', async () => {
    const M = (n) => `mã-niêm-${String(n).padStart(2, '0')}`;
    const c = await newCase('kcomm', { type: 'gbv', details: FACTS.gbv, summary: `Tóm tắt ${M(1)}` });
    const id = c.id;
    const etag = (await u.kcomm.get(`/api/v1/cases/${id}`)).headers.get('etag');
    assertStatus(await u.kcomm.patch(`/api/v1/cases/${id}`, { summary: `Tóm tắt mới ${M(2)}` }, { 'if-match': etag }), 200);
    const ev = (body) => u.kcomm.post(`/api/v1/cases/${id}/events`, body);
    const note = await ev({ kind: 'note', text: `Ghi chú ${M(3)}` });
    assertStatus(note, 201);
    assertStatus(await ev({ kind: 'assessment', risk_level: 'high', text: `Đánh giá ${M(4)}` }), 201);
    assertStatus(await ev({ kind: 'plan', summary: `Kế hoạch ${M(5)}`,
      items: [{ service: 'counselling', description: `Mô tả ${M(6)}` }] }), 201);
    assertStatus(await ev({ kind: 'service', service: 'legal_aid', date: hcmDay(), provider: 'TGPL', note: `Dịch vụ ${M(7)}` }), 201);
    assertStatus(await ev({ kind: 'visit', date: hcmDay(), note: `Thăm ${M(8)}` }), 201);
    assertStatus(await u.kcomm.post(`/api/v1/cases/${id}/events/${note.json.id}/corrections`,
      { reason: `Sửa vì ${M(9)}`, data: { text: `Đúng là ${M(10)}` } }), 201);
    assertStatus(await u.kcomm.post(`/api/v1/cases/${id}/consents`, { kind: 'sharing', given: true, given_by: 'guardian',
      guardian_name: `Người giám hộ ${M(11)}`, organisations: ['Trung tâm A'], date: hcmDay() }), 201);
    const ref = await u.kcomm.post(`/api/v1/cases/${id}/referrals`,
      { to_unit: '23427', to_org: 'Trung tâm A', service: 'counselling', note: `Chuyển gửi ${M(12)}` });
    assertStatus(ref, 201);
    assertStatus(await u.rnga.post(`/api/v1/referrals/${ref.json.id}/decline`, { comment: `Từ chối ${M(13)}` }), 200);
    assertStatus(await u.kdist.post(`/api/v1/cases/${id}/referrals`,
      { to_org: 'Bệnh viện B', service: 'health_care', override_reason: `Cấp cứu ${M(14)}` }), 201);
    await move('kcomm', id, 'assessment');
    await move('kcomm', id, 'planning', { reason: `Lý do ${M(19)}` });
    const ap = await u.kcomm.post(`/api/v1/cases/${id}/approvals`, { subject: 'plan', note: `Xin duyệt ${M(15)}` });
    assertStatus(ap, 201);
    assertStatus(await u.kdist.post(`/api/v1/approvals/${ap.json.id}/reject?reason=supervision`,
      { comment: `Chưa đủ ${M(16)}` }), 200);
    const tr = await u.kcomm.post(`/api/v1/cases/${id}/transfers`, { to_unit: '23427', reason: `Chuyển vì ${M(17)}` });
    assertStatus(tr, 201);
    assertStatus(await u.rnga.post(`/api/v1/transfers/${tr.json.id}/decline`, { comment: `Không nhận ${M(18)}` }), 200);
    // The readers still read them all.
    const h = await u.kcomm.get(`/api/v1/cases/${id}/history?reason=case_work`);
    for (const n of [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19]) {
      assert.ok(h.text.includes(M(n)), `history shows ${M(n)} to the assigned worker`);
    }
    const bytes = dbBytes(srv.db);
    for (let n = 1; n <= 19; n++) {
      assert.ok(!bytes.includes(asBytes(M(n))), `${M(n)} is not in the database file in clear`);
    }
    const log = await u.auditor.get('/api/v1/audit?page_size=200');
    assertStatus(log, 200);
    assert.ok(!log.text.includes('mã-niêm'), 'no narrative in the audit log');
    const override = log.json.items.find((e) => e.action === 'consent_override');
    assert.ok(override, 'the override is audited');
    assert.ok(!log.text.includes('Bệnh viện B'), 'nor where a restricted case was referred');
  });

  it('a restricted case\'s approval is decided only by someone who may read the case', async () => {
    const g = await newCase('kcomm', { type: 'gbv', details: FACTS.gbv });
    await move('kcomm', g.id, 'assessment');
    await move('kcomm', g.id, 'planning');
    const ap = await u.kcomm.post(`/api/v1/cases/${g.id}/approvals`, { subject: 'plan', note: 'Kế hoạch' });
    assertStatus(ap, 201);
    // kcomm2 sees only the limited view: it cannot judge a plan it may not read.
    assertError(await u.kcomm2.post(`/api/v1/approvals/${ap.json.id}/approve`, {}), 403, 'restricted');
    assertError(await u.kcomm2.post(`/api/v1/approvals/${ap.json.id}/reject`, { comment: 'Không đồng ý' }), 403, 'restricted');
    const inbox = await u.kcomm2.get('/api/v1/inbox');
    assert.ok(!inbox.json.items.some((x) => x.approval_id === ap.json.id), 'not offered to a limited viewer');
    assert.ok((await u.kdist.get('/api/v1/inbox')).json.items.some((x) => x.approval_id === ap.json.id), 'offered to the supervisor');
    const list = await u.kcomm.get(`/api/v1/cases/${g.id}/approvals?reason=case_work`);
    assert.equal(list.json.items[0].status, 'requested', 'the refused decisions changed nothing');
    assertStatus(await u.kdist.post(`/api/v1/approvals/${ap.json.id}/approve`, {}), 200);
  });

  it('hotline: the operator reads a call\'s summary until hand-over; a restricted case opened from it shows limited', async () => {
    const SUMMARY = 'Cháu bị đánh, mã-gọi-5521';
    const cl = await u.hot.post('/api/v1/hotline-calls', call({ summary: SUMMARY }));
    assertStatus(cl, 201);
    const path = `/api/v1/hotline-calls/${cl.json.id}`;
    const opened = await u.hot.post(`${path}/case`, { type: 'child_protection', person: { full_name: 'Đinh Văn Gọi', sex: 'male' } });
    assertStatus(opened, 201);
    assert.equal((await u.hot.get(path)).json.summary, SUMMARY, 'while the case is in intake');
    await move('kcomm', opened.json.id, 'assessment');
    const after = await u.hot.get(path);
    assertStatus(after, 200);
    assert.equal(after.json.summary, null, 'no access after hand-over');
    const list = await u.hot.get('/api/v1/hotline-calls?page_size=200');
    assert.ok(!list.text.includes('mã-gọi-5521'));
    assert.equal((await u.kdist.get(path)).json.summary, SUMMARY, 'the supervisors still read it');
    // A gbv case opened from a call: the hotline's view of it is the limited one.
    const cl2 = await u.hot.post('/api/v1/hotline-calls', call());
    const g = await u.hot.post(`/api/v1/hotline-calls/${cl2.json.id}/case`,
      { type: 'gbv', person: { full_name: 'Nạn Nhân Kín', sex: 'female' }, details: { gbv_role: 'victim' } });
    assertStatus(g, 201);
    assert.equal(g.json.identity_hidden, true);
    assert.equal(g.json.person, undefined);
    assert.ok(!g.text.includes('Nạn Nhân Kín'));
    assert.deepEqual(g.json, (await u.hot.get(`/api/v1/cases/${g.json.id}`)).json, 'as GET answers it');
  });

  it('facility: sees only the calls it took, not every call of its unit', async () => {
    const theirs = await u.kcomm.post('/api/v1/hotline-calls', call({ line: '1900969680' }));
    assertStatus(theirs, 201);
    const path = `/api/v1/hotline-calls/${theirs.json.id}`;
    assertError(await u.fac.get(path), 404, 'not_found');
    assertError(await u.fac.post(`${path}/case`, { type: 'child_protection', person: CHILD, details: FACTS.child_protection }),
      404, 'not_found');
    const list = await u.fac.get('/api/v1/hotline-calls?page_size=200');
    assert.ok(!list.json.items.some((x) => x.id === theirs.json.id));
    assert.equal(list.json.total, list.json.items.length);
    const own = await u.fac.post('/api/v1/hotline-calls', call({ line: '1900969680' }));
    assertStatus(own, 201);
    assertStatus(await u.fac.get(`/api/v1/hotline-calls/${own.json.id}`), 200);
    assert.deepEqual((await u.fac.get('/api/v1/hotline-calls')).json.items.map((x) => x.id), [own.json.id]);
  });

  it('workflow bodies refuse unknown fields; ids in query arguments are parsed strictly; calls after 2000', async () => {
    const c = await newCase('kcomm');
    await sharing('kcomm', c.id);
    const ref = await u.kcomm.post(`/api/v1/cases/${c.id}/referrals`, { to_unit: '23427', service: 'counselling' });
    assertStatus(ref, 201);
    const tr = await u.kcomm.post(`/api/v1/cases/${c.id}/transfers`, { to_unit: '23427', reason: 'Chuyển nơi ở' });
    assertStatus(tr, 201);
    await move('kcomm', c.id, 'assessment');
    await move('kcomm', c.id, 'planning');
    const ap = await u.kcomm.post(`/api/v1/cases/${c.id}/approvals`, { subject: 'plan' });
    assertStatus(ap, 201);
    const unknown = [
      ['kcomm', `/api/v1/cases/${c.id}/approvals`, { subject: 'closure', closure_reason: 'plan_completed', notes: 'x' }, 'notes'],
      ['kcomm', `/api/v1/cases/${c.id}/approvals`, { subject: 'plan', closure_reason: 'plan_completed' }, 'closure_reason'],
      ['kcomm2', `/api/v1/approvals/${ap.json.id}/approve`, { comment: 'Đồng ý', urgent: true }, 'urgent'],
      ['kcomm2', `/api/v1/approvals/${ap.json.id}/reject`, { coment: 'Sai chính tả' }, 'coment'],
      ['kcomm', `/api/v1/cases/${c.id}/referrals`, { to_org: 'X', service: 'counselling', notes: 'typo' }, 'notes'],
      ['rnga', `/api/v1/referrals/${ref.json.id}/accept`, { comment: 'Nhận', by: 'me' }, 'by'],
      ['kcomm', `/api/v1/cases/${c.id}/transfers`, { to_unit: '23428', reason: 'Chuyển', reasons: 'x' }, 'reasons'],
      ['rnga', `/api/v1/transfers/${tr.json.id}/accept`, { comment: 'Nhận', assigned_to: ids.rnga }, 'assigned_to'],
      ['hot', '/api/v1/hotline-calls', call({ caller_name: 'Bà Tư' }), 'caller_name'],
    ];
    for (const [who, path, body, field] of unknown) {
      assertError(await u[who].post(path, body), 422, 'invalid_field', field);
    }
    // Nothing of it was done.
    assert.equal((await u.kcomm.get(`/api/v1/cases/${c.id}/approvals`)).json.items[0].status, 'requested');
    assert.equal((await u.rnga.get(`/api/v1/referrals?box=in&case_id=${c.id}`)).json.items[0].status, 'sent');
    assert.equal((await u.rnga.get(`/api/v1/transfers?box=in&case_id=${c.id}`)).json.items[0].status, 'sent');
    for (const bad of ['%201', '1%20', '+1', '-1', '01', '1abc', '1.0', '99999999999999999999']) {
      assertError(await u.kcomm.get(`/api/v1/referrals?box=out&case_id=${bad}`), 422, 'invalid_field', 'case_id');
      assertError(await u.kcomm.get(`/api/v1/transfers?box=out&case_id=${bad}`), 422, 'invalid_field', 'case_id');
      assertError(await u.kcomm.get(`/api/v1/cases?assigned_to=${bad}`), 422, 'invalid_field', 'assigned_to');
    }
    assertStatus(await u.kcomm.get(`/api/v1/referrals?box=out&case_id=${c.id}`), 200);
    assertStatus(await u.kcomm.get(`/api/v1/cases?assigned_to=${ids.kcomm}`), 200);
    for (const at of ['0001-01-01T00:00:00Z', '1999-12-31T23:59:59Z']) {
      assertError(await u.hot.post('/api/v1/hotline-calls', call({ received_at: at })), 422, 'invalid_field', 'received_at');
    }
  });

  it('a name or national id search reveals a restricted case to its readers only, in items and in total', async () => {
    const g = await newCase('kcomm', { type: 'trafficking_victim', details: FACTS.trafficking_victim,
      person: { full_name: 'Hà Thị Ẩn Danh', sex: 'female', birth_year: 2001, national_id: '062201001111' } });
    const plain = await newCase('kcomm', { person: { full_name: 'Hà Thị Ẩn', sex: 'female', birth_year: 2010 } });
    const viaHot = await newCase('hot', { type: 'gbv', details: { gbv_role: 'victim' },
      person: { full_name: 'Hà Thị Ẩn Gọi', sex: 'female' } });
    const search = async (who, q, extra = '') => {
      const r = await u[who].get(`/api/v1/cases?q=${encodeURIComponent(q)}&page_size=200${extra}`);
      assertStatus(r, 200);
      assert.equal(r.json.total, r.json.items.length, `${who} q=${q}: total counts only what is shown`);
      return r.json.items.map((x) => x.id).sort((a, b) => a - b);
    };
    assert.deepEqual(await search('kcomm', 'ha thi an'), [g.id, plain.id], 'the worker of two: the hotline\'s gbv case is nobody\'s yet');
    assert.deepEqual(await search('kdist', 'HÀ THỊ ẨN'), [g.id, plain.id, viaHot.id].sort((a, b) => a - b), 'the supervisor');
    assert.deepEqual(await search('kcomm2', 'ha thi an'), [plain.id], 'a colleague: only the unrestricted case');
    assert.deepEqual(await search('kcomm2', 'ha thi an', '&type=trafficking_victim'), []);
    assert.deepEqual(await search('kcomm2', 'ha thi an', '&overdue=false'), [plain.id]);
    assert.deepEqual(await search('hot', 'ha thi an'), [], 'the hotline opened the gbv case but may not read it');
    assert.deepEqual(await search('hot', viaHot.case_no), [viaHot.id], 'its number is known to it');
    assert.deepEqual(await search('fac', 'ha thi an'), []);
    assert.deepEqual(await search('rnga', 'ha thi an'), []);
    for (const who of ['kcomm2', 'hot', 'fac', 'rnga']) {
      assert.deepEqual(await search(who, '062201001111'), [], `${who}: national id`);
      const d = await u[who].get('/api/v1/persons/duplicates?national_id=062201001111');
      assertStatus(d, 200);
      assert.deepEqual(d.json.items, [], `${who}: duplicates by national id`);
      const n = await u[who].get(`/api/v1/persons/duplicates?${new URLSearchParams({ full_name: 'Hà Thị Ẩn Danh', birth_year: 2001, unit: who === 'rnga' ? '23427' : '23401' })}`);
      assertStatus(n, 200);
      assert.deepEqual(n.json.items, [], `${who}: duplicates by name`);
    }
    assert.deepEqual(await search('kcomm2', g.case_no), [g.id], 'a case number matches for anyone in scope');
    assert.equal((await u.kdist.get('/api/v1/persons/duplicates?national_id=062201001111')).json.items.length, 1);
  });

  it('the access log carries the path only, never a searched name or national id', async () => {
    const secret = 'Tên Tìm Kiếm Kín';
    await u.kcomm.get(`/api/v1/cases?q=${encodeURIComponent(secret)}`);
    await u.kcomm.get('/api/v1/persons/duplicates?national_id=062190007777');
    const log = srv.log();
    assert.match(log, /path=\/api\/v1\/cases /, 'requests are logged');
    assert.ok(!log.includes('062190007777'), 'no national id in the log');
    assert.ok(!log.includes(encodeURIComponent(secret)) && !log.includes('Kiếm'), 'no name in the log');
  });
});
