/*
 * test_store_report_plans.c — what sqlite_report_plans.c gives reports
 * (store_reports.h, docs/reports.md §Data): the plan that governs a
 * unit's report (its own, else the nearest ancestor's, the latest of
 * several), a plan's report settings (defaults, stored), the activity
 * counts of a window in local days, and the whole months the case sums of
 * a Decree 09 window count.  Each test gets a fresh database in its own
 * mkdtemp directory, with the Kon Tum lineage of indicator_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/deadline.h"
#include "domain/report.h"
#include "lib/arena.h"
#include "store/store.h"
#include "store/store_indicators.h"
#include "store/store_plans.h"
#include "store/store_reports.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#include "indicator_fixture.h"

/* The instant of local (UTC+7) day `day` at h:m:s. */
static int64_t local(const char *day, int h, int m, int s)
{
	int32_t d;
	assert_int_equal(hcm_day_parse(day, &d), 0);
	return hcm_midnight(d) + h * 3600 + m * 60 + s;
}

static int64_t add_plan(struct fixture *f, const char *code, const char *path,
                        const char *number, const char *issued, int from,
                        int to)
{
	struct plan_row p = {
	    .tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .number = number,
	    .issued_on = issued,
	    .title = "Kế hoạch",
	    .period_from = from,
	    .period_to = to,
	};
	assert_int_equal(store_plan_create(f->st, &p), STORE_OK);
	return p.id;
}

static int64_t plan_for(struct fixture *f, const char *code, int year)
{
	int64_t id = -1;
	assert_int_equal(store_report_plan_for(f->st, "2024", code, year, &id),
	                 STORE_OK);
	return id;
}

static void plan_for_nearest(void **state)
{
	struct fixture *f = *state;
	int64_t older =
	    add_plan(f, "62", "62", "787/KH-UBND", "2018-04-03", 2016, 2020);
	int64_t later =
	    add_plan(f, "62", "62", "12/KH-UBND", "2019-01-15", 2019, 2020);
	int64_t next =
	    add_plan(f, "62", "62", "100/KH-UBND", "2021-02-01", 2021, 2025);
	int64_t district = add_plan(f, "608", "62/608", "45/KH-UBND",
	                            "2021-03-01", 2021, 2025);

	/* the province's own: the latest issued covering the year */
	assert_int_equal(plan_for(f, "62", 2018), older);
	assert_int_equal(plan_for(f, "62", 2020), later);
	assert_int_equal(plan_for(f, "62", 2022), next);
	/* a commune without a plan: its district's, else the province's */
	assert_int_equal(plan_for(f, "23425", 2020), later);
	assert_int_equal(plan_for(f, "23425", 2022), district);
	assert_int_equal(plan_for(f, "608", 2022), district);
	assert_int_equal(plan_for(f, "23500", 2022), next);
	/* none: another province, a year no plan covers, an unknown unit */
	assert_int_equal(plan_for(f, "64", 2020), 0);
	assert_int_equal(plan_for(f, "62", 2030), 0);
	assert_int_equal(plan_for(f, "99999", 2020), 0);
}

static void due_equal(const struct report_due_rule *a,
                      const struct report_due_rule *b)
{
	assert_int_equal(a->month, b->month);
	assert_int_equal(a->day, b->day);
	assert_int_equal(a->year_offset, b->year_offset);
}

static void settings_equal(const struct report_settings *a,
                           const struct report_settings *b)
{
	assert_int_equal(a->window, b->window);
	due_equal(&a->due_s1, &b->due_s1);
	due_equal(&a->due_s2, &b->due_s2);
	due_equal(&a->due_annual, &b->due_annual);
	assert_int_equal(a->due_day_counts, b->due_day_counts);
	assert_int_equal(a->reminder_days, b->reminder_days);
}

