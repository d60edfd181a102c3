/*
 * store_placements.c — alternative care in the SQLite store
 * (docs/network.md, store.h §network): the register of kin carers and
 * foster families, the placements of child protection cases with them or
 * in facilities, and the placements' reviews.
 *
 * A placement belongs to its case: it is written with the case's unit,
 * and lists filter and report on the case's *current* unit (a join), so a
 * transferred case takes its placements with it.  One active placement
 * per case is a unique partial index (STORE_CONFLICT).  A carer's active
 * placements are counted on every read, never stored.
 */
#include <assert.h>
#include <time.h>

#include "lib/arena.h"
#include "store/db.h"

static int64_t now_or(int64_t t)
{
	return t != 0 ? t : (int64_t)time(NULL);
}

/* ---- carers ------------------------------------------------------------- */

static void assert_carer(const struct carer_row *r)
{
	assert(r != NULL && r->full_name != NULL && r->kind != NULL);
	assert(r->unit_tree && r->unit_code && r->unit_path);
	assert(r->registered_on != NULL && r->status != NULL);
	assert(r->birth_year >= 0 && r->household_size >= 0);
	(void)r;
}

/* Binds r in the numbering of the carer statements: $1 id, $2 … $20 the
 * columns in CARER_COLS order. */
static void bind_carer(struct dbstmt *s, const struct carer_row *r)
{
	bind_i64(s, 1, r->id);
	bind_text(s, 2, r->full_name);
	bind_text(s, 3,
	          r->full_name_folded ? r->full_name_folded : r->full_name);
	bind_text(s, 4, r->kind);
	bind_text(s, 5, r->sex);
	bind_i64_or_null(s, 6, r->birth_year);
	bind_text(s, 7, r->national_id);
	bind_text(s, 8, r->address);
	bind_text(s, 9, r->phone);
	bind_text(s, 10, r->unit_tree);
	bind_text(s, 11, r->unit_code);
	bind_text(s, 12, r->unit_path);
	bind_text(s, 13, r->registered_on);
	bind_i64_or_null(s, 14, r->household_size);
	bind_text(s, 15, r->status);
	bind_text(s, 16, r->note);
	bind_i64_or_null(s, 17, r->created_by);
	bind_i64(s, 18, r->created_at);
	bind_i64(s, 19, r->updated_at);
}

/* Reads a row of CARER_COLS (sql.c); NULL numbers read 0. */
static void read_carer(struct arena *a, struct dbstmt *s, struct carer_row *out)
{
	out->id = col_i64(s, 0);
	out->full_name = col_text(a, s, 1);
	out->full_name_folded = col_text(a, s, 2);
	out->kind = col_text(a, s, 3);
	out->sex = col_text(a, s, 4);
	out->birth_year = col_int(s, 5);
	out->national_id = col_text(a, s, 6);
	out->address = col_text(a, s, 7);
	out->phone = col_text(a, s, 8);
	out->unit_tree = col_text(a, s, 9);
	out->unit_code = col_text(a, s, 10);
	out->unit_path = col_text(a, s, 11);
	out->registered_on = col_text(a, s, 12);
	out->household_size = col_int(s, 13);
	out->status = col_text(a, s, 14);
	out->note = col_text(a, s, 15);
	out->created_by = col_i64(s, 16);
	out->created_at = col_i64(s, 17);
	out->updated_at = col_i64(s, 18);
	out->version = col_i64(s, 19);
	out->active_placements = col_i64(s, 20);
}

/* Sets r->id, r->version = 1; created_at 0 is written as now, updated_at
 * 0 as created_at. */
enum store_status store_carer_insert(struct store *st, struct carer_row *r)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL);
	assert_carer(r);
	r->created_at = now_or(r->created_at);
	if (r->updated_at == 0)
		r->updated_at = r->created_at;
	if ((s = stmt_take(st, STMT_CARER_INSERT)) == NULL)
		return STORE_ERROR;
	bind_carer(s, r);
	status = stmt_insert_id(st, STMT_CARER_INSERT, &r->id);
	if (status == STORE_OK) {
		r->version = 1;
		r->active_placements = 0;
	}
	return status;
}

enum store_status store_carer_get(struct store *st, struct arena *a, int64_t id,
                                  struct carer_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_CARER_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_CARER_GET)) == STORE_OK)
		read_carer(a, s, out);
	stmt_give(st, STMT_CARER_GET);
	return status;
}

/* Writes every field but created_*; expected_version 0: any.  updated_at
 * 0 is written as now.  STORE_NOTFOUND / STORE_CONFLICT. */
