/*
 * inbox.c — what waits for the caller today (docs/cases.md §Inbox).
 *
 * ** URL: GET /api/v1/inbox → 200 {"items":[{"kind","case_id","case_no",
 *         "case_type","stage","due_at"?,"overdue_seconds"?,"approval_id"?,
 *         "referral_id"?,"transfer_id"?,"subject"?}]}
 *
 * Kinds, in this order: overdue (most overdue first) and deadline (soonest
 * first) — open cases assigned to the caller, or unassigned in the
 * caller's own unit, due within 2 days or past; approval — requests the
 * caller may decide; referral and transfer — waiting for an answer from a
 * unit in the caller's scope; visit — follow-up visits of the caller's
 * cases due within 2 days.  Items carry numbers and codes only, never a
 * person's name, so a restricted case shows nothing it should not.
 *
 * Then the periodic reports (docs/reports.md §Inbox reminders), for
 * writers (province, district, commune users) only:
 *   report_due {"kind","template","period","unit_code","due_date",
 *     "days_left","timeliness","report_id"|null} — the report of the
 *     caller's own scope unit for this year's S1 and annual periods and
 *     last year's, while not submitted, from reminder_days before the due
 *     date (report_reminder_due, the plan's settings); overdue first.
 *   report_review {"kind","report_id","template","period","unit_code",
 *     "submitted_at"} — submitted reports of the caller's direct
 *     children waiting for the caller's approval, oldest submission
 *     first (submitted_at is the latest submission, the one waiting).
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/report_internal.h"
#include "domain/deadline.h"
#include "domain/report.h"
#include "lib/arena.h"
#include "lib/timeutil.h"

#define HORIZON_SECONDS (2 * 24 * 3600)
#define MAX_PER_QUERY   200

enum inbox_kind {
	IK_OVERDUE,
	IK_DEADLINE,
	IK_APPROVAL,
	IK_REFERRAL,
	IK_TRANSFER,
	IK_VISIT,
	IK_REPORT_DUE,
	IK_REPORT_REVIEW
};

static const char *const kind_names[] = {
    [IK_OVERDUE] = "overdue",       [IK_DEADLINE] = "deadline",
    [IK_APPROVAL] = "approval",     [IK_REFERRAL] = "referral",
    [IK_TRANSFER] = "transfer",     [IK_VISIT] = "visit",
    [IK_REPORT_DUE] = "report_due", [IK_REPORT_REVIEW] = "report_review",
};

struct inbox_item {
	enum inbox_kind kind;
	int64_t key; /* order within the kind, ascending */
	size_t seq;  /* ties keep the store's order */
	int64_t case_id;
	const char *case_no, *case_type, *stage;
	int64_t due_at, overdue_seconds;
	int64_t approval_id, referral_id;
	const char *subject;
	/* report_due, report_review */
	int64_t report_id, submitted_at;
	const char *template, *period, *unit_code, *agency;
	const char *due_date, *timeliness;
	int days_left;
};

struct inbox {
	struct api_ctx *c;
	struct inbox_item *items;
	size_t n, cap;
	int64_t now;
};

static struct inbox_item *inbox_add(struct inbox *b, enum inbox_kind kind,
                                    int64_t key)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 32;
		struct inbox_item *grown =
		    arena_alloc(b->c->arena, cap * sizeof *grown);
		if (b->n > 0)
			memcpy(grown, b->items, b->n * sizeof *grown);
		b->items = grown;
		b->cap = cap;
	}
	struct inbox_item *it = &b->items[b->n];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->key = key;
	it->seq = b->n++;
	return it;
}

static void item_case(struct inbox_item *it, const struct case_row *r)
{
	it->case_id = r->id;
	it->case_no = r->case_no;
	it->case_type = r->type;
	it->stage = r->stage;
}

static bool visible(struct api_ctx *c, const struct case_row *r)
{
	struct case_facts f;
	case_facts_of(r, &f);
	return casework_view(&c->who, &f) != VIEW_NONE;
}

