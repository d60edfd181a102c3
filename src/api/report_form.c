/*
 * report_form.c — a periodic report's printed form from its JSON
 * (report_form.h): the texts of the header, title, narrative and
 * signature, the cells and blocks the sections are made of
 * (report_form_internal.h), and the whole form in order.  The sections
 * drawn from the data are report_form_sections.c's.  The XLSX and PDF
 * writers only draw what is built here.
 *
 * Decisions:
 * - The place in "…, ngày … tháng … năm …" is the unit's name without its
 *   level word ("Đắk Tô", not "Xã Đắk Tô"), as Decree 30/2020/NĐ-CP
 *   writes place names; the issuing body above it keeps the level word
 *   ("XÃ ĐẮK TÔ").  A date not filled in yet prints as dots to fill by
 *   hand, as on a paper form.
 * - An agency's report (a department leading one project) is issued by
 *   the agency under the people's committee of its unit, and signed by
 *   its head without "TM."; a unit's report on behalf of the committee.
 * - Sections are numbered in order, so without a consolidation the
 *   narrative is IV, not V.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "api/report_form_internal.h"
#include "lib/arena.h"
#include "lib/log.h"

#define BLOCKS_MAX 48

static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI"};

const char *const form_project_names[PROJECTS + 1] = {
    NULL,
    "Phát triển hệ thống trợ giúp xã hội đối với các đối tượng yếu thế",
    "Phát triển hệ thống bảo vệ trẻ em",
    "Hỗ trợ thực hiện các mục tiêu quốc gia về bình đẳng giới",
    "Phát triển hệ thống dịch vụ hỗ trợ người cai nghiện ma túy, người "
    "bán dâm và nạn nhân bị mua bán",
};

/* ---- text ---------------------------------------------------------------- */

const char *form_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s != NULL ? s : "";
}

/* s in capitals ("Xã Đắk Tô" → "XÃ ĐẮK TÔ"); s is valid UTF-8 (jansson's
 * strings always are). */
static const char *upper(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n * 4 + 1), *o = out;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	for (size_t i = 0; i < n;) {
		utf8proc_ssize_t k = utf8proc_iterate(p + i, n - i, &cp);
		if (k <= 0)
			break;
		o += utf8proc_encode_char(utf8proc_toupper(cp),
		                          (utf8proc_uint8_t *)o);
		i += (size_t)k;
	}
	*o = '\0';
	return out;
}

/* The place name of a unit: its name without the level word. */
static const char *place_name(const char *name)
{
	static const char *const levels[] = {
	    "Thành phố ", "Thị xã ", "Thị trấn ", "Tỉnh ",
	    "Huyện ",     "Quận ",   "Phường ",   "Xã ",
	};
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
		size_t k = strlen(levels[i]);
		if (strncmp(name, levels[i], k) == 0 && name[k] != '\0')
			return name + k;
	}
	return name;
}

/* 1234567 → "1.234.567". */
static const char *vn_int(struct arena *a, long long v)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
	size_t n = strlen(digits);
	char *out = arena_alloc(a, n + n / 3 + 2), *o = out;
	if (v < 0)
		*o++ = '-';
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			*o++ = '.';
		*o++ = digits[i];
	}
	return out;
}

/* 30.5 → "30,5" with the given decimals. */
static const char *vn_decimal(struct arena *a, double v, int decimals)
{
	char *s = arena_printf(a, "%.*f", decimals, v);
	char *dot = strchr(s, '.');
	if (dot != NULL)
		*dot = ',';
	return s;
}

/* "2020-06-14" → "14/06/2020"; anything else as it is. */
static const char *vn_date(struct arena *a, const char *iso)
{
	int y, m, d;
	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return iso;
	return arena_printf(a, "%02d/%02d/%04d", d, m, y);
}

/* ---- cells --------------------------------------------------------------- */

struct form_cell form_text(const char *s)
{
	return (struct form_cell){.text = s != NULL ? s : "",
	                          .kind = FORM_TEXT};
}

