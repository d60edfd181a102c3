/*
 * test_store_indicator_records.c — the parts of programme indicators the
 * SQLite store counts from records other than cases when asked
 * (store_indicator_sums, store_indicator_child_sums): facilities, stays,
 * trainings and their participants, communications, and units counted
 * below a unit, for a unit, its children and the nation's provinces.
 * Each test gets a fresh database in its own mkdtemp directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/indicators.h"
#include "lib/arena.h"
#include "store/store.h"
#include "store/store_indicators.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* 2020-03-01 00:00 in Asia/Ho_Chi_Minh, 2020-02-29 17:00 UTC: the first
 * instant of March there, the last second of February just before. */
#define MARCH_2020 1582995600
#define JUNE_2020  1592190000

#include "indicator_fixture.h"

static int64_t insert_case(struct fixture *f, const char *type,
                           const char *code, const char *path,
                           const char *stage, const char *details,
                           int64_t opened_at)
{
	struct case_row c = {
	    .type = type,
	    .person_id = f->person,
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .stage = stage,
	    .urgency = "normal",
	    .details = details,
	    .consent_services = -1,
	    .consent_statistics = -1,
	    .consent_sharing = -1,
	    .opened_at = opened_at,
	    .created_by = f->user,
	};
	assert_int_equal(store_case_insert(f->st, f->a, &c, 2020), STORE_OK);
	return c.id;
}

#define P1 "p1_disadvantaged_supported_pct"

/* The parts of indicator code in sums (fails when absent). */
static const struct indicator_sum *sum_of(const struct indicator_sum *sums,
                                          size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(sums[i].indicator, code) == 0)
			return &sums[i];
	fail_msg("no sums for %s", code);
	return NULL;
}

static int64_t add_facility(struct fixture *f, const char *type,
                            const char *kind, const char *ownership,
                            const char *code, const char *path,
                            const char *licence, const char *started)
{
	struct facility_row fa = {
	    .name = type,
	    .type = type,
	    .kind = kind,
	    .ownership = ownership,
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .capacity = 50,
	    .licence_no = licence,
	    .started_on = started,
	    .status = "active",
	    .created_at = 1,
	    .updated_at = 1,
	};
	assert_int_equal(store_facility_insert(f->st, &fa), STORE_OK);
	return fa.id;
}

