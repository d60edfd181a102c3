/*
 * report.h — the rules of periodic reports (issue 8, docs/reports.md):
 * templates and their periods, the data window a report covers (Decree
 * 09/2019/NĐ-CP Art 12, or calendar periods per plan), due dates and
 * timeliness in Asia/Ho_Chi_Minh, reminders, the draft → submitted →
 * approved workflow and who may move a report along it, and the sums a
 * unit's report consolidates from its children's approved reports.
 *
 * Pure: no I/O and no clock — "now" is always a parameter.  Periods are
 * parsed by indicators.h's period_parse, local days and instants come from
 * deadline.h (UTC+7, no daylight saving), scopes from access.h and
 * lineage.h.  The store and the API build on these;
 * tests/unit/test_report.c tests the rules alone.
 */
#ifndef TROGIUP_DOMAIN_REPORT_H
#define TROGIUP_DOMAIN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"
#include "domain/indicators.h"

/* ---- errors ------------------------------------------------------------ */

/* One enum for the module; report_error_code/field give the API's error
 * code and field (docs/reports.md §Errors has the HTTP statuses). */
enum report_error {
	REPORT_OK = 0,
	REPORT_ERR_TEMPLATE,  /* 422 invalid_field template */
	REPORT_ERR_PERIOD,    /* 422 invalid_field period */
	REPORT_ERR_SETTINGS,  /* a plan's report settings are bad */
	REPORT_ERR_NOT_FOUND, /* 404: the unit is outside the scope */
	REPORT_ERR_FORBIDDEN, /* 403: seen, but not this caller's move */
	REPORT_ERR_COMMENT,   /* 422 invalid_field comment */
	REPORT_ERR_INVALID_TRANSITION, /* 409 invalid_transition */
};

/* "invalid_field", "not_found", "forbidden", "invalid_transition"; NULL
 * for REPORT_OK.  Static strings. */
const char *report_error_code(enum report_error e);
/* "template", "period", "comment", "settings"; NULL when no one field is
 * at fault. */
const char *report_error_field(enum report_error e);

/* ---- templates and periods -------------------------------------------- */

enum report_template {
	REPORT_SIX_MONTHLY,
	REPORT_ANNUAL,
	REPORT_TEMPLATE__MAX
};

/* "six_monthly", "annual"; NULL out of range. */
const char *report_template_name(enum report_template t);
/* 0 and *out set, or -1 for an unknown name. */
int report_template_parse(const char *name, enum report_template *out);

struct report_period {
	enum report_template template;
	struct period
	    period; /* PERIOD_HALF for six_monthly, PERIOD_YEAR for annual */
};

/* A template name and a period code: six_monthly takes "YYYYS1" or
 * "YYYYS2", annual takes "YYYY" (years 2000–2100, period_parse).
 * REPORT_OK and *out set, else REPORT_ERR_TEMPLATE or REPORT_ERR_PERIOD
 * (also for a valid period of the wrong kind, e.g. annual "2020S1"). */
enum report_error report_period_parse(const char *template, const char *period,
                                      struct report_period *out);

/* ---- a plan's settings ------------------------------------------------- */

enum report_window_rule {
	REPORT_WINDOW_DECREE_09, /* 15 Dec of the year before … 14 Jun / 14 Dec
	                          */
	REPORT_WINDOW_CALENDAR,  /* Jan–Jun, Jul–Dec, Jan–Dec */
};

/* "decree_09", "calendar"; parse gives 0 or -1. */
const char *report_window_rule_name(enum report_window_rule r);
int report_window_rule_parse(const char *name, enum report_window_rule *out);

/* A due date relative to the period's year: day/month of year + offset
 * (offset 0 or 1, so "15 January of the next year" can be said). */
struct report_due_rule {
	int month, day, year_offset;
};

struct report_settings {
	enum report_window_rule window;
	struct report_due_rule due_s1, due_s2, due_annual;
	bool due_day_counts; /* a submission on the due day is on time */
	int reminder_days;   /* reminders start this many days before */
};

#define REPORT_REMINDER_DAYS_MAX 60

/* The defaults of RULES.md §9: Decree 09 windows; S1 due 15 June, S2 and
 * annual 15 December of the same year; the due day counts; reminders 7
 * days before. */
void report_settings_default(struct report_settings *out);

/* Each due rule: month 1–12, a day that exists in that month in every
 * year (no 29 February), offset 0 or 1; reminder_days 0–60. */
bool report_settings_valid(const struct report_settings *s);

/* ---- window, due date, timeliness, reminders ------------------------- */

/* The data a report covers: local days, inclusive, and the same as
 * instants [from_at, to_at) — from_at is local midnight starting from_day,
 * to_at local midnight ending to_day — for queries on timestamps. */
struct report_window {
	int32_t from_day, to_day; /* days since 1970-01-01, Asia/Ho_Chi_Minh */
	char from[11], to[11];    /* YYYY-MM-DD */
	int64_t from_at, to_at;   /* unix seconds, to_at excluded */
};

void report_window(const struct report_period *rp, enum report_window_rule rule,
                   struct report_window *out);

