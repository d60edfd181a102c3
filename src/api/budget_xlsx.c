/*
 * budget_xlsx.c — a plan's budget tables as an XLSX workbook laid out like
 * the appendices of a provincial plan (docs/budget.md §XLSX export).
 *
 * Sheets "Tổng hợp", "Phụ lục I".."IV" (or "Khác", "Chi tiết" for lines
 * without a project), "Kiểm tra": which holds what is in the docs.  Each
 * has a merged title, "(Kèm theo Kế hoạch số …)", the unit, a two-row
 * header (a year merged over NSTW, NSĐP, Vận động), thin borders, and
 * prints landscape A4 one page wide.  Times New Roman, the face of
 * administrative documents (LibreOffice uses its metric twin).
 *
 * Amounts are numbers in million VND (vnd / 1e6: a double is exact enough
 * for display and sums of a sheet) so the reader can compute with them.
 * Separators: an XLSX number format is stored in en-US form ("#,##0.0")
 * and each program renders it in some locale.  We prefix every amount
 * format with the locale tag [$-42A] (LCID 0x042A, Vietnamese).
 * LibreOffice takes the tag as the format's language and shows `.`
 * thousands and `,` decimals whatever its own locale (checked with
 * LANG=C and en_US: 1.234.567,50); the newer tag form [$-vi-VN] is not
 * understood by LibreOffice 7.4 (it falls back to General), so the LCID
 * it is.  Excel uses the tag for dates and names only and takes the
 * separators from the reader's system settings — right on a Vietnamese
 * Windows, `,`/`.` on an English one; nothing short of writing amounts as
 * text forces them there, and text would stop the sheet computing.
 * Each cell gets exactly the decimals it needs after rounding to a
 * thousand đồng (0–3), so 43.200 shows no dangling separator and 0,5 no
 * trailing zeros; zero shows "-" as in printed budget tables.
 *
 * The workbook's bytes come back through lib/xlsxfile (a temporary file,
 * one workbook of the process at a time).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xlsxwriter.h>

#include "api/budget_xlsx.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/xlsxfile.h"

/* Rows of every table sheet; the data starts at ROW_DATA. */
enum { ROW_TITLE, ROW_SUBTITLE, ROW_UNIT, ROW_HEAD, ROW_HEAD2, ROW_DATA };
/* Columns of the general and project sheets. */
enum { COL_STT, COL_LABEL, COL_TOTAL, COL_YEARS };
/* "Kiểm tra": STT, row, column, kind, message (texts), stated, computed. */
enum { CHECK_TEXTS = 5, CHECK__MAX = 7 };

#define FONT         "Times New Roman"
#define INDENT_MAX   8
#define DECIMALS_MAX 3
#define PAPER_A4     9
#define PROJECTS     4

static const char *const source_heads[BUDGET_SOURCES] = {"NSTW", "NSĐP",
                                                         "Vận động"};
static const char *const roman[PROJECTS + 1] = {"", "I", "II", "III", "IV"};

struct book {
	lxw_workbook *wb;
	const struct budget_xlsx_input *in;
	const struct budget_table *t;
	struct arena *a;
	enum budget_xlsx_table which;
	int project;
	lxw_error err; /* the first libxlsxwriter error */
	const char *subtitle;
	int *year_of_column; /* [ncolumns]: index into summary->years */
	size_t nyears;
	double label_width; /* of the sheet being written */
	int64_t *grid;      /* [nyears × BUDGET_SOURCES]: one row's amounts */
	lxw_format *title, *subtitle_fmt, *unit, *head, *text, *note;
	lxw_format *stt[2], *label[2][INDENT_MAX + 1];
	lxw_format *amount[2][DECIMALS_MAX + 1];
};

static void check(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
		b->err = e;
}

/* Text as valid UTF-8: a label that came from a file in another encoding
 * would otherwise make the whole workbook unreadable XML.  Invalid bytes
 * become U+FFFD. */
static const char *utf8(struct book *b, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t n = s ? strlen(s) : 0, i = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	while (i < n && (k = utf8proc_iterate(p + i, n - i, &cp)) > 0)
		i += k;
	if (i == n)
		return s ? s : "";
	char *out = arena_alloc(b->a, n * 3 + 1), *o = out;
	for (i = 0; i<n; i += k> 0 ? k : 1) {
		k = utf8proc_iterate(p + i, n - i, &cp);
		o = mempcpy(o, k > 0 ? s + i : "\xEF\xBF\xBD", k > 0 ? k : 3);
	}
	return out;
}

