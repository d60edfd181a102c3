/*
 * report_internal.h — what the files of the reports resource share
 * (docs/reports.md): loading a report with its rules (plan settings,
 * window, deadline), its JSON (masked for viewers), the prefill of its
 * data tables, its consolidation from the children's approved reports,
 * and the writers of its exports.
 *
 * Files: reports.c (create, get, list, edit, refresh), report_json.c
 * (report_load, report_rules, the JSON), report_settings.c (a plan's
 * report settings), report_workflow.c (submit, approve, return, reopen,
 * events), report_completeness.c (the completeness view and
 * consolidation), report_prefill.c (the data tables), report_export.c
 * (formats, CSV, DHIS2), report_xlsx.c, report_pdf.c.  Everything lives
 * in the request's arena unless said otherwise.
 */
#ifndef TROGIUP_API_REPORT_INTERNAL_H
#define TROGIUP_API_REPORT_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/report.h"
#include "store/store.h"
#include "store/store_reports.h"

/* The rules that apply to a report of (tree, unit, template, period). */
struct report_rules {
	int64_t plan_id; /* the governing plan, 0 none */
	struct report_settings settings;
	bool settings_stored; /* false: the defaults */
	struct report_window window;
	struct report_deadline deadline;
};

/* One report as a request sees it. */
struct report_ctx {
	struct report_row row;
	struct unit_row unit;
	struct report_period rp;
	struct report_rules rules;
};

/* The plan, settings, window and deadline of a report of unit_code
 * (tree) for rp.  Answers 500 and returns false on a store failure. */
bool report_rules_of(struct api_ctx *c, const char *tree, const char *unit_code,
                     const struct report_period *rp, struct report_rules *out);

/* The report of the route's :id with its unit and rules.  A report that
 * does not exist, or whose unit the caller does not see, answers 404
 * not_found; returns false after answering. */
bool report_load(struct api_ctx *c, struct report_ctx *rc);

/* The report's JSON as GET /reports/ID answers it (docs/reports.md
 * §Report JSON): counts masked for a viewer; events included when
 * with_events.  NULL only when out of memory or the stored JSON is
 * corrupt (then answer 500). */
json_t *report_json(struct api_ctx *c, const struct report_ctx *rc,
                    bool with_events);

/* A list item (docs/reports.md §List): no data, no narrative. */
json_t *report_item_json(struct api_ctx *c, const struct report_row *r,
                         const struct report_rules *rules);

/* The timeliness of r now under rules (first submission). */
enum report_timeliness report_row_timeliness(const struct report_row *r,
                                             const struct report_rules *rules,
                                             int64_t now);

/* The data tables of a report computed now from the records
 * (docs/reports.md §Data): *json_text is a JSON document in the arena.
 * Answers 500 and returns false on failure. */
bool report_prefill(struct api_ctx *c, const struct report_ctx *rc,
                    const char **json_text);

/* The consolidation of the direct children's approved reports
 * (docs/reports.md §Consolidation) as a JSON document in the arena.
 * Answers 500 and returns false on failure. */
bool report_consolidation(struct api_ctx *c, const struct report_ctx *rc,
                          const char **json_text);

/* Export writers over report_json's document (with events); the file is
 * malloc'd into *buf / *len (the caller frees).  False on failure, after
 * logging (the caller answers 500). */
bool report_xlsx_write(const json_t *doc, char **buf, size_t *len);
bool report_pdf_write(const json_t *doc, char **buf, size_t *len);

#endif
