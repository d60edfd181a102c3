/*
 * budgetgen.c — the demo budget of Kon Tum's plan 787/KH-UBND
 * (budgetgen.h, docs/budget.md §Demo).
 *
 * The plan gives each project's total by source (§III) and the grand
 * total (§IV); its appendices, with the activity lines and the yearly
 * split, are not in the seed, so those are ours.  The lines follow the
 * plan's own §III numbering, which keeps every row unique across the
 * table: projects "I"–"IV", project 1's groups of activities "1.1"–"1.5"
 * (its text lists them as bullets), "Hoạt động N" of project 2–4 as
 * "2.N", "3.N", "4.N", and sub-items such as the plan's "3.4.2".  Leaves
 * are given in million VND per year and source; parents, stated totals
 * and the total line are summed here, then the whole table is held
 * against budget_check and against the plan's figures, so a typo in the
 * table below fails the demo instead of loading a budget that disagrees
 * with the plan.  Project 2's local budget is 3.589, not the 3.580 its
 * text prints (its own totals need 3.589; docs/budget.md §Demo).
 *
 * Allocations and spending of 2018 and 2019 follow on a dozen leaves:
 * the allocating decisions' numbers and dates are made up for the demo.
 */
#include "cli/budgetgen.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/budget.h"
#include "lib/arena.h"
#include "lib/timeutil.h"
#include "store/store.h"
#include "store/store_budget.h"
#include "store/store_plans.h"

#define DEMO_UNIT   "62"
#define DEMO_NUMBER "787/KH-UBND"
#define DEMO_USER   "sokontum"
#define YEAR_FROM   2018
#define YEARS       3
#define COLUMNS     (YEARS * BUDGET_SOURCES)
#define MILLION     1000000LL

/* One line: a leaf's cells in million VND, year by year (2018, 2019,
 * 2020), each central, local, mobilised; parents leave them empty.  A
 * norm line has a unit, its cost in thousand VND and a quantity. */
struct line_spec {
	const char *row, *parent;
	int project;
	const char *label;
	const char *unit;
	int unit_cost_k;
	int quantity;
	int cells[COLUMNS];
};

/* Table rows: a project or a line with children; a leaf; a leaf with a
 * norm (clang-format would spread these macros' braces over many lines). */
// clang-format off
#define GROUP(row, parent, project, label) \
	{row, parent, project, label, NULL, 0, 0, {0}}
#define LEAF(row, parent, label, ...) \
	{row, parent, 0, label, NULL, 0, 0, {__VA_ARGS__}}
#define NORM(row, parent, label, unit, cost_k, quantity, ...) \
	{row, parent, 0, label, unit, cost_k, quantity, {__VA_ARGS__}}
// clang-format on

