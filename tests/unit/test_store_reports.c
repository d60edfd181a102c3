/*
 * test_store_reports.c — the SQLite store of periodic reports against
 * store_reports.h (docs/reports.md §Storage, §Completeness): reports
 * unique per key, read back whole, listed by scope, unit, parent, period,
 * template and state with paging; edits of drafts only, against a
 * version; the workflow's moves with their submission and approval times,
 * the data frozen at submission and the refusal of a move from a state
 * the report has left; events with their users; a unit's children with
 * and without a report.  The plans, settings and activity counts are
 * test_store_report_plans.c's.  Each test gets a fresh database in its
 * own mkdtemp directory, with the Kon Tum lineage of indicator_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/report.h"
#include "lib/arena.h"
#include "store/store.h"
#include "store/store_indicators.h"
#include "store/store_plans.h"
#include "store/store_reports.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#include "indicator_fixture.h"

static int64_t add_user(struct fixture *f, const char *username,
                        const char *name, const char *role, const char *code,
                        const char *path)
{
	struct user_row u = {
	    .username = username,
	    .full_name = name,
	    .role = role,
	    .scope_tree = "2024",
	    .scope_code = code,
	    .scope_path = path,
	    .password_hash = "$argon2id$v=19$x",
	    .active = 1,
	};
	assert_int_equal(store_user_insert(f->st, &u), STORE_OK);
	return u.id;
}

/* A draft of the unit's own report (agency ""). */
static struct report_row draft(const char *template, const char *period,
                               const char *code)
{
	return (struct report_row){
	    .template = template,
	    .period = period,
	    .tree = "2024",
	    .unit_code = code,
	    .agency = "",
	    .data = "{\"indicators\":[]}",
	    .data_at = 1000,
	};
}

static int64_t add_report(struct fixture *f, const char *template,
                          const char *period, const char *code)
{
	struct report_row r = draft(template, period, code);
	assert_int_equal(store_report_create(f->st, &r), STORE_OK);
	return r.id;
}

static enum store_status move(struct fixture *f, int64_t id,
                              const char *transition, const char *from,
                              const char *to, int64_t user, int64_t at,
                              const char *comment, const char *data,
                              const char *consolidation, struct report_row *r)
{
	struct report_event e = {
	    .transition = transition,
	    .from_state = from,
	    .to_state = to,
	    .user_id = user,
	    .at = at,
	    .comment = comment,
	};
	return store_report_move(f->st, f->a, id, &e, data, at, consolidation,
	                         r);
}

static void create_and_conflict(void **state)
{
	struct fixture *f = *state;
	struct report_row r = draft("six_monthly", "2020S1", "23425");

	r.created_by = f->user;
	assert_int_equal(store_report_create(f->st, &r), STORE_OK);
	assert_true(r.id > 0);
	assert_int_equal(r.version, 1);
	assert_string_equal(r.state, "draft");
	assert_true(r.created_at > 0);
	assert_int_equal(r.updated_at, r.created_at);

	/* the same key again, even with other contents */
	struct report_row dup = draft("six_monthly", "2020S1", "23425");
	dup.results = "khác";
	assert_int_equal(store_report_create(f->st, &dup), STORE_CONFLICT);
	/* a NULL agency is the unit's own report too */
	dup.agency = NULL;
	assert_int_equal(store_report_create(f->st, &dup), STORE_CONFLICT);

	/* another agency, period, template or unit is another report */
	struct report_row ag = draft("six_monthly", "2020S1", "23425");
	ag.agency = "Công an tỉnh";
	ag.project = 4;
	assert_int_equal(store_report_create(f->st, &ag), STORE_OK);
	assert_true(ag.id != r.id);
	add_report(f, "six_monthly", "2020S2", "23425");
	add_report(f, "annual", "2020", "23425");
	add_report(f, "six_monthly", "2020S1", "23426");
}

