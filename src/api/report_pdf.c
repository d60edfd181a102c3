/*
 * report_pdf.c — a periodic report as a PDF (docs/reports.md §Exports):
 * report_form.h's form drawn with lib/pdfdoc (A4 portrait, DejaVu Sans
 * embedded, so pdftotext gives the Vietnamese back intact).
 *
 * pdfdoc lays blocks one under the other across the page; the form
 * wants two halves side by side (issuing body | national motto, number |
 * place and date, "Nơi nhận:" | signer).  Such a line is one paragraph:
 * the left text, then no-break spaces (U+00A0: pdfdoc breaks lines only
 * at ASCII spaces) enough to centre each text in its half, measured with
 * FreeType on the same DejaVu files at the same size (cairo draws
 * unhinted advances, no kerning, so the sums are what it draws).  The
 * width of a line is pdfdoc's: A4 portrait less Decree 30's margins
 * (30 mm left, 15 mm right).  When the fonts cannot be measured, or a
 * text is too wide for its half, the halves come one after the other.
 * The sections and tables are the workbook's, with numbers in Vietnamese
 * notation.
 */
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <utf8proc.h>

#include "api/report_form.h"
#include "api/report_internal.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/log.h"
#include "lib/pdfdoc.h"

#define BODY_SIZE  11
#define SMALL_SIZE 9.5
#define TABLE_SIZE 8.5
#define HEAD_SIZE  10.5
#define MM         (72.0 / 25.4)
#define LINE_WIDTH ((210 - 30 - 15) * MM)
#define NBSP       "\xC2\xA0"

/* The document and what measures its text. */
struct pdf {
	struct pdfdoc *d;
	struct arena *a;
	FT_Library ft;
	FT_Face face[2]; /* regular, bold; NULL: not measurable */
};

static const enum pdfdoc_align aligns[] = {PDFDOC_LEFT, PDFDOC_CENTER,
                                           PDFDOC_RIGHT};

static void text(struct pdfdoc *d, const char *s, bool bold,
                 enum pdfdoc_align align, double size)
{
	if (s == NULL || *s == '\0')
		return;
	struct pdfdoc_style st = {.bold = bold, .align = align, .size = size};
	pdfdoc_paragraph(d, s, &st);
}

static void fonts_open(struct pdf *p)
{
	static const char *const files[2] = {"DejaVuSans.ttf",
	                                     "DejaVuSans-Bold.ttf"};
	if (FT_Init_FreeType(&p->ft) != 0) {
		p->ft = NULL;
		return;
	}
	for (int i = 0; i < 2; i++) {
		const char *path =
		    arena_printf(p->a, "%s/%s", PDFDOC_FONT_DIR, files[i]);
		if (FT_New_Face(p->ft, path, 0, &p->face[i]) != 0)
			p->face[i] = NULL;
	}
}

static void fonts_close(struct pdf *p)
{
	for (int i = 0; i < 2; i++)
		if (p->face[i] != NULL)
			FT_Done_Face(p->face[i]);
	if (p->ft != NULL)
		FT_Done_FreeType(p->ft);
}

/* Width in points of s drawn in size; < 0 when it cannot be measured. */
static double width_of(struct pdf *p, const char *s, bool bold, double size)
{
	FT_Face face = p->face[bold];
	const char *t = text_nfc(p->a, s);
	if (face == NULL || t == NULL)
		return -1;
	long units = 0;
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)t;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(t), k;
	utf8proc_int32_t cp;
	for (utf8proc_ssize_t i = 0; i < n; i += k) {
		k = utf8proc_iterate(u + i, n - i, &cp);
		if (k <= 0 ||
		    FT_Load_Char(face, (FT_ULong)cp,
		                 FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0)
			return -1;
		units += face->glyph->advance.x;
	}
	return (double)units * size / face->units_per_EM;
}

/* left in the first share of the line (centred there, or at its start)
 * and right centred in the rest, as one line; NULL when they do not fit
 * or cannot be measured. */
