/*
 * residents.c — stays in a facility: admission and discharge of the person
 * of a case (docs/network.md §Residents).
 *
 * ** URL: GET   /api/v1/facilities/ID/residents?current=true|false&page=
 *               &page_size= → 200 {items,total,page,page_size}, newest
 *               admission first
 * ** URL: POST  /api/v1/facilities/ID/residents {"case_id","admitted_on",
 *               "admission_kind","reason","decided_by",
 *               "over_capacity_reason"} → 201 the stay; 404; 409
 *               facility_closed | case_closed | already_resident |
 *               over_capacity; 422 invalid_field
 * ** URL: POST  /api/v1/residents/ID/discharge {"discharged_on","reason",
 *               "note","decided_by"} → 200 the stay; 409
 *               already_discharged; 422 invalid_field
 *
 * A stay is a record about a person: the residents list needs the
 * facility's unit inside the caller's scope (or being its facility user),
 * admission needs write access to the case and sight of the facility.
 * Admission and discharge set or clear the case's facility and append a
 * case event and a facility event in one transaction with the audit
 * entry; restricted cases never show the person in these lists.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/network.h"
#include "domain/codes.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* facilities.c: a facility event in the caller's name (data stolen). */
bool facility_event_add(struct api_ctx *c, int64_t facility_id,
                        const char *kind, json_t *data);
/* placements.c: case `id` when the caller may write it, else 404
 * naming `what`. */
bool network_case_for_write(struct api_ctx *c, int64_t id,
                            struct case_row *out);
/* Here, for case_common.c: {"id","name"} of facility_id, or null. */
json_t *case_facility_json(struct api_ctx *c, int64_t facility_id);

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

/* Hotline users take calls, not people into care. */
static bool not_hotline(struct api_ctx *c)
{
	if (c->who.role != ROLE_HOTLINE)
		return true;
	api_reply_error(c, 403, "forbidden",
	                "Hotline users do not work on residents", NULL);
	return false;
}

json_t *case_facility_json(struct api_ctx *c, int64_t facility_id)
{
	struct facility_row f;
	if (facility_id <= 0 ||
	    store_facility_get(c->db, c->arena, facility_id, &f) != STORE_OK)
		return json_null();
	return json_pack("{s:I, s:s}", "id", (json_int_t)f.id, "name", f.name);
}

static bool stay_restricted(const struct stay_row *s)
{
	enum case_type t;
	return s->case_restricted || (s->case_type != NULL &&
	                              case_type_parse(s->case_type, &t) == 0 &&
	                              case_type_restricted(t));
}

static json_t *stay_json(const struct stay_row *s)
{
	bool hidden = stay_restricted(s);
	json_t *person = json_null();
	if (!hidden && s->person_name != NULL)
		person = json_pack("{s:I, s:s, s:s?, s:o}", "id",
		                   (json_int_t)s->person_id, "full_name",
		                   s->person_name, "sex", s->person_sex,
		                   "birth_year",
		                   s->person_birth_year > 0
		                       ? json_integer(s->person_birth_year)
		                       : json_null());
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(s->id));
	json_object_set_new(j, "facility_id", json_integer(s->facility_id));
	if (s->facility_name != NULL)
		json_object_set_new(j, "facility_name",
		                    json_string(s->facility_name));
	json_object_set_new(j, "case_id", json_integer(s->case_id));
	json_object_set_new(j, "case_no",
	                    s->case_no ? json_string(s->case_no) : json_null());
	json_object_set_new(j, "case_type",
	                    s->case_type ? json_string(s->case_type)
	                                 : json_null());
	json_object_set_new(j, "person", person);
	json_object_set_new(j, "identity_hidden", json_boolean(hidden));
#define STR(k, v) json_object_set_new(j, k, (v) ? json_string(v) : json_null())
	STR("admitted_on", s->admitted_on);
	STR("admission_kind", s->admission_kind);
	/* Free text may name the person or what happened to them, and who
	 * decided (a name, a decision number) leads to them: a restricted
	 * case's stay shows only codes and dates here. */
	STR("reason", hidden ? NULL : s->reason);
	STR("decided_by", hidden ? NULL : s->decided_by);
	STR("over_capacity_reason", hidden ? NULL : s->over_capacity_reason);
	json_object_set_new(j, "admitted_by", json_integer(s->admitted_by));
	STR("discharged_on", s->discharged_on);
	STR("discharge_reason", s->discharge_reason);
	STR("discharge_note", hidden ? NULL : s->discharge_note);
	STR("discharge_decided_by", hidden ? NULL : s->discharge_decided_by);
#undef STR
	json_object_set_new(j, "discharged_by",
	                    s->discharged_by ? json_integer(s->discharged_by)
	                                     : json_null());
	json_object_set_new(j, "current",
	                    json_boolean(s->discharged_on == NULL));
	return j;
}

static void reply_stay(struct api_ctx *c, int status, int64_t id)
{
	struct stay_row s;
	if (store_stay_get(c->db, c->arena, id, &s) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, status, stay_json(&s));
}

