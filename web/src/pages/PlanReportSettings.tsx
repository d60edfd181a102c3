// The "Báo cáo" tab of a plan (#/plans/ID/reports, docs/reports.md
// §Settings, §Data windows, §Due dates): the rules the plan's periodic
// reports follow — the window of their data (Decree 09 or the calendar),
// the due date of each report (day, month, the same or the next year),
// whether the due day itself is on time, how many days before it the inbox
// reminds.  A line says whether these are the defaults or the plan's own.
// With a due date on or before the last day of its window (calendar
// windows with the default dates), a hint suggests later dates: the
// server accepts it ("caution, not refused").  The server checks the dates
// (29 February, a day the month lacks); its 422 is shown at the report it
// names.  Province and district users (who write plans) edit; everyone
// else reads the same settings as text.  Loaded with import() by Plan.tsx.
import { useState } from 'preact/hooks';
import {
  ApiError, getReportSettings, putReportSettings, type Plan, type ReportDueRule, type ReportSettings, type User,
} from '../api';
import { useI18n, type Lang, type T } from '../i18n';
import { errorMessage, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Field, describedBy, focusLater } from '../components/CaseKit';
import { indCan } from '../components/IndKit';
import '../reports.css';

const DUE_KEYS = ['s1', 's2', 'annual'] as const;
type DueKey = typeof DUE_KEYS[number];
type Rule = 'decree_09' | 'calendar';
const RULES: Rule[] = ['decree_09', 'calendar'];
const REMINDER_MAX = 60;

// The last day of each report's window (docs/reports.md §Data windows),
// and a due date after it to suggest when a due date is not.
const WINDOW_END: Record<Rule, Record<DueKey, { month: number; day: number }>> = {
  decree_09: { s1: { month: 6, day: 14 }, s2: { month: 12, day: 14 }, annual: { month: 12, day: 14 } },
  calendar: { s1: { month: 6, day: 30 }, s2: { month: 12, day: 31 }, annual: { month: 12, day: 31 } },
};
const SUGGESTED: Record<Rule, Record<DueKey, ReportDueRule>> = {
  decree_09: {
    s1: { month: 6, day: 15, year_offset: 0 }, s2: { month: 12, day: 15, year_offset: 0 },
    annual: { month: 12, day: 15, year_offset: 0 },
  },
  calendar: {
    s1: { month: 7, day: 15, year_offset: 0 }, s2: { month: 1, day: 15, year_offset: 1 },
    annual: { month: 1, day: 15, year_offset: 1 },
  },
};

const ruleOf = (w: string): Rule => (w === 'calendar' ? 'calendar' : 'decree_09');

// The reports whose due date is not after the last day of their window
// (a due date in the next year always is).
function earlyDue(window: string, due: Record<DueKey, ReportDueRule>): DueKey[] {
  const end = WINDOW_END[ruleOf(window)];
  return DUE_KEYS.filter((k) => due[k].year_offset === 0 && due[k].month * 100 + due[k].day <= end[k].month * 100 + end[k].day);
}

function monthName(t: T, lang: Lang, n: number): string {
  const name = lang === 'en'
    ? new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, n - 1, 1)))
    : '';
  return t('rset.monthN', { n, name });
}

function dueText(t: T, lang: Lang, d: ReportDueRule): string {
  const p = { day: d.day, month: d.month, name: monthName(t, lang, d.month) };
  return d.year_offset === 1 ? t('rset.dateNext', p) : t('rset.date', p);
}

// Where a 422 of the PUT belongs and its words (docs/reports.md §Due
// dates; report_settings.c writes "due.s1: …", "reminder_days …"): the
// known rules in the catalogue, anything else as the server says it.
function placed(t: T, e: unknown): { at: DueKey | 'reminder' | null; text: string } {
  if (!(e instanceof ApiError) || e.status !== 422) return { at: null, text: errorMessage(t, e) };
  const m = e.message;
  const due = /^due\.(s1|s2|annual)\b/.exec(m);
  if (due) {
    const at = due[1] as DueKey;
    const report = t(`rset.due.${at}`);
    const day = /day must be a day of month (\d+), from 1 to (\d+)/.exec(m);
    if (/29 February/.test(m)) return { at, text: t('rset.error.feb29', { report }) };
    if (day) return { at, text: t('rset.error.day', { report, month: day[1], days: day[2] }) };
    if (/\.month must be/.test(m)) return { at, text: t('rset.error.month', { report }) };
    return { at, text: m };
  }
  if (/^reminder_days/.test(m)) return { at: 'reminder', text: t('rset.error.reminder') };
  return { at: null, text: m };
}

