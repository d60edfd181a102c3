// Who reaches what of the service network (docs/network.md §Roles,
// §Facility scope): facility users see their own facility and their
// current residents' cases only; commune users see the facilities of the
// units above them and may admit into them, but not edit them or read
// their residents; hotline users have no business with residents.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS } from './cases_helpers.mjs';

const USERS = [
  { username: 'admin', role: 'admin', password: 'admin-pass-123' },
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
];
const FAC = { type: 'fac_children', ownership: 'public', capacity: 20 };

describe('network access', () => {
  let srv; const u = {}; let centre, other, n = 0;
  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    centre = (await u.prov.post('/api/v1/facilities', { ...FAC, name: 'Trung tâm Bảo trợ Tỉnh', unit_code: '62' })).json;
    other = (await u.prov.post('/api/v1/facilities', { ...FAC, name: 'Cơ sở Đắk Rơ Nga', unit_code: '23427' })).json;
    const r = await u.admin.post('/api/v1/users', { username: 'fac', full_name: 'Nhân viên trung tâm', password: 'fac-pass-1234', role: 'facility', facility_id: centre.id });
    assertStatus(r, 201);
    assert.equal(r.json.facility_id, centre.id); assert.equal(r.json.scope.code, '62');
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

  it('hotline gets 403 on residents; facility users 403 on carers', async () => {
    const c = await newCase();
    assertError(await u.hot.post(`/api/v1/facilities/${centre.id}/residents`, { case_id: c.id, reason: 'abc', decided_by: 'ab' }), 403, 'forbidden');
    assertError(await u.hot.get(`/api/v1/facilities/${centre.id}/residents`), 403, 'forbidden');
    assertError(await u.hot.post('/api/v1/residents/1/discharge', { reason: 'other' }), 403, 'forbidden');
    assertError(await u.fac.get('/api/v1/carers'), 403, 'forbidden');
  });
});
