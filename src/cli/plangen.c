/*
 * plangen.c — the demo's plans (plangen.h): three seed plans with their
 * agencies, and their targets read from targets.csv.
 *
 * The plans' numbers, dates, titles and periods are those of the seed
 * texts (../shared/domain/seeds).  The Thái Bình text carries neither a
 * number nor a date: the demo writes "(không ghi số)" and the date of
 * Decision 565, which the plan implements, so neither passes for the real
 * one (docs/indicators.md §Decisions).  Lead agencies and partners per
 * project are taken from the texts' "cơ quan chủ trì / phối hợp" and
 * "tổ chức thực hiện" sections.  Every targets.csv row of these plans is
 * checked by the rules the API applies (the catalogue, domain/plan.h)
 * before anything is written, so a broken file adds nothing.
 */
#include "cli/plangen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/indicators.h"
#include "domain/plan.h"
#include "lib/arena.h"
#include "lib/csvfile.h"
#include "lib/fold.h"
#include "lib/timeutil.h"
#include "store/store.h"
#include "store/store_indicators.h"
#include "store/store_plans.h"

#define SO_LDTBXH    "Sở Lao động - Thương binh và Xã hội"
#define PHONG_LDTBXH "Phòng Lao động - Thương binh và Xã hội"

static const struct demo_plan {
	const char *key; /* the plan column of targets.csv */
	const char *unit_code;
	const char *number, *issued_on, *title;
	int period_from, period_to;
	struct plan_project projects[PLAN_PROJECTS];
} demo_plan_list[] = {
    {"thai_binh_2017",
     "34",
     "(không ghi số)",
     "2017-04-25",
     "Kế hoạch thực hiện Chương trình mục tiêu phát triển hệ thống trợ "
     "giúp xã hội trên địa bàn tỉnh Thái Bình giai đoạn 2017 - 2020",
     2017,
     2020,
     {{1, SO_LDTBXH,
       "Sở Tài chính; Sở Kế hoạch và Đầu tư; Sở Tư pháp; Sở Nội vụ; UBND "
       "các huyện, thành phố"},
      {2, SO_LDTBXH,
       "Sở Giáo dục và Đào tạo; Sở Y tế; Sở Thông tin và Truyền thông; "
       "UBND các huyện, thành phố"},
      {3, SO_LDTBXH,
       "Sở Giáo dục và Đào tạo; Sở Văn hóa, Thể thao và Du lịch; Hội Liên "
       "hiệp Phụ nữ tỉnh"},
      {4, SO_LDTBXH, "Công an tỉnh; Sở Y tế; UBND các huyện, thành phố"}}},
    {"kon_tum_787_2018",
     "62",
     "787/KH-UBND",
     "2018-04-03",
     "Kế hoạch thực hiện Chương trình mục tiêu phát triển hệ thống trợ "
     "giúp xã hội, giai đoạn 2016-2020 trên địa bàn tỉnh Kon Tum",
     2018,
     2020,
     {{1, SO_LDTBXH,
       "Sở Kế hoạch và Đầu tư; Sở Tài chính; các Sở, ban, ngành có liên "
       "quan và Ủy ban nhân dân các huyện, thành phố"},
      {2, SO_LDTBXH,
       "Sở Giáo dục và Đào tạo; Sở Y tế; Sở Tư pháp; Sở Thông tin và "
       "Truyền thông; Công an tỉnh; Tòa án tỉnh; Hội Liên hiệp phụ nữ "
       "tỉnh; Ủy ban nhân dân các huyện, thành phố"},
      {3, SO_LDTBXH,
       "Sở Nội vụ; Hội Liên hiệp phụ nữ tỉnh; Sở Y tế; Sở Giáo dục và Đào "
       "tạo; Liên đoàn Lao động tỉnh; Ủy ban nhân dân các huyện, thành "
       "phố"},
      {4, SO_LDTBXH,
       "Sở Kế hoạch và Đầu tư; Sở Tài chính; các Sở, ban, ngành có liên "
       "quan và Ủy ban nhân dân các huyện, thành phố"}}},
    {"tam_duong_1207_2017",
     "106",
     "1207/KH-UBND",
     "2017-11-11",
     "Kế hoạch thực hiện Chương trình mục tiêu phát triển hệ thống trợ "
     "giúp xã hội trên địa bàn huyện Tam Đường giai đoạn 2017 – 2020",
     2017,
     2020,
     {{1, PHONG_LDTBXH,
       "Phòng Tài chính - Kế hoạch; Phòng Tư pháp; UBND các xã, thị trấn"},
      {2, PHONG_LDTBXH,
       "Phòng Giáo dục và Đào tạo; Đài Truyền thanh - Truyền hình huyện; "
       "UBND các xã, thị trấn"},
      {3, PHONG_LDTBXH,
       "Phòng Nội vụ; Phòng Giáo dục và Đào tạo; Ủy ban Mặt trận Tổ quốc "
       "Việt Nam và các đoàn thể huyện"},
      {4, PHONG_LDTBXH,
       "Đài Truyền thanh - Truyền hình huyện; UBND các xã, thị trấn"}}},
};
#define DEMO_PLANS (sizeof demo_plan_list / sizeof demo_plan_list[0])

