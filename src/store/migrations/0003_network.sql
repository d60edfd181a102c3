-- 0003_network — the service network (issue 5, docs/network.md):
-- facilities (service points and models too) with their history and the
-- stays of residents, the carer register and alternative care placements
-- with their reviews, trainings and their participants, communication
-- activities, CSV import jobs, and the facility of a facility user.
--
-- Dates are calendar days as TEXT 'YYYY-MM-DD' (they sort as text);
-- instants BIGINT Unix seconds.  Unit references are (tree, code, path)
-- triples as in 0002, so scope filters are ranges on path.  Counts
-- (residents, participants, active placements) are never stored: they are
-- counted through the indexes below, so they cannot drift.  Append-only
-- triggers for facility_events live in sqlite.c (dialect).

-- A facility user's facility (NULL for every other role).
ALTER TABLE users ADD COLUMN facility_id BIGINT;

-- Facilities, service points and models, told apart by kind (derived
-- from type by the domain).  capacity NULL: not set.
CREATE TABLE facilities (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	name_folded TEXT NOT NULL,
	type TEXT NOT NULL,
	kind TEXT NOT NULL,
	ownership TEXT NOT NULL,
	unit_tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	unit_path TEXT NOT NULL,
	capacity BIGINT,
	licence_no TEXT,
	licence_date TEXT,
	licence_issuer TEXT,
	address TEXT,
	phone TEXT,
	started_on TEXT,
	status TEXT NOT NULL,
	upgraded_on TEXT,
	sw_standard INTEGER NOT NULL,
	note TEXT,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL
);
-- Scope ranges (and the exact paths above a scope) in name order; the
-- indicators of issue 6 count by type and kind.
CREATE INDEX facilities_unit ON facilities (unit_tree, unit_path,
	name_folded);
CREATE INDEX facilities_type ON facilities (unit_tree, type, status);
CREATE INDEX facilities_kind ON facilities (unit_tree, kind, status);

-- What happened to a facility, in order; never updated or deleted.
CREATE TABLE facility_events (
	id INTEGER PRIMARY KEY,
	facility_id BIGINT NOT NULL REFERENCES facilities (id),
	at BIGINT NOT NULL,
	actor_id BIGINT,
	actor_name TEXT NOT NULL,
	kind TEXT NOT NULL,
	data TEXT NOT NULL
);
CREATE INDEX facility_events_facility ON facility_events (facility_id, id);

-- One admission of the person of a case into a facility; open while
-- discharged_on is NULL.
CREATE TABLE stays (
	id INTEGER PRIMARY KEY,
	facility_id BIGINT NOT NULL REFERENCES facilities (id),
	case_id BIGINT NOT NULL REFERENCES cases (id),
	person_id BIGINT NOT NULL REFERENCES persons (id),
	admitted_on TEXT NOT NULL,
	admission_kind TEXT NOT NULL,
	reason TEXT NOT NULL,
	decided_by TEXT NOT NULL,
	over_capacity_reason TEXT,
	admitted_by BIGINT NOT NULL,
	discharged_on TEXT,
	discharge_reason TEXT,
	discharge_note TEXT,
	discharge_decided_by TEXT,
	discharged_by BIGINT,
	created_at BIGINT NOT NULL
);
-- A person is resident in one place at most: a second open stay is a
-- unique violation (STORE_CONFLICT), whatever the caller checked before.
CREATE UNIQUE INDEX stays_person_open ON stays (person_id)
	WHERE discharged_on IS NULL;
-- residents = open stays of a facility, counted in this index alone.
CREATE INDEX stays_facility ON stays (facility_id, discharged_on);
CREATE INDEX stays_case ON stays (case_id);

-- The register of kin carers and foster families (not persons of cases).
CREATE TABLE carers (
	id INTEGER PRIMARY KEY,
	full_name TEXT NOT NULL,
	full_name_folded TEXT NOT NULL,
	kind TEXT NOT NULL,
	sex TEXT,
	birth_year INTEGER,
	national_id TEXT,
	address TEXT,
	phone TEXT,
	unit_tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	unit_path TEXT NOT NULL,
	registered_on TEXT NOT NULL,
	household_size INTEGER,
	status TEXT NOT NULL,
	note TEXT,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL
);
CREATE INDEX carers_unit ON carers (unit_tree, unit_path, full_name_folded);

