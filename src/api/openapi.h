/*
 * openapi.h — the OpenAPI 3 document of the whole API.
 *
 * Written by hand in src/api/openapi.json (one entry per route of
 * routes.c) and compiled in by cmake/embed.cmake; served as is at
 * GET /api/v1/openapi.json.
 */
#ifndef TROGIUP_API_OPENAPI_H
#define TROGIUP_API_OPENAPI_H

extern const char openapi_json[]; /* NUL-terminated JSON */

#endif
