/*
 * sqlite.c — the SQLite store: connections, migrations, transactions,
 * settings, and the statement cache and helpers every sqlite_*.c file
 * uses (see sqlite_int.h for how a store function runs a statement).
 *
 * Units, users/sessions/tokens and the audit log are in sqlite_units.c,
 * sqlite_users.c and sqlite_audit.c; cases in sqlite_cases.c and
 * sqlite_casework.c; the service network in sqlite_facilities.c,
 * sqlite_placements.c, sqlite_activities.c and sqlite_imports.c;
 * indicators, aggregates and plans in sqlite_indicators.c,
 * sqlite_aggregates.c and sqlite_plans.c; budgets in sqlite_budget.c and
 * sqlite_budget_execution.c; the SQL texts in sqlite_sql.c.
 *
 * A connection belongs to one thread at a time (the pool hands it out), so
 * it is opened SQLITE_OPEN_NOMUTEX.  The database runs in WAL mode with a
 * 5 s busy timeout, foreign keys on and synchronous=NORMAL (safe with WAL:
 * a power cut may lose the last commits, never corrupt the file).
 */
#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "store/migrations.h"
#include "store/sqlite_int.h"

/* schema_version belongs to the store code, not to a migration: it must
 * exist before the first migration can be recorded. */
static const char schema_version_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

/* The audit log, case events and facility events are append-only.  Trigger
 * syntax is dialect-specific (PostgreSQL needs a function), so these live here
 * rather than in the portable migration files; they are (re)applied after
 * every migrate. */
static const char audit_guard_sql[] =
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update"
    " BEFORE UPDATE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete"
    " BEFORE DELETE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS case_events_no_update"
    " BEFORE UPDATE ON case_events"
    " BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS case_events_no_delete"
    " BEFORE DELETE ON case_events"
    " BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS facility_events_no_update"
    " BEFORE UPDATE ON facility_events"
    " BEGIN SELECT RAISE(ABORT, 'facility_events is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS facility_events_no_delete"
    " BEFORE DELETE ON facility_events"
    " BEGIN SELECT RAISE(ABORT, 'facility_events is append-only'); END;";

static const char pragmas_sql[] = "PRAGMA journal_mode = WAL;"
                                  "PRAGMA synchronous = NORMAL;"
                                  "PRAGMA foreign_keys = ON;";

/* A malloc'd message for an *err out-parameter; the caller frees it. */
static char *errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *errf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- statement cache ------------------------------------------------- */

sqlite3_stmt *stmt_take(struct store *st, enum stmt id)
{
	int rc;

	assert(st != NULL && st->db != NULL);
	assert(id >= 0 && id < STMT__MAX && sqlite_sql[id].sql != NULL);
	assert(st->taken_ns[id] == 0); /* a missing stmt_give() */
	if (st->stmt[id] == NULL) {
		rc = sqlite3_prepare_v3(st->db, sqlite_sql[id].sql, -1,
		                        SQLITE_PREPARE_PERSISTENT,
		                        &st->stmt[id], NULL);
		if (rc != SQLITE_OK) {
			log_error(
			    "store=sqlite op=prepare stmt=%s rc=%d err=\"%s\"",
			    sqlite_sql[id].name, rc, sqlite3_errmsg(st->db));
			sqlite3_finalize(st->stmt[id]);
			st->stmt[id] = NULL;
			return NULL;
		}
	}
	st->taken_ns[id] = now_ns() | 1; /* never 0: 0 means idle */
	return st->stmt[id];
}

void stmt_give(struct store *st, enum stmt id)
{
	int64_t ms;

	assert(st != NULL && id >= 0 && id < STMT__MAX);
	assert(st->taken_ns[id] != 0 && st->stmt[id] != NULL);
	sqlite3_reset(st->stmt[id]);
	sqlite3_clear_bindings(st->stmt[id]);
	ms = (now_ns() - st->taken_ns[id]) / 1000000;
	if (ms >= STORE_SLOW_MS)
		log_error("store=sqlite op=slow stmt=%s ms=%lld",
		          sqlite_sql[id].name, (long long)ms);
	st->taken_ns[id] = 0;
}

