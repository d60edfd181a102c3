/*
 * indicators.c — the rules of programme indicators; see indicators.h and
 * docs/indicators.md.
 *
 * Pure and table-driven: the computation table below is the table of
 * docs/indicators.md §How each indicator is computed reduced to its
 * sources (which records give the numerator and the denominator); the SQL
 * that counts them lives in the store (0004_indicators.sql for cases,
 * store_indicators.c for the rest).  Values are computed from integer
 * parts with integer rounding, so 1/8 is 12.5 and never 12.499999.
 */
#include "domain/indicators.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- periods --------------------------------------------------------- */

enum { YEAR_MIN = 2000, YEAR_MAX = 2100 };

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Months a part of a kind spans. */
static int span_months(enum period_kind k)
{
	switch (k) {
	case PERIOD_YEAR: return 12;
	case PERIOD_HALF: return 6;
	case PERIOD_QUARTER: return 3;
	case PERIOD_MONTH: return 1;
	}
	return 12;
}

/* Fills every field of *out from kind, year and part (valid: the year
 * 2000–2100 before, and at most one year before or after, so it has four
 * digits). */
static void period_make(enum period_kind k, int year, int part,
                        struct period *out)
{
	assert(year >= 1000 && year <= 9999);
	memset(out, 0, sizeof *out);
	out->kind = k;
	out->year = year;
	out->part = k == PERIOD_YEAR ? 0 : part;
	/* unsigned and bounded, so the compiler sees every text fits */
	unsigned y = (unsigned)year % 10000u, p = (unsigned)part % 100u;
	unsigned span = (unsigned)span_months(k);
	unsigned first = k == PERIOD_YEAR ? 1u : (p - 1u) * span % 12u + 1u;
	unsigned last = first + span - 1u;
	unsigned last_day = (unsigned)month_days(year, (int)last) % 100u;
	switch (k) {
	case PERIOD_YEAR:
		snprintf(out->code, sizeof out->code, "%04u", y);
		break;
	case PERIOD_HALF:
		snprintf(out->code, sizeof out->code, "%04uS%u", y, p % 10u);
		break;
	case PERIOD_QUARTER:
		snprintf(out->code, sizeof out->code, "%04uQ%u", y, p % 10u);
		break;
	case PERIOD_MONTH:
		snprintf(out->code, sizeof out->code, "%04u-%02u", y, p);
		break;
	}
	snprintf(out->from, sizeof out->from, "%04u-%02u-01", y, first);
	snprintf(out->to, sizeof out->to, "%04u-%02u-%02u", y, last, last_day);
	snprintf(out->from_month, sizeof out->from_month, "%04u-%02u", y,
	         first);
	snprintf(out->to_month, sizeof out->to_month, "%04u-%02u", y, last);
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int period_parse(const char *s, struct period *out)
{
	assert(out != NULL);
	if (s == NULL || !digits(s, 4)) /* stops at the NUL of a short s */
		return -1;
	int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
	           (s[2] - '0') * 10 + (s[3] - '0');
	if (year < YEAR_MIN || year > YEAR_MAX)
		return -1;
	const char *rest = s + 4;
	size_t len = strlen(rest);
	if (len == 0) {
		period_make(PERIOD_YEAR, year, 0, out);
		return 0;
	}
	if (len == 2 && rest[0] == 'S' && (rest[1] == '1' || rest[1] == '2')) {
		period_make(PERIOD_HALF, year, rest[1] - '0', out);
		return 0;
	}
	if (len == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
		period_make(PERIOD_QUARTER, year, rest[1] - '0', out);
		return 0;
	}
	if (len == 3 && rest[0] == '-' && digits(rest + 1, 2)) {
		int month = (rest[1] - '0') * 10 + (rest[2] - '0');
		if (month < 1 || month > 12)
			return -1;
		period_make(PERIOD_MONTH, year, month, out);
		return 0;
	}
	return -1;
}

void period_previous(const struct period *p, struct period *out)
{
	assert(p != NULL && out != NULL);
	if (p->kind == PERIOD_YEAR) {
		period_make(PERIOD_YEAR, p->year - 1, 0, out);
		return;
	}
	int parts = 12 / span_months(p->kind);
	if (p->part > 1)
		period_make(p->kind, p->year, p->part - 1, out);
	else
		period_make(p->kind, p->year - 1, parts, out);
}

size_t period_enclosing(const struct period *p, struct period out[4])
{
	assert(p != NULL && out != NULL);
	size_t n = 0;
	out[n++] = *p;
	/* the first month of p finds the quarter and half holding it */
	int month = p->kind == PERIOD_YEAR
	                ? 1
	                : (p->part - 1) * span_months(p->kind) + 1;
	if (p->kind == PERIOD_MONTH)
		period_make(PERIOD_QUARTER, p->year, (month - 1) / 3 + 1,
		            &out[n++]);
	if (p->kind == PERIOD_MONTH || p->kind == PERIOD_QUARTER)
		period_make(PERIOD_HALF, p->year, (month - 1) / 6 + 1,
		            &out[n++]);
	if (p->kind != PERIOD_YEAR)
		period_make(PERIOD_YEAR, p->year, 0, &out[n++]);
	return n;
}

/* ---- the computation table -------------------------------------------- */

#define PCT IND_PERCENT
#define CNT IND_COUNT
#define RED IND_REDUCTION

/* docs/indicators.md §How each indicator is computed, in its order.  An
 * indicator whose records are counted per child unit (the "units" rows)
 * is units/units even when the records are cases or communications. */
static const struct indicator_spec specs[] = {
    {"p1_disadvantaged_supported_pct", PCT, SRC_CASES, SRC_CASES},
    {"p1_sw_workforce_trained_pct", PCT, SRC_TRAININGS, SRC_AGGREGATE},
    {"p1_facility_lisa_staff_trained_pct", PCT, SRC_TRAININGS, SRC_AGGREGATE},
    {"p1_staff_trained_count", CNT, SRC_TRAININGS, SRC_NONE},
    {"p1_staff_trained_per_year_count", CNT, SRC_TRAININGS, SRC_NONE},
    {"p1_family_caregivers_trained_per_year_count", CNT, SRC_TRAININGS,
     SRC_NONE},
    {"p1_residents_per_facility_count", CNT, SRC_STAYS, SRC_NONE},
    {"p1_facilities_upgraded_count", CNT, SRC_FACILITIES, SRC_NONE},
    {"p1_nonpublic_facilities_count", CNT, SRC_FACILITIES, SRC_NONE},
    {"p2_csc_supported_pct", PCT, SRC_CASES, SRC_CASES},
    {"p2_csc_managed_pct", PCT, SRC_CASES, SRC_AGGREGATE},
    {"p2_at_risk_abused_supported_pct", PCT, SRC_CASES, SRC_CASES},
    {"p2_at_risk_abused_with_plan_pct", PCT, SRC_CASES, SRC_CASES},
    {"p2_child_abuse_rate_reduction_pct", RED, SRC_CASES, SRC_AGGREGATE},
    {"p2_districts_cp_plan_pct", PCT, SRC_AGGREGATE, SRC_AGGREGATE},
    {"p2_communes_with_cp_system_count", CNT, SRC_AGGREGATE, SRC_NONE},
    {"p2_communes_cp_system_new_count", CNT, SRC_AGGREGATE, SRC_NONE},
    {"p2_communes_with_child_sw_officer_pct", PCT, SRC_AGGREGATE,
     SRC_AGGREGATE},
    {"p2_district_child_sw_offices_count", CNT, SRC_FACILITIES, SRC_NONE},
    {"p3_officials_students_ge_informed_pct", PCT, SRC_COMMUNICATIONS,
     SRC_AGGREGATE},
    {"p3_population_ge_informed_pct", PCT, SRC_COMMUNICATIONS, SRC_AGGREGATE},
    {"p3_female_deputies_leaders_trained_pct", PCT, SRC_TRAININGS,
     SRC_AGGREGATE},
    {"p3_female_pipeline_cadres_trained_pct", PCT, SRC_TRAININGS,
     SRC_AGGREGATE},
    {"p3_ge_staff_trained_pct", PCT, SRC_TRAININGS, SRC_AGGREGATE},
    {"p3_gbv_victims_supported_pct", PCT, SRC_CASES, SRC_CASES},
    {"p3_gbv_perpetrators_counselled_pct", PCT, SRC_CASES, SRC_CASES},
    {"p3_districts_women_economic_models_pct", PCT, SRC_UNITS, SRC_UNITS},
    {"p3_ge_service_centres_count", CNT, SRC_FACILITIES, SRC_NONE},
    {"p3_trusted_address_models_count", CNT, SRC_FACILITIES, SRC_NONE},
    {"p3_safety_surveys_count", CNT, SRC_AGGREGATE, SRC_NONE},
    {"p4_court_decisions_executed_pct", PCT, SRC_CASES, SRC_CASES},
    {"p4_managed_addicts_treated_pct", PCT, SRC_CASES, SRC_CASES},
    {"p4_addicts_vocational_pct", PCT, SRC_CASES, SRC_CASES},
    {"p4_addicts_vocational_trained_count", CNT, SRC_CASES, SRC_NONE},
    {"p4_rehab_staff_trained_pct", PCT, SRC_TRAININGS, SRC_AGGREGATE},
    {"p4_community_rehab_points_count", CNT, SRC_FACILITIES, SRC_NONE},
    {"p4_communes_prostitution_communication_pct", PCT, SRC_UNITS, SRC_UNITS},
    {"p4_communes_prostitution_integrated_plan_pct", PCT, SRC_AGGREGATE,
     SRC_AGGREGATE},
    {"p4_harm_reduction_subunits_pct", PCT, SRC_UNITS, SRC_UNITS},
    {"p4_communes_free_of_prostitution_pct", PCT, SRC_AGGREGATE, SRC_AGGREGATE},
    {"p4_sex_work_models_count", CNT, SRC_FACILITIES, SRC_NONE},
    {"p4_trafficking_victims_supported_pct", PCT, SRC_CASES, SRC_CASES},
    {"p4_trafficking_cases_verified_pct", PCT, SRC_CASES, SRC_CASES},
    {"p4_trafficking_victims_protected_pct", PCT, SRC_CASES, SRC_CASES},
    {"p4_trafficking_victims_benefits_pct", PCT, SRC_CASES, SRC_CASES},
    {"p4_trafficking_reintegration_models_count", CNT, SRC_FACILITIES,
     SRC_NONE},
};

#undef PCT
#undef CNT
#undef RED

const struct indicator_spec *indicator_spec(const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < N(specs); i++)
		if (strcmp(specs[i].code, code) == 0)
			return &specs[i];
	return NULL;
}

