/*
 * store_budget_execution.c — allocations and spending of a plan's budget
 * lines in the SQLite store (store_budget.h, the execution part;
 * migrations/0006_budget.sql, docs/budget.md §Execution): one record per
 * (plan, row, year, source) as last set, and every change in a history
 * table with who, when and why.
 *
 * Records are keyed by the line's row, not its position, so they outlive
 * the replacements of the table (store_budget.c refuses one that would
 * drop such a row or give it children).  A put writes the record and its
 * history row in one transaction, the caller's or ours.
 */
#include <assert.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "store/db.h"
#include "store/store_budget.h"

static int64_t now_or(int64_t t)
{
	return t != 0 ? t : (int64_t)time(NULL);
}

/* Source column i; false (logged) for a name the schema's CHECK should
 * have kept out. */
static bool col_source(struct dbstmt *s, int i, enum budget_source *out)
{
	const char *name = col_str(s, i);

	if (name != NULL && budget_source_parse(name, out) == 0)
		return true;
	log_error("store=sqlite op=budget_read err=\"unknown source\"");
	return false;
}

/* Reads row, year, source, allocated, spent, at, by, by's name (and the
 * reason at 8 when with_reason); false on a source the schema refuses. */
static bool read_execution(struct arena *a, struct dbstmt *s,
                           struct budget_execution *e, bool with_reason)
{
	memset(e, 0, sizeof *e);
	e->row = col_text(a, s, 0);
	e->year = col_int(s, 1);
	e->allocated = col_i64(s, 3);
	e->spent = col_i64(s, 4);
	e->updated_at = col_i64(s, 5);
	e->updated_by = col_i64(s, 6);
	e->updated_by_name = col_text(a, s, 7);
	if (with_reason)
		e->reason = col_text(a, s, 8);
	return col_source(s, 2, &e->source);
}

/* Every row of the taken and bound query id (s) into an arena array. */
static enum store_status read_executions(struct store *st, struct arena *a,
                                         enum stmt id, struct dbstmt *s,
                                         bool with_reason,
                                         struct budget_execution **items,
                                         size_t *n)
{
	struct budget_execution *rows = NULL;
	enum store_status status = STORE_OK;
	size_t cap = 0, len = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		if (!read_execution(a, s, &rows[len++], with_reason)) {
			status = STORE_ERROR;
			break;
		}
	}
	if (status == STORE_OK && rc != DB_DONE)
		status = stmt_fail(st, id, rc);
	stmt_give(st, id);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}

enum store_status store_budget_execution_list(struct store *st, struct arena *a,
                                              int64_t plan_id,
                                              struct budget_execution **items,
                                              size_t *n)
{
	struct dbstmt *s;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_BUDGET_EXECUTION_LIST)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	return read_executions(st, a, STMT_BUDGET_EXECUTION_LIST, s, false,
	                       items, n);
}

/* Binds e in the numbering of the execution statements: $1 plan, $2 row,
 * $3 year, $4 source, $5 allocated, $6 spent, $7 at, $8 by, $9 reason. */
static void bind_execution(struct dbstmt *s, int64_t plan_id,
                           const struct budget_execution *e)
{
	bind_i64(s, 1, plan_id);
	bind_text(s, 2, e->row);
	bind_i64(s, 3, e->year);
	bind_text(s, 4, budget_source_name(e->source));
	bind_i64(s, 5, e->allocated);
	bind_i64(s, 6, e->spent);
	bind_i64(s, 7, e->updated_at);
	bind_i64_or_null(s, 8, e->updated_by);
	bind_text(s, 9, e->reason);
}

/* Runs one of the execution writes with e bound. */
static enum store_status write_execution(struct store *st, enum stmt id,
                                         int64_t plan_id,
                                         const struct budget_execution *e)
{
	struct dbstmt *s;

	if ((s = stmt_take(st, id)) == NULL)
		return STORE_ERROR;
	bind_execution(s, plan_id, e);
	return stmt_finish_changed(st, id);
}

enum store_status store_budget_execution_put(struct store *st, int64_t plan_id,
                                             struct budget_execution *e)
{
	enum store_status status;
	bool own;

	assert(st != NULL && e != NULL && e->row != NULL && e->reason != NULL);
	assert(budget_source_name(e->source) != NULL);
	assert(e->allocated >= 0 && e->spent >= 0);
	e->updated_at = now_or(e->updated_at);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	/* STORE_NOTFOUND: the upsert selects from plans and found none. */
	status = write_execution(st, STMT_BUDGET_EXECUTION_PUT, plan_id, e);
	if (status == STORE_OK)
		status =
		    write_execution(st, STMT_BUDGET_HISTORY_APPEND, plan_id, e);
	return tx_end(st, own, status);
}

enum store_status store_budget_execution_history(
    struct store *st, struct arena *a, int64_t plan_id, const char *row,
    int year, int source, int limit, struct budget_execution **items, size_t *n)
{
	struct dbstmt *s;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	assert(source == -1 || budget_source_name(source) != NULL);
	if ((s = stmt_take(st, STMT_BUDGET_HISTORY)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	bind_text(s, 2, row);
	bind_i64_or_null(s, 3, year);
	bind_text(s, 4, source >= 0 ? budget_source_name(source) : NULL);
	bind_i64(s, 5, limit_of(limit));
	return read_executions(st, a, STMT_BUDGET_HISTORY, s, true, items, n);
}
