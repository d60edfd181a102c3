/*
 * report_completeness.c — a unit's children and their reports for one
 * period: the completeness view (who reported, on time or not) and the
 * consolidation of the approved ones into the unit's own report
 * (docs/reports.md §Completeness, §Consolidation).
 *
 * ** URL: GET /api/v1/reports/completeness?unit=&template=&period=&tree=
 *         → 200 {"unit","template","period","due_date","children":[…],
 *         "counts":{…}}; unit defaults to the caller's scope unit (422
 *         for a national caller without one, or an unknown unit; 404
 *         outside the scope); 422 template / period
 *
 * report_consolidation() (report_internal.h) is called by the consolidate
 * and submit moves of report_workflow.c.  Both read the children through
 * store_report_children and judge each child's timeliness by the child's
 * own rules (its governing plan's deadline, report_rules_of): a commune
 * with its own plan may have another due date than its district.
 *
 * Consolidation sums the numerators and denominators frozen in the
 * approved children's data (report_consolidate) and takes the value of
 * the sums (indicator_value) — never an average of percentages.  A
 * reduction_pct indicator is summed too but has no consolidated value:
 * its value needs the baseline rate, which a child's data does not carry.
 */
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/report_internal.h"
#include "domain/indicators.h"
#include "domain/lineage.h"
#include "domain/report.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/store_indicators.h"

static void decref(void *p)
{
	json_decref(p);
}

/* A stored JSON document, freed with the arena; NULL for none or for
 * text that does not parse. */
static json_t *doc_parse(struct api_ctx *c, const char *text)
{
	if (text == NULL || *text == '\0')
		return NULL;
	json_t *j = json_loads(text, 0, NULL);
	if (j != NULL)
		arena_defer(c->arena, decref, j);
	return j;
}

/* ---- children ------------------------------------------------------------ */

/* One child unit with its report and how timely it is. */
struct kid {
	const struct report_child *child;
	struct report_rules rules;
	enum report_timeliness timeliness;
	bool approved;
};

/* The direct children of (tree, parent_code) with their reports for rp.
 * Answers 500 and returns false on failure. */
static bool kids_load(struct api_ctx *c, const char *tree,
                      const char *parent_code, const struct report_period *rp,
                      int64_t now, struct kid **out, size_t *n)
{
	struct report_child *rows;
	size_t nrows;
	if (store_report_children(c->db, c->arena, tree, parent_code,
	                          report_template_name(rp->template),
	                          rp->period.code, &rows, &nrows) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	struct kid *kids = arena_alloc(c->arena, (nrows + 1) * sizeof *kids);
	for (size_t i = 0; i < nrows; i++) {
		struct kid *k = &kids[i];
		memset(k, 0, sizeof *k);
		k->child = &rows[i];
		if (!report_rules_of(c, tree, rows[i].code, rp, &k->rules))
			return false;
		const struct report_row *r = rows[i].report;
		k->timeliness = report_timeliness(
		    &k->rules.deadline, r ? r->first_submitted_at : 0, now);
		k->approved = r != NULL && strcmp(r->state, "approved") == 0;
	}
	*out = kids;
	*n = nrows;
	return true;
}

static json_t *kid_base_json(const struct kid *k)
{
	const struct report_row *r = k->child->report;
	json_t *j = json_pack("{s:s, s:s}", "code", k->child->code, "name",
	                      k->child->name ? k->child->name : "");
	json_object_set_new(j, "report_id",
	                    r ? json_integer(r->id) : json_null());
	json_object_set_new(j, "status",
	                    r ? json_string(r->state) : json_null());
	json_object_set_new(j, "timeliness",
	                    json_string(report_timeliness_name(k->timeliness)));
	return j;
}

/* ---- consolidation ------------------------------------------------------- */

/* An indicator to consolidate: its code and kind, with the names of the
 * report's own data when it has them (the exports label the rows). */
struct cons_indicator {
	const char *code;
	const char *kind_name;
	enum indicator_kind kind;
	const char *name_vi, *name_en;
	int project;
};

static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The indicators of the report's own data tables, or the catalogue (an
 * agency's report: its project's) when the data has none. */