static void records_count_for_unit_and_children(void **state)
{
	struct fixture *f = *state;
	/* a non-public licensed facility in 23425, one without a licence */
	int64_t fac =
	    add_facility(f, "fac_general", "facility", "non_public", "23425",
	                 "62/608/23425", "12/GP", "2019-05-01");
	add_facility(f, "fac_general", "facility", "non_public", "23500",
	             "62/610/23500", NULL, "2019-05-01");
	/* a women's economic model in district 608, started in time */
	add_facility(f, "model_women_economic", "model", "public", "23426",
	             "62/608/23426", NULL, "2020-02-01");
	/* two residents, one discharged before the period's end */
	int64_t c1 = insert_case(f, "social_assistance", "23425",
	                         "62/608/23425", "intake", "{}", MARCH_2020);
	struct stay_row s1 = {.facility_id = fac,
	                      .case_id = c1,
	                      .person_id = f->person,
	                      .admitted_on = "2020-01-10",
	                      .admission_kind = "ordinary",
	                      .reason = "r",
	                      .decided_by = "d",
	                      .admitted_by = f->user,
	                      .created_at = 1};
	assert_int_equal(store_stay_insert(f->st, &s1), STORE_OK);
	/* a training ending in June: two staff, a caregiver, and a
	 * participant of another unit */
	struct training_row t = {.title = "t",
	                         .topic = "sw_skills",
	                         .project = 1,
	                         .starts_on = "2020-06-01",
	                         .ends_on = "2020-06-03",
	                         .unit_tree = "2024",
	                         .unit_code = "608",
	                         .unit_path = "62/608",
	                         .created_at = 1,
	                         .updated_at = 1};
	assert_int_equal(store_training_insert(f->st, &t), STORE_OK);
	static const char *const roles[] = {"sw_official", "sw_collaborator",
	                                    "family_caregiver", "cp_officer"};
	for (size_t i = 0; i < N(roles); i++) {
		struct participant_row p = {.training_id = t.id,
		                            .full_name = "p",
		                            .full_name_folded = "p",
		                            .sex = "female",
		                            .role = roles[i],
		                            .created_at = 1};
		assert_int_equal(store_participant_insert(f->st, &p), STORE_OK);
	}
	struct participant_row other = {.training_id = t.id,
	                                .full_name = "q",
	                                .full_name_folded = "q",
	                                .sex = "male",
	                                .role = "sw_official",
	                                .unit_tree = "2024",
	                                .unit_code = "23500",
	                                .unit_path = "62/610/23500",
	                                .created_at = 1};
	assert_int_equal(store_participant_insert(f->st, &other), STORE_OK);
	/* communications: gender equality in 23425, anti-prostitution in
	 * 23426 */
	struct communication_row m = {.unit_tree = "2024",
	                              .unit_code = "23425",
	                              .unit_path = "62/608/23425",
	                              .kind = "meeting",
	                              .topic = "gender_equality",
	                              .audience = "general_public",
	                              .held_on = "2020-05-05",
	                              .reach_male = 10,
	                              .reach_female = 15,
	                              .created_at = 1,
	                              .updated_at = 1};
	assert_int_equal(store_communication_insert(f->st, &m), STORE_OK);
	m.id = 0;
	m.unit_code = "23426";
	m.unit_path = "62/608/23426";
	m.topic = "anti_prostitution";
	assert_int_equal(store_communication_insert(f->st, &m), STORE_OK);
	/* a harm-reduction case in district 610 */
	insert_case(f, "sex_work_support", "23500", "62/610/23500", "intake",
	            "{\"harm_reduction\":true}", JUNE_2020);

	struct indicator_sum *sums;
	size_t ns;
	assert_int_equal(store_indicator_sums(f->st, f->a, "2024", "62",
	                                      "2020-01-01", "2020-12-31", &sums,
	                                      &ns),
	                 STORE_OK);
	const struct indicator_sum *v =
	    sum_of(sums, ns, "p1_nonpublic_facilities_count");
	assert_true(v->has_num && !v->has_den);
	assert_int_equal(v->num, 1);
	v = sum_of(sums, ns, "p1_residents_per_facility_count");
	assert_int_equal(v->num, 1);
	v = sum_of(sums, ns, "p1_staff_trained_count");
	assert_int_equal(v->num, 3); /* cp_officer is not in this one */
	v = sum_of(sums, ns, "p1_sw_workforce_trained_pct");
	assert_true(v->has_num && !v->has_den); /* headcount: aggregate */
	assert_int_equal(v->num, 4);
	v = sum_of(sums, ns, "p3_population_ge_informed_pct");
	assert_int_equal(v->num, 25);
	v = sum_of(sums, ns, "p3_districts_women_economic_models_pct");
	assert_true(v->has_num && v->has_den);
	assert_int_equal(v->num, 1);
	assert_int_equal(v->den, 2);
	v = sum_of(sums, ns, "p4_communes_prostitution_communication_pct");
	assert_int_equal(v->num, 1);
	assert_int_equal(v->den, 3);
	v = sum_of(sums, ns, "p4_harm_reduction_subunits_pct");
	assert_int_equal(v->num, 1); /* district 610 of 608 and 610 */
	assert_int_equal(v->den, 2);
	v = sum_of(sums, ns, P1);
	assert_int_equal(v->den, 1);
	/* aggregate-only indicators are not in the record sums */
	for (size_t i = 0; i < ns; i++)
		assert_string_not_equal(sums[i].indicator,
		                        "p2_districts_cp_plan_pct");

	/* nobody was resident or trained in 2019 */
	assert_int_equal(store_indicator_sums(f->st, f->a, "2024", "62",
	                                      "2019-01-01", "2019-12-31", &sums,
	                                      &ns),
	                 STORE_OK);
	assert_int_equal(
	    sum_of(sums, ns, "p1_residents_per_facility_count")->num, 0);
	assert_int_equal(sum_of(sums, ns, "p1_staff_trained_count")->num, 0);
	/* discharged on 1 July: resident at the end of 2020S1, not 2020 */
	s1.discharged_on = "2020-07-01";
	s1.discharge_reason = "returned_home";
	s1.discharged_by = f->user;
	assert_int_equal(store_stay_discharge(f->st, &s1), STORE_OK);
	assert_int_equal(store_indicator_sums(f->st, f->a, "2024", "62",
	                                      "2020-01-01", "2020-06-30", &sums,
	                                      &ns),
	                 STORE_OK);
	assert_int_equal(
	    sum_of(sums, ns, "p1_residents_per_facility_count")->num, 1);
	assert_int_equal(store_indicator_sums(f->st, f->a, "2024", "62",
	                                      "2020-01-01", "2020-12-31", &sums,
	                                      &ns),
	                 STORE_OK);
	assert_int_equal(
	    sum_of(sums, ns, "p1_residents_per_facility_count")->num, 0);

	/* the children of Kon Tum */
	struct indicator_unit_sums *units;
	size_t nu;
	assert_int_equal(store_indicator_child_sums(f->st, f->a, "2024", "62",
	                                            "2020-01-01", "2020-12-31",
	                                            &units, &nu),
	                 STORE_OK);
	assert_int_equal(nu, 2);
	assert_string_equal(units[0].code, "608");
	assert_string_equal(units[1].code, "610");
	assert_int_equal(units[0].level, 2);
	assert_int_equal(
	    sum_of(units[0].sums, units[0].n, "p1_staff_trained_count")->num,
	    2);
	assert_int_equal(
	    sum_of(units[1].sums, units[1].n, "p1_staff_trained_count")->num,
	    1);
	v = sum_of(units[0].sums, units[0].n,
	           "p4_communes_prostitution_communication_pct");
	assert_true(v->num == 1 && v->den == 2);
	v = sum_of(units[1].sums, units[1].n,
	           "p4_communes_prostitution_communication_pct");
	assert_true(v->num == 0 && v->den == 1);
	v = sum_of(units[0].sums, units[0].n,
	           "p3_districts_women_economic_models_pct");
	assert_true(v->num == 1 && v->den == 1); /* the district itself */
	v = sum_of(units[1].sums, units[1].n, "p4_harm_reduction_subunits_pct");
	assert_true(v->num == 1 && v->den == 1); /* its one commune */
	assert_int_equal(sum_of(units[0].sums, units[0].n, P1)->den, 1);
	assert_int_equal(sum_of(units[1].sums, units[1].n, P1)->den, 0);

	/* the nation's children are the provinces */
	assert_int_equal(store_indicator_child_sums(f->st, f->a, "2024", "",
	                                            "2020-01-01", "2020-12-31",
	                                            &units, &nu),
	                 STORE_OK);
	assert_int_equal(nu, 2);
	assert_string_equal(units[0].code, "62");
	assert_string_equal(units[1].code, "64");
	assert_int_equal(
	    sum_of(units[0].sums, units[0].n, "p1_staff_trained_count")->num,
	    3);
	v = sum_of(units[0].sums, units[0].n, "p4_harm_reduction_subunits_pct");
	assert_true(v->num == 1 && v->den == 2);
	assert_int_equal(
	    sum_of(units[1].sums, units[1].n, "p1_staff_trained_count")->num,
	    0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(records_count_for_unit_and_children,
	                                    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
