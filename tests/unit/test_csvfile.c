/*
 * test_csvfile.c — CSV rows over libcsv: fields, quotes, embedded
 * newlines with their line numbers, CRLF, BOM, blank lines, stopping from
 * the callback, parse errors and reading from a file; the writer's
 * quoting, formula guard and CRLF, and its rows read back by the reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/csvfile.h"

#define MAX_ROWS 16

/* What the callback saw, flattened to "line:f1|f2|…" per row. */
struct seen {
	int nrows;
	char rows[MAX_ROWS][256];
	int stop_after; /* stop with 7 after this many rows; 0 = never */
};

static int record_row(void *ctx, long line, size_t nfields,
                      const char *const *fields)
{
	struct seen *s = ctx;
	assert_true(s->nrows < MAX_ROWS);
	char *out = s->rows[s->nrows++];
	int n = snprintf(out, 256, "%ld:", line);
	for (size_t i = 0; i < nfields; i++)
		n += snprintf(out + n, 256 - (size_t)n, "%s%s", i ? "|" : "",
		              fields[i]);
	return s->stop_after != 0 && s->nrows == s->stop_after ? 7 : 0;
}

static int parse(const char *data, struct seen *s, char **err)
{
	return csvfile_parse(data, strlen(data), record_row, s, err);
}

static void simple_rows(void **state)
{
	(void)state;
	struct seen s = {0};
	char *err = NULL;
	assert_int_equal(parse("code,name\n62,Kon Tum\n608,Đắk Tô\n", &s, &err),
	                 0);
	assert_null(err);
	assert_int_equal(s.nrows, 3);
	assert_string_equal(s.rows[0], "1:code|name");
	assert_string_equal(s.rows[1], "2:62|Kon Tum");
	assert_string_equal(s.rows[2], "3:608|Đắk Tô");
}

static void last_row_without_newline(void **state)
{
	(void)state;
	struct seen s = {0};
	assert_int_equal(parse("a,b\n1,2", &s, NULL), 0);
	assert_int_equal(s.nrows, 2);
	assert_string_equal(s.rows[1], "2:1|2");
}

static void empty_fields_and_empty_input(void **state)
{
	(void)state;
	struct seen s = {0};
	assert_int_equal(parse("a,,c\n,,\n", &s, NULL), 0);
	assert_int_equal(s.nrows, 2);
	assert_string_equal(s.rows[0], "1:a||c");
	assert_string_equal(s.rows[1], "2:||");
	struct seen none = {0};
	assert_int_equal(csvfile_parse("", 0, record_row, &none, NULL), 0);
	assert_int_equal(none.nrows, 0);
}

static void quoted_fields(void **state)
{
	(void)state;
	struct seen s = {0};
	assert_int_equal(
	    parse("name,note\n\"Nguyễn, Văn A\",\"said \"\"hi\"\"\"\n", &s,
	          NULL),
	    0);
	assert_string_equal(s.rows[1], "2:Nguyễn, Văn A|said \"hi\"");
}

static void embedded_newlines_keep_line_numbers(void **state)
{
	(void)state;
	struct seen s = {0};
	assert_int_equal(parse("h1,h2\n"
	                       "1,\"two\nlines\"\n"
	                       "2,\"three\n\nlines\"\n"
	                       "3,after\n",
	                       &s, NULL),
	                 0);
	assert_int_equal(s.nrows, 4);
	assert_string_equal(s.rows[1], "2:1|two\nlines");
	assert_string_equal(s.rows[2], "4:2|three\n\nlines");
	assert_string_equal(s.rows[3], "7:3|after");
}

static void crlf_line_ends(void **state)
{
	(void)state;
	struct seen s = {0};
	assert_int_equal(parse("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n", &s, NULL), 0);
	assert_int_equal(s.nrows, 3);
	assert_string_equal(s.rows[0], "1:a|b");
	assert_string_equal(s.rows[1], "2:1|x\r\ny");
	assert_string_equal(s.rows[2], "4:2|z");
}

static void bom_is_stripped(void **state)
{
	(void)state;
	struct seen s = {0};
	assert_int_equal(parse("\xEF\xBB\xBF"
	                       "code,name\n62,Kon Tum\n",
	                       &s, NULL),
	                 0);
	assert_string_equal(s.rows[0], "1:code|name");
	struct seen bom_only = {0};
	assert_int_equal(parse("\xEF\xBB\xBF", &bom_only, NULL), 0);
	assert_int_equal(bom_only.nrows, 0);
}

static void blank_lines_are_skipped_but_counted(void **state)
{
	(void)state;
	struct seen s = {0};
	assert_int_equal(parse("a\n\n\nb\n", &s, NULL), 0);
	assert_int_equal(s.nrows, 2);
	assert_string_equal(s.rows[1], "4:b");
}

static void callback_stops_reading(void **state)
{
	(void)state;
	struct seen s = {.stop_after = 2};
	assert_int_equal(parse("a\nb\nc\nd\n", &s, NULL), 7);
	assert_int_equal(s.nrows, 2);
	struct seen last = {.stop_after = 2};
	assert_int_equal(parse("a\nb", &last, NULL), 7);
}

