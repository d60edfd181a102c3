/*
 * xlsxfile.h — an XLSX workbook written with libxlsxwriter and handed
 * back as bytes, for the exports of budgets (api/budget_xlsx.c) and
 * reports (api/report_xlsx.c).
 *
 * Debian 12's libxlsxwriter (1.1.4) has no output_buffer option (added in
 * 1.1.5), so the workbook goes to a mkstemps file under $TMPDIR (or /tmp)
 * that is read back and unlinked on every path.  libxlsxwriter calls
 * gmtime() and rand() while closing a workbook, which are not safe across
 * threads, so every workbook of the process is written under one lock —
 * exports are rare and take milliseconds.
 */
#ifndef TROGIUP_LIB_XLSXFILE_H
#define TROGIUP_LIB_XLSXFILE_H

#include <stddef.h>

#include <xlsxwriter.h>

struct arena;

/* Fills the workbook; returns the first libxlsxwriter error it met
 * (LXW_NO_ERROR when none).  The workbook is closed by xlsxfile_write. */
typedef lxw_error (*xlsxfile_build)(lxw_workbook *wb, void *ctx);

/* Writes the workbook build(wb, ctx) fills and puts its bytes in *out /
 * *len: in arena a, or malloc'd (the caller frees) when a is NULL.  name
 * ("budget", "report") names the temporary file and the log lines.
 * 0, or -1 after logging (nothing in *out). */
int xlsxfile_write(const char *name, xlsxfile_build build, void *ctx,
                   struct arena *a, char **out, size_t *len);

#endif
