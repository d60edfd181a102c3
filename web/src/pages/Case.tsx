// One case (#/cases/ID, #/cases/ID?reason=supervision): the person and the
// type's facts, the six steps with the deadline, the next steps allowed,
// approvals to decide, referrals, the forms that record work, and the
// history.  A restricted case asks first why the reader opens it (the
// reason goes to the audit log and is remembered for this case until the
// tab closes); someone who may not read it sees only its number, type,
// step and dates.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  ApiError, caseHistory, decideApproval, getCase, listCaseApprovals, listReferrals, referralAction, transitionCase,
  updateCase, type Approval, type Case, type CaseEvent, type Codes, type Referral, type Reply, type User,
} from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { href, navigate, type Route } from '../router';
import { useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import {
  CodeSelect, Field, RestrictedTag, StageBar, UnitName, UrgencyTag, codeLabel, codeList, describedBy,
  focusLater, shortDate, shortTime, splitError, stageName, typeName, useCodes, workerName,
} from '../components/CaseKit';
import { FactsView } from '../components/CaseFacts';
import {
  ApprovalRequestForm, ConsentForm, EditForm, EventForm, ReferralForm, TransferForm,
} from '../components/CaseForms';
import { CaseTimeline } from '../components/CaseTimeline';

const REASON_KEY = 'trogiup.caseReason.';

function storedReason(id: string): string | null {
  try { return sessionStorage.getItem(REASON_KEY + id); } catch { return null; }
}
function storeReason(id: string, reason: string | null) {
  try {
    if (reason) sessionStorage.setItem(REASON_KEY + id, reason); else sessionStorage.removeItem(REASON_KEY + id);
  } catch { /* storage blocked: the address keeps it */ }
}

interface CaseData {
  reply: Reply<Case>;
  events: CaseEvent[] | null;
  approvals: Approval[];
  referrals: Referral[];
}

async function loadCase(id: string, reason: string | null): Promise<CaseData> {
  const reply = await getCase(id, reason);
  if (reply.data.identity_hidden) return { reply, events: null, approvals: [], referrals: [] };
  const [h, a, r] = await Promise.all([
    caseHistory(id, reason),
    listCaseApprovals(id, reason).catch(() => ({ items: [] as Approval[] })),
    listReferrals({ box: 'out', case_id: Number(id), page_size: 100 }).catch(() => ({ items: [] as Referral[] })),
  ]);
  return { reply, events: h.items, approvals: a.items, referrals: r.items };
}

const WRITERS = ['province', 'district', 'commune', 'facility'];
const ACTIONS = ['note', 'assessment', 'plan', 'service', 'visit', 'approval', 'consent', 'referral', 'transfer', 'edit'];
// A closed case takes notes, consents and corrections of its facts only.
const CLOSED_ACTIONS = ['note', 'consent', 'edit'];
const APPROVERS = ['province', 'district', 'commune'];

export function CasePage({ route, user }: { route: Route; user: User }) {
  const { t } = useI18n();
  const id = route.path[1];
  const reasonQ = route.query.get('reason');
  const reason = reasonQ || storedReason(id);
  const [tick, setTick] = useState(0);
  const r = useAsync(() => loadCase(id, reason), [id, reason, tick]);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [stale, setStale] = useState(false);
  // A change's message shows once the case has been read again.
  const [pending, setPending] = useState<{ msg: MessageKey | null; before: unknown } | null>(null);

  useEffect(() => { if (reasonQ) storeReason(id, reasonQ); }, [id, reasonQ]);
  useEffect(() => { setNotice(null); setStale(false); }, [id]);
  // A reason the server refuses is forgotten.
  useEffect(() => {
    if (r.error instanceof ApiError && r.error.status === 422 && reason) storeReason(id, null);
  }, [r.error]);

  useEffect(() => {
    if (pending && pending.before !== r.data && !r.loading) {
      setNotice(pending.msg);
      setPending(null);
      if (pending.msg) window.setTimeout(() => document.getElementById('case-notice')?.focus(), 0);
    }
  }, [r.loading, r.data, pending]);

  const reload = (msg?: MessageKey) => {
    setNotice(null);
    setStale(false);
    setPending({ msg: msg ?? null, before: r.data });
    setTick((x) => x + 1);
  };

  const back = user.role === 'hotline'
    ? <p class="back"><a href="#/hotline">{t('hotline.back')}</a></p>
    : <p class="back"><a href="#/cases">{t('cases.back')}</a></p>;
  if (r.error) {
    return (
      <div class="case-page">
        {back}
        {r.error instanceof ApiError && r.error.status === 404
          ? <div class="alert alert-error" role="alert" data-testid="case-missing">{t('case.missing')}</div>
          : <ErrorBox error={r.error} onRetry={() => {
              if (r.error instanceof ApiError && r.error.status === 422) navigate(href(['cases', id]), true);
              r.reload();
            }} />}
      </div>
    );
  }
  if (!r.data || String(r.data.reply.data.id) !== id) return <div class="case-page">{back}<Loading /></div>;
  return (
    <div class="case-page" data-testid="case-page">
      {back}
      <CaseView key={id} data={r.data} user={user} reason={reason} notice={notice} stale={stale}
        onDone={reload} onStale={() => setStale(true)} busy={r.loading} />
    </div>
  );
}

interface ViewProps {
  data: CaseData;
  user: User;
  reason: string | null;
  notice: MessageKey | null;
  stale: boolean;
  busy: boolean;
  onDone: (msg?: MessageKey) => void;
  onStale: () => void;
}

function CaseView({ data, user, reason, notice, stale, busy, onDone, onStale }: ViewProps) {
  const { t } = useI18n();
  const { codes } = useCodes();
  const c = data.reply.data;
  const hidden = !!c.identity_hidden;
  const canWrite = !hidden && WRITERS.includes(user.role);
  const [panel, setPanel] = useState<string | null>(null);
  const [aprSubject, setAprSubject] = useState<string | undefined>(undefined);

  function done(msg: MessageKey) {
    setPanel(null);
    onDone(msg);
  }
  function open(p: string, subject?: string) {
    setAprSubject(subject);
    setPanel(p);
    window.setTimeout(() => document.getElementById('case-panel')?.scrollIntoView({ block: 'start', behavior: 'smooth' }), 30);
  }

  return (
    <>
      <CaseHead c={c} user={user} etag={data.reply.etag} canWrite={canWrite} onDone={done} onStale={onStale} reason={reason} />
      {notice && (
        <div class="alert alert-success" role="status" id="case-notice" tabIndex={-1} data-testid="case-notice">{t(notice)}</div>
      )}
      {stale && (
        <div class="alert alert-warn" role="alert" data-testid="case-stale">
          <span>{t('case.stale')}</span>
          <button type="button" class="btn btn-small" onClick={() => onDone()} data-testid="case-reload">{t('users.reload')}</button>
        </div>
      )}
      <StageBar c={c} />
      {hidden
        ? (c.reason_required ? <ReasonPanel c={c} codes={codes} /> : <LimitedNote />)
        : <>
            {canWrite && (
              <StageActions c={c} codes={codes} approvals={data.approvals} onDone={done}
                onRequest={(s) => open('approval', s)} busy={busy} />
            )}
            <Approvals c={c} codes={codes} approvals={data.approvals} user={user} onDone={done} />
            <div class="case-columns">
              <div class="case-col">
                <PersonBox c={c} codes={codes} />
                <section class="panel" aria-labelledby="facts-h">
                  <h2 id="facts-h">{t('case.facts', { type: typeName(t, c.type) })}</h2>
                  <FactsView type={c.type} facts={c.details} codes={codes} />
                  {c.summary && <><h3>{t('intake.summary')}</h3><p class="tl-text" data-testid="case-summary">{c.summary}</p></>}
                  <ConsentSummary c={c} />
                </section>
                <Referrals c={c} codes={codes} referrals={data.referrals} canWrite={canWrite} onDone={done} />
              </div>
              <div class="case-col">
                {canWrite && (
                  <section class="panel work-panel" id="case-panel" aria-labelledby="work-h">
                    <h2 id="work-h">{t('case.work')}</h2>
                    <div class="action-chips" role="group" aria-label={t('case.work')}>
                      {(c.stage === 'closed' ? CLOSED_ACTIONS : ACTIONS).map((p) => (
                          <button key={p} type="button" class={panel === p ? 'chip-btn active' : 'chip-btn'}
                            aria-pressed={panel === p} data-testid={`act-${p}`}
                            onClick={() => (panel === p ? setPanel(null) : open(p))}>
                            {t(`act.${p}` as MessageKey)}
                          </button>
                        ))}
                    </div>
                    {panel && (
                      <div class="action-panel" data-testid="action-panel">
                        <h3>{t(`act.${panel}.title` as MessageKey)}</h3>
                        {(['note', 'assessment', 'plan', 'service', 'visit'].includes(panel)) &&
                          <EventForm key={panel} kind={panel} c={c} codes={codes} onDone={done} onCancel={() => setPanel(null)} />}
                        {panel === 'approval' &&
                          <ApprovalRequestForm c={c} codes={codes} subject={aprSubject} onDone={done} onCancel={() => setPanel(null)} />}
                        {panel === 'consent' && <ConsentForm c={c} codes={codes} onDone={done} onCancel={() => setPanel(null)} />}
                        {panel === 'referral' && <ReferralForm c={c} codes={codes} me={user} onDone={done} onCancel={() => setPanel(null)} />}
                        {panel === 'transfer' && <TransferForm c={c} onDone={done} onCancel={() => setPanel(null)} />}
                        {panel === 'edit' && <EditForm c={c} etag={data.reply.etag} codes={codes} me={user} reason={reason}
                          onDone={done} onCancel={() => setPanel(null)} onStale={onStale} />}
                      </div>
                    )}
                  </section>
                )}
                <section class="panel" aria-labelledby="tl-h">
                  <h2 id="tl-h">{t('case.history')}</h2>
                  <CaseTimeline events={data.events ?? []} c={c} codes={codes} me={user} canCorrect={canWrite} onDone={done} />
                </section>
              </div>
            </div>
          </>}
    </>
  );
}

function CaseHead({ c, user, etag, canWrite, onDone, onStale, reason }: {
  c: Case; user: User; etag: string | null; canWrite: boolean; onDone: (m: MessageKey) => void; onStale: () => void; reason: string | null;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function takeIt() {
    setBusy(true);
    setError(null);
    try {
      await updateCase(c.id, etag, { assigned_to: Number(user.id) }, reason);
      onDone('case.done.assigned');
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) onStale(); else setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <header class="case-head" data-testid="case-head">
      <div class="case-title">
        <h1 class="code" data-testid="case-no">{c.case_no}</h1>
        <span class="case-tags">
          <span class="tag tag-type" data-testid="case-type">{typeName(t, c.type)}</span>
          <UrgencyTag urgency={c.urgency} />
          {c.restricted && <RestrictedTag />}
        </span>
      </div>
      {!c.identity_hidden && c.person && (
        <p class="case-person-name" data-testid="case-person-name">{c.person.full_name}</p>
      )}
      <dl class="facts case-facts">
        <div><dt>{t('cases.col.unit')}</dt><dd data-testid="case-unit"><UnitName code={c.unit_code} tree={c.unit_tree} /></dd></div>
        <div><dt>{t('case.opened')}</dt><dd>{shortDate(c.opened_at)}</dd></div>
        <div>
          <dt>{t('case.assigned')}</dt>
          <dd data-testid="case-assigned">
            {c.assigned_to ? workerName(t, c.assigned_to, user, c.assigned_name) : <span class="muted">{t('case.unassigned')}</span>}
            {canWrite && user.role === 'commune' && c.assigned_to !== Number(user.id) && c.stage !== 'closed' && (
              <> <button type="button" class="btn btn-small" disabled={busy} onClick={takeIt} data-testid="case-take">
                {t('case.take')}
              </button></>
            )}
          </dd>
        </div>
        {c.risk_level && <div><dt>{t('ev.risk_level')}</dt><dd><RiskTag risk={c.risk_level} /></dd></div>}
        {c.stage === 'closed' && c.closure_reason && (
          <div><dt>{t('case.closure_reason')}</dt><dd data-testid="case-closure"><CodeLabel list="closure_reason" code={c.closure_reason} /></dd></div>
        )}
      </dl>
      {error ? <ErrorBox error={error} /> : null}
    </header>
  );
}

function CodeLabel({ list, code }: { list: string; code: string }) {
  const { lang } = useI18n();
  const { codes } = useCodes();
  return <>{codeLabel(codes, lang, list, code)}</>;
}

function RiskTag({ risk }: { risk: string }) {
  const { lang } = useI18n();
  const { codes } = useCodes();
  return <span class={`tag risk-${risk}`}>{codeLabel(codes, lang, 'risk_level', risk)}</span>;
}

// ---- restricted cases ----

function ReasonPanel({ c, codes }: { c: Case; codes: Codes | undefined }) {
  const { t, lang } = useI18n();
  const [choice, setChoice] = useState('');
  const [error, setError] = useState(false);
  useEffect(() => { focusLater('reason-h'); }, []);
  function go(e: Event) {
    e.preventDefault();
    if (!choice) { setError(true); return; }
    storeReason(String(c.id), choice);
    navigate(href(['cases', String(c.id)], { reason: choice }), true);
  }
  return (
    <form class="panel reason-panel" onSubmit={go} aria-labelledby="reason-h" data-testid="reason-panel">
      <h2 id="reason-h" tabIndex={-1}>{t('reason.heading')}</h2>
      <p>{t('reason.intro')}</p>
      <fieldset class="reason-list" aria-describedby={error ? 'reason-error' : undefined}>
        <legend class="visually-hidden">{t('reason.heading')}</legend>
        {codeList(codes, 'read_reason').map((r) => (
          <label key={r.code} class={choice === r.code ? 'radio-card checked' : 'radio-card'}>
            <input type="radio" name="read-reason" value={r.code} checked={choice === r.code}
              data-testid={`reason-${r.code}`} onChange={() => { setChoice(r.code); setError(false); }} />
            <span>{lang === 'en' ? r.en : r.vi}</span>
          </label>
        ))}
      </fieldset>
      {error && <p class="field-error" id="reason-error">{t('reason.required')}</p>}
      <p class="hint">{t('reason.audit')}</p>
      <button type="submit" class="btn btn-primary" data-testid="reason-open">{t('reason.open')}</button>
    </form>
  );
}

function LimitedNote() {
  const { t } = useI18n();
  return (
    <div class="panel limited-note" data-testid="limited-view">
      <h2>{t('limited.heading')}</h2>
      <p>{t('limited.text')}</p>
    </div>
  );
}

// ---- stages ----

function StageActions({ c, codes, approvals, onDone, onRequest, busy }: {
  c: Case; codes: Codes | undefined; approvals: Approval[]; onDone: (m: MessageKey) => void;
  onRequest: (subject: string) => void; busy: boolean;
}) {
  const { t } = useI18n();
  const next = c.next_stages ?? [];
  const [mode, setMode] = useState<'close' | 'reopen' | null>(null);
  const [closure, setClosure] = useState(c.closure_reason ?? '');
  const [why, setWhy] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<Record<string, unknown>>({});
  const [working, setWorking] = useState(false);
  useEffect(() => { setClosure(c.closure_reason ?? ''); }, [c.closure_reason]);
  const pending = (s: string) => approvals.some((a) => a.subject === s && a.status === 'requested');

  async function move(to: string, extra: { reason?: string; closure_reason?: string } = {}) {
    setWorking(true);
    setError(null);
    setFieldError({});
    try {
      await transitionCase(c.id, { to, ...extra });
      setMode(null);
      onDone(to === 'closed' ? 'case.done.closed' : c.stage === 'closed' ? 'case.done.reopened' : 'case.done.moved');
    } catch (e) {
      const s = splitError(e, ['tr-']);
      if (s.field) { setFieldError({ [s.field]: s.error }); focusLater(s.field); } else setError(e);
    } finally {
      setWorking(false);
    }
  }

  const forward = next.filter((s) => s !== 'closed' && c.stage !== 'closed');
  const planBlocked = c.stage === 'planning' && !c.plan_approved_at;
  const closeBlocked = !c.closure_approved_at;

  return (
    <section class="panel stage-actions" aria-labelledby="next-h" data-testid="stage-actions">
      <h2 id="next-h" class="visually-hidden">{t('case.next')}</h2>
      {error ? <StageError e={error} onRequest={onRequest} pending={pending} /> : null}
      <div class="stage-buttons">
        {forward.map((s) => (
          <button key={s} type="button" class={planBlocked && s === 'intervention' ? 'btn' : 'btn btn-primary'}
            disabled={working || busy} onClick={() => move(s)} data-testid={`to-${s}`}>
            {t(c.stage === 'review' && s === 'planning' ? 'case.to.newRound' : 'case.to', { stage: stageName(t, s) })}
          </button>
        ))}
        {c.stage === 'closed' && next.includes('assessment') && mode !== 'reopen' && (
          <button type="button" class="btn" onClick={() => { setMode('reopen'); focusLater('tr-reason'); }} data-testid="to-reopen">
            {t('case.reopen')}
          </button>
        )}
        {next.includes('closed') && mode !== 'close' && (
          <button type="button" class="btn btn-danger-outline" onClick={() => { setMode('close'); focusLater('tr-closure_reason'); }}
            data-testid="to-close">{t('case.close')}</button>
        )}
      </div>
      {planBlocked && forward.includes('intervention') && (
        <p class="hint stage-hint">
          {pending('plan') ? t('case.plan.pending') : t('case.plan.needed')}{' '}
          {!pending('plan') && <button type="button" class="btn-link" onClick={() => onRequest('plan')} data-testid="ask-plan">{t('case.plan.ask')}</button>}
        </p>
      )}
      {mode === 'close' && (
        <form class="inline-form" data-testid="close-form" onSubmit={(e) => { e.preventDefault(); if (!closure) { setFieldError({ 'tr-closure_reason': 'required' }); return; } move('closed', { closure_reason: closure }); }}>
          {closeBlocked && (
            <p class="alert alert-warn">
              <span>{pending('closure') ? t('case.closure.pending') : t('case.closure.needed')}</span>
              {!pending('closure') && <button type="button" class="btn btn-small" onClick={() => onRequest('closure')} data-testid="ask-closure">{t('case.closure.ask')}</button>}
            </p>
          )}
          <Field id="tr-closure_reason" label={t('case.closure_reason')} error={fieldError['tr-closure_reason']} required>
            <CodeSelect id="tr-closure_reason" list="closure_reason" codes={codes} value={closure} onChange={setClosure}
              error={fieldError['tr-closure_reason']} empty={t('form.choose')} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="btn btn-danger" disabled={working} data-testid="close-confirm">{t('case.close.confirm')}</button>
            <button type="button" class="btn" onClick={() => setMode(null)}>{t('form.cancel')}</button>
          </div>
        </form>
      )}
      {mode === 'reopen' && (
        <form class="inline-form" data-testid="reopen-form" onSubmit={(e) => { e.preventDefault(); if (why.trim().length < 3) { setFieldError({ 'tr-reason': 'reason_short' }); return; } move('assessment', { reason: why.trim() }); }}>
          <Field id="tr-reason" label={t('case.reopen.reason')} error={fieldError['tr-reason']} required>
            <textarea id="tr-reason" rows={2} maxLength={500} value={why} data-testid="tr-reason"
              aria-invalid={fieldError['tr-reason'] ? true : undefined} aria-describedby={describedBy('tr-reason', fieldError['tr-reason'])}
              onInput={(e) => setWhy(e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={working} data-testid="reopen-confirm">{t('case.reopen.confirm')}</button>
            <button type="button" class="btn" onClick={() => setMode(null)}>{t('form.cancel')}</button>
          </div>
        </form>
      )}
    </section>
  );
}

function StageError({ e, onRequest, pending }: { e: unknown; onRequest: (s: string) => void; pending: (s: string) => boolean }) {
  const { t } = useI18n();
  if (e instanceof ApiError && e.code === 'approval_required') {
    const subject = /clos/i.test(e.message) ? 'closure' : 'plan';
    return (
      <div class="alert alert-warn" role="alert" data-testid="stage-error">
        <span>{t(subject === 'closure' ? 'case.closure.needed' : 'case.plan.needed')}</span>
        {!pending(subject) && <button type="button" class="btn btn-small" onClick={() => onRequest(subject)}>{t(subject === 'closure' ? 'case.closure.ask' : 'case.plan.ask')}</button>}
      </div>
    );
  }
  return <ErrorBox error={e} />;
}

// ---- approvals ----

function Approvals({ c, codes, approvals, user, onDone }: {
  c: Case; codes: Codes | undefined; approvals: Approval[]; user: User; onDone: (m: MessageKey) => void;
}) {
  const { t, lang } = useI18n();
  const pending = approvals.filter((a) => a.status === 'requested');
  if (!pending.length) return null;
  return (
    <section class="panel approvals" aria-labelledby="apr-h" data-testid="approvals">
      <h2 id="apr-h">{t('apr.pending')}</h2>
      <ul class="apr-list">
        {pending.map((a) => (
          <li key={a.id} data-testid={`approval-${a.subject}`}>
            <div>
              <strong>{codeLabel(codes, lang, 'approval_subject', a.subject)}</strong>
              {a.closure_reason && <> · {codeLabel(codes, lang, 'closure_reason', a.closure_reason)}</>}
              <span class="muted"> · {t('apr.by', { who: workerName(t, a.requested_by, user), when: shortTime(a.requested_at) })}</span>
              {a.note && <p class="tl-text">{a.note}</p>}
            </div>
            {APPROVERS.includes(user.role) && a.requested_by !== Number(user.id) && c.stage !== 'closed'
              ? <Decide a={a} onDone={onDone} />
              : <span class="hint">{a.requested_by === Number(user.id) ? t('apr.waitOther') : t('apr.wait')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Decide({ a, onDone }: { a: Approval; onDone: (m: MessageKey) => void }) {
  const { t } = useI18n();
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<unknown>(null);
  const id = `apr-${a.id}-comment`;
  async function decide(d: 'approve' | 'reject') {
    setError(null);
    setFieldError(null);
    if (d === 'reject' && comment.trim().length < 3) { setFieldError('reason_short'); focusLater(id); return; }
    setBusy(true);
    try {
      await decideApproval(a.id, d, comment.trim() || undefined);
      onDone(d === 'approve' ? 'case.done.approved' : 'case.done.rejected');
    } catch (e) {
      if (e instanceof ApiError && e.field === 'comment') { setFieldError(e); focusLater(id); } else setError(e);
      setBusy(false);
    }
  }
  return (
    <div class="decide">
      {error ? <ErrorBox error={error} /> : null}
      <Field id={id} label={rejecting ? t('apr.comment.required') : t('apr.comment')} error={fieldError}>
        <input id={id} value={comment} data-testid={`apr-comment-${a.subject}`}
          onInput={(e) => { setComment(e.currentTarget.value); setFieldError(null); }}
          aria-invalid={fieldError ? true : undefined} aria-describedby={describedBy(id, fieldError)} />
      </Field>
      <div class="form-actions">
        {!rejecting
          ? <>
              <button type="button" class="btn btn-primary" disabled={busy} onClick={() => decide('approve')}
                data-testid={`approve-${a.subject}`}>{t('apr.approve')}</button>
              <button type="button" class="btn btn-danger-outline" disabled={busy} onClick={() => { setRejecting(true); focusLater(id); }}
                data-testid={`reject-${a.subject}`}>{t('apr.reject')}</button>
            </>
          : <>
              <button type="button" class="btn btn-danger" disabled={busy} onClick={() => decide('reject')}
                data-testid={`reject-confirm-${a.subject}`}>{t('apr.reject.confirm')}</button>
              <button type="button" class="btn" disabled={busy} onClick={() => setRejecting(false)}>{t('form.cancel')}</button>
            </>}
      </div>
    </div>
  );
}

// ---- person, consents, referrals ----

function PersonBox({ c, codes }: { c: Case; codes: Codes | undefined }) {
  const { t, lang } = useI18n();
  const p = c.person;
  if (!p) return null;
  const rows: [string, ComponentChildren][] = [
    [t('person.full_name'), <strong>{p.full_name}</strong>],
    [t('person.sex'), codeLabel(codes, lang, 'sex', p.sex)],
    [p.birth_date ? t('person.birth_date') : t('person.birth_year'), p.birth_date ? shortDate(p.birth_date) : p.birth_year ? String(p.birth_year) : ''],
    [t('person.ethnicity'), codeLabel(codes, lang, 'ethnicity', p.ethnicity)],
    [t('person.national_id'), p.national_id ? <span class="code">{p.national_id}</span> : ''],
    [t('person.address'), p.address_unit ? <UnitName code={p.address_unit} tree={p.address_tree ?? c.unit_tree} /> : ''],
    [t('person.contacts'), p.contacts ?? ''],
  ];
  return (
    <section class="panel" aria-labelledby="person-h" data-testid="person-box">
      <h2 id="person-h">{t('intake.person')}</h2>
      <dl class="kv">
        {rows.filter(([, v]) => v !== '' && v !== null).map(([k, v]) => (
          <div key={k} class="kv-row"><dt>{k}</dt><dd>{v}</dd></div>
        ))}
      </dl>
    </section>
  );
}

function ConsentSummary({ c }: { c: Case }) {
  const { t } = useI18n();
  const k = c.consents;
  if (!k) return null;
  const show = (v: boolean | null) => (v === null ? t('con.none') : v ? t('con.given.yes') : t('con.given.no'));
  return (
    <>
      <h3>{t('con.heading')}</h3>
      <dl class="kv kv-compact" data-testid="consents">
        <div class="kv-row"><dt>{t('con.services')}</dt><dd>{show(k.services)}</dd></div>
        <div class="kv-row">
          <dt>{t('con.sharing')}</dt>
          <dd>{show(k.sharing)}{k.sharing && k.sharing_orgs && k.sharing_orgs.length > 0 && <span class="muted"> · {k.sharing_orgs.join('; ')}</span>}</dd>
        </div>
        <div class="kv-row"><dt>{t('con.statistics')}</dt><dd>{show(k.statistics)}</dd></div>
      </dl>
    </>
  );
}

function Referrals({ c, codes, referrals, canWrite, onDone }: {
  c: Case; codes: Codes | undefined; referrals: Referral[]; canWrite: boolean; onDone: (m: MessageKey) => void;
}) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!referrals.length) return null;
  async function act(r: Referral, a: 'accept' | 'decline' | 'complete') {
    setBusy(r.id);
    setError(null);
    try {
      await referralAction(r.id, a);
      onDone(`case.done.ref.${a}` as MessageKey);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }
  return (
    <section class="panel" aria-labelledby="refs-h" data-testid="referrals">
      <h2 id="refs-h">{t('ref.heading')}</h2>
      {error ? <ErrorBox error={error} /> : null}
      <ul class="ref-list">
        {referrals.map((r) => (
          <li key={r.id} data-testid={`referral-${r.id}`}>
            <div>
              <span class={`tag status-${r.status}`}>{t(`status.${r.status}` as MessageKey)}</span>{' '}
              <strong>{codeLabel(codes, lang, 'service', r.service)}</strong>{r.to_org && <> → {r.to_org}</>}
              {r.to_unit && <> (<UnitName code={r.to_unit} tree={r.to_tree ?? c.unit_tree} />)</>}
              {r.created_at && <span class="muted"> · {shortDate(r.created_at)}</span>}
            </div>
            {canWrite && c.stage !== 'closed' && (r.status === 'sent' ? !r.to_unit : r.status === 'accepted') && (
              <div class="form-actions">
                {r.status === 'sent' && !r.to_unit && <>
                  <button type="button" class="btn btn-small" disabled={busy === r.id} onClick={() => act(r, 'accept')}
                    data-testid={`ref-accept-${r.id}`}>{t('ref.accepted')}</button>
                  <button type="button" class="btn btn-small" disabled={busy === r.id} onClick={() => act(r, 'decline')}
                    data-testid={`ref-decline-${r.id}`}>{t('ref.declined')}</button>
                </>}
                {r.status === 'accepted' && (
                  <button type="button" class="btn btn-small" disabled={busy === r.id} onClick={() => act(r, 'complete')}
                    data-testid={`ref-complete-${r.id}`}>{t('ref.completed')}</button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

