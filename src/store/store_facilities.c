/*
 * store_facilities.c — facilities (service points and models too), their
 * append-only history, and the stays of their residents in the SQLite
 * store (docs/network.md, store.h §network).  Also the small helpers the
 * other network files share (db.h).
 *
 * A facility's residents are never stored: every read counts its open
 * stays (stays_facility), so the number cannot drift from the register.
 * "One open stay per person" is a unique partial index, so two admissions
 * racing each other end in STORE_CONFLICT whatever the caller checked.
 * The case's facility_id mirrors its open stay and is written by
 * store_case_set_facility in the caller's transaction.
 *
 * "None" is 0 in C and NULL in SQL for ids, -1 and NULL for a capacity.
 */
#include <assert.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "store/db.h"

/* ---- helpers shared by the network files ------------------------------ */

enum store_status stmt_finish_changed(struct store *st, enum stmt id)
{
	enum store_status status = stmt_finish(st, id);

	if (status == STORE_OK && db_changes(st) == 0)
		status = STORE_NOTFOUND;
	return status;
}

enum store_status stmt_insert_id(struct store *st, enum stmt id,
                                 int64_t *row_id)
{
	enum store_status status = stmt_row(st, id);

	if (status == STORE_OK)
		*row_id = col_i64(st->stmt[id], 0);
	else if (status == STORE_NOTFOUND)
		status = STORE_ERROR; /* RETURNING always yields the row */
	stmt_give(st, id);
	return status;
}

enum store_status stmt_update_version(struct store *st, enum stmt id,
                                      enum stmt exists, int64_t row_id,
                                      int64_t *version)
{
	enum store_status status = stmt_row(st, id);

	if (status == STORE_OK)
		*version = col_i64(st->stmt[id], 0);
	stmt_give(st, id);
	if (status == STORE_NOTFOUND)
		status = row_missing_or_conflict(st, exists, row_id);
	return status;
}

/* ---- facilities --------------------------------------------------------- */

static int64_t now_or(int64_t t)
{
	return t != 0 ? t : (int64_t)time(NULL);
}

static void assert_facility(const struct facility_row *f)
{
	assert(f != NULL && f->name != NULL && f->type != NULL);
	assert(f->kind != NULL && f->ownership != NULL && f->status != NULL);
	assert(f->unit_tree && f->unit_code && f->unit_path);
	assert(f->capacity >= -1);
	(void)f;
}

/* Binds f in the numbering of the facility statements: $1 id, $2 … $23
 * the columns in FACILITY_COLS order. */
static void bind_facility(struct dbstmt *s, const struct facility_row *f)
{
	bind_i64(s, 1, f->id);
	bind_text(s, 2, f->name);
	bind_text(s, 3, f->name_folded ? f->name_folded : f->name);
	bind_text(s, 4, f->type);
	bind_text(s, 5, f->kind);
	bind_text(s, 6, f->ownership);
	bind_text(s, 7, f->unit_tree);
	bind_text(s, 8, f->unit_code);
	bind_text(s, 9, f->unit_path);
	if (f->capacity < 0)
		bind_text(s, 10, NULL);
	else
		bind_i64(s, 10, f->capacity);
	bind_text(s, 11, f->licence_no);
	bind_text(s, 12, f->licence_date);
	bind_text(s, 13, f->licence_issuer);
	bind_text(s, 14, f->address);
	bind_text(s, 15, f->phone);
	bind_text(s, 16, f->started_on);
	bind_text(s, 17, f->status);
	bind_text(s, 18, f->upgraded_on);
	bind_i64(s, 19, f->sw_standard ? 1 : 0);
	bind_text(s, 20, f->note);
	bind_i64_or_null(s, 21, f->created_by);
	bind_i64(s, 22, f->created_at);
	bind_i64(s, 23, f->updated_at);
}

