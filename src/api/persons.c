/*
 * persons.c — the people cases are about: validating a person's identity
 * fields (for POST /cases and PATCH /cases/ID), their JSON, and the
 * duplicate check a worker runs before registering someone new.
 *
 * ** URL: GET /api/v1/persons/duplicates?full_name=&birth_year=|birth_date=
 *         &national_id=&unit=&tree= → 200 {"items":[{"person","match",
 *         "cases":[{"id","case_no","type","stage"}]}]}; 422 without
 *         national_id or a name with a birth year; 403 out_of_scope;
 *         429 too_many_requests past `serve --search-ip-limit` for one
 *         address (api/ip_limits.h)
 *
 * Persons belong to no unit; what a caller may know of one comes from
 * their cases.  A likely duplicate (same national id, or same folded name
 * and birth year in the unit's province) is shown only with the cases the
 * caller may read in full: a person known only through a restricted case
 * the caller may not read is left out, so the check cannot tell anyone
 * that a neighbour has a violence or trafficking case.
 */
#include <stdlib.h>
#include <string.h>

#include "api/case_internal.h"
#include "api/cases.h"
#include "api/handlers.h"
#include "api/ip_limits.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/timeutil.h"

/* How many rows the search through a name reads at most. */
#define PERSON_SCAN_PAGES 10
#define PERSON_SCAN_PAGE  200
#define DUPLICATES_MAX    20

const char *const person_keys[] = {
    "full_name",   "sex",          "birth_date",   "birth_year", "ethnicity",
    "national_id", "address_unit", "address_tree", "contacts",   NULL};

static bool present(json_t *obj, const char *key)
{
	return json_object_get(obj, key) != NULL;
}

static bool national_id_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n != 9 && n != 12)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool person_error(struct api_ctx *c, const char *field,
                         const char *message)
{
	api_reply_error(c, 422, "invalid_field", message, field);
	return false;
}

/* address_unit (and address_tree) of obj into p. */
static bool person_address(struct api_ctx *c, json_t *obj, const char *tree,
                           struct person_row *p)
{
	json_t *v = json_object_get(obj, "address_unit");
	if (json_is_null(v)) {
		p->address_tree = p->address_code = NULL;
		return true;
	}
	const char *t = tree;
	json_t *tv = json_object_get(obj, "address_tree");
	if (tv != NULL && !json_is_null(tv)) {
		t = json_string_value(tv);
		if (t == NULL ||
		    (strcmp(t, "2024") != 0 && strcmp(t, "2025") != 0))
			return person_error(c, "person.address_tree",
			                    "person.address_tree must be 2024 "
			                    "or 2025");
	}
	struct unit_row u;
	enum store_status st = STORE_NOTFOUND;
	if (json_is_string(v))
		st = store_unit_get(c->db, c->arena, t, json_string_value(v),
		                    &u);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	if (st != STORE_OK)
		return person_error(c, "person.address_unit",
		                    "person.address_unit must be a unit code");
	p->address_tree = u.tree;
	p->address_code = u.code;
	return true;
}

bool person_check(struct api_ctx *c, json_t *obj, const char *tree,
                  struct person_row *p, bool create)
{
	const char *s;
	if (!case_keys_known(c, obj, person_keys, "person"))
		return false;
	if (create || present(obj, "full_name")) {
		if (!case_text(c, obj, "full_name", "person", 1, 200, true, &s))
			return false;
		p->full_name = s;
		p->full_name_folded = text_fold(c->arena, s);
	}
	if (create || present(obj, "sex")) {
		if (!case_code(c, obj, "sex", "person", "sex", true, &s))
			return false;
		p->sex = s;
	}
	int32_t day;
	int this_year = hcm_year_of(time_now());
	if (present(obj, "birth_year")) {
		json_t *v = json_object_get(obj, "birth_year");
		if (json_is_null(v))
			p->birth_year = 0;
		else if (!json_is_integer(v) || json_integer_value(v) < 1900 ||
		         json_integer_value(v) > this_year)
			return person_error(c, "person.birth_year",
			                    arena_printf(c->arena,
			                                 "person.birth_year "
			                                 "must be a year from "
			                                 "1900 to %d",
			                                 this_year));
		else
			p->birth_year = (int)json_integer_value(v);
	}
	if (present(obj, "birth_date")) {
		if (!case_date(c, obj, "birth_date", "person", false, true, &s,
		               &day))
			return false;
		p->birth_date = s;
	}
	if (p->birth_date != NULL) {
		int y = atoi(p->birth_date);
		json_t *v = json_object_get(obj, "birth_year");
		if (json_is_integer(v) && json_integer_value(v) != y)
			return person_error(c, "person.birth_year",
			                    "person.birth_year does not match "
			                    "person.birth_date");
		p->birth_year = y;
	}
	if (present(obj, "ethnicity")) {
		if (!case_code(c, obj, "ethnicity", "person", "ethnicity",
		               false, &s))
			return false;
		p->ethnicity = s;
	}
	if (present(obj, "national_id")) {
		json_t *v = json_object_get(obj, "national_id");
		if (json_is_null(v))
			p->national_id = NULL;
		else if (!national_id_valid(json_string_value(v)))
			return person_error(
			    c, "person.national_id",
			    "person.national_id must be 9 or 12 "
			    "digits");
		else
			p->national_id =
			    arena_strdup(c->arena, json_string_value(v));
	}
	if (present(obj, "address_unit") && !person_address(c, obj, tree, p))
		return false;
	if (present(obj, "contacts")) {
		if (!case_text(c, obj, "contacts", "person", 0, 500, false, &s))
			return false;
		p->contacts = s;
	}
	return true;
}