/* A sheet, or NULL with b->err set (libxlsxwriter refuses bad names). */
static lxw_worksheet *add_sheet(struct book *b, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	if (ws == NULL)
		check(b, LXW_ERROR_SHEETNAME_ALREADY_USED);
	return ws;
}

enum { BOLD = 1, BORDER = 2, ITALIC = 4, WRAP = 8 };

/* Times New Roman 12, vertically centred, align (LXW_ALIGN_…) and the
 * flags above. */
static lxw_format *new_format(struct book *b, unsigned flags, uint8_t align)
{
	lxw_format *f = workbook_add_format(b->wb);
	format_set_font_name(f, FONT);
	format_set_font_size(f, 12);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_align(f, align);
	if (flags & BOLD)
		format_set_bold(f);
	if (flags & BORDER)
		format_set_border(f, LXW_BORDER_THIN);
	if (flags & ITALIC)
		format_set_italic(f);
	if (flags & WRAP)
		format_set_text_wrap(f);
	return f;
}

/* Decimals a cell needs once rounded to a thousand đồng (0–3). */
static int amount_decimals(int64_t vnd)
{
	int64_t thousands = ((vnd < 0 ? -vnd : vnd) + 500) / 1000 % 1000;
	if (thousands == 0)
		return 0;
	if (thousands % 100 == 0)
		return 1;
	return thousands % 10 == 0 ? 2 : 3;
}

static lxw_format *amount_format(struct book *b, bool bold, int decimals)
{
	lxw_format **f = &b->amount[bold][decimals];
	if (*f != NULL)
		return *f;
	/* _) keeps a bracket's width free on the right, off the border. */
	static const char *const codes[DECIMALS_MAX + 1] = {
	    "[$-42A]#,##0_);-#,##0_);\"-\"_)",
	    "[$-42A]#,##0.0_);-#,##0.0_);\"-\"_)",
	    "[$-42A]#,##0.00_);-#,##0.00_);\"-\"_)",
	    "[$-42A]#,##0.000_);-#,##0.000_);\"-\"_)"};
	*f = new_format(b, (bold ? BOLD : 0) | BORDER, LXW_ALIGN_RIGHT);
	format_set_num_format(*f, codes[decimals]);
	return *f;
}

static lxw_format *label_format(struct book *b, bool bold, int depth)
{
	if (depth > INDENT_MAX)
		depth = INDENT_MAX;
	lxw_format **f = &b->label[bold][depth];
	if (*f != NULL)
		return *f;
	*f = new_format(b, (bold ? BOLD : 0) | BORDER | WRAP, LXW_ALIGN_LEFT);
	if (depth > 0)
		format_set_indent(*f, depth);
	return *f;
}

static void make_formats(struct book *b)
{
	b->title = new_format(b, BOLD | WRAP, LXW_ALIGN_CENTER);
	format_set_font_size(b->title, 13);
	b->subtitle_fmt = new_format(b, ITALIC | WRAP, LXW_ALIGN_CENTER);
	b->unit = new_format(b, ITALIC, LXW_ALIGN_RIGHT);
	b->head = new_format(b, BOLD | BORDER | WRAP, LXW_ALIGN_CENTER);
	b->text = new_format(b, BORDER | WRAP, LXW_ALIGN_LEFT);
	b->note = new_format(b, ITALIC, LXW_ALIGN_LEFT);
	b->stt[0] = new_format(b, BORDER, LXW_ALIGN_CENTER);
	b->stt[1] = new_format(b, BOLD | BORDER, LXW_ALIGN_CENTER);
}

/* Lines text takes wrapped in a column width wide (in widths of '0'),
 * words kept whole.  LibreOffice does not fit the height of a row with
 * wrapped text that a program wrote, so we estimate it: a width unit
 * holds about 1.3 letters of Times New Roman 12 (Vietnamese is mostly
 * narrow letters; measured on LibreOffice's Liberation Serif, its metric
 * twin), 1.15 bold; an indent level takes about 1.5 units. */
