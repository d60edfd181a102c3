/*
 * route.c — compares a request path with one route pattern; see route.h.
 *
 * Pattern and path are walked together byte by byte.  A ':' that starts a
 * pattern segment swallows one whole, non-empty path segment and records
 * it as a parameter; everything else must match exactly, slashes
 * included, so a trailing '/' makes a different path.
 */
#include "lib/route.h"

#include <assert.h>
#include <string.h>

static bool segment_start(const char *pattern, const char *p)
{
	return p == pattern || p[-1] == '/';
}

bool route_match(const char *pattern, const char *path,
                 struct route_params *out)
{
	assert(pattern != NULL && path != NULL);
	struct route_params found = {0};
	const char *pat = pattern;
	while (*pat != '\0' && *path != '\0') {
		if (*pat == ':' && segment_start(pattern, pat)) {
			size_t value_len = strcspn(path, "/");
			if (value_len == 0 || found.n == ROUTE_MAX_PARAMS)
				return false;
			struct route_param *param = &found.p[found.n++];
			param->name = pat + 1;
			param->name_len = strcspn(pat + 1, "/");
			param->value = path;
			param->value_len = value_len;
			pat += 1 + param->name_len;
			path += value_len;
		} else if (*pat == *path) {
			pat++;
			path++;
		} else {
			return false;
		}
	}
	if (*pat != '\0' || *path != '\0')
		return false;
	if (out != NULL)
		*out = found;
	return true;
}
