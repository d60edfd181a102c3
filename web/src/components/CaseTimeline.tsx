// The case's history (GET /cases/ID/history), newest first: every event
// with who and when, field changes as old → new, and corrections shown on
// the event they correct.  Notes, assessments, plans, services and visits
// can be corrected (a new event with a reason; nothing is ever deleted).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Case, CaseEvent, Codes, User } from '../api';
import { hasKey, useI18n, type T } from '../i18n';
import { UnitName, codeLabel, dueText, shortDate, shortTime, stageName, workerName } from './CaseKit';
import { factName, factText } from './CaseFacts';
import { EventForm, type Done } from './CaseForms';

const CORRECTABLE = ['note', 'assessment', 'plan', 'service', 'visit'];

function label(t: T, prefix: string, code: string): string {
  const k = `${prefix}${code}`;
  return hasKey(k) ? t(k) : code;
}

interface Props {
  events: CaseEvent[];
  c: Case;
  codes: Codes | undefined;
  me: User;
  canCorrect: boolean;
  onDone: Done;
}

export function CaseTimeline({ events, c, codes, me, canCorrect, onDone }: Props) {
  const { t } = useI18n();
  const [correcting, setCorrecting] = useState<number | null>(null);
  const corrections = new Map<number, CaseEvent[]>();
  // What a referral or transfer asked, for the events that only answer it.
  const origins = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    if (e.corrects) corrections.set(e.corrects, [...(corrections.get(e.corrects) ?? []), e]);
    const rid = e.data?.referral_id ?? e.data?.transfer_id;
    if ((e.kind === 'referral' || e.kind === 'transfer') && rid !== undefined && !origins.has(`${e.kind}-${rid}`)) {
      origins.set(`${e.kind}-${rid}`, e.data ?? {});
    }
  }
  const shown = [...events].reverse();
  if (!shown.length) return <p class="muted">{t('tl.none')}</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {shown.map((e) => {
        const fixes = corrections.get(e.id);
        const kind = e.kind === 'correction' ? String(e.data?.kind ?? '') : e.kind;
        return (
          <li key={e.id} class={`tl-item tl-${e.kind}${fixes ? ' tl-corrected' : ''}`} data-testid={`tl-${e.kind}`} data-event={e.id}>
            <div class="tl-head">
              <span class="tl-kind">
                {e.kind === 'approval' && e.data?.status === 'requested' ? t('tl.kind.approval.requested') : label(t, 'tl.kind.', e.kind)}
              </span>
              <span class="tl-meta">
                <time dateTime={e.at}>{shortTime(e.at)}</time>
                {e.actor?.username && <> · {e.actor.username}</>}
              </span>
            </div>
            <div class="tl-body">
              {e.kind === 'correction' && (
                <p class="tl-line">
                  {t('tl.corrects', {
                    kind: label(t, 'tl.kind.', kind),
                    when: shortTime(events.find((x) => x.id === e.corrects)?.at ?? ''),
                  })}
                  {e.reason && <> — <em>{e.reason}</em></>}
                </p>
              )}
              <EventBody e={e} kind={kind} c={c} codes={codes} me={me}
                origin={origins.get(`${e.kind}-${e.data?.referral_id ?? e.data?.transfer_id}`)} />
            </div>
            {fixes && (
              <p class="tl-fixed" data-testid="tl-fixed">
                {t('tl.correctedBy', { when: fixes.map((f) => shortTime(f.at)).join(', ') })}
              </p>
            )}
            {canCorrect && CORRECTABLE.includes(e.kind) && correcting !== e.id && (
              <button type="button" class="btn btn-small tl-correct" onClick={() => setCorrecting(e.id)}
                data-testid={`tl-correct-${e.id}`}>{t('tl.correct')}</button>
            )}
            {correcting === e.id && (
              <div class="tl-correct-form">
                <EventForm kind={e.kind} c={c} codes={codes} correcting={e}
                  onCancel={() => setCorrecting(null)} onDone={(m) => { setCorrecting(null); onDone(m); }} />
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function Row({ k, children }: { k: string; children: ComponentChildren }) {
  return <div class="tl-kv"><span class="tl-k">{k}:</span> <span class="tl-v">{children}</span></div>;
}

function Text({ v }: { v: unknown }) {
  return typeof v === 'string' && v ? <p class="tl-text">{v}</p> : null;
}

function EventBody({ e, kind, c, codes, me, origin }: {
  e: CaseEvent; kind: string; c: Case; codes: Codes | undefined; me: User; origin?: Record<string, unknown>;
}) {
  const { t, lang } = useI18n();
  // Answers to a referral or transfer carry only its id and the new status.
  const d = { ...(origin ?? {}), ...Object.fromEntries(Object.entries(e.data ?? {}).filter(([, v]) => v !== null)) };
  if (origin && origin !== e.data) delete d.note;
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  const code = (list: string, k: string) => codeLabel(codes, lang, list, s(k));
  const status = s('status') ? <span class={`tag status-${s('status')}`}>{label(t, 'status.', s('status'))}</span> : null;
  switch (kind) {
    case 'created':
      return (
        <p class="tl-line">
          {t('tl.created')}
          {d.hotline_call_id ? <> {t('tl.fromCall', { id: String(d.hotline_call_id) })}</> : null}
          {s('unit_code') && <> · <UnitName code={s('unit_code')} tree={s('unit_tree')} /></>}
        </p>
      );
    case 'transition':
      return (
        <>
          <p class="tl-line tl-stages">
            {stageName(t, s('from'))} <span aria-hidden="true">→</span><span class="visually-hidden">{t('tl.to')}</span> <strong>{stageName(t, s('to'))}</strong>
            {s('due_at') && <span class="muted"> · {t('case.dueAt', { when: dueText(t, s('due_at')) })}</span>}
          </p>
          {s('closure_reason') && <Row k={t('case.closure_reason')}>{code('closure_reason', 'closure_reason')}</Row>}
          {s('reason') && <Row k={t('tl.reason')}>{s('reason')}</Row>}
        </>
      );
    case 'field_change': {
      const field = s('field');
      const show = (v: unknown) => (field === 'person.address_unit' && typeof v === 'string' && v
        ? <UnitName code={v} tree={s('address_tree') || c.unit_tree} />
        : changeValue(t, lang, codes, c, me, field, v));
      return (
        <p class="tl-line tl-change" data-testid="tl-change">
          <span class="tl-k">{fieldName(t, field)}:</span>{' '}
          <del>{show(d.old)}</del> <span aria-hidden="true">→</span><span class="visually-hidden">{t('tl.to')}</span> <ins>{show(d.new)}</ins>
        </p>
      );
    }
    case 'note':
      return <Text v={d.text} />;
    case 'assessment':
      return (
        <>
          {s('risk_level') && <Row k={t('ev.risk_level')}><span class={`tag risk-${s('risk_level')}`}>{code('risk_level', 'risk_level')}</span></Row>}
          {s('protection_level') && <Row k={t('ev.protection_level')}>{code('protection_level', 'protection_level')}</Row>}
          <Text v={d.text} />
        </>
      );
    case 'plan':
      return (
        <>
          <Text v={d.summary} />
          {Array.isArray(d.items) && (
            <ol class="tl-plan-items">
              {(d.items as Record<string, unknown>[]).map((i, n) => (
                <li key={n}>
                  <strong>{codeLabel(codes, lang, 'service', String(i.service ?? ''))}</strong>
                  {typeof i.description === 'string' && i.description && <> — {i.description}</>}
                  {(i.due_date || i.responsible) ? (
                    <span class="muted">
                      {i.due_date ? <> · {t('ev.plan.by', { when: shortDate(String(i.due_date)) })}</> : null}
                      {i.responsible ? <> · {String(i.responsible)}</> : null}
                    </span>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </>
      );
    case 'service':
      return (
        <>
          <p class="tl-line"><strong>{code('service', 'service')}</strong> · {shortDate(s('date'))} · {s('provider')}</p>
          <Text v={d.note} />
        </>
      );
    case 'visit':
      return (
        <>
          <p class="tl-line">{t('tl.visitOn', { when: shortDate(s('date')) })}
            {s('next_visit_due') && <span class="muted"> · {t('tl.nextVisit', { when: shortDate(s('next_visit_due')) })}</span>}
          </p>
          <Text v={d.note} />
        </>
      );
    case 'referral':
      return (
        <>
          <p class="tl-line">
            {status}{' '}
            {s('service') && <strong>{code('service', 'service')}</strong>}
            {s('to_org') && <> → {s('to_org')}</>}
            {s('to_unit') && <> (<UnitName code={s('to_unit')} tree={c.unit_tree} />)</>}
          </p>
          <Text v={d.note} />
          <Text v={d.comment} />
        </>
      );
    case 'transfer':
      return (
        <>
          <p class="tl-line">
            {status}{' '}
            {s('from_unit') && <><UnitName code={s('from_unit')} tree={c.unit_tree} /> </>}
            {s('to_unit') && <>→ <UnitName code={s('to_unit')} tree={s('to_tree') || c.unit_tree} /></>}
          </p>
          <Text v={d.note} />
          <Text v={d.comment} />
        </>
      );
    case 'consent':
      return (
        <>
          <p class="tl-line">
            <strong>{code('consent_kind', 'kind')}</strong>:{' '}
            <span class={d.given ? 'tag status-approved' : 'tag status-rejected'}>{t(d.given ? 'con.given.yes' : 'con.given.no')}</span>
            {' '}· {code('consent_by', 'given_by')}{s('guardian_name') && <> ({s('guardian_name')})</>} · {shortDate(s('date'))}
          </p>
          {Array.isArray(d.organisations) && d.organisations.length > 0 && (
            <Row k={t('con.organisations')}>{(d.organisations as string[]).join('; ')}</Row>
          )}
        </>
      );
    case 'approval':
      return (
        <>
          <p class="tl-line">{status} {code('approval_subject', 'subject')}
            {s('closure_reason') && <> · {code('closure_reason', 'closure_reason')}</>}
          </p>
          <Text v={d.note} />
          <Text v={d.comment} />
        </>
      );
    default:
      return (
        <>
          {Object.entries(d).filter(([k]) => k !== 'kind').map(([k, v]) => (
            <Row key={k} k={k}>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</Row>
          ))}
        </>
      );
  }
}

function fieldName(t: T, field: string): string {
  if (field.startsWith('details.')) return factName(t, field.slice(8));
  if (field.startsWith('person.')) return label(t, 'person.', field.slice(7));
  const k = `field.${field}`;
  return hasKey(k) ? t(k) : field;
}

function changeValue(t: T, lang: 'vi' | 'en', codes: Codes | undefined, c: Case, me: User, field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('tl.empty');
  if (field === 'assigned_to') return workerName(t, Number(v), me);
  if (field === 'urgency') return codeLabel(codes, lang, 'urgency', String(v));
  if (field === 'risk_level') return codeLabel(codes, lang, 'risk_level', String(v));
  if (field === 'person.sex') return codeLabel(codes, lang, 'sex', String(v));
  if (field === 'person.ethnicity') return codeLabel(codes, lang, 'ethnicity', String(v));
  if (field.startsWith('details.')) return factText(t, lang, codes, c.type, field.slice(8), v);
  if (typeof v === 'boolean') return t(v ? 'form.yes' : 'form.no');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
