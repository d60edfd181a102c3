// All calls to the trogiup JSON API go through here: it sends the CSRF
// token on every state-changing request, turns error bodies into ApiError,
// and reports a 401 (session gone) so the app can go back to the login page.

export type Role = 'admin' | 'province' | 'district' | 'commune' | 'facility'
  | 'hotline' | 'viewer' | 'auditor';
export type Tree = '2024' | '2025';

export const ROLES = ['admin', 'province', 'district', 'commune', 'facility',
  'hotline', 'viewer', 'auditor'] as const;

export type Scope =
  | { kind: 'national' }
  | { kind: 'unit'; code: string; tree?: Tree; name?: string }
  // A facility user (docs/network.md): its facility, and the unit that owns it.
  | { kind: 'facility'; id: number; name?: string; code: string; tree?: Tree };

export interface User {
  id: number | string;
  username: string;
  full_name: string;
  role: Role | string;
  scope: Scope;
  // GET /me only.
  second_factor?: SecondFactor;
}

// A user as the admin pages see it (GET /api/v1/users…).
export interface UserRecord extends User {
  active: boolean;
  created_at: string;
  updated_at: string;
  // Admin views: the login lockout (5 failures within 15 minutes).
  login_failures?: number;
  locked_until?: string | null;
}

export interface Unit {
  code: string;
  name: string;
  type: string;
  level: number;
  parent_code: string | null;
  tree: Tree;
}

export interface UnitDetail extends Unit {
  path: { code: string; name: string }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field?: string,
  ) { super(message); }
}

let csrf: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setUnauthorizedHandler(fn: () => void): void { onUnauthorized = fn; }

// csv: a text/csv body (budget tables) instead of JSON.
interface Options { body?: unknown; csv?: Blob | string; auth401?: boolean; headers?: Record<string, string> }

// The answer's body and its ETag (GET/PATCH /users/ID send one).
export interface Reply<T> { data: T; etag: string | null }

async function request<T>(method: string, path: string, opts: Options = {}): Promise<T> {
  return (await send<T>(method, path, opts)).data;
}

async function send<T>(method: string, path: string, opts: Options = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let body: Blob | string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  } else if (opts.csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    body = opts.csv;
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  if (res.status === 204) return { data: undefined as T, etag: null };
  const text = await res.text();
  let json: unknown = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    const err = new ApiError(res.status, e?.code ?? `http_${res.status}`,
      e?.message ?? res.statusText, e?.field);
    // A 401 anywhere but at the login form means the session is gone.
    if (res.status === 401 && opts.auth401 !== false) {
      csrf = null;
      onUnauthorized?.();
    }
    throw err;
  }
  return { data: json as T, etag: res.headers.get('ETag') };
}

function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

// The second factor of a session (GET /me, the login's answer): "required"
// and "enrolment_required" are pending sessions that reach only the second
// step (docs/security.md §Second factor).
export type SecondFactor = 'off' | 'required' | 'enrolment_required' | 'done';
export const isPending = (s: string | undefined) => s === 'required' || s === 'enrolment_required';

export interface LoginResult { user: User; second_factor: SecondFactor }

export async function login(username: string, password: string): Promise<LoginResult> {
  const r = await request<{ user: User; csrf: string; second_factor?: SecondFactor }>('POST', '/api/v1/auth/login',
    { body: { username, password }, auth401: false });
  csrf = r.csrf;
  return { user: r.user, second_factor: r.second_factor ?? 'off' };
}

// The login's second step; the server replaces the pending session (new
// cookie) and gives the new session's CSRF token.  A wrong code is a 401
// invalid_code, which must not end the pending session here.
export async function totpVerify(code: string): Promise<User> {
  const r = await request<{ user: User; csrf: string }>('POST', '/api/v1/auth/totp/verify',
    { body: { code }, auth401: false });
  csrf = r.csrf;
  return r.user;
}

// A new secret, not active until confirmed; shown once.
export function totpSetup(): Promise<{ secret: string; uri: string }> {
  return request('POST', '/api/v1/auth/totp/setup', { body: {} });
}

// Turns the set-up secret on; at the end of an enrolment (pending login)
// the session is replaced and a new CSRF token comes back.
export async function totpConfirm(code: string): Promise<void> {
  const r = await request<{ csrf?: string }>('POST', '/api/v1/auth/totp/confirm', { body: { code } });
  if (r.csrf) csrf = r.csrf;
}

export function totpDisable(password: string, code: string): Promise<void> {
  return request('POST', '/api/v1/auth/totp/disable', { body: { password, code } });
}

// One's own password; the server ends one's other sessions.
export function changePassword(current_password: string, new_password: string): Promise<void> {
  return request('POST', '/api/v1/auth/password', { body: { current_password, new_password } });
}

// The roles that must use a second factor (admins read it; national admins change it).
export function getSecondFactorSetting(): Promise<{ required_roles: string[] }> {
  return request('GET', '/api/v1/settings/second-factor');
}

export function putSecondFactorSetting(required_roles: string[]): Promise<{ required_roles: string[] }> {
  return request('PUT', '/api/v1/settings/second-factor', { body: { required_roles } });
}

// The current session's user, or null when there is none.
export async function me(): Promise<User | null> {
  try {
    const r = await request<User & { csrf?: string }>('GET', '/api/v1/me', { auth401: false });
    if (r.csrf) csrf = r.csrf;
    const { csrf: _ignored, ...user } = r;
    return user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/api/v1/auth/logout', { auth401: false });
  } finally {
    csrf = null;
  }
}

export interface UnitQuery {
  parent?: string;
  level?: number;
  q?: string;
  tree?: Tree | null;
  page?: number;
  page_size?: number;
}

export function listUnits(q: UnitQuery): Promise<Page<Unit>> {
  return request('GET', `/api/v1/units${qs({ ...q })}`);
}

export function getUnit(code: string, tree?: Tree | null): Promise<UnitDetail> {
  return request('GET', `/api/v1/units/${encodeURIComponent(code)}${qs({ tree })}`);
}

