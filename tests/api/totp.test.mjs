// The TOTP second factor (issue 10 §6, docs/security.md §Second factor):
// setup and confirm, the login's second step, replay, wrong codes counted
// as failed logins, the per-role requirement with enrolment, disabling.
// Codes are computed here with node:crypto (tests/lib/totp.mjs), not by
// the server.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { totp } from '../lib/totp.mjs';
import { raw, assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'admin', full_name: 'Quản trị', role: 'admin', password: 'admin-pass-123' },
  { username: 'alice', full_name: 'Alice', role: 'province', scope: '62', password: 'alice-pass-123' },
  { username: 'bob', full_name: 'Bob', role: 'province', scope: '62', password: 'bob-pass-1234' },
  { username: 'carol@so.vn', full_name: 'Carol', role: 'district', scope: '62', password: 'carol-pass-123' },
  { username: 'auditor', full_name: 'Kiểm toán', role: 'auditor', password: 'auditor-pass-1' },
];

const cookieOf = (r) => (r.headers.get('set-cookie') ?? '').split(';')[0];

// Turns TOTP on for a logged-in client; returns the secret.  The confirm
// uses the previous step's code, leaving the current and next for later.
async function enable(c) {
  const s = await c.post('/api/v1/auth/totp/setup', {});
  assertStatus(s, 200);
  const r = await c.post('/api/v1/auth/totp/confirm', { code: totp(s.json.secret, -1) });
  assertStatus(r, 200);
  return s.json.secret;
}

