/*
 * test_secret.c — random tokens, token hashes, password hashes,
 * constant-time comparison, and sealing narratives at rest (key files,
 * seal / open, tampering, wrong keys).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/secret.h"

static int init_sodium(void **state)
{
	(void)state;
	return secret_init();
}

static bool all_base64url(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789-_") == strlen(s);
}

static void init_twice_is_fine(void **state)
{
	(void)state;
	assert_int_equal(secret_init(), 0);
	assert_int_equal(secret_init(), 0);
}

static void token_shape_and_uniqueness(void **state)
{
	(void)state;
	char a[SECRET_TOKEN_LEN + 1], b[SECRET_TOKEN_LEN + 1];
	secret_token(a);
	secret_token(b);
	assert_int_equal(strlen(a), SECRET_TOKEN_LEN);
	assert_int_equal(strlen(b), SECRET_TOKEN_LEN);
	assert_true(all_base64url(a));
	assert_true(all_base64url(b));
	assert_string_not_equal(a, b);
}

static void hash_token_is_sha256_hex(void **state)
{
	(void)state;
	char out[SECRET_HASH_HEX + 1];
	secret_hash_token("", out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb924"
	                         "27ae41e4649b934ca495991b7852b855");
	secret_hash_token("abc", out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223"
	                         "b00361a396177a9cb410ff61f20015ad");
}

static void hex_lengths_and_uniqueness(void **state)
{
	(void)state;
	char a[2 * 40 + 1], b[2 * 40 + 1];
	secret_hex(a, 40); /* more than one internal chunk */
	secret_hex(b, 40);
	assert_int_equal(strlen(a), 80);
	assert_int_equal(strspn(a, "0123456789abcdef"), 80);
	assert_string_not_equal(a, b);
	char one[3];
	secret_hex(one, 1);
	assert_int_equal(strlen(one), 2);
	char none[1] = {'x'};
	secret_hex(none, 0);
	assert_string_equal(none, "");
}

