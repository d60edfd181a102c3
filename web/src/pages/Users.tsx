// User management for admins: the list (#/users?q=…&role=…&page=…), a new
// user (#/users/new) and one user (#/users/ID) with its details, a password
// reset and disable/enable.  Changes send the ETag they read as If-Match, so
// an edit made meanwhile by someone else is refused (412) instead of lost.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError, ROLES, createUser, getUser, listUsers, unlockUser, updateUser,
  type Reply, type Tree, type User, type UserChange, type UserRecord,
} from '../api';
import { useI18n, type MessageKey, type T } from '../i18n';
import { href, navigate, type Route } from '../router';
import { errorMessage, fieldMessage, formatTime, pageOf, roleName, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { UnitPicker, type PickedUnit } from '../components/UnitPicker';
import { SecondFactorSetting } from '../components/SecondFactorSetting';

const PAGE_SIZE = 25;
const DEBOUNCE_MS = 300;

// A message for the list page after creating a user there.
let flash: { key: MessageKey; username: string } | null = null;

function scopeText(t: T, u: User): string {
  return u.scope?.kind === 'unit' ? (u.scope.name || u.scope.code) : t('scope.national');
}

function pickedOf(u: User): PickedUnit | null {
  return u.scope?.kind === 'unit'
    ? { code: u.scope.code, tree: u.scope.tree, name: u.scope.name }
    : null;
}

// What the unit picker may offer the logged-in admin.
function pickerScope(me: User) {
  const s = me.scope?.kind === 'unit' ? me.scope : null;
  return {
    allowNational: !s,
    tree: (s?.tree ?? null) as Tree | null,
    scopeName: s ? (s.name || s.code) : undefined,
  };
}

type Errors = Record<string, unknown>;

// Splits an API error into the form field it names (when the form has that
// field) and the rest; a missing unit for a role that needs one is told as such.
function fieldErrors(e: unknown, fields: string[], scope: PickedUnit | null): { fields: Errors; form: unknown } {
  if (e instanceof ApiError && e.field && fields.includes(e.field)) {
    const err = e.field === 'scope_unit' && e.code === 'invalid_field' && !scope ? 'scope_required' : e;
    return { fields: { [e.field]: err }, form: null };
  }
  return { fields: {}, form: e };
}

export function UsersPage({ route, user }: { route: Route; user: User }) {
  const id = route.path[1];
  if (id === 'new') return <UserCreate me={user} />;
  if (id) return <UserEdit id={id} me={user} />;
  return <UserList route={route} me={user} />;
}

// ---- list ----

function UserList({ route, me }: { route: Route; me: User }) {
  const { t } = useI18n();
  const q = (route.query.get('q') ?? '').trim();
  const roleQ = route.query.get('role') ?? '';
  const role = (ROLES as readonly string[]).includes(roleQ) ? roleQ : '';
  const page = pageOf(route.query);
  const r = useAsync(() => listUsers({ q, role, page, page_size: PAGE_SIZE }), [q, role, page]);
  const [notice] = useState(() => { const f = flash; flash = null; return f; });

  return (
    <div class="users" data-testid="users-page">
      <div class="page-head">
        <h1>{t('users.heading')}</h1>
        <a class="btn btn-primary" href="#/users/new" data-testid="user-add">{t('users.add')}</a>
      </div>
      {notice && (
        <div class="alert alert-success" role="status" data-testid="users-notice">
          {t(notice.key, { username: notice.username })}
        </div>
      )}
      <UserFilters q={q} role={role} />
      <section aria-labelledby="users-h" aria-live="polite">
        <h2 id="users-h" class="count">{t('users.total', { total: r.data?.total ?? '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0
              ? <p class="empty" data-testid="users-empty">{t('users.none')}</p>
              : <>
                  <table class="table users-table" data-testid="user-list">
                    <thead>
                      <tr>
                        <th scope="col">{t('users.col.name')}</th>
                        <th scope="col">{t('users.col.role')}</th>
                        <th scope="col">{t('users.col.scope')}</th>
                        <th scope="col">{t('users.col.status')}</th>
                        <th scope="col"><span class="visually-hidden">{t('users.col.actions')}</span></th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.data.items.map((u) => (
                        <tr key={u.id} data-testid={`user-row-${u.username}`} class={u.active ? '' : 'inactive'}>
                          <td class="cell-main">
                            <span class="row-title">{u.full_name}</span>
                            <span class="code muted">{u.username}</span>
                          </td>
                          <td data-label={t('users.col.role')}><span class="badge">{roleName(t, u.role)}</span></td>
                          <td data-label={t('users.col.scope')}>
                            {scopeText(t, u)}
                            {u.scope?.kind === 'unit' && <span class="code muted"> · {u.scope.code}</span>}
                          </td>
                          <td data-label={t('users.col.status')}>
                            <span class={u.active ? 'status status-on' : 'status status-off'} data-testid="user-status">
                              {t(u.active ? 'users.active' : 'users.disabled')}
                            </span>
                            {u.locked_until && (
                              <span class="user-locked" data-testid={`user-locked-${u.username}`}>
                                {' '}{t('users.locked', { time: formatTime(u.locked_until) })}{' '}
                                <button type="button" class="btn btn-small" data-testid={`user-unlock-${u.username}`}
                                  aria-label={t('users.unlock.label', { name: u.full_name || u.username })}
                                  onClick={async () => {
                                    await unlockUser(Number(u.id)).catch(() => undefined); r.reload();
                                  }}>
                                  {t('users.unlock')}
                                </button>
                              </span>
                            )}
                          </td>
                          <td class="cell-actions">
                            <a class="btn btn-small" href={href(['users', String(u.id)])}
                              aria-label={t('users.edit.label', { name: u.full_name || u.username })}
                              title={`${t('users.updated_at')}: ${formatTime(u.updated_at)}`}
                              data-testid={`user-edit-${u.username}`}>
                              {t('users.edit')}
                            </a>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Paging page={page} pageSize={r.data.page_size || PAGE_SIZE} total={r.data.total}
                    hrefFor={(p) => href(['users'], { q, role, page: p })} />
                </>}
      </section>
      <SecondFactorSetting me={me} />
    </div>
  );
}

function UserFilters({ q, role }: { q: string; role: string }) {
  const { t } = useI18n();
  const [text, setText] = useState(q);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => { setText((cur) => (cur.trim() === q ? cur : q)); }, [q]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  function go(value: string, now = false) {
    window.clearTimeout(timer.current);
    const run = () => {
      const v = value.trim();
      if (v !== q) navigate(href(['users'], { q: v, role }), true);
    };
    if (now) run(); else timer.current = window.setTimeout(run, DEBOUNCE_MS);
  }

  return (
    <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); go(text, true); }}>
      <label class="field filter-grow">
        <span>{t('users.search')}</span>
        <input type="search" value={text} placeholder={t('users.search.placeholder')}
          autoComplete="off" spellcheck={false} data-testid="user-search"
          onInput={(e) => { const v = e.currentTarget.value; setText(v); go(v); }} />
      </label>
      <label class="field">
        <span>{t('users.role.filter')}</span>
        <select value={role} data-testid="user-role-filter"
          onChange={(e) => navigate(href(['users'], { q: text.trim(), role: e.currentTarget.value }))}>
          <option value="">{t('users.role.all')}</option>
          {ROLES.map((r) => <option key={r} value={r}>{roleName(t, r)}</option>)}
        </select>
      </label>
    </form>
  );
}

// ---- form pieces ----

interface FieldProps {
  id: string;
  label: string;
  error?: unknown;
  hint?: string;
  children: ComponentChildren;
}

// A label, the control (which must use the ids from describedBy), a hint and
// the field's error, translated by code.
function Field({ id, label, error, hint, children }: FieldProps) {
  const { t } = useI18n();
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {children}
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error ? <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>{fieldMessage(t, error)}</p> : null}
    </div>
  );
}

