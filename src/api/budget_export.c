/*
 * budget_export.c — a plan's budget as a file (docs/budget.md §CSV
 * export, §XLSX export).
 *
 * ** URL: GET /api/v1/plans/ID/budget/export?format=csv → 200 text/csv,
 *             budget-ID.csv: the table in the import format
 * ** URL: GET /api/v1/plans/ID/budget/export?format=xlsx[&table=all|
 *             general|project&project=N] → 200 the workbook,
 *             budget-ID.xlsx; 422 invalid_field for a bad argument
 *
 * The CSV is what POST /plans/ID/budget reads, so an export imports back
 * to the same lines, cells and problems: the header
 * row,parent,label,project,unit,unit_cost,quantity,stated_total then the
 * year columns as GET /plans/ID/budget lists them; amounts in million
 * VND in the Vietnamese notation (zero as 0), an unparseable cell as its
 * raw text (the next save can fix it), UTF-8 with a byte order mark,
 * CRLF, quoting and the formula guard of lib/csvfile.h's writer.  A
 * table read from a file without stated_total is written without it:
 * an empty stated_total column would add a row_total problem to every
 * line on the way back.  The workbook is budget_xlsx.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/budget_internal.h"
#include "api/budget_xlsx.h"
#include "api/handlers.h"
#include "lib/arena.h"
#include "lib/csvfile.h"
#include "lib/log.h"

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

static const char *const fixed_columns[] = {
    "row",  "parent",    "label",    "project",
    "unit", "unit_cost", "quantity", "stated_total",
};
enum { FIXED = sizeof fixed_columns / sizeof fixed_columns[0] };

/* A cell as the import reads it: the raw text of a bad one, else the
 * amount in million VND. */
static const char *cell_text(struct api_ctx *c, const struct budget_cell *cell)
{
	if (cell->bad != NULL)
		return cell->bad;
	char buf[BUDGET_AMOUNT_TEXT];
	return arena_strdup(c->arena,
	                    budget_amount_format(cell->vnd, buf, sizeof buf));
}

static void write_csv(struct api_ctx *c, const struct budget_view *v, FILE *out)
{
	const struct budget_table *t = &v->table;
	size_t fixed = t->has_stated ? FIXED : FIXED - 1;
	size_t width = fixed + t->ncolumns;
	const char **cells = arena_alloc(c->arena, width * sizeof *cells);
	fputs("\xEF\xBB\xBF", out);
	for (size_t k = 0; k < fixed; k++)
		cells[k] = fixed_columns[k];
	for (size_t k = 0; k < t->ncolumns; k++)
		cells[fixed + k] = v->names[k];
	csvfile_write_row(out, cells, width);
	for (size_t i = 0; i < t->nlines; i++) {
		const struct budget_line *l = &t->lines[i];
		cells[0] = l->row;
		cells[1] = l->parent;
		cells[2] = l->label;
		cells[3] = l->project > 0
		               ? arena_printf(c->arena, "%d", l->project)
		               : NULL;
		cells[4] = l->unit;
		cells[5] =
		    l->has_unit_cost ? cell_text(c, &l->unit_cost) : NULL;
		cells[6] =
		    l->has_quantity
		        ? arena_printf(c->arena, "%lld", (long long)l->quantity)
		        : NULL;
		if (t->has_stated)
			cells[7] = cell_text(c, &l->stated);
		for (size_t k = 0; k < t->ncolumns; k++)
			cells[fixed + k] = cell_text(c, &l->cells[k]);
		csvfile_write_row(out, cells, width);
	}
}

static void reply_csv(struct api_ctx *c, const struct budget_view *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (out == NULL)
		abort(); /* only fails on out-of-memory */
	write_csv(c, v, out);
	bool failed = ferror(out) != 0;
	fclose(out);
	arena_defer(c->arena, free, buf);
	if (failed) {
		log_error("msg=\"budget export failed\" plan=%lld rid=%s",
		          (long long)v->plan.id, c->request_id);
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "Content-Disposition",
	               arena_printf(c->arena,
	                            "attachment; filename=\"budget-%lld.csv\"",
	                            (long long)v->plan.id));
	api_reply_text(c, 200, "text/csv; charset=utf-8", buf, len);
}

/* table= and project= of an XLSX export: all (default), general, or one
 * project 1–4. */
static bool xlsx_args(struct api_ctx *c, enum budget_xlsx_table *which,
                      int *project)
{
	const char *table = api_query(c, "table");
	const char *p = api_query(c, "project");
	*which = BUDGET_XLSX_ALL;
	*project = 0;
	if (table == NULL || *table == '\0' || strcmp(table, "all") == 0)
		*which = BUDGET_XLSX_ALL;
	else if (strcmp(table, "general") == 0)
		*which = BUDGET_XLSX_GENERAL;
	else if (strcmp(table, "project") == 0)
		*which = BUDGET_XLSX_PROJECT;
	else
		return bad_field(c, "table",
		                 "table must be all, general or project");
	bool has_p = p != NULL && *p != '\0';
	if (*which != BUDGET_XLSX_PROJECT)
		return !has_p || bad_field(c, "project",
		                           "project goes with table=project");
	if (!has_p || strlen(p) != 1 || p[0] < '1' || p[0] > '4')
		return bad_field(c, "project", "project must be 1, 2, 3 or 4");
	*project = p[0] - '0';
	return true;
}

static void reply_xlsx(struct api_ctx *c, const struct budget_view *v,
                       enum budget_xlsx_table which, int project)
{
	struct budget_summary s;
	budget_summarise(&v->table, c->arena, &s);
	struct budget_xlsx_input in = {
	    .plan_number = v->plan.number,
	    .plan_title = v->plan.title,
	    .unit_name = v->plan.unit_name != NULL ? v->plan.unit_name
	                                           : v->plan.unit_code,
	    .issued_on = v->plan.issued_on,
	    .table = &v->table,
	    .computed = v->computed,
	    .summary = &s,
	    .problems = v->problems,
	    .nproblems = v->nproblems,
	};
	char *book;
	size_t len;
	if (budget_xlsx_write(&in, which, project, c->arena, &book, &len) !=
	    0) {
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "Content-Disposition",
	               arena_printf(c->arena,
	                            "attachment; filename=\"budget-%lld.xlsx\"",
	                            (long long)v->plan.id));
	api_reply_text(c, 200,
	               "application/vnd.openxmlformats-officedocument."
	               "spreadsheetml.sheet",
	               book, len);
}

void budget_export_get(struct api_ctx *c)
{
	struct budget_view v;
	if (!budget_view_load(c, &v))
		return;
	const char *format = api_query(c, "format");
	bool xlsx = format != NULL && strcmp(format, "xlsx") == 0;
	if (!xlsx && (format == NULL || strcmp(format, "csv") != 0)) {
		bad_field(c, "format", "format must be csv or xlsx");
		return;
	}
	if (!xlsx) {
		const char *extra = api_query(c, "table") != NULL ? "table"
		                    : api_query(c, "project") != NULL
		                        ? "project"
		                        : NULL;
		if (extra != NULL) {
			bad_field(c, extra,
			          "the CSV is the whole table: table and "
			          "project go with format=xlsx");
			return;
		}
		reply_csv(c, &v);
		return;
	}
	enum budget_xlsx_table which;
	int project;
	if (xlsx_args(c, &which, &project))
		reply_xlsx(c, &v, which, project);
}
