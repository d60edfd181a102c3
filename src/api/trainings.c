/*
 * trainings.c — training courses of the service network (docs/network.md
 * §Trainings): the records issue 6 counts for the "staff trained"
 * indicators, with their participants (participants.c) counted by sex.
 *
 * ** URL: POST  /api/v1/trainings {"title","topic","starts_on","ends_on",
 *               "organiser","unit_code","place","note"} → 201; 422
 *               invalid_field; 403 out_of_scope
 * ** URL: GET   /api/v1/trainings?unit=&tree=&topic=&project=&year=&q=
 *               &page=&page_size=&format=csv → 200 {items,total,page,
 *               page_size} (or the CSV export)
 * ** URL: GET   /api/v1/trainings/ID → 200 with ETag "t<id>-<version>"
 * ** URL: PATCH /api/v1/trainings/ID {any field} → 200; If-Match optional,
 *               412 stale
 *
 * A training is a record of its unit: creating, changing or reading one
 * needs the unit inside the caller's scope (outside: 404 for an id, 403
 * out_of_scope for a unit_code given).  Facility users read no trainings
 * (docs/network.md §Roles): 403 forbidden.  Every change is audited in
 * the same transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/network.h"
#include "domain/codes.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

static const char *training_etag(struct api_ctx *c,
                                 const struct training_row *t)
{
	return net_etag(c, "t", t->id, t->version);
}

/* The unit's name, remembered across the rows of one list (they are
 * mostly of few units). */
static const char *unit_name(struct api_ctx *c, const char *tree,
                             const char *code, struct unit_row *last)
{
	if (last->code != NULL && strcmp(last->code, code) == 0 &&
	    strcmp(last->tree, tree) == 0)
		return last->name;
	if (store_unit_get(c->db, c->arena, tree, code, last) != STORE_OK) {
		memset(last, 0, sizeof *last);
		return NULL;
	}
	return last->name;
}

static json_t *training_json(struct api_ctx *c, const struct training_row *t,
                             struct unit_row *last)
{
	return json_pack(
	    "{s:I, s:s, s:s, s:i, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:s?, "
	    "s:I, s:I, s:I, s:I, s:o, s:o}",
	    "id", (json_int_t)t->id, "title", t->title, "topic", t->topic,
	    "project", t->project, "starts_on", t->starts_on, "ends_on",
	    t->ends_on, "organiser", t->organiser, "place", t->place, "note",
	    t->note, "unit_tree", t->unit_tree, "unit_code", t->unit_code,
	    "unit_name", unit_name(c, t->unit_tree, t->unit_code, last),
	    "participants", (json_int_t)t->participants, "participants_female",
	    (json_int_t)t->participants_female, "participants_male",
	    (json_int_t)t->participants_male, "version", (json_int_t)t->version,
	    "created_at", api_instant_json(t->created_at), "updated_at",
	    api_instant_json(t->updated_at));
}

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

enum {
	TF_TITLE,
	TF_TOPIC,
	TF_STARTS,
	TF_ENDS,
	TF_ORGANISER,
	TF_UNIT,
	TF_PLACE,
	TF_NOTE,
	TF__MAX
};
/* Byte limits are four times the character limits checked below. */
static const struct field_spec create_fields[TF__MAX] = {
    [TF_TITLE] = {"title", FIELD_STRING, true, 800},
    [TF_TOPIC] = {"topic", FIELD_STRING, true, 64},
    [TF_STARTS] = {"starts_on", FIELD_STRING, true, 10},
    [TF_ENDS] = {"ends_on", FIELD_STRING, true, 10},
    [TF_ORGANISER] = {"organiser", FIELD_STRING, false, 800},
    [TF_UNIT] = {"unit_code", FIELD_STRING, true, 8},
    [TF_PLACE] = {"place", FIELD_STRING, false, 800},
    [TF_NOTE] = {"note", FIELD_STRING, false, 8000},
};
/* PATCH: the same fields, none required. */
static const struct field_spec update_fields[TF__MAX] = {
    [TF_TITLE] = {"title", FIELD_STRING, false, 800},
    [TF_TOPIC] = {"topic", FIELD_STRING, false, 64},
    [TF_STARTS] = {"starts_on", FIELD_STRING, false, 10},
    [TF_ENDS] = {"ends_on", FIELD_STRING, false, 10},
    [TF_ORGANISER] = {"organiser", FIELD_STRING, false, 800},
    [TF_UNIT] = {"unit_code", FIELD_STRING, false, 8},
    [TF_PLACE] = {"place", FIELD_STRING, false, 800},
    [TF_NOTE] = {"note", FIELD_STRING, false, 8000},
};

