/*
 * aggregates.c — aggregate indicator values: the numbers no record can
 * give (a population, the staff of a unit, communes with a system),
 * entered by hand per unit and period, with who, when and a reason for
 * every change (docs/indicators.md §Aggregate values).
 *
 * ** URL: GET /api/v1/aggregate-values?unit=&tree=&period=&indicator=
 *             → 200 {"items":[{"id","indicator","unit_code","unit_name",
 *             "tree","period","numerator","denominator","entered_by",
 *             "entered_by_name","entered_at","version"}]}
 * ** URL: PUT /api/v1/aggregate-values {"indicator","unit_code","tree",
 *             "period","numerator","denominator","reason"} → 201 new, 200
 *             changed; 422 invalid_field; 403 out_of_scope
 * ** URL: GET /api/v1/aggregate-values/ID/history → 200 {"items":[{"at",
 *             "by_name","numerator","denominator","reason"}]} oldest first
 *
 * Entries are read by every role with aggregates_read inside its scope
 * (a viewer sees 1–4 as "<5") and written by province, district and
 * commune users for units inside their scope.  Only the parts the
 * indicator takes from aggregates may be entered: a part computed from
 * records must be null.  Every write is audited (aggregate_value) in the
 * same transaction as the entry and its history row.
 */
#include <string.h>

#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/indicator_common.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* Larger than any population or staff count; keeps sums far from
 * overflow. */
#define AGGREGATE_MAX 1000000000000LL

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

static json_t *entry_json(struct api_ctx *c, const struct aggregate_row *r)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(r->id));
	json_object_set_new(j, "indicator", json_string(r->indicator));
	json_object_set_new(j, "unit_code", json_string(r->unit_code));
	json_object_set_new(j, "unit_name",
	                    r->unit_name ? json_string(r->unit_name)
	                                 : json_null());
	json_object_set_new(j, "tree", json_string(r->tree));
	json_object_set_new(j, "period", json_string(r->period));
	json_object_set_new(j, "numerator",
	                    ind_count_json(c, r->has_num, r->numerator));
	json_object_set_new(j, "denominator",
	                    ind_count_json(c, r->has_den, r->denominator));
	json_object_set_new(j, "entered_by", json_integer(r->entered_by));
	json_object_set_new(j, "entered_by_name",
	                    r->entered_by_name ? json_string(r->entered_by_name)
	                                       : json_null());
	json_object_set_new(j, "entered_at", api_instant_json(r->entered_at));
	json_object_set_new(j, "version", json_integer(r->version));
	return j;
}

