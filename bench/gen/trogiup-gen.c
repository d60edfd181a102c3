/*
 * trogiup-gen — fills a database made by `trogiup init` with N generated
 * cases on the unit tree and the national network around them, for the
 * benchmarks (bench/cases/run, bench/indicators/run) and for sizing a
 * national deployment.  Not part of the product.
 *
 *   trogiup-gen --db FILE --cases N [--seed S] [--now ISO]
 *   trogiup-gen --db postgres://… --scratch FILE --cases N …
 *   trogiup-gen --db FILE --cases N --bulk …      (minimal cases)
 *   trogiup-gen --db FILE --cases N --store [--rich] [--seal] …
 *
 * Cases are owned by communes, picked with a weight by type (a ward counts
 * 4, a town 2, a rural commune 1: urban wards hold several times a rural
 * commune's people) so that provinces get cases roughly in proportion to
 * their population — Hà Nội and Hồ Chí Minh most.  By default they are
 * written with their people, histories and name-search rows, then the
 * facilities, trainings, communications and plans of every unit, by
 * bulk.c's own connection (~80 000 cases per CPU second); --bulk only the
 * person and case rows (bench/indicators); --store writes through store.h
 * with the demo's generator (src/cli/casegen.c: also consents, approvals
 * and visits with --rich, sealed narratives with --seal), ~10 000 cases/s.
 * The same seed and --now give the same database (with --seal the
 * restricted narratives are sealed with random nonces, and differ);
 * without --now the world's present is today's midnight in Việt Nam, so
 * the time of day changes nothing.  A postgres:// target is filled by
 * generating into the SQLite --scratch file and copying that with
 * `trogiup migrate-store`'s code (store_copy.h), replacing the target's
 * rows.
 */
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"
#include "cli/casegen.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/store.h"
#include "store/store_copy.h"

static const char usage[] =
    "usage: trogiup-gen --db FILE|postgres://… --cases N [options]\n"
    "\n"
    "Adds N generated people and cases (with their events) to a database\n"
    "made by `trogiup init`, spread over the communes of the tree, and\n"
    "the facilities, trainings, communications and plans of every unit.\n"
    "\n"
    "  --seed S       seed of the generator (default 1)\n"
    "  --now ISO      the generated world's present, YYYY-MM-DDTHH:MM:SSZ\n"
    "                 (default: today 00:00 in Viet Nam)\n"
    "  --scratch FILE with a postgres:// --db: the SQLite database (made\n"
    "                 by `trogiup init`) generated into, then copied over\n"
    "                 the target's rows\n"
    "  --store        write through store.h with the demo's generator\n"
    "                 (slow; --rich, --seal, --append and --cache-mb are\n"
    "                 for this mode)\n"
    "  --tree T       unit tree, 2024 (default) or 2025\n"
    "  --batch N      cases per transaction (default 20000)\n"
    "  --rich         also consents, approvals and visits, as the demo\n"
    "  --seal         seal restricted narratives with the database's key\n"
    "                 (default: restricted cases carry no narrative)\n"
    "  --append       add to a database that already has cases\n"
    "  --cache-mb N   SQLite page cache of the connection, with statement\n"
    "                 journals in memory (default 512; 0: SQLite's defaults,\n"
    "                 as the server runs; --bulk: 2048)\n"
    "  --bulk         minimal cases (person and case row, no history, no\n"
    "                 network); for bench/indicators\n"
    "The fast modes run in transactions of --batch cases (default\n"
    "500000) and rebuild the indicator sums at the end.\n";

/* Two settings for the store's connection, made by an auto-extension that
 * SQLite runs on every connection this process opens (the store and the
 * server are unchanged; only this tool does it):
 *  - temp_store = MEMORY: statement journals stay in memory.  Inside a
 *    long transaction every INSERT that may abort journals the pages it
 *    touches; SQLite keeps that journal in memory only up to 64 KiB and
 *    then in a temporary file for the rest of the transaction: strace
 *    shows ~20 pwrite calls per case to /var/tmp/etilqs_*.
 *  - cache_size (--cache-mb): room for the index pages a large
 *    transaction dirties, instead of SQLite's default of 2 MiB.
 * --cache-mb 0 leaves both at SQLite's defaults, as the server runs. */
