/*
 * server.c — libmicrohttpd glue: one request's life from first byte to
 * access-log line.
 *
 * Life of a request (the order libmicrohttpd calls us, as in its
 * largepost example):
 *   1. first call: make the request state (arena, request id, clock);
 *      nothing is queued yet, so keep-alive survives;
 *   2. calls with upload data: append to the body, up to the limit, and
 *      keep draining past it so the client can read our 413;
 *   3. last call: answer — /metrics here, /api/ and /healthz through
 *      api_dispatch(), everything else from the UI files;
 *   4. completed callback: log line, metrics, free the arena.
 * Every answer gets the security headers and X-Request-Id.
 *
 * The access log names a path by what it reached — an API route's
 * pattern with its numeric ids, a UI file — never as the client typed
 * it: a mistyped URL may hold a person's name or national id, and the
 * log is not the place for those (tests/api/log_leaks.test.mjs).
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http/metrics.h"
#include "http/static.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/route.h"
#include "lib/secret.h"
#include "lib/timeutil.h"

#define CSP                                                                    \
	"default-src 'self'; script-src 'self'; style-src 'self'; "            \
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; "          \
	"object-src 'none'; base-uri 'none'; form-action 'self'; "             \
	"frame-ancestors 'none'"

/* Uploads allowed past the normal body limit at once (import files, up
 * to import_body_limit each); one more is 429 too_many_imports. */
#define LARGE_UPLOADS_MAX 4

struct server {
	struct MHD_Daemon *daemon;
	struct server_config cfg;
	struct store_pool *pool;
	struct metrics *metrics;
	struct static_files *web;
	atomic_int in_flight;
	atomic_int large_uploads; /* requests holding a large-upload slot */
};

struct request {
	struct arena *arena;
	char request_id[17];
	double started_ms;
	char *body;
	size_t len, cap;
	size_t limit; /* body bytes allowed for this route */
	bool too_large;
	bool large_slot;   /* holds one of LARGE_UPLOADS_MAX until completed */
	bool uploads_busy; /* every large-upload slot taken: 429 */
	int status;
	int route;
	int64_t user_id;
	size_t bytes_out;
	const char *method;
	const char *path;
	const char *log_path; /* what the access log shows; "-" unknown */
};

static const char *conn_query(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

static const char *conn_header(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static const char *conn_cookie(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, name);
}

/* The last address of X-Forwarded-For, the one our proxy appended (the
 * others are whatever the client sent); NULL when it is not an address. */
static const char *forwarded_for(struct MHD_Connection *conn, struct arena *a)
{
	const char *xff = conn_header(conn, "X-Forwarded-For");
	if (xff == NULL)
		return NULL;
	const char *last = strrchr(xff, ',');
	last = last != NULL ? last + 1 : xff;
	last += strspn(last, " \t");
	size_t n = strcspn(last, " \t");
	char buf[INET6_ADDRSTRLEN];
	unsigned char addr[sizeof(struct in6_addr)];
	if (n == 0 || n >= sizeof buf || last[n + strspn(last + n, " \t")])
		return NULL;
	memcpy(buf, last, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, addr) != 1 &&
	    inet_pton(AF_INET6, buf, addr) != 1)
		return NULL;
	return arena_strdup(a, buf);
}

static const char *client_ip(struct server *s, struct MHD_Connection *conn,
                             struct arena *a)
{
	if (s->cfg.trust_proxy) {
		const char *ip = forwarded_for(conn, a);
		if (ip != NULL)
			return ip;
	}
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[64] = "-";
	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
			          &((const struct sockaddr_in *)sa)->sin_addr,
			          buf, sizeof buf);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
			          &((const struct sockaddr_in6 *)sa)->sin6_addr,
			          buf, sizeof buf);
	}
	return arena_strdup(a, buf);
}

/* Request ids: 8 random hex digits per server thread, then a counter, so
 * ids are unique without a getrandom call per request. */
static void next_request_id(char out[17])
{
	static _Thread_local char prefix[9];
	static _Thread_local uint32_t counter;
	if (prefix[0] == '\0')
		secret_hex(prefix, 4);
	snprintf(out, 17, "%s%08x", prefix, counter++);
}