/* Open cases of q due within the horizon, as overdue / deadline items. */
static bool add_deadlines(struct inbox *b, struct case_query *q)
{
	struct case_row *rows;
	size_t n;
	long total;
	if (store_cases_list(b->c->db, b->c->arena, q, &rows, &n, &total) !=
	    STORE_OK)
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct case_row *r = &rows[i];
		if (r->due_at == 0 || !visible(b->c, r))
			continue;
		bool overdue = b->now > r->due_at;
		/* Most overdue first, then the soonest deadline first. */
		struct inbox_item *it =
		    inbox_add(b, overdue ? IK_OVERDUE : IK_DEADLINE, r->due_at);
		item_case(it, r);
		it->due_at = r->due_at;
		if (overdue)
			it->overdue_seconds = b->now - r->due_at;
	}
	return true;
}

static bool add_approvals(struct inbox *b, const char *tree, const char *path)
{
	struct api_ctx *c = b->c;
	struct approval_row *rows;
	size_t n;
	if (store_approvals_list(c->db, c->arena, 0, "requested", tree, path,
	                         &rows, &n) != STORE_OK)
		return false;
	for (size_t i = 0; i < n && i < MAX_PER_QUERY; i++) {
		struct case_row r;
		enum store_status st =
		    store_case_get(c->db, c->arena, rows[i].case_id, &r);
		if (st == STORE_NOTFOUND)
			continue;
		if (st != STORE_OK)
			return false;
		struct case_facts f;
		case_facts_of(&r, &f);
		/* Only what the caller may decide: a restricted case's
		 * approvals wait on its readers. */
		if (!casework_may_approve(&c->who, &f, rows[i].requested_by) ||
		    casework_view(&c->who, &f) != VIEW_FULL)
			continue;
		struct inbox_item *it =
		    inbox_add(b, IK_APPROVAL, rows[i].requested_at);
		item_case(it, &r);
		it->approval_id = rows[i].id;
		it->subject = rows[i].subject;
	}
	return true;
}

/* Referrals or transfers sent to a unit in the caller's scope. */
static bool add_incoming(struct inbox *b, const char *kind, const char *tree,
                         const char *path)
{
	struct referral_query q = {.kind = kind,
	                           .tree = tree,
	                           .to_within = path,
	                           .status = "sent",
	                           .limit = MAX_PER_QUERY};
	struct referral_row *rows;
	size_t n;
	long total;
	if (store_referrals_list(b->c->db, b->c->arena, &q, &rows, &n,
	                         &total) != STORE_OK)
		return false;
	bool transfer = strcmp(kind, "transfer") == 0;
	for (size_t i = 0; i < n; i++) {
		const struct referral_row *r = &rows[i];
		/* An outside organisation answers for itself; hotline and
		 * facility users never answer for a unit. */
		if (r->to_code == NULL ||
		    !case_unit_worker(&b->c->who, r->to_tree, r->to_path))
			continue;
		struct inbox_item *it = inbox_add(
		    b, transfer ? IK_TRANSFER : IK_REFERRAL, r->created_at);
		it->case_id = r->case_id;
		it->case_no = r->case_no;
		it->case_type = r->case_type;
		it->stage = r->case_stage;
		it->referral_id = r->id;
	}
	return true;
}

static bool add_visits(struct inbox *b, struct case_query *q)
{
	struct case_row *rows;
	size_t n;
	long total;
	if (store_cases_list(b->c->db, b->c->arena, q, &rows, &n, &total) !=
	    STORE_OK)
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct case_row *r = &rows[i];
		if (r->next_visit_at == 0 || !visible(b->c, r))
			continue;
		struct inbox_item *it =
		    inbox_add(b, IK_VISIT, r->next_visit_at);
		item_case(it, r);
		/* next_visit_at is the local midnight starting the visit's
		 * day: the visit is late only once that day has ended. */
		it->due_at = r->next_visit_at;
		int64_t late_from = r->next_visit_at + 86400;
		if (b->now > late_from)
			it->overdue_seconds = b->now - late_from;
	}
	return true;
}

