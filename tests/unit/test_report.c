/*
 * test_report.c — the rules of periodic reports (report.h,
 * docs/reports.md): template and period pairs; Decree 09/2019 and
 * calendar windows with leap years and their instants; due dates, the
 * plan's overrides and the due-day setting; timeliness at 23:59 and 00:01
 * Vietnam time; reminders 8, 7 and 0 days before; every transition from
 * every state; who may act by scope; the order of the checks; sums of
 * numerators and denominators with missing children.
 *
 * Instants are written as UTC text and read with time_parse_iso8601, an
 * implementation independent of report.c; local 23:59 is 16:59Z.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/deadline.h"
#include "domain/report.h"
#include "lib/timeutil.h"

static int64_t at(const char *iso)
{
	int64_t t = 0;
	if (time_parse_iso8601(iso, &t) != 0)
		fail_msg("bad instant %s", iso);
	return t;
}

static struct report_period rp(const char *template, const char *period)
{
	struct report_period out;
	if (report_period_parse(template, period, &out) != REPORT_OK)
		fail_msg("bad report period %s %s", template, period);
	return out;
}

/* ---- templates and periods -------------------------------------------- */

static void parses_template_and_period_pairs(void **state)
{
	(void)state;
	struct report_period p;
	assert_int_equal(report_period_parse("six_monthly", "2020S1", &p),
	                 REPORT_OK);
	assert_int_equal(p.template, REPORT_SIX_MONTHLY);
	assert_int_equal(p.period.kind, PERIOD_HALF);
	assert_int_equal(p.period.year, 2020);
	assert_int_equal(p.period.part, 1);
	assert_int_equal(report_period_parse("six_monthly", "2021S2", &p),
	                 REPORT_OK);
	assert_int_equal(p.period.part, 2);
	assert_int_equal(report_period_parse("annual", "2020", &p), REPORT_OK);
	assert_int_equal(p.template, REPORT_ANNUAL);
	assert_int_equal(p.period.kind, PERIOD_YEAR);
	assert_string_equal(p.period.code, "2020");

	/* A valid period of the wrong kind is the period's fault. */
	assert_int_equal(report_period_parse("six_monthly", "2020", &p),
	                 REPORT_ERR_PERIOD);
	assert_int_equal(report_period_parse("annual", "2020S1", &p),
	                 REPORT_ERR_PERIOD);
	assert_int_equal(report_period_parse("annual", "2020Q1", &p),
	                 REPORT_ERR_PERIOD);
	assert_int_equal(report_period_parse("six_monthly", "2020-06", &p),
	                 REPORT_ERR_PERIOD);
	assert_int_equal(report_period_parse("six_monthly", "2020S3", &p),
	                 REPORT_ERR_PERIOD);
	assert_int_equal(report_period_parse("annual", "1999", &p),
	                 REPORT_ERR_PERIOD);
	assert_int_equal(report_period_parse("annual", NULL, &p),
	                 REPORT_ERR_PERIOD);
	/* The template is checked first. */
	assert_int_equal(report_period_parse("monthly", "2020", &p),
	                 REPORT_ERR_TEMPLATE);
	assert_int_equal(report_period_parse("Annual", "2020", &p),
	                 REPORT_ERR_TEMPLATE);
	assert_int_equal(report_period_parse(NULL, "nonsense", &p),
	                 REPORT_ERR_TEMPLATE);

	assert_string_equal(report_template_name(REPORT_SIX_MONTHLY),
	                    "six_monthly");
	assert_string_equal(report_template_name(REPORT_ANNUAL), "annual");
	assert_null(report_template_name(REPORT_TEMPLATE__MAX));
	enum report_window_rule w;
	assert_int_equal(report_window_rule_parse("calendar", &w), 0);
	assert_int_equal(w, REPORT_WINDOW_CALENDAR);
	assert_int_equal(report_window_rule_parse("decree_09", &w), 0);
	assert_int_equal(w, REPORT_WINDOW_DECREE_09);
	assert_int_equal(report_window_rule_parse("fiscal", &w), -1);
}

/* ---- windows ------------------------------------------------------------ */

static void check_window(const char *template, const char *period,
                         enum report_window_rule rule, const char *from,
                         const char *to, const char *from_at, const char *to_at,
                         int days)
{
	struct report_period p = rp(template, period);
	struct report_window w;
	report_window(&p, rule, &w);
	assert_string_equal(w.from, from);
	assert_string_equal(w.to, to);
	assert_int_equal(w.from_at, at(from_at));
	assert_int_equal(w.to_at, at(to_at));
	assert_int_equal(w.to_day - w.from_day + 1, days);
}

