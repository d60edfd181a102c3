/*
 * plan.h — the rules of plans and their targets (docs/indicators.md
 * §Plans): the number, title and period of a plan, which units hold
 * plans, the range of a target by the indicator's kind, the year of a
 * target inside its plan's period, and the year shift of a copy.
 *
 * Pure: no I/O.  The API (api/plans.c) and the demo loader (cli/plangen.c)
 * check with these before they touch the store; tests/unit/test_plan.c.
 */
#ifndef TROGIUP_DOMAIN_PLAN_H
#define TROGIUP_DOMAIN_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/indicators.h"

#define PLAN_YEAR_MIN   2000
#define PLAN_YEAR_MAX   2100
#define PLAN_NUMBER_MIN 2 /* characters, e.g. "787/KH-UBND" */
#define PLAN_NUMBER_MAX 50
#define PLAN_TITLE_MIN  3
#define PLAN_TITLE_MAX  300
#define PLAN_AGENCY_MAX 500 /* lead agency, partners */
#define PLAN_QUOTE_MAX  2000
#define PLAN_PROJECTS   4 /* Decision 565's projects 1–4 */

/* 2–50 characters (UTF-8 code points), not only spaces. */
bool plan_number_valid(const char *s);

/* 3–300 characters. */
bool plan_title_valid(const char *s);

/* A year of a plan, a target or a baseline: 2000–2100. */
bool plan_year_valid(int64_t year);

/* Both years valid and from ≤ to. */
bool plan_period_valid(int64_t from, int64_t to);

/* A project of Decision 565: 1–4. */
bool plan_project_valid(int64_t project);

/* Plans belong to provinces and districts: level 1 or 2 in the 2024 tree,
 * level 1 in the 2025 tree (whose level 2 is the commune). */
bool plan_unit_level_valid(const char *tree, int level);

/* A target (or baseline) value for an indicator of kind k: finite;
 * percent and reduction_pct 0–100; count ≥ 0. */
bool plan_target_valid(enum indicator_kind k, double value);

/* year inside [from, to]. */
bool plan_year_in_period(int64_t year, int64_t from, int64_t to);

/* A baseline year: valid and not after the target's year. */
bool plan_baseline_year_valid(int64_t baseline_year, int64_t target_year);

/* The year a target of `year` takes when its plan starting old_from is
 * copied into a period starting new_from. */
int plan_copy_year(int year, int old_from, int new_from);

/* Whether targets spanning [min_year, max_year] of a plan starting
 * old_from all land inside [new_from, new_to] when copied.  True when the
 * plan has no targets (min_year > max_year). */
bool plan_copy_fits(int min_year, int max_year, int old_from, int new_from,
                    int new_to);

#endif
