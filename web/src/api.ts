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
  | { kind: 'unit'; code: string; tree?: Tree; name?: string };

export interface User {
  id: number | string;
  username: string;
  full_name: string;
  role: Role | string;
  scope: Scope;
}

// A user as the admin pages see it (GET /api/v1/users…).
export interface UserRecord extends User {
  active: boolean;
  created_at: string;
  updated_at: string;
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

interface Options { body?: unknown; auth401?: boolean; headers?: Record<string, string> }

// The answer's body and its ETag (GET/PATCH /users/ID send one).
export interface Reply<T> { data: T; etag: string | null }

async function request<T>(method: string, path: string, opts: Options = {}): Promise<T> {
  return (await send<T>(method, path, opts)).data;
}

async function send<T>(method: string, path: string, opts: Options = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
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

export async function login(username: string, password: string): Promise<User> {
  const r = await request<{ user: User; csrf: string }>('POST', '/api/v1/auth/login',
    { body: { username, password }, auth401: false });
  csrf = r.csrf;
  return r.user;
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