static int cache_mb = -1; /* 512, or 2048 with --bulk */

static int tune_connection(sqlite3 *db, const char **err,
                           const struct sqlite3_api_routines *api)
{
	(void)err;
	(void)api;
	char sql[96];
	snprintf(sql, sizeof sql,
	         "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -%d",
	         cache_mb * 1024);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int weight_of(const char *type)
{
	if (type == NULL)
		return 1;
	if (strcmp(type, "Phường") == 0)
		return 4;
	if (strcmp(type, "Thị trấn") == 0)
		return 2;
	return 1;
}

static const struct casegen_unit *pick_unit(struct casegen *g,
                                            const struct gen_pick *p)
{
	uint64_t x = casegen_below(g, (uint32_t)p->total);
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->cum[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &p->units[lo];
}

/* The units cases go to: every unit of the lowest level, with names for
 * the texts. */
static int load_units(struct store *st, struct arena *a, const char *tree,
                      const struct casegen_user *creator, struct gen_pick *out)
{
	struct unit_query q = {.tree = tree, .level = 1};
	struct unit_row *prov, *units;
	size_t np, n;
	long total;
	if (store_units_list(st, a, &q, &prov, &np, &total) != STORE_OK ||
	    np == 0)
		return -1;
	q.level = strcmp(tree, "2025") == 0 ? 2 : 3;
	if (store_units_list(st, a, &q, &units, &n, &total) != STORE_OK ||
	    n == 0)
		return -1;
	out->units = arena_alloc(a, n * sizeof *out->units);
	out->cum = arena_alloc(a, n * sizeof *out->cum);
	out->n = n;
	out->total = 0;
	for (size_t i = 0; i < n; i++) {
		struct casegen_unit *u = &out->units[i];
		u->tree = units[i].tree;
		u->code = units[i].code;
		u->path = units[i].path;
		u->name = casegen_unit_label(a, units[i].type, units[i].name);
		size_t plen = strcspn(u->path, "/");
		for (size_t k = 0; k < np; k++)
			if (strlen(prov[k].code) == plen &&
			    strncmp(prov[k].code, u->path, plen) == 0)
				u->province_name = casegen_unit_label(
				    a, prov[k].type, prov[k].name);
		u->creator = *creator;
		out->total += (uint64_t)weight_of(units[i].type);
		out->cum[i] = out->total;
	}
	return 0;
}

/* The account generated cases name as their author: never logs in (an
 * inactive admin with no password). */
static int creator_user(struct store *st, struct arena *a, int64_t now,
                        struct casegen_user *out)
{
	struct user_row u;
	if (store_user_by_username(st, a, "casegen", &u) != STORE_OK) {
		memset(&u, 0, sizeof u);
		u.username = "casegen";
		u.full_name = "Dữ liệu sinh tự động (benchmark)";
		u.full_name_folded = "du lieu sinh tu dong (benchmark)";
		u.role = "admin";
		u.password_hash = "!";
		u.active = 0;
		u.created_at = u.updated_at = now;
		if (store_user_insert(st, &u) != STORE_OK)
			return -1;
	}
	out->id = u.id;
	out->username = "casegen";
	return 0;
}

/* The scratch file's rows into PostgreSQL, as `trogiup migrate-store
 * --force` copies them. */
static int copy_to(const char *from, const char *to, long long n_cases)
{
	struct store_copy_info info;
	char *err = NULL;
	double t0 = time_mono_ms();
	if (store_migrate_to(from, to, true, NULL, NULL, &info, &err) !=
	    STORE_OK) {
		fprintf(stderr, "trogiup-gen: copy to PostgreSQL: %s\n",
		        err ? err : "failed");
		free(err);
		return 1;
	}
	double sec = (time_mono_ms() - t0) / 1000.0;
	printf("copied to PostgreSQL: %ld rows of %ld tables in %.1f s (load "
	       "%.1f s, verify %.1f s): %.0f cases/s\n",
	       info.rows, info.tables, sec, info.load_seconds,
	       info.verify_seconds, (double)n_cases / sec);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"cases", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"now", required_argument, NULL, 'w'},
	    {"tree", required_argument, NULL, 't'},
	    {"batch", required_argument, NULL, 'b'},
	    {"rich", no_argument, NULL, 'r'},
	    {"seal", no_argument, NULL, 'k'},
	    {"append", no_argument, NULL, 'a'},
	    {"cache-mb", required_argument, NULL, 'c'},
	    {"bulk", no_argument, NULL, 'B'},
	    {"store", no_argument, NULL, 'S'},
	    {"scratch", required_argument, NULL, 'x'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *tree = "2024", *scratch = NULL, *target;
	long long n_cases = -1, batch = 0;
	unsigned long long seed = 1;
	/* today's midnight in Viet Nam (UTC+7) */
	int64_t now = (int64_t)hcm_day_of(time_now()) * 86400 - 7 * 3600;
	bool rich = false, seal = false, append = false, bulk = false,
	     via_store = false;
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'n':
			n_cases = strtoll(optarg, &end, 10);
			if (*end != '\0' || n_cases < 0)
				n_cases = -2;
			break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'w':
			if (time_parse_iso8601(optarg, &now) != 0) {
				fprintf(stderr, "trogiup-gen: bad --now %s\n",
				        optarg);
				return 2;
			}
			break;
		case 't': tree = optarg; break;
		case 'b':
			batch = strtoll(optarg, &end, 10);
			if (*end != '\0' || batch < 1)
				batch = 0;
			break;
		case 'r': rich = true; break;
		case 'k': seal = true; break;
		case 'a': append = true; break;
		case 'c': cache_mb = atoi(optarg); break;
		case 'B': bulk = true; break;
		case 'S': via_store = true; break;
		case 'x': scratch = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	bool pg = db != NULL && (strncmp(db, "postgres://", 11) == 0 ||
	                         strncmp(db, "postgresql://", 13) == 0);
	if (db == NULL || n_cases < 0 || optind != argc ||
	    (!via_store && (rich || seal)) || (via_store && bulk) ||
	    pg != (scratch != NULL) || (pg && via_store)) {
		fputs(usage, stderr);
		return 2;
	}
	bool fast = !via_store;
	if (batch == 0)
		batch = fast ? 500000 : 20000;
	if (cache_mb < 0)
		cache_mb = fast ? 2048 : 512;
	target = db;
	if (pg)
		db = scratch;
	if (secret_init() != 0)
		return 1;
	log_set_quiet(1);
	/* --bulk loads through a connection of its own (bulk.c); its
	 * rebuild of the sums sorts faster with SQLite's defaults than with
	 * a large cache */
	if (cache_mb > 0 && !fast)
		sqlite3_auto_extension((void (*)(void))tune_connection);

	struct store *st = NULL;
	char *err = NULL;
	if (store_open(db, &st, &err) != STORE_OK ||
	    store_migrate(st, &err) != STORE_OK) {
		fprintf(stderr, "trogiup-gen: %s: %s\n", db,
		        err ? err : "cannot open");
		free(err);
		store_close(st);
		return 1;
	}
	struct arena *keep = arena_new();
	struct casegen *g = NULL;
	int rc = 1;
	unsigned char key[SECRET_KEY_BYTES];
	const char *key_file = NULL;
	if (seal && (store_setting_get(st, keep, "seal_key_file", &key_file) !=
	                 STORE_OK ||
	             secret_key_load(key_file, key) != 0)) {
		fprintf(stderr, "trogiup-gen: --seal: no readable seal key "
		                "(run `trogiup init` first)\n");
		goto out;
	}

	struct case_query cq = {.tree = tree, .limit = 1};
	struct case_row *items;
	size_t ni;
	long existing = 0;
	if (store_cases_list(st, keep, &cq, &items, &ni, &existing) !=
	    STORE_OK) {
		fprintf(stderr, "trogiup-gen: cannot count cases\n");
		goto out;
	}
	if (existing > 0 && !append) {
		fprintf(stderr,
		        "trogiup-gen: %s already has %ld cases (--append to "
		        "add more)\n",
		        db, existing);
		goto out;
	}
	struct casegen_user creator;
	struct gen_pick units;
	if (creator_user(st, keep, now, &creator) != 0 ||
	    load_units(st, keep, tree, &creator, &units) != 0) {
		fprintf(stderr,
		        "trogiup-gen: no units in tree %s: run `trogiup init` "
		        "first\n",
		        tree);
		goto out;
	}
	if (fast) {
		struct bulk_options bo = {.db = db,
		                          .tree = tree,
		                          .cases = n_cases,
		                          .batch = batch,
		                          .seed = seed,
		                          .now = now,
		                          .creator_id = creator.id,
		                          .cache_mb =
		                              cache_mb > 0 ? cache_mb : 2,
		                          .minimal = bulk};
		char iso[21];
		time_iso8601(now, iso);
		printf("trogiup-gen: %lld cases (%s), seed %llu, now %s, %zu "
		       "units of tree %s\n",
		       n_cases, bulk ? "bulk" : "national", seed, iso, units.n,
		       tree);
		fflush(stdout);
		rc = bulk_run(&st, &bo, &units) == 0 ? 0 : 1;
		if (rc == 0 && pg)
			rc = copy_to(db, target, n_cases);
		goto out;
	}
	struct casegen_options o = {.seed = seed,
	                            .now = now,
	                            .seal_key = seal ? key : NULL,
	                            .rich = rich};
	g = casegen_new(st, &o);
	if (g == NULL)
		goto out;

	char iso[21];
	time_iso8601(now, iso);
	printf("trogiup-gen: %lld cases, seed %llu, now %s, %zu units of "
	       "tree %s\n",
	       n_cases, seed, iso, units.n, tree);
	fflush(stdout);
	double t0 = time_mono_ms();
	long long done = 0, next_report = 100000;
	while (done < n_cases) {
		long long k = n_cases - done < batch ? n_cases - done : batch;
		struct arena *a = arena_new();
		if (store_begin(st) != STORE_OK) {
			arena_free(a);
			goto out;
		}
		for (long long i = 0; i < k; i++) {
			/* the store copies what it keeps: reuse the memory
			 * instead of growing one arena per transaction */
			if (i % 256 == 255) {
				arena_free(a);
				a = arena_new();
			}
			if (casegen_case(g, a, pick_unit(g, &units), -1, -1,
			                 NULL) != STORE_OK) {
				store_rollback(st);
				arena_free(a);
				fprintf(stderr, "trogiup-gen: a case failed "
				                "(see the log above)\n");
				goto out;
			}
		}
		enum store_status s = store_commit(st);
		arena_free(a);
		if (s != STORE_OK)
			goto out;
		done += k;
		if (done >= next_report || done == n_cases) {
			double sec = (time_mono_ms() - t0) / 1000.0;
			printf("  %lld cases, %.1f s, %.0f cases/s\n", done,
			       sec, (double)done / sec);
			fflush(stdout);
			next_report += 100000;
		}
	}
	double sec = (time_mono_ms() - t0) / 1000.0;
	const struct casegen_stats *s = casegen_stats(g);
	printf("done: %ld cases, %ld events, %ld approvals in %.1f s: %.0f "
	       "cases/s, %.0f rows/s\n",
	       s->cases, s->events, s->approvals, sec, (double)s->cases / sec,
	       (double)(2 * s->cases + s->events + s->approvals) / sec);
	printf("  overdue %ld, restricted %ld\n", s->overdue, s->restricted);
	printf("  stages:");
	for (int i = 0; i < STAGE__MAX; i++)
		printf(" %s %ld", case_stage_name((enum case_stage)i),
		       s->by_stage[i]);
	printf("\n  types: ");
	for (int i = 0; i < CASE_TYPE__MAX; i++)
		printf(" %s %ld", case_type_name((enum case_type)i),
		       s->by_type[i]);
	printf("\n");
	rc = 0;
out:
	casegen_free(g);
	arena_free(keep);
	store_close(st);
	return rc;
}
