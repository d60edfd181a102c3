/*
 * log.h — one key=value line per event on stderr.
 *
 * Lines are written whole (one write(2) each) so threads never interleave.
 * Callers never pass a password, token or restricted field.
 */
#ifndef TROGIUP_LIB_LOG_H
#define TROGIUP_LIB_LOG_H

/* Writes "ts=<iso8601> level=<level> " then the formatted text and '\n'. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Silences log_info (tests, benchmarks); errors still print. */
void log_set_quiet(int quiet);

#endif
