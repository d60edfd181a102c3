/*
 * report_json.c — what every handler of the reports resource needs to
 * show a report (report_internal.h, docs/reports.md §Report JSON): the
 * rules that apply to it (the governing plan's settings, the window, the
 * deadline), the report of the route's :id as the caller may see it, and
 * its JSON — the list item, and the whole report with its data tables,
 * consolidation, events and the moves the caller may make now.
 *
 * The data and consolidation are stored as JSON text with raw counts
 * (report_prefill.c, report_completeness.c); a viewer sees the counts of
 * 1–4 as "<5" here, as on the dashboard (indicator_common.h): a percent
 * with a masked count has no value ("suppressed": true), a count indicator
 * whose count is masked shows "<5" as its value.  Budget figures (VND) are
 * never masked.
 */
#include <string.h>

#include "api/cases.h"
#include "api/indicator_common.h"
#include "api/report_internal.h"
#include "domain/report.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/store_plans.h"

static void decref(void *p)
{
	json_decref(p);
}

/* ---- rules and loading --------------------------------------------------- */

bool report_rules_of(struct api_ctx *c, const char *tree, const char *unit_code,
                     const struct report_period *rp, struct report_rules *out)
{
	memset(out, 0, sizeof *out);
	enum store_status st = store_report_plan_for(
	    c->db, tree, unit_code, rp->period.year, &out->plan_id);
	if (st == STORE_OK && out->plan_id != 0)
		st = store_report_settings_get(
		    c->db, out->plan_id, &out->settings, &out->settings_stored);
	if (st == STORE_OK && out->plan_id == 0)
		report_settings_default(&out->settings);
	if (st != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	report_window(rp, out->settings.window, &out->window);
	if (report_deadline(rp, &out->settings, &out->deadline) != REPORT_OK) {
		/* The settings are checked when they are stored. */
		log_error("report settings of plan %lld are not valid",
		          (long long)out->plan_id);
		api_reply_internal(c);
		return false;
	}
	return true;
}

bool report_load(struct api_ctx *c, struct report_ctx *rc)
{
	memset(rc, 0, sizeof *rc);
	int64_t id;
	if (!api_id_param(c, "id", "report", &id))
		return false;
	enum store_status st = store_report_get(c->db, c->arena, id, &rc->row);
	if (st == STORE_OK)
		st = store_unit_get(c->db, c->arena, rc->row.tree,
		                    rc->row.unit_code, &rc->unit);
	if (st == STORE_NOTFOUND && rc->row.id == id) {
		/* A unit gone with a reload of its tree: the report keeps
		 * what the store read of it. */
		rc->unit.tree = rc->row.tree;
		rc->unit.code = rc->row.unit_code;
		rc->unit.name = rc->row.unit_name;
		rc->unit.path = rc->row.unit_path;
		rc->unit.level = rc->row.unit_level;
		st = STORE_OK;
	}
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND ||
	    !access_sees(&c->who, rc->unit.tree, rc->unit.path)) {
		api_reply_error(c, 404, "not_found", "No such report", NULL);
		return false;
	}
	if (report_period_parse(rc->row.template, rc->row.period, &rc->rp) !=
	    REPORT_OK) {
		log_error("report %lld has a bad template or period",
		          (long long)id);
		api_reply_internal(c);
		return false;
	}
	return report_rules_of(c, rc->row.tree, rc->row.unit_code, &rc->rp,
	                       &rc->rules);
}

/* ---- masking ------------------------------------------------------------- */

static bool count_of(json_t *v, int64_t *n)
{
	if (!json_is_integer(v))
		return false;
	*n = json_integer_value(v);
	return true;
}

/* A count of the stored document as the caller may see it. */
static void mask_count(const struct api_ctx *c, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	int64_t n;
	if (count_of(v, &n))
		json_object_set_new(obj, key, ind_count_json(c, true, n));
}

/* numerator, denominator and value of an indicator entry (data or
 * consolidation) as the dashboard shows them (ind_value_set): the counts
 * of 1–4 "<5", a percent with such a count suppressed. */
