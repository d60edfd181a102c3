// A name shared by cases in several units (API.md §Cases, `q`): the name
// search gives the same ids, in the same order (newest first), with the
// same total and the same pages, on both stores.  PostgreSQL runs its own
// text of the search (src/store/sql_pg.c: the persons of the name first,
// as an array) and SQLite the shared one (sql.c); this file runs under
// both (node --test, tests/api/run-pg), so each must give what the cases
// written here say, whichever plan it takes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS } from './cases_helpers.mjs';

const USERS = [
  { username: 'prov', full_name: 'Sở Kon Tum', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kcomm', full_name: 'Cán bộ TT Đắk Tô', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', full_name: 'Cán bộ Đắk Rơ Nga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'tb', full_name: 'Sở Thái Bình', role: 'province', scope: '34', password: 'tb-pass-12345' },
];

const SHARED_NAME = 'Lê Thị Trùng Tên';

describe('cases: a name shared across units', () => {
  let srv;
  const u = {};
  const byUnit = { 23401: [], 23427: [], 13192: [] }; // case ids, oldest first

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
    // Interleaved across the units, so "newest first" mixes them.
    const plan = [
      ['prov', '23401'], ['prov', '23427'], ['tb', '13192'], ['prov', '23401'],
      ['prov', '23427'], ['tb', '13192'], ['prov', '23401'],
    ];
    for (const [who, unit] of plan) {
      const r = await u[who].post('/api/v1/cases', {
        type: 'social_assistance', unit_code: unit, details: FACTS.social_assistance,
        person: { full_name: SHARED_NAME, sex: 'female', birth_year: 1970 },
      });
      assertStatus(r, 201);
      byUnit[unit].push(r.json.id);
    }
    // A neighbour whose name holds the words in another order.
    const r = await u.prov.post('/api/v1/cases', {
      type: 'social_assistance', unit_code: '23401', details: FACTS.social_assistance,
      person: { full_name: 'Trùng Tên Lê Thị', sex: 'female', birth_year: 1971 },
    });
    assertStatus(r, 201);
  });
  after(async () => { await stopChecked(srv); });

  const newestFirst = (...units) => units.flatMap((k) => byUnit[k]).sort((a, b) => b - a);
  async function search(who, q, extra = '') {
    const r = await u[who].get(`/api/v1/cases?q=${encodeURIComponent(q)}${extra}`);
    assertStatus(r, 200);
    return r.json;
  }

  it('finds every case of the name in scope, newest first, with the total', async () => {
    for (const q of ['le thi trung ten', SHARED_NAME, 'thi trung ten', 'THỊ TRÙNG']) {
      const all = await search('prov', q, '&page_size=50');
      assert.deepEqual(all.items.map((c) => c.id), newestFirst('23401', '23427'), `prov q=${q}`);
      assert.equal(all.total, 5, `prov q=${q}`);
    }
    const tb = await search('tb', 'le thi trung ten');
    assert.deepEqual(tb.items.map((c) => c.id), newestFirst('13192'));
    assert.equal(tb.total, 2);
  });

  it('keeps to the caller\'s unit and to the unit filter', async () => {
    const town = await search('kcomm', 'le thi trung ten');
    assert.deepEqual(town.items.map((c) => c.id), newestFirst('23401'));
    assert.equal(town.total, 3);
    const rnga = await search('rnga', 'le thi trung ten');
    assert.deepEqual(rnga.items.map((c) => c.id), newestFirst('23427'));
    assert.equal(rnga.total, 2);
    const unit = await search('prov', 'le thi trung ten', '&unit=23427');
    assert.deepEqual(unit.items.map((c) => c.id), newestFirst('23427'));
    assert.equal(unit.total, 2);
  });

  it('pages the matches with the same total on every page', async () => {
    const want = newestFirst('23401', '23427');
    const seen = [];
    for (let page = 1; page <= 3; page++) {
      const r = await search('prov', 'le thi trung ten', `&page=${page}&page_size=2`);
      assert.equal(r.total, 5, `page ${page}`);
      assert.deepEqual(r.items.map((c) => c.id), want.slice((page - 1) * 2, page * 2), `page ${page}`);
      seen.push(...r.items.map((c) => c.id));
    }
    assert.deepEqual(seen, want);
  });

  it('one word finds the name and the neighbour that holds it; words in order only', async () => {
    const r = await search('prov', 'trung', '&page_size=50');
    assert.equal(r.total, 6);
    const neighbour = r.items[0].id;
    assert.deepEqual(r.items.slice(1).map((c) => c.id), newestFirst('23401', '23427'));
    const other = await search('prov', 'ten le');
    assert.deepEqual(other.items.map((c) => c.id), [neighbour]);
    assert.equal(other.total, 1);
  });
});
