/*
 * referrals.c — asking another organisation for a service for a case
 * (DESIGN.md §5, docs/cases.md §Referrals and transfers).
 *
 * ** URL: POST /api/v1/cases/ID/referrals {"to_org","to_unit"?,"service",
 *         "note"?,"override_reason"?} → 201 {"id","status":"sent",…};
 *         409 consent_required; 403 forbidden (override by a non-supervisor)
 * ** URL: GET  /api/v1/referrals?box=in|out&status=&case_id=&page=&page_size=
 *         → 200 {items,total}
 * ** URL: POST /api/v1/referrals/ID/accept · /decline · /complete
 *         {"comment"?} → 200; 409 invalid_transition
 *
 * sent → accepted | declined, accepted → completed.  When the referral
 * names a unit of the system (to_unit), the users whose scope holds that
 * unit answer; otherwise the case's own workers record what the outside
 * organisation said.  Sending needs the person's sharing consent naming
 * the organisation (or naming none: any organisation), unless a
 * supervisor overrides it with a reason, which is audited.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "domain/codes.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* A referral as JSON: note and comment only for those who read the
 * case's narratives (a list names no reason, so never in a restricted
 * case); the organisation of a restricted case — a shelter, say — only
 * for its readers and the receiving unit, as in the limited history;
 * the case's stage only while the caller sees the case. */
static json_t *referral_json(struct api_ctx *c, const struct referral_row *r,
                             const struct flow_access *a)
{
	const char *note = NULL, *comment = NULL;
	if (a->reads) {
		note = r->note ? case_open(c, r->note) : NULL;
		comment = r->comment ? case_open(c, r->comment) : NULL;
	}
	bool org = !a->restricted || a->answers || a->full;
	return json_pack(
	    "{s:I, s:s, s:I, s:s?, s:s?, s:s?, s:s?, s:s, s:s?, s:s?, s:s?, "
	    "s:s, s:s?, s:s?, s:o, s:o, s:o}",
	    "id", (json_int_t)r->id, "kind", r->kind, "case_id",
	    (json_int_t)r->case_id, "case_no", r->case_no, "case_type",
	    r->case_type, "case_stage", a->sees_case ? r->case_stage : NULL,
	    "to_org", org ? r->to_org : NULL, "from_unit", r->from_code,
	    "to_unit", r->to_code, "to_tree", r->to_tree, "service", r->service,
	    "status", r->status, "note", note, "comment", comment, "created_at",
	    api_instant_json(r->created_at), "decided_at",
	    api_instant_json(r->decided_at), "completed_at",
	    api_instant_json(r->completed_at));
}

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

/* Whether the case's sharing consent covers organisation org: given, and
 * naming no organisation (any) or naming org exactly after NFC and
 * trimming. */
static bool sharing_consent_covers(struct api_ctx *c, const struct case_row *r,
                                   const char *org)
{
	if (r->consent_sharing != 1)
		return false;
	if (r->consent_sharing_orgs == NULL)
		return true;
	json_t *orgs = json_loads(r->consent_sharing_orgs, 0, NULL);
	if (!json_is_array(orgs)) {
		json_decref(orgs);
		return false;
	}
	bool covers = json_array_size(orgs) == 0;
	size_t i;
	json_t *v;
	json_array_foreach(orgs, i, v)
	{
		const char *s = json_string_value(v);
		char *name = s ? text_nfc(c->arena, s) : NULL;
		if (name == NULL)
			continue;
		while (*name == ' ')
			name++;
		size_t len = strlen(name);
		while (len > 0 && name[len - 1] == ' ')
			name[--len] = '\0';
		if (strcmp(name, org) == 0)
			covers = true;
	}
	json_decref(orgs);
	return covers;
}

enum { RF_TO_ORG, RF_TO_UNIT, RF_SERVICE, RF_NOTE, RF_OVERRIDE, RF__MAX };
static const struct field_spec create_fields[RF__MAX] = {
    [RF_TO_ORG] = {"to_org", FIELD_STRING, false, 800},
    [RF_TO_UNIT] = {"to_unit", FIELD_STRING, false, 8},
    [RF_SERVICE] = {"service", FIELD_STRING, true, 64},
    [RF_NOTE] = {"note", FIELD_STRING, false, 8000},
    [RF_OVERRIDE] = {"override_reason", FIELD_STRING, false, 2000},
};

/* Checks the fields into r (to_*, service); answers 422 and returns
 * false. */