static void get_and_find(void **state)
{
	struct fixture *f = *state;
	struct plan_row p = {
	    .tree = "2024",
	    .unit_code = "62",
	    .unit_path = "62",
	    .number = "787/KH-UBND",
	    .issued_on = "2018-04-03",
	    .title = "Kế hoạch",
	    .period_from = 2016,
	    .period_to = 2020,
	};
	assert_int_equal(store_plan_create(f->st, &p), STORE_OK);
	struct report_row in = draft("six_monthly", "2020S1", "23425");
	in.plan_id = p.id;
	in.number = "12/BC-UBND";
	in.report_date = "2020-06-10";
	in.signer_title = "Chủ tịch";
	in.signer_name = "Nguyễn Văn A";
	in.results = "Kết quả";
	in.difficulties = "Khó khăn";
	in.proposals = "Đề xuất";
	in.consolidation = "{\"children\":[]}";
	in.created_by = f->user;
	in.created_at = 5000;
	assert_int_equal(store_report_create(f->st, &in), STORE_OK);

	struct report_row r;
	assert_int_equal(store_report_get(f->st, f->a, in.id, &r), STORE_OK);
	assert_int_equal(r.id, in.id);
	assert_string_equal(r.template, "six_monthly");
	assert_string_equal(r.period, "2020S1");
	assert_string_equal(r.tree, "2024");
	assert_string_equal(r.unit_code, "23425");
	assert_string_equal(r.unit_name, "23425"); /* the fixture's name */
	assert_string_equal(r.unit_path, "62/608/23425");
	assert_int_equal(r.unit_level, 3);
	assert_string_equal(r.agency, "");
	assert_int_equal(r.project, 0);
	assert_int_equal(r.plan_id, p.id);
	assert_string_equal(r.state, "draft");
	assert_string_equal(r.number, "12/BC-UBND");
	assert_string_equal(r.report_date, "2020-06-10");
	assert_string_equal(r.signer_title, "Chủ tịch");
	assert_string_equal(r.signer_name, "Nguyễn Văn A");
	assert_string_equal(r.results, "Kết quả");
	assert_string_equal(r.difficulties, "Khó khăn");
	assert_string_equal(r.proposals, "Đề xuất");
	assert_string_equal(r.data, "{\"indicators\":[]}");
	assert_int_equal(r.data_at, 1000);
	assert_string_equal(r.consolidation, "{\"children\":[]}");
	assert_int_equal(r.first_submitted_at, 0);
	assert_int_equal(r.last_submitted_at, 0);
	assert_int_equal(r.approved_at, 0);
	assert_int_equal(r.approved_by, 0);
	assert_null(r.approved_by_name);
	assert_int_equal(r.created_by, f->user);
	assert_int_equal(r.created_at, 5000);
	assert_int_equal(r.updated_at, 5000);
	assert_int_equal(r.version, 1);

	/* unfilled texts read "", a missing consolidation NULL */
	int64_t bare = add_report(f, "annual", "2020", "608");
	assert_int_equal(store_report_get(f->st, f->a, bare, &r), STORE_OK);
	assert_string_equal(r.number, "");
	assert_string_equal(r.results, "");
	assert_null(r.consolidation);
	assert_int_equal(r.plan_id, 0);
	assert_int_equal(r.unit_level, 2);

	assert_int_equal(store_report_get(f->st, f->a, 9999, &r),
	                 STORE_NOTFOUND);

	struct report_row ag = draft("six_monthly", "2020S1", "23425");
	ag.agency = "Công an tỉnh";
	ag.project = 4;
	assert_int_equal(store_report_create(f->st, &ag), STORE_OK);
	assert_int_equal(store_report_find(f->st, f->a, "six_monthly", "2024",
	                                   "23425", "2020S1", NULL, &r),
	                 STORE_OK);
	assert_int_equal(r.id, in.id);
	assert_int_equal(store_report_find(f->st, f->a, "six_monthly", "2024",
	                                   "23425", "2020S1", "", &r),
	                 STORE_OK);
	assert_int_equal(r.id, in.id);
	assert_int_equal(store_report_find(f->st, f->a, "six_monthly", "2024",
	                                   "23425", "2020S1", "Công an tỉnh",
	                                   &r),
	                 STORE_OK);
	assert_int_equal(r.id, ag.id);
	assert_int_equal(r.project, 4);
	assert_int_equal(store_report_find(f->st, f->a, "six_monthly", "2024",
	                                   "23425", "2020S2", NULL, &r),
	                 STORE_NOTFOUND);
	assert_int_equal(store_report_find(f->st, f->a, "annual", "2024",
	                                   "23425", "2020S1", NULL, &r),
	                 STORE_NOTFOUND);
	assert_int_equal(store_report_find(f->st, f->a, "six_monthly", "2025",
	                                   "23425", "2020S1", NULL, &r),
	                 STORE_NOTFOUND);
}

