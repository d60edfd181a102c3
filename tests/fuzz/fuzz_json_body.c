/*
 * fuzz_json_body.c — JSON request bodies.  The API's own checks
 * (api/request.c api_fields, api/case_fields.c) answer through an
 * api_ctx and a database, so this harness runs what they run on a body
 * without either: jansson's decoding as api_body_object does it
 * (duplicates refused), the string path of api_fields (length, UTF-8,
 * NFC, trim, fold), then, by field name, the domain's validators of the
 * resources: case types, stages and event kinds, the facts of a case
 * type and their cross-field rules (casework.h), trafficking support
 * entitlements, plan numbers, titles and years (plan.h), report
 * templates, periods, states, transitions and comments (report.h), dates
 * (network.h, timeutil.h), unit codes (lineage.h) and every code list
 * named like its field (codes.h).
 *
 * Invariants: a value a parser accepts has the parser's canonical name
 * (parse then name gives the input back); valid text stays valid after
 * NFC; a comment accepted is within REPORT_COMMENT_MAX code points; an
 * accepted plan number or title has its length; the body re-encoded by
 * jansson decodes to an equal value.
 */
#include "fuzz.h"

#include <jansson.h>
#include <stdbool.h>

#include "domain/casework.h"
#include "domain/codes.h"
#include "domain/lineage.h"
#include "domain/network.h"
#include "domain/plan.h"
#include "domain/report.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

#define NAME_BACK(parse, name, s)                                              \
	do {                                                                   \
		const char *n_;                                                \
		int v_;                                                        \
		if (parse(s, (void *)&v_) == 0) {                              \
			n_ = name(v_);                                         \
			FUZZ_CHECK(n_ != NULL && strcmp(n_, s) == 0);          \
		}                                                              \
	} while (0)

/* api_fields' FIELD_STRING path; NULL where it answers 422. */
static const char *field_string(struct arena *a, json_t *v)
{
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v) || !text_valid(s))
		return NULL;
	char *nfc = text_nfc(a, s);
	FUZZ_CHECK(nfc != NULL && text_valid(nfc));
	FUZZ_CHECK(text_fold(a, nfc) != NULL);
	while (*nfc == ' ')
		nfc++;
	size_t len = strlen(nfc);
	while (len > 0 && nfc[len - 1] == ' ')
		nfc[--len] = '\0';
	return nfc;
}

static void check_string(struct arena *a, const char *key, const char *s)
{
	NAME_BACK(case_type_parse, case_type_name, s);
	NAME_BACK(case_stage_parse, case_stage_name, s);
	NAME_BACK(event_kind_parse, event_kind_name, s);
	NAME_BACK(report_template_parse, report_template_name, s);
	NAME_BACK(report_state_parse, report_state_name, s);
	NAME_BACK(report_transition_parse, report_transition_name, s);
	NAME_BACK(report_window_rule_parse, report_window_rule_name, s);
	NAME_BACK(import_kind_parse, import_kind_name, s);
	NAME_BACK(indicator_kind_parse, indicator_kind_name, s);

	if (report_comment_valid(s))
		FUZZ_CHECK(text_length(s) >= 1 &&
		           text_length(s) <= REPORT_COMMENT_MAX);
	if (plan_number_valid(s))
		FUZZ_CHECK(text_length(s) >= PLAN_NUMBER_MIN &&
		           text_length(s) <= PLAN_NUMBER_MAX);
	if (plan_title_valid(s))
		FUZZ_CHECK(text_length(s) >= PLAN_TITLE_MIN &&
		           text_length(s) <= PLAN_TITLE_MAX);

	char date[NET_DATE_MAX];
	int64_t t;
	if (net_date_parse(s, date) == 0)
		FUZZ_CHECK(time_parse_iso8601(date, &t) == 0);
	if (lineage_code_valid(s))
		FUZZ_CHECK(strspn(s, "0123456789") == strlen(s));

	const struct code_list *l = codes_list(key);
	if (l != NULL) {
		const char *code = net_code_of(a, key, s);
		FUZZ_CHECK(code == NULL || codes_has(key, code));
		if (codes_has(key, s))
			FUZZ_CHECK(code != NULL && strcmp(code, s) == 0);
	}
}