/* A date field into an arena copy; answers 422 and returns false. */
static bool date_into(struct api_ctx *c, const char *field, const char *value,
                      const char **dst)
{
	char d[NET_DATE_MAX];
	if (!net_date_field(c, field, value, false, d))
		return false;
	*dst = arena_strdup(c->arena, d);
	return true;
}

/* Optional text of at most max characters; "" clears it (NULL). */
static bool optional_text(struct api_ctx *c, const struct field_value *f,
                          const char *field, size_t max, const char **dst)
{
	if (!f->present)
		return true;
	if (text_length(f->s) > max)
		return bad_field(
		    c, field,
		    arena_printf(c->arena, "%s must be at most %zu characters",
		                 field, max));
	*dst = *f->s != '\0' ? f->s : NULL;
	return true;
}

/* Applies the present fields of f onto t (create: all required ones are
 * present) and checks the result.  Answers 422 / 403 and returns false. */
static bool training_apply(struct api_ctx *c, const struct field_value *f,
                           struct training_row *t)
{
	if (f[TF_TITLE].present) {
		size_t n = text_length(f[TF_TITLE].s);
		if (n < 2 || n > 200)
			return bad_field(c, "title",
			                 "title must be 2 to 200 characters");
		t->title = f[TF_TITLE].s;
		t->title_folded = text_fold(c->arena, t->title);
	}
	if (f[TF_TOPIC].present) {
		if (!net_code_field(c, "topic", "training_topic",
		                    f[TF_TOPIC].s))
			return false;
		t->topic = f[TF_TOPIC].s;
		t->project = training_topic_project(t->topic);
	}
	if (f[TF_STARTS].present &&
	    !date_into(c, "starts_on", f[TF_STARTS].s, &t->starts_on))
		return false;
	if (f[TF_ENDS].present &&
	    !date_into(c, "ends_on", f[TF_ENDS].s, &t->ends_on))
		return false;
	/* Canonical dates compare as text. */
	if (strcmp(t->ends_on, t->starts_on) < 0)
		return bad_field(c, "ends_on",
		                 "ends_on must not be before starts_on");
	if (!optional_text(c, &f[TF_ORGANISER], "organiser", 200,
	                   &t->organiser) ||
	    !optional_text(c, &f[TF_PLACE], "place", 200, &t->place) ||
	    !optional_text(c, &f[TF_NOTE], "note", 2000, &t->note))
		return false;
	if (f[TF_UNIT].present) {
		struct unit_row u;
		if (!net_unit_field(c, "unit_code", NULL, f[TF_UNIT].s, &u))
			return false;
		t->unit_tree = u.tree;
		t->unit_code = u.code;
		t->unit_path = u.path;
	}
	return true;
}

static const char *training_target(struct api_ctx *c, int64_t id)
{
	return arena_printf(c->arena, "training:%lld", (long long)id);
}

/* Answers the stored training (re-read: counts and version as stored). */
static void reply_training(struct api_ctx *c, int status, int64_t id)
{
	struct training_row t;
	struct unit_row last = {0};
	if (store_training_get(c->db, c->arena, id, &t) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "ETag", training_etag(c, &t));
	api_reply_json(c, status, training_json(c, &t, &last));
}

