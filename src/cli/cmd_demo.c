/*
 * cmd_demo.c — `trogiup demo --db PATH`: the demo users (one per role,
 * scoped to Kon Tum, Thái Bình and Tam Đường district, the units of the
 * seed plans) and, as later capabilities land, their demo records: about
 * 300 generated cases in those units (casegen.c), of every type and
 * stage, some overdue, some assigned to the demo workers; and the service
 * network (netgen.c): facilities, service points and models, residents,
 * carers and placements, trainings and communication activities; the
 * plans' past years 2018–2020 (histgen.c: cases, facilities, trainings,
 * communications and aggregate values, so the dashboards have values to
 * hold against the targets); and the seed plans with their targets
 * (plangen.c).
 *
 * Running it again leaves existing users as they are, adds no cases once
 * any exist, no network once any facility exists, no past years once a
 * case opened before 2021 exists and no plan a unit already holds by its
 * number.  The demo password is
 * printed: this is for trying the system, never for production.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/budgetgen.h"
#include "cli/casegen.h"
#include "cli/cli.h"
#include "cli/histgen.h"
#include "cli/netgen.h"
#include "cli/plangen.h"
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
    {"coso.kontum", "Y Hiền (Trung tâm BT&CTXH Kon Tum)", "facility", "62"},
    {"tongdai.thaibinh", "Phạm Thu Trang (Tổng đài 111)", "hotline", "34"},
    {"xem.thaibinh", "Vũ Đức Anh (xem báo cáo)", "viewer", "34"},
    {"kiemtoan", "Đỗ Thanh Bình (kiểm toán)", "auditor", NULL},
};

/* Where the demo cases go: the communes under `within` (but not under
 * `skip`), who opens them, who works on them and who approves plans and
 * closures (approval rows need an approver other than the worker). */
static const struct {
	const char *within, *skip;
	int cases;
	const char *creator;
	const char *workers[2];
	int assign_percent;
	const char *approver;
} demo_areas[] = {
    {"23401", NULL, 40, "xadakto", {"xadakto"}, 75, "sokontum"},
    {"612", "23401", 30, "sokontum", {NULL}, 0, NULL},
    {"62", "612", 80, "sokontum", {"sokontum"}, 35, NULL},
    {"34", NULL, 95, "sothaibinh", {"sothaibinh"}, 40, NULL},
    {"106", NULL, 55, "tamduong", {"tamduong"}, 60, NULL},
};

/* A fixed seed: every demo database tells the same stories (dated
 * relative to the day it is made). */
#define DEMO_SEED 20170401ULL

static int demo_user(struct store *st, struct arena *a, const char *username,
                     struct casegen_user *out)
{
	struct user_row u;
	if (store_user_by_username(st, a, username, &u) != STORE_OK)
		return -1;
	out->id = u.id;
	out->username = u.username;
	return 0;
}

/* Seal restricted narratives with the database's key when init made one;
 * without it they are simply left out. */
static bool demo_seal_key(struct store *st, struct arena *a,
                          unsigned char key[SECRET_KEY_BYTES])
{
	const char *key_file = NULL;
	return store_setting_get(st, a, "seal_key_file", &key_file) ==
	           STORE_OK &&
	       secret_key_load(key_file, key) == 0;
}

