/*
 * imports.c — CSV imports over HTTP (docs/network.md §CSV import and
 * export); the import itself is import_engine.c, shared with the CLI.
 *
 * ** URL: POST /api/v1/imports?kind=facilities|trainings|communications|
 *         participants&training=ID&tree=&dry_run=true&async=true
 *         body text/csv → 200 clean dry run, 201 stored, 422 invalid_csv
 *         with every problem; async=true → 202 {"id","status":"running"}
 * ** URL: GET  /api/v1/imports/ID → the job with its progress
 * ** URL: POST /api/v1/imports/ID/cancel → 200 cancelled (rolled back);
 *         409 invalid_transition once finished
 *
 * Async jobs: each runs on its own thread with its own store connection
 * taken from the server's pool, and is listed in a mutex-protected
 * registry while it runs (progress is in memory only).  Its row in the
 * imports table is written when it starts and finished once, so a
 * finished job is read from the table.  Only the user who started a job
 * sees it: anyone else gets 404, as for an id that does not exist.  At
 * most pool size − 1 jobs run at once, so requests always find a
 * connection; imports_shutdown() cancels and joins the running ones.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/import_engine.h"
#include "api/network.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/timeutil.h"

/* How long a cancel waits for the job to roll back before answering. */
#define CANCEL_WAIT_SECONDS 30

struct job {
	int64_t id;
	int64_t user_id;
	enum import_kind kind;
	bool dry_run;
	int64_t created_at;
	struct import_progress progress;
	/* inputs, malloc'd copies: the request's arena is gone */
	char *data;
	size_t len;
	char *tree, *scope_tree, *scope_path, *actor_name, *ip, *request_id;
	struct principal who;
	int64_t training_id;
	struct store_pool *pool;
	pthread_t thread;
	/* its end written in the import's own transaction (job thread only) */
	bool recorded;
	/* under jobs_mu */
	bool finished;
	int waiters;        /* cancels waiting on jobs_cv for this job */
	const char *status; /* final status once finished */
	struct job *next;
};

static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_cv = PTHREAD_COND_INITIALIZER;
static struct job *jobs; /* running, and finished not yet joined */

static char *xstrdup(const char *s)
{
	if (s == NULL)
		return NULL;
	char *d = strdup(s);
	if (d == NULL)
		abort();
	return d;
}

static void job_free(struct job *j)
{
	free(j->data);
	free(j->tree);
	free(j->scope_tree);
	free(j->scope_path);
	free(j->actor_name);
	free(j->ip);
	free(j->request_id);
	free(j);
}

static const char *outcome_status(enum import_outcome o)
{
	switch (o) {
	case IMPORT_DONE: return "done";
	case IMPORT_CANCELLED: return "cancelled";
	default: return "failed";
	}
}

/* A stored import's end, written before its rows commit (before_commit
 * in import_engine.h): its rows and its "done" are durable together. */
static enum store_status record_done(void *ctx, struct store *st, long rows,
                                     long stored)
{
	struct job *j = ctx;
	struct import_row r = {
	    .id = j->id,
	    .status = "done",
	    .rows = rows,
	    .stored = stored,
	    .problems = "[]",
	    .finished_at = time_now(),
	};
	enum store_status s = store_import_finish(st, &r);
	if (s == STORE_OK)
		j->recorded = true;
	return s;
}

static void *job_main(void *arg)
{
	struct job *j = arg;
	struct store *st = store_pool_acquire(j->pool);
	struct arena *a = arena_new();
	struct import_request rq = {
	    .kind = j->kind,
	    .data = j->data,
	    .len = j->len,
	    .tree = j->tree,
	    .training_id = j->training_id,
	    .dry_run = j->dry_run,
	    .who = &j->who,
	    .user_id = j->user_id,
	    .actor_id = j->user_id,
	    .actor_name = j->actor_name,
	    .ip = j->ip,
	    .request_id = j->request_id,
	    .progress = &j->progress,
	    .before_commit = record_done,
	    .commit_ctx = j,
	};
	struct import_result res;
	enum import_outcome o = import_run(st, a, &rq, &res);
	json_t *problems = import_problems_json(&res);
	char *text = json_dumps(problems, JSON_COMPACT);
	json_decref(problems);
	struct import_row r = {
	    .id = j->id,
	    .status = outcome_status(o),
	    .rows = res.rows,
	    .stored = res.stored,
	    .problems = text,
	    .finished_at = time_now(),
	};
	/* Recorded already when stored; a failed commit rolled that back. */
	if (!(o == IMPORT_DONE && j->recorded) &&
	    store_import_finish(st, &r) != STORE_OK)
		log_error("msg=\"import finish not recorded\" id=%lld",
		          (long long)j->id);
	free(text);
	arena_free(a);
	store_pool_release(j->pool, st);
	log_info("msg=\"import finished\" id=%lld kind=%s status=%s rows=%ld "
	         "stored=%ld",
	         (long long)j->id, import_kind_name(j->kind), r.status,
	         res.rows, res.stored);
	pthread_mutex_lock(&jobs_mu);
	free(j->data);
	j->data = NULL;
	j->status = r.status;
	j->finished = true;
	pthread_cond_broadcast(&jobs_cv);
	pthread_mutex_unlock(&jobs_mu);
	return NULL;
}

