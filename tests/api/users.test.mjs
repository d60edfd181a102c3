// User management by admins (API.md §Users, DESIGN.md §4 scope rules).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { raw, assertError, assertStatus, assertNoSecrets, loginAs, subtreeCodes, scopeCode, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'admin', full_name: 'Quản trị quốc gia', role: 'admin', password: 'admin-pass-123' },
  { username: 'prov', full_name: 'Sở Kon Tum', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'padmin', full_name: 'Quản trị Kon Tum', role: 'admin', scope: '62', password: 'padmin-pass-1' },
  { username: 'tb', full_name: 'Sở Thái Bình', role: 'province', scope: '34', password: 'tb-pass-12345' },
  { username: 'kdist', full_name: 'Huyện Đắk Tô', role: 'district', scope: '612', password: 'kdist-pass-1' },
  { username: 'kcomm', full_name: 'TT Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
];

describe('users', () => {
  let srv, admin, padmin, prov;
  const ids = {};
  before(async () => {
    srv = await startServer({ users: USERS });
    admin = await loginAs(srv.url, 'admin', 'admin-pass-123');
    padmin = await loginAs(srv.url, 'padmin', 'padmin-pass-1');
    prov = await loginAs(srv.url, 'prov', 'prov-pass-123');
  });
  after(async () => { await stopChecked(srv); });

  const newUser = (over = {}) => ({
    username: 'newbie', full_name: 'Người Mới', password: 'newbie-pass-1', role: 'district', scope_unit: '612', ...over,
  });

  it('a national admin lists every user: 200 {items,total}, no secrets', async () => {
    const r = await admin.get('/api/v1/users?page_size=200');
    assertStatus(r, 200);
    assert.ok(Array.isArray(r.json.items));
    assert.equal(r.json.total, USERS.length);
    assert.deepEqual(r.json.items.map((u) => u.username).sort(), USERS.map((u) => u.username).sort());
    for (const u of r.json.items) ids[u.username] = u.id;
    const tb = r.json.items.find((u) => u.username === 'tb');
    assert.equal(tb.role, 'province');
    assert.equal(scopeCode(tb), '34');
    assert.equal(tb.full_name, 'Sở Thái Bình');
    assertNoSecrets(r.json, 'GET /users');
    assert.ok(!r.text.includes('tb-pass-12345'));
  });

  it('POST /users answers 201 with the user, never a password or hash', async () => {
    const r = await admin.post('/api/v1/users', newUser());
    assertStatus(r, 201);
    assert.equal(r.json.username, 'newbie');
    assert.equal(r.json.full_name, 'Người Mới');
    assert.equal(r.json.role, 'district');
    assert.equal(scopeCode(r.json), '612');
    assert.equal(r.json.active, true);
    assert.ok(r.json.id !== undefined && r.json.id !== null);
    ids.newbie = r.json.id;
    assertNoSecrets(r.json, 'POST /users');
    assert.ok(!r.text.includes('newbie-pass-1'));
    const one = await admin.get(`/api/v1/users/${r.json.id}`);
    assertStatus(one, 200);
    assert.equal(one.json.username, 'newbie');
    assertNoSecrets(one.json, 'GET /users/ID');
    await loginAs(srv.url, 'newbie', 'newbie-pass-1');
  });

  it('POST /users rejects a taken name, a weak password, an unknown role or unit', async () => {
    assertError(await admin.post('/api/v1/users', newUser({ username: 'prov' })), 409, 'username_taken');
    assertError(await admin.post('/api/v1/users', newUser({ username: 'weak1', password: '123456789' })),
      422, 'weak_password', 'password');
    assertError(await admin.post('/api/v1/users', newUser({ username: 'weak2', password: 'abcdefghi' })),
      422, 'weak_password', 'password');
    assertError(await admin.post('/api/v1/users', newUser({ username: 'badrole', role: 'emperor' })),
      422, undefined, 'role');
    assertError(await admin.post('/api/v1/users', newUser({ username: 'badunit', scope_unit: '99999' })),
      422, undefined, 'scope_unit');
    assertError(await admin.post('/api/v1/users', newUser({ username: 'noscope', role: 'province', scope_unit: undefined })),
      422, undefined, 'scope_unit');
    assertError(await admin.post('/api/v1/users', newUser({ username: 'samename12', password: 'SameName12' })),
      422, 'weak_password', 'password');
    assertError(await admin.post('/api/v1/users', newUser({ username: 'Bad Name!' })), 422, undefined, 'username');
    const list = await admin.get('/api/v1/users?page_size=200');
    for (const n of ['weak1', 'weak2', 'badrole', 'badunit', 'noscope', 'samename12']) {
      assert.ok(!list.json.items.some((u) => u.username === n), `${n} must not have been created`);
    }
  });

  it('PATCH /users/ID changes role, scope, active and password', async () => {
    const id = ids.newbie;
    assert.ok(id !== undefined, 'created by the POST test');
    const role = await admin.patch(`/api/v1/users/${id}`, { role: 'commune', scope_unit: '23401' });
    assertStatus(role, 200);
    assert.equal(role.json.role, 'commune');
    assert.equal(scopeCode(role.json), '23401');
    assertNoSecrets(role.json, 'PATCH /users/ID');
    const off = await admin.patch(`/api/v1/users/${id}`, { active: false });
    assertStatus(off, 200);
    assert.equal(off.json.active, false);
    assertError(await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'newbie', password: 'newbie-pass-1' } }), 401);
    const on = await admin.patch(`/api/v1/users/${id}`, { active: true });
    assertStatus(on, 200);
    assert.equal(on.json.active, true);
    const before = await loginAs(srv.url, 'newbie', 'newbie-pass-1');
    assertStatus(await before.get('/api/v1/me'), 200);
    const pw = await admin.patch(`/api/v1/users/${id}`, { password: 'brand-new-pass-2' });
    assertStatus(pw, 200);
    assert.ok(!pw.text.includes('brand-new-pass-2'));
    assertNoSecrets(pw.json, 'PATCH password');
    assertError(await before.get('/api/v1/me'), 401);
    assertError(await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'newbie', password: 'newbie-pass-1' } }),
      401, 'invalid_credentials');
    const c = await loginAs(srv.url, 'newbie', 'brand-new-pass-2');
    const me = await c.get('/api/v1/me');
    assert.equal(me.json.role, 'commune');
    assert.equal(me.json.scope.code, '23401');
    assertError(await admin.patch(`/api/v1/users/${id}`, { password: 'short' }), 422, 'weak_password', 'password');
    assertError(await admin.patch(`/api/v1/users/${id}`, { role: 'emperor' }), 422, undefined, 'role');
    assertError(await admin.patch(`/api/v1/users/${id}`, { scope_unit: '99999' }), 422, undefined, 'scope_unit');
    assertError(await admin.patch('/api/v1/users/987654', { active: false }), 404, 'not_found');
  });

  it('PATCH with a stale If-Match answers 412 stale', async () => {
    const one = await admin.get(`/api/v1/users/${ids.kdist}`);
    assertStatus(one, 200);
    const etag = one.headers.get('etag');
    assert.ok(etag, 'GET /users/ID carries an ETag');
    const r = await admin.patch(`/api/v1/users/${ids.kdist}`, { full_name: 'Huyện Đắk Tô (sửa)' }, { 'if-match': etag });
    assertStatus(r, 200);
    assert.equal(r.json.full_name, 'Huyện Đắk Tô (sửa)');
    assert.notEqual(r.headers.get('etag'), etag);
    assertError(await admin.patch(`/api/v1/users/${ids.kdist}`, { full_name: 'Lost update' }, { 'if-match': etag }), 412, 'stale');
    assert.equal((await admin.get(`/api/v1/users/${ids.kdist}`)).json.full_name, 'Huyện Đắk Tô (sửa)');
  });

  it('full names are stored in NFC', async () => {
    const nfd = 'Nguyễn Văn Đức'.normalize('NFD');
    const r = await admin.post('/api/v1/users', newUser({ username: 'nfcuser', full_name: nfd }));
    assertStatus(r, 201);
    assert.equal(r.json.full_name, 'Nguyễn Văn Đức'.normalize('NFC'));
  });

  it('concurrent creation: distinct names all succeed, one name succeeds once', async () => {
    const before = (await admin.get('/api/v1/users?page_size=1')).json.total;
    const many = await Promise.all(Array.from({ length: 16 }, (_, i) =>
      admin.post('/api/v1/users', newUser({ username: `par${i}` }))));
    assert.deepEqual(many.map((r) => r.status), Array(16).fill(201), many.map((r) => r.text.slice(0, 80)).join('\n'));
    const same = await Promise.all(Array.from({ length: 8 }, () => admin.post('/api/v1/users', newUser({ username: 'racer' }))));
    const statuses = same.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409], same.map((r) => r.text.slice(0, 80)).join('\n'));
    for (const r of same.filter((x) => x.status === 409)) assert.equal(r.json.error.code, 'username_taken');
    assert.equal((await admin.get('/api/v1/users?page_size=1')).json.total, before + 17);
  });

  it('a non-admin answers 403 on every user endpoint', async () => {
    assertError(await prov.get('/api/v1/users'), 403);
    assertError(await prov.post('/api/v1/users', newUser({ username: 'byprov' })), 403);
    assertError(await prov.patch(`/api/v1/users/${ids.prov}`, { role: 'admin' }), 403);
    assertError(await prov.get(`/api/v1/users/${ids.prov}`), 403);
    const me = await prov.get('/api/v1/me');
    assert.equal(me.json.role, 'province');
  });

  it('a province admin lists only users scoped inside its province', async () => {
    const inside = subtreeCodes('2024', '62');
    const r = await padmin.get('/api/v1/users?page_size=200');
    assertStatus(r, 200);
    const names = r.json.items.map((u) => u.username);
    for (const n of ['prov', 'padmin', 'kdist', 'kcomm']) assert.ok(names.includes(n), `${n} listed: ${names}`);
    for (const n of ['tb', 'admin']) assert.ok(!names.includes(n), `${n} must not be listed: ${names}`);
    for (const u of r.json.items) assert.ok(inside.has(scopeCode(u)), `${u.username} scope ${scopeCode(u)} outside 62`);
    assert.equal(r.json.total, r.json.items.length);
  });

  it('a province admin gets 404 for users outside its scope', async () => {
    assertError(await padmin.get(`/api/v1/users/${ids.tb}`), 404, 'not_found');
    assertError(await padmin.patch(`/api/v1/users/${ids.tb}`, { active: false }), 404, 'not_found');
    assertError(await padmin.get(`/api/v1/users/${ids.admin}`), 404, 'not_found');
    assertError(await padmin.patch(`/api/v1/users/${ids.admin}`, { password: 'takeover-pass-1' }), 404, 'not_found');
    await loginAs(srv.url, 'tb', 'tb-pass-12345');
    await loginAs(srv.url, 'admin', 'admin-pass-123');
    const ok = await padmin.get(`/api/v1/users/${ids.kcomm}`);
    assertStatus(ok, 200);
    assert.equal(ok.json.username, 'kcomm');
  });

  it('a province admin cannot create or move a user outside its scope: 403 out_of_scope', async () => {
    assertError(await padmin.post('/api/v1/users', newUser({ username: 'tbnew', role: 'province', scope_unit: '34' })),
      403, 'out_of_scope');
    assertError(await padmin.post('/api/v1/users', newUser({ username: 'natnew', role: 'admin', scope_unit: undefined })), 403);
    assertError(await padmin.patch(`/api/v1/users/${ids.kdist}`, { scope_unit: '34' }), 403, 'out_of_scope');
    const ok = await padmin.post('/api/v1/users', newUser({ username: 'ktnew', role: 'commune', scope_unit: '23401' }));
    assertStatus(ok, 201);
    assert.equal(scopeCode(ok.json), '23401');
    const list = await admin.get('/api/v1/users?page_size=200');
    const names = list.json.items.map((u) => u.username);
    assert.ok(!names.includes('tbnew') && !names.includes('natnew'));
    assert.equal(scopeCode(list.json.items.find((u) => u.username === 'kdist')), '612');
  });
});
