/*
 * plans.h — what plans.c (plans and their copy) and targets.c (the
 * targets of a plan) share: loading a plan the caller may see, its ETag,
 * the indicator of a target looked up in the catalogue, and numbers as
 * JSON.  The rules are in domain/plan.h, the contract in
 * docs/indicators.md §Plans.
 */
#ifndef TROGIUP_API_PLANS_H
#define TROGIUP_API_PLANS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/indicators.h"
#include "store/store_plans.h"

/* Loads plan `id` when its unit lies inside the caller's scope; answers
 * 404 not_found (missing or outside: no existence leak) or 500 and
 * returns false. */
bool plan_load(struct api_ctx *c, int64_t id, struct plan_row *out);

/* ETag "p<id>-<version>". */
const char *plan_etag(struct api_ctx *c, const struct plan_row *p);

/* The kind of catalogue indicator `code`; answers 422 invalid_field
 * naming `field` for a code not in the catalogue (or 500) and returns
 * false. */
bool plan_indicator_kind(struct api_ctx *c, const char *field, const char *code,
                         enum indicator_kind *out);

/* v as a JSON integer when it is whole, else a real (85 not 85.0). */
json_t *plan_number_json(double v);

#endif
