/*
 * sql_pg.c — the PostgreSQL texts of the statements whose SQLite text
 * (sql.c) PostgreSQL does not accept or runs worse: transactions, date
 * arithmetic, the places where PostgreSQL cannot infer a parameter's
 * type, the case list's variants whose planner hints are SQLite's
 * (sql_dialect.h CASES_SCOPE_CHECK, CASES_Q_IDS), and the children's case
 * sums, where one grouped read beats SQLite's seeks.  Every other
 * statement runs as sql.c writes it.
 * Same parameters, same columns in the same order as the SQLite text.
 */
#include "store/db.h"
#include "store/sql_dialect.h"

/* The case list's pieces: the scope on bare columns, so PostgreSQL uses
 * it in the index condition and in its estimates, and the persons of a
 * name search as an array it computes first. */
#define SCOPE_CHECK CASES_SCOPE_CHECK("")
#define Q_IDS       CASES_Q_IDS("= ANY (ARRAY(", "))")

const char *const sql_pg[STMT__MAX] = {
    [STMT_BEGIN] = "BEGIN",
    /* db.c begin_write: one write transaction at a time, as on SQLite. */
    [STMT_WRITE_LOCK] = "SELECT pg_advisory_xact_lock(565)",
    /* A snapshot for reads that must agree with each other (budgets). */
    [STMT_BEGIN_READ] = "BEGIN ISOLATION LEVEL REPEATABLE READ",
    /* The day in UTC+7 of a Unix instant, and the instants of 'YYYY-MM-DD'
     * days in UTC+7: arithmetic on dates, not the server's time zone. */
    [STMT_CASES_LIST_Q] = CASES_PAGE(SCOPE_CHECK, Q_IDS, CASES_ORDER_ANY),
    [STMT_CASES_TOTAL_Q] = CASES_COUNT(SCOPE_CHECK, Q_IDS),
    [STMT_CASES_LIST_QSCAN] =
        CASES_PAGE(SCOPE_CHECK, CASES_Q_SCAN_IDS, CASES_ORDER_ANY),
    [STMT_CASES_TOTAL_QSCAN] = CASES_COUNT(SCOPE_CHECK, CASES_Q_SCAN_IDS),
    [STMT_CASES_LIST_OVERDUE] =
        CASES_PAGE(SCOPE_CHECK, CASES_OVERDUE, CASES_ORDER_DUE),
    [STMT_CASES_TOTAL_OVERDUE] = CASES_COUNT(SCOPE_CHECK, CASES_OVERDUE),
    [STMT_CASES_LIST_ASSIGNED] =
        CASES_PAGE(SCOPE_CHECK, CASES_ASSIGNED, CASES_ORDER_ANY),
    [STMT_CASES_TOTAL_ASSIGNED] = CASES_COUNT(SCOPE_CHECK, CASES_ASSIGNED),
    [STMT_CASES_LIST_FACILITY] =
        CASES_PAGE(SCOPE_CHECK, CASES_FACILITY_IDS, CASES_ORDER_ANY),
    [STMT_CASES_TOTAL_FACILITY] = CASES_COUNT(SCOPE_CHECK, CASES_FACILITY_IDS),
    /* The case sums of every child unit: one range read of each child's
     * rows of the months (the primary key's unit_code, then month in the
     * index condition), grouped, where sql.c's two correlated seeks per
     * child and indicator cost 2 × 2,898 index scans for the nation (65 ms
     * against 28 ms; on SQLite the seeks are the faster).  No row for a
     * pair without sums: store_indicators.c adds nothing for it either. */
    [STMT_IND_CASE_CHILD_SUMS] =
        "SELECT s.unit_code, s.indicator, SUM(s.num), SUM(s.den) FROM"
        " indicator_case_sums s WHERE s.tree = $1 AND s.unit_code IN"
        " (SELECT k.code FROM units k WHERE k.tree = $1 AND k.parent_code"
        " = $2 UNION ALL SELECT k.code FROM units k WHERE k.tree = $1 AND"
        " k.level = 1 AND $2 = '') AND s.month >= $7 AND s.month <= $8"
        " GROUP BY s.unit_code, s.indicator",
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
