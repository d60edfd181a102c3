/*
 * store_sessions.c — what proves who is calling, in the SQLite store:
 * browser sessions, API tokens, the failed-login record used for
 * throttling and TOTP secrets of the second factor.  Sessions and tokens
 * are stored by the hash of their secret only, TOTP secrets sealed; all
 * die with their user (ON DELETE CASCADE).
 */
#include <assert.h>

#include "lib/arena.h"
#include "store/db.h"

/* ---- sessions -------------------------------------------------------- */

enum store_status store_session_insert(struct store *st,
                                       const struct session_row *s)
{
	struct dbstmt *q;

	assert(st != NULL && s != NULL && s->id_hash != NULL);
	assert(s->csrf != NULL && s->user_id > 0);
	if ((q = stmt_take(st, STMT_SESSION_INSERT)) == NULL)
		return STORE_ERROR;
	bind_text(q, 1, s->id_hash);
	bind_i64(q, 2, s->user_id);
	bind_text(q, 3, s->csrf);
	bind_i64(q, 4, s->created_at);
	bind_i64(q, 5, s->last_seen_at);
	bind_i64(q, 6, s->second_factor_pending ? 1 : 0);
	return stmt_finish(st, STMT_SESSION_INSERT);
}

enum store_status store_session_get(struct store *st, struct arena *a,
                                    const char *id_hash,
                                    struct session_row *out)
{
	enum store_status status;
	struct dbstmt *q;

	assert(st != NULL && a != NULL && id_hash != NULL && out != NULL);
	if ((q = stmt_take(st, STMT_SESSION_GET)) == NULL)
		return STORE_ERROR;
	bind_text(q, 1, id_hash);
	if ((status = stmt_row(st, STMT_SESSION_GET)) == STORE_OK) {
		out->id_hash = col_text(a, q, 0);
		out->user_id = col_i64(q, 1);
		out->csrf = col_text(a, q, 2);
		out->created_at = col_i64(q, 3);
		out->last_seen_at = col_i64(q, 4);
		out->second_factor_pending = col_int(q, 5);
	}
	stmt_give(st, STMT_SESSION_GET);
	return status;
}

/* Steps the taken statement id, a write; STORE_NOTFOUND when it changed
 * no row. */
static enum store_status finish_changed(struct store *st, enum stmt id)
{
	enum store_status status = stmt_finish(st, id);

	if (status == STORE_OK && db_changes(st) == 0)
		status = STORE_NOTFOUND;
	return status;
}

/* STORE_NOTFOUND when there is no such session. */
enum store_status store_session_touch(struct store *st, const char *id_hash,
                                      int64_t now)
{
	struct dbstmt *q;

	assert(st != NULL && id_hash != NULL);
	if ((q = stmt_take(st, STMT_SESSION_TOUCH)) == NULL)
		return STORE_ERROR;
	bind_text(q, 1, id_hash);
	bind_i64(q, 2, now);
	return finish_changed(st, STMT_SESSION_TOUCH);
}

/* STORE_OK also when there was no such session: logging out twice is not
 * an error. */
enum store_status store_session_delete(struct store *st, const char *id_hash)
{
	struct dbstmt *q;

	assert(st != NULL && id_hash != NULL);
	if ((q = stmt_take(st, STMT_SESSION_DELETE)) == NULL)
		return STORE_ERROR;
	bind_text(q, 1, id_hash);
	return stmt_finish(st, STMT_SESSION_DELETE);
}

enum store_status store_sessions_delete_user(struct store *st, int64_t user_id)
{
	struct dbstmt *q;

