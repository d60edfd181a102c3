/*
 * test_report_files.c — the files of a periodic report (report_xlsx.c,
 * report_pdf.c over report_form.c; docs/reports.md §Exports) from a
 * report's JSON as GET /reports/ID gives it: a district's consolidated
 * six-monthly report with Vietnamese names and a narrative over several
 * lines, a viewer's masked annual report of an agency, a report with no
 * data at all, one with a narrative longer than a worksheet row, and a
 * document without a unit (refused).
 *
 * The workbook is unzipped here (central directory + raw inflate, as
 * test_budget_xlsx.c) and its strings and cells checked; the PDF is
 * checked for its structure only (its text is compressed; the API test
 * reads it back with pdftotext).  TROGIUP_REPORT_OUT=dir writes the
 * district's and the agency's files there to look at.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "api/report_internal.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "zip_entry.h"

/* A district's report: indicators of two projects (one with the sex
 * breakdown), budget, activities, the consolidation of three communes
 * (one missing), a narrative with line breaks. */
static const char district_json[] =
    "{\"id\": 7, \"template\": \"six_monthly\", \"period\": \"2020S1\","
    " \"unit\": {\"code\": \"612\", \"name\": \"Đắk Tô\","
    "  \"type\": \"Huyện\", \"level\": 2},"
    " \"tree\": \"2024\", \"agency\": null, \"project\": null,"
    " \"plan\": {\"id\": 2, \"number\": \"787/KH-UBND\"},"
    " \"status\": \"submitted\","
    " \"window\": {\"rule\": \"decree_09\", \"from\": \"2019-12-15\","
    "  \"to\": \"2020-06-14\"},"
    " \"due_date\": \"2020-06-15\", \"deadline_at\": \"2020-06-15T17:00:00Z\","
    " \"days_left\": 3, \"timeliness\": \"on_time\","
    " \"submitted_at\": \"2020-06-10T03:00:00Z\","
    " \"last_submitted_at\": \"2020-06-10T03:00:00Z\","
    " \"approved_at\": null, \"approved_by\": null,"
    " \"number\": \"12/BC-UBND\", \"report_date\": \"2020-06-10\","
    " \"signer_title\": \"Chủ tịch\", \"signer_name\": \"Nguyễn Văn Ánh\","
    " \"narrative\": {\"results\": \"Ủy ban nhân dân huyện đã triển khai "
    "kế hoạch đến 9 xã.\\nTrung tâm Bảo trợ xã hội tiếp nhận 14 trường "
    "hợp.\", \"difficulties\": \"Thiếu cộng tác viên công tác xã hội ở "
    "các xã vùng sâu.\", \"proposals\": \"\"},"
    " \"data\": {\"computed_at\": \"2020-06-10T03:00:00Z\","
    "  \"indicators\": ["
    "   {\"code\": \"p1_disadvantaged_supported_pct\", \"project\": 1,"
    "    \"kind\": \"percent\", \"name_vi\": \"Tỷ lệ người có hoàn cảnh "
    "khó khăn được tư vấn, hỗ trợ và quản lý từ các cơ sở trợ giúp xã "
    "hội\", \"name_en\": \"Share supported\", \"numerator\": 12,"
    "    \"denominator\": 40, \"value\": 30.0, \"target\": 85,"
    "    \"target_year\": 2020, \"status\": \"off_track\","
    "    \"by_sex\": {\"male\": {\"numerator\": 5, \"denominator\": 20},"
    "     \"female\": {\"numerator\": 7, \"denominator\": 20}}},"
    "   {\"code\": \"p1_staff_trained_count\", \"project\": 1,"
    "    \"kind\": \"count\", \"name_vi\": \"Số cán bộ được bồi dưỡng kỹ "
    "năng\", \"name_en\": \"Staff trained\", \"numerator\": 1200,"
    "    \"denominator\": null, \"value\": 1200, \"target\": 1000,"
    "    \"target_year\": 2020, \"status\": \"on_track\"},"
    "   {\"code\": \"p2_children_cared_pct\", \"project\": 2,"
    "    \"kind\": \"percent\", \"name_vi\": \"Tỷ lệ trẻ em có hoàn cảnh "
    "đặc biệt được chăm sóc\", \"name_en\": \"Children cared for\","
    "    \"numerator\": null, \"denominator\": null, \"value\": null,"
    "    \"target\": null, \"target_year\": null, \"status\": "
    "\"no_target\"}],"
    "  \"budget\": {\"plan_id\": 2, \"plan_number\": \"787/KH-UBND\","
    "   \"year\": 2020, \"estimate\": 1000000000, \"allocated\": 800000000,"
    "   \"spent\": 300000000, \"by_project\": [{\"project\": 1,"
    "   \"estimate\": 1000000000, \"allocated\": 800000000, \"spent\": "
    "300000000}]},"
    "  \"activities\": {\"trainings\": 2, \"training_participants\": 60,"
    "   \"communications\": 5, \"communication_reach\": 1200,"
    "   \"cases_opened\": 14, \"cases_closed\": 3, \"cases_open_at_end\": "
    "30, \"facilities_active\": 1}},"
    " \"consolidation\": {\"computed_at\": \"2020-06-10T03:00:00Z\","
    "  \"children\": ["
    "   {\"code\": \"23401001\", \"name\": \"Xã Đắk Tô\", \"report_id\": 3,"
    "    \"status\": \"approved\", \"timeliness\": \"on_time\","
    "    \"approved\": true},"
    "   {\"code\": \"23401002\", \"name\": \"Xã Tu Mơ Rông\","
    "    \"report_id\": 4, \"status\": \"approved\", \"timeliness\": "
    "\"late\", \"approved\": true},"
    "   {\"code\": \"23401003\", \"name\": \"Thị trấn Đắk Hà\","
    "    \"report_id\": null, \"status\": null, \"timeliness\": "
    "\"missing\", \"approved\": false}],"
    "  \"missing\": [\"23401003\"],"
    "  \"indicators\": [{\"code\": \"p1_disadvantaged_supported_pct\","
    "   \"kind\": \"percent\", \"numerator\": 31, \"denominator\": 50,"
    "   \"value\": 62.0, \"summed\": 2, \"unknown\": 0, \"missing\": 1}]},"
    " \"last_return\": null, \"events\": [],"
    " \"may\": {\"edit\": false}, \"version\": 3}";

