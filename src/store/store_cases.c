/*
 * store_cases.c — persons, cases, case numbers and case events in the
 * SQLite store (docs/cases.md, store.h §persons and cases).
 *
 * A case copies its person's folded name and national id (so a search
 * reads one table) and its unit's (tree, code, path) triple plus the
 * province (so scope filters are a path range without a join).  The store
 * keeps those copies true: the case statements read the person's columns
 * from persons, store_person_update rewrites them in the person's cases,
 * and the province is always the first segment of unit_path.  Person
 * writes also keep the name search's index (person_name_suffixes,
 * name_words; see name_seek below).  Case numbers
 * come from case_counters in the insert's transaction.  Events are
 * append-only (triggers in sqlite.c).  Hotline calls, referrals,
 * approvals and the deadline tables are in store_casework.c.
 *
 * "None" is 0 in C and NULL in SQL for ids and instants, -1 in C and NULL
 * in SQL for the consent flags.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/casework.h"
#include "domain/indicators.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/db.h"

/* ---- helpers shared with store_casework.c ---------------------------- */

void within_bounds(struct arena *a, const char *path, const char **lo,
                   const char **hi)
{
	assert(a != NULL && lo != NULL && hi != NULL);
	if (path == NULL) {
		*lo = "";
		*hi = "~"; /* after every digit and '/' */
		return;
	}
	*lo = path;
	*hi = arena_printf(a, "%s0", path);
}

