/*
 * test_budget.c — the arithmetic of budget tables (domain/budget.h,
 * docs/budget.md §The checks, §Projects and summaries): the four checks
 * and norm with their amounts and messages, skipped comparisons, order
 * and truncation, computed amounts over nested lines, and the summaries
 * by project, source and year.  The notation is test_budget_amount.c's,
 * the CSV and its errors test_budget_table.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/budget.h"
#include "lib/arena.h"

#define M 1000000LL /* one million VND */

/* ---- helpers ------------------------------------------------------------ */

static struct arena *arena;

static int setup(void **state)
{
	(void)state;
	arena = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(arena);
	return 0;
}

static struct budget_table parse_ok(const char *csv)
{
	struct budget_table t;
	struct budget_error err;
	int rc = budget_table_parse(csv, strlen(csv), arena, &t, &err);
	if (rc != 0)
		fail_msg("line %ld: %s", err.line, err.message);
	return t;
}

static int line_of(const struct budget_table *t, const char *row)
{
	for (size_t i = 0; i < t->nlines; i++)
		if (strcmp(t->lines[i].row, row) == 0)
			return (int)i;
	fail_msg("no row %s", row);
	return -1;
}

struct checked {
	struct budget_problem *p;
	size_t n;
	bool truncated;
};

static struct checked check(const struct budget_table *t)
{
	struct checked c;
	budget_check(t, arena, &c.p, &c.n, &c.truncated);
	return c;
}

/* ---- checks ------------------------------------------------------------- */

static void test_clean_table(void **state)
{
	(void)state;
	struct budget_table t =
	    parse_ok("row,parent,label,stated_total,2018:central,2018:local\n"
	             "I,,Dự án 1,18.000,18.000,0\n"
	             "1,I,a,18.000,18.000,\n"
	             "2,I,b,-18.000,,\n");
	/* the negative cell is the only problem, and it stops the sums
	 * through it */
	struct checked c = check(&t);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.p[0].kind, BUDGET_UNPARSEABLE);
	assert_string_equal(c.p[0].row, "2");
	assert_int_equal(c.p[0].column, -1);
	assert_false(c.p[0].has_amounts);
	assert_string_equal(c.p[0].message,
	                    "Ô tổng cộng của dòng 2 là số âm, mà số tiền "
	                    "không được âm: «-18.000»");

	t = parse_ok("row,parent,stated_total,2018:central,2018:local\n"
	             "I,,30,20,10\n"
	             "1,I,30,20,10\n"
	             "total,,30,20,10\n");
	struct checked ok = check(&t);
	assert_int_equal(ok.n, 0);
	assert_false(ok.truncated);
}

