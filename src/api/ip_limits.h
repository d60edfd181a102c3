/*
 * ip_limits.h — per-client-address rate limits of the API: failed logins
 * (password spraying across usernames) and searches (scraping people's
 * records).  The rule is lib/rate_limit.h; this is the table of states
 * by address, in memory in the process, and the 429 answer.
 *
 * The address is api_ctx.ip: the peer, or X-Forwarded-For's last hop
 * under `serve --trust-proxy` (http/server.c).  IPv6 addresses count by
 * their /64, which one machine usually holds whole.
 */
#ifndef TROGIUP_API_IP_LIMITS_H
#define TROGIUP_API_IP_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/rate_limit.h"

struct api_ctx;
struct ip_limiter;

/* A limiter of `rule` for every address; never NULL. */
struct ip_limiter *ip_limiter_new(const struct rate_rule *rule);
void ip_limiter_free(struct ip_limiter *l);

/* Counts a request of `ip` at now_ms (monotonic) when the limit allows
 * it (take) or only looks (!take).  Returns false and *retry_s (whole
 * seconds, at least 1) when the address has used up its limit. */
bool ip_limiter_allow(struct ip_limiter *l, const char *ip, int64_t now_ms,
                      bool take, int64_t *retry_s);

/* ip_limiter_allow for the request's address now; when refused answers
 * 429 `code` with Retry-After and returns false.  A NULL limiter (the
 * limit turned off) allows everything. */
bool api_ip_allow(struct api_ctx *c, struct ip_limiter *l, bool take,
                  const char *code, const char *message);

#endif
