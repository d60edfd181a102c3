/*
 * case_fields.c — checking what a client sends about a case: the shared
 * field validators (text, codes, dates, instants, known keys), the facts
 * of each case type (domain/casework.h) and the assignee.  Each answers
 * 422 invalid_field naming the field in full ("person.full_name",
 * "details.csc_groups", "items[0].service") and returns false, so a
 * handler validates everything before it changes anything.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api/case_internal.h"
#include "api/cases.h"
#include "domain/codes.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* ---- small helpers --------------------------------------------------- */

static bool field_error(struct api_ctx *c, const char *field,
                        const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

const char *case_field_name(struct api_ctx *c, const char *prefix,
                            const char *key)
{
	return prefix ? arena_printf(c->arena, "%s.%s", prefix, key) : key;
}

/* ---- field validators (case_internal.h) ------------------------------ */

bool case_keys_known(struct api_ctx *c, json_t *obj, const char *const *keys,
                     const char *prefix)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		size_t i = 0;
		while (keys[i] != NULL && strcmp(keys[i], key) != 0)
			i++;
		if (keys[i] == NULL) {
			const char *f = case_field_name(c, prefix, key);
			return field_error(
			    c, f,
			    arena_printf(c->arena, "%s is not a known field",
			                 f));
		}
	}
	return true;
}

bool case_fields(struct api_ctx *c, json_t *obj, const struct field_spec *spec,
                 size_t n, struct field_value *out)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		size_t i = 0;
		while (i < n && strcmp(spec[i].name, key) != 0)
			i++;
		if (i == n)
			return field_error(
			    c, key,
			    arena_printf(c->arena, "%s is not a known field",
			                 key));
	}
	return api_fields(c, obj, spec, n, out);
}

bool case_query_id(const char *s, int64_t *out)
{
	size_t len = s ? strlen(s) : 0;
	if (len == 0 || len > 18 || s[0] == '0' ||
	    strspn(s, "0123456789") != len)
		return false;
	*out = strtoll(s, NULL, 10);
	return true;
}

bool case_text(struct api_ctx *c, json_t *obj, const char *key,
               const char *prefix, size_t min, size_t max, bool required,
               const char **out)
{
	const char *f = case_field_name(c, prefix, key);
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return field_error(
			    c, f, arena_printf(c->arena, "%s is required", f));
		return true;
	}
	if (!json_is_string(v))
		return field_error(
		    c, f, arena_printf(c->arena, "%s must be text", f));
	const char *s = json_string_value(v);
	char *nfc = NULL;
	if (strlen(s) == json_string_length(v) && text_valid(s))
		nfc = text_nfc(c->arena, s);
	if (nfc == NULL)
		return field_error(
		    c, f, arena_printf(c->arena, "%s is not valid text", f));
	/* Phones add stray spaces and newlines around what people type. */
	while (*nfc == ' ' || *nfc == '\t' || *nfc == '\n' || *nfc == '\r')
		nfc++;
	size_t len = strlen(nfc);
	while (len > 0 && strchr(" \t\n\r", nfc[len - 1]) != NULL)
		nfc[--len] = '\0';
	size_t points = text_length(nfc);
	if (points == 0 && min == 0 && !required)
		return true;
	if (points < (min ? min : 1))
		return field_error(
		    c, f,
		    min > 1
		        ? arena_printf(c->arena,
		                       "%s must be at least %zu characters", f,
		                       min)
		        : arena_printf(c->arena, "%s must not be empty", f));
	if (points > max)
		return field_error(
		    c, f,
		    arena_printf(c->arena, "%s must be at most %zu characters",
		                 f, max));
	*out = nfc;
	return true;
}

bool case_code(struct api_ctx *c, json_t *obj, const char *key,
               const char *prefix, const char *list, bool required,
               const char **out)
{
	const char *f = case_field_name(c, prefix, key);
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return field_error(
			    c, f, arena_printf(c->arena, "%s is required", f));
		return true;
	}
	if (!json_is_string(v) || !codes_has(list, json_string_value(v)))
		return field_error(
		    c, f,
		    arena_printf(c->arena, "%s must be a code of the %s list",
		                 f, list));
	*out = arena_strdup(c->arena, json_string_value(v));
	return true;
}

