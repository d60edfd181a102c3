/*
 * store_reports.c — periodic reports in the SQLite store
 * (store_reports.h, migrations/0007_reports.sql, docs/reports.md
 * §Storage): the report rows, the events of their workflow, and the
 * children of a unit with their report for a period.  A plan's report
 * settings, the governing plan and the activity counts are in
 * store_report_plans.c.
 *
 * The rules (who may move a report, which state follows which) are the
 * domain's, applied by the API; the store only refuses what would be
 * wrong whatever the caller checked: a second report of the same key, a
 * change to a report that is no longer a draft or whose version moved,
 * and a move from a state the report is no longer in.  A move is one
 * guarded UPDATE (nothing changes when the state is not the expected
 * one), its event and the re-read, in one transaction.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "store/db.h"
#include "store/store_reports.h"

static int64_t now_or(int64_t t)
{
	return t != 0 ? t : (int64_t)time(NULL);
}

static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* ---- reports ------------------------------------------------------------ */

/* Binds r in the numbering of the report statements (sql.c):
 * $1 id, $2 … $21; the form's texts are '' when not filled in. */
static void bind_report(struct dbstmt *s, const struct report_row *r)
{
	bind_i64(s, 1, r->id);
	bind_text(s, 2, r->template);
	bind_text(s, 3, r->tree);
	bind_text(s, 4, r->unit_code);
	bind_text(s, 5, r->period);
	bind_text(s, 6, or_empty(r->agency));
	bind_i64(s, 7, r->project);
	bind_i64_or_null(s, 8, r->plan_id);
	bind_text(s, 9, or_empty(r->number));
	bind_text(s, 10, or_empty(r->report_date));
	bind_text(s, 11, or_empty(r->signer_title));
	bind_text(s, 12, or_empty(r->signer_name));
	bind_text(s, 13, or_empty(r->results));
	bind_text(s, 14, or_empty(r->difficulties));
	bind_text(s, 15, or_empty(r->proposals));
	bind_text(s, 16, r->data);
	bind_i64_or_null(s, 17, r->data_at);
	bind_text(s, 18, r->consolidation);
	bind_i64_or_null(s, 19, r->created_by);
	bind_i64(s, 20, r->created_at);
	bind_i64(s, 21, r->updated_at);
}

/* Reads the columns of REPORT_COLS (sql.c) from column c on; NULL
 * instants and ids read 0.  A report whose unit is gone reads "" for the
 * unit's name and path. */
static void read_report(struct arena *a, struct dbstmt *s, int c,
                        struct report_row *out)
{
	memset(out, 0, sizeof *out);
	out->id = col_i64(s, c + 0);
	out->template = col_text(a, s, c + 1);
	out->period = col_text(a, s, c + 2);
	out->tree = col_text(a, s, c + 3);
	out->unit_code = col_text(a, s, c + 4);
	out->unit_name = or_empty(col_text(a, s, c + 5));
	out->unit_path = or_empty(col_text(a, s, c + 6));
	out->unit_level = col_int(s, c + 7);
	out->agency = col_text(a, s, c + 8);
	out->project = col_int(s, c + 9);
	out->plan_id = col_i64(s, c + 10);
	out->state = col_text(a, s, c + 11);
	out->number = col_text(a, s, c + 12);
	out->report_date = col_text(a, s, c + 13);
	out->signer_title = col_text(a, s, c + 14);
	out->signer_name = col_text(a, s, c + 15);
	out->results = col_text(a, s, c + 16);
	out->difficulties = col_text(a, s, c + 17);
	out->proposals = col_text(a, s, c + 18);
	out->data = col_text(a, s, c + 19);
	out->data_at = col_i64(s, c + 20);
	out->consolidation = col_text(a, s, c + 21);
	out->first_submitted_at = col_i64(s, c + 22);
	out->last_submitted_at = col_i64(s, c + 23);
	out->approved_at = col_i64(s, c + 24);
	out->approved_by = col_i64(s, c + 25);
	out->approved_by_name = col_text(a, s, c + 26);
	out->created_by = col_i64(s, c + 27);
	out->created_at = col_i64(s, c + 28);
	out->updated_at = col_i64(s, c + 29);
	out->version = col_i64(s, c + 30);
}

static void read_report_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_report(a, s, 0, row);
}