static const struct line_spec lines[] = {
    GROUP("I", NULL, 1,
          "Dự án 1: Phát triển mạng lưới các cơ sở trợ giúp xã hội"),
    GROUP("1.1", "I", 0,
          "Nâng cấp, mở rộng 02 cơ sở trợ giúp xã hội; đầu tư cơ sở vật chất, "
          "trang thiết bị"),
    LEAF("1.1.1", "1.1",
         "Nâng cấp, mở rộng Trung tâm Bảo trợ và Công tác xã hội tỉnh", 6000,
         8000, 0, 10000, 10000, 0, 8000, 8000, 0),
    LEAF("1.1.2", "1.1",
         "Cơ sở Bảo trợ xã hội ngoài công lập Vinh Sơn II: mở rộng nuôi dưỡng "
         "từ 200 lên 300 đối tượng (xã hội hóa)",
         0, 0, 1000, 0, 0, 1320, 0, 0, 1000),
    LEAF("1.1.3", "1.1",
         "Trang thiết bị vận chuyển đối tượng, sơ cấp cứu, sinh hoạt và phục "
         "hồi chức năng",
         1200, 800, 0, 1400, 800, 0, 1000, 800, 0),
    GROUP(
        "1.2", "I", 0,
        "Tập huấn, bồi dưỡng cho hộ gia đình, đội ngũ cán bộ trợ giúp xã hội"),
    NORM("1.2.1", "1.2",
         "Tập huấn kỹ năng chăm sóc, phục hồi chức năng cho hộ gia đình có "
         "người khuyết tật (100 lượt người/năm)",
         "lượt người", 1500, 300, 75, 75, 0, 75, 75, 0, 75, 75, 0),
    NORM("1.2.2", "1.2",
         "Bồi dưỡng kỹ năng nghiệp vụ cho cán bộ, nhân viên, cộng tác viên trợ "
         "giúp xã hội (bình quân 110 người/năm)",
         "người", 3000, 330, 150, 180, 0, 150, 180, 0, 150, 180, 0),
    GROUP("1.3", "I", 0, "Truyền thông, nâng cao nhận thức về trợ giúp xã hội"),
    LEAF("1.3.1", "1.3",
         "Truyền thông về hệ thống trợ giúp xã hội, công tác xã hội, chăm sóc "
         "sức khỏe tâm thần",
         200, 300, 0, 200, 300, 0, 200, 300, 0),
    LEAF("1.3.2", "1.3",
         "Sổ tay hướng dẫn kỹ năng trợ giúp xã hội; phổ biến pháp luật và đạo "
         "đức nghề công tác xã hội",
         0, 0, 0, 200, 100, 0, 100, 100, 0),
    LEAF("1.4", "I",
         "Kiểm tra, giám sát thí điểm các mô hình cơ sở trợ giúp xã hội, nhận "
         "nuôi có thời hạn, dạy nghề gắn với việc làm",
         350, 880, 0, 350, 880, 0, 350, 880, 0),
    LEAF("1.5", "I",
         "Sơ kết, đánh giá kết quả phát triển hệ thống trợ giúp xã hội", 0, 0,
         0, 120, 190, 0, 255, 385, 0),
    GROUP("II", NULL, 2, "Dự án 2: Phát triển hệ thống bảo vệ trẻ em"),
    GROUP("2.1", "II", 0,
          "Hoạt động 1: Hoàn thiện và duy trì hoạt động của mạng lưới cung cấp "
          "dịch vụ bảo vệ trẻ em chuyên biệt"),
    NORM("2.1.1", "2.1",
         "Duy trì hệ thống bảo vệ trẻ em cấp xã (42 xã năm 2018, 52 xã năm "
         "2019–2020)",
         "xã/năm", 20000, 146, 240, 420, 180, 300, 560, 180, 300, 560, 180),
    NORM("2.1.2", "2.1",
         "Cán bộ công tác xã hội trẻ em tại 09 xã vùng dự án Phát triển trẻ "
         "thơ toàn diện (Unicef hỗ trợ)",
         "người/năm", 60000, 27, 0, 0, 540, 0, 0, 540, 0, 0, 540),
    LEAF("2.1.3", "2.1",
         "Duy trì, nhân rộng mô hình nhận nuôi thay thế tại cộng đồng", 0, 60,
         0, 0, 60, 0, 0, 60, 0),
    GROUP("2.2", "II", 0,
          "Hoạt động 2: Duy trì hệ thống bảo vệ trẻ em cấp tỉnh và hợp phần "
          "trẻ em tại Trung tâm Bảo trợ và Công tác xã hội tỉnh"),
    LEAF("2.2.1", "2.2",
         "Trang thiết bị cho hợp phần trẻ em tại Trung tâm Bảo trợ và Công tác "
         "xã hội tỉnh",
         200, 0, 400, 100, 0, 0, 0, 0, 0),
    LEAF("2.2.2", "2.2", "Mô hình chăm sóc trẻ khuyết tật bán trú ban ngày", 0,
         120, 0, 0, 120, 0, 0, 120, 0),
    LEAF("2.2.3", "2.2",
         "Hội đồng tư vấn công tác xã hội cấp tỉnh; kiểm tra, giám sát, hỗ trợ "
         "kỹ thuật cho tuyến huyện, xã",
         50, 0, 100, 50, 0, 100, 50, 0, 100),
    GROUP("2.3", "II", 0,
          "Hoạt động 3: Cơ sở vật chất, mô hình cung cấp dịch vụ bảo vệ trẻ em "
          "theo 3 cấp độ tại cấp huyện"),
    LEAF("2.3.1", "2.3",
         "Văn phòng tư vấn bảo vệ trẻ em tại Kon Rẫy, Tu Mơ Rông, Đăk Glei "
         "(Unicef hỗ trợ)",
         0, 0, 500, 0, 0, 400, 0, 0, 400),
    LEAF("2.3.2", "2.3",
         "Văn phòng công tác xã hội huyện Đăk Tô (thành lập mới từ năm 2019)",
         0, 0, 0, 200, 100, 0, 100, 100, 0),
    LEAF("2.3.3", "2.3", "Trung tâm Công tác xã hội thành phố Kon Tum", 0, 100,
         0, 0, 100, 0, 0, 100, 0),
    LEAF("2.4", "II",
         "Hoạt động 4: Nâng cấp, duy trì hoạt động đường dây nóng bảo vệ trẻ "
         "em và mạng lưới kết nối",
         100, 50, 200, 100, 50, 200, 100, 50, 200),
    LEAF("2.5", "II",
         "Hoạt động 5: Hỗ trợ, can thiệp các trường hợp trẻ em bị xâm hại hoặc "
         "có nguy cơ bị bạo lực, bóc lột, bỏ rơi",
         75, 100, 200, 75, 100, 200, 75, 100, 200),
    GROUP("2.6", "II", 0,
          "Hoạt động 6: Nâng cao năng lực cán bộ, cộng tác viên, cha mẹ và trẻ "
          "em về bảo vệ trẻ em"),
    LEAF("2.6.1", "2.6",
         "Tập huấn cán bộ bảo vệ trẻ em cấp huyện, xã và cộng tác viên thôn",
         60, 80, 200, 60, 80, 200, 60, 80, 200),
    LEAF("2.6.2", "2.6",
         "Tập huấn, truyền thông cho cha mẹ, người chăm sóc trẻ em và trẻ em",
         0, 50, 200, 0, 50, 200, 0, 50, 200),
    LEAF("2.6.3", "2.6", "Trao đổi, học tập kinh nghiệm trong và ngoài nước", 0,
         0, 0, 0, 0, 150, 0, 0, 150),
    LEAF("2.7", "II",
         "Hoạt động 7: Xây dựng, hoàn thiện hệ thống cơ sở dữ liệu về trẻ em",
         20, 50, 70, 20, 50, 70, 30, 69, 92),
    GROUP("III", NULL, 3,
          "Dự án 3: Thực hiện các mục tiêu quốc gia về bình đẳng giới"),
    LEAF("3.1", "III",
         "Hoạt động 1: Truyền thông nâng cao nhận thức về bình đẳng giới", 80,
         120, 0, 80, 120, 0, 80, 120, 0),
    LEAF("3.2", "III",
         "Hoạt động 2: Tăng cường sự tham gia của phụ nữ vào các vị trí quản "
         "lý, lãnh đạo và cơ quan dân cử",
         40, 60, 0, 40, 60, 0, 40, 60, 0),
    LEAF("3.3", "III",
         "Hoạt động 3: Dịch vụ hỗ trợ về bình đẳng giới tại Trung tâm Bảo trợ "
         "và Công tác xã hội tỉnh, Trung tâm Công tác xã hội thành phố",
         100, 50, 0, 60, 50, 0, 60, 50, 0),
    GROUP("3.4", "III", 0,
          "Hoạt động 4: Dịch vụ, mô hình phòng ngừa và giảm thiểu bạo lực trên "
          "cơ sở giới"),
    LEAF("3.4.1", "3.4",
         "Cơ sở cung cấp dịch vụ ứng phó với bạo lực trên cơ sở giới", 30, 0, 0,
         40, 20, 0, 80, 60, 0),
    NORM("3.4.2", "3.4",
         "Mô hình Địa chỉ tin cậy - Nhà tạm lánh tại cộng đồng (Tân Cảnh năm "
         "2018, nhân rộng 09 huyện, thành phố năm 2019–2020)",
         "mô hình", 30000, 10, 0, 30, 0, 90, 60, 0, 60, 60, 0),
    LEAF("3.4.3", "3.4",
         "Chăm sóc, tư vấn cho nạn nhân bạo lực trên cơ sở giới tại cơ sở y tế",
         0, 20, 0, 30, 20, 0, 50, 30, 0),
    LEAF("3.4.4", "3.4", "Mô hình Trường học an toàn, không bạo lực", 0, 20, 0,
         30, 20, 0, 50, 40, 0),
    LEAF("3.4.5", "3.4",
         "Kết nối dịch vụ, đường dây nóng hỗ trợ nạn nhân bạo lực trên cơ sở "
         "giới",
         20, 20, 0, 20, 20, 0, 20, 20, 0),
    LEAF("3.4.6", "3.4",
         "Khảo sát, đánh giá mức độ an toàn tại thành phố Kon Tum (01 cuộc)", 0,
         0, 0, 40, 10, 0, 0, 0, 0),
    GROUP("3.5", "III", 0,
          "Hoạt động 5: Tăng cường sự tham gia của phụ nữ trong lĩnh vực lao "
          "động, việc làm"),
    LEAF("3.5.1", "3.5",
         "Hỗ trợ phụ nữ khởi sự, quản trị doanh nghiệp; câu lạc bộ nữ doanh "
         "nhân",
         20, 30, 0, 30, 30, 0, 30, 40, 0),
    LEAF(
        "3.5.2", "3.5",
        "Câu lạc bộ nữ công nhân nhà trọ tại khu công nghiệp thành phố Kon Tum",
        0, 0, 0, 20, 30, 0, 20, 30, 0),
    LEAF("3.6", "III",
         "Hoạt động 6: Nâng cao năng lực và hiệu quả quản lý nhà nước về bình "
         "đẳng giới",
         40, 150, 0, 40, 150, 0, 40, 166, 0),
    GROUP("IV", NULL, 4,
          "Dự án 4: Phát triển hệ thống dịch vụ hỗ trợ người cai nghiện ma "
          "túy, người bán dâm và nạn nhân bị mua bán"),
    GROUP("4.1", "IV", 0, "Hoạt động 1: Hỗ trợ cai nghiện ma túy"),
    LEAF("4.1.1", "4.1",
         "Nâng cấp, cải tạo Trung tâm Bảo trợ và Công tác xã hội tỉnh phục vụ "
         "cai nghiện ma túy",
         4000, 300, 0, 6000, 400, 0, 4000, 300, 0),
    LEAF("4.1.2", "4.1",
         "Cơ sở vật chất điều trị Methadone tại cơ sở cai nghiện", 0, 0, 0, 800,
         100, 0, 400, 100, 0),
    LEAF("4.1.3", "4.1",
         "Trang thiết bị, phương tiện phục vụ cai nghiện ma túy", 1000, 100, 0,
         1200, 100, 0, 800, 100, 0),
    LEAF("4.1.4", "4.1",
         "Dạy nghề, kết nối việc làm cho người nghiện, người sau cai nghiện",
         200, 100, 0, 200, 100, 0, 200, 100, 0),
    LEAF("4.1.5", "4.1",
         "Tập huấn nghiệp vụ cho cán bộ, người lao động cơ sở cai nghiện", 100,
         30, 0, 100, 30, 0, 100, 30, 0),
    GROUP("4.2", "IV", 0, "Hoạt động 2: Phòng, chống mại dâm"),
    LEAF("4.2.1", "4.2",
         "Tuyên truyền phòng, chống mại dâm tại xã, phường, thị trấn", 60, 80,
         0, 60, 80, 0, 60, 80, 0),
    LEAF("4.2.2", "4.2",
         "Mô hình cung cấp dịch vụ hỗ trợ xã hội cho người bán dâm (01–03 mô "
         "hình)",
         0, 0, 0, 150, 50, 0, 250, 50, 0),
    LEAF("4.2.3", "4.2",
         "Tập huấn cộng tác viên truyền thông phòng ngừa mại dâm", 50, 20, 0,
         50, 20, 0, 50, 20, 0),
    GROUP("4.3", "IV", 0, "Hoạt động 3: Hỗ trợ nạn nhân bị mua bán"),
    LEAF("4.3.1", "4.3",
         "Xác minh, hỗ trợ ban đầu và bảo vệ an toàn cho nạn nhân", 160, 50, 0,
         160, 50, 0, 160, 50, 0),
    LEAF("4.3.2", "4.3",
         "Mô hình hỗ trợ hòa nhập cộng đồng cho nạn nhân bị mua bán", 0, 0, 0,
         200, 30, 0, 300, 30, 0),
    LEAF("4.3.3", "4.3",
         "Kiểm tra, giám sát; điều tra, khảo sát nạn nhân bị mua bán trở về",
         190, 160, 0, 190, 160, 0, 216, 162, 0),
};
#define NLINES (sizeof lines / sizeof lines[0])