export function PlanReportSettings({ plan, user }: { plan: Plan; user: User }) {
  const { t } = useI18n();
  const r = useAsync(() => getReportSettings(plan.id), [plan.id]);
  const [saved, setSaved] = useState<ReportSettings | null>(null);
  const s = saved ?? r.data;
  if (r.error) return <ErrorBox error={r.error} onRetry={r.reload} />;
  if (!s) return <Loading />;
  const writer = indCan.plansWrite(user);
  return (
    <section class="panel rset" aria-labelledby="rset-h" data-testid="rset-page">
      <div class="panel-head"><h2 id="rset-h">{t('rset.heading')}</h2></div>
      <p class="muted rset-intro">{t('rset.intro')}</p>
      <p class={s.stored ? 'rset-state rset-state-stored' : 'rset-state'} data-testid="rset-state" data-stored={String(s.stored)}>
        <strong>{s.stored ? t('rset.state.stored') : t('rset.state.default')}</strong>
        {' — '}{s.stored ? t('rset.state.stored.more') : t('rset.state.default.more')}
      </p>
      {writer ? <SettingsForm planId={plan.id} s={s} onSaved={setSaved} />
        : <SettingsView s={s} />}
    </section>
  );
}

// ---- read only ----

function SettingsView({ s }: { s: ReportSettings }) {
  const { t, lang } = useI18n();
  const rule = ruleOf(s.window);
  return (
    <div data-testid="rset-view">
      <dl class="kv rset-kv">
        <div class="kv-row"><dt>{t('rset.window')}</dt>
          <dd data-testid="rset-view-window" data-window={rule}>{t(`rset.window.${rule}`)}
            <span class="muted small rset-more">{t(`rset.window.${rule}.more`)}</span></dd></div>
        {DUE_KEYS.map((k) => (
          <div class="kv-row" key={k}><dt>{t(`rset.view.due.${k}`)}</dt>
            <dd data-testid={`rset-view-due-${k}`}>{dueText(t, lang, s.due[k])}</dd></div>
        ))}
        <div class="kv-row"><dt>{t('rset.view.dueDay')}</dt>
          <dd data-testid="rset-view-due-day">{s.due_day_counts ? t('rset.view.dueDay.yes') : t('rset.view.dueDay.no')}</dd></div>
        <div class="kv-row"><dt>{t('rset.view.reminder')}</dt>
          <dd data-testid="rset-view-reminder">{s.reminder_days === 0 ? t('rset.view.reminder.zero')
            : s.reminder_days === 1 ? t('rset.view.reminder.one') : t('rset.view.reminder.days', { n: s.reminder_days })}</dd></div>
      </dl>
      <p class="hint" data-testid="rset-readonly">{t('rset.readOnly')}</p>
    </div>
  );
}

// ---- the form ----

interface Form { window: Rule; due: Record<DueKey, ReportDueRule>; due_day_counts: boolean; reminder: string }

const formOf = (s: ReportSettings): Form => ({
  window: ruleOf(s.window),
  due: { s1: { ...s.due.s1 }, s2: { ...s.due.s2 }, annual: { ...s.due.annual } },
  due_day_counts: s.due_day_counts,
  reminder: String(s.reminder_days),
});

const DAYS = Array.from({ length: 31 }, (_, i) => i + 1);
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

