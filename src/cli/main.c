/*
 * main.c — entry point of the `trogiup` program: picks the command.
 *
 * Arrows point down: the commands use http/ (serve), api/-level rules
 * through domain/, and the store; nothing below knows about the CLI.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "store/store.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
    {"init", cmd_init, "create or migrate the database and load units"},
    {"serve", cmd_serve, "serve the API and the UI"},
    {"user", cmd_user, "add users, set passwords, disable users"},
    {"units", cmd_units, "import administrative units from CSV"},
    {"demo", cmd_demo, "add the demo users and records"},
    {"import", cmd_import,
     "import facilities, trainings, participants or communications (CSV)"},
    {"export", cmd_export,
     "export facilities, trainings, participants or communications (CSV)"},
    {"indicators", cmd_indicators,
     "rebuild the indicator sums from the cases and report differences"},
    {"budget", cmd_budget, "check a budget table (CSV) offline"},
    {"backup", cmd_backup,
     "copy the database to a file while serving (key not included)"},
    {"restore", cmd_restore, "replace the database with a checked backup"},
    {"migrate-store", cmd_migrate_store,
     "move a SQLite database into PostgreSQL, checked table by table"},
};

static void usage(FILE *f)
{
	fputs("usage: trogiup COMMAND [OPTIONS]   (trogiup COMMAND --help)\n\n"
	      "commands:\n",
	      f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-13s %s\n", commands[i].name,
		        commands[i].summary);
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("trogiup: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

struct store *cli_open_store(const char *dsn)
{
	struct store *st = NULL;
	char *err = NULL;
	if (store_open(dsn, &st, &err) != STORE_OK ||
	    store_migrate(st, &err) != STORE_OK) {
		cli_fail("%s: %s", dsn, err ? err : "cannot open the database");
		free(err);
		store_close(st);
		return NULL;
	}
	return st;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (secret_init() != 0)
		return cli_fail("libsodium failed to initialise");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	cli_fail("unknown command '%s'", argv[1]);
	usage(stderr);
	return 2;
}
