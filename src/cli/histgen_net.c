/*
 * histgen_net.c — the network records of the demo's past years (see
 * histgen.h): facilities, service points and models started 2016–2020,
 * and trainings of 2018–2020 with their participants (the communication
 * activities are histgen_reach.c's).
 *
 * Trainings are held by the plan's unit; each participant comes from a
 * child unit, given out by hg_allocate so the stronger units train more
 * of their staff and none trains more people of a group than it has
 * (hg_headcount, entered as aggregates by histgen_agg.c).  Records are
 * dated when they happened and entered soon after.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/casegen.h"
#include "cli/histgen_int.h"
#include "domain/network.h"
#include "lib/arena.h"
#include "lib/fold.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAY  86400
#define EACH 0 /* every year 2018–2020 */

/* ---- facilities ------------------------------------------------------- */

static const struct {
	const char *unit, *type, *name;
	int capacity; /* -1: none */
	const char *licence_no, *started_on;
	int sw_standard;
	enum hg_area by;
} facilities[] = {
    {"608", "fac_social_work_centre",
     "Trung tâm Công tác xã hội thành phố Kon Tum", -1, "45/QĐ-UBND",
     "2017-03-01", 1, HG_KT},
    {"608", "sp_cp_office",
     "Văn phòng tư vấn công tác xã hội trẻ em thành phố Kon Tum", -1, NULL,
     "2016-06-01", 0, HG_KT},
    {"614", "sp_cp_office",
     "Văn phòng tư vấn công tác xã hội trẻ em huyện Kon Rẫy", -1, NULL,
     "2018-03-15", 0, HG_KT},
    {"617", "sp_cp_office",
     "Văn phòng tư vấn công tác xã hội trẻ em huyện Tu Mơ Rông", -1, NULL,
     "2019-05-20", 0, HG_KT},
    {"610", "sp_cp_office",
     "Văn phòng tư vấn công tác xã hội trẻ em huyện Đắk Glei", -1, NULL,
     "2020-10-01", 0, HG_KT},
    {"23500", "fac_trusted_address", "Địa chỉ tin cậy thị trấn Đắk Hà", 3, NULL,
     "2019-04-10", 0, HG_KT},
    {"23377", "fac_trusted_address", "Địa chỉ tin cậy thị trấn Plei Kần", 2,
     NULL, "2019-06-15", 0, HG_KT},
    {"23296", "fac_trusted_address", "Địa chỉ tin cậy phường Ngô Mây", 3, NULL,
     "2019-10-20", 0, HG_KT},
    {"23527", "fac_trusted_address", "Địa chỉ tin cậy thị trấn Sa Thầy", 2,
     NULL, "2020-03-08", 0, HG_KT},
    {"23494", "fac_trusted_address", "Địa chỉ tin cậy xã Đắk Tờ Re", 2, NULL,
     "2020-05-20", 0, HG_KT},
    {"23341", "fac_trusted_address", "Địa chỉ tin cậy thị trấn Đắk Glei", 2,
     NULL, "2020-06-25", 0, HG_KT},
    {"23458", "fac_trusted_address", "Địa chỉ tin cậy xã Măng Buk", 2, NULL,
     "2020-08-15", 0, HG_KT},
    {"23422", "fac_trusted_address", "Địa chỉ tin cậy xã Tu Mơ Rông", 2, NULL,
     "2020-09-10", 0, HG_KT},
    {"608", "model_women_economic",
     "Mô hình hỗ trợ phụ nữ khởi sự kinh doanh thành phố Kon Tum", -1, NULL,
     "2018-06-01", 0, HG_KT},
    {"615", "model_women_economic",
     "Tổ hợp tác phụ nữ trồng sâm dây huyện Đắk Hà", -1, NULL, "2019-03-08", 0,
     HG_KT},
    {"611", "model_women_economic",
     "Câu lạc bộ phụ nữ phát triển kinh tế huyện Ngọc Hồi", -1, NULL,
     "2019-08-01", 0, HG_KT},
    {"612", "model_women_economic",
     "Mô hình phụ nữ dệt thổ cẩm tạo việc làm huyện Đắk Tô", -1, NULL,
     "2020-03-08", 0, HG_KT},
    {"616", "model_women_economic",
     "Tổ liên kết phụ nữ chăn nuôi huyện Sa Thầy", -1, NULL, "2020-05-01", 0,
     HG_KT},
    {"614", "model_women_economic",
     "Mô hình phụ nữ trồng cà phê xen canh huyện Kon Rẫy", -1, NULL,
     "2020-09-15", 0, HG_KT},
    {"608", "model_sex_work_support",
     "Mô hình cung cấp dịch vụ hỗ trợ xã hội cho người bán dâm thành phố Kon "
     "Tum",
     -1, NULL, "2019-03-01", 0, HG_KT},
    {"611", "model_trafficking_reintegration",
     "Mô hình hỗ trợ hòa nhập cộng đồng cho nạn nhân bị mua bán huyện Ngọc "
     "Hồi",
     -1, NULL, "2020-07-01", 0, HG_KT},
    {"03390", "fac_trusted_address", "Địa chỉ tin cậy thị trấn Tam Đường", 2,
     NULL, "2019-05-15", 0, HG_TD},
    {"12436", "sp_drug_counselling",
     "Điểm tư vấn, hỗ trợ điều trị cai nghiện ma túy xã Bồ Xuyên", -1, NULL,
     "2019-07-01", 0, HG_TB},
    {"12694", "sp_drug_counselling",
     "Điểm tư vấn, hỗ trợ điều trị cai nghiện ma túy xã Đông Phương", -1, NULL,
     "2020-06-15", 0, HG_TB},
};