enum store_status store_report_create(struct store *st, struct report_row *r)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && r != NULL);
	assert(r->template != NULL && r->period != NULL);
	assert(r->tree != NULL && r->unit_code != NULL);
	assert(r->project >= 0 && r->project <= 4);
	r->created_at = now_or(r->created_at);
	if (r->updated_at == 0)
		r->updated_at = r->created_at;
	if ((s = stmt_take(st, STMT_REPORT_INSERT)) == NULL)
		return STORE_ERROR;
	bind_report(s, r);
	status = stmt_insert_id(st, STMT_REPORT_INSERT, &r->id);
	if (status == STORE_OK) {
		r->state = "draft";
		r->version = 1;
		r->first_submitted_at = r->last_submitted_at = 0;
		r->approved_at = r->approved_by = 0;
		r->approved_by_name = NULL;
	}
	return status;
}

/* Reads the one row of the taken statement id into *out. */
static enum store_status read_one(struct store *st, struct arena *a,
                                  enum stmt id, struct report_row *out)
{
	enum store_status status = stmt_row(st, id);
	struct report_row r;

	if (status == STORE_OK)
		read_report(a, st->stmt[id], 0, &r);
	stmt_give(st, id);
	if (status == STORE_OK)
		*out = r;
	return status;
}

enum store_status store_report_get(struct store *st, struct arena *a,
                                   int64_t id, struct report_row *out)
{
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_REPORT_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	return read_one(st, a, STMT_REPORT_GET, out);
}

enum store_status store_report_find(struct store *st, struct arena *a,
                                    const char *template, const char *tree,
                                    const char *unit_code, const char *period,
                                    const char *agency, struct report_row *out)
{
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	assert(template != NULL && tree != NULL && unit_code != NULL);
	assert(period != NULL);
	if ((s = stmt_take(st, STMT_REPORT_FIND)) == NULL)
		return STORE_ERROR;
	bind_text(s, 2, template);
	bind_text(s, 3, tree);
	bind_text(s, 4, unit_code);
	bind_text(s, 5, period);
	bind_text(s, 6, or_empty(agency));
	return read_one(st, a, STMT_REPORT_FIND, out);
}

