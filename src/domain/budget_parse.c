/*
 * budget_parse.c — a budget table's CSV (budget.h, docs/budget.md §The
 * table) read from a buffer into a struct budget_table, then linked by
 * budget.c; the amounts in its cells are budget_amount.c's.
 *
 * Decisions beyond the document:
 * - `quantity` is digits, optionally grouped by `.` in threes like an
 *   amount's integer part ("1.200"), at most BUDGET_AMOUNT_MAX;
 * - every cell must be UTF-8 without control characters (else 422 with
 *   the line): the table's text goes into JSON and the database as is;
 * - text cells (row, parent, label, unit) and the raw text of bad amounts
 *   are trimmed (spaces, U+00A0, U+202F) and lose the apostrophe our CSV
 *   exports put before a cell starting with one of CSV_GUARDED_FIRST, so
 *   import → export → import gives the same table;
 * - a record whose cells are all blank is skipped whatever its length;
 * - a NUL byte in the buffer is an error on its line (fields are C
 *   strings, so it would cut a cell without a word).
 *
 * Line numbers are csvfile_parse's: the physical line where a record
 * starts, so a record whose quoted label spans three lines takes three.
 */
#include "domain/budget.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/budget_int.h"
#include "lib/arena.h"
#include "lib/csvfile.h"
#include "lib/fold.h"

/* ---- the CSV ------------------------------------------------------------ */

enum role {
	ROLE_ROW,
	ROLE_PARENT,
	ROLE_LABEL,
	ROLE_STATED,
	ROLE_PROJECT,
	ROLE_UNIT,
	ROLE_UNIT_COST,
	ROLE_QUANTITY,
	ROLE_YEAR,
};

static const char *const role_names[] = {
    [ROLE_ROW] = "row",
    [ROLE_PARENT] = "parent",
    [ROLE_LABEL] = "label",
    [ROLE_STATED] = "stated_total",
    [ROLE_PROJECT] = "project",
    [ROLE_UNIT] = "unit",
    [ROLE_UNIT_COST] = "unit_cost",
    [ROLE_QUANTITY] = "quantity",
};
#define NAMED_ROLES (sizeof role_names / sizeof role_names[0])

struct reader {
	struct arena *arena;
	struct budget_table *t;
	struct budget_error *err;
	bool have_header;
	size_t nfields;
	enum role *role; /* per field */
	int *column;     /* per field: year column index for ROLE_YEAR */
	size_t lines_cap;
};

