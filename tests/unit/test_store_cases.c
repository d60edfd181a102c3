/*
 * test_store_cases.c — the SQLite store's case work against store.h
 * (docs/cases.md): persons, case numbers per province and year, cases and
 * their optimistic versions, every case list filter (scope ranges, the
 * overdue and search variants, the name seeks checked against LIKE on
 * random names, the restricted-identity rule, paging),
 * append-only events, hotline calls, referrals and transfers, approvals,
 * and the seeded deadline rules and holidays.  Each test gets a fresh
 * database file in its own mkdtemp directory.
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

#include "lib/arena.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
	struct arena *a;
	int64_t worker, other; /* two users, for assigned_to */
};

static void put_unit(struct store *st, const char *tree, const char *code,
                     int level, const char *parent, const char *path)
{
	struct unit_row u = {
	    .tree = tree,
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

static int64_t add_user(struct store *st, const char *username)
{
	struct user_row u = {
	    .username = username,
	    .full_name = username,
	    .role = "commune",
	    .scope_tree = "2024",
	    .scope_code = "62",
	    .scope_path = "62",
	    .password_hash = "$argon2id$v=19$x",
	    .active = 1,
	};
	assert_int_equal(store_user_insert(st, &u), STORE_OK);
	return u.id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char *err = NULL;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/trogiup-cases-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	assert_int_equal(store_open(f->path, &f->st, &err), STORE_OK);
	assert_int_equal(store_migrate(f->st, &err), STORE_OK);
	assert_null(err);
	f->a = arena_new();
	/* Kon Tum with two districts whose codes share a prefix (61, 612),
	 * a commune under 61, and Gia Lai. */
	put_unit(f->st, "2024", "62", 1, NULL, "62");
	put_unit(f->st, "2024", "61", 2, "62", "62/61");
	put_unit(f->st, "2024", "612", 2, "62", "62/612");
	put_unit(f->st, "2024", "23425", 3, "61", "62/61/23425");
	put_unit(f->st, "2024", "64", 1, NULL, "64");
	f->worker = add_user(f->st, "worker");
	f->other = add_user(f->st, "other");
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

static int64_t add_person(struct fixture *f, const char *folded,
                          const char *national_id, int birth_year)
{
	struct person_row p = {
	    .full_name = folded,
	    .full_name_folded = folded,
	    .sex = "female",
	    .birth_year = birth_year,
	    .national_id = national_id,
	    .province = "62",
	};
	assert_int_equal(store_person_insert(f->st, &p), STORE_OK);
	assert_true(p.id > 0);
	return p.id;
}

/* A case template: an open assessment case of person in the unit. */
static struct case_row case_at(int64_t person, const char *code,
                               const char *path)
{
	struct case_row c = {
	    .type = "social_assistance",
	    .person_id = person,
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .stage = "assessment",
	    .urgency = "normal",
	    .details = "{}",
	    .consent_services = -1,
	    .consent_statistics = -1,
	    .consent_sharing = -1,
	    .opened_at = 1000,
	    .created_by = 7,
	};
	return c;
}

static int64_t insert_case(struct fixture *f, struct case_row *c, int year)
{
	assert_int_equal(store_case_insert(f->st, f->a, c, year), STORE_OK);
	assert_true(c->id > 0);
	assert_int_equal(c->version, 1);
	return c->id;
}

/* ---- case numbers ------------------------------------------------------- */

static void case_numbers_per_province_and_year(void **state)
{
	struct fixture *f = *state;
	int64_t p = add_person(f, "nguyen thi lan", NULL, 1990);
	struct case_row c;
	char no[3][32];

	for (int i = 0; i < 3; i++) {
		c = case_at(p, "23425", "62/61/23425");
		insert_case(f, &c, 2026);
		snprintf(no[i], sizeof no[i], "%s", c.case_no);
		assert_string_equal(c.province, "62");
	}
	assert_string_equal(no[0], "62-2026-000001");
	assert_string_equal(no[1], "62-2026-000002");
	assert_string_equal(no[2], "62-2026-000003");

	/* another province and another year count on their own */
	c = case_at(p, "64", "64");
	insert_case(f, &c, 2026);
	assert_string_equal(c.case_no, "64-2026-000001");
	c = case_at(p, "62", "62");
	insert_case(f, &c, 2027);
	assert_string_equal(c.case_no, "62-2027-000001");

	/* a failed insert (no such person) takes no number */
	c = case_at(p + 100, "62", "62");
	assert_int_equal(store_case_insert(f->st, f->a, &c, 2026),
	                 STORE_NOTFOUND);
	c = case_at(p, "612", "62/612");
	insert_case(f, &c, 2026);
	assert_string_equal(c.case_no, "62-2026-000004");

	/* inside the caller's transaction, rolled back with it */
	assert_int_equal(store_begin(f->st), STORE_OK);
	c = case_at(p, "62", "62");
	insert_case(f, &c, 2026);
	assert_string_equal(c.case_no, "62-2026-000005");
	assert_int_equal(store_rollback(f->st), STORE_OK);
	c = case_at(p, "62", "62");
	insert_case(f, &c, 2026);
	assert_string_equal(c.case_no, "62-2026-000005");

	/* numbers are unique in the table itself */
	assert_int_not_equal(
	    raw_exec(f, "UPDATE cases SET case_no = '62-2026-000001'"
	                " WHERE case_no = '62-2026-000002'"),
	    SQLITE_OK);
}

/* ---- persons and cases -------------------------------------------------- */

static void case_get_with_person_and_person_update(void **state)
{
	struct fixture *f = *state;
	int64_t p = add_person(f, "tran van an", "001099000001", 1985);
	struct person_row person;
	struct case_row c = case_at(p, "23425", "62/61/23425"), got;

	c.restricted = 1;
	c.assigned_to = f->worker;
	c.due_at = 5000;
	c.due_rule = "dl_specific_assessment";
	c.summary = "sealed:v1:xyz";
	c.consent_sharing = 1;
	c.consent_sharing_orgs = "[]";
	c.next_visit_at = 4000;
	insert_case(f, &c, 2026);
	assert_string_equal(c.person_name_folded, "tran van an");
	assert_string_equal(c.national_id, "001099000001");

	assert_int_equal(store_case_get(f->st, f->a, c.id, &got), STORE_OK);
	assert_int_equal(got.id, c.id);
	assert_string_equal(got.case_no, "62-2026-000001");
	assert_string_equal(got.type, "social_assistance");
	assert_string_equal(got.unit_path, "62/61/23425");
	assert_string_equal(got.province, "62");
	assert_string_equal(got.person_name_folded, "tran van an");
	assert_string_equal(got.national_id, "001099000001");
	assert_int_equal(got.facility_id, 0);
	assert_int_equal(got.assigned_to, f->worker);
	assert_int_equal(got.due_at, 5000);
	assert_string_equal(got.due_rule, "dl_specific_assessment");
	assert_null(got.risk_level);
	assert_int_equal(got.restricted, 1);
	assert_string_equal(got.details, "{}");
	assert_string_equal(got.summary, "sealed:v1:xyz");
	assert_null(got.closure_reason);
	assert_int_equal(got.plan_approved_at, 0);
	assert_int_equal(got.consent_services, -1);
	assert_int_equal(got.consent_statistics, -1);
	assert_int_equal(got.consent_sharing, 1);
	assert_string_equal(got.consent_sharing_orgs, "[]");
	assert_int_equal(got.next_visit_at, 4000);
	assert_int_equal(got.hotline_call_id, 0);
	assert_int_equal(got.opened_at, 1000);
	assert_int_equal(got.stage_since, 1000); /* defaults to opened_at */
	assert_int_equal(got.closed_at, 0);
	assert_int_equal(got.created_by, 7);
	assert_true(got.created_at > 0);
	assert_int_equal(got.version, 1);
	assert_int_equal(got.person.id, p);
	assert_string_equal(got.person.full_name_folded, "tran van an");
	assert_string_equal(got.person.sex, "female");
	assert_int_equal(got.person.birth_year, 1985);
	assert_null(got.person.birth_date);
	assert_string_equal(got.person.province, "62");
	assert_int_equal(store_case_get(f->st, f->a, c.id + 1, &got),
	                 STORE_NOTFOUND);

	/* the person's new name and id reach the case's copies */
	assert_int_equal(store_person_get(f->st, f->a, p, &person), STORE_OK);
	person.full_name = "Trần Văn Bình";
	person.full_name_folded = "tran van binh";
	person.national_id = NULL;
	person.birth_year = 0;
	assert_int_equal(store_person_update(f->st, &person), STORE_OK);
	assert_int_equal(store_person_get(f->st, f->a, p, &person), STORE_OK);
	assert_string_equal(person.full_name, "Trần Văn Bình");
	assert_int_equal(person.birth_year, 0);
	assert_int_equal(store_case_get(f->st, f->a, c.id, &got), STORE_OK);
	assert_string_equal(got.person_name_folded, "tran van binh");
	assert_null(got.national_id);
	assert_string_equal(got.person.full_name, "Trần Văn Bình");
	assert_int_equal(got.version, 1);
	person.id = p + 100;
	assert_int_equal(store_person_update(f->st, &person), STORE_NOTFOUND);
	assert_int_equal(store_person_get(f->st, f->a, p + 100, &person),
	                 STORE_NOTFOUND);
}

static void case_update_versions(void **state)
{
	struct fixture *f = *state;
	int64_t p = add_person(f, "le thi hoa", NULL, 0);
	int64_t q = add_person(f, "pham van nam", "0123", 0);
	struct case_row c = case_at(p, "23425", "62/61/23425"), got;

	insert_case(f, &c, 2026);
	c.risk_level = "high";
	c.assigned_to = f->other;
	c.due_at = 9000;
	c.person_id = q;
	c.unit_code = "612";
	c.unit_path = "62/612";
	assert_int_equal(store_case_update(f->st, &c, 1), STORE_OK);
	assert_int_equal(c.version, 2);
	assert_int_equal(store_case_get(f->st, f->a, c.id, &got), STORE_OK);
	assert_int_equal(got.version, 2);
	assert_string_equal(got.risk_level, "high");
	assert_int_equal(got.assigned_to, f->other);
	assert_string_equal(got.unit_path, "62/612");
	assert_string_equal(got.case_no, "62-2026-000001"); /* kept */
	assert_string_equal(got.person_name_folded, "pham van nam");
	assert_string_equal(got.national_id, "0123");

	/* a stale version is a conflict, an unknown id not found */
	c.risk_level = "low";
	assert_int_equal(store_case_update(f->st, &c, 1), STORE_CONFLICT);
	assert_int_equal(c.version, 2);
	assert_int_equal(store_case_get(f->st, f->a, c.id, &got), STORE_OK);
	assert_string_equal(got.risk_level, "high");
	c.id += 100;
	assert_int_equal(store_case_update(f->st, &c, 2), STORE_NOTFOUND);
	c.id -= 100;

	/* closing drops the deadline whatever the row says */
	c.stage = "closed";
	c.closed_at = 8000;
	c.closure_reason = "goals_met";
	assert_int_equal(store_case_update(f->st, &c, 2), STORE_OK);
	assert_int_equal(c.version, 3);
	assert_int_equal(c.due_at, 0);
	assert_int_equal(store_case_get(f->st, f->a, c.id, &got), STORE_OK);
	assert_int_equal(got.due_at, 0);
	assert_int_equal(got.closed_at, 8000);
	assert_string_equal(got.closure_reason, "goals_met");
}

static void person_duplicates(void **state)
{
	struct fixture *f = *state;
	struct person_row *items;
	size_t n = 9;
	int64_t a1 = add_person(f, "nguyen van duc", "111", 1980);
	int64_t a2 = add_person(f, "nguyen van duc", NULL, 1980);
	struct person_row other = {
	    .full_name = "nguyen van duc",
	    .sex = "male",
	    .birth_year = 1980,
	    .province = "64",
	};

	add_person(f, "nguyen van duc", NULL, 1981);
	assert_int_equal(store_person_insert(f->st, &other), STORE_OK);

	/* by name and year in the province, plus the national id anywhere */
	assert_int_equal(store_person_duplicates(f->st, f->a, "62", "111",
	                                         "nguyen van duc", 1980, 10,
	                                         &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, a1);
	assert_int_equal(items[1].id, a2);
	assert_int_equal(store_person_duplicates(f->st, f->a, "62", "111", NULL,
	                                         0, 10, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
	/* no birth year: the name alone is not enough */
	assert_int_equal(store_person_duplicates(f->st, f->a, "62", NULL,
	                                         "nguyen van duc", 0, 10,
	                                         &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_person_duplicates(f->st, f->a, "62", NULL,
	                                         "nguyen van duc", 1980, 1,
	                                         &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
}

/* ---- case lists --------------------------------------------------------- */

/* The sample for the list tests, ids in insertion order:
 *  0 commune 23425, gbv (restricted by type), assigned worker, due 100
 *  1 district 61, child_protection, restricted flag, unassigned, due 300
 *  2 district 612, social_assistance, assigned other, due 200, visit 50
 *  3 province 62, social_assistance, closed, opened 5000
 *  4 Gia Lai 64, social_assistance, due 100
 *  5 district 61, drug_rehab, intake, created_by 9, no deadline */
struct sample {
	int64_t id[6];
	const char *no[6];
};

static void insert_sample(struct fixture *f, struct sample *s)
{
	int64_t an = add_person(f, "nguyen van an", "079000000001", 1990);
	int64_t binh = add_person(f, "tran thi binh", "079000000002", 1991);
	int64_t anh = add_person(f, "le nguyen van anh", NULL, 1992);
	struct case_row c[6] = {
	    case_at(an, "23425", "62/61/23425"), case_at(binh, "61", "62/61"),
	    case_at(anh, "612", "62/612"),       case_at(an, "62", "62"),
	    case_at(binh, "64", "64"),           case_at(anh, "61", "62/61"),
	};

	c[0].type = "gbv";
	c[0].assigned_to = f->worker;
	c[0].due_at = 100;
	c[1].type = "child_protection";
	c[1].restricted = 1;
	c[1].due_at = 300;
	c[2].assigned_to = f->other;
	c[2].due_at = 200;
	c[2].next_visit_at = 50;
	c[3].stage = "closed";
	c[3].due_at = 100; /* dropped: closed */
	c[3].opened_at = 5000;
	c[3].closed_at = 6000;
	c[4].due_at = 100;
	c[5].type = "drug_rehab";
	c[5].stage = "intake";
	c[5].created_by = 9;
	for (int i = 0; i < 6; i++) {
		s->id[i] = insert_case(f, &c[i], 2026);
		s->no[i] = c[i].case_no;
	}
}

/* Lists q; checks the total and that the items are exactly the sample
 * cases named by want (indexes, in order, -1 ended). */
static void expect_cases(struct fixture *f, const struct sample *s,
                         const struct case_query *q, long total,
                         const int *want)
{
	struct case_row *items = NULL;
	size_t n = 99, i;
	long got_total = -1;

	assert_int_equal(
	    store_cases_list(f->st, f->a, q, &items, &n, &got_total), STORE_OK);
	assert_int_equal(got_total, total);
	for (i = 0; want[i] >= 0; i++) {
		assert_true(i < n);
		assert_int_equal(items[i].id, s->id[want[i]]);
		assert_non_null(items[i].person.full_name);
	}
	assert_int_equal(n, i);
}

#define EXPECT(q, total, ...)                                                  \
	expect_cases(f, &s, &(q), (total), (const int[]){__VA_ARGS__, -1})
#define EXPECT_NONE(q) expect_cases(f, &s, &(q), 0, (const int[]){-1})

static void cases_list_scope_and_filters(void **state)
{
	struct fixture *f = *state;
	struct sample s;
	struct case_query q = {.tree = "2024", .now = 250};

	insert_sample(f, &s);
	/* newest first, everything in the tree */
	EXPECT(q, 6, 5, 4, 3, 2, 1, 0);

	/* within: the unit and below; a sibling sharing a prefix is out */
	q.within_path = "62";
	EXPECT(q, 5, 5, 3, 2, 1, 0);
	q.within_path = "62/61";
	EXPECT(q, 3, 5, 1, 0);
	q.within_path = "62/612";
	EXPECT(q, 1, 2);
	q.within_path = "62/61/23425";
	EXPECT(q, 1, 0);
	q.within_path = "6";
	EXPECT_NONE(q);
	q.within_path = "62";
	q.unit_code = "61";
	EXPECT(q, 2, 5, 1);
	q.unit_code = NULL;
	q.tree = "2025";
	EXPECT_NONE(q);
	q.tree = "2024";

	q.type = "social_assistance";
	EXPECT(q, 2, 3, 2);
	q.type = NULL;
	q.stage = "intake";
	EXPECT(q, 1, 5);
	q.stage = NULL;
	q.only_open = 1;
	EXPECT(q, 4, 5, 2, 1, 0);
	q.only_open = 0;

	q.assigned_to = f->worker;
	EXPECT(q, 1, 0);
	q.assigned_to = -1;
	EXPECT(q, 3, 5, 3, 1);
	q.assigned_to = 0;
	q.created_by = 9;
	EXPECT(q, 1, 5);
	q.created_by = 0;

	q.due_before = 250; /* open cases due before: the closed one is not */
	EXPECT(q, 2, 2, 0);
	q.due_before = 0;
	q.visit_before = 60;
	EXPECT(q, 1, 2);
	q.visit_before = 40;
	EXPECT_NONE(q);
	q.visit_before = 0;

	q.opened_from = 2000;
	EXPECT(q, 1, 3);
	q.opened_from = 0;
	q.opened_to = 2000;
	EXPECT(q, 4, 5, 2, 1, 0);
	q.opened_to = 0;
}

static void cases_list_overdue(void **state)
{
	struct fixture *f = *state;
	struct sample s;
	struct case_query q = {.tree = "2024", .now = 250};

	insert_sample(f, &s);
	/* overdue = due before now and open; most overdue first */
	q.overdue = 1;
	EXPECT(q, 3, 4, 0,
	       2); /* no scope: 4 and 0 both due 100, newest first */
	q.within_path = "62";
	EXPECT(q, 2, 0, 2);
	q.within_path = "62/61";
	EXPECT(q, 1, 0);
	q.within_path = "62/612";
	EXPECT(q, 1, 2);
	q.now = 1000;
	q.within_path = "62";
	EXPECT(q, 3, 0, 2, 1);
	q.type = "gbv";
	EXPECT(q, 1, 0);
	q.type = NULL;
	/* not overdue: the closed case, the one without a deadline, and the
	 * ones not yet due */
	q.now = 250;
	q.overdue = -1;
	EXPECT(q, 3, 5, 3, 1);

	/* paging keeps the total */
	q.overdue = 1;
	q.now = 1000;
	q.limit = 2;
	EXPECT(q, 3, 0, 2);
	q.offset = 2;
	EXPECT(q, 3, 1);
	q.offset = 3;
	expect_cases(f, &s, &q, 3, (const int[]){-1});
}

static void cases_list_search_and_identity(void **state)
{
	struct fixture *f = *state;
	struct sample s;
	struct case_query q = {.tree = "2024", .within_path = "62"};

	insert_sample(f, &s);
	/* a substring of the name ("le nguyen van anh" too); 0 is gbv, so
	 * restricted, and hidden */
	q.q_folded = "nguyen van an";
	EXPECT(q, 3, 5, 3, 2);
	/* the assigned worker and a supervisor see the restricted one */
	q.identity_user = f->worker;
	EXPECT(q, 4, 5, 3, 2, 0);
	q.identity_user = f->other;
	EXPECT(q, 3, 5, 3, 2);
	q.identity_user = 0;
	q.identity_all = 1;
	EXPECT(q, 4, 5, 3, 2, 0);
	q.identity_all = 0;

	/* restricted by flag: by name only for those allowed */
	q.q_folded = "tran thi";
	EXPECT_NONE(q);
	q.identity_all = 1;
	EXPECT(q, 1, 1);
	q.identity_all = 0;

	/* a case number matches for everyone; a national id like a name */
	q.q_folded = NULL;
	q.q_exact = s.no[1];
	EXPECT(q, 1, 1);
	q.q_exact = s.no[0];
	EXPECT(q, 1, 0);
	q.q_exact = "079000000001"; /* cases 0 (gbv) and 3 */
	EXPECT(q, 1, 3);
	q.identity_user = f->worker;
	EXPECT(q, 2, 3, 0);
	q.identity_user = 0;
	q.q_exact = "079000000002"; /* case 1 restricted, 4 out of scope */
	EXPECT_NONE(q);
	q.within_path = NULL;
	EXPECT(q, 1, 4);
	q.within_path = "62";

	/* both, as the API sends a search: the name or the exact value */
	q.q_folded = "62-2026-00000";
	q.q_exact = "62-2026-000003";
	EXPECT(q, 1, 2);

	/* search combines with the other filters, and pages */
	q.q_folded = "van an";
	q.q_exact = "van an";
	EXPECT(q, 3, 5, 3, 2);
	q.only_open = 1;
	EXPECT(q, 2, 5, 2);
	q.only_open = 0;
	q.limit = 1;
	q.offset = 1;
	EXPECT(q, 3, 3);
	q.limit = 0;
	q.offset = 0;
	q.overdue = 1;
	q.now = 1000;
	EXPECT(q, 1, 2);
	q.overdue = 0;

	/* LIKE wildcards are literal */
	q.q_folded = "%";
	q.q_exact = NULL;
	EXPECT_NONE(q);
	q.q_folded = "van_an";
	EXPECT_NONE(q);
}

/* The single integer answered by sql on a raw connection. */
static long raw_long(const struct fixture *f, const char *sql,
                     const char *param)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long v;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (param != NULL)
		sqlite3_bind_text(s, 1, param, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static unsigned rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

/* The name search's seeks find exactly what LIKE '%q%' finds: random
 * names of overlapping words ("an" inside "lan", "thanh"; "nguy" and
 * "nguyen"), searched for random pieces of them, at word starts or not,
 * with odd spacing too (those take the scan). */
static void cases_search_matches_like(void **state)
{
	static const char *const words[] = {
	    "nguyen", "nguy", "en", "van", "an",  "anh", "lan", "thanh",
	    "hoang",  "ha",   "a",  "y",   "thi", "b",   "bb",  "o"};
	const size_t nwords = sizeof words / sizeof words[0];
	struct fixture *f = *state;
	struct case_query q = {.tree = "2024", .identity_all = 1};
	char names[120][64], query[80];
	struct case_row *items;
	unsigned seed = 7;
	size_t n;
	long total;

	for (int i = 0; i < 120; i++) {
		int k = 1 + (int)(rnd(&seed) % 4);
		struct case_row c;

		names[i][0] = '\0';
		for (int j = 0; j < k; j++) {
			if (j > 0)
				strcat(names[i], " ");
			strcat(names[i], words[rnd(&seed) % nwords]);
		}
		c = case_at(add_person(f, names[i], NULL, 0), "62", "62");
		insert_case(f, &c, 2026);
	}
	for (int i = 0; i < 400; i++) {
		const char *name = names[rnd(&seed) % 120];
		size_t len = strlen(name), from = rnd(&seed) % len,
		       to = from + 1 + rnd(&seed) % (len - from);

		if (i % 10 == 0) /* a few built from words, maybe nowhere */
			snprintf(query, sizeof query, "%s %s",
			         words[rnd(&seed) % nwords],
			         words[rnd(&seed) % nwords]);
		else if (i % 10 == 1) /* a doubled space */
			snprintf(query, sizeof query, "%.*s  %s",
			         (int)(to - from), name + from, "a");
		else
			snprintf(query, sizeof query, "%.*s", (int)(to - from),
			         name + from);
		q.q_folded = query;
		assert_int_equal(
		    store_cases_list(f->st, f->a, &q, &items, &n, &total),
		    STORE_OK);
		if (total !=
		    raw_long(f,
		             "SELECT COUNT(*) FROM cases WHERE"
		             " person_name_folded LIKE '%' || ?1 || '%'",
		             query))
			fail_msg("search \"%s\": %ld", query, total);
	}

	/* a renamed person is found by the new name only */
	struct person_row p;
	int64_t id = add_person(f, "zzz old name", NULL, 0);
	struct case_row c = case_at(id, "62", "62");

	insert_case(f, &c, 2026);
	assert_int_equal(store_person_get(f->st, f->a, id, &p), STORE_OK);
	p.full_name = p.full_name_folded = "qqq new name";
	assert_int_equal(store_person_update(f->st, &p), STORE_OK);
	q.q_folded = "zzz old";
	assert_int_equal(store_cases_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 0);
	q.q_folded = "qqq new";
	assert_int_equal(store_cases_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, c.id);
	assert_int_equal(raw_long(f,
	                          "SELECT COUNT(*) FROM person_name_suffixes"
	                          " WHERE person_id = ?1 + 0",
	                          arena_printf(f->a, "%lld", (long long)id)),
	                 3);
}

/* ---- events ------------------------------------------------------------- */

static void case_events_append_only(void **state)
{
	struct fixture *f = *state;
	int64_t p = add_person(f, "dang thi mai", NULL, 0);
	struct case_row c = case_at(p, "62", "62");
	struct case_event_row e1 = {.actor_id = f->worker,
	                            .actor_name = "worker",
	                            .kind = "created",
	                            .at = 100},
	                      e2 = {.actor_name = "system",
	                            .kind = "note",
	                            .data = "{\"text\":\"x\"}",
	                            .at = 50},
	                      e3, *items, got;
	size_t n = 0;

	insert_case(f, &c, 2026);
	e1.case_id = e2.case_id = c.id;
	assert_int_equal(store_case_event_append(f->st, &e1), STORE_OK);
	assert_int_equal(store_case_event_append(f->st, &e2), STORE_OK);
	e3 = (struct case_event_row){.case_id = c.id,
	                             .actor_id = f->worker,
	                             .actor_name = "worker",
	                             .kind = "correction",
	                             .data = "{\"text\":\"y\"}",
	                             .corrects = e2.id,
	                             .reason = "typo"};
	assert_int_equal(store_case_event_append(f->st, &e3), STORE_OK);
	assert_true(e1.id < e2.id && e2.id < e3.id);
	assert_true(e3.at > 0); /* defaults to now */

	/* in order of appending, whatever the instants */
	assert_int_equal(store_case_events(f->st, f->a, c.id, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(items[0].id, e1.id);
	assert_string_equal(items[0].data, "{}");
	assert_int_equal(items[0].actor_id, f->worker);
	assert_int_equal(items[1].actor_id, 0);
	assert_int_equal(items[1].at, 50);
	assert_int_equal(items[2].corrects, e2.id);
	assert_string_equal(items[2].reason, "typo");
	assert_int_equal(store_case_events(f->st, f->a, c.id + 1, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_case_event_get(f->st, f->a, e2.id, &got),
	                 STORE_OK);
	assert_string_equal(got.kind, "note");
	assert_string_equal(got.data, "{\"text\":\"x\"}");
	assert_int_equal(got.corrects, 0);
	assert_null(got.reason);
	assert_int_equal(store_case_event_get(f->st, f->a, e3.id + 1, &got),
	                 STORE_NOTFOUND);

	/* never updated, never deleted */
	assert_int_not_equal(raw_exec(f, "UPDATE case_events SET kind = 'x'"),
	                     SQLITE_OK);
	assert_int_not_equal(raw_exec(f, "DELETE FROM case_events"), SQLITE_OK);
	assert_int_equal(store_case_events(f->st, f->a, c.id, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(items[0].kind, "created");
}

/* ---- hotline calls ------------------------------------------------------ */

static int64_t add_call(struct fixture *f, const char *code, const char *path,
                        int64_t operator_id)
{
	struct hotline_call_row h = {
	    .line = "111",
	    .received_at = 500,
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .caller_relation = "neighbour",
	    .summary = "sealed:v1:abc",
	    .urgency = "urgent",
	    .operator_id = operator_id,
	};
	assert_int_equal(store_hotline_call_insert(f->st, &h), STORE_OK);
	assert_true(h.id > 0 && h.created_at > 0);
	return h.id;
}

static void hotline_calls(void **state)
{
	struct fixture *f = *state;
	int64_t c1 = add_call(f, "23425", "62/61/23425", 5);
	int64_t c2 = add_call(f, "612", "62/612", 6);
	int64_t c3 = add_call(f, "64", "64", 5);
	int64_t p = add_person(f, "vo thi thu", NULL, 0);
	struct case_row c = case_at(p, "23425", "62/61/23425");
	struct hotline_call_row h, *items;
	struct hotline_query q = {.tree = "2024", .within_path = "62/61"};
	size_t n = 0;
	long total = -1;

	assert_int_equal(store_hotline_call_get(f->st, f->a, c1, &h), STORE_OK);
	assert_string_equal(h.line, "111");
	assert_int_equal(h.received_at, 500);
	assert_string_equal(h.unit_path, "62/61/23425");
	assert_string_equal(h.summary, "sealed:v1:abc");
	assert_int_equal(h.operator_id, 5);
	assert_int_equal(h.case_id, 0);
	assert_int_equal(store_hotline_call_get(f->st, f->a, c3 + 1, &h),
	                 STORE_NOTFOUND);

	/* a call opens one case only */
	insert_case(f, &c, 2026);
	assert_int_equal(store_hotline_call_set_case(f->st, c1, c.id),
	                 STORE_OK);
	assert_int_equal(store_hotline_call_set_case(f->st, c1, c.id),
	                 STORE_CONFLICT);
	assert_int_equal(store_hotline_call_set_case(f->st, c3 + 1, c.id),
	                 STORE_NOTFOUND);
	assert_int_equal(store_hotline_call_get(f->st, f->a, c1, &h), STORE_OK);
	assert_int_equal(h.case_id, c.id);

	/* within (not the sibling 612), by operator, newest first */
	assert_int_equal(
	    store_hotline_calls_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, c1);
	q.within_path = "62";
	assert_int_equal(
	    store_hotline_calls_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 2);
	assert_int_equal(items[0].id, c2);
	assert_int_equal(items[1].id, c1);
	q = (struct hotline_query){.operator_id = 5, .limit = 1};
	assert_int_equal(
	    store_hotline_calls_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 2);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, c3);
	q.offset = 1;
	assert_int_equal(
	    store_hotline_calls_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, c1);
}

/* ---- referrals and transfers ------------------------------------------- */

static void referrals_boxes_and_versions(void **state)
{
	struct fixture *f = *state;
	int64_t p = add_person(f, "bui van long", NULL, 0);
	struct case_row c = case_at(p, "23425", "62/61/23425");
	struct referral_row ref = {0}, tr, got, *items;
	struct referral_query q = {.kind = "referral", .tree = "2024"};
	size_t n = 0;
	long total = -1;

	insert_case(f, &c, 2026);
	ref = (struct referral_row){
	    .kind = "referral",
	    .case_id = c.id,
	    .from_tree = "2024",
	    .from_code = "23425",
	    .from_path = "62/61/23425",
	    .to_org = "Bệnh viện Đa khoa tỉnh Kon Tum",
	    .to_tree = "2024",
	    .to_code = "612",
	    .to_path = "62/612",
	    .service = "health",
	    .created_by = f->worker,
	};
	assert_int_equal(store_referral_insert(f->st, &ref), STORE_OK);
	assert_int_equal(ref.version, 1);
	tr = (struct referral_row){
	    .kind = "transfer",
	    .case_id = c.id,
	    .from_tree = "2024",
	    .from_code = "23425",
	    .from_path = "62/61/23425",
	    .to_tree = "2024",
	    .to_code = "61",
	    .to_path = "62/61",
	    .created_by = f->worker,
	    .note = "moving",
	};
	assert_int_equal(store_referral_insert(f->st, &tr), STORE_OK);

	assert_int_equal(store_referral_get(f->st, f->a, ref.id, &got),
	                 STORE_OK);
	assert_string_equal(got.kind, "referral");
	assert_string_equal(got.status, "sent");
	assert_string_equal(got.to_org, "Bệnh viện Đa khoa tỉnh Kon Tum");
	assert_string_equal(got.service, "health");
	assert_string_equal(got.case_no, c.case_no);
	assert_string_equal(got.case_type, "social_assistance");
	assert_string_equal(got.case_stage, "assessment");
	assert_int_equal(got.decided_by, 0);
	assert_int_equal(got.version, 1);
	assert_int_equal(store_referral_get(f->st, f->a, tr.id + 1, &got),
	                 STORE_NOTFOUND);

	/* boxes: in by the receiving unit, out by the sending one */
	q.to_within = "62/612";
	assert_int_equal(
	    store_referrals_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, ref.id);
	q.to_within = "62/61"; /* the sibling prefix holds no referral */
	assert_int_equal(
	    store_referrals_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 0);
	q.kind = "transfer";
	assert_int_equal(
	    store_referrals_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, tr.id);
	q.kind = "referral";
	q.to_within = NULL;
	q.from_within = "62/61";
	assert_int_equal(
	    store_referrals_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	q.from_within = "62/612";
	assert_int_equal(
	    store_referrals_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 0);
	q.from_within = NULL;
	q.case_id = c.id;
	q.status = "sent";
	assert_int_equal(
	    store_referrals_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);

	/* decisions move the version; a stale one loses */
	got.status = "accepted";
	got.decided_by = f->other;
	got.decided_at = 700;
	assert_int_equal(store_referral_update(f->st, &got, 1), STORE_OK);
	assert_int_equal(got.version, 2);
	got.status = "declined";
	assert_int_equal(store_referral_update(f->st, &got, 1), STORE_CONFLICT);
	got.status = "completed";
	got.completed_at = 800;
	got.comment = "done";
	assert_int_equal(store_referral_update(f->st, &got, 2), STORE_OK);
	assert_int_equal(got.version, 3);
	assert_int_equal(store_referral_get(f->st, f->a, ref.id, &got),
	                 STORE_OK);
	assert_string_equal(got.status, "completed");
	assert_int_equal(got.decided_by, f->other);
	assert_int_equal(got.completed_at, 800);
	assert_string_equal(got.comment, "done");
	assert_int_equal(
	    store_referrals_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 0); /* no longer "sent" */
	got.id = tr.id + 1;
	assert_int_equal(store_referral_update(f->st, &got, 1), STORE_NOTFOUND);
}

/* ---- approvals ---------------------------------------------------------- */

static void approvals_decided_once(void **state)
{
	struct fixture *f = *state;
	int64_t p = add_person(f, "ngo van tam", NULL, 0);
	struct case_row c1 = case_at(p, "23425", "62/61/23425"),
	                c2 = case_at(p, "612", "62/612");
	struct approval_row plan = {.subject = "plan", .note = "please"},
	                    closure = {.subject = "closure",
	                               .closure_reason = "goals_met"},
	                    got, *items;
	size_t n = 0;

	insert_case(f, &c1, 2026);
	insert_case(f, &c2, 2026);
	plan.case_id = c1.id;
	plan.requested_by = closure.requested_by = f->worker;
	closure.case_id = c2.id;
	assert_int_equal(store_approval_insert(f->st, &plan), STORE_OK);
	assert_int_equal(store_approval_insert(f->st, &closure), STORE_OK);
	assert_int_equal(store_approval_get(f->st, f->a, plan.id, &got),
	                 STORE_OK);
	assert_string_equal(got.subject, "plan");
	assert_string_equal(got.status, "requested");
	assert_string_equal(got.note, "please");
	assert_null(got.closure_reason);
	assert_int_equal(got.decided_by, 0);
	assert_true(got.requested_at > 0);

	/* waiting approvals within a scope */
	assert_int_equal(store_approvals_list(f->st, f->a, 0, "requested",
	                                      "2024", "62/61", &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, plan.id);
	assert_int_equal(store_approvals_list(f->st, f->a, 0, "requested",
	                                      "2024", "62", &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, closure.id); /* newest first */

	got.status = "approved";
	got.decided_by = f->other;
	got.comment = "ok";
	assert_int_equal(store_approval_decide(f->st, &got), STORE_OK);
	got.status = "rejected";
	assert_int_equal(store_approval_decide(f->st, &got), STORE_CONFLICT);
	got.id = closure.id + 1;
	assert_int_equal(store_approval_decide(f->st, &got), STORE_NOTFOUND);
	assert_int_equal(store_approval_get(f->st, f->a, plan.id, &got),
	                 STORE_OK);
	assert_string_equal(got.status, "approved");
	assert_int_equal(got.decided_by, f->other);
	assert_true(got.decided_at > 0);
	assert_string_equal(got.comment, "ok");

	/* of one case, any status or one */
	assert_int_equal(store_approvals_list(f->st, f->a, c1.id, NULL, NULL,
	                                      NULL, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].status, "approved");
	assert_int_equal(store_approvals_list(f->st, f->a, c1.id, "requested",
	                                      NULL, NULL, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_approvals_list(f->st, f->a, 0, "requested",
	                                      "2024", "62/61", &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
}

/* ---- deadline rules and holidays --------------------------------------- */

static void deadline_rules_and_holidays_seeded(void **state)
{
	struct fixture *f = *state;
	struct deadline_rule_row *rules;
	const char **days;
	size_t n = 0;
	bool tet = false;

	assert_int_equal(store_deadline_rules(f->st, f->a, &rules, &n),
	                 STORE_OK);
	assert_int_equal(n, 8);
	assert_string_equal(rules[0].code, "dl_cp_emergency_12h");
	assert_string_equal(rules[0].case_type, "*");
	assert_string_equal(rules[0].stage, "intake");
	assert_string_equal(rules[0].urgency, "emergency");
	assert_int_equal(rules[0].amount, 12);
	assert_string_equal(rules[0].unit, "hours");
	assert_string_equal(rules[0].valid_from, "2017-07-01");
	assert_null(rules[0].valid_to);
	assert_int_equal(rules[0].project_default, 0);
	assert_non_null(rules[0].source);
	assert_string_equal(rules[4].code, "dl_tip_initial_verification");
	assert_string_equal(rules[4].unit, "days");
	assert_int_equal(rules[1].project_default, 1);

	assert_int_equal(store_holidays(f->st, f->a, &days, &n), STORE_OK);
	assert_true(n > 40);
	for (size_t i = 0; i < n; i++) {
		tet = tet || strcmp(days[i], "2026-02-16") == 0;
		if (i > 0)
			assert_true(strcmp(days[i - 1], days[i]) < 0);
	}
	assert_true(tet);
	assert_string_equal(days[0], "2024-01-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(case_numbers_per_province_and_year),
	    T(case_get_with_person_and_person_update),
	    T(case_update_versions),
	    T(person_duplicates),
	    T(cases_list_scope_and_filters),
	    T(cases_list_overdue),
	    T(cases_list_search_and_identity),
	    T(cases_search_matches_like),
	    T(case_events_append_only),
	    T(hotline_calls),
	    T(referrals_boxes_and_versions),
	    T(approvals_decided_once),
	    T(deadline_rules_and_holidays_seeded),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
