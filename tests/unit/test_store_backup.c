/*
 * test_store_backup.c — store_backup / store_restore / store_compare_files
 * (store_backup.h) on small databases: a backup and its restore hold the
 * same rows, a table differing is noticed, an existing backup or database
 * is not overwritten without being asked, files that are not trogiup
 * databases (or are damaged, or come from a newer schema) are refused and
 * leave the target as it was, and no temporary file is left behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "store/store.h"
#include "store/store_backup.h"

struct fixture {
	char dir[64];
	char db[128], bak[128], out[128];
};

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct store *st;
	char *err = NULL;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/trogiup-backup-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/live.db", f->dir);
	snprintf(f->bak, sizeof f->bak, "%s/live.bak", f->dir);
	snprintf(f->out, sizeof f->out, "%s/restored.db", f->dir);
	assert_int_equal(store_open(f->db, &st, &err), STORE_OK);
	assert_int_equal(store_migrate(st, &err), STORE_OK);
	assert_int_equal(store_setting_set(st, "seal_key_file", "/k/live.key"),
	                 STORE_OK);
	assert_int_equal(store_setting_set(st, "default_tree", "2025"),
	                 STORE_OK);
	store_close(st);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static long counted;

static void count_table(void *ctx, const char *table, long rows)
{
	(void)ctx;
	if (strcmp(table, "settings") == 0)
		assert_int_equal(rows, 2);
	counted++;
}

/* Files in the fixture's directory whose name has "-XXXXXX" temp suffixes. */
static int temp_files(const struct fixture *f)
{
	DIR *d = opendir(f->dir);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".part-") ||
		    strstr(e->d_name, ".restore-"))
			n++;
	closedir(d);
	return n;
}

static void backup_then_restore_same_rows(void **state)
{
	struct fixture *f = *state;
	struct store_backup_info info;
	char *err = NULL;

	assert_int_equal(store_backup(f->db, f->bak, false, &info, &err),
	                 STORE_OK);
	assert_null(err);
	assert_true(info.schema_version > 0);
	assert_true(info.pages > 0);
	assert_string_equal(info.seal_key_file, "/k/live.key");
	counted = 0;
	assert_int_equal(store_restore(f->bak, f->out, false, count_table, NULL,
	                               &info, &err),
	                 STORE_OK);
	assert_null(err);
	assert_true(counted > 5); /* every table of the schema */
	counted = 0;
	assert_int_equal(
	    store_compare_files(f->db, f->out, count_table, NULL, &err),
	    STORE_OK);
	assert_true(counted > 5);
	assert_int_equal(temp_files(f), 0);
}

static void compare_notices_a_changed_row(void **state)
{
	struct fixture *f = *state;
	char *err = NULL;

	assert_int_equal(store_backup(f->db, f->bak, false, NULL, &err),
	                 STORE_OK);
	exec_sql(f->bak, "UPDATE settings SET value = '2024'"
	                 " WHERE key = 'default_tree'");
	assert_int_equal(store_compare_files(f->db, f->bak, NULL, NULL, &err),
	                 STORE_ERROR);
	assert_non_null(strstr(err, "settings"));
	free(err);
}

static void existing_targets_need_force(void **state)
{
	struct fixture *f = *state;
	char *err = NULL;

	assert_int_equal(store_backup(f->db, f->bak, false, NULL, &err),
	                 STORE_OK);
	assert_int_equal(store_backup(f->db, f->bak, false, NULL, &err),
	                 STORE_CONFLICT);
	free(err);
	assert_int_equal(store_backup(f->db, f->bak, true, NULL, &err),
	                 STORE_OK);
	/* the live database itself: not empty */
	assert_int_equal(
	    store_restore(f->bak, f->db, false, NULL, NULL, NULL, &err),
	    STORE_CONFLICT);
	assert_non_null(strstr(err, "--force"));
	free(err);
	assert_int_equal(
	    store_restore(f->bak, f->db, true, NULL, NULL, NULL, &err),
	    STORE_OK);
}

/* Each bad source is refused and the target keeps its rows. */
static void refuse(struct fixture *f, const char *from, const char *why)
{
	char *err = NULL;
	assert_int_equal(
	    store_restore(from, f->out, true, NULL, NULL, NULL, &err),
	    STORE_ERROR);
	assert_non_null(err);
	if (strstr(err, why) == NULL)
		fail_msg("'%s' does not say '%s'", err, why);
	free(err);
	assert_int_equal(store_compare_files(f->db, f->out, NULL, NULL, &err),
	                 STORE_OK);
	assert_int_equal(temp_files(f), 0);
}

static void bad_sources_leave_the_target(void **state)
{
	struct fixture *f = *state;
	char *err = NULL;
	char path[160];

	assert_int_equal(store_backup(f->db, f->bak, false, NULL, &err),
	                 STORE_OK);
	assert_int_equal(
	    store_restore(f->bak, f->out, false, NULL, NULL, NULL, &err),
	    STORE_OK);

	snprintf(path, sizeof path, "%s/text.bak", f->dir);
	FILE *t = fopen(path, "w");
	assert_non_null(t);
	for (int i = 0; i < 400; i++)
		fputs("this is not a database\n", t);
	fclose(t);
	refuse(f, path, "not a trogiup database");

	snprintf(path, sizeof path, "%s/other.db", f->dir);
	exec_sql(path, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	refuse(f, path, "no schema_version");

	snprintf(path, sizeof path, "%s/newer.db", f->dir);
	assert_int_equal(store_backup(f->db, path, false, NULL, &err),
	                 STORE_OK);
	exec_sql(path, "INSERT INTO schema_version VALUES (9999, "
	               "'9999_future', 0)");
	refuse(f, path, "newer trogiup");

	snprintf(path, sizeof path, "%s/missing.bak", f->dir);
	refuse(f, path, "missing.bak");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(backup_then_restore_same_rows),
	    T(compare_notices_a_changed_row),
	    T(existing_targets_need_force),
	    T(bad_sources_leave_the_target),
#undef T
	};

	log_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
