/*
 * targets.c — the targets of a plan (docs/indicators.md §Plans): one
 * value per indicator and year inside the plan's period, with the plan's
 * own words and, where the plan states it, a baseline.  The dashboard
 * reads them through store_targets_applicable; plans.c owns the plan.
 *
 * ** URL: GET    /api/v1/plans/ID/targets → 200 {"items":[{"id",
 *                "plan_id","indicator","year","target","baseline",
 *                "baseline_year","quote","version"}]} by indicator, year
 * ** URL: POST   /api/v1/plans/ID/targets {"indicator","year","target",
 *                "baseline","baseline_year","quote"} → 201 + ETag
 *                "g<id>-<v>"; 422 invalid_field
 * ** URL: PATCH  /api/v1/targets/ID {any field} → 200; If-Match optional,
 *                412 stale
 * ** URL: DELETE /api/v1/targets/ID → 204; If-Match optional, 412 stale
 *
 * A target is read and written through its plan: the plan's unit inside
 * the caller's scope, else 404.  Two targets of one indicator and year
 * are allowed (plans state some twice).  Every change is audited with the
 * values: targets are public plan text, not personal data.
 */
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/network.h"
#include "api/plans.h"
#include "domain/plan.h"
#include "lib/arena.h"
#include "lib/fold.h"

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

static const char *target_etag(struct api_ctx *c, const struct target_row *t)
{
	return net_etag(c, "g", t->id, t->version);
}

static const char *target_target(struct api_ctx *c, int64_t id)
{
	return arena_printf(c->arena, "target:%lld", (long long)id);
}

static json_t *target_json(const struct target_row *t)
{
	return json_pack(
	    "{s:I, s:I, s:s, s:i, s:o, s:o, s:o, s:s?, s:I}", "id",
	    (json_int_t)t->id, "plan_id", (json_int_t)t->plan_id, "indicator",
	    t->indicator, "year", t->year, "target",
	    plan_number_json(t->target), "baseline",
	    t->has_baseline ? plan_number_json(t->baseline) : json_null(),
	    "baseline_year",
	    t->baseline_year > 0 ? json_integer(t->baseline_year) : json_null(),
	    "quote", t->quote, "version", (json_int_t)t->version);
}

static void reply_target(struct api_ctx *c, int status, int64_t id)
{
	struct target_row t;
	if (store_target_get(c->db, c->arena, id, &t) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "ETag", target_etag(c, &t));
	api_reply_json(c, status, target_json(&t));
}

/* The target of route parameter `id` and its plan, inside the caller's
 * scope; answers 404 (missing or outside) or 500 and returns false. */
static bool target_load(struct api_ctx *c, struct target_row *t,
                        struct plan_row *p)
{
	int64_t id;
	if (!api_id_param(c, "id", "target", &id))
		return false;
	enum store_status st = store_target_get(c->db, c->arena, id, t);
	if (st == STORE_OK)
		st = store_plan_get(c->db, c->arena, t->plan_id, p);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND ||
	    !access_sees(&c->who, p->tree, p->unit_path)) {
		api_reply_error(c, 404, "not_found", "No such target", NULL);
		return false;
	}
	return true;
}

/* ---- fields ------------------------------------------------------------ */

enum { TG_INDICATOR, TG_YEAR, TG_BASELINE_YEAR, TG_QUOTE, TG__MAX };
/* Byte limits are four times the character limits of domain/plan.h;
 * target and baseline are numbers, read apart (number_field). */
static const struct field_spec add_fields[TG__MAX] = {
    [TG_INDICATOR] = {"indicator", FIELD_STRING, true, 80},
    [TG_YEAR] = {"year", FIELD_INT, true, 0},
    [TG_BASELINE_YEAR] = {"baseline_year", FIELD_INT, false, 0},
    [TG_QUOTE] = {"quote", FIELD_STRING, false, 8000},
};
static const struct field_spec update_fields[TG__MAX] = {
    [TG_INDICATOR] = {"indicator", FIELD_STRING, false, 80},
    [TG_YEAR] = {"year", FIELD_INT, false, 0},
    [TG_BASELINE_YEAR] = {"baseline_year", FIELD_INT, false, 0},
    [TG_QUOTE] = {"quote", FIELD_STRING, false, 8000},
};
static const char *const target_keys[] = {
    "indicator", "year", "target", "baseline", "baseline_year", "quote", NULL};

/* A number field: absent or null leaves *present false (422 when
 * required), else it must be a JSON number. */
static bool number_field(struct api_ctx *c, json_t *body, const char *name,
                         bool required, bool *present, double *out)
{
	json_t *v = json_object_get(body, name);
	*present = false;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return bad_field(
			    c, name,
			    arena_printf(c->arena, "%s is required", name));
		return true;
	}
	if (!json_is_number(v))
		return bad_field(
		    c, name,
		    arena_printf(c->arena, "%s must be a number", name));
	*out = json_number_value(v);
	*present = true;
	return true;
}

static const char *range_message(enum indicator_kind k, const char *field)
{
	return k == IND_COUNT ? (strcmp(field, "target") == 0
	                             ? "a count target must be 0 or more"
	                             : "a count baseline must be 0 or more")
	       : strcmp(field, "target") == 0
	           ? "a percent target must be from 0 to 100"
	           : "a percent baseline must be from 0 to 100";
}

/* Applies the fields of the body onto t (add: the required ones are
 * there) and checks the whole target against plan p.  Answers 422 and
 * returns false. */
