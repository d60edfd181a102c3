/*
 * db.c — what the SQLite and PostgreSQL stores share when they run a
 * statement: the statement cache, binding parameters and reading columns,
 * paging, and transactions (see db.h for how a store function runs a
 * statement).
 *
 * The drivers are sqlite.c and pg.c; a `struct store` holds either a
 * sqlite3 handle or a PGconn, and the few calls that differ test which.
 * Opening, closing, migrations and settings are in db_open.c.
 * Parameters of a PostgreSQL statement are kept here as text (libpq's text
 * format) and sent by pg_step(); SQLite binds them natively.
 *
 * The resource files are store_units.c, store_users.c, store_sessions.c,
 * store_audit.c, store_cases.c, store_casework.c, store_facilities.c,
 * store_placements.c, store_activities.c, store_imports.c,
 * store_indicators.c, store_aggregates.c, store_plans.c, store_budget.c,
 * store_budget_execution.c, store_reports.c and store_report_plans.c; the
 * SQL texts are in sql.c (both) and sql_pg.c (PostgreSQL's own).
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "store/db.h"

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char *driver_name(const struct store *st)
{
	return st->pg != NULL ? "pg" : "sqlite";
}

bool store_dsn_is_postgres(const char *dsn)
{
	return strncmp(dsn, "postgres://", 11) == 0 ||
	       strncmp(dsn, "postgresql://", 13) == 0;
}

const char *stmt_sql(const struct store *st, enum stmt id)
{
	assert(id >= 0 && id < STMT__MAX);
	if (st->pg != NULL && sql_pg[id] != NULL)
		return sql_pg[id];
	return sql_texts[id].sql;
}

/* ---- statement cache ------------------------------------------------- */

struct dbstmt *stmt_take(struct store *st, enum stmt id)
{
	assert(st != NULL && (st->db != NULL || st->pg != NULL));
	assert(id >= 0 && id < STMT__MAX && sql_texts[id].sql != NULL);
	assert(st->taken_ns[id] == 0); /* a missing stmt_give() */
	if (st->stmt[id] == NULL) {
		st->stmt[id] =
		    st->pg != NULL ? pg_prepare(st, id) : lite_prepare(st, id);
		if (st->stmt[id] == NULL)
			return NULL; /* logged by the driver */
	}
	st->taken_ns[id] = now_ns() | 1; /* never 0: 0 means idle */
	return st->stmt[id];
}

static void clear_bindings(struct dbstmt *s)
{
	if (s->lite != NULL) {
		sqlite3_reset(s->lite);
		sqlite3_clear_bindings(s->lite);
		return;
	}
	pg_reset(s);
	for (int n = 1; n <= s->nparams; n++)
		s->param[n].value = NULL;
}

void stmt_give(struct store *st, enum stmt id)
{
	int64_t ms;

	assert(st != NULL && id >= 0 && id < STMT__MAX);
	assert(st->taken_ns[id] != 0 && st->stmt[id] != NULL);
	clear_bindings(st->stmt[id]);
	ms = (now_ns() - st->taken_ns[id]) / 1000000;
	if (ms >= STORE_SLOW_MS)
		log_error("store=%s op=slow stmt=%s ms=%lld", driver_name(st),
		          sql_texts[id].name, (long long)ms);
	st->taken_ns[id] = 0;
}

enum db_step db_step(struct dbstmt *s)
{
	assert(s != NULL && s->st->taken_ns[s->id] != 0);
	return s->lite != NULL ? lite_step(s) : pg_step(s);
}

void db_reset(struct dbstmt *s)
{
	if (s->lite != NULL)
		sqlite3_reset(s->lite);
	else
		pg_reset(s);
}

long db_changes(struct store *st)
{
	return st->pg != NULL ? st->changes : (long)sqlite3_changes(st->db);
}

bool db_in_tx(struct store *st)
{
	if (st->pg != NULL)
		return st->pg_tx;
	return !sqlite3_get_autocommit(st->db);
}

enum store_status stmt_fail(struct store *st, enum stmt id, int rc)
{
	assert(st != NULL && id >= 0 && id < STMT__MAX);
	if (rc == DB_CONFLICT)
		return STORE_CONFLICT;
	log_error("store=%s op=step stmt=%s err=\"%s\"", driver_name(st),
	          sql_texts[id].name,
	          st->pg != NULL ? st->errmsg : lite_errmsg(st));
	return STORE_ERROR;
}

