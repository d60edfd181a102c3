// tests/api/access_matrix.mjs — the data of access_matrix.test.mjs: the two
// provinces, the users of every role in each, the role × action policy as
// DESIGN.md §4 and the docs state it (written out again here, not read from
// src/domain/access.c, so the test checks the code against the docs), and
// one line per endpoint of src/api/routes.c saying how to address it in
// each record situation and which role-specific rules the docs add.
//
// Situations: `in` a record inside the caller's scope, `out` the same kind
// of record in the other province, `restricted` a GBV case of the caller's
// commune the caller is not assigned to, `unassigned` an ordinary case of
// the caller's commune assigned to someone else, `list` a list endpoint
// (200 and no row of the other province), `any` an endpoint with no record.

// Province A is where every caller lives; B is the other province.
export const SIDES = {
  a: { prov: '62', dist: '612', comm: '23401', sibling: '23427', mark: 'Zza' },
  b: { prov: '34', dist: '336', comm: '12433', sibling: '12436', mark: 'Zzb' },
};
// Text that must never reach a caller of province A: B's names and titles
// carry it, and so do the names of the restricted cases' persons.
export const B_MARK = 'Zzb';
export const R_MARK = 'Zzr';
// Every person of A (case persons, carers, participants) carries this, and
// admin, viewer and auditor never see a person's record.
export const P_MARK = 'Zzp';

// The users of one side: username prefix is the side letter.
export const sideUsers = (x) => {
  const s = SIDES[x];
  return [
    { username: `${x}prov`, role: 'province', scope: s.prov },
    { username: `${x}dist`, role: 'district', scope: s.dist },
    { username: `${x}comm`, role: 'commune', scope: s.comm },
    { username: `${x}comm2`, role: 'commune', scope: s.comm },
    { username: `${x}hot`, role: 'hotline', scope: s.prov },
    { username: `${x}view`, role: 'viewer', scope: s.prov },
  ].map((u) => ({ ...u, full_name: `Người dùng ${u.username}`, password: `${u.username}-pass-1234` }));
};

// The caller of each role in the matrix (facility users are made through
// the API once their facility exists: <side>fac).
export const ROLES = ['admin', 'province', 'district', 'commune', 'facility', 'hotline', 'viewer', 'auditor'];
export const CALLER = {
  admin: 'admin', auditor: 'auditor', province: 'aprov', district: 'adist', commune: 'acomm',
  facility: 'afac', hotline: 'ahot', viewer: 'aview',
};
// The scope unit of each caller (null: national).
export const CALLER_SCOPE = {
  admin: null, auditor: null, province: '62', district: '612', commune: '23401',
  facility: '23401', hotline: '62', viewer: '62',
};

// DESIGN.md §4, docs/network.md §Roles, docs/indicators.md §Roles.
const ALWAYS = ['units_read', 'tokens_create'];
const UNIT_WORK = ['cases_work', 'aggregates_read', 'network_read', 'network_write'];
export const POLICY = {
  admin: [...ALWAYS, 'users_manage'],
  province: [...ALWAYS, ...UNIT_WORK, 'plans_write', 'aggregates_write'],
  district: [...ALWAYS, ...UNIT_WORK, 'plans_write', 'aggregates_write'],
  commune: [...ALWAYS, ...UNIT_WORK, 'aggregates_write'],
  facility: [...ALWAYS, 'cases_work', 'aggregates_read', 'network_read'],
  hotline: [...ALWAYS, 'cases_work', 'network_read'],
  viewer: [...ALWAYS, 'aggregates_read', 'network_read'],
  auditor: [...ALWAYS, 'audit_read'],
};

