// Pieces the periodic-report pages share (docs/reports.md): who may do
// what, report periods (2020S1, 2020) and their titles ("Báo cáo 6 tháng
// đầu năm 2020"), the status and timeliness tags (colour, mark and words),
// the due date with the days left, and the words for the API's refusals.
// Used by pages/Reports.tsx, pages/Report.tsx (both loaded with import())
// and the inbox.
import { ApiError, type User } from '../api';
import { hasKey, useI18n, type T } from '../i18n';
import { errorMessage } from '../util';
import { day } from './NetKit';
import { currentYear, indCan } from './IndKit';

// ---- roles (docs/reports.md §Endpoints) ----

const APPROVERS = ['province', 'district'];
export const repCan = {
  read: (u: User) => indCan.read(u),
  // create, edit, submit: the writers of aggregates, for their own unit
  write: (u: User) => indCan.aggregatesWrite(u),
  // approve and return the reports of the units directly below
  approve: (u: User) => APPROVERS.includes(u.role),
  // the DHIS2 file: writers only (a masked count is not a number)
  dhis2: (u: User) => indCan.aggregatesWrite(u),
};

// ---- periods ----

export type Template = 'six_monthly' | 'annual';

// The template a period belongs to: 2020S1 six-monthly, 2020 annual.
export function templateOf(period: string): Template | null {
  if (/^\d{4}S[12]$/.test(period)) return 'six_monthly';
  if (/^\d{4}$/.test(period)) return 'annual';
  return null;
}

// The half-year we are in (Vietnam time): the default period of the pages.
export function currentHalf(): string {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  return `${now.getUTCFullYear()}S${now.getUTCMonth() < 6 ? 1 : 2}`;
}

// Periods offered by the filters: next year's down to 2016, each year's
// annual report after its two halves.
export function periodChoices(): string[] {
  const out: string[] = [];
  for (let y = currentYear() + 1; y >= 2016; y--) out.push(String(y), `${y}S2`, `${y}S1`);
  return out;
}

// "Báo cáo 6 tháng đầu năm 2020", "Báo cáo năm 2020".
export function reportTitle(t: T, period: string): string {
  const m = /^(\d{4})(S([12]))?$/.exec(period);
  if (!m) return period;
  if (!m[2]) return t('rep.title.annual', { year: m[1] });
  return t(m[3] === '1' ? 'rep.title.s1' : 'rep.title.s2', { year: m[1] });
}

// ---- tags ----

const STATUSES = ['draft', 'submitted', 'approved'];
const TIMELINESS = ['on_time', 'late', 'missing', 'pending'];
const TIME_MARK: Record<string, string> = { on_time: '✓', late: '!', missing: '✕', pending: '–' };

export function statusText(t: T, s: string | null | undefined): string {
  return s && STATUSES.includes(s) ? t(`rep.status.${s}` as 'rep.status.draft') : t('rep.status.none');
}

export function ReportStatusTag({ status, testid = 'rep-status' }: { status: string | null | undefined; testid?: string }) {
  const { t } = useI18n();
  const s = status && STATUSES.includes(status) ? status : 'none';
  return <span class={`tag rep-status rep-status-${s}`} data-testid={testid} data-status={s}>{statusText(t, status)}</span>;
}

// Colour, a mark and the words: never colour alone.
export function TimelinessTag({ value, testid = 'rep-timeliness' }: { value: string | null | undefined; testid?: string }) {
  const { t } = useI18n();
  const v = value && TIMELINESS.includes(value) ? value : 'pending';
  return (
    <span class={`tag rep-time rep-time-${v}`} data-testid={testid} data-timeliness={v}>
      <span class="rep-mark" aria-hidden="true">{TIME_MARK[v]}</span>{t(`rep.timeliness.${v}` as 'rep.timeliness.on_time')}
    </span>
  );
}

// "15/06/2020" with "còn 3 ngày" / "quá hạn 2 ngày" while not submitted.
export function DueText({ due, daysLeft, submitted }: { due: string; daysLeft?: number | null; submitted: boolean }) {
  const { t } = useI18n();
  let left: string | null = null;
  if (!submitted && daysLeft !== undefined && daysLeft !== null) {
    left = daysLeft > 0 ? t('rep.daysLeft', { n: daysLeft }) : daysLeft === 0 ? t('rep.dueToday') : t('rep.daysLate', { n: -daysLeft });
  }
  return (
    <span class="rep-due" data-testid="rep-due" data-due={due}>
      <span class="nowrap">{day(due)}</span>
      {left && <span class={daysLeft! < 0 ? 'rep-left rep-left-late' : daysLeft! <= 7 ? 'rep-left rep-left-soon' : 'rep-left'}>{left}</span>}
    </span>
  );
}

// ---- errors ----

// The words for a refusal of the report endpoints: their own codes first
// (locked, invalid_transition, a field), else the shared catalogue.
export function reportError(t: T, e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'locked' || e.code === 'invalid_transition') return t(`rep.error.${e.code}`);
    if (e.status === 403) return t('rep.error.forbidden');
    if (e.status === 422 && e.field) {
      const f = e.field.split('.').pop()!;
      if (['results', 'difficulties', 'proposals', 'narrative'].includes(f)) return t('rep.error.field.text');
      if (f === 'comment') return t('rep.comment.long');
      const key = `rep.error.field.${f}`;
      if (hasKey(key)) return t(key);
    }
  }
  return errorMessage(t, e);
}
