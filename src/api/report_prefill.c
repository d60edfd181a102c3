/*
 * report_prefill.c — placeholder so the tree links while the prefill is
 * written (issue 8); replaced by the prefill helper.
 */
#include "api/report_internal.h"

bool report_prefill(struct api_ctx *c, const struct report_ctx *rc,
                    const char **json_text)
{
	(void)rc;
	*json_text = NULL;
	api_reply_internal(c);
	return false;
}
