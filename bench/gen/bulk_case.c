/*
 * bulk_case.c — what one case of trogiup-gen --bulk is (bulk.c writes
 * it): type and stage by casegen's mix, opening date, the dates of its
 * stages and approvals, the type's facts checked as the API checks them
 * (the facts table of domain/casework.h, codes_has,
 * casework_facts_consistent) and its person's name and birth date.  One
 * seeded stream (xoshiro256**): the same seed and calls give the same
 * cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"
#include "domain/casework.h"
#include "domain/codes.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/fold.h"

#define N(a)  (sizeof(a) / sizeof((a)[0]))
#define DAY   86400LL
#define START 1546275600LL /* 2019-01-01T00:00:00+07:00 */

/* ---- a deterministic stream (xoshiro256**, as casegen) ---------------- */

struct rng {
	uint64_t s[4];
};

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

static void seed_rng(struct rng *r, uint64_t seed)
{
	uint64_t x = seed ^ 0x62756c6b62756c6bULL; /* "bulkbulk" */
	for (int i = 0; i < 4; i++) {
		uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		r->s[i] = z ^ (z >> 31);
	}
}

static uint64_t below(struct rng *r, uint64_t n) /* [0, n), n >= 1 */
{
	return n <= 1 ? 0 : next(r) % n;
}

static bool chance(struct rng *r, int percent)
{
	return (int)below(r, 100) < percent;
}

struct w {
	const char *s;
	int weight;
};

static const char *pickw(struct rng *r, const struct w *t, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += t[i].weight;
	int x = (int)below(r, (uint64_t)total);
	for (size_t i = 0; i < n; i++)
		if ((x -= t[i].weight) < 0)
			return t[i].s;
	return t[n - 1].s;
}
#define PICKW(r, t) pickw((r), (t), N(t))

/* ---- what a case is (casegen's mix) ----------------------------------- */

static const struct w type_weights[] = {
    {"social_assistance", 40},
    {"child_protection", 25},
    {"gbv", 14},
    {"drug_rehab", 11},
    {"trafficking_victim", 5},
    {"sex_work_support", 5},
};
static const struct w stage_weights[] = {
    {"intake", 6},        {"assessment", 8}, {"planning", 8},
    {"intervention", 28}, {"review", 6},     {"closed", 44},
};
static const struct w sa_categories[] = {
    {"sa_elderly_poor_60_79", 20}, {"sa_elderly_80plus_no_pension", 25},
    {"sa_disabled_severe", 20},    {"sa_disabled_extreme", 10},
    {"sa_single_parent_poor", 10}, {"sa_elderly_community_care", 10},
    {"sa_adult_hiv_poor", 5},
};
static const struct w child_statuses[] = {
    {"special_circumstances", 50}, {"at_risk", 30}, {"abused", 20}};
static const struct w csc_groups[] = {
    {"csc04", 30}, {"csc08", 15}, {"csc03", 10}, {"csc01", 8}, {"csc13", 8},
    {"csc05", 4},  {"csc09", 4},  {"csc10", 4},  {"csc11", 4}, {"csc02", 3},
};
static const struct w abuse_types[] = {
    {"violence", 40},     {"neglect", 20},    {"sexual_abuse", 15},
    {"exploitation", 10}, {"abandonment", 8},
};
static const struct w rehab_forms[] = {
    {"rehab_voluntary_community", 30}, {"rehab_voluntary_facility", 10},
    {"rehab_compulsory_adult", 25},    {"rehab_compulsory_minor", 2},
    {"opioid_substitution", 15},       {"post_rehab_management", 12},
    {"drug_user_management", 6},
};
static const struct w tip_statuses[] = {
    {"tip_victim", 70},
    {"tip_in_identification", 15},
    {"tip_accompanying_minor", 10},
    {"tip_foreign_victim", 3},
};
static const char *const tip_items[] = {
    "tip_essential_needs", "tip_travel",         "tip_medical",
    "tip_psychological",   "tip_legal_aid",      "tip_initial_hardship",
    "tip_vocational",      "tip_interpretation",
};
static const struct w early_reasons[] = {
    {"unfounded_report", 40},   {"duplicate", 15},
    {"declined_services", 25},  {"moved_away", 10},
    {"no_longer_eligible", 10},
};
static const struct w closure_reasons[] = {
    {"plan_completed", 80},   {"moved_away", 8}, {"no_longer_eligible", 7},
    {"declined_services", 3}, {"other", 2},
};

