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

#include <stdbool.h>
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

/* Whether dsn names a PostgreSQL database (postgres:// or postgresql://);
 * anything else is a SQLite file path. */
bool store_dsn_is_postgres(const char *dsn);

/* Opens the database named by dsn (a SQLite file path or a postgres://
 * URL, see pg.c).  On failure returns STORE_ERROR and sets *err to a
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

/* Queued writes (the *_queue functions, for bulk imports): inside a
 * write transaction, a row is sent without waiting for its answer (on
 * PostgreSQL, as a line of a COPY in the transaction; on SQLite it is
 * written at once).  A failure is reported here or by a later *_queue
 * call, with *failed set to the tag given with the failing row (an
 * import passes the row's line); once one failed, nothing more is
 * queued and store_commit fails, so the transaction must be rolled back.
 * store_flush waits for every queued row: STORE_OK, STORE_CONFLICT or
 * STORE_ERROR.  failed may be NULL. */
enum store_status store_flush(struct store *st, long *failed);

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
	int64_t facility_id;       /* facility role: its facility (scope = the
	                              facility's unit); 0 otherwise */
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
	int second_factor_pending; /* 1 until the second step is done */
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
/* Ends every session of a user but keep_hash (own password change). */
enum store_status store_sessions_delete_user_except(struct store *st,
                                                    int64_t user_id,
                                                    const char *keep_hash);

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
/* Revokes every token of a user (password reset by an admin). */
enum store_status store_tokens_revoke_user(struct store *st, int64_t user_id);

/* ---- failed logins --------------------------------------------------- */

enum store_status store_login_failure_add(struct store *st,
                                          const char *username, int64_t at);
enum store_status store_login_failures_count(struct store *st,
                                             const char *username,
                                             int64_t since, int *count);
enum store_status store_login_failures_clear(struct store *st,
                                             const char *username);
/* The instants of username's failures at or after since, newest first,
 * at most max of them, into at[] (capacity max); *n is how many. */
enum store_status store_login_failures_recent(struct store *st,
                                              const char *username,
                                              int64_t since, int64_t *at,
                                              size_t max, size_t *n);

/* ---- second factor (TOTP) -------------------------------------------- */

struct totp_row {
	int64_t user_id;
	const char *secret; /* sealed base32 key (lib/secret.h) */
	int confirmed;      /* 0 from setup until the first good code */
	int64_t last_step;  /* step of the last code accepted, 0 none */
	int64_t created_at;
};

enum store_status store_totp_get(struct store *st, struct arena *a,
                                 int64_t user_id, struct totp_row *out);
/* Stores a new unconfirmed secret; STORE_CONFLICT when the user already
 * has a confirmed one (it is never replaced: disable it first). */
enum store_status store_totp_put(struct store *st, int64_t user_id,
                                 const char *sealed_secret, int64_t now);
/* Records a code of `step` as used, confirming the secret when confirming
 * is true (else the secret must be confirmed already).  STORE_NOTFOUND
 * when step is not after last_step (a replay) or the secret is not in the
 * expected state. */
enum store_status store_totp_use(struct store *st, int64_t user_id,
                                 int64_t step, bool confirming);
enum store_status store_totp_delete(struct store *st, int64_t user_id);

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

/* ---- persons and cases (docs/cases.md) ------------------------------ */

/* Unit references in cases, calls and referrals are (tree, code, path)
 * copied from units; "within" filters take a lineage path and match it
 * and everything below it. */

struct person_row {
	int64_t id;
	const char *full_name;
	const char *full_name_folded; /* text_fold(full_name), by the caller */
	const char *sex;              /* "male", "female", "unknown" */
	const char *birth_date;       /* "YYYY-MM-DD" or NULL */
	int birth_year;               /* 0 when unknown */
	const char *ethnicity;        /* code of the ethnicity list or NULL */
	const char *national_id;      /* or NULL */
	const char *address_tree, *address_code; /* or NULL */
	const char *contacts;                    /* free text or NULL */
	const char *province; /* province code that registered it */
	int64_t created_at, updated_at;
};