enum store_status row_missing_or_conflict(struct store *st, enum stmt exists,
                                          int64_t id)
{
	enum store_status status;
	struct dbstmt *s;

	if ((s = stmt_take(st, exists)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	status = stmt_row(st, exists);
	stmt_give(st, exists);
	return status == STORE_OK ? STORE_CONFLICT : status;
}

/* ---- persons ------------------------------------------------------------ */

/* Binds p in the numbering of the person statements: $1 id, $2 … $14 the
 * columns in PERSON_COLS order. */
static void bind_person(struct dbstmt *s, const struct person_row *p)
{
	bind_i64(s, 1, p->id);
	bind_text(s, 2, p->full_name);
	bind_text(s, 3,
	          p->full_name_folded ? p->full_name_folded : p->full_name);
	bind_text(s, 4, p->sex);
	bind_text(s, 5, p->birth_date);
	bind_i64_or_null(s, 6, p->birth_year);
	bind_text(s, 7, p->ethnicity);
	bind_text(s, 8, p->national_id);
	bind_text(s, 9, p->address_tree);
	bind_text(s, 10, p->address_code);
	bind_text(s, 11, p->contacts);
	bind_text(s, 12, p->province);
	bind_i64(s, 13, p->created_at);
	bind_i64(s, 14, p->updated_at);
}

static void assert_person(const struct person_row *p)
{
	assert(p != NULL && p->full_name != NULL && p->sex != NULL);
	assert(p->province != NULL && p->birth_year >= 0);
	assert((p->address_tree == NULL) == (p->address_code == NULL));
	(void)p;
}

/* Reads the 14 person columns starting at column first. */
static void read_person(struct arena *a, struct dbstmt *s, int first,
                        struct person_row *out)
{
	out->id = col_i64(s, first);
	out->full_name = col_text(a, s, first + 1);
	out->full_name_folded = col_text(a, s, first + 2);
	out->sex = col_text(a, s, first + 3);
	out->birth_date = col_text(a, s, first + 4);
	out->birth_year = col_int(s, first + 5); /* NULL reads 0 */
	out->ethnicity = col_text(a, s, first + 6);
	out->national_id = col_text(a, s, first + 7);
	out->address_tree = col_text(a, s, first + 8);
	out->address_code = col_text(a, s, first + 9);
	out->contacts = col_text(a, s, first + 10);
	out->province = col_text(a, s, first + 11);
	out->created_at = col_i64(s, first + 12);
	out->updated_at = col_i64(s, first + 13);
}

/* Writes the name search rows of person id: one suffix of the folded name
 * from each word start, and each word into name_words.  Words are the runs
 * between spaces (the only separator name_seek assumes).  fresh: a new
 * person, with no rows to drop. */
static enum store_status put_name_index(struct store *st, int64_t id,
                                        const char *folded, bool fresh)
{
	enum store_status status;
	struct dbstmt *s;

	if (!fresh) {
		if ((s = stmt_take(st, STMT_NAME_SUFFIXES_DROP)) == NULL)
			return STORE_ERROR;
		bind_i64(s, 1, id);
		if ((status = stmt_finish(st, STMT_NAME_SUFFIXES_DROP)) !=
		    STORE_OK)
			return status;
	}
	for (const char *w = folded; *w != '\0'; w++) {
		if (*w == ' ' || (w > folded && w[-1] != ' '))
			continue; /* not a word start */
		if ((s = stmt_take(st, STMT_NAME_SUFFIX_PUT)) == NULL)
			return STORE_ERROR;
		bind_i64(s, 1, id);
		bind_text(s, 2, w);
		if ((status = stmt_finish(st, STMT_NAME_SUFFIX_PUT)) !=
		    STORE_OK)
			return status;
		if ((s = stmt_take(st, STMT_NAME_WORD_PUT)) == NULL)
			return STORE_ERROR;
		bind_textn(s, 2, w, strcspn(w, " "));
		if ((status = stmt_finish(st, STMT_NAME_WORD_PUT)) != STORE_OK)
			return status;
	}
	return STORE_OK;
}

static const char *folded_name(const struct person_row *p)
{
	return p->full_name_folded ? p->full_name_folded : p->full_name;
}

enum store_status store_person_insert(struct store *st, struct person_row *p)
{
	enum store_status status;
	struct dbstmt *s;
	int64_t id = 0;
	bool own;

	assert(st != NULL);
	assert_person(p);
	if (p->created_at == 0)
		p->created_at = (int64_t)time(NULL);
	if (p->updated_at == 0)
		p->updated_at = p->created_at;
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	status = STORE_ERROR;
	if ((s = stmt_take(st, STMT_PERSON_INSERT)) == NULL)
		goto out;
	bind_person(s, p);
	status = stmt_row(st, STMT_PERSON_INSERT);
	if (status == STORE_OK)
		id = col_i64(s, 0);
	else if (status == STORE_NOTFOUND)
		status = STORE_ERROR; /* RETURNING always yields the row */
	stmt_give(st, STMT_PERSON_INSERT);
	if (status == STORE_OK)
		status = put_name_index(st, id, folded_name(p), true);
out:
	status = tx_end(st, own, status);
	if (status == STORE_OK)
		p->id = id;
	return status;
}

enum store_status store_person_get(struct store *st, struct arena *a,
                                   int64_t id, struct person_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_PERSON_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_PERSON_GET)) == STORE_OK)
		read_person(a, s, 0, out);
	stmt_give(st, STMT_PERSON_GET);
	return status;
}

/* updated_at 0 is written as now.  The cases' copies change with the
 * person, in the same transaction; their version does not move (the copy
 * is derived, not an edit of the case). */
enum store_status store_person_update(struct store *st,
                                      const struct person_row *p)
{
	struct person_row row;
	enum store_status status;
	struct dbstmt *s;
	bool own;

	assert(st != NULL);
	assert_person(p);
	assert(p->id > 0);
	row = *p;
	if (row.updated_at == 0)
		row.updated_at = (int64_t)time(NULL);
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	status = STORE_ERROR;
	if ((s = stmt_take(st, STMT_PERSON_UPDATE)) == NULL)
		goto out;
	bind_person(s, &row);
	status = stmt_row(st, STMT_PERSON_UPDATE);
	stmt_give(st, STMT_PERSON_UPDATE);
	if (status != STORE_OK)
		goto out;
	status = STORE_ERROR;
	if ((s = stmt_take(st, STMT_PERSON_CASES_UPDATE)) == NULL)
		goto out;
	bind_person(s, &row);
	if ((status = stmt_finish(st, STMT_PERSON_CASES_UPDATE)) != STORE_OK)
		goto out;
	status = put_name_index(st, row.id, folded_name(&row), false);
out:
	return tx_end(st, own, status);
}

