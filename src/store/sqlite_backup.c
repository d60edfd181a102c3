/*
 * sqlite_backup.c — backup and restore of a SQLite database
 * (store_backup.h): SQLite's online backup API into a temporary file,
 * checks, then rename.
 *
 * The copy steps PAGES_PER_STEP pages at a time and pauses between steps,
 * so the copy never holds the database for long.  A write by the server
 * between two steps makes SQLite start the copy again; after MAX_RESTARTS
 * of those the rest is copied in one step, inside one read transaction,
 * which in WAL mode (the store's mode, sqlite.c) does not block writers
 * either.  Either way the copy is one consistent snapshot.
 *
 * These functions work on files, not on a `struct store`: they open their
 * own connections and need nothing from the statement cache.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/log.h"
#include "store/migrations.h"
#include "store/store_backup.h"

#define PAGES_PER_STEP 256 /* 1 MiB with 4 KiB pages */
#define STEP_PAUSE_MS  5
#define MAX_RESTARTS   8
#define BUSY_MS        5000

static char *errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *errf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

static sqlite3 *open_file(const char *path, int flags, char **err)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		*err = errf("%s: %s", path,
		            db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BUSY_MS);
	return db;
}

/* A new empty file beside `path` (path + suffix + random letters), for a
 * copy to be renamed over path; NULL with *err when it cannot be made. */
static char *temp_beside(const char *path, const char *suffix, char **err)
{
	char *tmp = errf("%s%s-XXXXXX", path, suffix);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = errf("cannot create a file beside %s: %s", path,
		            strerror(errno));
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

static void remove_temp(char *tmp)
{
	if (tmp == NULL)
		return;
	char *journal = errf("%s-journal", tmp);
	unlink(journal);
	free(journal);
	unlink(tmp);
	free(tmp);
}

/* Copies main of src into main of dst with the backup API. */
static enum store_status copy_pages(sqlite3 *src, sqlite3 *dst,
                                    struct store_backup_info *info, char **err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL) {
		*err = errf("cannot start the copy: %s", sqlite3_errmsg(dst));
		return STORE_ERROR;
	}
	int rc, before = -1;
	for (;;) {
		int n = info->restarts >= MAX_RESTARTS ? -1 : PAGES_PER_STEP;
		rc = sqlite3_backup_step(b, n);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		int left = sqlite3_backup_remaining(b);
		/* a step that copied pages but left no fewer to copy: the
		 * source changed and SQLite began again */
		if (rc == SQLITE_OK && before >= 0 && left >= before)
			info->restarts++;
		before = left;
		sqlite3_sleep(STEP_PAUSE_MS);
	}
	info->pages = sqlite3_backup_pagecount(b);
	int fin = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE || fin != SQLITE_OK) {
		*err = errf("copy failed: %s",
		            sqlite3_errstr(rc != SQLITE_DONE ? rc : fin));
		return STORE_ERROR;
	}
	return STORE_OK;
}

/* Checks that db is a sound trogiup database: integrity_check says "ok",
 * and schema_version lists only migrations this program knows, by number
 * and name.  Sets *version to the highest. */
