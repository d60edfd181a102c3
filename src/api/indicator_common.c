/*
 * indicator_common.c — the values of one unit for one period, shared by
 * indicators.c, dashboard.c and aggregates.c (api/indicator_common.h).
 *
 * A value is put together from three sources: the record-computed parts
 * of store_indicator_sums (one query set per unit and period), the
 * aggregate entries for the parts marked aggregate
 * (store_aggregate_resolve, docs/indicators.md §Which entry counts) and
 * the applicable target (store_targets_applicable, once per unit and
 * year).  The aggregate parts of every indicator of a unit come in one
 * store_aggregate_resolve_many call, so a dashboard costs a few store
 * calls per unit whatever the catalogue holds; the children of a unit
 * get their targets and aggregate parts in one call each
 * (ind_children_load), and the baselines of their reduction targets in one
 * case-sums call per baseline year (a reduction's baseline needs only the
 * case and aggregate parts, never the network's records).  The arithmetic —
 * value, reduction, status, masking — is domain/indicators.c; this file only
 * fetches and assembles.
 */
#include "api/indicator_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/lineage.h"
#include "lib/arena.h"

static bool bad_arg(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

/* ---- the catalogue ------------------------------------------------------ */

bool ind_catalogue_load(struct api_ctx *c, struct ind_catalogue *cat)
{
	memset(cat, 0, sizeof *cat);
	if (store_indicators_list(c->db, c->arena, &cat->defs, &cat->n) !=
	    STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	cat->specs =
	    arena_alloc(c->arena, (cat->n ? cat->n : 1) * sizeof *cat->specs);
	for (size_t i = 0; i < cat->n; i++) {
		enum indicator_kind k = IND_COUNT;
		(void)indicator_kind_parse(cat->defs[i].kind, &k);
		cat->specs[i] =
		    indicator_spec_or_aggregate(cat->defs[i].code, k);
	}
	return true;
}

int ind_catalogue_find(const struct ind_catalogue *cat, const char *code)
{
	if (code == NULL)
		return -1;
	for (size_t i = 0; i < cat->n; i++)
		if (strcmp(cat->defs[i].code, code) == 0)
			return (int)i;
	return -1;
}

bool ind_case_based(const struct indicator_spec *s)
{
	return s->num == SRC_CASES || s->den == SRC_CASES;
}

/* ---- query arguments ---------------------------------------------------- */

bool ind_unit_arg(struct api_ctx *c, struct ind_unit *out)
{
	memset(out, 0, sizeof *out);
	const char *tree = api_tree(c);
	if (tree == NULL)
		return false;
	const char *code = api_query(c, "unit");
	if (code == NULL || *code == '\0') {
		if (c->who.scope_path == NULL) {
			out->tree = tree;
			out->code = "";
			out->name = "Toàn quốc";
			return true;
		}
		/* A scoped caller's own unit: the question they can ask. */
		tree = c->user.scope_tree;
		code = c->user.scope_code;
	}
	struct unit_row u;
	enum store_status st = STORE_NOTFOUND;
	if (lineage_code_valid(code))
		st = store_unit_get(c->db, c->arena, tree, code, &u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND)
		return bad_arg(
		    c, "unit",
		    arena_printf(c->arena, "unit must be a unit of the %s tree",
		                 tree));
	if (!access_sees(&c->who, u.tree, u.path)) {
		api_reply_error(c, 404, "not_found", "No such unit", "unit");
		return false;
	}
	out->tree = u.tree;
	out->code = u.code;
	out->name = u.name;
	out->path = u.path;
	out->level = u.level;
	return true;
}

bool ind_period_arg(struct api_ctx *c, struct period *out)
{
	const char *s = api_query(c, "period");
	if (s == NULL || period_parse(s, out) != 0)
		return bad_arg(c, "period",
		               "period must be a year (2020), half (2020S1), "
		               "quarter (2020Q1) or month (2020-03) of "
		               "2000–2100");
	return true;
}

bool ind_indicator_arg(struct api_ctx *c, const struct ind_catalogue *cat,
                       bool required, int *idx)
{
	const char *s = api_query(c, "indicator");
	*idx = -1;
	if ((s == NULL || *s == '\0') && !required)
		return true;
	if ((*idx = ind_catalogue_find(cat, s)) < 0)
		return bad_arg(c, "indicator",
		               "indicator must be a code of the catalogue "
		               "(GET /api/v1/indicators)");
	return true;
}

/* ---- values ------------------------------------------------------------- */

bool ind_targets_load(struct api_ctx *c, const struct ind_unit *u, int year,
                      struct ind_targets *out)
{
	memset(out, 0, sizeof *out);
	/* Plans belong to provinces and districts: the nation has none. */
	if (*u->code == '\0')
		return true;
	if (store_targets_applicable(c->db, c->arena, u->tree, u->code, year,
	                             &out->items, &out->n) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	return true;
}

static const struct applicable_target *target_of(const struct ind_targets *t,
                                                 const char *indicator)
{
	if (t == NULL)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->items[i].indicator, indicator) == 0)
			return &t->items[i];
	return NULL;
}

static const struct indicator_sum *sum_of(const struct indicator_sum *sums,
                                          size_t n, const char *indicator)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(sums[i].indicator, indicator) == 0)
			return &sums[i];
	return NULL;
}

