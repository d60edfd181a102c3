/*
 * audit.c — the append-only audit log: writing entries for every other
 * handler, and reading them for the auditor.
 *
 * ** URL: GET /api/v1/audit?action=&actor=&since=&until=&page=&page_size=
 *    role auditor; a scoped auditor sees only entries about units inside
 *    the scope.  Newest first.
 *
 * Entries never hold a password, token or restricted field: callers pass
 * only identifiers and the names of what changed.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/timeutil.h"

bool api_audit(struct api_ctx *c, const char *action, const char *target,
               const char *unit_tree, const char *unit_path, json_t *detail)
{
	return api_audit_as(c, c->authenticated ? c->user.username : NULL,
	                    action, target, unit_tree, unit_path, detail);
}

bool api_audit_as(struct api_ctx *c, const char *actor_name, const char *action,
                  const char *target, const char *unit_tree,
                  const char *unit_path, json_t *detail)
{
	struct audit_row a = {0};
	a.at = time_now();
	a.actor_id = c->authenticated ? c->user.id : 0;
	a.actor_name = actor_name;
	a.action = action;
	a.target = target;
	a.unit_tree = unit_path ? unit_tree : NULL;
	a.unit_path = unit_path;
	a.ip = c->ip;
	a.request_id = c->request_id;
	char *text = NULL;
	if (detail != NULL) {
		text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(detail);
		a.detail = text;
	}
	enum store_status st = store_audit_append(c->db, &a);
	free(text);
	if (st != STORE_OK) {
		log_error("msg=\"audit append failed\" action=%s rid=%s",
		          action, c->request_id);
		return false;
	}
	return true;
}

static bool parse_instant(struct api_ctx *c, const char *name, int64_t *out)
{
	const char *s = api_query(c, name);
	*out = 0;
	if (s == NULL || *s == '\0')
		return true;
	if (time_parse_iso8601(s, out) != 0) {
		api_reply_error(c, 422, "invalid_field",
		                arena_printf(c->arena,
		                             "%s must be YYYY-MM-DD or "
		                             "YYYY-MM-DDTHH:MM:SSZ",
		                             name),
		                name);
		return false;
	}
	return true;
}

void audit_list(struct api_ctx *c)
{
	struct audit_query q = {0};
	int page;
	if (!api_paging(c, &q.offset, &q.limit, &page))
		return;
	if (!parse_instant(c, "since", &q.since) ||
	    !parse_instant(c, "until", &q.until))
		return;
	q.action = api_query(c, "action");
	const char *actor = api_query(c, "actor");
	if (actor != NULL) {
		char *end;
		q.actor_id = strtoll(actor, &end, 10);
		if (*actor == '\0' || *end != '\0' || q.actor_id <= 0) {
			api_reply_error(c, 422, "invalid_field",
			                "actor must be a user id", "actor");
			return;
		}
	}
	q.within_tree = c->who.scope_tree;
	q.within_path = c->who.scope_path;

	struct audit_row *rows;
	size_t n;
	long total;
	if (store_audit_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		char at[21];
		time_iso8601(rows[i].at, at);
		json_t *detail =
		    rows[i].detail ? json_loads(rows[i].detail, 0, NULL) : NULL;
		/* s? and o? turn a missing value into JSON null. */
		json_t *e = json_pack(
		    "{s:I, s:s, s:s, s:o, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, "
		    "s:o?}",
		    "id", (json_int_t)rows[i].id, "at", at, "action",
		    rows[i].action, "actor_id",
		    rows[i].actor_id ? json_integer(rows[i].actor_id)
		                     : json_null(),
		    "actor_name", rows[i].actor_name, "target", rows[i].target,
		    "ip", rows[i].ip, "request_id", rows[i].request_id,
		    "unit_tree", rows[i].unit_tree, "unit_path",
		    rows[i].unit_path, "detail", detail);
		json_array_append_new(items, e);
	}
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", q.limit));
}
