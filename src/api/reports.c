/*
 * reports.c — periodic reports of units (docs/reports.md §Endpoints):
 * a unit's draft created and prefilled with its data tables, one report
 * with its events, the form's fields and narrative edited, and the data
 * tables computed again.  The list is report_list.c's, the moves
 * report_workflow.c's, the completeness view and consolidation
 * report_completeness.c's, the data tables report_prefill.c's, the
 * exports report_export.c's; the JSON and the rules a report follows are
 * report_json.c's.
 *
 * ** URL: POST  /api/v1/reports {"template","unit_code","period",
 *               "agency"?,"tree"?} → 201 the draft + ETag "V"; 409 conflict
 *               with the existing report's "id" in the error; 422
 *               template, period, unit_code, agency; 404 a unit outside
 *               the scope; 403 a unit in the scope that is not the
 *               caller's own
 * ** URL: GET   /api/v1/reports?… → the list, report_list.c
 * ** URL: GET   /api/v1/reports/ID → 200 the report with its events + ETag
 * ** URL: PATCH /api/v1/reports/ID {"number","report_date","signer_title",
 *               "signer_name","narrative":{"results","difficulties",
 *               "proposals"}} (any subset) → 200; If-Match optional, 412
 *               stale; 409 locked unless a draft; 422 field
 * ** URL: POST  /api/v1/reports/ID/refresh → 200 the data tables computed
 *               again; 409 locked unless a draft
 *
 * Checks in the order of every handler: 404 outside the scope, 403 not a
 * writer of the reporting unit (report_may_act's submit rule), 422 the
 * fields, 409 locked, 412 stale.  Decisions beyond the document: the
 * signer's title and name take at most 200 characters; "" clears a field;
 * a PATCH is not audited (the report's version and events tell its life,
 * the audit log has its create and moves).
 */
#include <string.h>

#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/network.h"
#include "api/report_internal.h"
#include "domain/lineage.h"
#include "domain/plan.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"
#include "store/store_plans.h"

#define REPORT_TEXT_MAX   20000 /* narrative sections, characters */
#define REPORT_NUMBER_MAX 50    /* "12/BC-UBND" */
#define REPORT_SIGNER_MAX 200   /* title and name of the signer */

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

static const char *report_target(struct api_ctx *c, int64_t id)
{
	return arena_printf(c->arena, "report:%lld", (long long)id);
}

static void reply_report(struct api_ctx *c, int status,
                         const struct report_ctx *rc)
{
	json_t *j = report_json(c, rc, true);
	if (j == NULL) {
		api_reply_internal(c);
		return;
	}
	api_add_header(
	    c, "ETag",
	    arena_printf(c->arena, "\"%lld\"", (long long)rc->row.version));
	api_reply_json(c, status, j);
}

/* 403 unless the caller writes the reporting unit's reports (the rule of
 * submitting); false after answering. */
static bool require_writer(struct api_ctx *c, const struct report_ctx *rc,
                           const char *what)
{
	enum report_error e =
	    report_may_act(&c->who, REPORT_SUBMIT, rc->row.tree, rc->unit.path);
	if (e == REPORT_OK)
		return true;
	if (e == REPORT_ERR_NOT_FOUND)
		api_reply_error(c, 404, "not_found", "No such report", NULL);
	else
		api_reply_error(c, 403, "forbidden",
		                arena_printf(c->arena,
		                             "Only a writer of the reporting "
		                             "unit may %s its report",
		                             what),
		                NULL);
	return false;
}

/* 409 locked unless rc is a draft; false after answering. */
static bool require_draft(struct api_ctx *c, const struct report_ctx *rc,
                          const char *what)
{
	enum report_state s;
	if (report_state_parse(rc->row.state, &s) == 0 &&
	    report_state_editable(s))
		return true;
	api_reply_error(c, 409, "locked",
	                arena_printf(c->arena,
	                             "The report is %s: only a draft can be "
	                             "%s",
	                             rc->row.state, what),
	                NULL);
	return false;
}

/* After store_report_update lost to another write: 409 locked when the
 * report is no longer a draft; else 412 stale for an edit (the caller
 * read an older version) or 409 conflict for a refresh (try again). */
