// The caller's inbox (#/inbox, GET /api/v1/inbox): what is overdue, what is
// due within two days, approvals to decide, referrals and transfers waiting
// for the caller's unit (accepted or declined here), visits due; periodic
// reports due from the caller's unit and those of the units below waiting
// for its approval (docs/reports.md §Inbox reminders), each a link.
import { useState } from 'preact/hooks';
import {
  getInbox, listReferrals, listTransfers, referralAction, transferAction, type InboxItem, type Referral,
  type ReportInboxItem,
} from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { href } from '../router';
import { useAsync } from '../util';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import {
  OverdueBadge, StageTag, UnitName, codeLabel, dueText, shortDate, shortTime, typeName, useCodes, vnToday,
} from '../components/CaseKit';
import { TimelinessTag, reportTitle } from '../components/ReportKit';
import { day } from '../components/NetKit';
import '../reports.css';

const GROUPS: { kind: string; title: MessageKey; empty?: boolean }[] = [
  { kind: 'overdue', title: 'inbox.overdue' },
  { kind: 'deadline', title: 'inbox.deadline' },
  { kind: 'approval', title: 'inbox.approval' },
  { kind: 'referral', title: 'inbox.referral' },
  { kind: 'transfer', title: 'inbox.transfer' },
  { kind: 'visit', title: 'inbox.visit' },
  { kind: 'report_due', title: 'inbox.report_due' },
  { kind: 'report_review', title: 'inbox.report_review' },
];

// The inbox, with the referrals and transfers it names (service, sender,
// note), asked only when there are some.
async function loadInbox(): Promise<{ items: InboxItem[]; sent: Map<string, Referral> }> {
  const { items } = await getInbox();
  const sent = new Map<string, Referral>();
  const asks: Promise<void>[] = [];
  if (items.some((i) => i.kind === 'referral')) {
    asks.push(listReferrals({ box: 'in', status: 'sent', page_size: 200 })
      .then((p) => p.items.forEach((x) => sent.set(`referral-${x.id}`, x)), () => {}));
  }
  if (items.some((i) => i.kind === 'transfer')) {
    asks.push(listTransfers({ box: 'in', status: 'sent', page_size: 200 })
      .then((p) => p.items.forEach((x) => sent.set(`transfer-${x.id}`, x)), () => {}));
  }
  await Promise.all(asks);
  return { items, sent };
}

export function InboxPage() {
  const { t } = useI18n();
  const r = useAsync(loadInbox, []);
  const items = r.data?.items ?? [];
  const known = GROUPS.map((g) => g.kind);
  const other = items.filter((i) => !known.includes(i.kind));
  return (
    <div class="inbox" data-testid="inbox-page">
      <div class="page-head">
        <h1>{t('inbox.heading')}</h1>
        <button type="button" class="btn btn-small" onClick={r.reload} disabled={r.loading} data-testid="inbox-reload">
          {t('inbox.reload')}
        </button>
      </div>
      {r.error ? <ErrorBox error={r.error} onRetry={r.reload} />
        : !r.data ? <Loading />
          : items.length === 0
            ? <p class="empty" data-testid="inbox-empty">{t('inbox.empty')}</p>
            : <>
                <nav class="inbox-summary" aria-label={t('inbox.summary')}>
                  {GROUPS.filter((g) => items.some((i) => i.kind === g.kind)).map((g) => (
                    <a key={g.kind} href={`#/inbox`} class={`inbox-count inbox-count-${g.kind}`}
                      onClick={(e) => { e.preventDefault(); document.getElementById(`inbox-${g.kind}`)?.scrollIntoView(); }}>
                      <strong>{items.filter((i) => i.kind === g.kind).length}</strong> {t(g.title)}
                    </a>
                  ))}
                </nav>
                {GROUPS.map((g) => {
                  const list = items.filter((i) => i.kind === g.kind);
                  if (!list.length) return null;
                  return (
                    <section key={g.kind} class={`inbox-group inbox-${g.kind}`} id={`inbox-${g.kind}`}
                      aria-labelledby={`inbox-${g.kind}-h`} data-testid={`inbox-${g.kind}`}>
                      <h2 id={`inbox-${g.kind}-h`}>{t(g.title)} <span class="count-badge">{list.length}</span></h2>
                      <ul class="inbox-list">
                        {list.map((i, n) => i.kind.startsWith('report_')
                          ? <ReportRow key={`${i.kind}-${n}`} item={i as unknown as ReportInboxItem} />
                          : <InboxRow key={`${i.kind}-${i.case_id}-${n}`} item={i} onDone={r.reload}
                            sent={r.data!.sent.get(`${i.kind}-${i.referral_id ?? i.transfer_id}`)} />)}
                      </ul>
                    </section>
                  );
                })}
                {other.length > 0 && (
                  <section class="inbox-group">
                    <h2>{t('inbox.other')}</h2>
                    <ul class="inbox-list">{other.map((i, n) => <InboxRow key={n} item={i} onDone={r.reload} />)}</ul>
                  </section>
                )}
              </>}
    </div>
  );
}