struct form_cell form_number(struct builder *b, double v, enum form_kind kind)
{
	struct form_cell c = {.has_number = true, .number = v, .kind = kind};
	switch (kind) {
	case FORM_PERCENT:
		c.text = arena_printf(b->a, "%s%%", vn_decimal(b->a, v, 1));
		break;
	case FORM_TARGET:
		c.text = arena_printf(
		    b->a, "%s%%",
		    vn_decimal(b->a, v, v == (long long)v ? 0 : 1));
		break;
	default: c.text = vn_int(b->a, (long long)v);
	}
	return c;
}

/* A count or amount of the document: a number, a masked "<5" as text,
 * null as empty. */
struct form_cell form_json(struct builder *b, const json_t *v,
                           enum form_kind kind)
{
	if (json_is_number(v))
		return form_number(b, json_number_value(v), kind);
	if (json_is_string(v)) {
		b->masked = true;
		return form_text(json_string_value(v));
	}
	return form_text("");
}

/* ---- blocks -------------------------------------------------------------- */

struct form_block *form_block_add(struct builder *b, enum form_block_kind kind,
                                  const char *text)
{
	if (b->f->nblocks == b->capacity)
		abort(); /* BLOCKS_MAX holds every form; a bug otherwise */
	struct form_block *blk = &b->f->blocks[b->f->nblocks++];
	blk->kind = kind;
	blk->text = text;
	return blk;
}

void form_heading(struct builder *b, const char *text)
{
	form_block_add(b, FORM_HEADING,
	               arena_printf(b->a, "%s. %s", roman[b->section++], text));
}

struct form_table *form_table_add(struct builder *b,
                                  const struct form_column *cols, size_t ncols,
                                  size_t label_col, size_t max_rows)
{
	struct form_table *t = &form_block_add(b, FORM_TABLE, NULL)->table;
	t->cols = cols;
	t->ncols = ncols;
	t->label_col = label_col;
	t->rows = arena_alloc(b->a, (max_rows + 1) * sizeof *t->rows);
	return t;
}

struct form_row *form_row_add(struct form_table *t)
{
	struct form_row *r = &t->rows[t->nrows++];
	for (size_t i = 0; i < t->ncols; i++)
		r->cells[i] = form_text("");
	return r;
}

/* Once, under the first table that shows a masked count. */
void form_masked_note(struct builder *b)
{
	if (!b->masked || b->noted)
		return;
	b->noted = true;
	form_block_add(
	    b, FORM_NOTE,
	    "Số từ 1 đến 4 ghi là \"<5\" và tỷ lệ tính từ các số đó để "
	    "trống, để bảo vệ thông tin cá nhân.");
}

/* ---- the narrative ------------------------------------------------------ */

static void narrative_section(struct builder *b)
{
	form_heading(b, "KẾT QUẢ, KHÓ KHĂN, KIẾN NGHỊ");
	static const struct {
		const char *key, *title;
	} parts[] = {
	    {"results", "1. Kết quả đạt được"},
	    {"difficulties", "2. Khó khăn, vướng mắc"},
	    {"proposals", "3. Kiến nghị, đề xuất"},
	};
	const json_t *nar = json_object_get(b->doc, "narrative");
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		form_block_add(b, FORM_SUBHEADING, parts[i].title);
		const char *text = form_str(nar, parts[i].key);
		form_block_add(b, FORM_PARAGRAPH, *text ? text : "Không có.");
	}
}

/* ---- header, title, signature ------------------------------------------- */

/* "Thị trấn Đắk Tô": the unit's name with its type ("type" of the
 * document's unit, which report_export.c adds from the unit row), unless
 * the name already starts with it. */
static const char *full_name(struct builder *b, const json_t *unit)
{
	const char *name = form_str(unit, "name"),
	           *type = form_str(unit, "type");
	size_t k = strlen(type);
	if (k == 0 || (strncmp(name, type, k) == 0 && name[k] == ' '))
		return name;
	return arena_printf(b->a, "%s %s", type, name);
}

