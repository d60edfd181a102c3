/*
 * secret.c — random tokens, token hashes and password hashes over
 * libsodium; see secret.h.
 *
 * Nothing here allocates: every result goes into a caller-sized buffer.
 * Random bytes that only pass through a local buffer are wiped before
 * return so a stack dump does not leak a token.
 */
#include "lib/secret.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

_Static_assert(crypto_pwhash_STRBYTES == 128,
               "secret_password_hash's buffer is 128 bytes");
_Static_assert(SECRET_HASH_HEX == 2 * crypto_hash_sha256_BYTES,
               "SECRET_HASH_HEX is hex of a SHA-256");

#define TOKEN_BYTES 32

int secret_init(void)
{
	/* 1 means "already initialised", which is fine too. */
	return sodium_init() < 0 ? -1 : 0;
}

void secret_token(char out[SECRET_TOKEN_LEN + 1])
{
	assert(out != NULL);
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SECRET_TOKEN_LEN + 1, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void secret_hash_token(const char *s, char out[SECRET_HASH_HEX + 1])
{
	assert(s != NULL && out != NULL);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, SECRET_HASH_HEX + 1, digest, sizeof digest);
}

void secret_hex(char *out, size_t n)
{
	assert(out != NULL);
	unsigned char raw[32];
	/* Chunks of raw bytes, each written out as hex after the last. */
	for (size_t done = 0; done < n;) {
		size_t chunk = n - done < sizeof raw ? n - done : sizeof raw;
		randombytes_buf(raw, chunk);
		sodium_bin2hex(out + 2 * done, 2 * chunk + 1, raw, chunk);
		done += chunk;
	}
	out[2 * n] = '\0';
	sodium_memzero(raw, sizeof raw);
}

int secret_password_hash(const char *password, char out[128])
{
	assert(password != NULL && out != NULL);
	return crypto_pwhash_str(out, password, strlen(password),
	                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
	           ? 0
	           : -1;
}

bool secret_password_verify(const char *hash, const char *password)
{
	assert(hash != NULL && password != NULL);
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool secret_equal(const char *a, const char *b)
{
	assert(a != NULL && b != NULL);
	size_t len = strlen(a);
	/* Lengths are not secret (tokens and hashes have fixed ones). */
	if (len != strlen(b))
		return false;
	return sodium_memcmp(a, b, len) == 0;
}
