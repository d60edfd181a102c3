/*
 * report.c — the rules of periodic reports; see report.h and
 * docs/reports.md.
 *
 * Dates are local days of Asia/Ho_Chi_Minh (deadline.h: UTC+7, no
 * daylight saving), so a window or a deadline is a pair of integers and
 * the instants are local midnights.  Civil dates go through
 * hcm_day_parse, the one place the calendar lives.
 */
#include "domain/report.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "domain/deadline.h"

/* ---- errors ------------------------------------------------------------ */

const char *report_error_code(enum report_error e)
{
	switch (e) {
	case REPORT_OK: return NULL;
	case REPORT_ERR_TEMPLATE:
	case REPORT_ERR_PERIOD:
	case REPORT_ERR_SETTINGS:
	case REPORT_ERR_COMMENT: return "invalid_field";
	case REPORT_ERR_NOT_FOUND: return "not_found";
	case REPORT_ERR_FORBIDDEN: return "forbidden";
	case REPORT_ERR_INVALID_TRANSITION: return "invalid_transition";
	}
	return NULL;
}

const char *report_error_field(enum report_error e)
{
	switch (e) {
	case REPORT_ERR_TEMPLATE: return "template";
	case REPORT_ERR_PERIOD: return "period";
	case REPORT_ERR_SETTINGS: return "settings";
	case REPORT_ERR_COMMENT: return "comment";
	default: return NULL;
	}
}

/* ---- names -------------------------------------------------------------- */

