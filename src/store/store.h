/*
 * store.h — the one interface to persistent data.
 *
 * Everything above src/store/ talks to the database through these
 * functions only; sqlite.c implements them today and pg.c will implement
 * the same set for PostgreSQL.  One `struct store` is one connection and
 * is used by one thread at a time (the pool hands them out).
 *
 * Conventions:
 *  - Functions return enum store_status; only STORE_OK fills outputs.
 *  - Strings in outputs are allocated in the arena passed in and live as
 *    long as it does.  Inputs are copied or bound; the store keeps no
 *    pointer to them after returning.
 *  - Instants are int64 Unix seconds, UTC.
 *  - Writes outside an explicit store_begin()/store_commit() run in their
 *    own transaction.
 *  - Lists take offset/limit and report the total count before paging.
 */
#ifndef TROGIUP_STORE_STORE_H
#define TROGIUP_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct store;

enum store_status {
	STORE_OK = 0,
	STORE_NOTFOUND = 1, /* no such row */
	STORE_CONFLICT = 2, /* a unique key already holds that value */
	STORE_ERROR = -1    /* anything else; logged by the store */
};

/* ---- connection ------------------------------------------------------ */

/* Opens the database named by dsn (a SQLite file path; later also a
 * postgres:// URL).  On failure returns STORE_ERROR and sets *err to a
 * malloc'd message the caller frees. */
enum store_status store_open(const char *dsn, struct store **out, char **err);
void store_close(struct store *st);

/* Applies every migration not yet applied, each in one transaction,
 * recording it in schema_version.  *err as for store_open. */
enum store_status store_migrate(struct store *st, char **err);

/* Highest applied migration number (0 for an empty database). */
int store_schema_version(struct store *st);

/* A trivial query; STORE_OK when the database answers. */
enum store_status store_ping(struct store *st);

/* Write transaction (BEGIN IMMEDIATE on SQLite). Not nestable. */
enum store_status store_begin(struct store *st);
enum store_status store_commit(struct store *st);
enum store_status store_rollback(struct store *st);

/* ---- settings (key/value, e.g. "default_tree") ----------------------- */

enum store_status store_setting_get(struct store *st, struct arena *a,
                                    const char *key, const char **value);
enum store_status store_setting_set(struct store *st, const char *key,
                                    const char *value);

/* ---- administrative units -------------------------------------------- */

struct unit_row {
	const char *tree;        /* "2024" or "2025" */
	const char *code;        /* official code, e.g. "62" */
	const char *name;        /* NFC, e.g. "Kon Tum" */
	const char *name_folded; /* text_fold(name) */
	const char *type;        /* "Tỉnh", "Huyện", "Xã" … */
	int level; /* 1 province, 2 district (or commune in 2025), 3 commune */
	const char *parent_code; /* NULL for level 1 */
	const char *path;        /* lineage path, see domain/lineage.h */
};

/* Inserts or replaces one unit and its ancestor rows (derived from path). */
enum store_status store_unit_put(struct store *st, const struct unit_row *u);

/* Deletes every unit of a tree (before a re-import). */
enum store_status store_units_clear(struct store *st, const char *tree);

enum store_status store_unit_get(struct store *st, struct arena *a,
                                 const char *tree, const char *code,
                                 struct unit_row *out);

/* The unit and its ancestors from the province down to the unit itself,
 * read in one query through the ancestor (closure) table; *items holds
 * *n rows, the unit last.  STORE_NOTFOUND when there is no such unit. */
enum store_status store_unit_lineage(struct store *st, struct arena *a,
                                     const char *tree, const char *code,
                                     struct unit_row **items, size_t *n);

struct unit_query {
	const char *tree;        /* required */
	const char *parent_code; /* only children of this unit, or NULL */
	int level;               /* only this level, or 0 */
	const char *q_folded;    /* folded substring of the name, or NULL */
	int offset, limit;
};

/* Units ordered by level, then code. *items is an arena array of *n rows. */
enum store_status store_units_list(struct store *st, struct arena *a,
                                   const struct unit_query *q,
                                   struct unit_row **items, size_t *n,
                                   long *total);

/* Counts units of a tree at a level (0: all levels). */
enum store_status store_units_count(struct store *st, const char *tree,
                                    int level, long *count);

/* ---- users ----------------------------------------------------------- */

struct user_row {
	int64_t id;
	const char *username;
	const char *full_name;
	const char *full_name_folded; /* text_fold(full_name), filled by the
	                                 caller; NULL stores full_name as is */
	const char *role;             /* role name, see domain/access.h */
	const char *scope_tree;       /* NULL when national */
	const char *scope_code;       /* NULL when national */
	const char
	    *scope_path; /* lineage path of scope_code, NULL when national */
	const char *password_hash; /* argon2id string */
	int active;                /* 1 or 0 */
	int64_t created_at;
	int64_t updated_at;
	int64_t version; /* bumped by every update (ETag) */
};

/* Inserts u (id, version ignored); sets u->id and u->version = 1.
 * STORE_CONFLICT when the username is taken. */
