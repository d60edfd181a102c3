/*
 * network_common.c — what the service-network resources share
 * (api/network.h): the scope of list queries, unit, date and code field
 * checks, facility access and JSON, optimistic versions.  CSV export is
 * exports.c.
 *
 * Facilities are not personal records: a unit user also sees the
 * facilities of the units above its scope (a commune worker admits a child
 * into the provincial centre), but manages only those inside it; a
 * facility user sees and manages its own facility only (docs/network.md
 * §Roles).  Everything else outside scope is 404.
 */
#include "api/network.h"

#include <string.h>

#include "domain/codes.h"
#include "domain/deadline.h"
#include "domain/indicators.h"
#include "domain/lineage.h"
#include "lib/arena.h"
#include "lib/timeutil.h"

static bool field_error(struct api_ctx *c, const char *field,
                        const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

/* ---- scope ------------------------------------------------------------ */

bool net_in_scope(struct api_ctx *c, const char *tree, const char *path)
{
	return access_sees(&c->who, tree, path);
}

bool net_list_scope(struct api_ctx *c, const char **tree, const char **path)
{
	const char *code = api_query(c, "unit");
	if (code == NULL || *code == '\0') {
		/* A scoped caller lists its own tree; a national one the
		 * tree asked for. */
		if (c->who.scope_tree != NULL) {
			*tree = c->who.scope_tree;
		} else if ((*tree = api_tree(c)) == NULL) {
			return false;
		}
		*path = c->who.scope_path;
		return true;
	}
	const char *t = api_tree(c);
	if (t == NULL)
		return false;
	struct unit_row u;
	enum store_status st = STORE_NOTFOUND;
	if (lineage_code_valid(code))
		st = store_unit_get(c->db, c->arena, t, code, &u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND)
		return field_error(c, "unit",
		                   arena_printf(c->arena,
		                                "unit must be a unit of the %s "
		                                "tree",
		                                t));
	if (!access_sees(&c->who, u.tree, u.path)) {
		api_reply_error(c, 404, "not_found", "No such unit", "unit");
		return false;
	}
	*tree = u.tree;
	*path = u.path;
	return true;
}

bool net_unit_field(struct api_ctx *c, const char *field, const char *tree,
                    const char *code, struct unit_row *out)
{
	if (tree == NULL && (tree = api_tree(c)) == NULL)
		return false;
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

/* ---- facilities ------------------------------------------------------- */

enum facility_access net_facility_access(struct api_ctx *c,
                                         const struct facility_row *f)
{
	const struct principal *p = &c->who;
	if (p->role == ROLE_FACILITY)
		return p->facility_id != 0 && p->facility_id == f->id
		           ? FACILITY_MANAGE
		           : FACILITY_NONE;
	if (access_sees(p, f->unit_tree, f->unit_path))
		return FACILITY_MANAGE;
	/* A unit above the caller's scope: its lineage path is a prefix of
	 * the caller's. */
	if (p->scope_tree != NULL && p->scope_path != NULL &&
	    f->unit_tree != NULL && f->unit_path != NULL &&
	    strcmp(p->scope_tree, f->unit_tree) == 0 &&
	    lineage_contains(f->unit_path, p->scope_path))
		return FACILITY_SEE;
	return FACILITY_NONE;
}

bool net_facility_load(struct api_ctx *c, int64_t id, enum facility_access need,
                       struct facility_row *out)
{
	enum store_status st = STORE_NOTFOUND;
	if (id > 0)
		st = store_facility_get(c->db, c->arena, id, out);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND || net_facility_access(c, out) < need) {
		api_reply_error(c, 404, "not_found", "No such facility", NULL);
		return false;
	}
	return true;
}

static json_t *str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

json_t *net_facility_json(struct api_ctx *c, const struct facility_row *f)
{
	struct unit_row u;
	const char *unit_name = NULL;
	if (store_unit_get(c->db, c->arena, f->unit_tree, f->unit_code, &u) ==
	    STORE_OK)
		unit_name = u.name;
	const char *kind = f->kind ? f->kind : facility_kind_of(f->type);
	double occ;
	json_t *occupancy = facility_occupancy(f->residents, f->capacity, &occ)
	                        ? json_real(occ)
	                        : json_null();
	/* Viewers never see a count under 5 (docs/indicators.md §Small
	 * counts): a small centre's residents could be told apart; the
	 * occupancy would give the count back. */
	json_t *residents = json_integer(f->residents);
	if (c->who.role == ROLE_VIEWER &&
	    indicator_count_masked(true, f->residents)) {
		json_decref(residents);
		json_decref(occupancy);
		residents = json_string("<5");
		occupancy = json_null();
	}
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(f->id));
	json_object_set_new(j, "name", str_or_null(f->name));
	json_object_set_new(j, "type", str_or_null(f->type));
	json_object_set_new(j, "kind", str_or_null(kind));
	json_object_set_new(j, "ownership", str_or_null(f->ownership));
	json_object_set_new(j, "unit_tree", str_or_null(f->unit_tree));
	json_object_set_new(j, "unit_code", str_or_null(f->unit_code));
	json_object_set_new(j, "unit_name", str_or_null(unit_name));
	json_object_set_new(j, "capacity",
	                    f->capacity >= 0 ? json_integer(f->capacity)
	                                     : json_null());
	json_object_set_new(j, "licence_no", str_or_null(f->licence_no));
	json_object_set_new(j, "licence_date", str_or_null(f->licence_date));
	json_object_set_new(j, "licence_issuer",
	                    str_or_null(f->licence_issuer));
	json_object_set_new(j, "address", str_or_null(f->address));
	json_object_set_new(j, "phone", str_or_null(f->phone));
	json_object_set_new(j, "started_on", str_or_null(f->started_on));
	json_object_set_new(j, "status", str_or_null(f->status));
	json_object_set_new(j, "upgraded_on", str_or_null(f->upgraded_on));
	json_object_set_new(j, "sw_standard", json_boolean(f->sw_standard));
	json_object_set_new(j, "note", str_or_null(f->note));
	json_object_set_new(j, "residents", residents);
	json_object_set_new(j, "occupancy", occupancy);
	json_object_set_new(
	    j, "over_capacity",
	    json_boolean(f->capacity >= 0 && f->residents > f->capacity));
	json_object_set_new(
	    j, "licence_missing",
	    json_boolean(kind != NULL &&
	                 facility_licence_missing(kind, f->licence_no)));
	json_object_set_new(j, "version", json_integer(f->version));
	json_object_set_new(j, "created_at", api_instant_json(f->created_at));
	json_object_set_new(j, "updated_at", api_instant_json(f->updated_at));
	return j;
}

