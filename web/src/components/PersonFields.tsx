// The person of a new case: name, sex, birth date or only the year,
// ethnicity, national id, address (a commune) and contacts.  minimal: the
// hotline's few fields (name, sex, birth year).
import type { Codes, Tree } from '../api';
import { useI18n } from '../i18n';
import type { PickedUnit } from './UnitPicker';
import { UnitField } from './UnitField';
import { CodeSelect, Field, describedBy } from './CaseKit';

export interface PersonDraft {
  full_name: string;
  sex: string;
  birth_mode: 'date' | 'year';
  birth_date: string;
  birth_year: string;
  ethnicity: string;
  national_id: string;
  address: PickedUnit | null;
  contacts: string;
}

export const emptyPerson = (): PersonDraft => ({
  full_name: '', sex: '', birth_mode: 'year', birth_date: '', birth_year: '',
  ethnicity: '', national_id: '', address: null, contacts: '',
});

// The person as the API takes it; empty fields left out.
export function personBody(p: PersonDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { full_name: p.full_name.trim(), sex: p.sex };
  if (p.birth_mode === 'date' && p.birth_date) out.birth_date = p.birth_date;
  if (p.birth_mode === 'year' && p.birth_year.trim()) out.birth_year = Number(p.birth_year.trim());
  if (p.ethnicity) out.ethnicity = p.ethnicity;
  if (p.national_id.trim()) out.national_id = p.national_id.trim();
  if (p.address) {
    out.address_unit = p.address.code;
    if (p.address.tree) out.address_tree = p.address.tree;
  }
  if (p.contacts.trim()) out.contacts = p.contacts.trim();
  return out;
}

// Client-side checks, as field id → error code.
export function personMissing(p: PersonDraft, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!p.full_name.trim()) out[`${prefix}full_name`] = 'required';
  if (!p.sex) out[`${prefix}sex`] = 'required';
  const y = p.birth_year.trim();
  if (p.birth_mode === 'year' && y) {
    const n = Number(y);
    if (!/^\d{4}$/.test(y) || n < 1900 || n > new Date().getFullYear()) out[`${prefix}birth_year`] = 'birth_year';
  }
  const id = p.national_id.trim();
  if (id && !/^\d{9}$|^\d{12}$/.test(id)) out[`${prefix}national_id`] = 'national_id';
  return out;
}

interface Props {
  value: PersonDraft;
  onChange: (p: PersonDraft) => void;
  codes: Codes | undefined;
  errors: Record<string, unknown>;
  prefix: string;          // field ids: prefix + API field name
  minimal?: boolean;
  tree?: Tree | null;      // the tree to pick the address in
}

