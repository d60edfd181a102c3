// The forms of the case page: record a note, an assessment, a plan, a
// service or a visit (and correct one of them), ask for an approval, record
// a consent, refer, transfer, and change the case's own fields.  Each calls
// onDone(message) after the server accepted it; a 422 is shown at its field.
import { useEffect, useState } from 'preact/hooks';
import {
  ApiError, addCaseEvent, addConsent, correctCaseEvent, getUnit, referCase, requestApproval, transferCase, updateCase,
  type Case, type CaseChange, type CaseEvent, type Codes, type Facts, type Person, type Tree, type User,
} from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { ErrorBox } from './ErrorBox';
import {
  CodeSelect, Field, FieldSet, clearFieldError, describedBy, focusLater, splitError, vnToday,
} from './CaseKit';
import { FactFields, factsToSend, missingFacts } from './CaseFacts';
import { PersonFields, personBody, personMissing, type PersonDraft } from './PersonFields';
import { UnitField } from './UnitField';
import type { PickedUnit } from './UnitPicker';

type Errors = Record<string, unknown>;
export type Done = (message: MessageKey) => void;

// Busy flag, field errors and the form's own error around one submission.
function useSubmit(prefixes: string[]) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<unknown>(null);
  async function run(missing: Errors, fn: () => Promise<void>) {
    if (busy) return;
    setErrors(missing);
    setFormError(null);
    const first = Object.keys(missing)[0];
    if (first) { focusLater(first); return; }
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      const s = splitError(e, prefixes);
      if (s.field) { setErrors({ [s.field]: s.error }); focusLater(s.field); } else setFormError(s.error);
    } finally {
      setBusy(false);
    }
  }
  const clear = (e: Event) => clearFieldError(e, setErrors);
  return { busy, errors, formError, setFormError, run, clear };
}

function Actions({ busy, submit, onCancel, testid }: { busy: boolean; submit: string; onCancel: () => void; testid: string }) {
  const { t } = useI18n();
  return (
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" disabled={busy} data-testid={`${testid}-submit`}>
        {busy ? t('form.saving') : submit}
      </button>
      <button type="button" class="btn" onClick={onCancel} disabled={busy}>{t('form.cancel')}</button>
    </div>
  );
}

function TextArea({ id, value, onInput, error, hint, rows = 3, max = 8000 }: {
  id: string; value: string; onInput: (v: string) => void; error?: unknown; hint?: boolean; rows?: number; max?: number;
}) {
  return (
    <textarea id={id} rows={rows} maxLength={max} value={value} data-testid={id}
      aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)}
      onInput={(e) => onInput(e.currentTarget.value)} />
  );
}

function TextInput({ id, value, onInput, error, type = 'text', max, hint }: {
  id: string; value: string; onInput: (v: string) => void; error?: unknown; type?: string; max?: number; hint?: boolean;
}) {
  return (
    <input id={id} type={type} value={value} maxLength={max} data-testid={id} autoComplete="off"
      aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)}
      onInput={(e) => onInput(e.currentTarget.value)} />
  );
}

interface PlanItem { service: string; description: string; due_date: string; responsible: string }
const emptyItem = (): PlanItem => ({ service: '', description: '', due_date: '', responsible: '' });

const str = (v: unknown) => (typeof v === 'string' ? v : '');

// ---- events (and their corrections) ----

interface EventFormProps {
  kind: string;              // note | assessment | plan | service | visit
  c: Case;
  codes: Codes | undefined;
  onDone: Done;
  onCancel: () => void;
  correcting?: CaseEvent;    // the event this corrects, whose data fills the form
}

