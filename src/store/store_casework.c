/*
 * store_casework.c — the work around a case in the SQLite store
 * (docs/cases.md, store.h): hotline calls, referrals and transfers (one
 * table, told apart by kind), approvals, and the dated tables deadlines
 * are computed from (deadline_rules, holidays, seeded by the 0002
 * migration and edited as data).  Persons, cases and their events are in
 * store_cases.c, which also holds the helpers used here (within_bounds,
 * row_missing_or_conflict).
 *
 * State changes are guarded in SQL (`WHERE version = $n`, `WHERE status =
 * 'requested'`, `WHERE case_id IS NULL`), so two users deciding at once
 * cannot both win; the loser gets STORE_CONFLICT.
 */
#include <assert.h>
#include <time.h>

#include "lib/arena.h"
#include "store/db.h"

/* ---- hotline calls ------------------------------------------------------ */

/* created_at 0 is written as now. */
enum store_status store_hotline_call_insert(struct store *st,
                                            struct hotline_call_row *h)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && h != NULL);
	assert(h->line && h->unit_tree && h->unit_code && h->unit_path);
	assert(h->caller_relation && h->summary && h->urgency);
	assert(h->operator_id > 0);
	if (h->created_at == 0)
		h->created_at = (int64_t)time(NULL);
	if ((s = stmt_take(st, STMT_HOTLINE_CALL_INSERT)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, h->line);
	bind_i64(s, 2, h->received_at);
	bind_text(s, 3, h->unit_tree);
	bind_text(s, 4, h->unit_code);
	bind_text(s, 5, h->unit_path);
	bind_text(s, 6, h->caller_relation);
	bind_text(s, 7, h->summary);
	bind_text(s, 8, h->urgency);
	bind_i64(s, 9, h->operator_id);
	bind_i64_or_null(s, 10, h->case_id);
	bind_i64(s, 11, h->created_at);
	status = stmt_row(st, STMT_HOTLINE_CALL_INSERT);
	if (status == STORE_OK)
		h->id = col_i64(s, 0);
	else if (status == STORE_NOTFOUND)
		status = STORE_ERROR; /* RETURNING always yields the row */
	stmt_give(st, STMT_HOTLINE_CALL_INSERT);
	return status;
}

/* Reads a row of HOTLINE_COLS (sql.c). */
static void read_hotline_call(struct arena *a, struct dbstmt *s,
                              struct hotline_call_row *out)
{
	out->id = col_i64(s, 0);
	out->line = col_text(a, s, 1);
	out->received_at = col_i64(s, 2);
	out->unit_tree = col_text(a, s, 3);
	out->unit_code = col_text(a, s, 4);
	out->unit_path = col_text(a, s, 5);
	out->caller_relation = col_text(a, s, 6);
	out->summary = col_text(a, s, 7);
	out->urgency = col_text(a, s, 8);
	out->operator_id = col_i64(s, 9);
	out->case_id = col_i64(s, 10); /* NULL reads 0 */
	out->created_at = col_i64(s, 11);
}

enum store_status store_hotline_call_get(struct store *st, struct arena *a,
                                         int64_t id,
                                         struct hotline_call_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_HOTLINE_CALL_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_HOTLINE_CALL_GET)) == STORE_OK)
		read_hotline_call(a, s, out);
	stmt_give(st, STMT_HOTLINE_CALL_GET);
	return status;
}