enum store_status store_user_insert(struct store *st, struct user_row *u);

enum store_status store_user_get(struct store *st, struct arena *a, int64_t id,
                                 struct user_row *out);
enum store_status store_user_by_username(struct store *st, struct arena *a,
                                         const char *username,
                                         struct user_row *out);

struct user_query {
	const char *within_tree; /* only users scoped inside this unit … */
	const char *within_path; /* … (lineage path prefix), or NULL for all */
	const char *role;        /* or NULL */
	const char
	    *q_folded; /* folded substring of username/full name, or NULL */
	int offset, limit;
};

/* Users ordered by id. */
enum store_status store_users_list(struct store *st, struct arena *a,
                                   const struct user_query *q,
                                   struct user_row **items, size_t *n,
                                   long *total);

/* Writes every field of u (by u->id) and bumps version; STORE_NOTFOUND
 * when there is no such user. Sets u->version to the new value. */
enum store_status store_user_update(struct store *st, struct user_row *u);

/* ---- sessions -------------------------------------------------------- */

struct session_row {
	const char *id_hash; /* hex SHA-256 of the cookie value */
	int64_t user_id;
	const char *csrf;
	int64_t created_at;
	int64_t last_seen_at;
};

enum store_status store_session_insert(struct store *st,
                                       const struct session_row *s);
enum store_status store_session_get(struct store *st, struct arena *a,
                                    const char *id_hash,
                                    struct session_row *out);
/* A session and its user in one lookup (every cookie request needs both). */
enum store_status store_session_user(struct store *st, struct arena *a,
                                     const char *id_hash,
                                     struct session_row *session,
                                     struct user_row *user);
enum store_status store_session_touch(struct store *st, const char *id_hash,
                                      int64_t now);
enum store_status store_session_delete(struct store *st, const char *id_hash);
/* Ends every session of a user (disabled, password changed). */
enum store_status store_sessions_delete_user(struct store *st, int64_t user_id);

/* ---- API tokens ------------------------------------------------------ */

struct token_row {
	int64_t id;
	int64_t user_id;
	const char *name;
	const char *token_hash; /* hex SHA-256 of the token */
	int64_t created_at;
	int64_t last_used_at; /* 0 when never used */
	int revoked;
};

/* Sets t->id. */
enum store_status store_token_insert(struct store *st, struct token_row *t);
enum store_status store_token_by_hash(struct store *st, struct arena *a,
                                      const char *token_hash,
                                      struct token_row *out);
enum store_status store_tokens_list(struct store *st, struct arena *a,
                                    int64_t user_id, struct token_row **items,
                                    size_t *n);
/* STORE_NOTFOUND unless the token exists and belongs to user_id. */
enum store_status store_token_revoke(struct store *st, int64_t id,
                                     int64_t user_id);
enum store_status store_token_touch(struct store *st, int64_t id, int64_t now);

/* ---- failed logins --------------------------------------------------- */

enum store_status store_login_failure_add(struct store *st,
                                          const char *username, int64_t at);
enum store_status store_login_failures_count(struct store *st,
                                             const char *username,
                                             int64_t since, int *count);
enum store_status store_login_failures_clear(struct store *st,
                                             const char *username);

/* ---- audit log (append-only) ----------------------------------------- */

struct audit_row {
	int64_t id;
	int64_t at;
	int64_t actor_id; /* 0 when nobody is logged in */
	const char
	    *actor_name;    /* username, or the name tried at a failed login */
	const char *action; /* "login", "login_failed", "user_create" … */
	const char *target; /* e.g. "user:12", or NULL */
	const char *unit_tree; /* unit the entry concerns, or NULL */
	const char *unit_path; /* its lineage path, or NULL */
	const char *detail;    /* JSON text, never a secret, or NULL */
	const char *ip;
	const char *request_id;
};

/* Sets a->id. */
enum store_status store_audit_append(struct store *st, struct audit_row *a);

struct audit_query {
	const char *action;      /* or NULL */
	int64_t actor_id;        /* or 0 */
	int64_t since, until;    /* or 0; since inclusive, until exclusive */
	const char *within_tree; /* only entries whose unit is inside … */
	const char *within_path; /* … this lineage path, or NULL for all */
	int offset, limit;
};

/* Newest first. */
enum store_status store_audit_list(struct store *st, struct arena *a,
                                   const struct audit_query *q,
                                   struct audit_row **items, size_t *n,
                                   long *total);

/* ---- connection pool ------------------------------------------------- */

struct store_pool;

/* Opens n connections to dsn; NULL and *err (malloc'd) on failure. */
struct store_pool *store_pool_open(const char *dsn, int n, char **err);
void store_pool_close(struct store_pool *p);

/* Blocks until a connection is free. */
struct store *store_pool_acquire(struct store_pool *p);
void store_pool_release(struct store_pool *p, struct store *st);

int store_pool_size(const struct store_pool *p);
int store_pool_in_use(struct store_pool *p);

#endif
