// Per-address rate limits (issue 10 §6, api/ip_limits.h): failed logins
// from one address whatever the username (password spraying), case and
// person searches from one address (scraping), 429 with Retry-After,
// other addresses untouched, a full allowance back after a quiet window.
// Small limits through `serve --login-ip-limit/--search-ip-limit`; client
// addresses through X-Forwarded-For under `--trust-proxy`, the way a
// reverse proxy on the same machine sends them — and ignored without it.
// The proxy server also runs with --secure-cookies (docs: TLS behind
// nginx), so its login cookie must be Secure.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, Client } from '../lib/server.mjs';
import { raw, assertError, assertStatus, sleep, stopChecked } from './helpers.mjs';

const USERS = [
  { username: 'kcomm', full_name: 'Cán bộ TT Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'alice', full_name: 'Nguyễn Thị Alice', role: 'province', scope: '62', password: 'alice-pass-123' },
];

// Login limit 3 failures per 10 s, search limit 5 per 10 s: one attempt
// comes back every 3.3 s, well beyond the time three failed logins take
// (argon2) on a loaded machine, so "the fourth is refused" holds.
const WINDOW_MS = 10000;
const LIMITS = ['--login-ip-limit', '3/10', '--search-ip-limit', '5/10'];

function login(srv, username, password, ip) {
  const headers = ip ? { 'x-forwarded-for': ip } : {};
  return raw(srv.url, 'POST', '/api/v1/auth/login', { headers, body: { username, password } });
}

function assertThrottled(r, code) {
  assertError(r, 429, code);
  const ra = r.headers.get('retry-after');
  assert.match(ra ?? '', /^[1-9][0-9]*$/, `Retry-After: ${ra}`);
  assert.ok(Number(ra) <= WINDOW_MS / 1000, `Retry-After within the window: ${ra}`);
}

describe('per-address limits behind a proxy (--trust-proxy --secure-cookies)', () => {
  let srv;
  before(async () => {
    srv = await startServer({ users: USERS, serveArgs: [...LIMITS, '--trust-proxy', '--secure-cookies'] });
  });
  after(async () => { await stopChecked(srv); });

  it('--secure-cookies marks the session cookie Secure', async () => {
    const r = await login(srv, 'alice', 'alice-pass-123', '198.51.100.200');
    assertStatus(r, 200);
    const sc = r.headers.get('set-cookie');
    const attrs = sc.split(';').map((s) => s.trim().toLowerCase());
    assert.ok(attrs.includes('secure'), `Secure: ${sc}`);
    assert.ok(attrs.includes('httponly'), `HttpOnly: ${sc}`);
    const out = await raw(srv.url, 'POST', '/api/v1/auth/logout', {
      headers: { cookie: sc.split(';')[0], 'x-csrf-token': r.json.csrf },
    });
    assertStatus(out, 204);
    assert.match(out.headers.get('set-cookie'), /; Secure/);
  });

  it('failed logins over many usernames from one address answer 429 too_many_attempts', async () => {
    const ip = '203.0.113.7';
    for (const name of ['spray-a', 'spray-b', 'alice']) {
      assertError(await login(srv, name, 'Mua-Xuan-2026', ip), 401, 'invalid_credentials');
    }
    // The right password does not get through either: the address is
    // refused before any password is looked at.
    assertThrottled(await login(srv, 'alice', 'alice-pass-123', ip), 'too_many_attempts');
    assertThrottled(await login(srv, 'spray-c', 'Mua-Xuan-2026', ip), 'too_many_attempts');
    // A client cannot step out by writing its own X-Forwarded-For: only
    // the last hop, the one the proxy appends, counts.
    assertThrottled(await login(srv, 'alice', 'alice-pass-123', `192.0.2.99, ${ip}`), 'too_many_attempts');
    // Another address, and the peer itself, are not affected.
    assertStatus(await login(srv, 'alice', 'alice-pass-123', '203.0.113.8'), 200);
    assertStatus(await login(srv, 'alice', 'alice-pass-123'), 200);
    // After the window the address has its whole allowance back.
    await sleep(WINDOW_MS + 100);
    assertStatus(await login(srv, 'alice', 'alice-pass-123', ip), 200);
    for (const name of ['spray-d', 'spray-e', 'spray-f']) {
      assertError(await login(srv, name, 'Mua-Xuan-2026', ip), 401, 'invalid_credentials');
    }
    assertThrottled(await login(srv, 'spray-g', 'Mua-Xuan-2026', ip), 'too_many_attempts');
  });

  it('successful logins do not count (an office behind one address)', async () => {
    const ip = '203.0.113.20';
    for (let i = 0; i < 8; i++) assertStatus(await login(srv, 'kcomm', 'kcomm-pass-1', ip), 200);
    // Bad bodies are not attempts either.
    for (let i = 0; i < 5; i++) assertError(await login(srv, '', '', ip), 422, 'invalid_field');
    assertError(await login(srv, 'nobody-x', 'Mua-Xuan-2026', ip), 401, 'invalid_credentials');
  });

  it('IPv6 clients count by their /64', async () => {
    for (const ip of ['2001:db8:1:2::a', '2001:db8:1:2::b', '2001:db8:1:2:ffff::1']) {
      assertError(await login(srv, 'v6-user', 'Mua-Xuan-2026', ip), 401, 'invalid_credentials');
    }
    assertThrottled(await login(srv, 'alice', 'alice-pass-123', '2001:db8:1:2::c'), 'too_many_attempts');
    assertStatus(await login(srv, 'alice', 'alice-pass-123', '2001:db8:1:3::c'), 200);
  });

  it('searches from one address answer 429 too_many_requests past the limit', async () => {
    const ip = '203.0.113.30';
    const c = new Client(srv.url);
    const r = await c.req('POST', '/api/v1/auth/login', { username: 'kcomm', password: 'kcomm-pass-1' }, { 'x-forwarded-for': ip });
    assertStatus(r, 200);
    c.cookie = r.headers.get('set-cookie').split(';')[0];
    const from = (addr) => ({ 'x-forwarded-for': addr });
    for (let i = 0; i < 3; i++) assertStatus(await c.get(`/api/v1/cases?q=Nguyen${i}`, from(ip)), 200);
    // The duplicate check is a search too and shares the allowance.
    for (let i = 0; i < 2; i++) {
      assertStatus(await c.get(`/api/v1/persons/duplicates?national_id=06205000123${i}`, from(ip)), 200);
    }
    assertThrottled(await c.get('/api/v1/cases?q=Tran', from(ip)), 'too_many_requests');
    assertThrottled(await c.get('/api/v1/persons/duplicates?national_id=062050001239', from(ip)), 'too_many_requests');
    // Lists without q are browsing, not searching.
    assertStatus(await c.get('/api/v1/cases', from(ip)), 200);
    assertStatus(await c.get('/api/v1/cases?stage=intake', from(ip)), 200);
    // The same user from another address searches on.
    assertStatus(await c.get('/api/v1/cases?q=Tran', from('203.0.113.31')), 200);
    await sleep(WINDOW_MS + 100);
    for (let i = 0; i < 5; i++) assertStatus(await c.get(`/api/v1/cases?q=Le${i}`, from(ip)), 200);
    assertThrottled(await c.get('/api/v1/cases?q=Le9', from(ip)), 'too_many_requests');
  });

  it('an X-Forwarded-For that is not an address falls back to the peer', async () => {
    // Garbage must neither crash nor open a fresh allowance per value.
    for (const v of ['not-an-ip', '1.2.3.4 5.6.7.8', 'x'.repeat(300)]) {
      assertError(await login(srv, `junk-${v.length}`, 'Mua-Xuan-2026', v), 401, 'invalid_credentials');
    }
    assertThrottled(await login(srv, 'junk-user', 'Mua-Xuan-2026', '::g'), 'too_many_attempts');
    assertThrottled(await login(srv, 'junk-user', 'Mua-Xuan-2026'), 'too_many_attempts');
  });
});

describe('per-address limits without --trust-proxy', () => {
  let srv;
  before(async () => { srv = await startServer({ users: USERS, serveArgs: LIMITS }); });
  after(async () => { await stopChecked(srv); });

  it('X-Forwarded-For is ignored: every request is the peer address', async () => {
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      assertError(await login(srv, `u-${ip}`, 'Mua-Xuan-2026', ip), 401, 'invalid_credentials');
    }
    assertThrottled(await login(srv, 'alice', 'alice-pass-123', '203.0.113.4'), 'too_many_attempts');
    assertThrottled(await login(srv, 'alice', 'alice-pass-123'), 'too_many_attempts');
  });
});

