/*
 * request.c — inputs and answers shared by every handler (see api.h).
 *
 * Validation is declared: a handler lists its fields in a field_spec
 * table and api_fields() checks presence, type, length and UTF-8 before
 * the handler sees a value, answering 422 with the field's name on the
 * first problem.  Answers are serialised here and only here, with
 * jansson, so no handler builds JSON text by hand.
 */
#include "api/api.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/log.h"
#include "lib/timeutil.h"

#define DEFAULT_PAGE_SIZE 50
#define MAX_PAGE_SIZE     200

const char *api_query(struct api_ctx *c, const char *name)
{
	return c->query ? c->query(c->conn, name) : NULL;
}

const char *api_header(struct api_ctx *c, const char *name)
{
	return c->header ? c->header(c->conn, name) : NULL;
}

const char *api_cookie(struct api_ctx *c, const char *name)
{
	return c->cookie ? c->cookie(c->conn, name) : NULL;
}

const char *api_param(struct api_ctx *c, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < c->params.n; i++) {
		const struct route_param *p = &c->params.p[i];
		if (p->name_len == len && memcmp(p->name, name, len) == 0)
			return arena_strndup(c->arena, p->value, p->value_len);
	}
	return NULL;
}

static void decref(void *p)
{
	json_decref(p);
}

json_t *api_body_object(struct api_ctx *c)
{
	const char *ct = api_header(c, "Content-Type");
	if (ct != NULL && strncmp(ct, "application/json", 16) != 0) {
		api_reply_error(c, 415, "unsupported_media_type",
		                "Send the body as application/json", NULL);
		return NULL;
	}
	if (c->body == NULL || c->body_len == 0) {
		api_reply_error(c, 400, "bad_json", "A JSON object is required",
		                NULL);
		return NULL;
	}
	json_error_t err;
	json_t *j =
	    json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL) {
		api_reply_error(c, 400, "bad_json",
		                arena_printf(c->arena,
		                             "Malformed JSON at line %d: %s",
		                             err.line, err.text),
		                NULL);
		return NULL;
	}
	arena_defer(c->arena, decref, j);
	if (!json_is_object(j)) {
		api_reply_error(c, 400, "bad_json",
		                "The body must be a JSON object", NULL);
		return NULL;
	}
	return j;
}

