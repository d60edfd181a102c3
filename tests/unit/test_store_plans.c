/*
 * test_store_plans.c — the SQLite store's plans and targets against
 * store_plans.h (docs/indicators.md §Plans, §Which target applies):
 * plans with their projects, the number unique per unit, versions, lists
 * by scope, targets with and without baselines, the copy into a new
 * period in one transaction, and the target that applies to a unit and
 * year.  Each test gets a fresh database file in its own mkdtemp
 * directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/arena.h"
#include "store/store.h"
#include "store/store_plans.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
	struct arena *a;
};

static void put_unit(struct store *st, const char *code, const char *name,
                     int level, const char *parent, const char *path)
{
	struct unit_row u = {
	    .tree = "2024",
	    .code = code,
	    .name = name,
	    .name_folded = name,
	    .type = level == 1   ? "Tỉnh"
	            : level == 2 ? "Huyện"
	                         : "Xã",
	    .level = level,
	    .parent_code = parent,
	    .path = path,
	};
	assert_int_equal(store_unit_put(st, &u), STORE_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char *err = NULL;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/trogiup-plans-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	assert_int_equal(store_open(f->path, &f->st, &err), STORE_OK);
	assert_int_equal(store_migrate(f->st, &err), STORE_OK);
	assert_null(err);
	f->a = arena_new();
	/* Kon Tum with two districts whose codes share a prefix, Gia Lai */
	put_unit(f->st, "62", "Kon Tum", 1, NULL, "62");
	put_unit(f->st, "61", "Đắk Hà", 2, "62", "62/61");
	put_unit(f->st, "612", "Đắk Tô", 2, "62", "62/612");
	put_unit(f->st, "64", "Gia Lai", 1, NULL, "64");
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

static struct plan_project kt_projects[] = {
    {1, "Sở Lao động - Thương binh và Xã hội", "Sở Y tế"},
    {4, "Công an tỉnh", NULL},
};

/* A plan of unit (code, path) numbered number for [from, to]. */
static int64_t add_plan(struct fixture *f, const char *code, const char *path,
                        const char *number, int from, int to)
{
	struct plan_row p = {
	    .tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .number = number,
	    .issued_on = "2018-04-03",
	    .title = "Kế hoạch thực hiện Chương trình",
	    .period_from = from,
	    .period_to = to,
	    .projects = kt_projects,
	    .nprojects = 2,
	    .created_by = 0,
	    .created_at = 1000,
	};
	assert_int_equal(store_plan_create(f->st, &p), STORE_OK);
	assert_true(p.id > 0);
	assert_int_equal(p.version, 1);
	return p.id;
}

static int64_t add_target(struct fixture *f, int64_t plan, const char *ind,
                          int year, double target, int baseline_year)
{
	struct target_row t = {
	    .plan_id = plan,
	    .indicator = ind,
	    .year = year,
	    .target = target,
	    .has_baseline = baseline_year > 0,
	    .baseline = 50.5,
	    .baseline_year = baseline_year,
	    .quote = "85% trẻ em",
	};
	assert_int_equal(store_target_add(f->st, &t), STORE_OK);
	assert_int_equal(t.version, 1);
	return t.id;
}

static void test_plan_create_get(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_plan(f, "62", "62", "787/KH-UBND", 2018, 2020);
	struct plan_row p, dup = {
	                       .tree = "2024",
	                       .unit_code = "62",
	                       .unit_path = "62",
	                       .number = "787/KH-UBND",
	                       .issued_on = "2019-01-01",
	                       .title = "Khác",
	                       .period_from = 2019,
	                       .period_to = 2019,
	                   };

	assert_int_equal(store_plan_get(f->st, f->a, id, &p), STORE_OK);
	assert_string_equal(p.number, "787/KH-UBND");
	assert_string_equal(p.unit_name, "Kon Tum");
	assert_string_equal(p.unit_path, "62");
	assert_string_equal(p.issued_on, "2018-04-03");
	assert_int_equal(p.period_from, 2018);
	assert_int_equal(p.period_to, 2020);
	assert_int_equal(p.created_at, 1000);
	assert_int_equal(p.updated_at, 1000);
	assert_int_equal(p.targets_count, 0);
	assert_int_equal(p.nprojects, 2);
	assert_int_equal(p.projects[0].project, 1);
	assert_string_equal(p.projects[0].partners, "Sở Y tế");
	assert_int_equal(p.projects[1].project, 4);
	assert_string_equal(p.projects[1].lead_agency, "Công an tỉnh");
	assert_null(p.projects[1].partners);

	/* the number is unique per unit, and a failed create leaves no
	 * projects behind */
	assert_int_equal(store_plan_create(f->st, &dup), STORE_CONFLICT);
	dup.unit_code = "61";
	dup.unit_path = "62/61";
	assert_int_equal(store_plan_create(f->st, &dup), STORE_OK);
	assert_int_equal(store_plan_get(f->st, f->a, dup.id, &p), STORE_OK);
	assert_int_equal(p.nprojects, 0);
	assert_int_equal(store_plan_get(f->st, f->a, 999, &p), STORE_NOTFOUND);
}

