/*
 * csvfile.h — reads an RFC 4180 CSV file row by row over libcsv.
 *
 * Quotes, embedded newlines and CRLF are libcsv's business; this wrapper
 * only hands each complete row to a callback as an array of NUL-terminated
 * fields, with its 1-based line number (the header is line 1).
 */
#ifndef TROGIUP_LIB_CSVFILE_H
#define TROGIUP_LIB_CSVFILE_H

#include <stddef.h>

/* Called once per row; return 0 to go on, non-zero to stop (that value is
 * returned by csvfile_read).  fields are valid only during the call. */
typedef int (*csvfile_row_fn)(void *ctx, long line, size_t nfields,
                              const char *const *fields);

/* Reads path; 0 when every row was handed over, the callback's non-zero
 * value when it stopped, -1 on I/O or parse error (message in err, which
 * the caller frees). */
int csvfile_read(const char *path, csvfile_row_fn fn, void *ctx, char **err);

/* Same over a memory buffer. */
int csvfile_parse(const char *data, size_t len, csvfile_row_fn fn, void *ctx,
                  char **err);

#endif
