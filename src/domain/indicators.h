/*
 * indicators.h — the rules of programme indicators (docs/indicators.md):
 * reporting periods, the computation table of the catalogue (which records
 * give each indicator's numerator and denominator), the value of a
 * numerator/denominator pair, the status against a target, the masking of
 * small counts for viewers and the validation problems of a value.
 *
 * Pure: no I/O.  The store computes the parts (store_indicators.h), the
 * API turns them into values and statuses with these functions, and the
 * rules are unit-tested here alone (tests/unit/test_indicators.c).
 */
#ifndef TROGIUP_DOMAIN_INDICATORS_H
#define TROGIUP_DOMAIN_INDICATORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- periods --------------------------------------------------------- */

enum period_kind { PERIOD_YEAR, PERIOD_HALF, PERIOD_QUARTER, PERIOD_MONTH };

struct period {
	enum period_kind kind;
	/* part: 1–2 halves, 1–4 quarters, 1–12 months; 0 year */
	int year, part;
	char code[12];         /* "2020", "2020S1", "2020Q3", "2020-03" */
	char from[11], to[11]; /* first and last day, YYYY-MM-DD */
	char from_month[8], to_month[8]; /* YYYY-MM */
};

/* Parses "2020", "2020S1", "2020Q3" or "2020-03" (years 2000–2100) into
 * *out.  0 ok, -1 invalid (nothing else written). */
int period_parse(const char *s, struct period *out);

/* The period of the same kind just before p (2020Q1 → 2019Q4). */
void period_previous(const struct period *p, struct period *out);

/* p itself, then the periods that contain it, smallest first (month →
 * quarter → half → year); returns count (≤ 4). */
size_t period_enclosing(const struct period *p, struct period out[4]);

/* ---- the computation table -------------------------------------------- */

enum indicator_kind { IND_PERCENT, IND_COUNT, IND_REDUCTION };

enum indicator_source {
	SRC_NONE,
	SRC_CASES,
	SRC_FACILITIES,
	SRC_STAYS,
	SRC_TRAININGS,
	SRC_COMMUNICATIONS,
	SRC_UNITS,
	SRC_AGGREGATE
};

struct indicator_spec {
	const char *code;
	enum indicator_kind kind;
	enum indicator_source num, den;
};

/* The computation table of docs/indicators.md; NULL for a code not in it.
 * The result points into a static table. */
const struct indicator_spec *indicator_spec(const char *code);

/* Spec for any catalogue code: the table's, else aggregate/aggregate
 * (percent) or aggregate/none (count) by kind. */
struct indicator_spec indicator_spec_or_aggregate(const char *code,
                                                  enum indicator_kind kind);

/* The case type every case of a case-based indicator has (the `cases`
 * rows of the table, and sex_work_support for
 * p4_harm_reduction_subunits_pct, whose units are counted from case
 * rows); NULL for the others.  Lets a drill-down to the cases behind a
 * number read only cases of that type. */
const char *indicator_case_type(const char *code);

/* "percent", "count", "reduction_pct"; 0 ok, -1 unknown. */
int indicator_kind_parse(const char *s, enum indicator_kind *out);
const char *indicator_kind_name(enum indicator_kind k);

/* "cases", "facilities", "stays", "trainings", "communications", "units",
 * "aggregate"; NULL for none. */
const char *indicator_source_name(enum indicator_source s);

/* ---- disaggregations ---------------------------------------------------- */

/* The disaggregations that apply to an indicator, from the records of its
 * numerator (docs/indicators.md §Disaggregations): cases "sex",
 * "age_group", "ethnicity"; trainings "sex", "age_group"; communications
 * "sex"; every other source none.  Writes at most max static names into
 * names[] and returns how many apply (0 for a code not in the table). */
size_t indicator_disaggregations(const char *code, const char *names[],
                                 size_t max);

/* True when disaggregation `by` applies to the indicator. */
bool indicator_disaggregation_applies(const char *code, const char *by);

/* The age groups of an indicator in order: for child indicators (project
 * 2, or case type child_protection) "0-5", "6-10", "11-15", "16-17",
 * "18+"; otherwise "0-15", "16-17", "18-59", "60+".  "unknown" is not in
 * the list.  Writes at most max static names; returns the count. */
size_t indicator_age_groups(const char *code, const char *names[], size_t max);

/* The age group of an age in whole years for the indicator (static
 * string); "unknown" for a negative age (no birth year). */
const char *indicator_age_group(const char *code, int age);

/* ---- value and status ------------------------------------------------- */

/* percent: 100·num/den rounded to 0.1, false when den unknown or 0 or num
 * unknown; count: num (false when unknown).  Not for reduction_pct. */
bool indicator_value(enum indicator_kind k, bool has_num, int64_t num,
                     bool has_den, int64_t den, double *value);

/* reduction_pct of docs/indicators.md §Value: rate = num/den of the
 * period, base = bnum/bden of the baseline year, 100·(base − rate)/base
 * rounded to 0.1; false when either rate is unknown or base is 0. */
bool indicator_reduction(bool has_num, int64_t num, bool has_den, int64_t den,
                         bool has_bnum, int64_t bnum, bool has_bden,
                         int64_t bden, double *value);

enum indicator_status {
	STATUS_NO_TARGET,
	STATUS_ON_TRACK,
	STATUS_AT_RISK,
	STATUS_OFF_TRACK
};

/* A target for target_year, the baseline (when known) of the plan's first
 * year plan_from − 1. */
struct target_path {
	double target;
	int target_year;
	bool has_baseline;
	double baseline;
	int plan_from;
};

/* docs/indicators.md §Status for a value of a period ending in
 * period_year; t NULL: no target. */
enum indicator_status indicator_status(bool has_value, double value,
                                       const struct target_path *t,
                                       int period_year);

/* "no_target", "on_track", "at_risk", "off_track". */
const char *indicator_status_name(enum indicator_status s);

/* Viewers see counts 1..4 as "<5": true for those. */
bool indicator_count_masked(bool known, int64_t n);

/* Validation codes of docs/indicators.md (numerator_exceeds_denominator,
 * negative, missing_denominator); returns how many written into codes[]
 * (≤ 4).  The codes are static strings. */
size_t indicator_problems(enum indicator_kind k, bool has_num, int64_t num,
                          bool has_den, int64_t den, const char *codes[4]);

#endif
