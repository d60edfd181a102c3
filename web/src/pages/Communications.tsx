// Communication activities (docs/network.md §Communication activities):
//   #/communications?topic=&kind=&from=&to=&unit=&page=   the list, CSV export
//   #/communications/new                                  one activity in a commune
//   #/communications/coverage?unit=&topic=&from=&to=      the commune coverage view: which
//     communes of a district had at least one activity, as a coloured table of
//     communes (covered green, not covered red, with counts) and as a list.
import { useEffect, useState } from 'preact/hooks';
import { createCommunication, getCoverage, getUnit, listCommunications, type Coverage, type CoverageCommune, type Tree, type User } from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { fieldMessage, pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { CodeSelect, Field, codeLabel, codeList, focusLater, splitError, useCodes } from '../components/CaseKit';
import { UnitField } from '../components/UnitField';
import type { PickedUnit } from '../components/UnitPicker';
import { Bar, ExportLink, Tabs, can, day, ownTree, scopeUnit, today } from '../components/NetKit';

const PAGE_SIZE = 25;

export function CommunicationsPage({ route, user }: { route: Route; user: User }) {
  const { t } = useI18n();
  const sub = route.path[1];
  if (sub === 'new' && can.write(user)) return <NewCommunication user={user} />;
  return (
    <div class="net-page" data-testid="communications-page">
      <div class="page-head">
        <h1>{t('com.heading')}</h1>
        {can.write(user) && <a class="btn btn-primary" href="#/communications/new" data-testid="communication-add">{t('com.add')}</a>}
      </div>
      <Tabs label={t('com.heading')} items={[
        { href: '#/communications', text: t('com.tab.list'), active: sub !== 'coverage', testid: 'com-tab-list' },
        { href: '#/communications/coverage', text: t('com.tab.coverage'), active: sub === 'coverage', testid: 'com-tab-coverage' },
      ]} />
      {sub === 'coverage' ? <CoverageView route={route} user={user} /> : <CommunicationList route={route} user={user} />}
    </div>
  );
}

function useUnitName(code: string, tree: Tree | null): [PickedUnit | null, (u: PickedUnit | null) => void] {
  const [unit, setUnit] = useState<PickedUnit | null>(code ? { code } : null);
  useEffect(() => {
    if (!code) { setUnit(null); return; }
    if (unit?.code === code && unit.name) return;
    getUnit(code, tree).then((u) => setUnit({ code: u.code, name: u.name, type: u.type, tree: u.tree }), () => {});
  }, [code]);
  return [unit, setUnit];
}

function CommunicationList({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const q = route.query;
  const f = {
    topic: (q.get('topic') ?? '').replace(/[^a-z_]/g, ''), kind: (q.get('kind') ?? '').replace(/[^a-z_]/g, ''),
    from: (q.get('from') ?? '').replace(/[^\d-]/g, ''), to: (q.get('to') ?? '').replace(/[^\d-]/g, ''),
    unit: (q.get('unit') ?? '').replace(/\D/g, ''),
  };
  const page = pageOf(q);
  const tree = ownTree(user);
  const [unit, setUnit] = useUnitName(f.unit, tree);
  const query = { ...f, tree: f.unit ? tree : null };
  const r = useAsync(() => listCommunications({ ...query, page, page_size: PAGE_SIZE }), [f.topic, f.kind, f.from, f.to, f.unit, page]);
  const go = (g: Partial<typeof f>) => navigate(href(['communications'], { ...f, ...g }));
  return (
    <>
      <form class="filters" role="search" aria-label={t('net.filters')} onSubmit={(e) => e.preventDefault()}>
        <label class="field field-half">
          <span>{t('com.topic')}</span>
          <select value={f.topic} data-testid="com-topic-filter" onChange={(e) => go({ topic: e.currentTarget.value })}>
            <option value="">{t('net.all')}</option>
            {codeList(codes, 'communication_topic').map((c) => <option key={c.code} value={c.code}>{lang === 'en' ? c.en : c.vi}</option>)}
          </select>
        </label>
        <label class="field field-half">
          <span>{t('com.kind')}</span>
          <select value={f.kind} onChange={(e) => go({ kind: e.currentTarget.value })}>
            <option value="">{t('net.all')}</option>
            {codeList(codes, 'communication_kind').map((c) => <option key={c.code} value={c.code}>{lang === 'en' ? c.en : c.vi}</option>)}
          </select>
        </label>
        <label class="field field-third">
          <span>{t('net.from')}</span>
          <input type="date" value={f.from} onChange={(e) => go({ from: e.currentTarget.value })} />
        </label>
        <label class="field field-third">
          <span>{t('net.to')}</span>
          <input type="date" value={f.to} onChange={(e) => go({ to: e.currentTarget.value })} />
        </label>
        {user.role !== 'commune' && (
          <div class="field filter-unit">
            <label for="com-unit-filter">{t('fac.col.unit')}</label>
            <UnitField id="com-unit-filter" value={unit} tree={tree} emptyText={t('net.unit.all')} compact
              onChange={(u) => { setUnit(u); go({ unit: u?.code ?? '' }); }} />
          </div>
        )}
      </form>
      <section aria-live="polite">
        <div class="list-head">
          <h2 class="count">{t('com.total', { total: r.data?.total ?? '…' })}</h2>
          <ExportLink path="communications" q={query} testid="communications-export" />
        </div>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0 ? <p class="empty" data-testid="communications-empty">{t('com.none')}</p>
              : <>
                  <table class="table" data-testid="communication-list">
                    <thead><tr>
                      <th scope="col">{t('com.activity')}</th>
                      <th scope="col">{t('com.heldOn')}</th>
                      <th scope="col">{t('com.commune')}</th>
                      <th scope="col">{t('com.reach')}</th>
                    </tr></thead>
                    <tbody>
                      {r.data.items.map((c) => (
                        <tr key={c.id} data-testid={`communication-${c.id}`}>
                          <td class="cell-main">
                            <span class="row-title">{c.title || codeLabel(codes, lang, 'communication_kind', c.kind)}</span>
                            <span class="muted small">{codeLabel(codes, lang, 'communication_topic', c.topic)}
                              {c.title ? ` · ${codeLabel(codes, lang, 'communication_kind', c.kind)}` : ''}</span>
                          </td>
                          <td data-label={t('com.heldOn')} class="nowrap">{day(c.held_on)}</td>
                          <td data-label={t('com.commune')}>{c.unit_name ?? c.unit_code}</td>
                          <td data-label={t('com.reach')}>
                            <span class="cell-body">{(c.reach_male ?? 0) + (c.reach_female ?? 0)}
                            <span class="muted small"> {t('tr.bySex', { f: c.reach_female ?? 0, m: c.reach_male ?? 0 })}</span></span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Paging page={page} pageSize={r.data.page_size || PAGE_SIZE} total={r.data.total} hrefFor={(p) => href(['communications'], { ...f, page: p })} />
                </>}
      </section>
    </>
  );
}

// ---- coverage ----

function CoverageView({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const q = route.query;
  const year = today().slice(0, 4);
  const own = scopeUnit(user);
  const f = {
    unit: (q.get('unit') ?? own?.code ?? '').replace(/\D/g, ''),
    topic: (q.get('topic') ?? '').replace(/[^a-z_]/g, ''),
    from: (q.get('from') ?? `${year}-01-01`).replace(/[^\d-]/g, ''),
    to: (q.get('to') ?? `${year}-12-31`).replace(/[^\d-]/g, ''),
  };
  const tree = ownTree(user);
  const [unit, setUnit] = useUnitName(f.unit, tree);
  const r = useAsync(() => (f.unit ? getCoverage({ ...f, tree: unit?.tree ?? tree }) : Promise.resolve(null)), [f.unit, f.topic, f.from, f.to]);
  const go = (g: Partial<typeof f>) => navigate(href(['communications', 'coverage'], { ...f, ...g }), true);
  const topicName = f.topic ? codeLabel(codes, lang, 'communication_topic', f.topic) : t('com.anyTopic');
  return (
    <div class="coverage" data-testid="coverage-page">
      <form class="filters" aria-label={t('net.filters')} onSubmit={(e) => e.preventDefault()}>
        <div class="field filter-unit">
          <label for="cov-unit">{t('com.cov.unit')}</label>
          <UnitField id="cov-unit" value={unit} tree={tree} emptyText={t('com.cov.unitChoose')} compact clearable={false}
            onChange={(u) => { setUnit(u); if (u) go({ unit: u.code }); }} />
        </div>
        <label class="field field-half">
          <span>{t('com.topic')}</span>
          <select value={f.topic} data-testid="cov-topic" onChange={(e) => go({ topic: e.currentTarget.value })}>
            <option value="">{t('com.anyTopic')}</option>
            {codeList(codes, 'communication_topic').map((c) => <option key={c.code} value={c.code}>{lang === 'en' ? c.en : c.vi}</option>)}
          </select>
        </label>
        <label class="field field-third">
          <span>{t('net.from')}</span>
          <input type="date" value={f.from} data-testid="cov-from" onChange={(e) => go({ from: e.currentTarget.value })} />
        </label>
        <label class="field field-third">
          <span>{t('net.to')}</span>
          <input type="date" value={f.to} data-testid="cov-to" onChange={(e) => go({ to: e.currentTarget.value })} />
        </label>
      </form>
      {!f.unit ? <p class="empty">{t('com.cov.pick')}</p>
        : r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : <CoverageResult c={r.data} topicName={topicName} />}
    </div>
  );
}

function CoverageResult({ c, topicName }: { c: Coverage; topicName: string }) {
  const { t } = useI18n();
  const pct = c.percent ?? 0;
  const covered = c.communes.filter((x) => x.covered);
  const open = c.communes.filter((x) => !x.covered);
  // Grouped by district when the area is a province.
  const groups = new Map<string, { name: string; items: CoverageCommune[] }>();
  for (const x of c.communes) {
    const k = x.parent_code ?? '';
    if (!groups.has(k)) groups.set(k, { name: x.parent_name ?? '', items: [] });
    groups.get(k)!.items.push(x);
  }
  const many = groups.size > 1;
  return (
    <>
      <section class="panel cov-summary" aria-labelledby="cov-h" data-testid="coverage-summary">
        <h2 id="cov-h">{t('com.cov.title', { unit: c.unit.name })}</h2>
        <p class="muted">{topicName} · {day(c.from)} – {day(c.to)}</p>
        <p class="cov-figure">
          <strong class="cov-percent" data-testid="coverage-percent">{c.percent === null ? '—' : `${Math.round(pct * 10) / 10} %`}</strong>
          <span data-testid="coverage-count">{t('com.cov.count', { covered: c.covered, total: c.total })}</span>
        </p>
        <Bar ratio={pct / 100} tone={pct >= 100 ? 'ok' : pct >= 50 ? 'warn' : 'bad'} label={t('com.cov.count', { covered: c.covered, total: c.total })} />
        <p class="cov-legend">
          <span class="nowrap"><span class="cov-key cov-key-yes" aria-hidden="true" /> {t('com.cov.covered')}</span>
          <span class="nowrap"><span class="cov-key cov-key-no" aria-hidden="true" /> {t('com.cov.notCovered')}</span>
        </p>
      </section>

      <section class="panel" aria-labelledby="cov-grid-h">
        <h2 id="cov-grid-h">{t('com.cov.table')}</h2>
        {c.communes.length === 0 ? <p class="muted">{t('com.cov.noCommunes')}</p>
          : [...groups.entries()].map(([k, g]) => (
              <div key={k} class="cov-group">
                {many && <h3 class="cov-group-h">{g.name} <span class="muted small">{t('com.cov.count', { covered: g.items.filter((x) => x.covered).length, total: g.items.length })}</span></h3>}
                <ul class="cov-grid" data-testid="coverage-grid">
                  {g.items.map((x) => (
                    <li key={x.code} class={x.covered ? 'cov-cell cov-yes' : 'cov-cell cov-no'} data-testid={`coverage-${x.code}`}
                      data-covered={x.covered ? 'true' : 'false'}>
                      <span class="cov-name">{x.name}</span>
                      <span class="cov-count">
                        <span class="visually-hidden">{x.covered ? t('com.cov.covered') : t('com.cov.notCovered')}: </span>
                        {t('com.cov.activities', { n: x.activities })}
                        {x.reach ? ` · ${t('com.cov.reach', { n: x.reach })}` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
      </section>

      <section class="panel cov-lists" aria-labelledby="cov-list-h" data-testid="coverage-list">
        <h2 id="cov-list-h">{t('com.cov.list')}</h2>
        <div class="cov-columns">
          <div>
            <h3 class="cov-list-h cov-list-no">{t('com.cov.notCoveredN', { n: open.length })}</h3>
            {open.length === 0 ? <p class="muted">{t('com.cov.allCovered')}</p>
              : <ul class="cov-names" data-testid="coverage-open">{open.map((x) => <li key={x.code}>{x.name}{many && x.parent_name ? <span class="muted"> · {x.parent_name}</span> : null}</li>)}</ul>}
          </div>
          <div>
            <h3 class="cov-list-h cov-list-yes">{t('com.cov.coveredN', { n: covered.length })}</h3>
            {covered.length === 0 ? <p class="muted">{t('com.cov.noneCovered')}</p>
              : <ul class="cov-names" data-testid="coverage-covered">{covered.map((x) => <li key={x.code}>{x.name} <span class="muted">({x.activities})</span></li>)}</ul>}
          </div>
        </div>
      </section>
    </>
  );
}

// ---- a new activity ----

function NewCommunication({ user }: { user: User }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const own = scopeUnit(user);
  const [v, setV] = useState({ kind: '', topic: '', held_on: today(), title: '', audience: 'general_public', reach_male: '', reach_female: '', note: '' });
  // A commune worker's activities are in their own commune.
  const [unit, setUnit] = useState<PickedUnit | null>(user.role === 'commune' && own ? own : null);
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (val: string) => { setV((x) => ({ ...x, [k]: val })); setErrors((x) => ({ ...x, [`nm-${k}`]: undefined })); };
  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    if (!unit) errs['nm-unit_code'] = 'required';
    if (!v.kind) errs['nm-kind'] = 'required';
    if (!v.topic) errs['nm-topic'] = 'required';
    if (!v.held_on) errs['nm-held_on'] = 'required';
    for (const k of ['reach_male', 'reach_female'] as const) if (v[k] && !/^\d+$/.test(v[k])) errs[`nm-${k}`] = t('com.error.reach');
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      await createCommunication({ unit_code: unit!.code, tree: unit!.tree, kind: v.kind, topic: v.topic, held_on: v.held_on,
        title: v.title.trim() || undefined, audience: v.audience || undefined,
        reach_male: v.reach_male ? Number(v.reach_male) : undefined, reach_female: v.reach_female ? Number(v.reach_female) : undefined,
        note: v.note.trim() || undefined });
      navigate('#/communications');
    } catch (err) {
      const s = splitError(err, ['nm-']);
      if (s.field) { setErrors({ [s.field]: err }); focusLater(s.field); } else setError(err);
    } finally { setBusy(false); }
  }
  return (
    <div class="net-page net-form-page" data-testid="communication-new">
      <p class="back"><a href="#/communications">← {t('com.back')}</a></p>
      <h1>{t('com.new')}</h1>
      <form class="panel" onSubmit={save} noValidate data-testid="communication-form">
        {error ? <ErrorBox error={error} /> : null}
        <div class="form-grid">
          <div class={errors['nm-unit_code'] ? 'field has-error' : 'field'}>
            <label for="nm-unit_code">{t('com.commune')}<span class="req" aria-hidden="true"> *</span></label>
            <UnitField id="nm-unit_code" value={unit} tree={ownTree(user)} communes emptyText={t('com.communeChoose')}
              clearable={user.role !== 'commune'} onChange={(u) => { setUnit(u); setErrors((x) => ({ ...x, 'nm-unit_code': undefined })); }} />
            {errors['nm-unit_code'] ? <p class="field-error" data-testid="nm-unit_code-error">{fieldMessage(t, errors['nm-unit_code'])}</p> : null}
          </div>
          <Field id="nm-held_on" label={t('com.heldOn')} required error={errors['nm-held_on']}>
            <input id="nm-held_on" type="date" max={today()} value={v.held_on} onInput={(e) => set('held_on')(e.currentTarget.value)} data-testid="nm-held_on" />
          </Field>
          <Field id="nm-topic" label={t('com.topic')} required error={errors['nm-topic']}>
            <CodeSelect id="nm-topic" list="communication_topic" value={v.topic} codes={codes} empty={t('net.choose')} onChange={set('topic')} />
          </Field>
          <Field id="nm-kind" label={t('com.kind')} required error={errors['nm-kind']}>
            <CodeSelect id="nm-kind" list="communication_kind" value={v.kind} codes={codes} empty={t('net.choose')} onChange={set('kind')} />
          </Field>
          <Field id="nm-audience" label={t('com.audience')} error={errors['nm-audience']}>
            <CodeSelect id="nm-audience" list="communication_audience" value={v.audience} codes={codes} onChange={set('audience')} />
          </Field>
          <Field id="nm-title" label={t('com.title')} error={errors['nm-title']}>
            <input id="nm-title" value={v.title} onInput={(e) => set('title')(e.currentTarget.value)} data-testid="nm-title" />
          </Field>
          <Field id="nm-reach_female" label={t('com.reachFemale')} error={errors['nm-reach_female']}>
            <input id="nm-reach_female" inputMode="numeric" value={v.reach_female} onInput={(e) => set('reach_female')(e.currentTarget.value)} data-testid="nm-reach_female" />
          </Field>
          <Field id="nm-reach_male" label={t('com.reachMale')} error={errors['nm-reach_male']}>
            <input id="nm-reach_male" inputMode="numeric" value={v.reach_male} onInput={(e) => set('reach_male')(e.currentTarget.value)} data-testid="nm-reach_male" />
          </Field>
        </div>
        <Field id="nm-note" label={t('net.note')}><textarea id="nm-note" rows={2} value={v.note} onInput={(e) => set('note')(e.currentTarget.value)} /></Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="nm-save">{busy ? t('net.saving') : t('net.save')}</button>
          <a class="btn" href="#/communications">{t('net.cancel')}</a>
        </div>
      </form>
    </div>
  );
}