-- Alternative care of a child protection case.  unit_* are the case's
-- when placed; lists filter on the case's current unit (a join), so a
-- transferred case takes its placements along.  Active while end_on is
-- NULL.
CREATE TABLE placements (
	id INTEGER PRIMARY KEY,
	case_id BIGINT NOT NULL REFERENCES cases (id),
	form TEXT NOT NULL,
	carer_id BIGINT REFERENCES carers (id),
	facility_id BIGINT REFERENCES facilities (id),
	start_on TEXT NOT NULL,
	decision_no TEXT,
	note TEXT,
	next_review_on TEXT NOT NULL,
	end_on TEXT,
	end_reason TEXT,
	end_note TEXT,
	unit_tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	unit_path TEXT NOT NULL,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL
);
-- One active placement per case (STORE_CONFLICT on a second).
CREATE UNIQUE INDEX placements_case_active ON placements (case_id)
	WHERE end_on IS NULL;
CREATE INDEX placements_case ON placements (case_id, start_on);
CREATE INDEX placements_carer ON placements (carer_id, end_on)
	WHERE carer_id IS NOT NULL;
CREATE INDEX placements_review ON placements (next_review_on)
	WHERE end_on IS NULL;

CREATE TABLE placement_reviews (
	id INTEGER PRIMARY KEY,
	placement_id BIGINT NOT NULL REFERENCES placements (id),
	reviewed_on TEXT NOT NULL,
	outcome TEXT NOT NULL,
	note TEXT,
	reviewed_by BIGINT,
	created_at BIGINT NOT NULL
);
CREATE INDEX placement_reviews_placement ON placement_reviews (placement_id,
	id);

CREATE TABLE trainings (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	title_folded TEXT NOT NULL,
	topic TEXT NOT NULL,
	project INTEGER NOT NULL,
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	organiser TEXT,
	place TEXT,
	note TEXT,
	unit_tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	unit_path TEXT NOT NULL,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL
);
CREATE INDEX trainings_unit ON trainings (unit_tree, unit_path, starts_on);
CREATE INDEX trainings_topic ON trainings (topic, starts_on);

-- Bulk-imported (100 000 rows in one transaction must stay near the speed
-- of a bare table), so one index only, on training_id alone: new rows of
-- a training land at its right edge.  (training_id, sex) would have
-- counted by sex without reading rows, but inserting into the middle of
-- the index cost a tenth of the whole import (bench/import); a training's
-- rows are few, the big ones are read once per list.
CREATE TABLE participants (
	id INTEGER PRIMARY KEY,
	training_id BIGINT NOT NULL REFERENCES trainings (id),
	full_name TEXT NOT NULL,
	full_name_folded TEXT NOT NULL,
	sex TEXT NOT NULL,
	role TEXT NOT NULL,
	agency TEXT,
	position TEXT,
	unit_tree TEXT,
	unit_code TEXT,
	unit_path TEXT,
	birth_year INTEGER,
	created_by BIGINT,
	created_at BIGINT NOT NULL
);
CREATE INDEX participants_training ON participants (training_id);

-- Held in a commune.  The coverage table joins communes to these by
-- (tree, path) and a day range; topic filters the rest.
CREATE TABLE communications (
	id INTEGER PRIMARY KEY,
	unit_tree TEXT NOT NULL,
	unit_code TEXT NOT NULL,
	unit_path TEXT NOT NULL,
	kind TEXT NOT NULL,
	topic TEXT NOT NULL,
	audience TEXT NOT NULL,
	held_on TEXT NOT NULL,
	title TEXT,
	note TEXT,
	reach_male BIGINT NOT NULL,
	reach_female BIGINT NOT NULL,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL
);
CREATE INDEX communications_unit ON communications (unit_tree, unit_path,
	held_on);
CREATE INDEX communications_topic ON communications (topic, held_on);

-- CSV import jobs once started (running) and finished.  problems: JSON
-- array text.
CREATE TABLE imports (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	user_id BIGINT NOT NULL,
	status TEXT NOT NULL,
	dry_run INTEGER NOT NULL,
	rows_total BIGINT NOT NULL,
	rows_stored BIGINT NOT NULL,
	problems TEXT,
	created_at BIGINT NOT NULL,
	finished_at BIGINT
);
CREATE INDEX imports_user ON imports (user_id, id);

-- The case lists of a facility user: its residents' cases (cases hold
-- the facility of their open stay) and the cases it opened.
CREATE INDEX cases_facility ON cases (facility_id)
	WHERE facility_id IS NOT NULL;
CREATE INDEX cases_created_by ON cases (created_by);
