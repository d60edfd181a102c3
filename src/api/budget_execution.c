/*
 * budget_execution.c — what was allocated (cấp) and spent (chi) against
 * the leaf lines of a plan's budget, per year of the plan and source,
 * with who changed it, when and why (docs/budget.md §Execution).
 *
 * ** URL: GET /api/v1/plans/ID/budget/execution → 200 {"items":[{"row",
 *             "year","source","allocated","spent","updated_at",
 *             "updated_by","updated_by_name"}]}
 * ** URL: PUT /api/v1/plans/ID/budget/execution {"row","year","source",
 *             "allocated","spent","reason"} → 200 the record; 422
 *             invalid_field naming the field
 * ** URL: GET /api/v1/plans/ID/budget/execution/history?row=&year=&source=
 *             → 200 {"items":[{…,"reason","changed_by",
 *             "changed_by_name","changed_at"}]} newest first
 *
 * Records are keyed by (plan, row, year, source), so they outlive a
 * replacement of the table, which budget.c refuses when it would drop
 * such a row or give it children.  Spending above the allocation is
 * allowed (advances, carry-overs); the summary flags it.  A write is
 * audited (budget.execution: the row, year and source; the amounts and
 * the reason are in the record's history) in its transaction.
 */
#include <string.h>

#include "api/budget_internal.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/plans.h"
#include "lib/arena.h"
#include "lib/fold.h"

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

static json_t *record_json(const struct budget_execution *e)
{
	return json_pack(
	    "{s:s, s:i, s:s, s:I, s:I, s:o, s:I, s:s?}", "row", e->row, "year",
	    e->year, "source", budget_source_name(e->source), "allocated",
	    (json_int_t)e->allocated, "spent", (json_int_t)e->spent,
	    "updated_at", api_instant_json(e->updated_at), "updated_by",
	    (json_int_t)e->updated_by, "updated_by_name", e->updated_by_name);
}

void budget_execution_list(struct api_ctx *c)
{
	int64_t id;
	struct plan_row plan;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &plan))
		return;
	struct budget_execution *e;
	size_t n;
	if (store_budget_execution_list(c->db, c->arena, id, &e, &n) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, record_json(&e[i]));
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}

enum { EF_ROW, EF_YEAR, EF_SOURCE, EF_ALLOCATED, EF_SPENT, EF_REASON, EF__MAX };
static const struct field_spec put_fields[EF__MAX] = {
    [EF_ROW] = {"row", FIELD_STRING, true, 1000},
    [EF_YEAR] = {"year", FIELD_INT, true, 0},
    [EF_SOURCE] = {"source", FIELD_STRING, true, 16},
    [EF_ALLOCATED] = {"allocated", FIELD_INT, true, 0},
    [EF_SPENT] = {"spent", FIELD_INT, true, 0},
    [EF_REASON] = {"reason", FIELD_STRING, true, 2000},
};

static bool amount_field(struct api_ctx *c, const char *field, int64_t v)
{
	if (v >= 0 && v <= BUDGET_AMOUNT_MAX)
		return true;
	return bad_field(c, field,
	                 arena_printf(c->arena,
	                              "%s must be whole VND from 0 to %lld",
	                              field, (long long)BUDGET_AMOUNT_MAX));
}

/* The checked fields of a PUT body into *e (row still to be found). */
static bool record_from(struct api_ctx *c, const struct plan_row *plan,
                        const struct field_value *f, struct budget_execution *e)
{
	memset(e, 0, sizeof *e);
	e->row = f[EF_ROW].s;
	if (f[EF_YEAR].i < plan->period_from || f[EF_YEAR].i > plan->period_to)
		return bad_field(
		    c, "year",
		    arena_printf(c->arena,
		                 "year must be a year of the plan, "
		                 "%d to %d",
		                 plan->period_from, plan->period_to));
	e->year = (int)f[EF_YEAR].i;
	if (budget_source_parse(f[EF_SOURCE].s, &e->source) != 0)
		return bad_field(c, "source",
		                 "source must be central, local or mobilised");
	if (!amount_field(c, "allocated", f[EF_ALLOCATED].i) ||
	    !amount_field(c, "spent", f[EF_SPENT].i))
		return false;
	e->allocated = f[EF_ALLOCATED].i;
	e->spent = f[EF_SPENT].i;
	size_t len = text_length(f[EF_REASON].s);
	if (len < 3 || len > 500)
		return bad_field(c, "reason",
		                 "reason must be 3 to 500 characters");
	e->reason = f[EF_REASON].s;
	return true;
}

