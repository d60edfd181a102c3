// The case record (API.md §Cases, docs/cases.md): opening cases of the six
// types, case numbers, scope, search, the workflow and its deadlines,
// If-Match, history, events, corrections, consents, restricted cases for
// each role, the audit trail and sealed narratives.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import {
  FACTS, ADULT, HOUR, DAY, isoAgo, hcmDay, hcmMidnight, hcmYear, haveSqlite3, sql, dbBytes, asBytes,
} from './cases_helpers.mjs';

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

const TYPES = Object.keys(FACTS);
const SECRET_NAME = 'Trần Thị Bí Mật';
const SECRET_SUMMARY = 'Chồng đánh nhiều lần, mã-kín-8841';
const SECRET_NOTE = 'Ghi chú kín mã-kín-5527';
const CLEAR_SUMMARY = 'Hồ sơ thường mã-rõ-3319';

describe('cases', () => {
  let srv;
  const u = {}; // clients by username
  const ids = {}; // user ids by username
  const made = {}; // cases by name
  const YEAR = hcmYear();
  let seq = 0; // case numbers handed out so far

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) {
      u[x.username] = await loginAs(srv.url, x.username, x.password);
      ids[x.username] = (await u[x.username].get('/api/v1/me')).json.id;
    }
  });
  after(async () => { await stopChecked(srv); });

  async function create(who, body) {
    const r = await u[who].post('/api/v1/cases', { unit_code: '23401', ...body });
    assertStatus(r, 201);
    seq++;
    return r;
  }
  const caseNo = (n) => `62-${YEAR}-${String(n).padStart(6, '0')}`;
  async function etagOf(who, id, q = '') {
    const r = await u[who].get(`/api/v1/cases/${id}${q}`);
    assertStatus(r, 200);
    return r.headers.get('etag');
  }
  async function move(who, id, to, extra = {}) {
    const r = await u[who].post(`/api/v1/cases/${id}/transitions`, { to, ...extra });
    assertStatus(r, 200);
    assert.equal(r.json.stage, to);
    return r.json;
  }
  async function audit(action) {
    const r = await u.auditor.get(`/api/v1/audit?action=${action}&page_size=200`);
    assertStatus(r, 200);
    return r.json.items;
  }

  // ---- creating ----------------------------------------------------------

  it('opens a case of each of the six types: 201, numbers 62-YYYY-000001 on', async () => {
    for (const type of TYPES) {
      const r = await create('kcomm', {
        type, person: { ...ADULT, full_name: `Người ${type}` }, details: FACTS[type],
      });
      assert.equal(r.json.type, type);
      assert.equal(r.json.stage, 'intake');
      assert.equal(r.json.unit_code, '23401');
      assert.equal(r.json.case_no, caseNo(seq));
      assert.equal(typeof r.json.id, 'number');
      assert.match(r.headers.get('etag'), new RegExp(`^"c${r.json.id}-1"$`));
      assert.equal(r.json.assigned_to, ids.kcomm, 'a commune creator works the case');
      assert.equal(r.json.restricted, type === 'gbv' || type === 'trafficking_victim');
      assert.equal(r.json.identity_hidden, false, 'the creator sees what they typed');
      assert.equal(r.json.person.full_name, `Người ${type}`);
      assert.deepEqual(r.json.details, FACTS[type]);
      assert.equal(r.json.urgency, 'normal');
      assert.ok(r.json.due_at, 'intake has a deadline');
      made[type] = r.json;
    }
  });

  it('rejects a bad fact of each type with 422 naming details.<fact>, creating nothing', async () => {
    const bad = {
      social_assistance: [{ sa_category: 'no_such_category' }, 'details.sa_category'],
      child_protection: [{ child_status: 'special_circumstances' }, 'details.csc_groups'],
      gbv: [{ gbv_role: 'victim', shoe_size: 42 }, 'details.shoe_size'],
      drug_rehab: [{ rehab_form: 'rehab_compulsory_adult' }, 'details.court_decision_date'],
      sex_work_support: [{ harm_reduction: 'yes' }, 'details.harm_reduction'],
      trafficking_victim: [{ tip_person_status: 'tip_victim', received_date: '2026-08-01', verified_date: '2026-07-01' },
        'details.verified_date'],
    };
    for (const [type, [details, field]] of Object.entries(bad)) {
      const r = await u.kcomm.post('/api/v1/cases', { type, unit_code: '23401', person: ADULT, details });
      assertError(r, 422, 'invalid_field', field);
    }
    // A wrong kind of value, a bad date.
    assertError(await u.kcomm.post('/api/v1/cases', {
      type: 'drug_rehab', unit_code: '23401', person: ADULT,
      details: { ...FACTS.drug_rehab, term_months: -1 },
    }), 422, 'invalid_field', 'details.term_months');
    assertError(await u.kcomm.post('/api/v1/cases', {
      type: 'gbv', unit_code: '23401', person: ADULT, details: { gbv_role: 'victim', incident_date: '2026-02-30' },
    }), 422, 'invalid_field', 'details.incident_date');
    const list = await u.prov.get('/api/v1/cases?page_size=200');
    assert.equal(list.json.total, seq, 'no case was created by a rejected request');
  });

  it('rejects invalid input with 422 naming the field', async () => {
    const ok = { type: 'child_protection', unit_code: '23401', person: ADULT, details: FACTS.child_protection };
    const cases = [
      [{ ...ok, type: undefined }, 'type'],
      [{ ...ok, type: 'astrology' }, 'type'],
      [{ ...ok, person: undefined }, 'person'],
      [{ ...ok, person_id: 1 }, 'person'],
      [{ ...ok, person: { sex: 'male' } }, 'person.full_name'],
      [{ ...ok, person: { ...ADULT, full_name: '   ' } }, 'person.full_name'],
      [{ ...ok, person: { ...ADULT, full_name: 'x'.repeat(201) } }, 'person.full_name'],
      [{ ...ok, person: { ...ADULT, sex: 'robot' } }, 'person.sex'],
      [{ ...ok, person: { full_name: 'Không Giới' } }, 'person.sex'],
      [{ ...ok, person: { ...ADULT, national_id: '1234567890' } }, 'person.national_id'],
      [{ ...ok, person: { ...ADULT, birth_year: 1850 } }, 'person.birth_year'],
      [{ ...ok, person: { ...ADULT, birth_year: undefined, birth_date: hcmDay(3) } }, 'person.birth_date'],
      [{ ...ok, person: { ...ADULT, birth_year: 1990, birth_date: '1985-04-01' } }, 'person.birth_year'],
      [{ ...ok, person: { ...ADULT, ethnicity: 'xx' } }, 'person.ethnicity'],
      [{ ...ok, person: { ...ADULT, address_unit: '99999' } }, 'person.address_unit'],
      [{ ...ok, person: { ...ADULT, contacts: 'x'.repeat(501) } }, 'person.contacts'],
      [{ ...ok, person: { ...ADULT, nickname: 'Bình' } }, 'person.nickname'],
      [{ ...ok, colour: 'blue' }, 'colour'],
      [{ ...ok, urgency: 'whenever' }, 'urgency'],
      [{ ...ok, restricted: 'yes' }, 'restricted'],
      [{ ...ok, summary: 'x'.repeat(4001) }, 'summary'],
      [{ ...ok, details: [] }, 'details'],
      [{ ...ok, received_at: isoAgo(-DAY) }, 'received_at'],
      [{ ...ok, received_at: 'yesterday' }, 'received_at'],
      [{ ...ok, assigned_to: ids.hot }, 'assigned_to'],
      [{ ...ok, assigned_to: ids.rnga }, 'assigned_to'],
      [{ ...ok, assigned_to: ids.viewer }, 'assigned_to'],
      [{ ...ok, assigned_to: 987654 }, 'assigned_to'],
      [{ ...ok, unit_code: '99999' }, 'unit_code'],
      [{ ...ok, unit_code: undefined }, 'unit_code'],
    ];
    for (const [body, field] of cases) {
      assertError(await u.kcomm.post('/api/v1/cases', body), 422, 'invalid_field', field);
    }
    assertError(await u.kcomm.post('/api/v1/cases', '{"type":'), 400, 'bad_json');
    const list = await u.prov.get('/api/v1/cases?page_size=200');
    assert.equal(list.json.total, seq);
  });

  it('a unit outside the caller\'s scope is 403 out_of_scope; non case roles are 403', async () => {
    const body = { type: 'child_protection', person: ADULT, details: FACTS.child_protection };
    assertError(await u.kcomm.post('/api/v1/cases', { ...body, unit_code: '23427' }), 403, 'out_of_scope');
    assertError(await u.tb.post('/api/v1/cases', { ...body, unit_code: '23401' }), 403, 'out_of_scope');
    assertError(await u.kdist.post('/api/v1/cases', { ...body, unit_code: '23425' }), 403, 'out_of_scope');
    // Scope is checked before the other fields.
    assertError(await u.kcomm.post('/api/v1/cases', { ...body, unit_code: '23427', type: 'nope' }), 403, 'out_of_scope');
    for (const who of ['admin', 'viewer', 'auditor']) {
      assertError(await u[who].post('/api/v1/cases', { ...body, unit_code: '23401' }), 403, 'forbidden');
      assertError(await u[who].get('/api/v1/cases'), 403, 'forbidden');
      assertError(await u[who].get(`/api/v1/cases/${made.child_protection.id}`), 403, 'forbidden');
    }
    // A district may open a case in any commune below it, and assign it.
    const r = await create('kdist', { ...body, unit_code: '23427', assigned_to: ids.rnga });
    assert.equal(r.json.case_no, caseNo(seq));
    assert.equal(r.json.assigned_to, ids.rnga);
    made.rnga = r.json;
  });

  // ---- reading and lists -------------------------------------------------

  it('GET /cases/ID answers 200 with ETag in scope, 404 outside or missing', async () => {
    const id = made.child_protection.id;
    for (const who of ['kcomm', 'kcomm2', 'kdist', 'prov']) {
      const r = await u[who].get(`/api/v1/cases/${id}`);
      assertStatus(r, 200);
      assert.equal(r.headers.get('etag'), `"c${id}-1"`);
      assert.equal(r.json.case_no, made.child_protection.case_no);
      assert.equal(r.json.person.full_name, 'Người child_protection');
    }
    for (const who of ['rnga', 'tb']) {
      assertError(await u[who].get(`/api/v1/cases/${id}`), 404, 'not_found');
      assertError(await u[who].get(`/api/v1/cases/${id}/history`), 404, 'not_found');
    }
    assertError(await u.prov.get('/api/v1/cases/999999'), 404, 'not_found');
    assertError(await u.prov.get('/api/v1/cases/abc'), 404, 'not_found');
    assertError(await u.prov.get('/api/v1/cases/0'), 404, 'not_found');
  });

  it('lists only cases in scope, with filters', async () => {
    const all = await u.prov.get('/api/v1/cases?page_size=200');
    assertStatus(all, 200);
    assert.equal(all.json.total, seq);
    for (const c of all.json.items) {
      assert.equal(typeof c.overdue, 'boolean');
      assert.equal(typeof c.overdue_seconds, 'number');
    }
    const mine = await u.kcomm.get('/api/v1/cases?page_size=200');
    assert.equal(mine.json.total, seq - 1, 'the Đắk Rơ Nga case is not the town\'s');
    assert.ok(mine.json.items.every((c) => c.unit_code === '23401'));
    const rnga = await u.rnga.get('/api/v1/cases');
    assert.deepEqual(rnga.json.items.map((c) => c.id), [made.rnga.id]);
    assert.equal((await u.tb.get('/api/v1/cases')).json.total, 0);
    const unit = await u.prov.get('/api/v1/cases?unit=23427');
    assert.deepEqual(unit.json.items.map((c) => c.id), [made.rnga.id]);
    assert.equal((await u.prov.get('/api/v1/cases?unit=612')).json.total, seq);
    assertError(await u.kcomm.get('/api/v1/cases?unit=23427'), 403, 'out_of_scope');
    assertError(await u.kcomm.get('/api/v1/cases?unit=99999'), 422, 'invalid_field', 'unit');
    const gbv = await u.prov.get('/api/v1/cases?type=gbv');
    assert.deepEqual(gbv.json.items.map((c) => c.id), [made.gbv.id]);
    assert.equal((await u.prov.get('/api/v1/cases?stage=closed')).json.total, 0);
    assert.equal((await u.prov.get(`/api/v1/cases?assigned_to=${ids.rnga}`)).json.total, 1);
    assert.equal((await u.rnga.get('/api/v1/cases?assigned_to=me')).json.total, 1);
    assert.equal((await u.prov.get(`/api/v1/cases?opened_from=${hcmDay()}&opened_to=${hcmDay()}`)).json.total, seq);
    assert.equal((await u.prov.get(`/api/v1/cases?opened_to=${hcmDay(-1)}`)).json.total, 0);
    const page = await u.prov.get('/api/v1/cases?page=2&page_size=3');
    assert.equal(page.json.items.length, 3);
    assert.equal(page.json.total, seq);
    for (const q of ['type=astrology', 'stage=done', 'overdue=maybe', 'assigned_to=someone', 'opened_from=2026-13-01',
      'page=0', 'page_size=1000']) {
      const r = await u.prov.get(`/api/v1/cases?${q}`);
      assertError(r, 422, 'invalid_field');
    }
  });

  it('q finds a name ignoring case and diacritics (đ too), a case number and a national id', async () => {
    const r = await create('kcomm', {
      type: 'social_assistance', details: FACTS.social_assistance,
      person: { full_name: 'Nguyễn Văn Đức', sex: 'male', birth_date: '1950-03-04', national_id: '062050001234' },
    });
    made.duc = r.json;
    for (const q of ['nguyen van duc', 'NGUYỄN VĂN ĐỨC', 'văn đức', 'Duc']) {
      const s = await u.kcomm.get(`/api/v1/cases?q=${encodeURIComponent(q)}`);
      assertStatus(s, 200);
      assert.deepEqual(s.json.items.map((c) => c.id), [made.duc.id], `q=${q}`);
    }
    const byNo = await u.prov.get(`/api/v1/cases?q=${made.duc.case_no}`);
    assert.deepEqual(byNo.json.items.map((c) => c.id), [made.duc.id]);
    const byNoLower = await u.prov.get(`/api/v1/cases?q=${made.gbv.case_no.toLowerCase()}`);
    assert.deepEqual(byNoLower.json.items.map((c) => c.id), [made.gbv.id]);
    const byId = await u.kdist.get('/api/v1/cases?q=062050001234');
    assert.deepEqual(byId.json.items.map((c) => c.id), [made.duc.id]);
    assert.equal((await u.rnga.get('/api/v1/cases?q=nguyen%20van%20duc')).json.total, 0, 'outside scope');
    assert.equal((await u.kcomm.get('/api/v1/cases?q=nobody%20at%20all')).json.total, 0);
  });

  // ---- restricted cases ----------------------------------------------------

  it('restricted: the assigned worker reads the identity only with a reason, which is audited', async () => {
    const r = await create('kcomm', {
      type: 'gbv', details: FACTS.gbv, summary: SECRET_SUMMARY,
      person: { full_name: SECRET_NAME, sex: 'female', birth_year: 1990, national_id: '062190009999' },
    });
    made.secret = r.json;
    const id = r.json.id;
    assert.equal(r.json.restricted, true);
    const plain = await u.kcomm.get(`/api/v1/cases/${id}`);
    assertStatus(plain, 200);
    assert.equal(plain.json.identity_hidden, true);
    assert.equal(plain.json.reason_required, true);
    assert.equal(plain.json.person, undefined);
    assert.equal(plain.json.summary, undefined);
    assert.equal(plain.json.details, undefined);
    assert.ok(!plain.text.includes('Bí Mật') && !plain.text.includes('mã-kín'));
    for (const k of ['id', 'case_no', 'type', 'stage', 'unit_code', 'restricted', 'urgency', 'opened_at', 'due_at',
      'overdue', 'overdue_seconds', 'assigned_to']) {
      assert.ok(k in plain.json, `limited view has ${k}`);
    }
    const before = (await audit('case_read_restricted')).length;
    const full = await u.kcomm.get(`/api/v1/cases/${id}?reason=case_work`);
    assertStatus(full, 200);
    assert.equal(full.json.identity_hidden, false);
    assert.equal(full.json.person.full_name, SECRET_NAME);
    assert.equal(full.json.summary, SECRET_SUMMARY);
    const entries = await audit('case_read_restricted');
    assert.equal(entries.length, before + 1);
    const e = entries[0];
    assert.equal(e.actor_name, 'kcomm');
    assert.equal(e.target, `case:${id}`);
    assert.deepEqual(e.detail, { reason: 'case_work' });
    assert.ok(!JSON.stringify(entries).includes('Bí Mật'));
    assertError(await u.kcomm.get(`/api/v1/cases/${id}?reason=curiosity`), 422, 'invalid_field', 'reason');
    assert.equal((await audit('case_read_restricted')).length, before + 1, 'a refused reason is not a read');
    // The history too.
    const h = await u.kcomm.get(`/api/v1/cases/${id}/history?reason=case_work`);
    assertStatus(h, 200);
    assert.equal(h.json.items[0].kind, 'created');
    assert.equal((await audit('case_read_restricted')).length, before + 2);
  });

  it('restricted: a district supervisor reads with a reason; another commune worker only the limited view', async () => {
    const id = made.secret.id;
    const sup = await u.kdist.get(`/api/v1/cases/${id}?reason=supervision`);
    assertStatus(sup, 200);
    assert.equal(sup.json.person.full_name, SECRET_NAME);
    const prov = await u.prov.get(`/api/v1/cases/${id}?reason=quality_review`);
    assert.equal(prov.json.person.full_name, SECRET_NAME);
    const other = await u.kcomm2.get(`/api/v1/cases/${id}?reason=case_work`);
    assertStatus(other, 200);
    assert.equal(other.json.identity_hidden, true);
    assert.equal(other.json.reason_required, undefined, 'a reason would not help');
    assert.equal(other.json.person, undefined);
    const etag = other.headers.get('etag');
    assertError(await u.kcomm2.patch(`/api/v1/cases/${id}`, { urgency: 'urgent' }, { 'if-match': etag }), 403, 'restricted');
    assertError(await u.kcomm2.post(`/api/v1/cases/${id}/events`, { kind: 'note', text: 'x' }), 403, 'restricted');
    assertError(await u.kcomm2.post(`/api/v1/cases/${id}/transitions`, { to: 'assessment' }), 403, 'restricted');
    const h = await u.kcomm2.get(`/api/v1/cases/${id}/history`);
    assertStatus(h, 200);
    assert.equal(h.json.identity_hidden, true);
    assert.equal(h.json.items[0].kind, 'created');
    assert.equal(h.json.items[0].actor.username, 'kcomm');
    // Lists: restricted cases are limited for everyone; names match only for readers.
    const list = await u.kcomm.get('/api/v1/cases?type=gbv&page_size=200');
    assert.ok(list.json.items.every((c) => c.identity_hidden === true && c.person === undefined));
    const byName = (who) => u[who].get(`/api/v1/cases?q=${encodeURIComponent('bi mat')}`);
    assert.deepEqual((await byName('kcomm')).json.items.map((c) => c.id), [id], 'assigned worker');
    assert.deepEqual((await byName('kdist')).json.items.map((c) => c.id), [id], 'supervisor');
    assert.equal((await byName('kcomm2')).json.total, 0, 'a name search must not reveal a GBV case');
    assert.equal((await u.kcomm2.get('/api/v1/cases?q=062190009999')).json.total, 0);
    assert.deepEqual((await u.kcomm2.get(`/api/v1/cases?q=${made.secret.case_no}`)).json.items.map((c) => c.id), [id]);
  });

  it('restricted flag: anyone working a case may set it, only a supervisor lifts it, never for gbv', async () => {
    const r = await create('kcomm', { type: 'child_protection', person: ADULT, details: FACTS.child_protection,
      summary: CLEAR_SUMMARY });
    const id = r.json.id;
    let etag = r.headers.get('etag');
    const on = await u.kcomm.patch(`/api/v1/cases/${id}`, { restricted: true }, { 'if-match': etag });
    assertStatus(on, 200);
    assert.equal(on.json.restricted, true);
    assert.equal(on.json.identity_hidden, true);
    etag = on.headers.get('etag');
    assertError(await u.kcomm.patch(`/api/v1/cases/${id}`, { restricted: false }, { 'if-match': etag }), 403, 'forbidden');
    if (haveSqlite3()) {
      assert.match(sql(srv.db, `SELECT summary FROM cases WHERE id=${id}`), /^sealed:v1:/);
    }
    const off = await u.kdist.patch(`/api/v1/cases/${id}?reason=supervision`, { restricted: false }, { 'if-match': etag });
    assertStatus(off, 200);
    assert.equal(off.json.restricted, false);
    assert.equal(off.json.summary, CLEAR_SUMMARY);
    const g = await u.kcomm.get(`/api/v1/cases/${made.gbv.id}`);
    assertError(await u.kdist.patch(`/api/v1/cases/${made.gbv.id}`, { restricted: false }, { 'if-match': g.headers.get('etag') }),
      422, 'invalid_field', 'restricted');
  });

  it('hotline sees its own intake cases only until hand-over; facility only its own', async () => {
    const r = await create('hot', { type: 'child_protection', person: { full_name: 'Cháu Gọi Tổng Đài', sex: 'male',
      birth_year: 2016 }, details: FACTS.child_protection, urgency: 'emergency' });
    const id = r.json.id;
    assert.equal(r.json.assigned_to, null, 'hotline does not work cases');
    assertStatus(await u.hot.get(`/api/v1/cases/${id}`), 200);
    assert.deepEqual((await u.hot.get('/api/v1/cases')).json.items.map((c) => c.id), [id]);
    assertError(await u.hot.get(`/api/v1/cases/${made.child_protection.id}`), 404, 'not_found');
    assertError(await u.hot.post(`/api/v1/cases/${id}/events`, { kind: 'note', text: 'thêm' }), 403, 'forbidden');
    await move('kcomm', id, 'assessment');
    assertError(await u.hot.get(`/api/v1/cases/${id}`), 404, 'not_found');
    assertError(await u.hot.get(`/api/v1/cases/${id}/history`), 404, 'not_found');
    assert.equal((await u.hot.get('/api/v1/cases')).json.total, 0);

    assert.equal((await u.fac.get('/api/v1/cases')).json.total, 0);
    assertError(await u.fac.get(`/api/v1/cases/${made.child_protection.id}`), 404, 'not_found');
    const f = await create('fac', { type: 'social_assistance', person: ADULT, details: FACTS.social_assistance });
    assert.deepEqual((await u.fac.get('/api/v1/cases')).json.items.map((c) => c.id), [f.json.id]);
    assertStatus(await u.fac.get(`/api/v1/cases/${f.json.id}`), 200);
  });

  // ---- PATCH, history ------------------------------------------------------

  it('PATCH needs If-Match: 428 without, 412 when stale, 200 with a new ETag', async () => {
    const id = made.social_assistance.id;
    const etag = await etagOf('kcomm', id);
    assertError(await u.kcomm.patch(`/api/v1/cases/${id}`, { urgency: 'urgent' }), 428, 'precondition_required');
    assertError(await u.kcomm.patch(`/api/v1/cases/${id}`, { urgency: 'urgent' }, { 'if-match': `"c${id}-0"` }), 412, 'stale');
    const r = await u.kcomm.patch(`/api/v1/cases/${id}`, {
      urgency: 'urgent', summary: 'Cần hỗ trợ gạo', risk_level: 'medium',
      details: { care_setting: 'community' },
      person: { full_name: 'Người Đổi Tên', national_id: '062085000111', address_unit: '23401' },
    }, { 'if-match': etag });
    assertStatus(r, 200);
    const next = r.headers.get('etag');
    assert.notEqual(next, etag);
    assert.equal(next, `"c${id}-2"`);
    assert.equal(r.json.urgency, 'urgent');
    assert.equal(r.json.risk_level, 'medium');
    assert.equal(r.json.summary, 'Cần hỗ trợ gạo');
    assert.deepEqual(r.json.details, { ...FACTS.social_assistance, care_setting: 'community' });
    assert.equal(r.json.person.full_name, 'Người Đổi Tên');
    assertError(await u.kcomm.patch(`/api/v1/cases/${id}`, { urgency: 'normal' }, { 'if-match': etag }), 412, 'stale');
    // The new name is searchable.
    assert.deepEqual((await u.kcomm.get('/api/v1/cases?q=nguoi%20doi%20ten')).json.items.map((c) => c.id), [id]);
    // Invalid values change nothing.
    for (const [body, field] of [
      [{ urgency: 'soon' }, 'urgency'], [{ risk_level: 'extreme' }, 'risk_level'],
      [{ details: { wings: 2 } }, 'details.wings'],
      [{ person: { sex: null } }, 'person.sex'], [{ person: { national_id: '12' } }, 'person.national_id'],
      [{ assigned_to: ids.tb }, 'assigned_to'], [{ stage: 'closed' }, 'stage'],
    ]) {
      assertError(await u.kcomm.patch(`/api/v1/cases/${id}`, body, { 'if-match': next }), 422, 'invalid_field', field);
    }
    assert.equal(await etagOf('kcomm', id), next);
    // Reassigning to a colleague in scope.
    const a = await u.kcomm.patch(`/api/v1/cases/${id}`, { assigned_to: ids.kcomm2 }, { 'if-match': next });
    assertStatus(a, 200);
    assert.equal(a.json.assigned_to, ids.kcomm2);
    assert.equal(a.json.assigned_name, 'Chủ tịch TT Đắk Tô', 'the worker by name');
  });

  it('history lists every event oldest first with who and when, field changes with old and new', async () => {
    const id = made.social_assistance.id;
    const h = await u.kcomm.get(`/api/v1/cases/${id}/history`);
    assertStatus(h, 200);
    const items = h.json.items;
    assert.equal(items[0].kind, 'created');
    assert.equal(items[0].data.type, 'social_assistance');
    assert.deepEqual(items.map((e) => e.id), [...items.map((e) => e.id)].sort((a, b) => a - b));
    for (const e of items) {
      assert.equal(e.actor.username, 'kcomm');
      assert.equal(e.actor.id, ids.kcomm);
      assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(e.case_id, id);
    }
    const change = (field) => items.find((e) => e.kind === 'field_change' && e.data.field === field)?.data;
    assert.deepEqual(change('urgency'), { field: 'urgency', old: 'normal', new: 'urgent' });
    assert.deepEqual(change('risk_level'), { field: 'risk_level', old: null, new: 'medium' });
    assert.deepEqual(change('summary'), { field: 'summary', old: null, new: 'Cần hỗ trợ gạo' });
    assert.deepEqual(change('details.care_setting'), { field: 'details.care_setting', old: null, new: 'community' });
    assert.deepEqual(change('person.full_name'), { field: 'person.full_name', old: 'Người social_assistance', new: 'Người Đổi Tên' });
    assert.deepEqual(change('person.national_id'), { field: 'person.national_id', old: null, new: '062085000111' });
    assert.deepEqual(change('assigned_to'), { field: 'assigned_to', old: ids.kcomm, new: ids.kcomm2 });
    // A new address is one change; its tree only qualifies the code.
    assert.deepEqual(change('person.address_unit'), { field: 'person.address_unit', old: null, new: '23401' });
    assert.equal(change('person.address_tree'), undefined);
    const upd = (await audit('case_update')).find((e) => e.target === `case:${id}`);
    assert.ok(upd, 'case_update audited');
    assert.ok(!JSON.stringify(upd).includes('Đổi Tên'), 'the audit names fields, never values');
  });

  // ---- workflow ------------------------------------------------------------

  it('transitions: every valid step, invalid ones 409, approvals, reasons 422', async () => {
    const r = await create('kcomm', { type: 'child_protection', person: ADULT, details: FACTS.child_protection });
    const id = r.json.id;
    assert.deepEqual(r.json.next_stages, ['assessment', 'closed']);
    for (const to of ['planning', 'intervention', 'review', 'intake']) {
      assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to }), 409, 'invalid_transition');
    }
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'heaven' }), 422, 'invalid_field', 'to');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, {}), 422, 'invalid_field', 'to');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'assessment', why: 1 }), 422, 'invalid_field', 'why');
    const a = await move('kcomm', id, 'assessment');
    assert.ok(a.due_at);
    assert.equal(a.due_rule, 'dl_specific_assessment');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'intervention' }), 409, 'invalid_transition');
    await move('kcomm', id, 'planning');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'intervention' }), 409, 'approval_required');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'closed', closure_reason: 'plan_completed' }),
      409, 'approval_required');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'closed' }), 422, 'invalid_field', 'closure_reason');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'closed', closure_reason: 'bored' }),
      422, 'invalid_field', 'closure_reason');

    const approve = async (subject, extra = {}) => {
      const q = await u.kcomm.post(`/api/v1/cases/${id}/approvals`, { subject, ...extra });
      assertStatus(q, 201);
      assertStatus(await u.kcomm2.post(`/api/v1/approvals/${q.json.id}/approve`, {}), 200);
    };
    await approve('plan');
    await move('kcomm', id, 'intervention');
    await move('kcomm', id, 'review');
    await move('kcomm', id, 'planning'); // a new round needs a new plan
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'intervention' }), 409, 'approval_required');
    await approve('plan');
    await move('kcomm', id, 'intervention');
    await move('kcomm', id, 'review');
    await approve('closure', { closure_reason: 'plan_completed' });
    const closed = await move('kcomm', id, 'closed', { closure_reason: 'plan_completed' });
    assert.equal(closed.closure_reason, 'plan_completed');
    assert.ok(closed.closed_at);
    assert.equal(closed.due_at, null);
    assert.equal(closed.overdue, false);
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'intake' }), 409, 'invalid_transition');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'assessment' }), 422, 'invalid_field', 'reason');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'assessment', reason: 'x' }),
      422, 'invalid_field', 'reason');
    const re = await move('kcomm', id, 'assessment', { reason: 'Gia đình báo bạo lực tái diễn' });
    assert.equal(re.closed_at, null);
    assert.equal(re.closure_reason, null);
    assert.equal(re.closure_approved_at, null);
    assert.ok(re.due_at);
    // Closing again needs a new approval.
    await move('kcomm', id, 'planning');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'closed', closure_reason: 'moved_away' }),
      409, 'approval_required');
    const h = await u.kcomm.get(`/api/v1/cases/${id}/history`);
    const steps = h.json.items.filter((e) => e.kind === 'transition').map((e) => `${e.data.from}>${e.data.to}`);
    assert.deepEqual(steps, ['intake>assessment', 'assessment>planning', 'planning>intervention', 'intervention>review',
      'review>planning', 'planning>intervention', 'intervention>review', 'review>closed', 'closed>assessment',
      'assessment>planning']);
    const reopen = h.json.items.find((e) => e.kind === 'transition' && e.data.from === 'closed');
    assert.equal(reopen.data.reason, 'Gia đình báo bạo lực tái diễn');
    const tr = (await audit('case_transition')).filter((e) => e.target === `case:${id}`);
    assert.equal(tr.length, steps.length);
  });

  // ---- deadlines -----------------------------------------------------------

  it('deadlines: emergency intake 12 h, normal intake 2 working days across Tết, trafficking assessment 3 days', async () => {
    const received = isoAgo(3 * HOUR);
    const em = await create('kcomm', { type: 'child_protection', person: ADULT, details: FACTS.child_protection,
      urgency: 'emergency', received_at: received });
    assert.equal(em.json.opened_at, received.replace('.000Z', 'Z'));
    assert.equal(Date.parse(em.json.due_at), Date.parse(received) + 12 * HOUR);
    assert.equal(em.json.due_rule, 'dl_cp_emergency_12h');
    assert.equal(em.json.overdue, false);

    const tet = await create('kcomm', { type: 'child_protection', person: ADULT, details: FACTS.child_protection,
      received_at: '2026-02-13T10:00:00+07:00' });
    made.tet = tet.json;
    assert.equal(tet.json.opened_at, '2026-02-13T03:00:00Z');
    assert.equal(tet.json.stage_since, '2026-02-13T03:00:00Z');
    // Mon 16 – Fri 20 are Tết: the 2nd working day after Friday the 13th is Tuesday the 24th.
    assert.equal(tet.json.due_at, '2026-02-24T17:00:00Z');
    assert.equal(tet.json.overdue, true);
    const late = (Date.now() - Date.parse('2026-02-24T17:00:00Z')) / 1000;
    assert.ok(Math.abs(tet.json.overdue_seconds - late) < 60, `overdue_seconds ${tet.json.overdue_seconds} vs ${late}`);

    const rehab = await create('kcomm', { type: 'drug_rehab', person: ADULT, details: FACTS.drug_rehab,
      received_at: '2026-02-13T10:00:00+07:00' });
    assert.equal(rehab.json.due_rule, 'dl_rehab_register');
    assert.equal(rehab.json.due_at, '2026-02-27T17:00:00Z', '5 working days: 23–27 Feb');

    const tip = made.trafficking_victim;
    const t = await u.kcomm.post(`/api/v1/cases/${tip.id}/transitions?reason=case_work`, { to: 'assessment' });
    assertStatus(t, 200);
    assert.equal(t.json.due_rule, 'dl_tip_initial_verification');
    const day = hcmDay();
    const due = Date.parse(t.json.due_at);
    assert.equal(due, hcmMidnight(day) + 4 * DAY, 'the end of the 3rd calendar day after today');
  });

  it('overdue filter and overdue_seconds', async () => {
    const over = await u.kcomm.get('/api/v1/cases?overdue=true&page_size=200');
    assertStatus(over, 200);
    assert.ok(over.json.items.some((c) => c.id === made.tet.id));
    assert.ok(over.json.items.every((c) => c.overdue === true && c.overdue_seconds > 0));
    const notOver = await u.kcomm.get('/api/v1/cases?overdue=false&page_size=200');
    assert.ok(!notOver.json.items.some((c) => c.id === made.tet.id));
    assert.ok(notOver.json.items.every((c) => c.overdue === false && c.overdue_seconds === 0));
    const all = await u.kcomm.get('/api/v1/cases?page_size=200');
    assert.equal(over.json.total + notOver.json.total, all.json.total);
  });

  it('changing the urgency recomputes the deadline of the stage', async () => {
    const id = made.tet.id;
    const r = await u.kcomm.patch(`/api/v1/cases/${id}`, { urgency: 'emergency' }, { 'if-match': await etagOf('kcomm', id) });
    assertStatus(r, 200);
    assert.equal(r.json.due_at, '2026-02-13T15:00:00Z');
  });

  // ---- events --------------------------------------------------------------

  it('events: note, assessment, plan, service, visit; unknown fields and bad values 422', async () => {
    const id = made.child_protection.id;
    const base = `/api/v1/cases/${id}/events`;
    const note = await u.kcomm.post(base, { kind: 'note', text: '  Đã gọi điện cho gia đình  ' });
    assertStatus(note, 201);
    assert.equal(note.json.kind, 'note');
    assert.equal(note.json.data.text, 'Đã gọi điện cho gia đình');
    assert.equal(note.json.actor.username, 'kcomm');
    made.note = note.json;
    const as = await u.kcomm.post(base, { kind: 'assessment', risk_level: 'high', protection_level: 'support', text: 'Nguy cơ cao' });
    assertStatus(as, 201);
    assert.equal((await u.kcomm.get(`/api/v1/cases/${id}`)).json.risk_level, 'high');
    const plan = await u.kcomm.post(base, { kind: 'plan', summary: 'Kế hoạch', items: [
      { service: 'counselling', description: 'Tư vấn tâm lý', due_date: hcmDay(10), responsible: 'Cán bộ xã' },
      { service: 'education' },
    ] });
    assertStatus(plan, 201);
    assert.equal(plan.json.data.items.length, 2);
    made.plan = plan.json;
    const svc = await u.kcomm.post(base, { kind: 'service', service: 'legal_aid', date: hcmDay(), provider: 'Trung tâm TGPL' });
    assertStatus(svc, 201);
    const visit = await u.kcomm.post(base, { kind: 'visit', date: hcmDay(), note: 'Gia đình hợp tác', next_visit_due: hcmDay(7) });
    assertStatus(visit, 201);
    const c = await u.kcomm.get(`/api/v1/cases/${id}`);
    assert.equal(Date.parse(c.json.next_visit_at), hcmMidnight(hcmDay(7)));
    const bad = [
      [{ kind: 'gossip', text: 'x' }, 'kind'],
      [{ text: 'x' }, 'kind'],
      [{ kind: 'note' }, 'text'],
      [{ kind: 'note', text: '' }, 'text'],
      [{ kind: 'note', text: 'x'.repeat(4001) }, 'text'],
      [{ kind: 'note', text: 'x', mood: 'sad' }, 'mood'],
      [{ kind: 'assessment', text: 'x' }, 'risk_level'],
      [{ kind: 'assessment', risk_level: 'high', protection_level: 'max' }, 'protection_level'],
      [{ kind: 'plan', items: [] }, 'items'],
      [{ kind: 'plan', items: Array(51).fill({ service: 'education' }) }, 'items'],
      [{ kind: 'plan', items: [{ service: 'magic' }] }, 'items[0].service'],
      [{ kind: 'plan', items: [{ service: 'education', cost: 1 }] }, 'items[0].cost'],
      [{ kind: 'service', service: 'legal_aid', date: hcmDay(2), provider: 'X' }, 'date'],
      [{ kind: 'service', service: 'legal_aid', date: hcmDay() }, 'provider'],
      [{ kind: 'visit', date: hcmDay(), next_visit_due: hcmDay(-1) }, 'next_visit_due'],
      [{ kind: 'visit' }, 'date'],
    ];
    for (const [body, field] of bad) {
      assertError(await u.kcomm.post(base, body), 422, 'invalid_field', field);
    }
    const h = await u.kcomm.get(`/api/v1/cases/${id}/history`);
    assert.deepEqual(h.json.items.map((e) => e.kind), ['created', 'note', 'assessment', 'plan', 'service', 'visit']);
  });

  it('corrections: a new event with a reason; system events are not correctable', async () => {
    const id = made.child_protection.id;
    const url = (eid) => `/api/v1/cases/${id}/events/${eid}/corrections`;
    assertError(await u.kcomm.post(url(made.note.id), { data: { text: 'Sửa' } }), 422, 'invalid_field', 'reason');
    assertError(await u.kcomm.post(url(made.note.id), { reason: 'ab', data: { text: 'Sửa' } }), 422, 'invalid_field', 'reason');
    assertError(await u.kcomm.post(url(made.note.id), { reason: 'Gõ nhầm' }), 422, 'invalid_field', 'data');
    assertError(await u.kcomm.post(url(made.note.id), { reason: 'Gõ nhầm', data: {} }), 422, 'invalid_field', 'data.text');
    assertError(await u.kcomm.post(url(made.plan.id), { reason: 'Gõ nhầm', data: { items: [{ service: 'x' }] } }),
      422, 'invalid_field', 'data.items[0].service');
    const r = await u.kcomm.post(url(made.note.id), { reason: 'Gõ nhầm tên người nhận', data: { text: 'Đã gọi cho bà nội' } });
    assertStatus(r, 201);
    assert.equal(r.json.kind, 'correction');
    assert.equal(r.json.corrects, made.note.id);
    assert.equal(r.json.reason, 'Gõ nhầm tên người nhận');
    assert.deepEqual(r.json.data, { kind: 'note', text: 'Đã gọi cho bà nội' });
    const h = await u.kcomm.get(`/api/v1/cases/${id}/history`);
    const created = h.json.items.find((e) => e.kind === 'created');
    assert.equal(h.json.items.find((e) => e.id === made.note.id).data.text, 'Đã gọi điện cho gia đình', 'the original stays');
    assertError(await u.kcomm.post(url(created.id), { reason: 'Sai', data: {} }), 409, 'not_correctable');
    assertError(await u.kcomm.post(url(r.json.id), { reason: 'Sai', data: { text: 'x' } }), 409, 'not_correctable');
    // An event of another case is not this case's.
    const other = (await u.kcomm.get(`/api/v1/cases/${made.social_assistance.id}/history`)).json.items[0].id;
    assertError(await u.kcomm.post(url(other), { reason: 'Sai', data: {} }), 404, 'not_found');
    assertError(await u.kcomm.post(url(99999999), { reason: 'Sai', data: {} }), 404, 'not_found');
  });

  it('consents: a child under 16 needs a guardian; organisations only for sharing; audited', async () => {
    const r = await create('kcomm', { type: 'child_protection', details: FACTS.child_protection,
      person: { full_name: 'Lê Thị Hoa Mai', sex: 'female', birth_date: '2014-05-06' } });
    const id = r.json.id;
    const url = `/api/v1/cases/${id}/consents`;
    const ok = { kind: 'services', given: true, given_by: 'guardian', guardian_name: 'Lê Văn Cha', date: hcmDay() };
    assertError(await u.kcomm.post(url, { ...ok, given_by: 'person', guardian_name: undefined }), 422, 'invalid_field', 'given_by');
    assertError(await u.kcomm.post(url, { ...ok, guardian_name: undefined }), 422, 'invalid_field', 'guardian_name');
    assertError(await u.kcomm.post(url, { ...ok, kind: 'everything' }), 422, 'invalid_field', 'kind');
    assertError(await u.kcomm.post(url, { ...ok, given: 'yes' }), 422, 'invalid_field', 'given');
    assertError(await u.kcomm.post(url, { ...ok, given_by: 'neighbour' }), 422, 'invalid_field', 'given_by');
    assertError(await u.kcomm.post(url, { ...ok, date: hcmDay(2) }), 422, 'invalid_field', 'date');
    assertError(await u.kcomm.post(url, { ...ok, organisations: ['Bệnh viện'] }), 422, 'invalid_field', 'organisations');
    assertError(await u.kcomm.post(url, { ...ok, colour: 1 }), 422, 'invalid_field', 'colour');
    const s = await u.kcomm.post(url, ok);
    assertStatus(s, 201);
    assert.equal(s.json.kind, 'consent');
    assert.equal(s.json.data.guardian_name, 'Lê Văn Cha');
    const sh = await u.kcomm.post(url, { ...ok, kind: 'sharing', organisations: ['Bệnh viện Đa khoa tỉnh Kon Tum'] });
    assertStatus(sh, 201);
    const c = await u.kcomm.get(`/api/v1/cases/${id}`);
    assert.deepEqual(c.json.consents, { services: true, statistics: null, sharing: true,
      sharing_orgs: ['Bệnh viện Đa khoa tỉnh Kon Tum'] });
    const no = await u.kcomm.post(url, { ...ok, kind: 'statistics', given: false });
    assertStatus(no, 201);
    assert.equal((await u.kcomm.get(`/api/v1/cases/${id}`)).json.consents.statistics, false);
    // An adult consents for themself.
    assertStatus(await u.kcomm.post(`/api/v1/cases/${made.social_assistance.id}/consents`,
      { kind: 'services', given: true, given_by: 'person', date: hcmDay() }), 201);
    const entries = (await audit('consent_record')).filter((e) => e.target === `case:${id}`);
    assert.equal(entries.length, 3);
    assert.ok(!JSON.stringify(entries).includes('Lê Văn Cha'));
  });

  // ---- persons -------------------------------------------------------------

  it('duplicates: by national id or name and birth year, only with cases the caller may read', async () => {
    const dup = (who, q) => u[who].get(`/api/v1/persons/duplicates?${new URLSearchParams(q)}`);
    const byName = await dup('kcomm2', { full_name: 'nguyen van duc', birth_year: 1950, unit: '23401' });
    assertStatus(byName, 200);
    assert.equal(byName.json.items.length, 1);
    assert.equal(byName.json.items[0].match, 'name_birth_year');
    assert.equal(byName.json.items[0].person.full_name, 'Nguyễn Văn Đức');
    assert.deepEqual(byName.json.items[0].cases, [{ id: made.duc.id, case_no: made.duc.case_no, type: 'social_assistance',
      stage: 'intake' }]);
    const byNid = await dup('kcomm2', { national_id: '062050001234' });
    assert.equal(byNid.json.items[0].match, 'national_id');
    assert.equal((await dup('kcomm2', { full_name: 'Nguyễn Văn Đức', birth_date: '1950-03-04' })).json.items.length, 1);
    assert.equal((await dup('kcomm2', { full_name: 'Nguyễn Văn Đức', birth_year: 1951 })).json.items.length, 0);
    // Same province, but the person's case is outside Đắk Rơ Nga's scope.
    assert.equal((await dup('rnga', { national_id: '062050001234' })).json.items.length, 0);
    // A restricted case's person: only for those who may read it.
    assert.equal((await dup('kcomm2', { national_id: '062190009999' })).json.items.length, 0);
    assert.equal((await dup('kcomm2', { full_name: SECRET_NAME, birth_year: 1990 })).json.items.length, 0);
    assert.equal((await dup('kdist', { national_id: '062190009999' })).json.items.length, 1);
    assertError(await dup('kcomm2', { full_name: 'Nguyễn Văn Đức' }), 422, 'invalid_field');
    assertError(await dup('kcomm2', { national_id: '12ab' }), 422, 'invalid_field', 'national_id');
    assertError(await dup('kcomm2', { national_id: '062050001234', unit: '23427' }), 403, 'out_of_scope');
    // A new case for a known person.
    const pid = byName.json.items[0].person.id;
    const again = await create('kcomm2', { type: 'child_protection', person_id: pid, details: FACTS.child_protection });
    assert.equal(again.json.person.id, pid);
    assert.equal(again.json.person.full_name, 'Nguyễn Văn Đức');
    assertError(await u.rnga.post('/api/v1/cases', { type: 'child_protection', unit_code: '23427', person_id: pid,
      details: FACTS.child_protection }), 422, 'invalid_field', 'person_id');
    const secretPid = (await u.kdist.get(`/api/v1/cases/${made.secret.id}?reason=supervision`)).json.person.id;
    assertError(await u.kcomm2.post('/api/v1/cases', { type: 'gbv', unit_code: '23401', person_id: secretPid,
      details: FACTS.gbv }), 422, 'invalid_field', 'person_id');
  });

  it('GET /codes serves every code list with vi and en labels', async () => {
    const r = await u.kcomm.get('/api/v1/codes');
    assertStatus(r, 200);
    assert.deepEqual(r.json.lists.case_type.map((e) => e.code), TYPES);
    for (const name of ['case_stage', 'urgency', 'sex', 'read_reason', 'closure_reason', 'service', 'consent_kind']) {
      assert.ok(r.json.lists[name]?.length > 0, name);
      for (const e of r.json.lists[name]) {
        assert.ok(e.code && e.vi && e.en, `${name}: ${JSON.stringify(e)}`);
      }
    }
  });

  // ---- at rest ---------------------------------------------------------------

  it('restricted narratives are sealed in the database; ordinary ones are not', async () => {
    const id = made.secret.id;
    const n = await u.kcomm.post(`/api/v1/cases/${id}/events`, { kind: 'note', text: SECRET_NOTE });
    assertStatus(n, 201);
    assert.equal(n.json.data.text, SECRET_NOTE);
    const limited = await u.kcomm2.get(`/api/v1/cases/${id}/history`);
    const seen = limited.json.items.find((e) => e.id === n.json.id);
    assert.equal(seen.data.text, null, 'a limited viewer never sees the text');
    const full = await u.kcomm.get(`/api/v1/cases/${id}/history?reason=case_work`);
    assert.equal(full.json.items.find((e) => e.id === n.json.id).data.text, SECRET_NOTE);
    const t = await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'assessment', reason: 'Lý do kín mã-kín-7788' });
    assertStatus(t, 200);
    const hist = (await u.kcomm.get(`/api/v1/cases/${id}/history?reason=case_work`)).json.items;
    assert.equal(hist.at(-1).data.reason, 'Lý do kín mã-kín-7788');
    assert.equal((await u.kcomm2.get(`/api/v1/cases/${id}/history`)).json.items.at(-1).data.reason, null);
    const bytes = dbBytes(srv.db);
    assert.ok(!bytes.includes(asBytes('mã-kín-8841')), 'the restricted summary is not in the database file');
    assert.ok(!bytes.includes(asBytes('mã-kín-5527')), 'the restricted note is not in the database file');
    assert.ok(!bytes.includes(asBytes('mã-kín-7788')), 'a transition reason is sealed too');
    assert.ok(bytes.includes(asBytes(CLEAR_SUMMARY)), 'the check can see clear text at all');
    if (haveSqlite3()) {
      assert.match(sql(srv.db, `SELECT summary FROM cases WHERE id=${id}`), /^sealed:v1:/);
      assert.match(sql(srv.db, `SELECT data FROM case_events WHERE id=${n.json.id}`), /"text":"sealed:v1:/);
      assert.match(sql(srv.db, `SELECT summary FROM cases WHERE id=${made.social_assistance.id}`), /Cần hỗ trợ gạo/);
    }
  });

  it('required facts may wait for assessment, but planning needs them', async () => {
    const r = await u.kcomm.post('/api/v1/cases', { type: 'gbv', unit_code: '23401', person: ADULT, details: {} });
    assertStatus(r, 201);
    seq += 1;
    const id = r.json.id;
    await move('kcomm', id, 'assessment');
    assertError(await u.kcomm.post(`/api/v1/cases/${id}/transitions`, { to: 'planning' }),
      422, 'invalid_field', 'details.gbv_role');
    assert.equal((await u.kcomm.get(`/api/v1/cases/${id}?reason=case_work`)).json.stage, 'assessment');
    const etag = await etagOf('kcomm', id);
    assertStatus(await u.kcomm.patch(`/api/v1/cases/${id}?reason=case_work`,
      { details: { gbv_role: 'victim' } }, { 'if-match': etag }), 200);
    await move('kcomm', id, 'planning');
    // Once planned, a required fact cannot be taken away.
    assertError(await u.kcomm.patch(`/api/v1/cases/${id}?reason=case_work`,
      { details: { gbv_role: null } }, { 'if-match': await etagOf('kcomm', id) }), 422, 'invalid_field', 'details.gbv_role');
  });
});