enum store_status store_carer_update(struct store *st, struct carer_row *r,
                                     int64_t expected_version)
{
	struct dbstmt *s;

	assert(st != NULL);
	assert_carer(r);
	assert(r->id > 0 && expected_version >= 0);
	r->updated_at = now_or(r->updated_at);
	if ((s = stmt_take(st, STMT_CARER_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_carer(s, r);
	bind_i64(s, 21, expected_version);
	return stmt_update_version(st, STMT_CARER_UPDATE, STMT_CARER_EXISTS,
	                           r->id, &r->version);
}

/* Binds q in the numbering of CARERS_WHERE (sql.c). */
static void bind_carer_query(struct arena *a, struct dbstmt *s,
                             const void *query)
{
	const struct carer_query *q = query;
	const char *lo, *hi;

	within_bounds(a, q->within_path, &lo, &hi);
	bind_text(s, 1, q->tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_text(s, 4, q->kind);
	bind_text(s, 5, q->status);
	bind_text(s, 6, like_pattern(a, "%", q->q_folded, "%"));
	bind_i64(s, 7, limit_of(q->limit));
	bind_i64(s, 8, q->offset);
}

static void read_carer_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_carer(a, s, row);
}

enum store_status store_carers_list(struct store *st, struct arena *a,
                                    const struct carer_query *q,
                                    struct carer_row **items, size_t *n,
                                    long *total)
{
	void *rows = NULL;
	enum store_status status;

	assert(q != NULL && q->tree != NULL && q->offset >= 0);
	status = stmt_page(st, a, STMT_CARERS_TOTAL, STMT_CARERS_LIST,
	                   bind_carer_query, q, read_carer_row, sizeof **items,
	                   &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* ---- placements --------------------------------------------------------- */

/* Binds p in the numbering of the placement statements (sql.c):
 * $1 id, $2 case_id … $14 created_at. */
static void bind_placement(struct dbstmt *s, const struct placement_row *p)
{
	bind_i64(s, 1, p->id);
	bind_i64(s, 2, p->case_id);
	bind_text(s, 3, p->form);
	bind_i64_or_null(s, 4, p->carer_id);
	bind_i64_or_null(s, 5, p->facility_id);
	bind_text(s, 6, p->start_on);
	bind_text(s, 7, p->decision_no);
	bind_text(s, 8, p->note);
	bind_text(s, 9, p->next_review_on);
	bind_text(s, 10, p->end_on);
	bind_text(s, 11, p->end_reason);
	bind_text(s, 12, p->end_note);
	bind_i64_or_null(s, 13, p->created_by);
	bind_i64(s, 14, p->created_at);
}

/* Reads a row of PLACEMENT_COLS (sql.c); NULL ids read 0. */
static void read_placement(struct arena *a, struct dbstmt *s,
                           struct placement_row *out)
{
	out->id = col_i64(s, 0);
	out->case_id = col_i64(s, 1);
	out->form = col_text(a, s, 2);
	out->carer_id = col_i64(s, 3);
	out->facility_id = col_i64(s, 4);
	out->start_on = col_text(a, s, 5);
	out->decision_no = col_text(a, s, 6);
	out->note = col_text(a, s, 7);
	out->next_review_on = col_text(a, s, 8);
	out->end_on = col_text(a, s, 9);
	out->end_reason = col_text(a, s, 10);
	out->end_note = col_text(a, s, 11);
	out->unit_tree = col_text(a, s, 12);
	out->unit_code = col_text(a, s, 13);
	out->unit_path = col_text(a, s, 14);
	out->created_by = col_i64(s, 15);
	out->created_at = col_i64(s, 16);
	out->version = col_i64(s, 17);
	out->case_no = col_text(a, s, 18);
	out->case_type = col_text(a, s, 19);
	out->case_restricted = col_int(s, 20);
	out->case_assigned_to = col_i64(s, 21);
	out->case_created_by = col_i64(s, 22);
	out->case_facility_id = col_i64(s, 23);
	out->case_stage = col_text(a, s, 24);
	out->person_name = col_text(a, s, 25);
	out->person_birth_year = col_int(s, 26);
	out->carer_name = col_text(a, s, 27);
	out->facility_name = col_text(a, s, 28);
}

/* The unit columns are copied from the case (p->unit_* are ignored and
 * left as they are); created_at 0 is written as now.  STORE_NOTFOUND when
 * there is no such case, STORE_CONFLICT when it has an active placement
 * (and p->end_on is NULL). */
enum store_status store_placement_insert(struct store *st,
                                         struct placement_row *p)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && p != NULL && p->case_id > 0);
	assert(p->form != NULL && p->start_on != NULL);
	assert(p->next_review_on != NULL);
	p->created_at = now_or(p->created_at);
	if ((s = stmt_take(st, STMT_PLACEMENT_INSERT)) == NULL)
		return STORE_ERROR;
	bind_placement(s, p);
	status = stmt_row(st, STMT_PLACEMENT_INSERT);
	if (status == STORE_OK) {
		p->id = col_i64(s, 0);
		p->version = 1;
	}
	stmt_give(st, STMT_PLACEMENT_INSERT);
	return status; /* no row: no case */
}

enum store_status store_placement_get(struct store *st, struct arena *a,
                                      int64_t id, struct placement_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_PLACEMENT_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_PLACEMENT_GET)) == STORE_OK)
		read_placement(a, s, out);
	stmt_give(st, STMT_PLACEMENT_GET);
	return status;
}

