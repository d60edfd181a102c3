/*
 * auth.c — logging in and out, and who am I.
 *
 * ** URL: POST /api/v1/auth/login   {"username","password"} → 200
 *         {"user":{…},"csrf":"…"} + cookie trogiup_session; 401
 *         invalid_credentials; 429 too_many_attempts after 5 failures for
 *         one username within 15 minutes (domain/account.h), or after
 *         the client address's failures (any usernames) reach
 *         `serve --login-ip-limit` (30 per 5 minutes: api/ip_limits.h)
 * ** URL: POST /api/v1/auth/logout  → 204 (ends the cookie session)
 * ** URL: POST /api/v1/auth/password {"current_password","new_password"}
 *         → 204: changes one's own password and ends one's other
 *         sessions (this one goes on; API tokens are kept, being listed
 *         and revocable by their owner).  403 wrong_password, counted as a
 *         failed login (429 too_many_attempts past the limit); 422
 *         weak_password
 * ** URL: GET  /api/v1/me           → 200 the caller, with "csrf" for
 *         cookie sessions so a reloaded page can go on, and
 *         "second_factor": "off" | "required" | "enrolment_required" |
 *         "done" (domain/second_factor.h)
 *
 * When the user has a TOTP secret or their role requires one (the
 * setting of api/second_factor.c), a right password opens a session
 * marked pending, answered as usual plus "second_factor": "required" or
 * "enrolment_required"; it reaches only the second step's routes until
 * POST /auth/totp/verify (or enrolment's confirm) replaces it with a full
 * session under a new cookie.  Failed logins are cleared only then, so a
 * known password does not reset the count of wrong codes.
 *
 * The session id is 256 random bits sent once as the cookie and stored
 * only as its SHA-256.  A wrong username and a wrong password look the
 * same, take the same time, and both count toward the throttle.  The
 * address limit counts failures only, so an office behind one NAT
 * address logging in each morning is not refused, while spraying one
 * password over many usernames is.
 */
#include <pthread.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/ip_limits.h"
#include "api/sessions.h"
#include "domain/second_factor.h"
#include "lib/arena.h"
#include "lib/secret.h"
#include "lib/timeutil.h"

static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* A hash to verify against when the username does not exist, so that the
 * answer takes as long as for a real user. */
static void make_dummy_hash(void)
{
	if (secret_password_hash("not a password of anyone", dummy_hash) != 0)
		dummy_hash[0] = '\0';
}

static void set_session_cookie(struct api_ctx *c, const char *value, bool clear)
{
	api_add_header(
	    c, "Set-Cookie",
	    arena_printf(c->arena,
	                 "trogiup_session=%s; HttpOnly; SameSite=Strict; "
	                 "Path=/%s%s",
	                 value, clear ? "; Max-Age=0" : "",
	                 c->cfg->secure_cookies ? "; Secure" : ""));
}

bool auth_second_factor_facts(struct api_ctx *c, const struct user_row *u,
                              bool *has_totp, bool *role_requires)
{
	struct totp_row t;
	enum store_status st = store_totp_get(c->db, c->arena, u->id, &t);
	if (st == STORE_ERROR)
		return false;
	*has_totp = st == STORE_OK && t.confirmed;
	const char *roles = NULL;
	st = store_setting_get(c->db, c->arena, SECOND_FACTOR_SETTING, &roles);
	if (st == STORE_ERROR)
		return false;
	*role_requires =
	    second_factor_role_listed(st == STORE_OK ? roles : NULL, u->role);
	return true;
}

bool auth_session_start(struct api_ctx *c, const struct user_row *u,
                        bool pending, const char **csrf_out)
{
	char token[SECRET_TOKEN_LEN + 1], hash[SECRET_HASH_HEX + 1];
	char *csrf = arena_alloc(c->arena, SECRET_TOKEN_LEN + 1);
	int64_t now = time_now();
	secret_token(token);
	secret_token(csrf);
	secret_hash_token(token, hash);
	struct session_row s = {hash, u->id, csrf, now, now, pending ? 1 : 0};
	if (store_session_insert(c->db, &s) != STORE_OK)
		return false;
	set_session_cookie(c, token, false);
	c->session_hash = arena_strdup(c->arena, hash);
	c->csrf = csrf;
	c->second_factor_pending = pending;
	*csrf_out = csrf;
	return true;
}

static const struct field_spec login_fields[] = {
    {"username", FIELD_STRING, true, 64},
    {"password", FIELD_STRING, true, 1024},
};

static const char too_many_attempts[] =
    "Too many failed logins; try again later";

