// The audit log (DESIGN.md §4: role `auditor`; /api/v1/audit is the
// project's to shape, so actor and time are looked up under common names).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { raw, assertError, assertStatus, assertNoSecrets, loginAs, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'admin', full_name: 'Quản trị', role: 'admin', password: 'admin-pass-123' },
  { username: 'auditor', full_name: 'Kiểm toán', role: 'auditor', password: 'auditor-pass-1' },
  { username: 'prov', full_name: 'Sở Kon Tum', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'tbprov', full_name: 'Sở Thái Bình', role: 'province', scope: '34', password: 'tbprov-pass-1' },
  { username: 'aud34', full_name: 'Kiểm toán Thái Bình', role: 'auditor', scope: '34', password: 'aud34-pass-12' },
];
const SECRETS = ['admin-pass-123', 'auditor-pass-1', 'prov-pass-123', 'wrong-secret-99', 'created-pass-1', 'changed-pass-2'];

const timeOf = (e) => e.at ?? e.time ?? e.created_at ?? e.ts ?? e.timestamp;
const actorOf = (e) => e.actor ?? e.actor_name ?? e.actor_username ?? e.user ?? e.username;
// True when event e was done by the user with this name and id, however
// the actor is shaped (a name, an id, or an object with either).
function actorIs(e, name, id) {
  const a = actorOf(e);
  if (a === name || (a === id && id !== undefined)) return true;
  if (a && typeof a === 'object' && (a.username === name || (a.id === id && id !== undefined))) return true;
  return e.actor_id === id || e.user_id === id;
}

