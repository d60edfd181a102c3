/*
 * indicators.c — the programme's indicators as numbers
 * (docs/indicators.md §Values, API.md §Indicators): the catalogue, one
 * indicator's value for a unit and period, the same for each child unit,
 * the cases behind a case-based number, and the validation problems of a
 * unit and the units below it.
 *
 * ** URL: GET /api/v1/indicators → 200 {"items":[{"code","project","kind",
 *             "vi","en","numerator","denominator","computable_from","note",
 *             "numerator_source","denominator_source","case_based",
 *             "disaggregations"}]}
 * ** URL: GET /api/v1/indicator-values?indicator=&unit=&tree=&period=
 *             &by=sex|age_group|ethnicity
 *             → 200 {"indicator","unit","unit_name","tree","period","kind",
 *             "numerator","denominator","value","suppressed","target",
 *             "target_year","status"} (with by: "by","breakdown":[{"group",
 *             "numerator","denominator","value","suppressed"}]);
 *             422 invalid_field; 404 not_found
 * ** URL: GET /api/v1/indicator-values/children?indicator=&unit=&tree=
 *             &period= → 200 {"indicator","period","items":[{"unit":{"code",
 *             "name","level"},"numerator","denominator","value",
 *             "suppressed","target","target_year","status"}]}
 * ** URL: GET /api/v1/indicator-values/cases?indicator=&unit=&tree=
 *             &period=&part=numerator|denominator&page=&page_size= → 200
 *             the case list (GET /cases); 409 not_case_based; 403 forbidden
 * ** URL: GET /api/v1/indicator-problems?unit=&tree=&period= → 200
 *             {"items":[{"unit_code","unit_name","indicator","period",
 *             "code","message"}]}
 *
 * Every value is computed when asked from the maintained sums and the
 * records (indicator_common.c), so a change shows at once.  A viewer sees
 * counts of 1–4 as "<5" (indicator_common.c).  The routes need
 * aggregates_read; the cases behind a number need cases_work as well and
 * pass through the case list's visibility, case by case.
 */
#include <string.h>

#include "api/cases.h"
#include "api/handlers.h"
#include "api/indicator_common.h"
#include "lib/arena.h"
#include "lib/timeutil.h"

static json_t *str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

void indicators_list(struct api_ctx *c)
{
	struct ind_catalogue cat;
	if (!ind_catalogue_load(c, &cat))
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < cat.n; i++) {
		const struct indicator_def *d = &cat.defs[i];
		json_t *j = json_object();
		json_object_set_new(j, "code", json_string(d->code));
		json_object_set_new(j, "project", json_integer(d->project));
		json_object_set_new(j, "kind", str_or_null(d->kind));
		json_object_set_new(j, "vi", str_or_null(d->vi));
		json_object_set_new(j, "en", str_or_null(d->en));
		json_object_set_new(j, "numerator", str_or_null(d->numerator));
		json_object_set_new(j, "denominator",
		                    str_or_null(d->denominator));
		json_object_set_new(j, "computable_from",
		                    str_or_null(d->computable_from));
		json_object_set_new(j, "note", str_or_null(d->note));
		json_object_set_new(
		    j, "numerator_source",
		    str_or_null(indicator_source_name(cat.specs[i].num)));
		json_object_set_new(
		    j, "denominator_source",
		    str_or_null(indicator_source_name(cat.specs[i].den)));
		json_object_set_new(
		    j, "case_based",
		    json_boolean(ind_case_based(&cat.specs[i])));
		const char *by[3];
		size_t nby = indicator_disaggregations(d->code, by, 3);
		json_t *dis = json_array();
		for (size_t k = 0; k < nby; k++)
			json_array_append_new(dis, json_string(by[k]));
		json_object_set_new(j, "disaggregations", dis);
		json_array_append_new(items, j);
	}
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}

/* Target and status of v into obj. */
static void target_set(json_t *obj, const struct ind_value *v)
{
	json_object_set_new(obj, "target",
	                    v->target ? json_real(v->target->target)
	                              : json_null());
	json_object_set_new(obj, "target_year",
	                    v->target ? json_integer(v->target->target_year)
	                              : json_null());
	json_object_set_new(obj, "status",
	                    json_string(indicator_status_name(v->status)));
}

/* The arguments every value question takes. */
struct value_question {
	struct ind_catalogue cat;
	int idx;
	struct ind_unit unit;
	struct period period;
	bool *want; /* only idx */
};

