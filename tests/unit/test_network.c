/*
 * test_network.c — the rules of the service network (domain/network.c):
 * facility kinds, occupancy and overrides, dates as CSV cells write them,
 * month arithmetic for placement reviews, placement rules, training
 * projects, commune levels, code cells by code or label, counts with
 * Vietnamese thousands dots, and the column sets and header maps of the
 * CSV imports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/codes.h"
#include "domain/network.h"
#include "lib/arena.h"
#include "lib/fold.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int arena_setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* ---- facilities ------------------------------------------------------ */

static void facility_kinds(void **state)
{
	(void)state;
	assert_string_equal(facility_kind_of("fac_elderly"), "facility");
	assert_string_equal(facility_kind_of("fac_trusted_address"),
	                    "facility");
	assert_string_equal(facility_kind_of("fac_child_protection_service"),
	                    "facility");
	assert_string_equal(facility_kind_of("sp_safe_house"), "service_point");
	assert_string_equal(facility_kind_of("sp_cp_office"), "service_point");
	assert_string_equal(facility_kind_of("model_other"), "model");
	assert_string_equal(facility_kind_of("model_trafficking_reintegration"),
	                    "model");
	assert_null(facility_kind_of("fac_unknown"));
	assert_null(facility_kind_of("sp_"));
	assert_null(facility_kind_of("FAC_ELDERLY"));
	assert_null(facility_kind_of(""));
	assert_null(facility_kind_of(NULL));
}

/* Every type of the list has a kind, and the glossary's 11 are
 * facilities. */
static void every_type_has_a_kind(void **state)
{
	(void)state;
	const struct code_list *l = codes_list("facility_type");
	assert_non_null(l);
	size_t facilities = 0;
	for (size_t i = 0; i < l->n; i++) {
		const char *kind = facility_kind_of(l->items[i].code);
		if (kind == NULL)
			fail_msg("%s has no kind", l->items[i].code);
		facilities += strcmp(kind, "facility") == 0;
	}
	assert_int_equal(facilities, 11);
}

static void over_capacity(void **state)
{
	(void)state;
	assert_false(facility_needs_override(0, 10));
	assert_false(facility_needs_override(9, 10));
	assert_true(facility_needs_override(10, 10));
	assert_true(facility_needs_override(12, 10));
	/* Unknown or zero capacity: every admission is an override. */
	assert_true(facility_needs_override(0, 0));
	assert_true(facility_needs_override(0, -1));
}

static void occupancy(void **state)
{
	(void)state;
	double r = -1;
	assert_true(facility_occupancy(17, 20, &r));
	assert_true(r > 0.849 && r < 0.851);
	assert_true(facility_occupancy(0, 20, &r));
	assert_true(r == 0.0);
	assert_true(facility_occupancy(30, 20, &r));
	assert_true(r > 1.49 && r < 1.51);
	r = 42;
	assert_false(facility_occupancy(5, 0, &r));
	assert_false(facility_occupancy(5, -1, &r));
	assert_true(r == 42); /* nothing written */
}

static void licence_missing(void **state)
{
	(void)state;
	assert_true(facility_licence_missing("facility", NULL));
	assert_true(facility_licence_missing("facility", ""));
	assert_true(facility_licence_missing("facility", "  "));
	assert_false(facility_licence_missing("facility", "12/GP-SLĐTBXH"));
	assert_false(facility_licence_missing("service_point", NULL));
	assert_false(facility_licence_missing("model", ""));
	assert_false(facility_licence_missing(NULL, NULL));
}

/* ---- dates ----------------------------------------------------------- */

static void expect_date(const char *in, const char *want)
{
	char out[NET_DATE_MAX] = "";
	if (want == NULL) {
		if (net_date_parse(in, out) != -1)
			fail_msg("%s: accepted as %s", in, out);
		return;
	}
	if (net_date_parse(in, out) != 0)
		fail_msg("%s: refused", in);
	assert_string_equal(out, want);
}

