/*
 * test_fold.c — the search key (text_fold) and its table fast path, NFC
 * normalisation, UTF-8 validation, code point counting and text_scan.
 *
 * The fast path is checked against the slow one through text_fold alone:
 * a trailing U+200B (zero-width space, a default ignorable that folds to
 * nothing and has no table entry) sends a string down the utf8proc path,
 * so text_fold(s) must equal text_fold(s + U+200B) whenever text_scan
 * says s is table text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
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

#define ZWSP "\xE2\x80\x8B"

/* Appends cp (below U+10000) to buf at *n as UTF-8. */
static void put_cp(char *buf, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		buf[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		buf[(*n)++] = (char)(0xC0 | (cp >> 6));
		buf[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		buf[(*n)++] = (char)(0xE0 | (cp >> 12));
		buf[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
	buf[*n] = '\0';
}

/* s takes the table path and gives what the utf8proc path gives. */
static void assert_fast_fold_is_slow_fold(struct arena *a, const char *s)
{
	size_t chars;
	bool control, nfc;
	text_scan(s, &chars, &control, &nfc);
	assert_true(nfc);
	const char *fast = text_fold(a, s);
	const char *slow = text_fold(a, arena_printf(a, "%s" ZWSP, s));
	assert_non_null(fast);
	assert_non_null(slow);
	if (strcmp(fast, slow) != 0)
		fail_msg("'%s' folds to '%s' by table, '%s' by utf8proc", s,
		         fast, slow);
}

/* Every code point of the tables, between letters and in other places. */
static void fold_table_matches_utf8proc_per_code_point(void **state)
{
	struct arena *a = *state;
	static const uint32_t ranges[][2] = {{0x01, 0x300}, {0x1E00, 0x1F00}};
	/* %s: the code point (twice for "%s%s") */
	static const char *const contexts[] = {
	    "a%sa", "%s", " %s ", "%s%s", "Đ%sß", "%s\t\n X", "ẞ %s Ỹ",
	};
	for (size_t r = 0; r < 2; r++) {
		for (uint32_t cp = ranges[r][0]; cp < ranges[r][1]; cp++) {
			char c[4];
			size_t n = 0;
			put_cp(c, &n, cp);
			for (size_t k = 0;
			     k < sizeof contexts / sizeof contexts[0]; k++) {
				char s[32];
				snprintf(s, sizeof s, contexts[k], c, c);
				assert_fast_fold_is_slow_fold(a, s);
			}
		}
	}
}

/* Random strings of table code points and whitespace runs. */
static void fold_table_matches_utf8proc_on_mixed_text(void **state)
{
	struct arena *a = *state;
	static const uint32_t pieces[] = {' ',  ' ',   '\t',  '\n', '\r', 0xA0,
	                                  0xA0, 0x110, 0x111, 'A',  'z',  '-'};
	uint32_t seed = 12345;
	for (int i = 0; i < 20000; i++) {
		char s[256];
		size_t n = 0;
		s[0] = '\0';
		int len = 1 + (int)(seed % 40);
		for (int k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t x = seed >> 8;
			uint32_t cp;
			if (x % 3 == 0)
				cp = pieces[(x / 3) %
				            (sizeof pieces / sizeof pieces[0])];
			else if (x % 3 == 1)
				cp = 0x20 + (x / 3) % (0x300 - 0x20);
			else
				cp = 0x1E00 + (x / 3) % 0x100;
			put_cp(s, &n, cp);
		}
		assert_fast_fold_is_slow_fold(a, s);
	}
}

static void fold_table_gives_vietnamese_keys(void **state)
{
	struct arena *a = *state;
	assert_fast_fold_is_slow_fold(a, "Đắk Tô");
	assert_string_equal(text_fold(a, "Đắk Tô"), "dak to");
	assert_string_equal(text_fold(a, "  NGUYỄN\t\tVăn  Đức\n"),
	                    "nguyen van duc");
	assert_string_equal(text_fold(a, "Ằ\xC2\xA0ẞ"), "a ss");
}

/* A combining mark (or another script) has no entry: the whole string
 * goes through utf8proc and still folds right. */
static void fold_falls_back_outside_the_tables(void **state)
{
	struct arena *a = *state;
	size_t chars;
	bool control, nfc;
	const char *nfd = "Đa\xCC\x86\xCC\x81k To\xCC\x82"; /* Đắk Tô */
	text_scan(nfd, &chars, &control, &nfc);
	assert_false(nfc);
	assert_int_equal(chars, 9);
	assert_string_equal(text_fold(a, nfd), "dak to");
	assert_string_equal(text_fold(a, "Đắk 中 Tô"), "dak 中 to");
	assert_string_equal(text_fold(a, "ĐẮK\xE2\x80\x83TÔ"), "dak to");
	assert_null(text_fold(a, "Đắk\xC3"));      /* truncated */
	assert_null(text_fold(a, "\xE1\xBB"));     /* truncated ễ */
	assert_null(text_fold(a, "\xE1\xBB\x41")); /* bad continuation */
	assert_null(text_fold(a, "a\xC1\x81"));    /* overlong 'A' */
}

static void scan_counts_and_reports_controls(void **state)
{
	(void)state;
	size_t chars;
	bool control, nfc;
	text_scan("", &chars, &control, &nfc);
	assert_int_equal(chars, 0);
	assert_false(control);
	assert_true(nfc);
	text_scan("Đắk Tô\tline\r\n", &chars, &control, &nfc);
	assert_int_equal(chars, 13);
	assert_false(control);
	assert_true(nfc);
	static const char *const with_control[] = {
	    "bell\x07", "esc\x1B[0m", "del\x7F", "c1\xC2\x85",
	    "\x01Đắk",  "Tô\xC2\x9F", "中\x1F",
	};
	for (size_t i = 0; i < sizeof with_control / sizeof with_control[0];
	     i++) {
		text_scan(with_control[i], &chars, &control, &nfc);
		assert_true(control);
		assert_int_equal(chars, text_length(with_control[i]));
	}
	text_scan("Đắk 中 \xF0\x9F\x98\x80", &chars, &control, &nfc);
	assert_int_equal(chars, 7);
	assert_false(control);
	assert_false(nfc);
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
	    cmocka_unit_test_setup_teardown(
	        fold_table_matches_utf8proc_per_code_point, arena_setup,
	        arena_teardown),
	    cmocka_unit_test_setup_teardown(
	        fold_table_matches_utf8proc_on_mixed_text, arena_setup,
	        arena_teardown),
	    cmocka_unit_test_setup_teardown(fold_table_gives_vietnamese_keys,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(fold_falls_back_outside_the_tables,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test(scan_counts_and_reports_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
