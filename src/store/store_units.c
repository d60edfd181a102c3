/*
 * store_units.c — administrative units in the SQLite store: the units
 * table and its closure table unit_ancestors (one row per ancestor of a
 * unit, itself included at depth 0), which store_unit_put derives from the
 * unit's lineage path.
 */
#include <assert.h>
#include <string.h>

#include "lib/arena.h"
#include "store/db.h"

/* True when the last '/'-separated segment of path is code. */
static bool path_ends_with(const char *path, const char *code)
{
	const char *last = strrchr(path, '/');

	return strcmp(last ? last + 1 : path, code) == 0;
}

static enum store_status put_ancestors(struct store *st,
                                       const struct unit_row *u)
{
	enum store_status status;
	struct dbstmt *s;
	const char *seg = u->path;
	int depth = 0;

	if ((s = stmt_take(st, STMT_UNIT_ANCESTORS_DROP)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, u->tree);
	bind_text(s, 2, u->code);
	if ((status = stmt_finish(st, STMT_UNIT_ANCESTORS_DROP)) != STORE_OK)
		return status;
	for (const char *p = u->path; *p != '\0'; p++)
		depth += *p == '/';
	for (;;) {
		size_t len = strcspn(seg, "/");

		if ((s = stmt_take(st, STMT_UNIT_ANCESTOR_PUT)) == NULL)
			return STORE_ERROR;
		bind_text(s, 1, u->tree);
		bind_textn(s, 2, seg, len);
		bind_text(s, 3, u->code);
		bind_i64(s, 4, depth);
		if ((status = stmt_finish(st, STMT_UNIT_ANCESTOR_PUT)) !=
		    STORE_OK)
			return status;
		if (seg[len] == '\0')
			break;
		seg += len + 1;
		depth--;
	}
	assert(depth == 0);
	return STORE_OK;
}

enum store_status store_unit_put(struct store *st, const struct unit_row *u)
{
	enum store_status status;
	struct dbstmt *s;
	bool own;

	assert(st != NULL && u != NULL);
	assert(u->tree && u->code && u->name && u->name_folded && u->type);
	assert(u->path != NULL && path_ends_with(u->path, u->code));
	assert(u->level >= 1 && u->level <= 3);
	assert((u->parent_code == NULL) == (u->level == 1));
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	status = STORE_ERROR;
	if ((s = stmt_take(st, STMT_UNIT_PUT)) == NULL)
		goto out;
	bind_text(s, 1, u->tree);
	bind_text(s, 2, u->code);
	bind_text(s, 3, u->name);
	bind_text(s, 4, u->name_folded);
	bind_text(s, 5, u->type);
	bind_i64(s, 6, u->level);
	bind_text(s, 7, u->parent_code);
	bind_text(s, 8, u->path);
	if ((status = stmt_finish(st, STMT_UNIT_PUT)) != STORE_OK)
		goto out;
	status = put_ancestors(st, u);
out:
	return tx_end(st, own, status);
}

enum store_status store_units_clear(struct store *st, const char *tree)
{
	enum store_status status;
	struct dbstmt *s;
	bool own;

	assert(st != NULL && tree != NULL);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	status = STORE_ERROR;
	if ((s = stmt_take(st, STMT_UNITS_CLEAR_ANCESTORS)) == NULL)
		goto out;
	bind_text(s, 1, tree);
	if ((status = stmt_finish(st, STMT_UNITS_CLEAR_ANCESTORS)) != STORE_OK)
		goto out;
	status = STORE_ERROR;
	if ((s = stmt_take(st, STMT_UNITS_CLEAR)) == NULL)
		goto out;
	bind_text(s, 1, tree);
	status = stmt_finish(st, STMT_UNITS_CLEAR);
out:
	return tx_end(st, own, status);
}

/* Reads a row of UNIT_COLS (sql.c) into out, strings in a. */
static void read_unit(struct arena *a, struct dbstmt *s, struct unit_row *out)
{
	out->tree = col_text(a, s, 0);
	out->code = col_text(a, s, 1);
	out->name = col_text(a, s, 2);
	out->name_folded = col_text(a, s, 3);
	out->type = col_text(a, s, 4);
	out->level = col_int(s, 5);
	out->parent_code = col_text(a, s, 6);
	out->path = col_text(a, s, 7);
}

enum store_status store_unit_get(struct store *st, struct arena *a,
                                 const char *tree, const char *code,
                                 struct unit_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && tree != NULL && code != NULL);
	assert(out != NULL);
	if ((s = stmt_take(st, STMT_UNIT_GET)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, code);
	if ((status = stmt_row(st, STMT_UNIT_GET)) == STORE_OK)
		read_unit(a, s, out);
	stmt_give(st, STMT_UNIT_GET);
	return status;
}

enum store_status store_unit_lineage(struct store *st, struct arena *a,
                                     const char *tree, const char *code,
                                     struct unit_row **items, size_t *n)
{
	struct unit_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && tree != NULL && code != NULL);
	assert(items != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_UNIT_LINEAGE)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_text(s, 2, code);
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		read_unit(a, s, &rows[len++]);
	}
	status =
	    rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_UNIT_LINEAGE, rc);
	stmt_give(st, STMT_UNIT_LINEAGE);
	if (status == STORE_OK && len == 0)
		status = STORE_NOTFOUND;
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}

/* Binds the filters of q in the numbering shared by every units list and
 * total statement. */
static void bind_unit_query(struct arena *a, struct dbstmt *s,
                            const void *query)
{
	const struct unit_query *q = query;

	bind_text(s, 1, q->tree);
	bind_text(s, 2, q->parent_code);
	bind_i64(s, 3, q->level);
	bind_text(s, 4, like_pattern(a, "%", q->q_folded, "%"));
	bind_i64(s, 5, limit_of(q->limit));
	bind_i64(s, 6, q->offset);
}

static void read_unit_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_unit(a, s, row);
}

enum store_status store_units_list(struct store *st, struct arena *a,
                                   const struct unit_query *q,
                                   struct unit_row **items, size_t *n,
                                   long *total)
{
	enum stmt list = STMT_UNITS_LIST_ALL, count = STMT_UNITS_TOTAL_ALL;

	assert(q != NULL && q->tree != NULL);
	assert(q->offset >= 0 && q->level >= 0 && q->level <= 3);
	/* Variants so SQLite can use the (tree, parent_code) or
	 * (tree, level) index for the common tree-navigation queries. */
	if (q->parent_code != NULL) {
		list = STMT_UNITS_LIST_PARENT;
		count = STMT_UNITS_TOTAL_PARENT;
	} else if (q->level != 0) {
		list = STMT_UNITS_LIST_LEVEL;
		count = STMT_UNITS_TOTAL_LEVEL;
	}
	void *rows = NULL;
	enum store_status status =
	    stmt_page(st, a, count, list, bind_unit_query, q, read_unit_row,
	              sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

enum store_status store_units_count(struct store *st, const char *tree,
                                    int level, long *count)
{
	struct dbstmt *s;

	assert(st != NULL && tree != NULL && count != NULL);
	assert(level >= 0 && level <= 3);
	if ((s = stmt_take(st, STMT_UNITS_COUNT)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, tree);
	bind_i64(s, 2, level);
	return stmt_count(st, STMT_UNITS_COUNT, count);
}
