/*
 * test_report.c — the calendar rules of periodic reports (report.h,
 * docs/reports.md): template and period pairs; Decree 09/2019 and
 * calendar windows with leap years and their instants; due dates, the
 * plan's overrides and the due-day setting; timeliness at 23:59 and 00:01
 * Vietnam time; reminders 8, 7 and 0 days before.  The workflow and
 * consolidation are in test_report_workflow.c.
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
	static const struct {
		const char *template, *period;
		enum report_error want;
		int kind, part;
	} cases[] = {
	    {"six_monthly", "2020S1", REPORT_OK, PERIOD_HALF, 1},
	    {"six_monthly", "2021S2", REPORT_OK, PERIOD_HALF, 2},
	    {"annual", "2020", REPORT_OK, PERIOD_YEAR, 0},
	    /* A valid period of the wrong kind is the period's fault. */
	    {"six_monthly", "2020", REPORT_ERR_PERIOD, 0, 0},
	    {"annual", "2020S1", REPORT_ERR_PERIOD, 0, 0},
	    {"annual", "2020Q1", REPORT_ERR_PERIOD, 0, 0},
	    {"six_monthly", "2020-06", REPORT_ERR_PERIOD, 0, 0},
	    {"six_monthly", "2020S3", REPORT_ERR_PERIOD, 0, 0},
	    {"annual", "1999", REPORT_ERR_PERIOD, 0, 0},
	    {"annual", NULL, REPORT_ERR_PERIOD, 0, 0},
	    /* The template is checked first. */
	    {"monthly", "2020", REPORT_ERR_TEMPLATE, 0, 0},
	    {"Annual", "2020", REPORT_ERR_TEMPLATE, 0, 0},
	    {NULL, "nonsense", REPORT_ERR_TEMPLATE, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct report_period p;
		enum report_error e =
		    report_period_parse(cases[i].template, cases[i].period, &p);
		assert_int_equal(e, cases[i].want);
		if (e != REPORT_OK)
			continue;
		assert_string_equal(report_template_name(p.template),
		                    cases[i].template);
		assert_string_equal(p.period.code, cases[i].period);
		assert_int_equal(p.period.kind, cases[i].kind);
		assert_int_equal(p.period.part, cases[i].part);
	}
	assert_null(report_template_name(REPORT_TEMPLATE__MAX));
	enum report_window_rule w;
	assert_int_equal(report_window_rule_parse("calendar", &w), 0);
	assert_int_equal(w, REPORT_WINDOW_CALENDAR);
	assert_int_equal(report_window_rule_parse("decree_09", &w), 0);
	assert_int_equal(w, REPORT_WINDOW_DECREE_09);
	assert_int_equal(report_window_rule_parse("fiscal", &w), -1);
}

/* ---- windows ------------------------------------------------------------ */

/* Windows with their local days, instants and lengths.  2020, 2024 and
 * 2000 are leap years (2000 divisible by 400); 2100 is not. */
static const struct {
	const char *template, *period;
	enum report_window_rule rule;
	const char *from, *to, *from_at, *to_at;
	int days;
} windows[] = {
    {"six_monthly", "2020S1", REPORT_WINDOW_DECREE_09, "2019-12-15",
     "2020-06-14", "2019-12-14T17:00:00Z", "2020-06-14T17:00:00Z", 183},
    {"six_monthly", "2021S1", REPORT_WINDOW_DECREE_09, "2020-12-15",
     "2021-06-14", "2020-12-14T17:00:00Z", "2021-06-14T17:00:00Z", 182},
    {"six_monthly", "2020S2", REPORT_WINDOW_DECREE_09, "2020-06-15",
     "2020-12-14", "2020-06-14T17:00:00Z", "2020-12-14T17:00:00Z", 183},
    {"annual", "2020", REPORT_WINDOW_DECREE_09, "2019-12-15", "2020-12-14",
     "2019-12-14T17:00:00Z", "2020-12-14T17:00:00Z", 366},
    {"annual", "2021", REPORT_WINDOW_DECREE_09, "2020-12-15", "2021-12-14",
     "2020-12-14T17:00:00Z", "2021-12-14T17:00:00Z", 365},
    {"annual", "2000", REPORT_WINDOW_DECREE_09, "1999-12-15", "2000-12-14",
     "1999-12-14T17:00:00Z", "2000-12-14T17:00:00Z", 366},
    {"annual", "2100", REPORT_WINDOW_DECREE_09, "2099-12-15", "2100-12-14",
     "2099-12-14T17:00:00Z", "2100-12-14T17:00:00Z", 365},
    /* The plan's switch to calendar periods. */
    {"six_monthly", "2020S1", REPORT_WINDOW_CALENDAR, "2020-01-01",
     "2020-06-30", "2019-12-31T17:00:00Z", "2020-06-30T17:00:00Z", 182},
    {"six_monthly", "2023S1", REPORT_WINDOW_CALENDAR, "2023-01-01",
     "2023-06-30", "2022-12-31T17:00:00Z", "2023-06-30T17:00:00Z", 181},
    {"six_monthly", "2020S2", REPORT_WINDOW_CALENDAR, "2020-07-01",
     "2020-12-31", "2020-06-30T17:00:00Z", "2020-12-31T17:00:00Z", 184},
    {"annual", "2024", REPORT_WINDOW_CALENDAR, "2024-01-01", "2024-12-31",
     "2023-12-31T17:00:00Z", "2024-12-31T17:00:00Z", 366},
    {"annual", "2023", REPORT_WINDOW_CALENDAR, "2023-01-01", "2023-12-31",
     "2022-12-31T17:00:00Z", "2023-12-31T17:00:00Z", 365},
};