	assert(st != NULL);
	if ((q = stmt_take(st, STMT_SESSIONS_DELETE_USER)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, user_id);
	return stmt_finish(st, STMT_SESSIONS_DELETE_USER);
}

enum store_status store_sessions_delete_user_except(struct store *st,
                                                    int64_t user_id,
                                                    const char *keep_hash)
{
	struct dbstmt *q;

	assert(st != NULL && keep_hash != NULL);
	if ((q = stmt_take(st, STMT_SESSIONS_DELETE_USER_EXCEPT)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, user_id);
	bind_text(q, 2, keep_hash);
	return stmt_finish(st, STMT_SESSIONS_DELETE_USER_EXCEPT);
}

/* ---- API tokens ------------------------------------------------------ */

/* Reads a row of TOKEN_COLS (sql.c) into out, strings in a. */
static void read_token(struct arena *a, struct dbstmt *q, struct token_row *out)
{
	out->id = col_i64(q, 0);
	out->user_id = col_i64(q, 1);
	out->name = col_text(a, q, 2);
	out->token_hash = col_text(a, q, 3);
	out->created_at = col_i64(q, 4);
	out->last_used_at = col_i64(q, 5); /* NULL reads 0 */
	out->revoked = col_int(q, 6);
}

enum store_status store_token_insert(struct store *st, struct token_row *t)
{
	enum store_status status;
	struct dbstmt *q;

	assert(st != NULL && t != NULL && t->name != NULL);
	assert(t->token_hash != NULL && t->user_id > 0);
	if ((q = stmt_take(st, STMT_TOKEN_INSERT)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, t->user_id);
	bind_text(q, 2, t->name);
	bind_text(q, 3, t->token_hash);
	bind_i64(q, 4, t->created_at);
	bind_i64_or_null(q, 5, t->last_used_at);
	bind_i64(q, 6, t->revoked ? 1 : 0);
	status = stmt_row(st, STMT_TOKEN_INSERT);
	if (status == STORE_OK)
		t->id = col_i64(q, 0);
	else if (status == STORE_NOTFOUND)
		status = STORE_ERROR; /* RETURNING always yields the row */
	stmt_give(st, STMT_TOKEN_INSERT);
	return status;
}

/* Revoked tokens are found too: the caller checks t->revoked. */
enum store_status store_token_by_hash(struct store *st, struct arena *a,
                                      const char *token_hash,
                                      struct token_row *out)
{
	enum store_status status;
	struct dbstmt *q;

	assert(st != NULL && a != NULL && token_hash != NULL && out != NULL);
	if ((q = stmt_take(st, STMT_TOKEN_BY_HASH)) == NULL)
		return STORE_ERROR;
	bind_text(q, 1, token_hash);
	if ((status = stmt_row(st, STMT_TOKEN_BY_HASH)) == STORE_OK)
		read_token(a, q, out);
	stmt_give(st, STMT_TOKEN_BY_HASH);
	return status;
}

/* Every token of user_id, revoked ones included, ordered by id. */
enum store_status store_tokens_list(struct store *st, struct arena *a,
                                    int64_t user_id, struct token_row **items,
                                    size_t *n)
{
	enum store_status status;
	struct token_row *rows = NULL;
	size_t cap = 0, len = 0;
	struct dbstmt *q;
	int rc;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	if ((q = stmt_take(st, STMT_TOKENS_LIST)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, user_id);
	while ((rc = db_step(q)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		read_token(a, q, &rows[len++]);
	}
	status = rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_TOKENS_LIST, rc);
	stmt_give(st, STMT_TOKENS_LIST);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}

enum store_status store_token_revoke(struct store *st, int64_t id,
                                     int64_t user_id)
{
	struct dbstmt *q;

	assert(st != NULL);
	if ((q = stmt_take(st, STMT_TOKEN_REVOKE)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, id);
	bind_i64(q, 2, user_id);
	return finish_changed(st, STMT_TOKEN_REVOKE);
}

/* STORE_NOTFOUND when there is no such token. */
enum store_status store_token_touch(struct store *st, int64_t id, int64_t now)
{
	struct dbstmt *q;

	assert(st != NULL);
	if ((q = stmt_take(st, STMT_TOKEN_TOUCH)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, id);
	bind_i64(q, 2, now);
	return finish_changed(st, STMT_TOKEN_TOUCH);
}

enum store_status store_tokens_revoke_user(struct store *st, int64_t user_id)
{
	struct dbstmt *q;

	assert(st != NULL);
	if ((q = stmt_take(st, STMT_TOKENS_REVOKE_USER)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, user_id);
	return stmt_finish(st, STMT_TOKENS_REVOKE_USER);
}

/* ---- failed logins --------------------------------------------------- */

enum store_status store_login_failure_add(struct store *st,
                                          const char *username, int64_t at)
{
	struct dbstmt *q;

	assert(st != NULL && username != NULL);
	if ((q = stmt_take(st, STMT_LOGIN_FAILURE_ADD)) == NULL)
		return STORE_ERROR;
	bind_text(q, 1, username);
	bind_i64(q, 2, at);
	return stmt_finish(st, STMT_LOGIN_FAILURE_ADD);
}

/* Failures of username at or after since. */
enum store_status store_login_failures_count(struct store *st,
                                             const char *username,
                                             int64_t since, int *count)
{
	enum store_status status;
	struct dbstmt *q;
	long n;

	assert(st != NULL && username != NULL && count != NULL);
	if ((q = stmt_take(st, STMT_LOGIN_FAILURES_COUNT)) == NULL)
		return STORE_ERROR;
	bind_text(q, 1, username);
	bind_i64(q, 2, since);
	if ((status = stmt_count(st, STMT_LOGIN_FAILURES_COUNT, &n)) ==
	    STORE_OK)
		*count = n > INT32_MAX ? INT32_MAX : (int)n;
	return status;
}

enum store_status store_login_failures_clear(struct store *st,
                                             const char *username)
{
	struct dbstmt *q;

	assert(st != NULL && username != NULL);
	if ((q = stmt_take(st, STMT_LOGIN_FAILURES_CLEAR)) == NULL)
		return STORE_ERROR;
	bind_text(q, 1, username);
	return stmt_finish(st, STMT_LOGIN_FAILURES_CLEAR);
}

enum store_status store_login_failures_recent(struct store *st,
                                              const char *username,
                                              int64_t since, int64_t *at,
                                              size_t max, size_t *n)
{
	enum store_status status;
	struct dbstmt *q;
	size_t len = 0;
	int rc;

	assert(st != NULL && username != NULL && at != NULL && n != NULL);
	if ((q = stmt_take(st, STMT_LOGIN_FAILURES_RECENT)) == NULL)
		return STORE_ERROR;
	bind_text(q, 1, username);
	bind_i64(q, 2, since);
	bind_i64(q, 3, (int64_t)max);
	while (len < max && (rc = db_step(q)) == DB_ROW)
		at[len++] = col_i64(q, 0);
	if (len == max)
		rc = DB_DONE;
	status = rc == DB_DONE ? STORE_OK
	                       : stmt_fail(st, STMT_LOGIN_FAILURES_RECENT, rc);
	stmt_give(st, STMT_LOGIN_FAILURES_RECENT);
	if (status == STORE_OK)
		*n = len;
	return status;
}

/* ---- second factor --------------------------------------------------- */

enum store_status store_totp_get(struct store *st, struct arena *a,
                                 int64_t user_id, struct totp_row *out)
{
	enum store_status status;
	struct dbstmt *q;

	assert(st != NULL && a != NULL && out != NULL);
	if ((q = stmt_take(st, STMT_TOTP_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, user_id);
	if ((status = stmt_row(st, STMT_TOTP_GET)) == STORE_OK) {
		out->user_id = col_i64(q, 0);
		out->secret = col_text(a, q, 1);
		out->confirmed = col_int(q, 2);
		out->last_step = col_i64(q, 3);
		out->created_at = col_i64(q, 4);
	}
	stmt_give(st, STMT_TOTP_GET);
	return status;
}

enum store_status store_totp_put(struct store *st, int64_t user_id,
                                 const char *sealed_secret, int64_t now)
{
	enum store_status status;
	struct dbstmt *q;

	assert(st != NULL && sealed_secret != NULL);
	if ((q = stmt_take(st, STMT_TOTP_PUT)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, user_id);
	bind_text(q, 2, sealed_secret);
	bind_i64(q, 3, now);
	status = finish_changed(st, STMT_TOTP_PUT);
	/* The upsert's WHERE kept a confirmed secret: no row changed. */
	return status == STORE_NOTFOUND ? STORE_CONFLICT : status;
}

enum store_status store_totp_use(struct store *st, int64_t user_id,
                                 int64_t step, bool confirming)
{
	struct dbstmt *q;

	assert(st != NULL);
	if ((q = stmt_take(st, STMT_TOTP_USE)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, user_id);
	bind_i64(q, 2, step);
	bind_i64(q, 3, confirming ? 0 : 1);
	return finish_changed(st, STMT_TOTP_USE);
}

enum store_status store_totp_delete(struct store *st, int64_t user_id)
{
	struct dbstmt *q;

	assert(st != NULL);
	if ((q = stmt_take(st, STMT_TOTP_DELETE)) == NULL)
		return STORE_ERROR;
	bind_i64(q, 1, user_id);
	return stmt_finish(st, STMT_TOTP_DELETE);
}
