-- 0004_indicators — programme indicators (issue 6, docs/indicators.md):
-- the catalogue, aggregate values entered by hand with their history, and
-- the case indicator rows with their sums kept by triggers.
--
-- Unit references of aggregate values are (tree, code, path) triples as in
-- 0002, so scope filters are ranges on path; the national level is the
-- unit code '' (path '').  Periods are the codes of domain/indicators.h
-- ('2020', '2020S1', '2020Q3', '2020-03'); months 'YYYY-MM'.
--
-- Dialect: json_extract, json_array_length and strftime appear only in the
-- view case_indicator_rows; PostgreSQL will read details::jsonb ->>
-- 'field', jsonb_array_length(details::jsonb -> 'support_items') and
-- to_char(to_timestamp(opened_at) AT TIME ZONE 'Asia/Ho_Chi_Minh',
-- 'YYYY-MM').  The triggers are SQLite's form; on PostgreSQL the same
-- bodies become one plpgsql function per direction (the WHEN clauses and
-- the INSERT … ON CONFLICT … DO UPDATE carry over as written).

-- The catalogue: the rows of ../shared/domain/indicators.csv, loaded by
-- `trogiup init` (upsert).  position keeps the CSV's order.
CREATE TABLE indicators (
	code TEXT PRIMARY KEY,
	project INTEGER NOT NULL,
	position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	vi TEXT NOT NULL,
	en TEXT NOT NULL,
	numerator TEXT NOT NULL,
	denominator TEXT NOT NULL,
	computable_from TEXT NOT NULL,
	note TEXT NOT NULL
);

-- A part of an indicator no record gives (population, staff, communes
-- with a system …) entered for one unit and period.  A NULL part is not
-- entered.  version is bumped by every change.
CREATE TABLE aggregate_values (
	id INTEGER PRIMARY KEY,
	indicator TEXT NOT NULL,
	tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	unit_path TEXT NOT NULL,
	period TEXT NOT NULL,
	numerator BIGINT,
	denominator BIGINT,
	entered_by BIGINT NOT NULL,
	entered_at BIGINT NOT NULL,
	version BIGINT NOT NULL,
	UNIQUE (tree, unit_code, indicator, period)
);
-- The resolution of an indicator's entries in a subtree (a range on
-- path), store_aggregate_resolve; lists of a scope read the table.
CREATE INDEX aggregate_values_indicator ON aggregate_values (tree,
	indicator, unit_path, period);

-- Every change of an aggregate value: old and new parts, who, when, why
-- (reason NULL for the first entry).  by_name is copied so the history
-- reads without a join and survives a renamed user.
CREATE TABLE aggregate_value_history (
	id INTEGER PRIMARY KEY,
	aggregate_id BIGINT NOT NULL REFERENCES aggregate_values (id),
	at BIGINT NOT NULL,
	by_id BIGINT NOT NULL,
	by_name TEXT NOT NULL,
	old_numerator BIGINT,
	old_denominator BIGINT,
	numerator BIGINT,
	denominator BIGINT,
	reason TEXT
);
CREATE INDEX aggregate_value_history_value ON aggregate_value_history (
	aggregate_id, id);

-- For each case and each case-based indicator it belongs to, one row
-- (case_id, indicator, month, num, den), num and den 0/1: the table of
-- docs/indicators.md §How each indicator is computed written in SQL, its
-- single definition.  month is the opening month in Asia/Ho_Chi_Minh
-- (UTC+7, no daylight saving).  "supported" = a support plan was approved
-- or the case is in intervention or review.  A row is emitted only when
-- num or den is 1.  Each arm filters on type (and reads the case by id
-- when the triggers ask for one case: the WHERE of the caller is pushed
-- into every arm of the UNION ALL, a primary-key seek each).
--
-- p4_harm_reduction_subunits_pct is computed per child unit (units with a
-- harm-reduction case); its rows here (num: harm_reduction true) let that
-- count read the sums instead of the cases.
CREATE VIEW case_indicator_rows AS
SELECT id AS case_id, 'p1_disadvantaged_supported_pct' AS indicator,
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours') AS month,
	CASE WHEN plan_approved_at IS NOT NULL
		OR stage IN ('intervention', 'review') THEN 1 ELSE 0 END AS num,
	1 AS den
