/*
 * codes.c — the code lists of case work for the UI (domain/codes.h).
 *
 * ** URL: GET /api/v1/codes → 200 {"lists":{"case_type":[{"code","vi",
 *         "en"}], …}} every list, in the domain's order
 *
 * The lists are compiled into the binary and change only with a release,
 * so the answer is the same for every caller; any logged-in user may read
 * it (the labels say nothing about a person).
 */
#include "api/api.h"
#include "api/handlers.h"
#include "domain/codes.h"

void codes_get(struct api_ctx *c)
{
	json_t *lists = json_object();
	for (size_t i = 0; i < code_lists_count; i++) {
		const struct code_list *l = &code_lists[i];
		json_t *items = json_array();
		for (size_t k = 0; k < l->n; k++)
			json_array_append_new(
			    items,
			    json_pack("{s:s, s:s, s:s}", "code",
			              l->items[k].code, "vi", l->items[k].vi,
			              "en", l->items[k].en));
		json_object_set_new(lists, l->name, items);
	}
	api_reply_json(c, 200, json_pack("{s:o}", "lists", lists));
}