static void dates_parse(void **state)
{
	(void)state;
	expect_date("2026-03-05", "2026-03-05");
	expect_date("05/03/2026", "2026-03-05");
	expect_date("5/3/2026", "2026-03-05");
	expect_date("31/12/2025", "2025-12-31");
	expect_date("1/12/2025", "2025-12-01");
	expect_date("29/02/2024", "2024-02-29");
	expect_date("2000-02-29", "2000-02-29");
	expect_date("1900-01-01", "1900-01-01");
	expect_date("2100-12-31", "2100-12-31");
}

static void bad_dates_are_refused(void **state)
{
	(void)state;
	const char *bad[] = {
	    "2026-02-30",  "31/04/2026",       "29/02/2025", "1900-02-29",
	    "2026-13-01",  "2026-00-10",       "2026-01-00", "0/1/2026",
	    "32/1/2026",   "1899-12-31",       "2101-01-01", "1/1/1899",
	    "2026-3-5",    "26-03-05",         "2026/03/05", "05-03-2026",
	    "5/3/26",      "005/3/2026",       "5/3/02026",  "2026-03-05 ",
	    " 2026-03-05", "2026-03-05T00:00", "",           "2026-03-5x",
	    "+5/3/2026",   "5//2026",          "-1/3/2026",  "03.05.2026",
	};
	for (size_t i = 0; i < N(bad); i++)
		expect_date(bad[i], NULL);
	char out[NET_DATE_MAX];
	assert_int_equal(net_date_parse(NULL, out), -1);
}

static void expect_months(const char *date, int months, const char *want)
{
	char out[NET_DATE_MAX] = "";
	if (want == NULL) {
		assert_int_equal(net_date_add_months(date, months, out), -1);
		return;
	}
	if (net_date_add_months(date, months, out) != 0)
		fail_msg("%s + %d: refused", date, months);
	assert_string_equal(out, want);
}

static void months_clamp_the_day(void **state)
{
	(void)state;
	expect_months("2025-08-31", 6, "2026-02-28");
	expect_months("2027-08-31", 6, "2028-02-29");
	expect_months("2024-02-29", 12, "2025-02-28");
	expect_months("2024-02-29", 48, "2028-02-29");
	expect_months("2026-01-31", 1, "2026-02-28");
	expect_months("2026-03-31", 1, "2026-04-30");
	expect_months("2026-01-15", PLACEMENT_REVIEW_MONTHS, "2026-07-15");
	expect_months("2026-07-15", 6, "2027-01-15");
	expect_months("2026-12-31", 0, "2026-12-31");
	expect_months("2026-03-31", -1, "2026-02-28");
	expect_months("2026-01-10", -1, "2025-12-10");
	expect_months("2026-01-10", -13, "2024-12-10");
	/* Only canonical, real dates. */
	expect_months("31/08/2025", 6, NULL);
	expect_months("2026-02-30", 1, NULL);
	expect_months("", 1, NULL);
	expect_months(NULL, 1, NULL);
	/* Out of the years the system holds. */
	expect_months("2100-12-01", 1, NULL);
	expect_months("1900-01-01", -1, NULL);
}

/* ---- placements ------------------------------------------------------ */

static struct placement_facts facts(const char *form, const char *kind)
{
	return (struct placement_facts){
	    .form = form, .carer_kind = kind, .start_year = 2026};
}

