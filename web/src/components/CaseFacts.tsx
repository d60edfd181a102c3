// The facts each case type records (mirrors casework_facts() of
// src/domain/casework.c and its cross-field rules): a form that asks only
// what the chosen type needs, and a read-only list of them.
import type { Codes, Facts } from '../api';
import { hasKey, useI18n, type T } from '../i18n';
import { CodeSelect, Field, FieldSet, codeLabel, codeList, describedBy, shortDate } from './CaseKit';

export type FactKind = 'code' | 'codes' | 'date' | 'bool' | 'int' | 'text';
export interface FactSpec { name: string; kind: FactKind; codes?: string; required?: boolean }

export const FACTS: Record<string, FactSpec[]> = {
  social_assistance: [
    { name: 'sa_category', kind: 'code', codes: 'sa_category', required: true },
    { name: 'care_setting', kind: 'code', codes: 'care_setting' },
    { name: 'monthly_allowance_vnd', kind: 'int' },
    { name: 'allowance_from', kind: 'date' },
    { name: 'vocational_training', kind: 'bool' },
    { name: 'job_linkage', kind: 'bool' },
  ],
  child_protection: [
    { name: 'child_status', kind: 'code', codes: 'child_status', required: true },
    { name: 'csc_groups', kind: 'codes', codes: 'csc_group' },
    { name: 'abuse_types', kind: 'codes', codes: 'abuse_type' },
    { name: 'protection_level', kind: 'code', codes: 'protection_level' },
    { name: 'alt_care_form', kind: 'code', codes: 'alt_care_form' },
  ],
  gbv: [
    { name: 'gbv_role', kind: 'code', codes: 'gbv_role', required: true },
    { name: 'incident_date', kind: 'date' },
    { name: 'dv_measures', kind: 'codes', codes: 'dv_measure' },
    { name: 'safe_house_stay', kind: 'bool' },
    { name: 'perpetrator_counselled', kind: 'bool' },
  ],
  drug_rehab: [
    { name: 'rehab_form', kind: 'code', codes: 'rehab_form', required: true },
    { name: 'court_decision_date', kind: 'date' },
    { name: 'executed_date', kind: 'date' },
    { name: 'term_months', kind: 'int' },
    { name: 'rehab_phase', kind: 'code', codes: 'rehab_phase' },
    { name: 'vocational_training', kind: 'bool' },
  ],
  sex_work_support: [
    { name: 'harm_reduction', kind: 'bool' },
    { name: 'vocational_training', kind: 'bool' },
    { name: 'health_check', kind: 'bool' },
    { name: 'community_model', kind: 'text' },
  ],
  trafficking_victim: [
    { name: 'tip_person_status', kind: 'code', codes: 'tip_person_status', required: true },
    { name: 'received_date', kind: 'date' },
    { name: 'verified_date', kind: 'date' },
    { name: 'support_items', kind: 'codes', codes: 'tip_support' },
    { name: 'safety_requested', kind: 'bool' },
    { name: 'safety_provided', kind: 'bool' },
    { name: 'reintegrated', kind: 'bool' },
    { name: 'returned_from', kind: 'text' },
  ],
};

// Terms the law sets per rehabilitation form, in months (RULES.md §6.1).
const REHAB_TERMS: Record<string, [number, number, boolean]> = {
  rehab_voluntary_community: [6, 12, false],
  rehab_voluntary_facility: [6, 12, false],
  rehab_compulsory_adult: [12, 24, true],
  rehab_compulsory_minor: [6, 12, true],
};

// Trafficking support items each status is entitled to (Law 66/2011 Art 32
// until 2025-06-30, Law 53/2024 Art 37 from 2025-07-01; casework.c).
const TIP_2011_A_C = ['tip_essential_needs', 'tip_travel', 'tip_medical', 'tip_psychological'];
const TIP_2011_A_D = [...TIP_2011_A_C, 'tip_legal_aid'];
const TIP_2011_ALL = [...TIP_2011_A_D, 'tip_education', 'tip_vocational', 'tip_initial_hardship', 'tip_loan'];
const TIP_2024_A_G = ['tip_essential_needs', 'tip_medical', 'tip_interpretation', 'tip_legal_information',
  'tip_legal_aid', 'tip_travel', 'tip_psychological'];
