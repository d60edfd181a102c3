/*
 * sqlite.c — the SQLite driver of the store: opening a database file,
 * preparing, stepping and finalising statements, running migration
 * scripts and the append-only guards.  Everything else is shared with the
 * PostgreSQL driver (db.c, db.h).
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

#include "lib/log.h"
#include "store/db.h"

/* schema_version belongs to the store code, not to a migration: it must
 * exist before the first migration can be recorded. */
static const char schema_version_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

/* The audit log, case events and facility events are append-only.  Trigger
 * syntax is dialect-specific, so SQLite's live here (PostgreSQL's are in its
 * migrations); they are (re)applied after every migrate. */
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

const char *lite_errmsg(struct store *st)
{
	return sqlite3_errmsg(st->db);
}

struct dbstmt *lite_prepare(struct store *st, enum stmt id)
{
	struct dbstmt *s;
	char name[8];
	int rc;

	if ((s = calloc(1, sizeof *s)) == NULL)
		abort();
	s->st = st;
	s->id = id;
	rc = sqlite3_prepare_v3(st->db, stmt_sql(st, id), -1,
	                        SQLITE_PREPARE_PERSISTENT, &s->lite, NULL);
	if (rc != SQLITE_OK) {
		log_error("store=sqlite op=prepare stmt=%s rc=%d err=\"%s\"",
		          sql_texts[id].name, rc, sqlite3_errmsg(st->db));
		sqlite3_finalize(s->lite);
		free(s);
		return NULL;
	}
	/* Parameters are bound by number: looking `$n` up once here keeps
	 * the name formatting and lookup out of every bind. */
	for (int n = 1; n <= STMT_PARAMS_MAX; n++) {
		snprintf(name, sizeof name, "$%d", n);
		s->index[n] =
		    (unsigned char)sqlite3_bind_parameter_index(s->lite, name);
	}
	return s;
}

void lite_finalize(struct dbstmt *s)
{
	sqlite3_finalize(s->lite);
}

enum db_step lite_step(struct dbstmt *s)
{
	int rc = sqlite3_step(s->lite);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	if (rc == SQLITE_CONSTRAINT_UNIQUE ||
	    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return DB_CONFLICT;
	return DB_ERROR;
}

enum store_status lite_exec(struct store *st, const char *sql, char **err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return STORE_OK;
	*err = errf("%s", msg ? msg : sqlite3_errmsg(st->db));
	sqlite3_free(msg);
	return STORE_ERROR;
}

enum store_status lite_exec_guards(struct store *st, char **err)
{
	char *msg = NULL;

	if (lite_exec(st, audit_guard_sql, &msg) == STORE_OK)
		return STORE_OK;
	*err = errf("cannot guard the append-only tables: %s", msg);
	free(msg);
	log_error("store=sqlite op=migrate err=\"%s\"", *err);
	return STORE_ERROR;
}

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

enum store_status lite_open(struct store *st, const char *dsn, char **err)
{
	char *msg = NULL;
	int rc;

	pthread_once(&sqlite_configured, sqlite_configure);
	rc = sqlite3_open_v2(dsn, &st->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                         SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		*err =
		    errf("cannot open database %s: %s", dsn,
		         st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		return STORE_ERROR;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (sqlite3_exec(st->db, pragmas_sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(st->db, schema_version_sql, NULL, NULL, &msg) !=
	        SQLITE_OK) {
		*err = errf("cannot set up database %s: %s", dsn,
		            msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	return STORE_OK;
}

void lite_close(struct store *st)
{
	/* Refreshes planner statistics where they are missing or stale (after
	 * a units import, say), as SQLite recommends before closing. */
	(void)sqlite3_exec(st->db, "PRAGMA optimize", NULL, NULL, NULL);
	if (sqlite3_close(st->db) != SQLITE_OK)
		log_error("store=sqlite op=close err=\"%s\"",
		          sqlite3_errmsg(st->db));
}