/* The demo cases, in one transaction; nothing when the tree has cases. */
static int demo_cases(struct store *st, struct arena *a)
{
	struct case_query cq = {.tree = "2024", .limit = 1};
	struct case_row *some;
	size_t n;
	long existing;
	if (store_cases_list(st, a, &cq, &some, &n, &existing) != STORE_OK)
		return cli_fail("cannot count the cases");
	if (existing > 0) {
		printf("Demo cases: the database already has %ld cases; none "
		       "added.\n",
		       existing);
		return 0;
	}
	static unsigned char key[SECRET_KEY_BYTES];
	bool sealed = demo_seal_key(st, a, key);

	struct unit_query uq = {.tree = "2024", .level = 3};
	struct unit_row *communes;
	long total;
	if (store_units_list(st, a, &uq, &communes, &n, &total) != STORE_OK)
		return cli_fail("cannot read the units");

	struct casegen_options o = {.seed = DEMO_SEED,
	                            .now = time_now(),
	                            .seal_key = sealed ? key : NULL,
	                            .rich = true};
	struct casegen *g = casegen_new(st, &o);
	if (g == NULL)
		return cli_fail("cannot read the deadline rules");
	int rc = 1;
	if (store_begin(st) != STORE_OK) {
		cli_fail("cannot start a transaction");
		goto out;
	}
	for (size_t i = 0; i < sizeof demo_areas / sizeof demo_areas[0]; i++) {
		struct unit_row within, skip, prov;
		if (store_unit_get(st, a, "2024", demo_areas[i].within,
		                   &within) != STORE_OK ||
		    (demo_areas[i].skip &&
		     store_unit_get(st, a, "2024", demo_areas[i].skip, &skip) !=
		         STORE_OK)) {
			cli_fail("unit %s is missing", demo_areas[i].within);
			goto rollback;
		}
		char pcode[4];
		snprintf(pcode, sizeof pcode, "%.*s",
		         (int)strcspn(within.path, "/"), within.path);
		if (store_unit_get(st, a, "2024", pcode, &prov) != STORE_OK) {
			cli_fail("unit %s is missing", pcode);
			goto rollback;
		}
		struct casegen_user creator, workers[2], approver;
		size_t nw = 0;
		if (demo_user(st, a, demo_areas[i].creator, &creator) != 0) {
			cli_fail("demo user %s is missing",
			         demo_areas[i].creator);
			goto rollback;
		}
		for (size_t k = 0; k < 2 && demo_areas[i].workers[k]; k++)
			if (demo_user(st, a, demo_areas[i].workers[k],
			              &workers[nw]) == 0)
				nw++;
		bool has_approver =
		    demo_areas[i].approver &&
		    demo_user(st, a, demo_areas[i].approver, &approver) == 0;

		/* the communes of the area */
		struct casegen_unit *units = arena_alloc(a, n * sizeof *units);
		size_t nu = 0;
		size_t wl = strlen(within.path);
		size_t sl = demo_areas[i].skip ? strlen(skip.path) : 0;
		for (size_t k = 0; k < n; k++) {
			const char *path = communes[k].path;
			bool in = strncmp(path, within.path, wl) == 0 &&
			          (path[wl] == '/' || path[wl] == '\0');
			bool out = sl > 0 &&
			           strncmp(path, skip.path, sl) == 0 &&
			           (path[sl] == '/' || path[sl] == '\0');
			if (!in || out)
				continue;
			struct casegen_unit *u = &units[nu++];
			u->tree = communes[k].tree;
			u->code = communes[k].code;
			u->path = communes[k].path;
			u->name = casegen_unit_label(a, communes[k].type,
			                             communes[k].name);
			u->province_name =
			    casegen_unit_label(a, prov.type, prov.name);
			u->creator = creator;
			u->workers = nw > 0 ? workers : NULL;
			u->n_workers = nw;
			u->assign_percent = demo_areas[i].assign_percent;
			u->approver = has_approver ? &approver : NULL;
		}
		if (nu == 0) {
			cli_fail("no communes under unit %s",
			         demo_areas[i].within);
			goto rollback;
		}
		for (int c = 0; c < demo_areas[i].cases; c++) {
			/* the first area's commune gets every type in every
			 * stage first, for the commune worker to see */
			int type = -1, stage = -1;
			if (i == 0 && c < CASE_TYPE__MAX * STAGE__MAX) {
				type = c % CASE_TYPE__MAX;
				stage = c / CASE_TYPE__MAX;
			}
			const struct casegen_unit *u =
			    &units[casegen_below(g, (uint32_t)nu)];
			struct case_row made;
			if (casegen_case(g, a, u, type, stage, &made) !=
			    STORE_OK) {
				cli_fail("cannot add a demo case");
				goto rollback;
			}
			cli_audit(
			    st, "case_create",
			    arena_printf(a, "case:%lld", (long long)made.id),
			    made.unit_tree, made.unit_path);
		}
	}
	if (store_commit(st) != STORE_OK) {
		cli_fail("cannot store the demo cases");
		goto rollback;
	}
	const struct casegen_stats *s = casegen_stats(g);
	printf("Demo cases: %ld added (%ld overdue, %ld restricted%s), in "
	       "Đắk Tô (xadakto), Kon Tum (sokontum, coso.kontum), Thái "
	       "Bình (sothaibinh) and Tam Đường (tamduong).\n",
	       s->cases, s->overdue, s->restricted,
	       sealed ? ", narratives sealed" : ", without narratives");
	rc = 0;
	goto out;
rollback:
	store_rollback(st);
out:
	casegen_free(g);
	return rc;
}

/* The demo network, in one transaction; nothing once a facility exists
 * (the network is one story: residents, placements and the facility user
 * hang together). */