/* Joins and frees finished jobs; counts the running ones.  Called with
 * jobs_mu held (joining a finished thread does not block).  A job with
 * waiters stays: a cancel woken by its end has yet to take the mutex
 * back and read j->finished, and freeing the job under it would make
 * that a read of freed memory.  The last waiter leaves it to the next
 * reap. */
static int reap_locked(void)
{
	int running = 0;
	for (struct job **p = &jobs; *p != NULL;) {
		struct job *j = *p;
		if (j->finished && j->waiters == 0) {
			*p = j->next;
			pthread_join(j->thread, NULL);
			job_free(j);
		} else {
			if (!j->finished)
				running++;
			p = &j->next;
		}
	}
	return running;
}

static struct job *find_locked(int64_t id)
{
	for (struct job *j = jobs; j != NULL; j = j->next)
		if (j->id == id)
			return j;
	return NULL;
}

void imports_shutdown(void)
{
	pthread_mutex_lock(&jobs_mu);
	for (struct job *j = jobs; j != NULL; j = j->next)
		atomic_store(&j->progress.cancel, true);
	while (jobs != NULL) {
		struct job *j = jobs;
		jobs = j->next;
		/* The job takes the mutex to say it finished. */
		pthread_mutex_unlock(&jobs_mu);
		pthread_join(j->thread, NULL);
		pthread_mutex_lock(&jobs_mu);
		/* A cancel still waking up reads the job: let it go. */
		while (j->waiters > 0)
			pthread_cond_wait(&jobs_cv, &jobs_mu);
		job_free(j);
	}
	pthread_mutex_unlock(&jobs_mu);
}

/* ---- answers --------------------------------------------------------- */

/* The synchronous answer (docs/network.md): 200, 201 or 422. */
static void reply_result(struct api_ctx *c, enum import_kind kind, bool dry_run,
                         const struct import_result *r)
{
	json_t *body = json_pack(
	    "{s:s, s:b, s:I, s:I, s:o}", "kind", import_kind_name(kind),
	    "dry_run", dry_run, "rows", (json_int_t)r->rows, "stored",
	    (json_int_t)r->stored, "problems", import_problems_json(r));
	if (r->outcome == IMPORT_DONE) {
		api_reply_json(c, dry_run ? 200 : 201, body);
		return;
	}
	const struct import_problem *first = &r->problems[0];
	json_object_set_new(
	    body, "error",
	    json_pack(
	        "{s:s, s:s, s:s}", "code", "invalid_csv", "message",
	        arena_printf(c->arena,
	                     "The file has %s%zu problem%s; nothing "
	                     "was stored",
	                     r->truncated ? "more than " : "", r->n_problems,
	                     r->n_problems == 1 ? "" : "s"),
	        "field", arena_printf(c->arena, "line %ld", first->line)));
	if (r->truncated)
		json_object_set_new(body, "truncated", json_true());
	api_reply_json(c, 422, body);
}

static json_t *job_json(int64_t id, enum import_kind kind, const char *status,
                        bool dry_run, long done, long total, long stored,
                        json_t *problems, int64_t created, int64_t finished)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:I, s:I, s:I, s:o, s:o, s:o}",
	                 "id", (json_int_t)id, "kind", import_kind_name(kind),
	                 "status", status, "dry_run", dry_run, "rows_done",
	                 (json_int_t)done, "rows_total", (json_int_t)total,
	                 "stored", (json_int_t)stored, "problems",
	                 problems ? problems : json_array(), "created_at",
	                 api_instant_json(created), "finished_at",
	                 api_instant_json(finished));
}

static bool id_param(struct api_ctx *c, int64_t *id)
{
	const char *s = api_param(c, "id");
	char *end;
	errno = 0;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (s == NULL || *s == '\0' || *end != '\0' || errno != 0 || v <= 0) {
		api_reply_error(c, 404, "not_found", "No such import", NULL);
		return false;
	}
	*id = v;
	return true;
}

