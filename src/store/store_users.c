/*
 * store_users.c — accounts in the SQLite store.  A user's scope is a unit
 * (tree, code and its lineage path, all NULL for national accounts); the
 * "users within a unit" filter is a prefix test on that path.  version
 * starts at 1 and every update bumps it (the API's ETag).  A facility
 * user also holds its facility (users.facility_id, NULL for 0).
 */
#include <assert.h>
#include <time.h>

#include "lib/arena.h"
#include "store/db.h"

/* Binds the writable fields of u to $first, $first+1 … in the order of
 * STMT_USER_INSERT (first = 1) and STMT_USER_UPDATE (first = 2); the
 * facility (0: none, NULL in SQL) comes last. */
static void bind_user(struct dbstmt *s, const struct user_row *u, int first)
{
	bind_text(s, first, u->username);
	bind_text(s, first + 1, u->full_name);
	bind_text(s, first + 2,
	          u->full_name_folded ? u->full_name_folded : u->full_name);
	bind_text(s, first + 3, u->role);
	bind_text(s, first + 4, u->scope_tree);
	bind_text(s, first + 5, u->scope_code);
	bind_text(s, first + 6, u->scope_path);
	bind_text(s, first + 7, u->password_hash);
	bind_i64(s, first + 8, u->active ? 1 : 0);
	bind_i64(s, first + 9, u->created_at);
	bind_i64(s, first + 10, u->updated_at);
	bind_i64_or_null(s, first + 11, u->facility_id);
}

static void assert_user(const struct user_row *u)
{
	assert(u != NULL && u->username && u->full_name && u->role);
	assert(u->password_hash != NULL);
	/* national (all NULL) or scoped to one unit (all set) */
	assert((u->scope_tree == NULL) == (u->scope_code == NULL));
	assert((u->scope_tree == NULL) == (u->scope_path == NULL));
	(void)u;
}

/* Fills created_at/updated_at with the current time when the caller left
 * them 0. */
enum store_status store_user_insert(struct store *st, struct user_row *u)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL);
	assert_user(u);
	if (u->created_at == 0)
		u->created_at = (int64_t)time(NULL);
	if (u->updated_at == 0)
		u->updated_at = u->created_at;
	if ((s = stmt_take(st, STMT_USER_INSERT)) == NULL)
		return STORE_ERROR;
	bind_user(s, u, 1);
	status = stmt_row(st, STMT_USER_INSERT);
	if (status == STORE_OK) {
		u->id = col_i64(s, 0);
		u->version = 1;
	} else if (status == STORE_NOTFOUND) {
		status = STORE_ERROR; /* RETURNING always yields the row */
	}
	stmt_give(st, STMT_USER_INSERT);
	return status;
}

/* Reads a row of USER_COLS (sql.c) into out, strings in a. */
static void read_user(struct arena *a, struct dbstmt *s, struct user_row *out)
{
	out->id = col_i64(s, 0);
	out->username = col_text(a, s, 1);
	out->full_name = col_text(a, s, 2);
	out->full_name_folded = col_text(a, s, 3);
	out->role = col_text(a, s, 4);
	out->scope_tree = col_text(a, s, 5);
	out->scope_code = col_text(a, s, 6);
	out->scope_path = col_text(a, s, 7);
	out->password_hash = col_text(a, s, 8);
	out->active = col_int(s, 9);
	out->created_at = col_i64(s, 10);
	out->updated_at = col_i64(s, 11);
	out->version = col_i64(s, 12);
	out->facility_id = col_i64(s, 13); /* NULL reads 0 */
}

enum store_status store_user_get(struct store *st, struct arena *a, int64_t id,
                                 struct user_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_USER_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_USER_GET)) == STORE_OK)
		read_user(a, s, out);
	stmt_give(st, STMT_USER_GET);
	return status;
}

enum store_status store_user_by_username(struct store *st, struct arena *a,
                                         const char *username,
                                         struct user_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && username != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_USER_BY_USERNAME)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, username);
	if ((status = stmt_row(st, STMT_USER_BY_USERNAME)) == STORE_OK)
		read_user(a, s, out);
	stmt_give(st, STMT_USER_BY_USERNAME);
	return status;
}

/* Binds q in the numbering of USERS_WHERE (sql.c). */
static void bind_user_query(struct arena *a, struct dbstmt *s,
                            const void *query)
{
	const struct user_query *q = query;

	bind_text(s, 1, q->within_path);
	bind_text(s, 2, q->within_tree);
	bind_text(s, 3, like_pattern(a, "", q->within_path, "/%"));
	bind_text(s, 4, q->role);
	bind_text(s, 5, like_pattern(a, "%", q->q_folded, "%"));
	bind_i64(s, 6, limit_of(q->limit));
	bind_i64(s, 7, q->offset);
}

enum store_status store_session_user(struct store *st, struct arena *a,
                                     const char *id_hash,
                                     struct session_row *session,
                                     struct user_row *user)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && id_hash != NULL);
	assert(session != NULL && user != NULL);
	if ((s = stmt_take(st, STMT_SESSION_USER)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, id_hash);
	if ((status = stmt_row(st, STMT_SESSION_USER)) == STORE_OK) {
		read_user(a, s, user);
		session->id_hash = col_text(a, s, 14);
		session->user_id = col_i64(s, 15);
		session->csrf = col_text(a, s, 16);
		session->created_at = col_i64(s, 17);
		session->last_seen_at = col_i64(s, 18);
		session->second_factor_pending = col_int(s, 19);
	}
	stmt_give(st, STMT_SESSION_USER);
	return status;
}

static void read_user_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_user(a, s, row);
}

enum store_status store_users_list(struct store *st, struct arena *a,
                                   const struct user_query *q,
                                   struct user_row **items, size_t *n,
                                   long *total)
{
	assert(q != NULL && q->offset >= 0);
	assert(q->within_path == NULL || q->within_tree != NULL);
	void *rows = NULL;
	enum store_status status =
	    stmt_page(st, a, STMT_USERS_TOTAL, STMT_USERS_LIST, bind_user_query,
	              q, read_user_row, sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* Fills updated_at with the current time when the caller left it 0. */
enum store_status store_user_update(struct store *st, struct user_row *u)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL);
	assert_user(u);
	assert(u->id > 0);
	if (u->updated_at == 0)
		u->updated_at = (int64_t)time(NULL);
	if ((s = stmt_take(st, STMT_USER_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, u->id);
	bind_user(s, u, 2);
	if ((status = stmt_row(st, STMT_USER_UPDATE)) == STORE_OK)
		u->version = col_i64(s, 0);
	stmt_give(st, STMT_USER_UPDATE);
	return status;
}
