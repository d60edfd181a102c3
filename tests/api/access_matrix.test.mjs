// The access matrix (issue 10 item 1): every endpoint of src/api/routes.c ×
// every role × the record situation (inside the caller's scope, in the
// other province, a restricted case, a case assigned to someone else), each
// cell with its expected answer, run against the real binary on a
// temporary database.  The endpoint lines and the policy are in
// access_matrix.mjs; this file builds two provinces of records, walks the
// matrix, and prints "access matrix: N cells, F failures".
//
// Rules checked in every cell (DESIGN.md §4, docs/cases.md, network.md,
// indicators.md, budget.md, reports.md): a role without the action gets
// 403 `forbidden`; a record outside the scope is 404 `not_found` with the
// very body a missing id gets; a caller of province A never receives a
// byte of province B (B's names carry a marker), nor a restricted case's
// identity, and admin, viewer and auditor never a person's name.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { assertStatus, loginAs, stopChecked, subtreeCodes } from './helpers.mjs';
import { FACTS, HOUR, isoAgo, hcmDay, hcmYear } from './cases_helpers.mjs';
import {
  SIDES, B_MARK, R_MARK, P_MARK, sideUsers, ROLES, CALLER, CALLER_SCOPE, POLICY, ENDPOINTS, CASE_RES, caseRules,
} from './access_matrix.mjs';

const USERS = [
  { username: 'admin', full_name: 'Quản trị', role: 'admin', password: 'admin-pass-1234' },
  { username: 'auditor', full_name: 'Kiểm toán', role: 'auditor', password: 'auditor-pass-1234' },
  ...sideUsers('a'), ...sideUsers('b'),
];
const BUDGET = [
  'row,parent,label,project,stated_total,2018:central,2018:local,2019:central,2019:mobilised',
  'I,,Dự án 1,1,100,50,20,30,0',
  '1,I,Việc 1,,70,50,20,0,0',
  '2,I,Việc 2,,30,0,0,30,0',
  'total,,Tổng cộng,,100,50,20,30,0',
].join('\n') + '\n';
const CSV = { 'content-type': 'text/csv; charset=utf-8' };

