/*
 * import_internal.h — what the files of the CSV import share; only for
 * src/api/import_*.c (everyone else uses import_engine.h).
 *
 * import_engine.c runs one import: the encoding check, libcsv on a
 * checking thread, checked rows handed over in batches to the storing
 * thread (the caller's), problems merged at the end.  import_rows.c knows
 * what the rows of each kind are: the header, the cells, the unit of a
 * row, and the check and store of each kind.  struct importer is the
 * state of one run; each of its fields belongs to one of the two threads
 * or is shared under mu.
 */
#ifndef TROGIUP_API_IMPORT_INTERNAL_H
#define TROGIUP_API_IMPORT_INTERNAL_H

#include <pthread.h>

#include "api/import_engine.h"

#define UNIT_CACHE_SLOTS 1024 /* power of two */
#define UNIT_CODE_MAX    16
#define CODE_MEMO        24 /* distinct texts remembered per code column */

struct unit_slot {
	char code[UNIT_CODE_MAX]; /* "" when the slot is empty */
	bool known;
	struct unit_row unit;
};

struct code_memo {
	const char *cell[CODE_MEMO];
	const char *code[CODE_MEMO]; /* NULL: not in the list */
	int n;
};

/* Rows handed from the checking thread to the storing one. */
#define BATCH_ROWS  512
#define QUEUE_DEPTH 4

/* Problems found by one of the two threads (each keeps its own list;
 * they are merged by line at the end). */
struct problem_list {
	struct arena *a;
	struct import_problem *items; /* at most IMPORT_MAX_PROBLEMS */
	size_t n;
	long total;
};

/* One checked row waiting for its unit and the store. */
struct pending {
	long line;
	bool ok;          /* every cell but the unit is valid */
	const char *unit; /* the unit_code cell, "" when empty */
	union {
		struct facility_row f;
		struct training_row t;
		struct communication_row c;
		struct participant_row p;
	} r;
};

struct batch {
	struct arena *arena; /* the rows' text; freed once stored */
	size_t n;
	struct batch *next;
	struct pending rows[BATCH_ROWS];
};

struct importer {
	const struct import_request *rq;
	struct import_result *res;
	const char *tree; /* of unit_code cells */
	int commune_level;
	struct training_row training; /* participants */
	int64_t now;
	char today[NET_DATE_MAX];
	int this_year;
	const struct import_column *columns;
	size_t ncolumns;
	int unit_col; /* the unit_code column of the kind */

	/* ---- the checking thread (libcsv, cells) ---- */
	struct problem_list checked; /* in the caller's arena */
	struct arena *scratch;       /* the current batch's arena */
	struct batch *batch;         /* being filled */
	bool header_seen;
	size_t header_fields;
	int map[IMPORT_MAX_COLUMNS]; /* column → index in the row, -1 */
	struct code_memo memo[IMPORT_MAX_COLUMNS];
	long line;     /* the row being checked */
	long last_end; /* last line of the last complete row */
	const char *const *fields;
	bool row_bad;
	bool check_cancelled; /* saw the cancel flag */

	/* ---- the storing thread (the caller: units, store) ---- */
	struct store *st;
	struct problem_list stored; /* in its own arena */
	struct unit_slot *units;    /* UNIT_CACHE_SLOTS */
	size_t units_used;
	bool in_tx;     /* the import's transaction is open */
	bool store_err; /* a store call failed: nothing more is stored */
	bool cancelled; /* saw the cancel flag */
	long inserted;
	long done; /* rows handled */

	/* ---- shared ---- */
	atomic_bool any_problem; /* nothing will be stored */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *head, *tail; /* checked, not yet stored */
	int queued;
	bool finished; /* the checking thread has queued its last batch */
	bool stop;     /* the storing thread gave up: stop checking */
};

/* ---- problems (import_engine.c) -------------------------------------- */

/* Adds a problem to l (counted beyond IMPORT_MAX_PROBLEMS, not listed);
 * column and code are static strings, message is copied into l->a. */
void import_problems_add(struct problem_list *l, long line, const char *column,
                         const char *code, const char *message);

/* A problem of the checking thread (header, encoding, cells): the row is
 * bad and nothing will be stored. */
void import_check_problem(struct importer *im, long line, const char *column,
                          const char *code, const char *message);

/* ---- rows (import_rows.c) -------------------------------------------- */

/* Maps the header, recording every unknown, repeated or missing column.
 * false when a required column is missing (rows cannot be checked). */
bool import_read_header(struct importer *im, long line, size_t n,
                        const char *const *f);

/* The cell of column col of the row being checked, trimmed, in the
 * batch's arena; "" when empty or the column is absent. */
const char *import_cell(struct importer *im, int col);

/* The unit of a unit_code cell (storing thread), looked up once per
 * import; NULL (and a problem) when unknown or out of the caller's scope,
 * NULL with im->store_err on a store error.  Empty: dflt (NULL:
 * required).  The result lives as long as the import. */
const struct unit_row *import_unit_of(struct importer *im, long line,
                                      const char *s,
                                      const struct unit_row *dflt);

/* What each kind's rows are: check (checking thread: every cell but the
 * unit, no store), store (storing thread: the row with its unit), and
 * the column of its unit_code. */
struct import_kind_rows {
	bool (*check)(struct importer *im, struct pending *pr);
	enum store_status (*store)(struct importer *im, struct pending *pr,
	                           const struct unit_row *u);
	int unit_col;
};
extern const struct import_kind_rows import_kinds[IMPORT_KIND__MAX];

#endif