describe('cookies without --secure-cookies', () => {
  let srv;
  before(async () => { srv = await startServer({ users: USERS }); });
  after(async () => { await stopChecked(srv); });

  it('the session cookie is not Secure without --secure-cookies', async () => {
    const r = await login(srv, 'alice', 'alice-pass-123');
    assertStatus(r, 200);
    assert.doesNotMatch(r.headers.get('set-cookie'), /secure/i);
  });
});

describe('limits turned off and malformed flags', () => {
  let srv;
  before(async () => { srv = await startServer({ users: USERS, serveArgs: ['--login-ip-limit', '0', '--search-ip-limit', '0'] }); });
  after(async () => { await stopChecked(srv); });

  it('0 turns a limit off (the per-username throttle still holds)', async () => {
    for (let i = 0; i < 8; i++) {
      assertError(await login(srv, `off-${i}`, 'Mua-Xuan-2026'), 401, 'invalid_credentials');
    }
    assertStatus(await login(srv, 'alice', 'alice-pass-123'), 200);
    for (let i = 0; i < 5; i++) assertError(await login(srv, 'kcomm', 'Mua-Xuan-2026'), 401, 'invalid_credentials');
    assertError(await login(srv, 'kcomm', 'kcomm-pass-1'), 429, 'too_many_attempts');
  });

  it('serve refuses a malformed limit', () => {
    for (const [flag, v] of [['--login-ip-limit', '30'], ['--login-ip-limit', 'abc'], ['--search-ip-limit', '0/60'],
      ['--search-ip-limit', '10/0'], ['--login-ip-limit', '-1/60']]) {
      const r = cli(['serve', '--db', srv.db, '--listen', '127.0.0.1:1', flag, v]);
      assert.notEqual(r.status, 0, `${flag} ${v} accepted`);
      assert.match(r.stderr, new RegExp(`${flag} must be N/SECS or 0`));
    }
  });
});
