// The audit log for auditors, newest first: #/audit?action=…&since=…&until=…
// &actor=ID&who=NAME&page=N.  since and until are calendar days in Vietnam
// (both included); they are sent to the server as the UTC instants those
// days start at (until: the start of the next day, which the server excludes).
import { useEffect, useState } from 'preact/hooks';
import { AUDIT_ACTIONS, listAudit, type AuditEntry } from '../api';
import { hasKey, useI18n, type T } from '../i18n';
import { href, navigate, type Route } from '../router';
import { formatTime, pageOf, roleName, useAsync, vnDayStart } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';

const PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function actionName(t: T, action: string): string {
  const key = `audit.action.${action}`;
  return hasKey(key) ? t(key) : action;
}

// Failed and blocked sign-ins stand out; changes to users are marked too.
function actionClass(action: string): string {
  if (action === 'login_failed' || action === 'login_throttled' || action === 'user_disable') return 'action action-bad';
  if (action.startsWith('user_') || action.startsWith('token_')) return 'action action-change';
  return 'action';
}

// "user:3" → "Người dùng #3"; other targets as the server wrote them.
function targetText(t: T, target: string | null): string {
  if (!target) return t('audit.empty');
  const m = /^(user|token):(\d+)$/.exec(target);
  if (!m) return target;
  return t(m[1] === 'user' ? 'audit.target.user' : 'audit.target.token', { id: m[2] });
}

