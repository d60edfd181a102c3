/*
 * budget_amount.c — amounts of budget tables (budget.h, docs/budget.md
 * §Amounts): the Vietnamese notation in million VND read to whole VND
 * (with the reason of a refusal, for the messages) and written back,
 * source names, and the small helpers the other budget files share
 * (budget_int.h).
 *
 * Decision beyond the document: a grouped amount's first group does not
 * start with 0 ("0.500", "012.345" are unparseable): "0.500" is most
 * likely an English 0,5, and reading it as 500 million would be a silent
 * thousandfold error.  "-0" and "(0)" are zero, not negative.
 */
#include "domain/budget.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/budget_int.h"
#include "lib/arena.h"

#define VND_PER_MILLION 1000000

static const char *const source_names[BUDGET_SOURCES] = {
    [BUDGET_CENTRAL] = "central",
    [BUDGET_LOCAL] = "local",
    [BUDGET_MOBILISED] = "mobilised",
};

const char *budget_source_name(enum budget_source s)
{
	if ((int)s < 0 || s >= BUDGET_SOURCES)
		return NULL;
	return source_names[s];
}

int budget_source_parse(const char *name, enum budget_source *out)
{
	if (name == NULL)
		return -1;
	for (int s = 0; s < BUDGET_SOURCES; s++)
		if (strcmp(name, source_names[s]) == 0) {
			if (out != NULL)
				*out = (enum budget_source)s;
			return 0;
		}
	return -1;
}

/* ---- helpers ------------------------------------------------------------ */

int64_t budget_add(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

int budget_norm_product(int64_t unit_cost, int64_t quantity, int64_t *vnd)
{
	int64_t r;
	if (__builtin_mul_overflow(unit_cost, quantity, &r) ||
	    r > BUDGET_AMOUNT_MAX || r < 0)
		return -1;
	*vnd = r;
	return 0;
}

const char *budget_clip(const char *s, size_t max, char *buf)
{
	size_t n = strlen(s);
	if (n <= max)
		return s;
	n = max;
	/* back to the first byte of a character */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "…", sizeof "…");
	return buf;
}

