/*
 * case_common.c — what every case resource shares (api/cases.h): loading
 * a case the caller may see, its JSON in the full or the limited view,
 * restricted reads with a reason, events, stages with their deadlines,
 * sealing of narratives, and creating a case (POST /cases and a hotline
 * call's case).  Field checks are in case_fields.c, persons in persons.c.
 *
 * The rules are the domain's (domain/casework.h, domain/deadline.h); this
 * file turns them into answers.  Nothing here logs or audits a name, a
 * national id or a narrative: audit entries carry ids, codes and field
 * names only (docs/cases.md).
 */
#include "api/cases.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api/case_internal.h"
#include "domain/codes.h"
#include "domain/deadline.h"
#include "domain/lineage.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/secret.h"
#include "lib/timeutil.h"

/* residents.c: {"id","name"} of the facility holding a case's person, or
 * null.  Called from here also so the static link always takes
 * residents.c over network_stubs.c's weak stubs. */
json_t *case_facility_json(struct api_ctx *c, int64_t facility_id);

/* A client clock a little ahead of ours is not "the future". */
#define CLOCK_SKEW_SECONDS 120

/* ---- small helpers --------------------------------------------------- */

static bool field_error(struct api_ctx *c, const char *field,
                        const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

bool api_id_param(struct api_ctx *c, const char *name, const char *what,
                  int64_t *out)
{
	const char *s = api_param(c, name);
	size_t len = s ? strlen(s) : 0;
	bool ok = len > 0 && len <= 18 && s[0] != '0';
	for (size_t i = 0; ok && i < len; i++)
		ok = s[i] >= '0' && s[i] <= '9';
	if (!ok) {
		api_reply_error(c, 404, "not_found",
		                arena_printf(c->arena, "No such %s", what),
		                NULL);
		return false;
	}
	*out = strtoll(s, NULL, 10);
	return true;
}

/* ---- loading and viewing ----------------------------------------------- */

void case_facts_of(const struct case_row *r, struct case_facts *f)
{
	memset(f, 0, sizeof *f);
	if (case_type_parse(r->type, &f->type) != 0)
		f->type = CASE_SOCIAL_ASSISTANCE;
	if (case_stage_parse(r->stage, &f->stage) != 0)
		f->stage = STAGE_INTAKE;
	f->restricted = r->restricted != 0;
	f->assigned_to = r->assigned_to;
	f->created_by = r->created_by;
	f->facility_id = r->facility_id;
	f->tree = r->unit_tree;
	f->path = r->unit_path;
}

bool case_load(struct api_ctx *c, int64_t id, struct case_row *out,
               enum case_view *view)
{
	enum store_status st = store_case_get(c->db, c->arena, id, out);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	struct case_facts f;
	*view = VIEW_NONE;
	if (st == STORE_OK) {
		case_facts_of(out, &f);
		*view = casework_view(&c->who, &f);
	}
	if (*view == VIEW_NONE) {
		api_reply_error(c, 404, "not_found", "No such case", NULL);
		return false;
	}
	return true;
}

bool case_identity(struct api_ctx *c, const struct case_row *r,
                   enum case_view view, bool *ok)
{
	*ok = true;
	if (view != VIEW_FULL)
		return false;
	struct case_facts f;
	case_facts_of(r, &f);
	if (!casework_restricted(&f))
		return true;
	const char *reason = api_query(c, "reason");
	if (reason == NULL || *reason == '\0')
		return false;
	if (!codes_has("read_reason", reason)) {
		*ok = false;
		api_reply_error(c, 422, "invalid_field",
		                "reason must be a code of the read_reason list",
		                "reason");
		return false;
	}
	if (!api_audit(c, "case_read_restricted",
	               arena_printf(c->arena, "case:%lld", (long long)r->id),
	               r->unit_tree, r->unit_path,
	               json_pack("{s:s}", "reason", reason))) {
		*ok = false;
		api_reply_internal(c);
		return false;
	}
	return true;
}

bool case_require_write(struct api_ctx *c, const struct case_row *r)
{
	struct case_facts f;
	case_facts_of(r, &f);
	if (casework_may_write(&c->who, &f))
		return true;
	if (c->who.role == ROLE_HOTLINE)
		api_reply_error(c, 403, "forbidden",
		                "Hotline users do not change a case after "
		                "opening it",
		                NULL);
	else
		api_reply_error(c, 403, "restricted",
		                "This case is restricted: only its assigned "
		                "worker and supervisors may change it",
		                NULL);
	return false;
}

const char *case_etag(struct api_ctx *c, const struct case_row *r)
{
	return arena_printf(c->arena, "\"c%lld-%lld\"", (long long)r->id,
	                    (long long)r->version);
}

static json_t *consent_json(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

json_t *case_json(struct api_ctx *c, const struct case_row *r,
                  enum case_view view, bool identity)
{
	struct case_facts f;
	case_facts_of(r, &f);
	int64_t now = time_now();
	bool open = strcmp(r->stage, "closed") != 0;
	int64_t late = open ? deadline_overdue_seconds(r->due_at, now) : 0;
	json_t *j = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:o, s:o, s:b, "
	    "s:I, s:o}",
	    "id", (json_int_t)r->id, "case_no", r->case_no, "type", r->type,
	    "stage", r->stage, "unit_code", r->unit_code, "unit_tree",
	    r->unit_tree, "restricted", casework_restricted(&f), "urgency",
	    r->urgency, "opened_at", api_instant_json(r->opened_at),
	    "stage_since", api_instant_json(r->stage_since), "due_at",
	    api_instant_json(r->due_at), "overdue", late > 0, "overdue_seconds",
	    (json_int_t)late, "closed_at", api_instant_json(r->closed_at));
	json_object_set_new(j, "assigned_to",
	                    r->assigned_to ? json_integer(r->assigned_to)
	                                   : json_null());
	/* The worker's name, so people read "Y Blong", not a number; a
	 * worker is staff, not the person the case protects. */
	struct user_row worker;
	json_object_set_new(j, "assigned_name",
	                    r->assigned_to != 0 &&
	                            store_user_get(c->db, c->arena,
	                                           r->assigned_to,
	                                           &worker) == STORE_OK
	                        ? json_string(worker.full_name)
	                        : json_null());
	if (!identity) {
		json_object_set_new(j, "identity_hidden", json_true());
		if (view == VIEW_FULL)
			json_object_set_new(j, "reason_required", json_true());
		return j;
	}
	json_object_set_new(j, "identity_hidden", json_false());
	json_error_t err;
	json_t *details = json_loads(r->details ? r->details : "{}", 0, &err);
	if (!json_is_object(details)) {
		json_decref(details);
		details = json_object();
	}
	const char *summary = r->summary ? case_open(c, r->summary) : NULL;
	enum case_stage next[STAGE__MAX];
	size_t nn = casework_next_stages(f.stage, next);
	json_t *stages = json_array();
	for (size_t i = 0; i < nn; i++)
		json_array_append_new(stages,
		                      json_string(case_stage_name(next[i])));
	json_t *orgs = NULL;
	if (r->consent_sharing_orgs != NULL)
		orgs = json_loads(r->consent_sharing_orgs, 0, &err);
	json_object_update_missing_new(
	    j,
	    json_pack(
	        "{s:o, s:o, s:s?, s:s?, s:s?, s:s?, s:o, s:o, s:o, s:o, s:o, "
	        "s:o, s:I, s:o, s:o, s:I}",
	        "person", person_json(&r->person), "details", details,
	        "summary", summary, "risk_level", r->risk_level,
	        "closure_reason", r->closure_reason, "due_rule", r->due_rule,
	        "plan_approved_at", api_instant_json(r->plan_approved_at),
	        "closure_approved_at", api_instant_json(r->closure_approved_at),
	        "consents",
	        json_pack("{s:o, s:o, s:o, s:o}", "services",
	                  consent_json(r->consent_services), "statistics",
	                  consent_json(r->consent_statistics), "sharing",
	                  consent_json(r->consent_sharing), "sharing_orgs",
	                  orgs ? orgs : json_null()),
	        "next_visit_at", api_instant_json(r->next_visit_at),
	        "hotline_call_id",
	        r->hotline_call_id ? json_integer(r->hotline_call_id)
	                           : json_null(),
	        "next_stages", stages, "created_by", (json_int_t)r->created_by,
	        "created_at", api_instant_json(r->created_at), "updated_at",
	        api_instant_json(r->updated_at), "version",
	        (json_int_t)r->version));
	/* Where the person lives now (docs/network.md §Residents): part of
	 * the full view only, a shelter's name can locate a victim. */
	json_object_set_new(j, "facility",
	                    case_facility_json(c, r->facility_id));
	return j;
}

/* ---- stages and deadlines ---------------------------------------------- */

bool case_enter_stage(struct api_ctx *c, struct case_row *r, enum case_stage to,
                      int64_t now)
{
	r->stage = case_stage_name(to);
	r->stage_since = now;
	r->due_at = 0;
	r->due_rule = NULL;
	if (to == STAGE_CLOSED) {
		r->closed_at = now;
		return true;
	}
	r->closed_at = 0;
	struct deadline_rule_row *rows;
	const char **days;
	size_t n, nd;
	if (store_deadline_rules(c->db, c->arena, &rows, &n) != STORE_OK ||
	    store_holidays(c->db, c->arena, &days, &nd) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	struct deadline_rule *rules =
	    arena_alloc(c->arena, (n ? n : 1) * sizeof *rules);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct deadline_rule *d = &rules[k];
		if (deadline_unit_parse(rows[i].unit, &d->unit) != 0)
			continue; /* a bad row must not stop case work */
		d->code = rows[i].code;
		d->case_type = rows[i].case_type;
		d->stage = rows[i].stage;
		d->urgency = rows[i].urgency;
		d->amount = rows[i].amount;
		d->valid_from = rows[i].valid_from;
		d->valid_to = rows[i].valid_to;
		d->project_default = rows[i].project_default != 0;
		k++;
	}
	int32_t *hd = arena_alloc(c->arena, (nd ? nd : 1) * sizeof *hd);
	size_t kh = 0;
	for (size_t i = 0; i < nd; i++)
		if (hcm_day_parse(days[i], &hd[kh]) == 0)
			kh++;
	struct holiday_set hs = {hd, kh};
	char date[11];
	hcm_day_format(hcm_day_of(now), date);
	const struct deadline_rule *rule =
	    deadline_pick(rules, k, r->type, r->stage, r->urgency, date);
	if (rule != NULL) {
		r->due_at = deadline_due(now, rule, &hs);
		r->due_rule = rule->code;
	}
	return true;
}

/* ---- sealing and events ------------------------------------------------ */

const char *case_seal(struct api_ctx *c, const struct case_row *r,
                      const char *plain)
{
	struct case_facts f;
	case_facts_of(r, &f);
	if (plain == NULL || !casework_restricted(&f))
		return plain;
	if (c->cfg->seal_key == NULL)
		return NULL;
	return secret_seal(c->arena, c->cfg->seal_key, plain);
}

const char *case_open(struct api_ctx *c, const char *stored)
{
	if (stored == NULL || !secret_is_sealed(stored))
		return stored;
	if (c->cfg->seal_key == NULL)
		return NULL;
	return secret_open(c->arena, c->cfg->seal_key, stored);
}

/* Seals every narrative string of v at any depth; false without a key. */
static bool seal_narratives(struct api_ctx *c, const struct case_row *r,
                            json_t *v)
{
	const char *key;
	json_t *e;
	size_t i;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
		{
			if (!seal_narratives(c, r, e))
				return false;
		}
		return true;
	}
	if (!json_is_object(v))
		return true;
	json_object_foreach(v, key, e)
	{
		if (json_is_string(e) && casework_is_narrative(key)) {
			const char *s = case_seal(c, r, json_string_value(e));
			if (s == NULL)
				return false;
			json_object_set_new(v, key, json_string(s));
		} else if (!seal_narratives(c, r, e)) {
			return false;
		}
	}
	return true;
}

