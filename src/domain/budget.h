/*
 * budget.h — budget tables of plans (docs/budget.md): the Vietnamese
 * amount notation, the CSV of API.md §Budget tables read into a table,
 * the arithmetic checks, computed amounts and summaries; the CSV written
 * back is api/budget_export.c's (with lib/csvfile.h's writer).
 *
 * Pure: no I/O (the CSV arrives as a buffer, lib/csvfile.h parses it).
 * Used by api/budget.c (check, replace, read), api/budget_export.c,
 * cli/cmd_budget.c (offline check) and cli/budgetgen.c (the demo);
 * Implemented by budget_amount.c (notation), budget_parse.c (CSV),
 * budget.c (links, computed amounts, summaries) and budget_check.c;
 * tests/unit/test_budget*.c.  All memory comes from the arena passed in.
 */
#ifndef TROGIUP_DOMAIN_BUDGET_H
#define TROGIUP_DOMAIN_BUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define BUDGET_AMOUNT_MAX   100000000000000LL /* VND in one cell */
#define BUDGET_ROWS_MAX     20000
#define BUDGET_COLUMNS_MAX  90 /* year columns */
#define BUDGET_LABEL_MAX    1000
#define BUDGET_PROBLEMS_MAX 1000
#define BUDGET_YEAR_MIN     2000
#define BUDGET_YEAR_MAX     2100

enum budget_source {
	BUDGET_CENTRAL,   /* ngân sách trung ương */
	BUDGET_LOCAL,     /* ngân sách địa phương */
	BUDGET_MOBILISED, /* vận động, xã hội hóa */
	BUDGET_SOURCES
};

/* "central", "local", "mobilised"; NULL out of range. */
const char *budget_source_name(enum budget_source s);
/* 0 and *out on a known name, -1 otherwise. */
int budget_source_parse(const char *name, enum budget_source *out);

/* ---- amounts ---------------------------------------------------------- */

/* Million VND in Vietnamese notation (docs/budget.md §Amounts) → whole
 * VND.  Empty, "-", "–", "—" are 0.  0 and *vnd on success, -1 when s is
 * not an amount (negative, too many decimals, bad grouping, over
 * BUDGET_AMOUNT_MAX …). */
int budget_amount_parse(const char *s, int64_t *vnd);

/* vnd ≥ 0 as million VND in the same notation, only the decimals needed
 * ("43.200", "0,5", "0"); buf of at least BUDGET_AMOUNT_TEXT bytes.
 * Negative values (sums never are) print with a leading '-'.  Returns buf. */
#define BUDGET_AMOUNT_TEXT 40
char *budget_amount_format(int64_t vnd, char *buf, size_t n);

/* ---- the table -------------------------------------------------------- */

struct budget_column {
	int year;
	enum budget_source source;
};

/* One cell: an amount, or the raw text of something that is not one. */
struct budget_cell {
	int64_t vnd;     /* 0 when bad */
	const char *bad; /* raw text when unparseable, else NULL */
};

struct budget_line {
	const char *row;    /* as printed: "I", "1", "2.1", "-", "total" */
	const char *parent; /* row of the parent, NULL top-level */
	const char *label;  /* may be "" */
	int project;        /* the project cell: 1–4, 0 none */
	const char *unit;   /* norm unit ("xã/năm") or NULL */
	bool has_unit_cost, has_quantity;
	struct budget_cell unit_cost; /* VND per unit */
	int64_t quantity;
	struct budget_cell stated; /* stated_total */
	struct budget_cell *cells; /* [table.ncolumns] */
	long line;                 /* CSV line (0 when not from a file) */

	/* Filled by budget_table_link(): */
	int parent_index; /* −1 top-level */
	int depth;        /* 0 top-level */
	int project_eff;  /* own or inherited project, 0 none */
	bool leaf;        /* no children */
	bool is_total;    /* row "total" */
};

struct budget_table {
	struct budget_column *columns; /* year columns in file order */
	size_t ncolumns;
	bool has_stated;            /* the file had a stated_total column */
	bool has_project, has_norm; /* … project; unit/unit_cost/quantity */
	struct budget_line *lines;
	size_t nlines;
	int total_index; /* −1 without a total line */
};

/* Why a file is not a budget table (→ 422 invalid_csv, field "line N"). */
struct budget_error {
	long line;
	char message[256]; /* Vietnamese, names the cell or value */
};

/* Reads a CSV buffer (docs/budget.md §The table) into *t and links it
 * (budget_table_link).  0 on success; -1 with *err filled when the body is
 * not such a table.  Unparseable amounts are not errors: they stay in the
 * cells as bad text for budget_check to report. */
int budget_table_parse(const char *data, size_t len, struct arena *a,
                       struct budget_table *t, struct budget_error *err);

/* Resolves parents (by row), depth, leaf, effective projects and the total
 * line of a table built in memory (the store's, the demo's).  Same errors
 * as the parse (unknown parent, cycle, duplicate row, project conflict),
 * with line = the line's .line. */
int budget_table_link(struct budget_table *t, struct arena *a,
                      struct budget_error *err);

/* Column name "2018:central" (or "stated_total" for index −1) into buf. */
const char *budget_column_name(const struct budget_table *t, int column,
                               char *buf, size_t n);
/* Index of the column named s, −1 for "stated_total", −2 when none. */
int budget_column_find(const struct budget_table *t, const char *s);

/* ---- checks ------------------------------------------------------------ */

enum budget_problem_kind {
	BUDGET_UNPARSEABLE,
	BUDGET_ROW_TOTAL,
	BUDGET_NORM,
	BUDGET_PARENT_SUM,
	BUDGET_GRAND_TOTAL,
};
/* "unparseable", "row_total", "norm", "parent_sum", "grand_total". */
const char *budget_problem_kind_name(enum budget_problem_kind k);

struct budget_problem {
	int line_index;
	const char *row;
	int column; /* year column index; −1 stated_total; −3 unit_cost */
	enum budget_problem_kind kind;
	bool has_amounts; /* false for unparseable */
	int64_t stated, computed;
	const char *message; /* Vietnamese, with the amounts in million VND */
};

/* Every problem of t in docs/budget.md's order, at most
 * BUDGET_PROBLEMS_MAX (*truncated set when there were more).  *out is an
 * arena array. */
void budget_check(const struct budget_table *t, struct arena *a,
                  struct budget_problem **out, size_t *n, bool *truncated);

/* ---- computed amounts and summaries ------------------------------------ */

/* Computed cell of line i: its own for a leaf (0 when bad), the sum of
 * its children's computed cells for a parent.  column −1: the line's
 * computed total (the sum of its computed year cells).  The total line's
 * computed cells are the sums of the top-level lines. */
int64_t budget_computed(const struct budget_table *t, int line, int column);

/* Fills out[nlines × (ncolumns + 1)] with every computed cell in one pass
 * (index line * (ncolumns + 1) + column + 1; column −1 first). */
void budget_computed_all(const struct budget_table *t, int64_t *out);

struct budget_summary {
	/* general[p * (ncolumns + 1) + column + 1], p 0..4 (0: no project),
	 * column −1 the row's total; grand[column + 1] the sum of them. */
	int64_t *general;
	int64_t *grand;
	bool project_used[5];
	int64_t by_source[BUDGET_SOURCES];
	int *years; /* distinct years in column order */
	int64_t *by_year;
	size_t nyears;
};
void budget_summarise(const struct budget_table *t, struct arena *a,
                      struct budget_summary *out);

#endif
