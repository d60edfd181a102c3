/*
 * store_copy_rows.c — the rows of store_migrate_to (store_copy.h): a
 * SQLite table sent to PostgreSQL with COPY FROM STDIN, and read back
 * with COPY TO STDOUT, each side checksummed.
 *
 * Every row travels as one line of COPY's text format, built from the
 * SQLite values: NULL as \N, integers in decimal, floating-point numbers
 * in the shortest text that reads back as the same double, text with
 * backslash, backspace, form feed, newline, carriage return, tab and
 * vertical tab escaped — the same escapes PostgreSQL's COPY TO writes.  The
 * line is also what is checksummed on the source side; on the target side
 * COPY TO gives the same line for the same row, once its floating-point
 * fields are put back into the same shortest form (PostgreSQL has its own
 * way of printing them).  The checksum of a table is order-free (a sum of
 * 64-bit FNV-1a hashes of its lines, and a mixed xor of them, as
 * store_compare_files does), so neither side has to sort a table that may
 * hold millions of rows.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_copy_int.h"

#define FLUSH_BYTES (256 * 1024) /* COPY data sent per PQputCopyData */

/* ---- text ------------------------------------------------------------ */

static void buf_need(struct buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 64 * 1024;

	if (b->len + more <= b->cap)
		return;
	while (cap < b->len + more)
		cap *= 2;
	if ((b->p = realloc(b->p, cap)) == NULL)
		abort();
	b->cap = cap;
}

