/*
 * test_budget_xlsx.c — the budget workbook (api/budget_xlsx.h,
 * docs/budget.md §XLSX export), read back as the XML inside the .xlsx:
 * which sheets each table choice gives, the cells of the general table
 * and of an appendix (row labels, indented labels, amounts in million
 * VND), the merged two-row header, the Vietnamese number formats with
 * only the decimals a cell needs, bold top-level and total rows, page
 * set-up, the problems sheet, invalid UTF-8 in a label, and that no
 * temporary file is left behind, on success or failure.
 *
 * The table is built by hand, linked and computed as domain/budget.h
 * would (the arithmetic is the domain's business and its own tests');
 * the .xlsx is unzipped here with zlib (central directory + raw inflate).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "api/budget_xlsx.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "zip_entry.h"

/* ---- the table: two projects over 2018–2019, three sources ------------- */

#define NCOL 6
#define M(x) ((int64_t)((x)*1000000.0 + 0.5)) /* million VND → VND */

struct spec {
	const char *row, *parent, *label;
	int project;
	int64_t vnd[NCOL]; /* 2018 central, local, mobilised, 2019 … */
};

static const struct spec kon_tum[] = {
    {"I", NULL, "Dự án 1: Phát triển hệ thống cơ sở trợ giúp xã hội", 1, {0}},
    {"1", "I", "Nâng cấp Trung tâm Bảo trợ xã hội tỉnh", 0, {0}},
    {"1.1",
     "1",
     "Xây dựng nhà ở cho đối tượng",
     0,
     {M(30000), M(10000), 0, M(20000), M(7000), 0}},
    {"1.2", "1", "Mua sắm trang thiết bị", 0, {0, 0, M(0.5), 0, 0, M(399.5)}},
    {"II", NULL, "Dự án 2: Phát triển nghề công tác xã hội", 2, {0}},
    {"1",
     "II",
     "Đào tạo, bồi dưỡng cán bộ, cộng tác viên công tác xã hội ở cấp xã, "
     "thôn, làng trên địa bàn toàn tỉnh theo chuẩn nghề công tác xã hội",
     0,
     {M(5000), M(1500), 0, M(5000), M(1546), 0}},
    {"total", NULL, "Tổng cộng", 0, {0}},
};
#define NLINES (sizeof kon_tum / sizeof kon_tum[0])

struct fixture {
	struct arena *a;
	struct budget_column columns[NCOL];
	struct budget_line lines[NLINES];
	struct budget_cell cells[NLINES][NCOL];
	struct budget_table t;
	int64_t computed[NLINES * (NCOL + 1)];
	int64_t general[5 * (NCOL + 1)], grand[NCOL + 1];
	int years[2];
	struct budget_summary s;
	struct budget_problem problems[2];
	struct budget_xlsx_input in;
	/* the workbook and its parts */
	char *xlsx;
	size_t len;
	const char *strings[64];
	size_t nstrings;
};

/* Links (parents, depth, leaf, project) and computes as budget.c does:
 * a parent's cell is its children's sum, the total line the top's.
 * f->cells hold the amounts (setup copies kon_tum's; tests change them). */