struct indicator_spec indicator_spec_or_aggregate(const char *code,
                                                  enum indicator_kind kind)
{
	const struct indicator_spec *s = indicator_spec(code);
	if (s != NULL)
		return *s;
	struct indicator_spec out = {code, kind, SRC_AGGREGATE,
	                             kind == IND_COUNT ? SRC_NONE
	                                               : SRC_AGGREGATE};
	return out;
}

/* The case type of each case-based indicator.  Kept beside the view
 * case_indicator_rows (0004_indicators.sql), whose every arm filters on
 * the same type; test_store_indicators checks the two agree. */
static const struct {
	const char *code, *type;
} case_types[] = {
    {"p1_disadvantaged_supported_pct", "social_assistance"},
    {"p2_csc_supported_pct", "child_protection"},
    {"p2_csc_managed_pct", "child_protection"},
    {"p2_at_risk_abused_supported_pct", "child_protection"},
    {"p2_at_risk_abused_with_plan_pct", "child_protection"},
    {"p2_child_abuse_rate_reduction_pct", "child_protection"},
    {"p3_gbv_victims_supported_pct", "gbv"},
    {"p3_gbv_perpetrators_counselled_pct", "gbv"},
    {"p4_court_decisions_executed_pct", "drug_rehab"},
    {"p4_managed_addicts_treated_pct", "drug_rehab"},
    {"p4_addicts_vocational_pct", "drug_rehab"},
    {"p4_addicts_vocational_trained_count", "drug_rehab"},
    {"p4_harm_reduction_subunits_pct", "sex_work_support"},
    {"p4_trafficking_victims_supported_pct", "trafficking_victim"},
    {"p4_trafficking_cases_verified_pct", "trafficking_victim"},
    {"p4_trafficking_victims_protected_pct", "trafficking_victim"},
    {"p4_trafficking_victims_benefits_pct", "trafficking_victim"},
};

