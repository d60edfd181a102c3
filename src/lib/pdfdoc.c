/*
 * pdfdoc.c — A4 PDF documents over cairo; see pdfdoc.h.
 *
 * Each page is drawn on a cairo recording surface while the document
 * grows; pdfdoc_finish replays them onto one PDF surface and adds
 * "Trang N/M", which needs the page count only known at the end.  The
 * replay keeps text as text: cairo embeds a subset of each font with a
 * ToUnicode map, so pdftotext gets the Vietnamese back intact.
 *
 * Text goes through cairo's own glyph mapping (cairo_show_text), not
 * Pango: NFC Vietnamese needs no shaping in DejaVu Sans, and Pango's
 * fontconfig setup leaks per document in Debian 12 (decision 0013).
 * Lines are broken here, at spaces, and inside a word only when the word
 * is wider than its box (at grapheme boundaries).
 */
#include "lib/pdfdoc.h"

#include "lib/arena.h"
#include "lib/fold.h"

#include <assert.h>
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MM       (72.0 / 25.4)
#define A4_SHORT (210 * MM)
#define A4_LONG  (297 * MM)
/* Margins of Decree 30/2020/NĐ-CP for administrative documents. */
#define MARGIN_TOP       (20 * MM)
#define MARGIN_BOTTOM    (20 * MM)
#define MARGIN_LEFT      (30 * MM)
#define MARGIN_RIGHT     (15 * MM)
#define BODY_SIZE        11.0
#define TITLE_SIZE       13.0
#define TABLE_SIZE       9.5
#define FOOTER_SIZE      9.0
#define LINE_FACTOR      1.3 /* line height over font size */
#define CELL_PAD_X       3.0
#define CELL_PAD_Y       2.0
#define FONT_CACHE_SLOTS 8

struct font_cache_entry {
	char *path;
	cairo_font_face_t *face;
};

/* One face per font file for the whole process: loading DejaVu per
 * document costs time and, through cairo's cache of recently used fonts,
 * tens of MiB.  Entries are added under the mutex and never removed. */
static pthread_mutex_t font_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct font_cache_entry font_cache[FONT_CACHE_SLOTS];

struct pdfdoc {
	struct arena *arena; /* NFC copies and table columns */
	cairo_font_face_t *regular, *bold;
	double width, height;
	bool page_numbers;
	const char *title;
	cairo_surface_t **pages;
	int npages, cap;
	cairo_t *cr;       /* the current (last) page */
	double y;          /* top of the free space on the current page */
	const char *error; /* first failure, reported by pdfdoc_finish */
	/* the table being drawn, if any */
	struct pdfdoc_column *cols;
	size_t ncols;
	double *colw;
	double table_size;
};

/* A wrapped line: a NUL-terminated copy in the document's arena. */
struct lines {
	char **v;
	size_t n, cap;
};

static const cairo_user_data_key_t ft_owner_key;

struct ft_owner {
	FT_Library lib;
	FT_Face face;
};

static void ft_owner_free(void *p)
{
	struct ft_owner *o = p;
	FT_Done_Face(o->face);
	FT_Done_FreeType(o->lib);
	free(o);
}

/* A new cairo face for the TrueType file at path, owning its own FreeType
 * library (FreeType wants one per thread using it; cairo serialises use
 * of the face); NULL when the file cannot be loaded. */
static cairo_font_face_t *load_face(const char *path)
{
	struct ft_owner *o = calloc(1, sizeof *o);
	if (!o)
		abort();
	if (FT_Init_FreeType(&o->lib) != 0) {
		free(o);
		return NULL;
	}
	if (FT_New_Face(o->lib, path, 0, &o->face) != 0) {
		FT_Done_FreeType(o->lib);
		free(o);
		return NULL;
	}
	cairo_font_face_t *f =
	    cairo_ft_font_face_create_for_ft_face(o->face, 0);
	if (cairo_font_face_status(f) != CAIRO_STATUS_SUCCESS ||
	    cairo_font_face_set_user_data(f, &ft_owner_key, o, ft_owner_free) !=
	        CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(f);
		ft_owner_free(o);
		return NULL;
	}
	return f;
}

/* A reference to the face of dir/file, from the cache or loaded into it;
 * when the cache is full the face is the caller's alone. */
