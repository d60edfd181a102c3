/*
 * test_store_sqlite.c — the SQLite store against store.h: migrations,
 * settings, units and their ancestor rows, users and scope filters,
 * sessions, API tokens, failed logins, the append-only audit log,
 * transactions and the connection pool.  Each test gets a fresh database
 * file in its own mkdtemp directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "store/migrations.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
	struct arena *a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char *err = NULL;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/trogiup-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	assert_int_equal(store_open(f->path, &f->st, &err), STORE_OK);
	assert_null(err);
	assert_int_equal(store_migrate(f->st, &err), STORE_OK);
	assert_null(err);
	f->a = arena_new();
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

/* The single integer answered by sql on a raw connection. */
static long raw_long(const struct fixture *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long v;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* ---- connection and migrations --------------------------------------- */

static void fresh_database_is_version_0(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	char path[160], *err = NULL;

	snprintf(path, sizeof path, "%s/fresh.db", f->dir);
	assert_int_equal(store_open(path, &st, &err), STORE_OK);
	assert_int_equal(store_schema_version(st), 0);
	assert_int_equal(store_ping(st), STORE_OK);
	store_close(st);
}

static void migrate_twice_is_a_noop(void **state)
{
	struct fixture *f = *state;
	char *err = NULL;

	/* every migration applied once, and again is a no-op */
	int latest = 0;
	for (const struct migration *m = migrations; m->sql != NULL; m++)
		latest = m->number;
	assert_int_equal(store_schema_version(f->st), latest);
	assert_int_equal(store_migrate(f->st, &err), STORE_OK);
	assert_null(err);
	assert_int_equal(store_schema_version(f->st), latest);
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM schema_version"),
	                 latest);
	/* audit_log, case_events and facility_events: no update, no delete;
	 * cases: the indicator sums (0004) on insert, update (2), delete */
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM sqlite_master"
	                             " WHERE type = 'trigger'"),
	                 10);
}

static void open_failure_reports_err(void **state)
{
	struct store *st = (struct store *)1;
	char *err = NULL;

	(void)state;
	assert_int_equal(store_open("/nonexistent-dir/x/y.db", &st, &err),
	                 STORE_ERROR);
	assert_null(st);
	assert_non_null(err);
	free(err);
}

static void settings_roundtrip(void **state)
{
	struct fixture *f = *state;
	const char *v = NULL;

	assert_int_equal(store_setting_get(f->st, f->a, "default_tree", &v),
	                 STORE_NOTFOUND);
	assert_int_equal(store_setting_set(f->st, "default_tree", "2024"),
	                 STORE_OK);
	assert_int_equal(store_setting_set(f->st, "default_tree", "2025"),
	                 STORE_OK);
	assert_int_equal(store_setting_get(f->st, f->a, "default_tree", &v),
	                 STORE_OK);
	assert_string_equal(v, "2025");
}

/* ---- units ----------------------------------------------------------- */

static void put_unit(struct store *st, const char *code, const char *name,
                     const char *folded, int level, const char *parent,
                     const char *path)
{
	struct unit_row u = {
	    .tree = "2024",
	    .code = code,
	    .name = name,
	    .name_folded = folded,
	    .type = level == 1   ? "Tỉnh"
	            : level == 2 ? "Huyện"
	                         : "Xã",
	    .level = level,
	    .parent_code = parent,
	    .path = path,
	};
	assert_int_equal(store_unit_put(st, &u), STORE_OK);
}

static void put_sample_units(struct store *st)
{
	put_unit(st, "62", "Kon Tum", "kon tum", 1, NULL, "62");
	put_unit(st, "64", "Gia Lai", "gia lai", 1, NULL, "64");
	put_unit(st, "608", "Đắk Tô", "dak to", 2, "62", "62/608");
	put_unit(st, "610", "Kon Plông", "kon plong", 2, "62", "62/610");
	put_unit(st, "23425", "Xã Đắk Trăm", "xa dak tram", 3, "608",
	         "62/608/23425");
	put_unit(st, "23428", "Xã Văn Lem", "xa van lem", 3, "608",
	         "62/608/23428");
	put_unit(st, "23430", "Xã 100%_x", "xa 100%_x", 3, "608",
	         "62/608/23430");
}