enum store_status stmt_finish(struct store *st, enum stmt id)
{
	enum store_status status = STORE_OK;
	int rc;

	assert(st != NULL && st->taken_ns[id] != 0);
	rc = db_step(st->stmt[id]);
	if (rc != DB_ROW && rc != DB_DONE)
		status = stmt_fail(st, id, rc);
	stmt_give(st, id);
	return status;
}

enum store_status stmt_row(struct store *st, enum stmt id)
{
	int rc;

	assert(st != NULL && st->taken_ns[id] != 0);
	rc = db_step(st->stmt[id]);
	if (rc == DB_ROW)
		return STORE_OK;
	if (rc == DB_DONE)
		return STORE_NOTFOUND;
	return stmt_fail(st, id, rc);
}

enum store_status stmt_count(struct store *st, enum stmt id, long *out)
{
	enum store_status status = STORE_OK;
	int rc;

	assert(st != NULL && st->taken_ns[id] != 0 && out != NULL);
	rc = db_step(st->stmt[id]);
	if (rc == DB_ROW)
		*out = (long)col_i64(st->stmt[id], 0);
	else
		status = stmt_fail(st, id, rc == DB_DONE ? DB_ERROR : rc);
	stmt_give(st, id);
	return status;
}

enum store_status stmt_run(struct store *st, enum stmt id)
{
	if (stmt_take(st, id) == NULL)
		return STORE_ERROR;
	return stmt_finish(st, id);
}

/* ---- binding --------------------------------------------------------- */

static void lite_bound(struct dbstmt *s, int n, int rc)
{
	if (rc == SQLITE_OK)
		return;
	log_error("store=sqlite op=bind stmt=%s param=%d rc=%d",
	          sql_texts[s->id].name, n, rc);
	abort();
}

/* The PostgreSQL slot of `$n`, or NULL when the text does not use it. */
static struct pg_param *pg_slot(struct dbstmt *s, int n)
{
	assert(n > 0 && n <= STMT_PARAMS_MAX);
	return n <= s->nparams ? &s->param[n] : NULL;
}

/* Copies len bytes of v into the slot's own buffer. */
static void pg_copy(struct pg_param *p, const char *v, size_t len)
{
	if (p->cap < len + 1) {
		p->cap = len + 1 < 32 ? 32 : len + 1;
		free(p->buf);
		if ((p->buf = malloc(p->cap)) == NULL)
			abort();
	}
	memcpy(p->buf, v, len);
	p->buf[len] = '\0';
	p->value = p->buf;
}

void bind_textn(struct dbstmt *s, int n, const char *v, size_t len)
{
	struct pg_param *p;

	assert(v != NULL && len <= (size_t)INT32_MAX);
	if (s->lite != NULL) {
		if (s->index[n] != 0)
			lite_bound(s, n,
			           sqlite3_bind_text(s->lite, s->index[n], v,
			                             (int)len,
			                             SQLITE_TRANSIENT));
	} else if ((p = pg_slot(s, n)) != NULL) {
		pg_copy(p, v, len);
	}
}

void bind_text(struct dbstmt *s, int n, const char *v)
{
	struct pg_param *p;

	if (v != NULL) {
		bind_textn(s, n, v, strlen(v));
	} else if (s->lite != NULL) {
		if (s->index[n] != 0)
			lite_bound(s, n,
			           sqlite3_bind_null(s->lite, s->index[n]));
	} else if ((p = pg_slot(s, n)) != NULL) {
		p->value = NULL;
	}
}

void bind_text_static(struct dbstmt *s, int n, const char *v)
{
	struct pg_param *p;

	if (s->lite != NULL) {
		if (s->index[n] == 0)
			return;
		lite_bound(s, n,
		           v != NULL ? sqlite3_bind_text(s->lite, s->index[n],
		                                         v, -1, SQLITE_STATIC)
		                     : sqlite3_bind_null(s->lite, s->index[n]));
	} else if ((p = pg_slot(s, n)) != NULL) {
		p->value = v;
	}
}

