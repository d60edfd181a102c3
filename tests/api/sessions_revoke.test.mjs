// Session fixation and revocation (issue 10 §6): a login never keeps a
// session id the client offered; a password change ends the user's other
// sessions (own change: this one goes on, tokens kept; an admin's reset
// of someone else: every session ends and every token is revoked); the
// login lockout is visible to admins, who can lift it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { raw, assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'admin', full_name: 'Quản trị', role: 'admin', password: 'admin-pass-123' },
  { username: 'alice', full_name: 'Alice', role: 'province', scope: '62', password: 'alice-pass-123' },
  { username: 'bob', full_name: 'Bob', role: 'province', scope: '62', password: 'bob-pass-1234' },
  { username: 'dan', full_name: 'Dan', role: 'province', scope: '62', password: 'dan-pass-12345' },
  { username: 'auditor', full_name: 'Kiểm toán', role: 'auditor', password: 'auditor-pass-1' },
];

async function tokenOf(c) {
  const r = await c.post('/api/v1/tokens', { name: 'script' });
  assertStatus(r, 201);
  const t = new Client(c.url);
  t.bearer = r.json.token;
  return t;
}

async function idOf(admin, username) {
  const r = await admin.get(`/api/v1/users?q=${encodeURIComponent(username)}`);
  return r.json.items.find((u) => u.username === username).id;
}