static void parse_errors(void **state)
{
	(void)state;
	struct seen s = {0};
	char *err = NULL;
	assert_int_equal(parse("a,b\n1,\"unterminated\n", &s, &err), -1);
	assert_non_null(err);
	free(err);
	struct seen t = {0};
	err = NULL;
	assert_int_equal(parse("a,b\n1,2\nx\"y,3\n", &t, &err), -1);
	assert_non_null(err);
	assert_memory_equal(err, "line 3:", 7);
	assert_int_equal(t.nrows, 2);
	free(err);
	struct seen u = {0};
	assert_int_equal(parse("\"a\"b,c\n", &u, NULL), -1);
}

static void reads_a_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_csvfile_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char body[] = "\xEF\xBB\xBF"
	                    "code,name\r\n62,\"Kon\r\nTum\"\r\n608,Đắk Tô";
	assert_int_equal(write(fd, body, sizeof body - 1), sizeof body - 1);
	close(fd);
	struct seen s = {0};
	char *err = NULL;
	assert_int_equal(csvfile_read(path, record_row, &s, &err), 0);
	assert_null(err);
	assert_int_equal(s.nrows, 3);
	assert_string_equal(s.rows[1], "2:62|Kon\r\nTum");
	assert_string_equal(s.rows[2], "4:608|Đắk Tô");
	unlink(path);
}

static void missing_file_is_an_error(void **state)
{
	(void)state;
	struct seen s = {0};
	char *err = NULL;
	assert_int_equal(
	    csvfile_read("/nonexistent/x.csv", record_row, &s, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "/nonexistent/x.csv"));
	free(err);
}

/* ---- the writer ---------------------------------------------------- */

/* The bytes csvfile_write_row writes for cells, as a string (freed by
 * the caller). */
static char *written(const char *const *cells, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	csvfile_write_row(out, cells, n);
	assert_int_equal(fclose(out), 0);
	return buf;
}

static void writer_plain_cells_and_crlf(void **state)
{
	(void)state;
	const char *cells[] = {"62", "Kon Tum", NULL, "", "43.200"};
	char *s = written(cells, 5);
	assert_string_equal(s, "62,Kon Tum,,,43.200\r\n");
	free(s);
	const char *one[] = {"row"};
	s = written(one, 1);
	assert_string_equal(s, "row\r\n");
	free(s);
}

static void writer_quotes_what_needs_it(void **state)
{
	(void)state;
	const char *cells[] = {"0,5",   "say \"hi\"", "two\nlines",
	                       " lead", "trail ",     "cr\rin"};
	char *s = written(cells, 6);
	assert_string_equal(s, "\"0,5\",\"say \"\"hi\"\"\",\"two\nlines\","
	                       "\" lead\",\"trail \",\"cr\rin\"\r\n");
	free(s);
}

static void writer_guards_formulas(void **state)
{
	(void)state;
	const char *cells[] = {"=1+1", "+7", "-", "@SUM(A1)", "\tx", "a=b"};
	char *s = written(cells, 6);
	/* The tab also needs quotes (a space at an end); the guard goes
	 * inside them; '=' later in a cell is harmless. */
	assert_string_equal(s, "'=1+1,'+7,'-,'@SUM(A1),\"'\tx\",a=b\r\n");
	free(s);
	const char *comma[] = {"-1,5"};
	s = written(comma, 1);
	assert_string_equal(s, "\"'-1,5\"\r\n");
	free(s);
}

static void writer_rows_read_back(void **state)
{
	(void)state;
	const char *cells[] = {"2.1", "Nội dung, \"chi tiết\"", "x\ny", "",
	                       " sp "};
	char *s = written(cells, 5);
	struct seen seen = {0};
	char *err = NULL;
	assert_int_equal(parse(s, &seen, &err), 0);
	assert_null(err);
	assert_int_equal(seen.nrows, 1);
	assert_string_equal(seen.rows[0],
	                    "1:2.1|Nội dung, \"chi tiết\"|x\ny|| sp ");
	free(s);
	/* A guarded cell reads back with its apostrophe: the importers, not
	 * the reader, drop it. */
	const char *guarded[] = {"-", "=A1"};
	s = written(guarded, 2);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(parse(s, &seen, &err), 0);
	assert_string_equal(seen.rows[0], "1:'-|'=A1");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(simple_rows),
	    cmocka_unit_test(last_row_without_newline),
	    cmocka_unit_test(empty_fields_and_empty_input),
	    cmocka_unit_test(quoted_fields),
	    cmocka_unit_test(embedded_newlines_keep_line_numbers),
	    cmocka_unit_test(crlf_line_ends),
	    cmocka_unit_test(bom_is_stripped),
	    cmocka_unit_test(blank_lines_are_skipped_but_counted),
	    cmocka_unit_test(callback_stops_reading),
	    cmocka_unit_test(parse_errors),
	    cmocka_unit_test(reads_a_file),
	    cmocka_unit_test(missing_file_is_an_error),
	    cmocka_unit_test(writer_plain_cells_and_crlf),
	    cmocka_unit_test(writer_quotes_what_needs_it),
	    cmocka_unit_test(writer_guards_formulas),
	    cmocka_unit_test(writer_rows_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