static bool value_question(struct api_ctx *c, struct value_question *q)
{
	if (!ind_catalogue_load(c, &q->cat) ||
	    !ind_indicator_arg(c, &q->cat, true, &q->idx) ||
	    !ind_unit_arg(c, &q->unit) || !ind_period_arg(c, &q->period))
		return false;
	q->want = arena_alloc(c->arena, q->cat.n * sizeof *q->want);
	q->want[q->idx] = true;
	return true;
}

/* The optional `by` argument: NULL when absent or "", else a
 * disaggregation that applies to the indicator (422 invalid_field `by`
 * otherwise). */
static bool by_arg(struct api_ctx *c, const char *code, const char **out)
{
	const char *by = api_query(c, "by");
	*out = NULL;
	if (by == NULL || *by == '\0')
		return true;
	if (!indicator_disaggregation_applies(code, by)) {
		const char *names[3];
		size_t n = indicator_disaggregations(code, names, 3);
		const char *list = n == 0 ? "none" : names[0];
		for (size_t i = 1; i < n; i++)
			list = arena_printf(c->arena, "%s, %s", list, names[i]);
		api_reply_error(c, 422, "invalid_field",
		                arena_printf(c->arena,
		                             "by must be a disaggregation of "
		                             "%s (%s)",
		                             code, list),
		                "by");
		return false;
	}
	*out = by;
	return true;
}

/* "breakdown" of the value question by `by` into j: each group's counts
 * and value, masked for viewers like the total. */
static bool breakdown_set(struct api_ctx *c, const struct value_question *q,
                          const char *by, json_t *j)
{
	struct indicator_group *g;
	size_t n;
	const char *code = q->cat.defs[q->idx].code;
	if (store_indicator_breakdown(c->db, c->arena, q->unit.tree,
	                              q->unit.code, code, by, q->period.from,
	                              q->period.to, &g, &n) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	enum indicator_kind k = q->cat.specs[q->idx].kind;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct ind_value v = {.has_num = g[i].has_num,
		                      .num = g[i].num,
		                      .has_den = g[i].has_den,
		                      .den = g[i].den};
		v.has_value = indicator_value(k, v.has_num, v.num, v.has_den,
		                              v.den, &v.value);
		json_t *e = json_pack("{s:s}", "group", g[i].group);
		ind_value_set(c, e, k, &v);
		json_array_append_new(items, e);
	}
	json_object_set_new(j, "by", json_string(by));
	json_object_set_new(j, "breakdown", items);
	return true;
}

void indicator_values_get(struct api_ctx *c)
{
	struct value_question q;
	struct ind_targets targets;
	const char *by;
	if (!value_question(c, &q) || !by_arg(c, q.cat.defs[q.idx].code, &by) ||
	    !ind_targets_load(c, &q.unit, q.period.year, &targets))
		return;
	struct ind_value *v =
	    arena_alloc(c->arena, q.cat.n * sizeof(struct ind_value));
	if (!ind_unit_values(c, &q.cat, &q.unit, &q.period, NULL, 0, &targets,
	                     q.want, v))
		return;
	enum indicator_kind k = q.cat.specs[q.idx].kind;
	json_t *j =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "indicator",
	              q.cat.defs[q.idx].code, "unit", q.unit.code, "unit_name",
	              q.unit.name, "tree", q.unit.tree, "period", q.period.code,
	              "kind", indicator_kind_name(k));
	ind_value_set(c, j, k, &v[q.idx]);
	target_set(j, &v[q.idx]);
	if (by != NULL && !breakdown_set(c, &q, by, j)) {
		json_decref(j);
		return;
	}
	api_reply_json(c, 200, j);
}

void indicator_values_children(struct api_ctx *c)
{
	struct value_question q;
	if (!value_question(c, &q))
		return;
	struct indicator_unit_sums *kids;
	size_t nkids;
	if (store_indicator_child_sums(c->db, c->arena, q.unit.tree,
	                               q.unit.code, q.period.from, q.period.to,
	                               &kids, &nkids) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	enum indicator_kind k = q.cat.specs[q.idx].kind;
	struct ind_value *v =
	    arena_alloc(c->arena, q.cat.n * sizeof(struct ind_value));
	struct ind_children ch;
	if (!ind_children_load(c, &q.cat, &q.unit, &q.period, kids, nkids,
	                       q.want, &ch))
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < nkids; i++) {
		struct ind_unit u = {.tree = q.unit.tree,
		                     .code = kids[i].code,
		                     .name = kids[i].name,
		                     .level = kids[i].level};
		if (!ind_child_values(c, &q.cat, &q.unit, &q.period, kids, i,
		                      &ch, q.want, v)) {
			json_decref(items);
			return;
		}
		json_t *j = json_pack("{s:o}", "unit", ind_unit_json(&u));
		ind_value_set(c, j, k, &v[q.idx]);
		target_set(j, &v[q.idx]);
		json_array_append_new(items, j);
	}
	api_reply_json(c, 200,
	               json_pack("{s:s, s:s, s:o}", "indicator",
	                         q.cat.defs[q.idx].code, "period",
	                         q.period.code, "items", items));
}

