/*
 * fuzz_lineage.c — unit codes and lineage paths (domain/lineage.h): the
 * unit codes of URLs and bodies (/units/:code, unit_code) and the scope
 * tests every access decision rests on.  Input: "scope\npath\ncode", the
 * last byte also a buffer size for lineage_child.
 *
 * Invariants: a non-empty scope contains itself; a child path fits its
 * buffer, lies inside its parent (never the reverse) and is one level
 * deeper; an official code always makes a child of the country; the
 * empty scope contains nothing.
 */
#include "fuzz.h"

#include "domain/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	size_t cap = size > 0 ? data[size - 1] % (LINEAGE_MAX + 8) : 0;
	char *parts[3];
	fuzz_split(s, parts, 3);
	const char *scope = parts[0], *path = parts[1], *code = parts[2];

	if (*scope != '\0')
		FUZZ_CHECK(lineage_contains(scope, scope));
	FUZZ_CHECK(!lineage_contains("", path));
	FUZZ_CHECK(lineage_contains(NULL, path));
	bool in = lineage_contains(scope, path);
	if (in && *path != '\0' && strcmp(scope, path) != 0)
		FUZZ_CHECK(lineage_depth(path) > lineage_depth(scope));

	char out[LINEAGE_MAX + 8];
	if (cap > 0 && lineage_child(out, cap, path, code) == 0) {
		FUZZ_CHECK(strlen(out) < cap);
		FUZZ_CHECK(lineage_depth(out) == lineage_depth(path) + 1);
		if (*path != '\0') {
			FUZZ_CHECK(lineage_contains(path, out));
			FUZZ_CHECK(!lineage_contains(out, path));
		}
		if (in && *scope != '\0')
			FUZZ_CHECK(lineage_contains(scope, out));
	}
	if (lineage_code_valid(code)) {
		FUZZ_CHECK(lineage_child(out, LINEAGE_MAX, NULL, code) == 0);
		FUZZ_CHECK(strcmp(out, code) == 0 && lineage_depth(out) == 1);
	}
	free(s);
	return 0;
}