static enum store_status add_facilities(struct hg *g)
{
	for (size_t i = 0; i < N(facilities); i++) {
		struct unit_row u;
		enum store_status s = hg_unit(g, facilities[i].unit, &u);
		if (s != STORE_OK)
			return hg_fail(g, s, "a facility's unit is missing");
		const struct user_row *by = &g->user[facilities[i].by];
		struct facility_row f = {0};
		f.name = facilities[i].name;
		f.name_folded = text_fold(g->a, f.name);
		f.type = facilities[i].type;
		f.kind = facility_kind_of(f.type);
		if (f.kind == NULL)
			return hg_fail(g, STORE_ERROR,
			               "a facility type is not in the list");
		f.ownership = "public";
		f.unit_tree = u.tree;
		f.unit_code = u.code;
		f.unit_path = u.path;
		f.capacity = facilities[i].capacity;
		f.licence_no = facilities[i].licence_no;
		f.licence_date = f.licence_no ? facilities[i].started_on : NULL;
		f.licence_issuer =
		    f.licence_no ? "Ủy ban nhân dân tỉnh Kon Tum" : NULL;
		f.started_on = facilities[i].started_on;
		f.status = "active";
		f.sw_standard = facilities[i].sw_standard;
		f.created_by = by->id;
		f.created_at = f.updated_at = hg_noon(f.started_on) + 3 * DAY;
		s = store_facility_insert(g->st, &f);
		if (s != STORE_OK)
			return hg_fail(g, s, "cannot add a facility");
		json_t *data =
		    json_pack("{s:s, s:s, s:s}", "type", f.type, "unit_code",
		              f.unit_code, "status", f.status);
		char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(data);
		struct facility_event_row e = {0};
		e.facility_id = f.id;
		e.at = f.created_at;
		e.actor_id = by->id;
		e.actor_name = by->username;
		e.kind = "created";
		e.data = text ? arena_strdup(g->a, text) : "{}";
		free(text);
		s = store_facility_event_append(g->st, &e);
		if (s != STORE_OK)
			return hg_fail(g, s, "cannot add a facility event");
		hg_audit(g, "facility_create", "facility", f.id, f.unit_tree,
		         f.unit_path);
		g->stats->facilities++;
	}
	return STORE_OK;
}

/* ---- trainings -------------------------------------------------------- */