static cairo_font_face_t *font_face(const char *dir, const char *file)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *path = malloc(n);
	if (!path)
		abort();
	snprintf(path, n, "%s/%s", dir, file);
	cairo_font_face_t *f = NULL;
	pthread_mutex_lock(&font_cache_lock);
	size_t i = 0;
	for (; i < FONT_CACHE_SLOTS && font_cache[i].path; i++) {
		if (strcmp(font_cache[i].path, path) == 0) {
			f = cairo_font_face_reference(font_cache[i].face);
			break;
		}
	}
	if (!f) {
		f = load_face(path);
		if (f && i < FONT_CACHE_SLOTS) {
			font_cache[i].path = path;
			font_cache[i].face = cairo_font_face_reference(f);
			path = NULL;
		}
	}
	pthread_mutex_unlock(&font_cache_lock);
	free(path);
	return f;
}

static void fail(struct pdfdoc *d, const char *why)
{
	if (!d->error)
		d->error = why;
}

static double text_width(const struct pdfdoc *d)
{
	return d->width - MARGIN_LEFT - MARGIN_RIGHT;
}

static double page_bottom(const struct pdfdoc *d)
{
	return d->height - MARGIN_BOTTOM;
}

static void set_font(struct pdfdoc *d, bool bold, double size)
{
	cairo_set_font_face(d->cr, bold ? d->bold : d->regular);
	cairo_set_font_size(d->cr, size);
}

static double advance(struct pdfdoc *d, const char *s)
{
	cairo_text_extents_t te;
	cairo_text_extents(d->cr, s, &te);
	return te.x_advance;
}

static void start_page(struct pdfdoc *d)
{
	if (d->cr)
		cairo_destroy(d->cr);
	if (d->npages == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->pages = realloc(d->pages, (size_t)d->cap * sizeof *d->pages);
		if (!d->pages)
			abort();
	}
	cairo_rectangle_t box = {0, 0, d->width, d->height};
	cairo_surface_t *s =
	    cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &box);
	d->pages[d->npages++] = s;
	d->cr = cairo_create(s);
	/* Unhinted metrics: hinting would round advances to whole points. */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_set_font_options(d->cr, fo);
	cairo_font_options_destroy(fo);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	d->y = MARGIN_TOP;
}

/* NFC copy of s in the document's arena; NULL (and the document failed)
 * when s is not valid UTF-8. */
static const char *clean(struct pdfdoc *d, const char *s)
{
	const char *t = text_nfc(d->arena, s ? s : "");
	if (!t)
		fail(d, "text is not valid UTF-8");
	return t;
}

static void push_line(struct pdfdoc *d, struct lines *l, const char *s,
                      size_t n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		char **v = arena_alloc(d->arena, l->cap * sizeof *v);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
	}
	l->v[l->n++] = arena_strndup(d->arena, s, n);
}

/* Splits a word wider than maxw at grapheme boundaries; pushes every
 * full piece and returns the length of the last, which stays open. */
static size_t split_word(struct pdfdoc *d, struct lines *l, const char *w,
                         size_t n, double maxw)
{
	size_t start = 0, pos = 0, last_fit = 0;
	utf8proc_int32_t prev = -1, c;
	utf8proc_int32_t state = 0;
	while (pos < n) {
		utf8proc_ssize_t k =
		    utf8proc_iterate((const utf8proc_uint8_t *)w + pos,
		                     (utf8proc_ssize_t)(n - pos), &c);
		assert(k > 0); /* the text passed text_nfc */
		bool boundary = prev < 0 || utf8proc_grapheme_break_stateful(
		                                prev, c, &state);
		if (boundary && pos > start) {
			char *piece =
			    arena_strndup(d->arena, w + start, pos - start);
			if (advance(d, piece) > maxw && last_fit > start) {
				push_line(d, l, w + start, last_fit - start);
				start = last_fit;
			}
			last_fit = pos;
		}
		prev = c;
		pos += (size_t)k;
	}
	char *rest = arena_strndup(d->arena, w + start, n - start);
	if (advance(d, rest) > maxw && last_fit > start) {
		push_line(d, l, w + start, last_fit - start);
		start = last_fit;
	}
	return start;
}

