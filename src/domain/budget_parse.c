/*
 * budget_parse.c — the text side of budget tables (budget.h,
 * docs/budget.md §Amounts and §The table): the Vietnamese amount notation
 * in million VND read to whole VND and written back, source names, and a
 * CSV buffer read into a struct budget_table (then linked by budget.c).
 *
 * Decisions beyond the document:
 * - a grouped amount's first group does not start with 0 ("0.500",
 *   "012.345" are unparseable): "0.500" is most likely an English 0,5,
 *   and reading it as 500 million would be a silent thousandfold error;
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
 * starts (a quoted label over three lines moves the next record's
 * number by three).
 */
#include "domain/budget.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/budget_int.h"
#include "lib/arena.h"
#include "lib/csvfile.h"
#include "lib/fold.h"

#define VND_PER_MILLION 1000000

static const char *const source_names[BUDGET_SOURCES] = {
    [BUDGET_CENTRAL] = "central",
    [BUDGET_LOCAL] = "local",
    [BUDGET_MOBILISED] = "mobilised",
};

const char *budget_source_name(enum budget_source s)
{
	if ((int)s < 0 || s >= BUDGET_SOURCES)
		return NULL;
	return source_names[s];
}

int budget_source_parse(const char *name, enum budget_source *out)
{
	if (name == NULL)
		return -1;
	for (int s = 0; s < BUDGET_SOURCES; s++)
		if (strcmp(name, source_names[s]) == 0) {
			if (out != NULL)
				*out = (enum budget_source)s;
			return 0;
		}
	return -1;
}

/* ---- helpers ------------------------------------------------------------ */

int64_t budget_add(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

int budget_norm_product(int64_t unit_cost, int64_t quantity, int64_t *vnd)
{
	int64_t r;
	if (__builtin_mul_overflow(unit_cost, quantity, &r) ||
	    r > BUDGET_AMOUNT_MAX || r < 0)
		return -1;
	*vnd = r;
	return 0;
}

const char *budget_clip(const char *s, size_t max, char *buf)
{
	size_t n = strlen(s);
	if (n <= max)
		return s;
	n = max;
	/* back to the first byte of a character */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "…", sizeof "…");
	return buf;
}