/* Reads a row of FACILITY_COLS (sql.c). */
static void read_facility(struct arena *a, struct dbstmt *s,
                          struct facility_row *out)
{
	out->id = col_i64(s, 0);
	out->name = col_text(a, s, 1);
	out->name_folded = col_text(a, s, 2);
	out->type = col_text(a, s, 3);
	out->kind = col_text(a, s, 4);
	out->ownership = col_text(a, s, 5);
	out->unit_tree = col_text(a, s, 6);
	out->unit_code = col_text(a, s, 7);
	out->unit_path = col_text(a, s, 8);
	out->capacity = col_null(s, 9) ? -1 : col_i64(s, 9);
	out->licence_no = col_text(a, s, 10);
	out->licence_date = col_text(a, s, 11);
	out->licence_issuer = col_text(a, s, 12);
	out->address = col_text(a, s, 13);
	out->phone = col_text(a, s, 14);
	out->started_on = col_text(a, s, 15);
	out->status = col_text(a, s, 16);
	out->upgraded_on = col_text(a, s, 17);
	out->sw_standard = col_int(s, 18);
	out->note = col_text(a, s, 19);
	out->created_by = col_i64(s, 20);
	out->created_at = col_i64(s, 21);
	out->updated_at = col_i64(s, 22);
	out->version = col_i64(s, 23);
	out->residents = col_i64(s, 24);
}

/* created_at 0 is written as now, updated_at 0 as created_at. */
enum store_status store_facility_insert(struct store *st,
                                        struct facility_row *f)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL);
	assert_facility(f);
	f->created_at = now_or(f->created_at);
	if (f->updated_at == 0)
		f->updated_at = f->created_at;
	if ((s = stmt_take(st, STMT_FACILITY_INSERT)) == NULL)
		return STORE_ERROR;
	bind_facility(s, f);
	status = stmt_insert_id(st, STMT_FACILITY_INSERT, &f->id);
	if (status == STORE_OK) {
		f->version = 1;
		f->residents = 0;
	}
	return status;
}

enum store_status store_facility_get(struct store *st, struct arena *a,
                                     int64_t id, struct facility_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_FACILITY_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_FACILITY_GET)) == STORE_OK)
		read_facility(a, s, out);
	stmt_give(st, STMT_FACILITY_GET);
	return status;
}

/* created_by and created_at never change; updated_at 0 is written as
 * now. */