void copy_buf_add(struct buf *b, const char *s, size_t n)
{
	buf_need(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* s as a COPY text field: the escapes PostgreSQL's COPY TO writes. */
static void buf_add_escaped(struct buf *b, const unsigned char *s, size_t n)
{
	char *o;

	buf_need(b, 2 * n);
	o = b->p + b->len;
	for (size_t i = 0; i < n; i++) {
		char e = 0;

		switch (s[i]) {
		case '\\': e = '\\'; break;
		case '\b': e = 'b'; break;
		case '\f': e = 'f'; break;
		case '\n': e = 'n'; break;
		case '\r': e = 'r'; break;
		case '\t': e = 't'; break;
		case '\v': e = 'v'; break;
		}
		if (e != 0) {
			*o++ = '\\';
			*o++ = e;
		} else {
			*o++ = (char)s[i];
		}
	}
	b->len = (size_t)(o - b->p);
}

/* The shortest decimal text that reads back as v (PostgreSQL reads
 * "Infinity" and "NaN"). */
static void format_double(char out[32], double v)
{
	if (isnan(v)) {
		strcpy(out, "NaN");
		return;
	}
	if (isinf(v)) {
		strcpy(out, v < 0 ? "-Infinity" : "Infinity");
		return;
	}
	for (int p = 1; p <= 17; p++) {
		snprintf(out, 32, "%.*g", p, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

static void sum_add(struct row_sum *s, const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	s->rows++;
	s->sum += h;
	s->mix ^= h * 0x9e3779b97f4a7c15ULL + (h >> 29);
}

/* ---- copying and reading back ---------------------------------------- */

static bool put(struct copy *c, const char *what)
{
	if (c->line.len > 0 &&
	    PQputCopyData(c->pg, c->line.p, (int)c->line.len) != 1)
		return copy_pg_fail(c, NULL, what);
	c->line.len = 0;
	return true;
}

/* Ends a COPY: its result, and the connection ready for the next. */
static bool copy_result(struct copy *c, const char *what)
{
	PGresult *res;
	bool ok = true;

	while ((res = PQgetResult(c->pg)) != NULL) {
		if (ok && PQresultStatus(res) != PGRES_COMMAND_OK)
			ok = copy_pg_fail(c, res, what);
		PQclear(res);
	}
	return ok;
}

static bool copy_start(struct copy *c, const char *sql, ExecStatusType want,
                       const char *what)
{
	PGresult *res = PQexec(c->pg, sql);
	bool ok = PQresultStatus(res) == want;

	if (!ok)
		copy_pg_fail(c, res, what);
	PQclear(res);
	return ok;
}

/* One row of the source as a COPY line in c->line, summed into t->src. */
static void add_row(struct copy *c, struct table *t, sqlite3_stmt *s)
{
	struct buf *b = &c->line;
	size_t start = b->len;
	char num[32];

	for (int i = 0; i < t->ncols; i++) {
		if (i > 0)
			copy_buf_add(b, "\t", 1);
		switch (sqlite3_column_type(s, i)) {
		case SQLITE_NULL: copy_buf_add(b, "\\N", 2); break;
		case SQLITE_INTEGER:
			snprintf(num, sizeof num, "%" PRId64,
			         (int64_t)sqlite3_column_int64(s, i));
			copy_buf_add(b, num, strlen(num));
			break;
		case SQLITE_FLOAT:
			format_double(num, sqlite3_column_double(s, i));
			copy_buf_add(b, num, strlen(num));
			break;
		default: /* text, or bytes stored as a blob: as text */
			buf_add_escaped(b, sqlite3_column_blob(s, i),
			                (size_t)sqlite3_column_bytes(s, i));
		}
	}
	sum_add(&t->src, b->p + start, b->len - start);
	copy_buf_add(b, "\n", 1);
}

bool copy_load_table(struct copy *c, struct table *t)
{
	char *select = copy_errf("SELECT %s FROM %s", t->collist, t->quoted);
	/* FREEZE: the table was emptied in this transaction, so its rows
	 * can be written frozen and all-visible, and neither the verify's
	 * read nor the first VACUUM rewrites every page to mark them. */
	char *copy =
	    copy_errf("COPY %s (%s) FROM STDIN%s", t->quoted, t->collist,
	              t->partitioned ? "" : " WITH (FREEZE)");
	char *what = copy_errf("cannot load table %s", t->name);
	sqlite3_stmt *s = NULL;
	bool ok = false;
	int rc = SQLITE_ERROR;

	if (sqlite3_prepare_v2(c->lite, select, -1, &s, NULL) != SQLITE_OK) {
		copy_fail(c, copy_errf("cannot read table %s of the source: %s",
		                       t->name, sqlite3_errmsg(c->lite)));
		goto out;
	}
	if (!copy_start(c, copy, PGRES_COPY_IN, what))
		goto out;
	c->line.len = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		add_row(c, t, s);
		if (c->line.len >= FLUSH_BYTES && !put(c, what))
			break;
	}
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			copy_fail(
			    c,
			    copy_errf("cannot read table %s of the source: %s",
			              t->name, sqlite3_errmsg(c->lite)));
		PQputCopyEnd(c->pg, "the source could not be read");
		copy_result(c, what);
		goto out;
	}
	ok = put(c, what);
	if (PQputCopyEnd(c->pg, ok ? NULL : "the copy failed") != 1)
		ok = copy_pg_fail(c, NULL, what);
	ok = copy_result(c, what) && ok;
out:
	sqlite3_finalize(s);
	free(select);
	free(copy);
	free(what);
	return ok;
}

/* The line of COPY TO in its canonical form (floating-point fields
 * printed as the source side prints them) summed into t->dst. */
static void sum_target_line(struct copy *c, struct table *t, const char *p,
                            size_t n)
{
	struct buf *b = &c->line;
	bool any_float = false;
	int col = 0;

	for (int i = 0; i < t->ncols; i++)
		any_float |= t->is_float[i];
	if (!any_float) {
		sum_add(&t->dst, p, n);
		return;
	}
	b->len = 0;
	for (size_t i = 0; i <= n; col++) {
		size_t end = i;
		char field[32], num[32];

		while (end < n && p[end] != '\t')
			end++;
		if (col < t->ncols && t->is_float[col] && end - i < 32 &&
		    !(end - i == 2 && p[i] == '\\' && p[i + 1] == 'N')) {
			memcpy(field, p + i, end - i);
			field[end - i] = '\0';
			format_double(num, strtod(field, NULL));
			copy_buf_add(b, num, strlen(num));
		} else {
			copy_buf_add(b, p + i, end - i);
		}
		if (end < n)
			copy_buf_add(b, "\t", 1);
		i = end + 1;
	}
	sum_add(&t->dst, b->p, b->len);
}

bool copy_read_back(struct copy *c, struct table *t)
{
	char *copy = copy_errf("COPY %s (%s) TO STDOUT", t->quoted, t->collist);
	char *what = copy_errf("cannot read table %s back", t->name);
	char *row;
	int n;
	bool ok = copy_start(c, copy, PGRES_COPY_OUT, what);

	while (ok && (n = PQgetCopyData(c->pg, &row, 0)) > 0) {
		size_t len = (size_t)n;

		if (row[len - 1] == '\n')
			len--;
		sum_target_line(c, t, row, len);
		PQfreemem(row);
	}
	if (ok)
		ok = copy_result(c, what);
	free(copy);
	free(what);
	return ok;
}