/* STORE_NOTFOUND when there is no such call. */
enum store_status store_hotline_call_set_case(struct store *st, int64_t id,
                                              int64_t case_id)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && case_id > 0);
	if ((s = stmt_take(st, STMT_HOTLINE_CALL_SET_CASE)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	bind_i64(s, 2, case_id);
	status = stmt_row(st, STMT_HOTLINE_CALL_SET_CASE);
	stmt_give(st, STMT_HOTLINE_CALL_SET_CASE);
	if (status == STORE_NOTFOUND)
		status =
		    row_missing_or_conflict(st, STMT_HOTLINE_CALL_EXISTS, id);
	return status;
}

/* Binds q in the numbering of HOTLINE_WHERE (sql.c). */
static void bind_hotline_query(struct arena *a, struct dbstmt *s,
                               const void *query)
{
	const struct hotline_query *q = query;
	const char *lo, *hi;

	within_bounds(a, q->within_path, &lo, &hi);
	bind_text(s, 1, q->tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_i64(s, 4, q->operator_id);
	bind_i64(s, 5, limit_of(q->limit));
	bind_i64(s, 6, q->offset);
}

static void read_hotline_call_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_hotline_call(a, s, row);
}

enum store_status store_hotline_calls_list(struct store *st, struct arena *a,
                                           const struct hotline_query *q,
                                           struct hotline_call_row **items,
                                           size_t *n, long *total)
{
	void *rows = NULL;
	enum store_status status;

	assert(q != NULL && q->offset >= 0);
	assert(q->within_path == NULL || q->tree != NULL);
	status =
	    stmt_page(st, a, STMT_HOTLINE_CALLS_TOTAL, STMT_HOTLINE_CALLS_LIST,
	              bind_hotline_query, q, read_hotline_call_row,
	              sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* ---- referrals and transfers ------------------------------------------- */

/* status NULL is written as "sent", created_at 0 as now; sets r->id and
 * r->version = 1. */
enum store_status store_referral_insert(struct store *st,
                                        struct referral_row *r)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && r != NULL && r->kind != NULL && r->case_id > 0);
	assert(r->from_tree && r->from_code && r->from_path);
	assert((r->to_tree == NULL) == (r->to_code == NULL));
	assert((r->to_tree == NULL) == (r->to_path == NULL));
	assert(r->created_by > 0);
	if (r->status == NULL)
		r->status = "sent";
	if (r->created_at == 0)
		r->created_at = (int64_t)time(NULL);
	if ((s = stmt_take(st, STMT_REFERRAL_INSERT)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, r->kind);
	bind_i64(s, 2, r->case_id);
	bind_text(s, 3, r->from_tree);
	bind_text(s, 4, r->from_code);
	bind_text(s, 5, r->from_path);
	bind_text(s, 6, r->to_org);
	bind_text(s, 7, r->to_tree);
	bind_text(s, 8, r->to_code);
	bind_text(s, 9, r->to_path);
	bind_text(s, 10, r->service);
	bind_text(s, 11, r->note);
	bind_text(s, 12, r->status);
	bind_text(s, 13, r->override_reason);
	bind_i64(s, 14, r->created_by);
	bind_i64(s, 15, r->created_at);
	bind_i64_or_null(s, 16, r->decided_by);
	bind_i64_or_null(s, 17, r->decided_at);
	bind_i64_or_null(s, 18, r->completed_at);
	bind_text(s, 19, r->comment);
	status = stmt_row(st, STMT_REFERRAL_INSERT);
	if (status == STORE_OK) {
		r->id = col_i64(s, 0);
		r->version = 1;
	} else if (status == STORE_NOTFOUND) {
		status = STORE_ERROR; /* RETURNING always yields the row */
	}
	stmt_give(st, STMT_REFERRAL_INSERT);
	return status;
}

/* Reads a row of REFERRAL_COLS (sql.c). */
static void read_referral(struct arena *a, struct dbstmt *s,
                          struct referral_row *out)
{
	out->id = col_i64(s, 0);
	out->kind = col_text(a, s, 1);
	out->case_id = col_i64(s, 2);
	out->from_tree = col_text(a, s, 3);
	out->from_code = col_text(a, s, 4);
	out->from_path = col_text(a, s, 5);
	out->to_org = col_text(a, s, 6);
	out->to_tree = col_text(a, s, 7);
	out->to_code = col_text(a, s, 8);
	out->to_path = col_text(a, s, 9);
	out->service = col_text(a, s, 10);
	out->note = col_text(a, s, 11);
	out->status = col_text(a, s, 12);
	out->override_reason = col_text(a, s, 13);
	out->created_by = col_i64(s, 14);
	out->created_at = col_i64(s, 15);
	out->decided_by = col_i64(s, 16);
	out->decided_at = col_i64(s, 17);
	out->completed_at = col_i64(s, 18);
	out->comment = col_text(a, s, 19);
	out->version = col_i64(s, 20);
	out->case_no = col_text(a, s, 21);
	out->case_type = col_text(a, s, 22);
	out->case_stage = col_text(a, s, 23);
}

enum store_status store_referral_get(struct store *st, struct arena *a,
                                     int64_t id, struct referral_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_REFERRAL_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_REFERRAL_GET)) == STORE_OK)
		read_referral(a, s, out);
	stmt_give(st, STMT_REFERRAL_GET);
	return status;
}