enum store_status store_facility_update(struct store *st,
                                        struct facility_row *f,
                                        int64_t expected_version)
{
	struct dbstmt *s;

	assert(st != NULL);
	assert_facility(f);
	assert(f->id > 0 && expected_version >= 0);
	f->updated_at = now_or(f->updated_at);
	if ((s = stmt_take(st, STMT_FACILITY_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_facility(s, f);
	bind_i64(s, 24, expected_version);
	return stmt_update_version(st, STMT_FACILITY_UPDATE,
	                           STMT_FACILITY_EXISTS, f->id, &f->version);
}

/* Binds the proper ancestors of path ("62/612/23401": "62", "62/612") to
 * $first … $first + count - 1, NULL past them (all NULL for NULL path). */
static void bind_ancestor_paths(struct dbstmt *s, int first, int count,
                                const char *path)
{
	int bound = 0;

	if (path != NULL)
		for (const char *p = path; *p != '\0' && bound < count; p++)
			if (*p == '/')
				bind_textn(s, first + bound++, path,
				           (size_t)(p - path));
	for (; bound < count; bound++)
		bind_text(s, first + bound, NULL);
}

/* Binds q in the numbering of FACILITIES_WHERE (sql.c). */
static void bind_facility_query(struct arena *a, struct dbstmt *s,
                                const void *query)
{
	const struct facility_query *q = query;
	const char *lo, *hi;

	within_bounds(a, q->within_path, &lo, &hi);
	bind_text(s, 1, q->tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_ancestor_paths(s, 4, 3, q->or_above_path);
	bind_i64(s, 7, q->only_id);
	bind_text(s, 8, q->type);
	bind_text(s, 9, q->kind);
	bind_text(s, 10, q->status);
	bind_text(s, 11, q->ownership);
	bind_text(s, 12, like_pattern(a, "%", q->q_folded, "%"));
	bind_i64(s, 13, limit_of(q->limit));
	bind_i64(s, 14, q->offset);
}

static void read_facility_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_facility(a, s, row);
}

/* Facilities inside within_path, or on a unit above or_above_path (three
 * ancestors at most: paths have three segments). */
enum store_status store_facilities_list(struct store *st, struct arena *a,
                                        const struct facility_query *q,
                                        struct facility_row **items, size_t *n,
                                        long *total)
{
	void *rows = NULL;
	enum store_status status;

	assert(q != NULL && q->tree != NULL && q->offset >= 0);
	status = stmt_page(st, a, STMT_FACILITIES_TOTAL, STMT_FACILITIES_LIST,
	                   bind_facility_query, q, read_facility_row,
	                   sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* ---- facility events (append-only) ------------------------------------ */

/* at 0 is written as now; data NULL as "{}". */
enum store_status store_facility_event_append(struct store *st,
                                              struct facility_event_row *e)
{
	struct dbstmt *s;

	assert(st != NULL && e != NULL && e->facility_id > 0);
	assert(e->kind != NULL && e->actor_name != NULL);
	e->at = now_or(e->at);
	if ((s = stmt_take(st, STMT_FACILITY_EVENT_APPEND)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, e->facility_id);
	bind_i64(s, 2, e->at);
	bind_i64_or_null(s, 3, e->actor_id);
	bind_text(s, 4, e->actor_name);
	bind_text(s, 5, e->kind);
	bind_text(s, 6, e->data ? e->data : "{}");
	return stmt_insert_id(st, STMT_FACILITY_EVENT_APPEND, &e->id);
}

enum store_status store_facility_events(struct store *st, struct arena *a,
                                        int64_t facility_id,
                                        struct facility_event_row **items,
                                        size_t *n)
{
	struct facility_event_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_FACILITY_EVENTS)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, facility_id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct facility_event_row *e;

		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		e = &rows[len++];
		e->id = col_i64(s, 0);
		e->facility_id = col_i64(s, 1);
		e->at = col_i64(s, 2);
		e->actor_id = col_i64(s, 3);
		e->actor_name = col_text(a, s, 4);
		e->kind = col_text(a, s, 5);
		e->data = col_text(a, s, 6);
	}
	status =
	    rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_FACILITY_EVENTS, rc);
	stmt_give(st, STMT_FACILITY_EVENTS);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}

/* ---- stays -------------------------------------------------------------- */

/* Binds s in the numbering of the stay statements: $1 id, $2 … $16 the
 * stay's columns in STAY_COLS order. */
static void bind_stay(struct dbstmt *q, const struct stay_row *s)
{
	bind_i64(q, 1, s->id);
	bind_i64(q, 2, s->facility_id);
	bind_i64(q, 3, s->case_id);
	bind_i64(q, 4, s->person_id);
	bind_text(q, 5, s->admitted_on);
	bind_text(q, 6, s->admission_kind);
	bind_text(q, 7, s->reason);
	bind_text(q, 8, s->decided_by);
	bind_text(q, 9, s->over_capacity_reason);
	bind_i64(q, 10, s->admitted_by);
	bind_text(q, 11, s->discharged_on);
	bind_text(q, 12, s->discharge_reason);
	bind_text(q, 13, s->discharge_note);
	bind_text(q, 14, s->discharge_decided_by);
	bind_i64_or_null(q, 15, s->discharged_by);
	bind_i64(q, 16, s->created_at);
}

/* Reads a row of STAY_COLS (sql.c): the stay, then its case,
 * person and facility. */
static void read_stay(struct arena *a, struct dbstmt *q, struct stay_row *out)
{
	out->id = col_i64(q, 0);
	out->facility_id = col_i64(q, 1);
	out->case_id = col_i64(q, 2);
	out->person_id = col_i64(q, 3);
	out->admitted_on = col_text(a, q, 4);
	out->admission_kind = col_text(a, q, 5);
	out->reason = col_text(a, q, 6);
	out->decided_by = col_text(a, q, 7);
	out->over_capacity_reason = col_text(a, q, 8);
	out->admitted_by = col_i64(q, 9);
	out->discharged_on = col_text(a, q, 10);
	out->discharge_reason = col_text(a, q, 11);
	out->discharge_note = col_text(a, q, 12);
	out->discharge_decided_by = col_text(a, q, 13);
	out->discharged_by = col_i64(q, 14);
	out->created_at = col_i64(q, 15);
	out->case_no = col_text(a, q, 16);
	out->case_type = col_text(a, q, 17);
	out->case_unit_tree = col_text(a, q, 18);
	out->case_unit_path = col_text(a, q, 19);
	out->case_restricted = col_int(q, 20);
	out->person_name = col_text(a, q, 21);
	out->person_sex = col_text(a, q, 22);
	out->person_birth_year = col_int(q, 23);
	out->facility_name = col_text(a, q, 24);
}

/* created_at 0 is written as now.  The discharge fields are written as
 * given (normally NULL: an open stay). */
enum store_status store_stay_insert(struct store *st, struct stay_row *s)
{
	struct dbstmt *q;

	assert(st != NULL && s != NULL);
	assert(s->facility_id > 0 && s->case_id > 0 && s->person_id > 0);
	assert(s->admitted_on && s->admission_kind && s->reason);
	assert(s->decided_by != NULL);
	s->created_at = now_or(s->created_at);
	if ((q = stmt_take(st, STMT_STAY_INSERT)) == NULL)
		return STORE_ERROR;
	bind_stay(q, s);
	return stmt_insert_id(st, STMT_STAY_INSERT, &s->id);
}

enum store_status store_stay_get(struct store *st, struct arena *a, int64_t id,
                                 struct stay_row *out)
{
	enum store_status status;
	struct dbstmt *q;

	assert(st != NULL && a != NULL && out != NULL);
	if ((q = stmt_take(st, STMT_STAY_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, id);
	if ((status = stmt_row(st, STMT_STAY_GET)) == STORE_OK)
		read_stay(a, q, out);
	stmt_give(st, STMT_STAY_GET);
	return status;
}

/* Reads s->id and the discharge fields only; STORE_NOTFOUND when there
 * is no such stay. */
enum store_status store_stay_discharge(struct store *st,
                                       const struct stay_row *s)
{
	enum store_status status;
	struct dbstmt *q;

	assert(st != NULL && s != NULL && s->id > 0);
	assert(s->discharged_on != NULL && s->discharge_reason != NULL);
	if ((q = stmt_take(st, STMT_STAY_DISCHARGE)) == NULL)
		return STORE_ERROR;
	bind_stay(q, s);
	status = stmt_row(st, STMT_STAY_DISCHARGE);
	stmt_give(st, STMT_STAY_DISCHARGE);
	if (status == STORE_NOTFOUND)
		status = row_missing_or_conflict(st, STMT_STAY_EXISTS, s->id);
	return status;
}

enum store_status store_stay_current(struct store *st, struct arena *a,
                                     int64_t person_id, struct stay_row *out)
{
	enum store_status status;
	struct dbstmt *q;

	assert(st != NULL && a != NULL && out != NULL);
	if ((q = stmt_take(st, STMT_STAY_CURRENT)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, person_id);
	if ((status = stmt_row(st, STMT_STAY_CURRENT)) == STORE_OK)
		read_stay(a, q, out);
	stmt_give(st, STMT_STAY_CURRENT);
	return status;
}

struct stay_query {
	int64_t facility_id;
	int only_current;
	int offset, limit;
};

/* Binds q in the numbering of STAYS_WHERE (sql.c). */
static void bind_stay_query(struct arena *a, struct dbstmt *s,
                            const void *query)
{
	const struct stay_query *q = query;

	(void)a;
	bind_i64(s, 1, q->facility_id);
	bind_i64(s, 2, q->only_current ? 1 : 0);
	bind_i64(s, 3, limit_of(q->limit));
	bind_i64(s, 4, q->offset);
}

static void read_stay_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_stay(a, s, row);
}

enum store_status store_stays_list(struct store *st, struct arena *a,
                                   int64_t facility_id, int only_current,
                                   int offset, int limit,
                                   struct stay_row **items, size_t *n,
                                   long *total)
{
	struct stay_query q = {facility_id, only_current, offset, limit};
	void *rows = NULL;
	enum store_status status;

	assert(offset >= 0);
	status =
	    stmt_page(st, a, STMT_STAYS_TOTAL, STMT_STAYS_LIST, bind_stay_query,
	              &q, read_stay_row, sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* STORE_NOTFOUND when there is no such case. */
enum store_status store_case_set_facility(struct store *st, int64_t case_id,
                                          int64_t facility_id)
{
	struct dbstmt *s;

	assert(st != NULL && case_id > 0 && facility_id >= 0);
	if ((s = stmt_take(st, STMT_CASE_SET_FACILITY)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, case_id);
	bind_i64_or_null(s, 2, facility_id);
	return stmt_finish_changed(st, STMT_CASE_SET_FACILITY);
}
