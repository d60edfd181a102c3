/*
 * test_casework.c — the rules of case work: names, every transition
 * allowed and refused and in which order its needs are checked, the facts
 * of each type and their cross-field rules, trafficking entitlements on
 * both sides of 2025-07-01, who sees a case (every role × restricted ×
 * assigned × scope), approvals, narratives and case numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/casework.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- names ----------------------------------------------------------- */

static void names_round_trip(void **state)
{
	(void)state;
	const char *types[] = {
	    "social_assistance", "child_protection", "gbv",
	    "drug_rehab",        "sex_work_support", "trafficking_victim"};
	for (int t = 0; t < CASE_TYPE__MAX; t++) {
		assert_string_equal(case_type_name((enum case_type)t),
		                    types[t]);
		enum case_type out = CASE_TYPE__MAX;
		assert_int_equal(case_type_parse(types[t], &out), 0);
		assert_int_equal(out, t);
	}
	const char *stages[] = {"intake",       "assessment", "planning",
	                        "intervention", "review",     "closed"};
	for (int s = 0; s < STAGE__MAX; s++) {
		assert_string_equal(case_stage_name((enum case_stage)s),
		                    stages[s]);
		enum case_stage out = STAGE__MAX;
		assert_int_equal(case_stage_parse(stages[s], &out), 0);
		assert_int_equal(out, s);
	}
	const char *kinds[] = {"note", "assessment", "plan", "service",
	                       "visit"};
	for (int k = 0; k < EVENT_KIND__MAX; k++) {
		assert_string_equal(event_kind_name((enum event_kind)k),
		                    kinds[k]);
		enum event_kind out = EVENT_KIND__MAX;
		assert_int_equal(event_kind_parse(kinds[k], &out), 0);
		assert_int_equal(out, k);
	}
}

static void unknown_names_are_refused(void **state)
{
	(void)state;
	enum case_type t = CASE_GBV;
	enum case_stage s = STAGE_REVIEW;
	enum event_kind k = EVENT_VISIT;
	assert_int_equal(case_type_parse("GBV", &t), -1);
	assert_int_equal(case_type_parse("", &t), -1);
	assert_int_equal(case_type_parse(NULL, &t), -1);
	assert_int_equal(t, CASE_GBV);
	assert_int_equal(case_stage_parse("open", &s), -1);
	assert_int_equal(case_stage_parse("closed ", &s), -1);
	assert_int_equal(case_stage_parse(NULL, &s), -1);
	assert_int_equal(s, STAGE_REVIEW);
	/* System-written kinds cannot be added through the API. */
	assert_int_equal(event_kind_parse("transition", &k), -1);
	assert_int_equal(event_kind_parse("correction", &k), -1);
	assert_int_equal(event_kind_parse(NULL, &k), -1);
	assert_int_equal(k, EVENT_VISIT);
	assert_null(case_type_name(CASE_TYPE__MAX));
	assert_null(case_type_name((enum case_type) - 1));
	assert_null(case_stage_name(STAGE__MAX));
	assert_null(event_kind_name(EVENT_KIND__MAX));
}

static void restricted_types(void **state)
{
	(void)state;
	for (int t = 0; t < CASE_TYPE__MAX; t++)
		assert_int_equal(case_type_restricted((enum case_type)t),
		                 t == CASE_GBV || t == CASE_TRAFFICKING_VICTIM);
	struct case_facts f = {.type = CASE_CHILD_PROTECTION};
	assert_false(casework_restricted(&f));
	f.restricted = true;
	assert_true(casework_restricted(&f));
	f = (struct case_facts){.type = CASE_GBV};
	assert_true(casework_restricted(&f));
	f.type = CASE_TRAFFICKING_VICTIM;
	assert_true(casework_restricted(&f));
}

/* ---- transitions ----------------------------------------------------- */

/* Facts under which every edge that exists is allowed. */
static const struct transition_facts all_met = {
    .plan_approved = true,
    .closure_approved = true,
    .closure_reason = "plan_completed",
    .reason = "new report of violence",
};

/* The workflow of docs/cases.md written out cell by cell, independently of
 * casework.c: rows from, columns to (intake … closed). */
static const bool edges[STAGE__MAX][STAGE__MAX] = {
    [STAGE_INTAKE] = {0, 1, 0, 0, 0, 1},
    [STAGE_ASSESSMENT] = {0, 0, 1, 0, 0, 1},
    [STAGE_PLANNING] = {0, 0, 0, 1, 0, 1},
    [STAGE_INTERVENTION] = {0, 0, 0, 0, 1, 1},
    [STAGE_REVIEW] = {0, 0, 1, 0, 0, 1},
    [STAGE_CLOSED] = {0, 1, 0, 0, 0, 0},
};

static void whole_transition_table(void **state)
{
	(void)state;
	for (int from = 0; from < STAGE__MAX; from++)
		for (int to = 0; to < STAGE__MAX; to++) {
			enum transition_result r = casework_transition_check(
			    (enum case_stage)from, (enum case_stage)to,
			    &all_met);
			enum transition_result want = edges[from][to]
			                                  ? TRANSITION_OK
			                                  : TRANSITION_INVALID;
			if (r != want)
				fail_msg("%s → %s: got %d, expected %d",
				         case_stage_name((enum case_stage)from),
				         case_stage_name((enum case_stage)to),
				         r, want);
		}
}