static void decree_09_windows(void **state)
{
	(void)state;
	/* 2020 is a leap year: S1 and the year hold 29 February. */
	check_window("six_monthly", "2020S1", REPORT_WINDOW_DECREE_09,
	             "2019-12-15", "2020-06-14", "2019-12-14T17:00:00Z",
	             "2020-06-14T17:00:00Z", 183);
	check_window("six_monthly", "2021S1", REPORT_WINDOW_DECREE_09,
	             "2020-12-15", "2021-06-14", "2020-12-14T17:00:00Z",
	             "2021-06-14T17:00:00Z", 182);
	check_window("six_monthly", "2020S2", REPORT_WINDOW_DECREE_09,
	             "2020-06-15", "2020-12-14", "2020-06-14T17:00:00Z",
	             "2020-12-14T17:00:00Z", 183);
	check_window("annual", "2020", REPORT_WINDOW_DECREE_09, "2019-12-15",
	             "2020-12-14", "2019-12-14T17:00:00Z",
	             "2020-12-14T17:00:00Z", 366);
	check_window("annual", "2021", REPORT_WINDOW_DECREE_09, "2020-12-15",
	             "2021-12-14", "2020-12-14T17:00:00Z",
	             "2021-12-14T17:00:00Z", 365);
	/* 2000 is a leap year (divisible by 400), 2100 is not. */
	check_window("annual", "2000", REPORT_WINDOW_DECREE_09, "1999-12-15",
	             "2000-12-14", "1999-12-14T17:00:00Z",
	             "2000-12-14T17:00:00Z", 366);
	check_window("annual", "2100", REPORT_WINDOW_DECREE_09, "2099-12-15",
	             "2100-12-14", "2099-12-14T17:00:00Z",
	             "2100-12-14T17:00:00Z", 365);
}

static void decree_09_windows_tile_the_year(void **state)
{
	(void)state;
	struct report_period s1 = rp("six_monthly", "2020S1");
	struct report_period s2 = rp("six_monthly", "2020S2");
	struct report_period y = rp("annual", "2020");
	struct report_period next = rp("six_monthly", "2021S1");
	struct report_window w1, w2, wy, wn;
	report_window(&s1, REPORT_WINDOW_DECREE_09, &w1);
	report_window(&s2, REPORT_WINDOW_DECREE_09, &w2);
	report_window(&y, REPORT_WINDOW_DECREE_09, &wy);
	report_window(&next, REPORT_WINDOW_DECREE_09, &wn);
	assert_int_equal(w1.to_at, w2.from_at);
	assert_int_equal(w2.to_at, wn.from_at);
	assert_int_equal(wy.from_at, w1.from_at);
	assert_int_equal(wy.to_at, w2.to_at);
	/* 23:59:59 on 14 June in Hà Nội is S1; a second later is S2. */
	int64_t last = at("2020-06-14T16:59:59Z");
	assert_true(last >= w1.from_at && last < w1.to_at);
	assert_true(last + 1 >= w2.from_at && last + 1 < w2.to_at);
	assert_false(last + 1 < w1.to_at);
	/* 15 December local (still 14 December in UTC) is next year's. */
	int64_t first = at("2020-12-14T17:00:00Z");
	assert_false(first < wy.to_at);
	assert_true(first >= wn.from_at);
}

static void calendar_windows(void **state)
{
	(void)state;
	check_window("six_monthly", "2020S1", REPORT_WINDOW_CALENDAR,
	             "2020-01-01", "2020-06-30", "2019-12-31T17:00:00Z",
	             "2020-06-30T17:00:00Z", 182);
	check_window("six_monthly", "2023S1", REPORT_WINDOW_CALENDAR,
	             "2023-01-01", "2023-06-30", "2022-12-31T17:00:00Z",
	             "2023-06-30T17:00:00Z", 181);
	check_window("six_monthly", "2020S2", REPORT_WINDOW_CALENDAR,
	             "2020-07-01", "2020-12-31", "2020-06-30T17:00:00Z",
	             "2020-12-31T17:00:00Z", 184);
	check_window("annual", "2024", REPORT_WINDOW_CALENDAR, "2024-01-01",
	             "2024-12-31", "2023-12-31T17:00:00Z",
	             "2024-12-31T17:00:00Z", 366);
	check_window("annual", "2023", REPORT_WINDOW_CALENDAR, "2023-01-01",
	             "2023-12-31", "2022-12-31T17:00:00Z",
	             "2023-12-31T17:00:00Z", 365);
}

/* ---- settings and due dates ------------------------------------------- */

static struct report_deadline deadline(const char *template, const char *period,
                                       const struct report_settings *s)
{
	struct report_period p = rp(template, period);
	struct report_deadline d;
	assert_int_equal(report_deadline(&p, s, &d), REPORT_OK);
	return d;
}

