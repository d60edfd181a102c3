// A new case (#/cases/new, #/cases/new?type=gbv): first the type, then
// only what that type needs: the person (or a person already known, found
// by the duplicate check before saving), the type's facts, the unit,
// urgency and when the report came in.  POST /api/v1/cases; a 422 is shown
// at its field.
import { useEffect, useState } from 'preact/hooks';
import {
  CASE_TYPES, createCase, personDuplicates, type Facts, type NewCase, type PersonMatch, type Tree, type User,
} from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { ErrorBox } from '../components/ErrorBox';
import {
  Field, clearFieldError, codeLabel, focusLater, ownUnit, shortDate, splitError, stageName, typeName, useCodes,
  vnLocalToIso, vnNowLocal, describedBy, UrgencyChoice,
} from '../components/CaseKit';
import { FactFields, factsToSend, missingFacts } from '../components/CaseFacts';
import { PersonFields, emptyPerson, personBody, personMissing, type PersonDraft } from '../components/PersonFields';
import { UnitField } from '../components/UnitField';
import type { PickedUnit } from '../components/UnitPicker';

type Errors = Record<string, unknown>;
const RESTRICTED_TYPES = ['gbv', 'trafficking_victim'];

export function IntakePage({ route, user }: { route: Route; user: User }) {
  const { t } = useI18n();
  const typeQ = route.query.get('type') ?? '';
  const type = (CASE_TYPES as readonly string[]).includes(typeQ) ? typeQ : '';
  return (
    <div class="intake" data-testid="intake-page">
      <p class="back"><a href="#/cases">{t('cases.back')}</a></p>
      <h1>{t('intake.heading')}</h1>
      {type ? <IntakeForm key={type} type={type} user={user} /> : <TypeChoice />}
    </div>
  );
}

