/*
 * store_copy_schema.c — the target's secondary indexes and foreign keys
 * during store_migrate_to (store_copy.h): taken out before the load and
 * put back, from their own definitions, after it.
 *
 * A COPY into a table with its indexes in place updates every index row
 * by row, and a foreign key checks (and locks) the parent row of every
 * row loaded: with both, a million cases (13.8 M rows) went in at ~50,000
 * rows/s.  Without them PostgreSQL only appends, then builds each index in
 * one sort and checks each foreign key in one join.  All of it runs inside
 * the copy's one transaction (PostgreSQL's DDL is transactional), so a
 * failure anywhere, a duplicate found by a unique index or an orphan found
 * by a foreign key included, rolls the indexes and keys back with the rows.
 *
 * What stays: primary keys, unique and exclusion constraints, and any
 * index a constraint depends on (a foreign key's referenced key).  Those
 * are the parents' keys the foreign keys are checked against, and dropping
 * them would mean dropping every foreign key that points at them.  The
 * definitions are PostgreSQL's own (pg_indexes.indexdef,
 * pg_get_constraintdef), so what comes back is what the migrations made,
 * NOT VALID and DEFERRABLE clauses included.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_copy_int.h"

/* Secondary indexes and foreign keys of the loaded tables, as the text
 * that re-creates each and the text that drops it.  Indexes come first:
 * a foreign key's check then runs with every index there. */
static const char deferred_sql[] =
    "SELECT x.tablename, 'DROP INDEX ' || quote_ident(x.schemaname) || '.'"
    " || quote_ident(x.indexname), x.indexdef, 0 AS kind"
    " FROM pg_indexes x"
    " JOIN pg_class i ON i.relname = x.indexname"
    " AND i.relnamespace = to_regnamespace(x.schemaname)"
    " WHERE x.schemaname = current_schema()"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
    " WHERE k.conindid = i.oid)"
    " UNION ALL"
    " SELECT c.relname, format('ALTER TABLE %I.%I DROP CONSTRAINT %I',"
    " n.nspname, c.relname, k.conname),"
    " format('ALTER TABLE %I.%I ADD CONSTRAINT %I ', n.nspname, c.relname,"
    " k.conname) || pg_get_constraintdef(k.oid), 1"
    " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE k.contype = 'f' AND n.nspname = current_schema()"
    " ORDER BY 4, 1, 3";

static bool run(struct copy *c, const char *sql, const char *what)
{
	PGresult *res = PQexec(c->pg, sql);
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;

	if (!ok)
		copy_pg_fail(c, res, what);
	PQclear(res);
	return ok;
}

static bool loaded(const struct copy *c, const char *table)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->t[i].name, table) == 0)
			return true;
	return false;
}

bool copy_take_out(struct copy *c)
{
	PGresult *res = PQexec(c->pg, deferred_sql);
	bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	int rows = ok ? PQntuples(res) : 0;

	if (!ok)
		copy_pg_fail(c, res,
		             "cannot read the target's indexes and "
		             "foreign keys");
	c->later = calloc((size_t)rows + 1, sizeof *c->later);
	if (c->later == NULL)
		abort();
	/* Foreign keys go first (an index they need stays anyway), then the
	 * indexes; put back runs the list from the other end. */
	for (int r = rows - 1; ok && r >= 0; r--) {
		struct deferred *d;

		if (!loaded(c, PQgetvalue(res, r, 0)))
			continue;
		d = &c->later[c->nlater++];
		d->table = strdup(PQgetvalue(res, r, 0));
		d->drop = strdup(PQgetvalue(res, r, 1));
		d->create = strdup(PQgetvalue(res, r, 2));
		d->foreign_key = PQgetvalue(res, r, 3)[0] == '1';
		if (d->table == NULL || d->drop == NULL || d->create == NULL)
			abort();
		ok = run(c, d->drop,
		         d->foreign_key ? "cannot drop a foreign key"
		                        : "cannot drop an index");
	}
	PQclear(res);
	if (!ok)
		return false;
	/* The index builds sort a table at a time: give them room, unless
	 * the server already gives more (this transaction only). */
	res = PQexec(c->pg,
	             "SELECT set_config('maintenance_work_mem', '512MB', true)"
	             " WHERE pg_size_bytes(current_setting("
	             "'maintenance_work_mem')) < pg_size_bytes('512MB')");
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		copy_pg_fail(c, res, "cannot set maintenance_work_mem");
	PQclear(res);
	return ok;
}

bool copy_put_back(struct copy *c)
{
	for (int i = c->nlater - 1; i >= 0; i--) {
		struct deferred *d = &c->later[i];
		char *what = copy_errf(
		    d->foreign_key ? "cannot re-create a foreign key of %s"
		                   : "cannot re-create an index of %s",
		    d->table);
		bool ok = run(c, d->create, what);

		free(what);
		if (!ok)
			return false;
	}
	return true;
}

void copy_deferred_free(struct copy *c)
{
	for (int i = 0; i < c->nlater; i++) {
		free(c->later[i].table);
		free(c->later[i].drop);
		free(c->later[i].create);
	}
	free(c->later);
	c->later = NULL;
	c->nlater = 0;
}