static void out_of_range_stages_are_invalid(void **state)
{
	(void)state;
	assert_int_equal(
	    casework_transition_check(STAGE__MAX, STAGE_CLOSED, &all_met),
	    TRANSITION_INVALID);
	assert_int_equal(
	    casework_transition_check(STAGE_INTAKE, STAGE__MAX, &all_met),
	    TRANSITION_INVALID);
	assert_int_equal(casework_transition_check((enum case_stage) - 1,
	                                           STAGE_ASSESSMENT, &all_met),
	                 TRANSITION_INVALID);
}

/* An edge that does not exist is invalid whatever else is missing. */
static void invalid_is_checked_first(void **state)
{
	(void)state;
	const struct transition_facts none = {0};
	for (int from = 0; from < STAGE__MAX; from++)
		for (int to = 0; to < STAGE__MAX; to++)
			if (!edges[from][to])
				assert_int_equal(casework_transition_check(
				                     (enum case_stage)from,
				                     (enum case_stage)to,
				                     &none),
				                 TRANSITION_INVALID);
}

static void plan_needs_approval(void **state)
{
	(void)state;
	struct transition_facts f = all_met;
	f.plan_approved = false;
	assert_int_equal(
	    casework_transition_check(STAGE_PLANNING, STAGE_INTERVENTION, &f),
	    TRANSITION_NEEDS_APPROVAL);
	/* The other forward steps do not need it. */
	assert_int_equal(
	    casework_transition_check(STAGE_INTAKE, STAGE_ASSESSMENT, &f),
	    TRANSITION_OK);
	assert_int_equal(
	    casework_transition_check(STAGE_ASSESSMENT, STAGE_PLANNING, &f),
	    TRANSITION_OK);
	assert_int_equal(
	    casework_transition_check(STAGE_INTERVENTION, STAGE_REVIEW, &f),
	    TRANSITION_OK);
	assert_int_equal(
	    casework_transition_check(STAGE_REVIEW, STAGE_PLANNING, &f),
	    TRANSITION_OK);
}

static void closing_needs_reason_then_approval(void **state)
{
	(void)state;
	for (int from = STAGE_INTAKE; from < STAGE_CLOSED; from++) {
		enum case_stage s = (enum case_stage)from;
		struct transition_facts f = all_met;
		f.closure_reason = NULL;
		assert_int_equal(casework_transition_check(s, STAGE_CLOSED, &f),
		                 TRANSITION_NEEDS_CLOSURE_REASON);
		f.closure_reason = "finished"; /* not in the list */
		assert_int_equal(casework_transition_check(s, STAGE_CLOSED, &f),
		                 TRANSITION_NEEDS_CLOSURE_REASON);
		f.closure_reason = "";
		assert_int_equal(casework_transition_check(s, STAGE_CLOSED, &f),
		                 TRANSITION_NEEDS_CLOSURE_REASON);
		/* 422 before 409: both missing gives the reason. */
		f.closure_approved = false;
		f.closure_reason = NULL;
		assert_int_equal(casework_transition_check(s, STAGE_CLOSED, &f),
		                 TRANSITION_NEEDS_CLOSURE_REASON);
		f.closure_reason = "moved_away";
		assert_int_equal(casework_transition_check(s, STAGE_CLOSED, &f),
		                 TRANSITION_NEEDS_APPROVAL);
		f.closure_approved = true;
		assert_int_equal(casework_transition_check(s, STAGE_CLOSED, &f),
		                 TRANSITION_OK);
		/* The plan approval has nothing to do with closing. */
		f.plan_approved = false;
		assert_int_equal(casework_transition_check(s, STAGE_CLOSED, &f),
		                 TRANSITION_OK);
	}
}

static void reopening_needs_a_reason(void **state)
{
	(void)state;
	char longest[501], too_long[502];
	memset(longest, 'x', 500);
	longest[500] = '\0';
	memset(too_long, 'x', 501);
	too_long[501] = '\0';
	const struct {
		const char *reason;
		enum transition_result want;
	} cases[] = {
	    {NULL, TRANSITION_NEEDS_REASON},
	    {"", TRANSITION_NEEDS_REASON},
	    {"ab", TRANSITION_NEEDS_REASON},
	    {"    ", TRANSITION_NEEDS_REASON},
	    {" ab ", TRANSITION_NEEDS_REASON},
	    {"abc", TRANSITION_OK},
	    {"tái phát", TRANSITION_OK},
	    {longest, TRANSITION_OK},
	    {too_long, TRANSITION_NEEDS_REASON},
	};
	for (size_t i = 0; i < N(cases); i++) {
		struct transition_facts f = {.reason = cases[i].reason};
		assert_int_equal(casework_transition_check(
		                     STAGE_CLOSED, STAGE_ASSESSMENT, &f),
		                 cases[i].want);
	}
}