static enum store_status check_trogiup(sqlite3 *db, const char *what,
                                       int *version, char **err)
{
	sqlite3_stmt *s = NULL;
	enum store_status status = STORE_ERROR;
	int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL);
	if (rc != SQLITE_OK) {
		*err = errf("%s is not a trogiup database: %s", what,
		            sqlite3_errmsg(db));
		goto out;
	}
	rc = sqlite3_step(s);
	const char *first = (const char *)sqlite3_column_text(s, 0);
	if (rc != SQLITE_ROW || first == NULL || strcmp(first, "ok") != 0) {
		*err = errf("%s fails integrity_check: %s", what,
		            rc != SQLITE_ROW ? sqlite3_errmsg(db)
		            : first          ? first
		                             : "no answer");
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;
	rc = sqlite3_prepare_v2(
	    db, "SELECT version, name FROM schema_version ORDER BY version", -1,
	    &s, NULL);
	if (rc != SQLITE_OK) {
		*err = errf("%s is not a trogiup database (no schema_version "
		            "table)",
		            what);
		goto out;
	}
	*version = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int n = sqlite3_column_int(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);
		const struct migration *m = migrations;
		while (m->sql != NULL && m->number != n)
			m++;
		if (m->sql == NULL) {
			*err = errf("%s has migration %d (%s), which this "
			            "trogiup does not know: restore it with "
			            "a newer trogiup",
			            what, n, name ? name : "?");
			goto out;
		}
		if (name == NULL || strcmp(name, m->name) != 0) {
			*err = errf("%s is not a trogiup database (migration "
			            "%d is %s, not %s)",
			            what, n, name ? name : "NULL", m->name);
			goto out;
		}
		*version = n;
	}
	if (rc != SQLITE_DONE || *version == 0) {
		*err = errf("%s is not a trogiup database (%s)", what,
		            rc != SQLITE_DONE ? sqlite3_errmsg(db)
		                              : "no migration recorded");
		goto out;
	}
	status = STORE_OK;
out:
	sqlite3_finalize(s);
	return status;
}

/* ---- comparing two files row by row ----------------------------------- */

/* The rows of one query summed up so that two queries returning the same
 * rows in any order agree: a 64-bit FNV-1a hash per row (with the type of
 * each value), added up and xor-ed with a mixed copy. */
struct row_sum {
	long rows;
	uint64_t sum, mix;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 0x100000001b3ULL;
	return h;
}

static enum store_status sum_rows(sqlite3 *db, const char *sql,
                                  struct row_sum *out)
{
	sqlite3_stmt *s;
	int rc;
	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		uint64_t h = 0xcbf29ce484222325ULL;
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			unsigned char type =
			    (unsigned char)sqlite3_column_type(s, i);
			h = fnv(h, &type, 1);
			if (type == SQLITE_INTEGER) {
				int64_t v = sqlite3_column_int64(s, i);
				h = fnv(h, &v, sizeof v);
			} else if (type == SQLITE_FLOAT) {
				double v = sqlite3_column_double(s, i);
				h = fnv(h, &v, sizeof v);
			} else if (type != SQLITE_NULL) {
				const void *v = sqlite3_column_blob(s, i);
				uint64_t n =
				    (uint64_t)sqlite3_column_bytes(s, i);
				h = fnv(h, &n, sizeof n);
				h = fnv(h, v, (size_t)n);
			}
		}
		out->rows++;
		out->sum += h;
		out->mix ^= h * 0x9e3779b97f4a7c15ULL + (h >> 29);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

static enum store_status compare_dbs(sqlite3 *a, sqlite3 *b,
                                     store_table_fn *on_table, void *ctx,
                                     char **err)
{
	static const char schema_sql[] =
	    "SELECT type, name, tbl_name, sql FROM sqlite_master";
	struct row_sum sa, sb;
	if (sum_rows(a, schema_sql, &sa) != STORE_OK ||
	    sum_rows(b, schema_sql, &sb) != STORE_OK) {
		*err = errf("cannot read the schema: %s", sqlite3_errmsg(a));
		return STORE_ERROR;
	}
	if (memcmp(&sa, &sb, sizeof sa) != 0) {
		*err = errf("the schemas differ");
		return STORE_ERROR;
	}
	sqlite3_stmt *t;
	enum store_status status = STORE_ERROR;
	if (sqlite3_prepare_v2(a,
	                       "SELECT name FROM sqlite_master"
	                       " WHERE type = 'table' ORDER BY name",
	                       -1, &t, NULL) != SQLITE_OK) {
		*err = errf("cannot list the tables: %s", sqlite3_errmsg(a));
		return STORE_ERROR;
	}
	int rc;
	while ((rc = sqlite3_step(t)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);
		char *q = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
		enum store_status ra = sum_rows(a, q, &sa);
		enum store_status rb = sum_rows(b, q, &sb);
		sqlite3_free(q);
		if (ra != STORE_OK || rb != STORE_OK) {
			*err = errf("cannot read table %s: %s", name,
			            sqlite3_errmsg(ra != STORE_OK ? a : b));
			goto out;
		}
		if (memcmp(&sa, &sb, sizeof sa) != 0) {
			*err = errf("table %s differs (%ld rows, %ld rows)",
			            name, sa.rows, sb.rows);
			goto out;
		}
		if (on_table != NULL)
			on_table(ctx, name, sa.rows);
	}
	if (rc != SQLITE_DONE) {
		*err = errf("cannot list the tables: %s", sqlite3_errmsg(a));
		goto out;
	}
	status = STORE_OK;
out:
	sqlite3_finalize(t);
	return status;
}

