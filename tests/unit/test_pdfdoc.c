/*
 * test_pdfdoc.c — PDF documents over cairo: a Vietnamese report with a
 * table running over several pages comes out as a PDF with DejaVu
 * embedded and one page object per page drawn; landscape pages; a row
 * taller than a page is split, not lost; invalid UTF-8 and a missing font
 * fail; documents built in several threads at once all come out.
 *
 * The text itself is checked by hand with pdftotext (decision 0013): the
 * unit tests use no outside tool.  TROGIUP_PDFDOC_OUT=file.pdf writes the
 * first document to that file for such a check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/pdfdoc.h"

static size_t count(const char *data, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	const char *p = data, *end = data + len;
	while ((p = memmem(p, (size_t)(end - p), needle, k))) {
		n++;
		p += k;
	}
	return n;
}

/* Page objects: "/Type /Page" not followed by "s" (the page tree). */
static size_t page_objects(const char *data, size_t len)
{
	return count(data, len, "/Type /Page") -
	       count(data, len, "/Type /Pages");
}

static const struct pdfdoc_column columns[] = {
    {"STT", 1, PDFDOC_CENTER},
    {"Đơn vị", 5, PDFDOC_LEFT},
    {"Số người được trợ giúp xã hội hằng tháng", 3, PDFDOC_RIGHT},
    {"Ghi chú", 4, PDFDOC_LEFT},
};

static const char *const communes[] = {
    "Xã Đăk Tô",          "Xã Tu Mơ Rông", "Xã Ngọc Hồi", "Xã Đăk Hà",
    "Phường Quyết Thắng", "Xã Ya Ly",      "Xã Đăk Glei",
};

/* A report of rows lines under a title and a paragraph. */
static struct pdfdoc *report(int rows, bool landscape)
{
	char *err = NULL;
	struct pdfdoc_options opt = {.landscape = landscape,
	                             .title = "Báo cáo sáu tháng"};
	struct pdfdoc *d = pdfdoc_new(&opt, &err);
	assert_null(err);
	assert_non_null(d);
	pdfdoc_paragraph(d, "ỦY BAN NHÂN DÂN TỈNH KON TUM",
	                 &(struct pdfdoc_style){.bold = true});
	pdfdoc_title(d, "Quyết định về việc phê duyệt kế hoạch trợ giúp xã "
	                "hội năm 2024 của Ủy ban nhân dân tỉnh Kon Tum");
	pdfdoc_paragraph(
	    d,
	    "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm "
	    "2021 của Chính phủ quy định chính sách trợ giúp xã "
	    "hội đối với đối tượng bảo trợ xã hội; xét đề nghị "
	    "của Sở Lao động – Thương binh và Xã hội.",
	    NULL);
	pdfdoc_space(d, 6);
	pdfdoc_table_begin(d, columns, 4, 0);
	for (int i = 0; i < rows; i++) {
		char stt[16], people[32];
		snprintf(stt, sizeof stt, "%d", i + 1);
		snprintf(people, sizeof people, "%d", 1000 + 37 * i);
		const char *cells[] = {
		    stt, communes[i % 7], people,
		    i % 5 == 0 ? "Đã rà soát, bổ sung đối tượng mới theo "
		                 "Quyết định của Chủ tịch Ủy ban nhân dân huyện"
		               : NULL};
		pdfdoc_table_row(d, cells, 0);
	}
	const char *total[] = {"", "Tổng cộng", "123 456", ""};
	pdfdoc_table_row(d, total, PDFDOC_ROW_BOLD);
	pdfdoc_table_end(d);
	pdfdoc_paragraph(d, "Tu Mơ Rông, ngày 14 tháng 6 năm 2024",
	                 &(struct pdfdoc_style){.align = PDFDOC_RIGHT});
	return d;
}

static void finish_ok(struct pdfdoc *d, struct arena *a, char **data,
                      size_t *len)
{
	char *err = NULL;
	int rc = pdfdoc_finish(d, a, data, len, &err);
	if (rc != 0)
		fail_msg("pdfdoc_finish: %s", err);
	assert_null(err);
	assert_true(*len > 1000);
	assert_memory_equal(*data, "%PDF-", 5);
	assert_true(count(*data, *len, "%%EOF") >= 1);
}

static void vietnamese_report_over_pages(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct pdfdoc *d = report(150, false);
	int pages = pdfdoc_pages(d);
	assert_true(pages >= 3);
	char *data;
	size_t len;
	finish_ok(d, a, &data, &len);
	const char *out = getenv("TROGIUP_PDFDOC_OUT");
	if (out) {
		FILE *f = fopen(out, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(data, 1, len, f), len);
		fclose(f);
	}
	assert_int_equal(page_objects(data, len), (size_t)pages);
	/* The font is embedded (a TrueType subset) with a ToUnicode map,
	 * which is what lets a reader copy the Vietnamese back out. */
	assert_true(count(data, len, "/FontFile2") +
	                count(data, len, "/FontFile3") >=
	            1);
	assert_true(count(data, len, "+DejaVuSans") >= 1);
	assert_true(count(data, len, "+DejaVuSans-Bold") >= 1);
	assert_true(count(data, len, "/ToUnicode") >= 1);
	assert_true(count(data, len, "/MediaBox [ 0 0 595.27") ==
	            (size_t)pages);
	arena_free(a);
}