/* A viewer's copy of an agency's annual draft: masked counts. */
static const char agency_json[] =
    "{\"template\": \"annual\", \"period\": \"2021\","
    " \"unit\": {\"code\": \"62\", \"name\": \"Tỉnh Kon Tum\", \"level\": 1},"
    " \"agency\": \"Sở Lao động - Thương binh và Xã hội\", \"project\": 1,"
    " \"status\": \"draft\","
    " \"window\": {\"from\": \"2020-12-15\", \"to\": \"2021-12-14\"},"
    " \"number\": \"\", \"report_date\": \"\", \"signer_title\": \"Giám đốc\","
    " \"signer_name\": \"\","
    " \"narrative\": {\"results\": \"\", \"difficulties\": \"\","
    "  \"proposals\": \"\"},"
    " \"data\": {\"indicators\": [{\"code\": "
    "\"p1_disadvantaged_supported_pct\","
    "   \"project\": 1, \"kind\": \"percent\", \"name_vi\": \"Tỷ lệ người "
    "được hỗ trợ\", \"numerator\": \"<5\", \"denominator\": 40,"
    "   \"value\": null, \"suppressed\": true, \"target\": 30,"
    "   \"target_year\": 2025, \"status\": \"no_target\"}],"
    "  \"budget\": null, \"activities\": {\"trainings\": \"<5\"}},"
    " \"consolidation\": null}";

struct files {
	char *xlsx, *pdf;
	size_t xlsx_len, pdf_len;
	json_t *doc;
	struct arena *a;
};

static void write_both(struct files *f, const char *json)
{
	json_error_t err;
	f->doc = json_loads(json, 0, &err);
	if (f->doc == NULL)
		fail_msg("fixture JSON, line %d: %s", err.line, err.text);
	f->a = arena_new();
	assert_true(report_xlsx_write(f->doc, &f->xlsx, &f->xlsx_len));
	assert_true(report_pdf_write(f->doc, &f->pdf, &f->pdf_len));
}

static void files_free(struct files *f)
{
	free(f->xlsx);
	free(f->pdf);
	json_decref(f->doc);
	arena_free(f->a);
}

static char *entry(struct files *f, const char *name)
{
	return zip_entry(f->a, f->xlsx, f->xlsx_len, name);
}

static void has(const char *xml, const char *needle)
{
	if (strstr(xml, needle) == NULL)
		fail_msg("missing: %s", needle);
}

static void lacks(const char *xml, const char *needle)
{
	if (strstr(xml, needle) != NULL)
		fail_msg("unexpected: %s", needle);
}

