/*
 * test_budget_table.c — a budget table's CSV read into a linked table
 * (domain/budget.h, docs/budget.md §The table): header names, BOM, CRLF,
 * blank and multi-line records with their line numbers, the export's
 * formula guard, every 422 case with its line, links (depth, leaves,
 * inherited projects, the total line), column names, and random edits
 * of a table.
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
#include "lib/fold.h"

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

static int line_of(const struct budget_table *t, const char *row)
{
	for (size_t i = 0; i < t->nlines; i++)
		if (strcmp(t->lines[i].row, row) == 0)
			return (int)i;
	fail_msg("no row %s", row);
	return -1;
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
	struct budget_problem *p;
	size_t n;
	budget_check(&t, arena, &p, &n, NULL);
	assert_int_equal(n, 0);
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

/* Random edits of a table (bytes replaced, dropped, doubled; quotes,
 * commas, newlines, dots, multi-byte letters): every outcome is either a
 * refusal with a line and a UTF-8 message or a table whose problems
 * carry UTF-8 messages and whose computed cells agree both ways. */
static void test_random_edits(void **state)
{
	static const char seed[] =
	    "row,parent,label,project,unit,unit_cost,quantity,stated_total,"
	    "2018:central,2018:local,2019:mobilised\n"
	    "I,,Dự án 1,1,,,,\"1.200,5\",1.000,\"200,5\",0\n"
	    "1,I,\"Hoạt động\nhai dòng\",,xã/năm,20,52,1.040,1.040,-,\n"
	    "1.1,1,a,,,,,\"0,5\",\"0,5\",,\n"
	    "II,,Dự án 2,2,,,,3,1,1,1\n"
	    "total,,Tổng,,,,,\"1.203,5\",1.001,\"201,5\",1\n";
	static const char *const pieces[] = {"\"", ",", "\n",       ".", "-",
	                                     "đ",  "Ư", "\xC2\xA0", "'", "0"};
	char buf[1024];
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	int parsed = 0, refused = 0, with_problems = 0;
	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t n = strlen(seed);
		memcpy(buf, seed, n + 1);
		for (int e = 0; e < 1 + round % 4; e++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			size_t at = (size_t)(x >> 33) % n;
			const char *piece = pieces[(x >> 20) % 10];
			size_t k = strlen(piece);
			switch ((x >> 8) % 3) {
			case 0: /* replace a byte by a piece */
				if (n + k >= sizeof buf)
					break;
				memmove(buf + at + k, buf + at + 1, n - at);
				memcpy(buf + at, piece, k);
				n = n + k - 1;
				break;
			case 1: /* drop a byte */
				memmove(buf + at, buf + at + 1, n - at);
				n--;
				break;
			default: /* insert a piece */
				if (n + k >= sizeof buf)
					break;
				memmove(buf + at + k, buf + at, n - at + 1);
				memcpy(buf + at, piece, k);
				n += k;
				break;
			}
		}
		struct budget_table t;
		struct budget_error err;
		if (budget_table_parse(buf, n, arena, &t, &err) != 0) {
			assert_true(err.line >= 1);
			assert_true(err.message[0] != '\0');
			assert_true(text_valid(err.message));
			refused++;
			continue;
		}
		struct budget_problem *p;
		size_t np;
		bool truncated;
		budget_check(&t, arena, &p, &np, &truncated);
		assert_false(truncated);
		parsed++;
		with_problems += np > 0;
		for (size_t i = 0; i < np; i++)
			assert_true(text_valid(p[i].message));
		size_t w = t.ncolumns + 1;
		int64_t *all =
		    arena_alloc(arena, (t.nlines ? t.nlines : 1) * w * 8);
		budget_computed_all(&t, all);
		for (size_t i = 0; i < t.nlines; i++)
			for (int c = -1; c < (int)t.ncolumns; c++)
				assert_int_equal(
				    all[i * w + (size_t)(c + 1)],
				    budget_computed(&t, (int)i, c));
	}
	/* the edits reach every outcome */
	print_message("parsed %d (%d with problems), refused %d\n", parsed,
	              with_problems, refused);
	assert_true(parsed > 300 && with_problems > 300 && refused > 300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_read),
	    cmocka_unit_test(test_table_errors),
	    cmocka_unit_test(test_link),
	    cmocka_unit_test(test_columns),
	    cmocka_unit_test(test_random_edits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
