// One periodic report (#/reports/ID, docs/reports.md): the header (title,
// unit, status and timeliness, due date, the window of the data, the plan,
// exports), the last return's comment shown prominently while it is a
// draft again, the actions the caller may take now (`may`: submit with a
// confirmation, approve, return and reopen with a required reason in a
// dialog, refresh the figures, consolidate the units below), the
// document's fields (number, date, signer), the data tables
// (components/ReportTables.tsx), the three narrative sections saved with
// If-Match (a 412 explained, with "load the latest" or "save mine
// anyway") and the history.  Read-only unless `may.edit`.  Loaded with
// import() by app.tsx.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError, consolidateReport, getReport, listProgrammes, moveReport, refreshReport, reportExportHref, updateReport,
  type Programme, type Report, type ReportPatch, type User,
} from '../api';
import { useI18n } from '../i18n';
import { href, type Route } from '../router';
import { useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Field, UnitName, shortTime } from '../components/CaseKit';
import { day } from '../components/NetKit';
import { DueText, ReportStatusTag, TimelinessTag, repCan, reportError, reportTitle } from '../components/ReportKit';
import { ActivitiesSection, BudgetSection, ConsolidationSection, History, IndicatorsSection, WindowText } from '../components/ReportTables';
import '../indicators.css';
import '../reports.css';

const FIELDS = ['number', 'report_date', 'signer_title', 'signer_name', 'results', 'difficulties', 'proposals'] as const;
type FieldName = typeof FIELDS[number];
type Form = Record<FieldName, string>;
type Act = 'submit' | 'approve' | 'return' | 'reopen' | 'refresh' | 'consolidate';

function formOf(r: Report): Form {
  return {
    number: r.number ?? '', report_date: r.report_date ?? '', signer_title: r.signer_title ?? '', signer_name: r.signer_name ?? '',
    results: r.narrative?.results ?? '', difficulties: r.narrative?.difficulties ?? '', proposals: r.narrative?.proposals ?? '',
  };
}

// The changed fields as a PATCH body.
function patchOf(f: Form, base: Form): ReportPatch | null {
  const p: ReportPatch = {};
  let any = false;
  for (const k of FIELDS) {
    if (f[k] === base[k]) continue;
    any = true;
    if (k === 'results' || k === 'difficulties' || k === 'proposals') p.narrative = { ...p.narrative, [k]: f[k] };
    else p[k] = f[k];
  }
  return any ? p : null;
}

// The parts of the page, by the id of their heading (the hash is the
// route, so these are buttons that scroll, not links).
const TOC = [
  ['rep-ind-h', 'rep.toc.indicators'], ['rep-budget-h', 'rep.toc.budget'],
  ['rep-act-h', 'rep.toc.activities'], ['rep-cons-h', 'rep.toc.consolidation'], ['rep-narr-h', 'rep.toc.narrative'],
  ['rep-hist-h', 'rep.toc.history'],
] as const;
function goTo(id: string) {
  const h = document.getElementById(id);
  if (!h) return;
  h.closest('section, form')?.scrollIntoView({ block: 'start' });
  h.setAttribute('tabindex', '-1');
  h.focus({ preventScroll: true });
}

// A unit with units below it: a province, or a district of the 2024 tree.
const hasChildren = (r: Report) => r.unit.level === 1 || (r.unit.level === 2 && r.tree !== '2025');

