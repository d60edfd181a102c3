/*
 * cases.c — the case record: open, find, read, move through the Decree 56
 * steps, and its history (docs/cases.md, API.md §Cases); changing one is
 * case_update.c.
 *
 * ** URL: POST  /api/v1/cases {"type","unit_code","unit_tree","person":{…}
 *               | "person_id","details":{…},"urgency","restricted",
 *               "summary","assigned_to","received_at"} → 201 case + ETag;
 *               403 out_of_scope; 422 invalid_field
 * ** URL: GET   /api/v1/cases?type=&stage=&unit=&tree=&q=&overdue=
 *               &assigned_to=me|none|ID&opened_from=&opened_to=&page=
 *               &page_size= → 200 {"items","total","page","page_size"};
 *               429 too_many_requests when q is given more often than
 *               `serve --search-ip-limit` allows one address
 * ** URL: GET   /api/v1/cases/ID?reason= → 200 + ETag; 404 not_found
 * ** URL: POST  /api/v1/cases/ID/transitions {"to","reason",
 *               "closure_reason"} → 200; 409 invalid_transition |
 *               approval_required; 422 invalid_field
 * ** URL: GET   /api/v1/cases/ID/history?reason= → 200 {"items":[event]}
 *               oldest first
 *
 * Outside the caller's scope a case does not exist (404).  Lists show
 * restricted cases only in the limited view; reading one in full needs a
 * reason and leaves an audit entry (case_common.c).  Every change is an
 * event with who and when, so the history is the record of the case.
 */
#include <stdlib.h>
#include <string.h>

#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/ip_limits.h"
#include "domain/codes.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* A facility user without a facility scans its scope this far. */
#define SCAN_PAGE  200
#define SCAN_PAGES 50

static void reply_case(struct api_ctx *c, int status, const struct case_row *r,
                       enum case_view view, bool identity)
{
	api_add_header(c, "ETag", case_etag(c, r));
	api_reply_json(c, status, case_json(c, r, view, identity));
}

void cases_create(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct case_row r;
	if (body == NULL || !case_create(c, body, NULL, &r))
		return;
	struct case_facts f;
	case_facts_of(&r, &f);
	enum case_view view = casework_view(&c->who, &f);
	/* The caller just typed the person in: echoing it back reveals
	 * nothing, so no reason is asked. */
	reply_case(c, 201, &r, view, view == VIEW_FULL);
}

void cases_get(struct api_ctx *c)
{
	int64_t id;
	struct case_row r;
	enum case_view view;
	bool ok;
	if (!api_id_param(c, "id", "case", &id) || !case_load(c, id, &r, &view))
		return;
	bool identity = case_identity(c, &r, view, &ok);
	if (ok)
		reply_case(c, 200, &r, view, identity);
}

/* ---- list -------------------------------------------------------------- */

static bool query_day(struct api_ctx *c, const char *name, int64_t *out,
                      int add_days)
{
	const char *s = api_query(c, name);
	int32_t day;
	*out = 0;
	if (s == NULL || *s == '\0')
		return true;
	if (!case_date_valid(s) || hcm_day_parse(s, &day) != 0) {
		api_reply_error(c, 422, "invalid_field",
		                arena_printf(c->arena,
		                             "%s must be a date YYYY-MM-DD",
		                             name),
		                name);
		return false;
	}
	*out = hcm_midnight(day + add_days);
	return true;
}

