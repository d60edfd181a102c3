/*
 * plan.c — the rules of plans and their targets (plan.h,
 * docs/indicators.md §Plans).
 *
 * Lengths are counted in characters (UTF-8 code points, lib/fold.h
 * text_length), as a user types them; byte limits are the API's.
 */
#include "domain/plan.h"

#include <math.h>
#include <string.h>

#include "lib/fold.h"

/* Length of s in characters within [min, max], and not only blanks. */
static bool text_between(const char *s, size_t min, size_t max)
{
	size_t n;

	if (s == NULL || s[strspn(s, " \t")] == '\0')
		return false;
	n = text_length(s);
	return n >= min && n <= max;
}

bool plan_number_valid(const char *s)
{
	return text_between(s, PLAN_NUMBER_MIN, PLAN_NUMBER_MAX);
}

bool plan_title_valid(const char *s)
{
	return text_between(s, PLAN_TITLE_MIN, PLAN_TITLE_MAX);
}

bool plan_year_valid(int64_t year)
{
	return year >= PLAN_YEAR_MIN && year <= PLAN_YEAR_MAX;
}

bool plan_period_valid(int64_t from, int64_t to)
{
	return plan_year_valid(from) && plan_year_valid(to) && from <= to;
}

bool plan_project_valid(int64_t project)
{
	return project >= 1 && project <= PLAN_PROJECTS;
}

bool plan_unit_level_valid(const char *tree, int level)
{
	if (tree != NULL && strcmp(tree, "2025") == 0)
		return level == 1;
	return level == 1 || level == 2;
}

bool plan_target_valid(enum indicator_kind k, double value)
{
	if (!isfinite(value) || value < 0)
		return false;
	return k == IND_COUNT || value <= 100;
}

bool plan_year_in_period(int64_t year, int64_t from, int64_t to)
{
	return year >= from && year <= to;
}

bool plan_baseline_year_valid(int64_t baseline_year, int64_t target_year)
{
	return plan_year_valid(baseline_year) && baseline_year <= target_year;
}

int plan_copy_year(int year, int old_from, int new_from)
{
	return year + (new_from - old_from);
}

bool plan_copy_fits(int min_year, int max_year, int old_from, int new_from,
                    int new_to)
{
	if (min_year > max_year)
		return true;
	return plan_copy_year(min_year, old_from, new_from) >= new_from &&
	       plan_copy_year(max_year, old_from, new_from) <= new_to;
}
