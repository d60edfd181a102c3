-- 0008_second_factor (PostgreSQL 15) — the PostgreSQL form of
-- ../0008_second_factor.sql: TOTP secrets and the sessions' pending
-- second step, with the same columns in the same order.
--
-- What differs from the SQLite file: INTEGER columns are BIGINT (the
-- flags confirmed and second_factor_pending stay integers 0/1, compared
-- with integers by sql.c).  What each column is for is told in the SQLite
-- file.
CREATE TABLE totp_secrets (
	user_id BIGINT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret TEXT NOT NULL,
	confirmed BIGINT NOT NULL,
	last_step BIGINT NOT NULL,
	created_at BIGINT NOT NULL
);

ALTER TABLE sessions ADD COLUMN second_factor_pending BIGINT NOT NULL
	DEFAULT 0;
