/*
 * users.c — user management for the admin role.
 *
 * ** URL: GET   /api/v1/users?q=&role=&page=&page_size= → 200 {"items","total"}
 * ** URL: POST  /api/v1/users {"username","full_name","password","role",
 *               "scope_unit","scope_tree"} → 201; 409 username_taken;
 *               422 weak_password / invalid_field; 403 out_of_scope
 * ** URL: GET   /api/v1/users/ID → 200 with ETag
 * ** URL: PATCH /api/v1/users/ID {"full_name","role","scope_unit","active",
 *               "password"} → 200; If-Match optional, 412 stale when old
 * ** URL: POST  /api/v1/users/ID/unlock → 200: forgets the user's failed
 *               logins, ending a lockout (audited user_unlock)
 *
 * The list and detail add "login_failures" (failures within the throttle
 * window, domain/account.h) and "locked_until" (instant, or null when not
 * locked out).
 *
 * An admin scoped to a unit manages only users scoped inside it: others
 * are 404 (never a hint they exist) and giving a scope outside is 403.
 * A national admin manages everyone.  The password hash never leaves the
 * store.  Disabling a user ends their sessions.  A new password set by
 * an admin for someone else ends all their sessions and revokes their API
 * tokens (a reset usually means the old one is known to someone else); an
 * admin setting their own keeps the session in use and their tokens, like
 * POST /auth/password.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "domain/lineage.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/secret.h"
#include "lib/timeutil.h"

json_t *api_user_json(struct api_ctx *c, const struct user_row *u)
{
	char created[21], updated[21];
	time_iso8601(u->created_at, created);
	time_iso8601(u->updated_at, updated);
	json_t *scope;
	struct unit_row unit;
	if (u->scope_code == NULL) {
		scope = json_pack("{s:s}", "kind", "national");
	} else {
		const char *name = NULL;
		if (store_unit_get(c->db, c->arena, u->scope_tree,
		                   u->scope_code, &unit) == STORE_OK)
			name = unit.name;
		scope = json_pack("{s:s, s:s, s:s, s:s?}", "kind", "unit",
		                  "tree", u->scope_tree, "code", u->scope_code,
		                  "name", name);
	}
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:s}", "id",
	    (json_int_t)u->id, "username", u->username, "full_name",
	    u->full_name, "role", u->role, "scope", scope, "facility_id",
	    u->facility_id ? json_integer(u->facility_id) : json_null(),
	    "active", u->active, "created_at", created, "updated_at", updated);
}

/* The admin's view of u: api_user_json plus the lockout of the login
 * throttle; NULL on a store error. */
static json_t *admin_user_json(struct api_ctx *c, const struct user_row *u)
{
	const struct session_policy *p = &c->cfg->session;
	int64_t at[64];
	size_t max = (size_t)p->max_failures, n = 0;
	if (max > sizeof at / sizeof at[0])
		max = sizeof at / sizeof at[0];
	if (store_login_failures_recent(c->db, u->username,
	                                login_window_start(p, time_now()), at,
	                                max, &n) != STORE_OK)
		return NULL;
	json_t *j = api_user_json(c, u);
	json_object_set_new(j, "login_failures", json_integer((json_int_t)n));
	json_object_set_new(j, "locked_until",
	                    api_instant_json(login_locked_until(p, at, n)));
	return j;
}

static const char *etag_of(struct api_ctx *c, const struct user_row *u)
{
	return arena_printf(c->arena, "\"u%lld-%lld\"", (long long)u->id,
	                    (long long)u->version);
}

/* The user with the id of the route, if the caller may manage it; answers
 * 404 otherwise. */
static bool load_visible_user(struct api_ctx *c, struct user_row *u)
{
	const char *text = api_param(c, "id");
	char *end;
	long long id = strtoll(text, &end, 10);
	enum store_status st = STORE_NOTFOUND;
	if (*text != '\0' && *end == '\0' && id > 0)
		st = store_user_get(c->db, c->arena, id, u);
	if (st == STORE_OK &&
	    (c->who.scope_path == NULL ||
	     (u->scope_code != NULL &&
	      access_sees(&c->who, u->scope_tree, u->scope_path))))
		return true;
	if (st == STORE_ERROR)
		api_reply_internal(c);
	else
		api_reply_error(c, 404, "not_found", "No such user", NULL);
	return false;
}

/* Resolves scope_unit (and scope_tree) into u's scope fields.  Answers
 * 422 for an unknown unit and 403 out_of_scope for one outside the
 * caller's scope. */
