/*
 * cmd_migrate_store.c — `trogiup migrate-store --from FILE.db --to
 * postgres://… [--force]` (issue 9): moves a province's SQLite database
 * into PostgreSQL when it outgrows one file.
 *
 * The store does the copy and the checks (store/store_copy.h); this file
 * prints them: one line per table with its rows, its checksum and "ok"
 * once the target was read back and found to hold the same rows, then the
 * totals.  As with backups, the seal key's story is told: restricted
 * narratives are copied sealed and the setting seal_key_file with them, so
 * the key file must be readable by the servers that will serve the
 * PostgreSQL database.  Exit 0, 1 on failure (reason on stderr, the
 * target unchanged), 2 on usage.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"
#include "store/store_copy.h"

static const char usage[] =
    "usage: trogiup migrate-store --from FILE.db --to postgres://… "
    "[--force]\n"
    "\n"
    "Copies every row of a SQLite database into a PostgreSQL database\n"
    "(created with C collation), then reads every table back on both\n"
    "sides and compares row counts and checksums.  The target is migrated\n"
    "to the source's schema version first; everything is written in one\n"
    "transaction, so on any failure the target stays as it was.  The\n"
    "source is only read, in one snapshot: stop the server using it first\n"
    "(a write to it during the copy makes the copy fail).\n"
    "  --from FILE.db  the SQLite database, at this program's schema\n"
    "                  version (trogiup init --db FILE.db migrates it)\n"
    "  --to URL        the PostgreSQL database, postgres://user@host/name\n"
    "  --force         replace a target that already holds data\n"
    "\n"
    "Restricted narratives are copied sealed, and the setting naming their\n"
    "key file with them: the key file is in neither database.  Make it\n"
    "readable by the servers of the PostgreSQL database (serve --key-file).\n";

/* The URL with its password, if any, replaced by *** (user:PASSWORD@…)
 * and its parameters left out (?password=… is libpq's other way). */
static void print_target(const char *url)
{
	const char *user = strstr(url, "://");
	const char *at = user ? strchr(user + 3, '@') : NULL;
	const char *colon = user ? strchr(user + 3, ':') : NULL;
	int end = (int)strcspn(url, "?");

	if (at != NULL && colon != NULL && colon < at && at - url < end)
		printf("%.*s:***%.*s", (int)(colon - url), url,
		       (int)(end - (at - url)), at);
	else
		printf("%.*s", end, url);
}

static void report(void *ctx, enum store_copy_stage stage,
                   const struct store_copy_table *t)
{
	(void)ctx;
	switch (stage) {
	case STORE_COPY_LOADING: break;
	case STORE_COPY_LOADED:
		fprintf(stderr,
		        "migrate-store: loaded %s: %ld rows in %.2f s\n",
		        t->name, t->rows, t->seconds);
		break;
	case STORE_COPY_VERIFIED:
		printf("migrate-store: table %s %ld rows checksum %016" PRIx64
		       " %s\n",
		       t->name, t->rows, t->checksum, t->ok ? "ok" : "DIFFERS");
		break;
	}
	fflush(stdout);
}

int cmd_migrate_store(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'F'},
	    {"to", required_argument, NULL, 't'},
	    {"force", no_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *from = NULL, *to = NULL;
	bool force = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'F': from = optarg; break;
		case 't': to = optarg; break;
		case 'f': force = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (from == NULL || to == NULL || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (!store_dsn_is_postgres(to)) {
		fputs(usage, stderr);
		return cli_fail("--to must be a PostgreSQL URL (postgres://…)");
	}
	if (access(from, R_OK) != 0)
		return cli_fail("%s: no such database", from);
	struct store_copy_info info;
	char *err = NULL;
	if (store_migrate_to(from, to, force, report, NULL, &info, &err) !=
	    STORE_OK) {
		cli_fail("migrate-store failed: %s; the target is unchanged",
		         err ? err : "unknown error");
		free(err);
		return 1;
	}
	printf("migrate-store: %s -> ", from);
	print_target(to);
	printf(" (schema version %d): %ld tables, %ld rows copied and "
	       "verified in %.2f s (load %.2f s, of which indexes and "
	       "foreign keys %.2f s; verify %.2f s)\n",
	       info.schema_version, info.tables, info.rows,
	       info.load_seconds + info.verify_seconds, info.load_seconds,
	       info.index_seconds, info.verify_seconds);
	printf("migrate-store: restricted narratives were copied sealed; the "
	       "key that opens them (%s) is not in the database: make it "
	       "readable by the servers of the PostgreSQL database "
	       "(trogiup serve --key-file PATH)\n",
	       info.seal_key_file[0] ? info.seal_key_file : "none recorded");
	return 0;
}
