/*
 * bulk_sums.c — the indicator sums of trogiup-gen's cases, computed in C
 * from the facts the generator already holds instead of reading the view
 * case_indicator_rows back (its 17 arms scan the cases table each: about
 * 40 % of a 1 M load went there).
 *
 * bulk_case.c gives each case its rows of the view (indicator, num, den:
 * the rules of 0004_indicators.sql repeated in C); here they are added per
 * commune and opening month into a dense table, then summed up each unit's
 * lineage (unit_ancestors, the unit itself included) and for the nation
 * (unit code '') and written into indicator_case_sums in its key order, so
 * every row goes in at the right edge of the B-tree.  A row exists where
 * the view would have given one (num or den is 1 in every row of the view,
 * so a group exists exactly when num + den > 0).  If 0004's rules change,
 * bench/gen/check (`trogiup indicators rebuild` → 0 differences) fails
 * until bulk_case.c follows.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"
#include "domain/deadline.h"

/* The view's indicators, in the order of its arms (bulk.h's enum). */
static const char *const indicator_names[BULK_IND__MAX] = {
    [IND_P1_SUPPORTED] = "p1_disadvantaged_supported_pct",
    [IND_P2_CSC_SUPPORTED] = "p2_csc_supported_pct",
    [IND_P2_CSC_MANAGED] = "p2_csc_managed_pct",
    [IND_P2_RISK_SUPPORTED] = "p2_at_risk_abused_supported_pct",
    [IND_P2_RISK_PLAN] = "p2_at_risk_abused_with_plan_pct",
    [IND_P2_ABUSE_RATE] = "p2_child_abuse_rate_reduction_pct",
    [IND_P3_GBV_SUPPORTED] = "p3_gbv_victims_supported_pct",
    [IND_P3_GBV_COUNSELLED] = "p3_gbv_perpetrators_counselled_pct",
    [IND_P4_COURT_EXECUTED] = "p4_court_decisions_executed_pct",
    [IND_P4_TREATED] = "p4_managed_addicts_treated_pct",
    [IND_P4_VOCATIONAL] = "p4_addicts_vocational_pct",
    [IND_P4_VOCATIONAL_COUNT] = "p4_addicts_vocational_trained_count",
    [IND_P4_HARM_REDUCTION] = "p4_harm_reduction_subunits_pct",
    [IND_P4_TIP_SUPPORTED] = "p4_trafficking_victims_supported_pct",
    [IND_P4_TIP_VERIFIED] = "p4_trafficking_cases_verified_pct",
    [IND_P4_TIP_PROTECTED] = "p4_trafficking_victims_protected_pct",
    [IND_P4_TIP_BENEFITS] = "p4_trafficking_victims_benefits_pct",
};

#define FIRST_YEAR 2019 /* no case opens before 2019-01-01 */

struct bulk_sums {
	size_t units, months;
	uint32_t *cell; /* [unit][indicator][month][num, den] */
};

static size_t cell_at(const struct bulk_sums *s, size_t unit, int ind,
                      size_t month)
{
	return ((unit * BULK_IND__MAX + (size_t)ind) * s->months + month) * 2;
}