enum store_status store_person_duplicates(struct store *st, struct arena *a,
                                          const char *province,
                                          const char *national_id,
                                          const char *name_folded,
                                          int birth_year, int limit,
                                          struct person_row **items, size_t *n)
{
	struct person_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	assert(birth_year >= 0);
	if ((s = stmt_take(st, STMT_PERSON_DUPLICATES)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, province);
	bind_text(s, 2, national_id);
	bind_text(s, 3, name_folded);
	bind_i64(s, 4, name_folded != NULL ? birth_year : 0);
	bind_i64(s, 5, limit_of(limit));
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		read_person(a, s, 0, &rows[len++]);
	}
	status = rc == DB_DONE ? STORE_OK
	                       : stmt_fail(st, STMT_PERSON_DUPLICATES, rc);
	stmt_give(st, STMT_PERSON_DUPLICATES);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}

/* ---- cases -------------------------------------------------------------- */

/* Length of the first segment of a lineage path: the province code. */
static size_t province_len(const char *unit_path)
{
	return strcspn(unit_path, "/");
}

/* Binds c in the numbering of STMT_CASE_INSERT / STMT_CASE_UPDATE: $3 …
 * $36 the columns in CASE_COLS order ($6 and $7, the person's copies, are
 * read from persons by the statements); the update binds $1 id and $2 the
 * expected version itself.  A closed
 * case has no deadline: due_at is written NULL whatever c says, which the
 * overdue filters rely on. */
static void bind_case(struct dbstmt *s, const struct case_row *c)
{
	bool closed = strcmp(c->stage, "closed") == 0;

	bind_text(s, 3, c->case_no);
	bind_text(s, 4, c->type);
	bind_i64(s, 5, c->person_id);
	bind_text(s, 8, c->unit_tree);
	bind_text(s, 9, c->unit_code);
	bind_text(s, 10, c->unit_path);
	bind_textn(s, 11, c->unit_path, province_len(c->unit_path));
	bind_i64_or_null(s, 12, c->facility_id);
	bind_i64_or_null(s, 13, c->assigned_to);
	bind_text(s, 14, c->stage);
	bind_i64(s, 15, c->stage_since);
	bind_i64_or_null(s, 16, closed ? 0 : c->due_at);
	bind_text(s, 17, c->due_rule);
	bind_text(s, 18, c->urgency);
	bind_text(s, 19, c->risk_level);
	bind_i64(s, 20, c->restricted ? 1 : 0);
	bind_text(s, 21, c->details ? c->details : "{}");
	bind_text(s, 22, c->summary);
	bind_text(s, 23, c->closure_reason);
	bind_i64_or_null(s, 24, c->plan_approved_at);
	bind_i64_or_null(s, 25, c->closure_approved_at);
	bind_int_or_null(s, 26, c->consent_services);
	bind_int_or_null(s, 27, c->consent_statistics);
	bind_int_or_null(s, 28, c->consent_sharing);
	bind_text(s, 29, c->consent_sharing_orgs);
	bind_i64_or_null(s, 30, c->next_visit_at);
	bind_i64_or_null(s, 31, c->hotline_call_id);
	bind_i64(s, 32, c->opened_at);
	bind_i64_or_null(s, 33, c->closed_at);
	bind_i64(s, 34, c->created_by);
	bind_i64(s, 35, c->created_at);
	bind_i64(s, 36, c->updated_at);
}

static void assert_case(const struct case_row *c)
{
	assert(c != NULL && c->type != NULL && c->stage != NULL);
	assert(c->unit_tree != NULL && c->unit_code != NULL);
	assert(c->unit_path != NULL && province_len(c->unit_path) > 0);
	assert(c->urgency != NULL && c->person_id > 0);
	(void)c;
}