/* ---- the cases behind a number ------------------------------------------ */

void indicator_values_cases(struct api_ctx *c)
{
	/* The route needs cases_work; the numbers need aggregates_read
	 * (the hotline has the first only). */
	if (!access_may(c->who.role, ACT_AGGREGATES_READ)) {
		api_reply_error(c, 403, "forbidden",
		                "Your role does not read indicators", NULL);
		return;
	}
	struct value_question q;
	int page;
	struct case_query cq = {0};
	if (!value_question(c, &q) ||
	    !api_paging(c, &cq.offset, &cq.limit, &page))
		return;
	const char *part = api_query(c, "part");
	bool numerator =
	    part == NULL || *part == '\0' || strcmp(part, "numerator") == 0;
	if (!numerator && strcmp(part, "denominator") != 0) {
		api_reply_error(c, 422, "invalid_field",
		                "part must be numerator or denominator",
		                "part");
		return;
	}
	const struct indicator_spec *s = &q.cat.specs[q.idx];
	if ((numerator ? s->num : s->den) != SRC_CASES) {
		api_reply_error(
		    c, 409, "not_case_based",
		    arena_printf(c->arena,
		                 "The %s of %s is not counted from "
		                 "cases",
		                 numerator ? "numerator" : "denominator",
		                 q.cat.defs[q.idx].code),
		    "indicator");
		return;
	}
	cq.tree = q.unit.tree;
	cq.within_path = q.unit.path;
	cq.indicator = q.cat.defs[q.idx].code;
	cq.indicator_numerator = numerator;
	cq.opened_from_month = q.period.from_month;
	cq.opened_to_month = q.period.to_month;
	cq.identity_all =
	    c->who.role == ROLE_PROVINCE || c->who.role == ROLE_DISTRICT;
	cq.identity_user = c->user.id;
	cq.now = time_now();
	if (c->who.role == ROLE_FACILITY) {
		/* As in the case list: the facility's residents and the
		 * user's own cases. */
		cq.facility_id = c->who.facility_id;
		cq.own_user = c->user.id;
	}
	struct case_row *rows;
	size_t n;
	long total;
	if (store_cases_list(c->db, c->arena, &cq, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct case_facts f;
		case_facts_of(&rows[i], &f);
		enum case_view v = casework_view(&c->who, &f);
		if (v == VIEW_NONE)
			continue;
		/* Restricted cases always in the limited view, as in lists. */
		json_array_append_new(
		    items,
		    case_json(c, &rows[i], v,
		              v == VIEW_FULL && !casework_restricted(&f)));
	}
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", cq.limit));
}

/* ---- validation problems ------------------------------------------------- */

static const char *problem_message(const char *code)
{
	if (strcmp(code, "numerator_exceeds_denominator") == 0)
		return "The numerator is greater than the denominator";
	if (strcmp(code, "negative") == 0)
		return "A count is negative";
	if (strcmp(code, "missing_denominator") == 0)
		return "There is a numerator but no denominator: enter the "
		       "denominator as an aggregate value";
	if (strcmp(code, "target_out_of_range") == 0)
		return "The target of a percentage is outside 0–100";
	return code;
}

/* Problems found so far, one per unit, indicator and code. */
struct problems {
	struct api_ctx *c;
	json_t *items;
};

static void problem_add(struct problems *ps, const char *unit_code,
                        const char *unit_name, const char *indicator,
                        const char *period, const char *code)
{
	size_t i;
	json_t *e;
	json_array_foreach(ps->items, i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "unit_code")),
		           unit_code) == 0 &&
		    strcmp(json_string_value(json_object_get(e, "indicator")),
		           indicator) == 0 &&
		    strcmp(json_string_value(json_object_get(e, "code")),
		           code) == 0)
			return;
	}
	json_array_append_new(
	    ps->items,
	    json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s}", "unit_code", unit_code,
	              "unit_name", unit_name, "indicator", indicator, "period",
	              period, "code", code, "message", problem_message(code)));
}

