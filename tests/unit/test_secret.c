/*
 * test_secret.c — random tokens, token hashes, password hashes and
 * constant-time comparison.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

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
	};
	return cmocka_run_group_tests(tests, init_sodium, NULL);
}