static void unit_put_get_and_ancestors(void **state)
{
	struct fixture *f = *state;
	struct unit_row u;

	put_sample_units(f->st);
	assert_int_equal(store_unit_get(f->st, f->a, "2024", "23425", &u),
	                 STORE_OK);
	assert_string_equal(u.name, "Xã Đắk Trăm");
	assert_string_equal(u.name_folded, "xa dak tram");
	assert_string_equal(u.type, "Xã");
	assert_int_equal(u.level, 3);
	assert_string_equal(u.parent_code, "608");
	assert_string_equal(u.path, "62/608/23425");
	assert_int_equal(store_unit_get(f->st, f->a, "2024", "62", &u),
	                 STORE_OK);
	assert_null(u.parent_code);
	assert_int_equal(store_unit_get(f->st, f->a, "2025", "62", &u),
	                 STORE_NOTFOUND);

	/* the closure rows: itself at 0, district at 1, province at 2 */
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM unit_ancestors"
	                             " WHERE code = '23425'"),
	                 3);
	assert_int_equal(raw_long(f,
	                          "SELECT depth FROM unit_ancestors WHERE"
	                          " ancestor_code = '62' AND code = '23425'"),
	                 2);
	assert_int_equal(
	    raw_long(f, "SELECT depth FROM unit_ancestors WHERE"
	                " ancestor_code = '23425' AND code = '23425'"),
	    0);
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM unit_ancestors"
	                             " WHERE ancestor_code = '62'"),
	                 6);

	/* replacing keeps one row and moves the ancestors along */
	put_unit(f->st, "23425", "Xã Mới", "xa moi", 3, "610", "62/610/23425");
	assert_int_equal(store_unit_get(f->st, f->a, "2024", "23425", &u),
	                 STORE_OK);
	assert_string_equal(u.name, "Xã Mới");
	assert_string_equal(u.path, "62/610/23425");
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM units"), 7);
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM unit_ancestors"
	                             " WHERE code = '23425'"),
	                 3);
	assert_int_equal(raw_long(f,
	                          "SELECT COUNT(*) FROM unit_ancestors WHERE"
	                          " ancestor_code = '608' AND code = '23425'"),
	                 0);
}

static void unit_lineage_top_down(void **state)
{
	struct fixture *f = *state;
	struct unit_row *rows;
	size_t n = 0;

	put_sample_units(f->st);
	assert_int_equal(
	    store_unit_lineage(f->st, f->a, "2024", "23425", &rows, &n),
	    STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].code, "62");
	assert_string_equal(rows[1].code, "608");
	assert_string_equal(rows[2].code, "23425");
	assert_string_equal(rows[2].name, "Xã Đắk Trăm");
	assert_int_equal(
	    store_unit_lineage(f->st, f->a, "2024", "62", &rows, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(
	    store_unit_lineage(f->st, f->a, "2024", "99999", &rows, &n),
	    STORE_NOTFOUND);
	assert_int_equal(
	    store_unit_lineage(f->st, f->a, "2025", "62", &rows, &n),
	    STORE_NOTFOUND);
}

static void units_list_filters_and_paging(void **state)
{
	struct fixture *f = *state;
	struct unit_row *items = NULL;
	size_t n = 0;
	long total = -1, count = -1;
	struct unit_query q = {.tree = "2024", .limit = 50};

	put_sample_units(f->st);
	assert_int_equal(store_units_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 7);
	assert_int_equal(total, 7);
	/* level, then code */
	assert_string_equal(items[0].code, "62");
	assert_string_equal(items[1].code, "64");
	assert_string_equal(items[2].code, "608");
	assert_string_equal(items[6].code, "23430");

	q.parent_code = "608";
	assert_int_equal(store_units_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(items[0].code, "23425");

	q.parent_code = NULL;
	q.level = 2;
	assert_int_equal(store_units_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].code, "608");
	assert_string_equal(items[1].code, "610");

	q.level = 0;
	q.q_folded = "kon";
	assert_int_equal(store_units_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 2); /* Kon Tum, Kon Plông */

	/* LIKE wildcards in the search are literal */
	q.q_folded = "%";
	assert_int_equal(store_units_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].code, "23430");
	q.q_folded = "a_";
	assert_int_equal(store_units_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 0);

	/* paging: total counts before the page */
	q.q_folded = "xa";
	q.parent_code = "608";
	q.level = 3;
	q.limit = 2;
	q.offset = 2;
	assert_int_equal(store_units_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].code, "23430");

	assert_int_equal(store_units_count(f->st, "2024", 0, &count), STORE_OK);
	assert_int_equal(count, 7);
	assert_int_equal(store_units_count(f->st, "2024", 1, &count), STORE_OK);
	assert_int_equal(count, 2);

	assert_int_equal(store_units_clear(f->st, "2024"), STORE_OK);
	assert_int_equal(store_units_count(f->st, "2024", 0, &count), STORE_OK);
	assert_int_equal(count, 0);
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM unit_ancestors"), 0);
}

