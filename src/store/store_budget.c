/*
 * store_budget.c — the budget table of a plan in the SQLite store
 * (store_budget.h, migrations/0006_budget.sql, docs/budget.md §Storage
 * and replacement): its lines and cells, read back linked and replaced
 * whole under a version.
 *
 * A replacement runs in one write transaction (BEGIN IMMEDIATE, the
 * caller's or ours): version check, then the execution rows the new
 * table must keep as leaves, then every old line and cell out and the new
 * ones in, then the version bumped — so a refusal writes nothing and the
 * version always names what is stored.  Cells are many (20 000 lines × 90
 * columns at most), stored a row per line and year with the year's three
 * sources, only where one is non-zero or bad; their insert keeps one
 * statement bound across the loop, binding by indexes looked up once.
 * A read takes its version, lines and cells from one snapshot (a
 * deferred transaction), so the version handed out for If-Match is the
 * one of the table read.
 *
 * The execution records are store_budget_execution.c's.
 */
#include <assert.h>
#include <stdlib.h>
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

/* STORE_OK when the plan exists, STORE_NOTFOUND when not. */
static enum store_status plan_exists(struct store *st, int64_t plan_id)
{
	enum store_status status;
	struct dbstmt *s;

	if ((s = stmt_take(st, STMT_PLAN_EXISTS)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	status = stmt_row(st, STMT_PLAN_EXISTS);
	stmt_give(st, STMT_PLAN_EXISTS);
	return status;
}

/* The stored version row into *meta (version 0 and no times when the
 * plan has no budget yet) and *has_stated. */
static enum store_status read_version(struct store *st, int64_t plan_id,
                                      struct budget_meta *meta,
                                      bool *has_stated)
{
	enum store_status status;
	struct dbstmt *s;

	memset(meta, 0, sizeof *meta);
	meta->plan_id = plan_id;
	*has_stated = false;
	if ((s = stmt_take(st, STMT_BUDGET_VERSION_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	status = stmt_row(st, STMT_BUDGET_VERSION_GET);
	if (status == STORE_OK) {
		meta->version = col_i64(s, 0);
		*has_stated = col_int(s, 1) != 0;
		meta->updated_at = col_i64(s, 2);
		meta->updated_by = col_i64(s, 3);
	}
	stmt_give(st, STMT_BUDGET_VERSION_GET);
	return status == STORE_NOTFOUND ? STORE_OK : status;
}

/* ---- reading a table -------------------------------------------------- */

/* Columns: every stored year × the three sources; col_of_year[y − MIN]
 * the first column of year y, −1 for a year without cells. */
static enum store_status read_columns(struct store *st, struct arena *a,
                                      int64_t plan_id, struct budget_table *t,
                                      int *col_of_year)
{
	enum store_status status;
	struct dbstmt *s;
	size_t cap = 0;
	int rc;

	if ((s = stmt_take(st, STMT_BUDGET_YEARS)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	while ((rc = db_step(s)) == DB_ROW) {
		int year = col_int(s, 0);

		if (year < BUDGET_YEAR_MIN || year > BUDGET_YEAR_MAX)
			continue; /* the schema's CHECK keeps these out */
		col_of_year[year - BUDGET_YEAR_MIN] = (int)t->ncolumns;
		for (int src = 0; src < BUDGET_SOURCES; src++) {
			t->columns = grow_array(a, t->columns, t->ncolumns,
			                        &cap, sizeof *t->columns);
			t->columns[t->ncolumns].year = year;
			t->columns[t->ncolumns++].source = src;
		}
	}
	status =
	    rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_BUDGET_YEARS, rc);
	stmt_give(st, STMT_BUDGET_YEARS);
	return status;
}

/* An amount and its raw text at columns i, i + 1 into *c. */
static void col_cell(struct arena *a, struct dbstmt *s, int i,
                     struct budget_cell *c)
{
	c->vnd = col_i64(s, i);
	c->bad = col_text(a, s, i + 1);
}

static void read_line(struct arena *a, struct dbstmt *s, struct budget_line *l)
{
	memset(l, 0, sizeof *l);
	l->row = col_text(a, s, 1);
	l->parent = col_text(a, s, 2);
	l->label = col_text(a, s, 3);
	l->project = col_int(s, 4);
	l->unit = col_text(a, s, 5);
	l->has_unit_cost = !col_null(s, 6);
	col_cell(a, s, 6, &l->unit_cost);
	l->has_quantity = !col_null(s, 8);
	l->quantity = col_i64(s, 8);
	col_cell(a, s, 9, &l->stated);
	l->parent_index = -1;
}

/* The lines in position order (positions are 0, 1, … as written), each
 * with a zeroed cells array of t->ncolumns. */
static enum store_status read_lines(struct store *st, struct arena *a,
                                    int64_t plan_id, struct budget_table *t)
{
	enum store_status status = STORE_OK;
	struct dbstmt *s;
	size_t cap = 0;
	int rc;

	if ((s = stmt_take(st, STMT_BUDGET_LINES)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct budget_line *l;

		if (col_i64(s, 0) != (int64_t)t->nlines) {
			log_error("store=sqlite op=budget_read plan=%lld"
			          " err=\"line positions not contiguous\"",
			          (long long)plan_id);
			status = STORE_ERROR;
			break;
		}
		t->lines =
		    grow_array(a, t->lines, t->nlines, &cap, sizeof *t->lines);
		l = &t->lines[t->nlines++];
		read_line(a, s, l);
		if (l->label == NULL)
			l->label = "";
		l->cells = arena_alloc(a, (t->ncolumns ? t->ncolumns : 1) *
		                              sizeof *l->cells);
	}
	if (status == STORE_OK && rc != DB_DONE)
		status = stmt_fail(st, STMT_BUDGET_LINES, rc);
	stmt_give(st, STMT_BUDGET_LINES);
	return status;
}

/* Places every stored year of a line in its three columns. */
static enum store_status read_cells(struct store *st, struct arena *a,
                                    int64_t plan_id, struct budget_table *t,
                                    const int *col_of_year)
{
	enum store_status status = STORE_OK;
	struct dbstmt *s;
	int rc;

	if ((s = stmt_take(st, STMT_BUDGET_CELLS)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t pos = col_i64(s, 0);
		int year = col_int(s, 1);
		struct budget_cell *cells;
		int col;

		col = year >= BUDGET_YEAR_MIN && year <= BUDGET_YEAR_MAX
		          ? col_of_year[year - BUDGET_YEAR_MIN]
		          : -1;
		if (pos < 0 || pos >= (int64_t)t->nlines || col < 0) {
			log_error("store=sqlite op=budget_read plan=%lld"
			          " err=\"cell outside the table\"",
			          (long long)plan_id);
			status = STORE_ERROR;
			break;
		}
		cells = &t->lines[pos].cells[col];
		for (int src = 0; src < BUDGET_SOURCES; src++)
			col_cell(a, s, 2 + 2 * src, &cells[src]);
	}
	if (status == STORE_OK && rc != DB_DONE)
		status = stmt_fail(st, STMT_BUDGET_CELLS, rc);
	stmt_give(st, STMT_BUDGET_CELLS);
	return status;
}

/* The table of plan_id, read from the snapshot the caller holds. */
static enum store_status read_table(struct store *st, struct arena *a,
                                    int64_t plan_id, struct budget_table *t,
                                    struct budget_meta *meta)
{
	int col_of_year[BUDGET_YEAR_MAX - BUDGET_YEAR_MIN + 1];
	enum store_status status;
	struct budget_error err;

	memset(t, 0, sizeof *t);
	t->total_index = -1;
	for (size_t i = 0; i < sizeof col_of_year / sizeof *col_of_year; i++)
		col_of_year[i] = -1;
	if ((status = plan_exists(st, plan_id)) != STORE_OK ||
	    (status = read_version(st, plan_id, meta, &t->has_stated)) !=
	        STORE_OK ||
	    (status = read_columns(st, a, plan_id, t, col_of_year)) !=
	        STORE_OK ||
	    (status = read_lines(st, a, plan_id, t)) != STORE_OK ||
	    (status = read_cells(st, a, plan_id, t, col_of_year)) != STORE_OK)
		return status;
	/* Only has_stated is stored: these two follow from the lines. */
	for (size_t i = 0; i < t->nlines; i++) {
		const struct budget_line *l = &t->lines[i];

		t->has_project |= l->project != 0;
		t->has_norm |=
		    l->unit != NULL || l->has_unit_cost || l->has_quantity;
	}
	if (budget_table_link(t, a, &err) != 0) {
		log_error("store=sqlite op=budget_read plan=%lld"
		          " err=\"stored table does not link\" line=%ld",
		          (long long)plan_id, err.line);
		return STORE_ERROR;
	}
	meta->nlines = t->nlines;
	return STORE_OK;
}

enum store_status store_budget_get(struct store *st, struct arena *a,
                                   int64_t plan_id, struct budget_table *t,
                                   struct budget_meta *meta)
{
	enum store_status status = STORE_OK;
	struct budget_table tab;
	struct budget_meta m;
	bool own = false;

	assert(st != NULL && a != NULL && t != NULL && meta != NULL);
	if (!db_in_tx(st)) {
		status = stmt_run(st, STMT_BEGIN_READ);
		own = status == STORE_OK;
	}
	if (status == STORE_OK)
		status = read_table(st, a, plan_id, &tab, &m);
	/* Only read: commit and rollback end the snapshot alike. */
	status = tx_end(st, own, status);
	if (status == STORE_OK) {
		*t = tab;
		*meta = m;
	}
	return status;
}

/* ---- replacing a table ------------------------------------------------- */

static int line_row_cmp(const void *x, const void *y)
{
	const struct budget_line *const *l = x, *const *r = y;

	return strcmp((*l)->row, (*r)->row);
}

static int key_row_cmp(const void *key, const void *elem)
{
	const struct budget_line *const *l = elem;

	return strcmp(key, (*l)->row);
}

/* Refuses (STORE_CONFLICT, why->row) when a row with execution records
 * is not a leaf of t: dropped, or given children. */
static enum store_status check_execution(struct store *st, struct arena *a,
                                         int64_t plan_id,
                                         const struct budget_table *t,
                                         struct budget_refusal *why)
{
	const struct budget_line **by_row;
	enum store_status status = STORE_OK;
	struct dbstmt *s;
	int rc;

	by_row = arena_alloc(a, (t->nlines ? t->nlines : 1) * sizeof *by_row);
	for (size_t i = 0; i < t->nlines; i++)
		by_row[i] = &t->lines[i];
	qsort(by_row, t->nlines, sizeof *by_row, line_row_cmp);
	if ((s = stmt_take(st, STMT_BUDGET_EXECUTION_ROWS)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	while ((rc = db_step(s)) == DB_ROW) {
		const char *row = col_str(s, 0);
		const struct budget_line *const *found;

		if (row == NULL)
			continue; /* NOT NULL in the schema */
		found = bsearch(row, by_row, t->nlines, sizeof *by_row,
		                key_row_cmp);
		if (found == NULL || !(*found)->leaf) {
			why->row = arena_strdup(a, row);
			status = STORE_CONFLICT;
			break;
		}
	}
	if (status == STORE_OK && rc != DB_DONE)
		status = stmt_fail(st, STMT_BUDGET_EXECUTION_ROWS, rc);
	stmt_give(st, STMT_BUDGET_EXECUTION_ROWS);
	return status;
}

/* Binds an amount and its raw text to `$n`, `$n + 1`; present false binds
 * NULL to both (a line without a unit cost). */
static void bind_cell(struct dbstmt *s, int n, bool present,
                      const struct budget_cell *c)
{
	if (present)
		bind_i64(s, n, c->bad != NULL ? 0 : c->vnd);
	else
		bind_text(s, n, NULL);
	bind_text(s, n + 1, present ? c->bad : NULL);
}

static enum store_status put_line(struct store *st, int64_t plan_id,
                                  size_t position, const struct budget_line *l)
{
	struct dbstmt *s;

	if ((s = stmt_take(st, STMT_BUDGET_LINE_PUT)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	bind_i64(s, 2, (int64_t)position);
	bind_text(s, 3, l->row);
	bind_text(s, 4, l->parent);
	bind_text(s, 5, l->label != NULL ? l->label : "");
	bind_i64(s, 6, l->project);
	bind_text(s, 7, l->unit);
	bind_cell(s, 8, l->has_unit_cost, &l->unit_cost);
	if (l->has_quantity)
		bind_i64(s, 10, l->quantity);
	else
		bind_text(s, 10, NULL);
	bind_cell(s, 11, true, &l->stated);
	return stmt_finish(st, STMT_BUDGET_LINE_PUT);
}

/* The columns of a year: col[s] the column of source s, −1 none. */
struct year_columns {
	int year;
	int col[BUDGET_SOURCES];
};

/* t's columns grouped by year, in the order years first appear. */
static struct year_columns *group_years(struct arena *a,
                                        const struct budget_table *t, size_t *n)
{
	struct year_columns *ys;

	ys = arena_alloc(a, (t->ncolumns ? t->ncolumns : 1) * sizeof *ys);
	*n = 0;
	for (size_t j = 0; j < t->ncolumns; j++) {
		const struct budget_column *c = &t->columns[j];
		size_t k = 0;

		assert(budget_source_name(c->source) != NULL);
		while (k < *n && ys[k].year != c->year)
			k++;
		if (k == *n) {
			ys[k].year = c->year;
			for (int src = 0; src < BUDGET_SOURCES; src++)
				ys[k].col[src] = -1;
			++*n;
		}
		ys[k].col[c->source] = (int)j;
	}
	return ys;
}

/* Binds cell c to parameters vnd and bad.  t outlives the statement's use,
 * so the text is bound without a copy. */
static void bind_year_cell(struct dbstmt *s, int vnd, int bad,
                           const struct budget_cell *c)
{
	bind_i64(s, vnd, c->bad != NULL ? 0 : c->vnd);
	bind_text_static(s, bad, c->bad);
}

/* Inserts a row per line and year with a non-zero or bad cell, with one
 * statement kept bound to the plan. */
static enum store_status put_cells(struct store *st, struct arena *a,
                                   int64_t plan_id,
                                   const struct budget_table *t)
{
	static const struct budget_cell zero;
	const enum stmt id = STMT_BUDGET_CELL_PUT;
	struct year_columns *ys;
	enum store_status status = STORE_OK;
	size_t nyears;
	struct dbstmt *s;
	int rc;

	ys = group_years(a, t, &nyears);
	if ((s = stmt_take(st, id)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	for (size_t i = 0; i < t->nlines && status == STORE_OK; i++) {
		const struct budget_line *l = &t->lines[i];

		for (size_t k = 0; k < nyears; k++) {
			const struct budget_cell *c[BUDGET_SOURCES];
			bool empty = true;

			for (int src = 0; src < BUDGET_SOURCES; src++) {
				int col = ys[k].col[src];

				c[src] = col >= 0 ? &l->cells[col] : &zero;
				empty &=
				    c[src]->vnd == 0 && c[src]->bad == NULL;
			}
			if (empty)
				continue;
			bind_i64(s, 2, (int64_t)i);
			bind_i64(s, 3, ys[k].year);
			for (int src = 0; src < BUDGET_SOURCES; src++)
				bind_year_cell(s, 4 + 2 * src, 5 + 2 * src,
				               c[src]);
			if ((rc = db_step(s)) != DB_DONE) {
				status = stmt_fail(st, id, rc);
				break;
			}
			db_reset(s);
		}
	}
	stmt_give(st, id);
	return status;
}

/* Every old line and cell of the plan out, t's in. */
static enum store_status write_table(struct store *st, struct arena *a,
                                     int64_t plan_id,
                                     const struct budget_table *t)
{
	enum store_status status;
	struct dbstmt *s;

	if ((s = stmt_take(st, STMT_BUDGET_CELLS_DROP)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	if ((status = stmt_finish(st, STMT_BUDGET_CELLS_DROP)) != STORE_OK)
		return status;
	if ((s = stmt_take(st, STMT_BUDGET_LINES_DROP)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	if ((status = stmt_finish(st, STMT_BUDGET_LINES_DROP)) != STORE_OK)
		return status;
	for (size_t i = 0; i < t->nlines && status == STORE_OK; i++)
		status = put_line(st, plan_id, i, &t->lines[i]);
	if (status == STORE_OK)
		status = put_cells(st, a, plan_id, t);
	/* A linked table has unique rows and columns: a key violation here
	 * is a caller's broken table, not a refusal the API could explain. */
	if (status == STORE_CONFLICT) {
		log_error("store=sqlite op=budget_replace plan=%lld"
		          " err=\"duplicate row or column\"",
		          (long long)plan_id);
		status = STORE_ERROR;
	}
	return status;
}

static enum store_status
put_version(struct store *st, const struct budget_meta *m, bool has_stated)
{
	struct dbstmt *s;

	if ((s = stmt_take(st, STMT_BUDGET_VERSION_PUT)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, m->plan_id);
	bind_i64(s, 2, m->version);
	bind_i64(s, 3, has_stated ? 1 : 0);
	bind_i64(s, 4, m->updated_at);
	bind_i64_or_null(s, 5, m->updated_by);
	return stmt_finish(st, STMT_BUDGET_VERSION_PUT);
}

enum store_status
store_budget_replace(struct store *st, struct arena *a, int64_t plan_id,
                     const struct budget_table *t, int64_t expected_version,
                     int64_t user_id, int64_t now, struct budget_meta *meta,
                     struct budget_refusal *why)
{
	enum store_status status;
	struct budget_meta m;
	bool has_stated, own;

	assert(st != NULL && a != NULL && t != NULL && meta != NULL);
	assert(why != NULL && expected_version >= 0);
	assert(t->nlines == 0 || t->lines != NULL);
	memset(why, 0, sizeof *why);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	status = plan_exists(st, plan_id);
	if (status == STORE_OK)
		status = read_version(st, plan_id, &m, &has_stated);
	if (status == STORE_OK && expected_version != 0 &&
	    expected_version != m.version) {
		why->stale = true;
		status = STORE_CONFLICT;
	}
	if (status == STORE_OK)
		status = check_execution(st, a, plan_id, t, why);
	if (status == STORE_OK)
		status = write_table(st, a, plan_id, t);
	if (status == STORE_OK) {
		m.version++;
		m.updated_at = now_or(now);
		m.updated_by = user_id;
		m.nlines = t->nlines;
		status = put_version(st, &m, t->has_stated);
	}
	status = tx_end(st, own, status);
	if (status == STORE_OK)
		*meta = m;
	return status;
}
