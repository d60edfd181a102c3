/*
 * store_plans.h — plans of provinces and districts and their targets
 * (docs/indicators.md §Plans, §Which target applies); implemented by
 * store_plans.c over migrations/0005_plans.sql.
 *
 * A plan belongs to one unit (tree, code), has a number unique for that
 * unit, a period of whole years, a lead and partner agencies for each of
 * the four projects it covers, and targets per indicator and year.  The
 * indicator code of a target is not checked here (the catalogue is
 * another table); the API checks it.  Conventions as in store.h: only
 * STORE_OK fills outputs, output strings live in the arena passed in.
 */
#ifndef TROGIUP_STORE_STORE_PLANS_H
#define TROGIUP_STORE_STORE_PLANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct plan_project {
	int project;             /* 1–4, Decision 565's projects */
	const char *lead_agency; /* or NULL */
	const char *partners;    /* or NULL */
};

struct plan_row {
	int64_t id;
	const char *tree, *unit_code, *unit_name; /* unit_name read only */
	const char *number;                       /* "787/KH-UBND" */
	const char *issued_on;                    /* YYYY-MM-DD */
	const char *title;
	int period_from, period_to;    /* years, inclusive */
	struct plan_project *projects; /* by project; NULL when none */
	size_t nprojects;
	int64_t targets_count; /* read only */
	int64_t created_by, created_at, updated_at, version;
	const char *unit_path; /* lineage path of unit_code (scope checks) */
};

struct target_row {
	int64_t id, plan_id;
	const char *indicator;
	int year;
	double target;
	bool has_baseline;
	double baseline;
	int baseline_year; /* 0 none */
	const char *quote; /* the plan's own words, or NULL */
	int64_t version;
};

/* The target that applies (docs/indicators.md §Which target applies) to
 * every indicator of unit (tree, code) in year; one entry per indicator
 * that has one, ordered by indicator code.  *out is an arena array. */
struct applicable_target {
	const char *indicator;
	double target;
	int target_year;
	bool has_baseline;
	double baseline;
	int baseline_year;
	int plan_from;
	int64_t plan_id;
};
enum store_status store_targets_applicable(struct store *st, struct arena *a,
                                           const char *tree,
                                           const char *unit_code, int year,
                                           struct applicable_target **out,
                                           size_t *n);

/* store_targets_applicable for every child of unit (tree, unit_code) (''
 * the nation) in one query: child_codes[nkids] are the children as
 * store_indicator_child_sums lists them; out[k] and n[k] (arrays of nkids
 * the caller gives) receive child k's.  On failure out and n are
 * partial. */
enum store_status store_targets_applicable_children(
    struct store *st, struct arena *a, const char *tree, const char *unit_code,
    int year, const char *const *child_codes, size_t nkids,
    struct applicable_target **out, size_t *n);

/* ---- plans ------------------------------------------------------------ */

/* Inserts p and its projects in one transaction; sets p->id, p->version =
 * 1, created_at (0: now) and updated_at.  STORE_CONFLICT when the unit
 * already has a plan of that number. */
enum store_status store_plan_create(struct store *st, struct plan_row *p);

/* The plan with its unit's name, projects and targets_count. */
enum store_status store_plan_get(struct store *st, struct arena *a, int64_t id,
                                 struct plan_row *out);

/* Writes number, issued_on, title, period and the projects (replacing
 * them) of plan p->id when its version is still expected_version (0: any);
 * bumps p->version, sets p->updated_at (0: now).  STORE_NOTFOUND, or
 * STORE_CONFLICT for a stale version or a number taken — the caller tells
 * them apart by re-reading the plan. */
enum store_status store_plan_update(struct store *st, struct plan_row *p,
                                    int64_t expected_version);

struct plan_query {
	const char *tree;        /* required */
	const char *within_path; /* plans of this unit and below, or NULL */
	const char *unit_code;   /* only this unit's plans, or NULL */
	int offset, limit;       /* limit 0: no limit */
};
/* Plans (with projects and targets_count) ordered by unit path, then
 * period_from, then id. */
enum store_status store_plans_list(struct store *st, struct arena *a,
                                   const struct plan_query *q,
                                   struct plan_row **items, size_t *n,
                                   long *total);

/* Copies plan from_id into a new plan of the same unit in one
 * transaction: to->number, issued_on, period, created_by, created_at
 * (0: now) and title (NULL: the source's) are the caller's; projects are
 * copied and every target is copied with year + (to->period_from − the
 * source's period_from), baselines kept.  Fills *to like store_plan_get.
 * STORE_NOTFOUND when the source is gone, STORE_CONFLICT when the number
 * is taken. */
enum store_status store_plan_copy(struct store *st, struct arena *a,
                                  int64_t from_id, struct plan_row *to);

/* ---- targets ---------------------------------------------------------- */

/* Sets t->id and t->version = 1.  STORE_NOTFOUND when the plan is gone. */
enum store_status store_target_add(struct store *st, struct target_row *t);
enum store_status store_target_get(struct store *st, struct arena *a,
                                   int64_t id, struct target_row *out);
/* Writes indicator, year, target, baseline, baseline_year and quote of
 * t->id when its version is still expected_version (0: any); bumps
 * t->version.  STORE_NOTFOUND / STORE_CONFLICT. */
enum store_status store_target_update(struct store *st, struct target_row *t,
                                      int64_t expected_version);
/* STORE_NOTFOUND / STORE_CONFLICT (stale expected_version, 0: any). */
enum store_status store_target_delete(struct store *st, int64_t id,
                                      int64_t expected_version);
/* The plan's targets ordered by indicator, year, id. */
enum store_status store_targets_list(struct store *st, struct arena *a,
                                     int64_t plan_id, struct target_row **items,
                                     size_t *n);

#endif
