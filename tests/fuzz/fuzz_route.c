/*
 * fuzz_route.c — request paths against the route table (lib/route.h
 * route_match), the first thing done with every URL.  The patterns are
 * those of src/api/routes.c (a copy: the table itself lives in the api
 * layer, above what the fuzz build links).
 *
 * Invariants: a match's parameters are non-empty, slash-free slices of the
 * path, in order, named as in the pattern; putting a matched path's values back
 * into its pattern gives the path again.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "lib/route.h"

static const char *const patterns[] = {
    "/api/v1/aggregate-values",
    "/api/v1/aggregate-values/:id/history",
    "/api/v1/approvals/:id/approve",
    "/api/v1/approvals/:id/reject",
    "/api/v1/audit",
    "/api/v1/auth/login",
    "/api/v1/auth/logout",
    "/api/v1/budget/check",
    "/api/v1/carers",
    "/api/v1/carers/:id",
    "/api/v1/cases",
    "/api/v1/cases/:id",
    "/api/v1/cases/:id/approvals",
    "/api/v1/cases/:id/consents",
    "/api/v1/cases/:id/events",
    "/api/v1/cases/:id/events/:event/corrections",
    "/api/v1/cases/:id/history",
    "/api/v1/cases/:id/referrals",
    "/api/v1/cases/:id/transfers",
    "/api/v1/cases/:id/transitions",
    "/api/v1/codes",
    "/api/v1/communications",
    "/api/v1/communications/:id",
    "/api/v1/communications/coverage",
    "/api/v1/dashboard",
    "/api/v1/facilities",
    "/api/v1/facilities/:id",
    "/api/v1/facilities/:id/history",
    "/api/v1/facilities/:id/residents",
    "/api/v1/hotline-calls",
    "/api/v1/hotline-calls/:id",
    "/api/v1/hotline-calls/:id/case",
    "/api/v1/imports",
    "/api/v1/imports/:id",
    "/api/v1/imports/:id/cancel",
    "/api/v1/inbox",
    "/api/v1/indicator-problems",
    "/api/v1/indicator-values",
    "/api/v1/indicator-values/cases",
    "/api/v1/indicator-values/children",
    "/api/v1/indicators",
    "/api/v1/me",
    "/api/v1/openapi.json",
    "/api/v1/participants/:id",
    "/api/v1/persons/duplicates",
    "/api/v1/placements",
    "/api/v1/placements/:id",
    "/api/v1/placements/:id/end",
    "/api/v1/placements/:id/reviews",
    "/api/v1/plans",
    "/api/v1/plans/:id",
    "/api/v1/plans/:id/budget",
    "/api/v1/plans/:id/budget/execution",
    "/api/v1/plans/:id/budget/execution/history",
    "/api/v1/plans/:id/budget/export",
    "/api/v1/plans/:id/budget/summary",
    "/api/v1/plans/:id/copy",
    "/api/v1/plans/:id/report-settings",
    "/api/v1/plans/:id/targets",
    "/api/v1/programmes",
    "/api/v1/referrals",
    "/api/v1/referrals/:id/accept",
    "/api/v1/referrals/:id/complete",
    "/api/v1/referrals/:id/decline",
    "/api/v1/reports",
    "/api/v1/reports/:id",
    "/api/v1/reports/:id/approve",
    "/api/v1/reports/:id/consolidate",
    "/api/v1/reports/:id/export",
    "/api/v1/reports/:id/refresh",
    "/api/v1/reports/:id/reopen",
    "/api/v1/reports/:id/return",
    "/api/v1/reports/:id/submit",
    "/api/v1/reports/completeness",
    "/api/v1/residents/:id/discharge",
    "/api/v1/targets/:id",
    "/api/v1/tokens",
    "/api/v1/tokens/:id",
    "/api/v1/trainings",
    "/api/v1/trainings/:id",
    "/api/v1/trainings/:id/participants",
    "/api/v1/transfers",
    "/api/v1/transfers/:id/accept",
    "/api/v1/transfers/:id/decline",
    "/api/v1/units",
    "/api/v1/units/:code",
    "/api/v1/users",
    "/api/v1/users/:id",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_cstr(data, size);
	size_t len = strlen(path);
	for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
		struct route_params rp;
		memset(&rp, 0x33, sizeof rp);
		if (!route_match(patterns[i], path, &rp))
			continue;
		FUZZ_CHECK(rp.n <= ROUTE_MAX_PARAMS);
		char *rebuilt = fuzz_cstr((const uint8_t *)"", 0);
		rebuilt = realloc(rebuilt, len + 1);
		FUZZ_CHECK(rebuilt != NULL);
		size_t at = 0;
		const char *pat = patterns[i];
		size_t k = 0;
		while (*pat != '\0') {
			if (*pat == ':' && pat[-1] == '/') {
				FUZZ_CHECK(k < rp.n);
				const struct route_param *p = &rp.p[k++];
				FUZZ_CHECK(p->value >= path &&
				           p->value + p->value_len <=
				               path + len);
				FUZZ_CHECK(p->value_len > 0 &&
				           memchr(p->value, '/',
				                  p->value_len) == NULL);
				FUZZ_CHECK(p->name == pat + 1);
				FUZZ_CHECK(at + p->value_len <= len);
				memcpy(rebuilt + at, p->value, p->value_len);
				at += p->value_len;
				pat += 1 + p->name_len;
			} else {
				FUZZ_CHECK(at + 1 <= len);
				rebuilt[at++] = *pat++;
			}
		}
		FUZZ_CHECK(k == rp.n);
		rebuilt[at] = '\0';
		FUZZ_CHECK(strcmp(rebuilt, path) == 0);
		free(rebuilt);
	}
	free(path);
	return 0;
}
