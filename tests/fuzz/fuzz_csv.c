/*
 * fuzz_csv.c — the CSV reader under every import (lib/csvfile.h
 * csvfile_parse: the network imports of POST /imports, budget tables,
 * the CLI's unit and indicator files) with what the network import does
 * with the rows that need no database (domain/network.h): the header map
 * of each import kind and the cell parsers (counts, dates, codes by code
 * or label).  The rows that need units and scope go through the store
 * (api/import_engine.c) and are covered by tests/api/imports.test.mjs.
 *
 * Invariants: rows come in line order with at least one NUL-terminated
 * field; a header map points only at existing, distinct columns and finds
 * every required one; a parsed count is within its limit; a parsed date
 * is canonical; a code found for a cell is in its list; and every row
 * written by csvfile_write_row (the exports) reads back as the same
 * cells, an apostrophe before a formula character aside.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "domain/codes.h"
#include "domain/network.h"
#include "lib/arena.h"
#include "lib/csvfile.h"

static const char *const cell_lists[] = {"facility_type", "training_topic",
                                         "sex", "communication_kind"};

struct state {
	struct arena *a;
	long last_line;
	long rows;
};

static void check_header(size_t nfields, const char *const *fields)
{
	for (int k = 0; k < IMPORT_KIND__MAX; k++) {
		int map[IMPORT_MAX_COLUMNS];
		const char *bad = NULL;
		bool missing = false;
		size_t ncols;
		const struct import_column *cols =
		    import_columns((enum import_kind)k, &ncols);
		FUZZ_CHECK(ncols <= IMPORT_MAX_COLUMNS);
		if (import_header_map((enum import_kind)k, nfields, fields, map,
		                      &bad, &missing) != 0) {
			FUZZ_CHECK(bad != NULL);
			continue;
		}
		for (size_t i = 0; i < ncols; i++) {
			FUZZ_CHECK(map[i] >= -1 && map[i] < (int)nfields);
			FUZZ_CHECK(!cols[i].required || map[i] >= 0);
			for (size_t j = 0; j < i; j++)
				FUZZ_CHECK(map[i] < 0 || map[i] != map[j]);
		}
	}
}

static void check_cell(struct arena *a, const char *cell)
{
	int64_t n = net_count_parse(cell, 1000000);
	FUZZ_CHECK(n >= -1 && n <= 1000000);
	char date[NET_DATE_MAX], again[NET_DATE_MAX];
	if (net_date_parse(cell, date) == 0) {
		FUZZ_CHECK(strlen(date) == 10);
		FUZZ_CHECK(net_date_parse(date, again) == 0 &&
		           strcmp(date, again) == 0);
	}
	for (size_t i = 0; i < sizeof cell_lists / sizeof *cell_lists; i++) {
		const char *code = net_code_of(a, cell_lists[i], cell);
		if (code != NULL)
			FUZZ_CHECK(codes_has(cell_lists[i], code));
	}
}

struct roundtrip {
	size_t n;
	const char *const *want;
	long rows;
	bool same;
};

static int on_written_row(void *ctx, long line, size_t nfields,
                          const char *const *fields)
{
	struct roundtrip *r = ctx;
	(void)line;
	if (r->rows++ == 0)
		return 0; /* the header */
	if (nfields != r->n) {
		r->same = false;
		return 0;
	}
	for (size_t i = 0; i < nfields; i++) {
		const char *w = r->want[i], *got = fields[i];
		if (w[0] != '\0' && strchr(CSV_GUARDED_FIRST, w[0]) != NULL) {
			if (got[0] != '\'') {
				r->same = false;
				continue;
			}
			got++;
		}
		if (strcmp(w, got) != 0)
			r->same = false;
	}
	return 0;
}

/* The row as an export writes it, read back. */
static void check_roundtrip(size_t nfields, const char *const *fields)
{
	if (nfields == 1 && fields[0][0] == '\0')
		return; /* an empty line: skipped on reading, as it should be */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	FUZZ_CHECK(f != NULL);
	fputs("h\r\n", f);
	csvfile_write_row(f, fields, nfields);
	fclose(f);
	struct roundtrip r = {.n = nfields, .want = fields, .same = true};
	char *err = NULL;
	FUZZ_CHECK(csvfile_parse(buf, len, on_written_row, &r, &err) == 0);
	FUZZ_CHECK(r.rows == 2 && r.same);
	free(buf);
}

static int on_row(void *ctx, long line, size_t nfields,
                  const char *const *fields)
{
	struct state *s = ctx;
	FUZZ_CHECK(line >= 1 && line >= s->last_line);
	FUZZ_CHECK(nfields >= 1);
	s->last_line = line;
	for (size_t i = 0; i < nfields; i++)
		FUZZ_CHECK(fields[i] != NULL);
	if (s->rows++ == 0)
		check_header(nfields, fields);
	else
		for (size_t i = 0; i < nfields && i < 16; i++)
			check_cell(s->a, fields[i]);
	check_roundtrip(nfields, fields);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state s = {.a = arena_new()};
	char *err = NULL;
	int rc = csvfile_parse((const char *)data, size, on_row, &s, &err);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK((rc == -1) == (err != NULL));
	free(err);
	arena_free(s.a);
	return 0;
}
