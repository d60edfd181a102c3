/*
 * histgen_cases.c — the cases of the demo's past years (see histgen.h).
 *
 * A table of batches says, per plan unit and year, how many cases of a
 * type and key fact were opened and how many of them did what the
 * indicator counts ("good": supported, counselled, executed, vocational
 * training …).  Each case goes to a child unit — in turn by population
 * (a smooth weighted round robin per area), or as listed — and the good
 * outcomes go to the stronger units first, with a little chance mixed in,
 * so the province's numbers are exactly the table's and its districts
 * differ.  Good cases were closed after their plan (or are still in
 * intervention, `open`), the others closed early (no plan, no services)
 * or after their plan with the facts `bad` gives.
 *
 * Kon Tum's `residents` batches are people admitted to the provincial
 * centre: their case is made in intervention, the person admitted a few
 * days later, discharged months or years after, and the case closed then
 * — as the API records admissions, discharges and closures.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/casegen.h"
#include "cli/cli.h"
#include "cli/histgen_int.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/timeutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAY  86400

#define SA   CASE_SOCIAL_ASSISTANCE
#define CP   CASE_CHILD_PROTECTION
#define GBV  CASE_GBV
#define DR   CASE_DRUG_REHAB
#define SW   CASE_SEX_WORK_SUPPORT
#define TIP  CASE_TRAFFICKING_VICTIM
#define EACH 0 /* a batch of every year 2018–2020 */

#define VOC         "vocational_training=true"
#define NO_VOC      "vocational_training=false"
#define SAFE        "safety_requested=true;safety_provided=true"
#define UNSAFE      "safety_requested=true;safety_provided=false"
#define NO_SAFETY   "safety_requested=;safety_provided="
#define NO_ITEMS    "support_items="
#define HR          "harm_reduction=true"
#define NO_HR       "harm_reduction=false"
#define TALKED      "perpetrator_counselled=true"
#define UNTALKED    "perpetrator_counselled=false"
#define CSC         "special_circumstances"
#define COMPULSORY  "rehab_compulsory_adult"
#define VOLUNTARY   "rehab_voluntary_community"
#define RESIDENT_SA "sa_disabled_extreme,sa_elderly_poor_80plus"

