/*
 * deadline.h — when each step of a case is due (RULES.md §0.2, §1,
 * docs/cases.md §Deadlines), in Asia/Ho_Chi_Minh.
 *
 * Rules are data (the store's deadline_rules table, dated); this file picks
 * the rule in force and does the calendar arithmetic: hours, calendar days
 * and working days with a holiday list.  Vietnam has kept UTC+7 without
 * daylight saving since 1975, so local time is a fixed offset.
 */
#ifndef TROGIUP_DOMAIN_DEADLINE_H
#define TROGIUP_DOMAIN_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HCM_OFFSET_SECONDS (7 * 3600)

enum deadline_unit { DL_HOURS, DL_DAYS, DL_WORKING_DAYS };

struct deadline_rule {
	const char *code;      /* e.g. "dl_cp_emergency_12h" */
	const char *case_type; /* a type name or "*" */
	const char *stage;     /* the stage whose work is due */
	const char *urgency;   /* "emergency", "urgent", "normal" or "*" */
	int amount;
	enum deadline_unit unit;
	const char *valid_from; /* "YYYY-MM-DD", inclusive */
	const char *valid_to;   /* "YYYY-MM-DD" inclusive, or NULL */
	bool project_default;   /* not a rule of law (shown so in the UI) */
};

/* "hours", "days", "working_days" ↔ enum; parse returns 0 or -1. */
const char *deadline_unit_name(enum deadline_unit u);
int deadline_unit_parse(const char *name, enum deadline_unit *out);

/* The rule for a case of type in stage with urgency, in force on date
 * ("YYYY-MM-DD"): among the rows valid that day with the same stage, an
 * exact type beats "*", then an exact urgency beats "*".  NULL when none. */
const struct deadline_rule *
deadline_pick(const struct deadline_rule *rules, size_t n, const char *type,
              const char *stage, const char *urgency, const char *date);

/* Local dates as days since 1970-01-01 (Asia/Ho_Chi_Minh). */
int32_t hcm_day_of(int64_t instant);
/* The instant local midnight begins day d. */
int64_t hcm_midnight(int32_t day);
/* "YYYY-MM-DD" of day d into buf (11 bytes); parse gives 0 or -1. */
void hcm_day_format(int32_t day, char buf[11]);
int hcm_day_parse(const char *s, int32_t *out);
/* The local year of an instant (for case numbers). */
int hcm_year_of(int64_t instant);

/* Holidays: local days, sorted ascending. */
struct holiday_set {
	const int32_t *days;
	size_t n;
};

bool hcm_is_working_day(int32_t day, const struct holiday_set *h);

/* The instant the step is due when it started at `start`
 * (docs/cases.md: hours = start + N h; days = end of the Nth calendar day
 * after the start day; working days = end of the Nth working day after the
 * start day).  h may be NULL (no holidays). */
int64_t deadline_due(int64_t start, const struct deadline_rule *r,
                     const struct holiday_set *h);

/* Seconds past due (> 0 when overdue), 0 when not overdue or due is 0. */
int64_t deadline_overdue_seconds(int64_t due, int64_t now);

#endif
