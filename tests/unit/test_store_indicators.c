/*
 * test_store_indicators.c — the maintained case sums of programme
 * indicators in the SQLite store (0004_indicators.sql, store_indicators.h):
 * the sums the triggers keep for every unit of a case's lineage and the
 * nation through case inserts, updates (support, closing, re-opening, a
 * transfer) and deletes; the rebuild that finds and fixes drift; the
 * view's case types against the domain's; the case list's drill-down
 * filter.  The parts counted from other records are in
 * test_store_indicator_records.c, aggregate values in
 * test_store_aggregates.c.  Each test gets a fresh database in its own
 * mkdtemp directory.
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

/* Runs sql on a second, raw connection; returns the SQLite result code. */
static int raw_exec(const struct fixture *f, const char *sql)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

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

/* Reads the case, lets change() alter it, writes it back. */
static void update_case(struct fixture *f, int64_t id,
                        void (*change)(struct case_row *, const void *),
                        const void *arg)
{
	struct case_row c;
	assert_int_equal(store_case_get(f->st, f->a, id, &c), STORE_OK);
	change(&c, arg);
	assert_int_equal(store_case_update(f->st, &c, c.version), STORE_OK);
}

static void set_stage(struct case_row *c, const void *stage)
{
	c->stage = stage;
	c->closed_at = strcmp(stage, "closed") == 0 ? MARCH_2020 + 100 : 0;
}

static void move_to_23500(struct case_row *c, const void *unused)
{
	(void)unused;
	c->unit_code = "23500";
	c->unit_path = "62/610/23500";
}

static void set_assigned(struct case_row *c, const void *unused)
{
	(void)unused;
	c->next_visit_at = MARCH_2020 + 86400;
}

/* The row (num, den) of indicator_case_sums; -1, -1 when there is none. */
static void case_sum(struct fixture *f, const char *unit, const char *ind,
                     const char *month, long *num, long *den)
{
	sqlite3 *db;
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT num, den FROM indicator_case_sums"
	                       " WHERE tree = '2024' AND unit_code = ?1"
	                       " AND indicator = ?2 AND month = ?3",
	                       -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(s, 1, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, month, -1, SQLITE_STATIC);
	*num = *den = -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*num = (long)sqlite3_column_int64(s, 0);
		*den = (long)sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Every unit of the lineage 23425 › 608 › 62 and the nation has (num,
 * den) for the indicator and month. */
static void lineage_has(struct fixture *f, const char *const *units,
                        size_t nunits, const char *ind, const char *month,
                        long num, long den)
{
	for (size_t i = 0; i < nunits; i++) {
		long n, d;
		case_sum(f, units[i], ind, month, &n, &d);
		if (n != num || d != den)
			fail_msg("%s %s %s: %ld/%ld, want %ld/%ld", units[i],
			         ind, month, n, d, num, den);
	}
}

static const char *const lineage[] = {"23425", "608", "62", ""};
#define P1 "p1_disadvantaged_supported_pct"
#define P2 "p2_csc_managed_pct"

static void case_sums_follow_case_writes(void **state)
{
	struct fixture *f = *state;
	int64_t sa =
	    insert_case(f, "social_assistance", "23425", "62/608/23425",
	                "assessment", "{}", MARCH_2020);
	lineage_has(f, lineage, N(lineage), P1, "2020-03", 0, 1);
	long n, d;
	case_sum(f, "23425", P1, "2020-02", &n, &d);
	assert_int_equal(n, -1); /* opened in March there, not February */
	case_sum(f, "64", P1, "2020-03", &n, &d);
	assert_int_equal(n, -1);

	/* the last second of February is February */
	insert_case(f, "social_assistance", "23426", "62/608/23426",
	            "assessment", "{}", MARCH_2020 - 1);
	case_sum(f, "23426", P1, "2020-02", &n, &d);
	assert_true(n == 0 && d == 1);
	case_sum(f, "608", P1, "2020-03", &n, &d);
	assert_true(n == 0 && d == 1);
	case_sum(f, "608", P1, "2020-02", &n, &d);
	assert_true(n == 0 && d == 1);

	/* supported once in intervention; closing without an approved plan
	 * takes it out; re-opening puts it back */
	update_case(f, sa, set_stage, "intervention");
	lineage_has(f, lineage, N(lineage), P1, "2020-03", 1, 1);
	update_case(f, sa, set_stage, "closed");
	lineage_has(f, lineage, N(lineage), P1, "2020-03", 0, 1);
	update_case(f, sa, set_stage, "intervention");
	lineage_has(f, lineage, N(lineage), P1, "2020-03", 1, 1);
	/* a write to a column the view does not read changes nothing */
	update_case(f, sa, set_assigned, NULL);
	lineage_has(f, lineage, N(lineage), P1, "2020-03", 1, 1);

	/* a child in special circumstances is managed while open */
	int64_t cp = insert_case(
	    f, "child_protection", "23425", "62/608/23425", "intake",
	    "{\"child_status\":\"special_circumstances\"}", JUNE_2020);
	lineage_has(f, lineage, N(lineage), P2, "2020-06", 1, 0);
	update_case(f, cp, set_stage, "closed");
	lineage_has(f, lineage, N(lineage), P2, "2020-06", 0, 0);
	update_case(f, cp, set_stage, "assessment");
	lineage_has(f, lineage, N(lineage), P2, "2020-06", 1, 0);

	/* a deleted case leaves nothing behind */
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM cases WHERE id = %lld",
	         (long long)cp);
	assert_int_equal(raw_exec(f, sql), SQLITE_OK);
	lineage_has(f, lineage, N(lineage), P2, "2020-06", 0, 0);

	/* the store's sums of a period read the months */
	struct indicator_sum *sums;
	size_t ns;
	assert_int_equal(store_indicator_sums(f->st, f->a, "2024", "608",
	                                      "2020-01-01", "2020-03-31", &sums,
	                                      &ns),
	                 STORE_OK);
	bool seen = false;
	for (size_t i = 0; i < ns; i++)
		if (strcmp(sums[i].indicator, P1) == 0) {
			assert_true(sums[i].has_num && sums[i].has_den);
			assert_int_equal(sums[i].num, 1);
			assert_int_equal(sums[i].den, 2);
			seen = true;
		}
	assert_true(seen);
	assert_int_equal(store_indicator_sums(f->st, f->a, "2024", "608",
	                                      "2020-03-01", "2020-03-31", &sums,
	                                      &ns),
	                 STORE_OK);
	for (size_t i = 0; i < ns; i++)
		if (strcmp(sums[i].indicator, P1) == 0)
			assert_int_equal(sums[i].den, 1);
	assert_int_equal(store_indicator_sums(f->st, f->a, "2024", "999",
	                                      "2020-01-01", "2020-03-31", &sums,
	                                      &ns),
	                 STORE_NOTFOUND);

	long diff = -1;
	assert_int_equal(store_indicator_sums_rebuild(f->st, &diff), STORE_OK);
	assert_int_equal(diff, 0);
}