static void default_due_dates(void **state)
{
	(void)state;
	struct report_settings s;
	report_settings_default(&s);
	assert_true(report_settings_valid(&s));
	assert_int_equal(s.window, REPORT_WINDOW_DECREE_09);
	assert_true(s.due_day_counts);
	assert_int_equal(s.reminder_days, 7);

	struct report_deadline d = deadline("six_monthly", "2020S1", &s);
	assert_string_equal(d.due_date, "2020-06-15");
	assert_int_equal(d.last_day, d.due_day);
	assert_int_equal(d.deadline_at, at("2020-06-15T17:00:00Z"));
	d = deadline("six_monthly", "2020S2", &s);
	assert_string_equal(d.due_date, "2020-12-15");
	d = deadline("annual", "2020", &s);
	assert_string_equal(d.due_date, "2020-12-15");
	assert_int_equal(d.deadline_at, at("2020-12-15T17:00:00Z"));

	/* The due day not counting: the deadline is the end of the 14th. */
	s.due_day_counts = false;
	d = deadline("six_monthly", "2020S1", &s);
	assert_string_equal(d.due_date, "2020-06-15");
	assert_int_equal(d.last_day, d.due_day - 1);
	assert_int_equal(d.deadline_at, at("2020-06-14T17:00:00Z"));
}

static void plan_overrides_of_due_dates(void **state)
{
	(void)state;
	struct report_settings s;
	report_settings_default(&s);
	s.due_s1 = (struct report_due_rule){7, 15, 0};
	s.due_s2 = (struct report_due_rule){1, 10, 1};
	s.due_annual = (struct report_due_rule){1, 15, 1};
	assert_true(report_settings_valid(&s));
	assert_string_equal(deadline("six_monthly", "2020S1", &s).due_date,
	                    "2020-07-15");
	assert_string_equal(deadline("six_monthly", "2020S2", &s).due_date,
	                    "2021-01-10");
	struct report_deadline d = deadline("annual", "2020", &s);
	assert_string_equal(d.due_date, "2021-01-15");
	assert_int_equal(d.deadline_at, at("2021-01-15T17:00:00Z"));
	/* 28 February exists every year; in a leap year 29th is after. */
	s.due_annual = (struct report_due_rule){2, 28, 1};
	assert_true(report_settings_valid(&s));
	d = deadline("annual", "2023", &s);
	assert_string_equal(d.due_date, "2024-02-28");
	assert_int_equal(d.deadline_at, at("2024-02-28T17:00:00Z"));
}

static void refuses_bad_settings(void **state)
{
	(void)state;
	struct report_due_rule bad[] = {
	    {0, 15, 0}, {13, 15, 0}, {6, 0, 0},  {6, 31, 0},
	    {2, 29, 0}, {4, 31, 0},  {6, 15, 2}, {6, 15, -1},
	};
	struct report_period p = rp("six_monthly", "2020S1");
	struct report_deadline d;
	memset(&d, 0x5a, sizeof d);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct report_settings s;
		report_settings_default(&s);
		s.due_s1 = bad[i];
		assert_false(report_settings_valid(&s));
		assert_int_equal(report_deadline(&p, &s, &d),
		                 REPORT_ERR_SETTINGS);
		report_settings_default(&s);
		s.due_annual = bad[i];
		assert_false(report_settings_valid(&s));
	}
	assert_int_equal(d.due_day, 0x5a5a5a5a); /* nothing written */
	struct report_settings s;
	report_settings_default(&s);
	s.reminder_days = -1;
	assert_false(report_settings_valid(&s));
	s.reminder_days = REPORT_REMINDER_DAYS_MAX + 1;
	assert_false(report_settings_valid(&s));
	s.reminder_days = REPORT_REMINDER_DAYS_MAX;
	assert_true(report_settings_valid(&s));
	s.window = (enum report_window_rule)7;
	assert_false(report_settings_valid(&s));
}

/* ---- timeliness ---------------------------------------------------------- */

static enum report_timeliness when(bool due_day_counts, const char *submitted,
                                   const char *now)
{
	struct report_settings s;
	report_settings_default(&s);
	s.due_day_counts = due_day_counts;
	struct report_deadline d = deadline("six_monthly", "2020S1", &s);
	return report_timeliness(&d, submitted != NULL ? at(submitted) : 0,
	                         at(now));
}

