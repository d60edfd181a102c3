/*
 * facilities.c — facilities, service points and models of the service
 * network (docs/network.md §Facilities, API.md §facilities): the register
 * the plans count by type, and the places that hold residents
 * (residents.c).
 *
 * ** URL: POST  /api/v1/facilities {"name","type","ownership","unit_code",
 *               "capacity","licence_no","licence_date","licence_issuer",
 *               "address","phone","started_on","status","upgraded_on",
 *               "sw_standard","note"} (?tree=) → 201 + ETag "f<id>-<v>";
 *               403 out_of_scope; 422 invalid_field
 * ** URL: GET   /api/v1/facilities?unit=&tree=&type=&kind=&status=
 *               &ownership=&q=&page=&page_size=&format=csv → 200
 *               {items,total,page,page_size} (or the CSV export)
 * ** URL: GET   /api/v1/facilities/ID → 200 with "residents", "occupancy"
 * ** URL: PATCH /api/v1/facilities/ID {any field} → 200; If-Match optional,
 *               412 stale
 * ** URL: GET   /api/v1/facilities/ID/history → 200 {"items":[…]} oldest
 *               first
 *
 * A unit user sees the facilities inside its scope and those of the units
 * above it (a commune admits into the provincial centre), edits only those
 * inside; a facility user sees its own facility only.  Anything else is
 * 404.  Every change is a facility event and an audit entry in one
 * transaction; the audit names fields, never their values (a note may
 * name a person).
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/network.h"
#include "domain/codes.h"
#include "domain/lineage.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* Shared with residents.c (declared there too): appends a facility event
 * in the caller's name inside the open transaction; data is stolen. */
bool facility_event_add(struct api_ctx *c, int64_t facility_id,
                        const char *kind, json_t *data);

#define CAPACITY_MAX 100000

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

static const char *facility_etag(struct api_ctx *c,
                                 const struct facility_row *f)
{
	return net_etag(c, "f", f->id, f->version);
}

static const char *facility_target(struct api_ctx *c, int64_t id)
{
	return arena_printf(c->arena, "facility:%lld", (long long)id);
}

bool facility_event_add(struct api_ctx *c, int64_t facility_id,
                        const char *kind, json_t *data)
{
	char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(data);
	if (text == NULL)
		return false;
	struct facility_event_row e = {0};
	e.facility_id = facility_id;
	e.at = time_now();
	e.actor_id = c->user.id;
	e.actor_name = c->user.username;
	e.kind = kind;
	e.data = arena_strdup(c->arena, text);
	free(text);
	return store_facility_event_append(c->db, &e) == STORE_OK;
}

/* ---- fields ---------------------------------------------------------------
 */