/* The plan's §III totals per project and source, and §IV's grand total
 * (million VND). */
static const int64_t plan_totals[4][BUDGET_SOURCES] = {
    {30600, 33480, 3320},
    {2365, 3589, 7092},
    {1380, 1766, 0},
    {21406, 2982, 0},
};
#define PLAN_TOTAL 107980

/* Allocations and spending (million VND) on leaves of 2018–2019; note:
 * why the spending is above the allocation. */
static const struct execution_spec {
	const char *row;
	int year;
	enum budget_source source;
	int allocated, spent;
	const char *note;
} executions[] = {
    {"1.1.1", 2018, BUDGET_CENTRAL, 6000, 5820, NULL},
    {"1.1.1", 2018, BUDGET_LOCAL, 7500, 7480, NULL},
    {"1.1.1", 2019, BUDGET_CENTRAL, 9500, 9500, NULL},
    {"1.1.1", 2019, BUDGET_LOCAL, 10000, 9870, NULL},
    {"1.1.3", 2018, BUDGET_CENTRAL, 1200, 1150, NULL},
    {"1.1.3", 2019, BUDGET_CENTRAL, 1400, 1395, NULL},
    {"1.2.2", 2018, BUDGET_LOCAL, 180, 176, NULL},
    {"1.2.2", 2019, BUDGET_LOCAL, 180, 180, NULL},
    {"2.1.1", 2018, BUDGET_LOCAL, 420, 420, NULL},
    {"2.1.1", 2019, BUDGET_LOCAL, 520, 515, NULL},
    {"2.1.2", 2018, BUDGET_MOBILISED, 540, 540, NULL},
    {"2.1.2", 2019, BUDGET_MOBILISED, 540, 538, NULL},
    {"2.3.2", 2019, BUDGET_CENTRAL, 150, 142, NULL},
    {"2.4", 2018, BUDGET_CENTRAL, 100, 100, NULL},
    {"2.4", 2019, BUDGET_CENTRAL, 100, 118,
     "Chi vượt dự toán: tạm ứng nâng cấp đường dây nóng bảo vệ trẻ em, "
     "chờ bổ sung dự toán"},
    {"3.1", 2018, BUDGET_LOCAL, 120, 112, NULL},
    {"3.1", 2019, BUDGET_LOCAL, 100, 99, NULL},
    {"3.4.2", 2018, BUDGET_LOCAL, 30, 30, NULL},
    {"3.4.2", 2019, BUDGET_CENTRAL, 90, 86, NULL},
    {"4.1.1", 2018, BUDGET_CENTRAL, 4000, 3850, NULL},
    {"4.1.1", 2019, BUDGET_CENTRAL, 5500, 5210, NULL},
    {"4.1.3", 2018, BUDGET_CENTRAL, 900, 900, NULL},
    {"4.1.3", 2019, BUDGET_CENTRAL, 1200, 1160, NULL},
    {"4.2.1", 2018, BUDGET_LOCAL, 80, 78, NULL},
    {"4.2.1", 2019, BUDGET_LOCAL, 80, 80, NULL},
};
#define NEXECUTIONS (sizeof executions / sizeof executions[0])