/* ---- users ----------------------------------------------------------- */

static int64_t add_user(struct store *st, const char *username,
                        const char *full_name, const char *folded,
                        const char *role, const char *code, const char *path)
{
	struct user_row u = {
	    .username = username,
	    .full_name = full_name,
	    .full_name_folded = folded,
	    .role = role,
	    .scope_tree = code ? "2024" : NULL,
	    .scope_code = code,
	    .scope_path = path,
	    .password_hash = "$argon2id$v=19$x",
	    .active = 1,
	    .created_at = 1000,
	    .updated_at = 1000,
	};
	assert_int_equal(store_user_insert(st, &u), STORE_OK);
	assert_true(u.id > 0);
	assert_int_equal(u.version, 1);
	return u.id;
}

static void users_insert_get_update(void **state)
{
	struct fixture *f = *state;
	struct user_row u, dup = {
	                       .username = "kt.admin",
	                       .full_name = "X",
	                       .role = "admin",
	                       .password_hash = "h",
	                       .active = 1,
	                   };
	int64_t id;

	id = add_user(f->st, "kt.admin", "Nguyễn Văn Đức", "nguyen van duc",
	              "province", "62", "62");
	assert_int_equal(store_user_insert(f->st, &dup), STORE_CONFLICT);

	assert_int_equal(store_user_get(f->st, f->a, id, &u), STORE_OK);
	assert_string_equal(u.username, "kt.admin");
	assert_string_equal(u.full_name, "Nguyễn Văn Đức");
	assert_string_equal(u.full_name_folded, "nguyen van duc");
	assert_string_equal(u.scope_path, "62");
	assert_int_equal(u.active, 1);
	assert_int_equal(u.created_at, 1000);
	assert_int_equal(u.version, 1);
	assert_int_equal(store_user_get(f->st, f->a, id + 100, &u),
	                 STORE_NOTFOUND);
	assert_int_equal(store_user_by_username(f->st, f->a, "kt.admin", &u),
	                 STORE_OK);
	assert_int_equal(u.id, id);
	assert_int_equal(store_user_by_username(f->st, f->a, "nobody", &u),
	                 STORE_NOTFOUND);

	u.active = 0;
	u.updated_at = 2000;
	assert_int_equal(store_user_update(f->st, &u), STORE_OK);
	assert_int_equal(u.version, 2);
	assert_int_equal(store_user_update(f->st, &u), STORE_OK);
	assert_int_equal(u.version, 3);
	assert_int_equal(store_user_get(f->st, f->a, id, &u), STORE_OK);
	assert_int_equal(u.active, 0);
	assert_int_equal(u.updated_at, 2000);
	assert_int_equal(u.version, 3);

	/* renaming onto a taken username conflicts */
	add_user(f->st, "other", "Other", "other", "viewer", NULL, NULL);
	u.username = "other";
	assert_int_equal(store_user_update(f->st, &u), STORE_CONFLICT);
	u.id = id + 100;
	u.username = "ghost";
	assert_int_equal(store_user_update(f->st, &u), STORE_NOTFOUND);
}

