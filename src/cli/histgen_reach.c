/*
 * histgen_reach.c — the communication activities of the demo's past years
 * (see histgen.h): gender equality for the public, students and officials,
 * whose reach each year is given out over the child units by population
 * (the stronger ones reaching more, hg_allocate) against the population
 * histgen_agg.c enters; and prostitution prevention, held in more
 * communes each year, the stronger units' communes first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/histgen_int.h"
#include "lib/arena.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAY  86400

/* Reach on gender equality of the public and of officials and students,
 * and how many communes held prostitution prevention, by year. */
static const struct {
	int general[HG_YEARS], officials[HG_YEARS], prostitution[HG_YEARS];
} reach[HG_AREAS] = {
    [HG_KT] = {{60000, 110000, 185000}, {20000, 40000, 55000}, {35, 55, 80}},
    [HG_TB] = {{150000, 200000, 250000}, {30000, 45000, 60000}, {20, 25, 30}},
    [HG_TD] = {{8000, 14000, 17000}, {3000, 6000, 8000}, {8, 10, 11}},
};

static enum store_status activity(struct hg *g, enum hg_area area,
                                  const struct unit_row *c, int year,
                                  const char *topic, const char *kind,
                                  const char *audience, int people,
                                  const char *title)
{
	struct communication_row r = {0};
	r.unit_tree = c->tree;
	r.unit_code = c->code;
	r.unit_path = c->path;
	r.kind = kind;
	r.topic = topic;
	r.audience = audience;
	r.held_on = hg_day(g, year, hg_between(g, 15, 340));
	r.title = title;
	int female = hg_between(g, 45, 60);
	r.reach_female = (int64_t)people * female / 100;
	if (r.reach_female == 0)
		r.reach_female = 1;
	r.reach_male = people - r.reach_female;
	if (r.reach_male < 0)
		r.reach_male = 0;
	r.created_by = g->user[area].id;
	r.created_at = r.updated_at = hg_noon(r.held_on) + DAY;
	enum store_status s = store_communication_insert(g->st, &r);
	if (s != STORE_OK)
		return hg_fail(g, s, "cannot add a communication activity");
	hg_audit(g, "communication_create", "communication", r.id, r.unit_tree,
	         r.unit_path);
	g->stats->communications++;
	return STORE_OK;
}

/* Gender equality: each child unit's share of the year's reach, over two
 * activities for the public and one each for students and officials. */
static enum store_status gender_equality(struct hg *g, enum hg_area area,
                                         int year)
{
	const struct hg_area_def *d = &hg_areas[area];
	int pop[HG_MAX_SUB], pub[HG_MAX_SUB], off[HG_MAX_SUB];
	hg_population(area, year, pop);
	hg_allocate(area, reach[area].general[year - HG_FIRST_YEAR], NULL, pub);
	hg_allocate(area, reach[area].officials[year - HG_FIRST_YEAR], NULL,
	            off);
	for (size_t i = 0; i < d->n; i++) {
		struct unit_row u;
		enum store_status s = hg_unit(g, d->sub[i], &u);
		if (s != STORE_OK)
			return hg_fail(g, s, "a demo unit is missing");
		const struct unit_row **list;
		size_t n = hg_communes_of(g, u.path, NULL, &list);
		if (n == 0)
			return hg_fail(g, STORE_NOTFOUND, "no communes");
		int half = pub[i] / 2;
		int students = off[i] * 3 / 5;
		struct {
			const char *kind, *audience, *title;
			int people;
		} acts[] = {
		    {"broadcast", "general_public",
		     "Phát thanh chuyên mục bình đẳng giới trên hệ thống loa "
		     "truyền thanh",
		     half},
		    {"event", "general_public",
		     "Mít tinh hưởng ứng Tháng hành động vì bình đẳng giới",
		     pub[i] - half},
		    {"contest", "students",
		     "Hội thi tìm hiểu về bình đẳng giới trong trường học",
		     students},
		    {"meeting", "officials",
		     "Hội nghị phổ biến pháp luật về bình đẳng giới cho cán "
		     "bộ, "
		     "công chức",
		     off[i] - students},
		};
		for (size_t k = 0; k < N(acts); k++) {
			if (acts[k].people <= 0)
				continue;
			s = activity(g, area, list[hg_next(g) % n], year,
			             "gender_equality", acts[k].kind,
			             acts[k].audience, acts[k].people,
			             acts[k].title);
			if (s != STORE_OK)
				return s;
		}
	}
	return STORE_OK;
}

/* Prostitution prevention: one activity in each of the year's communes,
 * the stronger units' communes first (with some chance in the order). */
static enum store_status prostitution(struct hg *g, enum hg_area area, int year)
{
	const struct hg_area_def *d = &hg_areas[area];
	struct unit_row top;
	enum store_status s = hg_unit(g, d->code, &top);
	if (s != STORE_OK)
		return hg_fail(g, s, "a demo unit is missing");
	const struct unit_row **list;
	size_t n = hg_communes_of(g, top.path, NULL, &list);
	int *rank = arena_alloc(g->a, (n + 1) * sizeof *rank);
	size_t *order = arena_alloc(g->a, (n + 1) * sizeof *order);
	const char *paths[HG_MAX_SUB];
	for (size_t j = 0; j < d->n; j++) {
		struct unit_row u;
		if ((s = hg_unit(g, d->sub[j], &u)) != STORE_OK)
			return hg_fail(g, s, "a demo unit is missing");
		paths[j] = u.path;
	}
	for (size_t i = 0; i < n; i++) {
		/* the commune's child unit: the one its path starts with */
		int k = (int)d->n;
		for (size_t j = 0; j < d->n && k == (int)d->n; j++) {
			size_t len = strlen(paths[j]);
			if (strncmp(list[i]->path, paths[j], len) == 0 &&
			    (list[i]->path[len] == '/' ||
			     list[i]->path[len] == '\0'))
				k = (int)j;
		}
		rank[i] = k * 10 + hg_between(g, 0, 40);
		size_t at = i;
		while (at > 0 && rank[order[at - 1]] > rank[i]) {
			order[at] = order[at - 1];
			at--;
		}
		order[at] = i;
	}
	static const char *const kinds[] = {"meeting", "leaflet", "broadcast"};
	static const char *const titles[] = {
	    "Họp dân tuyên truyền về phòng, chống mại dâm",
	    "Cấp phát tờ rơi, treo pa nô về phòng, chống mại dâm",
	    "Phát thanh chuyên mục phòng, chống mại dâm"};
	int want = reach[area].prostitution[year - HG_FIRST_YEAR];
	for (size_t r = 0; r < n && (int)r < want; r++) {
		int k = (int)(hg_next(g) % N(kinds));
		s = activity(g, area, list[order[r]], year, "anti_prostitution",
		             kinds[k], "general_public", hg_between(g, 40, 400),
		             titles[k]);
		if (s != STORE_OK)
			return s;
	}
	return STORE_OK;
}

enum store_status hg_communications(struct hg *g)
{
	for (int area = 0; area < HG_AREAS; area++)
		for (int y = HG_FIRST_YEAR; y < HG_FIRST_YEAR + HG_YEARS; y++) {
			enum store_status s =
			    gender_equality(g, (enum hg_area)area, y);
			if (s == STORE_OK)
				s = prostitution(g, (enum hg_area)area, y);
			if (s != STORE_OK)
				return s;
		}
	return STORE_OK;
}