// Days a visit is late: due on a day (the instant it starts), late from the
// day after, whatever the server counts from.
function visitLate(due: string): number {
  const day = shortDate(due).split('/').reverse().join('-');
  const today = vnToday();
  if (day >= today) return 0;
  return Math.round((Date.parse(today) - Date.parse(day)) / 86400000);
}

function InboxRow({ item: i, onDone, sent }: { item: InboxItem; onDone: () => void; sent?: Referral }) {
  const { t, lang } = useI18n();
  const { codes } = useCodes();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [declining, setDeclining] = useState(false);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const askId = i.kind === 'referral' ? i.referral_id : i.kind === 'transfer' ? (i.transfer_id ?? i.referral_id) : undefined;

  async function act(action: 'accept' | 'decline') {
    if (busy || askId === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const c = comment.trim() || undefined;
      if (i.kind === 'referral') await referralAction(askId, action, c);
      else await transferAction(askId, action, c);
      setDone(action);
      window.setTimeout(onDone, 1500);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="inbox-item" data-testid={`inbox-item-${i.kind}`} data-case={i.case_no}>
      <div class="inbox-main">
        <div class="inbox-head">
          <a class="code row-title" href={href(['cases', String(i.case_id)])} data-testid="inbox-case">{i.case_no ?? `#${i.case_id}`}</a>
          {i.case_type && <span class="muted">{typeName(t, i.case_type)}</span>}
          {i.stage && <StageTag stage={i.stage} />}
        </div>
        <div class="inbox-detail">
          {(i.kind === 'overdue' || i.kind === 'deadline') && (
            <>
              {i.due_at && <span>{t('case.dueAt', { when: dueText(t, i.due_at) })} </span>}
              <OverdueBadge c={{ overdue: i.kind === 'overdue', overdue_seconds: i.overdue_seconds, due_at: i.due_at ?? null, stage: i.stage ?? '' }} />
            </>
          )}
          {i.kind === 'approval' && (
            <span>{t('inbox.approval.subject', { subject: codeLabel(codes, lang, 'approval_subject', i.subject ?? '') })}</span>
          )}
          {i.kind === 'referral' && sent && (
            <span>
              {t('inbox.referral.service', { service: codeLabel(codes, lang, 'service', sent.service ?? '') })}
              {sent.from_unit && <> · {t('inbox.from')}<UnitName code={sent.from_unit} tree={sent.from_tree} /></>}
              {sent.to_unit && <> → <UnitName code={sent.to_unit} tree={sent.to_tree} /></>}
              {sent.created_at && <span class="muted"> · {shortTime(sent.created_at)}</span>}
              {sent.note && <span class="inbox-note">{sent.note}</span>}
            </span>
          )}
          {i.kind === 'transfer' && sent && (
            <span>
              {sent.from_unit && <>{t('inbox.from')}<UnitName code={sent.from_unit} tree={sent.from_tree} /></>}
              {sent.to_unit && <> → <UnitName code={sent.to_unit} tree={sent.to_tree} /></>}
              {sent.created_at && <span class="muted"> · {shortTime(sent.created_at)}</span>}
              {sent.reason && <span class="inbox-note">{sent.reason}</span>}
            </span>
          )}
          {i.kind === 'visit' && (
            <span>
              {i.due_at && t('inbox.visit.due', { when: shortDate(i.due_at) })}
              {i.due_at && visitLate(i.due_at) > 0
                ? <> <span class="tag tag-overdue">{t('case.overdue', { span: t('span.days', { n: visitLate(i.due_at) }) })}</span></>
                : null}
            </span>
          )}
        </div>
        {error ? <ErrorBox error={error} /> : null}
        {declining && !done && (
          <label class="field decline-box">
            <span>{t('inbox.decline.comment')}</span>
            <input value={comment} onInput={(e) => setComment(e.currentTarget.value)} data-testid="inbox-decline-comment" />
          </label>
        )}
      </div>
      <div class="inbox-actions">
        {done
          ? <span class="status status-on" role="status">{t(done === 'accept' ? 'inbox.accepted' : 'inbox.declined')}</span>
          : askId !== undefined
            ? declining
              ? <>
                  <button type="button" class="btn btn-small btn-danger" disabled={busy} onClick={() => act('decline')}
                    data-testid="inbox-decline-confirm">{t('inbox.decline.confirm')}</button>
                  <button type="button" class="btn btn-small" disabled={busy} onClick={() => setDeclining(false)}>{t('form.cancel')}</button>
                </>
              : <>
                  <button type="button" class="btn btn-small btn-primary" disabled={busy} onClick={() => act('accept')}
                    data-testid="inbox-accept">{t('inbox.accept')}</button>
                  <button type="button" class="btn btn-small" disabled={busy} onClick={() => setDeclining(true)}
                    data-testid="inbox-decline">{t('inbox.decline')}</button>
                </>
            : i.kind === 'approval'
              ? <a class="btn btn-small btn-primary" href={href(['cases', String(i.case_id)])} data-testid="inbox-approval-open">{t('inbox.approval.open')}</a>
              : null}
      </div>
    </li>
  );
}

// A report due from the caller's unit (open it, or create it when there is
// none yet) or one of a unit below waiting for the caller's approval.
function ReportRow({ item: i }: { item: ReportInboxItem }) {
  const { t } = useI18n();
  const open = i.report_id ? href(['reports', String(i.report_id)]) : href(['reports'], { create: i.period });
  const left = i.days_left;
  return (
    <li class="inbox-item inbox-report" data-testid={`inbox-item-${i.kind}`} data-period={i.period} data-unit={i.unit_code}
      data-report={i.report_id ?? ''}>
      <div class="inbox-main">
        <div class="inbox-head">
          <a class="row-title" href={open} data-testid="inbox-report">{reportTitle(t, i.period)}</a>
          <span class="muted"><UnitName code={i.unit_code} /></span>
          {i.kind === 'report_due' && i.timeliness && <TimelinessTag value={i.timeliness} />}
        </div>
        <div class="inbox-detail">
          {i.kind === 'report_due' && i.due_date && (
            <span>
              {t('rep.due.on', { day: day(i.due_date) })}
              {left !== undefined && <span class={left < 0 ? 'rep-left-late' : 'rep-left-soon'}>
                {' · '}{left > 0 ? t('rep.daysLeft', { n: left }) : left === 0 ? t('rep.dueToday') : t('rep.daysLate', { n: -left })}
              </span>}
            </span>
          )}
          {i.kind === 'report_review' && i.submitted_at && <span>{t('inbox.report.submitted', { when: shortTime(i.submitted_at) })}</span>}
        </div>
      </div>
      <div class="inbox-actions">
        <a class="btn btn-small btn-primary" href={open} data-testid="inbox-report-open">
          {i.kind === 'report_review' ? t('inbox.report.review') : i.report_id ? t('inbox.report.open') : t('inbox.report.create')}
        </a>
      </div>
    </li>
  );
}