const char *indicator_case_type(const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < N(case_types); i++)
		if (strcmp(case_types[i].code, code) == 0)
			return case_types[i].type;
	return NULL;
}

static const char *const kind_names[] = {
    [IND_PERCENT] = "percent",
    [IND_COUNT] = "count",
    [IND_REDUCTION] = "reduction_pct",
};

int indicator_kind_parse(const char *s, enum indicator_kind *out)
{
	assert(out != NULL);
	if (s == NULL)
		return -1;
	for (size_t i = 0; i < N(kind_names); i++)
		if (strcmp(kind_names[i], s) == 0) {
			*out = (enum indicator_kind)i;
			return 0;
		}
	return -1;
}

const char *indicator_kind_name(enum indicator_kind k)
{
	assert((size_t)k < N(kind_names));
	return kind_names[k];
}

const char *indicator_source_name(enum indicator_source s)
{
	switch (s) {
	case SRC_NONE: return NULL;
	case SRC_CASES: return "cases";
	case SRC_FACILITIES: return "facilities";
	case SRC_STAYS: return "stays";
	case SRC_TRAININGS: return "trainings";
	case SRC_COMMUNICATIONS: return "communications";
	case SRC_UNITS: return "units";
	case SRC_AGGREGATE: return "aggregate";
	}
	return NULL;
}