// Expectations a spec's `special(role, sit)` may answer (else the runner's
// default: 403 without the action, 404 outside the scope, 2xx for reads
// inside, "reached" for writes inside).
//   ok        2xx
//   forbidden 403 {"error":{"code":"forbidden"}}
//   notfound  404 {"error":{"code":"not_found"}}
//   refused   403 `out_of_scope` (a unit named in a body or query outside
//             the scope, as API.md documents) or 404 `not_found` (a
//             record named in the body outside the scope)
//   reached   the access check let it through: not 404, not 5xx, and a
//             403 only with a code other than `forbidden` from the role
//             check (state, validation or If-Match may still refuse)
//   limited   2xx and the person's identity hidden (restricted view)
//   restricted 403 (a write on a restricted case by a limited viewer)
//   import_refused 422 with an out_of_scope row problem and nothing stored

const CASE_RES = ['case', 'ucase', 'rcase'];

// Reports are written by the unit itself: a province or district user who
// sees the commune's report gets 403 `forbidden` on it (docs/reports.md
// §Workflow, §Endpoints: "403 for another unit in scope").
const ownUnitOnly = (role, sit) => (sit === 'in' && (role === 'province' || role === 'district') ? 'forbidden' : undefined);

// Role rules the docs add on top of the action table.
// docs/cases.md §Who sees a case; docs/network.md §Facility scope, §Decisions.
function caseRules(role, sit, write) {
  if (role === 'hotline') return 'notfound'; // only its own intake cases
  if (role === 'facility') return 'notfound'; // only current residents' / its own
  if (sit === 'restricted') {
    if (role === 'commune') return write ? 'restricted' : 'limited';
    return write ? 'reached' : 'limited'; // supervisors: full view only with a reason
  }
  return undefined;
}
const noHotline = (role) => (role === 'hotline' ? 'forbidden' : undefined);
const unitRecordsNotFacility = (role) => (role === 'facility' ? 'forbidden' : undefined);