static bool referral_from_fields(struct api_ctx *c, const struct case_row *cr,
                                 const struct field_value *f,
                                 struct referral_row *r)
{
	if (f[RF_TO_UNIT].present && *f[RF_TO_UNIT].s != '\0') {
		/* Any unit of the case's tree: a referral may cross scopes. */
		struct unit_row u;
		enum store_status st = store_unit_get(
		    c->db, c->arena, cr->unit_tree, f[RF_TO_UNIT].s, &u);
		if (st == STORE_ERROR) {
			api_reply_internal(c);
			return false;
		}
		if (st != STORE_OK)
			return bad_field(c, "to_unit",
			                 "to_unit is not a unit of the "
			                 "case's tree");
		r->to_tree = u.tree;
		r->to_code = u.code;
		r->to_path = u.path;
		r->to_org = u.name;
	}
	if (f[RF_TO_ORG].present && *f[RF_TO_ORG].s != '\0')
		r->to_org = f[RF_TO_ORG].s;
	if (r->to_org == NULL)
		return bad_field(c, "to_org",
		                 "to_org is required (or to_unit)");
	if (text_length(r->to_org) > 200)
		return bad_field(c, "to_org",
		                 "to_org must be at most 200 characters");
	if (!codes_has("service", f[RF_SERVICE].s))
		return bad_field(c, "service",
		                 "service is not a code of the service list");
	r->service = f[RF_SERVICE].s;
	if (f[RF_NOTE].present && text_length(f[RF_NOTE].s) > 2000)
		return bad_field(c, "note",
		                 "note must be at most 2000 characters");
	if (f[RF_OVERRIDE].present) {
		size_t n = text_length(f[RF_OVERRIDE].s);
		if (n < 3 || n > 500)
			return bad_field(c, "override_reason",
			                 "override_reason must be 3 to 500 "
			                 "characters");
	}
	return true;
}

void referrals_create(struct api_ctx *c)
{
	int64_t case_id;
	struct case_row cr;
	enum case_view view;
	if (!api_id_param(c, "id", "case", &case_id) ||
	    !case_load(c, case_id, &cr, &view) || !case_require_write(c, &cr))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[RF__MAX];
	if (body == NULL || !case_fields(c, body, create_fields, RF__MAX, f))
		return;
	struct referral_row r = {0};
	if (!referral_from_fields(c, &cr, f, &r))
		return;
	struct case_facts facts;
	case_facts_of(&cr, &facts);
	const char *override = f[RF_OVERRIDE].present ? f[RF_OVERRIDE].s : NULL;
	if (override != NULL && !casework_is_supervisor(&c->who, &facts)) {
		api_reply_error(c, 403, "forbidden",
		                "Only a province or district supervisor may "
		                "override a missing consent",
		                "override_reason");
		return;
	}
	bool consented = sharing_consent_covers(c, &cr, r.to_org);
	if (!consented && override == NULL) {
		api_reply_error(c, 409, "consent_required",
		                "The person has not consented to sharing with "
		                "this organisation",
		                "to_org");
		return;
	}
	const char *note =
	    f[RF_NOTE].present && *f[RF_NOTE].s != '\0' ? f[RF_NOTE].s : NULL;
	r.kind = "referral";
	r.case_id = cr.id;
	r.from_tree = cr.unit_tree;
	r.from_code = cr.unit_code;
	r.from_path = cr.unit_path;
	r.note = note ? case_seal(c, &cr, note) : NULL;
	r.status = "sent";
	/* The override's reason tells why this person's data must go: a
	 * narrative, sealed like the note. */
	r.override_reason = consented ? NULL : case_seal(c, &cr, override);
	r.created_by = c->user.id;
	r.created_at = time_now();
	r.case_no = cr.case_no;
	r.case_type = cr.type;
	r.case_stage = cr.stage;
	if ((note != NULL && r.note == NULL) ||
	    (!consented && r.override_reason == NULL)) {
		api_reply_internal(c);
		return;
	}

	/* Where a restricted case was sent (a shelter) is no auditor's
	 * business: the unit code and the service say enough. */
	const char *audit_org = casework_restricted(&facts) ? NULL : r.to_org;
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_referral_insert(c->db, &r);
	if (st != STORE_OK)
		goto fail;
	const char *target =
	    arena_printf(c->arena, "referral:%lld", (long long)r.id);
	if (!case_event_add(c, &cr, "referral",
	                    json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s?}",
	                              "referral_id", (json_int_t)r.id, "status",
	                              "sent", "to_org", r.to_org, "to_unit",
	                              r.to_code, "service", r.service, "note",
	                              note),
	                    0, NULL, NULL) ||
	    !api_audit(c, "referral_create", target, cr.unit_tree, cr.unit_path,
	               json_pack("{s:I, s:s, s:s?, s:s?}", "case_id",
	                         (json_int_t)cr.id, "service", r.service,
	                         "to_unit", r.to_code, "to_org", audit_org)))
		goto fail;
	/* A supervisor's override is the one thing an auditor must find: who,
	 * which case and referral; its reason is a narrative and stays in the
	 * (sealed) referral. */
	if (!consented &&
	    !api_audit(c, "consent_override", target, cr.unit_tree,
	               cr.unit_path,
	               json_pack("{s:I, s:I, s:s?}", "case_id",
	                         (json_int_t)cr.id, "referral_id",
	                         (json_int_t)r.id, "to_org", audit_org)))
		goto fail;
	if (store_commit(c->db) != STORE_OK)
		goto fail;
	/* The sender reads back what it wrote. */
	struct flow_access all = {.listable = true,
	                          .answers = true,
	                          .sees_case = true,
	                          .full = true,
	                          .reads = true};
	api_reply_json(c, 201, referral_json(c, &r, &all));
	return;
fail:
	store_rollback(c->db);
	api_reply_internal(c);
}