static void next_stages(void **state)
{
	(void)state;
	enum case_stage out[STAGE__MAX];
	for (int from = 0; from < STAGE__MAX; from++) {
		size_t n = casework_next_stages((enum case_stage)from, out);
		size_t want = 0;
		for (int to = 0; to < STAGE__MAX; to++)
			if (edges[from][to])
				assert_int_equal(out[want++], to);
		assert_int_equal(n, want);
	}
	assert_int_equal(casework_next_stages(STAGE_REVIEW, out), 2);
	assert_int_equal(out[0], STAGE_PLANNING);
	assert_int_equal(out[1], STAGE_CLOSED);
	assert_int_equal(casework_next_stages(STAGE_CLOSED, out), 1);
	assert_int_equal(out[0], STAGE_ASSESSMENT);
	assert_int_equal(casework_next_stages(STAGE__MAX, out), 0);
}

/* ---- facts ----------------------------------------------------------- */

struct want_fact {
	const char *name;
	enum fact_kind kind;
	const char *codes;
	bool required;
};

static void check_facts(enum case_type t, const struct want_fact *want,
                        size_t n)
{
	size_t got_n = 99;
	const struct fact_spec *got = casework_facts(t, &got_n);
	assert_non_null(got);
	assert_int_equal(got_n, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(got[i].name, want[i].name);
		assert_int_equal(got[i].kind, want[i].kind);
		if (want[i].codes == NULL)
			assert_null(got[i].codes);
		else
			assert_string_equal(got[i].codes, want[i].codes);
		if (got[i].required != want[i].required)
			fail_msg("%s.%s: required %d", case_type_name(t),
			         want[i].name, got[i].required);
	}
}

#define CHECK_FACTS(t, ...)                                                    \
	do {                                                                   \
		static const struct want_fact w[] = {__VA_ARGS__};             \
		check_facts(t, w, N(w));                                       \
	} while (0)

static void facts_of_each_type(void **state)
{
	(void)state;
	CHECK_FACTS(CASE_SOCIAL_ASSISTANCE,
	            {"sa_category", FACT_CODE, "sa_category", true},
	            {"care_setting", FACT_CODE, "care_setting", false},
	            {"monthly_allowance_vnd", FACT_INT, NULL, false},
	            {"allowance_from", FACT_DATE, NULL, false},
	            {"vocational_training", FACT_BOOL, NULL, false},
	            {"job_linkage", FACT_BOOL, NULL, false});
	CHECK_FACTS(CASE_CHILD_PROTECTION,
	            {"child_status", FACT_CODE, "child_status", true},
	            {"csc_groups", FACT_CODES, "csc_group", false},
	            {"abuse_types", FACT_CODES, "abuse_type", false},
	            {"protection_level", FACT_CODE, "protection_level", false},
	            {"alt_care_form", FACT_CODE, "alt_care_form", false});
	CHECK_FACTS(CASE_GBV, {"gbv_role", FACT_CODE, "gbv_role", true},
	            {"incident_date", FACT_DATE, NULL, false},
	            {"dv_measures", FACT_CODES, "dv_measure", false},
	            {"safe_house_stay", FACT_BOOL, NULL, false},
	            {"perpetrator_counselled", FACT_BOOL, NULL, false});
	CHECK_FACTS(CASE_DRUG_REHAB,
	            {"rehab_form", FACT_CODE, "rehab_form", true},
	            {"court_decision_date", FACT_DATE, NULL, false},
	            {"executed_date", FACT_DATE, NULL, false},
	            {"term_months", FACT_INT, NULL, false},
	            {"rehab_phase", FACT_CODE, "rehab_phase", false},
	            {"vocational_training", FACT_BOOL, NULL, false});
	CHECK_FACTS(CASE_SEX_WORK_SUPPORT,
	            {"harm_reduction", FACT_BOOL, NULL, false},
	            {"vocational_training", FACT_BOOL, NULL, false},
	            {"community_model", FACT_TEXT, NULL, false},
	            {"health_check", FACT_BOOL, NULL, false});
	CHECK_FACTS(CASE_TRAFFICKING_VICTIM,
	            {"tip_person_status", FACT_CODE, "tip_person_status", true},
	            {"received_date", FACT_DATE, NULL, false},
	            {"verified_date", FACT_DATE, NULL, false},
	            {"support_items", FACT_CODES, "tip_support", false},
	            {"safety_requested", FACT_BOOL, NULL, false},
	            {"safety_provided", FACT_BOOL, NULL, false},
	            {"reintegrated", FACT_BOOL, NULL, false},
	            {"returned_from", FACT_TEXT, NULL, false});
	size_t n = 7;
	assert_null(casework_facts(CASE_TYPE__MAX, &n));
	assert_int_equal(n, 0);
}

/* Facts as name=value pairs, NULL-terminated. */
struct kv {
	const char *name, *value;
};

static const char *kv_get(void *ctx, const char *name)
{
	for (const struct kv *p = ctx; p->name != NULL; p++)
		if (strcmp(p->name, name) == 0)
			return p->value;
	return NULL;
}

