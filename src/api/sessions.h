/*
 * sessions.h — what auth.c and second_factor.c share: opening a cookie
 * session and the facts that decide whether a login needs a second step.
 */
#ifndef TROGIUP_API_SESSIONS_H
#define TROGIUP_API_SESSIONS_H

#include <stdbool.h>

struct api_ctx;
struct user_row;

/* Opens a new session for u (a new random id: never one the client
 * offered), sets its cookie and c->session_hash/csrf; *csrf_out is its
 * CSRF token.  False on a store error (already logged). */
bool auth_session_start(struct api_ctx *c, const struct user_row *u,
                        bool pending, const char **csrf_out);

/* Whether u has a confirmed TOTP secret and whether u's role requires
 * one (setting SECOND_FACTOR_SETTING).  False on a store error. */
bool auth_second_factor_facts(struct api_ctx *c, const struct user_row *u,
                              bool *has_totp, bool *role_requires);

/* Counts a failed login or code for username (throttle per username and
 * per address) and audits it as `action`. */
void auth_count_failure(struct api_ctx *c, const char *username,
                        const char *action);

/* Answers 429 too_many_attempts and returns false when username has used
 * its failures (domain/account.h); false with 500 on a store error. */
bool auth_not_throttled(struct api_ctx *c, const char *username);

#endif
