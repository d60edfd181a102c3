/*
 * route.h — matches a request path against a route pattern.
 *
 * Patterns are literal segments and ":name" segments, e.g.
 * "/api/v1/units/:code".  A ":name" segment matches one non-empty
 * segment; values point into the caller's path (not copied, not
 * NUL-terminated: use ptr and len).  The route table itself lives in
 * src/api/routes.c; this file only knows how to compare.
 */
#ifndef TROGIUP_LIB_ROUTE_H
#define TROGIUP_LIB_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#define ROUTE_MAX_PARAMS 4

struct route_param {
	const char *name; /* points into the pattern, up to '/' or NUL */
	size_t name_len;
	const char *value; /* points into the path */
	size_t value_len;
};

struct route_params {
	size_t n;
	struct route_param p[ROUTE_MAX_PARAMS];
};

/* True when path (no query string) matches pattern; fills out.  A trailing
 * '/' on path is not ignored: "/a/" does not match "/a". */
bool route_match(const char *pattern, const char *path,
                 struct route_params *out);

#endif
