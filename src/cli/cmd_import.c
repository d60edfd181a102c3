/*
 * cmd_import.c — `trogiup import KIND FILE.csv --db PATH [--training ID]
 * [--tree T] [--dry-run] [--as USERNAME] [--progress]`
 *
 * The same import as POST /api/v1/imports (api/import_engine.c): every
 * line checked, problems printed as "line L, column C: message" on
 * stderr, all rows stored in one transaction or none.  While it works a
 * progress line ("\r12000/100000 rows (12%)") is redrawn on stderr when
 * that is a terminal or --progress is given; the final count is always
 * printed.  SIGINT / SIGTERM set the engine's cancel flag: the
 * transaction is rolled back and the exit status is 130.
 *
 * Exit: 0 done (or a clean dry run), 1 problems (nothing stored) or a
 * store error, 2 unreadable file or usage, 130 cancelled.  Without --as
 * the import is national (no scope check) and audited as "cli".
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "api/import_engine.h"
#include "cli/cli.h"
#include "lib/arena.h"
#include "lib/timeutil.h"
#include "store/store.h"

static const char import_usage[] =
    "usage: trogiup import KIND FILE.csv --db PATH [options]\n"
    "\n"
    "  KIND              facilities, trainings, communications or\n"
    "                    participants\n"
    "  --db PATH         the database\n"
    "  --training ID     participants: the training they attended\n"
    "  --tree YEAR       unit tree of unit_code cells (default: the\n"
    "                    database's)\n"
    "  --dry-run         check every line, store nothing\n"
    "  --as USERNAME     check units against this user's scope (and\n"
    "                    record the rows as theirs)\n"
    "  --progress        redraw a progress line on stderr even when it is\n"
    "                    not a terminal\n"
    "\n"
    "Exit status: 0 done, 1 problems (nothing stored), 2 unreadable file or\n"
    "usage, 130 cancelled (nothing stored).\n";

/* The import the signal handler cancels. */
static struct import_progress progress;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&progress.cancel, true);
}

struct progress_line {
	bool live; /* redraw while working */
	double last_ms;
};

static void print_progress(bool final)
{
	long done = atomic_load(&progress.rows_done);
	long total = atomic_load(&progress.rows_total);
	if (total < done)
		total = done;
	int pct = total > 0 ? (int)(done * 100 / total) : 100;
	fprintf(stderr, "\r%ld/%ld rows (%d%%)%s", done, total, pct,
	        final ? "\n" : "");
	fflush(stderr);
}

static void tick(void *ctx)
{
	struct progress_line *pl = ctx;
	double now = time_mono_ms();
	/* Ten redraws a second are plenty for a person to watch. */
	if (now - pl->last_ms >= 100) {
		pl->last_ms = now;
		print_progress(false);
	}
}