static const char *const targets_header[] = {
    "plan",          "unit_name", "unit_code",   "unit_level",
    "indicator",     "target",    "target_year", "baseline",
    "baseline_year", "quote",     "seed_file"};
enum {
	COL_PLAN,
	COL_UNIT = 2,
	COL_INDICATOR = 4,
	COL_TARGET,
	COL_YEAR,
	COL_BASELINE,
	COL_BASELINE_YEAR,
	COL_QUOTE,
	COL__MAX = 11
};

/* The targets read so far, per demo plan; problem is set (static or arena
 * text) when a row is refused. */
struct targets_read {
	struct arena *a;
	struct indicator_def *catalogue;
	size_t ncatalogue;
	struct target_row *rows[DEMO_PLANS];
	size_t n[DEMO_PLANS], cap[DEMO_PLANS];
	const char *problem;
};

/* rows with room for one more (n of *cap used), in the arena. */
static struct target_row *grow_rows(struct arena *a, struct target_row *rows,
                                    size_t n, size_t *cap)
{
	if (n < *cap)
		return rows;
	*cap = *cap ? *cap * 2 : 32;
	struct target_row *bigger = arena_alloc(a, *cap * sizeof *bigger);
	if (n > 0)
		memcpy(bigger, rows, n * sizeof *rows);
	return bigger;
}

static bool parse_number(const char *s, double *out)
{
	char *end;
	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && *end == '\0';
}

static bool parse_year(const char *s, int *out)
{
	double v;
	if (!parse_number(s, &v) || v != (int)v || !plan_year_valid((int)v))
		return false;
	*out = (int)v;
	return true;
}

/* One row of targets.csv into t, checked against plan p as the API would
 * check it; NULL when fine, else what is wrong. */
static const char *target_of_row(const struct targets_read *r,
                                 const struct demo_plan *p,
                                 const char *const *f, struct target_row *t)
{
	struct arena *a = r->a;
	enum indicator_kind kind;
	size_t k = 0;
	while (k < r->ncatalogue &&
	       strcmp(r->catalogue[k].code, f[COL_INDICATOR]) != 0)
		k++;
	memset(t, 0, sizeof *t);
	if (strcmp(f[COL_UNIT], p->unit_code) != 0)
		return "unit_code is not the plan's";
	if (k == r->ncatalogue ||
	    indicator_kind_parse(r->catalogue[k].kind, &kind) != 0)
		return "indicator is not in the catalogue";
	t->indicator = arena_strdup(a, f[COL_INDICATOR]);
	if (!parse_year(f[COL_YEAR], &t->year) ||
	    !plan_year_in_period(t->year, p->period_from, p->period_to))
		return "target_year is not a year of the plan";
	if (!parse_number(f[COL_TARGET], &t->target) ||
	    !plan_target_valid(kind, t->target))
		return "target is out of range";
	if (*f[COL_BASELINE] != '\0') {
		t->has_baseline = true;
		if (!parse_number(f[COL_BASELINE], &t->baseline) ||
		    !plan_target_valid(kind, t->baseline))
			return "baseline is out of range";
	}
	if (*f[COL_BASELINE_YEAR] != '\0' &&
	    (!parse_year(f[COL_BASELINE_YEAR], &t->baseline_year) ||
	     !plan_baseline_year_valid(t->baseline_year, t->year) ||
	     !t->has_baseline))
		return "baseline_year is not a year before the target's";
	if (*f[COL_QUOTE] != '\0') {
		if (!text_valid(f[COL_QUOTE]) ||
		    (t->quote = text_nfc(a, f[COL_QUOTE])) == NULL ||
		    text_length(t->quote) > PLAN_QUOTE_MAX)
			return "quote is not valid text of at most 2000 "
			       "characters";
	}
	return NULL;
}

static int on_target_row(void *ctx, long line, size_t nfields,
                         const char *const *f)
{
	struct targets_read *r = ctx;
	if (nfields != COL__MAX) {
		r->problem = arena_printf(r->a, "line %ld: %zu columns, not %d",
		                          line, nfields, COL__MAX);
		return 1;
	}
	if (line == 1) {
		for (size_t i = 0; i < COL__MAX; i++)
			if (strcmp(f[i], targets_header[i]) != 0) {
				r->problem = "the header is not plan,unit_name,"
				             "unit_code,…,quote,seed_file";
				return 1;
			}
		return 0;
	}
	for (size_t i = 0; i < DEMO_PLANS; i++) {
		if (strcmp(f[COL_PLAN], demo_plan_list[i].key) != 0)
			continue;
		struct target_row t;
		const char *why = target_of_row(r, &demo_plan_list[i], f, &t);
		if (why != NULL) {
			r->problem =
			    arena_printf(r->a, "line %ld: %s", line, why);
			return 1;
		}
		r->rows[i] = grow_rows(r->a, r->rows[i], r->n[i], &r->cap[i]);
		r->rows[i][r->n[i]++] = t;
	}
	return 0; /* rows of other plans are not the demo's */
}