/* Ages at opening by type (casegen's ranges, simplified). */
static const struct {
	int lo, hi, male_percent;
} ages[CASE_TYPE__MAX] = {
    [CASE_SOCIAL_ASSISTANCE] = {2, 92, 45},
    [CASE_CHILD_PROTECTION] = {0, 15, 52},
    [CASE_GBV] = {18, 62, 15},
    [CASE_DRUG_REHAB] = {18, 52, 94},
    [CASE_SEX_WORK_SUPPORT] = {18, 45, 3},
    [CASE_TRAFFICKING_VICTIM] = {15, 38, 18},
};

/* ---- names ------------------------------------------------------------- */

static const struct w families[] = {
    {"Nguyễn", 38}, {"Trần", 11}, {"Lê", 9}, {"Phạm", 7}, {"Hoàng", 5},
    {"Huỳnh", 5},   {"Phan", 4},  {"Vũ", 4}, {"Võ", 4},   {"Đặng", 2},
    {"Bùi", 2},     {"Đỗ", 2},    {"Hồ", 2}, {"Ngô", 2},  {"Dương", 1},
};
static const char *const middles[2][6] = {
    {"Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"},
    {"Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh"},
};
static const char *const givens[2][15] = {
    {"Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
     "Ngọc", "Nhung", "Phương", "Thảo", "Trang"},
    {"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam",
     "Phúc", "Quang", "Sơn", "Thắng", "Tuấn", "Việt"},
};

/* text_fold of every name part, made once */
struct folded {
	const char *family[N(families)];
	const char *middle[2][6], *given[2][15];
};

static void fold_names(struct arena *a, struct folded *f)
{
	for (size_t i = 0; i < N(families); i++)
		f->family[i] = text_fold(a, families[i].s);
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < 6; i++)
			f->middle[s][i] = text_fold(a, middles[s][i]);
		for (size_t i = 0; i < 15; i++)
			f->given[s][i] = text_fold(a, givens[s][i]);
	}
}

/* which name parts were used, for name_words */
struct used {
	bool family[N(families)], middle[2][6], given[2][15];
};

static void make_name(struct rng *r, const struct folded *f, struct used *u,
                      int male, char *name, size_t nsize, char *folded,
                      size_t fsize)
{
	const char *fam = PICKW(r, families);
	size_t fi = 0;
	while (families[fi].s != fam)
		fi++;
	size_t mi = below(r, 6), gi = below(r, 15);
	u->family[fi] = u->middle[male][mi] = u->given[male][gi] = true;
	snprintf(name, nsize, "%s %s %s", fam, middles[male][mi],
	         givens[male][gi]);
	snprintf(folded, fsize, "%s %s %s", f->family[fi], f->middle[male][mi],
	         f->given[male][gi]);
}

/* ---- facts --------------------------------------------------------------- */

struct facts {
	const char *name[10], *value[10];
	enum fact_kind kind[10];
	size_t n;
	char buf[256]; /* dates and joined codes */
	size_t used;
};

static void fact(struct facts *f, const char *name, enum fact_kind k,
                 const char *v)
{
	f->name[f->n] = name;
	f->kind[f->n] = k;
	f->value[f->n] = v;
	f->n++;
}

static const char *fact_get(void *ctx, const char *name)
{
	const struct facts *f = ctx;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}

static const char *keep(struct facts *f, const char *s)
{
	size_t len = strlen(s) + 1;
	if (f->used + len > sizeof f->buf)
		return "";
	char *p = memcpy(f->buf + f->used, s, len);
	f->used += len;
	return p;
}

static const char *day_of(struct facts *f, int64_t t)
{
	char d[11];
	hcm_day_format(hcm_day_of(t), d);
	return keep(f, d);
}

/* One case's facts; assessed: the work got past intake (planning or a
 * normal closure), decided: a plan was carried out (intervention on). */
