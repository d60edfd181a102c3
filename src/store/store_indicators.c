/*
 * store_indicators.c — programme indicators in the SQLite store
 * (store_indicators.h, migrations/0004_indicators.sql,
 * docs/indicators.md): the catalogue, the record-computed parts of every
 * indicator for a unit or each of its children, and the rebuild of the
 * maintained case sums.  Aggregate values are in store_aggregates.c.
 *
 * The case parts are sums over indicator_case_sums, which the triggers of
 * 0004 keep in the transaction of every case write; the parts of
 * facilities, stays, trainings, communications and units are counted
 * when asked, one statement per source (sql.c, STMT_IND_*; for all the
 * children of a unit at once), each
 * giving its columns in the order of a parts table below.  A part counts
 * only toward an indicator whose computation table (domain/indicators.c)
 * names that source, so the case rows p4_harm_reduction_subunits_pct
 * keeps for its unit count never leak into its value.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/indicators.h"
#include "domain/network.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/store_indicators.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- catalogue --------------------------------------------------------- */

enum store_status store_indicators_load(struct store *st,
                                        const struct indicator_def *defs,
                                        size_t n)
{
	enum store_status status;
	bool own;

	assert(st != NULL && (defs != NULL || n == 0));
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	for (size_t i = 0; i < n && status == STORE_OK; i++) {
		const struct indicator_def *d = &defs[i];
		struct dbstmt *s = stmt_take(st, STMT_INDICATOR_PUT);
		assert(d->code != NULL && d->kind != NULL);
		if (s == NULL) {
			status = STORE_ERROR;
			break;
		}
		bind_text(s, 1, d->code);
		bind_i64(s, 2, d->project);
		bind_i64(s, 3, (int64_t)i);
		bind_text(s, 4, d->kind);
		bind_text(s, 5, d->vi ? d->vi : "");
		bind_text(s, 6, d->en ? d->en : "");
		bind_text(s, 7, d->numerator ? d->numerator : "");
		bind_text(s, 8, d->denominator ? d->denominator : "");
		bind_text(s, 9, d->computable_from ? d->computable_from : "");
		bind_text(s, 10, d->note ? d->note : "");
		status = stmt_finish(st, STMT_INDICATOR_PUT);
	}
	return tx_end(st, own, status);
}

enum store_status store_indicators_list(struct store *st, struct arena *a,
                                        struct indicator_def **out, size_t *n)
{
	struct indicator_def *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status = STORE_OK;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && out != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_INDICATORS_LIST)) == NULL)
		return STORE_ERROR;
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		struct indicator_def *d = &rows[len++];
		d->code = col_text(a, s, 0);
		d->project = col_int(s, 1);
		d->kind = col_text(a, s, 2);
		d->vi = col_text(a, s, 3);
		d->en = col_text(a, s, 4);
		d->numerator = col_text(a, s, 5);
		d->denominator = col_text(a, s, 6);
		d->computable_from = col_text(a, s, 7);
		d->note = col_text(a, s, 8);
	}
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_INDICATORS_LIST, rc);
	stmt_give(st, STMT_INDICATORS_LIST);
	if (status == STORE_OK) {
		*out = rows;
		*n = len;
	}
	return status;
}

/* ---- record-computed parts --------------------------------------------- */

/* Column `col` of a source statement is the numerator (or, with den, the
 * denominator) of indicator `code`. */
struct part {
	int col;
	const char *code;
	bool den;
};

static const struct part facility_parts[] = {
    {0, "p1_facilities_upgraded_count", false},
    {1, "p1_nonpublic_facilities_count", false},
    {2, "p2_district_child_sw_offices_count", false},
    {3, "p3_ge_service_centres_count", false},
    {4, "p3_trusted_address_models_count", false},
    {5, "p4_community_rehab_points_count", false},
    {6, "p4_sex_work_models_count", false},
    {7, "p4_trafficking_reintegration_models_count", false},
};
static const struct part stay_parts[] = {
    {0, "p1_residents_per_facility_count", false},
};
static const struct part training_parts[] = {
    {0, "p1_sw_workforce_trained_pct", false},
    {1, "p1_facility_lisa_staff_trained_pct", false},
    {2, "p1_staff_trained_count", false},
    {2, "p1_staff_trained_per_year_count", false},
    {3, "p1_family_caregivers_trained_per_year_count", false},
    {4, "p3_female_deputies_leaders_trained_pct", false},
    {5, "p3_female_pipeline_cadres_trained_pct", false},
    {6, "p3_ge_staff_trained_pct", false},
    {7, "p4_rehab_staff_trained_pct", false},
};
static const struct part communication_parts[] = {
    {0, "p3_officials_students_ge_informed_pct", false},
    {1, "p3_population_ge_informed_pct", false},
};
static const struct part unit_parts[] = {
    {0, "p3_districts_women_economic_models_pct", false},
    {1, "p3_districts_women_economic_models_pct", true},
    {2, "p4_communes_prostitution_communication_pct", false},
    {3, "p4_communes_prostitution_communication_pct", true},
    {4, "p4_harm_reduction_subunits_pct", false},
    {5, "p4_harm_reduction_subunits_pct", true},
};

