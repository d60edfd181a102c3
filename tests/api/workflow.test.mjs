// Case workflow around the case record (docs/cases.md; API.md §Hotline):
// hotline calls and the intake cases opened from them, referrals with the
// sharing consent, transfers between units, plan and closure approvals,
// and the inbox.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'auditor', full_name: 'Kiểm toán', role: 'auditor', password: 'auditor-pass-1' },
  { username: 'prov', full_name: 'Sở Kon Tum', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kdist', full_name: 'Phòng LĐTBXH Đắk Tô', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', full_name: 'Cán bộ TT Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'kcomm2', full_name: 'Chủ tịch TT Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm2-pass-1' },
  { username: 'rnga', full_name: 'Cán bộ xã Đắk Rơ Nga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'glei', full_name: 'Phòng LĐTBXH Đắk Glei', role: 'district', scope: '610', password: 'glei-pass-12' },
  { username: 'tb', full_name: 'Sở Thái Bình', role: 'province', scope: '34', password: 'tb-pass-12345' },
  { username: 'hot', full_name: 'Tổng đài viên 111', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
];

const HOUR = 3600 * 1000;
// An instant as the browser writes it, whole seconds.
const isoAgo = (ms) => new Date(Math.floor((Date.now() - ms) / 1000) * 1000).toISOString();
// Today in Asia/Ho_Chi_Minh (UTC+7), "YYYY-MM-DD".
const hcmDay = (offsetDays = 0) => new Date(Date.now() + 7 * HOUR + offsetDays * 24 * HOUR).toISOString().slice(0, 10);

const CHILD = { full_name: 'Lê Thị Hoa Mai', sex: 'female', birth_date: '2014-05-06' };
const SECRET_SUMMARY = 'Người gọi báo cháu bị đánh, mã-bí-mật-7731';

describe('case workflow', () => {
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
      type: 'child_protection', unit_code: '23401', person: CHILD,
      details: { child_status: 'at_risk' }, ...over,
    });
    assertStatus(r, 201);
    return r.json;
  }
  async function moveTo(who, id, to, extra = {}) {
    const r = await u[who].post(`/api/v1/cases/${id}/transitions`, { to, ...extra });
    assertStatus(r, 200);
    assert.equal(r.json.stage, to);
    return r.json;
  }
  async function sharingConsent(id, organisations) {
    const r = await u.kcomm.post(`/api/v1/cases/${id}/consents`, {
      kind: 'sharing', given: true, given_by: 'guardian', guardian_name: 'Lê Văn Bình',
      organisations, date: hcmDay(),
    });
    assertStatus(r, 201);
  }
  const call = (over = {}) => ({
    line: '111', received_at: isoAgo(HOUR), unit_code: '23401', caller_relation: 'neighbour',
    summary: SECRET_SUMMARY, urgency: 'emergency', ...over,
  });

  describe('hotline', () => {
    let callId, caseId;

    it('a call is recorded: 201 with its fields, no case yet', async () => {
      const body = call();
      const r = await u.hot.post('/api/v1/hotline-calls', body);
      assertStatus(r, 201);
      assert.ok(Number.isInteger(r.json.id));
      assert.equal(r.json.line, '111');
      assert.equal(r.json.unit_code, '23401');
      assert.equal(r.json.unit_tree, '2024');
      assert.equal(r.json.caller_relation, 'neighbour');
      assert.equal(r.json.urgency, 'emergency');
      assert.equal(r.json.summary, SECRET_SUMMARY);
      assert.equal(Date.parse(r.json.received_at), Date.parse(body.received_at));
      assert.equal(r.json.case_id, null);
      callId = r.json.id;
    });

    it('a call is validated field by field; outside the scope is 403', async () => {
      const bad = [
        [{ line: '113' }, 'line'],
        [{ received_at: 'yesterday' }, 'received_at'],
        [{ received_at: new Date(Date.now() + 2 * HOUR).toISOString() }, 'received_at'],
        [{ caller_relation: 'stranger' }, 'caller_relation'],
        [{ summary: '' }, 'summary'],
        [{ summary: 'x'.repeat(4001) }, 'summary'],
        [{ urgency: 'whenever' }, 'urgency'],
        [{ unit_code: '99999' }, 'unit_code'],
      ];
      for (const [over, field] of bad) {
        assertError(await u.hot.post('/api/v1/hotline-calls', call(over)), 422, 'invalid_field', field);
      }
      assertError(await u.hot.post('/api/v1/hotline-calls', call({ unit_code: '336' })), 403, 'out_of_scope');
    });

    it('the summary is opened for the operator and supervisors only; outside the scope 404', async () => {
      const path = `/api/v1/hotline-calls/${callId}`;
      assert.equal((await u.hot.get(path)).json.summary, SECRET_SUMMARY);
      assert.equal((await u.prov.get(path)).json.summary, SECRET_SUMMARY);
      assert.equal((await u.kdist.get(path)).json.summary, SECRET_SUMMARY);
      const commune = await u.kcomm.get(path);
      assertStatus(commune, 200);
      assert.equal(commune.json.summary, null);
      assertError(await u.tb.get(path), 404, 'not_found');
      assertError(await u.glei.get(path), 404, 'not_found');
      const list = await u.hot.get('/api/v1/hotline-calls');
      assertStatus(list, 200);
      assert.ok(list.json.items.some((c) => c.id === callId));
      assert.equal(list.json.total, list.json.items.length);
      const tbList = await u.tb.get('/api/v1/hotline-calls');
      assertStatus(tbList, 200);
      assert.equal(tbList.json.total, 0);
    });

    it('the summary is sealed at rest', () => {
      for (const f of [srv.db, `${srv.db}-wal`]) {
        if (!existsSync(f)) continue;
        const bytes = readFileSync(f);
        assert.equal(bytes.indexOf(Buffer.from('mã-bí-mật-7731')), -1, `summary in clear in ${f}`);
      }
    });

    it('opening a case: 201 intake, due 12 hours after an emergency call; a second open is 409', async () => {
      const got = await u.hot.get(`/api/v1/hotline-calls/${callId}`);
      const r = await u.hot.post(`/api/v1/hotline-calls/${callId}/case`, {
        type: 'child_protection', person: { full_name: 'Phạm Văn Tí', sex: 'male' },
        details: { child_status: 'at_risk' },
      });
      assertStatus(r, 201);
      assert.equal(r.json.stage, 'intake');
      assert.equal(r.json.unit_code, '23401');
      assert.equal(r.json.urgency, 'emergency');
      assert.match(r.json.case_no, /^62-\d{4}-\d{6}$/);
      assert.equal(Date.parse(r.json.due_at), Date.parse(got.json.received_at) + 12 * HOUR);
      caseId = r.json.id;
      const again = await u.hot.post(`/api/v1/hotline-calls/${callId}/case`, {
        type: 'child_protection', person: { full_name: 'Phạm Văn Tí', sex: 'male' },
      });
      assertError(again, 409, 'case_already_opened');
      assert.equal((await u.hot.get(`/api/v1/hotline-calls/${callId}`)).json.case_id, caseId);
    });

    it('two opens of one call at once: exactly one case is linked, the other is 409', async () => {
      const r = await u.hot.post('/api/v1/hotline-calls', call({ urgency: 'urgent' }));
      assertStatus(r, 201);
      const open = () => u.hot.post(`/api/v1/hotline-calls/${r.json.id}/case`, {
        type: 'child_protection', person: { full_name: 'Vũ Thị Lan', sex: 'female' },
      });
      const answers = await Promise.all([open(), open(), open()]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409]);
      const won = answers.find((a) => a.status === 201).json.id;
      assert.equal((await u.hot.get(`/api/v1/hotline-calls/${r.json.id}`)).json.case_id, won);
    });

    it('the operator sees the case while intake, 404 once the commune takes it into assessment', async () => {
      assertStatus(await u.hot.get(`/api/v1/cases/${caseId}`), 200);
      await moveTo('kcomm', caseId, 'assessment');
      assertError(await u.hot.get(`/api/v1/cases/${caseId}`), 404, 'not_found');
      // The call itself stays the operator's.
      assertStatus(await u.hot.get(`/api/v1/hotline-calls/${callId}`), 200);
    });

    it('another operator\'s calls are not visible to a hotline user', async () => {
      const r = await u.kcomm.post('/api/v1/hotline-calls', call({ line: '1900969680', urgency: 'normal' }));
      assertStatus(r, 201);
      assertError(await u.hot.get(`/api/v1/hotline-calls/${r.json.id}`), 404, 'not_found');
      const list = await u.hot.get('/api/v1/hotline-calls?page_size=200');
      assert.ok(!list.json.items.some((c) => c.id === r.json.id));
      // The commune worker took it, so reads its summary.
      assert.equal((await u.kcomm.get(`/api/v1/hotline-calls/${r.json.id}`)).json.summary, SECRET_SUMMARY);
    });
  });

  describe('referrals', () => {
    let caseId, outsideId, unitRefId;
    const ORG = 'Trung tâm Công tác xã hội tỉnh Kon Tum';
    const HOSPITAL = 'Bệnh viện Đa khoa tỉnh Kon Tum';

    before(async () => { caseId = (await newCase('kcomm')).id; });

    it('without a sharing consent: 409 consent_required', async () => {
      const r = await u.kcomm.post(`/api/v1/cases/${caseId}/referrals`, { to_org: ORG, service: 'counselling', note: 'Cần tư vấn' });
      assertError(r, 409, 'consent_required');
    });

    it('a consent naming another organisation is 409; naming this one 201 sent', async () => {
      await sharingConsent(caseId, [ORG]);
      assertError(await u.kcomm.post(`/api/v1/cases/${caseId}/referrals`, { to_org: HOSPITAL, service: 'health_care' }),
        409, 'consent_required');
      const r = await u.kcomm.post(`/api/v1/cases/${caseId}/referrals`, { to_org: ` ${ORG} `, service: 'counselling', note: 'Cần tư vấn tâm lý' });
      assertStatus(r, 201);
      assert.equal(r.json.status, 'sent');
      assert.equal(r.json.to_org, ORG);
      assert.equal(r.json.service, 'counselling');
      assert.ok(Number.isInteger(r.json.id));
      outsideId = r.json.id;
    });

    it('fields are checked: service code, note length, to_org or to_unit', async () => {
      const path = `/api/v1/cases/${caseId}/referrals`;
      assertError(await u.kcomm.post(path, { to_org: ORG, service: 'massage' }), 422, 'invalid_field', 'service');
      assertError(await u.kcomm.post(path, { to_org: ORG, service: 'counselling', note: 'n'.repeat(2001) }), 422, 'invalid_field', 'note');
      assertError(await u.kcomm.post(path, { service: 'counselling' }), 422, 'invalid_field', 'to_org');
      assertError(await u.kcomm.post(path, { to_unit: '99999', service: 'counselling' }), 422, 'invalid_field', 'to_unit');
      assertError(await u.tb.post(path, { to_org: ORG, service: 'counselling' }), 404, 'not_found');
    });

    it('only a supervisor overrides a missing consent, and the override is audited', async () => {
      const path = `/api/v1/cases/${caseId}/referrals`;
      const body = { to_org: HOSPITAL, service: 'health_care', override_reason: 'Trẻ cần cấp cứu ngay' };
      assertError(await u.kcomm.post(path, body), 403, 'forbidden');
      assertError(await u.kdist.post(path, { ...body, override_reason: 'ok' }), 422, 'invalid_field', 'override_reason');
      const r = await u.kdist.post(path, body);
      assertStatus(r, 201);
      assert.equal(r.json.status, 'sent');
      const audit = await u.auditor.get('/api/v1/audit?action=consent_override');
      assertStatus(audit, 200);
      const entry = audit.json.items.find((e) => e.target === `referral:${r.json.id}`);
      assert.ok(entry, 'a consent_override entry names the referral');
    });

    it('a referral to a unit: to_org defaults to its name; the unit sees it in its box and inbox', async () => {
      await sharingConsent(caseId, []);
      const r = await u.kcomm.post(`/api/v1/cases/${caseId}/referrals`, { to_unit: '23427', service: 'psychological_support' });
      assertStatus(r, 201);
      assert.equal(r.json.to_org, 'Đắk Rơ Nga');
      assert.equal(r.json.to_unit, '23427');
      unitRefId = r.json.id;
      const box = await u.rnga.get('/api/v1/referrals?box=in');
      assertStatus(box, 200);
      const item = box.json.items.find((x) => x.id === unitRefId);
      assert.ok(item, 'in the receiving unit\'s box');
      assert.equal(item.kind, 'referral');
      assert.equal(item.case_id, caseId);
      assert.match(item.case_no, /^62-/);
      assert.equal(item.case_type, 'child_protection');
      assert.equal(item.status, 'sent');
      const inbox = await u.rnga.get('/api/v1/inbox');
      assertStatus(inbox, 200);
      const waiting = inbox.json.items.find((x) => x.kind === 'referral' && x.referral_id === unitRefId);
      assert.ok(waiting, 'the inbox shows the referral');
      assert.equal(waiting.case_id, caseId);
      assert.ok(!inbox.text.includes('Hoa Mai'), 'no names in the inbox');
      // The sender lists it in its outbox with the note it may read.
      const out = await u.kcomm.get(`/api/v1/referrals?box=out&case_id=${caseId}`);
      assertStatus(out, 200);
      assert.equal(out.json.total, 3);
      assert.equal(out.json.items.find((x) => x.id === outsideId).note, 'Cần tư vấn tâm lý');
      const sent = await u.kcomm.get('/api/v1/referrals?box=out&status=sent');
      assert.ok(sent.json.items.every((x) => x.status === 'sent'));
    });

    it('a unit referral is answered only by its unit; others get 404', async () => {
      for (const who of ['glei', 'tb', 'kcomm']) {
        assertError(await u[who].post(`/api/v1/referrals/${unitRefId}/accept`, {}), 404, 'not_found');
      }
    });

    it('sent → accepted → completed; every wrong step is 409 invalid_transition', async () => {
      const p = (v) => `/api/v1/referrals/${unitRefId}/${v}`;
      assertError(await u.rnga.post(p('complete'), {}), 409, 'invalid_transition');
      const ok = await u.rnga.post(p('accept'), { comment: 'Nhận hỗ trợ' });
      assertStatus(ok, 200);
      assert.equal(ok.json.status, 'accepted');
      assertError(await u.rnga.post(p('accept'), {}), 409, 'invalid_transition');
      assertError(await u.rnga.post(p('decline'), {}), 409, 'invalid_transition');
      const done = await u.rnga.post(p('complete'));
      assertStatus(done, 200);
      assert.equal(done.json.status, 'completed');
      assert.ok(done.json.completed_at);
      for (const v of ['accept', 'decline', 'complete']) {
        assertError(await u.rnga.post(p(v), {}), 409, 'invalid_transition');
      }
      const inbox = await u.rnga.get('/api/v1/inbox');
      assert.ok(!inbox.json.items.some((x) => x.referral_id === unitRefId), 'answered: gone from the inbox');
    });

    it('an outside organisation\'s answer is recorded by the case\'s workers: declined', async () => {
      const p = (v) => `/api/v1/referrals/${outsideId}/${v}`;
      assertError(await u.rnga.post(p('decline'), {}), 404, 'not_found');
      const r = await u.kcomm.post(p('decline'), { comment: 'Hết chỗ' });
      assertStatus(r, 200);
      assert.equal(r.json.status, 'declined');
      assertError(await u.kcomm.post(p('accept'), {}), 409, 'invalid_transition');
      assertError(await u.kcomm.post(p('complete'), {}), 409, 'invalid_transition');
      assertError(await u.kcomm.post(p('decline'), { comment: 'x'.repeat(1001) }), 422, 'invalid_field', 'comment');
    });

    it('in a restricted case the note is sealed at rest and hidden in lists', async () => {
      const gbv = await newCase('kcomm', { type: 'gbv', details: { gbv_role: 'victim' } });
      await sharingConsent(gbv.id, []);
      const secret = 'ghi-chú-kín-4410';
      const r = await u.kcomm.post(`/api/v1/cases/${gbv.id}/referrals`, { to_unit: '23427', service: 'counselling', note: secret });
      assertStatus(r, 201);
      assert.equal(r.json.note, secret, 'the sender reads back what it wrote');
      for (const f of [srv.db, `${srv.db}-wal`]) {
        if (existsSync(f)) assert.equal(readFileSync(f).indexOf(Buffer.from(secret)), -1, `note in clear in ${f}`);
      }
      const inBox = (await u.rnga.get('/api/v1/referrals?box=in')).json.items.find((x) => x.id === r.json.id);
      assert.equal(inBox.case_type, 'gbv');
      assert.equal(inBox.note, null);
      const outBox = (await u.kcomm.get(`/api/v1/referrals?box=out&case_id=${gbv.id}`)).json.items;
      assert.equal(outBox[0].note, null, 'lists never open a restricted case');
      const d = await u.rnga.post(`/api/v1/referrals/${r.json.id}/decline`, { comment: 'Không đủ chuyên môn' });
      assertStatus(d, 200);
      assert.equal(d.json.note, null, 'the receiving unit does not read the restricted note');
    });

    it('each step is a referral event in the case history', async () => {
      const h = await u.kcomm.get(`/api/v1/cases/${caseId}/history`);
      assertStatus(h, 200);
      const steps = h.json.items.filter((e) => e.kind === 'referral').map((e) => `${e.data.referral_id}:${e.data.status}`);
      for (const s of [`${outsideId}:sent`, `${unitRefId}:sent`, `${unitRefId}:accepted`, `${unitRefId}:completed`, `${outsideId}:declined`]) {
        assert.ok(steps.includes(s), `history has ${s}: ${steps}`);
      }
    });
  });

  describe('transfers', () => {
    let c1, t1;

    before(async () => { c1 = await newCase('kcomm'); });

    it('a transfer is validated; one open transfer per case', async () => {
      const path = `/api/v1/cases/${c1.id}/transfers`;
      assertError(await u.kcomm.post(path, { to_unit: '23401', reason: 'Chuyển nơi ở' }), 422, 'invalid_field', 'to_unit');
      assertError(await u.kcomm.post(path, { to_unit: '99999', reason: 'Chuyển nơi ở' }), 422, 'invalid_field', 'to_unit');
      assertError(await u.kcomm.post(path, { to_unit: '23427', reason: 'ab' }), 422, 'invalid_field', 'reason');
      assertError(await u.kcomm.post(path, { to_unit: '23427' }), 422, 'invalid_field', 'reason');
      const r = await u.kcomm.post(path, { to_unit: '23427', reason: 'Gia đình chuyển về xã Đắk Rơ Nga' });
      assertStatus(r, 201);
      assert.equal(r.json.status, 'sent');
      assert.equal(r.json.kind, 'transfer');
      t1 = r.json.id;
      assertError(await u.kcomm.post(path, { to_unit: '23428', reason: 'Chuyển lần nữa' }), 409, 'conflict');
    });

    it('the receiving unit sees it waiting; others cannot answer it', async () => {
      assertError(await u.rnga.get(`/api/v1/cases/${c1.id}`), 404, 'not_found');
      const box = await u.rnga.get('/api/v1/transfers?box=in&status=sent');
      assertStatus(box, 200);
      assert.ok(box.json.items.some((x) => x.id === t1 && x.case_no === c1.case_no));
      const inbox = await u.rnga.get('/api/v1/inbox');
      assert.ok(inbox.json.items.some((x) => x.kind === 'transfer' && x.case_id === c1.id));
      for (const who of ['kcomm', 'glei', 'tb']) {
        assertError(await u[who].post(`/api/v1/transfers/${t1}/accept`, {}), 404, 'not_found');
      }
      // The sender lists it in its outbox.
      const out = await u.kcomm.get(`/api/v1/transfers?box=out&case_id=${c1.id}`);
      assert.equal(out.json.total, 1);
    });

    it('accepting moves ownership: the old unit 404, the new one sees it, same case number, unassigned', async () => {
      const r = await u.rnga.post(`/api/v1/transfers/${t1}/accept`, { comment: 'Đã nhận' });
      assertStatus(r, 200);
      assert.equal(r.json.status, 'accepted');
      assertError(await u.kcomm.get(`/api/v1/cases/${c1.id}`), 404, 'not_found');
      const got = await u.rnga.get(`/api/v1/cases/${c1.id}`);
      assertStatus(got, 200);
      assert.equal(got.json.unit_code, '23427');
      assert.equal(got.json.case_no, c1.case_no);
      assert.ok(got.json.assigned_to === null || got.json.assigned_to === undefined || got.json.assigned_to === 0,
        `assignment cleared: ${JSON.stringify(got.json.assigned_to)}`);
      // The district above both still sees it.
      assertStatus(await u.kdist.get(`/api/v1/cases/${c1.id}`), 200);
      assertError(await u.rnga.post(`/api/v1/transfers/${t1}/accept`, {}), 409, 'invalid_transition');
      assertError(await u.rnga.post(`/api/v1/transfers/${t1}/decline`, {}), 409, 'invalid_transition');
      const h = await u.rnga.get(`/api/v1/cases/${c1.id}/history`);
      assert.ok(h.json.items.some((e) => e.kind === 'transfer' && e.data.status === 'accepted'));
    });

    it('a transfer to another province keeps the case number', async () => {
      const c3 = await newCase('kcomm');
      const t = await u.kcomm.post(`/api/v1/cases/${c3.id}/transfers`, { to_unit: '12433', reason: 'Gia đình về quê Thái Bình' });
      assertStatus(t, 201);
      assertStatus(await u.tb.post(`/api/v1/transfers/${t.json.id}/accept`), 200);
      const got = await u.tb.get(`/api/v1/cases/${c3.id}`);
      assertStatus(got, 200);
      assert.equal(got.json.unit_code, '12433');
      assert.equal(got.json.case_no, c3.case_no);
      assert.match(got.json.case_no, /^62-/);
      assertError(await u.prov.get(`/api/v1/cases/${c3.id}`), 404, 'not_found');
      const list = await u.tb.get('/api/v1/cases');
      assert.ok(list.json.items.some((x) => x.id === c3.id), 'listed in the new province');
    });

    it('a declined transfer leaves the case where it was, and a new one may be sent', async () => {
      const c2 = await newCase('kcomm');
      const t = await u.kcomm.post(`/api/v1/cases/${c2.id}/transfers`, { to_unit: '23427', reason: 'Thử chuyển' });
      assertStatus(t, 201);
      const d = await u.rnga.post(`/api/v1/transfers/${t.json.id}/decline`, { comment: 'Không thuộc địa bàn' });
      assertStatus(d, 200);
      assert.equal(d.json.status, 'declined');
      assert.equal((await u.kcomm.get(`/api/v1/cases/${c2.id}`)).json.unit_code, '23401');
      assertStatus(await u.kcomm.post(`/api/v1/cases/${c2.id}/transfers`, { to_unit: '23428', reason: 'Chuyển nơi khác' }), 201);
    });
  });

  describe('approvals', () => {
    let c, first, second;

    before(async () => {
      c = await newCase('kcomm');
      await moveTo('kcomm', c.id, 'assessment');
    });

    it('a plan is asked for only in planning; the stage cannot move on without it', async () => {
      assertError(await u.kcomm.post(`/api/v1/cases/${c.id}/approvals`, { subject: 'plan' }), 409, 'invalid_transition');
      await moveTo('kcomm', c.id, 'planning');
      assertError(await u.kcomm.post(`/api/v1/cases/${c.id}/transitions`, { to: 'intervention' }), 409, 'approval_required');
      assertError(await u.kcomm.post(`/api/v1/cases/${c.id}/approvals`, { subject: 'budget' }), 422, 'invalid_field', 'subject');
    });

    it('a request is 201 requested; a second pending one for the subject 409', async () => {
      const r = await u.kcomm.post(`/api/v1/cases/${c.id}/approvals`, { subject: 'plan', note: 'Kế hoạch hỗ trợ tâm lý 3 tháng' });
      assertStatus(r, 201);
      assert.equal(r.json.status, 'requested');
      assert.equal(r.json.subject, 'plan');
      first = r.json.id;
      assertError(await u.kcomm.post(`/api/v1/cases/${c.id}/approvals`, { subject: 'plan' }), 409, 'conflict');
    });

    it('the requester cannot decide it (403); outside the scope 404; the approver sees it in the inbox', async () => {
      assertError(await u.kcomm.post(`/api/v1/approvals/${first}/approve`, {}), 403, 'forbidden');
      assertError(await u.tb.post(`/api/v1/approvals/${first}/approve`, {}), 404, 'not_found');
      assertError(await u.rnga.post(`/api/v1/approvals/${first}/approve`, {}), 404, 'not_found');
      const mine = await u.kcomm.get('/api/v1/inbox');
      assert.ok(!mine.json.items.some((x) => x.approval_id === first), 'not in the requester\'s inbox');
      const theirs = await u.kcomm2.get('/api/v1/inbox');
      const item = theirs.json.items.find((x) => x.kind === 'approval' && x.approval_id === first);
      assert.ok(item, 'in another commune user\'s inbox');
      assert.equal(item.subject, 'plan');
      assert.equal(item.case_id, c.id);
      assert.equal(item.stage, 'planning');
    });

    it('a rejection needs a comment (422); rejected, it cannot be approved (409)', async () => {
      assertError(await u.kcomm2.post(`/api/v1/approvals/${first}/reject`, {}), 422, 'invalid_field', 'comment');
      assertError(await u.kcomm2.post(`/api/v1/approvals/${first}/reject`, { comment: 'no' }), 422, 'invalid_field', 'comment');
      const r = await u.kcomm2.post(`/api/v1/approvals/${first}/reject`, { comment: 'Thiếu nguồn lực thực hiện' });
      assertStatus(r, 200);
      assert.equal(r.json.status, 'rejected');
      assertError(await u.kcomm2.post(`/api/v1/approvals/${first}/approve`, {}), 409, 'invalid_transition');
      assertError(await u.kcomm.post(`/api/v1/cases/${c.id}/transitions`, { to: 'intervention' }), 409, 'approval_required');
    });

    it('approved by another user, twice is 409, then planning → intervention works', async () => {
      const r = await u.kcomm.post(`/api/v1/cases/${c.id}/approvals`, { subject: 'plan' });
      assertStatus(r, 201);
      second = r.json.id;
      const ok = await u.kdist.post(`/api/v1/approvals/${second}/approve`, { comment: 'Đồng ý' });
      assertStatus(ok, 200);
      assert.equal(ok.json.status, 'approved');
      assertError(await u.kdist.post(`/api/v1/approvals/${second}/approve`, {}), 409, 'invalid_transition');
      assertError(await u.kcomm2.post(`/api/v1/approvals/${second}/reject`, { comment: 'Đã muộn' }), 409, 'invalid_transition');
      await moveTo('kcomm', c.id, 'intervention');
      const list = await u.kcomm.get(`/api/v1/cases/${c.id}/approvals`);
      assertStatus(list, 200);
      assert.deepEqual(list.json.items.map((a) => [a.id, a.status]).sort((a, b) => a[0] - b[0]),
        [[first, 'rejected'], [second, 'approved']]);
      const h = await u.kcomm.get(`/api/v1/cases/${c.id}/history`);
      const steps = h.json.items.filter((e) => e.kind === 'approval').map((e) => e.data.status);
      assert.deepEqual(steps, ['requested', 'rejected', 'requested', 'approved']);
    });

    it('a closure needs a closure_reason, an approval, then closes', async () => {
      const path = `/api/v1/cases/${c.id}/approvals`;
      assertError(await u.kcomm.post(path, { subject: 'closure' }), 422, 'invalid_field', 'closure_reason');
      assertError(await u.kcomm.post(path, { subject: 'closure', closure_reason: 'bored' }), 422, 'invalid_field', 'closure_reason');
      const r = await u.kcomm.post(path, { subject: 'closure', closure_reason: 'plan_completed' });
      assertStatus(r, 201);
      assertError(await u.kcomm.post(`/api/v1/cases/${c.id}/transitions`, { to: 'closed', closure_reason: 'plan_completed' }),
        409, 'approval_required');
      assertStatus(await u.prov.post(`/api/v1/approvals/${r.json.id}/approve`), 200);
      await moveTo('kcomm', c.id, 'closed', { closure_reason: 'plan_completed' });
      assertError(await u.kcomm.post(path, { subject: 'closure', closure_reason: 'plan_completed' }), 409, 'invalid_transition');
    });
  });

  describe('inbox', () => {
    let late, soon, visited, visitToday;

    before(async () => {
      // An emergency call 13 hours ago: its case was due an hour ago.
      for (const [name, ago] of [['late', 13 * HOUR], ['soon', HOUR]]) {
        const r = await u.hot.post('/api/v1/hotline-calls', call({ received_at: isoAgo(ago) }));
        assertStatus(r, 201);
        const k = await u.hot.post(`/api/v1/hotline-calls/${r.json.id}/case`, {
          type: 'child_protection', person: { full_name: `Đỗ Văn ${name}`, sex: 'male' },
        });
        assertStatus(k, 201);
        if (name === 'late') late = k.json; else soon = k.json;
      }
      visited = await newCase('kcomm');
      const v = await u.kcomm.post(`/api/v1/cases/${visited.id}/events`, {
        kind: 'visit', date: hcmDay(), note: 'Thăm gia đình', next_visit_due: hcmDay(1),
      });
      assertStatus(v, 201);
      // A visit due today is not late until the day has ended.
      visitToday = await newCase('kcomm');
      const t = await u.kcomm.post(`/api/v1/cases/${visitToday.id}/events`, {
        kind: 'visit', date: hcmDay(), next_visit_due: hcmDay(),
      });
      assertStatus(t, 201);
    });

    it('kinds overdue, deadline and visit for the commune worker; no names', async () => {
      const r = await u.kcomm.get('/api/v1/inbox');
      assertStatus(r, 200);
      const of = (id) => r.json.items.filter((x) => x.case_id === id);
      const lateItem = of(late.id).find((x) => x.kind === 'overdue');
      assert.ok(lateItem, `overdue item: ${r.text.slice(0, 500)}`);
      assert.ok(lateItem.overdue_seconds >= 3500, `overdue_seconds ${lateItem.overdue_seconds}`);
      assert.equal(lateItem.case_no, late.case_no);
      assert.equal(lateItem.stage, 'intake');
      const soonItem = of(soon.id).find((x) => x.kind === 'deadline');
      assert.ok(soonItem, 'deadline item');
      assert.equal(Date.parse(soonItem.due_at), Date.parse(soon.due_at));
      assert.equal(soonItem.overdue_seconds, undefined);
      assert.ok(of(visited.id).some((x) => x.kind === 'visit'), 'visit item');
      const today = of(visitToday.id).find((x) => x.kind === 'visit');
      assert.ok(today, 'visit due today listed');
      assert.equal(today.overdue_seconds, undefined, 'due today is not late');
      // Report reminders (docs/reports.md §Inbox reminders) depend on today's
      // date; tests/api/report_workflow.test.mjs covers them.
      for (const x of r.json.items.filter((i) => !i.kind.startsWith('report_'))) {
        assert.ok(['overdue', 'deadline', 'approval', 'referral', 'transfer', 'visit'].includes(x.kind), x.kind);
        assert.ok(Number.isInteger(x.case_id) && typeof x.case_no === 'string');
      }
      const kinds = r.json.items.map((x) => x.kind);
      assert.ok(kinds.indexOf('overdue') < kinds.indexOf('deadline'), 'overdue first');
      assert.ok(!/Đỗ Văn|Hoa Mai|Phạm Văn/.test(r.text), 'no names');
    });

    it('another unit\'s inbox holds none of these; roles without case work get 403', async () => {
      const r = await u.tb.get('/api/v1/inbox');
      assertStatus(r, 200);
      assert.deepEqual(r.json.items.filter((i) => !i.kind.startsWith('report_')), []);
      assertError(await u.auditor.get('/api/v1/inbox'), 403);
    });
  });
});
