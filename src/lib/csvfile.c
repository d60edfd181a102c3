/*
 * csvfile.c — RFC 4180 rows over libcsv, and the writer; see csvfile.h.
 *
 * libcsv runs in strict mode (a stray quote or an unterminated quoted
 * field is an error) and, as libcsv always does, trims spaces around
 * unquoted fields and skips blank lines.  A UTF-8 byte order mark at the
 * very start is dropped.
 *
 * Line numbers: libcsv reports no positions, so the input is fed to it
 * one physical line (up to and including '\n') at a time.  When a row
 * ends, `line` is the line holding its terminator; the '\n's inside its
 * quoted fields say how many lines it spans, so its first line is
 * line - embedded newlines.  That is exact for LF and CRLF files; a file
 * using lone CR as line ends counts as one line.
 *
 * Ownership: the row under construction lives in malloc'd buffers of the
 * reader, reused from row to row and freed when reading ends; the callback
 * sees them only during its call.  Allocation failure aborts, as the arena
 * does.
 */
#include "lib/csvfile.h"

#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_READ_BLOCK 65536
static const char utf8_bom[] = "\xEF\xBB\xBF";

struct csv_reader {
	struct csv_parser parser;
	csvfile_row_fn fn;
	void *ctx;
	long line;         /* physical line being fed, 1-based */
	long row_newlines; /* '\n's inside the current row's fields */
	char *bytes;       /* current row's fields, each NUL-terminated */
	size_t bytes_len, bytes_cap;
	size_t *field_offset; /* where each field starts in bytes */
	const char **fields;  /* pointers handed to fn, rebuilt per row */
	size_t nfields, fields_cap;
	int stopped;  /* fn's non-zero answer; later rows ignored */
	bool started; /* first bytes seen (BOM checked) */
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL)
		abort();
	return p;
}

static void on_field(void *s, size_t len, void *data)
{
	struct csv_reader *r = data;
	if (r->stopped)
		return;
	if (r->nfields == r->fields_cap) {
		r->fields_cap = r->fields_cap ? 2 * r->fields_cap : 16;
		r->field_offset = xrealloc(
		    r->field_offset, r->fields_cap * sizeof *r->field_offset);
		r->fields =
		    xrealloc(r->fields, r->fields_cap * sizeof *r->fields);
	}
	if (r->bytes_cap - r->bytes_len < len + 1) {
		while (r->bytes_cap - r->bytes_len < len + 1)
			r->bytes_cap = r->bytes_cap ? 2 * r->bytes_cap : 256;
		r->bytes = xrealloc(r->bytes, r->bytes_cap);
	}
	r->field_offset[r->nfields++] = r->bytes_len;
	char *dst = r->bytes + r->bytes_len;
	if (len > 0)
		memcpy(dst, s, len);
	dst[len] = '\0';
	r->bytes_len += len + 1;
	for (size_t i = 0; i < len; i++)
		if (dst[i] == '\n')
			r->row_newlines++;
}

static void on_row(int terminator, void *data)
{
	(void)terminator;
	struct csv_reader *r = data;
	if (r->stopped)
		return;
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->bytes + r->field_offset[i];
	r->stopped =
	    r->fn(r->ctx, r->line - r->row_newlines, r->nfields, r->fields);
	r->nfields = 0;
	r->bytes_len = 0;
	r->row_newlines = 0;
}

static void reader_init(struct csv_reader *r, csvfile_row_fn fn, void *ctx)
{
	memset(r, 0, sizeof *r);
	if (csv_init(&r->parser,
	             CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort(); /* libcsv's initial buffer could not be allocated */
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
}

static void reader_free(struct csv_reader *r)
{
	csv_free(&r->parser);
	free(r->bytes);
	free(r->field_offset);
	free(r->fields);
}

static int parse_error(struct csv_reader *r, char **err)
{
	if (err != NULL && asprintf(err, "line %ld: %s", r->line,
	                            csv_strerror(csv_error(&r->parser))) < 0)
		abort();
	return -1;
}

/* Feeds len bytes, one physical line at a time; -1 on a parse error. */
static int reader_feed(struct csv_reader *r, const char *data, size_t len,
                       char **err)
{
	if (!r->started && len > 0) {
		r->started = true;
		if (len >= 3 && memcmp(data, utf8_bom, 3) == 0) {
			data += 3;
			len -= 3;
		}
	}
	while (len > 0 && !r->stopped) {
		const char *nl = memchr(data, '\n', len);
		size_t piece = nl != NULL ? (size_t)(nl - data) + 1 : len;
		if (csv_parse(&r->parser, data, piece, on_field, on_row, r) !=
		    piece)
			return parse_error(r, err);
		if (nl != NULL)
			r->line++;
		data += piece;
		len -= piece;
	}
	return 0;
}

/* Flushes a last row with no line end; the reader's final answer. */
static int reader_finish(struct csv_reader *r, char **err)
{
	if (r->stopped)
		return r->stopped;
	if (csv_fini(&r->parser, on_field, on_row, r) != 0)
		return parse_error(r, err);
	return r->stopped;
}

int csvfile_parse(const char *data, size_t len, csvfile_row_fn fn, void *ctx,
                  char **err)
{
	assert(data != NULL || len == 0);
	assert(fn != NULL);
	if (err != NULL)
		*err = NULL;
	struct csv_reader r;
	reader_init(&r, fn, ctx);
	int rc = reader_feed(&r, data, len, err);
	if (rc == 0)
		rc = reader_finish(&r, err);
	reader_free(&r);
	return rc;
}

int csvfile_read(const char *path, csvfile_row_fn fn, void *ctx, char **err)
{
	assert(path != NULL && fn != NULL);
	if (err != NULL)
		*err = NULL;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		if (err != NULL &&
		    asprintf(err, "%s: %s", path, strerror(errno)) < 0)
			abort();
		return -1;
	}
	char *block = malloc(CSV_READ_BLOCK);
	if (block == NULL)
		abort();
	struct csv_reader r;
	reader_init(&r, fn, ctx);
	int rc = 0;
	size_t n;
	while (rc == 0 && !r.stopped &&
	       (n = fread(block, 1, CSV_READ_BLOCK, f)) > 0)
		rc = reader_feed(&r, block, n, err);
	if (rc == 0 && !r.stopped && ferror(f)) {
		if (err != NULL && asprintf(err, "%s: read error", path) < 0)
			abort();
		rc = -1;
	}
	if (rc == 0)
		rc = reader_finish(&r, err);
	reader_free(&r);
	free(block);
	fclose(f);
	return rc;
}

/* ---- writing ---------------------------------------------------------- */

void csvfile_write_cell(FILE *out, const char *s, bool first)
{
	if (!first)
		fputc(',', out);
	if (s == NULL || *s == '\0')
		return;
	size_t n = strlen(s);
	bool quote = s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
	             s[n - 1] == '\t' || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', out);
	if (strchr(CSV_GUARDED_FIRST, s[0]) != NULL)
		fputc('\'', out);
	if (!quote) {
		fwrite(s, 1, n, out);
		return;
	}
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

void csvfile_write_row(FILE *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csvfile_write_cell(out, cells[i], i == 0);
	fputs("\r\n", out);
}
