// The facility list (#/facilities?kind=&type=&status=&unit=&q=&page=) and
// the new facility form (#/facilities/new), docs/network.md §Facilities.
// Filters live in the address like the case list's; a unit filter for users
// whose scope holds many units; the CSV export takes the same filters.
import { useEffect, useRef, useState } from 'preact/hooks';
import { createFacility, getUnit, listFacilities, type Tree, type User } from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { fieldMessage, pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { CodeSelect, Field, codeLabel, codeList, focusLater, splitError, useCodes, UnitName } from '../components/CaseKit';
import { UnitField } from '../components/UnitField';
import type { PickedUnit } from '../components/UnitPicker';
import { ExportLink, Occupancy, StatusTag, can, ownTree, scopeUnit, today } from '../components/NetKit';

const PAGE_SIZE = 25;
const KINDS = ['facility', 'service_point', 'model'];
const TYPE_PREFIX: Record<string, string> = { facility: 'fac_', service_point: 'sp_', model: 'model_' };

interface Filters { kind: string; type: string; status: string; ownership: string; unit: string; q: string }

function filtersOf(q: URLSearchParams): Filters {
  const kind = q.get('kind') ?? '';
  return {
    kind: KINDS.includes(kind) ? kind : '',
    type: (q.get('type') ?? '').replace(/[^a-z_]/g, ''),
    status: (q.get('status') ?? '').replace(/[^a-z_]/g, ''),
    ownership: (q.get('ownership') ?? '').replace(/[^a-z_]/g, ''),
    unit: (q.get('unit') ?? '').replace(/\D/g, ''),
    q: (q.get('q') ?? '').trim(),
  };
}

function listHref(f: Filters, page?: number): string {
  return href(['facilities'], { ...f, page: page && page > 1 ? page : null });
}

export function FacilitiesPage({ route, user }: { route: Route; user: User }) {
  if (route.path[1] === 'new' && can.write(user)) return <NewFacility user={user} />;
  return <FacilityList route={route} user={user} />;
}

function FacilityList({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const f = filtersOf(route.query);
  const page = pageOf(route.query);
  const tree = ownTree(user);
  const query = { kind: f.kind, type: f.type, status: f.status, ownership: f.ownership, unit: f.unit,
    tree: f.unit ? tree : null, q: f.q };
  const r = useAsync(() => listFacilities({ ...query, page, page_size: PAGE_SIZE }),
    [f.kind, f.type, f.status, f.ownership, f.unit, f.q, page]);

  return (
    <div class="net-page" data-testid="facilities-page">
      <div class="page-head">
        <h1>{t('fac.heading')}</h1>
        <div class="head-actions">
          <ExportLink path="facilities" q={query} testid="facilities-export" />
          {can.write(user) && <a class="btn btn-primary" href="#/facilities/new" data-testid="facility-add">{t('fac.add')}</a>}
        </div>
      </div>
      <FacilityFilters f={f} tree={tree} byUnit={user.role !== 'commune' && user.role !== 'facility'} />
      <section aria-labelledby="fac-h" aria-live="polite">
        <h2 id="fac-h" class="count">{t('fac.total', { total: r.data?.total ?? '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0 ? <p class="empty" data-testid="facilities-empty">{t('fac.none')}</p>
              : <>
                  <table class="table fac-table" data-testid="facility-list">
                    <thead>
                      <tr>
                        <th scope="col">{t('fac.col.name')}</th>
                        <th scope="col">{t('fac.col.unit')}</th>
                        <th scope="col">{t('fac.col.occupancy')}</th>
                        <th scope="col">{t('fac.col.status')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.data.items.map((x) => (
                        <tr key={x.id} data-testid={`facility-row-${x.id}`} class={x.over_capacity ? 'is-overdue' : undefined}>
                          <td class="cell-main">
                            <a class="row-title" href={href(['facilities', String(x.id)])} data-testid="facility-link">{x.name}</a>
                            <span class="muted small">{codeLabel(codes, lang, 'facility_type', x.type)}</span>
                            <span class="row-tags">
                              {x.ownership === 'non_public' && <span class="tag">{t('fac.nonPublic')}</span>}
                              {x.licence_missing && <span class="tag tag-soon" data-testid="licence-missing">{t('fac.licenceMissing')}</span>}
                            </span>
                          </td>
                          <td data-label={t('fac.col.unit')}>{x.unit_name ?? <UnitName code={x.unit_code} tree={x.unit_tree} />}</td>
                          <td data-label={t('fac.col.occupancy')}>
                            {x.kind === 'facility' ? <Occupancy f={x} /> : <span class="muted">{t(`fac.kind.${x.kind}` as 'fac.kind.model')}</span>}
                          </td>
                          <td data-label={t('fac.col.status')}><StatusTag list="facility_status" code={x.status} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Paging page={page} pageSize={r.data.page_size || PAGE_SIZE} total={r.data.total} hrefFor={(p) => listHref(f, p)} />
                </>}
      </section>
    </div>
  );
}

function FacilityFilters({ f, tree, byUnit }: { f: Filters; tree: Tree | null; byUnit: boolean }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const [text, setText] = useState(f.q);
  const [unit, setUnit] = useState<PickedUnit | null>(f.unit ? { code: f.unit } : null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => { setText((cur) => (cur.trim() === f.q ? cur : f.q)); }, [f.q]);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    if (!f.unit) { setUnit(null); return; }
    if (unit?.code === f.unit && unit.name) return;
    getUnit(f.unit, tree).then((u) => setUnit({ code: u.code, name: u.name, type: u.type, tree: u.tree }), () => {});
  }, [f.unit]);
  const go = (g: Partial<Filters>, replace = false) => navigate(listHref({ ...f, q: text.trim(), ...g }), replace);
  const types = codeList(codes, 'facility_type').filter((c) => !f.kind || c.code.startsWith(TYPE_PREFIX[f.kind]));
  const filtered = f.kind || f.type || f.status || f.ownership || f.unit || f.q;
  return (
    <form class="filters" role="search" aria-label={t('net.filters')}
      onSubmit={(e) => { e.preventDefault(); go({ q: text.trim() }); }}>
      <label class="field filter-grow">
        <span>{t('net.search')}</span>
        <input type="search" value={text} placeholder={t('fac.search.placeholder')} autoComplete="off" data-testid="facility-search"
          onInput={(e) => {
            const v = e.currentTarget.value;
            setText(v);
            window.clearTimeout(timer.current);
            timer.current = window.setTimeout(() => { if (v.trim() !== f.q) go({ q: v.trim() }, true); }, 350);
          }} />
      </label>
      <label class="field field-half">
        <span>{t('fac.col.kind')}</span>
        <select value={f.kind} data-testid="facility-kind-filter" onChange={(e) => go({ kind: e.currentTarget.value, type: '' })}>
          <option value="">{t('net.all')}</option>
          {KINDS.map((k) => <option key={k} value={k}>{t(`fac.kind.${k}` as 'fac.kind.model')}</option>)}
        </select>
      </label>
      <label class="field field-half filter-type">
        <span>{t('fac.col.type')}</span>
        <select value={f.type} data-testid="facility-type-filter" onChange={(e) => go({ type: e.currentTarget.value })}>
          <option value="">{t('net.all')}</option>
          {types.map((c) => <option key={c.code} value={c.code}>{lang === 'en' ? c.en : c.vi}</option>)}
        </select>
      </label>
      <label class="field field-half">
        <span>{t('fac.col.status')}</span>
        <select value={f.status} data-testid="facility-status-filter" onChange={(e) => go({ status: e.currentTarget.value })}>
          <option value="">{t('net.all')}</option>
          {codeList(codes, 'facility_status').map((c) => <option key={c.code} value={c.code}>{lang === 'en' ? c.en : c.vi}</option>)}
        </select>
      </label>
      <label class="field field-half">
        <span>{t('fac.ownership')}</span>
        <select value={f.ownership} data-testid="facility-ownership-filter" onChange={(e) => go({ ownership: e.currentTarget.value })}>
          <option value="">{t('net.all')}</option>
          <option value="public">{t('fac.public')}</option>
          <option value="non_public">{t('fac.nonPublic')}</option>
        </select>
      </label>
      {(byUnit || f.unit) && (
        <div class="field filter-unit">
          <label for="facility-unit-filter">{t('fac.col.unit')}</label>
          <UnitField id="facility-unit-filter" value={unit} tree={tree} emptyText={t('net.unit.all')} compact
            onChange={(u) => { setUnit(u); go({ unit: u?.code ?? '' }); }} />
        </div>
      )}
      {filtered && <div class="filter-buttons"><a class="btn btn-small" href="#/facilities" data-testid="facility-filters-clear">{t('cases.filters.clear')}</a></div>}
    </form>
  );
}

// ---- a new facility ----

interface Form {
  name: string; type: string; ownership: string; capacity: string; licence_no: string; licence_date: string;
  licence_issuer: string; address: string; phone: string; started_on: string; status: string; note: string;
}

function NewFacility({ user }: { user: User }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const [v, setV] = useState<Form>({ name: '', type: '', ownership: 'public', capacity: '', licence_no: '', licence_date: '',
    licence_issuer: '', address: '', phone: '', started_on: '', status: 'active', note: '' });
  const [unit, setUnit] = useState<PickedUnit | null>(scopeUnit(user));
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Form) => (e: Event) => {
    const val = (e.currentTarget as HTMLInputElement).value;
    setV((x) => ({ ...x, [k]: val }));
    setErrors((x) => ({ ...x, [`nf-${k}`]: undefined }));
  };

  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    if (v.name.trim().length < 2) errs['nf-name'] = 'required';
    if (!v.type) errs['nf-type'] = 'required';
    if (!unit) errs['nf-unit_code'] = 'required';
    if (v.capacity && !/^\d+$/.test(v.capacity)) errs['nf-capacity'] = t('fac.error.capacity');
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first === 'nf-unit_code' ? 'nf-unit_code' : first); return; }
    setBusy(true); setError(null);
    const opt = (s: string) => (s.trim() ? s.trim() : undefined);
    try {
      const f = await createFacility({
        name: v.name.trim(), type: v.type, ownership: v.ownership, unit_code: unit!.code, tree: unit!.tree,
        capacity: v.capacity ? Number(v.capacity) : null, licence_no: opt(v.licence_no), licence_date: opt(v.licence_date),
        licence_issuer: opt(v.licence_issuer), address: opt(v.address), phone: opt(v.phone), started_on: opt(v.started_on),
        status: v.status, note: opt(v.note),
      });
      navigate(href(['facilities', String(f.id)]));
    } catch (err) {
      const s = splitError(err, ['nf-']);
      if (s.field) { setErrors({ [s.field]: err }); focusLater(s.field); } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="net-page net-form-page" data-testid="facility-new">
      <p class="back"><a href="#/facilities">← {t('fac.back')}</a></p>
      <h1>{t('fac.new')}</h1>
      <form class="panel" onSubmit={save} noValidate data-testid="facility-form">
        {error ? <ErrorBox error={error} /> : null}
        <div class="form-grid">
          <Field id="nf-name" label={t('fac.col.name')} required error={errors['nf-name']}>
            <input id="nf-name" value={v.name} onInput={set('name')} maxLength={200} data-testid="nf-name" />
          </Field>
          <Field id="nf-type" label={t('fac.col.type')} required error={errors['nf-type']}>
            <CodeSelect id="nf-type" list="facility_type" value={v.type} codes={codes} empty={t('net.choose')}
              onChange={(x) => { setV((o) => ({ ...o, type: x })); setErrors((o) => ({ ...o, 'nf-type': undefined })); }} />
          </Field>
          <Field id="nf-ownership" label={t('fac.ownership')} required>
            <select id="nf-ownership" value={v.ownership} onChange={set('ownership')} data-testid="nf-ownership">
              <option value="public">{t('fac.public')}</option>
              <option value="non_public">{t('fac.nonPublic')}</option>
            </select>
          </Field>
          <Field id="nf-status" label={t('fac.col.status')}>
            <CodeSelect id="nf-status" list="facility_status" value={v.status} codes={codes} onChange={(x) => setV((o) => ({ ...o, status: x }))} />
          </Field>
          <div class={errors['nf-unit_code'] ? 'field has-error' : 'field'}>
            <label for="nf-unit_code">{t('fac.col.unit')}<span class="req" aria-hidden="true"> *</span></label>
            <UnitField id="nf-unit_code" value={unit} tree={ownTree(user)} emptyText={t('net.unit.choose')}
              onChange={(u) => { setUnit(u); setErrors((o) => ({ ...o, 'nf-unit_code': undefined })); }} />
            {errors['nf-unit_code'] ? <p class="field-error" data-testid="nf-unit_code-error">{fieldMessage(t, errors['nf-unit_code'])}</p> : null}
          </div>
          <Field id="nf-capacity" label={t('fac.capacity')} error={errors['nf-capacity']} hint={t('fac.capacity.hint')}>
            <input id="nf-capacity" inputMode="numeric" value={v.capacity} onInput={set('capacity')} data-testid="nf-capacity" />
          </Field>
          <Field id="nf-licence_no" label={t('fac.licenceNo')} error={errors['nf-licence_no']}>
            <input id="nf-licence_no" value={v.licence_no} onInput={set('licence_no')} maxLength={50} data-testid="nf-licence_no" />
          </Field>
          <Field id="nf-licence_date" label={t('fac.licenceDate')} error={errors['nf-licence_date']}>
            <input id="nf-licence_date" type="date" max={today()} value={v.licence_date} onInput={set('licence_date')} />
          </Field>
          <Field id="nf-licence_issuer" label={t('fac.licenceIssuer')} error={errors['nf-licence_issuer']}>
            <input id="nf-licence_issuer" value={v.licence_issuer} onInput={set('licence_issuer')} maxLength={200} />
          </Field>
          <Field id="nf-started_on" label={t('fac.startedOn')} error={errors['nf-started_on']}>
            <input id="nf-started_on" type="date" value={v.started_on} onInput={set('started_on')} />
          </Field>
          <Field id="nf-address" label={t('fac.address')} error={errors['nf-address']}>
            <input id="nf-address" value={v.address} onInput={set('address')} />
          </Field>
          <Field id="nf-phone" label={t('fac.phone')} error={errors['nf-phone']}>
            <input id="nf-phone" type="tel" value={v.phone} onInput={set('phone')} maxLength={50} />
          </Field>
        </div>
        <Field id="nf-note" label={t('net.note')} error={errors['nf-note']}>
          <textarea id="nf-note" rows={2} value={v.note} onInput={set('note')} maxLength={2000} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="nf-save">{busy ? t('net.saving') : t('net.save')}</button>
          <a class="btn" href="#/facilities">{t('net.cancel')}</a>
        </div>
      </form>
    </div>
  );
}
