/*
 * cases.h — what the case resources share (cases.c, case_events.c,
 * persons.c, approvals.c, referrals.c, transfers.c, hotline.c, inbox.c):
 * loading a case the caller may see, its JSON in the full or limited view,
 * events, stages with their deadlines, sealing of narratives.  Implemented
 * in case_common.c; the rules themselves are in domain/casework.h and
 * domain/deadline.h, the contract in docs/cases.md.
 */
#ifndef TROGIUP_API_CASES_H
#define TROGIUP_API_CASES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/casework.h"

/* The positive integer in route parameter `name`; answers 404 not_found
 * (with `what` in the message, e.g. "case") and returns false otherwise. */
bool api_id_param(struct api_ctx *c, const char *name, const char *what,
                  int64_t *out);

/* The domain's view of a stored case. */
void case_facts_of(const struct case_row *r, struct case_facts *f);

/* Loads case `id` if the caller sees it at all; answers 404 not_found
 * (missing or outside what the caller may see: no existence leak) or 500
 * and returns false.  *view is VIEW_LIMITED or VIEW_FULL. */
bool case_load(struct api_ctx *c, int64_t id, struct case_row *out,
               enum case_view *view);

/* Whether the caller reads the identity and narratives of r now: true for
 * VIEW_FULL on an unrestricted case; for a restricted one only with a valid
 * `reason` query argument, which is then audited (case_read_restricted).
 * Answers 422 for an unknown reason (and returns false with *ok false);
 * *ok is false only when an answer was sent. */
bool case_identity(struct api_ctx *c, const struct case_row *r,
                   enum case_view view, bool *ok);

/* Answers 403 restricted (limited viewers) or 403 forbidden (hotline after
 * opening) and returns false unless the caller may change r. */
bool case_require_write(struct api_ctx *c, const struct case_row *r);

/* The case as JSON: the full view with the person, details and summary
 * (opened) when identity is true, else the limited view of docs/cases.md
 * with "identity_hidden": true (and "reason_required": true when
 * view is VIEW_FULL, i.e. a reason would reveal it). */
json_t *case_json(struct api_ctx *c, const struct case_row *r,
                  enum case_view view, bool identity);

/* ETag of a case: "c<id>-<version>". */
const char *case_etag(struct api_ctx *c, const struct case_row *r);

/* Moves r to stage `to` at `now`: stage, stage_since, due_at and due_rule
 * from the deadline rules in force (NULL/0 for closed), closed_at.  Does
 * not store r.  Returns false (answered 500) when the rules cannot be read. */
bool case_enter_stage(struct api_ctx *c, struct case_row *r, enum case_stage to,
                      int64_t now);

/* Opens a write transaction and stores n over the case it was read as,
 * if that is still at `version` (store_case_update).  On failure rolls
 * back, answers 412 stale (changed meanwhile) or 500 and returns false;
 * on success the transaction stays open for the caller's events, audit
 * and commit. */
bool case_begin_update(struct api_ctx *c, struct case_row *n, int64_t version);

/* Appends an event to r in the caller's name; data is stolen.  In a
 * restricted case every narrative field (casework_is_narrative) of data,
 * at any depth, is sealed.  Answers 500 and returns false on failure. */
bool case_event_add(struct api_ctx *c, const struct case_row *r,
                    const char *kind, json_t *data, int64_t corrects,
                    const char *reason, struct case_event_row *out);

/* An event as JSON; sealed fields are opened when identity is true and
 * replaced by null otherwise. */
json_t *case_event_json(struct api_ctx *c, const struct case_event_row *e,
                        bool identity);

/* Narratives: seal when r is restricted (else the text as is); open any
 * sealed value (NULL when it does not open). */
const char *case_seal(struct api_ctx *c, const struct case_row *r,
                      const char *plain);
const char *case_open(struct api_ctx *c, const char *stored);

/* The unit `code` of `tree` (NULL: default tree) when it exists and lies in
 * the caller's scope; answers 422 invalid_field naming `field` for an
 * unknown unit, 403 out_of_scope outside, and returns false. */
bool case_unit_in_scope(struct api_ctx *c, const char *field, const char *tree,
                        const char *code, struct unit_row *out);

/* Creates a case from a POST /cases-shaped body (type, unit_code,
 * person | person_id, details …), opened from `call` when not NULL (its
 * unit, urgency and received_at then default from the call, and the call
 * is linked in the same transaction: 409 case_already_opened when another
 * request linked it first).  Validates
 * everything, stores the person, the case and its `created` event in one
 * transaction, audits case_create; answers the error and returns false, or
 * fills *out and returns true without answering. */
bool case_create(struct api_ctx *c, json_t *body,
                 const struct hotline_call_row *call, struct case_row *out);

#endif