static int demo_network(struct store *st, struct arena *a)
{
	struct facility_query fq = {.tree = "2024", .limit = 1};
	struct facility_row *some;
	size_t n;
	long existing;
	if (store_facilities_list(st, a, &fq, &some, &n, &existing) != STORE_OK)
		return cli_fail("cannot count the facilities");
	if (existing > 0) {
		printf("Demo network: the database already has %ld "
		       "facilities; none added.\n",
		       existing);
		return 0;
	}
	struct netgen_stats s;
	const char *what = NULL;
	if (store_begin(st) != STORE_OK)
		return cli_fail("cannot start a transaction");
	if (netgen_run(st, a, DEMO_SEED, time_now(), &s, &what) != STORE_OK) {
		store_rollback(st);
		return cli_fail("demo network: %s", what ? what : "failed");
	}
	if (store_commit(st) != STORE_OK) {
		store_rollback(st);
		return cli_fail("cannot store the demo network");
	}
	printf("Demo network: %ld facilities, %ld service points, %ld models; "
	       "%ld residents (%ld discharged); %ld carers, %ld placements "
	       "(%ld review overdue, %ld ended); %ld trainings with %ld "
	       "participants; %ld communication activities.  coso.kontum "
	       "works at %s.\n",
	       s.facilities, s.service_points, s.models, s.residents,
	       s.discharged, s.carers, s.placements, s.reviews_overdue,
	       s.placements_ended, s.trainings, s.participants,
	       s.communications, s.centre_name);
	return 0;
}

/* The past years 2018–2020 of the plans' units (histgen.c), in one
 * transaction; nothing once the tree has a case opened before 2021 (the
 * demo's own cases are recent). */
static int demo_history(struct store *st, struct arena *a)
{
	int64_t before = 0; /* 2021-01-01 in Asia/Ho_Chi_Minh */
	time_parse_iso8601("2020-12-31T17:00:00Z", &before);
	struct case_query cq = {
	    .tree = "2024", .opened_to = before, .limit = 1};
	struct case_row *some;
	size_t n;
	long existing;
	if (store_cases_list(st, a, &cq, &some, &n, &existing) != STORE_OK)
		return cli_fail("cannot count the cases");
	if (existing > 0) {
		printf("Demo history: the database already has %ld cases "
		       "opened before 2021; none added.\n",
		       existing);
		return 0;
	}
	static unsigned char key[SECRET_KEY_BYTES];
	bool sealed = demo_seal_key(st, a, key);
	struct histgen_stats s;
	const char *what = NULL;
	if (store_begin(st) != STORE_OK)
		return cli_fail("cannot start a transaction");
	if (histgen_run(st, a, DEMO_SEED + 2018, sealed ? key : NULL, &s,
	                &what) != STORE_OK) {
		store_rollback(st);
		return cli_fail("demo history: %s", what ? what : "failed");
	}
	if (store_commit(st) != STORE_OK) {
		store_rollback(st);
		return cli_fail("cannot store the demo history");
	}
	printf("Demo history 2018–2020 (Kon Tum, Thái Bình, Tam Đường): %ld "
	       "cases (%ld still open), %ld stays in Kon Tum's centre, %ld "
	       "facilities and models, %ld trainings with %ld participants, "
	       "%ld communication activities, %ld aggregate values.\n",
	       s.cases, s.open, s.residents, s.facilities, s.trainings,
	       s.participants, s.communications, s.aggregates);
	return 0;
}

static const char demo_usage[] =
    "usage: trogiup demo --db PATH\n"
    "\n"
    "Adds the demo users (one per role, scoped to Kon Tum, Thái Bình and\n"
    "Tam Đường) to a database made by `trogiup init`, then prints the\n"
    "logins, about 300 demo cases in those units and their service\n"
    "network (facilities, residents, carers and placements, trainings,\n"
    "communication activities).  Existing users are left alone; no cases\n"
    "are added once the database has some, no network once it has a\n"
    "facility.  Records of 2018–2020 in those units follow, once.  Then\n"
    "the seed plans of Thái Bình, Kon Tum and Tam Đường with every\n"
    "target of $TROGIUP_SHARED/domain/targets.csv (or ../shared), each\n"
    "once.\n";

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
	rc = demo_cases(st, a);
	if (rc == 0)
		rc = demo_network(st, a);
	if (rc == 0)
		rc = demo_history(st, a);
	if (rc == 0)
		rc = demo_plans(st, a, NULL);
	if (rc == 0)
		rc = demo_budget(st, a);
out:
	arena_free(a);
	store_close(st);
	return rc;
}
