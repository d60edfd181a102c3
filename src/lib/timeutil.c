/*
 * timeutil.c — clocks and the one ISO-8601 shape the API uses; see
 * timeutil.h.
 *
 * Parsing is strict on purpose: exactly "YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM:SSZ", every field range-checked (no 2025-02-30, no
 * leap second) before timegm() turns it into epoch seconds, because
 * timegm() itself would silently roll impossible dates over.
 */
#include "lib/timeutil.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Years 0000–9999 are what four digits can show. */
#define TIME_MIN (-62167219200LL) /* 0000-01-01T00:00:00Z */
#define TIME_MAX 253402300799LL   /* 9999-12-31T23:59:59Z */

int64_t time_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

double time_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void time_iso8601(int64_t t, char buf[21])
{
	assert(buf != NULL);
	assert(t >= TIME_MIN && t <= TIME_MAX);
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	/* Not strftime's %Y: glibc writes year 24 as "24", not "0024", and
	 * the string came out short of the promised shape (found by
	 * tests/fuzz/fuzz_dates.c; corpus dates/year_0024). */
	int n = snprintf(buf, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	                 tm.tm_hour, tm.tm_min, tm.tm_sec);
	assert(n == 20);
	(void)n;
}

/* Value of the n decimal digits at s, or -1 if any is not a digit. */
static int parse_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};
	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

int time_parse_iso8601(const char *s, int64_t *out)
{
	assert(s != NULL && out != NULL);
	size_t len = strlen(s);
	if (len != 10 && len != 20)
		return -1;
	if (s[4] != '-' || s[7] != '-')
		return -1;
	int year = parse_digits(s, 4);
	int month = parse_digits(s + 5, 2);
	int day = parse_digits(s + 8, 2);
	int hour = 0, minute = 0, second = 0;
	if (len == 20) {
		if (s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
		    s[19] != 'Z')
			return -1;
		hour = parse_digits(s + 11, 2);
		minute = parse_digits(s + 14, 2);
		second = parse_digits(s + 17, 2);
	}
	if (year < 0 || month < 1 || month > 12 || day < 1 ||
	    day > days_in_month(year, month))
		return -1;
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
	    second > 59)
		return -1;
	struct tm tm = {
	    .tm_year = year - 1900,
	    .tm_mon = month - 1,
	    .tm_mday = day,
	    .tm_hour = hour,
	    .tm_min = minute,
	    .tm_sec = second,
	};
	*out = (int64_t)timegm(&tm);
	return 0;
}
