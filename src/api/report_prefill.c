/*
 * report_prefill.c — the data tables of a periodic report
 * (docs/reports.md §Data): computed at creation, on refresh and at
 * submission by reports.c and report_workflow.c through report_prefill()
 * (report_internal.h), stored as JSON text in the report row.
 *
 * Three tables: the indicators of the reporting unit over the report's
 * window (indicator_common.h, as the dashboard computes them: record
 * parts, the aggregate entries of the report's period code and the
 * target of its year), with a breakdown by sex where it applies; the
 * governing plan's budget for the period's year (domain/budget.h's
 * summary plus the execution records); and the activity counts of the
 * unit's subtree (store_report_activities).
 *
 * Case parts are kept per month, so they count the whole months whose
 * last day lies in the window (Decree 09's S1 counts December to May;
 * store_indicator_sums does this for a day window, the breakdown by sex
 * is given those months' days); every other part uses the exact days.  The
 * numbers are raw: report_json masks them for a viewer when the report is
 * shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/indicator_common.h"
#include "api/report_internal.h"
#include "domain/budget.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/timeutil.h"
#include "store/store_budget.h"
#include "store/store_plans.h"

/* ---- windows ------------------------------------------------------------ */

/* The whole months of a window as days, for a breakdown of case parts:
 * the first day of the window's first month to the last day of the last
 * month that ends inside the window (the month of `to` itself when `to`
 * is its last day).  store_indicator_sums counts these months for a day
 * window by itself; the breakdown filters cases by their opening day
 * too, so it is given these days to count the same cases. */
static void case_days(const struct report_window *w, char from[11], char to[11])
{
	snprintf(from, 11, "%.7s-01", w->from);
	char next[11];
	hcm_day_format(w->to_day + 1, next);
	if (strcmp(next + 8, "01") == 0) {
		memcpy(to, w->to, 11);
		return;
	}
	/* the day before the 1st of to's month ends the month before */
	int mday = (w->to[8] - '0') * 10 + (w->to[9] - '0');
	hcm_day_format(w->to_day - mday, to);
}

/* The report's period with the window's days: ind_unit_values reads the
 * records over from–to and the aggregate entries and targets of the
 * period's code and year. */
static void window_period(const struct report_ctx *rc, const char *mfrom,
                          const char *mto, struct period *p)
{
	*p = rc->rp.period;
	memcpy(p->from, rc->rules.window.from, sizeof p->from);
	memcpy(p->to, rc->rules.window.to, sizeof p->to);
	snprintf(p->from_month, sizeof p->from_month, "%.7s", mfrom);
	snprintf(p->to_month, sizeof p->to_month, "%.7s", mto);
}

/* ---- indicators --------------------------------------------------------- */

/* Whether an indicator's breakdown comes from the cases (kept per month):
 * a cases part, or the units counted from case rows. */
static bool from_case_sums(const char *code, const struct indicator_spec *s)
{
	return ind_case_based(s) || indicator_case_type(code) != NULL;
}

static json_t *count_or_null(bool known, int64_t n)
{
	return known ? json_integer(n) : json_null();
}

/* {"male":{"numerator","denominator"},"female":{…}} of indicator code
 * over [from, to]; NULL after answering 500. */
static json_t *by_sex_json(struct api_ctx *c, const struct report_ctx *rc,
                           const char *code, const char *from, const char *to)
{
	struct indicator_group *g;
	size_t n;
	if (store_indicator_breakdown(c->db, c->arena, rc->unit.tree,
	                              rc->unit.code, code, "sex", from, to, &g,
	                              &n) != STORE_OK) {
		api_reply_internal(c);
		return NULL;
	}
	json_t *out = json_object();
	static const char *const sexes[] = {"male", "female"};
	for (size_t s = 0; s < 2; s++) {
		const struct indicator_group *x = NULL;
		for (size_t i = 0; i < n && x == NULL; i++)
			if (strcmp(g[i].group, sexes[s]) == 0)
				x = &g[i];
		json_object_set_new(
		    out, sexes[s],
		    json_pack(
		        "{s:o, s:o}", "numerator",
		        x ? count_or_null(x->has_num, x->num) : json_integer(0),
		        "denominator",
		        x ? count_or_null(x->has_den, x->den) : json_null()));
	}
	return out;
}

static json_t *value_json(enum indicator_kind k, const struct ind_value *v)
{
	if (!v->has_value)
		return json_null();
	return k == IND_COUNT ? json_integer(v->num) : json_real(v->value);
}

