/*
 * health.c — operator endpoints that need no login.
 *
 * ** URL: GET /healthz               200 {"status":"ok","db":"ok"}, 503 when
 *                                    the store does not answer
 * ** URL: GET /api/v1/openapi.json   the OpenAPI document, compiled in
 */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/openapi.h"

void health_get(struct api_ctx *c)
{
	if (store_ping(c->db) != STORE_OK) {
		api_reply_json(c, 503,
		               json_pack("{s:s, s:s}", "status", "error", "db",
		                         "unreachable"));
		return;
	}
	api_reply_json(c, 200,
	               json_pack("{s:s, s:s}", "status", "ok", "db", "ok"));
}

void openapi_get(struct api_ctx *c)
{
	api_add_header(c, "Cache-Control", "no-cache");
	api_reply_text(c, 200, "application/json; charset=utf-8", openapi_json,
	               strlen(openapi_json));
}
