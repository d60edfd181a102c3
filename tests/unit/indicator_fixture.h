/*
 * indicator_fixture.h — the temporary store the indicator store tests
 * share (test_store_indicators.c, test_store_indicator_records.c,
 * test_store_aggregates.c): a Kon Tum lineage of two districts and three
 * communes with Gia Lai apart, a few catalogue rows of each source and
 * kind, one province user and one person.  Included once by each test
 * program, after cmocka and the store headers.
 */
#ifndef TROGIUP_TESTS_INDICATOR_FIXTURE_H
#define TROGIUP_TESTS_INDICATOR_FIXTURE_H

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
	struct arena *a;
	int64_t user, person;
};

static void put_unit(struct store *st, const char *code, int level,
                     const char *parent, const char *path)
{
	struct unit_row u = {
	    .tree = "2024",
	    .code = code,
	    .name = code,
	    .name_folded = code,
	    .type = level == 1   ? "Tỉnh"
	            : level == 2 ? "Huyện"
	                         : "Xã",
	    .level = level,
	    .parent_code = parent,
	    .path = path,
	};
	assert_int_equal(store_unit_put(st, &u), STORE_OK);
}

/* A few catalogue rows: one of each source and kind the tests use. */
static const struct indicator_def defs[] = {
    {"p1_disadvantaged_supported_pct", 1, "percent", "vi", "en", "n", "d",
     "cases:social_assistance", ""},
    {"p1_staff_trained_count", 1, "count", "vi", "en", "n", "", "trainings",
     ""},
    {"p1_sw_workforce_trained_pct", 1, "percent", "vi", "en", "n", "d",
     "trainings", ""},
    {"p1_residents_per_facility_count", 1, "count", "vi", "en", "n", "",
     "facilities", ""},
    {"p1_nonpublic_facilities_count", 1, "count", "vi", "en", "n", "",
     "facilities", ""},
    {"p2_csc_managed_pct", 2, "percent", "vi", "en", "n", "d",
     "cases:child_protection", ""},
    {"p2_districts_cp_plan_pct", 2, "percent", "vi", "en", "n", "d",
     "aggregate", ""},
    {"p3_population_ge_informed_pct", 3, "percent", "vi", "en", "n", "d",
     "communications", ""},
    {"p3_districts_women_economic_models_pct", 3, "percent", "vi", "en", "n",
     "d", "models", ""},
    {"p4_communes_prostitution_communication_pct", 4, "percent", "vi", "en",
     "n", "d", "communications", ""},
    {"p4_harm_reduction_subunits_pct", 4, "percent", "vi", "en", "n", "d",
     "cases:sex_work_support", ""},
    {"p4_addicts_vocational_trained_count", 4, "count", "vi", "en", "n", "",
     "cases:drug_rehab", ""},
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char *err = NULL;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/trogiup-ind-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	assert_int_equal(store_open(f->path, &f->st, &err), STORE_OK);
	assert_int_equal(store_migrate(f->st, &err), STORE_OK);
	assert_null(err);
	f->a = arena_new();
	/* Kon Tum: district 608 with communes 23425 and 23426, district 610
	 * with commune 23500; Gia Lai apart. */
	put_unit(f->st, "62", 1, NULL, "62");
	put_unit(f->st, "608", 2, "62", "62/608");
	put_unit(f->st, "23425", 3, "608", "62/608/23425");
	put_unit(f->st, "23426", 3, "608", "62/608/23426");
	put_unit(f->st, "610", 2, "62", "62/610");
	put_unit(f->st, "23500", 3, "610", "62/610/23500");
	put_unit(f->st, "64", 1, NULL, "64");
	assert_int_equal(store_indicators_load(f->st, defs, N(defs)), STORE_OK);
	struct user_row u = {
	    .username = "lan",
	    .full_name = "Nguyễn Thị Lan",
	    .role = "province",
	    .password_hash = "$argon2id$v=19$x",
	    .active = 1,
	};
	assert_int_equal(store_user_insert(f->st, &u), STORE_OK);
	f->user = u.id;
	struct person_row p = {
	    .full_name = "a",
	    .full_name_folded = "a",
	    .sex = "female",
	    .province = "62",
	};
	assert_int_equal(store_person_insert(f->st, &p), STORE_OK);
	f->person = p.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	store_close(f->st);
	arena_free(f->a);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

#endif
