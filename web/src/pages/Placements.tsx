// Alternative care (docs/network.md §Alternative care):
//   #/placements?form=&state=active|ended|all&review_due=1&page=  the list, review due badges
//   #/placements/new?case=ID                                       a placement for a child-protection case
//   #/placements/ID                                                one placement: reviews, review form, end form
import { useEffect, useState } from 'preact/hooks';
import {
  ApiError, createPlacement, endPlacement, getCase, getPlacement, listCarers, listPlacements, reviewPlacement,
  type Case, type Facility, type Placement, type User,
} from '../api';
import { useI18n, type T } from '../i18n';
import { href, navigate, type Route } from '../router';
import { errorMessage, pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { CodeSelect, Field, codeLabel, codeList, focusLater, splitError, useCodes } from '../components/CaseKit';
import { CaseFinder, FacilityFinder, Panel, can, day, daysUntil, today } from '../components/NetKit';

const PAGE_SIZE = 25;

export function PlacementsPage({ route, user }: { route: Route; user: User }) {
  if (route.path[1] === 'new') return <NewPlacement route={route} />;
  if (route.path[1]) return <PlacementDetail id={route.path[1]} user={user} />;
  return <PlacementList route={route} />;
}

// The review badge: overdue (red), due within 30 days (amber), else the day.
export function ReviewBadge({ p }: { p: Placement }) {
  const { t } = useI18n();
  const active = p.active ?? !p.end_on;
  if (!active) return <span class="tag stage-closed" data-testid="placement-ended">{t('pl.ended', { day: day(p.end_on) })}</span>;
  if (!p.next_review_on) return null;
  if (p.review_overdue) return <span class="tag tag-overdue" data-testid="review-overdue">{t('pl.reviewOverdue', { day: day(p.next_review_on) })}</span>;
  const n = daysUntil(p.next_review_on);
  if (n <= 30) return <span class="tag tag-soon" data-testid="review-soon">{t('pl.reviewSoon', { day: day(p.next_review_on) })}</span>;
  return <span class="muted nowrap">{t('pl.reviewOn', { day: day(p.next_review_on) })}</span>;
}

function PlacementList({ route }: { route: Route }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const form = (route.query.get('form') ?? '').replace(/[^a-z_]/g, '');
  const state = route.query.get('state') ?? 'active';
  const due = route.query.get('review_due') === '1';
  const page = pageOf(route.query);
  const r = useAsync(() => listPlacements({ form, active: state === 'all' ? null : state === 'ended' ? 'false' : 'true',
    review_due: due ? 'true' : null, page, page_size: PAGE_SIZE }), [form, state, due, page]);
  const go = (q: Record<string, string | null>) => navigate(href(['placements'], { form, state: state === 'active' ? null : state, review_due: due ? '1' : null, ...q }));
  return (
    <div class="net-page" data-testid="placements-page">
      <div class="page-head">
        <h1>{t('pl.heading')}</h1>
        <div class="head-actions">
          <a class="btn" href="#/carers" data-testid="carers-link">{t('carer.heading')}</a>
          <a class="btn btn-primary" href="#/placements/new" data-testid="placement-add">{t('pl.add')}</a>
        </div>
      </div>
      <form class="filters" role="search" aria-label={t('net.filters')} onSubmit={(e) => e.preventDefault()}>
        <label class="field filter-grow">
          <span>{t('pl.form')}</span>
          <select value={form} data-testid="placement-form-filter" onChange={(e) => go({ form: e.currentTarget.value })}>
            <option value="">{t('net.all')}</option>
            {codeList(codes, 'alt_care_form').map((c) => <option key={c.code} value={c.code}>{lang === 'en' ? c.en : c.vi}</option>)}
          </select>
        </label>
        <label class="field field-half">
          <span>{t('pl.state')}</span>
          <select value={state} data-testid="placement-state-filter" onChange={(e) => go({ state: e.currentTarget.value === 'active' ? null : e.currentTarget.value })}>
            <option value="active">{t('pl.state.active')}</option>
            <option value="ended">{t('pl.state.ended')}</option>
            <option value="all">{t('net.all')}</option>
          </select>
        </label>
        <div class="filter-checks">
          <label class="check">
            <input type="checkbox" checked={due} data-testid="placement-due-filter" onChange={(e) => go({ review_due: e.currentTarget.checked ? '1' : null })} />
            <span>{t('pl.reviewDueOnly')}</span>
          </label>
        </div>
      </form>
      <section aria-live="polite">
        <h2 class="count">{t('pl.total', { total: r.data?.total ?? '…' })}</h2>
        {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
          : !r.data ? <Loading />
            : r.data.items.length === 0 ? <p class="empty" data-testid="placements-empty">{t('pl.none')}</p>
              : <>
                  <table class="table" data-testid="placement-list">
                    <thead>
                      <tr>
                        <th scope="col">{t('pl.child')}</th>
                        <th scope="col">{t('pl.form')}</th>
                        <th scope="col">{t('pl.carerOrFacility')}</th>
                        <th scope="col">{t('pl.start')}</th>
                        <th scope="col">{t('pl.review')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.data.items.map((p) => (
                        <tr key={p.id} data-testid={`placement-${p.id}`} class={p.review_overdue ? 'is-overdue' : undefined}>
                          <td class="cell-main">
                            <a class="row-title" href={href(['placements', String(p.id)])}>
                              {p.person ? p.person.full_name : t('cases.hiddenName')}
                            </a>
                            <span class="code small">{p.case_no}</span>
                          </td>
                          <td data-label={t('pl.form')}>{codeLabel(codes, lang, 'alt_care_form', p.form)}</td>
                          <td data-label={t('pl.carerOrFacility')}>{p.carer_name ?? p.facility_name ?? <span class="muted">—</span>}</td>
                          <td data-label={t('pl.start')} class="nowrap">{day(p.start_on)}</td>
                          <td data-label={t('pl.review')}><ReviewBadge p={p} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Paging page={page} pageSize={r.data.page_size || PAGE_SIZE} total={r.data.total}
                    hrefFor={(pg) => href(['placements'], { form, state: state === 'active' ? null : state, review_due: due ? '1' : null, page: pg })} />
                </>}
      </section>
    </div>
  );
}

// ---- a new placement ----

const NEEDS_CARER: Record<string, string> = { kinship_care: 'kin', foster_non_kin: 'non_kin' };

function NewPlacement({ route }: { route: Route }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const caseId = route.query.get('case');
  const [c, setC] = useState<Case | null>(null);
  const [form, setForm] = useState('');
  const [carer, setCarer] = useState('');
  const [facility, setFacility] = useState<Facility | null>(null);
  const [start, setStart] = useState(today());
  const [decision, setDecision] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (caseId && /^\d+$/.test(caseId)) getCase(caseId).then((r) => setC(r.data), () => {});
  }, [caseId]);
  const carerKind = NEEDS_CARER[form];
  const showCarer = form !== '' && form !== 'residential_care';
  const showFacility = form === 'residential_care' || form === 'adoption' || form === 'emergency_care';
  const carers = useAsync(() => (showCarer ? listCarers({ kind: carerKind, status: 'active', page_size: 100 }) : Promise.resolve(null)), [showCarer, carerKind]);

  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    if (!c) errs['np-case_id'] = 'required';
    if (!form) errs['np-form'] = 'required';
    if (carerKind && !carer) errs['np-carer_id'] = 'required';
    if (form === 'residential_care' && !facility) errs['np-facility_id'] = 'required';
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      const p = await createPlacement({
        case_id: c!.id, form, carer_id: showCarer && carer ? Number(carer) : undefined,
        facility_id: showFacility && facility ? facility.id : undefined, start_on: start,
        decision_no: decision.trim() || undefined, note: note.trim() || undefined,
      });
      navigate(href(['placements', String(p.id)]));
    } catch (err) {
      const s = splitError(err, ['np-']);
      if (s.field) { setErrors({ [s.field]: err }); focusLater(s.field); } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="net-page net-form-page" data-testid="placement-new">
      <p class="back"><a href="#/placements">← {t('pl.back')}</a></p>
      <h1>{t('pl.new')}</h1>
      <form class="panel" onSubmit={save} noValidate data-testid="placement-form">
        {error ? <div class="alert alert-error" role="alert" data-testid="placement-error">{plError(t, error)}</div> : null}
        <div class={errors['np-case_id'] ? 'field has-error' : 'field'}>
          <label for="np-case_id">{t('pl.case')}<span class="req" aria-hidden="true"> *</span></label>
          <CaseFinder id="np-case_id" type="child_protection" value={c} onChange={setC} invalid={!!errors['np-case_id']} />
          <p class="hint">{t('pl.caseHint')}</p>
          {errors['np-case_id'] ? <p class="field-error">{errors['np-case_id'] instanceof ApiError ? errorMessage(t, errors['np-case_id']) : t('error.required')}</p> : null}
        </div>
        <div class="form-grid">
          <Field id="np-form" label={t('pl.form')} required error={errors['np-form']}>
            <CodeSelect id="np-form" list="alt_care_form" value={form} codes={codes} empty={t('net.choose')}
              onChange={(x) => { setForm(x); setCarer(''); setErrors({}); }} />
          </Field>
          <Field id="np-start_on" label={t('pl.start')} required error={errors['np-start_on']}>
            <input id="np-start_on" type="date" value={start} onInput={(e) => setStart(e.currentTarget.value)} data-testid="np-start_on" />
          </Field>
          {showCarer && (
            <Field id="np-carer_id" label={carerKind === 'kin' ? t('pl.carer.kin') : carerKind === 'non_kin' ? t('pl.carer.nonKin') : t('pl.carer')}
              required={!!carerKind} error={errors['np-carer_id']}>
              <select id="np-carer_id" value={carer} onChange={(e) => setCarer(e.currentTarget.value)} data-testid="np-carer_id">
                <option value="">{carers.data?.items.length === 0 ? t('pl.carer.none') : t('net.choose')}</option>
                {carers.data?.items.map((x) => <option key={x.id} value={String(x.id)}>{x.full_name}{x.birth_year ? ` (${x.birth_year})` : ''} — {x.unit_name ?? x.unit_code}</option>)}
              </select>
              <p class="hint"><a href="#/carers/new">{t('carer.add')}</a></p>
            </Field>
          )}
          {showFacility && (
            <div class={errors['np-facility_id'] ? 'field has-error' : 'field'}>
              <label for="np-facility_id">{t('pl.facility')}{form === 'residential_care' && <span class="req" aria-hidden="true"> *</span>}</label>
              <FacilityFinder id="np-facility_id" value={facility} onChange={setFacility} />
              {errors['np-facility_id'] ? <p class="field-error">{errors['np-facility_id'] instanceof ApiError ? errorMessage(t, errors['np-facility_id']) : t('error.required')}</p> : null}
            </div>
          )}
          <Field id="np-decision_no" label={t('pl.decisionNo')} error={errors['np-decision_no']}>
            <input id="np-decision_no" value={decision} onInput={(e) => setDecision(e.currentTarget.value)} maxLength={100} />
          </Field>
        </div>
        <Field id="np-note" label={t('net.note')}>
          <textarea id="np-note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="np-save">{busy ? t('net.saving') : t('net.save')}</button>
          <a class="btn" href="#/placements">{t('net.cancel')}</a>
        </div>
      </form>
    </div>
  );
}

function plError(t: T, e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'already_placed') return t('pl.error.already_placed');
    if (e.code === 'already_ended') return t('pl.error.already_ended');
    if (e.code === 'case_closed') return t('fac.error.case_closed');
  }
  return errorMessage(t, e);
}

