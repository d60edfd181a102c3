/*
 * test_indicators.c — the rules of programme indicators
 * (domain/indicators.c): every period form and the invalid ones, previous
 * and enclosing periods, values and their rounding and null cases, the
 * reduction against a baseline, the status rule at its boundaries, the
 * masking of small counts, validation problems, and that every code of
 * ../shared/domain/indicators.csv has an entry in the computation table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/indicators.h"
#include "lib/csvfile.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- periods --------------------------------------------------------- */

static void check_period(const char *s, enum period_kind kind, int year,
                         int part, const char *from, const char *to,
                         const char *from_month, const char *to_month)
{
	struct period p;
	assert_int_equal(period_parse(s, &p), 0);
	assert_int_equal(p.kind, kind);
	assert_int_equal(p.year, year);
	assert_int_equal(p.part, part);
	assert_string_equal(p.code, s);
	assert_string_equal(p.from, from);
	assert_string_equal(p.to, to);
	assert_string_equal(p.from_month, from_month);
	assert_string_equal(p.to_month, to_month);
}

static void period_forms(void **state)
{
	(void)state;
	check_period("2020", PERIOD_YEAR, 2020, 0, "2020-01-01", "2020-12-31",
	             "2020-01", "2020-12");
	check_period("2020S1", PERIOD_HALF, 2020, 1, "2020-01-01", "2020-06-30",
	             "2020-01", "2020-06");
	check_period("2020S2", PERIOD_HALF, 2020, 2, "2020-07-01", "2020-12-31",
	             "2020-07", "2020-12");
	check_period("2020Q1", PERIOD_QUARTER, 2020, 1, "2020-01-01",
	             "2020-03-31", "2020-01", "2020-03");
	check_period("2019Q2", PERIOD_QUARTER, 2019, 2, "2019-04-01",
	             "2019-06-30", "2019-04", "2019-06");
	check_period("2020Q3", PERIOD_QUARTER, 2020, 3, "2020-07-01",
	             "2020-09-30", "2020-07", "2020-09");
	check_period("2020Q4", PERIOD_QUARTER, 2020, 4, "2020-10-01",
	             "2020-12-31", "2020-10", "2020-12");
	check_period("2020-02", PERIOD_MONTH, 2020, 2, "2020-02-01",
	             "2020-02-29", "2020-02", "2020-02");
	check_period("2019-02", PERIOD_MONTH, 2019, 2, "2019-02-01",
	             "2019-02-28", "2019-02", "2019-02");
	check_period("2100-02", PERIOD_MONTH, 2100, 2, "2100-02-01",
	             "2100-02-28", "2100-02", "2100-02");
	check_period("2000-02", PERIOD_MONTH, 2000, 2, "2000-02-01",
	             "2000-02-29", "2000-02", "2000-02");
	check_period("2020-11", PERIOD_MONTH, 2020, 11, "2020-11-01",
	             "2020-11-30", "2020-11", "2020-11");
	check_period("2020-12", PERIOD_MONTH, 2020, 12, "2020-12-01",
	             "2020-12-31", "2020-12", "2020-12");
}

