// English messages of a plan's report settings; typed against
// report-settings.vi.ts.
import type { viReportSettings } from './report-settings.vi';

export const enReportSettings: { readonly [K in keyof typeof viReportSettings]: string } = {
  'rset.tab': 'Reports',
  'rset.heading': 'Periodic report settings',
  'rset.intro': 'For the six-monthly and annual reports under this plan: which days their data cover, when they are due and how many days before the due date reminders start.',
  'rset.state.default': 'Using the defaults',
  'rset.state.default.more': 'this plan has no settings of its own.',
  'rset.state.stored': 'Set for this plan',
  'rset.state.stored.more': 'these replace the defaults.',

  'rset.window': 'Data period of the reports',
  'rset.window.decree_09': 'By Decree 09/2019/NĐ-CP',
  'rset.window.decree_09.more': 'half-year: 15 Dec of the year before – 14 Jun; year: 15 Dec of the year before – 14 Dec',
  'rset.window.calendar': 'By calendar year',
  'rset.window.calendar.more': 'half-year: 1 Jan – 30 Jun; year: 1 Jan – 31 Dec',

  'rset.due': 'Due date',
  'rset.due.s1': 'First-half report',
  'rset.due.s2': 'Second-half report',
  'rset.due.annual': 'Annual report',
  'rset.day': 'Day',
  'rset.month': 'Month',
  'rset.monthN': '{name}',
  'rset.year': 'Year',
  'rset.offset.0': 'same year',
  'rset.offset.1': 'next year',
  'rset.date': '{day} {name}',
  'rset.dateNext': '{day} {name} of the next year',

  'rset.dueDayCounts': 'A report submitted on the due day is on time',
  'rset.dueDayCounts.hint': 'Untick if “before 15 June” means 14 June at the latest.',
  'rset.reminder': 'Reminder before the due date (days)',
  'rset.reminder.hint': '0 to 60. “To do” reminds the unit from that many days before the due date until the report is submitted.',

  'rset.view.due.s1': 'First-half report due',
  'rset.view.due.s2': 'Second-half report due',
  'rset.view.due.annual': 'Annual report due',
  'rset.view.dueDay': 'Submitted on the due day',
  'rset.view.dueDay.yes': 'on time',
  'rset.view.dueDay.no': 'late',
  'rset.view.reminder': 'Reminders',
  'rset.view.reminder.days': '{n} days before the due date',
  'rset.view.reminder.one': '1 day before the due date',
  'rset.view.reminder.zero': 'from the due day',

  'rset.early.title': 'Due before the data period ends',
  'rset.early.item': '{report}: due {due}, but its data run to the end of {end}. Better: {suggest}.',
  'rset.early.note': 'It can still be saved if the plan wants it so.',
  'rset.early.apply': 'Use the suggested dates',

  'rset.save': 'Save settings',
  'rset.discard': 'Discard changes',
  'rset.saved': 'The plan’s report settings are saved.',
  'rset.readOnly': 'Only province and district staff of the plan’s unit can change these settings.',

  'rset.error.feb29': '{report}: 29 February cannot be a due date, as not every year has it.',
  'rset.error.day': '{report}: month {month} has {days} days.',
  'rset.error.month': '{report}: the month must be 1 to 12.',
  'rset.error.reminder': 'The reminder days must be a whole number from 0 to 60.',
};