static void timeliness_when_the_due_day_counts(void **state)
{
	(void)state;
	const char *later = "2020-07-01T00:00:00Z";
	/* 23:59 on 15 June in Vietnam is 16:59 UTC: on time. */
	assert_int_equal(when(true, "2020-06-15T16:59:00Z", later),
	                 REPORT_ON_TIME);
	/* 00:01 on 16 June in Vietnam is 17:01 UTC on the 15th: late. */
	assert_int_equal(when(true, "2020-06-15T17:01:00Z", later),
	                 REPORT_LATE);
	assert_int_equal(when(true, "2020-06-15T16:59:59Z", later),
	                 REPORT_ON_TIME);
	assert_int_equal(when(true, "2020-06-15T17:00:00Z", later),
	                 REPORT_LATE);
	assert_int_equal(when(true, "2020-03-01T02:00:00Z", later),
	                 REPORT_ON_TIME);
	/* Not submitted: pending until the deadline, then missing. */
	assert_int_equal(when(true, NULL, "2020-06-15T16:59:59Z"),
	                 REPORT_PENDING);
	assert_int_equal(when(true, NULL, "2020-06-15T17:00:00Z"),
	                 REPORT_MISSING);
	assert_int_equal(when(true, NULL, "2020-01-01T00:00:00Z"),
	                 REPORT_PENDING);
	/* A submission keeps its timeliness whatever the clock says. */
	assert_int_equal(
	    when(true, "2020-06-15T17:01:00Z", "2020-06-15T17:02:00Z"),
	    REPORT_LATE);
}

static void timeliness_when_the_due_day_does_not_count(void **state)
{
	(void)state;
	const char *later = "2020-07-01T00:00:00Z";
	/* 23:59 on 14 June in Vietnam: on time; 00:01 on 15 June: late. */
	assert_int_equal(when(false, "2020-06-14T16:59:00Z", later),
	                 REPORT_ON_TIME);
	assert_int_equal(when(false, "2020-06-14T17:01:00Z", later),
	                 REPORT_LATE);
	/* 23:59 on the due day itself is late now. */
	assert_int_equal(when(false, "2020-06-15T16:59:00Z", later),
	                 REPORT_LATE);
	assert_int_equal(when(false, NULL, "2020-06-14T16:59:59Z"),
	                 REPORT_PENDING);
	assert_int_equal(when(false, NULL, "2020-06-14T17:00:00Z"),
	                 REPORT_MISSING);
	assert_string_equal(report_timeliness_name(REPORT_PENDING), "pending");
	assert_string_equal(report_timeliness_name(REPORT_ON_TIME), "on_time");
	assert_string_equal(report_timeliness_name(REPORT_LATE), "late");
	assert_string_equal(report_timeliness_name(REPORT_MISSING), "missing");
}

/* ---- reminders ---------------------------------------------------------- */

static void reminders_from_seven_days_before(void **state)
{
	(void)state;
	struct report_settings s;
	report_settings_default(&s);
	struct report_deadline d = deadline("six_monthly", "2020S1", &s);
	/* 8 days before (7 June, all day local): no reminder yet. */
	int64_t eight = at("2020-06-07T05:00:00Z");
	assert_int_equal(report_days_left(&d, eight), 8);
	assert_false(report_reminder_due(&d, 7, 0, eight));
	assert_false(report_reminder_due(&d, 7, 0, at("2020-06-07T16:59:59Z")));
	/* 7 days before, from local midnight of 8 June. */
	int64_t seven = at("2020-06-07T17:00:00Z");
	assert_int_equal(report_days_left(&d, seven), 7);
	assert_true(report_reminder_due(&d, 7, 0, seven));
	/* The due day itself. */
	int64_t zero = at("2020-06-15T16:59:00Z");
	assert_int_equal(report_days_left(&d, zero), 0);
	assert_true(report_reminder_due(&d, 7, 0, zero));
	/* After it, until submitted. */
	int64_t after = at("2020-06-15T17:01:00Z");
	assert_int_equal(report_days_left(&d, after), -1);
	assert_true(report_reminder_due(&d, 7, 0, after));
	/* Submitted: no reminder, early or late. */
	assert_false(
	    report_reminder_due(&d, 7, at("2020-06-10T03:00:00Z"), zero));
	assert_false(report_reminder_due(&d, 7, at("2020-06-20T03:00:00Z"),
	                                 at("2020-06-21T03:00:00Z")));
	/* reminder_days 0: only from the last day on. */
	assert_false(report_reminder_due(&d, 0, 0, at("2020-06-14T05:00:00Z")));
	assert_true(report_reminder_due(&d, 0, 0, zero));
}

