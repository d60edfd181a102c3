/*
 * import_engine.c — one CSV import of the service network: the run; see
 * import_engine.h for the contract and docs/network.md for the columns.
 *
 * Order: the bytes are checked for UTF-8 first (a UTF-16 file, or the
 * line of the first bad byte, is one `encoding` problem and the end);
 * then libcsv hands over rows one by one (lib/csvfile.h) on a checking
 * thread: the header is mapped onto the kind's columns and each data row
 * checked cell by cell (import_rows.c).  Checked rows go in batches to
 * the storing thread, the caller's, which owns the store: it resolves
 * each row's unit and, while the file is still clean and this is no dry
 * run, inserts the row into the transaction opened at the first one.
 * The first problem rolls that transaction back; later rows are still
 * checked, so the answer lists every problem.  One audit entry `import`
 * goes in with the rows.
 *
 * Speed (bench/import): the two threads overlap; each batch's rows live
 * in the batch's own arena, freed once stored; the store keeps its insert
 * statement prepared.  Row contents are never logged: personal data.
 */
#include "api/import_internal.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/csvfile.h"
#include "lib/log.h"
#include "lib/timeutil.h"

/* ---- problems -------------------------------------------------------- */

void import_problems_add(struct problem_list *l, long line, const char *column,
                         const char *code, const char *message)
{
	l->total++;
	if (l->n >= IMPORT_MAX_PROBLEMS)
		return;
	struct import_problem *p = &l->items[l->n++];
	p->line = line;
	p->column = column;
	p->code = code;
	p->message = arena_strdup(l->a, message);
}

void import_check_problem(struct importer *im, long line, const char *column,
                          const char *code, const char *message)
{
	im->row_bad = true;
	atomic_store(&im->any_problem, true);
	import_problems_add(&im->checked, line, column, code, message);
}

static void abandon_tx(struct importer *im)
{
	if (im->in_tx) {
		store_rollback(im->st);
		im->in_tx = false;
	}
}

static int column_index(const struct importer *im, const char *column)
{
	for (size_t c = 0; column != NULL && c < im->ncolumns; c++)
		if (im->columns[c].name == column)
			return (int)c;
	return -1;
}

/* Both lists, each in line order, merged by line then column into out
 * (the first IMPORT_MAX_PROBLEMS of all). */
static void merge_problems(const struct importer *im, struct import_result *out)
{
	const struct problem_list *a = &im->checked, *b = &im->stored;
	size_t i = 0, k = 0;
	while ((i < a->n || k < b->n) &&
	       out->n_problems < IMPORT_MAX_PROBLEMS) {
		bool take_a = k >= b->n;
		if (i < a->n && k < b->n) {
			const struct import_problem *x = &a->items[i],
			                            *y = &b->items[k];
			take_a = x->line < y->line ||
			         (x->line == y->line &&
			          column_index(im, x->column) <=
			              column_index(im, y->column));
		}
		out->problems[out->n_problems++] =
		    take_a ? a->items[i++] : b->items[k++];
	}
	out->truncated = a->total + b->total > (long)out->n_problems;
}

/* ---- encoding -------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid;
 * NUL counts as invalid (a UTF-16 file without its mark is full of them). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c >= 0x01 && c < 0x80)
		return 1;
	size_t len;
	unsigned min;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	unsigned cp = c & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Newlines in the n bytes at s (memchr is vectorised by libc). */
static long count_lines(const char *s, size_t n)
{
	long lines = 0;
	const char *end = s + n;
	while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		lines++;
		s++;
	}
	return lines;
}

/* Checks the whole file is UTF-8 and counts its lines (the progress
 * total).  false after recording the problem. */
