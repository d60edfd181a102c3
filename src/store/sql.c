/*
 * sql.c — every SQL statement of the store, by enum stmt, in the dialect
 * SQLite and PostgreSQL both accept.
 *
 * The texts stay in the portable subset of DESIGN.md §2 ($n parameters,
 * ON CONFLICT, RETURNING, LIKE … ESCAPE) so both drivers run the same
 * ones; the few that cannot be written once have a PostgreSQL text in
 * sql_pg.c.
 * Optional filters are written `(CAST($n AS TEXT) IS NULL OR col = $n)`
 * (or `$n = 0` for numbers) so one text serves every combination — the
 * CASTs because PostgreSQL types a parameter where it first meets it: IS
 * NULL says nothing of a type, and a literal 0 would make it a 32-bit
 * integer; the hot unit listings get
 * their own variants so SQLite can use an index.  LIKE patterns arrive
 * whole and escaped from C (like_pattern).  Nothing here is ever built at
 * run time.
 */
#include "store/db.h"
#include "store/sql_dialect.h"

#define UNIT_COLS                                                              \
	"tree, code, name, name_folded, type, level, parent_code, path"
#define UNITS_Q     "(CAST($4 AS TEXT) IS NULL OR name_folded LIKE $4 ESCAPE '\\')"
#define UNITS_ORDER " ORDER BY level, code LIMIT $5 OFFSET $6"

#define USER_COLS                                                              \
	"id, username, full_name, full_name_folded, role, scope_tree, "        \
	"scope_code, scope_path, password_hash, active, created_at, "          \
	"updated_at, version, facility_id"
/* $1 within_path, $2 within_tree, $3 within_path + '/%' (escaped),
 * $4 role, $5 '%' + q + '%' (escaped). */
#define USERS_WHERE                                                            \
	" WHERE (CAST($1 AS TEXT) IS NULL OR (scope_tree = $2 AND "            \
	"(scope_path = $1"                                                     \
	" OR scope_path LIKE $3 ESCAPE '\\')))"                                \
	" AND (CAST($4 AS TEXT) IS NULL OR role = $4)"                         \
	" AND (CAST($5 AS TEXT) IS NULL OR lower(username) LIKE $5 ESCAPE "    \
	"'\\'"                                                                 \
	" OR full_name_folded LIKE $5 ESCAPE '\\')"

#define SESSION_COLS                                                           \
	"id_hash, user_id, csrf, created_at, last_seen_at, "                   \
	"second_factor_pending"
#define TOKEN_COLS                                                             \
	"id, user_id, name, token_hash, created_at, last_used_at, revoked"

#define AUDIT_COLS                                                             \
	"id, at, actor_id, actor_name, action, target, unit_tree, "            \
	"unit_path, detail, ip, request_id"
/* $1 action, $2 actor_id, $3 since (inclusive), $4 until (exclusive),
 * $5 within_path, $6 within_tree, $7 within_path + '/%' (escaped).
 * Entries without a unit match only when there is no within filter. */
#define AUDIT_WHERE                                                            \
	" WHERE (CAST($1 AS TEXT) IS NULL OR action = $1) AND (CAST($2 AS "    \
	"BIGINT) = 0 OR "                                                      \
	"actor_id = $2)"                                                       \
	" AND (CAST($3 AS BIGINT) = 0 OR at >= $3) AND (CAST($4 AS BIGINT) = " \
	"0 OR at < $4)"                                                        \
	" AND (CAST($5 AS TEXT) IS NULL OR (unit_tree = $6 AND (unit_path = "  \
	"$5"                                                                   \
	" OR unit_path LIKE $7 ESCAPE '\\')))"

/* ---- persons and cases (store_cases.c) ---- */

#define PERSON_COLS                                                            \
	"id, full_name, full_name_folded, sex, birth_date, birth_year,"        \
	" ethnicity, national_id, address_tree, address_code, contacts,"       \
	" province, created_at, updated_at"
/* The case list's texts are in sql_dialect.h (PostgreSQL has its own
 * pieces); SQLite's: `|| ''` keeps the planner off cases_unit where a
 * variant has a better index (SQLite's statistics cannot see that a due
 * date, a user or a name is more selective than a province's range), and
 * IN for the persons a name reaches. */
#define SCOPE_CHECK CASES_SCOPE_CHECK(" || ''")
#define Q_IDS       CASES_Q_IDS("IN (", ")")

#define CASE_EVENT_COLS                                                        \
	"id, case_id, at, actor_id, actor_name, kind, data, corrects, reason"

/* ---- hotline, referrals, approvals (store_casework.c) ---- */

#define HOTLINE_COLS                                                           \
	"id, line, received_at, unit_tree, unit_code, unit_path,"              \
	" caller_relation, summary, urgency, operator_id, case_id, created_at"
/* $1 tree or NULL, $2/$3 within range, $4 operator_id or 0. */
#define HOTLINE_WHERE                                                          \
	" WHERE (CAST($1 AS TEXT) IS NULL OR unit_tree = $1) AND " WITHIN(     \
	    "unit_path", 2,                                                    \
	    3) " AND (CAST($4 AS BIGINT) = 0 OR operator_id = $4)"

#define REFERRAL_COLS                                                          \
	"r.id, r.kind, r.case_id, r.from_tree, r.from_code, r.from_path,"      \
	" r.to_org, r.to_tree, r.to_code, r.to_path, r.service, r.note,"       \
	" r.status, r.override_reason, r.created_by, r.created_at,"            \
	" r.decided_by, r.decided_at, r.completed_at, r.comment, r.version,"   \
	" c.case_no, c.type, c.stage"
#define REFERRAL_FROM " FROM referrals r LEFT JOIN cases c ON c.id = r.case_id"
/* $1 kind, $2 tree, $3/$4 to range or NULL, $5/$6 from range or NULL,
 * $7 case_id or 0, $8 status or NULL. */
#define REFERRALS_WHERE                                                        \
	" WHERE r.kind = $1"                                                   \
	" AND (CAST($3 AS TEXT) IS NULL OR (r.to_tree = $2 AND " WITHIN(       \
	    "r.to_path", 3,                                                    \
	    4) "))"                                                            \
	       " AND (CAST($5 AS TEXT) IS NULL OR (r.from_tree = $2 "          \
	       "AND " WITHIN(                                                  \
	           "r.from_path", 5,                                           \
	           6) "))"                                                     \
	              " AND (CAST($7 AS BIGINT) = 0 OR r.case_id = $7) AND "   \
	              "(CAST($8 AS TEXT) IS NULL OR r.status = $8)"

#define APPROVAL_COLS                                                          \
	"a.id, a.case_id, a.subject, a.status, a.closure_reason, a.note,"      \
	" a.comment, a.requested_by, a.requested_at, a.decided_by,"            \
	" a.decided_at"

/* ---- the service network ---- */

/* Open stays of facility f: the residents, counted in stays_facility. */
#define FACILITY_RESIDENTS                                                     \
	"(SELECT COUNT(*) FROM stays s WHERE s.facility_id = f.id"             \
	" AND s.discharged_on IS NULL)"
#define FACILITY_COLS                                                          \
	"f.id, f.name, f.name_folded, f.type, f.kind, f.ownership,"            \
	" f.unit_tree, f.unit_code, f.unit_path, f.capacity, f.licence_no,"    \
	" f.licence_date, f.licence_issuer, f.address, f.phone, f.started_on," \
	" f.status, f.upgraded_on, f.sw_standard, f.note, f.created_by,"       \
	" f.created_at, f.updated_at, f.version, " FACILITY_RESIDENTS
/* $1 tree, $2/$3 within range, $4–$6 the paths above the caller's scope
 * (or NULL), $7 only_id, $8 type, $9 kind, $10 status, $11 ownership,
 * $12 name pattern, $13 limit, $14 offset.  A NULL in the IN list never
 * matches.  Each arm of the union seeks facilities_unit (an OR of the two
 * would scan the tree). */
#define FACILITIES_WHERE                                                       \
	" WHERE f.id IN (SELECT id FROM facilities WHERE unit_tree = $1"       \
	" AND " WITHIN(                                                        \
	    "unit_path", 2,                                                    \
	    3) " UNION ALL SELECT id FROM"                                     \
	       " facilities WHERE unit_tree = $1 AND unit_path IN ($4, $5, "   \
	       "$6))"                                                          \
	       " AND (CAST($7 AS BIGINT) = 0 OR f.id = $7) AND (CAST($8 AS "   \
	       "TEXT) IS NULL OR "                                             \
	       "f.type = $8)"                                                  \
	       " AND (CAST($9 AS TEXT) IS NULL OR f.kind = $9) AND (CAST($10 " \
	       "AS TEXT) IS NULL OR "                                          \
	       "f.status = $10)"                                               \
	       " AND (CAST($11 AS TEXT) IS NULL OR f.ownership = $11)"         \
	       " AND (CAST($12 AS TEXT) IS NULL OR f.name_folded LIKE $12 "    \
	       "ESCAPE '\\')"

#define FACILITY_EVENT_COLS                                                    \
	"id, facility_id, at, actor_id, actor_name, kind, data"

/* The stay, then its case, person and facility (read_stay). */
#define STAY_COLS                                                              \
	"s.id, s.facility_id, s.case_id, s.person_id, s.admitted_on,"          \
	" s.admission_kind, s.reason, s.decided_by, s.over_capacity_reason,"   \
	" s.admitted_by, s.discharged_on, s.discharge_reason,"                 \
	" s.discharge_note, s.discharge_decided_by, s.discharged_by,"          \
	" s.created_at, c.case_no, c.type, c.unit_tree, c.unit_path,"          \
	" c.restricted, p.full_name, p.sex, p.birth_year, f.name"
#define STAY_FROM                                                              \
	" FROM stays s LEFT JOIN cases c ON c.id = s.case_id"                  \
	" LEFT JOIN persons p ON p.id = s.person_id"                           \
	" LEFT JOIN facilities f ON f.id = s.facility_id"
/* $1 facility, $2 only_current, $3 limit, $4 offset. */
#define STAYS_WHERE                                                            \
	" WHERE s.facility_id = $1 AND (CAST($2 AS BIGINT) = 0 OR "            \
	"s.discharged_on IS NULL)"

#define CARER_COLS                                                             \
	"r.id, r.full_name, r.full_name_folded, r.kind, r.sex, r.birth_year,"  \
	" r.national_id, r.address, r.phone, r.unit_tree, r.unit_code,"        \
	" r.unit_path, r.registered_on, r.household_size, r.status, r.note,"   \
	" r.created_by, r.created_at, r.updated_at, r.version,"                \
	" (SELECT COUNT(*) FROM placements x WHERE x.carer_id = r.id"          \
	" AND x.end_on IS NULL)"
/* $1 tree, $2/$3 within range, $4 kind, $5 status, $6 name pattern,
 * $7 limit, $8 offset. */
#define CARERS_WHERE                                                           \
	" WHERE r.unit_tree = $1 AND " WITHIN(                                 \
	    "r.unit_path", 2,                                                  \
	    3) " AND (CAST($4 AS TEXT) IS NULL OR r.kind = $4) AND (CAST($5 "  \
	       "AS TEXT) IS NULL OR r.status "                                 \
	       "= $5)"                                                         \
	       " AND (CAST($6 AS TEXT) IS NULL OR r.full_name_folded LIKE $6 " \
	       "ESCAPE '\\')"

/* The placement with its case's current unit, then the case, person,
 * carer and facility (read_placement). */
#define PLACEMENT_COLS                                                         \
	"pl.id, pl.case_id, pl.form, pl.carer_id, pl.facility_id,"             \
	" pl.start_on, pl.decision_no, pl.note, pl.next_review_on, pl.end_on," \
	" pl.end_reason, pl.end_note, c.unit_tree, c.unit_code, c.unit_path,"  \
	" pl.created_by, pl.created_at, pl.version, c.case_no, c.type,"        \
	" c.restricted, c.assigned_to, c.created_by, c.facility_id, c.stage,"  \
	" p.full_name, p.birth_year, r.full_name, f.name"
#define PLACEMENT_FROM                                                         \
	" FROM placements pl CROSS JOIN cases c"                               \
	" LEFT JOIN persons p ON p.id = c.person_id"                           \
	" LEFT JOIN carers r ON r.id = pl.carer_id"                            \
	" LEFT JOIN facilities f ON f.id = pl.facility_id"
/* $1 tree, $2/$3 within range (of the case's unit), $4 form, $5 active
 * (1, -1, 0), $6 review_before, $7 case_id, $8 carer_id, $9 limit, $10
 * offset, $11 facility and $12 user of a facility user's filter (0:
 * none), $13/$14 the range of that user's own cases.  CROSS JOIN (the
 * join's test is in the WHERE) keeps placements, a few per thousand cases,
 * on the outside: driven from cases_unit the planner would walk every case
 * of a province. */
#define PLACEMENTS_WHERE                                                       \
	" WHERE c.id = pl.case_id AND c.unit_tree = $1"                        \
	" AND " WITHIN(                                                        \
	    "c.unit_path", 2,                                                  \
	    3) " AND (CAST($4 AS TEXT) IS NULL OR pl.form = $4)"               \
	       " AND (CAST($5 AS BIGINT) = 0 OR (CAST($5 AS BIGINT) = 1 AND "  \
	       "pl.end_on IS NULL)"                                            \
	       " OR (CAST($5 AS BIGINT) = -1 AND pl.end_on IS NOT NULL))"      \
	       " AND (CAST($6 AS TEXT) IS NULL OR (pl.end_on IS NULL AND "     \
	       "pl.next_review_on "                                            \
	       "< $6))"                                                        \
	       " AND (CAST($7 AS BIGINT) = 0 OR pl.case_id = $7) AND "         \
	       "(CAST($8 AS BIGINT) = 0 OR pl.carer_id "                       \
	       "= $8)"                                                         \
	       " AND (CAST($12 AS BIGINT) = 0 OR c.facility_id = $11"          \
	       " OR ((c.assigned_to = $12 OR c.created_by = $12)"              \
	       " AND " WITHIN("c.unit_path", 13, 14) "))"