// Every "METHOD /path" of routes.c, so a route added without a matrix line
// fails this test.
function routesOfSource() {
  const text = readFileSync(new URL('../../src/api/routes.c', import.meta.url), 'utf8');
  return [...text.matchAll(/\{"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
}

describe('access matrix', () => {
  let srv;
  const u = {}; // clients by username
  const id = {}; // user ids by username
  let n = 0;
  const R = {
    a: {}, b: {}, tokens: {}, today: hcmDay(), hourAgo: isoAgo(HOUR), year: hcmYear(),
    budgetCsv: BUDGET, seq: () => ++n, nextReportPeriod: () => '2019S1',
  };

  const ok = async (p, status = [200, 201]) => {
    const r = await p;
    assert.ok([].concat(status).includes(r.status), `setup: ${r.status} ${r.text.slice(0, 400)}`);
    return r.json;
  };

  // The records of one side, made by its own users.
  async function buildSide(x) {
    const s = SIDES[x];
    const w = (name) => u[`${x}${name}`];
    const S = R[x];
    const person = (first) => ({ full_name: `${first} ${s.mark} ${P_MARK}`, sex: 'female', birth_year: 2012 });
    S.fac = { ...(await ok(w('prov').post('/api/v1/facilities', {
      name: `Trung tâm ${s.mark}`, type: 'fac_general', ownership: 'public', unit_code: s.comm, capacity: 9,
    }))), unit: s.comm };
    const fu = await ok(u.admin.post('/api/v1/users', {
      username: `${x}fac`, full_name: `Cơ sở ${x}`, password: `${x}fac-pass-1234`, role: 'facility', facility_id: S.fac.id,
    }));
    id[`${x}fac`] = fu.id;
    u[`${x}fac`] = await loginAs(srv.url, `${x}fac`, `${x}fac-pass-1234`);

    const newCase = async (who, over = {}) => ({
      ...(await ok(w(who).post('/api/v1/cases', {
        type: 'child_protection', unit_code: s.comm, person: person('Trần Văn'), details: FACTS.child_protection, ...over,
      }))), unit: s.comm,
    });
    const sharing = (who, cid) => ok(w(who).post(`/api/v1/cases/${cid}/consents`, {
      kind: 'sharing', given: true, given_by: 'guardian', guardian_name: 'Lê Văn Bình', organisations: [], date: R.today,
    }));
    // The caller's case: an event, consent, an approval asked, a referral.
    S.case = await newCase('comm', { person: person('Lê Thị'), assigned_to: id[`${x}comm`] });
    S.case.event = (await ok(w('comm').post(`/api/v1/cases/${S.case.id}/events`, { kind: 'note', text: 'Ghi chú' }))).id;
    await sharing('comm', S.case.id);
    for (const to of ['assessment', 'planning']) await ok(w('comm').post(`/api/v1/cases/${S.case.id}/transitions`, { to }));
    S.approval = { ...(await ok(w('comm').post(`/api/v1/cases/${S.case.id}/approvals`, { subject: 'plan' }))), unit: s.comm };
    S.referral = { ...(await ok(w('comm').post(`/api/v1/cases/${S.case.id}/referrals`, { to_org: 'Bệnh viện huyện', service: 'counselling' }))), unit: s.comm };
    // Someone else's case, and a restricted one, in the same commune.
    S.ucase = await newCase('comm2', { person: person('Phạm Văn'), assigned_to: id[`${x}comm2`] });
    S.rcase = await newCase('comm2', {
      type: 'gbv', details: FACTS.gbv, person: { full_name: `Nạn Nhân ${R_MARK} ${s.mark} ${P_MARK}`, sex: 'female', birth_year: 1990 },
      summary: `Tường thuật ${R_MARK}`, assigned_to: id[`${x}comm2`],
    });
    const tcase = await newCase('comm2', { person: person('Đỗ Văn'), assigned_to: id[`${x}comm2`] });
    await sharing('comm2', tcase.id);
    S.transfer = { ...(await ok(w('comm2').post(`/api/v1/cases/${tcase.id}/transfers`, { to_unit: s.sibling, reason: 'Chuyển nơi ở' }))), unit: s.comm };
    // A resident of the facility.
    const rescase = await newCase('comm', { person: person('Vũ Thị'), assigned_to: id[`${x}comm`] });
    S.stay = { ...(await ok(w('comm').post(`/api/v1/facilities/${S.fac.id}/residents`, {
      case_id: rescase.id, admission_kind: 'ordinary', reason: 'Không còn người chăm sóc', decided_by: 'Quyết định 12/QĐ-UBND',
    }))), unit: s.comm };
    S.carer = { ...(await ok(w('comm').post('/api/v1/carers', {
      full_name: `Bà Ngoại ${s.mark} ${P_MARK}`, kind: 'kin', sex: 'female', birth_year: 1960, unit_code: s.comm, registered_on: '2024-03-01',
    }))), unit: s.comm };
    S.placement = { ...(await ok(w('comm').post('/api/v1/placements', { case_id: S.case.id, form: 'kinship_care', carer_id: S.carer.id }))), unit: s.comm };
    S.call = { ...(await ok(w('hot').post('/api/v1/hotline-calls', {
      line: '111', received_at: R.hourAgo, unit_code: s.comm, caller_relation: 'neighbour', summary: `Báo tin ${s.mark}`, urgency: 'urgent',
    }))), unit: s.comm };
    S.training = { ...(await ok(w('comm').post('/api/v1/trainings', {
      title: `Tập huấn ${s.mark}`, topic: R.codes.training_topic, starts_on: '2026-03-04', ends_on: '2026-03-06',
      organiser: 'Phòng LĐTBXH', unit_code: s.comm, place: 'Hội trường',
    }))), unit: s.comm };
    S.participant = { ...(await ok(w('comm').post(`/api/v1/trainings/${S.training.id}/participants`, {
      full_name: `Học Viên ${s.mark} ${P_MARK}`, sex: 'female', role: 'sw_official',
    }))), unit: s.comm };
    S.comm = { ...(await ok(w('comm').post('/api/v1/communications', {
      unit_code: s.comm, kind: R.codes.communication_kind, topic: R.codes.communication_topic, held_on: R.today,
      title: `Truyền thông ${s.mark}`, reach_male: 4, reach_female: 6,
    }))), unit: s.comm };
    // The district's plan with a target, a budget and its execution.
    S.plan = { ...(await ok(w('dist').post('/api/v1/plans', {
      unit_code: s.dist, number: `1/KH-${x}`, issued_on: '2018-04-03', title: `Kế hoạch ${s.mark}`, period_from: 2018, period_to: 2020,
    }))), unit: s.dist };
    S.target = { ...(await ok(w('dist').post(`/api/v1/plans/${S.plan.id}/targets`, { indicator: 'p2_csc_supported_pct', year: 2020, target: 80 }))), unit: s.dist };
    await ok(w('dist').post(`/api/v1/plans/${S.plan.id}/budget`, BUDGET, CSV));
    await ok(w('dist').req('PUT', `/api/v1/plans/${S.plan.id}/budget/execution`,
      { row: '1', year: 2018, source: 'central', allocated: 40000000, spent: 30000000, reason: 'Cấp đợt 1' }));
    const settings = await ok(w('dist').get(`/api/v1/plans/${S.plan.id}/report-settings`));
    delete settings.stored;
    R.reportSettings = settings;
    S.aggregate = { ...(await ok(w('dist').req('PUT', '/api/v1/aggregate-values', {
      indicator: 'p3_safety_surveys_count', unit_code: s.dist, period: `${R.year}`, numerator: 3,
    }))), unit: s.dist };
    S.report = { ...(await ok(w('comm').post('/api/v1/reports', { template: 'six_monthly', unit_code: s.comm, period: '2020S1' }))), unit: s.comm };
    await ok(w('comm').post('/api/v1/reports', { template: 'six_monthly', unit_code: s.comm, period: '2019S1' }));
    const job = await fetch(`${srv.url}/api/v1/imports?kind=trainings&tree=2024&async=true`, {
      method: 'POST',
      headers: { cookie: w('prov').cookie, 'x-csrf-token': w('prov').csrf, ...CSV },
      body: `title,topic,starts_on,ends_on,unit_code,organiser,place,note\r\nNhập ${s.mark},${R.codes.training_topic},2026-04-01,2026-04-02,${s.comm},Phòng LĐTBXH,Hội trường,\r\n`,
    });
    const jt = await job.text();
    assert.ok(job.status >= 200 && job.status < 300, `setup import: ${job.status} ${jt}`);
    S.import = { id: JSON.parse(jt).id, unit: s.comm };
    assert.ok(S.import.id, `setup import id: ${jt}`);
    S.token = { id: (await ok(w('prov').post('/api/v1/tokens', { name: 'khoá' }))).id };
    S.userId = id[`${x}prov`];
    S.spareUserId = id[`${x}view`];
  }

  before(async () => {
    srv = await startServer({ users: USERS });
    for (const x of USERS) {
      u[x.username] = await loginAs(srv.url, x.username, x.password);
      id[x.username] = (await u[x.username].get('/api/v1/me')).json.id;
    }
    const codes = await ok(u.aprov.get('/api/v1/codes'));
    const first = (list) => codes.lists[list][0].code;
    R.codes = { training_topic: first('training_topic'), communication_kind: first('communication_kind'), communication_topic: first('communication_topic') };
    await buildSide('a');
    await buildSide('b');
    for (const role of ROLES) {
      const c = CALLER[role];
      R.tokens[c] = { id: (await ok(u[c].post('/api/v1/tokens', { name: 'của tôi' }))).id };
    }
  });
  after(async () => { await stopChecked(srv); });

  const inside = (scope, unit) => scope === null || !unit || subtreeCodes('2024', scope).has(unit);

  // The expected answer of one cell.
  function expected(spec, role, sit, unit) {
    if (spec.kind === 'public') return 'ok';
    if (!POLICY[role].includes(spec.act)) return 'forbidden';
    const special = spec.special?.(role, sit);
    if (special === 'forbidden' || (sit === 'out' && special)) return special;
    const refusal = spec.kind === 'create' ? 'refused' : 'notfound';
    if (sit === 'out') return refusal;
    if (!inside(CALLER_SCOPE[role], unit)) return refusal;
    if (special) return special;
    if (CASE_RES.includes(spec.res) || ['approval', 'referral', 'transfer'].includes(spec.res)) {
      const c = caseRules(role, sit, spec.route.split(' ')[0] !== 'GET');
      if (c) return c;
    }
    return spec.route.startsWith('GET ') ? 'ok' : 'reached';
  }

  function judge(exp, r) {
    const code = r.json?.error?.code;
    switch (exp) {
      case 'ok': case 'limited': return r.status >= 200 && r.status < 300;
      case 'forbidden': return r.status === 403 && code === 'forbidden';
      case 'notfound': return r.status === 404 && code === 'not_found';
      case 'refused': return (r.status === 403 && code === 'out_of_scope') || (r.status === 404 && code === 'not_found');
      case 'restricted': return r.status === 403;
      case 'import_refused':
        return r.status === 422 && r.json?.stored === 0 && r.json.problems?.some((p) => p.code === 'out_of_scope');
      case 'reached': return r.status < 500 && r.status !== 404 && r.status !== 401;
      default: throw new Error(`unknown expectation ${exp}`);
    }
  }

  // Texts a caller must never receive.
  function leaks(role, text) {
    const out = [];
    if (CALLER_SCOPE[role] !== null && text.includes(B_MARK)) out.push('B data');
    if (text.includes(R_MARK)) out.push('restricted identity');
    if (['admin', 'viewer', 'auditor'].includes(role) && text.includes(P_MARK)) out.push('a person\'s name');
    return out;
  }

  // The cells of one endpoint × role: [{sit, path, body, csv, unit}].
  function cellsOf(spec, role) {
    const [method, route] = spec.route.split(' ');
    const caller = CALLER[role];
    const q = (s) => (spec.q ? `?${spec.q(s, R)}` : '');
    const bodyOf = (side) => spec.body?.(SIDES[side], R, caller, side);
    switch (spec.kind) {
      case 'skip': return [];
      case 'public':
        if (method !== 'GET') return [];
        return [{ sit: 'any', path: route }];
      case 'any':
        return [{ sit: 'any', path: spec.path ? spec.path(R) : route, body: bodyOf('a') }];
      case 'list':
        return [{ sit: 'list', path: route + q(SIDES.a) }];
      case 'unit':
        return ['in', 'out'].map((sit) => {
          const side = sit === 'out' ? 'b' : 'a';
          const s = SIDES[side];
          const unit = new URLSearchParams(spec.q(s, R)).get('unit');
          return { sit, path: route + q(s), unit };
        });
      case 'create':
        return ['in', 'out'].map((sit) => {
          const side = sit === 'out' ? 'b' : 'a';
          return { sit, path: route + q(SIDES[side]), body: bodyOf(side), unit: SIDES[side].comm };
        });
      case 'rec':
        return spec.sits.map((sit) => {
          const side = sit === 'out' ? 'b' : 'a';
          let rec;
          if (spec.res === 'token') rec = sit === 'out' ? R.b.token : R.tokens[caller];
          else if (sit === 'restricted') rec = R.a.rcase;
          else if (sit === 'unassigned') rec = R.a.ucase;
          else rec = R[side][spec.res];
          const path = spec.path && sit !== 'restricted' && sit !== 'unassigned'
            ? spec.path(R, side) : route.replace(':id', String(rec.id));
          const missing = route.replace(':id', '999999999').replace(':event', '1');
          return { sit, path: path + q(SIDES[side]), body: bodyOf(side), unit: rec.unit, side, missing: missing + q(SIDES[side]) };
        });
      default: throw new Error(`unknown kind ${spec.kind}`);
    }
  }

  async function send(client, method, cell, spec) {
    const headers = {};
    if (spec.csv) Object.assign(headers, CSV);
    if (spec.ifMatch) {
      // The current tag as the record's own side reads it: the answer must
      // then be decided by access alone.
      const owner = u[`${cell.side ?? 'a'}prov`];
      const g = await owner.get(cell.path.split('?')[0]);
      const tag = g.headers.get('etag');
      if (tag) headers['if-match'] = tag;
    }
    return client.req(method, cell.path, cell.body, headers);
  }

  it('every route of routes.c has a line in the matrix', () => {
    const lines = new Set(ENDPOINTS.map((e) => e.route));
    const routes = routesOfSource();
    assert.ok(routes.length > 100, `routes parsed: ${routes.length}`);
    assert.deepEqual(routes.filter((r) => !lines.has(r)), [], 'routes without a matrix line');
    assert.deepEqual([...lines].filter((l) => !routes.includes(l)), [], 'matrix lines without a route');
  });

  it('every endpoint × role × situation answers as the docs say, and nothing leaks', async () => {
    const failures = [];
    let cells = 0;
    for (const spec of ENDPOINTS) {
      const method = spec.route.split(' ')[0];
      for (const role of ROLES) {
        for (const cell of cellsOf(spec, role)) {
          cells += 1;
          const exp = expected(spec, role, cell.sit, cell.unit);
          const r = await send(u[CALLER[role]], method, cell, spec);
          const where = `${spec.route} × ${role} × ${cell.sit}`;
          if (process.env.ACCESS_MATRIX_VERBOSE) console.log(`${where}: ${exp} ${r.status} ${r.text.slice(0, 200)}`);
          if (!judge(exp, r)) failures.push(`${where}: expected ${exp}, got ${r.status} ${r.text.slice(0, 160)}`);
          for (const l of leaks(role, r.text)) failures.push(`${where}: leaks ${l}`);
          // Outside the scope is exactly "missing": the same body.
          if (exp === 'notfound' && cell.missing && r.status === 404) {
            const m = await send(u[CALLER[role]], method, { ...cell, path: cell.missing }, { ...spec, ifMatch: false });
            if (m.text !== r.text) failures.push(`${where}: 404 body differs from a missing id's (${m.status} ${m.text.slice(0, 100)})`);
          }
        }
      }
    }
    console.log(`access matrix: ${cells} cells, ${failures.length} failures`);
    assert.deepEqual(failures, [], `failing cells:\n${failures.join('\n')}`);
  });

  it('a province\'s report data never counts another province\'s cases', async () => {
    const period = `${R.year}S${Number(R.today.slice(5, 7)) <= 6 ? 1 : 2}`;
    const rep = await ok(u.aprov.post('/api/v1/reports', { template: 'six_monthly', unit_code: '62', period }));
    const opened = (r) => r.data.activities.cases_opened;
    const before0 = opened(rep);
    const strip = (d) => ({ ...d, computed_at: null });
    await ok(u.bcomm.post('/api/v1/cases', {
      type: 'child_protection', unit_code: '12433', person: { full_name: `Trẻ Tỉnh Khác ${B_MARK}`, sex: 'male', birth_year: 2016 }, details: FACTS.child_protection,
    }));
    const again = await ok(u.aprov.post(`/api/v1/reports/${rep.id}/refresh`, {}));
    assert.equal(opened(again), before0, 'a case of Thái Bình does not count in Kon Tum');
    assert.deepEqual(strip(again.data), strip(rep.data), 'nothing of the report changed');
    assert.ok(!JSON.stringify(again).includes(B_MARK));
    // Control: a case of Kon Tum does count, so the check above can fail.
    await ok(u.acomm.post('/api/v1/cases', {
      type: 'child_protection', unit_code: '23401', person: { full_name: `Trẻ Cùng Tỉnh ${P_MARK}`, sex: 'male', birth_year: 2016 }, details: FACTS.child_protection,
    }));
    const third = await ok(u.aprov.post(`/api/v1/reports/${rep.id}/refresh`, {}));
    assert.equal(opened(third), before0 + 1, 'a case of Kon Tum counts');
    // The export of B's report and B's plan budget: 404 for A, as a missing one.
    for (const path of [`/api/v1/reports/${R.b.report.id}/export?format=xlsx`, `/api/v1/plans/${R.b.plan.id}/budget/export?format=xlsx`]) {
      const r = await u.aprov.get(path);
      assertStatus(r, 404);
    }
  });
});