/* Lines of s (NFC) as they fit in maxw in the current font. */
static struct lines wrap(struct pdfdoc *d, const char *s, double maxw)
{
	struct lines l = {0};
	char *line = arena_strdup(d->arena, ""); /* the open line */
	const char *p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\n' || *p == '\0') {
			push_line(d, &l, line, strlen(line));
			if (*p == '\0')
				break;
			line = arena_strdup(d->arena, "");
			p++;
			continue;
		}
		size_t n = strcspn(p, " \t\r\n");
		char *cand =
		    *line ? arena_printf(d->arena, "%s %.*s", line, (int)n, p)
		          : arena_strndup(d->arena, p, n);
		if (advance(d, cand) <= maxw) {
			line = cand;
		} else {
			if (*line)
				push_line(d, &l, line, strlen(line));
			size_t from = split_word(d, &l, p, n, maxw);
			line = arena_strndup(d->arena, p + from, n - from);
		}
		p += n;
	}
	return l;
}

static double line_x(struct pdfdoc *d, const char *s, double x, double w,
                     enum pdfdoc_align a)
{
	if (a == PDFDOC_LEFT)
		return x;
	double free_w = w - advance(d, s);
	return a == PDFDOC_CENTER ? x + free_w / 2 : x + free_w;
}

/* Draws a line whose box starts at top; the baseline sits one size down,
 * which centres DejaVu's ascent and descent in LINE_FACTOR. */
static void show_line(struct pdfdoc *d, const char *s, double x, double top,
                      double size)
{
	cairo_move_to(d->cr, x, top + size);
	cairo_show_text(d->cr, s);
}

static void block(struct pdfdoc *d, const char *text, bool bold,
                  enum pdfdoc_align align, double size)
{
	const char *t = clean(d, text);
	if (!t)
		return;
	set_font(d, bold, size);
	struct lines l = wrap(d, t, text_width(d));
	double lh = size * LINE_FACTOR;
	for (size_t i = 0; i < l.n; i++) {
		if (d->y + lh > page_bottom(d)) {
			start_page(d);
			set_font(d, bold, size);
		}
		double x = line_x(d, l.v[i], MARGIN_LEFT, text_width(d), align);
		show_line(d, l.v[i], x, d->y, size);
		d->y += lh;
	}
}

void pdfdoc_title(struct pdfdoc *d, const char *text)
{
	assert(d && !d->cols);
	block(d, text, true, PDFDOC_CENTER, TITLE_SIZE);
	d->y += TITLE_SIZE * 0.5;
}

void pdfdoc_paragraph(struct pdfdoc *d, const char *text,
                      const struct pdfdoc_style *style)
{
	assert(d && !d->cols);
	struct pdfdoc_style st = style ? *style : (struct pdfdoc_style){0};
	block(d, text, st.bold, st.align, st.size > 0 ? st.size : BODY_SIZE);
}

void pdfdoc_space(struct pdfdoc *d, double points)
{
	assert(d && points >= 0);
	d->y += points;
	if (d->y > page_bottom(d))
		start_page(d);
}

static void draw_header(struct pdfdoc *d);

/* Draws one table row of wrapped cells, splitting it across pages when it
 * is taller than the free space and a whole page could not hold it. */
static void draw_row(struct pdfdoc *d, struct lines *cells, bool bold,
                     bool header)
{
	double size = d->table_size, lh = size * LINE_FACTOR;
	size_t rows = 1;
	for (size_t c = 0; c < d->ncols; c++)
		if (cells[c].n > rows)
			rows = cells[c].n;
	double full = page_bottom(d) - MARGIN_TOP;
	size_t from = 0;
	int moved_to = -1; /* the page this row moved to, if it did */
	while (from < rows) {
		double room = page_bottom(d) - d->y - 2 * CELL_PAD_Y;
		size_t fit = room > 0 ? (size_t)(room / lh) : 0;
		bool fits_a_page = (double)rows * lh + 2 * CELL_PAD_Y <= full;
		/* A row moves to a new page at most once, and only before its
		 * first line: then it is split, so it always ends. */
		bool fresh = d->y <= MARGIN_TOP + 0.01 || d->npages == moved_to;
		if (!fresh &&
		    (fit == 0 || (from == 0 && fit < rows && fits_a_page))) {
			start_page(d);
			moved_to = d->npages;
			if (!header)
				draw_header(d);
			continue;
		}
		if (fit == 0)
			fit = 1;
		size_t upto = from + fit < rows ? from + fit : rows;
		double h = (double)(upto - from) * lh + 2 * CELL_PAD_Y;
		double total_w = text_width(d);
		if (header) {
			cairo_set_source_rgb(d->cr, 0.88, 0.88, 0.88);
			cairo_rectangle(d->cr, MARGIN_LEFT, d->y, total_w, h);
			cairo_fill(d->cr);
			cairo_set_source_rgb(d->cr, 0, 0, 0);
		}
		set_font(d, bold || header, size);
		double x = MARGIN_LEFT;
		for (size_t c = 0; c < d->ncols; c++) {
			double w = d->colw[c];
			enum pdfdoc_align a =
			    header ? PDFDOC_CENTER : d->cols[c].align;
			for (size_t i = from; i < upto && i < cells[c].n; i++) {
				const char *s = cells[c].v[i];
				double lx = line_x(d, s, x + CELL_PAD_X,
				                   w - 2 * CELL_PAD_X, a);
				show_line(d, s, lx,
				          d->y + CELL_PAD_Y +
				              (double)(i - from) * lh,
				          size);
			}
			x += w;
		}
		/* Borders last, so no fill covers a neighbour's text. */
		cairo_new_path(d->cr);
		x = MARGIN_LEFT;
		for (size_t c = 0; c < d->ncols; c++) {
			cairo_rectangle(d->cr, x, d->y, d->colw[c], h);
			x += d->colw[c];
		}
		cairo_set_line_width(d->cr, 0.5);
		cairo_stroke(d->cr);
		d->y += h;
		from = upto;
	}
}

