/*
 * sqlite_sql.c — every SQL statement of the SQLite store, by enum stmt.
 *
 * The texts stay in the portable subset of DESIGN.md §2 ($n parameters,
 * ON CONFLICT, RETURNING, LIKE … ESCAPE) so pg.c can run the same ones.
 * Optional filters are written `($n IS NULL OR col = $n)` (or `$n = 0` for
 * numbers) so one text serves every combination; the hot unit listings get
 * their own variants so SQLite can use an index.  LIKE patterns arrive
 * whole and escaped from C (like_pattern).  Nothing here is ever built at
 * run time.
 */
#include "store/sqlite_int.h"

#define UNIT_COLS                                                              \
	"tree, code, name, name_folded, type, level, parent_code, path"
#define UNITS_Q     "($4 IS NULL OR name_folded LIKE $4 ESCAPE '\\')"
#define UNITS_ORDER " ORDER BY level, code LIMIT $5 OFFSET $6"

#define USER_COLS                                                              \
	"id, username, full_name, full_name_folded, role, scope_tree, "        \
	"scope_code, scope_path, password_hash, active, created_at, "          \
	"updated_at, version"
/* $1 within_path, $2 within_tree, $3 within_path + '/%' (escaped),
 * $4 role, $5 '%' + q + '%' (escaped). */
#define USERS_WHERE                                                            \
	" WHERE ($1 IS NULL OR (scope_tree = $2 AND (scope_path = $1"          \
	" OR scope_path LIKE $3 ESCAPE '\\')))"                                \
	" AND ($4 IS NULL OR role = $4)"                                       \
	" AND ($5 IS NULL OR lower(username) LIKE $5 ESCAPE '\\'"              \
	" OR full_name_folded LIKE $5 ESCAPE '\\')"

#define SESSION_COLS "id_hash, user_id, csrf, created_at, last_seen_at"
#define TOKEN_COLS                                                             \
	"id, user_id, name, token_hash, created_at, last_used_at, revoked"

#define AUDIT_COLS                                                             \
	"id, at, actor_id, actor_name, action, target, unit_tree, "            \
	"unit_path, detail, ip, request_id"
/* $1 action, $2 actor_id, $3 since (inclusive), $4 until (exclusive),
 * $5 within_path, $6 within_tree, $7 within_path + '/%' (escaped).
 * Entries without a unit match only when there is no within filter. */
#define AUDIT_WHERE                                                            \
	" WHERE ($1 IS NULL OR action = $1) AND ($2 = 0 OR actor_id = $2)"     \
	" AND ($3 = 0 OR at >= $3) AND ($4 = 0 OR at < $4)"                    \
	" AND ($5 IS NULL OR (unit_tree = $6 AND (unit_path = $5"              \
	" OR unit_path LIKE $7 ESCAPE '\\')))"