static const struct training_def {
	enum hg_area area;
	int year, doy, days;
	const char *topic, *title;
	const char *roles; /* "role:count …" */
} trainings[] = {
    {HG_KT, 2018, 88, 3, "sw_skills",
     "Tập huấn kỹ năng công tác xã hội cho cộng tác viên cấp xã",
     "sw_collaborator:22 lisa_official:10 cp_officer:6"},
    {HG_KT, 2018, 200, 2, "sw_skills",
     "Bồi dưỡng nghiệp vụ công tác xã hội cho cán bộ cấp huyện",
     "sw_official:8 sw_collaborator:14"},
    {HG_KT, 2018, 250, 2, "pwd_care_rehab",
     "Tập huấn kỹ năng chăm sóc, phục hồi chức năng cho người khuyết tật tại "
     "gia đình",
     "family_caregiver:35"},
    {HG_KT, 2018, 150, 2, "ge_knowledge",
     "Tập huấn kiến thức về bình đẳng giới cho cán bộ cơ sở", "ge_staff:30"},
    {HG_KT, 2018, 290, 3, "ge_leadership",
     "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho nữ cán bộ trong diện quy hoạch",
     "female_pipeline:15"},
    {HG_KT, 2018, 310, 2, "drug_rehab_treatment",
     "Tập huấn chuyên môn điều trị, cai nghiện ma túy", "rehab_staff:10"},
    {HG_KT, 2019, 75, 3, "sw_skills",
     "Tập huấn kỹ năng công tác xã hội cho cộng tác viên cấp xã",
     "sw_collaborator:25 lisa_official:10"},
    {HG_KT, 2019, 130, 2, "child_protection",
     "Tập huấn nghiệp vụ bảo vệ trẻ em cho cán bộ, cộng tác viên",
     "cp_officer:10 sw_collaborator:20"},
    {HG_KT, 2019, 230, 3, "sw_skills",
     "Bồi dưỡng nghiệp vụ công tác xã hội cho công chức LĐTBXH",
     "sw_official:12 lisa_official:18"},
    {HG_KT, 2019, 110, 2, "pwd_care_rehab",
     "Tập huấn chăm sóc người khuyết tật tại gia đình (đợt 1)",
     "family_caregiver:30"},
    {HG_KT, 2019, 260, 2, "pwd_care_rehab",
     "Tập huấn chăm sóc người khuyết tật tại gia đình (đợt 2)",
     "family_caregiver:30"},
    {HG_KT, 2019, 160, 2, "ge_knowledge",
     "Tập huấn kiến thức về bình đẳng giới (lớp 1)", "ge_staff:36"},
    {HG_KT, 2019, 280, 2, "ge_knowledge",
     "Tập huấn kiến thức về bình đẳng giới (lớp 2)", "ge_staff:34"},
    {HG_KT, 2019, 300, 3, "ge_leadership",
     "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho nữ cán bộ trong diện quy hoạch",
     "female_pipeline:25"},
    {HG_KT, 2019, 320, 2, "drug_rehab_treatment",
     "Tập huấn chuyên môn điều trị, cai nghiện ma túy", "rehab_staff:20"},
    {HG_KT, 2020, 60, 3, "sw_skills",
     "Tập huấn kỹ năng công tác xã hội cho cộng tác viên (lớp 1)",
     "sw_collaborator:28 lisa_official:10"},
    {HG_KT, 2020, 180, 3, "sw_skills",
     "Tập huấn kỹ năng công tác xã hội cho cộng tác viên (lớp 2)",
     "sw_collaborator:24 sw_official:12"},
    {HG_KT, 2020, 210, 2, "child_protection",
     "Tập huấn nghiệp vụ bảo vệ trẻ em cho cán bộ, cộng tác viên",
     "cp_officer:14 sw_collaborator:16"},
    {HG_KT, 2020, 270, 3, "sw_skills",
     "Bồi dưỡng nghiệp vụ công tác xã hội cho công chức LĐTBXH",
     "lisa_official:16 sw_official:12"},
    {HG_KT, 2020, 100, 2, "pwd_care_rehab",
     "Tập huấn chăm sóc người khuyết tật tại gia đình (đợt 1)",
     "family_caregiver:30"},
    {HG_KT, 2020, 230, 2, "pwd_care_rehab",
     "Tập huấn chăm sóc người khuyết tật tại gia đình (đợt 2)",
     "family_caregiver:30"},
    {HG_KT, 2020, 300, 2, "pwd_care_rehab",
     "Tập huấn chăm sóc người khuyết tật tại gia đình (đợt 3)",
     "family_caregiver:28"},
    {HG_KT, 2020, 140, 2, "ge_knowledge",
     "Tập huấn kiến thức về bình đẳng giới (lớp 1)", "ge_staff:40"},
    {HG_KT, 2020, 240, 2, "ge_knowledge",
     "Tập huấn kiến thức về bình đẳng giới (lớp 2)", "ge_staff:38"},
    {HG_KT, 2020, 310, 2, "ge_knowledge",
     "Tập huấn kiến thức về bình đẳng giới (lớp 3)", "ge_staff:34"},
    {HG_KT, 2020, 285, 3, "ge_leadership",
     "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho nữ cán bộ trong diện quy hoạch",
     "female_pipeline:38"},
    {HG_KT, 2020, 325, 2, "drug_rehab_treatment",
     "Tập huấn chuyên môn điều trị, cai nghiện ma túy", "rehab_staff:28"},
    {HG_TB, EACH, 120, 3, "sw_skills",
     "Tập huấn kỹ năng công tác xã hội cho cán bộ, cộng tác viên",
     "sw_collaborator:20 lisa_official:10 facility_staff:8"},
    {HG_TB, EACH, 200, 1, "ge_knowledge",
     "Hội nghị tập huấn về bình đẳng giới cho cán bộ, đại biểu dân cử",
     "ge_staff:20 female_leader:10 female_deputy:8"},
    {HG_TB, EACH, 260, 3, "ge_leadership",
     "Bồi dưỡng kỹ năng lãnh đạo cho nữ cán bộ trong diện quy hoạch",
     "female_pipeline:30"},
    {HG_TB, EACH, 300, 3, "drug_rehab_treatment",
     "Tập huấn chuyên môn điều trị, cai nghiện ma túy", "rehab_staff:25"},
    {HG_TD, EACH, 140, 2, "sw_skills",
     "Tập huấn kỹ năng công tác xã hội cho cộng tác viên thôn, bản",
     "sw_collaborator:20 lisa_official:12"},
    {HG_TD, EACH, 250, 3, "ge_leadership",
     "Bồi dưỡng kiến thức bình đẳng giới, kỹ năng lãnh đạo cho nữ cán bộ",
     "female_pipeline:10 female_leader:12 female_deputy:8 ge_staff:10"},
};

