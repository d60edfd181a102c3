/*
 * test_second_factor.c — the second factor's rules (domain/second_factor.h:
 * when the second step is due, the states GET /me shows, fresh steps,
 * the per-role list), the lockout's end (domain/account.h), and the TOTP
 * codes of lib/totp.h against RFC 6238's SHA-1 test vectors, including
 * the ±1-step window.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/account.h"
#include "domain/second_factor.h"
#include "lib/totp.h"

/* RFC 6238 appendix B: the ASCII key "12345678901234567890" in base32. */
static const char rfc_key[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

static void needed_when_enabled_or_required(void **state)
{
	(void)state;
	assert_false(second_factor_needed(false, false));
	assert_true(second_factor_needed(true, false));
	assert_true(second_factor_needed(false, true));
	assert_true(second_factor_needed(true, true));
}

static void states(void **state)
{
	(void)state;
	assert_string_equal(
	    second_factor_state_name(second_factor_state(true, true)),
	    "required");
	assert_string_equal(
	    second_factor_state_name(second_factor_state(true, false)),
	    "enrolment_required");
	assert_string_equal(
	    second_factor_state_name(second_factor_state(false, true)), "done");
	assert_string_equal(
	    second_factor_state_name(second_factor_state(false, false)), "off");
}

static void a_step_is_used_once(void **state)
{
	(void)state;
	assert_true(totp_step_fresh(0, 1));
	assert_true(totp_step_fresh(100, 101));
	assert_false(totp_step_fresh(100, 100)); /* replay */
	assert_false(totp_step_fresh(100, 99));  /* an older code */
}

static void role_list(void **state)
{
	(void)state;
	assert_true(second_factor_role_listed("admin,auditor", "admin"));
	assert_true(second_factor_role_listed("admin,auditor", "auditor"));
	assert_false(second_factor_role_listed("admin,auditor", "audit"));
	assert_false(second_factor_role_listed("admin,auditor", "adm"));
	assert_false(second_factor_role_listed("viewer", "admin"));
	assert_false(second_factor_role_listed("", "admin"));
	assert_false(second_factor_role_listed(NULL, "admin"));
	assert_false(second_factor_role_listed("admin", ""));
}

static void lockout_ends_when_fifth_failure_leaves_window(void **state)
{
	(void)state;
	struct session_policy p = session_policy_default();
	int64_t at[5] = {1000, 990, 980, 970, 960};
	assert_int_equal(login_locked_until(&p, at, 4), 0);
	assert_int_equal(login_locked_until(&p, at, 5), 960 + 15 * 60);
	/* The lockout's end agrees with login_window_start: at that instant
	 * the fifth failure no longer counts, a second before it does. */
	assert_true(login_window_start(&p, 960 + 900) > 960);
	assert_true(login_window_start(&p, 960 + 899) <= 960);
}

static void rfc6238_vectors(void **state)
{
	(void)state;
	char code[TOTP_DIGITS + 1];
	/* The 8-digit values of appendix B, last 6 digits. */
	assert_true(totp_code(rfc_key, 59, code));
	assert_string_equal(code, "287082");
	assert_true(totp_code(rfc_key, 1111111109, code));
	assert_string_equal(code, "081804");
	assert_true(totp_code(rfc_key, 1234567890, code));
	assert_string_equal(code, "005924");
	assert_true(totp_code(rfc_key, 2000000000, code));
	assert_string_equal(code, "279037");
}

static void window_is_one_step_either_side(void **state)
{
	(void)state;
	char code[TOTP_DIGITS + 1];
	int64_t step = 0, t = 1111111109; /* step 37037036 */
	assert_true(totp_code(rfc_key, t, code));
	assert_true(totp_match(rfc_key, code, t, &step));
	assert_int_equal(step, t / 30);
	assert_true(totp_match(rfc_key, code, t + 30, &step));
	assert_int_equal(step, t / 30);
	assert_true(totp_match(rfc_key, code, t - 30, &step));
	assert_int_equal(step, t / 30);
	assert_false(totp_match(rfc_key, code, t + 60, &step));
	assert_false(totp_match(rfc_key, code, t - 60, &step));
}

static void malformed_input_never_matches(void **state)
{
	(void)state;
	char code[TOTP_DIGITS + 1];
	int64_t step = 0, t = 59;
	assert_true(totp_code(rfc_key, t, code));
	assert_false(totp_match(rfc_key, "28708", t, &step));
	assert_false(totp_match(rfc_key, "2870820", t, &step));
	assert_false(totp_match(rfc_key, "28708a", t, &step));
	assert_false(totp_match(rfc_key, " 87082", t, &step));
	assert_false(totp_match(rfc_key, NULL, t, &step));
	assert_false(totp_match("not base32!", code, t, &step));
	assert_false(totp_match(NULL, code, t, &step));
	assert_false(totp_code("short", t, code));
}

static void new_secrets_are_base32_and_differ(void **state)
{
	(void)state;
	char a[TOTP_BASE32_LEN + 1], b[TOTP_BASE32_LEN + 1], code[7];
	totp_new_secret(a);
	totp_new_secret(b);
	assert_int_equal(strlen(a), TOTP_BASE32_LEN);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
	                 TOTP_BASE32_LEN);
	assert_string_not_equal(a, b);
	assert_true(totp_code(a, 1700000000, code));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(needed_when_enabled_or_required),
	    cmocka_unit_test(states),
	    cmocka_unit_test(a_step_is_used_once),
	    cmocka_unit_test(role_list),
	    cmocka_unit_test(lockout_ends_when_fifth_failure_leaves_window),
	    cmocka_unit_test(rfc6238_vectors),
	    cmocka_unit_test(window_is_one_step_either_side),
	    cmocka_unit_test(malformed_input_never_matches),
	    cmocka_unit_test(new_secrets_are_base32_and_differ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
