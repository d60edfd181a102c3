/*
 * db_open.c — opening a store on the driver its DSN names, closing it,
 * the schema version and migrations (each in one write transaction, the
 * list of the store's own dialect), and the key/value settings.  Shared by
 * SQLite and PostgreSQL; the statements themselves run through db.c.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "store/db.h"

static const char *driver_name(const struct store *st)
{
	return st->pg != NULL ? "pg" : "sqlite";
}

/* ---- connection ------------------------------------------------------ */

enum store_status store_open(const char *dsn, struct store **out, char **err)
{
	enum store_status status;
	struct store *st;

	assert(dsn != NULL && out != NULL && err != NULL);
	*out = NULL;
	*err = NULL;
	if ((st = calloc(1, sizeof *st)) == NULL)
		abort();
	status = store_dsn_is_postgres(dsn) ? pg_open(st, dsn, err)
	                                    : lite_open(st, dsn, err);
	if (status != STORE_OK) {
		log_error("store=%s op=open err=\"%s\"",
		          store_dsn_is_postgres(dsn) ? "pg" : "sqlite", *err);
		store_close(st);
		return status;
	}
	*out = st;
	return STORE_OK;
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < STMT__MAX; i++) {
		struct dbstmt *s = st->stmt[i];

		assert(st->taken_ns[i] == 0); /* a statement still in use */
		if (s == NULL)
			continue;
		if (s->lite != NULL)
			lite_finalize(s);
		else
			pg_finalize(s);
		for (int n = 1; n <= s->nparams; n++)
			free(s->param[n].buf);
		free(s->param);
		free(s->types);
		free(s);
	}
	if (st->pg != NULL)
		pg_close(st);
	else if (st->db != NULL)
		lite_close(st);
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
	struct dbstmt *s;
	int version = -1;
	int rc;

	assert(st != NULL);
	if ((s = stmt_take(st, STMT_SCHEMA_VERSION)) == NULL)
		return -1;
	rc = db_step(s);
	if (rc == DB_ROW)
		version = col_int(s, 0);
	else
		stmt_fail(st, STMT_SCHEMA_VERSION, rc);
	stmt_give(st, STMT_SCHEMA_VERSION);
	return version;
}

/* ---- migrations ------------------------------------------------------ */

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

static const char *last_error(struct store *st)
{
	return st->pg != NULL ? st->errmsg : lite_errmsg(st);
}

/* 1 when migration number is recorded, 0 when not, -1 on error. */
static int schema_applied(struct store *st, int number)
{
	struct dbstmt *s = stmt_take(st, STMT_SCHEMA_APPLIED);
	int rc, applied = -1;

	if (s == NULL)
		return -1;
	bind_i64(s, 1, number);
	rc = db_step(s);
	if (rc == DB_ROW || rc == DB_DONE)
		applied = rc == DB_ROW;
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
	struct dbstmt *s;
	int applied;

	if (db_begin_write(st) != STORE_OK) {
		*err = errf("migration %s: cannot begin: %s", m->name,
		            last_error(st));
		return STORE_ERROR;
	}
	applied = schema_applied(st, m->number);
	if (applied != 0) {
		if (applied < 0)
			*err =
			    errf("migration %s: %s", m->name, last_error(st));
		status = applied > 0 ? STORE_OK : STORE_ERROR;
		goto out;
	}
	if ((st->pg != NULL ? pg_exec(st, m->sql, err)
	                    : lite_exec(st, m->sql, err)) != STORE_OK)
		goto out;
	if ((s = stmt_take(st, STMT_SCHEMA_RECORD)) == NULL) {
		*err = errf("migration %s: %s", m->name, last_error(st));
		goto out;
	}
	bind_i64(s, 1, m->number);
	bind_text(s, 2, m->name);
	bind_i64(s, 3, (int64_t)time(NULL));
	if (stmt_finish(st, STMT_SCHEMA_RECORD) != STORE_OK ||
	    stmt_run(st, STMT_COMMIT) != STORE_OK) {
		*err = errf("migration %s: %s", m->name, last_error(st));
		goto out;
	}
	log_info("store=%s op=migrate version=%d name=%s", driver_name(st),
	         m->number, m->name);
	status = STORE_OK;
out:
	if (status != STORE_OK && *err != NULL &&
	    strncmp(*err, "migration ", 10) != 0) {
		char *bare = *err;

		*err = errf("migration %s: %s", m->name, bare);
		free(bare);
	}
	if (db_in_tx(st))
		stmt_run(st, STMT_ROLLBACK);
	return status;
}

enum store_status store_migrate(struct store *st, char **err)
{
	const struct migration *list;
	int current;

	assert(st != NULL && err != NULL);
	assert(!db_in_tx(st));
	*err = NULL;
	current = store_schema_version(st);
	if (current < 0) {
		*err = errf("cannot read schema_version: %s", last_error(st));
		return STORE_ERROR;
	}
	list = st->pg != NULL ? pg_migrations : migrations;
	for (const struct migration *m = list; m->sql != NULL; m++) {
		if (m->number <= current)
			continue;
		if (migrate_one(st, m, err) != STORE_OK) {
			log_error("store=%s op=migrate err=\"%s\"",
			          driver_name(st), *err);
			return STORE_ERROR;
		}
	}
	/* SQLite's append-only guards are (re)applied after every migrate;
	 * PostgreSQL's are part of its migrations. */
	return st->pg != NULL ? STORE_OK : lite_exec_guards(st, err);
}

/* ---- settings -------------------------------------------------------- */

enum store_status store_setting_get(struct store *st, struct arena *a,
                                    const char *key, const char **value)
{
	enum store_status status;
	struct dbstmt *s;

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
	struct dbstmt *s;

	assert(st != NULL && key != NULL && value != NULL);
	if ((s = stmt_take(st, STMT_SETTING_SET)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, key);
	bind_text(s, 2, value);
	return stmt_finish(st, STMT_SETTING_SET);
}
