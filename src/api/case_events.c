/*
 * case_events.c — what workers record in a case: notes, assessments,
 * plans, services delivered, home visits; corrections of those; consents.
 *
 * ** URL: POST /api/v1/cases/ID/events {"kind", …} → 201 event
 *         note {text} · assessment {risk_level, protection_level?, text?}
 *         · plan {summary?, items:[{service, description?, due_date?,
 *         responsible?}]} · service {service, date, provider, note?}
 *         · visit {date, note?, next_visit_due?}
 * ** URL: POST /api/v1/cases/ID/events/EID/corrections {"reason",
 *         "data":{…}} → 201 correction event; 409 not_correctable for
 *         events the system wrote
 * ** URL: POST /api/v1/cases/ID/consents {"kind","given","given_by",
 *         "guardian_name","organisations","date"} → 201 consent event
 *
 * Events are never changed or deleted: a mistake is corrected by a new
 * event that points at the old one and says why.  An assessment also sets
 * the case's risk level and a visit its next visit, so lists and the inbox
 * read them from the case.  In restricted cases narratives are sealed by
 * case_event_add (case_common.c).
 */
#include <stdlib.h>
#include <string.h>

#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/timeutil.h"

#define PLAN_ITEMS_MAX    50
#define ORGANISATIONS_MAX 50

/* What an event changes in the case besides its history. */
struct effects {
	const char *risk_level; /* assessment; NULL: unchanged */
	int64_t next_visit_at;  /* visit; 0: unchanged */
};

static const char *const note_keys[] = {"text", NULL};
static const char *const assessment_keys[] = {"risk_level", "protection_level",
                                              "text", NULL};
static const char *const plan_keys[] = {"summary", "items", NULL};
static const char *const plan_item_keys[] = {"service", "description",
                                             "due_date", "responsible", NULL};
static const char *const service_keys[] = {"service", "date", "provider",
                                           "note", NULL};
static const char *const visit_keys[] = {"date", "note", "next_visit_due",
                                         NULL};

static const char *const *const kind_keys[EVENT_KIND__MAX] = {
    [EVENT_NOTE] = note_keys,   [EVENT_ASSESSMENT] = assessment_keys,
    [EVENT_PLAN] = plan_keys,   [EVENT_SERVICE] = service_keys,
    [EVENT_VISIT] = visit_keys,
};

static bool bad(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

/* Sets out[key] to s when s is not NULL. */
static void put(json_t *out, const char *key, const char *s)
{
	if (s != NULL)
		json_object_set_new(out, key, json_string(s));
}

static bool plan_items(struct api_ctx *c, json_t *in, const char *prefix,
                       json_t *out)
{
	const char *f = case_field_name(c, prefix, "items");
	json_t *items = json_object_get(in, "items");
	if (!json_is_array(items) || json_array_size(items) == 0 ||
	    json_array_size(items) > PLAN_ITEMS_MAX)
		return bad(c, f,
		           arena_printf(c->arena,
		                        "%s must be a list of 1 to %d items", f,
		                        PLAN_ITEMS_MAX));
	json_t *list = json_array();
	json_object_set_new(out, "items", list);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *p = arena_printf(c->arena, "%s[%zu]", f, i);
		const char *service, *description, *due, *responsible;
		if (!json_is_object(it))
			return bad(
			    c, p,
			    arena_printf(c->arena, "%s must be an object", p));
		if (!case_keys_known(c, it, plan_item_keys, p) ||
		    !case_code(c, it, "service", p, "service", true,
		               &service) ||
		    !case_text(c, it, "description", p, 0, 1000, false,
		               &description) ||
		    !case_date(c, it, "due_date", p, false, false, &due,
		               NULL) ||
		    !case_text(c, it, "responsible", p, 0, 200, false,
		               &responsible))
			return false;
		json_t *o = json_pack("{s:s}", "service", service);
		put(o, "description", description);
		put(o, "due_date", due);
		put(o, "responsible", responsible);
		json_array_append_new(list, o);
	}
	return true;
}

/* Validates the fields of an event of kind k (field names under prefix)
 * into a new object *out (the caller owns it) and its effects. */
