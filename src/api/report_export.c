/*
 * report_export.c — a periodic report as a file (docs/reports.md
 * §Exports).
 *
 * ** URL: GET /api/v1/reports/ID/export?format=xlsx|csv|pdf|dhis2 → 200
 *             the file, Content-Disposition attachment;
 *             filename="bao-cao-<unit code>-<period>.<xlsx|csv|pdf|json>";
 *             404 unknown or outside scope; 422 invalid_field format;
 *             403 dhis2 for a role that does not write reports
 *
 * Every format is built from report_json's document, so a viewer's file
 * is masked like the screen.  The workbook and the PDF are
 * report_xlsx.c's and report_pdf.c's; the CSV and the DHIS2 document are
 * written here:
 * - CSV: lib/csvfile's writer (quoting, the formula guard), UTF-8 with a
 *   byte order mark; header section,code,name,numerator,denominator,
 *   value,target,status; rows indicator, budget (the totals, then each
 *   project's as project_N.<figure>, lines of no project other.<figure>),
 *   activity, consolidation.  Numbers in plain notation (30.5, 1200) for
 *   programs; a masked count as its "<5".
 * - DHIS2: a dataValueSets document with codes (idScheme CODE): a
 *   dataValue per indicator with a value, and one per sex with
 *   attributeOptionCombo MALE/FEMALE.  A percent's counts go in its
 *   comment ("12/40"), since DHIS2 keeps only the value.  completeDate is
 *   the local day of the first submission, the one timeliness counts.
 *   Only the roles that write reports may take it: a masked count is not
 *   a number, and DHIS2 would take "<5" for a value.
 *
 * Exports are not audited, like the budget's (budget_export.c): reading
 * what the screen shows changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/report_form.h"
#include "api/report_internal.h"
#include "domain/access.h"
#include "domain/deadline.h"
#include "domain/indicators.h"
#include "lib/arena.h"
#include "lib/csvfile.h"
#include "lib/log.h"

enum export_format { EXPORT_XLSX, EXPORT_CSV, EXPORT_PDF, EXPORT_DHIS2 };

static const struct {
	const char *name, *ext, *content_type;
} formats[] = {
    [EXPORT_XLSX] = {"xlsx", "xlsx",
                     "application/vnd.openxmlformats-officedocument."
                     "spreadsheetml.sheet"},
    [EXPORT_CSV] = {"csv", "csv", "text/csv; charset=utf-8"},
    [EXPORT_PDF] = {"pdf", "pdf", "application/pdf"},
    [EXPORT_DHIS2] = {"dhis2", "json", "application/json"},
};
#define FORMATS (sizeof formats / sizeof formats[0])

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s != NULL ? s : "";
}

/* ---- CSV ---------------------------------------------------------------- */

enum { CSV_COLS = 8 };

/* A number of the document in plain notation, a masked count as its
 * text, null as empty. */
static const char *csv_value(struct arena *a, const json_t *v)
{
	if (json_is_integer(v))
		return arena_printf(a, "%lld",
		                    (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(a, "%.10g", json_real_value(v));
	return json_is_string(v) ? json_string_value(v) : "";
}

static void csv_row(FILE *out, const char *section, const char *code,
                    const char *name, const char *num, const char *den,
                    const char *value, const char *target, const char *status)
{
	const char *cells[CSV_COLS] = {section, code,  name,   num,
	                               den,     value, target, status};
	csvfile_write_row(out, cells, CSV_COLS);
}

static void csv_indicators(FILE *out, struct arena *a, const json_t *list,
                           const char *section, const json_t *names)
{
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *ind = json_array_get(list, i);
		const char *code = str(ind, "code");
		const char *name = str(ind, "name_vi");
		/* a consolidated indicator has its name in the data */
		for (size_t k = 0; *name == '\0' && k < json_array_size(names);
		     k++)
			if (strcmp(str(json_array_get(names, k), "code"),
			           code) == 0)
				name = str(json_array_get(names, k), "name_vi");
		csv_row(out, section, code, name,
		        csv_value(a, json_object_get(ind, "numerator")),
		        csv_value(a, json_object_get(ind, "denominator")),
		        csv_value(a, json_object_get(ind, "value")),
		        csv_value(a, json_object_get(ind, "target")),
		        str(ind, "status"));
	}
}

static void csv_budget(FILE *out, struct arena *a, const json_t *budget)
{
	static const char *const figures[][2] = {{"estimate", "Dự toán"},
	                                         {"allocated", "Đã phân bổ"},
	                                         {"spent", "Đã chi"}};
	if (!json_is_object(budget))
		return;
	json_int_t year = json_integer_value(json_object_get(budget, "year"));
	const json_t *by = json_object_get(budget, "by_project");
	for (size_t p = 0; p <= json_array_size(by); p++) {
		/* the totals first, then each project's */
		const json_t *obj = p == 0 ? budget : json_array_get(by, p - 1);
		json_int_t project =
		    json_integer_value(json_object_get(obj, "project"));
		const char *prefix =
		    p == 0 ? ""
		    : project == 0
		        ? "other."
		        : arena_printf(a, "project_%d.", (int)project);
		const char *whose =
		    p == 0 ? ""
		    : project == 0
		        ? " — các nội dung khác"
		        : arena_printf(a, " — dự án %d", (int)project);
		for (size_t f = 0; f < 3; f++)
			csv_row(
			    out, "budget",
			    arena_printf(a, "%s%s", prefix, figures[f][0]),
			    arena_printf(a, "%s năm %d%s", figures[f][1],
			                 (int)year, whose),
			    "", "",
			    csv_value(a, json_object_get(obj, figures[f][0])),
			    "", "");
	}
}

static void csv_activities(FILE *out, struct arena *a, const json_t *act)
{
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)act, key, v)
	{
		csv_row(out, "activity", key, report_form_activity_name(key),
		        "", "", csv_value(a, v), "", "");
	}
}

