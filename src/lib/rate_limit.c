/*
 * rate_limit.c — GCRA over a theoretical arrival time; see rate_limit.h.
 *
 * Times are kept in ms × burst, so a request advances the state by
 * exactly window_ms with no rounding, however window and burst divide:
 * the state is the instant (scaled) at which the bucket is full again.
 * A request is allowed while that instant is at most (burst − 1)
 * requests' worth ahead of now.  Scaled instants stay below 2^63: now_ms
 * is about 2^41 and burst at most about 2^17.
 */
#include "lib/rate_limit.h"

#include <assert.h>
#include <stdlib.h>

static bool rule_sane(const struct rate_rule *r)
{
	return r != NULL && r->burst >= 1 && r->burst <= RATE_BURST_MAX &&
	       r->window_ms > 0 && r->window_ms <= INT64_C(1) << 40;
}

bool rate_peek(const struct rate_rule *r, int64_t tat, int64_t now_ms,
               int64_t *wait_ms)
{
	assert(rule_sane(r) && wait_ms != NULL);
	int64_t now = now_ms * r->burst;
	int64_t tolerance = r->window_ms * (r->burst - 1);
	int64_t ahead = tat - now - tolerance;
	if (ahead <= 0) {
		*wait_ms = 0;
		return true;
	}
	*wait_ms = (ahead + r->burst - 1) / r->burst;
	return false;
}

bool rate_take(const struct rate_rule *r, int64_t *tat, int64_t now_ms,
               int64_t *wait_ms)
{
	assert(tat != NULL);
	if (!rate_peek(r, *tat, now_ms, wait_ms))
		return false;
	int64_t now = now_ms * r->burst;
	*tat = (*tat > now ? *tat : now) + r->window_ms;
	return true;
}

bool rate_idle(const struct rate_rule *r, int64_t tat, int64_t now_ms)
{
	assert(rule_sane(r));
	return tat <= now_ms * r->burst;
}

bool rate_rule_parse(const char *s, struct rate_rule *out)
{
	if (s == NULL || *s < '0' || *s > '9')
		return false;
	char *end;
	long n = strtol(s, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		return false;
	long long secs = strtoll(end + 1, &end, 10);
	if (*end != '\0' || n < 1 || n > RATE_BURST_MAX || secs < 1 ||
	    secs > 7 * 24 * 3600)
		return false;
	out->burst = (int)n;
	out->window_ms = secs * 1000;
	return true;
}
