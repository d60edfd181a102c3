/*
 * test_budget.c — budget tables (domain/budget.h, docs/budget.md): the
 * amount notation and its output, the CSV read into a linked table with
 * every 422 case and its line number, the four checks and norm with their
 * amounts, order and truncation, computed amounts over nested lines, and
 * the summaries by project, source and year.
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

/* The error of a CSV that must be refused; its message must be there. */
static struct budget_error parse_fails(const char *csv)
{
	struct budget_table t;
	struct budget_error err;
	assert_int_equal(budget_table_parse(csv, strlen(csv), arena, &t, &err),
	                 -1);
	assert_true(strlen(err.message) > 0);
	return err;
}

static int64_t amount(const char *s)
{
	int64_t v = -42;
	if (budget_amount_parse(s, &v) != 0)
		fail_msg("«%s» should be an amount", s);
	return v;
}

static bool refused(const char *s)
{
	int64_t v = 7;
	int rc = budget_amount_parse(s, &v);
	return rc == -1 && v == 7; /* *vnd untouched on refusal */
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

/* ---- amounts ------------------------------------------------------------ */

static void test_amount_notation(void **state)
{
	(void)state;
	assert_int_equal(amount("1.200"), 1200 * M);
	assert_int_equal(amount("0,5"), 500000);
	assert_int_equal(amount("43.200"), 43200 * M);
	assert_int_equal(amount("43200"), 43200 * M);
	assert_int_equal(amount("1.234.567,89"), 1234567890000LL);
	assert_int_equal(amount("12,345678"), 12345678);
	assert_int_equal(amount("0,000001"), 1);
	assert_int_equal(amount("7"), 7 * M);
	assert_int_equal(amount("0"), 0);
	/* zero: empty, dashes, blanks */
	assert_int_equal(amount(""), 0);
	assert_int_equal(amount("-"), 0);
	assert_int_equal(amount("–"), 0);
	assert_int_equal(amount("—"), 0);
	assert_int_equal(amount("   "), 0);
	assert_int_equal(amount(" - "), 0);
	/* blanks around, NBSP and narrow NBSP included; one apostrophe */
	assert_int_equal(amount("  18.000 "), 18000 * M);
	assert_int_equal(amount("\xC2\xA0"
	                        "5\xC2\xA0"),
	                 5 * M);
	assert_int_equal(amount("\xE2\x80\xAF"
	                        "2,5\xE2\x80\xAF"),
	                 2500000);
	assert_int_equal(amount("'1.200"), 1200 * M);
	assert_true(refused("''1.200"));
	/* an ungrouped integer part is any length; leading zeros harmless */
	assert_int_equal(amount("0000000000000000000000012"), 12 * M);
	/* the maximum, and one đồng over it */
	assert_int_equal(amount("100.000.000"), BUDGET_AMOUNT_MAX);
	assert_int_equal(amount("100000000"), BUDGET_AMOUNT_MAX);
	assert_true(refused("100.000.000,000001"));
	assert_true(refused("100000001"));
	assert_true(refused("99999999999999999999999999999"));
	/* not amounts */
	assert_true(refused("1.2.3"));
	assert_true(refused("12.34"));
	assert_true(refused("1.2345"));
	assert_true(refused("1234.567"));
	assert_true(refused("1,2,3"));
	assert_true(refused("1.200,"));
	assert_true(refused(",5"));
	assert_true(refused("1e3"));
	assert_true(refused("abc"));
	assert_true(refused("5 triệu"));
	assert_true(refused("1 200"));
	assert_true(refused("1,1234567")); /* a 7th decimal */
	assert_true(refused("0.500"));     /* an English 0.5, not 500 */
	assert_true(refused("."));
	/* negative amounts, in every spelling */
	assert_true(refused("-5"));
	assert_true(refused("-0,5"));
	assert_true(refused("(5)"));
	assert_true(refused("–5"));
	assert_true(refused("−5"));
	assert_int_equal(amount("-0"), 0);
	assert_int_equal(budget_amount_parse("2", NULL), 0);
}

static void test_amount_format(void **state)
{
	char buf[BUDGET_AMOUNT_TEXT];
	(void)state;
	assert_string_equal(budget_amount_format(43200 * M, buf, sizeof buf),
	                    "43.200");
	assert_string_equal(budget_amount_format(500000, buf, sizeof buf),
	                    "0,5");
	assert_string_equal(budget_amount_format(0, buf, sizeof buf), "0");
	assert_string_equal(budget_amount_format(1, buf, sizeof buf),
	                    "0,000001");
	assert_string_equal(budget_amount_format(999 * M, buf, sizeof buf),
	                    "999");
	assert_string_equal(
	    budget_amount_format(1234567890000LL, buf, sizeof buf),
	    "1.234.567,89");
	assert_string_equal(
	    budget_amount_format(BUDGET_AMOUNT_MAX, buf, sizeof buf),
	    "100.000.000");
	assert_string_equal(budget_amount_format(-17500 * M, buf, sizeof buf),
	                    "-17.500");
	assert_string_equal(budget_amount_format(INT64_MIN, buf, sizeof buf),
	                    "-9.223.372.036.854,775808");
	/* a short buffer is cut, still terminated */
	char small[4];
	assert_string_equal(
	    budget_amount_format(43200 * M, small, sizeof small), "43.");
}

static void test_amount_round_trip(void **state)
{
	char buf[BUDGET_AMOUNT_TEXT];
	int64_t fixed[] = {0,
	                   1,
	                   10,
	                   999999,
	                   M,
	                   M + 1,
	                   1000 * M,
	                   999999 * M + 999999,
	                   123456789 * 1000LL,
	                   BUDGET_AMOUNT_MAX - 1,
	                   BUDGET_AMOUNT_MAX};
	(void)state;
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		assert_int_equal(
		    amount(budget_amount_format(fixed[i], buf, sizeof buf)),
		    fixed[i]);
	/* many values of every size (an LCG, so the run is repeatable) */
	uint64_t x = 88172645463325252ULL;
	for (int i = 0; i < 20000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int64_t v =
		    (int64_t)((x >> 11) % (uint64_t)(BUDGET_AMOUNT_MAX + 1));
		v >>= (i % 48); /* small ones too */
		assert_int_equal(
		    amount(budget_amount_format(v, buf, sizeof buf)), v);
	}
}

static void test_sources(void **state)
{
	enum budget_source s;
	(void)state;
	assert_string_equal(budget_source_name(BUDGET_CENTRAL), "central");
	assert_string_equal(budget_source_name(BUDGET_LOCAL), "local");
	assert_string_equal(budget_source_name(BUDGET_MOBILISED), "mobilised");
	assert_null(budget_source_name(BUDGET_SOURCES));
	assert_int_equal(budget_source_parse("local", &s), 0);
	assert_int_equal(s, BUDGET_LOCAL);
	assert_int_equal(budget_source_parse("mobilised", &s), 0);
	assert_int_equal(s, BUDGET_MOBILISED);
	assert_int_equal(budget_source_parse("federal", &s), -1);
	assert_int_equal(budget_source_parse("", &s), -1);
	assert_int_equal(budget_source_parse(NULL, &s), -1);
	assert_string_equal(budget_problem_kind_name(BUDGET_UNPARSEABLE),
	                    "unparseable");
	assert_string_equal(budget_problem_kind_name(BUDGET_ROW_TOTAL),
	                    "row_total");
	assert_string_equal(budget_problem_kind_name(BUDGET_NORM), "norm");
	assert_string_equal(budget_problem_kind_name(BUDGET_PARENT_SUM),
	                    "parent_sum");
	assert_string_equal(budget_problem_kind_name(BUDGET_GRAND_TOTAL),
	                    "grand_total");
}

/* ---- the table ---------------------------------------------------------- */

static void test_table_read(void **state)
{
	(void)state;
	/* BOM, header blanks and case, CRLF, a quoted label over two
	 * lines, a blank record, trailing blank line */
	struct budget_table t = parse_ok(
	    "\xEF\xBB\xBF Row , PARENT,Label ,Stated_Total,2018:Central, "
	    "2019:LOCAL\r\n"
	    "I,,\"Dự án 1\r\nhai dòng\",30,10,20\r\n"
	    ",,,,,\r\n"
	    "1,I,Hoạt động,30,10,20\r\n"
	    "\r\n"
	    "'=2,I,'=SUM(A1),0,-,\r\n");
	assert_int_equal(t.nlines, 3);
	assert_int_equal(t.ncolumns, 2);
	assert_true(t.has_stated);
	assert_false(t.has_project);
	assert_false(t.has_norm);
	assert_int_equal(t.columns[0].year, 2018);
	assert_int_equal(t.columns[0].source, BUDGET_CENTRAL);
	assert_int_equal(t.columns[1].year, 2019);
	assert_int_equal(t.columns[1].source, BUDGET_LOCAL);
	assert_string_equal(t.lines[0].label, "Dự án 1\r\nhai dòng");
	assert_int_equal(t.lines[0].line, 2);
	assert_int_equal(t.lines[1].line, 5); /* the record starts on 5 */
	assert_int_equal(t.lines[2].line, 7);
	assert_string_equal(t.lines[1].row, "1");
	assert_string_equal(t.lines[1].parent, "I");
	assert_int_equal(t.lines[1].cells[1].vnd, 20 * M);
	/* our export's formula guard is dropped */
	assert_string_equal(t.lines[2].row, "=2");
	assert_string_equal(t.lines[2].label, "=SUM(A1)");
	assert_null(t.lines[0].parent);
	assert_int_equal(t.total_index, -1);

	/* only row is required; lines keep the file's order */
	t = parse_ok("row\nb\na\n");
	assert_int_equal(t.nlines, 2);
	assert_string_equal(t.lines[0].row, "b");
	assert_string_equal(t.lines[0].label, "");
	assert_false(t.has_stated);
	/* a header and nothing else is an empty table */
	t = parse_ok("row,stated_total\n");
	assert_int_equal(t.nlines, 0);
	assert_int_equal(check(&t).n, 0);
}

static void test_table_errors(void **state)
{
	struct budget_error e;
	(void)state;
	e = parse_fails("");
	assert_int_equal(e.line, 1);
	e = parse_fails("\n\n");
	assert_int_equal(e.line, 1);
	e = parse_fails("parent,label\n1,a\n");
	assert_int_equal(e.line, 1);
	assert_non_null(strstr(e.message, "row"));
	e = parse_fails("row,stated_totl\n");
	assert_int_equal(e.line, 1);
	assert_non_null(strstr(e.message, "stated_totl"));
	e = parse_fails("row,label,LABEL\n");
	assert_int_equal(e.line, 1);
	e = parse_fails("row,2018:central,2018:Central\n");
	assert_int_equal(e.line, 1);
	e = parse_fails("row,2018:federal\n");
	assert_non_null(strstr(e.message, "federal"));
	e = parse_fails("row,1999:central\n");
	assert_non_null(strstr(e.message, "1999"));
	e = parse_fails("row,2101:local\n");
	assert_int_equal(e.line, 1);
	e = parse_fails("row,label,\n");
	assert_int_equal(e.line, 1);
	parse_ok("row,2000:central,2100:mobilised\n");

	/* 90 year columns pass, 91 do not */
	char header[2048] = "row";
	for (int y = 2000; y < 2030; y++)
		for (int s = 0; s < BUDGET_SOURCES; s++)
			sprintf(header + strlen(header), ",%d:%s", y,
			        budget_source_name(s));
	strcat(header, "\n");
	assert_int_equal(parse_ok(header).ncolumns, 90);
	strcpy(header + strlen(header) - 1, ",2030:central\n");
	e = parse_fails(header);
	assert_int_equal(e.line, 1);

	e = parse_fails("row,label\n1,a\n2,b,c\n");
	assert_int_equal(e.line, 3);
	e = parse_fails("row,label\n1,a\n2\n");
	assert_int_equal(e.line, 3);
	e = parse_fails("row,label\n1,\"a\nb\"\n,x\n");
	assert_int_equal(e.line, 4); /* after a record over two lines */
	e = parse_fails("row,label\n1,a\n1,b\n");
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.message, "dòng 2"));
	e = parse_fails("row,parent\n1,\n2,9\n");
	assert_int_equal(e.line, 3);
	assert_string_equal(e.message,
	                    "Dòng 3: «parent» 9 không có trong bảng");
	e = parse_fails("row,parent\n1,3\n2,1\n3,2\n4,\n");
	assert_int_equal(e.line, 2);
	assert_non_null(strstr(e.message, "1 → 3 → 2 → 1"));
	e = parse_fails("row,parent\n1,1\n");
	assert_int_equal(e.line, 2);
	e = parse_fails("row,parent\ntotal,\n1,Total\n");
	assert_int_equal(e.line, 3);
	e = parse_fails("row,parent\n1,\ntotal,1\n");
	assert_int_equal(e.line, 3);
	e = parse_fails("row,parent\ntotal,\nTOTAL,\n");
	assert_int_equal(e.line, 3);
	e = parse_fails("row,project\n1,5\n");
	assert_int_equal(e.line, 2);
	e = parse_fails("row,project\n1,1\n2,x\n");
	assert_int_equal(e.line, 3);
	e = parse_fails("row,parent,project\nI,,1\n1,I,\n1.1,1,2\n");
	assert_int_equal(e.line, 4);
	e = parse_fails("row,quantity\n1,\"2,5\"\n");
	assert_int_equal(e.line, 2);
	e = parse_fails("row,quantity\n1,-3\n");
	assert_int_equal(e.line, 2);
	e = parse_fails("row,quantity\n1,1.2.3\n");
	assert_int_equal(e.line, 2);
	e = parse_fails("row\n\"a\n");
	assert_int_equal(e.line, 2);
	e = parse_fails("row,label\n1,\xC3\x28\n");
	assert_int_equal(e.line, 2);
	e = parse_fails("row,label\n\"\",x\n");
	assert_int_equal(e.line, 2);
	struct budget_table t;
	assert_int_equal(budget_table_parse("row\n1\n2\0\n", 8, arena, &t, &e),
	                 -1);
	assert_int_equal(e.line, 3);

	/* a label of 1 000 characters passes, 1 001 do not */
	char *csv = malloc(4000);
	strcpy(csv, "row,label\n1,");
	for (int i = 0; i < BUDGET_LABEL_MAX; i++)
		strcat(csv, "đ");
	strcat(csv, "\n");
	parse_ok(csv);
	strcpy(csv + strlen(csv) - 1, "x\n");
	e = parse_fails(csv);
	assert_int_equal(e.line, 2);
	free(csv);

	/* 20 000 lines pass, 20 001 do not */
	size_t cap = 16 + (BUDGET_ROWS_MAX + 1) * 8;
	char *big = malloc(cap), *p = big;
	p += sprintf(p, "row\n");
	for (int i = 1; i <= BUDGET_ROWS_MAX; i++)
		p += sprintf(p, "%d\n", i);
	assert_int_equal(parse_ok(big).nlines, BUDGET_ROWS_MAX);
	sprintf(p, "x\n");
	e = parse_fails(big);
	assert_int_equal(e.line, BUDGET_ROWS_MAX + 2);
	free(big);
}

