/*
 * sql_dialect.h — the statements written once with their dialect's pieces
 * as macro arguments: sql.c gives SQLite's, sql_pg.c PostgreSQL's.  Only
 * sql.c and sql_pg.c include it.
 */
#ifndef TROGIUP_STORE_SQL_DIALECT_H
#define TROGIUP_STORE_SQL_DIALECT_H

/* The cases of one indicator ($11 its case type, $12 its code) opened in
 * the period in the unit's subtree, by each person's sex, age at the
 * opening day (UTC+7; from the birth date, else the birth year; NULL
 * unknown) and ethnicity, with the view's num and den summed.  nd is
 * 2·num + den of the case's row (NULL: none), read by a correlated
 * subquery so the view is sought by the case's id in every arm (a join
 * would materialise the whole view).  Scans the subtree's cases
 * (cases_unit): computed when asked, for a breakdown.  The dialect gives
 * the opening day as 'YYYY-MM-DD' in UTC+7 and the instants where the days
 * $5 and $6 (inclusive) begin and end in UTC+7. */
#define IND_CASE_GROUPS_SQL(OPENED_DAY, FROM_INSTANT, TO_INSTANT)              \
	"SELECT sex, CASE WHEN bd IS NOT NULL AND bd <> '' THEN"               \
	" CAST(substr(od, 1, 4) AS INTEGER) - CAST(substr(bd, 1, 4) AS"        \
	" INTEGER) - CASE WHEN substr(od, 6, 5) < substr(bd, 6, 5) THEN 1"     \
	" ELSE 0 END WHEN bk > 0 THEN CAST(substr(od, 1, 4) AS INTEGER) -"     \
	" bk END, eth, SUM(nd / 2), SUM(nd % 2) FROM (SELECT p.sex AS sex,"    \
	" p.birth_date AS bd, p.birth_year AS bk, p.ethnicity AS eth,"         \
	" " OPENED_DAY " AS od, (SELECT 2 *"                                   \
	" r.num + r.den FROM case_indicator_rows r WHERE r.case_id = c.id"     \
	" AND r.indicator = $12 AND r.month >= $7 AND r.month <= $8) AS nd"    \
	" FROM cases c JOIN persons p ON p.id = c.person_id WHERE"             \
	" c.unit_tree = $1 AND (c.unit_path >= $3 AND c.unit_path < $4) AND"   \
	" c.type = $11 AND c.opened_at >= " FROM_INSTANT " AND c.opened_at <"  \
	" " TO_INSTANT ") x WHERE nd IS NOT NULL GROUP BY 1, 2, 3"
/* Rows of indicator_case_sums that differ from the cases (the expected
 * sums: every case's rows summed for each unit of its lineage and the
 * nation): missing, other numbers, or not 0 where no case is.  J is the
 * join: SQLite's CROSS JOIN keeps the planner to this order (the rows of
 * the view first), and PostgreSQL takes no ON after CROSS JOIN and plans
 * a plain JOIN well. */
#define IND_SUMS_DIFFERENCES_SQL(J)                                            \
	"SELECT COUNT(*) FROM (SELECT tree, unit_code, indicator, month,"      \
	" SUM(num) AS num, SUM(den) AS den FROM (SELECT c.unit_tree AS"        \
	" tree, a.ancestor_code AS unit_code, r.indicator AS indicator,"       \
	" r.month AS month, r.num AS num, r.den AS den FROM"                   \
	" case_indicator_rows r " J " cases c ON c.id = r.case_id"             \
	" " J " unit_ancestors a ON a.tree = c.unit_tree AND a.code ="         \
	" c.unit_code"                                                         \
	" UNION ALL SELECT c.unit_tree, '', r.indicator, r.month, r.num,"      \
	" r.den FROM case_indicator_rows r " J " cases c ON c.id ="            \
	" r.case_id) x GROUP BY tree, unit_code, indicator, month) e FULL"     \
	" JOIN indicator_case_sums s ON s.tree = e.tree AND s.unit_code ="     \
	" e.unit_code AND s.indicator = e.indicator AND s.month = e.month"     \
	" WHERE (e.tree IS NULL AND (s.num <> 0 OR s.den <> 0)) OR s.tree"     \
	" IS NULL OR s.num <> e.num OR s.den <> e.den"
#define IND_SUMS_FILL_SQL(J)                                                   \
	"INSERT INTO indicator_case_sums (tree, unit_code, indicator,"         \
	" month, num, den) SELECT tree, unit_code, indicator, month,"          \
	" SUM(num) AS num, SUM(den) AS den FROM (SELECT c.unit_tree AS"        \
	" tree, a.ancestor_code AS unit_code, r.indicator AS indicator,"       \
	" r.month AS month, r.num AS num, r.den AS den FROM"                   \
	" case_indicator_rows r " J " cases c ON c.id = r.case_id"             \
	" " J " unit_ancestors a ON a.tree = c.unit_tree AND a.code ="         \
	" c.unit_code"                                                         \
	" UNION ALL SELECT c.unit_tree, '', r.indicator, r.month, r.num,"      \
	" r.den FROM case_indicator_rows r " J " cases c ON c.id ="            \
	" r.case_id) x GROUP BY tree, unit_code, indicator, month"