static void reply_update_lost(struct api_ctx *c, int64_t id, bool edit)
{
	struct report_row now;
	enum store_status st = store_report_get(c->db, c->arena, id, &now);
	if (st == STORE_ERROR)
		api_reply_internal(c);
	else if (st == STORE_OK && strcmp(now.state, "draft") == 0 && edit)
		api_reply_error(c, 412, "stale",
		                "The report was changed since you read it",
		                NULL);
	else if (st == STORE_OK && strcmp(now.state, "draft") == 0)
		api_reply_error(c, 409, "conflict",
		                "The report changed meanwhile: try again",
		                NULL);
	else
		api_reply_error(c, 409, "locked",
		                "The report is no longer a draft: only a draft "
		                "can be changed",
		                NULL);
}

/* ---- create ---------------------------------------------------------------
 */

enum { CF_TEMPLATE, CF_PERIOD, CF_UNIT, CF_AGENCY, CF_TREE, CF__MAX };
/* Not required here: the template is checked before the period, and
 * both before the unit (docs/reports.md §Templates and periods). */
static const struct field_spec create_fields[CF__MAX] = {
    [CF_TEMPLATE] = {"template", FIELD_STRING, false, 20},
    [CF_PERIOD] = {"period", FIELD_STRING, false, 12},
    [CF_UNIT] = {"unit_code", FIELD_STRING, false, 8},
    [CF_AGENCY] = {"agency", FIELD_STRING, false, 4 * PLAN_AGENCY_MAX},
    [CF_TREE] = {"tree", FIELD_STRING, false, 4},
};
static const char *const create_keys[] = {"template", "period", "unit_code",
                                          "agency",   "tree",   NULL};

static bool period_fields(struct api_ctx *c, const struct field_value *f,
                          struct report_period *rp)
{
	enum report_error e =
	    report_period_parse(f[CF_TEMPLATE].present ? f[CF_TEMPLATE].s : "",
	                        f[CF_PERIOD].present ? f[CF_PERIOD].s : "", rp);
	if (e == REPORT_ERR_TEMPLATE)
		return bad_field(c, "template",
		                 "template must be six_monthly or annual");
	if (e != REPORT_OK)
		return bad_field(c, "period",
		                 "period must be YYYYS1 or YYYYS2 for a "
		                 "six-monthly report, YYYY for an annual one "
		                 "(years 2000 to 2100)");
	return true;
}

/* The reporting unit: known (422), seen (404), the caller's own (403). */
static bool create_unit(struct api_ctx *c, const struct field_value *f,
                        struct unit_row *u)
{
	const char *tree;
	if (f[CF_TREE].present) {
		tree = f[CF_TREE].s;
		if (strcmp(tree, "2024") != 0 && strcmp(tree, "2025") != 0)
			return bad_field(c, "tree",
			                 "tree must be 2024 or 2025");
	} else if ((tree = c->who.scope_tree) == NULL &&
	           (tree = api_tree(c)) == NULL) {
		return false;
	}
	const char *code = f[CF_UNIT].present ? f[CF_UNIT].s : NULL;
	enum store_status st = STORE_NOTFOUND;
	if (code != NULL && lineage_code_valid(code))
		st = store_unit_get(c->db, c->arena, tree, code, u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND)
		return bad_field(c, "unit_code",
		                 arena_printf(c->arena,
		                              "unit_code must be a unit of the "
		                              "%s tree",
		                              tree));
	enum report_error e =
	    report_may_act(&c->who, REPORT_SUBMIT, u->tree, u->path);
	if (e == REPORT_ERR_NOT_FOUND) {
		api_reply_error(c, 404, "not_found", "No such unit",
		                "unit_code");
		return false;
	}
	if (e != REPORT_OK) {
		api_reply_error(c, 403, "forbidden",
		                "Only a writer of the unit itself may create "
		                "its report",
		                NULL);
		return false;
	}
	return true;
}

/* An agency's report: the agency must lead a project of the governing
 * plan; sets the row's agency (as the plan spells it) and project. */
static bool create_agency(struct api_ctx *c, const char *agency,
                          const struct report_rules *rules,
                          struct report_row *r)
{
	r->agency = "";
	r->project = 0;
	if (agency == NULL || *agency == '\0')
		return true;
	struct plan_row p;
	enum store_status st = STORE_NOTFOUND;
	if (rules->plan_id != 0)
		st = store_plan_get(c->db, c->arena, rules->plan_id, &p);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND)
		return bad_field(c, "agency",
		                 "agency: the unit has no plan for the period, "
		                 "so no project has a lead agency");
	const char *want = text_fold(c->arena, agency);
	for (size_t i = 0; i < p.nprojects; i++) {
		const char *lead = p.projects[i].lead_agency;
		if (lead != NULL && want != NULL &&
		    strcmp(text_fold(c->arena, lead), want) == 0) {
			r->agency = lead;
			r->project = p.projects[i].project;
			return true;
		}
	}
	return bad_field(c, "agency",
	                 arena_printf(c->arena,
	                              "agency must be the lead agency of a "
	                              "project of plan %s",
	                              p.number));
}