function describedBy(id: string, error: unknown, hint?: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function RoleSelect({ id, value, onChange, error }: { id: string; value: string; onChange: (r: string) => void; error?: unknown }) {
  const { t } = useI18n();
  return (
    <select id={id} value={value} aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, error)} data-testid={id}
      onChange={(e) => onChange(e.currentTarget.value)}>
      {ROLES.map((r) => <option key={r} value={r}>{roleName(t, r)}</option>)}
    </select>
  );
}

// ---- create ----

function UserCreate({ me }: { me: User }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState('viewer');
  const [scope, setScope] = useState<PickedUnit | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ps = pickerScope(me);

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    const missing: Errors = {};
    if (!username.trim()) missing.username = 'required';
    if (!fullName.trim()) missing.full_name = 'required';
    if (!password) missing.password = 'required';
    if (!scope && !ps.allowNational) missing.scope_unit = 'required';
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length) {
      document.getElementById(`new-${Object.keys(missing)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await createUser({
        username: username.trim(), full_name: fullName.trim(), password, role,
        ...(scope ? { scope_unit: scope.code, scope_tree: scope.tree } : {}),
      });
      // The list filtered to the new user, who may not be on page 1 otherwise.
      flash = { key: 'users.created', username: r.data.username };
      navigate(href(['users'], { q: r.data.username }));
    } catch (e) {
      const split = fieldErrors(e, ['username', 'full_name', 'password', 'role', 'scope_unit'], scope);
      setErrors(split.fields);
      setFormError(split.form);
      setBusy(false);
      const f = Object.keys(split.fields)[0];
      if (f) document.getElementById(f === 'scope_unit' ? 'new-scope' : `new-${f}`)?.focus();
    }
  }

  return (
    <div class="user-form" data-testid="user-create">
      <p class="back"><a href="#/users">{t('users.back')}</a></p>
      <h1>{t('users.new.heading')}</h1>
      <form class="panel" onSubmit={submit} noValidate data-testid="user-create-form">
        {formError ? <ErrorBox error={formError} /> : null}
        <div class="form-grid">
          <Field id="new-username" label={t('users.field.username')} error={errors.username} hint={t('users.field.username.hint')}>
            <input id="new-username" name="username" autoComplete="off" autoCapitalize="none" spellcheck={false}
              value={username} onInput={(e) => setUsername(e.currentTarget.value)}
              aria-invalid={errors.username ? true : undefined}
              aria-describedby={describedBy('new-username', errors.username, true)} data-testid="new-username" />
          </Field>
          <Field id="new-full_name" label={t('users.field.full_name')} error={errors.full_name}>
            <input id="new-full_name" name="full_name" autoComplete="off"
              value={fullName} onInput={(e) => setFullName(e.currentTarget.value)}
              aria-invalid={errors.full_name ? true : undefined}
              aria-describedby={describedBy('new-full_name', errors.full_name)} data-testid="new-full_name" />
          </Field>
          <Field id="new-password" label={t('users.field.password')} error={errors.password} hint={t('users.field.password.hint')}>
            <input id="new-password" name="password" type="password" autoComplete="new-password"
              value={password} onInput={(e) => setPassword(e.currentTarget.value)}
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={describedBy('new-password', errors.password, true)} data-testid="new-password" />
          </Field>
          <Field id="new-role" label={t('users.field.role')} error={errors.role}>
            <RoleSelect id="new-role" value={role} onChange={setRole} error={errors.role} />
          </Field>
        </div>
        <Field id="new-scope" label={t('users.field.scope')} error={errors.scope_unit}>
          <UnitPicker id="new-scope" value={scope} onChange={(u) => { setScope(u); setErrors((x) => ({ ...x, scope_unit: undefined })); }}
            {...ps} invalid={!!errors.scope_unit} describedBy={errors.scope_unit ? 'new-scope-error' : undefined} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="user-create-submit">
            {busy ? t('users.creating') : t('users.create')}
          </button>
          <a class="btn" href="#/users">{t('users.cancel')}</a>
        </div>
      </form>
    </div>
  );
}

// ---- edit ----

interface SectionProps {
  me: User;
  rec: UserRecord;
  etag: string | null;
  onSaved: (r: Reply<UserRecord>, notice: MessageKey) => void;
  onStale: () => void;
}

function UserEdit({ id, me }: { id: string; me: User }) {
  const { t } = useI18n();
  const r = useAsync(() => getUser(id), [id]);
  const [cur, setCur] = useState<Reply<UserRecord> | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [stale, setStale] = useState(false);
  useEffect(() => {
    if (r.data) { setCur(r.data); setStale(false); }
  }, [r.data]);

  if (r.error) {
    return (
      <div class="user-form">
        <p class="back"><a href="#/users">{t('users.back')}</a></p>
        <ErrorBox error={r.error} onRetry={r.reload} />
      </div>
    );
  }
  if (!cur || String(cur.data.id) !== id) return <Loading />;
  const u = cur.data;
  const props: SectionProps = {
    me, rec: u, etag: cur.etag,
    onSaved: (reply, key) => { setCur(reply); setNotice(key); },
    onStale: () => { setNotice(null); setStale(true); },
  };
  return (
    <div class="user-form" data-testid="user-edit" data-username={u.username}>
      <p class="back"><a href="#/users">{t('users.back')}</a></p>
      <div class="page-head">
        <h1 data-testid="user-edit-heading">{t('users.edit.heading', { name: u.full_name || u.username })}</h1>
        <span class={u.active ? 'status status-on' : 'status status-off'} data-testid="user-edit-status">
          {t(u.active ? 'users.active' : 'users.disabled')}
        </span>
      </div>
      <dl class="facts">
        <div><dt>{t('users.field.username')}</dt><dd class="code" data-testid="user-edit-username">{u.username}</dd></div>
        <div><dt>{t('users.created_at')}</dt><dd>{formatTime(u.created_at)}</dd></div>
        <div><dt>{t('users.updated_at')}</dt><dd>{formatTime(u.updated_at)}</dd></div>
      </dl>
      {stale && (
        <div class="alert alert-warn" role="alert" data-testid="user-stale">
          <span>{t('error.stale')}</span>
          <button type="button" class="btn btn-small" onClick={() => { setStale(false); r.reload(); }} data-testid="user-reload">
            {t('users.reload')}
          </button>
        </div>
      )}
      {notice && !stale && (
        <div class="alert alert-success" role="status" data-testid="user-notice">{t(notice)}</div>
      )}
      <DetailsForm key={`d-${cur.etag}`} {...props} />
      <PasswordForm key={`p-${cur.etag}`} {...props} />
      <StatusBox key={`s-${cur.etag}`} {...props} />
    </div>
  );
}

// Runs a PATCH; a 412 goes to onStale, other errors come back.
async function patch(p: SectionProps, change: UserChange, notice: MessageKey): Promise<unknown> {
  try {
    const reply = await updateUser(p.rec.id, p.etag, change);
    p.onSaved(reply, notice);
    return null;
  } catch (e) {
    if (e instanceof ApiError && e.status === 412) {
      p.onStale();
      return null;
    }
    return e;
  }
}

function DetailsForm(p: SectionProps) {
  const { t } = useI18n();
  const { rec, me } = p;
  const [fullName, setFullName] = useState(rec.full_name);
  const [role, setRole] = useState(String(rec.role));
  const [scope, setScope] = useState<PickedUnit | null>(pickedOf(rec));
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ps = pickerScope(me);

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    setErrors({});
    setFormError(null);
    const change: UserChange = {};
    if (fullName.trim() !== rec.full_name) {
      if (!fullName.trim()) {
        setErrors({ full_name: 'required' });
        return;
      }
      change.full_name = fullName.trim();
    }
    if (role !== rec.role) change.role = role;
    const old = pickedOf(rec);
    if ((scope?.code ?? null) !== (old?.code ?? null) || (scope && scope.tree !== old?.tree)) {
      change.scope_unit = scope ? scope.code : null;
      if (scope?.tree) change.scope_tree = scope.tree;
    }
    if (Object.keys(change).length === 0) {
      setFormError('nochange');
      return;
    }
    setBusy(true);
    const e = await patch(p, change, 'users.saved');
    if (e) {
      const split = fieldErrors(e, ['full_name', 'role', 'scope_unit'], scope);
      setErrors(split.fields);
      setFormError(split.form);
      setBusy(false);
    }
  }

  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="details-h" data-testid="user-details-form">
      <h2 id="details-h">{t('users.section.details')}</h2>
      {formError === 'nochange'
        ? <div class="alert alert-info" role="status">{t('users.nochange')}</div>
        : formError ? <div class="alert alert-error" role="alert" data-testid="user-details-error">{errorMessage(t, formError)}</div> : null}
      <div class="form-grid">
        <Field id="edit-full_name" label={t('users.field.full_name')} error={errors.full_name}>
          <input id="edit-full_name" name="full_name" autoComplete="off"
            value={fullName} onInput={(e) => setFullName(e.currentTarget.value)}
            aria-invalid={errors.full_name ? true : undefined}
            aria-describedby={describedBy('edit-full_name', errors.full_name)} data-testid="edit-full_name" />
        </Field>
        <Field id="edit-role" label={t('users.field.role')} error={errors.role}>
          <RoleSelect id="edit-role" value={role} onChange={setRole} error={errors.role} />
        </Field>
      </div>
      <Field id="edit-scope" label={t('users.field.scope')} error={errors.scope_unit}>
        <UnitPicker id="edit-scope" value={scope} onChange={setScope} {...ps}
          invalid={!!errors.scope_unit} describedBy={errors.scope_unit ? 'edit-scope-error' : undefined} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="user-save">
          {busy ? t('users.saving') : t('users.save')}
        </button>
      </div>
    </form>
  );
}

function PasswordForm(p: SectionProps) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    if (!password) {
      setError('required');
      return;
    }
    setBusy(true);
    setError(null);
    const e = await patch(p, { password }, 'users.password.done');
    if (e) {
      setError(e);
      setBusy(false);
    }
  }

  // Errors without a field (403, 409, network) are shown the same place.
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="password-h" data-testid="user-password-form">
      <h2 id="password-h">{t('users.section.password')}</h2>
      <div class="form-grid">
        <Field id="edit-password" label={t('users.password.new')} error={error} hint={t('users.field.password.hint')}>
          <input id="edit-password" name="new-password" type="password" autoComplete="new-password"
            value={password} onInput={(e) => setPassword(e.currentTarget.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy('edit-password', error, true)} data-testid="edit-password" />
        </Field>
        <div class="field field-button">
          <button type="submit" class="btn" disabled={busy} data-testid="user-password-submit">
            {busy ? t('users.saving') : t('users.password.submit')}
          </button>
        </div>
      </div>
    </form>
  );
}

function StatusBox(p: SectionProps) {
  const { t } = useI18n();
  const { rec } = p;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function toggle() {
    setBusy(true);
    setError(null);
    const e = await patch(p, { active: !rec.active }, rec.active ? 'users.disabled.done' : 'users.enabled.done');
    if (e) {
      setError(e);
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="status-h" data-testid="user-status-box">
      <h2 id="status-h">{t('users.section.status')}</h2>
      <p>{t(rec.active ? 'users.status.active' : 'users.status.disabled')}</p>
      {error ? <ErrorBox error={error} /> : null}
      {confirming
        ? <div class={rec.active ? 'alert alert-warn confirm' : 'alert alert-info confirm'} role="alertdialog"
            aria-labelledby="confirm-text" data-testid="user-confirm">
            <span id="confirm-text">
              {t(rec.active ? 'users.disable.confirm' : 'users.enable.confirm', { username: rec.username })}
            </span>
            <span class="confirm-actions">
              <button type="button" class={rec.active ? 'btn btn-small btn-danger' : 'btn btn-small btn-primary'}
                disabled={busy} onClick={toggle} data-testid="user-confirm-yes">
                {busy ? t('users.saving') : t('users.confirm')}
              </button>
              <button type="button" class="btn btn-small" disabled={busy}
                onClick={() => setConfirming(false)} data-testid="user-confirm-no">
                {t('users.cancel')}
              </button>
            </span>
          </div>
        : <button type="button" class={rec.active ? 'btn btn-danger-outline' : 'btn'}
            onClick={() => { setError(null); setConfirming(true); }} data-testid="user-toggle-active">
            {t(rec.active ? 'users.disable' : 'users.enable')}
          </button>}
    </section>
  );
}