/* ---- linking ------------------------------------------------------------ */

static void test_link(void **state)
{
	(void)state;
	struct budget_table t = parse_ok("row,parent,project\n"
	                                 "1.1.1,1.1,\n" /* before its parent */
	                                 "I,,1\n"
	                                 "1,I,\n"
	                                 "1.1,1,1\n"
	                                 "II,,\n"
	                                 "2,II,3\n"
	                                 "Total,,\n");
	int i111 = line_of(&t, "1.1.1"), iI = line_of(&t, "I"),
	    i11 = line_of(&t, "1.1"), iII = line_of(&t, "II"),
	    i2 = line_of(&t, "2"), itot = line_of(&t, "Total");
	assert_int_equal(t.lines[i111].depth, 3);
	assert_int_equal(t.lines[i111].parent_index, i11);
	assert_int_equal(t.lines[iI].depth, 0);
	assert_int_equal(t.lines[iI].parent_index, -1);
	assert_int_equal(t.lines[i111].project_eff, 1); /* inherited */
	assert_int_equal(t.lines[i111].project, 0);
	assert_int_equal(t.lines[iII].project_eff, 0);
	assert_int_equal(t.lines[i2].project_eff, 3);
	assert_true(t.lines[i111].leaf);
	assert_false(t.lines[i11].leaf);
	assert_true(t.lines[i2].leaf);
	assert_int_equal(t.total_index, itot);
	assert_true(t.lines[itot].is_total);
	assert_false(t.lines[itot].leaf);

	/* a table built in memory links the same way */
	struct budget_line lines[3] = {{.row = "A", .project = 2},
	                               {.row = "B", .parent = "A"},
	                               {.row = "B", .parent = "A", .line = 9}};
	struct budget_table mem = {.lines = lines, .nlines = 2};
	struct budget_error err;
	assert_int_equal(budget_table_link(&mem, arena, &err), 0);
	assert_int_equal(lines[1].project_eff, 2);
	assert_int_equal(lines[1].depth, 1);
	mem.nlines = 3;
	assert_int_equal(budget_table_link(&mem, arena, &err), -1);
	assert_int_equal(err.line, 9);
}

