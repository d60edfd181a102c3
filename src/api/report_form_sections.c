/*
 * report_form_sections.c — the sections of a report's form drawn from
 * its data (report_form_internal.h): I. the indicators, II. the budget,
 * III. the activities, IV. the consolidation of the units below.
 *
 * Decisions:
 * - Indicators are grouped by project, headed "Dự án N: …" with the names
 *   of Decision 565/QĐ-TTg; the sex breakdown follows its indicator as
 *   "– Nam" / "– Nữ" rows with the value of the sex's own counts.
 * - A target for a later year than the report's (the plan's end) shows
 *   its year: "85% (năm 2025)".
 * - The budget is the year's (budgets are yearly) by project, then the
 *   total; the consolidation lists every child with its report's state
 *   and timeliness, names the missing ones, then the sums.
 */
#include <stdio.h>
#include <string.h>

#include "api/report_form_internal.h"
#include "domain/indicators.h"
#include "lib/arena.h"

/* ---- I. indicators ---------------------------------------------------- */

static const struct form_column indicator_cols[] = {
    {"STT", 1, 2.2, FORM_CENTER},
    {"Mã", 1, 5.5, FORM_LEFT},
    {"Chỉ tiêu", 1, 11, FORM_LEFT},
    {"Tử số", 1, 3.2, FORM_RIGHT},
    {"Mẫu số", 1, 3.2, FORM_RIGHT},
    {"Giá trị", 1, 3.2, FORM_RIGHT},
    {"Chỉ tiêu kế hoạch", 1, 3.6, FORM_RIGHT},
    {"Đánh giá", 1, 3.8, FORM_CENTER},
};

static const char *status_text(const char *status)
{
	static const struct {
		const char *name, *vi;
	} names[] = {
	    {"on_track", "Đạt tiến độ"},
	    {"at_risk", "Có nguy cơ"},
	    {"off_track", "Chậm tiến độ"},
	    {"no_target", "Chưa có chỉ tiêu"},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(status, names[i].name) == 0)
			return names[i].vi;
	return status;
}

static enum form_kind value_kind(const char *kind)
{
	return strcmp(kind, "count") == 0 ? FORM_COUNT : FORM_PERCENT;
}

/* "– Nam" / "– Nữ": the sex's counts and, when both are known numbers,
 * its value (reduction_pct needs a baseline the report does not keep). */
static void sex_row(struct builder *b, struct form_table *t, const json_t *ind,
                    const char *sex, const char *label)
{
	const json_t *pair =
	    json_object_get(json_object_get(ind, "by_sex"), sex);
	if (!json_is_object(pair))
		return;
	const char *kind = form_str(ind, "kind");
	const json_t *num = json_object_get(pair, "numerator");
	const json_t *den = json_object_get(pair, "denominator");
	struct form_row *r = form_row_add(t);
	r->cells[2] = form_text(label);
	r->cells[3] = form_json(b, num, FORM_COUNT);
	r->cells[4] = form_json(b, den, FORM_COUNT);
	enum indicator_kind k;
	double v;
	if (indicator_kind_parse(kind, &k) == 0 && k != IND_REDUCTION &&
	    json_is_integer(num) &&
	    indicator_value(k, true, json_integer_value(num),
	                    json_is_integer(den), json_integer_value(den), &v))
		r->cells[5] = form_number(b, v, value_kind(kind));
}

static void indicator_row(struct builder *b, struct form_table *t,
                          const json_t *ind, const char *stt)
{
	const char *kind = form_str(ind, "kind");
	struct form_row *r = form_row_add(t);
	r->cells[0] = form_text(stt);
	r->cells[1] = form_text(form_str(ind, "code"));
	r->cells[2] = form_text(form_str(ind, "name_vi"));
	r->cells[3] =
	    form_json(b, json_object_get(ind, "numerator"), FORM_COUNT);
	r->cells[4] =
	    form_json(b, json_object_get(ind, "denominator"), FORM_COUNT);
	r->cells[5] =
	    form_json(b, json_object_get(ind, "value"), value_kind(kind));
	const json_t *target = json_object_get(ind, "target");
	if (json_is_number(target)) {
		r->cells[6] = form_number(
		    b, json_number_value(target),
		    strcmp(kind, "count") == 0 ? FORM_COUNT : FORM_TARGET);
		json_int_t ty =
		    json_integer_value(json_object_get(ind, "target_year"));
		if (ty > 0 && ty != b->year) {
			r->cells[6].text = arena_printf(
			    b->a, "%s (năm %d)", r->cells[6].text, (int)ty);
			r->cells[6].has_number = false;
		}
	}
	r->cells[7] = form_text(status_text(form_str(ind, "status")));
	sex_row(b, t, ind, "male", "– Nam");
	sex_row(b, t, ind, "female", "– Nữ");
}

