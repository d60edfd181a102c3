/*
 * budget.c — the shape and the arithmetic of a budget table (budget.h,
 * docs/budget.md): linking lines to their parents (depth, leaves,
 * projects, the total line), column names, computed amounts and the
 * summaries.  The text side (amounts, CSV) is budget_parse.c, the checks
 * budget_check.c.
 *
 * Decisions beyond the document:
 * - link errors come in this order: per line in file order an empty or
 *   duplicate row, the total line's rules and unknown parents; then
 *   parent cycles (named by the cycle's first line in the file); then
 *   project conflicts in file order;
 * - the total line is not a leaf (its computed cells are sums, and no
 *   execution is recorded on it), though no line may have it as parent;
 * - sums saturate at INT64_MAX (budget_add): one column of the largest
 *   table fits in int64, but a line total over 90 such columns may not;
 * - the general summary adds up the leaves by their effective project.
 *   That is the top-level lines' computed cells when the projects sit on
 *   the top-level lines, and stays right when a top-level line without a
 *   project has children of different projects.
 */
#include "domain/budget.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/budget_int.h"
#include "lib/arena.h"

static int link_fail(struct budget_error *err, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int link_fail(struct budget_error *err, long line, const char *fmt, ...)
{
	va_list ap;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- rows by name ------------------------------------------------------- */

struct row_index {
	int *slot; /* line index + 1; 0 empty */
	size_t mask;
};

static size_t row_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void row_index_init(struct row_index *x, struct arena *a, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap <<= 1;
	x->slot = arena_alloc(a, cap * sizeof *x->slot);
	x->mask = cap - 1;
}

/* The line whose row is s, or −1; with insert, adds line i when absent. */
static int row_index_find(const struct row_index *x,
                          const struct budget_table *t, const char *s,
                          int insert)
{
	size_t h = row_hash(s) & x->mask;
	while (x->slot[h] != 0) {
		int i = x->slot[h] - 1;
		if (strcmp(t->lines[i].row, s) == 0)
			return i;
		h = (h + 1) & x->mask;
	}
	if (insert >= 0)
		x->slot[h] = insert + 1;
	return -1;
}

/* ---- linking ------------------------------------------------------------ */

/* Line numbers of lines not from a file are their positions (1-based). */
static long line_no(const struct budget_table *t, size_t i)
{
	return t->lines[i].line > 0 ? t->lines[i].line : (long)i + 1;
}

static int link_rows(struct budget_table *t, struct arena *a,
                     struct budget_error *err)
{
	struct row_index x;
	char c1[80], c2[80];

	row_index_init(&x, a, t->nlines);
	for (size_t i = 0; i < t->nlines; i++) {
		struct budget_line *l = &t->lines[i];
		long ln = line_no(t, i);
		if (l->row == NULL || l->row[0] == '\0')
			return link_fail(err, ln, "Dòng %ld: ô «row» trống",
			                 ln);
		l->is_total = strcasecmp(l->row, "total") == 0;
		if (l->is_total) {
			if (t->total_index >= 0)
				return link_fail(
				    err, ln,
				    "Dòng %ld: bảng đã có dòng tổng cộng "
				    "«total» ở dòng %ld",
				    ln, line_no(t, (size_t)t->total_index));
			if (l->parent != NULL)
				return link_fail(
				    err, ln,
				    "Dòng %ld: dòng tổng cộng «total» "
				    "không được có «parent»",
				    ln);
			t->total_index = (int)i;
		}
		int j = row_index_find(&x, t, l->row, (int)i);
		if (j >= 0)
			return link_fail(
			    err, ln, "Dòng %ld: «row» %s trùng với dòng %ld",
			    ln, budget_clip(l->row, 60, c1),
			    line_no(t, (size_t)j));
	}
	for (size_t i = 0; i < t->nlines; i++) {
		struct budget_line *l = &t->lines[i];
		long ln = line_no(t, i);
		if (l->parent == NULL)
			continue;
		if (strcasecmp(l->parent, "total") == 0)
			return link_fail(
			    err, ln,
			    "Dòng %ld: «parent» không được là dòng "
			    "tổng cộng «total»",
			    ln);
		int j = row_index_find(&x, t, l->parent, -1);
		if (j < 0)
			return link_fail(err, ln,
			                 "Dòng %ld: «parent» %s không có trong "
			                 "bảng",
			                 ln, budget_clip(l->parent, 60, c2));
		l->parent_index = j;
		t->lines[j].leaf = false;
	}
	return 0;
}

/* "Dòng N: … vòng quanh nhau: a → b → a" for the cycle through line j,
 * named from its first line in the file, at most five steps shown. */
static int cycle_fail(const struct budget_table *t, int j,
                      struct budget_error *err)
{
	int start = j, k, steps = 0;
	char chain[200], clip[32];
	size_t used = 0;

	for (k = t->lines[j].parent_index; k != j; k = t->lines[k].parent_index)
		if (line_no(t, (size_t)k) < line_no(t, (size_t)start))
			start = k;
	/* each step is at most 23 + 5 bytes: six of them and "…" fit */
	k = start;
	do {
		used +=
		    (size_t)snprintf(chain + used, sizeof chain - used, "%s → ",
		                     budget_clip(t->lines[k].row, 20, clip));
		k = t->lines[k].parent_index;
	} while (k != start && ++steps < 5);
	if (k != start)
		used +=
		    (size_t)snprintf(chain + used, sizeof chain - used, "… → ");
	snprintf(chain + used, sizeof chain - used, "%s",
	         budget_clip(t->lines[start].row, 20, clip));
	long ln = line_no(t, (size_t)start);
	return link_fail(err, ln,
	                 "Dòng %ld: các dòng «parent» vòng quanh nhau: %s", ln,
	                 chain);
}

/* Depth and effective project top-down, refusing cycles. */
static int link_depths(struct budget_table *t, struct arena *a,
                       struct budget_error *err)
{
	size_t n = t->nlines;
	unsigned char *state = arena_alloc(a, n ? n : 1); /* 0, 1 open, 2 */
	int *stack = arena_alloc(a, (n ? n : 1) * sizeof *stack);

	for (size_t i = 0; i < n; i++) {
		size_t sp = 0;
		int j = (int)i;
		while (j >= 0 && state[j] == 0) {
			state[j] = 1;
			stack[sp++] = j;
			j = t->lines[j].parent_index;
		}
		if (j >= 0 && state[j] == 1)
			return cycle_fail(t, j, err);
		while (sp > 0) {
			struct budget_line *l = &t->lines[stack[--sp]];
			if (l->parent_index >= 0) {
				const struct budget_line *p =
				    &t->lines[l->parent_index];
				l->depth = p->depth + 1;
				l->project_eff =
				    l->project ? l->project : p->project_eff;
			}
			state[stack[sp]] = 2;
		}
	}
	return 0;
}

int budget_table_link(struct budget_table *t, struct arena *a,
                      struct budget_error *err)
{
	char clip[48];

	assert(t != NULL && a != NULL && err != NULL);
	memset(err, 0, sizeof *err);
	t->total_index = -1;
	for (size_t i = 0; i < t->nlines; i++) {
		struct budget_line *l = &t->lines[i];
		l->parent_index = -1;
		l->depth = 0;
		l->project_eff = l->project;
		l->leaf = true;
		l->is_total = false;
	}
	if (link_rows(t, a, err) != 0 || link_depths(t, a, err) != 0)
		return -1;
	for (size_t i = 0; i < t->nlines; i++) {
		const struct budget_line *l = &t->lines[i];
		if (l->project == 0 || l->parent_index < 0)
			continue;
		const struct budget_line *p = &t->lines[l->parent_index];
		if (p->project_eff != 0 && p->project_eff != l->project) {
			long ln = line_no(t, i);
			return link_fail(err, ln,
			                 "Dòng %ld: «project» %d khác dự án %d "
			                 "của dòng cha %s",
			                 ln, l->project, p->project_eff,
			                 budget_clip(p->row, 40, clip));
		}
	}
	if (t->total_index >= 0)
		t->lines[t->total_index].leaf = false;
	return 0;
}

/* ---- columns ------------------------------------------------------------ */

const char *budget_column_name(const struct budget_table *t, int column,
                               char *buf, size_t n)
{
	assert(buf != NULL && n > 0);
	if (column == -1)
		snprintf(buf, n, "stated_total");
	else if (column == -3)
		snprintf(buf, n, "unit_cost");
	else if (column >= 0 && (size_t)column < t->ncolumns)
		snprintf(buf, n, "%d:%s", t->columns[column].year,
		         budget_source_name(t->columns[column].source));
	else
		buf[0] = '\0';
	return buf;
}

int budget_column_find(const struct budget_table *t, const char *s)
{
	char name[32];
	size_t n;
	int year = 0, k;
	enum budget_source src;

	if (s == NULL)
		return -2;
	n = strlen(s);
	if (n >= sizeof name)
		return -2;
	for (size_t i = 0; i <= n; i++)
		name[i] = (s[i] >= 'A' && s[i] <= 'Z')
		              ? (char)(s[i] - 'A' + 'a')
		              : s[i];
	if (strcmp(name, "stated_total") == 0)
		return -1;
	for (k = 0; k < 4; k++) {
		if (name[k] < '0' || name[k] > '9')
			return -2;
		year = year * 10 + (name[k] - '0');
	}
	if (name[4] != ':' || budget_source_parse(name + 5, &src) != 0)
		return -2;
	for (size_t c = 0; c < t->ncolumns; c++)
		if (t->columns[c].year == year && t->columns[c].source == src)
			return (int)c;
	return -2;
}

/* ---- computed amounts --------------------------------------------------- */

static int64_t cell_value(const struct budget_cell *c)
{
	return c->bad != NULL ? 0 : c->vnd;
}

/* Whether line j lies under line i. */
static bool descends(const struct budget_table *t, int j, int i)
{
	for (int k = t->lines[j].parent_index; k >= 0;
	     k = t->lines[k].parent_index)
		if (k == i)
			return true;
	return false;
}

static int64_t computed_cell(const struct budget_table *t, int i, int c)
{
	const struct budget_line *l = &t->lines[i];
	int64_t sum = 0;

	if (l->leaf)
		return cell_value(&l->cells[c]);
	/* the sum of the leaves below; for the total line, of every leaf */
	for (size_t j = 0; j < t->nlines; j++) {
		const struct budget_line *m = &t->lines[j];
		if (m->leaf && !m->is_total &&
		    (l->is_total || descends(t, (int)j, i)))
			sum = budget_add(sum, cell_value(&m->cells[c]));
	}
	return sum;
}

int64_t budget_computed(const struct budget_table *t, int line, int column)
{
	int64_t sum = 0;

	assert(t != NULL && line >= 0 && (size_t)line < t->nlines);
	assert(column >= -1 && column < (int)t->ncolumns);
	if (column >= 0)
		return computed_cell(t, line, column);
	for (size_t c = 0; c < t->ncolumns; c++)
		sum = budget_add(sum, computed_cell(t, line, (int)c));
	return sum;
}

void budget_computed_all(const struct budget_table *t, int64_t *out)
{
	size_t w = t->ncolumns + 1, n = t->nlines;
	int maxdepth = 0;
	size_t *start, *order;

	assert(t != NULL && (out != NULL || n == 0));
	if (n == 0)
		return;
	memset(out, 0, n * w * sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const struct budget_line *l = &t->lines[i];
		if (l->depth > maxdepth)
			maxdepth = l->depth;
		if (l->leaf)
			for (size_t c = 0; c < t->ncolumns; c++)
				out[i * w + c + 1] = cell_value(&l->cells[c]);
	}
	/* lines by depth (counting sort), then deepest first each adds its
	 * row to its parent's: a parent is complete before it adds up */
	start = calloc((size_t)maxdepth + 2, sizeof *start);
	order = malloc(n * sizeof *order);
	if (start == NULL || order == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		start[t->lines[i].depth + 1]++;
	for (int d = 0; d <= maxdepth; d++)
		start[d + 1] += start[d];
	for (size_t i = 0; i < n; i++)
		order[start[t->lines[i].depth]++] = i;
	for (size_t k = n; k-- > 0;) {
		size_t i = order[k];
		int p = t->lines[i].parent_index;
		if (p < 0)
			continue;
		for (size_t c = 1; c < w; c++)
			out[(size_t)p * w + c] =
			    budget_add(out[(size_t)p * w + c], out[i * w + c]);
	}
	free(start);
	free(order);
	if (t->total_index >= 0) {
		int64_t *total = &out[(size_t)t->total_index * w];
		for (size_t i = 0; i < n; i++) {
			const struct budget_line *l = &t->lines[i];
			if (l->parent_index >= 0 || l->is_total)
				continue;
			for (size_t c = 1; c < w; c++)
				total[c] = budget_add(total[c], out[i * w + c]);
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t c = 1; c < w; c++)
			out[i * w] = budget_add(out[i * w], out[i * w + c]);
}

/* ---- summaries ---------------------------------------------------------- */

void budget_summarise(const struct budget_table *t, struct arena *a,
                      struct budget_summary *out)
{
	size_t w = t->ncolumns + 1;

	assert(t != NULL && a != NULL && out != NULL);
	memset(out, 0, sizeof *out);
	out->general = arena_alloc(a, 5 * w * sizeof *out->general);
	out->grand = arena_alloc(a, w * sizeof *out->grand);
	out->years = arena_alloc(a, (w) * sizeof *out->years);
	out->by_year = arena_alloc(a, (w) * sizeof *out->by_year);
	for (size_t i = 0; i < t->nlines; i++) {
		const struct budget_line *l = &t->lines[i];
		int p = l->project_eff >= 1 && l->project_eff <= 4
		            ? l->project_eff
		            : 0;
		if (l->is_total)
			continue;
		out->project_used[p] = true;
		if (!l->leaf)
			continue;
		int64_t *row = &out->general[(size_t)p * w];
		for (size_t c = 0; c < t->ncolumns; c++)
			row[c + 1] =
			    budget_add(row[c + 1], cell_value(&l->cells[c]));
	}
	for (size_t p = 0; p < 5; p++) {
		int64_t *row = &out->general[p * w];
		for (size_t c = 1; c < w; c++) {
			row[0] = budget_add(row[0], row[c]);
			out->grand[c] = budget_add(out->grand[c], row[c]);
		}
	}
	for (size_t c = 0; c < t->ncolumns; c++) {
		const struct budget_column *col = &t->columns[c];
		int64_t v = out->grand[c + 1];
		size_t y = 0;
		out->grand[0] = budget_add(out->grand[0], v);
		out->by_source[col->source] =
		    budget_add(out->by_source[col->source], v);
		while (y < out->nyears && out->years[y] != col->year)
			y++;
		if (y == out->nyears)
			out->years[out->nyears++] = col->year;
		out->by_year[y] = budget_add(out->by_year[y], v);
	}
}
