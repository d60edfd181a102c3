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