struct report_deadline {
	int32_t due_day;     /* the due date as the plan states it */
	char due_date[11];   /* YYYY-MM-DD */
	int32_t last_day;    /* the last day a submission is on time */
	int64_t deadline_at; /* first late instant: midnight ending last_day */
};

/* The deadline of rp under settings s; REPORT_ERR_SETTINGS when s is not
 * valid (nothing written). */
enum report_error report_deadline(const struct report_period *rp,
                                  const struct report_settings *s,
                                  struct report_deadline *out);

enum report_timeliness {
	REPORT_PENDING, /* not submitted, not yet due */
	REPORT_ON_TIME,
	REPORT_LATE,
	REPORT_MISSING, /* not submitted and past the deadline */
};

/* "pending", "on_time", "late", "missing". */
const char *report_timeliness_name(enum report_timeliness t);

/* submitted_at: the report's first submission, 0 when never submitted.
 * A submission before deadline_at is on time, at or after it late. */
enum report_timeliness report_timeliness(const struct report_deadline *d,
                                         int64_t submitted_at, int64_t now);

/* Local days from today to the last on-time day: 7 a week before, 0 on
 * it, negative once late. */
int report_days_left(const struct report_deadline *d, int64_t now);

/* True when a reminder belongs in the inbox at now: not submitted and
 * today is at most reminder_days before the last on-time day (and any
 * day after it, until the report is submitted). */
bool report_reminder_due(const struct report_deadline *d, int reminder_days,
                         int64_t submitted_at, int64_t now);

/* ---- workflow ---------------------------------------------------------- */

/* "returned" is not a state: a return is an event (with its comment) that
 * puts the report back to draft (docs/reports.md §Workflow). */
enum report_state {
	REPORT_DRAFT,
	REPORT_SUBMITTED,
	REPORT_APPROVED,
	REPORT_STATE__MAX
};

enum report_transition {
	REPORT_SUBMIT,  /* draft → submitted, by the reporting unit */
	REPORT_APPROVE, /* submitted → approved, by the unit above */
	REPORT_RETURN,  /* submitted → draft, unit above, with a comment */
	REPORT_REOPEN,  /* approved → draft, unit above, with a reason */
	REPORT_TRANSITION__MAX
};

#define REPORT_COMMENT_MAX 2000 /* characters (UTF-8 code points) */

/* "draft", "submitted", "approved"; parse gives 0 or -1. */
const char *report_state_name(enum report_state s);
int report_state_parse(const char *name, enum report_state *out);
/* "submit", "approve", "return", "reopen"; parse gives 0 or -1. */
const char *report_transition_name(enum report_transition t);
int report_transition_parse(const char *name, enum report_transition *out);

/* Only a draft's contents may change; submitted and approved are locked. */
bool report_state_editable(enum report_state s);

/* The state t leads to from `from`: REPORT_OK and *to set, else
 * REPORT_ERR_INVALID_TRANSITION. */
enum report_error report_transition_next(enum report_state from,
                                         enum report_transition t,
                                         enum report_state *to);

/* Return and reopen need a comment (the reason). */
bool report_transition_needs_comment(enum report_transition t);

/* A comment: at least one non-space character, at most
 * REPORT_COMMENT_MAX code points. */
bool report_comment_valid(const char *comment);

/* Whether principal p may take t on the report of the unit with lineage
 * `path` in `tree`: REPORT_ERR_NOT_FOUND when p does not see the unit;
 * REPORT_ERR_FORBIDDEN unless p's role may write aggregates and p's scope
 * is the unit itself (submit) or its parent in the lineage (approve,
 * return, reopen; the parent of a province is the national scope). */
enum report_error report_may_act(const struct principal *p,
                                 enum report_transition t, const char *tree,
                                 const char *path);

/* The whole check of a move, in the API's order: report_may_act (404,
 * 403), then the comment when t needs one (422), then the state (409).
 * REPORT_OK and *to set when allowed. */
enum report_error report_check_transition(const struct principal *p,
                                          enum report_transition t,
                                          enum report_state from,
                                          const char *tree, const char *path,
                                          const char *comment,
                                          enum report_state *to);

/* ---- consolidation ----------------------------------------------------- */

/* One child unit's values of one indicator for the period. */
struct report_child_value {
	bool approved; /* the child's report for the period is approved */
	bool has_num, has_den;
	int64_t num, den;
};

struct report_sum {
	bool has_num, has_den; /* false when no child was summed */
	int64_t num, den;
	size_t summed;  /* approved children added in */
	size_t unknown; /* approved children without a usable value */
	size_t missing; /* children without an approved report */
	bool overflow;  /* a sum left int64 (then has_num/has_den false) */
};

/* Sums numerators (and denominators when with_den) of the approved
 * children — never an average of their percentages: the consolidated
 * value is indicator_value() of the sums.  A child counts only with the
 * whole pair known (num, and den when with_den), so a numerator is never
 * added without its denominator. */
void report_consolidate(const struct report_child_value *c, size_t n,
                        bool with_den, struct report_sum *out);

/* Indices of the children whose report is not approved, in order, into
 * out (room for n); returns how many. */
size_t report_missing_children(const bool *approved, size_t n, size_t *out);

#endif
