/*
 * handlers.h — the handlers of routes.c, grouped by the file that holds
 * them (one resource, one file).
 */
#ifndef TROGIUP_API_HANDLERS_H
#define TROGIUP_API_HANDLERS_H

struct api_ctx;

/* health.c */
void health_get(struct api_ctx *c);
void openapi_get(struct api_ctx *c);

/* auth.c — sessions */
void auth_login(struct api_ctx *c);
void auth_logout(struct api_ctx *c);
void auth_me(struct api_ctx *c);

/* tokens.c */
void tokens_list(struct api_ctx *c);
void tokens_create(struct api_ctx *c);
void tokens_revoke(struct api_ctx *c);

/* units.c */
void units_list(struct api_ctx *c);
void units_get(struct api_ctx *c);

/* users.c */
void users_list(struct api_ctx *c);
void users_create(struct api_ctx *c);
void users_get(struct api_ctx *c);
void users_update(struct api_ctx *c);

/* audit.c */
void audit_list(struct api_ctx *c);

#endif
