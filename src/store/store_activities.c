/*
 * store_activities.c — trainings with their participants, communication
 * activities and the commune coverage table in the SQLite store
 * (docs/network.md, store.h §network).
 *
 * store_participant_insert is the hot path of CSV imports (100 000 rows
 * in one transaction, bench/import): one cached statement, bound and
 * stepped, nothing else read or written; participants carry a single
 * index.  Imports use the *_queue variants (db.h stmt_copy): the same
 * bound statement, whose result is not waited for; on PostgreSQL its
 * parameters become a line of the COPY beside it (copy_into below: the
 * INSERT's columns, in its parameters' order).  Participant counts are
 * counted on read through that index.  The coverage table starts from the
 * units (every commune appears, with or without activities) and joins the
 * activities by path.
 *
 * The COPY texts live here, beside the binders whose numbering they
 * follow, not in sql_pg.c: they are no statements of the table (never
 * prepared), and the two must change together.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "store/db.h"

static int64_t now_or(int64_t t)
{
	return t != 0 ? t : (int64_t)time(NULL);
}

/* ---- trainings ---------------------------------------------------------- */

static void assert_training(const struct training_row *t)
{
	assert(t != NULL && t->title != NULL && t->topic != NULL);
	assert(t->starts_on != NULL && t->ends_on != NULL);
	assert(t->unit_tree && t->unit_code && t->unit_path);
	(void)t;
}

/* Binds t in the numbering of the training statements: $1 id, $2 … $16
 * the columns in TRAINING_COLS order. */
static void bind_training(struct dbstmt *s, const struct training_row *t)
{
	bind_i64(s, 1, t->id);
	bind_text(s, 2, t->title);
	bind_text(s, 3, t->title_folded ? t->title_folded : t->title);
	bind_text(s, 4, t->topic);
	bind_i64(s, 5, t->project);
	bind_text(s, 6, t->starts_on);
	bind_text(s, 7, t->ends_on);
	bind_text(s, 8, t->organiser);
	bind_text(s, 9, t->place);
	bind_text(s, 10, t->note);
	bind_text(s, 11, t->unit_tree);
	bind_text(s, 12, t->unit_code);
	bind_text(s, 13, t->unit_path);
	bind_i64_or_null(s, 14, t->created_by);
	bind_i64(s, 15, t->created_at);
	bind_i64(s, 16, t->updated_at);
}

/* Reads a row of TRAINING_COLS (sql.c). */
static void read_training(struct arena *a, struct dbstmt *s,
                          struct training_row *out)
{
	out->id = col_i64(s, 0);
	out->title = col_text(a, s, 1);
	out->title_folded = col_text(a, s, 2);
	out->topic = col_text(a, s, 3);
	out->project = col_int(s, 4);
	out->starts_on = col_text(a, s, 5);
	out->ends_on = col_text(a, s, 6);
	out->organiser = col_text(a, s, 7);
	out->place = col_text(a, s, 8);
	out->note = col_text(a, s, 9);
	out->unit_tree = col_text(a, s, 10);
	out->unit_code = col_text(a, s, 11);
	out->unit_path = col_text(a, s, 12);
	out->created_by = col_i64(s, 13);
	out->created_at = col_i64(s, 14);
	out->updated_at = col_i64(s, 15);
	out->version = col_i64(s, 16);
	out->participants = col_i64(s, 17);
	out->participants_female = col_i64(s, 18);
	out->participants_male = col_i64(s, 19);
}

/* STMT_TRAINING_INSERT taken and bound with t; created_at 0 is written
 * as now, updated_at 0 as created_at.  NULL: logged. */
static struct dbstmt *training_insert_bound(struct store *st,
                                            struct training_row *t)
{
	struct dbstmt *s;

	assert(st != NULL);
	assert_training(t);
	t->created_at = now_or(t->created_at);
	if (t->updated_at == 0)
		t->updated_at = t->created_at;
	if ((s = stmt_take(st, STMT_TRAINING_INSERT)) != NULL)
		bind_training(s, t);
	return s;
}

