/*
 * histgen.c — the demo's past years (see histgen.h): the areas, the
 * helpers the parts share (histgen_int.h) and the run.
 *
 * The network comes first (facilities started in those years), then the
 * cases (Kon Tum's residents need the provincial centre), then the
 * aggregate values, whose headcounts are sized from the trainings.
 */
#include "cli/histgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/casegen.h"
#include "cli/cli.h"
#include "cli/histgen_int.h"
#include "domain/deadline.h"
#include "lib/arena.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct hg_area_def hg_areas[HG_AREAS] = {
    /* Kon Tum: the city and the valley districts do best, the mountain
     * districts of the north and the new Ia H'Drai lag */
    [HG_KT] = {"62",
               "sokontum",
               10,
               {"608", "612", "615", "611", "616", "614", "610", "613", "617",
                "618"},
               {168, 46, 72, 56, 50, 27, 48, 26, 27, 13},
               {20, 18, 17, 17, 14, 13, 11, 10, 8, 9}},
    [HG_TB] = {"34",
               "sothaibinh",
               8,
               {"336", "340", "344", "339", "343", "338", "342", "341"},
               {206, 240, 225, 250, 220, 250, 215, 270},
               {18, 16, 15, 15, 13, 12, 12, 10}},
    /* Tam Đường: the town and the communes along the road first */
    [HG_TD] = {"106",
               "tamduong",
               13,
               {"03390", "03412", "03394", "03424", "03427", "03413", "03418",
                "03421", "03400", "03406", "03415", "03405", "03430"},
               {9, 5, 4, 5, 4, 4, 3, 3, 4, 3, 3, 4, 3},
               {20, 16, 15, 14, 14, 12, 12, 11, 10, 10, 9, 8, 7}},
};

/* ---- the stream, failures, units -------------------------------------- */

uint64_t hg_next(struct hg *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int hg_between(struct hg *g, int lo, int hi)
{
	return lo + (int)(hg_next(g) % (uint64_t)(hi - lo + 1));
}

bool hg_chance(struct hg *g, int percent)
{
	return hg_between(g, 1, 100) <= percent;
}

enum store_status hg_fail(struct hg *g, enum store_status s, const char *what)
{
	*g->what = what;
	return s == STORE_OK ? STORE_ERROR : s;
}

enum store_status hg_unit(struct hg *g, const char *code, struct unit_row *out)
{
	return store_unit_get(g->st, g->a, HG_TREE, code, out);
}

size_t hg_communes_of(struct hg *g, const char *path, const char *skip,
                      const struct unit_row ***out)
{
	size_t len = strlen(path), n = 0;
	*out = arena_alloc(g->a, (g->n_communes + 1) * sizeof **out);
	for (size_t i = 0; i < g->n_communes; i++) {
		const struct unit_row *c = &g->communes[i];
		if (strncmp(c->path, path, len) != 0 ||
		    (c->path[len] != '/' && c->path[len] != '\0') ||
		    (skip != NULL && strcmp(c->code, skip) == 0))
			continue;
		(*out)[n++] = c;
	}
	return n;
}

/* ---- dates and shares ------------------------------------------------- */

const char *hg_day(struct hg *g, int year, int doy)
{
	char first[11], day[11];
	int32_t d;
	snprintf(first, sizeof first, "%04d-01-01", year);
	hcm_day_parse(first, &d);
	hcm_day_format(d + doy, day);
	return arena_strdup(g->a, day);
}

int64_t hg_noon(const char *day)
{
	int32_t d = 0;
	hcm_day_parse(day, &d);
	return hcm_midnight(d) + 12 * 3600;
}

void hg_apportion(int total, const int *weight, size_t n, int *out)
{
	long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += weight[i];
	int given = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = sum > 0 ? (int)((long)total * weight[i] / sum) : 0;
		given += out[i];
	}
	/* the rest one each to the largest remainders, the first on ties */
	bool bumped[256] = {false};
	while (given < total && n > 0 && n <= N(bumped)) {
		size_t best = n;
		long best_rem = -1;
		for (size_t i = 0; i < n; i++) {
			long rem = sum > 0 ? (long)total * weight[i] % sum : 0;
			if (!bumped[i] && rem > best_rem) {
				best_rem = rem;
				best = i;
			}
		}
		if (best == n)
			break;
		bumped[best] = true;
		out[best]++;
		given++;
	}
	for (size_t i = 0; given < total && n > 0; i = (i + 1) % n) {
		out[i]++;
		given++;
	}
}