static const struct batch {
	enum hg_area area;
	int year;
	enum case_type type;
	const char *keys; /* key facts, taken in turn (NULL: any) */
	int n, good;
	int open;      /* good ones still in intervention */
	int residents; /* good ones admitted to Kon Tum's centre */
	int bad_early; /* the others closed early (1) or after a plan (0) */
	const char *good_facts, *bad_facts; /* "name=value;…" */
	const char *at; /* the child units of the cases in order, or NULL */
} batches[] = {
    /* Kon Tum 2018 */
    {HG_KT, 2018, SA, NULL, 10, 7, 1, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2018, SA, RESIDENT_SA, 4, 4, 0, 4, 1, NULL, NULL, NULL},
    {HG_KT, 2018, CP, CSC, 10, 7, 0, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2018, CP, CSC, 2, 2, 0, 2, 1, NULL, NULL, NULL},
    {HG_KT, 2018, CP, "at_risk", 5, 3, 0, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2018, CP, "abused", 3, 2, 0, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2018, GBV, "victim", 8, 6, 0, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2018, GBV, "perpetrator", 3, 1, 0, 0, 0, TALKED, UNTALKED, NULL},
    {HG_KT, 2018, DR, COMPULSORY, 4, 3, 0, 0, 1, NO_VOC, NO_VOC, NULL},
    {HG_KT, 2018, DR, VOLUNTARY, 3, 2, 0, 0, 0, VOC, NO_VOC, NULL},
    {HG_KT, 2018, DR, "opioid_substitution", 1, 1, 0, 0, 0, NO_VOC, NULL, NULL},
    {HG_KT, 2018, DR, "drug_user_management", 2, 2, 0, 0, 0, NO_VOC, NULL,
     NULL},
    {HG_KT, 2018, TIP, "tip_victim", 1, 1, 0, 0, 0, SAFE, NULL, NULL},
    {HG_KT, 2018, TIP, "tip_victim", 2, 1, 0, 0, 1, NO_SAFETY, NO_SAFETY, NULL},
    {HG_KT, 2018, SW, NULL, 3, 2, 0, 0, 0, HR, NO_HR, "608 615 608"},
    /* Kon Tum 2019 */
    {HG_KT, 2019, SA, NULL, 13, 9, 1, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2019, SA, RESIDENT_SA, 5, 5, 0, 5, 1, NULL, NULL, NULL},
    {HG_KT, 2019, CP, CSC, 11, 8, 1, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2019, CP, CSC, 3, 3, 0, 3, 1, NULL, NULL, NULL},
    {HG_KT, 2019, CP, "at_risk", 5, 4, 0, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2019, CP, "abused", 4, 3, 0, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2019, GBV, "victim", 10, 8, 1, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2019, GBV, "perpetrator", 4, 2, 0, 0, 0, TALKED, UNTALKED, NULL},
    {HG_KT, 2019, DR, COMPULSORY, 5, 2, 0, 0, 0, VOC, NO_VOC, NULL},
    {HG_KT, 2019, DR, VOLUNTARY, 3, 2, 0, 0, 0, VOC, NO_VOC, NULL},
    {HG_KT, 2019, DR, "opioid_substitution", 1, 1, 0, 0, 0, NO_VOC, NULL, NULL},
    {HG_KT, 2019, DR, "post_rehab_management", 1, 1, 0, 0, 0, VOC, NULL, NULL},
    {HG_KT, 2019, DR, "drug_user_management", 2, 2, 0, 0, 0, NO_VOC, NULL,
     NULL},
    {HG_KT, 2019, TIP, "tip_victim", 2, 2, 0, 0, 0, SAFE, NULL, NULL},
    {HG_KT, 2019, TIP, "tip_victim", 2, 1, 0, 0, 0, NO_SAFETY,
     NO_SAFETY ";" NO_ITEMS, NULL},
    {HG_KT, 2019, TIP, "tip_accompanying_minor", 1, 1, 0, 0, 0, NO_SAFETY, NULL,
     NULL},
    {HG_KT, 2019, SW, NULL, 4, 3, 0, 0, 0, HR, NO_HR, "608 612 615 608"},
    /* Kon Tum 2020 */
    {HG_KT, 2020, SA, NULL, 16, 11, 2, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2020, SA, RESIDENT_SA, 6, 6, 0, 6, 1, NULL, NULL, NULL},
    {HG_KT, 2020, CP, CSC, 15, 11, 1, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2020, CP, CSC, 3, 3, 0, 3, 1, NULL, NULL, NULL},
    {HG_KT, 2020, CP, "at_risk", 6, 4, 0, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2020, CP, "abused", 4, 3, 0, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2020, GBV, "victim", 12, 9, 0, 0, 1, NULL, NULL, NULL},
    {HG_KT, 2020, GBV, "perpetrator", 5, 1, 0, 0, 0, TALKED, UNTALKED, NULL},
    {HG_KT, 2020, DR, COMPULSORY, 2, 2, 0, 0, 0, VOC, NULL, NULL},
    {HG_KT, 2020, DR, COMPULSORY, 4, 3, 0, 0, 1, NO_VOC, NO_VOC, NULL},
    {HG_KT, 2020, DR, VOLUNTARY, 3, 2, 0, 0, 0, VOC, NO_VOC, NULL},
    {HG_KT, 2020, DR, "opioid_substitution", 2, 2, 0, 0, 0, NO_VOC, NULL, NULL},
    {HG_KT, 2020, DR, "post_rehab_management", 1, 1, 0, 0, 0, VOC, NULL, NULL},
    {HG_KT, 2020, DR, "drug_user_management", 2, 2, 0, 0, 0, NO_VOC, NULL,
     NULL},
    {HG_KT, 2020, TIP, "tip_victim", 2, 2, 0, 0, 0, SAFE, NULL, NULL},
    {HG_KT, 2020, TIP, "tip_victim", 1, 1, 0, 0, 0, UNSAFE, NULL, NULL},
    {HG_KT, 2020, TIP, "tip_victim", 2, 2, 0, 0, 0, NO_SAFETY, NULL, NULL},
    {HG_KT, 2020, TIP, "tip_victim", 1, 1, 0, 0, 0, NO_SAFETY ";" NO_ITEMS,
     NULL, NULL},
    {HG_KT, 2020, TIP, "tip_in_identification", 1, 0, 0, 0, 1, NULL, NO_SAFETY,
     NULL},
    {HG_KT, 2020, SW, NULL, 6, 5, 0, 0, 0, HR, NO_HR,
     "608 612 615 611 616 608"},
    /* Thái Bình, the same each year */
    {HG_TB, EACH, SA, NULL, 8, 5, 0, 0, 1, NULL, NULL, NULL},
    {HG_TB, EACH, CP, CSC, 6, 5, 1, 0, 1, NULL, NULL, NULL},
    {HG_TB, EACH, CP, "at_risk,abused", 4, 3, 0, 0, 1, NULL, NULL, NULL},
    {HG_TB, EACH, GBV, "victim", 5, 4, 0, 0, 1, NULL, NULL, NULL},
    {HG_TB, EACH, GBV, "perpetrator", 2, 1, 0, 0, 0, TALKED, UNTALKED, NULL},
    {HG_TB, EACH, DR, COMPULSORY, 3, 3, 0, 0, 0, NO_VOC, NULL, NULL},
    {HG_TB, EACH, DR, VOLUNTARY, 3, 1, 0, 0, 0, VOC, NO_VOC, NULL},
    {HG_TB, EACH, DR, "drug_user_management", 1, 1, 0, 0, 0, NO_VOC, NULL,
     NULL},
    {HG_TB, EACH, TIP, "tip_victim", 2, 1, 0, 0, 0, SAFE,
     NO_SAFETY ";" NO_ITEMS, NULL},
    {HG_TB, EACH, SW, NULL, 2, 2, 0, 0, 0, HR, NULL, "336 340"},
    /* Tam Đường, the same each year */
    {HG_TD, EACH, SA, NULL, 5, 4, 0, 0, 1, NULL, NULL, NULL},
    {HG_TD, EACH, CP, CSC, 5, 4, 1, 0, 1, NULL, NULL, NULL},
    {HG_TD, EACH, CP, "at_risk,abused", 3, 3, 0, 0, 1, NULL, NULL, NULL},
    {HG_TD, EACH, GBV, "victim", 4, 3, 0, 0, 1, NULL, NULL, NULL},
    {HG_TD, EACH, GBV, "perpetrator", 2, 1, 0, 0, 0, TALKED, UNTALKED, NULL},
    {HG_TD, EACH, DR, COMPULSORY, 2, 2, 0, 0, 0, NO_VOC, NULL, NULL},
    {HG_TD, EACH, DR, VOLUNTARY, 2, 1, 0, 0, 0, VOC, NO_VOC, NULL},
    {HG_TD, EACH, DR, "drug_user_management", 1, 1, 0, 0, 0, NO_VOC, NULL,
     NULL},
    {HG_TD, EACH, TIP, "tip_victim", 1, 1, 0, 0, 0, SAFE, NULL, NULL},
    {HG_TD, EACH, SW, NULL, 3, 2, 0, 0, 0, HR, NO_HR, "03390 03412 03390"},
};