function valueText(t: T, key: string, v: unknown): string {
  if (v === null || v === undefined) return t('audit.empty');
  if (Array.isArray(v)) {
    return v.map((x) => {
      const k = `audit.field.${String(x)}`;
      return hasKey(k) ? t(k) : String(x);
    }).join(', ');
  }
  if (key === 'role' && typeof v === 'string') return roleName(t, v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// Known detail keys first, in this order; the server sorts them by name.
const DETAIL_ORDER = ['username', 'name', 'role', 'scope_unit', 'changed'];
const rank = (k: string) => { const i = DETAIL_ORDER.indexOf(k); return i < 0 ? DETAIL_ORDER.length : i; };

// The detail object on one line: "username: x · role: Cấp tỉnh".
function detailText(t: T, d: AuditEntry['detail']): string {
  if (!d || typeof d !== 'object') return '';
  return Object.entries(d).sort(([a], [b]) => rank(a) - rank(b)).map(([k, v]) => {
    const key = `audit.detail.${k}`;
    return `${hasKey(key) ? t(key) : k}: ${valueText(t, k, v)}`;
  }).join(' · ');
}

interface Filters { action: string; since: string; until: string; actor: string; who: string }

function filtersOf(q: URLSearchParams): Filters {
  const day = (k: string) => { const v = q.get(k) ?? ''; return DAY.test(v) ? v : ''; };
  const action = q.get('action') ?? '';
  const actor = q.get('actor') ?? '';
  return {
    action: (AUDIT_ACTIONS as readonly string[]).includes(action) ? action : '',
    since: day('since'),
    until: day('until'),
    actor: /^\d+$/.test(actor) ? actor : '',
    who: q.get('who') ?? '',
  };
}

const hrefOf = (f: Filters, page?: number) => href(['audit'], { ...f, who: f.actor ? f.who : '', page });

export function AuditPage({ route }: { route: Route }) {
  const { t } = useI18n();
  const f = filtersOf(route.query);
  const page = pageOf(route.query);
  const r = useAsync(() => listAudit({
    action: f.action,
    actor: f.actor,
    since: f.since ? vnDayStart(f.since) : null,
    until: f.until ? vnDayStart(f.until, 1) : null,
    page,
    page_size: PAGE_SIZE,
  }), [f.action, f.actor, f.since, f.until, page]);

  return (
    <div class="audit" data-testid="audit-page">
      <div class="page-head">
        <h1>{t('audit.heading')}</h1>
        <span class="muted tz">{t('audit.timezone')}</span>
      </div>
      <AuditFilters f={f} />
      {f.actor && (
        <p class="chips">
          <a class="chip" href={hrefOf({ ...f, actor: '', who: '' })} data-testid="actor-filter"
            aria-label={t('audit.filter.actor.clear')} title={t('audit.filter.actor.clear')}>
            {t('audit.filter.actor', { name: f.who || `#${f.actor}` })} <span aria-hidden="true">×</span>
          </a>
        </p>
      )}
      <section aria-labelledby="audit-h" aria-live="polite">
        <h2 id="audit-h" class="count">{t('audit.total', { total: r.data?.total ?? '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0
              ? <p class="empty" data-testid="audit-empty">{t('audit.none')}</p>
              : <>
                  <table class="table audit-table" data-testid="audit-list">
                    <thead>
                      <tr>
                        <th scope="col">{t('audit.col.at')}</th>
                        <th scope="col">{t('audit.col.actor')}</th>
                        <th scope="col">{t('audit.col.action')}</th>
                        <th scope="col">{t('audit.col.target')}</th>
                        <th scope="col">{t('audit.col.detail')}</th>
                        <th scope="col">{t('audit.col.ip')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.data.items.map((e) => {
                        const detail = detailText(t, e.detail);
                        return (
                          <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                            <td class="cell-main">
                              <time dateTime={e.at} class="nowrap">{formatTime(e.at)}</time>
                            </td>
                            <td data-label={t('audit.col.actor')} data-testid="audit-actor">
                              {e.actor_id !== null && e.actor_name
                                ? <a href={hrefOf({ ...f, actor: String(e.actor_id), who: e.actor_name })}
                                    title={t('audit.filter.actor.title', { name: e.actor_name })}>{e.actor_name}</a>
                                : (e.actor_name ?? t('audit.empty'))}
                            </td>
                            <td class="cell-action">
                              <span class={actionClass(e.action)} data-testid="audit-action">{actionName(t, e.action)}</span>
                            </td>
                            <td data-label={t('audit.col.target')} class={e.target ? undefined : 'cell-empty'}
                              title={e.target ?? undefined} data-testid="audit-target">
                              {targetText(t, e.target)}
                            </td>
                            <td data-label={t('audit.col.detail')} class={detail ? 'cell-detail' : 'cell-detail cell-empty'} data-testid="audit-detail">
                              {detail || t('audit.empty')}
                            </td>
                            <td data-label={t('audit.col.ip')} class={e.ip ? 'code muted' : 'code muted cell-empty'}>{e.ip ?? t('audit.empty')}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                  <Paging page={page} pageSize={r.data.page_size || PAGE_SIZE} total={r.data.total}
                    hrefFor={(p) => hrefOf(f, p)} />
                </>}
      </section>
    </div>
  );
}

function AuditFilters({ f }: { f: Filters }) {
  const { t } = useI18n();
  const [since, setSince] = useState(f.since);
  const [until, setUntil] = useState(f.until);
  useEffect(() => { setSince(f.since); setUntil(f.until); }, [f.since, f.until]);
  const any = f.action || f.since || f.until || f.actor;

  return (
    <form class="filters" data-testid="audit-filters"
      onSubmit={(e) => { e.preventDefault(); navigate(hrefOf({ ...f, since, until })); }}>
      <label class="field">
        <span>{t('audit.filter.action')}</span>
        <select value={f.action} data-testid="audit-action-filter"
          onChange={(e) => navigate(hrefOf({ ...f, action: e.currentTarget.value, since, until }))}>
          <option value="">{t('audit.filter.action.all')}</option>
          {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{actionName(t, a)}</option>)}
        </select>
      </label>
      <label class="field">
        <span>{t('audit.filter.since')}</span>
        <input type="date" value={since} max={until || undefined} data-testid="audit-since"
          onInput={(e) => setSince(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t('audit.filter.until')}</span>
        <input type="date" value={until} min={since || undefined} data-testid="audit-until"
          onInput={(e) => setUntil(e.currentTarget.value)} />
      </label>
      <div class="field field-button filter-buttons">
        <button type="submit" class="btn btn-primary" data-testid="audit-apply">{t('audit.filter.apply')}</button>
        {any && <a class="btn" href="#/audit" data-testid="audit-clear">{t('audit.filter.clear')}</a>}
      </div>
    </form>
  );
}
