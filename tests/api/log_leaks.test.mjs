// The server log holds no secret and no restricted value (issue 10 §6;
// lib/log.h: "callers never pass a password, token or restricted
// field").  One server takes restricted cases (violence, trafficking)
// with names, national ids, phone numbers and narratives, notes, hotline
// calls, passwords, API tokens and session cookies — and errors with the
// same values inside: bad JSON, 422s, 404s and 405s with them in the
// path, failed logins, a locked username, an over-long body, searches.
// Then every distinctive value, as written and %-encoded, is looked for
// in everything the server wrote to stderr (the access log and any error
// line).  The server has no debug level; it runs with its full access log
// (no --quiet) and --trust-proxy so the X-Forwarded-For path is covered.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { raw, assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS, HOUR, isoAgo, hcmDay } from './cases_helpers.mjs';

const USERS = [
  { username: 'admin', full_name: 'Quản trị', role: 'admin', password: 'Admin-Kin-Dao-4417' },
  { username: 'kcomm', full_name: 'Cán bộ TT Đắk Tô', role: 'commune', scope: '23401', password: 'Kcomm-Kin-Dao-8823' },
  { username: 'kdist', full_name: 'Phòng Đắk Tô', role: 'district', scope: '612', password: 'Kdist-Kin-Dao-6631' },
  { username: 'hot', full_name: 'Tổng đài viên', role: 'hotline', scope: '62', password: 'Hot-Kin-Dao-2290' },
];

// Every value below is unique enough that finding it in the log can only
// mean it was written there.
const V = {
  gbvName: 'Vũ Thị Lộ Kín',
  gbvNid: '062199887766',
  gbvPhone: '0987 123 456',
  gbvSummary: 'Tóm-tắt-kín-8812 chồng đánh',
  gbvNote: 'Ghi-chú-kín-4471',
  gbvAssessment: 'Đánh-giá-kín-5903',
  tipName: 'Lò Văn Buôn Kín',
  tipNid: '062188776655',
  tipSummary: 'Bị-lừa-bán-kín-3306',
  callSummary: 'Cuộc-gọi-kín-3390',
  callPerson: 'Đinh Thị Gọi Kín',
  newUserPassword: 'Mat-Khau-Moi-7731',
  changedPassword: 'Doi-Mat-Khau-5529',
  wrongPassword: 'Sai-Mat-Khau-9917',
  badJsonName: 'Trần Văn Hỏng Kín',
  badNid: '06219988776X',
  longSecret: 'Chuoi-Dai-Kin-6612',
  searchName: 'Tìm Kiếm Kín',
  forgedToken: 'GiaMaoTokenKin0000000000000000000000000000000',
};