/* Wraps each of the n texts (NFC already) into its column. */
static struct lines *wrap_cells(struct pdfdoc *d, const char *const *texts,
                                bool bold)
{
	struct lines *cells = arena_alloc(d->arena, d->ncols * sizeof *cells);
	set_font(d, bold, d->table_size);
	for (size_t c = 0; c < d->ncols; c++)
		cells[c] = wrap(d, texts[c] ? texts[c] : "",
		                d->colw[c] - 2 * CELL_PAD_X);
	return cells;
}

static struct lines *header_cells(struct pdfdoc *d)
{
	const char **texts = arena_alloc(d->arena, d->ncols * sizeof *texts);
	for (size_t c = 0; c < d->ncols; c++)
		texts[c] = d->cols[c].header;
	return wrap_cells(d, texts, true);
}

static void draw_header(struct pdfdoc *d)
{
	draw_row(d, header_cells(d), true, true);
}

void pdfdoc_table_begin(struct pdfdoc *d, const struct pdfdoc_column *cols,
                        size_t ncols, double font_size)
{
	assert(d && !d->cols && cols && ncols > 0 && font_size >= 0);
	double total = 0;
	for (size_t c = 0; c < ncols; c++) {
		assert(cols[c].weight > 0);
		total += cols[c].weight;
	}
	d->cols = arena_alloc(d->arena, ncols * sizeof *d->cols);
	d->colw = arena_alloc(d->arena, ncols * sizeof *d->colw);
	d->ncols = ncols;
	d->table_size = font_size > 0 ? font_size : TABLE_SIZE;
	for (size_t c = 0; c < ncols; c++) {
		d->cols[c] = cols[c];
		d->cols[c].header = clean(d, cols[c].header);
		if (!d->cols[c].header)
			d->cols[c].header = "";
		d->colw[c] = text_width(d) * cols[c].weight / total;
	}
	/* A header alone at the foot of a page goes to the next one. */
	struct lines *hc = header_cells(d);
	size_t lines = 1;
	for (size_t c = 0; c < ncols; c++)
		if (hc[c].n > lines)
			lines = hc[c].n;
	double lh = d->table_size * LINE_FACTOR;
	if (d->y > MARGIN_TOP + 0.01 &&
	    d->y + (double)(lines + 1) * lh + 4 * CELL_PAD_Y > page_bottom(d))
		start_page(d);
	draw_row(d, hc, true, true);
}

void pdfdoc_table_row(struct pdfdoc *d, const char *const *cells,
                      unsigned flags)
{
	assert(d && d->cols && cells);
	bool bold = flags & PDFDOC_ROW_BOLD;
	const char **texts = arena_alloc(d->arena, d->ncols * sizeof *texts);
	for (size_t c = 0; c < d->ncols; c++)
		if (!(texts[c] = clean(d, cells[c])))
			return;
	draw_row(d, wrap_cells(d, texts, bold), bold, false);
}

void pdfdoc_table_end(struct pdfdoc *d)
{
	assert(d && d->cols);
	d->cols = NULL;
	d->colw = NULL;
	d->ncols = 0;
	pdfdoc_space(d, BODY_SIZE * 0.5);
}

