/*
 * case_update.c — changing a case record (docs/cases.md, API.md §Cases).
 *
 * ** URL: PATCH /api/v1/cases/ID?reason= {"assigned_to","risk_level",
 *               "urgency","restricted","summary","details":{…},
 *               "person":{…}} with If-Match → 200 case + ETag;
 *               428 precondition_required; 412 stale; 403 restricted |
 *               forbidden; 422 invalid_field
 *
 * Optimistic locking: the client sends the ETag it read and a stale one
 * changes nothing.  details are merged into the stored facts and the
 * whole set is checked again; person changes the person row (and so every
 * case of that person).  Each changed field becomes one field_change event
 * {field, old, new} — sealed in a restricted case unless the value is in
 * the limited view anyway — and the audit entry names the fields only.
 */
#include <stdlib.h>
#include <string.h>

#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "lib/arena.h"
#include "lib/timeutil.h"

static void reply_case(struct api_ctx *c, const struct case_row *r,
                       enum case_view view, bool identity)
{
	api_add_header(c, "ETag", case_etag(c, r));
	api_reply_json(c, 200, case_json(c, r, view, identity));
}

static const char *const update_keys[] = {
    "assigned_to", "risk_level", "urgency", "restricted",
    "summary",     "details",    "person",  NULL};

/* Fields whose values a field_change event keeps in clear even in a
 * restricted case: they are in the limited view anyway. */
static const char *const clear_fields[] = {"assigned_to", "urgency",
                                           "restricted", "risk_level", NULL};

static void decref(void *p)
{
	json_decref(p);
}

struct changes {
	json_t *events; /* [{field, old, new}] */
	json_t *names;  /* field names, for the audit entry */
};

/* Records a change of `field` when old and new differ; steals both. */
static void change(struct changes *ch, const char *field, json_t *old,
                   json_t *new)
{
	if (json_equal(old, new) || (json_is_null(old) && json_is_null(new))) {
		json_decref(old);
		json_decref(new);
		return;
	}
	json_array_append_new(ch->events,
	                      json_pack("{s:s, s:o, s:o}", "field", field,
	                                "old", old, "new", new));
	json_array_append_new(ch->names, json_string(field));
}