/* A PDF: the header, the end marker, pages, DejaVu embedded. */
static void is_pdf(const struct files *f)
{
	assert_true(f->pdf_len > 10000);
	assert_memory_equal(f->pdf, "%PDF-", 5);
	assert_non_null(memmem(f->pdf + f->pdf_len - 16, 16, "%%EOF", 5));
	assert_non_null(memmem(f->pdf, f->pdf_len, "DejaVuSans", 10));
	assert_non_null(memmem(f->pdf, f->pdf_len, "/Type /Page", 11));
}

static void save(const struct files *f, const char *name)
{
	const char *dir = getenv("TROGIUP_REPORT_OUT");
	if (dir == NULL)
		return;
	const char *ext[] = {"xlsx", "pdf"};
	const char *data[] = {f->xlsx, f->pdf};
	size_t len[] = {f->xlsx_len, f->pdf_len};
	for (int i = 0; i < 2; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext[i]);
		FILE *out = fopen(path, "wb");
		assert_non_null(out);
		assert_int_equal(fwrite(data[i], 1, len[i], out), len[i]);
		fclose(out);
	}
}

static void district_report(void **state)
{
	(void)state;
	struct files f = {0};
	write_both(&f, district_json);
	save(&f, "district");
	assert_true(f.xlsx_len > 5000);
	assert_memory_equal(f.xlsx, "PK\x03\x04", 4);
	has(entry(&f, "xl/workbook.xml"), "name=\"Báo cáo\"");
	const char *s = entry(&f, "xl/sharedStrings.xml");
	assert_non_null(s);
	/* the header, the title with its period */
	has(s, "ỦY BAN NHÂN DÂN");
	has(s, "HUYỆN ĐẮK TÔ");
	has(s, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	has(s, "Độc lập - Tự do - Hạnh phúc");
	has(s, "Số: 12/BC-UBND");
	has(s, "Đắk Tô, ngày 10 tháng 06 năm 2020");
	has(s, "Kết quả thực hiện kế hoạch trợ giúp xã hội 6 tháng đầu năm "
	       "2020");
	has(s, "(Kỳ báo cáo: từ 15/12/2019 đến 14/06/2020)");
	lacks(s, "DỰ THẢO"); /* submitted */
	/* the sections in order, IV present */
	const char *i = strstr(s, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU");
	const char *iv = strstr(s, "IV. TỔNG HỢP TỪ CÁC ĐƠN VỊ CẤP DƯỚI");
	const char *v = strstr(s, "V. KẾT QUẢ, KHÓ KHĂN, KIẾN NGHỊ");
	assert_true(i != NULL && iv != NULL && v != NULL && i < iv && iv < v);
	has(s, "II. KINH PHÍ THỰC HIỆN");
	has(s, "III. KẾT QUẢ CÁC HOẠT ĐỘNG");
	/* indicators grouped by project, statuses in Vietnamese */
	has(s, "Dự án 1: Phát triển hệ thống trợ giúp xã hội");
	has(s, "Dự án 2: Phát triển hệ thống bảo vệ trẻ em");
	has(s, "p1_disadvantaged_supported_pct");
	has(s, "Chậm tiến độ");
	has(s, "Đạt tiến độ");
	has(s, "Chưa có chỉ tiêu");
	has(s, "– Nữ");
	has(s, "Số lượt người được truyền thông");
	/* consolidation: children, the missing one named */
	has(s, "Xã Tu Mơ Rông");
	has(s, "Chưa lập báo cáo");
	has(s, "Thị trấn Đắk Hà (23401003)");
	/* narrative: one row per line; an empty part says so */
	has(s, "Ủy ban nhân dân huyện đã triển khai kế hoạch đến 9 xã.</t>");
	has(s, "<t>Trung tâm Bảo trợ xã hội tiếp nhận 14 trường hợp.");
	has(s, "Không có.");
	/* signature */
	has(s, "Nơi nhận:");
	has(s, "TM. ỦY BAN NHÂN DÂN");
	has(s, "CHỦ TỊCH");
	has(s, "Nguyễn Văn Ánh");
	/* numbers stay numbers, with the Vietnamese formats */
	const char *sheet = entry(&f, "xl/worksheets/sheet1.xml");
	has(sheet, "<v>1000000000</v>");
	has(sheet, "<v>30</v>");
	has(sheet, "<v>62</v>");
	has(sheet, "fitToPage=\"1\"");
	has(sheet, "paperSize=\"9\"");
	has(entry(&f, "xl/styles.xml"), "[$-42A]#,##0");
	is_pdf(&f);
	files_free(&f);
}

static void masked_agency_report(void **state)
{
	(void)state;
	struct files f = {0};
	write_both(&f, agency_json);
	save(&f, "agency");
	const char *s = entry(&f, "xl/sharedStrings.xml");
	has(s, "UBND TỈNH KON TUM");
	has(s, "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI");
	has(s, "GIÁM ĐỐC");
	lacks(s, "TM. ỦY BAN NHÂN DÂN");
	has(s, "Kết quả thực hiện kế hoạch trợ giúp xã hội năm 2021");
	has(s, "Dự án 1: Phát triển hệ thống trợ giúp xã hội");
	has(s, "DỰ THẢO");
	has(s, "Số: ........");
	has(s, "Kon Tum, ngày ...... tháng ...... năm ......");
	has(s, "&lt;5");
	has(s, "Số từ 1 đến 4 ghi là");
	has(s, "30% (năm 2025)");
	has(s, "Chưa có số liệu kinh phí năm 2021");
	/* no consolidation: the narrative is section IV */
	has(s, "IV. KẾT QUẢ, KHÓ KHĂN, KIẾN NGHỊ");
	lacks(s, "TỔNG HỢP TỪ CÁC ĐƠN VỊ CẤP DƯỚI");
	is_pdf(&f);
	files_free(&f);
}

/* A report whose data is empty still makes a whole form. */
static void empty_report(void **state)
{
	(void)state;
	struct files f = {0};
	write_both(&f, "{\"template\": \"six_monthly\", \"period\": \"2020S2\","
	               " \"unit\": {\"code\": \"1\", \"name\": \"Xã A\"},"
	               " \"data\": {}}");
	const char *s = entry(&f, "xl/sharedStrings.xml");
	has(s, "6 tháng cuối năm 2020");
	has(s, "Không có chỉ tiêu nào trong kỳ báo cáo.");
	has(s, "Chưa có số liệu hoạt động.");
	is_pdf(&f);
	files_free(&f);
}

/* 30 000 characters in one line: cut into rows a worksheet can hold,
 * every word kept; the PDF runs over pages. */
static void long_narrative(void **state)
{
	(void)state;
	size_t n = 3000;
	char *text = malloc(n * 16 + 1), *p = text;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "Đắk%05zu ", i);
	p[-1] = '\0';
	json_t *doc = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}}", "template",
	                        "annual", "period", "2020", "unit", "name",
	                        "Xã Đắk Tô", "narrative", "results", text);
	free(text);
	struct files f = {.doc = doc, .a = arena_new()};
	assert_true(report_xlsx_write(doc, &f.xlsx, &f.xlsx_len));
	assert_true(report_pdf_write(doc, &f.pdf, &f.pdf_len));
	const char *s = entry(&f, "xl/sharedStrings.xml");
	has(s, "Đắk00000 ");
	has(s, " Đắk02999</t>");
	for (size_t i = 0; i < n; i += 97) {
		char word[16];
		snprintf(word, sizeof word, "Đắk%05zu", i);
		has(s, word);
	}
	/* no row higher than Excel allows */
	const char *sheet = entry(&f, "xl/worksheets/sheet1.xml");
	for (const char *h = sheet; (h = strstr(h, " ht=\"")) != NULL; h++)
		assert_true(atof(h + 5) <= 409);
	is_pdf(&f);
	files_free(&f);
}

