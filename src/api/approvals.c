/*
 * approvals.c — asking for and deciding the approval of a case's plan or
 * closure (Decree 56 Art 28; docs/cases.md §Approvals).
 *
 * ** URL: GET  /api/v1/cases/ID/approvals[?reason=] → 200 {items}
 * ** URL: POST /api/v1/cases/ID/approvals {"subject":"plan"|"closure",
 *         "note"?,"closure_reason"?} → 201 approval; 409 conflict (one
 *         already pending), 409 invalid_transition (wrong stage)
 * ** URL: POST /api/v1/approvals/ID/approve {"comment"?} → 200
 * ** URL: POST /api/v1/approvals/ID/reject {"comment"} → 200
 *         403 forbidden (the requester, or a role that may not approve);
 *         404 outside scope; 409 invalid_transition once decided
 *
 * requested → approved | rejected.  The approver is any other commune,
 * district or province user whose scope holds the case — never the one
 * who asked (casework_may_approve).  An approved plan sets the case's
 * plan_approved_at (planning → intervention needs it); an approved
 * closure sets closure_approved_at and the closure reason.
 */
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "domain/codes.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

static json_t *id_json(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

/* An approval as JSON; note and comment opened only when identity. */
static json_t *approval_json(struct api_ctx *c, const struct approval_row *a,
                             bool identity)
{
	const char *note = NULL, *comment = NULL;
	if (identity) {
		note = a->note ? case_open(c, a->note) : NULL;
		comment = a->comment ? case_open(c, a->comment) : NULL;
	}
	return json_pack(
	    "{s:I, s:I, s:s, s:s, s:s?, s:s?, s:s?, s:I, s:o, s:o, s:o}", "id",
	    (json_int_t)a->id, "case_id", (json_int_t)a->case_id, "subject",
	    a->subject, "status", a->status, "closure_reason",
	    a->closure_reason, "note", note, "comment", comment, "requested_by",
	    (json_int_t)a->requested_by, "requested_at",
	    api_instant_json(a->requested_at), "decided_by",
	    id_json(a->decided_by), "decided_at",
	    api_instant_json(a->decided_at));
}

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

void approvals_list(struct api_ctx *c)
{
	int64_t case_id;
	struct case_row cr;
	enum case_view view;
	if (!api_id_param(c, "id", "case", &case_id) ||
	    !case_load(c, case_id, &cr, &view))
		return;
	bool ok = true;
	bool identity = case_identity(c, &cr, view, &ok);
	if (!ok)
		return;
	struct approval_row *rows;
	size_t n;
	if (store_approvals_list(c->db, c->arena, cr.id, NULL, NULL, NULL,
	                         &rows, &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items,
		                      approval_json(c, &rows[i], identity));
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}

enum { AF_SUBJECT, AF_NOTE, AF_CLOSURE_REASON, AF__MAX };
static const struct field_spec request_fields[AF__MAX] = {
    [AF_SUBJECT] = {"subject", FIELD_STRING, true, 16},
    [AF_NOTE] = {"note", FIELD_STRING, false, 8000},
    [AF_CLOSURE_REASON] = {"closure_reason", FIELD_STRING, false, 64},
};

void approvals_request(struct api_ctx *c)
{
	int64_t case_id;
	struct case_row cr;
	enum case_view view;
	if (!api_id_param(c, "id", "case", &case_id) ||
	    !case_load(c, case_id, &cr, &view) || !case_require_write(c, &cr))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[AF__MAX];
	if (body == NULL || !case_fields(c, body, request_fields, AF__MAX, f))
		return;
	struct approval_row a = {0};
	a.subject = f[AF_SUBJECT].s;
	bool plan = strcmp(a.subject, "plan") == 0;
	if (!plan && strcmp(a.subject, "closure") != 0) {
		bad_field(c, "subject", "subject must be plan or closure");
		return;
	}
	const char *note =
	    f[AF_NOTE].present && *f[AF_NOTE].s != '\0' ? f[AF_NOTE].s : NULL;
	if (note != NULL && text_length(note) > 2000) {
		bad_field(c, "note", "note must be at most 2000 characters");
		return;
	}
	if (plan && f[AF_CLOSURE_REASON].present) {
		bad_field(c, "closure_reason",
		          "closure_reason belongs to a closure request");
		return;
	}
	if (!plan) {
		if (!f[AF_CLOSURE_REASON].present) {
			bad_field(c, "closure_reason",
			          "A closure needs a closure_reason");
			return;
		}
		if (!codes_has("closure_reason", f[AF_CLOSURE_REASON].s)) {
			bad_field(
			    c, "closure_reason",
			    "closure_reason is not a closure_reason code");
			return;
		}
		a.closure_reason = f[AF_CLOSURE_REASON].s;
	}
	if (plan ? strcmp(cr.stage, "planning") != 0
	         : strcmp(cr.stage, "closed") == 0) {
		api_reply_error(c, 409, "invalid_transition",
		                plan ? "A plan is approved while the case is "
		                       "in planning"
		                     : "The case is already closed",
		                NULL);
		return;
	}
	a.case_id = cr.id;
	a.status = "requested";
	a.requested_by = c->user.id;
	a.requested_at = time_now();
	if (note != NULL && (a.note = case_seal(c, &cr, note)) == NULL) {
		api_reply_internal(c);
		return;
	}

	/* The pending check runs inside the write transaction so two racing
	 * requests cannot both pass it. */
	struct approval_row *rows;
	size_t n = 0;
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_approvals_list(c->db, c->arena, cr.id, "requested",
		                          NULL, NULL, &rows, &n);
	for (size_t i = 0; st == STORE_OK && i < n; i++) {
		if (strcmp(rows[i].status, "requested") == 0 &&
		    strcmp(rows[i].subject, a.subject) == 0) {
			store_rollback(c->db);
			api_reply_error(
			    c, 409, "conflict",
			    arena_printf(c->arena,
			                 "A %s approval is already pending",
			                 a.subject),
			    "subject");
			return;
		}
	}
	if (st == STORE_OK)
		st = store_approval_insert(c->db, &a);
	if (st != STORE_OK ||
	    !case_event_add(c, &cr, "approval",
	                    json_pack("{s:I, s:s, s:s, s:s?, s:s?}",
	                              "approval_id", (json_int_t)a.id,
	                              "subject", a.subject, "status",
	                              "requested", "closure_reason",
	                              a.closure_reason, "note", note),
	                    0, NULL, NULL) ||
	    !api_audit(c, "approval_request",
	               arena_printf(c->arena, "approval:%lld", (long long)a.id),
	               cr.unit_tree, cr.unit_path,
	               json_pack("{s:I, s:s}", "case_id", (json_int_t)cr.id,
	                         "subject", a.subject)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 201, approval_json(c, &a, true));
}

/* Records an approved subject on the case: reloads and tries once more
 * when someone changed the case meanwhile. */
static enum store_status apply_approval(struct api_ctx *c, struct case_row *cr,
                                        const struct approval_row *a,
                                        int64_t now)
{
	enum store_status st = STORE_CONFLICT;
	for (int attempt = 0; attempt < 2 && st == STORE_CONFLICT; attempt++) {
		if (attempt > 0 && (st = store_case_get(c->db, c->arena, cr->id,
		                                        cr)) != STORE_OK)
			break;
		int64_t version = cr->version;
		if (strcmp(a->subject, "plan") == 0) {
			cr->plan_approved_at = now;
		} else {
			cr->closure_approved_at = now;
			cr->closure_reason = a->closure_reason;
		}
		cr->updated_at = now;
		st = store_case_update(c->db, cr, version);
	}
	return st;
}

static const struct field_spec decide_fields[] = {
    {"comment", FIELD_STRING, false, 4000},
};

static void approval_decide(struct api_ctx *c, bool approve)
{
	int64_t id;
	struct approval_row a;
	struct case_row cr;
	if (!api_id_param(c, "id", "approval", &id))
		return;
	enum store_status st = store_approval_get(c->db, c->arena, id, &a);
	if (st == STORE_OK)
		st = store_case_get(c->db, c->arena, a.case_id, &cr);
	struct case_facts facts;
	if (st == STORE_OK) {
		case_facts_of(&cr, &facts);
		if (casework_view(&c->who, &facts) == VIEW_NONE)
			st = STORE_NOTFOUND;
	}
	if (st != STORE_OK) {
		if (st == STORE_ERROR)
			api_reply_internal(c);
		else
			api_reply_error(c, 404, "not_found", "No such approval",
			                NULL);
		return;
	}
	if (!casework_may_approve(&c->who, &facts, a.requested_by)) {
		api_reply_error(c, 403, "forbidden",
		                a.requested_by == c->user.id
		                    ? "You cannot decide your own request"
		                    : "Your role may not decide approvals",
		                NULL);
		return;
	}
	/* Deciding changes the case and means judging what it says: in a
	 * restricted case only its readers may (docs/cases.md: writes need the
	 * full view). */
	if (casework_view(&c->who, &facts) != VIEW_FULL) {
		api_reply_error(c, 403, "restricted",
		                "This case is restricted: only its assigned "
		                "worker and supervisors may decide for it",
		                NULL);
		return;
	}
	struct field_value f[1] = {{0}};
	if (c->body != NULL && c->body_len > 0) {
		json_t *body = api_body_object(c);
		if (body == NULL || !case_fields(c, body, decide_fields, 1, f))
			return;
	}
	const char *comment = f[0].present && *f[0].s != '\0' ? f[0].s : NULL;
	size_t len = comment ? text_length(comment) : 0;
	if (approve ? len > 1000 : len < 3 || len > 1000) {
		bad_field(c, "comment",
		          approve ? "comment must be at most 1000 characters"
		                  : "A rejection needs a comment of 3 to 1000 "
		                    "characters");
		return;
	}
	if (strcmp(a.status, "requested") != 0) {
		api_reply_error(c, 409, "invalid_transition",
		                arena_printf(c->arena,
		                             "The request is already %s",
		                             a.status),
		                NULL);
		return;
	}
	bool plan = strcmp(a.subject, "plan") == 0;
	if (approve && (plan ? strcmp(cr.stage, "planning") != 0
	                     : strcmp(cr.stage, "closed") == 0)) {
		api_reply_error(c, 409, "invalid_transition",
		                plan ? "The case is no longer in planning"
		                     : "The case is already closed",
		                NULL);
		return;
	}
	int64_t now = time_now();
	a.status = approve ? "approved" : "rejected";
	a.decided_by = c->user.id;
	a.decided_at = now;
	if (comment != NULL &&
	    (a.comment = case_seal(c, &cr, comment)) == NULL) {
		api_reply_internal(c);
		return;
	}
	st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_approval_decide(c->db, &a);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		api_reply_error(c, 409, "invalid_transition",
		                "The request was decided meanwhile", NULL);
		return;
	}
	if (st == STORE_OK && approve)
		st = apply_approval(c, &cr, &a, now);
	if (st != STORE_OK ||
	    !case_event_add(c, &cr, "approval",
	                    json_pack("{s:I, s:s, s:s, s:s?, s:s?}",
	                              "approval_id", (json_int_t)a.id,
	                              "subject", a.subject, "status", a.status,
	                              "closure_reason", a.closure_reason,
	                              "comment", comment),
	                    0, NULL, NULL) ||
	    !api_audit(c, "approval_decide",
	               arena_printf(c->arena, "approval:%lld", (long long)a.id),
	               cr.unit_tree, cr.unit_path,
	               json_pack("{s:I, s:s, s:s}", "case_id",
	                         (json_int_t)cr.id, "subject", a.subject,
	                         "status", a.status)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	bool identity = casework_view(&c->who, &facts) == VIEW_FULL &&
	                !casework_restricted(&facts);
	api_reply_json(c, 200, approval_json(c, &a, identity));
}

void approvals_approve(struct api_ctx *c)
{
	approval_decide(c, true);
}

void approvals_reject(struct api_ctx *c)
{
	approval_decide(c, false);
}