static void users_list_within_scope(void **state)
{
	struct fixture *f = *state;
	struct user_row *items = NULL;
	size_t n = 0;
	long total = -1;
	struct user_query q = {.limit = 50};

	add_user(f->st, "national", "Quốc Gia", "quoc gia", "admin", NULL,
	         NULL);
	add_user(f->st, "kt", "Kon Tum", "kon tum", "province", "62", "62");
	add_user(f->st, "dakto", "Đắk Tô", "dak to", "district", "608",
	         "62/608");
	add_user(f->st, "xa", "Đắk Trăm", "dak tram", "commune", "23425",
	         "62/608/23425");
	add_user(f->st, "trap", "Trap", "trap", "district", "6081", "62/6081");
	add_user(f->st, "gl", "Gia Lai", "gia lai", "province", "64", "64");

	assert_int_equal(store_users_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 6);
	assert_string_equal(items[0].username, "national"); /* by id */

	q.within_tree = "2024";
	q.within_path = "62/608";
	assert_int_equal(store_users_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 2);
	assert_string_equal(items[0].username, "dakto");
	assert_string_equal(items[1].username, "xa");

	q.within_path = "62";
	assert_int_equal(store_users_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 4);

	q.within_tree = "2025"; /* same path, other tree: nobody */
	assert_int_equal(store_users_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 0);

	q.within_tree = "2024";
	q.role = "district";
	assert_int_equal(store_users_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 2);

	q.role = NULL;
	q.within_tree = q.within_path = NULL;
	q.q_folded = "dak";
	assert_int_equal(store_users_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 2); /* dakto (username and name), xa (name) */
	q.q_folded = "gl";          /* username */
	assert_int_equal(store_users_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 1);

	q.q_folded = NULL;
	q.limit = 4;
	q.offset = 4;
	assert_int_equal(store_users_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 6);
	assert_int_equal(n, 2);
	assert_string_equal(items[1].username, "gl");
}

/* ---- sessions, tokens, failed logins --------------------------------- */

static void sessions_lifecycle(void **state)
{
	struct fixture *f = *state;
	int64_t uid = add_user(f->st, "u", "U", "u", "viewer", NULL, NULL);
	struct session_row s = {.id_hash = "aa11",
	                        .user_id = uid,
	                        .csrf = "c1",
	                        .created_at = 10,
	                        .last_seen_at = 10};
	struct session_row got;

	assert_int_equal(store_session_insert(f->st, &s), STORE_OK);
	assert_int_equal(store_session_insert(f->st, &s), STORE_CONFLICT);
	assert_int_equal(store_session_get(f->st, f->a, "aa11", &got),
	                 STORE_OK);
	assert_int_equal(got.user_id, uid);
	assert_string_equal(got.csrf, "c1");
	assert_int_equal(got.last_seen_at, 10);
	assert_int_equal(store_session_touch(f->st, "aa11", 99), STORE_OK);
	assert_int_equal(store_session_get(f->st, f->a, "aa11", &got),
	                 STORE_OK);
	assert_int_equal(got.last_seen_at, 99);
	struct user_row who;
	assert_int_equal(store_session_user(f->st, f->a, "aa11", &got, &who),
	                 STORE_OK);
	assert_int_equal(who.id, uid);
	assert_string_equal(who.username, "u");
	assert_string_equal(who.role, "viewer");
	assert_string_equal(got.csrf, "c1");
	assert_int_equal(got.last_seen_at, 99);
	assert_int_equal(store_session_user(f->st, f->a, "zz", &got, &who),
	                 STORE_NOTFOUND);
	assert_int_equal(store_session_touch(f->st, "zz", 99), STORE_NOTFOUND);
	assert_int_equal(store_session_delete(f->st, "aa11"), STORE_OK);
	assert_int_equal(store_session_get(f->st, f->a, "aa11", &got),
	                 STORE_NOTFOUND);

	s.id_hash = "b1";
	assert_int_equal(store_session_insert(f->st, &s), STORE_OK);
	s.id_hash = "b2";
	assert_int_equal(store_session_insert(f->st, &s), STORE_OK);
	assert_int_equal(store_sessions_delete_user(f->st, uid), STORE_OK);
	assert_int_equal(store_session_get(f->st, f->a, "b2", &got),
	                 STORE_NOTFOUND);

	/* foreign key: no session for a missing user */
	s.user_id = uid + 100;
	assert_int_equal(store_session_insert(f->st, &s), STORE_ERROR);
}

