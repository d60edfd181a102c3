/*
 * cmd_user.c — `trogiup user add|passwd|disable`, for the first admin and
 * for operators at the console.
 *
 * Passwords are read as one line on standard input (never from argv,
 * which other users can see in ps).  The same rules as the API apply
 * (domain/account.h, domain/access.h) and every change is audited with
 * the actor "cli".
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/access.h"
#include "domain/account.h"
#include "domain/lineage.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/store.h"

static const char user_usage[] =
    "usage: trogiup user add --db PATH --username U --full-name NAME\n"
    "                        --role ROLE [--scope CODE] [--scope-tree YEAR]\n"
    "                        [--facility ID]\n"
    "       trogiup user passwd --db PATH --username U\n"
    "       trogiup user disable --db PATH --username U\n"
    "\n"
    "add and passwd read the password as one line on standard input\n"
    "(at least 10 characters, not the username).\n"
    "ROLE: admin, province, district, commune, facility, hotline, viewer,\n"
    "auditor.  --scope is a unit code (\"62\" Kon Tum); admin, viewer and\n"
    "auditor without --scope are national.  --facility (role facility only)\n"
    "names the user's facility; its unit is then the scope.\n";

void cli_audit(struct store *st, const char *action, const char *target,
               const char *unit_tree, const char *unit_path)
{
	struct audit_row a = {0};
	a.at = time_now();
	a.actor_name = "cli";
	a.action = action;
	a.target = target;
	a.unit_tree = unit_path ? unit_tree : NULL;
	a.unit_path = unit_path;
	if (store_audit_append(st, &a) != STORE_OK)
		cli_fail("warning: could not write the audit entry for %s",
		         action);
}

/* One line from stdin without its line end, in a; NULL on EOF. */
static char *read_password(struct arena *a)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	char *copy = arena_strdup(a, line);
	memset(line, 0, cap);
	free(line);
	return copy;
}

static int check_password(const char *username, const char *password)
{
	if (password == NULL)
		return cli_fail("no password on standard input");
	enum password_problem p = password_check(username, password);
	if (p != PASSWORD_OK)
		return cli_fail("weak password: %s",
		                password_problem_message(p));
	return 0;
}

static int user_add(struct store *st, struct arena *a, const char *username,
                    const char *full_name, const char *role_text,
                    const char *scope, const char *tree, const char *facility)
{
	enum role role;
	if (!username_valid(username))
		return cli_fail(
		    "invalid username '%s': use 2-64 of A-Z a-z 0-9 . _ - @",
		    username);
	if (full_name == NULL || (full_name = text_nfc(a, full_name)) == NULL ||
	    *full_name == '\0')
		return cli_fail("--full-name is required (UTF-8 text)");
	if (role_parse(role_text, &role) != 0)
		return cli_fail("unknown role '%s'", role_text);
	struct user_row u = {0};
	if (facility != NULL) {
		/* The facility gives the scope (docs/network.md). */
		char *end;
		long long id = strtoll(facility, &end, 10);
		struct facility_row f;
		if (role != ROLE_FACILITY)
			return cli_fail("--facility is only for role facility");
		if (*facility == '\0' || *end != '\0' || id <= 0 ||
		    store_facility_get(st, a, id, &f) != STORE_OK)
			return cli_fail("unknown facility '%s'", facility);
		if (scope != NULL &&
		    (strcmp(scope, f.unit_code) != 0 ||
		     (tree != NULL && strcmp(tree, f.unit_tree) != 0)))
			return cli_fail("--scope must be the facility's unit "
			                "(%s)",
			                f.unit_code);
		u.facility_id = f.id;
		u.scope_tree = f.unit_tree;
		u.scope_code = f.unit_code;
		u.scope_path = f.unit_path;
	} else if (scope != NULL) {
		struct unit_row unit;
		if (tree == NULL &&
		    store_setting_get(st, a, "default_tree", &tree) != STORE_OK)
			tree = "2024";
		if (!lineage_code_valid(scope) ||
		    store_unit_get(st, a, tree, scope, &unit) != STORE_OK)
			return cli_fail("unknown unit '%s' in the %s tree",
			                scope, tree);
		u.scope_tree = unit.tree;
		u.scope_code = unit.code;
		u.scope_path = unit.path;
	} else if (role_needs_scope(role)) {
		return cli_fail("role %s needs --scope", role_text);
	}
	char *password = read_password(a);
	if (check_password(username, password) != 0)
		return 1;
	char hash[128];
	if (secret_password_hash(password, hash) != 0)
		return cli_fail("cannot hash the password (out of memory)");
	u.username = username;
	u.full_name = full_name;
	u.full_name_folded = text_fold(a, full_name);
	u.role = role_name(role);
	u.password_hash = hash;
	u.active = 1;
	u.created_at = u.updated_at = time_now();
	enum store_status r = store_user_insert(st, &u);
	if (r == STORE_CONFLICT)
		return cli_fail("username '%s' is taken", username);
	if (r != STORE_OK)
		return cli_fail("cannot add the user");
	cli_audit(st, "user_create",
	          arena_printf(a, "user:%lld", (long long)u.id), u.scope_tree,
	          u.scope_path);
	printf("user %s added (id %lld, role %s, scope %s)\n", username,
	       (long long)u.id, u.role,
	       u.scope_code ? u.scope_code : "national");
	return 0;
}

