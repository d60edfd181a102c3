/*
 * report_completeness.c — placeholder so the tree links while
 * consolidation is written (issue 8); replaced by the workflow helper.
 */
#include "api/report_internal.h"

bool report_consolidation(struct api_ctx *c, const struct report_ctx *rc,
                          const char **json_text)
{
	(void)rc;
	*json_text = NULL;
	api_reply_internal(c);
	return false;
}