static void add_common_headers(struct MHD_Response *resp, struct request *rq)
{
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy",
	                        "same-origin");
	MHD_add_response_header(resp, "X-Request-Id", rq->request_id);
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct request *rq,
                             int status, struct MHD_Response *resp)
{
	add_common_headers(resp, rq);
	rq->status = status;
	enum MHD_Result r = MHD_queue_response(conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return r;
}

/* The API route `path` matches, as its pattern with each parameter that
 * is a row id written out and any other as ":name"; "-" for none.  Ids
 * up to 8 digits only: 9 and 12 digits are national ids, 10 a phone. */
static const char *api_log_path(struct arena *a, const char *path)
{
	struct route_params params;
	int r = 0;
	while (r < api_routes_count &&
	       !route_match(api_routes[r].pattern, path, &params))
		r++;
	if (r == api_routes_count)
		return "-";
	const char *pattern = api_routes[r].pattern;
	char *out = arena_alloc(a, strlen(pattern) + ROUTE_MAX_PARAMS * 24 + 1);
	size_t o = 0, n = 0;
	for (const char *p = pattern; *p != '\0';) {
		if (*p != ':') {
			out[o++] = *p++;
			continue;
		}
		size_t name = strcspn(p, "/");
		const struct route_param *v = &params.p[n++];
		bool number = v->value_len > 0 && v->value_len <= 8 &&
		              v->value[0] != '0' &&
		              strspn(v->value, "0123456789") >= v->value_len;
		if (number) {
			memcpy(out + o, v->value, v->value_len);
			o += v->value_len;
		} else {
			memcpy(out + o, p, name);
			o += name;
		}
		p += name;
	}
	out[o] = '\0';
	return out;
}

static enum MHD_Result answer_api(struct server *s, struct MHD_Connection *conn,
                                  struct request *rq)
{
	rq->log_path = api_log_path(rq->arena, rq->path);
	struct api_ctx c = {0};
	c.arena = rq->arena;
	c.cfg = &s->cfg.api;
	c.pool = s->pool;
	c.method = rq->method;
	c.path = rq->path;
	c.body = rq->body;
	c.body_len = rq->len;
	c.ip = client_ip(s, conn, rq->arena);
	c.request_id = rq->request_id;
	c.query = conn_query;
	c.header = conn_header;
	c.cookie = conn_cookie;
	c.conn = conn;
	c.route = -1;
	if (rq->uploads_busy)
		api_reply_error(&c, 429, "too_many_imports",
		                "Other files are being uploaded; try again "
		                "when they are in",
		                NULL);
	else if (rq->too_large)
		api_reply_error(&c, 413, "payload_too_large",
		                arena_printf(rq->arena,
		                             "The body is larger than %zu MiB",
		                             rq->limit / (1024 * 1024)),
		                NULL);
	else
		api_dispatch(&c);
	rq->route = c.route;
	rq->user_id = c.authenticated ? c.user.id : 0;
	rq->bytes_out = c.out_len;

	struct MHD_Response *resp = MHD_create_response_from_buffer(
	    c.out_len, (void *)c.out, MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	if (c.content_type != NULL)
		MHD_add_response_header(resp, "Content-Type", c.content_type);
	bool cache_set = false;
	for (int i = 0; i < c.n_headers; i++) {
		MHD_add_response_header(resp, c.headers[i].name,
		                        c.headers[i].value);
		cache_set |=
		    strcasecmp(c.headers[i].name, "Cache-Control") == 0;
	}
	if (!cache_set)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	return queue(conn, rq, c.status, resp);
}

static bool accepts_gzip(struct MHD_Connection *conn)
{
	const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                             "Accept-Encoding");
	return ae != NULL && strstr(ae, "gzip") != NULL;
}

static enum MHD_Result
answer_static(struct server *s, struct MHD_Connection *conn, struct request *rq)
{
	rq->route = metrics_extra(s->metrics, METRICS_ROUTE_STATIC);
	const struct static_file *f = NULL;
	if (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0)
		f = static_find(s->web, rq->path);
	/* The UI's own routes get index.html; their path stays out. */
	if (f != NULL && strcmp(f->path, rq->path) == 0)
		rq->log_path = rq->path;
	else if (f != NULL)
		rq->log_path = f->path;
	if (f == NULL) {
		static const char msg[] = "Not found\n";
		struct MHD_Response *resp = MHD_create_response_from_buffer(
		    sizeof msg - 1, (void *)msg, MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(resp, "Content-Type",
		                        "text/plain; charset=utf-8");
		return queue(conn, rq, 404, resp);
	}
	const char *inm =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
	bool not_modified = inm != NULL && strcmp(inm, f->etag) == 0;
	bool gz = f->gz != NULL && accepts_gzip(conn);
	size_t len = not_modified ? 0 : gz ? f->gz_len : f->len;
	struct MHD_Response *resp = MHD_create_response_from_buffer(
	    len, (void *)(gz ? f->gz : f->body), MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, "Content-Type", f->content_type);
	MHD_add_response_header(resp, "Cache-Control", f->cache_control);
	MHD_add_response_header(resp, "ETag", f->etag);
	if (f->gz != NULL)
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (gz && !not_modified)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	rq->bytes_out = len;
	return queue(conn, rq, not_modified ? 304 : 200, resp);
}

static enum MHD_Result answer_metrics(struct server *s,
                                      struct MHD_Connection *conn,
                                      struct request *rq)
{
	rq->route = metrics_extra(s->metrics, METRICS_ROUTE_METRICS);
	rq->log_path = rq->path;
	size_t len;
	char *text = metrics_render(s->metrics, store_pool_size(s->pool),
	                            store_pool_in_use(s->pool), &len);
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type",
	                        "text/plain; version=0.0.4; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	rq->bytes_out = len;
	return queue(conn, rq, 200, resp);
}

static bool body_append(struct request *rq, const char *data, size_t n,
                        size_t limit)
{
	if (rq->too_large || rq->len + n > limit) {
		rq->too_large = true;
		return false;
	}
	if (rq->len + n + 1 > rq->cap) {
		size_t cap = rq->cap ? rq->cap : 4096;
		while (cap < rq->len + n + 1)
			cap *= 2;
		char *nb = arena_alloc(rq->arena, cap);
		if (rq->len)
			memcpy(nb, rq->body, rq->len);
		rq->body = nb;
		rq->cap = cap;
	}
	memcpy(rq->body + rq->len, data, n);
	rq->len += n;
	rq->body[rq->len] = '\0';
	return true;
}

enum upload { UPLOAD_NORMAL, UPLOAD_LARGE, UPLOAD_BUSY };

/* The routes whose body is a file: CSV imports, and budget tables (a
 * table of 20 000 lines passes 1 MiB). */
static bool file_upload_url(const char *url)
{
	static const char plans[] = "/api/v1/plans/";
	if (strcmp(url, "/api/v1/imports") == 0 ||
	    strcmp(url, "/api/v1/budget/check") == 0)
		return true;
	if (strncmp(url, plans, sizeof plans - 1) != 0)
		return false;
	const char *p = url + sizeof plans - 1;
	size_t digits = strspn(p, "0123456789");
	return digits > 0 && strcmp(p + digits, "/budget") == 0;
}

/* CSV imports are files, not forms: POST /api/v1/imports and the
 * budget tables (file_upload_url) have their own, larger limit.  The
 * body is read before the request is authenticated (api_dispatch needs
 * all of it), so the larger limit is only for a request that carries
 * credentials — the session cookie or a Bearer token, checked by presence
 * only: looking them up would cost a database round trip per request —
 * and that may need it (no Content-Length, or one past the normal
 * limit).  Without credentials the normal limit holds (413, or 401 from
 * the dispatcher).  At most LARGE_UPLOADS_MAX such uploads are read at
 * once, so whoever can make up a cookie header still cannot make the
 * server hold more than that many large bodies; one more is UPLOAD_BUSY
 * (429).  A slot taken here is given back in on_completed. */
static enum upload large_upload(struct server *s, struct MHD_Connection *conn,
                                const char *method, const char *url,
                                const char *content_length)
{
	if (strcmp(method, "POST") != 0 || !file_upload_url(url) ||
	    s->cfg.import_body_limit <= s->cfg.body_limit)
		return UPLOAD_NORMAL;
	if (content_length != NULL &&
	    strtoull(content_length, NULL, 10) <= s->cfg.body_limit)
		return UPLOAD_NORMAL;
	const char *cookie = conn_cookie(conn, "trogiup_session");
	const char *authz = conn_header(conn, "Authorization");
	bool credentials =
	    (cookie != NULL && *cookie != '\0') ||
	    (authz != NULL && strncmp(authz, "Bearer ", 7) == 0 &&
	     authz[7] != '\0');
	if (!credentials)
		return UPLOAD_NORMAL;
	if (atomic_fetch_add(&s->large_uploads, 1) >= LARGE_UPLOADS_MAX) {
		atomic_fetch_sub(&s->large_uploads, 1);
		return UPLOAD_BUSY;
	}
	return UPLOAD_LARGE;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **state)
{
	(void)version;
	struct server *s = cls;
	struct request *rq = *state;
	if (rq == NULL) {
		struct arena *a = arena_new();
		rq = arena_alloc(a, sizeof *rq);
		rq->arena = a;
		rq->started_ms = time_mono_ms();
		rq->route = -1;
		rq->log_path = "-";
		next_request_id(rq->request_id);
		rq->method = arena_strdup(a, method);
		rq->path = arena_strdup(a, url);
		atomic_fetch_add(&s->in_flight, 1);
		*state = rq;
		const char *cl = MHD_lookup_connection_value(
		    conn, MHD_HEADER_KIND, "Content-Length");
		rq->limit = s->cfg.body_limit;
		switch (large_upload(s, conn, method, url, cl)) {
		case UPLOAD_NORMAL: break;
		case UPLOAD_LARGE:
			rq->large_slot = true;
			rq->limit = s->cfg.import_body_limit;
			break;
		case UPLOAD_BUSY:
			rq->uploads_busy = true;
			return answer_api(s, conn, rq);
		}
		/* A declared length far past the limit is refused before a
		 * byte is read; a modest excess is drained so the client
		 * reads our 413 instead of a reset. */
		if (cl != NULL && strtoull(cl, NULL, 10) > rq->limit) {
			rq->too_large = true;
			if (strtoull(cl, NULL, 10) > 16 * rq->limit)
				return answer_api(s, conn, rq);
		}
		return MHD_YES;
	}
	if (*upload_size != 0) {
		body_append(rq, upload, *upload_size, rq->limit);
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(rq->path, "/metrics") == 0 &&
	    (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0))
		return answer_metrics(s, conn, rq);
	if (strncmp(rq->path, "/api/", 5) == 0 ||
	    strcmp(rq->path, "/healthz") == 0 || rq->too_large)
		return answer_api(s, conn, rq);
	return answer_static(s, conn, rq);
}

/* Writes path into buf with anything but visible ASCII %-escaped, so a
 * crafted URL cannot forge log fields or lines. */
static void log_safe(char *buf, size_t cap, const char *path)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)path;
	     *p && o + 4 < cap; p++) {
		if (*p > 0x20 && *p < 0x7f && *p != '"' && *p != '%')
			buf[o++] = (char)*p;
		else
			o += (size_t)snprintf(buf + o, cap - o, "%%%02X", *p);
	}
	buf[o] = '\0';
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	struct server *s = cls;
	struct request *rq = *state;
	if (rq == NULL)
		return;
	double ms = time_mono_ms() - rq->started_ms;
	int status = rq->status ? rq->status : 499; /* client went away */
	metrics_record(s->metrics, rq->route, status, ms);
	char path[512];
	log_safe(path, sizeof path, rq->log_path);
	log_info("rid=%s method=%s path=%s status=%d dur_ms=%.2f user=%lld "
	         "bytes=%zu%s",
	         rq->request_id, rq->method, path, status, ms,
	         (long long)rq->user_id, rq->bytes_out,
	         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
	                                                    : " aborted=1");
	if (rq->large_slot)
		atomic_fetch_sub(&s->large_uploads, 1);
	arena_free(rq->arena);
	*state = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

