/*
 * report_xlsx.c — a periodic report as an XLSX workbook (docs/reports.md
 * §Exports): one sheet "Báo cáo" drawn from report_form.h's form the way
 * a Vietnamese administrative report is printed — the issuing body left
 * and the national motto right, number and place-date under them, the
 * title, the numbered sections with bordered tables, and the signature
 * block ("Nơi nhận:" left, the signer right).  A4 portrait, one page
 * wide, Times New Roman (as budget_xlsx.c).
 *
 * The sheet has eight columns; every table of the form says how many of
 * them each of its columns covers, and the texts above and below tables
 * are merged across the sheet.  Counts, percents and amounts are numbers
 * with Vietnamese formats ([$-42A], see budget_xlsx.c for why that tag);
 * a masked count is the text "<5".  LibreOffice does not fit the height
 * of a row of wrapped or merged text a program wrote, so heights are
 * estimated from the text's length (text_lines).
 *
 * The bytes come back through lib/xlsxfile (a temporary file, one
 * workbook of the process at a time, as for budgets).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "api/report_form.h"
#include "api/report_internal.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/xlsxfile.h"

#define FONT       "Times New Roman"
#define PAPER_A4   9
#define LAST_COL   (FORM_SHEET_COLS - 1)
#define LEFT_LAST  2 /* the header's left half is A:C, the right D:H */
#define BODY_SIZE  12
#define TABLE_SIZE 11
#define ROW_MAX    400.0 /* points; Excel refuses more than 409 */

/* A:H: STT, code, name, then the figures (see report_form.c's tables). */
static const double col_widths[FORM_SHEET_COLS] = {5,  16, 38, 10,
                                                   10, 10, 12, 16};

enum { BOLD = 1, ITALIC = 2, BORDER = 4, WRAP = 8, UNDERLINE = 16 };

struct sheet {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_error err;
	int row;
	lxw_format *cell[5][3][2]; /* kind, align, bold */
	lxw_format *target_whole[2];
};

static void check(struct sheet *s, lxw_error e)
{
	if (e != LXW_NO_ERROR && s->err == LXW_NO_ERROR)
		s->err = e;
}

static lxw_format *new_format(struct sheet *s, unsigned flags, int align,
                              double size)
{
	static const uint8_t aligns[] = {LXW_ALIGN_LEFT, LXW_ALIGN_CENTER,
	                                 LXW_ALIGN_RIGHT};
	lxw_format *f = workbook_add_format(s->wb);
	format_set_font_name(f, FONT);
	format_set_font_size(f, size);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_align(f, aligns[align]);
	if (flags & BOLD)
		format_set_bold(f);
	if (flags & ITALIC)
		format_set_italic(f);
	if (flags & BORDER)
		format_set_border(f, LXW_BORDER_THIN);
	if (flags & WRAP)
		format_set_text_wrap(f);
	if (flags & UNDERLINE)
		format_set_underline(f, LXW_UNDERLINE_SINGLE);
	return f;
}

/* The format of a table cell, made once per kind, alignment and weight. */
static lxw_format *cell_format(struct sheet *s, const struct form_cell *c,
                               enum form_align align, bool bold)
{
	static const char *const codes[] = {
	    [FORM_TEXT] = NULL,
	    [FORM_COUNT] = "[$-42A]#,##0_)",
	    [FORM_PERCENT] = "[$-42A]0.0\"%\"_)",
	    [FORM_TARGET] = "[$-42A]0.0\"%\"_)",
	    [FORM_VND] = "[$-42A]#,##0_)",
	};
	bool number = c->has_number;
	enum form_kind kind = number ? c->kind : FORM_TEXT;
	if (kind == FORM_TARGET && c->number == (long long)c->number) {
		lxw_format **f = &s->target_whole[bold];
		if (*f == NULL) {
			*f = new_format(s, BORDER | (bold ? BOLD : 0),
			                FORM_RIGHT, TABLE_SIZE);
			format_set_num_format(*f, "[$-42A]0\"%\"_)");
		}
		return *f;
	}
	lxw_format **f = &s->cell[kind][align][bold];
	if (*f == NULL) {
		*f = new_format(s, BORDER | WRAP | (bold ? BOLD : 0),
		                number ? FORM_RIGHT : (int)align, TABLE_SIZE);
		if (codes[kind] != NULL)
			format_set_num_format(*f, codes[kind]);
		else if (align == FORM_RIGHT) /* "<5" off the border, as _) */
			format_set_indent(*f, 1);
	}
	return *f;
}