/* Reads a row of CASE_COLS (sql.c): the case, then its person. */
static void read_case(struct arena *a, struct dbstmt *s, struct case_row *out)
{
	/* NULL ids and instants read 0 ("none") */
	out->id = col_i64(s, 0);
	out->case_no = col_text(a, s, 1);
	out->type = col_text(a, s, 2);
	out->person_id = col_i64(s, 3);
	out->person_name_folded = col_text(a, s, 4);
	out->national_id = col_text(a, s, 5);
	out->unit_tree = col_text(a, s, 6);
	out->unit_code = col_text(a, s, 7);
	out->unit_path = col_text(a, s, 8);
	out->province = col_text(a, s, 9);
	out->facility_id = col_i64(s, 10);
	out->assigned_to = col_i64(s, 11);
	out->stage = col_text(a, s, 12);
	out->stage_since = col_i64(s, 13);
	out->due_at = col_i64(s, 14);
	out->due_rule = col_text(a, s, 15);
	out->urgency = col_text(a, s, 16);
	out->risk_level = col_text(a, s, 17);
	out->restricted = col_int(s, 18);
	out->details = col_text(a, s, 19);
	out->summary = col_text(a, s, 20);
	out->closure_reason = col_text(a, s, 21);
	out->plan_approved_at = col_i64(s, 22);
	out->closure_approved_at = col_i64(s, 23);
	out->consent_services = col_int_or_minus1(s, 24);
	out->consent_statistics = col_int_or_minus1(s, 25);
	out->consent_sharing = col_int_or_minus1(s, 26);
	out->consent_sharing_orgs = col_text(a, s, 27);
	out->next_visit_at = col_i64(s, 28);
	out->hotline_call_id = col_i64(s, 29);
	out->opened_at = col_i64(s, 30);
	out->closed_at = col_i64(s, 31);
	out->created_by = col_i64(s, 32);
	out->created_at = col_i64(s, 33);
	out->updated_at = col_i64(s, 34);
	out->version = col_i64(s, 35);
	read_person(a, s, 36, &out->person);
}

/* The next number of (province, year) from case_counters, in the caller's
 * transaction. */
static enum store_status next_case_seq(struct store *st, const char *province,
                                       size_t province_n, int year,
                                       int64_t *seq)
{
	enum store_status status;
	struct dbstmt *s;

	if ((s = stmt_take(st, STMT_CASE_COUNTER_NEXT)) == NULL)
		return STORE_ERROR;
	bind_textn(s, 1, province, province_n);
	bind_i64(s, 2, year);
	status = stmt_row(st, STMT_CASE_COUNTER_NEXT);
	if (status == STORE_OK)
		*seq = col_i64(s, 0);
	else if (status == STORE_NOTFOUND)
		status = STORE_ERROR; /* RETURNING always yields the row */
	stmt_give(st, STMT_CASE_COUNTER_NEXT);
	return status;
}

/* The province is the first segment of c->unit_path (c->province is
 * ignored and set).  created_at 0 is written as now, updated_at and
 * opened_at 0 as created_at, stage_since 0 as opened_at.  STORE_NOTFOUND
 * when there is no person c->person_id; STORE_ERROR when the number would
 * not fit the format (a counter past 999999999). */
enum store_status store_case_insert(struct store *st, struct arena *a,
                                    struct case_row *c, int year)
{
	size_t plen;
	char case_no[CASE_NO_MAX], province[8];
	enum store_status status;
	struct dbstmt *s;
	int64_t seq = 0;
	bool own;