static const struct source {
	enum stmt stmt;
	enum indicator_source src;
	const struct part *parts;
	size_t nparts;
} sources[] = {
    {STMT_IND_FACILITY_SUMS, SRC_FACILITIES, facility_parts, N(facility_parts)},
    {STMT_IND_STAY_SUMS, SRC_STAYS, stay_parts, N(stay_parts)},
    {STMT_IND_TRAINING_SUMS, SRC_TRAININGS, training_parts, N(training_parts)},
    {STMT_IND_COMMUNICATION_SUMS, SRC_COMMUNICATIONS, communication_parts,
     N(communication_parts)},
    {STMT_IND_UNIT_SUMS, SRC_UNITS, unit_parts, N(unit_parts)},
};

/* What the statements of one unit are bound to (sql.c: $1 … $10). */
struct scope {
	const char *tree, *code, *lo, *hi;
	const char *from, *to;
	char from_month[8], to_month[8];
	int commune_level, district_level;
};

static void bind_scope(struct dbstmt *s, const struct scope *sc)
{
	bind_text(s, 1, sc->tree);
	bind_text(s, 2, sc->code);
	bind_text(s, 3, sc->lo);
	bind_text(s, 4, sc->hi);
	bind_text(s, 5, sc->from);
	bind_text(s, 6, sc->to);
	bind_text(s, 7, sc->from_month);
	bind_text(s, 8, sc->to_month);
	bind_i64(s, 9, sc->commune_level);
	bind_i64(s, 10, sc->district_level);
}

/* The computation of each catalogue indicator with a record source. */
struct plan {
	struct indicator_spec *specs;
	struct indicator_sum *blank; /* the entries, all parts 0 */
	size_t n;
};

static bool from_records(enum indicator_source s)
{
	return s != SRC_NONE && s != SRC_AGGREGATE;
}

static enum store_status plan_read(struct store *st, struct arena *a,
                                   struct plan *out)
{
	struct indicator_def *defs;
	size_t ndefs;
	enum store_status status = store_indicators_list(st, a, &defs, &ndefs);

	if (status != STORE_OK)
		return status;
	out->specs = arena_alloc(a, (ndefs + 1) * sizeof *out->specs);
	out->blank = arena_alloc(a, (ndefs + 1) * sizeof *out->blank);
	out->n = 0;
	for (size_t i = 0; i < ndefs; i++) {
		enum indicator_kind kind = IND_PERCENT;
		(void)indicator_kind_parse(defs[i].kind, &kind);
		struct indicator_spec sp =
		    indicator_spec_or_aggregate(defs[i].code, kind);
		if (!from_records(sp.num) && !from_records(sp.den))
			continue;
		out->specs[out->n] = sp;
		out->specs[out->n].code = defs[i].code;
		out->blank[out->n] = (struct indicator_sum){
		    .indicator = defs[i].code,
		    .has_num = from_records(sp.num),
		    .has_den = from_records(sp.den),
		};
		out->n++;
	}
	return STORE_OK;
}

/* Adds v to the numerator (den: denominator) of indicator code in sums,
 * when the plan computes that part from source src. */
static void add_part(const struct plan *p, struct indicator_sum *sums,
                     enum indicator_source src, const char *code, bool den,
                     int64_t v)
{
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->specs[i].code, code) != 0)
			continue;
		if (den && p->specs[i].den == src)
			sums[i].den += v;
		else if (!den && p->specs[i].num == src)
			sums[i].num += v;
		return;
	}
}

static int unit_by_code(const void *key, const void *elem)
{
	return strcmp(key, ((const struct indicator_unit_sums *)elem)->code);
}

