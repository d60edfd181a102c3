/*
 * db.h — private to src/store/; nothing above the store includes it.
 *
 * The store is written once over two drivers: SQLite (sqlite.c) and
 * PostgreSQL through libpq (pg.c).  The resource files (store_*.c) run
 * statements through the small interface below and never call a driver
 * directly; db.c holds what both drivers share (statement cache, binding,
 * reading columns, transactions, migrations, settings) and dispatches the
 * few operations that differ.
 *
 * One `struct store` wraps one connection and its prepared statements.
 * Every SQL text lives in one enum-indexed table (sql.c), with PostgreSQL
 * replacements for the few texts whose dialects differ (sql_pg.c).  A
 * statement is prepared the first time a connection uses it and kept until
 * store_close().  Parameters are written `$1`, `$2` … and bound by number,
 * so a statement may use any subset of them in any order.
 *
 * The life of a statement in a store function:
 *
 *	struct dbstmt *s = stmt_take(st, STMT_X);   // NULL: logged error
 *	bind_text(s, 1, …) …
 *	return stmt_finish(st, STMT_X);              // step, map, give back
 * or, for queries, db_step() in a loop and then stmt_give(), which resets
 * the statement and clears its bindings.
 *
 * stmt_take() asserts the statement is not already taken (a missing
 * stmt_give() is a bug), and stmt_give() logs statements slower than
 * STORE_SLOW_MS.
 */
#ifndef TROGIUP_STORE_DB_H
#define TROGIUP_STORE_DB_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/migrations.h"
#include "store/store.h"

#define STORE_SLOW_MS   200
#define STMT_PARAMS_MAX 99 /* `$1` … `$99` */

