// The call screen (#/hotline), made for a live call: one screen, keyboard
// first (Ctrl+Enter saves), the line and the time already filled in.  Save
// the call (POST /hotline-calls), then open an intake case from it with the
// few facts known on the phone (POST /hotline-calls/ID/case) and go to it.
import { useEffect, useState } from 'preact/hooks';
import {
  CASE_TYPES, createHotlineCall, listHotlineCalls, openCaseFromCall, type HotlineCall, type Tree, type User,
} from '../api';
import { useI18n } from '../i18n';
import { href, navigate } from '../router';
import { useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import {
  CodeSelect, Field, clearFieldError, codeLabel, describedBy, focusLater, ownUnit, shortTime, splitError, typeName, useCodes,
  UnitName, UrgencyChoice, UrgencyTag, vnLocalToIso, vnNowLocal,
} from '../components/CaseKit';
import { PersonFields, emptyPerson, personBody, personMissing, type PersonDraft } from '../components/PersonFields';
import { UnitField } from '../components/UnitField';
import type { PickedUnit } from '../components/UnitPicker';

type Errors = Record<string, unknown>;

export function HotlinePage({ user }: { user: User }) {
  const { t } = useI18n();
  const [call, setCall] = useState<HotlineCall | null>(null);
  const [round, setRound] = useState(0);
  const recent = useAsync(() => listHotlineCalls({ page_size: 10 }), [round]);

  function newCall() {
    setCall(null);
    setRound((x) => x + 1);
    focusLater('call-caller_relation');
  }

  return (
    <div class="hotline" data-testid="hotline-page">
      <div class="page-head">
        <h1>{t('hotline.heading')}</h1>
        {call && <button type="button" class="btn" onClick={newCall} data-testid="call-new">{t('hotline.new')}</button>}
      </div>
      {call
        ? <OpenCase call={call} />
        : <CallForm key={round} user={user} onSaved={(c) => { setCall(c); setRound((x) => x + 1); }} />}
      <RecentCalls calls={recent.data?.items} error={recent.error} reload={recent.reload}
        onOpen={(c) => { setCall(c); window.scrollTo(0, 0); focusLater('hc-type'); }} current={call?.id} />
    </div>
  );
}

function CallForm({ user, onSaved }: { user: User; onSaved: (c: HotlineCall) => void }) {
  const { t } = useI18n();
  const { codes, error: codesError, retry } = useCodes();
  const own = ownUnit(user.scope);
  const tree = (own?.tree ?? null) as Tree | null;
  const [line, setLine] = useState('111');
  const [received, setReceived] = useState(vnNowLocal);
  const [relation, setRelation] = useState('');
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [urgency, setUrgency] = useState('normal');
  const [summary, setSummary] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => { focusLater('call-caller_relation'); }, []);
  const clear = (e: Event) => clearFieldError(e, setErrors);

  async function save(ev?: Event) {
    ev?.preventDefault();
    if (busy) return;
    const e: Errors = {};
    if (!relation) e['call-caller_relation'] = 'required';
    if (!unit) e['call-unit_code'] = 'required';
    if (!summary.trim()) e['call-summary'] = 'required';
    if (!vnLocalToIso(received)) e['call-received_at'] = 'required';
    setErrors(e);
    setFormError(null);
    const first = Object.keys(e)[0];
    if (first) { focusLater(first); return; }
    setBusy(true);
    try {
      const c = await createHotlineCall({
        line, received_at: vnLocalToIso(received)!, unit_code: unit!.code,
        ...(unit!.tree ? { unit_tree: unit!.tree } : {}),
        caller_relation: relation, summary: summary.trim(), urgency,
      });
      onSaved(c);
      focusLater('hc-type');
    } catch (err) {
      setBusy(false);
      const s = splitError(err, ['call-']);
      if (s.field) { setErrors({ [s.field]: s.error }); focusLater(s.field); } else setFormError(s.error);
    }
  }

  return (
    <form class="panel call-form" onSubmit={save} noValidate data-testid="call-form"
      onInput={clear} onChange={clear}
      onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save(e); }}>
      {codesError ? <ErrorBox error={codesError} onRetry={retry} /> : null}
      {formError ? <ErrorBox error={formError} /> : null}
      <div class="form-grid form-grid-tight">
        <Field id="call-line" label={t('hotline.line')} error={errors['call-line']}>
          <CodeSelect id="call-line" list="hotline_line" codes={codes} value={line} onChange={setLine} error={errors['call-line']} withCode />
        </Field>
        <Field id="call-received_at" label={t('hotline.received_at')} error={errors['call-received_at']} hint={t('form.vnTime')}>
          <input id="call-received_at" type="datetime-local" value={received} data-testid="call-received_at"
            aria-invalid={errors['call-received_at'] ? true : undefined}
            aria-describedby={describedBy('call-received_at', errors['call-received_at'], true)}
            onInput={(e) => setReceived(e.currentTarget.value)} />
        </Field>
        <Field id="call-caller_relation" label={t('hotline.caller_relation')} error={errors['call-caller_relation']} required>
          <CodeSelect id="call-caller_relation" list="caller_relation" codes={codes} value={relation}
            onChange={setRelation} error={errors['call-caller_relation']} empty={t('form.choose')} />
        </Field>
      </div>
      <Field id="call-unit_code" label={t('hotline.unit')} error={errors['call-unit_code']} required>
        <UnitField id="call-unit_code" value={unit} tree={tree} compact communes
          onChange={(u) => { setUnit(u); setErrors(({ 'call-unit_code': _, ...rest }) => rest); }}
          emptyText={t('hotline.unit.none')} hint={t('hotline.unit.hint')}
          invalid={!!errors['call-unit_code']} describedBy={errors['call-unit_code'] ? 'call-unit_code-error' : undefined} />
      </Field>
      <div class="field">
        <span class="label" id="call-urgency-label">{t('case.urgency')}</span>
        <UrgencyChoice id="call-urgency" value={urgency} onChange={setUrgency} labelledBy="call-urgency-label" />
        {urgency === 'emergency' && <p class="alert alert-error emergency-note" role="status">{t('hotline.emergency.note')}</p>}
      </div>
      <Field id="call-summary" label={t('hotline.summary')} error={errors['call-summary']} hint={t('hotline.summary.hint')} required>
        <textarea id="call-summary" rows={5} maxLength={4000} value={summary} data-testid="call-summary"
          aria-invalid={errors['call-summary'] ? true : undefined}
          aria-describedby={describedBy('call-summary', errors['call-summary'], true)}
          onInput={(e) => setSummary(e.currentTarget.value)} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="call-save">
          {busy ? t('form.saving') : t('hotline.save')}
        </button>
        <span class="hint kbd-hint">{t('hotline.kbd')}</span>
      </div>
    </form>
  );
}