/* The whole file in malloc'd memory; NULL after printing why. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		cli_fail("%s: cannot open", path);
		return NULL;
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		cli_fail("%s: not a regular file", path);
		return NULL;
	}
	char *buf = malloc((size_t)sb.st_size + 1);
	if (buf == NULL)
		abort();
	size_t n = fread(buf, 1, (size_t)sb.st_size, f);
	bool bad = ferror(f) != 0;
	fclose(f);
	if (bad) {
		free(buf);
		cli_fail("%s: read error", path);
		return NULL;
	}
	*len = n;
	return buf;
}

static int usage_fail(void)
{
	fputs(import_usage, stderr);
	return 2;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"training", required_argument, NULL, 't'},
	    {"tree", required_argument, NULL, 'T'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"as", required_argument, NULL, 'a'},
	    {"progress", no_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *tree = NULL, *as = NULL;
	long long training = 0;
	bool dry_run = false, force_progress = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 't': {
			char *end;
			training = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || training <= 0) {
				cli_fail("--training must be a training id");
				return 2;
			}
			break;
		}
		case 'T': tree = optarg; break;
		case 'n': dry_run = true; break;
		case 'a': as = optarg; break;
		case 'p': force_progress = true; break;
		case 'h': fputs(import_usage, stdout); return 0;
		default: return usage_fail();
		}
	}
	if (db == NULL || argc - optind != 2)
		return usage_fail();
	struct import_request rq = {0};
	if (import_kind_parse(argv[optind], &rq.kind) != 0) {
		cli_fail("unknown kind '%s'", argv[optind]);
		return usage_fail();
	}
	if (rq.kind == IMPORT_PARTICIPANTS && training == 0) {
		cli_fail("participants need --training ID");
		return 2;
	}
	if (tree != NULL && strcmp(tree, "2024") != 0 &&
	    strcmp(tree, "2025") != 0) {
		cli_fail("--tree must be 2024 or 2025");
		return 2;
	}
	const char *path = argv[optind + 1];
	size_t len = 0;
	char *data = read_file(path, &len);
	if (data == NULL)
		return 2;

	int rc = 1;
	struct arena *a = arena_new();
	struct store *st = cli_open_store(db);
	if (st == NULL) {
		rc = 2;
		goto out;
	}
	if (tree == NULL &&
	    store_setting_get(st, a, "default_tree", &tree) != STORE_OK)
		tree = "2024";
	struct principal who = {0};
	struct user_row u;
	rq.actor_name = "cli";
	if (as != NULL) {
		if (store_user_by_username(st, a, as, &u) != STORE_OK ||
		    !u.active) {
			cli_fail("--as %s: no such active user", as);
			rc = 2;
			goto out;
		}
		api_principal_of(&u, &who);
		if (!access_may(who.role, ACT_NETWORK_WRITE)) {
			cli_fail("--as %s: the role %s may not import", as,
			         u.role);
			rc = 2;
			goto out;
		}
		rq.who = &who;
		rq.user_id = rq.actor_id = u.id;
		rq.actor_name = u.username;
	}
	rq.data = data;
	rq.len = len;
	rq.tree = tree;
	rq.training_id = training;
	rq.dry_run = dry_run;
	rq.progress = &progress;
	struct progress_line pl = {.live = force_progress || isatty(2)};
	if (pl.live) {
		rq.tick = tick;
		rq.tick_ctx = &pl;
	}
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	struct import_result res;
	enum import_outcome o = import_run(st, a, &rq, &res);
	if (o != IMPORT_NO_TRAINING)
		print_progress(true);
	switch (o) {
	case IMPORT_DONE:
		if (dry_run)
			printf("%s: %ld rows checked, no problems (dry run: "
			       "nothing stored)\n",
			       path, res.rows);
		else
			printf("%s: %ld %s stored\n", path, res.stored,
			       import_kind_name(rq.kind));
		rc = 0;
		break;
	case IMPORT_PROBLEMS:
		for (size_t i = 0; i < res.n_problems; i++) {
			const struct import_problem *p = &res.problems[i];
			if (p->column != NULL)
				fprintf(stderr, "line %ld, column %s: %s\n",
				        p->line, p->column, p->message);
			else
				fprintf(stderr, "line %ld: %s\n", p->line,
				        p->message);
		}
		cli_fail("%s: %s%zu problem%s; nothing stored", path,
		         res.truncated ? "more than " : "", res.n_problems,
		         res.n_problems == 1 ? "" : "s");
		rc = 1;
		break;
	case IMPORT_CANCELLED:
		cli_fail("cancelled; nothing stored");
		rc = 130;
		break;
	case IMPORT_NO_TRAINING:
		cli_fail("no training %lld%s", training,
		         as != NULL ? " in the scope of --as" : "");
		rc = 2;
		break;
	case IMPORT_FAILED:
		cli_fail("the database failed; nothing stored");
		rc = 1;
		break;
	}
out:
	store_close(st);
	arena_free(a);
	free(data);
	return rc;
}