static void settings_default_and_stored(void **state)
{
	struct fixture *f = *state;
	int64_t plan =
	    add_plan(f, "62", "62", "787/KH-UBND", "2018-04-03", 2016, 2020);
	struct report_settings s, def;
	bool stored = true;

	report_settings_default(&def);
	assert_int_equal(store_report_settings_get(f->st, plan, &s, &stored),
	                 STORE_OK);
	assert_false(stored);
	settings_equal(&s, &def);

	struct report_settings put = {
	    .window = REPORT_WINDOW_CALENDAR,
	    .due_s1 = {7, 15, 0},
	    .due_s2 = {1, 15, 1},
	    .due_annual = {1, 20, 1},
	    .due_day_counts = false,
	    .reminder_days = 10,
	};
	assert_true(report_settings_valid(&put));
	assert_int_equal(
	    store_report_settings_put(f->st, plan, &put, f->user, 5000),
	    STORE_OK);
	assert_int_equal(store_report_settings_get(f->st, plan, &s, &stored),
	                 STORE_OK);
	assert_true(stored);
	settings_equal(&s, &put);
	assert_int_equal(s.window, REPORT_WINDOW_CALENDAR);
	assert_int_equal(s.due_annual.day, 20);

	/* a second put replaces the first */
	put.window = REPORT_WINDOW_DECREE_09;
	put.due_day_counts = true;
	put.reminder_days = 0;
	assert_int_equal(
	    store_report_settings_put(f->st, plan, &put, f->user, 6000),
	    STORE_OK);
	assert_int_equal(store_report_settings_get(f->st, plan, &s, &stored),
	                 STORE_OK);
	assert_true(stored);
	settings_equal(&s, &put);

	/* another plan keeps the defaults; no such plan */
	int64_t other =
	    add_plan(f, "64", "64", "1/KH-UBND", "2018-04-03", 2016, 2020);
	assert_int_equal(store_report_settings_get(f->st, other, &s, &stored),
	                 STORE_OK);
	assert_false(stored);
	settings_equal(&s, &def);
	assert_int_equal(store_report_settings_get(f->st, 9999, &s, &stored),
	                 STORE_NOTFOUND);
	assert_int_equal(
	    store_report_settings_put(f->st, 9999, &put, f->user, 6000),
	    STORE_NOTFOUND);
}

static void add_training(struct fixture *f, const char *code, const char *path,
                         const char *ends_on, int participants)
{
	struct training_row t = {.title = "t",
	                         .title_folded = "t",
	                         .topic = "sw_skills",
	                         .project = 1,
	                         .starts_on = "2019-01-01",
	                         .ends_on = ends_on,
	                         .unit_tree = "2024",
	                         .unit_code = code,
	                         .unit_path = path,
	                         .created_at = 1,
	                         .updated_at = 1};
	assert_int_equal(store_training_insert(f->st, &t), STORE_OK);
	for (int i = 0; i < participants; i++) {
		struct participant_row p = {.training_id = t.id,
		                            .full_name = "p",
		                            .full_name_folded = "p",
		                            .sex = "female",
		                            .role = "sw_official",
		                            .created_at = 1};
		assert_int_equal(store_participant_insert(f->st, &p), STORE_OK);
	}
}

static void add_communication(struct fixture *f, const char *code,
                              const char *path, const char *held_on,
                              int64_t male, int64_t female)
{
	struct communication_row m = {.unit_tree = "2024",
	                              .unit_code = code,
	                              .unit_path = path,
	                              .kind = "meeting",
	                              .topic = "gender_equality",
	                              .audience = "general_public",
	                              .held_on = held_on,
	                              .reach_male = male,
	                              .reach_female = female,
	                              .created_at = 1,
	                              .updated_at = 1};
	assert_int_equal(store_communication_insert(f->st, &m), STORE_OK);
}

