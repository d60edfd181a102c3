/*
 * test_store_budget.c — the SQLite store's budgets against store_budget.h
 * (docs/budget.md §Storage and replacement, §Execution): a table stored
 * and read back (cells in year and source order, bad cells' raw text,
 * norms, stated totals, parents through budget_table_link), versions and
 * the stale refusal, execution records that survive a replacement keeping
 * their row and refuse one that drops it or gives it children, history
 * newest first, and the time a large replacement takes.  Each test gets
 * a fresh database file in its own mkdtemp directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/budget.h"
#include "lib/arena.h"
#include "store/store.h"
#include "store/store_budget.h"
#include "store/store_plans.h"

#define M 1000000LL /* one million VND: the CSV's unit */

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
	struct arena *a;
	int64_t plan;
	int64_t user;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct unit_row u = {
	    .tree = "2024",
	    .code = "62",
	    .name = "Kon Tum",
	    .name_folded = "kon tum",
	    .type = "Tỉnh",
	    .level = 1,
	    .path = "62",
	};
	struct plan_row p = {
	    .tree = "2024",
	    .unit_code = "62",
	    .unit_path = "62",
	    .number = "787/KH-UBND",
	    .issued_on = "2018-04-03",
	    .title = "Kế hoạch thực hiện Chương trình",
	    .period_from = 2018,
	    .period_to = 2020,
	    .created_at = 1000,
	};
	struct user_row user = {
	    .username = "sokontum",
	    .full_name = "Nguyễn Văn An",
	    .role = "province",
	    .password_hash = "x",
	    .active = 1,
	    .created_at = 1000,
	    .updated_at = 1000,
	};
	char *err = NULL;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/trogiup-budget-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	assert_int_equal(store_open(f->path, &f->st, &err), STORE_OK);
	assert_int_equal(store_migrate(f->st, &err), STORE_OK);
	assert_null(err);
	f->a = arena_new();
	assert_int_equal(store_unit_put(f->st, &u), STORE_OK);
	assert_int_equal(store_plan_create(f->st, &p), STORE_OK);
	f->plan = p.id;
	assert_int_equal(store_user_insert(f->st, &user), STORE_OK);
	f->user = user.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	store_close(f->st);
	arena_free(f->a);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* ---- building tables ---------------------------------------------------- */

/* An empty table of nlines lines over the columns, has_stated set. */
static struct budget_table *new_table(struct arena *a,
                                      const struct budget_column *cols,
                                      size_t ncols, size_t nlines)
{
	struct budget_table *t = arena_alloc(a, sizeof *t);

	t->columns = arena_alloc(a, (ncols ? ncols : 1) * sizeof *t->columns);
	memcpy(t->columns, cols, ncols * sizeof *cols);
	t->ncolumns = ncols;
	t->lines = arena_alloc(a, nlines * sizeof *t->lines);
	t->nlines = nlines;
	t->has_stated = true;
	t->total_index = -1;
	for (size_t i = 0; i < nlines; i++)
		t->lines[i].cells = arena_alloc(
		    a, (ncols ? ncols : 1) * sizeof *t->lines[i].cells);
	return t;
}

static struct budget_line *set_line(struct budget_table *t, size_t i,
                                    const char *row, const char *parent,
                                    const char *label, int project)
{
	struct budget_line *l = &t->lines[i];

	l->row = row;
	l->parent = parent;
	l->label = label;
	l->project = project;
	l->line = (long)i + 2;
	return l;
}

static void link_table(struct arena *a, struct budget_table *t)
{
	struct budget_error err;

	assert_int_equal(budget_table_link(t, a, &err), 0);
}

/* A table of leaves under parents: rows[i] with parents[i] (NULL: top),
 * a 2018:central cell of i + 1 million each. */
static struct budget_table *tree_table(struct arena *a, const char **rows,
                                       const char **parents, size_t n)
{
	static const struct budget_column col = {2018, BUDGET_CENTRAL};
	struct budget_table *t = new_table(a, &col, 1, n);

	for (size_t i = 0; i < n; i++) {
		set_line(t, i, rows[i], parents[i], rows[i], 0);
		t->lines[i].cells[0].vnd = (int64_t)(i + 1) * M;
	}
	link_table(a, t);
	return t;
}