/* ---- disaggregations ---------------------------------------------------- */

/* What the records of each source hold about the people counted: persons
 * of cases (sex, birth date or year, ethnicity), training participants
 * (sex, birth year), communications (reach_male, reach_female). */
static const char *const by_cases[] = {"sex", "age_group", "ethnicity"};
static const char *const by_trainings[] = {"sex", "age_group"};
static const char *const by_communications[] = {"sex"};

size_t indicator_disaggregations(const char *code, const char *names[],
                                 size_t max)
{
	const struct indicator_spec *s = indicator_spec(code);
	const char *const *list = NULL;
	size_t n = 0;
	if (s == NULL)
		return 0;
	switch (s->num) {
	case SRC_CASES:
		list = by_cases;
		n = N(by_cases);
		break;
	case SRC_TRAININGS:
		list = by_trainings;
		n = N(by_trainings);
		break;
	case SRC_COMMUNICATIONS:
		list = by_communications;
		n = N(by_communications);
		break;
	default: return 0;
	}
	for (size_t i = 0; i < n && i < max; i++)
		names[i] = list[i];
	return n < max ? n : max;
}

bool indicator_disaggregation_applies(const char *code, const char *by)
{
	const char *names[3];
	size_t n = indicator_disaggregations(code, names, N(names));
	if (by == NULL)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], by) == 0)
			return true;
	return false;
}

/* Lower bound of each group; the last is open-ended. */
static const struct age_group {
	int from;
	const char *name;
} child_ages[] = {{0, "0-5"},
                  {6, "6-10"},
                  {11, "11-15"},
                  {16, "16-17"},
                  {18, "18+"}},
  adult_ages[] = {{0, "0-15"}, {16, "16-17"}, {18, "18-59"}, {60, "60+"}};

static bool child_indicator(const char *code)
{
	const char *type = indicator_case_type(code);
	return (code != NULL && strncmp(code, "p2_", 3) == 0) ||
	       (type != NULL && strcmp(type, "child_protection") == 0);
}

static const struct age_group *ages_of(const char *code, size_t *n)
{
	if (child_indicator(code)) {
		*n = N(child_ages);
		return child_ages;
	}
	*n = N(adult_ages);
	return adult_ages;
}

size_t indicator_age_groups(const char *code, const char *names[], size_t max)
{
	size_t n;
	const struct age_group *g = ages_of(code, &n);
	for (size_t i = 0; i < n && i < max; i++)
		names[i] = g[i].name;
	return n < max ? n : max;
}

