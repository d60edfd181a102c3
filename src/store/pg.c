/*
 * pg.c — the PostgreSQL driver of the store, on libpq: connecting,
 * preparing each statement once per connection, executing it with the
 * parameters db.c collected, reading its result row by row, and running
 * migration scripts.  Everything else is shared with SQLite (db.c, db.h);
 * the few texts PostgreSQL needs in its own dialect are in sql_pg.c and
 * its schema in src/store/migrations/pg/.
 *
 * Parameters travel in libpq's text format and their types are inferred
 * by the server from the statement, so the shared texts need no casts
 * except where sql_pg.c says.  A `$n` that a text does not use is declared
 * text so PostgreSQL accepts the gap (the shared binders bind more
 * parameters than some texts use).  A result is read whole (PQexecPrepared)
 * and then stepped through: the store's queries are paged, and a whole
 * result lets a store function run a second statement while it reads the
 * first, as it may on SQLite.
 *
 * A statement whose parameters are compared other than by equality —
 * the shared texts' optional filters, `(CAST($n AS TEXT) IS NULL OR col
 * = $n)`, name prefixes, `LIKE $n`, path ranges, `col >= $n` — is planned
 * on every execution with its parameters' values (PQexecParams, the
 * unnamed statement): such a text can use the right index only when the
 * planner sees the value, and a generic plan would scan.  The others
 * (lookups by key, inserts, updates by id) run prepared and, after
 * PostgreSQL's first five custom plans, generic: planning them on every
 * run had cost a units read 4 times its CPU (610 against ~150 µs a
 * request, bench/units-vs-nginx).
 *
 * Queued writes (db.h stmt_copy) become the lines of a `COPY … FROM
 * STDIN` in the caller's transaction: no Bind/Execute, executor start or
 * round trip per row, and the rows pass the same triggers, constraints
 * and foreign keys as an INSERT.  The COPY is ended and its answer read
 * after COPY_ROWS_MAX rows, at store_flush(), and before the next
 * statement is prepared or executed here (pg_prepare, execute()), so no
 * other statement ever meets a COPY in progress.  When a row fails,
 * PostgreSQL aborts the COPY and the transaction; the first failure is
 * remembered with the tag of the row it names (db_queue.c).
 *
 * The database must use the C collation: lineage paths are compared byte
 * by byte (db.h within_bounds), and a linguistic collation would sort '/'
 * elsewhere.  pg_open refuses any other.  Errors are logged with their
 * SQLSTATE and primary message only: PostgreSQL's DETAIL repeats the
 * row's values, which may be a person's.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "store/db.h"

#define TEXTOID 25 /* pg_type.oid of text */

static const char schema_version_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version BIGINT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

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

/* Notices ("relation already exists, skipping") are not errors, and
 * libpq would print them on stderr. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Keeps res's SQLSTATE and primary message in st->errmsg. */
static void remember_error(struct store *st, const PGresult *res)
{
	const char *state =
	    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg =
	    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (msg == NULL)
		msg = PQerrorMessage(st->pg);
	snprintf(st->errmsg, sizeof st->errmsg, "%s %s",
	         state ? state : "08000", msg);
	/* libpq's connection messages end in a newline. */
	st->errmsg[strcspn(st->errmsg, "\n")] = '\0';
}