static void placement_carer_and_facility(void **state)
{
	(void)state;
	struct placement_facts f = facts("kinship_care", NULL);
	assert_int_equal(placement_check(&f), PLACEMENT_CARER_REQUIRED);
	f = facts("foster_non_kin", NULL);
	assert_int_equal(placement_check(&f), PLACEMENT_CARER_REQUIRED);
	f = facts("kinship_care", "non_kin");
	assert_int_equal(placement_check(&f), PLACEMENT_CARER_KIND);
	f = facts("foster_non_kin", "kin");
	assert_int_equal(placement_check(&f), PLACEMENT_CARER_KIND);
	f = facts("kinship_care", "kin");
	assert_int_equal(placement_check(&f), PLACEMENT_OK);
	f = facts("foster_non_kin", "non_kin");
	assert_int_equal(placement_check(&f), PLACEMENT_OK);
	f = facts("residential_care", NULL);
	assert_int_equal(placement_check(&f), PLACEMENT_FACILITY_REQUIRED);
	f.has_facility = true;
	assert_int_equal(placement_check(&f), PLACEMENT_OK);
	/* Adoption and emergency care take either or none. */
	const char *free_forms[] = {"adoption", "emergency_care"};
	const char *kinds[] = {NULL, "kin", "non_kin"};
	for (size_t i = 0; i < N(free_forms); i++) {
		for (size_t k = 0; k < N(kinds); k++) {
			f = facts(free_forms[i], kinds[k]);
			assert_int_equal(placement_check(&f), PLACEMENT_OK);
			f.has_facility = true;
			assert_int_equal(placement_check(&f), PLACEMENT_OK);
		}
	}
}

static void placement_ages(void **state)
{
	(void)state;
	/* Kin carer: at least 18 in the start year. */
	struct placement_facts f = facts("kinship_care", "kin");
	f.carer_birth_year = 2008;
	assert_int_equal(placement_check(&f), PLACEMENT_OK);
	f.carer_birth_year = 2009;
	assert_int_equal(placement_check(&f), PLACEMENT_CARER_TOO_YOUNG);
	f.carer_birth_year = 0; /* unknown: not checked */
	assert_int_equal(placement_check(&f), PLACEMENT_OK);
	/* Also when a kin carer takes an emergency placement. */
	f = facts("emergency_care", "kin");
	f.carer_birth_year = 2010;
	assert_int_equal(placement_check(&f), PLACEMENT_CARER_TOO_YOUNG);
	/* Non-kin: at least 20 years older than the child. */
	f = facts("foster_non_kin", "non_kin");
	f.carer_birth_year = 1990;
	f.child_birth_year = 2010;
	assert_int_equal(placement_check(&f), PLACEMENT_OK);
	f.child_birth_year = 2009;
	assert_int_equal(placement_check(&f), PLACEMENT_AGE_GAP);
	f.child_birth_year = 0;
	assert_int_equal(placement_check(&f), PLACEMENT_OK);
	f.child_birth_year = 2009;
	f.carer_birth_year = 0;
	assert_int_equal(placement_check(&f), PLACEMENT_OK);
	/* The gap is the non-kin rule; a kin carer may be close in age. */
	f = facts("kinship_care", "kin");
	f.carer_birth_year = 2000;
	f.child_birth_year = 2010;
	assert_int_equal(placement_check(&f), PLACEMENT_OK);
}

/* The first broken rule wins, in the order of network.h. */
static void placement_order(void **state)
{
	(void)state;
	struct placement_facts f = facts("foster_non_kin", "kin");
	f.carer_birth_year = 2020;
	f.child_birth_year = 2019;
	assert_int_equal(placement_check(&f), PLACEMENT_CARER_KIND);
	f = facts("residential_care", "kin");
	f.carer_birth_year = 2020;
	assert_int_equal(placement_check(&f), PLACEMENT_FACILITY_REQUIRED);
	f.has_facility = true;
	assert_int_equal(placement_check(&f), PLACEMENT_CARER_TOO_YOUNG);
}

/* ---- trainings and communications ------------------------------------ */

