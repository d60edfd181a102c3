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

#include "indicator_fixture.h"

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