static void add_case(struct fixture *f, const char *code, const char *path,
                     int64_t opened_at, int64_t closed_at)
{
	struct case_row c = {
	    .type = "social_assistance",
	    .person_id = f->person,
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .stage = closed_at ? "closed" : "assessment",
	    .urgency = "normal",
	    .details = "{}",
	    .consent_services = -1,
	    .consent_statistics = -1,
	    .consent_sharing = -1,
	    .opened_at = opened_at,
	    .closed_at = closed_at,
	    .created_by = f->user,
	};
	assert_int_equal(store_case_insert(f->st, f->a, &c, 2020), STORE_OK);
}

static void add_place(struct fixture *f, const char *type, const char *kind,
                      const char *status, const char *code, const char *path)
{
	struct facility_row fa = {
	    .name = type,
	    .name_folded = type,
	    .type = type,
	    .kind = kind,
	    .ownership = "public",
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .capacity = -1,
	    .status = status,
	    .created_at = 1,
	    .updated_at = 1,
	};
	assert_int_equal(store_facility_insert(f->st, &fa), STORE_OK);
}

static void activities_over_local_days(void **state)
{
	struct fixture *f = *state;
	const char *c1 = "62/608/23425", *c2 = "62/608/23426";

	/* trainings that end on the window's first and last day count,
	 * the day before and after not, nor another district's */
	add_training(f, "23425", c1, "2019-12-15", 2);
	add_training(f, "608", "62/608", "2020-06-14", 1);
	add_training(f, "23425", c1, "2019-12-14", 4);
	add_training(f, "23426", c2, "2020-06-15", 4);
	add_training(f, "23500", "62/610/23500", "2020-01-10", 8);
	/* communications alike */
	add_communication(f, "23425", c1, "2019-12-15", 10, 15);
	add_communication(f, "23426", c2, "2020-06-14", 5, 5);
	add_communication(f, "23426", c2, "2020-06-15", 100, 100);
	add_communication(f, "23426", c2, "2019-12-14", 100, 100);
	add_communication(f, "23500", "62/610/23500", "2020-01-10", 7, 7);
	/* cases against the local midnights of 15 Dec and 15 Jun */
	int64_t start = local("2019-12-15", 0, 0, 0);
	int64_t end = local("2020-06-15", 0, 0, 0);
	add_case(f, "23425", c1, start - 1, local("2020-01-10", 9, 0, 0));
	add_case(f, "23425", c1, start, 0);
	add_case(f, "23426", c2, end - 1, end);
	add_case(f, "23426", c2, end, 0);
	add_case(f, "23426", c2, local("2019-01-01", 8, 0, 0), 0);
	add_case(f, "23426", c2, local("2019-01-01", 8, 0, 0), start - 1);
	add_case(f, "23500", "62/610/23500", start + 3600, 0);
	/* active facilities now: not a suspended one, a model or another
	 * district's */
	add_place(f, "fac_general", "facility", "active", "23425", c1);
	add_place(f, "fac_general", "facility", "suspended", "23426", c2);
	add_place(f, "model_women_club", "model", "active", "23426", c2);
	add_place(f, "fac_general", "facility", "active", "23500",
	          "62/610/23500");

	struct report_activity_counts a;
	memset(&a, 0xff, sizeof a);
	assert_int_equal(store_report_activities(f->st, "2024", "62/608",
	                                         "2019-12-15", "2020-06-14",
	                                         &a),
	                 STORE_OK);
	assert_int_equal(a.trainings, 2);
	assert_int_equal(a.training_participants, 3);
	assert_int_equal(a.communications, 2);
	assert_int_equal(a.communication_reach, 35);
	assert_int_equal(a.cases_opened, 2);      /* start, end - 1 */
	assert_int_equal(a.cases_closed, 1);      /* 10 January */
	assert_int_equal(a.cases_open_at_end, 3); /* start, end - 1, 2019 */
	assert_int_equal(a.facilities_active, 1);

	/* one commune; the whole province; another province */
	assert_int_equal(store_report_activities(
	                     f->st, "2024", c2, "2019-12-15", "2020-06-14", &a),
	                 STORE_OK);
	assert_int_equal(a.trainings, 0);
	assert_int_equal(a.communications, 1);
	assert_int_equal(a.communication_reach, 10);
	assert_int_equal(a.cases_opened, 1);
	assert_int_equal(a.cases_closed, 0);
	assert_int_equal(a.cases_open_at_end, 2);
	assert_int_equal(a.facilities_active, 0);
	assert_int_equal(store_report_activities(f->st, "2024", "62",
	                                         "2019-12-15", "2020-06-14",
	                                         &a),
	                 STORE_OK);
	assert_int_equal(a.trainings, 3);
	assert_int_equal(a.training_participants, 11);
	assert_int_equal(a.communication_reach, 49);
	assert_int_equal(a.cases_opened, 3);
	assert_int_equal(a.facilities_active, 2);
	assert_int_equal(store_report_activities(f->st, "2024", "64",
	                                         "2019-12-15", "2020-06-14",
	                                         &a),
	                 STORE_OK);
	assert_int_equal(a.trainings + a.communications + a.cases_opened +
	                     a.cases_open_at_end + a.facilities_active,
	                 0);
	/* a one-day window: the first day alone */
	assert_int_equal(store_report_activities(f->st, "2024", "62/608",
	                                         "2019-12-15", "2019-12-15",
	                                         &a),
	                 STORE_OK);
	assert_int_equal(a.trainings, 1);
	assert_int_equal(a.cases_opened, 1);
	assert_int_equal(a.cases_open_at_end, 3); /* start-1, start, 2019 */
}

