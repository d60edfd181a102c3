/*
 * report_workflow.c — the moves of a periodic report (docs/reports.md
 * §Workflow, §Endpoints) and its consolidation from the children's
 * approved reports.
 *
 * ** URL: POST /api/v1/reports/ID/submit {}? → 200 the report: the data
 *         tables (and the consolidation, when the draft has one) computed
 *         again and frozen with the move
 * ** URL: POST /api/v1/reports/ID/approve {}? → 200; locked from now
 * ** URL: POST /api/v1/reports/ID/return {"comment"} → 200; back to draft
 * ** URL: POST /api/v1/reports/ID/reopen {"comment"} → 200; approved →
 *         draft, the reason in the events
 * ** URL: POST /api/v1/reports/ID/consolidate → 200 the draft with the
 *         consolidation stored; 409 locked; 422 unit_code for a unit
 *         without children
 *
 * Every move checks in the order of report_check_transition (domain):
 * 404 outside the scope, 403 not this caller's move, 422 comment, 409
 * invalid_transition; a move that loses a race in the store is 409 too.
 * Moves are audited (report.submit …, target report:ID) in the write's
 * transaction; the comment goes to the report's events, never the audit.
 */
#include <string.h>

#include "api/handlers.h"
#include "api/report_internal.h"
#include "domain/report.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

static void reply_report_error(struct api_ctx *c, enum report_error e,
                               const char *message)
{
	int status = 500;
	switch (e) {
	case REPORT_ERR_NOT_FOUND: status = 404; break;
	case REPORT_ERR_FORBIDDEN: status = 403; break;
	case REPORT_ERR_INVALID_TRANSITION: status = 409; break;
	case REPORT_ERR_TEMPLATE:
	case REPORT_ERR_PERIOD:
	case REPORT_ERR_SETTINGS:
	case REPORT_ERR_COMMENT: status = 422; break;
	case REPORT_OK: break;
	}
	if (status == 500) {
		api_reply_internal(c);
		return;
	}
	api_reply_error(c, status, report_error_code(e), message,
	                report_error_field(e));
}

static const char *report_target(struct api_ctx *c, int64_t id)
{
	return arena_printf(c->arena, "report:%lld", (long long)id);
}

static void reply_report(struct api_ctx *c, const struct report_ctx *rc)
{
	json_t *j = report_json(c, rc, true);
	if (j == NULL) {
		api_reply_internal(c);
		return;
	}
	api_add_header(
	    c, "ETag",
	    arena_printf(c->arena, "\"%lld\"", (long long)rc->row.version));
	api_reply_json(c, 200, j);
}

/* The optional body of a move: {} or nothing, or {"comment"}.  *comment
 * is the NFC text trimmed of spaces, NULL when absent; *bad is set when
 * a comment was sent that is not text (its 422 waits for the 404 and 403
 * checks).  False after answering 400/415 for a body that is not a JSON
 * object. */
static bool move_body(struct api_ctx *c, const char **comment, bool *bad)
{
	*comment = NULL;
	*bad = false;
	if (c->body == NULL || c->body_len == 0)
		return true;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return false;
	json_t *v = json_object_get(body, "comment");
	if (v == NULL || json_is_null(v))
		return true;
	const char *s = json_string_value(v);
	char *nfc = NULL;
	if (s != NULL && strlen(s) == json_string_length(v) && text_valid(s))
		nfc = text_nfc(c->arena, s);
	if (nfc == NULL) {
		*bad = true;
		return true;
	}
	while (*nfc == ' ')
		nfc++;
	size_t len = strlen(nfc);
	while (len > 0 && nfc[len - 1] == ' ')
		nfc[--len] = '\0';
	*comment = len > 0 ? nfc : NULL;
	return true;
}

static const char *move_message(enum report_error e, enum report_transition t,
                                enum report_state from)
{
	switch (e) {
	case REPORT_ERR_NOT_FOUND: return "No such report";
	case REPORT_ERR_FORBIDDEN:
		return t == REPORT_SUBMIT
		           ? "Only a writer of the reporting unit may submit "
		             "its report"
		           : "Only a writer of the unit above may approve, "
		             "return or reopen this report";
	case REPORT_ERR_COMMENT:
		return "comment must have 1 to 2000 characters (the reason)";
	case REPORT_ERR_INVALID_TRANSITION:
		switch (from) {
		case REPORT_DRAFT:
			return "The report is a draft: it can only be "
			       "submitted";
		case REPORT_SUBMITTED:
			return "The report is submitted: it can only be "
			       "approved or returned";
		case REPORT_APPROVED:
			return "The report is approved: it can only be "
			       "reopened";
		case REPORT_STATE__MAX: break;
		}
		return "This move is not possible in the report's state";
	default: return "The move is not possible";
	}
}

/* The data (and consolidation) frozen at submission, computed now. */
static bool submit_tables(struct api_ctx *c, const struct report_ctx *rc,
                          const char **data, const char **consolidation)
{
	*consolidation = NULL;
	if (!report_prefill(c, rc, data))
		return false;
	return rc->row.consolidation == NULL ||
	       report_consolidation(c, rc, consolidation);
}