bool case_begin_update(struct api_ctx *c, struct case_row *n, int64_t version)
{
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_case_update(c->db, n, version);
	if (st == STORE_OK)
		return true;
	store_rollback(c->db);
	if (st == STORE_CONFLICT)
		api_reply_error(c, 412, "stale",
		                "The case was changed since you read it; "
		                "reload and try again",
		                NULL);
	else
		api_reply_internal(c);
	return false;
}

bool case_event_add(struct api_ctx *c, const struct case_row *r,
                    const char *kind, json_t *data, int64_t corrects,
                    const char *reason, struct case_event_row *out)
{
	struct case_facts f;
	case_facts_of(r, &f);
	struct case_event_row e = {0};
	bool ok = true;
	if (casework_restricted(&f)) {
		ok = seal_narratives(c, r, data);
		/* A correction's reason may retell the story: sealed too. */
		if (ok && reason != NULL)
			ok = (reason = case_seal(c, r, reason)) != NULL;
	}
	char *text =
	    ok ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(data);
	if (text == NULL) {
		api_reply_internal(c);
		return false;
	}
	e.case_id = r->id;
	e.at = time_now();
	e.actor_id = c->user.id;
	e.actor_name = c->user.username;
	e.kind = kind;
	e.data = arena_strdup(c->arena, text);
	free(text);
	e.corrects = corrects;
	e.reason = reason;
	if (store_case_event_append(c->db, &e) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	if (out != NULL)
		*out = e;
	return true;
}

/* Opens every sealed string of v at any depth (null when it does not). */
static void open_sealed(struct api_ctx *c, json_t *v)
{
	const char *key;
	json_t *e;
	size_t i;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
		{
			if (json_is_string(e) &&
			    secret_is_sealed(json_string_value(e))) {
				const char *p =
				    case_open(c, json_string_value(e));
				json_array_set_new(
				    v, i, p ? json_string(p) : json_null());
			} else {
				open_sealed(c, e);
			}
		}
		return;
	}
	json_object_foreach(v, key, e)
	{
		if (json_is_string(e) &&
		    secret_is_sealed(json_string_value(e))) {
			const char *p = case_open(c, json_string_value(e));
			json_object_set_new(v, key,
			                    p ? json_string(p) : json_null());
		} else {
			open_sealed(c, e);
		}
	}
}

