/*
 * histgen_agg.c — the aggregate values of the demo's past years (see
 * histgen.h): the parts of the plans' indicators no record gives, entered
 * for each child unit of the plan's unit and year 2018–2020 (the plan's
 * unit then reads their sum, docs/indicators.md §Which entry counts), as
 * a district's or commune's office would report them in January: staff
 * headcounts (the same hg_headcount the trainings were sized by),
 * population, children and the child database's count, communes with a
 * child protection system or officer, communes free of prostitution …
 * The rehabilitation facility's staff are the province's own entry.
 */
#include <stdio.h>
#include <string.h>

#include "cli/histgen_int.h"
#include "lib/arena.h"
#include "store/store_indicators.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Shares of the population: officials, armed forces and students (the
 * group p3_officials_students counts), children, and children in special
 * circumstances in the child database (per mille of children). */
static const struct {
	int group_pct, child_pct, csc_permille;
	int rehab_staff[HG_YEARS]; /* the province's facility, 0: none */
	int free_not[HG_YEARS];    /* communes where prostitution was found */
} shares[HG_AREAS] = {
    [HG_KT] = {16, 38, 12, {26, 27, 28}, {12, 10, 7}},
    [HG_TB] = {14, 30, 10, {45, 46, 48}, {30, 25, 20}},
    [HG_TD] = {22, 40, 15, {0, 0, 0}, {0, 0, 0}},
};

/* Kon Tum's districts: those with a child protection plan, communes with
 * a child protection system (36 in 2017, then those set up each year),
 * communes with a child social work officer, safety surveys (the city's
 * pilot in 2020); Tam Đường's communes with an integrated prostitution
 * prevention plan. */
static const int kt_cp_plans[HG_YEARS] = {4, 7, 9};
static const int kt_cp_system_2017 = 36;
static const int kt_cp_system_new[HG_YEARS] = {6, 4, 4};
static const int kt_child_officer[HG_YEARS] = {50, 75, 88};
static const int kt_surveys_city[HG_YEARS] = {0, 0, 1};
static const int td_integrated_plan[HG_YEARS] = {6, 9, 12};

struct entry {
	struct hg *g;
	enum hg_area area;
	int year;
};

static enum store_status put(struct entry *e, const char *unit,
                             const char *indicator, int year, bool has_num,
                             long long num, bool has_den, long long den)
{
	struct hg *g = e->g;
	struct unit_row u;
	enum store_status s = hg_unit(g, unit, &u);
	if (s != STORE_OK)
		return hg_fail(g, s, "a demo unit is missing");
	struct aggregate_row in = {0}, out;
	char period[16];
	snprintf(period, sizeof period, "%d", year);
	in.indicator = indicator;
	in.tree = u.tree;
	in.unit_code = u.code;
	in.period = period;
	in.has_num = has_num;
	in.numerator = num;
	in.has_den = has_den;
	in.denominator = den;
	/* reported in the January after the year */
	char day[16];
	snprintf(day, sizeof day, "%04d-01-20", (year + 1) % 10000);
	bool created;
	const struct user_row *by = &g->user[e->area];
	s = store_aggregate_put(g->st, g->a, &in, NULL, by->id, hg_noon(day),
	                        &out, &created);
	if (s != STORE_OK)
		return hg_fail(g, s, "cannot enter an aggregate value");
	hg_audit(g, "aggregate_value", "aggregate", out.id, u.tree, u.path);
	g->stats->aggregates++;
	return STORE_OK;
}

#define DEN(unit, ind, v) put(e, (unit), (ind), e->year, false, 0, true, (v))
#define NUM(unit, ind, v) put(e, (unit), (ind), e->year, true, (v), false, 0)
#define BOTH(unit, ind, n, d)                                                  \
	put(e, (unit), (ind), e->year, true, (n), true, (d))

/* The communes of each child unit (1 for Tam Đường's communes). */
static void communes_per_sub(struct hg *g, enum hg_area area, int *out)
{
	const struct hg_area_def *d = &hg_areas[area];
	for (size_t i = 0; i < d->n; i++) {
		struct unit_row u;
		const struct unit_row **list;
		out[i] = hg_unit(g, d->sub[i], &u) == STORE_OK
		             ? (int)hg_communes_of(g, u.path, NULL, &list)
		             : 0;
	}
}

