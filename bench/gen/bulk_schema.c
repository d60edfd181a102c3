/*
 * bulk_schema.c — what trogiup-gen's load takes out of the schema and puts
 * back exactly (bulk.c): the secondary indexes of the tables it fills,
 * read from sqlite_master and re-created from that text, and the triggers
 * of 0004_indicators.sql on cases, re-created from the embedded
 * migration's text and checked against sqlite_master.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bulk.h"
#include "store/migrations.h"

/* ---- the 0004 triggers on cases, from the embedded migrations ---------- */

static const char *skip_space_comments(const char *s)
{
	for (;;) {
		s += strspn(s, " \t\r\n");
		if (s[0] == '-' && s[1] == '-')
			s += strcspn(s, "\n");
		else
			return s;
	}
}

/* Every CREATE TRIGGER of the migrations whose table is cases, checked
 * to be the text sqlite_master holds; how many (max at most). */
int bulk_case_triggers(sqlite3 *h, struct bulk_trig *out, size_t max, size_t *n)
{
	sqlite3_stmt *q;
	*n = 0;
	if (sqlite3_prepare_v2(h,
	                       "SELECT sql FROM sqlite_master WHERE type = "
	                       "'trigger' AND name = ?1 AND tbl_name = 'cases'",
	                       -1, &q, NULL) != SQLITE_OK)
		return -1;
	for (const struct migration *m = migrations; m->sql != NULL; m++) {
		const char *p = m->sql;
		for (;;) {
			const char *semi = p;
			char *stmt = NULL;
			while ((semi = strchr(semi, ';')) != NULL) {
				stmt = strndup(p, (size_t)(semi - p + 1));
				if (sqlite3_complete(stmt))
					break;
				free(stmt);
				stmt = NULL;
				semi++;
			}
			if (stmt == NULL)
				break;
			p = semi + 1;
			const char *s = skip_space_comments(stmt);
			char name[64];
			if (strncasecmp(s, "CREATE TRIGGER ", 15) != 0 ||
			    sscanf(s + 15, "%63[A-Za-z0-9_]", name) != 1) {
				free(stmt);
				continue;
			}
			sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(q) == SQLITE_ROW) {
				const char *have =
				    (const char *)sqlite3_column_text(q, 0);
				size_t len = strlen(s) - 1; /* the ';' */
				if (*n == max || have == NULL ||
				    strlen(have) != len ||
				    strncmp(have, s, len) != 0) {
					fprintf(
					    stderr,
					    "trogiup-gen: trigger %s differs "
					    "from migration %s\n",
					    name, m->name);
					sqlite3_finalize(q);
					free(stmt);
					return -1;
				}
				snprintf(out[*n].name, sizeof out[*n].name,
				         "%s", name);
				out[*n].sql = strndup(s, len);
				(*n)++;
			}
			sqlite3_reset(q);
			free(stmt);
		}
	}
	sqlite3_finalize(q);
	return 0;
}

int bulk_exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "trogiup-gen: %s: %s\n", sql,
	        msg ? msg : sqlite3_errmsg(h));
	sqlite3_free(msg);
	return -1;
}

/* ---- the secondary indexes of the loaded tables ------------------------- */

static const char index_query[] =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS"
    " NOT NULL AND tbl_name IN ('persons', 'person_name_suffixes', 'cases',"
    " 'case_events') ORDER BY name";

/* The indexes (their name and text) the load drops; how many, -1. */
int bulk_read_indexes(sqlite3 *h, struct bulk_index *out)
{
	sqlite3_stmt *q;
	int n = 0;
	if (sqlite3_prepare_v2(h, index_query, -1, &q, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(q) == SQLITE_ROW && n < BULK_MAX_INDEXES) {
		out[n].name = strdup((const char *)sqlite3_column_text(q, 0));
		out[n].sql = strdup((const char *)sqlite3_column_text(q, 1));
		out[n].kept = false;
		n++;
	}
	sqlite3_finalize(q);
	return n;
}

void bulk_free_indexes(struct bulk_index *x, int n)
{
	for (int i = 0; i < n; i++) {
		free(x[i].name);
		free(x[i].sql);
	}
}

/* Builds them again from their text, and checks sqlite_master holds
 * exactly what it held before the load. */
int bulk_restore_indexes(sqlite3 *h, struct bulk_index *x, int n)
{
	for (int i = 0; i < n; i++)
		if (!x[i].kept && bulk_exec(h, x[i].sql) != 0)
			return -1;
	struct bulk_index again[BULK_MAX_INDEXES];
	int m = bulk_read_indexes(h, again), same = m == n;
	for (int i = 0; same && i < n; i++)
		same = strcmp(x[i].name, again[i].name) == 0 &&
		       strcmp(x[i].sql, again[i].sql) == 0;
	bulk_free_indexes(again, m < 0 ? 0 : m);
	if (!same)
		fprintf(stderr, "trogiup-gen: indexes not re-created as the "
		                "migrations made them\n");
	return same ? 0 : -1;
}