static void choose_facts(struct rng *r, enum case_type type, bool assessed,
                         bool decided, int64_t opened, struct facts *f,
                         bool *restricted)
{
	f->n = f->used = 0;
	*restricted = case_type_restricted(type);
	switch (type) {
	case CASE_SOCIAL_ASSISTANCE:
		fact(f, "sa_category", FACT_CODE, PICKW(r, sa_categories));
		if (assessed)
			fact(f, "care_setting", FACT_CODE,
			     chance(r, 8) ? "facility" : "community");
		break;
	case CASE_CHILD_PROTECTION: {
		const char *status = PICKW(r, child_statuses);
		fact(f, "child_status", FACT_CODE, status);
		if (strcmp(status, "special_circumstances") == 0)
			fact(f, "csc_groups", FACT_CODES, PICKW(r, csc_groups));
		if (strcmp(status, "abused") == 0) {
			const char *abuse = PICKW(r, abuse_types);
			fact(f, "abuse_types", FACT_CODES, abuse);
			*restricted = strcmp(abuse, "sexual_abuse") == 0;
		}
		break;
	}
	case CASE_GBV: {
		bool victim = chance(r, 85);
		fact(f, "gbv_role", FACT_CODE,
		     victim ? "victim" : "perpetrator");
		fact(f, "incident_date", FACT_DATE,
		     day_of(f, opened - (int64_t)below(r, 10) * DAY));
		if (!victim && decided)
			fact(f, "perpetrator_counselled", FACT_BOOL,
			     chance(r, 60) ? "true" : "false");
		break;
	}
	case CASE_DRUG_REHAB: {
		const char *form = PICKW(r, rehab_forms);
		fact(f, "rehab_form", FACT_CODE, form);
		if (strstr(form, "compulsory") != NULL) {
			int64_t court =
			    opened - (5 + (int64_t)below(r, 26)) * DAY;
			fact(f, "court_decision_date", FACT_DATE,
			     day_of(f, court));
			if (assessed)
				fact(f, "executed_date", FACT_DATE,
				     day_of(f,
				            court + (1 + (int64_t)below(r, 5)) *
				                        DAY));
		}
		if (decided && chance(r, 35))
			fact(f, "vocational_training", FACT_BOOL, "true");
		break;
	}
	case CASE_SEX_WORK_SUPPORT:
		fact(f, "harm_reduction", FACT_BOOL,
		     chance(r, 80) ? "true" : "false");
		if (assessed)
			fact(f, "vocational_training", FACT_BOOL,
			     chance(r, 40) ? "true" : "false");
		break;
	case CASE_TRAFFICKING_VICTIM: {
		const char *status = PICKW(r, tip_statuses);
		fact(f, "tip_person_status", FACT_CODE, status);
		int64_t received = opened - (int64_t)below(r, 3) * DAY;
		const char *rd = day_of(f, received);
		fact(f, "received_date", FACT_DATE, rd);
		if (assessed)
			fact(f, "verified_date", FACT_DATE,
			     day_of(f, received + (int64_t)below(r, 3) * DAY));
		if (assessed) {
			char items[160] = "";
			size_t first = below(r, N(tip_items)), k = 0;
			for (size_t i = 0; i < N(tip_items) && k < 3; i++) {
				const char *it =
				    tip_items[(first + i) % N(tip_items)];
				if (casework_tip_support_allowed(status, it,
				                                 rd) &&
				    chance(r, 50)) {
					if (k++ > 0)
						strcat(items, ",");
					strcat(items, it);
				}
			}
			if (k > 0)
				fact(f, "support_items", FACT_CODES,
				     keep(f, items));
		}
		if (chance(r, 30)) {
			fact(f, "safety_requested", FACT_BOOL, "true");
			if (decided)
				fact(f, "safety_provided", FACT_BOOL,
				     chance(r, 80) ? "true" : "false");
		}
		break;
	}
	default: break;
	}
}

/* What the API would refuse: an unknown code or a cross-field rule. */
static const char *facts_invalid(enum case_type type, struct facts *f)
{
	size_t ns;
	const struct fact_spec *spec = casework_facts(type, &ns);
	for (size_t i = 0; i < f->n; i++) {
		const struct fact_spec *s = NULL;
		for (size_t k = 0; k < ns; k++)
			if (strcmp(spec[k].name, f->name[i]) == 0)
				s = &spec[k];
		if (s == NULL || s->kind != f->kind[i])
			return f->name[i];
		if (s->codes == NULL)
			continue;
		char one[64];
		for (const char *p = f->value[i]; *p != '\0';) {
			size_t len = strcspn(p, ",");
			snprintf(one, sizeof one, "%.*s", (int)len, p);
			if (!codes_has(s->codes, one))
				return f->name[i];
			p += len + (p[len] == ',');
		}
	}
	const char *field, *message;
	if (!casework_facts_consistent(type, fact_get, f, &field, &message))
		return field;
	return NULL;
}

