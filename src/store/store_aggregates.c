/*
 * store_aggregates.c — aggregate values of programme indicators in the
 * SQLite store (store_indicators.h §aggregate values,
 * migrations/0004_indicators.sql, docs/indicators.md §Aggregate values):
 * the parts no record gives, entered per unit and period, every change
 * with its history, and the rule that finds which entry counts for a unit
 * and period.
 *
 * A put writes the value and its history row in one transaction (the
 * caller's, or one of our own).  The resolution reads every entry of the
 * indicator in the unit's subtree for the asked period and its enclosing
 * ones in one statement, in path order, and applies the rule in memory:
 * a unit's own entry wins over everything below it, so the entries that
 * count are the topmost ones of the subtree.
 */
#include <assert.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "store/db.h"
#include "store/store_indicators.h"

/* Binds a part: NULL when not entered. */
static void bind_part(struct dbstmt *s, int n, bool has, int64_t v)
{
	if (has)
		bind_i64(s, n, v);
	else
		bind_text(s, n, NULL);
}

static bool col_part(struct dbstmt *s, int i, int64_t *v)
{
	if (col_null(s, i)) {
		*v = 0;
		return false;
	}
	*v = col_i64(s, i);
	return true;
}

/* Reads a row of AGGREGATE_COLS (sql.c). */
static void read_aggregate(struct arena *a, struct dbstmt *s,
                           struct aggregate_row *out)
{
	memset(out, 0, sizeof *out);
	out->id = col_i64(s, 0);
	out->indicator = col_text(a, s, 1);
	out->tree = col_text(a, s, 2);
	out->unit_code = col_text(a, s, 3);
	out->unit_name = col_text(a, s, 4);
	if (out->unit_name == NULL)
		out->unit_name = "";
	out->period = col_text(a, s, 5);
	out->has_num = col_part(s, 6, &out->numerator);
	out->has_den = col_part(s, 7, &out->denominator);
	out->entered_by = col_i64(s, 8);
	out->entered_by_name = col_text(a, s, 9);
	if (out->entered_by_name == NULL)
		out->entered_by_name = "";
	out->entered_at = col_i64(s, 10);
	out->version = col_i64(s, 11);
}

enum store_status store_aggregate_get(struct store *st, struct arena *a,
                                      int64_t id, struct aggregate_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_AGGREGATE_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_AGGREGATE_GET)) == STORE_OK)
		read_aggregate(a, s, out);
	stmt_give(st, STMT_AGGREGATE_GET);
	return status;
}