/* Whether e->row is a leaf line of the stored table (not the total):
 * execution is recorded where the money is spent.  The stored row's own
 * text is taken, so the record matches it byte for byte. */
static bool row_is_leaf(struct api_ctx *c, const struct budget_table *t,
                        struct budget_execution *e)
{
	for (size_t i = 0; i < t->nlines; i++) {
		const struct budget_line *l = &t->lines[i];
		if (strcmp(l->row, e->row) != 0)
			continue;
		if (!l->leaf || l->is_total)
			return bad_field(
			    c, "row",
			    arena_printf(
			        c->arena,
			        "Row %s adds up other lines: record "
			        "allocations and spending on the lines "
			        "below it",
			        l->row));
		e->row = l->row;
		return true;
	}
	return bad_field(
	    c, "row",
	    arena_printf(c->arena, "The plan's budget has no row %s", e->row));
}

/* The record just written, as the list shows it. */
static bool reread(struct api_ctx *c, int64_t plan_id,
                   struct budget_execution *e)
{
	struct budget_execution *all;
	size_t n;
	if (store_budget_execution_list(c->db, c->arena, plan_id, &all, &n) !=
	    STORE_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].row, e->row) == 0 && all[i].year == e->year &&
		    all[i].source == e->source) {
			*e = all[i];
			return true;
		}
	return false;
}

void budget_execution_put(struct api_ctx *c)
{
	int64_t id;
	struct plan_row plan;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &plan))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[EF__MAX];
	struct budget_execution e;
	if (body == NULL || !case_fields(c, body, put_fields, EF__MAX, f) ||
	    !record_from(c, &plan, f, &e))
		return;
	e.updated_by = c->user.id;

	/* The leaf is checked inside the write transaction: a replacement
	 * cannot slip in between. */
	struct budget_table t;
	struct budget_meta meta;
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_budget_get(c->db, c->arena, id, &t, &meta);
	if (st == STORE_OK && !row_is_leaf(c, &t, &e)) {
		store_rollback(c->db);
		return;
	}
	if (st == STORE_OK)
		st = store_budget_execution_put(c->db, id, &e);
	if (st == STORE_NOTFOUND) {
		store_rollback(c->db);
		api_reply_error(c, 404, "not_found", "No such plan", NULL);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(c, "budget.execution",
	               arena_printf(c->arena, "plan:%lld", (long long)id),
	               plan.tree, plan.unit_path,
	               json_pack("{s:I, s:s, s:i, s:s}", "plan_id",
	                         (json_int_t)id, "row", e.row, "year", e.year,
	                         "source", budget_source_name(e.source))) ||
	    store_commit(c->db) != STORE_OK || !reread(c, id, &e)) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 200, record_json(&e));
}

void budget_execution_history(struct api_ctx *c)
{
	int64_t id;
	struct plan_row plan;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &plan))
		return;
	const char *row = api_query(c, "row");
	if (row != NULL && *row == '\0')
		row = NULL;
	int year = 0, source = -1;
	const char *s = api_query(c, "year");
	if (s != NULL && *s != '\0') {
		int64_t y;
		if (!case_query_id(s, &y) || y < BUDGET_YEAR_MIN ||
		    y > BUDGET_YEAR_MAX) {
			bad_field(c, "year", "year must be a year, e.g. 2019");
			return;
		}
		year = (int)y;
	}
	s = api_query(c, "source");
	if (s != NULL && *s != '\0') {
		enum budget_source src;
		if (budget_source_parse(s, &src) != 0) {
			bad_field(c, "source",
			          "source must be central, local or mobilised");
			return;
		}
		source = (int)src;
	}
	struct budget_execution *h;
	size_t n;
	if (store_budget_execution_history(c->db, c->arena, id, row, year,
	                                   source, 0, &h, &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    items,
		    json_pack("{s:s, s:i, s:s, s:I, s:I, s:s?, s:I, s:s?, s:o}",
		              "row", h[i].row, "year", h[i].year, "source",
		              budget_source_name(h[i].source), "allocated",
		              (json_int_t)h[i].allocated, "spent",
		              (json_int_t)h[i].spent, "reason", h[i].reason,
		              "changed_by", (json_int_t)h[i].updated_by,
		              "changed_by_name", h[i].updated_by_name,
		              "changed_at", api_instant_json(h[i].updated_at)));
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}