static bool event_data(struct api_ctx *c, enum event_kind k, json_t *in,
                       const char *prefix, json_t **out, struct effects *fx)
{
	const char *a, *b, *d;
	int32_t day = 0, next;
	memset(fx, 0, sizeof *fx);
	*out = NULL;
	if (!case_keys_known(c, in, kind_keys[k], prefix))
		return false;
	json_t *o = json_object();
	bool ok = false;
	switch (k) {
	case EVENT_NOTE:
		ok = case_text(c, in, "text", prefix, 1, CASE_TEXT_MAX, true,
		               &a);
		if (ok)
			put(o, "text", a);
		break;
	case EVENT_ASSESSMENT:
		ok = case_code(c, in, "risk_level", prefix, "risk_level", true,
		               &a) &&
		     case_code(c, in, "protection_level", prefix,
		               "protection_level", false, &b) &&
		     case_text(c, in, "text", prefix, 0, CASE_TEXT_MAX, false,
		               &d);
		if (ok) {
			put(o, "risk_level", a);
			put(o, "protection_level", b);
			put(o, "text", d);
			fx->risk_level = a;
		}
		break;
	case EVENT_PLAN:
		ok = case_text(c, in, "summary", prefix, 0, CASE_TEXT_MAX,
		               false, &a);
		if (ok) {
			put(o, "summary", a);
			ok = plan_items(c, in, prefix, o);
		}
		break;
	case EVENT_SERVICE:
		ok = case_code(c, in, "service", prefix, "service", true, &a) &&
		     case_date(c, in, "date", prefix, true, true, &b, NULL) &&
		     case_text(c, in, "provider", prefix, 1, 200, true, &d);
		if (ok) {
			put(o, "service", a);
			put(o, "date", b);
			put(o, "provider", d);
			ok = case_text(c, in, "note", prefix, 0, CASE_TEXT_MAX,
			               false, &a);
			put(o, "note", ok ? a : NULL);
		}
		break;
	case EVENT_VISIT:
		ok = case_date(c, in, "date", prefix, true, true, &a, &day) &&
		     case_text(c, in, "note", prefix, 0, CASE_TEXT_MAX, false,
		               &b) &&
		     case_date(c, in, "next_visit_due", prefix, false, false,
		               &d, &next);
		if (ok && d != NULL && next < day) {
			const char *f =
			    case_field_name(c, prefix, "next_visit_due");
			ok = bad(c, f,
			         arena_printf(c->arena,
			                      "%s must not be before the visit",
			                      f));
		}
		if (ok) {
			put(o, "date", a);
			put(o, "note", b);
			put(o, "next_visit_due", d);
			if (d != NULL)
				fx->next_visit_at = hcm_midnight(next);
		}
		break;
	case EVENT_KIND__MAX: break;
	}
	if (!ok) {
		json_decref(o);
		return false;
	}
	*out = o;
	return true;
}

/* Stores the case's new state (when an event changes it), the event and
 * the audit entry in one transaction; answers on failure.  data stolen. */
static bool record(struct api_ctx *c, const struct case_row *r,
                   const struct effects *fx, const char *kind, json_t *data,
                   int64_t corrects, const char *reason, const char *action,
                   json_t *detail, struct case_event_row *e)
{
	struct case_row n = *r;
	bool changes = false;
	if (fx != NULL && fx->risk_level != NULL) {
		n.risk_level = fx->risk_level;
		changes = true;
	}
	if (fx != NULL && fx->next_visit_at != 0) {
		n.next_visit_at = fx->next_visit_at;
		changes = true;
	}
	n.updated_at = time_now();
	bool begun = changes ? case_begin_update(c, &n, r->version)
	                     : store_begin(c->db) == STORE_OK;
	if (!begun) {
		if (!changes)
			api_reply_internal(c);
		json_decref(data);
		json_decref(detail);
		return false;
	}
	if (!case_event_add(c, &n, kind, data, corrects, reason, e)) {
		json_decref(detail);
		store_rollback(c->db);
		return false;
	}
	json_object_set_new(detail, "case_no", json_string(r->case_no));
	json_object_set_new(detail, "event", json_integer(e->id));
	if (!api_audit(c, action,
	               arena_printf(c->arena, "case:%lld", (long long)r->id),
	               r->unit_tree, r->unit_path, detail) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return false;
	}
	return true;
}

