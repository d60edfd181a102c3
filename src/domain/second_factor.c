/*
 * second_factor.c — when the second step is due and which codes count;
 * see second_factor.h.
 */
#include "domain/second_factor.h"

#include <assert.h>
#include <string.h>

bool second_factor_needed(bool has_totp, bool role_requires)
{
	return has_totp || role_requires;
}

enum second_factor_state second_factor_state(bool pending, bool has_totp)
{
	if (pending)
		return has_totp ? SECOND_FACTOR_REQUIRED
		                : SECOND_FACTOR_ENROLMENT;
	return has_totp ? SECOND_FACTOR_DONE : SECOND_FACTOR_OFF;
}

const char *second_factor_state_name(enum second_factor_state s)
{
	switch (s) {
	case SECOND_FACTOR_REQUIRED: return "required";
	case SECOND_FACTOR_ENROLMENT: return "enrolment_required";
	case SECOND_FACTOR_DONE: return "done";
	case SECOND_FACTOR_OFF: break;
	}
	return "off";
}

bool totp_step_fresh(int64_t last_step, int64_t step)
{
	return step > last_step;
}

bool second_factor_role_listed(const char *list, const char *role)
{
	assert(role != NULL);
	size_t len = strlen(role);
	if (list == NULL || len == 0)
		return false;
	for (const char *p = list; *p != '\0';) {
		size_t n = strcspn(p, ",");
		if (n == len && memcmp(p, role, len) == 0)
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}
