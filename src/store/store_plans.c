/*
 * store_plans.c — plans, their projects and targets in the SQLite store
 * (store_plans.h, migrations/0005_plans.sql, docs/indicators.md §Plans).
 *
 * A plan and its projects are written together in one transaction (the
 * caller's, or one of our own: tx_own), and a copy writes the new plan,
 * its projects and every shifted target the same way, so a failed copy
 * leaves nothing behind.  A plan's target count is counted on read, never
 * stored.  store_targets_applicable reads the unit's candidate targets in
 * the order the rule ranks them and keeps the first of each indicator.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "store/db.h"
#include "store/store_plans.h"

static int64_t now_or(int64_t t)
{
	return t != 0 ? t : (int64_t)time(NULL);
}

/* ---- plans ------------------------------------------------------------ */

static void assert_plan(const struct plan_row *p)
{
	assert(p != NULL && p->tree != NULL && p->unit_code != NULL);
	assert(p->unit_path != NULL && p->number != NULL);
	assert(p->issued_on != NULL && p->title != NULL);
	assert(p->period_from <= p->period_to);
	assert(p->nprojects == 0 || p->projects != NULL);
	(void)p;
}

/* Binds p in the numbering of the plan statements: $1 id, $2 … $12. */
static void bind_plan(struct dbstmt *s, const struct plan_row *p)
{
	bind_i64(s, 1, p->id);
	bind_text(s, 2, p->tree);
	bind_text(s, 3, p->unit_code);
	bind_text(s, 4, p->unit_path);
	bind_text(s, 5, p->number);
	bind_text(s, 6, p->issued_on);
	bind_text(s, 7, p->title);
	bind_i64(s, 8, p->period_from);
	bind_i64(s, 9, p->period_to);
	bind_i64_or_null(s, 10, p->created_by);
	bind_i64(s, 11, p->created_at);
	bind_i64(s, 12, p->updated_at);
}

/* Reads a row of PLAN_COLS (sql.c); projects are read apart. */
static void read_plan(struct arena *a, struct dbstmt *s, struct plan_row *out)
{
	memset(out, 0, sizeof *out);
	out->id = col_i64(s, 0);
	out->tree = col_text(a, s, 1);
	out->unit_code = col_text(a, s, 2);
	out->unit_path = col_text(a, s, 3);
	out->number = col_text(a, s, 4);
	out->issued_on = col_text(a, s, 5);
	out->title = col_text(a, s, 6);
	out->period_from = col_int(s, 7);
	out->period_to = col_int(s, 8);
	out->created_by = col_i64(s, 9);
	out->created_at = col_i64(s, 10);
	out->updated_at = col_i64(s, 11);
	out->version = col_i64(s, 12);
	out->unit_name = col_text(a, s, 13);
	out->targets_count = col_i64(s, 14);
}

static void read_plan_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_plan(a, s, row);
}

/* Fills p->projects and p->nprojects from the table. */
static enum store_status read_projects(struct store *st, struct arena *a,
                                       struct plan_row *p)
{
	struct plan_project *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	if ((s = stmt_take(st, STMT_PLAN_PROJECTS)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, p->id);
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		rows[len].project = col_int(s, 0);
		rows[len].lead_agency = col_text(a, s, 1);
		rows[len].partners = col_text(a, s, 2);
		len++;
	}
	status =
	    rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_PLAN_PROJECTS, rc);
	stmt_give(st, STMT_PLAN_PROJECTS);
	if (status == STORE_OK) {
		p->projects = rows;
		p->nprojects = len;
	}
	return status;
}

