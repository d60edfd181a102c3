/*
 * carers.c — the register of kin carers and foster families
 * (docs/network.md §Alternative care; RULES.md §3.4: non-kin families
 * register with the commune on Form 08, kin carers notify it).
 *
 * ** URL: POST  /api/v1/carers {"full_name","kind","sex","birth_year",
 *               "national_id","unit_code","address","phone",
 *               "registered_on","household_size","note","status"} → 201;
 *               403 out_of_scope; 422 invalid_field
 * ** URL: GET   /api/v1/carers?unit=&tree=&kind=&status=&q=&page=
 *               &page_size= → 200 {items,total,page,page_size}
 * ** URL: GET   /api/v1/carers/ID → 200 with "placements"
 * ** URL: PATCH /api/v1/carers/ID {any field} → 200; If-Match optional,
 *               412 stale
 *
 * A carer is a record of its commune's register: its unit must be inside
 * the caller's scope (else 404).  Carers are persons, not case subjects:
 * the audit keeps codes and ids, never a name or an id number.  Hotline
 * and facility users keep no carer register: 403.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/network.h"
#include "domain/codes.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* placements.c: a placement's JSON and whether the caller sees its
 * case; here, for placements.c: a carer the
 * caller sees (STORE_NOTFOUND when outside its scope). */
json_t *placement_json(struct api_ctx *c, const struct placement_row *p);
bool placement_visible(struct api_ctx *c, const struct placement_row *p);
enum store_status carer_find(struct api_ctx *c, int64_t id,
                             struct carer_row *out);

#define HOUSEHOLD_MAX 100

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

static bool register_keeper(struct api_ctx *c)
{
	if (c->who.role != ROLE_HOTLINE && c->who.role != ROLE_FACILITY)
		return true;
	api_reply_error(c, 403, "forbidden",
	                "The carer register is kept by the communes and their "
	                "supervisors",
	                NULL);
	return false;
}

enum store_status carer_find(struct api_ctx *c, int64_t id,
                             struct carer_row *out)
{
	enum store_status st = store_carer_get(c->db, c->arena, id, out);
	if (st == STORE_OK && !net_in_scope(c, out->unit_tree, out->unit_path))
		return STORE_NOTFOUND;
	return st;
}

static const char *carer_etag(struct api_ctx *c, const struct carer_row *r)
{
	return net_etag(c, "k", r->id, r->version);
}

static json_t *carer_json(struct api_ctx *c, const struct carer_row *r)
{
	struct unit_row u;
	const char *unit_name = NULL;
	if (store_unit_get(c->db, c->arena, r->unit_tree, r->unit_code, &u) ==
	    STORE_OK)
		unit_name = u.name;
	json_t *j = json_object();
#define STR(k, v) json_object_set_new(j, k, (v) ? json_string(v) : json_null())
	json_object_set_new(j, "id", json_integer(r->id));
	STR("full_name", r->full_name);
	STR("kind", r->kind);
	STR("sex", r->sex);
	json_object_set_new(j, "birth_year",
	                    r->birth_year ? json_integer(r->birth_year)
	                                  : json_null());
	STR("national_id", r->national_id);
	STR("unit_tree", r->unit_tree);
	STR("unit_code", r->unit_code);
	STR("unit_name", unit_name);
	STR("address", r->address);
	STR("phone", r->phone);
	STR("registered_on", r->registered_on);
	json_object_set_new(j, "household_size",
	                    r->household_size ? json_integer(r->household_size)
	                                      : json_null());
	STR("status", r->status);
	STR("note", r->note);
	json_object_set_new(j, "active_placements",
	                    json_integer(r->active_placements));
	json_object_set_new(j, "version", json_integer(r->version));
	json_object_set_new(j, "created_at", api_instant_json(r->created_at));
	json_object_set_new(j, "updated_at", api_instant_json(r->updated_at));
#undef STR
	return j;
}

/* ---- fields
 * ------------------------------------------------------------------ */

static const char *const carer_keys[] = {
    "full_name", "kind",    "sex",   "birth_year",    "national_id",
    "unit_code", "address", "phone", "registered_on", "household_size",
    "note",      "status",  NULL};

/* Optional int at obj[key] in [min, max]; null clears (0). */
static bool int_field(struct api_ctx *c, json_t *obj, const char *key,
                      int64_t min, int64_t max, int *dst)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL)
		return true;
	if (json_is_null(v)) {
		*dst = 0;
		return true;
	}
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max)
		return bad_field(c, key,
		                 arena_printf(c->arena,
		                              "%s must be a whole number from "
		                              "%lld to %lld",
		                              key, (long long)min,
		                              (long long)max));
	*dst = (int)json_integer_value(v);
	return true;
}

