/*
 * pdfdoc.h — A4 PDF documents in memory, over cairo with DejaVu Sans
 * embedded (docs/decisions/0013-pdf-cairo.md): titles, wrapped
 * paragraphs and bordered tables whose header row repeats on every page,
 * with "Trang N/M" at the foot of each page.
 *
 * The caller adds blocks top to bottom; pdfdoc breaks pages itself.
 * Text is UTF-8, normalised to NFC before drawing (DejaVu has every
 * precomposed Vietnamese letter, so no shaping is needed); '\n' breaks a
 * line, other runs of whitespace are one space.  Invalid UTF-8 makes the
 * document fail at pdfdoc_finish instead of printing something else.
 *
 * Threads: a document belongs to one thread at a time; documents in
 * different threads are independent.  The only shared state is the font
 * cache of pdfdoc.c (one cairo font face per font file, loaded once under
 * a mutex and never freed), and cairo locks a face while it uses it.
 */
#ifndef TROGIUP_LIB_PDFDOC_H
#define TROGIUP_LIB_PDFDOC_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct pdfdoc;

/* Where Debian's fonts-dejavu-core puts DejaVuSans.ttf and
 * DejaVuSans-Bold.ttf. */
#define PDFDOC_FONT_DIR "/usr/share/fonts/truetype/dejavu"

enum pdfdoc_align { PDFDOC_LEFT, PDFDOC_CENTER, PDFDOC_RIGHT };

struct pdfdoc_options {
	bool landscape;       /* A4 portrait when false */
	const char *font_dir; /* holds DejaVuSans{,-Bold}.ttf; NULL: default */
	bool no_page_numbers; /* leave out "Trang N/M" */
	const char *title;    /* document information Title; NULL: none */
};

/* How a paragraph looks; NULL in pdfdoc_paragraph means regular 11 pt,
 * left-aligned. */
struct pdfdoc_style {
	bool bold;
	enum pdfdoc_align align;
	double size; /* points; 0 means 11 */
};

/* A table column: its header text, its share of the text width (widths
 * are weights: 1, 4, 2 gives the second column half of the width) and
 * how its cells align (the header is always centred). */
struct pdfdoc_column {
	const char *header;
	double weight;
	enum pdfdoc_align align;
};

/* Row flags for pdfdoc_table_row. */
#define PDFDOC_ROW_BOLD 1u

/* A new empty document; NULL when a font cannot be loaded, with the reason
 * in *err (the caller frees it).  opt may be NULL (portrait, default
 * fonts, page numbers).  Free with pdfdoc_finish or pdfdoc_free. */
struct pdfdoc *pdfdoc_new(const struct pdfdoc_options *opt, char **err);

/* Abandons d without output; NULL is allowed. */
void pdfdoc_free(struct pdfdoc *d);

/* A centred bold heading, wrapped when long. */
void pdfdoc_title(struct pdfdoc *d, const char *text);

/* A paragraph wrapped to the text width; style may be NULL. */
void pdfdoc_paragraph(struct pdfdoc *d, const char *text,
                      const struct pdfdoc_style *style);

/* Vertical space in points (a new page swallows it). */
void pdfdoc_space(struct pdfdoc *d, double points);

/* Starts a table of ncols columns (cols copied) in font_size points (0
 * means 9.5) and draws its header row, shaded and bold. */
void pdfdoc_table_begin(struct pdfdoc *d, const struct pdfdoc_column *cols,
                        size_t ncols, double font_size);

/* One row of ncols cells (NULL cells are empty), wrapped within their
 * columns.  A row that does not fit starts a new page with the header
 * repeated; a row taller than a page is split between pages. */
void pdfdoc_table_row(struct pdfdoc *d, const char *const *cells,
                      unsigned flags);

/* Ends the table; paragraphs may follow. */
void pdfdoc_table_end(struct pdfdoc *d);

/* Pages so far (the current one included). */
int pdfdoc_pages(const struct pdfdoc *d);

/* Writes the PDF and frees d.  On success returns 0 with the bytes in
 * *data (in arena a, freed with it) and their length in *len; on failure
 * (invalid UTF-8 in some text, a cairo error) -1 with the reason in *err,
 * which the caller frees. */
int pdfdoc_finish(struct pdfdoc *d, struct arena *a, char **data, size_t *len,
                  char **err);

#endif