static void tokens_lifecycle(void **state)
{
	struct fixture *f = *state;
	int64_t uid = add_user(f->st, "u", "U", "u", "viewer", NULL, NULL);
	int64_t other = add_user(f->st, "v", "V", "v", "viewer", NULL, NULL);
	struct token_row t = {.user_id = uid,
	                      .name = "dhis2",
	                      .token_hash = "h1",
	                      .created_at = 5};
	struct token_row got, *items = NULL;
	size_t n = 0;

	assert_int_equal(store_token_insert(f->st, &t), STORE_OK);
	assert_true(t.id > 0);
	t.name = "script";
	t.token_hash = "h2";
	assert_int_equal(store_token_insert(f->st, &t), STORE_OK);
	assert_int_equal(store_token_insert(f->st, &t), STORE_CONFLICT);

	assert_int_equal(store_token_by_hash(f->st, f->a, "h1", &got),
	                 STORE_OK);
	assert_string_equal(got.name, "dhis2");
	assert_int_equal(got.user_id, uid);
	assert_int_equal(got.last_used_at, 0);
	assert_int_equal(got.revoked, 0);
	assert_int_equal(store_token_by_hash(f->st, f->a, "nope", &got),
	                 STORE_NOTFOUND);

	assert_int_equal(store_tokens_list(f->st, f->a, uid, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(items[1].name, "script");
	assert_int_equal(store_tokens_list(f->st, f->a, other, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);

	assert_int_equal(store_token_touch(f->st, got.id, 77), STORE_OK);
	assert_int_equal(store_token_revoke(f->st, got.id, other),
	                 STORE_NOTFOUND);
	assert_int_equal(store_token_revoke(f->st, got.id, uid), STORE_OK);
	assert_int_equal(store_token_by_hash(f->st, f->a, "h1", &got),
	                 STORE_OK);
	assert_int_equal(got.revoked, 1);
	assert_int_equal(got.last_used_at, 77);
}

static void login_failures_count_since(void **state)
{
	struct fixture *f = *state;
	int count = -1;

	assert_int_equal(store_login_failure_add(f->st, "bob", 100), STORE_OK);
	assert_int_equal(store_login_failure_add(f->st, "bob", 200), STORE_OK);
	assert_int_equal(store_login_failure_add(f->st, "bob", 300), STORE_OK);
	assert_int_equal(store_login_failure_add(f->st, "eve", 300), STORE_OK);
	assert_int_equal(store_login_failures_count(f->st, "bob", 150, &count),
	                 STORE_OK);
	assert_int_equal(count, 2);
	assert_int_equal(store_login_failures_count(f->st, "bob", 200, &count),
	                 STORE_OK);
	assert_int_equal(count, 2);
	assert_int_equal(store_login_failures_clear(f->st, "bob"), STORE_OK);
	assert_int_equal(store_login_failures_count(f->st, "bob", 0, &count),
	                 STORE_OK);
	assert_int_equal(count, 0);
	assert_int_equal(store_login_failures_count(f->st, "eve", 0, &count),
	                 STORE_OK);
	assert_int_equal(count, 1);
}

/* ---- audit ----------------------------------------------------------- */

static void append_audit(struct store *st, int64_t at, const char *action,
                         const char *path)
{
	struct audit_row r = {
	    .at = at,
	    .actor_id = 1,
	    .actor_name = "kt",
	    .action = action,
	    .target = "user:2",
	    .unit_tree = path ? "2024" : NULL,
	    .unit_path = path,
	    .detail = "{}",
	    .ip = "127.0.0.1",
	    .request_id = "r1",
	};
	assert_int_equal(store_audit_append(st, &r), STORE_OK);
	assert_true(r.id > 0);
}

static void audit_append_list_and_immutable(void **state)
{
	struct fixture *f = *state;
	struct audit_row *items = NULL;
	size_t n = 0;
	long total = -1;
	struct audit_query q = {.limit = 50};

	append_audit(f->st, 100, "login", NULL);
	append_audit(f->st, 200, "user_create", "62");
	append_audit(f->st, 300, "user_update", "62/608/23425");
	append_audit(f->st, 300, "user_update", "64");

	assert_int_equal(store_audit_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 4);
	assert_int_equal(items[0].at, 300);
	assert_string_equal(items[0].unit_path, "64"); /* newest id first */
	assert_int_equal(items[3].at, 100);
	assert_null(items[3].unit_path);
	assert_string_equal(items[3].request_id, "r1");
	assert_int_equal(items[3].actor_id, 1);

	q.within_tree = "2024";
	q.within_path = "62";
	assert_int_equal(store_audit_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 2); /* no unit-less entry */
	assert_string_equal(items[0].action, "user_update");

	q.within_tree = q.within_path = NULL;
	q.action = "user_update";
	assert_int_equal(store_audit_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 2);

	q.action = NULL;
	q.since = 200;
	q.until = 300;
	assert_int_equal(store_audit_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].at, 200);

	q.since = q.until = 0;
	q.actor_id = 2;
	assert_int_equal(store_audit_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 0);

	assert_int_not_equal(raw_exec(f, "UPDATE audit_log SET action = 'x'"),
	                     SQLITE_OK);
	assert_int_not_equal(raw_exec(f, "DELETE FROM audit_log"), SQLITE_OK);
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM audit_log"
	                             " WHERE action = 'x'"),
	                 0);
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM audit_log"), 4);
}

