/*
 * store_reports.h — periodic reports of units (docs/reports.md §Storage):
 * the report rows with their frozen data and narrative, the events of the
 * workflow, the children of a unit with their report for a period (the
 * completeness view and consolidation), a plan's report settings, the
 * plan that governs a unit's report, and the activity counts a report is
 * prefilled with.  Implemented by store_reports.c over
 * migrations/0007_reports.sql.
 *
 * The store keeps what it is given: the rules (who may move a report, the
 * deadline, timeliness) are domain/report.h's, applied by the API.  The
 * data and consolidation are JSON documents the API builds; the store
 * keeps them as text.  Conventions as in store.h: only STORE_OK fills
 * outputs, output strings live in the arena passed in.
 */
#ifndef TROGIUP_STORE_STORE_REPORTS_H
#define TROGIUP_STORE_STORE_REPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/report.h"
#include "store/store.h"

struct report_row {
	int64_t id;
	const char *template; /* "six_monthly", "annual" */
	const char *period;   /* "2020S1", "2020" */
	const char *tree, *unit_code;
	const char *unit_name, *unit_path; /* read only */
	int unit_level;                    /* read only */
	const char *agency; /* "" for the unit's own report, else the
	                       lead agency of `project` in the plan */
	int project;        /* 1–4 with an agency, 0 without */
	int64_t plan_id;    /* the governing plan, 0 none */
	const char *state;  /* "draft", "submitted", "approved" */
	/* the form's header and signature; "" when not filled in */
	const char *number, *report_date, *signer_title, *signer_name;
	/* narrative sections, plain text; "" when empty */
	const char *results, *difficulties, *proposals;
	const char *data;          /* JSON text: the prefilled tables */
	int64_t data_at;           /* when data was computed */
	const char *consolidation; /* JSON text, NULL when not consolidated */
	int64_t first_submitted_at, last_submitted_at; /* 0 never */
	int64_t approved_at, approved_by;              /* 0 not approved */
	const char *approved_by_name;                  /* read only */
	int64_t created_by, created_at, updated_at;
	int64_t version; /* 1 on create, +1 on every change */
};

/* Inserts r (state "draft", version 1; created_at/updated_at 0: now) and
 * sets r->id, r->version and the times.  STORE_CONFLICT when a report of
 * (template, tree, unit_code, period, agency) exists. */
enum store_status store_report_create(struct store *st, struct report_row *r);

/* STORE_NOTFOUND when there is no such report.  Fills the read-only
 * unit fields and approved_by_name. */
enum store_status store_report_get(struct store *st, struct arena *a,
                                   int64_t id, struct report_row *out);

/* The report of (template, tree, unit_code, period, agency "" none). */
enum store_status store_report_find(struct store *st, struct arena *a,
                                    const char *template, const char *tree,
                                    const char *unit_code, const char *period,
                                    const char *agency, struct report_row *out);

/* Filters of a list; NULL (or 0) is "any".  within_path is a lineage
 * path: the reports of that unit and of every unit below it; parent_code
 * keeps the direct children of that unit (in tree) only. */
struct report_filter {
	const char *tree;
	const char *within_path;
	const char *unit_code;
	const char *parent_code;
	const char *template, *period, *state;
	int offset, limit; /* limit 0: all */
};

/* Newest period first, then unit code, template, agency.  *total counts
 * every match regardless of offset/limit.  The `data` and
 * `consolidation` fields are left NULL (lists never need them). */
enum store_status store_reports_list(struct store *st, struct arena *a,
                                     const struct report_filter *f,
                                     struct report_row **out, size_t *n,
                                     size_t *total);

/* Changes the editable fields of a draft (number, report_date,
 * signer_title, signer_name, results, difficulties, proposals, data,
 * data_at, consolidation) to r's, when the stored version is
 * expected_version (0: any) and the state is "draft"; bumps r->version
 * and sets r->updated_at.  STORE_CONFLICT when the version differs or the
 * report is not a draft; STORE_NOTFOUND when it does not exist. */