/* Sets p->id; created_at/updated_at default to now. */
enum store_status store_person_insert(struct store *st, struct person_row *p);
enum store_status store_person_get(struct store *st, struct arena *a,
                                   int64_t id, struct person_row *out);
/* Writes every field of p (by id) and copies the folded name and national
 * id into the person's cases. */
enum store_status store_person_update(struct store *st,
                                      const struct person_row *p);

/* Likely duplicates: persons with national_id (when not NULL), or with
 * the same folded name and birth year (when birth_year > 0) in province.
 * At most limit rows, ordered by id. */
enum store_status store_person_duplicates(struct store *st, struct arena *a,
                                          const char *province,
                                          const char *national_id,
                                          const char *name_folded,
                                          int birth_year, int limit,
                                          struct person_row **items, size_t *n);

struct case_row {
	int64_t id;
	const char *case_no;
	const char *type;
	int64_t person_id;
	const char *person_name_folded; /* copied from the person */
	const char *national_id;        /* copied from the person */
	const char *unit_tree, *unit_code, *unit_path;
	const char *province; /* first segment of unit_path */
	int64_t facility_id;  /* 0: none */
	int64_t assigned_to;  /* 0: nobody */
	const char *stage;
	int64_t stage_since;
	int64_t due_at;       /* 0: none (closed) */
	const char *due_rule; /* or NULL */
	const char *urgency;
	const char *risk_level; /* or NULL */
	int restricted;         /* the flag (the type may also restrict) */
	const char *details;    /* JSON object text */
	const char *summary;    /* or NULL; sealed text when restricted */
	const char *closure_reason;
	int64_t plan_approved_at, closure_approved_at; /* 0: not approved */
	int consent_services, consent_statistics, consent_sharing; /* -1 none */
	const char *consent_sharing_orgs; /* JSON array text or NULL */
	int64_t next_visit_at;            /* 0: none */
	int64_t hotline_call_id;          /* 0: none */
	int64_t opened_at, closed_at;     /* closed_at 0 while open */
	int64_t created_by;
	int64_t created_at, updated_at;
	int64_t version;
	/* read only, filled by get/list: the person (NULL names when absent) */
	struct person_row person;
};

/* Inserts c with the next case number of (c->province, year): sets c->id,
 * c->case_no (arena copy), c->version = 1.  Runs in one transaction with
 * the counter (its own, or the caller's when one is open). */
enum store_status store_case_insert(struct store *st, struct arena *a,
                                    struct case_row *c, int year);

/* The case and its person. */
enum store_status store_case_get(struct store *st, struct arena *a, int64_t id,
                                 struct case_row *out);

/* Writes every writable field of c (by id) if its version is still
 * expected_version, bumps the version (c->version set).  STORE_NOTFOUND
 * when there is no such case, STORE_CONFLICT when the version moved. */
enum store_status store_case_update(struct store *st, struct case_row *c,
                                    int64_t expected_version);

struct case_query {
	const char *tree;        /* required */
	const char *within_path; /* unit and everything below, or NULL */
	const char *type;        /* or NULL */
	const char *stage;       /* or NULL */
	int64_t assigned_to;     /* 0 any, -1 nobody, else that user */
	int64_t created_by;      /* or 0 */
	int64_t due_before;      /* or 0: open cases due before this instant */
	int64_t visit_before;    /* or 0: next_visit_at before this instant */
	const char
	    *unit_code; /* exactly this owning unit (with tree), or NULL */
	int only_open;  /* 1: stage <> closed */
	int overdue;    /* 1 overdue only, -1 not overdue, 0 any */
	int64_t now;    /* for overdue */
	int64_t opened_from, opened_to; /* or 0; from inclusive, to exclusive */
	const char *q_folded;           /* name substring (folded) … */
	const char *q_exact; /* … or case_no / national_id exact; NULL */
	/* restricted cases match q_folded / national id only when the caller
	 * may read them: identity_all (supervisor) or assigned to identity_user
	 */
	int identity_all;
	int64_t identity_user;
	/* facility users (docs/network.md): when not 0, only cases held by
	 * this facility (cases.facility_id) or assigned to / opened by
	 * own_user, in any unit (within_path is then usually NULL) */
	int64_t facility_id;
	int64_t own_user;
	/* drill-down (docs/indicators.md): when indicator is set, only cases
	 * with a row of that indicator in case_indicator_rows in months
	 * [opened_from_month, opened_to_month] ("YYYY-MM"), with num = 1 when
	 * indicator_numerator, else den = 1 */
	const char *indicator;
	bool indicator_numerator;
	const char *opened_from_month, *opened_to_month;
	int offset, limit;
};