static void transfer_moves_the_sums(void **state)
{
	struct fixture *f = *state;
	int64_t id =
	    insert_case(f, "social_assistance", "23425", "62/608/23425",
	                "intervention", "{}", MARCH_2020);
	lineage_has(f, lineage, N(lineage), P1, "2020-03", 1, 1);
	update_case(f, id, move_to_23500, NULL);
	static const char *const left[] = {"23425", "608"};
	static const char *const joined[] = {"23500", "610", "62", ""};
	lineage_has(f, left, N(left), P1, "2020-03", 0, 0);
	lineage_has(f, joined, N(joined), P1, "2020-03", 1, 1);

	long diff = -1;
	assert_int_equal(store_indicator_sums_rebuild(f->st, &diff), STORE_OK);
	assert_int_equal(diff, 0);
}

static void rebuild_finds_and_fixes_drift(void **state)
{
	struct fixture *f = *state;
	insert_case(f, "social_assistance", "23425", "62/608/23425",
	            "intervention", "{}", MARCH_2020);
	/* drift: a wrong number, a missing row, a stray row */
	assert_int_equal(raw_exec(f, "UPDATE indicator_case_sums SET num = 7"
	                             " WHERE unit_code = '608'"),
	                 SQLITE_OK);
	assert_int_equal(raw_exec(f, "DELETE FROM indicator_case_sums"
	                             " WHERE unit_code = '62'"),
	                 SQLITE_OK);
	assert_int_equal(
	    raw_exec(f, "INSERT INTO indicator_case_sums VALUES ('2024', '64',"
	                " 'p1_disadvantaged_supported_pct', '2019-01', 1, 1),"
	                " ('2024', '64', 'p1_disadvantaged_supported_pct',"
	                " '2019-02', 0, 0)"),
	    SQLITE_OK);
	long diff = -1;
	assert_int_equal(store_indicator_sums_rebuild(f->st, &diff), STORE_OK);
	assert_int_equal(diff, 3);
	lineage_has(f, lineage, N(lineage), P1, "2020-03", 1, 1);
	long n, d;
	case_sum(f, "64", P1, "2019-01", &n, &d);
	assert_int_equal(n, -1);
	assert_int_equal(store_indicator_sums_rebuild(f->st, &diff), STORE_OK);
	assert_int_equal(diff, 0);
}

