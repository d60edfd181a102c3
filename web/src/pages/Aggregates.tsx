// Aggregate values (#/aggregates?unit=&tree=&period=): the numbers no
// record can give — a population, a staff headcount, communes with a
// child-protection system — entered by hand per unit and period
// (docs/indicators.md §Aggregate values).  Lists the indicators with a
// part marked aggregate (GET /api/v1/indicators), the unit's entries for
// exactly that period (GET /aggregate-values), a form per indicator
// (PUT /aggregate-values; a change needs a reason) and each entry's history.
import { useState } from 'preact/hooks';
import {
  aggregateHistory, listAggregates, listIndicators, listProgrammes, putAggregate, type AggregateValue,
  type Indicator, type Programme, type Tree, type User,
} from '../api';
import { useI18n } from '../i18n';
import { href, navigate, type Route } from '../router';
import { errorMessage, formatTime, useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Field, focusLater, splitError } from '../components/CaseKit';
import {
  IndTabs, PeriodPicker, UnitFilter, asTree, currentYear, fmtCount, homeUnit, indCan, indFieldText, indName, isPercentKind, parsePeriod,
  periodCode, periodLabel, useUnitOf,
} from '../components/IndKit';
import '../indicators.css';

interface Filters { unit: string; tree: Tree | null; period: string }

function filtersOf(q: URLSearchParams, user: User): Filters {
  const home = homeUnit(user);
  return {
    unit: (q.get('unit') ?? '').replace(/\D/g, '') || home.code,
    tree: asTree(q.get('tree')) ?? home.tree,
    period: parsePeriod(q.get('period')) ? q.get('period')! : String(currentYear()),
  };
}

function aggHref(f: Filters, user: User): string {
  const home = homeUnit(user);
  return href(['aggregates'], {
    unit: f.unit !== home.code ? f.unit : null, tree: f.tree !== home.tree ? f.tree : null, period: f.period,
  });
}

const isAgg = (s: string | null | undefined) => s === 'aggregate';
export function aggregateParts(i: Indicator): { num: boolean; den: boolean } {
  return { num: isAgg(i.numerator_source), den: isAgg(i.denominator_source) };
}

export function AggregatesPage({ route, user }: { route: Route; user: User }) {
  const { t, lang } = useI18n();
  const f = filtersOf(route.query, user);
  const home = homeUnit(user);
  const cat = useAsync(() => listIndicators(), []);
  const pr = useAsync(() => listProgrammes().catch(() => [] as Programme[]), []);
  const r = useAsync(() => (f.unit ? listAggregates({ unit: f.unit, tree: f.tree, period: f.period }) : Promise.resolve({ items: [] as AggregateValue[] })),
    [f.unit, f.tree, f.period]);
  const [unit] = useUnitOf(f.unit, f.tree);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const go = (g: Partial<Filters>) => { setOpen(null); setNotice(null); navigate(aggHref({ ...f, ...g }, user)); };
  const writer = indCan.aggregatesWrite(user);
  const defs = (cat.data ?? []).filter((i) => aggregateParts(i).num || aggregateParts(i).den);
  const projects = [...new Set(defs.map((i) => i.project))].sort((a, b) => a - b);
  const entry = (code: string) => r.data?.items.find((e) => e.indicator === code && e.period === f.period
    && (!e.unit_code || e.unit_code === f.unit));

  return (
    <div class="ind-page aggregates" data-testid="aggregates-page">
      <IndTabs user={user} active="aggregates" unit={f.unit} tree={f.tree} period={f.period} />
      <h1>{t('agg.heading')}</h1>
      <p class="intro muted">{t('agg.intro')}</p>
      <form class="filters" role="search" aria-label={t('net.filters')} onSubmit={(e) => e.preventDefault()}>
        <UnitFilter id="agg-unit" code={f.unit} tree={f.tree} national={false}
          onChange={(u) => go({ unit: u?.code ?? home.code, tree: (u?.tree as Tree | undefined) ?? home.tree })} />
        <PeriodPicker id="agg-period" value={parsePeriod(f.period)!} onChange={(p) => go({ period: periodCode(p) })} />
      </form>
      <p class="hint agg-rule">{t('agg.rule')}</p>
      {notice && <div class="alert alert-success" role="status" data-testid="agg-notice">{notice}</div>}
      {!f.unit ? <p class="empty">{t('agg.pickUnit')}</p>
        : cat.error || r.error ? <ErrorBox error={cat.error || r.error} onRetry={() => { cat.reload(); r.reload(); }} />
          : !cat.data || !r.data ? <Loading />
            : projects.map((p) => {
                const prog = pr.data?.find((x) => x.project === p);
                return (
                  <section key={p} class="panel ind-project" aria-labelledby={`agg-proj-${p}`}>
                    <h2 id={`agg-proj-${p}`}>
                      <span class="ind-project-no">{t('ind.project', { n: p })}</span>
                      {prog && <span class="ind-project-name">{lang === 'en' ? prog.en : prog.vi}</span>}
                    </h2>
                    <table class="table agg-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('dash.col.indicator')}</th>
                          <th scope="col">{t('agg.col.numOrCount')}</th>
                          <th scope="col">{t('agg.col.denominator')}</th>
                          <th scope="col">{t('agg.col.entered')}</th>
                          <th scope="col"><span class="visually-hidden">{t('net.actions')}</span></th>
                        </tr>
                      </thead>
                      <tbody>
                        {defs.filter((i) => i.project === p).map((i) => (
                          <AggRow key={i.code} i={i} e={entry(i.code)} f={f} writer={writer} open={open === i.code}
                            onOpen={(o) => { setOpen(o ? i.code : null); if (o) setNotice(null); }}
                            onSaved={(v) => {
                              setOpen(null);
                              setNotice(t('agg.saved', { indicator: indName(lang, i), unit: unit?.name ?? f.unit, period: periodLabel(t, f.period) }));
                              r.reload();
                              focusLater(`agg-edit-${v.indicator}`);
                            }} />
                        ))}
                      </tbody>
                    </table>
                  </section>
                );
              })}
    </div>
  );
}

