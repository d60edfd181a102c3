/*
 * test_plan.c — the rules of plans and targets (domain/plan.h,
 * docs/indicators.md §Plans): number, title, period and project bounds,
 * which units hold plans in each tree, target ranges by kind, the year of
 * a target and of its baseline, and the year shift of a copy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "domain/plan.h"

static void test_number_and_title(void **state)
{
	(void)state;
	assert_true(plan_number_valid("787/KH-UBND"));
	assert_true(plan_number_valid("12"));
	assert_false(plan_number_valid("7"));
	assert_false(plan_number_valid(""));
	assert_false(plan_number_valid("   "));
	assert_false(plan_number_valid(NULL));
	/* 50 characters of two bytes each pass, 51 do not */
	assert_true(plan_number_valid(
	    "ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ"));
	assert_false(plan_number_valid(
	    "ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ"));

	assert_true(plan_title_valid("Kế hoạch thực hiện Chương trình"));
	assert_true(plan_title_valid("Trẻ"));
	assert_false(plan_title_valid("Kế"));
	assert_false(plan_title_valid(NULL));
}

static void test_period_and_project(void **state)
{
	(void)state;
	assert_true(plan_year_valid(2000));
	assert_true(plan_year_valid(2100));
	assert_false(plan_year_valid(1999));
	assert_false(plan_year_valid(2101));
	assert_true(plan_period_valid(2017, 2020));
	assert_true(plan_period_valid(2020, 2020));
	assert_false(plan_period_valid(2021, 2020));
	assert_false(plan_period_valid(1999, 2020));
	assert_false(plan_period_valid(2017, 2101));
	for (int p = 1; p <= 4; p++)
		assert_true(plan_project_valid(p));
	assert_false(plan_project_valid(0));
	assert_false(plan_project_valid(5));
}

static void test_unit_level(void **state)
{
	(void)state;
	assert_true(plan_unit_level_valid("2024", 1));
	assert_true(plan_unit_level_valid("2024", 2));
	assert_false(plan_unit_level_valid("2024", 3));
	assert_true(plan_unit_level_valid("2025", 1));
	/* the 2025 tree has no districts: its level 2 is the commune */
	assert_false(plan_unit_level_valid("2025", 2));
}

static void test_target_range(void **state)
{
	(void)state;
	assert_true(plan_target_valid(IND_PERCENT, 0));
	assert_true(plan_target_valid(IND_PERCENT, 86.5));
	assert_true(plan_target_valid(IND_PERCENT, 100));
	assert_false(plan_target_valid(IND_PERCENT, 120));
	assert_false(plan_target_valid(IND_PERCENT, -1));
	assert_true(plan_target_valid(IND_REDUCTION, 50));
	assert_false(plan_target_valid(IND_REDUCTION, 100.5));
	assert_true(plan_target_valid(IND_COUNT, 1200));
	assert_true(plan_target_valid(IND_COUNT, 0));
	assert_false(plan_target_valid(IND_COUNT, -3));
	assert_false(plan_target_valid(IND_COUNT, NAN));
	assert_false(plan_target_valid(IND_COUNT, INFINITY));
}

static void test_years(void **state)
{
	(void)state;
	assert_true(plan_year_in_period(2018, 2018, 2020));
	assert_true(plan_year_in_period(2020, 2018, 2020));
	assert_false(plan_year_in_period(2017, 2018, 2020));
	assert_false(plan_year_in_period(2021, 2018, 2020));
	/* Tam Đường's baseline of 2016 for a 2017–2020 plan's 2020 target */
	assert_true(plan_baseline_year_valid(2016, 2020));
	assert_true(plan_baseline_year_valid(2020, 2020));
	assert_false(plan_baseline_year_valid(2021, 2020));
	assert_false(plan_baseline_year_valid(1990, 2020));
}

static void test_copy_shift(void **state)
{
	(void)state;
	assert_int_equal(plan_copy_year(2020, 2018, 2021), 2023);
	assert_int_equal(plan_copy_year(2018, 2018, 2021), 2021);
	assert_int_equal(plan_copy_year(2020, 2018, 2015), 2017);
	/* 2018–2020 into 2021–2025 fits; into 2021–2022 the 2020 targets
	 * would land in 2023 */
	assert_true(plan_copy_fits(2018, 2020, 2018, 2021, 2025));
	assert_true(plan_copy_fits(2018, 2020, 2018, 2021, 2023));
	assert_false(plan_copy_fits(2018, 2020, 2018, 2021, 2022));
	/* no targets */
	assert_true(plan_copy_fits(1, 0, 2018, 2021, 2021));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_number_and_title),
	    cmocka_unit_test(test_period_and_project),
	    cmocka_unit_test(test_unit_level),
	    cmocka_unit_test(test_target_range),
	    cmocka_unit_test(test_years),
	    cmocka_unit_test(test_copy_shift),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