bool case_date_valid(const char *s)
{
	if (s == NULL || strlen(s) != 10)
		return false;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-'
		                     : !isdigit((unsigned char)s[i]))
			return false;
	int32_t day;
	char back[11];
	if (hcm_day_parse(s, &day) != 0)
		return false;
	/* 2026-02-30 would parse as a later day: compare the round trip. */
	hcm_day_format(day, back);
	return strcmp(back, s) == 0 && strncmp(s, "1900", 4) >= 0;
}

bool case_date(struct api_ctx *c, json_t *obj, const char *key,
               const char *prefix, bool required, bool not_future,
               const char **out, int32_t *day)
{
	const char *f = case_field_name(c, prefix, key);
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return field_error(
			    c, f, arena_printf(c->arena, "%s is required", f));
		return true;
	}
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	int32_t d = 0;
	if (!case_date_valid(s) || hcm_day_parse(s, &d) != 0)
		return field_error(
		    c, f,
		    arena_printf(c->arena, "%s must be a date YYYY-MM-DD", f));
	if (not_future && d > hcm_day_of(time_now()))
		return field_error(
		    c, f,
		    arena_printf(c->arena, "%s must not be in the future", f));
	*out = arena_strdup(c->arena, s);
	if (day != NULL)
		*day = d;
	return true;
}

/* An instant "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)"; -1 when malformed. */
int case_instant_parse(const char *s, int64_t *out)
{
	if (s == NULL || strlen(s) < 20 || strlen(s) > 35 || s[10] != 'T')
		return -1;
	char base[21];
	memcpy(base, s, 19);
	base[19] = 'Z';
	base[20] = '\0';
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	int64_t offset = 0;
	if (*p == 'Z' && p[1] == '\0') {
		offset = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' &&
	           isdigit((unsigned char)p[1]) &&
	           isdigit((unsigned char)p[2]) &&
	           isdigit((unsigned char)p[4]) &&
	           isdigit((unsigned char)p[5])) {
		int h = (p[1] - '0') * 10 + (p[2] - '0');
		int m = (p[4] - '0') * 10 + (p[5] - '0');
		if (h > 14 || m > 59)
			return -1;
		offset = (h * 3600 + m * 60) * (*p == '-' ? -1 : 1);
	} else {
		return -1;
	}
	int64_t t;
	if (time_parse_iso8601(base, &t) != 0)
		return -1;
	*out = t - offset;
	return 0;
}

/* ---- type facts -------------------------------------------------------- */

struct fact_ctx {
	struct api_ctx *c;
	json_t *details;
};

/* The domain's view of one fact value (casework.h fact_get_fn). */
static const char *fact_get(void *ctx, const char *name)
{
	struct fact_ctx *f = ctx;
	json_t *v = json_object_get(f->details, name);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	if (json_is_integer(v))
		return arena_printf(f->c->arena, "%lld",
		                    (long long)json_integer_value(v));
	if (json_is_array(v)) {
		const char *joined = "";
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
		{
			joined =
			    arena_printf(f->c->arena, "%s%s%s", joined,
			                 i ? "," : "", json_string_value(e));
		}
		return joined;
	}
	return NULL;
}

static const struct fact_spec *fact_find(const struct fact_spec *spec, size_t n,
                                         const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(spec[i].name, name) == 0)
			return &spec[i];
	return NULL;
}

