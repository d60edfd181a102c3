/*
 * rate_limit.h — the rule of a request rate limit: at most `burst`
 * requests at once, given back evenly over `window_ms` (GCRA, the
 * generic cell rate algorithm: a token bucket kept as one number).
 *
 * Pure: the caller keeps each key's state (an int64_t, 0 when new) and
 * the clock; api/ip_limits.c keeps a table of them per client address.
 * After `window_ms` without a request a key is as good as new.
 */
#ifndef TROGIUP_LIB_RATE_LIMIT_H
#define TROGIUP_LIB_RATE_LIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define RATE_BURST_MAX 100000

struct rate_rule {
	int burst;         /* 1 … RATE_BURST_MAX */
	int64_t window_ms; /* > 0 */
};

/* True when a request at now_ms (ms since the epoch) is allowed by state
 * `tat`; *wait_ms gets 0, or how long until one would be. */
bool rate_peek(const struct rate_rule *r, int64_t tat, int64_t now_ms,
               int64_t *wait_ms);

/* rate_peek, and when allowed counts the request in *tat. */
bool rate_take(const struct rate_rule *r, int64_t *tat, int64_t now_ms,
               int64_t *wait_ms);

/* True when state `tat` holds nothing at now_ms (a new key's state would
 * do as well), so its slot may serve another key. */
bool rate_idle(const struct rate_rule *r, int64_t tat, int64_t now_ms);

/* Parses "N/SECS" (30/300: 30 requests per 300 s); false when malformed
 * or out of range.  "0" is false too: callers treat it as "no limit". */
bool rate_rule_parse(const char *s, struct rate_rule *out);

#endif
