/*
 * budget.c — budget tables of plans (docs/budget.md, API.md §Budget
 * tables): a table checked without storing it, a plan's table replaced
 * whole, read back with its computed cells and problems, and summarised;
 * the allocations and spending are budget_execution.c's, the exports
 * budget_export.c's.
 *
 * ** URL: POST /api/v1/budget/check  text/csv → 200 {"rows","problems"}
 *               (+"truncated"); 422 invalid_csv, field "line N"; 415
 * ** URL: POST /api/v1/plans/ID/budget  text/csv → 200 {"rows","problems",
 *               "version"} + ETag "V"; If-Match "V" optional, 412 stale;
 *               409 conflict, field "row R" (execution in the way); 422
 *               invalid_csv (field "line 1": a year outside the period)
 * ** URL: GET  /api/v1/plans/ID/budget → 200 the table (docs/budget.md)
 * ** URL: GET  /api/v1/plans/ID/budget/summary → 200 the summaries
 *
 * The check is open to every signed-in user: it touches no record.  The
 * rest needs the plan inside the caller's scope (404 outside), writing
 * also plans_write (the dispatcher).  The arithmetic is the domain's
 * (budget_check, budget_computed_all, budget_summarise): the answer of a
 * replacement is the same check as the check endpoint's, and a read
 * checks the stored table again the same way.
 *
 * Decisions beyond the document:
 * - a read widens the stored table's columns to the plan's years (and
 *   any other stored year) × the sources, years ascending, before
 *   computing and checking, so computed cells and problems name the
 *   columns the answer lists; `cells` holds the non-zero amounts only,
 *   `computed` every column;
 * - If-Match is the version as GET's ETag gives it ("3"); "0" means
 *   "no budget stored yet"; anything else is stale (412);
 * - the general summary lists projects 1–4 used, then 0 (lines of no
 *   project) when used, then the total row (project null); a year is
 *   overspent when any of its records (a line and source) spent more
 *   than was allocated, so one line's overspending is not hidden by
 *   another's savings.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/budget_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/plans.h"
#include "lib/arena.h"
#include "lib/timeutil.h"

/* ---- shared with budget_execution.c and budget_export.c --------------- */

const char *budget_etag(struct api_ctx *c, int64_t version)
{
	return arena_printf(c->arena, "\"%lld\"", (long long)version);
}

const char *budget_problem_column(struct api_ctx *c,
                                  const struct budget_table *t, int column)
{
	if (column == -3)
		return "unit_cost";
	char buf[32];
	return arena_strdup(c->arena,
	                    budget_column_name(t, column, buf, sizeof buf));
}

json_t *budget_problems_json(struct api_ctx *c, const struct budget_table *t,
                             const struct budget_problem *p, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    list,
		    json_pack("{s:s, s:s, s:s, s:o, s:o, s:s}", "row", p[i].row,
		              "column",
		              budget_problem_column(c, t, p[i].column), "kind",
		              budget_problem_kind_name(p[i].kind), "stated",
		              p[i].has_amounts ? json_integer(p[i].stated)
		                               : json_null(),
		              "computed",
		              p[i].has_amounts ? json_integer(p[i].computed)
		                               : json_null(),
		              "message", p[i].message));
	return list;
}

/* Gives t the columns of the plan's years and of every stored year, each
 * with the three sources, years ascending; the cells move with their
 * columns and the new ones are zero.  False when a stored year is out of
 * range (never for a table the store kept). */