static void reminders_count_to_the_last_on_time_day(void **state)
{
	(void)state;
	struct report_settings s;
	report_settings_default(&s);
	s.due_day_counts = false;
	struct report_deadline d = deadline("six_monthly", "2020S1", &s);
	/* The last day is 14 June: 7 June is already 7 days before. */
	int64_t seventh = at("2020-06-07T05:00:00Z");
	assert_int_equal(report_days_left(&d, seventh), 7);
	assert_true(report_reminder_due(&d, 7, 0, seventh));
	assert_false(report_reminder_due(&d, 7, 0, at("2020-06-06T05:00:00Z")));
	assert_int_equal(report_days_left(&d, at("2020-06-15T05:00:00Z")), -1);
	/* Across February of a leap year: annual 2023 due 5 March 2024 … */
	s.due_day_counts = true;
	s.due_annual = (struct report_due_rule){3, 5, 1};
	d = deadline("annual", "2023", &s); /* due 2024-03-05 */
	assert_string_equal(d.due_date, "2024-03-05");
	/* … 27 February 2024 is 7 days before because of the 29th. */
	assert_int_equal(report_days_left(&d, at("2024-02-27T05:00:00Z")), 7);
	assert_int_equal(report_days_left(&d, at("2024-02-26T05:00:00Z")), 8);
}

/* ---- workflow ----------------------------------------------------------- */

static void every_transition_from_every_state(void **state)
{
	(void)state;
	/* expect[from][t]: the state reached, or -1 for refused. */
	static const int expect[REPORT_STATE__MAX][REPORT_TRANSITION__MAX] = {
	    [REPORT_DRAFT] = {REPORT_SUBMITTED, -1, -1, -1},
	    [REPORT_SUBMITTED] = {-1, REPORT_APPROVED, REPORT_DRAFT, -1},
	    [REPORT_APPROVED] = {-1, -1, -1, REPORT_DRAFT},
	};
	for (int from = 0; from < REPORT_STATE__MAX; from++) {
		for (int t = 0; t < REPORT_TRANSITION__MAX; t++) {
			enum report_state to = (enum report_state)99;
			enum report_error e = report_transition_next(
			    (enum report_state)from, (enum report_transition)t,
			    &to);
			if (expect[from][t] < 0) {
				assert_int_equal(e,
				                 REPORT_ERR_INVALID_TRANSITION);
				assert_int_equal(to, 99);
			} else {
				assert_int_equal(e, REPORT_OK);
				assert_int_equal(to, expect[from][t]);
			}
		}
	}
	enum report_state to;
	assert_int_equal(
	    report_transition_next(REPORT_DRAFT, REPORT_TRANSITION__MAX, &to),
	    REPORT_ERR_INVALID_TRANSITION);
	assert_int_equal(
	    report_transition_next(REPORT_STATE__MAX, REPORT_SUBMIT, &to),
	    REPORT_ERR_INVALID_TRANSITION);
	/* Only a draft is editable: submitted and approved are locked. */
	assert_true(report_state_editable(REPORT_DRAFT));
	assert_false(report_state_editable(REPORT_SUBMITTED));
	assert_false(report_state_editable(REPORT_APPROVED));
	assert_false(report_transition_needs_comment(REPORT_SUBMIT));
	assert_false(report_transition_needs_comment(REPORT_APPROVE));
	assert_true(report_transition_needs_comment(REPORT_RETURN));
	assert_true(report_transition_needs_comment(REPORT_REOPEN));
}

static void names_of_states_and_transitions(void **state)
{
	(void)state;
	const char *states[] = {"draft", "submitted", "approved"};
	for (int i = 0; i < REPORT_STATE__MAX; i++) {
		enum report_state s;
		assert_string_equal(report_state_name((enum report_state)i),
		                    states[i]);
		assert_int_equal(report_state_parse(states[i], &s), 0);
		assert_int_equal(s, i);
	}
	const char *moves[] = {"submit", "approve", "return", "reopen"};
	for (int i = 0; i < REPORT_TRANSITION__MAX; i++) {
		enum report_transition t;
		assert_string_equal(
		    report_transition_name((enum report_transition)i),
		    moves[i]);
		assert_int_equal(report_transition_parse(moves[i], &t), 0);
		assert_int_equal(t, i);
	}
	enum report_state s;
	enum report_transition t;
	/* "returned" is an event, not a state. */
	assert_int_equal(report_state_parse("returned", &s), -1);
	assert_int_equal(report_transition_parse("reject", &t), -1);
	assert_null(report_state_name(REPORT_STATE__MAX));
	assert_string_equal(report_error_code(REPORT_ERR_INVALID_TRANSITION),
	                    "invalid_transition");
	assert_string_equal(report_error_code(REPORT_ERR_FORBIDDEN),
	                    "forbidden");
	assert_string_equal(report_error_code(REPORT_ERR_NOT_FOUND),
	                    "not_found");
	assert_string_equal(report_error_code(REPORT_ERR_COMMENT),
	                    "invalid_field");
	assert_string_equal(report_error_field(REPORT_ERR_COMMENT), "comment");
	assert_string_equal(report_error_field(REPORT_ERR_PERIOD), "period");
	assert_string_equal(report_error_field(REPORT_ERR_TEMPLATE),
	                    "template");
	assert_null(report_error_code(REPORT_OK));
	assert_null(report_error_field(REPORT_ERR_FORBIDDEN));
}