/* A finished job from the table, when it is the caller's; answers 404
 * or 500 and returns false. */
static bool stored_job(struct api_ctx *c, int64_t id, struct import_row *r)
{
	enum store_status st = store_import_get(c->db, c->arena, id, r);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st != STORE_OK || r->user_id != c->user.id) {
		api_reply_error(c, 404, "not_found", "No such import", NULL);
		return false;
	}
	/* Left running by a server that stopped without finishing it: its
	 * transaction died with that process. */
	if (strcmp(r->status, "running") == 0)
		r->status = "failed";
	return true;
}

static void reply_stored_job(struct api_ctx *c, int status,
                             const struct import_row *r)
{
	enum import_kind kind = IMPORT_FACILITIES;
	import_kind_parse(r->kind, &kind);
	json_t *problems =
	    r->problems ? json_loads(r->problems, 0, NULL) : NULL;
	api_reply_json(c, status,
	               job_json(r->id, kind, r->status, r->dry_run, r->rows,
	                        r->rows, r->stored, problems, r->created_at,
	                        r->finished_at));
}

/* ---- handlers -------------------------------------------------------- */

static bool query_bool(struct api_ctx *c, const char *name, bool *out)
{
	const char *s = api_query(c, name);
	*out = false;
	if (s == NULL || *s == '\0' || strcmp(s, "false") == 0 ||
	    strcmp(s, "0") == 0)
		return true;
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0) {
		*out = true;
		return true;
	}
	api_reply_error(
	    c, 422, "invalid_field",
	    arena_printf(c->arena, "%s must be true or false", name), name);
	return false;
}

static bool csv_content_type(struct api_ctx *c)
{
	const char *ct = api_header(c, "Content-Type");
	if (ct != NULL && (strncasecmp(ct, "text/csv", 8) == 0 ||
	                   strncasecmp(ct, "application/csv", 15) == 0 ||
	                   strncasecmp(ct, "text/plain", 10) == 0))
		return true;
	api_reply_error(c, 415, "unsupported_media_type",
	                "Send the file as text/csv (UTF-8)", NULL);
	return false;
}

/* The training of a participants import, visible to the caller. */
static bool training_param(struct api_ctx *c, int64_t *id)
{
	const char *s = api_query(c, "training");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (s == NULL || *s == '\0' || *end != '\0' || v <= 0) {
		api_reply_error(c, 422, "invalid_field",
		                "training (a training id) is required for "
		                "participants",
		                "training");
		return false;
	}
	struct training_row t;
	enum store_status st = store_training_get(c->db, c->arena, v, &t);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st != STORE_OK || !access_sees(&c->who, t.unit_tree, t.unit_path)) {
		api_reply_error(c, 404, "not_found", "No such training", NULL);
		return false;
	}
	*id = v;
	return true;
}