/* Checks one set of facts; want_field NULL means consistent. */
static void expect(enum case_type t, const struct kv *facts,
                   const char *want_field, int line)
{
	const char *field = NULL, *message = NULL;
	bool ok = casework_facts_consistent(t, kv_get, (void *)facts, &field,
	                                    &message);
	if (want_field == NULL) {
		if (!ok)
			fail_msg("line %d: refused on %s (%s)", line, field,
			         message);
		return;
	}
	if (ok)
		fail_msg("line %d: accepted, expected %s refused", line,
		         want_field);
	if (strcmp(field, want_field) != 0)
		fail_msg("line %d: refused on %s, expected %s", line, field,
		         want_field);
	assert_non_null(message);
	assert_true(strlen(message) > 0);
}

#define OK(t, ...)                                                             \
	do {                                                                   \
		const struct kv f[] = {__VA_ARGS__, {NULL, NULL}};             \
		expect(t, f, NULL, __LINE__);                                  \
	} while (0)
#define BAD(t, field, ...)                                                     \
	do {                                                                   \
		const struct kv f[] = {__VA_ARGS__, {NULL, NULL}};             \
		expect(t, f, field, __LINE__);                                 \
	} while (0)

static void child_protection_rules(void **state)
{
	(void)state;
	const enum case_type cp = CASE_CHILD_PROTECTION;
	OK(cp, {"child_status", "special_circumstances"},
	   {"csc_groups", "csc01"});
	OK(cp, {"child_status", "special_circumstances"},
	   {"csc_groups", "csc04,csc11"});
	BAD(cp, "csc_groups", {"child_status", "special_circumstances"});
	BAD(cp, "csc_groups", {"child_status", "special_circumstances"},
	    {"csc_groups", ""});
	OK(cp, {"child_status", "at_risk"});
	BAD(cp, "csc_groups", {"child_status", "at_risk"},
	    {"csc_groups", "csc02"});
	OK(cp, {"child_status", "abused"}, {"abuse_types", "violence"});
	OK(cp, {"child_status", "abused"}, {"abuse_types", "neglect"},
	   {"csc_groups", "csc09"});
	BAD(cp, "abuse_types", {"child_status", "abused"});
	BAD(cp, "abuse_types", {"child_status", "abused"}, {"abuse_types", ""});
	BAD(cp, "abuse_types", {"child_status", "abused"},
	    {"csc_groups", "csc11"});
}

static void drug_rehab_rules(void **state)
{
	(void)state;
	const enum case_type dr = CASE_DRUG_REHAB;
	/* Compulsory forms come from a court. */
	BAD(dr, "court_decision_date",
	    {"rehab_form", "rehab_compulsory_adult"});
	BAD(dr, "court_decision_date", {"rehab_form", "rehab_compulsory_minor"},
	    {"term_months", "6"});
	OK(dr, {"rehab_form", "rehab_compulsory_adult"},
	   {"court_decision_date", "2025-03-01"});
	OK(dr, {"rehab_form", "rehab_voluntary_community"});
	OK(dr, {"rehab_form", "opioid_substitution"});
	/* Executed not before decided; the same day is fine. */
	BAD(dr, "executed_date", {"rehab_form", "rehab_compulsory_adult"},
	    {"court_decision_date", "2025-03-01"},
	    {"executed_date", "2025-02-28"});
	OK(dr, {"rehab_form", "rehab_compulsory_adult"},
	   {"court_decision_date", "2025-03-01"},
	   {"executed_date", "2025-03-01"});
	OK(dr, {"rehab_form", "rehab_compulsory_adult"},
	   {"court_decision_date", "2025-03-01"},
	   {"executed_date", "2025-04-10"});
	/* Term ranges of RULES.md §6.1, both ends and one beyond. */
	const struct {
		const char *form;
		int lo, hi;
	} ranges[] = {
	    {"rehab_voluntary_community", 6, 12},
	    {"rehab_voluntary_facility", 6, 12},
	    {"rehab_compulsory_adult", 12, 24},
	    {"rehab_compulsory_minor", 6, 12},
	};
	for (size_t i = 0; i < N(ranges); i++)
		for (int m = 0; m <= 36; m++) {
			char months[8];
			months[0] = (char)('0' + m / 10);
			months[1] = (char)('0' + m % 10);
			months[2] = '\0';
			const char *v = m < 10 ? months + 1 : months;
			const struct kv f[] = {
			    {"rehab_form", ranges[i].form},
			    {"court_decision_date", "2025-01-01"},
			    {"term_months", v},
			    {NULL, NULL}};
			bool in = m >= ranges[i].lo && m <= ranges[i].hi;
			expect(dr, f, in ? NULL : "term_months", __LINE__);
		}
	/* Forms without a fixed term take any length. */
	OK(dr, {"rehab_form", "opioid_substitution"}, {"term_months", "48"});
	OK(dr, {"rehab_form", "post_rehab_management"}, {"term_months", "12"});
	OK(dr, {"rehab_form", "drug_user_management"}, {"term_months", "1"});
}

