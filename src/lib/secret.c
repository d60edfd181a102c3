/*
 * secret.c — random tokens, token hashes and password hashes over
 * libsodium; see secret.h.
 *
 * Tokens and hashes go into caller-sized buffers; only sealed narratives
 * (secret_seal / secret_open at the end) come from the caller's arena.
 * Random bytes that only pass through a local buffer are wiped before
 * return so a stack dump does not leak a token or a key.
 */
#include "lib/secret.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/arena.h"

_Static_assert(crypto_pwhash_STRBYTES == 128,
               "secret_password_hash's buffer is 128 bytes");
_Static_assert(SECRET_HASH_HEX == 2 * crypto_hash_sha256_BYTES,
               "SECRET_HASH_HEX is hex of a SHA-256");

_Static_assert(SECRET_KEY_BYTES == crypto_secretbox_KEYBYTES,
               "a seal key is a secretbox key");

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

/* ---- sealing narratives at rest ---- */

#define SEALED_PREFIX     "sealed:v1:"
#define SEALED_PREFIX_LEN (sizeof SEALED_PREFIX - 1)
#define SEAL_VARIANT      sodium_base64_VARIANT_ORIGINAL

int secret_key_create(const char *path)
{
	assert(path != NULL);
	/* O_EXCL: an existing key is never replaced, since every value
	 * sealed with it would be lost. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	unsigned char key[SECRET_KEY_BYTES];
	randombytes_buf(key, sizeof key);
	size_t done = 0;
	int rc = fchmod(fd, 0600); /* exactly 0600 whatever the umask */
	while (rc == 0 && done < sizeof key) {
		ssize_t n = write(fd, key + done, sizeof key - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = -1;
		else
			done += (size_t)n;
	}
	sodium_memzero(key, sizeof key);
	if (rc == 0)
		rc = fsync(fd);
	int saved = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0) {
		/* A half-written key would only fail to load later. */
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

int secret_key_load(const char *path, unsigned char key[SECRET_KEY_BYTES])
{
	assert(path != NULL && key != NULL);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* One byte more than a key, to tell a longer file from a key. */
	unsigned char buf[SECRET_KEY_BYTES + 1];
	size_t got = 0;
	int rc = 0;
	while (got < sizeof buf) {
		ssize_t n = read(fd, buf + got, sizeof buf - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = -1;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (rc == 0 && got == SECRET_KEY_BYTES)
		memcpy(key, buf, SECRET_KEY_BYTES);
	else
		rc = -1;
	sodium_memzero(buf, sizeof buf);
	return rc;
}

const char *secret_seal(struct arena *a,
                        const unsigned char key[SECRET_KEY_BYTES],
                        const char *plain)
{
	assert(a != NULL && key != NULL && plain != NULL);
	size_t plain_len = strlen(plain);
	size_t box_len =
	    crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain_len;
	unsigned char *box = arena_alloc(a, box_len);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES,
	                      (const unsigned char *)plain, plain_len, box,
	                      key);
	size_t b64_len = sodium_base64_ENCODED_LEN(box_len, SEAL_VARIANT);
	char *out = arena_alloc(a, SEALED_PREFIX_LEN + b64_len);
	memcpy(out, SEALED_PREFIX, SEALED_PREFIX_LEN);
	sodium_bin2base64(out + SEALED_PREFIX_LEN, b64_len, box, box_len,
	                  SEAL_VARIANT);
	return out;
}

const char *secret_open(struct arena *a,
                        const unsigned char key[SECRET_KEY_BYTES],
                        const char *sealed)
{
	assert(a != NULL && key != NULL);
	if (!secret_is_sealed(sealed))
		return NULL;
	const char *b64 = sealed + SEALED_PREFIX_LEN;
	size_t b64_len = strlen(b64);
	size_t cap = b64_len / 4 * 3 + 3;
	unsigned char *box = arena_alloc(a, cap);
	size_t box_len = 0;
	/* A NULL end pointer makes trailing garbage an error. */
	if (sodium_base642bin(box, cap, b64, b64_len, NULL, &box_len, NULL,
	                      SEAL_VARIANT) != 0 ||
	    box_len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return NULL;
	size_t plain_len =
	    box_len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *plain = arena_alloc(a, plain_len + 1);
	if (crypto_secretbox_open_easy(
	        (unsigned char *)plain, box + crypto_secretbox_NONCEBYTES,
	        box_len - crypto_secretbox_NONCEBYTES, box, key) != 0)
		return NULL;
	plain[plain_len] = '\0';
	/* Sealed values are strings; an embedded NUL would cut them short. */
	if (memchr(plain, '\0', plain_len) != NULL)
		return NULL;
	return plain;
}

bool secret_is_sealed(const char *s)
{
	return s != NULL && strncmp(s, SEALED_PREFIX, SEALED_PREFIX_LEN) == 0;
}
