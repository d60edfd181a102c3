/*
 * bulk_net.c — the national service network and plans of trogiup-gen
 * (bulk.c calls it on its loading connection, after the cases): the demo
 * writes these for three provinces (netgen.c, histgen_net.c, plangen.c);
 * this writes their like for every unit of the tree, in the same rows the
 * API writes, from 2019 to --now:
 *
 *   - facilities: per province a social work centre, a social protection
 *     centre and a drug rehabilitation facility (licensed, with a
 *     capacity); per district a child protection office in two of three;
 *     per commune a trusted address in one of ten and a women's club in
 *     one of twenty; each with its "created" facility event;
 *   - trainings: per province three and per district two a year, with 15
 *     to 40 participants of the topic's roles from the unit's communes;
 *   - communication activities: two a year in every commune;
 *   - plans: per province one 2021–2025 plan with its four projects and
 *     targets for ten indicators of the catalogue, every year; per
 *     district one with five.
 *
 * Its own seeded stream (seed + 1), so the cases do not move when this
 * changes.  No audit entries (the API's writes would have made them).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"
#include "domain/deadline.h"
#include "domain/network.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

#define N(a)  (sizeof(a) / sizeof((a)[0]))
#define DAY   86400LL
#define FIRST 2019

struct unit {
	const char *code, *path, *name, *type;
	int level;
};

struct net {
	sqlite3 *h;
	struct bulk_gen *g;
	struct arena *a, *keep; /* per unit; units and indicators */
	const struct bulk_options *o;
	struct bulk_net_stats *st;
	sqlite3_stmt *fac, *fev, *trn, *par, *com, *plan, *proj, *tgt;
	int last_year;
	const char *folded[2][6]; /* of names_m, names_f */
};

static const char fac_sql[] =
    "INSERT INTO facilities (name, name_folded, type, kind, ownership,"
    " unit_tree, unit_code, unit_path, capacity, licence_no, licence_date,"
    " licence_issuer, started_on, status, sw_standard, created_by,"
    " created_at, updated_at, version) VALUES (?1, ?2, ?3, ?4, 'public',"
    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, 'active', ?12, ?13, ?14, ?14, 1)";
static const char fev_sql[] =
    "INSERT INTO facility_events (facility_id, at, actor_id, actor_name,"
    " kind, data) VALUES (?1, ?2, ?3, 'casegen', 'created', ?4)";
static const char trn_sql[] =
    "INSERT INTO trainings (title, title_folded, topic, project, starts_on,"
    " ends_on, organiser, place, unit_tree, unit_code, unit_path,"
    " created_by, created_at, updated_at, version) VALUES (?1, ?2, ?3, ?4,"
    " ?5, ?6, ?7, 'Hội trường Ủy ban nhân dân', ?8, ?9, ?10, ?11, ?12,"
    " ?12, 1)";
static const char par_sql[] =
    "INSERT INTO participants (training_id, full_name, full_name_folded,"
    " sex, role, agency, unit_tree, unit_code, unit_path, birth_year,"
    " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10, ?11, ?12)";
static const char com_sql[] =
    "INSERT INTO communications (unit_tree, unit_code, unit_path, kind,"
    " topic, audience, held_on, title, reach_male, reach_female,"
    " created_by, created_at, updated_at, version) VALUES (?1, ?2, ?3, ?4,"
    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, 1)";
static const char plan_sql[] =
    "INSERT INTO plans (tree, unit_code, unit_path, number, issued_on,"
    " title, period_from, period_to, created_by, created_at, updated_at,"
    " version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 2021, 2025, ?7, ?8, ?8, 1)";
static const char proj_sql[] =
    "INSERT INTO plan_projects (plan_id, project, lead_agency, partners)"
    " VALUES (?1, ?2, ?3, ?4)";
static const char tgt_sql[] =
    "INSERT INTO plan_targets (plan_id, indicator, year, target, baseline,"
    " baseline_year, version) VALUES (?1, ?2, ?3, ?4, ?5, 2020, 1)";

