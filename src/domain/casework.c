/*
 * casework.c — the rules of case work: names, the stage machine, the facts
 * each type records and their cross-field rules, trafficking entitlements,
 * who sees a case, case numbers; see casework.h and docs/cases.md.
 *
 * Everything is a table where the shape repeats (names, edges, facts,
 * entitlements) so that a rule is one line to read against the law.
 */
#include "domain/casework.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/codes.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const type_names[CASE_TYPE__MAX] = {
    [CASE_SOCIAL_ASSISTANCE] = "social_assistance",
    [CASE_CHILD_PROTECTION] = "child_protection",
    [CASE_GBV] = "gbv",
    [CASE_DRUG_REHAB] = "drug_rehab",
    [CASE_SEX_WORK_SUPPORT] = "sex_work_support",
    [CASE_TRAFFICKING_VICTIM] = "trafficking_victim",
};

static const char *const stage_names[STAGE__MAX] = {
    [STAGE_INTAKE] = "intake",     [STAGE_ASSESSMENT] = "assessment",
    [STAGE_PLANNING] = "planning", [STAGE_INTERVENTION] = "intervention",
    [STAGE_REVIEW] = "review",     [STAGE_CLOSED] = "closed",
};

static const char *const event_names[EVENT_KIND__MAX] = {
    [EVENT_NOTE] = "note",   [EVENT_ASSESSMENT] = "assessment",
    [EVENT_PLAN] = "plan",   [EVENT_SERVICE] = "service",
    [EVENT_VISIT] = "visit",
};