export interface UserQuery {
  q?: string;
  role?: string | null;
  page?: number;
  page_size?: number;
}

export function listUsers(q: UserQuery): Promise<Page<UserRecord>> {
  return request('GET', `/api/v1/users${qs({ ...q })}`);
}

// One user with the ETag a later PATCH must send back as If-Match.
export function getUser(id: string): Promise<Reply<UserRecord>> {
  return send('GET', `/api/v1/users/${encodeURIComponent(id)}`);
}

export interface NewUser {
  username: string;
  full_name: string;
  password: string;
  role: string;
  scope_unit?: string;
  scope_tree?: Tree;
}

export function createUser(u: NewUser): Promise<Reply<UserRecord>> {
  return send('POST', '/api/v1/users', { body: u });
}

// scope_unit null makes the user national; leave a field out to keep it.
export interface UserChange {
  full_name?: string;
  role?: string;
  scope_unit?: string | null;
  scope_tree?: Tree;
  active?: boolean;
  password?: string;
}

export function updateUser(id: string | number, etag: string | null, change: UserChange): Promise<Reply<UserRecord>> {
  return send('PATCH', `/api/v1/users/${encodeURIComponent(String(id))}`,
    { body: change, headers: etag ? { 'If-Match': etag } : undefined });
}

// Lifts a login lockout (admin).
export function unlockUser(id: number): Promise<Reply<UserRecord>> {
  return send('POST', `/api/v1/users/${id}/unlock`, { body: {} });
}

export const AUDIT_ACTIONS = ['login', 'login_failed', 'login_throttled', 'logout',
  'user_create', 'user_update', 'user_password', 'user_disable', 'token_create',
  'token_revoke'] as const;

export interface AuditEntry {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  request_id: string | null;
  unit_tree: string | null;
  unit_path: string | null;
  detail: Record<string, unknown> | null;
}

// since and until: instants (YYYY-MM-DDTHH:MM:SSZ); since inclusive, until exclusive.
export interface AuditQuery {
  action?: string | null;
  actor?: string | null;
  since?: string | null;
  until?: string | null;
  page?: number;
  page_size?: number;
}

export function listAudit(q: AuditQuery): Promise<Page<AuditEntry>> {
  return request('GET', `/api/v1/audit${qs({ ...q })}`);
}

// ---- case work (docs/cases.md) ----

export const CASE_TYPES = ['social_assistance', 'child_protection', 'gbv', 'drug_rehab',
  'sex_work_support', 'trafficking_victim'] as const;
export type CaseType = typeof CASE_TYPES[number];
export const STAGES = ['intake', 'assessment', 'planning', 'intervention', 'review', 'closed'] as const;
export type Stage = typeof STAGES[number];
export const URGENCIES = ['emergency', 'urgent', 'normal'] as const;
export type Urgency = typeof URGENCIES[number];

export interface CodeItem { code: string; vi: string; en: string }
export interface Codes { lists: Record<string, CodeItem[]> }

// The code lists change only with a new server; asked once per page load.
let codesPromise: Promise<Codes> | null = null;
export function getCodes(): Promise<Codes> {
  codesPromise ??= request<Codes>('GET', '/api/v1/codes').catch((e) => {
    codesPromise = null;
    throw e;
  });
  return codesPromise;
}

export interface Person {
  id?: number;
  full_name: string;
  sex: string;
  birth_date?: string | null;
  birth_year?: number | null;
  ethnicity?: string | null;
  national_id?: string | null;
  address_unit?: string | null;
  address_tree?: Tree | null;
  contacts?: string | null;
}

// A user named in a case (assigned worker, actor); older answers may give only the id.
export interface UserRef { id: number; username?: string; full_name?: string }

export type Facts = Record<string, unknown>;

export interface Case {
  id: number;
  case_no: string;
  type: CaseType | string;
  stage: Stage | string;
  unit_code: string;
  unit_tree: Tree;
  restricted: boolean;
  urgency: Urgency | string;
  opened_at: string;
  stage_since: string;
  due_at: string | null;
  overdue: boolean;
  overdue_seconds?: number;
  closed_at: string | null;
  assigned_to: number | null;
  assigned_name?: string | null;
  identity_hidden?: boolean;
  reason_required?: boolean;
  // full view only
  person?: Person;
  details?: Facts;
  summary?: string | null;
  risk_level?: string | null;
  closure_reason?: string | null;
  due_rule?: string | null;
  plan_approved_at?: string | null;
  closure_approved_at?: string | null;
  consents?: { services: boolean | null; statistics: boolean | null; sharing: boolean | null; sharing_orgs: string[] | null };
  next_visit_at?: string | null;
  hotline_call_id?: number | null;
  next_stages?: string[];
  created_by?: number;
  created_at?: string;
  updated_at?: string;
  version?: number;
}

export interface CaseQuery {
  type?: string | null;
  stage?: string | null;
  unit?: string | null;
  tree?: string | null;
  q?: string | null;
  overdue?: 'true' | 'false' | null;
  assigned_to?: string | null;
  opened_from?: string | null;
  opened_to?: string | null;
  page?: number;
  page_size?: number;
}

export function listCases(q: CaseQuery): Promise<Page<Case>> {
  return request('GET', `/api/v1/cases${qs({ ...q })}`);
}

export function getCase(id: string | number, reason?: string | null): Promise<Reply<Case>> {
  return send('GET', `/api/v1/cases/${encodeURIComponent(String(id))}${qs({ reason })}`);
}

export interface NewCase {
  type: string;
  unit_code?: string;
  unit_tree?: Tree;
  person?: Person;
  person_id?: number;
  details?: Facts;
  urgency?: string;
  restricted?: boolean;
  summary?: string;
  received_at?: string;
  assigned_to?: number;
}

export function createCase(c: NewCase): Promise<Case> {
  return request('POST', '/api/v1/cases', { body: c });
}