enum stmt {
	STMT_SCHEMA_VERSION,
	STMT_SCHEMA_APPLIED,
	STMT_SCHEMA_RECORD,
	STMT_PING,
	STMT_BEGIN,
	STMT_WRITE_LOCK, /* PostgreSQL only: serialises write transactions */
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_SETTING_GET,
	STMT_SETTING_SET,
	STMT_UNIT_PUT,
	STMT_UNIT_ANCESTORS_DROP,
	STMT_UNIT_ANCESTOR_PUT,
	STMT_UNITS_CLEAR,
	STMT_UNITS_CLEAR_ANCESTORS,
	STMT_UNIT_GET,
	STMT_UNIT_LINEAGE,
	STMT_UNITS_LIST_ALL,
	STMT_UNITS_TOTAL_ALL,
	STMT_UNITS_LIST_PARENT,
	STMT_UNITS_TOTAL_PARENT,
	STMT_UNITS_LIST_LEVEL,
	STMT_UNITS_TOTAL_LEVEL,
	STMT_UNITS_COUNT,
	STMT_USER_INSERT,
	STMT_USER_GET,
	STMT_USER_BY_USERNAME,
	STMT_USERS_LIST,
	STMT_USERS_TOTAL,
	STMT_USER_UPDATE,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_USER,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSIONS_DELETE_USER,
	STMT_SESSIONS_DELETE_USER_EXCEPT,
	STMT_TOKEN_INSERT,
	STMT_TOKEN_BY_HASH,
	STMT_TOKENS_LIST,
	STMT_TOKEN_REVOKE,
	STMT_TOKEN_TOUCH,
	STMT_TOKENS_REVOKE_USER,
	STMT_LOGIN_FAILURE_ADD,
	STMT_LOGIN_FAILURES_COUNT,
	STMT_LOGIN_FAILURES_CLEAR,
	STMT_LOGIN_FAILURES_RECENT,
	STMT_TOTP_GET,
	STMT_TOTP_PUT,
	STMT_TOTP_USE,
	STMT_TOTP_DELETE,
	STMT_AUDIT_APPEND,
	STMT_AUDIT_LIST,
	STMT_AUDIT_TOTAL,
	/* persons and cases: store_cases.c */
	STMT_PERSON_INSERT,
	STMT_PERSON_GET,
	STMT_PERSON_UPDATE,
	STMT_PERSON_CASES_UPDATE,
	STMT_PERSON_DUPLICATES,
	STMT_NAME_SUFFIXES_DROP,
	STMT_NAME_SUFFIX_PUT,
	STMT_NAME_WORD_PUT,
	STMT_CASE_COUNTER_NEXT,
	STMT_CASE_INSERT,
	STMT_CASE_GET,
	STMT_CASE_UPDATE,
	STMT_CASE_EXISTS,
	STMT_CASES_LIST,
	STMT_CASES_LIST_DUE,
	STMT_CASES_TOTAL,
	STMT_CASES_LIST_Q,
	STMT_CASES_TOTAL_Q,
	STMT_CASES_LIST_QSCAN,
	STMT_CASES_TOTAL_QSCAN,
	STMT_NAME_SEEK_PROBE,
	STMT_PERSONS_TOP_ID,
	STMT_CASES_LIST_OVERDUE,
	STMT_CASES_TOTAL_OVERDUE,
	STMT_CASES_LIST_ASSIGNED,
	STMT_CASES_TOTAL_ASSIGNED,
	STMT_CASES_LIST_FACILITY,
	STMT_CASES_TOTAL_FACILITY,
	STMT_CASE_EVENT_APPEND,
	STMT_CASE_EVENT_GET,
	STMT_CASE_EVENTS,
	/* hotline, referrals, approvals, deadlines: store_casework.c */
	STMT_HOTLINE_CALL_INSERT,
	STMT_HOTLINE_CALL_GET,
	STMT_HOTLINE_CALL_SET_CASE,
	STMT_HOTLINE_CALL_EXISTS,
	STMT_HOTLINE_CALLS_LIST,
	STMT_HOTLINE_CALLS_TOTAL,
	STMT_REFERRAL_INSERT,
	STMT_REFERRAL_GET,
	STMT_REFERRAL_UPDATE,
	STMT_REFERRAL_EXISTS,
	STMT_REFERRALS_LIST,
	STMT_REFERRALS_TOTAL,
	STMT_APPROVAL_INSERT,
	STMT_APPROVAL_GET,
	STMT_APPROVAL_DECIDE,
	STMT_APPROVAL_EXISTS,
	STMT_APPROVALS_OF_CASE,
	STMT_APPROVALS_WITHIN,
	STMT_DEADLINE_RULES,
	STMT_HOLIDAYS,
	/* facilities, their events and stays: store_facilities.c */
	STMT_FACILITY_INSERT,
	STMT_FACILITY_GET,
	STMT_FACILITY_UPDATE,
	STMT_FACILITY_EXISTS,
	STMT_FACILITIES_LIST,
	STMT_FACILITIES_TOTAL,
	STMT_FACILITY_EVENT_APPEND,
	STMT_FACILITY_EVENTS,
	STMT_STAY_INSERT,
	STMT_STAY_GET,
	STMT_STAY_DISCHARGE,
	STMT_STAY_EXISTS,
	STMT_STAY_CURRENT,
	STMT_STAYS_LIST,
	STMT_STAYS_TOTAL,
	STMT_CASE_SET_FACILITY,
	/* carers, placements, reviews: store_placements.c */
	STMT_CARER_INSERT,
	STMT_CARER_GET,
	STMT_CARER_UPDATE,
	STMT_CARER_EXISTS,
	STMT_CARERS_LIST,
	STMT_CARERS_TOTAL,
	STMT_PLACEMENT_INSERT,
	STMT_PLACEMENT_GET,
	STMT_PLACEMENT_UPDATE,
	STMT_PLACEMENT_EXISTS,
	STMT_PLACEMENTS_LIST,
	STMT_PLACEMENTS_TOTAL,
	STMT_PLACEMENT_REVIEW_INSERT,
	STMT_PLACEMENT_REVIEWS,
	/* trainings, participants, communications: store_activities.c */
	STMT_TRAINING_INSERT,
	STMT_TRAINING_GET,
	STMT_TRAINING_UPDATE,
	STMT_TRAINING_EXISTS,
	STMT_TRAININGS_LIST,
	STMT_TRAININGS_TOTAL,
	STMT_PARTICIPANT_INSERT,
	STMT_PARTICIPANT_GET,
	STMT_PARTICIPANT_DELETE,
	STMT_PARTICIPANTS_LIST,
	STMT_PARTICIPANTS_TOTAL,
	STMT_COMMUNICATION_INSERT,
	STMT_COMMUNICATION_GET,
	STMT_COMMUNICATION_UPDATE,
	STMT_COMMUNICATION_EXISTS,
	STMT_COMMUNICATIONS_LIST,
	STMT_COMMUNICATIONS_TOTAL,
	STMT_COMMUNICATION_COVERAGE,
	/* CSV import jobs: store_imports.c */
	STMT_IMPORT_INSERT,
	STMT_IMPORT_FINISH,
	STMT_IMPORT_GET,
	/* plans, their projects and targets: store_plans.c */
	STMT_PLAN_INSERT,
	STMT_PLAN_GET,
	STMT_PLAN_UPDATE,
	STMT_PLAN_EXISTS,
	STMT_PLANS_LIST,
	STMT_PLANS_TOTAL,
	STMT_PLAN_PROJECTS,
	STMT_PLAN_PROJECTS_DROP,
	STMT_PLAN_PROJECT_PUT,
	STMT_PLAN_COPY_PROJECTS,
	STMT_PLAN_COPY_TARGETS,
	STMT_TARGET_INSERT,
	STMT_TARGET_GET,
	STMT_TARGET_UPDATE,
	STMT_TARGET_EXISTS,
	STMT_TARGET_DELETE,
	STMT_TARGETS_LIST,
	STMT_TARGETS_APPLICABLE,
	STMT_TARGETS_APPLICABLE_CHILDREN,
	/* programme indicators, aggregate values: store_indicators.c */
	STMT_INDICATOR_PUT,
	STMT_INDICATORS_LIST,
	STMT_IND_CHILD_UNITS,
	STMT_IND_CASE_SUMS,
	STMT_IND_CASE_CHILD_SUMS,
	STMT_IND_FACILITY_SUMS,
	STMT_IND_STAY_SUMS,
	STMT_IND_TRAINING_SUMS,
	STMT_IND_COMMUNICATION_SUMS,
	STMT_IND_UNIT_SUMS,
	STMT_IND_CASE_GROUPS,
	STMT_IND_TRAINING_GROUPS,
	STMT_IND_COMMUNICATION_GROUPS,
	STMT_IND_SUMS_DIFFERENCES,
	STMT_IND_SUMS_CLEAR,
	STMT_IND_SUMS_FILL,
	STMT_AGGREGATE_INSERT,
	STMT_AGGREGATE_UPDATE,
	STMT_AGGREGATE_GET,
	STMT_AGGREGATE_FIND,
	STMT_AGGREGATES_LIST,
	STMT_AGGREGATE_HISTORY_APPEND,
	STMT_AGGREGATE_HISTORY,
	STMT_AGGREGATE_RESOLVE,
	STMT_AGGREGATE_RESOLVE_ALL,
	STMT_AGGREGATE_RESOLVE_CHILDREN,
	/* the cases behind an indicator's number: store_cases.c */
	STMT_CASES_LIST_INDICATOR,
	STMT_CASES_TOTAL_INDICATOR,
	/* budgets of plans: store_budget.c, store_budget_execution.c */
	STMT_BEGIN_READ,
	STMT_BUDGET_VERSION_GET,
	STMT_BUDGET_VERSION_PUT,
	STMT_BUDGET_LINES,
	STMT_BUDGET_YEARS,
	STMT_BUDGET_CELLS,
	STMT_BUDGET_LINES_DROP,
	STMT_BUDGET_CELLS_DROP,
	STMT_BUDGET_LINE_PUT,
	STMT_BUDGET_CELL_PUT,
	STMT_BUDGET_EXECUTION_ROWS,
	STMT_BUDGET_EXECUTION_LIST,
	STMT_BUDGET_EXECUTION_PUT,
	STMT_BUDGET_HISTORY_APPEND,
	STMT_BUDGET_HISTORY,
	/* periodic reports: store_reports.c, store_report_plans.c */
	STMT_REPORT_INSERT,
	STMT_REPORT_GET,
	STMT_REPORT_FIND,
	STMT_REPORT_EXISTS,
	STMT_REPORTS_LIST,
	STMT_REPORTS_TOTAL,
	STMT_REPORT_UPDATE,
	STMT_REPORT_MOVE,
	STMT_REPORT_EVENT_INSERT,
	STMT_REPORT_EVENTS,
	STMT_REPORT_CHILDREN,
	STMT_REPORT_PLAN_FOR,
	STMT_REPORT_SETTINGS_GET,
	STMT_REPORT_SETTINGS_PUT,
	STMT_REPORT_ACTIVITIES,
	STMT__MAX
};

