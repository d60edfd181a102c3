/*
 * deadline.c — which deadline rule applies and when a step is due, in
 * Asia/Ho_Chi_Minh; see deadline.h and docs/cases.md §Deadlines.
 *
 * Local time is UTC+7 with no daylight saving, so local days are plain
 * integer arithmetic: no timegm, localtime or tz database, and the same
 * answer on every machine.  Civil dates use Howard Hinnant's
 * days_from_civil / civil_from_days (proleptic Gregorian).
 */
#include "domain/deadline.h"

#include <assert.h>
#include <string.h>

#define DAY_SECONDS 86400

static const char *const unit_names[] = {
    [DL_HOURS] = "hours",
    [DL_DAYS] = "days",
    [DL_WORKING_DAYS] = "working_days",
};

const char *deadline_unit_name(enum deadline_unit u)
{
	return (int)u >= 0 && u <= DL_WORKING_DAYS ? unit_names[u] : NULL;
}

int deadline_unit_parse(const char *name, enum deadline_unit *out)
{
	assert(out != NULL);
	if (name == NULL)
		return -1;
	for (int u = DL_HOURS; u <= DL_WORKING_DAYS; u++)
		if (strcmp(unit_names[u], name) == 0) {
			*out = (enum deadline_unit)u;
			return 0;
		}
	return -1;
}

static bool in_force(const struct deadline_rule *r, const char *date)
{
	/* "YYYY-MM-DD" strings order like the days they name. */
	return strcmp(r->valid_from, date) <= 0 &&
	       (r->valid_to == NULL || strcmp(date, r->valid_to) <= 0);
}

const struct deadline_rule *deadline_pick(const struct deadline_rule *rules,
                                          size_t n, const char *type,
                                          const char *stage,
                                          const char *urgency, const char *date)
{
	assert(rules != NULL || n == 0);
	assert(type != NULL && stage != NULL && urgency != NULL &&
	       date != NULL);
	const struct deadline_rule *best = NULL;
	int best_score = -1;
	for (size_t i = 0; i < n; i++) {
		const struct deadline_rule *r = &rules[i];
		if (strcmp(r->stage, stage) != 0 || !in_force(r, date))
			continue;
		bool exact_type = strcmp(r->case_type, type) == 0;
		bool exact_urgency = strcmp(r->urgency, urgency) == 0;
		if ((!exact_type && strcmp(r->case_type, "*") != 0) ||
		    (!exact_urgency && strcmp(r->urgency, "*") != 0))
			continue;
		/* The type outranks the urgency. */
		int score = (exact_type ? 2 : 0) + (exact_urgency ? 1 : 0);
		/* Of two equally specific rows the later-dated one is the
		 * newer rule. */
		if (score > best_score ||
		    (score == best_score &&
		     strcmp(r->valid_from, best->valid_from) > 0)) {
			best = r;
			best_score = score;
		}
	}
	return best;
}

/* ---- civil dates ----------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int32_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + (int64_t)doe - 719468);
}

static void civil_from_days(int32_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t zz = (int64_t)z + 719468;
	int64_t era = floor_div(zz, 146097);
	unsigned doe = (unsigned)(zz - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
	static const unsigned len[12] = {31, 28, 31, 30, 31, 30,
	                                 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : len[m - 1];
}

int32_t hcm_day_of(int64_t instant)
{
	return (int32_t)floor_div(instant + HCM_OFFSET_SECONDS, DAY_SECONDS);
}

int64_t hcm_midnight(int32_t day)
{
	return (int64_t)day * DAY_SECONDS - HCM_OFFSET_SECONDS;
}

static void put_digits(char *out, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void hcm_day_format(int32_t day, char buf[11])
{
	assert(buf != NULL);
	int64_t y;
	unsigned m, d;
	civil_from_days(day, &y, &m, &d);
	/* Days outside years 0–9999 have no "YYYY-MM-DD"; they cannot come
	 * from a parsed date, so they show as zeros rather than overflow. */
	if (y < 0 || y > 9999) {
		memcpy(buf, "0000-00-00", 11);
		return;
	}
	put_digits(buf, (unsigned)y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, d, 2);
	buf[10] = '\0';
}

static bool digits(const char *s, int n, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

int hcm_day_parse(const char *s, int32_t *out)
{
	assert(out != NULL);
	unsigned y, m, d;
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

int hcm_year_of(int64_t instant)
{
	int64_t y;
	unsigned m, d;
	civil_from_days(hcm_day_of(instant), &y, &m, &d);
	return (int)y;
}

/* ---- working days ---------------------------------------------------- */

static bool is_holiday(int32_t day, const struct holiday_set *h)
{
	if (h == NULL)
		return false;
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->days[mid] == day)
			return true;
		if (h->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool hcm_is_working_day(int32_t day, const struct holiday_set *h)
{
	/* Day 0, 1970-01-01, was a Thursday: 0 = Sunday … 6 = Saturday. */
	int64_t weekday = ((int64_t)day + 4) % 7;
	if (weekday < 0)
		weekday += 7;
	return weekday != 0 && weekday != 6 && !is_holiday(day, h);
}

int64_t deadline_due(int64_t start, const struct deadline_rule *r,
                     const struct holiday_set *h)
{
	assert(r != NULL && r->amount >= 0);
	int32_t day = hcm_day_of(start);
	switch (r->unit) {
	case DL_HOURS: return start + (int64_t)r->amount * 3600;
	case DL_DAYS: day += r->amount; break;
	case DL_WORKING_DAYS:
		for (int counted = 0; counted < r->amount;)
			if (hcm_is_working_day(++day, h))
				counted++;
		break;
	}
	/* The end of a day is the next day's local midnight. */
	return hcm_midnight(day + 1);
}

int64_t deadline_overdue_seconds(int64_t due, int64_t now)
{
	return due != 0 && now > due ? now - due : 0;
}