enum store_status store_aggregate_find(struct store *st, struct arena *a,
                                       const char *tree, const char *unit_code,
                                       const char *indicator,
                                       const char *period,
                                       struct aggregate_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	assert(tree != NULL && unit_code != NULL && indicator != NULL);
	assert(period != NULL);
	if ((s = stmt_take(st, STMT_AGGREGATE_FIND)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, unit_code);
	bind_text(s, 3, indicator);
	bind_text(s, 4, period);
	if ((status = stmt_row(st, STMT_AGGREGATE_FIND)) == STORE_OK)
		read_aggregate(a, s, out);
	stmt_give(st, STMT_AGGREGATE_FIND);
	return status;
}

/* Binds the value columns of a put ($1 … $8, sql.c). */
static void bind_put(struct dbstmt *s, const struct aggregate_row *in,
                     int64_t user_id, int64_t now)
{
	bind_text(s, 1, in->indicator);
	bind_text(s, 2, in->tree);
	bind_text(s, 3, in->unit_code);
	bind_text(s, 4, in->period);
	bind_part(s, 5, in->has_num, in->numerator);
	bind_part(s, 6, in->has_den, in->denominator);
	bind_i64(s, 7, user_id);
	bind_i64(s, 8, now);
}

static enum store_status history_append(struct store *st, int64_t id,
                                        int64_t at, int64_t user_id,
                                        const struct aggregate_row *old,
                                        const struct aggregate_row *in,
                                        const char *reason)
{
	struct dbstmt *s = stmt_take(st, STMT_AGGREGATE_HISTORY_APPEND);

	if (s == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	bind_i64(s, 2, at);
	bind_i64(s, 3, user_id);
	bind_part(s, 4, old != NULL && old->has_num,
	          old != NULL ? old->numerator : 0);
	bind_part(s, 5, old != NULL && old->has_den,
	          old != NULL ? old->denominator : 0);
	bind_part(s, 6, in->has_num, in->numerator);
	bind_part(s, 7, in->has_den, in->denominator);
	bind_text(s, 8, reason);
	return stmt_finish(st, STMT_AGGREGATE_HISTORY_APPEND);
}

enum store_status store_aggregate_put(struct store *st, struct arena *a,
                                      const struct aggregate_row *in,
                                      const char *reason, int64_t user_id,
                                      int64_t now, struct aggregate_row *out,
                                      bool *created)
{
	struct aggregate_row old;
	enum store_status status;
	struct dbstmt *s;
	int64_t id = 0;
	bool own;

	assert(st != NULL && a != NULL && in != NULL && out != NULL);
	assert(created != NULL && in->indicator != NULL && in->tree != NULL);
	assert(in->unit_code != NULL && in->period != NULL);
	if (now == 0)
		now = (int64_t)time(NULL);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	status = store_aggregate_find(st, a, in->tree, in->unit_code,
	                              in->indicator, in->period, &old);
	bool exists = status == STORE_OK;
	if (status == STORE_NOTFOUND) {
		status = STORE_OK;
		if ((s = stmt_take(st, STMT_AGGREGATE_INSERT)) == NULL)
			status = STORE_ERROR;
		else {
			bind_put(s, in, user_id, now);
			status = stmt_insert_id(st, STMT_AGGREGATE_INSERT, &id);
		}
	} else if (status == STORE_OK) {
		id = old.id;
		if ((s = stmt_take(st, STMT_AGGREGATE_UPDATE)) == NULL)
			status = STORE_ERROR;
		else {
			bind_put(s, in, user_id, now);
			bind_i64(s, 9, id);
			status = stmt_finish_changed(st, STMT_AGGREGATE_UPDATE);
		}
	}
	if (status == STORE_OK)
		status = history_append(st, id, now, user_id,
		                        exists ? &old : NULL, in, reason);
	if ((status = tx_end(st, own, status)) != STORE_OK)
		return status;
	*created = !exists;
	return store_aggregate_get(st, a, id, out);
}

enum store_status store_aggregates_list(struct store *st, struct arena *a,
                                        const char *tree, const char *unit_code,
                                        const char *period,
                                        const char *indicator,
                                        struct aggregate_row **out, size_t *n)
{
	struct aggregate_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status = STORE_OK;
	const char *path = NULL, *lo, *hi;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && out != NULL && n != NULL);
	if (tree != NULL && unit_code != NULL && *unit_code != '\0') {
		struct unit_row u;
		status = store_unit_get(st, a, tree, unit_code, &u);
		if (status != STORE_OK)
			return status;
		path = u.path;
	}
	within_bounds(a, path, &lo, &hi);
	if ((s = stmt_take(st, STMT_AGGREGATES_LIST)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_text(s, 4, period);
	bind_text(s, 5, indicator);
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		read_aggregate(a, s, &rows[len++]);
	}
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_AGGREGATES_LIST, rc);
	stmt_give(st, STMT_AGGREGATES_LIST);
	if (status == STORE_OK) {
		*out = rows;
		*n = len;
	}
	return status;
}

enum store_status store_aggregate_history(struct store *st, struct arena *a,
                                          int64_t id,
                                          struct aggregate_change **out,
                                          size_t *n)
{
	struct aggregate_change *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status = STORE_OK;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && out != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_AGGREGATE_HISTORY)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		struct aggregate_change *c = &rows[len++];
		c->at = col_i64(s, 0);
		c->by_name = col_text(a, s, 1);
		c->has_num = col_part(s, 2, &c->numerator);
		c->has_den = col_part(s, 3, &c->denominator);
		c->reason = col_text(a, s, 4);
	}
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_AGGREGATE_HISTORY, rc);
	stmt_give(st, STMT_AGGREGATE_HISTORY);
	if (status == STORE_OK) {
		*out = rows;
		*n = len;
	}
	return status;
}

/* ---- which entry counts ------------------------------------------------ */

/* One part being resolved: the sum of the topmost entries so far, and the
 * path of the last one taken (entries below it no longer count). */
struct resolving {
	bool known;
	int64_t sum;
	const char *top;
};

/* True when path lies strictly below top ('' is the nation, above every
 * unit). */
static bool below(const char *path, const char *top)
{
	if (*top == '\0')
		return *path != '\0';
	size_t n = strlen(top);
	return strncmp(path, top, n) == 0 && path[n] == '/';
}

/* The best entry of one unit for a part (the earliest period of the list
 * that has it) is offered: taken unless an entry above it was. */
static void offer(struct arena *a, struct resolving *r, const char *path,
                  bool has, int64_t v)
{
	if (!has || (r->top != NULL && below(path, r->top)))
		return;
	r->known = true;
	r->sum += v;
	r->top = arena_strdup(a, path);
}

/* The best of one unit's rows so far, for each part. */
struct unit_best {
	int num_rank, den_rank; /* index in periods[]; nperiods when none */
	int64_t num, den;
};

static int rank_of(const char *period, const char *const *periods, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(period, periods[i]) == 0)
			return (int)i;
	return (int)n;
}

