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

    {"GET", "/api/v1/codes", codes_get, API_SESSION, ACT_UNITS_READ},
    {"GET", "/api/v1/persons/duplicates", persons_duplicates, API_SESSION,
     ACT_CASES_WORK},

    {"GET", "/api/v1/cases", cases_list, API_SESSION, ACT_CASES_WORK},
    {"POST", "/api/v1/cases", cases_create, API_SESSION, ACT_CASES_WORK},
    {"GET", "/api/v1/cases/:id", cases_get, API_SESSION, ACT_CASES_WORK},
    {"PATCH", "/api/v1/cases/:id", cases_update, API_SESSION, ACT_CASES_WORK},
    {"POST", "/api/v1/cases/:id/transitions", cases_transition, API_SESSION,
     ACT_CASES_WORK},
    {"GET", "/api/v1/cases/:id/history", cases_history, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/cases/:id/events", case_events_add, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/cases/:id/events/:event/corrections", case_events_correct,
     API_SESSION, ACT_CASES_WORK},
    {"POST", "/api/v1/cases/:id/consents", case_consents_add, API_SESSION,
     ACT_CASES_WORK},
    {"GET", "/api/v1/cases/:id/approvals", approvals_list, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/cases/:id/approvals", approvals_request, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/approvals/:id/approve", approvals_approve, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/approvals/:id/reject", approvals_reject, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/cases/:id/referrals", referrals_create, API_SESSION,
     ACT_CASES_WORK},
    {"GET", "/api/v1/referrals", referrals_list, API_SESSION, ACT_CASES_WORK},
    {"POST", "/api/v1/referrals/:id/accept", referrals_accept, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/referrals/:id/decline", referrals_decline, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/referrals/:id/complete", referrals_complete, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/cases/:id/transfers", transfers_create, API_SESSION,
     ACT_CASES_WORK},
    {"GET", "/api/v1/transfers", transfers_list, API_SESSION, ACT_CASES_WORK},
    {"POST", "/api/v1/transfers/:id/accept", transfers_accept, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/transfers/:id/decline", transfers_decline, API_SESSION,
     ACT_CASES_WORK},
    {"GET", "/api/v1/hotline-calls", hotline_list, API_SESSION, ACT_CASES_WORK},
    {"POST", "/api/v1/hotline-calls", hotline_create, API_SESSION,
     ACT_CASES_WORK},
    {"GET", "/api/v1/hotline-calls/:id", hotline_get, API_SESSION,
     ACT_CASES_WORK},
    {"POST", "/api/v1/hotline-calls/:id/case", hotline_open_case, API_SESSION,
     ACT_CASES_WORK},
    {"GET", "/api/v1/inbox", inbox_get, API_SESSION, ACT_CASES_WORK},
};

const int api_routes_count = sizeof api_routes / sizeof api_routes[0];
