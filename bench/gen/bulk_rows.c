/*
 * bulk_rows.c — the SQLite side of trogiup-gen's load (bulk.c): writes
 * the batches of cases its generator thread hands over (struct bulk_rec:
 * a person, a case, the person's name-search rows, the case's events)
 * with multi-row INSERTs.  Persons and cases carry their ids (the
 * generator numbers them from the file's largest id), so nothing waits for
 * last_insert_rowid and a statement holds ROWS rows; a statement's step
 * costs about what a row does, so fewer statements is the whole point.
 * What a batch leaves over (fewer than ROWS) goes in one row at a time.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"
#include "domain/casework.h"

/* Rows per statement.  300 k cases at load 5–6, the SQLite thread's CPU
 * with 16 / 32 / 64 / 128 rows: 3.4–3.6 / 2.9–3.1 / 2.8–3.2 / 3.0–3.1 s
 * (the step of a statement stops mattering past 32; parameters per
 * statement stay far below SQLite's 32 766). */
#define ROWS 32

enum { PERSON, CASE, SUFFIX, EVENT, KINDS };

/* The columns of each kind and how many parameters a row binds. */
static const struct {
	const char *head, *row;
	int params;
} kinds[KINDS] = {
    [PERSON] = {"INSERT INTO persons (id, full_name, full_name_folded, sex,"
                " birth_date, birth_year, ethnicity, address_tree,"
                " address_code, province, created_at, updated_at) VALUES ",
                "(?%d,?%d,?%d,?%d,?%d,?%d,'01',?%d,?%d,?%d,?%d,?%d)", 10},
    [CASE] = {"INSERT INTO cases (id, case_no, type, person_id,"
              " person_name_folded, unit_tree, unit_code, unit_path,"
              " province, stage, stage_since, due_at, due_rule, urgency,"
              " risk_level, restricted, details, closure_reason,"
              " plan_approved_at, closure_approved_at, opened_at,"
              " closed_at, created_by, created_at, updated_at, version)"
              " VALUES ",
              "(?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,"
              "?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,%lld,?%d,?%d,1)",
              22},
    [SUFFIX] = {"INSERT INTO person_name_suffixes (suffix, person_id)"
                " VALUES ",
                "(?%d,?%d)", 2},
    [EVENT] = {"INSERT INTO case_events (case_id, at, actor_id, actor_name,"
               " kind, data) VALUES ",
               "(?%d,?%d,%lld,'casegen',?%d,?%d)", 4},
};

/* INSERT … VALUES of k rows of kind (malloc'd); parameters numbered
 * row by row, some used twice (created_at = opened_at …). */
static char *rows_sql(int kind, int k, long long actor)
{
	size_t size = 400 + (size_t)k * 256;
	char *sql = malloc(size);
	if (sql == NULL)
		return NULL;
	size_t n = (size_t)snprintf(sql, size, "%s", kinds[kind].head);
	for (int i = 0; i < k && n < size; i++) {
		int b = i * kinds[kind].params;
		if (i > 0)
			sql[n++] = ',';
		switch (kind) {
		case PERSON:
			n += (size_t)snprintf(sql + n, size - n,
			                      kinds[kind].row, b + 1, b + 2,
			                      b + 3, b + 4, b + 5, b + 6, b + 7,
			                      b + 8, b + 9, b + 10, b + 10);
			break;
		case CASE:
			n += (size_t)snprintf(
			    sql + n, size - n, kinds[kind].row, b + 1, b + 2,
			    b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9,
			    b + 10, b + 11, b + 12, b + 13, b + 14, b + 15,
			    b + 16, b + 17, b + 18, b + 19, b + 20, b + 21,
			    b + 22, actor, b + 21, b + 11);
			break;
		case SUFFIX:
			n += (size_t)snprintf(sql + n, size - n,
			                      kinds[kind].row, b + 1, b + 2);
			break;
		default:
			n +=
			    (size_t)snprintf(sql + n, size - n, kinds[kind].row,
			                     b + 1, b + 2, actor, b + 3, b + 4);
		}
	}
	return sql;
}