static void build_table(struct fixture *f, size_t nlines, bool projects)
{
	struct budget_table *t = &f->t;
	for (int c = 0; c < NCOL; c++) {
		f->columns[c].year = 2018 + c / BUDGET_SOURCES;
		f->columns[c].source = (enum budget_source)(c % BUDGET_SOURCES);
	}
	*t = (struct budget_table){.columns = f->columns,
	                           .ncolumns = NCOL,
	                           .has_stated = true,
	                           .has_project = projects,
	                           .lines = f->lines,
	                           .nlines = nlines,
	                           .total_index = -1};
	for (size_t i = 0; i < nlines; i++) {
		struct budget_line *l = &f->lines[i];
		const struct spec *sp = &kon_tum[i];
		*l = (struct budget_line){.row = sp->row,
		                          .parent = sp->parent,
		                          .label = sp->label,
		                          .project = projects ? sp->project : 0,
		                          .cells = f->cells[i],
		                          .line = (long)i + 2,
		                          .parent_index = -1,
		                          .leaf = true};
		l->is_total = strcmp(sp->row, "total") == 0;
		if (l->is_total)
			t->total_index = (int)i;
		for (int j = (int)i - 1; sp->parent != NULL && j >= 0; j--)
			if (strcmp(f->lines[j].row, sp->parent) == 0) {
				l->parent_index = j;
				break;
			}
		if (l->parent_index >= 0) {
			struct budget_line *p = &f->lines[l->parent_index];
			l->depth = p->depth + 1;
			l->project_eff = p->project_eff;
			p->leaf = false;
		} else {
			l->project_eff = l->project;
		}
	}
	memset(f->computed, 0, sizeof f->computed);
	memset(f->general, 0, sizeof f->general);
	memset(f->grand, 0, sizeof f->grand);
	for (size_t i = 0; i < nlines; i++) {
		if (!f->lines[i].leaf || f->lines[i].is_total)
			continue;
		for (int c = 0; c < NCOL; c++)
			for (int j = (int)i; j >= 0;
			     j = f->lines[j].parent_index) {
				f->computed[j * (NCOL + 1) + c + 1] +=
				    f->cells[i][c].vnd;
				f->computed[j * (NCOL + 1)] +=
				    f->cells[i][c].vnd;
			}
	}
	for (size_t i = 0; i < nlines; i++) {
		const struct budget_line *l = &f->lines[i];
		if (l->depth != 0 || l->is_total)
			continue;
		for (int c = 0; c <= NCOL; c++) {
			f->general[l->project_eff * (NCOL + 1) + c] +=
			    f->computed[i * (NCOL + 1) + c];
			f->grand[c] += f->computed[i * (NCOL + 1) + c];
		}
		f->s.project_used[l->project_eff] = true;
	}
	if (t->total_index >= 0)
		memcpy(f->computed + t->total_index * (NCOL + 1), f->grand,
		       sizeof f->grand);
	f->years[0] = 2018;
	f->years[1] = 2019;
	f->s.general = f->general;
	f->s.grand = f->grand;
	f->s.years = f->years;
	f->s.nyears = 2;
}

static int setup(void **state)
{
	log_set_quiet(1);
	struct fixture *f = calloc(1, sizeof *f);
	f->a = arena_new();
	for (size_t i = 0; i < NLINES; i++)
		for (int c = 0; c < NCOL; c++)
			f->cells[i][c].vnd = kon_tum[i].vnd[c];
	build_table(f, NLINES, true);
	f->problems[0] = (struct budget_problem){
	    .line_index = 0,
	    .row = "I",
	    .column = 1,
	    .kind = BUDGET_PARENT_SUM,
	    .has_amounts = true,
	    .stated = M(9000),
	    .computed = M(10000),
	    .message =
	        "Dòng I, cột 2018:local: ghi 9.000, tổng các mục con 10.000"};
	f->problems[1] = (struct budget_problem){
	    .line_index = 3,
	    .row = "1.2",
	    .column = -1,
	    .kind = BUDGET_UNPARSEABLE,
	    .message = "Dòng 1.2, cột stated_total: không phải số tiền"};
	f->in = (struct budget_xlsx_input){
	    .plan_number = "787/KH-UBND",
	    .plan_title = "Kế hoạch thực hiện Chương trình mục tiêu phát triển "
	                  "hệ thống trợ giúp xã hội",
	    .unit_name = "Tỉnh Kon Tum",
	    .issued_on = "2018-04-03",
	    .table = &f->t,
	    .computed = f->computed,
	    .summary = &f->s,
	    .problems = f->problems,
	    .nproblems = 2};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->a);
	free(f);
	return 0;
}