void aggregates_list(struct api_ctx *c)
{
	struct ind_catalogue cat;
	struct ind_unit u;
	int idx;
	if (!ind_catalogue_load(c, &cat) || !ind_unit_arg(c, &u) ||
	    !ind_indicator_arg(c, &cat, false, &idx))
		return;
	const char *period = NULL;
	const char *s = api_query(c, "period");
	if (s != NULL && *s != '\0') {
		struct period p;
		if (!ind_period_arg(c, &p))
			return;
		period = arena_strdup(c->arena, p.code);
	}
	struct aggregate_row *rows;
	size_t n;
	if (store_aggregates_list(c->db, c->arena, u.tree, u.code, period,
	                          idx >= 0 ? cat.defs[idx].code : NULL, &rows,
	                          &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, entry_json(c, &rows[i]));
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}

enum {
	AF_INDICATOR,
	AF_UNIT,
	AF_TREE,
	AF_PERIOD,
	AF_NUM,
	AF_DEN,
	AF_REASON,
	AF__MAX
};
static const struct field_spec put_fields[AF__MAX] = {
    [AF_INDICATOR] = {"indicator", FIELD_STRING, true, 64},
    [AF_UNIT] = {"unit_code", FIELD_STRING, true, 8},
    [AF_TREE] = {"tree", FIELD_STRING, false, 4},
    [AF_PERIOD] = {"period", FIELD_STRING, true, 11},
    [AF_NUM] = {"numerator", FIELD_INT, false, 0},
    [AF_DEN] = {"denominator", FIELD_INT, false, 0},
    [AF_REASON] = {"reason", FIELD_STRING, false, 2000},
};

/* One part of the entry: null, or a count the indicator takes from
 * aggregates. */
static bool part_check(struct api_ctx *c, const struct field_value *f,
                       const char *field, enum indicator_source src,
                       const char *indicator)
{
	if (!f->present)
		return true;
	if (src != SRC_AGGREGATE)
		return bad_field(
		    c, field,
		    arena_printf(c->arena,
		                 src == SRC_NONE
		                     ? "%s has no %s: send null"
		                     : "The %s of %s is computed from records: "
		                       "send null",
		                 src == SRC_NONE ? indicator : field,
		                 src == SRC_NONE ? field : indicator));
	if (f->i < 0 || f->i > AGGREGATE_MAX)
		return bad_field(
		    c, field,
		    arena_printf(c->arena,
		                 "%s must be a whole number from 0 to %lld",
		                 field, (long long)AGGREGATE_MAX));
	return true;
}

/* The checked entry of a PUT body into *e (reason apart). */
static bool entry_from(struct api_ctx *c, const struct field_value *f,
                       struct aggregate_row *e, struct unit_row *u)
{
	struct ind_catalogue cat;
	if (!ind_catalogue_load(c, &cat))
		return false;
	int i = ind_catalogue_find(&cat, f[AF_INDICATOR].s);
	if (i < 0)
		return bad_field(c, "indicator",
		                 "indicator must be a code of the catalogue");
	const struct indicator_spec *s = &cat.specs[i];
	if (s->num != SRC_AGGREGATE && s->den != SRC_AGGREGATE)
		return bad_field(c, "indicator",
		                 "This indicator is computed from records "
		                 "only: it takes no aggregate values");
	struct period p;
	if (period_parse(f[AF_PERIOD].s, &p) != 0)
		return bad_field(c, "period",
		                 "period must be a year (2020), half (2020S1), "
		                 "quarter (2020Q1) or month (2020-03)");
	const char *tree = f[AF_TREE].present  ? f[AF_TREE].s
	                   : c->who.scope_tree ? c->who.scope_tree
	                                       : c->cfg->default_tree;
	if (strcmp(tree, "2024") != 0 && strcmp(tree, "2025") != 0)
		return bad_field(c, "tree", "tree must be 2024 or 2025");
	if (!case_unit_in_scope(c, "unit_code", tree, f[AF_UNIT].s, u))
		return false;
	if (!part_check(c, &f[AF_NUM], "numerator", s->num, cat.defs[i].code) ||
	    !part_check(c, &f[AF_DEN], "denominator", s->den, cat.defs[i].code))
		return false;
	if (s->kind == IND_PERCENT && f[AF_NUM].present && f[AF_DEN].present &&
	    f[AF_NUM].i > f[AF_DEN].i)
		return bad_field(c, "numerator",
		                 "numerator must not be greater than the "
		                 "denominator of a percentage");
	memset(e, 0, sizeof *e);
	e->indicator = cat.defs[i].code;
	e->tree = u->tree;
	e->unit_code = u->code;
	e->unit_name = u->name;
	e->period = arena_strdup(c->arena, p.code);
	e->has_num = f[AF_NUM].present;
	e->numerator = f[AF_NUM].i;
	e->has_den = f[AF_DEN].present;
	e->denominator = f[AF_DEN].i;
	return true;
}

static json_t *part_json(bool has, int64_t n)
{
	return has ? json_integer(n) : json_null();
}

void aggregates_put(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[AF__MAX];
	struct aggregate_row e;
	struct unit_row u;
	if (body == NULL || !case_fields(c, body, put_fields, AF__MAX, f) ||
	    !entry_from(c, f, &e, &u))
		return;
	const char *reason = NULL;
	if (f[AF_REASON].present && *f[AF_REASON].s != '\0') {
		size_t len = text_length(f[AF_REASON].s);
		if (len < 3 || len > 500) {
			bad_field(c, "reason",
			          "reason must be 3 to 500 characters");
			return;
		}
		reason = f[AF_REASON].s;
	}

	if (store_begin(c->db) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	struct aggregate_row old;
	enum store_status st = store_aggregate_find(
	    c->db, c->arena, e.tree, e.unit_code, e.indicator, e.period, &old);
	bool exists = st == STORE_OK;
	if (st != STORE_OK && st != STORE_NOTFOUND)
		goto fail;
	if (exists && reason == NULL) {
		store_rollback(c->db);
		bad_field(c, "reason",
		          "reason (3 to 500 characters) is required to change "
		          "an entry");
		return;
	}
	if (!exists && !e.has_num && !e.has_den) {
		store_rollback(c->db);
		bad_field(c, "numerator",
		          "numerator or denominator is required");
		return;
	}
	struct aggregate_row out;
	bool created;
	int64_t now = time_now();
	if (store_aggregate_put(c->db, c->arena, &e, reason, c->user.id, now,
	                        &out, &created) != STORE_OK)
		goto fail;
	/* The numbers and codes; the reason is kept in the entry's history. */
	json_t *detail = json_pack(
	    "{s:s, s:s, s:s, s:o, s:o, s:b}", "indicator", e.indicator,
	    "unit_code", e.unit_code, "period", e.period, "numerator",
	    part_json(e.has_num, e.numerator), "denominator",
	    part_json(e.has_den, e.denominator), "created", created);
	if (exists) {
		json_object_set_new(detail, "old_numerator",
		                    part_json(old.has_num, old.numerator));
		json_object_set_new(detail, "old_denominator",
		                    part_json(old.has_den, old.denominator));
	}
	if (!api_audit(c, "aggregate_value",
	               arena_printf(c->arena, "aggregate_value:%lld",
	                            (long long)out.id),
	               u.tree, u.path, detail) ||
	    store_commit(c->db) != STORE_OK)
		goto fail;
	api_reply_json(c, created ? 201 : 200, entry_json(c, &out));
	return;
fail:
	store_rollback(c->db);
	api_reply_internal(c);
}

void aggregates_history(struct api_ctx *c)
{
	int64_t id;
	struct aggregate_row r;
	if (!api_id_param(c, "id", "aggregate value", &id))
		return;
	enum store_status st = store_aggregate_get(c->db, c->arena, id, &r);
	struct unit_row u;
	if (st == STORE_OK)
		st = store_unit_get(c->db, c->arena, r.tree, r.unit_code, &u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return;
	}
	if (st != STORE_OK || !access_sees(&c->who, u.tree, u.path)) {
		api_reply_error(c, 404, "not_found", "No such aggregate value",
		                NULL);
		return;
	}
	struct aggregate_change *ch;
	size_t n;
	if (store_aggregate_history(c->db, c->arena, id, &ch, &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    items,
		    json_pack(
		        "{s:o, s:s?, s:o, s:o, s:s?}", "at",
		        api_instant_json(ch[i].at), "by_name", ch[i].by_name,
		        "numerator",
		        ind_count_json(c, ch[i].has_num, ch[i].numerator),
		        "denominator",
		        ind_count_json(c, ch[i].has_den, ch[i].denominator),
		        "reason", ch[i].reason));
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}
