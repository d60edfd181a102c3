// Sessions, CSRF, login throttling and API tokens (API.md §Sessions and tokens).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { raw, assertError, assertStatus, assertNoSecrets, loginAs, sleep, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'alice', full_name: 'Nguyễn Thị Alice', role: 'province', scope: '62', password: 'alice-pass-123' },
  { username: 'admin', full_name: 'Quản trị', role: 'admin', password: 'admin-pass-123' },
  { username: 'locky', full_name: 'Locky', role: 'province', scope: '62', password: 'locky-pass-123' },
  { username: 'dis', full_name: 'Disabled Later', role: 'province', scope: '62', password: 'dis-pass-1234' },
  { username: 'tok', full_name: 'Token User', role: 'province', scope: '62', password: 'tok-pass-1234' },
];

describe('auth', () => {
  let srv;
  before(async () => { srv = await startServer({ users: USERS }); });
  after(async () => { await stopChecked(srv); });

  it('login answers 200 {user, csrf} and a strict HttpOnly session cookie', async () => {
    const c = new Client(srv.url);
    const r = await c.login('alice', 'alice-pass-123');
    assertStatus(r, 200);
    assert.equal(r.json.user.username, 'alice');
    assert.equal(r.json.user.role, 'province');
    assert.equal(typeof r.json.csrf, 'string');
    assert.ok(r.json.csrf.length >= 16, `csrf token too short: ${r.json.csrf}`);
    assertNoSecrets(r.json, 'login body');
    const sc = r.headers.get('set-cookie');
    assert.ok(sc, 'Set-Cookie missing');
    const [pair, ...attrs] = sc.split(';').map((s) => s.trim());
    assert.match(pair, /^trogiup_session=[^;\s]{16,}$/);
    const a = attrs.map((s) => s.toLowerCase());
    assert.ok(a.includes('httponly'), `HttpOnly: ${sc}`);
    assert.ok(a.includes('samesite=strict'), `SameSite=Strict: ${sc}`);
    assert.ok(a.includes('path=/'), `Path=/: ${sc}`);
    assert.ok(!a.includes('secure'), `no Secure on plain http: ${sc}`);
  });

  it('wrong password and unknown user both answer 401 invalid_credentials, same message', async () => {
    const wrong = await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'alice', password: 'not-the-password' } });
    assertError(wrong, 401, 'invalid_credentials');
    const unknown = await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'nobody-here', password: 'whatever-123' } });
    assertError(unknown, 401, 'invalid_credentials');
    assert.equal(unknown.json.error.message, wrong.json.error.message);
    assert.equal(unknown.headers.get('set-cookie'), null);
  });

  it('after 5 failures the 6th attempt answers 429 too_many_attempts, even with the right password', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'locky', password: `wrong-password-${i}` } });
      assertError(r, 401, 'invalid_credentials');
    }
    const sixth = await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'locky', password: 'locky-pass-123' } });
    assertError(sixth, 429, 'too_many_attempts');
    assert.equal(sixth.headers.get('set-cookie'), null, 'no session on a refused login');
    const seventh = await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'locky', password: 'wrong-again-1' } });
    assertError(seventh, 429, 'too_many_attempts');
    // Throttling is per username: alice still logs in.
    await loginAs(srv.url, 'alice', 'alice-pass-123');
  });

  it('GET /me answers the user with a unit scope; 401 without a session', async () => {
    const c = await loginAs(srv.url, 'alice', 'alice-pass-123');
    const r = await c.get('/api/v1/me');
    assertStatus(r, 200);
    assert.ok(Number.isInteger(r.json.id) || (typeof r.json.id === 'string' && r.json.id !== ''), `id: ${r.json.id}`);
    assert.equal(r.json.username, 'alice');
    assert.equal(r.json.full_name, 'Nguyễn Thị Alice');
    assert.equal(r.json.role, 'province');
    assert.equal(r.json.scope.kind, 'unit');
    assert.equal(r.json.scope.code, '62');
    assertNoSecrets(r.json, '/me');
    assertError(await raw(srv.url, 'GET', '/api/v1/me'), 401);
    assertError(await raw(srv.url, 'GET', '/api/v1/me', { headers: { cookie: 'trogiup_session=forged0123456789abcdef' } }), 401);
  });

  it('a cookie POST without or with a wrong X-CSRF-Token answers 403 csrf', async () => {
    const c = await loginAs(srv.url, 'alice', 'alice-pass-123');
    const none = await raw(srv.url, 'POST', '/api/v1/tokens', { headers: { cookie: c.cookie }, body: { name: 'x' } });
    assertError(none, 403, 'csrf');
    const wrong = await c.post('/api/v1/tokens', { name: 'x' }, { 'x-csrf-token': 'not-the-token' });
    assertError(wrong, 403, 'csrf');
    const empty = await c.post('/api/v1/tokens', { name: 'x' }, { 'x-csrf-token': '' });
    assertError(empty, 403, 'csrf');
    const other = await loginAs(srv.url, 'alice', 'alice-pass-123');
    const crossed = await c.post('/api/v1/tokens', { name: 'x' }, { 'x-csrf-token': other.csrf });
    assertError(crossed, 403, 'csrf');
    const logout = await raw(srv.url, 'POST', '/api/v1/auth/logout', { headers: { cookie: c.cookie } });
    assertError(logout, 403, 'csrf');
    assertStatus(await c.get('/api/v1/me'), 200);
  });

  it('a cookie PATCH without X-CSRF-Token answers 403 csrf and changes nothing', async () => {
    const admin = await loginAs(srv.url, 'admin', 'admin-pass-123');
    const list = await admin.get('/api/v1/users?page_size=200');
    const alice = list.json.items.find((u) => u.username === 'alice');
    const r = await raw(srv.url, 'PATCH', `/api/v1/users/${alice.id}`, { headers: { cookie: admin.cookie }, body: { active: false } });
    assertError(r, 403, 'csrf');
    await loginAs(srv.url, 'alice', 'alice-pass-123');
  });

  it('logout answers 204 and the old cookie no longer works', async () => {
    const c = await loginAs(srv.url, 'alice', 'alice-pass-123');
    const other = await loginAs(srv.url, 'alice', 'alice-pass-123');
    const r = await c.post('/api/v1/auth/logout');
    assertStatus(r, 204);
    assert.equal(r.text, '');
    assertError(await raw(srv.url, 'GET', '/api/v1/me', { headers: { cookie: c.cookie } }), 401);
    assertStatus(await other.get('/api/v1/me'), 200);
  });

  it('API tokens: 201 once, then Bearer works without cookie or CSRF; a bogus one answers 401', async () => {
    const admin = await loginAs(srv.url, 'admin', 'admin-pass-123');
    const r = await admin.post('/api/v1/tokens', { name: 'x' });
    assertStatus(r, 201);
    assert.equal(typeof r.json.token, 'string');
    assert.ok(r.json.token.length >= 20, 'token long enough');
    const bearer = { authorization: `Bearer ${r.json.token}` };
    const me = await raw(srv.url, 'GET', '/api/v1/me', { headers: bearer });
    assertStatus(me, 200);
    assert.equal(me.json.username, 'admin');
    const created = await raw(srv.url, 'POST', '/api/v1/users', {
      headers: bearer,
      body: { username: 'viabearer', full_name: 'Via Bearer', password: 'bearer-pass-123', role: 'province', scope_unit: '62' },
    });
    assertStatus(created, 201);
    assertError(await raw(srv.url, 'GET', '/api/v1/me', { headers: { authorization: 'Bearer bogus-token-0123456789' } }), 401);
    assertError(await raw(srv.url, 'GET', '/api/v1/me', { headers: { authorization: `Bearer ${r.json.token}x` } }), 401);
    assertError(await raw(srv.url, 'POST', '/api/v1/tokens', { headers: { authorization: 'Bearer bogus' }, body: { name: 'y' } }), 401);
  });

  it('a disabled user\'s session and token stop working', async () => {
    const u = await loginAs(srv.url, 'dis', 'dis-pass-1234');
    const me = await u.get('/api/v1/me');
    assertStatus(me, 200);
    const t = await u.post('/api/v1/tokens', { name: 'before-disable' });
    assertStatus(t, 201);
    const bearer = { authorization: `Bearer ${t.json.token}` };
    assertStatus(await raw(srv.url, 'GET', '/api/v1/me', { headers: bearer }), 200);
    const admin = await loginAs(srv.url, 'admin', 'admin-pass-123');
    assertStatus(await admin.patch(`/api/v1/users/${me.json.id}`, { active: false }), 200);
    assertError(await u.get('/api/v1/me'), 401);
    assertError(await raw(srv.url, 'GET', '/api/v1/me', { headers: bearer }), 401);
    const again = await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'dis', password: 'dis-pass-1234' } });
    assertError(again, 401);
  });
});