/* ---- reading the .xlsx back --------------------------------------------- */

static char *entry(struct fixture *f, const char *name)
{
	return zip_entry(f->a, f->xlsx, f->len, name);
}

/* The text between open and close after p, in the arena. */
static char *between(struct fixture *f, const char *p, const char *open,
                     const char *close)
{
	const char *s = strstr(p, open);
	assert_non_null(s);
	s += strlen(open);
	const char *e = strstr(s, close);
	assert_non_null(e);
	return arena_strndup(f->a, s, (size_t)(e - s));
}

static void write_book(struct fixture *f, enum budget_xlsx_table which,
                       int project)
{
	assert_int_equal(
	    budget_xlsx_write(&f->in, which, project, f->a, &f->xlsx, &f->len),
	    0);
	assert_non_null(f->xlsx);
	assert_memory_equal(f->xlsx, "PK\x03\x04", 4);
	char *sst = entry(f, "xl/sharedStrings.xml");
	f->nstrings = 0;
	for (const char *p = sst; p && (p = strstr(p, "<si>")) != NULL;
	     p += 4) {
		char *si = between(f, p, "<si>", "</si>");
		char *t = strchr(si, '>'); /* past <t> or <t xml:space=…> */
		assert_non_null(t);
		*strstr(t, "</t>") = '\0';
		assert_true(f->nstrings < 64);
		f->strings[f->nstrings++] = t + 1;
	}
}

/* Sheet names in order, joined by '|'. */
static const char *sheet_names(struct fixture *f)
{
	char *wb = entry(f, "xl/workbook.xml"), *out = "";
	for (const char *p = wb; (p = strstr(p, "<sheet ")) != NULL; p++)
		out = arena_printf(f->a, "%s%s%s", out, *out ? "|" : "",
		                   between(f, p, "name=\"", "\""));
	return out;
}

static char *sheet(struct fixture *f, int n)
{
	char path[64];
	snprintf(path, sizeof path, "xl/worksheets/sheet%d.xml", n);
	char *xml = entry(f, path);
	assert_non_null(xml);
	return xml;
}

/* The <c …> element of cell ref ("B6"), NULL when absent. */
static const char *cell_element(struct fixture *f, int n, const char *ref)
{
	char *xml = sheet(f, n);
	char *key = arena_printf(f->a, "<c r=\"%s\"", ref);
	const char *c = strstr(xml, key);
	if (c == NULL)
		return NULL;
	const char *end = strstr(c, "</c>"), *empty = strstr(c, "/>");
	if (end == NULL ||
	    (empty != NULL && empty < strstr(c, ">") + 1 && empty < end))
		end = empty;
	return arena_strndup(f->a, c, (size_t)(end - c));
}

/* What cell ref shows unformatted: the string, the number as written,
 * "" for a blank cell; NULL when absent. */
static const char *cell(struct fixture *f, int n, const char *ref)
{
	const char *c = cell_element(f, n, ref);
	if (c == NULL)
		return NULL;
	if (strstr(c, "<v>") == NULL)
		return "";
	const char *v = between(f, c, "<v>", "</v>");
	if (strstr(c, "t=\"s\"") == NULL)
		return v;
	size_t i = strtoul(v, NULL, 10);
	assert_true(i < f->nstrings);
	return f->strings[i];
}

/* The n-th element <name …> inside section of styles.xml, whole. */
static const char *style_part(struct fixture *f, const char *section,
                              const char *name, long n)
{
	char *styles = entry(f, "xl/styles.xml");
	const char *p = strstr(styles, section);
	assert_non_null(p);
	char *open = arena_printf(f->a, "<%s", name);
	size_t k = strlen(open);
	for (long i = 0; i <= n; i++) {
		do
			p = strstr(p + 1, open);
		while (p != NULL && p[k] != ' ' && p[k] != '>' && p[k] != '/');
		assert_non_null(p);
	}
	const char *e = strchr(p, '>') + 1;
	if (e[-2] != '/') {
		char *close = arena_printf(f->a, "</%s>", name);
		e = strstr(p, close);
		assert_non_null(e);
		e += strlen(close);
	}
	return arena_strndup(f->a, p, (size_t)(e - p));
}