static int wrapped_lines(const char *s, double width, int indent, bool bold)
{
	double room = (width - 1 - 1.5 * indent) * (bold ? 1.15 : 1.3);
	if (room < 4)
		room = 4;
	int lines = 1;
	double used = 0;
	while (*s) {
		size_t word = 0, bytes = 0;
		while (s[bytes] != '\0' && s[bytes] != ' ') {
			if (((unsigned char)s[bytes] & 0xC0) != 0x80)
				word++;
			bytes++;
		}
		if (used > 0 && used + 1 + word > room) {
			lines++;
			used = 0;
		}
		used += (used > 0) + (double)word;
		while (used > room) { /* a word longer than a line */
			lines++;
			used -= room;
		}
		s += bytes;
		while (*s == ' ')
			s++;
	}
	return lines;
}

static void fit_row(struct book *b, lxw_worksheet *ws, int row, int lines)
{
	check(b, worksheet_set_row(ws, row, 3 + 15.5 * lines, NULL));
}

static void write_amount(struct book *b, lxw_worksheet *ws, int row, int col,
                         int64_t vnd, bool bold)
{
	check(b, worksheet_write_number(
	             ws, row, col, (double)vnd / 1e6,
	             amount_format(b, bold, amount_decimals(vnd))));
}

/* "(Kèm theo Kế hoạch số 787/KH-UBND ngày 03/04/2018 của Ủy ban nhân dân
 * tỉnh Kon Tum)": plans are issued by the people's committee of the unit
 * that holds them; the level word of the unit's name is lower case
 * inside a sentence.  A number such as "(không ghi số)" is left out. */
static const char *make_subtitle(struct book *b)
{
	const struct budget_xlsx_input *in = b->in;
	int y, m, d;
	const char *date = in->issued_on != NULL ? in->issued_on : "";
	char when[32] = "";
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3)
		snprintf(when, sizeof when, " ngày %02d/%02d/%04d", d, m, y);
	else if (*date)
		snprintf(when, sizeof when, " ngày %.20s", date);
	const char *num = in->plan_number;
	const char *number = num != NULL && *num && *num != '('
	                         ? arena_printf(b->a, " số %s", utf8(b, num))
	                         : "";
	const char *by = "";
	if (in->unit_name != NULL && *in->unit_name) {
		char *unit = arena_strdup(b->a, utf8(b, in->unit_name));
		if (unit[0] >= 'A' && unit[0] <= 'Z' && strchr(unit, ' '))
			unit[0] = (char)(unit[0] - 'A' + 'a');
		by = arena_printf(b->a, " của Ủy ban nhân dân %s", unit);
	}
	return arena_printf(b->a, "(Kèm theo Kế hoạch%s%s%s)", number, when,
	                    by);
}

/* Title, subtitle and unit rows, page set-up; ncols columns wide. */
static void sheet_frame(struct book *b, lxw_worksheet *ws, int ncols,
                        const char *title)
{
	check(b, worksheet_merge_range(ws, ROW_TITLE, 0, ROW_TITLE, ncols - 1,
	                               title, b->title));
	check(b, worksheet_set_row(ws, ROW_TITLE, 22, NULL));
	check(b,
	      worksheet_merge_range(ws, ROW_SUBTITLE, 0, ROW_SUBTITLE,
	                            ncols - 1, b->subtitle, b->subtitle_fmt));
	check(b, worksheet_merge_range(ws, ROW_UNIT, 0, ROW_UNIT, ncols - 1,
	                               "Đơn vị tính: triệu đồng", b->unit));
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, PAPER_A4);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	check(b,
	      worksheet_set_footer(ws, "&C&\"Times New Roman\"&10Trang &P/&N"));
	check(b, worksheet_repeat_rows(ws, ROW_HEAD, ROW_HEAD2));
}

