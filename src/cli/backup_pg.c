/*
 * backup_pg.c — `trogiup backup` and `trogiup restore` for a PostgreSQL
 * database: a wrapper around PostgreSQL's own pg_dump and pg_restore
 * (cmd_backup.c calls these when --db is a postgres:// URL; the SQLite
 * file backup is store/sqlite_backup.c).
 *
 * Backup: `pg_dump --format=custom` of one consistent snapshot (pg_dump
 * reads in a single repeatable-read transaction, so the server keeps
 * serving and writing), into FILE.part-XXXXXX beside FILE, checked by
 * `pg_restore --list`, then renamed over FILE.  Restore: refuses a target
 * that already holds a trogiup schema unless --force, then runs
 * `pg_restore --clean --if-exists --single-transaction --exit-on-error`,
 * so a failure leaves the target as it was.  Restricted narratives are in
 * the dump sealed, as in the database; the key file is not in it.
 *
 * The tools run without a shell (posix_spawnp, arguments as given), found
 * on PATH (Debian: postgresql-client); their errors go to stderr as they
 * write them.  The URL is passed as an argument, so a password in it
 * would show in the process list: use ~/.pgpass or PGPASSWORD.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/arena.h"
#include "store/store.h"

extern char **environ;

/* Runs argv[0] with argv, quiet on stdout when quiet; its exit status, or
 * -1 (printed) when it could not run or died of a signal. */
static int run_tool(char *const argv[], bool quiet)
{
	posix_spawn_file_actions_t fa;
	int status, rc;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
		                                 "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		cli_fail("cannot run %s: %s (install postgresql-client)",
		         argv[0], strerror(rc));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cli_fail("waitpid: %s", strerror(errno)), -1;
	if (!WIFEXITED(status)) {
		cli_fail("%s died of signal %d", argv[0], WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status);
}

/* The database as it is: no migration (a restore's target must stay
 * empty until pg_restore fills it). */
static struct store *open_as_is(const char *dsn)
{
	struct store *st = NULL;
	char *err = NULL;

	if (store_open(dsn, &st, &err) != STORE_OK) {
		cli_fail("%s", err ? err : "cannot open the database");
		free(err);
		return NULL;
	}
	return st;
}

/* The seal key file the database records, or "none recorded". */
static const char *recorded_key(struct arena *a, const char *dsn)
{
	struct store *st = open_as_is(dsn);
	const char *path = NULL;

	if (st != NULL &&
	    store_setting_get(st, a, "seal_key_file", &path) != STORE_OK)
		path = NULL;
	store_close(st);
	return path != NULL ? path : "none recorded";
}

int cli_backup_pg(const char *dsn, const char *to, bool force)
{
	struct arena *a = arena_new();
	char *tmp = arena_printf(a, "%s.part-XXXXXX", to);
	int fd, rc = 1;

	if (!force && access(to, F_OK) == 0) {
		cli_fail("%s exists: give --force to replace it", to);
		goto out;
	}
	/* mkstemp makes the name ours; pg_dump then writes over the file. */
	if ((fd = mkstemp(tmp)) < 0) {
		cli_fail("cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	close(fd);
	char *const dump[] = {"pg_dump",    "--format=custom",
	                      "--no-owner", "--no-privileges",
	                      "--file",     tmp,
	                      (char *)dsn,  NULL};
	char *const list[] = {"pg_restore", "--list", tmp, NULL};
	if (run_tool(dump, false) != 0 || run_tool(list, true) != 0) {
		cli_fail("pg_dump of %s failed; %s is unchanged", dsn, to);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, to) != 0) {
		cli_fail("cannot rename %s to %s: %s", tmp, to,
		         strerror(errno));
		unlink(tmp);
		goto out;
	}
	printf("backup: %s -> %s (pg_dump custom format, one snapshot)\n", dsn,
	       to);
	printf("backup: restricted narratives are sealed in the backup; the "
	       "key that opens them (%s) is NOT in it: back the key up "
	       "separately and keep it elsewhere\n",
	       recorded_key(a, dsn));
	rc = 0;
out:
	arena_free(a);
	return rc;
}

int cli_restore_pg(const char *from, const char *dsn, bool force)
{
	struct arena *a = arena_new();
	struct store *st;
	int version, rc = 1;

	if (access(from, R_OK) != 0) {
		cli_fail("%s: %s", from, strerror(errno));
		goto out;
	}
	char *const list[] = {"pg_restore", "--list", (char *)from, NULL};
	if (run_tool(list, true) != 0) {
		cli_fail("%s is not a pg_dump archive; %s is unchanged", from,
		         dsn);
		goto out;
	}
	if ((st = open_as_is(dsn)) == NULL)
		goto out;
	version = store_schema_version(st);
	store_close(st);
	if (version != 0 && !force) {
		cli_fail("%s holds a trogiup database (schema version %d): "
		         "give --force to replace it",
		         dsn, version);
		goto out;
	}
	char *const restore[] = {"pg_restore",
	                         "--clean",
	                         "--if-exists",
	                         "--single-transaction",
	                         "--exit-on-error",
	                         "--no-owner",
	                         "--no-privileges",
	                         "--dbname",
	                         (char *)dsn,
	                         (char *)from,
	                         NULL};
	if (run_tool(restore, false) != 0) {
		cli_fail("pg_restore failed; %s is unchanged (one transaction)",
		         dsn);
		goto out;
	}
	if ((st = open_as_is(dsn)) == NULL)
		goto out;
	version = store_schema_version(st);
	store_close(st);
	printf("restore: %s -> %s (schema version %d)\n", from, dsn, version);
	printf("restore: the key for restricted narratives is not in the "
	       "backup: serve with --key-file PATH, or put the key you kept "
	       "at %s\n",
	       recorded_key(a, dsn));
	rc = 0;
out:
	arena_free(a);
	return rc;
}