static const char *two_sides(struct pdf *p, const char *left, const char *right,
                             bool bold, double size, double share,
                             bool centre_left)
{
	double half[2] = {LINE_WIDTH * share, LINE_WIDTH * (1 - share)};
	double wl = width_of(p, left, bold, size);
	double wr = width_of(p, right, bold, size);
	double space = width_of(p, NBSP, bold, size);
	if (wl < 0 || wr < 0 || space <= 0 || wl > half[0] - space ||
	    wr > half[1] - space)
		return NULL;
	double before = centre_left ? (half[0] - wl) / 2 : 0;
	int lead = (int)(before / space);
	int mid = (int)((half[0] - wl - before + (half[1] - wr) / 2) / space);
	char *line = arena_alloc(p->a, strlen(left) + strlen(right) +
	                                   (size_t)(lead + mid) * 2 + 1);
	char *o = line;
	for (int i = 0; i < lead; i++)
		o = stpcpy(o, NBSP);
	o = stpcpy(o, left);
	for (int i = 0; i < mid - 1; i++) /* one short: never past the edge */
		o = stpcpy(o, NBSP);
	stpcpy(o, right);
	return line;
}

/* A line of the two halves, or each half on its own line. */
static void halves(struct pdf *p, const char *left, const char *right,
                   bool bold, double size, double share, bool centre_left)
{
	left = left != NULL ? left : "";
	right = right != NULL ? right : "";
	const char *line =
	    two_sides(p, left, right, bold, size, share, centre_left);
	if (line != NULL) {
		text(p->d, line, bold, PDFDOC_LEFT, size);
		return;
	}
	text(p->d, left, bold, PDFDOC_LEFT, size);
	text(p->d, right, bold, PDFDOC_RIGHT, size);
}

/* The issuing body takes the left 40 % of the line, as on the forms of
 * Decree 30/2020. */
#define HEADER_SHARE 0.4

static size_t from_middle(size_t i, size_t n)
{
	return i > n / 2 ? i - n / 2 : n / 2 - i;
}

/* s as one line, or two when it is wider than width (a long agency
 * name): split after " - " when it has one ("SỞ LAO ĐỘNG -" / "THƯƠNG
 * BINH VÀ XÃ HỘI"), else at the space nearest its middle. */
static size_t fit_lines(struct pdf *p, const char *s, double size, double width,
                        const char *out[2])
{
	out[0] = s;
	if (width_of(p, s, true, size) <= width)
		return 1;
	size_t n = strlen(s), best = 0;
	const char *dash = strstr(s, " - ");
	if (dash != NULL)
		best = (size_t)(dash - s) + 2;
	for (size_t i = 1; i < n; i++)
		if (dash == NULL && s[i] == ' ' &&
		    (best == 0 || from_middle(i, n) < from_middle(best, n)))
			best = i;
	if (best == 0)
		return 1;
	out[0] = arena_strndup(p->a, s, best);
	out[1] = s + best + 1;
	return 2;
}

static void header(struct pdf *p, const struct report_form *f)
{
	struct pdfdoc *d = p->d;
	const char *left[3];
	size_t nl = 0;
	if (f->issuer_top_bold) {
		left[nl++] = f->issuer[0];
	} else {
		/* the body above an agency is not bold: a line of its own */
		const char *line = two_sides(p, f->issuer[0], "", false,
		                             HEAD_SIZE, HEADER_SHARE, true);
		text(d, line != NULL ? line : f->issuer[0], false, PDFDOC_LEFT,
		     HEAD_SIZE);
	}
	nl += fit_lines(p, f->issuer[1], HEAD_SIZE, LINE_WIDTH * HEADER_SHARE,
	                left + nl);
	for (size_t i = 0; i < nl || i < 2; i++)
		halves(p, i < nl ? left[i] : "", i < 2 ? f->nation[i] : "",
		       true, HEAD_SIZE, HEADER_SHARE, true);
	pdfdoc_space(d, 8);
	halves(p, f->number, f->place_date, false, HEAD_SIZE, HEADER_SHARE,
	       true);
	pdfdoc_space(d, 16);
	text(d, f->draft_mark, true, PDFDOC_CENTER, BODY_SIZE);
	pdfdoc_title(d, f->title);
	text(d, f->subtitle, true, PDFDOC_CENTER, BODY_SIZE + 1);
	text(d, f->project, true, PDFDOC_CENTER, BODY_SIZE);
	text(d, f->period, false, PDFDOC_CENTER, BODY_SIZE);
	pdfdoc_space(d, 10);
}

