// Pieces the case pages share (Cases, Case, Intake, Hotline, Inbox): code
// lists from GET /api/v1/codes with their labels, badges for stage, type,
// urgency and deadlines, the stage bar, form fields with their errors, and
// Vietnam-time helpers for date inputs.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  ApiError, STAGES, getCodes, getUnit, type Case, type CodeItem, type Codes,
} from '../api';
import { hasKey, useI18n, type Lang, type T } from '../i18n';
import { fieldMessage, TIME_ZONE, unitType } from '../util';

// ---- code lists ----

let codesCache: Codes | null = null;

// The code lists; undefined until they arrive (the server sends them once).
export function useCodes(): { codes: Codes | undefined; error: unknown; retry: () => void } {
  const [codes, setCodes] = useState<Codes | undefined>(codesCache ?? undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (codes) return;
    let live = true;
    getCodes().then((c) => { codesCache = c; if (live) setCodes(c); }, (e) => { if (live) setError(e); });
    return () => { live = false; };
  }, [tick]);
  return { codes, error, retry: () => { setError(null); setTick((x) => x + 1); } };
}

export function codeList(codes: Codes | undefined, list: string): CodeItem[] {
  return codes?.lists[list] ?? [];
}

// The label of a code in the current language; the code itself when unknown.
export function codeLabel(codes: Codes | undefined, lang: Lang, list: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  const item = codes?.lists[list]?.find((i) => i.code === code);
  if (!item) return code;
  return lang === 'en' ? item.en : item.vi;
}

// Labels from the catalogue for the fixed enums (types, stages, urgency),
// so they show before the code lists arrive.
export function typeName(t: T, type: string): string {
  const k = `case.type.${type}`;
  return hasKey(k) ? t(k) : type;
}
export function stageName(t: T, stage: string): string {
  const k = `case.stage.${stage}`;
  return hasKey(k) ? t(k) : stage;
}
export function urgencyName(t: T, u: string): string {
  const k = `case.urgency.${u}`;
  return hasKey(k) ? t(k) : u;
}

// A worker named by id (the API gives ids only): "you" or "worker #3".
export function workerName(t: T, id: number | null | undefined, me: { id: number | string },
  name?: string | null): string {
  if (id === null || id === undefined) return '';
  if (Number(me.id) === id) return t('case.you');
  return name || t('case.worker', { id });
}

// A unit's name from its code, asked once per code and tree per page load.
// Shown with its type ("Thị trấn Đắk Tô", "Huyện Đắk Tô"): names repeat
// across levels.
const unitNames = new Map<string, Promise<{ name: string; type: string }>>();
export function UnitName({ code, tree }: { code: string; tree?: string | null }) {
  const { t } = useI18n();
  const key = `${tree ?? ''}/${code}`;
  const [unit, setUnit] = useState<{ name: string; type: string } | null>(null);
  useEffect(() => {
    let live = true;
    let p = unitNames.get(key);
    if (!p) {
      p = getUnit(code, (tree ?? null) as '2024' | '2025' | null).then((u) => ({ name: u.name, type: u.type }));
      p.catch(() => unitNames.delete(key));
      unitNames.set(key, p);
    }
    p.then((u) => { if (live) setUnit(u); }, () => {});
    return () => { live = false; };
  }, [key]);
  return unit
    ? <span title={code}>{unitType(t, unit.type)} {unit.name}</span>
    : <span class="code">{code}</span>;
}

// ---- time ----

const VN_OFFSET_MS = 7 * 3600 * 1000;
let dateFmt: Intl.DateTimeFormat | null = null;

function vnParts(iso: string): Record<string, string> | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  dateFmt ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const { type, value } of dateFmt.formatToParts(d)) p[type] = value;
  return p;
}

// dd/mm/yyyy hh:mm in Vietnam time.
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = vnParts(iso);
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : iso;
}

// A deadline: deadlines counted in days end at midnight, which reads better
// as "by the end of 02/12/2026" than as "03/12/2026 00:00".
export function dueText(t: T, iso: string | null | undefined): string {
  if (!iso) return '';
  const p = vnParts(iso);
  if (!p) return iso;
  if (p.hour === '00' && p.minute === '00') {
    const prev = new Date(new Date(iso).getTime() - 60 * 1000).toISOString();
    return t('case.dueEndOf', { day: shortDate(prev) });
  }
  return shortTime(iso);
}

// The calendar day a deadline falls on (the day it ends, for midnight).
export function dueDay(iso: string | null | undefined): string {
  if (!iso) return '';
  return shortDate(new Date(new Date(iso).getTime() - 60 * 1000).toISOString());
}

