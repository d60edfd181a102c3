/*
 * store_backup.h — copying a whole database to a file and back
 * (`trogiup backup` and `trogiup restore`, issue 10).
 *
 * SQLite only for now: the copy is made with SQLite's online backup API,
 * page by page, so a server writing to the database is not held up and
 * the copy is one consistent snapshot.  Pages are copied as they are:
 * restricted narratives stay sealed in the copy, and the key that opens
 * them (DB.key, lib/secret.h) is not part of it.  The PostgreSQL store
 * (issue 9) will wrap pg_dump behind the same two functions.
 */
#ifndef TROGIUP_STORE_STORE_BACKUP_H
#define TROGIUP_STORE_STORE_BACKUP_H

#include <stdbool.h>

#include "store/store.h"

/* What a backup wrote. */
struct store_backup_info {
	int schema_version; /* highest migration recorded in the copy */
	long pages;         /* database pages copied */
	long page_size;     /* bytes per page */
	int restarts; /* times a write by another connection made SQLite start
	                 the copy again */
	/* the setting seal_key_file recorded in the copy: where the
	 * database it came from keeps its key ("" when none) */
	char seal_key_file[4096];
};

/* Called once per table after a restore compared it: its name, its rows
 * (the same in the backup and in the restored file). */
typedef void store_table_fn(void *ctx, const char *table, long rows);

/* Copies the database at dsn into a new file to_path: written to a
 * temporary file beside it, checked (integrity_check, schema_version) and
 * renamed, so to_path is either a whole backup or untouched.  An existing
 * to_path is refused unless overwrite.  *err (malloc'd, the caller frees)
 * says why on STORE_ERROR (anything) or STORE_CONFLICT (to_path exists). */
enum store_status store_backup(const char *dsn, const char *to_path,
                               bool overwrite, struct store_backup_info *info,
                               char **err);

/* Replaces the database at dsn with the backup from_path.  The backup must
 * be a trogiup database (a schema_version whose migrations this program
 * knows by number and name) that passes integrity_check.  An existing
 * non-empty dsn is refused (STORE_CONFLICT) unless force, and so is one in
 * use (its WAL cannot be folded back).  The copy goes to a temporary file
 * beside dsn, is compared with the backup table by table, row by row (an
 * order-free checksum of every row; on_table is called for each, may be
 * NULL), and is renamed over dsn only then: any failure leaves dsn as it
 * was.  *info (may be NULL) describes the backup.  *err as above. */
enum store_status store_restore(const char *from_path, const char *dsn,
                                bool force, store_table_fn *on_table, void *ctx,
                                struct store_backup_info *info, char **err);

/* Compares every table of two database files row by row (as store_restore
 * does after its copy); STORE_OK when they hold the same rows, STORE_ERROR
 * with *err naming the first table that differs. */
enum store_status store_compare_files(const char *a_path, const char *b_path,
                                      store_table_fn *on_table, void *ctx,
                                      char **err);

#endif
