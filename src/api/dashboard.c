/*
 * dashboard.c — every indicator of the catalogue for one unit and period,
 * with its target, status and a trend of four periods, and the same
 * values for each child unit, in one answer (docs/indicators.md §Values).
 *
 * ** URL: GET /api/v1/dashboard?unit=&tree=&period= → 200 {"unit":{"code",
 *             "name","level"},"tree","period","from","to","indicators":[
 *             {"code","project","kind","vi","en","numerator","denominator",
 *             "value","suppressed","target","target_year","status",
 *             "case_based","trend":[{"period","value"}]}],"children":[
 *             {"code","name","level","values":{"<indicator>":{"numerator",
 *             "denominator","value","suppressed","status"}}}]};
 *             422 invalid_field; 404 not_found
 *
 * The national dashboard must answer fast on millions of cases, so the
 * work is a bounded number of store calls: one store_indicator_sums per
 * trend period of the unit, one store_indicator_child_sums for all the
 * children, the unit's targets and aggregate entries, and the children's
 * in one call each (ind_children_load, indicator_common.c).  The case parts
 * come from the maintained sums, never from scanning cases.
 */
#include <string.h>

#include "api/handlers.h"
#include "api/indicator_common.h"
#include "lib/arena.h"

#define TREND 4

static json_t *str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *indicator_json(struct api_ctx *c,
                              const struct ind_catalogue *cat, size_t i,
                              const struct period trend[TREND],
                              struct ind_value *const values[TREND])
{
	const struct indicator_def *d = &cat->defs[i];
	enum indicator_kind k = cat->specs[i].kind;
	const struct ind_value *v = &values[TREND - 1][i];
	json_t *j = json_object();
	json_object_set_new(j, "code", json_string(d->code));
	json_object_set_new(j, "project", json_integer(d->project));
	json_object_set_new(j, "kind", json_string(indicator_kind_name(k)));
	json_object_set_new(j, "vi", str_or_null(d->vi));
	json_object_set_new(j, "en", str_or_null(d->en));
	ind_value_set(c, j, k, v);
	json_object_set_new(j, "target",
	                    v->target ? json_real(v->target->target)
	                              : json_null());
	json_object_set_new(j, "target_year",
	                    v->target ? json_integer(v->target->target_year)
	                              : json_null());
	json_object_set_new(j, "status",
	                    json_string(indicator_status_name(v->status)));
	json_object_set_new(j, "case_based",
	                    json_boolean(ind_case_based(&cat->specs[i])));
	json_t *points = json_array();
	for (int t = 0; t < TREND; t++)
		json_array_append_new(
		    points,
		    json_pack("{s:s, s:o}", "period", trend[t].code, "value",
		              ind_value_json(c, k, &values[t][i])));
	json_object_set_new(j, "trend", points);
	return j;
}

/* Every child unit with every indicator's value and status. */
static json_t *children_json(struct api_ctx *c, const struct ind_catalogue *cat,
                             const struct ind_unit *u, const struct period *p)
{
	struct indicator_unit_sums *kids;
	size_t nkids;
	if (store_indicator_child_sums(c->db, c->arena, u->tree, u->code,
	                               p->from, p->to, &kids,
	                               &nkids) != STORE_OK) {
		api_reply_internal(c);
		return NULL;
	}
	struct ind_children ch;
	if (!ind_children_load(c, cat, u, p, kids, nkids, NULL, &ch))
		return NULL;
	struct ind_value *v =
	    arena_alloc(c->arena, (cat->n ? cat->n : 1) * sizeof *v);
	json_t *items = json_array();
	for (size_t i = 0; i < nkids; i++) {
		struct ind_unit k = {.tree = u->tree,
		                     .code = kids[i].code,
		                     .name = kids[i].name,
		                     .level = kids[i].level};
		if (!ind_child_values(c, cat, u, p, kids, i, &ch, NULL, v)) {
			json_decref(items);
			return NULL;
		}
		json_t *values = json_object();
		for (size_t x = 0; x < cat->n; x++) {
			json_t *one = json_object();
			ind_value_set(c, one, cat->specs[x].kind, &v[x]);
			json_object_set_new(
			    one, "status",
			    json_string(indicator_status_name(v[x].status)));
			json_object_set_new(values, cat->defs[x].code, one);
		}
		json_array_append_new(
		    items, json_pack("{s:s, s:s, s:i, s:o}", "code", k.code,
		                     "name", k.name ? k.name : "", "level",
		                     k.level, "values", values));
	}
	return items;
}

void dashboard_get(struct api_ctx *c)
{
	struct ind_catalogue cat;
	struct ind_unit u;
	struct period trend[TREND];
	struct ind_targets targets;
	if (!ind_catalogue_load(c, &cat) || !ind_unit_arg(c, &u) ||
	    !ind_period_arg(c, &trend[TREND - 1]))
		return;
	const struct period *p = &trend[TREND - 1];
	for (int t = TREND - 2; t >= 0; t--)
		period_previous(&trend[t + 1], &trend[t]);
	if (!ind_targets_load(c, &u, p->year, &targets))
		return;
	/* The trend points carry values only; the targets are passed for
	 * the baseline of reduction indicators. */
	struct ind_value *values[TREND];
	for (int t = 0; t < TREND; t++) {
		values[t] = arena_alloc(c->arena,
		                        (cat.n ? cat.n : 1) * sizeof **values);
		if (!ind_unit_values(c, &cat, &u, &trend[t], NULL, 0, &targets,
		                     NULL, values[t]))
			return;
	}
	json_t *children = children_json(c, &cat, &u, p);
	if (children == NULL)
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < cat.n; i++)
		json_array_append_new(
		    items, indicator_json(c, &cat, i, trend, values));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:s, s:s, s:s, s:s, s:o, s:o}", "unit",
	                         ind_unit_json(&u), "tree", u.tree, "period",
	                         p->code, "from", p->from, "to", p->to,
	                         "indicators", items, "children", children));
}