	assert(st != NULL && a != NULL);
	assert_case(c);
	assert(year >= 1900 && year <= 9999);
	plen = province_len(c->unit_path);
	if (plen >= sizeof province)
		return STORE_ERROR;
	memcpy(province, c->unit_path, plen);
	province[plen] = '\0';
	if (c->created_at == 0)
		c->created_at = (int64_t)time(NULL);
	if (c->updated_at == 0)
		c->updated_at = c->created_at;
	if (c->opened_at == 0)
		c->opened_at = c->created_at;
	if (c->stage_since == 0)
		c->stage_since = c->opened_at;
	if ((status = tx_own(st, &own)) != STORE_OK)
		return status;
	if ((status = next_case_seq(st, province, plen, year, &seq)) !=
	    STORE_OK)
		goto out;
	status = STORE_ERROR;
	if (casework_case_no(case_no, province, year, seq) != 0) {
		log_error("store=sqlite op=case_insert err=\"no case number for"
		          " province %s year %d seq %lld\"",
		          province, year, (long long)seq);
		goto out;
	}
	if ((s = stmt_take(st, STMT_CASE_INSERT)) == NULL)
		goto out;
	c->case_no = case_no; /* bound (copied) before it goes out of scope */
	bind_case(s, c);
	status = stmt_row(st, STMT_CASE_INSERT);
	if (status == STORE_OK) {
		c->id = col_i64(s, 0);
		c->person_name_folded = col_text(a, s, 1);
		c->national_id = col_text(a, s, 2);
		c->case_no = arena_strdup(a, case_no);
		c->province = arena_strdup(a, province);
		c->version = 1;
		if (strcmp(c->stage, "closed") == 0)
			c->due_at = 0;
	} else {
		c->case_no = NULL;
	}
	stmt_give(st, STMT_CASE_INSERT);
out:
	return tx_end(st, own, status);
}

enum store_status store_case_get(struct store *st, struct arena *a, int64_t id,
                                 struct case_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_CASE_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_CASE_GET)) == STORE_OK)
		read_case(a, s, out);
	stmt_give(st, STMT_CASE_GET);
	return status;
}

/* case_no, created_by and created_at never change; the person's copies
 * and the province are derived as for insert.  updated_at 0 is written as
 * now. */
enum store_status store_case_update(struct store *st, struct case_row *c,
                                    int64_t expected_version)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL);
	assert_case(c);
	assert(c->id > 0 && expected_version > 0);
	if (c->updated_at == 0)
		c->updated_at = (int64_t)time(NULL);
	if ((s = stmt_take(st, STMT_CASE_UPDATE)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, c->id);
	bind_i64(s, 2, expected_version);
	bind_case(s, c);
	status = stmt_row(st, STMT_CASE_UPDATE);
	if (status == STORE_OK) {
		c->version = col_i64(s, 0);
		if (strcmp(c->stage, "closed") == 0)
			c->due_at = 0;
	}
	stmt_give(st, STMT_CASE_UPDATE);
	if (status == STORE_NOTFOUND)
		status = row_missing_or_conflict(st, STMT_CASE_EXISTS, c->id);
	return status;
}

/* The name search's seeks (CASES_Q_IDS in sql.c).  A match of q
 * in a name starts inside some word w of it.  When q is one word, w holds
 * q anywhere, and the name has a suffix that is w or begins with w and a
 * space: the range [w, w || '!').  When q is "t1 rest…", w ends with t1
 * and a suffix begins with w || " rest…": the range [w || " rest…",
 * w || " rest…" || U+10FFFF).  The candidate words w come from name_words
 * by a LIKE on a list far shorter than the cases.  So: word_like, then
 * the range's two tails. */
struct name_seek {
	const char *word_like, *tail, *tail_hi;
};

/* Whether q has the shape the seeks assume: words of one or more
 * characters separated by single spaces.  Other searches scan. */
static bool name_seekable(const char *q)
{
	size_t len = strlen(q);

	return len > 0 && q[0] != ' ' && q[len - 1] != ' ' &&
	       strstr(q, "  ") == NULL;
}

static void name_seek_of(struct arena *a, const char *q, struct name_seek *out)
{
	const char *space = strchr(q, ' ');

	assert(name_seekable(q));
	if (space == NULL) {
		out->word_like = like_pattern(a, "%", q, "%");
		out->tail = "";
		out->tail_hi = "!"; /* the next byte after ' ' */
		return;
	}
	out->word_like =
	    like_pattern(a, "%", arena_strndup(a, q, (size_t)(space - q)), "");
	out->tail = space;
	out->tail_hi = arena_printf(a, "%s\xF4\x8F\xBF\xBF", space);
}