void residents_list(struct api_ctx *c)
{
	int64_t id;
	struct facility_row f;
	int page, offset, limit;
	if (!not_hotline(c) || !api_id_param(c, "id", "facility", &id) ||
	    !net_facility_load(c, id, FACILITY_MANAGE, &f) ||
	    !api_paging(c, &offset, &limit, &page))
		return;
	int only_current = 0;
	const char *s = api_query(c, "current");
	if (s != NULL && *s != '\0') {
		if (strcmp(s, "true") == 0) {
			only_current = 1;
		} else if (strcmp(s, "false") != 0) {
			bad_field(c, "current",
			          "current must be true or false");
			return;
		}
	}
	struct stay_row *rows;
	size_t n;
	long total;
	if (store_stays_list(c->db, c->arena, id, only_current, offset, limit,
	                     &rows, &n, &total) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, stay_json(&rows[i]));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", limit));
}

/* ---- admission -------------------------------------------------------------
 */

static const char *const admit_keys[] = {
    "case_id", "admitted_on", "admission_kind",
    "reason",  "decided_by",  "over_capacity_reason",
    NULL};

/* A positive id at obj[key]; answers 422 naming it. */
static bool id_field(struct api_ctx *c, json_t *obj, const char *key,
                     bool required, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	*out = 0;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return bad_field(
			    c, key,
			    arena_printf(c->arena, "%s is required", key));
		return true;
	}
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return bad_field(
		    c, key,
		    arena_printf(c->arena, "%s must be a record id", key));
	*out = json_integer_value(v);
	return true;
}

/* A date at obj[key] (absent: today), not in the future. */
static bool day_field(struct api_ctx *c, json_t *obj, const char *key,
                      char out[NET_DATE_MAX])
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v)) {
		net_today(out);
		return true;
	}
	return net_date_field(
	    c, key, json_is_string(v) ? json_string_value(v) : NULL, true, out);
}

void residents_admit(struct api_ctx *c)
{
	int64_t fid, case_id;
	struct facility_row f;
	if (!not_hotline(c) || !api_id_param(c, "id", "facility", &fid) ||
	    !net_facility_load(c, fid, FACILITY_SEE, &f))
		return;
	json_t *body = api_body_object(c);
	char admitted_on[NET_DATE_MAX];
	const char *kind, *reason, *decided_by, *over_reason;
	if (body == NULL || !case_keys_known(c, body, admit_keys, NULL) ||
	    !id_field(c, body, "case_id", true, &case_id) ||
	    !day_field(c, body, "admitted_on", admitted_on) ||
	    !case_code(c, body, "admission_kind", NULL, "admission_kind", false,
	               &kind) ||
	    !case_text(c, body, "reason", NULL, 3, 500, true, &reason) ||
	    !case_text(c, body, "decided_by", NULL, 2, 200, true,
	               &decided_by) ||
	    !case_text(c, body, "over_capacity_reason", NULL, 3, 500, false,
	               &over_reason))
		return;
	if (kind == NULL)
		kind = "ordinary";
	struct case_row r;
	if (!network_case_for_write(c, case_id, &r))
		return;
	/* Only facilities hold residents; service points and models do not. */
	if (f.kind == NULL || strcmp(f.kind, "facility") != 0) {
		api_reply_error(
		    c, 409, "not_residential",
		    "Only a facility (not a service point or model) "
		    "admits residents",
		    NULL);
		return;
	}
	if (strcmp(f.status, "closed") == 0) {
		api_reply_error(c, 409, "facility_closed",
		                "The facility is closed", NULL);
		return;
	}
	if (strcmp(r.stage, "closed") == 0) {
		api_reply_error(c, 409, "case_closed", "The case is closed",
		                "case_id");
		return;
	}
	struct stay_row cur;
	enum store_status st =
	    store_stay_current(c->db, c->arena, r.person_id, &cur);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return;
	}
	if (st == STORE_OK) {
		api_reply_error(c, 409, "already_resident",
		                "The person already lives in a facility",
		                "case_id");
		return;
	}
	bool override = facility_needs_override(f.residents, f.capacity);
	if (override && over_reason == NULL) {
		api_reply_error(c, 409, "over_capacity",
		                "The facility is full: give "
		                "over_capacity_reason to admit anyway",
		                "over_capacity_reason");
		return;
	}

	struct stay_row s = {0};
	s.facility_id = f.id;
	s.case_id = r.id;
	s.person_id = r.person_id;
	s.admitted_on = admitted_on;
	s.admission_kind = kind;
	s.reason = reason;
	s.decided_by = decided_by;
	/* Only stored when it was needed: an override explains itself. */
	s.over_capacity_reason = override ? over_reason : NULL;
	s.admitted_by = c->user.id;
	s.created_at = time_now();
	const char *target = NULL;
	st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_stay_insert(c->db, &s);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		api_reply_error(c, 409, "already_resident",
		                "The person already lives in a facility",
		                "case_id");
		return;
	}
	if (st == STORE_OK) {
		target = arena_printf(c->arena, "stay:%lld", (long long)s.id);
		st = store_case_set_facility(c->db, r.id, f.id);
	}
	if (st != STORE_OK ||
	    !case_event_add(
	        c, &r, "admission",
	        json_pack("{s:I, s:I, s:s, s:s, s:s, s:b}", "stay_id",
	                  (json_int_t)s.id, "facility_id", (json_int_t)f.id,
	                  "facility_name", f.name, "admitted_on", s.admitted_on,
	                  "admission_kind", kind, "over_capacity", override),
	        0, NULL, NULL) ||
	    !facility_event_add(c, f.id, "admission",
	                        json_pack("{s:I, s:s}", "stay_id",
	                                  (json_int_t)s.id, "case_no",
	                                  r.case_no)) ||
	    !api_audit(c, "resident_admit", target, f.unit_tree, f.unit_path,
	               json_pack("{s:I, s:I, s:s}", "facility_id",
	                         (json_int_t)f.id, "case_id", (json_int_t)r.id,
	                         "admission_kind", kind)) ||
	    (override &&
	     !api_audit(
	         c, "facility_over_capacity", target, f.unit_tree, f.unit_path,
	         json_pack("{s:I, s:I, s:o}", "facility_id", (json_int_t)f.id,
	                   "residents", (json_int_t)f.residents, "capacity",
	                   f.capacity >= 0 ? json_integer(f.capacity)
	                                   : json_null()))) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_stay(c, 201, s.id);
}

