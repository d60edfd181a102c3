/*
 * store_report_plans.c — what a periodic report takes from around it in
 * the SQLite store (store_reports.h, docs/reports.md): the plan that
 * governs a unit's report, a plan's report settings (window rule, due
 * dates, reminders; migrations/0007_reports.sql), and the activity
 * counts of a unit's subtree over a window for the prefill.  The reports
 * themselves are in store_reports.c.
 *
 * The governing plan is found through the closure table unit_ancestors
 * (depth 0 the unit itself, 1 its parent, … the province), so "the
 * unit's own plan, else the nearest ancestor's" is one ordered query.
 * Activity windows are local days (Asia/Ho_Chi_Minh): dates stored as
 * text compare as text, case instants against the window's local
 * midnights computed here with deadline.h, so the SQL needs no date
 * functions of either dialect.
 */
#include <assert.h>
#include <string.h>

#include "domain/deadline.h"
#include "domain/report.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "store/db.h"
#include "store/store_reports.h"

/* ---- the governing plan ------------------------------------------------- */

enum store_status store_report_plan_for(struct store *st, const char *tree,
                                        const char *unit_code, int year,
                                        int64_t *plan_id)
{
	enum store_status status;
	int64_t id = 0;
	struct dbstmt *s;

	assert(st != NULL && tree != NULL && unit_code != NULL);
	assert(plan_id != NULL);
	if ((s = stmt_take(st, STMT_REPORT_PLAN_FOR)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, unit_code);
	bind_i64(s, 3, year);
	status = stmt_row(st, STMT_REPORT_PLAN_FOR);
	if (status == STORE_OK)
		id = col_i64(s, 0);
	stmt_give(st, STMT_REPORT_PLAN_FOR);
	if (status == STORE_NOTFOUND)
		status = STORE_OK; /* no plan: 0 */
	if (status == STORE_OK)
		*plan_id = id;
	return status;
}

/* ---- settings ----------------------------------------------------------- */

/* Reads the due rule of columns c, c + 1, c + 2. */
static void read_due(struct dbstmt *s, int c, struct report_due_rule *out)
{
	out->month = col_int(s, c);
	out->day = col_int(s, c + 1);
	out->year_offset = col_int(s, c + 2);
}

enum store_status store_report_settings_get(struct store *st, int64_t plan_id,
                                            struct report_settings *out,
                                            bool *stored)
{
	struct report_settings rs;
	enum store_status status;
	bool has = false;
	struct dbstmt *s;

	assert(st != NULL && out != NULL && stored != NULL);
	if ((s = stmt_take(st, STMT_REPORT_SETTINGS_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	report_settings_default(&rs);
	status = stmt_row(st, STMT_REPORT_SETTINGS_GET);
	if (status == STORE_OK && !col_null(s, 0)) {
		const char *rule = col_str(s, 1);

		has = true;
		if (rule == NULL ||
		    report_window_rule_parse(rule, &rs.window)) {
			/* the CHECK of 0007 keeps other names out */
			log_error(
			    "store=sqlite op=report_settings_get plan=%lld "
			    "error=window_rule",
			    (long long)plan_id);
			status = STORE_ERROR;
		}
		read_due(s, 2, &rs.due_s1);
		read_due(s, 5, &rs.due_s2);
		read_due(s, 8, &rs.due_annual);
		rs.due_day_counts = col_int(s, 11) != 0;
		rs.reminder_days = col_int(s, 12);
	}
	stmt_give(st, STMT_REPORT_SETTINGS_GET);
	if (status == STORE_OK) {
		*out = rs;
		*stored = has;
	}
	return status;
}

static void bind_due(struct dbstmt *s, int n, const struct report_due_rule *d)
{
	bind_i64(s, n, d->month);
	bind_i64(s, n + 1, d->day);
	bind_i64(s, n + 2, d->year_offset);
}

enum store_status store_report_settings_put(struct store *st, int64_t plan_id,
                                            const struct report_settings *rs,
                                            int64_t user_id, int64_t now)
{
	const char *rule;
	struct dbstmt *s;

	assert(st != NULL && rs != NULL);
	rule = report_window_rule_name(rs->window);
	assert(rule != NULL);
	if ((s = stmt_take(st, STMT_REPORT_SETTINGS_PUT)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, plan_id);
	bind_text(s, 2, rule);
	bind_due(s, 3, &rs->due_s1);
	bind_due(s, 6, &rs->due_s2);
	bind_due(s, 9, &rs->due_annual);
	bind_i64(s, 12, rs->due_day_counts ? 1 : 0);
	bind_i64(s, 13, rs->reminder_days);
	bind_i64_or_null(s, 14, user_id);
	bind_i64(s, 15, now);
	/* no row written: the INSERT … SELECT found no such plan */
	return stmt_finish_changed(st, STMT_REPORT_SETTINGS_PUT);
}

/* ---- activity counts ---------------------------------------------------- */

enum store_status store_report_activities(struct store *st, const char *tree,
                                          const char *path, const char *from,
                                          const char *to,
                                          struct report_activity_counts *out)
{
	struct report_activity_counts c;
	enum store_status status;
	int32_t from_day, to_day;
	const char *lo, *hi;
	struct arena *a;
	struct dbstmt *s;

	assert(st != NULL && tree != NULL && out != NULL);
	assert(from != NULL && to != NULL);
	if (hcm_day_parse(from, &from_day) != 0 ||
	    hcm_day_parse(to, &to_day) != 0) {
		log_error("store=sqlite op=report_activities error=window");
		return STORE_ERROR;
	}
	a = arena_new();
	within_bounds(a, path, &lo, &hi);
	if ((s = stmt_take(st, STMT_REPORT_ACTIVITIES)) == NULL) {
		arena_free(a);
		return STORE_ERROR;
	}
	bind_text(s, 1, tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_text(s, 4, from);
	bind_text(s, 5, to);
	/* [local midnight starting from, local midnight ending to) */
	bind_i64(s, 6, hcm_midnight(from_day));
	bind_i64(s, 7, hcm_midnight(to_day + 1));
	arena_free(a); /* bind_text copied lo and hi */
	status = stmt_row(st, STMT_REPORT_ACTIVITIES);
	if (status == STORE_OK) {
		c.trainings = col_i64(s, 0);
		c.training_participants = col_i64(s, 1);
		c.communications = col_i64(s, 2);
		c.communication_reach = col_i64(s, 3);
		c.cases_opened = col_i64(s, 4);
		c.cases_closed = col_i64(s, 5);
		c.cases_open_at_end = col_i64(s, 6);
		c.facilities_active = col_i64(s, 7);
	}
	stmt_give(st, STMT_REPORT_ACTIVITIES);
	if (status == STORE_NOTFOUND)
		status = STORE_ERROR; /* aggregates always yield a row */
	if (status == STORE_OK)
		*out = c;
	return status;
}