/* Replaces the projects of plan p->id with p's. */
static enum store_status write_projects(struct store *st,
                                        const struct plan_row *p)
{
	enum store_status status;
	struct dbstmt *s;

	if ((s = stmt_take(st, STMT_PLAN_PROJECTS_DROP)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, p->id);
	if ((status = stmt_finish(st, STMT_PLAN_PROJECTS_DROP)) != STORE_OK)
		return status;
	for (size_t i = 0; i < p->nprojects && status == STORE_OK; i++) {
		const struct plan_project *pr = &p->projects[i];

		assert(pr->project >= 1 && pr->project <= 4);
		if ((s = stmt_take(st, STMT_PLAN_PROJECT_PUT)) == NULL)
			return STORE_ERROR;
		bind_i64(s, 1, p->id);
		bind_i64(s, 2, pr->project);
		bind_text(s, 3, pr->lead_agency);
		bind_text(s, 4, pr->partners);
		status = stmt_finish(st, STMT_PLAN_PROJECT_PUT);
	}
	return status;
}

static enum store_status plan_insert(struct store *st, struct plan_row *p)
{
	struct dbstmt *s;

	p->created_at = now_or(p->created_at);
	if (p->updated_at == 0)
		p->updated_at = p->created_at;
	if ((s = stmt_take(st, STMT_PLAN_INSERT)) == NULL)
		return STORE_ERROR;
	bind_plan(s, p);
	return stmt_insert_id(st, STMT_PLAN_INSERT, &p->id);
}

enum store_status store_plan_create(struct store *st, struct plan_row *p)
{
	enum store_status status;
	bool own;

	assert(st != NULL);
	assert_plan(p);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	status = plan_insert(st, p);
	if (status == STORE_OK)
		status = write_projects(st, p);
	status = tx_end(st, own, status);
	if (status == STORE_OK) {
		p->version = 1;
		p->targets_count = 0;
	}
	return status;
}

enum store_status store_plan_get(struct store *st, struct arena *a, int64_t id,
                                 struct plan_row *out)
{
	enum store_status status;
	struct plan_row p;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_PLAN_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_PLAN_GET)) == STORE_OK)
		read_plan(a, s, &p);
	stmt_give(st, STMT_PLAN_GET);
	if (status == STORE_OK)
		status = read_projects(st, a, &p);
	if (status == STORE_OK)
		*out = p;
	return status;
}

enum store_status store_plan_update(struct store *st, struct plan_row *p,
                                    int64_t expected_version)
{
	enum store_status status;
	struct dbstmt *s;
	int64_t version = 0;
	bool own;

	assert(st != NULL);
	assert_plan(p);
	assert(p->id > 0 && expected_version >= 0);
	p->updated_at = now_or(p->updated_at);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	if ((s = stmt_take(st, STMT_PLAN_UPDATE)) == NULL) {
		status = STORE_ERROR;
	} else {
		bind_plan(s, p);
		bind_i64(s, 13, expected_version);
		status = stmt_update_version(st, STMT_PLAN_UPDATE,
		                             STMT_PLAN_EXISTS, p->id, &version);
	}
	if (status == STORE_OK)
		status = write_projects(st, p);
	status = tx_end(st, own, status);
	if (status == STORE_OK)
		p->version = version;
	return status;
}

static void bind_plans_query(struct arena *a, struct dbstmt *s, const void *v)
{
	const struct plan_query *q = v;
	const char *lo, *hi;

	within_bounds(a, q->within_path, &lo, &hi);
	bind_text(s, 1, q->tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_text(s, 4, q->unit_code);
	bind_i64(s, 5, limit_of(q->limit));
	bind_i64(s, 6, q->offset > 0 ? q->offset : 0);
}

enum store_status store_plans_list(struct store *st, struct arena *a,
                                   const struct plan_query *q,
                                   struct plan_row **items, size_t *n,
                                   long *total)
{
	enum store_status status;
	struct plan_row *rows;
	size_t len;
	long tot;

	assert(st != NULL && a != NULL && q != NULL && q->tree != NULL);
	assert(items != NULL && n != NULL && total != NULL);
	status = stmt_page(st, a, STMT_PLANS_TOTAL, STMT_PLANS_LIST,
	                   bind_plans_query, q, read_plan_row, sizeof *rows,
	                   (void **)&rows, &len, &tot);
	for (size_t i = 0; i < len && status == STORE_OK; i++)
		status = read_projects(st, a, &rows[i]);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
		*total = tot;
	}
	return status;
}