/* The instant month ("YYYY-MM") plus `after` months begins in
 * Asia/Ho_Chi_Minh (UTC+7, no daylight saving); 0 when month is not one. */
static int64_t month_start(const char *month, int after)
{
	int y, m;
	char iso[32];
	int64_t t;

	if (month == NULL || sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 ||
	    m > 12)
		return 0;
	m += after;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	snprintf(iso, sizeof iso, "%04d-%02d-01T00:00:00Z", y % 10000, m);
	if (time_parse_iso8601(iso, &t) != 0)
		return 0;
	return t - 7 * 3600;
}

/* The drill-down of an indicator (store.h case_query): $28 indicator,
 * $29/$30 the months, $31 the part; the indicator's case type ($4) and
 * the months' instants ($14/$15) narrow the candidates the view is asked
 * about, unless the caller set them. */
static void bind_indicator_query(struct dbstmt *s, const struct case_query *q)
{
	bind_text(s, 28, q->indicator);
	bind_text(s, 29, q->opened_from_month ? q->opened_from_month : "");
	bind_text(s, 30, q->opened_to_month ? q->opened_to_month : "~");
	bind_i64(s, 31, q->indicator_numerator ? 1 : 0);
	if (q->type == NULL)
		bind_text(s, 4, indicator_case_type(q->indicator));
	if (q->opened_from == 0)
		bind_i64(s, 14, month_start(q->opened_from_month, 0));
	if (q->opened_to == 0)
		bind_i64(s, 15, month_start(q->opened_to_month, 1));
}

/* Binds q in the numbering of CASES_WHERE (sql.c). */
static void bind_case_query(struct arena *a, struct dbstmt *s,
                            const void *query)
{
	const struct case_query *q = query;
	struct name_seek seek = {0};
	const char *lo, *hi;

	within_bounds(a, q->within_path, &lo, &hi);
	bind_text(s, 1, q->tree);
	bind_text(s, 2, lo);
	bind_text(s, 3, hi);
	bind_text(s, 4, q->type);
	bind_text(s, 5, q->stage);
	bind_i64(s, 6, q->assigned_to);
	bind_i64(s, 7, q->created_by);
	bind_i64(s, 8, q->due_before);
	bind_i64(s, 9, q->visit_before);
	bind_text(s, 10, q->unit_code);
	bind_i64(s, 11, q->only_open ? 1 : 0);
	bind_i64(s, 12, q->overdue);
	bind_i64(s, 13, q->now);
	bind_i64(s, 14, q->opened_from);
	bind_i64(s, 15, q->opened_to);
	bind_text(s, 16, like_pattern(a, "%", q->q_folded, "%"));
	bind_text(s, 17, q->q_exact);
	bind_i64(s, 18, q->identity_all ? 1 : 0);
	bind_i64(s, 19, q->identity_user);
	if (q->within_path != NULL)
		bind_textn(s, 20, q->within_path, province_len(q->within_path));
	else
		bind_text(s, 20, NULL);
	bind_i64(s, 21, limit_of(q->limit));
	bind_i64(s, 22, q->offset);
	if (q->q_folded != NULL && name_seekable(q->q_folded))
		name_seek_of(a, q->q_folded, &seek);
	bind_text(s, 23, seek.word_like);
	bind_text(s, 24, seek.tail);
	bind_text(s, 25, seek.tail_hi);
	bind_i64(s, 26, q->facility_id);
	bind_i64(s, 27, q->own_user);
	if (q->indicator != NULL)
		bind_indicator_query(s, q);
}

static void read_case_row(struct arena *a, struct dbstmt *s, void *row)
{
	read_case(a, s, row);
}

/* Past this many persons a search's seeks cost more than scanning a
 * province's names in cases_unit (about 2 µs a person against 0.15 µs an
 * index entry, measured on a million cases: bench/cases). */
#define NAME_SEEK_MAX 2000