static const int headcounts[HG_AREAS][HG_GROUPS][HG_YEARS] = {
    [HG_KT] = {[HG_W] = {470, 480, 490},
               [HG_G] = {125, 128, 130},
               [HG_P] = {110, 115, 120}},
    [HG_TB] = {[HG_W] = {1100, 1120, 1150},
               [HG_FL] = {420, 425, 430},
               [HG_G] = {300, 300, 310},
               [HG_P] = {260, 270, 280},
               [HG_L] = {480, 480, 490}},
    [HG_TD] = {[HG_W] = {60, 62, 64},
               [HG_G] = {26, 26, 28},
               [HG_P] = {40, 42, 44},
               [HG_L] = {55, 55, 56}},
};

void hg_headcount(enum hg_area area, enum hg_group group, int year, int *out)
{
	const struct hg_area_def *d = &hg_areas[area];
	hg_apportion(headcounts[area][group][year - HG_FIRST_YEAR], d->people,
	             d->n, out);
}

void hg_population(enum hg_area area, int year, int *out)
{
	const struct hg_area_def *d = &hg_areas[area];
	for (size_t i = 0; i < d->n; i++)
		out[i] = d->people[i] * (1000 + 15 * (year - 2019));
}

void hg_allocate(enum hg_area area, int total, const int *cap, int *out)
{
	const struct hg_area_def *d = &hg_areas[area];
	int w[HG_MAX_SUB] = {0};
	for (size_t i = 0; i < d->n; i++)
		w[i] = d->people[i] * d->strength[i];
	hg_apportion(total, w, d->n, out);
	if (cap == NULL)
		return;
	/* what a unit cannot take goes to the next stronger one with room */
	int over = 0;
	for (size_t i = 0; i < d->n; i++)
		if (out[i] > cap[i]) {
			over += out[i] - cap[i];
			out[i] = cap[i];
		}
	for (size_t i = 0; i < d->n && over > 0; i++) {
		int room = cap[i] - out[i];
		int take = room < over ? room : over;
		out[i] += take;
		over -= take;
	}
}

size_t hg_words(struct arena *a, const char *list, const char *sep,
                const char **out, size_t max)
{
	size_t n = 0;
	for (const char *p = list; p != NULL && *p != '\0' && n < max;) {
		size_t len = strcspn(p, sep);
		if (len > 0)
			out[n++] = arena_strndup(a, p, len);
		p += len;
		p += strspn(p, sep);
	}
	return n;
}

/* ---- names ------------------------------------------------------------ */

static const char *const kinh_family[] = {
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Phạm", "Lê", "Vũ",
    "Hoàng",  "Bùi",    "Đỗ",     "Đặng", "Ngô",  "Đinh", "Tạ", "Lương"};
static const char *const kinh_middle_m[] = {
    "Văn", "Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu", "Đình", "Thanh"};
static const char *const kinh_middle_f[] = {"Thị",   "Thị",  "Thị",  "Thu",
                                            "Thanh", "Ngọc", "Hồng", "Phương"};
static const char *const kinh_given_m[] = {
    "Hùng", "Dũng",  "Tuấn",  "Hải",  "Long", "Nam",   "Thắng", "Cường",
    "Hiếu", "Khánh", "Phong", "Toàn", "Sơn",  "Trung", "Bình",  "Hòa"};
static const char *const kinh_given_f[] = {
    "Lan",  "Hương", "Mai", "Hạnh",  "Huyền", "Thảo",  "Nga",  "Yến",
    "Dung", "Liên",  "Hà",  "Trang", "Hoa",   "Nhung", "Loan", "Thúy"};
static const char *const tn_given_m[] = {"Blưh",  "Điu",   "Nhong", "Sang",
                                         "Dương", "Thuân", "Khiêm", "Rin",
                                         "Đanh",  "Kiên",  "Pher",  "Hyin"};
