/*
 * sql_pg.c — the PostgreSQL texts of the statements whose SQLite text
 * (sql.c) PostgreSQL does not accept or runs differently: transactions,
 * date arithmetic, and the places where PostgreSQL cannot infer a
 * parameter's type.  Every other statement runs as sql.c writes it.
 * Same parameters, same columns in the same order as the SQLite text.
 */
#include "store/db.h"
#include "store/sql_dialect.h"

const char *const sql_pg[STMT__MAX] = {
    [STMT_BEGIN] = "BEGIN",
    /* db.c begin_write: one write transaction at a time, as on SQLite. */
    [STMT_WRITE_LOCK] = "SELECT pg_advisory_xact_lock(565)",
    /* A snapshot for reads that must agree with each other (budgets). */
    [STMT_BEGIN_READ] = "BEGIN ISOLATION LEVEL REPEATABLE READ",
    /* The day in UTC+7 of a Unix instant, and the instants of 'YYYY-MM-DD'
     * days in UTC+7: arithmetic on dates, not the server's time zone. */
    [STMT_IND_CASE_GROUPS] = IND_CASE_GROUPS_SQL(
        "to_char(to_timestamp(c.opened_at + 25200) AT TIME ZONE 'UTC',"
        " 'YYYY-MM-DD')",
        "(CAST($5 AS DATE) - DATE '1970-01-01') * CAST(86400 AS BIGINT)"
        " - 25200",
        "(CAST($6 AS DATE) + 1 - DATE '1970-01-01') * CAST(86400 AS BIGINT)"
        " - 25200"),
    [STMT_IND_SUMS_DIFFERENCES] = IND_SUMS_DIFFERENCES_SQL("JOIN"),
    [STMT_IND_SUMS_FILL] = IND_SUMS_FILL_SQL("JOIN"),
};
