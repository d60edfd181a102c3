/*
 * account.c — username, password, session and login-throttling rules; see
 * account.h.
 *
 * Boundaries are "expired at exactly the limit": a session unused for
 * exactly idle_seconds is dead, and a failure exactly failure_window
 * seconds old no longer counts.
 */
#include "domain/account.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

#include "lib/arena.h"
#include "lib/fold.h"

#define USERNAME_MIN             2
#define USERNAME_MAX             64
#define PASSWORD_MIN_CODE_POINTS 10
#define PASSWORD_MAX_BYTES       1024

static bool username_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	/* '@' lets an e-mail address serve as a username. */
	return !first && (c == '.' || c == '_' || c == '-' || c == '@');
}

bool username_valid(const char *username)
{
	if (username == NULL)
		return false;
	size_t len = strnlen(username, USERNAME_MAX + 1);
	if (len < USERNAME_MIN || len > USERNAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!username_char(username[i], i == 0))
			return false;
	return true;
}

/* ASCII digits and punctuation: what people add to a word to pass a
 * "needs a digit and a symbol" rule. */
static bool trailing_char(char c)
{
	bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	return c > ' ' && c < 0x7f && !letter;
}

/* One pass over the list: a line matches when it is a prefix of the
 * folded password at least as long as the part before its trailing run
 * of digits and punctuation. */
bool password_listed(const char *list, const char *password)
{
	assert(list != NULL && password != NULL);
	struct arena *a = arena_new();
	char *folded = text_fold(a, password);
	bool found = false;
	if (folded == NULL)
		goto out;
	/* "mat khau 123" is matkhau123 typed with spaces. */
	size_t len = 0;
	for (const char *p = folded; *p != '\0'; p++)
		if (*p != ' ')
			folded[len++] = *p;
	folded[len] = '\0';
	if (len == 0)
		goto out;
	size_t stem = len;
	while (stem > 0 && trailing_char(folded[stem - 1]))
		stem--;
	for (const char *line = list; *line != '\0' && !found;) {
		size_t n = strcspn(line, "\n");
		found = line[0] != '#' && n > 0 && n >= stem && n <= len &&
		        memcmp(line, folded, n) == 0;
		line += n + (line[n] == '\n');
	}
out:
	arena_free(a);
	return found;
}

enum password_problem password_check(const char *username, const char *password)
{
	assert(username != NULL && password != NULL);
	/* Bounded first, so a huge body is not scanned twice. */
	if (strnlen(password, PASSWORD_MAX_BYTES + 1) > PASSWORD_MAX_BYTES)
		return PASSWORD_TOO_LONG;
	if (!text_valid(password))
		return PASSWORD_NOT_TEXT;
	if (text_length(password) < PASSWORD_MIN_CODE_POINTS)
		return PASSWORD_TOO_SHORT;
	if (strcasecmp(password, username) == 0)
		return PASSWORD_IS_USERNAME;
	if (password_listed(common_passwords, password))
		return PASSWORD_TOO_COMMON;
	return PASSWORD_OK;
}

static const char *const password_messages[] = {
    [PASSWORD_OK] = "password is acceptable",
    [PASSWORD_TOO_SHORT] = "password must have at least 10 characters",
    [PASSWORD_TOO_LONG] = "password must be at most 1024 bytes",
    [PASSWORD_IS_USERNAME] = "password must not be the username",
    [PASSWORD_NOT_TEXT] =
        "password must be valid UTF-8 text without control characters",
    [PASSWORD_TOO_COMMON] = "password is too common",
};

const char *password_problem_message(enum password_problem p)
{
	assert((int)p >= 0 && (size_t)p < sizeof password_messages /
	                                      sizeof password_messages[0]);
	return password_messages[p];
}

struct session_policy session_policy_default(void)
{
	return (struct session_policy){
	    .idle_seconds = 2 * 3600,
	    .absolute_seconds = 12 * 3600,
	    .max_failures = 5,
	    .failure_window = 15 * 60,
	};
}

bool session_live(const struct session_policy *p, int64_t created,
                  int64_t last_seen, int64_t now)
{
	assert(p != NULL);
	return now - last_seen < p->idle_seconds &&
	       now - created < p->absolute_seconds;
}

int64_t login_window_start(const struct session_policy *p, int64_t now)
{
	assert(p != NULL);
	return now - p->failure_window + 1;
}

bool login_locked(const struct session_policy *p, int failures)
{
	assert(p != NULL);
	return failures >= p->max_failures;
}

int64_t login_locked_until(const struct session_policy *p,
                           const int64_t *recent_newest_first, size_t n)
{
	assert(p != NULL && p->max_failures > 0);
	if (n < (size_t)p->max_failures)
		return 0;
	assert(recent_newest_first != NULL);
	return recent_newest_first[p->max_failures - 1] + p->failure_window;
}
