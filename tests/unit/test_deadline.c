/*
 * test_deadline.c — deadlines in Asia/Ho_Chi_Minh: picking the rule in
 * force (specificity, validity dates), local days and their text form
 * (leap years, round trips), working days across a weekend and across Tết
 * 2026, the end-of-day rule at UTC+7, hours across midnight, overdue.
 *
 * Instants are written as UTC text and read with time_parse_iso8601, an
 * implementation independent of deadline.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/deadline.h"
#include "lib/timeutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int64_t at(const char *iso)
{
	int64_t t = 0;
	if (time_parse_iso8601(iso, &t) != 0)
		fail_msg("bad instant %s", iso);
	return t;
}

static int32_t day(const char *ymd)
{
	int32_t d = 0;
	if (hcm_day_parse(ymd, &d) != 0)
		fail_msg("bad day %s", ymd);
	return d;
}

/* The rows docs/cases.md §Deadlines lists (as the migration seeds them),
 * plus a superseded version of one to test the dates. */
static const struct deadline_rule rules[] = {
    {"dl_cp_emergency_12h", "*", "intake", "emergency", 12, DL_HOURS,
     "2017-07-01", NULL, false},
    {"dl_intake_assessment", "*", "intake", "*", 2, DL_WORKING_DAYS,
     "2017-07-01", NULL, true},
    {"dl_rehab_register", "drug_rehab", "intake", "*", 5, DL_WORKING_DAYS,
     "2022-01-01", NULL, false},
    {"dl_specific_assessment", "*", "assessment", "*", 7, DL_WORKING_DAYS,
     "2017-07-01", NULL, true},
    {"dl_tip_initial_verification", "trafficking_victim", "assessment", "*", 3,
     DL_DAYS, "2025-07-01", NULL, false},
    {"dl_cp_plan_total", "*", "planning", "*", 7, DL_WORKING_DAYS, "2017-07-01",
     NULL, false},
    {"dl_intervention_review", "*", "intervention", "*", 30, DL_DAYS,
     "2017-07-01", NULL, true},
    {"dl_review_old", "*", "review", "*", 15, DL_WORKING_DAYS, "2017-07-01",
     "2023-12-31", true},
    {"dl_review_decision", "*", "review", "*", 10, DL_WORKING_DAYS,
     "2024-01-01", NULL, true},
};

static const char *pick(const char *type, const char *stage,
                        const char *urgency, const char *date)
{
	const struct deadline_rule *r =
	    deadline_pick(rules, N(rules), type, stage, urgency, date);
	return r != NULL ? r->code : NULL;
}

static void picks_the_most_specific_rule(void **state)
{
	(void)state;
	const char *d = "2026-03-10";
	assert_string_equal(pick("child_protection", "intake", "emergency", d),
	                    "dl_cp_emergency_12h");
	assert_string_equal(pick("child_protection", "intake", "urgent", d),
	                    "dl_intake_assessment");
	assert_string_equal(pick("gbv", "intake", "normal", d),
	                    "dl_intake_assessment");
	/* The type outranks the urgency. */
	assert_string_equal(pick("drug_rehab", "intake", "emergency", d),
	                    "dl_rehab_register");
	assert_string_equal(pick("drug_rehab", "intake", "normal", d),
	                    "dl_rehab_register");
	assert_string_equal(
	    pick("trafficking_victim", "assessment", "normal", d),
	    "dl_tip_initial_verification");
	assert_string_equal(pick("gbv", "assessment", "emergency", d),
	                    "dl_specific_assessment");
	assert_string_equal(pick("gbv", "planning", "normal", d),
	                    "dl_cp_plan_total");
	assert_string_equal(pick("gbv", "intervention", "normal", d),
	                    "dl_intervention_review");
	assert_null(pick("gbv", "closed", "normal", d));
	assert_null(pick("gbv", "nowhere", "normal", d));
	assert_null(deadline_pick(NULL, 0, "gbv", "intake", "normal", d));
}