/* Lines text takes wrapped in a width (in widths of '0'), words kept
 * whole: a width unit holds about 1.35 letters of Times New Roman 12 and
 * 1.5 of 11 as LibreOffice draws them (its metric twin; checked on
 * rendered reports); '\n' starts a line. */
static int text_lines(const char *s, double width, double size)
{
	double room = (width - 1) * (size <= TABLE_SIZE ? 1.5 : 1.35);
	if (room < 4)
		room = 4;
	int lines = 1;
	double used = 0;
	while (*s) {
		if (*s == '\n') {
			lines++;
			used = 0;
			s++;
			continue;
		}
		size_t word = 0, bytes = 0;
		while (s[bytes] != '\0' && s[bytes] != ' ' &&
		       s[bytes] != '\n') {
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

static double span_width(int first, int last)
{
	double w = 0;
	for (int c = first; c <= last; c++)
		w += col_widths[c];
	return w;
}

static void set_height(struct sheet *s, int row, int lines, double size)
{
	double h = 4 + lines * size * 1.2; /* LibreOffice's line height */
	check(s,
	      worksheet_set_row(s->ws, row, h > ROW_MAX ? ROW_MAX : h, NULL));
}

/* Text merged over columns first..last of the current row (one cell
 * when first == last). */
static void merged(struct sheet *s, int first, int last, const char *text,
                   lxw_format *f)
{
	if (first == last)
		check(s, worksheet_write_string(s->ws, s->row, first, text, f));
	else
		check(s, worksheet_merge_range(s->ws, s->row, first, s->row,
		                               last, text, f));
}

/* A line of text across the sheet, wrapped, its row as high as it
 * needs. */
static void line(struct sheet *s, const char *text, lxw_format *f, double size)
{
	merged(s, 0, LAST_COL, text, f);
	set_height(s, s->row, text_lines(text, span_width(0, LAST_COL), size),
	           size);
	s->row++;
}

/* ---- the header, title and signature ------------------------------------ */

static void two_halves(struct sheet *s, const char *left, lxw_format *lf,
                       const char *right, lxw_format *rf)
{
	merged(s, 0, LEFT_LAST, left != NULL ? left : "", lf);
	merged(s, LEFT_LAST + 1, LAST_COL, right != NULL ? right : "", rf);
	s->row++;
}

static void header(struct sheet *s, const struct report_form *f)
{
	lxw_format *bold = new_format(s, BOLD, FORM_CENTER, BODY_SIZE);
	lxw_format *plain = new_format(s, 0, FORM_CENTER, BODY_SIZE);
	lxw_format *motto =
	    new_format(s, BOLD | UNDERLINE, FORM_CENTER, BODY_SIZE + 1);
	lxw_format *italic = new_format(s, ITALIC, FORM_CENTER, BODY_SIZE);
	two_halves(s, f->issuer[0], f->issuer_top_bold ? bold : plain,
	           f->nation[0], bold);
	two_halves(s, f->issuer[1], bold, f->nation[1], motto);
	s->row++;
	two_halves(s, f->number, plain, f->place_date, italic);
	s->row++;
	if (f->draft_mark != NULL)
		line(s, f->draft_mark, bold, BODY_SIZE);
	lxw_format *title = new_format(s, BOLD, FORM_CENTER, BODY_SIZE + 2);
	check(s, worksheet_set_row(s->ws, s->row, 20, NULL));
	merged(s, 0, LAST_COL, f->title, title);
	s->row++;
	lxw_format *sub =
	    new_format(s, BOLD | WRAP, FORM_CENTER, BODY_SIZE + 1);
	line(s, f->subtitle, sub, BODY_SIZE + 1);
	if (f->project != NULL)
		line(s, f->project, sub, BODY_SIZE + 1);
	line(s, f->period, new_format(s, ITALIC, FORM_CENTER, BODY_SIZE),
	     BODY_SIZE);
	s->row++;
}

static void signature(struct sheet *s, const struct report_form *f)
{
	lxw_format *head = new_format(s, BOLD | ITALIC, FORM_LEFT, BODY_SIZE);
	lxw_format *small = new_format(s, 0, FORM_LEFT, BODY_SIZE - 1);
	lxw_format *bold = new_format(s, BOLD, FORM_CENTER, BODY_SIZE);
	lxw_format *italic = new_format(s, ITALIC, FORM_CENTER, BODY_SIZE);
	/* the right half: "TM. …" (not for an agency), title, the hint */
	const char *right[3];
	lxw_format *right_fmt[3];
	size_t n = 0;
	for (size_t i = 0; i < 3; i++)
		if (*f->sign[i]) {
			right[n] = f->sign[i];
			right_fmt[n++] = i < 2 ? bold : italic;
		}
	const char *left[3] = {f->recipients_head, f->recipients[0],
	                       f->recipients[1]};
	s->row++;
	for (size_t i = 0; i < 3; i++)
		two_halves(s, left[i], i == 0 ? head : small,
		           i < n ? right[i] : NULL,
		           i < n ? right_fmt[i] : bold);
	s->row += 3; /* room to sign */
	two_halves(s, NULL, small, f->signer_name, bold);
}

/* ---- the sections ------------------------------------------------------- */

static void table_row(struct sheet *s, const struct form_table *t,
                      const struct form_row *r, bool head, lxw_format *head_fmt)
{
	int col = 0, lines = 1;
	for (size_t i = 0; i < t->ncols; i++) {
		int last = col + t->cols[i].span - 1;
		const char *text;
		if (head) {
			text = t->cols[i].head;
			merged(s, col, last, text, head_fmt);
		} else if (r->group != NULL && i > 0) {
			text = r->group;
			merged(s, 1, LAST_COL, text,
			       cell_format(s, &r->cells[1], FORM_LEFT, true));
			last = LAST_COL;
			i = t->ncols;
		} else {
			const struct form_cell *c = &r->cells[i];
			text = c->text;
			lxw_format *fmt =
			    cell_format(s, c, t->cols[i].align, r->bold);
			if (c->has_number) {
				if (last > col)
					merged(s, col, last, "", fmt);
				check(s,
				      worksheet_write_number(s->ws, s->row, col,
				                             c->number, fmt));
			} else {
				merged(s, col, last, text, fmt);
			}
		}
		int n =
		    text_lines(text, span_width(col, last),
		               head || r->bold ? TABLE_SIZE + 1 : TABLE_SIZE);
		lines = n > lines ? n : lines;
		col = last + 1;
	}
	set_height(s, s->row, lines, TABLE_SIZE);
	s->row++;
}

static void table(struct sheet *s, const struct form_table *t)
{
	lxw_format *head =
	    new_format(s, BOLD | BORDER | WRAP, FORM_CENTER, TABLE_SIZE);
	format_set_bg_color(head, 0xF2F2F2);
	table_row(s, t, NULL, true, head);
	for (size_t i = 0; i < t->nrows; i++)
		table_row(s, t, &t->rows[i], false, NULL);
}

/* A paragraph: a row per line of the text, each wrapped across the
 * sheet; a line longer than a row can hold (ROW_MAX) is cut at a space
 * into several rows. */
static void paragraph(struct sheet *s, struct arena *a, const char *text,
                      lxw_format *f)
{
	/* bytes per row: about 20 lines of 1.3 letters per width unit, and
	 * a Vietnamese letter takes 1–3 bytes */
	const size_t chunk = (size_t)(span_width(0, LAST_COL) * 1.2 * 20);
	for (const char *p = text;;) {
		const char *end = p + strcspn(p, "\n");
		do {
			size_t k = (size_t)(end - p);
			if (k > chunk) {
				k = chunk;
				while (k > chunk / 2 && p[k] != ' ')
					k--;
				while (((unsigned char)p[k] & 0xC0) == 0x80)
					k--;
			}
			line(s, arena_strndup(a, p, k), f, BODY_SIZE);
			p += k;
			while (p < end && *p == ' ')
				p++;
		} while (p < end);
		if (*end == '\0')
			break;
		p = end + 1;
	}
}

static void body(struct sheet *s, struct arena *a, const struct report_form *f)
{
	lxw_format *heading = new_format(s, BOLD | WRAP, FORM_LEFT, BODY_SIZE);
	lxw_format *text = new_format(s, WRAP, FORM_LEFT, BODY_SIZE);
	format_set_align(text, LXW_ALIGN_JUSTIFY);
	format_set_indent(text, 1);
	lxw_format *note =
	    new_format(s, ITALIC | WRAP, FORM_LEFT, BODY_SIZE - 1);
	lxw_format *unit = new_format(s, ITALIC, FORM_RIGHT, BODY_SIZE - 1);
	for (size_t i = 0; i < f->nblocks; i++) {
		const struct form_block *b = &f->blocks[i];
		switch (b->kind) {
		case FORM_HEADING:
			if (i > 0)
				s->row++;
			line(s, b->text, heading, BODY_SIZE);
			break;
		case FORM_SUBHEADING:
			line(s, b->text, heading, BODY_SIZE);
			break;
		case FORM_PARAGRAPH: paragraph(s, a, b->text, text); break;
		case FORM_NOTE: line(s, b->text, note, BODY_SIZE - 1); break;
		case FORM_UNIT: line(s, b->text, unit, BODY_SIZE - 1); break;
		case FORM_TABLE: table(s, &b->table); break;
		}
	}
}

static void build(struct sheet *s, struct arena *a, const struct report_form *f)
{
	lxw_doc_properties props = {
	    .title = (char *)f->doc_title,
	    .subject = "Báo cáo định kỳ",
	    .company = (char *)f->issuer[1],
	};
	check(s, workbook_set_properties(s->wb, &props));
	s->ws = workbook_add_worksheet(s->wb, "Báo cáo");
	if (s->ws == NULL) {
		check(s, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return;
	}
	for (int c = 0; c < FORM_SHEET_COLS; c++)
		check(s,
		      worksheet_set_column(s->ws, c, c, col_widths[c], NULL));
	worksheet_set_portrait(s->ws);
	worksheet_set_paper(s->ws, PAPER_A4);
	worksheet_fit_to_pages(s->ws, 1, 0);
	worksheet_center_horizontally(s->ws);
	/* Decree 30/2020: left 30 mm, right 15–20 mm, top and bottom 20 mm */
	worksheet_set_margins(s->ws, 1.1, 0.6, 0.75, 0.75);
	check(s, worksheet_set_footer(s->ws,
	                              "&C&\"Times New Roman\"&10Trang &P/&N"));
	worksheet_gridlines(s->ws, LXW_HIDE_ALL_GRIDLINES);
	header(s, f);
	body(s, a, f);
	signature(s, f);
}

/* xlsxfile_build over the form. */
struct book {
	struct arena *a;
	const struct report_form *f;
};

static lxw_error build_book(lxw_workbook *wb, void *ctx)
{
	struct book *b = ctx;
	struct sheet s = {.wb = wb};
	build(&s, b->a, b->f);
	return s.err;
}

bool report_xlsx_write(const json_t *doc, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	struct arena *a = arena_new();
	struct report_form form;
	bool ok = report_form_build(doc, a, &form);
	if (ok) {
		struct book b = {.a = a, .f = &form};
		ok = xlsxfile_write("report", build_book, &b, NULL, buf, len) ==
		     0;
	}
	arena_free(a);
	return ok;
}