static bool widen_columns(struct api_ctx *c, const struct plan_row *p,
                          struct budget_table *t)
{
	enum { YEARS = BUDGET_YEAR_MAX - BUDGET_YEAR_MIN + 1 };
	bool used[YEARS] = {false};
	for (int y = p->period_from; y <= p->period_to; y++)
		if (y >= BUDGET_YEAR_MIN && y <= BUDGET_YEAR_MAX)
			used[y - BUDGET_YEAR_MIN] = true;
	for (size_t i = 0; i < t->ncolumns; i++) {
		int y = t->columns[i].year;
		if (y < BUDGET_YEAR_MIN || y > BUDGET_YEAR_MAX ||
		    (unsigned)t->columns[i].source >= BUDGET_SOURCES)
			return false;
		used[y - BUDGET_YEAR_MIN] = true;
	}
	int slot[YEARS]; /* the year's first column */
	size_t n = 0;
	for (int y = 0; y < YEARS; y++)
		if (used[y]) {
			slot[y] = (int)n;
			n += BUDGET_SOURCES;
		}
	struct budget_column *cols =
	    arena_alloc(c->arena, (n ? n : 1) * sizeof *cols);
	for (int y = 0; y < YEARS; y++)
		for (int s = 0; used[y] && s < BUDGET_SOURCES; s++)
			cols[slot[y] + s] = (struct budget_column){
			    y + BUDGET_YEAR_MIN, (enum budget_source)s};
	for (size_t l = 0; l < t->nlines; l++) {
		struct budget_line *line = &t->lines[l];
		struct budget_cell *cells =
		    arena_alloc(c->arena, (n ? n : 1) * sizeof *cells);
		for (size_t i = 0; i < t->ncolumns; i++) {
			const struct budget_column *o = &t->columns[i];
			cells[slot[o->year - BUDGET_YEAR_MIN] +
			      (int)o->source] = line->cells[i];
		}
		line->cells = cells;
	}
	t->columns = cols;
	t->ncolumns = n;
	return true;
}

bool budget_view_load(struct api_ctx *c, struct budget_view *v)
{
	int64_t id;
	memset(v, 0, sizeof *v);
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &v->plan))
		return false;
	enum store_status st =
	    store_budget_get(c->db, c->arena, id, &v->table, &v->meta);
	if (st == STORE_NOTFOUND) {
		api_reply_error(c, 404, "not_found", "No such plan", NULL);
		return false;
	}
	/* The store's table is linked; links do not depend on columns. */
	if (st != STORE_OK || !widen_columns(c, &v->plan, &v->table)) {
		api_reply_internal(c);
		return false;
	}
	struct budget_table *t = &v->table;
	v->names = arena_alloc(c->arena, (t->ncolumns + 1) * sizeof *v->names);
	for (size_t i = 0; i < t->ncolumns; i++)
		v->names[i] = budget_problem_column(c, t, (int)i);
	v->computed =
	    arena_alloc(c->arena, (t->nlines ? t->nlines : 1) *
	                              (t->ncolumns + 1) * sizeof *v->computed);
	budget_computed_all(t, v->computed);
	budget_check(t, c->arena, &v->problems, &v->nproblems, &v->truncated);
	return true;
}

/* ---- the CSV body ------------------------------------------------------ */

static bool csv_content_type(struct api_ctx *c)
{
	const char *ct = api_header(c, "Content-Type");
	if (ct != NULL && (strncasecmp(ct, "text/csv", 8) == 0 ||
	                   strncasecmp(ct, "application/csv", 15) == 0 ||
	                   strncasecmp(ct, "text/plain", 10) == 0))
		return true;
	api_reply_error(c, 415, "unsupported_media_type",
	                "Send the table as text/csv (UTF-8)", NULL);
	return false;
}

static void reply_invalid_csv(struct api_ctx *c, long line, const char *message)
{
	api_reply_error(c, 422, "invalid_csv", message,
	                arena_printf(c->arena, "line %ld", line));
}

/* The body as a budget table: text/csv (415), then the domain's reading
 * (422 naming the line; it also refuses text that is not UTF-8 and NUL
 * bytes). */
static bool body_table(struct api_ctx *c, struct budget_table *t)
{
	if (!csv_content_type(c))
		return false;
	struct budget_error err;
	if (budget_table_parse(c->body != NULL ? c->body : "",
	                       c->body != NULL ? c->body_len : 0, c->arena, t,
	                       &err) != 0) {
		reply_invalid_csv(c, err.line > 0 ? err.line : 1, err.message);
		return false;
	}
	return true;
}

/* {"rows","problems"} (+"truncated") of a checked table. */
static json_t *check_json(struct api_ctx *c, const struct budget_table *t,
                          const struct budget_problem *p, size_t n,
                          bool truncated)
{
	json_t *j = json_pack("{s:I, s:o}", "rows", (json_int_t)t->nlines,
	                      "problems", budget_problems_json(c, t, p, n));
	if (truncated)
		json_object_set_new(j, "truncated", json_true());
	return j;
}