/* The seek limit for q.  The scan grows with the scope, the seeks with
 * the persons of the name, so for a province or the nation the limit
 * grows with the number of persons: one in 400 on SQLite (10 M cases:
 * the 23 869 persons of a common name sought in 100 ms, against 230 ms
 * to scan province 01's 647 133 cases), one in 40 on PostgreSQL, whose
 * scan fetches every case from the heap (150 ms against 2 s).  A
 * district or commune scans little: NAME_SEEK_MAX. */
static enum store_status
name_seek_limit(struct store *st, const struct case_query *q, long *limit)
{
	long persons = 0;
	enum store_status status;

	*limit = NAME_SEEK_MAX;
	if (q->within_path != NULL && strchr(q->within_path, '/') != NULL)
		return STORE_OK;
	if (stmt_take(st, STMT_PERSONS_TOP_ID) == NULL)
		return STORE_ERROR;
	if ((status = stmt_count(st, STMT_PERSONS_TOP_ID, &persons)) !=
	    STORE_OK)
		return status;
	persons /= st->pg != NULL ? 40 : 400;
	if (persons > *limit)
		*limit = persons;
	return STORE_OK;
}

/* Whether the seeks of q's name reach few enough persons to be the way;
 * *out false (scan) otherwise. */
static enum store_status name_seek_worth(struct store *st, struct arena *a,
                                         const struct case_query *q, bool *out)
{
	struct name_seek seek;
	struct dbstmt *s;
	long reached = 0, limit;
	enum store_status status;

	*out = false;
	if (!name_seekable(q->q_folded))
		return STORE_OK;
	if ((status = name_seek_limit(st, q, &limit)) != STORE_OK)
		return status;
	name_seek_of(a, q->q_folded, &seek);
	if ((s = stmt_take(st, STMT_NAME_SEEK_PROBE)) == NULL)
		return STORE_ERROR;
	bind_text(s, 1, seek.word_like);
	bind_text(s, 2, seek.tail);
	bind_text(s, 3, seek.tail_hi);
	bind_i64(s, 4, limit + 1);
	status = stmt_count(st, STMT_NAME_SEEK_PROBE, &reached);
	*out = status == STORE_OK && reached <= limit;
	return status;
}

/* One filter set, several texts, so each hot path gets its index
 * (sql.c): a search drives from the name seeks and the number /
 * national id lookups, or, when q is too broad or oddly spaced for the
 * seeks, from a scan of the scope's names; "overdue in my scope" walks
 * cases_open_due in due order; a facility user's cases come from the
 * facility's residents and the user's own (CASES_FACILITY_IDS); "assigned
 * to someone" cases_assigned; the rest range over cases_unit. */
enum store_status store_cases_list(struct store *st, struct arena *a,
                                   const struct case_query *q,
                                   struct case_row **items, size_t *n,
                                   long *total)
{
	enum stmt list = STMT_CASES_LIST, count = STMT_CASES_TOTAL;
	bool seek = true;
	void *rows = NULL;
	enum store_status status;

	assert(q != NULL && q->tree != NULL && q->offset >= 0);
	assert(q->assigned_to >= -1 && q->overdue >= -1 && q->overdue <= 1);
	assert(q->facility_id >= 0 && q->own_user >= 0);
	assert(q->within_path == NULL || province_len(q->within_path) > 0);
	if (q->q_folded != NULL) {
		status = name_seek_worth(st, a, q, &seek);
		if (status != STORE_OK)
			return status;
	}
	if (q->indicator != NULL) {
		/* every other filter is checked by CASES_WHERE all the same */
		list = STMT_CASES_LIST_INDICATOR;
		count = STMT_CASES_TOTAL_INDICATOR;
	} else if (q->q_folded != NULL || q->q_exact != NULL) {
		list = seek ? STMT_CASES_LIST_Q : STMT_CASES_LIST_QSCAN;
		count = seek ? STMT_CASES_TOTAL_Q : STMT_CASES_TOTAL_QSCAN;
	} else if (q->facility_id != 0) {
		list = STMT_CASES_LIST_FACILITY;
		count = STMT_CASES_TOTAL_FACILITY;
	} else if (q->overdue == 1 && q->within_path != NULL) {
		list = STMT_CASES_LIST_OVERDUE;
		count = STMT_CASES_TOTAL_OVERDUE;
	} else if (q->assigned_to > 0) {
		list = STMT_CASES_LIST_ASSIGNED;
		count = STMT_CASES_TOTAL_ASSIGNED;
	} else if (q->overdue == 1) {
		list = STMT_CASES_LIST_DUE;
	}
	status = stmt_page(st, a, count, list, bind_case_query, q,
	                   read_case_row, sizeof **items, &rows, n, total);
	if (status == STORE_OK)
		*items = rows;
	return status;
}