function AggRow({ i, e, f, writer, open, onOpen, onSaved }: {
  i: Indicator; e: AggregateValue | undefined; f: Filters; writer: boolean; open: boolean;
  onOpen: (open: boolean) => void; onSaved: (v: AggregateValue) => void;
}) {
  const { t, lang } = useI18n();
  const parts = aggregateParts(i);
  const [history, setHistory] = useState(false);
  const part = (own: boolean, v: number | null | undefined, testid: string) => (
    own ? (e && v !== null && v !== undefined ? <span class="ind-number-small" data-testid={testid}>{fmtCount(lang, v)}</span>
      : <span class="muted" data-testid={testid}>{t('agg.notEntered')}</span>)
      : <span class="muted small">{t('agg.fromRecords')}</span>
  );
  return (
    <>
      <tr data-testid={`agg-${i.code}`} class={open ? 'is-open' : undefined}>
        <td class="cell-main">
          <span class="row-title">{indName(lang, i)}</span>
          <span class="muted small">{isPercentKind(i.kind) ? t('agg.kind.percent') : t('agg.kind.count')}</span>
        </td>
        <td data-label={isPercentKind(i.kind) ? t('agg.col.numerator') : t('agg.col.count')}>{part(parts.num, e?.numerator, 'agg-num-value')}</td>
        <td data-label={t('agg.col.denominator')} class={isPercentKind(i.kind) ? undefined : 'cell-empty'}>
          {isPercentKind(i.kind) ? part(parts.den, e?.denominator, 'agg-den-value') : <span class="muted">—</span>}
        </td>
        <td data-label={t('agg.col.entered')} class={e ? undefined : 'cell-empty'}>
          {e ? <span class="small">{e.entered_by_name ?? ''}{e.entered_at ? <span class="block muted">{formatTime(e.entered_at)}</span> : null}</span>
            : <span class="muted">—</span>}
        </td>
        <td class="cell-actions">
          {writer && !open && (
            <button type="button" class="btn btn-small" id={`agg-edit-${i.code}`} data-testid="agg-edit" onClick={() => onOpen(true)}>
              {e ? t('agg.change') : t('agg.enter')}
            </button>
          )}
          {e && (
            <button type="button" class="btn btn-small" data-testid="agg-history" aria-expanded={history}
              onClick={() => setHistory((h) => !h)}>{t('agg.history')}</button>
          )}
        </td>
      </tr>
      {open && (
        <tr class="form-row"><td colSpan={5}>
          <AggForm i={i} e={e} f={f} onCancel={() => onOpen(false)} onSaved={onSaved} />
        </td></tr>
      )}
      {history && e && (
        <tr class="form-row"><td colSpan={5}><History id={e.id} version={e.version ?? 0} kind={i.kind} /></td></tr>
      )}
    </>
  );
}

