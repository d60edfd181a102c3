/*
 * fuzz_text.c — the text helpers every string of a request, a CSV cell
 * and a search box goes through (lib/fold.h over utf8proc): text_valid
 * (what api_fields and the importers refuse), text_scan (the import's
 * one-pass check and NFC fast path), text_nfc (what is stored) and
 * text_fold (the search key).
 *
 * Invariants: valid text scans without control characters and with the
 * length text_length gives; when text_scan says it is already NFC,
 * text_nfc leaves it unchanged; valid text always has an NFC form and a
 * fold, both valid; folding is idempotent (a search key folds to
 * itself, else a stored key and a typed query could differ); invalid
 * UTF-8 has neither.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "lib/arena.h"
#include "lib/fold.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct arena *a = arena_new();
	if (text_valid(s)) {
		size_t chars = 0;
		bool control = true, nfc = false;
		text_scan(s, &chars, &control, &nfc);
		FUZZ_CHECK(!control);
		FUZZ_CHECK(chars == text_length(s));
		char *n = text_nfc(a, s);
		FUZZ_CHECK(n != NULL && text_valid(n));
		if (nfc)
			FUZZ_CHECK(strcmp(n, s) == 0);
		char *f = text_fold(a, s);
		FUZZ_CHECK(f != NULL && text_valid(f));
		char *ff = text_fold(a, f);
		FUZZ_CHECK(ff != NULL && strcmp(f, ff) == 0);
		/* the stored (NFC) form searches like what was typed */
		char *fn = text_fold(a, n);
		FUZZ_CHECK(fn != NULL && strcmp(fn, f) == 0);
	}
	arena_free(a);
	free(s);
	return 0;
}
