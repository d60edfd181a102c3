-- 0005_plans — plans of provinces and districts under Decision 565 and
-- their targets (issue 6, docs/indicators.md §Plans).
--
-- A plan belongs to one unit, a (tree, code, path) triple as in 0002 and
-- 0003, so a scope filter is a range on path.  Its number is unique for
-- the unit.  plan_projects holds the lead and partner agencies of each of
-- the four projects the plan covers.  plan_targets holds one target per
-- row; the same indicator and year may appear twice (plans state some
-- twice), so there is no unique key on them.  Indicator codes are checked
-- by the API against the catalogue, not by a foreign key, so this file
-- stands on its own.  Years are integers; issued_on is 'YYYY-MM-DD'.

CREATE TABLE plans (
	id INTEGER PRIMARY KEY,
	tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	unit_path TEXT NOT NULL,
	number TEXT NOT NULL,
	issued_on TEXT NOT NULL,
	title TEXT NOT NULL,
	period_from INTEGER NOT NULL,
	period_to INTEGER NOT NULL,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL,
	UNIQUE (tree, unit_code, number),
	CHECK (period_from <= period_to)
);
-- Scope ranges in path order; the unit's own plans by (tree, unit_code)
-- come from the unique index.
CREATE INDEX plans_unit_path ON plans (tree, unit_path, period_from);

CREATE TABLE plan_projects (
	plan_id BIGINT NOT NULL REFERENCES plans (id),
	project INTEGER NOT NULL CHECK (project BETWEEN 1 AND 4),
	lead_agency TEXT,
	partners TEXT,
	PRIMARY KEY (plan_id, project)
);

CREATE TABLE plan_targets (
	id INTEGER PRIMARY KEY,
	plan_id BIGINT NOT NULL REFERENCES plans (id),
	indicator TEXT NOT NULL,
	year INTEGER NOT NULL,
	target REAL NOT NULL,
	baseline REAL,
	baseline_year INTEGER,
	quote TEXT,
	version BIGINT NOT NULL
);
CREATE INDEX plan_targets_plan ON plan_targets (plan_id, indicator, year);