/* Runs every non-case source statement for sc: into own for sc's unit
 * itself, or (own NULL) into each of its children at once (units, by
 * code).  The statements give a row per unit, its code first; $11 is
 * where a child's code starts in a lineage path (sql.c IND_UNIT_KEY), 0
 * for the unit itself. */
static enum store_status records_of(struct store *st, const struct plan *p,
                                    const struct scope *sc,
                                    struct indicator_unit_sums *units,
                                    size_t nunits, struct indicator_sum *own)
{
	int64_t start = 0;

	if (own == NULL)
		start = *sc->lo == '\0' ? 1 : (int64_t)strlen(sc->lo) + 2;
	for (size_t k = 0; k < N(sources); k++) {
		const struct source *src = &sources[k];
		struct dbstmt *s = stmt_take(st, src->stmt);
		enum store_status status = STORE_OK;
		int rc;
		if (s == NULL)
			return STORE_ERROR;
		bind_scope(s, sc);
		bind_i64(s, 11, start);
		while ((rc = db_step(s)) == DB_ROW) {
			struct indicator_sum *sums = own;
			if (own == NULL) {
				const char *code = col_str(s, 0);
				struct indicator_unit_sums *u =
				    code == NULL
				        ? NULL
				        : bsearch(code, units, nunits,
				                  sizeof *units, unit_by_code);
				if (u == NULL)
					continue; /* rows at sc's unit itself */
				sums = u->sums;
			}
			for (size_t j = 0; j < src->nparts; j++)
				add_part(p, sums, src->src, src->parts[j].code,
				         src->parts[j].den,
				         col_i64(s, src->parts[j].col + 1));
		}
		if (rc != DB_DONE)
			status = stmt_fail(st, src->stmt, rc);
		stmt_give(st, src->stmt);
		if (status != STORE_OK)
			return status;
	}
	return STORE_OK;
}

/* Adds a row (indicator, num, den) of the case sums from column col on. */
static void add_case_row(const struct plan *p, struct indicator_sum *sums,
                         struct dbstmt *s, int col)
{
	const char *code = col_str(s, col);
	if (code == NULL)
		return;
	add_part(p, sums, SRC_CASES, code, false, col_i64(s, col + 1));
	add_part(p, sums, SRC_CASES, code, true, col_i64(s, col + 2));
}

static enum store_status cases_of(struct store *st, const struct plan *p,
                                  const struct scope *sc,
                                  struct indicator_sum *sums)
{
	struct dbstmt *s = stmt_take(st, STMT_IND_CASE_SUMS);
	enum store_status status = STORE_OK;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	bind_scope(s, sc);
	while ((rc = db_step(s)) == DB_ROW)
		add_case_row(p, sums, s, 0);
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_IND_CASE_SUMS, rc);
	stmt_give(st, STMT_IND_CASE_SUMS);
	return status;
}

/* The last month of the case sums of a window ending on day `to`: case
 * sums are monthly, and a window counts the months whose last day lies
 * in it (docs/reports.md §Data, whole months for case sums) — the month
 * of `to` when `to` is its last day, else the month before.  The month
 * of the window's first day always counts (its last day is not before
 * it), so only this end moves.  A bare "YYYY-MM" is that month. */
static void last_whole_month(const char *to, char month[8])
{
	int32_t day;
	char d[11];

	memcpy(month, to, 7);
	month[7] = '\0';
	if (hcm_day_parse(to, &day) != 0)
		return;
	hcm_day_format(day + 1, d);
	if (strcmp(d + 8, "01") == 0)
		return;
	/* the day before the 1st of to's month ends the month before */
	hcm_day_format(day - ((to[8] - '0') * 10 + (to[9] - '0')), d);
	memcpy(month, d, 7);
}

/* The scope of (tree, code) for [from, to]; STORE_NOTFOUND for an unknown
 * unit.  code "" is the nation: every path. */
static enum store_status scope_of(struct store *st, struct arena *a,
                                  const char *tree, const char *code,
                                  const char *from, const char *to,
                                  struct scope *out)
{
	assert(tree != NULL && code != NULL && from != NULL && to != NULL);
	assert(strlen(from) >= 7 && strlen(to) >= 7);
	memset(out, 0, sizeof *out);
	out->tree = tree;
	out->code = code;
	out->from = from;
	out->to = to;
	memcpy(out->from_month, from, 7);
	last_whole_month(to, out->to_month);
	out->commune_level = unit_commune_level(tree);
	out->district_level = out->commune_level == 3 ? 2 : 0;
	const char *path = NULL;
	if (*code != '\0') {
		struct unit_row u;
		enum store_status status =
		    store_unit_get(st, a, tree, code, &u);
		if (status != STORE_OK)
			return status;
		path = u.path;
	}
	within_bounds(a, path, &out->lo, &out->hi);
	return STORE_OK;
}