enum store_status stmt_fail(struct store *st, enum stmt id, int rc)
{
	assert(st != NULL && id >= 0 && id < STMT__MAX);
	if (rc == SQLITE_CONSTRAINT_UNIQUE ||
	    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return STORE_CONFLICT;
	log_error("store=sqlite op=step stmt=%s rc=%d err=\"%s\"",
	          sqlite_sql[id].name, rc, sqlite3_errmsg(st->db));
	return STORE_ERROR;
}

enum store_status stmt_finish(struct store *st, enum stmt id)
{
	enum store_status status = STORE_OK;
	int rc;

	assert(st != NULL && st->taken_ns[id] != 0);
	rc = sqlite3_step(st->stmt[id]);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = stmt_fail(st, id, rc);
	stmt_give(st, id);
	return status;
}

enum store_status stmt_row(struct store *st, enum stmt id)
{
	int rc;

	assert(st != NULL && st->taken_ns[id] != 0);
	rc = sqlite3_step(st->stmt[id]);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	return stmt_fail(st, id, rc);
}

enum store_status stmt_count(struct store *st, enum stmt id, long *out)
{
	enum store_status status = STORE_OK;
	int rc;

	assert(st != NULL && st->taken_ns[id] != 0 && out != NULL);
	rc = sqlite3_step(st->stmt[id]);
	if (rc == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(st->stmt[id], 0);
	else
		status = stmt_fail(st, id, rc);
	stmt_give(st, id);
	return status;
}

enum store_status stmt_run(struct store *st, enum stmt id)
{
	if (stmt_take(st, id) == NULL)
		return STORE_ERROR;
	return stmt_finish(st, id);
}

/* ---- binding and reading --------------------------------------------- */

/* Index of `$n` in s, 0 when s does not use it. */
static int param_index(sqlite3_stmt *s, int n)
{
	char name[16];

	assert(s != NULL && n > 0 && n < 100);
	snprintf(name, sizeof name, "$%d", n);
	return sqlite3_bind_parameter_index(s, name);
}

static void bind_check(sqlite3_stmt *s, int n, int rc)
{
	if (rc == SQLITE_OK)
		return;
	log_error("store=sqlite op=bind param=%d rc=%d err=\"%s\"", n, rc,
	          sqlite3_errmsg(sqlite3_db_handle(s)));
	abort();
}

void bind_text(sqlite3_stmt *s, int n, const char *v)
{
	int i = param_index(s, n);

	if (i == 0)
		return;
	if (v == NULL)
		bind_check(s, n, sqlite3_bind_null(s, i));
	else
		bind_check(s, n,
		           sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT));
}

void bind_textn(sqlite3_stmt *s, int n, const char *v, size_t len)
{
	int i = param_index(s, n);

	assert(v != NULL && len <= (size_t)INT32_MAX);
	if (i != 0)
		bind_check(
		    s, n,
		    sqlite3_bind_text(s, i, v, (int)len, SQLITE_TRANSIENT));
}

void bind_i64(sqlite3_stmt *s, int n, int64_t v)
{
	int i = param_index(s, n);

	if (i != 0)
		bind_check(s, n, sqlite3_bind_int64(s, i, v));
}

void bind_i64_or_null(sqlite3_stmt *s, int n, int64_t v)
{
	int i = param_index(s, n);

	if (i == 0)
		return;
	if (v == 0)
		bind_check(s, n, sqlite3_bind_null(s, i));
	else
		bind_check(s, n, sqlite3_bind_int64(s, i, v));
}

const char *col_text(struct arena *a, sqlite3_stmt *s, int i)
{
	const unsigned char *t;

	assert(a != NULL && s != NULL);
	t = sqlite3_column_text(s, i);
	if (t == NULL) {
		if (sqlite3_column_type(s, i) != SQLITE_NULL)
			abort(); /* out of memory converting the value */
		return NULL;
	}
	return arena_strndup(a, (const char *)t,
	                     (size_t)sqlite3_column_bytes(s, i));
}

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
	sqlite3_stmt *s;
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
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rows = grow_array(a, rows, len, &cap, row_size);
		read_row(a, s, rows + len++ * row_size);
	}
	status = rc == SQLITE_DONE ? STORE_OK : stmt_fail(st, list, rc);
	stmt_give(st, list);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
		*total = tot;
	}
	return status;
}

int64_t limit_of(int limit)
{
	return limit > 0 ? limit : INT64_MAX;
}

/* ---- transactions ---------------------------------------------------- */

enum store_status tx_own(struct store *st, bool *own)
{
	enum store_status status;