static bool resolve_scope(struct api_ctx *c, const char *code, const char *tree,
                          struct user_row *u)
{
	if (tree == NULL)
		tree = c->cfg->default_tree;
	if (strcmp(tree, "2024") != 0 && strcmp(tree, "2025") != 0) {
		api_reply_error(c, 422, "invalid_field",
		                "scope_tree must be 2024 or 2025",
		                "scope_tree");
		return false;
	}
	if (code == NULL) {
		if (c->who.scope_path != NULL) {
			api_reply_error(
			    c, 403, "out_of_scope",
			    "You may only give scopes inside your own",
			    "scope_unit");
			return false;
		}
		u->scope_tree = u->scope_code = u->scope_path = NULL;
		return true;
	}
	struct unit_row unit;
	enum store_status st = STORE_NOTFOUND;
	if (lineage_code_valid(code))
		st = store_unit_get(c->db, c->arena, tree, code, &unit);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND) {
		api_reply_error(c, 422, "invalid_field",
		                arena_printf(c->arena,
		                             "No unit %s in the %s tree", code,
		                             tree),
		                "scope_unit");
		return false;
	}
	if (!access_sees(&c->who, tree, unit.path)) {
		api_reply_error(c, 403, "out_of_scope",
		                "You may only give scopes inside your own",
		                "scope_unit");
		return false;
	}
	u->scope_tree = unit.tree;
	u->scope_code = unit.code;
	u->scope_path = unit.path;
	return true;
}

/* body.facility_id onto u (docs/network.md §Facility scope): only for the
 * facility role, a facility inside the admin's scope, whose unit becomes
 * the user's scope (a scope_unit given that differs is 422).  JSON null,
 * or another role, clears it. */
static bool resolve_facility(struct api_ctx *c, json_t *body,
                             struct user_row *u, bool scope_given)
{
	json_t *v = json_object_get(body, "facility_id");
	bool is_facility = u->role != NULL && strcmp(u->role, "facility") == 0;
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			api_reply_error(c, 422, "invalid_field",
			                "facility_id must be a facility id",
			                "facility_id");
			return false;
		}
		if (!is_facility) {
			api_reply_error(c, 422, "invalid_field",
			                "facility_id is only for the facility "
			                "role",
			                "facility_id");
			return false;
		}
		struct facility_row f;
		enum store_status st = store_facility_get(
		    c->db, c->arena, json_integer_value(v), &f);
		if (st == STORE_ERROR) {
			api_reply_internal(c);
			return false;
		}
		if (st != STORE_OK ||
		    !access_sees(&c->who, f.unit_tree, f.unit_path)) {
			api_reply_error(c, 422, "invalid_field",
			                "facility_id must be a facility inside "
			                "your scope",
			                "facility_id");
			return false;
		}
		u->facility_id = f.id;
		if (scope_given && (u->scope_code == NULL ||
		                    strcmp(u->scope_tree, f.unit_tree) != 0 ||
		                    strcmp(u->scope_code, f.unit_code) != 0)) {
			api_reply_error(c, 422, "invalid_field",
			                "A facility user's scope is the "
			                "facility's unit",
			                "scope_unit");
			return false;
		}
		u->scope_tree = f.unit_tree;
		u->scope_code = f.unit_code;
		u->scope_path = f.unit_path;
		return true;
	}
	if (v != NULL || !is_facility) {
		u->facility_id = 0;
		return true;
	}
	/* The facility stays: a new scope must still be its unit. */
	if (u->facility_id != 0 && scope_given) {
		struct facility_row f;
		if (store_facility_get(c->db, c->arena, u->facility_id, &f) ==
		        STORE_OK &&
		    (u->scope_code == NULL ||
		     strcmp(u->scope_tree, f.unit_tree) != 0 ||
		     strcmp(u->scope_code, f.unit_code) != 0)) {
			api_reply_error(c, 422, "invalid_field",
			                "A facility user's scope is the "
			                "facility's unit",
			                "scope_unit");
			return false;
		}
	}
	return true;
}

static bool check_role_scope(struct api_ctx *c, const struct user_row *u)
{
	enum role r;
	if (role_parse(u->role, &r) != 0) {
		api_reply_error(
		    c, 422, "invalid_field",
		    "role must be one of admin, province, district, "
		    "commune, facility, hotline, viewer, auditor",
		    "role");
		return false;
	}
	if (role_needs_scope(r) && u->scope_code == NULL) {
		api_reply_error(c, 422, "invalid_field",
		                arena_printf(c->arena,
		                             "A %s user needs a scope_unit",
		                             u->role),
		                "scope_unit");
		return false;
	}
	return true;
}

static bool set_password(struct api_ctx *c, struct user_row *u,
                         const char *password)
{
	enum password_problem p = password_check(u->username, password);
	if (p != PASSWORD_OK) {
		api_reply_error(c, 422, "weak_password",
		                password_problem_message(p), "password");
		return false;
	}
	char *hash = arena_alloc(c->arena, 128);
	if (secret_password_hash(password, hash) != 0) {
		api_reply_internal(c);
		return false;
	}
	u->password_hash = hash;
	return true;
}