void bind_i64(struct dbstmt *s, int n, int64_t v)
{
	struct pg_param *p;
	char num[24];
	int len;

	if (s->lite != NULL) {
		if (s->index[n] != 0)
			lite_bound(s, n,
			           sqlite3_bind_int64(s->lite, s->index[n], v));
	} else if ((p = pg_slot(s, n)) != NULL) {
		len = snprintf(num, sizeof num, "%" PRId64, v);
		pg_copy(p, num, (size_t)len);
	}
}

void bind_i64_or_null(struct dbstmt *s, int n, int64_t v)
{
	if (v == 0)
		bind_text(s, n, NULL);
	else
		bind_i64(s, n, v);
}

void bind_int_or_null(struct dbstmt *s, int n, int v)
{
	assert(v >= -1);
	if (v == -1)
		bind_text(s, n, NULL);
	else
		bind_i64(s, n, v);
}

void bind_double(struct dbstmt *s, int n, double v)
{
	struct pg_param *p;
	char num[40];
	int len;

	if (s->lite != NULL) {
		if (s->index[n] != 0)
			lite_bound(
			    s, n, sqlite3_bind_double(s->lite, s->index[n], v));
	} else if ((p = pg_slot(s, n)) != NULL) {
		/* %.17g reads back as the same double. */
		len = snprintf(num, sizeof num, "%.17g", v);
		pg_copy(p, num, (size_t)len);
	}
}

/* ---- reading --------------------------------------------------------- */

/* PostgreSQL's text of column i of the current row, NULL for SQL NULL. */
static const char *pg_value(struct dbstmt *s, int i)
{
	assert(s->res != NULL && s->row >= 0 && s->row < s->nrows);
	assert(i >= 0 && i < PQnfields(s->res));
	if (PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

int64_t col_i64(struct dbstmt *s, int i)
{
	const char *v;

	if (s->lite != NULL)
		return sqlite3_column_int64(s->lite, i);
	if ((v = pg_value(s, i)) == NULL)
		return 0;
	if (v[0] == 't' || v[0] == 'f') /* a boolean expression */
		return v[0] == 't';
	if (strpbrk(v, ".eE") != NULL) /* a numeric: SQLite truncates too */
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

int col_int(struct dbstmt *s, int i)
{
	return (int)col_i64(s, i);
}

double col_double(struct dbstmt *s, int i)
{
	const char *v;

	if (s->lite != NULL)
		return sqlite3_column_double(s->lite, i);
	if ((v = pg_value(s, i)) == NULL)
		return 0.0;
	return strtod(v, NULL);
}

bool col_null(struct dbstmt *s, int i)
{
	if (s->lite != NULL)
		return sqlite3_column_type(s->lite, i) == SQLITE_NULL;
	return pg_value(s, i) == NULL;
}

const char *col_str(struct dbstmt *s, int i)
{
	if (s->lite != NULL)
		return (const char *)sqlite3_column_text(s->lite, i);
	return pg_value(s, i);
}

const char *col_text(struct arena *a, struct dbstmt *s, int i)
{
	const unsigned char *t;

	assert(a != NULL && s != NULL);
	if (s->lite == NULL) {
		if (pg_value(s, i) == NULL)
			return NULL;
		return arena_strndup(a, PQgetvalue(s->res, s->row, i),
		                     (size_t)PQgetlength(s->res, s->row, i));
	}
	t = sqlite3_column_text(s->lite, i);
	if (t == NULL) {
		if (sqlite3_column_type(s->lite, i) != SQLITE_NULL)
			abort(); /* out of memory converting the value */
		return NULL;
	}
	return arena_strndup(a, (const char *)t,
	                     (size_t)sqlite3_column_bytes(s->lite, i));
}

int col_int_or_minus1(struct dbstmt *s, int i)
{
	return col_null(s, i) ? -1 : col_int(s, i);
}

/* ---- small helpers of the resource files ------------------------------ */

const char *like_pattern(struct arena *a, const char *prefix, const char *v,
                         const char *suffix)
{
	char *out, *p;

	assert(a != NULL && prefix != NULL && suffix != NULL);
	if (v == NULL)
		return NULL;
	out =
	    arena_alloc(a, strlen(prefix) + 2 * strlen(v) + strlen(suffix) + 1);
	p = stpcpy(out, prefix);
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '%' || *v == '_')
			*p++ = '\\';
		*p++ = *v;
	}
	strcpy(p, suffix);
	return out;
}

void *grow_array(struct arena *a, void *items, size_t n, size_t *cap,
                 size_t size)
{
	void *bigger;

	assert(a != NULL && cap != NULL && n <= *cap && size > 0);
	if (n < *cap)
		return items;
	*cap = *cap ? *cap * 2 : 16;
	assert(*cap < SIZE_MAX / size);
	bigger = arena_alloc(a, *cap * size);
	if (n > 0)
		memcpy(bigger, items, n * size);
	return bigger;
}

enum store_status stmt_page(struct store *st, struct arena *a, enum stmt count,
                            enum stmt list, page_bind_fn bind, const void *q,
                            page_read_fn read_row, size_t row_size,
                            void **items, size_t *n, long *total)
{
	enum store_status status;
	unsigned char *rows = NULL;
	size_t cap = 0, len = 0;
	struct dbstmt *s;
	long tot;
	int rc;

	assert(st != NULL && a != NULL && q != NULL && row_size > 0);
	assert(items != NULL && n != NULL && total != NULL);
	if ((s = stmt_take(st, count)) == NULL)
		return STORE_ERROR;
	bind(a, s, q);
	if ((status = stmt_count(st, count, &tot)) != STORE_OK)
		return status;
	if ((s = stmt_take(st, list)) == NULL)
		return STORE_ERROR;
	bind(a, s, q);
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, row_size);
		read_row(a, s, rows + len++ * row_size);
	}
	status = rc == DB_DONE ? STORE_OK : stmt_fail(st, list, rc);
	stmt_give(st, list);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
		*total = tot;
	}
	return status;
}