static void training_projects(void **state)
{
	(void)state;
	assert_int_equal(training_topic_project("sw_skills"), 1);
	assert_int_equal(training_topic_project("facility_management"), 1);
	assert_int_equal(training_topic_project("pwd_care_rehab"), 1);
	assert_int_equal(training_topic_project("child_protection"), 2);
	assert_int_equal(training_topic_project("ge_knowledge"), 3);
	assert_int_equal(training_topic_project("ge_leadership"), 3);
	assert_int_equal(training_topic_project("gbv_response"), 3);
	assert_int_equal(training_topic_project("drug_rehab_treatment"), 4);
	assert_int_equal(training_topic_project("sex_work_support"), 4);
	assert_int_equal(training_topic_project("trafficking_support"), 4);
	assert_int_equal(training_topic_project("other"), 1);
	assert_int_equal(training_topic_project("Other"), 0);
	assert_int_equal(training_topic_project("cooking"), 0);
	assert_int_equal(training_topic_project(NULL), 0);
	/* Every topic of the list has a project. */
	const struct code_list *l = codes_list("training_topic");
	assert_non_null(l);
	for (size_t i = 0; i < l->n; i++) {
		int p = training_topic_project(l->items[i].code);
		if (p < 1 || p > 4)
			fail_msg("%s: project %d", l->items[i].code, p);
	}
}

static void commune_levels(void **state)
{
	(void)state;
	assert_int_equal(unit_commune_level("2024"), 3);
	assert_int_equal(unit_commune_level("2025"), 2);
	assert_int_equal(unit_commune_level("2023"), 0);
	assert_int_equal(unit_commune_level(""), 0);
	assert_int_equal(unit_commune_level(NULL), 0);
}

/* ---- CSV cells ------------------------------------------------------- */

static void code_cells(void **state)
{
	struct arena *a = *state;
	/* The code itself, any case, spaces around. */
	assert_string_equal(net_code_of(a, "sex", "female"), "female");
	assert_string_equal(net_code_of(a, "sex", "Female"), "female");
	assert_string_equal(net_code_of(a, "sex", " MALE "), "male");
	/* Vietnamese labels with or without diacritics. */
	assert_string_equal(net_code_of(a, "sex", "Nữ"), "female");
	assert_string_equal(net_code_of(a, "sex", "nữ"), "female");
	assert_string_equal(net_code_of(a, "sex", "nu"), "female");
	assert_string_equal(net_code_of(a, "sex", "NỮ"), "female");
	assert_string_equal(net_code_of(a, "sex", "Nam"), "male");
	assert_string_equal(net_code_of(a, "sex", "nam"), "male");
	/* Labels with commas and several words. */
	assert_string_equal(
	    net_code_of(a, "communication_kind", "Họp, nói chuyện chuyên đề"),
	    "meeting");
	assert_string_equal(
	    net_code_of(a, "communication_kind", "hop,  noi chuyen chuyen de"),
	    "meeting");
	assert_string_equal(
	    net_code_of(a, "communication_kind", "Tờ rơi, áp phích, pa nô"),
	    "leaflet");
	assert_string_equal(net_code_of(a, "facility_ownership",
	                                "Cơ sở trợ giúp xã hội ngoài công lập"),
	                    "non_public");
	assert_string_equal(net_code_of(a, "facility_type", "DIA CHI TIN CAY"),
	                    "fac_trusted_address");
	assert_string_equal(net_code_of(a, "facility_type", "Nhà tạm lánh"),
	                    "sp_safe_house");
	/* đ folds to d. */
	assert_string_equal(net_code_of(a, "facility_status", "Đang hoạt động"),
	                    "active");
	assert_string_equal(net_code_of(a, "facility_status", "dang hoat dong"),
	                    "active");
	/* English labels too. */
	assert_string_equal(
	    net_code_of(a, "participant_role", "Social work collaborator"),
	    "sw_collaborator");
	assert_string_equal(
	    net_code_of(a, "communication_topic", "Bình đẳng giới"),
	    "gender_equality");
}