static const char *cell_xf(struct fixture *f, int n, const char *ref)
{
	const char *c = cell_element(f, n, ref);
	assert_non_null(c);
	long s = strstr(c, " s=\"") ? atol(strstr(c, " s=\"") + 4) : 0;
	return style_part(f, "<cellXfs", "xf", s);
}

/* The number format code of cell ref, as stored (XML-escaped). */
static const char *cell_format(struct fixture *f, int n, const char *ref)
{
	const char *xf = cell_xf(f, n, ref);
	char *id = between(f, xf, "numFmtId=\"", "\"");
	char *styles = entry(f, "xl/styles.xml");
	char *key = arena_printf(f->a, "<numFmt numFmtId=\"%s\"", id);
	const char *nf = strstr(styles, key);
	if (nf == NULL)
		return id; /* a built-in format */
	return between(f, nf, "formatCode=\"", "\"");
}

static bool cell_bold(struct fixture *f, int n, const char *ref)
{
	const char *xf = cell_xf(f, n, ref);
	long font = atol(between(f, xf, "fontId=\"", "\""));
	return strstr(style_part(f, "<fonts", "font", font), "<b/>") != NULL;
}

static int cell_indent(struct fixture *f, int n, const char *ref)
{
	const char *xf = cell_xf(f, n, ref), *i = strstr(xf, "indent=\"");
	return i ? atoi(i + strlen("indent=\"")) : 0;
}

static double row_height(struct fixture *f, int n, int row)
{
	char *key = arena_printf(f->a, "<row r=\"%d\"", row);
	const char *r = strstr(sheet(f, n), key);
	assert_non_null(r);
	const char *end = strchr(r, '>'), *ht = strstr(r, " ht=\"");
	return ht && ht < end ? atof(ht + 5) : 15;
}

/* ---- the tests ------------------------------------------------------------
 */

static void test_sheets_by_choice(void **state)
{
	struct fixture *f = *state;
	write_book(f, BUDGET_XLSX_ALL, 0);
	assert_string_equal(sheet_names(f),
	                    "Tổng hợp|Phụ lục I|Phụ lục II|Kiểm tra");
	write_book(f, BUDGET_XLSX_GENERAL, 0);
	assert_string_equal(sheet_names(f), "Tổng hợp");
	write_book(f, BUDGET_XLSX_PROJECT, 2);
	assert_string_equal(sheet_names(f), "Phụ lục II");
	assert_string_equal(cell(f, 1, "B6"),
	                    "Dự án 2: Phát triển nghề công tác xã hội");
	assert_string_equal(cell(f, 1, "C6"), "13046");
	/* project 1's lines are not there */
	assert_null(cell(f, 1, "B8"));
	/* a project without lines: the frame and header only */
	write_book(f, BUDGET_XLSX_PROJECT, 3);
	assert_string_equal(sheet_names(f), "Phụ lục III");
	assert_string_equal(cell(f, 1, "A1"),
	                    "PHỤ LỤC III — KINH PHÍ THỰC HIỆN DỰ ÁN 3");
	assert_null(cell(f, 1, "A6"));
}