static void mask_indicator(const struct api_ctx *c, json_t *ind)
{
	enum indicator_kind k;
	const char *kind = json_string_value(json_object_get(ind, "kind"));
	if (kind == NULL || indicator_kind_parse(kind, &k) != 0)
		k = IND_COUNT;
	int64_t num = 0, den = 0, value;
	bool has_num = count_of(json_object_get(ind, "numerator"), &num);
	bool has_den = count_of(json_object_get(ind, "denominator"), &den);
	bool suppressed =
	    k != IND_COUNT && (indicator_count_masked(has_num, num) ||
	                       indicator_count_masked(has_den, den));
	mask_count(c, ind, "numerator");
	mask_count(c, ind, "denominator");
	if (suppressed)
		json_object_set_new(ind, "value", json_null());
	else if (k == IND_COUNT &&
	         count_of(json_object_get(ind, "value"), &value))
		json_object_set_new(ind, "value",
		                    ind_count_json(c, true, value));
	json_object_set_new(ind, "suppressed", json_boolean(suppressed));
	json_t *sex = json_object_get(ind, "by_sex");
	const char *key;
	json_t *part;
	void *tmp;
	json_object_foreach_safe(sex, tmp, key, part)
	{
		mask_count(c, part, "numerator");
		mask_count(c, part, "denominator");
	}
}

static void mask_indicators(const struct api_ctx *c, json_t *doc)
{
	json_t *list = json_object_get(doc, "indicators");
	size_t i;
	json_t *ind;
	json_array_foreach(list, i, ind) mask_indicator(c, ind);
}

static void mask_data(const struct api_ctx *c, json_t *data)
{
	mask_indicators(c, data);
	json_t *act = json_object_get(data, "activities");
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(act, tmp, key, v) mask_count(c, act, key);
}

/* A stored JSON document (data or consolidation), masked for a viewer;
 * json null when there is none, NULL when the text does not parse. */
static json_t *stored_doc(struct api_ctx *c, const char *text, int64_t id,
                          const char *what)
{
	if (text == NULL || *text == '\0')
		return json_null();
	json_t *doc = json_loads(text, 0, NULL);
	if (doc == NULL) {
		log_error("report %lld: the stored %s does not parse",
		          (long long)id, what);
		return NULL;
	}
	if (ind_masks(c)) {
		if (strcmp(what, "data") == 0)
			mask_data(c, doc);
		else
			mask_indicators(c, doc);
	}
	return doc;
}

/* ---- JSON ---------------------------------------------------------------- */

enum report_timeliness report_row_timeliness(const struct report_row *r,
                                             const struct report_rules *rules,
                                             int64_t now)
{
	return report_timeliness(&rules->deadline, r->first_submitted_at, now);
}

static json_t *text_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? json_string(s) : json_null();
}

/* {"id","number"} of the governing plan, null when none; NULL on a store
 * failure. */
static json_t *plan_ref_json(struct api_ctx *c, int64_t plan_id)
{
	if (plan_id == 0)
		return json_null();
	struct plan_row p;
	enum store_status st = store_plan_get(c->db, c->arena, plan_id, &p);
	if (st == STORE_NOTFOUND)
		return json_null();
	if (st != STORE_OK)
		return NULL;
	return json_pack("{s:I, s:s}", "id", (json_int_t)p.id, "number",
	                 p.number ? p.number : "");
}

json_t *report_item_json(struct api_ctx *c, const struct report_row *r,
                         const struct report_rules *rules)
{
	json_t *plan = plan_ref_json(c, rules->plan_id);
	if (plan == NULL)
		return NULL;
	int64_t now = time_now();
	enum report_timeliness t = report_row_timeliness(r, rules, now);
	json_t *days_left =
	    r->first_submitted_at != 0
	        ? json_null()
	        : json_integer(report_days_left(&rules->deadline, now));
	return json_pack(
	    "{s:I, s:s, s:s, s:{s:s, s:s, s:i}, s:s, s:o, s:o, s:o, s:s, "
	    "s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:I, s:o}",
	    "id", (json_int_t)r->id, "template", r->template, "period",
	    r->period, "unit", "code", r->unit_code, "name",
	    r->unit_name ? r->unit_name : "", "level", r->unit_level, "tree",
	    r->tree, "agency", text_or_null(r->agency), "project",
	    r->project ? json_integer(r->project) : json_null(), "plan", plan,
	    "status", r->state, "due_date", rules->deadline.due_date,
	    "deadline_at", api_instant_json(rules->deadline.deadline_at),
	    "days_left", days_left, "timeliness", report_timeliness_name(t),
	    "submitted_at", api_instant_json(r->first_submitted_at),
	    "last_submitted_at", api_instant_json(r->last_submitted_at),
	    "approved_at", api_instant_json(r->approved_at), "version",
	    (json_int_t)r->version, "updated_at",
	    api_instant_json(r->updated_at));
}