function forms(v) {
  const out = new Set([v, encodeURIComponent(v), encodeURIComponent(v).replace(/%20/g, '+')]);
  // The access log %-escapes bytes itself (upper-case hex, space as %20).
  out.add([...Buffer.from(v, 'utf8')].map((b) => (b > 0x20 && b < 0x7f && b !== 0x22 && b !== 0x25
    ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join(''));
  if (/\s/.test(v)) out.add(v.replace(/\s+/g, ''));
  return [...out];
}

describe('server log leaks', () => {
  let srv;
  const u = {};
  const secrets = new Map(); // label → value, for the final check

  before(async () => {
    srv = await startServer({ users: USERS, serveArgs: ['--trust-proxy'] });
    for (const x of USERS) {
      u[x.username] = await loginAs(srv.url, x.username, x.password);
      secrets.set(`${x.username} password`, x.password);
      secrets.set(`${x.username} cookie`, u[x.username].cookie.split('=')[1]);
      secrets.set(`${x.username} csrf`, u[x.username].csrf);
    }
    for (const [k, v] of Object.entries(V)) secrets.set(k, v);
  });
  after(async () => { await stopChecked(srv); });

  it('writes restricted cases, notes, calls, users and tokens, and provokes errors with them', async () => {
    const k = u.kcomm;
    const gbv = await k.post('/api/v1/cases', {
      type: 'gbv', unit_code: '23401', details: FACTS.gbv, summary: V.gbvSummary,
      person: { full_name: V.gbvName, sex: 'female', birth_year: 1990, national_id: V.gbvNid, contacts: `điện thoại ${V.gbvPhone}` },
    });
    assertStatus(gbv, 201);
    const id = gbv.json.id;
    assertStatus(await k.post(`/api/v1/cases/${id}/events`, { kind: 'note', text: V.gbvNote }), 201);
    assertStatus(await k.post(`/api/v1/cases/${id}/events`, { kind: 'assessment', risk_level: 'high', text: V.gbvAssessment }), 201);
    assertStatus(await k.get(`/api/v1/cases/${id}?reason=case_work`), 200);
    assertStatus(await u.kdist.get(`/api/v1/cases/${id}/history?reason=supervision`), 200);
    const tip = await k.post('/api/v1/cases', {
      type: 'trafficking_victim', unit_code: '23401', details: FACTS.trafficking_victim, summary: V.tipSummary,
      person: { full_name: V.tipName, sex: 'male', birth_year: 2001, national_id: V.tipNid },
    });
    assertStatus(tip, 201);

    const call = await u.hot.post('/api/v1/hotline-calls', {
      line: '111', received_at: isoAgo(HOUR), unit_code: '23401', caller_relation: 'neighbour',
      summary: V.callSummary, urgency: 'urgent',
    });
    assertStatus(call, 201);
    assertStatus(await u.hot.post(`/api/v1/hotline-calls/${call.json.id}/case`,
      { type: 'child_protection', person: { full_name: V.callPerson, sex: 'female' } }), 201);

    // Searches: by name, by national id, the duplicate check.
    assertStatus(await k.get(`/api/v1/cases?q=${encodeURIComponent(V.searchName)}`), 200);
    assertStatus(await k.get(`/api/v1/cases?q=${V.gbvNid}`), 200);
    assertStatus(await k.get(`/api/v1/persons/duplicates?national_id=${V.tipNid}`), 200);
    assertStatus(await k.get(`/api/v1/persons/duplicates?full_name=${encodeURIComponent(V.gbvName)}&birth_year=1990`), 200);

    // Users and passwords, API tokens.
    const nu = await u.admin.post('/api/v1/users', {
      username: 'newbie', full_name: 'Người Mới', role: 'district', scope_unit: '612', password: V.newUserPassword,
    });
    assertStatus(nu, 201);
    assertStatus(await u.admin.patch(`/api/v1/users/${nu.json.id}`, { password: V.changedPassword }), 200);
    assertError(await u.admin.patch(`/api/v1/users/${nu.json.id}`, { password: 'matkhau123' }), 422, 'weak_password');
    const tok = await k.post('/api/v1/tokens', { name: 'script' });
    assertStatus(tok, 201);
    secrets.set('api token', tok.json.token);
    const bearer = new Client(srv.url);
    bearer.bearer = tok.json.token;
    assertStatus(await bearer.get(`/api/v1/cases/${id}?reason=case_work`), 200);
    assertError(await raw(srv.url, 'GET', '/api/v1/me', { headers: { authorization: `Bearer ${V.forgedToken}` } }), 401);
    assertError(await raw(srv.url, 'GET', '/api/v1/me', { headers: { cookie: `trogiup_session=${V.forgedToken}` } }), 401);

    // Failed logins (wrong password, unknown user named like a victim),
    // a locked username, a login through a proxy.
    assertError(await raw(srv.url, 'POST', '/api/v1/auth/login',
      { body: { username: 'kcomm', password: V.wrongPassword } }), 401);
    assertError(await raw(srv.url, 'POST', '/api/v1/auth/login',
      { body: { username: 'vu.thi.lo.kin', password: V.wrongPassword } }), 401);
    for (let i = 0; i < 5; i++) {
      await raw(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'hot', password: V.wrongPassword } });
    }
    assertError(await raw(srv.url, 'POST', '/api/v1/auth/login',
      { body: { username: 'hot', password: USERS[3].password } }), 429, 'too_many_attempts');
    assertStatus(await raw(srv.url, 'POST', '/api/v1/auth/login', {
      headers: { 'x-forwarded-for': '203.0.113.9' }, body: { username: 'kdist', password: USERS[2].password },
    }), 200);

    // Errors carrying the values: bad JSON, 422s, paths with them inside.
    assertError(await k.post('/api/v1/cases', `{"type":"gbv","person":{"full_name":"${V.badJsonName}"`), 400);
    assertError(await k.post('/api/v1/cases', {
      type: 'gbv', unit_code: '23401', details: FACTS.gbv,
      person: { full_name: V.gbvName, sex: 'female', national_id: V.badNid },
    }), 422, 'invalid_field', 'person.national_id');
    assertError(await k.post('/api/v1/cases', {
      type: 'gbv', unit_code: '23401', details: FACTS.gbv, summary: V.gbvSummary,
      person: { full_name: V.gbvName, sex: 'nonsense' },
    }), 422, 'invalid_field');
    assertError(await k.post(`/api/v1/cases/${id}/events`, { kind: 'no-such-kind', text: V.gbvNote }), 422);
    assertError(await k.post(`/api/v1/cases/${id}/events`, { kind: 'note', text: V.gbvNote, [V.tipName]: 1 }), 422);
    assertError(await k.get(`/api/v1/cases/${encodeURIComponent(V.gbvName)}`), 404);
    assertError(await k.get(`/api/v1/cases/${V.gbvNid}`), 404);
    assertError(await k.get(`/api/v1/persons/${V.tipNid}`), 404);
    assertError(await k.get(`/api/v1/${encodeURIComponent(V.tipName)}`), 404);
    assertError(await k.del(`/api/v1/cases/${encodeURIComponent(V.gbvName)}/history`), 405);
    assertStatus(await k.get(`/tim-kiem/${encodeURIComponent(V.searchName)}`), 200); // the UI's fallback page
    assertError(await k.post('/api/v1/cases', JSON.stringify({ summary: V.longSecret, pad: 'x'.repeat(1100 * 1024) })), 413);
    assertError(await k.post('/api/v1/hotline-calls', { summary: V.callSummary, line: '111' }), 422);
    assertError(await u.hot.post('/api/v1/hotline-calls', {
      line: '111', received_at: 'not-a-time', unit_code: '23401', caller_relation: 'neighbour', summary: V.callSummary, urgency: 'urgent',
    }), 422);
    // A cookie request without CSRF, carrying the values.
    assertError(await k.req('POST', '/api/v1/cases', { summary: V.gbvSummary }, { 'x-csrf-token': 'wrong' }), 403, 'csrf');
    assertStatus(await k.post('/api/v1/auth/logout', {}), 204);
  });

  it('the log holds none of those values', async () => {
    // Stop first, so every line (including the last requests') is in.
    await stopChecked(srv);
    const log = srv.log();
    assert.ok(log.split('\n').filter((l) => l.includes('method=')).length > 40, 'the access log is on');
    const found = [];
    for (const [label, value] of secrets) {
      for (const f of forms(value)) {
        if (f.length >= 6 && log.includes(f)) found.push(`${label}: ${f}`);
      }
    }
    assert.deepEqual(found, [], `leaked into the server log:\n${log.split('\n').filter((l) =>
      found.some((x) => l.includes(x.split(': ')[1]))).join('\n')}`);
    srv = null;
  });
});
