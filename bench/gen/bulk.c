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
 * Speed (docs/performance.md §The national generator):
 *  - two threads (bulk_cases.c): one makes the cases, this one writes
 *    them, persons and cases with their ids and events 32 rows to an
 *    INSERT (bulk_rows.c);
 *  - the secondary indexes of the loaded tables are dropped for the load
 *    and re-created at the end from their own text in sqlite_master (then
 *    checked to be back, the same), with a small page cache, so rows go in
 *    at the right edge of their table in rowid order and each index is
 *    built once by a sort; but person_name_suffixes_suffix stays, its rows
 *    being written after the cases in its key order (bulk_names.c);
 *  - the triggers of 0004_indicators.sql that keep indicator_case_sums are
 *    dropped too and re-created from the embedded migration's text
 *    (migrations.h, split with sqlite3_complete and checked against
 *    sqlite_master); the sums are computed in C from the facts the
 *    generator held (bulk_sums.c; by reading the view once when the file
 *    held cases before), and `trogiup indicators rebuild` then finds
 *    nothing to correct (bench/gen/check);
 *  - the loading connection runs without a journal (journal_mode OFF,
 *    synchronous OFF, one exclusive lock, a large page cache, temp files in
 *    memory, sorter threads for CREATE INDEX) in one transaction per
 *    --batch cases, and goes back to WAL at the end: a failed load leaves a
 *    broken file, which the benchmarks never mark done and so make again.
 */
#include "bulk.h"

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
	l->next_person = bulk_max_id(l->h, "SELECT MAX(id) FROM persons") + 1;
	l->next_case = bulk_max_id(l->h, "SELECT MAX(id) FROM cases") + 1;
	if ((l->writer = bulk_writer_new(l->h, l->o->creator_id)) == NULL)
		return -1;
	double t0 = time_mono_ms(), c0 = cpu_ms();
	if (bulk_load_cases(l) != 0)
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
