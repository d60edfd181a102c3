/*
 * units.c — the administrative unit trees (reference data for everyone
 * logged in).
 *
 * ** URL: GET /api/v1/units?parent=CODE&level=N&q=TEXT&tree=&page=&page_size=
 *         → 200 {"items":[{"code","name","type","level","parent_code","tree"}],
 *         "total"}; q matches names ignoring case and diacritics (đ → d)
 * ** URL: GET /api/v1/units/CODE?tree= → 200 the unit with "path" from the
 *         province down to the unit itself; 404 not_found
 *
 * Two trees live side by side and reuse codes: 2024 (province › district ›
 * commune) and 2025 (province › commune); `tree` picks one, else the
 * deployment's default.
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "domain/lineage.h"
#include "lib/arena.h"
#include "lib/fold.h"

static json_t *unit_json(const struct unit_row *u)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:s?, s:s}", "code", u->code,
	                 "name", u->name, "type", u->type, "level", u->level,
	                 "parent_code", u->parent_code, "tree", u->tree);
}

void units_list(struct api_ctx *c)
{
	struct unit_query q = {0};
	int page;
	q.tree = api_tree(c);
	if (q.tree == NULL || !api_paging(c, &q.offset, &q.limit, &page))
		return;
	const char *parent = api_query(c, "parent");
	if (parent != NULL && *parent != '\0') {
		if (!lineage_code_valid(parent)) {
			api_reply_error(c, 422, "invalid_field",
			                "parent must be a unit code", "parent");
			return;
		}
		q.parent_code = parent;
	}
	const char *level = api_query(c, "level");
	if (level != NULL && *level != '\0') {
		if (strlen(level) != 1 || level[0] < '1' || level[0] > '3') {
			api_reply_error(c, 422, "invalid_field",
			                "level must be 1, 2 or 3", "level");
			return;
		}
		q.level = level[0] - '0';
	}
	const char *text = api_query(c, "q");
	if (text != NULL && *text != '\0') {
		if (strlen(text) > 100 ||
		    (q.q_folded = text_fold(c->arena, text)) == NULL) {
			api_reply_error(c, 422, "invalid_field",
			                "q must be text of at most 100 bytes",
			                "q");
			return;
		}
		if (*q.q_folded == '\0')
			q.q_folded = NULL;
	}

	struct unit_row *rows;
	size_t n;
	long total;
	if (store_units_list(c->db, c->arena, &q, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, unit_json(&rows[i]));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", q.limit));
}

void units_get(struct api_ctx *c)
{
	const char *tree = api_tree(c);
	if (tree == NULL)
		return;
	const char *code = api_param(c, "code");
	struct unit_row *lineage;
	size_t n = 0;
	enum store_status st = STORE_NOTFOUND;
	if (lineage_code_valid(code))
		st = store_unit_lineage(c->db, c->arena, tree, code, &lineage,
		                        &n);
	if (st == STORE_NOTFOUND) {
		api_reply_error(c, 404, "not_found", "No such unit", NULL);
		return;
	}
	if (st != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *path = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(path, json_pack("{s:s, s:s}", "code",
		                                      lineage[i].code, "name",
		                                      lineage[i].name));
	json_t *j = unit_json(&lineage[n - 1]);
	json_object_set_new(j, "path", path);
	api_reply_json(c, 200, j);
}