void users_list(struct api_ctx *c)
{
	struct user_query q = {0};
	int page;
	if (!api_paging(c, &q.offset, &q.limit, &page))
		return;
	q.within_tree = c->who.scope_tree;
	q.within_path = c->who.scope_path;
	q.role = api_query(c, "role");
	enum role filter;
	if (q.role != NULL && role_parse(q.role, &filter) != 0) {
		api_reply_error(c, 422, "invalid_field",
		                "role is not a role name", "role");
		return;
	}
	const char *text = api_query(c, "q");
	if (text != NULL && *text != '\0' &&
	    (strlen(text) > 100 ||
	     (q.q_folded = text_fold(c->arena, text)) == NULL)) {
		api_reply_error(c, 422, "invalid_field", "q must be short text",
		                "q");
		return;
	}
	struct user_row *rows;
	size_t n;
	long total;
	if (store_users_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = admin_user_json(c, &rows[i]);
		if (j == NULL) {
			json_decref(items);
			api_reply_internal(c);
			return;
		}
		json_array_append_new(items, j);
	}
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", q.limit));
}

void users_get(struct api_ctx *c)
{
	struct user_row u;
	if (!load_visible_user(c, &u))
		return;
	json_t *j = admin_user_json(c, &u);
	if (j == NULL) {
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "ETag", etag_of(c, &u));
	api_reply_json(c, 200, j);
}

void users_unlock(struct api_ctx *c)
{
	struct user_row u;
	if (!load_visible_user(c, &u))
		return;
	json_t *j;
	if (store_login_failures_clear(c->db, u.username) != STORE_OK ||
	    !api_audit(c, "user_unlock",
	               arena_printf(c->arena, "user:%lld", (long long)u.id),
	               u.scope_tree, u.scope_path, NULL) ||
	    (j = admin_user_json(c, &u)) == NULL) {
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 200, j);
}

enum {
	CF_USERNAME,
	CF_FULL_NAME,
	CF_PASSWORD,
	CF_ROLE,
	CF_SCOPE,
	CF_TREE,
	CF__MAX
};
static const struct field_spec create_fields[CF__MAX] = {
    [CF_USERNAME] = {"username", FIELD_STRING, true, 64},
    [CF_FULL_NAME] = {"full_name", FIELD_STRING, true, 200},
    [CF_PASSWORD] = {"password", FIELD_STRING, true, 1024},
    [CF_ROLE] = {"role", FIELD_STRING, true, 20},
    [CF_SCOPE] = {"scope_unit", FIELD_STRING, false, 8},
    [CF_TREE] = {"scope_tree", FIELD_STRING, false, 4},
};

void users_create(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[CF__MAX];
	if (body == NULL || !api_fields(c, body, create_fields, CF__MAX, f))
		return;
	struct user_row u = {0};
	u.username = f[CF_USERNAME].s;
	if (!username_valid(u.username)) {
		api_reply_error(c, 422, "invalid_field",
		                "username must be 2–64 of A–Z, a–z, 0–9, '.', "
		                "'_', '-', '@'",
		                "username");
		return;
	}
	u.full_name = f[CF_FULL_NAME].s;
	u.full_name_folded = text_fold(c->arena, u.full_name);
	u.role = f[CF_ROLE].s;
	u.active = 1;
	u.created_at = u.updated_at = time_now();
	/* A facility gives the scope: scope_unit may then be left out. */
	json_t *fac = json_object_get(body, "facility_id");
	bool has_facility = fac != NULL && !json_is_null(fac);
	if (((f[CF_SCOPE].present || !has_facility) &&
	     !resolve_scope(c, f[CF_SCOPE].s, f[CF_TREE].s, &u)) ||
	    !resolve_facility(c, body, &u, f[CF_SCOPE].present) ||
	    !check_role_scope(c, &u) ||
	    !set_password(c, &u,
	                  json_string_value(json_object_get(body, "password"))))
		return;
	enum store_status st = store_user_insert(c->db, &u);
	if (st == STORE_CONFLICT) {
		api_reply_error(c, 409, "username_taken",
		                "That username is already taken", "username");
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(c, "user_create",
	               arena_printf(c->arena, "user:%lld", (long long)u.id),
	               u.scope_tree, u.scope_path,
	               json_pack("{s:s, s:s, s:s?, s:o}", "username",
	                         u.username, "role", u.role, "scope_unit",
	                         u.scope_code, "facility_id",
	                         u.facility_id ? json_integer(u.facility_id)
	                                       : json_null()))) {
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "ETag", etag_of(c, &u));
	api_reply_json(c, 201, api_user_json(c, &u));
}