/* Runs one of the copy statements: $1 source, $2 new plan, $3 shift. */
static enum store_status copy_rows(struct store *st, enum stmt id,
                                   int64_t from_id, int64_t to_id, int shift)
{
	struct dbstmt *s;

	if ((s = stmt_take(st, id)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, from_id);
	bind_i64(s, 2, to_id);
	bind_i64(s, 3, shift);
	return stmt_finish(st, id);
}

enum store_status store_plan_copy(struct store *st, struct arena *a,
                                  int64_t from_id, struct plan_row *to)
{
	enum store_status status;
	struct plan_row from, in;
	bool own;

	assert(st != NULL && a != NULL && to != NULL);
	assert(to->number != NULL && to->issued_on != NULL);
	assert(to->period_from <= to->period_to);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	status = store_plan_get(st, a, from_id, &from);
	if (status == STORE_OK) {
		in = *to;
		in.id = 0;
		in.tree = from.tree;
		in.unit_code = from.unit_code;
		in.unit_path = from.unit_path;
		if (in.title == NULL)
			in.title = from.title;
		in.updated_at = 0;
		status = plan_insert(st, &in);
	}
	if (status == STORE_OK)
		status =
		    copy_rows(st, STMT_PLAN_COPY_PROJECTS, from.id, in.id, 0);
	if (status == STORE_OK)
		status = copy_rows(st, STMT_PLAN_COPY_TARGETS, from.id, in.id,
		                   to->period_from - from.period_from);
	if (status == STORE_OK)
		status = store_plan_get(st, a, in.id, to);
	return tx_end(st, own, status);
}

/* ---- targets ---------------------------------------------------------- */

/* Binds t in the numbering of the target statements: $1 id, $2 … $8. */
static void bind_target(struct dbstmt *s, const struct target_row *t)
{
	bind_i64(s, 1, t->id);
	bind_i64(s, 2, t->plan_id);
	bind_text(s, 3, t->indicator);
	bind_i64(s, 4, t->year);
	bind_double(s, 5, t->target);
	if (t->has_baseline)
		bind_double(s, 6, t->baseline);
	else
		bind_text(s, 6, NULL);
	bind_int_or_null(s, 7, t->baseline_year > 0 ? t->baseline_year : -1);
	bind_text(s, 8, t->quote);
}

/* Reads a row of TARGET_COLS (sql.c). */
static void read_target(struct arena *a, struct dbstmt *s,
                        struct target_row *out)
{
	out->id = col_i64(s, 0);
	out->plan_id = col_i64(s, 1);
	out->indicator = col_text(a, s, 2);
	out->year = col_int(s, 3);
	out->target = col_double(s, 4);
	out->has_baseline = !col_null(s, 5);
	out->baseline = out->has_baseline ? col_double(s, 5) : 0;
	out->baseline_year = col_int(s, 6); /* NULL reads 0 */
	out->quote = col_text(a, s, 7);
	out->version = col_i64(s, 8);
}

static void assert_target(const struct target_row *t)
{
	assert(t != NULL && t->indicator != NULL && t->plan_id > 0);
	assert(t->baseline_year >= 0);
	(void)t;
}

enum store_status store_target_add(struct store *st, struct target_row *t)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL);
	assert_target(t);
	if ((s = stmt_take(st, STMT_TARGET_INSERT)) == NULL)
		return STORE_ERROR;
	bind_target(s, t);
	/* no row: the INSERT … SELECT found no such plan */
	if ((status = stmt_row(st, STMT_TARGET_INSERT)) == STORE_OK)
		t->id = col_i64(s, 0);
	stmt_give(st, STMT_TARGET_INSERT);
	if (status == STORE_OK)
		t->version = 1;
	return status;
}

enum store_status store_target_get(struct store *st, struct arena *a,
                                   int64_t id, struct target_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_TARGET_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_TARGET_GET)) == STORE_OK)
		read_target(a, s, out);
	stmt_give(st, STMT_TARGET_GET);
	return status;
}

enum store_status store_target_update(struct store *st, struct target_row *t,
                                      int64_t expected_version)
{
	struct dbstmt *s;

	assert(st != NULL);
	assert_target(t);
	assert(t->id > 0 && expected_version >= 0);
	if ((s = stmt_take(st, STMT_TARGET_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_target(s, t);
	bind_i64(s, 9, expected_version);
	return stmt_update_version(st, STMT_TARGET_UPDATE, STMT_TARGET_EXISTS,
	                           t->id, &t->version);
}

enum store_status store_target_delete(struct store *st, int64_t id,
                                      int64_t expected_version)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && id > 0 && expected_version >= 0);
	if ((s = stmt_take(st, STMT_TARGET_DELETE)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	bind_i64(s, 2, expected_version);
	status = stmt_finish_changed(st, STMT_TARGET_DELETE);
	if (status == STORE_NOTFOUND)
		status = row_missing_or_conflict(st, STMT_TARGET_EXISTS, id);
	return status;
}

enum store_status store_targets_list(struct store *st, struct arena *a,
                                     int64_t plan_id, struct target_row **items,
                                     size_t *n)
{
	struct target_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_TARGETS_LIST)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		read_target(a, s, &rows[len++]);
	}
	status =
	    rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_TARGETS_LIST, rc);
	stmt_give(st, STMT_TARGETS_LIST);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}