/* STT | Nội dung | Tổng cộng | Năm Y (NSTW NSĐP Vận động)…, frozen. */
static void amount_header(struct book *b, lxw_worksheet *ws, double label_width)
{
	const struct budget_summary *s = b->in->summary;
	static const char *const heads[] = {"STT", "Nội dung", "Tổng cộng"};
	for (int c = COL_STT; c < COL_YEARS; c++)
		check(b, worksheet_merge_range(ws, ROW_HEAD, c, ROW_HEAD2, c,
		                               heads[c], b->head));
	for (size_t y = 0; y < b->nyears; y++) {
		int c = COL_YEARS + (int)y * BUDGET_SOURCES;
		char year[24];
		snprintf(year, sizeof year, "Năm %d", s->years[y]);
		check(b, worksheet_merge_range(ws, ROW_HEAD, c, ROW_HEAD,
		                               c + BUDGET_SOURCES - 1, year,
		                               b->head));
		for (int src = 0; src < BUDGET_SOURCES; src++)
			check(b, worksheet_write_string(ws, ROW_HEAD2, c + src,
			                                source_heads[src],
			                                b->head));
	}
	check(b, worksheet_set_row(ws, ROW_HEAD, 20, NULL));
	check(b, worksheet_set_row(ws, ROW_HEAD2, 20, NULL));
	check(b, worksheet_set_column(ws, COL_STT, COL_STT, 6, NULL));
	check(b, worksheet_set_column(ws, COL_LABEL, COL_LABEL, label_width,
	                              NULL));
	b->label_width = label_width;
	check(b, worksheet_set_column(ws, COL_TOTAL, COL_TOTAL, 12, NULL));
	if (b->nyears > 0)
		check(b, worksheet_set_column(
		             ws, COL_YEARS,
		             COL_YEARS + (int)b->nyears * BUDGET_SOURCES - 1,
		             10.5, NULL));
	worksheet_freeze_panes(ws, ROW_DATA, COL_TOTAL);
}

/* One row of amounts: cells[ncolumns + 1] as budget_computed_all lays
 * them out (the row's total first).  A year × source the table lacks is 0. */
static void amount_row(struct book *b, lxw_worksheet *ws, int row,
                       const char *stt, const char *label, int depth, bool bold,
                       const int64_t *cells)
{
	const struct budget_table *t = b->t;
	check(b, worksheet_write_string(ws, row, COL_STT, utf8(b, stt),
	                                b->stt[bold]));
	label = utf8(b, label);
	check(b, worksheet_write_string(ws, row, COL_LABEL, label,
	                                label_format(b, bold, depth)));
	fit_row(b, ws, row,
	        wrapped_lines(label, b->label_width,
	                      depth > INDENT_MAX ? INDENT_MAX : depth, bold));
	write_amount(b, ws, row, COL_TOTAL, cells[0], bold);
	size_t n = b->nyears * BUDGET_SOURCES;
	memset(b->grid, 0, n * sizeof *b->grid);
	for (size_t c = 0; c < t->ncolumns; c++)
		b->grid[b->year_of_column[c] * BUDGET_SOURCES +
		        t->columns[c].source] = cells[c + 1];
	for (size_t i = 0; i < n; i++)
		write_amount(b, ws, row, COL_YEARS + (int)i, b->grid[i], bold);
}

static int amount_columns(const struct book *b)
{
	return COL_YEARS + (int)b->nyears * BUDGET_SOURCES;
}

/* How many lines project p has (0: none) besides the total line, only
 * top-level ones when top; *first the first of them. */
static size_t lines_of(const struct budget_table *t, int p, bool top,
                       size_t *first)
{
	size_t n = 0;
	for (size_t i = 0; i < t->nlines; i++) {
		const struct budget_line *l = &t->lines[i];
		if (l->is_total || l->project_eff != p ||
		    (top && l->depth != 0))
			continue;
		if (n++ == 0)
			*first = i;
	}
	return n;
}

/* "Dự án 1: Phát triển …" from the project's one top-level line, else
 * "Dự án 1". */
static const char *project_name(struct book *b, int p)
{
	size_t first = 0;
	if (lines_of(b->t, p, true, &first) == 1) {
		const char *label = utf8(b, b->t->lines[first].label);
		if (strncmp(label, "Dự án", strlen("Dự án")) == 0)
			return label;
		if (*label)
			return arena_printf(b->a, "Dự án %d: %s", p, label);
	}
	return arena_printf(b->a, "Dự án %d", p);
}

static bool has_lines(const struct book *b, int p)
{
	size_t first;
	return lines_of(b->t, p, false, &first) > 0;
}

static const int64_t *general_row(const struct book *b, int p)
{
	return b->in->summary->general + (size_t)p * (b->t->ncolumns + 1);
}