/* The cases' own stream and the residents' centre. */
struct hc {
	struct hg *g;
	struct casegen *gen;
	int cursor[HG_AREAS][HG_MAX_SUB]; /* smooth weighted round robin */
	struct facility_row centre;       /* Kon Tum's; id 0: none */
};

/* The next child unit of the area in turn, by population. */
static size_t next_sub(struct hc *h, enum hg_area area)
{
	const struct hg_area_def *d = &hg_areas[area];
	int total = 0;
	size_t best = 0;
	for (size_t i = 0; i < d->n; i++) {
		h->cursor[area][i] += d->people[i];
		total += d->people[i];
		if (h->cursor[area][i] > h->cursor[area][best])
			best = i;
	}
	h->cursor[area][best] -= total;
	return best;
}

static size_t sub_index(enum hg_area area, const char *code)
{
	const struct hg_area_def *d = &hg_areas[area];
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->sub[i], code) == 0)
			return i;
	return 0;
}

/* ---- residents -------------------------------------------------------- */

static enum store_status case_event(struct hg *g, int64_t case_id,
                                    const struct user_row *by, int64_t at,
                                    const char *kind, json_t *data)
{
	char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(data);
	struct case_event_row e = {0};
	e.case_id = case_id;
	e.at = at;
	e.actor_id = by->id;
	e.actor_name = by->username;
	e.kind = kind;
	e.data = text ? arena_strdup(g->a, text) : "{}";
	free(text);
	return store_case_event_append(g->st, &e);
}