/* expected_version 0: any. */
enum store_status store_placement_update(struct store *st,
                                         struct placement_row *p,
                                         int64_t expected_version)
{
	struct dbstmt *s;

	assert(st != NULL && p != NULL && p->id > 0);
	assert(p->next_review_on != NULL && expected_version >= 0);
	if ((s = stmt_take(st, STMT_PLACEMENT_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_placement(s, p);
	bind_i64(s, 15, expected_version);
	return stmt_update_version(st, STMT_PLACEMENT_UPDATE,
	                           STMT_PLACEMENT_EXISTS, p->id, &p->version);
}

/* Binds q in the numbering of PLACEMENTS_WHERE (sql.c). */
static void bind_placement_query(struct arena *a, struct dbstmt *s,
                                 const void *query)
{
	const struct placement_query *q = query;
	const char *lo, *hi, *own_lo, *own_hi;

	within_bounds(a, q->within_path, &lo, &hi);
	within_bounds(a, q->own_path, &own_lo, &own_hi);
	bind_text(s, 1, q->tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_text(s, 4, q->form);
	bind_i64(s, 5, q->active);
	bind_text(s, 6, q->review_before);
	bind_i64(s, 7, q->case_id);
	bind_i64(s, 8, q->carer_id);
	bind_i64(s, 9, limit_of(q->limit));
	bind_i64(s, 10, q->offset);
	bind_i64(s, 11, q->facility_id);
	bind_i64(s, 12, q->own_user);
	bind_text(s, 13, own_lo);
	bind_text(s, 14, own_hi);
}

static void read_placement_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_placement(a, s, row);
}

enum store_status store_placements_list(struct store *st, struct arena *a,
                                        const struct placement_query *q,
                                        struct placement_row **items, size_t *n,
                                        long *total)
{
	void *rows = NULL;
	enum store_status status;

	assert(q != NULL && q->tree != NULL && q->offset >= 0);
	assert(q->active >= -1 && q->active <= 1);
	assert(q->facility_id >= 0 && q->own_user >= 0);
	status = stmt_page(st, a, STMT_PLACEMENTS_TOTAL, STMT_PLACEMENTS_LIST,
	                   bind_placement_query, q, read_placement_row,
	                   sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* ---- placement reviews -------------------------------------------------- */

/* created_at 0 is written as now. */
enum store_status store_placement_review_insert(struct store *st,
                                                struct placement_review_row *r)
{
	struct dbstmt *s;

	assert(st != NULL && r != NULL && r->placement_id > 0);
	assert(r->reviewed_on != NULL && r->outcome != NULL);
	r->created_at = now_or(r->created_at);
	if ((s = stmt_take(st, STMT_PLACEMENT_REVIEW_INSERT)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, r->placement_id);
	bind_text(s, 2, r->reviewed_on);
	bind_text(s, 3, r->outcome);
	bind_text(s, 4, r->note);
	bind_i64_or_null(s, 5, r->reviewed_by);
	bind_i64(s, 6, r->created_at);
	return stmt_insert_id(st, STMT_PLACEMENT_REVIEW_INSERT, &r->id);
}

/* Oldest review day first (then entry order). */
enum store_status store_placement_reviews(struct store *st, struct arena *a,
                                          int64_t placement_id,
                                          struct placement_review_row **items,
                                          size_t *n)
{
	struct placement_review_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_PLACEMENT_REVIEWS)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, placement_id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct placement_review_row *r;

		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		r = &rows[len++];
		r->id = col_i64(s, 0);
		r->placement_id = col_i64(s, 1);
		r->reviewed_on = col_text(a, s, 2);
		r->outcome = col_text(a, s, 3);
		r->note = col_text(a, s, 4);
		r->reviewed_by = col_i64(s, 5);
		r->created_at = col_i64(s, 6);
	}
	status = rc == DB_DONE ? STORE_OK
	                       : stmt_fail(st, STMT_PLACEMENT_REVIEWS, rc);
	stmt_give(st, STMT_PLACEMENT_REVIEWS);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}
