/*
 * report_form.h — what a periodic report's printed form says, laid out
 * once for both of its files (docs/reports.md §Exports): report_xlsx.c
 * and report_pdf.c draw the same form, one as a worksheet, one with
 * lib/pdfdoc, so the two cannot drift apart.
 *
 * The form of a Vietnamese administrative report (Decree 30/2020/NĐ-CP):
 * the issuing body and the national motto side by side, the number and
 * the place and date, the title with the reporting period, then the
 * numbered sections (indicators, budget, activities, the consolidation
 * of the units below when there is one, the narrative) and the signature
 * block.  Built from report_json's document, so a viewer's form is masked
 * like the screen: a masked count is the text "<5".  The unit's type
 * ("Xã", "Huyện" …), which the document does not carry, is read from
 * "type" in its "unit" when the caller adds it there.
 *
 * Cells carry both the text as printed (Vietnamese notation: 1.200,
 * 30,5%) and, for numbers, the number, so the workbook can keep numbers
 * as numbers.  Everything lives in the arena given to report_form_build.
 */
#ifndef TROGIUP_API_REPORT_FORM_H
#define TROGIUP_API_REPORT_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct arena;

/* Columns of the worksheet every table of the form is laid onto. */
#define FORM_SHEET_COLS 8

enum form_kind {
	FORM_TEXT,
	FORM_COUNT,   /* a whole number: 1.200 */
	FORM_PERCENT, /* percent points, one decimal: 30,5% */
	FORM_TARGET,  /* a target in percent points: 85% or 85,5% */
	FORM_VND,     /* đồng: 1.000.000 */
};

enum form_align { FORM_LEFT, FORM_CENTER, FORM_RIGHT };

struct form_cell {
	const char *text; /* as printed; never NULL */
	bool has_number;
	double number;
	enum form_kind kind;
};

struct form_column {
	const char *head;
	int span;      /* worksheet columns it covers; a table's sum is 8 */
	double weight; /* its share of a PDF table's width */
	enum form_align align;
};

struct form_row {
	struct form_cell cells[FORM_SHEET_COLS];
	bool bold;
	/* A group heading: cells[0] numbers it, `group` fills the rest of
	 * the row (the other cells are empty). */
	const char *group;
};

struct form_table {
	const struct form_column *cols;
	size_t ncols;
	size_t label_col; /* where a PDF writes a group heading */
	struct form_row *rows;
	size_t nrows;
};

enum form_block_kind {
	FORM_HEADING,    /* "I. KẾT QUẢ …", bold */
	FORM_SUBHEADING, /* "1. Kết quả đạt được", bold */
	FORM_PARAGRAPH,  /* body text; '\n' starts a new line */
	FORM_NOTE,       /* italic remark under a table */
	FORM_UNIT,       /* "Đơn vị tính: đồng", right above a table */
	FORM_TABLE,
};

struct form_block {
	enum form_block_kind kind;
	const char *text;
	struct form_table table;
};

struct report_form {
	const char *doc_title;  /* document properties */
	const char *issuer[2];  /* "ỦY BAN NHÂN DÂN", "XÃ ĐẮK TÔ" */
	bool issuer_top_bold;   /* false: the body above an agency */
	const char *nation[2];  /* the national name and motto */
	const char *number;     /* "Số: 12/BC-UBND" */
	const char *place_date; /* "Đắk Tô, ngày 10 tháng 06 năm 2020" */
	const char *draft_mark; /* "DỰ THẢO" for a draft, else NULL */
	const char *title;      /* "BÁO CÁO" */
	const char *subtitle; /* "Kết quả thực hiện … 6 tháng đầu năm 2020" */
	const char *project; /* an agency's project, else NULL */
	const char *period; /* "(Kỳ báo cáo: từ 15/12/2019 đến …)" */
	struct form_block *blocks;
	size_t nblocks;
	const char *recipients_head; /* "Nơi nhận:" */
	const char *recipients[2];
	/* "TM. ỦY BAN NHÂN DÂN" ("" for an agency), the signer's title in
	 * capitals, "(Ký, ghi rõ họ tên)" */
	const char *sign[3];
	const char *signer_name; /* "" when not filled in */
};

/* Lays out the form of doc (report_json's document) in a.  False, after
 * logging, when doc lacks what every report has (unit, template,
 * period). */
bool report_form_build(const json_t *doc, struct arena *a,
                       struct report_form *out);

/* The Vietnamese name of an activity count of the report's data
 * ("trainings" → "Số lớp đào tạo, tập huấn"); the key itself when it is
 * not known. */
const char *report_form_activity_name(const char *key);

#endif