FROM cases WHERE type = 'social_assistance'
UNION ALL
SELECT id, 'p2_csc_supported_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN plan_approved_at IS NOT NULL
		OR stage IN ('intervention', 'review') THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'child_protection'
	AND json_extract(details, '$.child_status') = 'special_circumstances'
UNION ALL
SELECT id, 'p2_csc_managed_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'), 1, 0
FROM cases WHERE type = 'child_protection' AND stage <> 'closed'
	AND json_extract(details, '$.child_status') = 'special_circumstances'
UNION ALL
SELECT id, 'p2_at_risk_abused_supported_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN plan_approved_at IS NOT NULL
		OR stage IN ('intervention', 'review') THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'child_protection'
	AND json_extract(details, '$.child_status') IN ('abused', 'at_risk')
UNION ALL
SELECT id, 'p2_at_risk_abused_with_plan_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN plan_approved_at IS NOT NULL THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'child_protection'
	AND json_extract(details, '$.child_status') IN ('abused', 'at_risk')
UNION ALL
SELECT id, 'p2_child_abuse_rate_reduction_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'), 1, 0
FROM cases WHERE type = 'child_protection'
	AND json_extract(details, '$.child_status') = 'abused'
UNION ALL
SELECT id, 'p3_gbv_victims_supported_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN plan_approved_at IS NOT NULL
		OR stage IN ('intervention', 'review') THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'gbv'
	AND json_extract(details, '$.gbv_role') = 'victim'
UNION ALL
SELECT id, 'p3_gbv_perpetrators_counselled_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN json_extract(details, '$.perpetrator_counselled') = 1
		THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'gbv'
	AND json_extract(details, '$.gbv_role') = 'perpetrator'
UNION ALL
SELECT id, 'p4_court_decisions_executed_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN json_extract(details, '$.executed_date') IS NOT NULL
		THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'drug_rehab'
	AND json_extract(details, '$.court_decision_date') IS NOT NULL
UNION ALL
SELECT id, 'p4_managed_addicts_treated_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN json_extract(details, '$.rehab_form') NOT IN
		('drug_user_management', 'post_rehab_management')
		THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'drug_rehab'
UNION ALL
SELECT id, 'p4_addicts_vocational_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN json_extract(details, '$.vocational_training') = 1
		THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'drug_rehab'
UNION ALL
SELECT id, 'p4_addicts_vocational_trained_count',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'), 1, 0
FROM cases WHERE type = 'drug_rehab'
	AND json_extract(details, '$.vocational_training') = 1
UNION ALL
SELECT id, 'p4_harm_reduction_subunits_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN json_extract(details, '$.harm_reduction') = 1
		THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'sex_work_support'
UNION ALL
SELECT id, 'p4_trafficking_victims_supported_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN plan_approved_at IS NOT NULL
		OR stage IN ('intervention', 'review')
		OR json_array_length(details, '$.support_items') > 0
		THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'trafficking_victim'
	AND json_extract(details, '$.tip_person_status') IN ('tip_victim',
		'tip_foreign_victim')
UNION ALL
SELECT id, 'p4_trafficking_cases_verified_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN json_extract(details, '$.verified_date') IS NOT NULL
		THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'trafficking_victim'
UNION ALL
SELECT id, 'p4_trafficking_victims_protected_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN json_extract(details, '$.safety_provided') = 1
		THEN 1 ELSE 0 END,
	CASE WHEN json_extract(details, '$.safety_requested') = 1
		THEN 1 ELSE 0 END
FROM cases WHERE type = 'trafficking_victim'
	AND (json_extract(details, '$.safety_provided') = 1
		OR json_extract(details, '$.safety_requested') = 1)
UNION ALL
SELECT id, 'p4_trafficking_victims_benefits_pct',
	strftime('%Y-%m', opened_at, 'unixepoch', '+7 hours'),
	CASE WHEN json_array_length(details, '$.support_items') > 0
		THEN 1 ELSE 0 END, 1
FROM cases WHERE type = 'trafficking_victim'
	AND json_extract(details, '$.tip_person_status') IN ('tip_victim',
		'tip_foreign_victim');

