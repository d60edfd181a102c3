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
#endif