/* ---- handlers ---------------------------------------------------------- */

void budget_check_post(struct api_ctx *c)
{
	struct budget_table t;
	if (!body_table(c, &t))
		return;
	struct budget_problem *p;
	size_t n;
	bool truncated;
	budget_check(&t, c->arena, &p, &n, &truncated);
	api_reply_json(c, 200, check_json(c, &t, p, n, truncated));
}

/* The version an If-Match header expects: -1 none (last write wins, also
 * for "*"), else V of "V" or V; -2 for anything else (never matches). */
static int64_t if_match_version(struct api_ctx *c)
{
	const char *m = api_header(c, "If-Match");
	if (m == NULL || *m == '\0' || strcmp(m, "*") == 0)
		return -1;
	size_t len = strlen(m);
	if (len >= 2 && m[0] == '"' && m[len - 1] == '"') {
		m++;
		len -= 2;
	}
	if (len == 0 || len > 18)
		return -2;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (m[i] < '0' || m[i] > '9')
			return -2;
		v = v * 10 + (m[i] - '0');
	}
	return v;
}

static void reply_stale(struct api_ctx *c)
{
	api_reply_error(c, 412, "stale",
	                "The budget was changed since you read it", NULL);
}

void budget_replace(struct api_ctx *c)
{
	int64_t id;
	struct plan_row plan;
	struct budget_table t;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &plan) ||
	    !body_table(c, &t))
		return;
	for (size_t i = 0; i < t.ncolumns; i++) {
		int y = t.columns[i].year;
		if (y < plan.period_from || y > plan.period_to) {
			reply_invalid_csv(
			    c, 1,
			    arena_printf(c->arena,
			                 "Cột năm %d nằm ngoài thời kỳ của kế "
			                 "hoạch (%d–%d)",
			                 y, plan.period_from, plan.period_to));
			return;
		}
	}
	int64_t expected = if_match_version(c);
	if (expected == -2) {
		reply_stale(c);
		return;
	}
	struct budget_problem *p;
	size_t n;
	bool truncated;
	budget_check(&t, c->arena, &p, &n, &truncated);

	struct budget_meta meta;
	struct budget_refusal why = {0};
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK && expected == 0) {
		/* "0": the caller saw no budget; the store's 0 means any. */
		struct budget_table now;
		st = store_budget_get(c->db, c->arena, id, &now, &meta);
		if (st == STORE_OK && meta.version != 0) {
			store_rollback(c->db);
			reply_stale(c);
			return;
		}
	}
	if (st == STORE_OK)
		st = store_budget_replace(c->db, c->arena, id, &t,
		                          expected > 0 ? expected : 0,
		                          c->user.id, time_now(), &meta, &why);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		if (why.stale || why.row == NULL) {
			reply_stale(c);
			return;
		}
		api_reply_error(
		    c, 409, "conflict",
		    arena_printf(c->arena,
		                 "Row %s has allocations or spending recorded: "
		                 "it can be neither removed nor given lines "
		                 "below it",
		                 why.row),
		    arena_printf(c->arena, "row %s", why.row));
		return;
	}
	if (st == STORE_NOTFOUND) {
		store_rollback(c->db);
		api_reply_error(c, 404, "not_found", "No such plan", NULL);
		return;
	}
	/* Counts only: the amounts are the plan's, not the log's. */
	if (st != STORE_OK ||
	    !api_audit(c, "budget.replace",
	               arena_printf(c->arena, "plan:%lld", (long long)id),
	               plan.tree, plan.unit_path,
	               json_pack("{s:I, s:I, s:I, s:I}", "plan_id",
	                         (json_int_t)id, "rows", (json_int_t)t.nlines,
	                         "problems", (json_int_t)n, "version",
	                         (json_int_t)meta.version)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	json_t *j = check_json(c, &t, p, n, truncated);
	json_object_set_new(j, "version", json_integer(meta.version));
	api_add_header(c, "ETag", budget_etag(c, meta.version));
	api_reply_json(c, 200, j);
}

/* {"2018:central": vnd, …} of line i's computed cells (every column). */
static json_t *computed_cells(const struct budget_view *v, size_t i)
{
	json_t *o = json_object();
	for (size_t k = 0; k < v->table.ncolumns; k++)
		json_object_set_new(
		    o, v->names[k],
		    json_integer(budget_view_computed(v, i, (int)k)));
	return o;
}

static json_t *line_json(const struct budget_view *v, size_t i)
{
	const struct budget_table *t = &v->table;
	const struct budget_line *l = &t->lines[i];
	json_t *cells = json_object();
	json_t *bad = json_object();
	for (size_t k = 0; k < t->ncolumns; k++) {
		if (l->cells[k].bad != NULL)
			json_object_set_new(bad, v->names[k],
			                    json_string(l->cells[k].bad));
		else if (l->cells[k].vnd != 0)
			json_object_set_new(cells, v->names[k],
			                    json_integer(l->cells[k].vnd));
	}
	json_t *stated = json_null();
	if (l->stated.bad != NULL)
		json_object_set_new(bad, "stated_total",
		                    json_string(l->stated.bad));
	else if (t->has_stated)
		stated = json_integer(l->stated.vnd);
	json_t *unit_cost = json_null();
	if (l->has_unit_cost && l->unit_cost.bad != NULL)
		json_object_set_new(bad, "unit_cost",
		                    json_string(l->unit_cost.bad));
	else if (l->has_unit_cost)
		unit_cost = json_integer(l->unit_cost.vnd);
	json_t *computed = computed_cells(v, i);
	json_object_set_new(computed, "stated_total",
	                    json_integer(budget_view_computed(v, i, -1)));
	return json_pack(
	    "{s:s, s:s?, s:s, s:o, s:s?, s:o, s:o, s:o, s:o, s:o, s:o, s:b, "
	    "s:i}",
	    "row", l->row, "parent", l->parent, "label",
	    l->label != NULL ? l->label : "", "project",
	    l->project > 0 ? json_integer(l->project) : json_null(), "unit",
	    l->unit, "unit_cost", unit_cost, "quantity",
	    l->has_quantity ? json_integer(l->quantity) : json_null(),
	    "stated_total", stated, "cells", cells, "bad", bad, "computed",
	    computed, "leaf", l->leaf, "depth", l->depth);
}

static json_t *column_names(const struct budget_view *v)
{
	json_t *a = json_array();
	for (size_t k = 0; k < v->table.ncolumns; k++)
		json_array_append_new(a, json_string(v->names[k]));
	return a;
}

void budget_get(struct api_ctx *c)
{
	struct budget_view v;
	if (!budget_view_load(c, &v))
		return;
	json_t *lines = json_array();
	for (size_t i = 0; i < v.table.nlines; i++)
		json_array_append_new(lines, line_json(&v, i));
	api_add_header(c, "ETag", budget_etag(c, v.meta.version));
	api_reply_json(c, 200,
	               json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:b}",
	                         "plan_id", (json_int_t)v.plan.id, "version",
	                         (json_int_t)v.meta.version, "updated_at",
	                         api_instant_json(v.meta.updated_at), "columns",
	                         column_names(&v), "lines", lines, "problems",
	                         budget_problems_json(c, &v.table, v.problems,
	                                              v.nproblems),
	                         "truncated", v.truncated));
}