/* How participants of a role are given out over the child units: by the
 * group whose headcount caps them; the rehabilitation facility's staff
 * belong to the plan's unit itself, caregivers and others are not
 * capped. */
enum cls { C_FL, C_W, C_G, C_P, C_L, C_FREE, C_RETAB, C__MAX };

static enum cls class_of(const char *role)
{
	if (strcmp(role, "facility_staff") == 0 ||
	    strcmp(role, "lisa_official") == 0)
		return C_FL;
	if (strcmp(role, "sw_official") == 0 ||
	    strcmp(role, "sw_collaborator") == 0 ||
	    strcmp(role, "cp_officer") == 0)
		return C_W;
	if (strcmp(role, "ge_staff") == 0)
		return C_G;
	if (strcmp(role, "female_pipeline") == 0)
		return C_P;
	if (strcmp(role, "female_deputy") == 0 ||
	    strcmp(role, "female_leader") == 0)
		return C_L;
	if (strcmp(role, "rehab_staff") == 0)
		return C_RETAB;
	return C_FREE;
}

struct role_count {
	const char *role;
	int n;
};

/* The "role:count …" of a training, in the arena. */
static size_t roles_of(struct hg *g, const char *spec, struct role_count *out,
                       size_t max)
{
	const char *w[8];
	size_t n = hg_words(g->a, spec, " ", w, max < N(w) ? max : N(w));
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(w[i], ":");
		out[i].role = arena_strndup(g->a, w[i], len);
		out[i].n = w[i][len] == ':' ? atoi(w[i] + len + 1) : 0;
	}
	return n;
}

