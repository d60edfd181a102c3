/*
 * fold.c — Unicode text helpers over utf8proc; see fold.h.
 *
 * utf8proc hands back malloc'd strings; every function here copies the
 * result into the caller's arena and frees utf8proc's copy at once, so
 * callers only ever see arena memory.  The search key is built in one
 * utf8proc pass (fold_slow: compatibility decomposition, marks and default
 * ignorables stripped, case folded, đ/Đ mapped to 'd' by a custom
 * function) followed by a whitespace pass of our own.
 *
 * The fast path.  utf8proc was most of an import's time (bench/import):
 * every name was folded through it.  With the options above it maps each
 * code point on its own (decompose, strip marks, fold case; nothing
 * composes back, no rule looks at a neighbour), so a string folds code
 * point by code point.  For U+0001–U+02FF and Latin Extended Additional
 * (U+1E00–U+1EFF) — none a combining mark, none with NFC_QC No or Maybe,
 * so text made of them is already NFC — the fold of each code point is
 * taken once from fold_slow (between two letters, so that its space
 * handling is the same) into two tables, built on first use under
 * pthread_once (any thread may call).  text_fold folds a string by table
 * when every code point has an entry and through fold_slow otherwise
 * (combining marks, other scripts, bad UTF-8); tests/unit/test_fold.c
 * checks that both give the same key.
 */
#include "lib/fold.h"

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "lib/arena.h"

#define CP_D_STROKE_UPPER 0x0110 /* Đ */
#define CP_D_STROKE_LOWER 0x0111 /* đ */

#define FOLD_ENTRY_MAX 8 /* bytes of one code point's fold */
#define FOLD_GROWTH    4 /* an entry is at most 4 × its code point's bytes */

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

/* Folded text being written with whitespace runs collapsed to one space
 * and no leading or trailing space.  NFKD has already turned no-break and
 * other compatibility spaces into U+0020, so ASCII whitespace is all that
 * is left to handle. */
struct collapse {
	char *out;
	char *w;
	bool pending_space;
};

static inline void collapse_put(struct collapse *c, char byte)
{
	if (is_ascii_space(byte)) {
		c->pending_space = c->w != c->out;
		return;
	}
	if (c->pending_space)
		*c->w++ = ' ';
	c->pending_space = false;
	*c->w++ = byte;
}

/* text_fold through utf8proc, for any text. */
static char *fold_slow(struct arena *a, const char *s)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom(
	    (const utf8proc_uint8_t *)s, 0, &mapped,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
	        UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE |
	        UTF8PROC_CASEFOLD,
	    fold_d_stroke, NULL);
	if (n < 0)
		return NULL;
	struct collapse c = {.out = arena_alloc(a, (size_t)n + 1)};
	c.w = c.out;
	for (utf8proc_ssize_t i = 0; i < n; i++)
		collapse_put(&c, (char)mapped[i]);
	*c.w = '\0';
	free(mapped);
	return c.out;
}

/* ---- the fold tables ------------------------------------------------- */

struct fold_entry {
	char s[FOLD_ENTRY_MAX];
	unsigned char n;
	bool ok; /* false: the code point goes through fold_slow */
};
static struct fold_entry fold_latin[0x300];    /* U+0000–U+02FF */
static struct fold_entry fold_extended[0x100]; /* U+1E00–U+1EFF */
static pthread_once_t fold_tables_once = PTHREAD_ONCE_INIT;

/* Appends cp (below U+10000) to out as UTF-8; returns its bytes. */
static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/* The entry of cp: its fold between two letters, when it fits. */
static void fold_entry_build(struct arena *a, uint32_t cp, struct fold_entry *e)
{
	char in[8];
	in[0] = 'a';
	size_t bytes = put_utf8(in + 1, cp);
	in[1 + bytes] = 'a';
	in[2 + bytes] = '\0';
	const char *f = fold_slow(a, in);
	size_t len = f != NULL ? strlen(f) : 0;
	if (len < 2 || f[0] != 'a' || f[len - 1] != 'a' ||
	    len - 2 > FOLD_ENTRY_MAX || len - 2 > FOLD_GROWTH * bytes)
		return;
	memcpy(e->s, f + 1, len - 2);
	e->n = (unsigned char)(len - 2);
	e->ok = true;
}