describe('second factor (TOTP)', () => {
  let srv, admin, auditor;
  const secrets = [];
  before(async () => {
    srv = await startServer({ users: USERS });
    admin = await loginAs(srv.url, 'admin', 'admin-pass-123');
    auditor = await loginAs(srv.url, 'auditor', 'auditor-pass-1');
  });
  after(async () => {
    // The secrets never reach the log.
    if (srv) for (const s of secrets) assert.ok(!srv.log().includes(s), 'a TOTP secret is in the server log');
    await stopChecked(srv);
  });

  it('setup gives a base32 secret and an otpauth URI; nothing changes until confirmed', async () => {
    const c = await loginAs(srv.url, 'carol@so.vn', 'carol-pass-123');
    assert.equal((await c.get('/api/v1/me')).json.second_factor, 'off');
    const s = await c.post('/api/v1/auth/totp/setup', {});
    assertStatus(s, 200);
    secrets.push(s.json.secret);
    assert.match(s.json.secret, /^[A-Z2-7]{32}$/);
    const u = new URL(s.json.uri);
    assert.equal(u.protocol, 'otpauth:');
    assert.ok(s.json.uri.startsWith('otpauth://totp/trogiup:carol%40so.vn?'), s.json.uri);
    assert.equal(u.searchParams.get('secret'), s.json.secret);
    assert.equal(u.searchParams.get('issuer'), 'trogiup');
    assert.equal(u.searchParams.get('digits'), '6');
    assert.equal(u.searchParams.get('period'), '30');
    // Not active yet: a login needs no second step.
    const again = new Client(srv.url);
    const l = await again.login('carol@so.vn', 'carol-pass-123');
    assertStatus(l, 200);
    assert.equal(l.json.second_factor, 'off');
    assertStatus(await again.get('/api/v1/units?level=1'), 200);
    // A wrong code does not confirm it.
    const wrong = await c.post('/api/v1/auth/totp/confirm', { code: '000000' === totp(s.json.secret) ? '111111' : '000000' });
    assertError(wrong, 422, 'invalid_code', 'code');
    assertError(await c.post('/api/v1/auth/totp/confirm', { code: 'abcdef' }), 422, 'invalid_code');
    const ok = await c.post('/api/v1/auth/totp/confirm', { code: totp(s.json.secret, -1) });
    assertStatus(ok, 200);
    assert.equal(ok.json.second_factor, 'done');
    assert.equal((await c.get('/api/v1/me')).json.second_factor, 'done');
    // Never shown again, never replaced without turning it off first.
    assertError(await c.post('/api/v1/auth/totp/setup', {}), 409, 'totp_enabled');
    const users = await admin.get('/api/v1/users?page_size=200');
    assert.ok(!users.text.includes(s.json.secret), 'secret in the users list');
  });

  it('login then asks for a code: a pending session reaches only the second step', async () => {
    const a = await loginAs(srv.url, 'alice', 'alice-pass-123');
    const secret = await enable(a);
    secrets.push(secret);
    const c = new Client(srv.url);
    const l = await c.login('alice', 'alice-pass-123');
    assertStatus(l, 200);
    assert.equal(l.json.user.username, 'alice');
    assert.equal(l.json.second_factor, 'required');
    const pendingCookie = c.cookie;
    const me = await c.get('/api/v1/me');
    assertStatus(me, 200);
    assert.equal(me.json.second_factor, 'required');
    assertError(await c.get('/api/v1/units?level=1'), 401, 'second_factor_required');
    assertError(await c.get('/api/v1/cases'), 401, 'second_factor_required');
    assertError(await c.post('/api/v1/tokens', { name: 'x' }), 401, 'second_factor_required');
    assertError(await c.post('/api/v1/auth/password', { current_password: 'alice-pass-123', new_password: 'another-pass-9876' }), 401, 'second_factor_required');
    // A pending login may not swap the secret it is asked for.
    assertError(await c.post('/api/v1/auth/totp/setup', {}), 401, 'second_factor_required');
    // CSRF still applies to the second step.
    assertError(await c.post('/api/v1/auth/totp/verify', { code: totp(secret) }, { 'x-csrf-token': 'nope' }), 403, 'csrf');
    const code = totp(secret);
    const v = await c.post('/api/v1/auth/totp/verify', { code });
    assertStatus(v, 200);
    assert.equal(v.json.second_factor, 'done');
    assert.equal(v.json.user.username, 'alice');
    const fresh = cookieOf(v);
    assert.match(fresh, /^trogiup_session=/);
    assert.notEqual(fresh, pendingCookie, 'the cookie changes after the second step');
    c.cookie = fresh;
    c.csrf = v.json.csrf;
    assertStatus(await c.get('/api/v1/units?level=1'), 200);
    assert.equal((await c.get('/api/v1/me')).json.second_factor, 'done');
    // The pending session is gone.
    assertError(await raw(srv.url, 'GET', '/api/v1/me', { headers: { cookie: pendingCookie } }), 401, 'unauthenticated');
    // The same code cannot be used again (replay), even at a new login.
    const d = new Client(srv.url);
    assertStatus(await d.login('alice', 'alice-pass-123'), 200);
    assertError(await d.post('/api/v1/auth/totp/verify', { code }), 401, 'invalid_code');
    const dv = await d.post('/api/v1/auth/totp/verify', { code: totp(secret, 1) });
    assertStatus(dv, 200);
    d.cookie = cookieOf(dv);
    d.csrf = dv.json.csrf;
    // verify on a full session is not a second step.
    assertError(await d.post('/api/v1/auth/totp/verify', { code: totp(secret, 1) }), 409, 'not_pending');
    // Logout works from a pending session.
    const e = new Client(srv.url);
    assertStatus(await e.login('alice', 'alice-pass-123'), 200);
    assertStatus(await e.post('/api/v1/auth/logout'), 204);
    assertError(await e.get('/api/v1/me'), 401, 'unauthenticated');
  });

  it('wrong codes count as failed logins: the sixth attempt answers 429', async () => {
    const b = await loginAs(srv.url, 'bob', 'bob-pass-1234');
    const secret = await enable(b);
    secrets.push(secret);
    const c = new Client(srv.url);
    assertStatus(await c.login('bob', 'bob-pass-1234'), 200);
    const good = new Set([-1, 0, 1].map((o) => totp(secret, o)));
    const wrongs = ['000000', '111111', '222222', '333333', '444444', '555555', '666666'].filter((w) => !good.has(w));
    for (let i = 0; i < 5; i++) {
      assertError(await c.post('/api/v1/auth/totp/verify', { code: wrongs[i] }), 401, 'invalid_code');
    }
    assertError(await c.post('/api/v1/auth/totp/verify', { code: totp(secret, 1) }), 429, 'too_many_attempts');
    // The password does not reset the count of wrong codes.
    assertError(await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'bob', password: 'bob-pass-1234' } }), 429, 'too_many_attempts');
    const audit = await auditor.get('/api/v1/audit?action=totp_failed&page_size=50');
    assertStatus(audit, 200);
    assert.ok(audit.json.items.length >= 5, 'wrong codes are audited');
    // An admin's unlock lets bob in again.
    const list = await admin.get('/api/v1/users?q=bob');
    const id = list.json.items.find((u) => u.username === 'bob').id;
    assertStatus(await admin.post(`/api/v1/users/${id}/unlock`, {}), 200);
    assertStatus(await c.login('bob', 'bob-pass-1234'), 200);
    assertStatus(await c.post('/api/v1/auth/totp/verify', { code: totp(secret, 1) }), 200);
  });

  it('an admin can require it per role (off in a new database); such users enrol at login', async () => {
    const g = await admin.get('/api/v1/settings/second-factor');
    assertStatus(g, 200);
    assert.deepEqual(g.json, { required_roles: [] });
    const aud = await loginAs(srv.url, 'auditor', 'auditor-pass-1');
    assertError(await aud.get('/api/v1/settings/second-factor'), 403, 'forbidden');
    assertError(await aud.req('PUT', '/api/v1/settings/second-factor', { required_roles: [] }), 403, 'forbidden');
    assertError(await admin.req('PUT', '/api/v1/settings/second-factor', { required_roles: ['root'] }), 422, 'invalid_field', 'required_roles');
    assertError(await admin.req('PUT', '/api/v1/settings/second-factor', { required_roles: 'auditor' }), 422, 'invalid_field', 'required_roles');
    const p = await admin.req('PUT', '/api/v1/settings/second-factor', { required_roles: ['auditor', 'admin', 'auditor'] });
    assertStatus(p, 200);
    assert.deepEqual(p.json, { required_roles: ['admin', 'auditor'] });
    assert.deepEqual((await admin.get('/api/v1/settings/second-factor')).json, { required_roles: ['admin', 'auditor'] });
    const log = await auditor.get('/api/v1/audit?action=second_factor_settings');
    assert.equal(log.json.items.length, 1);
    assert.deepEqual(log.json.items[0].detail, { required_roles: ['admin', 'auditor'] });
    // Sessions opened before the setting go on.
    assertStatus(await admin.get('/api/v1/users'), 200);

    const c = new Client(srv.url);
    const l = await c.login('auditor', 'auditor-pass-1');
    assertStatus(l, 200);
    assert.equal(l.json.second_factor, 'enrolment_required');
    assert.equal((await c.get('/api/v1/me')).json.second_factor, 'enrolment_required');
    assertError(await c.get('/api/v1/audit'), 401, 'second_factor_required');
    assertError(await c.post('/api/v1/auth/totp/verify', { code: '123456' }), 409, 'enrolment_required');
    const s = await c.post('/api/v1/auth/totp/setup', {});
    assertStatus(s, 200);
    secrets.push(s.json.secret);
    const before = c.cookie;
    const done = await c.post('/api/v1/auth/totp/confirm', { code: totp(s.json.secret) });
    assertStatus(done, 200);
    assert.equal(done.json.second_factor, 'done');
    assert.equal(typeof done.json.csrf, 'string');
    assert.notEqual(cookieOf(done), before, 'enrolment ends with a new cookie');
    c.cookie = cookieOf(done);
    c.csrf = done.json.csrf;
    assertStatus(await c.get('/api/v1/audit'), 200);
    // The role requires it: it cannot be turned off.
    assertError(await c.post('/api/v1/auth/totp/disable', { password: 'auditor-pass-1', code: totp(s.json.secret, 1) }), 409, 'second_factor_required_by_role');
    // The next login asks for the code.
    const n = new Client(srv.url);
    assert.equal((await n.login('auditor', 'auditor-pass-1')).json.second_factor, 'required');
    assertStatus(await admin.req('PUT', '/api/v1/settings/second-factor', { required_roles: [] }), 200);
  });

  it('disable needs the password and a fresh code', async () => {
    const c = new Client(srv.url);
    assertStatus(await c.login('carol@so.vn', 'carol-pass-123'), 200);
    const secret = secrets[0];
    const v = await c.post('/api/v1/auth/totp/verify', { code: totp(secret, 0) });
    assertStatus(v, 200);
    c.cookie = cookieOf(v);
    c.csrf = v.json.csrf;
    assertError(await c.post('/api/v1/auth/totp/disable', { password: 'wrong-pass-999', code: totp(secret, 1) }), 403, 'wrong_password', 'password');
    // The code just used at login is refused.
    assertError(await c.post('/api/v1/auth/totp/disable', { password: 'carol-pass-123', code: totp(secret, 0) }), 422, 'invalid_code', 'code');
    assertError(await c.post('/api/v1/auth/totp/disable', { password: 'carol-pass-123' }), 422);
    assertStatus(await c.post('/api/v1/auth/totp/disable', { password: 'carol-pass-123', code: totp(secret, 1) }), 204);
    assert.equal((await c.get('/api/v1/me')).json.second_factor, 'off');
    const n = new Client(srv.url);
    assert.equal((await n.login('carol@so.vn', 'carol-pass-123')).json.second_factor, 'off');
    assertError(await c.post('/api/v1/auth/totp/disable', { password: 'carol-pass-123', code: '123456' }), 409, 'totp_not_enabled');
  });

  it('setup, confirm, verify and the setting are audited without the secret', async () => {
    const r = await auditor.get('/api/v1/audit?page_size=200');
    assertStatus(r, 200);
    const actions = new Set(r.json.items.map((e) => e.action));
    for (const a of ['totp_setup', 'totp_enable', 'login_second_factor', 'totp_disable', 'second_factor_settings']) {
      assert.ok(actions.has(a), `audit has ${a}`);
    }
    for (const s of secrets) assert.ok(!r.text.includes(s), 'secret in the audit log');
  });
});
