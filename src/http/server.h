/*
 * server.h — the HTTP server: libmicrohttpd with its own thread pool and
 * epoll, one arena per request, the API under /api/v1 and /healthz, the
 * metrics at /metrics, and the built UI for every other path.
 */
#ifndef TROGIUP_HTTP_SERVER_H
#define TROGIUP_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"

struct store_pool;
struct server;

struct server_config {
	const char *host; /* "127.0.0.1" */
	uint16_t port;
	int threads;              /* MHD thread pool size */
	size_t body_limit;        /* bytes; larger bodies get 413 */
	size_t import_body_limit; /* POST /api/v1/imports (CSV files) */
	const char *web_dir;      /* built UI (web/dist), or NULL for none */
	/* The client is X-Forwarded-For's last hop (a reverse proxy on the
	 * peer address appends it), not the peer. */
	bool trust_proxy;
	struct api_config api;
};

/* Starts serving; NULL and *err (malloc'd) on failure. */
struct server *server_start(const struct server_config *cfg,
                            struct store_pool *pool, char **err);

/* Stops accepting, lets requests in flight finish (up to a few seconds),
 * then stops and frees the server. */
void server_stop(struct server *s);

#endif
