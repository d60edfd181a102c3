/*
 * test_budget_amount.c — the amount notation of budget tables
 * (domain/budget.h, docs/budget.md §Amounts): what is an amount and what
 * is not (with every spelling of zero and of a negative), the output in
 * million VND, round trips over many values, source and kind names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/budget.h"

#define M 1000000LL /* one million VND */

static int64_t amount(const char *s)
{
	int64_t v = -42;
	if (budget_amount_parse(s, &v) != 0)
		fail_msg("«%s» should be an amount", s);
	return v;
}

static bool refused(const char *s)
{
	int64_t v = 7;
	int rc = budget_amount_parse(s, &v);
	return rc == -1 && v == 7; /* *vnd untouched on refusal */
}

/* ---- amounts ------------------------------------------------------------ */

static void test_amount_notation(void **state)
{
	(void)state;
	assert_int_equal(amount("1.200"), 1200 * M);
	assert_int_equal(amount("0,5"), 500000);
	assert_int_equal(amount("43.200"), 43200 * M);
	assert_int_equal(amount("43200"), 43200 * M);
	assert_int_equal(amount("1.234.567,89"), 1234567890000LL);
	assert_int_equal(amount("12,345678"), 12345678);
	assert_int_equal(amount("0,000001"), 1);
	assert_int_equal(amount("7"), 7 * M);
	assert_int_equal(amount("0"), 0);
	/* zero: empty, dashes, blanks */
	assert_int_equal(amount(""), 0);
	assert_int_equal(amount("-"), 0);
	assert_int_equal(amount("–"), 0);
	assert_int_equal(amount("—"), 0);
	assert_int_equal(amount("   "), 0);
	assert_int_equal(amount(" - "), 0);
	/* blanks around, NBSP and narrow NBSP included; one apostrophe */
	assert_int_equal(amount("  18.000 "), 18000 * M);
	assert_int_equal(amount("\xC2\xA0"
	                        "5\xC2\xA0"),
	                 5 * M);
	assert_int_equal(amount("\xE2\x80\xAF"
	                        "2,5\xE2\x80\xAF"),
	                 2500000);
	assert_int_equal(amount("'1.200"), 1200 * M);
	assert_true(refused("''1.200"));
	/* an ungrouped integer part is any length; leading zeros harmless */
	assert_int_equal(amount("0000000000000000000000012"), 12 * M);
	/* the maximum, and one đồng over it */
	assert_int_equal(amount("100.000.000"), BUDGET_AMOUNT_MAX);
	assert_int_equal(amount("100000000"), BUDGET_AMOUNT_MAX);
	assert_true(refused("100.000.000,000001"));
	assert_true(refused("100000001"));
	assert_true(refused("99999999999999999999999999999"));
	/* not amounts */
	assert_true(refused("1.2.3"));
	assert_true(refused("12.34"));
	assert_true(refused("1.2345"));
	assert_true(refused("1234.567"));
	assert_true(refused("1,2,3"));
	assert_true(refused("1.200,"));
	assert_true(refused(",5"));
	assert_true(refused("1e3"));
	assert_true(refused("abc"));
	assert_true(refused("5 triệu"));
	assert_true(refused("1 200"));
	assert_true(refused("1,1234567")); /* a 7th decimal */
	assert_true(refused("0.500"));     /* an English 0.5, not 500 */
	assert_true(refused("."));
	/* negative amounts, in every spelling */
	assert_true(refused("-5"));
	assert_true(refused("-0,5"));
	assert_true(refused("(5)"));
	assert_true(refused("–5"));
	assert_true(refused("−5"));
	assert_int_equal(amount("-0"), 0);
	assert_int_equal(budget_amount_parse("2", NULL), 0);
}

static void test_amount_format(void **state)
{
	char buf[BUDGET_AMOUNT_TEXT];
	(void)state;
	assert_string_equal(budget_amount_format(43200 * M, buf, sizeof buf),
	                    "43.200");
	assert_string_equal(budget_amount_format(500000, buf, sizeof buf),
	                    "0,5");
	assert_string_equal(budget_amount_format(0, buf, sizeof buf), "0");
	assert_string_equal(budget_amount_format(1, buf, sizeof buf),
	                    "0,000001");
	assert_string_equal(budget_amount_format(999 * M, buf, sizeof buf),
	                    "999");
	assert_string_equal(
	    budget_amount_format(1234567890000LL, buf, sizeof buf),
	    "1.234.567,89");
	assert_string_equal(
	    budget_amount_format(BUDGET_AMOUNT_MAX, buf, sizeof buf),
	    "100.000.000");
	assert_string_equal(budget_amount_format(-17500 * M, buf, sizeof buf),
	                    "-17.500");
	assert_string_equal(budget_amount_format(INT64_MIN, buf, sizeof buf),
	                    "-9.223.372.036.854,775808");
	/* a short buffer is cut, still terminated */
	char small[4];
	assert_string_equal(
	    budget_amount_format(43200 * M, small, sizeof small), "43.");
}

static void test_amount_round_trip(void **state)
{
	char buf[BUDGET_AMOUNT_TEXT];
	int64_t fixed[] = {0,
	                   1,
	                   10,
	                   999999,
	                   M,
	                   M + 1,
	                   1000 * M,
	                   999999 * M + 999999,
	                   123456789 * 1000LL,
	                   BUDGET_AMOUNT_MAX - 1,
	                   BUDGET_AMOUNT_MAX};
	(void)state;
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		assert_int_equal(
		    amount(budget_amount_format(fixed[i], buf, sizeof buf)),
		    fixed[i]);
	/* many values of every size (an LCG, so the run is repeatable) */
	uint64_t x = 88172645463325252ULL;
	for (int i = 0; i < 20000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int64_t v =
		    (int64_t)((x >> 11) % (uint64_t)(BUDGET_AMOUNT_MAX + 1));
		v >>= (i % 48); /* small ones too */
		assert_int_equal(
		    amount(budget_amount_format(v, buf, sizeof buf)), v);
	}
}

static void test_sources(void **state)
{
	enum budget_source s;
	(void)state;
	assert_string_equal(budget_source_name(BUDGET_CENTRAL), "central");
	assert_string_equal(budget_source_name(BUDGET_LOCAL), "local");
	assert_string_equal(budget_source_name(BUDGET_MOBILISED), "mobilised");
	assert_null(budget_source_name(BUDGET_SOURCES));
	assert_int_equal(budget_source_parse("local", &s), 0);
	assert_int_equal(s, BUDGET_LOCAL);
	assert_int_equal(budget_source_parse("mobilised", &s), 0);
	assert_int_equal(s, BUDGET_MOBILISED);
	assert_int_equal(budget_source_parse("federal", &s), -1);
	assert_int_equal(budget_source_parse("", &s), -1);
	assert_int_equal(budget_source_parse(NULL, &s), -1);
	assert_string_equal(budget_problem_kind_name(BUDGET_UNPARSEABLE),
	                    "unparseable");
	assert_string_equal(budget_problem_kind_name(BUDGET_ROW_TOTAL),
	                    "row_total");
	assert_string_equal(budget_problem_kind_name(BUDGET_NORM), "norm");
	assert_string_equal(budget_problem_kind_name(BUDGET_PARENT_SUM),
	                    "parent_sum");
	assert_string_equal(budget_problem_kind_name(BUDGET_GRAND_TOTAL),
	                    "grand_total");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_amount_notation),
	    cmocka_unit_test(test_amount_format),
	    cmocka_unit_test(test_amount_round_trip),
	    cmocka_unit_test(test_sources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
