/*
 * test_account.c — usernames, password rules (counted in code points),
 * common passwords (the compiled-in list, folding and trailing digits),
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
	assert_int_equal(password_check("user", "8402719365"), PASSWORD_OK);
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
	assert_int_equal(password_check("user", "sông Hồng\tchảy"),
	                 PASSWORD_OK);
}

static void every_problem_has_a_message(void **state)
{
	(void)state;
	for (int p = PASSWORD_OK; p <= PASSWORD_TOO_COMMON; p++) {
		const char *m =
		    password_problem_message((enum password_problem)p);
		assert_non_null(m);
		assert_true(strlen(m) > 0);
	}
	assert_non_null(
	    strstr(password_problem_message(PASSWORD_TOO_SHORT), "10"));
	assert_string_equal(password_problem_message(PASSWORD_TOO_COMMON),
	                    "password is too common");
}

static void common_passwords_refused(void **state)
{
	(void)state;
	static const char *const common[] = {
	    "1234567890",  "qwertyuiop",    "1qaz2wsx3edc", "matkhau123",
	    "123456789a",  "anhyeuem123",   "trogiup2026",  "password123",
	    "Password123", "PASSWORD123",   "P@ssw0rd2024", "MatKhau@2026",
	    "Mật khẩu123", "ANHYÊUEM12345", "iloveyou!!!!", "11111111111111",
	    "matkhau 2026"};
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
		print_message("%s\n", common[i]);
		assert_int_equal(password_check("user", common[i]),
		                 PASSWORD_TOO_COMMON);
	}
	/* A listed word inside a longer password, or followed by letters,
	 * is the user's own. */
	static const char *const own[] = {
	    "matkhau-cua-lan-2026", "xmatkhau2026", "1234567890abc",
	    "trogiup-demo-2026",    "qwertyuiopz",  "admin-pass-123"};
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
		print_message("%s\n", own[i]);
		assert_int_equal(password_check("user", own[i]), PASSWORD_OK);
	}
	/* The other rules come first. */
	assert_int_equal(password_check("user", "matkhau"), PASSWORD_TOO_SHORT);
	assert_int_equal(password_check("qwertyuiop", "QwertyUIOP"),
	                 PASSWORD_IS_USERNAME);
}

static void password_listed_reads_the_list_it_is_given(void **state)
{
	(void)state;
	static const char list[] = "# a comment line\n"
	                           "hoabinh\n"
	                           "\n"
	                           "song-hong-99";
	assert_true(password_listed(list, "hoabinh"));
	assert_true(password_listed(list, "HoaBinh1975!"));
	assert_true(password_listed(list, "Hòa Bình 1975")); /* folded */
	assert_true(password_listed(list, "song-hong-99"));
	assert_true(password_listed(list, "Song-Hong-99#"));
	assert_false(
	    password_listed(list, "song-hong-9")); /* a line's prefix */
	assert_false(password_listed(list, "hoabinhx"));
	assert_false(password_listed(list, "# a comment line"));
	assert_false(password_listed(list, ""));
	assert_false(password_listed(list, "2024"));
	assert_false(password_listed("", "hoabinh"));
	/* The compiled-in list is there and not empty. */
	assert_true(strlen(common_passwords) > 1000);
	assert_true(password_listed(common_passwords, "matkhau"));
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
	    cmocka_unit_test(common_passwords_refused),
	    cmocka_unit_test(password_listed_reads_the_list_it_is_given),
	    cmocka_unit_test(default_policy),
	    cmocka_unit_test(session_idle_expiry),
	    cmocka_unit_test(session_absolute_expiry),
	    cmocka_unit_test(login_window),
	    cmocka_unit_test(five_failures_lock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