/* The unit codes of a list, "code/period" joined by spaces. */
static const char *list_of(struct fixture *f, const struct report_filter *q,
                           size_t *total)
{
	struct report_row *rows;
	size_t n;
	char *out = arena_alloc(f->a, 512);

	assert_int_equal(store_reports_list(f->st, f->a, q, &rows, &n, total),
	                 STORE_OK);
	for (size_t i = 0; i < n; i++) {
		assert_null(rows[i].data);
		assert_null(rows[i].consolidation);
		assert_non_null(rows[i].unit_name);
		snprintf(out + strlen(out), 512 - strlen(out), "%s%s/%s",
		         i ? " " : "", rows[i].unit_code, rows[i].period);
	}
	return out;
}

static void list_filters(void **state)
{
	struct fixture *f = *state;
	size_t total;

	/* 6081 shares 608's prefix but is not inside it */
	put_unit(f->st, "6081", 2, "62", "62/6081");
	add_report(f, "six_monthly", "2020S1", "62");
	add_report(f, "six_monthly", "2020S1", "608");
	add_report(f, "six_monthly", "2020S1", "23425");
	add_report(f, "six_monthly", "2020S2", "23425");
	add_report(f, "annual", "2020", "23425");
	add_report(f, "six_monthly", "2021S1", "23426");
	int64_t sub = add_report(f, "six_monthly", "2020S1", "23426");
	add_report(f, "six_monthly", "2020S1", "6081");
	add_report(f, "six_monthly", "2020S1", "23500");
	add_report(f, "six_monthly", "2019S2", "64");
	struct report_row r;
	assert_int_equal(move(f, sub, "submit", "draft", "submitted", f->user,
	                      7000, NULL, NULL, NULL, &r),
	                 STORE_OK);

	/* everything: newest period first, then unit code, template */
	struct report_filter q = {0};
	assert_string_equal(list_of(f, &q, &total),
	                    "23426/2021S1 23425/2020S2 23425/2020S1"
	                    " 23426/2020S1 23500/2020S1 608/2020S1"
	                    " 6081/2020S1 62/2020S1 23425/2020 64/2019S2");
	assert_int_equal(total, 10);

	/* within 608: itself and its communes, never 6081 */
	q = (struct report_filter){.tree = "2024", .within_path = "62/608"};
	assert_string_equal(list_of(f, &q, &total),
	                    "23426/2021S1 23425/2020S2 23425/2020S1"
	                    " 23426/2020S1 608/2020S1 23425/2020");
	assert_int_equal(total, 6);
	q.within_path = "62/608/23426";
	assert_string_equal(list_of(f, &q, &total),
	                    "23426/2021S1 23426/2020S1");
	q.within_path = "64";
	assert_string_equal(list_of(f, &q, &total), "64/2019S2");
	q.tree = "2025";
	q.within_path = NULL;
	assert_string_equal(list_of(f, &q, &total), "");
	assert_int_equal(total, 0);

	/* the direct children of 62 and of 608 */
	q = (struct report_filter){.tree = "2024", .parent_code = "62"};
	assert_string_equal(list_of(f, &q, &total), "608/2020S1 6081/2020S1");
	q.parent_code = "608";
	q.period = "2020S1";
	assert_string_equal(list_of(f, &q, &total),
	                    "23425/2020S1 23426/2020S1");

	/* one unit; a template; a period; a state */
	q = (struct report_filter){.unit_code = "23425"};
	assert_string_equal(list_of(f, &q, &total),
	                    "23425/2020S2 23425/2020S1 23425/2020");
	q.template = "annual";
	assert_string_equal(list_of(f, &q, &total), "23425/2020");
	q = (struct report_filter){.period = "2020S1"};
	list_of(f, &q, &total);
	assert_int_equal(total, 6);
	q.state = "submitted";
	assert_string_equal(list_of(f, &q, &total), "23426/2020S1");
	q.state = "approved";
	assert_string_equal(list_of(f, &q, &total), "");
	/* the approver's queue: 608's children waiting */
	q = (struct report_filter){
	    .tree = "2024", .parent_code = "608", .state = "submitted"};
	assert_string_equal(list_of(f, &q, &total), "23426/2020S1");

	/* paging: total counts every match */
	q = (struct report_filter){
	    .within_path = "62", .tree = "2024", .offset = 1, .limit = 3};
	assert_string_equal(list_of(f, &q, &total),
	                    "23425/2020S2 23425/2020S1 23426/2020S1");
	assert_int_equal(total, 9);
	q.offset = 8;
	assert_string_equal(list_of(f, &q, &total), "23425/2020");
	assert_int_equal(total, 9);
	q.offset = 20;
	assert_string_equal(list_of(f, &q, &total), "");
	assert_int_equal(total, 9);
}

