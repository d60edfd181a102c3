/*
 * second_factor.c — the TOTP second factor (RFC 6238) and the setting
 * that requires it per role (domain/second_factor.h, docs/security.md
 * §Second factor).
 *
 * ** URL: POST /api/v1/auth/totp/setup → 200 {"secret","uri"}: a new
 *         secret (base32) and its otpauth:// URI, not active until
 *         confirmed; 409 totp_enabled when one is already confirmed
 * ** URL: POST /api/v1/auth/totp/confirm {"code"} → 200
 *         {"second_factor":"done"} (+ "csrf" and a new cookie when it
 *         ends a pending enrolment); 409 totp_not_set_up; 422 invalid_code
 * ** URL: POST /api/v1/auth/totp/verify {"code"} → 200
 *         {"user","csrf","second_factor":"done"} and a new cookie: the
 *         second step of a login; 401 invalid_code; 409 not_pending /
 *         enrolment_required
 * ** URL: POST /api/v1/auth/totp/disable {"password","code"} → 204;
 *         403 wrong_password; 422 invalid_code; 409 totp_not_enabled /
 *         second_factor_required_by_role
 * ** URL: GET|PUT /api/v1/settings/second-factor {"required_roles":[…]}
 *         → 200 the setting (admin; PUT national admin only, audited)
 *
 * Every wrong password or code here counts as a failed login of the user
 * (auth_count_failure: 5 per 15 minutes, then 429 too_many_attempts), so
 * six-digit codes cannot be guessed through any of these doors.  The
 * secret is sealed with the deployment's seal key before it is stored,
 * shown once by setup and never again, and never logged or audited.
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/sessions.h"
#include "domain/second_factor.h"
#include "lib/arena.h"
#include "lib/secret.h"
#include "lib/timeutil.h"
#include "lib/totp.h"

static const struct field_spec code_field[] = {
    {"code", FIELD_STRING, true, 16},
};

static const char *user_target(struct api_ctx *c)
{
	return arena_printf(c->arena, "user:%lld", (long long)c->user.id);
}

/* The caller's TOTP row; false after answering 500 on a store error.
 * *found says whether there is one. */
static bool load_totp(struct api_ctx *c, struct totp_row *t, bool *found)
{
	enum store_status st = store_totp_get(c->db, c->arena, c->user.id, t);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	*found = st == STORE_OK;
	return true;
}

/* True when `code` is a fresh good code of t, now recorded as used (and
 * the secret confirmed when confirming).  A wrong or replayed code is
 * counted as a failed login. */
static bool use_code(struct api_ctx *c, const struct totp_row *t,
                     const char *code, bool confirming, bool *error)
{
	*error = false;
	const char *secret =
	    c->cfg->seal_key == NULL
	        ? NULL
	        : secret_open(c->arena, c->cfg->seal_key, t->secret);
	if (secret == NULL) {
		*error =
		    true; /* a secret we cannot open is a fault, not a guess */
		return false;
	}
	int64_t step;
	if (totp_match(secret, code, time_now(), &step) &&
	    totp_step_fresh(t->last_step, step)) {
		enum store_status st =
		    store_totp_use(c->db, c->user.id, step, confirming);
		if (st == STORE_OK)
			return true;
		if (st == STORE_ERROR) {
			*error = true;
			return false;
		}
		/* STORE_NOTFOUND: another request used this step first. */
	}
	auth_count_failure(c, c->user.username, "totp_failed");
	return false;
}

/* Reads {"code"} after checking the throttle; NULL when answered. */
static const char *code_of(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[1];
	if (body == NULL || !api_fields(c, body, code_field, 1, f))
		return NULL;
	if (!auth_not_throttled(c, c->user.username))
		return NULL;
	return f[0].s;
}

/* Replaces the caller's pending session by a full one (new cookie); the
 * failed logins of the user are cleared, as at a login without second
 * step.  *csrf is the new session's token. */
static bool finish_second_step(struct api_ctx *c, const char **csrf)
{
	if (c->session_hash != NULL &&
	    store_session_delete(c->db, c->session_hash) != STORE_OK)
		return false;
	if (!auth_session_start(c, &c->user, false, csrf))
		return false;
	(void)store_login_failures_clear(c->db, c->user.username);
	return true;
}