static struct indicator_sum *blank_sums(struct arena *a, const struct plan *p)
{
	struct indicator_sum *sums = arena_alloc(a, (p->n + 1) * sizeof *sums);
	memcpy(sums, p->blank, p->n * sizeof *sums);
	return sums;
}

/* The sums of one unit over [from, to]: its cases', and with records
 * those of its facilities, stays, trainings, communications and units. */
static enum store_status unit_sums(struct store *st, struct arena *a,
                                   const char *tree, const char *unit_code,
                                   const char *from, const char *to,
                                   bool records, struct indicator_sum **out,
                                   size_t *n)
{
	struct plan p;
	struct scope sc;
	enum store_status status;

	assert(st != NULL && a != NULL && out != NULL && n != NULL);
	if ((status = scope_of(st, a, tree, unit_code, from, to, &sc)) !=
	    STORE_OK)
		return status;
	if ((status = plan_read(st, a, &p)) != STORE_OK)
		return status;
	struct indicator_sum *sums = blank_sums(a, &p);
	if ((status = cases_of(st, &p, &sc, sums)) != STORE_OK ||
	    (records &&
	     (status = records_of(st, &p, &sc, NULL, 0, sums)) != STORE_OK))
		return status;
	*out = sums;
	*n = p.n;
	return STORE_OK;
}

enum store_status store_indicator_sums(struct store *st, struct arena *a,
                                       const char *tree, const char *unit_code,
                                       const char *from, const char *to,
                                       struct indicator_sum **out, size_t *n)
{
	return unit_sums(st, a, tree, unit_code, from, to, true, out, n);
}

enum store_status
store_indicator_case_sums(struct store *st, struct arena *a, const char *tree,
                          const char *unit_code, const char *from,
                          const char *to, struct indicator_sum **out, size_t *n)
{
	return unit_sums(st, a, tree, unit_code, from, to, false, out, n);
}

/* The case sums of every child in one grouped statement. */
static enum store_status child_cases(struct store *st, const struct plan *p,
                                     const struct scope *sc,
                                     struct indicator_unit_sums *units,
                                     size_t nunits)
{
	struct dbstmt *s = stmt_take(st, STMT_IND_CASE_CHILD_SUMS);
	enum store_status status = STORE_OK;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	bind_scope(s, sc);
	while ((rc = db_step(s)) == DB_ROW) {
		const char *code = col_str(s, 0);
		struct indicator_unit_sums *u =
		    code == NULL ? NULL
		                 : bsearch(code, units, nunits, sizeof *units,
		                           unit_by_code);
		if (u != NULL)
			add_case_row(p, u->sums, s, 1);
	}
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_IND_CASE_CHILD_SUMS, rc);
	stmt_give(st, STMT_IND_CASE_CHILD_SUMS);
	return status;
}

/* store_indicator_child_sums, or (records false) its case parts only. */
static enum store_status child_sums(struct store *st, struct arena *a,
                                    const char *tree, const char *unit_code,
                                    const char *from, const char *to,
                                    bool records,
                                    struct indicator_unit_sums **out, size_t *n)
{
	struct indicator_unit_sums *units = NULL;
	size_t cap = 0, len = 0;
	struct plan p;
	struct scope sc;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && out != NULL && n != NULL);
	if ((status = scope_of(st, a, tree, unit_code, from, to, &sc)) !=
	    STORE_OK)
		return status;
	if ((status = plan_read(st, a, &p)) != STORE_OK)
		return status;
	if ((s = stmt_take(st, STMT_IND_CHILD_UNITS)) == NULL)
		return STORE_ERROR;
	bind_scope(s, &sc);
	while ((rc = db_step(s)) == DB_ROW) {
		units = grow_array(a, units, len, &cap, sizeof *units);
		units[len] = (struct indicator_unit_sums){
		    .code = col_text(a, s, 0),
		    .name = col_text(a, s, 1),
		    .level = col_int(s, 2),
		    .sums = blank_sums(a, &p),
		    .n = p.n,
		};
		len++;
	}
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_IND_CHILD_UNITS, rc);
	stmt_give(st, STMT_IND_CHILD_UNITS);
	if (status != STORE_OK)
		return status;
	/* a commune has no children */
	if (len > 0 &&
	    (status = child_cases(st, &p, &sc, units, len)) != STORE_OK)
		return status;
	/* All children in one statement per source on both stores.  On
	 * cases-only data SQLite's per-child range counts were cheaper (1 M
	 * --bulk dashboard: 28-30 against 37-38 ms of CPU), but with a
	 * nation's network each child's training and communication counts
	 * read the whole period's records again: 63 passes a national
	 * dashboard (20 k national file: 1,568 against 476 ms of CPU). */
	if (records && len > 0)
		status = records_of(st, &p, &sc, units, len, NULL);
	if (status != STORE_OK)
		return status;
	*out = units;
	*n = len;
	return STORE_OK;
}