static void update_drafts_only(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_report(f, "six_monthly", "2020S1", "23425");
	struct report_row r, back;

	assert_int_equal(store_report_get(f->st, f->a, id, &r), STORE_OK);
	r.number = "5/BC";
	r.results = "Đã làm";
	r.data = "{\"refreshed\":true}";
	r.data_at = 2000;
	r.consolidation = "{\"c\":1}";
	assert_int_equal(store_report_update(f->st, &r, 1), STORE_OK);
	assert_int_equal(r.version, 2);
	assert_true(r.updated_at >= r.created_at);
	assert_int_equal(store_report_get(f->st, f->a, id, &back), STORE_OK);
	assert_int_equal(back.version, 2);
	assert_string_equal(back.number, "5/BC");
	assert_string_equal(back.results, "Đã làm");
	assert_string_equal(back.data, "{\"refreshed\":true}");
	assert_int_equal(back.data_at, 2000);
	assert_string_equal(back.consolidation, "{\"c\":1}");
	assert_int_equal(back.updated_at, r.updated_at);

	/* a stale version changes nothing */
	r.results = "muộn";
	assert_int_equal(store_report_update(f->st, &r, 1), STORE_CONFLICT);
	assert_int_equal(store_report_get(f->st, f->a, id, &back), STORE_OK);
	assert_string_equal(back.results, "Đã làm");
	assert_int_equal(back.version, 2);
	/* 0: any version */
	assert_int_equal(store_report_update(f->st, &r, 0), STORE_OK);
	assert_int_equal(r.version, 3);

	r.id = 9999;
	assert_int_equal(store_report_update(f->st, &r, 0), STORE_NOTFOUND);
	r.id = id;

	/* submitted and approved reports are locked */
	assert_int_equal(move(f, id, "submit", "draft", "submitted", f->user,
	                      3000, NULL, NULL, NULL, &back),
	                 STORE_OK);
	r.results = "sau khi gửi";
	assert_int_equal(store_report_update(f->st, &r, back.version),
	                 STORE_CONFLICT);
	assert_int_equal(move(f, id, "approve", "submitted", "approved",
	                      f->user, 3100, NULL, NULL, NULL, &back),
	                 STORE_OK);
	assert_int_equal(store_report_update(f->st, &r, 0), STORE_CONFLICT);
	assert_int_equal(store_report_get(f->st, f->a, id, &back), STORE_OK);
	assert_string_equal(back.results, "muộn");
}

