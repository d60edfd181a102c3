/*
 * routes.c — every endpoint of the API, one line each.
 *
 * The dispatcher walks this table in order; the first pattern and method
 * that match win.  `action` is what the caller's role must be allowed
 * (domain/access.h); scope is checked by the handler on each record.
 * Every line here has its entry in openapi.json.
 */
#include "api/api.h"
#include "api/handlers.h"

const struct api_route api_routes[] = {
    {"GET", "/healthz", health_get, API_PUBLIC, ACT_UNITS_READ},
    {"GET", "/api/v1/openapi.json", openapi_get, API_PUBLIC, ACT_UNITS_READ},

    {"POST", "/api/v1/auth/login", auth_login, API_PUBLIC, ACT_UNITS_READ},
    {"POST", "/api/v1/auth/logout", auth_logout, API_OPTIONAL, ACT_UNITS_READ},
    {"GET", "/api/v1/me", auth_me, API_SESSION, ACT_UNITS_READ},
    {"GET", "/api/v1/tokens", tokens_list, API_SESSION, ACT_TOKENS_CREATE},
    {"POST", "/api/v1/tokens", tokens_create, API_SESSION, ACT_TOKENS_CREATE},
    {"DELETE", "/api/v1/tokens/:id", tokens_revoke, API_SESSION,
     ACT_TOKENS_CREATE},

    {"GET", "/api/v1/units", units_list, API_SESSION, ACT_UNITS_READ},
    {"GET", "/api/v1/units/:code", units_get, API_SESSION, ACT_UNITS_READ},

    {"GET", "/api/v1/users", users_list, API_SESSION, ACT_USERS_MANAGE},
    {"POST", "/api/v1/users", users_create, API_SESSION, ACT_USERS_MANAGE},
    {"GET", "/api/v1/users/:id", users_get, API_SESSION, ACT_USERS_MANAGE},
    {"PATCH", "/api/v1/users/:id", users_update, API_SESSION, ACT_USERS_MANAGE},

    {"GET", "/api/v1/audit", audit_list, API_SESSION, ACT_AUDIT_READ},
};

const int api_routes_count = sizeof api_routes / sizeof api_routes[0];
