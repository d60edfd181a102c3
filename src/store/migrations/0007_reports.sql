-- 0007_reports — periodic reports of units (issue 8, docs/reports.md
-- §Storage): the reports with their frozen data and narrative, the
-- events of their workflow, and the report settings of a plan.
--
-- A report belongs to one unit by (tree, unit_code) only: its name, path
-- and level are read through units (a list's scope filter joins them), so
-- the row holds no copy that could go stale.  There is no foreign key to
-- units, which a tree's reload rewrites.  agency is '' for the unit's own
-- report, else the lead agency of `project` in the plan; a report is
-- unique per (template, tree, unit, period, agency).  data and
-- consolidation are JSON text written by the API; the store never looks
-- inside.  Texts of the form are '' when not filled in; instants are
-- BIGINT Unix seconds, NULL when the thing has not happened (0 in C).

CREATE TABLE reports (
	id INTEGER PRIMARY KEY,
	template TEXT NOT NULL CHECK (template IN ('six_monthly', 'annual')),
	tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	period TEXT NOT NULL,
	agency TEXT NOT NULL,
	project INTEGER NOT NULL CHECK (project BETWEEN 0 AND 4),
	plan_id BIGINT REFERENCES plans (id),
	state TEXT NOT NULL CHECK (state IN ('draft', 'submitted',
		'approved')),
	number TEXT NOT NULL,
	report_date TEXT NOT NULL,
	signer_title TEXT NOT NULL,
	signer_name TEXT NOT NULL,
	results TEXT NOT NULL,
	difficulties TEXT NOT NULL,
	proposals TEXT NOT NULL,
	data TEXT,
	data_at BIGINT,
	consolidation TEXT,
	first_submitted_at BIGINT,
	last_submitted_at BIGINT,
	approved_at BIGINT,
	approved_by BIGINT,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL,
	UNIQUE (template, tree, unit_code, period, agency)
);
-- The list's filters: a unit's reports (and the children of a unit, each
-- sought by its code), a period across units, a state (the approver's
-- queue, the inbox).
CREATE INDEX reports_unit ON reports (tree, unit_code, period);
CREATE INDEX reports_period ON reports (period, template);
CREATE INDEX reports_state ON reports (state, period);

-- Every move of a report (create, submit, approve, return, reopen,
-- consolidate, refresh), oldest first by id.  from_state is NULL for the
-- creation; comment NULL when none.  user_id has no foreign key, so the
-- history outlives an account.
CREATE TABLE report_events (
	id INTEGER PRIMARY KEY,
	report_id BIGINT NOT NULL REFERENCES reports (id),
	transition TEXT NOT NULL,
	from_state TEXT,
	to_state TEXT,
	user_id BIGINT,
	at BIGINT NOT NULL,
	comment TEXT
);
CREATE INDEX report_events_report ON report_events (report_id, at, id);

-- A plan's report settings (domain/report.h struct report_settings); no
-- row: the defaults of RULES.md §9.  window_rule is 'decree_09' or
-- 'calendar' (`window` is a keyword in both dialects).  Each due date is
-- month, day and year offset; due_day_counts is 0 or 1.
CREATE TABLE plan_report_settings (
	plan_id BIGINT PRIMARY KEY REFERENCES plans (id),
	window_rule TEXT NOT NULL CHECK (window_rule IN ('decree_09',
		'calendar')),
	s1_month INTEGER NOT NULL,
	s1_day INTEGER NOT NULL,
	s1_year_offset INTEGER NOT NULL,
	s2_month INTEGER NOT NULL,
	s2_day INTEGER NOT NULL,
	s2_year_offset INTEGER NOT NULL,
	annual_month INTEGER NOT NULL,
	annual_day INTEGER NOT NULL,
	annual_year_offset INTEGER NOT NULL,
	due_day_counts INTEGER NOT NULL,
	reminder_days INTEGER NOT NULL,
	updated_by BIGINT,
	updated_at BIGINT NOT NULL
);