enum store_status store_indicator_child_sums(struct store *st, struct arena *a,
                                             const char *tree,
                                             const char *unit_code,
                                             const char *from, const char *to,
                                             struct indicator_unit_sums **out,
                                             size_t *n)
{
	return child_sums(st, a, tree, unit_code, from, to, true, out, n);
}

enum store_status
store_indicator_child_case_sums(struct store *st, struct arena *a,
                                const char *tree, const char *unit_code,
                                const char *from, const char *to,
                                struct indicator_unit_sums **out, size_t *n)
{
	return child_sums(st, a, tree, unit_code, from, to, false, out, n);
}

/* ---- breakdowns ---------------------------------------------------------- */

/* The groups of a breakdown being summed. */
struct groups {
	struct arena *a;
	const char *code, *by;
	bool has_den;
	struct indicator_group *items;
	size_t n, cap, fixed; /* the first `fixed` are listed even at 0 */
};

static struct indicator_group *group_of(struct groups *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->items[i].group, name) == 0)
			return &g->items[i];
	g->items = grow_array(g->a, g->items, g->n, &g->cap, sizeof *g->items);
	g->items[g->n] = (struct indicator_group){
	    .group = arena_strdup(g->a, name),
	    .has_num = true,
	    .has_den = g->has_den,
	};
	return &g->items[g->n++];
}

/* The group of a record with sex, age (< 0 unknown) and ethnicity. */
static void group_add(struct groups *g, const char *sex, int age,
                      const char *ethnicity, int64_t num, int64_t den)
{
	const char *name;
	if (strcmp(g->by, "sex") == 0)
		name = sex != NULL && *sex != '\0' ? sex : "unknown";
	else if (strcmp(g->by, "age_group") == 0)
		name = indicator_age_group(g->code, age);
	else
		name = ethnicity != NULL && *ethnicity != '\0' ? ethnicity
		                                               : "unknown";
	struct indicator_group *x = group_of(g, name);
	x->num += num;
	x->den += den;
}

static int group_order(const void *pa, const void *pb)
{
	const char *a = ((const struct indicator_group *)pa)->group;
	const char *b = ((const struct indicator_group *)pb)->group;
	bool ua = strcmp(a, "unknown") == 0, ub = strcmp(b, "unknown") == 0;
	if (ua != ub)
		return ua ? 1 : -1;
	return strcmp(a, b);
}

/* Age of column col (NULL: unknown, -1). */
static int col_age(struct dbstmt *s, int col)
{
	return col_null(s, col) ? -1 : col_int(s, col);
}

static enum store_status case_groups(struct store *st, const struct scope *sc,
                                     struct groups *g)
{
	struct dbstmt *s = stmt_take(st, STMT_IND_CASE_GROUPS);
	enum store_status status = STORE_OK;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	bind_scope(s, sc);
	bind_text(s, 11, indicator_case_type(g->code));
	bind_text(s, 12, g->code);
	while ((rc = db_step(s)) == DB_ROW)
		group_add(g, col_str(s, 0), col_age(s, 1), col_str(s, 2),
		          col_i64(s, 3), col_i64(s, 4));
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_IND_CASE_GROUPS, rc);
	stmt_give(st, STMT_IND_CASE_GROUPS);
	return status;
}

/* The column of the indicator's numerator in a source's parts; -1 none. */
static int part_col(const struct part *parts, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!parts[i].den && strcmp(parts[i].code, code) == 0)
			return parts[i].col;
	return -1;
}