/* Cases newest first (overdue=1: most overdue first), with their person. */
enum store_status store_cases_list(struct store *st, struct arena *a,
                                   const struct case_query *q,
                                   struct case_row **items, size_t *n,
                                   long *total);

struct case_event_row {
	int64_t id;
	int64_t case_id;
	int64_t at;
	int64_t actor_id;
	const char *actor_name;
	const char *kind;
	const char *data; /* JSON object text */
	int64_t corrects; /* 0: none */
	const char *reason;
};

/* Sets e->id; at defaults to now. */
enum store_status store_case_event_append(struct store *st,
                                          struct case_event_row *e);
enum store_status store_case_event_get(struct store *st, struct arena *a,
                                       int64_t id, struct case_event_row *out);
/* Every event of a case, oldest first. */
enum store_status store_case_events(struct store *st, struct arena *a,
                                    int64_t case_id,
                                    struct case_event_row **items, size_t *n);

/* ---- hotline calls ----------------------------------------------------- */

struct hotline_call_row {
	int64_t id;
	const char *line;
	int64_t received_at;
	const char *unit_tree, *unit_code, *unit_path;
	const char *caller_relation;
	const char *summary; /* sealed text */
	const char *urgency;
	int64_t operator_id;
	int64_t case_id; /* 0: none yet */
	int64_t created_at;
};

enum store_status store_hotline_call_insert(struct store *st,
                                            struct hotline_call_row *h);
enum store_status store_hotline_call_get(struct store *st, struct arena *a,
                                         int64_t id,
                                         struct hotline_call_row *out);
/* STORE_CONFLICT when the call already has a case. */
enum store_status store_hotline_call_set_case(struct store *st, int64_t id,
                                              int64_t case_id);

struct hotline_query {
	const char *tree, *within_path; /* or NULL */
	int64_t operator_id;            /* or 0 */
	int offset, limit;
};
/* Newest first. */
enum store_status store_hotline_calls_list(struct store *st, struct arena *a,
                                           const struct hotline_query *q,
                                           struct hotline_call_row **items,
                                           size_t *n, long *total);

/* ---- referrals and transfers --------------------------------------------- */

struct referral_row {
	int64_t id;
	const char *kind; /* "referral" or "transfer" */
	int64_t case_id;
	const char *from_tree, *from_code, *from_path;
	const char *to_org;                      /* or NULL */
	const char *to_tree, *to_code, *to_path; /* or NULL */
	const char *service;         /* referrals; NULL for transfers */
	const char *note;            /* or NULL (sealed if restricted) */
	const char *status;          /* sent, accepted, declined, completed */
	const char *override_reason; /* or NULL */
	int64_t created_by, created_at;
	int64_t decided_by, decided_at, completed_at; /* 0: not yet */
	const char *comment;
	int64_t version;
	/* read only, filled by get/list: the case's number, type, stage */
	const char *case_no, *case_type, *case_stage;
};

enum store_status store_referral_insert(struct store *st,
                                        struct referral_row *r);
enum store_status store_referral_get(struct store *st, struct arena *a,
                                     int64_t id, struct referral_row *out);
/* Writes status, decided_*, completed_at, comment if version is still
 * expected_version (STORE_CONFLICT otherwise); bumps it. */
enum store_status store_referral_update(struct store *st,
                                        struct referral_row *r,
                                        int64_t expected_version);

