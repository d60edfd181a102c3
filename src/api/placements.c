/*
 * placements.c — alternative care placements of children (docs/network.md
 * §Alternative care; RULES.md §3, Law on Children Art 62–63).
 *
 * ** URL: POST  /api/v1/placements {"case_id","form","carer_id",
 *               "facility_id","start_on","decision_no","note"} → 201; 404
 *               case; 409 case_closed | already_placed; 422 invalid_field
 * ** URL: GET   /api/v1/placements?unit=&tree=&form=&active=&review_due=
 *               &case_id=&carer_id=&page=&page_size= → 200 {items,…}
 * ** URL: GET   /api/v1/placements/ID → 200 with "reviews"
 * ** URL: POST  /api/v1/placements/ID/reviews {"reviewed_on","outcome",
 *               "note"} → 201 the placement; 409 already_ended
 * ** URL: POST  /api/v1/placements/ID/end {"end_on","reason","note"} →
 *               200; 409 already_ended
 *
 * A placement lives under its case: it is seen as the case is
 * (casework_view) and changed by whoever may write the case.  Restricted
 * cases never show the person here.  Every change is a case event and an
 * audit entry (codes and ids only) in one transaction.  Hotline users
 * have no business with placements: 403.
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

/* Shared by the alternative-care files (declared where used):
 * here — the case a placement or stay is written on, and a placement's
 * JSON; carers.c — a carer the caller sees. */
bool network_case_for_write(struct api_ctx *c, int64_t id,
                            struct case_row *out);
json_t *placement_json(struct api_ctx *c, const struct placement_row *p);
bool placement_visible(struct api_ctx *c, const struct placement_row *p);
enum store_status carer_find(struct api_ctx *c, int64_t id,
                             struct carer_row *out);

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

/* Hotline users take calls, not children into care. */
static bool not_hotline(struct api_ctx *c)
{
	if (c->who.role != ROLE_HOTLINE)
		return true;
	api_reply_error(c, 403, "forbidden",
	                "Hotline users do not work on placements", NULL);
	return false;
}

bool network_case_for_write(struct api_ctx *c, int64_t id, struct case_row *out)
{
	enum store_status st = store_case_get(c->db, c->arena, id, out);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	struct case_facts f;
	if (st == STORE_OK) {
		case_facts_of(out, &f);
		if (casework_may_write(&c->who, &f))
			return true;
	}
	api_reply_error(c, 404, "not_found", "No such case", "case_id");
	return false;
}

static void placement_facts(const struct placement_row *p, struct case_facts *f)
{
	memset(f, 0, sizeof *f);
	if (p->case_type == NULL ||
	    case_type_parse(p->case_type, &f->type) != 0)
		f->type = CASE_CHILD_PROTECTION;
	if (p->case_stage == NULL ||
	    case_stage_parse(p->case_stage, &f->stage) != 0)
		f->stage = STAGE_INTAKE;
	f->restricted = p->case_restricted != 0;
	f->assigned_to = p->case_assigned_to;
	f->created_by = p->case_created_by;
	f->facility_id = p->case_facility_id;
	f->tree = p->unit_tree;
	f->path = p->unit_path;
}

static enum case_view placement_view(struct api_ctx *c,
                                     const struct placement_row *p)
{
	struct case_facts f;
	placement_facts(p, &f);
	return casework_view(&c->who, &f);
}

bool placement_visible(struct api_ctx *c, const struct placement_row *p)
{
	return placement_view(c, p) != VIEW_NONE;
}