/* The facts as details JSON (casegen's form: codes lists as arrays). */
static void facts_json(const struct facts *f, char *out, size_t size)
{
	size_t len = (size_t)snprintf(out, size, "{");
	for (size_t i = 0; i < f->n && len < size; i++) {
		const char *sep = i ? "," : "";
		const char *v = f->value[i];
		if (f->kind[i] == FACT_BOOL || f->kind[i] == FACT_INT) {
			len +=
			    (size_t)snprintf(out + len, size - len,
			                     "%s\"%s\":%s", sep, f->name[i], v);
		} else if (f->kind[i] == FACT_CODES) {
			len +=
			    (size_t)snprintf(out + len, size - len,
			                     "%s\"%s\":[\"", sep, f->name[i]);
			for (; *v != '\0' && len < size; v++)
				len += (size_t)snprintf(
				    out + len, size - len,
				    *v == ',' ? "\",\"" : "%c", *v);
			len += (size_t)snprintf(out + len, size - len, "\"]");
		} else {
			len += (size_t)snprintf(out + len, size - len,
			                        "%s\"%s\":\"%s\"", sep,
			                        f->name[i], v);
		}
	}
	if (len < size)
		snprintf(out + len, size - len, "}");
}

/* The case's rows of the view case_indicator_rows: 0004_indicators.sql's
 * arms, one by one, in C (bulk_sums.c adds them up; `trogiup indicators
 * rebuild` in bench/gen/check finds any difference). */
static void indicator_rows(struct bulk_case *c, struct facts *f)
{
	bool supported = c->plan != 0 || c->stage == STAGE_INTERVENTION ||
	                 c->stage == STAGE_REVIEW;
	const char *v;
#define ROW(i, n, d)                                                           \
	(c->ind[c->n_ind].code = (i), c->ind[c->n_ind].num = (n),              \
	 c->ind[c->n_ind].den = (d), c->n_ind++)
#define IS(name, want)                                                         \
	((v = fact_get(f, (name))) != NULL && strcmp(v, want) == 0)
#define HAS(name) (fact_get(f, (name)) != NULL)
	c->n_ind = 0;
	switch (c->type) {
	case CASE_SOCIAL_ASSISTANCE: ROW(IND_P1_SUPPORTED, supported, 1); break;
	case CASE_CHILD_PROTECTION:
		if (IS("child_status", "special_circumstances")) {
			ROW(IND_P2_CSC_SUPPORTED, supported, 1);
			if (c->stage != STAGE_CLOSED)
				ROW(IND_P2_CSC_MANAGED, 1, 0);
		}
		if (IS("child_status", "abused") ||
		    IS("child_status", "at_risk")) {
			ROW(IND_P2_RISK_SUPPORTED, supported, 1);
			ROW(IND_P2_RISK_PLAN, c->plan != 0, 1);
		}
		if (IS("child_status", "abused"))
			ROW(IND_P2_ABUSE_RATE, 1, 0);
		break;
	case CASE_GBV:
		if (IS("gbv_role", "victim"))
			ROW(IND_P3_GBV_SUPPORTED, supported, 1);
		if (IS("gbv_role", "perpetrator"))
			ROW(IND_P3_GBV_COUNSELLED,
			    IS("perpetrator_counselled", "true"), 1);
		break;
	case CASE_DRUG_REHAB:
		if (HAS("court_decision_date"))
			ROW(IND_P4_COURT_EXECUTED, HAS("executed_date"), 1);
		ROW(IND_P4_TREATED,
		    !IS("rehab_form", "drug_user_management") &&
		        !IS("rehab_form", "post_rehab_management"),
		    1);
		ROW(IND_P4_VOCATIONAL, IS("vocational_training", "true"), 1);
		if (IS("vocational_training", "true"))
			ROW(IND_P4_VOCATIONAL_COUNT, 1, 0);
		break;
	case CASE_SEX_WORK_SUPPORT:
		ROW(IND_P4_HARM_REDUCTION, IS("harm_reduction", "true"), 1);
		break;
	case CASE_TRAFFICKING_VICTIM: {
		bool victim = IS("tip_person_status", "tip_victim") ||
		              IS("tip_person_status", "tip_foreign_victim");
		bool items = HAS("support_items"); /* only when not empty */
		if (victim)
			ROW(IND_P4_TIP_SUPPORTED, supported || items, 1);
		ROW(IND_P4_TIP_VERIFIED, HAS("verified_date"), 1);
		bool provided = IS("safety_provided", "true"),
		     requested = IS("safety_requested", "true");
		if (provided || requested)
			ROW(IND_P4_TIP_PROTECTED, provided, requested);
		if (victim)
			ROW(IND_P4_TIP_BENEFITS, items, 1);
		break;
	}
	default: break;
	}
#undef ROW
#undef IS
#undef HAS
}