void trainings_create(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[TF__MAX];
	if (body == NULL || !api_fields(c, body, create_fields, TF__MAX, f))
		return;
	struct training_row t = {0};
	if (!training_apply(c, f, &t))
		return;
	t.created_by = c->user.id;
	t.created_at = t.updated_at = time_now();

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_training_insert(c->db, &t);
	/* The title may name people or places: the audit keeps the codes. */
	if (st != STORE_OK ||
	    !api_audit(c, "training_create", training_target(c, t.id),
	               t.unit_tree, t.unit_path,
	               json_pack("{s:s, s:s, s:s}", "topic", t.topic,
	                         "unit_code", t.unit_code, "starts_on",
	                         t.starts_on)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_training(c, 201, t.id);
}

void trainings_get(struct api_ctx *c)
{
	struct training_row t;
	struct unit_row last = {0};
	if (!training_load(c, &t))
		return;
	api_add_header(c, "ETag", training_etag(c, &t));
	api_reply_json(c, 200, training_json(c, &t, &last));
}

void trainings_update(struct api_ctx *c)
{
	struct training_row t;
	if (!training_load(c, &t) || !net_if_match(c, training_etag(c, &t)))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[TF__MAX];
	if (body == NULL || !api_fields(c, body, update_fields, TF__MAX, f))
		return;
	if (!training_apply(c, f, &t))
		return;
	/* Which fields were sent, not their values (titles and notes may
	 * name people). */
	json_t *changed = json_array();
	for (int i = 0; i < TF__MAX; i++)
		if (f[i].present)
			json_array_append_new(
			    changed, json_string(update_fields[i].name));
	t.updated_at = time_now();

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_training_update(c->db, &t, t.version);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		json_decref(changed);
		store_rollback(c->db);
		api_reply_error(c, 412, "stale",
		                "The training was changed since you read it",
		                NULL);
		return;
	}
	if (st != STORE_OK) {
		json_decref(changed);
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	if (!api_audit(c, "training_update", training_target(c, t.id),
	               t.unit_tree, t.unit_path,
	               json_pack("{s:o}", "changed", changed)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_training(c, 200, t.id);
}

/* A small positive integer query argument in [min, max] (0 when absent);
 * answers 422 and returns false. */
static bool int_query(struct api_ctx *c, const char *name, int min, int max,
                      int *out)
{
	const char *s = api_query(c, name);
	*out = 0;
	if (s == NULL || *s == '\0')
		return true;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end != '\0' || v < min || v > max || strlen(s) > 9)
		return bad_field(c, name,
		                 arena_printf(c->arena,
		                              "%s must be a whole number from "
		                              "%d to %d",
		                              name, min, max));
	*out = (int)v;
	return true;
}

void trainings_list(struct api_ctx *c)
{
	if (!training_readable(c))
		return;
	struct training_query q = {0};
	int page;
	if (!net_list_scope(c, &q.tree, &q.within_path) ||
	    !api_paging(c, &q.offset, &q.limit, &page) ||
	    !int_query(c, "project", 1, 4, &q.project) ||
	    !int_query(c, "year", 1900, 2100, &q.year))
		return;
	q.topic = api_query(c, "topic");
	if (q.topic != NULL && *q.topic == '\0')
		q.topic = NULL;
	if (q.topic != NULL &&
	    !net_code_field(c, "topic", "training_topic", q.topic))
		return;
	const char *text = api_query(c, "q");
	if (text != NULL && *text != '\0' &&
	    (strlen(text) > 100 ||
	     (q.q_folded = text_fold(c->arena, text)) == NULL)) {
		bad_field(c, "q", "q must be short text");
		return;
	}
	const char *format = api_query(c, "format");
	if (format != NULL && strcmp(format, "csv") == 0) {
		net_export_reply(c, IMPORT_TRAININGS, &q);
		return;
	}
	if (format != NULL && strcmp(format, "json") != 0) {
		bad_field(c, "format", "format must be csv or json");
		return;
	}
	struct training_row *rows;
	size_t n;
	long total;
	if (store_trainings_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	struct unit_row last = {0};
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, training_json(c, &rows[i], &last));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", q.limit));
}
