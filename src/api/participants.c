/*
 * participants.c — the people who attended a training (docs/network.md
 * §Trainings): issue 6 counts them by role and sex for the "staff
 * trained" indicators.
 *
 * ** URL: GET    /api/v1/trainings/ID/participants?page=&page_size=
 *                &format=csv → 200 {items,total,page,page_size} (or CSV)
 * ** URL: POST   /api/v1/trainings/ID/participants {"full_name","sex",
 *                "role","agency","position","unit_code","birth_year"}
 *                → 201; 422 invalid_field; 403 out_of_scope
 * ** URL: DELETE /api/v1/participants/ID → 204 (a participant entered by
 *                mistake; audited participant_delete)
 *
 * Participants are records of their training's unit: the training must be
 * inside the caller's scope (else 404), as for the training itself
 * (trainings.c); viewers get 403 on the list and its export (they read
 * the counts of GET /trainings).  Audit entries name the training and the
 * role, never the person.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/network.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* Facility staff see their facility, not the unit's courses
 * (docs/network.md §Roles): participants' names are other people's
 * records. */
bool training_readable(struct api_ctx *c)
{
	if (c->who.role != ROLE_FACILITY)
		return true;
	api_reply_error(c, 403, "forbidden",
	                "Facility users do not read trainings", NULL);
	return false;
}

/* The training of route parameter `id` when its unit lies in the
 * caller's scope; answers 404 (missing or outside: no existence leak) or
 * 500 and returns false. */
bool training_load(struct api_ctx *c, struct training_row *out)
{
	int64_t id;
	if (!training_readable(c) || !api_id_param(c, "id", "training", &id))
		return false;
	enum store_status st = store_training_get(c->db, c->arena, id, out);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st != STORE_OK ||
	    !access_sees(&c->who, out->unit_tree, out->unit_path)) {
		api_reply_error(c, 404, "not_found", "No such training", NULL);
		return false;
	}
	return true;
}

static json_t *participant_json(const struct participant_row *p)
{
	return json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s, s:o, s:o}", "id",
	    (json_int_t)p->id, "training_id", (json_int_t)p->training_id,
	    "full_name", p->full_name, "sex", p->sex, "role", p->role, "agency",
	    p->agency, "position", p->position, "unit_tree", p->unit_tree,
	    "unit_code", p->unit_code, "birth_year",
	    p->birth_year > 0 ? json_integer(p->birth_year) : json_null(),
	    "created_at", api_instant_json(p->created_at));
}