/* The problems of one unit's values (and of their targets). */
static void value_problems(struct problems *ps, const struct ind_catalogue *cat,
                           const struct ind_unit *u, const struct period *p,
                           const struct ind_value *v)
{
	for (size_t i = 0; i < cat->n; i++) {
		enum indicator_kind k = cat->specs[i].kind;
		const char *codes[4];
		size_t nc = indicator_problems(k, v[i].has_num, v[i].num,
		                               v[i].has_den, v[i].den, codes);
		for (size_t j = 0; j < nc; j++) {
			/* A numerator of 0 without a denominator is every
			 * unit where nothing happened yet: not a problem. */
			if (strcmp(codes[j], "missing_denominator") == 0 &&
			    v[i].num == 0)
				continue;
			problem_add(ps, u->code, u->name, cat->defs[i].code,
			            p->code, codes[j]);
		}
		if (k == IND_PERCENT && v[i].target != NULL &&
		    (v[i].target->target < 0 || v[i].target->target > 100))
			problem_add(ps, u->code, u->name, cat->defs[i].code,
			            p->code, "target_out_of_range");
	}
}

/* The unit's own values, its children's, and every aggregate entry below
 * it that the period's values read (the period and those containing it):
 * deeper units' entries are where hand-entered numbers go wrong. */
void indicator_problems_list(struct api_ctx *c)
{
	struct ind_catalogue cat;
	struct ind_unit u;
	struct period p;
	struct ind_targets targets;
	if (!ind_catalogue_load(c, &cat) || !ind_unit_arg(c, &u) ||
	    !ind_period_arg(c, &p) ||
	    !ind_targets_load(c, &u, p.year, &targets))
		return;
	struct problems ps = {c, json_array()};
	struct ind_value *v =
	    arena_alloc(c->arena, (cat.n ? cat.n : 1) * sizeof *v);
	if (!ind_unit_values(c, &cat, &u, &p, NULL, 0, &targets, NULL, v))
		goto fail;
	value_problems(&ps, &cat, &u, &p, v);

	struct indicator_unit_sums *kids;
	size_t nkids;
	if (store_indicator_child_sums(c->db, c->arena, u.tree, u.code, p.from,
	                               p.to, &kids, &nkids) != STORE_OK) {
		api_reply_internal(c);
		goto fail;
	}
	struct ind_children ch;
	if (!ind_children_load(c, &cat, &u, &p, kids, nkids, NULL, &ch))
		goto fail;
	for (size_t i = 0; i < nkids; i++) {
		struct ind_unit k = {.tree = u.tree,
		                     .code = kids[i].code,
		                     .name = kids[i].name,
		                     .level = kids[i].level};
		if (!ind_child_values(c, &cat, &u, &p, kids, i, &ch, NULL, v))
			goto fail;
		value_problems(&ps, &cat, &k, &p, v);
	}

	struct period enc[4];
	size_t ne = period_enclosing(&p, enc);
	for (size_t e = 0; e < ne; e++) {
		struct aggregate_row *rows;
		size_t n;
		if (store_aggregates_list(c->db, c->arena, u.tree, u.code,
		                          enc[e].code, NULL, &rows,
		                          &n) != STORE_OK) {
			api_reply_internal(c);
			goto fail;
		}
		for (size_t r = 0; r < n; r++) {
			int i = ind_catalogue_find(&cat, rows[r].indicator);
			if (i < 0)
				continue;
			const char *codes[4];
			size_t nc = indicator_problems(
			    cat.specs[i].kind, rows[r].has_num,
			    rows[r].numerator, rows[r].has_den,
			    rows[r].denominator, codes);
			/* An entry may hold one part only (the other comes
			 * from records or another entry): only its own
			 * numbers are checked here. */
			for (size_t j = 0; j < nc; j++)
				if (strcmp(codes[j], "missing_denominator") !=
				    0)
					problem_add(&ps, rows[r].unit_code,
					            rows[r].unit_name,
					            rows[r].indicator,
					            rows[r].period, codes[j]);
		}
	}
	api_reply_json(c, 200, json_pack("{s:o}", "items", ps.items));
	return;
fail:
	json_decref(ps.items);
}