static void test_plan_update(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_plan(f, "62", "62", "787/KH-UBND", 2018, 2020);
	struct plan_project one = {2, "Sở Lao động", "Tỉnh đoàn"};
	struct plan_row p;

	add_plan(f, "62", "62", "1/KH", 2021, 2025);
	assert_int_equal(store_plan_get(f->st, f->a, id, &p), STORE_OK);
	p.title = "Kế hoạch mới";
	p.period_to = 2021;
	p.projects = &one;
	p.nprojects = 1;
	p.updated_at = 2000;
	assert_int_equal(store_plan_update(f->st, &p, 1), STORE_OK);
	assert_int_equal(p.version, 2);
	/* stale version, taken number, no such plan */
	assert_int_equal(store_plan_update(f->st, &p, 1), STORE_CONFLICT);
	p.number = "1/KH";
	assert_int_equal(store_plan_update(f->st, &p, 0), STORE_CONFLICT);
	p.number = "787/KH-UBND";
	p.id = 999;
	assert_int_equal(store_plan_update(f->st, &p, 0), STORE_NOTFOUND);

	assert_int_equal(store_plan_get(f->st, f->a, id, &p), STORE_OK);
	assert_string_equal(p.title, "Kế hoạch mới");
	assert_string_equal(p.number, "787/KH-UBND");
	assert_int_equal(p.period_to, 2021);
	assert_int_equal(p.version, 2);
	assert_int_equal(p.created_at, 1000);
	assert_int_equal(p.updated_at, 2000);
	assert_int_equal(p.nprojects, 1);
	assert_int_equal(p.projects[0].project, 2);
	assert_string_equal(p.projects[0].partners, "Tỉnh đoàn");
}

static void test_plans_list_scope(void **state)
{
	struct fixture *f = *state;
	struct plan_query q = {.tree = "2024"};
	struct plan_row *items;
	size_t n;
	long total;

	add_plan(f, "62", "62", "A", 2018, 2020);
	add_plan(f, "61", "62/61", "B", 2018, 2020);
	add_plan(f, "612", "62/612", "C", 2017, 2020);
	add_plan(f, "64", "64", "D", 2018, 2020);

	assert_int_equal(store_plans_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 4);
	assert_int_equal(total, 4);
	/* by unit path */
	assert_string_equal(items[0].number, "A");
	assert_string_equal(items[1].number, "B");
	assert_string_equal(items[2].number, "C");
	assert_string_equal(items[3].number, "D");
	assert_int_equal(items[0].nprojects, 2);
	assert_string_equal(items[3].unit_name, "Gia Lai");

	/* 62/61 does not hold 62/612 */
	q.within_path = "62/61";
	assert_int_equal(store_plans_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].number, "B");

	q.within_path = "62";
	q.limit = 2;
	q.offset = 1;
	assert_int_equal(store_plans_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].number, "B");

	q.limit = q.offset = 0;
	q.unit_code = "62";
	assert_int_equal(store_plans_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].number, "A");

	q.tree = "2025";
	q.unit_code = NULL;
	q.within_path = NULL;
	assert_int_equal(store_plans_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 0);
}

