/*
 * cmd_demo.c — `trogiup demo --db PATH`: the demo users (one per role,
 * scoped to Kon Tum, Thái Bình and Tam Đường district, the units of the
 * seed plans) and, as later capabilities land, their demo records.
 *
 * Running it again leaves existing users as they are.  The demo password
 * is printed: this is for trying the system, never for production.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/lineage.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "store/store.h"

#define DEMO_PASSWORD "trogiup-demo-2026"

static const struct {
	const char *username, *full_name, *role, *scope;
} demo_users[] = {
    {"admin", "Quản trị hệ thống", "admin", NULL},
    {"sokontum", "Nguyễn Thị Hoa (Sở Kon Tum)", "province", "62"},
    {"sothaibinh", "Trần Văn Minh (Sở Thái Bình)", "province", "34"},
    {"tamduong", "Lò Văn Pọm (Phòng LĐTBXH Tam Đường)", "district", "106"},
    {"xadakto", "A Thắm (cán bộ thị trấn Đắk Tô)", "commune", "23401"},
    {"coso.kontum", "Y Hiền (Trung tâm CTXH Kon Tum)", "facility", "62"},
    {"tongdai.thaibinh", "Phạm Thu Trang (Tổng đài 111)", "hotline", "34"},
    {"xem.thaibinh", "Vũ Đức Anh (xem báo cáo)", "viewer", "34"},
    {"kiemtoan", "Đỗ Thanh Bình (kiểm toán)", "auditor", NULL},
};

static const char demo_usage[] =
    "usage: trogiup demo --db PATH\n"
    "\n"
    "Adds the demo users (one per role, scoped to Kon Tum, Thái Bình and\n"
    "Tam Đường) to a database made by `trogiup init`, then prints the\n"
    "logins.  Existing users are left alone.\n";

int cmd_demo(int argc, char **argv)
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
		case 'h': fputs(demo_usage, stdout); return 0;
		default: fputs(demo_usage, stderr); return 2;
		}
	}
	if (db == NULL || optind != argc) {
		fputs(demo_usage, stderr);
		return 2;
	}
	struct store *st = cli_open_store(db);
	if (st == NULL)
		return 1;
	struct arena *a = arena_new();
	int rc = 1;
	char hash[128];
	if (secret_password_hash(DEMO_PASSWORD, hash) != 0) {
		cli_fail("cannot hash the demo password");
		goto out;
	}
	printf("Demo logins (one per role; demo only, never in production):\n");
	printf("  %-18s %-19s %-9s %s\n", "username", "password", "role",
	       "scope");
	for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
		struct user_row u = {0}, existing;
		struct unit_row unit;
		u.username = demo_users[i].username;
		if (demo_users[i].scope != NULL) {
			if (store_unit_get(st, a, "2024", demo_users[i].scope,
			                   &unit) != STORE_OK) {
				cli_fail("unit %s is missing: run `trogiup "
				         "init` first",
				         demo_users[i].scope);
				goto out;
			}
			u.scope_tree = unit.tree;
			u.scope_code = unit.code;
			u.scope_path = unit.path;
		}
		printf("  %-18s %-19s %-9s %s\n", u.username, DEMO_PASSWORD,
		       demo_users[i].role,
		       demo_users[i].scope ? unit.name : "toàn quốc");
		if (store_user_by_username(st, a, u.username, &existing) ==
		    STORE_OK)
			continue;
		u.full_name = demo_users[i].full_name;
		u.full_name_folded = text_fold(a, u.full_name);
		u.role = demo_users[i].role;
		u.password_hash = hash;
		u.active = 1;
		u.created_at = u.updated_at = time_now();
		if (store_user_insert(st, &u) != STORE_OK) {
			cli_fail("cannot add demo user %s", u.username);
			goto out;
		}
		cli_audit(st, "user_create",
		          arena_printf(a, "user:%lld", (long long)u.id),
		          u.scope_tree, u.scope_path);
	}
	rc = 0;
out:
	arena_free(a);
	store_close(st);
	return rc;
}