static void trafficking_rules(void **state)
{
	(void)state;
	const enum case_type tv = CASE_TRAFFICKING_VICTIM;
	OK(tv, {"tip_person_status", "tip_victim"},
	   {"received_date", "2025-08-01"}, {"verified_date", "2025-08-01"});
	OK(tv, {"tip_person_status", "tip_victim"},
	   {"received_date", "2025-08-01"}, {"verified_date", "2025-08-04"});
	BAD(tv, "verified_date", {"tip_person_status", "tip_victim"},
	    {"received_date", "2025-08-01"}, {"verified_date", "2025-07-31"});
	/* Interpretation exists only in the 2024 law. */
	OK(tv, {"tip_person_status", "tip_victim"},
	   {"received_date", "2025-07-01"},
	   {"support_items", "tip_essential_needs,tip_interpretation"});
	BAD(tv, "support_items", {"tip_person_status", "tip_victim"},
	    {"received_date", "2025-06-30"},
	    {"support_items", "tip_essential_needs,tip_interpretation"});
	/* No received date: the law in force now (2024). */
	OK(tv, {"tip_person_status", "tip_victim"},
	   {"support_items", "tip_interpretation"});
	/* A foreign victim gets no loan under either law. */
	BAD(tv, "support_items", {"tip_person_status", "tip_foreign_victim"},
	    {"received_date", "2025-09-01"},
	    {"support_items", "tip_medical,tip_loan"});
	BAD(tv, "support_items", {"tip_person_status", "tip_foreign_victim"},
	    {"support_items", "tip_loan"});
	OK(tv, {"tip_person_status", "tip_foreign_victim"},
	   {"support_items", "tip_medical,tip_legal_aid,tip_psychological"});
	BAD(tv, "support_items", {"tip_person_status", "tip_victim"},
	    {"support_items", "tip_medical,not_an_item"});
	OK(tv, {"tip_person_status", "tip_victim"}, {"support_items", ""});
	OK(tv, {"tip_person_status", "tip_in_identification"});
}

static void other_types_have_no_cross_rules(void **state)
{
	(void)state;
	OK(CASE_SOCIAL_ASSISTANCE, {"sa_category", "sa_disabled_severe"});
	OK(CASE_GBV, {"gbv_role", "victim"});
	OK(CASE_SEX_WORK_SUPPORT, {"harm_reduction", "true"});
}

/* ---- trafficking entitlements (RULES.md §5.2) ------------------------ */

/* Items in the order of tip_support, and who gets each, written out from
 * RULES.md independently of casework.c: victim, being identified,
 * accompanying minor, foreign victim. */
static const char *const tip_items[] = {
    "tip_essential_needs",
    "tip_travel",
    "tip_medical",
    "tip_interpretation",
    "tip_legal_information",
    "tip_legal_aid",
    "tip_psychological",
    "tip_education",
    "tip_vocational",
    "tip_initial_hardship",
    "tip_loan",
};
static const char *const tip_statuses[] = {
    "tip_victim", "tip_in_identification", "tip_accompanying_minor",
    "tip_foreign_victim"};

/* Law 66/2011 Art 32: victims a–e, no person "being identified", minors
 * a–c, foreign victims a–d; interpretation and legal information are not
 * in it. */
static const bool law2011[4][11] = {
    /* ess trv med int inf aid psy edu voc hrd loan */
    {1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0},
    {1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0},
};

/* Law 53/2024 Art 37: victims all; being identified a–g; minors a–h;
 * foreign victims a, b, c, d, đ, g. */
static const bool law2024[4][11] = {
    /* ess trv med int inf aid psy edu voc hrd loan */
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
    {1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0},
    {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0},
    {1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0},
};

static void check_entitlements(const char *date, const bool want[4][11])
{
	for (size_t s = 0; s < N(tip_statuses); s++)
		for (size_t i = 0; i < N(tip_items); i++)
			if (casework_tip_support_allowed(tip_statuses[s],
			                                 tip_items[i],
			                                 date) != want[s][i])
				fail_msg("%s %s on %s: expected %d",
				         tip_statuses[s], tip_items[i],
				         date ? date : "(none)", want[s][i]);
}

static void entitlements_across_2025_07_01(void **state)
{
	(void)state;
	check_entitlements("2012-01-01", law2011);
	check_entitlements("2025-06-30", law2011);
	check_entitlements("2025-07-01", law2024);
	check_entitlements("2026-02-17", law2024);
	check_entitlements(NULL, law2024);
	assert_false(casework_tip_support_allowed("tip_nobody", "tip_medical",
	                                          "2025-08-01"));
	assert_false(casework_tip_support_allowed("tip_victim", "tip_cash",
	                                          "2025-08-01"));
	assert_false(
	    casework_tip_support_allowed(NULL, "tip_medical", "2025-08-01"));
	assert_false(
	    casework_tip_support_allowed("tip_victim", NULL, "2025-08-01"));
}

/* ---- narratives ------------------------------------------------------ */

static void narrative_fields(void **state)
{
	(void)state;
	const char *yes[] = {"text", "note", "summary", "description",
	                     "comment"};
	for (size_t i = 0; i < N(yes); i++)
		assert_true(casework_is_narrative(yes[i]));
	const char *no[] = {"date", "service", "provider", "risk_level",
	                    "Text", "notes",   "",         "reason"};
	for (size_t i = 0; i < N(no); i++)
		assert_false(casework_is_narrative(no[i]));
	assert_false(casework_is_narrative(NULL));
}

