/*
 * totp.c — RFC 6238 codes with liboath; see totp.h.
 *
 * The key is decoded from base32 on each call and wiped afterwards: the
 * caller holds it only sealed at rest (lib/secret.h) and opened in the
 * request's arena.
 */
#include "lib/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool init_ok;

/* liboath wants oath_init() once per process; done on first use so no
 * caller has to remember it. */
static void init(void)
{
	init_ok = oath_init() == OATH_OK;
}

static bool ready(void)
{
	pthread_once(&init_once, init);
	return init_ok;
}

void totp_new_secret(char out[TOTP_BASE32_LEN + 1])
{
	unsigned char key[TOTP_KEY_BYTES];
	char *b32 = NULL;
	size_t len = 0;

	randombytes_buf(key, sizeof key);
	if (!ready() ||
	    oath_base32_encode((const char *)key, sizeof key, &b32, &len) !=
	        OATH_OK ||
	    len != TOTP_BASE32_LEN)
		abort(); /* out of memory or no crypto: nothing to go on with */
	memcpy(out, b32, TOTP_BASE32_LEN);
	out[TOTP_BASE32_LEN] = '\0';
	sodium_memzero(key, sizeof key);
	sodium_memzero(b32, len);
	free(b32);
}

/* Decodes secret into a malloc'd key (*key, *len); false when malformed. */
static bool decode(const char *secret, char **key, size_t *len)
{
	if (!ready() || secret == NULL || strlen(secret) != TOTP_BASE32_LEN)
		return false;
	return oath_base32_decode(secret, TOTP_BASE32_LEN, key, len) ==
	           OATH_OK &&
	       *len == TOTP_KEY_BYTES;
}

static void release(char *key, size_t len)
{
	if (key != NULL) {
		sodium_memzero(key, len);
		free(key);
	}
}

static bool code_shape(const char *code)
{
	if (code == NULL || strlen(code) != TOTP_DIGITS)
		return false;
	for (int i = 0; i < TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	return true;
}

bool totp_match(const char *secret_base32, const char *code, int64_t now,
                int64_t *step)
{
	char *key = NULL;
	size_t len = 0;
	int pos = 0;
	uint64_t counter = 0;
	bool ok = false;

	if (!code_shape(code) || !decode(secret_base32, &key, &len))
		goto out;
	/* window 1: the previous, current and next step (clock drift). */
	if (oath_totp_validate3(key, len, (time_t)now, TOTP_STEP, 0, 1, &pos,
	                        &counter, code) >= 0) {
		*step = (int64_t)counter;
		ok = true;
	}
out:
	release(key, len);
	return ok;
}

bool totp_code(const char *secret_base32, int64_t now,
               char out[TOTP_DIGITS + 1])
{
	char *key = NULL;
	size_t len = 0;
	bool ok = decode(secret_base32, &key, &len) &&
	          oath_totp_generate(key, len, (time_t)now, TOTP_STEP, 0,
	                             TOTP_DIGITS, out) == OATH_OK;
	release(key, len);
	return ok;
}