static bool target_apply(struct api_ctx *c, json_t *body,
                         const struct field_value *f, bool adding,
                         const struct plan_row *p, struct target_row *t)
{
	enum indicator_kind kind;
	bool present;
	double v;

	if (f[TG_INDICATOR].present)
		t->indicator = f[TG_INDICATOR].s;
	if (!plan_indicator_kind(c, "indicator", t->indicator, &kind))
		return false;
	if (f[TG_YEAR].present) {
		if (!plan_year_valid(f[TG_YEAR].i))
			return bad_field(
			    c, "year", "year must be a year from 2000 to 2100");
		t->year = (int)f[TG_YEAR].i;
	}
	if (!plan_year_in_period(t->year, p->period_from, p->period_to))
		return bad_field(c, "year",
		                 arena_printf(c->arena,
		                              "year must be inside the plan's "
		                              "period %d–%d",
		                              p->period_from, p->period_to));
	if (!number_field(c, body, "target", adding, &present, &v))
		return false;
	if (present)
		t->target = v;
	if (!plan_target_valid(kind, t->target))
		return bad_field(c, "target", range_message(kind, "target"));
	if (!number_field(c, body, "baseline", false, &present, &v))
		return false;
	if (present) {
		t->has_baseline = true;
		t->baseline = v;
	} else if (json_is_null(json_object_get(body, "baseline"))) {
		t->has_baseline = false;
		t->baseline = 0;
	}
	if (t->has_baseline && !plan_target_valid(kind, t->baseline))
		return bad_field(c, "baseline",
		                 range_message(kind, "baseline"));
	if (f[TG_BASELINE_YEAR].present) {
		if (!plan_year_valid(f[TG_BASELINE_YEAR].i))
			return bad_field(c, "baseline_year",
			                 "baseline_year must be a year from "
			                 "2000 to 2100");
		t->baseline_year = (int)f[TG_BASELINE_YEAR].i;
	} else if (json_is_null(json_object_get(body, "baseline_year"))) {
		t->baseline_year = 0;
	}
	if (t->baseline_year != 0 &&
	    !plan_baseline_year_valid(t->baseline_year, t->year))
		return bad_field(c, "baseline_year",
		                 "baseline_year must not be after year");
	if (t->baseline_year != 0 && !t->has_baseline)
		return bad_field(c, "baseline_year",
		                 "baseline_year needs a baseline");
	if (f[TG_QUOTE].present) {
		if (text_length(f[TG_QUOTE].s) > PLAN_QUOTE_MAX)
			return bad_field(
			    c, "quote",
			    "quote must be at most 2000 characters");
		t->quote = *f[TG_QUOTE].s != '\0' ? f[TG_QUOTE].s : NULL;
	} else if (json_is_null(json_object_get(body, "quote"))) {
		t->quote = NULL;
	}
	return true;
}

/* ---- handlers ---------------------------------------------------------- */

void targets_list(struct api_ctx *c)
{
	int64_t id;
	struct plan_row p;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &p))
		return;
	struct target_row *rows;
	size_t n;
	if (store_targets_list(c->db, c->arena, p.id, &rows, &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, target_json(&rows[i]));
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}

void targets_add(struct api_ctx *c)
{
	int64_t id;
	struct plan_row p;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &p))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[TG__MAX];
	struct target_row t = {0};
	if (body == NULL || !case_keys_known(c, body, target_keys, NULL) ||
	    !api_fields(c, body, add_fields, TG__MAX, f) ||
	    !target_apply(c, body, f, true, &p, &t))
		return;
	t.plan_id = p.id;

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_target_add(c->db, &t);
	if (st != STORE_OK ||
	    !api_audit(
	        c, "target_add", target_target(c, t.id), p.tree, p.unit_path,
	        json_pack("{s:I, s:s, s:i, s:o}", "plan_id", (json_int_t)p.id,
	                  "indicator", t.indicator, "year", t.year, "target",
	                  plan_number_json(t.target))) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_target(c, 201, t.id);
}

void targets_update(struct api_ctx *c)
{
	struct target_row t;
	struct plan_row p;
	if (!target_load(c, &t, &p) || !net_if_match(c, target_etag(c, &t)))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[TG__MAX];
	if (body == NULL || !case_keys_known(c, body, target_keys, NULL) ||
	    !api_fields(c, body, update_fields, TG__MAX, f) ||
	    !target_apply(c, body, f, false, &p, &t))
		return;
	json_t *changed = json_array();
	for (size_t i = 0; target_keys[i] != NULL; i++)
		if (json_object_get(body, target_keys[i]) != NULL)
			json_array_append_new(changed,
			                      json_string(target_keys[i]));

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_target_update(c->db, &t, t.version);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		json_decref(changed);
		store_rollback(c->db);
		api_reply_error(c, 412, "stale",
		                "The target was changed since you read it",
		                NULL);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(c, "target_update", target_target(c, t.id), p.tree,
	               p.unit_path,
	               json_pack("{s:I, s:o, s:s, s:i, s:o}", "plan_id",
	                         (json_int_t)p.id, "changed", changed,
	                         "indicator", t.indicator, "year", t.year,
	                         "target", plan_number_json(t.target))) ||
	    store_commit(c->db) != STORE_OK) {
		if (st != STORE_OK)
			json_decref(changed);
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_target(c, 200, t.id);
}

void targets_delete(struct api_ctx *c)
{
	struct target_row t;
	struct plan_row p;
	if (!target_load(c, &t, &p) || !net_if_match(c, target_etag(c, &t)))
		return;

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_target_delete(c->db, t.id, t.version);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		store_rollback(c->db);
		api_reply_error(c, 412, "stale",
		                "The target was changed since you read it",
		                NULL);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(
	        c, "target_delete", target_target(c, t.id), p.tree, p.unit_path,
	        json_pack("{s:I, s:s, s:i, s:o}", "plan_id", (json_int_t)p.id,
	                  "indicator", t.indicator, "year", t.year, "target",
	                  plan_number_json(t.target))) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_reply_empty(c, 204);
}