static void reply_csv(struct api_ctx *c, const json_t *doc, const char *name)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (out == NULL)
		abort(); /* only fails on out-of-memory */
	fputs("\xEF\xBB\xBF", out);
	csv_row(out, "section", "code", "name", "numerator", "denominator",
	        "value", "target", "status");
	const json_t *data = json_object_get(doc, "data");
	const json_t *indicators = json_object_get(data, "indicators");
	csv_indicators(out, c->arena, indicators, "indicator", NULL);
	csv_budget(out, c->arena, json_object_get(data, "budget"));
	csv_activities(out, c->arena, json_object_get(data, "activities"));
	csv_indicators(out, c->arena,
	               json_object_get(json_object_get(doc, "consolidation"),
	                               "indicators"),
	               "consolidation", indicators);
	bool failed = ferror(out) != 0;
	fclose(out);
	arena_defer(c->arena, free, buf);
	if (failed) {
		log_error("msg=\"report export failed\" rid=%s", c->request_id);
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "Content-Disposition", name);
	api_reply_text(c, 200, formats[EXPORT_CSV].content_type, buf, len);
}

/* ---- DHIS2 -------------------------------------------------------------- */

/* DHIS2 takes values as strings: a percent with two decimals, a count
 * whole. */
static const char *dhis2_value(struct arena *a, bool count, double v)
{
	return count ? arena_printf(a, "%lld", (long long)v)
	             : arena_printf(a, "%.2f", v);
}

static json_t *data_value(const char *element, const char *period,
                          const char *org_unit, const char *value)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "dataElement", element,
	                 "period", period, "orgUnit", org_unit, "value", value);
}

/* The per-sex values of an indicator: a count's numerator, a percent of
 * the sex's own counts; reduction_pct needs a baseline per sex that the
 * report does not keep, so it has none. */
static void sex_values(struct arena *a, json_t *values, const json_t *ind,
                       enum indicator_kind kind, const char *period,
                       const char *org_unit)
{
	static const char *const sexes[][2] = {{"male", "MALE"},
	                                       {"female", "FEMALE"}};
	const json_t *by = json_object_get(ind, "by_sex");
	for (size_t s = 0; s < 2 && kind != IND_REDUCTION; s++) {
		const json_t *pair = json_object_get(by, sexes[s][0]);
		const json_t *num = json_object_get(pair, "numerator");
		const json_t *den = json_object_get(pair, "denominator");
		double v;
		if (!json_is_integer(num) ||
		    !indicator_value(kind, true, json_integer_value(num),
		                     json_is_integer(den),
		                     json_integer_value(den), &v))
			continue;
		json_t *dv = data_value(str(ind, "code"), period, org_unit,
		                        dhis2_value(a, kind == IND_COUNT, v));
		json_object_set_new(dv, "attributeOptionCombo",
		                    json_string(sexes[s][1]));
		json_array_append_new(values, dv);
	}
}

/* Decision: a consolidated report sends its own data, not the
 * consolidation: DHIS2 aggregates the children's values itself from
 * their own data sets up its org unit tree, and sending the sums as the
 * parent's value would count them twice there. */