static void invalid_periods(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",         "202",    "20200",  "1999",    "2101",    "2020S0",
	    "2020S3",   "2020Q0", "2020Q5", "2020-00", "2020-13", "2020-1",
	    "2020-123", "2020s1", "2020q1", "2020H1",  " 2020",   "2020 ",
	    "2020-0a",  "abcd",   "2020Q",  "2020S",   "2020-",   "2020Q12",
	};
	for (size_t i = 0; i < N(bad); i++) {
		struct period p;
		if (period_parse(bad[i], &p) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	struct period p;
	assert_int_equal(period_parse(NULL, &p), -1);
}

static const char *previous_of(const char *s, struct period *buf)
{
	struct period p;
	assert_int_equal(period_parse(s, &p), 0);
	period_previous(&p, buf);
	return buf->code;
}

static void previous_periods(void **state)
{
	(void)state;
	struct period b;
	assert_string_equal(previous_of("2020", &b), "2019");
	assert_string_equal(previous_of("2020S2", &b), "2020S1");
	assert_string_equal(previous_of("2020S1", &b), "2019S2");
	assert_string_equal(b.from, "2019-07-01");
	assert_string_equal(previous_of("2020Q3", &b), "2020Q2");
	assert_string_equal(previous_of("2020Q1", &b), "2019Q4");
	assert_string_equal(b.to, "2019-12-31");
	assert_string_equal(previous_of("2020-03", &b), "2020-02");
	assert_string_equal(b.to, "2020-02-29");
	assert_string_equal(previous_of("2020-01", &b), "2019-12");

	/* the trend of docs/indicators.md: 2020S1 and the three before */
	struct period p;
	assert_int_equal(period_parse("2020S1", &p), 0);
	const char *want[] = {"2019S2", "2019S1", "2018S2"};
	for (size_t i = 0; i < N(want); i++) {
		struct period q;
		period_previous(&p, &q);
		assert_string_equal(q.code, want[i]);
		p = q;
	}
}

static void enclosing_periods(void **state)
{
	(void)state;
	struct period p, out[4];
	assert_int_equal(period_parse("2020-08", &p), 0);
	assert_int_equal(period_enclosing(&p, out), 4);
	assert_string_equal(out[0].code, "2020-08");
	assert_string_equal(out[1].code, "2020Q3");
	assert_string_equal(out[2].code, "2020S2");
	assert_string_equal(out[3].code, "2020");
	assert_string_equal(out[1].to, "2020-09-30");

	assert_int_equal(period_parse("2020-06", &p), 0);
	assert_int_equal(period_enclosing(&p, out), 4);
	assert_string_equal(out[1].code, "2020Q2");
	assert_string_equal(out[2].code, "2020S1");

	assert_int_equal(period_parse("2020Q2", &p), 0);
	assert_int_equal(period_enclosing(&p, out), 3);
	assert_string_equal(out[0].code, "2020Q2");
	assert_string_equal(out[1].code, "2020S1");
	assert_string_equal(out[2].code, "2020");

	assert_int_equal(period_parse("2020Q3", &p), 0);
	assert_int_equal(period_enclosing(&p, out), 3);
	assert_string_equal(out[1].code, "2020S2");

	assert_int_equal(period_parse("2020S2", &p), 0);
	assert_int_equal(period_enclosing(&p, out), 2);
	assert_string_equal(out[1].code, "2020");

	assert_int_equal(period_parse("2020", &p), 0);
	assert_int_equal(period_enclosing(&p, out), 1);
	assert_string_equal(out[0].code, "2020");
}

/* ---- values ------------------------------------------------------------ */

static void percent_values(void **state)
{
	(void)state;
	double v = -1;
	assert_true(indicator_value(IND_PERCENT, true, 1, true, 3, &v));
	assert_float_equal(v, 33.3, 1e-9);
	assert_true(indicator_value(IND_PERCENT, true, 2, true, 3, &v));
	assert_float_equal(v, 66.7, 1e-9);
	assert_true(indicator_value(IND_PERCENT, true, 1, true, 8, &v));
	assert_float_equal(v, 12.5, 1e-9);
	/* exact half of a tenth rounds up: 6.25 → 6.3, 0.05 → 0.1 */
	assert_true(indicator_value(IND_PERCENT, true, 1, true, 16, &v));
	assert_float_equal(v, 6.3, 1e-9);
	assert_true(indicator_value(IND_PERCENT, true, 1, true, 2000, &v));
	assert_float_equal(v, 0.1, 1e-9);
	assert_true(indicator_value(IND_PERCENT, true, 1, true, 2001, &v));
	assert_float_equal(v, 0.0, 1e-9);
	assert_true(indicator_value(IND_PERCENT, true, 0, true, 5, &v));
	assert_float_equal(v, 0.0, 1e-9);
	assert_true(indicator_value(IND_PERCENT, true, 7, true, 7, &v));
	assert_float_equal(v, 100.0, 1e-9);
	assert_true(
	    indicator_value(IND_PERCENT, true, 9999999, true, 10000000, &v));
	assert_float_equal(v, 100.0, 1e-9);

	/* null: denominator 0 or unknown, numerator unknown */
	v = -1;
	assert_false(indicator_value(IND_PERCENT, true, 3, true, 0, &v));
	assert_false(indicator_value(IND_PERCENT, true, 3, false, 0, &v));
	assert_false(indicator_value(IND_PERCENT, false, 0, true, 10, &v));
	assert_float_equal(v, -1, 0);
}

static void count_values(void **state)
{
	(void)state;
	double v = -1;
	assert_true(indicator_value(IND_COUNT, true, 42, false, 0, &v));
	assert_float_equal(v, 42, 0);
	assert_true(indicator_value(IND_COUNT, true, 0, false, 0, &v));
	assert_float_equal(v, 0, 0);
	assert_false(indicator_value(IND_COUNT, false, 0, true, 5, &v));
	/* a reduction needs its baseline: indicator_reduction */
	assert_false(indicator_value(IND_REDUCTION, true, 1, true, 10, &v));
}

static void reduction_values(void **state)
{
	(void)state;
	double v = -1;
	/* rate 2/1000 against base 4/1000: halved */
	assert_true(
	    indicator_reduction(true, 2, true, 1000, true, 4, true, 1000, &v));
	assert_float_equal(v, 50.0, 1e-9);
	/* different populations: rate 3/2000, base 2/1000 → 25 % fewer */
	assert_true(
	    indicator_reduction(true, 3, true, 2000, true, 2, true, 1000, &v));
	assert_float_equal(v, 25.0, 1e-9);
	/* a rise is a negative reduction */
	assert_true(
	    indicator_reduction(true, 6, true, 1000, true, 4, true, 1000, &v));
	assert_float_equal(v, -50.0, 1e-9);
	/* 1/3 fewer → 33.3 */
	assert_true(
	    indicator_reduction(true, 2, true, 100, true, 3, true, 100, &v));
	assert_float_equal(v, 33.3, 1e-9);
	/* no abuse at all now: 100 % */
	assert_true(
	    indicator_reduction(true, 0, true, 100, true, 3, true, 100, &v));
	assert_float_equal(v, 100.0, 1e-9);

	v = -1;
	/* base 0, either rate unknown, a population of 0 */
	assert_false(
	    indicator_reduction(true, 2, true, 100, true, 0, true, 100, &v));
	assert_false(
	    indicator_reduction(true, 2, false, 0, true, 3, true, 100, &v));
	assert_false(
	    indicator_reduction(false, 0, true, 100, true, 3, true, 100, &v));
	assert_false(
	    indicator_reduction(true, 2, true, 100, false, 0, true, 100, &v));
	assert_false(
	    indicator_reduction(true, 2, true, 100, true, 3, false, 0, &v));
	assert_false(
	    indicator_reduction(true, 2, true, 0, true, 3, true, 100, &v));
	assert_false(
	    indicator_reduction(true, 2, true, 100, true, 3, true, 0, &v));
	assert_float_equal(v, -1, 0);
}

/* ---- status ------------------------------------------------------------ */

static void status_rule(void **state)
{
	(void)state;
	/* plan 2018–2020, baseline 30 (of 2017), target 90 in 2020:
	 * E(2018) = 50, E(2019) = 70, E(2020) = 90 */
	struct target_path t = {.target = 90,
	                        .target_year = 2020,
	                        .has_baseline = true,
	                        .baseline = 30,
	                        .plan_from = 2018};
	assert_int_equal(indicator_status(true, 70.0, &t, 2019),
	                 STATUS_ON_TRACK);
	assert_int_equal(indicator_status(true, 69.9, &t, 2019),
	                 STATUS_AT_RISK);
	assert_int_equal(indicator_status(true, 56.0, &t, 2019),
	                 STATUS_AT_RISK); /* exactly 0.8 × 70 */
	assert_int_equal(indicator_status(true, 55.9, &t, 2019),
	                 STATUS_OFF_TRACK);
	assert_int_equal(indicator_status(true, 50.0, &t, 2018),
	                 STATUS_ON_TRACK);
	assert_int_equal(indicator_status(true, 49.9, &t, 2018),
	                 STATUS_AT_RISK);
	assert_int_equal(indicator_status(true, 90.0, &t, 2020),
	                 STATUS_ON_TRACK);
	assert_int_equal(indicator_status(true, 72.0, &t, 2020),
	                 STATUS_AT_RISK);
	assert_int_equal(indicator_status(true, 71.9, &t, 2020),
	                 STATUS_OFF_TRACK);
	/* past the target's year the target itself is expected */
	assert_int_equal(indicator_status(true, 89.9, &t, 2021),
	                 STATUS_AT_RISK);
	assert_int_equal(indicator_status(true, 95.0, &t, 2022),
	                 STATUS_ON_TRACK);
	/* a null value is off track when a target applies */
	assert_int_equal(indicator_status(false, 0, &t, 2019),
	                 STATUS_OFF_TRACK);

	/* no baseline: the path starts at 0; 2017–2020, target 60 in 2020:
	 * E(2017) = 15, E(2018) = 30 */
	struct target_path nb = {
	    .target = 60, .target_year = 2020, .plan_from = 2017};
	assert_int_equal(indicator_status(true, 15.0, &nb, 2017),
	                 STATUS_ON_TRACK);
	assert_int_equal(indicator_status(true, 29.9, &nb, 2018),
	                 STATUS_AT_RISK);
	assert_int_equal(indicator_status(true, 24.0, &nb, 2018),
	                 STATUS_AT_RISK);
	assert_int_equal(indicator_status(true, 23.9, &nb, 2018),
	                 STATUS_OFF_TRACK);
	/* a path that rounds: B 0, T 90, 2018–2020 → E(2019) = 60 */
	struct target_path r = {
	    .target = 90, .target_year = 2020, .plan_from = 2018};
	assert_int_equal(indicator_status(true, 60.0, &r, 2019),
	                 STATUS_ON_TRACK);
	assert_int_equal(indicator_status(true, 59.9, &r, 2019),
	                 STATUS_AT_RISK);

	/* no target, whatever the value */
	assert_int_equal(indicator_status(true, 100, NULL, 2020),
	                 STATUS_NO_TARGET);
	assert_int_equal(indicator_status(false, 0, NULL, 2020),
	                 STATUS_NO_TARGET);

	assert_string_equal(indicator_status_name(STATUS_ON_TRACK), "on_track");
	assert_string_equal(indicator_status_name(STATUS_AT_RISK), "at_risk");
	assert_string_equal(indicator_status_name(STATUS_OFF_TRACK),
	                    "off_track");
	assert_string_equal(indicator_status_name(STATUS_NO_TARGET),
	                    "no_target");
}

/* ---- masking and problems ---------------------------------------------- */

static void small_counts_masked(void **state)
{
	(void)state;
	assert_false(indicator_count_masked(true, 0));
	assert_true(indicator_count_masked(true, 1));
	assert_true(indicator_count_masked(true, 4));
	assert_false(indicator_count_masked(true, 5));
	assert_false(indicator_count_masked(true, 1000));
	assert_false(indicator_count_masked(false, 3));
}

static void validation_problems(void **state)
{
	(void)state;
	const char *c[4];
	assert_int_equal(indicator_problems(IND_PERCENT, true, 5, true, 10, c),
	                 0);
	assert_int_equal(indicator_problems(IND_PERCENT, true, 10, true, 10, c),
	                 0);
	assert_int_equal(indicator_problems(IND_PERCENT, true, 11, true, 10, c),
	                 1);
	assert_string_equal(c[0], "numerator_exceeds_denominator");
	assert_int_equal(indicator_problems(IND_PERCENT, true, -1, true, 10, c),
	                 1);
	assert_string_equal(c[0], "negative");
	assert_int_equal(indicator_problems(IND_PERCENT, true, 3, true, -2, c),
	                 1);
	assert_string_equal(c[0], "negative");
	assert_int_equal(indicator_problems(IND_PERCENT, true, 3, false, 0, c),
	                 1);
	assert_string_equal(c[0], "missing_denominator");
	assert_int_equal(indicator_problems(IND_PERCENT, true, -3, false, 0, c),
	                 2);
	assert_string_equal(c[0], "negative");
	assert_string_equal(c[1], "missing_denominator");
	/* nothing entered is no problem */
	assert_int_equal(indicator_problems(IND_PERCENT, false, 0, false, 0, c),
	                 0);
	assert_int_equal(indicator_problems(IND_PERCENT, false, 0, true, 0, c),
	                 0);
	/* counts: only negative */
	assert_int_equal(indicator_problems(IND_COUNT, true, 50, false, 0, c),
	                 0);
	assert_int_equal(indicator_problems(IND_COUNT, true, -1, false, 0, c),
	                 1);
	assert_string_equal(c[0], "negative");
	/* a reduction's rate is a ratio too */
	assert_int_equal(
	    indicator_problems(IND_REDUCTION, true, 12, true, 10, c), 1);
	assert_string_equal(c[0], "numerator_exceeds_denominator");
}

/* ---- the computation table --------------------------------------------- */

static void kinds_and_sources(void **state)
{
	(void)state;
	enum indicator_kind k;
	assert_int_equal(indicator_kind_parse("percent", &k), 0);
	assert_int_equal(k, IND_PERCENT);
	assert_int_equal(indicator_kind_parse("count", &k), 0);
	assert_int_equal(k, IND_COUNT);
	assert_int_equal(indicator_kind_parse("reduction_pct", &k), 0);
	assert_int_equal(k, IND_REDUCTION);
	assert_int_equal(indicator_kind_parse("ratio", &k), -1);
	assert_string_equal(indicator_kind_name(IND_REDUCTION),
	                    "reduction_pct");
	assert_null(indicator_source_name(SRC_NONE));
	assert_string_equal(indicator_source_name(SRC_CASES), "cases");
	assert_string_equal(indicator_source_name(SRC_AGGREGATE), "aggregate");

	const struct indicator_spec *s = indicator_spec("p2_csc_managed_pct");
	assert_non_null(s);
	assert_int_equal(s->num, SRC_CASES);
	assert_int_equal(s->den, SRC_AGGREGATE);
	s = indicator_spec("p4_addicts_vocational_trained_count");
	assert_non_null(s);
	assert_int_equal(s->kind, IND_COUNT);
	assert_int_equal(s->den, SRC_NONE);
	s = indicator_spec("p2_child_abuse_rate_reduction_pct");
	assert_non_null(s);
	assert_int_equal(s->kind, IND_REDUCTION);
	assert_null(indicator_spec("p9_unknown_pct"));
	assert_null(indicator_spec(NULL));

	struct indicator_spec a =
	    indicator_spec_or_aggregate("p9_new_pct", IND_PERCENT);
	assert_int_equal(a.num, SRC_AGGREGATE);
	assert_int_equal(a.den, SRC_AGGREGATE);
	a = indicator_spec_or_aggregate("p9_new_count", IND_COUNT);
	assert_int_equal(a.num, SRC_AGGREGATE);
	assert_int_equal(a.den, SRC_NONE);
	a = indicator_spec_or_aggregate("p1_disadvantaged_supported_pct",
	                                IND_COUNT);
	assert_int_equal(a.kind, IND_PERCENT); /* the table's */
	assert_int_equal(a.num, SRC_CASES);
}

static void case_types(void **state)
{
	(void)state;
	assert_string_equal(indicator_case_type("p2_csc_managed_pct"),
	                    "child_protection");
	assert_string_equal(
	    indicator_case_type("p4_harm_reduction_subunits_pct"),
	    "sex_work_support");
	assert_null(indicator_case_type("p1_staff_trained_count"));
	assert_null(indicator_case_type(NULL));
	/* every indicator with a case part has one: check_row */
}

/* The path of indicators.csv: $TROGIUP_SHARED/domain, else
 * ../shared/domain beside the repository (found from this file's path). */
static void catalogue_path(char *path, size_t size)
{
	const char *shared = getenv("TROGIUP_SHARED");
	if (shared != NULL && *shared != '\0') {
		snprintf(path, size, "%s/domain/indicators.csv", shared);
		return;
	}
	const char *here = __FILE__; /* …/tests/unit/test_indicators.c */
	const char *cut = strstr(here, "tests/unit/");
	snprintf(path, size, "%.*s../shared/domain/indicators.csv",
	         cut != NULL ? (int)(cut - here) : 0, here);
}

struct catalogue_check {
	size_t rows;
	char failure[200];
};

static int check_row(void *ctx, long line, size_t nfields,
                     const char *const *fields)
{
	struct catalogue_check *c = ctx;
	if (line == 1)
		return 0;
	if (nfields < 3) {
		snprintf(c->failure, sizeof c->failure, "line %ld short", line);
		return 1;
	}
	c->rows++;
	const struct indicator_spec *s = indicator_spec(fields[0]);
	enum indicator_kind k;
	if (s == NULL) {
		snprintf(c->failure, sizeof c->failure,
		         "%s has no computation entry", fields[0]);
		return 1;
	}
	if ((s->num == SRC_CASES || s->den == SRC_CASES) !=
	    (indicator_case_type(fields[0]) != NULL && s->num != SRC_UNITS)) {
		snprintf(c->failure, sizeof c->failure,
		         "%s: case type and case source disagree", fields[0]);
		return 1;
	}
	if (indicator_kind_parse(fields[2], &k) != 0 || k != s->kind) {
		snprintf(c->failure, sizeof c->failure,
		         "%s: kind %s in the CSV", fields[0], fields[2]);
		return 1;
	}
	return 0;
}

static void every_catalogue_code_has_an_entry(void **state)
{
	(void)state;
	char path[4096];
	catalogue_path(path, sizeof path);
	struct catalogue_check c = {0};
	char *err = NULL;
	int rc = csvfile_read(path, check_row, &c, &err);
	if (rc != 0)
		fail_msg("%s: %s", path, err != NULL ? err : c.failure);
	free(err);
	assert_int_equal(c.rows, 46);
}

/* ---- disaggregations ---------------------------------------------------- */

static void disaggregations_by_source(void **state)
{
	(void)state;
	const char *names[4];
	/* cases: every attribute of the person */
	assert_int_equal(indicator_disaggregations(
	                     "p1_disadvantaged_supported_pct", names, 4),
	                 3);
	assert_string_equal(names[0], "sex");
	assert_string_equal(names[1], "age_group");
	assert_string_equal(names[2], "ethnicity");
	/* trainings: participants have no ethnicity */
	assert_int_equal(
	    indicator_disaggregations("p1_staff_trained_count", names, 4), 2);
	assert_string_equal(names[0], "sex");
	assert_string_equal(names[1], "age_group");
	/* communications: reach by sex only */
	assert_int_equal(indicator_disaggregations(
	                     "p3_population_ge_informed_pct", names, 4),
	                 1);
	assert_string_equal(names[0], "sex");
	/* facilities, stays, units, aggregate: none */
	assert_int_equal(indicator_disaggregations(
	                     "p1_nonpublic_facilities_count", names, 4),
	                 0);
	assert_int_equal(indicator_disaggregations(
	                     "p1_residents_per_facility_count", names, 4),
	                 0);
	assert_int_equal(indicator_disaggregations(
	                     "p4_harm_reduction_subunits_pct", names, 4),
	                 0);
	assert_int_equal(
	    indicator_disaggregations("p2_districts_cp_plan_pct", names, 4), 0);
	assert_int_equal(indicator_disaggregations("no_such_code", names, 4),
	                 0);
	assert_int_equal(indicator_disaggregations(NULL, names, 4), 0);
	/* max bounds what is written */
	assert_int_equal(
	    indicator_disaggregations("p3_gbv_victims_supported_pct", names, 1),
	    1);
	assert_string_equal(names[0], "sex");

	assert_true(indicator_disaggregation_applies(
	    "p4_trafficking_cases_verified_pct", "ethnicity"));
	assert_true(indicator_disaggregation_applies("p3_ge_staff_trained_pct",
	                                             "age_group"));
	assert_false(indicator_disaggregation_applies("p3_ge_staff_trained_pct",
	                                              "ethnicity"));
	assert_false(indicator_disaggregation_applies(
	    "p3_population_ge_informed_pct", "age_group"));
	assert_false(indicator_disaggregation_applies(
	    "p1_facilities_upgraded_count", "sex"));
	assert_false(indicator_disaggregation_applies(
	    "p1_disadvantaged_supported_pct", "province"));
	assert_false(indicator_disaggregation_applies(
	    "p1_disadvantaged_supported_pct", NULL));
}

static void age_groups(void **state)
{
	(void)state;
	const char *names[6];
	const char *child = "p2_csc_supported_pct";
	const char *adult = "p1_disadvantaged_supported_pct";
	assert_int_equal(indicator_age_groups(child, names, 6), 5);
	assert_string_equal(names[0], "0-5");
	assert_string_equal(names[3], "16-17");
	assert_string_equal(names[4], "18+");
	assert_int_equal(indicator_age_groups(adult, names, 6), 4);
	assert_string_equal(names[0], "0-15");
	assert_string_equal(names[3], "60+");
	assert_int_equal(indicator_age_groups(adult, names, 2), 2);

	static const struct {
		int age;
		const char *child, *adult;
	} cases[] = {
	    {-1, "unknown", "unknown"}, {0, "0-5", "0-15"},
	    {5, "0-5", "0-15"},         {6, "6-10", "0-15"},
	    {10, "6-10", "0-15"},       {11, "11-15", "0-15"},
	    {15, "11-15", "0-15"},      {16, "16-17", "16-17"},
	    {17, "16-17", "16-17"},     {18, "18+", "18-59"},
	    {59, "18+", "18-59"},       {60, "18+", "60+"},
	    {104, "18+", "60+"},
	};
	for (size_t i = 0; i < N(cases); i++) {
		assert_string_equal(indicator_age_group(child, cases[i].age),
		                    cases[i].child);
		assert_string_equal(indicator_age_group(adult, cases[i].age),
		                    cases[i].adult);
	}
	/* every project 2 indicator is a child indicator; trainings of
	 * project 1 are not */
	assert_string_equal(
	    indicator_age_group("p2_child_abuse_rate_reduction_pct", 7),
	    "6-10");
	assert_string_equal(indicator_age_group("p1_staff_trained_count", 7),
	                    "0-15");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(period_forms),
	    cmocka_unit_test(invalid_periods),
	    cmocka_unit_test(previous_periods),
	    cmocka_unit_test(enclosing_periods),
	    cmocka_unit_test(percent_values),
	    cmocka_unit_test(count_values),
	    cmocka_unit_test(reduction_values),
	    cmocka_unit_test(status_rule),
	    cmocka_unit_test(small_counts_masked),
	    cmocka_unit_test(validation_problems),
	    cmocka_unit_test(kinds_and_sources),
	    cmocka_unit_test(case_types),
	    cmocka_unit_test(every_catalogue_code_has_an_entry),
	    cmocka_unit_test(disaggregations_by_source),
	    cmocka_unit_test(age_groups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