static bool field_problem(struct api_ctx *c, const char *field,
                          const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

bool api_fields(struct api_ctx *c, json_t *obj, const struct field_spec *spec,
                size_t n, struct field_value *out)
{
	assert(obj != NULL && spec != NULL && out != NULL);
	for (size_t i = 0; i < n; i++) {
		const struct field_spec *f = &spec[i];
		json_t *v = json_object_get(obj, f->name);
		memset(&out[i], 0, sizeof out[i]);
		if (v == NULL || json_is_null(v)) {
			if (f->required)
				return field_problem(
				    c, f->name,
				    arena_printf(c->arena, "%s is required",
				                 f->name));
			continue;
		}
		switch (f->kind) {
		case FIELD_STRING: {
			if (!json_is_string(v))
				return field_problem(
				    c, f->name,
				    arena_printf(c->arena,
				                 "%s must be a string",
				                 f->name));
			const char *s = json_string_value(v);
			size_t max = f->max_len ? f->max_len : 200;
			if (strlen(s) != json_string_length(v) ||
			    !text_valid(s))
				return field_problem(
				    c, f->name,
				    arena_printf(c->arena,
				                 "%s is not valid text",
				                 f->name));
			if (json_string_length(v) > max)
				return field_problem(
				    c, f->name,
				    arena_printf(c->arena,
				                 "%s is longer than %zu bytes",
				                 f->name, max));
			char *nfc = text_nfc(c->arena, s);
			if (nfc == NULL)
				return field_problem(
				    c, f->name,
				    arena_printf(c->arena,
				                 "%s is not valid text",
				                 f->name));
			/* Trim surrounding spaces: names typed on phones often
			 * carry one. */
			while (*nfc == ' ')
				nfc++;
			size_t len = strlen(nfc);
			while (len > 0 && nfc[len - 1] == ' ')
				nfc[--len] = '\0';
			if (f->required && len == 0)
				return field_problem(
				    c, f->name,
				    arena_printf(c->arena,
				                 "%s must not be empty",
				                 f->name));
			out[i].s = nfc;
			break;
		}
		case FIELD_BOOL:
			if (!json_is_boolean(v))
				return field_problem(
				    c, f->name,
				    arena_printf(c->arena,
				                 "%s must be true or false",
				                 f->name));
			out[i].b = json_is_true(v);
			break;
		case FIELD_INT:
			if (!json_is_integer(v))
				return field_problem(
				    c, f->name,
				    arena_printf(c->arena,
				                 "%s must be an integer",
				                 f->name));
			out[i].i = json_integer_value(v);
			break;
		}
		out[i].present = true;
	}
	return true;
}

/* Parses a decimal integer in [min, max]; false on anything else. */
static bool parse_int(const char *s, long min, long max, long *out)
{
	if (s == NULL || *s == '\0' || strlen(s) > 9)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	long v = strtol(s, NULL, 10);
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool api_paging(struct api_ctx *c, int *offset, int *limit, int *page)
{
	long p = 1, size = DEFAULT_PAGE_SIZE;
	const char *ps = api_query(c, "page");
	const char *ss = api_query(c, "page_size");
	if (ps != NULL && !parse_int(ps, 1, 1000000, &p)) {
		api_reply_error(c, 422, "invalid_field",
		                "page must be a whole number from 1", "page");
		return false;
	}
	if (ss != NULL && !parse_int(ss, 1, MAX_PAGE_SIZE, &size)) {
		api_reply_error(
		    c, 422, "invalid_field",
		    "page_size must be a whole number from 1 to 200",
		    "page_size");
		return false;
	}
	*page = (int)p;
	*limit = (int)size;
	*offset = (int)((p - 1) * size);
	return true;
}

const char *api_tree(struct api_ctx *c)
{
	const char *t = api_query(c, "tree");
	if (t == NULL || *t == '\0')
		return c->cfg->default_tree;
	if (strcmp(t, "2024") == 0 || strcmp(t, "2025") == 0)
		return t;
	api_reply_error(c, 422, "invalid_field", "tree must be 2024 or 2025",
	                "tree");
	return NULL;
}

void api_add_header(struct api_ctx *c, const char *name, const char *value)
{
	assert(c->n_headers < API_MAX_HEADERS);
	c->headers[c->n_headers].name = name;
	c->headers[c->n_headers].value = value;
	c->n_headers++;
}

void api_reply_text(struct api_ctx *c, int status, const char *content_type,
                    const char *text, size_t len)
{
	c->status = status;
	c->content_type = content_type;
	c->out = text;
	c->out_len = len;
}

void api_reply_json(struct api_ctx *c, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (s == NULL)
		abort(); /* only fails on out-of-memory */
	char *copy = arena_strdup(c->arena, s);
	free(s);
	api_reply_text(c, status, "application/json; charset=utf-8", copy,
	               strlen(copy));
}

void api_reply_error(struct api_ctx *c, int status, const char *code,
                     const char *message, const char *field)
{
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (field != NULL)
		json_object_set_new(e, "field", json_string(field));
	api_reply_json(c, status, json_pack("{s:o}", "error", e));
}

void api_reply_empty(struct api_ctx *c, int status)
{
	api_reply_text(c, status, NULL, "", 0);
}

json_t *api_instant_json(int64_t t)
{
	if (t == 0)
		return json_null();
	char buf[21];
	time_iso8601(t, buf);
	return json_string(buf);
}

void api_reply_internal(struct api_ctx *c)
{
	api_reply_error(
	    c, 500, "internal",
	    "Something went wrong on the server; it has been logged", NULL);
}