static int parse_name(const char *const *names, int n, const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *case_type_name(enum case_type t)
{
	return (int)t >= 0 && t < CASE_TYPE__MAX ? type_names[t] : NULL;
}

int case_type_parse(const char *name, enum case_type *out)
{
	assert(out != NULL);
	int i = parse_name(type_names, CASE_TYPE__MAX, name);
	if (i < 0)
		return -1;
	*out = (enum case_type)i;
	return 0;
}

const char *case_stage_name(enum case_stage s)
{
	return (int)s >= 0 && s < STAGE__MAX ? stage_names[s] : NULL;
}

int case_stage_parse(const char *name, enum case_stage *out)
{
	assert(out != NULL);
	int i = parse_name(stage_names, STAGE__MAX, name);
	if (i < 0)
		return -1;
	*out = (enum case_stage)i;
	return 0;
}

const char *event_kind_name(enum event_kind k)
{
	return (int)k >= 0 && k < EVENT_KIND__MAX ? event_names[k] : NULL;
}

int event_kind_parse(const char *name, enum event_kind *out)
{
	assert(out != NULL);
	int i = parse_name(event_names, EVENT_KIND__MAX, name);
	if (i < 0)
		return -1;
	*out = (enum event_kind)i;
	return 0;
}

bool case_type_restricted(enum case_type t)
{
	return t == CASE_GBV || t == CASE_TRAFFICKING_VICTIM;
}

/* ---- transitions ----------------------------------------------------- */

static bool stage_known(enum case_stage s)
{
	return (int)s >= 0 && s < STAGE__MAX;
}

/* The edges of docs/cases.md §Workflow, what each needs checked below. */
static bool edge_exists(enum case_stage from, enum case_stage to)
{
	if (!stage_known(from) || !stage_known(to) || from == to)
		return false;
	if (to == STAGE_CLOSED)
		return true; /* from any open stage */
	switch (from) {
	case STAGE_INTAKE: return to == STAGE_ASSESSMENT;
	case STAGE_ASSESSMENT: return to == STAGE_PLANNING;
	case STAGE_PLANNING: return to == STAGE_INTERVENTION;
	case STAGE_INTERVENTION: return to == STAGE_REVIEW;
	case STAGE_REVIEW: return to == STAGE_PLANNING;
	case STAGE_CLOSED: return to == STAGE_ASSESSMENT;
	default: return false;
	}
}

/* A re-open reason counts without the blanks around it, so "   " is no
 * reason at all. */
static bool reason_ok(const char *reason)
{
	if (reason == NULL)
		return false;
	const char *b = reason;
	while (*b != '\0' && isspace((unsigned char)*b))
		b++;
	size_t len = strlen(b);
	while (len > 0 && isspace((unsigned char)b[len - 1]))
		len--;
	return len >= 3 && len <= 500;
}

enum transition_result
casework_transition_check(enum case_stage from, enum case_stage to,
                          const struct transition_facts *f)
{
	assert(f != NULL);
	if (!edge_exists(from, to))
		return TRANSITION_INVALID;
	if (to == STAGE_CLOSED) {
		if (!codes_has("closure_reason", f->closure_reason))
			return TRANSITION_NEEDS_CLOSURE_REASON;
		if (!f->closure_approved)
			return TRANSITION_NEEDS_APPROVAL;
		return TRANSITION_OK;
	}
	if (from == STAGE_CLOSED)
		return reason_ok(f->reason) ? TRANSITION_OK
		                            : TRANSITION_NEEDS_REASON;
	if (from == STAGE_PLANNING && to == STAGE_INTERVENTION &&
	    !f->plan_approved)
		return TRANSITION_NEEDS_APPROVAL;
	return TRANSITION_OK;
}

size_t casework_next_stages(enum case_stage from, enum case_stage *out)
{
	assert(out != NULL);
	size_t n = 0;
	for (int to = 0; to < STAGE__MAX; to++)
		if (edge_exists(from, (enum case_stage)to))
			out[n++] = (enum case_stage)to;
	return n;
}

/* ---- facts of each type (DESIGN.md §5) ------------------------------- */

static const struct fact_spec facts_social_assistance[] = {
    {"sa_category", FACT_CODE, "sa_category", true},
    {"care_setting", FACT_CODE, "care_setting", false},
    {"monthly_allowance_vnd", FACT_INT, NULL, false},
    {"allowance_from", FACT_DATE, NULL, false},
    {"vocational_training", FACT_BOOL, NULL, false},
    {"job_linkage", FACT_BOOL, NULL, false},
};

static const struct fact_spec facts_child_protection[] = {
    {"child_status", FACT_CODE, "child_status", true},
    {"csc_groups", FACT_CODES, "csc_group", false},
    {"abuse_types", FACT_CODES, "abuse_type", false},
    {"protection_level", FACT_CODE, "protection_level", false},
    {"alt_care_form", FACT_CODE, "alt_care_form", false},
};

static const struct fact_spec facts_gbv[] = {
    {"gbv_role", FACT_CODE, "gbv_role", true},
    {"incident_date", FACT_DATE, NULL, false},
    {"dv_measures", FACT_CODES, "dv_measure", false},
    {"safe_house_stay", FACT_BOOL, NULL, false},
    {"perpetrator_counselled", FACT_BOOL, NULL, false},
};

static const struct fact_spec facts_drug_rehab[] = {
    {"rehab_form", FACT_CODE, "rehab_form", true},
    {"court_decision_date", FACT_DATE, NULL, false},
    {"executed_date", FACT_DATE, NULL, false},
    {"term_months", FACT_INT, NULL, false},
    {"rehab_phase", FACT_CODE, "rehab_phase", false},
    {"vocational_training", FACT_BOOL, NULL, false},
};

static const struct fact_spec facts_sex_work_support[] = {
    {"harm_reduction", FACT_BOOL, NULL, false},
    {"vocational_training", FACT_BOOL, NULL, false},
    {"community_model", FACT_TEXT, NULL, false},
    {"health_check", FACT_BOOL, NULL, false},
};

static const struct fact_spec facts_trafficking_victim[] = {
    {"tip_person_status", FACT_CODE, "tip_person_status", true},
    {"received_date", FACT_DATE, NULL, false},
    {"verified_date", FACT_DATE, NULL, false},
    {"support_items", FACT_CODES, "tip_support", false},
    {"safety_requested", FACT_BOOL, NULL, false},
    {"safety_provided", FACT_BOOL, NULL, false},
    {"reintegrated", FACT_BOOL, NULL, false},
    {"returned_from", FACT_TEXT, NULL, false},
};

static const struct {
	const struct fact_spec *specs;
	size_t n;
} facts_by_type[CASE_TYPE__MAX] = {
    [CASE_SOCIAL_ASSISTANCE] = {facts_social_assistance,
                                N(facts_social_assistance)},
    [CASE_CHILD_PROTECTION] = {facts_child_protection,
                               N(facts_child_protection)},
    [CASE_GBV] = {facts_gbv, N(facts_gbv)},
    [CASE_DRUG_REHAB] = {facts_drug_rehab, N(facts_drug_rehab)},
    [CASE_SEX_WORK_SUPPORT] = {facts_sex_work_support,
                               N(facts_sex_work_support)},
    [CASE_TRAFFICKING_VICTIM] = {facts_trafficking_victim,
                                 N(facts_trafficking_victim)},
};

const struct fact_spec *casework_facts(enum case_type t, size_t *n)
{
	assert(n != NULL);
	if ((int)t < 0 || t >= CASE_TYPE__MAX) {
		*n = 0;
		return NULL;
	}
	*n = facts_by_type[t].n;
	return facts_by_type[t].specs;
}

static bool present(const char *v)
{
	return v != NULL && *v != '\0';
}

static bool is(const char *v, const char *code)
{
	return v != NULL && strcmp(v, code) == 0;
}

/* Term ranges of RULES.md §6.1 in months; forms not listed have no term
 * (substitution treatment, post-rehab and user management). */
static const struct {
	const char *form;
	bool compulsory;
	int min_months, max_months;
} rehab_terms[] = {
    {"rehab_voluntary_community", false, 6, 12},
    {"rehab_voluntary_facility", false, 6, 12},
    {"rehab_compulsory_adult", true, 12, 24},
    {"rehab_compulsory_minor", true, 6, 12},
};

static bool fail(const char **field, const char **message, const char *f,
                 const char *m)
{
	*field = f;
	*message = m;
	return false;
}

static bool child_protection_consistent(fact_get_fn get, void *ctx,
                                        const char **field,
                                        const char **message)
{
	const char *status = get(ctx, "child_status");
	bool groups = present(get(ctx, "csc_groups"));
	if (is(status, "special_circumstances") && !groups)
		return fail(field, message, "csc_groups",
		            "a child in special circumstances needs at least "
		            "one of the 14 groups");
	if (groups && !is(status, "special_circumstances") &&
	    !is(status, "abused"))
		return fail(field, message, "csc_groups",
		            "groups apply only to a child in special "
		            "circumstances or an abused child");
	if (is(status, "abused") && !present(get(ctx, "abuse_types")))
		return fail(field, message, "abuse_types",
		            "an abused child needs at least one abuse type");
	return true;
}

static bool drug_rehab_consistent(fact_get_fn get, void *ctx,
                                  const char **field, const char **message)
{
	const char *form = get(ctx, "rehab_form");
	const char *decided = get(ctx, "court_decision_date");
	const char *executed = get(ctx, "executed_date");
	const char *term = get(ctx, "term_months");
	for (size_t i = 0; i < N(rehab_terms); i++) {
		if (!is(form, rehab_terms[i].form))
			continue;
		if (rehab_terms[i].compulsory && !present(decided))
			return fail(field, message, "court_decision_date",
			            "compulsory rehabilitation needs the court "
			            "decision date");
		if (present(term)) {
			char *end = NULL;
			long long months = strtoll(term, &end, 10);
			if (*end != '\0' ||
			    months < rehab_terms[i].min_months ||
			    months > rehab_terms[i].max_months)
				return fail(field, message, "term_months",
				            "the term is outside the range the "
				            "law sets for this form");
		}
	}
	/* ISO dates compare as strings. */
	if (present(decided) && present(executed) &&
	    strcmp(executed, decided) < 0)
		return fail(field, message, "executed_date",
		            "the decision cannot be executed before it was "
		            "made");
	return true;
}

/* Calls fn on each code of a ',' joined list; false when fn refuses one. */
static bool each_code(const char *list, bool (*fn)(const char *code, void *arg),
                      void *arg)
{
	char code[64];
	const char *p = list;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		if (len >= sizeof code)
			return false;
		memcpy(code, p, len);
		code[len] = '\0';
		if (!fn(code, arg))
			return false;
		p += len;
		if (*p == ',')
			p++;
	}
	return true;
}