export interface CaseChange {
  assigned_to?: number | null;
  risk_level?: string | null;
  urgency?: string;
  restricted?: boolean;
  summary?: string | null;
  details?: Facts;
  person?: Partial<Person>;
}

export function updateCase(id: number, etag: string | null, change: CaseChange, reason?: string | null): Promise<Reply<Case>> {
  return send('PATCH', `/api/v1/cases/${id}${qs({ reason })}`,
    { body: change, headers: etag ? { 'If-Match': etag } : undefined });
}

export interface Transition { to: string; reason?: string; closure_reason?: string }

export function transitionCase(id: number, t: Transition): Promise<Case> {
  return request('POST', `/api/v1/cases/${id}/transitions`, { body: t });
}

export interface CaseEvent {
  id: number;
  case_id: number;
  kind: string;
  at: string;
  actor: { id: number | null; username: string; full_name?: string } | null;
  data: Record<string, unknown> | null;
  corrects?: number | null;
  reason?: string | null;
}

export function caseHistory(id: string | number, reason?: string | null): Promise<{ items: CaseEvent[] }> {
  return request('GET', `/api/v1/cases/${encodeURIComponent(String(id))}/history${qs({ reason })}`);
}

export function addCaseEvent(id: number, ev: { kind: string } & Record<string, unknown>): Promise<CaseEvent> {
  return request('POST', `/api/v1/cases/${id}/events`, { body: ev });
}

export function correctCaseEvent(id: number, eventId: number, reason: string, data: Record<string, unknown>): Promise<CaseEvent> {
  return request('POST', `/api/v1/cases/${id}/events/${eventId}/corrections`, { body: { reason, data } });
}

export interface Consent {
  kind: 'services' | 'sharing' | 'statistics' | string;
  given: boolean;
  given_by: 'person' | 'guardian' | string;
  guardian_name?: string;
  organisations?: string[];
  date: string;
}

export function addConsent(id: number, c: Consent): Promise<CaseEvent> {
  return request('POST', `/api/v1/cases/${id}/consents`, { body: c });
}

export interface Approval {
  id: number;
  case_id: number;
  subject: 'plan' | 'closure' | string;
  status: 'requested' | 'approved' | 'rejected' | string;
  closure_reason?: string | null;
  note?: string | null;
  requested_by: number;
  requested_at: string;
  decided_by?: number | null;
  decided_at?: string | null;
  comment?: string | null;
}

export function listCaseApprovals(id: number | string, reason?: string | null): Promise<{ items: Approval[] }> {
  return request('GET', `/api/v1/cases/${encodeURIComponent(String(id))}/approvals${qs({ reason })}`);
}

export function requestApproval(id: number, a: { subject: string; note?: string; closure_reason?: string }): Promise<Approval> {
  return request('POST', `/api/v1/cases/${id}/approvals`, { body: a });
}

export function decideApproval(id: number, decision: 'approve' | 'reject', comment?: string): Promise<Approval> {
  return request('POST', `/api/v1/approvals/${id}/${decision}`, { body: comment ? { comment } : {} });
}

export interface NewReferral {
  to_org: string;
  to_unit?: string;
  to_tree?: Tree;
  service: string;
  note?: string;
  override_reason?: string;
}

// A referral or a transfer as the lists give it.
export interface Referral {
  id: number;
  kind: 'referral' | 'transfer' | string;
  case_id: number;
  case_no?: string;
  case_type?: string;
  case_stage?: string;
  status: string;
  to_org?: string | null;
  to_unit?: string | null;
  to_tree?: string | null;
  from_unit?: string | null;
  from_tree?: string | null;
  service?: string | null;
  note?: string | null;      // referrals
  reason?: string | null;    // transfers
  comment?: string | null;
  created_at?: string;
  decided_at?: string | null;
  completed_at?: string | null;
}

export function referCase(id: number, r: NewReferral): Promise<{ id: number; status: string }> {
  return request('POST', `/api/v1/cases/${id}/referrals`, { body: r });
}

export function listReferrals(q: { box?: 'in' | 'out'; status?: string; case_id?: number; page_size?: number }): Promise<Page<Referral>> {
  return request('GET', `/api/v1/referrals${qs({ ...q })}`);
}

export function referralAction(id: number, action: 'accept' | 'decline' | 'complete', comment?: string): Promise<Referral> {
  return request('POST', `/api/v1/referrals/${id}/${action}`, { body: comment ? { comment } : {} });
}

export function transferCase(id: number, t: { to_unit: string; to_tree?: Tree; reason: string }): Promise<{ id: number; status: string }> {
  return request('POST', `/api/v1/cases/${id}/transfers`, { body: t });
}

export function listTransfers(q: { box?: 'in' | 'out'; status?: string; case_id?: number; page_size?: number }): Promise<Page<Referral>> {
  return request('GET', `/api/v1/transfers${qs({ ...q })}`);
}

export function transferAction(id: number, action: 'accept' | 'decline', comment?: string): Promise<Referral> {
  return request('POST', `/api/v1/transfers/${id}/${action}`, { body: comment ? { comment } : {} });
}

export interface DuplicateQuery {
  full_name?: string;
  birth_year?: number | string;
  birth_date?: string;
  national_id?: string;
  unit?: string;
}

// A likely duplicate: the person, why they match, and the cases of theirs
// the caller may read.
export interface PersonMatch {
  person: Person & { id: number };
  match: 'national_id' | 'name_birth_year' | string;
  cases: { id: number; case_no: string; type: string; stage: string }[];
}

export function personDuplicates(q: DuplicateQuery & { tree?: Tree }): Promise<{ items: PersonMatch[] }> {
  return request('GET', `/api/v1/persons/duplicates${qs({ ...q })}`);
}

export interface NewHotlineCall {
  line: string;
  received_at: string;
  unit_code: string;
  unit_tree?: Tree;
  caller_relation: string;
  summary: string;
  urgency: string;
}

export interface HotlineCall extends NewHotlineCall {
  id: number;
  case_id?: number | null;
  case_no?: string | null;
  operator_id?: number;
  created_at?: string;
}