struct referral_query {
	const char *kind;        /* required */
	const char *tree;        /* required with a within path */
	const char *to_within;   /* box=in: to_path within, or NULL */
	const char *from_within; /* box=out: from_path within, or NULL */
	int64_t case_id;         /* or 0 */
	const char *status;      /* or NULL */
	int offset, limit;
};
/* Newest first. */
enum store_status store_referrals_list(struct store *st, struct arena *a,
                                       const struct referral_query *q,
                                       struct referral_row **items, size_t *n,
                                       long *total);

/* ---- approvals ----------------------------------------------------------- */

struct approval_row {
	int64_t id;
	int64_t case_id;
	const char *subject;        /* "plan" or "closure" */
	const char *status;         /* requested, approved, rejected */
	const char *closure_reason; /* closure only */
	const char *note, *comment;
	int64_t requested_by, requested_at;
	int64_t decided_by, decided_at; /* 0: not yet */
};

enum store_status store_approval_insert(struct store *st,
                                        struct approval_row *r);
enum store_status store_approval_get(struct store *st, struct arena *a,
                                     int64_t id, struct approval_row *out);
/* Sets status, decided_*, comment only while status is 'requested'
 * (STORE_CONFLICT otherwise). */
enum store_status store_approval_decide(struct store *st,
                                        const struct approval_row *r);
/* Approvals of one case (case_id > 0), or every approval with status
 * `status` on cases within (tree, within_path); newest first. */
enum store_status store_approvals_list(struct store *st, struct arena *a,
                                       int64_t case_id, const char *status,
                                       const char *tree,
                                       const char *within_path,
                                       struct approval_row **items, size_t *n);

/* ---- deadline rules and holidays ----------------------------------------- */

/* A row of deadline_rules as stored; the API turns it into the domain's
 * struct deadline_rule (domain/deadline.h). */
struct deadline_rule_row {
	const char *code, *case_type, *stage, *urgency;
	int amount;
	const char *unit;                  /* "hours", "days", "working_days" */
	const char *valid_from, *valid_to; /* valid_to may be NULL */
	int project_default;
	const char *source;
};

/* Every rule, by id. */
enum store_status store_deadline_rules(struct store *st, struct arena *a,
                                       struct deadline_rule_row **items,
                                       size_t *n);
/* Every holiday as "YYYY-MM-DD", ascending. */
enum store_status store_holidays(struct store *st, struct arena *a,
                                 const char ***days, size_t *n);

/* ---- the service network (docs/network.md) ------------------------------ */

/* Dates in the network ("YYYY-MM-DD") are calendar days, stored as text. */

struct facility_row {
	int64_t id;
	const char *name;
	const char *name_folded; /* text_fold(name), by the caller */
	const char *type;        /* facility_type code */
	const char *kind;      /* facility, service_point, model (from type) */
	const char *ownership; /* public, non_public */
	const char *unit_tree, *unit_code, *unit_path;
	int64_t capacity; /* -1: not set */
	const char *licence_no, *licence_date, *licence_issuer; /* or NULL */
	const char *address, *phone;                            /* or NULL */
	const char *started_on;                                 /* or NULL */
	const char *status;      /* planned, active, suspended, closed */
	const char *upgraded_on; /* or NULL */
	int sw_standard;         /* 0 or 1 */
	const char *note;        /* or NULL */
	int64_t created_by, created_at, updated_at;
	int64_t version;
	/* read only, filled by get/list: open stays */
	int64_t residents;
};

/* Sets f->id, f->version = 1. */
enum store_status store_facility_insert(struct store *st,
                                        struct facility_row *f);
enum store_status store_facility_get(struct store *st, struct arena *a,
                                     int64_t id, struct facility_row *out);
/* Writes every writable field (by id) if the version is still
 * expected_version (0: any); bumps it.  STORE_NOTFOUND / STORE_CONFLICT. */
enum store_status store_facility_update(struct store *st,
                                        struct facility_row *f,
                                        int64_t expected_version);

