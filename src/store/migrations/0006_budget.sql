-- 0006_budget — the budget of a plan (issue 7, docs/budget.md §Storage
-- and replacement, §Execution): its lines and cells, replaced whole by
-- each import or save, and the allocations and spending recorded against
-- its leaf lines, every change kept with who, when and why.
--
-- Amounts are whole VND (BIGINT), never below zero.  row_code is the
-- CSV's `row`, the line's number as printed ("I", "2.1", "total"): `row`
-- is a keyword in both dialects.  Sources are the domain's names
-- ('central', 'local', 'mobilised'), columns of budget_cells, values of
-- budget_execution.source (lists order them with a CASE).
--
-- Lines and cells are keyed by their position in the table, execution by
-- (plan, row_code, year, source): a replacement deletes and rewrites
-- every line and cell while execution records stay, so the store refuses
-- a replacement that would drop a row with execution records or give it
-- children (sqlite_budget.c).

-- One row per plan with a stored budget: its version (bumped by every
-- replacement, the If-Match of the API) and whether the table had a
-- stated_total column (without one there are no row_total checks; the
-- other flags of the table, project and norm columns, are read back from
-- the lines).  No row: no budget yet, version 0.
CREATE TABLE budget_versions (
	plan_id BIGINT PRIMARY KEY REFERENCES plans (id),
	version BIGINT NOT NULL,
	has_stated INTEGER NOT NULL,
	updated_at BIGINT NOT NULL,
	updated_by BIGINT
);

-- The lines in the table's order (position 0, 1, …).  parent is the
-- parent's row_code (NULL top-level), checked by the domain before a
-- store, so there is no foreign key on it.  project 0: none.  A cell that
-- is not an amount keeps its raw text in *_bad with the amount 0;
-- unit_cost and quantity are NULL when the line has none.
CREATE TABLE budget_lines (
	plan_id BIGINT NOT NULL REFERENCES plans (id),
	position INTEGER NOT NULL,
	row_code TEXT NOT NULL,
	parent TEXT,
	label TEXT NOT NULL,
	project INTEGER NOT NULL CHECK (project BETWEEN 0 AND 4),
	unit TEXT,
	unit_cost BIGINT CHECK (unit_cost >= 0),
	unit_cost_bad TEXT,
	quantity BIGINT CHECK (quantity >= 0),
	stated BIGINT NOT NULL CHECK (stated >= 0),
	stated_bad TEXT,
	PRIMARY KEY (plan_id, position),
	UNIQUE (plan_id, row_code)
);

-- The year cells of the lines, one row per line and year holding the
-- year's three sources (a cell that is not an amount: 0 and its raw text
-- in *_bad).  Only years where a cell is non-zero or bad are stored, so a
-- missing row is three zeros.  A row per year rather than per cell: a
-- table of 20 000 lines × 90 columns is then at most 600 000 rows, not
-- 1.8 million, and inserting them took an eighth of the time per cell
-- (test_store_budget's large table); the three sources are the domain's
-- fixed list.  Written and read a plan at a time, by position: WITHOUT
-- ROWID keeps a plan's rows in the key's B-tree, one tree written per
-- insert instead of a table and its index (PostgreSQL: the same table
-- without the clause).  No foreign key to budget_lines: both are
-- rewritten together in one transaction by sqlite_budget.c.
CREATE TABLE budget_cells (
	plan_id BIGINT NOT NULL,
	position INTEGER NOT NULL,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	central BIGINT NOT NULL CHECK (central >= 0),
	central_bad TEXT,
	local BIGINT NOT NULL CHECK (local >= 0),
	local_bad TEXT,
	mobilised BIGINT NOT NULL CHECK (mobilised >= 0),
	mobilised_bad TEXT,
	PRIMARY KEY (plan_id, position, year)
) WITHOUT ROWID;

-- Allocated (cấp) and spent (chi) per leaf line, year and source, as last
-- set; spending above the allocation is allowed (the summary flags it).
CREATE TABLE budget_execution (
	plan_id BIGINT NOT NULL REFERENCES plans (id),
	row_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	source TEXT NOT NULL CHECK (source IN ('central', 'local',
		'mobilised')),
	allocated BIGINT NOT NULL CHECK (allocated >= 0),
	spent BIGINT NOT NULL CHECK (spent >= 0),
	updated_at BIGINT NOT NULL,
	updated_by BIGINT,
	PRIMARY KEY (plan_id, row_code, year, source)
);

-- Every change of an execution record: the new amounts, who, when, why.
-- Read newest first, for one record or a whole plan.
CREATE TABLE budget_execution_history (
	id INTEGER PRIMARY KEY,
	plan_id BIGINT NOT NULL REFERENCES plans (id),
	row_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	source TEXT NOT NULL,
	allocated BIGINT NOT NULL,
	spent BIGINT NOT NULL,
	reason TEXT NOT NULL,
	changed_by BIGINT,
	changed_at BIGINT NOT NULL
);
CREATE INDEX budget_execution_history_record ON budget_execution_history (
	plan_id, row_code, year, source, changed_at);