// dd/mm/yyyy of an instant (Vietnam) or of a YYYY-MM-DD day.
export function shortDate(s: string | null | undefined): string {
  if (!s) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const p = vnParts(s);
  return p ? `${p.day}/${p.month}/${p.year}` : s;
}

// Now in Vietnam as a datetime-local value (YYYY-MM-DDTHH:MM).
export function vnNowLocal(): string {
  return new Date(Date.now() + VN_OFFSET_MS).toISOString().slice(0, 16);
}

// Today in Vietnam as YYYY-MM-DD.
export function vnToday(): string {
  return new Date(Date.now() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

// A datetime-local value read as Vietnam time, as the server's UTC instant.
export function vnLocalToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) - VN_OFFSET_MS;
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// "3 ngày", "5 giờ", "20 phút": how long, in the largest whole unit.
export function spanText(t: T, seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s >= 86400) return t('span.days', { n: Math.floor(s / 86400) });
  if (s >= 3600) return t('span.hours', { n: Math.floor(s / 3600) });
  return t('span.minutes', { n: Math.max(1, Math.floor(s / 60)) });
}

// ---- badges ----

export function OverdueBadge({ c }: { c: Pick<Case, 'overdue' | 'overdue_seconds' | 'due_at' | 'stage'> }) {
  const { t } = useI18n();
  if (c.stage === 'closed' || !c.due_at) return null;
  if (c.overdue) {
    const secs = c.overdue_seconds ?? Math.max(0, (Date.now() - new Date(c.due_at).getTime()) / 1000);
    return <span class="tag tag-overdue" data-testid="overdue">{t('case.overdue', { span: spanText(t, secs) })}</span>;
  }
  const left = (new Date(c.due_at).getTime() - Date.now()) / 1000;
  if (left <= 2 * 86400) {
    return <span class="tag tag-soon" data-testid="due-soon">{t('case.dueIn', { span: spanText(t, left) })}</span>;
  }
  return null;
}

export function StageTag({ stage }: { stage: string }) {
  const { t } = useI18n();
  return <span class={`tag stage-tag stage-${stage}`} data-testid="stage">{stageName(t, stage)}</span>;
}

export function UrgencyTag({ urgency, all }: { urgency: string; all?: boolean }) {
  const { t } = useI18n();
  if (urgency === 'normal' && !all) return null;
  return <span class={`tag urgency-${urgency}`} data-testid="urgency">{urgencyName(t, urgency)}</span>;
}

export function RestrictedTag() {
  const { t } = useI18n();
  return (
    <span class="tag tag-restricted" title={t('case.restricted.title')} data-testid="restricted">
      {t('case.restricted')}
    </span>
  );
}

// The six stages with the current one marked; its deadline under it.
export function StageBar({ c }: { c: Case }) {
  const { t } = useI18n();
  const cur = (STAGES as readonly string[]).indexOf(c.stage);
  return (
    <div class="stagebar-wrap">
      <ol class="stagebar" aria-label={t('case.stages')} data-testid="stagebar">
        {STAGES.map((s, i) => (
          <li key={s} class={i < cur ? 'done' : i === cur ? 'current' : undefined}
            aria-current={i === cur ? 'step' : undefined} data-stage={s}>
            <span class="step-no" aria-hidden="true">{i + 1}</span>
            <span class="step-name">{stageName(t, s)}</span>
          </li>
        ))}
      </ol>
      <p class="stage-due" data-testid="stage-due">
        {t('case.stageSince', { when: shortTime(c.stage_since) })}
        {c.stage !== 'closed' && c.due_at && <> · <span class="nowrap">{t('case.dueAt', { when: dueText(t, c.due_at) })}</span></>}
        {c.stage === 'closed' && c.closed_at && <> · {t('case.closedAt', { when: shortTime(c.closed_at) })}</>}
        {' '}<OverdueBadge c={c} />
      </p>
    </div>
  );
}

// ---- forms ----

// A field's error: a catalogue message for the code and field (the field's
// last part, so "person.full_name" and "full_name" share one), else a
// generic one with the server's own words.
export function caseFieldMessage(t: T, e: unknown): string {
  if (e instanceof ApiError && e.field && e.code === 'invalid_field') {
    const last = e.field.split('.').pop()!;
    for (const k of [`error.invalid_field.${e.field}`, `case.error.${last}`]) {
      if (hasKey(k)) return t(k);
    }
    return t('case.error.invalid', { message: e.message });
  }
  return fieldMessage(t, e);
}

