/*
 * bulk.c — trogiup-gen's load: millions of valid people and cases with
 * their histories in a minute or two, then the national network and plans
 * (bulk_net.c).  store.h writes ~10 000 cases a second; this writes the
 * same rows with plain prepared INSERTs on a connection of its own.
 *
 * A case here is a person (name, sex, birth date, province), the person's
 * name-search rows as the store writes them (one person_name_suffixes row
 * per word start, the words in name_words), a cases row as
 * store_case_insert writes it — a case number from the province's
 * counter, the type's facts passing the API's checks, a stage with its
 * dates, plan and closure approval times (bulk_case.c), the deadline of an
 * open stage from the store's rules (deadline_pick, as the API does) —
 * and its history in case_events (bulk_hist.c); gbv and trafficking cases
 * are restricted, without narrative.  Left out: approvals, consents,
 * visits, workers, audit entries.  --bulk (minimal) writes only persons
 * and cases, for the indicator benchmark.  Cases open from 2019-01-01
 * until --now, uniformly, over the communes of the tree by the weights of
 * trogiup-gen; the mix of types and stages is casegen's.  The same seed
 * and --now give the same rows.
 *
 * Speed (docs/performance.md §The data):
 *  - the secondary indexes of the loaded tables are dropped for the load
 *    and re-created at the end from their own text in sqlite_master (then
 *    checked to be back, the same), so rows go in at the right edge of
 *    their table in rowid order and each index is built once by a sort;
 *  - the triggers of 0004_indicators.sql that keep indicator_case_sums are
 *    dropped too and re-created from the embedded migration's text
 *    (migrations.h, split with sqlite3_complete and checked against
 *    sqlite_master); the sums are filled once at the end as the store's
 *    fill computes them (reading the view once), and `trogiup indicators
 *    rebuild` then finds nothing to correct (bench/gen/check);
 *  - the loading connection runs without a journal (journal_mode OFF,
 *    synchronous OFF, one exclusive lock, a large page cache, temp files in
 *    memory, sorter threads for CREATE INDEX and the sums' GROUP BY) in one
 * transaction per --batch cases, and goes back to WAL at the end: a failed load
 * leaves a broken file, which the benchmarks never mark done and so make again.
 */
#include "bulk.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "domain/casework.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/timeutil.h"
#include "store/migrations.h"
#include "store/store.h"

/* ---- the load ------------------------------------------------------------ */

static int journal_mode(sqlite3 *h, const char *mode)
{
	char sql[64], got[16] = "";
	sqlite3_stmt *s;
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", mode);
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(got, sizeof got, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (strcasecmp(got, mode) == 0)
		return 0;
	fprintf(stderr,
	        "trogiup-gen: journal_mode %s refused (%s): is a "
	        "server open on the database?\n",
	        mode, got);
	return -1;
}

/* Cases go from the generator thread to the SQLite thread in batches of
 * BATCH through a ring of SLOTS batches (bounded: the generator waits when
 * the writer is SLOTS batches behind).  One generator and one writer, each
 * in a fixed order: the same seed gives the same file. */
#define BATCH 1024
#define SLOTS 4

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct bulk_rec *slot[SLOTS];
	size_t count[SLOTS];
	long long made, written; /* batches */
	bool stop;               /* a side failed: the other gives up */
};

struct loader {
	sqlite3 *h;
	struct bulk_writer *writer;
	struct queue q;
	int gen_failed;
	double gen_cpu, write_cpu; /* each thread's CPU seconds for the cases */
	struct bulk_net_stats net;
	long events, suffixes, sums;
	int64_t next_person, next_case; /* ids */
	struct bulk_gen *gen;
	struct bulk_names *names; /* the name-search rows, by suffix */
	struct bulk_sums *acc;    /* NULL: the file held cases, fill by SQL */
	const struct bulk_options *o;
	const struct gen_pick *units;
	struct deadline_rule *rules;
	size_t n_rules;
	struct holiday_set holidays;
	struct bulk_rules br;
	int64_t (*counter)[100]; /* [province][year - 2000] */
	char (*pcode)[4];        /* the province's code as text */
	long by_type[CASE_TYPE__MAX], by_stage[STAGE__MAX], overdue;
};

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
	for (size_t i = 0; i < r->hist.n; i++)
		r->hist.ev[i].len = (int)strlen(r->hist.ev[i].data);
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