/* ---- summary ----------------------------------------------------------- */

/* One row of the general table: {"project","cells","total"} from
 * row[column + 1]. */
static json_t *general_row(const struct budget_view *v, json_t *project,
                           const int64_t *row)
{
	json_t *cells = json_object();
	for (size_t k = 0; k < v->table.ncolumns; k++)
		json_object_set_new(cells, v->names[k],
		                    json_integer(row[k + 1]));
	return json_pack("{s:o, s:o, s:I}", "project", project, "cells", cells,
	                 "total", (json_int_t)row[0]);
}

static json_t *general_json(const struct budget_view *v,
                            const struct budget_summary *s)
{
	json_t *rows = json_array();
	size_t width = v->table.ncolumns + 1;
	for (int p = 1; p <= 5; p++) {
		int project = p % 5; /* 1–4, then the lines of none */
		if (s->project_used[project])
			json_array_append_new(
			    rows,
			    general_row(v, json_integer(project),
			                &s->general[(size_t)project * width]));
	}
	json_array_append_new(rows, general_row(v, json_null(), s->grand));
	return rows;
}

/* The lines of each project used, in file order, with computed amounts
 * (the appendices of a plan). */
static json_t *projects_json(const struct budget_view *v,
                             const struct budget_summary *s)
{
	json_t *list = json_array();
	for (int p = 1; p <= 4; p++) {
		if (!s->project_used[p])
			continue;
		json_t *lines = json_array();
		for (size_t i = 0; i < v->table.nlines; i++) {
			const struct budget_line *l = &v->table.lines[i];
			if (l->project_eff != p || l->is_total)
				continue;
			json_array_append_new(
			    lines,
			    json_pack(
			        "{s:s, s:s, s:i, s:o, s:I}", "row", l->row,
			        "label", l->label != NULL ? l->label : "",
			        "depth", l->depth, "cells",
			        computed_cells(v, i), "total",
			        (json_int_t)budget_view_computed(v, i, -1)));
		}
		json_array_append_new(list, json_pack("{s:i, s:o}", "project",
		                                      p, "lines", lines));
	}
	return list;
}

