// The read-only parts of a report (pages/Report.tsx, docs/reports.md
// §Data, §Consolidation): I. the indicators by project with value,
// target and the status tag of the dashboard; II. the plan's budget for
// the year; III. the activity counts; IV. the consolidation of the child
// units' approved reports (children, the missing ones marked, the summed
// indicators); and the history of the report's events.  Loaded with the
// report page's chunk.
import type { ComponentChildren } from 'preact';
import type { Masked, Programme, Report, ReportConsolidation, ReportData, ReportEvent } from '../api';
import { useI18n, type Lang } from '../i18n';
import { StatusTag, ValueText, fmtCount, fmtPercent, fmtTarget, fmtValue, isPercentKind, partsText } from './IndKit';
import { ReportStatusTag, TimelinessTag } from './ReportKit';
import { UnitName, shortTime } from './CaseKit';

function Section({ id, title, testid, note, children, actions }: { id: string; title: string; testid: string; note?: ComponentChildren; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="panel rep-section" aria-labelledby={id} data-testid={testid}>
      <div class="panel-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {note && <p class="hint rep-note">{note}</p>}
      {children}
    </section>
  );
}

// ---- I. indicators ----

export function IndicatorsSection({ data, programmes, note, actions }: { data: ReportData | null; programmes: Programme[]; note?: ComponentChildren; actions?: ComponentChildren }) {
  const { t, lang } = useI18n();
  const rows = data?.indicators ?? [];
  const projects = [...new Set(rows.map((i) => i.project))].sort((a, b) => a - b);
  return (
    <Section id="rep-ind-h" title={t('rep.sec.indicators')} testid="rep-indicators" note={note} actions={actions}>
      {!data ? <p class="empty">{t('rep.data.none')}</p>
        : rows.length === 0 ? <p class="empty">{t('rep.ind.none')}</p>
          : projects.map((p) => {
              const prog = programmes.find((x) => x.project === p);
              return (
                <div key={p} class="rep-project" data-testid={`rep-project-${p}`}>
                  <h3 class="rep-project-h">
                    <span class="ind-project-no">{t('ind.project', { n: p })}</span>
                    {prog && <span class="ind-project-name">{lang === 'en' ? prog.en : prog.vi}</span>}
                  </h3>
                  <table class="table ind-table rep-ind-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('dash.col.indicator')}</th>
                        <th scope="col">{t('dash.col.value')}</th>
                        <th scope="col">{t('dash.col.target')}</th>
                        <th scope="col">{t('dash.col.status')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.filter((i) => i.project === p).map((i) => (
                        <tr key={i.code} class={`ind-row ind-row-${i.status}`} data-testid={`rep-ind-${i.code}`} data-status={i.status}>
                          <td class="cell-main">
                            <span class="ind-name">{(lang === 'en' ? i.name_en : i.name_vi) || i.code}</span>
                            <span class="muted small code">{i.code}</span>
                          </td>
                          <td data-label={t('dash.col.value')} class="ind-value-cell">
                            <ValueText kind={i.kind} v={i} />
                            {isPercentKind(i.kind) && !i.suppressed && i.value !== null
                              && <span class="muted small ind-parts">{partsText(lang, i)}</span>}
                            {i.value !== null && i.by_sex?.male && i.by_sex?.female && (
                              <span class="muted small rep-bysex">{t('rep.ind.bySex', { male: sexText(lang, i.kind, i.by_sex.male), female: sexText(lang, i.kind, i.by_sex.female) })}</span>
                            )}
                          </td>
                          <td data-label={t('dash.col.target')} class={i.target === null ? 'cell-empty' : 'nowrap'}>
                            {i.target === null ? <span class="muted">—</span> : <>
                              <span class="ind-number-small">{fmtTarget(lang, i.kind, i.target)}</span>
                              {i.target_year && <span class="muted small"> ({i.target_year})</span>}
                            </>}
                          </td>
                          <td data-label={t('dash.col.status')}><StatusTag status={i.status} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              );
            })}
    </Section>
  );
}

// A sex's part: "5/20" for a percent, the count otherwise.
function sexText(lang: Lang, kind: string, p: { numerator: Masked; denominator: Masked }): string {
  return isPercentKind(kind) ? partsText(lang, p) : fmtCount(lang, p.numerator);
}

// ---- II. budget ----

export function BudgetSection({ data }: { data: ReportData | null }) {
  const { t, lang } = useI18n();
  const b = data?.budget ?? null;
  const rate = (f: { allocated: number | null; spent: number | null }) =>
    f.allocated && f.spent !== null ? fmtPercent(lang, (f.spent / f.allocated) * 100) : '—';
  const cells = (f: { estimate: number | null; allocated: number | null; spent: number | null }) => <>
    <td data-label={t('rep.budget.estimate')} class="num">{fmtCount(lang, f.estimate)}</td>
    <td data-label={t('rep.budget.allocated')} class="num">{fmtCount(lang, f.allocated)}</td>
    <td data-label={t('rep.budget.spent')} class="num">{fmtCount(lang, f.spent)}</td>
    <td data-label={t('rep.budget.rate')} class="num">{rate(f)}</td>
  </>;
  return (
    <Section id="rep-budget-h" title={t('rep.sec.budget')} testid="rep-budget"
      note={b ? <>{t('rep.budget.title', { year: b.year, number: b.plan_number })}. {t('rep.budget.unit')}</> : undefined}>
      {!b ? <p class="empty" data-testid="rep-budget-none">{t('rep.budget.none')}</p>
        : <table class="table rep-num-table">
            <thead>
              <tr>
                <th scope="col">{t('rep.budget.item')}</th>
                <th scope="col" class="num">{t('rep.budget.estimate')}</th>
                <th scope="col" class="num">{t('rep.budget.allocated')}</th>
                <th scope="col" class="num">{t('rep.budget.spent')}</th>
                <th scope="col" class="num">{t('rep.budget.rate')}</th>
              </tr>
            </thead>
            <tbody>
              {(b.by_project ?? []).map((p) => (
                <tr key={p.project} data-testid={`rep-budget-project-${p.project}`}>
                  <td class="cell-main">{t('ind.project', { n: p.project })}</td>
                  {cells(p)}
                </tr>
              ))}
              <tr class="rep-total-row" data-testid="rep-budget-total">
                <td class="cell-main"><strong>{t('rep.budget.total')}</strong></td>
                {cells(b)}
              </tr>
            </tbody>
          </table>}
    </Section>
  );
}

// ---- III. activities ----

const ACTIVITIES = ['trainings', 'training_participants', 'communications', 'communication_reach',
  'cases_opened', 'cases_closed', 'cases_open_at_end', 'facilities_active'] as const;

export function ActivitiesSection({ data }: { data: ReportData | null }) {
  const { t, lang } = useI18n();
  const a = data?.activities ?? null;
  const keys = a ? ACTIVITIES.filter((k) => k in a) : [];
  return (
    <Section id="rep-act-h" title={t('rep.sec.activities')} testid="rep-activities">
      {!a || keys.length === 0 ? <p class="empty">{t('rep.activities.none')}</p>
        : <dl class="rep-activity-list">
            {keys.map((k) => (
              <div key={k} class="rep-activity" data-testid={`rep-activity-${k}`}>
                <dt>{t(`rep.activity.${k}`)}</dt>
                <dd class="num">{fmtCount(lang, a[k])}</dd>
              </div>
            ))}
          </dl>}
    </Section>
  );
}

// ---- IV. consolidation ----

export function ConsolidationSection({ c, data, editable, actions }: { c: ReportConsolidation | null; data: ReportData | null; editable: boolean; actions?: ComponentChildren }) {
  const { t, lang } = useI18n();
  const names = new Map((data?.indicators ?? []).map((i) => [i.code, lang === 'en' ? i.name_en : i.name_vi]));
  if (!c) {
    return (
      <Section id="rep-cons-h" title={t('rep.sec.consolidation')} testid="rep-consolidation" actions={actions}>
        <p class="empty" data-testid="rep-cons-none">{editable ? t('rep.cons.none') : t('rep.cons.noneLocked')}</p>
      </Section>
    );
  }
  const missing = new Set(c.missing);
  const approved = c.children.filter((k) => !missing.has(k.code)).length;
  return (
    <Section id="rep-cons-h" title={t('rep.sec.consolidation')} testid="rep-consolidation" actions={actions}
      note={t('rep.cons.computed', { when: shortTime(c.computed_at), approved, children: c.children.length })}>
      {missing.size > 0 && <p class="alert alert-warn" data-testid="rep-cons-missing" data-n={missing.size}>{t('rep.cons.missing', { n: missing.size })}</p>}
      <h3>{t('rep.cons.children')}</h3>
      <table class="table rep-table" data-testid="rep-cons-children">
        <thead>
          <tr>
            <th scope="col">{t('rep.col.unit')}</th>
            <th scope="col">{t('rep.col.status')}</th>
            <th scope="col">{t('rep.col.timeliness')}</th>
            <th scope="col">{t('rep.cons.col.included')}</th>
          </tr>
        </thead>
        <tbody>
          {c.children.map((k) => {
            const miss = missing.has(k.code);
            return (
              <tr key={k.code} class={miss ? 'rep-row-missing' : undefined} data-testid={`rep-cons-child-${k.code}`} data-missing={miss ? 'true' : 'false'}>
                <td class="cell-main">
                  {k.report_id ? <a class="row-title" href={`#/reports/${k.report_id}`}><UnitName code={k.code} /></a>
                    : <span class="row-title"><UnitName code={k.code} /></span>}
                </td>
                <td data-label={t('rep.col.status')}><ReportStatusTag status={k.status} testid="rep-cons-status" /></td>
                <td data-label={t('rep.col.timeliness')}><TimelinessTag value={k.timeliness} testid="rep-cons-timeliness" /></td>
                <td data-label={t('rep.cons.col.included')}>
                  {miss ? <span class="tag rep-missing-tag"><span aria-hidden="true">✕ </span>{t('rep.cons.missingTag')}</span>
                    : <span class="tag rep-included-tag"><span aria-hidden="true">✓ </span>{t('rep.cons.included')}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t('rep.cons.indicators')}</h3>
      <p class="hint">{t('rep.cons.hint')}</p>
      <table class="table rep-num-table" data-testid="rep-cons-indicators">
        <thead>
          <tr>
            <th scope="col">{t('dash.col.indicator')}</th>
            <th scope="col" class="num">{t('dash.col.numerator')}</th>
            <th scope="col" class="num">{t('dash.col.denominator')}</th>
            <th scope="col" class="num">{t('dash.col.value')}</th>
            <th scope="col" class="num">{t('rep.cons.col.units')}</th>
          </tr>
        </thead>
        <tbody>
          {c.indicators.map((i) => (
            <tr key={i.code} data-testid={`rep-cons-ind-${i.code}`} data-value={i.value ?? ''}>
              <td class="cell-main">
                <span class="ind-name">{(lang === 'en' ? i.name_en : i.name_vi) || names.get(i.code) || i.code}</span>
                <span class="muted small code">{i.code}</span>
              </td>
              <td data-label={t('dash.col.numerator')} class="num">{fmtCount(lang, i.numerator)}</td>
              <td data-label={t('dash.col.denominator')} class="num">{isPercentKind(i.kind) ? fmtCount(lang, i.denominator) : '—'}</td>
              <td data-label={t('dash.col.value')} class="num"><strong>{fmtValue(lang, i.kind, i.value)}</strong></td>
              <td data-label={t('rep.cons.col.units')} class="num">
                {i.summed}/{c.children.length}
                {i.unknown > 0 && <span class="muted small rep-unknown">{t('rep.cons.unknown', { n: i.unknown })}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

// ---- history ----

const EVENTS = ['create', 'refresh', 'consolidate', 'submit', 'approve', 'return', 'reopen'];

export function History({ events }: { events: ReportEvent[] }) {
  const { t } = useI18n();
  return (
    <Section id="rep-hist-h" title={t('rep.history')} testid="rep-history">
      {events.length === 0 ? <p class="muted">{t('rep.history.none')}</p>
        : <ol class="rep-events">
            {[...events].reverse().map((e, n) => (
              <li key={n} class={`rep-event rep-event-${e.transition}`} data-testid="rep-event" data-transition={e.transition}>
                <div class="rep-event-head">
                  <strong>{EVENTS.includes(e.transition) ? t(`rep.ev.${e.transition}` as 'rep.ev.create') : e.transition}</strong>
                  <span class="muted">{[e.by, shortTime(e.at)].filter(Boolean).join(' · ')}</span>
                </div>
                {e.comment && <p class="rep-event-comment" data-testid="rep-event-comment"><span class="muted">{t('rep.ev.comment')}: </span>{e.comment}</p>}
              </li>
            ))}
          </ol>}
    </Section>
  );
}

// The window of the data: "Số liệu từ 15/12/2019 đến 14/06/2020 (theo Nghị định 09/2019/NĐ-CP)".
export function WindowText({ r }: { r: Pick<Report, 'window'> }) {
  const { t } = useI18n();
  const w = r.window;
  if (!w) return null;
  const d = (s: string) => s.split('-').reverse().join('/');
  return <>{t('rep.window', { from: d(w.from), to: d(w.to) })} <span class="muted">{w.rule === 'calendar' ? t('rep.window.calendar') : t('rep.window.decree_09')}</span></>;
}