/* 409 conflict naming the report that exists. */
static void reply_exists(struct api_ctx *c, int64_t id)
{
	json_t *e = json_pack(
	    "{s:s, s:s, s:I}", "code", "conflict", "message",
	    arena_printf(c->arena, "The unit already has this report (id %lld)",
	                 (long long)id),
	    "id", (json_int_t)id);
	api_reply_json(c, 409, json_pack("{s:o}", "error", e));
}

/* True (and answered 409) when the report of r's key exists. */
static bool create_exists(struct api_ctx *c, const struct report_row *r)
{
	struct report_row old;
	enum store_status st =
	    store_report_find(c->db, c->arena, r->template, r->tree,
	                      r->unit_code, r->period, r->agency, &old);
	if (st == STORE_OK)
		reply_exists(c, old.id);
	else if (st == STORE_ERROR)
		api_reply_internal(c);
	return st != STORE_NOTFOUND;
}

void reports_create(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[CF__MAX];
	struct report_ctx rc;
	memset(&rc, 0, sizeof rc);
	if (body == NULL || !case_keys_known(c, body, create_keys, NULL) ||
	    !api_fields(c, body, create_fields, CF__MAX, f) ||
	    !period_fields(c, f, &rc.rp))
		return;
	if (!f[CF_UNIT].present || *f[CF_UNIT].s == '\0') {
		bad_field(c, "unit_code", "unit_code is required");
		return;
	}
	if (!create_unit(c, f, &rc.unit) ||
	    !report_rules_of(c, rc.unit.tree, rc.unit.code, &rc.rp, &rc.rules))
		return;
	struct report_row *r = &rc.row;
	r->template = report_template_name(rc.rp.template);
	r->period = rc.rp.period.code;
	r->tree = rc.unit.tree;
	r->unit_code = rc.unit.code;
	r->plan_id = rc.rules.plan_id;
	r->state = "draft";
	r->number = r->report_date = r->signer_title = r->signer_name = "";
	r->results = r->difficulties = r->proposals = "";
	if (!create_agency(c, f[CF_AGENCY].present ? f[CF_AGENCY].s : NULL,
	                   &rc.rules, r) ||
	    create_exists(c, r))
		return;
	/* The tables are computed before the write, outside its lock. */
	int64_t now = time_now();
	if (!report_prefill(c, &rc, &r->data))
		return;
	r->data_at = now;
	r->created_by = c->user.id;
	r->created_at = r->updated_at = now;

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_report_create(c->db, r);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		if (!create_exists(c, r))
			api_reply_internal(c);
		return;
	}
	struct report_event ev = {.report_id = r->id,
	                          .transition = "create",
	                          .to_state = "draft",
	                          .user_id = c->user.id,
	                          .at = now};
	if (st == STORE_OK)
		st = store_report_event_add(c->db, &ev);
	if (st != STORE_OK ||
	    !api_audit(c, "report.create", report_target(c, r->id), r->tree,
	               rc.unit.path,
	               json_pack("{s:s, s:s, s:s, s:s}", "template",
	                         r->template, "period", r->period, "unit_code",
	                         r->unit_code, "agency", r->agency)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	if (store_report_get(c->db, c->arena, r->id, r) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	reply_report(c, 201, &rc);
}

/* ---- one report ---------------------------------------------------------- */

void reports_get(struct api_ctx *c)
{
	struct report_ctx rc;
	if (!report_load(c, &rc))
		return;
	reply_report(c, 200, &rc);
}

/* A text of the PATCH body: a string of valid text, NFC, trimmed of
 * spaces, at most max characters; *out untouched when absent (null
 * clears it to ""). */
static bool patch_text(struct api_ctx *c, json_t *obj, const char *key,
                       const char *field, size_t max, const char **out)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL)
		return true;
	if (json_is_null(v)) {
		*out = "";
		return true;
	}
	const char *s = json_string_value(v);
	char *nfc = NULL;
	if (s != NULL && strlen(s) == json_string_length(v) && text_valid(s))
		nfc = text_nfc(c->arena, s);
	if (nfc == NULL)
		return bad_field(
		    c, field, arena_printf(c->arena, "%s must be text", field));
	while (*nfc == ' ')
		nfc++;
	size_t len = strlen(nfc);
	while (len > 0 && nfc[len - 1] == ' ')
		nfc[--len] = '\0';
	if (text_length(nfc) > max)
		return bad_field(
		    c, field,
		    arena_printf(c->arena, "%s must be at most %zu characters",
		                 field, max));
	*out = nfc;
	return true;
}