json_t *placement_json(struct api_ctx *c, const struct placement_row *p)
{
	struct case_facts f;
	placement_facts(p, &f);
	bool hidden =
	    casework_restricted(&f) || casework_view(&c->who, &f) != VIEW_FULL;
	json_t *person = json_null();
	if (!hidden && p->person_name != NULL)
		person = json_pack("{s:s, s:o}", "full_name", p->person_name,
		                   "birth_year",
		                   p->person_birth_year > 0
		                       ? json_integer(p->person_birth_year)
		                       : json_null());
	char today[NET_DATE_MAX];
	net_today(today);
	bool active = p->end_on == NULL;
	json_t *j = json_object();
#define STR(k, v) json_object_set_new(j, k, (v) ? json_string(v) : json_null())
#define ID(k, v)  json_object_set_new(j, k, (v) ? json_integer(v) : json_null())
	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "case_id", json_integer(p->case_id));
	STR("case_no", p->case_no);
	STR("case_type", p->case_type);
	json_object_set_new(j, "person", person);
	json_object_set_new(j, "identity_hidden", json_boolean(hidden));
	STR("form", p->form);
	/* Who cares for a hidden child, where, and the decision's number
	 * lead to the child as surely as a name: form and dates only. */
	ID("carer_id", hidden ? 0 : p->carer_id);
	STR("carer_name", hidden ? NULL : p->carer_name);
	ID("facility_id", hidden ? 0 : p->facility_id);
	STR("facility_name", hidden ? NULL : p->facility_name);
	STR("start_on", p->start_on);
	STR("decision_no", hidden ? NULL : p->decision_no);
	STR("note", hidden ? NULL : p->note);
	STR("next_review_on", active ? p->next_review_on : NULL);
	json_object_set_new(j, "review_overdue",
	                    json_boolean(active && p->next_review_on != NULL &&
	                                 strcmp(p->next_review_on, today) < 0));
	json_object_set_new(j, "active", json_boolean(active));
	STR("end_on", p->end_on);
	STR("end_reason", p->end_reason);
	STR("end_note", hidden ? NULL : p->end_note);
	STR("unit_tree", p->unit_tree);
	STR("unit_code", p->unit_code);
	json_object_set_new(j, "version", json_integer(p->version));
	json_object_set_new(j, "created_at", api_instant_json(p->created_at));
#undef STR
#undef ID
	return j;
}

/* Placement `id` of the route when the caller sees its case; 404 else. */
static bool placement_load(struct api_ctx *c, struct placement_row *out)
{
	int64_t id;
	if (!api_id_param(c, "id", "placement", &id))
		return false;
	enum store_status st = store_placement_get(c->db, c->arena, id, out);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND || placement_view(c, out) == VIEW_NONE) {
		api_reply_error(c, 404, "not_found", "No such placement", NULL);
		return false;
	}
	return true;
}

static void reply_placement(struct api_ctx *c, int status, int64_t id)
{
	struct placement_row p;
	struct placement_review_row *rv;
	size_t n;
	if (store_placement_get(c->db, c->arena, id, &p) != STORE_OK ||
	    store_placement_reviews(c->db, c->arena, id, &rv, &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *j = placement_json(c, &p);
	bool hidden = json_is_true(json_object_get(j, "identity_hidden"));
	json_t *reviews = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    reviews,
		    json_pack("{s:I, s:s, s:s, s:s?, s:I, s:o}", "id",
		              (json_int_t)rv[i].id, "reviewed_on",
		              rv[i].reviewed_on, "outcome", rv[i].outcome,
		              "note", hidden ? NULL : rv[i].note, "reviewed_by",
		              (json_int_t)rv[i].reviewed_by, "created_at",
		              api_instant_json(rv[i].created_at)));
	json_object_set_new(j, "reviews", reviews);
	api_add_header(c, "ETag", net_etag(c, "p", p.id, p.version));
	api_reply_json(c, status, j);
}

/* ---- fields -----------------------------------------------------------------
 */

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

/* A date at obj[key] (absent: today); not_future refuses later days. */
static bool day_field(struct api_ctx *c, json_t *obj, const char *key,
                      bool not_future, char out[NET_DATE_MAX])
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v)) {
		net_today(out);
		return true;
	}
	return net_date_field(c, key,
	                      json_is_string(v) ? json_string_value(v) : NULL,
	                      not_future, out);
}

/* ---- create ----------------------------------------------------------------
 */

static const char *const create_keys[] = {
    "case_id",  "form",        "carer_id", "facility_id",
    "start_on", "decision_no", "note",     NULL};