struct sql_statement {
	const char *name; /* for logs */
	const char *sql;
};

/* sql.c: every statement, in the dialect both databases accept. */
extern const struct sql_statement sql_texts[STMT__MAX];
/* sql_pg.c: the PostgreSQL text where it must differ, else NULL. */
extern const char *const sql_pg[STMT__MAX];

/* What db_step() answers. */
enum db_step {
	DB_DONE = 0,      /* no (more) rows */
	DB_ROW = 1,       /* a row is ready to read */
	DB_CONFLICT = -2, /* a unique or primary key already holds the value */
	DB_ERROR = -1     /* anything else; the message is in the store */
};

/* A PostgreSQL parameter as bound: NULL value means SQL NULL.  buf is the
 * slot's own copy (kept between executions to save allocations). */
struct pg_param {
	const char *value;
	char *buf;
	size_t cap;
};

/* One prepared statement of one connection. */
struct dbstmt {
	struct store *st;
	enum stmt id;
	/* SQLite */
	sqlite3_stmt *lite;
	unsigned char index[STMT_PARAMS_MAX + 1]; /* of `$n`; 0 when unused */
	/* PostgreSQL: parameters collected by the bind calls and sent on the
	 * first db_step(), whose whole result is then read row by row. */
	int nparams;            /* highest `$n` of the text */
	struct pg_param *param; /* [1 … nparams] */
	bool per_run;           /* planned on every execution (pg.c) */
	Oid *types; /* then its parameters' types, [0 … nparams) */
	PGresult *res;
	int row, nrows; /* row: the current one, -1 before the first */
};