#define PLACEMENT_REVIEW_COLS                                                  \
	"id, placement_id, reviewed_on, outcome, note, reviewed_by, "          \
	"created_at"

/* Participant counts through participants_training (by sex: and the
 * rows). */
#define TRAINING_COUNT(sex)                                                    \
	"(SELECT COUNT(*) FROM participants x WHERE x.training_id = t.id" sex  \
	")"
#define TRAINING_COLS                                                          \
	"t.id, t.title, t.title_folded, t.topic, t.project, t.starts_on,"      \
	" t.ends_on, t.organiser, t.place, t.note, t.unit_tree, t.unit_code,"  \
	" t.unit_path, t.created_by, t.created_at, t.updated_at, "             \
	"t.version, " TRAINING_COUNT("") ", " TRAINING_COUNT(                  \
	    " AND x.sex = 'female'") ", " TRAINING_COUNT(" AND x.sex = "       \
	                                                 "'male'")
/* $1 tree, $2/$3 within range, $4 topic, $5 project, $6/$7 the year's
 * first day and the next year's (or NULL), $8 title pattern, $9 limit,
 * $10 offset. */
#define TRAININGS_WHERE                                                        \
	" WHERE t.unit_tree = $1 AND " WITHIN(                                 \
	    "t.unit_path", 2,                                                  \
	    3) " AND (CAST($4 AS TEXT) IS NULL OR t.topic "                    \
	       "= $4) AND (CAST($5 AS BIGINT) = 0 OR t.project = "             \
	       "$5)"                                                           \
	       " AND (CAST($6 AS TEXT) IS NULL OR "                            \
	       "(t.starts_on >= $6 AND t.starts_on < $7))"                     \
	       " AND (CAST($8 AS TEXT) IS NULL OR "                            \
	       "t.title_folded LIKE $8 ESCAPE '\\')"

#define PARTICIPANT_COLS                                                       \
	"id, training_id, full_name, full_name_folded, sex, role, agency,"     \
	" position, unit_tree, unit_code, unit_path, birth_year, created_by,"  \
	" created_at"

#define COMMUNICATION_COLS                                                     \
	"m.id, m.unit_tree, m.unit_code, m.unit_path, m.kind, m.topic,"        \
	" m.audience, m.held_on, m.title, m.note, m.reach_male,"               \
	" m.reach_female, m.created_by, m.created_at, m.updated_at,"           \
	" m.version, u.name"
#define COMMUNICATION_FROM                                                     \
	" FROM communications m LEFT JOIN units u"                             \
	" ON u.tree = m.unit_tree AND u.code = m.unit_code"
/* $1 tree, $2/$3 within range, $4 topic, $5 kind, $6 from, $7 to (days,
 * inclusive), $8 limit, $9 offset. */
#define COMMUNICATIONS_WHERE                                                   \
	" WHERE m.unit_tree = $1 AND " WITHIN(                                 \
	    "m.unit_path", 2,                                                  \
	    3) " AND (CAST($4 AS TEXT) IS NULL OR m.topic = $4)"               \
	       " AND (CAST($5 AS TEXT) IS NULL OR m.kind = $5)"                \
	       " AND (CAST($6 AS TEXT) IS NULL OR m.held_on >= $6)"            \
	       " AND (CAST($7 AS TEXT) IS NULL OR m.held_on <= $7)"

/* A plan with its unit's name and number of targets (read_plan). */
#define PLAN_COLS                                                              \
	"p.id, p.tree, p.unit_code, p.unit_path, p.number, p.issued_on,"       \
	" p.title, p.period_from, p.period_to, p.created_by, p.created_at,"    \
	" p.updated_at, p.version, u.name, (SELECT COUNT(*) FROM plan_targets" \
	" t WHERE t.plan_id = p.id)"
#define PLAN_FROM                                                              \
	" FROM plans p LEFT JOIN units u ON u.tree = p.tree"                   \
	" AND u.code = p.unit_code"
/* $1 tree, [$2, $3) the path range (within_bounds), $4 unit code, $5
 * limit, $6 offset. */
#define PLANS_WHERE                                                            \
	" WHERE p.tree = $1 AND p.unit_path >= $2 AND p.unit_path < $3"        \
	" AND (CAST($4 AS TEXT) IS NULL OR p.unit_code = $4)"
#define TARGET_COLS                                                            \
	"id, plan_id, indicator, year, target, baseline, baseline_year,"       \
	" quote, version"

#define IMPORT_COLS                                                            \
	"id, kind, user_id, status, dry_run, rows_total, rows_stored,"         \
	" problems, created_at, finished_at"

/* A report with its unit's name, path and level and its approver's name
 * (read_report in store_reports.c); data and consolidation are given as
 * columns so the list can leave them NULL. */
#define REPORT_COLS_WITH(data, consolidation)                                  \
	"r.id, r.template, r.period, r.tree, r.unit_code, u.name, u.path,"     \
	" u.level, r.agency, r.project, r.plan_id, r.state, r.number,"         \
	" r.report_date, r.signer_title, r.signer_name, r.results,"            \
	" r.difficulties, r.proposals, " data ", r.data_at, " consolidation    \
	", r.first_submitted_at, r.last_submitted_at, r.approved_at,"          \
	" r.approved_by, a.full_name, r.created_by, r.created_at,"             \
	" r.updated_at, r.version"
#define REPORT_COLS REPORT_COLS_WITH("r.data", "r.consolidation")
#define REPORT_FROM                                                            \
	" FROM reports r LEFT JOIN units u ON u.tree = r.tree AND u.code ="    \
	" r.unit_code LEFT JOIN users a ON a.id = r.approved_by"
/* $1 tree, [$2, $3) the unit's path range (NULL: any), $4 unit code, $5
 * parent code, $6 template, $7 period, $8 state, $9 limit, $10 offset. */
#define REPORTS_WHERE                                                          \
	" WHERE (CAST($1 AS TEXT) IS NULL OR r.tree = $1)"                     \
	" AND (CAST($2 AS TEXT) IS NULL OR (u.path >= $2 AND u.path < $3))"    \
	" AND (CAST($4 AS TEXT) IS NULL OR r.unit_code = $4)"                  \
	" AND (CAST($5 AS TEXT) IS NULL OR u.parent_code = $5)"                \
	" AND (CAST($6 AS TEXT) IS NULL OR r.template = $6)"                   \
	" AND (CAST($7 AS TEXT) IS NULL OR r.period = $7)"                     \
	" AND (CAST($8 AS TEXT) IS NULL OR r.state = $8)"
/* Activities of a subtree for a report's prefill: $1 tree, [$2, $3) the
 * path range, $4/$5 the window's first and last day (dates), [$6, $7)
 * the same as instants (cases).  One row of the four sources. */
#define REPORT_ACTIVITIES_SQL                                                  \
	"SELECT tr.n, tr.p, cm.n, cm.r, cs.o, cs.cl, cs.e, fa.n FROM (SELECT"  \
	" COUNT(*) AS n, COALESCE(SUM((SELECT COUNT(*) FROM participants p"    \
	" WHERE p.training_id = t.id)), 0) AS p FROM trainings t WHERE"        \
	" t.unit_tree = $1 AND t.unit_path >= $2 AND t.unit_path < $3 AND"     \
	" t.ends_on >= $4 AND t.ends_on <= $5) tr CROSS JOIN (SELECT"          \
	" COUNT(*) AS n, COALESCE(SUM(m.reach_male + m.reach_female), 0) AS"   \
	" r FROM communications m WHERE m.unit_tree = $1 AND m.unit_path >="   \
	" $2 AND m.unit_path < $3 AND m.held_on >= $4 AND m.held_on <= $5)"    \
	" cm CROSS JOIN (SELECT COALESCE(SUM(CASE WHEN c.opened_at >= $6 AND"  \
	" c.opened_at < $7 THEN 1 ELSE 0 END), 0) AS o, COALESCE(SUM(CASE"     \
	" WHEN c.closed_at >= $6 AND c.closed_at < $7 THEN 1 ELSE 0 END), 0)"  \
	" AS cl, COALESCE(SUM(CASE WHEN c.opened_at < $7 AND (c.closed_at IS"  \
	" NULL OR c.closed_at >= $7) THEN 1 ELSE 0 END), 0) AS e FROM cases c" \
	" WHERE c.unit_tree = $1 AND c.unit_path >= $2 AND c.unit_path < $3)"  \
	" cs CROSS JOIN (SELECT COUNT(*) AS n FROM facilities f WHERE"         \
	" f.unit_tree = $1 AND f.unit_path >= $2 AND f.unit_path < $3 AND"     \
	" f.kind = 'facility' AND f.status = 'active') fa"
#define REPORT_SETTINGS_COLS                                                   \
	"window_rule, s1_month, s1_day, s1_year_offset, s2_month, s2_day,"     \
	" s2_year_offset, annual_month, annual_day, annual_year_offset,"       \
	" due_day_counts, reminder_days"

/* ---- programme indicators (store_indicators.c) ---- */

/* The record-computed parts of one unit (docs/indicators.md §How each
 * indicator is computed), one statement per source, numbered alike: $1
 * tree, $2 unit code ('' national), $3/$4 the unit's path range, $5/$6
 * the period's first and last day, $7/$8 its first and last month, $9
 * the tree's commune level, $10 its district level (0: none).  Counts are
 * SUM(CASE …) so PostgreSQL reads them unchanged.
 * The source statements (facilities, stays, trainings, communications,
 * units) give one row per unit they count for, its code first: with $11
 * = 0 the unit $2 itself (the first arm of IND_BY_UNIT, one row), with
 * $11 > 0 each child unit of $2 at once (the second, grouped by
 * IND_CHILD_KEY), so a dashboard's children take one statement per
 * source rather than one per child and source (a round trip each on
 * PostgreSQL: 5 × 63 for the nation).  The arm not asked for is cut by
 * its constant condition before it reads a row; the first always gives a
 * row, under $2's code, which is not a child's. */
/* The child of $2 whose subtree holds the lineage path col: the segment
 * of col that starts at character $11 (1 for the nation, else the length
 * of $2's path + 2), up to the next '/' (codes are digits: lineage.c);
 * '' for $2 itself. */
/* clang-format off */
#define IND_CHILD_SEGMENT(col) "substr(" col ", CAST($11 AS INTEGER))"
#define IND_CHILD_KEY(col)                                                     \
	"substr(" IND_CHILD_SEGMENT(col) ", 1,"                                \
	" length(" IND_CHILD_SEGMENT(col) ") -"                                \
	" length(ltrim(" IND_CHILD_SEGMENT(col) ", '0123456789')))"
#define IND_BY_UNIT(cols, from, col)                                           \
	"SELECT CAST($2 AS TEXT), " cols from                                  \
	" AND CAST($11 AS INTEGER) = 0 UNION ALL SELECT " IND_CHILD_KEY(col)   \
	", " cols from " AND CAST($11 AS INTEGER) <> 0 GROUP BY 1"
/* clang-format on */
/* The child units of $2 ('' = the provinces), by code; each arm of the
 * IN seeks its own index (units_parent, units_level). */
#define IND_CHILD_UNITS_SQL                                                    \
	"SELECT code, name, level, path FROM units u WHERE u.tree = $1 AND"    \
	" u.code IN (SELECT k.code FROM units k WHERE k.tree = $1 AND"         \
	" k.parent_code = $2 UNION ALL SELECT k.code FROM units k WHERE"       \
	" k.tree = $1 AND k.level = 1 AND $2 = '') ORDER BY code"
/* The case sums of each catalogue indicator (NULL: no case): a seek on
 * (tree, unit, indicator) and the months' range each.  Correlated
 * subqueries rather than a join, which the planner may turn into a Bloom
 * filter built by reading every sum of the table (it did, 30 ms on 220 000
 * cases, where the seeks take 0.1 ms). */
#define IND_CASE_SUMS_SQL                                                      \
	"SELECT i.code, (SELECT SUM(s.num) FROM indicator_case_sums s WHERE"   \
	" s.tree = $1 AND s.unit_code = $2 AND s.indicator = i.code AND"       \
	" s.month >= $7 AND s.month <= $8), (SELECT SUM(s.den) FROM"           \
	" indicator_case_sums s WHERE s.tree = $1 AND s.unit_code = $2 AND"    \
	" s.indicator = i.code AND s.month >= $7 AND s.month <= $8) FROM"      \
	" indicators i"
/* The same for every child unit at once. */
#define IND_CASE_CHILD_SUMS_SQL                                                \
	"SELECT u.code, i.code, (SELECT SUM(s.num) FROM indicator_case_sums"   \
	" s WHERE s.tree = u.tree AND s.unit_code = u.code AND s.indicator"    \
	" = i.code AND s.month >= $7 AND s.month <= $8), (SELECT SUM(s.den)"   \
	" FROM indicator_case_sums s WHERE s.tree = u.tree AND s.unit_code"    \
	" = u.code AND s.indicator = i.code AND s.month >= $7 AND s.month"     \
	" <= $8) FROM units u CROSS JOIN indicators i WHERE u.tree = $1 AND"   \
	" u.code IN (SELECT k.code FROM units k WHERE k.tree = $1 AND"         \
	" k.parent_code = $2 UNION ALL SELECT k.code FROM units k WHERE"       \
	" k.tree = $1 AND k.level = 1 AND $2 = '')"
/* Places at their owning unit, columns in the order of facility_parts
 * (store_indicators.c); a place counts at the period's end when it runs
 * (active or suspended) and started by then. */
