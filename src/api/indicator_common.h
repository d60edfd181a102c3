/*
 * indicator_common.h — what the indicator resources share (indicators.c,
 * dashboard.c, aggregates.c, programmes.c): the catalogue of a request,
 * the unit / period / indicator query arguments, the values of one unit
 * for a period (store sums + aggregate entries + the applicable target,
 * turned into value and status by domain/indicators.h), and the JSON of
 * counts and values with the viewer's small-count masking
 * (docs/indicators.md §Roles).  Implemented in indicator_common.c.
 *
 * Everything lives in the request's arena.
 */
#ifndef TROGIUP_API_INDICATOR_COMMON_H
#define TROGIUP_API_INDICATOR_COMMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/indicators.h"
#include "store/store_indicators.h"
#include "store/store_plans.h"

/* ---- the catalogue ------------------------------------------------------ */

struct ind_catalogue {
	struct indicator_def *defs;   /* by project, then CSV order */
	struct indicator_spec *specs; /* parallel to defs */
	size_t n;
};

/* Reads the catalogue; answers 500 and returns false on failure. */
bool ind_catalogue_load(struct api_ctx *c, struct ind_catalogue *cat);

/* Index of code in cat, or -1. */
int ind_catalogue_find(const struct ind_catalogue *cat, const char *code);

/* True when either part of the indicator comes from the case sums. */
bool ind_case_based(const struct indicator_spec *s);

/* ---- query arguments (422 invalid_field naming the argument) ---------- */

/* A unit of an indicator question: a unit of a tree, or the nation
 * (code "", path NULL, level 0). */
struct ind_unit {
	const char *tree, *code, *name, *path;
	int level;
};

/* The `unit` and `tree` arguments: absent or "" is the caller's own scope
 * unit (the nation for national callers); an unknown unit is 422, one
 * outside the caller's scope 404 not_found. */
bool ind_unit_arg(struct api_ctx *c, struct ind_unit *out);

/* The required `period` argument (docs/indicators.md §Periods). */
bool ind_period_arg(struct api_ctx *c, struct period *out);

/* The `indicator` argument: a catalogue code, its index into *idx.
 * required false: absent gives -1. */
bool ind_indicator_arg(struct api_ctx *c, const struct ind_catalogue *cat,
                       bool required, int *idx);

/* ---- values ------------------------------------------------------------- */

/* One indicator of one unit for one period. */
struct ind_value {
	bool has_num, has_den;
	int64_t num, den;
	bool has_value;
	double value;
	const struct applicable_target *target; /* NULL: none applies */
	enum indicator_status status;
};

/* The targets and baselines of one unit for a year: the applicable
 * targets, and for reduction_pct indicators the baseline year's rate. */
struct ind_targets {
	struct applicable_target *items;
	size_t n;
};

/* Reads the targets of unit u applying in year (none for the nation);
 * answers 500 and returns false on failure. */
bool ind_targets_load(struct api_ctx *c, const struct ind_unit *u, int year,
                      struct ind_targets *out);

/* Values of unit u for period p into out[cat->n].  sums (from
 * store_indicator_sums / store_indicator_child_sums) may be NULL: then
 * they are read here.  targets may be NULL (no status: no_target).
 * want may be NULL (every indicator) or say which to compute; the others
 * are left unknown.  Answers 500 and returns false on failure. */
bool ind_unit_values(struct api_ctx *c, const struct ind_catalogue *cat,
                     const struct ind_unit *u, const struct period *p,
                     const struct indicator_sum *sums, size_t nsums,
                     const struct ind_targets *targets, const bool *want,
                     struct ind_value *out);

/* ind_unit_values with the aggregate parts given (agg[cat->n], as
 * ind_children_load reads them), or read here when agg is NULL. */
bool ind_unit_values_with(struct api_ctx *c, const struct ind_catalogue *cat,
                          const struct ind_unit *u, const struct period *p,
                          const struct indicator_sum *sums, size_t nsums,
                          const struct aggregate_parts *agg,
                          const struct ind_targets *targets, const bool *want,
                          struct ind_value *out);

/* The targets and aggregate parts of every child of a unit for a period,
 * in one store call each rather than two per child (a national dashboard
 * has 63): targets[k] and agg[k * cat->n …] for child k. */
struct ind_baseline {
	int year;
	struct indicator_unit_sums *kids; /* by code */
	size_t nkids;
	struct aggregate_parts *agg; /* agg[k * cat->n + i] */
};
struct ind_children {
	struct ind_targets *targets;
	struct aggregate_parts *agg;
	/* The children's values of each baseline year their targets on
	 * reduction indicators name: one read for all of them, not one per
	 * child (a national dashboard would make 21 such reads). */
	struct ind_baseline *base;
	size_t nbase;
};

/* Reads them for kids[nkids] (store_indicator_child_sums of u for p) and
 * the indicators want[] selects (NULL: all); answers 500 and returns
 * false on failure. */
bool ind_children_load(struct api_ctx *c, const struct ind_catalogue *cat,
                       const struct ind_unit *u, const struct period *p,
                       const struct indicator_unit_sums *kids, size_t nkids,
                       const bool *want, struct ind_children *out);

/* ind_unit_values of child k of parent (kids and ch as given to and filled
 * by ind_children_load). */
bool ind_child_values(struct api_ctx *c, const struct ind_catalogue *cat,
                      const struct ind_unit *parent, const struct period *p,
                      const struct indicator_unit_sums *kids, size_t k,
                      const struct ind_children *ch, const bool *want,
                      struct ind_value *out);

/* ---- JSON (masked for the viewer role) ----------------------------------- */

/* True when the caller sees small counts as "<5". */
bool ind_masks(const struct api_ctx *c);

/* A count: null when unknown, "<5" for a viewer and 1..4, else the
 * number. */
json_t *ind_count_json(const struct api_ctx *c, bool known, int64_t n);

/* Sets "numerator", "denominator", "value" and "suppressed" of obj for v
 * of an indicator of kind k. */
void ind_value_set(const struct api_ctx *c, json_t *obj, enum indicator_kind k,
                   const struct ind_value *v);

/* The value alone as the caller may see it (trend points): null when
 * unknown or suppressed, "<5" for a masked count. */
json_t *ind_value_json(const struct api_ctx *c, enum indicator_kind k,
                       const struct ind_value *v);

/* {"code","name","level"} of u ("Toàn quốc", level 0 for the nation). */
json_t *ind_unit_json(const struct ind_unit *u);

#endif