/* STMT_TRAINING_INSERT's $2 … $16, then its version 1. */
static const struct copy_into training_copy = {
    "COPY trainings (title, title_folded, topic, project, starts_on, ends_on,"
    " organiser, place, note, unit_tree, unit_code, unit_path, created_by,"
    " created_at, updated_at, version) FROM STDIN",
    2, 15, "\t1"};

enum store_status store_training_queue(struct store *st, struct training_row *t,
                                       long tag)
{
	if (training_insert_bound(st, t) == NULL)
		return STORE_ERROR;
	return stmt_copy(st, STMT_TRAINING_INSERT, &training_copy, tag);
}

/* Sets t->id, t->version = 1. */
enum store_status store_training_insert(struct store *st,
                                        struct training_row *t)
{
	enum store_status status;

	if (training_insert_bound(st, t) == NULL)
		return STORE_ERROR;
	status = stmt_insert_id(st, STMT_TRAINING_INSERT, &t->id);
	if (status == STORE_OK) {
		t->version = 1;
		t->participants = t->participants_female = 0;
		t->participants_male = 0;
	}
	return status;
}

enum store_status store_training_get(struct store *st, struct arena *a,
                                     int64_t id, struct training_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_TRAINING_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_TRAINING_GET)) == STORE_OK)
		read_training(a, s, out);
	stmt_give(st, STMT_TRAINING_GET);
	return status;
}

/* Writes every field but created_*; expected_version 0: any.  updated_at
 * 0 is written as now.  STORE_NOTFOUND / STORE_CONFLICT. */