static enum store_status replace(struct fixture *f,
                                 const struct budget_table *t, int64_t expected,
                                 struct budget_meta *meta,
                                 struct budget_refusal *why)
{
	return store_budget_replace(f->st, f->a, f->plan, t, expected, f->user,
	                            0, meta, why);
}

/* ---- tables ---------------------------------------------------------- */

static void test_empty_and_missing(void **state)
{
	struct fixture *f = *state;
	struct budget_execution e = {.row = "1",
	                             .year = 2018,
	                             .source = BUDGET_LOCAL,
	                             .reason = "Cấp đợt 1"};
	struct budget_refusal why;
	struct budget_meta meta;
	struct budget_table t;
	const char *rows[] = {"1"}, *parents[] = {NULL};

	assert_int_equal(store_budget_get(f->st, f->a, f->plan, &t, &meta),
	                 STORE_OK);
	assert_int_equal(meta.plan_id, f->plan);
	assert_int_equal(meta.version, 0);
	assert_int_equal(meta.updated_at, 0);
	assert_int_equal(t.nlines, 0);
	assert_int_equal(t.ncolumns, 0);
	assert_int_equal(t.total_index, -1);

	assert_int_equal(store_budget_get(f->st, f->a, 999, &t, &meta),
	                 STORE_NOTFOUND);
	assert_int_equal(
	    store_budget_replace(f->st, f->a, 999,
	                         tree_table(f->a, rows, parents, 1), 0, f->user,
	                         0, &meta, &why),
	    STORE_NOTFOUND);
	assert_int_equal(store_budget_execution_put(f->st, 999, &e),
	                 STORE_NOTFOUND);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	/* File order, not year order: the store reads back year × source. */
	static const struct budget_column cols[] = {
	    {2019, BUDGET_LOCAL},
	    {2018, BUDGET_CENTRAL},
	    {2018, BUDGET_MOBILISED},
	};
	struct budget_table *t = new_table(f->a, cols, 3, 5), got;
	const struct budget_line *l;
	struct budget_refusal why;
	struct budget_meta meta;
	struct budget_line *w;

	w = set_line(t, 0, "total", NULL, "Tổng cộng", 0);
	w->stated.vnd = 100 * M;
	w->cells[0].vnd = 30 * M;
	w->cells[1].vnd = 60 * M;
	w->cells[2].vnd = 10 * M;
	w = set_line(t, 1, "I", NULL, "Dự án 1: Hỗ trợ đối tượng", 1);
	w->stated.vnd = 100 * M;
	w->cells[0].vnd = 30 * M;
	w->cells[1].vnd = 60 * M;
	w->cells[2].vnd = 10 * M;
	w = set_line(t, 2, "1", "I", "Nâng cấp Trung tâm", 0);
	w->unit = "xã/năm";
	w->has_unit_cost = w->has_quantity = true;
	w->unit_cost.vnd = 20 * M;
	w->quantity = 3;
	w->stated.vnd = 60 * M;
	w->cells[1].vnd = 60 * M;
	w->cells[0].vnd = 500000; /* 0,5 million */
	w = set_line(t, 3, "2", "I", "", 0);
	w->cells[0].bad = "1.2.3";
	w->cells[2].vnd = 10 * M;
	w->stated.bad = "abc";
	w = set_line(t, 4, "II", NULL, "Dự án 2", 2);
	w->has_unit_cost = true;
	w->unit_cost.bad = "x";
	link_table(f->a, t);

	assert_int_equal(replace(f, t, 0, &meta, &why), STORE_OK);
	assert_int_equal(meta.version, 1);
	assert_int_equal(meta.nlines, 5);
	assert_true(meta.updated_at > 0);
	assert_int_equal(meta.updated_by, f->user);

	memset(&meta, 0, sizeof meta);
	assert_int_equal(store_budget_get(f->st, f->a, f->plan, &got, &meta),
	                 STORE_OK);
	assert_int_equal(meta.version, 1);
	assert_int_equal(meta.nlines, 5);
	assert_int_equal(meta.updated_by, f->user);
	assert_true(got.has_stated);
	assert_true(got.has_project);
	assert_true(got.has_norm);
	/* 2018 and 2019, each with the three sources */
	assert_int_equal(got.ncolumns, 6);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(got.columns[i].year, 2018 + i / 3);
		assert_int_equal(got.columns[i].source, i % 3);
	}
	assert_int_equal(got.nlines, 5);
	assert_string_equal(got.lines[0].row, "total");
	assert_string_equal(got.lines[1].row, "I");
	assert_string_equal(got.lines[2].row, "1");
	assert_string_equal(got.lines[3].row, "2");
	assert_string_equal(got.lines[4].row, "II");

	l = &got.lines[0];
	assert_true(l->is_total);
	assert_int_equal(got.total_index, 0);
	assert_null(l->parent);
	assert_string_equal(l->label, "Tổng cộng");
	assert_int_equal(l->stated.vnd, 100 * M);
	assert_null(l->stated.bad);
	assert_int_equal(l->cells[0].vnd, 60 * M); /* 2018:central */
	assert_int_equal(l->cells[1].vnd, 0);      /* 2018:local */
	assert_int_equal(l->cells[2].vnd, 10 * M); /* 2018:mobilised */
	assert_int_equal(l->cells[3].vnd, 0);
	assert_int_equal(l->cells[4].vnd, 30 * M); /* 2019:local */
	assert_int_equal(l->cells[5].vnd, 0);

	l = &got.lines[1];
	assert_int_equal(l->project, 1);
	assert_false(l->leaf);
	assert_int_equal(l->depth, 0);
	assert_int_equal(l->parent_index, -1);
	assert_false(l->has_unit_cost);
	assert_false(l->has_quantity);
	assert_null(l->unit);

	l = &got.lines[2];
	assert_string_equal(l->parent, "I");
	assert_int_equal(l->parent_index, 1);
	assert_int_equal(l->depth, 1);
	assert_true(l->leaf);
	assert_int_equal(l->project, 0);
	assert_int_equal(l->project_eff, 1);
	assert_string_equal(l->unit, "xã/năm");
	assert_true(l->has_unit_cost);
	assert_int_equal(l->unit_cost.vnd, 20 * M);
	assert_null(l->unit_cost.bad);
	assert_true(l->has_quantity);
	assert_int_equal(l->quantity, 3);
	assert_int_equal(l->cells[0].vnd, 60 * M);
	assert_int_equal(l->cells[4].vnd, 500000);

	l = &got.lines[3];
	assert_string_equal(l->label, "");
	assert_int_equal(l->stated.vnd, 0);
	assert_string_equal(l->stated.bad, "abc");
	assert_int_equal(l->cells[4].vnd, 0);
	assert_string_equal(l->cells[4].bad, "1.2.3");
	assert_int_equal(l->cells[2].vnd, 10 * M);
	assert_null(l->cells[2].bad);
	assert_null(l->cells[0].bad);

	l = &got.lines[4];
	assert_int_equal(l->project, 2);
	assert_true(l->has_unit_cost);
	assert_string_equal(l->unit_cost.bad, "x");
	assert_false(l->has_quantity);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(l->cells[i].vnd, 0);
		assert_null(l->cells[i].bad);
	}

	/* Without a stated_total column, and lines without cells: no
	 * columns at all. */
	t = new_table(f->a, cols, 3, 1);
	set_line(t, 0, "1", NULL, "Một dòng", 0);
	t->has_stated = false;
	link_table(f->a, t);
	assert_int_equal(replace(f, t, 1, &meta, &why), STORE_OK);
	assert_int_equal(store_budget_get(f->st, f->a, f->plan, &got, &meta),
	                 STORE_OK);
	assert_int_equal(meta.version, 2);
	assert_false(got.has_stated);
	assert_false(got.has_project);
	assert_false(got.has_norm);
	assert_int_equal(got.ncolumns, 0);
	assert_int_equal(got.nlines, 1);
	assert_true(got.lines[0].leaf);
}