/* True for the roles that write (and so submit and approve) reports. */
static bool report_writer(const struct api_ctx *c)
{
	return c->user.scope_code != NULL && c->user.scope_tree != NULL &&
	       access_may(c->who.role, ACT_AGGREGATES_WRITE);
}

/* The reports the caller's own unit owes: this year's S1 and annual
 * report, and last year's while they are not submitted (the reminder
 * stays until they are). */
static bool add_report_due(struct inbox *b)
{
	struct api_ctx *c = b->c;
	if (!report_writer(c))
		return true;
	static const struct {
		int years_back;
		const char *template, *suffix;
	} owed[] = {
	    {0, "six_monthly", "S1"},
	    {0, "annual", ""},
	    {1, "six_monthly", "S1"},
	    {1, "annual", ""},
	};
	const char *tree = c->user.scope_tree, *unit = c->user.scope_code;
	int year = hcm_year_of(b->now);
	for (size_t i = 0; i < sizeof owed / sizeof owed[0]; i++) {
		const char *code =
		    arena_printf(c->arena, "%d%s", year - owed[i].years_back,
		                 owed[i].suffix);
		struct report_period rp;
		if (report_period_parse(owed[i].template, code, &rp) !=
		    REPORT_OK)
			continue; /* a year outside 2000–2100 */
		struct report_rules rules;
		if (!report_rules_of(c, tree, unit, &rp, &rules))
			return false;
		struct report_row r;
		enum store_status st =
		    store_report_find(c->db, c->arena, owed[i].template, tree,
		                      unit, rp.period.code, "", &r);
		if (st == STORE_ERROR)
			return false;
		bool exists = st == STORE_OK;
		int64_t submitted = exists ? r.first_submitted_at : 0;
		if (!report_reminder_due(&rules.deadline,
		                         rules.settings.reminder_days,
		                         submitted, b->now))
			continue;
		int days_left = report_days_left(&rules.deadline, b->now);
		/* Most overdue first: the fewest days left. */
		struct inbox_item *it = inbox_add(b, IK_REPORT_DUE, days_left);
		it->template = owed[i].template;
		it->period = code;
		it->unit_code = unit;
		it->due_date = arena_strdup(c->arena, rules.deadline.due_date);
		it->days_left = days_left;
		it->timeliness = report_timeliness_name(
		    report_timeliness(&rules.deadline, submitted, b->now));
		it->report_id = exists ? r.id : 0;
	}
	return true;
}

/* Submitted reports of the caller's direct children: the approver's
 * queue. */
static bool add_report_review(struct inbox *b)
{
	struct api_ctx *c = b->c;
	if (!report_writer(c))
		return true;
	struct report_filter f = {.tree = c->user.scope_tree,
	                          .parent_code = c->user.scope_code,
	                          .state = "submitted",
	                          .limit = MAX_PER_QUERY};
	struct report_row *rows;
	size_t n, total;
	if (store_reports_list(c->db, c->arena, &f, &rows, &n, &total) !=
	    STORE_OK)
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct report_row *r = &rows[i];
		if (r->unit_path != NULL &&
		    report_may_act(&c->who, REPORT_APPROVE, r->tree,
		                   r->unit_path) != REPORT_OK)
			continue;
		struct inbox_item *it =
		    inbox_add(b, IK_REPORT_REVIEW, r->last_submitted_at);
		it->report_id = r->id;
		it->template = r->template;
		it->period = r->period;
		it->unit_code = r->unit_code;
		it->submitted_at = r->last_submitted_at;
		it->agency = r->agency != NULL && *r->agency ? r->agency : NULL;
	}
	return true;
}