static void table(struct pdfdoc *d, struct arena *a, const struct form_table *t)
{
	struct pdfdoc_column cols[FORM_SHEET_COLS];
	for (size_t i = 0; i < t->ncols; i++)
		cols[i] =
		    (struct pdfdoc_column){t->cols[i].head, t->cols[i].weight,
		                           aligns[t->cols[i].align]};
	pdfdoc_table_begin(d, cols, t->ncols, TABLE_SIZE);
	const char **cells = arena_alloc(a, t->ncols * sizeof *cells);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct form_row *row = &t->rows[r];
		for (size_t i = 0; i < t->ncols; i++)
			cells[i] = row->group != NULL && i > 0
			               ? (i == t->label_col ? row->group : "")
			               : row->cells[i].text;
		pdfdoc_table_row(d, cells,
		                 row->bold || row->group ? PDFDOC_ROW_BOLD : 0);
	}
	pdfdoc_table_end(d);
	pdfdoc_space(d, 4);
}

static void body(struct pdfdoc *d, struct arena *a, const struct report_form *f)
{
	for (size_t i = 0; i < f->nblocks; i++) {
		const struct form_block *b = &f->blocks[i];
		switch (b->kind) {
		case FORM_HEADING:
			if (i > 0)
				pdfdoc_space(d, 8);
			text(d, b->text, true, PDFDOC_LEFT, BODY_SIZE);
			pdfdoc_space(d, 3);
			break;
		case FORM_SUBHEADING:
			pdfdoc_space(d, 4);
			text(d, b->text, true, PDFDOC_LEFT, BODY_SIZE);
			break;
		case FORM_PARAGRAPH:
			text(d, b->text, false, PDFDOC_LEFT, BODY_SIZE);
			pdfdoc_space(d, 3);
			break;
		case FORM_NOTE:
			text(d, b->text, false, PDFDOC_LEFT, SMALL_SIZE);
			break;
		case FORM_UNIT:
			text(d, b->text, false, PDFDOC_RIGHT, SMALL_SIZE);
			break;
		case FORM_TABLE: table(d, a, &b->table); break;
		}
	}
}

/* "Nơi nhận:" and its list left, the signer right: the recipients
 * start on the line of the signer's title so each line keeps one
 * weight. */
static void signature(struct pdf *p, const struct report_form *f)
{
	const double share = 0.45;
	pdfdoc_space(p->d, 16);
	if (*f->sign[0])
		halves(p, "", f->sign[0], true, HEAD_SIZE, share, false);
	halves(p, f->recipients_head, f->sign[1], true, HEAD_SIZE, share,
	       false);
	halves(p, f->recipients[0], f->sign[2], false, HEAD_SIZE, share, false);
	halves(p, f->recipients[1], "", false, HEAD_SIZE, share, false);
	pdfdoc_space(p->d, 44); /* room to sign */
	halves(p, "", f->signer_name, true, HEAD_SIZE, share, false);
}

bool report_pdf_write(const json_t *doc, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	struct pdf p = {.a = arena_new()};
	struct report_form form;
	char *err = NULL, *data;
	bool ok = false;
	if (!report_form_build(doc, p.a, &form))
		goto out;
	struct pdfdoc_options opt = {.title = form.doc_title};
	p.d = pdfdoc_new(&opt, &err);
	if (p.d == NULL)
		goto out;
	fonts_open(&p);
	header(&p, &form);
	body(p.d, p.a, &form);
	signature(&p, &form);
	if (pdfdoc_finish(p.d, p.a, &data, len, &err) != 0)
		goto out;
	*buf = malloc(*len);
	if (*buf == NULL)
		abort();
	memcpy(*buf, data, *len);
	ok = true;
out:
	if (err != NULL) {
		log_error("report_pdf: %s", err);
		free(err);
		*len = 0;
	}
	fonts_close(&p);
	arena_free(p.a);
	return ok;
}
