/*
 * access.h — roles, scopes and what each role may do (DESIGN.md §4).
 *
 * A principal is the authenticated caller: a role and a scope (a unit
 * lineage path, NULL for national).  Handlers ask access_may() for the
 * action and access_sees() for each record's unit; both are pure so the
 * whole policy is unit-tested in one place.
 */
#ifndef TROGIUP_DOMAIN_ACCESS_H
#define TROGIUP_DOMAIN_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

enum role {
	ROLE_ADMIN,
	ROLE_PROVINCE,
	ROLE_DISTRICT,
	ROLE_COMMUNE,
	ROLE_FACILITY,
	ROLE_HOTLINE,
	ROLE_VIEWER,
	ROLE_AUDITOR,
	ROLE__MAX
};

enum action {
	ACT_UNITS_READ,       /* browse the unit tree */
	ACT_USERS_MANAGE,     /* list, create, change users */
	ACT_AUDIT_READ,       /* read the audit log */
	ACT_TOKENS_CREATE,    /* create API tokens for oneself */
	ACT_CASES_WORK,       /* read and change case records */
	ACT_AGGREGATES_READ,  /* indicator values and reports */
	ACT_NETWORK_READ,     /* facilities, trainings, communications */
	ACT_NETWORK_WRITE,    /* create and change them; CSV imports */
	ACT_PLANS_WRITE,      /* plans and their targets (province, district) */
	ACT_AGGREGATES_WRITE, /* enter aggregate indicator values */
	ACT__MAX
};

struct principal {
	int64_t user_id;
	enum role role;
	const char *scope_tree; /* "2024" or "2025"; NULL when national */
	const char *scope_path; /* lineage path; NULL when national */
	/* facility role: the facility the user works in (its unit is the
	 * scope above); 0 for everyone else */
	int64_t facility_id;
};

/* Role name as in the API ("admin", "province", …); NULL when out of range. */
const char *role_name(enum role r);

/* Parses a role name; 0 and *out set on success, -1 when unknown. */
int role_parse(const char *name, enum role *out);

/* True when the role must have a unit scope (province, district, commune,
 * facility, hotline); admin, viewer and auditor may be national. */
bool role_needs_scope(enum role r);

/* True when the role may perform the action at all. */
bool access_may(enum role r, enum action act);

/* True when a record whose unit has lineage path `path` in tree `tree`
 * lies inside the principal's scope.  A national principal sees every
 * tree; a scoped one only its own tree. */
bool access_sees(const struct principal *p, const char *tree, const char *path);

#endif