static const char *placement_problem_text(enum placement_problem p,
                                          const char **field)
{
	*field = "carer_id";
	switch (p) {
	case PLACEMENT_CARER_REQUIRED:
		return "This form of care needs a carer (carer_id)";
	case PLACEMENT_CARER_KIND:
		return "kinship_care needs a kin carer and foster_non_kin a "
		       "non-kin carer";
	case PLACEMENT_FACILITY_REQUIRED:
		*field = "facility_id";
		return "residential_care needs a facility (facility_id)";
	case PLACEMENT_CARER_TOO_YOUNG:
		return "A kin carer must be at least 18 years old at start_on";
	case PLACEMENT_AGE_GAP:
		return "A non-kin carer must be at least 20 years older than "
		       "the child (Law on Children Art 63)";
	case PLACEMENT_OK: break;
	}
	return NULL;
}

void placements_create(struct api_ctx *c)
{
	if (!not_hotline(c))
		return;
	json_t *body = api_body_object(c);
	int64_t case_id, carer_id, facility_id;
	const char *form, *decision_no, *note;
	char start_on[NET_DATE_MAX];
	if (body == NULL || !case_keys_known(c, body, create_keys, NULL) ||
	    !id_field(c, body, "case_id", true, &case_id) ||
	    !case_code(c, body, "form", NULL, "alt_care_form", true, &form) ||
	    !id_field(c, body, "carer_id", false, &carer_id) ||
	    !id_field(c, body, "facility_id", false, &facility_id) ||
	    !day_field(c, body, "start_on", false, start_on) ||
	    !case_text(c, body, "decision_no", NULL, 1, 100, false,
	               &decision_no) ||
	    !case_text(c, body, "note", NULL, 0, 2000, false, &note))
		return;
	struct case_row r;
	if (!network_case_for_write(c, case_id, &r))
		return;
	if (strcmp(r.type, "child_protection") != 0) {
		bad_field(c, "case_id",
		          "Alternative care is for child_protection cases");
		return;
	}
	struct carer_row carer = {0};
	if (carer_id != 0) {
		enum store_status st = carer_find(c, carer_id, &carer);
		if (st == STORE_ERROR) {
			api_reply_internal(c);
			return;
		}
		if (st != STORE_OK) {
			bad_field(c, "carer_id", "No such carer");
			return;
		}
		if (strcmp(carer.status, "active") != 0) {
			bad_field(c, "carer_id", "The carer is not active");
			return;
		}
	}
	struct facility_row fac = {0};
	if (facility_id != 0) {
		enum store_status st =
		    store_facility_get(c->db, c->arena, facility_id, &fac);
		if (st == STORE_ERROR) {
			api_reply_internal(c);
			return;
		}
		if (st != STORE_OK ||
		    net_facility_access(c, &fac) == FACILITY_NONE) {
			bad_field(c, "facility_id", "No such facility");
			return;
		}
		if (fac.kind == NULL || strcmp(fac.kind, "facility") != 0) {
			bad_field(c, "facility_id",
			          "facility_id must be a facility, not a "
			          "service point or model");
			return;
		}
	}
	struct placement_facts pf = {
	    .form = form,
	    .carer_kind = carer_id != 0 ? carer.kind : NULL,
	    .carer_birth_year = carer.birth_year,
	    .child_birth_year = r.person.birth_year,
	    .has_facility = facility_id != 0,
	    .start_year = atoi(start_on),
	};
	const char *field;
	const char *problem =
	    placement_problem_text(placement_check(&pf), &field);
	if (problem != NULL) {
		bad_field(c, field, problem);
		return;
	}
	if (strcmp(r.stage, "closed") == 0) {
		api_reply_error(c, 409, "case_closed", "The case is closed",
		                "case_id");
		return;
	}
	struct placement_query q = {
	    .tree = r.unit_tree, .active = 1, .case_id = r.id, .limit = 1};
	struct placement_row *rows;
	size_t n;
	long total;
	if (store_placements_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	if (total > 0) {
		api_reply_error(
		    c, 409, "already_placed",
		    "The child already has an active placement: end "
		    "it first",
		    "case_id");
		return;
	}
	char next[NET_DATE_MAX];
	if (net_date_add_months(start_on, PLACEMENT_REVIEW_MONTHS, next) != 0) {
		api_reply_internal(c);
		return;
	}
	struct placement_row p = {0};
	p.case_id = r.id;
	p.form = form;
	p.carer_id = carer_id;
	p.facility_id = facility_id;
	p.start_on = start_on;
	p.decision_no = decision_no;
	p.note = note != NULL && *note != '\0' ? note : NULL;
	p.next_review_on = next;
	p.unit_tree = r.unit_tree;
	p.unit_code = r.unit_code;
	p.unit_path = r.unit_path;
	p.created_by = c->user.id;
	p.created_at = time_now();
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_placement_insert(c->db, &p);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		api_reply_error(c, 409, "already_placed",
		                "The child already has an active placement",
		                "case_id");
		return;
	}
	if (st != STORE_OK ||
	    !case_event_add(
	        c, &r, "placement",
	        json_pack("{s:I, s:s, s:o, s:o, s:s}", "placement_id",
	                  (json_int_t)p.id, "form", form, "carer_id",
	                  carer_id ? json_integer(carer_id) : json_null(),
	                  "facility_id",
	                  facility_id ? json_integer(facility_id) : json_null(),
	                  "start_on", start_on),
	        0, NULL, NULL) ||
	    !api_audit(
	        c, "placement_create",
	        arena_printf(c->arena, "placement:%lld", (long long)p.id),
	        r.unit_tree, r.unit_path,
	        json_pack("{s:I, s:s}", "case_id", (json_int_t)r.id, "form",
	                  form)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_placement(c, 201, p.id);
}

void placements_get(struct api_ctx *c)
{
	struct placement_row p;
	if (!not_hotline(c) || !placement_load(c, &p))
		return;
	reply_placement(c, 200, p.id);
}

/* ---- reviews and end
 * ---------------------------------------------------------- */

/* The placement of the route and its case, when the caller may write the
 * case (403 restricted for a limited view, 404 when not seen). */
static bool load_for_write(struct api_ctx *c, struct placement_row *p,
                           struct case_row *r)
{
	if (!not_hotline(c) || !placement_load(c, p))
		return false;
	enum store_status st = store_case_get(c->db, c->arena, p->case_id, r);
	if (st != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	return case_require_write(c, r);
}

static const char *const review_keys[] = {"reviewed_on", "outcome", "note",
                                          NULL};

void placements_review(struct api_ctx *c)
{
	struct placement_row p;
	struct case_row r;
	if (!load_for_write(c, &p, &r))
		return;
	json_t *body = api_body_object(c);
	char on[NET_DATE_MAX];
	const char *outcome, *note;
	if (body == NULL || !case_keys_known(c, body, review_keys, NULL) ||
	    !day_field(c, body, "reviewed_on", true, on) ||
	    !case_code(c, body, "outcome", NULL, "placement_review_outcome",
	               true, &outcome) ||
	    !case_text(c, body, "note", NULL, 0, 2000, false, &note))
		return;
	if (strcmp(on, p.start_on) < 0) {
		bad_field(c, "reviewed_on",
		          "reviewed_on must not be before start_on");
		return;
	}
	if (p.end_on != NULL) {
		api_reply_error(c, 409, "already_ended",
		                "The placement has ended", NULL);
		return;
	}
	char next[NET_DATE_MAX];
	if (net_date_add_months(on, PLACEMENT_REVIEW_MONTHS, next) != 0) {
		api_reply_internal(c);
		return;
	}
	struct placement_review_row rv = {0};
	rv.placement_id = p.id;
	rv.reviewed_on = on;
	rv.outcome = outcome;
	rv.note = note != NULL && *note != '\0' ? note : NULL;
	rv.reviewed_by = c->user.id;
	rv.created_at = time_now();
	p.next_review_on = next;
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_placement_update(c->db, &p, p.version);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		api_reply_error(c, 412, "stale",
		                "The placement was changed meanwhile", NULL);
		return;
	}
	if (st == STORE_OK)
		st = store_placement_review_insert(c->db, &rv);
	if (st != STORE_OK ||
	    !case_event_add(c, &r, "placement_review",
	                    json_pack("{s:I, s:s, s:s, s:s}", "placement_id",
	                              (json_int_t)p.id, "reviewed_on", on,
	                              "outcome", outcome, "next_review_on",
	                              next),
	                    0, NULL, NULL) ||
	    !api_audit(
	        c, "placement_review",
	        arena_printf(c->arena, "placement:%lld", (long long)p.id),
	        p.unit_tree, p.unit_path,
	        json_pack("{s:I, s:s}", "case_id", (json_int_t)r.id, "outcome",
	                  outcome)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_placement(c, 201, p.id);
}

static const char *const end_keys[] = {"end_on", "reason", "note", NULL};

void placements_end(struct api_ctx *c)
{
	struct placement_row p;
	struct case_row r;
	if (!load_for_write(c, &p, &r))
		return;
	json_t *body = api_body_object(c);
	char on[NET_DATE_MAX];
	const char *reason, *note;
	if (body == NULL || !case_keys_known(c, body, end_keys, NULL) ||
	    !day_field(c, body, "end_on", true, on) ||
	    !case_code(c, body, "reason", NULL, "placement_end_reason", true,
	               &reason) ||
	    !case_text(c, body, "note", NULL, 0, 2000, false, &note))
		return;
	if (strcmp(on, p.start_on) < 0) {
		bad_field(c, "end_on", "end_on must not be before start_on");
		return;
	}
	if (p.end_on != NULL) {
		api_reply_error(c, 409, "already_ended",
		                "The placement has already ended", NULL);
		return;
	}
	p.end_on = on;
	p.end_reason = reason;
	p.end_note = note != NULL && *note != '\0' ? note : NULL;
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_placement_update(c->db, &p, p.version);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		api_reply_error(c, 409, "already_ended",
		                "The placement has already ended", NULL);
		return;
	}
	if (st != STORE_OK ||
	    !case_event_add(c, &r, "placement_end",
	                    json_pack("{s:I, s:s, s:s}", "placement_id",
	                              (json_int_t)p.id, "end_on", on,
	                              "end_reason", reason),
	                    0, NULL, NULL) ||
	    !api_audit(
	        c, "placement_end",
	        arena_printf(c->arena, "placement:%lld", (long long)p.id),
	        p.unit_tree, p.unit_path,
	        json_pack("{s:I, s:s}", "case_id", (json_int_t)r.id, "reason",
	                  reason)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_placement(c, 200, p.id);
}

/* ---- list -------------------------------------------------------------------
 */

static bool bool_query(struct api_ctx *c, const char *name, int *out)
{
	const char *s = api_query(c, name);
	*out = 0;
	if (s == NULL || *s == '\0')
		return true;
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = -1;
	else
		return bad_field(
		    c, name,
		    arena_printf(c->arena, "%s must be true or false", name));
	return true;
}

static bool id_query(struct api_ctx *c, const char *name, int64_t *out)
{
	const char *s = api_query(c, name);
	*out = 0;
	if (s == NULL || *s == '\0')
		return true;
	if (!case_query_id(s, out))
		return bad_field(
		    c, name,
		    arena_printf(c->arena, "%s must be a record id", name));
	return true;
}

void placements_list(struct api_ctx *c)
{
	struct placement_query q = {0};
	int page, offset, limit, review_due;
	if (!not_hotline(c) || !api_paging(c, &offset, &limit, &page) ||
	    !net_list_scope(c, &q.tree, &q.within_path) ||
	    !bool_query(c, "active", &q.active) ||
	    !bool_query(c, "review_due", &review_due) ||
	    !id_query(c, "case_id", &q.case_id) ||
	    !id_query(c, "carer_id", &q.carer_id))
		return;
	const char *s = api_query(c, "form");
	if (s != NULL && *s != '\0') {
		if (!net_code_field(c, "form", "alt_care_form", s))
			return;
		q.form = s;
	}
	char today[NET_DATE_MAX];
	if (review_due == 1) {
		net_today(today);
		q.review_before = today;
	}
	if (c->who.role == ROLE_FACILITY) {
		/* The store selects what casework_view shows a facility
		 * user: its residents' cases, owned anywhere, and its own
		 * cases inside its scope; so total and paging are exact. */
		if (api_query(c, "unit") == NULL)
			q.within_path = NULL;
		q.facility_id = c->who.facility_id;
		q.own_user = c->user.id;
		q.own_path = c->who.scope_path;
	}
	q.offset = offset;
	q.limit = limit;
	struct placement_row *rows;
	size_t n;
	long total;
	if (store_placements_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		if (placement_view(c, &rows[i]) != VIEW_NONE)
			json_array_append_new(items,
			                      placement_json(c, &rows[i]));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", limit));
}
