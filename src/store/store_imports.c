/*
 * store_imports.c — CSV import jobs in the SQLite store (docs/network.md,
 * store.h §network).  A job's row is written when it starts (status
 * running) and once more when it finishes; its progress lives in the
 * API's memory only.  The row counts are the columns rows_total and
 * rows_stored ("rows" is a keyword in both dialects).
 */
#include <assert.h>
#include <time.h>

#include "lib/arena.h"
#include "store/db.h"

/* Binds r in the numbering of the import statements: $1 id, $2 … $10 the
 * columns in IMPORT_COLS order. */
static void bind_import(struct dbstmt *s, const struct import_row *r)
{
	bind_i64(s, 1, r->id);
	bind_text(s, 2, r->kind);
	bind_i64(s, 3, r->user_id);
	bind_text(s, 4, r->status);
	bind_i64(s, 5, r->dry_run ? 1 : 0);
	bind_i64(s, 6, r->rows);
	bind_i64(s, 7, r->stored);
	bind_text(s, 8, r->problems);
	bind_i64(s, 9, r->created_at);
	bind_i64_or_null(s, 10, r->finished_at);
}

/* created_at 0 is written as now. */
enum store_status store_import_insert(struct store *st, struct import_row *r)
{
	struct dbstmt *s;

	assert(st != NULL && r != NULL && r->kind != NULL);
	assert(r->status != NULL && r->user_id > 0);
	if (r->created_at == 0)
		r->created_at = (int64_t)time(NULL);
	if ((s = stmt_take(st, STMT_IMPORT_INSERT)) == NULL)
		return STORE_ERROR;
	bind_import(s, r);
	return stmt_insert_id(st, STMT_IMPORT_INSERT, &r->id);
}

/* finished_at 0 is written as now.  STORE_NOTFOUND when there is no such
 * job. */
enum store_status store_import_finish(struct store *st,
                                      const struct import_row *r)
{
	struct import_row row;
	struct dbstmt *s;

	assert(st != NULL && r != NULL && r->id > 0 && r->status != NULL);
	row = *r;
	if (row.finished_at == 0)
		row.finished_at = (int64_t)time(NULL);
	if ((s = stmt_take(st, STMT_IMPORT_FINISH)) == NULL)
		return STORE_ERROR;
	bind_import(s, &row);
	return stmt_finish_changed(st, STMT_IMPORT_FINISH);
}

enum store_status store_import_get(struct store *st, struct arena *a,
                                   int64_t id, struct import_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_IMPORT_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_IMPORT_GET)) == STORE_OK) {
		out->id = col_i64(s, 0);
		out->kind = col_text(a, s, 1);
		out->user_id = col_i64(s, 2);
		out->status = col_text(a, s, 3);
		out->dry_run = col_int(s, 4);
		out->rows = col_i64(s, 5);
		out->stored = col_i64(s, 6);
		out->problems = col_text(a, s, 7);
		out->created_at = col_i64(s, 8);
		out->finished_at = col_i64(s, 9);
	}
	stmt_give(st, STMT_IMPORT_GET);
	return status;
}
