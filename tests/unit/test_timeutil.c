/*
 * test_timeutil.c — ISO-8601 formatting and strict parsing, clocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/timeutil.h"

static void formats_utc(void **state)
{
	(void)state;
	char buf[21];
	time_iso8601(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	time_iso8601(1795420800, buf);
	assert_string_equal(buf, "2026-11-23T08:00:00Z");
	time_iso8601(951782400, buf); /* leap day of a century leap year */
	assert_string_equal(buf, "2000-02-29T00:00:00Z");
	time_iso8601(-1, buf);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
}

static void parses_instants_and_dates(void **state)
{
	(void)state;
	int64_t t = -1;
	assert_int_equal(time_parse_iso8601("2026-11-23T08:00:00Z", &t), 0);
	assert_int_equal(t, 1795420800);
	assert_int_equal(time_parse_iso8601("2026-11-23", &t), 0);
	assert_int_equal(t, 1795420800 - 8 * 3600);
	assert_int_equal(time_parse_iso8601("1970-01-01", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(time_parse_iso8601("2024-02-29", &t), 0);
	assert_int_equal(time_parse_iso8601("2000-02-29T23:59:59Z", &t), 0);
}

static void round_trips(void **state)
{
	(void)state;
	const int64_t samples[] = {0,          1,          86399,     86400,
	                           1700000000, 1795420800, 4102444799};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		char buf[21];
		int64_t back;
		time_iso8601(samples[i], buf);
		assert_int_equal(time_parse_iso8601(buf, &back), 0);
		assert_int_equal(back, samples[i]);
	}
}

static void rejects_impossible_dates(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(time_parse_iso8601("2025-02-30", &t), -1);
	assert_int_equal(time_parse_iso8601("2025-02-29", &t), -1);
	assert_int_equal(time_parse_iso8601("1900-02-29", &t), -1);
	assert_int_equal(time_parse_iso8601("2025-04-31", &t), -1);
	assert_int_equal(time_parse_iso8601("2025-13-01", &t), -1);
	assert_int_equal(time_parse_iso8601("2025-00-10", &t), -1);
	assert_int_equal(time_parse_iso8601("2025-01-00", &t), -1);
	assert_int_equal(time_parse_iso8601("2025-01-32", &t), -1);
	assert_int_equal(time_parse_iso8601("2025-01-01T24:00:00Z", &t), -1);
	assert_int_equal(time_parse_iso8601("2025-01-01T23:60:00Z", &t), -1);
	assert_int_equal(time_parse_iso8601("2025-01-01T23:59:60Z", &t), -1);
}

static void rejects_malformed_text(void **state)
{
	(void)state;
	int64_t t;
	const char *bad[] = {
	    "",
	    "2025",
	    "2025-1-01",
	    "2025/01/01",
	    "25-01-01",
	    "2025-01-01 ",
	    " 2025-01-01",
	    "2025-01-01T00:00:00",
	    "2025-01-01T00:00:00+07",
	    "2025-01-01 00:00:00Z",
	    "2025-01-01T00:00:00z",
	    "2025-01-01T0:00:00Z",
	    "2025-0a-01",
	    "+025-01-01",
	    "2025-01-01T00:00:00.5Z",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(time_parse_iso8601(bad[i], &t), -1);
}

static void clocks_move_forward(void **state)
{
	(void)state;
	assert_true(time_now() > 1700000000);
	double a = time_mono_ms();
	double b = time_mono_ms();
	assert_true(b >= a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(formats_utc),
	    cmocka_unit_test(parses_instants_and_dates),
	    cmocka_unit_test(round_trips),
	    cmocka_unit_test(rejects_impossible_dates),
	    cmocka_unit_test(rejects_malformed_text),
	    cmocka_unit_test(clocks_move_forward),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