/* ---- who sees what --------------------------------------------------- */

#define ME    10
#define OTHER 20

static struct principal who(enum role r)
{
	static const char *const scopes[ROLE__MAX] = {
	    [ROLE_PROVINCE] = "62",          [ROLE_DISTRICT] = "62/612",
	    [ROLE_COMMUNE] = "62/612/23401", [ROLE_FACILITY] = "62/612/23401",
	    [ROLE_HOTLINE] = "62",
	};
	struct principal p = {.user_id = ME, .role = r};
	if (scopes[r] != NULL) {
		p.scope_tree = "2024";
		p.scope_path = scopes[r];
	}
	return p;
}

static struct case_facts a_case(bool restricted, bool assigned, bool created,
                                bool in_scope, enum case_stage stage)
{
	return (struct case_facts){
	    .type = CASE_CHILD_PROTECTION,
	    .stage = stage,
	    .restricted = restricted,
	    .assigned_to = assigned ? ME : OTHER,
	    .created_by = created ? ME : OTHER,
	    .tree = "2024",
	    .path = in_scope ? "62/612/23401" : "64/650/24001",
	};
}

/* The expected view of docs/cases.md §Who sees a case, one role at a
 * time; N none, L limited, F full. */
enum { V_N = VIEW_NONE, V_L = VIEW_LIMITED, V_F = VIEW_FULL };

static void check_view(enum role r, bool restricted, bool assigned,
                       bool created, bool in_scope, enum case_stage stage,
                       int want)
{
	struct principal p = who(r);
	struct case_facts f =
	    a_case(restricted, assigned, created, in_scope, stage);
	enum case_view got = casework_view(&p, &f);
	if ((int)got != want)
		fail_msg("%s restricted=%d assigned=%d created=%d in=%d "
		         "stage=%s: got %d, expected %d",
		         role_name(r), restricted, assigned, created, in_scope,
		         case_stage_name(stage), got, want);
}

static void roles_without_case_work_see_nothing(void **state)
{
	(void)state;
	const enum role none[] = {ROLE_ADMIN, ROLE_VIEWER, ROLE_AUDITOR};
	for (size_t i = 0; i < N(none); i++)
		for (int bits = 0; bits < 16; bits++)
			check_view(none[i], bits & 1, bits & 2, bits & 4,
			           bits & 8, STAGE_ASSESSMENT, V_N);
}

static void everyone_out_of_scope_sees_nothing(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__MAX; r++)
		for (int bits = 0; bits < 8; bits++)
			check_view((enum role)r, bits & 1, bits & 2, bits & 4,
			           false, STAGE_INTAKE, V_N);
	/* The same path in the other tree is another unit. */
	struct principal p = who(ROLE_PROVINCE);
	struct case_facts f =
	    a_case(false, false, false, true, STAGE_ASSESSMENT);
	f.tree = "2025";
	assert_int_equal(casework_view(&p, &f), VIEW_NONE);
}

static void supervisors_see_everything_in_scope(void **state)
{
	(void)state;
	const enum role sup[] = {ROLE_PROVINCE, ROLE_DISTRICT};
	for (size_t i = 0; i < N(sup); i++)
		for (int bits = 0; bits < 8; bits++)
			check_view(sup[i], bits & 1, bits & 2, bits & 4, true,
			           STAGE_ASSESSMENT, V_F);
}

static void commune_sees_restricted_only_when_assigned(void **state)
{
	(void)state;
	for (int created = 0; created < 2; created++) {
		check_view(ROLE_COMMUNE, false, false, created, true,
		           STAGE_ASSESSMENT, V_F);
		check_view(ROLE_COMMUNE, false, true, created, true,
		           STAGE_ASSESSMENT, V_F);
		check_view(ROLE_COMMUNE, true, false, created, true,
		           STAGE_ASSESSMENT, V_L);
		check_view(ROLE_COMMUNE, true, true, created, true,
		           STAGE_ASSESSMENT, V_F);
	}
	/* Restricted by type, not by flag. */
	struct principal p = who(ROLE_COMMUNE);
	struct case_facts f =
	    a_case(false, false, false, true, STAGE_ASSESSMENT);
	f.type = CASE_GBV;
	assert_int_equal(casework_view(&p, &f), VIEW_LIMITED);
	f.type = CASE_TRAFFICKING_VICTIM;
	assert_int_equal(casework_view(&p, &f), VIEW_LIMITED);
	f.assigned_to = ME;
	assert_int_equal(casework_view(&p, &f), VIEW_FULL);
	/* Nobody assigned never matches a caller. */
	f.assigned_to = 0;
	struct principal zero = p;
	zero.user_id = 0;
	assert_int_equal(casework_view(&zero, &f), VIEW_LIMITED);
}