static void comments(void **state)
{
	(void)state;
	assert_false(report_comment_valid(NULL));
	assert_false(report_comment_valid(""));
	assert_false(report_comment_valid(" \t\r\n "));
	assert_true(report_comment_valid("Thiếu số liệu xã Đắk Trăm"));
	/* 2000 characters of three bytes each pass; 2001 do not. */
	static char text[3 * (REPORT_COMMENT_MAX + 1) + 1];
	for (int i = 0; i < REPORT_COMMENT_MAX; i++)
		memcpy(text + 3 * i, "ệ", 3);
	text[3 * REPORT_COMMENT_MAX] = '\0';
	assert_true(report_comment_valid(text));
	memcpy(text + 3 * REPORT_COMMENT_MAX, "ệ", 4);
	assert_false(report_comment_valid(text));
}

/* Kon Tum › Đắk Tô › two communes; another district; tree 2024. */
#define PROVINCE  "62"
#define DISTRICT  "62/608"
#define COMMUNE   "62/608/23425"
#define COMMUNE_B "62/608/23428"
#define OTHER_D   "62/610"

static const struct principal commune_u = {1, ROLE_COMMUNE, "2024", COMMUNE, 0};
static const struct principal commune_b = {2, ROLE_COMMUNE, "2024", COMMUNE_B,
                                           0};
static const struct principal district_u = {3, ROLE_DISTRICT, "2024", DISTRICT,
                                            0};
static const struct principal other_district = {4, ROLE_DISTRICT, "2024",
                                                OTHER_D, 0};
static const struct principal province_u = {5, ROLE_PROVINCE, "2024", PROVINCE,
                                            0};
static const struct principal facility_u = {6, ROLE_FACILITY, "2024", COMMUNE,
                                            9};
static const struct principal viewer_u = {7, ROLE_VIEWER, NULL, NULL, 0};
static const struct principal admin_u = {8, ROLE_ADMIN, NULL, NULL, 0};
static const struct principal district_2025 = {9, ROLE_DISTRICT, "2025",
                                               DISTRICT, 0};

static enum report_error may(const struct principal *p,
                             enum report_transition t, const char *path)
{
	return report_may_act(p, t, "2024", path);
}

static void who_submits(void **state)
{
	(void)state;
	assert_int_equal(may(&commune_u, REPORT_SUBMIT, COMMUNE), REPORT_OK);
	assert_int_equal(may(&district_u, REPORT_SUBMIT, DISTRICT), REPORT_OK);
	assert_int_equal(may(&province_u, REPORT_SUBMIT, PROVINCE), REPORT_OK);
	/* The units above see the report but it is not theirs to submit. */
	assert_int_equal(may(&district_u, REPORT_SUBMIT, COMMUNE),
	                 REPORT_ERR_FORBIDDEN);
	assert_int_equal(may(&province_u, REPORT_SUBMIT, COMMUNE),
	                 REPORT_ERR_FORBIDDEN);
	/* A facility user of the commune does not write reports. */
	assert_int_equal(may(&facility_u, REPORT_SUBMIT, COMMUNE),
	                 REPORT_ERR_FORBIDDEN);
	assert_int_equal(may(&viewer_u, REPORT_SUBMIT, COMMUNE),
	                 REPORT_ERR_FORBIDDEN);
	/* Outside the scope (a sibling, another district, another tree). */
	assert_int_equal(may(&commune_b, REPORT_SUBMIT, COMMUNE),
	                 REPORT_ERR_NOT_FOUND);
	assert_int_equal(may(&other_district, REPORT_SUBMIT, COMMUNE),
	                 REPORT_ERR_NOT_FOUND);
	assert_int_equal(may(&commune_u, REPORT_SUBMIT, DISTRICT),
	                 REPORT_ERR_NOT_FOUND);
	assert_int_equal(may(&district_2025, REPORT_SUBMIT, DISTRICT),
	                 REPORT_ERR_NOT_FOUND);
	assert_int_equal(may(&commune_u, REPORT_SUBMIT, NULL),
	                 REPORT_ERR_NOT_FOUND);
	assert_int_equal(may(&commune_u, REPORT_SUBMIT, ""),
	                 REPORT_ERR_NOT_FOUND);
}