static void bind_reports_filter(struct arena *a, struct dbstmt *s,
                                const void *v)
{
	const struct report_filter *f = v;
	const char *lo = NULL, *hi = NULL;

	/* without a path, no range: a report whose unit is gone still lists */
	if (f->within_path != NULL)
		within_bounds(a, f->within_path, &lo, &hi);
	bind_text(s, 1, f->tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_text(s, 4, f->unit_code);
	bind_text(s, 5, f->parent_code);
	bind_text(s, 6, f->template);
	bind_text(s, 7, f->period);
	bind_text(s, 8, f->state);
	bind_i64(s, 9, limit_of(f->limit));
	bind_i64(s, 10, f->offset > 0 ? f->offset : 0);
}

enum store_status store_reports_list(struct store *st, struct arena *a,
                                     const struct report_filter *f,
                                     struct report_row **out, size_t *n,
                                     size_t *total)
{
	enum store_status status;
	struct report_row *rows;
	size_t len;
	long tot;

	assert(st != NULL && a != NULL && f != NULL);
	assert(out != NULL && n != NULL && total != NULL);
	status = stmt_page(st, a, STMT_REPORTS_TOTAL, STMT_REPORTS_LIST,
	                   bind_reports_filter, f, read_report_row,
	                   sizeof *rows, (void **)&rows, &len, &tot);
	if (status == STORE_OK) {
		*out = rows;
		*n = len;
		*total = (size_t)tot;
	}
	return status;
}

enum store_status store_report_update(struct store *st, struct report_row *r,
                                      int64_t expected_version)
{
	enum store_status status;
	int64_t version = 0, now = (int64_t)time(NULL);
	struct dbstmt *s;

	assert(st != NULL && r != NULL && r->id > 0);
	assert(expected_version >= 0);
	if ((s = stmt_take(st, STMT_REPORT_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_report(s, r);
	bind_i64(s, 21, now);
	bind_i64(s, 22, expected_version);
	status = stmt_update_version(st, STMT_REPORT_UPDATE, STMT_REPORT_EXISTS,
	                             r->id, &version);
	if (status == STORE_OK) {
		r->version = version;
		r->updated_at = now;
	}
	return status;
}

/* ---- events ------------------------------------------------------------- */

/* Appends e (at already set) to its report; sets *id. */
static enum store_status event_insert(struct store *st,
                                      const struct report_event *e, int64_t *id)
{
	enum store_status status;
	struct dbstmt *s;

	assert(e->transition != NULL);
	if ((s = stmt_take(st, STMT_REPORT_EVENT_INSERT)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, e->report_id);
	bind_text(s, 2, e->transition);
	bind_text(s, 3, e->from_state);
	bind_text(s, 4, e->to_state);
	bind_i64_or_null(s, 5, e->user_id);
	bind_i64(s, 6, e->at);
	bind_text(s, 7, e->comment);
	/* no row: the INSERT … SELECT found no such report */
	if ((status = stmt_row(st, STMT_REPORT_EVENT_INSERT)) == STORE_OK)
		*id = col_i64(s, 0);
	stmt_give(st, STMT_REPORT_EVENT_INSERT);
	return status;
}

enum store_status store_report_move(struct store *st, struct arena *a,
                                    int64_t id, struct report_event *e,
                                    const char *data, int64_t data_at,
                                    const char *consolidation,
                                    struct report_row *r)
{
	struct report_event ev;
	struct report_row row;
	enum store_status status;
	int64_t version = 0;
	struct dbstmt *s;
	bool own;

	assert(st != NULL && a != NULL && e != NULL && r != NULL);
	assert(e->transition != NULL && e->from_state != NULL);
	assert(e->to_state != NULL);
	ev = *e;
	ev.report_id = id;
	ev.at = now_or(e->at);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	if ((s = stmt_take(st, STMT_REPORT_MOVE)) == NULL) {
		status = STORE_ERROR;
	} else {
		bind_i64(s, 1, id);
		bind_text(s, 2, ev.from_state);
		bind_text(s, 3, ev.to_state);
		bind_i64(s, 4, ev.at);
		bind_i64_or_null(s, 5, ev.user_id);
		bind_text(s, 6, data);
		bind_i64_or_null(s, 7, data_at);
		bind_text(s, 8, consolidation);
		/* no row: gone, or moved by someone else first */
		status = stmt_update_version(st, STMT_REPORT_MOVE,
		                             STMT_REPORT_EXISTS, id, &version);
	}
	if (status == STORE_OK)
		status = event_insert(st, &ev, &ev.id);
	if (status == STORE_OK)
		status = store_report_get(st, a, id, &row);
	status = tx_end(st, own, status);
	if (status == STORE_OK) {
		e->id = ev.id;
		e->report_id = id;
		e->at = ev.at;
		*r = row;
	}
	return status;
}

enum store_status store_report_event_add(struct store *st,
                                         struct report_event *e)
{
	enum store_status status;
	struct report_event ev;

	assert(st != NULL && e != NULL && e->report_id > 0);
	ev = *e;
	ev.at = now_or(e->at);
	status = event_insert(st, &ev, &ev.id);
	if (status == STORE_OK) {
		e->id = ev.id;
		e->at = ev.at;
	}
	return status;
}

enum store_status store_report_events(struct store *st, struct arena *a,
                                      int64_t report_id,
                                      struct report_event **out, size_t *n)
{
	struct report_event *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && out != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_REPORT_EVENTS)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, report_id);
	while ((rc = db_step(s)) == DB_ROW) {
		struct report_event *e;

		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		e = &rows[len++];
		e->id = col_i64(s, 0);
		e->report_id = col_i64(s, 1);
		e->transition = col_text(a, s, 2);
		e->from_state = col_text(a, s, 3);
		e->to_state = col_text(a, s, 4);
		e->user_id = col_i64(s, 5);
		e->user_name = col_text(a, s, 6);
		e->user_unit = col_text(a, s, 7);
		e->at = col_i64(s, 8);
		e->comment = col_text(a, s, 9);
	}
	status =
	    rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_REPORT_EVENTS, rc);
	stmt_give(st, STMT_REPORT_EVENTS);
	if (status == STORE_OK) {
		*out = rows;
		*n = len;
	}
	return status;
}

/* ---- children ----------------------------------------------------------- */

enum store_status
store_report_children(struct store *st, struct arena *a, const char *tree,
                      const char *parent_code, const char *template,
                      const char *period, struct report_child **out, size_t *n)
{
	struct report_child *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && out != NULL && n != NULL);
	assert(tree != NULL && parent_code != NULL);
	assert(template != NULL && period != NULL);
	if ((s = stmt_take(st, STMT_REPORT_CHILDREN)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, parent_code);
	bind_text(s, 3, template);
	bind_text(s, 4, period);
	while ((rc = db_step(s)) == DB_ROW) {
		struct report_child *c;

		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		c = &rows[len++];
		c->code = col_text(a, s, 0);
		c->name = col_text(a, s, 1);
		c->path = col_text(a, s, 2);
		c->level = col_int(s, 3);
		c->report = NULL;
		if (!col_null(s, 4)) {
			c->report = arena_alloc(a, sizeof *c->report);
			read_report(a, s, 4, c->report);
		}
	}
	status =
	    rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_REPORT_CHILDREN, rc);
	stmt_give(st, STMT_REPORT_CHILDREN);
	if (status == STORE_OK) {
		*out = rows;
		*n = len;
	}
	return status;
}
