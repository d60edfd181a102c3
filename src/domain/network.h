/*
 * network.h — the rules of the service network (docs/network.md):
 * facility kinds and occupancy, stays, alternative care placements,
 * trainings, communication activities, and the cell parsing and column
 * sets of their CSV imports.
 *
 * Pure: no I/O.  The API and the import engine call these before they
 * touch the store, so every rule is unit-tested here alone
 * (tests/unit/test_network.c).  Code lists themselves live in codes.c.
 */
#ifndef TROGIUP_DOMAIN_NETWORK_H
#define TROGIUP_DOMAIN_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* ---- facilities ------------------------------------------------------ */

/* "facility", "service_point" or "model" for a facility_type code; NULL
 * when the code is not in the list. */
const char *facility_kind_of(const char *type);

/* True when an admission into a facility holding `residents` now needs an
 * explicit over-capacity reason: capacity unknown (< 0) or 0, or full. */
bool facility_needs_override(int64_t residents, int64_t capacity);

/* residents / capacity into *out; false (nothing written) when capacity is
 * unknown (< 0) or 0. */
bool facility_occupancy(int64_t residents, int64_t capacity, double *out);

/* True for kind "facility" without a licence number (RULES.md §8.4). */
bool facility_licence_missing(const char *kind, const char *licence_no);

/* ---- dates ----------------------------------------------------------- */

#define NET_DATE_MAX 11 /* "YYYY-MM-DD" and NUL */

/* Parses "YYYY-MM-DD" or "DD/MM/YYYY" (also D/M/YYYY) into canonical
 * "YYYY-MM-DD"; years 1900–2100, real calendar days.  0 or -1. */
int net_date_parse(const char *s, char out[NET_DATE_MAX]);

/* date plus months (the day clamped to the month's end: 31 Aug + 6 =
 * 28/29 Feb).  0 or -1 when date is not canonical. */
int net_date_add_months(const char *date, int months, char out[NET_DATE_MAX]);

/* ---- placements (Law on Children Art 62–63, RULES.md §3) --------------- */

enum placement_problem {
	PLACEMENT_OK,
	PLACEMENT_CARER_REQUIRED,    /* kinship / foster form without a carer */
	PLACEMENT_CARER_KIND,        /* kin carer for foster form or reverse */
	PLACEMENT_FACILITY_REQUIRED, /* residential_care without facility */
	PLACEMENT_CARER_TOO_YOUNG,   /* kin carer under 18 at start */
	PLACEMENT_AGE_GAP            /* non-kin carer < 20 years older */
};

struct placement_facts {
	const char *form;       /* alt_care_form code */
	const char *carer_kind; /* "kin", "non_kin" or NULL (no carer) */
	int carer_birth_year;   /* 0 unknown */
	int child_birth_year;   /* 0 unknown */
	bool has_facility;
	int start_year;
};

/* The first rule the facts break, or PLACEMENT_OK.  Ages are checked only
 * when the birth years are known. */
enum placement_problem placement_check(const struct placement_facts *f);

/* Months between reviews (Circular 14/2020 Art 13: six). */
#define PLACEMENT_REVIEW_MONTHS 6

/* ---- trainings and communications --------------------------------------- */

/* The project (1–4) of a training_topic code; 0 when not in the list. */
int training_topic_project(const char *topic);

/* The level of communes in a unit tree: 3 in "2024" (province › district ›
 * commune), 2 in "2025" (province › commune); 0 for another tree. */
int unit_commune_level(const char *tree);

/* ---- CSV cells ------------------------------------------------------- */

/* The code of list `list` that `cell` names: the code itself, or its
 * Vietnamese or English label, ignoring case, diacritics and đ (text_fold);
 * NULL when none.  Uses the arena for folding. */
const char *net_code_of(struct arena *a, const char *list, const char *cell);

/* Parses a non-negative integer cell ("1200", "1.200" with Vietnamese
 * thousands dots); -1 when it is not one or exceeds max. */
int64_t net_count_parse(const char *cell, int64_t max);

/* ---- CSV imports --------------------------------------------------------- */

enum import_kind {
	IMPORT_FACILITIES,
	IMPORT_TRAININGS,
	IMPORT_COMMUNICATIONS,
	IMPORT_PARTICIPANTS,
	IMPORT_KIND__MAX
};
const char *import_kind_name(enum import_kind k);
int import_kind_parse(const char *name, enum import_kind *out);

struct import_column {
	const char *name;
	bool required;
};
/* The columns of a kind, in export order. */
const struct import_column *import_columns(enum import_kind k, size_t *n);

#define IMPORT_MAX_COLUMNS 16

/* Maps a header row onto the kind's columns: map[i] is the index in
 * `fields` of column i, or -1 when absent.  Header cells are trimmed and
 * compared ignoring case (a UTF-8 BOM before the first is dropped).
 * Returns 0, or -1 with *bad naming the first problem: a required column
 * missing (*missing true) or an unknown / repeated header cell. */
int import_header_map(enum import_kind k, size_t nfields,
                      const char *const *fields, int map[IMPORT_MAX_COLUMNS],
                      const char **bad, bool *missing);

#endif