/* How the rows of a queued INSERT travel on PostgreSQL (stmt_copy): sql
 * is a `COPY table (columns) FROM STDIN`, a constant of the store beside
 * its INSERT (never built from input); each row is the INSERT's bound
 * parameters $first … $first + count - 1, one per column in that order,
 * then tail, constant fields of every row ("\t1" for a version the INSERT
 * writes as 1; "" for none), in COPY's text format. */
struct copy_into {
	const char *sql;
	int first, count;
	const char *tail;
};

/* PostgreSQL: rows in one COPY before it is ended and its answer read
 * (bounds how late a failure is noticed and the line → tag array). */
#define COPY_ROWS_MAX 4096

struct store {
	sqlite3 *db;                    /* SQLite, or NULL */
	PGconn *pg;                     /* PostgreSQL, or NULL */
	struct dbstmt *stmt[STMT__MAX]; /* NULL until first used */
	int64_t
	    taken_ns[STMT__MAX]; /* monotonic time of stmt_take, 0 when idle */
	long changes;            /* PostgreSQL: rows changed by the last step */
	bool pg_tx; /* PostgreSQL: inside a transaction after the last step */
	char errmsg[256]; /* PostgreSQL: the last error, never values */
	/* Queued writes (stmt_copy).  PostgreSQL: the COPY in progress
	 * (NULL when none), the INSERT whose rows it carries, the caller's
	 * tag of each of its lines ([COPY_ROWS_MAX], allocated at the first)
	 * and the line being written.  Both: the first failure of the
	 * transaction and its tag. */
	const struct copy_into *copy;
	enum stmt copy_id;
	long *copy_tags;
	size_t copy_rows;
	char *copy_line;
	size_t copy_cap;
	bool plans_generic; /* PostgreSQL: a COPY set generic plans */
	enum store_status queue_status;
	long queue_failed;
};

/* ---- the drivers (sqlite.c, pg.c); db.c calls the one of st ----------- */

enum store_status lite_open(struct store *st, const char *dsn, char **err);
void lite_close(struct store *st);
struct dbstmt *lite_prepare(struct store *st, enum stmt id);
void lite_finalize(struct dbstmt *s);
enum db_step lite_step(struct dbstmt *s);
/* Runs a script of several statements (a migration). */
enum store_status lite_exec(struct store *st, const char *sql, char **err);
const char *lite_errmsg(struct store *st);
/* The append-only triggers of audit_log, case_events and facility_events,
 * applied after every migrate (PostgreSQL's are in its migrations). */
enum store_status lite_exec_guards(struct store *st, char **err);

enum store_status pg_open(struct store *st, const char *dsn, char **err);
void pg_close(struct store *st);
struct dbstmt *pg_prepare(struct store *st, enum stmt id);
void pg_finalize(struct dbstmt *s);
enum db_step pg_step(struct dbstmt *s);
void pg_reset(struct dbstmt *s);
enum store_status pg_exec(struct store *st, const char *sql, char **err);
/* Writes the parameters of the taken statement s as a line of the COPY
 * into (begun first, or after ending another); a failure goes through
 * queue_fail. */
void pg_copy_row(struct dbstmt *s, const struct copy_into *into, long tag);
/* Ends the COPY in progress, if any, and reads its answer; a failure
 * goes through queue_fail with the tag of the line PostgreSQL names. */