struct pdfdoc *pdfdoc_new(const struct pdfdoc_options *opt, char **err)
{
	assert(err);
	struct pdfdoc_options o = opt ? *opt : (struct pdfdoc_options){0};
	const char *dir = o.font_dir ? o.font_dir : PDFDOC_FONT_DIR;
	*err = NULL;
	cairo_font_face_t *regular = font_face(dir, "DejaVuSans.ttf");
	cairo_font_face_t *bold = font_face(dir, "DejaVuSans-Bold.ttf");
	if (!regular || !bold) {
		if (asprintf(err,
		             "cannot load DejaVuSans.ttf and "
		             "DejaVuSans-Bold.ttf from %s",
		             dir) < 0)
			abort();
		if (regular)
			cairo_font_face_destroy(regular);
		if (bold)
			cairo_font_face_destroy(bold);
		return NULL;
	}
	struct pdfdoc *d = calloc(1, sizeof *d);
	if (!d)
		abort();
	d->arena = arena_new();
	d->regular = regular;
	d->bold = bold;
	d->width = o.landscape ? A4_LONG : A4_SHORT;
	d->height = o.landscape ? A4_SHORT : A4_LONG;
	d->page_numbers = !o.no_page_numbers;
	d->title = o.title ? clean(d, o.title) : NULL;
	start_page(d);
	return d;
}

void pdfdoc_free(struct pdfdoc *d)
{
	if (!d)
		return;
	if (d->cr)
		cairo_destroy(d->cr);
	for (int i = 0; i < d->npages; i++)
		cairo_surface_destroy(d->pages[i]);
	free(d->pages);
	cairo_font_face_destroy(d->regular);
	cairo_font_face_destroy(d->bold);
	arena_free(d->arena);
	free(d);
}

int pdfdoc_pages(const struct pdfdoc *d)
{
	assert(d);
	return d->npages;
}

struct growbuf {
	unsigned char *p;
	size_t len, cap;
};

static cairo_status_t append(void *closure, const unsigned char *data,
                             unsigned int n)
{
	struct growbuf *b = closure;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 64 * 1024;
		while (cap < b->len + n)
			cap *= 2;
		unsigned char *p = realloc(b->p, cap);
		if (!p)
			abort();
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return CAIRO_STATUS_SUCCESS;
}

static void footer(struct pdfdoc *d, cairo_t *cr, int page)
{
	char label[48];
	snprintf(label, sizeof label, "Trang %d/%d", page, d->npages);
	cairo_set_font_face(cr, d->regular);
	cairo_set_font_size(cr, FOOTER_SIZE);
	cairo_text_extents_t te;
	cairo_text_extents(cr, label, &te);
	double x = MARGIN_LEFT + (text_width(d) - te.x_advance) / 2;
	cairo_move_to(cr, x, d->height - MARGIN_BOTTOM / 2);
	cairo_show_text(cr, label);
}

int pdfdoc_finish(struct pdfdoc *d, struct arena *a, char **data, size_t *len,
                  char **err)
{
	assert(d && a && data && len && err);
	*err = NULL;
	cairo_status_t st = d->cr ? cairo_status(d->cr) : CAIRO_STATUS_SUCCESS;
	for (int i = 0; i < d->npages && st == CAIRO_STATUS_SUCCESS; i++)
		st = cairo_surface_status(d->pages[i]);
	if (d->error || st != CAIRO_STATUS_SUCCESS) {
		if (asprintf(err, "pdf: %s",
		             d->error ? d->error : cairo_status_to_string(st)) <
		    0)
			abort();
		pdfdoc_free(d);
		return -1;
	}
	struct growbuf b = {0};
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(
	    append, &b, d->width, d->height);
	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR,
	                               "trogiup");
	if (d->title)
		cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE,
		                               d->title);
	cairo_t *cr = cairo_create(pdf);
	for (int i = 0; i < d->npages; i++) {
		cairo_set_source_surface(cr, d->pages[i], 0, 0);
		cairo_paint(cr);
		if (d->page_numbers) {
			cairo_set_source_rgb(cr, 0, 0, 0);
			footer(d, cr, i + 1);
		}
		cairo_show_page(cr);
	}
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(pdf);
	cairo_surface_destroy(pdf);
	pdfdoc_free(d);
	if (st != CAIRO_STATUS_SUCCESS) {
		free(b.p);
		if (asprintf(err, "pdf: %s", cairo_status_to_string(st)) < 0)
			abort();
		return -1;
	}
	arena_defer(a, free, b.p);
	*data = (char *)b.p;
	*len = b.len;
	return 0;
}