/* Who allocated each year (made-up decisions) and when the year was
 * settled, for the records' history. */
static const struct {
	const char *allocated_on, *decision, *unicef, *settled_on;
} execution_years[] = {
    {"2018-05-28T02:00:00Z",
     "Giao dự toán theo Quyết định số 512/QĐ-UBND ngày 28/5/2018 của Ủy "
     "ban nhân dân tỉnh Kon Tum",
     "Kinh phí Unicef hỗ trợ năm 2018 theo kế hoạch hoạt động Chương trình "
     "Phát triển trẻ thơ toàn diện",
     "2019-03-29T02:00:00Z"},
    {"2018-12-14T02:00:00Z",
     "Giao dự toán theo Quyết định số 1376/QĐ-UBND ngày 14/12/2018 của Ủy "
     "ban nhân dân tỉnh Kon Tum",
     "Kinh phí Unicef hỗ trợ năm 2019 theo kế hoạch hoạt động Chương trình "
     "Phát triển trẻ thơ toàn diện",
     "2020-03-31T02:00:00Z"},
};

/* The table of lines[] with parents, stated totals and the total line
 * summed from the leaves, linked.  0, or 1 after printing why. */
static int build_table(struct arena *a, struct budget_table *t)
{
	t->ncolumns = COLUMNS;
	t->columns = arena_alloc(a, COLUMNS * sizeof *t->columns);
	for (int c = 0; c < COLUMNS; c++) {
		t->columns[c].year = YEAR_FROM + c / BUDGET_SOURCES;
		t->columns[c].source = (enum budget_source)(c % BUDGET_SOURCES);
	}
	t->has_stated = t->has_project = t->has_norm = true;
	t->nlines = NLINES + 1;
	t->lines = arena_alloc(a, t->nlines * sizeof *t->lines);
	for (size_t i = 0; i < t->nlines; i++) {
		struct budget_line *l = &t->lines[i];
		l->cells = arena_alloc(a, COLUMNS * sizeof *l->cells);
		if (i == NLINES) {
			l->row = "total";
			l->label = "Tổng cộng";
			continue;
		}
		const struct line_spec *s = &lines[i];
		l->row = s->row;
		l->parent = s->parent;
		l->label = s->label;
		l->project = s->project;
		l->unit = s->unit;
		l->has_unit_cost = l->has_quantity = s->unit != NULL;
		l->unit_cost.vnd = (int64_t)s->unit_cost_k * 1000;
		l->quantity = s->quantity;
		for (int c = 0; c < COLUMNS; c++)
			l->cells[c].vnd = s->cells[c] * MILLION;
	}
	struct budget_error err;
	if (budget_table_link(t, a, &err) != 0)
		return cli_fail("demo budget: %s", err.message);

	/* Children follow their parents, so summing from the end up adds
	 * every line to its parent once its own children are in. */
	struct budget_line *total = &t->lines[NLINES];
	for (size_t i = NLINES; i-- > 0;) {
		struct budget_line *l = &t->lines[i];
		struct budget_line *up =
		    l->parent_index >= 0 ? &t->lines[l->parent_index] : total;
		for (int c = 0; c < COLUMNS; c++) {
			if (!l->leaf && lines[i].cells[c] != 0)
				return cli_fail("demo budget: row %s has "
				                "children and amounts",
				                l->row);
			up->cells[c].vnd += l->cells[c].vnd;
		}
	}
	for (size_t i = 0; i < t->nlines; i++)
		for (int c = 0; c < COLUMNS; c++)
			t->lines[i].stated.vnd += t->lines[i].cells[c].vnd;
	return 0;
}

