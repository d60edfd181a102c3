/*
 * test_arena.c — the request arena: zeroed aligned memory, copies, printf,
 * big one-off allocations and deferred cleanups run newest first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/arena.h"

static void alloc_is_zeroed_and_aligned(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	for (size_t n = 1; n < 100; n += 7) {
		unsigned char *p = arena_alloc(a, n);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAB, n);
	}
	arena_free(a);
}

static void used_counts_rounded_bytes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_int_equal(arena_used(a), 0);
	arena_alloc(a, 1);
	assert_int_equal(arena_used(a), 16);
	arena_alloc(a, 17);
	assert_int_equal(arena_used(a), 48);
	arena_free(a);
}

static void big_allocation_keeps_small_ones_working(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *small1 = arena_strdup(a, "before");
	char *big = arena_alloc(a, 100000);
	memset(big, 'x', 100000);
	char *small2 = arena_strdup(a, "after");
	assert_string_equal(small1, "before");
	assert_string_equal(small2, "after");
	assert_int_equal(big[99999], 'x');
	assert_true(arena_used(a) >= 100000);
	arena_free(a);
}

static void many_chunks(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *first = arena_strdup(a, "first");
	for (int i = 0; i < 10000; i++)
		arena_alloc(a, 100);
	assert_string_equal(first, "first");
	arena_free(a);
}

static void strdup_and_strndup(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(arena_strdup(a, "Đắk Tô"), "Đắk Tô");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_strdup(a, ""), "");
	assert_null(arena_strdup(a, NULL));
	assert_null(arena_strndup(a, NULL, 4));
	arena_free(a);
}

static void printf_formats(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(arena_printf(a, "%s/%d", "62", 608), "62/608");
	char longer[3000];
	memset(longer, 'z', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	char *p = arena_printf(a, "<%s>", longer);
	assert_int_equal(strlen(p), sizeof longer + 1);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[sizeof longer], '>');
	arena_free(a);
}

static int cleanup_order[4];
static int cleanup_count;

static void record_cleanup(void *p)
{
	cleanup_order[cleanup_count++] = *(int *)p;
}

static void deferred_cleanups_run_newest_first(void **state)
{
	(void)state;
	static int one = 1, two = 2, three = 3;
	cleanup_count = 0;
	struct arena *a = arena_new();
	arena_defer(a, record_cleanup, &one);
	arena_defer(a, record_cleanup, &two);
	arena_defer(a, record_cleanup, &three);
	assert_int_equal(cleanup_count, 0);
	arena_free(a);
	assert_int_equal(cleanup_count, 3);
	assert_int_equal(cleanup_order[0], 3);
	assert_int_equal(cleanup_order[1], 2);
	assert_int_equal(cleanup_order[2], 1);
}

static void free_null_is_allowed(void **state)
{
	(void)state;
	arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(alloc_is_zeroed_and_aligned),
	    cmocka_unit_test(used_counts_rounded_bytes),
	    cmocka_unit_test(big_allocation_keeps_small_ones_working),
	    cmocka_unit_test(many_chunks),
	    cmocka_unit_test(strdup_and_strndup),
	    cmocka_unit_test(printf_formats),
	    cmocka_unit_test(deferred_cleanups_run_newest_first),
	    cmocka_unit_test(free_null_is_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