// s: the settings as loaded; after a save, the form keeps the answer as
// its new starting point and hands it up for the line above.
function SettingsForm({ planId, s, onSaved }: { planId: number; s: ReportSettings; onSaved: (s: ReportSettings) => void }) {
  const { t, lang } = useI18n();
  const [base, setBase] = useState<Form>(() => formOf(s));
  const [v, setV] = useState<Form>(base);
  const [error, setError] = useState<unknown>(null);
  const [reminderBad, setReminderBad] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState(false);
  const dirty = JSON.stringify(v) !== JSON.stringify(base);
  const early = earlyDue(v.window, v.due);
  const end = WINDOW_END[v.window];
  const fault = error ? placed(t, error) : null;
  const reminderText = reminderBad ? t('rset.error.reminder') : fault?.at === 'reminder' ? fault.text : undefined;

  const change = (f: (o: Form) => Form) => { setV(f); setError(null); setNotice(false); };
  const setDue = (k: DueKey, part: keyof ReportDueRule) => (e: Event) => {
    const n = Number((e.currentTarget as HTMLSelectElement).value);
    change((o) => ({ ...o, due: { ...o.due, [k]: { ...o.due[k], [part]: n } } }));
  };
  const suggest = () => change((o) => {
    const due = { ...o.due };
    for (const k of earlyDue(o.window, o.due)) due[k] = { ...SUGGESTED[o.window][k] };
    return { ...o, due };
  });

  async function save(e: Event) {
    e.preventDefault();
    const text = v.reminder.trim();
    const days = Number(text);
    if (!/^\d+$/.test(text) || days > REMINDER_MAX) {
      setReminderBad(true);
      focusLater('rset-reminder');
      return;
    }
    setBusy(true); setError(null); setReminderBad(false);
    try {
      const got = await putReportSettings(planId, { window: v.window, due: v.due, due_day_counts: v.due_day_counts, reminder_days: days });
      const f = formOf(got);
      setBase(f); setV(f); setNotice(true);
      onSaved(got);
    } catch (err) {
      setError(err);
      const at = placed(t, err).at;
      focusLater(at === 'reminder' ? 'rset-reminder' : at ? `rset-due-${at}-day` : 'rset-error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="rset-form" onSubmit={save} noValidate data-testid="rset-form">
      <fieldset class="field fieldset" data-testid="rset-window">
        <legend>{t('rset.window')}</legend>
        <div class="rset-windows">
          {RULES.map((w) => (
            <label key={w} class={v.window === w ? 'radio-card checked' : 'radio-card'}>
              <input type="radio" name="rset-window" value={w} checked={v.window === w} data-testid={`rset-window-${w}`}
                onChange={() => change((o) => ({ ...o, window: w }))} />
              <span>{t(`rset.window.${w}`)}<span class="muted small rset-more">{t(`rset.window.${w}.more`)}</span></span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset class="field fieldset" data-testid="rset-due">
        <legend>{t('rset.due')}</legend>
        {DUE_KEYS.map((k) => {
          const name = t(`rset.due.${k}`);
          const bad = fault?.at === k;
          return (
            <div key={k} class={bad ? 'rset-due-row has-error' : 'rset-due-row'} role="group" aria-labelledby={`rset-due-${k}-name`}
              data-testid={`rset-due-${k}`}>
              <span class="rset-due-name" id={`rset-due-${k}-name`}>{name}</span>
              <span class="rset-due-date">
                <select id={`rset-due-${k}-day`} aria-label={`${t('rset.day')} (${name})`} value={v.due[k].day}
                  aria-invalid={bad || undefined} aria-describedby={bad ? `rset-due-${k}-error` : undefined}
                  onChange={setDue(k, 'day')} data-testid={`rset-due-${k}-day`}>
                  {DAYS.map((d) => <option key={d} value={d}>{d}</option>)}
                </select>
                <select id={`rset-due-${k}-month`} aria-label={`${t('rset.month')} (${name})`} value={v.due[k].month}
                  aria-invalid={bad || undefined} onChange={setDue(k, 'month')} data-testid={`rset-due-${k}-month`}>
                  {MONTHS.map((m) => <option key={m} value={m}>{monthName(t, lang, m)}</option>)}
                </select>
                <select id={`rset-due-${k}-offset`} aria-label={`${t('rset.year')} (${name})`} value={v.due[k].year_offset}
                  onChange={setDue(k, 'year_offset')} data-testid={`rset-due-${k}-offset`}>
                  <option value={0}>{t('rset.offset.0')}</option>
                  <option value={1}>{t('rset.offset.1')}</option>
                </select>
              </span>
              {bad && <p class="field-error" id={`rset-due-${k}-error`} data-testid={`rset-due-${k}-error`}>{fault.text}</p>}
            </div>
          );
        })}
        <div role="status" class="rset-early-live">
          {early.length > 0 && (
            <div class="alert alert-warn rset-early" data-testid="rset-early">
              <p class="rset-early-title"><strong>{t('rset.early.title')}</strong></p>
              <ul>
                {early.map((k) => (
                  <li key={k} data-testid={`rset-early-${k}`}>{t('rset.early.item', {
                    report: t(`rset.due.${k}`), due: dueText(t, lang, v.due[k]),
                    end: dueText(t, lang, { ...end[k], year_offset: 0 }), suggest: dueText(t, lang, SUGGESTED[v.window][k]),
                  })}</li>
                ))}
              </ul>
              <p class="rset-early-foot">
                <span>{t('rset.early.note')}</span>
                <button type="button" class="btn btn-small" data-testid="rset-early-apply" onClick={suggest}>{t('rset.early.apply')}</button>
              </p>
            </div>
          )}
        </div>
      </fieldset>

      <label class="check rset-check">
        <input id="rset-due-day-counts" type="checkbox" checked={v.due_day_counts} data-testid="rset-due-day-counts"
          aria-describedby="rset-due-day-counts-hint"
          onChange={(e) => { const on = e.currentTarget.checked; change((o) => ({ ...o, due_day_counts: on })); }} />
        <span>{t('rset.dueDayCounts')}</span>
      </label>
      <p class="hint rset-check-hint" id="rset-due-day-counts-hint">{t('rset.dueDayCounts.hint')}</p>

      <Field id="rset-reminder" label={t('rset.reminder')} class="rset-reminder" error={reminderText} hint={t('rset.reminder.hint')}>
        <input id="rset-reminder" type="number" inputMode="numeric" min={0} max={REMINDER_MAX} step={1} value={v.reminder}
          aria-invalid={reminderText ? true : undefined} aria-describedby={describedBy('rset-reminder', reminderText, true)}
          data-testid="rset-reminder"
          onInput={(e) => { const x = e.currentTarget.value; setReminderBad(false); change((o) => ({ ...o, reminder: x })); }} />
      </Field>

      {fault && fault.at === null && <div class="alert alert-error" role="alert" id="rset-error" tabIndex={-1} data-testid="rset-error">{fault.text}</div>}
      {notice && !dirty && <div class="alert alert-success" role="status" data-testid="rset-saved">{t('rset.saved')}</div>}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="rset-save">{busy ? t('net.saving') : t('rset.save')}</button>
        {dirty && <button type="button" class="btn" data-testid="rset-discard"
          onClick={() => { setV(base); setError(null); setReminderBad(false); }}>{t('rset.discard')}</button>}
      </div>
    </form>
  );
}
