/*
 * store_copy.c — store_migrate_to (store_copy.h): a SQLite database copied
 * into PostgreSQL table by table with COPY, then verified.
 *
 * This file talks to both libraries directly: the shared statement layer
 * (db.c) runs one statement at a time with bound parameters, and a bulk
 * copy needs SQLite's typed columns on one side and libpq's COPY protocol
 * on the other.  The target's connection is the store's own (store_open,
 * store_migrate), so its schema is the one the servers will use.
 *
 * This file reads both catalogues (the source's tables and columns must
 * be the target's, in the same order), orders the tables by the target's
 * foreign keys, and runs the one transaction: secondary indexes and
 * foreign keys out, triggers off, tables emptied, loaded, triggers on,
 * sequences moved, indexes and foreign keys back, everything read back.
 * The rows themselves, their text and their checksums, are
 * store_copy_rows.c's; the indexes and keys store_copy_schema.c's.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_copy.h"
#include "store/store_copy_int.h"

#define FLOAT4OID 700
#define FLOAT8OID 701

/* Tables the migrations fill with reference rows: a target holding rows
 * only in these is a new database. */
static const char *const reference_tables[] = {"deadline_rules", "holidays",
                                               NULL};

char *copy_errf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size);

	if (p == NULL)
		abort();
	return p;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sets *c->err unless an earlier, more precise message is there. */
bool copy_fail(struct copy *c, char *msg)
{
	if (*c->err == NULL)
		*c->err = msg;
	else
		free(msg);
	return false;
}

/* SQL identifier: "name" with " doubled (both dialects).  malloc'd. */
static char *quote_ident(const char *name)
{
	size_t n = strlen(name);
	char *q = xcalloc(2 * n + 3, 1), *o = q;

	*o++ = '"';
	for (const char *p = name; *p != '\0'; p++) {
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	*o = '"';
	return q;
}

/* ---- PostgreSQL ------------------------------------------------------ */

/* *c->err for a failed result: what, the SQLSTATE and the primary
 * message.  A data exception (class 22) quotes the offending value after
 * a colon, which may be a person's: it is cut there. */
bool copy_pg_fail(struct copy *c, const PGresult *res, const char *what)
{
	const char *state =
	    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg =
	    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	int len;

	if (msg == NULL)
		msg = PQerrorMessage(c->pg);
	len = (int)strcspn(msg, "\n");
	if (state != NULL && strncmp(state, "22", 2) == 0)
		len = (int)strcspn(msg, ":\n");
	return copy_fail(c, copy_errf("%s: %s %.*s", what,
	                              state ? state : "08000", len, msg));
}

static bool pg_run(struct copy *c, const char *sql, const char *what)
{
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType t = PQresultStatus(res);
	bool ok = t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;

	if (!ok)
		copy_pg_fail(c, res, what);
	PQclear(res);
	return ok;
}

/* Runs "<sql_prefix> <table>" for every table, e.g. ALTER TABLE … */
static bool pg_each(struct copy *c, const char *fmt, const char *what)
{
	for (int i = 0; i < c->n; i++) {
		char *sql = copy_errf(fmt, c->t[i].quoted);
		char *msg = copy_errf("%s %s", what, c->t[i].name);
		bool ok = pg_run(c, sql, msg);

		free(sql);
		free(msg);
		if (!ok)
			return false;
	}
	return true;
}

/* ---- the source ------------------------------------------------------ */

static int newest_migration(void)
{
	int newest = 0;

	for (const struct migration *m = migrations; m->sql != NULL; m++)
		newest = m->number;
	return newest;
}

/* The first column of the one-row answer of sql as an integer; false when
 * it has none. */
static bool lite_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *s;
	bool ok;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return false;
	ok = sqlite3_step(s) == SQLITE_ROW &&
	     sqlite3_column_type(s, 0) != SQLITE_NULL;
	if (ok)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return ok;
}

/* Opens the source read-only, starts the read transaction the whole copy
 * reads from, and checks its schema version. */
static bool open_source(struct copy *c, const char *path,
                        struct store_copy_info *info)
{
	int64_t version = 0;
	int newest = newest_migration();
	sqlite3_stmt *s;

