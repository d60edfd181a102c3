/*
 * report_settings.c — a plan's report settings (docs/reports.md
 * §Settings, §Due dates): the window rule of its reports (Decree 09 or
 * calendar), the due date of S1, S2 and the annual report, whether the
 * due day itself is on time, and how many days before it reminders
 * start.  The reports of the units the plan governs follow them
 * (report_rules_of in report_json.c).
 *
 * ** URL: GET /api/v1/plans/ID/report-settings → 200 {"window","due":{"s1",
 *         "s2","annual"},"due_day_counts","reminder_days","stored"}
 *         (each due date {"month","day","year_offset"}); the defaults of
 *         RULES.md §9 with "stored": false when the plan has none
 * ** URL: PUT /api/v1/plans/ID/report-settings {the same} → 200; 422
 *         invalid_field "settings" with the rule at fault in the message
 *
 * Both need the plan inside the caller's scope (404 outside, plan_load);
 * PUT also plans_write (the dispatcher).  Decisions beyond the document:
 * a key left out of the PUT body keeps its value (a due date left out of
 * "due" too; a due date given needs month and day, its year_offset is 0
 * when left out), and "stored" is accepted and ignored, so GET's answer
 * can be sent back as it is.  The change is audited
 * (report_settings.put, target plan:ID, the new settings as detail).
 */
#include <string.h>

#include "api/cases.h"
#include "api/handlers.h"
#include "api/plans.h"
#include "api/report_internal.h"
#include "lib/arena.h"
#include "lib/timeutil.h"

static bool bad_settings(struct api_ctx *c, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, "settings");
	return false;
}

static json_t *due_json(const struct report_due_rule *d)
{
	return json_pack("{s:i, s:i, s:i}", "month", d->month, "day", d->day,
	                 "year_offset", d->year_offset);
}

static json_t *settings_json(const struct report_settings *s, bool stored)
{
	return json_pack("{s:s, s:{s:o, s:o, s:o}, s:b, s:i, s:b}", "window",
	                 report_window_rule_name(s->window), "due", "s1",
	                 due_json(&s->due_s1), "s2", due_json(&s->due_s2),
	                 "annual", due_json(&s->due_annual), "due_day_counts",
	                 s->due_day_counts, "reminder_days", s->reminder_days,
	                 "stored", stored);
}

/* The days of a month in every year: February has 28 (a due date must
 * exist every year, so 29 February is refused). */
static int month_days(int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};
	return days[month - 1];
}

/* A whole number of the body, or false. */
static bool int_of(json_t *v, int lo, int hi, int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return false;
	*out = (int)json_integer_value(v);
	return true;
}

/* One due date, "due.<name>" in messages. */
static bool due_field(struct api_ctx *c, const char *name, json_t *v,
                      struct report_due_rule *out)
{
	static const char *const keys[] = {"month", "day", "year_offset", NULL};
	if (!json_is_object(v))
		return bad_settings(c, arena_printf(c->arena,
		                                    "due.%s must be an object "
		                                    "{month, day, year_offset}",
		                                    name));
	const char *key;
	json_t *x;
	json_object_foreach(v, key, x)
	{
		size_t i = 0;
		while (keys[i] != NULL && strcmp(keys[i], key) != 0)
			i++;
		if (keys[i] == NULL)
			return bad_settings(
			    c, arena_printf(c->arena,
			                    "due.%s.%s is not a known field",
			                    name, key));
	}
	struct report_due_rule d = {0};
	if (!int_of(json_object_get(v, "month"), 1, 12, &d.month))
		return bad_settings(
		    c, arena_printf(c->arena,
		                    "due.%s.month must be a month from 1 to 12",
		                    name));
	json_t *day = json_object_get(v, "day");
	if (d.month == 2 && json_is_integer(day) &&
	    json_integer_value(day) == 29)
		return bad_settings(
		    c, arena_printf(c->arena,
		                    "due.%s: 29 February does not exist every "
		                    "year; a due date must",
		                    name));
	if (!int_of(day, 1, month_days(d.month), &d.day))
		return bad_settings(
		    c, arena_printf(c->arena,
		                    "due.%s.day must be a day of month %d, "
		                    "from 1 to %d",
		                    name, d.month, month_days(d.month)));
	json_t *offset = json_object_get(v, "year_offset");
	if (offset != NULL && !int_of(offset, 0, 1, &d.year_offset))
		return bad_settings(
		    c, arena_printf(c->arena,
		                    "due.%s.year_offset must be 0 (the "
		                    "period's year) or 1 (the next year)",
		                    name));
	*out = d;
	return true;
}