static void fold_tables_build(void)
{
	struct arena *a = arena_new();
	for (uint32_t cp = 1; cp < 0x300; cp++)
		fold_entry_build(a, cp, &fold_latin[cp]);
	for (uint32_t cp = 0; cp < 0x100; cp++)
		fold_entry_build(a, 0x1E00 + cp, &fold_extended[cp]);
	arena_free(a);
	/* ASCII folds to itself, its lower case or a space: text_scan
	 * counts on every ASCII character having an entry. */
	for (uint32_t cp = 1; cp < 0x80; cp++)
		assert(fold_latin[cp].ok);
}

/* The entry of the non-ASCII code point at *p, *p advanced past it; NULL
 * (*p as it was) when it has none or is not valid UTF-8.  Never reads
 * past a NUL: a byte is looked at only when the one before it was a lead
 * or continuation byte.  (ASCII, most of the text, is looked up by the
 * callers themselves: fold_latin[*p].) */
static inline const struct fold_entry *fold_entry_at(const unsigned char **p)
{
	const unsigned char *s = *p;
	const struct fold_entry *e;
	size_t bytes;
	if (s[0] >= 0xC2 && s[0] <= 0xCB && (s[1] & 0xC0) == 0x80) {
		/* U+0080–U+02FF, never overlong. */
		e = &fold_latin[((s[0] & 0x1F) << 6) | (s[1] & 0x3F)];
		bytes = 2;
	} else if (s[0] == 0xE1 && (s[1] & 0xFC) == 0xB8 &&
	           (s[2] & 0xC0) == 0x80) {
		/* U+1E00–U+1EFF: E1 B8 80 to E1 BB BF. */
		e = &fold_extended[((s[1] & 0x03) << 6) | (s[2] & 0x3F)];
		bytes = 3;
	} else {
		return NULL;
	}
	if (!e->ok)
		return NULL;
	*p = s + bytes;
	return e;
}

/* text_fold of s by table; NULL when a code point of s has no entry or
 * s is not valid UTF-8 (then fold_slow decides). */
static char *fold_fast(struct arena *a, const char *s)
{
	struct collapse c = {.out =
	                         arena_alloc(a, strlen(s) * FOLD_GROWTH + 1)};
	c.w = c.out;
	const unsigned char *p = (const unsigned char *)s;
	while (*p != '\0') {
		const struct fold_entry *e =
		    *p < 0x80 ? &fold_latin[*p++] : fold_entry_at(&p);
		if (e == NULL || !e->ok)
			return NULL;
		for (size_t i = 0; i < e->n; i++)
			collapse_put(&c, e->s[i]);
	}
	*c.w = '\0';
	return c.out;
}

char *text_fold(struct arena *a, const char *s)
{
	assert(a != NULL && s != NULL);
	pthread_once(&fold_tables_once, fold_tables_build);
	char *folded = fold_fast(a, s);
	return folded != NULL ? folded : fold_slow(a, s);
}

void text_scan(const char *s, size_t *chars, bool *control, bool *nfc)
{
	assert(s != NULL && chars != NULL && control != NULL && nfc != NULL);
	pthread_once(&fold_tables_once, fold_tables_build);
	size_t n = 0;
	bool ctl = false, quick = true;
	const unsigned char *p = (const unsigned char *)s;
	while (*p != '\0') {
		n++;
		if (*p < 0x80) {
			if ((*p < 0x20 && *p != '\t' && *p != '\n' &&
			     *p != '\r') ||
			    *p == 0x7F)
				ctl = true;
			p++;
			continue;
		}
		if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			ctl = true;
		if (quick && fold_entry_at(&p) != NULL)
			continue;
		quick = false;
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	*chars = n;
	*control = ctl;
	*nfc = quick;
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