static bool result_ok(const PGresult *res)
{
	ExecStatusType t = PQresultStatus(res);

	return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

/* Runs one parameterless statement of the driver's own; false (and
 * st->errmsg) on failure. */
static bool run(struct store *st, const char *sql)
{
	PGresult *res = PQexec(st->pg, sql);
	bool ok = result_ok(res);

	if (!ok)
		remember_error(st, res);
	PQclear(res);
	return ok;
}

/* The one-row, one-column text answer of sql into buf. */
static bool answer(struct store *st, const char *sql, char *buf, size_t len)
{
	PGresult *res = PQexec(st->pg, sql);
	bool ok = PQresultStatus(res) == PGRES_TUPLES_OK &&
	          PQntuples(res) == 1 && PQnfields(res) == 1;

	if (ok)
		snprintf(buf, len, "%s", PQgetvalue(res, 0, 0));
	else
		remember_error(st, res);
	PQclear(res);
	return ok;
}

/* The session's settings, at open and after a reconnect. */
static bool session_setup(struct store *st)
{
	return run(st, "SET TIME ZONE 'UTC'") &&
	       run(st, "SET plan_cache_mode = auto");
}

enum store_status pg_open(struct store *st, const char *dsn, char **err)
{
	char collate[64];

	st->pg = PQconnectdb(dsn);
	if (st->pg == NULL)
		abort(); /* libpq could not allocate */
	if (PQstatus(st->pg) != CONNECTION_OK) {
		remember_error(st, NULL);
		*err = errf("cannot connect to PostgreSQL: %s", st->errmsg);
		return STORE_ERROR;
	}
	PQsetNoticeProcessor(st->pg, ignore_notice, NULL);
	if (PQsetClientEncoding(st->pg, "UTF8") != 0 || !session_setup(st) ||
	    !answer(st,
	            "SELECT datcollate FROM pg_database"
	            " WHERE datname = current_database()",
	            collate, sizeof collate)) {
		*err = errf("cannot set up the PostgreSQL session: %s",
		            st->errmsg);
		return STORE_ERROR;
	}
	if (strcmp(collate, "C") != 0 && strcmp(collate, "POSIX") != 0) {
		*err = errf("the database uses collation %s; trogiup needs C"
		            " (CREATE DATABASE … TEMPLATE template0"
		            " LC_COLLATE 'C' LC_CTYPE 'C' ENCODING 'UTF8')",
		            collate);
		return STORE_ERROR;
	}
	if (!run(st, schema_version_sql)) {
		*err = errf("cannot create schema_version: %s", st->errmsg);
		return STORE_ERROR;
	}
	return STORE_OK;
}

void pg_close(struct store *st)
{
	PQfinish(st->pg);
	st->pg = NULL;
	free(st->copy_tags);
	st->copy_tags = NULL;
	free(st->copy_line);
	st->copy_line = NULL;
	st->copy_cap = 0;
	st->copy = NULL;
	st->copy_rows = 0;
	st->plans_generic = false;
}

/* The highest `$n` of sql, and which numbers it uses, skipping quoted
 * literals and identifiers. */
static int scan_params(const char *sql, bool used[STMT_PARAMS_MAX + 1])
{
	int max = 0;
	char quote = 0;

	for (const char *p = sql; *p != '\0'; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			int n = (int)strtol(p + 1, NULL, 10);

			assert(n <= STMT_PARAMS_MAX);
			used[n] = true;
			if (n > max)
				max = n;
		}
	}
	return max;
}

/* Whether sql must be planned on every execution: it has an OR or a
 * LIKE, or compares a `$n` other than by `=` (ranges, `||`, IN, ANY).  A
 * `$n` after `(`, `,`, LIMIT or OFFSET is a value, a function's argument
 * or a page bound; after a lone `=`, a key.  It reads only what precedes
 * each `$n`: a new text such as `($1 BETWEEN a AND b)` or `= ANY($1)`
 * would be taken for a value and run prepared, so a parameter-sensitive
 * text of that shape needs an OR-free rewrite or this rule widened (all
 * 233 texts were classified and read when it was written: 90 per run,
 * 143 prepared, all key lookups, inserts and updates by id). */
static bool plan_per_run(const char *sql)
{
	char quote = 0;

	if (strstr(sql, " OR ") != NULL || strstr(sql, "LIKE") != NULL)
		return true;
	for (const char *p = sql; *p != '\0'; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			continue;
		}
		if (*p != '$' || p[1] < '1' || p[1] > '9')
			continue;
		const char *b = p;
		while (b > sql && b[-1] == ' ')
			b--;
		if (b == sql)
			return true;
		if (b[-1] == '(' || b[-1] == ',')
			continue;
		if (b[-1] == '=' && (b - 1 == sql || !strchr("<>!", b[-2])))
			continue;
		if ((b - sql >= 5 && strncmp(b - 5, "LIMIT", 5) == 0) ||
		    (b - sql >= 6 && strncmp(b - 6, "OFFSET", 6) == 0))
			continue;
		return true;
	}
	return false;
}

