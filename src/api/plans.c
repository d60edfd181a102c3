/*
 * plans.c — plans of provinces and districts under Decision 565
 * (docs/indicators.md §Plans): a number and date, a period of years, the
 * lead and partner agencies of each project; their targets are
 * targets.c, the status they give the dashboard is indicators.c's.
 *
 * ** URL: POST  /api/v1/plans {"unit_code","tree","number","issued_on",
 *               "title","period_from","period_to","projects":[{"project",
 *               "lead_agency","partners"}]} → 201 + ETag "p<id>-<v>"; 404
 *               unit outside scope; 409 conflict (number taken for the
 *               unit); 422 invalid_field
 * ** URL: GET   /api/v1/plans?unit=&tree=&page=&page_size= → 200
 *               {items,total,page,page_size}: the unit's plans and those
 *               below it (default: the caller's scope)
 * ** URL: GET   /api/v1/plans/ID → 200 with projects and targets_count
 * ** URL: PATCH /api/v1/plans/ID {"number","issued_on","title",
 *               "period_from","period_to","projects"} → 200; If-Match
 *               optional, 412 stale; 409; 422 (a period leaving targets
 *               out)
 * ** URL: POST  /api/v1/plans/ID/copy {"period_from","period_to","number",
 *               "issued_on","title"} → 201 the new plan of the same unit,
 *               projects copied, targets shifted by the change of
 *               period_from; 422 when the shifted targets leave the period
 *
 * Reading needs the plan's unit inside the caller's scope, writing the
 * same plus the plans_write action (the dispatcher); outside is 404.
 * Every change is audited in its transaction.
 */
#include <math.h>
#include <string.h>

#include "api/api.h"
#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/network.h"
#include "api/plans.h"
#include "domain/lineage.h"
#include "domain/plan.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"
#include "store/store_indicators.h"

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

/* ---- shared with targets.c (plans.h) ----------------------------------- */

bool plan_load(struct api_ctx *c, int64_t id, struct plan_row *out)
{
	enum store_status st = STORE_NOTFOUND;
	if (id > 0)
		st = store_plan_get(c->db, c->arena, id, out);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND ||
	    !access_sees(&c->who, out->tree, out->unit_path)) {
		api_reply_error(c, 404, "not_found", "No such plan", NULL);
		return false;
	}
	return true;
}

const char *plan_etag(struct api_ctx *c, const struct plan_row *p)
{
	return net_etag(c, "p", p->id, p->version);
}