export function PersonFields({ value: p, onChange, codes, errors, prefix, minimal, tree }: Props) {
  const { t } = useI18n();
  const set = <K extends keyof PersonDraft>(k: K, v: PersonDraft[K]) => onChange({ ...p, [k]: v });
  const id = (f: string) => `${prefix}${f}`;
  const err = (f: string) => errors[id(f)];
  return (
    <div class="person-fields">
      <div class="form-grid">
        <Field id={id('full_name')} label={t('person.full_name')} error={err('full_name')} required>
          <input id={id('full_name')} data-testid={id('full_name')} autoComplete="off" value={p.full_name}
            aria-invalid={err('full_name') ? true : undefined} aria-describedby={describedBy(id('full_name'), err('full_name'))}
            onInput={(e) => set('full_name', e.currentTarget.value)} />
        </Field>
        <Field id={id('sex')} label={t('person.sex')} error={err('sex')} required>
          <CodeSelect id={id('sex')} list="sex" codes={codes} value={p.sex} error={err('sex')}
            empty={t('form.choose')} onChange={(v) => set('sex', v)} />
        </Field>
        {minimal
          ? <Field id={id('birth_year')} label={t('person.birth_year')} error={err('birth_year')}>
              <input id={id('birth_year')} data-testid={id('birth_year')} inputMode="numeric" maxLength={4}
                value={p.birth_year} placeholder={t('person.birth_year.placeholder')}
                aria-invalid={err('birth_year') ? true : undefined} aria-describedby={describedBy(id('birth_year'), err('birth_year'))}
                onInput={(e) => set('birth_year', e.currentTarget.value.replace(/\D/g, ''))} />
            </Field>
          : <div class="field">
              <div class="birth-head">
                <span class="label" id={id('birth-label')}>{t('person.birth')}</span>
                <span class="segmented segmented-small" role="group" aria-labelledby={id('birth-label')}>
                  {(['date', 'year'] as const).map((m) => (
                    <button key={m} type="button" class={p.birth_mode === m ? 'seg active' : 'seg'} aria-pressed={p.birth_mode === m}
                      data-testid={id(`birth-mode-${m}`)} onClick={() => set('birth_mode', m)}>
                      {t(m === 'date' ? 'person.birth.date' : 'person.birth.year')}
                    </button>
                  ))}
                </span>
              </div>
              {p.birth_mode === 'date'
                ? <Field id={id('birth_date')} label={t('person.birth_date')} error={err('birth_date')} class="field-inner">
                    <input id={id('birth_date')} data-testid={id('birth_date')} type="date" value={p.birth_date}
                      aria-invalid={err('birth_date') ? true : undefined} aria-describedby={describedBy(id('birth_date'), err('birth_date'))}
                      onInput={(e) => set('birth_date', e.currentTarget.value)} />
                  </Field>
                : <Field id={id('birth_year')} label={t('person.birth_year')} error={err('birth_year')} class="field-inner">
                    <input id={id('birth_year')} data-testid={id('birth_year')} inputMode="numeric" maxLength={4}
                      value={p.birth_year} placeholder={t('person.birth_year.placeholder')}
                      aria-invalid={err('birth_year') ? true : undefined} aria-describedby={describedBy(id('birth_year'), err('birth_year'))}
                      onInput={(e) => set('birth_year', e.currentTarget.value.replace(/\D/g, ''))} />
                  </Field>}
            </div>}
        {!minimal && <>
          <Field id={id('ethnicity')} label={t('person.ethnicity')} error={err('ethnicity')}>
            <CodeSelect id={id('ethnicity')} list="ethnicity" codes={codes} value={p.ethnicity} error={err('ethnicity')}
              empty={t('form.unknown')} onChange={(v) => set('ethnicity', v)} />
          </Field>
          <Field id={id('national_id')} label={t('person.national_id')} error={err('national_id')} hint={t('person.national_id.hint')}>
            <input id={id('national_id')} data-testid={id('national_id')} inputMode="numeric" maxLength={12} autoComplete="off"
              value={p.national_id} aria-invalid={err('national_id') ? true : undefined}
              aria-describedby={describedBy(id('national_id'), err('national_id'), true)}
              onInput={(e) => set('national_id', e.currentTarget.value.replace(/\D/g, ''))} />
          </Field>
          <Field id={id('contacts')} label={t('person.contacts')} error={err('contacts')} hint={t('person.contacts.hint')}>
            <input id={id('contacts')} data-testid={id('contacts')} autoComplete="off" maxLength={200}
              value={p.contacts} aria-invalid={err('contacts') ? true : undefined}
              aria-describedby={describedBy(id('contacts'), err('contacts'), true)}
              onInput={(e) => set('contacts', e.currentTarget.value)} />
          </Field>
        </>}
      </div>
      {!minimal && (
        <Field id={id('address_unit')} label={t('person.address')} error={err('address_unit')}>
          <UnitField id={id('address_unit')} value={p.address} onChange={(u) => set('address', u)} tree={tree} communes
            emptyText={t('person.address.none')} hint={t('person.address.hint')}
            invalid={!!err('address_unit')} describedBy={err('address_unit') ? `${id('address_unit')}-error` : undefined} />
        </Field>
      )}
    </div>
  );
}
