/*
 * transfers.c — handing a case over to another unit (docs/cases.md
 * §Referrals and transfers).
 *
 * ** URL: POST /api/v1/cases/ID/transfers {"to_unit","reason"} → 201
 *         {"id","status":"sent",…}; 409 conflict (one already open)
 * ** URL: GET  /api/v1/transfers?box=in|out&status=&case_id=&page=&page_size=
 *         → 200 {items,total}
 * ** URL: POST /api/v1/transfers/ID/accept · /decline {"comment"?} → 200;
 *         409 invalid_transition
 *
 * sent → accepted | declined, answered by the users whose scope holds the
 * receiving unit (anyone else: 404).  Acceptance moves the case: its unit
 * (and province when the unit lies in another one) changes, its number
 * stays, and the assignment is cleared for the new unit to make.
 * Transfers are rows of the referrals table with kind "transfer"; the
 * reason is kept in its note (sealed in restricted cases).
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* A transfer as JSON: reason and comment only for those who read the
 * case's narratives (never in a list of a restricted case), the case's
 * stage only while the caller sees the case. */
static json_t *transfer_json(struct api_ctx *c, const struct referral_row *r,
                             const struct flow_access *a)
{
	const char *reason = NULL, *comment = NULL;
	if (a->reads) {
		reason = r->note ? case_open(c, r->note) : NULL;
		comment = r->comment ? case_open(c, r->comment) : NULL;
	}
	return json_pack("{s:I, s:s, s:I, s:s?, s:s?, s:s?, s:s, s:s, s:s?, "
	                 "s:s?, s:s, s:s?, s:s?, s:o, s:o}",
	                 "id", (json_int_t)r->id, "kind", r->kind, "case_id",
	                 (json_int_t)r->case_id, "case_no", r->case_no,
	                 "case_type", r->case_type, "case_stage",
	                 a->sees_case ? r->case_stage : NULL, "from_unit",
	                 r->from_code, "from_tree", r->from_tree, "to_unit",
	                 r->to_code, "to_tree", r->to_tree, "status", r->status,
	                 "reason", reason, "comment", comment, "created_at",
	                 api_instant_json(r->created_at), "decided_at",
	                 api_instant_json(r->decided_at));
}

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

enum { TF_TO_UNIT, TF_REASON, TF__MAX };
static const struct field_spec create_fields[TF__MAX] = {
    [TF_TO_UNIT] = {"to_unit", FIELD_STRING, true, 8},
    [TF_REASON] = {"reason", FIELD_STRING, true, 2000},
};

