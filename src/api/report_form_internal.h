/*
 * report_form_internal.h — what the two files that build a report's form
 * share: report_form.c (the texts, cells and blocks, the header, title,
 * narrative and signature) and report_form_sections.c (the sections
 * drawn from the report's data: indicators, budget, activities, the
 * consolidation).  Everything lives in the builder's arena.
 */
#ifndef TROGIUP_API_REPORT_FORM_INTERNAL_H
#define TROGIUP_API_REPORT_FORM_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "api/report_form.h"

struct builder {
	struct arena *a;
	struct report_form *f;
	const json_t *doc;
	int year;        /* of the period */
	int section;     /* sections so far */
	bool masked;     /* some count was shown as "<5" */
	bool noted;      /* and the note saying so is written */
	size_t capacity; /* of f->blocks */
};

/* The projects of Decision 565/QĐ-TTg, 1–PROJECTS, as programmes.c names
 * them. */
#define PROJECTS 4
extern const char *const form_project_names[PROJECTS + 1];

/* The string at key of obj, "" when there is none. */
const char *form_str(const json_t *obj, const char *key);

/* Cells: a text (NULL as ""); a number printed in Vietnamese notation
 * for its kind; a value of the document — a number, a masked "<5" as
 * text (noted in b), null as empty. */
struct form_cell form_text(const char *s);
struct form_cell form_number(struct builder *b, double v, enum form_kind kind);
struct form_cell form_json(struct builder *b, const json_t *v,
                           enum form_kind kind);

/* Appends a block (text may be NULL for a table). */
struct form_block *form_block_add(struct builder *b, enum form_block_kind kind,
                                  const char *text);

/* "II. TEXT": the next section's heading. */
void form_heading(struct builder *b, const char *text);

/* Appends a table of the ncols columns cols (static) with room for
 * max_rows rows, and a row of empty cells to it. */
struct form_table *form_table_add(struct builder *b,
                                  const struct form_column *cols, size_t ncols,
                                  size_t label_col, size_t max_rows);
struct form_row *form_row_add(struct form_table *t);

/* The note on masked counts, once, after the first table that has one. */
void form_masked_note(struct builder *b);

/* The sections of report_form_sections.c, in their order. */
void form_indicators(struct builder *b, const json_t *data);
void form_budget(struct builder *b, const json_t *data);
void form_activities(struct builder *b, const json_t *data);
void form_consolidation(struct builder *b, const json_t *data,
                        const json_t *cons);

#endif
