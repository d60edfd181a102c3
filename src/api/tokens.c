/*
 * tokens.c — API tokens for scripts and other systems.
 *
 * ** URL: POST   /api/v1/tokens      {"name"} → 201 {"id","name","token",…};
 *         the token is shown once and stored only as its SHA-256
 * ** URL: GET    /api/v1/tokens      → 200 the caller's tokens (no secrets)
 * ** URL: DELETE /api/v1/tokens/ID   → 204 revoked; 404 when not the caller's
 *
 * A token acts as its user: same role, same scope, and it stops working
 * when the user is disabled.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "lib/arena.h"
#include "lib/secret.h"
#include "lib/timeutil.h"

static json_t *token_json(const struct token_row *t)
{
	char created[21], used[21];
	time_iso8601(t->created_at, created);
	time_iso8601(t->last_used_at, used);
	return json_pack("{s:I, s:s, s:s, s:s?, s:b}", "id", (json_int_t)t->id,
	                 "name", t->name, "created_at", created, "last_used_at",
	                 t->last_used_at ? used : NULL, "revoked", t->revoked);
}

static const struct field_spec token_fields[] = {
    {"name", FIELD_STRING, true, 100},
};

void tokens_create(struct api_ctx *c)
{
	json_t *body = api_body_object(c);
	struct field_value f[1];
	if (body == NULL || !api_fields(c, body, token_fields, 1, f))
		return;
	char token[SECRET_TOKEN_LEN + 1], hash[SECRET_HASH_HEX + 1];
	secret_token(token);
	secret_hash_token(token, hash);
	struct token_row t = {0};
	t.user_id = c->user.id;
	t.name = f[0].s;
	t.token_hash = hash;
	t.created_at = time_now();
	if (store_token_insert(c->db, &t) != STORE_OK ||
	    !api_audit(c, "token_create",
	               arena_printf(c->arena, "token:%lld", (long long)t.id),
	               c->user.scope_tree, c->user.scope_path,
	               json_pack("{s:s}", "name", t.name))) {
		api_reply_internal(c);
		return;
	}
	json_t *j = token_json(&t);
	json_object_set_new(j, "token", json_string(token));
	api_reply_json(c, 201, j);
}

void tokens_list(struct api_ctx *c)
{
	struct token_row *rows;
	size_t n;
	if (store_tokens_list(c->db, c->arena, c->user.id, &rows, &n) !=
	    STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, token_json(&rows[i]));
	api_reply_json(
	    c, 200,
	    json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

void tokens_revoke(struct api_ctx *c)
{
	const char *id_text = api_param(c, "id");
	char *end;
	long long id = strtoll(id_text, &end, 10);
	if (*end != '\0' || id <= 0) {
		api_reply_error(c, 404, "not_found", "No such token", NULL);
		return;
	}
	enum store_status st = store_token_revoke(c->db, id, c->user.id);
	if (st == STORE_NOTFOUND) {
		api_reply_error(c, 404, "not_found", "No such token", NULL);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(c, "token_revoke",
	               arena_printf(c->arena, "token:%lld", id),
	               c->user.scope_tree, c->user.scope_path, NULL)) {
		api_reply_internal(c);
		return;
	}
	api_reply_empty(c, 204);
}
