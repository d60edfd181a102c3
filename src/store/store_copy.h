/*
 * store_copy.h — moving a province's SQLite database into PostgreSQL
 * (`trogiup migrate-store`, issue 9): every row of every table copied
 * as it is, then counted and checksummed on both sides.
 *
 * The source is opened read-only and read in one read transaction, so the
 * copy is one consistent snapshot; when another connection (a server)
 * commits to the source during the copy, the copy is refused and the
 * target left as it was, so no write made meanwhile can be lost.  The
 * target is opened and migrated with store_open/store_migrate and must
 * then be at the source's schema version (a source behind this program is
 * refused, not migrated: the command does not write to the source).
 *
 * Everything written to the target happens in one PostgreSQL transaction:
 * its secondary indexes and foreign keys are dropped, its tables emptied,
 * loaded with COPY in an order that satisfies the foreign keys with the
 * user triggers off (derived tables such as the
 * indicator sums are copied as they are, and the append-only guards are
 * on again before the commit), the identity sequences are moved past the
 * highest id, the indexes and foreign keys are re-created from their own
 * definitions (each key checked against the loaded rows), and every table
 * is read back and compared with the source.
 * Any failure rolls it back.  Restricted narratives are copied sealed, and
 * the setting seal_key_file as it is: the key file is not in either
 * database.
 */
#ifndef TROGIUP_STORE_STORE_COPY_H
#define TROGIUP_STORE_STORE_COPY_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* The steps a table goes through, reported to a store_copy_fn. */
enum store_copy_stage {
	STORE_COPY_LOADING,  /* about to be loaded */
	STORE_COPY_LOADED,   /* rows and seconds are set */
	STORE_COPY_VERIFIED, /* read back: rows, checksum and ok are set */
};

struct store_copy_table {
	const char *name;
	long rows;         /* rows in the source */
	double seconds;    /* LOADED: time spent loading it */
	uint64_t checksum; /* VERIFIED: the source's rows, in any order */
	bool ok;           /* VERIFIED: the target holds the same rows */
};

typedef void store_copy_fn(void *ctx, enum store_copy_stage stage,
                           const struct store_copy_table *t);

/* What a copy did. */
struct store_copy_info {
	int schema_version; /* of the source, and now of the target */
	long tables;
	long rows;
	double load_seconds;   /* emptying the target and loading */
	double index_seconds;  /* of which re-creating its secondary indexes
	                        * and foreign keys after the load */
	double verify_seconds; /* reading both sides back */
	/* the setting seal_key_file of the source, copied as it is: where
	 * its key is ("" when none is recorded) */
	char seal_key_file[4096];
};

/*
 * Copies the SQLite database at from_path into the PostgreSQL database
 * to_dsn (postgres://…) as described above.  A target that already holds
 * data (a row in any table but the reference tables the migrations fill:
 * deadline_rules and holidays) is refused with STORE_CONFLICT unless
 * force, which replaces it.  progress (may be NULL) is called for every
 * table at every stage.  *info (may be NULL) is filled on STORE_OK.  On
 * failure *err (malloc'd, the caller frees) says why, and the target is
 * as it was (apart from migrations store_migrate applied to it).
 */
enum store_status store_migrate_to(const char *from_path, const char *to_dsn,
                                   bool force, store_copy_fn *progress,
                                   void *ctx, struct store_copy_info *info,
                                   char **err);

#endif
