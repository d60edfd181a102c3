/*
 * sql_pg.c — the PostgreSQL texts of the statements whose SQLite text
 * (sql.c) PostgreSQL does not accept or runs differently: transactions,
 * date arithmetic, and the places where PostgreSQL cannot infer a
 * parameter's type.  Every other statement runs as sql.c writes it.
 * Same parameters, same columns in the same order as the SQLite text.
 */
#include "store/db.h"

const char *const sql_pg[STMT__MAX] = {
    [STMT_BEGIN] = "BEGIN",
    /* db.c begin_write: one write transaction at a time, as on SQLite. */
    [STMT_WRITE_LOCK] = "SELECT pg_advisory_xact_lock(565)",
    /* A snapshot for reads that must agree with each other (budgets). */
    [STMT_BEGIN_READ] = "BEGIN ISOLATION LEVEL REPEATABLE READ",
};