json_t *person_field_json(const struct person_row *p, const char *key)
{
	const char *s = NULL;
	if (strcmp(key, "full_name") == 0)
		s = p->full_name;
	else if (strcmp(key, "sex") == 0)
		s = p->sex;
	else if (strcmp(key, "birth_date") == 0)
		s = p->birth_date;
	else if (strcmp(key, "birth_year") == 0)
		return p->birth_year ? json_integer(p->birth_year)
		                     : json_null();
	else if (strcmp(key, "ethnicity") == 0)
		s = p->ethnicity;
	else if (strcmp(key, "national_id") == 0)
		s = p->national_id;
	else if (strcmp(key, "address_unit") == 0)
		s = p->address_code;
	else if (strcmp(key, "address_tree") == 0)
		s = p->address_tree;
	else if (strcmp(key, "contacts") == 0)
		s = p->contacts;
	return s ? json_string(s) : json_null();
}

json_t *person_json(const struct person_row *p)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", p->id ? json_integer(p->id) : json_null());
	for (size_t i = 0; person_keys[i] != NULL; i++)
		json_object_set_new(j, person_keys[i],
		                    person_field_json(p, person_keys[i]));
	return j;
}

bool person_cases(struct api_ctx *c, const struct person_row *p,
                  struct case_row **items, size_t *n)
{
	struct case_query q = {0};
	q.tree = c->who.scope_tree ? c->who.scope_tree : c->cfg->default_tree;
	q.within_path = c->who.scope_path;
	q.q_folded = p->full_name_folded;
	q.identity_all =
	    c->who.role == ROLE_PROVINCE || c->who.role == ROLE_DISTRICT;
	q.identity_user = c->user.id;
	q.now = time_now();
	q.limit = PERSON_SCAN_PAGE;
	size_t cap = 8, k = 0;
	struct case_row *out = arena_alloc(c->arena, cap * sizeof *out);
	for (int page = 0; page < PERSON_SCAN_PAGES; page++) {
		struct case_row *rows;
		size_t m;
		long total;
		q.offset = page * PERSON_SCAN_PAGE;
		if (store_cases_list(c->db, c->arena, &q, &rows, &m, &total) !=
		    STORE_OK) {
			api_reply_internal(c);
			return false;
		}
		for (size_t i = 0; i < m; i++) {
			struct case_facts f;
			case_facts_of(&rows[i], &f);
			enum case_view v = casework_view(&c->who, &f);
			if (rows[i].person_id != p->id || v == VIEW_NONE ||
			    (casework_restricted(&f) && v != VIEW_FULL))
				continue;
			if (k == cap) {
				struct case_row *bigger = arena_alloc(
				    c->arena, 2 * cap * sizeof *bigger);
				memcpy(bigger, out, cap * sizeof *out);
				out = bigger;
				cap *= 2;
			}
			out[k++] = rows[i];
		}
		if ((long)q.offset + (long)m >= total || m == 0)
			break;
	}
	*items = out;
	*n = k;
	return true;
}