/* The denominator of the case indicator P1 for 608 over [from, to]. */
static int64_t p1_den(struct fixture *f, const char *from, const char *to)
{
	struct indicator_sum *sums;
	size_t n;
	assert_int_equal(store_indicator_sums(f->st, f->a, "2024", "608", from,
	                                      to, &sums, &n),
	                 STORE_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(sums[i].indicator,
		           "p1_disadvantaged_supported_pct") == 0)
			return sums[i].den;
	fail_msg("no sums of p1_disadvantaged_supported_pct");
	return -1;
}

static void case_sums_count_whole_months(void **state)
{
	struct fixture *f = *state;
	const char *c1 = "62/608/23425";

	/* one case opened in each of November, December, May and June */
	add_case(f, "23425", c1, local("2019-11-30", 12, 0, 0), 0);
	add_case(f, "23425", c1, local("2019-12-01", 12, 0, 0), 0);
	add_case(f, "23425", c1, local("2020-05-31", 12, 0, 0), 0);
	add_case(f, "23425", c1, local("2020-06-01", 12, 0, 0), 0);

	/* Decree 09's S1 counts December to May: June's last day is after
	 * 14 June, November's before 15 December */
	assert_int_equal(p1_den(f, "2019-12-15", "2020-06-14"), 2);
	/* S2 counts June to November */
	assert_int_equal(p1_den(f, "2020-06-15", "2020-12-14"), 1);
	/* calendar periods are whole months, as before */
	assert_int_equal(p1_den(f, "2020-01-01", "2020-06-30"), 2);
	assert_int_equal(p1_den(f, "2019-07-01", "2019-12-31"), 2);
	assert_int_equal(p1_den(f, "2019-12-01", "2019-12-31"), 1);
	/* the year 2019-12-15 … 2020-12-14 counts December to November;
	 * a window that holds no month's last day counts none */
	assert_int_equal(p1_den(f, "2019-12-15", "2020-12-14"), 3);
	assert_int_equal(p1_den(f, "2020-06-01", "2020-06-14"), 0);
	/* across a new year: 15 Dec 2019 … 14 Jan 2020 is December */
	assert_int_equal(p1_den(f, "2019-12-15", "2020-01-14"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(plan_for_nearest, setup, teardown),
	    cmocka_unit_test_setup_teardown(settings_default_and_stored, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(activities_over_local_days, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(case_sums_count_whole_months, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
