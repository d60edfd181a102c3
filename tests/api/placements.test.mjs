// Alternative care (docs/network.md §Alternative care; RULES.md §3):
// the carer register, placements with their rules (kin vs non-kin carer,
// 20-year age gap, residential needs a facility, one active per case,
// child_protection only), reviews every six months, ending, events and
// audit; hotline users have no business here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { FACTS, ADULT, hcmDay } from './cases_helpers.mjs';

const USERS = [
  { username: 'prov', role: 'province', scope: '62', password: 'prov-pass-123' },
  { username: 'kcomm', role: 'commune', scope: '23401', password: 'kcomm-pass-1' },
  { username: 'rnga', role: 'commune', scope: '23427', password: 'rnga-pass-12' },
  { username: 'hot', role: 'hotline', scope: '62', password: 'hot-pass-1234' },
  { username: 'auditor', role: 'auditor', password: 'auditor-pass-1' },
];
const KIN = { full_name: 'Nguyễn Thị Bà', kind: 'kin', sex: 'female', birth_year: 1960, unit_code: '23401', registered_on: '2024-03-01' };
const FOSTER = { full_name: 'Gia Đình Trần Văn', kind: 'non_kin', birth_year: 1980, unit_code: '23401', registered_on: '2024-03-01' };

// "YYYY-MM-DD" plus months, the day clamped as the server does.
const addMonths = (d, m) => {
  const [y, mo, da] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1 + m, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(da, last));
  return t.toISOString().slice(0, 10);
};