static int user_change(struct store *st, struct arena *a, const char *what,
                       const char *username)
{
	struct user_row u;
	enum store_status r = store_user_by_username(st, a, username, &u);
	if (r == STORE_NOTFOUND)
		return cli_fail("no user '%s'", username);
	if (r != STORE_OK)
		return cli_fail("cannot read user '%s'", username);
	char hash[128];
	if (strcmp(what, "passwd") == 0) {
		char *password = read_password(a);
		if (check_password(username, password) != 0)
			return 1;
		if (secret_password_hash(password, hash) != 0)
			return cli_fail(
			    "cannot hash the password (out of memory)");
		u.password_hash = hash;
	} else {
		u.active = 0;
	}
	u.updated_at = time_now();
	if (store_begin(st) != STORE_OK ||
	    store_user_update(st, &u) != STORE_OK ||
	    store_sessions_delete_user(st, u.id) != STORE_OK) {
		store_rollback(st);
		return cli_fail("cannot change user '%s'", username);
	}
	cli_audit(
	    st, strcmp(what, "passwd") == 0 ? "user_password" : "user_disable",
	    arena_printf(a, "user:%lld", (long long)u.id), u.scope_tree,
	    u.scope_path);
	if (store_commit(st) != STORE_OK)
		return cli_fail("cannot change user '%s'", username);
	printf("user %s: %s\n", username,
	       strcmp(what, "passwd") == 0 ? "password changed" : "disabled");
	return 0;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"username", required_argument, NULL, 'u'},
	    {"full-name", required_argument, NULL, 'n'},
	    {"role", required_argument, NULL, 'r'},
	    {"scope", required_argument, NULL, 's'},
	    {"scope-tree", required_argument, NULL, 't'},
	    {"facility", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(user_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *what = argv[1];
	if (strcmp(what, "add") != 0 && strcmp(what, "passwd") != 0 &&
	    strcmp(what, "disable") != 0)
		return cli_fail(
		    "unknown user command '%s' (add, passwd, disable)", what);
	const char *db = NULL, *username = NULL, *full_name = NULL,
	           *role = NULL, *scope = NULL, *tree = NULL, *facility = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'u': username = optarg; break;
		case 'n': full_name = optarg; break;
		case 'r': role = optarg; break;
		case 's': scope = optarg; break;
		case 't': tree = optarg; break;
		case 'f': facility = optarg; break;
		case 'h': fputs(user_usage, stdout); return 0;
		default: fputs(user_usage, stderr); return 2;
		}
	}
	if (db == NULL || username == NULL || optind != argc - 1 ||
	    (strcmp(what, "add") == 0 && role == NULL)) {
		fputs(user_usage, stderr);
		return 2;
	}
	struct store *st = cli_open_store(db);
	if (st == NULL)
		return 1;
	struct arena *a = arena_new();
	int rc = strcmp(what, "add") == 0
	             ? user_add(st, a, username, full_name, role, scope, tree,
	                        facility)
	             : user_change(st, a, what, username);
	arena_free(a);
	store_close(st);
	return rc;
}