// After the call is saved: an intake case from it, with what the caller knew.
function OpenCase({ call }: { call: HotlineCall }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const [type, setType] = useState('');
  const [person, setPerson] = useState<PersonDraft>(emptyPerson);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function open(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    const e: Errors = { ...personMissing(person, 'hc-person-') };
    if (!type) e['hc-type'] = 'required';
    delete e['hc-person-national_id'];
    setErrors(e);
    setFormError(null);
    const first = Object.keys(e).sort((a) => (a === 'hc-type' ? -1 : 0))[0];
    if (first) { focusLater(first); return; }
    setBusy(true);
    try {
      const c = await openCaseFromCall(call.id, { type, person: personBody(person) as unknown as Parameters<typeof openCaseFromCall>[1]['person'] });
      navigate(href(['cases', String(c.id)]));
    } catch (err) {
      setBusy(false);
      const s = splitError(err, ['hc-', 'hc-person-']);
      if (s.field) { setErrors({ [s.field]: s.error }); focusLater(s.field); } else setFormError(s.error);
    }
  }

  if (call.case_id) {
    return (
      <div class="panel" data-testid="call-has-case">
        <p>{t('hotline.hasCase')}</p>
        <a class="btn btn-primary" href={href(['cases', String(call.case_id)])}>{t('hotline.goCase')}</a>
      </div>
    );
  }

  return (
    <>
      <div class="alert alert-success" role="status" data-testid="call-saved">
        <span>
          {t('hotline.saved', { id: call.id })}{' '}
          <span class="muted">{shortTime(call.received_at)} · <UnitName code={call.unit_code} tree={call.unit_tree} /> · {codeLabel(codes, lang, 'caller_relation', call.caller_relation)}</span>
        </span>
        <UrgencyTag urgency={call.urgency} />
      </div>
      <form class="panel open-case" onSubmit={open} noValidate aria-labelledby="hc-h" data-testid="call-case-form"
        onInput={(e) => clearFieldError(e, setErrors)} onChange={(e) => clearFieldError(e, setErrors)}>
        <h2 id="hc-h">{t('hotline.openCase')}</h2>
        <p class="hint">{t('hotline.openCase.hint')}</p>
        {formError ? <ErrorBox error={formError} /> : null}
        <Field id="hc-type" label={t('hotline.type')} error={errors['hc-type']} required>
          <select id="hc-type" value={type} data-testid="hc-type" aria-invalid={errors['hc-type'] ? true : undefined}
            aria-describedby={describedBy('hc-type', errors['hc-type'])} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="">{t('form.choose')}</option>
            {CASE_TYPES.map((ty) => <option key={ty} value={ty}>{typeName(t, ty)}</option>)}
          </select>
        </Field>
        <PersonFields value={person} onChange={setPerson} codes={codes} errors={errors} prefix="hc-person-" minimal />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="hc-submit">
            {busy ? t('form.saving') : t('hotline.openCase.submit')}
          </button>
        </div>
      </form>
    </>
  );
}

function RecentCalls({ calls, error, reload, onOpen, current }: {
  calls: HotlineCall[] | undefined; error: unknown; reload: () => void; onOpen: (c: HotlineCall) => void; current?: number;
}) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!calls || calls.length === 0) return null;
  return (
    <section class="recent-calls" aria-labelledby="recent-h">
      <h2 id="recent-h" class="count">{t('hotline.recent')}</h2>
      <ul class="call-list" data-testid="call-list">
        {calls.map((c) => (
          <li key={c.id} class={c.id === current ? 'current' : undefined}>
            <span class="call-when">{shortTime(c.received_at)}</span>
            <span class="call-what">
              <UrgencyTag urgency={c.urgency} /> {codeLabel(codes, lang, 'caller_relation', c.caller_relation)}
              <span class="muted"> · <UnitName code={c.unit_code} tree={c.unit_tree} /></span>
            </span>
            {c.case_id
              ? <a class="btn btn-small" href={href(['cases', String(c.case_id)])}>{t('hotline.goCase')}</a>
              : <button type="button" class="btn btn-small" onClick={() => onOpen(c)}>{t('hotline.openCase')}</button>}
          </li>
        ))}
      </ul>
    </section>
  );
}
