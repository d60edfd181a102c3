/*
 * timeutil.h — wall clock and ISO-8601 formatting.
 *
 * Instants are int64 seconds since the Unix epoch, UTC, everywhere in the
 * code and the store; the API shows them as "YYYY-MM-DDTHH:MM:SSZ".
 */
#ifndef TROGIUP_LIB_TIMEUTIL_H
#define TROGIUP_LIB_TIMEUTIL_H

#include <stdint.h>

int64_t time_now(void);    /* seconds, UTC */
double time_mono_ms(void); /* monotonic milliseconds */

/* Writes "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void time_iso8601(int64_t t, char buf[21]);

/* Parses "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (midnight UTC);
 * 0 on success, -1 on a malformed or impossible date. */
int time_parse_iso8601(const char *s, int64_t *out);

#endif
