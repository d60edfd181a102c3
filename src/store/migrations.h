/*
 * migrations.h — the numbered schema migrations compiled into the binary.
 *
 * The table is generated at build time from src/store/migrations/NNNN_name.sql
 * (cmake/embed.cmake), ordered by number and closed by a {0, NULL, NULL}
 * entry.  The SQL is the portable subset of DESIGN.md §2; each store applies
 * a migration in one transaction and records it in schema_version.
 */
#ifndef TROGIUP_STORE_MIGRATIONS_H
#define TROGIUP_STORE_MIGRATIONS_H

struct migration {
	int number;
	const char *name;
	const char *sql;
};

/* SQLite's (src/store/migrations/) and PostgreSQL's
 * (src/store/migrations/pg/): the same numbers and names, each in its
 * own dialect. */
extern const struct migration migrations[];
extern const struct migration pg_migrations[];

#endif