static void test_each_kind(void **state)
{
	(void)state;
	struct budget_table t =
	    parse_ok("row,parent,unit_cost,quantity,stated_total,2018:central,"
	             "2019:local\n"
	             "I,,,,100,50,40\n"      /* row_total 100 ≠ 90 */
	             "2.1,I,,,60,1.2.3,10\n" /* unparseable 2018:central */
	             "2.2,I,20,2,45,30,15\n" /* norm: 45 ≠ 20 × 2 */
	             "total,,,,100,50,45\n");
	struct checked c = check(&t);
	/* I: row_total; parent_sum on stated (60 + 45 ≠ 100), none on
	 * 2018:central (a bad child), on 2019:local 40 ≠ 25.
	 * 2.1: unparseable, so no row_total.  2.2: norm.
	 * total: row_total 100 ≠ 95; grand_total only on 2019:local */
	assert_int_equal(c.n, 7);
	const struct budget_problem *p = c.p;

	assert_string_equal(p[0].row, "I");
	assert_int_equal(p[0].kind, BUDGET_ROW_TOTAL);
	assert_int_equal(p[0].column, -1);
	assert_true(p[0].has_amounts);
	assert_int_equal(p[0].stated, 100 * M);
	assert_int_equal(p[0].computed, 90 * M);
	assert_string_equal(
	    p[0].message,
	    "Dòng I: tổng ghi 100 nhưng cộng các cột được 90 (triệu đồng)");

	assert_int_equal(p[1].kind, BUDGET_PARENT_SUM);
	assert_int_equal(p[1].column, -1);
	assert_int_equal(p[1].stated, 100 * M);
	assert_int_equal(p[1].computed, 105 * M);
	assert_string_equal(p[1].message,
	                    "Dòng I, cột tổng cộng: ghi 100 nhưng cộng các "
	                    "dòng con được 105 (triệu đồng)");
	assert_int_equal(p[2].kind, BUDGET_PARENT_SUM);
	assert_int_equal(p[2].column, 1);
	assert_int_equal(p[2].stated, 40 * M);
	assert_int_equal(p[2].computed, 25 * M);
	assert_non_null(strstr(p[2].message, "cột 2019:local"));

	assert_string_equal(p[3].row, "2.1");
	assert_int_equal(p[3].kind, BUDGET_UNPARSEABLE);
	assert_int_equal(p[3].column, 0);
	assert_false(p[3].has_amounts);
	assert_string_equal(
	    p[3].message,
	    "Ô 2018:central của dòng 2.1 không phải là số tiền: «1.2.3»");

	assert_string_equal(p[4].row, "2.2");
	assert_int_equal(p[4].kind, BUDGET_NORM);
	assert_int_equal(p[4].column, -1);
	assert_int_equal(p[4].stated, 45 * M);
	assert_int_equal(p[4].computed, 40 * M);
	assert_string_equal(p[4].message,
	                    "Dòng 2.2: tổng ghi 45 nhưng đơn giá 20 × số "
	                    "lượng 2 = 40 (triệu đồng)");

	assert_string_equal(p[5].row, "total");
	assert_int_equal(p[5].kind, BUDGET_ROW_TOTAL);
	assert_int_equal(p[5].stated, 100 * M);
	assert_int_equal(p[5].computed, 95 * M);
	assert_int_equal(p[6].kind, BUDGET_GRAND_TOTAL);
	assert_int_equal(p[6].column, 1);
	assert_int_equal(p[6].stated, 45 * M);
	assert_int_equal(p[6].computed, 40 * M);
	assert_string_equal(p[6].message,
	                    "Dòng tổng cộng, cột 2019:local: ghi 45 nhưng "
	                    "cộng các dòng cấp trên cùng được 40 (triệu đồng)");

	/* every message of a kind differs from those of the other kinds */
	for (size_t i = 0; i < c.n; i++)
		for (size_t j = 0; j < c.n; j++)
			if (c.p[i].kind != c.p[j].kind)
				assert_string_not_equal(c.p[i].message,
				                        c.p[j].message);
}

static void test_unparseable_reasons(void **state)
{
	(void)state;
	struct budget_table t = parse_ok("row,unit_cost,quantity,stated_total,"
	                                 "2018:central,2018:local,"
	                                 "2018:mobilised\n"
	                                 "1,abc,3,x,\"1,1234567\",200.000.000,"
	                                 "(5)\n");
	struct checked c = check(&t);
	assert_int_equal(c.n, 5);
	/* unit_cost, stated_total, then the years */
	assert_int_equal(c.p[0].column, -3);
	assert_string_equal(
	    c.p[0].message,
	    "Ô đơn giá của dòng 1 không phải là số tiền: «abc»");
	assert_int_equal(c.p[1].column, -1);
	assert_int_equal(c.p[2].column, 0);
	assert_non_null(strstr(c.p[2].message, "6 chữ số thập phân"));
	assert_int_equal(c.p[3].column, 1);
	assert_non_null(strstr(c.p[3].message, "vượt quá mức tối đa"));
	assert_int_equal(c.p[4].column, 2);
	assert_non_null(strstr(c.p[4].message, "số âm"));
	for (size_t i = 0; i < c.n; i++) {
		assert_int_equal(c.p[i].kind, BUDGET_UNPARSEABLE);
		assert_false(c.p[i].has_amounts);
	}
	/* the raw text stays in the cell */
	assert_string_equal(t.lines[0].cells[1].bad, "200.000.000");
	assert_int_equal(t.lines[0].cells[1].vnd, 0);
}

