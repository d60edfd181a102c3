-- 0002_cases — people and their cases (issue 4, docs/cases.md): persons,
-- cases with per-province case numbers, case events (append-only), hotline
-- calls, referrals and transfers, approvals, and the dated tables the
-- deadlines are computed from (deadline_rules, holidays).
--
-- Unit references are (tree, code, path) triples copied from units at
-- write time, so scope filters are a range test on path without a join:
-- everything under "62/612" is path = '62/612' OR ('62/612/' <= path AND
-- path < '62/6120') — '0' follows '/' in ASCII and paths hold only digits
-- and slashes.  Narrative columns of restricted cases hold sealed text
-- ("sealed:v1:…", see lib/secret.h); the store never looks inside.
-- Append-only triggers for case_events live in sqlite.c (dialect).

-- A person known to the system; one person may have several cases.
-- province is the province code of the unit that registered the person,
-- for the duplicate check (same folded name and birth year in a province).
CREATE TABLE persons (
	id INTEGER PRIMARY KEY,
	full_name TEXT NOT NULL,
	full_name_folded TEXT NOT NULL,
	sex TEXT NOT NULL,
	birth_date TEXT,
	birth_year INTEGER,
	ethnicity TEXT,
	national_id TEXT,
	address_tree TEXT,
	address_code TEXT,
	contacts TEXT,
	province TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX persons_national_id ON persons (national_id);
CREATE INDEX persons_name ON persons (province, full_name_folded, birth_year);

-- The name search (LIKE '%q%' on the folded name) without a scan: each
-- person's name from every word start on ("le van an": "le van an",
-- "van an", "an"), and every distinct word of every name.  A match of q
-- starts inside some word w, so it is found by a range seek on the
-- suffixes that begin with w (the words that can hold q's first word come
-- from the short name_words list); sqlite_cases.c says how, and checks the
-- LIKE on the case itself.  Kept by the store's person writes; words are
-- never removed (a stale word only costs a seek).
CREATE TABLE person_name_suffixes (
	suffix TEXT NOT NULL,
	person_id BIGINT NOT NULL REFERENCES persons (id)
);
CREATE INDEX person_name_suffixes_suffix ON person_name_suffixes (suffix,
	person_id);
CREATE INDEX person_name_suffixes_person ON person_name_suffixes (person_id);
CREATE TABLE name_words (
	word TEXT PRIMARY KEY
);

CREATE TABLE case_counters (
	province TEXT NOT NULL,
	year INTEGER NOT NULL,
	last BIGINT NOT NULL,
	PRIMARY KEY (province, year)
);

-- details: the type's facts as JSON text (domain/casework.h).
-- due_at: deadline of the current stage (NULL when closed); due_rule its
-- rule code.  plan_approved_at / closure_approved_at: set by an approved
-- approval, cleared when a new round starts or the case is re-opened.
-- consent_*: the latest consent of each kind (NULL = not recorded,
-- 0 refused, 1 given); consent_sharing_orgs a JSON array of names ([] =
-- any organisation).  person_name_folded and national_id are copied from
-- the person so a search reads one table.
CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	case_no TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL,
	person_id BIGINT NOT NULL REFERENCES persons (id),
	person_name_folded TEXT NOT NULL,
	national_id TEXT,
	unit_tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	unit_path TEXT NOT NULL,
	province TEXT NOT NULL,
	facility_id BIGINT,
	assigned_to BIGINT REFERENCES users (id),
	stage TEXT NOT NULL,
	stage_since BIGINT NOT NULL,
	due_at BIGINT,
	due_rule TEXT,
	urgency TEXT NOT NULL,
	risk_level TEXT,
	restricted INTEGER NOT NULL,
	details TEXT NOT NULL,
	summary TEXT,
	closure_reason TEXT,
	plan_approved_at BIGINT,
	closure_approved_at BIGINT,
	consent_services INTEGER,
	consent_statistics INTEGER,
	consent_sharing INTEGER,
	consent_sharing_orgs TEXT,
	next_visit_at BIGINT,
	hotline_call_id BIGINT,
	opened_at BIGINT NOT NULL,
	closed_at BIGINT,
	created_by BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL
);
-- Indexes carry the columns their queries filter on, so a count over a
-- scope reads the index alone: cases_unit the list filters used most and
-- the folded name (a broad name search scans the scope here),
-- cases_person the scope of a name search's candidates, cases_open_due
-- tree and path for "overdue in my scope" (due_at is NULL when closed, so
-- every entry is an open case).  Partial indexes leave out the NULLs,
-- which would otherwise be most rows and mislead the planner's statistics.
CREATE INDEX cases_unit ON cases (unit_tree, unit_path, stage, type,
	assigned_to, due_at, person_name_folded);