static void report_move(struct api_ctx *c, enum report_transition t)
{
	struct report_ctx rc;
	if (!report_load(c, &rc))
		return;
	const char *comment;
	bool bad_comment;
	if (!move_body(c, &comment, &bad_comment))
		return;
	enum report_state from, to;
	if (report_state_parse(rc.row.state, &from) != 0) {
		api_reply_internal(c);
		return;
	}
	enum report_error e = report_check_transition(
	    &c->who, t, from, rc.row.tree, rc.unit.path, comment, &to);
	/* A comment is optional on submit and approve, but one sent must
	 * be a valid one. */
	if (e == REPORT_OK && (bad_comment || (comment != NULL &&
	                                       !report_comment_valid(comment))))
		e = REPORT_ERR_COMMENT;
	if (e != REPORT_OK) {
		reply_report_error(c, e, move_message(e, t, from));
		return;
	}

	const char *data = NULL, *consolidation = NULL;
	int64_t now = time_now();
	if (t == REPORT_SUBMIT && !submit_tables(c, &rc, &data, &consolidation))
		return;

	struct report_event ev = {
	    .report_id = rc.row.id,
	    .transition = report_transition_name(t),
	    .from_state = report_state_name(from),
	    .to_state = report_state_name(to),
	    .user_id = c->user.id,
	    .at = now,
	    .comment = comment,
	};
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_report_move(c->db, c->arena, rc.row.id, &ev, data,
		                       now, consolidation, &rc.row);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		store_rollback(c->db);
		api_reply_error(c, 409, "invalid_transition",
		                "The report was moved meanwhile: reload it",
		                NULL);
		return;
	}
	const char *action =
	    arena_printf(c->arena, "report.%s", report_transition_name(t));
	if (st != STORE_OK ||
	    !api_audit(c, action, report_target(c, rc.row.id), rc.row.tree,
	               rc.unit.path,
	               json_pack("{s:s, s:s, s:s, s:s, s:s}", "template",
	                         rc.row.template, "period", rc.row.period,
	                         "unit_code", rc.row.unit_code, "from",
	                         ev.from_state, "to", ev.to_state)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_report(c, &rc);
}

void reports_submit(struct api_ctx *c)
{
	report_move(c, REPORT_SUBMIT);
}

void reports_approve(struct api_ctx *c)
{
	report_move(c, REPORT_APPROVE);
}

void reports_return(struct api_ctx *c)
{
	report_move(c, REPORT_RETURN);
}

void reports_reopen(struct api_ctx *c)
{
	report_move(c, REPORT_REOPEN);
}

/* ---- consolidate --------------------------------------------------------- */

/* 409 locked, or 409 conflict when the draft changed under the request. */
static void reply_update_lost(struct api_ctx *c, int64_t id)
{
	struct report_row now;
	enum store_status st = store_report_get(c->db, c->arena, id, &now);
	if (st == STORE_ERROR)
		api_reply_internal(c);
	else if (st == STORE_OK && strcmp(now.state, "draft") == 0)
		api_reply_error(c, 409, "conflict",
		                "The report changed meanwhile: try again",
		                NULL);
	else
		api_reply_error(c, 409, "locked",
		                "Only a draft can be consolidated", NULL);
}

void reports_consolidate(struct api_ctx *c)
{
	struct report_ctx rc;
	if (!report_load(c, &rc))
		return;
	/* The reporting unit's writers: the same check as submitting. */
	enum report_error e =
	    report_may_act(&c->who, REPORT_SUBMIT, rc.row.tree, rc.unit.path);
	if (e != REPORT_OK) {
		reply_report_error(c, e,
		                   e == REPORT_ERR_FORBIDDEN
		                       ? "Only a writer of the reporting unit "
		                         "may consolidate its report"
		                       : "No such report");
		return;
	}
	struct unit_query q = {
	    .tree = rc.row.tree, .parent_code = rc.row.unit_code, .limit = 1};
	struct unit_row *kids;
	size_t nkids;
	long total;
	if (store_units_list(c->db, c->arena, &q, &kids, &nkids, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	if (total == 0) {
		api_reply_error(c, 422, "invalid_field",
		                "The unit has no units below it to consolidate",
		                "unit_code");
		return;
	}
	enum report_state state;
	if (report_state_parse(rc.row.state, &state) != 0) {
		api_reply_internal(c);
		return;
	}
	if (!report_state_editable(state)) {
		api_reply_error(c, 409, "locked",
		                "Only a draft can be consolidated", NULL);
		return;
	}
	const char *text;
	if (!report_consolidation(c, &rc, &text))
		return;
	rc.row.consolidation = text;
	struct report_event ev = {.report_id = rc.row.id,
	                          .transition = "consolidate",
	                          .from_state = rc.row.state,
	                          .to_state = rc.row.state,
	                          .user_id = c->user.id,
	                          .at = time_now()};
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_report_update(c->db, &rc.row, rc.row.version);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		store_rollback(c->db);
		reply_update_lost(c, rc.row.id);
		return;
	}
	if (st == STORE_OK)
		st = store_report_event_add(c->db, &ev);
	if (st != STORE_OK || store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_report(c, &rc);
}