static void test_norm(void **state)
{
	(void)state;
	struct budget_table t =
	    parse_ok("row,unit,unit_cost,quantity,stated_total,2018:central\n"
	             "1,xã/năm,20,52,,1.040\n" /* empty stated: the product */
	             "2,xã/năm,20,52,1.040,1.040\n"
	             "3,,20,,50,50\n" /* no quantity: no norm */
	             "4,,0,5,0,0\n"
	             "5,,100.000.000,2,,\n" /* product over the maximum */
	             "6,,\"0,5\",1.000.000,500.000,500.000\n");
	assert_true(t.has_norm);
	assert_string_equal(t.lines[0].unit, "xã/năm");
	assert_true(t.lines[0].has_unit_cost);
	assert_int_equal(t.lines[0].unit_cost.vnd, 20 * M);
	assert_int_equal(t.lines[0].quantity, 52);
	assert_int_equal(t.lines[0].stated.vnd, 1040 * M);
	assert_false(t.lines[2].has_quantity);
	assert_null(t.lines[2].unit);
	assert_int_equal(t.lines[4].stated.vnd, 0);
	struct checked c = check(&t);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.p[0].row, "5");
	assert_int_equal(c.p[0].kind, BUDGET_UNPARSEABLE);
	assert_int_equal(c.p[0].column, -3);
	assert_false(c.p[0].has_amounts);
	assert_non_null(strstr(c.p[0].message, "Đơn giá × số lượng"));

	/* without a stated_total column the norm still sets the total */
	t = parse_ok("row,unit_cost,quantity,2018:local\n1,\"1,5\",4,6\n");
	assert_int_equal(t.lines[0].stated.vnd, 6 * M);
	assert_int_equal(check(&t).n, 0);
}

static void test_empty_cells_and_skips(void **state)
{
	(void)state;
	/* an empty stated_total beside non-zero cells is a row_total */
	struct budget_table t =
	    parse_ok("row,stated_total,2018:central\n1,,5\n2,-,0\n");
	struct checked c = check(&t);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.p[0].kind, BUDGET_ROW_TOTAL);
	assert_int_equal(c.p[0].stated, 0);
	assert_int_equal(c.p[0].computed, 5 * M);

	/* without stated_total there is no row_total check */
	t = parse_ok("row,parent,2018:central\nI,,5\n1,I,5\n");
	assert_int_equal(check(&t).n, 0);

	/* a bad parent cell or a bad child cell skips that column only;
	 * a bad stated skips row_total and norm */
	t = parse_ok("row,parent,unit_cost,quantity,stated_total,"
	             "2018:central,2018:local\n"
	             "I,,,,9,x,1\n"
	             "1,I,2,3,y,4,2\n"
	             "2,I,,,3,y,3\n"
	             "total,,,,10,4,z\n");
	c = check(&t);
	/* I: unparseable 2018:central; row_total skipped (bad cell);
	 * parent_sum stated skipped (1's stated bad), 2018:central skipped
	 * (own bad), 2018:local 1 ≠ 5.
	 * 1: unparseable stated; row_total and norm skipped.
	 * 2: unparseable 2018:central.
	 * total: unparseable 2018:local; row_total skipped; grand_total
	 * stated 10 ≠ 9, 2018:central skipped (I bad), 2018:local own bad */
	assert_int_equal(c.n, 6);
	assert_int_equal(c.p[0].kind, BUDGET_UNPARSEABLE);
	assert_int_equal(c.p[1].kind, BUDGET_PARENT_SUM);
	assert_int_equal(c.p[1].column, 1);
	assert_int_equal(c.p[1].stated, 1 * M);
	assert_int_equal(c.p[1].computed, 5 * M);
	assert_int_equal(c.p[2].kind, BUDGET_UNPARSEABLE);
	assert_string_equal(c.p[2].row, "1");
	assert_int_equal(c.p[3].kind, BUDGET_UNPARSEABLE);
	assert_string_equal(c.p[3].row, "2");
	assert_int_equal(c.p[4].kind, BUDGET_UNPARSEABLE);
	assert_string_equal(c.p[4].row, "total");
	assert_int_equal(c.p[4].column, 1);
	assert_non_null(strstr(c.p[4].message, "của dòng tổng cộng"));
	assert_int_equal(c.p[5].kind, BUDGET_GRAND_TOTAL);
	assert_int_equal(c.p[5].column, -1);
	assert_int_equal(c.p[5].stated, 10 * M);
	assert_int_equal(c.p[5].computed, 9 * M);
}