bool person_of_case(struct api_ctx *c, json_t *body, const char *tree,
                    struct person_row *p, bool *is_new)
{
	json_t *obj = json_object_get(body, "person");
	json_t *id = json_object_get(body, "person_id");
	bool has_obj = obj != NULL && !json_is_null(obj);
	bool has_id = id != NULL && !json_is_null(id);
	if (has_obj == has_id)
		return person_error(c, "person",
		                    "Give either person or person_id");
	*is_new = has_obj;
	memset(p, 0, sizeof *p);
	if (has_obj) {
		if (!json_is_object(obj))
			return person_error(c, "person",
			                    "person must be an object");
		return person_check(c, obj, tree, p, true);
	}
	enum store_status st = STORE_NOTFOUND;
	if (json_is_integer(id) && json_integer_value(id) > 0)
		st = store_person_get(c->db, c->arena, json_integer_value(id),
		                      p);
	if (st == STORE_ERROR) {
		api_reply_internal(c);
		return false;
	}
	struct case_row *cases;
	size_t n = 0;
	if (st == STORE_OK && !person_cases(c, p, &cases, &n))
		return false;
	/* Someone else's person, or one only seen in restricted cases, is
	 * no person for this caller: same answer as a wrong id. */
	if (n == 0)
		return person_error(c, "person_id",
		                    "person_id must be a person with a case "
		                    "you may see");
	return true;
}

/* A whole number query argument in [min, max]; -1 when malformed. */
static int query_int(const char *s, int min, int max)
{
	if (s == NULL || *s == '\0' || strlen(s) > 6)
		return -1;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	int v = atoi(s);
	return v < min || v > max ? -1 : v;
}

void persons_duplicates(struct api_ctx *c)
{
	if (!api_ip_allow(c, c->cfg->search_limiter, true, "too_many_requests",
	                  "Too many searches; try again later"))
		return;
	const char *unit = api_query(c, "unit");
	char province[8] = "";
	const char *path = c->who.scope_path;
	if (unit != NULL && *unit != '\0') {
		struct unit_row u;
		const char *tree = api_tree(c);
		if (tree == NULL ||
		    !case_unit_in_scope(c, "unit", tree, unit, &u))
			return;
		path = u.path;
	}
	if (path == NULL) {
		api_reply_error(c, 422, "invalid_field", "unit is required",
		                "unit");
		return;
	}
	size_t plen = strcspn(path, "/");
	if (plen >= sizeof province)
		plen = sizeof province - 1;
	memcpy(province, path, plen);

	const char *name = api_query(c, "full_name");
	const char *folded = NULL;
	if (name != NULL && *name != '\0' &&
	    (strlen(name) > 800 || !text_valid(name) ||
	     (folded = text_fold(c->arena, name)) == NULL)) {
		api_reply_error(c, 422, "invalid_field",
		                "full_name must be a name", "full_name");
		return;
	}
	int year = 0;
	const char *by = api_query(c, "birth_year");
	const char *bd = api_query(c, "birth_date");
	if (by != NULL && *by != '\0' &&
	    (year = query_int(by, 1900, hcm_year_of(time_now()))) < 0) {
		api_reply_error(c, 422, "invalid_field",
		                "birth_year must be a year", "birth_year");
		return;
	}
	if (bd != NULL && *bd != '\0') {
		if (!case_date_valid(bd)) {
			api_reply_error(c, 422, "invalid_field",
			                "birth_date must be a date YYYY-MM-DD",
			                "birth_date");
			return;
		}
		year = atoi(bd);
	}
	const char *nid = api_query(c, "national_id");
	if (nid != NULL && *nid == '\0')
		nid = NULL;
	if (nid != NULL && ((strlen(nid) != 9 && strlen(nid) != 12) ||
	                    strspn(nid, "0123456789") != strlen(nid))) {
		api_reply_error(c, 422, "invalid_field",
		                "national_id must be 9 or 12 digits",
		                "national_id");
		return;
	}
	if (nid == NULL && (folded == NULL || *folded == '\0' || year == 0)) {
		api_reply_error(c, 422, "invalid_field",
		                "Give national_id, or full_name with "
		                "birth_year or birth_date",
		                "full_name");
		return;
	}
	struct person_row *rows;
	size_t n;
	if (store_person_duplicates(c->db, c->arena, province, nid,
	                            year ? folded : NULL, year, DUPLICATES_MAX,
	                            &rows, &n) != STORE_OK) {
		api_reply_internal(c);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct case_row *cases;
		size_t m;
		if (!person_cases(c, &rows[i], &cases, &m)) {
			json_decref(items);
			return;
		}
		if (m == 0)
			continue;
		json_t *list = json_array();
		for (size_t k = 0; k < m; k++)
			json_array_append_new(
			    list,
			    json_pack("{s:I, s:s, s:s, s:s}", "id",
			              (json_int_t)cases[k].id, "case_no",
			              cases[k].case_no, "type", cases[k].type,
			              "stage", cases[k].stage));
		bool by_id = nid != NULL && rows[i].national_id != NULL &&
		             strcmp(nid, rows[i].national_id) == 0;
		json_array_append_new(
		    items, json_pack("{s:o, s:s, s:o}", "person",
		                     person_json(&rows[i]), "match",
		                     by_id ? "national_id" : "name_birth_year",
		                     "cases", list));
	}
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}
