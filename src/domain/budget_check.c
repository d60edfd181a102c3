/*
 * budget_check.c — the arithmetic checks of a budget table (budget.h,
 * docs/budget.md §The checks) with their Vietnamese messages.
 *
 * One pass over the lines in file order; per line the kinds in the
 * document's order (unparseable, row_total, norm, parent_sum,
 * grand_total) and per kind the columns in the export's order (unit_cost,
 * stated_total, then the year columns), so the problems come out sorted
 * without a sort.  Comparisons compare the cells as written: a parent
 * with its children's stated cells, the total line with the top-level
 * lines'; a comparison touching a bad cell is skipped.
 *
 * A norm whose product unit_cost × quantity is over BUDGET_AMOUNT_MAX is
 * reported like a bad unit_cost (kind unparseable, column unit_cost, no
 * amounts): the product is not an amount, so the norm comparison is
 * skipped and the line does not take it as its stated total.
 */
#include "domain/budget.h"

#include <assert.h>
#include <inttypes.h>
#include <string.h>

#include "domain/budget_int.h"
#include "lib/arena.h"

static const char *const kind_names[] = {
    [BUDGET_UNPARSEABLE] = "unparseable",
    [BUDGET_ROW_TOTAL] = "row_total",
    [BUDGET_NORM] = "norm",
    [BUDGET_PARENT_SUM] = "parent_sum",
    [BUDGET_GRAND_TOTAL] = "grand_total",
};

const char *budget_problem_kind_name(enum budget_problem_kind k)
{
	if ((int)k < 0 || (size_t)k >= sizeof kind_names / sizeof kind_names[0])
		return NULL;
	return kind_names[k];
}

struct checker {
	const struct budget_table *t;
	struct arena *a;
	struct budget_problem *items;
	size_t n, cap;
	bool truncated;
	int *first_child, *next_sibling; /* −1 ends; top-level under n */
};

/* Room for one more problem; false (and truncated) when the list is full. */
static bool room(struct checker *k)
{
	if (k->n == BUDGET_PROBLEMS_MAX) {
		k->truncated = true;
		return false;
	}
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 16;
		struct budget_problem *items =
		    arena_alloc(k->a, cap * sizeof *items);
		if (k->n > 0)
			memcpy(items, k->items, k->n * sizeof *items);
		k->items = items;
		k->cap = cap;
	}
	return true;
}

static void add(struct checker *k, int line, int column,
                enum budget_problem_kind kind, bool has_amounts, int64_t stated,
                int64_t computed, const char *message)
{
	struct budget_problem *p = &k->items[k->n++];
	p->line_index = line;
	p->row = k->t->lines[line].row;
	p->column = column;
	p->kind = kind;
	p->has_amounts = has_amounts;
	p->stated = has_amounts ? stated : 0;
	p->computed = has_amounts ? computed : 0;
	p->message = message;
}

/* "Dòng 2.1" / "Dòng tổng cộng" (upper) or "dòng …" (lower). */
static const char *row_words(struct checker *k, int line, bool upper)
{
	const struct budget_line *l = &k->t->lines[line];
	char clip[80];
	if (l->is_total)
		return upper ? "Dòng tổng cộng" : "dòng tổng cộng";
	return arena_printf(k->a, "%s %s", upper ? "Dòng" : "dòng",
	                    budget_clip(l->row, 60, clip));
}

/* The column as a reader names it: "2019:local", "tổng cộng", "đơn giá". */
static const char *column_words(struct checker *k, int column, char *buf,
                                size_t n)
{
	if (column == -1)
		return "tổng cộng";
	if (column == -3)
		return "đơn giá";
	return budget_column_name(k->t, column, buf, n);
}

static const struct budget_cell *cell_at(const struct budget_line *l,
                                         int column)
{
	if (column == -1)
		return &l->stated;
	if (column == -3)
		return &l->unit_cost;
	return &l->cells[column];
}

static void unparseable(struct checker *k, int line, int column)
{
	const char *bad = cell_at(&k->t->lines[line], column)->bad;
	char name[32], clip[96];
	const char *what, *msg;
	int64_t ignored;

	if (!room(k))
		return;
	switch (budget_amount_verdict(bad, &ignored)) {
	case BUDGET_AMOUNT_NEGATIVE:
		what = "là số âm, mà số tiền không được âm";
		break;
	case BUDGET_AMOUNT_DECIMALS:
		what = "có quá 6 chữ số thập phân (lẻ dưới một đồng)";
		break;
	case BUDGET_AMOUNT_TOO_LARGE:
		what = "vượt quá mức tối đa 100.000.000 triệu đồng";
		break;
	default: what = "không phải là số tiền"; break;
	}
	msg = arena_printf(k->a, "Ô %s của %s %s: «%s»",
	                   column_words(k, column, name, sizeof name),
	                   row_words(k, line, false), what,
	                   budget_clip(bad, 80, clip));
	add(k, line, column, BUDGET_UNPARSEABLE, false, 0, 0, msg);
}