static void decree_09_and_calendar_windows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
		struct report_period p =
		    rp(windows[i].template, windows[i].period);
		struct report_window w;
		report_window(&p, windows[i].rule, &w);
		assert_string_equal(w.from, windows[i].from);
		assert_string_equal(w.to, windows[i].to);
		assert_int_equal(w.from_at, at(windows[i].from_at));
		assert_int_equal(w.to_at, at(windows[i].to_at));
		assert_int_equal(w.to_day - w.from_day + 1, windows[i].days);
	}
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

/* S1 2020, due 15 June: local 23:59 is 16:59Z, local 00:01 of the next
 * day 17:01Z of the same UTC day. */
static const struct {
	bool counts;
	const char *submitted, *now;
	enum report_timeliness want;
} timeliness[] = {
    /* The due day counts: 23:59 on 15 June on time, 00:01 on 16 late. */
    {true, "2020-06-15T16:59:00Z", "2020-07-01T00:00:00Z", REPORT_ON_TIME},
    {true, "2020-06-15T17:01:00Z", "2020-07-01T00:00:00Z", REPORT_LATE},
    {true, "2020-06-15T16:59:59Z", "2020-07-01T00:00:00Z", REPORT_ON_TIME},
    {true, "2020-06-15T17:00:00Z", "2020-07-01T00:00:00Z", REPORT_LATE},
    {true, "2020-03-01T02:00:00Z", "2020-07-01T00:00:00Z", REPORT_ON_TIME},
    /* A submission keeps its timeliness whatever the clock says. */
    {true, "2020-06-15T17:01:00Z", "2020-06-15T17:02:00Z", REPORT_LATE},
    /* Not submitted: pending until the deadline, then missing. */
    {true, NULL, "2020-01-01T00:00:00Z", REPORT_PENDING},
    {true, NULL, "2020-06-15T16:59:59Z", REPORT_PENDING},
    {true, NULL, "2020-06-15T17:00:00Z", REPORT_MISSING},
    /* It does not: 23:59 on 14 June on time, 00:01 on 15 June late. */
    {false, "2020-06-14T16:59:00Z", "2020-07-01T00:00:00Z", REPORT_ON_TIME},
    {false, "2020-06-14T17:01:00Z", "2020-07-01T00:00:00Z", REPORT_LATE},
    {false, "2020-06-15T16:59:00Z", "2020-07-01T00:00:00Z", REPORT_LATE},
    {false, NULL, "2020-06-14T16:59:59Z", REPORT_PENDING},
    {false, NULL, "2020-06-14T17:00:00Z", REPORT_MISSING},
};

static void timeliness_at_the_boundaries(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof timeliness / sizeof timeliness[0]; i++) {
		struct report_settings s;
		report_settings_default(&s);
		s.due_day_counts = timeliness[i].counts;
		struct report_deadline d =
		    deadline("six_monthly", "2020S1", &s);
		const char *sub = timeliness[i].submitted;
		enum report_timeliness got = report_timeliness(
		    &d, sub != NULL ? at(sub) : 0, at(timeliness[i].now));
		if (got != timeliness[i].want)
			fail_msg("case %zu: %s, want %s", i,
			         report_timeliness_name(got),
			         report_timeliness_name(timeliness[i].want));
	}
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_template_and_period_pairs),
	    cmocka_unit_test(decree_09_and_calendar_windows),
	    cmocka_unit_test(decree_09_windows_tile_the_year),
	    cmocka_unit_test(default_due_dates),
	    cmocka_unit_test(plan_overrides_of_due_dates),
	    cmocka_unit_test(refuses_bad_settings),
	    cmocka_unit_test(timeliness_at_the_boundaries),
	    cmocka_unit_test(reminders_from_seven_days_before),
	    cmocka_unit_test(reminders_count_to_the_last_on_time_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
