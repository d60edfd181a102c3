/*
 * cmd_indicators.c — `trogiup indicators rebuild --db PATH`, and the load
 * of the indicator catalogue that `init` runs (docs/indicators.md).
 *
 * The catalogue is ../shared/domain/indicators.csv (code, project, kind,
 * vi, en, numerator, denominator, computable_from, note); every row is
 * checked (a code, a project 1–4, a known kind) and the first problem
 * stops the load with FILE:LINE; the rows are upserted in one
 * transaction.  `rebuild` recomputes the maintained case sums from the
 * cases and prints how many rows differed (0 when the triggers kept them
 * right); it exits 0 either way, as the difference is fixed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/indicators.h"
#include "lib/arena.h"
#include "lib/csvfile.h"
#include "store/store.h"
#include "store/store_indicators.h"

/* ---- the catalogue ----------------------------------------------------- */

static const char *const columns[] = {
    "code",        "project",         "kind", "vi", "en", "numerator",
    "denominator", "computable_from", "note",
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

struct load {
	struct arena *arena;
	const char *path;
	int col[NCOLUMNS]; /* field index of each column */
	struct indicator_def *defs;
	size_t n, cap;
	char *error;
};

static int load_error(struct load *l, long line, const char *msg)
{
	if (asprintf(&l->error, "%s:%ld: %s", l->path, line, msg) < 0)
		l->error = NULL;
	return 1;
}

static int header(struct load *l, size_t n, const char *const *f)
{
	for (size_t c = 0; c < NCOLUMNS; c++) {
		l->col[c] = -1;
		for (size_t i = 0; i < n; i++)
			if (strcmp(f[i], columns[c]) == 0)
				l->col[c] = (int)i;
		if (l->col[c] < 0)
			return load_error(
			    l, 1,
			    "the header must name code, project, "
			    "kind, vi, en, numerator, denominator, "
			    "computable_from and note");
	}
	return 0;
}

static int load_row(void *ctx, long line, size_t n, const char *const *f)
{
	struct load *l = ctx;
	if (line == 1)
		return header(l, n, f);
	const char *v[NCOLUMNS];
	for (size_t c = 0; c < NCOLUMNS; c++) {
		if ((size_t)l->col[c] >= n)
			return load_error(l, line, "too few fields");
		v[c] = f[l->col[c]];
	}
	enum indicator_kind kind;
	char *end;
	long project = strtol(v[1], &end, 10);
	if (*v[0] == '\0')
		return load_error(l, line, "no code");
	if (*v[1] == '\0' || *end != '\0' || project < 1 || project > 4)
		return load_error(l, line, "project must be 1 to 4");
	if (indicator_kind_parse(v[2], &kind) != 0)
		return load_error(
		    l, line, "kind must be percent, count or reduction_pct");
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		struct indicator_def *grown =
		    arena_alloc(l->arena, l->cap * sizeof *grown);
		if (l->n > 0)
			memcpy(grown, l->defs, l->n * sizeof *grown);
		l->defs = grown;
	}
	l->defs[l->n++] = (struct indicator_def){
	    .code = arena_strdup(l->arena, v[0]),
	    .project = (int)project,
	    .kind = arena_strdup(l->arena, v[2]),
	    .vi = arena_strdup(l->arena, v[3]),
	    .en = arena_strdup(l->arena, v[4]),
	    .numerator = arena_strdup(l->arena, v[5]),
	    .denominator = arena_strdup(l->arena, v[6]),
	    .computable_from = arena_strdup(l->arena, v[7]),
	    .note = arena_strdup(l->arena, v[8]),
	};
	return 0;
}

int cli_load_indicators(struct store *st, const char *path)
{
	struct load l = {.arena = arena_new(), .path = path};
	char *err = NULL;
	int rc = 1;

	int r = csvfile_read(path, load_row, &l, &err);
	if (r < 0)
		cli_fail("%s: %s", path, err ? err : "cannot read");
	else if (r > 0)
		cli_fail("%s", l.error ? l.error : path);
	else if (l.n == 0)
		cli_fail("%s: no indicators", path);
	else if (store_indicators_load(st, l.defs, l.n) != STORE_OK)
		cli_fail("cannot store the indicator catalogue");
	else {
		printf("indicators: %s → %zu indicators\n", path, l.n);
		rc = 0;
	}
	free(err);
	free(l.error);
	arena_free(l.arena);
	return rc;
}

char *cli_indicators_file(void)
{
	const char *dirs[] = {getenv("TROGIUP_SHARED"), "../shared", "shared"};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (dirs[i] == NULL || *dirs[i] == '\0')
			continue;
		char *p;
		if (asprintf(&p, "%s/domain/indicators.csv", dirs[i]) < 0)
			return NULL;
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

/* ---- trogiup indicators ------------------------------------------------ */

static const char indicators_usage[] =
    "usage: trogiup indicators rebuild --db PATH\n"
    "\n"
    "Recomputes the case sums of the indicators (indicator_case_sums) from\n"
    "the cases and reports how many rows differed; any difference is\n"
    "fixed.  The triggers keep the sums, so 0 is expected.\n"
    "  --db PATH        SQLite database file\n";

static int rebuild(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(indicators_usage, stdout); return 0;
		default: fputs(indicators_usage, stderr); return 2;
		}
	}
	if (db == NULL || optind != argc) {
		fputs(indicators_usage, stderr);
		return 2;
	}
	struct store *st = cli_open_store(db);
	if (st == NULL)
		return 1;
	long differences = 0;
	int rc = 0;
	if (store_indicator_sums_rebuild(st, &differences) != STORE_OK)
		rc = cli_fail("cannot rebuild the indicator sums");
	else if (differences == 0)
		printf("indicators rebuild: %s: 0 differences, the sums "
		       "match the cases\n",
		       db);
	else
		printf("indicators rebuild: %s: %ld differences found and "
		       "fixed\n",
		       db, differences);
	store_close(st);
	return rc;
}

int cmd_indicators(int argc, char **argv)
{
	if (argc < 2) {
		fputs(indicators_usage, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(indicators_usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "rebuild") == 0)
		return rebuild(argc - 1, argv + 1);
	fputs(indicators_usage, stderr);
	return 2;
}