static void unknown_code_cells(void **state)
{
	struct arena *a = *state;
	assert_null(net_code_of(a, "sex", "other"));
	assert_null(net_code_of(a, "sex", "n"));
	assert_null(net_code_of(a, "sex", "Nữ giới"));
	assert_null(net_code_of(a, "sex", ""));
	assert_null(net_code_of(a, "sex", "   "));
	assert_null(net_code_of(a, "sex", NULL));
	assert_null(net_code_of(a, "sex", "\xff\xfe"));
	/* Another list's code is not this list's. */
	assert_null(net_code_of(a, "sex", "active"));
	assert_null(net_code_of(a, "communication_kind", "Họp"));
	assert_null(net_code_of(a, "no_such_list", "female"));
	assert_null(net_code_of(a, NULL, "female"));
}

/* Within a list no two entries share a folded code or label, so a label
 * cell names one code. */
static void labels_are_unambiguous(void **state)
{
	struct arena *a = *state;
	for (size_t i = 0; i < code_lists_count; i++) {
		const struct code_list *l = &code_lists[i];
		for (size_t k = 0; k < l->n; k++) {
			const struct code_entry *e = &l->items[k];
			const char *vi = text_fold(a, e->vi);
			const char *en = text_fold(a, e->en);
			if (strcmp(net_code_of(a, l->name, e->code), e->code))
				fail_msg("%s/%s: code", l->name, e->code);
			if (strcmp(net_code_of(a, l->name, e->vi), e->code))
				fail_msg("%s/%s: vi label names %s", l->name,
				         e->code, net_code_of(a, l->name, vi));
			/* An English label may equal another entry's
			 * Vietnamese one (a proper name); the vi wins. */
			const char *by_en = net_code_of(a, l->name, en);
			if (strcmp(by_en, e->code) != 0 &&
			    strcmp(text_fold(a, codes_find(l->name, by_en)->vi),
			           en) != 0)
				fail_msg("%s/%s: en label names %s", l->name,
				         e->code, by_en);
		}
	}
}

static void expect_count(const char *cell, int64_t max, int64_t want)
{
	int64_t got = net_count_parse(cell, max);
	if (got != want)
		fail_msg("\"%s\" (max %lld): got %lld, expected %lld",
		         cell ? cell : "(null)", (long long)max, (long long)got,
		         (long long)want);
}

static void counts(void **state)
{
	(void)state;
	expect_count("0", 100, 0);
	expect_count("1200", 10000000, 1200);
	expect_count("1.200", 10000000, 1200);
	expect_count("12.000", 10000000, 12000);
	expect_count("120.000", 10000000, 120000);
	expect_count("1.234.567", 10000000, 1234567);
	expect_count("10.000.000", 10000000, 10000000);
	expect_count("007", 100, 7);
	/* Limits. */
	expect_count("10.000.001", 10000000, -1);
	expect_count("101", 100, -1);
	expect_count("100", 100, 100);
	expect_count("7", 5, -1);
	expect_count("5", 5, 5);
	expect_count("9223372036854775807", INT64_MAX, INT64_MAX);
	expect_count("9223372036854775808", INT64_MAX, -1);
	expect_count("99999999999999999999", INT64_MAX, -1);
	/* Malformed groups and other separators. */
	const char *bad[] = {"1.20",   "1.2000", "1200.000", ".200",  "1.",
	                     "1..200", "1.200.", "1,200",    "1 200", "-5",
	                     "+5",     "",       " 12",      "12 ",   "1.2",
	                     "12a",    "1e3",    "0x10",     "١٢"};
	for (size_t i = 0; i < N(bad); i++)
		expect_count(bad[i], 10000000, -1);
	expect_count(NULL, 100, -1);
}

/* ---- CSV imports ----------------------------------------------------- */