static bool bad_field(struct api_ctx *c, const char *field, const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

void participants_list(struct api_ctx *c)
{
	struct training_row t;
	int offset, limit, page;
	/* Viewers read reports: the counts on each training, never the
	 * trainees' names (docs/network.md §Roles). */
	if (c->who.role == ROLE_VIEWER) {
		api_reply_error(c, 403, "forbidden",
		                "Viewers see participant counts, not the "
		                "participants",
		                NULL);
		return;
	}
	if (!training_load(c, &t) || !api_paging(c, &offset, &limit, &page))
		return;
	const char *format = api_query(c, "format");
	if (format != NULL && strcmp(format, "csv") == 0) {
		net_export_reply(c, IMPORT_PARTICIPANTS, &t.id);
		return;
	}
	if (format != NULL && strcmp(format, "json") != 0) {
		bad_field(c, "format", "format must be csv or json");
		return;
	}
	struct participant_row *rows;
	size_t n;
	long total;
	if (store_participants_list(c->db, c->arena, t.id, offset, limit, &rows,
	                            &n, &total) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, participant_json(&rows[i]));
	api_reply_json(c, 200,
	               json_pack("{s:o, s:I, s:i, s:i}", "items", items,
	                         "total", (json_int_t)total, "page", page,
	                         "page_size", limit));
}

enum {
	PF_FULL_NAME,
	PF_SEX,
	PF_ROLE,
	PF_AGENCY,
	PF_POSITION,
	PF_UNIT,
	PF_BIRTH_YEAR,
	PF__MAX
};
/* Byte limits are four times the character limits checked below. */
static const struct field_spec create_fields[PF__MAX] = {
    [PF_FULL_NAME] = {"full_name", FIELD_STRING, true, 800},
    [PF_SEX] = {"sex", FIELD_STRING, true, 16},
    [PF_ROLE] = {"role", FIELD_STRING, true, 64},
    [PF_AGENCY] = {"agency", FIELD_STRING, false, 800},
    [PF_POSITION] = {"position", FIELD_STRING, false, 800},
    [PF_UNIT] = {"unit_code", FIELD_STRING, false, 8},
    [PF_BIRTH_YEAR] = {"birth_year", FIELD_INT, false, 0},
};

/* Optional text of at most max characters; "" is none (NULL). */
static bool optional_text(struct api_ctx *c, const struct field_value *f,
                          const char *field, size_t max, const char **dst)
{
	*dst = NULL;
	if (!f->present || *f->s == '\0')
		return true;
	if (text_length(f->s) > max)
		return bad_field(
		    c, field,
		    arena_printf(c->arena, "%s must be at most %zu characters",
		                 field, max));
	*dst = f->s;
	return true;
}

/* Checks the fields into p; the unit defaults to the training's.  Answers
 * 422 / 403 and returns false. */
static bool participant_from_fields(struct api_ctx *c,
                                    const struct training_row *t,
                                    const struct field_value *f,
                                    struct participant_row *p)
{
	size_t n = text_length(f[PF_FULL_NAME].s);
	if (n < 2 || n > 200)
		return bad_field(c, "full_name",
		                 "full_name must be 2 to 200 characters");
	p->full_name = f[PF_FULL_NAME].s;
	p->full_name_folded = text_fold(c->arena, p->full_name);
	/* The indicators count women and men (e.g. female leaders
	 * trained): a third value would be counted nowhere. */
	if (strcmp(f[PF_SEX].s, "male") != 0 &&
	    strcmp(f[PF_SEX].s, "female") != 0)
		return bad_field(c, "sex", "sex must be male or female");
	p->sex = f[PF_SEX].s;
	if (!net_code_field(c, "role", "participant_role", f[PF_ROLE].s))
		return false;
	p->role = f[PF_ROLE].s;
	if (!optional_text(c, &f[PF_AGENCY], "agency", 200, &p->agency) ||
	    !optional_text(c, &f[PF_POSITION], "position", 200, &p->position))
		return false;
	if (f[PF_BIRTH_YEAR].present) {
		char today[NET_DATE_MAX];
		net_today(today);
		int64_t year = atoi(today);
		if (f[PF_BIRTH_YEAR].i < 1900 || f[PF_BIRTH_YEAR].i > year)
			return bad_field(c, "birth_year",
			                 "birth_year must be a year from 1900 "
			                 "to this year");
		p->birth_year = (int)f[PF_BIRTH_YEAR].i;
	}
	p->unit_tree = t->unit_tree;
	p->unit_code = t->unit_code;
	p->unit_path = t->unit_path;
	if (f[PF_UNIT].present && *f[PF_UNIT].s != '\0') {
		/* The participant's own unit, in the training's tree. */
		struct unit_row u;
		if (!net_unit_field(c, "unit_code", t->unit_tree, f[PF_UNIT].s,
		                    &u))
			return false;
		p->unit_tree = u.tree;
		p->unit_code = u.code;
		p->unit_path = u.path;
	}
	return true;
}

void participants_create(struct api_ctx *c)
{
	struct training_row t;
	if (!training_load(c, &t))
		return;
	json_t *body = api_body_object(c);
	struct field_value f[PF__MAX];
	if (body == NULL || !api_fields(c, body, create_fields, PF__MAX, f))
		return;
	struct participant_row p = {0};
	if (!participant_from_fields(c, &t, f, &p))
		return;
	p.training_id = t.id;
	p.created_by = c->user.id;
	p.created_at = time_now();

	enum store_status st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_participant_insert(c->db, &p);
	if (st != STORE_OK ||
	    !api_audit(
	        c, "participant_create",
	        arena_printf(c->arena, "participant:%lld", (long long)p.id),
	        t.unit_tree, t.unit_path,
	        json_pack("{s:I, s:s}", "training_id", (json_int_t)t.id, "role",
	                  p.role)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_reply_json(c, 201, participant_json(&p));
}

void participants_delete(struct api_ctx *c)
{
	int64_t id;
	if (!training_readable(c) || !api_id_param(c, "id", "participant", &id))
		return;
	struct participant_row p;
	struct training_row t;
	enum store_status st = store_participant_get(c->db, c->arena, id, &p);
	if (st == STORE_OK)
		st = store_training_get(c->db, c->arena, p.training_id, &t);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return;
	}
	/* The training's unit decides, as for every record under it. */
	if (st != STORE_OK || !access_sees(&c->who, t.unit_tree, t.unit_path)) {
		api_reply_error(c, 404, "not_found", "No such participant",
		                NULL);
		return;
	}
	st = store_begin(c->db);
	if (st == STORE_OK)
		st = store_participant_delete(c->db, id);
	if (st == STORE_NOTFOUND) {
		/* Deleted meanwhile by another request. */
		store_rollback(c->db);
		api_reply_error(c, 404, "not_found", "No such participant",
		                NULL);
		return;
	}
	if (st != STORE_OK ||
	    !api_audit(
	        c, "participant_delete",
	        arena_printf(c->arena, "participant:%lld", (long long)id),
	        t.unit_tree, t.unit_path,
	        json_pack("{s:I, s:s, s:s}", "training_id", (json_int_t)t.id,
	                  "role", p.role, "sex", p.sex)) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_reply_internal(c);
		return;
	}
	api_reply_empty(c, 204);
}