static void facility_sees_its_own_cases(void **state)
{
	(void)state;
	/* restricted, assigned, created → view */
	check_view(ROLE_FACILITY, false, false, false, true, STAGE_PLANNING,
	           V_N);
	check_view(ROLE_FACILITY, true, false, false, true, STAGE_PLANNING,
	           V_N);
	check_view(ROLE_FACILITY, false, true, false, true, STAGE_PLANNING,
	           V_F);
	check_view(ROLE_FACILITY, true, true, false, true, STAGE_PLANNING, V_F);
	check_view(ROLE_FACILITY, false, false, true, true, STAGE_PLANNING,
	           V_F);
	check_view(ROLE_FACILITY, true, false, true, true, STAGE_PLANNING, V_L);
	check_view(ROLE_FACILITY, true, true, true, true, STAGE_PLANNING, V_F);
}

/* docs/network.md §Roles: a facility user sees the cases of its current
 * residents, full view, wherever the case is owned. */
static void facility_sees_its_residents(void **state)
{
	(void)state;
	struct principal p = who(ROLE_FACILITY);
	p.facility_id = 7;
	for (int bits = 0; bits < 8; bits++) {
		/* Owned in another province, neither assigned nor opened by
		 * the user: its resident is still seen, restricted or not
		 * (the API asks for the reason). */
		struct case_facts f =
		    a_case(bits & 1, false, false, bits & 2,
		           (bits & 4) ? STAGE_CLOSED : STAGE_INTERVENTION);
		f.facility_id = 7;
		assert_int_equal(casework_view(&p, &f), VIEW_FULL);
		assert_true(casework_may_write(&p, &f));
		/* Living in another facility: nothing, even in the user's
		 * own commune. */
		f.facility_id = 8;
		assert_int_equal(casework_view(&p, &f), VIEW_NONE);
		/* Discharged (no facility now): nothing either. */
		f.facility_id = 0;
		assert_int_equal(casework_view(&p, &f), VIEW_NONE);
	}
	/* Cases assigned to or opened by the user still follow the unit
	 * rules, whatever facility holds the person. */
	struct case_facts f = a_case(false, true, false, true, STAGE_PLANNING);
	f.facility_id = 8;
	assert_int_equal(casework_view(&p, &f), VIEW_FULL);
	f = a_case(true, false, true, true, STAGE_PLANNING);
	f.facility_id = 8;
	assert_int_equal(casework_view(&p, &f), VIEW_LIMITED);
	f = a_case(false, true, false, false, STAGE_PLANNING);
	assert_int_equal(casework_view(&p, &f), VIEW_NONE);
	/* A user without a facility never matches a case without one. */
	struct principal none = who(ROLE_FACILITY);
	f = a_case(false, false, false, true, STAGE_PLANNING);
	assert_int_equal(casework_view(&none, &f), VIEW_NONE);
	f.path = "64/650/24001";
	assert_int_equal(casework_view(&none, &f), VIEW_NONE);
	/* The facility rule is the facility role's alone. */
	struct principal commune = who(ROLE_COMMUNE);
	commune.facility_id = 7;
	f = a_case(false, false, false, false, STAGE_PLANNING);
	f.facility_id = 7;
	assert_int_equal(casework_view(&commune, &f), VIEW_NONE);
	struct principal hotline = who(ROLE_HOTLINE);
	hotline.facility_id = 7;
	assert_int_equal(casework_view(&hotline, &f), VIEW_NONE);
}

static void hotline_only_while_in_intake(void **state)
{
	(void)state;
	for (int assigned = 0; assigned < 2; assigned++) {
		/* Opened by another user: nothing. */
		check_view(ROLE_HOTLINE, false, assigned, false, true,
		           STAGE_INTAKE, V_N);
		/* Its own, before hand-over; restricted ones limited even
		 * when assigned to it. */
		check_view(ROLE_HOTLINE, false, assigned, true, true,
		           STAGE_INTAKE, V_F);
		check_view(ROLE_HOTLINE, true, assigned, true, true,
		           STAGE_INTAKE, V_L);
		/* After intake: nothing, whatever the stage. */
		for (int s = STAGE_ASSESSMENT; s < STAGE__MAX; s++)
			for (int restricted = 0; restricted < 2; restricted++)
				check_view(ROLE_HOTLINE, restricted, assigned,
				           true, true, (enum case_stage)s, V_N);
	}
}

static void who_may_write(void **state)
{
	(void)state;
	struct principal commune = who(ROLE_COMMUNE);
	struct case_facts open =
	    a_case(false, false, false, true, STAGE_ASSESSMENT);
	assert_true(casework_may_write(&commune, &open));
	struct case_facts restricted =
	    a_case(true, false, false, true, STAGE_ASSESSMENT);
	assert_false(casework_may_write(&commune, &restricted)); /* limited */
	restricted.assigned_to = ME;
	assert_true(casework_may_write(&commune, &restricted));
	struct case_facts away =
	    a_case(false, true, true, false, STAGE_ASSESSMENT);
	assert_false(casework_may_write(&commune, &away));
	/* The hotline reads its own intake case but never writes it. */
	struct principal hotline = who(ROLE_HOTLINE);
	struct case_facts own = a_case(false, false, true, true, STAGE_INTAKE);
	assert_int_equal(casework_view(&hotline, &own), VIEW_FULL);
	assert_false(casework_may_write(&hotline, &own));
	struct principal district = who(ROLE_DISTRICT);
	assert_true(casework_may_write(&district, &restricted));
	struct principal admin = who(ROLE_ADMIN);
	assert_false(casework_may_write(&admin, &open));
}

