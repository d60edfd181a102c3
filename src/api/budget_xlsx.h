/*
 * budget_xlsx.h — a plan's budget tables as an XLSX workbook laid out
 * like a provincial plan's appendices (docs/budget.md §XLSX export):
 * "Tổng hợp" (the general table), "Phụ lục I".."Phụ lục IV" (one per
 * project) and "Kiểm tra" (the problems).
 *
 * Called by api/budget_export.c for format=xlsx; the tables come already
 * linked, computed and summarised by domain/budget.h.  libxlsxwriter does
 * the writing; the workbook is returned in the request's arena.
 */
#ifndef TROGIUP_API_BUDGET_XLSX_H
#define TROGIUP_API_BUDGET_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "domain/budget.h"

struct arena;

enum budget_xlsx_table {
	BUDGET_XLSX_ALL,
	BUDGET_XLSX_GENERAL,
	BUDGET_XLSX_PROJECT
};

struct budget_xlsx_input {
	/* "787/KH-UBND", the plan's title, "Tỉnh Kon Tum" */
	const char *plan_number, *plan_title, *unit_name;
	const char *issued_on;                /* YYYY-MM-DD */
	const struct budget_table *table;     /* linked */
	const int64_t *computed;              /* budget_computed_all(table) */
	const struct budget_summary *summary; /* budget_summarise(table) */
	const struct budget_problem *problems;
	size_t nproblems;
};

/* The workbook in memory (arena); 0 ok, -1 on a libxlsxwriter error (logged).
 * which: ALL — "Tổng hợp", "Phụ lục I".."IV" for each project with lines,
 * "Khác" for lines without a project ("Chi tiết" when no line has one),
 * "Kiểm tra"; GENERAL — "Tổng hợp" only; PROJECT — "Phụ lục <project>"
 * only (project 1–4; a project without lines gives the header alone).
 * *out (arena memory, *len bytes) is valid until the arena is freed; on
 * failure *out is NULL and no file is left behind. */
int budget_xlsx_write(const struct budget_xlsx_input *in,
                      enum budget_xlsx_table which, int project,
                      struct arena *a, char **out, size_t *len);

#endif