export function createHotlineCall(c: NewHotlineCall): Promise<HotlineCall> {
  return request('POST', '/api/v1/hotline-calls', { body: c });
}

export function listHotlineCalls(q: { page?: number; page_size?: number }): Promise<Page<HotlineCall>> {
  return request('GET', `/api/v1/hotline-calls${qs({ ...q })}`);
}

export function openCaseFromCall(id: number, body: { type: string; person: Person; details?: Facts }): Promise<Case> {
  return request('POST', `/api/v1/hotline-calls/${id}/case`, { body });
}

// One thing waiting for the caller (numbers and codes only, never a name).
export interface InboxItem {
  kind: 'overdue' | 'deadline' | 'approval' | 'referral' | 'transfer' | 'visit' | string;
  case_id: number;
  case_no?: string;
  case_type?: string;
  stage?: string;
  due_at?: string;
  overdue_seconds?: number;
  approval_id?: number;
  subject?: string;
  referral_id?: number;
  transfer_id?: number;
}

export function getInbox(): Promise<{ items: InboxItem[] }> {
  return request('GET', '/api/v1/inbox');
}

// ---- the service network (docs/network.md) ----

export type NetQuery = Record<string, string | number | undefined | null>;

// The address of a list's CSV export (format=csv, every matching row).
export function csvHref(path: string, q: NetQuery): string {
  return `/api/v1/${path}${qs({ ...q, page: undefined, page_size: undefined, format: 'csv' })}`;
}

export interface Facility {
  id: number;
  name: string;
  type: string;
  kind: 'facility' | 'service_point' | 'model' | string;
  ownership: string;
  unit_code: string;
  unit_tree: Tree;
  unit_name?: string;
  capacity: number | null;
  licence_no?: string | null;
  licence_date?: string | null;
  licence_issuer?: string | null;
  address?: string | null;
  phone?: string | null;
  started_on?: string | null;
  status: string;
  upgraded_on?: string | null;
  sw_standard?: boolean;
  note?: string | null;
  residents: number;
  occupancy: number | null;
  over_capacity: boolean;
  licence_missing: boolean;
  version?: number;
  created_at?: string;
  updated_at?: string;
}

export type FacilityInput = Partial<Omit<Facility, 'id' | 'kind' | 'residents' | 'occupancy' | 'over_capacity' | 'licence_missing'>>;

export function listFacilities(q: NetQuery): Promise<Page<Facility>> {
  return request('GET', `/api/v1/facilities${qs(q)}`);
}
export function getFacility(id: string | number): Promise<Reply<Facility>> {
  return send('GET', `/api/v1/facilities/${encodeURIComponent(String(id))}`);
}
export function createFacility(f: FacilityInput & { tree?: Tree }): Promise<Facility> {
  return request('POST', `/api/v1/facilities`, { body: f });
}
export function updateFacility(id: number, etag: string | null, f: FacilityInput): Promise<Reply<Facility>> {
  return send('PATCH', `/api/v1/facilities/${id}`, { body: f, headers: etag ? { 'If-Match': etag } : undefined });
}

export interface NetEvent { id: number; at: string; actor_name?: string | null; kind: string; data: Record<string, unknown> | null }

export function facilityHistory(id: string | number): Promise<{ items: NetEvent[] }> {
  return request('GET', `/api/v1/facilities/${encodeURIComponent(String(id))}/history`);
}

export interface Stay {
  id: number;
  facility_id: number;
  case_id: number;
  case_no: string;
  case_type: string;
  person: { id: number; full_name: string; sex?: string; birth_year?: number | null } | null;
  identity_hidden?: boolean;
  admitted_on: string;
  admission_kind: string;
  reason: string;
  decided_by: string;
  over_capacity_reason?: string | null;
  admitted_by?: unknown;
  discharged_on?: string | null;
  discharge_reason?: string | null;
  discharge_note?: string | null;
  discharge_decided_by?: string | null;
  discharged_by?: unknown;
  current: boolean;
}

export function listResidents(id: string | number, q: NetQuery): Promise<Page<Stay>> {
  return request('GET', `/api/v1/facilities/${encodeURIComponent(String(id))}/residents${qs(q)}`);
}
export interface Admission {
  case_id: number;
  admitted_on?: string;
  admission_kind: string;
  reason: string;
  decided_by: string;
  over_capacity_reason?: string;
}
export function admitResident(facilityId: number, a: Admission): Promise<Stay> {
  return request('POST', `/api/v1/facilities/${facilityId}/residents`, { body: a });
}
export interface Discharge { discharged_on?: string; reason: string; note?: string; decided_by: string }
export function dischargeResident(stayId: number, d: Discharge): Promise<Stay> {
  return request('POST', `/api/v1/residents/${stayId}/discharge`, { body: d });
}

export interface Carer {
  id: number;
  full_name: string;
  kind: 'kin' | 'non_kin' | string;
  sex?: string | null;
  birth_year?: number | null;
  national_id?: string | null;
  unit_code: string;
  unit_tree?: Tree;
  unit_name?: string;
  address?: string | null;
  phone?: string | null;
  registered_on: string;
  household_size?: number | null;
  note?: string | null;
  status: string;
  placements?: Placement[];
  version?: number;
}
export function listCarers(q: NetQuery): Promise<Page<Carer>> {
  return request('GET', `/api/v1/carers${qs(q)}`);
}
export function getCarer(id: string | number): Promise<Reply<Carer>> {
  return send('GET', `/api/v1/carers/${encodeURIComponent(String(id))}`);
}
export function createCarer(c: Partial<Carer> & { tree?: Tree }): Promise<Carer> {
  return request('POST', `/api/v1/carers`, { body: c });
}
export function updateCarer(id: number, etag: string | null, c: Partial<Carer>): Promise<Reply<Carer>> {
  return send('PATCH', `/api/v1/carers/${id}`, { body: c, headers: etag ? { 'If-Match': etag } : undefined });
}

