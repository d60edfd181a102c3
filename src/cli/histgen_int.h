/*
 * histgen_int.h — what the parts of the demo's past years share (histgen.c
 * runs them: histgen_cases.c, histgen_net.c, histgen_agg.c; see histgen.h).
 *
 * The story happens in three plan units (areas) and the units just below
 * them, listed strongest first: the tables of each part give the stronger
 * units the better outcomes, so the district comparison shows who lags.
 */
#ifndef TROGIUP_CLI_HISTGEN_INT_H
#define TROGIUP_CLI_HISTGEN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/histgen.h"
#include "store/store.h"

#define HG_TREE       "2024"
#define HG_FIRST_YEAR 2018
#define HG_YEARS      3 /* 2018, 2019, 2020 */
#define HG_MAX_SUB    13

enum hg_area { HG_KT, HG_TB, HG_TD, HG_AREAS };

/* A plan's unit, who enters its records, and its child units (Kon Tum's
 * and Thái Bình's districts, Tam Đường's communes) strongest first with
 * their population in thousands (2019 census, rounded): the weight of
 * their share of cases, staff and reach; and how strong each is (how much
 * of its staff it trains, of its people it reaches), roughly falling. */
struct hg_area_def {
	const char *code;
	const char *user;
	size_t n;
	const char *sub[HG_MAX_SUB];
	int people[HG_MAX_SUB];
	int strength[HG_MAX_SUB];
};
extern const struct hg_area_def hg_areas[HG_AREAS];

struct hg {
	struct store *st;
	struct arena *a;
	uint64_t rng;
	struct user_row user[HG_AREAS]; /* sokontum, sothaibinh, tamduong */
	struct user_row coso;           /* coso.kontum, at Kon Tum's centre */
	struct unit_row *communes;      /* level 3 of the tree */
	size_t n_communes;
	struct histgen_stats *stats;
	const char **what;
};

/* The seeded stream (splitmix64): a value, uniform in [lo, hi], a
 * percent chance. */
uint64_t hg_next(struct hg *g);
int hg_between(struct hg *g, int lo, int hi);
bool hg_chance(struct hg *g, int percent);

/* Sets *what, returns s (STORE_ERROR for STORE_OK). */
enum store_status hg_fail(struct hg *g, enum store_status s, const char *what);
enum store_status hg_unit(struct hg *g, const char *code, struct unit_row *out);
/* The communes below the unit of path (the unit itself when it is one)
 * into *out (arena), without skip (a code, or NULL). */
size_t hg_communes_of(struct hg *g, const char *path, const char *skip,
                      const struct unit_row ***out);

/* "YYYY-MM-DD" of day `doy` (0-based) of year; the instant of its local
 * noon. */
const char *hg_day(struct hg *g, int year, int doy);
int64_t hg_noon(const char *day);

/* Splits total into n parts in proportion to weight (largest remainder,
 * ties to the first). */
void hg_apportion(int total, const int *weight, size_t n, int *out);

/* Staff groups whose headcounts are entered as aggregates (histgen_agg.c)
 * and whose training the trainings count (histgen_net.c): the social work
 * workforce, its facility and LĐTBXH part (Thái Bình's plan), gender
 * equality staff, women in the succession pool, women deputies and
 * leaders. */
enum hg_group { HG_W, HG_FL, HG_G, HG_P, HG_L, HG_GROUPS };

/* The headcount of a group in each child unit of the area in year (all 0
 * when the area's plan does not count it). */
void hg_headcount(enum hg_area area, enum hg_group group, int year, int *out);
/* The population of each child unit in year. */
void hg_population(enum hg_area area, int year, int *out);
/* Splits total over the child units by population, the stronger ones
 * doing more, none above cap[i] (cap NULL: no cap). */
void hg_allocate(enum hg_area area, int total, const int *cap, int *out);

/* The words of list (NULL: none) separated by any of sep, copied into
 * the arena: how many (at most max). */
size_t hg_words(struct arena *a, const char *list, const char *sep,
                const char **out, size_t max);

/* A made-up person's full name as people are named in the area. */
const char *hg_name(struct hg *g, enum hg_area area, bool female);

void hg_audit(struct hg *g, const char *action, const char *kind, int64_t id,
              const char *tree, const char *path);

/* The parts, in the order histgen_run calls them. */
enum store_status hg_network(struct hg *g);
enum store_status hg_communications(struct hg *g);
enum store_status hg_cases(struct hg *g, const unsigned char *seal_key);
enum store_status hg_aggregates(struct hg *g);

#endif
