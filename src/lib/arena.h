/*
 * arena.h — one bump allocator per request (or per command).
 *
 * Everything a request allocates comes from its arena and is freed at once
 * by arena_free() when the request completes; nothing inside is freed
 * alone.  arena_defer() registers cleanups for memory owned by libraries
 * (jansson values, sqlite statements) so they die with the arena too.
 * Allocation failure aborts: a server that cannot allocate a few KiB has
 * no sane way to answer.
 */
#ifndef TROGIUP_LIB_ARENA_H
#define TROGIUP_LIB_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* New empty arena; the caller owns it and frees it with arena_free(). */
struct arena *arena_new(void);

/* Runs deferred cleanups (last registered first), then frees all memory.
 * NULL is allowed. */
void arena_free(struct arena *a);

/* Zeroed memory of n bytes, aligned for any type, valid until arena_free. */
void *arena_alloc(struct arena *a, size_t n);

/* Copies of s (NUL-terminated) or of its first n bytes; NULL gives NULL. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Calls fn(p) when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);

/* Bytes handed out so far (for metrics and tests). */
size_t arena_used(const struct arena *a);

#endif