/* The table's project and grand totals against the plan's.  0, or 1
 * after printing the first that differs. */
static int check_plan_totals(const struct budget_table *t)
{
	for (size_t i = 0; i < t->nlines; i++) {
		const struct budget_line *l = &t->lines[i];
		if (l->depth != 0 || l->is_total)
			continue;
		for (int s = 0; s < BUDGET_SOURCES; s++) {
			int64_t sum = 0;
			for (int y = 0; y < YEARS; y++)
				sum += l->cells[y * BUDGET_SOURCES + s].vnd;
			int64_t want = plan_totals[l->project_eff - 1][s];
			if (sum != want * MILLION)
				return cli_fail(
				    "demo budget: project %d, %s: %lld VND, "
				    "the plan says %lld million",
				    l->project_eff, budget_source_name(s),
				    (long long)sum, (long long)want);
		}
	}
	if (t->total_index < 0 ||
	    t->lines[t->total_index].stated.vnd != PLAN_TOTAL * MILLION)
		return cli_fail("demo budget: the total is not the plan's %d "
		                "million",
		                PLAN_TOTAL);
	return 0;
}

/* Index of the line of row, −1 when none. */
static int line_of(const struct budget_table *t, const char *row)
{
	for (size_t i = 0; i < t->nlines; i++)
		if (strcmp(t->lines[i].row, row) == 0)
			return (int)i;
	return -1;
}