/* topic, the roles of its participants, a title */
static const struct {
	const char *topic, *role[2], *title;
} topics[] = {
    {"sw_skills",
     {"sw_official", "sw_collaborator"},
     "Tập huấn kỹ năng công tác xã hội"},
    {"child_protection",
     {"cp_officer", "sw_collaborator"},
     "Tập huấn nghiệp vụ bảo vệ trẻ em"},
    {"gbv_response",
     {"ge_staff", "sw_collaborator"},
     "Tập huấn phòng, chống bạo lực trên cơ sở giới"},
    {"drug_rehab_treatment",
     {"rehab_staff", "lisa_official"},
     "Tập huấn hỗ trợ điều trị, cai nghiện ma túy"},
    {"trafficking_support",
     {"lisa_official", "sw_official"},
     "Tập huấn hỗ trợ nạn nhân bị mua bán"},
    {"ge_leadership",
     {"female_leader", "female_deputy"},
     "Bồi dưỡng kỹ năng lãnh đạo cho cán bộ nữ"},
};
static const char *const com_kinds[] = {"meeting",      "broadcast", "leaflet",
                                        "club_session", "contest",   "event"};
static const char *const com_topics[] = {
    "child_protection", "gender_equality",  "gbv", "anti_prostitution", "drugs",
    "trafficking",      "social_assistance"};
static const char *const com_audiences[] = {"general_public", "students",
                                            "women", "children", "officials"};
static const char *const names_f[] = {"Nguyễn Thị Hoa",  "Trần Thị Lan",
                                      "Lê Thị Mai",      "Phạm Thu Hà",
                                      "Hoàng Thị Nhung", "Vũ Ngọc Anh"};
static const char *const names_m[] = {"Nguyễn Văn Hùng", "Trần Văn Nam",
                                      "Lê Minh Tuấn",    "Phạm Quốc Việt",
                                      "Hoàng Văn Sơn",   "Vũ Đức Long"};

static int step(struct net *n, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc == SQLITE_DONE)
		return 0;
	fprintf(stderr, "trogiup-gen: network: %s\n", sqlite3_errmsg(n->h));
	return -1;
}