enum store_status store_report_update(struct store *st, struct report_row *r,
                                      int64_t expected_version);

/* One move of the workflow. */
struct report_event {
	int64_t id, report_id;
	const char *transition; /* "create", "submit", "approve", "return",
	                           "reopen", "consolidate", "refresh" */
	const char *from_state, *to_state;
	int64_t user_id;
	const char *user_name; /* read only: the user's full name */
	const char *user_unit; /* read only: the user's scope code or "" */
	int64_t at;
	const char *comment; /* NULL when none */
};

/* In one transaction: when the report's state is e->from_state, sets it
 * to e->to_state, appends the event (e->at 0: now, then set) and bumps
 * the version; on submit (to "submitted") sets last_submitted_at and
 * first_submitted_at when still 0, and, when data is not NULL, freezes
 * data/data_at (and consolidation when not NULL) in the same write; on
 * approve sets approved_at/approved_by; on return and reopen clears
 * approved_at/approved_by.  r is re-read after the move.
 * STORE_CONFLICT when the state is not e->from_state (someone moved it
 * first); STORE_NOTFOUND when the report does not exist. */
enum store_status store_report_move(struct store *st, struct arena *a,
                                    int64_t id, struct report_event *e,
                                    const char *data, int64_t data_at,
                                    const char *consolidation,
                                    struct report_row *r);

/* Appends an event that changes no state (create, refresh, consolidate). */
enum store_status store_report_event_add(struct store *st,
                                         struct report_event *e);

/* Oldest first. */
enum store_status store_report_events(struct store *st, struct arena *a,
                                      int64_t report_id,
                                      struct report_event **out, size_t *n);

/* Every direct child unit of (tree, parent_code) with its report for
 * (template, period, agency ""): report NULL when it has none.  Ordered
 * by unit code.  report->data is filled (consolidation needs it). */
struct report_child {
	const char *code, *name, *path;
	int level;
	struct report_row *report; /* NULL: no report */
};
enum store_status
store_report_children(struct store *st, struct arena *a, const char *tree,
                      const char *parent_code, const char *template,
                      const char *period, struct report_child **out, size_t *n);

/* ---- plans and settings ------------------------------------------------ */

/* The plan that governs a unit's reports for a year: the unit's own plan
 * whose period covers the year, else the nearest ancestor's (by lineage
 * path), the latest issued when several; *plan_id 0 when none. */
enum store_status store_report_plan_for(struct store *st, const char *tree,
                                        const char *unit_code, int year,
                                        int64_t *plan_id);

/* The plan's report settings; the defaults (report_settings_default) and
 * *stored false when it has none.  STORE_NOTFOUND: no such plan. */
enum store_status store_report_settings_get(struct store *st, int64_t plan_id,
                                            struct report_settings *out,
                                            bool *stored);

/* Replaces the plan's settings (the caller validated them). */
enum store_status store_report_settings_put(struct store *st, int64_t plan_id,
                                            const struct report_settings *s,
                                            int64_t user_id, int64_t now);

/* ---- activity counts for the prefill ----------------------------------- */

/* Activities of the units at or below lineage path `path` (tree) over the
 * local days [from, to] (YYYY-MM-DD, inclusive). */
struct report_activity_counts {
	int64_t trainings;             /* trainings that ended in the window */
	int64_t training_participants; /* their participants */
	int64_t communications;        /* communication activities held */
	int64_t communication_reach;   /* their reach (people) */
	int64_t cases_opened;          /* cases opened in the window */
	int64_t cases_closed;          /* cases closed in the window */
	int64_t cases_open_at_end;     /* cases open on the window's last day */
	int64_t facilities_active;     /* facilities active now */
};
enum store_status store_report_activities(struct store *st, const char *tree,
                                          const char *path, const char *from,
                                          const char *to,
                                          struct report_activity_counts *out);

#endif
