// Who reaches what of the service network (docs/network.md §Roles,
// §Facility scope): facility users see their own facility and their
// current residents' cases only; commune users see the facilities of the
// units above them and may admit into them, but not edit them or read
// their residents; hotline users have no business with residents.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PG } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS, haveSqlite3, sql } from './cases_helpers.mjs';

const USERS = [
  { username: 'admin', role: 'admin', password: 'admin-pass-123' },
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
];
const FAC = { type: 'fac_children', ownership: 'public', capacity: 20 };

describe('network access', () => {
  let srv; const u = {}; let centre, other, facUserId, n = 0;
  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    centre = (await u.prov.post('/api/v1/facilities', { ...FAC, name: 'Trung tâm Bảo trợ Tỉnh', unit_code: '62' })).json;
    other = (await u.prov.post('/api/v1/facilities', { ...FAC, name: 'Cơ sở Đắk Rơ Nga', unit_code: '23427' })).json;
    const r = await u.admin.post('/api/v1/users', { username: 'fac', full_name: 'Nhân viên trung tâm', password: 'fac-pass-1234', role: 'facility', facility_id: centre.id });
    assertStatus(r, 201);
    assert.equal(r.json.facility_id, centre.id); assert.equal(r.json.scope.code, '62');
    facUserId = r.json.id;
    u.fac = await loginAs(srv.url, 'fac', 'fac-pass-1234');
  });
  after(async () => { await stopChecked(srv); });
  const newCase = async (who = 'kcomm', unit = '23401') => {
    const r = await u[who].post('/api/v1/cases', { type: 'child_protection', unit_code: unit, person: { full_name: `Cháu Số ${++n}`, sex: 'male', birth_year: 2015 }, details: FACTS.child_protection });
    assertStatus(r, 201); return r.json;
  };
  const admit = (who, fid, case_id) => u[who].post(`/api/v1/facilities/${fid}/residents`, { case_id, reason: 'Bị bỏ rơi', decided_by: 'Chủ tịch UBND xã' });

  it('facility users: POST /users checks facility_id; GET /me has the facility scope', async () => {
    assertError(await u.admin.post('/api/v1/users', { username: 'fac2', full_name: 'X', password: 'fac-pass-1234', role: 'facility', facility_id: 999999 }), 422, 'invalid_field', 'facility_id');
    assertError(await u.admin.post('/api/v1/users', { username: 'fac3', full_name: 'X', password: 'fac-pass-1234', role: 'commune', scope_unit: '23401', facility_id: centre.id }), 422, 'invalid_field', 'facility_id');
    assertError(await u.admin.post('/api/v1/users', { username: 'fac4', full_name: 'X', password: 'fac-pass-1234', role: 'facility', scope_unit: '23401', facility_id: centre.id }), 422, 'invalid_field', 'scope_unit');
    const me = (await u.fac.get('/api/v1/me')).json;
    assert.deepEqual({ kind: me.scope.kind, id: me.scope.id, name: me.scope.name, code: me.scope.code }, { kind: 'facility', id: centre.id, name: centre.name, code: '62' });
    assert.equal((await u.kcomm.get('/api/v1/me')).json.scope.kind, 'unit');
  });

  it('a facility user sees only its facility; others 404; no writes on facilities', async () => {
    const l = await u.fac.get('/api/v1/facilities');
    assertStatus(l, 200); assert.deepEqual(l.json.items.map((x) => x.id), [centre.id]);
    assertStatus(await u.fac.get(`/api/v1/facilities/${centre.id}`), 200);
    assertStatus(await u.fac.get(`/api/v1/facilities/${centre.id}/residents`), 200);
    assertError(await u.fac.get(`/api/v1/facilities/${other.id}`), 404, 'not_found');
    assertError(await u.fac.get(`/api/v1/facilities/${other.id}/residents`), 404, 'not_found');
    assertError(await u.fac.patch(`/api/v1/facilities/${centre.id}`, { capacity: 1 }), 403, 'forbidden');
    assertError(await u.fac.post('/api/v1/facilities', { ...FAC, name: 'Mới', unit_code: '62' }), 403, 'forbidden');
  });

  it('a commune sees the provincial centre and admits into it, but cannot edit it or list its residents', async () => {
    const l = (await u.kcomm.get('/api/v1/facilities')).json.items.map((x) => x.id);
    assert.ok(l.includes(centre.id)); assert.ok(!l.includes(other.id));
    assertStatus(await u.kcomm.get(`/api/v1/facilities/${centre.id}`), 200);
    assertError(await u.kcomm.get(`/api/v1/facilities/${other.id}`), 404, 'not_found');
    assertError(await u.kcomm.patch(`/api/v1/facilities/${centre.id}`, { capacity: 1 }), 404, 'not_found');
    assertError(await u.kcomm.get(`/api/v1/facilities/${centre.id}/residents`), 404, 'not_found');
    assertError(await u.kcomm.get(`/api/v1/facilities/${centre.id}/history`), 404, 'not_found');
    const c = await newCase();
    assertStatus(await admit('kcomm', centre.id, c.id), 201);
    // another commune cannot admit a case it does not see
    assertError(await admit('rnga', centre.id, (await newCase()).id), 404, 'not_found');
  });

  it('a facility user sees its current residents\u2019 cases (owned by another unit) and loses them after discharge', async () => {
    const c = await newCase('rnga', '23427');
    assertError(await u.fac.get(`/api/v1/cases/${c.id}`), 404, 'not_found');
    const s = await admit('rnga', centre.id, c.id);
    assertStatus(s, 201);
    const g = await u.fac.get(`/api/v1/cases/${c.id}`);
    assertStatus(g, 200); assert.equal(g.json.facility.id, centre.id);
    assert.ok((await u.fac.get('/api/v1/cases')).json.items.some((x) => x.id === c.id));
    assert.ok((await u.fac.get(`/api/v1/facilities/${centre.id}/residents?current=true`)).json.items.some((x) => x.case_id === c.id));
    assertStatus(await u.fac.post(`/api/v1/residents/${s.json.id}/discharge`, { reason: 'returned_family' }), 200);
    assertError(await u.fac.get(`/api/v1/cases/${c.id}`), 404, 'not_found');
    assert.equal((await u.fac.get('/api/v1/cases')).json.items.some((x) => x.id === c.id), false);
    // the stay stays in the register
    assert.ok((await u.fac.get(`/api/v1/facilities/${centre.id}/residents`)).json.items.some((x) => x.case_id === c.id));
  });

  // A facility user who took a resident's case over kept it after the
  // discharge (casework_view shows a facility user the cases assigned to
  // it): staff may not assign, nor be assigned (docs/network.md §Decisions).
  it('a facility user may not assign a case, nor be its assignee; after discharge the case is gone', async () => {
    const c = await newCase();
    const s = await admit('kcomm', centre.id, c.id);
    assertStatus(s, 201);
    const kcommId = (await u.kcomm.get('/api/v1/me')).json.id;
    const g = await u.fac.get(`/api/v1/cases/${c.id}`);
    assertStatus(g, 200);
    for (const to of [facUserId, kcommId, null])
      assertError(await u.fac.patch(`/api/v1/cases/${c.id}`, { assigned_to: to }, { 'if-match': g.headers.get('etag') }), 403, 'forbidden', 'assigned_to');
    const k = await u.kcomm.get(`/api/v1/cases/${c.id}`);
    assertError(await u.kcomm.patch(`/api/v1/cases/${c.id}`, { assigned_to: facUserId }, { 'if-match': k.headers.get('etag') }), 422, 'invalid_field', 'assigned_to');
    assertError(await u.prov.post('/api/v1/cases', { type: 'child_protection', unit_code: '23401', person: { full_name: 'Cháu Giao Nhầm', sex: 'male', birth_year: 2016 }, details: FACTS.child_protection, assigned_to: facUserId }), 422, 'invalid_field', 'assigned_to');
    const after = await u.fac.get(`/api/v1/cases/${c.id}`);
    assertStatus(after, 200); assert.equal(after.json.assigned_to, kcommId);
    assertStatus(await u.fac.post(`/api/v1/residents/${s.json.id}/discharge`, { reason: 'returned_family' }), 200);
    assertError(await u.fac.get(`/api/v1/cases/${c.id}`), 404, 'not_found');
  });

  // The list used to scan the tree's first 10 000 placements, newest
  // first, for the facility's ones: an older placement of a resident was
  // never found once the tree held more.
  it('a facility user lists its residents\u2019 placements however many the tree holds', { skip: !PG && !haveSqlite3() && 'no sqlite3 shell' }, async () => {
    const resident = await newCase('rnga', '23427');
    assertStatus(await admit('rnga', centre.id, resident.id), 201);
    const p = await u.rnga.post('/api/v1/placements', { case_id: resident.id, form: 'residential_care', facility_id: centre.id, start_on: '2020-01-01' });
    assertStatus(p, 201);
    const busy = await newCase('kcomm');
    sql(srv.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10100)
       INSERT INTO placements (case_id, form, start_on, next_review_on, end_on, end_reason, unit_tree, unit_code, unit_path, created_at, version)
       SELECT c.id, 'emergency_care', '2025-01-01', '2025-07-01', '2025-02-01', 'other', c.unit_tree, c.unit_code, c.unit_path, 1, 1
       FROM n, cases c WHERE c.id = ${busy.id}`, { write: true });
    assert.equal((await u.prov.get('/api/v1/placements?page_size=1')).json.total >= 10101, true);
    const l = await u.fac.get('/api/v1/placements');
    assertStatus(l, 200);
    assert.deepEqual(l.json.items.map((x) => x.id), [p.json.id]);
    assert.equal(l.json.total, 1);
    const one = await u.fac.get(`/api/v1/placements?page=2&page_size=1`);
    assert.deepEqual([one.json.items.length, one.json.total], [0, 1]);
  });

  it('hotline gets 403 on residents; facility users 403 on carers', async () => {
    const c = await newCase();
    assertError(await u.hot.post(`/api/v1/facilities/${centre.id}/residents`, { case_id: c.id, reason: 'abc', decided_by: 'ab' }), 403, 'forbidden');
    assertError(await u.hot.get(`/api/v1/facilities/${centre.id}/residents`), 403, 'forbidden');
    assertError(await u.hot.post('/api/v1/residents/1/discharge', { reason: 'other' }), 403, 'forbidden');
    assertError(await u.fac.get('/api/v1/carers'), 403, 'forbidden');
  });
});