	assert(st != NULL && own != NULL);
	*own = false;
	if (!sqlite3_get_autocommit(st->db))
		return STORE_OK; /* the caller's transaction covers us */
	status = stmt_run(st, STMT_BEGIN);
	*own = status == STORE_OK;
	return status;
}

enum store_status tx_end(struct store *st, bool own, enum store_status status)
{
	if (!own)
		return status;
	if (status == STORE_OK) {
		if (stmt_run(st, STMT_COMMIT) == STORE_OK)
			return STORE_OK;
		status = STORE_ERROR;
	}
	if (!sqlite3_get_autocommit(st->db))
		stmt_run(st, STMT_ROLLBACK);
	return status;
}

enum store_status store_begin(struct store *st)
{
	assert(st != NULL);
	assert(sqlite3_get_autocommit(st->db)); /* not nestable */
	return stmt_run(st, STMT_BEGIN);
}

enum store_status store_commit(struct store *st)
{
	assert(st != NULL);
	assert(!sqlite3_get_autocommit(st->db));
	return stmt_run(st, STMT_COMMIT);
}

/* A no-op outside a transaction, so the pool can call it on every
 * release to end a transaction a caller forgot. */
enum store_status store_rollback(struct store *st)
{
	assert(st != NULL);
	if (sqlite3_get_autocommit(st->db))
		return STORE_OK;
	return stmt_run(st, STMT_ROLLBACK);
}

/* ---- connection ------------------------------------------------------ */

/* Process-wide SQLite settings, before the first connection.  Memory
 * statistics are off: they take a global mutex on every allocation, which
 * under 16 concurrent requests cost the case list three times its CPU
 * (docs/performance.md); nothing here reads them. */
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

static void sqlite_configure(void)
{
	/* SQLITE_MISUSE when something initialised SQLite first (a test or
	 * the generator's auto-extension): the defaults then stay. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)sqlite3_initialize();
}

enum store_status store_open(const char *dsn, struct store **out, char **err)
{
	enum store_status status = STORE_ERROR;
	struct store *st;
	char *msg = NULL;
	int rc;

	assert(dsn != NULL && out != NULL && err != NULL);
	pthread_once(&sqlite_configured, sqlite_configure);
	*out = NULL;
	*err = NULL;
	st = calloc(1, sizeof *st);
	if (st == NULL)
		abort();
	rc = sqlite3_open_v2(dsn, &st->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                         SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		*err =
		    errf("cannot open database %s: %s", dsn,
		         st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (sqlite3_exec(st->db, pragmas_sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(st->db, schema_version_sql, NULL, NULL, &msg) !=
	        SQLITE_OK) {
		*err = errf("cannot set up database %s: %s", dsn,
		            msg ? msg : sqlite3_errmsg(st->db));
		goto out;
	}
	*out = st;
	status = STORE_OK;
out:
	sqlite3_free(msg);
	if (status != STORE_OK) {
		log_error("store=sqlite op=open err=\"%s\"", *err);
		store_close(st);
	}
	return status;
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < STMT__MAX; i++) {
		assert(st->taken_ns[i] == 0); /* a statement still in use */
		sqlite3_finalize(st->stmt[i]);
	}
	/* Refreshes planner statistics where they are missing or stale (after
	 * a units import, say), as SQLite recommends before closing. */
	(void)sqlite3_exec(st->db, "PRAGMA optimize", NULL, NULL, NULL);
	if (sqlite3_close(st->db) != SQLITE_OK)
		log_error("store=sqlite op=close err=\"%s\"",
		          sqlite3_errmsg(st->db));
	free(st);
}

enum store_status store_ping(struct store *st)
{
	assert(st != NULL);
	return stmt_run(st, STMT_PING);
}