struct server *server_start(const struct server_config *cfg,
                            struct store_pool *pool, char **err)
{
	struct server *s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	s->cfg = *cfg;
	s->pool = pool;
	s->metrics = metrics_new(api_routes_count);
	if (cfg->web_dir != NULL) {
		s->web = static_load(cfg->web_dir, err);
		if (s->web == NULL)
			goto fail;
	}
	struct sockaddr_in addr = {0};
	addr.sin_family = AF_INET;
	addr.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
		if (asprintf(err, "not an IPv4 address: %s", cfg->host) < 0)
			*err = NULL;
		goto fail;
	}
	s->daemon = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO |
	        MHD_USE_ITC | MHD_USE_ERROR_LOG,
	    cfg->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned)cfg->threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
	    s, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
	if (s->daemon == NULL) {
		if (asprintf(err, "cannot listen on %s:%u", cfg->host,
		             (unsigned)cfg->port) < 0)
			*err = NULL;
		goto fail;
	}
	return s;
fail:
	static_free(s->web);
	metrics_free(s->metrics);
	free(s);
	return NULL;
}

void server_stop(struct server *s)
{
	if (s == NULL)
		return;
	MHD_quiesce_daemon(s->daemon);
	/* Requests in flight finish; idle keep-alive connections are
	 * closed by MHD_stop_daemon. */
	for (int i = 0; i < 100 && atomic_load(&s->in_flight) > 0; i++) {
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(s->daemon);
	static_free(s->web);
	metrics_free(s->metrics);
	free(s);
}