enum {
	FF_NAME,
	FF_TYPE,
	FF_OWNERSHIP,
	FF_UNIT,
	FF_CAPACITY,
	FF_LICENCE_NO,
	FF_LICENCE_DATE,
	FF_LICENCE_ISSUER,
	FF_ADDRESS,
	FF_PHONE,
	FF_STARTED,
	FF_STATUS,
	FF_UPGRADED,
	FF_SW_STANDARD,
	FF_NOTE,
	FF__MAX
};
/* Byte limits are four times the character limits checked below. */
static const struct field_spec create_fields[FF__MAX] = {
    [FF_NAME] = {"name", FIELD_STRING, true, 800},
    [FF_TYPE] = {"type", FIELD_STRING, true, 64},
    [FF_OWNERSHIP] = {"ownership", FIELD_STRING, true, 20},
    [FF_UNIT] = {"unit_code", FIELD_STRING, true, 8},
    [FF_CAPACITY] = {"capacity", FIELD_INT, false, 0},
    [FF_LICENCE_NO] = {"licence_no", FIELD_STRING, false, 200},
    [FF_LICENCE_DATE] = {"licence_date", FIELD_STRING, false, 10},
    [FF_LICENCE_ISSUER] = {"licence_issuer", FIELD_STRING, false, 800},
    [FF_ADDRESS] = {"address", FIELD_STRING, false, 2000},
    [FF_PHONE] = {"phone", FIELD_STRING, false, 200},
    [FF_STARTED] = {"started_on", FIELD_STRING, false, 10},
    [FF_STATUS] = {"status", FIELD_STRING, false, 20},
    [FF_UPGRADED] = {"upgraded_on", FIELD_STRING, false, 10},
    [FF_SW_STANDARD] = {"sw_standard", FIELD_BOOL, false, 0},
    [FF_NOTE] = {"note", FIELD_STRING, false, 8000},
};
/* PATCH: the same fields, none required. */
static const struct field_spec update_fields[FF__MAX] = {
    [FF_NAME] = {"name", FIELD_STRING, false, 800},
    [FF_TYPE] = {"type", FIELD_STRING, false, 64},
    [FF_OWNERSHIP] = {"ownership", FIELD_STRING, false, 20},
    [FF_UNIT] = {"unit_code", FIELD_STRING, false, 8},
    [FF_CAPACITY] = {"capacity", FIELD_INT, false, 0},
    [FF_LICENCE_NO] = {"licence_no", FIELD_STRING, false, 200},
    [FF_LICENCE_DATE] = {"licence_date", FIELD_STRING, false, 10},
    [FF_LICENCE_ISSUER] = {"licence_issuer", FIELD_STRING, false, 800},
    [FF_ADDRESS] = {"address", FIELD_STRING, false, 2000},
    [FF_PHONE] = {"phone", FIELD_STRING, false, 200},
    [FF_STARTED] = {"started_on", FIELD_STRING, false, 10},
    [FF_STATUS] = {"status", FIELD_STRING, false, 20},
    [FF_UPGRADED] = {"upgraded_on", FIELD_STRING, false, 10},
    [FF_SW_STANDARD] = {"sw_standard", FIELD_BOOL, false, 0},
    [FF_NOTE] = {"note", FIELD_STRING, false, 8000},
};
static const char *const facility_keys[] = {
    "name",        "type",        "ownership",    "unit_code",
    "capacity",    "licence_no",  "licence_date", "licence_issuer",
    "address",     "phone",       "started_on",   "status",
    "upgraded_on", "sw_standard", "note",         NULL};

/* Optional text of at most max characters; absent leaves *dst, null or ""
 * clears it. */
static bool optional_text(struct api_ctx *c, json_t *body,
                          const struct field_value *f, const char *field,
                          size_t max, const char **dst)
{
	if (!f->present) {
		if (json_is_null(json_object_get(body, field)))
			*dst = NULL;
		return true;
	}
	if (text_length(f->s) > max)
		return bad_field(
		    c, field,
		    arena_printf(c->arena, "%s must be at most %zu characters",
		                 field, max));
	*dst = *f->s != '\0' ? f->s : NULL;
	return true;
}

/* Optional date; null clears it. */
static bool optional_date(struct api_ctx *c, json_t *body,
                          const struct field_value *f, const char *field,
                          bool not_future, const char **dst)
{
	if (!f->present) {
		if (json_is_null(json_object_get(body, field)))
			*dst = NULL;
		return true;
	}
	char d[NET_DATE_MAX];
	if (!net_date_field(c, field, f->s, not_future, d))
		return false;
	*dst = arena_strdup(c->arena, d);
	return true;
}

/* Applies the fields of the body onto r and checks them.  Answers 422 /
 * 403 and returns false; nothing is stored here. */
