/*
 * test_route.c — route patterns: literals, :params, trailing slashes,
 * empty segments and the parameter limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/route.h"

static void assert_param(const struct route_param *p, const char *name,
                         const char *value)
{
	assert_int_equal(p->name_len, strlen(name));
	assert_memory_equal(p->name, name, p->name_len);
	assert_int_equal(p->value_len, strlen(value));
	assert_memory_equal(p->value, value, p->value_len);
}

static void literal_routes(void **state)
{
	(void)state;
	struct route_params out;
	assert_true(route_match("/healthz", "/healthz", &out));
	assert_int_equal(out.n, 0);
	assert_true(route_match("/", "/", &out));
	assert_false(route_match("/healthz", "/health", &out));
	assert_false(route_match("/health", "/healthz", &out));
	assert_false(route_match("/api/v1/units", "/api/v1/unit", &out));
	assert_false(route_match("/api/v1/units", "/API/v1/units", &out));
}

static void one_param(void **state)
{
	(void)state;
	struct route_params out;
	const char *path = "/api/v1/units/62";
	assert_true(route_match("/api/v1/units/:code", path, &out));
	assert_int_equal(out.n, 1);
	assert_param(&out.p[0], "code", "62");
	assert_ptr_equal(out.p[0].value, path + strlen("/api/v1/units/"));
}

static void params_in_the_middle(void **state)
{
	(void)state;
	struct route_params out;
	assert_true(route_match("/api/v1/cases/:id/events/:event",
	                        "/api/v1/cases/123/events/9", &out));
	assert_int_equal(out.n, 2);
	assert_param(&out.p[0], "id", "123");
	assert_param(&out.p[1], "event", "9");
	assert_true(route_match("/api/v1/cases/:id/events",
	                        "/api/v1/cases/abc/events", &out));
	assert_param(&out.p[0], "id", "abc");
	assert_false(route_match("/api/v1/cases/:id/events",
	                         "/api/v1/cases/abc/notes", &out));
}

static void param_needs_a_non_empty_segment(void **state)
{
	(void)state;
	struct route_params out;
	assert_false(route_match("/units/:code", "/units/", &out));
	assert_false(route_match("/units/:code", "/units", &out));
	assert_false(route_match("/a/:x/b", "/a//b", &out));
}

static void param_matches_one_segment_only(void **state)
{
	(void)state;
	struct route_params out;
	assert_false(route_match("/units/:code", "/units/62/608", &out));
}

static void trailing_slash_is_not_ignored(void **state)
{
	(void)state;
	struct route_params out;
	assert_false(route_match("/a", "/a/", &out));
	assert_false(route_match("/a/", "/a", &out));
	assert_false(route_match("/units/:code", "/units/62/", &out));
	assert_true(route_match("/a/", "/a/", &out));
}

static void colon_inside_a_segment_is_literal(void **state)
{
	(void)state;
	struct route_params out;
	assert_true(route_match("/x/a:b", "/x/a:b", &out));
	assert_int_equal(out.n, 0);
	assert_false(route_match("/x/a:b", "/x/acd", &out));
}

static void up_to_max_params(void **state)
{
	(void)state;
	struct route_params out;
	assert_true(route_match("/:a/:b/:c/:d", "/1/2/3/4", &out));
	assert_int_equal(out.n, ROUTE_MAX_PARAMS);
	assert_param(&out.p[3], "d", "4");
	assert_false(route_match("/:a/:b/:c/:d/:e", "/1/2/3/4/5", &out));
}

static void different_segment_counts(void **state)
{
	(void)state;
	struct route_params out;
	assert_false(route_match("/:a/:b", "/1", &out));
	assert_false(route_match("/:a", "/1/2", &out));
	assert_false(route_match("/a/b/c", "/a/b", &out));
	assert_false(route_match("", "/", &out));
}

static void out_may_be_null(void **state)
{
	(void)state;
	assert_true(route_match("/units/:code", "/units/62", NULL));
	assert_false(route_match("/units/:code", "/cases/62", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(literal_routes),
	    cmocka_unit_test(one_param),
	    cmocka_unit_test(params_in_the_middle),
	    cmocka_unit_test(param_needs_a_non_empty_segment),
	    cmocka_unit_test(param_matches_one_segment_only),
	    cmocka_unit_test(trailing_slash_is_not_ignored),
	    cmocka_unit_test(colon_inside_a_segment_is_literal),
	    cmocka_unit_test(up_to_max_params),
	    cmocka_unit_test(different_segment_counts),
	    cmocka_unit_test(out_may_be_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