static bool fact_valid(struct api_ctx *c, const struct fact_spec *s,
                       json_t *details, const char *f)
{
	json_t *v = json_object_get(details, s->name);
	switch (s->kind) {
	case FACT_CODE:
		if (json_is_string(v) &&
		    codes_has(s->codes, json_string_value(v)))
			return true;
		return field_error(
		    c, f,
		    arena_printf(c->arena, "%s must be a code of the %s list",
		                 f, s->codes));
	case FACT_CODES: {
		size_t i, j;
		json_t *e;
		bool ok = json_is_array(v);
		json_array_foreach(v, i, e)
		{
			ok = ok && json_is_string(e) &&
			     codes_has(s->codes, json_string_value(e));
			for (j = 0; ok && j < i; j++)
				ok = !json_equal(e, json_array_get(v, j));
		}
		if (ok)
			return true;
		return field_error(
		    c, f,
		    arena_printf(c->arena,
		                 "%s must be a list of distinct codes of the "
		                 "%s list",
		                 f, s->codes));
	}
	case FACT_DATE:
		if (json_is_string(v) && case_date_valid(json_string_value(v)))
			return true;
		return field_error(
		    c, f,
		    arena_printf(c->arena, "%s must be a date YYYY-MM-DD", f));
	case FACT_BOOL:
		if (json_is_boolean(v))
			return true;
		return field_error(
		    c, f,
		    arena_printf(c->arena, "%s must be true or false", f));
	case FACT_INT:
		if (json_is_integer(v) && json_integer_value(v) >= 0)
			return true;
		return field_error(
		    c, f,
		    arena_printf(c->arena, "%s must be a whole number >= 0",
		                 f));
	case FACT_TEXT: {
		const char *t;
		if (!case_text(c, details, s->name, "details", 0, 500, false,
		               &t))
			return false;
		if (t == NULL)
			json_object_del(details, s->name);
		else
			json_object_set_new(details, s->name, json_string(t));
		return true;
	}
	}
	return field_error(c, f, "unknown fact kind");
}

bool case_details_check(struct api_ctx *c, enum case_type t, json_t *details,
                        bool require_all)
{
	size_t n;
	const struct fact_spec *spec = casework_facts(t, &n);
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(details, tmp, key, v)
	{
		if (fact_find(spec, n, key) == NULL) {
			const char *f = case_field_name(c, "details", key);
			return field_error(
			    c, f,
			    arena_printf(c->arena,
			                 "%s is not a fact of a %s case", f,
			                 case_type_name(t)));
		}
		if (json_is_null(v))
			json_object_del(details, key);
	}
	for (size_t i = 0; i < n; i++) {
		const char *f = case_field_name(c, "details", spec[i].name);
		if (json_object_get(details, spec[i].name) == NULL) {
			if (spec[i].required && require_all)
				return field_error(
				    c, f,
				    arena_printf(c->arena, "%s is required",
				                 f));
			continue;
		}
		if (!fact_valid(c, &spec[i], details, f))
			return false;
	}
	struct fact_ctx ctx = {c, details};
	const char *field = NULL, *message = NULL;
	if (!casework_facts_consistent(t, fact_get, &ctx, &field, &message))
		return field_error(
		    c, case_field_name(c, "details", field ? field : "details"),
		    message ? message : "inconsistent facts");
	return true;
}

bool case_assignee_check(struct api_ctx *c, json_t *v, const char *field,
                         const char *tree, const char *path, int64_t *out)
{
	const char *msg = "assigned_to must be the id of an active case worker "
	                  "whose scope holds the case's unit";
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return field_error(c, field, msg);
	struct user_row u;
	enum store_status st =
	    store_user_get(c->db, c->arena, json_integer_value(v), &u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	struct principal p;
	if (st == STORE_OK)
		api_principal_of(&u, &p);
	/* Hotline users hand a case over and never work it; facility staff
	 * see their current residents' cases through the stay, and an
	 * assignment would keep the case theirs after the discharge
	 * (docs/network.md §Decisions). */
	if (st != STORE_OK || !u.active ||
	    !access_may(p.role, ACT_CASES_WORK) || p.role == ROLE_HOTLINE ||
	    p.role == ROLE_FACILITY || !access_sees(&p, tree, path))
		return field_error(c, field, msg);
	*out = u.id;
	return true;
}
