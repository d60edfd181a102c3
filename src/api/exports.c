/*
 * exports.c — CSV export of the service network (docs/network.md §CSV
 * import and export): format=csv on GET /facilities, /trainings,
 * /trainings/ID/participants and /communications, and `trogiup export`.
 *
 * The columns are exactly the import columns (domain/network.h), so an
 * export imports back.  UTF-8 with a byte order mark first: spreadsheet
 * programs otherwise read Vietnamese as Windows-1252.  Quoting and the
 * guard against formulas (CSV injection) are lib/csvfile.h's writer's;
 * the importer drops the guard's apostrophe again, so an export still
 * imports back unchanged.
 *
 * The list handlers have already applied scope and filters to the query;
 * this file only drops paging and writes every row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/import_engine.h"
#include "api/network.h"
#include "lib/arena.h"
#include "lib/csvfile.h"
#include "lib/log.h"
#include "lib/timeutil.h"

/* A number cell; absent (below zero) is empty. */
static const char *num(char buf[24], int64_t v)
{
	if (v < 0)
		return NULL;
	snprintf(buf, 24, "%lld", (long long)v);
	return buf;
}

static int export_facilities(struct store *st, struct arena *a,
                             const struct facility_query *query, FILE *out)
{
	struct facility_query q = *query;
	q.offset = 0;
	q.limit = 0;
	struct facility_row *rows;
	size_t n;
	long total;
	if (store_facilities_list(st, a, &q, &rows, &n, &total) != STORE_OK)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct facility_row *f = &rows[i];
		char cap[24];
		const char *cells[] = {
		    f->name,
		    f->type,
		    f->ownership,
		    f->unit_code,
		    num(cap, f->capacity),
		    f->licence_no,
		    f->licence_date,
		    f->licence_issuer,
		    f->address,
		    f->phone,
		    f->started_on,
		    f->status,
		    f->note,
		};
		csvfile_write_row(out, cells, sizeof cells / sizeof cells[0]);
	}
	return 0;
}

static int export_trainings(struct store *st, struct arena *a,
                            const struct training_query *query, FILE *out)
{
	struct training_query q = *query;
	q.offset = 0;
	q.limit = 0;
	struct training_row *rows;
	size_t n;
	long total;
	if (store_trainings_list(st, a, &q, &rows, &n, &total) != STORE_OK)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct training_row *t = &rows[i];
		const char *cells[] = {t->title,   t->topic,     t->starts_on,
		                       t->ends_on, t->unit_code, t->organiser,
		                       t->place,   t->note};
		csvfile_write_row(out, cells, sizeof cells / sizeof cells[0]);
	}
	return 0;
}

static int export_communications(struct store *st, struct arena *a,
                                 const struct communication_query *query,
                                 FILE *out)
{
	struct communication_query q = *query;
	q.offset = 0;
	q.limit = 0;
	struct communication_row *rows;
	size_t n;
	long total;
	if (store_communications_list(st, a, &q, &rows, &n, &total) != STORE_OK)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct communication_row *r = &rows[i];
		char male[24], female[24];
		const char *cells[] = {r->unit_code,
		                       r->kind,
		                       r->topic,
		                       r->held_on,
		                       r->title,
		                       r->audience,
		                       num(male, r->reach_male),
		                       num(female, r->reach_female),
		                       r->note};
		csvfile_write_row(out, cells, sizeof cells / sizeof cells[0]);
	}
	return 0;
}

static int export_participants(struct store *st, struct arena *a,
                               int64_t training_id, FILE *out)
{
	struct participant_row *rows;
	size_t n;
	long total;
	if (store_participants_list(st, a, training_id, 0, 0, &rows, &n,
	                            &total) != STORE_OK)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct participant_row *p = &rows[i];
		char year[24];
		const char *cells[] = {
		    p->full_name,
		    p->sex,
		    p->role,
		    p->agency,
		    p->position,
		    p->unit_code,
		    num(year, p->birth_year > 0 ? p->birth_year : -1)};
		csvfile_write_row(out, cells, sizeof cells / sizeof cells[0]);
	}
	return 0;
}

int import_export_csv(struct store *st, struct arena *a, enum import_kind kind,
                      const void *query, FILE *out)
{
	size_t ncol;
	const struct import_column *cols = import_columns(kind, &ncol);
	if (cols == NULL || query == NULL)
		return -1;
	fputs("\xEF\xBB\xBF", out);
	const char *header[IMPORT_MAX_COLUMNS];
	for (size_t i = 0; i < ncol; i++)
		header[i] = cols[i].name;
	csvfile_write_row(out, header, ncol);
	int rc = -1;
	switch (kind) {
	case IMPORT_FACILITIES:
		rc = export_facilities(st, a, query, out);
		break;
	case IMPORT_TRAININGS: rc = export_trainings(st, a, query, out); break;
	case IMPORT_COMMUNICATIONS:
		rc = export_communications(st, a, query, out);
		break;
	case IMPORT_PARTICIPANTS:
		rc = export_participants(st, a, *(const int64_t *)query, out);
		break;
	case IMPORT_KIND__MAX: break;
	}
	if (rc == 0 && ferror(out))
		rc = -1;
	return rc;
}

void net_export_reply(struct api_ctx *c, enum import_kind kind,
                      const void *query)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (out == NULL)
		abort(); /* only fails on out-of-memory */
	int rc = import_export_csv(c->db, c->arena, kind, query, out);
	fclose(out);
	arena_defer(c->arena, free, buf);
	if (rc != 0) {
		log_error("msg=\"export failed\" kind=%s rid=%s",
		          import_kind_name(kind), c->request_id);
		api_reply_internal(c);
		return;
	}
	char day[21];
	/* The day in Asia/Ho_Chi_Minh (UTC+7), as the users' own. */
	time_iso8601(time_now() + 7 * 3600, day);
	day[10] = '\0';
	api_add_header(c, "Content-Disposition",
	               arena_printf(c->arena,
	                            "attachment; filename=\"%s-%s.csv\"",
	                            import_kind_name(kind), day));
	api_reply_text(c, 200, "text/csv; charset=utf-8", buf, len);
}