// ---- one placement ----

function PlacementDetail({ id, user }: { id: string; user: User }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const r = useAsync(() => getPlacement(id), [id]);
  const [panel, setPanel] = useState<'review' | 'end' | null>(null);
  if (r.error) return <div class="net-page"><ErrorBox error={r.error} onRetry={r.reload} /></div>;
  if (!r.data) return <div class="net-page"><Loading /></div>;
  const p = r.data;
  const active = p.active ?? !p.end_on;
  const mayWrite = can.casework(user) && active;
  return (
    <div class="net-page" data-testid="placement-page">
      <p class="back"><a href="#/placements">← {t('pl.back')}</a></p>
      <header class="unit-head">
        <p class="muted fac-type">{codeLabel(codes, lang, 'alt_care_form', p.form)}</p>
        <h1>{p.person ? p.person.full_name : t('cases.hiddenName')}</h1>
        <div class="case-tags"><ReviewBadge p={p} /></div>
        <dl class="facts">
          <div><dt>{t('pl.case')}</dt><dd><a class="code" href={href(['cases', String(p.case_id)])}>{p.case_no}</a></dd></div>
          {p.carer_name && <div><dt>{t('pl.carer')}</dt><dd>{p.carer_id ? <a href={href(['carers', String(p.carer_id)])}>{p.carer_name}</a> : p.carer_name}</dd></div>}
          {p.facility_name && <div><dt>{t('pl.facility')}</dt><dd>{p.facility_id ? <a href={href(['facilities', String(p.facility_id)])}>{p.facility_name}</a> : p.facility_name}</dd></div>}
          <div><dt>{t('pl.start')}</dt><dd>{day(p.start_on)}</dd></div>
          {p.decision_no && <div><dt>{t('pl.decisionNo')}</dt><dd>{p.decision_no}</dd></div>}
          {active && p.next_review_on && <div><dt>{t('pl.nextReview')}</dt><dd>{day(p.next_review_on)}</dd></div>}
          {!active && <div><dt>{t('pl.endedOn')}</dt><dd>{day(p.end_on)} · {codeLabel(codes, lang, 'placement_end_reason', p.end_reason)}</dd></div>}
        </dl>
        {p.note && <p class="muted">{p.note}</p>}
        {mayWrite && (
          <div class="action-chips">
            <button type="button" class={panel === 'review' ? 'chip-btn active' : 'chip-btn'} data-testid="pl-review-open" onClick={() => setPanel(panel === 'review' ? null : 'review')}>{t('pl.reviewAdd')}</button>
            <button type="button" class={panel === 'end' ? 'chip-btn active' : 'chip-btn'} data-testid="pl-end-open" onClick={() => setPanel(panel === 'end' ? null : 'end')}>{t('pl.end')}</button>
          </div>
        )}
        {panel === 'review' && <ReviewForm p={p} onDone={() => { setPanel(null); r.reload(); }} />}
        {panel === 'end' && <EndForm p={p} onDone={() => { setPanel(null); r.reload(); }} />}
      </header>
      <Panel id="rv-h" title={t('pl.reviews')} testid="placement-reviews">
        {!p.reviews?.length ? <p class="muted">{t('pl.reviews.none')}</p>
          : <ul class="ref-list">
              {p.reviews.map((rv) => (
                <li key={rv.id} data-testid="placement-review">
                  <strong>{day(rv.reviewed_on)}</strong> · {codeLabel(codes, lang, 'placement_review_outcome', rv.outcome)}
                  {rv.note && <p class="tl-text">{rv.note}</p>}
                </li>
              ))}
            </ul>}
      </Panel>
    </div>
  );
}