describe('alternative care', () => {
  let srv; const u = {}; let n = 0;
  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) u[x.username] = await loginAs(srv.url, x.username, x.password);
  });
  after(async () => { await stopChecked(srv); });
  const newCase = async (over = {}, birth_year = 2014) => {
    const r = await u.kcomm.post('/api/v1/cases', { type: 'child_protection', unit_code: '23401', person: { full_name: `Bé Số ${++n}`, sex: 'male', birth_year }, details: FACTS.child_protection, ...over });
    assertStatus(r, 201); return r.json;
  };
  const newCarer = async (over = {}) => { const r = await u.kcomm.post('/api/v1/carers', { ...KIN, ...over }); assertStatus(r, 201); return r.json; };
  const place = (body, who = 'kcomm') => u[who].post('/api/v1/placements', body);
  const audit = async (action) => (await u.auditor.get(`/api/v1/audit?action=${action}&page_size=200`)).json.items;

  it('carers: create, get with placements, patch, list; bad fields 422; outside scope 404', async () => {
    const k = await newCarer();
    assert.equal(k.kind, 'kin'); assert.equal(k.status, 'active'); assert.deepEqual(k.placements, []);
    for (const [over, field] of [[{ full_name: undefined }, 'full_name'], [{ kind: 'friend' }, 'kind'], [{ unit_code: '1' }, 'unit_code'],
      [{ registered_on: hcmDay(3) }, 'registered_on'], [{ birth_year: 1800 }, 'birth_year'], [{ national_id: '12ab5678901' }, 'national_id'],
      [{ household_size: 0 }, 'household_size'], [{ sex: 'x' }, 'sex'], [{ colour: 1 }, 'colour']])
      assertError(await u.kcomm.post('/api/v1/carers', { ...KIN, ...over }), 422, 'invalid_field', field);
    assertError(await u.kcomm.post('/api/v1/carers', { ...KIN, unit_code: '23427' }), 403, 'out_of_scope');
    const p = await u.kcomm.patch(`/api/v1/carers/${k.id}`, { phone: '0901234567', status: 'inactive' });
    assertStatus(p, 200); assert.equal(p.json.status, 'inactive'); assert.equal(p.json.version, 2);
    assertError(await u.kcomm.patch(`/api/v1/carers/${k.id}`, { status: 'gone' }), 422, 'invalid_field', 'status');
    assertError(await u.kcomm.patch(`/api/v1/carers/${k.id}`, { phone: '1' }, { 'if-match': `"k${k.id}-1"` }), 412, 'stale');
    const l = await u.kcomm.get('/api/v1/carers?kind=kin&q=nguyen thi');
    assertStatus(l, 200); assert.ok(l.json.items.some((x) => x.id === k.id));
    assertError(await u.rnga.get(`/api/v1/carers/${k.id}`), 404, 'not_found');
    assert.equal((await u.rnga.get('/api/v1/carers')).json.items.some((x) => x.id === k.id), false);
    const a = (await audit('carer_create')).find((e) => e.target === `carer:${k.id}`);
    assert.ok(a); assert.doesNotMatch(JSON.stringify(a), /Nguyễn Thị Bà/);
  });

  it('placement rules: form and carer kind, age gap, facility, child_protection, one active per case', async () => {
    const c = await newCase();
    const kin = await newCarer(); const foster = await newCarer(FOSTER);
    const youngFoster = await newCarer({ ...FOSTER, full_name: 'Gia Đình Trẻ', birth_year: 2000 });
    const youngKin = await newCarer({ ...KIN, full_name: 'Anh Họ', birth_year: hcmDay().slice(0, 4) - 16 });
    assertError(await place({ case_id: c.id, form: 'kinship_care' }), 422, 'invalid_field', 'carer_id');
    assertError(await place({ case_id: c.id, form: 'kinship_care', carer_id: foster.id }), 422, 'invalid_field', 'carer_id');
    assertError(await place({ case_id: c.id, form: 'foster_non_kin', carer_id: kin.id }), 422, 'invalid_field', 'carer_id');
    assertError(await place({ case_id: c.id, form: 'foster_non_kin', carer_id: youngFoster.id }), 422, 'invalid_field', 'carer_id');
    assertError(await place({ case_id: c.id, form: 'kinship_care', carer_id: youngKin.id }), 422, 'invalid_field', 'carer_id');
    assertError(await place({ case_id: c.id, form: 'residential_care' }), 422, 'invalid_field', 'facility_id');
    assertError(await place({ case_id: c.id, form: 'tent' }), 422, 'invalid_field', 'form');
    assertError(await place({ case_id: c.id, form: 'kinship_care', carer_id: 999999 }), 422, 'invalid_field', 'carer_id');
    const adult = await u.kcomm.post('/api/v1/cases', { type: 'social_assistance', unit_code: '23401', person: ADULT, details: FACTS.social_assistance });
    assertError(await place({ case_id: adult.json.id, form: 'emergency_care' }), 422, 'invalid_field', 'case_id');
    assertError(await place({ case_id: 999999, form: 'emergency_care' }), 404, 'not_found');
    assert.equal((await u.kcomm.get(`/api/v1/placements?case_id=${c.id}`)).json.total, 0);
    const start = hcmDay(-10);
    const r = await place({ case_id: c.id, form: 'foster_non_kin', carer_id: foster.id, start_on: start, decision_no: '15/QĐ-UBND' });
    assertStatus(r, 201);
    assert.equal(r.json.active, true); assert.equal(r.json.next_review_on, addMonths(start, 6)); assert.equal(r.json.review_overdue, false);
    assert.deepEqual(r.json.reviews, []);
    assertError(await place({ case_id: c.id, form: 'kinship_care', carer_id: kin.id }), 409, 'already_placed');
    const fac = await u.prov.post('/api/v1/facilities', { name: 'Làng trẻ', type: 'fac_children', ownership: 'public', unit_code: '62', capacity: 10 });
    assertStatus(fac, 201);
    const c2 = await newCase();
    const rc = await place({ case_id: c2.id, form: 'residential_care', facility_id: fac.json.id });
    assertStatus(rc, 201); assert.equal(rc.json.facility_name, 'Làng trẻ');
    const cg = await u.kcomm.get(`/api/v1/carers/${foster.id}`);
    assert.equal(cg.json.placements.length, 1); assert.equal(cg.json.active_placements, 1);
    assert.ok((await u.kcomm.get(`/api/v1/cases/${c.id}/history`)).json.items.some((e) => e.kind === 'placement'));
    assert.ok((await audit('placement_create')).some((e) => e.target === `placement:${r.json.id}`));
  });

  it('reviews move next_review_on by six months; end twice is 409; a closed case is 409', async () => {
    const c = await newCase();
    const kin = await newCarer({ full_name: 'Ông Ngoại' });
    const start = hcmDay(-40);
    const p = (await place({ case_id: c.id, form: 'kinship_care', carer_id: kin.id, start_on: start })).json;
    assertError(await u.kcomm.post(`/api/v1/placements/${p.id}/reviews`, { outcome: 'maybe' }), 422, 'invalid_field', 'outcome');
    assertError(await u.kcomm.post(`/api/v1/placements/${p.id}/reviews`, { outcome: 'continue', reviewed_on: hcmDay(-50) }), 422, 'invalid_field', 'reviewed_on');
    const rv = await u.kcomm.post(`/api/v1/placements/${p.id}/reviews`, { outcome: 'continue', reviewed_on: hcmDay(-5), note: 'Ổn định' });
    assertStatus(rv, 201);
    assert.equal(rv.json.next_review_on, addMonths(hcmDay(-5), 6)); assert.equal(rv.json.reviews.length, 1);
    assertError(await u.kcomm.post(`/api/v1/placements/${p.id}/end`, { reason: 'bored' }), 422, 'invalid_field', 'reason');
    assertError(await u.kcomm.post(`/api/v1/placements/${p.id}/end`, { reason: 'returned_home', end_on: hcmDay(-41) }), 422, 'invalid_field', 'end_on');
    const e = await u.kcomm.post(`/api/v1/placements/${p.id}/end`, { reason: 'returned_home' });
    assertStatus(e, 200); assert.equal(e.json.active, false); assert.equal(e.json.end_reason, 'returned_home');
    assertError(await u.kcomm.post(`/api/v1/placements/${p.id}/end`, { reason: 'returned_home' }), 409, 'already_ended');
    assertError(await u.kcomm.post(`/api/v1/placements/${p.id}/reviews`, { outcome: 'continue' }), 409, 'already_ended');
    const kinds = (await u.kcomm.get(`/api/v1/cases/${c.id}/history`)).json.items.map((x) => x.kind);
    assert.ok(kinds.includes('placement_review') && kinds.includes('placement_end'));
    assert.ok((await audit('placement_end')).some((x) => x.target === `placement:${p.id}`));
    assert.equal((await u.kcomm.get(`/api/v1/placements?case_id=${c.id}&active=true`)).json.total, 0);
    assert.equal((await u.kcomm.get(`/api/v1/placements?case_id=${c.id}&active=false`)).json.total, 1);
  });

  it('review_due lists overdue placements; restricted cases show person null; other commune 404', async () => {
    const c = await newCase({ restricted: true });
    const kin = await newCarer({ full_name: 'Bà Nội' });
    const p = (await place({ case_id: c.id, form: 'kinship_care', carer_id: kin.id, start_on: addMonths(hcmDay(), -7) })).json;
    assert.equal(p.review_overdue, true);
    const l = await u.kcomm.get('/api/v1/placements?review_due=true');
    assertStatus(l, 200);
    const row = l.json.items.find((x) => x.id === p.id);
    assert.ok(row); assert.equal(row.person, null); assert.equal(row.identity_hidden, true);
    assertError(await u.rnga.get(`/api/v1/placements/${p.id}`), 404, 'not_found');
    assert.equal((await u.rnga.get('/api/v1/placements')).json.items.some((x) => x.id === p.id), false);
  });

  // Who keeps a hidden child, where, and the decision's number lead to
  // the child as surely as a name (docs/network.md §Decisions).
  it('a restricted case\u2019s placement hides carer, facility and decision; the carer lists it by form and dates only', async () => {
    const c = await newCase({ restricted: true });
    const kin = await newCarer({ full_name: 'Bà Ngoại Giấu Tên' });
    const start = hcmDay(-3);
    const p = await place({ case_id: c.id, form: 'kinship_care', carer_id: kin.id, start_on: start, decision_no: '07/QĐ-UBND về trẻ bị xâm hại' });
    assertStatus(p, 201);
    const fac = (await u.prov.post('/api/v1/facilities', { name: 'Nhà tạm lánh kín', type: 'fac_children', ownership: 'public', unit_code: '62', capacity: 10 })).json;
    const c2 = await newCase({ restricted: true });
    const p2 = await place({ case_id: c2.id, form: 'residential_care', facility_id: fac.id, decision_no: '08/QĐ-UBND' });
    assertStatus(p2, 201);
    const rows = [p.json, p2.json, (await u.kcomm.get(`/api/v1/placements/${p.json.id}`)).json,
      ...(await u.kcomm.get('/api/v1/placements?page_size=200')).json.items.filter((x) => x.id === p.json.id || x.id === p2.json.id),
      ...(await u.prov.get(`/api/v1/placements?case_id=${c2.id}`)).json.items];
    assert.equal(rows.length, 6);
    for (const row of rows) {
      assert.deepEqual([row.carer_id, row.carer_name, row.facility_id, row.facility_name, row.decision_no], [null, null, null, null, null], JSON.stringify(row));
      assert.equal(row.identity_hidden, true); assert.equal(row.active, true); assert.ok(row.next_review_on);
    }
    assert.deepEqual([rows[0].form, rows[0].start_on, rows[1].form], ['kinship_care', start, 'residential_care']);
    const k = (await u.kcomm.get(`/api/v1/carers/${kin.id}`)).json;
    assert.deepEqual(k.placements, [{ form: 'kinship_care', start_on: start, end_on: null, next_review_on: addMonths(start, 6), review_overdue: false, active: true, identity_hidden: true }]);
    assert.doesNotMatch(JSON.stringify(k), new RegExp(`${c.case_no}|"case_id"|07/QĐ`));
    // an open case shows everything, on the placement and on the carer
    const open = await newCase();
    const kin2 = await newCarer({ full_name: 'Ông Nội Công Khai' });
    const q = await place({ case_id: open.id, form: 'kinship_care', carer_id: kin2.id, decision_no: '09/QĐ-UBND' });
    assert.deepEqual([q.json.carer_id, q.json.carer_name, q.json.decision_no, q.json.identity_hidden], [kin2.id, 'Ông Nội Công Khai', '09/QĐ-UBND', false]);
    const k2 = (await u.kcomm.get(`/api/v1/carers/${kin2.id}`)).json;
    assert.deepEqual([k2.placements[0].case_no, k2.placements[0].case_id, k2.placements[0].id], [open.case_no, open.id, q.json.id]);
  });

  it('hotline gets 403 on placements and carers', async () => {
    assertError(await u.hot.get('/api/v1/placements'), 403, 'forbidden');
    assertError(await u.hot.post('/api/v1/placements', { case_id: 1, form: 'emergency_care' }), 403, 'forbidden');
    assertError(await u.hot.get('/api/v1/carers'), 403, 'forbidden');
    assertError(await u.hot.post('/api/v1/carers', KIN), 403, 'forbidden');
  });
});