static json_t *report_item_of(const struct inbox_item *it)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "kind",
	                      kind_names[it->kind], "template", it->template,
	                      "period", it->period, "unit_code", it->unit_code);
	if (it->kind == IK_REPORT_REVIEW) {
		json_object_set_new(j, "report_id",
		                    json_integer(it->report_id));
		json_object_set_new(j, "submitted_at",
		                    api_instant_json(it->submitted_at));
		if (it->agency != NULL)
			json_object_set_new(j, "agency",
			                    json_string(it->agency));
		return j;
	}
	json_object_set_new(j, "due_date", json_string(it->due_date));
	json_object_set_new(j, "days_left", json_integer(it->days_left));
	json_object_set_new(j, "timeliness", json_string(it->timeliness));
	json_object_set_new(j, "report_id",
	                    it->report_id ? json_integer(it->report_id)
	                                  : json_null());
	return j;
}

static int item_order(const void *pa, const void *pb)
{
	const struct inbox_item *a = pa, *b = pb;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static json_t *item_json(const struct inbox_item *it)
{
	if (it->kind == IK_REPORT_DUE || it->kind == IK_REPORT_REVIEW)
		return report_item_of(it);
	json_t *j = json_pack("{s:s, s:I, s:s?, s:s?, s:s?}", "kind",
	                      kind_names[it->kind], "case_id",
	                      (json_int_t)it->case_id, "case_no", it->case_no,
	                      "case_type", it->case_type, "stage", it->stage);
	if (it->due_at != 0)
		json_object_set_new(j, "due_at", api_instant_json(it->due_at));
	if (it->overdue_seconds > 0)
		json_object_set_new(j, "overdue_seconds",
		                    json_integer(it->overdue_seconds));
	if (it->approval_id != 0)
		json_object_set_new(j, "approval_id",
		                    json_integer(it->approval_id));
	if (it->subject != NULL)
		json_object_set_new(j, "subject", json_string(it->subject));
	if (it->referral_id != 0) {
		json_object_set_new(j, "referral_id",
		                    json_integer(it->referral_id));
		if (it->kind == IK_TRANSFER)
			json_object_set_new(j, "transfer_id",
			                    json_integer(it->referral_id));
	}
	return j;
}

void inbox_get(struct api_ctx *c)
{
	struct inbox b = {.c = c, .now = time_now()};
	const char *tree =
	    c->who.scope_tree ? c->who.scope_tree : c->cfg->default_tree;
	const char *path = c->who.scope_path;
	int64_t horizon = b.now + HORIZON_SECONDS;

	struct case_query mine = {.tree = tree,
	                          .within_path = path,
	                          .assigned_to = c->user.id,
	                          .due_before = horizon,
	                          .only_open = 1,
	                          .now = b.now,
	                          .limit = MAX_PER_QUERY};
	/* Unassigned cases wait on everyone of their own unit, not on the
	 * supervisors above it. */
	struct case_query unassigned = mine;
	unassigned.assigned_to = -1;
	unassigned.within_path = NULL;
	unassigned.unit_code = c->user.scope_code;
	struct case_query visits = {.tree = tree,
	                            .within_path = path,
	                            .assigned_to = c->user.id,
	                            .visit_before = horizon,
	                            .only_open = 1,
	                            .now = b.now,
	                            .limit = MAX_PER_QUERY};
	bool ok =
	    add_deadlines(&b, &mine) &&
	    (c->user.scope_code == NULL || add_deadlines(&b, &unassigned)) &&
	    add_approvals(&b, c->who.scope_tree, path) &&
	    add_incoming(&b, "referral", c->who.scope_tree, path) &&
	    add_incoming(&b, "transfer", c->who.scope_tree, path) &&
	    add_visits(&b, &visits) && add_report_due(&b) &&
	    add_report_review(&b);
	if (!ok) {
		api_reply_internal(c);
		return;
	}
	if (b.n > 1)
		qsort(b.items, b.n, sizeof *b.items, item_order);
	json_t *items = json_array();
	for (size_t i = 0; i < b.n; i++)
		json_array_append_new(items, item_json(&b.items[i]));
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}