static bool check_encoding(struct importer *im, const char *data, size_t len,
                           long *lines)
{
	const unsigned char *s = (const unsigned char *)data;
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	                 (s[0] == 0xFE && s[1] == 0xFF))) {
		import_check_problem(
		    im, 1, NULL, "encoding",
		    "The file is UTF-16; save it as CSV UTF-8");
		return false;
	}
	size_t i = 0;
	while (i < len) {
		/* ASCII without NUL, 8 bytes at a time: the common case. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) != 0 ||
			    ((w - 0x0101010101010101ULL) & ~w &
			     0x8080808080808080ULL) != 0)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		size_t n = utf8_seq(s + i, len - i);
		if (n == 0) {
			import_check_problem(
			    im, 1 + count_lines(data, i), NULL, "encoding",
			    "The file is not UTF-8 from this line on; save "
			    "it as CSV UTF-8");
			return false;
		}
		i += n;
	}
	*lines = 1 + count_lines(data, len);
	return true;
}

/* ---- the checking thread --------------------------------------------- */

static struct batch *batch_new(void)
{
	struct arena *a = arena_new();
	struct batch *b = arena_alloc(a, sizeof *b);
	b->arena = a;
	return b;
}

/* Queues the batch being filled (none when empty) and starts another;
 * false when the storing thread has stopped. */
static bool hand_over(struct importer *im, bool last)
{
	struct batch *b = im->batch;
	pthread_mutex_lock(&im->mu);
	while (im->queued >= QUEUE_DEPTH && !im->stop)
		pthread_cond_wait(&im->cv, &im->mu);
	bool go_on = !im->stop;
	if (go_on && b->n > 0) {
		if (im->tail != NULL)
			im->tail->next = b;
		else
			im->head = b;
		im->tail = b;
		im->queued++;
		b = NULL;
	}
	if (last || !go_on)
		im->finished = true;
	pthread_cond_broadcast(&im->cv);
	pthread_mutex_unlock(&im->mu);
	if (b != NULL)
		arena_free(b->arena);
	im->batch = NULL;
	im->scratch = NULL;
	if (!last && go_on) {
		im->batch = batch_new();
		im->scratch = im->batch->arena;
	}
	return go_on;
}

enum { ROW_STOP = 1 };

static int on_row(void *ctx, long line, size_t n, const char *const *f)
{
	struct importer *im = ctx;
	im->last_end = line;
	for (size_t i = 0; i < n; i++)
		for (const char *p = strchr(f[i], '\n'); p != NULL;
		     p = strchr(p + 1, '\n'))
			im->last_end++;
	if (!im->header_seen) {
		im->header_seen = true;
		return import_read_header(im, line, n, f) ? 0 : ROW_STOP;
	}
	im->res->rows++;
	if (im->batch->n == BATCH_ROWS) {
		struct import_progress *pg = im->rq->progress;
		if (pg != NULL && atomic_load(&pg->cancel)) {
			im->check_cancelled = true;
			return ROW_STOP;
		}
		if (!hand_over(im, false))
			return ROW_STOP;
	}
	im->line = line;
	im->fields = f;
	im->row_bad = false;
	if (n != im->header_fields) {
		import_check_problem(
		    im, line, NULL, "bad_csv",
		    arena_printf(im->scratch,
		                 "this line has %zu fields, the header %zu", n,
		                 im->header_fields));
		return 0;
	}
	struct pending *pr = &im->batch->rows[im->batch->n++];
	memset(pr, 0, sizeof *pr);
	pr->line = line;
	pr->unit = import_cell(im, im->unit_col);
	pr->ok = import_kinds[im->rq->kind].check(im, pr) && !im->row_bad;
	return 0;
}

/* The checking thread: libcsv over the file, rows queued in batches. */
static void *check_main(void *arg)
{
	struct importer *im = arg;
	char *err = NULL;
	int rc = csvfile_parse(im->rq->data, im->rq->len, on_row, im, &err);
	if (rc < 0) {
		/* Unterminated quote, stray quote: libcsv names no cause we
		 * could translate better.  A quote left open runs to the end
		 * of the file, where libcsv notices: the row that opened it
		 * is the one after the last complete row. */
		long at = err != NULL && strncmp(err, "line ", 5) == 0
		              ? strtol(err + 5, NULL, 10)
		              : 1;
		long lines = 1 + count_lines(im->rq->data, im->rq->len);
		if (at >= lines)
			at = im->last_end + 1;
		import_check_problem(
		    im, at, NULL, "bad_csv",
		    "the line is not valid CSV (a quote is unbalanced or "
		    "stray)");
	}
	free(err);
	if (!im->header_seen)
		import_read_header(im, 1, 0, NULL);
	if (im->batch != NULL)
		hand_over(im, true);
	return NULL;
}

/* ---- the storing thread ---------------------------------------------- */

static struct batch *take_batch(struct importer *im)
{
	pthread_mutex_lock(&im->mu);
	while (im->head == NULL && !im->finished)
		pthread_cond_wait(&im->cv, &im->mu);
	struct batch *b = im->head;
	if (b != NULL) {
		im->head = b->next;
		if (im->head == NULL)
			im->tail = NULL;
		im->queued--;
		pthread_cond_broadcast(&im->cv);
	}
	pthread_mutex_unlock(&im->mu);
	return b;
}

/* Tells the checking thread to stop (a store error, a cancel). */
static void stop_checking(struct importer *im)
{
	pthread_mutex_lock(&im->mu);
	im->stop = true;
	pthread_cond_broadcast(&im->cv);
	pthread_mutex_unlock(&im->mu);
}

/* Units, then the store, for every row of b. */
static void store_batch(struct importer *im, struct batch *b)
{
	for (size_t i = 0; i < b->n && !im->store_err; i++) {
		struct pending *pr = &b->rows[i];
		const struct unit_row *dflt = NULL;
		struct unit_row own;
		if (im->rq->kind == IMPORT_PARTICIPANTS) {
			/* A participant's unit defaults to the training's. */
			own = (struct unit_row){.tree = im->training.unit_tree,
			                        .code = im->training.unit_code,
			                        .path = im->training.unit_path};
			dflt = &own;
		}
		const struct unit_row *u =
		    import_unit_of(im, pr->line, pr->unit, dflt);
		if (u != NULL && im->rq->kind == IMPORT_COMMUNICATIONS &&
		    u->level != im->commune_level) {
			atomic_store(&im->any_problem, true);
			import_problems_add(
			    &im->stored, pr->line,
			    im->columns[im->unit_col].name, "invalid_value",
			    "unit_code must be a commune (the lowest "
			    "level of its tree)");
			u = NULL;
		}
		if (im->store_err || u == NULL || !pr->ok)
			continue;
		/* Nothing of a file with a problem is ever kept. */
		if (atomic_load(&im->any_problem) || im->rq->dry_run) {
			abandon_tx(im);
			continue;
		}
		if (!im->in_tx) {
			if (im->inserted > 0 ||
			    store_begin(im->st) != STORE_OK) {
				im->store_err = true;
				break;
			}
			im->in_tx = true;
		}
		if (import_kinds[im->rq->kind].store(im, pr, u) != STORE_OK) {
			log_error("msg=\"import insert failed\" kind=%s "
			          "line=%ld",
			          import_kind_name(im->rq->kind), pr->line);
			im->store_err = true;
			break;
		}
		im->inserted++;
	}
	im->done += (long)b->n;
}

/* The one audit entry of a stored import, inside its transaction. */
static enum store_status audit_import(struct importer *im, struct arena *a)
{
	const struct import_request *rq = im->rq;
	json_t *d = json_pack("{s:s, s:I}", "kind", import_kind_name(rq->kind),
	                      "rows", (json_int_t)im->inserted);
	if (rq->kind == IMPORT_PARTICIPANTS)
		json_object_set_new(d, "training_id",
		                    json_integer(im->training.id));
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	struct audit_row e = {0};
	e.at = im->now;
	e.actor_id = rq->actor_id;
	e.actor_name = rq->actor_name;
	e.action = "import";
	e.target =
	    rq->kind == IMPORT_PARTICIPANTS
	        ? arena_printf(a, "training:%lld", (long long)im->training.id)
	        : NULL;
	if (rq->who != NULL && rq->who->scope_path != NULL) {
		e.unit_tree = rq->who->scope_tree;
		e.unit_path = rq->who->scope_path;
	}
	e.detail = text;
	e.ip = rq->ip;
	e.request_id = rq->request_id;
	enum store_status st = store_audit_append(im->st, &e);
	free(text);
	return st;
}

static void today_vn(struct importer *im)
{
	/* Asia/Ho_Chi_Minh is UTC+7 all year (domain/deadline.h). */
	time_t t = (time_t)(im->now + 7 * 3600);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(im->today, sizeof im->today, "%Y-%m-%d", &tm);
	im->this_year = tm.tm_year + 1900;
}

static void free_arena(void *p)
{
	arena_free(p);
}

/* Checks and stores in two threads: libcsv and the cells (a third of the
 * time) on a thread of its own, overlapping the inserts on this one,
 * which owns the store connection (bench/import). */
static void pipeline(struct importer *im)
{
	const struct import_request *rq = im->rq;
	im->batch = batch_new();
	im->scratch = im->batch->arena;
	pthread_t checker;
	if (pthread_create(&checker, NULL, check_main, im) != 0) {
		log_error("msg=\"import thread not started\"");
		arena_free(im->batch->arena);
		im->store_err = true;
		return;
	}
	bool stopped = false;
	struct batch *b;
	while ((b = take_batch(im)) != NULL) {
		if (!stopped) {
			if (rq->progress != NULL &&
			    atomic_load(&rq->progress->cancel))
				im->cancelled = true;
			else
				store_batch(im, b);
			if (im->cancelled || im->store_err) {
				stopped = true;
				stop_checking(im);
			}
			if (rq->progress != NULL)
				atomic_store(&rq->progress->rows_done,
				             im->done);
			if (rq->tick != NULL)
				rq->tick(rq->tick_ctx);
		}
		arena_free(b->arena);
	}
	pthread_join(checker, NULL);
}

enum import_outcome import_run(struct store *st, struct arena *a,
                               const struct import_request *rq,
                               struct import_result *out)
{
	assert(st != NULL && a != NULL && rq != NULL && out != NULL);
	assert((int)rq->kind >= 0 && rq->kind < IMPORT_KIND__MAX);
	memset(out, 0, sizeof *out);
	out->problems =
	    arena_alloc(a, IMPORT_MAX_PROBLEMS * sizeof *out->problems);
	struct importer im = {0};
	im.st = st;
	im.rq = rq;
	im.res = out;
	im.tree = rq->tree;
	im.now = time_now();
	today_vn(&im);
	im.columns = import_columns(rq->kind, &im.ncolumns);
	im.unit_col = import_kinds[rq->kind].unit_col;
	im.checked.a = a;
	im.checked.items =
	    arena_alloc(a, IMPORT_MAX_PROBLEMS * sizeof *im.checked.items);
	im.stored.a = arena_new();
	arena_defer(a, free_arena, im.stored.a);
	im.stored.items = arena_alloc(im.stored.a, IMPORT_MAX_PROBLEMS *
	                                               sizeof *im.stored.items);
	im.units =
	    arena_alloc(im.stored.a, UNIT_CACHE_SLOTS * sizeof *im.units);
	atomic_init(&im.any_problem, false);
	pthread_mutex_init(&im.mu, NULL);
	pthread_cond_init(&im.cv, NULL);
	struct arena *scratch = arena_new();
	im.scratch = scratch; /* until the batches start */

	if (rq->kind == IMPORT_PARTICIPANTS) {
		enum store_status s =
		    store_training_get(st, a, rq->training_id, &im.training);
		if (s == STORE_ERROR) {
			out->outcome = IMPORT_FAILED;
			goto out;
		}
		if (s != STORE_OK ||
		    (rq->who != NULL &&
		     !access_sees(rq->who, im.training.unit_tree,
		                  im.training.unit_path))) {
			out->outcome = IMPORT_NO_TRAINING;
			goto out;
		}
		im.tree = im.training.unit_tree;
	}
	assert(im.tree != NULL);
	im.commune_level = unit_commune_level(im.tree);

	long lines = 0;
	if (!check_encoding(&im, rq->data, rq->len, &lines)) {
		out->outcome = IMPORT_PROBLEMS;
		goto out;
	}
	if (rq->progress != NULL)
		atomic_store(&rq->progress->rows_total,
		             lines > 1 ? lines - 1 : 0);
	pipeline(&im);

	if (im.cancelled ||
	    (rq->progress != NULL && atomic_load(&rq->progress->cancel))) {
		/* A cancel at any point, the last batch included, leaves
		 * nothing. */
		im.cancelled = true;
		out->outcome = IMPORT_CANCELLED;
	} else if (im.store_err) {
		out->outcome = IMPORT_FAILED;
	} else if (im.checked.total + im.stored.total > 0) {
		out->outcome = IMPORT_PROBLEMS;
	} else if (im.in_tx) {
		if (audit_import(&im, a) != STORE_OK ||
		    (rq->before_commit != NULL &&
		     rq->before_commit(rq->commit_ctx, st, out->rows,
		                       im.inserted) != STORE_OK) ||
		    store_commit(st) != STORE_OK) {
			out->outcome = IMPORT_FAILED;
		} else {
			im.in_tx = false;
			out->stored = im.inserted;
			out->outcome = IMPORT_DONE;
		}
	} else {
		out->outcome = IMPORT_DONE; /* dry run, or no rows */
	}
	abandon_tx(&im);
out:
	merge_problems(&im, out);
	if (rq->progress != NULL) {
		atomic_store(&rq->progress->rows_done, out->rows);
		if (out->outcome != IMPORT_CANCELLED)
			atomic_store(&rq->progress->rows_total, out->rows);
	}
	pthread_mutex_destroy(&im.mu);
	pthread_cond_destroy(&im.cv);
	arena_free(scratch);
	return out->outcome;
}

json_t *import_problems_json(const struct import_result *r)
{
	json_t *list = json_array();
	for (size_t i = 0; i < r->n_problems; i++) {
		const struct import_problem *p = &r->problems[i];
		json_array_append_new(
		    list, json_pack("{s:I, s:s?, s:s, s:s}", "line",
		                    (json_int_t)p->line, "column", p->column,
		                    "code", p->code, "message", p->message));
	}
	return list;
}