export interface PlacementReview { id: number; reviewed_on: string; outcome: string; note?: string | null; created_at?: string }
export interface Placement {
  id: number;
  case_id: number;
  case_no?: string;
  person?: { id: number; full_name: string; sex?: string; birth_year?: number | null } | null;
  identity_hidden?: boolean;
  form: string;
  carer_id?: number | null;
  carer_name?: string | null;
  facility_id?: number | null;
  facility_name?: string | null;
  start_on: string;
  decision_no?: string | null;
  note?: string | null;
  next_review_on?: string | null;
  review_overdue?: boolean;
  end_on?: string | null;
  end_reason?: string | null;
  active?: boolean;
  reviews?: PlacementReview[];
}
export function listPlacements(q: NetQuery): Promise<Page<Placement>> {
  return request('GET', `/api/v1/placements${qs(q)}`);
}
export function getPlacement(id: string | number): Promise<Placement> {
  return request('GET', `/api/v1/placements/${encodeURIComponent(String(id))}`);
}
export function createPlacement(p: { case_id: number; form: string; carer_id?: number; facility_id?: number; start_on: string; decision_no?: string; note?: string }): Promise<Placement> {
  return request('POST', `/api/v1/placements`, { body: p });
}
export function reviewPlacement(id: number, r: { reviewed_on: string; outcome: string; note?: string }): Promise<PlacementReview> {
  return request('POST', `/api/v1/placements/${id}/reviews`, { body: r });
}
export function endPlacement(id: number, e: { end_on: string; reason: string; note?: string }): Promise<Placement> {
  return request('POST', `/api/v1/placements/${id}/end`, { body: e });
}

export interface Training {
  id: number;
  title: string;
  topic: string;
  project?: number;
  starts_on: string;
  ends_on: string;
  organiser?: string | null;
  unit_code: string;
  unit_tree?: Tree;
  unit_name?: string;
  place?: string | null;
  note?: string | null;
  participants: number;
  participants_female: number;
  participants_male: number;
  version?: number;
}
export function listTrainings(q: NetQuery): Promise<Page<Training>> {
  return request('GET', `/api/v1/trainings${qs(q)}`);
}
export function getTraining(id: string | number): Promise<Reply<Training>> {
  return send('GET', `/api/v1/trainings/${encodeURIComponent(String(id))}`);
}
export function createTraining(t: Partial<Training> & { tree?: Tree }): Promise<Training> {
  return request('POST', `/api/v1/trainings`, { body: t });
}

export interface Participant {
  id: number;
  training_id?: number;
  full_name: string;
  sex: string;
  role: string;
  agency?: string | null;
  position?: string | null;
  unit_code?: string | null;
  birth_year?: number | null;
}
export function listParticipants(id: string | number, q: NetQuery): Promise<Page<Participant>> {
  return request('GET', `/api/v1/trainings/${encodeURIComponent(String(id))}/participants${qs(q)}`);
}
export function addParticipant(id: number, p: Partial<Participant>): Promise<Participant> {
  return request('POST', `/api/v1/trainings/${id}/participants`, { body: p });
}
export function deleteParticipant(id: number): Promise<void> {
  return request('DELETE', `/api/v1/participants/${id}`);
}

export interface Communication {
  id: number;
  unit_code: string;
  unit_tree?: Tree;
  unit_name?: string;
  kind: string;
  topic: string;
  held_on: string;
  title?: string | null;
  audience?: string | null;
  reach_male?: number | null;
  reach_female?: number | null;
  note?: string | null;
}
export function listCommunications(q: NetQuery): Promise<Page<Communication>> {
  return request('GET', `/api/v1/communications${qs(q)}`);
}
export function createCommunication(c: Partial<Communication> & { tree?: Tree }): Promise<Communication> {
  return request('POST', `/api/v1/communications`, { body: c });
}
export interface CoverageCommune { code: string; name: string; parent_code?: string; parent_name?: string; activities: number; reach?: number; covered: boolean }
export interface Coverage {
  unit: { code: string; name: string };
  topic: string | null;
  from: string;
  to: string;
  total: number;
  covered: number;
  percent: number;
  communes: CoverageCommune[];
}
export function getCoverage(q: NetQuery): Promise<Coverage> {
  return request('GET', `/api/v1/communications/coverage${qs(q)}`);
}

// ---- CSV imports ----

export interface ImportProblem { line: number; column?: string | null; code: string; message: string }
export interface ImportResult {
  id?: number | string;
  kind: string;
  status?: 'running' | 'done' | 'failed' | 'cancelled' | string;
  dry_run: boolean;
  rows?: number;
  rows_done?: number;
  rows_total?: number;
  stored: number;
  problems: ImportProblem[];
  truncated?: boolean;
}

// Sends a CSV file.  A 422 invalid_csv answers the problems: it is
// returned as a result, not thrown, so the page can list every line.
export async function importCsv(q: { kind: string; training?: number | string | null; tree?: Tree | null; dry_run?: boolean; async?: boolean },
  body: Blob | string): Promise<ImportResult & { id?: number | string }> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'text/csv' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const path = `/api/v1/imports${qs({ kind: q.kind, training: q.training, tree: q.tree,
    dry_run: q.dry_run ? 'true' : null, async: q.async ? 'true' : null })}`;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  const text = await res.text();
  let json: any = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (res.ok) return json as ImportResult;
  if (res.status === 422 && json && Array.isArray(json.problems)) return json as ImportResult;
  if (res.status === 401) { csrf = null; onUnauthorized?.(); }
  const e = json?.error;
  throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.field);
}
export function getImport(id: number | string): Promise<ImportResult> {
  return request('GET', `/api/v1/imports/${encodeURIComponent(String(id))}`);
}
export function cancelImport(id: number | string): Promise<ImportResult> {
  return request('POST', `/api/v1/imports/${encodeURIComponent(String(id))}/cancel`, { body: {} });
}

// ---- indicators, dashboard, aggregates, plans (docs/indicators.md) ----

export type IndicatorKind = 'percent' | 'count' | 'reduction_pct';
export type IndicatorStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_target';
// A count as the API gives it: the viewer role sees 1–4 as "<5".
export type Masked = number | '<5' | null;