/* The child units of a year's participants, class by class, shuffled. */
struct queue {
	int *sub;
	int n, next;
};

static void fill_queues(struct hg *g, enum hg_area area, int year,
                        struct queue q[C__MAX])
{
	int total[C__MAX] = {0};
	for (size_t i = 0; i < N(trainings); i++) {
		const struct training_def *t = &trainings[i];
		if (t->area != area || (t->year != EACH && t->year != year))
			continue;
		struct role_count r[4];
		size_t nr = roles_of(g, t->roles, r, N(r));
		for (size_t k = 0; k < nr; k++)
			total[class_of(r[k].role)] += r[k].n;
	}
	const struct hg_area_def *d = &hg_areas[area];
	int w[HG_MAX_SUB], fl[HG_MAX_SUB], cap[HG_MAX_SUB];
	hg_headcount(area, HG_W, year, w);
	hg_headcount(area, HG_FL, year, fl);
	bool has_fl = false;
	for (size_t i = 0; i < d->n; i++)
		has_fl = has_fl || fl[i] > 0;
	for (int c = 0; c < C__MAX; c++) {
		int share[HG_MAX_SUB];
		const int *caps = cap;
		enum hg_group grp = c == C_G ? HG_G : c == C_P ? HG_P : HG_L;
		if (c == C_FL || c == C_W) {
			/* workforce: facility and LĐTBXH staff within their
			 * own count when the plan has one */
			for (size_t i = 0; i < d->n; i++)
				cap[i] = !has_fl     ? w[i]
				         : c == C_FL ? fl[i]
				                     : w[i] - fl[i];
		} else if (c == C_G || c == C_P || c == C_L) {
			hg_headcount(area, grp, year, cap);
			if (cap[0] == 0)
				caps = NULL;
		} else {
			caps = NULL;
		}
		int want = total[c];
		if (!has_fl && c == C_W)
			want += total[C_FL]; /* one count for both */
		if (!has_fl && c == C_FL)
			want = 0;
		hg_allocate(area, want, caps, share);
		q[c].n = 0;
		q[c].next = 0;
		q[c].sub = arena_alloc(g->a, (size_t)(want + 1) * sizeof(int));
		for (size_t i = 0; i < d->n; i++)
			for (int k = 0; k < share[i]; k++)
				q[c].sub[q[c].n++] = (int)i;
		for (int i = q[c].n - 1; i > 0; i--) {
			int j = (int)(hg_next(g) % (uint64_t)(i + 1));
			int t = q[c].sub[i];
			q[c].sub[i] = q[c].sub[j];
			q[c].sub[j] = t;
		}
	}
	if (!has_fl)
		q[C_FL].n = -1; /* one queue: C_W's */
}

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

/* Roles met in the commune; the others work at the district. */
static bool commune_role(const char *role)
{
	return strcmp(role, "sw_collaborator") == 0 ||
	       strcmp(role, "lisa_official") == 0 ||
	       strcmp(role, "cp_officer") == 0 ||
	       strcmp(role, "ge_staff") == 0 ||
	       strcmp(role, "family_caregiver") == 0;
}