/* STORE_NOTFOUND when there is no such referral. */
enum store_status store_referral_update(struct store *st,
                                        struct referral_row *r,
                                        int64_t expected_version)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && r != NULL && r->id > 0 && r->status != NULL);
	if ((s = stmt_take(st, STMT_REFERRAL_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, r->id);
	bind_i64(s, 2, expected_version);
	bind_text(s, 3, r->status);
	bind_i64_or_null(s, 4, r->decided_by);
	bind_i64_or_null(s, 5, r->decided_at);
	bind_i64_or_null(s, 6, r->completed_at);
	bind_text(s, 7, r->comment);
	status = stmt_row(st, STMT_REFERRAL_UPDATE);
	if (status == STORE_OK)
		r->version = col_i64(s, 0);
	stmt_give(st, STMT_REFERRAL_UPDATE);
	if (status == STORE_NOTFOUND)
		status =
		    row_missing_or_conflict(st, STMT_REFERRAL_EXISTS, r->id);
	return status;
}

/* Binds q in the numbering of REFERRALS_WHERE (sql.c). */
static void bind_referral_query(struct arena *a, struct dbstmt *s,
                                const void *query)
{
	const struct referral_query *q = query;
	const char *lo, *hi;

	bind_text(s, 1, q->kind);
	bind_text(s, 2, q->tree);
	if (q->to_within != NULL) {
		within_bounds(a, q->to_within, &lo, &hi);
		bind_text(s, 3, lo);
		bind_text(s, 4, hi);
	}
	if (q->from_within != NULL) {
		within_bounds(a, q->from_within, &lo, &hi);
		bind_text(s, 5, lo);
		bind_text(s, 6, hi);
	}
	bind_i64(s, 7, q->case_id);
	bind_text(s, 8, q->status);
	bind_i64(s, 9, limit_of(q->limit));
	bind_i64(s, 10, q->offset);
}

static void read_referral_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_referral(a, s, row);
}

/* Unbound parameters are NULL, so a box left NULL does not filter. */
enum store_status store_referrals_list(struct store *st, struct arena *a,
                                       const struct referral_query *q,
                                       struct referral_row **items, size_t *n,
                                       long *total)
{
	void *rows = NULL;
	enum store_status status;

	assert(q != NULL && q->kind != NULL && q->offset >= 0);
	assert((q->to_within == NULL && q->from_within == NULL) ||
	       q->tree != NULL);
	status = stmt_page(st, a, STMT_REFERRALS_TOTAL, STMT_REFERRALS_LIST,
	                   bind_referral_query, q, read_referral_row,
	                   sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* ---- approvals ---------------------------------------------------------- */

/* status NULL is written as "requested", requested_at 0 as now. */
enum store_status store_approval_insert(struct store *st,
                                        struct approval_row *r)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && r != NULL && r->case_id > 0);
	assert(r->subject != NULL && r->requested_by > 0);
	if (r->status == NULL)
		r->status = "requested";
	if (r->requested_at == 0)
		r->requested_at = (int64_t)time(NULL);
	if ((s = stmt_take(st, STMT_APPROVAL_INSERT)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, r->case_id);
	bind_text(s, 2, r->subject);
	bind_text(s, 3, r->status);
	bind_text(s, 4, r->closure_reason);
	bind_text(s, 5, r->note);
	bind_text(s, 6, r->comment);
	bind_i64(s, 7, r->requested_by);
	bind_i64(s, 8, r->requested_at);
	bind_i64_or_null(s, 9, r->decided_by);
	bind_i64_or_null(s, 10, r->decided_at);
	status = stmt_row(st, STMT_APPROVAL_INSERT);
	if (status == STORE_OK)
		r->id = col_i64(s, 0);
	else if (status == STORE_NOTFOUND)
		status = STORE_ERROR; /* RETURNING always yields the row */
	stmt_give(st, STMT_APPROVAL_INSERT);
	return status;
}

/* Reads a row of APPROVAL_COLS (sql.c). */
static void read_approval(struct arena *a, struct dbstmt *s,
                          struct approval_row *out)
{
	out->id = col_i64(s, 0);
	out->case_id = col_i64(s, 1);
	out->subject = col_text(a, s, 2);
	out->status = col_text(a, s, 3);
	out->closure_reason = col_text(a, s, 4);
	out->note = col_text(a, s, 5);
	out->comment = col_text(a, s, 6);
	out->requested_by = col_i64(s, 7);
	out->requested_at = col_i64(s, 8);
	out->decided_by = col_i64(s, 9);
	out->decided_at = col_i64(s, 10);
}

enum store_status store_approval_get(struct store *st, struct arena *a,
                                     int64_t id, struct approval_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_APPROVAL_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_APPROVAL_GET)) == STORE_OK)
		read_approval(a, s, out);
	stmt_give(st, STMT_APPROVAL_GET);
	return status;
}