static void text(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

/* A day of year y (1..360 from Jan 1) as text, and its noon. */
static const char *day_in(struct net *n, int y, int doy, int64_t *noon)
{
	char d[11];
	int32_t day0;
	snprintf(d, sizeof d, "%04u-01-01", (unsigned)y % 10000u);
	if (hcm_day_parse(d, &day0) != 0)
		return "2019-01-01";
	hcm_day_format(day0 + doy, d);
	if (noon != NULL)
		*noon = ((int64_t)(day0 + doy)) * DAY + 5 * 3600;
	return arena_strdup(n->a, d);
}

static int facility(struct net *n, const struct unit *u, const char *type,
                    const char *name, int capacity, bool licensed)
{
	int y = FIRST - 10 + (int)bulk_below(n->g, 14);
	int64_t at;
	const char *started = day_in(n, y, (int)bulk_below(n->g, 360), &at);
	sqlite3_stmt *s = n->fac;
	text(s, 1, name);
	text(s, 2, text_fold(n->a, name));
	text(s, 3, type);
	text(s, 4, facility_kind_of(type));
	text(s, 5, n->o->tree);
	text(s, 6, u->code);
	text(s, 7, u->path);
	if (capacity > 0)
		sqlite3_bind_int(s, 8, capacity);
	if (licensed) {
		text(s, 9,
		     arena_printf(n->a, "%d/QĐ-UBND",
		                  100 + (int)bulk_below(n->g, 3900)));
		text(s, 11, "Ủy ban nhân dân tỉnh");
	}
	text(s, 10, started);
	sqlite3_bind_int(s, 12, licensed && bulk_below(n->g, 3) == 0);
	sqlite3_bind_int64(s, 13, n->o->creator_id);
	sqlite3_bind_int64(s, 14, at);
	if (step(n, s) != 0)
		return -1;
	sqlite3_int64 id = sqlite3_last_insert_rowid(n->h);
	s = n->fev;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_int64(s, 3, n->o->creator_id);
	text(s, 4,
	     arena_printf(n->a,
	                  "{\"status\":\"active\",\"type\":\"%s\","
	                  "\"unit_code\":\"%s\"}",
	                  type, u->code));
	n->st->facilities++;
	return step(n, s);
}

/* A training of unit u in year y with participants from communes[]. */
static int training(struct net *n, const struct unit *u, int y,
                    const struct unit *communes, size_t nc)
{
	size_t t = bulk_below(n->g, N(topics));
	int doy = (int)bulk_below(n->g, 340);
	int64_t at;
	const char *start = day_in(n, y, doy, NULL);
	const char *end = day_in(n, y, doy + (int)bulk_below(n->g, 3), &at);
	at += 2 * DAY;
	if (at > n->o->now)
		return 0;
	const char *title = arena_printf(n->a, "%s năm %d", topics[t].title, y);
	sqlite3_stmt *s = n->trn;
	text(s, 1, title);
	text(s, 2, text_fold(n->a, title));
	text(s, 3, topics[t].topic);
	sqlite3_bind_int(s, 4, training_topic_project(topics[t].topic));
	text(s, 5, start);
	text(s, 6, end);
	text(s, 7,
	     arena_printf(n->a, "%s %s",
	                  u->level == 1 ? "Sở Lao động - Thương binh và Xã hội"
	                                : "Phòng Lao động - Thương binh và Xã "
	                                  "hội",
	                  u->name));
	text(s, 8, n->o->tree);
	text(s, 9, u->code);
	text(s, 10, u->path);
	sqlite3_bind_int64(s, 11, n->o->creator_id);
	sqlite3_bind_int64(s, 12, at);
	if (step(n, s) != 0)
		return -1;
	sqlite3_int64 id = sqlite3_last_insert_rowid(n->h);
	n->st->trainings++;
	int k = 15 + (int)bulk_below(n->g, 26);
	for (int i = 0; i < k; i++) {
		bool female = bulk_below(n->g, 100) < 55;
		size_t w = bulk_below(n->g, N(names_f));
		const char *name = female ? names_f[w] : names_m[w];
		const struct unit *c =
		    nc > 0 ? &communes[bulk_below(n->g, nc)] : u;
		s = n->par;
		sqlite3_bind_int64(s, 1, id);
		text(s, 2, name);
		text(s, 3, n->folded[female][w]);
		text(s, 4, female ? "female" : "male");
		text(s, 5, topics[t].role[bulk_below(n->g, 2)]);
		text(s, 6, arena_printf(n->a, "Ủy ban nhân dân %s", c->name));
		text(s, 7, n->o->tree);
		text(s, 8, c->code);
		text(s, 9, c->path);
		sqlite3_bind_int(s, 10, y - 24 - (int)bulk_below(n->g, 35));
		sqlite3_bind_int64(s, 11, n->o->creator_id);
		sqlite3_bind_int64(s, 12, at);
		if (step(n, s) != 0)
			return -1;
		n->st->participants++;
	}
	return 0;
}

static int communication(struct net *n, const struct unit *u, int y)
{
	int64_t at;
	const char *day = day_in(n, y, (int)bulk_below(n->g, 360), &at);
	if (at + DAY > n->o->now)
		return 0;
	size_t topic = bulk_below(n->g, N(com_topics));
	int reach = 20 + (int)bulk_below(n->g, 400);
	sqlite3_stmt *s = n->com;
	text(s, 1, n->o->tree);
	text(s, 2, u->code);
	text(s, 3, u->path);
	text(s, 4, com_kinds[bulk_below(n->g, N(com_kinds))]);
	text(s, 5, com_topics[topic]);
	text(s, 6, com_audiences[bulk_below(n->g, N(com_audiences))]);
	text(s, 7, day);
	text(s, 8, arena_printf(n->a, "Truyền thông %s", u->name));
	sqlite3_bind_int(s, 9, reach * (30 + (int)bulk_below(n->g, 40)) / 100);
	sqlite3_bind_int(s, 10, reach - reach * 45 / 100);
	sqlite3_bind_int64(s, 11, n->o->creator_id);
	sqlite3_bind_int64(s, 12, at + DAY);
	n->st->communications++;
	return step(n, s);
}

static int plan(struct net *n, const struct unit *u, const char **ind,
                size_t nind, size_t k)
{
	int64_t at;
	const char *issued =
	    day_in(n, 2021, 20 + (int)bulk_below(n->g, 80), &at);
	if (at > n->o->now)
		return 0;
	sqlite3_stmt *s = n->plan;
	text(s, 1, n->o->tree);
	text(s, 2, u->code);
	text(s, 3, u->path);
	text(s, 4,
	     arena_printf(n->a, "%d/KH-UBND",
	                  100 + (int)bulk_below(n->g, 2900)));
	text(s, 5, issued);
	text(s, 6,
	     arena_printf(n->a,
	                  "Kế hoạch thực hiện Chương trình trợ giúp xã hội "
	                  "giai đoạn 2021–2025 của %s",
	                  u->name));
	sqlite3_bind_int64(s, 7, n->o->creator_id);
	sqlite3_bind_int64(s, 8, at);
	if (step(n, s) != 0)
		return -1;
	sqlite3_int64 id = sqlite3_last_insert_rowid(n->h);
	n->st->plans++;
	for (int p = 1; p <= 4; p++) {
		s = n->proj;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, p);
		text(s, 3, "Sở Lao động - Thương binh và Xã hội");
		text(s, 4, "Sở Y tế; Công an tỉnh; Hội Liên hiệp Phụ nữ");
		if (step(n, s) != 0)
			return -1;
	}
	for (size_t i = 0; i < k && i < nind; i++) {
		const char *code =
		    ind[(i * 7 + (size_t)bulk_below(n->g, 3)) % nind];
		double base = 10 + (double)bulk_below(n->g, 60);
		for (int y = 2021; y <= 2025; y++) {
			s = n->tgt;
			sqlite3_bind_int64(s, 1, id);
			text(s, 2, code);
			sqlite3_bind_int(s, 3, y);
			sqlite3_bind_double(s, 4, base + (y - 2020) * 5);
			sqlite3_bind_double(s, 5, base);
			if (step(n, s) != 0)
				return -1;
			n->st->targets++;
		}
	}
	return 0;
}

