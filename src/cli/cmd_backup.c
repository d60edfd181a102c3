/*
 * cmd_backup.c — `trogiup backup --db PATH --to FILE [--force]` and
 * `trogiup restore --from FILE --db PATH [--force]` (issue 10).
 * A postgres:// --db goes to the pg_dump wrapper (backup_pg.c).
 *
 * Both are thin: the store does the copy and the checks
 * (store/store_backup.h).  What this file adds is the seal key's story:
 * the backup holds restricted narratives sealed, and the key that opens
 * them (DB.key, seal_key.c) is deliberately not in it, so the output says
 * where the key is and that it must be kept elsewhere; after a restore, a
 * key file already put beside the restored database (DB.key) becomes the
 * one it reads.  Exit 0, 1 on failure (reason on stderr), 2 on usage.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/arena.h"
#include "store/store.h"
#include "store/store_backup.h"

static const char backup_usage[] =
    "usage: trogiup backup --db PATH|URL --to FILE [--force]\n"
    "\n"
    "Copies the SQLite database into FILE while the server keeps serving\n"
    "(SQLite's online backup: one consistent snapshot), then checks the\n"
    "copy (integrity_check, schema version).\n"
    "  --db PATH    the database\n"
    "  --to FILE    the backup file (written beside as FILE.part-*, then\n"
    "               renamed)\n"
    "  --force      replace FILE when it exists\n"
    "\n"
    "Restricted narratives stay sealed in the backup.  The key that opens\n"
    "them (DB.key beside the database) is NOT in the backup: back the key\n"
    "up separately and keep it somewhere else than the backups.\n"
    "A PostgreSQL --db (postgres://…) is dumped with pg_dump\n"
    "(custom format, one snapshot), checked with pg_restore --list.\n";

static const char restore_usage[] =
    "usage: trogiup restore --from FILE --db PATH|URL [--force]\n"
    "\n"
    "Replaces the database with a backup made by `trogiup backup`.  The\n"
    "backup must be a trogiup database that passes integrity_check; it is\n"
    "copied beside PATH, compared with the backup table by table, row by\n"
    "row, and only then renamed over PATH.  Stop the server first.\n"
    "  --from FILE  the backup\n"
    "  --db PATH    the database to write\n"
    "  --force      replace an existing, non-empty database\n"
    "\n"
    "The key for restricted narratives is not in the backup: put the key\n"
    "file you kept as PATH.key (mode 0600); restore records that path as\n"
    "the database's key unless the path recorded in the backup holds one.\n"
    "A PostgreSQL --db is restored from a `trogiup backup` pg_dump\n"
    "archive with pg_restore in one transaction (create the database\n"
    "first, C collation).\n";

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"to", required_argument, NULL, 't'},
	    {"force", no_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *to = NULL;
	bool force = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 't': to = optarg; break;
		case 'f': force = true; break;
		case 'h': fputs(backup_usage, stdout); return 0;
		default: fputs(backup_usage, stderr); return 2;
		}
	}
	if (db == NULL || to == NULL || optind != argc) {
		fputs(backup_usage, stderr);
		return 2;
	}
	if (store_dsn_is_postgres(db))
		return cli_backup_pg(db, to, force);
	if (access(db, R_OK) != 0)
		return cli_fail("%s: no such database", db);
	struct store_backup_info info;
	char *err = NULL;
	if (store_backup(db, to, force, &info, &err) != STORE_OK) {
		cli_fail("backup failed: %s", err ? err : "unknown error");
		free(err);
		return 1;
	}
	printf("backup: %s -> %s (%ld pages of %ld bytes, schema version %d, "
	       "%d restarts)\n",
	       db, to, info.pages, info.page_size, info.schema_version,
	       info.restarts);
	printf("backup: restricted narratives are sealed in the backup; the "
	       "key that opens them (%s) is NOT in it: back the key up "
	       "separately and keep it elsewhere\n",
	       info.seal_key_file[0] ? info.seal_key_file : "none recorded");
	return 0;
}

static void print_table(void *ctx, const char *table, long rows)
{
	(void)ctx;
	printf("restore: table %s %ld rows ok\n", table, rows);
}

/* Records `path` (absolute) as the database's seal key file. */
static int record_key(const char *db, const char *path)
{
	struct store *st = cli_open_store(db);
	int rc = 0;
	if (st == NULL ||
	    store_setting_set(st, "seal_key_file", path) != STORE_OK)
		rc = cli_fail("cannot record the seal key file %s", path);
	store_close(st);
	return rc;
}

/* After a restore: a key file the operator put beside the database
 * becomes the one it reads; when there is none and the path recorded in
 * the backup has none either, DB.key is recorded so that the key can be
 * put there before serving. */
static int settle_key(const char *db, const char *recorded)
{
	struct arena *a = arena_new();
	char *beside = arena_printf(a, "%s.key", db);
	char full[PATH_MAX], dir[PATH_MAX];
	int rc;
	if (access(beside, R_OK) == 0 && realpath(beside, full) != NULL) {
		rc = record_key(db, full);
		if (rc == 0)
			printf("restore: seal key %s\n", full);
	} else if (recorded[0] != '\0' && access(recorded, R_OK) == 0) {
		rc = 0;
		printf("restore: seal key %s (the path recorded in the "
		       "backup)\n",
		       recorded);
	} else {
		const char *slash = strrchr(beside, '/');
		const char *parent =
		    slash == NULL ? "."
		    : slash == beside
		        ? "/"
		        : arena_printf(a, "%.*s", (int)(slash - beside),
		                       beside);
		if (realpath(parent, dir) == NULL) {
			rc = cli_fail("%s: %s", parent, strerror(errno));
			goto out;
		}
		char *want =
		    arena_printf(a, "%s/%s", strcmp(dir, "/") ? dir : "",
		                 slash ? slash + 1 : beside);
		rc = record_key(db, want);
		fprintf(stderr,
		        "trogiup: warning: no seal key at %s: put the key "
		        "you kept there (mode 0600) before serving; "
		        "restricted narratives cannot be read without it\n",
		        want);
	}
out:
	arena_free(a);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'F'},
	    {"db", required_argument, NULL, 'd'},
	    {"force", no_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *from = NULL;
	bool force = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'F': from = optarg; break;
		case 'd': db = optarg; break;
		case 'f': force = true; break;
		case 'h': fputs(restore_usage, stdout); return 0;
		default: fputs(restore_usage, stderr); return 2;
		}
	}
	if (db == NULL || from == NULL || optind != argc) {
		fputs(restore_usage, stderr);
		return 2;
	}
	if (store_dsn_is_postgres(db))
		return cli_restore_pg(from, db, force);
	struct store_backup_info info;
	char *err = NULL;
	if (store_restore(from, db, force, print_table, NULL, &info, &err) !=
	    STORE_OK) {
		cli_fail("restore refused: %s; %s is unchanged",
		         err ? err : "unknown error", db);
		free(err);
		return 1;
	}
	printf("restore: %s -> %s (%ld pages, schema version %d)\n", from, db,
	       info.pages, info.schema_version);
	return settle_key(db, info.seal_key_file);
}