const TIP_ENTITLED: Record<string, [string[], string[] | null]> = {
  tip_victim: [[...TIP_2024_A_G, 'tip_education', 'tip_vocational', 'tip_initial_hardship', 'tip_loan'], TIP_2011_ALL],
  tip_in_identification: [TIP_2024_A_G, null],
  tip_accompanying_minor: [[...TIP_2024_A_G, 'tip_education'], TIP_2011_A_C],
  tip_foreign_victim: [['tip_essential_needs', 'tip_medical', 'tip_interpretation', 'tip_legal_information',
    'tip_legal_aid', 'tip_psychological'], TIP_2011_A_D],
};

export function tipItemsAllowed(status: string, received: string | undefined): string[] | null {
  const e = TIP_ENTITLED[status];
  if (!e) return null;
  const newLaw = !received || received >= '2025-07-01';
  return (newLaw ? e[0] : e[1]) ?? [];
}

function factLabel(t: T, name: string): string {
  const k = `fact.${name}`;
  return hasKey(k) ? t(k) : name;
}

// Whether a fact is asked given the others (cross-field rules of casework.c).
function factShown(type: string, name: string, v: Facts): boolean {
  if (type === 'child_protection') {
    if (name === 'csc_groups') return v.child_status === 'special_circumstances' || v.child_status === 'abused';
    if (name === 'abuse_types') return v.child_status === 'abused';
  }
  if (type === 'drug_rehab') {
    const form = String(v.rehab_form ?? '');
    if (name === 'court_decision_date' || name === 'executed_date') return !!REHAB_TERMS[form]?.[2];
    if (name === 'term_months') return !!REHAB_TERMS[form];
  }
  if (type === 'trafficking_victim' && name === 'support_items') return !!v.tip_person_status;
  return true;
}

// The facts to send: only those of the type, shown, with a value.
export function factsToSend(type: string, v: Facts): Facts {
  const out: Facts = {};
  for (const f of FACTS[type] ?? []) {
    if (!factShown(type, f.name, v)) continue;
    const x = v[f.name];
    if (x === undefined || x === null || x === '') continue;
    if (Array.isArray(x) && x.length === 0) continue;
    if (f.kind === 'int') {
      const n = Number(x);
      out[f.name] = Number.isFinite(n) ? n : x;
    } else {
      out[f.name] = x;
    }
  }
  return out;
}

// Required facts left empty, as field-id → 'required'.
export function missingFacts(type: string, v: Facts, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FACTS[type] ?? []) {
    const x = v[f.name];
    if (f.required && (x === undefined || x === null || x === '')) out[`${prefix}${f.name}`] = 'required';
  }
  if (type === 'child_protection' && v.child_status === 'special_circumstances'
    && !(Array.isArray(v.csc_groups) && v.csc_groups.length)) out[`${prefix}csc_groups`] = 'csc_groups_required';
  if (type === 'child_protection' && v.child_status === 'abused'
    && !(Array.isArray(v.abuse_types) && v.abuse_types.length)) out[`${prefix}abuse_types`] = 'abuse_types_required';
  if (type === 'drug_rehab' && REHAB_TERMS[String(v.rehab_form ?? '')]?.[2] && !v.court_decision_date) {
    out[`${prefix}court_decision_date`] = 'required';
  }
  return out;
}

interface FormProps {
  type: string;
  value: Facts;
  onChange: (v: Facts) => void;
  codes: Codes | undefined;
  errors: Record<string, unknown>;   // by field id
  prefix: string;                    // field ids are prefix + fact name
}