static void general_sheet(struct book *b)
{
	lxw_worksheet *ws = add_sheet(b, "Tổng hợp");
	if (ws == NULL)
		return;
	int ncols = amount_columns(b);
	sheet_frame(b, ws, ncols,
	            "BẢNG TỔNG HỢP CHUNG KINH PHÍ THỰC HIỆN KẾ HOẠCH");
	amount_header(b, ws, 48);
	/* STT 1, 2, … by row; project 0 last, "Kinh phí thực hiện" alone */
	int row = ROW_DATA;
	for (int p = 1; p <= PROJECTS + 1; p++) {
		int q = p % (PROJECTS + 1);
		if (!has_lines(b, q))
			continue;
		const char *name = q > 0            ? project_name(b, q)
		                   : row > ROW_DATA ? "Các nội dung khác"
		                                    : "Kinh phí thực hiện";
		amount_row(b, ws, row,
		           arena_printf(b->a, "%d", row - ROW_DATA + 1), name,
		           0, false, general_row(b, q));
		row++;
	}
	amount_row(b, ws, row, "", "TỔNG CỘNG", 0, true, b->in->summary->grand);
}

/* The lines of project p (0: those without one) in file order, and a
 * TỔNG CỘNG row when more than one line is at the top. */
static void project_sheet(struct book *b, int p)
{
	bool projects = false;
	for (int q = 1; q <= PROJECTS; q++)
		projects = projects || has_lines(b, q);
	const char *name, *title;
	if (p > 0) {
		name = arena_printf(b->a, "Phụ lục %s", roman[p]);
		title = arena_printf(b->a,
		                     "PHỤ LỤC %s — KINH PHÍ THỰC HIỆN DỰ ÁN %d",
		                     roman[p], p);
	} else if (projects) {
		name = "Khác";
		title = "KINH PHÍ CÁC NỘI DUNG KHÔNG THUỘC DỰ ÁN";
	} else {
		name = "Chi tiết";
		title = "CHI TIẾT KINH PHÍ THỰC HIỆN KẾ HOẠCH";
	}
	lxw_worksheet *ws = add_sheet(b, name);
	if (ws == NULL)
		return;
	sheet_frame(b, ws, amount_columns(b), title);
	amount_header(b, ws, 55);
	const struct budget_table *t = b->t;
	int row = ROW_DATA;
	for (size_t i = 0; i < t->nlines; i++) {
		const struct budget_line *l = &t->lines[i];
		if (l->is_total || l->project_eff != p)
			continue;
		amount_row(b, ws, row++, l->row, l->label, l->depth,
		           l->depth == 0,
		           b->in->computed + i * (t->ncolumns + 1));
	}
	size_t first;
	if (lines_of(t, p, true, &first) > 1)
		amount_row(b, ws, row, "", "TỔNG CỘNG", 0, true,
		           general_row(b, p));
}

static const char *const kind_texts[] = {
    [BUDGET_UNPARSEABLE] = "Không phải số tiền",
    [BUDGET_ROW_TOTAL] = "Tổng dòng khác tổng các năm",
    [BUDGET_NORM] = "Khác đơn giá × số lượng",
    [BUDGET_PARENT_SUM] = "Khác tổng các mục con",
    [BUDGET_GRAND_TOTAL] = "Tổng cộng khác tổng các mục",
};

static const char *column_text(struct book *b, int column)
{
	if (column == -1)
		return "Tổng cộng";
	if (column == -3)
		return "Đơn giá";
	if (column < 0 || (size_t)column >= b->t->ncolumns)
		return "";
	const struct budget_column *c = &b->t->columns[column];
	return arena_printf(b->a, "Năm %d — %s", c->year,
	                    source_heads[c->source]);
}