static const char *uri_of(struct api_ctx *c, const char *secret)
{
	/* Usernames are A–Z a–z 0–9 . _ - @ (domain/account.h); only '@'
	 * needs escaping in the label. */
	const char *name = c->user.username;
	size_t len = strlen(name), at = 0;
	for (size_t i = 0; i < len; i++)
		at += name[i] == '@';
	char *label = arena_alloc(c->arena, len + 2 * at + 1), *p = label;
	for (size_t i = 0; i < len; i++) {
		if (name[i] == '@') {
			memcpy(p, "%40", 3);
			p += 3;
		} else {
			*p++ = name[i];
		}
	}
	*p = '\0';
	return arena_printf(c->arena,
	                    "otpauth://totp/trogiup:%s?secret=%s&issuer=trogiup"
	                    "&algorithm=SHA1&digits=%d&period=%d",
	                    label, secret, TOTP_DIGITS, TOTP_STEP);
}

void totp_setup(struct api_ctx *c)
{
	struct totp_row t;
	bool found;
	if (!load_totp(c, &t, &found))
		return;
	if (found && t.confirmed) {
		/* A pending login must not swap the secret it is asked for. */
		if (c->second_factor_pending)
			api_reply_error(c, 401, "second_factor_required",
			                "Enter the code of your authenticator "
			                "app first",
			                NULL);
		else
			api_reply_error(c, 409, "totp_enabled",
			                "Two-step verification is already on; "
			                "turn it off first",
			                NULL);
		return;
	}
	if (c->cfg->seal_key == NULL) {
		api_reply_internal(c); /* serve always loads one */
		return;
	}
	char secret[TOTP_BASE32_LEN + 1];
	totp_new_secret(secret);
	const char *sealed = secret_seal(c->arena, c->cfg->seal_key, secret);
	enum store_status st =
	    sealed == NULL
	        ? STORE_ERROR
	        : store_totp_put(c->db, c->user.id, sealed, time_now());
	if (st == STORE_CONFLICT) {
		api_reply_error(c, 409, "totp_enabled",
		                "Two-step verification is already on", NULL);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(c, "totp_setup", user_target(c), c->user.scope_tree,
	               c->user.scope_path, NULL)) {
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 200,
	               json_pack("{s:s, s:s}", "secret", secret, "uri",
	                         uri_of(c, secret)));
}

void totp_confirm(struct api_ctx *c)
{
	const char *code = code_of(c);
	if (code == NULL)
		return;
	struct totp_row t;
	bool found, error;
	if (!load_totp(c, &t, &found))
		return;
	if (!found || t.confirmed) {
		api_reply_error(c, 409, "totp_not_set_up",
		                "Start with POST /api/v1/auth/totp/setup",
		                NULL);
		return;
	}
	if (!use_code(c, &t, code, true, &error)) {
		if (error)
			api_reply_internal(c);
		else
			api_reply_error(c, 422, "invalid_code",
			                "The code is wrong or already used",
			                "code");
		return;
	}
	const char *csrf = NULL;
	bool enrolment = c->second_factor_pending;
	if ((enrolment && !finish_second_step(c, &csrf)) ||
	    !api_audit(c, "totp_enable", user_target(c), c->user.scope_tree,
	               c->user.scope_path, NULL)) {
		api_reply_internal(c);
		return;
	}
	api_reply_json(
	    c, 200,
	    json_pack("{s:s, s:s?}", "second_factor", "done", "csrf", csrf));
}

void totp_verify(struct api_ctx *c)
{
	if (!c->second_factor_pending) {
		api_reply_error(c, 409, "not_pending",
		                "This session needs no second step", NULL);
		return;
	}
	struct totp_row t;
	bool found, error;
	if (!load_totp(c, &t, &found))
		return;
	if (!found || !t.confirmed) {
		api_reply_error(c, 409, "enrolment_required",
		                "Your role requires two-step verification: "
		                "set it up first",
		                NULL);
		return;
	}
	const char *code = code_of(c);
	if (code == NULL)
		return;
	if (!use_code(c, &t, code, false, &error)) {
		if (error)
			api_reply_internal(c);
		else
			api_reply_error(c, 401, "invalid_code",
			                "The code is wrong or already used",
			                "code");
		return;
	}
	const char *csrf;
	if (!finish_second_step(c, &csrf) ||
	    !api_audit(c, "login_second_factor", user_target(c),
	               c->user.scope_tree, c->user.scope_path, NULL)) {
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 200,
	               json_pack("{s:o, s:s, s:s}", "user",
	                         api_user_json(c, &c->user), "csrf", csrf,
	                         "second_factor", "done"));
}

