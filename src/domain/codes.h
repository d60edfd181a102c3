/*
 * codes.h — the code lists of case work, with Vietnamese and English
 * labels (RULES.md, glossary.csv, DESIGN.md §5 and our own project lists).
 *
 * Codes are what the API and the database hold; labels are what people
 * read.  The lists are compiled in because they change only with the law,
 * while amounts and deadlines (which change more often) live in dated
 * tables of the store.  GET /api/v1/codes serves every list to the UI.
 */
#ifndef TROGIUP_DOMAIN_CODES_H
#define TROGIUP_DOMAIN_CODES_H

#include <stdbool.h>
#include <stddef.h>

struct code_entry {
	const char *code;
	const char *vi;
	const char *en;
};

struct code_list {
	const char *name; /* e.g. "csc_group" */
	const struct code_entry *items;
	size_t n;
};

/* Every list, in a fixed order. */
extern const struct code_list code_lists[];
extern const size_t code_lists_count;

/* The list called name, or NULL. */
const struct code_list *codes_list(const char *name);

/* True when code is in the list called list (false for an unknown list). */
bool codes_has(const char *list, const char *code);

/* The entry of code in list, or NULL. */
const struct code_entry *codes_find(const char *list, const char *code);

#endif