size_t code_index(const char *const *codes, size_t n, size_t *at,
                  const char *code)
{
	for (size_t k = 0; k < n; k++) {
		size_t i = (*at + k) % n;
		if (strcmp(codes[i], code) == 0)
			return *at = i;
	}
	return n;
}

int64_t limit_of(int limit)
{
	return limit > 0 ? limit : INT64_MAX;
}

/* ---- transactions ---------------------------------------------------- */

/* On PostgreSQL the write lock after BEGIN: write transactions run one at
 * a time, as on SQLite, so a read-then-write inside one (a budget version
 * check, an import quota) sees no concurrent writer; readers are never
 * blocked. */
enum store_status db_begin_write(struct store *st)
{
	enum store_status status;

	queue_forget(st);
	status = stmt_run(st, STMT_BEGIN);

	if (status == STORE_OK && st->pg != NULL &&
	    (status = stmt_run(st, STMT_WRITE_LOCK)) != STORE_OK)
		stmt_run(st, STMT_ROLLBACK);
	return status;
}

enum store_status tx_own(struct store *st, bool *own)
{
	enum store_status status;

	assert(st != NULL && own != NULL);
	*own = false;
	if (db_in_tx(st))
		return STORE_OK; /* the caller's transaction covers us */
	status = db_begin_write(st);
	*own = status == STORE_OK;
	return status;
}

enum store_status tx_end(struct store *st, bool own, enum store_status status)
{
	if (!own)
		return status;
	if (status == STORE_OK)
		status = store_flush(st, NULL);
	if (status == STORE_OK) {
		if (stmt_run(st, STMT_COMMIT) == STORE_OK)
			return STORE_OK;
		status = STORE_ERROR;
	}
	if (db_in_tx(st))
		stmt_run(st, STMT_ROLLBACK);
	queue_forget(st);
	return status;
}

enum store_status store_begin(struct store *st)
{
	assert(st != NULL);
	assert(!db_in_tx(st)); /* not nestable */
	return db_begin_write(st);
}

/* A transaction whose queue failed is not committed (on PostgreSQL its
 * COMMIT would answer success and roll back; on SQLite the rows before
 * the failure would be kept). */
enum store_status store_commit(struct store *st)
{
	assert(st != NULL);
	assert(db_in_tx(st));
	if (store_flush(st, NULL) != STORE_OK)
		return STORE_ERROR;
	return stmt_run(st, STMT_COMMIT);
}

/* A no-op outside a transaction, so the pool can call it on every
 * release to end a transaction a caller forgot. */
enum store_status store_rollback(struct store *st)
{
	enum store_status status = STORE_OK;

	assert(st != NULL);
	if (db_in_tx(st))
		status = stmt_run(st, STMT_ROLLBACK);
	queue_forget(st);
	return status;
}