/* decided_at 0 is written as now.  STORE_NOTFOUND when there is no such
 * approval. */
enum store_status store_approval_decide(struct store *st,
                                        const struct approval_row *r)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && r != NULL && r->id > 0);
	assert(r->status != NULL && r->decided_by > 0);
	if ((s = stmt_take(st, STMT_APPROVAL_DECIDE)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, r->id);
	bind_text(s, 2, r->status);
	bind_i64(s, 3, r->decided_by);
	bind_i64(s, 4, r->decided_at ? r->decided_at : (int64_t)time(NULL));
	bind_text(s, 5, r->comment);
	status = stmt_row(st, STMT_APPROVAL_DECIDE);
	stmt_give(st, STMT_APPROVAL_DECIDE);
	if (status == STORE_NOTFOUND)
		status =
		    row_missing_or_conflict(st, STMT_APPROVAL_EXISTS, r->id);
	return status;
}

/* status NULL: any status.  Without case_id, tree is required and
 * within_path NULL means the whole tree. */
enum store_status store_approvals_list(struct store *st, struct arena *a,
                                       int64_t case_id, const char *status_,
                                       const char *tree,
                                       const char *within_path,
                                       struct approval_row **items, size_t *n)
{
	enum stmt id =
	    case_id > 0 ? STMT_APPROVALS_OF_CASE : STMT_APPROVALS_WITHIN;
	struct approval_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	const char *lo, *hi;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	assert(case_id > 0 || tree != NULL);
	if ((s = stmt_take(st, id)) == NULL)
		return STORE_ERROR;
	within_bounds(a, within_path, &lo, &hi);
	bind_i64(s, 1, case_id);
	bind_text(s, 2, status_);
	bind_text(s, 3, tree);
	bind_text(s, 4, lo);
	bind_text(s, 5, hi);
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		read_approval(a, s, &rows[len++]);
	}
	status = rc == DB_DONE ? STORE_OK : stmt_fail(st, id, rc);
	stmt_give(st, id);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}

/* ---- deadline rules and holidays --------------------------------------- */

enum store_status store_deadline_rules(struct store *st, struct arena *a,
                                       struct deadline_rule_row **items,
                                       size_t *n)
{
	struct deadline_rule_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_DEADLINE_RULES)) == NULL)
		return STORE_ERROR;
	while ((rc = db_step(s)) == DB_ROW) {
		struct deadline_rule_row *r;

		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		r = &rows[len++];
		r->code = col_text(a, s, 0);
		r->case_type = col_text(a, s, 1);
		r->stage = col_text(a, s, 2);
		r->urgency = col_text(a, s, 3);
		r->amount = col_int(s, 4);
		r->unit = col_text(a, s, 5);
		r->valid_from = col_text(a, s, 6);
		r->valid_to = col_text(a, s, 7);
		r->project_default = col_int(s, 8);
		r->source = col_text(a, s, 9);
	}
	status =
	    rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_DEADLINE_RULES, rc);
	stmt_give(st, STMT_DEADLINE_RULES);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}

enum store_status store_holidays(struct store *st, struct arena *a,
                                 const char ***days, size_t *n)
{
	const char **rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && days != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_HOLIDAYS)) == NULL)
		return STORE_ERROR;
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		rows[len++] = col_text(a, s, 0);
	}
	status = rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_HOLIDAYS, rc);
	stmt_give(st, STMT_HOLIDAYS);
	if (status == STORE_OK) {
		*days = rows;
		*n = len;
	}
	return status;
}