void pg_copy_end(struct store *st);

/* The SQL text of id for st's database. */
const char *stmt_sql(const struct store *st, enum stmt id);

/* ---- running statements ---------------------------------------------- */

/* The statement id of st, prepared if needed and marked taken; NULL (and
 * a logged error) when it does not prepare.  st keeps ownership. */
struct dbstmt *stmt_take(struct store *st, enum stmt id);

/* Resets the statement and its bindings and marks it idle. */
void stmt_give(struct store *st, enum stmt id);

/* Steps s once: DB_ROW, DB_DONE, DB_CONFLICT or DB_ERROR. */
enum db_step db_step(struct dbstmt *s);

/* Makes s ready to run again with the same bindings (a loop of inserts). */
void db_reset(struct dbstmt *s);

/* Rows changed by the last write statement of st. */
long db_changes(struct store *st);

/* Whether st is inside a transaction. */
bool db_in_tx(struct store *st);

/* Maps a failing db_step result: DB_CONFLICT is STORE_CONFLICT, anything
 * else is logged with the statement's name and the database's message
 * (never the bound values) and is STORE_ERROR. */
enum store_status stmt_fail(struct store *st, enum stmt id, int rc);

/* Steps the taken statement id once (DB_ROW or DB_DONE are STORE_OK,
 * anything else goes through stmt_fail) and gives it back.  db_changes()
 * still reports its row count afterwards. */
enum store_status stmt_finish(struct store *st, enum stmt id);

/* Steps the taken statement id once: STORE_OK when it yields a row (read
 * it, then stmt_give), STORE_NOTFOUND when it yields none, else as
 * stmt_fail.  The statement stays taken in every case. */
enum store_status stmt_row(struct store *st, enum stmt id);

/* Steps the taken statement id, a SELECT COUNT(*), into *out and gives it
 * back. */
enum store_status stmt_count(struct store *st, enum stmt id, long *out);

/* stmt_take + stmt_finish, for statements without parameters. */
enum store_status stmt_run(struct store *st, enum stmt id);

/* Queued writes, for the hot loops of bulk imports (db_queue.c).
 * Inside a write transaction, an INSERT whose result the caller does not
 * read (no id back) can be queued instead of stepped: stmt_copy takes
 * the bound, taken statement id and gives it back.  On PostgreSQL its
 * parameters are written as a line of the COPY `into` on the same
 * connection (pg.c), so the server inserts many rows per statement, with
 * the same triggers, constraints and foreign keys as the INSERT; on
 * SQLite it is stepped at once.  The COPY is ended, and its answer read,
 * after COPY_ROWS_MAX rows, by store_flush(), and before any other
 * statement of the connection is prepared or runs, so statements still
 * run in the order given.
 *
 * A failure is remembered with the tag the caller gave for the row
 * PostgreSQL names (an import passes the row's line), logged with it,
 * and reported by store_flush(); only the first counts.  From then on
 * stmt_copy refuses (returns that status) and a COMMIT fails, until a
 * ROLLBACK or the next BEGIN (queue_forget). */
enum store_status stmt_copy(struct store *st, enum stmt id,
                            const struct copy_into *into, long tag);

/* Remembers the failure of queued statement id (a DB_CONFLICT or
 * DB_ERROR rc of the driver) unless one is already remembered; logs it
 * with tag and the database's message (never values).  For pg.c. */
void queue_fail(struct store *st, enum stmt id, long tag, int rc);

/* Forgets the queue's failure: a transaction starts or ended without
 * effect (db.c). */
void queue_forget(struct store *st);

/* Bind to parameter `$n`; a statement that does not use `$n` ignores it.
 * Text is copied; NULL binds SQL NULL.  bind_text_static does not copy:
 * v must outlive the statement's next step (hot insert loops).
 * bind_i64_or_null binds NULL for 0 (the interface's "none").  A failing
 * bind can only mean out of memory or a broken statement, so it aborts
 * (STYLE.md habit 7). */
void bind_text(struct dbstmt *s, int n, const char *v);
void bind_text_static(struct dbstmt *s, int n, const char *v);
void bind_textn(struct dbstmt *s, int n, const char *v, size_t len);
void bind_i64(struct dbstmt *s, int n, int64_t v);
void bind_i64_or_null(struct dbstmt *s, int n, int64_t v);
void bind_double(struct dbstmt *s, int n, double v);

