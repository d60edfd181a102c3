/*
 * arena.c — bump allocator with deferred cleanups; see arena.h.
 *
 * Memory comes in chunks linked newest first; a request that needs more
 * than one chunk's worth gets a chunk of its own size.  Cleanups are a
 * singly linked list run newest first, so a value registered after the
 * thing it depends on is released before it.
 */
#include "lib/arena.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK 8192
#define ARENA_ALIGN 16

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	void (*fn)(void *);
	void *p;
};

struct arena {
	struct chunk *chunks;
	struct cleanup *cleanups;
	size_t total;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (p == NULL) {
		fputs("trogiup: out of memory\n", stderr);
		abort();
	}
	return p;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a);
	a->chunks = NULL;
	a->cleanups = NULL;
	a->total = 0;
	return a;
}

void arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	for (struct cleanup *c = a->cleanups; c != NULL; c = c->next)
		c->fn(c->p);
	struct chunk *ch = a->chunks;
	while (ch != NULL) {
		struct chunk *next = ch->next;
		free(ch);
		ch = next;
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	assert(a != NULL);
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < n)
		abort(); /* overflow */
	struct chunk *ch = a->chunks;
	if (ch == NULL || ch->size - ch->used < need) {
		size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;
		ch = xmalloc(sizeof *ch + size);
		ch->size = size;
		ch->used = 0;
		if (size > ARENA_CHUNK && a->chunks != NULL) {
			/* A big one-off: keep the current chunk in front for
			 * the small allocations that follow. */
			ch->next = a->chunks->next;
			a->chunks->next = ch;
		} else {
			ch->next = a->chunks;
			a->chunks = ch;
		}
	}
	void *p = ch->data + ch->used;
	ch->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	assert(a != NULL && fn != NULL);
	struct cleanup *c = arena_alloc(a, sizeof *c);
	c->fn = fn;
	c->p = p;
	c->next = a->cleanups;
	a->cleanups = c;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