static bool due_fields(struct api_ctx *c, json_t *v, struct report_settings *s)
{
	static const char *const names[] = {"s1", "s2", "annual"};
	struct report_due_rule *rules[] = {&s->due_s1, &s->due_s2,
	                                   &s->due_annual};
	if (!json_is_object(v))
		return bad_settings(c,
		                    "due must be an object {s1, s2, annual}");
	const char *key;
	json_t *x;
	json_object_foreach(v, key, x)
	{
		size_t i = 0;
		while (i < 3 && strcmp(names[i], key) != 0)
			i++;
		if (i == 3)
			return bad_settings(
			    c, arena_printf(c->arena,
			                    "due.%s is not a known field: due "
			                    "dates are s1, s2 and annual",
			                    key));
		if (!due_field(c, key, x, rules[i]))
			return false;
	}
	return true;
}

/* The body of a PUT onto s (the current settings). */
static bool settings_apply(struct api_ctx *c, json_t *body,
                           struct report_settings *s)
{
	static const char *const keys[] = {
	    "window", "due", "due_day_counts", "reminder_days", "stored", NULL};
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		size_t i = 0;
		while (keys[i] != NULL && strcmp(keys[i], key) != 0)
			i++;
		if (keys[i] == NULL)
			return bad_settings(
			    c, arena_printf(c->arena,
			                    "%s is not a known "
			                    "field of the settings",
			                    key));
	}
	if ((v = json_object_get(body, "window")) != NULL &&
	    (!json_is_string(v) ||
	     report_window_rule_parse(json_string_value(v), &s->window) != 0))
		return bad_settings(c, "window must be decree_09 or calendar");
	if ((v = json_object_get(body, "due")) != NULL && !due_fields(c, v, s))
		return false;
	if ((v = json_object_get(body, "due_day_counts")) != NULL) {
		if (!json_is_boolean(v))
			return bad_settings(c, "due_day_counts must be true or "
			                       "false");
		s->due_day_counts = json_is_true(v);
	}
	if ((v = json_object_get(body, "reminder_days")) != NULL &&
	    !int_of(v, 0, REPORT_REMINDER_DAYS_MAX, &s->reminder_days))
		return bad_settings(c,
		                    "reminder_days must be a whole number of "
		                    "days from 0 to 60");
	if (!report_settings_valid(s))
		return bad_settings(c, "the settings are not valid");
	return true;
}

/* The plan of the route with its settings; false after answering. */
static bool settings_load(struct api_ctx *c, struct plan_row *p,
                          struct report_settings *s, bool *stored)
{
	int64_t id;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, p))
		return false;
	enum store_status st =
	    store_report_settings_get(c->db, p->id, s, stored);
	if (st == STORE_NOTFOUND) {
		api_reply_error(c, 404, "not_found", "No such plan", NULL);
		return false;
	}
	if (st != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	return true;
}

void plan_report_settings_get(struct api_ctx *c)
{
	struct plan_row p;
	struct report_settings s;
	bool stored;
	if (!settings_load(c, &p, &s, &stored))
		return;
	api_reply_json(c, 200, settings_json(&s, stored));
}

void plan_report_settings_put(struct api_ctx *c)
{
	struct plan_row p;
	struct report_settings s;
	bool stored;
	if (!settings_load(c, &p, &s, &stored))
		return;
	json_t *body = api_body_object(c);
	if (body == NULL || !settings_apply(c, body, &s))
		return;
	json_t *detail = settings_json(&s, true);
	json_object_del(detail, "stored");
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_report_settings_put(c->db, p.id, &s, c->user.id,
		                               time_now());
	if (st != STORE_OK) {
		json_decref(detail);
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	if (!api_audit(c, "report_settings.put",
	               arena_printf(c->arena, "plan:%lld", (long long)p.id),
	               p.tree, p.unit_path, detail) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 200, settings_json(&s, true));
}
