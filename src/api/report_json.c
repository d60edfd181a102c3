/*
 * report_json.c — placeholder so the tree links while the API core is
 * written (issue 8); replaced by the API core helper.
 */
#include "api/report_internal.h"

bool report_rules_of(struct api_ctx *c, const char *tree, const char *unit_code,
                     const struct report_period *rp, struct report_rules *out)
{
	(void)tree;
	(void)unit_code;
	(void)rp;
	(void)out;
	api_reply_internal(c);
	return false;
}

bool report_load(struct api_ctx *c, struct report_ctx *rc)
{
	(void)rc;
	api_reply_internal(c);
	return false;
}

json_t *report_json(struct api_ctx *c, const struct report_ctx *rc,
                    bool with_events)
{
	(void)c;
	(void)rc;
	(void)with_events;
	return NULL;
}

json_t *report_item_json(struct api_ctx *c, const struct report_row *r,
                         const struct report_rules *rules)
{
	(void)c;
	(void)r;
	(void)rules;
	return NULL;
}

enum report_timeliness report_row_timeliness(const struct report_row *r,
                                             const struct report_rules *rules,
                                             int64_t now)
{
	return report_timeliness(&rules->deadline, r->first_submitted_at, now);
}