	if (sqlite3_open_v2(path, &c->lite, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return copy_fail(c, copy_errf("cannot open %s: %s", path,
		                              c->lite ? sqlite3_errmsg(c->lite)
		                                      : "out of memory"));
	sqlite3_busy_timeout(c->lite, 5000);
	if (sqlite3_exec(c->lite, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    !lite_int(c->lite, "SELECT max(version) FROM schema_version",
	              &version))
		return copy_fail(c,
		                 copy_errf("%s is not a trogiup database (%s)",
		                           path, sqlite3_errmsg(c->lite)));
	/* Read inside the transaction: the version of its snapshot. */
	if (!lite_int(c->lite, "PRAGMA data_version", &c->data_version))
		return copy_fail(
		    c, copy_errf("%s: %s", path, sqlite3_errmsg(c->lite)));
	if (version < newest)
		return copy_fail(
		    c, copy_errf("%s is at schema version %" PRId64
		                 " and this program's is %d: migrate it"
		                 " first (trogiup init --db %s); "
		                 "migrate-store never writes to the source",
		                 path, version, newest, path));
	if (version > newest)
		return copy_fail(c, copy_errf("%s is at schema version %" PRId64
		                              ", newer than this program's %d",
		                              path, version, newest));
	info->schema_version = (int)version;
	if (sqlite3_prepare_v2(c->lite,
	                       "SELECT value FROM settings"
	                       " WHERE key = 'seal_key_file'",
	                       -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		snprintf(info->seal_key_file, sizeof info->seal_key_file, "%s",
		         (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return true;
}

/* The source's tables (in creation order) and their columns. */
static bool read_source_tables(struct copy *c)
{
	sqlite3_stmt *s, *cols;
	int cap = 16;

	if (sqlite3_prepare_v2(c->lite,
	                       "SELECT name FROM sqlite_master WHERE type ="
	                       " 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE"
	                       " '\\' AND name <> 'schema_version'"
	                       " ORDER BY rowid",
	                       -1, &s, NULL) != SQLITE_OK)
		return copy_fail(
		    c, copy_errf("cannot list the source's tables: %s",
		                 sqlite3_errmsg(c->lite)));
	c->t = xcalloc((size_t)cap, sizeof *c->t);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct table *t;
		struct buf list = {0};
		char *sql;
		int colcap = 8;

		if (c->n == cap) {
			cap *= 2;
			if ((c->t = realloc(c->t, (size_t)cap *
			                              sizeof *c->t)) == NULL)
				abort();
		}
		t = &c->t[c->n++];
		memset(t, 0, sizeof *t);
		t->name = strdup((const char *)sqlite3_column_text(s, 0));
		t->quoted = quote_ident(t->name);
		t->cols = xcalloc((size_t)colcap, sizeof *t->cols);
		sql = sqlite3_mprintf("PRAGMA table_info(%s)", t->quoted);
		if (sqlite3_prepare_v2(c->lite, sql, -1, &cols, NULL) !=
		    SQLITE_OK) {
			sqlite3_free(sql);
			sqlite3_finalize(s);
			return copy_fail(
			    c, copy_errf("cannot read table %s: %s", t->name,
			                 sqlite3_errmsg(c->lite)));
		}
		sqlite3_free(sql);
		while (sqlite3_step(cols) == SQLITE_ROW) {
			const char *col =
			    (const char *)sqlite3_column_text(cols, 1);
			char *q = quote_ident(col);

			if (t->ncols == colcap) {
				colcap *= 2;
				if ((t->cols = realloc(
				         t->cols, (size_t)colcap *
				                      sizeof *t->cols)) == NULL)
					abort();
			}
			t->cols[t->ncols++] = strdup(col);
			if (list.len > 0)
				copy_buf_add(&list, ", ", 2);
			copy_buf_add(&list, q, strlen(q));
			free(q);
		}
		sqlite3_finalize(cols);
		copy_buf_add(&list, "", 1);
		t->collist = list.p;
		t->is_float = xcalloc((size_t)t->ncols, sizeof *t->is_float);
		t->sequence = xcalloc((size_t)t->ncols, sizeof *t->sequence);
	}
	sqlite3_finalize(s);
	return true;
}

static struct table *find_table(struct copy *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->t[i].name, name) == 0)
			return &c->t[i];
	return NULL;
}

/* ---- the target's catalogue ------------------------------------------ */

/* The target must have the source's tables with the same columns in the
 * same order; notes which columns are floating-point and which own a
 * sequence. */
static bool match_target(struct copy *c)
{
	static const char sql[] =
	    "SELECT c.relname, a.attname, a.atttypid,"
	    " pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname),"
	    " a.attname), c.relkind"
	    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	    " JOIN pg_attribute a ON a.attrelid = c.oid"
	    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
	    " AND a.attnum > 0 AND NOT a.attisdropped"
	    " AND c.relname <> 'schema_version'"
	    " ORDER BY c.relname, a.attnum";
	PGresult *res = PQexec(c->pg, sql);
	bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		copy_pg_fail(c, res, "cannot read the target's catalogue");
	for (int r = 0; ok && r < PQntuples(res); r++) {
		struct table *t = find_table(c, PQgetvalue(res, r, 0));
		const char *col = PQgetvalue(res, r, 1);
		long type = strtol(PQgetvalue(res, r, 2), NULL, 10);

		if (t == NULL) {
			ok = copy_fail(
			    c, copy_errf("the target has a table %s that the"
			                 " source has not",
			                 PQgetvalue(res, r, 0)));
		} else if (t->seen >= t->ncols ||
		           strcmp(t->cols[t->seen], col) != 0) {
			ok = copy_fail(
			    c, copy_errf("table %s: column %d is %s in the "
			                 "target and %s in the source",
			                 t->name, t->seen + 1, col,
			                 t->seen < t->ncols ? t->cols[t->seen]
			                                    : "missing"));
		} else {
			t->is_float[t->seen] =
			    type == FLOAT4OID || type == FLOAT8OID;
			t->partitioned = PQgetvalue(res, r, 4)[0] == 'p';
			if (!PQgetisnull(res, r, 3))
				t->sequence[t->seen] =
				    strdup(PQgetvalue(res, r, 3));
			t->seen++;
		}
	}
	PQclear(res);
	for (int i = 0; ok && i < c->n; i++)
		if (c->t[i].seen != c->t[i].ncols)
			ok = copy_fail(
			    c,
			    copy_errf(c->t[i].seen == 0
			                  ? "table %s is missing in the target"
			                  : "table %s has fewer columns in the"
			                    " target",
			              c->t[i].name));
	return ok;
}

/* The load order: a table after every table its foreign keys reference
 * (a topological sort, ties in the source's creation order). */
static bool load_order(struct copy *c)
{
	static const char sql[] =
	    "SELECT c.relname, p.relname FROM pg_constraint k"
	    " JOIN pg_class c ON c.oid = k.conrelid"
	    " JOIN pg_class p ON p.oid = k.confrelid"
	    " JOIN pg_namespace n ON n.oid = c.relnamespace"
	    " WHERE k.contype = 'f' AND n.nspname = current_schema()";
	PGresult *res = PQexec(c->pg, sql);
	int placed = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		copy_pg_fail(c, res, "cannot read the target's foreign keys");
		PQclear(res);
		return false;
	}
	c->order = xcalloc((size_t)c->n, sizeof *c->order);
	while (placed < c->n) {
		int before = placed;

		for (int i = 0; i < c->n; i++) {
			bool ready = !c->t[i].placed;

			for (int r = 0; ready && r < PQntuples(res); r++) {
				struct table *parent;

				if (strcmp(PQgetvalue(res, r, 0),
				           c->t[i].name) != 0 ||
				    strcmp(PQgetvalue(res, r, 1),
				           c->t[i].name) == 0)
					continue;
				parent = find_table(c, PQgetvalue(res, r, 1));
				ready = parent == NULL || parent->placed;
			}
			if (ready) {
				c->t[i].placed = true;
				c->order[placed++] = i;
			}
		}
		if (placed == before)
			break;
	}
	PQclear(res);
	if (placed < c->n)
		return copy_fail(
		    c, copy_errf("the target's foreign keys form a cycle"));
	return true;
}

/* STORE_CONFLICT when a table other than the reference tables has a row. */
static enum store_status target_empty(struct copy *c)
{
	for (int i = 0; i < c->n; i++) {
		bool reference = false, has_rows;
		char *sql;
		PGresult *res;

		for (const char *const *r = reference_tables; *r; r++)
			reference |= strcmp(*r, c->t[i].name) == 0;
		if (reference)
			continue;
		sql = copy_errf("SELECT 1 FROM %s LIMIT 1", c->t[i].quoted);
		res = PQexec(c->pg, sql);
		free(sql);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			copy_pg_fail(c, res, c->t[i].name);
			PQclear(res);
			return STORE_ERROR;
		}
		has_rows = PQntuples(res) > 0;
		PQclear(res);
		if (has_rows) {
			copy_fail(
			    c, copy_errf(
			           "the target already holds data (table "
			           "%s has rows): give --force to replace it",
			           c->t[i].name));
			return STORE_CONFLICT;
		}
	}
	return STORE_OK;
}

/* Every sequence of a table moved past its highest value, so the next
 * insert gets a new id. */
static bool reset_sequences(struct copy *c, struct table *t)
{
	for (int i = 0; i < t->ncols; i++) {
		char *q, *sql;
		const char *param;
		PGresult *res;
		bool ok;

		if (t->sequence[i] == NULL)
			continue;
		q = quote_ident(t->cols[i]);
		sql = copy_errf(
		    "SELECT setval($1::regclass,"
		    " COALESCE((SELECT max(%s) FROM %s), 0) + 1, false)",
		    q, t->quoted);
		param = t->sequence[i];
		res = PQexecParams(c->pg, sql, 1, NULL, &param, NULL, NULL, 0);
		ok = PQresultStatus(res) == PGRES_TUPLES_OK;
		if (!ok)
			copy_pg_fail(c, res, "cannot reset a sequence");
		PQclear(res);
		free(sql);
		free(q);
		if (!ok)
			return false;
	}
	return true;
}

/* ---- the whole copy -------------------------------------------------- */

static bool load_all(struct copy *c, store_copy_fn *progress, void *ctx,
                     double *index_seconds)
{
	struct buf truncate = {0};
	double start;

	/* Load first, index after (store_copy_schema.c). */
	if (!copy_take_out(c) ||
	    !pg_each(c, "ALTER TABLE %s DISABLE TRIGGER USER",
	             "cannot disable the triggers of"))
		return false;
	copy_buf_add(&truncate, "TRUNCATE ", 9);
	for (int i = 0; i < c->n; i++) {
		if (i > 0)
			copy_buf_add(&truncate, ", ", 2);
		copy_buf_add(&truncate, c->t[i].quoted, strlen(c->t[i].quoted));
	}
	copy_buf_add(&truncate, "", 1);
	if (!pg_run(c, truncate.p, "cannot empty the target")) {
		free(truncate.p);
		return false;
	}
	free(truncate.p);
	for (int k = 0; k < c->n; k++) {
		struct table *t = &c->t[c->order[k]];
		struct store_copy_table report = {.name = t->name};
		double start = now_s();

		if (progress)
			progress(ctx, STORE_COPY_LOADING, &report);
		if (!copy_load_table(c, t) || !reset_sequences(c, t))
			return false;
		report.rows = t->src.rows;
		report.seconds = now_s() - start;
		if (progress)
			progress(ctx, STORE_COPY_LOADED, &report);
	}
	if (!pg_each(c, "ALTER TABLE %s ENABLE TRIGGER USER",
	             "cannot enable the triggers of"))
		return false;
	start = now_s();
	if (!copy_put_back(c))
		return false;
	*index_seconds = now_s() - start;
	return true;
}

static bool verify_all(struct copy *c, store_copy_fn *progress, void *ctx)
{
	bool ok = true;

	for (int k = 0; ok && k < c->n; k++) {
		struct table *t = &c->t[c->order[k]];
		struct store_copy_table report = {.name = t->name};

		if (!copy_read_back(c, t))
			return false;
		report.rows = t->src.rows;
		report.checksum = t->src.sum ^ t->src.mix;
		report.ok = memcmp(&t->src, &t->dst, sizeof t->src) == 0;
		if (progress)
			progress(ctx, STORE_COPY_VERIFIED, &report);
		if (!report.ok)
			ok = copy_fail(
			    c, copy_errf("table %s differs after the copy "
			                 "(%ld rows in the source, %ld in the"
			                 " target)",
			                 t->name, t->src.rows, t->dst.rows));
	}
	return ok;
}

/* Ends the source's read transaction; false when another connection
 * committed to the source since it began. */
static bool source_unchanged(struct copy *c)
{
	int64_t now = 0;

	if (sqlite3_exec(c->lite, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
	    !lite_int(c->lite, "PRAGMA data_version", &now))
		return copy_fail(c,
		                 copy_errf("cannot end the source's read: %s",
		                           sqlite3_errmsg(c->lite)));
	if (now != c->data_version)
		return copy_fail(
		    c, copy_errf("the source was written to during the copy"
		                 " (is a server using it?): stop it and run"
		                 " migrate-store again"));
	return true;
}

static void copy_free(struct copy *c)
{
	for (int i = 0; i < c->n; i++) {
		struct table *t = &c->t[i];

		for (int k = 0; k < t->ncols; k++) {
			free(t->cols[k]);
			free(t->sequence[k]);
		}
		free(t->cols);
		free(t->sequence);
		free(t->is_float);
		free(t->name);
		free(t->quoted);
		free(t->collist);
	}
	free(c->t);
	free(c->order);
	copy_deferred_free(c);
	free(c->line.p);
	if (c->lite != NULL)
		sqlite3_close(c->lite);
	store_close(c->st);
}

enum store_status store_migrate_to(const char *from_path, const char *to_dsn,
                                   bool force, store_copy_fn *progress,
                                   void *ctx, struct store_copy_info *info,
                                   char **err)
{
	struct store_copy_info mine;
	struct copy c = {.err = err};
	enum store_status status = STORE_ERROR;
	double start;
	int target_version;

	*err = NULL;
	if (info == NULL)
		info = &mine;
	memset(info, 0, sizeof *info);
	if (!store_dsn_is_postgres(to_dsn)) {
		*err = copy_errf("the target must be a PostgreSQL database "
		                 "(postgres://…)");
		return STORE_ERROR;
	}
	if (!open_source(&c, from_path, info) || !read_source_tables(&c))
		goto out;
	if (store_open(to_dsn, &c.st, err) != STORE_OK ||
	    store_migrate(c.st, err) != STORE_OK)
		goto out;
	c.pg = c.st->pg;
	target_version = store_schema_version(c.st);
	if (target_version != info->schema_version) {
		copy_fail(
		    &c,
		    copy_errf("the target is at schema version %d, the source"
		              " at %d",
		              target_version, info->schema_version));
		goto out;
	}
	if (!match_target(&c) || !load_order(&c) ||
	    !pg_run(&c, "BEGIN", "cannot begin"))
		goto out;
	if (!force && (status = target_empty(&c)) != STORE_OK)
		goto out;
	status = STORE_ERROR;
	start = now_s();
	if (!load_all(&c, progress, ctx, &info->index_seconds))
		goto out;
	info->load_seconds = now_s() - start;
	start = now_s();
	if (!verify_all(&c, progress, ctx) || !source_unchanged(&c) ||
	    !pg_run(&c, "COMMIT", "cannot commit"))
		goto out;
	info->verify_seconds = now_s() - start;
	info->tables = c.n;
	for (int i = 0; i < c.n; i++)
		info->rows += c.t[i].src.rows;
	status = STORE_OK;
out:
	if (c.pg != NULL && PQtransactionStatus(c.pg) != PQTRANS_IDLE)
		PQclear(PQexec(c.pg, "ROLLBACK"));
	if (status != STORE_OK && *err == NULL)
		*err = copy_errf("the copy failed");
	copy_free(&c);
	return status;
}
