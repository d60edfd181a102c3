/*
 * case_internal.h — helpers shared only by the case record's own files
 * (case_common.c, case_fields.c, cases.c, case_update.c, case_events.c,
 * persons.c): field validators that answer 422 naming the field, the type
 * facts check, the assignee check and persons.  cases.h is the header the other
 * case resources use; this one may change with those four files.  The
 * referral and transfer helpers below are shared with referrals.c,
 * transfers.c and inbox.c.
 *
 * Every function that returns bool answers the error itself (422 with the
 * field's full name, e.g. "person.full_name", or 500) and returns false;
 * the handler then just returns.  Strings out live in the request arena.
 */
#ifndef TROGIUP_API_CASE_INTERNAL_H
#define TROGIUP_API_CASE_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/casework.h"

/* Longest free text of a case: summaries, notes. */
#define CASE_TEXT_MAX 4000

/* Full field name for messages: "prefix.key", or key when prefix is NULL. */
const char *case_field_name(struct api_ctx *c, const char *prefix,
                            const char *key);

/* 422 invalid_field unless every key of obj is in keys (NULL-terminated). */
bool case_keys_known(struct api_ctx *c, json_t *obj, const char *const *keys,
                     const char *prefix);

/* api_fields for a case resource's body: first 422 invalid_field for any
 * key the table does not name (a misspelt field must not be dropped
 * silently), then the table's checks. */
bool case_fields(struct api_ctx *c, json_t *obj, const struct field_spec *spec,
                 size_t n, struct field_value *out);

/* A record id typed in a query argument: 1 to 18 digits, no sign, space
 * or leading zero; false otherwise. */
bool case_query_id(const char *s, int64_t *out);

/* Text at obj[key]: a string of min..max code points, valid UTF-8 without
 * control characters but \t\n\r, returned NFC and trimmed.  Absent or null
 * gives *out NULL (422 when required). */
bool case_text(struct api_ctx *c, json_t *obj, const char *key,
               const char *prefix, size_t min, size_t max, bool required,
               const char **out);

/* A code of list `list` at obj[key]; absent or null gives *out NULL. */
bool case_code(struct api_ctx *c, json_t *obj, const char *key,
               const char *prefix, const char *list, bool required,
               const char **out);

/* A real calendar date "YYYY-MM-DD"; with not_future, not after today in
 * Asia/Ho_Chi_Minh.  *day gets the local day number (may be NULL). */
bool case_date_valid(const char *s);
bool case_date(struct api_ctx *c, json_t *obj, const char *key,
               const char *prefix, bool required, bool not_future,
               const char **out, int32_t *day);

/* An instant "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" as Unix seconds; 0, or
 * -1 when malformed (no answer sent). */
int case_instant_parse(const char *s, int64_t *out);

/* Validates a type's facts in place (text normalised, nulls dropped):
 * unknown keys, each fact's kind and code list, required facts when
 * require_all, then the cross-field rules.  Fields are named
 * "details.<fact>". */
bool case_details_check(struct api_ctx *c, enum case_type t, json_t *details,
                        bool require_all);

/* The user id at v (`field` names it) when it is an active case worker
 * (not hotline, not facility staff) whose scope holds the unit (tree, path). */
bool case_assignee_check(struct api_ctx *c, json_t *v, const char *field,
                         const char *tree, const char *path, int64_t *out);

/* ---- referrals and transfers (case_common.c) ---- */

/* True when p answers for unit (tree, path): a province, district or
 * commune user whose scope holds it.  Hotline users never write a case
 * after opening it, and a facility is not the unit. */
bool case_unit_worker(const struct principal *p, const char *tree,
                      const char *path);

/* What the caller may know of one referral or transfer row. */
struct flow_access {
	bool listable;  /* the row is shown at all */
	bool answers;   /* the caller answers for its receiving unit */
	bool sees_case; /* the caller sees its case now (so its stage) */
	bool full;  /* has the full view (a restricted one: with a reason) */
	bool reads; /* reads its narratives: full view, unrestricted */
	bool restricted; /* its case is restricted */
};

/* The access of the caller to row r of case cr (NULL: unknown case). */
void case_flow_access(struct api_ctx *c, const struct referral_row *r,
                      const struct case_row *cr, struct flow_access *out);

/* Answers the page of q's rows the caller may list, as {items, total,
 * page, page_size}, each row through row_json. */
typedef json_t *(*flow_json_fn)(struct api_ctx *c, const struct referral_row *r,
                                const struct flow_access *a);
void case_flow_list(struct api_ctx *c, struct referral_query *q, int page,
                    flow_json_fn row_json);

/* ---- persons.c ---- */

/* Person identity fields a body may carry. */
extern const char *const person_keys[];

/* Reads the person object obj into p: on create (p zeroed) full_name and
 * sex are required; on update only the keys present change and null
 * clears an optional field.  address_unit is looked up in `tree`. */
bool person_check(struct api_ctx *c, json_t *obj, const char *tree,
                  struct person_row *p, bool create);

/* The value of person field `key` (one of person_keys) as JSON. */
json_t *person_field_json(const struct person_row *p, const char *key);

json_t *person_json(const struct person_row *p);

/* The person of a new case from a POST /cases body: a new row from
 * body.person (*is_new), or the existing body.person_id when the caller
 * may see one of its cases (else 422 person_id, as for a wrong id). */
bool person_of_case(struct api_ctx *c, json_t *body, const char *tree,
                    struct person_row *p, bool *is_new);

/* The cases of person_id the caller may see in the identifying view (an
 * unrestricted case in scope, or a restricted one the caller may read),
 * found through the folded name within the caller's scope.  Answers 500
 * and returns false when the store fails. */
bool person_cases(struct api_ctx *c, const struct person_row *p,
                  struct case_row **items, size_t *n);

#endif