CREATE INDEX cases_person ON cases (person_id, unit_tree, unit_path);
CREATE INDEX cases_national_id ON cases (national_id)
	WHERE national_id IS NOT NULL;
CREATE INDEX cases_assigned ON cases (assigned_to, due_at)
	WHERE assigned_to IS NOT NULL;
CREATE INDEX cases_open_due ON cases (province, due_at, unit_tree, unit_path)
	WHERE due_at IS NOT NULL;

-- What happened in a case, in order; never updated or deleted.  data is
-- JSON text (narrative fields sealed in restricted cases).  corrects names
-- the event a correction replaces; reason says why.
CREATE TABLE case_events (
	id INTEGER PRIMARY KEY,
	case_id BIGINT NOT NULL REFERENCES cases (id),
	at BIGINT NOT NULL,
	actor_id BIGINT,
	actor_name TEXT NOT NULL,
	kind TEXT NOT NULL,
	data TEXT NOT NULL,
	corrects BIGINT,
	reason TEXT
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- A call to a hotline.  summary is always sealed.  case_id is set when an
-- intake case is opened from the call.
CREATE TABLE hotline_calls (
	id INTEGER PRIMARY KEY,
	line TEXT NOT NULL,
	received_at BIGINT NOT NULL,
	unit_tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	unit_path TEXT NOT NULL,
	caller_relation TEXT NOT NULL,
	summary TEXT NOT NULL,
	urgency TEXT NOT NULL,
	operator_id BIGINT NOT NULL,
	case_id BIGINT,
	created_at BIGINT NOT NULL
);
CREATE INDEX hotline_calls_unit ON hotline_calls (unit_tree, unit_path);
CREATE INDEX hotline_calls_operator ON hotline_calls (operator_id, id);

-- Referrals (kind 'referral': a service asked of an organisation) and
-- transfers (kind 'transfer': ownership moves to to_unit).  to_* unit
-- columns are NULL for a referral to an organisation outside the system.
-- from_* copy the case's unit when sent.
CREATE TABLE referrals (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	case_id BIGINT NOT NULL REFERENCES cases (id),
	from_tree TEXT NOT NULL,
	from_code TEXT NOT NULL,
	from_path TEXT NOT NULL,
	to_org TEXT,
	to_tree TEXT,
	to_code TEXT,
	to_path TEXT,
	service TEXT,
	note TEXT,
	status TEXT NOT NULL,
	override_reason TEXT,
	created_by BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	decided_by BIGINT,
	decided_at BIGINT,
	completed_at BIGINT,
	comment TEXT,
	version BIGINT NOT NULL
);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_to ON referrals (to_tree, to_path, status);
CREATE INDEX referrals_from ON referrals (from_tree, from_path, status);

-- Approval requests for a case's plan or closure.
CREATE TABLE approvals (
	id INTEGER PRIMARY KEY,
	case_id BIGINT NOT NULL REFERENCES cases (id),
	subject TEXT NOT NULL,
	status TEXT NOT NULL,
	closure_reason TEXT,
	note TEXT,
	requested_by BIGINT NOT NULL,
	requested_at BIGINT NOT NULL,
	decided_by BIGINT,
	decided_at BIGINT,
	comment TEXT
);
CREATE INDEX approvals_case ON approvals (case_id);
CREATE INDEX approvals_status ON approvals (status, case_id);

-- Deadline of each stage's work, as data (DESIGN.md §5: "rates and
-- deadlines live in dated tables").  case_type and urgency may be '*'.
CREATE TABLE deadline_rules (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL,
	case_type TEXT NOT NULL,
	stage TEXT NOT NULL,
	urgency TEXT NOT NULL,
	amount INTEGER NOT NULL,
	unit TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	project_default INTEGER NOT NULL,
	source TEXT NOT NULL
);

-- Public holidays on weekdays (weekends are never working days), from the
-- yearly government decisions; corrected as data.
CREATE TABLE holidays (
	day TEXT PRIMARY KEY,
	name TEXT NOT NULL
);

INSERT INTO deadline_rules (code, case_type, stage, urgency, amount, unit,
	valid_from, valid_to, project_default, source) VALUES
('dl_cp_emergency_12h', '*', 'intake', 'emergency', 12, 'hours',
	'2017-07-01', NULL, 0, 'Decree 56/2017/NĐ-CP Art 26(3)'),
('dl_intake_assessment', '*', 'intake', '*', 2, 'working_days',
	'2017-07-01', NULL, 1, 'Project default (RULES.md 1.14)'),
('dl_rehab_register', 'drug_rehab', 'intake', '*', 5, 'working_days',
	'2022-01-01', NULL, 0, 'Decree 116/2021/NĐ-CP Art 3'),
('dl_specific_assessment', '*', 'assessment', '*', 7, 'working_days',
	'2017-07-01', NULL, 1, 'Project default (RULES.md 1.14)'),
('dl_tip_initial_verification', 'trafficking_victim', 'assessment', '*', 3,
	'days', '2025-07-01', NULL, 0, 'Law 53/2024/QH15 Art 27'),
('dl_cp_plan_total', '*', 'planning', '*', 7, 'working_days',
	'2017-07-01', NULL, 0, 'Decree 56/2017/NĐ-CP Art 28; procedure 2.001947'),
('dl_intervention_review', '*', 'intervention', '*', 30, 'days',
	'2017-07-01', NULL, 1, 'Project default (RULES.md 1.14)'),
('dl_review_decision', '*', 'review', '*', 10, 'working_days',
	'2017-07-01', NULL, 1, 'Project default');

INSERT INTO holidays (day, name) VALUES
('2024-01-01', 'Tết Dương lịch'),
('2024-02-08', 'Tết Nguyên đán'), ('2024-02-09', 'Tết Nguyên đán'),
('2024-02-12', 'Tết Nguyên đán'), ('2024-02-13', 'Tết Nguyên đán'),
('2024-02-14', 'Tết Nguyên đán'),
('2024-04-18', 'Giỗ Tổ Hùng Vương'),
('2024-04-29', 'Nghỉ bù 30/4'), ('2024-04-30', 'Ngày Chiến thắng'),
('2024-05-01', 'Quốc tế Lao động'),
('2024-09-02', 'Quốc khánh'), ('2024-09-03', 'Quốc khánh'),
('2025-01-01', 'Tết Dương lịch'),
('2025-01-27', 'Tết Nguyên đán'), ('2025-01-28', 'Tết Nguyên đán'),
('2025-01-29', 'Tết Nguyên đán'), ('2025-01-30', 'Tết Nguyên đán'),
('2025-01-31', 'Tết Nguyên đán'),
('2025-04-07', 'Giỗ Tổ Hùng Vương'),
('2025-04-30', 'Ngày Chiến thắng'), ('2025-05-01', 'Quốc tế Lao động'),
('2025-05-02', 'Nghỉ bù'),
('2025-09-01', 'Quốc khánh'), ('2025-09-02', 'Quốc khánh'),
('2026-01-01', 'Tết Dương lịch'),
('2026-02-16', 'Tết Nguyên đán'), ('2026-02-17', 'Tết Nguyên đán'),
('2026-02-18', 'Tết Nguyên đán'), ('2026-02-19', 'Tết Nguyên đán'),
('2026-02-20', 'Tết Nguyên đán'),
('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương'),
('2026-04-30', 'Ngày Chiến thắng'), ('2026-05-01', 'Quốc tế Lao động'),
('2026-09-01', 'Quốc khánh'), ('2026-09-02', 'Quốc khánh'),
('2027-01-01', 'Tết Dương lịch'),
('2027-02-04', 'Tết Nguyên đán'), ('2027-02-05', 'Tết Nguyên đán'),
('2027-02-08', 'Tết Nguyên đán'), ('2027-02-09', 'Tết Nguyên đán'),
('2027-02-10', 'Tết Nguyên đán'),
('2027-04-16', 'Giỗ Tổ Hùng Vương'),
('2027-04-30', 'Ngày Chiến thắng'), ('2027-05-03', 'Nghỉ bù 1/5'),
('2027-09-02', 'Quốc khánh'), ('2027-09-03', 'Quốc khánh');