/* Records allocation, then spending, of one executions[] entry, each
 * with its own reason and date.  0, or 1 after printing why. */
static int put_execution(struct store *st, struct arena *a,
                         const struct plan_row *plan,
                         const struct budget_table *t,
                         const struct execution_spec *x, int64_t user)
{
	int i = line_of(t, x->row);
	int y = x->year - YEAR_FROM;
	if (i < 0 || !t->lines[i].leaf || y < 0 ||
	    y >= (int)(sizeof execution_years / sizeof execution_years[0]))
		return cli_fail("demo budget: no leaf %s for %d", x->row,
		                x->year);
	struct budget_execution e = {
	    .row = x->row,
	    .year = x->year,
	    .source = x->source,
	    .allocated = x->allocated * MILLION,
	    .updated_by = user,
	    .reason = x->source == BUDGET_MOBILISED
	                  ? execution_years[y].unicef
	                  : execution_years[y].decision,
	};
	for (int step = 0; step < 2; step++) {
		const char *at = step == 0 ? execution_years[y].allocated_on
		                           : execution_years[y].settled_on;
		if (time_parse_iso8601(at, &e.updated_at) != 0 ||
		    store_budget_execution_put(st, plan->id, &e) != STORE_OK)
			return cli_fail("demo budget: cannot record %s %d",
			                x->row, x->year);
		cli_audit(st, "budget.execution",
		          arena_printf(a, "plan:%lld", (long long)plan->id),
		          plan->tree, plan->unit_path);
		e.spent = x->spent * MILLION;
		e.reason = x->note != NULL
		               ? x->note
		               : arena_printf(a,
		                              "Số chi theo báo cáo quyết toán "
		                              "năm %d",
		                              x->year);
	}
	return 0;
}