struct bulk_writer {
	sqlite3 *h;
	sqlite3_stmt *st[KINDS][2]; /* one row, ROWS rows */
	/* a batch's name-search rows and events, gathered to go ROWS at a
	 * time */
	struct suffix_ref {
		const char *text;
		int len;
		int64_t person_id;
	} pending[ROWS]; /* bulk_writer_suffixes' rows not yet written */
	int n_pending;
	struct event_ref {
		const struct bulk_event *e;
		int64_t case_id;
	} * event;
	size_t cap;
};

struct bulk_writer *bulk_writer_new(sqlite3 *h, long long actor)
{
	struct bulk_writer *w = calloc(1, sizeof *w);
	if (w == NULL)
		return NULL;
	w->h = h;
	for (int k = 0; k < KINDS; k++)
		for (int full = 0; full < 2; full++) {
			char *sql = rows_sql(k, full ? ROWS : 1, actor);
			int rc = sql == NULL ||
			         sqlite3_prepare_v2(h, sql, -1, &w->st[k][full],
			                            NULL) != SQLITE_OK;
			free(sql);
			if (rc) {
				fprintf(stderr, "trogiup-gen: %s\n",
				        sqlite3_errmsg(h));
				bulk_writer_free(w);
				return NULL;
			}
		}
	return w;
}

void bulk_writer_free(struct bulk_writer *w)
{
	if (w == NULL)
		return;
	for (int k = 0; k < KINDS; k++)
		for (int full = 0; full < 2; full++)
			sqlite3_finalize(w->st[k][full]);
	free(w->event);
	free(w);
}

static void text_n(sqlite3_stmt *s, int i, const char *v, int len)
{
	sqlite3_bind_text(s, i, v, len, SQLITE_STATIC);
}

/* Short text t of r, with the length the generator measured. */
static void T(sqlite3_stmt *s, int i, const struct bulk_rec *r,
              enum bulk_text t)
{
	sqlite3_bind_text(s, i, r->text[t], r->text_len[t], SQLITE_STATIC);
}