const char *indicator_age_group(const char *code, int age)
{
	size_t n;
	const struct age_group *g = ages_of(code, &n);
	if (age < 0)
		return "unknown";
	for (size_t i = n; i-- > 0;)
		if (age >= g[i].from)
			return g[i].name;
	return "unknown";
}

/* ---- value and status ------------------------------------------------- */

/* 100·n/d rounded half away from zero to one decimal; d > 0.  In
 * integers (thousandths, then halves) so exact halves round the same way
 * on every machine. */
static double percent_tenths(int64_t n, int64_t d)
{
	assert(d > 0);
	bool negative = n < 0;
	int64_t an = negative ? -n : n;
	int64_t tenths = (2000 * an + d) / (2 * d);
	return (double)(negative ? -tenths : tenths) / 10.0;
}

bool indicator_value(enum indicator_kind k, bool has_num, int64_t num,
                     bool has_den, int64_t den, double *value)
{
	assert(value != NULL);
	switch (k) {
	case IND_COUNT:
		if (!has_num)
			return false;
		*value = (double)num;
		return true;
	case IND_PERCENT:
		if (!has_num || !has_den || den <= 0)
			return false;
		*value = percent_tenths(num, den);
		return true;
	case IND_REDUCTION: return false; /* needs the baseline's rate */
	}
	return false;
}

bool indicator_reduction(bool has_num, int64_t num, bool has_den, int64_t den,
                         bool has_bnum, int64_t bnum, bool has_bden,
                         int64_t bden, double *value)
{
	assert(value != NULL);
	if (!has_num || !has_den || !has_bnum || !has_bden)
		return false;
	if (den <= 0 || bden <= 0 || bnum <= 0)
		return false; /* a rate unknown, or a base of 0 */
	/* (base − rate) / base = (bnum·den − num·bden) / (bnum·den) */
	*value = percent_tenths(bnum * den - num * bden, bnum * den);
	return true;
}

/* Values are rounded to 0.1 and the path is not: 60.0 against an
 * expected 60.000000000000007 is on the path. */
#define STATUS_SLACK 1e-9

enum indicator_status indicator_status(bool has_value, double value,
                                       const struct target_path *t,
                                       int period_year)
{
	if (t == NULL)
		return STATUS_NO_TARGET;
	if (!has_value)
		return STATUS_OFF_TRACK;
	double base = t->has_baseline ? t->baseline : 0.0;
	int start = t->plan_from - 1; /* the baseline's year */
	double expected;
	if (period_year >= t->target_year || t->target_year <= start)
		expected = t->target;
	else if (period_year <= start)
		expected = base;
	else
		expected = base + (t->target - base) * (period_year - start) /
		                      (t->target_year - start);
	if (value >= expected - STATUS_SLACK)
		return STATUS_ON_TRACK;
	if (value >= 0.8 * expected - STATUS_SLACK)
		return STATUS_AT_RISK;
	return STATUS_OFF_TRACK;
}

const char *indicator_status_name(enum indicator_status s)
{
	switch (s) {
	case STATUS_NO_TARGET: return "no_target";
	case STATUS_ON_TRACK: return "on_track";
	case STATUS_AT_RISK: return "at_risk";
	case STATUS_OFF_TRACK: return "off_track";
	}
	return "no_target";
}

bool indicator_count_masked(bool known, int64_t n)
{
	return known && n >= 1 && n <= 4;
}

size_t indicator_problems(enum indicator_kind k, bool has_num, int64_t num,
                          bool has_den, int64_t den, const char *codes[4])
{
	assert(codes != NULL);
	size_t n = 0;
	bool negative = (has_num && num < 0) || (has_den && den < 0);
	bool ratio = k == IND_PERCENT || k == IND_REDUCTION;
	if (negative)
		codes[n++] = "negative";
	if (ratio && !negative && has_num && has_den && num > den)
		codes[n++] = "numerator_exceeds_denominator";
	if (ratio && has_num && !has_den)
		codes[n++] = "missing_denominator";
	return n;
}