static void moves_keep_times_and_data(void **state)
{
	struct fixture *f = *state;
	int64_t commune = add_user(f, "cuc", "Lê Thị Cúc", "commune", "23425",
	                           "62/608/23425");
	int64_t district =
	    add_user(f, "binh", "Trần Văn Bình", "district", "608", "62/608");
	struct report_row in = draft("six_monthly", "2020S1", "23425");
	in.consolidation = "{\"old\":true}";
	assert_int_equal(store_report_create(f->st, &in), STORE_OK);
	int64_t id = in.id;
	struct report_row r;

	/* submit freezes the data computed with it */
	assert_int_equal(move(f, id, "submit", "draft", "submitted", commune,
	                      10000, NULL, "{\"frozen\":1}", NULL, &r),
	                 STORE_OK);
	assert_string_equal(r.state, "submitted");
	assert_int_equal(r.first_submitted_at, 10000);
	assert_int_equal(r.last_submitted_at, 10000);
	assert_string_equal(r.data, "{\"frozen\":1}");
	assert_int_equal(r.data_at, 10000);
	assert_string_equal(r.consolidation, "{\"old\":true}");
	assert_int_equal(r.version, 2);
	assert_int_equal(r.updated_at, 10000);
	assert_string_equal(r.unit_path, "62/608/23425"); /* re-read whole */

	/* a second submit loses the race: nothing changes */
	struct report_event lost = {.transition = "submit",
	                            .from_state = "draft",
	                            .to_state = "submitted",
	                            .user_id = commune,
	                            .at = 10500};
	struct report_row untouched = {.id = -1};
	assert_int_equal(store_report_move(f->st, f->a, id, &lost, "{\"x\":2}",
	                                   10500, NULL, &untouched),
	                 STORE_CONFLICT);
	assert_int_equal(untouched.id, -1);
	assert_int_equal(lost.id, 0);
	assert_int_equal(store_report_get(f->st, f->a, id, &r), STORE_OK);
	assert_int_equal(r.version, 2);
	assert_int_equal(r.last_submitted_at, 10000);
	assert_string_equal(r.data, "{\"frozen\":1}");
	struct report_event *ev;
	size_t nev;
	assert_int_equal(store_report_events(f->st, f->a, id, &ev, &nev),
	                 STORE_OK);
	assert_int_equal(nev, 1);

	/* returned to draft, submitted again: the first submission stays,
	 * data given NULL is kept as it is */
	assert_int_equal(move(f, id, "return", "submitted", "draft", district,
	                      11000, "Bổ sung số liệu", NULL, NULL, &r),
	                 STORE_OK);
	assert_string_equal(r.state, "draft");
	assert_int_equal(r.approved_at, 0);
	assert_int_equal(move(f, id, "submit", "draft", "submitted", commune,
	                      12000, NULL, NULL, "{\"new\":true}", &r),
	                 STORE_OK);
	assert_int_equal(r.first_submitted_at, 10000);
	assert_int_equal(r.last_submitted_at, 12000);
	assert_string_equal(r.data, "{\"frozen\":1}");
	assert_int_equal(r.data_at, 10000);
	/* consolidation is frozen only with data */
	assert_string_equal(r.consolidation, "{\"old\":true}");

	/* approve records who and when */
	assert_int_equal(move(f, id, "approve", "submitted", "approved",
	                      district, 13000, NULL, NULL, NULL, &r),
	                 STORE_OK);
	assert_string_equal(r.state, "approved");
	assert_int_equal(r.approved_at, 13000);
	assert_int_equal(r.approved_by, district);
	assert_string_equal(r.approved_by_name, "Trần Văn Bình");
	assert_int_equal(r.first_submitted_at, 10000);
	/* approving twice: conflict */
	assert_int_equal(move(f, id, "approve", "submitted", "approved",
	                      district, 13100, NULL, NULL, NULL, &r),
	                 STORE_CONFLICT);

	/* reopen clears the approval, keeps the submissions */
	assert_int_equal(move(f, id, "reopen", "approved", "draft", district,
	                      14000, "Sai số liệu", NULL, NULL, &r),
	                 STORE_OK);
	assert_string_equal(r.state, "draft");
	assert_int_equal(r.approved_at, 0);
	assert_int_equal(r.approved_by, 0);
	assert_null(r.approved_by_name);
	assert_int_equal(r.first_submitted_at, 10000);
	assert_int_equal(r.last_submitted_at, 12000);

	/* a submit with data and consolidation freezes both */
	assert_int_equal(move(f, id, "submit", "draft", "submitted", commune,
	                      15000, NULL, "{\"frozen\":3}", "{\"cons\":3}",
	                      &r),
	                 STORE_OK);
	assert_string_equal(r.data, "{\"frozen\":3}");
	assert_string_equal(r.consolidation, "{\"cons\":3}");
	assert_int_equal(r.data_at, 15000);
	assert_int_equal(r.version, 7);

	assert_int_equal(move(f, 9999, "submit", "draft", "submitted", commune,
	                      15000, NULL, NULL, NULL, &r),
	                 STORE_NOTFOUND);

	/* the events: oldest first, with the users' names and units */
	assert_int_equal(store_report_events(f->st, f->a, id, &ev, &nev),
	                 STORE_OK);
	assert_int_equal(nev, 6);
	static const char *const order[] = {"submit",  "return", "submit",
	                                    "approve", "reopen", "submit"};
	for (size_t i = 0; i < nev; i++) {
		assert_string_equal(ev[i].transition, order[i]);
		assert_int_equal(ev[i].report_id, id);
	}
	assert_string_equal(ev[0].from_state, "draft");
	assert_string_equal(ev[0].to_state, "submitted");
	assert_string_equal(ev[0].user_name, "Lê Thị Cúc");
	assert_string_equal(ev[0].user_unit, "23425");
	assert_null(ev[0].comment);
	assert_int_equal(ev[0].at, 10000);
	assert_string_equal(ev[1].user_name, "Trần Văn Bình");
	assert_string_equal(ev[1].user_unit, "608");
	assert_string_equal(ev[1].comment, "Bổ sung số liệu");
	assert_string_equal(ev[4].comment, "Sai số liệu");
	assert_string_equal(ev[4].from_state, "approved");
	assert_string_equal(ev[4].to_state, "draft");
}