export function EventForm({ kind, c, codes, onDone, onCancel, correcting }: EventFormProps) {
  const { t } = useI18n();
  const init = correcting?.data ?? {};
  const p = correcting ? `cor-${correcting.id}-data-` : `ev-${kind}-`;
  const { busy, errors, formError, run, clear } = useSubmit(correcting ? [`cor-${correcting.id}-`] : [p]);
  const [text, setText] = useState(str(init.text));
  const [risk, setRisk] = useState(str(init.risk_level));
  const [protection, setProtection] = useState(str(init.protection_level));
  const [summary, setSummary] = useState(str(init.summary));
  const [items, setItems] = useState<PlanItem[]>(() => (Array.isArray(init.items) && init.items.length
    ? (init.items as Record<string, unknown>[]).map((i) => ({
        service: str(i.service), description: str(i.description), due_date: str(i.due_date), responsible: str(i.responsible),
      }))
    : [emptyItem()]));
  const [service, setService] = useState(str(init.service));
  const [date, setDate] = useState(str(init.date) || vnToday());
  const [provider, setProvider] = useState(str(init.provider));
  const [note, setNote] = useState(str(init.note));
  const [nextVisit, setNextVisit] = useState(str(init.next_visit_due));
  const [why, setWhy] = useState('');
  const reasonId = `cor-${correcting?.id}-reason`;

  function data(): Record<string, unknown> {
    const put = (o: Record<string, unknown>, k: string, v: string) => { if (v.trim()) o[k] = v.trim(); };
    const o: Record<string, unknown> = {};
    switch (kind) {
      case 'note': put(o, 'text', text); break;
      case 'assessment': put(o, 'risk_level', risk); put(o, 'protection_level', protection); put(o, 'text', text); break;
      case 'plan':
        put(o, 'summary', summary);
        o.items = items.filter((i) => i.service || i.description.trim()).map((i) => {
          const x: Record<string, unknown> = { service: i.service };
          put(x, 'description', i.description); put(x, 'due_date', i.due_date); put(x, 'responsible', i.responsible);
          return x;
        });
        break;
      case 'service': put(o, 'service', service); put(o, 'date', date); put(o, 'provider', provider); put(o, 'note', note); break;
      case 'visit': put(o, 'date', date); put(o, 'note', note); put(o, 'next_visit_due', nextVisit); break;
    }
    return o;
  }

  function missing(): Errors {
    const m: Errors = {};
    if (correcting && why.trim().length < 3) m[reasonId] = 'reason_short';
    if (kind === 'note' && !text.trim()) m[`${p}text`] = 'required';
    if (kind === 'assessment' && !risk) m[`${p}risk_level`] = 'required';
    if (kind === 'plan') {
      const filled = items.filter((i) => i.service || i.description.trim());
      if (!filled.length) m[`${p}items-0-service`] = 'plan_items_required';
      items.forEach((i, n) => { if (!i.service && i.description.trim()) m[`${p}items-${n}-service`] = 'required'; });
    }
    if (kind === 'service') {
      if (!service) m[`${p}service`] = 'required';
      if (!date) m[`${p}date`] = 'required';
      if (!provider.trim()) m[`${p}provider`] = 'required';
    }
    if (kind === 'visit' && !date) m[`${p}date`] = 'required';
    return m;
  }

  function submit(ev: Event) {
    ev.preventDefault();
    run(missing(), async () => {
      if (correcting) {
        await correctCaseEvent(c.id, correcting.id, why.trim(), data());
        onDone('case.done.correction');
      } else {
        await addCaseEvent(c.id, { kind, ...data() });
        onDone(`case.done.${kind}` as MessageKey);
      }
    });
  }

  const e = (f: string) => errors[`${p}${f}`];
  const testid = correcting ? `correct-${correcting.id}` : `form-${kind}`;
  return (
    <form class="case-form" onSubmit={submit} noValidate onInput={clear} onChange={clear} data-testid={testid}>
      {formError ? <ErrorBox error={formError} /> : null}
      {kind === 'assessment' && (
        <div class="form-grid">
          <Field id={`${p}risk_level`} label={t('ev.risk_level')} error={e('risk_level')} required>
            <CodeSelect id={`${p}risk_level`} list="risk_level" codes={codes} value={risk} onChange={setRisk}
              error={e('risk_level')} empty={t('form.choose')} />
          </Field>
          {c.type === 'child_protection' && (
            <Field id={`${p}protection_level`} label={t('ev.protection_level')} error={e('protection_level')}>
              <CodeSelect id={`${p}protection_level`} list="protection_level" codes={codes} value={protection}
                onChange={setProtection} error={e('protection_level')} empty={t('form.none')} />
            </Field>
          )}
        </div>
      )}
      {kind === 'plan' && (
        <>
          <Field id={`${p}summary`} label={t('ev.plan.summary')} error={e('summary')}>
            <TextArea id={`${p}summary`} value={summary} onInput={setSummary} error={e('summary')} rows={2} />
          </Field>
          <FieldSet id={`${p}items`} legend={t('ev.plan.items')} error={e('items')}>
            <ol class="plan-items">
              {items.map((it, n) => {
                const set = (k: keyof PlanItem, v: string) => setItems(items.map((x, m) => (m === n ? { ...x, [k]: v } : x)));
                const id = (f: string) => `${p}items-${n}-${f}`;
                return (
                  <li key={n} class="plan-item" data-testid={`plan-item-${n}`}>
                    <div class="form-grid form-grid-tight">
                      <Field id={id('service')} label={t('ev.service')} error={errors[id('service')]} required>
                        <CodeSelect id={id('service')} list="service" codes={codes} value={it.service}
                          onChange={(v) => set('service', v)} error={errors[id('service')]} empty={t('form.choose')} />
                      </Field>
                      <Field id={id('description')} label={t('ev.plan.description')} error={errors[id('description')]}>
                        <TextInput id={id('description')} value={it.description} max={1000}
                          onInput={(v) => set('description', v)} error={errors[id('description')]} />
                      </Field>
                      <Field id={id('due_date')} label={t('ev.plan.due_date')} error={errors[id('due_date')]}>
                        <TextInput id={id('due_date')} type="date" value={it.due_date} onInput={(v) => set('due_date', v)}
                          error={errors[id('due_date')]} />
                      </Field>
                      <Field id={id('responsible')} label={t('ev.plan.responsible')} error={errors[id('responsible')]}>
                        <TextInput id={id('responsible')} value={it.responsible} max={200}
                          onInput={(v) => set('responsible', v)} error={errors[id('responsible')]} />
                      </Field>
                    </div>
                    {items.length > 1 && (
                      <button type="button" class="btn btn-small btn-danger-outline"
                        onClick={() => setItems(items.filter((_, m) => m !== n))}>
                        {t('ev.plan.remove', { n: n + 1 })}
                      </button>
                    )}
                  </li>
                );
              })}
            </ol>
            <button type="button" class="btn btn-small" onClick={() => { setItems([...items, emptyItem()]); focusLater(`${p}items-${items.length}-service`); }}
              data-testid={`${p}add-item`}>
              {t('ev.plan.add')}
            </button>
          </FieldSet>
        </>
      )}
      {kind === 'service' && (
        <div class="form-grid">
          <Field id={`${p}service`} label={t('ev.service')} error={e('service')} required>
            <CodeSelect id={`${p}service`} list="service" codes={codes} value={service} onChange={setService}
              error={e('service')} empty={t('form.choose')} />
          </Field>
          <Field id={`${p}date`} label={t('ev.service.date')} error={e('date')} required>
            <TextInput id={`${p}date`} type="date" value={date} onInput={setDate} error={e('date')} />
          </Field>
          <Field id={`${p}provider`} label={t('ev.provider')} error={e('provider')} required>
            <TextInput id={`${p}provider`} value={provider} onInput={setProvider} error={e('provider')} max={200} />
          </Field>
        </div>
      )}
      {kind === 'visit' && (
        <div class="form-grid">
          <Field id={`${p}date`} label={t('ev.visit.date')} error={e('date')} required>
            <TextInput id={`${p}date`} type="date" value={date} onInput={setDate} error={e('date')} />
          </Field>
          <Field id={`${p}next_visit_due`} label={t('ev.next_visit_due')} error={e('next_visit_due')}>
            <TextInput id={`${p}next_visit_due`} type="date" value={nextVisit} onInput={setNextVisit} error={e('next_visit_due')} />
          </Field>
        </div>
      )}
      {(kind === 'note' || kind === 'assessment') && (
        <Field id={`${p}text`} label={t(kind === 'note' ? 'ev.note.text' : 'ev.assessment.text')} error={e('text')} required={kind === 'note'}>
          <TextArea id={`${p}text`} value={text} onInput={setText} error={e('text')} rows={kind === 'note' ? 4 : 3} />
        </Field>
      )}
      {(kind === 'service' || kind === 'visit') && (
        <Field id={`${p}note`} label={t('ev.note')} error={e('note')}>
          <TextArea id={`${p}note`} value={note} onInput={setNote} error={e('note')} rows={2} />
        </Field>
      )}
      {correcting && (
        <Field id={reasonId} label={t('ev.correction.reason')} error={errors[reasonId]} hint={t('ev.correction.hint')} required>
          <TextInput id={reasonId} value={why} onInput={setWhy} error={errors[reasonId]} max={500} hint />
        </Field>
      )}
      <Actions busy={busy} onCancel={onCancel} testid={testid}
        submit={correcting ? t('ev.correction.submit') : t(`ev.${kind}.submit` as MessageKey)} />
    </form>
  );
}

