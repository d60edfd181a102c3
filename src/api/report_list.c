/*
 * report_list.c — the list of periodic reports within the caller's scope
 * (docs/reports.md §Endpoints); the rest of the resource is reports.c's.
 *
 * ** URL: GET /api/v1/reports?unit=&parent=&tree=&period=&template=
 *         &status=&page=&per_page= → 200 {items,total,page,per_page}
 *
 * A scoped caller lists its own tree below its own unit, a national one
 * the `tree` asked for.  `unit` keeps that unit's reports, `parent` its
 * direct children's (the approver's queue: parent=<own unit>&
 * status=submitted); either outside the scope is 404, unknown 422.  Each
 * item carries its timeliness and due date by the rules of its governing
 * plan (report_rules_of), worked out once per unit, template and period
 * of the page.  `per_page` (the contract's name) wins over `page_size`
 * (the other lists'), both 1–200, default 50.
 */
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/report_internal.h"
#include "domain/lineage.h"
#include "lib/arena.h"

#define REPORT_PER_PAGE_MAX 200

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

/* A unit argument (unit, parent) of the list's tree: 422 unknown, 404
 * outside the scope.  NULL code when absent. */
static bool list_unit_arg(struct api_ctx *c, const char *name, const char *tree,
                          const char **code)
{
	const char *s = api_query(c, name);
	*code = NULL;
	if (s == NULL || *s == '\0')
		return true;
	struct unit_row u;
	enum store_status st = STORE_NOTFOUND;
	if (lineage_code_valid(s))
		st = store_unit_get(c->db, c->arena, tree, s, &u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st == STORE_NOTFOUND)
		return bad_field(c, name,
		                 arena_printf(c->arena,
		                              "%s must be a unit of the %s "
		                              "tree",
		                              name, tree));
	if (!access_sees(&c->who, u.tree, u.path)) {
		api_reply_error(c, 404, "not_found", "No such unit", name);
		return false;
	}
	*code = u.code;
	return true;
}

/* page and per_page (page_size as the other lists): 1–200, default 50. */
static bool list_paging(struct api_ctx *c, int *offset, int *limit, int *page)
{
	if (!api_paging(c, offset, limit, page))
		return false;
	const char *s = api_query(c, "per_page");
	if (s == NULL)
		return true;
	char *end;
	long n = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || n < 1 ||
	    n > REPORT_PER_PAGE_MAX)
		return bad_field(c, "per_page",
		                 "per_page must be a whole number from 1 to "
		                 "200");
	*limit = (int)n;
	*offset = (*page - 1) * *limit;
	return true;
}

/* The list's filters; false after answering 422/404. */
static bool list_filter(struct api_ctx *c, struct report_filter *f)
{
	memset(f, 0, sizeof *f);
	const char *tree = api_tree(c);
	if (tree == NULL)
		return false;
	/* A scoped caller sees its own tree only. */
	f->tree = c->who.scope_tree != NULL ? c->who.scope_tree : tree;
	f->within_path = c->who.scope_path;
	if (!list_unit_arg(c, "unit", f->tree, &f->unit_code) ||
	    !list_unit_arg(c, "parent", f->tree, &f->parent_code))
		return false;
	const char *s;
	enum report_template t;
	if ((s = api_query(c, "template")) != NULL && *s != '\0') {
		if (report_template_parse(s, &t) != 0)
			return bad_field(c, "template",
			                 "template must be six_monthly or "
			                 "annual");
		f->template = report_template_name(t);
	}
	struct period p;
	if ((s = api_query(c, "period")) != NULL && *s != '\0') {
		if (period_parse(s, &p) != 0 ||
		    (p.kind != PERIOD_HALF && p.kind != PERIOD_YEAR))
			return bad_field(
			    c, "period",
			    "period must be YYYY, YYYYS1 or YYYYS2");
		f->period = arena_strdup(c->arena, p.code);
	}
	enum report_state st;
	if ((s = api_query(c, "status")) != NULL && *s != '\0') {
		if (report_state_parse(s, &st) != 0)
			return bad_field(c, "status",
			                 "status must be draft, submitted or "
			                 "approved");
		f->state = report_state_name(st);
	}
	return true;
}

/* Rules already worked out for a (unit, template, period) of the page. */
struct rules_memo {
	const struct report_row *key;
	struct report_rules rules;
};

static const struct report_rules *list_rules(struct api_ctx *c,
                                             const struct report_row *r,
                                             struct rules_memo *memo,
                                             size_t *nmemo)
{
	for (size_t i = 0; i < *nmemo; i++) {
		const struct report_row *k = memo[i].key;
		if (strcmp(k->unit_code, r->unit_code) == 0 &&
		    strcmp(k->period, r->period) == 0 &&
		    strcmp(k->template, r->template) == 0)
			return &memo[i].rules;
	}
	struct report_period rp;
	struct rules_memo *m = &memo[*nmemo];
	if (report_period_parse(r->template, r->period, &rp) != REPORT_OK) {
		api_reply_internal(c);
		return NULL;
	}
	if (!report_rules_of(c, r->tree, r->unit_code, &rp, &m->rules))
		return NULL;
	m->key = r;
	(*nmemo)++;
	return &m->rules;
}

void reports_list(struct api_ctx *c)
{
	struct report_filter f;
	int page;
	if (!list_filter(c, &f) || !list_paging(c, &f.offset, &f.limit, &page))
		return;
	struct report_row *rows;
	size_t n, total;
	if (store_reports_list(c->db, c->arena, &f, &rows, &n, &total) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	struct rules_memo *memo =
	    arena_alloc(c->arena, (n ? n : 1) * sizeof *memo);
	size_t nmemo = 0;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct report_rules *rules =
		    list_rules(c, &rows[i], memo, &nmemo);
		json_t *item =
		    rules != NULL ? report_item_json(c, &rows[i], rules) : NULL;
		if (item == NULL) {
			json_decref(items);
			if (rules != NULL)
				api_reply_internal(c);
			return;
		}
		json_array_append_new(items, item);
	}
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "per_page", f.limit));
}