static void who_may_approve(void **state)
{
	(void)state;
	struct case_facts f = a_case(false, false, false, true, STAGE_PLANNING);
	const enum role approvers[] = {ROLE_COMMUNE, ROLE_DISTRICT,
	                               ROLE_PROVINCE};
	for (size_t i = 0; i < N(approvers); i++) {
		struct principal p = who(approvers[i]);
		assert_true(casework_may_approve(&p, &f, OTHER));
		assert_false(casework_may_approve(&p, &f, ME)); /* own ask */
		struct case_facts away =
		    a_case(false, false, false, false, STAGE_PLANNING);
		assert_false(casework_may_approve(&p, &away, OTHER));
	}
	const enum role never[] = {ROLE_FACILITY, ROLE_HOTLINE, ROLE_ADMIN,
	                           ROLE_VIEWER, ROLE_AUDITOR};
	for (size_t i = 0; i < N(never); i++) {
		struct principal p = who(never[i]);
		assert_false(casework_may_approve(&p, &f, OTHER));
	}
}

static void who_is_supervisor(void **state)
{
	(void)state;
	struct case_facts in = a_case(true, false, false, true, STAGE_REVIEW);
	struct case_facts away =
	    a_case(true, false, false, false, STAGE_REVIEW);
	for (int r = 0; r < ROLE__MAX; r++) {
		struct principal p = who((enum role)r);
		bool sup = r == ROLE_PROVINCE || r == ROLE_DISTRICT;
		assert_int_equal(casework_is_supervisor(&p, &in), sup);
		assert_false(casework_is_supervisor(&p, &away));
	}
	/* A district supervises only its own district. */
	struct principal d = who(ROLE_DISTRICT);
	in.path = "62/613/23500";
	assert_false(casework_is_supervisor(&d, &in));
}

/* ---- case numbers ---------------------------------------------------- */

static void case_numbers(void **state)
{
	(void)state;
	char buf[CASE_NO_MAX];
	assert_int_equal(casework_case_no(buf, "62", 2026, 1), 0);
	assert_string_equal(buf, "62-2026-000001");
	assert_int_equal(casework_case_no(buf, "01", 2025, 999999), 0);
	assert_string_equal(buf, "01-2025-999999");
	assert_int_equal(casework_case_no(buf, "79", 2025, 1000000), 0);
	assert_string_equal(buf, "79-2025-1000000");
	assert_int_equal(casework_case_no(buf, "8", 2024, 42), 0);
	assert_string_equal(buf, "8-2024-000042");
	assert_int_equal(casework_case_no(buf, "123", 2024, 999999999), 0);
	assert_string_equal(buf, "123-2024-999999999");

	assert_int_equal(casework_case_no(buf, "62", 2026, 0), -1);
	assert_int_equal(casework_case_no(buf, "62", 2026, -1), -1);
	assert_int_equal(casework_case_no(buf, "62", 2026, 1000000000), -1);
	assert_int_equal(casework_case_no(buf, "", 2026, 1), -1);
	assert_int_equal(casework_case_no(buf, "1234", 2026, 1), -1);
	assert_int_equal(casework_case_no(buf, "6a", 2026, 1), -1);
	assert_int_equal(casework_case_no(buf, "-6", 2026, 1), -1);
	assert_int_equal(casework_case_no(buf, NULL, 2026, 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_round_trip),
	    cmocka_unit_test(unknown_names_are_refused),
	    cmocka_unit_test(restricted_types),
	    cmocka_unit_test(whole_transition_table),
	    cmocka_unit_test(out_of_range_stages_are_invalid),
	    cmocka_unit_test(invalid_is_checked_first),
	    cmocka_unit_test(plan_needs_approval),
	    cmocka_unit_test(closing_needs_reason_then_approval),
	    cmocka_unit_test(reopening_needs_a_reason),
	    cmocka_unit_test(next_stages),
	    cmocka_unit_test(facts_of_each_type),
	    cmocka_unit_test(child_protection_rules),
	    cmocka_unit_test(drug_rehab_rules),
	    cmocka_unit_test(trafficking_rules),
	    cmocka_unit_test(other_types_have_no_cross_rules),
	    cmocka_unit_test(entitlements_across_2025_07_01),
	    cmocka_unit_test(narrative_fields),
	    cmocka_unit_test(roles_without_case_work_see_nothing),
	    cmocka_unit_test(everyone_out_of_scope_sees_nothing),
	    cmocka_unit_test(supervisors_see_everything_in_scope),
	    cmocka_unit_test(commune_sees_restricted_only_when_assigned),
	    cmocka_unit_test(facility_sees_its_own_cases),
	    cmocka_unit_test(facility_sees_its_residents),
	    cmocka_unit_test(hotline_only_while_in_intake),
	    cmocka_unit_test(who_may_write),
	    cmocka_unit_test(who_may_approve),
	    cmocka_unit_test(who_is_supervisor),
	    cmocka_unit_test(case_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