/* Headcounts, population and children: every area. */
static enum store_status people(struct entry *e)
{
	const struct hg_area_def *d = &hg_areas[e->area];
	static const struct {
		enum hg_group group;
		const char *indicator;
	} staff[] = {
	    {HG_W, "p1_sw_workforce_trained_pct"},
	    {HG_FL, "p1_facility_lisa_staff_trained_pct"},
	    {HG_G, "p3_ge_staff_trained_pct"},
	    {HG_P, "p3_female_pipeline_cadres_trained_pct"},
	    {HG_L, "p3_female_deputies_leaders_trained_pct"},
	};
	enum store_status s;
	for (size_t k = 0; k < N(staff); k++) {
		int n[HG_MAX_SUB], sum = 0;
		hg_headcount(e->area, staff[k].group, e->year, n);
		for (size_t i = 0; i < d->n; i++)
			sum += n[i];
		for (size_t i = 0; i < d->n && sum > 0; i++)
			if ((s = DEN(d->sub[i], staff[k].indicator, n[i])) !=
			    STORE_OK)
				return s;
	}
	int pop[HG_MAX_SUB];
	hg_population(e->area, e->year, pop);
	for (size_t i = 0; i < d->n; i++) {
		long long child =
		    (long long)pop[i] * shares[e->area].child_pct / 100;
		if ((s = DEN(d->sub[i], "p3_population_ge_informed_pct",
		             pop[i])) != STORE_OK ||
		    (s = DEN(d->sub[i], "p3_officials_students_ge_informed_pct",
		             (long long)pop[i] * shares[e->area].group_pct /
		                 100)) != STORE_OK ||
		    (s = DEN(d->sub[i], "p2_child_abuse_rate_reduction_pct",
		             child)) != STORE_OK ||
		    (s = DEN(d->sub[i], "p2_csc_managed_pct",
		             child * shares[e->area].csc_permille / 1000)) !=
		        STORE_OK)
			return s;
		/* the plans' baseline year: children a year before */
		if (e->year == HG_FIRST_YEAR &&
		    (s = put(e, d->sub[i], "p2_child_abuse_rate_reduction_pct",
		             HG_FIRST_YEAR - 1, false, 0, true,
		             child * 985 / 1000)) != STORE_OK)
			return s;
	}
	int y = e->year - HG_FIRST_YEAR;
	if (shares[e->area].rehab_staff[y] > 0 &&
	    (s = DEN(d->code, "p4_rehab_staff_trained_pct",
	             shares[e->area].rehab_staff[y])) != STORE_OK)
		return s;
	if (shares[e->area].free_not[0] > 0) {
		int communes[HG_MAX_SUB], not_free[HG_MAX_SUB];
		communes_per_sub(e->g, e->area, communes);
		hg_allocate(e->area, shares[e->area].free_not[y], communes,
		            not_free);
		for (size_t i = 0; i < d->n; i++)
			if ((s = BOTH(d->sub[i],
			              "p4_communes_free_of_prostitution_pct",
			              communes[i] - not_free[i],
			              communes[i])) != STORE_OK)
				return s;
	}
	return STORE_OK;
}

/* Kon Tum's child protection system, year by year. */
static enum store_status kon_tum(struct entry *e)
{
	const struct hg_area_def *d = &hg_areas[HG_KT];
	int communes[HG_MAX_SUB], with[HG_MAX_SUB], add[HG_MAX_SUB],
	    room[HG_MAX_SUB], officer[HG_MAX_SUB];
	communes_per_sub(e->g, HG_KT, communes);
	hg_allocate(HG_KT, kt_cp_system_2017, communes, with);
	int y = e->year - HG_FIRST_YEAR;
	for (int k = 0; k <= y; k++) {
		for (size_t i = 0; i < d->n; i++)
			room[i] = communes[i] - with[i];
		hg_allocate(HG_KT, kt_cp_system_new[k], room, add);
		for (size_t i = 0; i < d->n; i++)
			with[i] += add[i];
	}
	hg_allocate(HG_KT, kt_child_officer[y], communes, officer);
	enum store_status s;
	for (size_t i = 0; i < d->n; i++) {
		if ((s = BOTH(d->sub[i], "p2_districts_cp_plan_pct",
		              (int)i < kt_cp_plans[y] ? 1 : 0, 1)) !=
		        STORE_OK ||
		    (s = NUM(d->sub[i], "p2_communes_with_cp_system_count",
		             with[i])) != STORE_OK ||
		    (s = NUM(d->sub[i], "p2_communes_cp_system_new_count",
		             add[i])) != STORE_OK ||
		    (s = BOTH(d->sub[i],
		              "p2_communes_with_child_sw_officer_pct",
		              officer[i], communes[i])) != STORE_OK)
			return s;
	}
	return NUM(d->sub[0], "p3_safety_surveys_count", kt_surveys_city[y]);
}

/* Tam Đường's communes with an integrated prostitution prevention plan:
 * the first ones of the list (the town and the road first). */
static enum store_status tam_duong(struct entry *e)
{
	const struct hg_area_def *d = &hg_areas[HG_TD];
	int y = e->year - HG_FIRST_YEAR;
	for (size_t i = 0; i < d->n; i++) {
		enum store_status s = BOTH(
		    d->sub[i], "p4_communes_prostitution_integrated_plan_pct",
		    (int)i < td_integrated_plan[y] ? 1 : 0, 1);
		if (s != STORE_OK)
			return s;
	}
	return STORE_OK;
}

enum store_status hg_aggregates(struct hg *g)
{
	for (int area = 0; area < HG_AREAS; area++)
		for (int y = HG_FIRST_YEAR; y < HG_FIRST_YEAR + HG_YEARS; y++) {
			struct entry e = {g, (enum hg_area)area, y};
			enum store_status s = people(&e);
			if (s == STORE_OK && area == HG_KT)
				s = kon_tum(&e);
			if (s == STORE_OK && area == HG_TD)
				s = tam_duong(&e);
			if (s != STORE_OK)
				return s;
		}
	return STORE_OK;
}
