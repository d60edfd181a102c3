/*
 * fold.c — Unicode text helpers over utf8proc; see fold.h.
 *
 * utf8proc hands back malloc'd strings; every function here copies the
 * result into the caller's arena and frees utf8proc's copy at once, so
 * callers only ever see arena memory.  The search key (text_fold) is built
 * in one utf8proc pass (compatibility decomposition, marks and default
 * ignorables stripped, case folded, đ/Đ mapped to 'd' by a custom
 * function) followed by a whitespace pass of our own.
 */
#include "lib/fold.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "lib/arena.h"

#define CP_D_STROKE_UPPER 0x0110 /* Đ */
#define CP_D_STROKE_LOWER 0x0111 /* đ */

/* Unicode gives đ/Đ no decomposition, so STRIPMARK cannot reach them. */
static utf8proc_int32_t fold_d_stroke(utf8proc_int32_t cp, void *unused)
{
	(void)unused;
	if (cp == CP_D_STROKE_UPPER || cp == CP_D_STROKE_LOWER)
		return 'd';
	return cp;
}

static bool is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Copies s into a with whitespace runs collapsed to one space and no
 * leading or trailing space.  NFKD has already turned no-break and other
 * compatibility spaces into U+0020, so ASCII whitespace is all that is
 * left to handle. */
static char *collapse_spaces(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1);
	char *w = out;
	bool pending_space = false;
	for (const char *r = s; *r != '\0'; r++) {
		if (is_ascii_space(*r)) {
			pending_space = w != out;
			continue;
		}
		if (pending_space)
			*w++ = ' ';
		pending_space = false;
		*w++ = *r;
	}
	*w = '\0';
	return out;
}

char *text_fold(struct arena *a, const char *s)
{
	assert(a != NULL && s != NULL);
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom(
	    (const utf8proc_uint8_t *)s, 0, &mapped,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
	        UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE |
	        UTF8PROC_CASEFOLD,
	    fold_d_stroke, NULL);
	if (n < 0)
		return NULL;
	char *folded = collapse_spaces(a, (const char *)mapped);
	free(mapped);
	return folded;
}

char *text_nfc(struct arena *a, const char *s)
{
	assert(a != NULL && s != NULL);
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map(
	    (const utf8proc_uint8_t *)s, 0, &mapped,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return NULL;
	char *nfc = arena_strndup(a, (const char *)mapped, (size_t)n);
	free(mapped);
	return nfc;
}

bool text_valid(const char *s)
{
	assert(s != NULL);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (*p != '\0') {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n < 0)
			return false;
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC &&
		    cp != '\t' && cp != '\n' && cp != '\r')
			return false;
		p += n;
	}
	return true;
}

size_t text_length(const char *s)
{
	assert(s != NULL);
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p & 0xC0) != 0x80) /* not a continuation byte */
			n++;
	return n;
}