static bool cons_indicators(struct api_ctx *c, const struct report_ctx *rc,
                            struct cons_indicator **out, size_t *n)
{
	json_t *data = doc_parse(c, rc->row.data);
	json_t *arr = json_object_get(data, "indicators");
	size_t k = 0;
	if (json_array_size(arr) > 0) {
		struct cons_indicator *list =
		    arena_alloc(c->arena, json_array_size(arr) * sizeof *list);
		size_t i;
		json_t *e;
		json_array_foreach(arr, i, e)
		{
			const char *code = str_of(e, "code");
			const char *kind = str_of(e, "kind");
			struct cons_indicator *ci = &list[k];
			if (code == NULL || kind == NULL ||
			    indicator_kind_parse(kind, &ci->kind) != 0)
				continue;
			ci->code = arena_strdup(c->arena, code);
			ci->kind_name = indicator_kind_name(ci->kind);
			const char *vi = str_of(e, "name_vi");
			const char *en = str_of(e, "name_en");
			ci->name_vi = vi ? arena_strdup(c->arena, vi) : NULL;
			ci->name_en = en ? arena_strdup(c->arena, en) : NULL;
			ci->project = (int)json_integer_value(
			    json_object_get(e, "project"));
			k++;
		}
		*out = list;
		*n = k;
		return true;
	}
	struct indicator_def *defs;
	size_t ndefs;
	if (store_indicators_list(c->db, c->arena, &defs, &ndefs) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	struct cons_indicator *list =
	    arena_alloc(c->arena, (ndefs + 1) * sizeof *list);
	for (size_t i = 0; i < ndefs; i++) {
		struct cons_indicator *ci = &list[k];
		if ((rc->row.project != 0 &&
		     defs[i].project != rc->row.project) ||
		    indicator_kind_parse(defs[i].kind, &ci->kind) != 0)
			continue;
		ci->code = defs[i].code;
		ci->kind_name = indicator_kind_name(ci->kind);
		ci->name_vi = defs[i].vi;
		ci->name_en = defs[i].en;
		ci->project = defs[i].project;
		k++;
	}
	*out = list;
	*n = k;
	return true;
}

/* The child's frozen values of one indicator: each part known when it is
 * a whole number in the child's data. */
static void child_value(json_t *by_code, const char *code,
                        struct report_child_value *v)
{
	json_t *e = json_object_get(by_code, code);
	json_t *num = json_object_get(e, "numerator");
	json_t *den = json_object_get(e, "denominator");
	v->has_num = json_is_integer(num);
	v->has_den = json_is_integer(den);
	v->num = v->has_num ? json_integer_value(num) : 0;
	v->den = v->has_den ? json_integer_value(den) : 0;
}

/* code → indicator entry of an approved child's frozen data; an empty
 * object when the data is missing or corrupt (every value unknown). */
static json_t *child_indicators(struct api_ctx *c, const struct kid *k)
{
	json_t *by_code = json_object();
	arena_defer(c->arena, decref, by_code);
	json_t *data = doc_parse(c, k->child->report->data);
	if (k->child->report->data != NULL && data == NULL)
		log_error("report %lld: stored data does not parse",
		          (long long)k->child->report->id);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(data, "indicators"), i, e)
	{
		const char *code = str_of(e, "code");
		if (code != NULL)
			json_object_set(by_code, code, e);
	}
	return by_code;
}

static json_t *part_json(bool known, int64_t n)
{
	return known ? json_integer(n) : json_null();
}