static void test_versions(void **state)
{
	struct fixture *f = *state;
	const char *rows1[] = {"1"}, *parents1[] = {NULL};
	const char *rows2[] = {"1", "2"}, *parents2[] = {NULL, NULL};
	struct budget_refusal why;
	struct budget_meta meta;
	struct budget_table got;

	/* No budget yet: only 0 (any) is the expected version. */
	assert_int_equal(
	    replace(f, tree_table(f->a, rows1, parents1, 1), 3, &meta, &why),
	    STORE_CONFLICT);
	assert_true(why.stale);
	assert_null(why.row);

	assert_int_equal(
	    replace(f, tree_table(f->a, rows1, parents1, 1), 0, &meta, &why),
	    STORE_OK);
	assert_int_equal(meta.version, 1);
	assert_int_equal(
	    replace(f, tree_table(f->a, rows2, parents2, 2), 1, &meta, &why),
	    STORE_OK);
	assert_int_equal(meta.version, 2);

	/* A save from version 1 after version 2 is refused, nothing moves. */
	assert_int_equal(
	    replace(f, tree_table(f->a, rows1, parents1, 1), 1, &meta, &why),
	    STORE_CONFLICT);
	assert_true(why.stale);
	assert_int_equal(store_budget_get(f->st, f->a, f->plan, &got, &meta),
	                 STORE_OK);
	assert_int_equal(meta.version, 2);
	assert_int_equal(got.nlines, 2);

	/* Without If-Match the last write wins. */
	assert_int_equal(
	    replace(f, tree_table(f->a, rows1, parents1, 1), 0, &meta, &why),
	    STORE_OK);
	assert_int_equal(meta.version, 3);
	assert_false(why.stale);
}

