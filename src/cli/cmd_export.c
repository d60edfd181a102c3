/*
 * cmd_export.c — `trogiup export KIND --db PATH [--unit CODE] [--tree T]
 * [--training ID]`: the CSV of GET …?format=csv on stdout, in exactly the
 * import columns (api/exports.c), so `trogiup import` reads it back.
 *
 * National: every row of the tree, or those inside --unit.  Exit 0, 1 on
 * a store or write error, 2 on usage (unknown kind or unit).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/import_engine.h"
#include "cli/cli.h"
#include "lib/arena.h"
#include "store/store.h"

static const char export_usage[] =
    "usage: trogiup export KIND --db PATH [options] > FILE.csv\n"
    "\n"
    "  KIND              facilities, trainings, communications or\n"
    "                    participants\n"
    "  --db PATH         the database\n"
    "  --unit CODE       only rows of this unit and below\n"
    "  --tree YEAR       unit tree (default: the database's)\n"
    "  --training ID     participants: the training\n";

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"unit", required_argument, NULL, 'u'},
	    {"tree", required_argument, NULL, 'T'},
	    {"training", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *unit = NULL, *tree = NULL;
	int64_t training = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'u': unit = optarg; break;
		case 'T': tree = optarg; break;
		case 't': {
			char *end;
			training = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || training <= 0) {
				cli_fail("--training must be a training id");
				return 2;
			}
			break;
		}
		case 'h': fputs(export_usage, stdout); return 0;
		default: fputs(export_usage, stderr); return 2;
		}
	}
	enum import_kind kind;
	if (db == NULL || argc - optind != 1 ||
	    import_kind_parse(argv[optind], &kind) != 0) {
		fputs(export_usage, stderr);
		return 2;
	}
	if (kind == IMPORT_PARTICIPANTS && training == 0) {
		cli_fail("participants need --training ID");
		return 2;
	}
	if (tree != NULL && strcmp(tree, "2024") != 0 &&
	    strcmp(tree, "2025") != 0) {
		cli_fail("--tree must be 2024 or 2025");
		return 2;
	}
	struct store *st = cli_open_store(db);
	if (st == NULL)
		return 1;
	struct arena *a = arena_new();
	int rc = 1;
	if (tree == NULL &&
	    store_setting_get(st, a, "default_tree", &tree) != STORE_OK)
		tree = "2024";
	const char *path = NULL;
	if (unit != NULL) {
		struct unit_row u;
		if (store_unit_get(st, a, tree, unit, &u) != STORE_OK) {
			cli_fail("--unit %s: no such unit in tree %s", unit,
			         tree);
			rc = 2;
			goto out;
		}
		path = u.path;
	}
	struct facility_query fq = {.tree = tree, .within_path = path};
	struct training_query tq = {.tree = tree, .within_path = path};
	struct communication_query cq = {.tree = tree, .within_path = path};
	const void *query = kind == IMPORT_FACILITIES       ? (void *)&fq
	                    : kind == IMPORT_TRAININGS      ? (void *)&tq
	                    : kind == IMPORT_COMMUNICATIONS ? (void *)&cq
	                                                    : (void *)&training;
	if (import_export_csv(st, a, kind, query, stdout) != 0 ||
	    fflush(stdout) != 0) {
		cli_fail("export failed");
		goto out;
	}
	rc = 0;
out:
	arena_free(a);
	store_close(st);
	return rc;
}
