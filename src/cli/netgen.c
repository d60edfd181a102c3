/*
 * netgen.c — the demo's service network; see netgen.h.
 *
 * Tables say what exists (facilities, trainings, where activities are
 * held); a seeded stream (splitmix64) fills in the people, dates and
 * counts.  The facilities echo the seed plans (domain/seeds/): Kon Tum's
 * provincial centre and the non-public Vinh Sơn II facility, the Tân Cảnh
 * trusted address in Đắk Tô, Thái Bình's community drug counselling
 * points; persons, numbers, phones and licences are made up.
 *
 * Records are written the way the API writes them (api/facilities.c,
 * docs/network.md): a facility gets its `created` event, an admission a
 * stay, the case's facility_id, a facility event and a case event, and
 * every record an audit entry, so the demo's history pages read as if
 * people had entered it.
 */
#include "cli/netgen.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/casegen.h"
#include "cli/cli.h"
#include "domain/network.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

#define N(a)       (sizeof(a) / sizeof((a)[0]))
#define DAY        86400
#define HCM_OFFSET (7 * 3600) /* Asia/Ho_Chi_Minh, no daylight saving */
#define TREE       "2024"     /* the demo's cases live in the 2024 tree */

/* The demo users (cmd_demo.c) who enter the network's records. */
enum who { SOKONTUM, SOTHAIBINH, TAMDUONG, XADAKTO, COSO, WHO__MAX };
static const char *const who_names[WHO__MAX] = {
    "sokontum", "sothaibinh", "tamduong", "xadakto", "coso.kontum"};

struct ng {
	struct store *st;
	struct arena *a;
	uint64_t rng;
	int64_t now;
	int year;          /* this year in Asia/Ho_Chi_Minh */
	int today_doy;     /* today's day of the year, 0-based */
	const char *today; /* "YYYY-MM-DD" */
	struct user_row users[WHO__MAX];
	struct netgen_stats *stats;
	const char **what;
	/* the provincial centres, by enum centre */
	int64_t centre_id[3];
	const char *centre_name[3];
	const char *centre_tree[3], *centre_path[3];
	/* cases already given a stay or a placement */
	int64_t used[64];
	size_t n_used;
};

/* ---- randomness and dates -------------------------------------------- */