struct bulk_gen {
	struct rng rng;
	struct arena *keep;
	struct folded names;
	struct used used;
};

size_t bulk_name_words(const struct bulk_gen *g, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < N(families) && n < max; i++)
		if (g->used.family[i])
			out[n++] = g->names.family[i];
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < 6 && n < max; i++)
			if (g->used.middle[s][i])
				out[n++] = g->names.middle[s][i];
		for (size_t i = 0; i < 15 && n < max; i++)
			if (g->used.given[s][i])
				out[n++] = g->names.given[s][i];
	}
	return n;
}

struct bulk_gen *bulk_gen_new(uint64_t seed)
{
	struct bulk_gen *g = calloc(1, sizeof *g);
	if (g == NULL)
		return NULL;
	seed_rng(&g->rng, seed);
	g->keep = arena_new();
	fold_names(g->keep, &g->names);
	return g;
}

void bulk_gen_free(struct bulk_gen *g)
{
	if (g == NULL)
		return;
	arena_free(g->keep);
	free(g);
}

uint64_t bulk_below(struct bulk_gen *g, uint64_t n)
{
	return below(&g->rng, n);
}

int bulk_case_make(struct bulk_gen *g, int64_t now, struct bulk_case *c)
{
	struct rng *r = &g->rng;
	enum case_type type;
	enum case_stage stage;
	if (case_type_parse(PICKW(r, type_weights), &type) != 0 ||
	    case_stage_parse(PICKW(r, stage_weights), &stage) != 0)
		return -1;
	int64_t opened = START + (int64_t)below(r, (uint64_t)(now - START));
	int64_t span = now - opened;
#define UPTO(d) ((int64_t)below(r, (uint64_t)((d) < span ? (d) : span) + 1))
	bool early = stage == STAGE_CLOSED && chance(r, 30);
	int64_t since = opened, plan = 0, closure = 0, closed = 0;
	if (stage == STAGE_CLOSED) {
		closed = since =
		    opened + (early ? UPTO(30 * DAY) : UPTO(540 * DAY));
		if (!early) {
			/* as bulk_hist.c passes the stages */
			plan = opened + (since - opened) * 3 / (int)stage;
			closure = since;
		}
	} else if (stage != STAGE_INTAKE) {
		since = opened + UPTO(180 * DAY);
		if (stage >= STAGE_INTERVENTION)
			plan = opened + (since - opened) * 3 / (int)stage;
	}
#undef UPTO
	bool assessed = (stage >= STAGE_PLANNING && stage != STAGE_CLOSED) ||
	                (stage == STAGE_CLOSED && !early);
	bool decided = stage == STAGE_INTERVENTION || stage == STAGE_REVIEW ||
	               (stage == STAGE_CLOSED && !early);
	struct facts f;
	choose_facts(r, type, assessed, decided, opened, &f, &c->restricted);
	const char *bad = facts_invalid(type, &f);
	if (bad != NULL) {
		fprintf(stderr,
		        "trogiup-gen: generated an invalid %s fact %s\n",
		        case_type_name(type), bad);
		return -1;
	}
	facts_json(&f, c->details, sizeof c->details);
	c->type = type;
	c->stage = stage;
	c->opened = opened;
	c->since = since;
	c->plan = plan;
	c->closure = closure;
	c->closed = closed;
	indicator_rows(c, &f);
	c->closure_reason = stage != STAGE_CLOSED ? NULL
	                    : early               ? PICKW(r, early_reasons)
	                                          : PICKW(r, closure_reasons);
	c->urgency = chance(r, 5)    ? "emergency"
	             : chance(r, 15) ? "urgent"
	                             : "normal";
	c->risk = stage == STAGE_INTAKE ? NULL
	          : chance(r, 50)       ? "medium"
	          : chance(r, 60)       ? "low"
	                                : "high";

	/* the person */
	int age = ages[type].lo +
	          (int)below(r, (uint64_t)(ages[type].hi - ages[type].lo + 1));
	c->male = chance(r, ages[type].male_percent);
	c->born = hcm_year_of(opened) - age;
	make_name(r, &g->names, &g->used, c->male, c->name, sizeof c->name,
	          c->folded, sizeof c->folded);
	/* Unsigned and bounded so the compiler sees the date fits. */
	snprintf(c->birth, sizeof c->birth, "%04u-%02u-%02u",
	         (unsigned)c->born % 10000u, 1u + (unsigned)(below(r, 12) % 12),
	         1u + (unsigned)(below(r, 28) % 28));
	return 0;
}