bool plan_indicator_kind(struct api_ctx *c, const char *field, const char *code,
                         enum indicator_kind *out)
{
	struct indicator_def *defs;
	size_t n;
	if (store_indicators_list(c->db, c->arena, &defs, &n) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	for (size_t i = 0; code != NULL && i < n; i++)
		if (strcmp(defs[i].code, code) == 0 &&
		    indicator_kind_parse(defs[i].kind, out) == 0)
			return true;
	return bad_field(c, field,
	                 arena_printf(c->arena,
	                              "%s must be a code of the indicator "
	                              "catalogue",
	                              field));
}

json_t *plan_number_json(double v)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* ---- JSON -------------------------------------------------------------- */

static json_t *plan_json(const struct plan_row *p)
{
	json_t *projects = json_array();
	for (size_t i = 0; i < p->nprojects; i++) {
		const struct plan_project *pr = &p->projects[i];
		json_array_append_new(projects,
		                      json_pack("{s:i, s:s?, s:s?}", "project",
		                                pr->project, "lead_agency",
		                                pr->lead_agency, "partners",
		                                pr->partners));
	}
	return json_pack(
	    "{s:I, s:s, s:s, s:s?, s:s, s:s, s:s, s:i, s:i, s:o, s:I, s:I, "
	    "s:o, s:o}",
	    "id", (json_int_t)p->id, "tree", p->tree, "unit_code", p->unit_code,
	    "unit_name", p->unit_name, "number", p->number, "issued_on",
	    p->issued_on, "title", p->title, "period_from", p->period_from,
	    "period_to", p->period_to, "projects", projects, "targets_count",
	    (json_int_t)p->targets_count, "version", (json_int_t)p->version,
	    "created_at", api_instant_json(p->created_at), "updated_at",
	    api_instant_json(p->updated_at));
}

/* Answers the stored plan (re-read: counts and version as stored). */
static void reply_plan(struct api_ctx *c, int status, int64_t id)
{
	struct plan_row p;
	if (store_plan_get(c->db, c->arena, id, &p) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	api_add_header(c, "ETag", plan_etag(c, &p));
	api_reply_json(c, status, plan_json(&p));
}

static const char *plan_target(struct api_ctx *c, int64_t id)
{
	return arena_printf(c->arena, "plan:%lld", (long long)id);
}

/* ---- fields ------------------------------------------------------------ */

enum {
	PF_UNIT,
	PF_TREE,
	PF_NUMBER,
	PF_ISSUED,
	PF_TITLE,
	PF_FROM,
	PF_TO,
	PF__MAX
};
/* Byte limits are four times the character limits of domain/plan.h. */
static const struct field_spec create_fields[PF__MAX] = {
    [PF_UNIT] = {"unit_code", FIELD_STRING, true, 8},
    [PF_TREE] = {"tree", FIELD_STRING, false, 4},
    [PF_NUMBER] = {"number", FIELD_STRING, true, 200},
    [PF_ISSUED] = {"issued_on", FIELD_STRING, true, 10},
    [PF_TITLE] = {"title", FIELD_STRING, true, 1200},
    [PF_FROM] = {"period_from", FIELD_INT, true, 0},
    [PF_TO] = {"period_to", FIELD_INT, true, 0},
};
static const char *const create_keys[] = {
    "unit_code",   "tree",      "number",   "issued_on", "title",
    "period_from", "period_to", "projects", NULL};
/* PATCH: no unit (a plan stays with its unit), nothing required. */
static const struct field_spec update_fields[PF__MAX] = {
    [PF_UNIT] = {"unit_code", FIELD_STRING, false, 8},
    [PF_TREE] = {"tree", FIELD_STRING, false, 4},
    [PF_NUMBER] = {"number", FIELD_STRING, false, 200},
    [PF_ISSUED] = {"issued_on", FIELD_STRING, false, 10},
    [PF_TITLE] = {"title", FIELD_STRING, false, 1200},
    [PF_FROM] = {"period_from", FIELD_INT, false, 0},
    [PF_TO] = {"period_to", FIELD_INT, false, 0},
};
static const char *const update_keys[] = {
    "number",    "issued_on", "title", "period_from",
    "period_to", "projects",  NULL};
/* Copy: a new number, date and period; the title may change. */
static const struct field_spec copy_fields[PF__MAX] = {
    [PF_UNIT] = {"unit_code", FIELD_STRING, false, 8},
    [PF_TREE] = {"tree", FIELD_STRING, false, 4},
    [PF_NUMBER] = {"number", FIELD_STRING, true, 200},
    [PF_ISSUED] = {"issued_on", FIELD_STRING, true, 10},
    [PF_TITLE] = {"title", FIELD_STRING, false, 1200},
    [PF_FROM] = {"period_from", FIELD_INT, true, 0},
    [PF_TO] = {"period_to", FIELD_INT, true, 0},
};
static const char *const copy_keys[] = {"number",      "issued_on", "title",
                                        "period_from", "period_to", NULL};

/* Applies number, issued_on, title and the period of f onto p and checks
 * them.  Answers 422 and returns false. */
static bool plan_apply(struct api_ctx *c, const struct field_value *f,
                       struct plan_row *p)
{
	if (f[PF_NUMBER].present) {
		if (!plan_number_valid(f[PF_NUMBER].s))
			return bad_field(c, "number",
			                 "number must be 2 to 50 characters, "
			                 "e.g. 787/KH-UBND");
		p->number = f[PF_NUMBER].s;
	}
	if (f[PF_ISSUED].present) {
		char d[NET_DATE_MAX];
		if (!net_date_field(c, "issued_on", f[PF_ISSUED].s, false, d))
			return false;
		p->issued_on = arena_strdup(c->arena, d);
	}
	if (f[PF_TITLE].present) {
		if (!plan_title_valid(f[PF_TITLE].s))
			return bad_field(c, "title",
			                 "title must be 3 to 300 characters");
		p->title = f[PF_TITLE].s;
	}
	if (f[PF_FROM].present) {
		if (!plan_year_valid(f[PF_FROM].i))
			return bad_field(c, "period_from",
			                 "period_from must be a year from 2000 "
			                 "to 2100");
		p->period_from = (int)f[PF_FROM].i;
	}
	if (f[PF_TO].present) {
		if (!plan_year_valid(f[PF_TO].i))
			return bad_field(
			    c, "period_to",
			    "period_to must be a year from 2000 to "
			    "2100");
		p->period_to = (int)f[PF_TO].i;
	}
	if (!plan_period_valid(p->period_from, p->period_to))
		return bad_field(c, "period_to",
		                 "period_to must not be before period_from");
	return true;
}

/* An agency name: a string of at most PLAN_AGENCY_MAX characters, NFC and
 * trimmed, or null/absent/"" for none. */
static bool agency_text(struct api_ctx *c, json_t *v, const char *key,
                        const char **out)
{
	*out = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	char *nfc = NULL;
	if (s != NULL && strlen(s) == json_string_length(v) && text_valid(s))
		nfc = text_nfc(c->arena, s);
	if (nfc == NULL)
		return bad_field(
		    c, "projects",
		    arena_printf(c->arena, "projects: %s must be text", key));
	while (*nfc == ' ')
		nfc++;
	size_t len = strlen(nfc);
	while (len > 0 && nfc[len - 1] == ' ')
		nfc[--len] = '\0';
	if (text_length(nfc) > PLAN_AGENCY_MAX)
		return bad_field(c, "projects",
		                 arena_printf(c->arena,
		                              "projects: %s must be at most %d "
		                              "characters",
		                              key, PLAN_AGENCY_MAX));
	*out = len > 0 ? nfc : NULL;
	return true;
}

/* The projects array of a body: each project 1–4 at most once with its
 * lead agency and partners.  null or absent is none. */
static bool projects_field(struct api_ctx *c, json_t *v,
                           struct plan_project **out, size_t *n)
{
	static const char *const keys[] = {"project", "lead_agency", "partners",
	                                   NULL};
	*out = NULL;
	*n = 0;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_array(v) || json_array_size(v) > PLAN_PROJECTS)
		return bad_field(c, "projects",
		                 "projects must be a list of at most 4 "
		                 "projects");
	size_t len = json_array_size(v);
	struct plan_project *rows =
	    arena_alloc(c->arena, (len > 0 ? len : 1) * sizeof *rows);
	bool seen[PLAN_PROJECTS + 1] = {false};
	for (size_t i = 0; i < len; i++) {
		json_t *e = json_array_get(v, i);
		if (!json_is_object(e))
			return bad_field(c, "projects",
			                 "projects must hold objects "
			                 "{project, lead_agency, partners}");
		if (!case_keys_known(c, e, keys, "projects"))
			return false;
		json_t *pj = json_object_get(e, "project");
		json_int_t p = json_is_integer(pj) ? json_integer_value(pj) : 0;
		if (!plan_project_valid(p) || seen[p])
			return bad_field(
			    c, "projects",
			    "projects: each project must be 1 to 4, "
			    "once");
		seen[p] = true;
		rows[i].project = (int)p;
		if (!agency_text(c, json_object_get(e, "lead_agency"),
		                 "lead_agency", &rows[i].lead_agency) ||
		    !agency_text(c, json_object_get(e, "partners"), "partners",
		                 &rows[i].partners))
			return false;
	}
	*out = rows;
	*n = len;
	return true;
}

/* The unit of a new plan: known (422), inside the caller's scope (404,
 * docs/indicators.md §Roles), a province or district (422). */
static bool plan_unit(struct api_ctx *c, const char *tree, const char *code,
                      struct unit_row *u)
{
	if (tree == NULL ||
	    (strcmp(tree, "2024") != 0 && strcmp(tree, "2025") != 0))
		return bad_field(c, "tree", "tree must be 2024 or 2025");
	enum store_status st = STORE_NOTFOUND;
	if (lineage_code_valid(code))
		st = store_unit_get(c->db, c->arena, tree, code, u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND)
		return bad_field(c, "unit_code",
		                 arena_printf(c->arena,
		                              "unit_code must be a unit of the "
		                              "%s tree",
		                              tree));
	if (!access_sees(&c->who, u->tree, u->path)) {
		api_reply_error(c, 404, "not_found", "No such unit",
		                "unit_code");
		return false;
	}
	if (!plan_unit_level_valid(u->tree, u->level))
		return bad_field(c, "unit_code",
		                 "unit_code must be a province or a district: "
		                 "plans are made there");
	return true;
}

/* The first and last year of plan id's targets; *min > *max when it has
 * none. */
static bool target_years(struct api_ctx *c, int64_t id, int *min, int *max)
{
	struct target_row *rows;
	size_t n;
	if (store_targets_list(c->db, c->arena, id, &rows, &n) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	*min = PLAN_YEAR_MAX + 1;
	*max = PLAN_YEAR_MIN - 1;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].year < *min)
			*min = rows[i].year;
		if (rows[i].year > *max)
			*max = rows[i].year;
	}
	return true;
}

