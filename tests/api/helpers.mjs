// tests/api/helpers.mjs — small helpers shared by the API test files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED, Client } from '../lib/server.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A request without the Client's automatic cookie/CSRF handling.
export async function raw(url, method, path, { headers = {}, body } = {}) {
  const h = { ...headers };
  if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
    h['content-type'] = 'application/json';
  }
  const r = await fetch(url + path, {
    method, headers: h, redirect: 'manual',
    body: body === undefined ? undefined : (typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body)),
  });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: r.status, headers: r.headers, text, json };
}

// Asserts the status and the contract's error shape
// {"error":{"code","message","field"?}}; code/field checked when given.
export function assertError(r, status, code, field) {
  const what = `${r.status} ${r.text.slice(0, 300)}`;
  assert.equal(r.status, status, `status: ${what}`);
  assert.ok(r.json && typeof r.json.error === 'object' && r.json.error !== null,
    `error body expected: ${what}`);
  assert.equal(typeof r.json.error.code, 'string', `error.code: ${what}`);
  assert.match(r.json.error.code, /^[a-z][a-z0-9_]*$/, `error.code snake_case: ${what}`);
  assert.equal(typeof r.json.error.message, 'string', `error.message: ${what}`);
  if (code !== undefined) assert.equal(r.json.error.code, code, `error.code: ${what}`);
  if (field !== undefined) assert.equal(r.json.error.field, field, `error.field: ${what}`);
}

export function assertStatus(r, status) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status} ${r.text.slice(0, 300)}`);
}

export async function loginAs(url, username, password) {
  const c = new Client(url);
  const r = await c.login(username, password);
  assertStatus(r, 200);
  return c;
}

// Throws when any key of any object inside v looks like a secret, or when
// the serialised text carries an argon2 / bcrypt hash.
export function assertNoSecrets(v, where = 'body') {
  const walk = (x, path) => {
    if (Array.isArray(x)) { x.forEach((e, i) => walk(e, `${path}[${i}]`)); return; }
    if (x && typeof x === 'object') {
      for (const [k, e] of Object.entries(x)) {
        assert.doesNotMatch(k, /hash|salt|^password$|^secret$/i, `${where}: key ${path}.${k}`);
        walk(e, `${path}.${k}`);
      }
    }
  };
  walk(v, '$');
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  assert.doesNotMatch(text, /\$argon2|\$2[aby]\$/, `${where}: contains a password hash`);
}

// Case and diacritic folding as DESIGN.md §2 describes (đ → d).
export function fold(s) {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

// The units of one tree as in the shared CSV: [{code,name,type,level,parent_code}].
const unitCache = new Map();
export function loadUnits(tree) {
  if (!unitCache.has(tree)) {
    const text = readFileSync(join(SHARED, `data/units-${tree}.csv`), 'utf8');
    const lines = text.split(/\r?\n/).filter(Boolean);
    assert.equal(lines[0], 'code,name,type,level,parent_code');
    unitCache.set(tree, lines.slice(1).map((l) => {
      const [code, name, type, level, parent_code] = l.split(',');
      return { code, name, type, level: Number(level), parent_code };
    }));
  }
  return unitCache.get(tree);
}

// Codes of `code` and everything below it in a tree.
export function subtreeCodes(tree, code) {
  const units = loadUnits(tree);
  const out = new Set([code]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units) {
      if (!out.has(u.code) && out.has(u.parent_code)) { out.add(u.code); grew = true; }
    }
  }
  return out;
}

// The code of a user's scope whatever its exact shape ({code} or a string).
export function scopeCode(user) {
  const s = user.scope;
  if (s && typeof s === 'object') return s.code ?? null;
  return s ?? null;
}

// Stops a server started by startServer() and fails when it did not exit
// 0 on SIGTERM or when its log carries a sanitizer report (the suite also
// runs against the ASan/UBSan build).
export async function stopChecked(srv) {
  if (!srv) return;
  const code = await srv.stop();
  const log = srv.log();
  assert.doesNotMatch(log, /AddressSanitizer|LeakSanitizer|runtime error:/, `sanitizer report in the server log:\n${log.slice(-4000)}`);
  assert.equal(code, 0, `serve exit code on SIGTERM; log tail:\n${log.slice(-2000)}`);
}