export function describedBy(id: string, error: unknown, hint?: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface FieldProps {
  id: string;
  label: string;
  error?: unknown;
  hint?: string;
  required?: boolean;
  class?: string;
  children: ComponentChildren;
}

// A label, the control (using describedBy(id, error, !!hint)), a hint and
// the field's error translated by code.
export function Field({ id, label, error, hint, required, class: cls, children }: FieldProps) {
  const { t } = useI18n();
  return (
    <div class={['field', error ? 'has-error' : '', cls ?? ''].filter(Boolean).join(' ')}>
      <label for={id}>{label}{required && <span class="req" aria-hidden="true"> *</span>}</label>
      {children}
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error ? <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>{caseFieldMessage(t, error)}</p> : null}
    </div>
  );
}

// A group of checkboxes or radios with a legend (for multi-code facts).
export function FieldSet({ id, legend, error, hint, children }: { id: string; legend: string; error?: unknown; hint?: string; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <fieldset class={error ? 'field fieldset has-error' : 'field fieldset'} id={id}
      aria-describedby={describedBy(id, error, !!hint)} data-testid={id}>
      <legend>{legend}</legend>
      {children}
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error ? <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>{caseFieldMessage(t, error)}</p> : null}
    </fieldset>
  );
}

interface CodeSelectProps {
  id: string;
  list: string;
  value: string;
  onChange: (v: string) => void;
  codes: Codes | undefined;
  error?: unknown;
  hint?: boolean;
  empty?: string;        // the label of the "nothing chosen" option; none when absent
  only?: string[];       // offer only these codes
  withCode?: boolean;    // show the code before the label (hotline numbers)
}

export function CodeSelect({ id, list, value, onChange, codes, error, hint, empty, only, withCode }: CodeSelectProps) {
  const { lang } = useI18n();
  let items = codeList(codes, list);
  if (only) items = items.filter((i) => only.includes(i.code));
  return (
    <select id={id} value={value} aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, error, hint)} data-testid={id}
      onChange={(e) => onChange(e.currentTarget.value)}>
      {empty !== undefined && <option value="">{empty}</option>}
      {items.map((i) => (
        <option key={i.code} value={i.code}>
          {withCode && /^\d+$/.test(i.code) ? `${i.code} — ` : ''}{lang === 'en' ? i.en : i.vi}
        </option>
      ))}
      {value && !items.some((i) => i.code === value) && <option value={value}>{value}</option>}
    </select>
  );
}

// Splits an API error into a field of the form and the rest: the field's
// id is one of prefixes + the API's field name with dots as dashes
// ("person.full_name" → "in-person-full_name"), the first that exists.
export function splitError(e: unknown, prefixes: string[]): { field: string | null; error: unknown } {
  if (e instanceof ApiError && e.field && (e.status === 422 || e.status === 400)) {
    const name = e.field.replace(/[.[\]]+/g, '-').replace(/-$/, '');
    for (const p of prefixes) {
      if (document.getElementById(p + name)) return { field: p + name, error: e };
    }
  }
  return { field: null, error: e };
}

// Drops the error of the field being edited (a form's onInput/onChange):
// the control's id, or its fieldset's.
export function clearFieldError(e: Event, set: (f: (x: Record<string, unknown>) => Record<string, unknown>) => void) {
  const el = e.target as HTMLElement | null;
  const id = el?.id || el?.closest('fieldset')?.id;
  if (!id) return;
  set((x) => {
    if (!(id in x)) return x;
    const rest = { ...x };
    delete rest[id];
    return rest;
  });
}

// Focuses the control of a field id after the next render.
export function focusLater(id: string) {
  window.setTimeout(() => {
    const el = document.getElementById(id);
    if (!el) return;
    const target = el.matches('input, select, textarea, button') ? el : el.querySelector<HTMLElement>('input, select, textarea');
    (target ?? el).focus();
  }, 0);
}

// The user's own unit (for forms that default to it).
export function ownUnit(scope: { kind: string; code?: string; tree?: string; name?: string }) {
  return scope.kind === 'unit' && scope.code
    ? { code: scope.code, tree: scope.tree as '2024' | '2025' | undefined, name: scope.name }
    : null;
}

// Emergency / urgent / normal as three big buttons (radio semantics).
export function UrgencyChoice({ id, value, onChange, labelledBy }: { id: string; value: string; onChange: (v: string) => void; labelledBy: string }) {
  const { t } = useI18n();
  const opts = ['emergency', 'urgent', 'normal'];
  return (
    <div class="urgency-choice" role="radiogroup" aria-labelledby={labelledBy} id={id} data-testid={id}>
      {opts.map((u) => (
        <label key={u} class={`urgency-opt urgency-opt-${u}${value === u ? ' checked' : ''}`}>
          <input type="radio" name={id} value={u} checked={value === u} data-testid={`${id}-${u}`}
            onChange={() => onChange(u)} />
          <span>{urgencyName(t, u)}</span>
        </label>
      ))}
    </div>
  );
}
