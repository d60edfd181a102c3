/*
 * store_copy_int.h — private to store_copy.c and store_copy_rows.c, the
 * two halves of store_migrate_to (store_copy.h): the state of one copy
 * and what the halves call of each other.
 */
#ifndef TROGIUP_STORE_STORE_COPY_INT_H
#define TROGIUP_STORE_STORE_COPY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* A table's rows summed up so that the same rows in any order agree. */
struct row_sum {
	long rows;
	uint64_t sum, mix;
};

struct table {
	char *name;
	char *quoted;  /* "name", for SQL text */
	char *collist; /* "a", "b", … in the source's order */
	int ncols;
	char **cols;
	bool *is_float;  /* PostgreSQL float4/float8 column */
	char **sequence; /* the column's identity or serial sequence, or NULL */
	int seen;        /* columns matched in the target's catalogue */
	bool placed;     /* in the load order already */
	bool partitioned; /* COPY FREEZE does not take a partitioned table */
	struct row_sum src, dst;
};

/* A secondary index or a foreign key of the target, out during the load
 * (store_copy_schema.c). */
struct deferred {
	char *table;
	char *drop;   /* the statement that takes it out */
	char *create; /* the statement that puts it back, from its definition */
	bool foreign_key;
};

struct buf {
	char *p;
	size_t len, cap;
};

struct copy {
	sqlite3 *lite;
	struct store *st;
	PGconn *pg;
	struct table *t;
	int n;
	int *order; /* load order: indexes into t */
	int64_t data_version;
	struct deferred *later; /* taken out, in the order they were */
	int nlater;
	struct buf line;
	char **err;
};

/* A malloc'd message. */
char *copy_errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Keeps msg as *c->err unless an earlier, more precise message is there;
 * false. */
bool copy_fail(struct copy *c, char *msg);

/* copy_fail with what, the SQLSTATE and the primary message of res (or of
 * the connection when res is NULL); false. */
bool copy_pg_fail(struct copy *c, const PGresult *res, const char *what);

void copy_buf_add(struct buf *b, const char *s, size_t n);

/* Sends every row of t from the source to the target (COPY FROM STDIN),
 * summed into t->src; false (and *c->err) on failure. */
bool copy_load_table(struct copy *c, struct table *t);

/* Reads t back from the target (COPY TO STDOUT), summed into t->dst. */
bool copy_read_back(struct copy *c, struct table *t);

/* Drops the secondary indexes and foreign keys of the loaded tables,
 * keeping their definitions in c->later; false (and *c->err) on failure. */
bool copy_take_out(struct copy *c);

/* Re-creates what copy_take_out dropped: indexes, then foreign keys
 * (each checked against the loaded rows). */
bool copy_put_back(struct copy *c);

void copy_deferred_free(struct copy *c);

#endif