static int read_units(struct net *n, struct unit **out, size_t *count)
{
	sqlite3_stmt *s;
	size_t cap = 16384, k = 0;
	struct unit *u = arena_alloc(n->keep, cap * sizeof *u);
	if (sqlite3_prepare_v2(n->h,
	                       "SELECT code, path, name, type, level FROM units"
	                       " WHERE tree = ?1 ORDER BY path",
	                       -1, &s, NULL) != SQLITE_OK)
		return -1;
	text(s, 1, n->o->tree);
	while (sqlite3_step(s) == SQLITE_ROW && k < cap) {
		u[k].code = arena_strdup(
		    n->keep, (const char *)sqlite3_column_text(s, 0));
		u[k].path = arena_strdup(
		    n->keep, (const char *)sqlite3_column_text(s, 1));
		const char *type = (const char *)sqlite3_column_text(s, 3);
		u[k].type = arena_strdup(n->keep, type);
		u[k].level = sqlite3_column_int(s, 4);
		u[k].name = casegen_unit_label(
		    n->keep, type, (const char *)sqlite3_column_text(s, 2));
		k++;
	}
	sqlite3_finalize(s);
	*out = u;
	*count = k;
	return 0;
}

static int read_indicators(struct net *n, const char ***out, size_t *count)
{
	sqlite3_stmt *s;
	size_t k = 0;
	const char **v = arena_alloc(n->keep, 256 * sizeof *v);
	if (sqlite3_prepare_v2(n->h,
	                       "SELECT code FROM indicators ORDER BY code", -1,
	                       &s, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW && k < 256)
		v[k++] = arena_strdup(n->keep,
		                      (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	*out = v;
	*count = k;
	return 0;
}

static int prepare(struct net *n)
{
	struct {
		sqlite3_stmt **s;
		const char *sql;
	} all[] = {{&n->fac, fac_sql},   {&n->fev, fev_sql},
	           {&n->trn, trn_sql},   {&n->par, par_sql},
	           {&n->com, com_sql},   {&n->plan, plan_sql},
	           {&n->proj, proj_sql}, {&n->tgt, tgt_sql}};
	for (size_t i = 0; i < N(all); i++)
		if (sqlite3_prepare_v2(n->h, all[i].sql, -1, all[i].s, NULL) !=
		    SQLITE_OK) {
			fprintf(stderr, "trogiup-gen: %s\n",
			        sqlite3_errmsg(n->h));
			return -1;
		}
	return 0;
}

static int walk(struct net *n)
{
	struct unit *u;
	size_t nu;
	const char **ind;
	size_t nind;
	if (read_units(n, &u, &nu) != 0 || read_indicators(n, &ind, &nind))
		return -1;
	int leaf = unit_commune_level(n->o->tree);
	for (size_t i = 0; i < nu; i++) {
		/* the communes under u: the run of paths after it */
		size_t j = i + 1, plen = strlen(u[i].path);
		while (j < nu && strncmp(u[j].path, u[i].path, plen) == 0 &&
		       u[j].path[plen] == '/')
			j++;
		const struct unit *sub = &u[i + 1];
		size_t nsub = j - i - 1;
		if (u[i].level == 1) {
			const char *pn = u[i].name;
			if (facility(
			        n, &u[i], "fac_social_work_centre",
			        arena_printf(
			            n->a, "Trung tâm Công tác xã hội %s", pn),
			        80 + (int)bulk_below(n->g, 120), true) ||
			    facility(n, &u[i], "fac_general",
			             arena_printf(n->a,
			                          "Trung tâm Bảo trợ xã hội %s",
			                          pn),
			             100 + (int)bulk_below(n->g, 200), true) ||
			    facility(n, &u[i], "fac_drug_rehab",
			             arena_printf(n->a,
			                          "Cơ sở cai nghiện ma túy %s",
			                          pn),
			             150 + (int)bulk_below(n->g, 350), true) ||
			    plan(n, &u[i], ind, nind, 10))
				return -1;
		} else if (u[i].level < leaf) {
			if ((bulk_below(n->g, 3) < 2 &&
			     facility(n, &u[i], "sp_cp_office",
			              arena_printf(
			                  n->a,
			                  "Văn phòng tư vấn bảo vệ trẻ em %s",
			                  u[i].name),
			              0, false)) ||
			    plan(n, &u[i], ind, nind, 5))
				return -1;
		} else {
			if (bulk_below(n->g, 10) == 0 &&
			    facility(n, &u[i], "fac_trusted_address",
			             arena_printf(n->a, "Địa chỉ tin cậy %s",
			                          u[i].name),
			             2, false))
				return -1;
			if (bulk_below(n->g, 20) == 0 &&
			    facility(n, &u[i], "model_women_club",
			             arena_printf(n->a, "Câu lạc bộ phụ nữ %s",
			                          u[i].name),
			             0, false))
				return -1;
		}
		for (int y = FIRST; y <= n->last_year; y++) {
			int trainings = u[i].level == 1     ? 3
			                : u[i].level < leaf ? 2
			                                    : 0;
			for (int t = 0; t < trainings; t++)
				if (training(n, &u[i], y, sub, nsub) != 0)
					return -1;
			for (int c = 0; u[i].level == leaf && c < 2; c++)
				if (communication(n, &u[i], y) != 0)
					return -1;
		}
		if (i % 512 == 511) {
			arena_free(n->a);
			n->a = arena_new();
		}
	}
	return 0;
}

int bulk_net_run(sqlite3 *h, const struct bulk_options *o,
                 struct bulk_net_stats *out)
{
	struct net n = {.h = h, .o = o, .st = out};
	memset(out, 0, sizeof *out);
	n.g = bulk_gen_new(o->seed + 1);
	n.a = arena_new();
	n.keep = arena_new();
	n.last_year = hcm_year_of(o->now);
	for (size_t i = 0; i < N(names_f); i++) {
		n.folded[0][i] = text_fold(n.keep, names_m[i]);
		n.folded[1][i] = text_fold(n.keep, names_f[i]);
	}
	int rc = n.g != NULL && prepare(&n) == 0 ? walk(&n) : -1;
	sqlite3_stmt *all[] = {n.fac, n.fev,  n.trn,  n.par,
	                       n.com, n.plan, n.proj, n.tgt};
	for (size_t i = 0; i < N(all); i++)
		sqlite3_finalize(all[i]);
	bulk_gen_free(n.g);
	arena_free(n.a);
	arena_free(n.keep);
	return rc;
}