static void landscape_pages(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct pdfdoc *d = report(150, true);
	int pages = pdfdoc_pages(d);
	char *data;
	size_t len;
	finish_ok(d, a, &data, &len);
	assert_int_equal(page_objects(data, len), (size_t)pages);
	assert_int_equal(count(data, len, "/MediaBox [ 0 0 841.88"),
	                 (size_t)pages);
	/* Fewer rows fit on a landscape page. */
	struct pdfdoc *p = report(150, false);
	assert_true(pages > pdfdoc_pages(p));
	pdfdoc_free(p);
	arena_free(a);
}

static void short_document_is_one_page(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct pdfdoc *d = report(3, false);
	assert_int_equal(pdfdoc_pages(d), 1);
	char *data;
	size_t len;
	finish_ok(d, a, &data, &len);
	assert_int_equal(page_objects(data, len), 1);
	arena_free(a);
}

/* A cell of 150 lines cannot fit on one page: its lines continue on the
 * next pages instead of being cut off at the bottom margin. */
static void tall_row_is_split(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *err = NULL;
	struct pdfdoc *d = pdfdoc_new(NULL, &err);
	assert_non_null(d);
	char *tall = arena_alloc(a, 150 * 16);
	for (int i = 0; i < 150; i++)
		strcat(tall, i ? "\nDòng thứ" : "Dòng thứ");
	pdfdoc_table_begin(d, columns, 4, 0);
	const char *cells[] = {"1", tall, "7", NULL};
	pdfdoc_table_row(d, cells, 0);
	pdfdoc_table_end(d);
	/* 150 lines of 9.5 pt × 1.3 need 1852 pt: three A4 pages. */
	assert_int_equal(pdfdoc_pages(d), 3);
	char *data;
	size_t len;
	finish_ok(d, a, &data, &len);
	assert_int_equal(page_objects(data, len), 3);
	arena_free(a);
}

/* A row that would fit on an empty page but not under the repeated
 * header moves once, then splits: the document ends. */
static void row_almost_a_page_tall_moves_once(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *err = NULL;
	struct pdfdoc *d = pdfdoc_new(NULL, &err);
	assert_non_null(d);
	/* The body is 728 pt, 58 lines of 12.35 pt; the header takes 3. */
	char *tall = arena_alloc(a, 57 * 16);
	for (int i = 0; i < 57; i++)
		strcat(tall, i ? "\nDòng thứ" : "Dòng thứ");
	pdfdoc_table_begin(d, columns, 4, 0);
	const char *first[] = {"1", "Xã Đăk Tô", "7", NULL};
	pdfdoc_table_row(d, first, 0);
	const char *cells[] = {"2", tall, "7", NULL};
	pdfdoc_table_row(d, cells, 0);
	pdfdoc_table_end(d);
	assert_int_equal(pdfdoc_pages(d), 3);
	char *data;
	size_t len;
	finish_ok(d, a, &data, &len);
	arena_free(a);
}

static void long_word_is_broken(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *err = NULL;
	struct pdfdoc *d = pdfdoc_new(NULL, &err);
	assert_non_null(d);
	/* One 3000-letter "word" in a narrow column: broken into lines
	 * (several pages of them), never drawn beyond its border. */
	char *word = arena_alloc(a, 3000 * 3 + 1);
	for (int i = 0; i < 3000; i++)
		strcat(word, "ể");
	pdfdoc_table_begin(d, columns, 4, 0);
	const char *cells[] = {"1", "x", "2", word};
	pdfdoc_table_row(d, cells, 0);
	pdfdoc_table_end(d);
	assert_true(pdfdoc_pages(d) > 2);
	char *data;
	size_t len;
	finish_ok(d, a, &data, &len);
	arena_free(a);
}

static void invalid_utf8_fails(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *err = NULL;
	struct pdfdoc *d = pdfdoc_new(NULL, &err);
	assert_non_null(d);
	pdfdoc_paragraph(d, "Kon Tum \xC3\x28", NULL);
	char *data = NULL;
	size_t len = 0;
	assert_int_equal(pdfdoc_finish(d, a, &data, &len, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "UTF-8"));
	assert_null(data);
	free(err);
	arena_free(a);
}

static void missing_font_fails(void **state)
{
	(void)state;
	char *err = NULL;
	struct pdfdoc_options opt = {.font_dir = "/nonexistent/fonts"};
	assert_null(pdfdoc_new(&opt, &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "/nonexistent/fonts"));
	free(err);
}

#define THREADS 4

static void *build_in_thread(void *arg)
{
	size_t *len = arg;
	struct arena *a = arena_new();
	struct pdfdoc *d = report(60, false);
	char *data, *err = NULL;
	if (pdfdoc_finish(d, a, &data, len, &err) != 0 ||
	    memcmp(data, "%PDF-", 5) != 0 || page_objects(data, *len) < 2)
		*len = 0;
	free(err);
	arena_free(a);
	return NULL;
}

static void documents_in_threads(void **state)
{
	(void)state;
	pthread_t t[THREADS];
	size_t len[THREADS] = {0};
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(
		    pthread_create(&t[i], NULL, build_in_thread, &len[i]), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (int i = 0; i < THREADS; i++) {
		assert_true(len[i] > 1000);
		/* Same content, same size: the subset fonts do not depend on
		 * what the other threads drew. */
		assert_int_equal(len[i], len[0]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(vietnamese_report_over_pages),
	    cmocka_unit_test(landscape_pages),
	    cmocka_unit_test(short_document_is_one_page),
	    cmocka_unit_test(tall_row_is_split),
	    cmocka_unit_test(row_almost_a_page_tall_moves_once),
	    cmocka_unit_test(long_word_is_broken),
	    cmocka_unit_test(invalid_utf8_fails),
	    cmocka_unit_test(missing_font_fails),
	    cmocka_unit_test(documents_in_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
