/*
 * bulk_cases.c — the two threads of trogiup-gen's load (bulk.c): the
 * generator thread makes each case with everything the SQLite thread will
 * bind (its unit, number, deadline, ids, history; the name-search rows and
 * the indicator facts go to bulk_names.c and bulk_sums.c), in batches of
 * BATCH through a bounded ring; the calling thread writes them in order
 * with bulk_rows.c, one transaction per --batch cases.  Making a case was
 * about a third of the CPU of the load, so on two cores it overlaps with
 * SQLite's inserts; one producer and one consumer, each in a fixed order,
 * keep the file the same for a seed.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bulk.h"
#include "domain/casework.h"
#include "domain/deadline.h"
#include "lib/timeutil.h"

/* One case with everything the writer binds (the generator thread). */
static int make_case(struct loader *l, struct bulk_rec *r)
{
	const struct gen_pick *p = l->units;
	uint64_t x = bulk_below(l->gen, p->total);
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->cum[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct casegen_unit *u = &p->units[lo];
	struct bulk_case *c = &r->c;
	r->unit = u;
	if (bulk_case_make(l->gen, l->o->now, c) != 0)
		return -1;
	if (l->acc != NULL)
		bulk_sums_add(l->acc, lo, c);
	r->due = 0;
	r->rule_code = NULL;
	if (c->stage != STAGE_CLOSED) {
		char day[11];
		hcm_day_format(hcm_day_of(c->since), day);
		const struct deadline_rule *rule =
		    deadline_pick(l->rules, l->n_rules, case_type_name(c->type),
		                  case_stage_name(c->stage), c->urgency, day);
		if (rule != NULL) {
			r->due = deadline_due(c->since, rule, &l->holidays);
			r->rule_code = rule->code;
			l->overdue += l->o->now > r->due;
		}
	}
	/* the case, numbered by the province's counter of its year */
	int year = hcm_year_of(c->opened);
	size_t plen = strcspn(u->path, "/");
	if (plen == 0 || plen > 3 || year < 2000 || year > 2099)
		return -1;
	memcpy(r->province, u->path, plen);
	r->province[plen] = '\0';
	int pi = atoi(r->province);
	memcpy(l->pcode[pi], r->province, plen + 1);
	if (casework_case_no(r->case_no, r->province, year,
	                     ++l->counter[pi][year - 2000]) != 0)
		return -1;
	r->person_id = l->next_person++;
	r->case_id = l->next_case++;
	l->by_type[c->type]++;
	l->by_stage[c->stage]++;
	const char *t[BULK_TEXT__MAX] = {
	    [BT_SEX] = c->male ? "male" : "female",
	    [BT_BIRTH] = c->birth,
	    [BT_TREE] = u->tree,
	    [BT_CODE] = u->code,
	    [BT_PATH] = u->path,
	    [BT_PROVINCE] = r->province,
	    [BT_CASE_NO] = r->case_no,
	    [BT_TYPE] = case_type_name(c->type),
	    [BT_STAGE] = case_stage_name(c->stage),
	    [BT_RULE] = r->rule_code,
	    [BT_URGENCY] = c->urgency,
	    [BT_RISK] = c->risk,
	    [BT_CLOSURE] = c->closure_reason,
	};
	for (int i = 0; i < BULK_TEXT__MAX; i++) {
		r->text[i] = t[i];
		r->text_len[i] = t[i] != NULL ? (int)strlen(t[i]) : 0;
	}
	r->name_len = (int)strlen(c->name);
	r->folded_len = (int)strlen(c->folded);
	r->details_len = (int)strlen(c->details);
	r->hist.n = 0;
	if (l->o->minimal)
		return 0;
	/* the name search's rows: the folded name from each word start,
	 * gathered for bulk_names_write */
	for (const char *w = c->folded; *w != '\0'; w++)
		if (*w != ' ' && (w == c->folded || w[-1] == ' ') &&
		    bulk_names_add(l->names, w,
		                   r->folded_len - (int)(w - c->folded),
		                   r->person_id) != 0)
			return -1;
	bulk_history_make(l->gen, &l->br, u, c, &r->hist);
	for (size_t i = 0; i < r->hist.n; i++) {
		r->hist.ev[i].len = (int)strlen(r->hist.ev[i].data);
		r->hist.ev[i].kind_len = (int)strlen(r->hist.ev[i].kind);
	}
	l->events += (long)r->hist.n;
	return 0;
}

/* The generator thread: every case, batch after batch, into the ring. */
static double thread_cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *generate(void *arg)
{
	struct loader *l = arg;
	double c0 = thread_cpu();
	struct queue *q = &l->q;
	long long total = l->o->cases, done = 0;
	for (long long b = 0; done < total; b++) {
		pthread_mutex_lock(&q->mu);
		while (!q->stop && q->made - q->written == SLOTS)
			pthread_cond_wait(&q->cv, &q->mu);
		bool stop = q->stop;
		pthread_mutex_unlock(&q->mu);
		if (stop)
			return NULL;
		struct bulk_rec *recs = q->slot[b % SLOTS];
		size_t n =
		    total - done < BATCH ? (size_t)(total - done) : BATCH;
		for (size_t i = 0; i < n; i++)
			if (make_case(l, &recs[i]) != 0) {
				fprintf(stderr,
				        "trogiup-gen: case %lld failed\n",
				        done + (long long)i);
				l->gen_failed = 1;
				pthread_mutex_lock(&q->mu);
				q->stop = true;
				pthread_cond_broadcast(&q->cv);
				pthread_mutex_unlock(&q->mu);
				return NULL;
			}
		pthread_mutex_lock(&q->mu);
		q->count[b % SLOTS] = n;
		q->made++;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
		done += (long long)n;
	}
	l->gen_cpu = thread_cpu() - c0;
	return NULL;
}

/* The SQLite side (this thread): the batches in order, one transaction
 * per --batch cases. */
static int write_cases(struct loader *l)
{
	struct queue *q = &l->q;
	long long done = 0, next_report = 1000000, in_tx = 0;
	double t0 = time_mono_ms(), c0 = thread_cpu();
	for (long long b = 0; done < l->o->cases; b++) {
		pthread_mutex_lock(&q->mu);
		while (!q->stop && q->made == b)
			pthread_cond_wait(&q->cv, &q->mu);
		bool stop = q->made == b;
		pthread_mutex_unlock(&q->mu);
		if (stop)
			return -1;
		size_t n = q->count[b % SLOTS];
		if (in_tx == 0 && bulk_exec(l->h, "BEGIN") != 0)
			return -1;
		if (bulk_writer_put(l->writer, q->slot[b % SLOTS], n,
		                    l->o->minimal) != 0) {
			fprintf(stderr, "trogiup-gen: cases %lld…: %s\n", done,
			        sqlite3_errmsg(l->h));
			return -1;
		}
		pthread_mutex_lock(&q->mu);
		q->written++;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
		done += (long long)n;
		in_tx += (long long)n;
		if (in_tx >= l->o->batch || done == l->o->cases) {
			if (bulk_exec(l->h, "COMMIT") != 0)
				return -1;
			in_tx = 0;
		}
		if (done >= next_report || done == l->o->cases) {
			double sec = (time_mono_ms() - t0) / 1000.0;
			printf("  %lld cases, %.1f s, %.0f cases/s\n", done,
			       sec, (double)done / sec);
			fflush(stdout);
			next_report += 1000000;
		}
	}
	l->write_cpu = thread_cpu() - c0;
	return 0;
}

int bulk_load_cases(struct loader *l)
{
	struct queue *q = &l->q;
	int rc = -1;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	for (int i = 0; i < SLOTS; i++)
		if ((q->slot[i] = malloc(BATCH * sizeof *q->slot[i])) == NULL)
			goto out;
	pthread_t gen;
	if (pthread_create(&gen, NULL, generate, l) != 0)
		goto out;
	rc = write_cases(l);
	pthread_mutex_lock(&q->mu);
	q->stop = true; /* the generator stops too if the writer failed */
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(gen, NULL);
	if (l->gen_failed)
		rc = -1;
out:
	for (int i = 0; i < SLOTS; i++)
		free(q->slot[i]);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	return rc;
}

int64_t bulk_max_id(struct sqlite3 *h, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = 0;
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}