enum store_status store_training_update(struct store *st,
                                        struct training_row *t,
                                        int64_t expected_version)
{
	struct dbstmt *s;

	assert(st != NULL);
	assert_training(t);
	assert(t->id > 0 && expected_version >= 0);
	t->updated_at = now_or(t->updated_at);
	if ((s = stmt_take(st, STMT_TRAINING_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_training(s, t);
	bind_i64(s, 17, expected_version);
	return stmt_update_version(st, STMT_TRAINING_UPDATE,
	                           STMT_TRAINING_EXISTS, t->id, &t->version);
}

/* Binds q in the numbering of TRAININGS_WHERE (sql.c); a year is
 * the day range [YYYY-01-01, YYYY+1-01-01). */
static void bind_training_query(struct arena *a, struct dbstmt *s,
                                const void *query)
{
	const struct training_query *q = query;
	const char *lo, *hi;

	within_bounds(a, q->within_path, &lo, &hi);
	bind_text(s, 1, q->tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_text(s, 4, q->topic);
	bind_i64(s, 5, q->project);
	if (q->year > 0) {
		bind_text(s, 6, arena_printf(a, "%04d-01-01", q->year));
		bind_text(s, 7, arena_printf(a, "%04d-01-01", q->year + 1));
	} else {
		bind_text(s, 6, NULL);
		bind_text(s, 7, NULL);
	}
	bind_text(s, 8, like_pattern(a, "%", q->q_folded, "%"));
	bind_i64(s, 9, limit_of(q->limit));
	bind_i64(s, 10, q->offset);
}

static void read_training_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_training(a, s, row);
}

enum store_status store_trainings_list(struct store *st, struct arena *a,
                                       const struct training_query *q,
                                       struct training_row **items, size_t *n,
                                       long *total)
{
	void *rows = NULL;
	enum store_status status;

	assert(q != NULL && q->tree != NULL && q->offset >= 0);
	assert(q->year >= 0 && q->year < 9999);
	status = stmt_page(st, a, STMT_TRAININGS_TOTAL, STMT_TRAININGS_LIST,
	                   bind_training_query, q, read_training_row,
	                   sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* ---- participants ------------------------------------------------------- */

/* The hot path (trainings imports) binds without copying: the values
 * outlive the step, or the send of a queued insert (stmt_give clears
 * them).  Copying cost about a quarter of an insert's time (perf,
 * 100 000 rows).  STMT_PARTICIPANT_INSERT taken and bound with p;
 * created_at 0 is written as now.  NULL: logged. */
static struct dbstmt *participant_insert_bound(struct store *st,
                                               struct participant_row *p)
{
	struct dbstmt *s;

	assert(st != NULL && p != NULL && p->training_id > 0);
	assert(p->full_name != NULL && p->sex != NULL && p->role != NULL);
	assert(p->birth_year >= 0);
	p->created_at = now_or(p->created_at);
	if ((s = stmt_take(st, STMT_PARTICIPANT_INSERT)) == NULL)
		return NULL;
	bind_i64(s, 1, p->training_id);
	bind_text_static(s, 2, p->full_name);
	bind_text_static(
	    s, 3, p->full_name_folded ? p->full_name_folded : p->full_name);
	bind_text_static(s, 4, p->sex);
	bind_text_static(s, 5, p->role);
	bind_text_static(s, 6, p->agency);
	bind_text_static(s, 7, p->position);
	bind_text_static(s, 8, p->unit_tree);
	bind_text_static(s, 9, p->unit_code);
	bind_text_static(s, 10, p->unit_path);
	bind_i64_or_null(s, 11, p->birth_year);
	bind_i64_or_null(s, 12, p->created_by);
	bind_i64(s, 13, p->created_at);
	return s;
}

/* STORE_ERROR when there is no training p->training_id (its foreign
 * key). */
enum store_status store_participant_insert(struct store *st,
                                           struct participant_row *p)
{
	if (participant_insert_bound(st, p) == NULL)
		return STORE_ERROR;
	return stmt_insert_id(st, STMT_PARTICIPANT_INSERT, &p->id);
}

/* STMT_PARTICIPANT_INSERT's $1 … $13. */
static const struct copy_into participant_copy = {
    "COPY participants (training_id, full_name, full_name_folded, sex, role,"
    " agency, position, unit_tree, unit_code, unit_path, birth_year,"
    " created_by, created_at) FROM STDIN",
    1, 13, ""};

enum store_status store_participant_queue(struct store *st,
                                          struct participant_row *p, long tag)
{
	if (participant_insert_bound(st, p) == NULL)
		return STORE_ERROR;
	return stmt_copy(st, STMT_PARTICIPANT_INSERT, &participant_copy, tag);
}

/* Reads a row of PARTICIPANT_COLS (sql.c). */
static void read_participant(struct arena *a, struct dbstmt *s,
                             struct participant_row *out)
{
	out->id = col_i64(s, 0);
	out->training_id = col_i64(s, 1);
	out->full_name = col_text(a, s, 2);
	out->full_name_folded = col_text(a, s, 3);
	out->sex = col_text(a, s, 4);
	out->role = col_text(a, s, 5);
	out->agency = col_text(a, s, 6);
	out->position = col_text(a, s, 7);
	out->unit_tree = col_text(a, s, 8);
	out->unit_code = col_text(a, s, 9);
	out->unit_path = col_text(a, s, 10);
	out->birth_year = col_int(s, 11);
	out->created_by = col_i64(s, 12);
	out->created_at = col_i64(s, 13);
}

enum store_status store_participant_get(struct store *st, struct arena *a,
                                        int64_t id, struct participant_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_PARTICIPANT_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_PARTICIPANT_GET)) == STORE_OK)
		read_participant(a, s, out);
	stmt_give(st, STMT_PARTICIPANT_GET);
	return status;
}

/* STORE_NOTFOUND when there is no such participant. */
enum store_status store_participant_delete(struct store *st, int64_t id)
{
	struct dbstmt *s;

	assert(st != NULL);
	if ((s = stmt_take(st, STMT_PARTICIPANT_DELETE)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	return stmt_finish_changed(st, STMT_PARTICIPANT_DELETE);
}

struct participant_query {
	int64_t training_id;
	int offset, limit;
};

static void bind_participant_query(struct arena *a, struct dbstmt *s,
                                   const void *query)
{
	const struct participant_query *q = query;

	(void)a;
	bind_i64(s, 1, q->training_id);
	bind_i64(s, 2, limit_of(q->limit));
	bind_i64(s, 3, q->offset);
}

static void read_participant_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_participant(a, s, row);
}

enum store_status store_participants_list(struct store *st, struct arena *a,
                                          int64_t training_id, int offset,
                                          int limit,
                                          struct participant_row **items,
                                          size_t *n, long *total)
{
	struct participant_query q = {training_id, offset, limit};
	void *rows = NULL;
	enum store_status status;

	assert(offset >= 0);
	status =
	    stmt_page(st, a, STMT_PARTICIPANTS_TOTAL, STMT_PARTICIPANTS_LIST,
	              bind_participant_query, &q, read_participant_row,
	              sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* ---- communications ----------------------------------------------------- */

static void assert_communication(const struct communication_row *r)
{
	assert(r != NULL && r->unit_tree && r->unit_code && r->unit_path);
	assert(r->kind && r->topic && r->audience && r->held_on);
	assert(r->reach_male >= 0 && r->reach_female >= 0);
	(void)r;
}

/* Binds r in the numbering of the communication statements: $1 id, $2 …
 * $15 the columns in COMMUNICATION_COLS order. */
static void bind_communication(struct dbstmt *s,
                               const struct communication_row *r)
{
	bind_i64(s, 1, r->id);
	bind_text(s, 2, r->unit_tree);
	bind_text(s, 3, r->unit_code);
	bind_text(s, 4, r->unit_path);
	bind_text(s, 5, r->kind);
	bind_text(s, 6, r->topic);
	bind_text(s, 7, r->audience);
	bind_text(s, 8, r->held_on);
	bind_text(s, 9, r->title);
	bind_text(s, 10, r->note);
	bind_i64(s, 11, r->reach_male);
	bind_i64(s, 12, r->reach_female);
	bind_i64_or_null(s, 13, r->created_by);
	bind_i64(s, 14, r->created_at);
	bind_i64(s, 15, r->updated_at);
}

/* Reads a row of COMMUNICATION_COLS (sql.c). */
static void read_communication(struct arena *a, struct dbstmt *s,
                               struct communication_row *out)
{
	out->id = col_i64(s, 0);
	out->unit_tree = col_text(a, s, 1);
	out->unit_code = col_text(a, s, 2);
	out->unit_path = col_text(a, s, 3);
	out->kind = col_text(a, s, 4);
	out->topic = col_text(a, s, 5);
	out->audience = col_text(a, s, 6);
	out->held_on = col_text(a, s, 7);
	out->title = col_text(a, s, 8);
	out->note = col_text(a, s, 9);
	out->reach_male = col_i64(s, 10);
	out->reach_female = col_i64(s, 11);
	out->created_by = col_i64(s, 12);
	out->created_at = col_i64(s, 13);
	out->updated_at = col_i64(s, 14);
	out->version = col_i64(s, 15);
	out->unit_name = col_text(a, s, 16);
}

/* STMT_COMMUNICATION_INSERT taken and bound with r; created_at 0 is
 * written as now, updated_at 0 as created_at.  NULL: logged. */
static struct dbstmt *communication_insert_bound(struct store *st,
                                                 struct communication_row *r)
{
	struct dbstmt *s;

	assert(st != NULL);
	assert_communication(r);
	r->created_at = now_or(r->created_at);
	if (r->updated_at == 0)
		r->updated_at = r->created_at;
	if ((s = stmt_take(st, STMT_COMMUNICATION_INSERT)) != NULL)
		bind_communication(s, r);
	return s;
}

/* STMT_COMMUNICATION_INSERT's $2 … $15, then its version 1. */
static const struct copy_into communication_copy = {
    "COPY communications (unit_tree, unit_code, unit_path, kind, topic,"
    " audience, held_on, title, note, reach_male, reach_female, created_by,"
    " created_at, updated_at, version) FROM STDIN",
    2, 14, "\t1"};

enum store_status store_communication_queue(struct store *st,
                                            struct communication_row *r,
                                            long tag)
{
	if (communication_insert_bound(st, r) == NULL)
		return STORE_ERROR;
	return stmt_copy(st, STMT_COMMUNICATION_INSERT, &communication_copy,
	                 tag);
}

/* Sets r->id, r->version = 1.  r->unit_name is not touched. */
enum store_status store_communication_insert(struct store *st,
                                             struct communication_row *r)
{
	enum store_status status;

	if (communication_insert_bound(st, r) == NULL)
		return STORE_ERROR;
	status = stmt_insert_id(st, STMT_COMMUNICATION_INSERT, &r->id);
	if (status == STORE_OK)
		r->version = 1;
	return status;
}

enum store_status store_communication_get(struct store *st, struct arena *a,
                                          int64_t id,
                                          struct communication_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_COMMUNICATION_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_COMMUNICATION_GET)) == STORE_OK)
		read_communication(a, s, out);
	stmt_give(st, STMT_COMMUNICATION_GET);
	return status;
}

/* Writes every field but created_*; expected_version 0: any.  updated_at
 * 0 is written as now.  STORE_NOTFOUND / STORE_CONFLICT. */
enum store_status store_communication_update(struct store *st,
                                             struct communication_row *r,
                                             int64_t expected_version)
{
	struct dbstmt *s;

	assert(st != NULL);
	assert_communication(r);
	assert(r->id > 0 && expected_version >= 0);
	r->updated_at = now_or(r->updated_at);
	if ((s = stmt_take(st, STMT_COMMUNICATION_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_communication(s, r);
	bind_i64(s, 16, expected_version);
	return stmt_update_version(st, STMT_COMMUNICATION_UPDATE,
	                           STMT_COMMUNICATION_EXISTS, r->id,
	                           &r->version);
}

/* Binds q in the numbering of COMMUNICATIONS_WHERE (sql.c). */
static void bind_communication_query(struct arena *a, struct dbstmt *s,
                                     const void *query)
{
	const struct communication_query *q = query;
	const char *lo, *hi;

	within_bounds(a, q->within_path, &lo, &hi);
	bind_text(s, 1, q->tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_text(s, 4, q->topic);
	bind_text(s, 5, q->kind);
	bind_text(s, 6, q->from);
	bind_text(s, 7, q->to);
	bind_i64(s, 8, limit_of(q->limit));
	bind_i64(s, 9, q->offset);
}

static void read_communication_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_communication(a, s, row);
}

enum store_status store_communications_list(struct store *st, struct arena *a,
                                            const struct communication_query *q,
                                            struct communication_row **items,
                                            size_t *n, long *total)
{
	void *rows = NULL;
	enum store_status status;

	assert(q != NULL && q->tree != NULL && q->offset >= 0);
	status =
	    stmt_page(st, a, STMT_COMMUNICATIONS_TOTAL,
	              STMT_COMMUNICATIONS_LIST, bind_communication_query, q,
	              read_communication_row, sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* The closure table is keyed by unit code, so within_path is narrowed to
 * its last segment (the unit's own code).  from / to NULL leave that end
 * of the period open. */
enum store_status store_communication_coverage(
    struct store *st, struct arena *a, const char *tree,
    const char *within_path, int level, const char *topic, const char *from,
    const char *to, struct coverage_row **items, size_t *n)
{
	struct coverage_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && tree != NULL);
	assert(level >= 1 && level <= 3 && items != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_COMMUNICATION_COVERAGE)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_i64(s, 2, level);
	if (within_path != NULL) {
		const char *last = strrchr(within_path, '/');

		bind_text(s, 3, last != NULL ? last + 1 : within_path);
	} else {
		bind_text(s, 3, NULL);
	}
	bind_text(s, 4, topic);
	bind_text(s, 5, from);
	bind_text(s, 6, to);
	while ((rc = db_step(s)) == DB_ROW) {
		struct coverage_row *r;

		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		r = &rows[len++];
		r->code = col_text(a, s, 0);
		r->name = col_text(a, s, 1);
		r->parent_code = col_text(a, s, 2);
		r->parent_name = col_text(a, s, 3);
		r->activities = col_i64(s, 4);
		r->reach = col_i64(s, 5);
	}
	status = rc == DB_DONE ? STORE_OK
	                       : stmt_fail(st, STMT_COMMUNICATION_COVERAGE, rc);
	stmt_give(st, STMT_COMMUNICATION_COVERAGE);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}