export interface Indicator {
  code: string;
  project: number;
  kind: IndicatorKind | string;
  vi: string;
  en: string;
  numerator?: string | null;
  denominator?: string | null;
  computable_from?: string | null;
  note?: string | null;
  numerator_source?: string | null;     // cases, trainings, …, aggregate
  denominator_source?: string | null;   // …, aggregate, or null (counts)
  case_based?: boolean;
}

// The catalogue changes only with a new server; asked once per page load.
let indicatorsPromise: Promise<Indicator[]> | null = null;
export function listIndicators(): Promise<Indicator[]> {
  indicatorsPromise ??= request<{ items: Indicator[] }>('GET', '/api/v1/indicators').then((r) => r.items, (e) => {
    indicatorsPromise = null;
    throw e;
  });
  return indicatorsPromise;
}

export interface Programme { project: number; code: string; vi: string; en: string; indicators: string[] }
let programmesPromise: Promise<Programme[]> | null = null;
export function listProgrammes(): Promise<Programme[]> {
  programmesPromise ??= request<{ items: Programme[] }>('GET', '/api/v1/programmes').then((r) => r.items, (e) => {
    programmesPromise = null;
    throw e;
  });
  return programmesPromise;
}

export interface IndicatorNumbers {
  numerator: Masked;
  denominator: Masked;
  value: number | '<5' | null;
  suppressed?: boolean;
  status: IndicatorStatus | string;
}

export interface DashboardIndicator extends IndicatorNumbers {
  code: string;
  project: number;
  kind: IndicatorKind | string;
  vi: string;
  en: string;
  target: number | null;
  target_year: number | null;
  case_based: boolean;
  trend: { period: string; value: number | '<5' | null }[];
}

export interface DashboardUnit { code: string; name: string; level: number }
export interface DashboardChild extends DashboardUnit { values: Record<string, IndicatorNumbers> }
export interface Dashboard {
  unit: DashboardUnit;
  tree?: Tree;
  period: string;
  from: string;
  to: string;
  indicators: DashboardIndicator[];
  children: DashboardChild[];
}

export function getDashboard(q: { unit?: string | null; tree?: Tree | null; period: string }): Promise<Dashboard> {
  return request('GET', `/api/v1/dashboard${qs(q)}`);
}

export interface IndicatorCaseQuery {
  indicator: string;
  unit?: string | null;
  tree?: Tree | null;
  period: string;
  part?: 'numerator' | 'denominator';
  page?: number;
  page_size?: number;
}
// The cases behind a case-based indicator's number (same shape as GET /cases).
export function listIndicatorCases(q: IndicatorCaseQuery): Promise<Page<Case>> {
  return request('GET', `/api/v1/indicator-values/cases${qs({ ...q })}`);
}

export interface AggregateValue {
  id: number;
  indicator: string;
  unit_code: string;
  unit_name?: string;
  tree: Tree;
  period: string;
  numerator: number | null;
  denominator: number | null;
  entered_by?: number;
  entered_by_name?: string | null;
  entered_at?: string;
  version?: number;
}
export function listAggregates(q: { unit?: string | null; tree?: Tree | null; period?: string | null; indicator?: string | null }): Promise<{ items: AggregateValue[] }> {
  return request('GET', `/api/v1/aggregate-values${qs(q)}`);
}
export interface AggregateInput {
  indicator: string;
  unit_code: string;
  tree?: Tree;
  period: string;
  numerator: number | null;
  denominator: number | null;
  reason?: string;
}
export function putAggregate(v: AggregateInput): Promise<AggregateValue> {
  return request('PUT', '/api/v1/aggregate-values', { body: v });
}
export interface AggregateChange { at: string; by_name?: string | null; numerator: number | null; denominator: number | null; reason?: string | null }
export function aggregateHistory(id: number): Promise<{ items: AggregateChange[] }> {
  return request('GET', `/api/v1/aggregate-values/${id}/history`);
}

export interface PlanProject { project: number; lead_agency?: string | null; partners?: string | null }
export interface Plan {
  id: number;
  unit_code: string;
  unit_name?: string;
  tree: Tree;
  number: string;
  issued_on: string;
  title: string;
  period_from: number;
  period_to: number;
  projects: PlanProject[];
  targets_count?: number;
  version?: number;
}
export type PlanInput = Omit<Plan, 'id' | 'unit_name' | 'targets_count' | 'version'>;
export interface Target {
  id: number;
  indicator: string;
  year: number;
  target: number;
  baseline: number | null;
  baseline_year: number | null;
  quote: string | null;
  version?: number;
}
export type TargetInput = Omit<Target, 'id' | 'version'>;

export function listPlans(q: { unit?: string | null; tree?: Tree | null; page?: number; page_size?: number }): Promise<{ items: Plan[]; total?: number }> {
  return request('GET', `/api/v1/plans${qs(q)}`);
}
export function getPlan(id: string | number): Promise<Reply<Plan>> {
  return send('GET', `/api/v1/plans/${encodeURIComponent(String(id))}`);
}
export function createPlan(p: PlanInput): Promise<Plan> {
  return request('POST', '/api/v1/plans', { body: p });
}
export function updatePlan(id: number, etag: string | null, p: Partial<PlanInput>): Promise<Reply<Plan>> {
  return send('PATCH', `/api/v1/plans/${id}`, { body: p, headers: etag ? { 'If-Match': etag } : undefined });
}
export function copyPlan(id: number, p: { period_from: number; period_to: number; number: string; issued_on: string; title?: string }): Promise<Plan> {
  return request('POST', `/api/v1/plans/${id}/copy`, { body: p });
}
export function listTargets(planId: number | string): Promise<{ items: Target[] }> {
  return request('GET', `/api/v1/plans/${encodeURIComponent(String(planId))}/targets`);
}
export function addTarget(planId: number, t: TargetInput): Promise<Target> {
  return request('POST', `/api/v1/plans/${planId}/targets`, { body: t });
}
export function updateTarget(id: number, t: Partial<TargetInput>): Promise<Target> {
  return request('PATCH', `/api/v1/targets/${id}`, { body: t });
}
export function deleteTarget(id: number): Promise<void> {
  return request('DELETE', `/api/v1/targets/${id}`);
}
export interface IndicatorProblem { unit_code: string; unit_name?: string; indicator: string; period: string; code: string; message: string }
export function listIndicatorProblems(q: { unit?: string | null; tree?: Tree | null; period: string }): Promise<{ items: IndicatorProblem[] }> {
  return request('GET', `/api/v1/indicator-problems${qs(q)}`);
}