static bool facility_apply(struct api_ctx *c, json_t *body,
                           const struct field_value *f, struct facility_row *r)
{
	if (f[FF_NAME].present) {
		size_t n = text_length(f[FF_NAME].s);
		if (n < 2 || n > 200)
			return bad_field(c, "name",
			                 "name must be 2 to 200 characters");
		r->name = f[FF_NAME].s;
		r->name_folded = text_fold(c->arena, r->name);
	} else if (json_is_null(json_object_get(body, "name"))) {
		return bad_field(c, "name", "name is required");
	}
	if (f[FF_TYPE].present) {
		if (!net_code_field(c, "type", "facility_type", f[FF_TYPE].s))
			return false;
		r->type = f[FF_TYPE].s;
		r->kind = facility_kind_of(r->type);
		if (r->kind == NULL)
			return bad_field(c, "type",
			                 "type must be a code of the "
			                 "facility_type list");
	} else if (json_is_null(json_object_get(body, "type"))) {
		return bad_field(c, "type", "type is required");
	}
	if (f[FF_OWNERSHIP].present) {
		if (!net_code_field(c, "ownership", "facility_ownership",
		                    f[FF_OWNERSHIP].s))
			return false;
		r->ownership = f[FF_OWNERSHIP].s;
	} else if (json_is_null(json_object_get(body, "ownership"))) {
		return bad_field(c, "ownership", "ownership is required");
	}
	if (f[FF_UNIT].present) {
		struct unit_row u;
		if (!net_unit_field(c, "unit_code", NULL, f[FF_UNIT].s, &u))
			return false;
		r->unit_tree = u.tree;
		r->unit_code = u.code;
		r->unit_path = u.path;
	} else if (json_is_null(json_object_get(body, "unit_code"))) {
		return bad_field(c, "unit_code", "unit_code is required");
	}
	if (f[FF_CAPACITY].present) {
		if (f[FF_CAPACITY].i < 0 || f[FF_CAPACITY].i > CAPACITY_MAX)
			return bad_field(c, "capacity",
			                 "capacity must be a whole number from "
			                 "0 to 100000");
		r->capacity = f[FF_CAPACITY].i;
	} else if (json_is_null(json_object_get(body, "capacity"))) {
		r->capacity = -1;
	}
	if (!optional_text(c, body, &f[FF_LICENCE_NO], "licence_no", 50,
	                   &r->licence_no) ||
	    !optional_date(c, body, &f[FF_LICENCE_DATE], "licence_date", true,
	                   &r->licence_date) ||
	    !optional_text(c, body, &f[FF_LICENCE_ISSUER], "licence_issuer",
	                   200, &r->licence_issuer) ||
	    !optional_text(c, body, &f[FF_ADDRESS], "address", 500,
	                   &r->address) ||
	    !optional_text(c, body, &f[FF_PHONE], "phone", 50, &r->phone) ||
	    !optional_date(c, body, &f[FF_STARTED], "started_on", false,
	                   &r->started_on) ||
	    !optional_date(c, body, &f[FF_UPGRADED], "upgraded_on", false,
	                   &r->upgraded_on) ||
	    !optional_text(c, body, &f[FF_NOTE], "note", 2000, &r->note))
		return false;
	if (f[FF_STATUS].present) {
		if (!net_code_field(c, "status", "facility_status",
		                    f[FF_STATUS].s))
			return false;
		r->status = f[FF_STATUS].s;
	} else if (json_is_null(json_object_get(body, "status"))) {
		return bad_field(c, "status",
		                 "status must be planned, active, suspended "
		                 "or closed");
	}
	if (f[FF_SW_STANDARD].present)
		r->sw_standard = f[FF_SW_STANDARD].b;
	else if (json_is_null(json_object_get(body, "sw_standard")))
		return bad_field(c, "sw_standard",
		                 "sw_standard must be true or false");
	return true;
}

/* Answers the stored facility (re-read: counts and version as stored). */
static void reply_facility(struct api_ctx *c, int status, int64_t id)
{
	struct facility_row f;
	if (store_facility_get(c->db, c->arena, id, &f) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "ETag", facility_etag(c, &f));
	api_reply_json(c, status, net_facility_json(c, &f));
}

static bool facility_id_param(struct api_ctx *c, int64_t *id)
{
	return api_id_param(c, "id", "facility", id);
}

/* ---- create, read, change --------------------------------------------------
 */

