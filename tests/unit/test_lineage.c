/*
 * test_lineage.c — lineage paths: whole-segment containment, building a
 * child path, depth and official code shapes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/lineage.h"

static void contains_whole_segments(void **state)
{
	(void)state;
	assert_true(lineage_contains("62", "62"));
	assert_true(lineage_contains("62", "62/608"));
	assert_true(lineage_contains("62", "62/608/23425"));
	assert_true(lineage_contains("62/608", "62/608/23425"));
	assert_false(lineage_contains("62", "620/6081"));
	assert_false(lineage_contains("62", "6"));
	assert_false(lineage_contains("62/608", "62"));
	assert_false(lineage_contains("62/608", "62/6080"));
	assert_false(lineage_contains("62/608", "62/609/23425"));
	assert_false(lineage_contains("62", "01/001"));
}

static void null_scope_is_the_country(void **state)
{
	(void)state;
	assert_true(lineage_contains(NULL, "62/608"));
	assert_true(lineage_contains(NULL, NULL));
	assert_false(lineage_contains("62", NULL));
}

static void empty_scope_contains_nothing(void **state)
{
	(void)state;
	assert_false(lineage_contains("", "62"));
	assert_false(lineage_contains("", ""));
	assert_false(lineage_contains("", NULL));
}

static void child_paths(void **state)
{
	(void)state;
	char out[LINEAGE_MAX];
	assert_int_equal(lineage_child(out, sizeof out, NULL, "62"), 0);
	assert_string_equal(out, "62");
	assert_int_equal(lineage_child(out, sizeof out, "", "62"), 0);
	assert_string_equal(out, "62");
	assert_int_equal(lineage_child(out, sizeof out, "62", "608"), 0);
	assert_string_equal(out, "62/608");
	assert_int_equal(lineage_child(out, sizeof out, "62/608", "23425"), 0);
	assert_string_equal(out, "62/608/23425");
	assert_int_equal(lineage_child(out, sizeof out, "62", "12345678"), 0);
}

static void child_rejects_bad_codes(void **state)
{
	(void)state;
	char out[LINEAGE_MAX];
	assert_int_equal(lineage_child(out, sizeof out, "62", ""), -1);
	assert_int_equal(lineage_child(out, sizeof out, "62", "123456789"), -1);
	assert_int_equal(lineage_child(out, sizeof out, "62", "6a"), -1);
	assert_int_equal(lineage_child(out, sizeof out, "62", "60/8"), -1);
	assert_int_equal(lineage_child(out, sizeof out, "62", " 608"), -1);
}

static void child_must_fit(void **state)
{
	(void)state;
	char out[7];
	assert_int_equal(lineage_child(out, sizeof out, "62", "608"), 0);
	assert_string_equal(out, "62/608"); /* 6 bytes + NUL: fits exactly */
	assert_int_equal(lineage_child(out, sizeof out, "62", "6080"), -1);
	assert_int_equal(lineage_child(out, 2, NULL, "62"), -1);
}

static void depth_counts_segments(void **state)
{
	(void)state;
	assert_int_equal(lineage_depth(NULL), 0);
	assert_int_equal(lineage_depth(""), 0);
	assert_int_equal(lineage_depth("62"), 1);
	assert_int_equal(lineage_depth("62/608"), 2);
	assert_int_equal(lineage_depth("62/608/23425"), 3);
}

static void code_shapes(void **state)
{
	(void)state;
	assert_true(lineage_code_valid("62"));
	assert_true(lineage_code_valid("608"));
	assert_true(lineage_code_valid("23425"));
	assert_true(lineage_code_valid("01"));
	assert_false(lineage_code_valid(NULL));
	assert_false(lineage_code_valid(""));
	assert_false(lineage_code_valid("6"));
	assert_false(lineage_code_valid("6080"));
	assert_false(lineage_code_valid("234256"));
	assert_false(lineage_code_valid("6a"));
	assert_false(lineage_code_valid("-62"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(contains_whole_segments),
	    cmocka_unit_test(null_scope_is_the_country),
	    cmocka_unit_test(empty_scope_contains_nothing),
	    cmocka_unit_test(child_paths),
	    cmocka_unit_test(child_rejects_bad_codes),
	    cmocka_unit_test(child_must_fit),
	    cmocka_unit_test(depth_counts_segments),
	    cmocka_unit_test(code_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
