/*
 * seal_key.c — where the key that seals restricted narratives lives
 * (docs/cases.md §Who sees a case).
 *
 * `trogiup init` creates DB.key beside a SQLite database, or the file
 * --key-file names (required for PostgreSQL, which has no file to sit
 * beside), mode 0600, never overwritten, and records its absolute path in
 * the setting seal_key_file; `serve` and `demo` read it from there unless
 * --key-file names another.  Keeping the key out of the database means a copy
 * of the database file alone does not reveal the narratives.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/arena.h"
#include "lib/secret.h"
#include "store/store.h"

int cli_ensure_seal_key(struct store *st, const char *db, const char *key_file)
{
	struct arena *a = arena_new();
	const char *have = NULL;
	int rc = 1;
	enum store_status s = store_setting_get(st, a, "seal_key_file", &have);
	if (s == STORE_OK) {
		rc = 0;
		goto out;
	}
	if (s != STORE_NOTFOUND) {
		cli_fail("cannot read the settings");
		goto out;
	}
	if (key_file == NULL && store_dsn_is_postgres(db)) {
		cli_fail("a PostgreSQL database needs --key-file PATH: the "
		         "key sealing restricted narratives is kept out of "
		         "the database");
		goto out;
	}
	const char *path =
	    key_file != NULL ? key_file : arena_printf(a, "%s.key", db);
	if (secret_key_create(path) != 0 && errno != EEXIST) {
		cli_fail("cannot create %s: %s", path, strerror(errno));
		goto out;
	}
	char full[PATH_MAX];
	if (realpath(path, full) == NULL) {
		cli_fail("%s: %s", path, strerror(errno));
		goto out;
	}
	if (store_setting_set(st, "seal_key_file", full) != STORE_OK) {
		cli_fail("cannot record the seal key file");
		goto out;
	}
	rc = 0;
out:
	arena_free(a);
	return rc;
}

int cli_load_seal_key(struct store *st, const char *override,
                      unsigned char key[32])
{
	struct arena *a = arena_new();
	const char *path = override;
	int rc = 1;
	if (path == NULL &&
	    store_setting_get(st, a, "seal_key_file", &path) != STORE_OK) {
		cli_fail("no seal key recorded: run `trogiup init --db …` "
		         "first, or give --key-file");
		goto out;
	}
	if (secret_key_load(path, key) != 0) {
		cli_fail("cannot read the seal key %s (32 bytes expected)",
		         path);
		goto out;
	}
	rc = 0;
out:
	arena_free(a);
	return rc;
}