static void problems_sheet(struct book *b)
{
	lxw_worksheet *ws = add_sheet(b, "Kiểm tra");
	if (ws == NULL)
		return;
	sheet_frame(b, ws, CHECK__MAX, "KẾT QUẢ KIỂM TRA SỐ LIỆU KINH PHÍ");
	static const char *const heads[CHECK__MAX] = {
	    "STT",      "Dòng",   "Cột",        "Loại sai lệch",
	    "Nội dung", "Số ghi", "Số tính lại"};
	static const double widths[CHECK__MAX] = {6, 8, 20, 24, 70, 12, 12};
	for (int c = 0; c < CHECK__MAX; c++) {
		check(b, worksheet_merge_range(ws, ROW_HEAD, c, ROW_HEAD2, c,
		                               heads[c], b->head));
		check(b, worksheet_set_column(ws, c, c, widths[c], NULL));
	}
	worksheet_freeze_panes(ws, ROW_DATA, 0);
	if (b->in->nproblems == 0)
		check(b, worksheet_write_string(
		             ws, ROW_DATA, 0,
		             "Không có sai lệch: các số cộng đúng.", b->note));
	for (size_t i = 0; i < b->in->nproblems; i++) {
		const struct budget_problem *p = &b->in->problems[i];
		int row = ROW_DATA + (int)i, lines = 1;
		const char *texts[CHECK_TEXTS] = {
		    arena_printf(b->a, "%zu", i + 1), utf8(b, p->row),
		    column_text(b, p->column),
		    (size_t)p->kind < sizeof kind_texts / sizeof *kind_texts
		        ? kind_texts[p->kind]
		        : "",
		    utf8(b, p->message)};
		for (int c = 0; c < CHECK_TEXTS; c++) {
			check(b, worksheet_write_string(ws, row, c, texts[c],
			                                c < 2 ? b->stt[0]
			                                      : b->text));
			int n = wrapped_lines(texts[c], widths[c], 0, false);
			lines = n > lines ? n : lines;
		}
		fit_row(b, ws, row, lines);
		for (int c = CHECK_TEXTS; c < CHECK__MAX; c++) {
			int64_t v = c == CHECK_TEXTS ? p->stated : p->computed;
			if (p->has_amounts)
				write_amount(b, ws, row, c, v, false);
			else
				check(b, worksheet_write_blank(ws, row, c,
				                               b->text));
		}
	}
}

static void build(struct book *b, enum budget_xlsx_table which, int project)
{
	const struct budget_summary *s = b->in->summary;
	b->nyears = s->nyears;
	b->year_of_column =
	    arena_alloc(b->a, (b->t->ncolumns + 1) * sizeof *b->year_of_column);
	for (size_t c = 0; c < b->t->ncolumns; c++)
		for (size_t y = 0; y < s->nyears; y++)
			if (s->years[y] == b->t->columns[c].year)
				b->year_of_column[c] = (int)y;
	b->grid = arena_alloc(b->a, (s->nyears * BUDGET_SOURCES + 1) *
	                                sizeof *b->grid);
	b->subtitle = make_subtitle(b);
	make_formats(b);
	lxw_doc_properties props = {
	    .title = (char *)utf8(b, b->in->plan_title),
	    .subject = "Kinh phí thực hiện kế hoạch",
	    .company = (char *)utf8(b, b->in->unit_name),
	};
	check(b, workbook_set_properties(b->wb, &props));
	if (which == BUDGET_XLSX_PROJECT) {
		project_sheet(b, project);
		return;
	}
	general_sheet(b);
	if (which == BUDGET_XLSX_GENERAL)
		return;
	bool projects = false;
	for (int p = 1; p <= PROJECTS; p++)
		if (has_lines(b, p)) {
			project_sheet(b, p);
			projects = true;
		}
	if (has_lines(b, 0) || !projects)
		project_sheet(b, 0);
	problems_sheet(b);
}

/* xlsxfile_build over a struct book. */
static lxw_error build_book(lxw_workbook *wb, void *ctx)
{
	struct book *b = ctx;
	b->wb = wb;
	build(b, b->which, b->project);
	return b->err;
}

int budget_xlsx_write(const struct budget_xlsx_input *in,
                      enum budget_xlsx_table which, int project,
                      struct arena *a, char **out, size_t *len)
{
	assert(in != NULL && in->table != NULL && in->computed != NULL &&
	       in->summary != NULL && a != NULL && out != NULL && len != NULL);
	assert(which != BUDGET_XLSX_PROJECT ||
	       (project >= 1 && project <= PROJECTS));
	struct book b = {.in = in,
	                 .t = in->table,
	                 .a = a,
	                 .which = which,
	                 .project = project};
	return xlsxfile_write("budget", build_book, &b, a, out, len);
}