/* The case of the route that the caller may change, with a seal key. */
static bool writable_case(struct api_ctx *c, struct case_row *r)
{
	int64_t id;
	enum case_view view;
	if (!api_id_param(c, "id", "case", &id) ||
	    !case_load(c, id, r, &view) || !case_require_write(c, r))
		return false;
	if (c->cfg->seal_key == NULL) {
		api_reply_internal(c);
		return false;
	}
	return true;
}

void case_events_add(struct api_ctx *c)
{
	struct case_row r;
	if (!writable_case(c, &r))
		return;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return;
	const char *kind_name =
	    json_string_value(json_object_get(body, "kind"));
	enum event_kind kind;
	if (kind_name == NULL || event_kind_parse(kind_name, &kind) != 0) {
		bad(c, "kind",
		    "kind must be note, assessment, plan, service or visit");
		return;
	}
	json_t *in = json_copy(body);
	json_object_del(in, "kind");
	json_t *data;
	struct effects fx;
	bool ok = event_data(c, kind, in, NULL, &data, &fx);
	json_decref(in);
	struct case_event_row e;
	if (!ok ||
	    !record(c, &r, &fx, event_kind_name(kind), data, 0, NULL,
	            "case_event_add",
	            json_pack("{s:s}", "kind", event_kind_name(kind)), &e))
		return;
	/* The author sees what they wrote. */
	api_reply_json(c, 201, case_event_json(c, &e, true));
}

static const char *const correction_keys[] = {"reason", "data", NULL};

void case_events_correct(struct api_ctx *c)
{
	struct case_row r;
	int64_t eid;
	if (!writable_case(c, &r) || !api_id_param(c, "event", "event", &eid))
		return;
	struct case_event_row old;
	enum store_status st = store_case_event_get(c->db, c->arena, eid, &old);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return;
	}
	if (st != STORE_OK || old.case_id != r.id) {
		api_reply_error(c, 404, "not_found", "No such event", NULL);
		return;
	}
	enum event_kind kind;
	if (event_kind_parse(old.kind, &kind) != 0) {
		api_reply_error(c, 409, "not_correctable",
		                arena_printf(c->arena,
		                             "A %s event is written by the "
		                             "system and cannot be corrected",
		                             old.kind),
		                NULL);
		return;
	}
	json_t *body = api_body_object(c);
	const char *reason;
	if (body == NULL || !case_keys_known(c, body, correction_keys, NULL) ||
	    !case_text(c, body, "reason", NULL, 3, 500, true, &reason))
		return;
	json_t *in = json_object_get(body, "data");
	if (!json_is_object(in)) {
		bad(c, "data", "data must be an object");
		return;
	}
	json_t *data;
	struct effects fx;
	if (!event_data(c, kind, in, "data", &data, &fx))
		return;
	json_object_set_new(data, "kind", json_string(old.kind));
	struct case_event_row e;
	if (!record(c, &r, &fx, "correction", data, eid, reason,
	            "case_event_correct",
	            json_pack("{s:s, s:I}", "kind", old.kind, "corrects",
	                      (json_int_t)eid),
	            &e))
		return;
	api_reply_json(c, 201, case_event_json(c, &e, true));
}

/* ---- consents ---------------------------------------------------------- */

static const char *const consent_keys[] = {
    "kind",          "given", "given_by", "guardian_name",
    "organisations", "date",  NULL};

/* True when the person is certainly under 16 on day (from the birth date,
 * or from the birth year alone when the difference settles it). */
static bool under_16(const struct person_row *p, const char *day)
{
	int y = atoi(day);
	if (p->birth_date != NULL) {
		int age = y - atoi(p->birth_date);
		if (strcmp(day + 4, p->birth_date + 4) < 0)
			age--; /* "-MM-DD" compare as text */
		return age < 16;
	}
	return p->birth_year > 0 && y - p->birth_year < 16;
}