static bool prepare_on_server(struct store *st, struct dbstmt *s)
{
	bool used[STMT_PARAMS_MAX + 1] = {false};
	Oid types[STMT_PARAMS_MAX];
	const char *sql = stmt_sql(st, s->id);
	char name[16];
	PGresult *res;
	int max = scan_params(sql, used);
	bool ok;

	for (int n = 1; n <= max; n++)
		types[n - 1] = used[n] ? 0 : TEXTOID;
	s->per_run = plan_per_run(sql);
	free(s->types);
	s->types = NULL;
	if (s->per_run) {
		if ((s->types = calloc((size_t)max + 1, sizeof *s->types)) ==
		    NULL)
			abort();
		memcpy(s->types, types, (size_t)max * sizeof *types);
	}
	snprintf(name, sizeof name, "s%d", (int)s->id);
	res = PQprepare(st->pg, name, sql, max, types);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok) {
		remember_error(st, res);
		log_error("store=pg op=prepare stmt=%s err=\"%s\"",
		          sql_texts[s->id].name, st->errmsg);
	}
	PQclear(res);
	s->nparams = max;
	return ok;
}

static void plans_put_back(struct store *st, enum stmt id);

struct dbstmt *pg_prepare(struct store *st, enum stmt id)
{
	struct dbstmt *s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		abort();
	s->st = st;
	s->id = id;
	s->row = -1;
	/* No statement is prepared during a COPY. */
	plans_put_back(st, id);
	if (!prepare_on_server(st, s)) {
		free(s->types);
		free(s);
		return NULL;
	}
	if ((s->param = calloc((size_t)s->nparams + 1, sizeof *s->param)) ==
	    NULL)
		abort();
	return s;
}

void pg_finalize(struct dbstmt *s)
{
	PQclear(s->res);
	s->res = NULL;
}

void pg_reset(struct dbstmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = 0;
}

/* After the server went away: a new session, with every statement this
 * connection had prepared prepared again.  execute() does it only outside
 * a transaction — inside one, the work is lost and the caller must see the
 * error; its ROLLBACK then reconnects. */
static bool reconnect(struct store *st)
{
	PQreset(st->pg);
	st->plans_generic = false;
	if (PQstatus(st->pg) != CONNECTION_OK || !session_setup(st))
		return false;
	for (int i = 0; i < STMT__MAX; i++)
		if (st->stmt[i] != NULL && !prepare_on_server(st, st->stmt[i]))
			return false;
	log_info("store=pg op=reconnect");
	return true;
}

/* Whether res failed on a unique or primary key (23505).  Read before
 * PQclear, which frees the field. */
static bool unique_violation(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return state != NULL && strcmp(state, "23505") == 0;
}

/* ---- queued rows as COPY (db.h stmt_copy) -----------------------------
 *
 * Rows are written in COPY's text format: fields split by tabs, a line
 * each, NULL as \N, and a backslash, tab, newline or carriage return
 * inside a value escaped as \\, \t, \n, \r; every other byte passes
 * as it is (the connection's encoding is UTF-8).  A line of the stream
 * is therefore a row, and PostgreSQL names a failing row by its line in
 * the error's context ("COPY participants, line 2499[, column …]"):
 * copy_tags maps it back to the caller's tag.  Checks PostgreSQL runs
 * only once the COPY's rows are in (foreign keys, AFTER triggers) name
 * no line: their failure is charged to the COPY's first row.  The only
 * such check of the queued tables is participants.training_id, the same
 * for every row of an import, so that is the row an INSERT per row
 * would have failed at.
 *
 * libpq sends the data as it goes (PQputCopyData flushes its buffer when
 * full) and the server inserts while later rows are still written; the
 * answer is read only when the COPY ends.  A server that failed keeps
 * reading (and dropping) the data up to the end, so a blocked write
 * always drains. */

/* Room for n more bytes on the line being written. */
static void line_room(struct store *st, size_t len, size_t n)
{
	size_t cap = st->copy_cap ? st->copy_cap : 256;

	if (st->copy_line != NULL && len + n <= st->copy_cap)
		return;
	while (cap < len + n)
		cap *= 2;
	if ((st->copy_line = realloc(st->copy_line, cap)) == NULL)
		abort();
	st->copy_cap = cap;
}

/* Appends value v (NULL: SQL NULL) to the line at *len, escaped. */
static void line_value(struct store *st, size_t *len, const char *v)
{
	char *out;

	if (v == NULL) {
		line_room(st, *len, 2);
		memcpy(st->copy_line + *len, "\\N", 2);
		*len += 2;
		return;
	}
	line_room(st, *len, 2 * strlen(v));
	out = st->copy_line + *len;
	for (; *v != '\0'; v++) {
		char c = *v;

		if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			*out++ = '\\';
			c = c == '\t'   ? 't'
			    : c == '\n' ? 'n'
			    : c == '\r' ? 'r'
			                : c;
		}
		*out++ = c;
	}
	*len = (size_t)(out - st->copy_line);
}

