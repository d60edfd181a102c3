/*
 * access.c — the role × action policy of DESIGN.md §4; see access.h.
 *
 * The whole policy is the role_rules table: one row per role with its API
 * name, whether it must have a unit scope, and the actions it may take as
 * a bitmask.  Anything not in the table (an out-of-range role or action)
 * is refused.
 */
#include "domain/access.h"

#include <assert.h>
#include <string.h>

#include "domain/lineage.h"

#define MAY(act) (1u << (act))

_Static_assert(ACT__MAX <= 32, "actions fit in an unsigned bitmask");

struct role_rule {
	const char *name;
	bool needs_scope;
	unsigned actions;
};

/* Every role may browse units and mint API tokens for itself. */
#define MAY_ALWAYS (MAY(ACT_UNITS_READ) | MAY(ACT_TOKENS_CREATE))
/* Case workers of a unit: cases, aggregates and the service network. */
#define MAY_UNIT_WORK                                                          \
	(MAY(ACT_CASES_WORK) | MAY(ACT_AGGREGATES_READ) |                      \
	 MAY(ACT_NETWORK_READ) | MAY(ACT_NETWORK_WRITE))

static const struct role_rule role_rules[ROLE__MAX] = {
    [ROLE_ADMIN] = {"admin", false, MAY_ALWAYS | MAY(ACT_USERS_MANAGE)},
    [ROLE_PROVINCE] = {"province", true,
                       MAY_ALWAYS | MAY_UNIT_WORK | MAY(ACT_PLANS_WRITE) |
                           MAY(ACT_AGGREGATES_WRITE)},
    [ROLE_DISTRICT] = {"district", true,
                       MAY_ALWAYS | MAY_UNIT_WORK | MAY(ACT_PLANS_WRITE) |
                           MAY(ACT_AGGREGATES_WRITE)},
    [ROLE_COMMUNE] = {"commune", true,
                      MAY_ALWAYS | MAY_UNIT_WORK | MAY(ACT_AGGREGATES_WRITE)},
    [ROLE_FACILITY] = {"facility", true,
                       MAY_ALWAYS | MAY(ACT_CASES_WORK) |
                           MAY(ACT_AGGREGATES_READ) | MAY(ACT_NETWORK_READ)},
    [ROLE_HOTLINE] = {"hotline", true,
                      MAY_ALWAYS | MAY(ACT_CASES_WORK) | MAY(ACT_NETWORK_READ)},
    [ROLE_VIEWER] = {"viewer", false,
                     MAY_ALWAYS | MAY(ACT_AGGREGATES_READ) |
                         MAY(ACT_NETWORK_READ)},
    [ROLE_AUDITOR] = {"auditor", false, MAY_ALWAYS | MAY(ACT_AUDIT_READ)},
};

static bool role_known(enum role r)
{
	return (int)r >= 0 && r < ROLE__MAX;
}

const char *role_name(enum role r)
{
	return role_known(r) ? role_rules[r].name : NULL;
}

int role_parse(const char *name, enum role *out)
{
	assert(out != NULL);
	if (name == NULL)
		return -1;
	for (int r = 0; r < ROLE__MAX; r++) {
		if (strcmp(role_rules[r].name, name) == 0) {
			*out = (enum role)r;
			return 0;
		}
	}
	return -1;
}

bool role_needs_scope(enum role r)
{
	return role_known(r) && role_rules[r].needs_scope;
}

bool access_may(enum role r, enum action act)
{
	if (!role_known(r) || (int)act < 0 || act >= ACT__MAX)
		return false;
	return (role_rules[r].actions & MAY(act)) != 0;
}

bool access_sees(const struct principal *p, const char *tree, const char *path)
{
	assert(p != NULL);
	if (p->scope_path == NULL)
		return true;
	if (p->scope_tree == NULL || tree == NULL ||
	    strcmp(p->scope_tree, tree) != 0)
		return false;
	return lineage_contains(p->scope_path, path);
}