static void test_columns(void **state)
{
	char buf[32];
	(void)state;
	struct budget_table t = parse_ok("row,2019:local,2018:mobilised\n");
	assert_string_equal(budget_column_name(&t, 0, buf, sizeof buf),
	                    "2019:local");
	assert_string_equal(budget_column_name(&t, 1, buf, sizeof buf),
	                    "2018:mobilised");
	assert_string_equal(budget_column_name(&t, -1, buf, sizeof buf),
	                    "stated_total");
	assert_string_equal(budget_column_name(&t, -3, buf, sizeof buf),
	                    "unit_cost");
	assert_int_equal(budget_column_find(&t, "2019:local"), 0);
	assert_int_equal(budget_column_find(&t, "2018:Mobilised"), 1);
	assert_int_equal(budget_column_find(&t, "stated_total"), -1);
	assert_int_equal(budget_column_find(&t, "2018:local"), -2);
	assert_int_equal(budget_column_find(&t, "2019:loca"), -2);
	assert_int_equal(budget_column_find(&t, "unit_cost"), -2);
	assert_int_equal(budget_column_find(&t, ""), -2);
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
	    cmocka_unit_test(test_amount_notation),
	    cmocka_unit_test(test_amount_format),
	    cmocka_unit_test(test_amount_round_trip),
	    cmocka_unit_test(test_sources),
	    cmocka_unit_test(test_table_read),
	    cmocka_unit_test(test_table_errors),
	    cmocka_unit_test(test_link),
	    cmocka_unit_test(test_columns),
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