export function FactFields({ type, value, onChange, codes, errors, prefix }: FormProps) {
  const { t, lang } = useI18n();
  const set = (name: string, x: unknown) => onChange({ ...value, [name]: x });
  const specs = (FACTS[type] ?? []).filter((f) => factShown(type, f.name, value));
  const simple = specs.filter((f) => f.kind !== 'codes' && f.kind !== 'bool');
  const bools = specs.filter((f) => f.kind === 'bool');
  const multi = specs.filter((f) => f.kind === 'codes');

  function hintOf(f: FactSpec): string | undefined {
    if (f.name === 'term_months') {
      const r = REHAB_TERMS[String(value.rehab_form ?? '')];
      if (r) return t('fact.term_months.hint', { min: r[0], max: r[1] });
    }
    if (f.name === 'monthly_allowance_vnd') return t('fact.vnd.hint');
    const k = `fact.${f.name}.hint`;
    return hasKey(k) ? t(k) : undefined;
  }

  return (
    <div class="facts-form" data-testid="facts-form">
      <div class="form-grid">
        {simple.map((f) => {
          const id = `${prefix}${f.name}`;
          const err = errors[id];
          const hint = hintOf(f);
          const v = value[f.name];
          return (
            <Field key={f.name} id={id} label={factLabel(t, f.name)} error={err} hint={hint} required={f.required}>
              {f.kind === 'code'
                ? <CodeSelect id={id} list={f.codes!} codes={codes} value={String(v ?? '')} error={err} hint={!!hint}
                    empty={t('form.choose')} onChange={(x) => set(f.name, x)} />
                : <input id={id} data-testid={id}
                    type={f.kind === 'date' ? 'date' : 'text'}
                    inputMode={f.kind === 'int' ? 'numeric' : undefined}
                    pattern={f.kind === 'int' ? '[0-9]*' : undefined}
                    maxLength={f.kind === 'text' ? 500 : undefined}
                    value={v === undefined || v === null ? '' : String(v)}
                    aria-invalid={err ? true : undefined} aria-describedby={describedBy(id, err, !!hint)}
                    onInput={(e) => {
                      const x = e.currentTarget.value;
                      set(f.name, f.kind === 'int' ? x.replace(/[^0-9]/g, '') : x);
                    }} />}
            </Field>
          );
        })}
      </div>
      {bools.length > 0 && (
        <div class="checks" role="group" aria-label={t('intake.facts.yesno')}>
          {bools.map((f) => {
            const id = `${prefix}${f.name}`;
            return (
              <label key={f.name} class="check" for={id}>
                <input id={id} type="checkbox" data-testid={id} checked={value[f.name] === true}
                  onChange={(e) => set(f.name, e.currentTarget.checked)} />
                <span>{factLabel(t, f.name)}</span>
              </label>
            );
          })}
        </div>
      )}
      {multi.map((f) => {
        const id = `${prefix}${f.name}`;
        const chosen = Array.isArray(value[f.name]) ? (value[f.name] as string[]) : [];
        let items = codeList(codes, f.codes!);
        const allowed = f.name === 'support_items'
          ? tipItemsAllowed(String(value.tip_person_status ?? ''), value.received_date as string | undefined)
          : null;
        if (allowed) items = items.filter((i) => allowed.includes(i.code) || chosen.includes(i.code));
        const hint = f.name === 'support_items' ? t('fact.support_items.hint') : undefined;
        return (
          <FieldSet key={f.name} id={id} legend={factLabel(t, f.name)} error={errors[id]} hint={hint}>
            <div class="checks checks-list">
              {items.map((i) => (
                <label key={i.code} class="check">
                  <input type="checkbox" value={i.code} checked={chosen.includes(i.code)} data-testid={`${id}-${i.code}`}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      set(f.name, on ? [...chosen, i.code] : chosen.filter((c) => c !== i.code));
                    }} />
                  <span>{lang === 'en' ? i.en : i.vi}</span>
                </label>
              ))}
            </div>
          </FieldSet>
        );
      })}
    </div>
  );
}

function valueText(t: T, lang: 'vi' | 'en', codes: Codes | undefined, f: FactSpec | undefined, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('form.yes') : t('form.no');
  if (f?.kind === 'code' && f.codes) return codeLabel(codes, lang, f.codes, String(v));
  if (Array.isArray(v)) return v.map((x) => (f?.codes ? codeLabel(codes, lang, f.codes, String(x)) : String(x))).join('; ');
  if (f?.kind === 'date') return shortDate(String(v));
  if (f?.name === 'monthly_allowance_vnd' && typeof v === 'number') return `${v.toLocaleString('vi-VN')} ₫`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// A fact's value as text (for the timeline's field changes too).
export function factText(t: T, lang: 'vi' | 'en', codes: Codes | undefined, type: string, name: string, v: unknown): string {
  return valueText(t, lang, codes, (FACTS[type] ?? []).find((f) => f.name === name), v);
}

export function factName(t: T, name: string): string { return factLabel(t, name); }

export function FactsView({ type, facts, codes }: { type: string; facts: Facts | undefined; codes: Codes | undefined }) {
  const { t, lang } = useI18n();
  const specs = FACTS[type] ?? [];
  const names = [...specs.map((s) => s.name), ...Object.keys(facts ?? {}).filter((k) => !specs.some((s) => s.name === k))];
  const shown = names.filter((n) => facts && facts[n] !== undefined && facts[n] !== null && facts[n] !== '');
  if (!shown.length) return <p class="muted">{t('case.facts.none')}</p>;
  return (
    <dl class="kv" data-testid="facts-view">
      {shown.map((n) => (
        <div key={n} class="kv-row">
          <dt>{factLabel(t, n)}</dt>
          <dd data-testid={`fact-${n}`}>{valueText(t, lang, codes, specs.find((s) => s.name === n), facts![n])}</dd>
        </div>
      ))}
    </dl>
  );
}
