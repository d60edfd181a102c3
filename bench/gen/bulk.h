/*
 * bulk.h — trogiup-gen's fast load: millions of cases with their people,
 * histories and name-search rows, and the national network and plans
 * (or, --bulk, minimal cases for bench/indicators/run), written with
 * plain prepared INSERTs on a connection of its own instead of store.h
 * (bulk.c says how, and what is left out).
 */
#ifndef TROGIUP_BENCH_GEN_BULK_H
#define TROGIUP_BENCH_GEN_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pthread.h>

#include "cli/casegen.h"
#include "domain/deadline.h"

struct store;
struct sqlite3;
struct deadline_rule;
struct holiday_set;

/* The units cases go to, each with a cumulative weight. */
struct gen_pick {
	struct casegen_unit *units;
	uint64_t *cum;
	size_t n;
	uint64_t total; /* a few tens of thousands */
};

struct bulk_options {
	const char *db, *tree;
	long long cases, batch;
	uint64_t seed;
	int64_t now;        /* cases open from 2019-01-01 until now */
	int64_t creator_id; /* created_by of every case */
	int cache_mb;       /* page cache of the loading connection */
	bool minimal;       /* --bulk: person and case rows only */
};

/* Adds o->cases people and cases (and the network) to the database *st
 * is open on.  The store is closed and the rows go in through a
 * connection of bulk's own, which also fills the indicator sums; *st is
 * NULL on return.  0 when done, -1 after a message on stderr. */
int bulk_run(struct store **st, const struct bulk_options *o,
             const struct gen_pick *units);

/* ---- the schema the load takes out and puts back (bulk_schema.c) --------- */

struct bulk_trig {
	char name[64];
	char *sql; /* as sqlite_master holds it: from CREATE, no ';' */
};
#define BULK_MAX_INDEXES 32
struct bulk_index {
	char *name, *sql; /* as sqlite_master holds them */
	bool kept;        /* not dropped for the load */
};
/* sqlite3_exec; 0, or -1 after a message naming the statement. */
int bulk_exec(struct sqlite3 *h, const char *sql);
/* Every CREATE TRIGGER of the migrations on cases, checked to be the text
 * sqlite_master holds; up to max into out, how many in *n; 0 or -1. */
int bulk_case_triggers(struct sqlite3 *h, struct bulk_trig *out, size_t max,
                       size_t *n);
/* The secondary indexes of persons, person_name_suffixes, cases and
 * case_events (up to BULK_MAX_INDEXES, malloc'd texts); how many, -1. */
int bulk_read_indexes(struct sqlite3 *h, struct bulk_index *out);
void bulk_free_indexes(struct bulk_index *x, int n);
/* Builds them again from their text and checks that sqlite_master holds
 * exactly what it held before; 0, or -1 after a message. */
int bulk_restore_indexes(struct sqlite3 *h, struct bulk_index *x, int n);

/* ---- the network and plans (bulk_net.c) --------------------------------- */

struct bulk_net_stats {
	long facilities, trainings, participants, communications, plans,
	    targets;
};
/* Writes them on h inside its transaction; 0, or -1 after a message. */
int bulk_net_run(struct sqlite3 *h, const struct bulk_options *o,
                 struct bulk_net_stats *out);

/* ---- one case (bulk_case.c) --------------------------------------------- */

struct bulk_gen; /* the seeded stream and the folded name parts */
struct bulk_gen *bulk_gen_new(uint64_t seed); /* NULL: out of memory */
void bulk_gen_free(struct bulk_gen *g);
uint64_t bulk_below(struct bulk_gen *g, uint64_t n); /* [0, n), n >= 1 */

/* The indicators of the view case_indicator_rows (0004_indicators.sql),
 * in the order of its arms; bulk_sums.c holds their codes. */
enum bulk_indicator {
	IND_P1_SUPPORTED,
	IND_P2_CSC_SUPPORTED,
	IND_P2_CSC_MANAGED,
	IND_P2_RISK_SUPPORTED,
	IND_P2_RISK_PLAN,
	IND_P2_ABUSE_RATE,
	IND_P3_GBV_SUPPORTED,
	IND_P3_GBV_COUNSELLED,
	IND_P4_COURT_EXECUTED,
	IND_P4_TREATED,
	IND_P4_VOCATIONAL,
	IND_P4_VOCATIONAL_COUNT,
	IND_P4_HARM_REDUCTION,
	IND_P4_TIP_SUPPORTED,
	IND_P4_TIP_VERIFIED,
	IND_P4_TIP_PROTECTED,
	IND_P4_TIP_BENEFITS,
	BULK_IND__MAX
};

/* Everything of one case but its unit, number and deadline; times are
 * UTC seconds, 0 for none.  ind: the case's rows of the view (num or den
 * 1 in each), for bulk_sums.c. */
struct bulk_case {
	enum case_type type;
	enum case_stage stage;
	int64_t opened, since, plan, closure, closed;
	const char *urgency, *risk, *closure_reason; /* static, or NULL */
	bool restricted, male;
	int born;
	char details[512], name[96], folded[96], birth[11];
	int n_ind;
	struct {
		uint8_t code, num, den; /* code: enum bulk_indicator */
	} ind[6];
};
/* 0, or -1 after a message when the facts would not pass the API's
 * checks (a bug of the generator). */
