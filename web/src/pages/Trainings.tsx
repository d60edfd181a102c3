// Trainings (docs/network.md §Trainings): #/trainings?topic=&project=&year=&unit=&q=&page=
// (participants counted by sex, CSV export) and #/trainings/new.
import { useEffect, useState } from 'preact/hooks';
import { createTraining, getUnit, listTrainings, type Tree, type User } from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { fieldMessage, pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { CodeSelect, Field, codeLabel, codeList, focusLater, splitError, useCodes } from '../components/CaseKit';
import { UnitField } from '../components/UnitField';
import type { PickedUnit } from '../components/UnitPicker';
import { ExportLink, can, day, ownTree, scopeUnit, today } from '../components/NetKit';

const PAGE_SIZE = 25;

interface Filters { topic: string; project: string; year: string; unit: string; q: string }

function filtersOf(q: URLSearchParams): Filters {
  return {
    topic: (q.get('topic') ?? '').replace(/[^a-z_]/g, ''),
    project: (q.get('project') ?? '').replace(/[^1-4]/g, '').slice(0, 1),
    year: (q.get('year') ?? '').replace(/\D/g, '').slice(0, 4),
    unit: (q.get('unit') ?? '').replace(/\D/g, ''),
    q: (q.get('q') ?? '').trim(),
  };
}

export function TrainingsPage({ route, user }: { route: Route; user: User }) {
  if (route.path[1] === 'new' && can.write(user)) return <NewTraining user={user} />;
  return <TrainingList route={route} user={user} />;
}

function TrainingList({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const f = filtersOf(route.query);
  const page = pageOf(route.query);
  const tree = ownTree(user);
  const [text, setText] = useState(f.q);
  const [unit, setUnit] = useState<PickedUnit | null>(f.unit ? { code: f.unit } : null);
  useEffect(() => {
    if (f.unit && !unit?.name) getUnit(f.unit, tree).then((u) => setUnit({ code: u.code, name: u.name, type: u.type, tree: u.tree }), () => {});
  }, [f.unit]);
  const query = { ...f, tree: f.unit ? tree : null };
  const r = useAsync(() => listTrainings({ ...query, page, page_size: PAGE_SIZE }), [f.topic, f.project, f.year, f.unit, f.q, page]);
  const go = (g: Partial<Filters>) => navigate(href(['trainings'], { ...f, q: text.trim(), ...g }));
  const year = Number(today().slice(0, 4));
  return (
    <div class="net-page" data-testid="trainings-page">
      <div class="page-head">
        <h1>{t('tr.heading')}</h1>
        <div class="head-actions">
          <ExportLink path="trainings" q={query} testid="trainings-export" />
          {can.write(user) && <a class="btn btn-primary" href="#/trainings/new" data-testid="training-add">{t('tr.add')}</a>}
        </div>
      </div>
      <form class="filters" role="search" aria-label={t('net.filters')} onSubmit={(e) => { e.preventDefault(); go({}); }}>
        <label class="field filter-grow">
          <span>{t('net.search')}</span>
          <input type="search" value={text} placeholder={t('tr.search.placeholder')} data-testid="training-search" onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <label class="field field-half">
          <span>{t('tr.topic')}</span>
          <select value={f.topic} data-testid="training-topic-filter" onChange={(e) => go({ topic: e.currentTarget.value })}>
            <option value="">{t('net.all')}</option>
            {codeList(codes, 'training_topic').map((c) => <option key={c.code} value={c.code}>{lang === 'en' ? c.en : c.vi}</option>)}
          </select>
        </label>
        <label class="field field-third">
          <span>{t('tr.project')}</span>
          <select value={f.project} onChange={(e) => go({ project: e.currentTarget.value })}>
            <option value="">{t('net.all')}</option>
            {[1, 2, 3, 4].map((p) => <option key={p} value={String(p)}>{t('tr.projectN', { n: p })}</option>)}
          </select>
        </label>
        <label class="field field-third">
          <span>{t('tr.year')}</span>
          <select value={f.year} onChange={(e) => go({ year: e.currentTarget.value })}>
            <option value="">{t('net.all')}</option>
            {Array.from({ length: 7 }, (_, i) => year + 1 - i).map((y) => <option key={y} value={String(y)}>{y}</option>)}
          </select>
        </label>
        {user.role !== 'commune' && (
          <div class="field filter-unit">
            <label for="training-unit-filter">{t('fac.col.unit')}</label>
            <UnitField id="training-unit-filter" value={unit} tree={tree} emptyText={t('net.unit.all')} compact
              onChange={(u) => { setUnit(u); go({ unit: u?.code ?? '' }); }} />
          </div>
        )}
      </form>
      <section aria-live="polite">
        <h2 class="count">{t('tr.total', { total: r.data?.total ?? '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0 ? <p class="empty" data-testid="trainings-empty">{t('tr.none')}</p>
              : <>
                  <table class="table" data-testid="training-list">
                    <thead><tr>
                      <th scope="col">{t('tr.title')}</th>
                      <th scope="col">{t('tr.dates')}</th>
                      <th scope="col">{t('fac.col.unit')}</th>
                      <th scope="col">{t('tr.participants')}</th>
                    </tr></thead>
                    <tbody>
                      {r.data.items.map((x) => (
                        <tr key={x.id} data-testid={`training-${x.id}`}>
                          <td class="cell-main">
                            <a class="row-title" href={href(['trainings', String(x.id)])} data-testid="training-link">{x.title}</a>
                            <span class="muted small">{codeLabel(codes, lang, 'training_topic', x.topic)}{x.project ? ` · ${t('tr.projectN', { n: x.project })}` : ''}</span>
                          </td>
                          <td data-label={t('tr.dates')} class="nowrap">{day(x.starts_on)}{x.ends_on !== x.starts_on ? ` – ${day(x.ends_on)}` : ''}</td>
                          <td data-label={t('fac.col.unit')}>{x.unit_name ?? x.unit_code}</td>
                          <td data-label={t('tr.participants')} data-testid="training-count">
                            <span class="cell-body"><strong>{x.participants}</strong> <span class="muted small">{t('tr.bySex', { f: x.participants_female, m: x.participants_male })}</span></span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Paging page={page} pageSize={r.data.page_size || PAGE_SIZE} total={r.data.total} hrefFor={(p) => href(['trainings'], { ...f, page: p })} />
                </>}
      </section>
    </div>
  );
}

function NewTraining({ user }: { user: User }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const [v, setV] = useState({ title: '', topic: '', starts_on: today(), ends_on: today(), organiser: '', place: '', note: '' });
  const [unit, setUnit] = useState<PickedUnit | null>(scopeUnit(user));
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: Event) => {
    const val = (e.currentTarget as HTMLInputElement).value;
    setV((x) => ({ ...x, [k]: val, ...(k === 'starts_on' && x.ends_on < val ? { ends_on: val } : {}) }));
    setErrors((x) => ({ ...x, [`nt-${k}`]: undefined }));
  };
  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    if (v.title.trim().length < 2) errs['nt-title'] = 'required';
    if (!v.topic) errs['nt-topic'] = 'required';
    if (!v.starts_on) errs['nt-starts_on'] = 'required';
    if (!v.ends_on || v.ends_on < v.starts_on) errs['nt-ends_on'] = t('tr.error.ends_on');
    if (!unit) errs['nt-unit_code'] = 'required';
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      const x = await createTraining({ title: v.title.trim(), topic: v.topic, starts_on: v.starts_on, ends_on: v.ends_on,
        organiser: v.organiser.trim() || undefined, unit_code: unit!.code, tree: unit!.tree as Tree | undefined,
        place: v.place.trim() || undefined, note: v.note.trim() || undefined });
      navigate(href(['trainings', String(x.id)]));
    } catch (err) {
      const s = splitError(err, ['nt-']);
      if (s.field) { setErrors({ [s.field]: err }); focusLater(s.field); } else setError(err);
    } finally { setBusy(false); }
  }
  return (
    <div class="net-page net-form-page" data-testid="training-new">
      <p class="back"><a href="#/trainings">← {t('tr.back')}</a></p>
      <h1>{t('tr.new')}</h1>
      <form class="panel" onSubmit={save} noValidate data-testid="training-form">
        {error ? <ErrorBox error={error} /> : null}
        <Field id="nt-title" label={t('tr.title')} required error={errors['nt-title']}>
          <input id="nt-title" value={v.title} onInput={set('title')} maxLength={300} data-testid="nt-title" />
        </Field>
        <div class="form-grid">
          <Field id="nt-topic" label={t('tr.topic')} required error={errors['nt-topic']}>
            <CodeSelect id="nt-topic" list="training_topic" value={v.topic} codes={codes} empty={t('net.choose')}
              onChange={(x) => { setV((o) => ({ ...o, topic: x })); setErrors((o) => ({ ...o, 'nt-topic': undefined })); }} />
          </Field>
          <div class={errors['nt-unit_code'] ? 'field has-error' : 'field'}>
            <label for="nt-unit_code">{t('tr.unit')}<span class="req" aria-hidden="true"> *</span></label>
            <UnitField id="nt-unit_code" value={unit} tree={ownTree(user)} emptyText={t('net.unit.choose')} onChange={setUnit} />
            {errors['nt-unit_code'] ? <p class="field-error">{fieldMessage(t, errors['nt-unit_code'])}</p> : null}
          </div>
          <Field id="nt-starts_on" label={t('tr.startsOn')} required error={errors['nt-starts_on']}>
            <input id="nt-starts_on" type="date" value={v.starts_on} onInput={set('starts_on')} data-testid="nt-starts_on" />
          </Field>
          <Field id="nt-ends_on" label={t('tr.endsOn')} required error={errors['nt-ends_on']}>
            <input id="nt-ends_on" type="date" min={v.starts_on} value={v.ends_on} onInput={set('ends_on')} data-testid="nt-ends_on" />
          </Field>
          <Field id="nt-organiser" label={t('tr.organiser')} error={errors['nt-organiser']}>
            <input id="nt-organiser" value={v.organiser} onInput={set('organiser')} data-testid="nt-organiser" />
          </Field>
          <Field id="nt-place" label={t('tr.place')} error={errors['nt-place']}>
            <input id="nt-place" value={v.place} onInput={set('place')} />
          </Field>
        </div>
        <Field id="nt-note" label={t('net.note')}><textarea id="nt-note" rows={2} value={v.note} onInput={set('note')} /></Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="nt-save">{busy ? t('net.saving') : t('net.save')}</button>
          <a class="btn" href="#/trainings">{t('net.cancel')}</a>
        </div>
      </form>
    </div>
  );
}
