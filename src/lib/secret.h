/*
 * secret.h — random tokens, token hashes and password hashes (libsodium).
 *
 * Session ids and API tokens are 256 random bits, shown to the client once
 * and stored only as their SHA-256 (hex).  Passwords are hashed with
 * argon2id (crypto_pwhash_str, interactive limits).
 */
#ifndef TROGIUP_LIB_SECRET_H
#define TROGIUP_LIB_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */
#define SECRET_HASH_HEX  64 /* hex SHA-256 */

/* Must be called once before any other function; 0 on success. */
int secret_init(void);

/* 32 random bytes as base64url into out (SECRET_TOKEN_LEN + 1 bytes). */
void secret_token(char out[SECRET_TOKEN_LEN + 1]);

/* Hex SHA-256 of s into out (SECRET_HASH_HEX + 1 bytes). */
void secret_hash_token(const char *s, char out[SECRET_HASH_HEX + 1]);

/* n random bytes as lower-case hex (2n + 1 bytes in out). */
void secret_hex(char *out, size_t n);

/* argon2id hash of password into out (crypto_pwhash_STRBYTES = 128 bytes);
 * 0 on success, -1 when out of memory. */
int secret_password_hash(const char *password, char out[128]);

/* True when password matches the stored hash. */
bool secret_password_verify(const char *hash, const char *password);

/* Constant-time string comparison. */
bool secret_equal(const char *a, const char *b);

/* ---- sealing narratives at rest (libsodium secretbox) ---- */

struct arena;

#define SECRET_KEY_BYTES 32

/* Creates a new random key file at path (mode 0600, O_EXCL: never
 * overwrites); 0 on success, -1 with errno set. */
int secret_key_create(const char *path);

/* Reads a key file written by secret_key_create; 0 on success, -1 when
 * missing, unreadable or not exactly SECRET_KEY_BYTES long. */
int secret_key_load(const char *path, unsigned char key[SECRET_KEY_BYTES]);

/* "sealed:v1:" + base64(nonce ‖ secretbox(plain)), in the arena. */
const char *secret_seal(struct arena *a,
                        const unsigned char key[SECRET_KEY_BYTES],
                        const char *plain);

/* The plain text of a sealed value, in the arena; NULL when it is not a
 * sealed value or does not authenticate with key. */
const char *secret_open(struct arena *a,
                        const unsigned char key[SECRET_KEY_BYTES],
                        const char *sealed);

/* True when s starts with "sealed:v1:". */
bool secret_is_sealed(const char *s);

#endif