/* Cases of every type with facts that put them in every case-based
 * indicator: the view's rows carry exactly the domain's case type. */
static void view_rows_match_the_domain(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *type, *details;
	} cases[] = {
	    {"social_assistance", "{}"},
	    {"child_protection",
	     "{\"child_status\":\"special_circumstances\"}"},
	    {"child_protection", "{\"child_status\":\"abused\"}"},
	    {"gbv", "{\"gbv_role\":\"victim\"}"},
	    {"gbv", "{\"gbv_role\":\"perpetrator\","
	            "\"perpetrator_counselled\":true}"},
	    {"drug_rehab", "{\"rehab_form\":\"rehab_voluntary_community\","
	                   "\"court_decision_date\":\"2020-01-02\","
	                   "\"vocational_training\":true}"},
	    {"sex_work_support", "{\"harm_reduction\":true}"},
	    {"trafficking_victim", "{\"tip_person_status\":\"tip_victim\","
	                           "\"safety_requested\":true,"
	                           "\"safety_provided\":true,"
	                           "\"support_items\":[\"tip_health\"]}"},
	};
	for (size_t i = 0; i < N(cases); i++)
		insert_case(f, cases[i].type, "23425", "62/608/23425",
		            "intervention", cases[i].details, MARCH_2020);

	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT DISTINCT r.indicator, c.type"
	                       " FROM case_indicator_rows r"
	                       " JOIN cases c ON c.id = r.case_id",
	                       -1, &s, NULL),
	    SQLITE_OK);
	size_t rows = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *ind = (const char *)sqlite3_column_text(s, 0);
		const char *type = (const char *)sqlite3_column_text(s, 1);
		const char *want = indicator_case_type(ind);
		if (want == NULL || strcmp(want, type) != 0)
			fail_msg("%s has a %s row", ind, type);
		rows++;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	/* every indicator with a case type has rows: 17 of them */
	assert_int_equal(rows, 17);
}

/* The triggers read the view for one case: every arm must seek the
 * case by its primary key, never scan the cases. */
static void view_reads_one_case_by_key(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "EXPLAIN QUERY PLAN SELECT * FROM"
	                       " case_indicator_rows WHERE case_id = ?1",
	                       -1, &s, NULL),
	    SQLITE_OK);
	int seeks = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(s, 3);
		if (strncmp(d, "SCAN", 4) == 0)
			fail_msg("the view scans: %s", d);
		if (strstr(d, "USING INTEGER PRIMARY KEY") != NULL)
			seeks++;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	assert_int_equal(seeks, 17); /* one per arm */
}

/* ---- drill-down ---------------------------------------------------------- */

static void case_list_indicator_filter(void **state)
{
	struct fixture *f = *state;
	int64_t supported =
	    insert_case(f, "social_assistance", "23425", "62/608/23425",
	                "intervention", "{}", MARCH_2020);
	int64_t waiting =
	    insert_case(f, "social_assistance", "23426", "62/608/23426",
	                "intake", "{}", MARCH_2020 + 3600);
	insert_case(f, "social_assistance", "23425", "62/608/23425",
	            "intervention", "{}", JUNE_2020);
	insert_case(f, "gbv", "23425", "62/608/23425", "intervention",
	            "{\"gbv_role\":\"victim\"}", MARCH_2020);

	struct case_query q = {
	    .tree = "2024",
	    .within_path = "62/608",
	    .indicator = P1,
	    .indicator_numerator = true,
	    .opened_from_month = "2020-01",
	    .opened_to_month = "2020-03",
	    .assigned_to = 0,
	};
	struct case_row *rows;
	size_t n;
	long total;
	assert_int_equal(store_cases_list(f->st, f->a, &q, &rows, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, supported);
	q.indicator_numerator = false;
	assert_int_equal(store_cases_list(f->st, f->a, &q, &rows, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 2);
	assert_int_equal(rows[0].id, waiting); /* newest first */
	assert_int_equal(rows[1].id, supported);
	q.opened_to_month = "2020-06";
	assert_int_equal(store_cases_list(f->st, f->a, &q, &rows, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 3);
	q.within_path = "62/610";
	assert_int_equal(store_cases_list(f->st, f->a, &q, &rows, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(case_sums_follow_case_writes, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(transfer_moves_the_sums, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(rebuild_finds_and_fixes_drift,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(view_rows_match_the_domain, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(view_reads_one_case_by_key, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(case_list_indicator_filter, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
