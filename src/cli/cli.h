/*
 * cli.h — the commands of the `trogiup` program (API.md §Command line).
 *
 * main.c picks the command by name; each cmd_*.c parses its own options
 * (getopt_long, with --help) and returns the process exit code.  Errors
 * go to stderr as "trogiup: …".
 */
#ifndef TROGIUP_CLI_CLI_H
#define TROGIUP_CLI_CLI_H

#include <stdbool.h>

struct store;

int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_units(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_indicators(int argc, char **argv);
int cmd_budget(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
/* backup_pg.c: backup and restore of a PostgreSQL database (pg_dump). */
int cli_backup_pg(const char *dsn, const char *to, bool force);
int cli_restore_pg(const char *from, const char *dsn, bool force);
int cmd_migrate_store(int argc, char **argv);

/* Prints "trogiup: <message>\n" on stderr; returns 1 for `return fail(…)`. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Opens and migrates the database at dsn; NULL after printing why. */
struct store *cli_open_store(const char *dsn);

/* Imports a units CSV (code,name,type,level,parent_code) into its tree,
 * replacing that tree, in one transaction.  The tree is "2024" when the
 * file has three tiers and "2025" when it has two, unless `tree` names
 * one.  Prints a one-line summary; returns 0 or 1 after printing why. */
int cli_import_units(struct store *st, const char *path, const char *tree);

/* The key that seals restricted narratives (lib/secret.h): read from
 * `override` when not NULL, else from the file named by the setting
 * seal_key_file that `trogiup init` records.  0, or 1 after printing why. */
int cli_load_seal_key(struct store *st, const char *override,
                      unsigned char key[32]);

/* Makes sure the database has a seal key: when the setting seal_key_file
 * is absent, creates DB.key (mode 0600) next to the database and records
 * its absolute path.  0, or 1 after printing why. */
int cli_ensure_seal_key(struct store *st, const char *db, const char *key_file);

/* The indicator catalogue (cmd_indicators.c): the path of indicators.csv
 * in $TROGIUP_SHARED/domain, ../shared/domain or shared/domain (malloc'd,
 * the caller frees; NULL when there is none), and its upsert into the
 * store in one transaction (0, or 1 after printing why). */
char *cli_indicators_file(void);
int cli_load_indicators(struct store *st, const char *path);

/* Adds one audit entry made by a command-line action (actor "cli"). */
void cli_audit(struct store *st, const char *action, const char *target,
               const char *unit_tree, const char *unit_path);

#endif