static void refused(void **state)
{
	(void)state;
	char *buf = (char *)1;
	size_t len = 1;
	json_t *doc =
	    json_pack("{s:s, s:s}", "template", "annual", "period", "2020");
	assert_false(report_xlsx_write(doc, &buf, &len));
	assert_null(buf);
	assert_int_equal(len, 0);
	buf = (char *)1;
	assert_false(report_pdf_write(doc, &buf, &len));
	assert_null(buf);
	json_decref(doc);
	doc = json_pack("{s:s, s:s, s:{s:s}}", "template", "six_monthly",
	                "period", "2020", "unit", "name", "Xã A");
	assert_false(report_xlsx_write(doc, &buf, &len));
	json_decref(doc);
}

/* Every temporary workbook is gone afterwards. */
static void no_temporary_files(void **state)
{
	(void)state;
	DIR *d = opendir(getenv("TMPDIR"));
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "trogiup-report-", 15) == 0)
			fail_msg("left behind: %s", e->d_name);
	closedir(d);
}

int main(void)
{
	char dir[] = "/tmp/test_report_files-XXXXXX";
	if (mkdtemp(dir) == NULL)
		return 1;
	setenv("TMPDIR", dir, 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(district_report),
	    cmocka_unit_test(masked_agency_report),
	    cmocka_unit_test(empty_report),
	    cmocka_unit_test(long_narrative),
	    cmocka_unit_test(refused),
	    cmocka_unit_test(no_temporary_files),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return failed;
}
