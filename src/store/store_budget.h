/*
 * store_budget.h — the budget of a plan (docs/budget.md §Storage and
 * replacement, §Execution): its lines and cells, replaced whole, and the
 * allocations and spending recorded against leaf lines with their history;
 * implemented by store_budget.c over migrations/0006_budget.sql.
 *
 * Lines travel as domain/budget.h's struct budget_table, so what the API
 * checked is what is stored and what is read back is checked the same
 * way.  Conventions as in store.h: only STORE_OK fills outputs, output
 * strings live in the arena passed in.
 */
#ifndef TROGIUP_STORE_STORE_BUDGET_H
#define TROGIUP_STORE_STORE_BUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/budget.h"
#include "store/store.h"

struct budget_meta {
	int64_t plan_id;
	int64_t version;    /* 0: no budget stored yet */
	int64_t updated_at; /* unix seconds, 0 none */
	int64_t updated_by; /* user id, 0 none */
	size_t nlines;
};

/* The plan's budget: *t holds its lines in stored order with their cells
 * (columns: the years stored, each with the three sources, in year then
 * source order — the API adds the plan's other years), linked
 * (budget_table_link) — a stored table always links.  A plan without a
 * budget gives an empty table and meta->version 0.  STORE_NOTFOUND when
 * the plan does not exist. */
enum store_status store_budget_get(struct store *st, struct arena *a,
                                   int64_t plan_id, struct budget_table *t,
                                   struct budget_meta *meta);

/* Why a replacement was refused (STORE_CONFLICT). */
struct budget_refusal {
	const char
	    *row;   /* the row (arena) whose execution records are in the way */
	bool stale; /* true: the version was not expected_version */
};

/* Replaces the plan's lines and cells with t (linked) in one transaction:
 * refused (STORE_CONFLICT, *why filled) when expected_version is not 0
 * and not the stored version, or when a row that has execution records
 * would be dropped or have children.  Zero cells are not stored; bad
 * cells keep their raw text.  Bumps the version; sets meta (updated_at 0:
 * now).  STORE_NOTFOUND when the plan does not exist. */
enum store_status
store_budget_replace(struct store *st, struct arena *a, int64_t plan_id,
                     const struct budget_table *t, int64_t expected_version,
                     int64_t user_id, int64_t now, struct budget_meta *meta,
                     struct budget_refusal *why);

struct budget_execution {
	const char *row;
	int year;
	enum budget_source source;
	int64_t allocated, spent; /* VND */
	int64_t updated_at, updated_by;
	const char *updated_by_name; /* read only */
	const char *reason;          /* history only */
};

/* Every execution record of the plan ordered by the line's stored
 * position, year, source.  *items is an arena array. */
enum store_status store_budget_execution_list(struct store *st, struct arena *a,
                                              int64_t plan_id,
                                              struct budget_execution **items,
                                              size_t *n);

/* Upserts (plan, e->row, e->year, e->source) with allocated and spent,
 * adds a history row with e->reason, e->updated_by and e->updated_at (0:
 * now, then filled).  The caller has checked the row is a leaf of the
 * stored table, the year and the amounts.  STORE_NOTFOUND when the plan
 * does not exist. */
enum store_status store_budget_execution_put(struct store *st, int64_t plan_id,
                                             struct budget_execution *e);

/* History of one (row, year, source), newest first; row NULL, year 0,
 * source −1: any.  At most limit rows (0: all). */
enum store_status
store_budget_execution_history(struct store *st, struct arena *a,
                               int64_t plan_id, const char *row, int year,
                               int source, int limit,
                               struct budget_execution **items, size_t *n);

#endif