/* ---- the case list (store_cases.c) ---- */

/* A lineage-path range [$lo, $hi) from within_bounds(): the unit and
 * everything below it, one range an index on (tree, path) serves. */
#define WITHIN(col, lo, hi) "(" col " >= $" #lo " AND " col " < $" #hi ")"

#define PERSON_COLS_P                                                          \
	"p.id, p.full_name, p.full_name_folded, p.sex, p.birth_date,"          \
	" p.birth_year, p.ethnicity, p.national_id, p.address_tree,"           \
	" p.address_code, p.contacts, p.province, p.created_at, p.updated_at"

/* The case's columns then its person's (read_case in store_cases.c). */
#define CASE_COLS                                                              \
	"c.id, c.case_no, c.type, c.person_id, c.person_name_folded,"          \
	" c.national_id, c.unit_tree, c.unit_code, c.unit_path, c.province,"   \
	" c.facility_id, c.assigned_to, c.stage, c.stage_since, c.due_at,"     \
	" c.due_rule, c.urgency, c.risk_level, c.restricted, c.details,"       \
	" c.summary, c.closure_reason, c.plan_approved_at,"                    \
	" c.closure_approved_at, c.consent_services, c.consent_statistics,"    \
	" c.consent_sharing, c.consent_sharing_orgs, c.next_visit_at,"         \
	" c.hotline_call_id, c.opened_at, c.closed_at, c.created_by,"          \
	" c.created_at, c.updated_at, c.version, " PERSON_COLS_P
#define CASE_FROM " FROM cases c LEFT JOIN persons p ON p.id = c.person_id"

/* The filters of struct case_query:
 * $1 tree, $2/$3 within range, $4 type, $5 stage, $6 assigned_to (0 any,
 * -1 nobody), $7 created_by, $8 due_before, $9 visit_before, $10
 * unit_code, $11 only_open, $12 overdue (1, -1, 0), $13 now, $14/$15
 * opened from/to, $16 name pattern ('%q%' escaped), $17 q_exact, $18
 * identity_all, $19 identity_user, $20 province (overdue variant), $21
 * limit, $22 offset, $23-$25 the name search's seeks (CASES_Q_IDS).
 * Closed cases have no due_at (the writes clear it), so "open and due
 * before" is just due_at < x, and the overdue filters read no column
 * beyond the indexes'.
 * A restricted case (the flag, or type gbv / trafficking_victim as in
 * domain/casework.c) matches a name or a national id only for a caller
 * who may read it; its number matches for everyone. */
#define CASES_IDENTITY_OK                                                      \
	"(CAST($18 AS BIGINT) = 1 OR c.assigned_to = $19 OR (c.restricted = 0" \
	" AND c.type NOT IN ('gbv', 'trafficking_victim')))"
#define CASES_SCOPE "c.unit_tree = $1 AND " WITHIN("c.unit_path", 2, 3)
/* The same test for the variants that have a better index than
 * cases_unit.  HINT follows each column: SQLite's `|| ''` keeps its
 * planner from driving the query from cases_unit (a range, or a
 * skip-scan over the one or two trees), as its statistics cannot see that
 * a due date, a user or a name is more selective than a province's range.
 * PostgreSQL's is empty: there `|| ''` turns the scope into a filter no
 * index can use and hides it from the estimates (the overdue page read
 * and sorted every overdue case of the province, 132 ms, instead of
 * walking cases_open_due in due order, 0.19 ms). */
#define CASES_SCOPE_CHECK(HINT)                                                \
	"c.unit_tree" HINT " = $1 AND " WITHIN("c.unit_path" HINT, 2, 3)
#define CASES_WHERE(scope)                                                     \
	" WHERE " scope " AND (CAST($4 AS TEXT) IS NULL OR c.type = $4)"       \
	" AND (CAST($5 AS TEXT) IS NULL OR c.stage = $5)"                      \
	" AND (CAST($6 AS BIGINT) = 0 OR (CAST($6 AS BIGINT) = -1 AND "        \
	"c.assigned_to IS NULL)"                                               \
	" OR c.assigned_to = $6)"                                              \
	" AND (CAST($7 AS BIGINT) = 0 OR c.created_by = $7)"                   \
	" AND (CAST($8 AS BIGINT) = 0 OR c.due_at < $8)"                       \
	" AND (CAST($9 AS BIGINT) = 0 OR c.next_visit_at < $9)"                \
	" AND (CAST($10 AS TEXT) IS NULL OR c.unit_code = $10)"                \
	" AND (CAST($11 AS BIGINT) = 0 OR c.stage <> 'closed')"                \
	" AND (CAST($12 AS BIGINT) <> 1 OR c.due_at < $13)"                    \
	" AND (CAST($12 AS BIGINT) <> -1 OR c.due_at IS NULL OR c.due_at >= "  \
	"$13)"                                                                 \
	" AND (CAST($14 AS BIGINT) = 0 OR c.opened_at >= $14)"                 \
	" AND (CAST($15 AS BIGINT) = 0 OR c.opened_at < $15)"                  \
	" AND (CAST($26 AS BIGINT) = 0 OR c.facility_id = $26 OR "             \
	"c.assigned_to = $27"                                                  \
	" OR c.created_by = $27)"                                              \
	" AND ((CAST($16 AS TEXT) IS NULL AND CAST($17 AS TEXT) IS NULL) OR "  \
	"c.case_no = $17"                                                      \
	" OR (" CASES_IDENTITY_OK " AND (c.person_name_folded LIKE $16"        \
	" ESCAPE '\\' OR c.national_id = $17)))"