/* ---- case events (append-only) ---------------------------------------- */

/* at 0 is written as now; data NULL as "{}". */
enum store_status store_case_event_append(struct store *st,
                                          struct case_event_row *e)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && e != NULL && e->case_id > 0);
	assert(e->kind != NULL && e->actor_name != NULL);
	if (e->at == 0)
		e->at = (int64_t)time(NULL);
	if ((s = stmt_take(st, STMT_CASE_EVENT_APPEND)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, e->case_id);
	bind_i64(s, 2, e->at);
	bind_i64_or_null(s, 3, e->actor_id);
	bind_text(s, 4, e->actor_name);
	bind_text(s, 5, e->kind);
	bind_text(s, 6, e->data ? e->data : "{}");
	bind_i64_or_null(s, 7, e->corrects);
	bind_text(s, 8, e->reason);
	status = stmt_row(st, STMT_CASE_EVENT_APPEND);
	if (status == STORE_OK)
		e->id = col_i64(s, 0);
	else if (status == STORE_NOTFOUND)
		status = STORE_ERROR; /* RETURNING always yields the row */
	stmt_give(st, STMT_CASE_EVENT_APPEND);
	return status;
}

/* Reads a row of CASE_EVENT_COLS (sql.c). */
static void read_case_event(struct arena *a, struct dbstmt *s,
                            struct case_event_row *out)
{
	out->id = col_i64(s, 0);
	out->case_id = col_i64(s, 1);
	out->at = col_i64(s, 2);
	out->actor_id = col_i64(s, 3);
	out->actor_name = col_text(a, s, 4);
	out->kind = col_text(a, s, 5);
	out->data = col_text(a, s, 6);
	out->corrects = col_i64(s, 7);
	out->reason = col_text(a, s, 8);
}

enum store_status store_case_event_get(struct store *st, struct arena *a,
                                       int64_t id, struct case_event_row *out)
{
	enum store_status status;
	struct dbstmt *s;

	assert(st != NULL && a != NULL && out != NULL);
	if ((s = stmt_take(st, STMT_CASE_EVENT_GET)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, id);
	if ((status = stmt_row(st, STMT_CASE_EVENT_GET)) == STORE_OK)
		read_case_event(a, s, out);
	stmt_give(st, STMT_CASE_EVENT_GET);
	return status;
}

enum store_status store_case_events(struct store *st, struct arena *a,
                                    int64_t case_id,
                                    struct case_event_row **items, size_t *n)
{
	struct case_event_row *rows = NULL;
	size_t cap = 0, len = 0;
	enum store_status status;
	struct dbstmt *s;
	int rc;

	assert(st != NULL && a != NULL && items != NULL && n != NULL);
	if ((s = stmt_take(st, STMT_CASE_EVENTS)) == NULL)
		return STORE_ERROR;
	bind_i64(s, 1, case_id);
	while ((rc = db_step(s)) == DB_ROW) {
		rows = grow_array(a, rows, len, &cap, sizeof *rows);
		read_case_event(a, s, &rows[len++]);
	}
	status = rc == DB_DONE ? STORE_OK : stmt_fail(st, STMT_CASE_EVENTS, rc);
	stmt_give(st, STMT_CASE_EVENTS);
	if (status == STORE_OK) {
		*items = rows;
		*n = len;
	}
	return status;
}