static void who_approves_returns_and_reopens(void **state)
{
	(void)state;
	const enum report_transition above[] = {REPORT_APPROVE, REPORT_RETURN,
	                                        REPORT_REOPEN};
	for (size_t i = 0; i < 3; i++) {
		enum report_transition t = above[i];
		/* The parent in the lineage, and only it. */
		assert_int_equal(may(&district_u, t, COMMUNE), REPORT_OK);
		assert_int_equal(may(&province_u, t, DISTRICT), REPORT_OK);
		assert_int_equal(may(&province_u, t, COMMUNE),
		                 REPORT_ERR_FORBIDDEN);
		assert_int_equal(may(&commune_u, t, COMMUNE),
		                 REPORT_ERR_FORBIDDEN);
		assert_int_equal(may(&district_u, t, DISTRICT),
		                 REPORT_ERR_FORBIDDEN);
		assert_int_equal(may(&facility_u, t, COMMUNE),
		                 REPORT_ERR_FORBIDDEN);
		assert_int_equal(may(&other_district, t, COMMUNE),
		                 REPORT_ERR_NOT_FOUND);
		assert_int_equal(may(&commune_b, t, COMMUNE),
		                 REPORT_ERR_NOT_FOUND);
		/* A province's report goes to the ministry: no national
		 * role writes reports yet. */
		assert_int_equal(may(&province_u, t, PROVINCE),
		                 REPORT_ERR_FORBIDDEN);
		assert_int_equal(may(&admin_u, t, PROVINCE),
		                 REPORT_ERR_FORBIDDEN);
		assert_int_equal(may(&viewer_u, t, PROVINCE),
		                 REPORT_ERR_FORBIDDEN);
	}
	assert_int_equal(may(&district_u, REPORT_TRANSITION__MAX, COMMUNE),
	                 REPORT_ERR_FORBIDDEN);
}

static void the_checks_in_order(void **state)
{
	(void)state;
	enum report_state to = REPORT_STATE__MAX;
	/* Scope first: 404 even for a move that would be refused later. */
	assert_int_equal(report_check_transition(&commune_b, REPORT_RETURN,
	                                         REPORT_DRAFT, "2024", COMMUNE,
	                                         NULL, &to),
	                 REPORT_ERR_NOT_FOUND);
	/* Then who: the commune may not return its own report. */
	assert_int_equal(report_check_transition(&commune_u, REPORT_RETURN,
	                                         REPORT_SUBMITTED, "2024",
	                                         COMMUNE, NULL, &to),
	                 REPORT_ERR_FORBIDDEN);
	/* Then the comment. */
	assert_int_equal(report_check_transition(&district_u, REPORT_RETURN,
	                                         REPORT_DRAFT, "2024", COMMUNE,
	                                         "  ", &to),
	                 REPORT_ERR_COMMENT);
	assert_int_equal(report_check_transition(&district_u, REPORT_REOPEN,
	                                         REPORT_APPROVED, "2024",
	                                         COMMUNE, NULL, &to),
	                 REPORT_ERR_COMMENT);
	/* Then the state. */
	assert_int_equal(report_check_transition(&district_u, REPORT_RETURN,
	                                         REPORT_DRAFT, "2024", COMMUNE,
	                                         "Bổ sung số liệu", &to),
	                 REPORT_ERR_INVALID_TRANSITION);
	assert_int_equal(report_check_transition(&district_u, REPORT_APPROVE,
	                                         REPORT_APPROVED, "2024",
	                                         COMMUNE, NULL, &to),
	                 REPORT_ERR_INVALID_TRANSITION);
	assert_int_equal(report_check_transition(&commune_u, REPORT_SUBMIT,
	                                         REPORT_SUBMITTED, "2024",
	                                         COMMUNE, NULL, &to),
	                 REPORT_ERR_INVALID_TRANSITION);
	assert_int_equal(to, REPORT_STATE__MAX);
	/* The story of the browser test: submit, return, submit, approve,
	 * reopen. */
	enum report_state s = REPORT_DRAFT;
	assert_int_equal(report_check_transition(&commune_u, REPORT_SUBMIT, s,
	                                         "2024", COMMUNE, NULL, &s),
	                 REPORT_OK);
	assert_int_equal(s, REPORT_SUBMITTED);
	assert_int_equal(report_check_transition(&district_u, REPORT_RETURN, s,
	                                         "2024", COMMUNE,
	                                         "Thiếu phần khó khăn", &s),
	                 REPORT_OK);
	assert_int_equal(s, REPORT_DRAFT);
	assert_int_equal(report_check_transition(&commune_u, REPORT_SUBMIT, s,
	                                         "2024", COMMUNE, NULL, &s),
	                 REPORT_OK);
	assert_int_equal(report_check_transition(&district_u, REPORT_APPROVE, s,
	                                         "2024", COMMUNE, NULL, &s),
	                 REPORT_OK);
	assert_int_equal(s, REPORT_APPROVED);
	assert_int_equal(
	    report_check_transition(&district_u, REPORT_REOPEN, s, "2024",
	                            COMMUNE, "Sai số trẻ em được hỗ trợ", &s),
	    REPORT_OK);
	assert_int_equal(s, REPORT_DRAFT);
}

