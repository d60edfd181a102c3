/*
 * communications.c — communication activities held in communes, and the
 * commune coverage table (docs/network.md §Communication activities):
 * issue 6 computes "share of communes with at least one activity on the
 * topic" and "people reached" from these records.
 *
 * ** URL: POST  /api/v1/communications {"unit_code","kind","topic",
 *               "held_on","title","audience","reach_male","reach_female",
 *               "note"} → 201; 422 invalid_field; 403 out_of_scope
 * ** URL: GET   /api/v1/communications?unit=&tree=&topic=&kind=&from=&to=
 *               &page=&page_size=&format=csv → 200 {items,total,page,
 *               page_size} (or the CSV export)
 * ** URL: GET   /api/v1/communications/ID → 200 with ETag "m<id>-<version>"
 * ** URL: PATCH /api/v1/communications/ID {any field} → 200; If-Match
 *               optional, 412 stale
 * ** URL: GET   /api/v1/communications/coverage?unit=&topic=&from=&to=&tree=
 *               → 200 {"unit","topic","from","to","total","covered",
 *               "percent","communes":[…]}
 *
 * An activity is a record of its commune (the lowest level of its tree):
 * the commune must be inside the caller's scope to create, change or read
 * it (outside: 404 for an id, 403 out_of_scope for a unit_code given).
 * Facility users read no communications (docs/network.md §Roles): 403.
 * Coverage counts activities, not reach: one activity on the topic in the
 * period covers a commune.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/network.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* People reached by one activity: a national campaign on television is
 * the largest; beyond that is a typing mistake. */
#define REACH_MAX 10000000

static bool readable(struct api_ctx *c)
{
	if (c->who.role != ROLE_FACILITY)
		return true;
	api_reply_error(c, 403, "forbidden",
	                "Facility users do not read communication activities",
	                NULL);
	return false;
}

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

static const char *comm_etag(struct api_ctx *c,
                             const struct communication_row *r)
{
	return net_etag(c, "m", r->id, r->version);
}

static json_t *comm_json(const struct communication_row *r)
{
	return json_pack(
	    "{s:I, s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:s?, s:s?, s:I, s:I, "
	    "s:I, s:I, s:o, s:o}",
	    "id", (json_int_t)r->id, "unit_tree", r->unit_tree, "unit_code",
	    r->unit_code, "unit_name", r->unit_name, "kind", r->kind, "topic",
	    r->topic, "audience", r->audience, "held_on", r->held_on, "title",
	    r->title, "note", r->note, "reach_male", (json_int_t)r->reach_male,
	    "reach_female", (json_int_t)r->reach_female, "reach",
	    (json_int_t)(r->reach_male + r->reach_female), "version",
	    (json_int_t)r->version, "created_at",
	    api_instant_json(r->created_at), "updated_at",
	    api_instant_json(r->updated_at));
}

/* The activity of route parameter `id` when its commune lies in the
 * caller's scope; answers 403 / 404 / 500 and returns false. */
static bool comm_load(struct api_ctx *c, struct communication_row *out)
{
	int64_t id;
	if (!readable(c) || !api_id_param(c, "id", "communication", &id))
		return false;
	enum store_status st =
	    store_communication_get(c->db, c->arena, id, out);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st != STORE_OK ||
	    !access_sees(&c->who, out->unit_tree, out->unit_path)) {
		api_reply_error(c, 404, "not_found",
		                "No such communication activity", NULL);
		return false;
	}
	return true;
}