static void picks_the_rule_in_force(void **state)
{
	(void)state;
	/* Law 53/2024's 3 days apply from 2025-07-01. */
	assert_string_equal(
	    pick("trafficking_victim", "assessment", "normal", "2025-06-30"),
	    "dl_specific_assessment");
	assert_string_equal(
	    pick("trafficking_victim", "assessment", "normal", "2025-07-01"),
	    "dl_tip_initial_verification");
	/* Decree 116 from 2022-01-01. */
	assert_string_equal(
	    pick("drug_rehab", "intake", "normal", "2021-12-31"),
	    "dl_intake_assessment");
	assert_string_equal(
	    pick("drug_rehab", "intake", "normal", "2022-01-01"),
	    "dl_rehab_register");
	/* valid_to is inclusive; the next day the new row takes over. */
	assert_string_equal(pick("gbv", "review", "normal", "2023-12-31"),
	                    "dl_review_old");
	assert_string_equal(pick("gbv", "review", "normal", "2024-01-01"),
	                    "dl_review_decision");
	/* Before any rule. */
	assert_null(pick("gbv", "intake", "normal", "2017-06-30"));
}

static void equal_rows_prefer_the_newer(void **state)
{
	(void)state;
	const struct deadline_rule both[] = {
	    {"old", "*", "planning", "*", 5, DL_WORKING_DAYS, "2017-07-01",
	     NULL, false},
	    {"new", "*", "planning", "*", 7, DL_WORKING_DAYS, "2020-01-01",
	     NULL, false},
	    {"older", "*", "planning", "*", 9, DL_WORKING_DAYS, "2010-01-01",
	     NULL, false},
	};
	const struct deadline_rule *r = deadline_pick(
	    both, N(both), "gbv", "planning", "normal", "2026-01-01");
	assert_non_null(r);
	assert_string_equal(r->code, "new");
	r = deadline_pick(both, N(both), "gbv", "planning", "normal",
	                  "2019-01-01");
	assert_string_equal(r->code, "old");
}

static void unit_names(void **state)
{
	(void)state;
	const char *names[] = {"hours", "days", "working_days"};
	for (int u = DL_HOURS; u <= DL_WORKING_DAYS; u++) {
		assert_string_equal(deadline_unit_name((enum deadline_unit)u),
		                    names[u]);
		enum deadline_unit out = DL_HOURS;
		assert_int_equal(deadline_unit_parse(names[u], &out), 0);
		assert_int_equal(out, u);
	}
	enum deadline_unit out = DL_DAYS;
	assert_int_equal(deadline_unit_parse("months", &out), -1);
	assert_int_equal(deadline_unit_parse("Days", &out), -1);
	assert_int_equal(deadline_unit_parse(NULL, &out), -1);
	assert_int_equal(out, DL_DAYS);
	assert_null(deadline_unit_name((enum deadline_unit)3));
}

/* ---- local days ------------------------------------------------------ */