void form_indicators(struct builder *b, const json_t *data)
{
	form_heading(b, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU");
	const json_t *list = json_object_get(data, "indicators");
	size_t n = json_array_size(list);
	if (n == 0) {
		form_block_add(b, FORM_PARAGRAPH,
		               "Không có chỉ tiêu nào trong kỳ báo cáo.");
		return;
	}
	/* a group row per project, two sex rows per indicator at most */
	struct form_table *t =
	    form_table_add(b, indicator_cols, 8, 2, 3 * n + PROJECTS);
	int project = -1, group = 0, item = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *ind = json_array_get(list, i);
		int p =
		    (int)json_integer_value(json_object_get(ind, "project"));
		if (p != project && p >= 1 && p <= PROJECTS) {
			struct form_row *g = form_row_add(t);
			g->bold = true;
			g->cells[0] =
			    form_text(arena_printf(b->a, "%d", ++group));
			g->group = arena_printf(b->a, "Dự án %d: %s", p,
			                        form_project_names[p]);
			item = 0;
		}
		project = p;
		const char *stt =
		    group > 0 ? arena_printf(b->a, "%d.%d", group, ++item)
		              : arena_printf(b->a, "%d", ++item);
		indicator_row(b, t, ind, stt);
	}
	form_block_add(
	    b, FORM_NOTE,
	    "Giá trị của chỉ tiêu tỷ lệ là tử số chia mẫu số (%); của "
	    "chỉ tiêu đếm là số lượng. Đánh giá so với chỉ tiêu kế "
	    "hoạch của năm.");
	form_masked_note(b);
}

/* ---- II. budget ------------------------------------------------------- */

static const struct form_column budget_cols[] = {
    {"STT", 1, 2.2, FORM_CENTER},    {"Nội dung", 2, 14, FORM_LEFT},
    {"Dự toán", 2, 5.5, FORM_RIGHT}, {"Đã phân bổ", 2, 5.5, FORM_RIGHT},
    {"Đã chi", 1, 5.5, FORM_RIGHT},
};

static void budget_figures(struct builder *b, struct form_row *r,
                           const json_t *obj)
{
	static const char *const keys[] = {"estimate", "allocated", "spent"};
	for (int i = 0; i < 3; i++)
		r->cells[2 + i] =
		    form_json(b, json_object_get(obj, keys[i]), FORM_VND);
}

void form_budget(struct builder *b, const json_t *data)
{
	form_heading(b, "KINH PHÍ THỰC HIỆN");
	const json_t *budget = json_object_get(data, "budget");
	if (!json_is_object(budget)) {
		form_block_add(
		    b, FORM_PARAGRAPH,
		    arena_printf(b->a,
		                 "Chưa có số liệu kinh phí năm %d (chưa có "
		                 "kế hoạch hoặc dự toán).",
		                 b->year));
		return;
	}
	const char *plan = form_str(budget, "plan_number");
	json_int_t year = json_integer_value(json_object_get(budget, "year"));
	form_block_add(
	    b, FORM_PARAGRAPH,
	    arena_printf(b->a,
	                 "Kinh phí năm %d%s%s: dự toán, phân bổ và giải "
	                 "ngân đến thời điểm báo cáo.",
	                 year > 0 ? (int)year : b->year,
	                 *plan ? " theo Kế hoạch số " : "", plan));
	form_block_add(b, FORM_UNIT, "Đơn vị tính: đồng");
	const json_t *by = json_object_get(budget, "by_project");
	size_t n = json_array_size(by);
	struct form_table *t = form_table_add(b, budget_cols, 5, 1, n + 1);
	for (size_t i = 0; i < n; i++) {
		const json_t *line = json_array_get(by, i);
		int p =
		    (int)json_integer_value(json_object_get(line, "project"));
		struct form_row *r = form_row_add(t);
		r->cells[0] = form_text(arena_printf(b->a, "%zu", i + 1));
		r->cells[1] =
		    form_text(p >= 1 && p <= PROJECTS
		                  ? arena_printf(b->a, "Dự án %d: %s", p,
		                                 form_project_names[p])
		                  : "Các nội dung khác");
		budget_figures(b, r, line);
	}
	struct form_row *total = form_row_add(t);
	total->bold = true;
	total->cells[1] = form_text("Tổng cộng");
	budget_figures(b, total, budget);
}