static json_t *sum_json(const struct cons_indicator *ci,
                        const struct report_sum *s)
{
	json_t *j =
	    json_pack("{s:s, s:s}", "code", ci->code, "kind", ci->kind_name);
	if (ci->name_vi != NULL)
		json_object_set_new(j, "name_vi", json_string(ci->name_vi));
	if (ci->name_en != NULL)
		json_object_set_new(j, "name_en", json_string(ci->name_en));
	if (ci->project != 0)
		json_object_set_new(j, "project", json_integer(ci->project));
	json_object_set_new(j, "numerator", part_json(s->has_num, s->num));
	json_object_set_new(j, "denominator", part_json(s->has_den, s->den));
	double value;
	json_t *vj = json_null();
	if (ci->kind == IND_COUNT) {
		if (s->has_num)
			vj = json_integer(s->num);
	} else if (ci->kind == IND_PERCENT &&
	           indicator_value(ci->kind, s->has_num, s->num, s->has_den,
	                           s->den, &value)) {
		vj = json_real(value);
	}
	json_object_set_new(j, "value", vj);
	json_object_set_new(j, "summed", json_integer((json_int_t)s->summed));
	json_object_set_new(j, "unknown", json_integer((json_int_t)s->unknown));
	json_object_set_new(j, "missing", json_integer((json_int_t)s->missing));
	return j;
}

bool report_consolidation(struct api_ctx *c, const struct report_ctx *rc,
                          const char **json_text)
{
	*json_text = NULL;
	int64_t now = time_now();
	struct kid *kids;
	size_t nk;
	struct cons_indicator *inds;
	size_t ni;
	if (!kids_load(c, rc->row.tree, rc->row.unit_code, &rc->rp, now, &kids,
	               &nk) ||
	    !cons_indicators(c, rc, &inds, &ni))
		return false;

	json_t *doc = json_object();
	arena_defer(c->arena, decref, doc);
	json_t *children = json_array();
	json_t **values = arena_alloc(c->arena, (nk + 1) * sizeof *values);
	bool *approved = arena_alloc(c->arena, (nk + 1) * sizeof *approved);
	for (size_t i = 0; i < nk; i++) {
		json_t *kj = kid_base_json(&kids[i]);
		json_object_set_new(kj, "approved",
		                    json_boolean(kids[i].approved));
		json_array_append_new(children, kj);
		approved[i] = kids[i].approved;
		values[i] =
		    kids[i].approved ? child_indicators(c, &kids[i]) : NULL;
	}

	size_t *miss = arena_alloc(c->arena, (nk + 1) * sizeof *miss);
	size_t nmiss = report_missing_children(approved, nk, miss);
	json_t *missing = json_array();
	for (size_t i = 0; i < nmiss; i++)
		json_array_append_new(missing,
		                      json_string(kids[miss[i]].child->code));

	struct report_child_value *cv =
	    arena_alloc(c->arena, (nk + 1) * sizeof *cv);
	json_t *indicators = json_array();
	for (size_t i = 0; i < ni; i++) {
		for (size_t k = 0; k < nk; k++) {
			memset(&cv[k], 0, sizeof cv[k]);
			cv[k].approved = approved[k];
			if (approved[k])
				child_value(values[k], inds[i].code, &cv[k]);
		}
		struct report_sum s;
		report_consolidate(cv, nk, inds[i].kind != IND_COUNT, &s);
		json_array_append_new(indicators, sum_json(&inds[i], &s));
	}

	json_object_set_new(doc, "computed_at", api_instant_json(now));
	json_object_set_new(doc, "children", children);
	json_object_set_new(doc, "missing", missing);
	json_object_set_new(doc, "indicators", indicators);
	char *text = json_dumps(doc, JSON_COMPACT);
	if (text == NULL) {
		api_reply_internal(c);
		return false;
	}
	*json_text = arena_strdup(c->arena, text);
	free(text);
	return true;
}

/* ---- completeness ----------------------------------------------------------
 */

/* The unit of the question: `unit` (and `tree`), or the caller's scope
 * unit.  Answers and returns false when it is not one. */