struct facility_query {
	const char *tree;        /* required */
	const char *within_path; /* the unit and below, or NULL */
	/* also facilities on this lineage path's ancestors (the units above
	 * the caller's scope), or NULL */
	const char *or_above_path;
	int64_t only_id; /* one facility (facility users), or 0 */
	const char *type, *kind, *status, *ownership; /* or NULL */
	const char *q_folded;                         /* name substring */
	int offset, limit;                            /* limit 0: no limit */
};
/* Ordered by name_folded, id. */
enum store_status store_facilities_list(struct store *st, struct arena *a,
                                        const struct facility_query *q,
                                        struct facility_row **items, size_t *n,
                                        long *total);

struct facility_event_row {
	int64_t id;
	int64_t facility_id;
	int64_t at;
	int64_t actor_id;
	const char *actor_name;
	const char *kind; /* created, updated, admission, discharge */
	const char *data; /* JSON object text */
};
/* Sets e->id; at defaults to now. Append-only (trigger). */
enum store_status store_facility_event_append(struct store *st,
                                              struct facility_event_row *e);
/* Oldest first. */
enum store_status store_facility_events(struct store *st, struct arena *a,
                                        int64_t facility_id,
                                        struct facility_event_row **items,
                                        size_t *n);

struct stay_row {
	int64_t id;
	int64_t facility_id;
	int64_t case_id;
	int64_t person_id;
	const char *admitted_on;
	const char *admission_kind; /* emergency, ordinary */
	const char *reason;
	const char *decided_by;
	const char *over_capacity_reason; /* or NULL */
	int64_t admitted_by;
	const char *discharged_on; /* NULL while resident */
	const char *discharge_reason, *discharge_note, *discharge_decided_by;
	int64_t discharged_by; /* 0 while resident */
	int64_t created_at;
	/* read only, filled by get/list: the case and its person */
	const char *case_no, *case_type, *case_unit_tree, *case_unit_path;
	int case_restricted;
	const char *person_name; /* NULL when the person row is absent */
	const char *person_sex;
	int person_birth_year;
	const char *facility_name;
};

/* Sets s->id.  STORE_CONFLICT when the person already has an open stay
 * (a unique partial index). */
enum store_status store_stay_insert(struct store *st, struct stay_row *s);
enum store_status store_stay_get(struct store *st, struct arena *a, int64_t id,
                                 struct stay_row *out);
/* Writes the discharge fields while the stay is open; STORE_CONFLICT when
 * it was already discharged. */
enum store_status store_stay_discharge(struct store *st,
                                       const struct stay_row *s);
/* The person's open stay; STORE_NOTFOUND when none. */
enum store_status store_stay_current(struct store *st, struct arena *a,
                                     int64_t person_id, struct stay_row *out);
/* Stays of a facility, newest admission first; only_current 1: open only.
 */
enum store_status store_stays_list(struct store *st, struct arena *a,
                                   int64_t facility_id, int only_current,
                                   int offset, int limit,
                                   struct stay_row **items, size_t *n,
                                   long *total);
/* Sets cases.facility_id (0 clears) without touching the version: the
 * stay, not the case form, owns it. */
enum store_status store_case_set_facility(struct store *st, int64_t case_id,
                                          int64_t facility_id);

/* Foster families and kin carers. */
struct carer_row {
	int64_t id;
	const char *full_name;
	const char *full_name_folded;
	const char *kind;                          /* kin, non_kin */
	const char *sex;                           /* or NULL */
	int birth_year;                            /* 0: unknown */
	const char *national_id, *address, *phone; /* or NULL */
	const char *unit_tree, *unit_code, *unit_path;
	const char *registered_on;
	int household_size; /* 0: unknown */
	const char *status; /* active, inactive */
	const char *note;
	int64_t created_by, created_at, updated_at;
	int64_t version;
	/* read only: active placements */
	int64_t active_placements;
};
enum store_status store_carer_insert(struct store *st, struct carer_row *r);
enum store_status store_carer_get(struct store *st, struct arena *a, int64_t id,
                                  struct carer_row *out);
enum store_status store_carer_update(struct store *st, struct carer_row *r,
                                     int64_t expected_version);