enum {
	UF_FULL_NAME,
	UF_ROLE,
	UF_SCOPE,
	UF_TREE,
	UF_ACTIVE,
	UF_PASSWORD,
	UF__MAX
};
static const struct field_spec update_fields[UF__MAX] = {
    [UF_FULL_NAME] = {"full_name", FIELD_STRING, false, 200},
    [UF_ROLE] = {"role", FIELD_STRING, false, 20},
    [UF_SCOPE] = {"scope_unit", FIELD_STRING, false, 8},
    [UF_TREE] = {"scope_tree", FIELD_STRING, false, 4},
    [UF_ACTIVE] = {"active", FIELD_BOOL, false, 0},
    [UF_PASSWORD] = {"password", FIELD_STRING, false, 1024},
};

void users_update(struct api_ctx *c)
{
	struct user_row u;
	if (!load_visible_user(c, &u))
		return;
	const char *if_match = api_header(c, "If-Match");
	if (if_match != NULL && strcmp(if_match, etag_of(c, &u)) != 0) {
		api_reply_error(c, 412, "stale",
		                "The user was changed since you read it", NULL);
		return;
	}
	json_t *body = api_body_object(c);
	struct field_value f[UF__MAX];
	if (body == NULL || !api_fields(c, body, update_fields, UF__MAX, f))
		return;
	json_t *changed = json_array();
	json_t *detail = json_pack("{s:o}", "changed", changed);
	bool ends_sessions = false, new_password = false;
	if (f[UF_FULL_NAME].present) {
		if (*f[UF_FULL_NAME].s == '\0') {
			json_decref(detail);
			api_reply_error(c, 422, "invalid_field",
			                "full_name must not be empty",
			                "full_name");
			return;
		}
		u.full_name = f[UF_FULL_NAME].s;
		u.full_name_folded = text_fold(c->arena, u.full_name);
		json_array_append_new(changed, json_string("full_name"));
	}
	if (f[UF_ROLE].present) {
		u.role = f[UF_ROLE].s;
		json_array_append_new(changed, json_string("role"));
	}
	/* scope_unit: a code moves the user, JSON null makes them national. */
	if (json_object_get(body, "scope_unit") != NULL) {
		if (!resolve_scope(c, f[UF_SCOPE].s, f[UF_TREE].s, &u)) {
			json_decref(detail);
			return;
		}
		json_array_append_new(changed, json_string("scope"));
	}
	int64_t old_facility = u.facility_id;
	if (!resolve_facility(c, body, &u,
	                      json_object_get(body, "scope_unit") != NULL)) {
		json_decref(detail);
		return;
	}
	if (u.facility_id != old_facility)
		json_array_append_new(changed, json_string("facility_id"));
	if (f[UF_ACTIVE].present) {
		u.active = f[UF_ACTIVE].b;
		ends_sessions |= !u.active;
		json_array_append_new(changed, json_string("active"));
	}
	if (f[UF_PASSWORD].present) {
		if (!set_password(
		        c, &u,
		        json_string_value(json_object_get(body, "password")))) {
			json_decref(detail);
			return;
		}
		new_password = true;
		json_array_append_new(changed, json_string("password"));
	}
	if (!check_role_scope(c, &u)) {
		json_decref(detail);
		return;
	}
	/* An admin must not lock themselves out by accident. */
	if (u.id == c->user.id && (!u.active || strcmp(u.role, "admin") != 0)) {
		json_decref(detail);
		api_reply_error(
		    c, 409, "self_lockout",
		    "You cannot disable yourself or drop your own admin "
		    "role; ask another admin",
		    NULL);
		return;
	}
	u.updated_at = time_now();
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_user_update(c->db, &u);
	bool own = u.id == c->user.id;
	if (st == STORE_OK && (ends_sessions || (new_password && !own)))
		st = store_sessions_delete_user(c->db, u.id);
	else if (st == STORE_OK && new_password)
		st = c->session_hash != NULL
		         ? store_sessions_delete_user_except(c->db, u.id,
		                                             c->session_hash)
		         : store_sessions_delete_user(c->db, u.id);
	if (st == STORE_OK && new_password && !own)
		st = store_tokens_revoke_user(c->db, u.id);
	if (st != STORE_OK ||
	    !api_audit(c, "user_update",
	               arena_printf(c->arena, "user:%lld", (long long)u.id),
	               u.scope_tree, u.scope_path, detail) ||
	    store_commit(c->db) != STORE_OK) {
		if (st == STORE_OK)
			detail = NULL; /* api_audit took it */
		json_decref(detail);
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "ETag", etag_of(c, &u));
	api_reply_json(c, 200, api_user_json(c, &u));
}