/* The line of the stream named by an error's context ("COPY t, line N"
 * on a line of its own, the outermost last), or 0 when there is none. */
static long copy_line_of(const char *context)
{
	long line = 0;

	for (const char *p = context; p != NULL && *p != '\0';) {
		const char *end = p + strcspn(p, "\n");
		const char *at;

		if (strncmp(p, "COPY ", 5) == 0 &&
		    (at = strstr(p, ", line ")) != NULL && at < end)
			line = strtol(at + 7, NULL, 10);
		p = *end != '\0' ? end + 1 : end;
	}
	return line;
}

/* The COPY's failure, res (NULL: the connection's), charged to the tag
 * of the line it names. */
static void copy_failed(struct store *st, const PGresult *res)
{
	long line = copy_line_of(
	    res != NULL ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL);
	size_t i = line >= 1 && (size_t)line <= st->copy_rows ? line - 1 : 0;

	remember_error(st, res);
	queue_fail(st, st->copy_id, st->copy_rows > 0 ? st->copy_tags[i] : 0,
	           res != NULL && unique_violation(res) ? DB_CONFLICT
	                                                : DB_ERROR);
}

void pg_copy_end(struct store *st)
{
	PGresult *res;
	bool failed = false;

	if (st->copy == NULL)
		return;
	if (PQputCopyEnd(st->pg, NULL) != 1) {
		copy_failed(st, NULL);
		failed = true;
	}
	/* The COPY's answer, then NULL.  PGRES_COPY_IN again means the end
	 * was never sent (a broken connection): stop there. */
	while ((res = PQgetResult(st->pg)) != NULL) {
		ExecStatusType t = PQresultStatus(res);

		if (t != PGRES_COMMAND_OK && !failed) {
			copy_failed(st, res);
			failed = true;
		}
		PQclear(res);
		if (t == PGRES_COPY_IN)
			break;
	}
	st->copy = NULL;
	st->copy_rows = 0;
	if (PQstatus(st->pg) == CONNECTION_OK)
		st->pg_tx = PQtransactionStatus(st->pg) != PQTRANS_IDLE;
}

/* PostgreSQL runs a foreign key check for each row a COPY inserts.  When
 * the session planned every execution (force_custom_plan, before
 * d26394b), perf of an import's backend showed the planner
 * (get_relation_info, create_index_paths, mdnblocks' lseek) ahead of the
 * inserts.  Those checks are one fixed query per key: a COPY runs them
 * under generic plans from its first row, set with SET LOCAL in the
 * COPY's own query string (no round trip added) and put back to `auto`
 * before the next other statement of the transaction (plans_put_back).
 * Under `auto` they would turn generic after five rows anyway; the
 * setting costs one statement per transaction that copied, and was
 * kept. */
static const char generic_plans[] =
    "SET LOCAL plan_cache_mode = force_generic_plan; ";

/* Starts the COPY into for statement id's rows; false after a failure
 * (charged to tag, the row that wanted it). */
static bool copy_begin(struct store *st, enum stmt id,
                       const struct copy_into *into, long tag)
{
	char sql[1024];
	PGresult *res;

	if (st->copy_tags == NULL &&
	    (st->copy_tags = calloc(COPY_ROWS_MAX, sizeof *st->copy_tags)) ==
	        NULL)
		abort();
	if (snprintf(sql, sizeof sql, "%s%s", generic_plans, into->sql) >=
	    (int)sizeof sql)
		abort(); /* a constant of the store: a bug */
	st->plans_generic = true;
	res = PQexec(st->pg, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		remember_error(st, res);
		queue_fail(st, id, tag, DB_ERROR);
		PQclear(res);
		return false;
	}
	PQclear(res);
	st->copy = into;
	st->copy_id = id;
	st->copy_rows = 0;
	return true;
}

/* Before a statement other than a COPY: the COPY ended, and the
 * session's plan_cache_mode back if a COPY changed it.  Not for COMMIT
 * or ROLLBACK (the transaction's end undoes SET LOCAL), nor in an
 * aborted transaction, which refuses every statement but ROLLBACK. */
