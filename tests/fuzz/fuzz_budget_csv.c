/*
 * fuzz_budget_csv.c — the budget table CSV of POST /plans/ID/budget and
 * /budget/check (domain/budget.h budget_table_parse), then what the API
 * runs on a parsed table: the checks, the computed amounts and the
 * summary.
 *
 * Invariants: a refusal carries a line and a UTF-8 message (it becomes a
 * 422 JSON body), a success none; a parsed table stays inside the limits
 * and its links point inside it; every problem names a line of the table
 * and its message is valid text; a problem with amounts has them differ.
 */
#include "fuzz.h"

#include "domain/budget.h"
#include "lib/arena.h"
#include "lib/fold.h"

static void check_table(const struct budget_table *t, struct arena *a)
{
	FUZZ_CHECK(t->nlines <= BUDGET_ROWS_MAX);
	FUZZ_CHECK(t->ncolumns <= BUDGET_COLUMNS_MAX);
	FUZZ_CHECK(t->total_index >= -1 && t->total_index < (int)t->nlines);
	for (size_t i = 0; i < t->nlines; i++) {
		const struct budget_line *l = &t->lines[i];
		FUZZ_CHECK(l->row != NULL && l->label != NULL);
		FUZZ_CHECK(l->parent_index >= -1 &&
		           l->parent_index < (int)t->nlines);
		FUZZ_CHECK(l->parent_index != (int)i);
		FUZZ_CHECK((l->parent_index == -1) == (l->depth == 0));
		if (l->parent_index >= 0)
			FUZZ_CHECK(l->depth ==
			           t->lines[l->parent_index].depth + 1);
		FUZZ_CHECK(l->project_eff >= 0 && l->project_eff <= 4);
		for (size_t c = 0; c < t->ncolumns; c++)
			FUZZ_CHECK(l->cells[c].bad != NULL ||
			           (l->cells[c].vnd >= 0 &&
			            l->cells[c].vnd <= BUDGET_AMOUNT_MAX));
	}
	for (size_t c = 0; c < t->ncolumns; c++) {
		char name[64];
		budget_column_name(t, (int)c, name, sizeof name);
		/* a repeated column is refused, so a name finds its column */
		FUZZ_CHECK(budget_column_find(t, name) == (int)c);
	}

	struct budget_problem *p = NULL;
	size_t n = 0;
	bool truncated = false;
	budget_check(t, a, &p, &n, &truncated);
	FUZZ_CHECK(n <= BUDGET_PROBLEMS_MAX);
	FUZZ_CHECK(!truncated || n == BUDGET_PROBLEMS_MAX);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(p[i].line_index >= 0 &&
		           p[i].line_index < (int)t->nlines);
		FUZZ_CHECK(p[i].column >= -3 && p[i].column < (int)t->ncolumns);
		FUZZ_CHECK(p[i].message != NULL && text_valid(p[i].message));
		FUZZ_CHECK(budget_problem_kind_name(p[i].kind) != NULL);
		if (p[i].has_amounts)
			FUZZ_CHECK(p[i].stated != p[i].computed);
	}

	int64_t *all =
	    arena_alloc(a, t->nlines * (t->ncolumns + 1) * sizeof *all + 1);
	budget_computed_all(t, all);
	for (size_t i = 0; i < t->nlines && i < 50; i++)
		for (int c = -1; c < (int)t->ncolumns && c < 10; c++)
			FUZZ_CHECK(budget_computed(t, (int)i, c) ==
			           all[i * (t->ncolumns + 1) + (size_t)c + 1]);
	struct budget_summary sum;
	budget_summarise(t, a, &sum);
	FUZZ_CHECK(sum.nyears <= t->ncolumns);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct budget_table t;
	struct budget_error err;
	memset(&err, 0x55, sizeof err);
	int rc = budget_table_parse((const char *)data, size, a, &t, &err);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
	if (rc == 0) {
		FUZZ_CHECK(err.message[0] == '\0');
		check_table(&t, a);
	} else {
		FUZZ_CHECK(err.message[0] != '\0' && text_valid(err.message));
		FUZZ_CHECK(err.line >= 1);
		long lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n';
		FUZZ_CHECK(err.line <= lines);
	}
	arena_free(a);
	return 0;
}