void facilities_create(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[FF__MAX];
	if (body == NULL || !case_keys_known(c, body, facility_keys, NULL) ||
	    !api_fields(c, body, create_fields, FF__MAX, f))
		return;
	struct facility_row r = {0};
	r.capacity = -1;
	r.status = "active";
	if (!facility_apply(c, body, f, &r))
		return;
	r.created_by = c->user.id;
	r.created_at = r.updated_at = time_now();

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_facility_insert(c->db, &r);
	if (st != STORE_OK ||
	    !facility_event_add(c, r.id, "created",
	                        json_pack("{s:s, s:s, s:s}", "type", r.type,
	                                  "unit_code", r.unit_code, "status",
	                                  r.status)) ||
	    !api_audit(c, "facility_create", facility_target(c, r.id),
	               r.unit_tree, r.unit_path,
	               json_pack("{s:s, s:s, s:s}", "type", r.type, "ownership",
	                         r.ownership, "unit_code", r.unit_code)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_facility(c, 201, r.id);
}

void facilities_get(struct api_ctx *c)
{
	int64_t id;
	struct facility_row f;
	if (!facility_id_param(c, &id) ||
	    !net_facility_load(c, id, FACILITY_SEE, &f))
		return;
	api_add_header(c, "ETag", facility_etag(c, &f));
	api_reply_json(c, 200, net_facility_json(c, &f));
}

/* The writable fields, as the history compares them. */
static const char *const history_fields[] = {
    "name",     "type",       "ownership",    "unit_tree",      "unit_code",
    "capacity", "licence_no", "licence_date", "licence_issuer", "address",
    "phone",    "started_on", "status",       "upgraded_on",    "sw_standard",
    "note",     NULL};

void facilities_update(struct api_ctx *c)
{
	int64_t id;
	struct facility_row old;
	/* A facility above the caller's scope is seen, never edited. */
	if (!facility_id_param(c, &id) ||
	    !net_facility_load(c, id, FACILITY_MANAGE, &old) ||
	    !net_if_match(c, facility_etag(c, &old)))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[FF__MAX];
	if (body == NULL || !case_keys_known(c, body, facility_keys, NULL) ||
	    !api_fields(c, body, update_fields, FF__MAX, f))
		return;
	struct facility_row r = old;
	if (!facility_apply(c, body, f, &r))
		return;
	r.updated_at = time_now();

	/* The event keeps old and new values (a facility is not a personal
	 * record); the audit only the field names. */
	json_t *a = net_facility_json(c, &old), *b = net_facility_json(c, &r);
	json_t *diff = json_object(), *changed = json_array();
	for (size_t i = 0; history_fields[i] != NULL; i++) {
		json_t *x = json_object_get(a, history_fields[i]);
		json_t *y = json_object_get(b, history_fields[i]);
		if (json_equal(x, y))
			continue;
		json_object_set_new(
		    diff, history_fields[i],
		    json_pack("{s:O, s:O}", "old", x, "new", y));
		json_array_append_new(changed, json_string(history_fields[i]));
	}
	json_decref(a);
	json_decref(b);

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_facility_update(c->db, &r, old.version);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		json_decref(diff);
		json_decref(changed);
		store_rollback(c->db);
		api_reply_error(c, 412, "stale",
		                "The facility was changed since you read it",
		                NULL);
		return;
	}
	if (st != STORE_OK) {
		json_decref(diff);
		json_decref(changed);
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	if (!facility_event_add(c, r.id, "updated", diff) ||
	    !api_audit(c, "facility_update", facility_target(c, r.id),
	               r.unit_tree, r.unit_path,
	               json_pack("{s:o}", "changed", changed)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_facility(c, 200, r.id);
}

void facilities_history(struct api_ctx *c)
{
	int64_t id;
	struct facility_row f;
	struct facility_event_row *rows;
	size_t n;
	if (!facility_id_param(c, &id) ||
	    !net_facility_load(c, id, FACILITY_MANAGE, &f))
		return;
	if (store_facility_events(c->db, c->arena, id, &rows, &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	/* Admissions and discharges name a stay and a case: their data is
	 * for those who may read the residents list (residents.c: case
	 * workers but hotline); a viewer sees that they happened, and
	 * when. */
	bool stays_readable = access_may(c->who.role, ACT_CASES_WORK) &&
	                      c->who.role != ROLE_HOTLINE;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		bool stay_event = strcmp(rows[i].kind, "admission") == 0 ||
		                  strcmp(rows[i].kind, "discharge") == 0;
		json_t *data =
		    stay_event && !stays_readable
		        ? json_object()
		        : json_loads(rows[i].data ? rows[i].data : "{}", 0,
		                     NULL);
		json_array_append_new(
		    items, json_pack("{s:I, s:o, s:s?, s:s, s:o}", "id",
		                     (json_int_t)rows[i].id, "at",
		                     api_instant_json(rows[i].at), "actor_name",
		                     rows[i].actor_name, "kind", rows[i].kind,
		                     "data", data ? data : json_object()));
	}
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}

/* ---- list ------------------------------------------------------------------
 */

/* An optional code filter of `list`; answers 422 naming it. */
static bool code_filter(struct api_ctx *c, const char *name, const char *list,
                        const char **out)
{
	const char *s = api_query(c, name);
	*out = NULL;
	if (s == NULL || *s == '\0')
		return true;
	if (!net_code_field(c, name, list, s))
		return false;
	*out = s;
	return true;
}

/* Where the list looks: the caller's facility, or `unit` (default: the
 * caller's scope) with the facilities of the units above the scope. */
static bool list_scope(struct api_ctx *c, struct facility_query *q)
{
	const struct principal *p = &c->who;
	const char *code = api_query(c, "unit");
	if (p->role == ROLE_FACILITY) {
		q->tree = p->scope_tree ? p->scope_tree : c->cfg->default_tree;
		/* No facility of its own yet: nothing to list (id -1). */
		q->only_id = p->facility_id ? p->facility_id : -1;
		if (code != NULL && *code != '\0') {
			const char *t;
			const char *path;
			return net_list_scope(c, &t, &path);
		}
		return true;
	}
	if (code == NULL || *code == '\0') {
		if (p->scope_tree != NULL) {
			q->tree = p->scope_tree;
		} else if ((q->tree = api_tree(c)) == NULL) {
			return false;
		}
		q->within_path = p->scope_path;
		q->or_above_path = p->scope_path;
		return true;
	}
	const char *t = api_tree(c);
	if (t == NULL)
		return false;
	struct unit_row u;
	enum store_status st = STORE_NOTFOUND;
	if (lineage_code_valid(code))
		st = store_unit_get(c->db, c->arena, t, code, &u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND)
		return bad_field(
		    c, "unit",
		    arena_printf(c->arena, "unit must be a unit of the %s tree",
		                 t));
	q->tree = u.tree;
	if (access_sees(p, u.tree, u.path)) {
		q->within_path = u.path;
		return true;
	}
	/* A unit above the scope: what the caller sees below it is its own
	 * scope and the units between. */
	if (p->scope_tree != NULL && strcmp(p->scope_tree, u.tree) == 0 &&
	    lineage_contains(u.path, p->scope_path)) {
		q->within_path = p->scope_path;
		q->or_above_path = p->scope_path;
		return true;
	}
	api_reply_error(c, 404, "not_found", "No such unit", "unit");
	return false;
}

void facilities_list(struct api_ctx *c)
{
	struct facility_query q = {0};
	int page, offset, limit;
	if (!api_paging(c, &offset, &limit, &page) || !list_scope(c, &q) ||
	    !code_filter(c, "type", "facility_type", &q.type) ||
	    !code_filter(c, "status", "facility_status", &q.status) ||
	    !code_filter(c, "ownership", "facility_ownership", &q.ownership))
		return;
	const char *s = api_query(c, "kind");
	if (s != NULL && *s != '\0') {
		if (strcmp(s, "facility") != 0 &&
		    strcmp(s, "service_point") != 0 &&
		    strcmp(s, "model") != 0) {
			bad_field(c, "kind",
			          "kind must be facility, service_point or "
			          "model");
			return;
		}
		q.kind = s;
	}
	if ((s = api_query(c, "q")) != NULL && *s != '\0') {
		if (strlen(s) > 200 || !text_valid(s) ||
		    (q.q_folded = text_fold(c->arena, s)) == NULL) {
			bad_field(c, "q", "q must be short text");
			return;
		}
	}
	if ((s = api_query(c, "format")) != NULL && *s != '\0') {
		if (strcmp(s, "csv") != 0) {
			bad_field(c, "format", "format must be csv");
			return;
		}
		net_export_reply(c, IMPORT_FACILITIES, &q);
		return;
	}
	q.offset = offset;
	q.limit = limit;
	struct facility_row *rows;
	size_t n;
	long total;
	if (store_facilities_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, net_facility_json(c, &rows[i]));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", limit));
}