struct tip_check {
	const char *status;
	const char *date;
};

static bool tip_item_allowed(const char *item, void *arg)
{
	const struct tip_check *c = arg;
	return casework_tip_support_allowed(c->status, item, c->date);
}

static bool trafficking_consistent(fact_get_fn get, void *ctx,
                                   const char **field, const char **message)
{
	const char *received = get(ctx, "received_date");
	const char *verified = get(ctx, "verified_date");
	if (present(received) && present(verified) &&
	    strcmp(verified, received) < 0)
		return fail(field, message, "verified_date",
		            "verification cannot come before the person was "
		            "received");
	const char *items = get(ctx, "support_items");
	if (present(items)) {
		struct tip_check c = {get(ctx, "tip_person_status"),
		                      present(received) ? received : NULL};
		if (!each_code(items, tip_item_allowed, &c))
			return fail(field, message, "support_items",
			            "a support item is not an entitlement of "
			            "this person under the law in force on the "
			            "date received");
	}
	return true;
}

bool casework_facts_consistent(enum case_type t, fact_get_fn get, void *ctx,
                               const char **field, const char **message)
{
	assert(get != NULL && field != NULL && message != NULL);
	switch (t) {
	case CASE_CHILD_PROTECTION:
		return child_protection_consistent(get, ctx, field, message);
	case CASE_DRUG_REHAB:
		return drug_rehab_consistent(get, ctx, field, message);
	case CASE_TRAFFICKING_VICTIM:
		return trafficking_consistent(get, ctx, field, message);
	default: return true;
	}
}

