// One facility (#/facilities/ID, #/facilities/ID?all=1): its details and
// licence, occupancy as a bar (red above 100 %), the residents (current, or
// every stay), the admission form (a case found by number or name; a 409
// over_capacity asks for the override reason), the discharge form and the
// facility's history (docs/network.md §Residents).
import { useState } from 'preact/hooks';
import {
  ApiError, admitResident, dischargeResident, facilityHistory, getFacility, listResidents,
  type Case, type Facility, type NetEvent, type Stay, type User,
} from '../api';
import { useI18n } from '../i18n';
import { href, type Route } from '../router';
import { errorMessage, formatTime, pageOf, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Paging } from '../components/Paging';
import { CodeSelect, Field, codeLabel, focusLater, splitError, typeName, useCodes, UnitName } from '../components/CaseKit';
import { CaseFinder, Occupancy, Panel, StatusTag, Tabs, can, day, label, ownFacility, today } from '../components/NetKit';

const PAGE_SIZE = 25;

export function FacilityPage({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const id = route.path[1];
  const all = route.query.get('all') === '1';
  const page = pageOf(route.query);
  const [tick, setTick] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const fr = useAsync(() => getFacility(id), [id, tick]);
  const casework = can.casework(user);
  const rr = useAsync(() => (casework ? listResidents(id, { current: all ? 'false' : 'true', page, page_size: PAGE_SIZE }) : Promise.resolve(null)),
    [id, all, page, tick]);
  const hr = useAsync(() => facilityHistory(id), [id, tick]);
  const [admitting, setAdmitting] = useState(false);
  const [discharging, setDischarging] = useState<Stay | null>(null);
  const refresh = (msg: string) => { setNotice(msg); setTick((x) => x + 1); };

  if (fr.error) return <div class="net-page"><ErrorBox error={fr.error} onRetry={fr.reload} /></div>;
  if (!fr.data) return <div class="net-page"><Loading /></div>;
  const f = fr.data.data;
  const isFacility = f.kind === 'facility';
  const mayAdmit = casework && isFacility && f.status !== 'closed';
  const own = ownFacility(user) === f.id;

  return (
    <div class="net-page facility-page" data-testid="facility-page" data-facility={f.id}>
      {!own && <p class="back"><a href="#/facilities">← {t('fac.back')}</a></p>}
      <header class="unit-head fac-head">
        <p class="fac-type muted">{codeLabel(codes, lang, 'facility_type', f.type)}</p>
        <h1 data-testid="facility-name">{f.name}</h1>
        <div class="case-tags">
          <StatusTag list="facility_status" code={f.status} />
          <span class="tag">{f.ownership === 'non_public' ? t('fac.nonPublic') : t('fac.public')}</span>
          {f.sw_standard && <span class="tag status-approved">{t('fac.swStandard')}</span>}
          {f.licence_missing && <span class="tag tag-soon" data-testid="licence-missing">{t('fac.licenceMissing')}</span>}
        </div>
        <dl class="facts fac-facts">
          <div><dt>{t('fac.col.unit')}</dt><dd>{f.unit_name ?? <UnitName code={f.unit_code} tree={f.unit_tree} />}</dd></div>
          {f.address && <div><dt>{t('fac.address')}</dt><dd>{f.address}</dd></div>}
          {f.phone && <div><dt>{t('fac.phone')}</dt><dd>{f.phone}</dd></div>}
          {f.licence_no && <div><dt>{t('fac.licence')}</dt><dd>{f.licence_no}{f.licence_date ? ` · ${day(f.licence_date)}` : ''}{f.licence_issuer ? ` · ${f.licence_issuer}` : ''}</dd></div>}
          {f.started_on && <div><dt>{t('fac.startedOn')}</dt><dd>{day(f.started_on)}</dd></div>}
          {f.upgraded_on && <div><dt>{t('fac.upgradedOn')}</dt><dd>{day(f.upgraded_on)}</dd></div>}
        </dl>
        {f.note && <p class="muted fac-note">{f.note}</p>}
      </header>

      {notice && <div class="alert alert-success" role="status" data-testid="facility-notice">
        <span>{notice}</span>
        <button type="button" class="btn btn-small" onClick={() => setNotice(null)}>{t('net.ok')}</button>
      </div>}

      {isFacility && (
        <Panel id="occ-h" title={t('fac.capacityTitle')} testid="occupancy-panel"
          class={f.over_capacity ? 'occ-panel occ-over' : 'occ-panel'}>
          <Occupancy f={f} big />
          {f.over_capacity && <p class="alert alert-error occ-warning" data-testid="over-capacity-warning">{t('fac.overCapacity.warning')}</p>}
          {!f.capacity && <p class="hint">{t('fac.capacity.none')}</p>}
        </Panel>
      )}

      {casework && isFacility && (
        <Panel id="res-h" title={t('fac.residents')} testid="residents-panel"
          actions={mayAdmit && !admitting
            ? <button type="button" class="btn btn-primary" data-testid="admit-open" onClick={() => { setAdmitting(true); setDischarging(null); focusLater('ad-case'); }}>{t('fac.admit')}</button>
            : undefined}>
          {admitting && <AdmitForm f={f} onCancel={() => setAdmitting(false)}
            onDone={(s) => { setAdmitting(false); refresh(t('fac.admitted', { case: s.case_no })); }} />}
          <Tabs label={t('fac.residents')} items={[
            { href: href(['facilities', String(f.id)]), text: t('fac.residents.current'), active: !all, testid: 'residents-current' },
            { href: href(['facilities', String(f.id)], { all: 1 }), text: t('fac.residents.all'), active: all, testid: 'residents-all' },
          ]} />
          {rr.error ? <ErrorBox error={rr.error} onRetry={rr.reload} />
            : !rr.data ? <Loading />
              : rr.data.items.length === 0 ? <p class="empty" data-testid="residents-empty">{all ? t('fac.residents.noneEver') : t('fac.residents.none')}</p>
                : <>
                    <table class="table res-table" data-testid="resident-list">
                      <thead>
                        <tr>
                          <th scope="col">{t('fac.res.person')}</th>
                          <th scope="col">{t('fac.res.case')}</th>
                          <th scope="col">{t('fac.res.admitted')}</th>
                          <th scope="col">{t('fac.res.decidedBy')}</th>
                          {all && <th scope="col">{t('fac.res.discharged')}</th>}
                          <th scope="col"><span class="visually-hidden">{t('net.actions')}</span></th>
                        </tr>
                      </thead>
                      <tbody>
                        {rr.data.items.map((s) => (
                          <tr key={s.id} data-testid={`resident-${s.case_no}`} class={s.current ? undefined : 'inactive'}>
                            <td class="cell-main">
                              <span class="row-title" data-testid="resident-name">
                                {s.person ? s.person.full_name : <span class="muted">{t('cases.hiddenName')}</span>}
                                {s.person?.birth_year ? <span class="muted"> · {s.person.birth_year}</span> : null}
                              </span>
                              <span class="muted small">{typeName(t, s.case_type)}</span>
                            </td>
                            <td data-label={t('fac.res.case')}><a class="code nowrap" href={href(['cases', String(s.case_id)])}>{s.case_no}</a></td>
                            <td data-label={t('fac.res.admitted')}><div class="cell-body">
                              <span class="nowrap">{day(s.admitted_on)}</span>{' '}
                              <span class={s.admission_kind === 'emergency' ? 'tag urgency-emergency' : 'tag'}>{codeLabel(codes, lang, 'admission_kind', s.admission_kind)}</span>
                              {s.over_capacity_reason && <span class="tag tag-overdue" title={s.over_capacity_reason}>{t('fac.res.override')}</span>}
                              <span class="block muted small">{s.reason}</span>
                            </div></td>
                            <td data-label={t('fac.res.decidedBy')}>{s.decided_by}</td>
                            {all && <td data-label={t('fac.res.discharged')}><div class="cell-body">
                              {s.discharged_on
                                ? <><span class="nowrap">{day(s.discharged_on)}</span> · {codeLabel(codes, lang, 'discharge_reason', s.discharge_reason)}
                                    {s.discharge_decided_by && <span class="block muted small">{s.discharge_decided_by}</span>}</>
                                : <span class="tag status-approved">{t('fac.res.stillHere')}</span>}
                            </div></td>}
                            <td class="cell-actions">
                              {s.current && <button type="button" class="btn btn-small" data-testid="discharge-open"
                                onClick={() => { setDischarging(s); setAdmitting(false); focusLater('dc-date'); }}>{t('fac.discharge')}</button>}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <Paging page={page} pageSize={rr.data.page_size || PAGE_SIZE} total={rr.data.total}
                      hrefFor={(p) => href(['facilities', String(f.id)], { all: all ? 1 : null, page: p })} />
                  </>}
          {discharging && <DischargeForm stay={discharging} onCancel={() => setDischarging(null)}
            onDone={(s) => { setDischarging(null); refresh(t('fac.discharged', { case: s.case_no })); }} />}
        </Panel>
      )}

      <Panel id="fh-h" title={t('fac.history')} testid="facility-history">
        {hr.error ? <ErrorBox error={hr.error} onRetry={hr.reload} />
          : !hr.data ? <Loading />
            : hr.data.items.length === 0 ? <p class="muted">{t('net.noHistory')}</p>
              : <ol class="timeline">
                  {[...hr.data.items].reverse().map((ev) => <HistoryItem key={ev.id} ev={ev} />)}
                </ol>}
      </Panel>
    </div>
  );
}

function HistoryItem({ ev }: { ev: NetEvent }) {
  const { t } = useI18n();
  const d = ev.data ?? {};
  const caseNo = typeof d.case_no === 'string' ? d.case_no : null;
  let body: string | null = null;
  if (ev.kind === 'updated') {
    body = Object.keys(d).filter((k) => k !== 'version').map((k) => {
      const c = d[k] as { old?: unknown; new?: unknown } | unknown;
      if (c && typeof c === 'object' && 'new' in (c as object)) {
        const x = c as { old?: unknown; new?: unknown };
        return `${fieldName(t, k)}: ${x.old ?? '—'} → ${x.new ?? '—'}`;
      }
      return fieldName(t, k);
    }).join('; ');
  }
  return (
    <li class={`tl-item tl-${ev.kind === 'created' ? 'created' : 'note'}`} data-testid="history-item" data-kind={ev.kind}>
      <div class="tl-head">
        <span class="tl-kind">{label(t, `fac.ev.${ev.kind}`, ev.kind)}</span>
        <span class="tl-meta">{formatTime(ev.at)}{ev.actor_name ? ` · ${ev.actor_name}` : ''}</span>
      </div>
      {caseNo && <p class="tl-line">{t('fac.res.case')}: <span class="code">{caseNo}</span></p>}
      {body && <p class="tl-line tl-kv">{body}</p>}
    </li>
  );
}

function fieldName(t: ReturnType<typeof useI18n>['t'], k: string): string {
  const map: Record<string, string> = {
    name: t('fac.col.name'), capacity: t('fac.capacity'), status: t('fac.col.status'), licence_no: t('fac.licenceNo'),
    address: t('fac.address'), phone: t('fac.phone'), type: t('fac.col.type'),
  };
  return map[k] ?? k;
}

// ---- admit ----

function AdmitForm({ f, onCancel, onDone }: { f: Facility; onCancel: () => void; onDone: (s: Stay) => void }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const [c, setC] = useState<Case | null>(null);
  const [on, setOn] = useState(today());
  const [kind, setKind] = useState('ordinary');
  const [reason, setReason] = useState('');
  const [decidedBy, setDecidedBy] = useState('');
  const [over, setOver] = useState(false);
  const [overReason, setOverReason] = useState('');
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    if (!c) errs['ad-case'] = 'required';
    if (reason.trim().length < 3) errs['ad-reason'] = 'reason_short';
    if (decidedBy.trim().length < 2) errs['ad-decided_by'] = 'required';
    if (over && overReason.trim().length < 3) errs['ad-over_capacity_reason'] = 'reason_short';
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first === 'ad-case' ? 'ad-case' : first); return; }
    setBusy(true); setError(null);
    try {
      const s = await admitResident(f.id, {
        case_id: c!.id, admitted_on: on || undefined, admission_kind: kind, reason: reason.trim(), decided_by: decidedBy.trim(),
        over_capacity_reason: over ? overReason.trim() : undefined,
      });
      onDone(s);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'over_capacity') {
        setOver(true);
        focusLater('ad-over_capacity_reason');
        setError(err);
      } else {
        const s = splitError(err, ['ad-']);
        if (s.field) { setErrors({ [s.field]: err }); focusLater(s.field); } else setError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="inline-form admit-form" onSubmit={save} noValidate data-testid="admit-form">
      <h3>{t('fac.admitTitle', { name: f.name })}</h3>
      <div class={errors['ad-case'] ? 'field has-error' : 'field'}>
        <label for="ad-case">{t('fac.admit.case')}<span class="req" aria-hidden="true"> *</span></label>
        <CaseFinder id="ad-case" value={c} onChange={(x) => { setC(x); setErrors((o) => ({ ...o, 'ad-case': undefined })); }} invalid={!!errors['ad-case']} />
        <p class="hint">{t('fac.admit.caseHint')}</p>
        {errors['ad-case'] ? <p class="field-error" data-testid="ad-case-error">{t('fac.admit.caseRequired')}</p> : null}
      </div>
      <div class="form-grid form-grid-tight">
        <Field id="ad-admitted_on" label={t('fac.admit.date')} error={errors['ad-admitted_on']}>
          <input id="ad-admitted_on" type="date" max={today()} value={on} onInput={(e) => setOn(e.currentTarget.value)} data-testid="ad-date" />
        </Field>
        <Field id="ad-admission_kind" label={t('fac.admit.kind')}>
          <CodeSelect id="ad-admission_kind" list="admission_kind" value={kind} codes={codes} onChange={setKind} />
        </Field>
      </div>
      <Field id="ad-reason" label={t('fac.admit.reason')} required error={errors['ad-reason']}>
        <textarea id="ad-reason" rows={2} maxLength={500} value={reason} data-testid="ad-reason"
          onInput={(e) => { setReason(e.currentTarget.value); setErrors((o) => ({ ...o, 'ad-reason': undefined })); }} />
      </Field>
      <Field id="ad-decided_by" label={t('fac.decidedBy')} required error={errors['ad-decided_by']} hint={t('fac.decidedBy.hint')}>
        <input id="ad-decided_by" maxLength={200} value={decidedBy} data-testid="ad-decided_by" aria-describedby="ad-decided_by-hint"
          onInput={(e) => { setDecidedBy(e.currentTarget.value); setErrors((o) => ({ ...o, 'ad-decided_by': undefined })); }} />
      </Field>
      {over && (
        <div class="override-box" data-testid="over-capacity-box">
          <p class="alert alert-warn">{t('fac.admit.overNotice', { residents: f.residents, capacity: f.capacity ?? 0 })}</p>
          <Field id="ad-over_capacity_reason" label={t('fac.admit.overReason')} required error={errors['ad-over_capacity_reason']}>
            <textarea id="ad-over_capacity_reason" rows={2} maxLength={500} value={overReason} data-testid="ad-over_reason"
              onInput={(e) => { setOverReason(e.currentTarget.value); setErrors((o) => ({ ...o, 'ad-over_capacity_reason': undefined })); }} />
          </Field>
        </div>
      )}
      {error && !(error instanceof ApiError && error.code === 'over_capacity')
        ? <div class="alert alert-error" role="alert" data-testid="admit-error">{admitError(t, error)}</div> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="admit-save">
          {busy ? t('net.saving') : over ? t('fac.admit.saveOver') : t('fac.admit.save')}
        </button>
        <button type="button" class="btn" onClick={onCancel}>{t('net.cancel')}</button>
      </div>
    </form>
  );
}

function admitError(t: ReturnType<typeof useI18n>['t'], e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'already_resident') return t('fac.error.already_resident');
    if (e.code === 'case_closed') return t('fac.error.case_closed');
    if (e.code === 'facility_closed') return t('fac.error.facility_closed');
  }
  return errorMessage(t, e);
}

// ---- discharge ----

function DischargeForm({ stay, onCancel, onDone }: { stay: Stay; onCancel: () => void; onDone: (s: Stay) => void }) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const [on, setOn] = useState(today());
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [decidedBy, setDecidedBy] = useState('');
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, unknown> = {};
    if (!reason) errs['dc-reason'] = 'required';
    if (decidedBy.trim().length < 2) errs['dc-decided_by'] = 'required';
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      onDone(await dischargeResident(stay.id, { discharged_on: on || undefined, reason, note: note.trim() || undefined, decided_by: decidedBy.trim() }));
    } catch (err) {
      const s = splitError(err, ['dc-']);
      if (s.field) { setErrors({ [s.field]: err }); focusLater(s.field); } else setError(err);
    } finally {
      setBusy(false);
    }
  }
  const who = stay.person?.full_name ?? t('cases.hiddenName');
  return (
    <form class="inline-form discharge-form" onSubmit={save} noValidate data-testid="discharge-form">
      <h3>{t('fac.dischargeTitle', { name: who, case: stay.case_no })}</h3>
      <div class="form-grid form-grid-tight">
        <Field id="dc-discharged_on" label={t('fac.discharge.date')} error={errors['dc-discharged_on']} hint={t('fac.discharge.dateHint', { day: day(stay.admitted_on) })}>
          <input id="dc-discharged_on" type="date" min={stay.admitted_on} max={today()} value={on} data-testid="dc-date"
            aria-describedby="dc-discharged_on-hint" onInput={(e) => setOn(e.currentTarget.value)} />
        </Field>
        <Field id="dc-reason" label={t('fac.discharge.reason')} required error={errors['dc-reason']}>
          <CodeSelect id="dc-reason" list="discharge_reason" value={reason} codes={codes} empty={t('net.choose')}
            onChange={(x) => { setReason(x); setErrors((o) => ({ ...o, 'dc-reason': undefined })); }} />
        </Field>
      </div>
      <Field id="dc-decided_by" label={t('fac.decidedBy')} required error={errors['dc-decided_by']}>
        <input id="dc-decided_by" maxLength={200} value={decidedBy} data-testid="dc-decided_by"
          onInput={(e) => { setDecidedBy(e.currentTarget.value); setErrors((o) => ({ ...o, 'dc-decided_by': undefined })); }} />
      </Field>
      <Field id="dc-note" label={t('net.note')} error={errors['dc-note']}>
        <textarea id="dc-note" rows={2} maxLength={2000} value={note} data-testid="dc-note" onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      {error ? <div class="alert alert-error" role="alert" data-testid="discharge-error">
        {error instanceof ApiError && error.code === 'already_discharged' ? t('fac.error.already_discharged') : errorMessage(t, error)}
      </div> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="discharge-save">{busy ? t('net.saving') : t('fac.discharge.save')}</button>
        <button type="button" class="btn" onClick={onCancel}>{t('net.cancel')}</button>
      </div>
    </form>
  );
}