static void import_kinds(void **state)
{
	(void)state;
	const char *names[] = {"facilities", "trainings", "communications",
	                       "participants"};
	assert_int_equal(N(names), IMPORT_KIND__MAX);
	for (int k = 0; k < IMPORT_KIND__MAX; k++) {
		assert_string_equal(import_kind_name((enum import_kind)k),
		                    names[k]);
		enum import_kind got = IMPORT_KIND__MAX;
		assert_int_equal(import_kind_parse(names[k], &got), 0);
		assert_int_equal(got, k);
	}
	enum import_kind got = IMPORT_TRAININGS;
	assert_int_equal(import_kind_parse("Facilities", &got), -1);
	assert_int_equal(import_kind_parse("carers", &got), -1);
	assert_int_equal(import_kind_parse("", &got), -1);
	assert_int_equal(import_kind_parse(NULL, &got), -1);
	assert_int_equal(got, IMPORT_TRAININGS);
	assert_null(import_kind_name(IMPORT_KIND__MAX));
	assert_null(import_kind_name((enum import_kind) - 1));
}

static void expect_columns(enum import_kind k, const char *const *names,
                           size_t n, size_t nrequired)
{
	size_t got = 0;
	const struct import_column *c = import_columns(k, &got);
	assert_non_null(c);
	assert_int_equal(got, n);
	assert_true(n <= IMPORT_MAX_COLUMNS);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(c[i].name, names[i]);
		/* The required columns come first. */
		assert_int_equal(c[i].required, i < nrequired);
	}
}

/* docs/network.md §CSV import, in that order. */
static void column_sets(void **state)
{
	(void)state;
	static const char *const fac[] = {
	    "name",     "type",       "ownership",    "unit_code",
	    "capacity", "licence_no", "licence_date", "licence_issuer",
	    "address",  "phone",      "started_on",   "status",
	    "note"};
	static const char *const tr[] = {"title",   "topic",     "starts_on",
	                                 "ends_on", "unit_code", "organiser",
	                                 "place",   "note"};
	static const char *const com[] = {
	    "unit_code", "kind",       "topic",        "held_on", "title",
	    "audience",  "reach_male", "reach_female", "note"};
	static const char *const par[] = {"full_name", "sex",      "role",
	                                  "agency",    "position", "unit_code",
	                                  "birth_year"};
	expect_columns(IMPORT_FACILITIES, fac, N(fac), 4);
	expect_columns(IMPORT_TRAININGS, tr, N(tr), 5);
	expect_columns(IMPORT_COMMUNICATIONS, com, N(com), 4);
	expect_columns(IMPORT_PARTICIPANTS, par, N(par), 3);
	size_t n = 99;
	assert_null(import_columns(IMPORT_KIND__MAX, &n));
	assert_int_equal(n, 0);
}

static void header_in_any_order(void **state)
{
	(void)state;
	const char *h[] = {"\xEF\xBB\xBFSex", " ROLE ", "birth_year",
	                   "Full_Name\r"};
	int map[IMPORT_MAX_COLUMNS];
	const char *bad = "x";
	bool missing = true;
	assert_int_equal(import_header_map(IMPORT_PARTICIPANTS, N(h), h, map,
	                                   &bad, &missing),
	                 0);
	assert_null(bad);
	assert_false(missing);
	/* full_name, sex, role, agency, position, unit_code, birth_year */
	const int want[] = {3, 0, 1, -1, -1, -1, 2};
	for (size_t i = 0; i < N(want); i++)
		assert_int_equal(map[i], want[i]);
	for (size_t i = N(want); i < IMPORT_MAX_COLUMNS; i++)
		assert_int_equal(map[i], -1);
}

