/*
 * lineage.c — unit lineage paths ("62/608/23425"); see lineage.h.
 *
 * Containment is a prefix test on whole segments: "62" contains "62" and
 * "62/608" but not "620/…".  An empty scope string is not a unit at all
 * and contains nothing, so a scope read wrongly as "" never widens to the
 * whole country (only NULL means that).
 */
#include "domain/lineage.h"

#include <assert.h>
#include <string.h>

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool lineage_contains(const char *scope, const char *path)
{
	if (scope == NULL)
		return true;
	if (path == NULL || *scope == '\0')
		return false;
	size_t n = strlen(scope);
	return strncmp(scope, path, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

int lineage_child(char *out, size_t cap, const char *parent_path,
                  const char *code)
{
	assert(out != NULL && code != NULL);
	size_t code_len = strlen(code);
	if (code_len < 1 || code_len > 8 || !all_digits(code, code_len))
		return -1;
	size_t parent_len = parent_path != NULL ? strlen(parent_path) : 0;
	size_t sep_len = parent_len > 0 ? 1 : 0;
	if (parent_len + sep_len + code_len >= cap)
		return -1;
	if (parent_len > 0) {
		memcpy(out, parent_path, parent_len);
		out[parent_len] = '/';
	}
	memcpy(out + parent_len + sep_len, code, code_len + 1);
	return 0;
}

int lineage_depth(const char *path)
{
	if (path == NULL || *path == '\0')
		return 0;
	int depth = 1;
	for (const char *p = path; *p != '\0'; p++)
		if (*p == '/')
			depth++;
	return depth;
}

bool lineage_code_valid(const char *code)
{
	if (code == NULL)
		return false;
	size_t len = strlen(code);
	return (len == 2 || len == 3 || len == 5) && all_digits(code, len);
}