// ---- approvals ----

export function ApprovalRequestForm({ c, codes, onDone, onCancel, subject: initial }: {
  c: Case; codes: Codes | undefined; onDone: Done; onCancel: () => void; subject?: string;
}) {
  const { t } = useI18n();
  const p = 'apr-';
  const { busy, errors, formError, run, clear } = useSubmit([p]);
  const [subject, setSubject] = useState(initial ?? (c.stage === 'planning' ? 'plan' : 'closure'));
  const [closure, setClosure] = useState('');
  const [note, setNote] = useState('');
  function submit(ev: Event) {
    ev.preventDefault();
    const m: Errors = {};
    if (subject === 'closure' && !closure) m[`${p}closure_reason`] = 'required';
    run(m, async () => {
      await requestApproval(c.id, {
        subject, ...(subject === 'closure' ? { closure_reason: closure } : {}), ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone('case.done.approval');
    });
  }
  return (
    <form class="case-form" onSubmit={submit} noValidate onInput={clear} onChange={clear} data-testid="form-approval">
      {formError ? <ErrorBox error={formError} /> : null}
      <p class="hint">{t('apr.hint')}</p>
      <div class="form-grid">
        <Field id={`${p}subject`} label={t('apr.subject')} error={errors[`${p}subject`]}>
          <CodeSelect id={`${p}subject`} list="approval_subject" codes={codes} value={subject} onChange={setSubject}
            only={c.stage === 'planning' ? undefined : ['closure']} />
        </Field>
        {subject === 'closure' && (
          <Field id={`${p}closure_reason`} label={t('case.closure_reason')} error={errors[`${p}closure_reason`]} required>
            <CodeSelect id={`${p}closure_reason`} list="closure_reason" codes={codes} value={closure} onChange={setClosure}
              error={errors[`${p}closure_reason`]} empty={t('form.choose')} />
          </Field>
        )}
      </div>
      <Field id={`${p}note`} label={t('apr.note')} error={errors[`${p}note`]}>
        <TextArea id={`${p}note`} value={note} onInput={setNote} error={errors[`${p}note`]} rows={2} />
      </Field>
      <Actions busy={busy} onCancel={onCancel} testid="form-approval" submit={t('apr.submit')} />
    </form>
  );
}

// ---- consent ----

export function ConsentForm({ c, codes, onDone, onCancel }: { c: Case; codes: Codes | undefined; onDone: Done; onCancel: () => void }) {
  const { t } = useI18n();
  const p = 'con-';
  const { busy, errors, formError, run, clear } = useSubmit([p]);
  const [kind, setKind] = useState('sharing');
  const [given, setGiven] = useState(true);
  // A child under 16 consents through a parent or guardian.
  const [by, setBy] = useState(() => (isChild(c) ? 'guardian' : 'person'));
  const [guardian, setGuardian] = useState('');
  const [orgs, setOrgs] = useState('');
  const [date, setDate] = useState(vnToday());
  function submit(ev: Event) {
    ev.preventDefault();
    const m: Errors = {};
    if (by === 'guardian' && !guardian.trim()) m[`${p}guardian_name`] = 'required';
    if (!date) m[`${p}date`] = 'required';
    run(m, async () => {
      const list = orgs.split('\n').map((s) => s.trim()).filter(Boolean);
      await addConsent(c.id, {
        kind, given, given_by: by, date,
        ...(by === 'guardian' ? { guardian_name: guardian.trim() } : {}),
        ...(kind === 'sharing' && list.length ? { organisations: list } : {}),
      });
      onDone('case.done.consent');
    });
  }
  return (
    <form class="case-form" onSubmit={submit} noValidate onInput={clear} onChange={clear} data-testid="form-consent">
      {formError ? <ErrorBox error={formError} /> : null}
      <div class="form-grid">
        <Field id={`${p}kind`} label={t('con.kind')} error={errors[`${p}kind`]}>
          <CodeSelect id={`${p}kind`} list="consent_kind" codes={codes} value={kind} onChange={setKind} />
        </Field>
        <div class="field">
          <span class="label" id={`${p}given-label`}>{t('con.given')}</span>
          <div class="segmented" role="radiogroup" aria-labelledby={`${p}given-label`}>
            {[true, false].map((g) => (
              <label key={String(g)} class={given === g ? 'seg active' : 'seg'}>
                <input type="radio" class="visually-hidden" name={`${p}given`} checked={given === g}
                  data-testid={`${p}given-${g ? 'yes' : 'no'}`} onChange={() => setGiven(g)} />
                {t(g ? 'con.given.yes' : 'con.given.no')}
              </label>
            ))}
          </div>
        </div>
        <Field id={`${p}given_by`} label={t('con.given_by')} error={errors[`${p}given_by`]}>
          <CodeSelect id={`${p}given_by`} list="consent_by" codes={codes} value={by} onChange={setBy} />
        </Field>
        {by === 'guardian' && (
          <Field id={`${p}guardian_name`} label={t('con.guardian_name')} error={errors[`${p}guardian_name`]} required>
            <TextInput id={`${p}guardian_name`} value={guardian} onInput={setGuardian} error={errors[`${p}guardian_name`]} max={200} />
          </Field>
        )}
        <Field id={`${p}date`} label={t('con.date')} error={errors[`${p}date`]} required>
          <TextInput id={`${p}date`} type="date" value={date} onInput={setDate} error={errors[`${p}date`]} />
        </Field>
      </div>
      {kind === 'sharing' && given && (
        <Field id={`${p}organisations`} label={t('con.organisations')} error={errors[`${p}organisations`]} hint={t('con.organisations.hint')}>
          <TextArea id={`${p}organisations`} value={orgs} onInput={setOrgs} error={errors[`${p}organisations`]} rows={3} hint />
        </Field>
      )}
      <Actions busy={busy} onCancel={onCancel} testid="form-consent" submit={t('con.submit')} />
    </form>
  );
}

// Whether the person is certainly under 16 today (the server's rule).
function isChild(c: Case): boolean {
  const p = c.person;
  const today = vnToday();
  if (p?.birth_date) {
    const [y, m, d] = p.birth_date.split('-').map(Number);
    return `${y + 16}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` > today;
  }
  if (p?.birth_year) return Number(today.slice(0, 4)) - p.birth_year < 16;
  return false;
}

// ---- referral ----

export function ReferralForm({ c, codes, me, onDone, onCancel }: {
  c: Case; codes: Codes | undefined; me: User; onDone: Done; onCancel: () => void;
}) {
  const { t } = useI18n();
  const p = 'ref-';
  const { busy, errors, formError, setFormError, run, clear } = useSubmit([p]);
  const [org, setOrg] = useState('');
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [service, setService] = useState('');
  const [note, setNote] = useState('');
  const [override, setOverride] = useState<string | null>(null);
  const supervisor = me.role === 'province' || me.role === 'district';
  const consent = c.consents?.sharing;
  const orgs = c.consents?.sharing_orgs ?? [];

  function submit(ev: Event) {
    ev.preventDefault();
    const m: Errors = {};
    if (!org.trim()) m[`${p}to_org`] = 'required';
    if (!service) m[`${p}service`] = 'required';
    if (override !== null && override.trim().length < 3) m[`${p}override_reason`] = 'reason_short';
    run(m, async () => {
      try {
        await referCase(c.id, {
          to_org: org.trim(), service,
          ...(unit ? { to_unit: unit.code } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(override !== null ? { override_reason: override.trim() } : {}),
        });
        onDone('case.done.referral');
      } catch (e) {
        if (e instanceof ApiError && e.code === 'consent_required') {
          setFormError(e);
          if (supervisor) { setOverride(''); focusLater(`${p}override_reason`); }
          return;
        }
        throw e;
      }
    });
  }

  return (
    <form class="case-form" onSubmit={submit} noValidate onInput={clear} onChange={clear} data-testid="form-referral">
      <p class={consent ? 'hint' : 'alert alert-warn'} data-testid="ref-consent">
        {consent
          ? (orgs.length ? t('ref.consent.orgs', { orgs: orgs.join(', ') }) : t('ref.consent.any'))
          : t('ref.consent.none')}
      </p>
      {formError ? <ErrorBox error={formError} /> : null}
      <div class="form-grid">
        <Field id={`${p}to_org`} label={t('ref.to_org')} error={errors[`${p}to_org`]} hint={t('ref.to_org.hint')} required>
          <TextInput id={`${p}to_org`} value={org} onInput={setOrg} error={errors[`${p}to_org`]} max={200} hint />
        </Field>
        <Field id={`${p}service`} label={t('ev.service')} error={errors[`${p}service`]} required>
          <CodeSelect id={`${p}service`} list="service" codes={codes} value={service} onChange={setService}
            error={errors[`${p}service`]} empty={t('form.choose')} />
        </Field>
      </div>
      {orgs.length > 0 && (
        <p class="chips">
          {orgs.map((o) => (
            <button key={o} type="button" class="chip" onClick={() => setOrg(o)}>{o}</button>
          ))}
        </p>
      )}
      <Field id={`${p}to_unit`} label={t('ref.to_unit')} error={errors[`${p}to_unit`]}>
        <UnitField id={`${p}to_unit`} value={unit} onChange={setUnit} tree={c.unit_tree as Tree}
          emptyText={t('ref.to_unit.none')} hint={t('ref.to_unit.hint')} />
      </Field>
      <Field id={`${p}note`} label={t('ev.note')} error={errors[`${p}note`]}>
        <TextArea id={`${p}note`} value={note} onInput={setNote} error={errors[`${p}note`]} rows={2} />
      </Field>
      {override !== null && (
        <Field id={`${p}override_reason`} label={t('ref.override')} error={errors[`${p}override_reason`]} hint={t('ref.override.hint')} required>
          <TextInput id={`${p}override_reason`} value={override} onInput={setOverride} error={errors[`${p}override_reason`]} max={500} hint />
        </Field>
      )}
      <Actions busy={busy} onCancel={onCancel} testid="form-referral" submit={t('ref.submit')} />
    </form>
  );
}

// ---- transfer ----

export function TransferForm({ c, onDone, onCancel }: { c: Case; onDone: Done; onCancel: () => void }) {
  const { t } = useI18n();
  const p = 'tra-';
  const { busy, errors, formError, run, clear } = useSubmit([p]);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [reason, setReason] = useState('');
  function submit(ev: Event) {
    ev.preventDefault();
    const m: Errors = {};
    if (!unit) m[`${p}to_unit`] = 'required';
    else if (unit.code === c.unit_code) m[`${p}to_unit`] = 'same_unit';
    if (reason.trim().length < 3) m[`${p}reason`] = 'reason_short';
    run(m, async () => {
      await transferCase(c.id, { to_unit: unit!.code, reason: reason.trim() });
      onDone('case.done.transfer');
    });
  }
  return (
    <form class="case-form" onSubmit={submit} noValidate onInput={clear} onChange={clear} data-testid="form-transfer">
      <p class="hint">{t('tra.hint')}</p>
      {formError ? <ErrorBox error={formError} /> : null}
      <Field id={`${p}to_unit`} label={t('tra.to_unit')} error={errors[`${p}to_unit`]} required>
        <UnitField id={`${p}to_unit`} value={unit} onChange={setUnit} tree={c.unit_tree as Tree}
          emptyText={t('tra.to_unit.none')} invalid={!!errors[`${p}to_unit`]}
          describedBy={errors[`${p}to_unit`] ? `${p}to_unit-error` : undefined} />
      </Field>
      <Field id={`${p}reason`} label={t('tra.reason')} error={errors[`${p}reason`]} required>
        <TextArea id={`${p}reason`} value={reason} onInput={setReason} error={errors[`${p}reason`]} rows={2} max={500} />
      </Field>
      <Actions busy={busy} onCancel={onCancel} testid="form-transfer" submit={t('tra.submit')} />
    </form>
  );
}

// ---- the case's own fields (PATCH with If-Match) ----

function draftOf(p: Person | undefined): PersonDraft {
  return {
    full_name: p?.full_name ?? '', sex: p?.sex ?? '',
    birth_mode: p?.birth_date ? 'date' : 'year', birth_date: p?.birth_date ?? '',
    birth_year: p?.birth_year ? String(p.birth_year) : '',
    ethnicity: p?.ethnicity ?? '', national_id: p?.national_id ?? '',
    address: p?.address_unit ? { code: p.address_unit, tree: p.address_tree ?? undefined } : null,
    contacts: p?.contacts ?? '',
  };
}

// The person's fields that changed, with null for those emptied.
function personChange(old: Person | undefined, d: PersonDraft): Partial<Person> {
  if (!old) return {};
  const now = personBody(d) as Record<string, unknown>;
  const before = old as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ['full_name', 'sex', 'ethnicity', 'national_id', 'address_unit', 'contacts']) {
    const v = now[k] ?? null;
    if (v !== (before[k] ?? null)) out[k] = v;
  }
  if (d.birth_mode === 'date') {
    if ((now.birth_date ?? null) !== (old.birth_date ?? null)) out.birth_date = now.birth_date ?? null;
  } else {
    if (old.birth_date) out.birth_date = null;
    if ((now.birth_year ?? null) !== (old.birth_year ?? null) || old.birth_date) out.birth_year = now.birth_year ?? null;
  }
  if ('address_unit' in out && now.address_tree) out.address_tree = now.address_tree;
  return out as Partial<Person>;
}

export function EditForm({ c, etag, codes, me, onDone, onCancel, onStale, reason }: {
  c: Case; etag: string | null; codes: Codes | undefined; me: User; onDone: Done; onCancel: () => void;
  onStale: () => void; reason: string | null;
}) {
  const { t } = useI18n();
  const p = 'edit-';
  const { busy, errors, formError, run, clear } = useSubmit([p, `${p}details-`]);
  const [urgency, setUrgency] = useState(c.urgency);
  const [risk, setRisk] = useState(c.risk_level ?? '');
  const [summary, setSummary] = useState(c.summary ?? '');
  const [assign, setAssign] = useState<'keep' | 'me' | 'none'>('keep');
  const [restricted, setRestricted] = useState(c.restricted);
  const [facts, setFacts] = useState<Facts>(c.details ?? {});
  const [person, setPerson] = useState<PersonDraft>(() => draftOf(c.person));
  // The home unit's name, for the field.
  useEffect(() => {
    const code = c.person?.address_unit;
    if (!code) return;
    getUnit(code, (c.person?.address_tree ?? c.unit_tree) as Tree).then(
      (u) => setPerson((p) => (p.address?.code === u.code ? { ...p, address: { code: u.code, tree: u.tree, name: u.name, type: u.type } } : p)),
      () => {});
  }, []);
  const lawRestricted = c.type === 'gbv' || c.type === 'trafficking_victim';
  // Only a supervisor lifts a restriction.
  const mayLift = me.role === 'province' || me.role === 'district';

  function submit(ev: Event) {
    ev.preventDefault();
    const m: Errors = { ...personMissing(person, `${p}person-`), ...missingFacts(c.type, facts, `${p}details-`) };
    run(m, async () => {
      const change: CaseChange = {};
      const who = personChange(c.person, person);
      if (Object.keys(who).length) change.person = who;
      if (urgency !== c.urgency) change.urgency = urgency;
      if ((risk || null) !== (c.risk_level ?? null)) change.risk_level = risk || null;
      if (summary.trim() !== (c.summary ?? '')) change.summary = summary.trim() || null;
      if (assign === 'me') change.assigned_to = Number(me.id);
      if (assign === 'none') change.assigned_to = null;
      if (!lawRestricted && restricted !== c.restricted) change.restricted = restricted;
      const before = factsToSend(c.type, c.details ?? {});
      const after = factsToSend(c.type, facts);
      const changed: Facts = {};
      for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed[k] = after[k] ?? null;
      }
      if (Object.keys(changed).length) change.details = changed;
      if (!Object.keys(change).length) { onDone('case.done.nochange'); return; }
      try {
        await updateCase(c.id, etag, change, reason);
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) { onStale(); return; }
        throw e;
      }
      onDone('case.done.edit');
    });
  }

  return (
    <form class="case-form" onSubmit={submit} noValidate onInput={clear} onChange={clear} data-testid="form-edit">
      {formError ? <ErrorBox error={formError} /> : null}
      <div class="form-grid">
        <Field id={`${p}urgency`} label={t('case.urgency')} error={errors[`${p}urgency`]}>
          <CodeSelect id={`${p}urgency`} list="urgency" codes={codes} value={urgency} onChange={setUrgency} />
        </Field>
        <Field id={`${p}risk_level`} label={t('ev.risk_level')} error={errors[`${p}risk_level`]}>
          <CodeSelect id={`${p}risk_level`} list="risk_level" codes={codes} value={risk} onChange={setRisk} empty={t('form.none')} />
        </Field>
        <Field id={`${p}assigned_to`} label={t('case.assigned')} error={errors[`${p}assigned_to`]}>
          <select id={`${p}assigned_to`} value={assign} data-testid={`${p}assigned_to`}
            onChange={(e) => setAssign(e.currentTarget.value as 'keep' | 'me' | 'none')}>
            <option value="keep">{t('edit.assign.keep')}</option>
            <option value="me">{t('edit.assign.me')}</option>
            <option value="none">{t('edit.assign.none')}</option>
          </select>
        </Field>
      </div>
      <Field id={`${p}summary`} label={t('intake.summary')} error={errors[`${p}summary`]}>
        <TextArea id={`${p}summary`} value={summary} onInput={setSummary} error={errors[`${p}summary`]} />
      </Field>
      {!lawRestricted && (
        <>
          <label class="check">
            <input type="checkbox" checked={restricted} disabled={c.restricted && !mayLift}
              aria-describedby={c.restricted && !mayLift ? `${p}restricted-hint` : undefined}
              onChange={(e) => setRestricted(e.currentTarget.checked)} data-testid={`${p}restricted`} />
            <span>{t('intake.restricted')}</span>
          </label>
          {c.restricted && !mayLift && <p class="hint" id={`${p}restricted-hint`}>{t('edit.restricted.lift')}</p>}
        </>
      )}
      {c.person && (
        <>
          <h3>{t('intake.person')}</h3>
          <PersonFields value={person} onChange={setPerson} codes={codes} errors={errors} prefix={`${p}person-`} tree={c.unit_tree as Tree} />
        </>
      )}
      <h3>{t('edit.facts')}</h3>
      <FactFields type={c.type} value={facts} onChange={setFacts} codes={codes} errors={errors} prefix={`${p}details-`} />
      <Actions busy={busy} onCancel={onCancel} testid="form-edit" submit={t('form.save')} />
    </form>
  );
}