static int name_index(const char *const *names, int n, const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const template_names[] = {
    [REPORT_SIX_MONTHLY] = "six_monthly",
    [REPORT_ANNUAL] = "annual",
};
static const char *const window_names[] = {
    [REPORT_WINDOW_DECREE_09] = "decree_09",
    [REPORT_WINDOW_CALENDAR] = "calendar",
};
static const char *const timeliness_names[] = {
    [REPORT_PENDING] = "pending",
    [REPORT_ON_TIME] = "on_time",
    [REPORT_LATE] = "late",
    [REPORT_MISSING] = "missing",
};
static const char *const state_names[] = {
    [REPORT_DRAFT] = "draft",
    [REPORT_SUBMITTED] = "submitted",
    [REPORT_APPROVED] = "approved",
};
static const char *const transition_names[] = {
    [REPORT_SUBMIT] = "submit",
    [REPORT_APPROVE] = "approve",
    [REPORT_RETURN] = "return",
    [REPORT_REOPEN] = "reopen",
};

_Static_assert(sizeof(template_names) / sizeof(template_names[0]) ==
                   REPORT_TEMPLATE__MAX,
               "a name per template");
_Static_assert(sizeof(state_names) / sizeof(state_names[0]) ==
                   REPORT_STATE__MAX,
               "a name per state");
_Static_assert(sizeof(transition_names) / sizeof(transition_names[0]) ==
                   REPORT_TRANSITION__MAX,
               "a name per transition");

#define NAME_OF(names, v)                                                      \
	((int)(v) >= 0 && (int)(v) < N(names) ? names[v] : NULL)

const char *report_template_name(enum report_template t)
{
	return NAME_OF(template_names, t);
}

int report_template_parse(const char *name, enum report_template *out)
{
	assert(out != NULL);
	int i = name_index(template_names, N(template_names), name);
	if (i < 0)
		return -1;
	*out = (enum report_template)i;
	return 0;
}

const char *report_window_rule_name(enum report_window_rule r)
{
	return NAME_OF(window_names, r);
}

int report_window_rule_parse(const char *name, enum report_window_rule *out)
{
	assert(out != NULL);
	int i = name_index(window_names, N(window_names), name);
	if (i < 0)
		return -1;
	*out = (enum report_window_rule)i;
	return 0;
}

const char *report_timeliness_name(enum report_timeliness t)
{
	return NAME_OF(timeliness_names, t);
}

const char *report_state_name(enum report_state s)
{
	return NAME_OF(state_names, s);
}

int report_state_parse(const char *name, enum report_state *out)
{
	assert(out != NULL);
	int i = name_index(state_names, N(state_names), name);
	if (i < 0)
		return -1;
	*out = (enum report_state)i;
	return 0;
}

const char *report_transition_name(enum report_transition t)
{
	return NAME_OF(transition_names, t);
}

int report_transition_parse(const char *name, enum report_transition *out)
{
	assert(out != NULL);
	int i = name_index(transition_names, N(transition_names), name);
	if (i < 0)
		return -1;
	*out = (enum report_transition)i;
	return 0;
}

/* ---- periods ------------------------------------------------------------ */

enum report_error report_period_parse(const char *template, const char *period,
                                      struct report_period *out)
{
	assert(out != NULL);
	enum report_template t;
	if (report_template_parse(template, &t) != 0)
		return REPORT_ERR_TEMPLATE;
	struct period p;
	if (period_parse(period, &p) != 0)
		return REPORT_ERR_PERIOD;
	enum period_kind want =
	    t == REPORT_SIX_MONTHLY ? PERIOD_HALF : PERIOD_YEAR;
	if (p.kind != want)
		return REPORT_ERR_PERIOD;
	out->template = t;
	out->period = p;
	return REPORT_OK;
}

/* ---- settings ----------------------------------------------------------- */

void report_settings_default(struct report_settings *out)
{
	assert(out != NULL);
	*out = (struct report_settings){
	    .window = REPORT_WINDOW_DECREE_09,
	    .due_s1 = {6, 15, 0},
	    .due_s2 = {12, 15, 0},
	    .due_annual = {12, 15, 0},
	    .due_day_counts = true,
	    .reminder_days = 7,
	};
}

static bool due_rule_valid(const struct report_due_rule *r)
{
	/* Days of a common year: a due date must exist every year. */
	static const int len[12] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	return r->month >= 1 && r->month <= 12 && r->day >= 1 &&
	       r->day <= len[r->month - 1] &&
	       (r->year_offset == 0 || r->year_offset == 1);
}

bool report_settings_valid(const struct report_settings *s)
{
	assert(s != NULL);
	return ((int)s->window == REPORT_WINDOW_DECREE_09 ||
	        (int)s->window == REPORT_WINDOW_CALENDAR) &&
	       due_rule_valid(&s->due_s1) && due_rule_valid(&s->due_s2) &&
	       due_rule_valid(&s->due_annual) && s->reminder_days >= 0 &&
	       s->reminder_days <= REPORT_REMINDER_DAYS_MAX;
}

/* ---- window and deadline ------------------------------------------------ */

/* The local day of a civil date that exists (callers pass only those). */
static int32_t civil_day(int year, int month, int day)
{
	char buf[16];
	int32_t out = 0;
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
	int rc = hcm_day_parse(buf, &out);
	assert(rc == 0);
	(void)rc;
	return out;
}

static int32_t parsed_day(const char *ymd)
{
	int32_t out = 0;
	int rc = hcm_day_parse(ymd, &out);
	assert(rc == 0);
	(void)rc;
	return out;
}

void report_window(const struct report_period *rp, enum report_window_rule rule,
                   struct report_window *out)
{
	assert(rp != NULL && out != NULL);
	const struct period *p = &rp->period;
	if (rule == REPORT_WINDOW_CALENDAR) {
		/* The indicator period's own days (indicators.h). */
		out->from_day = parsed_day(p->from);
		out->to_day = parsed_day(p->to);
	} else if (p->kind == PERIOD_HALF && p->part == 2) {
		out->from_day = civil_day(p->year, 6, 15);
		out->to_day = civil_day(p->year, 12, 14);
	} else {
		/* S1 and the year both start on 15 December before. */
		out->from_day = civil_day(p->year - 1, 12, 15);
		out->to_day = p->kind == PERIOD_HALF
		                  ? civil_day(p->year, 6, 14)
		                  : civil_day(p->year, 12, 14);
	}
	hcm_day_format(out->from_day, out->from);
	hcm_day_format(out->to_day, out->to);
	out->from_at = hcm_midnight(out->from_day);
	out->to_at = hcm_midnight(out->to_day + 1);
}

enum report_error report_deadline(const struct report_period *rp,
                                  const struct report_settings *s,
                                  struct report_deadline *out)
{
	assert(rp != NULL && s != NULL && out != NULL);
	if (!report_settings_valid(s))
		return REPORT_ERR_SETTINGS;
	const struct period *p = &rp->period;
	const struct report_due_rule *r = p->kind == PERIOD_YEAR
	                                      ? &s->due_annual
	                                  : p->part == 1 ? &s->due_s1
	                                                 : &s->due_s2;
	out->due_day = civil_day(p->year + r->year_offset, r->month, r->day);
	hcm_day_format(out->due_day, out->due_date);
	/* "Trước ngày 15/6" read strictly ends with the 14th. */
	out->last_day = s->due_day_counts ? out->due_day : out->due_day - 1;
	out->deadline_at = hcm_midnight(out->last_day + 1);
	return REPORT_OK;
}

enum report_timeliness report_timeliness(const struct report_deadline *d,
                                         int64_t submitted_at, int64_t now)
{
	assert(d != NULL);
	if (submitted_at != 0)
		return submitted_at < d->deadline_at ? REPORT_ON_TIME
		                                     : REPORT_LATE;
	return now >= d->deadline_at ? REPORT_MISSING : REPORT_PENDING;
}

int report_days_left(const struct report_deadline *d, int64_t now)
{
	assert(d != NULL);
	return (int)(d->last_day - hcm_day_of(now));
}

bool report_reminder_due(const struct report_deadline *d, int reminder_days,
                         int64_t submitted_at, int64_t now)
{
	assert(d != NULL);
	return submitted_at == 0 && report_days_left(d, now) <= reminder_days;
}

/* ---- workflow ----------------------------------------------------------- */

bool report_state_editable(enum report_state s)
{
	return s == REPORT_DRAFT;
}

/* from and to of each transition: the whole state machine. */
static const struct {
	enum report_state from, to;
} moves[REPORT_TRANSITION__MAX] = {
    [REPORT_SUBMIT] = {REPORT_DRAFT, REPORT_SUBMITTED},
    [REPORT_APPROVE] = {REPORT_SUBMITTED, REPORT_APPROVED},
    [REPORT_RETURN] = {REPORT_SUBMITTED, REPORT_DRAFT},
    [REPORT_REOPEN] = {REPORT_APPROVED, REPORT_DRAFT},
};

static bool transition_known(enum report_transition t)
{
	return (int)t >= 0 && t < REPORT_TRANSITION__MAX;
}

enum report_error report_transition_next(enum report_state from,
                                         enum report_transition t,
                                         enum report_state *to)
{
	assert(to != NULL);
	if (!transition_known(t) || moves[t].from != from)
		return REPORT_ERR_INVALID_TRANSITION;
	*to = moves[t].to;
	return REPORT_OK;
}

bool report_transition_needs_comment(enum report_transition t)
{
	return t == REPORT_RETURN || t == REPORT_REOPEN;
}

bool report_comment_valid(const char *comment)
{
	if (comment == NULL)
		return false;
	bool visible = false;
	size_t points = 0;
	for (const unsigned char *c = (const unsigned char *)comment; *c; c++) {
		if ((*c & 0xC0) != 0x80)
			points++;
		if (*c != ' ' && *c != '\t' && *c != '\r' && *c != '\n')
			visible = true;
	}
	return visible && points <= REPORT_COMMENT_MAX;
}

/* Whether scope (NULL: national) is exactly the unit `path` (NULL:
 * national) in the same tree. */
static bool scope_is(const struct principal *p, const char *tree,
                     const char *path, size_t path_len)
{
	if (path == NULL)
		return p->scope_path == NULL;
	return p->scope_path != NULL && p->scope_tree != NULL && tree != NULL &&
	       strcmp(p->scope_tree, tree) == 0 &&
	       strlen(p->scope_path) == path_len &&
	       strncmp(p->scope_path, path, path_len) == 0;
}

enum report_error report_may_act(const struct principal *p,
                                 enum report_transition t, const char *tree,
                                 const char *path)
{
	assert(p != NULL);
	if (path == NULL || *path == '\0' || !access_sees(p, tree, path))
		return REPORT_ERR_NOT_FOUND;
	if (!transition_known(t) || !access_may(p->role, ACT_AGGREGATES_WRITE))
		return REPORT_ERR_FORBIDDEN;
	bool ok;
	if (t == REPORT_SUBMIT) {
		ok = scope_is(p, tree, path, strlen(path));
	} else {
		/* The unit above: the lineage minus its last segment. */
		const char *slash = strrchr(path, '/');
		ok = slash != NULL
		         ? scope_is(p, tree, path, (size_t)(slash - path))
		         : scope_is(p, tree, NULL, 0);
	}
	return ok ? REPORT_OK : REPORT_ERR_FORBIDDEN;
}

enum report_error report_check_transition(const struct principal *p,
                                          enum report_transition t,
                                          enum report_state from,
                                          const char *tree, const char *path,
                                          const char *comment,
                                          enum report_state *to)
{
	assert(p != NULL && to != NULL);
	enum report_error e = report_may_act(p, t, tree, path);
	if (e != REPORT_OK)
		return e;
	if (report_transition_needs_comment(t) &&
	    !report_comment_valid(comment))
		return REPORT_ERR_COMMENT;
	return report_transition_next(from, t, to);
}

/* ---- consolidation ------------------------------------------------------ */

void report_consolidate(const struct report_child_value *c, size_t n,
                        bool with_den, struct report_sum *out)
{
	assert(c != NULL || n == 0);
	assert(out != NULL);
	*out = (struct report_sum){0};
	for (size_t i = 0; i < n; i++) {
		if (!c[i].approved) {
			out->missing++;
			continue;
		}
		if (!c[i].has_num || (with_den && !c[i].has_den)) {
			out->unknown++;
			continue;
		}
		if (__builtin_add_overflow(out->num, c[i].num, &out->num) ||
		    (with_den &&
		     __builtin_add_overflow(out->den, c[i].den, &out->den)))
			out->overflow = true;
		out->summed++;
	}
	bool known = out->summed > 0 && !out->overflow;
	out->has_num = known;
	out->has_den = known && with_den;
	if (!known)
		out->num = out->den = 0;
	else if (!with_den)
		out->den = 0;
}

size_t report_missing_children(const bool *approved, size_t n, size_t *out)
{
	assert((approved != NULL && out != NULL) || n == 0);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!approved[i])
			out[k++] = i;
	return k;
}
