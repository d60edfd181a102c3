/*
 * import_engine.h — CSV imports of the service network (docs/network.md
 * §CSV import and export), shared by POST /api/v1/imports (imports.c) and
 * `trogiup import` (cli/cmd_import.c), and the CSV writer shared by the
 * list endpoints' format=csv (exports.c) and `trogiup export`.
 *
 * One import is one pass over the file: every line is checked (UTF-8,
 * columns, cells, units and scope) and every problem collected; while no
 * problem has been seen the checked rows also go into one open
 * transaction, which is committed at the end only when the whole file was
 * clean, and rolled back otherwise (a problem, a cancel, a store error).
 * So nothing is ever stored from a file with a problem, and a clean file
 * is read once.
 *
 * Progress counters and the cancel flag are atomics: another thread (the
 * HTTP job registry, a signal handler of the CLI) may read or set them
 * while the import runs.
 */
#ifndef TROGIUP_API_IMPORT_ENGINE_H
#define TROGIUP_API_IMPORT_ENGINE_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "domain/access.h"
#include "domain/network.h"
#include "lib/csvfile.h" /* CSV_GUARDED_FIRST, the writer */
#include "store/store.h"

struct arena;

/* At most this many problems are listed; beyond, `truncated`. */
#define IMPORT_MAX_PROBLEMS 1000

/* Shared between the importing thread and its watchers. */
struct import_progress {
	atomic_long rows_done;  /* data rows read so far */
	atomic_long rows_total; /* data rows in the file (an estimate until
	                           the end: newlines counted up front) */
	atomic_bool cancel;     /* set by anyone: the import rolls back */
};

struct import_request {
	enum import_kind kind;
	const char *data; /* the file, len bytes (not NUL-terminated) */
	size_t len;
	const char *tree;    /* tree of unit_code cells (not participants) */
	int64_t training_id; /* participants: their training */
	bool dry_run;
	/* Scope of the caller: units outside it are out_of_scope.  A
	 * national principal (scope_path NULL) sees every unit. */
	const struct principal *who;
	int64_t user_id; /* created_by of the rows */
	/* the audit entry `import` (NULL ip / request id: the CLI) */
	int64_t actor_id;
	const char *actor_name;
	const char *ip, *request_id;
	struct import_progress *progress; /* or NULL */
	/* called every few hundred rows from the importing thread (the
	 * CLI's progress line), or NULL */
	void (*tick)(void *ctx);
	void *tick_ctx;
	/* called from the importing thread inside the import's transaction,
	 * after its audit entry and just before the commit (rows read, rows
	 * stored); anything but STORE_OK rolls the import back.  The HTTP job
	 * records its end there, so a crash between commit and that record
	 * cannot leave stored rows under a job that reads as failed.  Or
	 * NULL. */
	enum store_status (*before_commit)(void *ctx, struct store *st,
	                                   long rows, long stored);
	void *commit_ctx;
};

enum import_outcome {
	IMPORT_DONE,        /* clean: stored (or a clean dry run) */
	IMPORT_PROBLEMS,    /* problems listed, nothing stored */
	IMPORT_CANCELLED,   /* cancel flag seen, nothing stored */
	IMPORT_NO_TRAINING, /* participants: no such training, or out of
	                       the caller's scope */
	IMPORT_FAILED       /* store error (logged), nothing stored */
};

struct import_problem {
	long line;
	const char *column; /* column name, or NULL (the whole line) */
	const char *code; /* encoding, missing_column, … (docs/network.md) */
	const char *message;
};

struct import_result {
	enum import_outcome outcome;
	long rows;   /* data rows read */
	long stored; /* rows committed (0 unless IMPORT_DONE, not dry run) */
	struct import_problem *problems; /* in the arena, n_problems */
	size_t n_problems;
	bool truncated; /* more problems than listed */
};

/* Runs one import on st (no transaction open) with every allocation in a
 * (results included).  Returns the outcome, also in out->outcome. */
enum import_outcome import_run(struct store *st, struct arena *a,
                               const struct import_request *rq,
                               struct import_result *out);

/* The listed problems as [{"line","column","code","message"}] (new
 * reference; column null when the problem is the whole line). */
json_t *import_problems_json(const struct import_result *r);

/* ---- CSV export (exports.c) ------------------------------------------ */

/* Writes every row the query selects (see net_export_reply in
 * api/network.h for what `query` points to) as CSV in the import columns,
 * UTF-8 BOM and header first.  0, or -1 on a store or write error. */
int import_export_csv(struct store *st, struct arena *a, enum import_kind kind,
                      const void *query, FILE *out);

/* ---- jobs of the HTTP server (imports.c) ------------------------------ */

/* Cancels every running import job and waits for each to roll back and
 * record its end; called by `serve` before the store pool closes. */
void imports_shutdown(void);

#endif