static enum store_status facility_event(struct hg *g, int64_t facility_id,
                                        const struct user_row *by, int64_t at,
                                        const char *kind, int64_t stay_id,
                                        const char *case_no)
{
	json_t *data = json_pack("{s:I, s:s}", "stay_id", (json_int_t)stay_id,
	                         "case_no", case_no);
	char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(data);
	struct facility_event_row e = {0};
	e.facility_id = facility_id;
	e.at = at;
	e.actor_id = by->id;
	e.actor_name = by->username;
	e.kind = kind;
	e.data = text ? arena_strdup(g->a, text) : "{}";
	free(text);
	return store_facility_event_append(g->st, &e);
}

/* Admitted a few days after the case's last step, discharged five months
 * to two and a half years later (by 2023), the case closed a week or two
 * after: the API's records of each step. */
static enum store_status reside(struct hc *h, const struct case_row *made)
{
	struct hg *g = h->g;
	const struct user_row *so = &g->user[HG_KT], *coso = &g->coso;
	char day[11];
	int64_t in_at = made->updated_at + (int64_t)hg_between(g, 1, 6) * DAY;
	hcm_day_format(hcm_day_of(in_at), day);
	bool adult = strcmp(made->type, "social_assistance") == 0;
	struct stay_row s = {0};
	s.facility_id = h->centre.id;
	s.case_id = made->id;
	s.person_id = made->person_id;
	s.admitted_on = arena_strdup(g->a, day);
	s.admission_kind = "ordinary";
	s.reason = adult ? "Không nơi nương tựa, không có người chăm sóc, "
	                   "thuộc diện nuôi dưỡng tại cơ sở"
	                 : "Trẻ em có hoàn cảnh đặc biệt, không có người "
	                   "chăm sóc tại gia đình";
	s.decided_by = arena_printf(g->a,
	                            "Quyết định số %d/QĐ-SLĐTBXH về việc tiếp "
	                            "nhận đối tượng vào cơ sở",
	                            hg_between(g, 120, 980));
	s.admitted_by = so->id;
	s.created_at = in_at;
	enum store_status st = store_stay_insert(g->st, &s);
	if (st == STORE_OK)
		st = store_case_set_facility(g->st, made->id, s.facility_id);
	if (st == STORE_OK)
		st = facility_event(g, s.facility_id, so, in_at, "admission",
		                    s.id, made->case_no);
	if (st == STORE_OK)
		st = case_event(
		    g, made->id, so, in_at, "admission",
		    json_pack("{s:I, s:I, s:s, s:s, s:s, s:b}", "stay_id",
		              (json_int_t)s.id, "facility_id",
		              (json_int_t)s.facility_id, "facility_name",
		              h->centre.name, "admitted_on", s.admitted_on,
		              "admission_kind", s.admission_kind,
		              "over_capacity", 0));
	if (st != STORE_OK)
		return hg_fail(g, st, "cannot admit a resident");
	hg_audit(g, "resident_admit", "stay", s.id, h->centre.unit_tree,
	         h->centre.unit_path);
	g->stats->residents++;