static void test_general_table(void **state)
{
	struct fixture *f = *state;
	write_book(f, BUDGET_XLSX_GENERAL, 0);
	assert_string_equal(cell(f, 1, "A1"),
	                    "BẢNG TỔNG HỢP CHUNG KINH PHÍ THỰC HIỆN KẾ HOẠCH");
	assert_string_equal(cell(f, 1, "A2"),
	                    "(Kèm theo Kế hoạch số 787/KH-UBND ngày 03/04/2018 "
	                    "của Ủy ban nhân dân tỉnh Kon Tum)");
	assert_string_equal(cell(f, 1, "A3"), "Đơn vị tính: triệu đồng");
	/* the two-row header */
	assert_string_equal(cell(f, 1, "A4"), "STT");
	assert_string_equal(cell(f, 1, "B4"), "Nội dung");
	assert_string_equal(cell(f, 1, "C4"), "Tổng cộng");
	assert_string_equal(cell(f, 1, "D4"), "Năm 2018");
	assert_string_equal(cell(f, 1, "G4"), "Năm 2019");
	assert_string_equal(cell(f, 1, "D5"), "NSTW");
	assert_string_equal(cell(f, 1, "E5"), "NSĐP");
	assert_string_equal(cell(f, 1, "F5"), "Vận động");
	assert_string_equal(cell(f, 1, "I5"), "Vận động");
	const char *xml = sheet(f, 1);
	static const char *const merges[] = {"A1:I1", "A2:I2", "A3:I3",
	                                     "A4:A5", "B4:B5", "C4:C5",
	                                     "D4:F4", "G4:I4"};
	for (size_t i = 0; i < sizeof merges / sizeof merges[0]; i++)
		assert_non_null(
		    strstr(xml, arena_printf(f->a, "<mergeCell ref=\"%s\"/>",
		                             merges[i])));
	/* a row per project, in million VND, then the total */
	assert_string_equal(cell(f, 1, "A6"), "1");
	assert_string_equal(
	    cell(f, 1, "B6"),
	    "Dự án 1: Phát triển hệ thống cơ sở trợ giúp xã hội");
	assert_string_equal(cell(f, 1, "C6"), "67400");
	assert_string_equal(cell(f, 1, "D6"), "30000");
	assert_string_equal(cell(f, 1, "F6"), "0.5");
	assert_string_equal(cell(f, 1, "I6"), "399.5");
	assert_string_equal(cell(f, 1, "A7"), "2");
	assert_string_equal(cell(f, 1, "C7"), "13046");
	assert_string_equal(cell(f, 1, "B8"), "TỔNG CỘNG");
	assert_string_equal(cell(f, 1, "C8"), "80446");
	assert_string_equal(cell(f, 1, "H8"), "8546");
	assert_null(cell(f, 1, "B9"));
	assert_false(cell_bold(f, 1, "B6"));
	assert_true(cell_bold(f, 1, "B8"));
	assert_true(cell_bold(f, 1, "C8"));
	assert_true(cell_bold(f, 1, "D4"));
	/* frozen under the header, beside the labels; A4 landscape, one page
	 * wide, the header repeated on every page */
	assert_non_null(strstr(xml, "xSplit=\"2\" ySplit=\"5\""));
	assert_non_null(strstr(xml, "paperSize=\"9\""));
	assert_non_null(strstr(xml, "orientation=\"landscape\""));
	assert_non_null(strstr(xml, "fitToHeight=\"0\""));
	assert_non_null(strstr(xml, "<cols>"));
	char *wb = entry(f, "xl/workbook.xml");
	assert_non_null(strstr(wb, "_xlnm.Print_Titles"));
	assert_non_null(strstr(wb, "'Tổng hợp'!$4:$5"));
}