/* The directory holding domain/targets.csv; NULL when none does. */
static const char *find_shared(struct arena *a, const char *given)
{
	const char *dirs[] = {given, getenv("TROGIUP_SHARED"), "../shared",
	                      "shared"};
	for (size_t i = given != NULL ? 0 : 1; i < sizeof dirs / sizeof dirs[0];
	     i++) {
		if (dirs[i] == NULL || *dirs[i] == '\0')
			continue;
		if (access(arena_printf(a, "%s/domain/targets.csv", dirs[i]),
		           R_OK) == 0)
			return dirs[i];
		if (given != NULL)
			break; /* a directory named by the caller is the one */
	}
	return NULL;
}

/* 1 when unit (tree 2024, code) already has a plan numbered number, 0
 * when not, -1 on error. */
static int plan_exists(struct store *st, struct arena *a, const char *code,
                       const char *number)
{
	struct plan_query q = {.tree = "2024", .unit_code = code};
	struct plan_row *rows;
	size_t n;
	long total;
	if (store_plans_list(st, a, &q, &rows, &n, &total) != STORE_OK)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].number, number) == 0)
			return 1;
	return 0;
}

/* Writes plan p of unit u and its n targets in one transaction. */
static int write_plan(struct store *st, struct arena *a,
                      const struct demo_plan *p, const struct unit_row *u,
                      struct target_row *targets, size_t n)
{
	struct plan_row row = {
	    .tree = u->tree,
	    .unit_code = u->code,
	    .unit_path = u->path,
	    .number = p->number,
	    .issued_on = p->issued_on,
	    .title = p->title,
	    .period_from = p->period_from,
	    .period_to = p->period_to,
	    .projects = (struct plan_project *)p->projects,
	    .nprojects = PLAN_PROJECTS,
	    .created_at = time_now(),
	};
	if (store_begin(st) != STORE_OK)
		return cli_fail("cannot start a transaction");
	if (store_plan_create(st, &row) != STORE_OK) {
		store_rollback(st);
		return cli_fail("cannot add the demo plan %s", p->number);
	}
	cli_audit(st, "plan_create",
	          arena_printf(a, "plan:%lld", (long long)row.id), u->tree,
	          u->path);
	for (size_t i = 0; i < n; i++) {
		targets[i].plan_id = row.id;
		if (store_target_add(st, &targets[i]) != STORE_OK) {
			store_rollback(st);
			return cli_fail("cannot add the targets of %s",
			                p->number);
		}
		cli_audit(
		    st, "target_add",
		    arena_printf(a, "target:%lld", (long long)targets[i].id),
		    u->tree, u->path);
	}
	if (store_commit(st) != STORE_OK) {
		store_rollback(st);
		return cli_fail("cannot store the demo plan %s", p->number);
	}
	return 0;
}

int demo_plans(struct store *st, struct arena *a, const char *shared_dir)
{
	const char *dir = find_shared(a, shared_dir);
	if (dir == NULL)
		return cli_fail("demo plans: no domain/targets.csv in %s",
		                shared_dir != NULL
		                    ? shared_dir
		                    : "$TROGIUP_SHARED, ../shared or shared");
	const char *path = arena_printf(a, "%s/domain/targets.csv", dir);
	struct targets_read r = {.a = a};
	char *err = NULL;
	if (store_indicators_list(st, a, &r.catalogue, &r.ncatalogue) !=
	        STORE_OK ||
	    r.ncatalogue == 0)
		return cli_fail("demo plans: the indicator catalogue is empty: "
		                "run `trogiup init` first");
	int rc = csvfile_read(path, on_target_row, &r, &err);
	if (rc != 0) {
		cli_fail("%s: %s", path,
		         r.problem ? r.problem
		         : err     ? err
		                   : "cannot read");
		free(err);
		return 1;
	}
	long added = 0, kept = 0, targets = 0;
	for (size_t i = 0; i < DEMO_PLANS; i++) {
		const struct demo_plan *p = &demo_plan_list[i];
		struct unit_row u;
		if (store_unit_get(st, a, "2024", p->unit_code, &u) != STORE_OK)
			return cli_fail("unit %s is missing: run `trogiup "
			                "init` first",
			                p->unit_code);
		int exists = plan_exists(st, a, p->unit_code, p->number);
		if (exists < 0)
			return cli_fail("cannot read the plans of unit %s",
			                p->unit_code);
		if (exists > 0) {
			kept++;
			continue;
		}
		if (write_plan(st, a, p, &u, r.rows[i], r.n[i]) != 0)
			return 1;
		added++;
		targets += (long)r.n[i];
	}
	printf("Demo plans: %ld added with %ld targets from targets.csv "
	       "(Thái Bình 2017–2020, Kon Tum 787/KH-UBND, Tam Đường "
	       "1207/KH-UBND); %ld already there.\n",
	       added, targets, kept);
	return 0;
}