/* Reads a row of STMT_TARGETS_APPLICABLE from column c on. */
static void read_applicable(struct arena *a, struct dbstmt *s, int c,
                            struct applicable_target *t)
{
	t->indicator = col_text(a, s, c);
	t->target = col_double(s, c + 1);
	t->target_year = col_int(s, c + 2);
	t->has_baseline = !col_null(s, c + 3);
	t->baseline = t->has_baseline ? col_double(s, c + 3) : 0;
	t->baseline_year = col_int(s, c + 4);
	t->plan_from = col_int(s, c + 5);
	t->plan_id = col_i64(s, c + 6);
}

/* Rows arrive ordered by indicator, year, id: the first row of each
 * indicator is the smallest year ≥ the asked one, ties to the target
 * entered first. */
enum store_status store_targets_applicable(struct store *st, struct arena *a,
                                           const char *tree,
                                           const char *unit_code, int year,
                                           struct applicable_target **out,
                                           size_t *n)
{
	struct applicable_target *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && tree != NULL && unit_code != NULL);
	assert(out != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_TARGETS_APPLICABLE)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, unit_code);
	bind_i64(s, 3, year);
	while ((rc = db_step(s)) == DB_ROW) {
		const char *code = col_str(s, 0);

		if (code == NULL ||
		    (len > 0 &&
		     strcmp(rows[len - 1].indicator, (const char *)code) == 0))
			continue;
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		read_applicable(a, s, 0, &rows[len++]);
	}
	status = rc == DB_DONE ? STORE_OK
	                       : stmt_fail(st, STMT_TARGETS_APPLICABLE, rc);
	stmt_give(st, STMT_TARGETS_APPLICABLE);
	if (status == STORE_OK) {
		*out = rows;
		*n = len;
	}
	return status;
}

/* One statement for all the children, rows by child, then as
 * store_targets_applicable's: a dashboard made one per child, each a
 * round trip on PostgreSQL. */
enum store_status store_targets_applicable_children(
    struct store *st, struct arena *a, const char *tree, const char *unit_code,
    int year, const char *const *child_codes, size_t nkids,
    struct applicable_target **out, size_t *n)
{
	struct applicable_target **rows;
	size_t *cap, at = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && tree != NULL && unit_code != NULL);
	assert(child_codes != NULL || nkids == 0);
	assert(out != NULL && n != NULL);
	memset(out, 0, nkids * sizeof *out);
	memset(n, 0, nkids * sizeof *n);
	if (nkids == 0)
		return STORE_OK;
	rows = out;
	cap = arena_alloc(a, nkids * sizeof *cap);
	memset(cap, 0, nkids * sizeof *cap);
	if ((s = stmt_take(st, STMT_TARGETS_APPLICABLE_CHILDREN)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, unit_code);
	bind_i64(s, 3, year);
	while ((rc = db_step(s)) == DB_ROW) {
		const char *kid = col_str(s, 0), *code = col_str(s, 1);
		size_t k;

		if (kid == NULL || code == NULL ||
		    (k = code_index(child_codes, nkids, &at, kid)) == nkids)
			continue;
		if (n[k] > 0 && strcmp(rows[k][n[k] - 1].indicator, code) == 0)
			continue;
		rows[k] =
		    grow_array(a, rows[k], n[k], &cap[k], sizeof *rows[k]);
		read_applicable(a, s, 1, &rows[k][n[k]++]);
	}
	status = rc == DB_DONE
	             ? STORE_OK
	             : stmt_fail(st, STMT_TARGETS_APPLICABLE_CHILDREN, rc);
	stmt_give(st, STMT_TARGETS_APPLICABLE_CHILDREN);
	return status;
}