static void test_amount_formats(void **state)
{
	struct fixture *f = *state;
	write_book(f, BUDGET_XLSX_GENERAL, 0);
	/* Vietnamese separators (LCID 42A), only the decimals needed, zero
	 * as a dash */
	const char *whole = cell_format(f, 1, "C6");
	assert_non_null(strstr(whole, "[$-42A]#,##0_);"));
	assert_non_null(strstr(whole, "&quot;-&quot;"));
	assert_non_null(strstr(cell_format(f, 1, "F6"), "[$-42A]#,##0.0_);"));
	assert_string_equal(cell(f, 1, "F7"), "0");
	assert_non_null(strstr(cell_format(f, 1, "F7"), "[$-42A]#,##0_);"));
	/* 0,25 million needs two decimals; 400 đồng shows as a whole 0,
	 * 500 as 0,001 (rounded to a thousand đồng) */
	f->cells[3][0].vnd = M(0.25);
	f->cells[3][3].vnd = 400;
	f->cells[3][4].vnd = 500;
	build_table(f, NLINES, true);
	write_book(f, BUDGET_XLSX_PROJECT, 1);
	assert_string_equal(cell(f, 1, "A9"), "1.2");
	assert_string_equal(cell(f, 1, "D9"), "0.25");
	assert_non_null(strstr(cell_format(f, 1, "D9"), "#,##0.00_)"));
	assert_non_null(strstr(cell_format(f, 1, "G9"), "[$-42A]#,##0_);"));
	assert_string_equal(cell(f, 1, "H9"), "0.0005");
	assert_non_null(strstr(cell_format(f, 1, "H9"), "#,##0.000_)"));
	/* 1 234,567 million: three decimals */
	f->cells[3][1].vnd = 1234567000;
	build_table(f, NLINES, true);
	write_book(f, BUDGET_XLSX_PROJECT, 1);
	assert_string_equal(cell(f, 1, "E9"), "1234.567");
	assert_non_null(strstr(cell_format(f, 1, "E9"), "#,##0.000_)"));
}

static void test_project_appendix(void **state)
{
	struct fixture *f = *state;
	write_book(f, BUDGET_XLSX_ALL, 0);
	/* sheet 2: Phụ lục I, the lines in order with their own labels */
	assert_string_equal(cell(f, 2, "A1"),
	                    "PHỤ LỤC I — KINH PHÍ THỰC HIỆN DỰ ÁN 1");
	assert_string_equal(cell(f, 2, "A6"), "I");
	assert_string_equal(cell(f, 2, "A7"), "1");
	assert_string_equal(cell(f, 2, "A8"), "1.1");
	assert_string_equal(cell(f, 2, "B8"), "Xây dựng nhà ở cho đối tượng");
	assert_string_equal(cell(f, 2, "C8"), "67000");
	assert_string_equal(cell(f, 2, "C7"), "67400");
	assert_string_equal(cell(f, 2, "C9"), "400");
	/* one top-level line: it is the project's total, no extra row */
	assert_null(cell(f, 2, "B10"));
	/* bold top level, labels indented by depth */
	assert_true(cell_bold(f, 2, "B6"));
	assert_true(cell_bold(f, 2, "C6"));
	assert_false(cell_bold(f, 2, "B7"));
	assert_int_equal(cell_indent(f, 2, "B6"), 0);
	assert_int_equal(cell_indent(f, 2, "B7"), 1);
	assert_int_equal(cell_indent(f, 2, "B8"), 2);
	/* the long label of Phụ lục II wraps: its row is taller */
	assert_non_null(strstr(cell_xf(f, 3, "B7"), "wrapText=\"1\""));
	assert_true(row_height(f, 3, 7) > 2 * row_height(f, 3, 6) - 4);
	assert_true(row_height(f, 3, 6) >= 15);
	/* the table's own total line is in no appendix */
	for (int n = 2; n <= 3; n++)
		for (int r = 6; r < 12; r++) {
			const char *b =
			    cell(f, n, arena_printf(f->a, "A%d", r));
			assert_true(b == NULL || strcmp(b, "total") != 0);
		}
}