static void check_int(const char *key, json_int_t i)
{
	if (strstr(key, "year") != NULL || strncmp(key, "period_", 7) == 0)
		FUZZ_CHECK(plan_year_valid(i) ==
		           (i >= PLAN_YEAR_MIN && i <= PLAN_YEAR_MAX));
	if (strcmp(key, "project") == 0 && plan_project_valid(i))
		FUZZ_CHECK(i >= 1 && i <= PLAN_PROJECTS);
}

struct facts {
	struct arena *a;
	json_t *details;
};

/* api/case_fields.c fact_get: a fact as text. */
static const char *fact_get(void *ctx, const char *name)
{
	struct facts *f = ctx;
	json_t *v = json_object_get(f->details, name);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	if (json_is_integer(v))
		return arena_printf(f->a, "%lld",
		                    (long long)json_integer_value(v));
	if (json_is_array(v)) {
		const char *joined = "";
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
		{
			if (!json_is_string(e))
				return NULL;
			joined =
			    arena_printf(f->a, "%s%s%s", joined, i ? "," : "",
			                 json_string_value(e));
		}
		return joined;
	}
	return NULL;
}

/* A case body: its type's facts, each checked as case_details_check
 * does, then the cross-field rules. */
static void check_case(struct arena *a, json_t *obj)
{
	json_t *type = json_object_get(obj, "type");
	json_t *details = json_object_get(obj, "details");
	enum case_type t;
	if (!json_is_string(type) ||
	    case_type_parse(json_string_value(type), &t) != 0 ||
	    !json_is_object(details))
		return;
	size_t n;
	const struct fact_spec *spec = casework_facts(t, &n);
	FUZZ_CHECK(spec != NULL || n == 0);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(details, spec[i].name);
		if (v == NULL)
			continue;
		if (spec[i].kind == FACT_CODE &&
		    !(json_is_string(v) &&
		      codes_has(spec[i].codes, json_string_value(v))))
			return;
		if (spec[i].kind == FACT_DATE) {
			char d[NET_DATE_MAX];
			if (!json_is_string(v) ||
			    net_date_parse(json_string_value(v), d) != 0)
				return;
		}
	}
	struct facts f = {a, details};
	const char *field = NULL, *message = NULL;
	if (!casework_facts_consistent(t, fact_get, &f, &field, &message))
		FUZZ_CHECK(message != NULL);
	json_t *st = json_object_get(details, "tip_person_status");
	json_t *date = json_object_get(obj, "date");
	if (json_is_string(st) && json_is_string(date)) {
		json_t *items = json_object_get(details, "tip_support");
		size_t i;
		json_t *e;
		json_array_foreach(items, i, e)
		{
			if (json_is_string(e))
				(void)casework_tip_support_allowed(
				    json_string_value(st), json_string_value(e),
				    json_string_value(date));
		}
	}
}

static void walk(struct arena *a, json_t *obj, int depth)
{
	const char *key;
	json_t *v;
	if (depth > 4)
		return;
	json_object_foreach(obj, key, v)
	{
		if (json_is_string(v)) {
			const char *s = field_string(a, v);
			if (s != NULL)
				check_string(a, key, s);
		} else if (json_is_integer(v)) {
			check_int(key, json_integer_value(v));
		} else if (json_is_object(v)) {
			walk(a, v, depth + 1);
		}
	}
	check_case(a, obj);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *j =
	    json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL)
		return 0;
	char *text = json_dumps(j, JSON_ENCODE_ANY);
	if (text != NULL) {
		json_t *back = json_loads(text, JSON_DECODE_ANY, &err);
		/* NaN cannot come from JSON, so equality is exact */
		FUZZ_CHECK(back != NULL && json_equal(j, back));
		json_decref(back);
		free(text);
	}
	if (json_is_object(j)) {
		struct arena *a = arena_new();
		walk(a, j, 0);
		arena_free(a);
	}
	json_decref(j);
	return 0;
}