const struct sql_statement sqlite_sql[STMT__MAX] = {
    [STMT_SCHEMA_VERSION] =
        {"schema_version",
         "SELECT COALESCE(MAX(version), 0) FROM schema_version"},
    [STMT_SCHEMA_APPLIED] = {"schema_applied",
                             "SELECT 1 FROM schema_version WHERE version = $1"},
    [STMT_SCHEMA_RECORD] =
        {"schema_record",
         "INSERT INTO schema_version (version, name, applied_at)"
         " VALUES ($1, $2, $3)"},
    [STMT_PING] = {"ping", "SELECT 1"},
    [STMT_BEGIN] = {"begin", "BEGIN IMMEDIATE"},
    [STMT_COMMIT] = {"commit", "COMMIT"},
    [STMT_ROLLBACK] = {"rollback", "ROLLBACK"},

    [STMT_SETTING_GET] = {"setting_get",
                          "SELECT value FROM settings WHERE key = $1"},
    [STMT_SETTING_SET] =
        {"setting_set",
         "INSERT INTO settings (key, value) VALUES ($1, $2)"
         " ON CONFLICT (key) DO UPDATE SET value = excluded.value"},

    [STMT_UNIT_PUT] =
        {"unit_put",
         "INSERT INTO units (" UNIT_COLS ")"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
         " ON CONFLICT (tree, code) DO UPDATE SET name = excluded.name,"
         " name_folded = excluded.name_folded, type = excluded.type,"
         " level = excluded.level, parent_code = excluded.parent_code,"
         " path = excluded.path"},
    [STMT_UNIT_ANCESTORS_DROP] =
        {"unit_ancestors_drop",
         "DELETE FROM unit_ancestors WHERE tree = $1 AND code = $2"},
    [STMT_UNIT_ANCESTOR_PUT] =
        {"unit_ancestor_put",
         "INSERT INTO unit_ancestors (tree, ancestor_code, code, depth)"
         " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"},
    [STMT_UNITS_CLEAR] = {"units_clear", "DELETE FROM units WHERE tree = $1"},
    [STMT_UNITS_CLEAR_ANCESTORS] =
        {"units_clear_ancestors", "DELETE FROM unit_ancestors WHERE tree = $1"},
    [STMT_UNIT_GET] = {"unit_get", "SELECT " UNIT_COLS
                                   " FROM units WHERE tree = $1 AND code = $2"},
    /* The unit and every ancestor, top down, through the closure table.
     * Ordering by a column of `a` keeps the planner driving from the
     * (tree, code) index even before ANALYZE; ordering by u.level made it
     * scan every unit of the tree. */
    [STMT_UNIT_LINEAGE] =
        {"unit_lineage",
         "SELECT u.tree, u.code, u.name, u.name_folded, u.type, u.level,"
         " u.parent_code, u.path FROM unit_ancestors a JOIN units u"
         " ON u.tree = a.tree AND u.code = a.ancestor_code"
         " WHERE a.tree = $1 AND a.code = $2 ORDER BY a.depth DESC"},
    /* $1 tree, $2 parent_code, $3 level (0: any), $4 name pattern,
     * $5 limit, $6 offset. */
    [STMT_UNITS_LIST_ALL] =
        {"units_list_all",
         "SELECT " UNIT_COLS " FROM units WHERE tree = $1"
         " AND ($3 = 0 OR level = $3) AND " UNITS_Q UNITS_ORDER},
    [STMT_UNITS_TOTAL_ALL] = {"units_total_all",
                              "SELECT COUNT(*) FROM units WHERE tree = $1"
                              " AND ($3 = 0 OR level = $3) AND " UNITS_Q},
    [STMT_UNITS_LIST_PARENT] =
        {"units_list_parent",
         "SELECT " UNIT_COLS " FROM units WHERE tree = $1"
         " AND parent_code = $2 AND ($3 = 0 OR level = $3) AND " UNITS_Q
             UNITS_ORDER},
    [STMT_UNITS_TOTAL_PARENT] =
        {"units_total_parent",
         "SELECT COUNT(*) FROM units WHERE tree = $1"
         " AND parent_code = $2 AND ($3 = 0 OR level = $3) AND " UNITS_Q},
    [STMT_UNITS_LIST_LEVEL] = {"units_list_level",
                               "SELECT " UNIT_COLS " FROM units WHERE tree = $1"
                               " AND level = $3 AND " UNITS_Q UNITS_ORDER},
    [STMT_UNITS_TOTAL_LEVEL] = {"units_total_level",
                                "SELECT COUNT(*) FROM units WHERE tree = $1"
                                " AND level = $3 AND " UNITS_Q},
    [STMT_UNITS_COUNT] = {"units_count",
                          "SELECT COUNT(*) FROM units WHERE tree = $1"
                          " AND ($2 = 0 OR level = $2)"},

    [STMT_USER_INSERT] =
        {"user_insert",
         "INSERT INTO users (username, full_name, full_name_folded, role,"
         " scope_tree, scope_code, scope_path, password_hash, active,"
         " created_at, updated_at, version)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)"
         " RETURNING id"},
    [STMT_USER_GET] = {"user_get",
                       "SELECT " USER_COLS " FROM users WHERE id = $1"},
    [STMT_USER_BY_USERNAME] = {"user_by_username",
                               "SELECT " USER_COLS
                               " FROM users WHERE username = $1"},
    [STMT_USERS_LIST] = {"users_list",
                         "SELECT " USER_COLS " FROM users" USERS_WHERE
                         " ORDER BY id LIMIT $6 OFFSET $7"},
    [STMT_USERS_TOTAL] = {"users_total",
                          "SELECT COUNT(*) FROM users" USERS_WHERE},
    [STMT_USER_UPDATE] =
        {"user_update",
         "UPDATE users SET username = $2, full_name = $3,"
         " full_name_folded = $4, role = $5, scope_tree = $6,"
         " scope_code = $7, scope_path = $8, password_hash = $9,"
         " active = $10, created_at = $11, updated_at = $12,"
         " version = version + 1 WHERE id = $1 RETURNING version"},

    [STMT_SESSION_INSERT] = {"session_insert",
                             "INSERT INTO sessions (" SESSION_COLS ")"
                             " VALUES ($1, $2, $3, $4, $5)"},
    /* The user's columns first, so read_user() reads them as they are. */
    [STMT_SESSION_USER] =
        {"session_user",
         "SELECT u.id, u.username, u.full_name, u.full_name_folded, u.role,"
         " u.scope_tree, u.scope_code, u.scope_path, u.password_hash,"
         " u.active, u.created_at, u.updated_at, u.version,"
         " s.id_hash, s.user_id, s.csrf, s.created_at, s.last_seen_at"
         " FROM sessions s JOIN users u ON u.id = s.user_id"
         " WHERE s.id_hash = $1"},
    [STMT_SESSION_GET] = {"session_get", "SELECT " SESSION_COLS
                                         " FROM sessions WHERE id_hash = $1"},
    [STMT_SESSION_TOUCH] =
        {"session_touch",
         "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1"},
    [STMT_SESSION_DELETE] = {"session_delete",
                             "DELETE FROM sessions WHERE id_hash = $1"},
    [STMT_SESSIONS_DELETE_USER] = {"sessions_delete_user",
                                   "DELETE FROM sessions WHERE user_id = $1"},

    [STMT_TOKEN_INSERT] =
        {"token_insert",
         "INSERT INTO api_tokens (user_id, name, token_hash, created_at,"
         " last_used_at, revoked) VALUES ($1, $2, $3, $4, $5, $6)"
         " RETURNING id"},
    [STMT_TOKEN_BY_HASH] = {"token_by_hash",
                            "SELECT " TOKEN_COLS
                            " FROM api_tokens WHERE token_hash = $1"},
    [STMT_TOKENS_LIST] = {"tokens_list", "SELECT " TOKEN_COLS
                                         " FROM api_tokens WHERE user_id = $1"
                                         " ORDER BY id"},
    [STMT_TOKEN_REVOKE] = {"token_revoke", "UPDATE api_tokens SET revoked = 1"
                                           " WHERE id = $1 AND user_id = $2"},
    [STMT_TOKEN_TOUCH] =
        {"token_touch",
         "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1"},

    [STMT_LOGIN_FAILURE_ADD] =
        {"login_failure_add",
         "INSERT INTO login_failures (username, at) VALUES ($1, $2)"},
    [STMT_LOGIN_FAILURES_COUNT] = {"login_failures_count",
                                   "SELECT COUNT(*) FROM login_failures"
                                   " WHERE username = $1 AND at >= $2"},
    [STMT_LOGIN_FAILURES_CLEAR] =
        {"login_failures_clear",
         "DELETE FROM login_failures WHERE username = $1"},

    [STMT_AUDIT_APPEND] =
        {"audit_append",
         "INSERT INTO audit_log (at, actor_id, actor_name, action, target,"
         " unit_tree, unit_path, detail, ip, request_id)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"},
    [STMT_AUDIT_LIST] = {"audit_list",
                         "SELECT " AUDIT_COLS " FROM audit_log" AUDIT_WHERE
                         " ORDER BY at DESC, id DESC LIMIT $8 OFFSET $9"},
    [STMT_AUDIT_TOTAL] = {"audit_total",
                          "SELECT COUNT(*) FROM audit_log" AUDIT_WHERE},
};