describe('auth: the request log', () => {
  let srv;
  before(async () => { srv = await startServer({ users: [USERS[0]] }); });
  after(async () => { await stopChecked(srv); });

  it('one line per request with request id, user, status and duration; never a secret', async () => {
    const c = await loginAs(srv.url, 'alice', 'alice-pass-123');
    const me = await c.get('/api/v1/me');
    const t = await c.post('/api/v1/tokens', { name: 'log-check' });
    assertStatus(t, 201);
    const viaToken = await raw(srv.url, 'GET', '/api/v1/me?token=query-secret-123', { headers: { authorization: `Bearer ${t.json.token}` } });
    assertStatus(viaToken, 200);
    await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'alice', password: 'Distinct-Wrong-Pw-77' } });
    await sleep(200);
    const log = srv.log();
    const rid = me.headers.get('x-request-id');
    const line = log.split('\n').find((l) => l.includes(rid));
    assert.ok(line, `a log line carries request id ${rid}:\n${log}`);
    assert.match(line, /status=200/);
    assert.match(line, new RegExp(`user=${me.json.id}\\b`));
    assert.match(line, /dur(ation)?(_ms)?=\d/);
    const sessionId = c.cookie.split('=')[1];
    for (const secret of ['alice-pass-123', 'Distinct-Wrong-Pw-77', sessionId, c.csrf, t.json.token, 'query-secret-123']) {
      assert.ok(!log.includes(secret), `the log contains a secret (${secret.slice(0, 6)}…)`);
    }
  });
});

describe('auth: session idle expiry (serve --session-idle 2)', () => {
  let srv;
  before(async () => {
    srv = await startServer({ users: [USERS[0]], serveArgs: ['--session-idle', '2'] });
  });
  after(async () => { await stopChecked(srv); });

  it('a session unused longer than --session-idle answers 401', async () => {
    const c = await loginAs(srv.url, 'alice', 'alice-pass-123');
    assertStatus(await c.get('/api/v1/me'), 200);
    await sleep(3200); // whole seconds: 2 s idle is over by 3.2 s
    assertError(await c.get('/api/v1/me'), 401);
  });
});

describe('auth: use keeps a session alive (serve --session-idle 3)', () => {
  let srv;
  before(async () => {
    srv = await startServer({ users: [USERS[0]], serveArgs: ['--session-idle', '3'] });
  });
  after(async () => { await stopChecked(srv); });

  it('a session used every second outlives the idle limit, then expires when left alone', async () => {
    const c = await loginAs(srv.url, 'alice', 'alice-pass-123');
    for (let i = 0; i < 5; i++) {
      await sleep(1000);
      assertStatus(await c.get('/api/v1/me'), 200);
    }
    await sleep(4200);
    assertError(await c.get('/api/v1/me'), 401);
  });
});
