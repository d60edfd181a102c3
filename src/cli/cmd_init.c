/*
 * cmd_init.c — `trogiup init --db PATH [--tree 2024|2025] [--units FILE]…`
 *
 * Creates or migrates the database, records the deployment's default unit
 * tree and loads the administrative units: the files given with --units,
 * or, on a database that has none yet, units-2024.csv and units-2025.csv
 * from $TROGIUP_SHARED/data or ../shared/data; creates the key that seals
 * restricted narratives (DB.key, see seal_key.c); loads the indicator
 * catalogue from domain/indicators.csv there (cmd_indicators.c), every
 * time.  Running it again is safe.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static const char init_usage[] =
    "usage: trogiup init --db PATH|URL [--tree 2024|2025] [--units "
    "FILE.csv]...\n"
    "                    [--key-file PATH]\n"
    "\n"
    "Creates or migrates the database, loads administrative units and,\n"
    "every time, the indicator catalogue ($TROGIUP_SHARED/domain or\n"
    "../shared/domain/indicators.csv).\n"
    "  --db PATH|URL    SQLite database file (created when absent), or a\n"
    "                   PostgreSQL database postgres://user@host:port/name\n"
    "                   (created beforehand, C collation)\n"
    "  --key-file PATH  where to create the key sealing restricted\n"
    "                   narratives (default DB.key; needed for PostgreSQL)\n"
    "  --tree YEAR      the default unit tree of this deployment (2024)\n"
    "  --units FILE     a units CSV to load (repeatable); without it, a\n"
    "                   database with no units gets the files of\n"
    "                   $TROGIUP_SHARED/data or ../shared/data\n";

#define MAX_UNIT_FILES 8

/* Finds the default units file `name`; NULL when there is none. */
static char *default_units_file(const char *name)
{
	const char *dirs[] = {getenv("TROGIUP_SHARED"), "../shared", "shared"};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (dirs[i] == NULL)
			continue;
		char *p;
		if (asprintf(&p, "%s/data/%s", dirs[i], name) < 0)
			return NULL;
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"tree", required_argument, NULL, 't'},
	    {"units", required_argument, NULL, 'u'},
	    {"key-file", required_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *tree = NULL, *key_file = NULL;
	const char *files[MAX_UNIT_FILES];
	int nfiles = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 't': tree = optarg; break;
		case 'k': key_file = optarg; break;
		case 'u':
			if (nfiles == MAX_UNIT_FILES)
				return cli_fail("at most %d --units files",
				                MAX_UNIT_FILES);
			files[nfiles++] = optarg;
			break;
		case 'h': fputs(init_usage, stdout); return 0;
		default: fputs(init_usage, stderr); return 2;
		}
	}
	if (db == NULL || optind != argc) {
		fputs(init_usage, stderr);
		return 2;
	}
	if (tree != NULL && strcmp(tree, "2024") != 0 &&
	    strcmp(tree, "2025") != 0)
		return cli_fail("--tree must be 2024 or 2025");

	struct store *st = cli_open_store(db);
	if (st == NULL)
		return 1;
	int rc = 1;
	if (tree != NULL) {
		if (store_setting_set(st, "default_tree", tree) != STORE_OK) {
			cli_fail("cannot record the default tree");
			goto out;
		}
	}
	if (cli_ensure_seal_key(st, db, key_file) != 0)
		goto out;
	for (int i = 0; i < nfiles; i++)
		if (cli_import_units(st, files[i], NULL) != 0)
			goto out;
	long have = 0;
	if (nfiles == 0 &&
	    store_units_count(st, "2024", 0, &have) == STORE_OK && have == 0) {
		static const char *names[] = {"units-2024.csv",
		                              "units-2025.csv"};
		for (size_t i = 0; i < 2; i++) {
			char *p = default_units_file(names[i]);
			if (p == NULL) {
				cli_fail("cannot find %s: give --units "
				         "FILE.csv or set "
				         "TROGIUP_SHARED",
				         names[i]);
				goto out;
			}
			int r = cli_import_units(st, p, NULL);
			free(p);
			if (r != 0)
				goto out;
		}
	}
	/* the catalogue ships with the system: upserted on every init */
	char *catalogue = cli_indicators_file();
	if (catalogue == NULL) {
		cli_fail("cannot find domain/indicators.csv: set "
		         "TROGIUP_SHARED");
		goto out;
	}
	int loaded = cli_load_indicators(st, catalogue);
	free(catalogue);
	if (loaded != 0)
		goto out;
	printf("init: %s ready (schema version %d)\n", db,
	       store_schema_version(st));
	rc = 0;
out:
	store_close(st);
	return rc;
}
