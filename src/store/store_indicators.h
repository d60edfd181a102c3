/*
 * store_indicators.h — persistent data of programme indicators
 * (docs/indicators.md): the catalogue, the record-computed numerator and
 * denominator parts of every indicator for a unit and period, and the
 * aggregate values entered by hand with their history.
 *
 * The case parts come from indicator_case_sums, kept by triggers of
 * 0004_indicators.sql in the same transaction as every case write; the
 * parts from facilities, stays, trainings, communications and units are
 * computed when asked.  store_indicators.c implements this; the
 * conventions of store.h apply (arena strings, enum store_status).
 */
#ifndef TROGIUP_STORE_STORE_INDICATORS_H
#define TROGIUP_STORE_STORE_INDICATORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* ---- catalogue --------------------------------------------------------- */

struct indicator_def {
	const char *code;
	int project;
	const char *kind, *vi, *en, *numerator, *denominator, *computable_from,
	    *note;
};

/* Upserts the catalogue (rows of indicators.csv, in their order). */
enum store_status store_indicators_load(struct store *st,
                                        const struct indicator_def *defs,
                                        size_t n);
/* By project, then code order of the CSV. */
enum store_status store_indicators_list(struct store *st, struct arena *a,
                                        struct indicator_def **out, size_t *n);

/* ---- record-computed parts --------------------------------------------- */

/* Record-computed parts for one unit ("" = national) and days [from, to]
 * (for the case sums, kept per month: the months whose last day lies in
 * [from, to], docs/reports.md §Data).  One entry per
 * catalogue indicator that has a record source; has_num/has_den false
 * for parts the store does not compute (aggregate/none). */
struct indicator_sum {
	const char *indicator;
	bool has_num, has_den;
	int64_t num, den;
};
enum store_status store_indicator_sums(struct store *st, struct arena *a,
                                       const char *tree, const char *unit_code,
                                       const char *from, const char *to,
                                       struct indicator_sum **out, size_t *n);

/* The same for every child unit of unit_code ("" = the provinces), ordered
 * by code. */
struct indicator_unit_sums {
	const char *code, *name;
	int level;
	struct indicator_sum *sums;
	size_t n;
};
enum store_status store_indicator_child_sums(struct store *st, struct arena *a,
                                             const char *tree,
                                             const char *unit_code,
                                             const char *from, const char *to,
                                             struct indicator_unit_sums **out,
                                             size_t *n);

/* The two above with the case parts only (the maintained sums, one
 * statement), the other record parts left 0: all a reduction indicator's
 * baseline needs, as none has another record source (a national
 * network's trainings and communications cost far more to count). */
enum store_status store_indicator_case_sums(
    struct store *st, struct arena *a, const char *tree, const char *unit_code,
    const char *from, const char *to, struct indicator_sum **out, size_t *n);
enum store_status
store_indicator_child_case_sums(struct store *st, struct arena *a,
                                const char *tree, const char *unit_code,
                                const char *from, const char *to,
                                struct indicator_unit_sums **out, size_t *n);

/* One indicator's numerator (and denominator where cases give it) for a
 * unit and period broken down by `by` ("sex", "age_group", "ethnicity":
 * indicator_disaggregation_applies must hold), computed when asked from
 * the records, not from the maintained sums: cases by their person (age
 * at the opening day), training participants by sex and age in the year
 * the training ended, communications by reach_male / reach_female.
 * Groups: "male", "female" and every age group of the indicator always
 * (0 when none), then the others found (other sexes, ethnicity codes) by
 * code, "unknown" last.  has_den false where the denominator is not from
 * cases.  Scans the unit's cases of the indicator's type: fine for a
 * province, not meant for the nation's ten million. */
struct indicator_group {
	const char *group;
	bool has_num, has_den;
	int64_t num, den;
};
enum store_status
store_indicator_breakdown(struct store *st, struct arena *a, const char *tree,
                          const char *unit_code, const char *indicator,
                          const char *by, const char *from, const char *to,
                          struct indicator_group **out, size_t *n);

/* Recomputes indicator_case_sums from the cases with one GROUP BY, fixes
 * every row that differed and sets *differences to their count (0 when
 * the triggers kept them right). */
enum store_status store_indicator_sums_rebuild(struct store *st,
                                               long *differences);

/* ---- aggregate values -------------------------------------------------- */

struct aggregate_row {
	int64_t id;
	const char *indicator, *tree, *unit_code, *unit_name, *period;
	bool has_num, has_den;
	int64_t numerator, denominator;
	int64_t entered_by;
	const char *entered_by_name;
	int64_t entered_at, version;
};

/* Insert or change (tree, unit_code, indicator, period); appends history.
 * *created tells which. */
enum store_status store_aggregate_put(struct store *st, struct arena *a,
                                      const struct aggregate_row *in,
                                      const char *reason, int64_t user_id,
                                      int64_t now, struct aggregate_row *out,
                                      bool *created);
enum store_status store_aggregate_get(struct store *st, struct arena *a,
                                      int64_t id, struct aggregate_row *out);
/* STORE_NOTFOUND when there is no entry. */
enum store_status store_aggregate_find(struct store *st, struct arena *a,
                                       const char *tree, const char *unit_code,
                                       const char *indicator,
                                       const char *period,
                                       struct aggregate_row *out);

/* Entries of units inside (tree, unit_code) (NULL/"" = all); period,
 * indicator NULL = any. */
enum store_status store_aggregates_list(struct store *st, struct arena *a,
                                        const char *tree, const char *unit_code,
                                        const char *period,
                                        const char *indicator,
                                        struct aggregate_row **out, size_t *n);

struct aggregate_change {
	int64_t at;
	const char *by_name;
	bool has_num, has_den;
	int64_t numerator, denominator;
	const char *reason;
};
/* Oldest first. */
enum store_status store_aggregate_history(struct store *st, struct arena *a,
                                          int64_t id,
                                          struct aggregate_change **out,
                                          size_t *n);

/* The resolution rule of docs/indicators.md §Which entry counts:
 * periods[] = the asked period then its enclosing ones (period_enclosing
 * codes).  Each part is resolved on its own; has_* false when unknown. */
enum store_status store_aggregate_resolve(
    struct store *st, struct arena *a, const char *tree, const char *unit_code,
    const char *indicator, const char *const *periods, size_t nperiods,
    bool *has_num, int64_t *num, bool *has_den, int64_t *den);

/* store_aggregate_resolve for many indicators of one unit in one query
 * (a dashboard asks for every aggregate part of a unit at once): out[i]
 * for indicators[i]. */
struct aggregate_parts {
	bool has_num, has_den;
	int64_t num, den;
};
enum store_status store_aggregate_resolve_many(
    struct store *st, struct arena *a, const char *tree, const char *unit_code,
    const char *const *indicators, size_t n, const char *const *periods,
    size_t nperiods, struct aggregate_parts *out);

/* store_aggregate_resolve_many for every child of unit (tree, unit_code)
 * ('' the nation) in one query: child_codes[nkids] are the children as
 * store_indicator_child_sums lists them; out[k * n + i] (nkids * n the
 * caller gives) for child k and indicators[i]. */
enum store_status store_aggregate_resolve_children(
    struct store *st, struct arena *a, const char *tree, const char *unit_code,
    const char *const *child_codes, size_t nkids, const char *const *indicators,
    size_t n, const char *const *periods, size_t nperiods,
    struct aggregate_parts *out);

#endif
