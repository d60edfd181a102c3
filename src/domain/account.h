/*
 * account.h — rules for usernames, passwords, sessions and login throttling.
 *
 * Pure functions over numbers and strings; the store keeps the facts
 * (hashes, timestamps, failure counts) and the API applies these rules.
 */
#ifndef TROGIUP_DOMAIN_ACCOUNT_H
#define TROGIUP_DOMAIN_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 2–64 characters of A–Z, a–z, 0–9, '.', '_', '-', '@', starting with a
 * letter or digit.  Usernames are matched exactly (case-sensitive). */
bool username_valid(const char *username);

enum password_problem {
	PASSWORD_OK,
	PASSWORD_TOO_SHORT,   /* fewer than 10 code points */
	PASSWORD_TOO_LONG,    /* more than 1024 bytes */
	PASSWORD_IS_USERNAME, /* equals the username, ignoring case */
	PASSWORD_NOT_TEXT,    /* invalid UTF-8 or control characters */
	PASSWORD_TOO_COMMON   /* in common_passwords (password_listed) */
};

/* Checks a password against every rule above, the common list being
 * common_passwords. */
enum password_problem password_check(const char *username,
                                     const char *password);

/* data/common-passwords.txt compiled in (cmake/embed.cmake): one
 * lower-case password a line, '#' lines are comments. */
extern const char common_passwords[];

/* True when valid UTF-8 `password`, folded (case, diacritics: text_fold)
 * and without spaces, is a line of `list` or such a line followed only by
 * ASCII digits and punctuation ("Mật khẩu@2026" when "matkhau" is
 * listed). */
bool password_listed(const char *list, const char *password);

/* English message for a problem (the API's "message"). */
const char *password_problem_message(enum password_problem p);

struct session_policy {
	int64_t idle_seconds;     /* a session unused this long expires */
	int64_t absolute_seconds; /* a session this old expires regardless */
	int max_failures;         /* failed logins allowed per window */
	int64_t failure_window;   /* seconds */
};

/* Defaults: idle 2 h, absolute 12 h, 5 failures per 15 minutes. */
struct session_policy session_policy_default(void);

/* True while a session created at `created` and last used at `last_seen`
 * may still be used at `now`. */
bool session_live(const struct session_policy *p, int64_t created,
                  int64_t last_seen, int64_t now);

/* First instant that still counts toward the failure window at `now`. */
int64_t login_window_start(const struct session_policy *p, int64_t now);

/* True when `failures` recent failures mean the next attempt is refused
 * (429) without looking at the password. */
bool login_locked(const struct session_policy *p, int failures);

/* The instant a username's lockout ends (the next attempt is then looked
 * at), given the instants of its recent failures newest first; 0 when
 * fewer than max_failures of them, i.e. it is not locked.  The lockout
 * ends when the max_failures-th newest failure leaves the window. */
int64_t login_locked_until(const struct session_policy *p,
                           const int64_t *recent_newest_first, size_t n);

#endif