static void opt_i64(sqlite3_stmt *s, int i, int64_t v)
{
	if (v != 0)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static void bind_person(sqlite3_stmt *s, int b, const struct bulk_rec *r)
{
	const struct bulk_case *c = &r->c;
	sqlite3_bind_int64(s, b + 1, r->person_id);
	text_n(s, b + 2, c->name, r->name_len);
	text_n(s, b + 3, c->folded, r->folded_len);
	T(s, b + 4, r, BT_SEX);
	T(s, b + 5, r, BT_BIRTH);
	sqlite3_bind_int(s, b + 6, c->born);
	T(s, b + 7, r, BT_TREE);
	T(s, b + 8, r, BT_CODE);
	T(s, b + 9, r, BT_PROVINCE);
	sqlite3_bind_int64(s, b + 10, c->opened);
}

static void bind_case(sqlite3_stmt *s, int b, const struct bulk_rec *r)
{
	const struct bulk_case *c = &r->c;
	sqlite3_bind_int64(s, b + 1, r->case_id);
	T(s, b + 2, r, BT_CASE_NO);
	T(s, b + 3, r, BT_TYPE);
	sqlite3_bind_int64(s, b + 4, r->person_id);
	text_n(s, b + 5, c->folded, r->folded_len);
	T(s, b + 6, r, BT_TREE);
	T(s, b + 7, r, BT_CODE);
	T(s, b + 8, r, BT_PATH);
	T(s, b + 9, r, BT_PROVINCE);
	T(s, b + 10, r, BT_STAGE);
	sqlite3_bind_int64(s, b + 11, c->since);
	opt_i64(s, b + 12, r->due);
	T(s, b + 13, r, BT_RULE);
	T(s, b + 14, r, BT_URGENCY);
	T(s, b + 15, r, BT_RISK);
	sqlite3_bind_int(s, b + 16, c->restricted);
	text_n(s, b + 17, c->details, r->details_len);
	T(s, b + 18, r, BT_CLOSURE);
	opt_i64(s, b + 19, c->plan);
	opt_i64(s, b + 20, c->closure);
	sqlite3_bind_int64(s, b + 21, c->opened);
	opt_i64(s, b + 22, c->closed);
}

static void bind_suffix(sqlite3_stmt *s, int b, const struct suffix_ref *x)
{
	text_n(s, b + 1, x->text, x->len);
	sqlite3_bind_int64(s, b + 2, x->person_id);
}

static void bind_event(sqlite3_stmt *s, int b, const struct event_ref *x)
{
	sqlite3_bind_int64(s, b + 1, x->case_id);
	sqlite3_bind_int64(s, b + 2, x->e->at);
	text_n(s, b + 3, x->e->kind, x->e->kind_len);
	text_n(s, b + 4, x->e->data, x->e->len);
}

static int step(sqlite3_stmt *s)
{
	return sqlite3_step(s) == SQLITE_DONE && sqlite3_reset(s) == SQLITE_OK
	           ? 0
	           : -1;
}

/* n items of one kind: ROWS a statement, the rest one by one. */
#define WRITE(w, kind, n, bind, item)                                          \
	do {                                                                   \
		size_t i_ = 0;                                                 \
		for (; i_ + ROWS <= (n); i_ += ROWS) {                         \
			sqlite3_stmt *s_ = (w)->st[kind][1];                   \
			for (int k_ = 0; k_ < ROWS; k_++)                      \
				bind(s_, k_ *kinds[kind].params,               \
				     item(i_ + (size_t)k_));                   \
			if (step(s_) != 0)                                     \
				return -1;                                     \
		}                                                              \
		for (; i_ < (n); i_++) {                                       \
			bind((w)->st[kind][0], 0, item(i_));                   \
			if (step((w)->st[kind][0]) != 0)                       \
				return -1;                                     \
		}                                                              \
	} while (0)

int bulk_writer_put(struct bulk_writer *w, const struct bulk_rec *recs,
                    size_t n, bool minimal)
{
#define REC(i) (&recs[(i)])
	WRITE(w, PERSON, n, bind_person, REC);
	WRITE(w, CASE, n, bind_case, REC);
#undef REC
	if (minimal)
		return 0;
	size_t ne = 0;
	for (size_t i = 0; i < n; i++)
		ne += recs[i].hist.n;
	if (ne > w->cap) {
		void *e = realloc(w->event, ne * sizeof *w->event);
		if (e == NULL)
			return -1;
		w->event = e;
		w->cap = ne;
	}
	ne = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < recs[i].hist.n; k++)
			w->event[ne++] = (struct event_ref){&recs[i].hist.ev[k],
			                                    recs[i].case_id};
#define EVT(i) (&w->event[(i)])
	WRITE(w, EVENT, ne, bind_event, EVT);
#undef EVT
	return 0;
}

int bulk_writer_suffixes(struct bulk_writer *w, const char *text, int len,
                         const int64_t *ids, size_t n)
{
	if (text == NULL) {
#define PEND(i) (&w->pending[(i)])
		WRITE(w, SUFFIX, (size_t)w->n_pending, bind_suffix, PEND);
#undef PEND
		w->n_pending = 0;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		w->pending[w->n_pending++] =
		    (struct suffix_ref){text, len, ids[i]};
		if (w->n_pending < ROWS)
			continue;
		sqlite3_stmt *s = w->st[SUFFIX][1];
		for (int k = 0; k < ROWS; k++)
			bind_suffix(s, k * kinds[SUFFIX].params,
			            &w->pending[k]);
		w->n_pending = 0;
		if (step(s) != 0)
			return -1;
	}
	return 0;
}