static void plans_put_back(struct store *st, enum stmt id)
{
	pg_copy_end(st);
	if (!st->plans_generic || id == STMT_COMMIT || id == STMT_ROLLBACK)
		return;
	st->plans_generic = false;
	if (PQtransactionStatus(st->pg) == PQTRANS_INTRANS &&
	    !run(st, "SET LOCAL plan_cache_mode = auto"))
		log_error("store=pg op=plans err=\"%s\"", st->errmsg);
}

void pg_copy_row(struct dbstmt *s, const struct copy_into *into, long tag)
{
	struct store *st = s->st;
	size_t len = 0, tail = strlen(into->tail);

	assert(into->first >= 1 && into->first + into->count - 1 <= s->nparams);
	if (st->copy != NULL && (st->copy != into || st->copy_id != s->id))
		pg_copy_end(st);
	if (st->queue_status != STORE_OK ||
	    (st->copy == NULL && !copy_begin(st, s->id, into, tag)))
		return;
	for (int n = into->first; n < into->first + into->count; n++) {
		if (n > into->first) {
			line_room(st, len, 1);
			st->copy_line[len++] = '\t';
		}
		line_value(st, &len, s->param[n].value);
	}
	line_room(st, len, tail + 1);
	memcpy(st->copy_line + len, into->tail, tail);
	len += tail;
	st->copy_line[len++] = '\n';
	st->copy_tags[st->copy_rows++] = tag;
	/* libpq copies the line: the bindings may go once this returns.  A
	 * failure here is a broken connection; pg_copy_end reads it. */
	if (PQputCopyData(st->pg, st->copy_line, (int)len) != 1 ||
	    st->copy_rows == COPY_ROWS_MAX)
		pg_copy_end(st);
}

static enum db_step execute(struct dbstmt *s)
{
	struct store *st = s->st;
	const char *values[STMT_PARAMS_MAX];
	char name[16];
	bool conflict;

	/* Queued rows go first; after one failed, a COMMIT would answer
	 * success and roll back: refuse it. */
	plans_put_back(st, s->id);
	if (s->id == STMT_COMMIT && st->queue_status != STORE_OK) {
		snprintf(st->errmsg, sizeof st->errmsg,
		         "25P02 a queued statement failed (tag %ld)",
		         st->queue_failed);
		return DB_ERROR;
	}
	for (int n = 1; n <= s->nparams; n++)
		values[n - 1] = s->param[n].value;
	snprintf(name, sizeof name, "s%d", (int)s->id);
	if (PQstatus(st->pg) == CONNECTION_BAD) {
		if ((st->pg_tx && s->id != STMT_ROLLBACK) || !reconnect(st)) {
			remember_error(st, NULL);
			return DB_ERROR;
		}
		st->pg_tx = false;
		/* A ROLLBACK is done: the server ended the transaction with
		 * the session. */
		if (s->id == STMT_ROLLBACK)
			return DB_DONE;
	}
	if (s->per_run)
		s->res = PQexecParams(st->pg, stmt_sql(st, s->id), s->nparams,
		                      s->types, values, NULL, NULL, 0);
	else
		s->res = PQexecPrepared(st->pg, name, s->nparams, values, NULL,
		                        NULL, 0);
	if (PQstatus(st->pg) == CONNECTION_OK)
		st->pg_tx = PQtransactionStatus(st->pg) != PQTRANS_IDLE;
	if (!result_ok(s->res)) {
		remember_error(st, s->res);
		conflict = unique_violation(s->res);
		PQclear(s->res);
		s->res = NULL;
		return conflict ? DB_CONFLICT : DB_ERROR;
	}
	s->nrows = PQntuples(s->res);
	s->row = -1;
	st->changes = strtol(PQcmdTuples(s->res), NULL, 10);
	return DB_DONE;
}

enum db_step pg_step(struct dbstmt *s)
{
	enum db_step rc;

	if (s->res == NULL && ((rc = execute(s)) != DB_DONE || s->res == NULL))
		return rc;
	if (s->row < s->nrows)
		s->row++;
	return s->row < s->nrows ? DB_ROW : DB_DONE;
}

enum store_status pg_exec(struct store *st, const char *sql, char **err)
{
	PGresult *res = PQexec(st->pg, sql);
	bool ok = result_ok(res);

	if (!ok) {
		const char *msg = PQresultErrorMessage(res);

		*err = errf("%s", msg && *msg ? msg : PQerrorMessage(st->pg));
		(*err)[strcspn(*err, "\n")] = '\0';
	}
	PQclear(res);
	return ok ? STORE_OK : STORE_ERROR;
}