function ReviewForm({ p, onDone }: { p: Placement; onDone: () => void }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const [on, setOn] = useState(today());
  const [outcome, setOutcome] = useState('continue');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null);
    try { await reviewPlacement(p.id, { reviewed_on: on, outcome, note: note.trim() || undefined }); onDone(); } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <form class="inline-form" onSubmit={save} data-testid="pl-review-form">
      <div class="form-grid form-grid-tight">
        <Field id="rv-date" label={t('pl.reviewedOn')}><input id="rv-date" type="date" max={today()} value={on} onInput={(e) => setOn(e.currentTarget.value)} /></Field>
        <Field id="rv-outcome" label={t('pl.outcome')}><CodeSelect id="rv-outcome" list="placement_review_outcome" value={outcome} codes={codes} onChange={setOutcome} /></Field>
      </div>
      <Field id="rv-note" label={t('net.note')}><textarea id="rv-note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} /></Field>
      {error ? <div class="alert alert-error" role="alert">{plError(t, error)}</div> : null}
      <div class="form-actions"><button class="btn btn-primary" type="submit" disabled={busy} data-testid="rv-save">{t('net.save')}</button></div>
    </form>
  );
}

function EndForm({ p, onDone }: { p: Placement; onDone: () => void }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const [on, setOn] = useState(today());
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    if (!reason) { setError(new ApiError(422, 'required', t('error.required'))); return; }
    setBusy(true); setError(null);
    try { await endPlacement(p.id, { end_on: on, reason, note: note.trim() || undefined }); onDone(); } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <form class="inline-form" onSubmit={save} data-testid="pl-end-form">
      <div class="form-grid form-grid-tight">
        <Field id="pe-date" label={t('pl.endedOn')}><input id="pe-date" type="date" min={p.start_on} max={today()} value={on} onInput={(e) => setOn(e.currentTarget.value)} /></Field>
        <Field id="pe-reason" label={t('pl.endReason')} required><CodeSelect id="pe-reason" list="placement_end_reason" value={reason} codes={codes} empty={t('net.choose')} onChange={setReason} /></Field>
      </div>
      <Field id="pe-note" label={t('net.note')}><textarea id="pe-note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} /></Field>
      {error ? <div class="alert alert-error" role="alert">{plError(t, error)}</div> : null}
      <div class="form-actions"><button class="btn btn-danger" type="submit" disabled={busy} data-testid="pe-save">{t('pl.end')}</button></div>
    </form>
  );
}