static json_t *opt_string(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *opt_id(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

/* Narrative and identity values of a restricted case are sealed in its
 * history as in its record; false without a key. */
static bool seal_change(struct api_ctx *c, const struct case_row *r, json_t *ev)
{
	const char *field = json_string_value(json_object_get(ev, "field"));
	for (size_t i = 0; clear_fields[i] != NULL; i++)
		if (strcmp(clear_fields[i], field) == 0)
			return true;
	const char *keys[] = {"old", "new"};
	for (int k = 0; k < 2; k++) {
		json_t *v = json_object_get(ev, keys[k]);
		if (json_is_null(v))
			continue;
		char *dump = NULL;
		const char *plain = json_string_value(v);
		if (plain == NULL)
			plain = dump = json_dumps(
			    v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
		const char *sealed = case_seal(c, r, plain);
		free(dump);
		if (sealed == NULL)
			return false;
		json_object_set_new(ev, keys[k], json_string(sealed));
	}
	return true;
}

static bool update_details(struct api_ctx *c, const struct case_row *r,
                           json_t *patch, struct case_row *n,
                           struct changes *ch)
{
	if (!json_is_object(patch)) {
		api_reply_error(c, 422, "invalid_field",
		                "details must be an object", "details");
		return false;
	}
	json_error_t err;
	json_t *old = json_loads(r->details ? r->details : "{}", 0, &err);
	if (!json_is_object(old)) {
		json_decref(old);
		old = json_object();
	}
	json_t *merged = json_deep_copy(old);
	json_object_update(merged, patch);
	enum case_type t;
	case_type_parse(r->type, &t);
	/* Facts may be missing until the case is planned (case_facts_due);
	 * from planning on they stay complete. */
	enum case_stage stage = STAGE_INTAKE;
	case_stage_parse(r->stage, &stage);
	bool planned = stage == STAGE_PLANNING || stage == STAGE_INTERVENTION ||
	               stage == STAGE_REVIEW;
	if (!case_details_check(c, t, merged, planned)) {
		json_decref(old);
		json_decref(merged);
		return false;
	}
	const char *key;
	json_t *v;
	json_object_foreach(patch, key, v)
	{
		change(ch, arena_printf(c->arena, "details.%s", key),
		       json_incref(json_object_get(old, key)
		                       ? json_object_get(old, key)
		                       : json_null()),
		       json_incref(json_object_get(merged, key)
		                       ? json_object_get(merged, key)
		                       : json_null()));
	}
	char *text = json_dumps(merged, JSON_COMPACT | JSON_SORT_KEYS);
	n->details = arena_strdup(c->arena, text ? text : "{}");
	free(text);
	json_decref(old);
	json_decref(merged);
	return true;
}

/* restricted: anyone may restrict a case; lifting it is a supervisor's
 * decision, and never for the types restricted by law. */
static bool update_restricted(struct api_ctx *c, const struct case_row *r,
                              json_t *v, struct case_row *n, struct changes *ch)
{
	struct case_facts f;
	case_facts_of(r, &f);
	if (!json_is_boolean(v)) {
		api_reply_error(c, 422, "invalid_field",
		                "restricted must be true or false",
		                "restricted");
		return false;
	}
	bool want = json_is_true(v);
	if (!want && case_type_restricted(f.type)) {
		api_reply_error(c, 422, "invalid_field",
		                "Cases of this type are always restricted",
		                "restricted");
		return false;
	}
	if (!want && r->restricted && !casework_is_supervisor(&c->who, &f)) {
		api_reply_error(c, 403, "forbidden",
		                "Only a province or district supervisor may "
		                "lift a restriction",
		                "restricted");
		return false;
	}
	n->restricted = want;
	change(ch, "restricted", json_boolean(r->restricted != 0),
	       json_boolean(want));
	return true;
}

static bool update_fields(struct api_ctx *c, const struct case_row *r,
                          json_t *body, struct case_row *n,
                          const char **summary, struct changes *ch)
{
	const char *s;
	json_t *v;
	if ((v = json_object_get(body, "assigned_to")) != NULL) {
		/* Who works a case is the unit's decision: facility staff
		 * care for residents, they do not take cases over. */
		if (c->who.role == ROLE_FACILITY) {
			api_reply_error(c, 403, "forbidden",
			                "Facility users do not assign cases",
			                "assigned_to");
			return false;
		}
		n->assigned_to = 0;
		if (!json_is_null(v) &&
		    !case_assignee_check(c, v, "assigned_to", r->unit_tree,
		                         r->unit_path, &n->assigned_to))
			return false;
		change(ch, "assigned_to", opt_id(r->assigned_to),
		       opt_id(n->assigned_to));
	}
	if (json_object_get(body, "risk_level") != NULL) {
		if (!case_code(c, body, "risk_level", NULL, "risk_level", false,
		               &s))
			return false;
		n->risk_level = s;
		change(ch, "risk_level", opt_string(r->risk_level),
		       opt_string(s));
	}
	if (json_object_get(body, "urgency") != NULL) {
		if (!case_code(c, body, "urgency", NULL, "urgency", true, &s))
			return false;
		n->urgency = s;
		change(ch, "urgency", json_string(r->urgency), json_string(s));
	}
	if ((v = json_object_get(body, "restricted")) != NULL &&
	    !update_restricted(c, r, v, n, ch))
		return false;
	if (json_object_get(body, "summary") != NULL) {
		if (!case_text(c, body, "summary", NULL, 0, CASE_TEXT_MAX,
		               false, &s))
			return false;
		*summary = s;
		change(ch, "summary",
		       opt_string(r->summary ? case_open(c, r->summary) : NULL),
		       opt_string(s));
	}
	if ((v = json_object_get(body, "details")) != NULL &&
	    !update_details(c, r, v, n, ch))
		return false;
	if ((v = json_object_get(body, "person")) != NULL) {
		if (!json_is_object(v)) {
			api_reply_error(c, 422, "invalid_field",
			                "person must be an object", "person");
			return false;
		}
		if (!person_check(c, v, r->unit_tree, &n->person, false))
			return false;
		/* address_tree only qualifies address_unit: a new address is
		 * one change in the history, the tree alone counts only when
		 * the code stayed. */
		const char *was = r->person.address_code,
		           *now = n->person.address_code;
		bool same_code = was == NULL
		                     ? now == NULL
		                     : now != NULL && strcmp(was, now) == 0;
		for (size_t i = 0; person_keys[i] != NULL; i++) {
			const char *k = person_keys[i];
			if (strcmp(k, "address_tree") == 0 && !same_code)
				continue;
			change(ch, arena_printf(c->arena, "person.%s", k),
			       person_field_json(&r->person, k),
			       person_field_json(&n->person, k));
		}
	}
	return true;
}

void cases_update(struct api_ctx *c)
{
	int64_t id;
	struct case_row r;
	enum case_view view;
	if (!api_id_param(c, "id", "case", &id) ||
	    !case_load(c, id, &r, &view) || !case_require_write(c, &r))
		return;
	const char *if_match = api_header(c, "If-Match");
	if (if_match == NULL) {
		api_reply_error(c, 428, "precondition_required",
		                "Send If-Match with the case's ETag", NULL);
		return;
	}
	if (strcmp(if_match, case_etag(c, &r)) != 0) {
		api_reply_error(c, 412, "stale",
		                "The case was changed since you read it", NULL);
		return;
	}
	json_t *body = api_body_object(c);
	if (body == NULL || !case_keys_known(c, body, update_keys, NULL))
		return;
	if (c->cfg->seal_key == NULL) {
		api_reply_internal(c);
		return;
	}
	struct case_row n = r;
	struct changes ch = {json_array(), json_array()};
	arena_defer(c->arena, decref, ch.events);
	arena_defer(c->arena, decref, ch.names);
	const char *summary = r.summary ? case_open(c, r.summary) : NULL;
	if (!update_fields(c, &r, body, &n, &summary, &ch))
		return;
	bool ok;
	if (json_array_size(ch.events) == 0) {
		bool identity = case_identity(c, &r, view, &ok);
		if (ok)
			reply_case(c, &r, view, identity);
		return;
	}
	int64_t now = time_now();
	/* The summary follows the case's restriction, both ways. */
	n.summary = case_seal(c, &n, summary);
	if (summary != NULL && n.summary == NULL) {
		api_reply_internal(c);
		return;
	}
	if (strcmp(n.urgency, r.urgency) != 0 &&
	    strcmp(n.stage, "closed") != 0) {
		enum case_stage st;
		case_stage_parse(n.stage, &st);
		if (!case_enter_stage(c, &n, st, n.stage_since))
			return;
	}
	bool person_changed = false;
	for (size_t i = 0; i < json_array_size(ch.names); i++)
		person_changed |=
		    strncmp(json_string_value(json_array_get(ch.names, i)),
		            "person.", 7) == 0;
	n.person_name_folded = n.person.full_name_folded;
	n.national_id = n.person.national_id;
	n.updated_at = now;
	n.person.updated_at = now;
	if (!case_begin_update(c, &n, r.version))
		return;
	if (person_changed &&
	    store_person_update(c->db, &n.person) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	size_t i;
	json_t *ev;
	json_array_foreach(ch.events, i, ev)
	{
		if (!seal_change(c, &n, ev)) {
			store_rollback(c->db);
			api_reply_internal(c);
			return;
		}
		if (!case_event_add(c, &n, "field_change", json_incref(ev), 0,
		                    NULL, NULL)) {
			store_rollback(c->db);
			return;
		}
	}
	if (!api_audit(c, "case_update",
	               arena_printf(c->arena, "case:%lld", (long long)n.id),
	               n.unit_tree, n.unit_path,
	               json_pack("{s:s, s:O}", "case_no", n.case_no, "fields",
	                         ch.names)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	if (store_case_get(c->db, c->arena, n.id, &r) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	struct case_facts f;
	case_facts_of(&r, &f);
	view = casework_view(&c->who, &f);
	bool identity = case_identity(c, &r, view, &ok);
	if (ok)
		reply_case(c, &r, view, identity);
}