/* What a limited viewer may see of an event's data: workflow facts, never
 * identity or narrative.  Other keys stay, with null values. */
static const char *const shown_keys[] = {
    "from",        "to",          "due_at",      "type",
    "unit_code",   "unit_tree",   "urgency",     "hotline_call_id",
    "field",       "kind",        "subject",     "status",
    "service",     "given",       "given_by",    "closure_reason",
    "approval_id", "referral_id", "transfer_id", "to_unit",
    "from_unit",   "date",        NULL};
static const char *const shown_fields[] = {"assigned_to", "urgency",
                                           "restricted", NULL};

static bool listed(const char *const *list, const char *s)
{
	for (size_t i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

json_t *case_event_json(struct api_ctx *c, const struct case_event_row *e,
                        bool identity)
{
	json_error_t err;
	json_t *data = json_loads(e->data ? e->data : "{}", 0, &err);
	if (!json_is_object(data)) {
		json_decref(data);
		data = json_object();
	}
	const char *reason = e->reason;
	if (identity) {
		open_sealed(c, data);
		reason = case_open(c, reason);
	} else {
		const char *field =
		    json_string_value(json_object_get(data, "field"));
		bool values = strcmp(e->kind, "field_change") == 0 &&
		              listed(shown_fields, field);
		const char *key;
		json_t *v;
		json_object_foreach(data, key, v)
		{
			bool keep = listed(shown_keys, key) ||
			            (values && (strcmp(key, "old") == 0 ||
			                        strcmp(key, "new") == 0));
			if (!keep || (json_is_string(v) &&
			              secret_is_sealed(json_string_value(v))))
				json_object_set_new(data, key, json_null());
		}
		reason = NULL;
	}
	json_t *j = json_pack(
	    "{s:I, s:I, s:s, s:o, s:{s:I, s:s}, s:o}", "id", (json_int_t)e->id,
	    "case_id", (json_int_t)e->case_id, "kind", e->kind, "at",
	    api_instant_json(e->at), "actor", "id", (json_int_t)e->actor_id,
	    "username", e->actor_name ? e->actor_name : "", "data", data);
	if (e->corrects)
		json_object_set_new(j, "corrects", json_integer(e->corrects));
	if (e->reason != NULL)
		json_object_set_new(j, "reason",
		                    reason ? json_string(reason) : json_null());
	return j;
}

/* ---- units ------------------------------------------------------------- */

bool case_unit_in_scope(struct api_ctx *c, const char *field, const char *tree,
                        const char *code, struct unit_row *out)
{
	if (tree == NULL)
		tree = c->cfg->default_tree;
	if (strcmp(tree, "2024") != 0 && strcmp(tree, "2025") != 0)
		return field_error(c, "unit_tree",
		                   "unit_tree must be 2024 or 2025");
	enum store_status st = STORE_NOTFOUND;
	if (code != NULL && lineage_code_valid(code))
		st = store_unit_get(c->db, c->arena, tree, code, out);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND)
		return field_error(c, field,
		                   arena_printf(c->arena,
		                                "%s must be a unit of the %s "
		                                "tree",
		                                field, tree));
	if (!access_sees(&c->who, out->tree, out->path)) {
		api_reply_error(c, 403, "out_of_scope",
		                "That unit is outside your scope", field);
		return false;
	}
	return true;
}

/* ---- referrals and transfers ------------------------------------------ */

bool case_unit_worker(const struct principal *p, const char *tree,
                      const char *path)
{
	return (p->role == ROLE_PROVINCE || p->role == ROLE_DISTRICT ||
	        p->role == ROLE_COMMUNE) &&
	       tree != NULL && path != NULL && access_sees(p, tree, path);
}

void case_flow_access(struct api_ctx *c, const struct referral_row *r,
                      const struct case_row *cr, struct flow_access *out)
{
	memset(out, 0, sizeof *out);
	enum case_view view = VIEW_NONE;
	if (cr != NULL) {
		struct case_facts f;
		case_facts_of(cr, &f);
		view = casework_view(&c->who, &f);
		out->restricted = casework_restricted(&f);
	}
	out->answers = r->to_code != NULL &&
	               case_unit_worker(&c->who, r->to_tree, r->to_path);
	out->sees_case = view != VIEW_NONE;
	out->full = view == VIEW_FULL;
	out->reads = out->full && !out->restricted;
	/* The sending unit's workers keep their record of what they sent
	 * after the case moved away; hotline and facility users see only
	 * rows of cases they still see. */
	out->listable = out->answers || out->sees_case ||
	                case_unit_worker(&c->who, r->from_tree, r->from_path);
}

/* A facility's rows are filtered one by one, so its lists scan this far. */
#define FLOW_SCAN_PAGE  200
#define FLOW_SCAN_PAGES 50

void case_flow_list(struct api_ctx *c, struct referral_query *q, int page,
                    flow_json_fn row_json)
{
	json_t *items = json_array();
	long seen = 0;
	int offset = q->offset, limit = q->limit;
	/* Case workers list the rows of their own scope (sent from it or to
	 * it), all listable: the store's page and total are theirs. */
	bool direct = c->who.role == ROLE_PROVINCE ||
	              c->who.role == ROLE_DISTRICT ||
	              c->who.role == ROLE_COMMUNE;
	if (!direct) {
		q->offset = 0;
		q->limit = FLOW_SCAN_PAGE;
	}
	/* A hotline user has no business with a case after opening it. */
	int pages = c->who.role == ROLE_HOTLINE ? 0
	            : direct                    ? 1
	                                        : FLOW_SCAN_PAGES;
	for (int p = 0; p < pages; p++) {
		struct referral_row *rows;
		size_t n;
		long total;
		if (store_referrals_list(c->db, c->arena, q, &rows, &n,
		                         &total) != STORE_OK) {
			json_decref(items);
			api_reply_internal(c);
			return;
		}
		if (direct)
			seen = total;
		for (size_t i = 0; i < n; i++) {
			struct case_row cr;
			enum store_status st = store_case_get(
			    c->db, c->arena, rows[i].case_id, &cr);
			if (st == STORE_ERROR) {
				json_decref(items);
				api_reply_internal(c);
				return;
			}
			struct flow_access a;
			case_flow_access(c, &rows[i],
			                 st == STORE_OK ? &cr : NULL, &a);
			if (!a.listable)
				continue;
			if (direct ||
			    (seen >= offset && seen < (long)offset + limit))
				json_array_append_new(
				    items, row_json(c, &rows[i], &a));
			if (!direct)
				seen++;
		}
		q->offset += (int)n;
		if (n == 0 || q->offset >= total)
			break;
	}
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)seen, "page", page,
	                         "page_size", limit));
}