/* Loads the referral of the route and its case if the caller may answer
 * it: the case workers scoped over to_unit when it is set, else the
 * case's writers; 404 for anyone else. */
static bool load_answerable(struct api_ctx *c, struct referral_row *r,
                            struct case_row *cr)
{
	int64_t id;
	if (!api_id_param(c, "id", "referral", &id))
		return false;
	enum store_status st = store_referral_get(c->db, c->arena, id, r);
	if (st == STORE_OK && strcmp(r->kind, "referral") != 0)
		st = STORE_NOTFOUND;
	if (st == STORE_OK)
		st = store_case_get(c->db, c->arena, r->case_id, cr);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_OK) {
		struct case_facts f;
		case_facts_of(cr, &f);
		if (r->to_code != NULL
		        ? case_unit_worker(&c->who, r->to_tree, r->to_path)
		        : casework_may_write(&c->who, &f))
			return true;
	}
	api_reply_error(c, 404, "not_found", "No such referral", NULL);
	return false;
}

static const struct field_spec answer_fields[] = {
    {"comment", FIELD_STRING, false, 4000},
};

/* One answer: from status `from` to `to`. */
static void referral_answer(struct api_ctx *c, const char *from, const char *to)
{
	struct referral_row r;
	struct case_row cr;
	if (!load_answerable(c, &r, &cr))
		return;
	struct field_value f[1] = {{0}};
	json_t *body = NULL;
	if (c->body != NULL && c->body_len > 0) {
		body = api_body_object(c);
		if (body == NULL || !case_fields(c, body, answer_fields, 1, f))
			return;
	}
	const char *comment = f[0].present && *f[0].s != '\0' ? f[0].s : NULL;
	if (comment != NULL && text_length(comment) > 1000) {
		bad_field(c, "comment",
		          "comment must be at most 1000 characters");
		return;
	}
	if (strcmp(r.status, from) != 0) {
		api_reply_error(c, 409, "invalid_transition",
		                arena_printf(c->arena,
		                             "A referral that is %s cannot "
		                             "become %s",
		                             r.status, to),
		                NULL);
		return;
	}
	int64_t now = time_now();
	int64_t version = r.version;
	r.status = to;
	if (strcmp(to, "completed") == 0) {
		r.completed_at = now;
	} else {
		r.decided_by = c->user.id;
		r.decided_at = now;
	}
	if (comment != NULL) {
		r.comment = case_seal(c, &cr, comment);
		if (r.comment == NULL) {
			api_reply_internal(c);
			return;
		}
	}
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_referral_update(c->db, &r, version);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		api_reply_error(c, 409, "invalid_transition",
		                "The referral was answered meanwhile", NULL);
		return;
	}
	if (st != STORE_OK ||
	    !case_event_add(c, &cr, "referral",
	                    json_pack("{s:I, s:s, s:s?}", "referral_id",
	                              (json_int_t)r.id, "status", to, "comment",
	                              comment),
	                    0, NULL, NULL) ||
	    !api_audit(c, arena_printf(c->arena, "referral_%s", to),
	               arena_printf(c->arena, "referral:%lld", (long long)r.id),
	               cr.unit_tree, cr.unit_path,
	               json_pack("{s:I, s:s}", "case_id", (json_int_t)cr.id,
	                         "status", to)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	struct flow_access a;
	case_flow_access(c, &r, &cr, &a);
	api_reply_json(c, 200, referral_json(c, &r, &a));
}

void referrals_accept(struct api_ctx *c)
{
	referral_answer(c, "sent", "accepted");
}

void referrals_decline(struct api_ctx *c)
{
	referral_answer(c, "sent", "declined");
}

void referrals_complete(struct api_ctx *c)
{
	referral_answer(c, "accepted", "completed");
}

void referrals_list(struct api_ctx *c)
{
	struct referral_query q = {0};
	int page;
	if (!api_paging(c, &q.offset, &q.limit, &page))
		return;
	q.kind = "referral";
	q.tree = c->who.scope_tree;
	const char *box = api_query(c, "box");
	if (box == NULL || *box == '\0' || strcmp(box, "in") == 0)
		q.to_within = c->who.scope_path;
	else if (strcmp(box, "out") == 0)
		q.from_within = c->who.scope_path;
	else {
		bad_field(c, "box", "box must be in or out");
		return;
	}
	const char *status = api_query(c, "status");
	if (status != NULL && *status != '\0') {
		if (strcmp(status, "sent") != 0 &&
		    strcmp(status, "accepted") != 0 &&
		    strcmp(status, "declined") != 0 &&
		    strcmp(status, "completed") != 0) {
			bad_field(c, "status",
			          "status must be sent, accepted, declined or "
			          "completed");
			return;
		}
		q.status = status;
	}
	const char *case_text = api_query(c, "case_id");
	if (case_text != NULL && *case_text != '\0') {
		int64_t id;
		if (!case_query_id(case_text, &id)) {
			bad_field(c, "case_id", "case_id must be a case id");
			return;
		}
		q.case_id = id;
	}
	case_flow_list(c, &q, page, referral_json);
}