static void test_order_and_truncation(void **state)
{
	(void)state;
	/* problems follow the lines' positions, not the tree */
	struct budget_table t = parse_ok("row,parent,stated_total,2018:local\n"
	                                 "1.1,1,1,2\n"
	                                 "1,,5,6\n"
	                                 "x,,a,1\n");
	struct checked c = check(&t);
	assert_int_equal(c.n, 5);
	assert_string_equal(c.p[0].row, "1.1");
	assert_int_equal(c.p[0].kind, BUDGET_ROW_TOTAL);
	assert_string_equal(c.p[1].row, "1");
	assert_int_equal(c.p[1].kind, BUDGET_ROW_TOTAL);
	assert_int_equal(c.p[2].kind, BUDGET_PARENT_SUM);
	assert_int_equal(c.p[2].column, -1);
	assert_int_equal(c.p[3].kind, BUDGET_PARENT_SUM);
	assert_int_equal(c.p[3].column, 0);
	assert_string_equal(c.p[4].row, "x");

	/* 1 000 problems exactly: not truncated; one more: truncated */
	size_t cap = 64 + 1100 * 16;
	char *csv = malloc(cap), *p = csv;
	p += sprintf(p, "row,2018:central\n");
	for (int i = 0; i < BUDGET_PROBLEMS_MAX; i++)
		p += sprintf(p, "%d,x\n", i);
	c = check(&(struct budget_table){0});
	assert_int_equal(c.n, 0);
	t = parse_ok(csv);
	c = check(&t);
	assert_int_equal(c.n, BUDGET_PROBLEMS_MAX);
	assert_false(c.truncated);
	sprintf(p, "last,y\n");
	t = parse_ok(csv);
	c = check(&t);
	assert_int_equal(c.n, BUDGET_PROBLEMS_MAX);
	assert_true(c.truncated);
	assert_string_equal(c.p[BUDGET_PROBLEMS_MAX - 1].row, "999");
	free(csv);
}

/* ---- computed amounts and summaries ------------------------------------- */

static const char *nested =
    "row,parent,project,stated_total,2018:central,2018:local,2019:central\n"
    "I,,1,999,999,0,0\n" /* stated wrongly: computed ignores it */
    "1,I,,0,0,0,0\n"
    "1.1,1,,3,1,2,0\n"
    "1.2,1,,4,0,0,4\n"
    "2,I,,\"0,5\",\"0,5\",,\n"
    "II,,,10,0,0,0\n"
    "3,II,2,6,6,0,0\n"
    "4,II,,4,0,4,bad\n"
    "III,,,7,7,,\n"
    "total,,,1,1,1,1\n";

static void test_computed(void **state)
{
	(void)state;
	struct budget_table t = parse_ok(nested);
	int iI = line_of(&t, "I"), i1 = line_of(&t, "1"),
	    i11 = line_of(&t, "1.1"), iII = line_of(&t, "II"),
	    i4 = line_of(&t, "4"), itot = line_of(&t, "total");
	assert_int_equal(budget_computed(&t, i11, 1), 2 * M);
	assert_int_equal(budget_computed(&t, i1, 0), 1 * M);
	assert_int_equal(budget_computed(&t, i1, 2), 4 * M);
	assert_int_equal(budget_computed(&t, i1, -1), 7 * M);
	assert_int_equal(budget_computed(&t, iI, 0), 1 * M + 500000);
	assert_int_equal(budget_computed(&t, iI, -1), 7 * M + 500000);
	assert_int_equal(budget_computed(&t, i4, 2), 0); /* bad: 0 */
	assert_int_equal(budget_computed(&t, iII, -1), 10 * M);
	assert_int_equal(budget_computed(&t, itot, 0), 14 * M + 500000);
	assert_int_equal(budget_computed(&t, itot, 1), 6 * M);
	assert_int_equal(budget_computed(&t, itot, 2), 4 * M);
	assert_int_equal(budget_computed(&t, itot, -1), 24 * M + 500000);

	/* the one-pass fill agrees with the cell-by-cell answer */
	size_t w = t.ncolumns + 1;
	int64_t *all = arena_alloc(arena, t.nlines * w * sizeof *all);
	budget_computed_all(&t, all);
	for (size_t i = 0; i < t.nlines; i++)
		for (int c = -1; c < (int)t.ncolumns; c++)
			assert_int_equal(all[i * w + (size_t)c + 1],
			                 budget_computed(&t, (int)i, c));
}