static json_t *event_json(const struct report_event *e)
{
	return json_pack(
	    "{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "transition", e->transition,
	    "from", text_or_null(e->from_state), "to",
	    text_or_null(e->to_state), "by", text_or_null(e->user_name), "unit",
	    text_or_null(e->user_unit), "at", api_instant_json(e->at),
	    "comment", text_or_null(e->comment));
}

/* events and last_return (the latest return while a draft) into j. */
static bool events_set(struct api_ctx *c, const struct report_ctx *rc,
                       json_t *j)
{
	struct report_event *ev;
	size_t n;
	if (store_report_events(c->db, c->arena, rc->row.id, &ev, &n) !=
	    STORE_OK)
		return false;
	json_t *list = json_array();
	const struct report_event *last_return = NULL;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(list, event_json(&ev[i]));
		/* A submission after a return answers it. */
		if (strcmp(ev[i].transition, "return") == 0)
			last_return = &ev[i];
		else if (strcmp(ev[i].transition, "submit") == 0)
			last_return = NULL;
	}
	json_object_set_new(j, "events", list);
	json_object_set_new(
	    j, "last_return",
	    last_return != NULL && strcmp(rc->row.state, "draft") == 0
	        ? json_pack("{s:o, s:o, s:o}", "comment",
	                    text_or_null(last_return->comment), "by",
	                    text_or_null(last_return->user_name), "at",
	                    api_instant_json(last_return->at))
	        : json_null());
	return true;
}

/* What the caller may do now: each move as report_check_transition
 * decides it (a comment taken as given), editing as submitting. */
static json_t *may_json(struct api_ctx *c, const struct report_ctx *rc)
{
	enum report_state from;
	json_t *may = json_object();
	bool ok = report_state_parse(rc->row.state, &from) == 0;
	for (int t = 0; t < REPORT_TRANSITION__MAX; t++) {
		enum report_state to;
		bool yes = ok && report_check_transition(
		                     &c->who, (enum report_transition)t, from,
		                     rc->row.tree, rc->unit.path, "-",
		                     &to) == REPORT_OK;
		json_object_set_new(
		    may, report_transition_name((enum report_transition)t),
		    json_boolean(yes));
	}
	json_object_set_new(
	    may, "edit",
	    json_boolean(ok && report_state_editable(from) &&
	                 json_is_true(json_object_get(may, "submit"))));
	return may;
}

json_t *report_json(struct api_ctx *c, const struct report_ctx *rc,
                    bool with_events)
{
	struct report_row r = rc->row;
	/* The unit as it is now (the store's read may be older). */
	r.unit_name = rc->unit.name;
	r.unit_level = rc->unit.level;
	json_t *j = report_item_json(c, &r, &rc->rules);
	if (j == NULL)
		return NULL;
	arena_defer(c->arena, decref, j);
	const struct report_window *w = &rc->rules.window;
	json_t *data = stored_doc(c, r.data, r.id, "data");
	json_t *cons = stored_doc(c, r.consolidation, r.id, "consolidation");
	if (data == NULL || cons == NULL) {
		json_decref(data);
		json_decref(cons);
		return NULL;
	}
	json_object_update_new(
	    j,
	    json_pack(
	        "{s:{s:s, s:s, s:s}, s:o, s:s, s:s, s:s, s:s, s:{s:s, s:s, "
	        "s:s}, s:o, s:o, s:o, s:o, s:o}",
	        "window", "rule",
	        report_window_rule_name(rc->rules.settings.window), "from",
	        w->from, "to", w->to, "approved_by",
	        text_or_null(r.approved_by_name), "number",
	        r.number ? r.number : "", "report_date",
	        r.report_date ? r.report_date : "", "signer_title",
	        r.signer_title ? r.signer_title : "", "signer_name",
	        r.signer_name ? r.signer_name : "", "narrative", "results",
	        r.results ? r.results : "", "difficulties",
	        r.difficulties ? r.difficulties : "", "proposals",
	        r.proposals ? r.proposals : "", "data", data, "consolidation",
	        cons, "data_at", api_instant_json(r.data_at), "created_at",
	        api_instant_json(r.created_at), "may", may_json(c, rc)));
	if (with_events && !events_set(c, rc, j))
		return NULL;
	if (!with_events)
		json_object_set_new(j, "last_return", json_null());
	/* The caller owns the document: take it back from the arena. */
	return json_incref(j);
}