static void test_problems_sheet(void **state)
{
	struct fixture *f = *state;
	write_book(f, BUDGET_XLSX_ALL, 0);
	assert_string_equal(cell(f, 4, "A1"),
	                    "KẾT QUẢ KIỂM TRA SỐ LIỆU KINH PHÍ");
	assert_string_equal(cell(f, 4, "B4"), "Dòng");
	assert_string_equal(cell(f, 4, "A6"), "1");
	assert_string_equal(cell(f, 4, "B6"), "I");
	assert_string_equal(cell(f, 4, "C6"), "Năm 2018 — NSĐP");
	assert_string_equal(cell(f, 4, "D6"), "Khác tổng các mục con");
	assert_string_equal(
	    cell(f, 4, "E6"),
	    "Dòng I, cột 2018:local: ghi 9.000, tổng các mục con 10.000");
	assert_string_equal(cell(f, 4, "F6"), "9000");
	assert_string_equal(cell(f, 4, "G6"), "10000");
	/* unparseable: no amounts */
	assert_string_equal(cell(f, 4, "C7"), "Tổng cộng");
	assert_string_equal(cell(f, 4, "D7"), "Không phải số tiền");
	assert_string_equal(cell(f, 4, "F7"), "");
	f->in.nproblems = 0;
	write_book(f, BUDGET_XLSX_ALL, 0);
	assert_string_equal(cell(f, 4, "A6"),
	                    "Không có sai lệch: các số cộng đúng.");
}

static void test_without_projects(void **state)
{
	struct fixture *f = *state;
	build_table(f, NLINES, false);
	write_book(f, BUDGET_XLSX_ALL, 0);
	assert_string_equal(sheet_names(f), "Tổng hợp|Chi tiết|Kiểm tra");
	assert_string_equal(cell(f, 1, "B6"), "Kinh phí thực hiện");
	assert_string_equal(cell(f, 1, "C6"), "80446");
	assert_string_equal(cell(f, 1, "B7"), "TỔNG CỘNG");
	/* two top-level lines: the detail ends with their total */
	assert_string_equal(cell(f, 2, "A6"), "I");
	assert_string_equal(cell(f, 2, "A10"), "II");
	assert_string_equal(cell(f, 2, "B12"), "TỔNG CỘNG");
	assert_string_equal(cell(f, 2, "C12"), "80446");
}

static void test_subtitle_and_text(void **state)
{
	struct fixture *f = *state;
	/* no number, a district, a label that is not UTF-8 */
	f->in.plan_number = "(không ghi số)";
	f->in.unit_name = "Huyện Tam Đường";
	f->lines[2].label = "Nh\xe0 \xff\xfe ở";
	write_book(f, BUDGET_XLSX_ALL, 0);
	assert_string_equal(cell(f, 1, "A2"),
	                    "(Kèm theo Kế hoạch ngày 03/04/2018 của Ủy ban "
	                    "nhân dân huyện Tam Đường)");
	assert_string_equal(cell(f, 2, "B8"), "Nh\xef\xbf\xbd \xef\xbf\xbd"
	                                      "\xef\xbf\xbd ở");
	char *core = entry(f, "docProps/core.xml");
	assert_non_null(strstr(core, "Kế hoạch thực hiện Chương trình"));
}

static size_t files_in(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_no_file_left(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/test_budget_xlsx.XXXXXX";
	assert_non_null(mkdtemp(dir));
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", dir, 1);
	write_book(f, BUDGET_XLSX_ALL, 0);
	assert_int_equal(files_in(dir), 0);
	/* a temporary directory that cannot be written: an error, nothing
	 * returned */
	char *gone = arena_printf(f->a, "%s/missing", dir);
	setenv("TMPDIR", gone, 1);
	char *out = (char *)1;
	size_t len = 1;
	assert_int_equal(
	    budget_xlsx_write(&f->in, BUDGET_XLSX_ALL, 0, f->a, &out, &len),
	    -1);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(files_in(dir), 0);
	if (saved) {
		setenv("TMPDIR", saved, 1);
		free(saved);
	} else {
		unsetenv("TMPDIR");
	}
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_sheets_by_choice, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_general_table, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_amount_formats, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_project_appendix, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_problems_sheet, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_without_projects, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_subtitle_and_text, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_no_file_left, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