static void header(struct builder *b, const char *unit_name)
{
	struct report_form *f = b->f;
	const char *agency = form_str(b->doc, "agency");
	if (*agency) {
		f->issuer[0] =
		    arena_printf(b->a, "UBND %s", upper(b->a, unit_name));
		f->issuer[1] = upper(b->a, agency);
		f->issuer_top_bold = false;
		f->sign[0] = "";
	} else {
		f->issuer[0] = "ỦY BAN NHÂN DÂN";
		f->issuer[1] = upper(b->a, unit_name);
		f->issuer_top_bold = true;
		f->sign[0] = "TM. ỦY BAN NHÂN DÂN";
	}
	f->nation[0] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	f->nation[1] = "Độc lập - Tự do - Hạnh phúc";
	const char *number = form_str(b->doc, "number");
	f->number = arena_printf(b->a, "Số: %s", *number ? number : "........");
	int y, m, d;
	const char *place = place_name(unit_name);
	if (sscanf(form_str(b->doc, "report_date"), "%4d-%2d-%2d", &y, &m,
	           &d) == 3)
		f->place_date = arena_printf(
		    b->a, "%s, ngày %02d tháng %02d năm %04d", place, d, m, y);
	else
		f->place_date = arena_printf(
		    b->a, "%s, ngày ...... tháng ...... năm ......", place);
	f->recipients_head = "Nơi nhận:";
	f->recipients[0] = "- Như trên;";
	f->recipients[1] = "- Lưu: VT.";
	f->sign[1] = upper(b->a, form_str(b->doc, "signer_title"));
	f->sign[2] = "(Ký, ghi rõ họ tên)";
	f->signer_name = form_str(b->doc, "signer_name");
}

static bool title(struct builder *b, const char *template, const char *period)
{
	struct report_form *f = b->f;
	const char *when;
	if (strcmp(template, "annual") == 0)
		when = "năm";
	else if (strcmp(period + 4, "S1") == 0)
		when = "6 tháng đầu năm";
	else if (strcmp(period + 4, "S2") == 0)
		when = "6 tháng cuối năm";
	else
		return false;
	f->title = "BÁO CÁO";
	f->subtitle = arena_printf(b->a,
	                           "Kết quả thực hiện kế hoạch trợ giúp xã hội "
	                           "%s %d",
	                           when, b->year);
	json_int_t p = json_integer_value(json_object_get(b->doc, "project"));
	if (*form_str(b->doc, "agency") && p >= 1 && p <= PROJECTS)
		f->project = arena_printf(b->a, "Dự án %d: %s", (int)p,
		                          form_project_names[p]);
	const json_t *win = json_object_get(b->doc, "window");
	f->period = arena_printf(b->a, "(Kỳ báo cáo: từ %s đến %s)",
	                         vn_date(b->a, form_str(win, "from")),
	                         vn_date(b->a, form_str(win, "to")));
	if (strcmp(form_str(b->doc, "status"), "draft") == 0)
		f->draft_mark = "DỰ THẢO";
	return true;
}

bool report_form_build(const json_t *doc, struct arena *a,
                       struct report_form *out)
{
	memset(out, 0, sizeof *out);
	const json_t *unit = json_object_get(doc, "unit");
	const char *unit_name = form_str(unit, "name");
	const char *template = form_str(doc, "template");
	const char *period = form_str(doc, "period");
	struct builder b = {
	    .a = a, .f = out, .doc = doc, .capacity = BLOCKS_MAX};
	if (*unit_name == '\0' || strlen(period) < 4 ||
	    sscanf(period, "%4d", &b.year) != 1) {
		log_error("msg=\"report form: no unit or period\"");
		return false;
	}
	if (!title(&b, template, period)) {
		log_error("msg=\"report form: unknown period\" period=%s",
		          period);
		return false;
	}
	out->blocks = arena_alloc(a, BLOCKS_MAX * sizeof *out->blocks);
	const char *name = full_name(&b, unit);
	out->doc_title = arena_printf(a, "Báo cáo %s — %s", period, name);
	header(&b, name);
	const json_t *data = json_object_get(doc, "data");
	form_indicators(&b, data);
	form_budget(&b, data);
	form_activities(&b, data);
	const json_t *cons = json_object_get(doc, "consolidation");
	if (json_is_object(cons))
		form_consolidation(&b, data, cons);
	narrative_section(&b);
	return true;
}