/* Text at obj[key] when present (null clears unless required). */
static bool text_field(struct api_ctx *c, json_t *obj, const char *key,
                       size_t min, size_t max, bool required, const char **dst)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL)
		return true;
	const char *s;
	if (!case_text(c, obj, key, NULL, min, max, required, &s))
		return false;
	*dst = s != NULL && *s != '\0' ? s : NULL;
	return true;
}

static bool code_field(struct api_ctx *c, json_t *obj, const char *key,
                       const char *list, bool required, const char **dst)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL)
		return true;
	const char *s;
	if (!case_code(c, obj, key, NULL, list, required, &s))
		return false;
	*dst = s;
	return true;
}

/* Applies the body onto r; on create every required field must be there. */
static bool carer_apply(struct api_ctx *c, json_t *body, struct carer_row *r,
                        bool create)
{
	static const char *const required[] = {"full_name", "kind", "unit_code",
	                                       "registered_on"};
	if (create)
		for (size_t i = 0; i < 4; i++) {
			json_t *v = json_object_get(body, required[i]);
			if (v == NULL || json_is_null(v))
				return bad_field(c, required[i],
				                 arena_printf(c->arena,
				                              "%s is required",
				                              required[i]));
		}
	int year = hcm_year_of(time_now());
	if (!text_field(c, body, "full_name", 2, 200, true, &r->full_name) ||
	    !code_field(c, body, "kind", "carer_kind", true, &r->kind) ||
	    !code_field(c, body, "sex", "sex", false, &r->sex) ||
	    !int_field(c, body, "birth_year", 1900, year, &r->birth_year) ||
	    !text_field(c, body, "national_id", 9, 12, false,
	                &r->national_id) ||
	    !text_field(c, body, "address", 0, 500, false, &r->address) ||
	    !text_field(c, body, "phone", 0, 50, false, &r->phone) ||
	    !int_field(c, body, "household_size", 1, HOUSEHOLD_MAX,
	               &r->household_size) ||
	    !text_field(c, body, "note", 0, 2000, false, &r->note))
		return false;
	json_t *st = json_object_get(body, "status");
	if (st != NULL) {
		const char *s = json_is_string(st) ? json_string_value(st) : "";
		if (strcmp(s, "active") != 0 && strcmp(s, "inactive") != 0)
			return bad_field(c, "status",
			                 "status must be active or inactive");
		r->status = strcmp(s, "active") == 0 ? "active" : "inactive";
	}
	if (r->full_name != NULL)
		r->full_name_folded = text_fold(c->arena, r->full_name);
	if (r->national_id != NULL &&
	    strspn(r->national_id, "0123456789") != strlen(r->national_id))
		return bad_field(c, "national_id",
		                 "national_id must be 9 or 12 digits");
	json_t *v = json_object_get(body, "registered_on");
	if (v != NULL) {
		char d[NET_DATE_MAX];
		if (!net_date_field(c, "registered_on",
		                    json_is_string(v) ? json_string_value(v)
		                                      : NULL,
		                    true, d))
			return false;
		r->registered_on = arena_strdup(c->arena, d);
	}
	if ((v = json_object_get(body, "unit_code")) != NULL) {
		struct unit_row u;
		if (!net_unit_field(
		        c, "unit_code", NULL,
		        json_is_string(v) ? json_string_value(v) : NULL, &u))
			return false;
		r->unit_tree = u.tree;
		r->unit_code = u.code;
		r->unit_path = u.path;
	}
	return true;
}

/* ---- handlers
 * ---------------------------------------------------------------- */

static bool carer_load(struct api_ctx *c, struct carer_row *r)
{
	int64_t id;
	if (!register_keeper(c) || !api_id_param(c, "id", "carer", &id))
		return false;
	enum store_status st = carer_find(c, id, r);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st != STORE_OK) {
		api_reply_error(c, 404, "not_found", "No such carer", NULL);
		return false;
	}
	return true;
}

/* The carer with its placements (those of cases the caller sees). */
/* A placement of the carer as the carer's page shows it: in full for a
 * case the caller sees in full; for a restricted one (or one seen in the
 * limited view) the form and dates only, without the placement or case
 * number: a named family beside a case number says whose child it
 * keeps. */
