-- 0008_second_factor — TOTP second factor (issue 10 §6, docs/security.md
-- §Second factor).
--
-- totp_secrets holds at most one secret per user: `secret` is the base32
-- key sealed with the deployment's seal key (lib/secret.h, "sealed:v1:…"),
-- never the key itself.  user_id is BIGINT, not INTEGER, so that it is a
-- plain key and not SQLite's rowid alias (it is given, never assigned).  confirmed is 0 from setup until a first good
-- code, 1 after; only a confirmed secret is asked for at login.
-- last_step is the 30-second step of the last code accepted, so a code
-- used once is refused afterwards (the update that accepts a code is
-- conditional on a greater step).
--
-- sessions.second_factor_pending is 1 for a session whose password was
-- right but whose second step (a code, or enrolment when the role
-- requires it) is not done yet; such a session reaches only the second
-- step's endpoints (api/dispatch.c).  The second step replaces it with a
-- new session, so the cookie changes there as at login.
CREATE TABLE totp_secrets (
	user_id BIGINT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret TEXT NOT NULL,
	confirmed INTEGER NOT NULL,
	last_step BIGINT NOT NULL,
	created_at BIGINT NOT NULL
);

ALTER TABLE sessions ADD COLUMN second_factor_pending INTEGER NOT NULL
	DEFAULT 0;