enum store_status store_aggregate_resolve(
    struct store *st, struct arena *a, const char *tree, const char *unit_code,
    const char *indicator, const char *const *periods, size_t nperiods,
    bool *has_num, int64_t *num, bool *has_den, int64_t *den)
{
	enum store_status status = STORE_OK;
	const char *path = NULL, *lo, *hi;
	struct resolving rn = {0}, rd = {0};
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && tree != NULL && unit_code != NULL);
	assert(indicator != NULL && periods != NULL);
	assert(nperiods >= 1 && nperiods <= 4);
	assert(has_num && num && has_den && den);
	if (*unit_code != '\0') {
		struct unit_row u;
		if ((status = store_unit_get(st, a, tree, unit_code, &u)) !=
		    STORE_OK)
			return status;
		path = u.path;
	}
	within_bounds(a, path, &lo, &hi);
	if ((s = stmt_take(st, STMT_AGGREGATE_RESOLVE)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, indicator);
	bind_text(s, 3, lo);
	bind_text(s, 4, hi);
	for (size_t i = 0; i < 4; i++)
		bind_text(s, 5 + (int)i, i < nperiods ? periods[i] : NULL);
	/* rows come in path order, a unit's rows together */
	const char *cur = NULL;
	struct unit_best best = {0};
	int none = (int)nperiods;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *code = col_str(s, 0);
		const char *p = col_str(s, 1);
		const char *period = col_str(s, 2);
		if (code == NULL || p == NULL || period == NULL)
			continue;
		/* an entry of an unknown unit (path '') is not the nation's */
		if (*p == '\0' && *code != '\0')
			continue;
		if (cur == NULL || strcmp(cur, p) != 0) {
			if (cur != NULL) {
				offer(a, &rn, cur, best.num_rank < none,
				      best.num);
				offer(a, &rd, cur, best.den_rank < none,
				      best.den);
			}
			cur = arena_strdup(a, p);
			best = (struct unit_best){none, none, 0, 0};
		}
		int rank = rank_of(period, periods, nperiods);
		int64_t v;
		if (col_part(s, 3, &v) && rank < best.num_rank) {
			best.num_rank = rank;
			best.num = v;
		}
		if (col_part(s, 4, &v) && rank < best.den_rank) {
			best.den_rank = rank;
			best.den = v;
		}
	}
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_AGGREGATE_RESOLVE, rc);
	stmt_give(st, STMT_AGGREGATE_RESOLVE);
	if (status != STORE_OK)
		return status;
	if (cur != NULL) {
		offer(a, &rn, cur, best.num_rank < none, best.num);
		offer(a, &rd, cur, best.den_rank < none, best.den);
	}
	*has_num = rn.known;
	*num = rn.sum;
	*has_den = rd.known;
	*den = rd.sum;
	return STORE_OK;
}

/* The rule of store_aggregate_resolve over the rows of one group (an
 * indicator, of a unit and its subtree) that come in path order. */
struct resolve_run {
	size_t nperiods;
	const char *const *periods;
	const char *cur; /* the path of the unit being read; NULL: none */
	struct unit_best best;
	struct resolving rn, rd;
};

static void run_unit_end(struct arena *a, struct resolve_run *r)
{
	int none = (int)r->nperiods;
	if (r->cur == NULL)
		return;
	offer(a, &r->rn, r->cur, r->best.num_rank < none, r->best.num);
	offer(a, &r->rd, r->cur, r->best.den_rank < none, r->best.den);
}

/* Takes a row of unit path p for period with its parts in columns col and
 * col + 1. */
static void run_row(struct arena *a, struct resolve_run *r, struct dbstmt *s,
                    const char *p, const char *period, int col)
{
	int none = (int)r->nperiods;
	if (r->cur == NULL || strcmp(r->cur, p) != 0) {
		run_unit_end(a, r);
		r->cur = arena_strdup(a, p);
		r->best = (struct unit_best){none, none, 0, 0};
	}
	int rank = rank_of(period, r->periods, r->nperiods);
	int64_t v;
	if (col_part(s, col, &v) && rank < r->best.num_rank) {
		r->best.num_rank = rank;
		r->best.num = v;
	}
	if (col_part(s, col + 1, &v) && rank < r->best.den_rank) {
		r->best.den_rank = rank;
		r->best.den = v;
	}
}

/* Ends the group: its resolved parts, the run ready for the next. */
static struct aggregate_parts run_end(struct arena *a, struct resolve_run *r)
{
	run_unit_end(a, r);
	struct aggregate_parts got = {r->rn.known, r->rd.known, r->rn.sum,
	                              r->rd.sum};
	r->cur = NULL;
	r->rn = r->rd = (struct resolving){0};
	return got;
}

/* The finished resolution of one indicator into its slot of out[], if it
 * was asked for. */