	/* discharged; by the end of 2023 at the latest (both draws always
	 * made: the stream must not depend on the dates) */
	int32_t out_day = hcm_day_of(in_at) + hg_between(g, 150, 900);
	int32_t last_day, early = hg_between(g, 0, 60);
	hcm_day_parse("2023-12-20", &last_day);
	if (out_day > last_day)
		out_day = last_day - early;
	int64_t out_at = hcm_midnight(out_day) + 10 * 3600;
	hcm_day_format(out_day, day);
	s.discharged_on = arena_strdup(g->a, day);
	s.discharge_reason = adult ? "transferred" : "returned_family";
	s.discharge_note = adult ? "Chuyển về cơ sở gần gia đình theo "
	                           "nguyện vọng."
	                         : "Gia đình đủ điều kiện nhận lại chăm "
	                           "sóc; cán bộ xã tiếp tục theo dõi.";
	s.discharge_decided_by = "Giám đốc Trung tâm";
	s.discharged_by = coso->id;
	st = store_stay_discharge(g->st, &s);
	if (st == STORE_OK)
		st = store_case_set_facility(g->st, made->id, 0);
	if (st == STORE_OK)
		st = facility_event(g, s.facility_id, coso, out_at, "discharge",
		                    s.id, made->case_no);
	if (st == STORE_OK)
		st = case_event(
		    g, made->id, coso, out_at, "discharge",
		    json_pack("{s:I, s:I, s:s, s:s, s:s}", "stay_id",
		              (json_int_t)s.id, "facility_id",
		              (json_int_t)s.facility_id, "facility_name",
		              h->centre.name, "discharged_on", s.discharged_on,
		              "discharge_reason", s.discharge_reason));
	if (st != STORE_OK)
		return hg_fail(g, st, "cannot discharge a resident");
	hg_audit(g, "resident_discharge", "stay", s.id, h->centre.unit_tree,
	         h->centre.unit_path);

	/* the case closed after the discharge (closure approved; the
	 * province decides, no request row in this area) */
	struct case_row c;
	st = store_case_get(g->st, g->a, made->id, &c);
	if (st != STORE_OK)
		return hg_fail(g, st, "cannot read a resident's case");
	int64_t closed = out_at + (int64_t)hg_between(g, 5, 15) * DAY;
	const char *from = c.stage;
	c.closure_approved_at = closed - 2 * 3600;
	c.closure_reason = adult ? "transferred" : "plan_completed";
	c.stage = "closed";
	c.stage_since = c.closed_at = c.updated_at = closed;
	c.due_at = 0;
	c.due_rule = NULL;
	c.next_visit_at = 0;
	st = store_case_update(g->st, &c, c.version);
	if (st == STORE_OK)
		st = case_event(g, c.id, so, closed, "transition",
		                json_pack("{s:s, s:s, s:n, s:s}", "from", from,
		                          "to", "closed", "due_at",
		                          "closure_reason", c.closure_reason));
	if (st != STORE_OK)
		return hg_fail(g, st, "cannot close a resident's case");
	hg_audit(g, "case_transition", "case", c.id, c.unit_tree, c.unit_path);
	return STORE_OK;
}

/* ---- one batch -------------------------------------------------------- */

static enum store_status one_case(struct hc *h, const struct batch *b, int year,
                                  const char *sub, int i, bool good,
                                  int good_rank)
{
	struct hg *g = h->g;
	struct unit_row su;
	enum store_status s = hg_unit(g, sub, &su);
	if (s != STORE_OK)
		return hg_fail(g, s, "a demo unit is missing");
	/* the commune: the unit itself, or one of the district's (not the
	 * demo commune worker's own, whose list stays this year's) */
	const struct unit_row *commune = &su;
	if (su.level < 3) {
		const struct unit_row **list;
		size_t n = hg_communes_of(g, su.path, "23401", &list);
		if (n == 0)
			return hg_fail(g, STORE_NOTFOUND, "no communes");
		commune = list[hg_next(g) % n];
	}
	struct unit_row prov;
	if ((s = hg_unit(g, hg_areas[b->area].code, &prov)) != STORE_OK)
		return hg_fail(g, s, "a demo unit is missing");
	if (prov.level > 1) {
		char pcode[4];
		snprintf(pcode, sizeof pcode, "%.*s",
		         (int)strcspn(prov.path, "/"), prov.path);
		if ((s = hg_unit(g, pcode, &prov)) != STORE_OK)
			return hg_fail(g, s, "a demo unit is missing");
	}
	const struct user_row *who = &g->user[b->area];
	struct casegen_user creator = {who->id, who->username};
	struct casegen_unit u = {
	    .tree = commune->tree,
	    .code = commune->code,
	    .path = commune->path,
	    .name = casegen_unit_label(g->a, commune->type, commune->name),
	    .province_name = casegen_unit_label(g->a, prov.type, prov.name),
	    .creator = creator,
	    .workers = &creator,
	    .n_workers = 1,
	    .assign_percent = 50};
	bool resident = good && good_rank < b->residents && h->centre.id != 0;
	bool open = good && !resident && good_rank >= b->residents &&
	            good_rank < b->residents + b->open;
	const char *facts[6], *keys[2];
	size_t nk = hg_words(g->a, b->keys, ",", keys, N(keys));
	struct casegen_spec spec = {
	    .type = (int)b->type,
	    .stage = resident || open ? STAGE_INTERVENTION : STAGE_CLOSED,
	    .key = nk > 0 ? keys[(size_t)i % nk] : NULL,
	    .early = good ? 0 : b->bad_early,
	    .opened_near = hg_noon(hg_day(g, year, hg_between(g, 6, 352))),
	    .facts = facts,
	    .n_facts = hg_words(g->a, good ? b->good_facts : b->bad_facts, ";",
	                        facts, N(facts))};
	struct case_row made;
	s = casegen_case_spec(h->gen, g->a, &u, &spec, &made);
	if (s != STORE_OK)
		return hg_fail(g, s, "cannot add a past case");
	cli_audit(g->st, "case_create",
	          arena_printf(g->a, "case:%lld", (long long)made.id),
	          made.unit_tree, made.unit_path);
	g->stats->cases++;
	g->stats->open += open;
	g->stats->restricted += made.restricted != 0;
	return resident ? reside(h, &made) : STORE_OK;
}