static json_t *carer_placement_json(struct api_ctx *c,
                                    const struct placement_row *p)
{
	json_t *full = placement_json(c, p);
	if (!json_is_true(json_object_get(full, "identity_hidden")))
		return full;
	static const char *const kept[] = {
	    "form",           "start_on", "end_on", "next_review_on",
	    "review_overdue", "active",   NULL};
	json_t *brief = json_object();
	for (size_t i = 0; kept[i] != NULL; i++)
		json_object_set(brief, kept[i], json_object_get(full, kept[i]));
	json_object_set_new(brief, "identity_hidden", json_true());
	json_decref(full);
	return brief;
}

static void reply_carer(struct api_ctx *c, int status, int64_t id)
{
	struct carer_row r;
	struct placement_row *rows;
	size_t n;
	long total;
	if (store_carer_get(c->db, c->arena, id, &r) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	struct placement_query q = {.tree = r.unit_tree, .carer_id = r.id};
	if (store_placements_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *j = carer_json(c, &r), *items = json_array();
	for (size_t i = 0; i < n; i++) {
		/* Only the placements of cases the caller sees. */
		if (placement_visible(c, &rows[i]))
			json_array_append_new(
			    items, carer_placement_json(c, &rows[i]));
	}
	json_object_set_new(j, "placements", items);
	api_add_header(c, "ETag", carer_etag(c, &r));
	api_reply_json(c, status, j);
}

void carers_create(struct api_ctx *c)
{
	if (!register_keeper(c))
		return;
	json_t *body = api_body_object(c);
	struct carer_row r = {0};
	r.status = "active";
	if (body == NULL || !case_keys_known(c, body, carer_keys, NULL) ||
	    !carer_apply(c, body, &r, true))
		return;
	r.created_by = c->user.id;
	r.created_at = r.updated_at = time_now();
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_carer_insert(c->db, &r);
	if (st != STORE_OK ||
	    !api_audit(c, "carer_create",
	               arena_printf(c->arena, "carer:%lld", (long long)r.id),
	               r.unit_tree, r.unit_path,
	               json_pack("{s:s, s:s}", "kind", r.kind, "unit_code",
	                         r.unit_code)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_carer(c, 201, r.id);
}

void carers_get(struct api_ctx *c)
{
	struct carer_row r;
	if (carer_load(c, &r))
		reply_carer(c, 200, r.id);
}

void carers_update(struct api_ctx *c)
{
	struct carer_row r;
	if (!carer_load(c, &r) || !net_if_match(c, carer_etag(c, &r)))
		return;
	json_t *body = api_body_object(c);
	if (body == NULL || !case_keys_known(c, body, carer_keys, NULL) ||
	    !carer_apply(c, body, &r, false))
		return;
	/* Field names only: the values identify a family. */
	json_t *changed = json_array();
	for (size_t i = 0; carer_keys[i] != NULL; i++)
		if (json_object_get(body, carer_keys[i]) != NULL)
			json_array_append_new(changed,
			                      json_string(carer_keys[i]));
	r.updated_at = time_now();
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_carer_update(c->db, &r, r.version);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		json_decref(changed);
		store_rollback(c->db);
		api_reply_error(c, 412, "stale",
		                "The carer was changed since you read it",
		                NULL);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(c, "carer_update",
	               arena_printf(c->arena, "carer:%lld", (long long)r.id),
	               r.unit_tree, r.unit_path,
	               json_pack("{s:o}", "changed", changed)) ||
	    store_commit(c->db) != STORE_OK) {
		if (st != STORE_OK)
			json_decref(changed);
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_carer(c, 200, r.id);
}

void carers_list(struct api_ctx *c)
{
	struct carer_query q = {0};
	int page;
	if (!register_keeper(c) || !api_paging(c, &q.offset, &q.limit, &page) ||
	    !net_list_scope(c, &q.tree, &q.within_path))
		return;
	const char *s = api_query(c, "kind");
	if (s != NULL && *s != '\0') {
		if (!net_code_field(c, "kind", "carer_kind", s))
			return;
		q.kind = s;
	}
	if ((s = api_query(c, "status")) != NULL && *s != '\0') {
		if (strcmp(s, "active") != 0 && strcmp(s, "inactive") != 0) {
			bad_field(c, "status",
			          "status must be active or inactive");
			return;
		}
		q.status = s;
	}
	if ((s = api_query(c, "q")) != NULL && *s != '\0') {
		if (strlen(s) > 200 || !text_valid(s) ||
		    (q.q_folded = text_fold(c->arena, s)) == NULL) {
			bad_field(c, "q", "q must be short text");
			return;
		}
	}
	struct carer_row *rows;
	size_t n;
	long total;
	if (store_carers_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, carer_json(c, &rows[i]));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", q.limit));
}