/* ---- execution ---------------------------------------------------------- */

static void put(struct fixture *f, const char *row, int year,
                enum budget_source src, int64_t allocated, int64_t spent,
                const char *reason, int64_t at)
{
	struct budget_execution e = {
	    .row = row,
	    .year = year,
	    .source = src,
	    .allocated = allocated,
	    .spent = spent,
	    .updated_at = at,
	    .updated_by = f->user,
	    .reason = reason,
	};

	assert_int_equal(store_budget_execution_put(f->st, f->plan, &e),
	                 STORE_OK);
	assert_true(e.updated_at > 0);
}

static void assert_item(const struct budget_execution *e, const char *row,
                        int year, enum budget_source src)
{
	assert_string_equal(e->row, row);
	assert_int_equal(e->year, year);
	assert_int_equal(e->source, src);
}

static void test_execution_and_replacement(void **state)
{
	struct fixture *f = *state;
	/* Positions differ from the rows' text order: "2" before "1". */
	const char *rows1[] = {"I", "2", "1", "II", "4"};
	const char *parents1[] = {NULL, "I", "I", NULL, NULL};
	/* Keeps 1, 2, II as leaves elsewhere, adds 3, drops 4 (no records). */
	const char *rows2[] = {"II", "I", "1", "3", "2"};
	const char *parents2[] = {NULL, NULL, "I", "I", "I"};
	const char *dropped[] = {"I", "2", "1"};
	const char *dropped_parents[] = {NULL, "I", "I"};
	const char *grown[] = {"I", "2", "1", "1.1", "II"};
	const char *grown_parents[] = {NULL, "I", "I", "1", NULL};
	struct budget_execution *items;
	struct budget_refusal why;
	struct budget_meta meta;
	struct budget_table got;
	size_t n;

	assert_int_equal(
	    replace(f, tree_table(f->a, rows1, parents1, 5), 0, &meta, &why),
	    STORE_OK);
	put(f, "II", 2018, BUDGET_LOCAL, 5 * M, 1 * M, "Cấp", 100);
	put(f, "1", 2020, BUDGET_LOCAL, 5 * M, 0, "Cấp", 100);
	put(f, "2", 2019, BUDGET_CENTRAL, 5 * M, 0, "Cấp", 100);
	put(f, "2", 2018, BUDGET_MOBILISED, 5 * M, 0, "Cấp", 100);
	put(f, "2", 2018, BUDGET_CENTRAL, 7 * M, 9 * M, "Chi vượt", 100);

	assert_int_equal(
	    store_budget_execution_list(f->st, f->a, f->plan, &items, &n),
	    STORE_OK);
	assert_int_equal(n, 5);
	assert_item(&items[0], "2", 2018, BUDGET_CENTRAL);
	assert_int_equal(items[0].allocated, 7 * M);
	assert_int_equal(items[0].spent, 9 * M); /* above: allowed */
	assert_int_equal(items[0].updated_by, f->user);
	assert_string_equal(items[0].updated_by_name, "Nguyễn Văn An");
	assert_int_equal(items[0].updated_at, 100);
	assert_item(&items[1], "2", 2018, BUDGET_MOBILISED);
	assert_item(&items[2], "2", 2019, BUDGET_CENTRAL);
	assert_item(&items[3], "1", 2020, BUDGET_LOCAL);
	assert_item(&items[4], "II", 2018, BUDGET_LOCAL);

	/* Dropping a row with records, or giving it children: refused,
	 * naming the row, and the table stays as it was. */
	assert_int_equal(replace(f,
	                         tree_table(f->a, dropped, dropped_parents, 3),
	                         0, &meta, &why),
	                 STORE_CONFLICT);
	assert_false(why.stale);
	assert_string_equal(why.row, "II");
	assert_int_equal(replace(f, tree_table(f->a, grown, grown_parents, 5),
	                         0, &meta, &why),
	                 STORE_CONFLICT);
	assert_false(why.stale);
	assert_string_equal(why.row, "1");
	assert_int_equal(store_budget_get(f->st, f->a, f->plan, &got, &meta),
	                 STORE_OK);
	assert_int_equal(meta.version, 1);
	assert_int_equal(got.nlines, 5);
	assert_string_equal(got.lines[4].row, "4");

	/* Keeping every row with records as a leaf: the records stay, now in
	 * the new positions' order. */
	assert_int_equal(
	    replace(f, tree_table(f->a, rows2, parents2, 5), 1, &meta, &why),
	    STORE_OK);
	assert_int_equal(meta.version, 2);
	assert_int_equal(
	    store_budget_execution_list(f->st, f->a, f->plan, &items, &n),
	    STORE_OK);
	assert_int_equal(n, 5);
	assert_item(&items[0], "II", 2018, BUDGET_LOCAL);
	assert_item(&items[1], "1", 2020, BUDGET_LOCAL);
	assert_item(&items[2], "2", 2018, BUDGET_CENTRAL);
	assert_item(&items[3], "2", 2018, BUDGET_MOBILISED);
	assert_item(&items[4], "2", 2019, BUDGET_CENTRAL);
}