static void header_in_export_order(void **state)
{
	(void)state;
	for (int k = 0; k < IMPORT_KIND__MAX; k++) {
		size_t n;
		const struct import_column *c =
		    import_columns((enum import_kind)k, &n);
		const char *h[IMPORT_MAX_COLUMNS];
		for (size_t i = 0; i < n; i++)
			h[i] = c[i].name;
		int map[IMPORT_MAX_COLUMNS];
		const char *bad;
		bool missing;
		assert_int_equal(import_header_map((enum import_kind)k, n, h,
		                                   map, &bad, &missing),
		                 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(map[i], (int)i);
	}
}

static void header_problems(void **state)
{
	(void)state;
	int map[IMPORT_MAX_COLUMNS];
	const char *bad = NULL;
	bool missing = false;
	/* A required column missing: its name. */
	const char *no_role[] = {"full_name", "sex", "agency"};
	assert_int_equal(import_header_map(IMPORT_PARTICIPANTS, N(no_role),
	                                   no_role, map, &bad, &missing),
	                 -1);
	assert_string_equal(bad, "role");
	assert_true(missing);
	/* An unknown column: that cell, even with required ones missing. */
	const char *unknown[] = {"full_name", "gender", "role"};
	assert_int_equal(import_header_map(IMPORT_PARTICIPANTS, N(unknown),
	                                   unknown, map, &bad, &missing),
	                 -1);
	assert_string_equal(bad, "gender");
	assert_false(missing);
	/* A repeated column, in another case. */
	const char *twice[] = {"full_name", "sex", "role", "Sex"};
	missing = true;
	assert_int_equal(import_header_map(IMPORT_PARTICIPANTS, N(twice), twice,
	                                   map, &bad, &missing),
	                 -1);
	assert_string_equal(bad, "Sex");
	assert_false(missing);
	/* A BOM only counts before the first cell. */
	const char *late_bom[] = {"full_name", "\xEF\xBB\xBFsex", "role"};
	assert_int_equal(import_header_map(IMPORT_PARTICIPANTS, N(late_bom),
	                                   late_bom, map, &bad, &missing),
	                 -1);
	assert_string_equal(bad, "\xEF\xBB\xBFsex");
	assert_false(missing);
	/* An empty header cell is no column. */
	const char *empty[] = {"full_name", "sex", "role", ""};
	assert_int_equal(import_header_map(IMPORT_PARTICIPANTS, N(empty), empty,
	                                   map, &bad, &missing),
	                 -1);
	assert_string_equal(bad, "");
	/* Another kind's column. */
	const char *other_kind[] = {"title",   "topic",     "starts_on",
	                            "ends_on", "unit_code", "held_on"};
	assert_int_equal(import_header_map(IMPORT_TRAININGS, N(other_kind),
	                                   other_kind, map, &bad, &missing),
	                 -1);
	assert_string_equal(bad, "held_on");
	/* No header at all: the first required column is missing. */
	assert_int_equal(
	    import_header_map(IMPORT_FACILITIES, 0, NULL, map, &bad, &missing),
	    -1);
	assert_string_equal(bad, "name");
	assert_true(missing);
	/* A header of a BOM alone. */
	const char *bom_only[] = {"\xEF\xBB\xBF"};
	assert_int_equal(import_header_map(IMPORT_FACILITIES, N(bom_only),
	                                   bom_only, map, &bad, &missing),
	                 -1);
	assert_string_equal(bad, "");
	assert_false(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(facility_kinds),
	    cmocka_unit_test(every_type_has_a_kind),
	    cmocka_unit_test(over_capacity),
	    cmocka_unit_test(occupancy),
	    cmocka_unit_test(licence_missing),
	    cmocka_unit_test(dates_parse),
	    cmocka_unit_test(bad_dates_are_refused),
	    cmocka_unit_test(months_clamp_the_day),
	    cmocka_unit_test(placement_carer_and_facility),
	    cmocka_unit_test(placement_ages),
	    cmocka_unit_test(placement_order),
	    cmocka_unit_test(training_projects),
	    cmocka_unit_test(commune_levels),
	    cmocka_unit_test_setup_teardown(code_cells, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(unknown_code_cells, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(labels_are_unambiguous, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test(counts),
	    cmocka_unit_test(import_kinds),
	    cmocka_unit_test(column_sets),
	    cmocka_unit_test(header_in_any_order),
	    cmocka_unit_test(header_in_export_order),
	    cmocka_unit_test(header_problems),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