/* ---- III. activities -------------------------------------------------- */

static const struct form_column activity_cols[] = {
    {"STT", 1, 2.2, FORM_CENTER},
    {"Nội dung", 6, 25, FORM_LEFT},
    {"Số lượng", 1, 5.5, FORM_RIGHT},
};

static const struct {
	const char *key, *vi;
} activity_names[] = {
    {"trainings", "Số lớp đào tạo, tập huấn"},
    {"training_participants", "Số lượt người tham gia đào tạo, tập huấn"},
    {"communications", "Số hoạt động truyền thông"},
    {"communication_reach", "Số lượt người được truyền thông"},
    {"cases_opened", "Số trường hợp được tiếp nhận mới"},
    {"cases_closed", "Số trường hợp đã kết thúc trợ giúp"},
    {"cases_open_at_end", "Số trường hợp đang được trợ giúp cuối kỳ"},
    {"facilities_active", "Số cơ sở trợ giúp xã hội đang hoạt động"},
};
#define ACTIVITIES (sizeof activity_names / sizeof *activity_names)

const char *report_form_activity_name(const char *key)
{
	for (size_t i = 0; i < ACTIVITIES; i++)
		if (strcmp(key, activity_names[i].key) == 0)
			return activity_names[i].vi;
	return key;
}

void form_activities(struct builder *b, const json_t *data)
{
	form_heading(b, "KẾT QUẢ CÁC HOẠT ĐỘNG");
	const json_t *act = json_object_get(data, "activities");
	if (!json_is_object(act) || json_object_size(act) == 0) {
		form_block_add(b, FORM_PARAGRAPH, "Chưa có số liệu hoạt động.");
		return;
	}
	struct form_table *t = form_table_add(
	    b, activity_cols, 3, 1, ACTIVITIES + json_object_size(act));
	int n = 0;
	for (size_t i = 0; i < ACTIVITIES; i++) {
		const json_t *v = json_object_get(act, activity_names[i].key);
		if (v == NULL)
			continue;
		struct form_row *r = form_row_add(t);
		r->cells[0] = form_text(arena_printf(b->a, "%d", ++n));
		r->cells[1] = form_text(activity_names[i].vi);
		r->cells[2] = form_json(b, v, FORM_COUNT);
	}
	form_masked_note(b);
}

/* ---- IV. consolidation ---------------------------------------------- */

static const struct form_column child_cols[] = {
    {"STT", 1, 2.2, FORM_CENTER},
    {"Mã", 1, 5.5, FORM_LEFT},
    {"Đơn vị", 1, 11, FORM_LEFT},
    {"Tình trạng báo cáo", 3, 7, FORM_CENTER},
    {"Thời hạn", 2, 6.6, FORM_CENTER},
};

static const struct form_column summed_cols[] = {
    {"STT", 1, 2.2, FORM_CENTER},
    {"Mã", 1, 5.5, FORM_LEFT},
    {"Chỉ tiêu", 1, 11, FORM_LEFT},
    {"Tử số", 1, 3.2, FORM_RIGHT},
    {"Mẫu số", 1, 3.2, FORM_RIGHT},
    {"Giá trị", 1, 3.2, FORM_RIGHT},
    {"Số đơn vị đã cộng", 1, 3.6, FORM_CENTER},
    {"Số đơn vị chưa có số liệu", 1, 3.8, FORM_CENTER},
};

static const char *state_text(const char *s)
{
	return strcmp(s, "approved") == 0    ? "Đã duyệt"
	       : strcmp(s, "submitted") == 0 ? "Đã gửi, chờ duyệt"
	       : strcmp(s, "draft") == 0     ? "Đang soạn"
	                                     : "Chưa lập báo cáo";
}