static void days_parse_and_format(void **state)
{
	(void)state;
	assert_int_equal(day("1970-01-01"), 0);
	assert_int_equal(day("1970-01-02"), 1);
	assert_int_equal(day("1969-12-31"), -1);
	assert_int_equal(day("2000-03-01") - day("2000-02-28"), 2);
	assert_int_equal(day("2100-03-01") - day("2100-02-28"), 1);
	assert_int_equal(day("2024-03-01") - day("2024-02-28"), 2);
	assert_int_equal(day("2026-01-01") - day("2025-01-01"), 365);
	assert_int_equal(day("2025-01-01") - day("2024-01-01"), 366);
	assert_int_equal(day("2026-02-17"), 20501);

	const char *bad[] = {"2023-02-29", "1900-02-29", "2100-02-29",
	                     "2026-04-31", "2026-13-01", "2026-00-10",
	                     "2026-01-00", "2026-01-32", "26-01-01",
	                     "2026-1-01",  "2026/01/01", "2026-01-01x",
	                     "2026-01-0a", "",           " 2026-01-01"};
	for (size_t i = 0; i < N(bad); i++) {
		int32_t d = 12345;
		if (hcm_day_parse(bad[i], &d) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_int_equal(d, 12345);
	}
	int32_t d = 0;
	assert_int_equal(hcm_day_parse(NULL, &d), -1);
	assert_int_equal(hcm_day_parse("2000-02-29", &d), 0);
	assert_int_equal(hcm_day_parse("2024-02-29", &d), 0);

	char buf[11];
	hcm_day_format(0, buf);
	assert_string_equal(buf, "1970-01-01");
	hcm_day_format(-1, buf);
	assert_string_equal(buf, "1969-12-31");
	hcm_day_format(day("2024-02-29"), buf);
	assert_string_equal(buf, "2024-02-29");
	hcm_day_format(day("2000-02-29") + 1, buf);
	assert_string_equal(buf, "2000-03-01");
}

/* Every day from 1900 to 2100 formats and parses back to itself, and the
 * calendar advances one day at a time. */
static void day_round_trips(void **state)
{
	(void)state;
	int32_t first = day("1900-01-01"), last = day("2100-12-31");
	char prev[11] = "";
	for (int32_t d = first; d <= last; d++) {
		char buf[11];
		hcm_day_format(d, buf);
		int32_t back = 0;
		if (hcm_day_parse(buf, &back) != 0 || back != d)
			fail_msg("day %d → %s → %d", d, buf, back);
		if (prev[0] != '\0' && strcmp(prev, buf) >= 0)
			fail_msg("%s does not follow %s", buf, prev);
		memcpy(prev, buf, sizeof buf);
	}
	assert_int_equal(last - first + 1, 201 * 365 + 49); /* 49 leap days */
}

static void local_day_is_utc_plus_7(void **state)
{
	(void)state;
	assert_int_equal(hcm_day_of(0), 0); /* 07:00 local */
	assert_int_equal(hcm_day_of(at("1969-12-31T17:00:00Z")), 0);
	assert_int_equal(hcm_day_of(at("1969-12-31T16:59:59Z")), -1);
	assert_int_equal(hcm_day_of(at("2026-03-09T16:59:59Z")),
	                 day("2026-03-09"));
	assert_int_equal(hcm_day_of(at("2026-03-09T17:00:00Z")),
	                 day("2026-03-10"));
	assert_int_equal(hcm_midnight(0), -7 * 3600);
	assert_int_equal(hcm_midnight(day("2026-03-10")),
	                 at("2026-03-09T17:00:00Z"));
	for (int32_t d = day("2024-01-01"); d < day("2024-01-10"); d++) {
		assert_int_equal(hcm_day_of(hcm_midnight(d)), d);
		assert_int_equal(hcm_day_of(hcm_midnight(d) - 1), d - 1);
	}
	/* New Year comes seven hours earlier in Hà Nội. */
	assert_int_equal(hcm_year_of(at("2025-12-31T16:59:59Z")), 2025);
	assert_int_equal(hcm_year_of(at("2025-12-31T17:00:00Z")), 2026);
	assert_int_equal(hcm_year_of(0), 1970);
}

/* ---- working days ---------------------------------------------------- */

/* Tết 2026 and Hùng Kings' day, as the holidays table holds them. */
static const int32_t *tet_days(size_t *n)
{
	static int32_t days[6];
	const char *text[] = {"2026-02-16", "2026-02-17", "2026-02-18",
	                      "2026-02-19", "2026-02-20", "2026-04-27"};
	for (size_t i = 0; i < N(text); i++)
		days[i] = day(text[i]);
	*n = N(text);
	return days;
}

static void weekends_and_holidays(void **state)
{
	(void)state;
	size_t n;
	const int32_t *days = tet_days(&n);
	struct holiday_set tet = {days, n};
	assert_true(hcm_is_working_day(day("2026-02-13"), &tet));  /* Fri */
	assert_false(hcm_is_working_day(day("2026-02-14"), &tet)); /* Sat */
	assert_false(hcm_is_working_day(day("2026-02-15"), &tet)); /* Sun */
	for (int i = 16; i <= 20; i++) {
		char ymd[11] = "2026-02-00";
		ymd[8] = (char)('0' + i / 10);
		ymd[9] = (char)('0' + i % 10);
		assert_false(hcm_is_working_day(day(ymd), &tet));
		assert_true(hcm_is_working_day(day(ymd), NULL));
	}
	assert_true(hcm_is_working_day(day("2026-02-23"), &tet)); /* Mon */
	assert_false(hcm_is_working_day(day("2026-04-27"), &tet));
	assert_true(hcm_is_working_day(day("2026-04-28"), &tet));
	assert_false(hcm_is_working_day(day("1970-01-03"), NULL)); /* Sat */
	assert_true(hcm_is_working_day(day("1970-01-01"), NULL));  /* Thu */
	assert_false(hcm_is_working_day(day("1969-12-28"), NULL)); /* Sun */
	assert_true(hcm_is_working_day(day("1969-12-29"), NULL));  /* Mon */
	struct holiday_set empty = {NULL, 0};
	assert_true(hcm_is_working_day(day("2026-02-16"), &empty));
}

/* Binary search finds every holiday of a long list and nothing between. */
static void many_holidays(void **state)
{
	(void)state;
	int32_t days[101];
	int32_t base = day("2030-01-07"); /* a Monday */
	for (int i = 0; i < 101; i++)
		days[i] = base + 7 * i; /* every Monday */
	struct holiday_set h = {days, N(days)};
	for (int i = 0; i < 101; i++) {
		assert_false(hcm_is_working_day(days[i], &h));
		assert_true(hcm_is_working_day(days[i] + 1, &h));
	}
	assert_true(hcm_is_working_day(base - 7, &h));
	assert_true(hcm_is_working_day(base + 7 * 101, &h));
}

static struct deadline_rule rule(int amount, enum deadline_unit unit)
{
	return (struct deadline_rule){
	    "t", "*", "intake", "*", amount, unit, "2017-07-01", NULL, false};
}

static void hours_run_through_nights_and_weekends(void **state)
{
	(void)state;
	struct deadline_rule twelve = rule(12, DL_HOURS);
	/* 20:00 local Tuesday → 08:00 local Wednesday. */
	assert_int_equal(
	    deadline_due(at("2026-03-10T13:00:00Z"), &twelve, NULL),
	    at("2026-03-11T01:00:00Z"));
	/* 22:30 local Friday → 10:30 local Saturday, and holidays do not
	 * stop the clock either. */
	size_t n;
	const int32_t *days = tet_days(&n);
	struct holiday_set tet = {days, n};
	assert_int_equal(
	    deadline_due(at("2026-02-13T15:30:00Z"), &twelve, &tet),
	    at("2026-02-14T03:30:00Z"));
	assert_int_equal(
	    deadline_due(at("2026-02-16T05:00:00Z"), &twelve, &tet),
	    at("2026-02-16T17:00:00Z"));
}

static void days_end_at_local_midnight(void **state)
{
	(void)state;
	struct deadline_rule three = rule(3, DL_DAYS);
	/* Tuesday 23:30 local → end of Friday local = Friday 17:00Z. */
	assert_int_equal(deadline_due(at("2026-03-10T16:30:00Z"), &three, NULL),
	                 at("2026-03-13T17:00:00Z"));
	/* 00:30 local Tuesday is still Monday in UTC: the count starts from
	 * the local day. */
	struct deadline_rule one = rule(1, DL_DAYS);
	assert_int_equal(deadline_due(at("2026-03-09T17:30:00Z"), &one, NULL),
	                 at("2026-03-11T17:00:00Z"));
	/* 23:59:59 local Monday belongs to Monday. */
	assert_int_equal(deadline_due(at("2026-03-09T16:59:59Z"), &one, NULL),
	                 at("2026-03-10T17:00:00Z"));
	/* Calendar days ignore weekends: 30 days across months. */
	struct deadline_rule thirty = rule(30, DL_DAYS);
	assert_int_equal(
	    deadline_due(at("2026-01-31T03:00:00Z"), &thirty, NULL),
	    at("2026-03-02T17:00:00Z"));
	/* Across 29 February. */
	assert_int_equal(deadline_due(at("2024-02-28T03:00:00Z"), &one, NULL),
	                 at("2024-02-29T17:00:00Z"));
}

static void working_days_skip_weekends(void **state)
{
	(void)state;
	struct deadline_rule two = rule(2, DL_WORKING_DAYS);
	/* Friday 10:00 local → Mon, Tue: end of Tuesday. */
	assert_int_equal(deadline_due(at("2026-03-06T03:00:00Z"), &two, NULL),
	                 at("2026-03-10T17:00:00Z"));
	/* Saturday → Mon, Tue. */
	assert_int_equal(deadline_due(at("2026-03-07T03:00:00Z"), &two, NULL),
	                 at("2026-03-10T17:00:00Z"));
	/* Monday → Tue, Wed. */
	assert_int_equal(deadline_due(at("2026-03-09T03:00:00Z"), &two, NULL),
	                 at("2026-03-11T17:00:00Z"));
	/* Friday 06:00 local is Thursday 23:00Z: still counted from
	 * Friday. */
	assert_int_equal(deadline_due(at("2026-03-05T23:00:00Z"), &two, NULL),
	                 at("2026-03-10T17:00:00Z"));
	struct deadline_rule zero = rule(0, DL_WORKING_DAYS);
	assert_int_equal(deadline_due(at("2026-03-07T03:00:00Z"), &zero, NULL),
	                 at("2026-03-07T17:00:00Z"));
}

static void working_days_across_tet_2026(void **state)
{
	(void)state;
	size_t n;
	const int32_t *days = tet_days(&n);
	struct holiday_set tet = {days, n};
	struct deadline_rule two = rule(2, DL_WORKING_DAYS);
	/* Thursday 12 Feb → Fri 13, then weekend, Tết, weekend → Mon 23. */
	assert_int_equal(deadline_due(at("2026-02-12T02:00:00Z"), &two, &tet),
	                 at("2026-02-23T17:00:00Z"));
	/* Without the holidays it would be Monday 16. */
	assert_int_equal(deadline_due(at("2026-02-12T02:00:00Z"), &two, NULL),
	                 at("2026-02-16T17:00:00Z"));
	/* Started during Tết: the first working day is Monday 23. */
	assert_int_equal(deadline_due(at("2026-02-17T02:00:00Z"), &two, &tet),
	                 at("2026-02-24T17:00:00Z"));
	/* Seven working days from Friday 13 Feb: 23–27 Feb, 2–3 Mar. */
	struct deadline_rule seven = rule(7, DL_WORKING_DAYS);
	assert_int_equal(deadline_due(at("2026-02-13T02:00:00Z"), &seven, &tet),
	                 at("2026-03-03T17:00:00Z"));
}

static void overdue(void **state)
{
	(void)state;
	int64_t due = at("2026-03-10T17:00:00Z");
	assert_int_equal(deadline_overdue_seconds(due, due - 1), 0);
	assert_int_equal(deadline_overdue_seconds(due, due), 0);
	assert_int_equal(deadline_overdue_seconds(due, due + 1), 1);
	assert_int_equal(deadline_overdue_seconds(due, due + 86400), 86400);
	assert_int_equal(deadline_overdue_seconds(0, due), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(picks_the_most_specific_rule),
	    cmocka_unit_test(picks_the_rule_in_force),
	    cmocka_unit_test(equal_rows_prefer_the_newer),
	    cmocka_unit_test(unit_names),
	    cmocka_unit_test(days_parse_and_format),
	    cmocka_unit_test(day_round_trips),
	    cmocka_unit_test(local_day_is_utc_plus_7),
	    cmocka_unit_test(weekends_and_holidays),
	    cmocka_unit_test(many_holidays),
	    cmocka_unit_test(hours_run_through_nights_and_weekends),
	    cmocka_unit_test(days_end_at_local_midnight),
	    cmocka_unit_test(working_days_skip_weekends),
	    cmocka_unit_test(working_days_across_tet_2026),
	    cmocka_unit_test(overdue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