static const char *const tn_given_f[] = {"Nga",    "Khuyên", "Đêr",  "Ngát",
                                         "Phương", "Lim",    "Blao", "Thinh",
                                         "Xuyên",  "Hoan",   "Bôn",  "Nhung"};
static const char *const thai_family[] = {"Lò",    "Lò",   "Tòng",
                                          "Lường", "Điêu", "Hoàng"};
static const char *const thai_given_m[] = {"Ơn",   "Chiến", "Duẩn", "Thoán",
                                           "Kiên", "Sơn",   "Lả",   "Ngoan"};
static const char *const thai_given_f[] = {"Xuân",   "Thoa", "Ương", "Hoa",
                                           "Phương", "Mai",  "Liên", "Dịu"};
static const char *const mong_family[] = {"Giàng", "Vàng", "Thào", "Sùng",
                                          "Lý"};
static const char *const mong_given_m[] = {"Páo", "Chư", "Sính", "Dế",
                                           "Lử",  "Tủa", "Sử",   "Chá"};
static const char *const mong_given_f[] = {"Mỷ", "Dua", "Chở", "Say",
                                           "Pà", "Dợ",  "Mái", "Si"};

#define PICK(g, arr) ((arr)[hg_next(g) % N(arr)])

const char *hg_name(struct hg *g, enum hg_area area, bool female)
{
	int roll = hg_between(g, 1, 100);
	if (area == HG_KT && roll <= 50)
		return arena_printf(g->a, "%s %s", female ? "Y" : "A",
		                    female ? PICK(g, tn_given_f)
		                           : PICK(g, tn_given_m));
	if (area == HG_TD && roll <= 30)
		return arena_printf(g->a, "%s %s %s", PICK(g, mong_family),
		                    female ? "Thị" : "A",
		                    female ? PICK(g, mong_given_f)
		                           : PICK(g, mong_given_m));
	if (area == HG_TD && roll <= 70)
		return arena_printf(g->a, "%s %s %s", PICK(g, thai_family),
		                    female ? "Thị" : "Văn",
		                    female ? PICK(g, thai_given_f)
		                           : PICK(g, thai_given_m));
	return arena_printf(
	    g->a, "%s %s %s", PICK(g, kinh_family),
	    female ? PICK(g, kinh_middle_f) : PICK(g, kinh_middle_m),
	    female ? PICK(g, kinh_given_f) : PICK(g, kinh_given_m));
}

void hg_audit(struct hg *g, const char *action, const char *kind, int64_t id,
              const char *tree, const char *path)
{
	cli_audit(g->st, action,
	          arena_printf(g->a, "%s:%lld", kind, (long long)id), tree,
	          path);
}

/* ---- the run ---------------------------------------------------------- */

enum store_status histgen_run(struct store *st, struct arena *a, uint64_t seed,
                              const unsigned char *seal_key,
                              struct histgen_stats *out, const char **what)
{
	static const char *ignored;
	struct hg *g = arena_alloc(a, sizeof *g);
	memset(g, 0, sizeof *g);
	memset(out, 0, sizeof *out);
	g->st = st;
	g->a = a;
	g->rng = seed;
	g->stats = out;
	g->what = what ? what : &ignored;
	for (int i = 0; i < HG_AREAS; i++)
		if (store_user_by_username(st, a, hg_areas[i].user,
		                           &g->user[i]) != STORE_OK)
			return hg_fail(g, STORE_NOTFOUND,
			               "a demo user is missing");
	if (store_user_by_username(st, a, "coso.kontum", &g->coso) != STORE_OK)
		return hg_fail(g, STORE_NOTFOUND, "a demo user is missing");
	struct unit_query uq = {.tree = HG_TREE, .level = 3};
	long total;
	enum store_status s =
	    store_units_list(st, a, &uq, &g->communes, &g->n_communes, &total);
	if (s != STORE_OK)
		return hg_fail(g, s, "cannot read the communes");
	if ((s = hg_network(g)) != STORE_OK ||
	    (s = hg_communications(g)) != STORE_OK ||
	    (s = hg_cases(g, seal_key)) != STORE_OK ||
	    (s = hg_aggregates(g)) != STORE_OK)
		return s;
	return STORE_OK;
}
