/*
 * db_queue.c — queued writes, the hot loop of bulk imports (db.h
 * stmt_copy, store.h store_flush): a bound INSERT whose result nobody
 * reads is handed over here instead of being stepped.
 *
 * On PostgreSQL its parameters become one line of a `COPY … FROM STDIN`
 * on the store's own connection, inside the caller's transaction (pg.c
 * pg_copy_row): the server then parses, checks and inserts the rows in
 * one statement, without a Bind/Execute per row.  On SQLite the statement
 * is stepped at once: there is no round trip or per-statement cost to
 * save there.  Either way the first failure of the transaction is kept
 * here with the caller's tag (an import's CSV line), logged once, and
 * makes the commit fail until a ROLLBACK or the next BEGIN (db.c).
 */
#include <assert.h>

#include "lib/log.h"
#include "store/db.h"

void queue_fail(struct store *st, enum stmt id, long tag, int rc)
{
	assert(st != NULL && id >= 0 && id < STMT__MAX);
	if (st->queue_status != STORE_OK)
		return; /* the first failure counts; later ones follow */
	st->queue_status = rc == DB_CONFLICT ? STORE_CONFLICT : STORE_ERROR;
	st->queue_failed = tag;
	log_error("store=%s op=queue stmt=%s tag=%ld err=\"%s\"",
	          st->pg != NULL ? "pg" : "sqlite", sql_texts[id].name, tag,
	          st->pg != NULL ? st->errmsg : lite_errmsg(st));
}

enum store_status stmt_copy(struct store *st, enum stmt id,
                            const struct copy_into *into, long tag)
{
	int rc;

	assert(st != NULL && st->taken_ns[id] != 0 && into != NULL);
	assert(db_in_tx(st)); /* rows outside a transaction would not be
	                          all or nothing */
	if (st->queue_status == STORE_OK) {
		if (st->pg != NULL)
			pg_copy_row(st->stmt[id], into, tag);
		else if ((rc = db_step(st->stmt[id])) != DB_ROW &&
		         rc != DB_DONE)
			queue_fail(st, id, tag, rc);
	}
	stmt_give(st, id);
	return st->queue_status;
}

enum store_status store_flush(struct store *st, long *failed)
{
	assert(st != NULL);
	if (st->pg != NULL)
		pg_copy_end(st);
	if (st->queue_status != STORE_OK && failed != NULL)
		*failed = st->queue_failed;
	return st->queue_status;
}

void queue_forget(struct store *st)
{
	st->queue_status = STORE_OK;
	st->queue_failed = 0;
}