/* The search variant drives from the cases that can match at all: the
 * persons whose name holds q, found by seeks in person_name_suffixes
 * (0002_cases.sql): for each word w of name_words that can hold q's first
 * word ($23, a LIKE pattern), the suffixes from w || $24 up to w || $25
 * (store_cases.c computes them); their cases in scope through
 * cases_person; plus the number and national id lookups.  CROSS JOIN
 * keeps that order, and IN (rather than a join to cases) keeps SQLite
 * from building a Bloom filter over every case first.  CASES_WHERE then
 * checks the real LIKE.  IN_OPEN/IN_CLOSE enclose the persons' subquery:
 * SQLite's `IN (…)`; PostgreSQL's `= ANY (ARRAY(…))`, which it runs first
 * as an InitPlan and then seeks cases_person for each person (2.8 ms),
 * where with IN it misjudged the suffixes' range (unknown at plan time)
 * as 331,083 persons and read the whole province's cases into a hash
 * join (273 ms, for 724 persons and 65 cases). */
#define CASES_Q_IDS(IN_OPEN, IN_CLOSE)                                         \
	" AND c.id IN (SELECT k.id FROM cases k WHERE k.person_id " IN_OPEN    \
	"SELECT s.person_id FROM name_words w"                                 \
	" CROSS JOIN person_name_suffixes s"                                   \
	" WHERE CAST($23 AS TEXT) IS NOT NULL AND w.word LIKE $23 ESCAPE '\\'" \
	" AND s.suffix >= w.word || $24 AND s.suffix < w.word || $25" IN_CLOSE \
	" AND k.unit_tree = $1 AND " WITHIN(                                   \
	    "k.unit_path", 2,                                                  \
	    3) " UNION ALL SELECT id FROM cases WHERE case_no = $17"           \
	       " UNION ALL SELECT id FROM cases WHERE national_id = $17)"
/* A name search too broad for the seeks (store_cases.c decides) scans
 * the names of the scope in cases_unit, without reading the table. */
#define CASES_Q_SCAN_IDS                                                       \
	" AND c.id IN (SELECT id FROM cases WHERE unit_tree = $1"              \
	" AND " WITHIN(                                                        \
	    "unit_path", 2,                                                    \
	    3) " AND person_name_folded LIKE $16"                              \
	       " ESCAPE '\\'"                                                  \
	       " UNION ALL SELECT id FROM cases WHERE case_no = $17"           \
	       " UNION ALL SELECT id FROM cases WHERE national_id = $17)"
/* "Overdue in my scope" walks the partial index cases_open_due of the
 * scope's province in due_at order and stops at the page. */
#define CASES_OVERDUE  " AND c.province = $20 AND c.due_at < $13"
#define CASES_ASSIGNED " AND c.assigned_to = $6"
/* A facility user's cases ($26 facility, $27 the user, CASES_WHERE): the
 * facility's residents, assigned to or opened by the user, each arm its
 * own index (cases_facility, cases_assigned, cases_created_by). */
#define CASES_FACILITY_IDS                                                     \
	" AND c.id IN (SELECT id FROM cases WHERE facility_id = $26"           \
	" UNION SELECT id FROM cases WHERE assigned_to = $27"                  \
	" UNION SELECT id FROM cases WHERE created_by = $27)"
#define CASES_ORDER_NEW " ORDER BY c.id DESC"
#define CASES_ORDER_DUE " ORDER BY c.due_at, c.id DESC"
/* Variants whose matches are few sort them either way. */
#define CASES_ORDER_ANY                                                        \
	" ORDER BY CASE WHEN CAST($12 AS BIGINT) = 1 THEN c.due_at END, c.id " \
	"DESC"
/* A page of ids first, then the rows: the sort handles ids only, and only
 * the page's rows (and persons) are read. */
#define CASES_PAGE(scope, filter, order)                                       \
	"SELECT " CASE_COLS CASE_FROM                                          \
	" WHERE c.id IN (SELECT c.id FROM cases c" CASES_WHERE(scope)          \
	    filter order " LIMIT $21 OFFSET $22)" order
#define CASES_COUNT(scope, filter)                                             \
	"SELECT COUNT(*) FROM cases c" CASES_WHERE(scope) filter
#endif