/* Length of the blank (space, tab, CR, LF, U+00A0, U+202F) at s. */
static size_t blank_at(const char *s, size_t n)
{
	if (n >= 1 &&
	    (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
		return 1;
	if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(s, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

/* Length of the blank ending s[0..n). */
static size_t blank_before(const char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	               s[n - 1] == '\r' || s[n - 1] == '\n'))
		return 1;
	if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(s + n - 3, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

/* Narrows [*s, *s + *n) to its text without surrounding blanks. */
static void trim(const char **s, size_t *n)
{
	size_t k;
	while ((k = blank_at(*s, *n)) > 0) {
		*s += k;
		*n -= k;
	}
	while ((k = blank_before(*s, *n)) > 0)
		*n -= k;
}

/* ---- amounts ------------------------------------------------------------ */

/* Integer part at s: digits, or 1–3 digits (not starting with 0 when
 * more follow) then ".ddd" groups.  *used bytes read (0: no digit);
 * false on a bad grouping.  *value is exact unless *too_large (over
 * limit). */
static bool scan_integer(const char *s, size_t n, int64_t limit, size_t *used,
                         int64_t *value, bool *too_large)
{
	size_t i = 0, first;
	int64_t v = 0;

	*too_large = false;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	first = i;
	if (first > 0 && i < n && s[i] == '.') {
		if (first > 3 || (s[0] == '0'))
			return false;
		while (i < n && s[i] == '.') {
			if (n - i < 4)
				return false;
			for (size_t k = 1; k <= 3; k++)
				if (s[i + k] < '0' || s[i + k] > '9')
					return false;
			i += 4;
		}
		if (i < n && s[i] >= '0' && s[i] <= '9')
			return false; /* a fourth digit in a group */
	}
	for (size_t k = 0; k < i; k++) {
		if (s[k] == '.')
			continue;
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, s[k] - '0', &v) || v > limit) {
			*too_large = true;
			v = 0;
			break;
		}
	}
	*used = i;
	*value = v;
	return true;
}

/* The amount in s[0..n), already trimmed, without a sign. */
static enum budget_amount_verdict unsigned_amount(const char *s, size_t n,
                                                  int64_t *vnd)
{
	size_t used;
	int64_t million, frac = 0, total;
	bool too_large;

	if (!scan_integer(s, n, BUDGET_AMOUNT_MAX / VND_PER_MILLION, &used,
	                  &million, &too_large) ||
	    used == 0)
		return BUDGET_AMOUNT_NOT_NUMBER;
	if (used < n && s[used] == ',') {
		size_t d = used + 1, decimals = 0;
		while (d < n && s[d] >= '0' && s[d] <= '9') {
			if (decimals < 6)
				frac = frac * 10 + (s[d] - '0');
			decimals++;
			d++;
		}
		if (decimals == 0 || d < n)
			return BUDGET_AMOUNT_NOT_NUMBER;
		if (decimals > 6)
			return BUDGET_AMOUNT_DECIMALS;
		for (; decimals < 6; decimals++)
			frac *= 10;
		used = d;
	}
	if (used < n)
		return BUDGET_AMOUNT_NOT_NUMBER;
	if (too_large ||
	    __builtin_mul_overflow(million, VND_PER_MILLION, &total) ||
	    __builtin_add_overflow(total, frac, &total) ||
	    total > BUDGET_AMOUNT_MAX)
		return BUDGET_AMOUNT_TOO_LARGE;
	*vnd = total;
	return BUDGET_AMOUNT_OK;
}

enum budget_amount_verdict budget_amount_verdict(const char *s, int64_t *vnd)
{
	static const char *const minus[] = {"-", "\xE2\x80\x93" /* – */,
	                                    "\xE2\x80\x94" /* — */,
	                                    "\xE2\x88\x92" /* − */};
	size_t n;
	int64_t v = 0;
	enum budget_amount_verdict r;

	if (s == NULL)
		s = "";
	n = strlen(s);
	trim(&s, &n);
	if (n > 0 && s[0] == '\'') {
		s++;
		n--;
		trim(&s, &n);
	}
	if (n == 0) {
		*vnd = 0;
		return BUDGET_AMOUNT_OK;
	}
	for (size_t i = 0; i < sizeof minus / sizeof minus[0]; i++) {
		size_t k = strlen(minus[i]);
		if (n < k || memcmp(s, minus[i], k) != 0)
			continue;
		if (n == k && i < 3) { /* "-", "–", "—": nothing, zero */
			*vnd = 0;
			return BUDGET_AMOUNT_OK;
		}
		const char *rest = s + k;
		size_t rn = n - k;
		trim(&rest, &rn);
		r = unsigned_amount(rest, rn, &v);
		if (r == BUDGET_AMOUNT_OK && v == 0) {
			*vnd = 0; /* "-0" is zero, not a negative amount */
			return r;
		}
		return r == BUDGET_AMOUNT_NOT_NUMBER ? r
		                                     : BUDGET_AMOUNT_NEGATIVE;
	}
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		const char *inner = s + 1;
		size_t in = n - 2;
		trim(&inner, &in);
		r = unsigned_amount(inner, in, &v);
		if (r == BUDGET_AMOUNT_OK && v == 0) {
			*vnd = 0;
			return r;
		}
		return r == BUDGET_AMOUNT_NOT_NUMBER ? r
		                                     : BUDGET_AMOUNT_NEGATIVE;
	}
	r = unsigned_amount(s, n, &v);
	if (r == BUDGET_AMOUNT_OK)
		*vnd = v;
	return r;
}

int budget_amount_parse(const char *s, int64_t *vnd)
{
	int64_t v;
	if (budget_amount_verdict(s, &v) != BUDGET_AMOUNT_OK)
		return -1;
	if (vnd != NULL)
		*vnd = v;
	return 0;
}

char *budget_amount_format(int64_t vnd, char *buf, size_t n)
{
	char digits[24], text[BUDGET_AMOUNT_TEXT];
	uint64_t mag = vnd < 0 ? -(uint64_t)vnd : (uint64_t)vnd;
	uint64_t million = mag / VND_PER_MILLION, frac = mag % VND_PER_MILLION;
	int nd = snprintf(digits, sizeof digits, "%" PRIu64, million);
	size_t k = 0;

	assert(buf != NULL && n > 0);
	if (vnd < 0)
		text[k++] = '-';
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			text[k++] = '.';
		text[k++] = digits[i];
	}
	if (frac != 0) {
		char dec[8];
		int nf = 6;
		snprintf(dec, sizeof dec, "%06" PRIu64, frac);
		while (dec[nf - 1] == '0')
			nf--;
		text[k++] = ',';
		memcpy(text + k, dec, (size_t)nf);
		k += (size_t)nf;
	}
	text[k] = '\0';
	snprintf(buf, n, "%s", text);
	return buf;
}

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
	trim(&s, &n);
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
		trim(&s, &n);
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
		trim(&s, &n);
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
			if (!scan_integer(text, strlen(text), BUDGET_AMOUNT_MAX,
			                  &used, &l->quantity, &too_large) ||
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