/* Length of the blank (space, tab, CR, LF, U+00A0, U+202F) at s. */
static size_t blank_at(const char *s, size_t n)
{
	if (n >= 1 &&
	    (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
		return 1;
	if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(s, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

/* Length of the blank ending s[0..n). */
static size_t blank_before(const char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	               s[n - 1] == '\r' || s[n - 1] == '\n'))
		return 1;
	if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(s + n - 3, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

void budget_trim(const char **s, size_t *n)
{
	size_t k;
	while ((k = blank_at(*s, *n)) > 0) {
		*s += k;
		*n -= k;
	}
	while ((k = blank_before(*s, *n)) > 0)
		*n -= k;
}

/* ---- amounts ------------------------------------------------------------ */

bool budget_scan_integer(const char *s, size_t n, int64_t limit, size_t *used,
                         int64_t *value, bool *too_large)
{
	size_t i = 0, first;
	int64_t v = 0;

	*too_large = false;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	first = i;
	if (first > 0 && i < n && s[i] == '.') {
		if (first > 3 || (s[0] == '0'))
			return false;
		while (i < n && s[i] == '.') {
			if (n - i < 4)
				return false;
			for (size_t k = 1; k <= 3; k++)
				if (s[i + k] < '0' || s[i + k] > '9')
					return false;
			i += 4;
		}
		if (i < n && s[i] >= '0' && s[i] <= '9')
			return false; /* a fourth digit in a group */
	}
	for (size_t k = 0; k < i; k++) {
		if (s[k] == '.')
			continue;
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, s[k] - '0', &v) || v > limit) {
			*too_large = true;
			v = 0;
			break;
		}
	}
	*used = i;
	*value = v;
	return true;
}

/* The amount in s[0..n), already trimmed, without a sign. */
static enum budget_amount_verdict unsigned_amount(const char *s, size_t n,
                                                  int64_t *vnd)
{
	size_t used;
	int64_t million, frac = 0, total;
	bool too_large;

	if (!budget_scan_integer(s, n, BUDGET_AMOUNT_MAX / VND_PER_MILLION,
	                         &used, &million, &too_large) ||
	    used == 0)
		return BUDGET_AMOUNT_NOT_NUMBER;
	if (used < n && s[used] == ',') {
		size_t d = used + 1, decimals = 0;
		while (d < n && s[d] >= '0' && s[d] <= '9') {
			if (decimals < 6)
				frac = frac * 10 + (s[d] - '0');
			decimals++;
			d++;
		}
		if (decimals == 0 || d < n)
			return BUDGET_AMOUNT_NOT_NUMBER;
		if (decimals > 6)
			return BUDGET_AMOUNT_DECIMALS;
		for (; decimals < 6; decimals++)
			frac *= 10;
		used = d;
	}
	if (used < n)
		return BUDGET_AMOUNT_NOT_NUMBER;
	if (too_large ||
	    __builtin_mul_overflow(million, VND_PER_MILLION, &total) ||
	    __builtin_add_overflow(total, frac, &total) ||
	    total > BUDGET_AMOUNT_MAX)
		return BUDGET_AMOUNT_TOO_LARGE;
	*vnd = total;
	return BUDGET_AMOUNT_OK;
}

enum budget_amount_verdict budget_amount_verdict(const char *s, int64_t *vnd)
{
	static const char *const minus[] = {"-", "\xE2\x80\x93" /* – */,
	                                    "\xE2\x80\x94" /* — */,
	                                    "\xE2\x88\x92" /* − */};
	size_t n;
	int64_t v = 0;
	enum budget_amount_verdict r;

	if (s == NULL)
		s = "";
	n = strlen(s);
	budget_trim(&s, &n);
	if (n > 0 && s[0] == '\'') {
		s++;
		n--;
		budget_trim(&s, &n);
	}
	if (n == 0) {
		*vnd = 0;
		return BUDGET_AMOUNT_OK;
	}
	for (size_t i = 0; i < sizeof minus / sizeof minus[0]; i++) {
		size_t k = strlen(minus[i]);
		if (n < k || memcmp(s, minus[i], k) != 0)
			continue;
		if (n == k && i < 3) { /* "-", "–", "—": nothing, zero */
			*vnd = 0;
			return BUDGET_AMOUNT_OK;
		}
		const char *rest = s + k;
		size_t rn = n - k;
		budget_trim(&rest, &rn);
		r = unsigned_amount(rest, rn, &v);
		if (r == BUDGET_AMOUNT_OK && v == 0) {
			*vnd = 0; /* "-0" is zero, not a negative amount */
			return r;
		}
		return r == BUDGET_AMOUNT_NOT_NUMBER ? r
		                                     : BUDGET_AMOUNT_NEGATIVE;
	}
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		const char *inner = s + 1;
		size_t in = n - 2;
		budget_trim(&inner, &in);
		r = unsigned_amount(inner, in, &v);
		if (r == BUDGET_AMOUNT_OK && v == 0) {
			*vnd = 0;
			return r;
		}
		return r == BUDGET_AMOUNT_NOT_NUMBER ? r
		                                     : BUDGET_AMOUNT_NEGATIVE;
	}
	r = unsigned_amount(s, n, &v);
	if (r == BUDGET_AMOUNT_OK)
		*vnd = v;
	return r;
}

int budget_amount_parse(const char *s, int64_t *vnd)
{
	int64_t v;
	if (budget_amount_verdict(s, &v) != BUDGET_AMOUNT_OK)
		return -1;
	if (vnd != NULL)
		*vnd = v;
	return 0;
}

char *budget_amount_format(int64_t vnd, char *buf, size_t n)
{
	char digits[24], text[BUDGET_AMOUNT_TEXT];
	uint64_t mag = vnd < 0 ? -(uint64_t)vnd : (uint64_t)vnd;
	uint64_t million = mag / VND_PER_MILLION, frac = mag % VND_PER_MILLION;
	int nd = snprintf(digits, sizeof digits, "%" PRIu64, million);
	size_t k = 0;

	assert(buf != NULL && n > 0);
	if (vnd < 0)
		text[k++] = '-';
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			text[k++] = '.';
		text[k++] = digits[i];
	}
	if (frac != 0) {
		char dec[8];
		int nf = 6;
		snprintf(dec, sizeof dec, "%06" PRIu64, frac);
		while (dec[nf - 1] == '0')
			nf--;
		text[k++] = ',';
		memcpy(text + k, dec, (size_t)nf);
		k += (size_t)nf;
	}
	text[k] = '\0';
	snprintf(buf, n, "%s", text);
	return buf;
}