function TypeChoice() {
  const { t } = useI18n();
  return (
    <section class="panel" aria-labelledby="type-h">
      <h2 id="type-h">{t('intake.type.heading')}</h2>
      <ul class="type-cards" data-testid="type-choice">
        {CASE_TYPES.map((ty) => (
          <li key={ty}>
            <a class="type-card" href={href(['cases', 'new'], { type: ty })} data-testid={`type-${ty}`}>
              <span class="type-card-name">{typeName(t, ty)}</span>
              <span class="type-card-desc">{t(`intake.type.${ty}.desc` as 'intake.type.gbv.desc')}</span>
              {RESTRICTED_TYPES.includes(ty) && <span class="tag tag-restricted">{t('case.restricted')}</span>}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function IntakeForm({ type, user }: { type: string; user: User }) {
  const { t, lang } = useI18n();
  const { codes, error: codesError, retry } = useCodes();
  const own = ownUnit(user.scope);
  const tree = (own?.tree ?? null) as Tree | null;
  const [person, setPerson] = useState<PersonDraft>(emptyPerson);
  const [linked, setLinked] = useState<PersonMatch['person'] | null>(null);
  const [facts, setFacts] = useState<Facts>({});
  const [unit, setUnit] = useState<PickedUnit | null>(own);
  const [urgency, setUrgency] = useState('normal');
  const [received, setReceived] = useState(vnNowLocal);
  const [restricted, setRestricted] = useState(false);
  const [assignMe, setAssignMe] = useState(user.role === 'commune' || user.role === 'facility');
  const [summary, setSummary] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The duplicate check's matches, and for which entries it ran.
  const [dups, setDups] = useState<PersonMatch[] | null>(null);
  const [checkedFor, setCheckedFor] = useState('');
  const lawRestricted = RESTRICTED_TYPES.includes(type);

  useEffect(() => { focusLater('in-person-full_name'); }, []);

  const dupKey = `${person.full_name.trim().toLowerCase()}|${person.birth_year}|${person.birth_date}|${person.national_id}`;

  function validate(): Errors {
    const e: Errors = {};
    if (!linked) Object.assign(e, personMissing(person, 'in-person-'));
    Object.assign(e, missingFacts(type, facts, 'in-details-'));
    if (!unit) e['in-unit_code'] = 'required';
    if (!vnLocalToIso(received)) e['in-received_at'] = 'required';
    return e;
  }

  async function submit(ev: Event) {
    ev.preventDefault();
    if (busy) return;
    const e = validate();
    setErrors(e);
    setFormError(null);
    const first = Object.keys(e)[0];
    if (first) { focusLater(first); return; }
    setBusy(true);
    try {
      // Before saving a new person, look for people already registered.
      // The check needs a national id, or a name with a birth year or date.
      const p = personBody(person);
      const checkable = !!p.national_id || !!(p.full_name && (p.birth_year || p.birth_date));
      if (!linked && checkable && checkedFor !== dupKey) {
        const r = await personDuplicates({
          full_name: p.full_name as string, birth_year: p.birth_year as number | undefined,
          birth_date: p.birth_date as string | undefined, national_id: p.national_id as string | undefined,
          unit: unit?.code, tree: unit?.tree,
        });
        setCheckedFor(dupKey);
        if (r.items.length) {
          setDups(r.items);
          setBusy(false);
          focusLater('dup-panel');
          return;
        }
      }
      const body: NewCase = {
        type,
        unit_code: unit!.code,
        ...(unit!.tree ? { unit_tree: unit!.tree } : {}),
        details: factsToSend(type, facts),
        urgency,
        received_at: vnLocalToIso(received)!,
        ...(linked ? { person_id: linked.id } : { person: personBody(person) as unknown as NewCase['person'] }),
        ...(!lawRestricted && restricted ? { restricted: true } : {}),
        ...(summary.trim() ? { summary: summary.trim() } : {}),
      };
      if (assignMe) body.assigned_to = Number(user.id);
      const c = await createCase(body);
      navigate(href(['cases', String(c.id)]));
    } catch (err) {
      setBusy(false);
      const s = splitError(err, ['in-', 'in-details-', 'in-person-']);
      if (s.field) { setErrors({ [s.field]: s.error }); focusLater(s.field); } else setFormError(s.error);
    }
  }

  function newPerson() {
    setDups(null);
    focusLater('in-submit');
  }

  function link(p: PersonMatch) {
    setLinked(p.person);
    setDups(null);
    focusLater('in-submit');
  }

  const typeHead = (
    <div class="chosen-type" data-testid="intake-type">
      <span>{t('intake.type.chosen')} <strong>{typeName(t, type)}</strong></span>
      <a class="btn btn-small" href="#/cases/new" data-testid="intake-change-type">{t('intake.type.change')}</a>
    </div>
  );

  return (
    <form class="intake-form" onSubmit={submit} noValidate data-testid="intake-form"
      onInput={(e) => clearFieldError(e, setErrors)} onChange={(e) => clearFieldError(e, setErrors)}>
      {typeHead}
      {lawRestricted && <p class="alert alert-info" data-testid="in-restricted-law">{t('intake.restricted.law')}</p>}
      {codesError ? <ErrorBox error={codesError} onRetry={retry} /> : null}
      {formError ? <ErrorBox error={formError} /> : null}

      <section class="panel" aria-labelledby="in-person-h">
        <h2 id="in-person-h">{t('intake.person')}</h2>
        {linked
          ? <div class="linked-person" data-testid="linked-person">
              <div>
                <strong>{linked.full_name}</strong>
                <span class="muted"> · {personLine(linked, t, codes, lang)}</span>
                <p class="hint">{t('intake.linked.hint')}</p>
              </div>
              <button type="button" class="btn btn-small" onClick={() => { setLinked(null); setCheckedFor(''); }}
                data-testid="unlink-person">{t('intake.unlink')}</button>
            </div>
          : <PersonFields value={person} onChange={(p) => { setPerson(p); setDups(null); }} codes={codes}
              errors={errors} prefix="in-person-" tree={tree} />}
        {dups && dups.length > 0 && (
          <div class="dup-panel" id="dup-panel" tabIndex={-1} role="region" aria-labelledby="dup-h" data-testid="dup-panel">
            <h3 id="dup-h">{t('intake.dups.heading', { n: dups.length })}</h3>
            <p>{t('intake.dups.intro')}</p>
            <ul class="dup-list">
              {dups.map((d) => (
                <li key={d.person.id} data-testid={`dup-${d.person.id}`}>
                  <div class="dup-who">
                    <strong>{d.person.full_name}</strong>
                    {d.match === 'national_id' && <span class="tag tag-soon">{t('intake.dups.byId')}</span>}
                    <span class="muted">{personLine(d.person, t, codes, lang)}</span>
                    {d.cases.length > 0 && (
                      <span class="dup-cases">
                        {t('intake.dups.cases')} {d.cases.map((c) => `${c.case_no} (${typeName(t, c.type)}, ${stageName(t, c.stage)})`).join('; ')}
                      </span>
                    )}
                  </div>
                  <button type="button" class="btn btn-small btn-primary" onClick={() => link(d)} data-testid={`dup-link-${d.person.id}`}>
                    {t('intake.dups.link')}
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" class="btn" onClick={newPerson} data-testid="dup-new">{t('intake.dups.new')}</button>
          </div>
        )}
      </section>

      <section class="panel" aria-labelledby="in-facts-h">
        <h2 id="in-facts-h">{t('intake.facts', { type: typeName(t, type) })}</h2>
        <FactFields type={type} value={facts} onChange={setFacts} codes={codes} errors={errors} prefix="in-details-" />
      </section>

      <section class="panel" aria-labelledby="in-case-h">
        <h2 id="in-case-h">{t('intake.case')}</h2>
        <Field id="in-unit_code" label={t('intake.unit')} error={errors['in-unit_code']} required>
          <UnitField id="in-unit_code" value={unit} tree={tree}
            onChange={(u) => { setUnit(u); setErrors(({ 'in-unit_code': _, ...rest }) => rest); }}
            emptyText={t('intake.unit.none')} hint={t('intake.unit.hint')}
            invalid={!!errors['in-unit_code']} describedBy={errors['in-unit_code'] ? 'in-unit_code-error' : undefined} />
        </Field>
        <div class="form-grid">
          <div class="field">
            <span class="label" id="in-urgency-label">{t('case.urgency')}</span>
            <UrgencyChoice id="in-urgency" value={urgency} onChange={setUrgency} labelledBy="in-urgency-label" />
          </div>
          <Field id="in-received_at" label={t('intake.received_at')} error={errors['in-received_at']} hint={t('form.vnTime')}>
            <input id="in-received_at" type="datetime-local" value={received} data-testid="in-received_at"
              aria-invalid={errors['in-received_at'] ? true : undefined}
              aria-describedby={describedBy('in-received_at', errors['in-received_at'], true)}
              onInput={(e) => setReceived(e.currentTarget.value)} />
          </Field>
        </div>
        <Field id="in-summary" label={t('intake.summary')} error={errors['in-summary']} hint={t('intake.summary.hint')}>
          <textarea id="in-summary" rows={3} maxLength={4000} value={summary} data-testid="in-summary"
            aria-invalid={errors['in-summary'] ? true : undefined}
            aria-describedby={describedBy('in-summary', errors['in-summary'], true)}
            onInput={(e) => setSummary(e.currentTarget.value)} />
        </Field>
        <div class="checks checks-list">
        {!lawRestricted && (
            <label class="check" for="in-restricted">
              <input id="in-restricted" type="checkbox" checked={restricted} data-testid="in-restricted"
                onChange={(e) => setRestricted(e.currentTarget.checked)} />
              <span>{t('intake.restricted')}</span>
            </label>
        )}
        {(user.role === 'commune' || user.role === 'facility' || user.role === 'district' || user.role === 'province') && (
          <label class="check" for="in-assign">
            <input id="in-assign" type="checkbox" checked={assignMe} data-testid="in-assign"
              onChange={(e) => setAssignMe(e.currentTarget.checked)} />
            <span>{t('intake.assignMe')}</span>
          </label>
        )}
        </div>
      </section>

      <div class="form-actions">
        <button type="submit" id="in-submit" class="btn btn-primary" disabled={busy} data-testid="in-submit">
          {busy ? t('form.saving') : linked || checkedFor === dupKey ? t('intake.save') : t('intake.checkAndSave')}
        </button>
        <a class="btn" href="#/cases">{t('form.cancel')}</a>
      </div>
    </form>
  );

  function personLine(p: PersonMatch['person'], tt: typeof t, cs: typeof codes, l: typeof lang): string {
    const bits = [
      p.sex ? codeLabel(cs, l, 'sex', p.sex) : '',
      p.birth_date ? tt('person.born', { when: shortDate(p.birth_date) }) : p.birth_year ? tt('person.born', { when: String(p.birth_year) }) : '',
      p.national_id ? tt('person.nid', { id: p.national_id }) : '',
      p.address_unit ?? '',
    ];
    return bits.filter(Boolean).join(' · ');
  }
}
