/*
 * api.h — what every resource handler sees: one request in, one answer out.
 *
 * The HTTP layer (src/http/) fills a struct api_ctx from libmicrohttpd and
 * calls api_dispatch(); the dispatcher matches the route table
 * (routes.c), authenticates, checks CSRF and the role, then calls the
 * resource's handler (units.c, users.c …).  Handlers never see
 * libmicrohttpd: they read inputs through the accessors below and answer
 * with api_reply_*(), which fill the `out` part.  Everything lives in the
 * request's arena.
 *
 * Every handler follows the same order (STYLE.md §3): the dispatcher has
 * already authenticated and checked the role; the handler checks scope,
 * validates every field, acts, answers.  Outside scope is 404.
 */
#ifndef TROGIUP_API_API_H
#define TROGIUP_API_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"
#include "domain/account.h"
#include "lib/route.h"
#include "store/store.h"

struct arena;
struct ip_limiter;

/* Settings the handlers need; owned by the server, read-only. */
struct api_config {
	struct session_policy session;
	bool secure_cookies;      /* add Secure (behind a TLS proxy) */
	const char *default_tree; /* "2024" or "2025" */
	/* key sealing restricted narratives (lib/secret.h); NULL only in
	 * tests that never touch cases */
	const unsigned char *seal_key;
	/* per-address limits (api/ip_limits.h); NULL: no limit */
	struct ip_limiter *login_limiter;  /* failed logins */
	struct ip_limiter *search_limiter; /* case and person searches */
};

#define API_MAX_HEADERS 8

struct api_header {
	const char *name, *value;
};

struct api_ctx {
	/* ---- in (set by the HTTP layer) ---- */
	struct arena *arena;
	const struct api_config *cfg;
	struct store_pool *pool;
	const char *method; /* "GET" … */
	const char *path;   /* without the query string */
	const char *body;   /* NUL-terminated, may be NULL */
	size_t body_len;
	const char *ip;
	const char *request_id;
	/* Looks up a query argument or a request header (case-insensitive);
	 * NULL when absent. */
	const char *(*query)(void *conn, const char *name);
	const char *(*header)(void *conn, const char *name);
	const char *(*cookie)(void *conn, const char *name);
	void *conn;

	/* ---- set by the dispatcher ---- */
	int route; /* index into api_routes, -1 none */
	struct route_params params;
	struct store *db; /* acquired for the request */
	bool authenticated;
	bool via_cookie;            /* session cookie, not a Bearer token */
	struct user_row user;       /* the caller, when authenticated */
	struct principal who;       /* role and scope of the caller */
	const char *session_hash;   /* cookie sessions only */
	const char *csrf;           /* cookie sessions only */
	bool second_factor_pending; /* cookie session awaiting its code */

	/* ---- out (set by api_reply_*) ---- */
	int status;
	const char *content_type;
	const char *out;
	size_t out_len;
	struct api_header headers[API_MAX_HEADERS];
	int n_headers;
};

typedef void (*api_handler)(struct api_ctx *c);

enum api_auth {
	API_PUBLIC,   /* no session needed, none looked at for CSRF */
	API_OPTIONAL, /* used when valid (CSRF then applies), else ignored */
	API_SESSION,  /* a session or token; `action` then says what role may */
	/* as API_SESSION, and also reached by a session whose second step
	 * is pending (every other route answers it 401
	 * second_factor_required): the second step itself, enrolment, /me */
	API_SECOND_STEP
};

struct api_route {
	const char *method;
	const char *pattern; /* see lib/route.h */
	api_handler handler;
	enum api_auth auth;
	enum action action; /* checked with access_may when auth is API_SESSION
	                       or API_SECOND_STEP */
};

extern const struct api_route api_routes[];
extern const int api_routes_count;

/* Handles one request completely (always sets status and out). */
void api_dispatch(struct api_ctx *c);

/* ---- inputs ---- */
const char *api_query(struct api_ctx *c, const char *name);
const char *api_header(struct api_ctx *c, const char *name);
const char *api_cookie(struct api_ctx *c, const char *name);
/* The value of route parameter `name` as an arena string; NULL when the
 * route has none. */
const char *api_param(struct api_ctx *c, const char *name);

/* The body as a JSON object, freed with the arena.  On failure answers
 * 400 bad_json (or 415) and returns NULL: the handler just returns. */
json_t *api_body_object(struct api_ctx *c);

/* Declared field validation (kcgi style): fills `out` from `obj`
 * according to the table, or answers 422 naming the first bad field and
 * returns false. */
enum field_kind { FIELD_STRING, FIELD_BOOL, FIELD_INT };
struct field_spec {
	const char *name;
	enum field_kind kind;
	bool required;
	size_t max_len; /* strings: bytes; 0 means 200 */
};
struct field_value {
	bool present;
	const char *s; /* FIELD_STRING: NFC text, trimmed */
	bool b;
	int64_t i;
};
bool api_fields(struct api_ctx *c, json_t *obj, const struct field_spec *spec,
                size_t n, struct field_value *out);

/* page and page_size query arguments (defaults 1 and 50, max 200); answers
 * 422 and returns false when malformed. */
bool api_paging(struct api_ctx *c, int *offset, int *limit, int *page);

/* The `tree` query argument or the default tree; answers 422 and returns
 * NULL when it is neither 2024 nor 2025. */
const char *api_tree(struct api_ctx *c);

/* ---- outputs ---- */
/* Serialises j (steals the reference) with the given status. */
void api_reply_json(struct api_ctx *c, int status, json_t *j);
/* {"error":{"code","message","field"}}; field may be NULL. */
void api_reply_error(struct api_ctx *c, int status, const char *code,
                     const char *message, const char *field);
void api_reply_empty(struct api_ctx *c, int status);
void api_reply_text(struct api_ctx *c, int status, const char *content_type,
                    const char *text, size_t len);
void api_add_header(struct api_ctx *c, const char *name, const char *value);
/* An instant as "YYYY-MM-DDTHH:MM:SSZ", or null for 0 ("none"). */
json_t *api_instant_json(int64_t t);
/* Answers 500 internal (the detail is already logged by the store). */
void api_reply_internal(struct api_ctx *c);

/* ---- shared helpers ---- */
/* Adds an audit entry in the caller's name; failures are logged and turn
 * the answer into 500 (an action we cannot audit must not look done). */
bool api_audit(struct api_ctx *c, const char *action, const char *target,
               const char *unit_tree, const char *unit_path, json_t *detail);

/* Same, naming the actor explicitly (a failed login: the name tried). */
bool api_audit_as(struct api_ctx *c, const char *actor_name, const char *action,
                  const char *target, const char *unit_tree,
                  const char *unit_path, json_t *detail);

/* The user's public JSON (never the password hash). */
json_t *api_user_json(struct api_ctx *c, const struct user_row *u);

/* Fills a principal from a user row. */
void api_principal_of(const struct user_row *u, struct principal *p);

#endif