static bool has_aggregate_part(const struct indicator_spec *s)
{
	return s->num == SRC_AGGREGATE || s->den == SRC_AGGREGATE;
}

/* The codes of the indicators want[] selects (NULL: all) that have an
 * aggregate part, and slot[k], the catalogue index of codes[k]; the
 * count. */
static size_t aggregate_codes(struct api_ctx *c,
                              const struct ind_catalogue *cat, const bool *want,
                              const char ***codes, size_t **slot)
{
	size_t n = 0;
	*codes = arena_alloc(c->arena, (cat->n + 1) * sizeof **codes);
	*slot = arena_alloc(c->arena, (cat->n + 1) * sizeof **slot);
	for (size_t i = 0; i < cat->n; i++)
		if ((want == NULL || want[i]) &&
		    has_aggregate_part(&cat->specs[i])) {
			(*codes)[n] = cat->defs[i].code;
			(*slot)[n++] = i;
		}
	return n;
}

/* The aggregate parts of the indicators want[] selects (NULL: all) for
 * unit u and period p, resolved over p and the periods that contain it in
 * one store call; agg[i] for indicator i.  Answers 500 on failure. */
static bool aggregates_of(struct api_ctx *c, const struct ind_catalogue *cat,
                          const struct ind_unit *u, const struct period *p,
                          const bool *want, struct aggregate_parts *agg)
{
	const char **codes;
	size_t *slot;
	size_t n = aggregate_codes(c, cat, want, &codes, &slot);
	memset(agg, 0, cat->n * sizeof *agg);
	if (n == 0)
		return true;
	struct period enc[4];
	size_t ne = period_enclosing(p, enc);
	const char *periods[4];
	for (size_t k = 0; k < ne; k++)
		periods[k] = enc[k].code;
	struct aggregate_parts *got = arena_alloc(c->arena, n * sizeof *got);
	if (store_aggregate_resolve_many(c->db, c->arena, u->tree, u->code,
	                                 codes, n, periods, ne,
	                                 got) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	for (size_t k = 0; k < n; k++)
		agg[slot[k]] = got[k];
	return true;
}

/* A reduction's baseline needs the case parts only when no part of it
 * comes from another record source (none does in the catalogue). */
static bool cases_suffice(const struct indicator_spec *s)
{
	return (s->num == SRC_CASES || s->num == SRC_AGGREGATE ||
	        s->num == SRC_NONE) &&
	       (s->den == SRC_CASES || s->den == SRC_AGGREGATE ||
	        s->den == SRC_NONE);
}

/* The baseline year of a target (reduction_of). */
static int baseline_year(const struct applicable_target *t)
{
	return t->baseline_year ? t->baseline_year : t->plan_from - 1;
}

/* out->base: for each baseline year the children's targets on reduction
 * indicators name, every child's parts of that year in one child sums
 * read and one aggregate read. */
static bool baselines_load(struct api_ctx *c, const struct ind_catalogue *cat,
                           const struct ind_unit *u, size_t nkids,
                           const bool *want, struct ind_children *out)
{
	bool *red = arena_alloc(c->arena, (cat->n ? cat->n : 1) * sizeof *red);
	size_t ny = 0, ntargets = 1;
	bool records = false;
	memset(red, 0, (cat->n ? cat->n : 1) * sizeof *red);
	for (size_t k = 0; k < nkids; k++)
		ntargets += out->targets[k].n;
	int *years = arena_alloc(c->arena, ntargets * sizeof *years);
	for (size_t k = 0; k < nkids; k++)
		for (size_t t = 0; t < out->targets[k].n; t++) {
			const struct applicable_target *tg =
			    &out->targets[k].items[t];
			int i = ind_catalogue_find(cat, tg->indicator);
			if (i < 0 || (want != NULL && !want[i]) ||
			    cat->specs[i].kind != IND_REDUCTION)
				continue;
			red[i] = true;
			records = records || !cases_suffice(&cat->specs[i]);
			size_t y = 0;
			while (y < ny && years[y] != baseline_year(tg))
				y++;
			if (y < ny)
				continue;
			years[ny++] = baseline_year(tg);
		}
	out->base = arena_alloc(c->arena, (ny ? ny : 1) * sizeof *out->base);
	out->nbase = 0;
	for (size_t y = 0; y < ny; y++) {
		struct period base;
		char year[8];
		snprintf(year, sizeof year, "%d", years[y]);
		if (period_parse(year, &base) != 0)
			continue; /* reduction_of: no value */
		struct ind_baseline *b = &out->base[out->nbase++];
		b->year = years[y];
		enum store_status st =
		    records ? store_indicator_child_sums(
		                  c->db, c->arena, u->tree, u->code, base.from,
		                  base.to, &b->kids, &b->nkids)
		            : store_indicator_child_case_sums(
		                  c->db, c->arena, u->tree, u->code, base.from,
		                  base.to, &b->kids, &b->nkids);
		if (st != STORE_OK) {
			api_reply_internal(c);
			return false;
		}
		size_t nk = b->nkids ? b->nkids : 1;
		b->agg = arena_alloc(c->arena, nk * (cat->n ? cat->n : 1) *
		                                   sizeof *b->agg);
		memset(b->agg, 0, nk * (cat->n ? cat->n : 1) * sizeof *b->agg);
		const char **codes;
		size_t *slot;
		size_t n = aggregate_codes(c, cat, red, &codes, &slot);
		if (n == 0 || b->nkids == 0)
			continue;
		const char **kid = arena_alloc(c->arena, nk * sizeof *kid);
		for (size_t k = 0; k < b->nkids; k++)
			kid[k] = b->kids[k].code;
		struct period enc[4];
		size_t ne = period_enclosing(&base, enc);
		const char *periods[4];
		for (size_t e = 0; e < ne; e++)
			periods[e] = enc[e].code;
		struct aggregate_parts *got =
		    arena_alloc(c->arena, b->nkids * n * sizeof *got);
		if (store_aggregate_resolve_children(
		        c->db, c->arena, u->tree, u->code, kid, b->nkids, codes,
		        n, periods, ne, got) != STORE_OK) {
			api_reply_internal(c);
			return false;
		}
		for (size_t k = 0; k < b->nkids; k++)
			for (size_t i = 0; i < n; i++)
				b->agg[k * cat->n + slot[i]] = got[k * n + i];
	}
	return true;
}

bool ind_children_load(struct api_ctx *c, const struct ind_catalogue *cat,
                       const struct ind_unit *u, const struct period *p,
                       const struct indicator_unit_sums *kids, size_t nkids,
                       const bool *want, struct ind_children *out)
{
	size_t nk = nkids ? nkids : 1, ncat = cat->n ? cat->n : 1;
	const char **kid = arena_alloc(c->arena, nk * sizeof *kid);
	struct applicable_target **items =
	    arena_alloc(c->arena, nk * sizeof *items);
	size_t *nitems = arena_alloc(c->arena, nk * sizeof *nitems);
	out->targets = arena_alloc(c->arena, nk * sizeof *out->targets);
	out->agg = arena_alloc(c->arena, nk * ncat * sizeof *out->agg);
	memset(out->agg, 0, nk * ncat * sizeof *out->agg);
	for (size_t k = 0; k < nkids; k++)
		kid[k] = kids[k].code;
	if (store_targets_applicable_children(c->db, c->arena, u->tree, u->code,
	                                      p->year, kid, nkids, items,
	                                      nitems) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	for (size_t k = 0; k < nkids; k++)
		out->targets[k] = (struct ind_targets){items[k], nitems[k]};
	if (!baselines_load(c, cat, u, nkids, want, out))
		return false;
	const char **codes;
	size_t *slot;
	size_t n = aggregate_codes(c, cat, want, &codes, &slot);
	if (n == 0 || nkids == 0)
		return true;
	struct period enc[4];
	size_t ne = period_enclosing(p, enc);
	const char *periods[4];
	for (size_t e = 0; e < ne; e++)
		periods[e] = enc[e].code;
	struct aggregate_parts *got =
	    arena_alloc(c->arena, nkids * n * sizeof *got);
	if (store_aggregate_resolve_children(c->db, c->arena, u->tree, u->code,
	                                     kid, nkids, codes, n, periods, ne,
	                                     got) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	for (size_t k = 0; k < nkids; k++)
		for (size_t i = 0; i < n; i++)
			out->agg[k * cat->n + slot[i]] = got[k * n + i];
	return true;
}

/* The numerator and denominator of indicator i: record parts from sums,
 * aggregate parts from agg (aggregates_of). */
static void parts_of(const struct ind_catalogue *cat, size_t i,
                     const struct indicator_sum *sums, size_t nsums,
                     const struct aggregate_parts *agg, struct ind_value *v)
{
	const struct indicator_spec *s = &cat->specs[i];
	const struct indicator_sum *rec =
	    sum_of(sums, nsums, cat->defs[i].code);
	v->has_num = v->has_den = false;
	v->num = v->den = 0;
	if (s->num == SRC_AGGREGATE) {
		v->has_num = agg->has_num;
		v->num = agg->num;
	} else if (rec != NULL && rec->has_num) {
		v->has_num = true;
		v->num = rec->num;
	}
	if (s->den == SRC_AGGREGATE) {
		v->has_den = agg->has_den;
		v->den = agg->den;
	} else if (rec != NULL && rec->has_den) {
		v->has_den = true;
		v->den = rec->den;
	}
}

/* reduction_pct: the rate of the baseline year (the target's
 * baseline_year, else the year before the plan's first), which needs a
 * target to be known at all. */
static int kid_by_code(const void *key, const void *elem)
{
	return strcmp(key, ((const struct indicator_unit_sums *)elem)->code);
}

/* The baseline parts of indicator i for child u from ch (ind_children_load)
 * into b; false when ch did not read them. */
static bool baseline_given(const struct ind_catalogue *cat, size_t i,
                           const struct ind_unit *u, int by,
                           const struct ind_children *ch, struct ind_value *b)
{
	for (size_t y = 0; ch != NULL && y < ch->nbase; y++) {
		const struct ind_baseline *base = &ch->base[y];
		if (base->year != by)
			continue;
		const struct indicator_unit_sums *kid =
		    bsearch(u->code, base->kids, base->nkids,
		            sizeof *base->kids, kid_by_code);
		if (kid == NULL)
			return false;
		parts_of(cat, i, kid->sums, kid->n,
		         &base->agg[(size_t)(kid - base->kids) * cat->n + i],
		         b);
		return true;
	}
	return false;
}

static bool reduction_of(struct api_ctx *c, const struct ind_catalogue *cat,
                         size_t i, const struct ind_unit *u,
                         const struct ind_children *ch, struct ind_value *v)
{
	v->has_value = false;
	if (v->target == NULL)
		return true;
	int by = baseline_year(v->target);
	struct ind_value given;
	if (baseline_given(cat, i, u, by, ch, &given)) {
		v->has_value = indicator_reduction(
		    v->has_num, v->num, v->has_den, v->den, given.has_num,
		    given.num, given.has_den, given.den, &v->value);
		return true;
	}
	struct period base;
	char year[8];
	snprintf(year, sizeof year, "%d", by);
	if (period_parse(year, &base) != 0)
		return true;
	struct indicator_sum *sums = NULL;
	size_t nsums = 0;
	bool *only = arena_alloc(c->arena, cat->n * sizeof *only);
	struct aggregate_parts *agg =
	    arena_alloc(c->arena, cat->n * sizeof *agg);
	only[i] = true;
	enum store_status st =
	    cases_suffice(&cat->specs[i])
	        ? store_indicator_case_sums(c->db, c->arena, u->tree, u->code,
	                                    base.from, base.to, &sums, &nsums)
	        : store_indicator_sums(c->db, c->arena, u->tree, u->code,
	                               base.from, base.to, &sums, &nsums);
	if (st != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	if (!aggregates_of(c, cat, u, &base, only, agg))
		return false;
	struct ind_value b;
	parts_of(cat, i, sums, nsums, &agg[i], &b);
	v->has_value =
	    indicator_reduction(v->has_num, v->num, v->has_den, v->den,
	                        b.has_num, b.num, b.has_den, b.den, &v->value);
	return true;
}

static bool unit_values(struct api_ctx *c, const struct ind_catalogue *cat,
                        const struct ind_unit *u, const struct period *p,
                        const struct indicator_sum *sums, size_t nsums,
                        const struct aggregate_parts *given,
                        const struct ind_targets *targets, const bool *want,
                        const struct ind_children *ch, struct ind_value *out);

bool ind_unit_values(struct api_ctx *c, const struct ind_catalogue *cat,
                     const struct ind_unit *u, const struct period *p,
                     const struct indicator_sum *sums, size_t nsums,
                     const struct ind_targets *targets, const bool *want,
                     struct ind_value *out)
{
	return ind_unit_values_with(c, cat, u, p, sums, nsums, NULL, targets,
	                            want, out);
}

bool ind_child_values(struct api_ctx *c, const struct ind_catalogue *cat,
                      const struct ind_unit *parent, const struct period *p,
                      const struct indicator_unit_sums *kids, size_t k,
                      const struct ind_children *ch, const bool *want,
                      struct ind_value *out)
{
	struct ind_unit u = {.tree = parent->tree,
	                     .code = kids[k].code,
	                     .name = kids[k].name,
	                     .level = kids[k].level};
	return unit_values(c, cat, &u, p, kids[k].sums, kids[k].n,
	                   &ch->agg[k * cat->n], &ch->targets[k], want, ch,
	                   out);
}

bool ind_unit_values_with(struct api_ctx *c, const struct ind_catalogue *cat,
                          const struct ind_unit *u, const struct period *p,
                          const struct indicator_sum *sums, size_t nsums,
                          const struct aggregate_parts *given,
                          const struct ind_targets *targets, const bool *want,
                          struct ind_value *out)
{
	return unit_values(c, cat, u, p, sums, nsums, given, targets, want,
	                   NULL, out);
}

/* ind_unit_values_with; ch (NULL for a unit that is not a child) gives
 * the reduction baselines ind_children_load read. */
static bool unit_values(struct api_ctx *c, const struct ind_catalogue *cat,
                        const struct ind_unit *u, const struct period *p,
                        const struct indicator_sum *sums, size_t nsums,
                        const struct aggregate_parts *given,
                        const struct ind_targets *targets, const bool *want,
                        const struct ind_children *ch, struct ind_value *out)
{
	if (sums == NULL) {
		struct indicator_sum *read = NULL;
		if (store_indicator_sums(c->db, c->arena, u->tree, u->code,
		                         p->from, p->to, &read,
		                         &nsums) != STORE_OK) {
			api_reply_internal(c);
			return false;
		}
		sums = read;
	}
	const struct aggregate_parts *agg = given;
	if (agg == NULL) {
		struct aggregate_parts *read =
		    arena_alloc(c->arena, (cat->n ? cat->n : 1) * sizeof *read);
		if (!aggregates_of(c, cat, u, p, want, read))
			return false;
		agg = read;
	}
	for (size_t i = 0; i < cat->n; i++) {
		struct ind_value *v = &out[i];
		memset(v, 0, sizeof *v);
		v->status = STATUS_NO_TARGET;
		if (want != NULL && !want[i])
			continue;
		parts_of(cat, i, sums, nsums, &agg[i], v);
		const struct indicator_spec *s = &cat->specs[i];
		v->target = target_of(targets, cat->defs[i].code);
		if (s->kind == IND_REDUCTION) {
			if (!reduction_of(c, cat, i, u, ch, v))
				return false;
		} else {
			v->has_value =
			    indicator_value(s->kind, v->has_num, v->num,
			                    v->has_den, v->den, &v->value);
		}
		if (v->target != NULL) {
			struct target_path tp = {
			    .target = v->target->target,
			    .target_year = v->target->target_year,
			    .has_baseline = v->target->has_baseline,
			    .baseline = v->target->baseline,
			    .plan_from = v->target->plan_from,
			};
			v->status = indicator_status(v->has_value, v->value,
			                             &tp, p->year);
		}
	}
	return true;
}

/* ---- JSON --------------------------------------------------------------- */

bool ind_masks(const struct api_ctx *c)
{
	return c->who.role == ROLE_VIEWER;
}

json_t *ind_count_json(const struct api_ctx *c, bool known, int64_t n)
{
	if (!known)
		return json_null();
	if (ind_masks(c) && indicator_count_masked(true, n))
		return json_string("<5");
	return json_integer(n);
}

/* A percent (or reduction) is suppressed for a viewer when either of its
 * counts is 1–4: the two counts would give the small one away. */
static bool suppressed(const struct api_ctx *c, enum indicator_kind k,
                       const struct ind_value *v)
{
	return ind_masks(c) && k != IND_COUNT &&
	       (indicator_count_masked(v->has_num, v->num) ||
	        indicator_count_masked(v->has_den, v->den));
}

json_t *ind_value_json(const struct api_ctx *c, enum indicator_kind k,
                       const struct ind_value *v)
{
	if (!v->has_value || suppressed(c, k, v))
		return json_null();
	if (k == IND_COUNT)
		return ind_count_json(c, true, v->num);
	return json_real(v->value);
}

void ind_value_set(const struct api_ctx *c, json_t *obj, enum indicator_kind k,
                   const struct ind_value *v)
{
	json_object_set_new(obj, "numerator",
	                    ind_count_json(c, v->has_num, v->num));
	json_object_set_new(obj, "denominator",
	                    ind_count_json(c, v->has_den, v->den));
	json_object_set_new(obj, "value", ind_value_json(c, k, v));
	json_object_set_new(obj, "suppressed",
	                    json_boolean(suppressed(c, k, v)));
}

json_t *ind_unit_json(const struct ind_unit *u)
{
	return json_pack("{s:s, s:s, s:i}", "code", u->code, "name",
	                 u->name ? u->name : "", "level", u->level);
}