#define IND_FACILITY_COLS                                                      \
	"SUM(CASE WHEN f.kind = 'facility' AND f.upgraded_on >= $5"            \
	" AND f.upgraded_on <= $6 THEN 1 ELSE 0 END), SUM(CASE WHEN f.kind"    \
	" = 'facility' AND f.ownership = 'non_public' AND f.licence_no IS"     \
	" NOT NULL AND f.licence_no <> '' AND f.status IN ('active',"          \
	" 'suspended') AND (f.started_on IS NULL OR f.started_on <= $6)"       \
	" THEN 1 ELSE 0 END), SUM(CASE WHEN f.type = 'sp_cp_office' AND"       \
	" f.status IN ('active', 'suspended') AND f.started_on <= $6 THEN 1"   \
	" ELSE 0 END), SUM(CASE WHEN f.sw_standard = 1 AND f.status IN"        \
	" ('active', 'suspended') AND f.started_on <= $6 THEN 1 ELSE 0"        \
	" END), SUM(CASE WHEN f.type IN ('fac_trusted_address',"               \
	" 'sp_safe_house') AND f.status IN ('active', 'suspended') AND"        \
	" f.started_on <= $6 THEN 1 ELSE 0 END), SUM(CASE WHEN f.type ="       \
	" 'sp_drug_counselling' AND f.status IN ('active', 'suspended') AND"   \
	" f.started_on <= $6 THEN 1 ELSE 0 END), SUM(CASE WHEN f.type ="       \
	" 'model_sex_work_support' AND f.status IN ('active', 'suspended')"    \
	" AND f.started_on <= $6 THEN 1 ELSE 0 END), SUM(CASE WHEN f.type ="   \
	" 'model_trafficking_reintegration' AND f.status IN ('active',"        \
	" 'suspended') AND f.started_on <= $6 THEN 1 ELSE 0 END)"
#define IND_FACILITY_FROM                                                      \
	" FROM facilities f WHERE f.unit_tree = $1 AND (f.unit_path >= $3"     \
	" AND f.unit_path < $4)"
#define IND_FACILITY_SUMS_SQL                                                  \
	IND_BY_UNIT(IND_FACILITY_COLS, IND_FACILITY_FROM, "f.unit_path")
/* Residents of kind-facility places at the period's last day. */
#define IND_STAY_FROM                                                          \
	" FROM facilities f JOIN stays s ON s.facility_id = f.id WHERE"        \
	" f.unit_tree = $1 AND (f.unit_path >= $3 AND f.unit_path < $4) AND"   \
	" f.kind = 'facility' AND s.admitted_on <= $6 AND (s.discharged_on"    \
	" IS NULL OR s.discharged_on > $6)"
#define IND_STAY_SUMS_SQL IND_BY_UNIT("COUNT(*)", IND_STAY_FROM, "f.unit_path")
/* Participants (person-times) of trainings ending in the period, at
 * their own unit (the training's when they have none); columns in the
 * order of training_parts. */
#define IND_TRAINING_COLS                                                      \
	"SUM(CASE WHEN p.role IN ('sw_official', 'sw_collaborator',"           \
	" 'facility_staff', 'lisa_official', 'cp_officer') THEN 1 ELSE 0"      \
	" END), SUM(CASE WHEN p.role IN ('facility_staff', 'lisa_official')"   \
	" THEN 1 ELSE 0 END), SUM(CASE WHEN p.role IN ('sw_official',"         \
	" 'sw_collaborator', 'facility_staff', 'lisa_official') THEN 1 ELSE"   \
	" 0 END), SUM(CASE WHEN p.role = 'family_caregiver' THEN 1 ELSE 0"     \
	" END), SUM(CASE WHEN p.sex = 'female' AND p.role IN"                  \
	" ('female_deputy', 'female_leader') THEN 1 ELSE 0 END), SUM(CASE"     \
	" WHEN p.sex = 'female' AND p.role = 'female_pipeline' THEN 1 ELSE"    \
	" 0 END), SUM(CASE WHEN p.role = 'ge_staff' THEN 1 ELSE 0 END),"       \
	" SUM(CASE WHEN p.role = 'rehab_staff' THEN 1 ELSE 0 END)"
#define IND_TRAINING_FROM                                                      \
	" FROM trainings t JOIN participants p ON p.training_id = t.id WHERE"  \
	" t.ends_on >= $5 AND t.ends_on <= $6 AND COALESCE(p.unit_tree,"       \
	" t.unit_tree) = $1 AND (COALESCE(p.unit_path, t.unit_path) >= $3"     \
	" AND COALESCE(p.unit_path, t.unit_path) < $4)"
#define IND_TRAINING_SUMS_SQL                                                  \
	IND_BY_UNIT(IND_TRAINING_COLS, IND_TRAINING_FROM,                      \
	            "COALESCE(p.unit_path, t.unit_path)")
/* The same by the participant's sex and age in the year the training
 * ended (NULL: no birth year), for a breakdown. */
#define IND_TRAINING_GROUPS_SQL                                                \
	"SELECT p.sex, CASE WHEN p.birth_year > 0 THEN CAST(substr(t.ends_on," \
	" 1, 4) AS INTEGER) - p.birth_year END, " IND_TRAINING_COLS            \
	    IND_TRAINING_FROM " GROUP BY 1, 2"
/* People reached (reach_male + reach_female), at the commune. */
#define IND_COMMUNICATION_COLS(reach)                                          \
	"SUM(CASE WHEN m.topic = 'gender_equality' AND m.audience IN"          \
	" ('officials', 'armed_forces', 'students') THEN " reach " ELSE 0"     \
	" END), SUM(CASE WHEN m.topic = 'gender_equality' THEN " reach         \
	" ELSE 0 END)"
#define IND_COMMUNICATION_FROM                                                 \
	" FROM communications m WHERE m.unit_tree = $1 AND (m.unit_path >="    \
	" $3 AND m.unit_path < $4) AND m.held_on >= $5 AND m.held_on <= $6"
/* Both columns count gender_equality only: saying so in the WHERE lets
 * the nation's statement seek communications_topic (one topic's year, 2.8
 * k rows on the national file) instead of reading every communication of
 * the tree (159 k index entries, 20 k rows: 27 against 2 ms on SQLite);
 * a commune's costs 1-3 ms more on SQLite, which has no range statistics
 * to prefer communications_unit there.  No row still sums to 0. */
#define IND_COMMUNICATION_SUMS_SQL                                             \
	IND_BY_UNIT(IND_COMMUNICATION_COLS("m.reach_male + m.reach_female"),   \
	            IND_COMMUNICATION_FROM " AND m.topic = 'gender_equality'", \
	            "m.unit_path")
/* The same, men's columns then women's, for a breakdown by sex. */
#define IND_COMMUNICATION_GROUPS_SQL                                           \
	"SELECT " IND_COMMUNICATION_COLS(                                      \
	    "m.reach_male") ", " IND_COMMUNICATION_COLS("m.reach_female")      \
	    IND_COMMUNICATION_FROM
/* Units counted: numerator and denominator of the three unit-based
 * indicators in the order of unit_parts: districts in the unit (it
 * included) with a running women's economic model, communes in it with
 * an anti-prostitution communication, child units with a harm-reduction
 * case (from the case sums).  IND_UNIT_SUMS_OWN for $2 itself;
 * IND_UNIT_SUMS_CHILDREN for each child of $2: the districts and communes
 * by IND_CHILD_KEY of their own path, the units of the third by their
 * parent (the children of each child). */
#define IND_UNIT_SUMS_OWN                                                      \
	"SELECT CAST($2 AS TEXT), (SELECT COUNT(DISTINCT d.code) FROM "        \
	"facilities f JOIN"                                                    \
	" unit_ancestors a ON a.tree = f.unit_tree AND a.code = f.unit_code"   \
	" JOIN units d ON d.tree = a.tree AND d.code = a.ancestor_code AND"    \
	" d.level = $10 WHERE f.unit_tree = $1 AND (f.unit_path >= $3 AND"     \
	" f.unit_path < $4) AND f.type = 'model_women_economic' AND"           \
	" f.status = 'active' AND f.started_on <= $6 AND (d.path >= $3 AND"    \
	" d.path < $4)), (SELECT COUNT(*) FROM units k WHERE k.tree = $1"      \
	" AND k.level = $10 AND (k.path >= $3 AND k.path < $4)), (SELECT"      \
	" COUNT(DISTINCT m.unit_code) FROM communications m JOIN units k ON"   \
	" k.tree = m.unit_tree AND k.code = m.unit_code AND k.level = $9"      \
	" WHERE m.topic = 'anti_prostitution' AND m.held_on >= $5 AND"         \
	" m.held_on <= $6 AND m.unit_tree = $1 AND (m.unit_path >= $3 AND"     \
	" m.unit_path < $4)), (SELECT COUNT(*) FROM units k WHERE k.tree ="    \
	" $1 AND k.level = $9 AND (k.path >= $3 AND k.path < $4)), (SELECT"    \
	" SUM(CASE WHEN EXISTS (SELECT 1 FROM indicator_case_sums s WHERE"     \
	" s.tree = g.tree AND s.unit_code = g.code AND s.indicator ="          \
	" 'p4_harm_reduction_subunits_pct' AND s.month >= $7 AND s.month <="   \
	" $8 AND s.num > 0) THEN 1 ELSE 0 END) FROM units g WHERE g.tree ="    \
	" $1 AND g.code IN (SELECT k.code FROM units k WHERE k.tree = $1"      \
	" AND k.parent_code = $2 UNION ALL SELECT k.code FROM units k WHERE"   \
	" k.tree = $1 AND k.level = 1 AND $2 = '')), (SELECT COUNT(*) FROM"    \
	" units g WHERE g.tree = $1 AND g.code IN (SELECT k.code FROM units"   \
	" k WHERE k.tree = $1 AND k.parent_code = $2 UNION ALL SELECT"         \
	" k.code FROM units k WHERE k.tree = $1 AND k.level = 1 AND $2 ="      \
	" '')) WHERE CAST($11 AS INTEGER) = 0"
#define IND_UNIT_CHILDREN_OF(parent)                                           \
	"SELECT h.code FROM units h WHERE h.tree = $1 AND h.parent_code "      \
	"= " parent                                                            \
	" UNION ALL SELECT h.code FROM units h WHERE h.tree = $1 AND"          \
	" h.level = 1 AND " parent " = ''"
#define IND_KEY_D IND_CHILD_KEY("d.path")
#define IND_KEY_K IND_CHILD_KEY("k.path")
#define IND_UNIT_DISTRICTS_ON                                                  \
	"SELECT " IND_KEY_D " AS unit, COUNT(DISTINCT d.code) AS n1, 0 AS"     \
	" n2, 0 AS n3, 0 AS n4, 0 AS n5, 0 AS n6 FROM facilities f JOIN"       \
	" unit_ancestors a ON a.tree = f.unit_tree AND a.code = f.unit_code"   \
	" JOIN units d ON d.tree = a.tree AND d.code = a.ancestor_code AND"    \
	" d.level = $10 WHERE f.unit_tree = $1 AND (f.unit_path >= $3 AND"     \
	" f.unit_path < $4) AND f.type = 'model_women_economic' AND"           \
	" f.status = 'active' AND f.started_on <= $6 AND (d.path >= $3 AND"    \
	" d.path < $4) GROUP BY 1"
#define IND_UNIT_DISTRICTS                                                     \
	"SELECT " IND_KEY_K ", 0, COUNT(*), 0, 0, 0, 0 FROM units k WHERE"     \
	" k.tree = $1 AND k.level = $10 AND (k.path >= $3 AND k.path < $4)"    \
	" GROUP BY 1"
#define IND_UNIT_COMMUNES_ON                                                   \
	"SELECT " IND_KEY_K ", 0, 0, COUNT(DISTINCT m.unit_code), 0, 0, 0"     \
	" FROM communications m JOIN units k ON k.tree = m.unit_tree AND"      \
	" k.code = m.unit_code AND k.level = $9 WHERE m.topic ="               \
	" 'anti_prostitution' AND m.held_on >= $5 AND m.held_on <= $6 AND"     \
	" m.unit_tree = $1 AND (m.unit_path >= $3 AND m.unit_path < $4)"       \
	" GROUP BY 1"
#define IND_UNIT_COMMUNES                                                      \
	"SELECT " IND_KEY_K ", 0, 0, 0, COUNT(*), 0, 0 FROM units k WHERE"     \
	" k.tree = $1 AND k.level = $9 AND (k.path >= $3 AND k.path < $4)"     \
	" GROUP BY 1"
#define IND_CHILDREN_OF_2 IND_UNIT_CHILDREN_OF("$2")
#define IND_UNIT_CHILDREN                                                      \
	"SELECT g.parent_code, 0, 0, 0, 0, SUM(CASE WHEN EXISTS (SELECT 1"     \
	" FROM indicator_case_sums s WHERE s.tree = g.tree AND s.unit_code ="  \
	" g.code AND s.indicator = 'p4_harm_reduction_subunits_pct' AND"       \
	" s.month >= $7 AND s.month <= $8 AND s.num > 0) THEN 1 ELSE 0 END),"  \
	" COUNT(*) FROM units g WHERE g.tree = $1 AND g.parent_code IN "       \
	"(" IND_CHILDREN_OF_2 ") GROUP BY 1"
#define IND_UNIT_SUMS_CHILDREN                                                 \
	"SELECT unit, SUM(n1), SUM(n2), SUM(n3), SUM(n4), SUM(n5), SUM(n6)"    \
	" FROM (" IND_UNIT_DISTRICTS_ON " UNION ALL " IND_UNIT_DISTRICTS       \
	" UNION ALL " IND_UNIT_COMMUNES_ON " UNION ALL " IND_UNIT_COMMUNES     \
	" UNION ALL " IND_UNIT_CHILDREN ") x WHERE CAST($11 AS INTEGER) <> 0"  \
	" GROUP BY unit"
#define IND_UNIT_SUMS_SQL IND_UNIT_SUMS_OWN " UNION ALL " IND_UNIT_SUMS_CHILDREN
#define AGGREGATE_COLS                                                         \
	"g.id, g.indicator, g.tree, g.unit_code, CASE WHEN g.unit_code = ''"   \
	" THEN 'Toàn quốc' ELSE u.name END, g.period, g.numerator,"         \
	" g.denominator, g.entered_by, us.full_name, g.entered_at,"            \
	" g.version"