describe('session fixation, revocation on password change, lockout', () => {
  let srv, admin;
  before(async () => {
    srv = await startServer({ users: USERS });
    admin = await loginAs(srv.url, 'admin', 'admin-pass-123');
  });
  after(async () => { await stopChecked(srv); });

  it('every login gets a new session id, never one the client offered', async () => {
    const offered = 'trogiup_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const r1 = await raw(srv.url, 'POST', '/api/v1/auth/login', { headers: { cookie: offered }, body: { username: 'alice', password: 'alice-pass-123' } });
    assertStatus(r1, 200);
    const c1 = r1.headers.get('set-cookie').split(';')[0];
    assert.notEqual(c1, offered);
    const r2 = await raw(srv.url, 'POST', '/api/v1/auth/login', { headers: { cookie: c1 }, body: { username: 'alice', password: 'alice-pass-123' } });
    const c2 = r2.headers.get('set-cookie').split(';')[0];
    assert.notEqual(c2, c1, 'logging in again from a session gives a new id');
    assertError(await raw(srv.url, 'GET', '/api/v1/me', { headers: { cookie: offered } }), 401, 'unauthenticated');
  });

  it('an own password change ends the other sessions, keeps this one and the tokens', async () => {
    const a = await loginAs(srv.url, 'alice', 'alice-pass-123');
    const other = await loginAs(srv.url, 'alice', 'alice-pass-123');
    const token = await tokenOf(a);
    assertError(await a.post('/api/v1/auth/password', { current_password: 'wrong-pass-9999', new_password: 'alice-new-pass-77' }), 403, 'wrong_password', 'current_password');
    assertError(await a.post('/api/v1/auth/password', { current_password: 'alice-pass-123', new_password: 'short' }), 422, 'weak_password', 'new_password');
    assertError(await a.post('/api/v1/auth/password', { current_password: 'alice-pass-123', new_password: 'alice' }), 422, 'weak_password');
    assertStatus(await other.get('/api/v1/me'), 200); // nothing changed yet
    assertStatus(await a.post('/api/v1/auth/password', { current_password: 'alice-pass-123', new_password: 'alice-new-pass-77' }), 204);
    assertStatus(await a.get('/api/v1/me'), 200);
    assertError(await other.get('/api/v1/me'), 401, 'unauthenticated');
    assertStatus(await token.get('/api/v1/me'), 200);
    assertError(await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'alice', password: 'alice-pass-123' } }), 401, 'invalid_credentials');
    await loginAs(srv.url, 'alice', 'alice-new-pass-77');
  });

  it("an admin's reset of someone's password ends all their sessions and revokes their tokens", async () => {
    const b1 = await loginAs(srv.url, 'bob', 'bob-pass-1234');
    const b2 = await loginAs(srv.url, 'bob', 'bob-pass-1234');
    const token = await tokenOf(b1);
    const id = await idOf(admin, 'bob');
    assertStatus(await admin.patch(`/api/v1/users/${id}`, { password: 'bob-reset-pass-42' }), 200);
    assertError(await b1.get('/api/v1/me'), 401, 'unauthenticated');
    assertError(await b2.get('/api/v1/me'), 401, 'unauthenticated');
    assertError(await token.get('/api/v1/me'), 401, 'unauthenticated');
    const b3 = await loginAs(srv.url, 'bob', 'bob-reset-pass-42');
    const list = await b3.get('/api/v1/tokens');
    assertStatus(list, 200);
    assert.ok(list.json.items.length >= 1 && list.json.items.every((t) => t.revoked), JSON.stringify(list.json));
    // Another change that is not a password (full name) ends nothing.
    assertStatus(await admin.patch(`/api/v1/users/${id}`, { full_name: 'Bob B.' }), 200);
    assertStatus(await b3.get('/api/v1/me'), 200);
  });

  it("an admin changing their own password through PATCH keeps the session in use", async () => {
    const mine = await loginAs(srv.url, 'admin', 'admin-pass-123');
    const elsewhere = await loginAs(srv.url, 'admin', 'admin-pass-123');
    const token = await tokenOf(mine);
    const id = await idOf(mine, 'admin');
    assertStatus(await mine.patch(`/api/v1/users/${id}`, { password: 'admin-new-pass-55' }), 200);
    assertStatus(await mine.get('/api/v1/me'), 200);
    assertError(await elsewhere.get('/api/v1/me'), 401, 'unauthenticated');
    assertStatus(await token.get('/api/v1/me'), 200);
    admin = mine;
  });

  it('the lockout shows in the users list and detail, and an admin can lift it', async () => {
    const id = await idOf(admin, 'dan');
    const before = await admin.get(`/api/v1/users/${id}`);
    assert.equal(before.json.login_failures, 0);
    assert.equal(before.json.locked_until, null);
    const t0 = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 5; i++) {
      assertError(await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'dan', password: `wrong-pass-${i}xx` } }), 401, 'invalid_credentials');
    }
    assertError(await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'dan', password: 'dan-pass-12345' } }), 429, 'too_many_attempts');
    const d = await admin.get(`/api/v1/users/${id}`);
    assert.equal(d.json.login_failures, 5);
    const until = Date.parse(d.json.locked_until) / 1000;
    assert.ok(until >= t0 + 900 - 1 && until <= t0 + 900 + 30, `locked_until ${d.json.locked_until}`);
    const row = (await admin.get('/api/v1/users?q=dan')).json.items.find((u) => u.username === 'dan');
    assert.equal(row.locked_until, d.json.locked_until);
    assert.equal(row.login_failures, 5);
    // Only admins may see or lift it.
    const alice = await loginAs(srv.url, 'alice', 'alice-new-pass-77');
    assertError(await alice.post(`/api/v1/users/${id}/unlock`, {}), 403, 'forbidden');
    assertError(await admin.post('/api/v1/users/999999/unlock', {}), 404);
    const u = await admin.post(`/api/v1/users/${id}/unlock`, {});
    assertStatus(u, 200);
    assert.equal(u.json.locked_until, null);
    assert.equal(u.json.login_failures, 0);
    await loginAs(srv.url, 'dan', 'dan-pass-12345');
    const aud = await loginAs(srv.url, 'auditor', 'auditor-pass-1');
    const log = await aud.get('/api/v1/audit?action=user_unlock');
    assert.equal(log.json.items.length, 1);
    assert.equal(log.json.items[0].target, `user:${id}`);
  });
});