/* -1 (logged) when the database cannot answer. */
int store_schema_version(struct store *st)
{
	sqlite3_stmt *s;
	int version = -1;
	int rc;

	assert(st != NULL);
	s = stmt_take(st, STMT_SCHEMA_VERSION);
	if (s == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	else
		stmt_fail(st, STMT_SCHEMA_VERSION, rc);
	stmt_give(st, STMT_SCHEMA_VERSION);
	return version;
}

/* 1 when migration number is recorded, 0 when not, -1 on error. */
static int schema_applied(struct store *st, int number)
{
	sqlite3_stmt *s = stmt_take(st, STMT_SCHEMA_APPLIED);
	int rc, applied = -1;

	if (s == NULL)
		return -1;
	bind_i64(s, 1, number);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		applied = rc == SQLITE_ROW;
	else
		stmt_fail(st, STMT_SCHEMA_APPLIED, rc);
	stmt_give(st, STMT_SCHEMA_APPLIED);
	return applied;
}

/* Applies m in one transaction unless another process got there first
 * (checked again under the write lock). */
static enum store_status migrate_one(struct store *st,
                                     const struct migration *m, char **err)
{
	enum store_status status = STORE_ERROR;
	sqlite3_stmt *s;
	char *msg = NULL;
	int applied;

	if (stmt_run(st, STMT_BEGIN) != STORE_OK) {
		*err = errf("migration %s: cannot begin: %s", m->name,
		            sqlite3_errmsg(st->db));
		return STORE_ERROR;
	}
	applied = schema_applied(st, m->number);
	if (applied != 0) {
		if (applied < 0)
			*err = errf("migration %s: %s", m->name,
			            sqlite3_errmsg(st->db));
		status = applied > 0 ? STORE_OK : STORE_ERROR;
		goto out;
	}
	if (sqlite3_exec(st->db, m->sql, NULL, NULL, &msg) != SQLITE_OK) {
		*err = errf("migration %s: %s", m->name,
		            msg ? msg : sqlite3_errmsg(st->db));
		goto out;
	}
	if ((s = stmt_take(st, STMT_SCHEMA_RECORD)) == NULL) {
		*err =
		    errf("migration %s: %s", m->name, sqlite3_errmsg(st->db));
		goto out;
	}
	bind_i64(s, 1, m->number);
	bind_text(s, 2, m->name);
	bind_i64(s, 3, (int64_t)time(NULL));
	if (stmt_finish(st, STMT_SCHEMA_RECORD) != STORE_OK ||
	    stmt_run(st, STMT_COMMIT) != STORE_OK) {
		*err =
		    errf("migration %s: %s", m->name, sqlite3_errmsg(st->db));
		goto out;
	}
	log_info("store=sqlite op=migrate version=%d name=%s", m->number,
	         m->name);
	status = STORE_OK;
out:
	sqlite3_free(msg);
	if (!sqlite3_get_autocommit(st->db))
		stmt_run(st, STMT_ROLLBACK);
	return status;
}

enum store_status store_migrate(struct store *st, char **err)
{
	char *msg = NULL;
	int current;

	assert(st != NULL && err != NULL);
	assert(sqlite3_get_autocommit(st->db));
	*err = NULL;
	current = store_schema_version(st);
	if (current < 0) {
		*err = errf("cannot read schema_version: %s",
		            sqlite3_errmsg(st->db));
		return STORE_ERROR;
	}
	for (const struct migration *m = migrations; m->sql != NULL; m++) {
		if (m->number <= current)
			continue;
		if (migrate_one(st, m, err) != STORE_OK) {
			log_error("store=sqlite op=migrate err=\"%s\"", *err);
			return STORE_ERROR;
		}
	}
	if (sqlite3_exec(st->db, audit_guard_sql, NULL, NULL, &msg) !=
	    SQLITE_OK) {
		*err = errf("cannot guard the append-only tables: %s",
		            msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		log_error("store=sqlite op=migrate err=\"%s\"", *err);
		return STORE_ERROR;
	}
	return STORE_OK;
}

/* ---- settings -------------------------------------------------------- */

enum store_status store_setting_get(struct store *st, struct arena *a,
                                    const char *key, const char **value)
{
	enum store_status status;
	sqlite3_stmt *s;

	assert(st != NULL && a != NULL && key != NULL && value != NULL);
	if ((s = stmt_take(st, STMT_SETTING_GET)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, key);
	if ((status = stmt_row(st, STMT_SETTING_GET)) == STORE_OK)
		*value = col_text(a, s, 0);
	stmt_give(st, STMT_SETTING_GET);
	return status;
}

enum store_status store_setting_set(struct store *st, const char *key,
                                    const char *value)
{
	sqlite3_stmt *s;

	assert(st != NULL && key != NULL && value != NULL);
	if ((s = stmt_take(st, STMT_SETTING_SET)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, key);
	bind_text(s, 2, value);
	return stmt_finish(st, STMT_SETTING_SET);
}