/* Estimate (computed), allocated and spent per year: the table's years
 * and any year with execution records; overspent when a record of the
 * year spent more than it was allocated. */
static json_t *by_year_json(const struct budget_summary *s,
                            const struct budget_execution *e, size_t ne)
{
	enum { YEARS = BUDGET_YEAR_MAX - BUDGET_YEAR_MIN + 1 };
	struct year_sum {
		bool used, overspent;
		int64_t estimate, allocated, spent;
	};
	struct year_sum *y = calloc(YEARS, sizeof *y);
	if (y == NULL)
		abort();
	for (size_t i = 0; i < s->nyears; i++) {
		int k = s->years[i] - BUDGET_YEAR_MIN;
		if (k >= 0 && k < YEARS) {
			y[k].used = true;
			y[k].estimate += s->by_year[i];
		}
	}
	for (size_t i = 0; i < ne; i++) {
		int k = e[i].year - BUDGET_YEAR_MIN;
		if (k < 0 || k >= YEARS)
			continue;
		y[k].used = true;
		y[k].allocated += e[i].allocated;
		y[k].spent += e[i].spent;
		if (e[i].spent > e[i].allocated)
			y[k].overspent = true;
	}
	json_t *list = json_array();
	for (int k = 0; k < YEARS; k++)
		if (y[k].used)
			json_array_append_new(
			    list,
			    json_pack("{s:i, s:I, s:I, s:I, s:b}", "year",
			              k + BUDGET_YEAR_MIN, "estimate",
			              (json_int_t)y[k].estimate, "allocated",
			              (json_int_t)y[k].allocated, "spent",
			              (json_int_t)y[k].spent, "overspent",
			              y[k].overspent));
	free(y);
	return list;
}

void budget_summary_get(struct api_ctx *c)
{
	struct budget_view v;
	if (!budget_view_load(c, &v))
		return;
	struct budget_execution *e;
	size_t ne;
	if (store_budget_execution_list(c->db, c->arena, v.plan.id, &e, &ne) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	struct budget_summary s;
	budget_summarise(&v.table, c->arena, &s);
	json_t *years = json_array();
	for (size_t i = 0; i < s.nyears; i++)
		json_array_append_new(years, json_integer(s.years[i]));
	json_t *sources = json_array();
	json_t *by_source = json_object();
	for (int k = 0; k < BUDGET_SOURCES; k++) {
		const char *name = budget_source_name((enum budget_source)k);
		json_array_append_new(sources, json_string(name));
		json_object_set_new(by_source, name,
		                    json_integer(s.by_source[k]));
	}
	api_reply_json(c, 200,
	               json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}",
	                         "columns", column_names(&v), "years", years,
	                         "sources", sources, "general",
	                         general_json(&v, &s), "by_source", by_source,
	                         "by_year", by_year_json(&s, e, ne), "projects",
	                         projects_json(&v, &s), "problems",
	                         (json_int_t)v.nproblems));
}
