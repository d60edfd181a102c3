/*
 * budget_internal.h — what budget.c (check, replace, read, summary),
 * budget_execution.c (allocations and spending) and budget_export.c
 * (CSV, XLSX) share: a plan's stored budget read the way every answer
 * shows it, and the JSON of problems.  The contract is docs/budget.md
 * §API; the rules are domain/budget.h's, the storage store_budget.h's.
 */
#ifndef TROGIUP_API_BUDGET_INTERNAL_H
#define TROGIUP_API_BUDGET_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/budget.h"
#include "store/store_budget.h"
#include "store/store_plans.h"

/* A plan's budget as read: the stored table with its columns widened to
 * the plan's years × the three sources plus any other stored year (so
 * the editor has a cell for every year of the plan and computed cells
 * line up with the columns), checked and computed.  All in the request's
 * arena. */
struct budget_view {
	struct plan_row plan;
	struct budget_meta meta;
	struct budget_table table;
	const char **names; /* [table.ncolumns] column names */
	int64_t *computed;  /* budget_computed_all(&table) */
	struct budget_problem *problems;
	size_t nproblems;
	bool truncated;
};

/* Loads the plan of route parameter "id" inside the caller's scope and
 * its budget into *v; answers 404 (missing or outside the scope) or 500
 * and returns false. */
bool budget_view_load(struct api_ctx *c, struct budget_view *v);

/* Computed cell of line i, column col (−1: the line's total). */
static inline int64_t budget_view_computed(const struct budget_view *v,
                                           size_t i, int col)
{
	return v->computed[i * (v->table.ncolumns + 1) + (size_t)(col + 1)];
}

/* The name of a problem's column ("2018:central", "stated_total",
 * "unit_cost"); an arena string. */
const char *budget_problem_column(struct api_ctx *c,
                                  const struct budget_table *t, int column);

/* [{"row","column","kind","stated","computed","message"}], amounts in
 * whole VND, null for unparseable cells. */
json_t *budget_problems_json(struct api_ctx *c, const struct budget_table *t,
                             const struct budget_problem *p, size_t n);

/* The budget's version as its ETag, "\"V\"" (If-Match on a replacement). */
const char *budget_etag(struct api_ctx *c, int64_t version);

#endif