static json_t *indicator_json(const struct ind_catalogue *cat, size_t i,
                              const struct ind_value *v)
{
	const struct indicator_def *d = &cat->defs[i];
	const struct applicable_target *t = v->target;
	return json_pack(
	    "{s:s, s:i, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s}", "code",
	    d->code, "project", d->project, "kind",
	    indicator_kind_name(cat->specs[i].kind), "name_vi",
	    d->vi ? d->vi : "", "name_en", d->en ? d->en : "", "numerator",
	    count_or_null(v->has_num, v->num), "denominator",
	    count_or_null(v->has_den, v->den), "value",
	    value_json(cat->specs[i].kind, v), "target",
	    t ? json_real(t->target) : json_null(), "target_year",
	    t ? json_integer(t->target_year) : json_null(), "status",
	    indicator_status_name(v->status));
}

/* Every catalogue indicator (an agency's report: its project's) with its
 * value for the unit over the window; NULL after answering 500. */
static json_t *indicators_json(struct api_ctx *c, const struct report_ctx *rc)
{
	struct ind_catalogue cat;
	if (!ind_catalogue_load(c, &cat))
		return NULL;
	char mfrom[11], mto[11];
	case_days(&rc->rules.window, mfrom, mto);
	struct period p;
	window_period(rc, mfrom, mto, &p);
	struct ind_unit u = {
	    .tree = rc->unit.tree,
	    .code = rc->unit.code,
	    .name = rc->unit.name,
	    .path = rc->unit.path,
	    .level = rc->unit.level,
	};
	bool *want = arena_alloc(c->arena, (cat.n ? cat.n : 1) * sizeof *want);
	for (size_t i = 0; i < cat.n; i++)
		want[i] = rc->row.project == 0 ||
		          cat.defs[i].project == rc->row.project;
	struct ind_targets targets;
	struct ind_value *v =
	    arena_alloc(c->arena, (cat.n ? cat.n : 1) * sizeof *v);
	if (!ind_targets_load(c, &u, p.year, &targets) ||
	    !ind_unit_values(c, &cat, &u, &p, NULL, 0, &targets, want, v))
		return NULL;
	json_t *list = json_array();
	for (size_t i = 0; i < cat.n; i++) {
		if (!want[i])
			continue;
		json_t *item = indicator_json(&cat, i, &v[i]);
		const char *code = cat.defs[i].code;
		if (indicator_disaggregation_applies(code, "sex")) {
			bool months = from_case_sums(code, &cat.specs[i]);
			json_t *sex =
			    by_sex_json(c, rc, code, months ? mfrom : p.from,
			                months ? mto : p.to);
			if (sex == NULL) {
				json_decref(item);
				json_decref(list);
				return NULL;
			}
			json_object_set_new(item, "by_sex", sex);
		}
		json_array_append_new(list, item);
	}
	return list;
}

/* ---- budget ------------------------------------------------------------- */