/* ---- consolidation ------------------------------------------------------ */

static void sums_numerators_and_denominators(void **state)
{
	(void)state;
	const struct report_child_value c[] = {
	    {true, true, true, 1, 10},     /* 10 % */
	    {true, true, true, 30, 40},    /* 75 % */
	    {false, true, true, 100, 100}, /* not approved: missing */
	    {true, true, false, 5, 0},     /* no denominator: unknown */
	};
	struct report_sum sum;
	report_consolidate(c, 4, true, &sum);
	assert_true(sum.has_num && sum.has_den);
	assert_int_equal(sum.num, 31);
	assert_int_equal(sum.den, 50);
	assert_int_equal(sum.summed, 2);
	assert_int_equal(sum.missing, 1);
	assert_int_equal(sum.unknown, 1);
	assert_false(sum.overflow);
	/* 62 %, not the 42.5 % an average of percentages would give. */
	double v = 0;
	assert_true(indicator_value(IND_PERCENT, sum.has_num, sum.num,
	                            sum.has_den, sum.den, &v));
	assert_true(v > 61.95 && v < 62.05);

	/* A count: denominators play no part, the fourth child counts. */
	report_consolidate(c, 4, false, &sum);
	assert_true(sum.has_num);
	assert_false(sum.has_den);
	assert_int_equal(sum.num, 36);
	assert_int_equal(sum.den, 0);
	assert_int_equal(sum.summed, 3);
	assert_int_equal(sum.unknown, 0);
	assert_int_equal(sum.missing, 1);
}

static void consolidation_without_values(void **state)
{
	(void)state;
	struct report_sum sum;
	report_consolidate(NULL, 0, true, &sum);
	assert_false(sum.has_num);
	assert_false(sum.has_den);
	assert_int_equal(sum.summed + sum.missing + sum.unknown, 0);
	const struct report_child_value none[] = {
	    {false, true, true, 3, 4},
	    {true, false, true, 0, 4},
	};
	report_consolidate(none, 2, true, &sum);
	assert_false(sum.has_num);
	assert_int_equal(sum.missing, 1);
	assert_int_equal(sum.unknown, 1);
	const struct report_child_value huge[] = {
	    {true, true, true, INT64_MAX, 1},
	    {true, true, true, 1, 1},
	};
	report_consolidate(huge, 2, true, &sum);
	assert_true(sum.overflow);
	assert_false(sum.has_num);
	assert_false(sum.has_den);
}

static void lists_missing_children(void **state)
{
	(void)state;
	const bool approved[] = {true, false, true, false, false};
	size_t out[5] = {0};
	assert_int_equal(report_missing_children(approved, 5, out), 3);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 4);
	const bool all[] = {true, true};
	assert_int_equal(report_missing_children(all, 2, out), 0);
	assert_int_equal(report_missing_children(NULL, 0, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_template_and_period_pairs),
	    cmocka_unit_test(decree_09_windows),
	    cmocka_unit_test(decree_09_windows_tile_the_year),
	    cmocka_unit_test(calendar_windows),
	    cmocka_unit_test(default_due_dates),
	    cmocka_unit_test(plan_overrides_of_due_dates),
	    cmocka_unit_test(refuses_bad_settings),
	    cmocka_unit_test(timeliness_when_the_due_day_counts),
	    cmocka_unit_test(timeliness_when_the_due_day_does_not_count),
	    cmocka_unit_test(reminders_from_seven_days_before),
	    cmocka_unit_test(reminders_count_to_the_last_on_time_day),
	    cmocka_unit_test(every_transition_from_every_state),
	    cmocka_unit_test(names_of_states_and_transitions),
	    cmocka_unit_test(comments),
	    cmocka_unit_test(who_submits),
	    cmocka_unit_test(who_approves_returns_and_reopens),
	    cmocka_unit_test(the_checks_in_order),
	    cmocka_unit_test(sums_numerators_and_denominators),
	    cmocka_unit_test(consolidation_without_values),
	    cmocka_unit_test(lists_missing_children),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