static enum store_status
training_groups(struct store *st, const struct scope *sc, struct groups *g)
{
	int col = part_col(training_parts, N(training_parts), g->code);
	enum store_status status = STORE_OK;
	struct dbstmt *s;
	int rc;

	if (col < 0)
		return STORE_OK;
	if ((s = stmt_take(st, STMT_IND_TRAINING_GROUPS)) == NULL)
		return STORE_ERROR;
	bind_scope(s, sc);
	while ((rc = db_step(s)) == DB_ROW)
		group_add(g, col_str(s, 0), col_age(s, 1), NULL,
		          col_i64(s, 2 + col), 0);
	if (rc != DB_DONE)
		status = stmt_fail(st, STMT_IND_TRAINING_GROUPS, rc);
	stmt_give(st, STMT_IND_TRAINING_GROUPS);
	return status;
}

static enum store_status
communication_groups(struct store *st, const struct scope *sc, struct groups *g)
{
	int col =
	    part_col(communication_parts, N(communication_parts), g->code);
	enum store_status status;
	struct dbstmt *s;

	if (col < 0)
		return STORE_OK;
	if ((s = stmt_take(st, STMT_IND_COMMUNICATION_GROUPS)) == NULL)
		return STORE_ERROR;
	bind_scope(s, sc);
	status = stmt_row(st, STMT_IND_COMMUNICATION_GROUPS);
	if (status == STORE_OK) {
		/* men's columns, then women's */
		int64_t male = col_i64(s, col);
		int64_t female = col_i64(s, (int)N(communication_parts) + col);
		group_add(g, "male", -1, NULL, male, 0);
		group_add(g, "female", -1, NULL, female, 0);
	}
	stmt_give(st, STMT_IND_COMMUNICATION_GROUPS);
	return status == STORE_NOTFOUND ? STORE_OK : status;
}

enum store_status
store_indicator_breakdown(struct store *st, struct arena *a, const char *tree,
                          const char *unit_code, const char *indicator,
                          const char *by, const char *from, const char *to,
                          struct indicator_group **out, size_t *n)
{
	const struct indicator_spec *spec = indicator_spec(indicator);
	struct scope sc;
	enum store_status status;

	assert(st != NULL && a != NULL && out != NULL && n != NULL);
	assert(spec != NULL && indicator_disaggregation_applies(indicator, by));
	if ((status = scope_of(st, a, tree, unit_code, from, to, &sc)) !=
	    STORE_OK)
		return status;
	struct groups g = {.a = a,
	                   .code = indicator,
	                   .by = by,
	                   .has_den = spec->den == SRC_CASES};
	if (strcmp(by, "sex") == 0) {
		(void)group_of(&g, "male");
		(void)group_of(&g, "female");
	} else if (strcmp(by, "age_group") == 0) {
		const char *ages[8];
		size_t na = indicator_age_groups(indicator, ages, N(ages));
		for (size_t i = 0; i < na; i++)
			(void)group_of(&g, ages[i]);
	}
	g.fixed = g.n;
	switch (spec->num) {
	case SRC_CASES: status = case_groups(st, &sc, &g); break;
	case SRC_TRAININGS: status = training_groups(st, &sc, &g); break;
	case SRC_COMMUNICATIONS:
		status = communication_groups(st, &sc, &g);
		break;
	default: break;
	}
	if (status != STORE_OK)
		return status;
	if (g.n > g.fixed)
		qsort(g.items + g.fixed, g.n - g.fixed, sizeof *g.items,
		      group_order);
	*out = g.items;
	*n = g.n;
	return STORE_OK;
}

/* ---- rebuild ----------------------------------------------------------- */

enum store_status store_indicator_sums_rebuild(struct store *st,
                                               long *differences)
{
	enum store_status status;
	bool own;
	long diff = 0;

	assert(st != NULL && differences != NULL);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	if (stmt_take(st, STMT_IND_SUMS_DIFFERENCES) == NULL)
		status = STORE_ERROR;
	else
		status = stmt_count(st, STMT_IND_SUMS_DIFFERENCES, &diff);
	if (status == STORE_OK && diff > 0) {
		status = stmt_run(st, STMT_IND_SUMS_CLEAR);
		if (status == STORE_OK)
			status = stmt_run(st, STMT_IND_SUMS_FILL);
	}
	status = tx_end(st, own, status);
	if (status == STORE_OK)
		*differences = diff;
	return status;
}