/* ---- creating a case --------------------------------------------------- */

static const char *const create_keys[] = {
    "type",      "unit_code",   "unit_tree",   "person",
    "person_id", "details",     "urgency",     "restricted",
    "summary",   "assigned_to", "received_at", NULL};

/* The unit a new case belongs to: the body's, else the call's. */
static bool create_unit(struct api_ctx *c, json_t *body,
                        const struct hotline_call_row *call, struct unit_row *u)
{
	json_t *code = json_object_get(body, "unit_code");
	json_t *tree = json_object_get(body, "unit_tree");
	if (tree != NULL && !json_is_null(tree) && !json_is_string(tree))
		return field_error(c, "unit_tree",
		                   "unit_tree must be 2024 or 2025");
	if ((code == NULL || json_is_null(code)) && call != NULL) {
		memset(u, 0, sizeof *u);
		u->tree = call->unit_tree;
		u->code = call->unit_code;
		u->path = call->unit_path;
		return true;
	}
	if (code == NULL || json_is_null(code))
		return field_error(c, "unit_code", "unit_code is required");
	if (!json_is_string(code))
		return field_error(c, "unit_code", "unit_code must be a code");
	const char *t = json_string_value(tree);
	if (t == NULL && call != NULL)
		t = call->unit_tree;
	return case_unit_in_scope(c, "unit_code", t, json_string_value(code),
	                          u);
}