static bool list_filters(struct api_ctx *c, struct case_query *q)
{
	const char *s;
	enum case_type t;
	enum case_stage st;
	if ((s = api_query(c, "type")) != NULL && *s != '\0') {
		if (case_type_parse(s, &t) != 0) {
			api_reply_error(c, 422, "invalid_field",
			                "type is not a case type", "type");
			return false;
		}
		q->type = case_type_name(t);
	}
	if ((s = api_query(c, "stage")) != NULL && *s != '\0') {
		if (case_stage_parse(s, &st) != 0) {
			api_reply_error(c, 422, "invalid_field",
			                "stage is not a stage", "stage");
			return false;
		}
		q->stage = case_stage_name(st);
	}
	q->tree = c->who.scope_tree ? c->who.scope_tree : c->cfg->default_tree;
	q->within_path = c->who.scope_path;
	if ((s = api_query(c, "unit")) != NULL && *s != '\0') {
		struct unit_row u;
		const char *tree = api_tree(c);
		if (tree == NULL || !case_unit_in_scope(c, "unit", tree, s, &u))
			return false;
		q->tree = u.tree;
		q->within_path = u.path;
	}
	if ((s = api_query(c, "q")) != NULL && *s != '\0') {
		if (strlen(s) > 200 || !text_valid(s) ||
		    (q->q_folded = text_fold(c->arena, s)) == NULL) {
			api_reply_error(c, 422, "invalid_field",
			                "q must be short text", "q");
			return false;
		}
		/* Case numbers and national ids are typed as they are. */
		q->q_exact = arena_strdup(c->arena, s + strspn(s, " "));
		char *end = (char *)q->q_exact + strlen(q->q_exact);
		while (end > q->q_exact && end[-1] == ' ')
			*--end = '\0';
		for (char *p = (char *)q->q_exact; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
	}
	if ((s = api_query(c, "overdue")) != NULL && *s != '\0') {
		if (strcmp(s, "true") == 0) {
			q->overdue = 1;
		} else if (strcmp(s, "false") == 0) {
			q->overdue = -1;
		} else {
			api_reply_error(c, 422, "invalid_field",
			                "overdue must be true or false",
			                "overdue");
			return false;
		}
	}
	if ((s = api_query(c, "assigned_to")) != NULL && *s != '\0') {
		int64_t id;
		if (strcmp(s, "me") == 0) {
			q->assigned_to = c->user.id;
		} else if (strcmp(s, "none") == 0) {
			q->assigned_to = -1;
		} else if (case_query_id(s, &id)) {
			q->assigned_to = id;
		} else {
			api_reply_error(
			    c, 422, "invalid_field",
			    "assigned_to must be me, none or a user "
			    "id",
			    "assigned_to");
			return false;
		}
	}
	if (!query_day(c, "opened_from", &q->opened_from, 0) ||
	    !query_day(c, "opened_to", &q->opened_to, 1))
		return false;
	q->identity_all =
	    c->who.role == ROLE_PROVINCE || c->who.role == ROLE_DISTRICT;
	q->identity_user = c->user.id;
	q->now = time_now();
	return true;
}

static void list_reply(struct api_ctx *c, json_t *items, long total, int page,
                       int limit)
{
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", limit));
}

/* A list item: restricted cases always in the limited view. */
static json_t *item_json(struct api_ctx *c, const struct case_row *r,
                         enum case_view v)
{
	struct case_facts f;
	case_facts_of(r, &f);
	return case_json(c, r, v, v == VIEW_FULL && !casework_restricted(&f));
}

void cases_list(struct api_ctx *c)
{
	struct case_query q = {0};
	int page, offset, limit;
	if (!api_paging(c, &offset, &limit, &page) || !list_filters(c, &q))
		return;
	/* A search by name or number is what scraping people's records
	 * looks like; browsing lists is not limited. */
	if (q.q_folded != NULL &&
	    !api_ip_allow(c, c->cfg->search_limiter, true, "too_many_requests",
	                  "Too many searches; try again later"))
		return;
	json_t *items = json_array();
	if (c->who.role == ROLE_HOTLINE) {
		/* Only calls' cases they opened, until the commune takes
		 * them over. */
		if (q.stage != NULL && strcmp(q.stage, "intake") != 0) {
			list_reply(c, items, 0, page, limit);
			return;
		}
		q.stage = "intake";
		q.created_by = c->user.id;
	}
	struct case_row *rows;
	size_t n;
	long total;
	if (c->who.role == ROLE_FACILITY && c->who.facility_id != 0) {
		/* The facility's current residents, wherever their case is
		 * owned, and the user's own cases: the store's facility
		 * filter; casework_view still decides each row. */
		q.within_path = NULL;
		q.facility_id = c->who.facility_id;
		q.own_user = c->user.id;
	}
	if (c->who.role != ROLE_FACILITY || c->who.facility_id != 0) {
		q.offset = offset;
		q.limit = limit;
		if (store_cases_list(c->db, c->arena, &q, &rows, &n, &total) !=
		    STORE_OK) {
			json_decref(items);
			api_reply_internal(c);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			struct case_facts f;
			case_facts_of(&rows[i], &f);
			enum case_view v = casework_view(&c->who, &f);
			if (v != VIEW_NONE)
				json_array_append_new(
				    items, item_json(c, &rows[i], v));
		}
		list_reply(c, items, total, page, limit);
		return;
	}
	/* A facility user without a facility (made before issue 5) sees
	 * only cases assigned to or opened by them: scan the scope. */
	long seen = 0;
	q.limit = SCAN_PAGE;
	for (int p = 0; p < SCAN_PAGES; p++) {
		q.offset = p * SCAN_PAGE;
		if (store_cases_list(c->db, c->arena, &q, &rows, &n, &total) !=
		    STORE_OK) {
			json_decref(items);
			api_reply_internal(c);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			struct case_facts f;
			case_facts_of(&rows[i], &f);
			enum case_view v = casework_view(&c->who, &f);
			if (v == VIEW_NONE)
				continue;
			if (seen >= offset && seen < (long)offset + limit)
				json_array_append_new(
				    items, item_json(c, &rows[i], v));
			seen++;
		}
		if (n == 0 || (long)q.offset + (long)n >= total)
			break;
	}
	list_reply(c, items, seen, page, limit);
}

/* ---- transitions -------------------------------------------------------- */

static const char *const transition_keys[] = {"to", "reason", "closure_reason",
                                              NULL};

void cases_transition(struct api_ctx *c)
{
	int64_t id;
	struct case_row r;
	enum case_view view;
	if (!api_id_param(c, "id", "case", &id) ||
	    !case_load(c, id, &r, &view) || !case_require_write(c, &r))
		return;
	json_t *body = api_body_object(c);
	const char *to_name, *reason, *closure;
	if (body == NULL || !case_keys_known(c, body, transition_keys, NULL) ||
	    !case_code(c, body, "to", NULL, "case_stage", true, &to_name) ||
	    !case_text(c, body, "reason", NULL, 3, 500, false, &reason) ||
	    !case_code(c, body, "closure_reason", NULL, "closure_reason", false,
	               &closure))
		return;
	enum case_stage from, to;
	if (case_stage_parse(r.stage, &from) != 0 ||
	    case_stage_parse(to_name, &to) != 0) {
		api_reply_error(c, 422, "invalid_field", "to is not a stage",
		                "to");
		return;
	}
	struct transition_facts tf = {
	    .plan_approved = r.plan_approved_at != 0,
	    .closure_approved = r.closure_approved_at != 0,
	    .closure_reason = closure,
	    .reason = reason,
	};
	switch (casework_transition_check(from, to, &tf)) {
	case TRANSITION_OK: break;
	case TRANSITION_INVALID:
		api_reply_error(c, 409, "invalid_transition",
		                arena_printf(c->arena,
		                             "A case in %s cannot move to %s",
		                             r.stage, to_name),
		                "to");
		return;
	case TRANSITION_NEEDS_APPROVAL:
		api_reply_error(
		    c, 409, "approval_required",
		    to == STAGE_CLOSED
		        ? "Closing needs an approved closure request"
		        : "The plan must be approved first",
		    "to");
		return;
	case TRANSITION_NEEDS_CLOSURE_REASON:
		api_reply_error(c, 422, "invalid_field",
		                "closure_reason is required to close a case",
		                "closure_reason");
		return;
	case TRANSITION_NEEDS_REASON:
		api_reply_error(c, 422, "invalid_field",
		                "reason (3–500 characters) is required",
		                "reason");
		return;
	}
	/* A plan is made for a known situation: the type's required facts
	 * (details.*), which intake may have left open, must be there. */
	if (to == STAGE_PLANNING) {
		json_error_t err;
		json_t *details =
		    json_loads(r.details ? r.details : "{}", 0, &err);
		enum case_type t;
		if (!json_is_object(details) ||
		    case_type_parse(r.type, &t) != 0) {
			json_decref(details);
			api_reply_internal(c); /* the store holds bad data */
			return;
		}
		bool complete = case_details_check(c, t, details, true);
		json_decref(details);
		if (!complete)
			return;
	}
	int64_t now = time_now();
	struct case_row n = r;
	if (from == STAGE_REVIEW && to == STAGE_PLANNING)
		n.plan_approved_at = 0; /* a new round, a new plan */
	if (from == STAGE_CLOSED) {
		/* Re-opened: closing again needs a new approval, and the
		 * new assessment leads to a new plan. */
		n.closure_approved_at = 0;
		n.plan_approved_at = 0;
		n.closure_reason = NULL;
	}
	if (to == STAGE_CLOSED)
		n.closure_reason = closure;
	if (!case_enter_stage(c, &n, to, now))
		return;
	n.updated_at = now;
	char due[21] = "";
	if (n.due_at)
		time_iso8601(n.due_at, due);
	json_t *data = json_pack("{s:s, s:s, s:s?}", "from", r.stage, "to",
	                         n.stage, "due_at", n.due_at ? due : NULL);
	if (n.due_at == 0)
		json_object_set_new(data, "due_at", json_null());
	/* A re-opening reason tells the story: sealed like a note. */
	const char *stored_reason = case_seal(c, &n, reason);
	if (reason != NULL && stored_reason == NULL) {
		json_decref(data);
		api_reply_internal(c);
		return;
	}
	if (reason != NULL)
		json_object_set_new(data, "reason", json_string(stored_reason));
	if (to == STAGE_CLOSED)
		json_object_set_new(data, "closure_reason",
		                    json_string(closure));
	if (!case_begin_update(c, &n, r.version)) {
		json_decref(data);
		return;
	}
	if (!case_event_add(c, &n, "transition", data, 0, NULL, NULL)) {
		store_rollback(c->db);
		return;
	}
	if (!api_audit(c, "case_transition",
	               arena_printf(c->arena, "case:%lld", (long long)n.id),
	               n.unit_tree, n.unit_path,
	               json_pack("{s:s, s:s, s:s}", "case_no", n.case_no,
	                         "from", r.stage, "to", n.stage)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	if (store_case_get(c->db, c->arena, n.id, &r) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	bool ok;
	bool identity = case_identity(c, &r, view, &ok);
	if (ok)
		reply_case(c, 200, &r, view, identity);
}

/* ---- history ----------------------------------------------------------- */

void cases_history(struct api_ctx *c)
{
	int64_t id;
	struct case_row r;
	enum case_view view;
	bool ok;
	if (!api_id_param(c, "id", "case", &id) || !case_load(c, id, &r, &view))
		return;
	bool identity = case_identity(c, &r, view, &ok);
	if (!ok)
		return;
	struct case_event_row *rows;
	size_t n;
	if (store_case_events(c->db, c->arena, r.id, &rows, &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items,
		                      case_event_json(c, &rows[i], identity));
	json_t *j = json_pack("{s:o}", "items", items);
	if (!identity) {
		json_object_set_new(j, "identity_hidden", json_true());
		if (view == VIEW_FULL)
			json_object_set_new(j, "reason_required", json_true());
	}
	api_reply_json(c, 200, j);
}
