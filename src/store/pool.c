/*
 * pool.c — a fixed set of store connections shared by the server threads.
 *
 * Generic over the backend: it only calls store_open/store_close (and
 * store_rollback), so pg.c reuses it as is.  A thread takes a connection
 * with store_pool_acquire (blocking while all are in use) and gives it back
 * with store_pool_release; in between the connection is the thread's
 * alone.  The pool owns the connections and closes them in
 * store_pool_close, which must run after every connection is released.
 */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

#include "lib/log.h"
#include "store/store.h"

struct store_pool {
	pthread_mutex_t mu;
	pthread_cond_t freed; /* signalled when a connection is released */
	int size;
	int nfree;          /* free[0 .. nfree-1] are idle */
	struct store **all; /* every connection, for close */
	struct store **free;
};

/* *err is malloc'd by store_open; the caller frees it. */
struct store_pool *store_pool_open(const char *dsn, int n, char **err)
{
	struct store_pool *p;

	assert(dsn != NULL && err != NULL && n > 0);
	*err = NULL;
	p = calloc(1, sizeof *p);
	if (p == NULL)
		abort();
	p->all = calloc((size_t)n, sizeof *p->all);
	p->free = calloc((size_t)n, sizeof *p->free);
	if (p->all == NULL || p->free == NULL)
		abort();
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->freed, NULL);
	for (; p->size < n; p->size++) {
		if (store_open(dsn, &p->all[p->size], err) != STORE_OK) {
			store_pool_close(p);
			return NULL;
		}
		p->free[p->nfree++] = p->all[p->size];
	}
	return p;
}

void store_pool_close(struct store_pool *p)
{
	if (p == NULL)
		return;
	assert(p->nfree == p->size); /* every connection released */
	for (int i = 0; i < p->size; i++)
		store_close(p->all[i]);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->mu);
	free(p->all);
	free(p->free);
	free(p);
}

/* The connection stays the pool's; give it back with store_pool_release. */
struct store *store_pool_acquire(struct store_pool *p)
{
	struct store *st;

	assert(p != NULL);
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->freed, &p->mu);
	st = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return st;
}

/* Ends a transaction the caller left open, so one forgotten commit cannot
 * hold the database's write lock for good. */
void store_pool_release(struct store_pool *p, struct store *st)
{
	assert(p != NULL && st != NULL);
	if (store_rollback(st) != STORE_OK)
		log_error("store=pool op=release err=\"rollback failed\"");
	pthread_mutex_lock(&p->mu);
	assert(p->nfree < p->size);
#ifndef NDEBUG
	for (int i = 0; i < p->nfree; i++)
		assert(p->free[i] != st); /* released twice */
#endif
	p->free[p->nfree++] = st;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->mu);
}

int store_pool_size(const struct store_pool *p)
{
	assert(p != NULL);
	return p->size;
}

int store_pool_in_use(struct store_pool *p)
{
	int n;

	assert(p != NULL);
	pthread_mutex_lock(&p->mu);
	n = p->size - p->nfree;
	pthread_mutex_unlock(&p->mu);
	return n;
}