enum {
	CF_UNIT,
	CF_KIND,
	CF_TOPIC,
	CF_HELD,
	CF_TITLE,
	CF_AUDIENCE,
	CF_REACH_MALE,
	CF_REACH_FEMALE,
	CF_NOTE,
	CF__MAX
};
/* Byte limits are four times the character limits checked below. */
static const struct field_spec create_fields[CF__MAX] = {
    [CF_UNIT] = {"unit_code", FIELD_STRING, true, 8},
    [CF_KIND] = {"kind", FIELD_STRING, true, 64},
    [CF_TOPIC] = {"topic", FIELD_STRING, true, 64},
    [CF_HELD] = {"held_on", FIELD_STRING, true, 10},
    [CF_TITLE] = {"title", FIELD_STRING, false, 800},
    [CF_AUDIENCE] = {"audience", FIELD_STRING, false, 64},
    [CF_REACH_MALE] = {"reach_male", FIELD_INT, false, 0},
    [CF_REACH_FEMALE] = {"reach_female", FIELD_INT, false, 0},
    [CF_NOTE] = {"note", FIELD_STRING, false, 8000},
};
/* PATCH: the same fields, none required. */
static const struct field_spec update_fields[CF__MAX] = {
    [CF_UNIT] = {"unit_code", FIELD_STRING, false, 8},
    [CF_KIND] = {"kind", FIELD_STRING, false, 64},
    [CF_TOPIC] = {"topic", FIELD_STRING, false, 64},
    [CF_HELD] = {"held_on", FIELD_STRING, false, 10},
    [CF_TITLE] = {"title", FIELD_STRING, false, 800},
    [CF_AUDIENCE] = {"audience", FIELD_STRING, false, 64},
    [CF_REACH_MALE] = {"reach_male", FIELD_INT, false, 0},
    [CF_REACH_FEMALE] = {"reach_female", FIELD_INT, false, 0},
    [CF_NOTE] = {"note", FIELD_STRING, false, 8000},
};

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

static bool reach_field(struct api_ctx *c, const struct field_value *f,
                        const char *field, int64_t *dst)
{
	if (!f->present)
		return true;
	if (f->i < 0 || f->i > REACH_MAX)
		return bad_field(
		    c, field,
		    arena_printf(c->arena,
		                 "%s must be a whole number from 0 "
		                 "to %d",
		                 field, REACH_MAX));
	*dst = f->i;
	return true;
}

/* Applies the present fields of f onto r and checks them.  Answers 422 /
 * 403 and returns false. */
static bool comm_apply(struct api_ctx *c, const struct field_value *f,
                       struct communication_row *r)
{
	if (f[CF_UNIT].present) {
		struct unit_row u;
		if (!net_unit_field(c, "unit_code", NULL, f[CF_UNIT].s, &u))
			return false;
		/* Coverage is counted per commune: an activity of a district
		 * would cover no one, or every commune, and neither is true. */
		if (u.level != unit_commune_level(u.tree))
			return bad_field(c, "unit_code",
			                 "unit_code must be a commune (the "
			                 "lowest level of its tree)");
		r->unit_tree = u.tree;
		r->unit_code = u.code;
		r->unit_path = u.path;
		r->unit_name = u.name;
	}
	if (f[CF_KIND].present) {
		if (!net_code_field(c, "kind", "communication_kind",
		                    f[CF_KIND].s))
			return false;
		r->kind = f[CF_KIND].s;
	}
	if (f[CF_TOPIC].present) {
		if (!net_code_field(c, "topic", "communication_topic",
		                    f[CF_TOPIC].s))
			return false;
		r->topic = f[CF_TOPIC].s;
	}
	if (f[CF_HELD].present) {
		/* A record of what was held: a planned activity would count
		 * a commune as covered before anything happened. */
		char d[NET_DATE_MAX];
		if (!net_date_field(c, "held_on", f[CF_HELD].s, true, d))
			return false;
		r->held_on = arena_strdup(c->arena, d);
	}
	if (f[CF_AUDIENCE].present) {
		if (!net_code_field(c, "audience", "communication_audience",
		                    f[CF_AUDIENCE].s))
			return false;
		r->audience = f[CF_AUDIENCE].s;
	}
	if (r->audience == NULL)
		r->audience = "general_public";
	if (f[CF_TITLE].present && *f[CF_TITLE].s != '\0' &&
	    text_length(f[CF_TITLE].s) < 2)
		return bad_field(c, "title",
		                 "title must be 2 to 200 characters");
	return optional_text(c, &f[CF_TITLE], "title", 200, &r->title) &&
	       optional_text(c, &f[CF_NOTE], "note", 2000, &r->note) &&
	       reach_field(c, &f[CF_REACH_MALE], "reach_male",
	                   &r->reach_male) &&
	       reach_field(c, &f[CF_REACH_FEMALE], "reach_female",
	                   &r->reach_female);
}

