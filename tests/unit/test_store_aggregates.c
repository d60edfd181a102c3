/*
 * test_store_aggregates.c — aggregate values of programme indicators in
 * the SQLite store (sqlite_aggregates.c, store_indicators.h): put, change,
 * history and lists, and the rule that finds which entry counts for a
 * unit and period (own entry, enclosing period, children's sum, the
 * nation).  Each test gets a fresh database in its own mkdtemp directory.
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

/* ---- aggregate values --------------------------------------------------- */

static struct aggregate_row entry(const char *code, const char *period,
                                  bool has_num, int64_t num, bool has_den,
                                  int64_t den)
{
	struct aggregate_row r = {
	    .indicator = "p2_districts_cp_plan_pct",
	    .tree = "2024",
	    .unit_code = code,
	    .period = period,
	    .has_num = has_num,
	    .numerator = num,
	    .has_den = has_den,
	    .denominator = den,
	};
	return r;
}

static void put(struct fixture *f, struct aggregate_row r, bool created)
{
	struct aggregate_row out;
	bool was_created;
	assert_int_equal(store_aggregate_put(f->st, f->a, &r,
	                                     created ? NULL : "sửa số liệu",
	                                     f->user, 1000, &out, &was_created),
	                 STORE_OK);
	assert_int_equal(was_created, created);
}

static void resolve(struct fixture *f, const char *unit, const char *period,
                    bool has_num, int64_t num, bool has_den, int64_t den)
{
	struct period p, enc[4];
	const char *codes[4];
	assert_int_equal(period_parse(period, &p), 0);
	size_t n = period_enclosing(&p, enc);
	for (size_t i = 0; i < n; i++)
		codes[i] = enc[i].code;
	bool hn, hd;
	int64_t vn, vd;
	assert_int_equal(store_aggregate_resolve(f->st, f->a, "2024", unit,
	                                         "p2_districts_cp_plan_pct",
	                                         codes, n, &hn, &vn, &hd, &vd),
	                 STORE_OK);
	if (hn != has_num || hd != has_den || (hn && vn != num) ||
	    (hd && vd != den))
		fail_msg("%s %s: %d:%lld %d:%lld", unit, period, hn,
		         (long long)vn, hd, (long long)vd);
}

static void aggregates_put_change_history(void **state)
{
	struct fixture *f = *state;
	struct aggregate_row r = entry("608", "2020", true, 3, true, 10), out;
	bool created;
	assert_int_equal(store_aggregate_put(f->st, f->a, &r, NULL, f->user,
	                                     1000, &out, &created),
	                 STORE_OK);
	assert_true(created);
	assert_true(out.id > 0);
	assert_int_equal(out.version, 1);
	assert_string_equal(out.unit_name, "608");
	assert_string_equal(out.entered_by_name, "Nguyễn Thị Lan");
	assert_int_equal(out.numerator, 3);
	assert_int_equal(out.entered_at, 1000);

	r.numerator = 4;
	r.has_den = false;
	assert_int_equal(store_aggregate_put(f->st, f->a, &r, "đếm lại",
	                                     f->user, 2000, &out, &created),
	                 STORE_OK);
	assert_false(created);
	assert_int_equal(out.version, 2);
	assert_int_equal(out.numerator, 4);
	assert_false(out.has_den);

	struct aggregate_row found;
	assert_int_equal(store_aggregate_find(f->st, f->a, "2024", "608",
	                                      "p2_districts_cp_plan_pct",
	                                      "2020", &found),
	                 STORE_OK);
	assert_int_equal(found.id, out.id);
	assert_int_equal(store_aggregate_find(f->st, f->a, "2024", "608",
	                                      "p2_districts_cp_plan_pct",
	                                      "2021", &found),
	                 STORE_NOTFOUND);

	struct aggregate_change *ch;
	size_t n;
	assert_int_equal(store_aggregate_history(f->st, f->a, out.id, &ch, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_null(ch[0].reason);
	assert_true(ch[0].has_num && ch[0].numerator == 3);
	assert_true(ch[0].has_den && ch[0].denominator == 10);
	assert_string_equal(ch[1].reason, "đếm lại");
	assert_string_equal(ch[1].by_name, "Nguyễn Thị Lan");
	assert_int_equal(ch[1].at, 2000);
	assert_true(ch[1].has_num && ch[1].numerator == 4);
	assert_false(ch[1].has_den);

	/* lists by scope, period and indicator */
	put(f, entry("23425", "2020", true, 1, true, 1), true);
	put(f, entry("64", "2020", true, 1, true, 1), true);
	put(f, entry("", "2020", true, 9, true, 9), true);
	struct aggregate_row *rows;
	assert_int_equal(store_aggregates_list(f->st, f->a, "2024", "608", NULL,
	                                       NULL, &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].unit_code, "608");
	assert_string_equal(rows[1].unit_code, "23425");
	assert_int_equal(store_aggregates_list(f->st, f->a, "2024", "", "2020",
	                                       "p2_districts_cp_plan_pct",
	                                       &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 4);
	assert_string_equal(rows[0].unit_code, "");
	assert_string_equal(rows[0].unit_name, "Toàn quốc");
	assert_int_equal(store_aggregates_list(f->st, f->a, "2024", "", "2021",
	                                       NULL, &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
}

static void aggregates_resolve(void **state)
{
	struct fixture *f = *state;
	/* nothing anywhere: unknown */
	resolve(f, "62", "2020", false, 0, false, 0);

	/* communes of 608: the district sums them, the province too */
	put(f, entry("23425", "2020", true, 2, true, 5), true);
	put(f, entry("23426", "2020Q2", true, 1, true, 3), true);
	resolve(f, "23425", "2020", true, 2, true, 5);
	resolve(f, "23425", "2020-05", true, 2, true, 5); /* the year's */
	resolve(f, "23426", "2020", false, 0, false, 0);  /* Q2 ⊄ year */
	resolve(f, "23426", "2020-05", true, 1, true, 3);
	resolve(f, "608", "2020-05", true, 3, true, 8);
	resolve(f, "608", "2020", true, 2, true, 5);
	resolve(f, "62", "2020-05", true, 3, true, 8);
	resolve(f, "610", "2020-05", false, 0, false, 0);

	/* the district's own entry wins over its communes */
	put(f, entry("608", "2020S1", true, 4, false, 0), true);
	resolve(f, "608", "2020-05", true, 4, true, 8); /* den: communes */
	resolve(f, "62", "2020-05", true, 4, true, 8);
	resolve(f, "608", "2020-08", true, 2, true, 5);

	/* the exact period beats the enclosing one */
	put(f, entry("23425", "2020-05", true, 0, true, 6), true);
	resolve(f, "23425", "2020-05", true, 0, true, 6);
	resolve(f, "608", "2020-05", true, 4, true, 9);

	/* the nation sums its provinces, unless it has its own */
	put(f, entry("64", "2020", true, 1, true, 1), true);
	resolve(f, "", "2020-05", true, 5, true, 10);
	put(f, entry("", "2020", true, 50, true, 100), true);
	resolve(f, "", "2020-05", true, 50, true, 100);
	resolve(f, "62", "2020-05", true, 4, true, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(aggregates_put_change_history,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(aggregates_resolve, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