#define AGGREGATE_FROM                                                         \
	" FROM aggregate_values g LEFT JOIN units u ON u.tree = g.tree AND"    \
	" u.code = g.unit_code LEFT JOIN users us ON us.id = g.entered_by"
/* The cases behind a number ($28 indicator, $29/$30 months, $31 1 for the
 * numerator, else the denominator): the view read for each candidate by
 * its id (the WHERE is pushed into every arm, a primary-key seek). */
#define CASES_INDICATOR                                                        \
	" AND EXISTS (SELECT 1 FROM case_indicator_rows r WHERE r.case_id ="   \
	" c.id AND r.indicator = $28 AND r.month >= $29 AND r.month <= $30"    \
	" AND (CASE WHEN CAST($31 AS BIGINT) = 1 THEN r.num ELSE r.den END) "  \
	"= 1)"

const struct sql_statement sql_texts[STMT__MAX] = {
    [STMT_SCHEMA_VERSION] =
        {"schema_version",
         "SELECT COALESCE(MAX(version), 0) FROM schema_version"},
    [STMT_SCHEMA_APPLIED] = {"schema_applied",
                             "SELECT 1 FROM schema_version WHERE version = $1"},
    [STMT_SCHEMA_RECORD] =
        {"schema_record",
         "INSERT INTO schema_version (version, name, applied_at)"
         " VALUES ($1, $2, $3)"},
    [STMT_PING] = {"ping", "SELECT 1"},
    [STMT_BEGIN] = {"begin", "BEGIN IMMEDIATE"},
    /* Run on PostgreSQL only (db.c begin_write); SQLite's BEGIN IMMEDIATE
     * already takes the write lock. */
    [STMT_WRITE_LOCK] = {"write_lock", "SELECT 1"},
    [STMT_COMMIT] = {"commit", "COMMIT"},
    [STMT_ROLLBACK] = {"rollback", "ROLLBACK"},

    [STMT_SETTING_GET] = {"setting_get",
                          "SELECT value FROM settings WHERE key = $1"},
    [STMT_SETTING_SET] =
        {"setting_set",
         "INSERT INTO settings (key, value) VALUES ($1, $2)"
         " ON CONFLICT (key) DO UPDATE SET value = excluded.value"},

    [STMT_UNIT_PUT] =
        {"unit_put",
         "INSERT INTO units (" UNIT_COLS ")"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
         " ON CONFLICT (tree, code) DO UPDATE SET name = excluded.name,"
         " name_folded = excluded.name_folded, type = excluded.type,"
         " level = excluded.level, parent_code = excluded.parent_code,"
         " path = excluded.path"},
    [STMT_UNIT_ANCESTORS_DROP] =
        {"unit_ancestors_drop",
         "DELETE FROM unit_ancestors WHERE tree = $1 AND code = $2"},
    [STMT_UNIT_ANCESTOR_PUT] =
        {"unit_ancestor_put",
         "INSERT INTO unit_ancestors (tree, ancestor_code, code, depth)"
         " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"},
    [STMT_UNITS_CLEAR] = {"units_clear", "DELETE FROM units WHERE tree = $1"},
    [STMT_UNITS_CLEAR_ANCESTORS] =
        {"units_clear_ancestors", "DELETE FROM unit_ancestors WHERE tree = $1"},
    [STMT_UNIT_GET] = {"unit_get", "SELECT " UNIT_COLS
                                   " FROM units WHERE tree = $1 AND code = $2"},
    /* The unit and every ancestor, top down, through the closure table.
     * Ordering by a column of `a` keeps the planner driving from the
     * (tree, code) index even before ANALYZE; ordering by u.level made it
     * scan every unit of the tree. */
    [STMT_UNIT_LINEAGE] =
        {"unit_lineage",
         "SELECT u.tree, u.code, u.name, u.name_folded, u.type, u.level,"
         " u.parent_code, u.path FROM unit_ancestors a JOIN units u"
         " ON u.tree = a.tree AND u.code = a.ancestor_code"
         " WHERE a.tree = $1 AND a.code = $2 ORDER BY a.depth DESC"},
    /* $1 tree, $2 parent_code, $3 level (0: any), $4 name pattern,
     * $5 limit, $6 offset. */
    [STMT_UNITS_LIST_ALL] =
        {"units_list_all",
         "SELECT " UNIT_COLS " FROM units WHERE tree = $1"
         " AND (CAST($3 AS BIGINT) = 0 OR level = $3) AND " UNITS_Q
             UNITS_ORDER},
    [STMT_UNITS_TOTAL_ALL] =
        {"units_total_all",
         "SELECT COUNT(*) FROM units WHERE tree = $1"
         " AND (CAST($3 AS BIGINT) = 0 OR level = $3) AND " UNITS_Q},
    [STMT_UNITS_LIST_PARENT] = {"units_list_parent",
                                "SELECT " UNIT_COLS
                                " FROM units WHERE tree = $1"
                                " AND parent_code = $2 AND (CAST($3 AS BIGINT) "
                                "= 0 OR level = $3) AND " UNITS_Q UNITS_ORDER},
    [STMT_UNITS_TOTAL_PARENT] = {"units_total_parent",
                                 "SELECT COUNT(*) FROM units WHERE tree = $1"
                                 " AND parent_code = $2 AND (CAST($3 AS "
                                 "BIGINT) = 0 OR level = $3) AND " UNITS_Q},
    [STMT_UNITS_LIST_LEVEL] = {"units_list_level",
                               "SELECT " UNIT_COLS " FROM units WHERE tree = $1"
                               " AND level = $3 AND " UNITS_Q UNITS_ORDER},
    [STMT_UNITS_TOTAL_LEVEL] = {"units_total_level",
                                "SELECT COUNT(*) FROM units WHERE tree = $1"
                                " AND level = $3 AND " UNITS_Q},
    [STMT_UNITS_COUNT] = {"units_count",
                          "SELECT COUNT(*) FROM units WHERE tree = $1"
                          " AND (CAST($2 AS BIGINT) = 0 OR level = $2)"},

    [STMT_USER_INSERT] =
        {"user_insert",
         "INSERT INTO users (username, full_name, full_name_folded, role,"
         " scope_tree, scope_code, scope_path, password_hash, active,"
         " created_at, updated_at, version, facility_id)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12)"
         " RETURNING id"},
    [STMT_USER_GET] = {"user_get",
                       "SELECT " USER_COLS " FROM users WHERE id = $1"},
    [STMT_USER_BY_USERNAME] = {"user_by_username",
                               "SELECT " USER_COLS
                               " FROM users WHERE username = $1"},
    [STMT_USERS_LIST] = {"users_list",
                         "SELECT " USER_COLS " FROM users" USERS_WHERE
                         " ORDER BY id LIMIT $6 OFFSET $7"},
    [STMT_USERS_TOTAL] = {"users_total",
                          "SELECT COUNT(*) FROM users" USERS_WHERE},
    [STMT_USER_UPDATE] =
        {"user_update",
         "UPDATE users SET username = $2, full_name = $3,"
         " full_name_folded = $4, role = $5, scope_tree = $6,"
         " scope_code = $7, scope_path = $8, password_hash = $9,"
         " active = $10, created_at = $11, updated_at = $12,"
         " facility_id = $13, version = version + 1 WHERE id = $1"
         " RETURNING version"},

    [STMT_SESSION_INSERT] = {"session_insert",
                             "INSERT INTO sessions (" SESSION_COLS ")"
                             " VALUES ($1, $2, $3, $4, $5, $6)"},
    /* The user's columns first, so read_user() reads them as they are. */
    [STMT_SESSION_USER] =
        {"session_user",
         "SELECT u.id, u.username, u.full_name, u.full_name_folded, u.role,"
         " u.scope_tree, u.scope_code, u.scope_path, u.password_hash,"
         " u.active, u.created_at, u.updated_at, u.version, u.facility_id,"
         " s.id_hash, s.user_id, s.csrf, s.created_at, s.last_seen_at,"
         " s.second_factor_pending"
         " FROM sessions s JOIN users u ON u.id = s.user_id"
         " WHERE s.id_hash = $1"},
    [STMT_SESSION_GET] = {"session_get", "SELECT " SESSION_COLS
                                         " FROM sessions WHERE id_hash = $1"},
    [STMT_SESSION_TOUCH] =
        {"session_touch",
         "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1"},
    [STMT_SESSION_DELETE] = {"session_delete",
                             "DELETE FROM sessions WHERE id_hash = $1"},
    [STMT_SESSIONS_DELETE_USER] = {"sessions_delete_user",
                                   "DELETE FROM sessions WHERE user_id = $1"},
    /* A password change ends the user's other sessions, not this one. */
    [STMT_SESSIONS_DELETE_USER_EXCEPT] =
        {"sessions_delete_user_except",
         "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2"},

    [STMT_TOKEN_INSERT] =
        {"token_insert",
         "INSERT INTO api_tokens (user_id, name, token_hash, created_at,"
         " last_used_at, revoked) VALUES ($1, $2, $3, $4, $5, $6)"
         " RETURNING id"},
    [STMT_TOKEN_BY_HASH] = {"token_by_hash",
                            "SELECT " TOKEN_COLS
                            " FROM api_tokens WHERE token_hash = $1"},
    [STMT_TOKENS_LIST] = {"tokens_list", "SELECT " TOKEN_COLS
                                         " FROM api_tokens WHERE user_id = $1"
                                         " ORDER BY id"},
    [STMT_TOKEN_REVOKE] = {"token_revoke", "UPDATE api_tokens SET revoked = 1"
                                           " WHERE id = $1 AND user_id = $2"},
    [STMT_TOKENS_REVOKE_USER] = {"tokens_revoke_user",
                                 "UPDATE api_tokens SET revoked = 1"
                                 " WHERE user_id = $1 AND revoked = 0"},
    [STMT_TOKEN_TOUCH] =
        {"token_touch",
         "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1"},

    [STMT_LOGIN_FAILURE_ADD] =
        {"login_failure_add",
         "INSERT INTO login_failures (username, at) VALUES ($1, $2)"},
    [STMT_LOGIN_FAILURES_COUNT] = {"login_failures_count",
                                   "SELECT COUNT(*) FROM login_failures"
                                   " WHERE username = $1 AND at >= $2"},
    [STMT_LOGIN_FAILURES_RECENT] = {"login_failures_recent",
                                    "SELECT at FROM login_failures"
                                    " WHERE username = $1 AND at >= $2"
                                    " ORDER BY at DESC LIMIT $3"},
    [STMT_LOGIN_FAILURES_CLEAR] =
        {"login_failures_clear",
         "DELETE FROM login_failures WHERE username = $1"},

    /* Second factor (store_sessions.c).  Setup never replaces a confirmed
     * secret; a code is used by raising last_step, so a replayed one
     * changes no row. */
    [STMT_TOTP_GET] = {"totp_get",
                       "SELECT user_id, secret, confirmed, last_step,"
                       " created_at FROM totp_secrets WHERE user_id = $1"},
    [STMT_TOTP_PUT] =
        {"totp_put",
         "INSERT INTO totp_secrets (user_id, secret, confirmed, last_step,"
         " created_at) VALUES ($1, $2, 0, 0, $3)"
         " ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret,"
         " last_step = 0, created_at = excluded.created_at"
         " WHERE totp_secrets.confirmed = 0"},
    [STMT_TOTP_USE] = {"totp_use",
                       "UPDATE totp_secrets SET confirmed = 1, last_step = $2"
                       " WHERE user_id = $1 AND confirmed = $3"
                       " AND last_step < $2"},
    [STMT_TOTP_DELETE] = {"totp_delete",
                          "DELETE FROM totp_secrets WHERE user_id = $1"},

    [STMT_AUDIT_APPEND] =
        {"audit_append",
         "INSERT INTO audit_log (at, actor_id, actor_name, action, target,"
         " unit_tree, unit_path, detail, ip, request_id)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"},
    [STMT_AUDIT_LIST] = {"audit_list",
                         "SELECT " AUDIT_COLS " FROM audit_log" AUDIT_WHERE
                         " ORDER BY at DESC, id DESC LIMIT $8 OFFSET $9"},
    [STMT_AUDIT_TOTAL] = {"audit_total",
                          "SELECT COUNT(*) FROM audit_log" AUDIT_WHERE},
    [STMT_PERSON_INSERT] =
        {"person_insert",
         "INSERT INTO persons (full_name, full_name_folded, sex, birth_date,"
         " birth_year, ethnicity, national_id, address_tree, address_code,"
         " contacts, province, created_at, updated_at)"
         " VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
         " RETURNING id"},
    [STMT_PERSON_GET] = {"person_get",
                         "SELECT " PERSON_COLS " FROM persons WHERE id = $1"},
    [STMT_PERSON_UPDATE] =
        {"person_update",
         "UPDATE persons SET full_name = $2, full_name_folded = $3,"
         " sex = $4, birth_date = $5, birth_year = $6, ethnicity = $7,"
         " national_id = $8, address_tree = $9, address_code = $10,"
         " contacts = $11, province = $12, created_at = $13,"
         " updated_at = $14 WHERE id = $1 RETURNING id"},
    [STMT_PERSON_CASES_UPDATE] =
        {"person_cases_update",
         "UPDATE cases SET person_name_folded = $3, national_id = $8"
         " WHERE person_id = $1"},
    /* $1 province, $2 national_id, $3 folded name, $4 birth year, $5
     * limit; each arm seeks its own index. */
    [STMT_PERSON_DUPLICATES] =
        {"person_duplicates",
         "SELECT " PERSON_COLS " FROM persons"
         " WHERE (CAST($2 AS TEXT) IS NOT NULL AND national_id = $2)"
         " OR (CAST($4 AS BIGINT) > 0 AND province = $1 AND full_name_folded = "
         "$3"
         " AND birth_year = $4) ORDER BY id LIMIT $5"},

    [STMT_NAME_SUFFIXES_DROP] =
        {"name_suffixes_drop",
         "DELETE FROM person_name_suffixes WHERE person_id = $1"},
    [STMT_NAME_SUFFIX_PUT] = {"name_suffix_put",
                              "INSERT INTO person_name_suffixes"
                              " (suffix, person_id) VALUES ($2, $1)"},
    [STMT_NAME_WORD_PUT] = {"name_word_put",
                            "INSERT INTO name_words (word) VALUES ($2)"
                            " ON CONFLICT DO NOTHING"},

    [STMT_CASE_COUNTER_NEXT] =
        {"case_counter_next",
         "INSERT INTO case_counters (province, year, last) VALUES ($1, $2, 1)"
         " ON CONFLICT (province, year)"
         " DO UPDATE SET last = case_counters.last + 1 RETURNING last"},
    /* The person's folded name and national id are copied from persons
     * here, so they cannot disagree; no row when there is no person.
     * Numbering as bind_case() in store_cases.c. */
    [STMT_CASE_INSERT] =
        {"case_insert",
         "INSERT INTO cases (case_no, type, person_id, person_name_folded,"
         " national_id, unit_tree, unit_code, unit_path, province,"
         " facility_id, assigned_to, stage, stage_since, due_at, due_rule,"
         " urgency, risk_level, restricted, details, summary,"
         " closure_reason, plan_approved_at, closure_approved_at,"
         " consent_services, consent_statistics, consent_sharing,"
         " consent_sharing_orgs, next_visit_at, hotline_call_id, opened_at,"
         " closed_at, created_by, created_at, updated_at, version)"
         " SELECT $3, $4, p.id, p.full_name_folded, p.national_id, $8, $9,"
         " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
         " $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35,"
         " $36, 1 FROM persons p WHERE p.id = $5"
         " RETURNING id, person_name_folded, national_id"},
    [STMT_CASE_GET] = {"case_get",
                       "SELECT " CASE_COLS CASE_FROM " WHERE c.id = $1"},
    [STMT_CASE_UPDATE] =
        {"case_update",
         "UPDATE cases SET type = $4, person_id = $5,"
         " person_name_folded = (SELECT full_name_folded FROM persons"
         " WHERE id = $5),"
         " national_id = (SELECT national_id FROM persons WHERE id = $5),"
         " unit_tree = $8, unit_code = $9, unit_path = $10, province = $11,"
         " facility_id = $12, assigned_to = $13, stage = $14,"
         " stage_since = $15, due_at = $16, due_rule = $17, urgency = $18,"
         " risk_level = $19, restricted = $20, details = $21, summary = $22,"
         " closure_reason = $23, plan_approved_at = $24,"
         " closure_approved_at = $25, consent_services = $26,"
         " consent_statistics = $27, consent_sharing = $28,"
         " consent_sharing_orgs = $29, next_visit_at = $30,"
         " hotline_call_id = $31, opened_at = $32, closed_at = $33,"
         " updated_at = $36, version = version + 1"
         " WHERE id = $1 AND version = $2 RETURNING version"},
    [STMT_CASE_EXISTS] = {"case_exists", "SELECT 1 FROM cases WHERE id = $1"},
    [STMT_CASES_LIST] = {"cases_list",
                         CASES_PAGE(CASES_SCOPE, "", CASES_ORDER_NEW)},
    [STMT_CASES_LIST_DUE] = {"cases_list_due",
                             CASES_PAGE(CASES_SCOPE, "", CASES_ORDER_DUE)},
    [STMT_CASES_TOTAL] = {"cases_total", CASES_COUNT(CASES_SCOPE, "")},
    [STMT_CASES_LIST_Q] = {"cases_list_q",
                           CASES_PAGE(SCOPE_CHECK, Q_IDS, CASES_ORDER_ANY)},
    [STMT_CASES_TOTAL_Q] = {"cases_total_q", CASES_COUNT(SCOPE_CHECK, Q_IDS)},
    [STMT_CASES_LIST_QSCAN] = {"cases_list_qscan",
                               CASES_PAGE(SCOPE_CHECK, CASES_Q_SCAN_IDS,
                                          CASES_ORDER_ANY)},
    [STMT_CASES_TOTAL_QSCAN] = {"cases_total_qscan",
                                CASES_COUNT(SCOPE_CHECK, CASES_Q_SCAN_IDS)},
    /* How many persons the seeks of a search reach, up to $4 (the
     * numbering of name_seek: $1 word pattern, $2/$3 the tails). */
    [STMT_NAME_SEEK_PROBE] =
        {"name_seek_probe",
         "SELECT COUNT(*) FROM (SELECT 1 FROM name_words w"
         " CROSS JOIN person_name_suffixes s"
         " WHERE w.word LIKE $1 ESCAPE '\\' AND s.suffix >= w.word || $2"
         " AND s.suffix < w.word || $3 LIMIT $4) t"},
    /* The number of persons, near enough (ids are never reused): the
     * name search's seek limit grows with it (store_cases.c). */
    [STMT_PERSONS_TOP_ID] = {"persons_top_id",
                             "SELECT COALESCE(MAX(id), 0) FROM persons"},
    [STMT_CASES_LIST_OVERDUE] = {"cases_list_overdue",
                                 CASES_PAGE(SCOPE_CHECK, CASES_OVERDUE,
                                            CASES_ORDER_DUE)},
    [STMT_CASES_TOTAL_OVERDUE] = {"cases_total_overdue",
                                  CASES_COUNT(SCOPE_CHECK, CASES_OVERDUE)},
    [STMT_CASES_LIST_ASSIGNED] = {"cases_list_assigned",
                                  CASES_PAGE(SCOPE_CHECK, CASES_ASSIGNED,
                                             CASES_ORDER_ANY)},
    [STMT_CASES_TOTAL_ASSIGNED] = {"cases_total_assigned",
                                   CASES_COUNT(SCOPE_CHECK, CASES_ASSIGNED)},

    [STMT_CASES_LIST_FACILITY] = {"cases_list_facility",
                                  CASES_PAGE(SCOPE_CHECK, CASES_FACILITY_IDS,
                                             CASES_ORDER_ANY)},
    [STMT_CASES_TOTAL_FACILITY] = {"cases_total_facility",
                                   CASES_COUNT(SCOPE_CHECK,
                                               CASES_FACILITY_IDS)},

    [STMT_CASE_EVENT_APPEND] =
        {"case_event_append",
         "INSERT INTO case_events (case_id, at, actor_id, actor_name, kind,"
         " data, corrects, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
         " RETURNING id"},
    [STMT_CASE_EVENT_GET] = {"case_event_get",
                             "SELECT " CASE_EVENT_COLS
                             " FROM case_events WHERE id = $1"},
    [STMT_CASE_EVENTS] = {"case_events",
                          "SELECT " CASE_EVENT_COLS
                          " FROM case_events WHERE case_id = $1 ORDER BY id"},

    [STMT_HOTLINE_CALL_INSERT] =
        {"hotline_call_insert",
         "INSERT INTO hotline_calls (line, received_at, unit_tree, unit_code,"
         " unit_path, caller_relation, summary, urgency, operator_id,"
         " case_id, created_at)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"},
    [STMT_HOTLINE_CALL_GET] = {"hotline_call_get",
                               "SELECT " HOTLINE_COLS
                               " FROM hotline_calls WHERE id = $1"},
    [STMT_HOTLINE_CALL_SET_CASE] =
        {"hotline_call_set_case",
         "UPDATE hotline_calls SET case_id = $2"
         " WHERE id = $1 AND case_id IS NULL RETURNING id"},
    [STMT_HOTLINE_CALL_EXISTS] = {"hotline_call_exists",
                                  "SELECT 1 FROM hotline_calls WHERE id = $1"},
    [STMT_HOTLINE_CALLS_LIST] = {"hotline_calls_list",
                                 "SELECT " HOTLINE_COLS
                                 " FROM hotline_calls" HOTLINE_WHERE
                                 " ORDER BY id DESC LIMIT $5 OFFSET $6"},
    [STMT_HOTLINE_CALLS_TOTAL] =
        {"hotline_calls_total",
         "SELECT COUNT(*) FROM hotline_calls" HOTLINE_WHERE},

    [STMT_REFERRAL_INSERT] =
        {"referral_insert",
         "INSERT INTO referrals (kind, case_id, from_tree, from_code,"
         " from_path, to_org, to_tree, to_code, to_path, service, note,"
         " status, override_reason, created_by, created_at, decided_by,"
         " decided_at, completed_at, comment, version)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
         " $14, $15, $16, $17, $18, $19, 1) RETURNING id"},
    [STMT_REFERRAL_GET] = {"referral_get", "SELECT " REFERRAL_COLS REFERRAL_FROM
                                           " WHERE r.id = $1"},
    [STMT_REFERRAL_UPDATE] =
        {"referral_update",
         "UPDATE referrals SET status = $3, decided_by = $4,"
         " decided_at = $5, completed_at = $6, comment = $7,"
         " version = version + 1 WHERE id = $1 AND version = $2"
         " RETURNING version"},
    [STMT_REFERRAL_EXISTS] = {"referral_exists",
                              "SELECT 1 FROM referrals WHERE id = $1"},
    [STMT_REFERRALS_LIST] =
        {"referrals_list", "SELECT " REFERRAL_COLS REFERRAL_FROM REFERRALS_WHERE
                           " ORDER BY r.id DESC LIMIT $9 OFFSET $10"},
    [STMT_REFERRALS_TOTAL] =
        {"referrals_total", "SELECT COUNT(*) FROM referrals r" REFERRALS_WHERE},

    [STMT_APPROVAL_INSERT] =
        {"approval_insert",
         "INSERT INTO approvals (case_id, subject, status, closure_reason,"
         " note, comment, requested_by, requested_at, decided_by,"
         " decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
         " RETURNING id"},
    [STMT_APPROVAL_GET] = {"approval_get", "SELECT " APPROVAL_COLS
                                           " FROM approvals a WHERE a.id = $1"},
    [STMT_APPROVAL_DECIDE] =
        {"approval_decide",
         "UPDATE approvals SET status = $2, decided_by = $3,"
         " decided_at = $4, comment = $5"
         " WHERE id = $1 AND status = 'requested' RETURNING id"},
    [STMT_APPROVAL_EXISTS] = {"approval_exists",
                              "SELECT 1 FROM approvals WHERE id = $1"},
    /* $1 case_id, $2 status or NULL. */
    [STMT_APPROVALS_OF_CASE] =
        {"approvals_of_case",
         "SELECT " APPROVAL_COLS " FROM approvals a WHERE a.case_id = $1"
         " AND (CAST($2 AS TEXT) IS NULL OR a.status = $2)"
         " ORDER BY a.id DESC"},
    /* $2 status or NULL, $3 tree, $4/$5 within range. */
    [STMT_APPROVALS_WITHIN] = {"approvals_within",
                               "SELECT " APPROVAL_COLS " FROM approvals a"
                               " JOIN cases c ON c.id = a.case_id"
                               " WHERE (CAST($2 AS TEXT) IS NULL OR a.status = "
                               "$2) AND c.unit_tree = $3"
                               " AND " WITHIN("c.unit_path", 4,
                                              5) " ORDER BY a.id DESC"},

    [STMT_DEADLINE_RULES] =
        {"deadline_rules",
         "SELECT code, case_type, stage, urgency, amount, unit, valid_from,"
         " valid_to, project_default, source FROM deadline_rules"
         " ORDER BY id"},
    [STMT_HOLIDAYS] = {"holidays", "SELECT day FROM holidays ORDER BY day"},

    /* ---- the service network ---- */

    /* $1 id, $2 … $23 the columns in FACILITY_COLS order, $24 the
     * expected version (0: any). */
    [STMT_FACILITY_INSERT] =
        {"facility_insert",
         "INSERT INTO facilities (name, name_folded, type, kind, ownership,"
         " unit_tree, unit_code, unit_path, capacity, licence_no,"
         " licence_date, licence_issuer, address, phone, started_on, status,"
         " upgraded_on, sw_standard, note, created_by, created_at,"
         " updated_at, version) VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10,"
         " $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,"
         " 1) RETURNING id"},
    [STMT_FACILITY_GET] = {"facility_get",
                           "SELECT " FACILITY_COLS
                           " FROM facilities f WHERE f.id = $1"},
    [STMT_FACILITY_UPDATE] =
        {"facility_update",
         "UPDATE facilities SET name = $2, name_folded = $3, type = $4,"
         " kind = $5, ownership = $6, unit_tree = $7, unit_code = $8,"
         " unit_path = $9, capacity = $10, licence_no = $11,"
         " licence_date = $12, licence_issuer = $13, address = $14,"
         " phone = $15, started_on = $16, status = $17, upgraded_on = $18,"
         " sw_standard = $19, note = $20, updated_at = $23,"
         " version = version + 1"
         " WHERE id = $1 AND (CAST($24 AS BIGINT) = 0 OR version = $24) "
         "RETURNING version"},
    [STMT_FACILITY_EXISTS] = {"facility_exists",
                              "SELECT 1 FROM facilities WHERE id = $1"},
    [STMT_FACILITIES_LIST] = {"facilities_list",
                              "SELECT " FACILITY_COLS
                              " FROM facilities f" FACILITIES_WHERE
                              " ORDER BY f.name_folded, f.id"
                              " LIMIT $13 OFFSET $14"},
    [STMT_FACILITIES_TOTAL] =
        {"facilities_total",
         "SELECT COUNT(*) FROM facilities f" FACILITIES_WHERE},
    [STMT_FACILITY_EVENT_APPEND] =
        {"facility_event_append",
         "INSERT INTO facility_events (facility_id, at, actor_id,"
         " actor_name, kind, data) VALUES ($1, $2, $3, $4, $5, $6)"
         " RETURNING id"},
    [STMT_FACILITY_EVENTS] = {"facility_events",
                              "SELECT " FACILITY_EVENT_COLS
                              " FROM facility_events WHERE facility_id = $1"
                              " ORDER BY id"},

    /* $1 id, $2 … $16 the stay's columns in STAY_COLS order. */
    [STMT_STAY_INSERT] =
        {"stay_insert",
         "INSERT INTO stays (facility_id, case_id, person_id, admitted_on,"
         " admission_kind, reason, decided_by, over_capacity_reason,"
         " admitted_by, discharged_on, discharge_reason, discharge_note,"
         " discharge_decided_by, discharged_by, created_at)"
         " VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
         " $15, $16) RETURNING id"},
    [STMT_STAY_GET] = {"stay_get",
                       "SELECT " STAY_COLS STAY_FROM " WHERE s.id = $1"},
    [STMT_STAY_DISCHARGE] =
        {"stay_discharge",
         "UPDATE stays SET discharged_on = $11, discharge_reason = $12,"
         " discharge_note = $13, discharge_decided_by = $14,"
         " discharged_by = $15"
         " WHERE id = $1 AND discharged_on IS NULL RETURNING id"},
    [STMT_STAY_EXISTS] = {"stay_exists", "SELECT 1 FROM stays WHERE id = $1"},
    [STMT_STAY_CURRENT] = {"stay_current", "SELECT " STAY_COLS STAY_FROM
                                           " WHERE s.person_id = $1"
                                           " AND s.discharged_on IS NULL"},
    [STMT_STAYS_LIST] = {"stays_list", "SELECT " STAY_COLS STAY_FROM STAYS_WHERE
                                       " ORDER BY s.admitted_on DESC, s.id DESC"
                                       " LIMIT $3 OFFSET $4"},
    [STMT_STAYS_TOTAL] = {"stays_total",
                          "SELECT COUNT(*) FROM stays s" STAYS_WHERE},
    [STMT_CASE_SET_FACILITY] = {"case_set_facility",
                                "UPDATE cases SET facility_id = $2"
                                " WHERE id = $1"},

    /* $1 id, $2 … $20 the carer's columns in CARER_COLS order, $21 the
     * expected version (0: any). */
    [STMT_CARER_INSERT] =
        {"carer_insert",
         "INSERT INTO carers (full_name, full_name_folded, kind, sex,"
         " birth_year, national_id, address, phone, unit_tree, unit_code,"
         " unit_path, registered_on, household_size, status, note,"
         " created_by, created_at, updated_at, version)"
         " VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
         " $15, $16, $17, $18, $19, 1) RETURNING id"},
    [STMT_CARER_GET] = {"carer_get",
                        "SELECT " CARER_COLS " FROM carers r WHERE r.id = $1"},
    [STMT_CARER_UPDATE] =
        {"carer_update",
         "UPDATE carers SET full_name = $2, full_name_folded = $3,"
         " kind = $4, sex = $5, birth_year = $6, national_id = $7,"
         " address = $8, phone = $9, unit_tree = $10, unit_code = $11,"
         " unit_path = $12, registered_on = $13, household_size = $14,"
         " status = $15, note = $16, updated_at = $19,"
         " version = version + 1"
         " WHERE id = $1 AND (CAST($21 AS BIGINT) = 0 OR version = $21) "
         "RETURNING version"},
    [STMT_CARER_EXISTS] = {"carer_exists",
                           "SELECT 1 FROM carers WHERE id = $1"},
    [STMT_CARERS_LIST] = {"carers_list",
                          "SELECT " CARER_COLS " FROM carers r" CARERS_WHERE
                          " ORDER BY r.full_name_folded, r.id"
                          " LIMIT $7 OFFSET $8"},
    [STMT_CARERS_TOTAL] = {"carers_total",
                           "SELECT COUNT(*) FROM carers r" CARERS_WHERE},

    /* $1 id, $2 case_id, $3 form, $4 carer_id, $5 facility_id, $6
     * start_on, $7 decision_no, $8 note, $9 next_review_on, $10 end_on,
     * $11 end_reason, $12 end_note, $13 created_by, $14 created_at, $15
     * the expected version (0: any).  The unit is the case's; no row when
     * there is no such case. */
    [STMT_PLACEMENT_INSERT] =
        {"placement_insert",
         "INSERT INTO placements (case_id, form, carer_id, facility_id,"
         " start_on, decision_no, note, next_review_on, end_on, end_reason,"
         " end_note, unit_tree, unit_code, unit_path, created_by,"
         " created_at, version) SELECT c.id, $3, $4, $5, $6, $7, $8, $9,"
         " $10, $11, $12, c.unit_tree, c.unit_code, c.unit_path, $13, $14,"
         " 1 FROM cases c WHERE c.id = $2 RETURNING id"},
    [STMT_PLACEMENT_GET] = {"placement_get",
                            "SELECT " PLACEMENT_COLS PLACEMENT_FROM
                            " WHERE pl.id = $1 AND c.id = pl.case_id"},
    [STMT_PLACEMENT_UPDATE] =
        {"placement_update",
         "UPDATE placements SET next_review_on = $9, end_on = $10,"
         " end_reason = $11, end_note = $12, version = version + 1"
         " WHERE id = $1 AND (CAST($15 AS BIGINT) = 0 OR version = $15) "
         "RETURNING version"},
    [STMT_PLACEMENT_EXISTS] = {"placement_exists",
                               "SELECT 1 FROM placements WHERE id = $1"},
    [STMT_PLACEMENTS_LIST] = {"placements_list",
                              "SELECT " PLACEMENT_COLS PLACEMENT_FROM
                                  PLACEMENTS_WHERE
                              " ORDER BY pl.start_on DESC, pl.id DESC"
                              " LIMIT $9 OFFSET $10"},
    [STMT_PLACEMENTS_TOTAL] = {"placements_total",
                               "SELECT COUNT(*) FROM placements pl"
                               " CROSS JOIN cases c" PLACEMENTS_WHERE},
    [STMT_PLACEMENT_REVIEW_INSERT] =
        {"placement_review_insert",
         "INSERT INTO placement_reviews (placement_id, reviewed_on, outcome,"
         " note, reviewed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
         " RETURNING id"},
    [STMT_PLACEMENT_REVIEWS] = {"placement_reviews",
                                "SELECT " PLACEMENT_REVIEW_COLS
                                " FROM placement_reviews"
                                " WHERE placement_id = $1"
                                " ORDER BY reviewed_on, id"},

    /* $1 id, $2 … $16 the training's columns in TRAINING_COLS order, $17
     * the expected version (0: any). */
    [STMT_TRAINING_INSERT] =
        {"training_insert",
         "INSERT INTO trainings (title, title_folded, topic, project,"
         " starts_on, ends_on, organiser, place, note, unit_tree, unit_code,"
         " unit_path, created_by, created_at, updated_at, version)"
         " VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
         " $15, $16, 1) RETURNING id"},
    [STMT_TRAINING_GET] = {"training_get", "SELECT " TRAINING_COLS
                                           " FROM trainings t WHERE t.id = $1"},
    [STMT_TRAINING_UPDATE] =
        {"training_update",
         "UPDATE trainings SET title = $2, title_folded = $3, topic = $4,"
         " project = $5, starts_on = $6, ends_on = $7, organiser = $8,"
         " place = $9, note = $10, unit_tree = $11, unit_code = $12,"
         " unit_path = $13, updated_at = $16, version = version + 1"
         " WHERE id = $1 AND (CAST($17 AS BIGINT) = 0 OR version = $17) "
         "RETURNING version"},
    [STMT_TRAINING_EXISTS] = {"training_exists",
                              "SELECT 1 FROM trainings WHERE id = $1"},
    [STMT_TRAININGS_LIST] = {"trainings_list",
                             "SELECT " TRAINING_COLS
                             " FROM trainings t" TRAININGS_WHERE
                             " ORDER BY t.starts_on DESC, t.id DESC"
                             " LIMIT $9 OFFSET $10"},
    [STMT_TRAININGS_TOTAL] =
        {"trainings_total", "SELECT COUNT(*) FROM trainings t" TRAININGS_WHERE},

    /* The bulk import's statement: $1 … $13 in column order (bound by
     * position), nothing else read or written.  No RETURNING: SQLite
     * runs it through a temporary table per row, which took a third of
     * the insert's time; the id is the connection's last rowid (pg.c:
     * RETURNING id). */
    [STMT_PARTICIPANT_INSERT] =
        {"participant_insert",
         "INSERT INTO participants (training_id, full_name,"
         " full_name_folded, sex, role, agency, position, unit_tree,"
         " unit_code, unit_path, birth_year, created_by, created_at)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
         " RETURNING id"},
    [STMT_PARTICIPANT_GET] = {"participant_get",
                              "SELECT " PARTICIPANT_COLS
                              " FROM participants WHERE id = $1"},
    [STMT_PARTICIPANT_DELETE] = {"participant_delete",
                                 "DELETE FROM participants WHERE id = $1"},
    /* $1 training, $2 limit, $3 offset. */
    [STMT_PARTICIPANTS_LIST] = {"participants_list",
                                "SELECT " PARTICIPANT_COLS
                                " FROM participants WHERE training_id = $1"
                                " ORDER BY id LIMIT $2 OFFSET $3"},
    [STMT_PARTICIPANTS_TOTAL] = {"participants_total",
                                 "SELECT COUNT(*) FROM participants"
                                 " WHERE training_id = $1"},

    /* $1 id, $2 … $15 the columns in COMMUNICATION_COLS order, $16 the
     * expected version (0: any). */
    [STMT_COMMUNICATION_INSERT] =
        {"communication_insert",
         "INSERT INTO communications (unit_tree, unit_code, unit_path, kind,"
         " topic, audience, held_on, title, note, reach_male, reach_female,"
         " created_by, created_at, updated_at, version)"
         " VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
         " $15, 1) RETURNING id"},
    [STMT_COMMUNICATION_GET] = {"communication_get",
                                "SELECT " COMMUNICATION_COLS COMMUNICATION_FROM
                                " WHERE m.id = $1"},
    [STMT_COMMUNICATION_UPDATE] =
        {"communication_update",
         "UPDATE communications SET unit_tree = $2, unit_code = $3,"
         " unit_path = $4, kind = $5, topic = $6, audience = $7,"
         " held_on = $8, title = $9, note = $10, reach_male = $11,"
         " reach_female = $12, updated_at = $15, version = version + 1"
         " WHERE id = $1 AND (CAST($16 AS BIGINT) = 0 OR version = $16) "
         "RETURNING version"},
    [STMT_COMMUNICATION_EXISTS] = {"communication_exists",
                                   "SELECT 1 FROM communications"
                                   " WHERE id = $1"},
    [STMT_COMMUNICATIONS_LIST] =
        {"communications_list",
         "SELECT " COMMUNICATION_COLS COMMUNICATION_FROM COMMUNICATIONS_WHERE
         " ORDER BY m.held_on DESC, m.id DESC"
         " LIMIT $8 OFFSET $9"},
    [STMT_COMMUNICATIONS_TOTAL] =
        {"communications_total",
         "SELECT COUNT(*) FROM communications m" COMMUNICATIONS_WHERE},
    /* Every unit of level $2 in tree $1 under unit code $3 (the unit
     * itself included; NULL: the whole tree) through the closure table,
     * its parent, and the activities held there on topic $4 (NULL: any)
     * in [$5, $6] (NULL: open), joined by path on communications_unit. */
    [STMT_COMMUNICATION_COVERAGE] =
        {"communication_coverage",
         "SELECT u.code, u.name, pu.code, pu.name, COUNT(m.id),"
         " COALESCE(SUM(m.reach_male + m.reach_female), 0)"
         " FROM units u LEFT JOIN units pu"
         " ON pu.tree = u.tree AND pu.code = u.parent_code"
         " LEFT JOIN communications m ON m.unit_tree = u.tree"
         " AND m.unit_path = u.path AND (CAST($4 AS TEXT) IS NULL OR m.topic = "
         "$4)"
         " AND (CAST($5 AS TEXT) IS NULL OR m.held_on >= $5)"
         " AND (CAST($6 AS TEXT) IS NULL OR m.held_on <= $6)"
         " WHERE u.tree = $1 AND u.level = $2"
         " AND (CAST($3 AS TEXT) IS NULL OR u.code IN (SELECT a.code FROM "
         "unit_ancestors a"
         " WHERE a.tree = $1 AND a.ancestor_code = $3))"
         " GROUP BY u.code, u.name, pu.code, pu.name ORDER BY u.code"},

    /* $1 id, $2 … $10 the columns in IMPORT_COLS order. */
    [STMT_IMPORT_INSERT] =
        {"import_insert",
         "INSERT INTO imports (kind, user_id, status, dry_run, rows_total,"
         " rows_stored, problems, created_at, finished_at)"
         " VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"},
    [STMT_IMPORT_FINISH] =
        {"import_finish",
         "UPDATE imports SET status = $4, rows_total = $6, rows_stored = $7,"
         " problems = $8, finished_at = $10 WHERE id = $1"},
    [STMT_IMPORT_GET] = {"import_get",
                         "SELECT " IMPORT_COLS " FROM imports WHERE id = $1"},

    /* Plans: $1 id, $2 … $12 the columns in PLAN_COLS order up to
     * updated_at, $13 the expected version (0: any). */
    [STMT_PLAN_INSERT] =
        {"plan_insert",
         "INSERT INTO plans (tree, unit_code, unit_path, number, issued_on,"
         " title, period_from, period_to, created_by, created_at,"
         " updated_at, version) VALUES ($2, $3, $4, $5, $6, $7, $8, $9,"
         " $10, $11, $12, 1) RETURNING id"},
    [STMT_PLAN_GET] = {"plan_get",
                       "SELECT " PLAN_COLS PLAN_FROM " WHERE p.id = $1"},
    [STMT_PLAN_UPDATE] =
        {"plan_update",
         "UPDATE plans SET number = $5, issued_on = $6, title = $7,"
         " period_from = $8, period_to = $9, updated_at = $12,"
         " version = version + 1"
         " WHERE id = $1 AND (CAST($13 AS BIGINT) = 0 OR version = $13) "
         "RETURNING version"},
    [STMT_PLAN_EXISTS] = {"plan_exists", "SELECT 1 FROM plans WHERE id = $1"},
    [STMT_PLANS_LIST] = {"plans_list",
                         "SELECT " PLAN_COLS PLAN_FROM PLANS_WHERE
                         " ORDER BY p.unit_path, p.period_from, p.id"
                         " LIMIT $5 OFFSET $6"},
    [STMT_PLANS_TOTAL] = {"plans_total",
                          "SELECT COUNT(*) FROM plans p" PLANS_WHERE},
    /* $1 plan, $2 project, $3 lead agency, $4 partners. */
    [STMT_PLAN_PROJECTS] = {"plan_projects",
                            "SELECT project, lead_agency, partners"
                            " FROM plan_projects WHERE plan_id = $1"
                            " ORDER BY project"},
    [STMT_PLAN_PROJECTS_DROP] = {"plan_projects_drop",
                                 "DELETE FROM plan_projects"
                                 " WHERE plan_id = $1"},
    [STMT_PLAN_PROJECT_PUT] = {"plan_project_put",
                               "INSERT INTO plan_projects (plan_id, project,"
                               " lead_agency, partners)"
                               " VALUES ($1, $2, $3, $4)"},
    /* $1 the source plan, $2 the new one, $3 the years to add. */
    [STMT_PLAN_COPY_PROJECTS] = {"plan_copy_projects",
                                 "INSERT INTO plan_projects (plan_id,"
                                 " project, lead_agency, partners)"
                                 " SELECT $2, project, lead_agency, partners"
                                 " FROM plan_projects WHERE plan_id = $1"},
    [STMT_PLAN_COPY_TARGETS] =
        {"plan_copy_targets",
         "INSERT INTO plan_targets (plan_id, indicator, year, target,"
         " baseline, baseline_year, quote, version)"
         " SELECT $2, indicator, year + $3, target, baseline, baseline_year,"
         " quote, 1 FROM plan_targets WHERE plan_id = $1 ORDER BY id"},
    /* Targets: $1 id, $2 … $8 the columns in TARGET_COLS order, $9 the
     * expected version (0: any).  No row when there is no such plan. */
    [STMT_TARGET_INSERT] =
        {"target_insert",
         "INSERT INTO plan_targets (plan_id, indicator, year, target,"
         " baseline, baseline_year, quote, version)"
         " SELECT p.id, $3, $4, $5, $6, $7, $8, 1 FROM plans p"
         " WHERE p.id = $2 RETURNING id"},
    [STMT_TARGET_GET] = {"target_get", "SELECT " TARGET_COLS
                                       " FROM plan_targets WHERE id = $1"},
    [STMT_TARGET_UPDATE] =
        {"target_update",
         "UPDATE plan_targets SET indicator = $3, year = $4, target = $5,"
         " baseline = $6, baseline_year = $7, quote = $8,"
         " version = version + 1"
         " WHERE id = $1 AND (CAST($9 AS BIGINT) = 0 OR version = $9) "
         "RETURNING version"},
    [STMT_TARGET_EXISTS] = {"target_exists",
                            "SELECT 1 FROM plan_targets WHERE id = $1"},
    [STMT_TARGET_DELETE] = {"target_delete",
                            "DELETE FROM plan_targets WHERE id = $1"
                            " AND (CAST($2 AS BIGINT) = 0 OR version = $2)"},
    [STMT_TARGETS_LIST] = {"targets_list",
                           "SELECT " TARGET_COLS " FROM plan_targets"
                           " WHERE plan_id = $1 ORDER BY indicator, year, id"},
    /* $1 tree, $2 unit code, $3 year: the targets of year $3 or later in
     * the unit's own plans whose period holds $3, the one that applies
     * first for each indicator (docs/indicators.md §Which target
     * applies). */
    [STMT_TARGETS_APPLICABLE] =
        {"targets_applicable",
         "SELECT t.indicator, t.target, t.year, t.baseline, t.baseline_year,"
         " p.period_from, p.id FROM plans p"
         " JOIN plan_targets t ON t.plan_id = p.id"
         " WHERE p.tree = $1 AND p.unit_code = $2 AND p.period_from <= $3"
         " AND p.period_to >= $3 AND t.year >= $3"
         " ORDER BY t.indicator, t.year, t.id"},
    /* The same for every child unit of unit $2 ('' the nation) at once
     * (one statement where a dashboard made one per child), by child:
     * the children as STMT_IND_CHILD_UNITS reads them. */
    [STMT_TARGETS_APPLICABLE_CHILDREN] =
        {"targets_applicable_children",
         "SELECT p.unit_code, t.indicator, t.target, t.year, t.baseline,"
         " t.baseline_year, p.period_from, p.id FROM plans p"
         " JOIN plan_targets t ON t.plan_id = p.id"
         " WHERE p.tree = $1 AND p.unit_code IN (SELECT k.code FROM units k"
         " WHERE k.tree = $1 AND k.parent_code = $2 UNION ALL SELECT k.code"
         " FROM units k WHERE k.tree = $1 AND k.level = 1 AND $2 = '')"
         " AND p.period_from <= $3 AND p.period_to >= $3 AND t.year >= $3"
         " ORDER BY p.unit_code, t.indicator, t.year, t.id"},

    /* ---- programme indicators ---- */
    [STMT_INDICATOR_PUT] =
        {"indicator_put",
         "INSERT INTO indicators (code, project, position, kind, vi, en,"
         " numerator, denominator, computable_from, note)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
         " ON CONFLICT (code) DO UPDATE SET project = excluded.project,"
         " position = excluded.position, kind = excluded.kind,"
         " vi = excluded.vi, en = excluded.en,"
         " numerator = excluded.numerator,"
         " denominator = excluded.denominator,"
         " computable_from = excluded.computable_from, note = excluded.note"},
    [STMT_INDICATORS_LIST] =
        {"indicators_list",
         "SELECT code, project, kind, vi, en, numerator, denominator,"
         " computable_from, note FROM indicators ORDER BY project, position"},
    [STMT_IND_CHILD_UNITS] = {"ind_child_units", IND_CHILD_UNITS_SQL},
    [STMT_IND_CASE_SUMS] = {"ind_case_sums", IND_CASE_SUMS_SQL},
    [STMT_IND_CASE_CHILD_SUMS] = {"ind_case_child_sums",
                                  IND_CASE_CHILD_SUMS_SQL},
    [STMT_IND_FACILITY_SUMS] = {"ind_facility_sums", IND_FACILITY_SUMS_SQL},
    [STMT_IND_STAY_SUMS] = {"ind_stay_sums", IND_STAY_SUMS_SQL},
    [STMT_IND_TRAINING_SUMS] = {"ind_training_sums", IND_TRAINING_SUMS_SQL},
    [STMT_IND_COMMUNICATION_SUMS] = {"ind_communication_sums",
                                     IND_COMMUNICATION_SUMS_SQL},
    [STMT_IND_UNIT_SUMS] = {"ind_unit_sums", IND_UNIT_SUMS_SQL},
    [STMT_IND_CASE_GROUPS] =
        {"ind_case_groups",
         IND_CASE_GROUPS_SQL("date(c.opened_at, 'unixepoch', '+7 hours')",
                             "CAST(strftime('%s', $5, '-7 hours') AS INTEGER)",
                             "CAST(strftime('%s', $6, '+1 day', '-7 hours')"
                             " AS INTEGER)")},
    [STMT_IND_TRAINING_GROUPS] = {"ind_training_groups",
                                  IND_TRAINING_GROUPS_SQL},
    [STMT_IND_COMMUNICATION_GROUPS] = {"ind_communication_groups",
                                       IND_COMMUNICATION_GROUPS_SQL},
    [STMT_IND_SUMS_DIFFERENCES] = {"ind_sums_differences",
                                   IND_SUMS_DIFFERENCES_SQL("CROSS JOIN")},
    [STMT_IND_SUMS_CLEAR] = {"ind_sums_clear",
                             "DELETE FROM indicator_case_sums"},
    [STMT_IND_SUMS_FILL] = {"ind_sums_fill", IND_SUMS_FILL_SQL("CROSS JOIN")},
    /* Aggregate values: $1 indicator, $2 tree, $3 unit code, $4 period,
     * $5 numerator, $6 denominator (NULL: not entered), $7 user, $8 at.
     * The unit's path is copied ('' for the nation). */
    [STMT_AGGREGATE_INSERT] =
        {"aggregate_insert",
         "INSERT INTO aggregate_values (indicator, tree, unit_code,"
         " unit_path, period, numerator, denominator, entered_by,"
         " entered_at, version) VALUES ($1, $2, $3,"
         " COALESCE((SELECT path FROM units WHERE tree = $2 AND code = $3),"
         " ''), $4, $5, $6, $7, $8, 1) RETURNING id"},
    /* $9 id. */
    [STMT_AGGREGATE_UPDATE] =
        {"aggregate_update",
         "UPDATE aggregate_values SET numerator = $5, denominator = $6,"
         " entered_by = $7, entered_at = $8, version = version + 1"
         " WHERE id = $9"},
    [STMT_AGGREGATE_GET] = {"aggregate_get",
                            "SELECT " AGGREGATE_COLS AGGREGATE_FROM
                            " WHERE g.id = $1"},
    [STMT_AGGREGATE_FIND] = {"aggregate_find",
                             "SELECT " AGGREGATE_COLS AGGREGATE_FROM
                             " WHERE g.tree = $1 AND g.unit_code = $2"
                             " AND g.indicator = $3 AND g.period = $4"},
    /* $1 tree or NULL, $2/$3 path range, $4 period, $5 indicator. */
    [STMT_AGGREGATES_LIST] =
        {"aggregates_list",
         "SELECT " AGGREGATE_COLS AGGREGATE_FROM
         " WHERE (CAST($1 AS TEXT) IS NULL OR g.tree = $1)"
         " AND g.unit_path >= $2 AND g.unit_path < $3"
         " AND (CAST($4 AS TEXT) IS NULL OR g.period = $4)"
         " AND (CAST($5 AS TEXT) IS NULL OR g.indicator = $5)"
         " ORDER BY g.tree, g.unit_path, g.indicator, g.period"},
    /* $1 aggregate, $2 at, $3 user, $4/$5 old parts, $6/$7 new, $8 why. */
    [STMT_AGGREGATE_HISTORY_APPEND] =
        {"aggregate_history_append",
         "INSERT INTO aggregate_value_history (aggregate_id, at, by_id,"
         " by_name, old_numerator, old_denominator, numerator,"
         " denominator, reason) VALUES ($1, $2, $3,"
         " COALESCE((SELECT full_name FROM users WHERE id = $3), ''),"
         " $4, $5, $6, $7, $8)"},
    [STMT_AGGREGATE_HISTORY] =
        {"aggregate_history",
         "SELECT at, by_name, numerator, denominator, reason"
         " FROM aggregate_value_history WHERE aggregate_id = $1"
         " ORDER BY id"},
    /* The entries of indicator $2 in the subtree $3/$4 of tree $1 for the
     * periods $5 … $8 (NULL: none), in path order (a unit before every
     * unit below it). */
    [STMT_AGGREGATE_RESOLVE] =
        {"aggregate_resolve",
         "SELECT unit_code, unit_path, period, numerator, denominator"
         " FROM aggregate_values WHERE tree = $1 AND indicator = $2"
         " AND unit_path >= $3 AND unit_path < $4"
         " AND period IN ($5, $6, $7, $8) ORDER BY unit_path"},
    /* The same for every indicator: $2/$3 the subtree, $4 … $7 the
     * periods, by indicator then path. */
    /* The entries of unit $2 ('' the nation) and below for periods $3-$6,
     * the unit's path range read here rather than by a statement of its
     * own (a round trip per child unit of a dashboard on PostgreSQL), and
     * a row of NULLs when the unit exists, so an unknown one is told from
     * one without entries. */
    [STMT_AGGREGATE_RESOLVE_ALL] =
        {"aggregate_resolve_all",
         "SELECT indicator, unit_code, unit_path, period, numerator,"
         " denominator FROM aggregate_values WHERE tree = $1"
         " AND unit_path >= CASE WHEN $2 = '' THEN '' ELSE (SELECT u.path"
         " FROM units u WHERE u.tree = $1 AND u.code = $2) END"
         " AND unit_path < CASE WHEN $2 = '' THEN '~' ELSE (SELECT u.path"
         " || '0' FROM units u WHERE u.tree = $1 AND u.code = $2) END"
         " AND period IN ($3, $4, $5, $6) UNION ALL SELECT NULL, NULL,"
         " NULL, NULL, NULL, NULL WHERE $2 = '' OR EXISTS (SELECT 1 FROM"
         " units u WHERE u.tree = $1 AND u.code = $2) ORDER BY 1, 3"},
    /* The entries of every child unit of unit $2 ('' the nation) and
     * below it for periods $3-$6, each with its child's code, by child,
     * indicator, then path: STMT_AGGREGATE_RESOLVE_ALL for all the
     * children of a dashboard in one statement. */
    [STMT_AGGREGATE_RESOLVE_CHILDREN] =
        {"aggregate_resolve_children",
         "SELECT k.code, g.indicator, g.unit_code, g.unit_path, g.period,"
         " g.numerator, g.denominator FROM units k JOIN aggregate_values g"
         " ON g.tree = k.tree AND g.unit_path >= k.path"
         " AND g.unit_path < k.path || '0'"
         " WHERE k.tree = $1 AND k.code IN (SELECT c.code FROM units c"
         " WHERE c.tree = $1 AND c.parent_code = $2 UNION ALL SELECT c.code"
         " FROM units c WHERE c.tree = $1 AND c.level = 1 AND $2 = '')"
         " AND g.period IN ($3, $4, $5, $6) ORDER BY 1, 2, 4"},
    [STMT_CASES_LIST_INDICATOR] = {"cases_list_indicator",
                                   CASES_PAGE(CASES_SCOPE, CASES_INDICATOR,
                                              CASES_ORDER_ANY)},
    [STMT_CASES_TOTAL_INDICATOR] = {"cases_total_indicator",
                                    CASES_COUNT(CASES_SCOPE, CASES_INDICATOR)},
    /* A read of several statements from one snapshot (a budget's
     * version, lines and cells): deferred, so readers never wait for the
     * write lock.  PostgreSQL needs REPEATABLE READ for the same. */
    [STMT_BEGIN_READ] = {"begin_read", "BEGIN"},
    /* Budgets (store_budget.c, store_budget_execution.c): $1 is the
     * plan in every statement. */
    [STMT_BUDGET_VERSION_GET] = {"budget_version_get",
                                 "SELECT version, has_stated, updated_at,"
                                 " updated_by FROM budget_versions"
                                 " WHERE plan_id = $1"},
    /* $2 the new version, $3 has_stated, $4 at, $5 by. */
    [STMT_BUDGET_VERSION_PUT] =
        {"budget_version_put",
         "INSERT INTO budget_versions (plan_id, version, has_stated,"
         " updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)"
         " ON CONFLICT (plan_id) DO UPDATE SET version = excluded.version,"
         " has_stated = excluded.has_stated,"
         " updated_at = excluded.updated_at,"
         " updated_by = excluded.updated_by"},
    [STMT_BUDGET_LINES] = {"budget_lines",
                           "SELECT position, row_code, parent, label,"
                           " project, unit, unit_cost, unit_cost_bad,"
                           " quantity, stated, stated_bad FROM budget_lines"
                           " WHERE plan_id = $1 ORDER BY position"},
    [STMT_BUDGET_YEARS] = {"budget_years",
                           "SELECT DISTINCT year FROM budget_cells"
                           " WHERE plan_id = $1 ORDER BY year"},
    /* Source s (enum budget_source) at columns 2 + 2s (VND), 3 + 2s. */
    [STMT_BUDGET_CELLS] = {"budget_cells",
                           "SELECT position, year, central, central_bad,"
                           " local, local_bad, mobilised, mobilised_bad"
                           " FROM budget_cells WHERE plan_id = $1"},
    [STMT_BUDGET_LINES_DROP] = {"budget_lines_drop",
                                "DELETE FROM budget_lines WHERE plan_id = $1"},
    [STMT_BUDGET_CELLS_DROP] = {"budget_cells_drop",
                                "DELETE FROM budget_cells WHERE plan_id = $1"},
    /* $2 position, $3 row, $4 parent, $5 label, $6 project, $7 unit,
     * $8/$9 unit cost and its raw text, $10 quantity, $11/$12 stated. */
    [STMT_BUDGET_LINE_PUT] =
        {"budget_line_put",
         "INSERT INTO budget_lines (plan_id, position, row_code, parent,"
         " label, project, unit, unit_cost, unit_cost_bad, quantity,"
         " stated, stated_bad) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
         " $10, $11, $12)"},
    /* $2 position, $3 year, source s's VND and raw text at $4 + 2s,
     * $5 + 2s. */
    [STMT_BUDGET_CELL_PUT] =
        {"budget_cell_put",
         "INSERT INTO budget_cells (plan_id, position, year, central,"
         " central_bad, local, local_bad, mobilised, mobilised_bad)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
    [STMT_BUDGET_EXECUTION_ROWS] = {"budget_execution_rows",
                                    "SELECT DISTINCT row_code"
                                    " FROM budget_execution WHERE plan_id = $1"
                                    " ORDER BY row_code"},
    /* By the line's position (a row no line holds last), year, source. */
    [STMT_BUDGET_EXECUTION_LIST] =
        {"budget_execution_list",
         "SELECT e.row_code, e.year, e.source, e.allocated, e.spent,"
         " e.updated_at, e.updated_by, u.full_name FROM budget_execution e"
         " LEFT JOIN budget_lines l ON l.plan_id = e.plan_id"
         " AND l.row_code = e.row_code"
         " LEFT JOIN users u ON u.id = e.updated_by WHERE e.plan_id = $1"
         " ORDER BY l.position IS NULL, l.position, e.row_code, e.year,"
         " CASE e.source WHEN 'central' THEN 0 WHEN 'local' THEN 1"
         " ELSE 2 END"},
    /* $2 row, $3 year, $4 source, $5 allocated, $6 spent, $7 at, $8 by,
     * $9 reason (the history's).  No row changed: no such plan. */
    [STMT_BUDGET_EXECUTION_PUT] =
        {"budget_execution_put",
         "INSERT INTO budget_execution (plan_id, row_code, year, source,"
         " allocated, spent, updated_at, updated_by)"
         " SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM plans WHERE id = $1"
         " ON CONFLICT (plan_id, row_code, year, source) DO UPDATE"
         " SET allocated = excluded.allocated, spent = excluded.spent,"
         " updated_at = excluded.updated_at,"
         " updated_by = excluded.updated_by"},
    [STMT_BUDGET_HISTORY_APPEND] =
        {"budget_history_append",
         "INSERT INTO budget_execution_history (plan_id, row_code, year,"
         " source, allocated, spent, reason, changed_by, changed_at)"
         " VALUES ($1, $2, $3, $4, $5, $6, $9, $8, $7)"},
    /* $2 row, $3 year, $4 source (NULL: any), $5 limit; newest first. */
    [STMT_BUDGET_HISTORY] =
        {"budget_history",
         "SELECT h.row_code, h.year, h.source, h.allocated, h.spent,"
         " h.changed_at, h.changed_by, u.full_name, h.reason"
         " FROM budget_execution_history h"
         " LEFT JOIN users u ON u.id = h.changed_by WHERE h.plan_id = $1"
         " AND (CAST($2 AS TEXT) IS NULL OR h.row_code = $2)"
         " AND (CAST($3 AS BIGINT) IS NULL OR h.year = $3)"
         " AND (CAST($4 AS TEXT) IS NULL OR h.source = $4)"
         " ORDER BY h.changed_at DESC, h.id DESC LIMIT $5"},

    /* Reports: $1 id, $2 template, $3 tree, $4 unit code, $5 period, $6
     * agency, $7 project, $8 plan, $9 … $15 the form's texts in
     * REPORT_COLS order, $16 data, $17 data_at, $18 consolidation, $19
     * created_by, $20 created_at, $21 updated_at, $22 the expected
     * version (0: any). */
    [STMT_REPORT_INSERT] =
        {"report_insert",
         "INSERT INTO reports (template, tree, unit_code, period, agency,"
         " project, plan_id, state, number, report_date, signer_title,"
         " signer_name, results, difficulties, proposals, data, data_at,"
         " consolidation, created_by, created_at, updated_at, version)"
         " VALUES ($2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $11, $12,"
         " $13, $14, $15, $16, $17, $18, $19, $20, $21, 1) RETURNING id"},
    [STMT_REPORT_GET] = {"report_get",
                         "SELECT " REPORT_COLS REPORT_FROM " WHERE r.id = $1"},
    [STMT_REPORT_FIND] = {"report_find",
                          "SELECT " REPORT_COLS REPORT_FROM
                          " WHERE r.template = $2 AND r.tree = $3"
                          " AND r.unit_code = $4 AND r.period = $5"
                          " AND r.agency = $6"},
    [STMT_REPORT_EXISTS] = {"report_exists",
                            "SELECT 1 FROM reports WHERE id = $1"},
    [STMT_REPORTS_LIST] = {"reports_list",
                           "SELECT " REPORT_COLS_WITH("NULL", "NULL")
                               REPORT_FROM REPORTS_WHERE
                           " ORDER BY r.period DESC, r.unit_code,"
                           " r.template, r.agency, r.id"
                           " LIMIT $9 OFFSET $10"},
    [STMT_REPORTS_TOTAL] =
        {"reports_total",
         "SELECT COUNT(*) FROM reports r LEFT JOIN units"
         " u ON u.tree = r.tree AND u.code = r.unit_code" REPORTS_WHERE},
    /* Only a draft changes, and only from the expected version. */
    [STMT_REPORT_UPDATE] =
        {"report_update",
         "UPDATE reports SET number = $9, report_date = $10,"
         " signer_title = $11, signer_name = $12, results = $13,"
         " difficulties = $14, proposals = $15, data = $16, data_at = $17,"
         " consolidation = $18, updated_at = $21, version = version + 1"
         " WHERE id = $1 AND state = 'draft' AND (CAST($22 AS BIGINT) = 0 OR "
         "version = $22)"
         " RETURNING version"},
    /* A move: $1 id, $2 from state, $3 to state, $4 at, $5 user, $6 data
     * (NULL: keep), $7 data_at, $8 consolidation (NULL: keep).  A submit
     * sets the submission times and freezes the data given; an approval
     * records who; going back to draft clears the approval. */
    [STMT_REPORT_MOVE] =
        {"report_move",
         "UPDATE reports SET state = $3, updated_at = $4,"
         " version = version + 1, first_submitted_at = CASE WHEN $3 ="
         " 'submitted' AND first_submitted_at IS NULL THEN $4 ELSE"
         " first_submitted_at END, last_submitted_at = CASE WHEN $3 ="
         " 'submitted' THEN $4 ELSE last_submitted_at END, data = CASE"
         " WHEN $3 = 'submitted' AND CAST($6 AS TEXT) IS NOT NULL THEN $6 ELSE "
         "data END,"
         " data_at = CASE WHEN $3 = 'submitted' AND CAST($6 AS TEXT) IS NOT "
         "NULL THEN $7"
         " ELSE data_at END, consolidation = CASE WHEN $3 = 'submitted'"
         " AND CAST($6 AS TEXT) IS NOT NULL AND CAST($8 AS TEXT) IS NOT NULL "
         "THEN $8 ELSE"
         " consolidation END, approved_at = CASE WHEN $3 = 'approved' THEN"
         " $4 WHEN $3 = 'draft' THEN NULL ELSE approved_at END,"
         " approved_by = CASE WHEN $3 = 'approved' THEN $5 WHEN $3 ="
         " 'draft' THEN NULL ELSE approved_by END"
         " WHERE id = $1 AND state = $2 RETURNING version"},
    /* $1 report, $2 transition, $3 from, $4 to, $5 user, $6 at, $7
     * comment.  No row: no such report. */
    [STMT_REPORT_EVENT_INSERT] =
        {"report_event_insert",
         "INSERT INTO report_events (report_id, transition, from_state,"
         " to_state, user_id, at, comment) SELECT id, $2, $3, $4, $5, $6,"
         " $7 FROM reports WHERE id = $1 RETURNING id"},
    [STMT_REPORT_EVENTS] =
        {"report_events",
         "SELECT e.id, e.report_id, e.transition, e.from_state, e.to_state,"
         " e.user_id, COALESCE(u.full_name, ''), COALESCE(u.scope_code,"
         " ''), e.at, e.comment FROM report_events e LEFT JOIN users u ON"
         " u.id = e.user_id WHERE e.report_id = $1 ORDER BY e.at, e.id"},
    /* The child units of $2 in tree $1 ('' = the provinces) with their
     * own report ($3 template, $4 period), by code. */
    [STMT_REPORT_CHILDREN] =
        {"report_children",
         "SELECT u.code, u.name, u.path, u.level, " REPORT_COLS
         " FROM units u LEFT JOIN reports r ON r.tree = u.tree AND"
         " r.unit_code = u.code AND r.template = $3 AND r.period = $4 AND"
         " r.agency = '' LEFT JOIN users a ON a.id = r.approved_by"
         " WHERE u.tree = $1 AND u.code IN (SELECT k.code FROM units k"
         " WHERE k.tree = $1 AND k.parent_code = $2 UNION ALL SELECT"
         " k.code FROM units k WHERE k.tree = $1 AND k.level = 1 AND"
         " $2 = '') ORDER BY u.code"},
    /* The plan of the unit ($1 tree, $2 code) or its nearest ancestor
     * whose period covers year $3, the latest issued first. */
    [STMT_REPORT_PLAN_FOR] =
        {"report_plan_for",
         "SELECT p.id FROM unit_ancestors a JOIN plans p ON p.tree ="
         " a.tree AND p.unit_code = a.ancestor_code WHERE a.tree = $1 AND"
         " a.code = $2 AND p.period_from <= $3 AND p.period_to >= $3"
         " ORDER BY a.depth, p.issued_on DESC, p.id DESC LIMIT 1"},
    /* $1 plan; the settings' columns are NULL when none are stored. */
    [STMT_REPORT_SETTINGS_GET] =
        {"report_settings_get",
         "SELECT s.plan_id, s.window_rule, s.s1_month, s.s1_day,"
         " s.s1_year_offset, s.s2_month, s.s2_day, s.s2_year_offset,"
         " s.annual_month, s.annual_day, s.annual_year_offset,"
         " s.due_day_counts, s.reminder_days FROM plans p LEFT JOIN "
         "plan_report_settings s ON s.plan_id ="
         " p.id WHERE p.id = $1"},
    /* $1 plan, $2 … $13 the columns of REPORT_SETTINGS_COLS, $14 by, $15
     * at.  No row changed: no such plan. */
    [STMT_REPORT_SETTINGS_PUT] =
        {"report_settings_put",
         "INSERT INTO plan_report_settings (plan_id, " REPORT_SETTINGS_COLS
         ", updated_by, updated_at) SELECT id, $2, $3, $4, $5, $6, $7, $8,"
         " $9, $10, $11, $12, $13, $14, $15 FROM plans WHERE id = $1"
         " ON CONFLICT (plan_id) DO UPDATE SET window_rule ="
         " excluded.window_rule, s1_month = excluded.s1_month, s1_day ="
         " excluded.s1_day, s1_year_offset = excluded.s1_year_offset,"
         " s2_month = excluded.s2_month, s2_day = excluded.s2_day,"
         " s2_year_offset = excluded.s2_year_offset, annual_month ="
         " excluded.annual_month, annual_day = excluded.annual_day,"
         " annual_year_offset = excluded.annual_year_offset,"
         " due_day_counts = excluded.due_day_counts, reminder_days ="
         " excluded.reminder_days, updated_by = excluded.updated_by,"
         " updated_at = excluded.updated_at"},
    [STMT_REPORT_ACTIVITIES] = {"report_activities", REPORT_ACTIVITIES_SQL},
};