/* Problems of one line, in kind then column order. */
static void check_line(struct checker *k, int i)
{
	const struct budget_table *t = k->t;
	const struct budget_line *l = &t->lines[i];
	char s1[BUDGET_AMOUNT_TEXT], s2[BUDGET_AMOUNT_TEXT],
	    s3[BUDGET_AMOUNT_TEXT], name[32];
	bool cells_bad = false, product_ok = false;
	int64_t product = 0, sum = 0;

	/* 1. unparseable */
	if (l->has_unit_cost && l->unit_cost.bad != NULL) {
		unparseable(k, i, -3);
	} else if (l->has_unit_cost && l->has_quantity) {
		product_ok = budget_norm_product(l->unit_cost.vnd, l->quantity,
		                                 &product) == 0;
		if (!product_ok && room(k))
			add(k, i, -3, BUDGET_UNPARSEABLE, false, 0, 0,
			    arena_printf(k->a,
			                 "Đơn giá × số lượng của %s vượt quá "
			                 "mức tối đa 100.000.000 triệu đồng",
			                 row_words(k, i, false)));
	}
	if (l->stated.bad != NULL)
		unparseable(k, i, -1);
	for (size_t c = 0; c < t->ncolumns; c++) {
		if (l->cells[c].bad == NULL)
			continue;
		cells_bad = true;
		unparseable(k, i, (int)c);
	}

	/* 2. row_total */
	if (t->has_stated && l->stated.bad == NULL && !cells_bad) {
		for (size_t c = 0; c < t->ncolumns; c++)
			sum = budget_add(sum, l->cells[c].vnd);
		if (sum != l->stated.vnd && room(k))
			add(k, i, -1, BUDGET_ROW_TOTAL, true, l->stated.vnd,
			    sum,
			    arena_printf(
			        k->a,
			        "%s: tổng ghi %s nhưng cộng các cột được %s "
			        "(triệu đồng)",
			        row_words(k, i, true),
			        budget_amount_format(l->stated.vnd, s1,
			                             sizeof s1),
			        budget_amount_format(sum, s2, sizeof s2)));
	}

	/* 3. norm */
	if (product_ok && l->stated.bad == NULL && l->stated.vnd != product &&
	    room(k))
		add(k, i, -1, BUDGET_NORM, true, l->stated.vnd, product,
		    arena_printf(
		        k->a,
		        "%s: tổng ghi %s nhưng đơn giá %s × số lượng %" PRId64
		        " = %s (triệu đồng)",
		        row_words(k, i, true),
		        budget_amount_format(l->stated.vnd, s1, sizeof s1),
		        budget_amount_format(l->unit_cost.vnd, s2, sizeof s2),
		        l->quantity,
		        budget_amount_format(product, s3, sizeof s3)));

	/* 4. parent_sum, 5. grand_total: the line against the lines it adds
	 * up (children, or the top-level lines for the total line) */
	if (l->leaf && !l->is_total)
		return;
	int first = l->is_total ? k->first_child[t->nlines] : k->first_child[i];
	for (int c = t->has_stated ? -1 : 0; c < (int)t->ncolumns; c++) {
		const struct budget_cell *own = cell_at(l, c);
		bool skip = own->bad != NULL;
		sum = 0;
		for (int j = first; j >= 0 && !skip; j = k->next_sibling[j]) {
			const struct budget_cell *part =
			    cell_at(&t->lines[j], c);
			skip = part->bad != NULL;
			sum = budget_add(sum, part->vnd);
		}
		if (skip || sum == own->vnd || !room(k))
			continue;
		column_words(k, c, name, sizeof name);
		budget_amount_format(own->vnd, s1, sizeof s1);
		budget_amount_format(sum, s2, sizeof s2);
		if (l->is_total)
			add(k, i, c, BUDGET_GRAND_TOTAL, true, own->vnd, sum,
			    arena_printf(k->a,
			                 "Dòng tổng cộng, cột %s: ghi %s nhưng "
			                 "cộng các dòng cấp trên cùng được %s "
			                 "(triệu đồng)",
			                 column_words(k, c, name, sizeof name),
			                 s1, s2));
		else
			add(k, i, c, BUDGET_PARENT_SUM, true, own->vnd, sum,
			    arena_printf(
			        k->a,
			        "%s, cột %s: ghi %s nhưng cộng các dòng "
			        "con được %s (triệu đồng)",
			        row_words(k, i, true),
			        column_words(k, c, name, sizeof name), s1, s2));
	}
}

void budget_check(const struct budget_table *t, struct arena *a,
                  struct budget_problem **out, size_t *n, bool *truncated)
{
	struct checker k = {.t = t, .a = a};
	size_t nl = t->nlines;
	int *last;

	assert(t != NULL && a != NULL && out != NULL && n != NULL);
	/* children in file order; index nl collects the top-level lines */
	k.first_child = arena_alloc(a, (nl + 1) * sizeof *k.first_child);
	k.next_sibling = arena_alloc(a, (nl + 1) * sizeof *k.next_sibling);
	last = arena_alloc(a, (nl + 1) * sizeof *last);
	for (size_t i = 0; i <= nl; i++)
		k.first_child[i] = k.next_sibling[i] = last[i] = -1;
	for (size_t i = 0; i < nl; i++) {
		const struct budget_line *l = &t->lines[i];
		size_t p;
		if (l->is_total)
			continue;
		p = l->parent_index >= 0 ? (size_t)l->parent_index : nl;
		if (last[p] < 0)
			k.first_child[p] = (int)i;
		else
			k.next_sibling[last[p]] = (int)i;
		last[p] = (int)i;
	}
	for (size_t i = 0; i < nl && !k.truncated; i++)
		check_line(&k, (int)i);
	*out = k.items;
	*n = k.n;
	if (truncated != NULL)
		*truncated = k.truncated;
}