// One spec per routes.c line.  kind: rec (a record by id), list, unit (a
// unit in the query), create (a unit in the body), any.
// res: the record kind of the setup (R[side][res] = {id, unit, ...}).
// q: extra query; body(side, R, caller): a valid body; csv: a CSV body.
export const ENDPOINTS = [
  { route: 'GET /healthz', kind: 'public' },
  { route: 'GET /api/v1/openapi.json', kind: 'public' },
  { route: 'POST /api/v1/auth/login', kind: 'public' },
  { route: 'POST /api/v1/auth/logout', kind: 'skip', why: 'would end the caller\'s session; tests/api/auth.test.mjs' },
  { route: 'GET /api/v1/me', act: 'units_read', kind: 'any' },
  // Every role manages its own password and second factor; the wrong
  // password and codes here reach the handler (403 wrong_password, 409,
  // 422 invalid_code) without changing anything.
  { route: 'POST /api/v1/auth/password', act: 'units_read', kind: 'any',
    body: () => ({ current_password: 'not-the-password-0', new_password: 'Mat-khau-moi-dai-12' }) },
  { route: 'POST /api/v1/auth/totp/setup', act: 'units_read', kind: 'any', body: () => ({}) },
  { route: 'POST /api/v1/auth/totp/confirm', act: 'units_read', kind: 'any', body: () => ({ code: 'abcdef' }) },
  { route: 'POST /api/v1/auth/totp/verify', act: 'units_read', kind: 'any', body: () => ({ code: '000000' }) },
  { route: 'POST /api/v1/auth/totp/disable', act: 'units_read', kind: 'any', body: () => ({ password: 'not-the-password-0', code: '000000' }) },
  { route: 'GET /api/v1/settings/second-factor', act: 'users_manage', kind: 'any' },
  { route: 'PUT /api/v1/settings/second-factor', act: 'users_manage', kind: 'any', body: () => ({ required_roles: [] }) },
  { route: 'GET /api/v1/tokens', act: 'tokens_create', kind: 'list' },
  { route: 'POST /api/v1/tokens', act: 'tokens_create', kind: 'any', body: () => ({ name: 'ma trận' }) },
  { route: 'DELETE /api/v1/tokens/:id', act: 'tokens_create', kind: 'rec', res: 'token', sits: ['in', 'out'] },

  { route: 'GET /api/v1/units', act: 'units_read', kind: 'any', catalogue: true },
  { route: 'GET /api/v1/units/:code', act: 'units_read', kind: 'any', catalogue: true, path: () => '/api/v1/units/34' },

  { route: 'GET /api/v1/users', act: 'users_manage', kind: 'any', catalogue: true },
  { route: 'POST /api/v1/users', act: 'users_manage', kind: 'any',
    body: (s, R, caller) => ({ username: `m${caller}${R.seq()}`, full_name: 'Người mới', password: 'Mat-khau-dai-12', role: 'viewer' }) },
  { route: 'GET /api/v1/users/:id', act: 'users_manage', kind: 'any', catalogue: true, path: (R) => `/api/v1/users/${R.b.userId}` },
  { route: 'PATCH /api/v1/users/:id', act: 'users_manage', kind: 'any', path: (R) => `/api/v1/users/${R.a.spareUserId}`,
    body: () => ({ full_name: 'Người dùng đổi tên' }) },
  { route: 'POST /api/v1/users/:id/unlock', act: 'users_manage', kind: 'any', catalogue: true, path: (R) => `/api/v1/users/${R.b.userId}/unlock`, body: () => ({}) },

  { route: 'GET /api/v1/audit', act: 'audit_read', kind: 'any', catalogue: true },
  { route: 'GET /api/v1/codes', act: 'units_read', kind: 'any', catalogue: true },
  { route: 'GET /api/v1/persons/duplicates', act: 'cases_work', kind: 'unit',
    q: (s) => `full_name=${encodeURIComponent(`Trần Văn ${s.mark}`)}&birth_year=2012&unit=${s.comm}`,
    // A unit named in the query outside the scope is 403 out_of_scope, as
    // in the writes' bodies (a unit is no record: GET /units lists them all).
    special: (role, sit) => (sit === 'out' ? 'refused' : undefined) },

  { route: 'GET /api/v1/cases', act: 'cases_work', kind: 'list' },
  { route: 'POST /api/v1/cases', act: 'cases_work', kind: 'create',
    body: (s) => ({ type: 'child_protection', unit_code: s.comm, person: { full_name: `Trẻ Mới ${s.mark}`, sex: 'male', birth_year: 2015 }, details: { child_status: 'at_risk' } }) },
  { route: 'GET /api/v1/cases/:id', act: 'cases_work', kind: 'rec', res: 'case', sits: ['in', 'out', 'restricted', 'unassigned'] },
  { route: 'PATCH /api/v1/cases/:id', act: 'cases_work', kind: 'rec', res: 'case', sits: ['in', 'out', 'restricted', 'unassigned'],
    ifMatch: true, body: () => ({ urgency: 'urgent' }) },
  { route: 'POST /api/v1/cases/:id/transitions', act: 'cases_work', kind: 'rec', res: 'case', sits: ['out', 'restricted', 'unassigned'],
    body: () => ({ to: 'assessment' }) },
  { route: 'GET /api/v1/cases/:id/history', act: 'cases_work', kind: 'rec', res: 'case', sits: ['in', 'out', 'restricted', 'unassigned'] },
  { route: 'POST /api/v1/cases/:id/events', act: 'cases_work', kind: 'rec', res: 'case', sits: ['in', 'out', 'restricted', 'unassigned'],
    body: () => ({ kind: 'note', text: 'Ghi chú ma trận' }) },
  { route: 'POST /api/v1/cases/:id/events/:event/corrections', act: 'cases_work', kind: 'rec', res: 'case', sits: ['in', 'out'],
    path: (R, side) => `/api/v1/cases/${R[side].case.id}/events/${R[side].case.event}/corrections`,
    body: () => ({ reason: 'Sửa lại', data: { text: 'Ghi chú đã sửa' } }) },
  { route: 'POST /api/v1/cases/:id/consents', act: 'cases_work', kind: 'rec', res: 'case', sits: ['in', 'out', 'restricted', 'unassigned'],
    body: (s, R) => ({ kind: 'services', given: true, given_by: 'guardian', guardian_name: 'Lê Văn Cha', date: R.today }) },
  { route: 'GET /api/v1/cases/:id/approvals', act: 'cases_work', kind: 'rec', res: 'case', sits: ['in', 'out', 'restricted', 'unassigned'] },
  { route: 'POST /api/v1/cases/:id/approvals', act: 'cases_work', kind: 'rec', res: 'case', sits: ['in', 'out', 'restricted'],
    body: () => ({ subject: 'plan' }) },
  { route: 'POST /api/v1/approvals/:id/approve', act: 'cases_work', kind: 'rec', res: 'approval', sits: ['out'], body: () => ({}) },
  { route: 'POST /api/v1/approvals/:id/reject', act: 'cases_work', kind: 'rec', res: 'approval', sits: ['in', 'out'], body: () => ({ comment: 'Chưa đủ' }) },
  { route: 'POST /api/v1/cases/:id/referrals', act: 'cases_work', kind: 'rec', res: 'case', sits: ['in', 'out', 'restricted'],
    body: () => ({ to_org: 'Bệnh viện huyện', service: 'counselling' }) },
  { route: 'GET /api/v1/referrals', act: 'cases_work', kind: 'list', q: () => 'box=out' },
  { route: 'POST /api/v1/referrals/:id/accept', act: 'cases_work', kind: 'rec', res: 'referral', sits: ['out'], body: () => ({}) },
  { route: 'POST /api/v1/referrals/:id/decline', act: 'cases_work', kind: 'rec', res: 'referral', sits: ['out'], body: () => ({}) },
  { route: 'POST /api/v1/referrals/:id/complete', act: 'cases_work', kind: 'rec', res: 'referral', sits: ['out'], body: () => ({}) },
  { route: 'POST /api/v1/cases/:id/transfers', act: 'cases_work', kind: 'rec', res: 'case', sits: ['out', 'restricted'],
    body: (s) => ({ to_unit: s.sibling, reason: 'Gia đình chuyển nhà' }) },
  { route: 'GET /api/v1/transfers', act: 'cases_work', kind: 'list', q: () => 'box=out' },
  { route: 'POST /api/v1/transfers/:id/accept', act: 'cases_work', kind: 'rec', res: 'transfer', sits: ['out'], body: () => ({}) },
  { route: 'POST /api/v1/transfers/:id/decline', act: 'cases_work', kind: 'rec', res: 'transfer', sits: ['out'], body: () => ({}) },
  { route: 'GET /api/v1/hotline-calls', act: 'cases_work', kind: 'list' },
  { route: 'POST /api/v1/hotline-calls', act: 'cases_work', kind: 'create',
    body: (s, R) => ({ line: '111', received_at: R.hourAgo, unit_code: s.comm, caller_relation: 'neighbour', summary: `Báo tin ${s.mark}`, urgency: 'urgent' }) },
  // "Facility users see only the calls they took" (docs/cases.md).
  { route: 'GET /api/v1/hotline-calls/:id', act: 'cases_work', kind: 'rec', res: 'call', sits: ['in', 'out'],
    special: (role) => (role === 'facility' ? 'notfound' : undefined) },
  { route: 'POST /api/v1/hotline-calls/:id/case', act: 'cases_work', kind: 'rec', res: 'call', sits: ['out'],
    body: (s) => ({ type: 'child_protection', person: { full_name: `Trẻ Gọi ${s.mark}`, sex: 'female', birth_year: 2013 } }) },
  { route: 'GET /api/v1/inbox', act: 'cases_work', kind: 'list' },

  { route: 'GET /api/v1/facilities', act: 'network_read', kind: 'list' },
  { route: 'POST /api/v1/facilities', act: 'network_write', kind: 'create',
    body: (s) => ({ name: `Trung tâm mới ${s.mark}`, type: 'fac_general', ownership: 'public', unit_code: s.comm, capacity: 5 }) },
  { route: 'GET /api/v1/facilities/:id', act: 'network_read', kind: 'rec', res: 'fac', sits: ['in', 'out'] },
  { route: 'PATCH /api/v1/facilities/:id', act: 'network_write', kind: 'rec', res: 'fac', sits: ['in', 'out'], ifMatch: true,
    body: () => ({ phone: '0260 3862 000' }) },
  { route: 'GET /api/v1/facilities/:id/history', act: 'network_read', kind: 'rec', res: 'fac', sits: ['in', 'out'] },
  { route: 'GET /api/v1/facilities/:id/residents', act: 'cases_work', kind: 'rec', res: 'fac', sits: ['in', 'out'], special: noHotline },
  { route: 'POST /api/v1/facilities/:id/residents', act: 'cases_work', kind: 'rec', res: 'fac', sits: ['out'], special: noHotline,
    body: (s, R, caller, side) => ({ case_id: R.a.case.id, admission_kind: 'ordinary', reason: 'Không còn người chăm sóc', decided_by: 'Quyết định 12/QĐ-UBND' }) },
  { route: 'POST /api/v1/residents/:id/discharge', act: 'cases_work', kind: 'rec', res: 'stay', sits: ['out'], special: noHotline,
    body: () => ({ reason: 'returned_family' }) },
  { route: 'GET /api/v1/carers', act: 'cases_work', kind: 'list', special: (role) => noHotline(role) ?? unitRecordsNotFacility(role) },
  { route: 'POST /api/v1/carers', act: 'cases_work', kind: 'create', special: (role) => noHotline(role) ?? unitRecordsNotFacility(role),
    body: (s) => ({ full_name: `Bà Mới ${s.mark} ${P_MARK}`, kind: 'kin', sex: 'female', birth_year: 1960, unit_code: s.comm, registered_on: '2024-03-01' }) },
  { route: 'GET /api/v1/carers/:id', act: 'cases_work', kind: 'rec', res: 'carer', sits: ['in', 'out'], special: (role) => noHotline(role) ?? unitRecordsNotFacility(role) },
  { route: 'PATCH /api/v1/carers/:id', act: 'cases_work', kind: 'rec', res: 'carer', sits: ['in', 'out'], ifMatch: true,
    special: (role) => noHotline(role) ?? unitRecordsNotFacility(role), body: () => ({ phone: '0912 345 678' }) },
  { route: 'GET /api/v1/placements', act: 'cases_work', kind: 'list', special: noHotline },
  // The facility user does not see the case (not its resident): 404 on case_id.
  { route: 'POST /api/v1/placements', act: 'cases_work', kind: 'create',
    special: (role) => noHotline(role) ?? (role === 'facility' ? 'refused' : undefined),
    body: (s, R, caller, side) => ({ case_id: R[side].ucase.id, form: 'emergency_care' }) },
  { route: 'GET /api/v1/placements/:id', act: 'cases_work', kind: 'rec', res: 'placement', sits: ['in', 'out'],
    special: (role) => noHotline(role) ?? (role === 'facility' ? 'notfound' : undefined) },
  { route: 'POST /api/v1/placements/:id/reviews', act: 'cases_work', kind: 'rec', res: 'placement', sits: ['in', 'out'],
    special: (role) => noHotline(role) ?? (role === 'facility' ? 'notfound' : undefined), body: () => ({ outcome: 'continue' }) },
  { route: 'POST /api/v1/placements/:id/end', act: 'cases_work', kind: 'rec', res: 'placement', sits: ['out'],
    special: noHotline, body: () => ({ reason: 'returned_home' }) },
  { route: 'GET /api/v1/trainings', act: 'network_read', kind: 'list', special: unitRecordsNotFacility },
  { route: 'POST /api/v1/trainings', act: 'network_write', kind: 'create',
    body: (s, R) => ({ title: `Tập huấn ${s.mark}`, topic: R.codes.training_topic, starts_on: '2026-03-04', ends_on: '2026-03-06', organiser: 'Phòng LĐTBXH', unit_code: s.comm, place: 'Hội trường' }) },
  { route: 'GET /api/v1/trainings/:id', act: 'network_read', kind: 'rec', res: 'training', sits: ['in', 'out'], special: unitRecordsNotFacility },
  { route: 'PATCH /api/v1/trainings/:id', act: 'network_write', kind: 'rec', res: 'training', sits: ['in', 'out'], ifMatch: true,
    body: () => ({ place: 'Nhà văn hoá' }) },
  { route: 'GET /api/v1/trainings/:id/participants', act: 'network_read', kind: 'rec', res: 'training', sits: ['in', 'out'],
    special: (role) => (role === 'viewer' || role === 'facility' ? 'forbidden' : undefined) },
  { route: 'POST /api/v1/trainings/:id/participants', act: 'network_write', kind: 'rec', res: 'training', sits: ['in', 'out'],
    body: (s) => ({ full_name: `Học Viên ${s.mark} ${P_MARK}`, sex: 'female', role: 'sw_official' }) },
  { route: 'DELETE /api/v1/participants/:id', act: 'network_write', kind: 'rec', res: 'participant', sits: ['out'] },
  { route: 'GET /api/v1/communications/coverage', act: 'network_read', kind: 'unit', q: (s, R) => `unit=${s.dist}&topic=${R.codes.communication_topic}`,
    special: unitRecordsNotFacility },
  { route: 'GET /api/v1/communications', act: 'network_read', kind: 'list', special: unitRecordsNotFacility },
  { route: 'POST /api/v1/communications', act: 'network_write', kind: 'create',
    body: (s, R) => ({ unit_code: s.comm, kind: R.codes.communication_kind, topic: R.codes.communication_topic, held_on: R.today, title: `Truyền thông ${s.mark}`, reach_male: 4, reach_female: 6 }) },
  { route: 'GET /api/v1/communications/:id', act: 'network_read', kind: 'rec', res: 'comm', sits: ['in', 'out'], special: unitRecordsNotFacility },
  { route: 'PATCH /api/v1/communications/:id', act: 'network_write', kind: 'rec', res: 'comm', sits: ['in', 'out'], ifMatch: true,
    body: () => ({ reach_male: 5 }) },
  // A row outside the scope is a row problem (422, out_of_scope, nothing
  // stored: docs/network.md §CSV import), not a 403.
  { route: 'POST /api/v1/imports', act: 'network_write', kind: 'create', csv: true,
    special: (role, sit) => (sit === 'out' ? 'import_refused' : undefined),
    q: () => 'kind=trainings&tree=2024',
    body: (s, R) => `title,topic,starts_on,ends_on,unit_code,organiser,place,note\r\nNhập ${s.mark},${R.codes.training_topic},2026-04-01,2026-04-02,${s.comm},Phòng LĐTBXH,Hội trường,\r\n` },
  // Only the user who started an import sees it (docs/network.md).
  { route: 'GET /api/v1/imports/:id', act: 'network_write', kind: 'rec', res: 'import', sits: ['in', 'out'],
    special: (role, sit) => (sit === 'in' && role !== 'province' ? 'notfound' : undefined) },
  { route: 'POST /api/v1/imports/:id/cancel', act: 'network_write', kind: 'rec', res: 'import', sits: ['out'], body: () => ({}) },

  { route: 'GET /api/v1/plans', act: 'aggregates_read', kind: 'list' },
  { route: 'POST /api/v1/plans', act: 'plans_write', kind: 'create',
    body: (s, R) => ({ unit_code: s.dist, number: `${R.seq()}/KH-MT`, issued_on: '2018-04-03', title: `Kế hoạch ${s.mark}`, period_from: 2018, period_to: 2020 }) },
  { route: 'GET /api/v1/plans/:id', act: 'aggregates_read', kind: 'rec', res: 'plan', sits: ['in', 'out'] },
  { route: 'PATCH /api/v1/plans/:id', act: 'plans_write', kind: 'rec', res: 'plan', sits: ['in', 'out'], ifMatch: true,
    body: (s) => ({ title: `Kế hoạch đã sửa ${s.mark}` }) },
  { route: 'POST /api/v1/plans/:id/copy', act: 'plans_write', kind: 'rec', res: 'plan', sits: ['in', 'out'],
    body: (s, R) => ({ number: `${R.seq()}/KH-SAO`, issued_on: '2021-01-05', period_from: 2021, period_to: 2025 }) },
  { route: 'GET /api/v1/plans/:id/targets', act: 'aggregates_read', kind: 'rec', res: 'plan', sits: ['in', 'out'] },
  { route: 'POST /api/v1/plans/:id/targets', act: 'plans_write', kind: 'rec', res: 'plan', sits: ['in', 'out'],
    body: () => ({ indicator: 'p2_districts_cp_plan_pct', year: 2019, target: 70 }) },
  { route: 'PATCH /api/v1/targets/:id', act: 'plans_write', kind: 'rec', res: 'target', sits: ['in', 'out'], body: () => ({ target: 85 }) },
  { route: 'DELETE /api/v1/targets/:id', act: 'plans_write', kind: 'rec', res: 'target', sits: ['out'] },

  { route: 'POST /api/v1/budget/check', act: 'units_read', kind: 'any', csv: true, body: (s, R) => R.budgetCsv },
  { route: 'POST /api/v1/plans/:id/budget', act: 'plans_write', kind: 'rec', res: 'plan', sits: ['in', 'out'], csv: true,
    body: (s, R) => R.budgetCsv },
  { route: 'GET /api/v1/plans/:id/budget', act: 'aggregates_read', kind: 'rec', res: 'plan', sits: ['in', 'out'] },
  { route: 'GET /api/v1/plans/:id/budget/summary', act: 'aggregates_read', kind: 'rec', res: 'plan', sits: ['in', 'out'] },
  { route: 'GET /api/v1/plans/:id/budget/export', act: 'aggregates_read', kind: 'rec', res: 'plan', sits: ['in', 'out'], q: () => 'format=csv' },
  { route: 'GET /api/v1/plans/:id/budget/execution', act: 'aggregates_read', kind: 'rec', res: 'plan', sits: ['in', 'out'] },
  { route: 'PUT /api/v1/plans/:id/budget/execution', act: 'plans_write', kind: 'rec', res: 'plan', sits: ['in', 'out'],
    body: () => ({ row: '1', year: 2018, source: 'central', allocated: 40000000, spent: 30000000, reason: 'Cấp đợt 1' }) },
  { route: 'GET /api/v1/plans/:id/budget/execution/history', act: 'aggregates_read', kind: 'rec', res: 'plan', sits: ['in', 'out'],
    q: () => 'row=1&year=2018&source=central' },

  { route: 'GET /api/v1/programmes', act: 'aggregates_read', kind: 'any', catalogue: true },
  { route: 'GET /api/v1/indicators', act: 'aggregates_read', kind: 'any', catalogue: true },
  { route: 'GET /api/v1/indicator-values', act: 'aggregates_read', kind: 'unit',
    q: (s, R) => `indicator=p2_csc_supported_pct&unit=${s.prov}&period=${R.year}` },
  { route: 'GET /api/v1/indicator-values/children', act: 'aggregates_read', kind: 'unit',
    q: (s, R) => `indicator=p2_csc_supported_pct&unit=${s.prov}&period=${R.year}` },
  { route: 'GET /api/v1/indicator-values/cases', act: 'cases_work', kind: 'unit',
    q: (s, R) => `indicator=p2_csc_supported_pct&unit=${s.comm}&period=${R.year}&part=denominator`,
    // aggregates_read too (docs/indicators.md): the hotline lacks it.
    special: (role) => (role === 'hotline' ? 'forbidden' : undefined) },
  { route: 'GET /api/v1/indicator-problems', act: 'aggregates_read', kind: 'unit', q: (s, R) => `unit=${s.prov}&period=${R.year}` },
  { route: 'GET /api/v1/dashboard', act: 'aggregates_read', kind: 'unit', q: (s, R) => `unit=${s.prov}&period=${R.year}` },
  { route: 'GET /api/v1/aggregate-values', act: 'aggregates_read', kind: 'unit', q: (s) => `unit=${s.dist}` },
  { route: 'PUT /api/v1/aggregate-values', act: 'aggregates_write', kind: 'create',
    body: (s, R) => ({ indicator: 'p3_safety_surveys_count', unit_code: s.comm, period: `${R.year}`, numerator: R.seq(), reason: 'Cập nhật số liệu' }) },
  { route: 'GET /api/v1/aggregate-values/:id/history', act: 'aggregates_read', kind: 'rec', res: 'aggregate', sits: ['in', 'out'] },

  { route: 'POST /api/v1/reports', act: 'aggregates_write', special: ownUnitOnly, kind: 'create',
    body: (s, R) => ({ template: 'six_monthly', unit_code: s.comm, period: R.nextReportPeriod() }) },
  { route: 'GET /api/v1/reports', act: 'aggregates_read', kind: 'list' },
  { route: 'GET /api/v1/reports/completeness', act: 'aggregates_read', kind: 'unit',
    q: (s) => `unit=${s.dist}&template=six_monthly&period=2020S1` },
  { route: 'GET /api/v1/reports/:id', act: 'aggregates_read', kind: 'rec', res: 'report', sits: ['in', 'out'] },
  { route: 'PATCH /api/v1/reports/:id', act: 'aggregates_write', special: ownUnitOnly, kind: 'rec', res: 'report', sits: ['in', 'out'], ifMatch: true,
    body: () => ({ signer_title: 'Chủ tịch' }) },
  { route: 'POST /api/v1/reports/:id/refresh', act: 'aggregates_write', special: ownUnitOnly, kind: 'rec', res: 'report', sits: ['in', 'out'], body: () => ({}) },
  { route: 'POST /api/v1/reports/:id/consolidate', act: 'aggregates_write', special: ownUnitOnly, kind: 'rec', res: 'report', sits: ['in', 'out'], body: () => ({}) },
  { route: 'POST /api/v1/reports/:id/submit', act: 'aggregates_write', kind: 'rec', res: 'report', sits: ['out'], body: () => ({}) },
  { route: 'POST /api/v1/reports/:id/approve', act: 'aggregates_write', kind: 'rec', res: 'report', sits: ['out'], body: () => ({}) },
  { route: 'POST /api/v1/reports/:id/return', act: 'aggregates_write', kind: 'rec', res: 'report', sits: ['out'], body: () => ({ comment: 'Bổ sung số liệu' }) },
  { route: 'POST /api/v1/reports/:id/reopen', act: 'aggregates_write', kind: 'rec', res: 'report', sits: ['out'], body: () => ({ comment: 'Mở lại' }) },
  { route: 'GET /api/v1/reports/:id/export', act: 'aggregates_read', kind: 'rec', res: 'report', sits: ['in', 'out'], q: () => 'format=csv' },
  { route: 'GET /api/v1/plans/:id/report-settings', act: 'aggregates_read', kind: 'rec', res: 'plan', sits: ['in', 'out'] },
  { route: 'PUT /api/v1/plans/:id/report-settings', act: 'plans_write', kind: 'rec', res: 'plan', sits: ['in', 'out'],
    body: (s, R) => R.reportSettings },
];

export { CASE_RES, caseRules };