static enum store_status one_batch(struct hc *h, const struct batch *b,
                                   int year)
{
	struct hg *g = h->g;
	const char *sub[64];
	int rank[64];
	size_t n = (size_t)b->n < N(sub) ? (size_t)b->n : N(sub);
	const char *at[16];
	size_t listed = hg_words(g->a, b->at, " ", at, N(at));
	for (size_t i = 0; i < n; i++) {
		size_t k = listed > 0 ? sub_index(b->area, at[i % listed])
		                      : next_sub(h, b->area);
		sub[i] = hg_areas[b->area].sub[k];
		/* the stronger unit first, unless listed; chance mixes the
		 * middle */
		rank[i] =
		    listed > 0 ? (int)i : (int)k * 4 + hg_between(g, 0, 9);
	}
	/* good outcomes to the best ranks (a stable insertion sort) */
	size_t order[64];
	for (size_t i = 0; i < n; i++) {
		size_t k = i;
		while (k > 0 && rank[order[k - 1]] > rank[i]) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = i;
	}
	for (size_t r = 0; r < n; r++) {
		size_t i = order[r];
		bool good = (int)r < b->good;
		enum store_status s =
		    one_case(h, b, year, sub[i], (int)i, good, (int)r);
		if (s != STORE_OK)
			return s;
	}
	return STORE_OK;
}

enum store_status hg_cases(struct hg *g, const unsigned char *seal_key)
{
	struct hc h;
	memset(&h, 0, sizeof h);
	h.g = g;
	/* Kon Tum's provincial centre (netgen.c), if the network is there */
	struct unit_row kt;
	enum store_status s = hg_unit(g, "62", &kt);
	if (s != STORE_OK)
		return hg_fail(g, s, "a demo unit is missing");
	struct facility_query fq = {
	    .tree = HG_TREE, .within_path = kt.path, .type = "fac_general"};
	struct facility_row *rows;
	size_t nf;
	long total;
	s = store_facilities_list(g->st, g->a, &fq, &rows, &nf, &total);
	if (s != STORE_OK)
		return hg_fail(g, s, "cannot read the facilities");
	for (size_t i = 0; i < nf && h.centre.id == 0; i++)
		if (strcmp(rows[i].unit_code, "62") == 0)
			h.centre = rows[i];

	struct casegen_options o = {.seed = hg_next(g),
	                            .now = time_now(),
	                            .seal_key = seal_key,
	                            .rich = true};
	h.gen = casegen_new(g->st, &o);
	if (h.gen == NULL)
		return hg_fail(g, STORE_ERROR,
		               "cannot read the deadline rules");
	s = STORE_OK;
	for (size_t i = 0; i < N(batches) && s == STORE_OK; i++) {
		const struct batch *b = &batches[i];
		for (int y = HG_FIRST_YEAR; y < HG_FIRST_YEAR + HG_YEARS; y++)
			if ((b->year == EACH || b->year == y) &&
			    (s = one_batch(&h, b, y)) != STORE_OK)
				break;
	}
	casegen_free(h.gen);
	return s;
}
