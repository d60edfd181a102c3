/*
 * store_audit.c — the audit log in the SQLite store.  Append and read
 * only: triggers installed by store_migrate (sqlite.c) reject any UPDATE
 * or DELETE on audit_log.  Entries are seen within a unit by the prefix of
 * their unit_path; entries that concern no unit are seen only without a
 * within filter (national auditors).
 */
#include <assert.h>
#include <time.h>

#include "lib/arena.h"
#include "store/db.h"

/* Fills at with the current time when the caller left it 0. */
enum store_status store_audit_append(struct store *st, struct audit_row *a)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && a->action != NULL);
	assert((a->unit_tree == NULL) == (a->unit_path == NULL));
	if (a->at == 0)
		a->at = (int64_t)time(NULL);
	if ((s = stmt_take(st, STMT_AUDIT_APPEND)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, a->at);
	bind_i64_or_null(s, 2, a->actor_id);
	bind_text(s, 3, a->actor_name);
	bind_text(s, 4, a->action);
	bind_text(s, 5, a->target);
	bind_text(s, 6, a->unit_tree);
	bind_text(s, 7, a->unit_path);
	bind_text(s, 8, a->detail);
	bind_text(s, 9, a->ip);
	bind_text(s, 10, a->request_id);
	status = stmt_row(st, STMT_AUDIT_APPEND);
	if (status == STORE_OK)
		a->id = col_i64(s, 0);
	else if (status == STORE_NOTFOUND)
		status = STORE_ERROR; /* RETURNING always yields the row */
	stmt_give(st, STMT_AUDIT_APPEND);
	return status;
}

/* Binds q in the numbering of AUDIT_WHERE (sql.c). */
static void bind_audit_query(struct arena *a, struct dbstmt *s,
                             const void *query)
{
	const struct audit_query *q = query;

	bind_text(s, 1, q->action);
	bind_i64(s, 2, q->actor_id);
	bind_i64(s, 3, q->since);
	bind_i64(s, 4, q->until);
	bind_text(s, 5, q->within_path);
	bind_text(s, 6, q->within_tree);
	bind_text(s, 7, like_pattern(a, "", q->within_path, "/%"));
	bind_i64(s, 8, limit_of(q->limit));
	bind_i64(s, 9, q->offset);
}

static void read_audit(struct arena *a, struct dbstmt *s, struct audit_row *out)
{
	out->id = col_i64(s, 0);
	out->at = col_i64(s, 1);
	out->actor_id = col_i64(s, 2); /* NULL reads 0 */
	out->actor_name = col_text(a, s, 3);
	out->action = col_text(a, s, 4);
	out->target = col_text(a, s, 5);
	out->unit_tree = col_text(a, s, 6);
	out->unit_path = col_text(a, s, 7);
	out->detail = col_text(a, s, 8);
	out->ip = col_text(a, s, 9);
	out->request_id = col_text(a, s, 10);
}

/* since is inclusive, until exclusive. */
static void read_audit_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_audit(a, s, row);
}

enum store_status store_audit_list(struct store *st, struct arena *a,
                                   const struct audit_query *q,
                                   struct audit_row **items, size_t *n,
                                   long *total)
{
	assert(q != NULL && q->offset >= 0);
	assert(q->within_path == NULL || q->within_tree != NULL);
	void *rows = NULL;
	enum store_status status = stmt_page(
	    st, a, STMT_AUDIT_TOTAL, STMT_AUDIT_LIST, bind_audit_query, q,
	    read_audit_row, sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}