/* ---- trafficking entitlements (RULES.md §5.2) ------------------------ */

/* Support items as bits, in the order of Law 53/2024 Art 37(1). */
enum tip_item {
	TIP_ESSENTIAL,      /* a (2011: a) */
	TIP_MEDICAL,        /* b (2011: b) */
	TIP_INTERPRETATION, /* c (new in 2024) */
	TIP_LEGAL_INFO,     /* d (new in 2024) */
	TIP_LEGAL_AID,      /* đ (2011: d) */
	TIP_TRAVEL,         /* e (2011: a) */
	TIP_PSYCHOLOGICAL,  /* g (2011: c) */
	TIP_EDUCATION,      /* h (2011: đ) */
	TIP_VOCATIONAL,     /* i (2011: đ) */
	TIP_HARDSHIP,       /* k (2011: e) */
	TIP_LOAN,           /* k (2011: e) */
	TIP__MAX
};

static const char *const tip_item_codes[TIP__MAX] = {
    [TIP_ESSENTIAL] = "tip_essential_needs",
    [TIP_MEDICAL] = "tip_medical",
    [TIP_INTERPRETATION] = "tip_interpretation",
    [TIP_LEGAL_INFO] = "tip_legal_information",
    [TIP_LEGAL_AID] = "tip_legal_aid",
    [TIP_TRAVEL] = "tip_travel",
    [TIP_PSYCHOLOGICAL] = "tip_psychological",
    [TIP_EDUCATION] = "tip_education",
    [TIP_VOCATIONAL] = "tip_vocational",
    [TIP_HARDSHIP] = "tip_initial_hardship",
    [TIP_LOAN] = "tip_loan",
};

#define BIT(i)  (1u << (i))
#define ALL_TIP (BIT(TIP__MAX) - 1)

/* 2011 Art 32(1) a–e: a essential + travel, b medical, c psychological,
 * d legal aid, đ education + vocational, e hardship + loan. */
#define L2011_A_TO_C                                                           \
	(BIT(TIP_ESSENTIAL) | BIT(TIP_TRAVEL) | BIT(TIP_MEDICAL) |             \
	 BIT(TIP_PSYCHOLOGICAL))
#define L2011_A_TO_D (L2011_A_TO_C | BIT(TIP_LEGAL_AID))
#define L2011_ALL                                                              \
	(L2011_A_TO_D | BIT(TIP_EDUCATION) | BIT(TIP_VOCATIONAL) |             \
	 BIT(TIP_HARDSHIP) | BIT(TIP_LOAN))

/* 2024 Art 37(1) a–g and a–h; a person being identified is counted as in
 * Vietnam (a–g), where the case is managed. */
#define L2024_A_TO_G                                                           \
	(BIT(TIP_ESSENTIAL) | BIT(TIP_MEDICAL) | BIT(TIP_INTERPRETATION) |     \
	 BIT(TIP_LEGAL_INFO) | BIT(TIP_LEGAL_AID) | BIT(TIP_TRAVEL) |          \
	 BIT(TIP_PSYCHOLOGICAL))
#define L2024_A_TO_H (L2024_A_TO_G | BIT(TIP_EDUCATION))

static const struct {
	const char *status;
	unsigned law2011; /* 0: the status did not exist */
	unsigned law2024;
} tip_entitlements[] = {
    {"tip_victim", L2011_ALL, ALL_TIP},
    {"tip_in_identification", 0, L2024_A_TO_G},
    {"tip_accompanying_minor", L2011_A_TO_C, L2024_A_TO_H},
    {"tip_foreign_victim", L2011_A_TO_D,
     BIT(TIP_ESSENTIAL) | BIT(TIP_MEDICAL) | BIT(TIP_INTERPRETATION) |
         BIT(TIP_LEGAL_INFO) | BIT(TIP_LEGAL_AID) | BIT(TIP_PSYCHOLOGICAL)},
};