/* Binds v, or NULL when v is -1 (a tri-state "not recorded"). */
void bind_int_or_null(struct dbstmt *s, int n, int v);

/* Column i of the current row.  col_str's text lives until the next step
 * or reset; col_text copies into the arena.  NULL columns read as 0, 0.0
 * and NULL. */
int64_t col_i64(struct dbstmt *s, int i);
int col_int(struct dbstmt *s, int i);
double col_double(struct dbstmt *s, int i);
bool col_null(struct dbstmt *s, int i);
const char *col_str(struct dbstmt *s, int i);
const char *col_text(struct arena *a, struct dbstmt *s, int i);

/* Column i as an int, -1 when it is NULL. */
int col_int_or_minus1(struct dbstmt *s, int i);

/* `%v%`-style LIKE pattern: prefix + v with \ % _ escaped + suffix, in the
 * arena; use with ESCAPE '\'.  NULL v gives NULL. */
const char *like_pattern(struct arena *a, const char *prefix, const char *v,
                         const char *suffix);

/* BEGIN a write transaction (on PostgreSQL with the write lock, db.c). */
enum store_status db_begin_write(struct store *st);

/* Multi-statement writes: opens a transaction when none is active (*own is
 * then true) so the write is atomic either way; tx_end commits or rolls
 * back what tx_own opened and returns the final status. */
enum store_status tx_own(struct store *st, bool *own);
enum store_status tx_end(struct store *st, bool own, enum store_status status);

/* Makes room for one more element in an arena-grown array of *cap
 * elements of size bytes holding n; returns the (possibly moved) array. */
void *grow_array(struct arena *a, void *items, size_t n, size_t *cap,
                 size_t size);

/* One page of a list query: binds q to the count statement and to the list
 * statement (with the same bind function), reads every row of the page
 * with read_row into an arena array of rows of row_size bytes.  Outputs
 * are set only on STORE_OK. */
typedef void (*page_bind_fn)(struct arena *a, struct dbstmt *s, const void *q);
typedef void (*page_read_fn)(struct arena *a, struct dbstmt *s, void *row);
enum store_status stmt_page(struct store *st, struct arena *a, enum stmt count,
                            enum stmt list, page_bind_fn bind, const void *q,
                            page_read_fn read_row, size_t row_size,
                            void **items, size_t *n, long *total);

/* LIMIT value for a query's limit: <= 0 means no limit. */
int64_t limit_of(int limit);

/* The half-open range [*lo, *hi) of lineage paths holding path and every
 * path below it (store_cases.c).  Paths hold only digits and '/', and
 * '/' < '0', so "62/61" gives ["62/61", "62/610"): "62/61/…" is in,
 * "62/612" is not.  NULL path gives a range holding every path, so one
 * SQL text (`col >= $lo AND col < $hi`, an index range) serves both. */
void within_bounds(struct arena *a, const char *path, const char **lo,
                   const char **hi);

/* The index of code in codes[n], looked for from *at on (and *at set to
 * it), n when absent: the rows of a statement about a unit's children
 * come in the order of codes, so each is found at once. */
size_t code_index(const char *const *codes, size_t n, size_t *at,
                  const char *code);

/* Whether row id of a table exists, for telling STORE_NOTFOUND from
 * STORE_CONFLICT after a guarded UPDATE changed nothing; exists is one of
 * the STMT_*_EXISTS statements ($1 = id).  STORE_CONFLICT when the row
 * exists, STORE_NOTFOUND when not, or an error. */
enum store_status row_missing_or_conflict(struct store *st, enum stmt exists,
                                          int64_t id);

/* Helpers of the network files (defined in store_facilities.c). */

/* Steps the taken write statement id and gives it back; STORE_NOTFOUND
 * when it changed no row. */
enum store_status stmt_finish_changed(struct store *st, enum stmt id);

/* Steps the taken INSERT … RETURNING id statement `id` into *row_id and
 * gives it back (no row is STORE_ERROR, a unique violation
 * STORE_CONFLICT). */
enum store_status stmt_insert_id(struct store *st, enum stmt id,
                                 int64_t *row_id);

/* Steps the taken versioned UPDATE … RETURNING version statement `id` of
 * row row_id into *version and gives it back; when it changed nothing,
 * STORE_CONFLICT if the row exists (per `exists`), else STORE_NOTFOUND. */
enum store_status stmt_update_version(struct store *st, enum stmt id,
                                      enum stmt exists, int64_t row_id,
                                      int64_t *version);

#endif
