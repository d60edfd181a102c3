/*
 * budget_int.h — helpers shared by the files of the budget module
 * (budget_amount.c: amounts and these helpers; budget_parse.c: the CSV;
 * budget.c: linking, computed amounts and summaries; budget_check.c: the
 * checks).  Not for callers
 * outside src/domain/budget*.c: budget.h is the module's interface.
 */
#ifndef TROGIUP_DOMAIN_BUDGET_INT_H
#define TROGIUP_DOMAIN_BUDGET_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/budget.h"

/* Why a text is not an amount: the messages say which. */
enum budget_amount_verdict {
	BUDGET_AMOUNT_OK,
	BUDGET_AMOUNT_NOT_NUMBER, /* letters, bad grouping, "1e3" … */
	BUDGET_AMOUNT_NEGATIVE,   /* "-5", "(5)" */
	BUDGET_AMOUNT_DECIMALS,   /* a 7th decimal: below one đồng */
	BUDGET_AMOUNT_TOO_LARGE,  /* over BUDGET_AMOUNT_MAX */
};

/* budget_amount_parse with the reason of a refusal. */
enum budget_amount_verdict budget_amount_verdict(const char *s, int64_t *vnd);

/* Narrows [*s, *s + *n) to its text without surrounding blanks (space,
 * tab, CR, LF, U+00A0, U+202F). */
void budget_trim(const char **s, size_t *n);

/* Integer part at s[0..n): digits, or 1–3 digits (not starting with 0
 * when more follow) then ".ddd" groups.  *used bytes read (0: no digit);
 * false on a bad grouping.  *value is exact unless *too_large (over
 * limit). */
bool budget_scan_integer(const char *s, size_t n, int64_t limit, size_t *used,
                         int64_t *value, bool *too_large);

/* a + b, or INT64_MAX / INT64_MIN when that overflows: a sum of the
 * largest table (20 000 lines × 90 columns at the maximum) can pass
 * int64 across columns, and a saturated sum is still flagged by the
 * comparison it enters instead of wrapping to nonsense. */
int64_t budget_add(int64_t a, int64_t b);

/* unit_cost × quantity into *vnd: 0, or -1 when the product is over
 * BUDGET_AMOUNT_MAX (or overflows) — see budget_check.c. */
int budget_norm_product(int64_t unit_cost, int64_t quantity, int64_t *vnd);

/* s for a message: at most max bytes, cut on a UTF-8 character boundary
 * and ended with "…" when cut; buf holds at least max + 4 bytes. */
const char *budget_clip(const char *s, size_t max, char *buf);

#endif