static uint64_t next(struct ng *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int between(struct ng *g, int lo, int hi)
{
	return lo + (int)(next(g) % (uint64_t)(hi - lo + 1));
}

static bool chance(struct ng *g, int percent)
{
	return between(g, 1, 100) <= percent;
}

#define PICK(g, arr) ((arr)[next(g) % N(arr)])

/* The calendar day of instant t in Asia/Ho_Chi_Minh. */
static const char *day_of(struct ng *g, int64_t t)
{
	char iso[21];
	time_iso8601(t + HCM_OFFSET, iso);
	return arena_strndup(g->a, iso, 10);
}

/* Midnight UTC of 1 January of year. */
static int64_t jan1(int year)
{
	char s[24];
	int64_t t = 0;
	snprintf(s, sizeof s, "%04d-01-01", year);
	time_parse_iso8601(s, &t);
	return t;
}

/* A day of last year (doy 0–364). */
static const char *last_year_day(struct ng *g, int doy)
{
	return day_of(g, jan1(g->year - 1) + (int64_t)doy * DAY);
}

/* A day of this year no later than today, `permille` of the way from
 * 1 January to today: this year's records are always in the past. */
static const char *this_year_day(struct ng *g, int permille)
{
	int doy = g->today_doy * permille / 1000;
	return day_of(g, jan1(g->year) + (int64_t)doy * DAY);
}

/* A day `days` before today. */
static const char *days_ago(struct ng *g, int days)
{
	return day_of(g, g->now - (int64_t)days * DAY);
}

/* JSON text of v (consumed) in the arena; "{}" when it cannot be made. */
static const char *json_text(struct ng *g, json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(v);
	if (s == NULL)
		return "{}";
	const char *out = arena_strdup(g->a, s);
	free(s);
	return out;
}

static enum store_status fail(struct ng *g, enum store_status s,
                              const char *what)
{
	*g->what = what;
	return s == STORE_OK ? STORE_ERROR : s;
}

static enum store_status unit(struct ng *g, const char *code,
                              struct unit_row *out)
{
	return store_unit_get(g->st, g->a, TREE, code, out);
}

/* "xã Tân Cảnh", "huyện Đắk Tô" … */
static const char *label(struct ng *g, const struct unit_row *u)
{
	return casegen_unit_label(g->a, u->type, u->name);
}

static void audit(struct ng *g, const char *action, const char *kind,
                  int64_t id, const char *tree, const char *path)
{
	cli_audit(g->st, action,
	          arena_printf(g->a, "%s:%lld", kind, (long long)id), tree,
	          path);
}

/* ---- names ----------------------------------------------------------- */

/* Made-up persons, named as people are in each demo province: Kinh names
 * everywhere, Xơ Đăng and Ba Na names ("A …", "Y …") in Kon Tum, Thái and
 * Mông names in Lai Châu. */
enum region { KINH, TAY_NGUYEN, TAY_BAC };

static const char *const kinh_family[] = {
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Phạm", "Lê", "Vũ",
    "Hoàng",  "Bùi",    "Đỗ",     "Đặng", "Ngô",  "Đinh", "Tạ", "Lương"};
static const char *const kinh_middle_m[] = {
    "Văn", "Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu", "Đình", "Thanh"};
static const char *const kinh_middle_f[] = {
    "Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Phương", "Thị Thu"};
static const char *const kinh_given_m[] = {
    "Hùng", "Dũng",  "Tuấn",  "Hải",  "Long", "Nam",   "Thắng", "Cường",
    "Hiếu", "Khánh", "Phong", "Toàn", "Sơn",  "Trung", "Bình",  "Hòa"};
static const char *const kinh_given_f[] = {
    "Lan",  "Hương", "Mai", "Hạnh",  "Huyền", "Thảo",  "Nga",  "Yến",
    "Dung", "Liên",  "Hà",  "Trang", "Hoa",   "Nhung", "Loan", "Thúy"};
static const char *const tn_given_m[] = {"Blưh",  "Điu",   "Nhong", "Sang",
                                         "Dương", "Thuân", "Khiêm", "Rin",
                                         "Đanh",  "Kiên",  "Pher",  "Hyin"};
static const char *const tn_given_f[] = {"Nga",    "Khuyên", "Đêr",  "Ngát",
                                         "Phương", "Lim",    "Blao", "Thinh",
                                         "Xuyên",  "Hoan",   "Bôn",  "Nhung"};
static const char *const thai_family[] = {"Lò",    "Lò",   "Tòng",
                                          "Lường", "Điêu", "Hoàng"};
static const char *const thai_given_m[] = {"Ơn",   "Chiến", "Duẩn", "Thoán",
                                           "Kiên", "Sơn",   "Lả",   "Ngoan"};
static const char *const thai_given_f[] = {"Xuân",   "Thoa", "Ương", "Hoa",
                                           "Phương", "Mai",  "Liên", "Dịu"};
static const char *const mong_family[] = {"Giàng", "Vàng", "Thào", "Sùng",
                                          "Lý"};
static const char *const mong_given_m[] = {"Páo", "Chư", "Sính", "Dế",
                                           "Lử",  "Tủa", "Sử",   "Chá"};
static const char *const mong_given_f[] = {"Mỷ", "Dua", "Chở", "Say",
                                           "Pà", "Dợ",  "Mái", "Si"};

static enum region region_of(const char *path)
{
	if (strncmp(path, "62", 2) == 0 && (path[2] == '/' || path[2] == 0))
		return TAY_NGUYEN;
	if (strncmp(path, "12", 2) == 0 && (path[2] == '/' || path[2] == 0))
		return TAY_BAC;
	return KINH;
}

/* A full name; `family` (or NULL) is kept for kin of a Kinh, Thái or Mông
 * child, whose family name they share. */
static const char *person_name(struct ng *g, enum region r, bool female,
                               const char *family)
{
	int roll = between(g, 1, 100);
	if (family == NULL && r == TAY_NGUYEN && roll <= 55)
		return arena_printf(g->a, "%s %s", female ? "Y" : "A",
		                    female ? PICK(g, tn_given_f)
		                           : PICK(g, tn_given_m));
	if (r == TAY_BAC && roll <= 70) {
		bool mong = family ? strcmp(family, "Giàng") == 0 ||
		                         strcmp(family, "Vàng") == 0 ||
		                         strcmp(family, "Thào") == 0 ||
		                         strcmp(family, "Sùng") == 0
		                   : roll <= 30;
		if (mong)
			return arena_printf(g->a, "%s %s %s",
			                    family ? family
			                           : PICK(g, mong_family),
			                    female ? "Thị" : "A",
			                    female ? PICK(g, mong_given_f)
			                           : PICK(g, mong_given_m));
		return arena_printf(
		    g->a, "%s %s %s", family ? family : PICK(g, thai_family),
		    female ? "Thị" : "Văn",
		    female ? PICK(g, thai_given_f) : PICK(g, thai_given_m));
	}
	return arena_printf(
	    g->a, "%s %s %s", family ? family : PICK(g, kinh_family),
	    female ? PICK(g, kinh_middle_f) : PICK(g, kinh_middle_m),
	    female ? PICK(g, kinh_given_f) : PICK(g, kinh_given_m));
}

/* The family name of a person's full name when it is one ("Lò Văn Ơn" →
 * "Lò"); NULL for names without one ("A Blưh", "Y Nga"). */
static const char *family_of(struct ng *g, const char *full_name)
{
	if (full_name == NULL)
		return NULL;
	size_t n = strcspn(full_name, " ");
	if (full_name[n] == 0 ||
	    (n == 1 && (full_name[0] == 'A' || full_name[0] == 'Y')))
		return NULL;
	return arena_strndup(g->a, full_name, n);
}

/* ---- facilities, service points and models --------------------------- */

enum centre { KT_CENTRE, TB_CENTRE, LC_CENTRE, NO_CENTRE };

static const struct fac_def {
	enum centre centre; /* a provincial centre that takes residents */
	const char *unit, *type, *ownership, *name;
	int capacity; /* -1: not set */
	const char *licence_no, *licence_date, *licence_issuer;
	const char *address, *phone, *started_on, *status, *upgraded_on;
	int sw_standard;
	const char *note;
	enum who by;
} facilities[] = {
    /* Kon Tum */
    {KT_CENTRE, "62", "fac_general", "public",
     "Trung tâm Bảo trợ và Công tác xã hội tỉnh Kon Tum", 300, "187/QĐ-UBND",
     "2016-04-12", "Ủy ban nhân dân tỉnh Kon Tum",
     "Phường Ngô Mây, thành phố Kon Tum, tỉnh Kon Tum", "0260 3 900 111",
     "2008-07-01", "active", "2020-12-18", 0,
     "Nâng cấp, mở rộng quy mô nuôi dưỡng lên 300 đối tượng (Dự án 1). "
     "Dữ liệu minh họa.",
     SOKONTUM},
    {NO_CENTRE, "608", "fac_children", "non_public",
     "Cơ sở Bảo trợ xã hội ngoài công lập Vinh Sơn II", 300, "03/GPHĐ-SLĐTBXH",
     "2017-09-05", "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum",
     "Thành phố Kon Tum, tỉnh Kon Tum", "0260 3 900 222", "2005-01-15",
     "active", "2021-06-30", 0,
     "Đầu tư mở rộng để nuôi dưỡng từ 200 lên 300 trẻ em. Số liệu minh "
     "họa.",
     SOKONTUM},
    {NO_CENTRE, "612", "sp_cp_office", "public",
     "Văn phòng tư vấn công tác xã hội trẻ em huyện Đắk Tô", -1, NULL, NULL,
     NULL, "Phòng Lao động - Thương binh và Xã hội huyện Đắk Tô",
     "0260 3 900 333", "2019-09-01", "active", NULL, 0,
     "Tư vấn, kết nối dịch vụ bảo vệ trẻ em cho các xã, thị trấn.", SOKONTUM},
    {NO_CENTRE, "23437", "fac_trusted_address", "public",
     "Địa chỉ tin cậy - Nhà tạm lánh xã Tân Cảnh", 4, NULL, NULL, NULL,
     "Trụ sở Hội Liên hiệp Phụ nữ xã Tân Cảnh, huyện Đắk Tô", NULL,
     "2018-05-20", "active", NULL, 0,
     "Thí điểm từ năm 2018; tiếp nhận tạm thời phụ nữ, trẻ em bị bạo lực.",
     SOKONTUM},
    {NO_CENTRE, "23401", "fac_trusted_address", "public",
     "Địa chỉ tin cậy thị trấn Đắk Tô", 2, NULL, NULL, NULL,
     "Tổ dân phố 3, thị trấn Đắk Tô", NULL, "2021-03-08", "active", NULL, 0,
     NULL, XADAKTO},
    {NO_CENTRE, "612", "model_trafficking_reintegration", "public",
     "Mô hình hỗ trợ hòa nhập cộng đồng cho nạn nhân bị mua bán huyện Đắk "
     "Tô",
     -1, NULL, NULL, NULL, NULL, NULL, "2022-04-01", "active", NULL, 0, NULL,
     SOKONTUM},
    {NO_CENTRE, "23443", "model_safe_school", "public",
     "Trường học an toàn, phòng chống bạo lực học đường - Trường Tiểu học "
     "xã Pô Kô",
     -1, NULL, NULL, NULL, NULL, NULL, "2023-09-05", "active", NULL, 0, NULL,
     SOKONTUM},
    {NO_CENTRE, "23431", "model_cp_community", "public",
     "Câu lạc bộ Quyền trẻ em xã Văn Lem", -1, NULL, NULL, NULL, NULL, NULL,
     "2018-10-01", "closed", NULL, 0,
     "Ngừng sinh hoạt từ năm 2023 khi dự án kết thúc.", SOKONTUM},
    {NO_CENTRE, "23401", "model_women_club", "public",
     "Câu lạc bộ Phụ nữ với bình đẳng giới thị trấn Đắk Tô", -1, NULL, NULL,
     NULL, NULL, NULL, "2024-03-08", "active", NULL, 0, NULL, XADAKTO},
    /* Thái Bình */
    {TB_CENTRE, "34", "fac_general", "public",
     "Trung tâm Công tác xã hội và Bảo trợ xã hội tỉnh Thái Bình", 320,
     "2056/QĐ-UBND", "2018-08-21", "Ủy ban nhân dân tỉnh Thái Bình",
     "Thành phố Thái Bình, tỉnh Thái Bình", "0227 3 900 111", "2009-03-01",
     "active", "2022-11-30", 1,
     "Đạt tiêu chuẩn cung cấp dịch vụ công tác xã hội. Dữ liệu minh họa.",
     SOTHAIBINH},
    {NO_CENTRE, "34", "fac_drug_rehab", "public",
     "Cơ sở cai nghiện ma túy tỉnh Thái Bình", 250, "1130/QĐ-UBND",
     "2020-05-14", "Ủy ban nhân dân tỉnh Thái Bình",
     "Huyện Vũ Thư, tỉnh Thái Bình", "0227 3 900 222", "2003-06-01", "active",
     NULL, 0, NULL, SOTHAIBINH},
    {NO_CENTRE, "34", "sp_hotline", "public",
     "Đường dây nóng tư vấn, hỗ trợ trẻ em và phụ nữ tỉnh Thái Bình", -1, NULL,
     NULL, NULL, "Trung tâm Công tác xã hội và Bảo trợ xã hội tỉnh Thái Bình",
     "0227 3 900 333", "2019-06-01", "active", NULL, 0,
     "Kết nối với Tổng đài quốc gia bảo vệ trẻ em 111.", SOTHAIBINH},
    {NO_CENTRE, "12451", "sp_drug_counselling", "public",
     "Điểm tư vấn, chăm sóc, hỗ trợ điều trị nghiện ma túy tại cộng đồng "
     "phường Tiền Phong",
     -1, NULL, NULL, NULL, "Trạm Y tế phường Tiền Phong", NULL, "2023-07-01",
     "active", NULL, 0, NULL, SOTHAIBINH},
    {NO_CENTRE, "12472", "sp_drug_counselling", "public",
     "Điểm tư vấn, chăm sóc, hỗ trợ điều trị nghiện ma túy tại cộng đồng "
     "thị trấn Quỳnh Côi",
     -1, NULL, NULL, NULL, "Trạm Y tế thị trấn Quỳnh Côi", NULL, "2023-07-01",
     "active", NULL, 0, NULL, SOTHAIBINH},
    {NO_CENTRE, "12574", "sp_drug_counselling", "public",
     "Điểm tư vấn, chăm sóc, hỗ trợ điều trị nghiện ma túy tại cộng đồng "
     "xã Đông Hải",
     -1, NULL, NULL, NULL, "Trạm Y tế xã Đông Hải", NULL, "2024-02-15",
     "active", NULL, 0, NULL, SOTHAIBINH},
    {NO_CENTRE, "12523", "sp_safe_house", "public",
     "Nhà tạm lánh thị trấn An Bài", 3, NULL, NULL, NULL, NULL, NULL,
     "2020-10-20", "suspended", NULL, 0, "Tạm ngừng để sửa chữa.", SOTHAIBINH},
    {NO_CENTRE, "336", "model_sex_work_support", "public",
     "Mô hình cung cấp dịch vụ hỗ trợ xã hội cho người bán dâm thành phố "
     "Thái Bình",
     -1, NULL, NULL, NULL, NULL, NULL, "2021-07-01", "active", NULL, 0, NULL,
     SOTHAIBINH},
    {NO_CENTRE, "12469", "model_women_club", "public",
     "Câu lạc bộ Phụ nữ với bình đẳng giới xã Vũ Chính", -1, NULL, NULL, NULL,
     NULL, NULL, "2022-10-20", "active", NULL, 0, NULL, SOTHAIBINH},
    /* Lai Châu: Tam Đường */
    {LC_CENTRE, "12", "fac_general", "public",
     "Trung tâm Bảo trợ xã hội tỉnh Lai Châu", 200, "415/QĐ-UBND", "2015-04-02",
     "Ủy ban nhân dân tỉnh Lai Châu", "Thành phố Lai Châu, tỉnh Lai Châu",
     "0213 3 900 111", "2012-01-01", "active", NULL, 0, "Dữ liệu minh họa.",
     TAMDUONG},
    {NO_CENTRE, "03427", "fac_trusted_address", "public",
     "Địa chỉ tin cậy xã Nà Tăm", 3, NULL, NULL, NULL,
     "Nhà văn hóa bản Nà Tăm 2, xã Nà Tăm", NULL, "2022-06-01", "active", NULL,
     0, NULL, TAMDUONG},
    {NO_CENTRE, "03424", "model_women_economic", "public",
     "Tổ hợp tác dệt thổ cẩm của phụ nữ xã Bản Bo", -1, NULL, NULL, NULL, NULL,
     NULL, "2023-03-08", "active", NULL, 0,
     "Hỗ trợ phụ nữ dân tộc thiểu số tạo việc làm, tăng thu nhập.", TAMDUONG},
    {NO_CENTRE, "03412", "model_women_club", "public",
     "Câu lạc bộ Phụ nữ phòng, chống bạo lực gia đình xã Bình Lư", -1, NULL,
     NULL, NULL, NULL, NULL, "2021-11-25", "active", NULL, 0, NULL, TAMDUONG},
    {NO_CENTRE, "03405", "model_safe_school", "public",
     "Trường học an toàn - Trường Phổ thông dân tộc bán trú THCS xã Giang "
     "Ma",
     -1, NULL, NULL, NULL, NULL, NULL, "2024-09-05", "active", NULL, 0, NULL,
     TAMDUONG},
    {NO_CENTRE, "03430", "model_cp_community", "public",
     "Mô hình bảo vệ trẻ em dựa vào cộng đồng xã Khun Há", -1, NULL, NULL, NULL,
     NULL, NULL, NULL, "planned", NULL, 0,
     "Dự kiến triển khai khi bố trí được kinh phí.", TAMDUONG},
};

static enum store_status add_facility(struct ng *g, const struct fac_def *d)
{
	struct unit_row u;
	enum store_status s = unit(g, d->unit, &u);
	if (s != STORE_OK)
		return fail(g, s, "a facility's unit is missing");
	const struct user_row *by = &g->users[d->by];
	struct facility_row f = {0};
	f.name = d->name;
	f.name_folded = text_fold(g->a, d->name);
	f.type = d->type;
	f.kind = facility_kind_of(d->type);
	if (f.kind == NULL)
		return fail(g, STORE_ERROR,
		            "a facility type is not in the list");
	f.ownership = d->ownership;
	f.unit_tree = u.tree;
	f.unit_code = u.code;
	f.unit_path = u.path;
	f.capacity = d->capacity;
	f.licence_no = d->licence_no;
	f.licence_date = d->licence_date;
	f.licence_issuer = d->licence_issuer;
	f.address = d->address;
	f.phone = d->phone;
	f.started_on = d->started_on;
	f.status = d->status;
	f.upgraded_on = d->upgraded_on;
	f.sw_standard = d->sw_standard;
	f.note = d->note;
	f.created_by = by->id;
	f.created_at = f.updated_at = g->now;
	s = store_facility_insert(g->st, &f);
	if (s != STORE_OK)
		return fail(g, s, "cannot add a facility");
	struct facility_event_row e = {0};
	e.facility_id = f.id;
	e.at = g->now;
	e.actor_id = by->id;
	e.actor_name = by->username;
	e.kind = "created";
	e.data = json_text(g, json_pack("{s:s, s:s, s:s}", "type", f.type,
	                                "unit_code", f.unit_code, "status",
	                                f.status));
	s = store_facility_event_append(g->st, &e);
	if (s != STORE_OK)
		return fail(g, s, "cannot add a facility event");
	audit(g, "facility_create", "facility", f.id, f.unit_tree, f.unit_path);
	if (strcmp(f.kind, "facility") == 0)
		g->stats->facilities++;
	else if (strcmp(f.kind, "service_point") == 0)
		g->stats->service_points++;
	else
		g->stats->models++;
	if (d->centre != NO_CENTRE) {
		g->centre_id[d->centre] = f.id;
		g->centre_name[d->centre] = d->name;
		g->centre_tree[d->centre] = f.unit_tree;
		g->centre_path[d->centre] = f.unit_path;
	}
	return STORE_OK;
}

/* ---- residents ------------------------------------------------------- */

static bool used(const struct ng *g, int64_t case_id)
{
	for (size_t i = 0; i < g->n_used; i++)
		if (g->used[i] == case_id)
			return true;
	return false;
}

static void use(struct ng *g, int64_t case_id)
{
	if (g->n_used < N(g->used))
		g->used[g->n_used++] = case_id;
}

static int by_opened(const void *x, const void *y)
{
	const struct case_row *a = x, *b = y;
	if (a->opened_at != b->opened_at)
		return a->opened_at < b->opened_at ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Open cases of a type inside `within` but not under `skip` (codes, skip
 * may be NULL) that nobody else took, not restricted (their persons are
 * hidden in lists) and with a known birth year: *rows, *n, the longest
 * open first (the longest stories fit them). */
static enum store_status candidates(struct ng *g, const char *within,
                                    const char *skip, const char *type,
                                    struct case_row **rows, size_t *n)
{
	struct unit_row w, k;
	enum store_status s = unit(g, within, &w);
	if (s == STORE_OK && skip != NULL)
		s = unit(g, skip, &k);
	if (s != STORE_OK)
		return fail(g, s, "a demo unit is missing");
	struct case_query q = {.tree = TREE,
	                       .within_path = w.path,
	                       .type = type,
	                       .only_open = 1,
	                       .limit = 500};
	struct case_row *all;
	size_t na;
	long total;
	s = store_cases_list(g->st, g->a, &q, &all, &na, &total);
	if (s != STORE_OK)
		return fail(g, s, "cannot read the demo cases");
	size_t sl = skip ? strlen(k.path) : 0;
	*rows = arena_alloc(g->a, (na ? na : 1) * sizeof **rows);
	*n = 0;
	for (size_t i = 0; i < na; i++) {
		const struct case_row *c = &all[i];
		if (skip != NULL && strncmp(c->unit_path, k.path, sl) == 0 &&
		    (c->unit_path[sl] == '/' || c->unit_path[sl] == 0))
			continue;
		if (c->restricted || c->facility_id != 0 ||
		    c->person.full_name == NULL || c->person.birth_year <= 0 ||
		    used(g, c->id))
			continue;
		(*rows)[(*n)++] = *c;
	}
	qsort(*rows, *n, sizeof **rows, by_opened);
	return STORE_OK;
}

static const struct resident_plan {
	enum centre centre;
	const char *within, *skip, *type;
	int count, discharged;
	enum who by; /* who admits (may write the case) */
} resident_plan[] = {
    {KT_CENTRE, "612", NULL, "child_protection", 2, 0, SOKONTUM},
    {KT_CENTRE, "612", NULL, "social_assistance", 2, 0, SOKONTUM},
    {KT_CENTRE, "62", "612", "social_assistance", 3, 1, SOKONTUM},
    {KT_CENTRE, "62", "612", "child_protection", 2, 0, SOKONTUM},
    {TB_CENTRE, "34", NULL, "social_assistance", 4, 1, SOTHAIBINH},
    {TB_CENTRE, "34", NULL, "child_protection", 3, 0, SOTHAIBINH},
    {LC_CENTRE, "106", NULL, "child_protection", 2, 0, TAMDUONG},
    {LC_CENTRE, "106", NULL, "social_assistance", 3, 1, TAMDUONG},
};

/* Why a person came, by case type and age. */
static const char *admission_reason(struct ng *g, const struct case_row *c,
                                    bool *emergency)
{
	int age = g->year - c->person.birth_year;
	*emergency = false;
	if (strcmp(c->type, "child_protection") == 0) {
		static const char *const calm[] = {
		    "Trẻ em mồ côi cả cha và mẹ, chưa có người thân thích nhận "
		    "chăm sóc",
		    "Trẻ em không nơi nương tựa, gia đình không đủ điều kiện "
		    "chăm sóc"};
		static const char *const urgent[] = {
		    "Trẻ em bị bỏ rơi, cần chăm sóc khẩn cấp trong thời gian "
		    "tìm gia đình thay thế",
		    "Trẻ em có nguy cơ bị tổn hại khi ở cùng gia đình, cần nơi "
		    "ở an toàn tạm thời"};
		*emergency = chance(g, 40);
		return *emergency ? PICK(g, urgent) : PICK(g, calm);
	}
	if (age >= 60)
		return "Người cao tuổi cô đơn, không nơi nương tựa, thuộc diện "
		       "chăm sóc, nuôi dưỡng tại cơ sở";
	if (age < 16)
		return "Trẻ em có hoàn cảnh đặc biệt, không có người chăm sóc "
		       "tại gia đình";
	if (chance(g, 30)) {
		*emergency = true;
		return "Người lang thang, cơ nhỡ, cần tiếp nhận khẩn cấp";
	}
	return "Người khuyết tật đặc biệt nặng không có người chăm sóc, nuôi "
	       "dưỡng";
}

/* When a step at `at` is recorded: at, or just after the step before
 * (*t) when that was later. */
static int64_t recorded(int64_t *t, int64_t at)
{
	if (at <= *t)
		at = *t + 60;
	*t = at;
	return at;
}

/* The instant the case's last recorded step happened. */
static int64_t case_last(const struct case_row *c)
{
	return c->updated_at > c->opened_at ? c->updated_at : c->opened_at;
}

/* One admission as the API makes it: the stay, the case's facility, a
 * facility event and a case event, and the audit entry. */
static enum store_status admit(struct ng *g, enum centre centre,
                               struct case_row *c, const struct user_row *by,
                               int64_t day, int64_t at, struct stay_row *out)
{
	bool emergency;
	struct stay_row s = {0};
	s.facility_id = g->centre_id[centre];
	s.case_id = c->id;
	s.person_id = c->person_id;
	s.admitted_on = day_of(g, day);
	s.reason = admission_reason(g, c, &emergency);
	s.admission_kind = emergency ? "emergency" : "ordinary";
	s.decided_by = emergency
	                   ? "Giám đốc Trung tâm (tiếp nhận khẩn cấp)"
	                   : arena_printf(g->a,
	                                  "Quyết định số %d/QĐ-SLĐTBXH về việc "
	                                  "tiếp nhận đối tượng vào cơ sở",
	                                  between(g, 120, 980));
	s.admitted_by = by->id;
	s.created_at = at;
	enum store_status st = store_stay_insert(g->st, &s);
	if (st != STORE_OK)
		return st; /* STORE_CONFLICT: resident elsewhere; the caller
		              skips the case */
	st = store_case_set_facility(g->st, c->id, s.facility_id);
	if (st != STORE_OK)
		return fail(g, st, "cannot set a case's facility");
	struct facility_event_row fe = {0};
	fe.facility_id = s.facility_id;
	fe.at = at;
	fe.actor_id = by->id;
	fe.actor_name = by->username;
	fe.kind = "admission";
	fe.data =
	    json_text(g, json_pack("{s:I, s:s}", "stay_id", (json_int_t)s.id,
	                           "case_no", c->case_no));
	st = store_facility_event_append(g->st, &fe);
	if (st != STORE_OK)
		return fail(g, st, "cannot add an admission event");
	struct case_event_row ce = {0};
	ce.case_id = c->id;
	ce.at = at;
	ce.actor_id = by->id;
	ce.actor_name = by->username;
	ce.kind = "admission";
	ce.data =
	    json_text(g, json_pack("{s:I, s:I, s:s, s:s, s:s, s:b}", "stay_id",
	                           (json_int_t)s.id, "facility_id",
	                           (json_int_t)s.facility_id, "facility_name",
	                           g->centre_name[centre], "admitted_on",
	                           s.admitted_on, "admission_kind",
	                           s.admission_kind, "over_capacity", 0));
	st = store_case_event_append(g->st, &ce);
	if (st != STORE_OK)
		return fail(g, st, "cannot add an admission case event");
	audit(g, "resident_admit", "stay", s.id, g->centre_tree[centre],
	      g->centre_path[centre]);
	use(g, c->id);
	g->stats->residents++;
	*out = s;
	return STORE_OK;
}

static enum store_status discharge(struct ng *g, enum centre centre,
                                   struct case_row *c, struct stay_row *s,
                                   const struct user_row *by, int64_t day,
                                   int64_t at)
{
	s->discharged_on = day_of(g, day);
	s->discharge_reason = "returned_family";
	s->discharge_note = "Gia đình đủ điều kiện nhận lại chăm sóc; cán bộ "
	                    "xã tiếp tục theo dõi.";
	s->discharge_decided_by = "Giám đốc Trung tâm";
	s->discharged_by = by->id;
	enum store_status st = store_stay_discharge(g->st, s);
	if (st == STORE_OK)
		st = store_case_set_facility(g->st, c->id, 0);
	if (st != STORE_OK)
		return fail(g, st, "cannot discharge a resident");
	struct facility_event_row fe = {0};
	fe.facility_id = s->facility_id;
	fe.at = at;
	fe.actor_id = by->id;
	fe.actor_name = by->username;
	fe.kind = "discharge";
	fe.data =
	    json_text(g, json_pack("{s:I, s:s}", "stay_id", (json_int_t)s->id,
	                           "case_no", c->case_no));
	st = store_facility_event_append(g->st, &fe);
	if (st != STORE_OK)
		return fail(g, st, "cannot add a discharge event");
	struct case_event_row ce = {0};
	ce.case_id = c->id;
	ce.at = at;
	ce.actor_id = by->id;
	ce.actor_name = by->username;
	ce.kind = "discharge";
	ce.data =
	    json_text(g, json_pack("{s:I, s:I, s:s, s:s, s:s}", "stay_id",
	                           (json_int_t)s->id, "facility_id",
	                           (json_int_t)s->facility_id, "facility_name",
	                           g->centre_name[centre], "discharged_on",
	                           s->discharged_on, "discharge_reason",
	                           s->discharge_reason));
	st = store_case_event_append(g->st, &ce);
	if (st != STORE_OK)
		return fail(g, st, "cannot add a discharge case event");
	audit(g, "resident_discharge", "stay", s->id, g->centre_tree[centre],
	      g->centre_path[centre]);
	g->stats->discharged++;
	return STORE_OK;
}

/* The stay that residential care in Kon Tum's centre is for: the first
 * Đắk Tô child admitted (see placements). */
struct residential {
	struct case_row c;
	struct stay_row stay;
	bool set;
};

static enum store_status add_residents(struct ng *g, struct residential *rc)
{
	for (size_t p = 0; p < N(resident_plan); p++) {
		const struct resident_plan *rp = &resident_plan[p];
		struct case_row *rows;
		size_t n;
		enum store_status s =
		    candidates(g, rp->within, rp->skip, rp->type, &rows, &n);
		if (s != STORE_OK)
			return s;
		int made = 0;
		/* cases being worked on (a plan decided the admission)
		 * first, then any open one */
		for (size_t k = 0; k < 2 * n && made < rp->count; k++) {
			struct case_row *c = &rows[k % n];
			bool worked = strcmp(c->stage, "planning") == 0 ||
			              strcmp(c->stage, "intervention") == 0 ||
			              strcmp(c->stage, "review") == 0;
			if ((k < n) != worked || used(g, c->id))
				continue;
			/* admitted a few days after the case's last step;
			 * the first Đắk Tô child recently, so its
			 * residential-care placement is not yet due for
			 * review */
			bool first_child =
			    !rc->set && rp->centre == KT_CENTRE &&
			    strcmp(rp->within, "612") == 0 &&
			    strcmp(rp->type, "child_protection") == 0;
			/* admitted within weeks of the case's opening (the
			 * first Đắk Tô child within days), recorded after
			 * the case's last event */
			int64_t age = g->now - c->opened_at;
			int64_t day =
			    c->opened_at +
			    (int64_t)(next(g) % (uint64_t)(first_child
			                                       ? 4 * DAY
			                                       : 21 * DAY));
			if (day > g->now - age / 3)
				day = g->now - age / 3;
			/* its residential care must not be due for review
			 * (older cases than the demo's own) */
			if (first_child && day < g->now - 150 * DAY)
				day = g->now - 150 * DAY;
			int64_t t = case_last(c);
			int64_t at = recorded(&t, day);
			struct stay_row stay;
			s = admit(g, rp->centre, c, &g->users[rp->by], day, at,
			          &stay);
			if (s == STORE_CONFLICT)
				continue;
			if (s != STORE_OK)
				return fail(g, s, "cannot admit a resident");
			made++;
			if (first_child) {
				rc->c = *c;
				rc->c.updated_at =
				    at; /* its placement follows */
				rc->stay = stay;
				rc->set = true;
				continue;
			}
			if (made <= rp->discharged) {
				int64_t out =
				    day + (int64_t)between(g, 10, 60) * DAY;
				if (out > g->now)
					out = g->now;
				const struct user_row *by =
				    rp->centre == KT_CENTRE ? &g->users[COSO]
				                            : &g->users[rp->by];
				s = discharge(g, rp->centre, c, &stay, by, out,
				              recorded(&t, out));
				if (s != STORE_OK)
					return s;
			}
		}
	}
	return STORE_OK;
}

/* ---- carers and placements ------------------------------------------- */

/* Open cases are at most a few months old, so a kinship placement may
 * begin before its case: kin carers took the child in (and notified the
 * commune) before the case was opened.  Foster placements are decided
 * inside the case and start after it opened. */
static const struct placement_plan {
	const char *within; /* district code */
	const char *form;
	int start_days; /* started this many days ago … */
	int review_days; /* … reviewed (continue) this many days ago, or 0 … */
	int end_days;    /* … ended this many days ago, or 0 (active) */
} placement_plan[] = {
    /* the overdue one: seven months with the grandparents, no review */
    {"612", "kinship_care", 215, 0, 0},
    /* review due in about five months */
    {"612", "foster_non_kin", 30, 0, 0},
    /* reviewed, next review months away */
    {"106", "kinship_care", 250, 60, 0},
    {"106", "foster_non_kin", 20, 0, 0},
    /* ended: the child went home */
    {"106", "kinship_care", 300, 45, 15},
};

static const struct {
	const char *relation;
	bool female;
	int older_min, older_max; /* years older than the child */
} kin_relations[] = {
    {"Bà nội của trẻ", true, 40, 60},    {"Bà ngoại của trẻ", true, 40, 60},
    {"Ông nội của trẻ", false, 42, 62},  {"Cô ruột của trẻ", true, 18, 35},
    {"Chú ruột của trẻ", false, 18, 35}, {"Dì ruột của trẻ", true, 18, 35},
};

/* A carer registered in commune u: the kin or foster family of `child`,
 * or (child NULL) a family waiting for one. */
static enum store_status add_carer(struct ng *g, const char *kind,
                                   const struct case_row *child,
                                   const struct unit_row *u,
                                   const char *registered_on, enum who by_who,
                                   struct carer_row *out)
{
	struct carer_row r = {0};
	enum region reg = region_of(u->path);
	bool kin = strcmp(kind, "kin") == 0;
	int child_by = child ? child->person.birth_year : g->year - 8;
	if (kin) {
		int k = (int)(next(g) % N(kin_relations));
		r.sex = kin_relations[k].female ? "female" : "male";
		r.birth_year = child_by - between(g, kin_relations[k].older_min,
		                                  kin_relations[k].older_max);
		r.full_name = person_name(
		    g, reg, kin_relations[k].female,
		    family_of(g, child ? child->person.full_name : NULL));
		r.note = arena_printf(g->a,
		                      "%s; đã thông báo với Ủy ban nhân dân xã "
		                      "về việc nhận chăm sóc thay thế.",
		                      kin_relations[k].relation);
	} else {
		/* a foster couple registers under one name (Form 08) */
		bool female = chance(g, 70);
		r.sex = female ? "female" : "male";
		r.birth_year = child_by - between(g, 24, 42);
		r.full_name = person_name(g, reg, female, NULL);
		r.note = "Gia đình đăng ký nhận chăm sóc thay thế (Mẫu số 08), "
		         "đã được Ủy ban nhân dân xã xác nhận đủ điều kiện.";
	}
	r.full_name_folded = text_fold(g->a, r.full_name);
	r.kind = kind;
	r.address =
	    arena_printf(g->a, "%s %d, %s", reg == TAY_BAC ? "Bản" : "Thôn",
	                 between(g, 1, 9), label(g, u));
	r.unit_tree = u->tree;
	r.unit_code = u->code;
	r.unit_path = u->path;
	r.registered_on = registered_on;
	r.household_size = between(g, 3, 7);
	r.status = "active";
	r.created_by = g->users[by_who].id;
	r.created_at = r.updated_at = g->now;
	enum store_status s = store_carer_insert(g->st, &r);
	if (s != STORE_OK)
		return fail(g, s, "cannot add a carer");
	audit(g, "carer_create", "carer", r.id, r.unit_tree, r.unit_path);
	g->stats->carers++;
	*out = r;
	return STORE_OK;
}

static enum store_status case_event(struct ng *g, const struct case_row *c,
                                    const struct user_row *by, int64_t at,
                                    const char *kind, json_t *data)
{
	struct case_event_row e = {0};
	e.case_id = c->id;
	e.at = at;
	e.actor_id = by->id;
	e.actor_name = by->username;
	e.kind = kind;
	e.data = json_text(g, data);
	enum store_status s = store_case_event_append(g->st, &e);
	return s == STORE_OK ? s : fail(g, s, "cannot add a case event");
}

/* Noon (Asia/Ho_Chi_Minh) of a day `days` ago: when a placement step is
 * recorded. */
static int64_t noon_days_ago(struct ng *g, int days)
{
	int64_t t = g->now - (int64_t)days * DAY;
	t = t - (t + HCM_OFFSET) % DAY + 12 * 3600;
	return t > g->now ? g->now : t;
}

/* Writes p's review date and end over the stored version. */
static enum store_status placement_write(struct ng *g, struct placement_row *p)
{
	struct placement_row cur;
	enum store_status s = store_placement_get(g->st, g->a, p->id, &cur);
	if (s != STORE_OK)
		return s;
	cur.next_review_on = p->next_review_on;
	cur.end_on = p->end_on;
	cur.end_reason = p->end_reason;
	cur.end_note = p->end_note;
	return store_placement_update(g->st, &cur, cur.version);
}

/* One placement with its review and end, the case events, the audit. */
static enum store_status place(struct ng *g, const struct case_row *c,
                               const char *form, int64_t carer_id,
                               int64_t facility_id, const char *start_on,
                               int start_days, int review_days, int end_days,
                               enum who by_who)
{
	const struct user_row *by = &g->users[by_who];
	/* The case's timeline is read in the order events were appended:
	 * each step is recorded after the case's last event and the step
	 * before (entered late when it happened earlier). */
	int64_t t = case_last(c);
	struct placement_row p = {0};
	p.case_id = c->id;
	p.form = form;
	p.carer_id = carer_id;
	p.facility_id = facility_id;
	p.start_on = start_on;
	p.decision_no = arena_printf(g->a, "%d/QĐ-UBND", between(g, 12, 260));
	char next_review[NET_DATE_MAX];
	if (net_date_add_months(p.start_on, PLACEMENT_REVIEW_MONTHS,
	                        next_review) != 0)
		return fail(g, STORE_ERROR, "bad placement date");
	p.next_review_on = arena_strdup(g->a, next_review);
	p.unit_tree = c->unit_tree;
	p.unit_code = c->unit_code;
	p.unit_path = c->unit_path;
	p.created_by = by->id;
	p.created_at = recorded(&t, noon_days_ago(g, start_days));
	enum store_status s = store_placement_insert(g->st, &p);
	if (s != STORE_OK)
		return fail(g, s, "cannot add a placement");
	json_t *data =
	    json_pack("{s:I, s:s, s:s}", "placement_id", (json_int_t)p.id,
	              "form", form, "start_on", p.start_on);
	json_object_set_new(data, "carer_id",
	                    carer_id ? json_integer(carer_id) : json_null());
	json_object_set_new(data, "facility_id",
	                    facility_id ? json_integer(facility_id)
	                                : json_null());
	s = case_event(g, c, by, p.created_at, "placement", data);
	if (s != STORE_OK)
		return s;
	audit(g, "placement_create", "placement", p.id, p.unit_tree,
	      p.unit_path);
	g->stats->placements++;
	if (review_days > 0) {
		struct placement_review_row r = {0};
		r.placement_id = p.id;
		r.reviewed_on = days_ago(g, review_days);
		r.outcome = "continue";
		r.note = "Trẻ ổn định, đi học đều; gia đình chăm sóc tốt.";
		r.reviewed_by = by->id;
		r.created_at = recorded(&t, noon_days_ago(g, review_days));
		s = store_placement_review_insert(g->st, &r);
		if (s != STORE_OK)
			return fail(g, s, "cannot add a placement review");
		if (net_date_add_months(r.reviewed_on, PLACEMENT_REVIEW_MONTHS,
		                        next_review) != 0)
			return fail(g, STORE_ERROR, "bad review date");
		p.next_review_on = arena_strdup(g->a, next_review);
		s = placement_write(g, &p);
		if (s != STORE_OK)
			return fail(g, s, "cannot update a placement");
		s = case_event(g, c, by, r.created_at, "placement_review",
		               json_pack("{s:I, s:s, s:s, s:s}", "placement_id",
		                         (json_int_t)p.id, "reviewed_on",
		                         r.reviewed_on, "outcome", r.outcome,
		                         "next_review_on", p.next_review_on));
		if (s != STORE_OK)
			return s;
		audit(g, "placement_review", "placement", p.id, p.unit_tree,
		      p.unit_path);
	}
	if (end_days > 0) {
		p.end_on = days_ago(g, end_days);
		p.end_reason = "returned_home";
		p.end_note = "Cha mẹ trở về địa phương, đủ điều kiện nuôi con.";
		s = placement_write(g, &p);
		if (s != STORE_OK)
			return fail(g, s, "cannot end a placement");
		s = case_event(g, c, by,
		               recorded(&t, noon_days_ago(g, end_days)),
		               "placement_end",
		               json_pack("{s:I, s:s, s:s}", "placement_id",
		                         (json_int_t)p.id, "end_on", p.end_on,
		                         "end_reason", p.end_reason));
		if (s != STORE_OK)
			return s;
		audit(g, "placement_end", "placement", p.id, p.unit_tree,
		      p.unit_path);
		g->stats->placements_ended++;
	} else if (strcmp(p.next_review_on, g->today) < 0) {
		g->stats->reviews_overdue++;
	}
	return STORE_OK;
}

/* Who works on a case of this unit (cmd_demo.c's areas). */
static enum who worker_of(const struct case_row *c)
{
	if (strcmp(c->unit_code, "23401") == 0)
		return XADAKTO;
	switch (region_of(c->unit_path)) {
	case TAY_NGUYEN: return SOKONTUM;
	case TAY_BAC: return TAMDUONG;
	default: return SOTHAIBINH;
	}
}

static enum store_status add_placements(struct ng *g,
                                        const struct residential *rc)
{
	enum store_status s;
	for (size_t p = 0; p < N(placement_plan); p++) {
		const struct placement_plan *pp = &placement_plan[p];
		struct case_row *rows;
		size_t n;
		s = candidates(g, pp->within, NULL, "child_protection", &rows,
		               &n);
		if (s != STORE_OK)
			return s;
		/* the child under 16 whose case is open longest */
		struct case_row *c = NULL;
		for (size_t i = 0; i < n && c == NULL; i++)
			if (g->year - rows[i].person.birth_year < 16)
				c = &rows[i];
		if (c == NULL)
			continue;
		bool kin = strcmp(pp->form, "kinship_care") == 0;
		int start = pp->start_days, review = pp->review_days,
		    end = pp->end_days;
		/* what happens inside the case happens after it opened */
		int age = (int)((g->now - c->opened_at) / DAY) - 1;
		if (age < 1)
			age = 1;
		if (!kin && start > age)
			start = age;
		if (review > age) {
			review = age * 2 / 3 > 0 ? age * 2 / 3 : 1;
			/* a planned end stays an end, even for a case opened
			 * yesterday (it was lost at some hours of the day) */
			end = end ? (review / 2 > 0 ? review / 2 : 1) : 0;
		}
		const char *start_on = days_ago(g, start);
		struct unit_row u;
		s = unit(g, c->unit_code, &u);
		if (s != STORE_OK)
			return fail(g, s, "a case's unit is missing");
		struct carer_row carer;
		enum who by = worker_of(c);
		s = add_carer(g, kin ? "kin" : "non_kin", c, &u,
		              days_ago(g, start + (kin ? between(g, 0, 5)
		                                       : between(g, 20, 80))),
		              by, &carer);
		if (s != STORE_OK)
			return s;
		struct placement_facts f = {
		    .form = pp->form,
		    .carer_kind = carer.kind,
		    .carer_birth_year = carer.birth_year,
		    .child_birth_year = c->person.birth_year,
		    .start_year = atoi(start_on)};
		if (placement_check(&f) != PLACEMENT_OK)
			return fail(g, STORE_ERROR,
			            "a demo placement breaks the rules");
		s = place(g, c, pp->form, carer.id, 0, start_on, start, review,
		          end, by);
		if (s != STORE_OK)
			return s;
		use(g, c->id);
	}
	/* residential care for the Đắk Tô child in Kon Tum's centre, from
	 * the day of admission */
	if (rc->set) {
		int64_t admitted = 0, today = 0;
		time_parse_iso8601(rc->stay.admitted_on, &admitted);
		time_parse_iso8601(g->today, &today);
		int days = (int)((today - admitted) / DAY);
		s = place(g, &rc->c, "residential_care", 0,
		          rc->stay.facility_id, rc->stay.admitted_on, days, 0,
		          0, SOKONTUM);
		if (s != STORE_OK)
			return s;
	}
	/* registered foster families and kin carers waiting for a child */
	static const struct {
		const char *unit, *kind;
		bool inactive;
	} waiting[] = {
	    {"23437", "non_kin", false}, {"23401", "non_kin", false},
	    {"03390", "non_kin", false}, {"03412", "kin", true},
	    {"23440", "kin", false},
	};
	for (size_t i = 0; i < N(waiting); i++) {
		struct unit_row u;
		s = unit(g, waiting[i].unit, &u);
		if (s != STORE_OK)
			return fail(g, s, "a carer's unit is missing");
		struct carer_row r;
		enum who by = strcmp(u.code, "23401") == 0   ? XADAKTO
		              : region_of(u.path) == TAY_BAC ? TAMDUONG
		                                             : SOKONTUM;
		s = add_carer(g, waiting[i].kind, NULL, &u,
		              days_ago(g, between(g, 40, 500)), by, &r);
		if (s != STORE_OK)
			return s;
		if (waiting[i].inactive) {
			s = store_carer_get(g->st, g->a, r.id, &r);
			r.status = "inactive";
			r.note = "Chuyển đi nơi khác sinh sống; không còn nhận "
			         "chăm sóc thay thế.";
			if (s == STORE_OK)
				s = store_carer_update(g->st, &r, r.version);
			if (s != STORE_OK)
				return fail(g, s, "cannot update a carer");
		}
	}
	return STORE_OK;
}

/* ---- trainings and participants -------------------------------------- */

static const char *const kt_districts[] = {"608", "610", "611", "612", "613",
                                           "614", "615", "616", "617"};
static const char *const dakto_communes[] = {"23401", "23427", "23428",
                                             "23430", "23431", "23434",
                                             "23437", "23440", "23443"};
static const char *const tb_districts[] = {"336", "338", "339", "340",
                                           "341", "342", "343", "344"};
static const char *const tamduong_communes[] = {
    "03390", "03394", "03400", "03405", "03406", "03412", "03413",
    "03415", "03418", "03421", "03424", "03427", "03430"};

static const struct training_def {
	const char *unit, *topic, *title, *organiser, *place;
	bool this_year;
	int when; /* day of last year, or per mille of this year so far */
	int days, participants;
	const char *roles[4];
} trainings[] = {
    {"62",
     "sw_skills",
     "Tập huấn kỹ năng công tác xã hội cho cán bộ, cộng tác viên cấp xã",
     "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum",
     "Hội trường Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum",
     false,
     95,
     3,
     35,
     {"sw_official", "sw_collaborator", "lisa_official"}},
    {"62",
     "facility_management",
     "Bồi dưỡng nghiệp vụ quản lý cơ sở trợ giúp xã hội",
     "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum",
     "Trung tâm Bảo trợ và Công tác xã hội tỉnh Kon Tum",
     true,
     350,
     2,
     18,
     {"facility_staff", "sw_official"}},
    {"612",
     "child_protection",
     "Tập huấn kỹ năng phát hiện, can thiệp, hỗ trợ trẻ em bị xâm hại",
     "Phòng Lao động - Thương binh và Xã hội huyện Đắk Tô",
     "Hội trường Ủy ban nhân dân huyện Đắk Tô",
     false,
     160,
     2,
     30,
     {"cp_officer", "sw_collaborator", "other"}},
    {"612",
     "ge_leadership",
     "Bồi dưỡng kiến thức bình đẳng giới và kỹ năng lãnh đạo, quản lý cho "
     "nữ cán bộ",
     "Ủy ban nhân dân huyện Đắk Tô",
     "Trung tâm Chính trị huyện Đắk Tô",
     true,
     520,
     3,
     25,
     {"female_leader", "female_deputy", "female_pipeline"}},
    {"62",
     "trafficking_support",
     "Tập huấn hỗ trợ nạn nhân bị mua bán cho cán bộ tuyến cơ sở",
     "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum",
     "Khách sạn Đăk Bla, thành phố Kon Tum",
     true,
     760,
     2,
     28,
     {"lisa_official", "cp_officer", "other"}},
    {"34",
     "drug_rehab_treatment",
     "Tập huấn chuyên môn tư vấn, điều trị nghiện ma túy tại cộng đồng",
     "Sở Lao động - Thương binh và Xã hội tỉnh Thái Bình",
     "Cơ sở cai nghiện ma túy tỉnh Thái Bình",
     false,
     230,
     3,
     40,
     {"rehab_staff", "lisa_official", "other"}},
    {"34",
     "pwd_care_rehab",
     "Tập huấn kỹ năng chăm sóc, phục hồi chức năng cho người khuyết tật "
     "tại gia đình",
     "Trung tâm Công tác xã hội và Bảo trợ xã hội tỉnh Thái Bình",
     "Hội trường Ủy ban nhân dân thành phố Thái Bình",
     false,
     290,
     2,
     32,
     {"family_caregiver", "facility_staff", "sw_collaborator"}},
    {"34",
     "sex_work_support",
     "Tập huấn kỹ năng hỗ trợ xã hội cho người bán dâm",
     "Sở Lao động - Thương binh và Xã hội tỉnh Thái Bình",
     "Hội trường Sở Lao động - Thương binh và Xã hội tỉnh Thái Bình",
     true,
     420,
     2,
     22,
     {"lisa_official", "sw_collaborator", "ge_staff"}},
    {"34",
     "ge_knowledge",
     "Hội nghị tập huấn kiến thức về bình đẳng giới cho cán bộ cấp xã",
     "Sở Lao động - Thương binh và Xã hội tỉnh Thái Bình",
     "Hội trường Hội Liên hiệp Phụ nữ tỉnh Thái Bình",
     true,
     880,
     1,
     38,
     {"ge_staff", "female_deputy", "female_leader", "lisa_official"}},
    {"106",
     "gbv_response",
     "Tập huấn phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
     "Phòng Lao động - Thương binh và Xã hội huyện Tam Đường",
     "Hội trường Ủy ban nhân dân huyện Tam Đường",
     false,
     310,
     2,
     26,
     {"ge_staff", "cp_officer", "sw_collaborator"}},
    {"106",
     "child_protection",
     "Tập huấn nghiệp vụ bảo vệ trẻ em cho cộng tác viên thôn, bản",
     "Phòng Lao động - Thương binh và Xã hội huyện Tam Đường",
     "Nhà văn hóa thị trấn Tam Đường",
     true,
     610,
     2,
     24,
     {"sw_collaborator", "cp_officer"}},
    {"106",
     "ge_leadership",
     "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho nữ cán bộ trong diện quy "
     "hoạch",
     "Ủy ban nhân dân huyện Tam Đường",
     "Trung tâm Chính trị huyện Tam Đường",
     true,
     930,
     3,
     16,
     {"female_pipeline", "female_leader", "female_deputy"}},
};

/* Where a participant of a training in unit `code` comes from. */
static const char *participant_unit(struct ng *g, const char *code)
{
	if (strcmp(code, "62") == 0)
		return PICK(g, kt_districts);
	if (strcmp(code, "612") == 0)
		return PICK(g, dakto_communes);
	if (strcmp(code, "34") == 0)
		return PICK(g, tb_districts);
	if (strcmp(code, "106") == 0)
		return PICK(g, tamduong_communes);
	return code;
}

/* Agency and position by role; `place` is the participant's unit label. */
static void role_agency(struct ng *g, const char *role, const char *place,
                        const struct unit_row *u, const char **agency,
                        const char **position)
{
	bool commune = u->level == 3;
	const char *ubnd = arena_printf(g->a, "Ủy ban nhân dân %s", place);
	*agency = ubnd;
	*position = NULL;
	if (strcmp(role, "sw_official") == 0) {
		*agency = commune ? ubnd
		                  : arena_printf(g->a,
		                                 "Phòng Lao động - Thương binh "
		                                 "và Xã hội %s",
		                                 place);
		*position = "Chuyên viên công tác xã hội";
	} else if (strcmp(role, "sw_collaborator") == 0) {
		*position = "Cộng tác viên công tác xã hội";
	} else if (strcmp(role, "facility_staff") == 0) {
		*agency =
		    g->centre_name[strncmp(u->path, "34", 2) == 0 ? TB_CENTRE
		                                                  : KT_CENTRE];
		*position =
		    PICK(g, ((const char *const[]){"Nhân viên công tác xã hội",
		                                   "Nhân viên chăm sóc",
		                                   "Điều dưỡng viên"}));
	} else if (strcmp(role, "lisa_official") == 0) {
		*position = commune
		                ? "Công chức Văn hóa - Xã hội"
		                : "Chuyên viên Phòng Lao động - Thương binh "
		                  "và Xã hội";
	} else if (strcmp(role, "rehab_staff") == 0) {
		*agency = "Cơ sở cai nghiện ma túy tỉnh Thái Bình";
		*position = PICK(
		    g, ((const char *const[]){"Bác sĩ", "Y sĩ", "Cán bộ tư vấn",
		                              "Cán bộ quản lý học viên"}));
	} else if (strcmp(role, "ge_staff") == 0) {
		*agency = arena_printf(g->a, "Hội Liên hiệp Phụ nữ %s", place);
		*position = "Cán bộ phụ trách bình đẳng giới";
	} else if (strcmp(role, "cp_officer") == 0) {
		*position = "Cán bộ phụ trách công tác trẻ em";
	} else if (strcmp(role, "female_deputy") == 0) {
		*agency = arena_printf(g->a, "Hội đồng nhân dân %s", place);
		*position = "Đại biểu Hội đồng nhân dân";
	} else if (strcmp(role, "female_leader") == 0) {
		*position = PICK(g, ((const char *const[]){
		                        "Phó Chủ tịch Ủy ban nhân dân",
		                        "Trưởng phòng", "Phó Trưởng phòng"}));
	} else if (strcmp(role, "female_pipeline") == 0) {
		*position = "Cán bộ trong diện quy hoạch lãnh đạo";
	} else if (strcmp(role, "family_caregiver") == 0) {
		*agency = NULL;
		*position = "Người chăm sóc người khuyết tật tại gia đình";
	} else {
		*agency =
		    PICK(g, ((const char *const[]){
		                "Công an xã", "Trạm Y tế xã", "Trường Tiểu học",
		                "Ban công tác Mặt trận thôn"}));
		*position = NULL;
	}
}

/* How often a participant of a role is a woman: the female_* groups
 * always, the women's union's gender staff and family caregivers mostly,
 * drug rehabilitation staff less often. */
static int female_percent(const char *role)
{
	if (strncmp(role, "female_", 7) == 0)
		return 100;
	if (strcmp(role, "ge_staff") == 0)
		return 85;
	if (strcmp(role, "family_caregiver") == 0)
		return 75;
	if (strcmp(role, "sw_collaborator") == 0)
		return 60;
	if (strcmp(role, "rehab_staff") == 0)
		return 35;
	return 50;
}

static enum store_status add_trainings(struct ng *g)
{
	for (size_t i = 0; i < N(trainings); i++) {
		const struct training_def *d = &trainings[i];
		struct unit_row u;
		enum store_status s = unit(g, d->unit, &u);
		if (s != STORE_OK)
			return fail(g, s, "a training's unit is missing");
		enum who by = strcmp(d->unit, "106") == 0  ? TAMDUONG
		              : strcmp(d->unit, "34") == 0 ? SOTHAIBINH
		                                           : SOKONTUM;
		struct training_row t = {0};
		t.title = d->title;
		t.title_folded = text_fold(g->a, d->title);
		t.topic = d->topic;
		t.project = training_topic_project(d->topic);
		t.starts_on = d->this_year ? this_year_day(g, d->when)
		                           : last_year_day(g, d->when);
		int64_t start = 0;
		time_parse_iso8601(t.starts_on, &start);
		t.ends_on = day_of(g, start + (int64_t)(d->days - 1) * DAY -
		                          HCM_OFFSET);
		t.organiser = d->organiser;
		t.place = d->place;
		t.unit_tree = u.tree;
		t.unit_code = u.code;
		t.unit_path = u.path;
		t.created_by = g->users[by].id;
		t.created_at = t.updated_at = g->now;
		s = store_training_insert(g->st, &t);
		if (s != STORE_OK)
			return fail(g, s, "cannot add a training");
		audit(g, "training_create", "training", t.id, t.unit_tree,
		      t.unit_path);
		g->stats->trainings++;
		size_t nroles = 0;
		while (nroles < N(d->roles) && d->roles[nroles])
			nroles++;
		enum region reg = region_of(u.path);
		for (int k = 0; k < d->participants; k++) {
			struct participant_row p = {0};
			/* the first role is the training's main audience */
			p.role = d->roles[chance(g, 55) ? 0 : next(g) % nroles];
			bool female = chance(g, female_percent(p.role));
			p.training_id = t.id;
			p.full_name = person_name(g, reg, female, NULL);
			p.full_name_folded = text_fold(g->a, p.full_name);
			p.sex = female ? "female" : "male";
			struct unit_row pu;
			s = unit(g, participant_unit(g, d->unit), &pu);
			if (s != STORE_OK)
				return fail(g, s,
				            "a participant's unit is missing");
			role_agency(g, p.role, label(g, &pu), &pu, &p.agency,
			            &p.position);
			p.unit_tree = pu.tree;
			p.unit_code = pu.code;
			p.unit_path = pu.path;
			p.birth_year = g->year - between(g, 24, 58);
			p.created_by = t.created_by;
			p.created_at = g->now;
			s = store_participant_insert(g->st, &p);
			if (s != STORE_OK)
				return fail(g, s, "cannot add a participant");
			g->stats->participants++;
		}
	}
	return STORE_OK;
}

/* ---- communication activities ---------------------------------------- */

static const struct {
	const char *code, *phrase;
} topics[] = {
    {"child_protection", "bảo vệ, chăm sóc trẻ em"},
    {"gender_equality", "bình đẳng giới"},
    {"gbv", "phòng, chống bạo lực gia đình, bạo lực trên cơ sở giới"},
    {"anti_prostitution", "phòng, chống mại dâm"},
    {"drugs", "phòng, chống ma túy"},
    {"trafficking", "phòng, chống mua bán người"},
    {"social_assistance", "chính sách trợ giúp xã hội"},
    {"other", "pháp luật về hôn nhân và gia đình"},
};

static const struct {
	const char *code, *title; /* title: %s is the topic's phrase */
	int reach_min, reach_max;
	const char *audience;
} kinds[] = {
    {"meeting", "Họp dân tuyên truyền về %s", 40, 150, "general_public"},
    {"broadcast", "Phát thanh chuyên mục %s trên loa truyền thanh", 600, 3000,
     "general_public"},
    {"leaflet", "Cấp phát tờ rơi, treo pa nô về %s", 150, 500,
     "general_public"},
    {"club_session", "Sinh hoạt câu lạc bộ chủ đề %s", 15, 45, "women"},
    {"contest", "Hội thi tìm hiểu về %s", 60, 250, "students"},
    {"event", "Mít tinh truyền thông về %s", 150, 600, "general_public"},
    {"online", "Đăng tin, bài về %s trên trang thông tin điện tử", 200, 1500,
     "general_public"},
};

/* Where activities are held: communes and how many each.  Đắk Tô gets
 * gender equality this year only in the `ge` communes, so the coverage
 * table of district 612 has covered and uncovered rows. */
static const char *const ge_covered[] = {"23401", "23428", "23430", "23437"};
static const char *const ge_last_year[] = {"23427", "23443"};
static const char *const tb_communes[] = {"12451", "12469", "12472", "12574",
                                          "12523"};

static enum store_status add_activity(struct ng *g, const char *code, int topic,
                                      int kind, bool this_year)
{
	struct unit_row u;
	enum store_status s = unit(g, code, &u);
	if (s != STORE_OK)
		return fail(g, s, "an activity's commune is missing");
	struct communication_row r = {0};
	r.unit_tree = u.tree;
	r.unit_code = u.code;
	r.unit_path = u.path;
	r.kind = kinds[kind].code;
	r.topic = topics[topic].code;
	/* a club of the women's union; a contest at the school */
	r.audience = strcmp(r.topic, "child_protection") == 0 &&
	                     strcmp(r.kind, "meeting") == 0 && chance(g, 50)
	                 ? "children"
	                 : kinds[kind].audience;
	r.held_on = this_year ? this_year_day(g, between(g, 0, 1000))
	                      : last_year_day(g, between(g, 0, 364));
	r.title = arena_printf(g->a, kinds[kind].title, topics[topic].phrase);
	int reach = between(g, kinds[kind].reach_min, kinds[kind].reach_max);
	int female_pct = strcmp(r.audience, "women") == 0 ? between(g, 85, 100)
	                                                  : between(g, 42, 62);
	r.reach_female = (int64_t)reach * female_pct / 100;
	r.reach_male = reach - r.reach_female;
	enum who by = strcmp(code, "23401") == 0     ? XADAKTO
	              : region_of(u.path) == TAY_BAC ? TAMDUONG
	              : region_of(u.path) == KINH    ? SOTHAIBINH
	                                             : SOKONTUM;
	r.created_by = g->users[by].id;
	r.created_at = r.updated_at = g->now;
	s = store_communication_insert(g->st, &r);
	if (s != STORE_OK)
		return fail(g, s, "cannot add a communication activity");
	audit(g, "communication_create", "communication", r.id, r.unit_tree,
	      r.unit_path);
	g->stats->communications++;
	return STORE_OK;
}

#define TOPIC_GE 1 /* topics[1] */

static bool in_list(const char *code, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(code, list[i]) == 0)
			return true;
	return false;
}

static enum store_status add_communications(struct ng *g)
{
	enum store_status s;
	/* Đắk Tô: four activities a commune on other topics, then the
	 * gender-equality ones that decide coverage */
	for (size_t i = 0; i < N(dakto_communes); i++) {
		for (int k = 0; k < 4; k++) {
			int topic;
			do
				topic = (int)(next(g) % N(topics));
			while (topic == TOPIC_GE);
			s = add_activity(g, dakto_communes[i], topic,
			                 (int)(next(g) % N(kinds)),
			                 chance(g, 55));
			if (s != STORE_OK)
				return s;
		}
		s = STORE_OK;
		if (in_list(dakto_communes[i], ge_covered, N(ge_covered)))
			s = add_activity(g, dakto_communes[i], TOPIC_GE,
			                 (int)(next(g) % N(kinds)), true);
		else if (in_list(dakto_communes[i], ge_last_year,
		                 N(ge_last_year)))
			s = add_activity(g, dakto_communes[i], TOPIC_GE,
			                 (int)(next(g) % N(kinds)), false);
		if (s != STORE_OK)
			return s;
	}
	/* Tam Đường: two or three a commune, any topic */
	for (size_t i = 0; i < N(tamduong_communes); i++) {
		int n = between(g, 2, 3);
		for (int k = 0; k < n; k++) {
			s = add_activity(
			    g, tamduong_communes[i], (int)(next(g) % N(topics)),
			    (int)(next(g) % N(kinds)), chance(g, 55));
			if (s != STORE_OK)
				return s;
		}
	}
	/* a few in Thái Bình */
	for (size_t i = 0; i < N(tb_communes); i++) {
		for (int k = 0; k < 2; k++) {
			s = add_activity(
			    g, tb_communes[i], (int)(next(g) % N(topics)),
			    (int)(next(g) % N(kinds)), chance(g, 55));
			if (s != STORE_OK)
				return s;
		}
	}
	return STORE_OK;
}

/* ---- the run --------------------------------------------------------- */

enum store_status netgen_run(struct store *st, struct arena *a, uint64_t seed,
                             int64_t now, struct netgen_stats *out,
                             const char **what)
{
	static const char *ignored;
	struct ng *g = arena_alloc(a, sizeof *g);
	memset(g, 0, sizeof *g);
	memset(out, 0, sizeof *out);
	g->st = st;
	g->a = a;
	g->rng = seed;
	g->now = now;
	g->stats = out;
	g->what = what ? what : &ignored;
	g->today = day_of(g, now);
	g->year = atoi(g->today);
	int64_t today_midnight = 0;
	time_parse_iso8601(g->today, &today_midnight);
	g->today_doy = (int)((today_midnight - jan1(g->year)) / DAY);

	for (int w = 0; w < WHO__MAX; w++)
		if (store_user_by_username(st, a, who_names[w], &g->users[w]) !=
		    STORE_OK)
			return fail(g, STORE_NOTFOUND,
			            "a demo user is missing");

	enum store_status s;
	for (size_t i = 0; i < N(facilities); i++)
		if ((s = add_facility(g, &facilities[i])) != STORE_OK)
			return s;

	/* coso.kontum works at Kon Tum's provincial centre (its scope, 62,
	 * is already the centre's unit) */
	struct user_row *coso = &g->users[COSO];
	coso->facility_id = g->centre_id[KT_CENTRE];
	coso->updated_at = now;
	if ((s = store_user_update(st, coso)) != STORE_OK)
		return fail(g, s, "cannot set coso.kontum's facility");
	audit(g, "user_update", "user", coso->id, coso->scope_tree,
	      coso->scope_path);
	out->centre_id = g->centre_id[KT_CENTRE];
	out->centre_name = g->centre_name[KT_CENTRE];

	struct residential rc = {0};
	if ((s = add_residents(g, &rc)) != STORE_OK ||
	    (s = add_placements(g, &rc)) != STORE_OK ||
	    (s = add_trainings(g)) != STORE_OK ||
	    (s = add_communications(g)) != STORE_OK)
		return s;
	return STORE_OK;
}
