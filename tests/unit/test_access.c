/*
 * test_access.c — the role × action policy of DESIGN.md §4, role names,
 * which roles need a scope, and scope containment across unit trees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/access.h"

/* The policy written out cell by cell, independently of access.c:
 * UNITS_READ, USERS_MANAGE, AUDIT_READ, TOKENS_CREATE, CASES_WORK,
 * AGGREGATES_READ, NETWORK_READ, NETWORK_WRITE, PLANS_WRITE,
 * AGGREGATES_WRITE (docs/network.md §Roles: admin and auditor get nothing
 * of the network, facility, hotline and viewer read it, unit workers also
 * write it; docs/indicators.md §Roles: provinces and districts write
 * plans, communes also enter aggregate values). */
static const bool expected[ROLE__MAX][ACT__MAX] = {
    [ROLE_ADMIN] = {1, 1, 0, 1, 0, 0, 0, 0, 0, 0},
    [ROLE_PROVINCE] = {1, 0, 0, 1, 1, 1, 1, 1, 1, 1},
    [ROLE_DISTRICT] = {1, 0, 0, 1, 1, 1, 1, 1, 1, 1},
    [ROLE_COMMUNE] = {1, 0, 0, 1, 1, 1, 1, 1, 0, 1},
    [ROLE_FACILITY] = {1, 0, 0, 1, 1, 1, 1, 0, 0, 0},
    [ROLE_HOTLINE] = {1, 0, 0, 1, 1, 0, 1, 0, 0, 0},
    [ROLE_VIEWER] = {1, 0, 0, 1, 0, 1, 1, 0, 0, 0},
    [ROLE_AUDITOR] = {1, 0, 1, 1, 0, 0, 0, 0, 0, 0},
};

_Static_assert(ACT__MAX == 10, "a new action needs a column above");

static void whole_policy_table(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__MAX; r++)
		for (int act = 0; act < ACT__MAX; act++)
			if (access_may((enum role)r, (enum action)act) !=
			    expected[r][act])
				fail_msg("role %s action %d: expected %d",
				         role_name((enum role)r), act,
				         expected[r][act]);
}

static void spot_checks(void **state)
{
	(void)state;
	assert_false(access_may(ROLE_ADMIN, ACT_CASES_WORK));
	assert_false(access_may(ROLE_ADMIN, ACT_AUDIT_READ));
	assert_false(access_may(ROLE_VIEWER, ACT_CASES_WORK));
	assert_false(access_may(ROLE_HOTLINE, ACT_AGGREGATES_READ));
	assert_true(access_may(ROLE_AUDITOR, ACT_AUDIT_READ));
	assert_false(access_may(ROLE_AUDITOR, ACT_USERS_MANAGE));
}

/* docs/network.md §Roles, action by action. */
static void network_policy(void **state)
{
	(void)state;
	static const enum role readers[] = {ROLE_PROVINCE, ROLE_DISTRICT,
	                                    ROLE_COMMUNE,  ROLE_FACILITY,
	                                    ROLE_HOTLINE,  ROLE_VIEWER};
	static const enum role writers[] = {ROLE_PROVINCE, ROLE_DISTRICT,
	                                    ROLE_COMMUNE};
	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
		assert_true(access_may(readers[i], ACT_NETWORK_READ));
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
		assert_true(access_may(writers[i], ACT_NETWORK_WRITE));
	/* The network is case workers' data, not the administrators'. */
	assert_false(access_may(ROLE_ADMIN, ACT_NETWORK_READ));
	assert_false(access_may(ROLE_ADMIN, ACT_NETWORK_WRITE));
	assert_false(access_may(ROLE_AUDITOR, ACT_NETWORK_READ));
	assert_false(access_may(ROLE_AUDITOR, ACT_NETWORK_WRITE));
	/* Facility staff admit and discharge but keep no register. */
	assert_false(access_may(ROLE_FACILITY, ACT_NETWORK_WRITE));
	assert_true(access_may(ROLE_FACILITY, ACT_CASES_WORK));
	assert_false(access_may(ROLE_HOTLINE, ACT_NETWORK_WRITE));
	assert_false(access_may(ROLE_VIEWER, ACT_NETWORK_WRITE));
}

/* Plans are written by the units that issue them (province, district);
 * aggregate values are entered down to the commune (docs/indicators.md). */
static void plans_policy(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__MAX; r++) {
		bool planner = r == ROLE_PROVINCE || r == ROLE_DISTRICT;
		bool enters = planner || r == ROLE_COMMUNE;
		assert_int_equal(access_may((enum role)r, ACT_PLANS_WRITE),
		                 planner);
		assert_int_equal(access_may((enum role)r, ACT_AGGREGATES_WRITE),
		                 enters);
	}
	assert_true(access_may(ROLE_VIEWER, ACT_AGGREGATES_READ));
	assert_false(access_may(ROLE_HOTLINE, ACT_AGGREGATES_READ));
}

