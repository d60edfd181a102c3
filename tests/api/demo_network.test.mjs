// The demo's service network (issue 5 item 8, src/cli/netgen.c): after
// `trogiup init` and `trogiup demo`, the API shows every kind of record of
// docs/network.md in the demo units, consistent with each other — facilities,
// service points and models (public and non-public, licensed or not, closed,
// upgraded, meeting social work standards), residents whose cases name their
// facility, the facility user coso.kontum seeing exactly its centre and its
// current residents' cases, kin and non-kin carers with active placements
// (one review overdue, one ended), trainings of both years with participants
// of several roles, and communication activities whose coverage table for
// Đắk Tô has covered and uncovered communes.  A second `demo` adds nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli as runCli } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked } from './helpers.mjs';
import { hcmDay, hcmYear } from './cases_helpers.mjs';

// A case as its supervisor reads it: a restricted one (the demo marks some
// child-protection cases restricted, which ones depends on the day) needs a
// reason for the full view, where the facility is (docs/cases.md).
async function fullCase(user, id) {
  const c = await user.get(`/api/v1/cases/${id}`);
  return c.json?.reason_required ? user.get(`/api/v1/cases/${id}?reason=case_work`) : c;
}


const PASSWORD = 'trogiup-demo-2026';
const YEAR = hcmYear();
const TODAY = hcmDay();
// Đắk Tô district (2024 tree) and its communes the demo covers on gender
// equality this year, and one it leaves uncovered.
const DAK_TO = '612';
const GE_COVERED = ['23401', '23428', '23430', '23437'];
const GE_UNCOVERED = '23427';

function cli(args) {
  const r = runCli(args);
  assert.doesNotMatch(r.stderr ?? '', /AddressSanitizer|LeakSanitizer|runtime error:/, `trogiup ${args.join(' ')}:\n${r.stderr}`);
  return r;
}