static void start_job(struct api_ctx *c, const struct import_request *rq)
{
	int limit = store_pool_size(c->pool) - 1;
	if (limit < 1)
		limit = 1;
	pthread_mutex_lock(&jobs_mu);
	int running = reap_locked();
	pthread_mutex_unlock(&jobs_mu);
	if (running >= limit) {
		api_reply_error(c, 429, "too_many_imports",
		                "Other imports are running; try again when "
		                "they finish",
		                NULL);
		return;
	}
	struct import_row r = {
	    .kind = import_kind_name(rq->kind),
	    .user_id = c->user.id,
	    .status = "running",
	    .dry_run = rq->dry_run,
	    .created_at = time_now(),
	};
	if (store_import_insert(c->db, &r) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	struct job *j = calloc(1, sizeof *j);
	if (j == NULL)
		abort();
	j->id = r.id;
	j->user_id = c->user.id;
	j->kind = rq->kind;
	j->dry_run = rq->dry_run;
	j->created_at = r.created_at;
	j->data = malloc(rq->len ? rq->len : 1);
	if (j->data == NULL)
		abort();
	memcpy(j->data, rq->data, rq->len);
	j->len = rq->len;
	j->tree = xstrdup(rq->tree);
	j->who = c->who;
	j->who.scope_tree = j->scope_tree = xstrdup(c->who.scope_tree);
	j->who.scope_path = j->scope_path = xstrdup(c->who.scope_path);
	j->actor_name = xstrdup(c->user.username);
	j->ip = xstrdup(c->ip);
	j->request_id = xstrdup(c->request_id);
	j->training_id = rq->training_id;
	j->pool = c->pool;
	atomic_init(&j->progress.rows_done, 0);
	atomic_init(&j->progress.rows_total, 0);
	atomic_init(&j->progress.cancel, false);

	pthread_mutex_lock(&jobs_mu);
	if (pthread_create(&j->thread, NULL, job_main, j) != 0) {
		pthread_mutex_unlock(&jobs_mu);
		r.status = "failed";
		r.finished_at = time_now();
		store_import_finish(c->db, &r);
		job_free(j);
		api_reply_internal(c);
		return;
	}
	j->next = jobs;
	jobs = j;
	pthread_mutex_unlock(&jobs_mu);
	api_add_header(
	    c, "Location",
	    arena_printf(c->arena, "/api/v1/imports/%lld", (long long)r.id));
	api_reply_json(c, 202,
	               json_pack("{s:I, s:s}", "id", (json_int_t)r.id, "status",
	                         "running"));
}

void imports_create(struct api_ctx *c)
{
	struct import_request rq = {0};
	const char *kind = api_query(c, "kind");
	if (import_kind_parse(kind, &rq.kind) != 0) {
		api_reply_error(c, 422, "invalid_field",
		                "kind must be facilities, trainings, "
		                "communications or participants",
		                "kind");
		return;
	}
	bool async;
	if (!query_bool(c, "dry_run", &rq.dry_run) ||
	    !query_bool(c, "async", &async) ||
	    (rq.tree = api_tree(c)) == NULL || !csv_content_type(c))
		return;
	if (rq.kind == IMPORT_PARTICIPANTS &&
	    !training_param(c, &rq.training_id))
		return;
	rq.data = c->body ? c->body : "";
	rq.len = c->body ? c->body_len : 0;
	if (async) {
		start_job(c, &rq);
		return;
	}
	rq.who = &c->who;
	rq.user_id = rq.actor_id = c->user.id;
	rq.actor_name = c->user.username;
	rq.ip = c->ip;
	rq.request_id = c->request_id;
	struct import_result res;
	switch (import_run(c->db, c->arena, &rq, &res)) {
	case IMPORT_DONE:
	case IMPORT_PROBLEMS: reply_result(c, rq.kind, rq.dry_run, &res); break;
	case IMPORT_NO_TRAINING:
		api_reply_error(c, 404, "not_found", "No such training", NULL);
		break;
	case IMPORT_CANCELLED:
	case IMPORT_FAILED: api_reply_internal(c); break;
	}
}

void imports_get(struct api_ctx *c)
{
	int64_t id;
	if (!id_param(c, &id))
		return;
	pthread_mutex_lock(&jobs_mu);
	struct job *j = find_locked(id);
	if (j != NULL && !j->finished) {
		bool mine = j->user_id == c->user.id;
		json_t *body = job_json(j->id, j->kind, "running", j->dry_run,
		                        atomic_load(&j->progress.rows_done),
		                        atomic_load(&j->progress.rows_total), 0,
		                        NULL, j->created_at, 0);
		pthread_mutex_unlock(&jobs_mu);
		if (!mine) {
			json_decref(body);
			api_reply_error(c, 404, "not_found", "No such import",
			                NULL);
			return;
		}
		api_reply_json(c, 200, body);
		return;
	}
	pthread_mutex_unlock(&jobs_mu);
	struct import_row r;
	if (stored_job(c, id, &r))
		reply_stored_job(c, 200, &r);
}

void imports_cancel(struct api_ctx *c)
{
	int64_t id;
	if (!id_param(c, &id))
		return;
	pthread_mutex_lock(&jobs_mu);
	struct job *j = find_locked(id);
	bool running = j != NULL && !j->finished && j->user_id == c->user.id;
	if (running) {
		atomic_store(&j->progress.cancel, true);
		/* Answer once it rolled back: "cancelled" then means nothing
		 * is stored.  While waiting, the mutex is released and
		 * start_job() may reap finished jobs: counted as a waiter,
		 * this one is kept until we let go of it (reap_locked). */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += CANCEL_WAIT_SECONDS;
		j->waiters++;
		while (!j->finished &&
		       pthread_cond_timedwait(&jobs_cv, &jobs_mu, &until) !=
		           ETIMEDOUT)
			;
		if (--j->waiters == 0)
			pthread_cond_broadcast(&jobs_cv); /* imports_shutdown */
	}
	pthread_mutex_unlock(&jobs_mu);
	struct import_row r;
	if (!stored_job(c, id, &r))
		return;
	/* A job that ended before this call (even cancelled) is 409. */
	if (!running || strcmp(r.status, "cancelled") != 0) {
		api_reply_error(
		    c, 409, "invalid_transition",
		    arena_printf(c->arena, "The import has already ended (%s)",
		                 r.status),
		    NULL);
		return;
	}
	reply_stored_job(c, 200, &r);
}