static void out_of_range_is_refused(void **state)
{
	(void)state;
	assert_false(access_may(ROLE__MAX, ACT_UNITS_READ));
	assert_false(access_may((enum role) - 1, ACT_UNITS_READ));
	assert_false(access_may(ROLE_ADMIN, ACT__MAX));
	assert_false(access_may(ROLE_ADMIN, (enum action) - 1));
	assert_null(role_name(ROLE__MAX));
	assert_null(role_name((enum role) - 1));
	assert_false(role_needs_scope(ROLE__MAX));
}

static void names_round_trip(void **state)
{
	(void)state;
	const char *names[ROLE__MAX] = {
	    "admin",    "province", "district", "commune",
	    "facility", "hotline",  "viewer",   "auditor",
	};
	for (int r = 0; r < ROLE__MAX; r++) {
		assert_string_equal(role_name((enum role)r), names[r]);
		enum role parsed = ROLE__MAX;
		assert_int_equal(role_parse(names[r], &parsed), 0);
		assert_int_equal(parsed, r);
	}
}

static void unknown_names_are_refused(void **state)
{
	(void)state;
	enum role r = ROLE_VIEWER;
	assert_int_equal(role_parse("Admin", &r), -1);
	assert_int_equal(role_parse("root", &r), -1);
	assert_int_equal(role_parse("", &r), -1);
	assert_int_equal(role_parse("admin ", &r), -1);
	assert_int_equal(role_parse(NULL, &r), -1);
	assert_int_equal(r, ROLE_VIEWER);
}

static void scope_requirements(void **state)
{
	(void)state;
	assert_false(role_needs_scope(ROLE_ADMIN));
	assert_true(role_needs_scope(ROLE_PROVINCE));
	assert_true(role_needs_scope(ROLE_DISTRICT));
	assert_true(role_needs_scope(ROLE_COMMUNE));
	assert_true(role_needs_scope(ROLE_FACILITY));
	assert_true(role_needs_scope(ROLE_HOTLINE));
	assert_false(role_needs_scope(ROLE_VIEWER));
	assert_false(role_needs_scope(ROLE_AUDITOR));
}

static void national_sees_everything(void **state)
{
	(void)state;
	struct principal p = {.user_id = 1, .role = ROLE_VIEWER};
	assert_true(access_sees(&p, "2024", "62/608/23425"));
	assert_true(access_sees(&p, "2025", "01"));
	assert_true(access_sees(&p, "2025", NULL));
}

static void scoped_sees_own_subtree_in_own_tree(void **state)
{
	(void)state;
	struct principal p = {.user_id = 2,
	                      .role = ROLE_DISTRICT,
	                      .scope_tree = "2024",
	                      .scope_path = "62/608"};
	assert_true(access_sees(&p, "2024", "62/608"));
	assert_true(access_sees(&p, "2024", "62/608/23425"));
	assert_false(access_sees(&p, "2024", "62"));
	assert_false(access_sees(&p, "2024", "62/609/23440"));
	assert_false(access_sees(&p, "2024", "62/6080"));
	assert_false(access_sees(&p, "2024", NULL));
}

static void scoped_never_crosses_trees(void **state)
{
	(void)state;
	struct principal p = {.user_id = 3,
	                      .role = ROLE_PROVINCE,
	                      .scope_tree = "2024",
	                      .scope_path = "62"};
	assert_true(access_sees(&p, "2024", "62/608"));
	/* Same codes in the 2025 tree are other units. */
	assert_false(access_sees(&p, "2025", "62/608"));
	assert_false(access_sees(&p, "2025", "62"));
	assert_false(access_sees(&p, NULL, "62"));
	struct principal no_tree = {
	    .user_id = 4, .role = ROLE_PROVINCE, .scope_path = "62"};
	assert_false(access_sees(&no_tree, "2024", "62"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(whole_policy_table),
	    cmocka_unit_test(spot_checks),
	    cmocka_unit_test(network_policy),
	    cmocka_unit_test(plans_policy),
	    cmocka_unit_test(out_of_range_is_refused),
	    cmocka_unit_test(names_round_trip),
	    cmocka_unit_test(unknown_names_are_refused),
	    cmocka_unit_test(scope_requirements),
	    cmocka_unit_test(national_sees_everything),
	    cmocka_unit_test(scoped_sees_own_subtree_in_own_tree),
	    cmocka_unit_test(scoped_never_crosses_trees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