-- The sums of case_indicator_rows for every unit on the case's lineage
-- (unit_ancestors, the unit itself included) and the nation (unit_code
-- ''), per opening month: a unit's period is a sum over at most its
-- months.  Rows that fall to 0 stay (a later case reuses them).
--
-- WITHOUT ROWID (SQLite's one clause outside the view): the rows live in
-- the primary key's B-tree, so a unit's months of an indicator sit on one
-- page and an upsert writes one tree, not a table and its index.  With a
-- rowid the rows lay in insertion order, one page per row read: the
-- provinces' sums of a year took 40 ms on 220 000 cases against 2 ms
-- clustered (docs/performance.md §Indicator sums).  PostgreSQL: the same
-- table without the clause, its key INCLUDE (num, den) for index-only
-- reads.
CREATE TABLE indicator_case_sums (
	tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	indicator TEXT NOT NULL,
	month TEXT NOT NULL,
	num BIGINT NOT NULL,
	den BIGINT NOT NULL,
	PRIMARY KEY (tree, unit_code, indicator, month)
) WITHOUT ROWID;

-- Units of a level inside a subtree (communes or districts below a unit,
-- for the indicators counted per unit) as a range on path.
CREATE INDEX units_level_path ON units (tree, level, path);

-- Trainings count in the period holding ends_on.
CREATE INDEX trainings_ends ON trainings (ends_on);

-- The lineage of one unit, read by every trigger below from this index
-- alone (tree and code known, ancestor_code wanted): chosen even before
-- ANALYZE has run, where unit_ancestors_code would need the table.
CREATE INDEX unit_ancestors_lineage ON unit_ancestors (tree, code,
	ancestor_code);

-- Triggers keep the sums in the transaction of every case write.  The
-- BEFORE triggers read the case's rows through the view while the old row
-- is still in the table and add them negated; the AFTER triggers add the
-- new rows.  Each trigger is two upserts: the unit's lineage (a join on
-- unit_ancestors, pushed into every arm of the view) and the nation.
-- Updates fire only when a column the view reads changed (WHEN), so
-- assigning a worker or a visit date costs nothing here.  Measured cost:
-- docs/performance.md §Indicator sums.
CREATE TRIGGER cases_indicator_sums_insert AFTER INSERT ON cases
BEGIN
	INSERT INTO indicator_case_sums (tree, unit_code, indicator, month,
		num, den)
	SELECT NEW.unit_tree, a.ancestor_code, r.indicator, r.month, r.num,
		r.den
	FROM case_indicator_rows r JOIN unit_ancestors a
		ON a.tree = NEW.unit_tree AND a.code = NEW.unit_code
	WHERE r.case_id = NEW.id
	ON CONFLICT (tree, unit_code, indicator, month) DO UPDATE
	SET num = num + excluded.num, den = den + excluded.den;
	INSERT INTO indicator_case_sums (tree, unit_code, indicator, month,
		num, den)
	SELECT NEW.unit_tree, '', r.indicator, r.month, r.num, r.den
	FROM case_indicator_rows r
	WHERE r.case_id = NEW.id
	ON CONFLICT (tree, unit_code, indicator, month) DO UPDATE
	SET num = num + excluded.num, den = den + excluded.den;
END;

CREATE TRIGGER cases_indicator_sums_update_old BEFORE UPDATE OF type,
	unit_tree, unit_code, stage, plan_approved_at, details, opened_at
	ON cases
	WHEN OLD.type IS NOT NEW.type OR OLD.unit_tree IS NOT NEW.unit_tree
	OR OLD.unit_code IS NOT NEW.unit_code OR OLD.stage IS NOT NEW.stage
	OR OLD.plan_approved_at IS NOT NEW.plan_approved_at
	OR OLD.details IS NOT NEW.details OR OLD.opened_at IS NOT NEW.opened_at
BEGIN
	INSERT INTO indicator_case_sums (tree, unit_code, indicator, month,
		num, den)
	SELECT OLD.unit_tree, a.ancestor_code, r.indicator, r.month, -r.num,
		-r.den
	FROM case_indicator_rows r JOIN unit_ancestors a
		ON a.tree = OLD.unit_tree AND a.code = OLD.unit_code
	WHERE r.case_id = OLD.id
	ON CONFLICT (tree, unit_code, indicator, month) DO UPDATE
	SET num = num + excluded.num, den = den + excluded.den;
	INSERT INTO indicator_case_sums (tree, unit_code, indicator, month,
		num, den)
	SELECT OLD.unit_tree, '', r.indicator, r.month, -r.num, -r.den
	FROM case_indicator_rows r
	WHERE r.case_id = OLD.id
	ON CONFLICT (tree, unit_code, indicator, month) DO UPDATE
	SET num = num + excluded.num, den = den + excluded.den;