/* ---- transactions and pool ------------------------------------------- */

static void transactions_commit_and_rollback(void **state)
{
	struct fixture *f = *state;
	const char *v;

	assert_int_equal(store_begin(f->st), STORE_OK);
	assert_int_equal(store_setting_set(f->st, "k", "1"), STORE_OK);
	put_unit(f->st, "62", "Kon Tum", "kon tum", 1, NULL, "62");
	assert_int_equal(store_rollback(f->st), STORE_OK);
	assert_int_equal(store_setting_get(f->st, f->a, "k", &v),
	                 STORE_NOTFOUND);
	assert_int_equal(raw_long(f, "SELECT COUNT(*) FROM unit_ancestors"), 0);

	assert_int_equal(store_begin(f->st), STORE_OK);
	assert_int_equal(store_setting_set(f->st, "k", "2"), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_setting_get(f->st, f->a, "k", &v), STORE_OK);
	assert_string_equal(v, "2");
	assert_int_equal(store_rollback(f->st),
	                 STORE_OK); /* none open: no-op */
}

struct waiter {
	struct store_pool *pool;
	struct store *got;
};

static void *acquire_one(void *arg)
{
	struct waiter *w = arg;

	w->got = store_pool_acquire(w->pool);
	return NULL;
}

static void pool_acquire_release(void **state)
{
	struct fixture *f = *state;
	struct store_pool *p;
	struct store *a, *b, *c;
	struct waiter w;
	pthread_t t;
	char *err = NULL;

	p = store_pool_open(f->path, 3, &err);
	assert_non_null(p);
	assert_int_equal(store_pool_size(p), 3);
	assert_int_equal(store_pool_in_use(p), 0);
	a = store_pool_acquire(p);
	b = store_pool_acquire(p);
	assert_ptr_not_equal(a, b);
	assert_int_equal(store_pool_in_use(p), 2);
	assert_int_equal(store_ping(a), STORE_OK);
	c = store_pool_acquire(p);
	assert_int_equal(store_pool_in_use(p), 3);

	/* a fourth caller waits until one comes back */
	w.pool = p;
	w.got = NULL;
	assert_int_equal(pthread_create(&t, NULL, acquire_one, &w), 0);
	usleep(50 * 1000);
	assert_null(w.got);
	assert_int_equal(store_begin(b), STORE_OK); /* left open: rolled back */
	store_pool_release(p, b);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_ptr_equal(w.got, b);
	assert_int_equal(store_begin(w.got), STORE_OK);
	assert_int_equal(store_commit(w.got), STORE_OK);

	store_pool_release(p, w.got);
	store_pool_release(p, a);
	store_pool_release(p, c);
	assert_int_equal(store_pool_in_use(p), 0);
	store_pool_close(p);

	p = store_pool_open("/nonexistent-dir/x/y.db", 2, &err);
	assert_null(p);
	assert_non_null(err);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(fresh_database_is_version_0),
	    T(migrate_twice_is_a_noop),
	    T(open_failure_reports_err),
	    T(settings_roundtrip),
	    T(unit_put_get_and_ancestors),
	    T(unit_lineage_top_down),
	    T(units_list_filters_and_paging),
	    T(users_insert_get_update),
	    T(users_list_within_scope),
	    T(sessions_lifecycle),
	    T(tokens_lifecycle),
	    T(login_failures_count_since),
	    T(audit_append_list_and_immutable),
	    T(transactions_commit_and_rollback),
	    T(pool_acquire_release),
#undef T
	};

	log_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