enum store_status store_compare_files(const char *a_path, const char *b_path,
                                      store_table_fn *on_table, void *ctx,
                                      char **err)
{
	*err = NULL;
	enum store_status status = STORE_ERROR;
	sqlite3 *a = open_file(a_path, SQLITE_OPEN_READONLY, err);
	sqlite3 *b = a ? open_file(b_path, SQLITE_OPEN_READONLY, err) : NULL;
	if (b != NULL)
		status = compare_dbs(a, b, on_table, ctx, err);
	sqlite3_close(b);
	sqlite3_close(a);
	return status;
}

/* ---- backup ------------------------------------------------------------ */

/* The setting seal_key_file of db into info (empty when absent). */
static void read_key_file(sqlite3 *db, struct store_backup_info *info)
{
	sqlite3_stmt *s;
	info->seal_key_file[0] = '\0';
	if (sqlite3_prepare_v2(db,
	                       "SELECT value FROM settings"
	                       " WHERE key = 'seal_key_file'",
	                       -1, &s, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(info->seal_key_file, sizeof info->seal_key_file, "%s",
		         (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* Makes the copy a single self-contained file in rollback-journal mode
 * (the copied header still says WAL), then checks it. */
static enum store_status settle_copy(const char *tmp, const char *what,
                                     struct store_backup_info *info,
                                     int *version, char **err)
{
	sqlite3 *db = open_file(tmp, SQLITE_OPEN_READWRITE, err);
	if (db == NULL)
		return STORE_ERROR;
	enum store_status status = STORE_ERROR;
	char *msg = NULL;
	if (sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL,
	                 &msg) != SQLITE_OK) {
		*err = errf("%s: %s", what, msg ? msg : sqlite3_errmsg(db));
		goto out;
	}
	status = check_trogiup(db, what, version, err);
	if (status == STORE_OK)
		read_key_file(db, info);
out:
	sqlite3_free(msg);
	sqlite3_close(db);
	return status;
}

enum store_status store_backup(const char *dsn, const char *to_path,
                               bool overwrite, struct store_backup_info *info,
                               char **err)
{
	struct store_backup_info local;
	if (info == NULL)
		info = &local;
	memset(info, 0, sizeof *info);
	*err = NULL;
	struct stat sb;
	if (!overwrite && stat(to_path, &sb) == 0) {
		*err = errf("%s exists (give --force to replace it)", to_path);
		return STORE_CONFLICT;
	}
	enum store_status status = STORE_ERROR;
	char *tmp = NULL;
	sqlite3 *dst = NULL;
	sqlite3 *src = open_file(dsn, SQLITE_OPEN_READONLY, err);
	if (src == NULL)
		goto out;
	int version;
	/* refuse to back up something that is not ours before copying */
	if (check_trogiup(src, dsn, &version, err) != STORE_OK)
		goto out;
	tmp = temp_beside(to_path, ".part", err);
	if (tmp == NULL)
		goto out;
	dst = open_file(tmp, SQLITE_OPEN_READWRITE, err);
	if (dst == NULL || copy_pages(src, dst, info, err) != STORE_OK)
		goto out;
	info->page_size = 0;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(dst, "PRAGMA page_size", -1, &s, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			info->page_size = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(dst);
	dst = NULL;
	if (settle_copy(tmp, "the backup", info, &info->schema_version, err) !=
	    STORE_OK)
		goto out;
	if (rename(tmp, to_path) != 0) {
		*err = errf("cannot write %s: %s", to_path, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	log_info("store=sqlite op=backup to=%s pages=%ld restarts=%d", to_path,
	         info->pages, info->restarts);
	status = STORE_OK;
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	remove_temp(tmp);
	return status;
}

/* ---- restore ----------------------------------------------------------- */

/* Folds the WAL of the database at dsn back into it and leaves it in
 * rollback mode, so nothing of the old database survives beside the file
 * renamed over it.  Fails when another connection (a server) has it open. */
static enum store_status release_target(const char *dsn, char **err)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	enum store_status status = STORE_ERROR;
	struct stat sb;
	if (stat(dsn, &sb) == 0 &&
	    sqlite3_open_v2(dsn, &db, SQLITE_OPEN_READWRITE, NULL) ==
	        SQLITE_OK) {
		sqlite3_busy_timeout(db, 1000);
		int rc = sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL,
		                      NULL, &msg);
		if ((rc & 0xff) == SQLITE_BUSY ||
		    (rc & 0xff) == SQLITE_LOCKED) {
			*err = errf("%s is in use: stop the server first", dsn);
			goto out;
		}
		/* any other failure: the old file is damaged, which is why
		 * one restores over it (with --force) */
	}
	char *wal = errf("%s-wal", dsn);
	int have_wal = stat(wal, &sb) == 0;
	free(wal);
	if (have_wal) {
		*err = errf("%s-wal exists: the database is in use or was not "
		            "closed cleanly; stop the server (or open the "
		            "database once) first",
		            dsn);
		goto out;
	}
	status = STORE_OK;
out:
	sqlite3_free(msg);
	sqlite3_close(db);
	return status;
}

enum store_status store_restore(const char *from_path, const char *dsn,
                                bool force, store_table_fn *on_table, void *ctx,
                                struct store_backup_info *info, char **err)
{
	struct store_backup_info local;
	if (info == NULL)
		info = &local;
	memset(info, 0, sizeof *info);
	*err = NULL;
	struct stat sb;
	if (!force && stat(dsn, &sb) == 0 && sb.st_size > 0) {
		*err = errf("%s exists and is not empty (give --force to "
		            "replace it)",
		            dsn);
		return STORE_CONFLICT;
	}
	if (stat(from_path, &sb) != 0) {
		*err = errf("%s: %s", from_path, strerror(errno));
		return STORE_ERROR;
	}
	enum store_status status = STORE_ERROR;
	char *tmp = NULL;
	sqlite3 *dst = NULL, *copy = NULL;
	sqlite3 *src = open_file(from_path, SQLITE_OPEN_READONLY, err);
	if (src == NULL || check_trogiup(src, from_path, &info->schema_version,
	                                 err) != STORE_OK)
		goto out;
	tmp = temp_beside(dsn, ".restore", err);
	if (tmp == NULL)
		goto out;
	dst = open_file(tmp, SQLITE_OPEN_READWRITE, err);
	if (dst == NULL || copy_pages(src, dst, info, err) != STORE_OK)
		goto out;
	sqlite3_close(dst);
	dst = NULL;
	int version;
	if (settle_copy(tmp, "the restored copy", info, &version, err) !=
	    STORE_OK)
		goto out;
	copy = open_file(tmp, SQLITE_OPEN_READONLY, err);
	if (copy == NULL ||
	    compare_dbs(src, copy, on_table, ctx, err) != STORE_OK)
		goto out;
	sqlite3_close(copy);
	copy = NULL;
	if (release_target(dsn, err) != STORE_OK)
		goto out;
	if (rename(tmp, dsn) != 0) {
		*err = errf("cannot replace %s: %s", dsn, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	log_info("store=sqlite op=restore from=%s pages=%ld", from_path,
	         info->pages);
	status = STORE_OK;
out:
	sqlite3_close(copy);
	sqlite3_close(dst);
	sqlite3_close(src);
	remove_temp(tmp);
	return status;
}