// Every item of a paged list.
async function all(client, path) {
  const items = [];
  for (let page = 1; ; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}page=${page}&page_size=200`);
    assertStatus(r, 200);
    items.push(...r.json.items);
    if (r.json.items.length === 0 || items.length >= r.json.total) return items;
  }
}

const byId = (lists) => [...new Map(lists.flat().map((x) => [x.id, x])).values()];

describe('demo network', () => {
  let srv;
  let demoOut;
  const u = {};
  let facilities; // every facility the three unit users see

  before(async () => {
    srv = await startServer();
    const t0 = Date.now();
    const r = cli(['demo', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    demoOut = r.stdout;
    assert.ok(Date.now() - t0 < 10000, 'demo is quick');
    for (const name of ['sokontum', 'sothaibinh', 'tamduong', 'xadakto', 'coso.kontum']) {
      u[name] = await loginAs(srv.url, name, PASSWORD);
    }
    facilities = byId(await Promise.all(['sokontum', 'sothaibinh', 'tamduong']
      .map((n) => all(u[n], '/api/v1/facilities'))));
  });
  after(async () => { await stopChecked(srv); });

  it('prints a summary line, and a second run adds nothing', async () => {
    assert.match(demoOut, /Demo network: \d+ facilities, \d+ service points, \d+ models/);
    const before = (await u.sokontum.get('/api/v1/facilities?page_size=1')).json.total;
    const trainings = (await u.sothaibinh.get('/api/v1/trainings?page_size=1')).json.total;
    const again = cli(['demo', '--db', srv.db]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /Demo network: the database already has \d+ facilities; none added/);
    assert.equal((await u.sokontum.get('/api/v1/facilities?page_size=1')).json.total, before);
    assert.equal((await u.sothaibinh.get('/api/v1/trainings?page_size=1')).json.total, trainings);
  });

  it('has facilities, service points and models of the plans, consistent with their type', () => {
    const kinds = new Set(facilities.map((f) => f.kind));
    for (const k of ['facility', 'service_point', 'model']) assert.ok(kinds.has(k), `a ${k}`);
    for (const f of facilities) {
      const want = f.type.startsWith('fac_') ? 'facility' : f.type.startsWith('sp_') ? 'service_point' : 'model';
      assert.equal(f.kind, want, `${f.name}: kind of ${f.type}`);
      assert.ok(['public', 'non_public'].includes(f.ownership), f.name);
      assert.equal(f.licence_missing, f.kind === 'facility' && !f.licence_no, `${f.name}: licence_missing`);
      assert.equal(f.over_capacity, false, `${f.name} within capacity`);
      if (f.capacity) {
        assert.ok(f.residents <= f.capacity, f.name);
        assert.ok(Math.abs(f.occupancy - f.residents / f.capacity) < 1e-9, `${f.name}: occupancy`);
      } else {
        assert.equal(f.occupancy, null, `${f.name}: no capacity, no occupancy`);
        assert.equal(f.residents, 0, `${f.name}: no capacity, no residents`);
      }
    }
    const types = new Set(facilities.map((f) => f.type));
    for (const t of ['fac_general', 'fac_children', 'fac_trusted_address', 'sp_cp_office',
      'sp_drug_counselling', 'sp_hotline', 'model_women_club', 'model_safe_school',
      'model_sex_work_support', 'model_trafficking_reintegration', 'model_women_economic']) {
      assert.ok(types.has(t), `a ${t}`);
    }
    assert.ok(facilities.some((f) => f.ownership === 'public'), 'public');
    assert.ok(facilities.some((f) => f.ownership === 'non_public' && f.type === 'fac_children'), 'a non-public children facility');
    assert.ok(facilities.some((f) => f.licence_missing), 'a facility without licence');
    assert.ok(facilities.some((f) => f.status === 'closed'), 'a closed one');
    assert.ok(facilities.some((f) => f.upgraded_on), 'an upgraded one');
    assert.ok(facilities.some((f) => f.sw_standard === true), 'one meeting social work standards');
    const tanCanh = facilities.find((f) => f.type === 'fac_trusted_address' && f.unit_code === '23437');
    assert.ok(tanCanh, 'the Tân Cảnh trusted address');
    assert.ok(facilities.filter((f) => f.type === 'sp_drug_counselling' && f.unit_code.startsWith('12')).length >= 2,
      'community drug counselling points in Thái Bình communes');
    for (const p of ['62', '34', '12']) {
      assert.ok(facilities.some((f) => f.type === 'fac_general' && f.unit_code === p && f.ownership === 'public' &&
        f.capacity >= 100 && f.licence_no && f.residents > 0), `a provincial centre with residents in ${p}`);
    }
  });

  it('residents: lists match the counts, and their cases name the facility', async () => {
    const centres = facilities.filter((f) => f.residents > 0);
    assert.ok(centres.length >= 3);
    let total = 0;
    let discharged = 0;
    for (const f of centres) {
      if (f.unit_code === '12') {
        // Lai Châu's centre lies above tamduong's scope: it sees the
        // centre and its own cases there, not the register.
        const mine = await all(u.tamduong, '/api/v1/cases');
        let held = 0;
        for (const x of mine) {
          const c = await fullCase(u.tamduong, x.id);
          if (c.json.facility?.id === f.id) held++;
        }
        assert.equal(held, f.residents, `${f.name}: Tam Đường cases held`);
        assert.equal((await u.tamduong.get(`/api/v1/facilities/${f.id}/residents`)).status, 404);
        total += held;
        continue;
      }
      const who = { 62: 'sokontum', 34: 'sothaibinh' }[f.unit_code];
      const current = await all(u[who], `/api/v1/facilities/${f.id}/residents?current=true`);
      assert.equal(current.length, f.residents, `${f.name}: residents`);
      total += current.length;
      for (const s of current) {
        assert.equal(s.current, true);
        assert.ok(['child_protection', 'social_assistance'].includes(s.case_type), s.case_type);
        assert.ok(s.admitted_on <= TODAY, 'admitted in the past');
        const c = await fullCase(u[who], s.case_id);
        assertStatus(c, 200);
        assert.notEqual(c.json.stage, 'closed');
        assert.deepEqual(c.json.facility, { id: f.id, name: f.name }, `${s.case_no} names its facility`);
      }
      const every = await all(u[who], `/api/v1/facilities/${f.id}/residents?current=false`);
      for (const s of every.filter((x) => !x.current)) {
        discharged++;
        assert.ok(s.discharged_on >= s.admitted_on && s.discharged_on <= TODAY, 'discharge dates');
        const c = await fullCase(u[who], s.case_id);
        assertStatus(c, 200);
        assert.equal(c.json.facility, null, `${s.case_no}: discharged, no facility`);
      }
    }
    assert.ok(total >= 10, `about twenty residents (${total})`);
    assert.ok(discharged >= 1, 'a few discharged');
  });

  it('coso.kontum sees exactly its centre and its current residents\' cases', async () => {
    const c = u['coso.kontum'];
    const centre = facilities.find((f) => f.type === 'fac_general' && f.unit_code === '62');
    const me = await c.get('/api/v1/me');
    assertStatus(me, 200);
    const seen = await all(c, '/api/v1/facilities');
    assert.deepEqual(seen.map((f) => f.id), [centre.id]);
    const other = facilities.find((f) => f.type === 'fac_children' && f.ownership === 'non_public');
    assert.equal((await c.get(`/api/v1/facilities/${other.id}`)).status, 404);

    const stays = await all(c, `/api/v1/facilities/${centre.id}/residents?current=false`);
    const current = new Set(stays.filter((s) => s.current).map((s) => s.case_id));
    assert.equal(current.size, centre.residents);
    const cases = await all(c, '/api/v1/cases');
    const visible = new Set(cases.map((x) => x.id));
    for (const id of current) assert.ok(visible.has(id), `resident case ${id} visible`);
    // Facility staff are never assignees (docs/network.md §Facility scope):
    // what coso.kontum sees is its current residents' cases and the ones it
    // opened itself (none in the demo).
    for (const x of cases) {
      assert.ok(current.has(x.id), `${x.case_no}: a current resident's case`);
      assert.notEqual(x.assigned_to, me.json.id, `${x.case_no} not assigned to a facility user`);
    }
    for (const s of stays.filter((x) => !x.current)) {
      const r = await c.get(`/api/v1/cases/${s.case_id}`);
      if (!cases.some((x) => x.id === s.case_id)) assert.equal(r.status, 404, `discharged ${s.case_no} hidden`);
    }
  });

  // docs/network.md §Facility scope.
  it('GET /me answers coso.kontum\'s facility scope', async () => {
    const centre = facilities.find((f) => f.type === 'fac_general' && f.unit_code === '62');
    const me = await u['coso.kontum'].get('/api/v1/me');
    assertStatus(me, 200);
    assert.deepEqual({ kind: me.json.scope.kind, id: me.json.scope.id, code: me.json.scope.code },
      { kind: 'facility', id: centre.id, code: '62' }, `GET /me scope: ${JSON.stringify(me.json.scope)}`);
    assert.equal(me.json.scope.name, centre.name);
  });

  it('carers kin and non-kin, placements of three forms, one review overdue, one ended', async () => {
    const carers = byId(await Promise.all(['sokontum', 'tamduong'].map((n) => all(u[n], '/api/v1/carers'))));
    assert.ok(carers.length >= 8, `about ten carers (${carers.length})`);
    for (const k of ['kin', 'non_kin']) assert.ok(carers.some((x) => x.kind === k), `a ${k} carer`);
    assert.ok(carers.some((x) => x.unit_code.startsWith('234')), 'carers in Đắk Tô');
    assert.ok(carers.some((x) => x.unit_code.startsWith('034')), 'carers in Tam Đường');

    const placements = byId(await Promise.all(['sokontum', 'tamduong'].map((n) => all(u[n], '/api/v1/placements'))));
    const active = placements.filter((p) => p.active);
    for (const f of ['kinship_care', 'foster_non_kin', 'residential_care']) {
      assert.ok(active.some((p) => p.form === f), `an active ${f} placement`);
    }
    for (const p of placements) {
      assert.equal(p.case_type, 'child_protection');
      assert.equal(p.review_overdue, p.active && p.next_review_on < TODAY, `placement ${p.id}: review_overdue`);
      if (p.form === 'kinship_care') assert.equal(carers.find((x) => x.id === p.carer_id)?.kind, 'kin');
      if (p.form === 'foster_non_kin') assert.equal(carers.find((x) => x.id === p.carer_id)?.kind, 'non_kin');
      if (p.form === 'residential_care') {
        const f = facilities.find((x) => x.id === p.facility_id);
        assert.equal(f?.kind, 'facility');
        const c = await u.sokontum.get(`/api/v1/cases/${p.case_id}`);
        assert.equal(c.json.facility?.id, p.facility_id, 'the child lives in the placement\'s facility');
      }
    }
    assert.equal(placements.filter((p) => p.review_overdue).length, 1, 'one review overdue');
    const due = byId(await Promise.all(['sokontum', 'tamduong'].map((n) => all(u[n], '/api/v1/placements?review_due=true'))));
    assert.equal(due.length, 1, 'review_due=true lists it');
    const ended = placements.filter((p) => !p.active);
    assert.equal(ended.length, 1, 'one ended');
    assert.ok(ended[0].end_on && ended[0].end_reason, 'ended with a date and reason');
    const detail = await u.tamduong.get(`/api/v1/placements/${ended[0].id}`);
    assertStatus(detail, 200);
    assert.ok(detail.json.reviews.length >= 1, 'the ended placement was reviewed');
  });

  it('trainings of last year and this year, 10–40 participants of several roles', async () => {
    const trainings = byId(await Promise.all(['sokontum', 'sothaibinh', 'tamduong']
      .map((n) => all(u[n], '/api/v1/trainings'))));
    assert.ok(trainings.length >= 10, `about twelve trainings (${trainings.length})`);
    for (const y of [YEAR - 1, YEAR]) assert.ok(trainings.some((t) => t.starts_on.startsWith(`${y}-`)), `a training in ${y}`);
    assert.deepEqual([...new Set(trainings.map((t) => t.project))].sort(), [1, 2, 3, 4], 'topics of the four projects');
    const roles = new Map();
    let female = 0;
    let male = 0;
    for (const t of trainings) {
      assert.ok(t.participants >= 10 && t.participants <= 40, `${t.title}: ${t.participants}`);
      assert.equal(t.participants_female + t.participants_male, t.participants);
      assert.ok(t.ends_on >= t.starts_on);
      const who = { 62: 'sokontum', 612: 'sokontum', 34: 'sothaibinh', 106: 'tamduong' }[t.unit_code];
      const ps = await all(u[who], `/api/v1/trainings/${t.id}/participants`);
      assert.equal(ps.length, t.participants);
      for (const p of ps) {
        roles.set(p.role, (roles.get(p.role) ?? 0) + 1);
        if (p.sex === 'female') female++; else male++;
        if (p.role.startsWith('female_')) assert.equal(p.sex, 'female', `${p.full_name}: ${p.role}`);
      }
    }
    for (const r of ['female_leader', 'female_deputy', 'sw_collaborator', 'family_caregiver', 'rehab_staff']) {
      assert.ok(roles.get(r) > 0, `participants as ${r}`);
    }
    assert.ok(female > 0 && male > 0, 'both sexes');
  });

  it('communications in several communes and topics; Đắk Tô\'s gender equality coverage is partial', async () => {
    const dakTo = await all(u.sokontum, `/api/v1/communications?unit=${DAK_TO}&from=${YEAR - 1}-01-01`);
    const tamDuong = await all(u.tamduong, `/api/v1/communications?unit=106&from=${YEAR - 1}-01-01`);
    const thaiBinh = await all(u.sothaibinh, `/api/v1/communications?from=${YEAR - 1}-01-01`);
    assert.ok(dakTo.length + tamDuong.length + thaiBinh.length >= 60, 'about eighty activities');
    for (const [name, list] of [['Đắk Tô', dakTo], ['Tam Đường', tamDuong], ['Thái Bình', thaiBinh]]) {
      assert.ok(new Set(list.map((x) => x.unit_code)).size >= 3, `${name}: several communes`);
      assert.ok(new Set(list.map((x) => x.topic)).size >= 3, `${name}: several topics`);
      for (const y of [YEAR - 1, YEAR]) assert.ok(list.some((x) => x.held_on.startsWith(`${y}-`)), `${name}: ${y}`);
      for (const x of list) {
        assert.ok(x.held_on <= TODAY, 'held in the past');
        assert.ok(x.reach_male >= 0 && x.reach_female > 0);
      }
    }
    const cov = await u.sokontum.get(`/api/v1/communications/coverage?unit=${DAK_TO}&topic=gender_equality`);
    assertStatus(cov, 200);
    assert.equal(cov.json.from, `${YEAR}-01-01`);
    assert.equal(cov.json.total, 9);
    assert.ok(cov.json.covered > 0 && cov.json.covered < cov.json.total, `partial: ${cov.json.covered}/${cov.json.total}`);
    const row = (code) => cov.json.communes.find((x) => x.code === code);
    for (const code of GE_COVERED) assert.equal(row(code)?.covered, true, `${code} covered`);
    assert.equal(row(GE_UNCOVERED)?.covered, false, `${GE_UNCOVERED} not covered`);
  });
});
