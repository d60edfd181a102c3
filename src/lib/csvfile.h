/*
 * csvfile.h — reads an RFC 4180 CSV file row by row over libcsv, and
 * writes one (the exports of the network and of budgets).
 *
 * Reading: quotes, embedded newlines and CRLF are libcsv's business; this
 * wrapper only hands each complete row to a callback as an array of
 * NUL-terminated fields, with its 1-based line number (the header is
 * line 1).
 *
 * Writing: RFC 4180 with CRLF; a cell is quoted when it holds a comma, a
 * quote, a line end, or spaces at either end (libcsv would trim those
 * when reading it back).  A cell starting with one of CSV_GUARDED_FIRST
 * gets a leading apostrophe so that a spreadsheet shows it as text
 * instead of running it as a formula (CSV injection); our importers drop
 * an apostrophe followed by one of them, so an export imports back
 * unchanged.
 */
#ifndef TROGIUP_LIB_CSVFILE_H
#define TROGIUP_LIB_CSVFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* First characters that make a spreadsheet read a cell as a formula (a
 * tab or carriage return first is skipped by some, so the formula after
 * it runs too): the writer puts an apostrophe before such a cell and the
 * importers drop an apostrophe followed by one of them (CSV injection,
 * docs/network.md §Decisions). */
#define CSV_GUARDED_FIRST "=+-@\t\r"

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

/* Writes one cell, preceded by a comma unless it is the row's first;
 * NULL and "" are an empty cell. */
void csvfile_write_cell(FILE *out, const char *s, bool first);

/* Writes a row of n cells (NULL entries empty), then CRLF. */
void csvfile_write_row(FILE *out, const char *const *cells, size_t n);

#endif