static void test_history(void **state)
{
	struct fixture *f = *state;
	const char *rows[] = {"1", "2"}, *parents[] = {NULL, NULL};
	struct budget_execution *items;
	struct budget_refusal why;
	struct budget_meta meta;
	size_t n;

	assert_int_equal(
	    replace(f, tree_table(f->a, rows, parents, 2), 0, &meta, &why),
	    STORE_OK);
	put(f, "1", 2018, BUDGET_CENTRAL, 100 * M, 0, "Cấp đợt 1", 1000);
	put(f, "2", 2018, BUDGET_CENTRAL, 10 * M, 0, "Cấp đợt 1", 1500);
	put(f, "1", 2018, BUDGET_CENTRAL, 150 * M, 40 * M, "Cấp bổ sung", 2000);

	assert_int_equal(
	    store_budget_execution_history(f->st, f->a, f->plan, "1", 2018,
	                                   BUDGET_CENTRAL, 0, &items, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_item(&items[0], "1", 2018, BUDGET_CENTRAL);
	assert_int_equal(items[0].allocated, 150 * M);
	assert_int_equal(items[0].spent, 40 * M);
	assert_string_equal(items[0].reason, "Cấp bổ sung");
	assert_int_equal(items[0].updated_at, 2000);
	assert_int_equal(items[0].updated_by, f->user);
	assert_string_equal(items[0].updated_by_name, "Nguyễn Văn An");
	assert_int_equal(items[1].allocated, 100 * M);
	assert_string_equal(items[1].reason, "Cấp đợt 1");
	assert_int_equal(items[1].updated_at, 1000);

	/* Any record of the plan, newest first; a limit. */
	assert_int_equal(store_budget_execution_history(
	                     f->st, f->a, f->plan, NULL, 0, -1, 0, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(items[0].updated_at, 2000);
	assert_string_equal(items[1].row, "2");
	assert_int_equal(items[2].updated_at, 1000);
	assert_int_equal(store_budget_execution_history(
	                     f->st, f->a, f->plan, NULL, 0, -1, 1, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].updated_at, 2000);
	assert_int_equal(store_budget_execution_history(f->st, f->a, f->plan,
	                                                "1", 2019, -1, 0,
	                                                &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_budget_execution_history(f->st, f->a, f->plan,
	                                                NULL, 0, BUDGET_LOCAL,
	                                                0, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);

	/* The record holds the last amounts; no time given: now. */
	put(f, "2", 2018, BUDGET_CENTRAL, 12 * M, 3 * M, "Điều chỉnh", 0);
	assert_int_equal(
	    store_budget_execution_list(f->st, f->a, f->plan, &items, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].allocated, 150 * M);
	assert_int_equal(items[0].updated_at, 2000);
	assert_int_equal(items[1].allocated, 12 * M);
	assert_true(items[1].updated_at > 2000);
}

/* ---- a large table ----------------------------------------------------- */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 4 000 lines × 90 columns, every cell non-zero: 360 000 cells, a fifth
 * of the largest table the CSV allows. */
static void test_large_replacement(void **state)
{
	enum { PARENTS = 40, LEAVES = 99, YEARS = 30 };
	struct fixture *f = *state;
	struct budget_column cols[YEARS * BUDGET_SOURCES];
	size_t nlines = PARENTS * (LEAVES + 1);
	struct budget_table *t, got;
	struct budget_refusal why;
	struct budget_meta meta;
	struct timespec t0;
	double replace_s, again_s, get_s;
#if defined(__SANITIZE_ADDRESS__)
	const double limit = 10; /* the sanitised build runs far slower */
#else
	const double limit = 1;
#endif

	for (int i = 0; i < YEARS * BUDGET_SOURCES; i++) {
		cols[i].year = 2000 + i / BUDGET_SOURCES;
		cols[i].source = i % BUDGET_SOURCES;
	}
	t = new_table(f->a, cols, YEARS * BUDGET_SOURCES, nlines);
	for (size_t i = 0; i < nlines; i++) {
		size_t p = i / (LEAVES + 1);
		bool parent = i % (LEAVES + 1) == 0;

		set_line(
		    t, i, arena_printf(f->a, "%zu.%zu", p, i),
		    parent ? NULL
		           : arena_printf(f->a, "%zu.%zu", p, p * (LEAVES + 1)),
		    "Hoạt động", 0);
		for (size_t j = 0; j < t->ncolumns; j++)
			t->lines[i].cells[j].vnd = (int64_t)(i * 100 + j + 1);
	}
	link_table(f->a, t);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(replace(f, t, 0, &meta, &why), STORE_OK);
	replace_s = seconds_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(replace(f, t, 1, &meta, &why), STORE_OK);
	again_s = seconds_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(store_budget_get(f->st, f->a, f->plan, &got, &meta),
	                 STORE_OK);
	get_s = seconds_since(&t0);
	print_message("replace %.3f s, again %.3f s, get %.3f s\n", replace_s,
	              again_s, get_s);
	assert_true(replace_s < limit);
	assert_true(again_s < limit);
	assert_true(get_s < limit);

	assert_int_equal(meta.version, 2);
	assert_int_equal(got.nlines, nlines);
	assert_int_equal(got.ncolumns, YEARS * BUDGET_SOURCES);
	for (size_t i = 0; i < nlines; i += 97)
		for (size_t j = 0; j < got.ncolumns; j += 7)
			assert_int_equal(got.lines[i].cells[j].vnd,
			                 (int64_t)(i * 100 + j + 1));
	assert_int_equal(got.lines[nlines - 1].depth, 1);
	assert_false(got.lines[nlines - LEAVES - 1].leaf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_empty_and_missing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_execution_and_replacement,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_history, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_large_replacement, setup,
	                                    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