// ---- budgets of plans (docs/budget.md) ----

export type BudgetSource = 'central' | 'local' | 'mobilised';
export const BUDGET_SOURCES: readonly BudgetSource[] = ['central', 'local', 'mobilised'];

// A problem of a budget table: column is "stated_total", "2018:central"…
// (or "unit_cost"); amounts in whole VND, null for unparseable cells.
export interface BudgetProblem {
  row: string;
  column: string;
  kind: 'unparseable' | 'row_total' | 'norm' | 'parent_sum' | 'grand_total' | string;
  stated: number | null;
  computed: number | null;
  message: string;
}
export interface BudgetCheck { rows: number; problems: BudgetProblem[]; truncated?: boolean; version?: number }

export interface BudgetLine {
  row: string;
  parent: string | null;
  label: string;
  project: number | null;
  unit: string | null;
  unit_cost: number | null;
  quantity: number | null;
  stated_total: number | null;
  cells: Record<string, number>;          // absent = 0
  bad?: Record<string, string>;           // raw text of unparseable cells
  computed?: Record<string, number>;
  leaf: boolean;
  depth: number;
}
export interface BudgetTable {
  plan_id: number;
  version: number;
  updated_at?: string | null;
  columns: string[];
  lines: BudgetLine[];
  problems: BudgetProblem[];
  truncated?: boolean;
}
export interface BudgetSummary {
  columns: string[];
  years: number[];
  sources: string[];
  general: { project: number | null; cells: Record<string, number>; total: number }[];
  by_source: Record<string, number>;
  by_year: { year: number; estimate: number; allocated: number; spent: number; overspent: boolean }[];
  projects?: { project: number; lines: { row: string; label: string; depth: number; cells: Record<string, number>; total: number }[] }[];
  problems: number;
}
export interface BudgetExecution {
  row: string;
  year: number;
  source: string;
  allocated: number;
  spent: number;
  updated_at?: string;
  updated_by?: string | number | null;
}
export interface BudgetExecutionChange extends BudgetExecution { reason: string; changed_by?: string | number | null; changed_at?: string }
export interface BudgetExecutionInput { row: string; year: number; source: string; allocated: number; spent: number; reason: string }

const budgetPath = (planId: number | string) => `/api/v1/plans/${encodeURIComponent(String(planId))}/budget`;

// Checks a table (the import CSV) without storing it.
export function checkBudget(csv: Blob | string): Promise<BudgetCheck> {
  return request('POST', '/api/v1/budget/check', { csv });
}
// Replaces the plan's table; version: the one read (If-Match), null for last-write-wins.
export function replaceBudget(planId: number, csv: Blob | string, version: number | null): Promise<BudgetCheck> {
  return request('POST', budgetPath(planId), { csv, headers: version === null ? undefined : { 'If-Match': `"${version}"` } });
}
export function getBudget(planId: number | string): Promise<BudgetTable> {
  return request('GET', budgetPath(planId));
}
export function getBudgetSummary(planId: number | string): Promise<BudgetSummary> {
  return request('GET', `${budgetPath(planId)}/summary`);
}
export function budgetExportHref(planId: number | string, format: 'csv' | 'xlsx'): string {
  return `${budgetPath(planId)}/export${qs({ format })}`;
}
export function listBudgetExecution(planId: number | string): Promise<{ items: BudgetExecution[] }> {
  return request('GET', `${budgetPath(planId)}/execution`);
}
export function putBudgetExecution(planId: number | string, e: BudgetExecutionInput): Promise<BudgetExecution> {
  return request('PUT', `${budgetPath(planId)}/execution`, { body: e });
}
export function budgetExecutionHistory(planId: number | string, q: { row: string; year: number; source: string }): Promise<{ items: BudgetExecutionChange[] }> {
  return request('GET', `${budgetPath(planId)}/execution/history${qs(q)}`);
}

// ---- periodic reports (docs/reports.md) ----

export type ReportTemplate = 'six_monthly' | 'annual';
export type ReportStatus = 'draft' | 'submitted' | 'approved';
// pending: not submitted and not yet due (docs/reports.md §Timeliness).
export type Timeliness = 'on_time' | 'late' | 'missing' | 'pending';
export type ReportTransition = 'submit' | 'approve' | 'return' | 'reopen';
export type ReportFormat = 'xlsx' | 'csv' | 'pdf' | 'dhis2';

export interface ReportUnit { code: string; name: string; level: number }

// A row of GET /reports: no data, no narrative.
export interface ReportItem {
  id: number;
  template: ReportTemplate | string;
  period: string;
  unit: ReportUnit;
  tree?: Tree;
  agency: string | null;
  project: number | null;
  plan?: { id: number; number: string } | null;
  status: ReportStatus | string;
  due_date: string;
  deadline_at?: string;
  days_left?: number;
  timeliness: Timeliness | string;
  submitted_at: string | null;
  last_submitted_at?: string | null;
  approved_at?: string | null;
  version?: number;
}

