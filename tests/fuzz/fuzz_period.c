/*
 * fuzz_period.c — period codes of query strings and bodies
 * (domain/indicators.h period_parse: ?period=2020Q3, plan and report
 * periods) and the template + period of a report (domain/report.h
 * report_period_parse), then the windows and deadlines computed from a
 * parsed report period.  Input: the period code, or "template\nperiod".
 *
 * Invariants: a parsed period is canonical (its code parses to the same
 * period), lies in 2000–2100 and runs forward; the previous period ends
 * before it starts; the enclosing periods contain it; a report period
 * parses only when template and period both do and agree in kind; its
 * window runs forward and its default deadline exists.
 */
#include "fuzz.h"

#include "domain/indicators.h"
#include "domain/report.h"

static void check_period(const char *s)
{
	struct period p, q;
	memset(&p, 0x5a, sizeof p);
	if (period_parse(s, &p) != 0)
		return;
	FUZZ_CHECK(memchr(p.code, '\0', sizeof p.code) != NULL);
	FUZZ_CHECK(p.year >= 2000 && p.year <= 2100);
	FUZZ_CHECK(strcmp(p.from, p.to) <= 0);
	FUZZ_CHECK(period_parse(p.code, &q) == 0);
	FUZZ_CHECK(q.kind == p.kind && q.year == p.year && q.part == p.part);
	FUZZ_CHECK(strcmp(q.from, p.from) == 0 && strcmp(q.to, p.to) == 0);
	switch (p.kind) {
	case PERIOD_YEAR: FUZZ_CHECK(p.part == 0); break;
	case PERIOD_HALF: FUZZ_CHECK(p.part >= 1 && p.part <= 2); break;
	case PERIOD_QUARTER: FUZZ_CHECK(p.part >= 1 && p.part <= 4); break;
	case PERIOD_MONTH: FUZZ_CHECK(p.part >= 1 && p.part <= 12); break;
	}

	struct period prev;
	period_previous(&p, &prev);
	FUZZ_CHECK(prev.kind == p.kind);
	FUZZ_CHECK(strcmp(prev.to, p.from) < 0);

	struct period encl[4];
	size_t n = period_enclosing(&p, encl);
	FUZZ_CHECK(n >= 1 && n <= 4);
	FUZZ_CHECK(strcmp(encl[0].code, p.code) == 0);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(strcmp(encl[i].from, p.from) <= 0 &&
		           strcmp(encl[i].to, p.to) >= 0);
}

static void check_report_period(const char *template, const char *period)
{
	struct report_period rp;
	enum report_error e = report_period_parse(template, period, &rp);
	enum report_template t;
	struct period p;
	if (e != REPORT_OK) {
		FUZZ_CHECK(e == REPORT_ERR_TEMPLATE || e == REPORT_ERR_PERIOD);
		FUZZ_CHECK(report_error_field(e) != NULL);
		return;
	}
	FUZZ_CHECK(report_template_parse(template, &t) == 0 &&
	           t == rp.template);
	FUZZ_CHECK(period_parse(period, &p) == 0);
	FUZZ_CHECK(rp.period.kind ==
	           (rp.template == REPORT_ANNUAL ? PERIOD_YEAR : PERIOD_HALF));
	for (int rule = REPORT_WINDOW_DECREE_09; rule <= REPORT_WINDOW_CALENDAR;
	     rule++) {
		struct report_window w;
		report_window(&rp, (enum report_window_rule)rule, &w);
		FUZZ_CHECK(w.from_day <= w.to_day && w.from_at < w.to_at);
		FUZZ_CHECK(strcmp(w.from, w.to) <= 0);
	}
	struct report_settings s;
	report_settings_default(&s);
	struct report_deadline d;
	FUZZ_CHECK(report_deadline(&rp, &s, &d) == REPORT_OK);
	FUZZ_CHECK(d.last_day >= d.due_day);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	check_period(s);
	char *parts[2];
	fuzz_split(s, parts, 2);
	check_report_period(parts[0], parts[1]);
	free(s);
	return 0;
}