static void events_in_order(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_report(f, "annual", "2020", "608");
	int64_t other = add_report(f, "annual", "2020", "610");

	/* create at 100, then a refresh, then a consolidation; a national
	 * user (no scope) reads "" for the unit */
	struct report_event e = {.report_id = id,
	                         .transition = "create",
	                         .to_state = "draft",
	                         .user_id = f->user,
	                         .at = 100};
	assert_int_equal(store_report_event_add(f->st, &e), STORE_OK);
	assert_true(e.id > 0);
	struct report_event refresh = {.report_id = id,
	                               .transition = "refresh",
	                               .from_state = "draft",
	                               .to_state = "draft",
	                               .user_id = f->user};
	assert_int_equal(store_report_event_add(f->st, &refresh), STORE_OK);
	assert_true(refresh.at > 100); /* 0: now */
	struct report_event cons = {
	    .report_id = other, .transition = "consolidate", .at = 150};
	assert_int_equal(store_report_event_add(f->st, &cons), STORE_OK);
	struct report_event none = {
	    .report_id = 9999, .transition = "refresh", .at = 150};
	assert_int_equal(store_report_event_add(f->st, &none), STORE_NOTFOUND);

	struct report_event *ev;
	size_t n;
	assert_int_equal(store_report_events(f->st, f->a, id, &ev, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ev[0].transition, "create");
	assert_null(ev[0].from_state);
	assert_string_equal(ev[0].to_state, "draft");
	assert_string_equal(ev[0].user_name, "Nguyễn Thị Lan");
	assert_string_equal(ev[0].user_unit, "");
	assert_int_equal(ev[0].at, 100);
	assert_string_equal(ev[1].transition, "refresh");
	assert_int_equal(ev[1].id, refresh.id);
	assert_int_equal(store_report_events(f->st, f->a, other, &ev, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].user_id, 0);
	assert_string_equal(ev[0].user_name, "");
	assert_int_equal(store_report_events(f->st, f->a, 9999, &ev, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
}

static void children_with_and_without(void **state)
{
	struct fixture *f = *state;
	struct report_row r = draft("six_monthly", "2020S1", "23425");
	r.data = "{\"child\":23425}";
	assert_int_equal(store_report_create(f->st, &r), STORE_OK);
	/* 23426 has only another period and an agency's report */
	add_report(f, "six_monthly", "2020S2", "23426");
	struct report_row ag = draft("six_monthly", "2020S1", "23426");
	ag.agency = "Công an tỉnh";
	ag.project = 4;
	assert_int_equal(store_report_create(f->st, &ag), STORE_OK);
	add_report(f, "annual", "2020", "23426");

	struct report_child *c;
	size_t n;
	assert_int_equal(store_report_children(f->st, f->a, "2024", "608",
	                                       "six_monthly", "2020S1", &c, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].code, "23425");
	assert_string_equal(c[0].name, "23425");
	assert_string_equal(c[0].path, "62/608/23425");
	assert_int_equal(c[0].level, 3);
	assert_non_null(c[0].report);
	assert_int_equal(c[0].report->id, r.id);
	assert_string_equal(c[0].report->data, "{\"child\":23425}");
	assert_string_equal(c[0].report->state, "draft");
	assert_string_equal(c[0].report->unit_code, "23425");
	assert_string_equal(c[1].code, "23426");
	assert_null(c[1].report);

	/* the annual report of 23426 */
	assert_int_equal(store_report_children(f->st, f->a, "2024", "608",
	                                       "annual", "2020", &c, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_null(c[0].report);
	assert_non_null(c[1].report);

	/* the provinces under the nation; a commune has no children */
	assert_int_equal(store_report_children(f->st, f->a, "2024", "",
	                                       "annual", "2020", &c, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].code, "62");
	assert_string_equal(c[1].code, "64");
	assert_int_equal(store_report_children(f->st, f->a, "2024", "23425",
	                                       "annual", "2020", &c, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(create_and_conflict, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(get_and_find, setup, teardown),
	    cmocka_unit_test_setup_teardown(list_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(update_drafts_only, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(moves_keep_times_and_data, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(events_in_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(children_with_and_without, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