static json_t *dhis2_document(struct arena *a, const struct report_ctx *rc,
                              const json_t *doc)
{
	const char *period = rc->row.period;
	const char *org_unit = rc->row.unit_code;
	json_t *values = json_array();
	const json_t *list =
	    json_object_get(json_object_get(doc, "data"), "indicators");
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *ind = json_array_get(list, i);
		enum indicator_kind kind;
		const json_t *value = json_object_get(ind, "value");
		if (indicator_kind_parse(str(ind, "kind"), &kind) != 0 ||
		    !json_is_number(value))
			continue;
		json_t *dv = data_value(str(ind, "code"), period, org_unit,
		                        dhis2_value(a, kind == IND_COUNT,
		                                    json_number_value(value)));
		const json_t *num = json_object_get(ind, "numerator");
		const json_t *den = json_object_get(ind, "denominator");
		if (kind != IND_COUNT && json_is_integer(num) &&
		    json_is_integer(den))
			json_object_set_new(
			    dv, "comment",
			    json_sprintf("%lld/%lld",
			                 (long long)json_integer_value(num),
			                 (long long)json_integer_value(den)));
		json_array_append_new(values, dv);
		sex_values(a, values, ind, kind, period, org_unit);
	}
	json_t *out = json_pack(
	    "{s:s, s:s, s:s, s:s}", "dataSet",
	    strcmp(rc->row.template, "annual") == 0 ? "TROGIUP_ANNUAL"
	                                            : "TROGIUP_SIX_MONTHLY",
	    "period", period, "orgUnit", org_unit, "idScheme", "CODE");
	if (rc->row.first_submitted_at != 0) {
		char day[11];
		hcm_day_format(hcm_day_of(rc->row.first_submitted_at), day);
		json_object_set_new(out, "completeDate", json_string(day));
	}
	json_object_set_new(out, "dataValues", values);
	return out;
}

/* ---- the handler -------------------------------------------------------- */

static void decref(void *j)
{
	json_decref(j);
}

static bool parse_format(struct api_ctx *c, enum export_format *out)
{
	const char *f = api_query(c, "format");
	for (size_t i = 0; f != NULL && i < FORMATS; i++)
		if (strcmp(f, formats[i].name) == 0) {
			*out = (enum export_format)i;
			return true;
		}
	api_reply_error(c, 422, "invalid_field",
	                "format must be xlsx, csv, pdf or dhis2", "format");
	return false;
}

void report_export_get(struct api_ctx *c)
{
	struct report_ctx rc;
	enum export_format f;
	if (!report_load(c, &rc) || !parse_format(c, &f))
		return;
	if (f == EXPORT_DHIS2 &&
	    !access_may(c->who.role, ACT_AGGREGATES_WRITE)) {
		api_reply_error(c, 403, "forbidden",
		                "DHIS2 exports are for the roles that write "
		                "reports: masked counts are not numbers",
		                NULL);
		return;
	}
	json_t *doc = report_json(c, &rc, true);
	if (doc == NULL) {
		api_reply_internal(c);
		return;
	}
	arena_defer(c->arena, decref, doc);
	/* the form's issuing body is "ỦY BAN NHÂN DÂN / XÃ …": the JSON's
	 * unit has the name alone */
	json_t *unit = json_object_get(doc, "unit");
	if (json_is_object(unit) && rc.unit.type != NULL)
		json_object_set_new(unit, "type", json_string(rc.unit.type));
	const char *disposition =
	    arena_printf(c->arena, "attachment; filename=\"bao-cao-%s-%s.%s\"",
	                 rc.row.unit_code, rc.row.period, formats[f].ext);
	if (f == EXPORT_CSV) {
		reply_csv(c, doc, disposition);
		return;
	}
	if (f == EXPORT_DHIS2) {
		api_add_header(c, "Content-Disposition", disposition);
		api_reply_json(c, 200, dhis2_document(c->arena, &rc, doc));
		return;
	}
	char *buf;
	size_t len;
	bool ok = f == EXPORT_XLSX ? report_xlsx_write(doc, &buf, &len)
	                           : report_pdf_write(doc, &buf, &len);
	if (!ok) {
		log_error("msg=\"report export failed\" report=%lld format=%s "
		          "rid=%s",
		          (long long)rc.row.id, formats[f].name, c->request_id);
		api_reply_internal(c);
		return;
	}
	arena_defer(c->arena, free, buf);
	api_add_header(c, "Content-Disposition", disposition);
	api_reply_text(c, 200, formats[f].content_type, buf, len);
}
