/*
 * test_account.c — usernames, password rules (counted in code points),
 * session idle and absolute expiry at their boundaries, login throttling.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/account.h"

static void usernames(void **state)
{
	(void)state;
	assert_true(username_valid("abc"));
	assert_true(username_valid("nguyen.van_duc-2"));
	assert_true(username_valid("9lives"));
	assert_false(username_valid(NULL));
	assert_false(username_valid(""));
	assert_true(username_valid("tb"));
	assert_true(username_valid("Abc"));
	assert_false(username_valid("a"));
	assert_false(username_valid(".abc"));
	assert_false(username_valid("_abc"));
	assert_false(username_valid("-abc"));
	assert_false(username_valid("ab c"));
	assert_false(username_valid("đức"));
	assert_true(username_valid("a@b.vn"));
	assert_false(username_valid("@b.vn"));
	char name[66];
	memset(name, 'a', 64);
	name[64] = '\0';
	assert_true(username_valid(name));
	name[64] = 'a';
	name[65] = '\0';
	assert_false(username_valid(name));
}

static void password_length_in_code_points(void **state)
{
	(void)state;
	/* 9 code points but 18+ bytes: too short. */
	assert_int_equal(password_check("user", "ĐắkTôĐắkT"),
	                 PASSWORD_TOO_SHORT);
	/* 10 code points. */
	assert_int_equal(password_check("user", "ĐắkTôĐắkTô"), PASSWORD_OK);
	assert_int_equal(password_check("user", "123456789"),
	                 PASSWORD_TOO_SHORT);
	assert_int_equal(password_check("user", "1234567890"), PASSWORD_OK);
	assert_int_equal(password_check("user", ""), PASSWORD_TOO_SHORT);
}

static void password_too_long_in_bytes(void **state)
{
	(void)state;
	char pw[1026];
	memset(pw, 'x', 1024);
	pw[1024] = '\0';
	assert_int_equal(password_check("user", pw), PASSWORD_OK);
	pw[1024] = 'x';
	pw[1025] = '\0';
	assert_int_equal(password_check("user", pw), PASSWORD_TOO_LONG);
}

static void password_is_not_the_username(void **state)
{
	(void)state;
	assert_int_equal(password_check("nguyenvanduc", "nguyenvanduc"),
	                 PASSWORD_IS_USERNAME);
	assert_int_equal(password_check("nguyenvanduc", "NguyenVanDuc"),
	                 PASSWORD_IS_USERNAME);
	assert_int_equal(password_check("nguyenvanduc", "nguyenvanduc1"),
	                 PASSWORD_OK);
}

static void password_must_be_text(void **state)
{
	(void)state;
	assert_int_equal(password_check("user", "abcdefghij\xFF"),
	                 PASSWORD_NOT_TEXT);
	assert_int_equal(password_check("user", "abcdefghij\x01"),
	                 PASSWORD_NOT_TEXT);
	assert_int_equal(password_check("user", "abcde fghij\t"), PASSWORD_OK);
}

static void every_problem_has_a_message(void **state)
{
	(void)state;
	for (int p = PASSWORD_OK; p <= PASSWORD_NOT_TEXT; p++) {
		const char *m =
		    password_problem_message((enum password_problem)p);
		assert_non_null(m);
		assert_true(strlen(m) > 0);
	}
	assert_non_null(
	    strstr(password_problem_message(PASSWORD_TOO_SHORT), "10"));
}

static void default_policy(void **state)
{
	(void)state;
	struct session_policy p = session_policy_default();
	assert_int_equal(p.idle_seconds, 7200);
	assert_int_equal(p.absolute_seconds, 43200);
	assert_int_equal(p.max_failures, 5);
	assert_int_equal(p.failure_window, 900);
}

static void session_idle_expiry(void **state)
{
	(void)state;
	struct session_policy p = session_policy_default();
	int64_t t0 = 1795420800;
	assert_true(session_live(&p, t0, t0, t0));
	assert_true(session_live(&p, t0, t0, t0 + 7199));
	assert_false(session_live(&p, t0, t0, t0 + 7200));
	/* Use keeps it alive. */
	assert_true(session_live(&p, t0, t0 + 7000, t0 + 14000));
}

static void session_absolute_expiry(void **state)
{
	(void)state;
	struct session_policy p = session_policy_default();
	int64_t t0 = 1795420800;
	int64_t end = t0 + 43200;
	assert_true(session_live(&p, t0, end - 10, end - 1));
	assert_false(session_live(&p, t0, end - 10, end));
	assert_false(session_live(&p, t0, end, end + 1));
}

static void login_window(void **state)
{
	(void)state;
	struct session_policy p = session_policy_default();
	int64_t now = 1795420800;
	/* A failure exactly 15 minutes old no longer counts. */
	assert_int_equal(login_window_start(&p, now), now - 899);
}

static void five_failures_lock(void **state)
{
	(void)state;
	struct session_policy p = session_policy_default();
	assert_false(login_locked(&p, 0));
	assert_false(login_locked(&p, 4));
	assert_true(login_locked(&p, 5));
	assert_true(login_locked(&p, 6));
	struct session_policy strict = p;
	strict.max_failures = 1;
	assert_true(login_locked(&strict, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(usernames),
	    cmocka_unit_test(password_length_in_code_points),
	    cmocka_unit_test(password_too_long_in_bytes),
	    cmocka_unit_test(password_is_not_the_username),
	    cmocka_unit_test(password_must_be_text),
	    cmocka_unit_test(every_problem_has_a_message),
	    cmocka_unit_test(default_policy),
	    cmocka_unit_test(session_idle_expiry),
	    cmocka_unit_test(session_absolute_expiry),
	    cmocka_unit_test(login_window),
	    cmocka_unit_test(five_failures_lock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