/* ---- field checks ------------------------------------------------------ */

void net_today(char out[NET_DATE_MAX])
{
	hcm_day_format(hcm_day_of(time_now()), out);
}

bool net_date_field(struct api_ctx *c, const char *field, const char *value,
                    bool not_future, char out[NET_DATE_MAX])
{
	if (value == NULL || net_date_parse(value, out) != 0)
		return field_error(c, field,
		                   arena_printf(c->arena,
		                                "%s must be a date YYYY-MM-DD",
		                                field));
	if (not_future) {
		char today[NET_DATE_MAX];
		net_today(today);
		/* Canonical dates compare as text. */
		if (strcmp(out, today) > 0)
			return field_error(
			    c, field,
			    arena_printf(c->arena,
			                 "%s must not be in the future",
			                 field));
	}
	return true;
}

bool net_code_field(struct api_ctx *c, const char *field, const char *list,
                    const char *value)
{
	if (value != NULL && codes_has(list, value))
		return true;
	return field_error(c, field,
	                   arena_printf(c->arena,
	                                "%s must be a code of the %s list",
	                                field, list));
}

/* ---- versions ---------------------------------------------------------- */

const char *net_etag(struct api_ctx *c, const char *prefix, int64_t id,
                     int64_t version)
{
	return arena_printf(c->arena, "\"%s%lld-%lld\"", prefix, (long long)id,
	                    (long long)version);
}

bool net_if_match(struct api_ctx *c, const char *etag)
{
	const char *m = api_header(c, "If-Match");
	if (m == NULL || *m == '\0' || strcmp(m, "*") == 0 ||
	    strcmp(m, etag) == 0)
		return true;
	/* Tolerate a client that dropped the quotes. */
	size_t len = strlen(etag);
	if (len >= 2 && strlen(m) == len - 2 &&
	    strncmp(m, etag + 1, len - 2) == 0)
		return true;
	api_reply_error(c, 412, "stale",
	                "The record was changed since you read it", NULL);
	return false;
}
