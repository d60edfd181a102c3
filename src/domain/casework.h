/*
 * casework.h — the rules of case work (DESIGN.md §5, RULES.md §1–§7,
 * docs/cases.md): case types and stages, which transitions are allowed and
 * what each needs, the facts each type records, event kinds, who may see
 * a case and how much of it, case numbers.
 *
 * Pure: no I/O, no JSON, no SQL.  The API layer reads a request, asks these
 * functions, then stores.  Names of types, stages and codes are the API's.
 */
#ifndef TROGIUP_DOMAIN_CASEWORK_H
#define TROGIUP_DOMAIN_CASEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"

enum case_type {
	CASE_SOCIAL_ASSISTANCE,
	CASE_CHILD_PROTECTION,
	CASE_GBV,
	CASE_DRUG_REHAB,
	CASE_SEX_WORK_SUPPORT,
	CASE_TRAFFICKING_VICTIM,
	CASE_TYPE__MAX
};

enum case_stage {
	STAGE_INTAKE,
	STAGE_ASSESSMENT,
	STAGE_PLANNING,
	STAGE_INTERVENTION,
	STAGE_REVIEW,
	STAGE_CLOSED,
	STAGE__MAX
};

const char *case_type_name(enum case_type t); /* NULL when out of range */
int case_type_parse(const char *name, enum case_type *out); /* 0 or -1 */
const char *case_stage_name(enum case_stage s);
int case_stage_parse(const char *name, enum case_stage *out);

/* gbv and trafficking_victim cases are always restricted (DESIGN.md §4). */
bool case_type_restricted(enum case_type t);

/* ---- transitions ----------------------------------------------------- */

struct transition_facts {
	bool plan_approved;    /* the current round's plan is approved */
	bool closure_approved; /* a closure was approved since re-opening */
	const char *closure_reason; /* from the body, or NULL */
	const char *reason;         /* from the body, or NULL */
};

enum transition_result {
	TRANSITION_OK,
	TRANSITION_INVALID,              /* 409 invalid_transition */
	TRANSITION_NEEDS_APPROVAL,       /* 409 approval_required */
	TRANSITION_NEEDS_CLOSURE_REASON, /* 422 invalid_field closure_reason */
	TRANSITION_NEEDS_REASON          /* 422 invalid_field reason */
};

/* Whether a case may move from `from` to `to` given the facts
 * (docs/cases.md §Workflow). */
enum transition_result
casework_transition_check(enum case_stage from, enum case_stage to,
                          const struct transition_facts *f);

/* The stages a case in `from` may move to next (for the UI), written into
 * out (room for STAGE__MAX); returns how many. */
size_t casework_next_stages(enum case_stage from, enum case_stage *out);

/* ---- facts of each type (DESIGN.md §5) ------------------------------- */

enum fact_kind {
	FACT_CODE,  /* one code of list `codes` */
	FACT_CODES, /* an array of distinct codes of list `codes` */
	FACT_DATE,  /* "YYYY-MM-DD" */
	FACT_BOOL,
	FACT_INT, /* a whole number >= 0 (VND, months …) */
	FACT_TEXT /* up to 500 bytes */
};

struct fact_spec {
	const char *name;
	enum fact_kind kind;
	const char *codes; /* code list name for FACT_CODE(S), else NULL */
	bool required;
};

/* The facts a case of type t records; *n set to their count. */
const struct fact_spec *casework_facts(enum case_type t, size_t *n);

/* Cross-field rules that a table cannot say, checked after each fact is
 * valid on its own.  get(ctx, name) returns a fact's value as text (codes
 * joined by ',' for FACT_CODES, "true"/"false", decimal) or NULL when
 * absent.  On failure returns false and sets *field and *message (static
 * strings). */
typedef const char *(*fact_get_fn)(void *ctx, const char *name);
bool casework_facts_consistent(enum case_type t, fact_get_fn get, void *ctx,
                               const char **field, const char **message);

/* Whether a trafficking support item is an entitlement of a person with
 * that status under the law in force on date ("YYYY-MM-DD"): Law 66/2011
 * until 2025-06-30, Law 53/2024 from 2025-07-01 (RULES.md §5.2). */
bool casework_tip_support_allowed(const char *status, const char *item,
                                  const char *date);

/* ---- events ---------------------------------------------------------- */

/* Kinds a user may add through POST /cases/ID/events. */
enum event_kind {
	EVENT_NOTE,
	EVENT_ASSESSMENT,
	EVENT_PLAN,
	EVENT_SERVICE,
	EVENT_VISIT,
	EVENT_KIND__MAX
};
const char *event_kind_name(enum event_kind k);
int event_kind_parse(const char *name, enum event_kind *out);

/* True for the field names that carry narrative (sealed at rest in
 * restricted cases, hidden in the limited view): text, note, summary,
 * description, comment. */
bool casework_is_narrative(const char *field);

/* ---- who sees what (docs/cases.md §Who sees a case) ------------------ */

enum case_view {
	VIEW_NONE,    /* 404 */
	VIEW_LIMITED, /* number, type, stage, dates */
	VIEW_FULL     /* everything (restricted: after naming a reason) */
};

struct case_facts {
	enum case_type type;
	enum case_stage stage;
	bool restricted;     /* the flag; the type may also restrict */
	int64_t assigned_to; /* 0 when nobody */
	int64_t created_by;
	int64_t facility_id; /* facility holding the person now; 0 none */
	const char *tree;    /* owning unit's tree and lineage path */
	const char *path;
};

/* True when the case is restricted (by type or by flag). */
bool casework_restricted(const struct case_facts *f);

enum case_view casework_view(const struct principal *p,
                             const struct case_facts *f);

/* True when p may change the case (needs VIEW_FULL; hotline never). */
bool casework_may_write(const struct principal *p, const struct case_facts *f);

/* True when p may decide an approval on a case at f asked by requester:
 * commune, district or province role, scope holding the case, not the
 * requester. */
bool casework_may_approve(const struct principal *p, const struct case_facts *f,
                          int64_t requester);

/* True when p is a supervisor of the case's unit (province or district
 * role with the unit in scope): may read restricted cases and override a
 * missing sharing consent. */
bool casework_is_supervisor(const struct principal *p,
                            const struct case_facts *f);

/* ---- case numbers ---------------------------------------------------- */

#define CASE_NO_MAX 32

/* "PP-YYYY-NNNNNN" into buf (CASE_NO_MAX bytes); -1 when province is not
 * 1–3 digits or seq is out of 1..999999999. */
int casework_case_no(char buf[CASE_NO_MAX], const char *province, int year,
                     int64_t seq);

#endif