static void reply_number_taken(struct api_ctx *c, const char *number)
{
	api_reply_error(c, 409, "conflict",
	                arena_printf(c->arena,
	                             "The unit already has a plan numbered %s",
	                             number),
	                "number");
}

/* ---- handlers ---------------------------------------------------------- */

void plans_create(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[PF__MAX];
	if (body == NULL || !case_keys_known(c, body, create_keys, NULL) ||
	    !api_fields(c, body, create_fields, PF__MAX, f))
		return;
	const char *tree = f[PF_TREE].present ? f[PF_TREE].s : api_tree(c);
	struct unit_row u;
	struct plan_row p = {0};
	if (tree == NULL || !plan_unit(c, tree, f[PF_UNIT].s, &u))
		return;
	p.tree = u.tree;
	p.unit_code = u.code;
	p.unit_path = u.path;
	if (!plan_apply(c, f, &p) ||
	    !projects_field(c, json_object_get(body, "projects"), &p.projects,
	                    &p.nprojects))
		return;
	p.created_by = c->user.id;
	p.created_at = p.updated_at = time_now();

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_plan_create(c->db, &p);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		reply_number_taken(c, p.number);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(c, "plan_create", plan_target(c, p.id), p.tree,
	               p.unit_path,
	               json_pack("{s:s, s:s, s:i, s:i}", "unit_code",
	                         p.unit_code, "number", p.number, "period_from",
	                         p.period_from, "period_to", p.period_to)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_plan(c, 201, p.id);
}

void plans_list(struct api_ctx *c)
{
	struct plan_query q = {0};
	int page;
	if (!net_list_scope(c, &q.tree, &q.within_path) ||
	    !api_paging(c, &q.offset, &q.limit, &page))
		return;
	struct plan_row *rows;
	size_t n;
	long total;
	if (store_plans_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, plan_json(&rows[i]));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", q.limit));
}

void plans_get(struct api_ctx *c)
{
	int64_t id;
	struct plan_row p;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &p))
		return;
	api_add_header(c, "ETag", plan_etag(c, &p));
	api_reply_json(c, 200, plan_json(&p));
}

