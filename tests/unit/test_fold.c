/*
 * test_fold.c — the search key (text_fold), NFC normalisation, UTF-8
 * validation and code point counting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/arena.h"
#include "lib/fold.h"

static int arena_setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void fold_strips_vietnamese_diacritics(void **state)
{
	struct arena *a = *state;
	assert_string_equal(text_fold(a, "Đắk Tô"), "dak to");
	assert_string_equal(text_fold(a, "Nguyễn Văn Đức"), "nguyen van duc");
	assert_string_equal(text_fold(a, "Thừa Thiên Huế"), "thua thien hue");
	assert_string_equal(text_fold(a, "Bà Rịa – Vũng Tàu"),
	                    "ba ria – vung tau");
	assert_string_equal(text_fold(a, "ơ ư ă â ê ô"), "o u a a e o");
}

static void fold_maps_d_stroke(void **state)
{
	struct arena *a = *state;
	assert_string_equal(text_fold(a, "đ"), "d");
	assert_string_equal(text_fold(a, "Đ"), "d");
	assert_string_equal(text_fold(a, "Đồng Đăng"), "dong dang");
}

static void fold_folds_case(void **state)
{
	struct arena *a = *state;
	assert_string_equal(text_fold(a, "ĐẮK TÔ"), "dak to");
	assert_string_equal(text_fold(a, "dak to"), "dak to");
	assert_string_equal(text_fold(a, "HÀ NỘI"), "ha noi");
}

static void fold_same_key_for_nfc_and_nfd(void **state)
{
	struct arena *a = *state;
	/* "Tô" with o + combining circumflex (NFD). */
	assert_string_equal(text_fold(a, "To\xCC\x82"), "to");
	/* "ế" as e + circumflex + acute. */
	assert_string_equal(text_fold(a, "Hue\xCC\x82\xCC\x81"), "hue");
}

static void fold_collapses_and_trims_whitespace(void **state)
{
	struct arena *a = *state;
	assert_string_equal(text_fold(a, "  Đắk \t\n Tô  "), "dak to");
	assert_string_equal(text_fold(a, "a\xC2\xA0\xC2\xA0"
	                                 "b"),
	                    "a b"); /* no-break spaces */
	assert_string_equal(text_fold(a, "   "), "");
	assert_string_equal(text_fold(a, ""), "");
}

static void fold_drops_ignorables(void **state)
{
	struct arena *a = *state;
	assert_string_equal(text_fold(a, "Tô\xE2\x80\x8B"
	                                 "n"),
	                    "ton"); /* zero-width space */
}

static void fold_rejects_invalid_utf8(void **state)
{
	struct arena *a = *state;
	assert_null(text_fold(a, "abc\xFF"));
	assert_null(text_fold(a, "\xC3"));         /* truncated */
	assert_null(text_fold(a, "\xC0\xAF"));     /* overlong '/' */
	assert_null(text_fold(a, "\xED\xA0\x80")); /* surrogate */
}

static void nfc_composes(void **state)
{
	struct arena *a = *state;
	assert_string_equal(text_nfc(a, "To\xCC\x82"), "Tô");
	assert_string_equal(text_nfc(a, "Nguyễn"), "Nguyễn");
	assert_string_equal(text_nfc(a, ""), "");
	assert_null(text_nfc(a, "\xFF"));
}

static void valid_accepts_text(void **state)
{
	(void)state;
	assert_true(text_valid(""));
	assert_true(text_valid("Nguyễn Văn Đức"));
	assert_true(text_valid("line one\nline two\r\n\tindented"));
}

static void valid_rejects_bad_bytes_and_controls(void **state)
{
	(void)state;
	assert_false(text_valid("abc\xFF"));
	assert_false(text_valid("\xE1\xBB"));
	assert_false(text_valid("\xC0\xAF"));
	assert_false(text_valid("bell\x07"));
	assert_false(text_valid("esc\x1B[0m"));
	assert_false(text_valid("del\x7F"));
	assert_false(text_valid("c1\xC2\x85")); /* U+0085 NEL */
}

static void length_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(text_length(""), 0);
	assert_int_equal(text_length("abc"), 3);
	assert_int_equal(text_length("Đắk Tô"), 6);
	assert_int_equal(text_length("ễễễ"), 3);
	assert_int_equal(text_length("\xF0\x9F\x98\x80"), 1); /* emoji */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(fold_strips_vietnamese_diacritics,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(fold_maps_d_stroke, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(fold_folds_case, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(fold_same_key_for_nfc_and_nfd,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(fold_collapses_and_trims_whitespace,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(fold_drops_ignorables, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(fold_rejects_invalid_utf8,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(nfc_composes, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test(valid_accepts_text),
	    cmocka_unit_test(valid_rejects_bad_bytes_and_controls),
	    cmocka_unit_test(length_counts_code_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