static enum store_status participant(struct hg *g, enum hg_area area,
                                     const struct training_row *t,
                                     const char *role, struct queue *q,
                                     const struct unit_row *home)
{
	struct unit_row u = *home; /* rehabilitation staff */
	enum store_status s;
	if (q != NULL) {
		int *sub = q->n > 0 ? &q->sub[q->next++ % q->n] : NULL;
		/* more people than the queue: only when a table is wrong */
		if (sub == NULL)
			return hg_fail(g, STORE_ERROR,
			               "no unit for a participant");
		s = hg_unit(g, hg_areas[area].sub[*sub], &u);
		if (s != STORE_OK)
			return hg_fail(g, s, "a participant's unit is missing");
		if (u.level < 3 && commune_role(role)) {
			const struct unit_row **list;
			size_t n = hg_communes_of(g, u.path, NULL, &list);
			if (n > 0)
				u = *list[hg_next(g) % n];
		}
	}
	bool female = hg_chance(g, female_percent(role));
	struct participant_row p = {0};
	p.training_id = t->id;
	p.full_name = hg_name(g, area, female);
	p.full_name_folded = text_fold(g->a, p.full_name);
	p.sex = female ? "female" : "male";
	p.role = role;
	p.agency =
	    strcmp(role, "rehab_staff") == 0
	        ? arena_printf(g->a, "Cơ sở cai nghiện ma túy %s", home->name)
	    : strcmp(role, "family_caregiver") == 0
	        ? NULL
	        : arena_printf(g->a, "Ủy ban nhân dân %s",
	                       casegen_unit_label(g->a, u.type, u.name));
	p.unit_tree = u.tree;
	p.unit_code = u.code;
	p.unit_path = u.path;
	p.birth_year = atoi(t->starts_on) - hg_between(g, 24, 58);
	p.created_by = t->created_by;
	p.created_at = t->created_at;
	s = store_participant_insert(g->st, &p);
	if (s != STORE_OK)
		return hg_fail(g, s, "cannot add a participant");
	g->stats->participants++;
	return STORE_OK;
}

static enum store_status one_training(struct hg *g, enum hg_area area, int year,
                                      const struct training_def *d,
                                      struct queue q[C__MAX],
                                      const struct unit_row *home)
{
	struct training_row t = {0};
	t.title = d->title;
	t.title_folded = text_fold(g->a, d->title);
	t.topic = d->topic;
	t.project = training_topic_project(d->topic);
	t.starts_on = hg_day(g, year, d->doy);
	t.ends_on = hg_day(g, year, d->doy + d->days - 1);
	t.organiser = arena_printf(
	    g->a, "%s %s",
	    home->level == 1 ? "Sở Lao động - Thương binh và Xã hội"
	                     : "Phòng Lao động - Thương binh và Xã hội",
	    casegen_unit_label(g->a, home->type, home->name));
	t.place = "Hội trường Ủy ban nhân dân";
	t.unit_tree = home->tree;
	t.unit_code = home->code;
	t.unit_path = home->path;
	t.created_by = g->user[area].id;
	t.created_at = t.updated_at = hg_noon(t.ends_on) + 2 * DAY;
	enum store_status s = store_training_insert(g->st, &t);
	if (s != STORE_OK)
		return hg_fail(g, s, "cannot add a training");
	hg_audit(g, "training_create", "training", t.id, t.unit_tree,
	         t.unit_path);
	g->stats->trainings++;
	struct role_count r[4];
	size_t nr = roles_of(g, d->roles, r, N(r));
	for (size_t k = 0; k < nr; k++) {
		enum cls c = class_of(r[k].role);
		if (c == C_FL && q[C_FL].n < 0)
			c = C_W;
		for (int n = 0; n < r[k].n && s == STORE_OK; n++)
			s = participant(g, area, &t, r[k].role,
			                c == C_RETAB ? NULL : &q[c], home);
		if (s != STORE_OK)
			return s;
	}
	return STORE_OK;
}

static enum store_status add_trainings(struct hg *g)
{
	for (int area = 0; area < HG_AREAS; area++) {
		struct unit_row home;
		enum store_status s = hg_unit(g, hg_areas[area].code, &home);
		if (s != STORE_OK)
			return hg_fail(g, s, "a demo unit is missing");
		for (int y = HG_FIRST_YEAR; y < HG_FIRST_YEAR + HG_YEARS; y++) {
			struct queue q[C__MAX];
			fill_queues(g, (enum hg_area)area, y, q);
			for (size_t i = 0; i < N(trainings); i++) {
				const struct training_def *d = &trainings[i];
				if ((int)d->area == area &&
				    (d->year == EACH || d->year == y) &&
				    (s = one_training(g, (enum hg_area)area, y,
				                      d, q, &home)) != STORE_OK)
					return s;
			}
		}
	}
	return STORE_OK;
}

enum store_status hg_network(struct hg *g)
{
	enum store_status s = add_facilities(g);
	return s == STORE_OK ? add_trainings(g) : s;
}
