// Administrative units (API.md §Administrative units) against the shared CSVs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { raw, assertError, assertStatus, loginAs, loadUnits, fold, stopChecked } from './helpers.mjs';

describe('units', () => {
  let srv, c;
  before(async () => {
    // A national user, so that no scope rule can narrow the tree.
    srv = await startServer({ users: [{ username: 'nat', role: 'admin', password: 'national-pass-1' }] });
    c = await loginAs(srv.url, 'nat', 'national-pass-1');
  });
  after(async () => { await stopChecked(srv); });

  const total = async (qs) => {
    const r = await c.get(`/api/v1/units?${qs}`);
    assertStatus(r, 200);
    assert.equal(typeof r.json.total, 'number', `total of ${qs}`);
    assert.ok(Array.isArray(r.json.items));
    return r.json.total;
  };

  it('without a session answers 401', async () => {
    assertError(await raw(srv.url, 'GET', '/api/v1/units?level=1'), 401);
    assertError(await raw(srv.url, 'GET', '/api/v1/units/62'), 401);
  });

  it('tree 2024 has 63 / 696 / 10047 units per level, as the CSV', async () => {
    const csv = loadUnits('2024');
    for (const [level, n] of [[1, 63], [2, 696], [3, 10047]]) {
      assert.equal(csv.filter((u) => u.level === level).length, n);
      assert.equal(await total(`level=${level}&tree=2024&page_size=1`), n, `level ${level}`);
    }
  });

  it('tree 2025 has 34 / 3321 units per level', async () => {
    assert.equal(await total('level=1&tree=2025&page_size=1'), 34);
    assert.equal(await total('level=2&tree=2025&page_size=1'), 3321);
  });

  it('the default tree is 2024', async () => {
    assert.equal(await total('level=1&page_size=1'), 63);
    const r = await c.get('/api/v1/units?level=1&page_size=200');
    assertStatus(r, 200);
    assert.equal(r.json.items.length, 63);
    assert.ok(r.json.items.every((u) => u.tree === '2024'));
  });

  it('page_size=1 answers one item with the contract fields', async () => {
    const r = await c.get('/api/v1/units?level=1&tree=2025&page_size=1');
    assertStatus(r, 200);
    assert.equal(r.json.items.length, 1);
    const u = r.json.items[0];
    for (const k of ['code', 'name', 'type', 'level', 'parent_code', 'tree']) assert.ok(k in u, `item lacks ${k}`);
    assert.equal(u.tree, '2025');
  });

  it('GET /units/62 is Kon Tum with a one-entry path', async () => {
    const r = await c.get('/api/v1/units/62');
    assertStatus(r, 200);
    assert.equal(r.json.code, '62');
    assert.equal(r.json.name, 'Kon Tum');
    assert.equal(r.json.type, 'Tỉnh');
    assert.equal(r.json.level, 1);
    assert.equal(r.json.tree, '2024');
    assert.ok(r.json.parent_code === null || r.json.parent_code === '' || r.json.parent_code === undefined,
      `parent_code of a province: ${r.json.parent_code}`);
    assert.deepEqual(r.json.path.map(({ code, name }) => ({ code, name })), [{ code: '62', name: 'Kon Tum' }]);
  });

  it('GET /units/612 (Đắk Tô district) has path Kon Tum › Đắk Tô', async () => {
    const r = await c.get('/api/v1/units/612');
    assertStatus(r, 200);
    assert.equal(r.json.name, 'Đắk Tô');
    assert.equal(r.json.type, 'Huyện');
    assert.equal(r.json.level, 2);
    assert.equal(r.json.parent_code, '62');
    assert.deepEqual(r.json.path.map(({ code, name }) => ({ code, name })),
      [{ code: '62', name: 'Kon Tum' }, { code: '612', name: 'Đắk Tô' }]);
  });

  it('a commune\'s path has three entries, province first', async () => {
    const r = await c.get('/api/v1/units/23401');
    assertStatus(r, 200);
    assert.equal(r.json.type, 'Thị trấn');
    assert.equal(r.json.level, 3);
    assert.deepEqual(r.json.path.map((p) => p.code), ['62', '612', '23401']);
    assert.deepEqual(r.json.path.map((p) => p.name), ['Kon Tum', 'Đắk Tô', 'Đắk Tô']);
  });

  it('an unknown code answers 404 not_found', async () => {
    assertError(await c.get('/api/v1/units/99999'), 404, 'not_found');
  });

  it('parent=62 lists Kon Tum\'s districts, as the CSV', async () => {
    const want = loadUnits('2024').filter((u) => u.parent_code === '62');
    assert.equal(want.length, 10);
    const r = await c.get('/api/v1/units?parent=62&page_size=200');
    assertStatus(r, 200);
    assert.equal(r.json.total, want.length);
    assert.deepEqual(r.json.items.map((u) => u.code).sort(), want.map((u) => u.code).sort());
    for (const u of r.json.items) {
      const w = want.find((x) => x.code === u.code);
      assert.equal(u.name, w.name);
      assert.equal(u.type, w.type);
      assert.equal(u.level, 2);
      assert.equal(u.parent_code, '62');
      assert.equal(u.tree, '2024');
    }
  });

  it('q matches names ignoring case and diacritics', async () => {
    for (const q of ['dak to', 'ĐẮK TÔ', 'Đắk Tô', 'DAK TO']) {
      const r = await c.get(`/api/v1/units?q=${encodeURIComponent(q)}&level=2`);
      assertStatus(r, 200);
      assert.deepEqual(r.json.items.map((u) => u.code), ['612'], `q=${q}`);
      assert.equal(r.json.total, 1, `q=${q}`);
    }
    const all = await c.get(`/api/v1/units?q=${encodeURIComponent('dak to')}&page_size=200`);
    assertStatus(all, 200);
    const codes = all.json.items.map((u) => u.code);
    assert.ok(codes.includes('612') && codes.includes('23401'), `q=dak to without level: ${codes}`);
    const want = loadUnits('2024').filter((u) => u.level === 2 && fold(u.name).includes('dak'));
    assert.equal(want.length, 9);
    const dak = await c.get('/api/v1/units?q=dak&level=2&page_size=200');
    assertStatus(dak, 200);
    assert.equal(dak.json.total, want.length);
    assert.deepEqual(dak.json.items.map((u) => u.code).sort(), want.map((u) => u.code).sort());
    assert.ok(dak.json.items.some((u) => u.code === '610'), 'Đắk Glei (610) found by q=dak');
    for (const q of ['%', '_', "'", '%dak%', '\\']) {
      const w = await c.get(`/api/v1/units?q=${encodeURIComponent(q)}&level=1`);
      assertStatus(w, 200);
      assert.equal(w.json.total, 0, `q=${q} is literal text, not a pattern`);
    }
    const none = await c.get('/api/v1/units?q=zzzqqq');
    assertStatus(none, 200);
    assert.equal(none.json.total, 0);
    assert.deepEqual(none.json.items, []);
  });

  it('page and page_size split a list without overlap', async () => {
    const p1 = await c.get('/api/v1/units?parent=62&page=1&page_size=4');
    const p2 = await c.get('/api/v1/units?parent=62&page=2&page_size=4');
    const p3 = await c.get('/api/v1/units?parent=62&page=3&page_size=4');
    const p4 = await c.get('/api/v1/units?parent=62&page=4&page_size=4');
    for (const r of [p1, p2, p3, p4]) { assertStatus(r, 200); assert.equal(r.json.total, 10); }
    assert.deepEqual([p1, p2, p3, p4].map((r) => r.json.items.length), [4, 4, 2, 0]);
    const codes = [p1, p2, p3].flatMap((r) => r.json.items.map((u) => u.code));
    assert.equal(new Set(codes).size, 10);
    const big = await c.get('/api/v1/units?level=3&page_size=200');
    assertStatus(big, 200);
    assert.equal(big.json.items.length, 200);
  });

  it('bad paging parameters answer 422 with the field', async () => {
    assertError(await c.get('/api/v1/units?page_size=201'), 422, undefined, 'page_size');
    assertError(await c.get('/api/v1/units?page_size=0'), 422, undefined, 'page_size');
    assertError(await c.get('/api/v1/units?page=abc'), 422, undefined, 'page');
    assertError(await c.get('/api/v1/units?page=0'), 422, undefined, 'page');
    assertError(await c.get('/api/v1/units?level=x'), 422, undefined, 'level');
    for (const bad of ['-1', '1.5', '99999999999999999999', '1e2', '+2', ' 2', '']) {
      const r = await c.get(`/api/v1/units?page=${encodeURIComponent(bad)}&page_size=1`);
      if (bad === '') assert.ok([200, 422].includes(r.status), `page=(empty): ${r.status}`);
      else assertError(r, 422, undefined, 'page');
    }
    for (const bad of ['200.5', '1e2', '99999999999999999999', '-5']) {
      assertError(await c.get(`/api/v1/units?page_size=${encodeURIComponent(bad)}`), 422, undefined, 'page_size');
    }
    for (const q of ['x'.repeat(5000), '\u0000', 'a\u0000b', '\uFFFD\uD7FF']) {
      const r = await c.get(`/api/v1/units?q=${encodeURIComponent(q)}`);
      assert.ok([200, 422].includes(r.status), `q of ${q.length} odd chars: ${r.status} ${r.text.slice(0, 120)}`);
    }
  });

  it('tree=2025 selects the two-tier tree; Kon Tum is not in it', async () => {
    assertError(await c.get('/api/v1/units/62?tree=2025'), 404, 'not_found');
    const qn = await c.get('/api/v1/units/51?tree=2025');
    assertStatus(qn, 200);
    assert.equal(qn.json.name, 'Quảng Ngãi');
    assert.equal(qn.json.tree, '2025');
    assert.deepEqual(qn.json.path.map((p) => p.code), ['51']);
    const want = loadUnits('2025').filter((u) => u.parent_code === '51');
    assert.equal(await total('parent=51&tree=2025&page_size=1'), want.length);
    const commune = want[0];
    const cr = await c.get(`/api/v1/units/${commune.code}?tree=2025`);
    assertStatus(cr, 200);
    assert.equal(cr.json.level, 2);
    assert.deepEqual(cr.json.path.map((p) => p.code), ['51', commune.code]);
  });

  it('an unknown tree answers 422 field tree', async () => {
    assertError(await c.get('/api/v1/units?tree=1999'), 422, undefined, 'tree');
    assertError(await c.get('/api/v1/units/62?tree=1999'), 422, undefined, 'tree');
  });
});
