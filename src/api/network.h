/*
 * network.h — what the service-network resources share (facilities.c,
 * residents.c, placements.c, carers.c, trainings.c, participants.c,
 * communications.c, imports.c, exports.c): scope of list queries, field
 * checks for dates, codes and units, optimistic versions, the JSON of a
 * facility, and CSV export.  Implemented in network_common.c (exports in
 * exports.c); the rules are in domain/network.h, the contract in
 * docs/network.md.
 */
#ifndef TROGIUP_API_NETWORK_H
#define TROGIUP_API_NETWORK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/network.h"

/* ---- scope ------------------------------------------------------------ */

/* The tree and lineage path a list is limited to: the `unit` (and `tree`)
 * query arguments when given — 422 invalid_field for an unknown unit, 404
 * not_found for one outside the caller's scope — else the caller's own
 * scope (NULL path: national).  Answers and returns false on error. */
bool net_list_scope(struct api_ctx *c, const char **tree, const char **path);

/* True when a record of unit (tree, path) is inside the caller's scope. */
bool net_in_scope(struct api_ctx *c, const char *tree, const char *path);

/* The unit `code` (tree NULL: the `tree` query argument or default) when
 * it exists and lies in the caller's scope: else 422 invalid_field naming
 * `field` (unknown unit) or 403 out_of_scope.  Answers, returns false. */
bool net_unit_field(struct api_ctx *c, const char *field, const char *tree,
                    const char *code, struct unit_row *out);

/* ---- facilities ------------------------------------------------------- */

enum facility_access {
	FACILITY_NONE,  /* 404 */
	FACILITY_SEE,   /* a unit above the caller's scope owns it: read it,
	                   admit into it */
	FACILITY_MANAGE /* inside the caller's scope, or the caller's own
	                   facility: residents, history; edit (unit roles) */
};

/* What the caller may do with f (docs/network.md §Roles). */
enum facility_access net_facility_access(struct api_ctx *c,
                                         const struct facility_row *f);

/* Loads facility `id` when the caller has at least `need` on it; answers
 * 404 not_found (missing or not enough access) or 500, returns false. */
bool net_facility_load(struct api_ctx *c, int64_t id, enum facility_access need,
                       struct facility_row *out);

/* The facility as JSON (docs/network.md §Facilities). */
json_t *net_facility_json(struct api_ctx *c, const struct facility_row *f);

/* ---- field checks (422 invalid_field naming the field) --------------- */

/* A date field ("YYYY-MM-DD" or "DD/MM/YYYY") into canonical form; when
 * not_future, later than today (Asia/Ho_Chi_Minh) is refused. */
bool net_date_field(struct api_ctx *c, const char *field, const char *value,
                    bool not_future, char out[NET_DATE_MAX]);

/* A code of `list` (codes.c); the code itself only, labels are for CSV. */
bool net_code_field(struct api_ctx *c, const char *field, const char *list,
                    const char *value);

/* Today in Asia/Ho_Chi_Minh as "YYYY-MM-DD". */
void net_today(char out[NET_DATE_MAX]);

/* ---- versions --------------------------------------------------------- */

/* ETag "<prefix><id>-<version>" (e.g. "f12-3"). */
const char *net_etag(struct api_ctx *c, const char *prefix, int64_t id,
                     int64_t version);

/* The optional If-Match: true when absent or equal to the current ETag;
 * otherwise answers 412 stale and returns false. */
bool net_if_match(struct api_ctx *c, const char *etag);

/* ---- trainings (participants.c) --------------------------------------- */

/* False after answering 403 when the caller's role does not read
 * trainings (facility staff, docs/network.md §Roles). */
bool training_readable(struct api_ctx *c);

/* The training of route parameter `id` inside the caller's scope; answers
 * 403/404 (missing or outside: no existence leak)/500, returns false. */
bool training_load(struct api_ctx *c, struct training_row *out);

/* ---- CSV export (exports.c) ------------------------------------------- */

/* Answers 200 text/csv with every row the query selects, in the import
 * columns of kind (domain/network.h), header first, UTF-8 with a BOM so
 * spreadsheet programs read Vietnamese right.  `query` is the store query
 * the list handler built: struct facility_query (facilities), struct
 * training_query (trainings), struct communication_query
 * (communications), or a pointer to the training id (int64_t,
 * participants).  Paging in the query is ignored. */
void net_export_reply(struct api_ctx *c, enum import_kind kind,
                      const void *query);

#endif