static const char *comm_target(struct api_ctx *c, int64_t id)
{
	return arena_printf(c->arena, "communication:%lld", (long long)id);
}

/* Answers the stored activity (re-read: version and unit name as
 * stored). */
static void reply_comm(struct api_ctx *c, int status, int64_t id)
{
	struct communication_row r;
	if (store_communication_get(c->db, c->arena, id, &r) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "ETag", comm_etag(c, &r));
	api_reply_json(c, status, comm_json(&r));
}

void communications_create(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[CF__MAX];
	if (body == NULL || !api_fields(c, body, create_fields, CF__MAX, f))
		return;
	struct communication_row r = {0};
	if (!comm_apply(c, f, &r))
		return;
	r.created_by = c->user.id;
	r.created_at = r.updated_at = time_now();

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_communication_insert(c->db, &r);
	if (st != STORE_OK ||
	    !api_audit(c, "communication_create", comm_target(c, r.id),
	               r.unit_tree, r.unit_path,
	               json_pack("{s:s, s:s, s:s, s:s}", "unit_code",
	                         r.unit_code, "kind", r.kind, "topic", r.topic,
	                         "held_on", r.held_on)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_comm(c, 201, r.id);
}

void communications_get(struct api_ctx *c)
{
	struct communication_row r;
	if (!comm_load(c, &r))
		return;
	api_add_header(c, "ETag", comm_etag(c, &r));
	api_reply_json(c, 200, comm_json(&r));
}

void communications_update(struct api_ctx *c)
{
	struct communication_row r;
	if (!comm_load(c, &r) || !net_if_match(c, comm_etag(c, &r)))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[CF__MAX];
	if (body == NULL || !api_fields(c, body, update_fields, CF__MAX, f) ||
	    !comm_apply(c, f, &r))
		return;
	r.updated_at = time_now();
	/* The names of the fields sent, not their values. */
	json_t *changed = json_array();
	for (int i = 0; i < CF__MAX; i++)
		if (f[i].present)
			json_array_append_new(
			    changed, json_string(update_fields[i].name));

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_communication_update(c->db, &r, r.version);
	if (st != STORE_OK) {
		json_decref(changed);
		store_rollback(c->db);
		if (st == STORE_CONFLICT || st == STORE_NOTFOUND)
			api_reply_error(c, 412, "stale",
			                "The activity was changed since you "
			                "read it",
			                NULL);
		else
			api_reply_internal(c);
		return;
	}
	if (!api_audit(c, "communication_update", comm_target(c, r.id),
	               r.unit_tree, r.unit_path,
	               json_pack("{s:o}", "changed", changed)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_comm(c, 200, r.id);
}

/* An optional code query argument of `list` (NULL when absent or empty);
 * answers 422 and returns false. */
static bool code_query(struct api_ctx *c, const char *name, const char *list,
                       const char **out)
{
	const char *v = api_query(c, name);
	*out = v != NULL && *v != '\0' ? v : NULL;
	return *out == NULL || net_code_field(c, name, list, *out);
}

/* The optional from/to query arguments as canonical dates (NULL when
 * absent); answers 422 and returns false. */
static bool period_query(struct api_ctx *c, const char **from, const char **to)
{
	const char *names[2] = {"from", "to"};
	const char **dst[2] = {from, to};
	for (int i = 0; i < 2; i++) {
		const char *v = api_query(c, names[i]);
		char d[NET_DATE_MAX];
		if (v == NULL || *v == '\0')
			continue;
		if (!net_date_field(c, names[i], v, false, d))
			return false;
		*dst[i] = arena_strdup(c->arena, d);
	}
	if (*from != NULL && *to != NULL && strcmp(*to, *from) < 0)
		return bad_field(c, "to", "to must not be before from");
	return true;
}

void communications_list(struct api_ctx *c)
{
	if (!readable(c))
		return;
	struct communication_query q = {0};
	int page;
	if (!net_list_scope(c, &q.tree, &q.within_path) ||
	    !api_paging(c, &q.offset, &q.limit, &page) ||
	    !code_query(c, "topic", "communication_topic", &q.topic) ||
	    !code_query(c, "kind", "communication_kind", &q.kind) ||
	    !period_query(c, &q.from, &q.to))
		return;
	const char *format = api_query(c, "format");
	if (format != NULL && strcmp(format, "csv") == 0) {
		net_export_reply(c, IMPORT_COMMUNICATIONS, &q);
		return;
	}
	if (format != NULL && strcmp(format, "json") != 0) {
		bad_field(c, "format", "format must be csv or json");
		return;
	}
	struct communication_row *rows;
	size_t n;
	long total;
	if (store_communications_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, comm_json(&rows[i]));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", q.limit));
}

/* The unit coverage is asked for: `unit` (default the caller's scope unit)
 * in `tree` (default the caller's scope tree, else the default tree).
 * Unknown: 422; outside the caller's scope: 404.  Answers, returns false. */
static bool coverage_unit(struct api_ctx *c, struct unit_row *u)
{
	const char *tree = api_query(c, "tree");
	if (tree != NULL && *tree != '\0') {
		if ((tree = api_tree(c)) == NULL)
			return false;
	} else {
		tree = c->who.scope_tree ? c->who.scope_tree
		                         : c->cfg->default_tree;
	}
	const char *code = api_query(c, "unit");
	if (code == NULL || *code == '\0')
		code = c->user.scope_code;
	if (code == NULL)
		return bad_field(c, "unit", "unit is required");
	enum store_status st = store_unit_get(c->db, c->arena, tree, code, u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st != STORE_OK)
		return bad_field(c, "unit",
		                 arena_printf(c->arena,
		                              "No unit %s in the %s tree", code,
		                              tree));
	if (!access_sees(&c->who, u->tree, u->path)) {
		api_reply_error(c, 404, "not_found", "No such unit", "unit");
		return false;
	}
	return true;
}

void communications_coverage(struct api_ctx *c)
{
	struct unit_row u;
	const char *topic, *from = NULL, *to = NULL;
	if (!readable(c) || !coverage_unit(c, &u) ||
	    !code_query(c, "topic", "communication_topic", &topic) ||
	    !period_query(c, &from, &to))
		return;
	/* The plans report per calendar year (Asia/Ho_Chi_Minh). */
	char today[NET_DATE_MAX];
	net_today(today);
	if (from == NULL)
		from = arena_printf(c->arena, "%.4s-01-01", today);
	if (to == NULL)
		to = arena_printf(c->arena, "%.4s-12-31", today);
	if (strcmp(to, from) < 0)
		return (void)bad_field(c, "to", "to must not be before from");

	struct coverage_row *rows;
	size_t n;
	if (store_communication_coverage(c->db, c->arena, u.tree, u.path,
	                                 unit_commune_level(u.tree), topic,
	                                 from, to, &rows, &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *communes = json_array();
	int64_t covered = 0;
	for (size_t i = 0; i < n; i++) {
		const struct coverage_row *r = &rows[i];
		covered += r->activities > 0;
		json_array_append_new(
		    communes,
		    json_pack("{s:s, s:s, s:s?, s:s?, s:I, s:I, s:b}", "code",
		              r->code, "name", r->name, "parent_code",
		              r->parent_code, "parent_name", r->parent_name,
		              "activities", (json_int_t)r->activities, "reach",
		              (json_int_t)r->reach, "covered",
		              r->activities > 0));
	}
	json_t *percent = n > 0 ? json_real((double)covered * 100.0 / (double)n)
	                        : json_null();
	api_reply_json(
	    c, 200,
	    json_pack("{s:{s:s, s:s, s:s}, s:s?, s:s, s:s, s:I, s:I, s:o, "
	              "s:o}",
	              "unit", "code", u.code, "name", u.name, "tree", u.tree,
	              "topic", topic, "from", from, "to", to, "total",
	              (json_int_t)n, "covered", (json_int_t)covered, "percent",
	              percent, "communes", communes));
}