void plans_update(struct api_ctx *c)
{
	int64_t id;
	struct plan_row p;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &p) ||
	    !net_if_match(c, plan_etag(c, &p)))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[PF__MAX];
	if (body == NULL || !case_keys_known(c, body, update_keys, NULL) ||
	    !api_fields(c, body, update_fields, PF__MAX, f) ||
	    !plan_apply(c, f, &p))
		return;
	json_t *projects = json_object_get(body, "projects");
	if (projects != NULL &&
	    !projects_field(c, projects, &p.projects, &p.nprojects))
		return;
	/* A period that leaves a target outside would hide it from the
	 * status rule: the targets move first. */
	int min, max;
	if (!target_years(c, p.id, &min, &max))
		return;
	if (min < p.period_from) {
		bad_field(c, "period_from",
		          arena_printf(c->arena,
		                       "the plan has targets for %d: change or "
		                       "delete them first",
		                       min));
		return;
	}
	if (max > p.period_to) {
		bad_field(c, "period_to",
		          arena_printf(c->arena,
		                       "the plan has targets for %d: change or "
		                       "delete them first",
		                       max));
		return;
	}
	json_t *changed = json_array();
	for (int i = 0; i < PF__MAX; i++)
		if (f[i].present)
			json_array_append_new(
			    changed, json_string(update_fields[i].name));
	if (projects != NULL)
		json_array_append_new(changed, json_string("projects"));
	int64_t read_version = p.version;
	p.updated_at = time_now();

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_plan_update(c->db, &p, read_version);
	if (st == STORE_CONFLICT || st == STORE_NOTFOUND) {
		json_decref(changed);
		store_rollback(c->db);
		/* A version that moved is a stale read; else the number is
		 * taken. */
		struct plan_row now;
		enum store_status again =
		    store_plan_get(c->db, c->arena, p.id, &now);
		if (again == STORE_OK && now.version == read_version)
			reply_number_taken(c, p.number);
		else
			api_reply_error(
			    c, 412, "stale",
			    "The plan was changed since you read it", NULL);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(c, "plan_update", plan_target(c, p.id), p.tree,
	               p.unit_path, json_pack("{s:o}", "changed", changed)) ||
	    store_commit(c->db) != STORE_OK) {
		if (st != STORE_OK)
			json_decref(changed);
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_plan(c, 200, p.id);
}

