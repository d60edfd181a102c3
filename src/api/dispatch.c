/*
 * dispatch.c — from a request to its handler: route, authenticate, CSRF,
 * role, then the handler (STYLE.md §3).
 *
 * Credentials are either a Bearer token (scripts, other systems) or the
 * session cookie (the browser).  Cookie requests that change state must
 * carry X-CSRF-Token equal to the session's token; Bearer requests cannot
 * be forged by a browser and need none.  The caller's user row is read on
 * every request, so a disabled user or a changed role takes effect at
 * once.  A session whose second step is pending (domain/second_factor.h)
 * reaches only the routes marked API_SECOND_STEP; every other route that
 * needs a session answers it 401 second_factor_required.
 */
#include "api/api.h"

#include <string.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/timeutil.h"

void api_principal_of(const struct user_row *u, struct principal *p)
{
	memset(p, 0, sizeof *p);
	p->user_id = u->id;
	if (role_parse(u->role, &p->role) != 0)
		p->role =
		    ROLE_VIEWER; /* unreachable: roles are checked on write */
	p->scope_tree = u->scope_code ? u->scope_tree : NULL;
	p->scope_path = u->scope_code ? u->scope_path : NULL;
	p->facility_id = p->role == ROLE_FACILITY ? u->facility_id : 0;
}

static bool load_user(struct api_ctx *c, int64_t id)
{
	if (store_user_get(c->db, c->arena, id, &c->user) != STORE_OK)
		return false;
	if (!c->user.active)
		return false;
	api_principal_of(&c->user, &c->who);
	return true;
}

static bool auth_bearer(struct api_ctx *c, const char *token)
{
	char hash[SECRET_HASH_HEX + 1];
	struct token_row t;
	secret_hash_token(token, hash);
	if (store_token_by_hash(c->db, c->arena, hash, &t) != STORE_OK ||
	    t.revoked)
		return false;
	if (!load_user(c, t.user_id))
		return false;
	int64_t now = time_now();
	/* Record use at most once a minute: a busy script should not turn
	 * every read into a write. */
	if (now - t.last_used_at >= 60)
		(void)store_token_touch(c->db, t.id, now);
	return true;
}

static bool auth_cookie(struct api_ctx *c, const char *cookie)
{
	char hash[SECRET_HASH_HEX + 1];
	struct session_row s;
	secret_hash_token(cookie, hash);
	if (store_session_user(c->db, c->arena, hash, &s, &c->user) != STORE_OK)
		return false;
	int64_t now = time_now();
	if (!session_live(&c->cfg->session, s.created_at, s.last_seen_at,
	                  now)) {
		(void)store_session_delete(c->db, hash);
		return false;
	}
	if (!c->user.active)
		return false;
	api_principal_of(&c->user, &c->who);
	int64_t step = c->cfg->session.idle_seconds / 4;
	if (step > 60)
		step = 60;
	if (now - s.last_seen_at >= step)
		(void)store_session_touch(c->db, hash, now);
	c->via_cookie = true;
	c->session_hash = arena_strdup(c->arena, hash);
	c->csrf = s.csrf;
	c->second_factor_pending = s.second_factor_pending != 0;
	return true;
}

/* Sets c->authenticated from the request's credentials.  Returns false
 * when credentials were offered but are not valid. */
static bool authenticate(struct api_ctx *c)
{
	const char *authz = api_header(c, "Authorization");
	if (authz != NULL) {
		if (strncmp(authz, "Bearer ", 7) != 0 ||
		    strlen(authz + 7) > 128)
			return false;
		c->authenticated = auth_bearer(c, authz + 7);
		return c->authenticated;
	}
	const char *cookie = api_cookie(c, "trogiup_session");
	if (cookie == NULL)
		return true;
	if (strlen(cookie) > 128)
		return false;
	c->authenticated = auth_cookie(c, cookie);
	return c->authenticated;
}

static bool changes_state(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

static int find_route(struct api_ctx *c, bool *path_matched)
{
	*path_matched = false;
	for (int i = 0; i < api_routes_count; i++) {
		struct route_params params;
		if (!route_match(api_routes[i].pattern, c->path, &params))
			continue;
		*path_matched = true;
		if (strcmp(api_routes[i].method, c->method) == 0 ||
		    (strcmp(c->method, "HEAD") == 0 &&
		     strcmp(api_routes[i].method, "GET") == 0)) {
			c->params = params;
			return i;
		}
	}
	return -1;
}

void api_dispatch(struct api_ctx *c)
{
	bool path_matched;
	c->route = find_route(c, &path_matched);
	if (c->route < 0) {
		if (path_matched)
			api_reply_error(c, 405, "method_not_allowed",
			                "This method is not allowed here",
			                NULL);
		else
			api_reply_error(c, 404, "not_found", "No such resource",
			                NULL);
		return;
	}
	const struct api_route *r = &api_routes[c->route];

	c->db = store_pool_acquire(c->pool);
	bool credentials_ok = r->auth == API_PUBLIC || authenticate(c);
	bool needs_session =
	    r->auth == API_SESSION || r->auth == API_SECOND_STEP;
	if (needs_session && (!credentials_ok || !c->authenticated)) {
		api_reply_error(c, 401, "unauthenticated",
		                "Log in or send a valid token", NULL);
		goto out;
	}
	if (r->auth == API_SESSION && c->second_factor_pending) {
		api_reply_error(
		    c, 401, "second_factor_required",
		    "Enter the code of your authenticator app first", NULL);
		goto out;
	}
	const char *csrf = api_header(c, "X-CSRF-Token");
	if (c->authenticated && c->via_cookie && changes_state(c->method) &&
	    !secret_equal(c->csrf, csrf ? csrf : "")) {
		api_reply_error(c, 403, "csrf",
		                "Missing or wrong X-CSRF-Token header", NULL);
		goto out;
	}
	if (needs_session && !access_may(c->who.role, r->action)) {
		api_reply_error(c, 403, "forbidden",
		                "Your role may not do this", NULL);
		goto out;
	}
	r->handler(c);
out:
	store_pool_release(c->pool, c->db);
	c->db = NULL;
}