/* Sums of VND that stop at INT64_MAX rather than wrap (as budget.c's). */
static int64_t vnd_add(int64_t a, int64_t b)
{
	int64_t r;
	return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

struct budget_figures {
	bool used;
	int64_t estimate, allocated, spent;
};

static json_t *figures_json(json_t *obj, const struct budget_figures *f)
{
	json_object_set_new(obj, "estimate", json_integer(f->estimate));
	json_object_set_new(obj, "allocated", json_integer(f->allocated));
	json_object_set_new(obj, "spent", json_integer(f->spent));
	return obj;
}

/* The project (0 none) of the line of execution row `row`. */
static int project_of_row(const struct budget_table *t, const char *row)
{
	for (size_t i = 0; i < t->nlines; i++)
		if (strcmp(t->lines[i].row, row) == 0)
			return t->lines[i].project_eff >= 1 &&
			               t->lines[i].project_eff <= 4
			           ? t->lines[i].project_eff
			           : 0;
	return 0;
}

/* The governing plan's figures for the period's year: the estimate from
 * the table (domain budget_summarise, per project), allocated and spent
 * from the execution records.  Decision: an agency's report (project
 * != 0) shows its own project's figures, in the totals as in by_project;
 * a unit's report shows the whole plan.  json_null() when there is no
 * plan, no budget, or the plan is an ancestor's; NULL after answering
 * 500. */
static json_t *budget_json(struct api_ctx *c, const struct report_ctx *rc)
{
	int64_t plan_id = rc->rules.plan_id;
	if (plan_id == 0)
		return json_null();
	struct plan_row plan;
	struct budget_table t;
	struct budget_meta meta;
	enum store_status st = store_plan_get(c->db, c->arena, plan_id, &plan);
	/* Decision: a plan's budget is its own unit's; a commune governed by
	 * its province's plan does not report the province's money. */
	if (st == STORE_OK && (strcmp(plan.tree, rc->row.tree) != 0 ||
	                       strcmp(plan.unit_code, rc->row.unit_code) != 0))
		return json_null();
	if (st == STORE_OK)
		st = store_budget_get(c->db, c->arena, plan_id, &t, &meta);
	if (st == STORE_NOTFOUND)
		return json_null();
	struct budget_execution *e = NULL;
	size_t ne = 0;
	if (st == STORE_OK && meta.version != 0)
		st = store_budget_execution_list(c->db, c->arena, plan_id, &e,
		                                 &ne);
	if (st != STORE_OK) {
		api_reply_internal(c);
		return NULL;
	}
	if (meta.version == 0)
		return json_null();

	int year = rc->rp.period.year;
	struct budget_summary s;
	budget_summarise(&t, c->arena, &s);
	struct budget_figures f[5] = {{0}}; /* by project, 0: lines of none */
	size_t w = t.ncolumns + 1;
	for (int p = 0; p < 5; p++) {
		f[p].used = s.project_used[p];
		for (size_t k = 0; k < t.ncolumns; k++)
			if (t.columns[k].year == year)
				f[p].estimate =
				    vnd_add(f[p].estimate,
				            s.general[(size_t)p * w + k + 1]);
	}
	for (size_t i = 0; i < ne; i++) {
		if (e[i].year != year)
			continue;
		struct budget_figures *x = &f[project_of_row(&t, e[i].row)];
		x->used = true;
		x->allocated = vnd_add(x->allocated, e[i].allocated);
		x->spent = vnd_add(x->spent, e[i].spent);
	}

	struct budget_figures total = {0};
	json_t *by_project = json_array();
	for (int k = 1; k <= 5; k++) {
		int p = k % 5; /* 1–4, then the lines of no project */
		if (!f[p].used ||
		    (rc->row.project != 0 && p != rc->row.project))
			continue;
		total.estimate = vnd_add(total.estimate, f[p].estimate);
		total.allocated = vnd_add(total.allocated, f[p].allocated);
		total.spent = vnd_add(total.spent, f[p].spent);
		json_array_append_new(
		    by_project,
		    figures_json(json_pack("{s:o}", "project",
		                           p ? json_integer(p) : json_null()),
		                 &f[p]));
	}
	json_t *out = json_pack("{s:I, s:s, s:i}", "plan_id",
	                        (json_int_t)plan_id, "plan_number",
	                        plan.number ? plan.number : "", "year", year);
	figures_json(out, &total);
	json_object_set_new(out, "by_project", by_project);
	return out;
}

/* ---- activities --------------------------------------------------------- */

static json_t *activities_json(struct api_ctx *c, const struct report_ctx *rc)
{
	struct report_activity_counts a;
	if (store_report_activities(c->db, rc->unit.tree, rc->unit.path,
	                            rc->rules.window.from, rc->rules.window.to,
	                            &a) != STORE_OK) {
		api_reply_internal(c);
		return NULL;
	}
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	                 "trainings", (json_int_t)a.trainings,
	                 "training_participants",
	                 (json_int_t)a.training_participants, "communications",
	                 (json_int_t)a.communications, "communication_reach",
	                 (json_int_t)a.communication_reach, "cases_opened",
	                 (json_int_t)a.cases_opened, "cases_closed",
	                 (json_int_t)a.cases_closed, "cases_open_at_end",
	                 (json_int_t)a.cases_open_at_end, "facilities_active",
	                 (json_int_t)a.facilities_active);
}

/* ---- the document ------------------------------------------------------- */

bool report_prefill(struct api_ctx *c, const struct report_ctx *rc,
                    const char **json_text)
{
	*json_text = NULL;
	const struct report_window *w = &rc->rules.window;
	json_t *doc =
	    json_pack("{s:o, s:{s:s, s:s, s:s}}", "computed_at",
	              api_instant_json(time_now()), "window", "rule",
	              report_window_rule_name(rc->rules.settings.window),
	              "from", w->from, "to", w->to);
	json_t *part;
	if (doc == NULL)
		goto fail;
	if ((part = indicators_json(c, rc)) == NULL)
		goto replied;
	json_object_set_new(doc, "indicators", part);
	if ((part = budget_json(c, rc)) == NULL)
		goto replied;
	json_object_set_new(doc, "budget", part);
	if ((part = activities_json(c, rc)) == NULL)
		goto replied;
	json_object_set_new(doc, "activities", part);

	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (text == NULL)
		goto fail;
	*json_text = arena_strdup(c->arena, text);
	free(text);
	return true;
fail:
	api_reply_internal(c);
	return false;
replied: /* the part answered 500 already */
	json_decref(doc);
	return false;
}