/* ---- discharge -------------------------------------------------------------
 */

static const char *const discharge_keys[] = {"discharged_on", "reason", "note",
                                             "decided_by", NULL};

void residents_discharge(struct api_ctx *c)
{
	int64_t id;
	struct stay_row s;
	if (!not_hotline(c) || !api_id_param(c, "id", "resident", &id))
		return;
	enum store_status st = store_stay_get(c->db, c->arena, id, &s);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return;
	}
	struct case_row r;
	struct facility_row f;
	bool may = false;
	if (st == STORE_OK &&
	    store_case_get(c->db, c->arena, s.case_id, &r) == STORE_OK &&
	    store_facility_get(c->db, c->arena, s.facility_id, &f) ==
	        STORE_OK) {
		struct case_facts cf;
		case_facts_of(&r, &cf);
		/* The facility's own staff discharge, as does anyone who may
		 * write the case. */
		may = (c->who.role == ROLE_FACILITY &&
		       c->who.facility_id == f.id) ||
		      casework_may_write(&c->who, &cf);
	}
	if (!may) {
		api_reply_error(c, 404, "not_found", "No such resident", NULL);
		return;
	}
	json_t *body = api_body_object(c);
	char on[NET_DATE_MAX];
	const char *reason, *note, *decided_by;
	if (body == NULL || !case_keys_known(c, body, discharge_keys, NULL) ||
	    !day_field(c, body, "discharged_on", on) ||
	    !case_code(c, body, "reason", NULL, "discharge_reason", true,
	               &reason) ||
	    !case_text(c, body, "note", NULL, 0, 2000, false, &note) ||
	    !case_text(c, body, "decided_by", NULL, 2, 200, false, &decided_by))
		return;
	if (s.discharged_on != NULL) {
		api_reply_error(c, 409, "already_discharged",
		                "The resident was already discharged", NULL);
		return;
	}
	if (strcmp(on, s.admitted_on) < 0) {
		bad_field(c, "discharged_on",
		          "discharged_on must not be before admitted_on");
		return;
	}
	s.discharged_on = on;
	s.discharge_reason = reason;
	s.discharge_note = note != NULL && *note != '\0' ? note : NULL;
	s.discharge_decided_by = decided_by;
	s.discharged_by = c->user.id;
	st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_stay_discharge(c->db, &s);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		api_reply_error(c, 409, "already_discharged",
		                "The resident was already discharged", NULL);
		return;
	}
	/* The case may have moved on to another stay meanwhile: only this
	 * facility's hold is cleared. */
	if (st == STORE_OK && r.facility_id == f.id)
		st = store_case_set_facility(c->db, r.id, 0);
	if (st != STORE_OK ||
	    !case_event_add(c, &r, "discharge",
	                    json_pack("{s:I, s:I, s:s, s:s, s:s}", "stay_id",
	                              (json_int_t)s.id, "facility_id",
	                              (json_int_t)f.id, "facility_name", f.name,
	                              "discharged_on", on, "discharge_reason",
	                              reason),
	                    0, NULL, NULL) ||
	    !facility_event_add(c, f.id, "discharge",
	                        json_pack("{s:I, s:s}", "stay_id",
	                                  (json_int_t)s.id, "case_no",
	                                  r.case_no)) ||
	    !api_audit(c, "resident_discharge",
	               arena_printf(c->arena, "stay:%lld", (long long)s.id),
	               f.unit_tree, f.unit_path,
	               json_pack("{s:I, s:I, s:s}", "facility_id",
	                         (json_int_t)f.id, "case_id", (json_int_t)r.id,
	                         "reason", reason)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_stay(c, 200, s.id);
}
