/*
 * cmd_budget.c — `trogiup budget check FILE.csv [--json]`: the checks of
 * POST /api/v1/budget/check run offline on a budget table (API.md
 * §Command line, docs/budget.md), with no database.
 *
 * The file is read whole and handed to domain/budget.h, as the API does
 * with a request body.  Without --json: one line per problem (its
 * Vietnamese message) and "N dòng, M vấn đề"; with --json: exactly the
 * API's 200 body {"rows","problems"[,"truncated"]}.  Exit 0 when the
 * table is clean, 1 when it has problems, 2 when it cannot be checked
 * (usage, a file that cannot be read, or not a budget table: the reason
 * with its line on stderr, as the API's 422 gives it in `field`).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/budget.h"
#include "lib/arena.h"

static const char budget_usage[] =
    "usage: trogiup budget check FILE.csv [--json]\n"
    "\n"
    "  Checks a budget table (docs/budget.md) without a database.\n"
    "  --json   print the body of POST /api/v1/budget/check\n"
    "\n"
    "  exit 0: no problem; 1: problems found; 2: the file cannot be read\n"
    "  or is not a budget table (the reason and line on stderr)\n";

/* The whole file in a malloc'd buffer (the caller frees), or NULL after
 * printing why. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0;

	if (f == NULL) {
		cli_fail("%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? 2 * cap : 65536;
			data = realloc(data, cap);
			if (data == NULL)
				abort();
		}
		size_t got = fread(data + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		cli_fail("%s: %s", path, strerror(errno ? errno : EIO));
		free(data);
		data = NULL;
	}
	fclose(f);
	*len = n;
	return data;
}

/* The API's 200 body of a checked table. */
static json_t *check_json(const struct budget_table *t,
                          const struct budget_problem *p, size_t n,
                          bool truncated)
{
	json_t *list = json_array();
	char name[32];

	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    list,
		    json_pack(
		        "{s:s, s:s, s:s, s:o, s:o, s:s}", "row", p[i].row,
		        "column",
		        budget_column_name(t, p[i].column, name, sizeof name),
		        "kind", budget_problem_kind_name(p[i].kind), "stated",
		        p[i].has_amounts ? json_integer(p[i].stated)
		                         : json_null(),
		        "computed",
		        p[i].has_amounts ? json_integer(p[i].computed)
		                         : json_null(),
		        "message", p[i].message));
	json_t *j = json_pack("{s:I, s:o}", "rows", (json_int_t)t->nlines,
	                      "problems", list);
	if (truncated)
		json_object_set_new(j, "truncated", json_true());
	return j;
}

static int print_json(const struct budget_table *t,
                      const struct budget_problem *p, size_t n, bool truncated)
{
	json_t *j = check_json(t, p, n, truncated);
	int rc = j != NULL ? json_dumpf(j, stdout, JSON_COMPACT) : -1;
	json_decref(j);
	if (rc != 0 || fputc('\n', stdout) == EOF)
		return -1;
	return 0;
}

static int print_text(const struct budget_table *t,
                      const struct budget_problem *p, size_t n, bool truncated)
{
	for (size_t i = 0; i < n; i++)
		if (printf("%s\n", p[i].message) < 0)
			return -1;
	if (truncated)
		return printf("%zu dòng, hơn %zu vấn đề (chỉ liệt kê %zu vấn "
		              "đề đầu tiên)\n",
		              t->nlines, n, n) < 0
		           ? -1
		           : 0;
	return printf("%zu dòng, %zu vấn đề\n", t->nlines, n) < 0 ? -1 : 0;
}

static int budget_check_file(const char *path, bool as_json)
{
	struct budget_table t;
	struct budget_error err;
	struct budget_problem *p;
	size_t len, n;
	bool truncated;
	int rc = 2;
	char *data = read_file(path, &len);
	struct arena *a;

	if (data == NULL)
		return 2;
	a = arena_new();
	if (budget_table_parse(data, len, a, &t, &err) != 0) {
		cli_fail("%s:%ld: %s", path, err.line, err.message);
		goto out;
	}
	budget_check(&t, a, &p, &n, &truncated);
	if ((as_json ? print_json(&t, p, n, truncated)
	             : print_text(&t, p, n, truncated)) != 0 ||
	    fflush(stdout) != 0) {
		cli_fail("cannot write the result: %s", strerror(errno));
		goto out;
	}
	rc = n > 0 ? 1 : 0;
out:
	arena_free(a);
	free(data);
	return rc;
}

int cmd_budget(int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	bool as_json = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'j': as_json = true; break;
		case 'h': fputs(budget_usage, stdout); return 0;
		default: fputs(budget_usage, stderr); return 2;
		}
	}
	if (argc - optind != 2 || strcmp(argv[optind], "check") != 0) {
		fputs(budget_usage, stderr);
		return 2;
	}
	return budget_check_file(argv[optind + 1], as_json);
}