/* The fields of a PATCH body onto r. */
static bool patch_apply(struct api_ctx *c, json_t *body, struct report_row *r)
{
	static const char *const keys[] = {"number",       "report_date",
	                                   "signer_title", "signer_name",
	                                   "narrative",    NULL};
	static const char *const narrative_keys[] = {"results", "difficulties",
	                                             "proposals", NULL};
	if (!case_keys_known(c, body, keys, NULL) ||
	    !patch_text(c, body, "number", "number", REPORT_NUMBER_MAX,
	                &r->number) ||
	    !patch_text(c, body, "signer_title", "signer_title",
	                REPORT_SIGNER_MAX, &r->signer_title) ||
	    !patch_text(c, body, "signer_name", "signer_name",
	                REPORT_SIGNER_MAX, &r->signer_name))
		return false;
	const char *date = NULL;
	if (!patch_text(c, body, "report_date", "report_date", 10, &date))
		return false;
	if (date != NULL && *date != '\0') {
		char d[NET_DATE_MAX];
		if (!net_date_field(c, "report_date", date, false, d))
			return false;
		date = arena_strdup(c->arena, d);
	}
	if (date != NULL)
		r->report_date = date;
	json_t *n = json_object_get(body, "narrative");
	if (n == NULL || json_is_null(n))
		return true;
	if (!json_is_object(n))
		return bad_field(c, "narrative",
		                 "narrative must be an object {results, "
		                 "difficulties, proposals}");
	return case_keys_known(c, n, narrative_keys, "narrative") &&
	       patch_text(c, n, "results", "narrative.results", REPORT_TEXT_MAX,
	                  &r->results) &&
	       patch_text(c, n, "difficulties", "narrative.difficulties",
	                  REPORT_TEXT_MAX, &r->difficulties) &&
	       patch_text(c, n, "proposals", "narrative.proposals",
	                  REPORT_TEXT_MAX, &r->proposals);
}

/* The version an If-Match header names: -1 none (or "*"), -2 not a
 * version (never matches). */
static int64_t if_match_version(struct api_ctx *c)
{
	const char *m = api_header(c, "If-Match");
	if (m == NULL || *m == '\0' || strcmp(m, "*") == 0)
		return -1;
	size_t len = strlen(m);
	if (len >= 2 && m[0] == '"' && m[len - 1] == '"') {
		m++;
		len -= 2;
	}
	if (len == 0 || len > 18)
		return -2;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (m[i] < '0' || m[i] > '9')
			return -2;
		v = v * 10 + (m[i] - '0');
	}
	return v;
}

void reports_update(struct api_ctx *c)
{
	struct report_ctx rc;
	if (!report_load(c, &rc) || !require_writer(c, &rc, "edit"))
		return;
	json_t *body = api_body_object(c);
	if (body == NULL || !patch_apply(c, body, &rc.row) ||
	    !require_draft(c, &rc, "edited"))
		return;
	int64_t want = if_match_version(c);
	if (want != -1 && want != rc.row.version) {
		api_reply_error(c, 412, "stale",
		                "The report was changed since you read it",
		                NULL);
		return;
	}
	if (json_object_size(body) == 0) { /* nothing to change */
		reply_report(c, 200, &rc);
		return;
	}
	enum store_status st =
	    store_report_update(c->db, &rc.row, rc.row.version);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		reply_update_lost(c, rc.row.id, true);
		return;
	}
	if (st != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	reply_report(c, 200, &rc);
}

void reports_refresh(struct api_ctx *c)
{
	struct report_ctx rc;
	if (!report_load(c, &rc) || !require_writer(c, &rc, "refresh") ||
	    !require_draft(c, &rc, "refreshed"))
		return;
	int64_t now = time_now();
	if (!report_prefill(c, &rc, &rc.row.data))
		return;
	rc.row.data_at = now;
	struct report_event ev = {.report_id = rc.row.id,
	                          .transition = "refresh",
	                          .from_state = rc.row.state,
	                          .to_state = rc.row.state,
	                          .user_id = c->user.id,
	                          .at = now};
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_report_update(c->db, &rc.row, rc.row.version);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		store_rollback(c->db);
		reply_update_lost(c, rc.row.id, false);
		return;
	}
	if (st == STORE_OK)
		st = store_report_event_add(c->db, &ev);
	if (st != STORE_OK || store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_report(c, 200, &rc);
}
