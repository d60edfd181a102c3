// Facilities and their residents (docs/network.md §Facilities, §Residents;
// API.md §facilities): the register's fields and checks, occupancy counted
// from open stays, admissions that need an override when full, discharges,
// the case's current facility, facility history and the audit trail.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS, hcmDay } from './cases_helpers.mjs';

const USERS = [
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'tb', role: 'province', scope: '34', password: 'tb-pass-12345' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
  { username: 'admin', role: 'admin', password: 'admin-pass-123' },
  { username: 'viewer', role: 'viewer', scope: '62', password: 'viewer-pass-1' },
  { username: 'nviewer', role: 'viewer', password: 'nviewer-pass-1' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
];
const CHILD = (n) => ({ full_name: `Trẻ Em Số ${n}`, sex: 'female', birth_year: 2014 });
const FAC = { name: 'Trung tâm Công tác xã hội Kon Tum', type: 'fac_general', ownership: 'public', unit_code: '62', capacity: 2, licence_no: 'GP-01', licence_date: '2020-01-15' };

describe('facilities and residents', () => {
  let srv; const u = {}; let n = 0;
  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
  });
  after(async () => { await stopChecked(srv); });

  const newCase = async (who = 'kcomm', over = {}) => {
    const r = await u[who].post('/api/v1/cases', { type: 'child_protection', unit_code: '23401', person: CHILD(++n), details: FACTS.child_protection, ...over });
    assertStatus(r, 201); return r.json;
  };
  const newFacility = async (over = {}) => {
    const r = await u.prov.post('/api/v1/facilities', { ...FAC, ...over });
    assertStatus(r, 201); return r.json;
  };
  const admit = (who, fid, body) => u[who].post(`/api/v1/facilities/${fid}/residents`, { admission_kind: 'ordinary', reason: 'Không còn người chăm sóc', decided_by: 'Quyết định 12/QĐ-UBND', ...body });
  const audit = async (action) => (await u.auditor.get(`/api/v1/audit?action=${action}&page_size=200`)).json.items;

  it('POST /facilities → 201 with kind, occupancy, ETag; GET answers residents and occupancy', async () => {
    const r = await u.prov.post('/api/v1/facilities', FAC);
    assertStatus(r, 201);
    assert.match(r.headers.get('etag'), /^"f\d+-1"$/);
    const f = r.json;
    assert.equal(f.kind, 'facility'); assert.equal(f.unit_code, '62'); assert.ok(f.unit_name);
    assert.equal(f.residents, 0); assert.equal(f.occupancy, 0); assert.equal(f.over_capacity, false);
    assert.equal(f.licence_missing, false); assert.equal(f.status, 'active'); assert.equal(f.version, 1);
    const g = await u.prov.get(`/api/v1/facilities/${f.id}`);
    assertStatus(g, 200); assert.equal(g.json.name, FAC.name); assert.equal(g.json.residents, 0);
    const sp = await newFacility({ name: 'Văn phòng CTXH', type: 'sp_cp_office', capacity: null, licence_no: null });
    assert.equal(sp.kind, 'service_point'); assert.equal(sp.occupancy, null); assert.equal(sp.licence_missing, false);
    const nolic = await newFacility({ name: 'Cơ sở chưa phép', licence_no: undefined, licence_date: undefined });
    assert.equal(nolic.licence_missing, true);
    const a = await audit('facility_create');
    assert.ok(a.some((e) => e.target === `facility:${f.id}`));
  });

  it('every bad field is a 422 naming it; out-of-scope unit 403; nothing stored', async () => {
    const before = (await u.prov.get('/api/v1/facilities?page_size=200')).json.total;
    const bad = [
      [{ name: 'x' }, 'name'], [{ name: undefined }, 'name'], [{ type: 'nope' }, 'type'],
      [{ ownership: 'private' }, 'ownership'], [{ unit_code: '99999' }, 'unit_code'],
      [{ capacity: -1 }, 'capacity'], [{ capacity: 100001 }, 'capacity'], [{ capacity: 'ten' }, 'capacity'],
      [{ licence_date: '2020-02-30' }, 'licence_date'], [{ licence_date: hcmDay(5) }, 'licence_date'],
      [{ licence_no: 'x'.repeat(51) }, 'licence_no'], [{ status: 'open' }, 'status'],
      [{ sw_standard: 'yes' }, 'sw_standard'], [{ note: 'x'.repeat(2001) }, 'note'], [{ colour: 'red' }, 'colour'],
    ];
    for (const [over, field] of bad) assertError(await u.prov.post('/api/v1/facilities', { ...FAC, ...over }), 422, 'invalid_field', field);
    assertError(await u.prov.post('/api/v1/facilities', { ...FAC, unit_code: '34' }), 403, 'out_of_scope');
    assert.equal((await u.prov.get('/api/v1/facilities?page_size=200')).json.total, before);
  });

  it('PATCH changes fields with If-Match (412 when stale), records history old/new; list filters', async () => {
    const f = await newFacility({ name: 'Cơ sở Đổi Tên' });
    assertError(await u.prov.patch(`/api/v1/facilities/${f.id}`, { capacity: 5 }, { 'if-match': '"f1-99"' }), 412, 'stale');
    const r = await u.prov.patch(`/api/v1/facilities/${f.id}`, { capacity: 10, status: 'suspended', note: null }, { 'if-match': `"f${f.id}-1"` });
    assertStatus(r, 200); assert.equal(r.json.capacity, 10); assert.equal(r.json.version, 2); assert.equal(r.json.status, 'suspended');
    assertError(await u.prov.patch(`/api/v1/facilities/${f.id}`, { type: 'zzz' }), 422, 'invalid_field', 'type');
    const h = await u.prov.get(`/api/v1/facilities/${f.id}/history`);
    assertStatus(h, 200);
    assert.deepEqual(h.json.items.map((e) => e.kind), ['created', 'updated']);
    assert.deepEqual(h.json.items[1].data.capacity, { old: 2, new: 10 });
    const l = await u.prov.get('/api/v1/facilities?status=suspended&q=doi ten');
    assertStatus(l, 200); assert.equal(l.json.total, 1); assert.equal(l.json.items[0].id, f.id);
    assert.equal((await u.prov.get('/api/v1/facilities?kind=service_point')).json.items.every((x) => x.kind === 'service_point'), true);
    assertError(await u.prov.get('/api/v1/facilities?kind=x'), 422, 'invalid_field', 'kind');
    assertError(await u.prov.get('/api/v1/facilities?type=x'), 422, 'invalid_field', 'type');
    assert.ok((await audit('facility_update')).some((e) => e.target === `facility:${f.id}`));
  });

  it('admission counts residents and occupancy, sets the case facility, appends events; discharge clears it', async () => {
    const f = await newFacility({ name: 'Cơ sở Tiếp Nhận' });
    const c = await newCase();
    const r = await admit('kcomm', f.id, { case_id: c.id, admitted_on: hcmDay(-3) });
    assertStatus(r, 201);
    const s = r.json;
    assert.equal(s.current, true); assert.equal(s.case_id, c.id); assert.equal(s.person.full_name, c.person.full_name);
    const g = (await u.prov.get(`/api/v1/facilities/${f.id}`)).json;
    assert.equal(g.residents, 1); assert.equal(g.occupancy, 0.5);
    const cs = (await u.kcomm.get(`/api/v1/cases/${c.id}`)).json;
    assert.deepEqual(cs.facility, { id: f.id, name: f.name });
    const ev = (await u.kcomm.get(`/api/v1/cases/${c.id}/history`)).json.items.map((e) => e.kind);
    assert.ok(ev.includes('admission'));
    const list = await u.prov.get(`/api/v1/facilities/${f.id}/residents?current=true`);
    assertStatus(list, 200); assert.equal(list.json.total, 1);
    // already resident anywhere
    const f2 = await newFacility({ name: 'Cơ sở Khác' });
    assertError(await admit('kcomm', f2.id, { case_id: c.id }), 409, 'already_resident');
    // discharge: date before admission 422, then 200, then 409
    assertError(await u.kcomm.post(`/api/v1/residents/${s.id}/discharge`, { reason: 'returned_family', discharged_on: hcmDay(-4) }), 422, 'invalid_field', 'discharged_on');
    assertError(await u.kcomm.post(`/api/v1/residents/${s.id}/discharge`, { reason: 'gone' }), 422, 'invalid_field', 'reason');
    assertError(await u.kcomm.post(`/api/v1/residents/${s.id}/discharge`, { reason: 'returned_family', discharged_on: hcmDay(2) }), 422, 'invalid_field', 'discharged_on');
    const d = await u.kcomm.post(`/api/v1/residents/${s.id}/discharge`, { reason: 'returned_family', discharged_on: hcmDay(), note: 'Về với bà' });
    assertStatus(d, 200); assert.equal(d.json.current, false); assert.equal(d.json.discharge_reason, 'returned_family');
    assertError(await u.kcomm.post(`/api/v1/residents/${s.id}/discharge`, { reason: 'returned_family' }), 409, 'already_discharged');
    assert.equal((await u.prov.get(`/api/v1/facilities/${f.id}`)).json.residents, 0);
    assert.equal((await u.kcomm.get(`/api/v1/cases/${c.id}`)).json.facility, null);
    assert.ok((await u.kcomm.get(`/api/v1/cases/${c.id}/history`)).json.items.some((e) => e.kind === 'discharge'));
    const hist = (await u.prov.get(`/api/v1/facilities/${f.id}/history`)).json.items;
    assert.deepEqual(hist.map((e) => e.kind), ['created', 'admission', 'discharge']);
    assert.equal(hist[1].data.case_no, c.case_no);
    assert.equal((await u.prov.get(`/api/v1/facilities/${f.id}/residents`)).json.total, 1);
    assert.equal((await u.prov.get(`/api/v1/facilities/${f.id}/residents?current=true`)).json.total, 0);
    const ad = (await audit('resident_admit')).find((e) => e.target === `stay:${s.id}`);
    assert.ok(ad); assert.doesNotMatch(JSON.stringify(ad.detail ?? ''), /Không còn|Trẻ Em/);
    assert.ok((await audit('resident_discharge')).some((e) => e.target === `stay:${s.id}`));
  });

  it('over capacity needs over_capacity_reason (audited); closed facility and closed case are 409', async () => {
    const f = await newFacility({ name: 'Cơ sở Nhỏ', capacity: 1 });
    const [c1, c2] = [await newCase(), await newCase()];
    assertStatus(await admit('kcomm', f.id, { case_id: c1.id }), 201);
    assertError(await admit('kcomm', f.id, { case_id: c2.id }), 409, 'over_capacity');
    assertError(await admit('kcomm', f.id, { case_id: c2.id, over_capacity_reason: 'x' }), 422, 'invalid_field', 'over_capacity_reason');
    const r = await admit('kcomm', f.id, { case_id: c2.id, over_capacity_reason: 'Khẩn cấp, không còn nơi khác' });
    assertStatus(r, 201); assert.equal(r.json.over_capacity_reason, 'Khẩn cấp, không còn nơi khác');
    const g = (await u.prov.get(`/api/v1/facilities/${f.id}`)).json;
    assert.equal(g.residents, 2); assert.equal(g.occupancy, 2); assert.equal(g.over_capacity, true);
    assert.ok((await audit('facility_over_capacity')).some((e) => e.target === `stay:${r.json.id}`));
    const closed = await newFacility({ name: 'Cơ sở Đóng', status: 'closed' });
    assertError(await admit('kcomm', closed.id, { case_id: (await newCase()).id }), 409, 'facility_closed');
    const sp = await newFacility({ name: 'Điểm tư vấn', type: 'sp_drug_counselling' });
    assertError(await admit('kcomm', sp.id, { case_id: (await newCase()).id }), 409, 'not_residential');
  });

  it('admission input: every bad field 422 naming it; unknown case or facility 404', async () => {
    const f = await newFacility({ name: 'Cơ sở Kiểm Tra', capacity: 50 });
    const c = await newCase();
    for (const [body, field] of [
      [{ case_id: 'x' }, 'case_id'], [{ case_id: c.id, reason: 'ab' }, 'reason'], [{ case_id: c.id, decided_by: 'a' }, 'decided_by'],
      [{ case_id: c.id, admission_kind: 'forced' }, 'admission_kind'], [{ case_id: c.id, admitted_on: hcmDay(1) }, 'admitted_on'],
      [{ case_id: c.id, admitted_on: '31/02/2025' }, 'admitted_on'], [{ case_id: c.id, extra: 1 }, 'extra'],
    ]) assertError(await admit('kcomm', f.id, body), 422, 'invalid_field', field);
    assertError(await admit('kcomm', f.id, { case_id: 999999 }), 404, 'not_found');
    assertError(await admit('kcomm', 999999, { case_id: c.id }), 404, 'not_found');
    assert.equal((await u.prov.get(`/api/v1/facilities/${f.id}`)).json.residents, 0);
  });

  it('restricted cases show person null and no free text in the residents list', async () => {
    const f = await newFacility({ name: 'Nhà tạm lánh', capacity: 10 });
    const c = await newCase('kcomm', { restricted: true });
    const s = await admit('kcomm', f.id, { case_id: c.id, reason: 'Bị cha dượng xâm hại tại nhà', decided_by: 'Chủ tịch Nguyễn Văn Quyết' });
    assertStatus(s, 201);
    assert.equal(s.json.decided_by, null, 'who decided may name the person or the place');
    const d = await u.kcomm.post(`/api/v1/residents/${s.json.id}/discharge`, { reason: 'transferred', decided_by: 'Giám đốc Trần Thị Định' });
    assertStatus(d, 200);
    assert.equal(d.json.discharge_decided_by, null);
    const l = (await u.prov.get(`/api/v1/facilities/${f.id}/residents`)).json.items;
    assert.equal(l[0].person, null); assert.equal(l[0].identity_hidden, true);
    assert.equal(l[0].reason, null, 'the admission reason may tell what happened');
    assert.deepEqual([l[0].decided_by, l[0].discharge_decided_by], [null, null]);
    assert.deepEqual([l[0].admitted_on, l[0].discharge_reason], [hcmDay(), 'transferred'], 'codes and dates stay');
    assert.doesNotMatch(JSON.stringify(l), /Trẻ Em|cha dượng|Quyết|Định/);
    // an open case's stay shows who decided
    const open = await admit('kcomm', f.id, { case_id: (await newCase()).id, decided_by: 'Chủ tịch UBND xã' });
    assert.equal(open.json.decided_by, 'Chủ tịch UBND xã');
  });

  // The history's admissions and discharges name a stay and a case
  // number: only for those who may read the residents list.
  it('history: stay events carry their case only for residents readers; viewers see small counts as "<5"', async () => {
    const f = await newFacility({ name: 'Cơ sở Có Lịch Sử', capacity: 10 });
    const c = await newCase();
    const s = await admit('kcomm', f.id, { case_id: c.id });
    assertStatus(s, 201);
    assertStatus(await u.kcomm.post(`/api/v1/residents/${s.json.id}/discharge`, { reason: 'returned_family' }), 200);
    const full = (await u.prov.get(`/api/v1/facilities/${f.id}/history`)).json.items;
    assert.deepEqual(full.map((e) => e.kind), ['created', 'admission', 'discharge']);
    assert.deepEqual(full.slice(1).map((e) => [e.data.stay_id, e.data.case_no]), [[s.json.id, c.case_no], [s.json.id, c.case_no]]);
    for (const who of ['viewer', 'nviewer', 'hot']) {
      const h = await u[who].get(`/api/v1/facilities/${f.id}/history`);
      assertStatus(h, 200);
      assert.deepEqual(h.json.items.map((e) => e.kind), ['created', 'admission', 'discharge'], who);
      assert.deepEqual(h.json.items.slice(1).map((e) => e.data), [{}, {}], who);
      assert.equal(h.json.items[0].data.type, 'fac_general', `${who}: the facility's own events stay`);
      assert.doesNotMatch(h.text, new RegExp(c.case_no), who);
    }
    // residents: 0 and 5 or more exact for everyone, 1–4 "<5" for viewers
    const residents = async (who) => { const g = (await u[who].get(`/api/v1/facilities/${f.id}`)).json; return [g.residents, g.occupancy]; };
    assert.deepEqual(await residents('viewer'), [0, 0]);
    for (let i = 1; i <= 5; i++) {
      assertStatus(await admit('kcomm', f.id, { case_id: (await newCase()).id }), 201);
      assert.deepEqual(await residents('prov'), [i, i / 10]);
      for (const who of ['viewer', 'nviewer'])
        assert.deepEqual(await residents(who), i < 5 ? ['<5', null] : [5, 0.5], `${who} with ${i} residents`);
      if (i === 4) {
        const row = (await u.viewer.get('/api/v1/facilities?q=co lich su')).json.items.find((x) => x.id === f.id);
        assert.deepEqual([row.residents, row.occupancy], ['<5', null], 'the list masks too');
      }
    }
  });

  it('admin and auditor 403 on the network; viewer reads facilities but not residents', async () => {
    const f = await newFacility({ name: 'Cơ sở Quyền' });
    for (const who of ['admin', 'auditor']) {
      assertError(await u[who].get('/api/v1/facilities'), 403, 'forbidden');
      assertError(await u[who].get(`/api/v1/facilities/${f.id}`), 403, 'forbidden');
      assertError(await u[who].post('/api/v1/facilities', FAC), 403, 'forbidden');
    }
    assertStatus(await u.viewer.get(`/api/v1/facilities/${f.id}`), 200);
    assertError(await u.viewer.post('/api/v1/facilities', FAC), 403, 'forbidden');
    assertError(await u.viewer.patch(`/api/v1/facilities/${f.id}`, { capacity: 3 }), 403, 'forbidden');
    assertError(await u.viewer.get(`/api/v1/facilities/${f.id}/residents`), 403, 'forbidden');
    assertError(await u.tb.get(`/api/v1/facilities/${f.id}`), 404, 'not_found');
  });

  it('format=csv on GET /facilities answers the export', async () => {
    await newFacility({ name: 'Cơ sở Xuất CSV' });
    const r = await u.prov.get('/api/v1/facilities?format=csv');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    assert.match(r.text, /Cơ sở Xuất CSV/);
    assertError(await u.prov.get('/api/v1/facilities?format=xml'), 422, 'invalid_field', 'format');
  });
});