/* Kon Tum's 787/KH-UBND into *plan.  0, or 1 after printing why. */
static int find_plan(struct store *st, struct arena *a, struct plan_row *plan)
{
	struct plan_query q = {.tree = "2024", .unit_code = DEMO_UNIT};
	struct plan_row *rows;
	size_t n;
	long total;
	if (store_plans_list(st, a, &q, &rows, &n, &total) != STORE_OK)
		return cli_fail("cannot read the plans of unit %s", DEMO_UNIT);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].number, DEMO_NUMBER) == 0) {
			*plan = rows[i];
			return 0;
		}
	return cli_fail("demo budget: unit %s has no plan %s", DEMO_UNIT,
	                DEMO_NUMBER);
}

int demo_budget(struct store *st, struct arena *a)
{
	struct plan_row plan = {0};
	struct budget_table t = {0}, stored;
	struct budget_meta meta;
	if (find_plan(st, a, &plan) != 0)
		return 1;
	if (store_budget_get(st, a, plan.id, &stored, &meta) != STORE_OK)
		return cli_fail("cannot read the budget of plan %s",
		                DEMO_NUMBER);
	if (meta.version > 0) {
		printf("Demo budget: plan %s already has a budget; none "
		       "added.\n",
		       DEMO_NUMBER);
		return 0;
	}

	if (build_table(a, &t) != 0 || check_plan_totals(&t) != 0)
		return 1;
	struct budget_problem *problems;
	size_t nproblems;
	bool truncated;
	budget_check(&t, a, &problems, &nproblems, &truncated);
	if (nproblems > 0)
		return cli_fail("demo budget: %zu problems, first at row %s: "
		                "%s",
		                nproblems, problems[0].row,
		                problems[0].message);

	struct user_row u;
	int64_t user =
	    store_user_by_username(st, a, DEMO_USER, &u) == STORE_OK ? u.id : 0;
	struct budget_refusal why;
	long overspent = 0;
	if (store_begin(st) != STORE_OK)
		return cli_fail("cannot start a transaction");
	if (store_budget_replace(st, a, plan.id, &t, 0, user, 0, &meta, &why) !=
	    STORE_OK) {
		store_rollback(st);
		return cli_fail("cannot store the demo budget of %s",
		                DEMO_NUMBER);
	}
	cli_audit(st, "budget.replace",
	          arena_printf(a, "plan:%lld", (long long)plan.id), plan.tree,
	          plan.unit_path);
	for (size_t i = 0; i < NEXECUTIONS; i++) {
		if (put_execution(st, a, &plan, &t, &executions[i], user) !=
		    0) {
			store_rollback(st);
			return 1;
		}
		overspent += executions[i].spent > executions[i].allocated;
	}
	if (store_commit(st) != STORE_OK) {
		store_rollback(st);
		return cli_fail("cannot store the demo budget of %s",
		                DEMO_NUMBER);
	}
	char total[BUDGET_AMOUNT_TEXT];
	printf("Demo budget: plan %s of Kon Tum, %zu lines, %s million VND "
	       "as the plan's totals; %zu allocations and spendings of "
	       "2018–2019 (%ld overspent).\n",
	       DEMO_NUMBER, t.nlines,
	       budget_amount_format(t.lines[t.total_index].stated.vnd, total,
	                            sizeof total),
	       NEXECUTIONS, overspent);
	return 0;
}
