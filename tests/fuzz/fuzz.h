/*
 * fuzz.h — what the libFuzzer harnesses of tests/fuzz share: the entry
 * point's prototype, a check that stops the run on a broken invariant (a
 * parser that accepts what it cannot give back, or refuses and succeeds at
 * once), and the input as C strings (the parsers take NUL-terminated
 * text; a NUL inside the input ends the string, as it would in a cell).
 */
#ifndef TROGIUP_FUZZ_H
#define TROGIUP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() so libFuzzer saves the input as a crash. */
#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",       \
			        __FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* A malloc'd NUL-terminated copy of data[0..size). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Splits a C string in place at its first n-1 '\n's into parts[0..n);
 * missing parts are "". */
static inline void fuzz_split(char *s, char **parts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		parts[i] = s;
		char *nl = strchr(s, '\n');
		if (nl == NULL || i + 1 == n) {
			s = s + strlen(s);
			continue;
		}
		*nl = '\0';
		s = nl + 1;
	}
}

#endif