struct carer_query {
	const char *tree, *within_path; /* required / or NULL */
	const char *kind, *status;      /* or NULL */
	const char *q_folded;
	int offset, limit;
};
/* Ordered by full_name_folded, id. */
enum store_status store_carers_list(struct store *st, struct arena *a,
                                    const struct carer_query *q,
                                    struct carer_row **items, size_t *n,
                                    long *total);

struct placement_row {
	int64_t id;
	int64_t case_id;
	const char *form;    /* alt_care_form */
	int64_t carer_id;    /* 0: none */
	int64_t facility_id; /* 0: none */
	const char *start_on;
	const char *decision_no, *note; /* or NULL */
	const char *next_review_on;
	const char *end_on; /* NULL while active */
	const char *end_reason, *end_note;
	const char *unit_tree, *unit_code, *unit_path; /* the case's */
	int64_t created_by, created_at;
	int64_t version;
	/* read only: case, person, carer and facility names */
	const char *case_no, *case_type;
	int case_restricted;
	int64_t case_assigned_to, case_created_by, case_facility_id;
	const char *case_stage;
	const char *person_name;
	int person_birth_year;
	const char *carer_name, *facility_name;
};
/* Sets p->id.  STORE_CONFLICT when the case has an active placement. */
enum store_status store_placement_insert(struct store *st,
                                         struct placement_row *p);
enum store_status store_placement_get(struct store *st, struct arena *a,
                                      int64_t id, struct placement_row *out);
/* Writes next_review_on, end_on, end_reason, end_note if the version is
 * still expected_version (STORE_CONFLICT otherwise); bumps it. */
enum store_status store_placement_update(struct store *st,
                                         struct placement_row *p,
                                         int64_t expected_version);
struct placement_query {
	const char *tree, *within_path; /* required / or NULL */
	const char *form;               /* or NULL */
	int active;                     /* 1 active, -1 ended, 0 any */
	const char *review_before; /* active with next_review_on < this day */
	int64_t case_id, carer_id; /* or 0 */
	/* A facility user's placements (own_user 0: no such filter): those
	 * of cases whose person lives in facility_id, and of cases inside
	 * own_path (NULL: anywhere) assigned to or opened by own_user, as
	 * domain/casework.c casework_view lets a facility user see them. */
	int64_t facility_id, own_user;
	const char *own_path;
	int offset, limit;
};
/* Newest start first. */
enum store_status store_placements_list(struct store *st, struct arena *a,
                                        const struct placement_query *q,
                                        struct placement_row **items, size_t *n,
                                        long *total);

struct placement_review_row {
	int64_t id;
	int64_t placement_id;
	const char *reviewed_on;
	const char *outcome; /* continue, change_form, end */
	const char *note;
	int64_t reviewed_by, created_at;
};
enum store_status store_placement_review_insert(struct store *st,
                                                struct placement_review_row *r);
/* Oldest first. */
enum store_status store_placement_reviews(struct store *st, struct arena *a,
                                          int64_t placement_id,
                                          struct placement_review_row **items,
                                          size_t *n);

struct training_row {
	int64_t id;
	const char *title;
	const char *title_folded;
	const char *topic; /* training_topic */
	int project;       /* 1–4, from the topic */
	const char *starts_on, *ends_on;
	const char *organiser, *place, *note; /* or NULL */
	const char *unit_tree, *unit_code, *unit_path;
	int64_t created_by, created_at, updated_at;
	int64_t version;
	/* read only: participant counts */
	int64_t participants, participants_female, participants_male;
};
enum store_status store_training_insert(struct store *st,
                                        struct training_row *t);
/* As store_training_insert, queued (store_flush): t->id is not set. */
enum store_status store_training_queue(struct store *st, struct training_row *t,
                                       long tag);
enum store_status store_training_get(struct store *st, struct arena *a,
                                     int64_t id, struct training_row *out);
enum store_status store_training_update(struct store *st,
                                        struct training_row *t,
                                        int64_t expected_version);
struct training_query {
	const char *tree, *within_path; /* required / or NULL */
	const char *topic;              /* or NULL */
	int project;                    /* or 0 */
	int year;                       /* starts_on in that year, or 0 */
	const char *q_folded;
	int offset, limit; /* limit 0: no limit */
};
/* Newest start first. */
enum store_status store_trainings_list(struct store *st, struct arena *a,
                                       const struct training_query *q,
                                       struct training_row **items, size_t *n,
                                       long *total);

