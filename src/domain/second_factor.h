/*
 * second_factor.h — the rules of the TOTP second factor (docs/security.md
 * §Second factor): when a login needs a second step, what GET /me says of
 * it, which codes may be used, and the per-role requirement setting.
 *
 * Pure functions; lib/totp.h computes codes, the store keeps the sealed
 * secret and the last step used, the API applies these rules.
 */
#ifndef TROGIUP_DOMAIN_SECOND_FACTOR_H
#define TROGIUP_DOMAIN_SECOND_FACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The settings key holding the roles that must use a second factor, a
 * comma-separated list of role names ("" or absent: none). */
#define SECOND_FACTOR_SETTING "second_factor_required_roles"

enum second_factor_state {
	SECOND_FACTOR_OFF,       /* the user has none and needs none */
	SECOND_FACTOR_REQUIRED,  /* logged in by password; a code is due */
	SECOND_FACTOR_ENROLMENT, /* the role requires one the user lacks */
	SECOND_FACTOR_DONE       /* the user has one and gave a code */
};

/* True when a login by password must be followed by a second step: the
 * user has a confirmed TOTP secret, or their role requires one. */
bool second_factor_needed(bool has_totp, bool role_requires);

/* The state of a session: pending is the session's flag, has_totp
 * whether the user has a confirmed secret. */
enum second_factor_state second_factor_state(bool pending, bool has_totp);

/* "off", "required", "enrolment_required", "done" (GET /me). */
const char *second_factor_state_name(enum second_factor_state s);

/* True when a code matching `step` may be used after the last accepted
 * one, last_step: each step's code is good once, and never an older one
 * (so a code seen over a shoulder cannot be replayed in its window). */
bool totp_step_fresh(int64_t last_step, int64_t step);

/* True when role is one of the comma-separated names in list (NULL: an
 * empty list). */
bool second_factor_role_listed(const char *list, const char *role);

#endif