END;

CREATE TRIGGER cases_indicator_sums_update_new AFTER UPDATE OF type,
	unit_tree, unit_code, stage, plan_approved_at, details, opened_at
	ON cases
	WHEN OLD.type IS NOT NEW.type OR OLD.unit_tree IS NOT NEW.unit_tree
	OR OLD.unit_code IS NOT NEW.unit_code OR OLD.stage IS NOT NEW.stage
	OR OLD.plan_approved_at IS NOT NEW.plan_approved_at
	OR OLD.details IS NOT NEW.details OR OLD.opened_at IS NOT NEW.opened_at
BEGIN
	INSERT INTO indicator_case_sums (tree, unit_code, indicator, month,
		num, den)
	SELECT NEW.unit_tree, a.ancestor_code, r.indicator, r.month, r.num,
		r.den
	FROM case_indicator_rows r JOIN unit_ancestors a
		ON a.tree = NEW.unit_tree AND a.code = NEW.unit_code
	WHERE r.case_id = NEW.id
	ON CONFLICT (tree, unit_code, indicator, month) DO UPDATE
	SET num = num + excluded.num, den = den + excluded.den;
	INSERT INTO indicator_case_sums (tree, unit_code, indicator, month,
		num, den)
	SELECT NEW.unit_tree, '', r.indicator, r.month, r.num, r.den
	FROM case_indicator_rows r
	WHERE r.case_id = NEW.id
	ON CONFLICT (tree, unit_code, indicator, month) DO UPDATE
	SET num = num + excluded.num, den = den + excluded.den;
END;

CREATE TRIGGER cases_indicator_sums_delete BEFORE DELETE ON cases
BEGIN
	INSERT INTO indicator_case_sums (tree, unit_code, indicator, month,
		num, den)
	SELECT OLD.unit_tree, a.ancestor_code, r.indicator, r.month, -r.num,
		-r.den
	FROM case_indicator_rows r JOIN unit_ancestors a
		ON a.tree = OLD.unit_tree AND a.code = OLD.unit_code
	WHERE r.case_id = OLD.id
	ON CONFLICT (tree, unit_code, indicator, month) DO UPDATE
	SET num = num + excluded.num, den = den + excluded.den;
	INSERT INTO indicator_case_sums (tree, unit_code, indicator, month,
		num, den)
	SELECT OLD.unit_tree, '', r.indicator, r.month, -r.num, -r.den
	FROM case_indicator_rows r
	WHERE r.case_id = OLD.id
	ON CONFLICT (tree, unit_code, indicator, month) DO UPDATE
	SET num = num + excluded.num, den = den + excluded.den;
END;

-- Cases written before this migration.  CROSS JOIN pins SQLite's join
-- order (the view, the case by its key, its ancestors); a database that
-- was never analysed otherwise gets unit_ancestors outermost, every
-- ancestor times every case.  PostgreSQL: plain JOIN (its CROSS JOIN takes
-- no ON; its planner has statistics).
INSERT INTO indicator_case_sums (tree, unit_code, indicator, month, num, den)
SELECT c.unit_tree, a.ancestor_code, r.indicator, r.month, SUM(r.num),
	SUM(r.den)
FROM case_indicator_rows r CROSS JOIN cases c ON c.id = r.case_id
	CROSS JOIN unit_ancestors a ON a.tree = c.unit_tree
		AND a.code = c.unit_code
GROUP BY c.unit_tree, a.ancestor_code, r.indicator, r.month;
INSERT INTO indicator_case_sums (tree, unit_code, indicator, month, num, den)
SELECT c.unit_tree, '', r.indicator, r.month, SUM(r.num), SUM(r.den)
FROM case_indicator_rows r CROSS JOIN cases c ON c.id = r.case_id
GROUP BY c.unit_tree, r.indicator, r.month;