export interface ReportIndicator {
  code: string;
  project: number;
  kind: IndicatorKind | string;
  name_vi: string;
  name_en: string;
  numerator: Masked;
  denominator: Masked;
  value: number | '<5' | null;
  suppressed?: boolean;
  target: number | null;
  target_year: number | null;
  status: IndicatorStatus | string;
  by_sex?: Record<string, { numerator: Masked; denominator: Masked }>;
}
export interface ReportBudgetFigures { estimate: number | null; allocated: number | null; spent: number | null }
export interface ReportData {
  computed_at: string;
  window?: ReportWindow;
  indicators: ReportIndicator[];
  budget: (ReportBudgetFigures & {
    plan_id: number; plan_number: string; year: number;
    by_project?: (ReportBudgetFigures & { project: number })[];
  }) | null;
  activities: Record<string, Masked> | null;
}
export interface ReportWindow { rule: 'decree_09' | 'calendar' | string; from: string; to: string }

export interface ConsolidationChild {
  code: string; name: string; report_id: number | null; status: ReportStatus | string | null;
  timeliness: Timeliness | string; approved: boolean;
}
export interface ConsolidatedIndicator {
  code: string; kind: IndicatorKind | string; name_vi?: string; name_en?: string; project?: number;
  numerator: number | null; denominator: number | null; value: number | null;
  summed: number; unknown: number; missing: number;
}
export interface ReportConsolidation {
  computed_at: string;
  children: ConsolidationChild[];
  missing: string[];
  indicators: ConsolidatedIndicator[];
}
export interface ReportEvent {
  transition: ReportTransition | 'create' | 'refresh' | 'consolidate' | string;
  from: string | null; to: string | null;
  by: string | null; unit: string | null; at: string; comment: string | null;
}
export interface ReportNarrative { results: string; difficulties: string; proposals: string }
export interface Report extends ReportItem {
  window: ReportWindow;
  approved_by: string | null;
  number: string;
  report_date: string;
  signer_title: string;
  signer_name: string;
  narrative: ReportNarrative;
  data: ReportData | null;
  consolidation: ReportConsolidation | null;
  last_return: { comment: string; by: string | null; at: string } | null;
  events: ReportEvent[];
  may: Record<'edit' | ReportTransition, boolean>;
  version: number;
}
export type ReportPatch = Partial<Pick<Report, 'number' | 'report_date' | 'signer_title' | 'signer_name'>> & { narrative?: Partial<ReportNarrative> };

export interface ReportQuery {
  unit?: string | null; parent?: string | null; tree?: Tree | null; period?: string | null;
  template?: string | null; status?: string | null; page?: number; per_page?: number;
}
export function listReports(q: ReportQuery): Promise<{ items: ReportItem[]; total: number; page: number; per_page: number }> {
  return request('GET', `/api/v1/reports${qs({ ...q })}`);
}
export interface Completeness {
  unit: ReportUnit;
  template: ReportTemplate | string;
  period: string;
  due_date: string;
  children: { code: string; name: string; report_id: number | null; status: ReportStatus | string | null; timeliness: Timeliness | string; submitted_at: string | null; due_date?: string }[];
  counts: Record<'children' | 'approved' | 'submitted' | 'draft' | 'none' | 'on_time' | 'late' | 'missing' | 'pending', number>;
}
export function getCompleteness(q: { unit?: string | null; tree?: Tree | null; template: string; period: string }): Promise<Completeness> {
  return request('GET', `/api/v1/reports/completeness${qs({ ...q })}`);
}
const reportPath = (id: number | string) => `/api/v1/reports/${encodeURIComponent(String(id))}`;
export function createReport(r: { template: string; unit_code: string; period: string; agency?: string; tree?: Tree }): Promise<Report> {
  return request('POST', '/api/v1/reports', { body: r });
}
export function getReport(id: number | string): Promise<Reply<Report>> {
  return send('GET', reportPath(id));
}
// version: the one read (If-Match "V"); a newer one on the server is 412 stale.
export function updateReport(id: number, version: number | null, p: ReportPatch): Promise<Reply<Report>> {
  return send('PATCH', reportPath(id), { body: p, headers: version === null ? undefined : { 'If-Match': `"${version}"` } });
}
export function refreshReport(id: number): Promise<Report> {
  return request('POST', `${reportPath(id)}/refresh`, { body: {} });
}
export function consolidateReport(id: number): Promise<Report> {
  return request('POST', `${reportPath(id)}/consolidate`, { body: {} });
}
// submit and approve take no body; return and reopen need the comment.
export function moveReport(id: number, move: ReportTransition, comment?: string): Promise<Report> {
  return request('POST', `${reportPath(id)}/${move}`, { body: comment === undefined ? {} : { comment } });
}
// A GET with the session cookie: the browser downloads the file.
export function reportExportHref(id: number | string, format: ReportFormat): string {
  return `${reportPath(id)}/export${qs({ format })}`;
}

// The inbox's report kinds (docs/reports.md §Inbox reminders).
export interface ReportInboxItem {
  kind: 'report_due' | 'report_review';
  template: string;
  period: string;
  unit_code: string;
  report_id: number | null;
  due_date?: string;
  days_left?: number;
  timeliness?: Timeliness | string;
  submitted_at?: string;
}

// A plan's report settings (docs/reports.md §Settings, §Due dates): the
// window of its reports' data, each report's due date, whether the due day
// is on time, how many days before it reminders start.  stored: false
// means the defaults (the plan has none of its own); PUT ignores it.
export type ReportWindowRule = 'decree_09' | 'calendar';
export interface ReportDueRule { month: number; day: number; year_offset: number }
export interface ReportSettings {
  window: ReportWindowRule | string;
  due: { s1: ReportDueRule; s2: ReportDueRule; annual: ReportDueRule };
  due_day_counts: boolean;
  reminder_days: number;
  stored: boolean;
}
const reportSettingsPath = (planId: number | string) => `/api/v1/plans/${encodeURIComponent(String(planId))}/report-settings`;
export function getReportSettings(planId: number | string): Promise<ReportSettings> {
  return request('GET', reportSettingsPath(planId));
}
// 422 invalid_field "settings", the rule at fault in the message.
export function putReportSettings(planId: number | string, s: Omit<ReportSettings, 'stored'>): Promise<ReportSettings> {
  return request('PUT', reportSettingsPath(planId), { body: s });
}
