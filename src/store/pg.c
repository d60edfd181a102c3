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
 * Every execution is planned with its parameters' values
 * (plan_cache_mode = force_custom_plan): the shared texts' optional
 * filters, `(CAST($n AS TEXT) IS NULL OR col = $n)`, and name prefixes,
 * `LIKE $n`, can use an index only when the planner sees the value; a
 * generic plan would scan.  Planning costs a fraction of a millisecond.
 *
 * Queued writes (db.h stmt_queue) use libpq's pipeline mode: each is
 * sent with PQsendQueryPrepared and nothing is read until STMT_QUEUE_MAX
 * are in flight, store_flush(), or the next statement prepared or
 * executed here (pg_prepare and execute() read the queue's results
 * first, so the connection is never in pipeline mode when PQprepare or
 * PQexecPrepared runs).  A batch of inserts then
 * costs one round trip, and the server reads their messages in a few
 * large reads.  Blocking libpq reads the server's answers while its own
 * writes wait, so a long pipeline cannot deadlock on full socket buffers.
 * When a queued statement fails, PostgreSQL skips the rest up to the
 * pipeline's sync (PGRES_PIPELINE_ABORTED) and the transaction is
 * aborted; the first failure is remembered with its tag (db.c).
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
	       run(st, "SET plan_cache_mode = force_custom_plan");
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
	free(st->queue);
	st->queue = NULL;
	st->queued = 0;
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

struct dbstmt *pg_prepare(struct store *st, enum stmt id)
{
	struct dbstmt *s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		abort();
	s->st = st;
	s->id = id;
	s->row = -1;
	/* PQprepare waits for its answer, which pipeline mode forbids. */
	if (PQpipelineStatus(st->pg) != PQ_PIPELINE_OFF)
		pg_flush(st);
	if (!prepare_on_server(st, s)) {
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

/* Sends one of the queue's own settings (below) as an entry of the
 * pipeline; a failure is charged to the row beside it (id, tag). */
static bool send_setting(struct store *st, const char *sql, enum stmt id,
                         long tag)
{
	if (!PQsendQueryParams(st->pg, sql, 0, NULL, NULL, NULL, NULL, 0))
		return false;
	st->queue[st->queued++] = (struct queued_stmt){id, tag};
	return true;
}

/* Queued statements are planned once (generic plans) rather than at each
 * execution: they are INSERT … VALUES, whose plan no value changes, and
 * planning each one cost about as much as running it (pgbench, 4-row
 * pipelines: 0.61–0.82 ms under force_custom_plan, 0.33 ms generic).
 * SET LOCAL is sent inside the pipeline, first, and the session's
 * setting is put back last, before the sync: no round trip is added, and
 * no other statement ever runs with it (execute() flushes first); a
 * rollback undoes both. */
static const char generic_plans[] =
    "SET LOCAL plan_cache_mode = force_generic_plan";
static const char custom_plans[] =
    "SET LOCAL plan_cache_mode = force_custom_plan";

enum store_status pg_queue(struct dbstmt *s, long tag)
{
	struct store *st = s->st;
	const char *values[STMT_PARAMS_MAX];
	char name[16];

	if (st->queued >= STMT_QUEUE_MAX)
		pg_flush(st);
	if (st->queue_status != STORE_OK)
		return st->queue_status;
	/* The rows, and the two settings around them. */
	if (st->queue == NULL &&
	    (st->queue = calloc(STMT_QUEUE_MAX + 2, sizeof *st->queue)) == NULL)
		abort();
	for (int n = 1; n <= s->nparams; n++)
		values[n - 1] = s->param[n].value;
	snprintf(name, sizeof name, "s%d", (int)s->id);
	/* libpq copies the values into its output buffer: the bindings may
	 * go once this returns. */
	if ((PQpipelineStatus(st->pg) == PQ_PIPELINE_OFF &&
	     (!PQenterPipelineMode(st->pg) ||
	      !send_setting(st, generic_plans, s->id, tag))) ||
	    !PQsendQueryPrepared(st->pg, name, s->nparams, values, NULL, NULL,
	                         0)) {
		remember_error(st, NULL);
		queue_fail(st, s->id, tag, DB_ERROR);
		pg_flush(st);
		return st->queue_status;
	}
	st->queue[st->queued++] = (struct queued_stmt){s->id, tag};
	return STORE_OK;
}

/* The results of queued statement i, up to the NULL that ends them. */
static void read_queued(struct store *st, size_t i)
{
	PGresult *res;

	while ((res = PQgetResult(st->pg)) != NULL) {
		if (PQresultStatus(res) == PGRES_FATAL_ERROR) {
			remember_error(st, res);
			queue_fail(st, st->queue[i].id, st->queue[i].tag,
			           unique_violation(res) ? DB_CONFLICT
			                                 : DB_ERROR);
		}
		/* PGRES_PIPELINE_ABORTED: skipped after an earlier failure. */
		PQclear(res);
	}
}

void pg_flush(struct store *st)
{
	PGresult *res;
	size_t i = 0;

	if (PQpipelineStatus(st->pg) == PQ_PIPELINE_OFF) {
		st->queued = 0;
		return;
	}
	if (st->queued > 0 &&
	    send_setting(st, custom_plans, st->queue[st->queued - 1].id,
	                 st->queue[st->queued - 1].tag) &&
	    PQpipelineSync(st->pg)) {
		for (; i < st->queued; i++) {
			read_queued(st, i);
			if (PQstatus(st->pg) != CONNECTION_OK)
				break;
		}
		if (i == st->queued)
			PQclear(PQgetResult(st->pg)); /* the sync's */
	}
	if (i < st->queued) {
		/* The connection broke at statement i: the rest never ran. */
		remember_error(st, NULL);
		queue_fail(st, st->queue[i].id, st->queue[i].tag, DB_ERROR);
	}
	st->queued = 0;
	while (!PQexitPipelineMode(st->pg)) {
		/* Results left over (a broken connection): drop them. */
		if ((res = PQgetResult(st->pg)) == NULL &&
		    PQstatus(st->pg) != CONNECTION_OK)
			break;
		PQclear(res);
	}
	if (PQstatus(st->pg) == CONNECTION_OK)
		st->pg_tx = PQtransactionStatus(st->pg) != PQTRANS_IDLE;
}

static enum db_step execute(struct dbstmt *s)
{
	struct store *st = s->st;
	const char *values[STMT_PARAMS_MAX];
	char name[16];
	bool conflict;

	/* Queued statements go first; after one failed, a COMMIT would
	 * answer success and roll back: refuse it. */
	if (PQpipelineStatus(st->pg) != PQ_PIPELINE_OFF)
		pg_flush(st);
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
	s->res =
	    PQexecPrepared(st->pg, name, s->nparams, values, NULL, NULL, 0);
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
