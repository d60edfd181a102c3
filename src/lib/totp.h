/*
 * totp.h — time-based one-time passwords (RFC 6238) over Debian's liboath:
 * new secrets, their base32 form for authenticator apps, and checking a
 * code.  6 digits, HMAC-SHA1, 30-second steps counted from the Unix
 * epoch: what every authenticator app assumes when the otpauth:// URI
 * says nothing else.  Whether a matching code may be used (replay, state)
 * is the domain's rule (domain/second_factor.h), not this file's.
 */
#ifndef TROGIUP_LIB_TOTP_H
#define TROGIUP_LIB_TOTP_H

#include <stdbool.h>
#include <stdint.h>

#define TOTP_DIGITS     6
#define TOTP_STEP       30
#define TOTP_KEY_BYTES  20 /* 160 bits, RFC 4226's recommended length */
#define TOTP_BASE32_LEN 32 /* base32 of 20 bytes, no padding needed */

/* A new random key as base32 (A–Z, 2–7) into out. */
void totp_new_secret(char out[TOTP_BASE32_LEN + 1]);

/* The step that `code` (exactly 6 ASCII digits) matches for base32
 * secret at `now`, trying now's step and one either side; false when it
 * matches none or the secret or code is malformed. */
bool totp_match(const char *secret_base32, const char *code, int64_t now,
                int64_t *step);

/* The code of base32 secret at `now` into out; false on a bad secret.
 * For tests and the command line. */
bool totp_code(const char *secret_base32, int64_t now,
               char out[TOTP_DIGITS + 1]);

#endif