static const struct field_spec disable_fields[] = {
    {"password", FIELD_STRING, true, 1024},
    {"code", FIELD_STRING, true, 16},
};

void totp_disable(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[2];
	if (body == NULL || !api_fields(c, body, disable_fields, 2, f))
		return;
	struct totp_row t;
	bool found, has_totp, role_requires, error;
	if (!load_totp(c, &t, &found) ||
	    !auth_second_factor_facts(c, &c->user, &has_totp, &role_requires)) {
		if (c->status == 0)
			api_reply_internal(c);
		return;
	}
	if (!found || !t.confirmed) {
		api_reply_error(c, 409, "totp_not_enabled",
		                "Two-step verification is not on", NULL);
		return;
	}
	if (role_requires) {
		api_reply_error(c, 409, "second_factor_required_by_role",
		                "Your role requires two-step verification",
		                NULL);
		return;
	}
	if (!auth_not_throttled(c, c->user.username))
		return;
	const char *password =
	    json_string_value(json_object_get(body, "password"));
	if (!secret_password_verify(c->user.password_hash, password)) {
		auth_count_failure(c, c->user.username, "totp_failed");
		api_reply_error(c, 403, "wrong_password",
		                "The password is wrong", "password");
		return;
	}
	if (!use_code(c, &t, f[1].s, false, &error)) {
		if (error)
			api_reply_internal(c);
		else
			api_reply_error(c, 422, "invalid_code",
			                "The code is wrong or already used",
			                "code");
		return;
	}
	if (store_totp_delete(c->db, c->user.id) != STORE_OK ||
	    !api_audit(c, "totp_disable", user_target(c), c->user.scope_tree,
	               c->user.scope_path, NULL)) {
		api_reply_internal(c);
		return;
	}
	api_reply_empty(c, 204);
}

/* ---- the per-role requirement ---------------------------------------- */

/* The setting as {"required_roles":[…]} in role order. */
static json_t *setting_json(const char *list)
{
	json_t *roles = json_array();
	for (int r = 0; r < ROLE__MAX; r++)
		if (second_factor_role_listed(list, role_name((enum role)r)))
			json_array_append_new(
			    roles, json_string(role_name((enum role)r)));
	return json_pack("{s:o}", "required_roles", roles);
}

void second_factor_settings_get(struct api_ctx *c)
{
	const char *list = NULL;
	enum store_status st =
	    store_setting_get(c->db, c->arena, SECOND_FACTOR_SETTING, &list);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 200, setting_json(st == STORE_OK ? list : NULL));
}

void second_factor_settings_put(struct api_ctx *c)
{
	/* The setting binds every unit: a unit's admin may read it only. */
	if (c->who.scope_path != NULL) {
		api_reply_error(c, 403, "forbidden",
		                "Only a national administrator may change this",
		                NULL);
		return;
	}
	json_t *body = api_body_object(c);
	if (body == NULL)
		return;
	json_t *roles = json_object_get(body, "required_roles");
	if (!json_is_array(roles)) {
		api_reply_error(c, 422, "invalid_field",
		                "required_roles must be a list of role names",
		                "required_roles");
		return;
	}
	bool want[ROLE__MAX] = {false};
	size_t i;
	json_t *e;
	json_array_foreach(roles, i, e)
	{
		enum role r;
		if (!json_is_string(e) ||
		    role_parse(json_string_value(e), &r) != 0) {
			api_reply_error(c, 422, "invalid_field",
			                "required_roles must be a list of role "
			                "names",
			                "required_roles");
			return;
		}
		want[r] = true;
	}
	const char *list = "";
	for (int r = 0; r < ROLE__MAX; r++)
		if (want[r])
			list = arena_printf(c->arena, "%s%s%s", list,
			                    *list ? "," : "",
			                    role_name((enum role)r));
	json_t *answer = setting_json(list);
	if (store_setting_set(c->db, SECOND_FACTOR_SETTING, list) != STORE_OK ||
	    !api_audit(c, "second_factor_settings", "settings:second-factor",
	               NULL, NULL, json_deep_copy(answer))) {
		json_decref(answer);
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 200, answer);
}