static bool completeness_unit(struct api_ctx *c, struct unit_row *u)
{
	const char *tree = api_query(c, "tree");
	if (tree != NULL && *tree != '\0') {
		if ((tree = api_tree(c)) == NULL)
			return false;
	} else {
		tree = c->user.scope_tree ? c->user.scope_tree
		                          : c->cfg->default_tree;
	}
	const char *code = api_query(c, "unit");
	if (code == NULL || *code == '\0') {
		if (c->user.scope_code == NULL) {
			api_reply_error(c, 422, "invalid_field",
			                "unit is required for a national user",
			                "unit");
			return false;
		}
		tree = c->user.scope_tree;
		code = c->user.scope_code;
	}
	enum store_status st = STORE_NOTFOUND;
	if (lineage_code_valid(code))
		st = store_unit_get(c->db, c->arena, tree, code, u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND) {
		api_reply_error(
		    c, 422, "invalid_field",
		    arena_printf(c->arena, "unit must be a unit of the %s tree",
		                 tree),
		    "unit");
		return false;
	}
	if (!access_sees(&c->who, u->tree, u->path)) {
		api_reply_error(c, 404, "not_found", "No such unit", "unit");
		return false;
	}
	return true;
}

struct counts {
	int children, approved, submitted, draft, none;
	int by_timeliness[4]; /* enum report_timeliness */
};

void reports_completeness(struct api_ctx *c)
{
	struct unit_row u;
	if (!completeness_unit(c, &u))
		return;
	const char *template = api_query(c, "template");
	const char *period = api_query(c, "period");
	struct report_period rp;
	enum report_error e = report_period_parse(template, period, &rp);
	if (e != REPORT_OK) {
		api_reply_error(c, 422, report_error_code(e),
		                e == REPORT_ERR_TEMPLATE
		                    ? "template must be six_monthly or annual"
		                    : "period must be YYYYS1 or YYYYS2 for "
		                      "six_monthly, YYYY for annual",
		                report_error_field(e));
		return;
	}
	int64_t now = time_now();
	struct kid *kids;
	size_t nk;
	if (!kids_load(c, u.tree, u.code, &rp, now, &kids, &nk))
		return;

	struct counts n = {.children = (int)nk};
	json_t *children = json_array();
	const char *due_date = NULL;
	for (size_t i = 0; i < nk; i++) {
		const struct kid *k = &kids[i];
		const struct report_row *r = k->child->report;
		json_t *kj = kid_base_json(k);
		json_object_set_new(
		    kj, "submitted_at",
		    api_instant_json(r ? r->first_submitted_at : 0));
		json_object_set_new(kj, "due_date",
		                    json_string(k->rules.deadline.due_date));
		json_array_append_new(children, kj);
		if (r == NULL)
			n.none++;
		else if (strcmp(r->state, "approved") == 0)
			n.approved++;
		else if (strcmp(r->state, "submitted") == 0)
			n.submitted++;
		else
			n.draft++;
		n.by_timeliness[k->timeliness]++;
		/* Children normally share the governing plan; when one has
		 * its own, the view's date is the earliest. */
		if (due_date == NULL ||
		    strcmp(k->rules.deadline.due_date, due_date) < 0)
			due_date = k->rules.deadline.due_date;
	}
	if (due_date == NULL) {
		struct report_rules own;
		if (!report_rules_of(c, u.tree, u.code, &rp, &own))
			return;
		due_date = arena_strdup(c->arena, own.deadline.due_date);
	}

	json_t *counts =
	    json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}",
	              "children", n.children, "approved", n.approved,
	              "submitted", n.submitted, "draft", n.draft, "none",
	              n.none, "on_time", n.by_timeliness[REPORT_ON_TIME],
	              "late", n.by_timeliness[REPORT_LATE], "missing",
	              n.by_timeliness[REPORT_MISSING], "pending",
	              n.by_timeliness[REPORT_PENDING]);
	json_t *unit = json_pack("{s:s, s:s, s:i}", "code", u.code, "name",
	                         u.name, "level", u.level);
	api_reply_json(c, 200,
	               json_pack("{s:o, s:s, s:s, s:s, s:o, s:o}", "unit", unit,
	                         "template", report_template_name(rp.template),
	                         "period", rp.period.code, "due_date", due_date,
	                         "children", children, "counts", counts));
}