static const char *timeliness_text(const char *s)
{
	return strcmp(s, "on_time") == 0   ? "Đúng hạn"
	       : strcmp(s, "late") == 0    ? "Muộn"
	       : strcmp(s, "missing") == 0 ? "Quá hạn, chưa gửi"
	       : strcmp(s, "pending") == 0 ? "Chưa đến hạn"
	                                   : s;
}

/* The name of the indicator code in the report's own data. */
static const char *indicator_name(const json_t *data, const char *code)
{
	const json_t *list = json_object_get(data, "indicators");
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *ind = json_array_get(list, i);
		if (strcmp(form_str(ind, "code"), code) == 0)
			return form_str(ind, "name_vi");
	}
	return "";
}

static void children_table(struct builder *b, const json_t *cons)
{
	const json_t *children = json_object_get(cons, "children");
	size_t n = json_array_size(children);
	form_block_add(b, FORM_SUBHEADING,
	               "1. Tình hình báo cáo của các đơn vị");
	struct form_table *t = form_table_add(b, child_cols, 5, 2, n);
	for (size_t i = 0; i < n; i++) {
		const json_t *ch = json_array_get(children, i);
		struct form_row *r = form_row_add(t);
		r->cells[0] = form_text(arena_printf(b->a, "%zu", i + 1));
		r->cells[1] = form_text(form_str(ch, "code"));
		r->cells[2] = form_text(form_str(ch, "name"));
		r->cells[3] = form_text(state_text(form_str(ch, "status")));
		r->cells[4] =
		    form_text(timeliness_text(form_str(ch, "timeliness")));
	}
	const json_t *missing = json_object_get(cons, "missing");
	if (json_array_size(missing) == 0)
		return;
	char *list = "";
	for (size_t i = 0; i < json_array_size(missing); i++) {
		const char *code =
		    json_string_value(json_array_get(missing, i));
		const char *name = "";
		for (size_t k = 0; k < n && code != NULL; k++)
			if (strcmp(
			        form_str(json_array_get(children, k), "code"),
			        code) == 0)
				name = form_str(json_array_get(children, k),
				                "name");
		list = arena_printf(b->a, "%s%s%s%s%s%s", list, i ? "; " : "",
		                    name, *name ? " (" : "", code ? code : "",
		                    *name ? ")" : "");
	}
	form_block_add(
	    b, FORM_NOTE,
	    arena_printf(b->a,
	                 "Chưa tổng hợp (chưa có báo cáo được duyệt): "
	                 "%s.",
	                 list));
}

void form_consolidation(struct builder *b, const json_t *data,
                        const json_t *cons)
{
	form_heading(b, "TỔNG HỢP TỪ CÁC ĐƠN VỊ CẤP DƯỚI");
	children_table(b, cons);
	form_block_add(b, FORM_SUBHEADING, "2. Số liệu tổng hợp");
	const json_t *list = json_object_get(cons, "indicators");
	size_t n = json_array_size(list);
	if (n == 0) {
		form_block_add(b, FORM_PARAGRAPH,
		               "Không có số liệu để tổng hợp.");
		return;
	}
	struct form_table *t = form_table_add(b, summed_cols, 8, 2, n);
	for (size_t i = 0; i < n; i++) {
		const json_t *ind = json_array_get(list, i);
		const char *code = form_str(ind, "code");
		struct form_row *r = form_row_add(t);
		r->cells[0] = form_text(arena_printf(b->a, "%zu", i + 1));
		r->cells[1] = form_text(code);
		r->cells[2] = form_text(indicator_name(data, code));
		r->cells[3] =
		    form_json(b, json_object_get(ind, "numerator"), FORM_COUNT);
		r->cells[4] = form_json(b, json_object_get(ind, "denominator"),
		                        FORM_COUNT);
		r->cells[5] = form_json(b, json_object_get(ind, "value"),
		                        value_kind(form_str(ind, "kind")));
		r->cells[6] =
		    form_json(b, json_object_get(ind, "summed"), FORM_COUNT);
		json_int_t gaps =
		    json_integer_value(json_object_get(ind, "unknown")) +
		    json_integer_value(json_object_get(ind, "missing"));
		r->cells[7] = form_number(b, (double)gaps, FORM_COUNT);
	}
	form_block_add(
	    b, FORM_NOTE,
	    "Tử số và mẫu số là tổng của các báo cáo đã duyệt; tỷ lệ "
	    "tính lại từ các tổng, không lấy trung bình các tỷ lệ.");
	form_masked_note(b);
}