function AggForm({ i, e, f, onCancel, onSaved }: { i: Indicator; e: AggregateValue | undefined; f: Filters; onCancel: () => void; onSaved: (v: AggregateValue) => void }) {
  const { t, lang } = useI18n();
  const parts = aggregateParts(i);
  const pct = isPercentKind(i.kind);
  const str = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const [num, setNum] = useState(str(e?.numerator));
  const [den, setDen] = useState(str(e?.denominator));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save(ev: Event) {
    ev.preventDefault();
    const errs: Record<string, unknown> = {};
    const intOf = (s: string) => (s.trim() === '' ? null : /^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);
    const n = parts.num ? intOf(num) : null;
    const d = parts.den ? intOf(den) : null;
    if (Number.isNaN(n)) errs['agg-numerator'] = t('agg.error.integer');
    if (Number.isNaN(d)) errs['agg-denominator'] = t('agg.error.integer');
    if (!errs['agg-numerator'] && !errs['agg-denominator']) {
      // A new entry needs a number; a change may clear both (the value then
      // falls back to the containing period or the units below).
      if (n === null && d === null && !e) errs[parts.num ? 'agg-numerator' : 'agg-denominator'] = t('agg.error.empty');
      else if (pct && parts.num && parts.den && n !== null && d !== null && n > d) errs['agg-numerator'] = t('agg.error.exceeds');
    }
    if (e && reason.trim().length < 3) errs['agg-reason'] = 'reason_short';
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) { focusLater(first); return; }
    setBusy(true); setError(null);
    try {
      const v = await putAggregate({
        indicator: i.code, unit_code: f.unit, tree: f.tree ?? undefined, period: f.period,
        numerator: n, denominator: d, reason: e ? reason.trim() : undefined,
      });
      onSaved(v ?? { ...(e as AggregateValue), indicator: i.code });
    } catch (err) {
      const s = splitError(err, ['agg-']);
      if (s.field) { setErrors({ [s.field]: indFieldText(t, err) }); focusLater(s.field); } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const label = pct ? t('agg.col.numerator') : t('agg.col.count');
  return (
    <form class="inline-form agg-form" onSubmit={save} noValidate data-testid="agg-form">
      <h3>{e ? t('agg.changeTitle', { indicator: indName(lang, i), period: periodLabel(t, f.period) })
        : t('agg.enterTitle', { indicator: indName(lang, i), period: periodLabel(t, f.period) })}</h3>
      <div class="form-grid form-grid-tight">
        {parts.num && (
          <Field id="agg-numerator" label={label} error={errors['agg-numerator']} hint={lang === 'en' && i.numerator ? i.numerator : undefined}>
            <input id="agg-numerator" inputMode="numeric" autoComplete="off" value={num} data-testid="agg-numerator"
              onInput={(ev) => { setNum(ev.currentTarget.value); setErrors((o) => ({ ...o, 'agg-numerator': undefined })); }} />
          </Field>
        )}
        {parts.den && (
          <Field id="agg-denominator" label={t('agg.col.denominator')} error={errors['agg-denominator']}
            hint={lang === 'en' && i.denominator ? i.denominator : undefined}>
            <input id="agg-denominator" inputMode="numeric" autoComplete="off" value={den} data-testid="agg-denominator"
              onInput={(ev) => { setDen(ev.currentTarget.value); setErrors((o) => ({ ...o, 'agg-denominator': undefined })); }} />
          </Field>
        )}
      </div>
      {pct && (!parts.num || !parts.den) && <p class="hint">{parts.num ? t('agg.denFromRecords') : t('agg.numFromRecords')}</p>}
      {e && (
        <Field id="agg-reason" label={t('agg.reason')} required error={errors['agg-reason']} hint={t('agg.reason.hint')}>
          <textarea id="agg-reason" rows={2} maxLength={500} value={reason} data-testid="agg-reason" aria-describedby="agg-reason-hint"
            onInput={(ev) => { setReason(ev.currentTarget.value); setErrors((o) => ({ ...o, 'agg-reason': undefined })); }} />
        </Field>
      )}
      {error ? <div class="alert alert-error" role="alert" data-testid="agg-error">{errorMessage(t, error)}</div> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="agg-save">{busy ? t('net.saving') : t('net.save')}</button>
        <button type="button" class="btn" onClick={onCancel}>{t('net.cancel')}</button>
      </div>
    </form>
  );
}

function History({ id, version, kind }: { id: number; version: number; kind: string }) {
  const { t, lang } = useI18n();
  const r = useAsync(() => aggregateHistory(id), [id, version]);
  const pct = isPercentKind(kind);
  return (
    <div class="agg-history" data-testid="agg-history-list">
      <h3>{t('agg.historyTitle')}</h3>
      {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
        : !r.data ? <Loading />
          : r.data.items.length === 0 ? <p class="muted">{t('net.noHistory')}</p>
            : <ol class="timeline">
                {[...r.data.items].reverse().map((h, k) => (
                  <li key={k} class="tl-item tl-note" data-testid="agg-history-item">
                    <div class="tl-head">
                      <span class="tl-kind">
                        {pct ? t('agg.history.values', { numerator: fmtCount(lang, h.numerator), denominator: fmtCount(lang, h.denominator) })
                          : fmtCount(lang, h.numerator)}
                      </span>
                      <span class="tl-meta">{formatTime(h.at)}{h.by_name ? ` · ${h.by_name}` : ''}</span>
                    </div>
                    {h.reason && <p class="tl-line">{t('agg.reason')}: {h.reason}</p>}
                  </li>
                ))}
              </ol>}
    </div>
  );
}