static void test_targets_crud(void **state)
{
	struct fixture *f = *state;
	int64_t plan = add_plan(f, "62", "62", "787/KH-UBND", 2018, 2020);
	int64_t t1 = add_target(f, plan, "p2_csc_supported_pct", 2020, 85, 0);
	int64_t t2 =
	    add_target(f, plan, "p1_staff_trained_count", 2020, 300, 2017);
	int64_t t3 = add_target(f, plan, "p2_csc_supported_pct", 2018, 80, 0);
	struct target_row t, *items;
	struct plan_row p;
	size_t n;

	assert_int_equal(store_targets_list(f->st, f->a, plan, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 3);
	/* by indicator, then year */
	assert_int_equal(items[0].id, t2);
	assert_int_equal(items[1].id, t3);
	assert_int_equal(items[2].id, t1);
	assert_true(items[0].has_baseline);
	assert_true(items[0].baseline == 50.5);
	assert_int_equal(items[0].baseline_year, 2017);
	assert_false(items[1].has_baseline);
	assert_int_equal(items[1].baseline_year, 0);
	assert_true(items[2].target == 85);
	assert_string_equal(items[2].quote, "85% trẻ em");
	assert_int_equal(store_plan_get(f->st, f->a, plan, &p), STORE_OK);
	assert_int_equal(p.targets_count, 3);

	/* no such plan */
	t = items[0];
	t.plan_id = 999;
	assert_int_equal(store_target_add(f->st, &t), STORE_NOTFOUND);

	assert_int_equal(store_target_get(f->st, f->a, t1, &t), STORE_OK);
	t.target = 90.5;
	t.has_baseline = true;
	t.baseline = 70;
	t.baseline_year = 2017;
	t.quote = NULL;
	assert_int_equal(store_target_update(f->st, &t, 1), STORE_OK);
	assert_int_equal(t.version, 2);
	assert_int_equal(store_target_update(f->st, &t, 1), STORE_CONFLICT);
	assert_int_equal(store_target_get(f->st, f->a, t1, &t), STORE_OK);
	assert_true(t.target == 90.5);
	assert_true(t.has_baseline && t.baseline == 70);
	assert_int_equal(t.baseline_year, 2017);
	assert_null(t.quote);
	assert_int_equal(t.version, 2);
	t.id = 999;
	assert_int_equal(store_target_update(f->st, &t, 0), STORE_NOTFOUND);

	assert_int_equal(store_target_delete(f->st, t1, 1), STORE_CONFLICT);
	assert_int_equal(store_target_delete(f->st, t1, 2), STORE_OK);
	assert_int_equal(store_target_delete(f->st, t1, 0), STORE_NOTFOUND);
	assert_int_equal(store_target_get(f->st, f->a, t1, &t), STORE_NOTFOUND);
	assert_int_equal(store_target_delete(f->st, t2, 0), STORE_OK);
	assert_int_equal(store_targets_list(f->st, f->a, plan, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, t3);
}

static void test_plan_copy(void **state)
{
	struct fixture *f = *state;
	int64_t plan = add_plan(f, "62", "62", "787/KH-UBND", 2018, 2020);
	struct plan_row to = {.number = "12/KH-UBND",
	                      .issued_on = "2021-02-01",
	                      .period_from = 2021,
	                      .period_to = 2025,
	                      .created_at = 3000};
	struct plan_query q = {.tree = "2024"};
	struct target_row *items;
	struct plan_row *plans;
	long total;
	size_t n;

	add_target(f, plan, "p2_csc_supported_pct", 2020, 85, 2017);
	add_target(f, plan, "p2_csc_supported_pct", 2018, 80, 0);
	add_target(f, plan, "p1_staff_trained_count", 2019, 300, 0);

	assert_int_equal(store_plan_copy(f->st, f->a, plan, &to), STORE_OK);
	assert_true(to.id > plan);
	assert_string_equal(to.unit_code, "62");
	assert_string_equal(to.unit_path, "62");
	assert_string_equal(to.title, "Kế hoạch thực hiện Chương trình");
	assert_string_equal(to.number, "12/KH-UBND");
	assert_int_equal(to.period_from, 2021);
	assert_int_equal(to.period_to, 2025);
	assert_int_equal(to.version, 1);
	assert_int_equal(to.targets_count, 3);
	assert_int_equal(to.nprojects, 2);
	assert_string_equal(to.projects[1].lead_agency, "Công an tỉnh");

	assert_int_equal(store_targets_list(f->st, f->a, to.id, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(items[0].indicator, "p1_staff_trained_count");
	assert_int_equal(items[0].year, 2022);
	assert_int_equal(items[1].year, 2021);
	assert_true(items[1].target == 80);
	assert_int_equal(items[2].year, 2023);
	assert_true(items[2].target == 85);
	/* baselines kept as they were */
	assert_true(items[2].has_baseline && items[2].baseline == 50.5);
	assert_int_equal(items[2].baseline_year, 2017);
	assert_int_equal(items[2].version, 1);
	/* the source is untouched */
	assert_int_equal(store_targets_list(f->st, f->a, plan, &items, &n),
	                 STORE_OK);
	assert_int_equal(items[1].year, 2018);

	/* a taken number leaves nothing behind; a missing source is 404 */
	to.title = "Bản sao";
	assert_int_equal(store_plan_copy(f->st, f->a, plan, &to),
	                 STORE_CONFLICT);
	assert_int_equal(store_plans_list(f->st, f->a, &q, &plans, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 2);
	to.number = "13/KH-UBND";
	assert_int_equal(store_plan_copy(f->st, f->a, 999, &to),
	                 STORE_NOTFOUND);
	assert_int_equal(store_plan_copy(f->st, f->a, plan, &to), STORE_OK);
	assert_string_equal(to.title, "Bản sao");
}

static void test_targets_applicable(void **state)
{
	struct fixture *f = *state;
	int64_t p1 = add_plan(f, "62", "62", "787/KH-UBND", 2018, 2020);
	int64_t p2 = add_plan(f, "62", "62", "1/KH", 2021, 2025);
	int64_t district = add_plan(f, "61", "62/61", "2/KH", 2018, 2020);
	struct applicable_target *at;
	size_t n;

	add_target(f, p1, "p2_csc_supported_pct", 2020, 85, 2017);
	add_target(f, p1, "p2_csc_supported_pct", 2018, 80, 0);
	/* the same indicator and year twice: the first entered counts */
	add_target(f, p1, "p1_staff_trained_count", 2019, 300, 0);
	add_target(f, p1, "p1_staff_trained_count", 2019, 200, 0);
	add_target(f, p2, "p2_csc_supported_pct", 2025, 95, 0);
	add_target(f, district, "p3_safety_surveys_count", 2020, 4, 0);

	assert_int_equal(
	    store_targets_applicable(f->st, f->a, "2024", "62", 2019, &at, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(at[0].indicator, "p1_staff_trained_count");
	assert_true(at[0].target == 300);
	assert_int_equal(at[0].target_year, 2019);
	assert_int_equal(at[0].plan_from, 2018);
	assert_int_equal(at[0].plan_id, p1);
	/* 2018's target is behind 2019: the next one ahead is 2020's */
	assert_string_equal(at[1].indicator, "p2_csc_supported_pct");
	assert_true(at[1].target == 85);
	assert_int_equal(at[1].target_year, 2020);
	assert_true(at[1].has_baseline && at[1].baseline == 50.5);
	assert_int_equal(at[1].baseline_year, 2017);

	assert_int_equal(
	    store_targets_applicable(f->st, f->a, "2024", "62", 2018, &at, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_true(at[1].target == 80);
	assert_false(at[1].has_baseline);

	/* 2020: p1_staff_trained_count has nothing ahead */
	assert_int_equal(
	    store_targets_applicable(f->st, f->a, "2024", "62", 2020, &at, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_true(at[0].target == 85);

	/* 2022: only plans whose period holds the year */
	assert_int_equal(
	    store_targets_applicable(f->st, f->a, "2024", "62", 2022, &at, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_true(at[0].target == 95);
	assert_int_equal(at[0].plan_from, 2021);
	assert_int_equal(at[0].plan_id, p2);

	/* plans of the unit itself only: neither the district's for the
	 * province nor the province's for the district */
	assert_int_equal(
	    store_targets_applicable(f->st, f->a, "2024", "61", 2019, &at, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(at[0].indicator, "p3_safety_surveys_count");
	assert_int_equal(
	    store_targets_applicable(f->st, f->a, "2024", "612", 2019, &at, &n),
	    STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(
	    store_targets_applicable(f->st, f->a, "2024", "62", 2017, &at, &n),
	    STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(
	    store_targets_applicable(f->st, f->a, "2025", "62", 2019, &at, &n),
	    STORE_OK);
	assert_int_equal(n, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_plan_create_get),  T(test_plan_update),
	    T(test_plans_list_scope), T(test_targets_crud),
	    T(test_plan_copy),        T(test_targets_applicable),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