static int fail(struct budget_error *err, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fills err ("Dòng N: …" is the caller's text); returns 1 to stop. */
static int fail(struct budget_error *err, long line, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	/* a cut message must not end inside a character (JSON needs UTF-8) */
	n = strlen(err->message);
	if (n == sizeof err->message - 1) {
		size_t k = n;
		while (k > 0 &&
		       ((unsigned char)err->message[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0 &&
		    ((unsigned char)err->message[k - 1] & 0xC0) == 0xC0)
			err->message[k - 1] = '\0';
	}
	return 1;
}

/* The cell's text trimmed, without our exports' formula guard, in the
 * arena ("" when blank). */
static char *cell_text(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	budget_trim(&s, &n);
	if (n >= 2 && s[0] == '\'' && strchr(CSV_GUARDED_FIRST, s[1]) != NULL) {
		s++;
		n--;
	}
	return arena_strndup(a, s, n);
}

static bool record_blank(size_t nfields, const char *const *fields)
{
	for (size_t i = 0; i < nfields; i++) {
		const char *s = fields[i];
		size_t n = strlen(s);
		budget_trim(&s, &n);
		if (n > 0)
			return false;
	}
	return true;
}

/* "YYYY:source" → the year column, or a failure naming why. */
static int header_year(struct reader *r, long line, const char *name,
                       const char *colon, size_t field)
{
	struct budget_table *t = r->t;
	char clip[80];
	const char *shown = budget_clip(name, 60, clip);
	enum budget_source src;
	int year = 0;

	for (const char *p = name; p < colon; p++) {
		if (*p < '0' || *p > '9' || colon - name > 4)
			return fail(r->err, line,
			            "Dòng %ld: cột «%s» không có trong mẫu "
			            "bảng kinh phí",
			            line, shown);
		year = year * 10 + (*p - '0');
	}
	if (colon == name)
		return fail(
		    r->err, line,
		    "Dòng %ld: cột «%s» không có trong mẫu bảng kinh phí", line,
		    shown);
	if (year < BUDGET_YEAR_MIN || year > BUDGET_YEAR_MAX)
		return fail(r->err, line,
		            "Dòng %ld: cột «%s»: năm %d nằm ngoài khoảng "
		            "%d–%d",
		            line, shown, year, BUDGET_YEAR_MIN,
		            BUDGET_YEAR_MAX);
	if (budget_source_parse(colon + 1, &src) != 0)
		return fail(r->err, line,
		            "Dòng %ld: cột «%s»: nguồn vốn «%s» không có (chỉ "
		            "central, local hoặc mobilised)",
		            line, shown, budget_clip(colon + 1, 40, clip));
	for (size_t c = 0; c < t->ncolumns; c++)
		if (t->columns[c].year == year && t->columns[c].source == src)
			return fail(r->err, line,
			            "Dòng %ld: cột «%s» có hai lần", line,
			            shown);
	if (t->ncolumns == BUDGET_COLUMNS_MAX)
		return fail(r->err, line,
		            "Dòng %ld: có quá %d cột năm × nguồn vốn", line,
		            BUDGET_COLUMNS_MAX);
	t->columns[t->ncolumns].year = year;
	t->columns[t->ncolumns].source = src;
	r->role[field] = ROLE_YEAR;
	r->column[field] = (int)t->ncolumns++;
	return 0;
}

static int read_header(struct reader *r, long line, size_t nfields,
                       const char *const *fields)
{
	struct budget_table *t = r->t;
	bool seen[NAMED_ROLES] = {false};
	char clip[80];

	r->nfields = nfields;
	r->role = arena_alloc(r->arena, nfields * sizeof *r->role);
	r->column = arena_alloc(r->arena, nfields * sizeof *r->column);
	t->columns =
	    arena_alloc(r->arena, BUDGET_COLUMNS_MAX * sizeof *t->columns);
	for (size_t i = 0; i < nfields; i++) {
		const char *s = fields[i];
		size_t n = strlen(s);
		if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
		budget_trim(&s, &n);
		char *name = arena_strndup(r->arena, s, n);
		for (char *p = name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		const char *colon = strchr(name, ':');
		if (colon != NULL) {
			if (header_year(r, line, name, colon, i) != 0)
				return 1;
			continue;
		}
		size_t k = 0;
		while (k < NAMED_ROLES && strcmp(name, role_names[k]) != 0)
			k++;
		if (k == NAMED_ROLES) {
			if (*name == '\0')
				return fail(
				    r->err, line,
				    "Dòng %ld: cột thứ %zu không có tên", line,
				    i + 1);
			return fail(r->err, line,
			            "Dòng %ld: cột «%s» không có trong mẫu "
			            "bảng kinh phí",
			            line, budget_clip(name, 60, clip));
		}
		if (seen[k])
			return fail(r->err, line,
			            "Dòng %ld: cột «%s» có hai lần", line,
			            role_names[k]);
		seen[k] = true;
		r->role[i] = (enum role)k;
	}
	if (!seen[ROLE_ROW])
		return fail(r->err, line,
		            "Dòng %ld: dòng tiêu đề không có cột «row»", line);
	t->has_stated = seen[ROLE_STATED];
	t->has_project = seen[ROLE_PROJECT];
	t->has_norm =
	    seen[ROLE_UNIT] || seen[ROLE_UNIT_COST] || seen[ROLE_QUANTITY];
	r->have_header = true;
	return 0;
}

/* An amount cell: the value, or the raw text when it is not one. */
static struct budget_cell read_cell(struct arena *a, const char *s)
{
	struct budget_cell c = {0, NULL};
	if (budget_amount_parse(s, &c.vnd) != 0) {
		c.vnd = 0;
		c.bad = cell_text(a, s);
	}
	return c;
}

static struct budget_line *new_line(struct reader *r)
{
	struct budget_table *t = r->t;
	if (t->nlines == r->lines_cap) {
		size_t cap = r->lines_cap ? 2 * r->lines_cap : 64;
		struct budget_line *lines =
		    arena_alloc(r->arena, cap * sizeof *lines);
		if (t->nlines > 0)
			memcpy(lines, t->lines, t->nlines * sizeof *lines);
		t->lines = lines;
		r->lines_cap = cap;
	}
	return &t->lines[t->nlines];
}

static int read_line(struct reader *r, long line, size_t nfields,
                     const char *const *fields)
{
	struct budget_table *t = r->t;
	struct budget_line *l;
	bool stated_empty = true;
	char clip[80];

	if (nfields != r->nfields)
		return fail(r->err, line,
		            "Dòng %ld có %zu ô nhưng dòng tiêu đề có %zu cột",
		            line, nfields, r->nfields);
	if (t->nlines == BUDGET_ROWS_MAX)
		return fail(r->err, line, "Dòng %ld: bảng có quá %d dòng", line,
		            BUDGET_ROWS_MAX);
	l = new_line(r);
	memset(l, 0, sizeof *l);
	l->line = line;
	l->label = "";
	l->cells = arena_alloc(r->arena, (t->ncolumns ? t->ncolumns : 1) *
	                                     sizeof *l->cells);
	for (size_t i = 0; i < nfields; i++) {
		const char *f = fields[i];
		char *text = cell_text(r->arena, f);
		switch (r->role[i]) {
		case ROLE_ROW:
			if (*text == '\0')
				return fail(r->err, line,
				            "Dòng %ld: ô «row» trống", line);
			l->row = text;
			break;
		case ROLE_PARENT: l->parent = *text ? text : NULL; break;
		case ROLE_LABEL:
			if (text_length(text) > BUDGET_LABEL_MAX)
				return fail(
				    r->err, line,
				    "Dòng %ld: «label» dài quá %d ký tự", line,
				    BUDGET_LABEL_MAX);
			l->label = text;
			break;
		case ROLE_PROJECT:
			if (*text == '\0')
				break;
			if (text[0] < '1' || text[0] > '4' || text[1] != '\0')
				return fail(
				    r->err, line,
				    "Dòng %ld: «project» «%s» không phải "
				    "dự án 1, 2, 3 hoặc 4",
				    line, budget_clip(text, 40, clip));
			l->project = text[0] - '0';
			break;
		case ROLE_UNIT: l->unit = *text ? text : NULL; break;
		case ROLE_UNIT_COST:
			if (*text == '\0')
				break;
			l->has_unit_cost = true;
			l->unit_cost = read_cell(r->arena, f);
			break;
		case ROLE_QUANTITY: {
			size_t used;
			bool too_large;
			if (*text == '\0')
				break;
			if (!budget_scan_integer(text, strlen(text),
			                         BUDGET_AMOUNT_MAX, &used,
			                         &l->quantity, &too_large) ||
			    used == 0 || text[used] != '\0' || too_large)
				return fail(
				    r->err, line,
				    "Dòng %ld: «quantity» «%s» không phải "
				    "số nguyên không âm",
				    line, budget_clip(text, 40, clip));
			l->has_quantity = true;
			break;
		}
		case ROLE_STATED:
			stated_empty = *text == '\0';
			l->stated = read_cell(r->arena, f);
			break;
		case ROLE_YEAR:
			l->cells[r->column[i]] = read_cell(r->arena, f);
			break;
		}
	}
	/* an empty stated_total on a norm line takes the product */
	if (stated_empty && l->has_unit_cost && l->unit_cost.bad == NULL &&
	    l->has_quantity)
		budget_norm_product(l->unit_cost.vnd, l->quantity,
		                    &l->stated.vnd);
	t->nlines++;
	return 0;
}

static int on_record(void *ctx, long line, size_t nfields,
                     const char *const *fields)
{
	struct reader *r = ctx;

	if (record_blank(nfields, fields))
		return 0;
	for (size_t i = 0; i < nfields; i++)
		if (!text_valid(fields[i]))
			return fail(r->err, line,
			            "Dòng %ld: ô thứ %zu không phải văn bản "
			            "UTF-8 hợp lệ",
			            line, i + 1);
	if (!r->have_header)
		return read_header(r, line, nfields, fields);
	return read_line(r, line, nfields, fields);
}

/* Lines in data, the last one with or without its line end. */
static long physical_lines(const char *data, size_t len)
{
	long n = 0;
	for (size_t i = 0; i < len; i++)
		n += data[i] == '\n';
	if (len > 0 && data[len - 1] != '\n')
		n++;
	return n > 0 ? n : 1;
}

int budget_table_parse(const char *data, size_t len, struct arena *a,
                       struct budget_table *t, struct budget_error *err)
{
	struct reader r = {.arena = a, .t = t, .err = err};
	char *csv_err = NULL;
	int rc;

	assert(a != NULL && t != NULL && err != NULL);
	assert(data != NULL || len == 0);
	memset(t, 0, sizeof *t);
	memset(err, 0, sizeof *err);
	t->total_index = -1;
	/* fields are C strings: a NUL would cut a cell silently */
	const char *nul = len > 0 ? memchr(data, '\0', len) : NULL;
	if (nul != NULL) {
		long line = 1;
		for (const char *p = data; p < nul; p++)
			line += *p == '\n';
		fail(err, line,
		     "Dòng %ld: tệp chứa ký tự NUL, không phải tệp CSV văn bản",
		     line);
		return -1;
	}
	rc = csvfile_parse(data, len, on_record, &r, &csv_err);
	if (rc < 0) {
		long line = 1;
		if (csv_err != NULL)
			sscanf(csv_err, "line %ld", &line);
		free(csv_err);
		/* an unterminated quote is found past the last line end */
		if (line > physical_lines(data, len))
			line = physical_lines(data, len);
		fail(err, line,
		     "Dòng %ld: không đọc được CSV (dấu ngoặc kép không khớp "
		     "hoặc ô chưa đóng)",
		     line);
		return -1;
	}
	if (rc != 0)
		return -1;
	if (!r.have_header) {
		fail(err, 1, "Dòng 1: tệp trống, không có dòng tiêu đề");
		return -1;
	}
	return budget_table_link(t, a, err);
}
