/*
 * cmd_units.c — `trogiup units import FILE.csv` and the import itself,
 * shared with `init`.
 *
 * The CSV is the format of ../shared/data (code,name,type,level,
 * parent_code, rows ordered by level).  Every row is checked — code
 * shape, level, parent one level up and already present, non-empty NFC
 * name — and the first problem stops the import with FILE:LINE; the tree
 * is replaced in one transaction, so a bad file changes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/lineage.h"
#include "lib/arena.h"
#include "lib/csvfile.h"
#include "lib/fold.h"
#include "store/store.h"

struct import {
	struct store *st;
	struct arena *arena;
	const char *path;
	const char *tree;
	long rows;
	long per_level[4];
	char *error;
};

/* First pass: the tree is 2024 when any row is level 3. */
static int find_tiers(void *ctx, long line, size_t n, const char *const *f)
{
	int *max = ctx;
	if (line > 1 && n >= 4 && strcmp(f[3], "3") == 0)
		*max = 3;
	return 0;
}

static int row_error(struct import *im, long line, const char *msg)
{
	if (asprintf(&im->error, "%s:%ld: %s", im->path, line, msg) < 0)
		im->error = NULL;
	return 1;
}

static int import_row(void *ctx, long line, size_t n, const char *const *f)
{
	struct import *im = ctx;
	if (line == 1) {
		if (n != 5 || strcmp(f[0], "code") != 0 ||
		    strcmp(f[1], "name") != 0 || strcmp(f[3], "level") != 0 ||
		    strcmp(f[4], "parent_code") != 0)
			return row_error(im, line,
			                 "the header must be "
			                 "code,name,type,level,parent_code");
		return 0;
	}
	if (n != 5)
		return row_error(im, line, "expected 5 fields");
	struct unit_row u = {0};
	u.tree = im->tree;
	u.code = f[0];
	if (!lineage_code_valid(u.code))
		return row_error(im, line, "code must be 2, 3 or 5 digits");
	if (strlen(f[3]) != 1 || f[3][0] < '1' || f[3][0] > '3')
		return row_error(im, line, "level must be 1, 2 or 3");
	u.level = f[3][0] - '0';
	u.name = text_nfc(im->arena, f[1]);
	u.type = text_nfc(im->arena, f[2]);
	if (u.name == NULL || *u.name == '\0' || u.type == NULL)
		return row_error(im, line,
		                 "name and type must be non-empty UTF-8");
	u.name_folded = text_fold(im->arena, u.name);
	char path[LINEAGE_MAX];
	if (u.level == 1) {
		if (*f[4] != '\0')
			return row_error(im, line, "a province has no parent");
		lineage_child(path, sizeof path, NULL, u.code);
	} else {
		struct unit_row parent;
		if (store_unit_get(im->st, im->arena, im->tree, f[4],
		                   &parent) != STORE_OK ||
		    parent.level != u.level - 1)
			return row_error(im, line,
			                 "parent_code must name a unit "
			                 "one level up, listed earlier");
		u.parent_code = parent.code;
		if (lineage_child(path, sizeof path, parent.path, u.code) != 0)
			return row_error(im, line, "lineage too long");
	}
	u.path = path;
	if (store_unit_put(im->st, &u) != STORE_OK)
		return row_error(im, line, "the database refused the row");
	im->rows++;
	im->per_level[u.level]++;
	return 0;
}

int cli_import_units(struct store *st, const char *path, const char *tree)
{
	char *err = NULL;
	int tiers = 2;
	if (tree == NULL) {
		if (csvfile_read(path, find_tiers, &tiers, &err) != 0) {
			cli_fail("%s: %s", path, err ? err : "cannot read");
			free(err);
			return 1;
		}
		tree = tiers == 3 ? "2024" : "2025";
	}
	struct import im = {st, arena_new(), path, tree, 0, {0}, NULL};
	int rc = 1;
	if (store_begin(st) != STORE_OK) {
		cli_fail("%s: cannot start a transaction", path);
		goto out;
	}
	if (store_units_clear(st, tree) != STORE_OK) {
		cli_fail("%s: cannot clear the %s tree", path, tree);
		store_rollback(st);
		goto out;
	}
	int r = csvfile_read(path, import_row, &im, &err);
	if (r != 0 || im.rows == 0) {
		cli_fail("%s", im.error ? im.error
		               : err    ? err
		                        : "no units in the file");
		store_rollback(st);
		goto out;
	}
	if (store_commit(st) != STORE_OK) {
		cli_fail("%s: cannot commit", path);
		store_rollback(st);
		goto out;
	}
	printf("units: %s → tree %s: %ld units (level 1: %ld, level 2: %ld, "
	       "level 3: %ld)\n",
	       path, tree, im.rows, im.per_level[1], im.per_level[2],
	       im.per_level[3]);
	rc = 0;
out:
	free(err);
	free(im.error);
	arena_free(im.arena);
	return rc;
}

static const char units_usage[] =
    "usage: trogiup units import --db PATH [--tree 2024|2025] FILE.csv\n"
    "\n"
    "Replaces one unit tree with the units of FILE.csv (header\n"
    "code,name,type,level,parent_code; rows ordered by level).  The tree is\n"
    "2024 for a three-tier file and 2025 for a two-tier one unless --tree\n"
    "says otherwise.  All or nothing: a bad row changes nothing.\n";

int cmd_units(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"tree", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(units_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "import") != 0)
		return cli_fail("unknown units command '%s'", argv[1]);
	const char *db = NULL, *tree = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 't': tree = optarg; break;
		case 'h': fputs(units_usage, stdout); return 0;
		default: fputs(units_usage, stderr); return 2;
		}
	}
	if (db == NULL || optind != argc - 2)
		return fputs(units_usage, stderr), 2;
	if (tree != NULL && strcmp(tree, "2024") != 0 &&
	    strcmp(tree, "2025") != 0)
		return cli_fail("--tree must be 2024 or 2025");
	struct store *st = cli_open_store(db);
	if (st == NULL)
		return 1;
	int rc = cli_import_units(st, argv[optind + 1], tree);
	store_close(st);
	return rc;
}
