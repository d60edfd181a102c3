/*
 * fuzz_dates.c — dates as users and files write them: net_date_parse
 * (domain/network.h: "YYYY-MM-DD", "DD/MM/YYYY", "D/M/YYYY" in bodies
 * and CSV cells), time_parse_iso8601 (lib/timeutil.h: instants and dates
 * of query strings such as ?from=), and net_date_add_months (review
 * dates).  Input: the text, its last byte also a number of months.
 *
 * Invariants: a parsed date is canonical and parses to itself; it is an
 * instant at midnight UTC that formats back to the same day; an instant
 * parsed from text formats and parses back to itself; adding months to
 * a canonical date gives a canonical date, later for a positive number.
 */
#include "fuzz.h"

#include "domain/network.h"
#include "lib/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	int months = size > 0 ? (int)(int8_t)data[size - 1] : 0;
	char date[NET_DATE_MAX], again[NET_DATE_MAX], later[NET_DATE_MAX];
	char iso[21];
	int64_t t, t2;

	if (net_date_parse(s, date) == 0) {
		FUZZ_CHECK(strlen(date) == 10);
		FUZZ_CHECK(net_date_parse(date, again) == 0 &&
		           strcmp(date, again) == 0);
		FUZZ_CHECK(time_parse_iso8601(date, &t) == 0);
		FUZZ_CHECK(t % 86400 == 0);
		time_iso8601(t, iso);
		FUZZ_CHECK(strncmp(iso, date, 10) == 0);
		if (net_date_add_months(date, months, later) == 0) {
			FUZZ_CHECK(strlen(later) == 10);
			int c = strcmp(later, date);
			FUZZ_CHECK(months > 0   ? c > 0
			           : months < 0 ? c < 0
			                        : c == 0);
		}
	}
	if (time_parse_iso8601(s, &t) == 0) {
		time_iso8601(t, iso);
		FUZZ_CHECK(time_parse_iso8601(iso, &t2) == 0 && t2 == t);
	}
	free(s);
	return 0;
}
