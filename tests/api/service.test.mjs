// Service endpoints (API.md §Service), security headers, body limits,
// errors for unknown routes and bad JSON, and the static UI.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startServer, WEB_DIST } from '../lib/server.mjs';
import { raw, assertError, assertStatus, stopChecked } from './helpers.mjs';

const HAS_WEB = existsSync(join(WEB_DIST, 'index.html'));
const NO_WEB = HAS_WEB ? false : `web/dist/index.html does not exist (UI not built: run make web)`;

function assertSecurityHeaders(h, what) {
  const csp = h.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy missing`);
  assert.doesNotMatch(csp, /'unsafe-inline'/, `${what}: CSP allows 'unsafe-inline': ${csp}`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP lacks frame-ancestors 'none': ${csp}`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.ok(h.get('referrer-policy'), `${what}: Referrer-Policy missing`);
  assert.ok(h.get('x-request-id'), `${what}: X-Request-Id missing`);
}

// GET with node:http so that Content-Encoding and the raw bytes are seen
// exactly as sent (fetch decompresses).
function rawGet(url, headers) {
  return new Promise((ok, fail) => {
    const req = request(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('service', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await stopChecked(srv); });

  it('GET /healthz answers 200 {"status":"ok","db":"ok"}', async () => {
    const r = await raw(srv.url, 'GET', '/healthz');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(r.json.status, 'ok');
    assert.equal(r.json.db, 'ok');
  });

  it('GET /metrics answers Prometheus text with request counts, a histogram and pool use', async () => {
    await raw(srv.url, 'GET', '/healthz');
    await raw(srv.url, 'GET', '/api/v1/nope');
    const r = await raw(srv.url, 'GET', '/metrics');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
    const counter = r.text.split('\n').filter((l) => l.startsWith('trogiup_http_requests_total{'));
    assert.ok(counter.length > 0, `no trogiup_http_requests_total{ line in:\n${r.text.slice(0, 2000)}`);
    for (const l of counter) {
      assert.match(l, /route="[^"]*"/, `route label: ${l}`);
      assert.match(l, /status="\d{3}"/, `status label: ${l}`);
      assert.match(l, /\}\s+\d+(\.\d+)?(e[+-]?\d+)?(\s+\d+)?$/, `sample value: ${l}`);
    }
    assert.ok(counter.some((l) => /status="404"/.test(l)), 'the 404 of /api/v1/nope is counted');
    assert.ok(counter.some((l) => /status="200"/.test(l)), 'the 200 of /healthz is counted');
    assert.match(r.text, /^# TYPE trogiup_\w+ histogram$/m, 'a histogram TYPE line');
    assert.match(r.text, /^trogiup_\w+_bucket\{[^}]*route="[^"]*"[^}]*le="[^"]+"[^}]*\} \d+/m,
      'histogram buckets with route and le labels');
    assert.match(r.text, /^trogiup_\w+_bucket\{[^}]*le="\+Inf"/m, 'a +Inf bucket');
    assert.match(r.text, /^trogiup_db_pool_in_use(\{[^}]*\})? \d+(\.\d+)?$/m, 'trogiup_db_pool_in_use gauge');
  });

  it('GET /api/v1/openapi.json describes OpenAPI 3 with every path the tests use', async () => {
    const r = await raw(srv.url, 'GET', '/api/v1/openapi.json');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(typeof r.json.openapi, 'string');
    assert.ok(r.json.openapi.startsWith('3.'), `openapi: ${r.json.openapi}`);
    assert.equal(typeof r.json.paths, 'object');
    // Keys may carry the /api/v1 prefix or leave it to `servers`; parameter
    // names are not compared.
    const norm = (p) => p.replace(/^\/api\/v1(?=\/)/, '').replace(/\{[^}]*\}/g, '{}');
    const have = new Set(Object.keys(r.json.paths).map(norm));
    for (const p of ['/auth/login', '/auth/logout', '/me', '/tokens', '/units', '/units/{code}',
      '/users', '/users/{id}', '/audit']) {
      assert.ok(have.has(norm(p)), `paths lacks /api/v1${p}; has ${[...have].join(' ')}`);
    }
  });

  it('security headers on API answers (200, 401, 404) and X-Request-Id differs per request', async () => {
    const a = await raw(srv.url, 'GET', '/healthz');
    const b = await raw(srv.url, 'GET', '/healthz');
    const me = await raw(srv.url, 'GET', '/api/v1/me');
    const nope = await raw(srv.url, 'GET', '/api/v1/nope');
    const oa = await raw(srv.url, 'GET', '/api/v1/openapi.json');
    assertSecurityHeaders(a.headers, '/healthz');
    assertSecurityHeaders(me.headers, '/api/v1/me (401)');
    assertSecurityHeaders(nope.headers, '/api/v1/nope (404)');
    assertSecurityHeaders(oa.headers, '/api/v1/openapi.json');
    assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
    assert.notEqual(me.headers.get('x-request-id'), nope.headers.get('x-request-id'));
  });

  it('a body over 1 MiB answers 413 payload_too_large', async () => {
    const body = JSON.stringify({ username: 'someone', password: 'x'.repeat(1.1 * 1024 * 1024) });
    assert.ok(body.length > 1024 * 1024);
    const r = await raw(srv.url, 'POST', '/api/v1/auth/login', { body });
    assertError(r, 413, 'payload_too_large');
    assertSecurityHeaders(r.headers, '413');
  });

  it('a chunked body over 1 MiB (no Content-Length) answers 413 payload_too_large', async () => {
    const r = await new Promise((ok, fail) => {
      const u = new URL(srv.url + '/api/v1/auth/login');
      const req = request(u, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => ok({ status: res.statusCode, text }));
      });
      req.on('error', fail);
      req.write('{"username":"someone","password":"');
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 18; i++) req.write(chunk);
      req.end('"}');
    }).catch((e) => ({ status: 0, text: String(e) }));
    assert.equal(r.status, 413, `chunked 1.1 MiB: ${r.status} ${r.text.slice(0, 200)}`);
    assert.equal(JSON.parse(r.text).error.code, 'payload_too_large');
  });

  it('metrics label routes by pattern, not by raw path', async () => {
    await raw(srv.url, 'GET', '/api/v1/units/62');
    await raw(srv.url, 'GET', '/api/v1/units/612');
    const r = await raw(srv.url, 'GET', '/metrics');
    assertStatus(r, 200);
    assert.doesNotMatch(r.text, /route="[^"]*\/api\/v1\/units\/62"/, 'a unit code must not become a label value');
    assert.match(r.text, /^trogiup_http_requests_total\{[^}]*route="(?:[A-Z]+ )?\/api\/v1\/units\/(?::\w+|\{\w+\})"[^}]*status="401"/m,
      'the unit route counted under its pattern');
  });

  it('an unknown API path answers 404 not_found as JSON', async () => {
    const r = await raw(srv.url, 'GET', '/api/v1/nope');
    assertError(r, 404, 'not_found');
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    const p = await raw(srv.url, 'POST', '/api/v1/nope/deeper', { body: {} });
    assertError(p, 404, 'not_found');
  });

  it('malformed JSON answers 400 bad_json', async () => {
    const r = await raw(srv.url, 'POST', '/api/v1/auth/login', { body: '{"username": "a", ' });
    assertError(r, 400, 'bad_json');
    const s = await raw(srv.url, 'POST', '/api/v1/auth/login', { body: '[1,2' });
    assertError(s, 400, 'bad_json');
    const bytes = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","password":"abcdefghijk"}')]);
    assertError(await raw(srv.url, 'POST', '/api/v1/auth/login', { body: new Uint8Array(bytes) }), 400, 'bad_json');
  });

  describe('static UI', () => {
    it('GET / answers index.html', { skip: NO_WEB }, async () => {
      const r = await raw(srv.url, 'GET', '/');
      assertStatus(r, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(r.text, readFileSync(join(WEB_DIST, 'index.html'), 'utf8'));
      assertSecurityHeaders(r.headers, 'GET /');
    });

    it('a hashed asset is served gzip-encoded and immutable', { skip: NO_WEB }, async () => {
      const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
      const m = index.match(/["'](\/assets\/[^"']+\.(?:js|css))["']/);
      assert.ok(m, 'index.html references an /assets/… file');
      const asset = m[1];
      const onDisk = readFileSync(join(WEB_DIST, asset));
      const r = await rawGet(srv.url + asset, { 'accept-encoding': 'gzip' });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-encoding'], 'gzip');
      assert.match(r.headers['cache-control'] ?? '', /immutable/);
      assert.match(r.headers['cache-control'] ?? '', /max-age=\d{6,}/);
      assert.ok(gunzipSync(r.body).equals(onDisk), 'gunzipped body equals the file');
      assert.match(r.headers['content-type'] ?? '', asset.endsWith('.js') ? /javascript/ : /text\/css/);
      assertSecurityHeaders(new Headers(r.headers), asset);
      const plain = await rawGet(srv.url + asset, {});
      assert.equal(plain.status, 200);
      assert.notEqual(plain.headers['content-encoding'], 'gzip', 'no gzip without Accept-Encoding');
      assert.ok(plain.body.equals(onDisk));
    });

    it('paths outside web/dist are never served', { skip: NO_WEB }, async () => {
      for (const p of ['/../../../../etc/passwd', '/assets/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
        '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/..%2f..%2f..%2f..%2fetc%2fpasswd']) {
        const r = await rawGet(srv.url + p, {});
        assert.doesNotMatch(r.body.toString('latin1'), /root:.*:0:0:/, `${p} leaked /etc/passwd`);
        assert.ok([200, 400, 404].includes(r.status), `${p}: ${r.status}`);
      }
    });

    it('a missing hashed asset answers 404, not index.html', { skip: NO_WEB }, async () => {
      const r = await raw(srv.url, 'GET', '/assets/index-DoesNotExist.js');
      assert.equal(r.status, 404, `missing asset answered ${r.status} ${r.headers.get('content-type')}`);
      assert.doesNotMatch(r.text, /<!doctype html/i);
    });

    it('a client-side route falls back to index.html', { skip: NO_WEB }, async () => {
      const r = await raw(srv.url, 'GET', '/some/client/route');
      assertStatus(r, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(r.text, readFileSync(join(WEB_DIST, 'index.html'), 'utf8'));
      assertSecurityHeaders(r.headers, '/some/client/route');
    });
  });
});