void transfers_create(struct api_ctx *c)
{
	int64_t case_id;
	struct case_row cr;
	enum case_view view;
	if (!api_id_param(c, "id", "case", &case_id) ||
	    !case_load(c, case_id, &cr, &view) || !case_require_write(c, &cr))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[TF__MAX];
	if (body == NULL || !case_fields(c, body, create_fields, TF__MAX, f))
		return;
	/* Any unit of the case's own tree: the receiving unit is usually
	 * outside the sender's scope. */
	struct unit_row u;
	enum store_status st =
	    store_unit_get(c->db, c->arena, cr.unit_tree, f[TF_TO_UNIT].s, &u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return;
	}
	if (st != STORE_OK) {
		bad_field(c, "to_unit",
		          "to_unit is not a unit of the case's tree");
		return;
	}
	if (strcmp(u.code, cr.unit_code) == 0) {
		bad_field(c, "to_unit",
		          "The case already belongs to that unit");
		return;
	}
	size_t n = text_length(f[TF_REASON].s);
	if (n < 3 || n > 500) {
		bad_field(c, "reason", "reason must be 3 to 500 characters");
		return;
	}
	struct referral_row r = {0};
	r.kind = "transfer";
	r.case_id = cr.id;
	r.from_tree = cr.unit_tree;
	r.from_code = cr.unit_code;
	r.from_path = cr.unit_path;
	r.to_tree = u.tree;
	r.to_code = u.code;
	r.to_path = u.path;
	r.to_org = u.name;
	r.note = case_seal(c, &cr, f[TF_REASON].s);
	r.status = "sent";
	r.created_by = c->user.id;
	r.created_at = time_now();
	r.case_no = cr.case_no;
	r.case_type = cr.type;
	r.case_stage = cr.stage;
	if (r.note == NULL) {
		api_reply_internal(c);
		return;
	}

	/* The check for an open transfer runs inside the write transaction,
	 * so two racing requests cannot both pass it. */
	struct referral_query q = {
	    .kind = "transfer", .case_id = cr.id, .status = "sent", .limit = 1};
	struct referral_row *open_rows;
	size_t n_open;
	long total = 0;
	st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_referrals_list(c->db, c->arena, &q, &open_rows,
		                          &n_open, &total);
	if (st == STORE_OK && total > 0) {
		store_rollback(c->db);
		api_reply_error(
		    c, 409, "conflict",
		    "The case already has a transfer waiting for an "
		    "answer",
		    NULL);
		return;
	}
	if (st == STORE_OK)
		st = store_referral_insert(c->db, &r);
	if (st != STORE_OK ||
	    !case_event_add(c, &cr, "transfer",
	                    json_pack("{s:I, s:s, s:s, s:s, s:s}",
	                              "transfer_id", (json_int_t)r.id, "status",
	                              "sent", "to_unit", r.to_code, "to_tree",
	                              r.to_tree, "note", f[TF_REASON].s),
	                    0, NULL, NULL) ||
	    !api_audit(c, "transfer_create",
	               arena_printf(c->arena, "transfer:%lld", (long long)r.id),
	               cr.unit_tree, cr.unit_path,
	               json_pack("{s:I, s:s, s:s}", "case_id",
	                         (json_int_t)cr.id, "from_unit", cr.unit_code,
	                         "to_unit", r.to_code)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	/* The sender reads back what it wrote. */
	struct flow_access all = {.listable = true,
	                          .answers = true,
	                          .sees_case = true,
	                          .full = true,
	                          .reads = true};
	api_reply_json(c, 201, transfer_json(c, &r, &all));
}

/* The transfer of the route and its case, if the caller is a case worker
 * whose scope holds the receiving unit; 404 otherwise. */
static bool load_receivable(struct api_ctx *c, struct referral_row *r,
                            struct case_row *cr)
{
	int64_t id;
	if (!api_id_param(c, "id", "transfer", &id))
		return false;
	enum store_status st = store_referral_get(c->db, c->arena, id, r);
	if (st == STORE_OK &&
	    (strcmp(r->kind, "transfer") != 0 ||
	     !case_unit_worker(&c->who, r->to_tree, r->to_path)))
		st = STORE_NOTFOUND;
	if (st == STORE_OK)
		st = store_case_get(c->db, c->arena, r->case_id, cr);
	if (st == STORE_OK)
		return true;
	if (st == STORE_ERROR)
		api_reply_internal(c);
	else
		api_reply_error(c, 404, "not_found", "No such transfer", NULL);
	return false;
}

/* Moves case cr to the transfer's receiving unit, unassigned; reloads and
 * tries once more when someone changed the case meanwhile. */
static enum store_status move_case(struct api_ctx *c, struct case_row *cr,
                                   const struct referral_row *r, int64_t now)
{
	enum store_status st = STORE_CONFLICT;
	for (int attempt = 0; attempt < 2 && st == STORE_CONFLICT; attempt++) {
		if (attempt > 0 && (st = store_case_get(c->db, c->arena, cr->id,
		                                        cr)) != STORE_OK)
			break;
		int64_t version = cr->version;
		cr->unit_tree = r->to_tree;
		cr->unit_code = r->to_code;
		cr->unit_path = r->to_path;
		/* The province is the first segment of the path; the case
		 * number keeps the old one. */
		const char *slash = strchr(r->to_path, '/');
		cr->province = slash
		                   ? arena_strndup(c->arena, r->to_path,
		                                   (size_t)(slash - r->to_path))
		                   : r->to_path;
		cr->assigned_to = 0;
		cr->updated_at = now;
		st = store_case_update(c->db, cr, version);
	}
	return st;
}

static const struct field_spec answer_fields[] = {
    {"comment", FIELD_STRING, false, 4000},
};

static void transfer_answer(struct api_ctx *c, const char *to)
{
	struct referral_row r;
	struct case_row cr;
	if (!load_receivable(c, &r, &cr))
		return;
	struct field_value f[1] = {{0}};
	if (c->body != NULL && c->body_len > 0) {
		json_t *body = api_body_object(c);
		if (body == NULL || !case_fields(c, body, answer_fields, 1, f))
			return;
	}
	const char *comment = f[0].present && *f[0].s != '\0' ? f[0].s : NULL;
	if (comment != NULL && text_length(comment) > 1000) {
		bad_field(c, "comment",
		          "comment must be at most 1000 characters");
		return;
	}
	if (strcmp(r.status, "sent") != 0) {
		api_reply_error(c, 409, "invalid_transition",
		                arena_printf(c->arena,
		                             "A transfer that is %s cannot "
		                             "become %s",
		                             r.status, to),
		                NULL);
		return;
	}
	int64_t now = time_now();
	int64_t version = r.version;
	const char *old_code = cr.unit_code;
	const char *old_tree = cr.unit_tree, *old_path = cr.unit_path;
	r.status = to;
	r.decided_by = c->user.id;
	r.decided_at = now;
	if (comment != NULL &&
	    (r.comment = case_seal(c, &cr, comment)) == NULL) {
		api_reply_internal(c);
		return;
	}
	bool accepted = strcmp(to, "accepted") == 0;
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_referral_update(c->db, &r, version);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		api_reply_error(c, 409, "invalid_transition",
		                "The transfer was answered meanwhile", NULL);
		return;
	}
	if (st == STORE_OK && accepted)
		st = move_case(c, &cr, &r, now);
	if (st != STORE_OK ||
	    !case_event_add(c, &cr, "transfer",
	                    json_pack("{s:I, s:s, s:s, s:s, s:s?}",
	                              "transfer_id", (json_int_t)r.id, "status",
	                              to, "from_unit", old_code, "to_unit",
	                              r.to_code, "comment", comment),
	                    0, NULL, NULL) ||
	    !api_audit(c, arena_printf(c->arena, "transfer_%s", to),
	               arena_printf(c->arena, "transfer:%lld", (long long)r.id),
	               old_tree, old_path,
	               json_pack("{s:I, s:s, s:s, s:s}", "case_id",
	                         (json_int_t)cr.id, "status", to, "from_unit",
	                         old_code, "to_unit", r.to_code)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	r.case_stage = cr.stage;
	struct flow_access a;
	case_flow_access(c, &r, &cr, &a);
	api_reply_json(c, 200, transfer_json(c, &r, &a));
}

void transfers_accept(struct api_ctx *c)
{
	transfer_answer(c, "accepted");
}

void transfers_decline(struct api_ctx *c)
{
	transfer_answer(c, "declined");
}

void transfers_list(struct api_ctx *c)
{
	struct referral_query q = {0};
	int page;
	if (!api_paging(c, &q.offset, &q.limit, &page))
		return;
	q.kind = "transfer";
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
		    strcmp(status, "declined") != 0) {
			bad_field(c, "status",
			          "status must be sent, accepted or declined");
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
	case_flow_list(c, &q, page, transfer_json);
}