static void password_hash_verifies(void **state)
{
	(void)state;
	char hash[128];
	assert_int_equal(secret_password_hash("Mật khẩu rất dài 2026", hash),
	                 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_true(secret_password_verify(hash, "Mật khẩu rất dài 2026"));
	assert_false(secret_password_verify(hash, "Mật khẩu rất dài 2025"));
	assert_false(secret_password_verify(hash, ""));
	assert_false(secret_password_verify("not a hash", "x"));
}

static void password_hashes_are_salted(void **state)
{
	(void)state;
	char a[128], b[128];
	assert_int_equal(secret_password_hash("same password", a), 0);
	assert_int_equal(secret_password_hash("same password", b), 0);
	assert_string_not_equal(a, b);
}

static void equal_compares_whole_strings(void **state)
{
	(void)state;
	assert_true(secret_equal("", ""));
	assert_true(secret_equal("abc", "abc"));
	assert_false(secret_equal("abc", "abd"));
	assert_false(secret_equal("abc", "ab"));
	assert_false(secret_equal("ab", "abc"));
	assert_false(secret_equal("", "a"));
}

/* ---- sealing ---- */

/* A fresh path in a fresh temporary directory; both removed by
 * remove_key_dir. */
struct key_dir {
	char dir[64];
	char path[96];
};

static void make_key_dir(struct key_dir *k)
{
	snprintf(k->dir, sizeof k->dir, "/tmp/trogiup-secret-XXXXXX");
	assert_non_null(mkdtemp(k->dir));
	snprintf(k->path, sizeof k->path, "%s/DB.key", k->dir);
}

static void remove_key_dir(struct key_dir *k)
{
	unlink(k->path);
	rmdir(k->dir);
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void key_file_is_0600_and_never_overwritten(void **state)
{
	(void)state;
	struct key_dir k;
	make_key_dir(&k);
	mode_t old = umask(0); /* the file's mode must not depend on it */
	assert_int_equal(secret_key_create(k.path), 0);
	umask(old);
	struct stat st;
	assert_int_equal(stat(k.path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, SECRET_KEY_BYTES);

	unsigned char first[SECRET_KEY_BYTES], again[SECRET_KEY_BYTES];
	assert_int_equal(secret_key_load(k.path, first), 0);
	errno = 0;
	assert_int_equal(secret_key_create(k.path), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(secret_key_load(k.path, again), 0);
	assert_memory_equal(first, again, SECRET_KEY_BYTES);
	remove_key_dir(&k);
}

static void two_keys_differ(void **state)
{
	(void)state;
	struct key_dir a, b;
	make_key_dir(&a);
	make_key_dir(&b);
	assert_int_equal(secret_key_create(a.path), 0);
	assert_int_equal(secret_key_create(b.path), 0);
	unsigned char ka[SECRET_KEY_BYTES], kb[SECRET_KEY_BYTES];
	assert_int_equal(secret_key_load(a.path, ka), 0);
	assert_int_equal(secret_key_load(b.path, kb), 0);
	assert_memory_not_equal(ka, kb, SECRET_KEY_BYTES);
	remove_key_dir(&a);
	remove_key_dir(&b);
}

static void bad_key_files_are_refused(void **state)
{
	(void)state;
	struct key_dir k;
	make_key_dir(&k);
	unsigned char key[SECRET_KEY_BYTES];
	assert_int_equal(secret_key_load(k.path, key), -1); /* missing */
	unsigned char bytes[SECRET_KEY_BYTES + 1] = {0};
	write_file(k.path, bytes, SECRET_KEY_BYTES - 1);
	assert_int_equal(secret_key_load(k.path, key), -1); /* short */
	write_file(k.path, bytes, SECRET_KEY_BYTES + 1);
	assert_int_equal(secret_key_load(k.path, key), -1); /* long */
	write_file(k.path, bytes, 0);
	assert_int_equal(secret_key_load(k.path, key), -1); /* empty */
	write_file(k.path, bytes, SECRET_KEY_BYTES);
	assert_int_equal(secret_key_load(k.path, key), 0);
	assert_int_equal(secret_key_create("/nonexistent-dir/DB.key"), -1);
	remove_key_dir(&k);
}

static void fixed_key(unsigned char key[SECRET_KEY_BYTES], unsigned char b)
{
	memset(key, b, SECRET_KEY_BYTES);
}

static void seal_open_round_trip(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	unsigned char key[SECRET_KEY_BYTES];
	fixed_key(key, 7);
	const char *texts[] = {
	    "", "x", "Trẻ bị bạo lực tại nhà, cần cách ly trong 12 giờ.",
	    "a longer narrative, with punctuation: ‘quotes’ & <tags>\n"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *sealed = secret_seal(a, key, texts[i]);
		assert_non_null(sealed);
		assert_true(secret_is_sealed(sealed));
		assert_memory_equal(sealed, "sealed:v1:", 10);
		if (strlen(texts[i]) > 8) /* short ones may occur by chance */
			assert_null(strstr(sealed, texts[i]));
		const char *plain = secret_open(a, key, sealed);
		assert_non_null(plain);
		assert_string_equal(plain, texts[i]);
	}
	/* Base64, original alphabet: nonce (24) + MAC (16) + 1 byte is 41
	 * bytes, 56 characters with padding. */
	const char *one = secret_seal(a, key, "x");
	assert_int_equal(strlen(one), 10 + 56);
	assert_int_equal(strspn(one + 10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                                  "abcdefghijklmnopqrstuvwxyz"
	                                  "0123456789+/="),
	                 56);
	arena_free(a);
}

static void same_text_seals_differently(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	unsigned char key[SECRET_KEY_BYTES];
	fixed_key(key, 9);
	const char *s1 = secret_seal(a, key, "cùng một nội dung");
	const char *s2 = secret_seal(a, key, "cùng một nội dung");
	assert_string_not_equal(s1, s2); /* a fresh nonce each time */
	arena_free(a);
}

static void tampered_or_foreign_values_do_not_open(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	unsigned char key[SECRET_KEY_BYTES], other[SECRET_KEY_BYTES];
	fixed_key(key, 1);
	fixed_key(other, 2);
	const char *sealed = secret_seal(a, key, "bí mật của nạn nhân");
	assert_null(secret_open(a, other, sealed)); /* wrong key */

	/* Flip one base64 character in the nonce, the MAC and the body. */
	size_t len = strlen(sealed);
	size_t spots[] = {10, 10 + 40, len - 3};
	for (size_t i = 0; i < 3; i++) {
		char *bad = arena_strdup(a, sealed);
		bad[spots[i]] = bad[spots[i]] == 'A' ? 'B' : 'A';
		assert_null(secret_open(a, key, bad));
	}
	/* Cut short, extended, not base64, not sealed at all. */
	assert_null(secret_open(a, key, arena_strndup(a, sealed, len - 4)));
	assert_null(secret_open(a, key, arena_printf(a, "%sAAAA", sealed)));
	assert_null(secret_open(a, key, "sealed:v1:!!!!"));
	assert_null(secret_open(a, key, "sealed:v1:"));
	assert_null(secret_open(a, key, "sealed:v1:AAAA"));
	assert_null(secret_open(a, key, sealed + 10));
	assert_null(secret_open(a, key, "plain text"));
	assert_null(secret_open(a, key, NULL));
	assert_non_null(secret_open(a, key, sealed));
	arena_free(a);
}

static void is_sealed_looks_at_the_prefix(void **state)
{
	(void)state;
	assert_true(secret_is_sealed("sealed:v1:"));
	assert_true(secret_is_sealed("sealed:v1:abc"));
	assert_false(secret_is_sealed("sealed:v2:abc"));
	assert_false(secret_is_sealed("Sealed:v1:abc"));
	assert_false(secret_is_sealed("sealed:v1"));
	assert_false(secret_is_sealed(""));
	assert_false(secret_is_sealed(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(init_twice_is_fine),
	    cmocka_unit_test(token_shape_and_uniqueness),
	    cmocka_unit_test(hash_token_is_sha256_hex),
	    cmocka_unit_test(hex_lengths_and_uniqueness),
	    cmocka_unit_test(password_hash_verifies),
	    cmocka_unit_test(password_hashes_are_salted),
	    cmocka_unit_test(equal_compares_whole_strings),
	    cmocka_unit_test(key_file_is_0600_and_never_overwritten),
	    cmocka_unit_test(two_keys_differ),
	    cmocka_unit_test(bad_key_files_are_refused),
	    cmocka_unit_test(seal_open_round_trip),
	    cmocka_unit_test(same_text_seals_differently),
	    cmocka_unit_test(tampered_or_foreign_values_do_not_open),
	    cmocka_unit_test(is_sealed_looks_at_the_prefix),
	};
	return cmocka_run_group_tests(tests, init_sodium, NULL);
}