static void test_summary(void **state)
{
	(void)state;
	struct budget_table t = parse_ok(nested);
	struct budget_summary s;
	budget_summarise(&t, arena, &s);
	size_t w = t.ncolumns + 1;
	/* project 1: I and below; 2: line 3 (its own); other: 4 and III */
	assert_true(s.project_used[1]);
	assert_true(s.project_used[2]);
	assert_false(s.project_used[3]);
	assert_false(s.project_used[4]);
	assert_true(s.project_used[0]);
	assert_int_equal(s.general[1 * w + 0], 7 * M + 500000);
	assert_int_equal(s.general[1 * w + 1], 1 * M + 500000);
	assert_int_equal(s.general[1 * w + 2], 2 * M);
	assert_int_equal(s.general[1 * w + 3], 4 * M);
	assert_int_equal(s.general[2 * w + 0], 6 * M);
	assert_int_equal(s.general[2 * w + 1], 6 * M);
	assert_int_equal(s.general[0 * w + 0], 11 * M);
	assert_int_equal(s.general[0 * w + 1], 7 * M);
	assert_int_equal(s.general[0 * w + 2], 4 * M);
	assert_int_equal(s.general[3 * w + 0], 0);
	assert_int_equal(s.grand[0], 24 * M + 500000);
	assert_int_equal(s.grand[1], 14 * M + 500000);
	assert_int_equal(s.grand[2], 6 * M);
	assert_int_equal(s.grand[3], 4 * M);
	assert_int_equal(s.by_source[BUDGET_CENTRAL], 18 * M + 500000);
	assert_int_equal(s.by_source[BUDGET_LOCAL], 6 * M);
	assert_int_equal(s.by_source[BUDGET_MOBILISED], 0);
	assert_int_equal(s.nyears, 2);
	assert_int_equal(s.years[0], 2018);
	assert_int_equal(s.years[1], 2019);
	assert_int_equal(s.by_year[0], 20 * M + 500000);
	assert_int_equal(s.by_year[1], 4 * M);

	/* a top-level line without a project whose children have two:
	 * each child's leaves count for its own project */
	t = parse_ok("row,parent,project,2020:local\n"
	             "A,,,0\n"
	             "a1,A,3,5\n"
	             "a2,A,4,7\n"
	             "a3,A,,1\n");
	budget_summarise(&t, arena, &s);
	w = t.ncolumns + 1;
	assert_int_equal(s.general[3 * w + 1], 5 * M);
	assert_int_equal(s.general[4 * w + 1], 7 * M);
	assert_int_equal(s.general[0 * w + 1], 1 * M);
	assert_int_equal(s.grand[0], 13 * M);
	assert_int_equal(s.by_source[BUDGET_LOCAL], 13 * M);
}

static void test_saturation(void **state)
{
	(void)state;
	/* 90 columns at the maximum over many lines pass int64 as a line
	 * total: the sum stays at INT64_MAX instead of wrapping */
	char *csv = malloc(2048 + 1100 * 1000), *p = csv;
	p += sprintf(p, "row,parent");
	for (int y = 2000; y < 2030; y++)
		for (int s = 0; s < BUDGET_SOURCES; s++)
			p += sprintf(p, ",%d:%s", y, budget_source_name(s));
	p += sprintf(p, "\nI,");
	for (int c = 0; c < 90; c++)
		*p++ = ',';
	*p++ = '\n';
	for (int i = 0; i < 1100; i++) {
		p += sprintf(p, "%d,I", i);
		for (int c = 0; c < 90; c++)
			p += sprintf(p, ",100000000");
		*p++ = '\n';
	}
	*p = '\0';
	struct budget_table t = parse_ok(csv);
	int64_t v = budget_computed(&t, 0, -1);
	assert_true(v == INT64_MAX);
	assert_int_equal(budget_computed(&t, 0, 0), 1100 * BUDGET_AMOUNT_MAX);
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean_table),
	    cmocka_unit_test(test_each_kind),
	    cmocka_unit_test(test_unparseable_reasons),
	    cmocka_unit_test(test_norm),
	    cmocka_unit_test(test_empty_cells_and_skips),
	    cmocka_unit_test(test_order_and_truncation),
	    cmocka_unit_test(test_computed),
	    cmocka_unit_test(test_summary),
	    cmocka_unit_test(test_saturation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