struct bulk_sums *bulk_sums_new(size_t units, int64_t now)
{
	struct bulk_sums *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	int last = hcm_year_of(now);
	s->units = units;
	s->months =
	    (size_t)(last < FIRST_YEAR ? 1 : last - FIRST_YEAR + 1) * 12;
	s->cell =
	    calloc(units * BULK_IND__MAX * s->months * 2, sizeof *s->cell);
	if (s->cell == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void bulk_sums_free(struct bulk_sums *s)
{
	if (s == NULL)
		return;
	free(s->cell);
	free(s);
}

void bulk_sums_add(struct bulk_sums *s, size_t unit, const struct bulk_case *c)
{
	char day[11];
	hcm_day_format(hcm_day_of(c->opened), day);
	int y = atoi(day), m = atoi(day + 5);
	size_t month = (size_t)((y - FIRST_YEAR) * 12 + m - 1);
	if (y < FIRST_YEAR || month >= s->months)
		return; /* cannot happen: opened in [2019, now] */
	for (int i = 0; i < c->n_ind; i++) {
		uint32_t *p = &s->cell[cell_at(s, unit, c->ind[i].code, month)];
		p[0] += c->ind[i].num;
		p[1] += c->ind[i].den;
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(indicator_names[*(const int *)a],
	              indicator_names[*(const int *)b]);
}

static int by_code(const void *a, const void *b)
{
	const struct casegen_unit *x = *(const struct casegen_unit *const *)a,
	                          *y = *(const struct casegen_unit *const *)b;
	return strcmp(x->code, y->code);
}

/* ROWS rows a statement: the step of a statement costs about a row's. */
#define ROWS 64

struct sum_row {
	char code[32], month[8];
	const char *indicator;
	uint32_t num, den;
};

struct writer {
	sqlite3_stmt *many, *one;
	const char *tree;
	struct sum_row buf[ROWS];
	int n; /* in buf */
	long rows;
};

/* The buffered rows: ROWS by one statement, fewer one by one. */
static int flush(struct writer *w)
{
	bool full = w->n == ROWS;
	sqlite3_stmt *s = full ? w->many : w->one;
	for (int i = 0; i < w->n; i++) {
		const struct sum_row *r = &w->buf[i];
		int p = full ? 6 * i : 0;
		sqlite3_bind_text(s, p + 1, w->tree, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, p + 2, r->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, p + 3, r->indicator, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, p + 4, r->month, 7, SQLITE_STATIC);
		sqlite3_bind_int64(s, p + 5, r->num);
		sqlite3_bind_int64(s, p + 6, r->den);
		if ((!full || i == ROWS - 1) &&
		    (sqlite3_step(s) != SQLITE_DONE ||
		     sqlite3_reset(s) != SQLITE_OK))
			return -1;
	}
	w->n = 0;
	return 0;
}

static int put(struct writer *w, const char *code, const char *indicator,
               size_t month, const uint32_t *nd)
{
	struct sum_row *r = &w->buf[w->n++];
	int y = FIRST_YEAR + (int)(month / 12), m = (int)(month % 12) + 1;
	snprintf(r->code, sizeof r->code, "%s", code);
	r->month[0] = (char)('0' + y / 1000);
	r->month[1] = (char)('0' + y / 100 % 10);
	r->month[2] = (char)('0' + y / 10 % 10);
	r->month[3] = (char)('0' + y % 10);
	r->month[4] = '-';
	r->month[5] = (char)('0' + m / 10);
	r->month[6] = (char)('0' + m % 10);
	r->month[7] = '\0';
	r->indicator = indicator;
	r->num = nd[0];
	r->den = nd[1];
	w->rows++;
	return w->n == ROWS ? flush(w) : 0;
}

/* One unit's sums (acc: [indicator][month][num, den]) in key order. */
static int put_unit(struct writer *w, const char *code, const uint32_t *acc,
                    const int *order, size_t months)
{
	for (int k = 0; k < BULK_IND__MAX; k++) {
		const uint32_t *row = acc + (size_t)order[k] * months * 2;
		for (size_t m = 0; m < months; m++)
			if (row[2 * m] + row[2 * m + 1] > 0 &&
			    put(w, code, indicator_names[order[k]], m,
			        row + 2 * m) != 0)
				return -1;
	}
	return 0;
}

static char *insert_sql(int k)
{
	static const char head[] = "INSERT INTO indicator_case_sums (tree,"
	                           " unit_code, indicator, month, num, den)"
	                           " VALUES ";
	size_t size = sizeof head + (size_t)k * 16;
	char *sql = malloc(size);
	if (sql == NULL)
		return NULL;
	char *p = sql + sizeof head - 1;
	memcpy(sql, head, sizeof head);
	for (int i = 0; i < k; i++) {
		memcpy(p, i ? ",(?,?,?,?,?,?)" : "(?,?,?,?,?,?)", i ? 14 : 13);
		p += i ? 14 : 13;
	}
	*p = '\0';
	return sql;
}

int bulk_sums_write(struct bulk_sums *s, sqlite3 *h, const char *tree,
                    const struct gen_pick *units, long *rows)
{
	int order[BULK_IND__MAX];
	for (int i = 0; i < BULK_IND__MAX; i++)
		order[i] = i;
	qsort(order, BULK_IND__MAX, sizeof *order, by_name);
	/* the communes by code, to find those under each ancestor */
	const struct casegen_unit **sorted = malloc(s->units * sizeof *sorted);
	size_t plane = BULK_IND__MAX * s->months * 2;
	uint32_t *acc = malloc(plane * sizeof *acc);
	struct writer w = {.tree = tree};
	sqlite3_stmt *q = NULL;
	char *many = insert_sql(ROWS), *one = insert_sql(1);
	int rc = -1;
	if (sorted == NULL || acc == NULL || many == NULL || one == NULL)
		goto out;
	for (size_t i = 0; i < s->units; i++)
		sorted[i] = &units->units[i];
	qsort(sorted, s->units, sizeof *sorted, by_code);
	if (sqlite3_prepare_v2(h, many, -1, &w.many, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, one, -1, &w.one, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h,
	                       "SELECT ancestor_code, code FROM unit_ancestors"
	                       " WHERE tree = ?1 ORDER BY ancestor_code, code",
	                       -1, &q, NULL) != SQLITE_OK ||
	    bulk_exec(h, "DELETE FROM indicator_case_sums") != 0)
		goto out;

	/* the nation ('' sorts first) */
	memset(acc, 0, plane * sizeof *acc);
	for (size_t u = 0; u < s->units; u++) {
		const uint32_t *c = &s->cell[u * plane];
		for (size_t i = 0; i < plane; i++)
			acc[i] += c[i];
	}
	if (put_unit(&w, "", acc, order, s->months) != 0)
		goto out;

	/* every unit of the tree: the communes of its subtree */
	sqlite3_bind_text(q, 1, tree, -1, SQLITE_STATIC);
	char current[32] = "";
	bool any = false;
	int step;
	memset(acc, 0, plane * sizeof *acc);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *anc = (const char *)sqlite3_column_text(q, 0),
		           *code = (const char *)sqlite3_column_text(q, 1);
		if (anc == NULL || code == NULL ||
		    strlen(anc) >= sizeof current)
			goto out;
		if (strcmp(anc, current) != 0) {
			if (any &&
			    put_unit(&w, current, acc, order, s->months) != 0)
				goto out;
			memcpy(current, anc, strlen(anc) + 1);
			memset(acc, 0, plane * sizeof *acc);
			any = true;
		}
		struct casegen_unit key = {.code = code};
		const struct casegen_unit *kp = &key,
		                          **hit =
		                              bsearch(&kp, sorted, s->units,
		                                      sizeof *sorted, by_code);
		if (hit == NULL)
			continue; /* not a commune: no case of its own */
		const uint32_t *c =
		    &s->cell[(size_t)(*hit - units->units) * plane];
		for (size_t i = 0; i < plane; i++)
			acc[i] += c[i];
	}
	if (step != SQLITE_DONE ||
	    (any && put_unit(&w, current, acc, order, s->months) != 0) ||
	    flush(&w) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "trogiup-gen: sums: %s\n", sqlite3_errmsg(h));
	*rows = w.rows;
	sqlite3_finalize(q);
	sqlite3_finalize(w.many);
	sqlite3_finalize(w.one);
	free(many);
	free(one);
	free(acc);
	free(sorted);
	return rc;
}