static void resolved(const char *indicator, const char *const *indicators,
                     size_t n, struct aggregate_parts got,
                     struct aggregate_parts *out)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(indicators[i], indicator) == 0)
			out[i] = got;
}

enum store_status store_aggregate_resolve_many(
    struct store *st, struct arena *a, const char *tree, const char *unit_code,
    const char *const *indicators, size_t n, const char *const *periods,
    size_t nperiods, struct aggregate_parts *out)
{
	enum store_status status = STORE_OK;
	bool unit_found = false;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && tree != NULL && unit_code != NULL);
	assert(indicators != NULL || n == 0);
	assert(periods != NULL && nperiods >= 1 && nperiods <= 4);
	memset(out, 0, n * sizeof *out);
	if (n == 0)
		return STORE_OK;
	/* the unit's range is read by the statement (sql.c) */
	if ((s = stmt_take(st, STMT_AGGREGATE_RESOLVE_ALL)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, unit_code);
	for (size_t i = 0; i < 4; i++)
		bind_text(s, 3 + (int)i, i < nperiods ? periods[i] : NULL);
	/* rows come by indicator, then in path order: the rule of
	 * store_aggregate_resolve per indicator; and a row of NULLs when
	 * the unit exists */
	const char *ind = NULL;
	struct resolve_run r = {.nperiods = nperiods, .periods = periods};
	while ((rc = db_step(s)) == DB_ROW) {
		const char *i = col_str(s, 0);
		const char *code = col_str(s, 1);
		const char *p = col_str(s, 2);
		const char *period = col_str(s, 3);
		if (i == NULL) {
			unit_found = true;
			continue;
		}
		if (code == NULL || p == NULL || period == NULL)
			continue;
		if (*p == '\0' && *code != '\0')
			continue;
		if (ind == NULL || strcmp(ind, i) != 0) {
			if (ind != NULL)
				resolved(ind, indicators, n, run_end(a, &r),
				         out);
			ind = arena_strdup(a, i);
		}
		run_row(a, &r, s, p, period, 4);
	}
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_AGGREGATE_RESOLVE_ALL, rc);
	stmt_give(st, STMT_AGGREGATE_RESOLVE_ALL);
	if (status == STORE_OK && !unit_found)
		status = STORE_NOTFOUND; /* as store_unit_get */
	if (status != STORE_OK)
		return status;
	if (ind != NULL)
		resolved(ind, indicators, n, run_end(a, &r), out);
	return STORE_OK;
}

/* One statement for all the children, rows by child, indicator, then
 * path, each group resolved as store_aggregate_resolve_many's. */
enum store_status store_aggregate_resolve_children(
    struct store *st, struct arena *a, const char *tree, const char *unit_code,
    const char *const *child_codes, size_t nkids, const char *const *indicators,
    size_t n, const char *const *periods, size_t nperiods,
    struct aggregate_parts *out)
{
	enum store_status status = STORE_OK;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && tree != NULL && unit_code != NULL);
	assert(child_codes != NULL || nkids == 0);
	assert(indicators != NULL || n == 0);
	assert(periods != NULL && nperiods >= 1 && nperiods <= 4);
	memset(out, 0, nkids * n * sizeof *out);
	if (n == 0 || nkids == 0)
		return STORE_OK;
	if ((s = stmt_take(st, STMT_AGGREGATE_RESOLVE_CHILDREN)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, unit_code);
	for (size_t i = 0; i < 4; i++)
		bind_text(s, 3 + (int)i, i < nperiods ? periods[i] : NULL);
	const char *ind = NULL;
	size_t kid = nkids, at = 0;
	struct resolve_run r = {.nperiods = nperiods, .periods = periods};
	while ((rc = db_step(s)) == DB_ROW) {
		const char *k = col_str(s, 0);
		const char *i = col_str(s, 1);
		const char *code = col_str(s, 2);
		const char *p = col_str(s, 3);
		const char *period = col_str(s, 4);
		if (k == NULL || i == NULL || code == NULL || p == NULL ||
		    period == NULL)
			continue;
		bool new_kid = kid == nkids || strcmp(child_codes[kid], k) != 0;
		if (new_kid || strcmp(ind, i) != 0) {
			if (ind != NULL && kid < nkids)
				resolved(ind, indicators, n, run_end(a, &r),
				         out + kid * n);
			else
				(void)run_end(a, &r);
			if (new_kid)
				kid = code_index(child_codes, nkids, &at, k);
			ind = arena_strdup(a, i);
		}
		run_row(a, &r, s, p, period, 5);
	}
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_AGGREGATE_RESOLVE_CHILDREN, rc);
	stmt_give(st, STMT_AGGREGATE_RESOLVE_CHILDREN);
	if (status != STORE_OK)
		return status;
	if (ind != NULL && kid < nkids)
		resolved(ind, indicators, n, run_end(a, &r), out + kid * n);
	return STORE_OK;
}