bool case_create(struct api_ctx *c, json_t *body,
                 const struct hotline_call_row *call, struct case_row *out)
{
	struct unit_row unit;
	if (!create_unit(c, body, call, &unit) ||
	    !case_keys_known(c, body, create_keys, NULL))
		return false;
	if (c->cfg->seal_key == NULL) {
		api_reply_internal(c); /* serve always loads one */
		return false;
	}
	struct case_row r = {0};
	enum case_type type;
	const char *type_name;
	if (!case_code(c, body, "type", NULL, "case_type", true, &type_name))
		return false;
	if (case_type_parse(type_name, &type) != 0)
		return field_error(c, "type", "type is not a case type");
	r.type = case_type_name(type);
	struct person_row person;
	bool new_person;
	if (!person_of_case(c, body, unit.tree, &person, &new_person))
		return false;
	json_t *details = json_object_get(body, "details");
	if (details == NULL || json_is_null(details)) {
		details = json_object();
		json_object_set_new(body, "details", details);
	}
	if (!json_is_object(details))
		return field_error(c, "details", "details must be an object");
	/* A hotline operator records what the caller knows; the commune
	 * completes the facts during assessment. */
	/* What is known at intake: the type's required facts may follow
	 * (a caller, a neighbour rarely knows them); they must be complete
	 * before the case is planned (cases_transition). */
	if (!case_details_check(c, type, details, false))
		return false;
	const char *urgency;
	if (!case_code(c, body, "urgency", NULL, "urgency", false, &urgency))
		return false;
	r.urgency = urgency ? urgency : call ? call->urgency : "normal";
	json_t *restricted = json_object_get(body, "restricted");
	if (restricted != NULL && !json_is_null(restricted) &&
	    !json_is_boolean(restricted))
		return field_error(c, "restricted",
		                   "restricted must be true or false");
	r.restricted = json_is_true(restricted) || case_type_restricted(type);
	const char *summary;
	if (!case_text(c, body, "summary", NULL, 0, CASE_TEXT_MAX, false,
	               &summary))
		return false;
	int64_t now = time_now();
	int64_t received = call ? call->received_at : now;
	json_t *rv = json_object_get(body, "received_at");
	if (rv != NULL && !json_is_null(rv)) {
		if (!json_is_string(rv) ||
		    case_instant_parse(json_string_value(rv), &received) != 0)
			return field_error(
			    c, "received_at",
			    "received_at must be an instant such "
			    "as 2026-02-13T10:00:00+07:00");
		if (received > now + CLOCK_SKEW_SECONDS ||
		    received < 946684800 /* 2000-01-01 */)
			return field_error(c, "received_at",
			                   "received_at must be a past instant "
			                   "after 2000");
	}
	json_t *assignee = json_object_get(body, "assigned_to");
	if (assignee != NULL && !json_is_null(assignee)) {
		if (!case_assignee_check(c, assignee, "assigned_to", unit.tree,
		                         unit.path, &r.assigned_to))
			return false;
	} else if (c->who.role == ROLE_COMMUNE ||
	           c->who.role == ROLE_DISTRICT ||
	           c->who.role == ROLE_PROVINCE) {
		r.assigned_to = c->user.id; /* who opens it works it */
	}

	/* Everything is valid: store the person, the case and its first
	 * event in one transaction. */
	char province[8] = "";
	const char *slash = strchr(unit.path, '/');
	size_t plen = slash ? (size_t)(slash - unit.path) : strlen(unit.path);
	if (plen >= sizeof province)
		plen = sizeof province - 1;
	memcpy(province, unit.path, plen);
	r.unit_tree = unit.tree;
	r.unit_code = unit.code;
	r.unit_path = unit.path;
	r.province = arena_strdup(c->arena, province);
	char *text = json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS);
	r.details = arena_strdup(c->arena, text ? text : "{}");
	free(text);
	r.summary = case_seal(c, &r, summary);
	r.consent_services = r.consent_statistics = r.consent_sharing = -1;
	r.hotline_call_id = call ? call->id : 0;
	r.opened_at = received;
	r.created_by = c->user.id;
	r.created_at = r.updated_at = now;
	if (!case_enter_stage(c, &r, STAGE_INTAKE, received))
		return false;
	if (new_person) {
		person.province = r.province;
		person.created_at = person.updated_at = now;
	}
	enum store_status st = store_begin(c->db);
	if (st == STORE_OK && new_person)
		st = store_person_insert(c->db, &person);
	if (st == STORE_OK) {
		r.person_id = person.id;
		r.person_name_folded = person.full_name_folded;
		r.national_id = person.national_id;
		st = store_case_insert(c->db, c->arena, &r,
		                       hcm_year_of(r.opened_at));
	}
	/* The call is linked in the same transaction, so of two racing
	 * opens from one call exactly one case exists afterwards. */
	if (st == STORE_OK && call != NULL) {
		st = store_hotline_call_set_case(c->db, call->id, r.id);
		if (st == STORE_CONFLICT) {
			store_rollback(c->db);
			api_reply_error(
			    c, 409, "case_already_opened",
			    "A case was already opened from this call", NULL);
			return false;
		}
	}
	if (st != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return false;
	}
	json_t *data = json_pack("{s:s, s:s, s:s, s:s}", "type", r.type,
	                         "unit_code", r.unit_code, "unit_tree",
	                         r.unit_tree, "urgency", r.urgency);
	json_object_set_new(data, "hotline_call_id",
	                    call ? json_integer(call->id) : json_null());
	if (!case_event_add(c, &r, "created", data, 0, NULL, NULL)) {
		store_rollback(c->db);
		return false;
	}
	if (!api_audit(c, "case_create",
	               arena_printf(c->arena, "case:%lld", (long long)r.id),
	               r.unit_tree, r.unit_path,
	               json_pack("{s:s, s:s}", "case_no", r.case_no, "type",
	                         r.type)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return false;
	}
	if (store_case_get(c->db, c->arena, r.id, out) != STORE_OK) {
		api_reply_internal(c);
		return false;
	}
	return true;
}
