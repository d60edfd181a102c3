// The register of kin carers and foster families (docs/network.md
// §Alternative care): #/carers?kind=&status=&q=&page=, #/carers/new,
// #/carers/ID (details, placements, active/inactive).
import { useState } from 'preact/hooks';
import { createCarer, getCarer, listCarers, updateCarer, type User } from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { errorMessage, fieldMessage, pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { CodeSelect, Field, codeLabel, codeList, focusLater, splitError, useCodes } from '../components/CaseKit';
import { UnitField } from '../components/UnitField';
import type { PickedUnit } from '../components/UnitPicker';
import { Panel, ownTree, scopeUnit, today, day } from '../components/NetKit';
import { ReviewBadge } from './Placements';

const PAGE_SIZE = 25;

export function CarersPage({ route, user }: { route: Route; user: User }) {
  if (route.path[1] === 'new') return <NewCarer user={user} />;
  if (route.path[1]) return <CarerDetail id={route.path[1]} />;
  return <CarerList route={route} />;
}

function CarerList({ route }: { route: Route }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const kind = (route.query.get('kind') ?? '').replace(/[^a-z_]/g, '');
  const status = route.query.get('status') ?? 'active';
  const q = (route.query.get('q') ?? '').trim();
  const [text, setText] = useState(q);
  const page = pageOf(route.query);
  const r = useAsync(() => listCarers({ kind, status: status === 'all' ? null : status, q, page, page_size: PAGE_SIZE }), [kind, status, q, page]);
  const go = (g: Record<string, string>) => navigate(href(['carers'], { kind, status: status === 'active' ? null : status, q: text.trim(), ...g }));
  return (
    <div class="net-page" data-testid="carers-page">
      <div class="page-head">
        <h1>{t('carer.heading')}</h1>
        <div class="head-actions">
          <a class="btn" href="#/placements">{t('pl.heading')}</a>
          <a class="btn btn-primary" href="#/carers/new" data-testid="carer-add">{t('carer.add')}</a>
        </div>
      </div>
      <p class="muted intro">{t('carer.intro')}</p>
      <form class="filters" role="search" aria-label={t('net.filters')} onSubmit={(e) => { e.preventDefault(); go({}); }}>
        <label class="field filter-grow">
          <span>{t('net.search')}</span>
          <input type="search" value={text} placeholder={t('carer.search.placeholder')} data-testid="carer-search"
            onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <label class="field field-half">
          <span>{t('carer.kind')}</span>
          <select value={kind} data-testid="carer-kind-filter" onChange={(e) => go({ kind: e.currentTarget.value })}>
            <option value="">{t('net.all')}</option>
            {codeList(codes, 'carer_kind').map((c) => <option key={c.code} value={c.code}>{lang === 'en' ? c.en : c.vi}</option>)}
          </select>
        </label>
        <label class="field field-half">
          <span>{t('carer.status')}</span>
          <select value={status} onChange={(e) => go({ status: e.currentTarget.value === 'active' ? '' : e.currentTarget.value })}>
            <option value="active">{t('carer.status.active')}</option>
            <option value="inactive">{t('carer.status.inactive')}</option>
            <option value="all">{t('net.all')}</option>
          </select>
        </label>
      </form>
      <section aria-live="polite">
        <h2 class="count">{t('carer.total', { total: r.data?.total ?? '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0 ? <p class="empty" data-testid="carers-empty">{t('carer.none')}</p>
              : <>
                  <table class="table" data-testid="carer-list">
                    <thead><tr>
                      <th scope="col">{t('carer.name')}</th>
                      <th scope="col">{t('carer.kind')}</th>
                      <th scope="col">{t('fac.col.unit')}</th>
                      <th scope="col">{t('carer.registeredOn')}</th>
                    </tr></thead>
                    <tbody>
                      {r.data.items.map((c) => (
                        <tr key={c.id} data-testid={`carer-${c.id}`} class={c.status === 'inactive' ? 'inactive' : undefined}>
                          <td class="cell-main"><a class="row-title" href={href(['carers', String(c.id)])}>{c.full_name}</a>
                            {c.birth_year ? <span class="muted small">{t('carer.born', { year: c.birth_year })}</span> : null}</td>
                          <td data-label={t('carer.kind')}>{codeLabel(codes, lang, 'carer_kind', c.kind)}</td>
                          <td data-label={t('fac.col.unit')}>{c.unit_name ?? c.unit_code}</td>
                          <td data-label={t('carer.registeredOn')} class="nowrap">{day(c.registered_on)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Paging page={page} pageSize={r.data.page_size || PAGE_SIZE} total={r.data.total}
                    hrefFor={(p) => href(['carers'], { kind, status: status === 'active' ? null : status, q, page: p })} />
                </>}
      </section>
    </div>
  );
}

function NewCarer({ user }: { user: User }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const [v, setV] = useState({ full_name: '', kind: '', sex: '', birth_year: '', national_id: '', address: '', phone: '', registered_on: today(), household_size: '', note: '' });
  const [unit, setUnit] = useState<PickedUnit | null>(scopeUnit(user));
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: Event) => { const val = (e.currentTarget as HTMLInputElement).value; setV((x) => ({ ...x, [k]: val })); };
  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    if (v.full_name.trim().length < 2) errs['nc-full_name'] = 'required';
    if (!v.kind) errs['nc-kind'] = 'required';
    if (!unit) errs['nc-unit_code'] = 'required';
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    const opt = (s: string) => (s.trim() ? s.trim() : undefined);
    try {
      const c = await createCarer({ full_name: v.full_name.trim(), kind: v.kind, sex: opt(v.sex), birth_year: v.birth_year ? Number(v.birth_year) : undefined,
        national_id: opt(v.national_id), unit_code: unit!.code, tree: unit!.tree, address: opt(v.address), phone: opt(v.phone),
        registered_on: v.registered_on, household_size: v.household_size ? Number(v.household_size) : undefined, note: opt(v.note) });
      navigate(href(['carers', String(c.id)]));
    } catch (err) {
      const s = splitError(err, ['nc-']);
      if (s.field) { setErrors({ [s.field]: err }); focusLater(s.field); } else setError(err);
    } finally { setBusy(false); }
  }
  return (
    <div class="net-page net-form-page" data-testid="carer-new">
      <p class="back"><a href="#/carers">← {t('carer.back')}</a></p>
      <h1>{t('carer.new')}</h1>
      <form class="panel" onSubmit={save} noValidate data-testid="carer-form">
        {error ? <ErrorBox error={error} /> : null}
        <div class="form-grid">
          <Field id="nc-full_name" label={t('carer.name')} required error={errors['nc-full_name']}>
            <input id="nc-full_name" value={v.full_name} onInput={set('full_name')} data-testid="nc-full_name" />
          </Field>
          <Field id="nc-kind" label={t('carer.kind')} required error={errors['nc-kind']}>
            <CodeSelect id="nc-kind" list="carer_kind" value={v.kind} codes={codes} empty={t('net.choose')} onChange={(x) => setV((o) => ({ ...o, kind: x }))} />
          </Field>
          <Field id="nc-sex" label={t('net.sex')} error={errors['nc-sex']}>
            <CodeSelect id="nc-sex" list="sex" value={v.sex} codes={codes} empty={t('net.choose')} onChange={(x) => setV((o) => ({ ...o, sex: x }))} />
          </Field>
          <Field id="nc-birth_year" label={t('net.birthYear')} error={errors['nc-birth_year']}>
            <input id="nc-birth_year" inputMode="numeric" maxLength={4} value={v.birth_year} onInput={set('birth_year')} />
          </Field>
          <Field id="nc-national_id" label={t('carer.nationalId')} error={errors['nc-national_id']}>
            <input id="nc-national_id" inputMode="numeric" maxLength={12} value={v.national_id} onInput={set('national_id')} />
          </Field>
          <div class={errors['nc-unit_code'] ? 'field has-error' : 'field'}>
            <label for="nc-unit_code">{t('carer.unit')}<span class="req" aria-hidden="true"> *</span></label>
            <UnitField id="nc-unit_code" value={unit} tree={ownTree(user)} communes emptyText={t('net.unit.choose')} onChange={setUnit} />
            {errors['nc-unit_code'] ? <p class="field-error">{fieldMessage(t, errors['nc-unit_code'])}</p> : null}
          </div>
          <Field id="nc-address" label={t('fac.address')}><input id="nc-address" value={v.address} onInput={set('address')} /></Field>
          <Field id="nc-phone" label={t('fac.phone')}><input id="nc-phone" type="tel" value={v.phone} onInput={set('phone')} /></Field>
          <Field id="nc-registered_on" label={t('carer.registeredOn')} required error={errors['nc-registered_on']}>
            <input id="nc-registered_on" type="date" max={today()} value={v.registered_on} onInput={set('registered_on')} />
          </Field>
          <Field id="nc-household_size" label={t('carer.household')} error={errors['nc-household_size']}>
            <input id="nc-household_size" inputMode="numeric" value={v.household_size} onInput={set('household_size')} />
          </Field>
        </div>
        <Field id="nc-note" label={t('net.note')}><textarea id="nc-note" rows={2} value={v.note} onInput={set('note')} /></Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="nc-save">{busy ? t('net.saving') : t('net.save')}</button>
          <a class="btn" href="#/carers">{t('net.cancel')}</a>
        </div>
      </form>
    </div>
  );
}

function CarerDetail({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const r = useAsync(() => getCarer(id), [id]);
  const [error, setError] = useState<unknown>(null);
  if (r.error) return <div class="net-page"><ErrorBox error={r.error} onRetry={r.reload} /></div>;
  if (!r.data) return <div class="net-page"><Loading /></div>;
  const c = r.data.data;
  async function toggle() {
    setError(null);
    try { await updateCarer(c.id, r.data!.etag, { status: c.status === 'active' ? 'inactive' : 'active' }); r.reload(); } catch (e) { setError(e); }
  }
  return (
    <div class="net-page" data-testid="carer-page">
      <p class="back"><a href="#/carers">← {t('carer.back')}</a></p>
      <header class="unit-head">
        <p class="muted fac-type">{codeLabel(codes, lang, 'carer_kind', c.kind)}</p>
        <h1>{c.full_name}</h1>
        <div class="case-tags"><span class={c.status === 'active' ? 'tag status-approved' : 'tag stage-closed'}>{c.status === 'active' ? t('carer.status.active') : t('carer.status.inactive')}</span></div>
        <dl class="facts">
          <div><dt>{t('carer.unit')}</dt><dd>{c.unit_name ?? c.unit_code}</dd></div>
          {c.birth_year && <div><dt>{t('net.birthYear')}</dt><dd>{c.birth_year}</dd></div>}
          {c.address && <div><dt>{t('fac.address')}</dt><dd>{c.address}</dd></div>}
          {c.phone && <div><dt>{t('fac.phone')}</dt><dd>{c.phone}</dd></div>}
          <div><dt>{t('carer.registeredOn')}</dt><dd>{day(c.registered_on)}</dd></div>
          {c.household_size ? <div><dt>{t('carer.household')}</dt><dd>{c.household_size}</dd></div> : null}
        </dl>
        {c.note && <p class="muted">{c.note}</p>}
        {error ? <div class="alert alert-error">{errorMessage(t, error)}</div> : null}
        <button type="button" class="btn btn-small" onClick={toggle} data-testid="carer-toggle">
          {c.status === 'active' ? t('carer.deactivate') : t('carer.activate')}
        </button>
      </header>
      <Panel id="cp-h" title={t('carer.placements')}>
        {!c.placements?.length ? <p class="muted">{t('pl.none')}</p>
          : <ul class="ref-list">
              {c.placements.map((p) => (
                <li key={p.id}><a href={href(['placements', String(p.id)])}>{p.person?.full_name ?? p.case_no}</a>
                  {' · '}{codeLabel(codes, lang, 'alt_care_form', p.form)} · {day(p.start_on)} <ReviewBadge p={p} /></li>
              ))}
            </ul>}
      </Panel>
    </div>
  );
}