static bool consent_orgs(struct api_ctx *c, json_t *body, const char *kind,
                         json_t **out)
{
	json_t *v = json_object_get(body, "organisations");
	*out = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (strcmp(kind, "sharing") != 0)
		return bad(c, "organisations",
		           "organisations belong to a sharing consent only");
	if (!json_is_array(v) || json_array_size(v) > ORGANISATIONS_MAX)
		return bad(c, "organisations",
		           "organisations must be a list of up to 50 names");
	json_t *list = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		json_t *holder = json_pack("{s:O}", "name", e);
		const char *name;
		bool ok =
		    case_text(c, holder, "name",
		              arena_printf(c->arena, "organisations[%zu]", i),
		              1, 200, true, &name);
		json_decref(holder);
		if (!ok) {
			json_decref(list);
			return false;
		}
		json_array_append_new(list, json_string(name));
	}
	*out = list;
	return true;
}

void case_consents_add(struct api_ctx *c)
{
	struct case_row r;
	if (!writable_case(c, &r))
		return;
	json_t *body = api_body_object(c);
	const char *kind, *by, *guardian, *date;
	if (body == NULL || !case_keys_known(c, body, consent_keys, NULL) ||
	    !case_code(c, body, "kind", NULL, "consent_kind", true, &kind))
		return;
	json_t *given = json_object_get(body, "given");
	if (!json_is_boolean(given)) {
		bad(c, "given", "given must be true or false");
		return;
	}
	if (!case_code(c, body, "given_by", NULL, "consent_by", true, &by) ||
	    !case_text(c, body, "guardian_name", NULL, 0, 200, false,
	               &guardian) ||
	    !case_date(c, body, "date", NULL, true, true, &date, NULL))
		return;
	bool by_guardian = strcmp(by, "guardian") == 0;
	if (by_guardian && guardian == NULL) {
		bad(c, "guardian_name",
		    "guardian_name is required when a guardian consents");
		return;
	}
	if (!by_guardian && guardian != NULL) {
		bad(c, "guardian_name",
		    "guardian_name belongs to a guardian's consent only");
		return;
	}
	if (!by_guardian && under_16(&r.person, date)) {
		bad(c, "given_by",
		    "A child under 16 needs a parent's or guardian's consent");
		return;
	}
	json_t *orgs;
	if (!consent_orgs(c, body, kind, &orgs))
		return;
	struct case_row n = r;
	int v = json_is_true(given);
	if (strcmp(kind, "services") == 0) {
		n.consent_services = v;
	} else if (strcmp(kind, "statistics") == 0) {
		n.consent_statistics = v;
	} else {
		n.consent_sharing = v;
		/* [] means any organisation; a refusal names none. */
		char *text =
		    v ? json_dumps(orgs ? orgs : json_array(), JSON_COMPACT)
		      : NULL;
		n.consent_sharing_orgs =
		    text ? arena_strdup(c->arena, text) : NULL;
		free(text);
	}
	const char *sealed_guardian = case_seal(c, &r, guardian);
	json_t *data = json_pack(
	    "{s:s, s:b, s:s, s:s?, s:s, s:o}", "kind", kind, "given", v,
	    "given_by", by, "guardian_name", sealed_guardian, "date", date,
	    "organisations", orgs ? json_incref(orgs) : json_null());
	json_decref(orgs);
	/* The consent columns change: store them like an effect. */
	n.updated_at = time_now();
	if (!case_begin_update(c, &n, r.version)) {
		json_decref(data);
		return;
	}
	struct case_event_row e;
	if (!case_event_add(c, &n, "consent", data, 0, NULL, &e)) {
		store_rollback(c->db);
		return;
	}
	if (!api_audit(c, "consent_record",
	               arena_printf(c->arena, "case:%lld", (long long)r.id),
	               r.unit_tree, r.unit_path,
	               json_pack("{s:s, s:s, s:b, s:I}", "case_no", r.case_no,
	                         "kind", kind, "given", v, "event",
	                         (json_int_t)e.id)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 201, case_event_json(c, &e, true));
}
