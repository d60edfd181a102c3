/*
 * fuzz_budget_amount.c — the Vietnamese amount notation of budget tables
 * (domain/budget.h budget_amount_parse / budget_amount_format), the text
 * of every cell of an uploaded budget CSV.
 *
 * Invariants: a refusal leaves the output untouched and the verdict says
 * why; an accepted amount is within 0..BUDGET_AMOUNT_MAX and, formatted
 * back, parses to the same number of đồng; and the first 8 bytes taken as
 * an amount round-trip through format and parse.
 */
#include "fuzz.h"

#include "domain/budget.h"
#include "domain/budget_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char text[BUDGET_AMOUNT_TEXT];

	int64_t vnd = -7;
	int rc = budget_amount_parse(s, &vnd);
	int64_t v2 = -7;
	enum budget_amount_verdict verdict = budget_amount_verdict(s, &v2);
	FUZZ_CHECK((rc == 0) == (verdict == BUDGET_AMOUNT_OK));
	if (rc == 0) {
		FUZZ_CHECK(vnd >= 0 && vnd <= BUDGET_AMOUNT_MAX);
		FUZZ_CHECK(v2 == vnd);
		budget_amount_format(vnd, text, sizeof text);
		int64_t back = -1;
		FUZZ_CHECK(budget_amount_parse(text, &back) == 0);
		FUZZ_CHECK(back == vnd);
	} else {
		FUZZ_CHECK(rc == -1 && vnd == -7);
	}

	if (size >= 8) {
		uint64_t raw;
		memcpy(&raw, data, sizeof raw);
		int64_t want =
		    (int64_t)(raw % (uint64_t)(BUDGET_AMOUNT_MAX + 1));
		budget_amount_format(want, text, sizeof text);
		int64_t back = -1;
		FUZZ_CHECK(budget_amount_parse(text, &back) == 0);
		FUZZ_CHECK(back == want);
	}
	free(s);
	return 0;
}