bool auth_not_throttled(struct api_ctx *c, const char *username)
{
	const struct session_policy *policy = &c->cfg->session;
	int failures = 0;
	if (store_login_failures_count(c->db, username,
	                               login_window_start(policy, time_now()),
	                               &failures) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	if (!login_locked(policy, failures))
		return true;
	json_t *d = json_pack("{s:s}", "username", username);
	api_audit_as(c, username, "login_throttled", NULL, NULL, NULL, d);
	api_add_header(
	    c, "Retry-After",
	    arena_printf(c->arena, "%lld", (long long)policy->failure_window));
	api_reply_error(c, 429, "too_many_attempts", too_many_attempts, NULL);
	return false;
}

void auth_count_failure(struct api_ctx *c, const char *username,
                        const char *action)
{
	int64_t retry_s;
	if (c->cfg->login_limiter != NULL)
		(void)ip_limiter_allow(c->cfg->login_limiter, c->ip,
		                       (int64_t)time_mono_ms(), true, &retry_s);
	(void)store_login_failure_add(c->db, username, time_now());
	api_audit_as(c, username, action, NULL, NULL, NULL,
	             json_pack("{s:s}", "username", username));
}

void auth_login(struct api_ctx *c)
{
	if (!api_ip_allow(c, c->cfg->login_limiter, false, "too_many_attempts",
	                  too_many_attempts))
		return;
	json_t *body = api_body_object(c);
	if (body == NULL)
		return;
	struct field_value f[2];
	if (!api_fields(c, body, login_fields, 2, f))
		return;
	const char *username = f[0].s,
	           *password =
	               json_string_value(json_object_get(body, "password"));
	if (!auth_not_throttled(c, username))
		return;

	struct user_row u;
	enum store_status st =
	    store_user_by_username(c->db, c->arena, username, &u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return;
	}
	bool ok;
	if (st == STORE_OK) {
		ok = secret_password_verify(u.password_hash, password) &&
		     u.active;
	} else {
		pthread_once(&dummy_once, make_dummy_hash);
		(void)secret_password_verify(dummy_hash, password);
		ok = false;
	}
	if (!ok) {
		auth_count_failure(c, username, "login_failed");
		api_reply_error(c, 401, "invalid_credentials",
		                "Wrong username or password", NULL);
		return;
	}

	bool has_totp, role_requires;
	if (!auth_second_factor_facts(c, &u, &has_totp, &role_requires)) {
		api_reply_internal(c);
		return;
	}
	bool pending = second_factor_needed(has_totp, role_requires);
	const char *csrf;
	if (!auth_session_start(c, &u, pending, &csrf)) {
		api_reply_internal(c);
		return;
	}
	if (!pending)
		(void)store_login_failures_clear(c->db, username);
	c->authenticated = true;
	c->user = u;
	api_principal_of(&u, &c->who);
	const char *state =
	    second_factor_state_name(second_factor_state(pending, has_totp));
	if (!api_audit(c, "login",
	               arena_printf(c->arena, "user:%lld", (long long)u.id),
	               u.scope_tree, u.scope_path,
	               json_pack("{s:s}", "second_factor", state))) {
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 200,
	               json_pack("{s:o, s:s, s:s}", "user",
	                         api_user_json(c, &u), "csrf", csrf,
	                         "second_factor", state));
}

void auth_logout(struct api_ctx *c)
{
	if (c->authenticated && c->via_cookie) {
		if (store_session_delete(c->db, c->session_hash) != STORE_OK) {
			api_reply_internal(c);
			return;
		}
		api_audit(
		    c, "logout",
		    arena_printf(c->arena, "user:%lld", (long long)c->user.id),
		    c->user.scope_tree, c->user.scope_path, NULL);
	}
	set_session_cookie(c, "", true);
	api_reply_empty(c, 204);
}

void auth_me(struct api_ctx *c)
{
	json_t *me = api_user_json(c, &c->user);
	/* A facility user works in a facility, not for its unit
	 * (docs/network.md §Facility scope); code stays the unit's. */
	struct facility_row f;
	if (c->who.role == ROLE_FACILITY && c->user.facility_id != 0 &&
	    store_facility_get(c->db, c->arena, c->user.facility_id, &f) ==
	        STORE_OK)
		json_object_set_new(
		    me, "scope",
		    json_pack("{s:s, s:I, s:s, s:s, s:s}", "kind", "facility",
		              "id", (json_int_t)f.id, "name", f.name, "code",
		              f.unit_code, "tree", f.unit_tree));
	if (c->via_cookie)
		json_object_set_new(me, "csrf", json_string(c->csrf));
	bool has_totp, role_requires;
	if (!auth_second_factor_facts(c, &c->user, &has_totp, &role_requires)) {
		json_decref(me);
		api_reply_internal(c);
		return;
	}
	json_object_set_new(
	    me, "second_factor",
	    json_string(second_factor_state_name(
	        second_factor_state(c->second_factor_pending, has_totp))));
	api_reply_json(c, 200, me);
}

static const struct field_spec password_fields[] = {
    {"current_password", FIELD_STRING, true, 1024},
    {"new_password", FIELD_STRING, true, 1024},
};

void auth_password(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	if (body == NULL)
		return;
	struct field_value f[2];
	if (!api_fields(c, body, password_fields, 2, f))
		return;
	/* Untrimmed, as typed: passwords are compared byte for byte. */
	const char *current = json_string_value(
	               json_object_get(body, "current_password")),
	           *fresh =
	               json_string_value(json_object_get(body, "new_password"));
	struct user_row u = c->user;
	if (!auth_not_throttled(c, u.username))
		return;
	if (!secret_password_verify(u.password_hash, current)) {
		auth_count_failure(c, u.username, "password_change_failed");
		api_reply_error(c, 403, "wrong_password",
		                "The current password is wrong",
		                "current_password");
		return;
	}
	enum password_problem p = password_check(u.username, fresh);
	if (p != PASSWORD_OK) {
		api_reply_error(c, 422, "weak_password",
		                password_problem_message(p), "new_password");
		return;
	}
	char hash[128];
	if (secret_password_hash(fresh, hash) != 0) {
		api_reply_internal(c);
		return;
	}
	u.password_hash = hash;
	u.updated_at = time_now();
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_user_update(c->db, &u);
	if (st == STORE_OK)
		st = c->session_hash != NULL
		         ? store_sessions_delete_user_except(c->db, u.id,
		                                             c->session_hash)
		         : store_sessions_delete_user(c->db, u.id);
	if (st != STORE_OK ||
	    !api_audit(c, "password_change",
	               arena_printf(c->arena, "user:%lld", (long long)u.id),
	               u.scope_tree, u.scope_path, NULL) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_reply_empty(c, 204);
}