export function ReportPage({ route, user }: { route: Route; user: User }) {
  const { t } = useI18n();
  const id = route.path[1];
  const [rep, setRep] = useState<Report | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [form, setForm] = useState<Form | null>(null);
  const [base, setBase] = useState<Form | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState<Act | null>(null);
  const [actError, setActError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [asking, setAsking] = useState<'return' | 'reopen' | null>(null);
  const pr = useAsync(() => listProgrammes().catch(() => [] as Programme[]), []);
  // The latest form, for a save started from a submit.
  const formRef = useRef<Form | null>(null);
  formRef.current = form;

  // A report from the server: its fields become the saved state; what the
  // user typed and did not save stays (keep), else the form follows.
  function adopt(r: Report, keep: boolean) {
    const f = formOf(r);
    setRep(r);
    setBase(f);
    if (!keep) setForm(f);
  }

  useEffect(() => {
    let live = true;
    setLoadError(null);
    getReport(id).then((x) => {
      if (!live) return;
      adopt(x.data, false);
      setSaveError(null);
    }, (e) => { if (live) setLoadError(e); });
    return () => { live = false; };
  }, [id, tick]);

  const dirty = !!(form && base && patchOf(form, base));
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  if (loadError) return <div class="ind-page"><p class="back"><a href="#/reports">← {t('rep.back')}</a></p><ErrorBox error={loadError} onRetry={() => setTick((x) => x + 1)} /></div>;
  if (!rep || !form || !base) return <Loading />;
  const r = rep;
  const editable = r.status === 'draft' && !!r.may?.edit;

  async function save(force = false): Promise<boolean> {
    const f = formRef.current!;
    const p = patchOf(f, base!);
    if (!p) return true;
    setSaving(true); setSaveError(null); setSaved(false); setNotice(null);
    try {
      const x = await updateReport(r.id, force ? null : r.version, p);
      // Typed on while saving: those keystrokes stay unsaved.
      adopt(x.data, formRef.current !== f);
      setSaved(true);
      return true;
    } catch (e) {
      setSaveError(e);
      return false;
    } finally {
      setSaving(false);
    }
  }

  async function act(a: Act, comment?: string): Promise<boolean> {
    setBusy(a); setActError(null); setNotice(null); setSaved(false);
    try {
      if (a === 'submit' && dirty && !(await save())) return false;
      const x = a === 'refresh' ? await refreshReport(r.id)
        : a === 'consolidate' ? await consolidateReport(r.id)
          : await moveReport(r.id, a, comment);
      adopt(x, a === 'refresh' || a === 'consolidate');
      setNotice(t(`rep.done.${a}`));
      // The consolidation is far down a long page: show it.
      if (a === 'consolidate') window.setTimeout(() => goTo('rep-cons-h'), 0);
      setConfirming(false);
      return true;
    } catch (e) {
      setActError(e);
      return false;
    } finally {
      setBusy(null);
    }
  }

  const set = (k: FieldName) => (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    setForm((f) => ({ ...f!, [k]: v }));
    setSaved(false);
  };
  const stale = saveError instanceof ApiError && saveError.status === 412;
  const computed = r.data?.computed_at ? shortTime(r.data.computed_at) : null;
  const dataNote = computed ? (r.status === 'draft' ? t('rep.data.computed', { when: computed }) : t('rep.data.frozen', { when: computed })) : undefined;
  const refreshBtn = editable ? (
    <button type="button" class="btn btn-small" disabled={!!busy} onClick={() => act('refresh')} data-testid="rep-refresh">
      {busy === 'refresh' ? t('rep.act.busy') : t('rep.act.refresh')}
    </button>
  ) : undefined;
  const consolidateBtn = editable && hasChildren(r) ? (
    <button type="button" class="btn btn-small" disabled={!!busy} onClick={() => act('consolidate')} data-testid="rep-consolidate">
      {busy === 'consolidate' ? t('rep.act.busy') : t('rep.act.consolidate')}
    </button>
  ) : undefined;
  const saveBar = editable && (
    <div class="form-actions rep-save-bar">
      <button type="submit" class="btn btn-primary" disabled={saving || !dirty} data-testid="rep-save">{saving ? t('rep.saving') : t('rep.save')}</button>
      {dirty && !saving && <span class="muted rep-dirty" data-testid="rep-dirty">{t('rep.unsaved')}</span>}
      {saved && !dirty && <span class="status status-on rep-saved" role="status" data-testid="rep-saved">{t('rep.saved')}</span>}
    </div>
  );
  const onSave = (e: Event) => { e.preventDefault(); void save(); };

  return (
    <div class="ind-page report-page" data-testid="report-page" data-status={r.status} data-version={r.version}>
      <p class="back"><a href="#/reports" data-testid="rep-back">← {t('rep.back')}</a></p>
      <header class="panel rep-head">
        <div class="rep-head-main">
          <h1 data-testid="rep-title">{reportTitle(t, r.period)}</h1>
          <p class="rep-head-unit"><UnitName code={r.unit.code} tree={r.tree} />
            {r.agency ? <span class="muted"> · {t('rep.agencyOf', { agency: r.agency })}</span> : null}</p>
          <p class="rep-tags"><ReportStatusTag status={r.status} /> <TimelinessTag value={r.timeliness} /></p>
        </div>
        <dl class="kv kv-compact rep-head-kv">
          <div class="kv-row"><dt>{t('rep.due')}</dt><dd><DueText due={r.due_date} daysLeft={r.days_left} submitted={!!r.submitted_at} /></dd></div>
          <div class="kv-row"><dt>{t('rep.filter.period')}</dt><dd data-testid="rep-window"><WindowText r={r} /></dd></div>
          {r.plan && <div class="kv-row"><dt>{t('rep.plan')}</dt><dd><a href={href(['plans', String(r.plan.id)])}>{r.plan.number}</a></dd></div>}
          {r.submitted_at && <div class="kv-row"><dt>{t('rep.submittedAt')}</dt><dd data-testid="rep-submitted-at">{shortTime(r.submitted_at)}</dd></div>}
          {r.last_submitted_at && r.last_submitted_at !== r.submitted_at && <div class="kv-row"><dt>{t('rep.lastSubmittedAt')}</dt><dd>{shortTime(r.last_submitted_at)}</dd></div>}
          {r.approved_at && <div class="kv-row"><dt>{t('rep.approvedAt')}</dt><dd>{r.approved_by ? t('rep.approvedBy', { when: shortTime(r.approved_at), by: r.approved_by }) : shortTime(r.approved_at)}</dd></div>}
        </dl>
        <div class="rep-exports" role="group" aria-label={t('rep.export')}>
          <span class="muted small">{t('rep.export')}</span>
          <a class="btn btn-small" href={reportExportHref(r.id, 'xlsx')} download data-testid="rep-export-xlsx">Excel (XLSX)</a>
          <a class="btn btn-small" href={reportExportHref(r.id, 'pdf')} download data-testid="rep-export-pdf">PDF</a>
          <a class="btn btn-small" href={reportExportHref(r.id, 'csv')} download data-testid="rep-export-csv">CSV</a>
          {repCan.dhis2(user) && <a class="btn btn-small" href={reportExportHref(r.id, 'dhis2')} download title={t('rep.export.dhis2')} data-testid="rep-export-dhis2">DHIS2</a>}
        </div>
      </header>

      {r.status === 'draft' && r.last_return && (
        <section class="alert alert-warn rep-returned" role="note" aria-labelledby="rep-returned-h" data-testid="rep-returned">
          <div>
            <h2 id="rep-returned-h">{t('rep.returned.title')}</h2>
            <p class="rep-returned-by">{t('rep.returned.by', { by: r.last_return.by ?? '—', when: shortTime(r.last_return.at) })}</p>
            <p class="rep-returned-label">{t('rep.returned.reason')}:</p>
            <blockquote class="rep-returned-comment" data-testid="rep-returned-comment">{r.last_return.comment}</blockquote>
            {r.may.submit && <p class="rep-returned-next">{t('rep.returned.next')}</p>}
          </div>
        </section>
      )}

      <Actions r={r} busy={busy} confirming={confirming} dirty={dirty} onConfirm={setConfirming} onAct={act} onAsk={setAsking} />
      {notice && <div class="alert alert-success" role="status" data-testid="rep-notice">{notice}</div>}
      {actError ? <div class="alert alert-error" role="alert" data-testid="rep-error">{reportError(t, actError)}</div> : null}
      {r.status !== 'draft' && <p class="alert alert-info" data-testid="rep-locked">{t(r.status === 'approved' ? 'rep.locked.approved' : 'rep.locked.submitted')}</p>}
      {r.status === 'draft' && !r.may?.edit && <p class="alert alert-info" data-testid="rep-readonly">{t('rep.readonly')}</p>}
      {stale && (
        <div class="alert alert-error rep-stale" role="alert" data-testid="rep-stale">
          <div>
            <p><strong>{t('rep.stale')}</strong></p>
            <p>{t('rep.stale.hint')}</p>
            <div class="form-actions">
              <button type="button" class="btn btn-small" onClick={() => setTick((x) => x + 1)} data-testid="rep-reload">{t('rep.stale.reload')}</button>
              <button type="button" class="btn btn-small btn-danger-outline" onClick={() => save(true)} data-testid="rep-overwrite">{t('rep.stale.overwrite')}</button>
            </div>
          </div>
        </div>
      )}
      {saveError && !stale ? <div class="alert alert-error" role="alert" data-testid="rep-save-error">{reportError(t, saveError)}</div> : null}

      <nav class="rep-toc" aria-label={t('rep.toc')} data-testid="rep-toc">
        {TOC.filter(([id]) => id !== 'rep-cons-h' || hasChildren(r) || r.consolidation).map(([id, key]) => (
          <button key={id} type="button" class="btn-link" onClick={() => goTo(id)}>{t(key)}</button>
        ))}
      </nav>

      <form class="panel rep-doc" onSubmit={onSave} noValidate aria-labelledby="rep-doc-h" data-testid="rep-doc">
        <h2 id="rep-doc-h">{t('rep.head')}</h2>
        {editable ? (
          <div class="form-grid form-grid-tight">
            <Field id="rf-number" label={t('rep.f.number')} hint={t('rep.f.number.hint')}>
              <input id="rf-number" maxLength={50} value={form.number} onInput={set('number')} aria-describedby="rf-number-hint" data-testid="rf-number" />
            </Field>
            <Field id="rf-report_date" label={t('rep.f.report_date')}>
              <input id="rf-report_date" type="date" value={form.report_date} onInput={set('report_date')} data-testid="rf-report_date" />
            </Field>
            <Field id="rf-signer_title" label={t('rep.f.signer_title')} hint={t('rep.f.signer_title.hint')}>
              <input id="rf-signer_title" maxLength={200} value={form.signer_title} onInput={set('signer_title')} aria-describedby="rf-signer_title-hint" data-testid="rf-signer_title" />
            </Field>
            <Field id="rf-signer_name" label={t('rep.f.signer_name')}>
              <input id="rf-signer_name" maxLength={200} value={form.signer_name} onInput={set('signer_name')} autoComplete="off" data-testid="rf-signer_name" />
            </Field>
          </div>
        ) : (
          <dl class="kv rep-doc-kv">
            <div class="kv-row"><dt>{t('rep.f.number')}</dt><dd data-testid="rv-number">{r.number || '—'}</dd></div>
            <div class="kv-row"><dt>{t('rep.f.report_date')}</dt><dd>{r.report_date ? day(r.report_date) : '—'}</dd></div>
            <div class="kv-row"><dt>{t('rep.f.signer_title')}</dt><dd>{r.signer_title || '—'}</dd></div>
            <div class="kv-row"><dt>{t('rep.f.signer_name')}</dt><dd>{r.signer_name || '—'}</dd></div>
          </dl>
        )}
        {saveBar}
      </form>

      <IndicatorsSection data={r.data} programmes={pr.data ?? []} note={dataNote} actions={refreshBtn} />
      <BudgetSection data={r.data} />
      <ActivitiesSection data={r.data} />
      {(hasChildren(r) || r.consolidation) && (
        <ConsolidationSection c={r.consolidation} data={r.data} editable={editable} actions={consolidateBtn} />
      )}

      <form class="panel rep-narrative" onSubmit={onSave} noValidate aria-labelledby="rep-narr-h" data-testid="rep-narrative">
        <h2 id="rep-narr-h">{t('rep.sec.narrative')}</h2>
        {(['results', 'difficulties', 'proposals'] as const).map((k) => editable ? (
          <Field key={k} id={`rf-${k}`} label={t(`rep.n.${k}`)} hint={t(`rep.n.${k}.hint`)}>
            <textarea id={`rf-${k}`} rows={6} maxLength={20000} value={form[k]} onInput={set(k)}
              aria-describedby={`rf-${k}-hint`} data-testid={`rf-${k}`} />
          </Field>
        ) : (
          <div key={k} class="rep-narr-read">
            <h3>{t(`rep.n.${k}`)}</h3>
            {r.narrative?.[k] ? <p class="rep-narr-text" data-testid={`rv-${k}`}>{r.narrative[k]}</p>
              : <p class="muted" data-testid={`rv-${k}`}>{t('rep.n.empty')}</p>}
          </div>
        ))}
        {saveBar}
      </form>

      <History events={r.events ?? []} />
      {asking && <CommentDialog kind={asking} busy={!!busy}
        onCancel={() => setAsking(null)}
        onConfirm={async (c) => { if (await act(asking, c)) setAsking(null); }} />}
    </div>
  );
}

// The buttons `may` allows; submit asks once more.
function Actions({ r, busy, confirming, dirty, onConfirm, onAct, onAsk }: {
  r: Report; busy: Act | null; confirming: boolean; dirty: boolean;
  onConfirm: (b: boolean) => void; onAct: (a: Act) => void; onAsk: (k: 'return' | 'reopen') => void;
}) {
  const { t } = useI18n();
  const m = r.may ?? { edit: false, submit: false, approve: false, return: false, reopen: false };
  if (!m.submit && !m.approve && !m.return && !m.reopen) return null;
  return (
    <section class="panel rep-actions" aria-label={t('rep.actions')} data-testid="rep-actions">
      {confirming ? (
        <div class="rep-confirm" role="group" aria-labelledby="rep-confirm-q">
          <p id="rep-confirm-q">{t('rep.submit.ask')}</p>
          {dirty && <p class="hint">{t('rep.submit.unsaved')}</p>}
          <div class="form-actions">
            <button type="button" class="btn btn-primary" disabled={!!busy} onClick={() => onAct('submit')} data-testid="rep-submit-confirm">
              {busy === 'submit' ? t('rep.act.busy') : t('rep.submit.confirm')}
            </button>
            <button type="button" class="btn" disabled={!!busy} onClick={() => onConfirm(false)}>{t('net.cancel')}</button>
          </div>
        </div>
      ) : (
        <div class="rep-buttons">
          {m.submit && <button type="button" class="btn btn-primary" disabled={!!busy} onClick={() => onConfirm(true)} data-testid="rep-submit">{t('rep.act.submit')}</button>}
          {m.approve && <button type="button" class="btn btn-primary" disabled={!!busy} onClick={() => onAct('approve')} data-testid="rep-approve">
            {busy === 'approve' ? t('rep.act.busy') : t('rep.act.approve')}</button>}
          {m.return && <button type="button" class="btn btn-danger-outline" disabled={!!busy} onClick={() => onAsk('return')} data-testid="rep-return">{t('rep.act.return')}</button>}
          {m.reopen && <button type="button" class="btn btn-danger-outline" disabled={!!busy} onClick={() => onAsk('reopen')} data-testid="rep-reopen">{t('rep.act.reopen')}</button>}
        </div>
      )}
    </section>
  );
}

// The reason of a return or a reopening, in a modal dialog (required,
// at most 2 000 characters as the API counts them: code points).
function CommentDialog({ kind, busy, onCancel, onConfirm }: {
  kind: 'return' | 'reopen'; busy: boolean; onCancel: () => void; onConfirm: (comment: string) => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => { if (d?.open) d.close(); };
  }, []);
  function submit(e: Event) {
    e.preventDefault();
    const c = text.trim();
    if (!c) { setError(t('rep.comment.required')); document.getElementById('rep-comment')?.focus(); return; }
    if ([...c].length > 2000) { setError(t('rep.comment.long')); return; }
    onConfirm(c);
  }
  return (
    <dialog ref={ref} class="rep-dialog" aria-labelledby="rep-dialog-h" data-testid="rep-dialog" data-kind={kind}
      onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <form onSubmit={submit} noValidate>
        <h2 id="rep-dialog-h">{t(kind === 'return' ? 'rep.return.title' : 'rep.reopen.title')}</h2>
        <p>{t(kind === 'return' ? 'rep.return.intro' : 'rep.reopen.intro')}</p>
        <Field id="rep-comment" label={t(kind === 'return' ? 'rep.return.comment' : 'rep.reopen.comment')} required error={error ?? undefined}
          hint={t(kind === 'return' ? 'rep.return.hint' : 'rep.reopen.hint')}>
          <textarea id="rep-comment" rows={5} value={text} aria-required="true" aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'rep-comment-hint rep-comment-error' : 'rep-comment-hint'} data-testid="rep-comment"
            onInput={(e) => { setText(e.currentTarget.value); setError(null); }} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="btn btn-danger" disabled={busy} data-testid="rep-comment-confirm">
            {busy ? t('rep.act.busy') : t(kind === 'return' ? 'rep.act.return' : 'rep.act.reopen')}
          </button>
          <button type="button" class="btn" disabled={busy} onClick={onCancel} data-testid="rep-comment-cancel">{t('net.cancel')}</button>
        </div>
      </form>
    </dialog>
  );
}