/* Law 53/2024/QH15 came into force on this day. */
#define TIP_LAW_2024_FROM "2025-07-01"

bool casework_tip_support_allowed(const char *status, const char *item,
                                  const char *date)
{
	if (status == NULL || item == NULL)
		return false;
	int bit = parse_name(tip_item_codes, TIP__MAX, item);
	if (bit < 0)
		return false;
	bool new_law = date == NULL || strcmp(date, TIP_LAW_2024_FROM) >= 0;
	for (size_t i = 0; i < N(tip_entitlements); i++)
		if (strcmp(tip_entitlements[i].status, status) == 0) {
			unsigned set = new_law ? tip_entitlements[i].law2024
			                       : tip_entitlements[i].law2011;
			return (set & BIT(bit)) != 0;
		}
	return false;
}

/* ---- events ---------------------------------------------------------- */

bool casework_is_narrative(const char *field)
{
	static const char *const narrative[] = {
	    "text", "note", "summary", "description", "comment",
	};
	return field != NULL &&
	       parse_name(narrative, (int)N(narrative), field) >= 0;
}

/* ---- who sees what --------------------------------------------------- */

bool casework_restricted(const struct case_facts *f)
{
	assert(f != NULL);
	return f->restricted || case_type_restricted(f->type);
}

static bool is_own(int64_t who, const struct principal *p)
{
	return who != 0 && who == p->user_id;
}

enum case_view casework_view(const struct principal *p,
                             const struct case_facts *f)
{
	assert(p != NULL && f != NULL);
	if (!access_may(p->role, ACT_CASES_WORK))
		return VIEW_NONE;
	bool restricted = casework_restricted(f);
	/* Facility staff care for their current residents wherever the case
	 * is owned (docs/network.md); a restricted one still needs the
	 * reason, as for the assigned worker. */
	if (p->role == ROLE_FACILITY && p->facility_id != 0 &&
	    f->facility_id == p->facility_id)
		return VIEW_FULL;
	if (!access_sees(p, f->tree, f->path))
		return VIEW_NONE;
	switch (p->role) {
	case ROLE_HOTLINE:
		/* No access after hand-over to the commune. */
		if (!is_own(f->created_by, p) || f->stage != STAGE_INTAKE)
			return VIEW_NONE;
		return restricted ? VIEW_LIMITED : VIEW_FULL;
	case ROLE_FACILITY:
		if (!is_own(f->assigned_to, p) && !is_own(f->created_by, p))
			return VIEW_NONE;
		break;
	default: break;
	}
	if (!restricted)
		return VIEW_FULL;
	return is_own(f->assigned_to, p) || casework_is_supervisor(p, f)
	           ? VIEW_FULL
	           : VIEW_LIMITED;
}

bool casework_may_write(const struct principal *p, const struct case_facts *f)
{
	assert(p != NULL && f != NULL);
	return p->role != ROLE_HOTLINE && casework_view(p, f) == VIEW_FULL;
}

bool casework_may_approve(const struct principal *p, const struct case_facts *f,
                          int64_t requester)
{
	assert(p != NULL && f != NULL);
	if (p->role != ROLE_COMMUNE && p->role != ROLE_DISTRICT &&
	    p->role != ROLE_PROVINCE)
		return false;
	return p->user_id != requester && access_sees(p, f->tree, f->path);
}

bool casework_is_supervisor(const struct principal *p,
                            const struct case_facts *f)
{
	assert(p != NULL && f != NULL);
	return (p->role == ROLE_PROVINCE || p->role == ROLE_DISTRICT) &&
	       access_sees(p, f->tree, f->path);
}

/* ---- case numbers ---------------------------------------------------- */

int casework_case_no(char buf[CASE_NO_MAX], const char *province, int year,
                     int64_t seq)
{
	assert(buf != NULL);
	if (province == NULL)
		return -1;
	size_t len = strlen(province);
	if (len < 1 || len > 3 || strspn(province, "0123456789") != len)
		return -1;
	if (seq < 1 || seq > 999999999)
		return -1;
	int n = snprintf(buf, CASE_NO_MAX, "%s-%04d-%06lld", province, year,
	                 (long long)seq);
	return n > 0 && n < CASE_NO_MAX ? 0 : -1;
}