describe('audit', () => {
  let srv, admin, auditor, prov, events, text, adminId, auditorId, createdId;
  before(async () => {
    srv = await startServer({ users: USERS });
    const failed = await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'prov', password: 'wrong-secret-99' } });
    assertError(failed, 401, 'invalid_credentials');
    admin = await loginAs(srv.url, 'admin', 'admin-pass-123');
    adminId = (await admin.get('/api/v1/me')).json.id;
    const created = await admin.post('/api/v1/users',
      { username: 'created', full_name: 'Mới tạo', password: 'created-pass-1', role: 'district', scope_unit: '612' });
    assertStatus(created, 201);
    createdId = created.json.id;
    assertStatus(await admin.patch(`/api/v1/users/${createdId}`, { role: 'commune', scope_unit: '23401', password: 'changed-pass-2' }), 200);
    prov = await loginAs(srv.url, 'prov', 'prov-pass-123');
    auditor = await loginAs(srv.url, 'auditor', 'auditor-pass-1');
    auditorId = (await auditor.get('/api/v1/me')).json.id;
    const r = await auditor.get('/api/v1/audit?page_size=200');
    assertStatus(r, 200);
    events = r.json.items;
    text = r.text;
  });
  after(async () => { await stopChecked(srv); });

  it('an auditor reads 200 {items,total}', async () => {
    assert.ok(Array.isArray(events), 'items is an array');
    const r = await auditor.get('/api/v1/audit?page_size=200');
    assert.equal(typeof r.json.total, 'number');
    assert.ok(r.json.total >= events.length);
    assert.ok(events.length >= 6, `at least 6 events, got ${events.length}`);
  });

  it('logins, failed logins, user creation and change are recorded', async () => {
    const actions = events.map((e) => e.action);
    for (const a of ['login', 'login_failed', 'user_create', 'user_update']) {
      assert.ok(actions.includes(a), `action ${a} in ${[...new Set(actions)].join(',')}`);
    }
    assert.ok(events.filter((e) => e.action === 'login').length >= 3, 'admin, prov and auditor logins');
  });

  it('each event has an actor and an ISO-8601 time', async () => {
    for (const e of events) {
      const t = timeOf(e);
      assert.equal(typeof t, 'string', `time of ${JSON.stringify(e)}`);
      assert.match(t, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, `time ${t}`);
      assert.ok(Math.abs(Date.parse(t) - Date.now()) < 10 * 60 * 1000, `time ${t} is about now`);
    }
    const withActor = events.filter((e) => e.action !== 'login_failed');
    for (const e of withActor) assert.ok(actorOf(e) !== undefined && actorOf(e) !== null, `actor of ${JSON.stringify(e)}`);
    const create = events.find((e) => e.action === 'user_create');
    const update = events.find((e) => e.action === 'user_update');
    for (const e of [create, update]) {
      assert.ok(actorIs(e, 'admin', adminId), `actor of ${e.action} is admin: ${JSON.stringify(e)}`);
    }
    const created = JSON.stringify(create);
    assert.ok(created.includes('created') || created.includes(String(createdId)), `user_create names its target: ${created}`);
    const failed = events.find((e) => e.action === 'login_failed');
    assert.ok(JSON.stringify(failed).includes('prov'), `login_failed names the username: ${JSON.stringify(failed)}`);
  });

  it('newest first', async () => {
    const times = events.map((e) => Date.parse(timeOf(e)));
    for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i], `event ${i} newer than ${i - 1}`);
    const idx = (pred) => events.findIndex(pred);
    const iFailed = idx((e) => e.action === 'login_failed');
    const iCreate = idx((e) => e.action === 'user_create');
    const iUpdate = idx((e) => e.action === 'user_update');
    assert.ok(iUpdate < iCreate, 'user_update listed before user_create');
    assert.ok(iCreate < iFailed, 'user_create listed before the earlier login_failed');
    const newestLogin = events.find((e) => e.action === 'login');
    assert.ok(actorIs(newestLogin, 'auditor', auditorId), `newest login is the auditor's: ${JSON.stringify(newestLogin)}`);
  });

  it('no password or hash anywhere in the log', async () => {
    for (const s of SECRETS) assert.ok(!text.includes(s), `audit text contains ${s}`);
    assertNoSecrets(JSON.parse(text), 'audit');
  });

  it('entries name their unit and tree; a failed login names the username tried', () => {
    const provLogin = events.find((e) => e.action === 'login' && e.actor_name === 'prov');
    assert.ok(provLogin, 'the province user login is there');
    assert.equal(provLogin.unit_tree, '2024');
    assert.equal(provLogin.unit_path, '62');
    const failed = events.find((e) => e.action === 'login_failed');
    assert.equal(failed.actor_name, 'prov');
    assert.equal(failed.actor_id, null);
  });

  it('filters by action and by time', async () => {
    const r = await auditor.get('/api/v1/audit?action=login_failed');
    assertStatus(r, 200);
    assert.ok(r.json.items.length >= 1);
    assert.ok(r.json.items.every((e) => e.action === 'login_failed'));
    const future = await auditor.get('/api/v1/audit?since=2999-01-01');
    assertStatus(future, 200);
    assert.equal(future.json.total, 0);
    assertError(await auditor.get('/api/v1/audit?since=yesterday'), 422);
  });

  it('an auditor scoped to Thái Bình sees only entries about units inside it', async () => {
    const tb = await loginAs(srv.url, 'tbprov', 'tbprov-pass-1');
    assertStatus(await tb.get('/api/v1/me'), 200);
    const aud = await loginAs(srv.url, 'aud34', 'aud34-pass-12');
    const r = await aud.get('/api/v1/audit?page_size=200');
    assertStatus(r, 200);
    assert.ok(r.json.items.some((e) => e.action === 'login' && e.actor_name === 'tbprov'), 'sees the Thái Bình login');
    for (const e of r.json.items) {
      assert.equal(e.unit_tree, '2024', `entry without a Thái Bình unit: ${JSON.stringify(e)}`);
      assert.ok(e.unit_path === '34' || e.unit_path.startsWith('34/'), `outside scope: ${JSON.stringify(e)}`);
    }
    assert.ok(!r.json.items.some((e) => e.actor_name === 'prov'), 'no Kon Tum entries');
  });

  it('admin and province users get 403', async () => {
    assertError(await admin.get('/api/v1/audit'), 403);
    assertError(await prov.get('/api/v1/audit'), 403);
    assertError(await raw(srv.url, 'GET', '/api/v1/audit'), 401);
  });
});