/* Both threads; 0 when every case is in. */
static int load_cases(struct loader *l)
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

/* The largest id of a table, to number the rows that follow. */
static int64_t max_id(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = 0;
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The province counters: those in the file, then every number given. */
static int counters(struct loader *l, bool write)
{
	sqlite3_stmt *s;
	const char *sql = write ? "INSERT INTO case_counters (province, year, "
	                          "last) VALUES (?1, ?2, ?3) ON CONFLICT "
	                          "(province, year) DO UPDATE SET last = "
	                          "MAX(last, excluded.last)"
	                        : "SELECT province, year, last FROM "
	                          "case_counters";
	if (sqlite3_prepare_v2(l->h, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	int rc = SQLITE_DONE;
	if (!write) {
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			int p = sqlite3_column_int(s, 0),
			    y = sqlite3_column_int(s, 1);
			const char *code =
			    (const char *)sqlite3_column_text(s, 0);
			if (p >= 0 && p <= 999 && y >= 2000 && y <= 2099 &&
			    code != NULL && strlen(code) <= 3) {
				l->counter[p][y - 2000] =
				    sqlite3_column_int64(s, 2);
				memcpy(l->pcode[p], code, strlen(code) + 1);
			}
		}
	}
	for (int p = 0; write && p <= 999 && rc == SQLITE_DONE; p++)
		for (int y = 0; y < 100 && rc == SQLITE_DONE; y++) {
			if (l->counter[p][y] == 0)
				continue;
			sqlite3_bind_text(s, 1, l->pcode[p], -1, SQLITE_STATIC);
			sqlite3_bind_int(s, 2, 2000 + y);
			sqlite3_bind_int64(s, 3, l->counter[p][y]);
			rc = sqlite3_step(s);
			sqlite3_reset(s);
		}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The deadline rules and holidays, as casegen reads them. */
static int read_rules(struct store *st, struct arena *a, struct loader *l)
{
	struct deadline_rule_row *rows;
	const char **days;
	size_t n, nd;
	if (store_deadline_rules(st, a, &rows, &n) != STORE_OK ||
	    store_holidays(st, a, &days, &nd) != STORE_OK)
		return -1;
	l->rules = arena_alloc(a, (n + 1) * sizeof *l->rules);
	for (size_t i = 0; i < n; i++) {
		struct deadline_rule *r = &l->rules[l->n_rules];
		if (deadline_unit_parse(rows[i].unit, &r->unit) != 0)
			continue;
		r->code = rows[i].code;
		r->case_type = rows[i].case_type;
		r->stage = rows[i].stage;
		r->urgency = rows[i].urgency;
		r->amount = rows[i].amount;
		r->valid_from = rows[i].valid_from;
		r->valid_to = rows[i].valid_to;
		r->project_default = rows[i].project_default != 0;
		l->n_rules++;
	}
	int32_t *hd = arena_alloc(a, (nd + 1) * sizeof *hd);
	size_t k = 0;
	for (size_t i = 0; i < nd; i++)
		if (hcm_day_parse(days[i], &hd[k]) == 0)
			k++;
	l->holidays.days = hd;
	l->holidays.n = k;
	return 0;
}

/* The name_words rows of every word used (the store writes each word of
 * each name with ON CONFLICT DO NOTHING). */
static int name_words(struct loader *l)
{
	const char *w[128];
	size_t n = bulk_name_words(l->gen, w, 128);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(l->h,
	                       "INSERT INTO name_words (word) VALUES (?1) ON "
	                       "CONFLICT DO NOTHING",
	                       -1, &s, NULL) != SQLITE_OK)
		return -1;
	int rc = SQLITE_DONE;
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_text(s, 1, w[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The sums as the store's fill (IND_SUMS_FILL_SQL of sql_dialect.h)
 * computes them, but reading the view once instead of twice (its arms scan
 * the whole cases table each: ~34 scans): its rows with their case's unit
 * into a temporary table first.  Only for a file that held cases before
 * the load; bench/gen/check runs `trogiup indicators rebuild`, which must
 * find no difference either way. */
static int fill_sums_sql(struct loader *l)
{
	if (bulk_exec(
	        l->h,
	        "BEGIN; DELETE FROM indicator_case_sums;"
	        " CREATE TEMP TABLE gen_rows AS SELECT c.unit_tree AS tree,"
	        " c.unit_code AS code, r.indicator AS indicator, r.month AS"
	        " month, r.num AS num, r.den AS den FROM case_indicator_rows r"
	        " CROSS JOIN cases c ON c.id = r.case_id;"
	        " INSERT INTO indicator_case_sums (tree, unit_code, indicator,"
	        " month, num, den) SELECT tree, unit_code, indicator, month,"
	        " SUM(num), SUM(den) FROM (SELECT r.tree AS tree,"
	        " a.ancestor_code AS unit_code, r.indicator AS indicator,"
	        " r.month AS month, r.num AS num, r.den AS den FROM gen_rows r"
	        " CROSS JOIN unit_ancestors a ON a.tree = r.tree AND a.code ="
	        " r.code UNION ALL SELECT tree, '', indicator, month, num, den"
	        " FROM gen_rows) GROUP BY tree, unit_code, indicator, month;"
	        " COMMIT") != 0)
		return -1;
	l->sums = (long)sqlite3_changes(l->h);
	if (bulk_exec(l->h, "DROP TABLE temp.gen_rows") != 0)
		return -1;
	return 0;
}

struct timing {
	double cases, network, indexes, analyze, sums, wal;
	/* the process's CPU seconds (every thread) for the cases, the
	 * indexes, the sums */
	double cases_cpu, indexes_cpu, sums_cpu;
	/* of which the cases without their name-search rows, and those */
	double cases_only, cases_only_cpu, names, names_cpu;
};

/* CPU time of the process in ms: the machine is shared, so wall time
 * alone says little. */
static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static int load(struct loader *l, struct bulk_trig *trigs, size_t *ntrig,
                struct bulk_index *idx, int *nidx, struct timing *tm)
{
	char sql[200];
	snprintf(sql, sizeof sql,
	         "PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;"
	         " PRAGMA temp_store = MEMORY; PRAGMA threads = 4;"
	         " PRAGMA cache_size = -%d",
	         l->o->cache_mb * 1024);
	if (journal_mode(l->h, "delete") != 0 ||
	    journal_mode(l->h, "off") != 0 || bulk_exec(l->h, sql) != 0 ||
	    bulk_case_triggers(l->h, trigs, 8, ntrig) != 0 ||
	    counters(l, false))
		return -1;
	if (*ntrig == 0) {
		fprintf(stderr, "trogiup-gen: no trigger on cases in the "
		                "migrations\n");
		return -1;
	}
	for (size_t i = 0; i < *ntrig; i++) {
		snprintf(sql, sizeof sql, "DROP TRIGGER %.63s", trigs[i].name);
		if (bulk_exec(l->h, sql) != 0)
			return -1;
	}
	if ((*nidx = bulk_read_indexes(l->h, idx)) < 0)
		return -1;
	for (int i = 0; i < *nidx; i++) {
		/* written in its order (bulk_names.c): kept */
		idx[i].kept =
		    strcmp(idx[i].name, "person_name_suffixes_suffix") == 0;
		if (idx[i].kept)
			continue;
		snprintf(sql, sizeof sql, "DROP INDEX %.63s", idx[i].name);
		if (bulk_exec(l->h, sql) != 0)
			return -1;
	}
	l->next_person = max_id(l->h, "SELECT MAX(id) FROM persons") + 1;
	l->next_case = max_id(l->h, "SELECT MAX(id) FROM cases") + 1;
	if ((l->writer = bulk_writer_new(l->h, l->o->creator_id)) == NULL)
		return -1;
	double t0 = time_mono_ms(), c0 = cpu_ms();
	if (load_cases(l) != 0)
		return -1;
	double tn = time_mono_ms(), cn = cpu_ms();
	tm->cases_only = (tn - t0) / 1000.0;
	tm->cases_only_cpu = (cn - c0) / 1000.0;
	if (bulk_exec(l->h, "BEGIN") != 0 ||
	    bulk_names_write(l->names, l->writer) != 0 ||
	    bulk_exec(l->h, "COMMIT") != 0) {
		fprintf(stderr, "trogiup-gen: name search: %s\n",
		        sqlite3_errmsg(l->h));
		return -1;
	}
	l->suffixes = bulk_names_rows(l->names);
	tm->names = (time_mono_ms() - tn) / 1000.0;
	tm->names_cpu = (cpu_ms() - cn) / 1000.0;
	if (bulk_exec(l->h, "BEGIN") != 0 || counters(l, true) != 0 ||
	    (!l->o->minimal && name_words(l) != 0))
		return -1;
	double t1 = time_mono_ms();
	tm->cases = (t1 - t0) / 1000.0;
	tm->cases_cpu = (cpu_ms() - c0) / 1000.0;
	if (!l->o->minimal && bulk_net_run(l->h, l->o, &l->net) != 0)
		return -1;
	if (bulk_exec(l->h, "COMMIT") != 0)
		return -1;
	double t2 = time_mono_ms(), c2 = cpu_ms();
	tm->network = (t2 - t1) / 1000.0;
	/* the indexes and triggers back, exactly as the migrations made
	 * them; the sorts run faster with a small page cache (1 M cases:
	 * 26.6 s with the load's 2 GiB, 21.4 → see docs; cases_unit alone
	 * 16.7 s → 3.7 s with 64 MiB, sorter threads on) */
	if (bulk_exec(l->h, "PRAGMA cache_size = -65536") != 0 ||
	    bulk_restore_indexes(l->h, idx, *nidx) != 0)
		return -1;
	for (size_t i = 0; i < *ntrig; i++)
		if (bulk_exec(l->h, trigs[i].sql) != 0)
			return -1;
	size_t again = 0;
	struct bulk_trig check[8];
	if (bulk_case_triggers(l->h, check, 8, &again) != 0 ||
	    again != *ntrig) {
		fprintf(stderr, "trogiup-gen: triggers not re-created\n");
		return -1;
	}
	for (size_t i = 0; i < again; i++)
		free(check[i].sql);
	double t3 = time_mono_ms();
	tm->indexes = (t3 - t2) / 1000.0;
	tm->indexes_cpu = (cpu_ms() - c2) / 1000.0;
	/* Statistics, as the store's PRAGMA optimize would make them in
	 * time: without them the planner joins the rebuild's view to
	 * unit_ancestors first (every ancestor row × every case of the
	 * tree: hours for 100 000 cases instead of 2 s). */
	if (bulk_exec(l->h, "PRAGMA analysis_limit = 1000; ANALYZE") != 0)
		return -1;
	double t4 = time_mono_ms(), c4 = cpu_ms();
	tm->analyze = (t4 - t3) / 1000.0;
	/* The sums: from the facts the generator held (bulk_sums.c), or,
	 * when the file already had cases (--append), reading the view. */
	if (l->acc != NULL) {
		if (bulk_exec(l->h, "BEGIN") != 0 ||
		    bulk_sums_write(l->acc, l->h, l->o->tree, l->units,
		                    &l->sums) != 0 ||
		    bulk_exec(l->h, "COMMIT") != 0)
			return -1;
	} else if (fill_sums_sql(l) != 0) {
		return -1;
	}
	tm->sums = (time_mono_ms() - t4) / 1000.0;
	tm->sums_cpu = (cpu_ms() - c4) / 1000.0;
	return 0;
}

int bulk_run(struct store **st, const struct bulk_options *o,
             const struct gen_pick *units)
{
	struct arena *a = arena_new();
	struct loader l = {.o = o, .units = units};
	struct bulk_trig trigs[8];
	struct bulk_index idx[BULK_MAX_INDEXES];
	struct timing tm = {0};
	size_t ntrig = 0;
	int nidx = 0, rc = -1;
	l.gen = bulk_gen_new(o->seed);
	l.names = bulk_names_new();
	l.counter = calloc(1000, sizeof *l.counter);
	l.pcode = calloc(1000, sizeof *l.pcode);
	if (l.gen == NULL || l.names == NULL || l.counter == NULL ||
	    l.pcode == NULL || read_rules(*st, a, &l) != 0) {
		fprintf(stderr, "trogiup-gen: cannot read deadline rules\n");
		goto out;
	}
	l.br = (struct bulk_rules){.rules = l.rules,
	                           .n = l.n_rules,
	                           .holidays = &l.holidays,
	                           .now = o->now};
	store_close(*st);
	*st = NULL;

	double t0 = time_mono_ms();
	/* one thread uses the connection: no mutexes */
	if (sqlite3_open_v2(o->db, &l.h,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		fprintf(stderr, "trogiup-gen: %s: %s\n", o->db,
		        sqlite3_errmsg(l.h));
		goto out;
	}
	/* sums in C only when every case of the file is one of ours */
	sqlite3_stmt *q;
	bool empty = false;
	if (sqlite3_prepare_v2(l.h, "SELECT NOT EXISTS (SELECT 1 FROM cases)",
	                       -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		empty = sqlite3_column_int(q, 0) != 0;
	sqlite3_finalize(q);
	if (empty && (l.acc = bulk_sums_new(units->n, o->now)) == NULL) {
		fprintf(stderr, "trogiup-gen: out of memory\n");
		sqlite3_close(l.h);
		goto out;
	}
	int failed = load(&l, trigs, &ntrig, idx, &nidx, &tm);
	bulk_writer_free(l.writer);
	double tw = time_mono_ms();
	if (!failed)
		failed = journal_mode(l.h, "wal");
	if (sqlite3_close(l.h) != SQLITE_OK || failed)
		goto out;
	double t1 = time_mono_ms();
	tm.wal = (t1 - tw) / 1000.0;

	double t2 = t1;
	long rows = (long)o->cases * 2 + l.events + l.suffixes;
	printf("done: %lld cases (%s) in %.1f s: %.0f cases/s, %.0f rows/s "
	       "(%ld events, %ld name-search rows); CPU %.1f s: %.0f cases "
	       "per CPU second\n",
	       o->cases, o->minimal ? "bulk" : "national", tm.cases,
	       (double)o->cases / tm.cases, (double)rows / tm.cases, l.events,
	       l.suffixes, tm.cases_cpu, (double)o->cases / tm.cases_cpu);
	printf("  persons, cases, events %.1f s (%.0f cases/s), CPU %.1f s: "
	       "generator thread %.1f s, SQLite thread %.1f s; then the "
	       "name-search rows in key order %.1f s, CPU %.1f s\n",
	       tm.cases_only, (double)o->cases / tm.cases_only,
	       tm.cases_only_cpu, l.gen_cpu, l.write_cpu, tm.names,
	       tm.names_cpu);
	if (!o->minimal)
		printf("  network %.1f s: %ld facilities, %ld trainings, %ld "
		       "participants, %ld communications, %ld plans, %ld "
		       "targets\n",
		       tm.network, l.net.facilities, l.net.trainings,
		       l.net.participants, l.net.communications, l.net.plans,
		       l.net.targets);
	printf("  indexes %.1f s, CPU %.1f s (%d re-created), triggers "
	       "re-created:",
	       tm.indexes, tm.indexes_cpu, nidx);
	for (size_t i = 0; i < ntrig; i++)
		printf(" %s", trigs[i].name);
	printf("\n  analyze %.1f s, sums filled (%s) in %.1f s, CPU %.1f s "
	       "(%ld rows), wal "
	       "%.1f s\n  end to end %.1f s: %.0f cases/s\n",
	       tm.analyze, l.acc != NULL ? "from the generator" : "by the view",
	       tm.sums, tm.sums_cpu, l.sums, tm.wal, (t2 - t0) / 1000.0,
	       (double)o->cases * 1000.0 / (t2 - t0));
	printf("  overdue %ld\n  stages:", l.overdue);
	for (int i = 0; i < STAGE__MAX; i++)
		printf(" %s %ld", case_stage_name((enum case_stage)i),
		       l.by_stage[i]);
	printf("\n  types: ");
	for (int i = 0; i < CASE_TYPE__MAX; i++)
		printf(" %s %ld", case_type_name((enum case_type)i),
		       l.by_type[i]);
	printf("\n");
	rc = 0;
out:
	for (size_t i = 0; i < ntrig; i++)
		free(trigs[i].sql);
	bulk_free_indexes(idx, nidx);
	bulk_gen_free(l.gen);
	bulk_names_free(l.names);
	bulk_sums_free(l.acc);
	free(l.counter);
	free(l.pcode);
	arena_free(a);
	return rc;
}