struct participant_row {
	int64_t id;
	int64_t training_id;
	const char *full_name, *full_name_folded;
	const char *sex;               /* male, female */
	const char *role;              /* participant_role */
	const char *agency, *position; /* or NULL */
	const char *unit_tree, *unit_code, *unit_path;
	int birth_year; /* 0: unknown */
	int64_t created_by, created_at;
};
/* Sets p->id.  Bulk imports call it inside one store_begin()/commit with
 * the statement kept prepared, so it must stay cheap. */
enum store_status store_participant_insert(struct store *st,
                                           struct participant_row *p);
/* As store_participant_insert, queued (store_flush): p->id is not set.
 * The text of p must stay valid until the call returns, no longer. */
enum store_status store_participant_queue(struct store *st,
                                          struct participant_row *p, long tag);
enum store_status store_participant_get(struct store *st, struct arena *a,
                                        int64_t id,
                                        struct participant_row *out);
enum store_status store_participant_delete(struct store *st, int64_t id);
/* Ordered by id; limit 0: no limit. */
enum store_status store_participants_list(struct store *st, struct arena *a,
                                          int64_t training_id, int offset,
                                          int limit,
                                          struct participant_row **items,
                                          size_t *n, long *total);

struct communication_row {
	int64_t id;
	const char *unit_tree, *unit_code, *unit_path; /* a commune */
	const char *kind, *topic, *audience;
	const char *held_on;
	const char *title, *note; /* or NULL */
	int64_t reach_male, reach_female;
	int64_t created_by, created_at, updated_at;
	int64_t version;
	const char *unit_name; /* read only */
};
enum store_status store_communication_insert(struct store *st,
                                             struct communication_row *r);
/* As store_communication_insert, queued (store_flush): r->id is not
 * set. */
enum store_status store_communication_queue(struct store *st,
                                            struct communication_row *r,
                                            long tag);
enum store_status store_communication_get(struct store *st, struct arena *a,
                                          int64_t id,
                                          struct communication_row *out);
enum store_status store_communication_update(struct store *st,
                                             struct communication_row *r,
                                             int64_t expected_version);
struct communication_query {
	const char *tree, *within_path; /* required / or NULL */
	const char *topic, *kind;       /* or NULL */
	const char *from, *to;          /* held_on range, inclusive, or NULL */
	int offset, limit;              /* limit 0: no limit */
};
/* Newest first. */
enum store_status store_communications_list(struct store *st, struct arena *a,
                                            const struct communication_query *q,
                                            struct communication_row **items,
                                            size_t *n, long *total);

struct coverage_row {
	const char *code, *name;               /* the commune */
	const char *parent_code, *parent_name; /* its district (2024) */
	int64_t activities, reach;
};
/* Every unit of `level` in tree inside within_path (the unit itself when
 * it is of that level), ordered by code, with its count of activities on
 * topic (NULL: any) held in [from, to] and their reach. */
enum store_status store_communication_coverage(
    struct store *st, struct arena *a, const char *tree,
    const char *within_path, int level, const char *topic, const char *from,
    const char *to, struct coverage_row **items, size_t *n);

/* CSV import jobs (docs/network.md): a row is written when the job starts
 * (status running) and finished once; progress lives in memory. */
struct import_row {
	int64_t id;
	const char *kind;
	int64_t user_id;
	const char *status; /* running, done, failed, cancelled */
	int dry_run;
	int64_t rows, stored;
	const char *problems;            /* JSON array text or NULL */
	int64_t created_at, finished_at; /* finished_at 0 while running */
};
/* Sets r->id. */
enum store_status store_import_insert(struct store *st, struct import_row *r);
/* Writes status, rows, stored, problems, finished_at (by id). */
enum store_status store_import_finish(struct store *st,
                                      const struct import_row *r);
enum store_status store_import_get(struct store *st, struct arena *a,
                                   int64_t id, struct import_row *out);

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
