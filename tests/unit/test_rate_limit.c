/*
 * test_rate_limit.c — the GCRA rule of lib/rate_limit.h: a full burst at
 * once, the wait it announces, one request back per window/burst, a key
 * as good as new after a quiet window, and the "N/SECS" flag syntax.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/rate_limit.h"

#define T0 INT64_C(1795420800000) /* ms */

static void burst_then_refused(void **state)
{
	(void)state;
	struct rate_rule r = {30, 300000}; /* 30 per 5 minutes */
	int64_t tat = 0, wait;
	for (int i = 0; i < 30; i++) {
		assert_true(rate_take(&r, &tat, T0, &wait));
		assert_int_equal(wait, 0);
	}
	assert_false(rate_peek(&r, tat, T0, &wait));
	assert_false(rate_take(&r, &tat, T0, &wait));
	/* One request comes back every 300 s / 30 = 10 s. */
	assert_int_equal(wait, 10000);
	int64_t before = tat;
	assert_false(rate_take(&r, &tat, T0 + 9999, &wait));
	assert_int_equal(wait, 1);
	assert_int_equal(tat, before); /* a refusal is not counted */
	assert_true(rate_take(&r, &tat, T0 + 10000, &wait));
	assert_false(rate_take(&r, &tat, T0 + 10000, &wait));
	assert_int_equal(wait, 10000);
}

static void quiet_window_resets(void **state)
{
	(void)state;
	struct rate_rule r = {3, 2000};
	int64_t tat = 0, wait;
	for (int i = 0; i < 3; i++)
		assert_true(rate_take(&r, &tat, T0, &wait));
	assert_false(rate_take(&r, &tat, T0 + 100, &wait));
	assert_false(rate_idle(&r, tat, T0 + 1999));
	assert_true(rate_idle(&r, tat, T0 + 2000));
	/* A whole burst again, not one more. */
	for (int i = 0; i < 3; i++)
		assert_true(rate_take(&r, &tat, T0 + 2000, &wait));
	assert_false(rate_take(&r, &tat, T0 + 2000, &wait));
	assert_true(rate_idle(&r, 0, T0));
}

static void steady_rate_is_allowed(void **state)
{
	(void)state;
	/* 120 a minute: one every 500 ms goes on for ever. */
	struct rate_rule r = {120, 60000};
	int64_t tat = 0, wait;
	for (int i = 0; i < 1000; i++)
		assert_true(rate_take(&r, &tat, T0 + 500 * i, &wait));
	/* Twice that rate runs out after about a burst. */
	tat = 0;
	int allowed = 0;
	for (int i = 0; i < 1000; i++)
		allowed += rate_take(&r, &tat, T0 + 250 * i, &wait);
	assert_true(allowed < 1000);
	assert_true(allowed >= 120 + 1000 / 2 - 2);
}

static void uneven_division_is_exact(void **state)
{
	(void)state;
	/* 7 per second: no rounding lets an 8th through within the second. */
	struct rate_rule r = {7, 1000};
	int64_t tat = 0, wait;
	for (int i = 0; i < 7; i++)
		assert_true(rate_take(&r, &tat, T0, &wait));
	assert_false(rate_take(&r, &tat, T0 + 142, &wait));
	assert_int_equal(wait, 1); /* 1000/7 = 142.9 ms */
	assert_true(rate_take(&r, &tat, T0 + 143, &wait));
}

static void one_per_window(void **state)
{
	(void)state;
	struct rate_rule r = {1, 60000};
	int64_t tat = 0, wait;
	assert_true(rate_take(&r, &tat, T0, &wait));
	assert_false(rate_take(&r, &tat, T0 + 59999, &wait));
	assert_int_equal(wait, 1);
	assert_true(rate_take(&r, &tat, T0 + 60000, &wait));
}

static void parse_flag(void **state)
{
	(void)state;
	struct rate_rule r;
	assert_true(rate_rule_parse("30/300", &r));
	assert_int_equal(r.burst, 30);
	assert_int_equal(r.window_ms, 300000);
	assert_true(rate_rule_parse("1/1", &r));
	assert_true(rate_rule_parse("100000/604800", &r));
	static const char *const bad[] = {
	    "",        "0",        "30",       "30/",     "/300",    "0/300",
	    "30/0",    "-1/300",   "30/-1",    "30/300x", " 30/300", "30 /300",
	    "3e1/300", "100001/1", "1/604801", "30/+5",   NULL};
	for (int i = 0; bad[i] != NULL; i++) {
		print_message("%s\n", bad[i]);
		assert_false(rate_rule_parse(bad[i], &r));
	}
	assert_false(rate_rule_parse(NULL, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(burst_then_refused),
	    cmocka_unit_test(quiet_window_resets),
	    cmocka_unit_test(steady_rate_is_allowed),
	    cmocka_unit_test(uneven_division_is_exact),
	    cmocka_unit_test(one_per_window),
	    cmocka_unit_test(parse_flag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