void plans_copy(struct api_ctx *c)
{
	int64_t id;
	struct plan_row from;
	if (!api_id_param(c, "id", "plan", &id) || !plan_load(c, id, &from))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[PF__MAX];
	struct plan_row to = {0};
	if (body == NULL || !case_keys_known(c, body, copy_keys, NULL) ||
	    !api_fields(c, body, copy_fields, PF__MAX, f) ||
	    !plan_apply(c, f, &to))
		return;
	int min, max;
	if (!target_years(c, from.id, &min, &max))
		return;
	if (!plan_copy_fits(min, max, from.period_from, to.period_from,
	                    to.period_to)) {
		bad_field(
		    c, "period_to",
		    arena_printf(
		        c->arena,
		        "the copied targets run from %d to %d: "
		        "the period must hold them",
		        plan_copy_year(min, from.period_from, to.period_from),
		        plan_copy_year(max, from.period_from, to.period_from)));
		return;
	}
	to.created_by = c->user.id;
	to.created_at = time_now();
	const char *number = to.number;

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_plan_copy(c->db, c->arena, from.id, &to);
	if (st == STORE_CONFLICT) {
		store_rollback(c->db);
		reply_number_taken(c, number);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(c, "plan_copy", plan_target(c, to.id), to.tree,
	               to.unit_path,
	               json_pack("{s:I, s:s, s:i, s:i, s:I}", "from_plan",
	                         (json_int_t)from.id, "number", to.number,
	                         "period_from", to.period_from, "period_to",
	                         to.period_to, "targets",
	                         (json_int_t)to.targets_count)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	reply_plan(c, 201, to.id);
}