int bulk_case_make(struct bulk_gen *g, int64_t now, struct bulk_case *c);
/* The folded words of the names made so far (for name_words): up to max
 * into out, how many. */
size_t bulk_name_words(const struct bulk_gen *g, const char **out, size_t max);

/* ---- the indicator sums of the cases made (bulk_sums.c) ----------------- */

struct bulk_sums;
/* For cases on units[0 .. units) opened until now; NULL: no memory. */
struct bulk_sums *bulk_sums_new(size_t units, int64_t now);
void bulk_sums_free(struct bulk_sums *s);
/* Adds case c of unit number unit (an index into gen_pick's units). */
void bulk_sums_add(struct bulk_sums *s, size_t unit, const struct bulk_case *c);
/* Replaces indicator_case_sums with the sums of every unit of the tree
 * and the nation, in key order, inside h's transaction; rows written in
 * *rows; 0, or -1 after a message. */
int bulk_sums_write(struct bulk_sums *s, struct sqlite3 *h, const char *tree,
                    const struct gen_pick *units, long *rows);

/* ---- its history (bulk_hist.c) ------------------------------------------- */

struct bulk_rules {
	const struct deadline_rule *rules;
	size_t n;
	const struct holiday_set *holidays;
	int64_t now;
};
struct bulk_event {
	int64_t at;
	const char *kind;  /* static */
	int len, kind_len; /* of data and kind, set for the writer */
	char data[400];    /* JSON */
};
struct bulk_history {
	size_t n;
	struct bulk_event ev[12];
};
/* The events of case c of unit u, in time order; 0. */
int bulk_history_make(struct bulk_gen *g, const struct bulk_rules *r,
                      const struct casegen_unit *u, const struct bulk_case *c,
                      struct bulk_history *h);

/* ---- the SQLite side of the load (bulk_rows.c) --------------------------- */

/* The short texts of a case's rows, with their lengths in bulk_rec. */
enum bulk_text {
	BT_SEX,
	BT_BIRTH,
	BT_TREE,
	BT_CODE,
	BT_PATH,
	BT_PROVINCE,
	BT_CASE_NO,
	BT_TYPE,
	BT_STAGE,
	BT_RULE,
	BT_URGENCY,
	BT_RISK,
	BT_CLOSURE,
	BULK_TEXT__MAX
};

/* One case with its person, name-search rows and events, made by the
 * generator thread and written by the SQLite thread. */
struct bulk_rec {
	const struct casegen_unit *unit;
	int64_t person_id, case_id, due; /* due 0: none */
	const char *rule_code;           /* static, or NULL */
	char province[4], case_no[32];
	/* lengths of the texts, measured by the generator thread: the
	 * SQLite thread's strlen was 11 % of its time, then 6 % for the
	 * short ones */
	int name_len, folded_len, details_len;
	const char *text[BULK_TEXT__MAX]; /* NULL binds NULL */
	int text_len[BULK_TEXT__MAX];
	struct bulk_case c;
	struct bulk_history hist;
};
struct bulk_writer;
/* Prepares its statements on h (created_by is actor); NULL after a
 * message. */
struct bulk_writer *bulk_writer_new(struct sqlite3 *h, long long actor);
void bulk_writer_free(struct bulk_writer *w);
/* Writes recs[0 .. n) (minimal: persons and cases only) inside h's
 * transaction; 0, or -1 (sqlite3_errmsg says why). */
int bulk_writer_put(struct bulk_writer *w, const struct bulk_rec *recs,
                    size_t n, bool minimal);
/* Name-search rows (text, ids[i]) for i < n, ROWS to a statement; text
 * must live until the call with text NULL, which writes what is left. */
int bulk_writer_suffixes(struct bulk_writer *w, const char *text, int len,
                         const int64_t *ids, size_t n);

/* ---- the name-search rows in key order (bulk_names.c) -------------------- */

struct bulk_names;
struct bulk_names *bulk_names_new(void); /* NULL: out of memory */
void bulk_names_free(struct bulk_names *x);
/* One row; ids are given in increasing order.  0, or -1: no memory. */
int bulk_names_add(struct bulk_names *x, const char *text, int len,
                   int64_t person_id);
/* All of them in the order of (suffix, person_id); 0, or -1. */
int bulk_names_write(struct bulk_names *x, struct bulk_writer *w);
long bulk_names_rows(const struct bulk_names *x);

/* ---- the load's state, shared by bulk.c and bulk_cases.c ---------------- */

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
	struct sqlite3 *h;
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

/* Generates and writes o->cases cases with both threads (bulk_cases.c);
 * 0 when every case is in. */
int bulk_load_cases(struct loader *l);
/* The largest id of a table (0 when empty), to number the rows that
 * follow. */
int64_t bulk_max_id(struct sqlite3 *h, const char *sql);

#endif
