/*
 * ip_limits.c — the table of per-address rate-limit states; see
 * ip_limits.h.
 *
 * A fixed table (IP_SLOTS entries, about 100 KiB) under one mutex: a
 * lookup is a hash and at most IP_PROBES slots, so holding the lock costs
 * nothing next to the request.  A key takes the first slot on its probe
 * path that is its own, free or idle (rate_idle: forgetting it loses
 * nothing); when all are busy it takes the one closest to idle.  So
 * memory is bounded whatever the traffic, and only someone holding more
 * than IP_SLOTS addresses at once can make the table forget one.  The
 * hash is keyed with random bits per process, so nobody can pick
 * addresses that share a probe path.
 */
#include "api/ip_limits.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "lib/arena.h"
#include "lib/secret.h"
#include "lib/timeutil.h"

#define IP_SLOTS  4096 /* a power of two */
#define IP_PROBES 8

struct ip_slot {
	unsigned char key[16];
	bool used;
	int64_t tat;
};

struct ip_limiter {
	struct rate_rule rule;
	pthread_mutex_t lock;
	uint64_t seed;
	struct ip_slot slots[IP_SLOTS];
};

struct ip_limiter *ip_limiter_new(const struct rate_rule *rule)
{
	struct ip_limiter *l = calloc(1, sizeof *l);
	if (l == NULL)
		abort();
	l->rule = *rule;
	pthread_mutex_init(&l->lock, NULL);
	char hex[17];
	secret_hex(hex, 8);
	l->seed = strtoull(hex, NULL, 16);
	return l;
}

void ip_limiter_free(struct ip_limiter *l)
{
	if (l == NULL)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

/* IPv4 as ::ffff:a.b.c.d, IPv6 cut to its /64; anything else (the HTTP
 * layer's "-") is all zeros, one shared key. */
static void address_key(const char *ip, unsigned char key[16])
{
	memset(key, 0, 16);
	struct in_addr v4;
	if (inet_pton(AF_INET, ip, &v4) == 1) {
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &v4, 4);
	} else if (inet_pton(AF_INET6, ip, key) == 1) {
		memset(key + 8, 0, 8);
	}
}

/* FNV-1a from the seed, then a final mix so the low bits depend on all. */
static uint64_t key_hash(uint64_t seed, const unsigned char key[16])
{
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	for (int i = 0; i < 16; i++)
		h = (h ^ key[i]) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

static struct ip_slot *find_slot(struct ip_limiter *l,
                                 const unsigned char key[16], int64_t now_ms)
{
	uint64_t h = key_hash(l->seed, key);
	struct ip_slot *spare = NULL, *oldest = NULL;
	for (int i = 0; i < IP_PROBES; i++) {
		struct ip_slot *s =
		    &l->slots[(h + (uint64_t)i) & (IP_SLOTS - 1)];
		if (s->used && memcmp(s->key, key, 16) == 0)
			return s;
		if (spare == NULL &&
		    (!s->used || rate_idle(&l->rule, s->tat, now_ms)))
			spare = s;
		if (oldest == NULL || s->tat < oldest->tat)
			oldest = s;
	}
	struct ip_slot *s = spare != NULL ? spare : oldest;
	memcpy(s->key, key, 16);
	s->used = true;
	s->tat = 0;
	return s;
}

bool ip_limiter_allow(struct ip_limiter *l, const char *ip, int64_t now_ms,
                      bool take, int64_t *retry_s)
{
	unsigned char key[16];
	address_key(ip != NULL ? ip : "-", key);
	int64_t wait_ms;
	pthread_mutex_lock(&l->lock);
	struct ip_slot *s = find_slot(l, key, now_ms);
	bool ok = take ? rate_take(&l->rule, &s->tat, now_ms, &wait_ms)
	               : rate_peek(&l->rule, s->tat, now_ms, &wait_ms);
	pthread_mutex_unlock(&l->lock);
	*retry_s = ok ? 0 : (wait_ms + 999) / 1000;
	if (!ok && *retry_s < 1)
		*retry_s = 1;
	return ok;
}

bool api_ip_allow(struct api_ctx *c, struct ip_limiter *l, bool take,
                  const char *code, const char *message)
{
	if (l == NULL)
		return true;
	int64_t retry_s;
	if (ip_limiter_allow(l, c->ip, (int64_t)time_mono_ms(), take, &retry_s))
		return true;
	api_add_header(c, "Retry-After",
	               arena_printf(c->arena, "%lld", (long long)retry_s));
	api_reply_error(c, 429, code, message, NULL);
	return false;
}
