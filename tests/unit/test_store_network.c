/*
 * test_store_network.c — the SQLite store's service network against
 * store.h §network (docs/network.md): facilities with their versions,
 * list filters and the "units above my scope" rule, the append-only
 * facility history, stays (one open stay per person, discharge once,
 * residents counted), the case's facility and the facility user's case
 * list, carers, placements (one active per case) and their reviews,
 * trainings with participant counts, communications and the commune
 * coverage table, import jobs, and users.facility_id.  Each test gets a
 * fresh database file in its own mkdtemp directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/arena.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
	struct arena *a;
	int64_t worker; /* a user */
};

static void put_unit(struct store *st, const char *code, const char *name,
                     int level, const char *parent, const char *path)
{
	struct unit_row u = {
	    .tree = "2024",
	    .code = code,
	    .name = name,
	    .name_folded = name,
	    .type = level == 1   ? "Tỉnh"
	            : level == 2 ? "Huyện"
	                         : "Xã",
	    .level = level,
	    .parent_code = parent,
	    .path = path,
	};
	assert_int_equal(store_unit_put(st, &u), STORE_OK);
}

static int64_t add_user(struct store *st, const char *username,
                        int64_t facility_id)
{
	struct user_row u = {
	    .username = username,
	    .full_name = username,
	    .role = facility_id ? "facility" : "commune",
	    .scope_tree = "2024",
	    .scope_code = "62",
	    .scope_path = "62",
	    .facility_id = facility_id,
	    .password_hash = "$argon2id$v=19$x",
	    .active = 1,
	};
	assert_int_equal(store_user_insert(st, &u), STORE_OK);
	return u.id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char *err = NULL;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/trogiup-network-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	assert_int_equal(store_open(f->path, &f->st, &err), STORE_OK);
	assert_int_equal(store_migrate(f->st, &err), STORE_OK);
	assert_null(err);
	f->a = arena_new();
	/* Kon Tum with two districts whose codes share a prefix (61, 612),
	 * a commune under each, and Gia Lai with one district and commune */
	put_unit(f->st, "62", "Kon Tum", 1, NULL, "62");
	put_unit(f->st, "61", "Đắk Hà", 2, "62", "62/61");
	put_unit(f->st, "612", "Đắk Tô", 2, "62", "62/612");
	put_unit(f->st, "23425", "Xã A", 3, "61", "62/61/23425");
	put_unit(f->st, "23401", "Xã B", 3, "612", "62/612/23401");
	put_unit(f->st, "64", "Gia Lai", 1, NULL, "64");
	put_unit(f->st, "640", "Huyện G", 2, "64", "64/640");
	put_unit(f->st, "24000", "Xã G", 3, "640", "64/640/24000");
	f->worker = add_user(f->st, "worker", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	store_close(f->st);
	arena_free(f->a);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Runs sql on a second, raw connection; returns the SQLite result code. */
static int raw_exec(const struct fixture *f, const char *sql)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static struct facility_row facility_at(const char *name, const char *code,
                                       const char *path)
{
	struct facility_row r = {
	    .name = name,
	    .name_folded = name,
	    .type = "fac_child_protection_service",
	    .kind = "facility",
	    .ownership = "public",
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .capacity = 10,
	    .status = "active",
	};
	return r;
}

static int64_t add_facility(struct fixture *f, struct facility_row *r)
{
	assert_int_equal(store_facility_insert(f->st, r), STORE_OK);
	assert_true(r->id > 0);
	assert_int_equal(r->version, 1);
	return r->id;
}

static int64_t add_person(struct fixture *f, const char *name, int year)
{
	struct person_row p = {
	    .full_name = name,
	    .full_name_folded = name,
	    .sex = "female",
	    .birth_year = year,
	    .province = "62",
	};
	assert_int_equal(store_person_insert(f->st, &p), STORE_OK);
	return p.id;
}

static int64_t add_case(struct fixture *f, int64_t person, const char *type,
                        const char *code, const char *path, int64_t created_by)
{
	struct case_row c = {
	    .type = type,
	    .person_id = person,
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .stage = "assessment",
	    .urgency = "normal",
	    .details = "{}",
	    .consent_services = -1,
	    .consent_statistics = -1,
	    .consent_sharing = -1,
	    .opened_at = 1000,
	    .created_by = created_by,
	};
	assert_int_equal(store_case_insert(f->st, f->a, &c, 2026), STORE_OK);
	return c.id;
}

/* ---- facilities ---------------------------------------------------------- */

static void facility_insert_get_update(void **state)
{
	struct fixture *f = *state;
	struct facility_row r = facility_at("trung tam", "62", "62"), got;

	r.capacity = -1;
	r.licence_no = "GP-1";
	r.sw_standard = 1;
	r.created_by = f->worker;
	add_facility(f, &r);
	assert_true(r.created_at > 0 && r.updated_at == r.created_at);
	assert_int_equal(store_facility_get(f->st, f->a, r.id, &got), STORE_OK);
	assert_string_equal(got.name, "trung tam");
	assert_string_equal(got.kind, "facility");
	assert_string_equal(got.unit_path, "62");
	assert_int_equal(got.capacity, -1); /* not set */
	assert_string_equal(got.licence_no, "GP-1");
	assert_null(got.licence_date);
	assert_null(got.note);
	assert_int_equal(got.sw_standard, 1);
	assert_int_equal(got.created_by, f->worker);
	assert_int_equal(got.version, 1);
	assert_int_equal(got.residents, 0);
	assert_int_equal(store_facility_get(f->st, f->a, r.id + 1, &got),
	                 STORE_NOTFOUND);

	/* capacity 0 is a value; versions move and are checked */
	r.capacity = 0;
	r.status = "suspended";
	r.upgraded_on = "2025-06-01";
	assert_int_equal(store_facility_update(f->st, &r, 1), STORE_OK);
	assert_int_equal(r.version, 2);
	assert_int_equal(store_facility_update(f->st, &r, 1), STORE_CONFLICT);
	assert_int_equal(store_facility_update(f->st, &r, 0), STORE_OK);
	assert_int_equal(r.version, 3);
	assert_int_equal(store_facility_get(f->st, f->a, r.id, &got), STORE_OK);
	assert_int_equal(got.capacity, 0);
	assert_string_equal(got.status, "suspended");
	assert_string_equal(got.upgraded_on, "2025-06-01");
	assert_int_equal(got.version, 3);
	r.id += 100;
	assert_int_equal(store_facility_update(f->st, &r, 3), STORE_NOTFOUND);
}

/* The names of a facility list, joined by ",". */
static const char *names_of(struct fixture *f, const struct facility_query *q,
                            long *total)
{
	struct facility_row *items;
	size_t n = 0;
	char *out = arena_strdup(f->a, "");

	assert_int_equal(
	    store_facilities_list(f->st, f->a, q, &items, &n, total), STORE_OK);
	for (size_t i = 0; i < n; i++)
		out = arena_printf(f->a, "%s%s%s", out, i ? "," : "",
		                   items[i].name);
	return out;
}

static void facilities_list_filters_and_above(void **state)
{
	struct fixture *f = *state;
	struct facility_row r;
	struct facility_query q = {.tree = "2024"};
	long total = 0;
	int64_t ids[6];

	r = facility_at("a tinh", "62", "62");
	ids[0] = add_facility(f, &r);
	r = facility_at("b huyen 61", "61", "62/61");
	r.ownership = "non_public";
	ids[1] = add_facility(f, &r);
	r = facility_at("c huyen 612", "612", "62/612");
	r.type = "sp_hotline";
	r.kind = "service_point";
	ids[2] = add_facility(f, &r);
	r = facility_at("d xa a", "23425", "62/61/23425");
	r.status = "closed";
	ids[3] = add_facility(f, &r);
	r = facility_at("e gia lai", "64", "64");
	ids[4] = add_facility(f, &r);
	r = facility_at("f xa b", "23401", "62/612/23401");
	r.type = "model_women_club";
	r.kind = "model";
	ids[5] = add_facility(f, &r);

	/* the whole tree, by name */
	assert_string_equal(names_of(f, &q, &total),
	                    "a tinh,b huyen 61,c huyen 612,d xa a,e gia lai,"
	                    "f xa b");
	assert_int_equal(total, 6);
	/* within a district: whole segments only (61 is not 612) */
	q.within_path = "62/61";
	assert_string_equal(names_of(f, &q, &total), "b huyen 61,d xa a");
	/* a commune user: its commune, and the units above it */
	q.within_path = "62/612/23401";
	assert_string_equal(names_of(f, &q, &total), "f xa b");
	q.or_above_path = "62/612/23401";
	assert_string_equal(names_of(f, &q, &total),
	                    "a tinh,c huyen 612,f xa b");
	assert_int_equal(total, 3);
	/* a district user: the province above, never a sibling's */
	q.within_path = q.or_above_path = "62/61";
	assert_string_equal(names_of(f, &q, &total),
	                    "a tinh,b huyen 61,d xa a");
	/* a province user: nothing above */
	q.within_path = q.or_above_path = "64";
	assert_string_equal(names_of(f, &q, &total), "e gia lai");
	q.within_path = q.or_above_path = NULL;

	/* filters */
	q.kind = "facility";
	assert_string_equal(names_of(f, &q, &total),
	                    "a tinh,b huyen 61,d xa a,e gia lai");
	q.status = "closed";
	assert_string_equal(names_of(f, &q, &total), "d xa a");
	q.kind = q.status = NULL;
	q.type = "sp_hotline";
	assert_string_equal(names_of(f, &q, &total), "c huyen 612");
	q.type = NULL;
	q.ownership = "non_public";
	assert_string_equal(names_of(f, &q, &total), "b huyen 61");
	q.ownership = NULL;
	q.q_folded = "huyen";
	assert_string_equal(names_of(f, &q, &total), "b huyen 61,c huyen 612");
	q.q_folded = "%";
	assert_string_equal(names_of(f, &q, &total), "");
	q.q_folded = NULL;
	q.only_id = ids[4];
	assert_string_equal(names_of(f, &q, &total), "e gia lai");
	q.only_id = 0;

	/* paging: total before paging; limit 0 means all */
	q.offset = 1;
	q.limit = 2;
	assert_string_equal(names_of(f, &q, &total), "b huyen 61,c huyen 612");
	assert_int_equal(total, 6);
	q.limit = 0;
	assert_string_equal(names_of(f, &q, &total),
	                    "b huyen 61,c huyen 612,d xa a,e gia lai,f xa b");
	q.offset = 0;
	q.tree = "2025";
	assert_string_equal(names_of(f, &q, &total), "");
	assert_int_equal(total, 0);
}

static void facility_events_append_only(void **state)
{
	struct fixture *f = *state;
	struct facility_row r = facility_at("trung tam", "62", "62");
	struct facility_event_row e1 = {.actor_id = f->worker,
	                                .actor_name = "worker",
	                                .kind = "created"},
	                          e2 = {.actor_name = "system",
	                                .kind = "updated",
	                                .data = "{\"name\":[\"a\",\"b\"]}",
	                                .at = 5},
	                          *items;
	size_t n = 0;

	add_facility(f, &r);
	e1.facility_id = e2.facility_id = r.id;
	assert_int_equal(store_facility_event_append(f->st, &e1), STORE_OK);
	assert_int_equal(store_facility_event_append(f->st, &e2), STORE_OK);
	assert_true(e1.id > 0 && e2.id > e1.id && e1.at > 0);
	assert_int_equal(store_facility_events(f->st, f->a, r.id, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].kind, "created");
	assert_string_equal(items[0].data, "{}");
	assert_int_equal(items[0].actor_id, f->worker);
	assert_int_equal(items[1].actor_id, 0);
	assert_int_equal(items[1].at, 5);
	assert_string_equal(items[1].data, "{\"name\":[\"a\",\"b\"]}");
	assert_int_equal(
	    store_facility_events(f->st, f->a, r.id + 1, &items, &n), STORE_OK);
	assert_int_equal(n, 0);

	/* never updated, never deleted */
	assert_int_not_equal(
	    raw_exec(f, "UPDATE facility_events SET kind = 'x'"), SQLITE_OK);
	assert_int_not_equal(raw_exec(f, "DELETE FROM facility_events"),
	                     SQLITE_OK);
	assert_int_equal(store_facility_events(f->st, f->a, r.id, &items, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].kind, "created");
}

/* ---- stays and the facility's cases ------------------------------------ */

static struct stay_row stay_of(int64_t facility, int64_t case_id,
                               int64_t person, const char *on, int64_t by)
{
	struct stay_row s = {
	    .facility_id = facility,
	    .case_id = case_id,
	    .person_id = person,
	    .admitted_on = on,
	    .admission_kind = "ordinary",
	    .reason = "no carer",
	    .decided_by = "Director",
	    .admitted_by = by,
	};
	return s;
}

static int64_t residents_of(struct fixture *f, int64_t facility)
{
	struct facility_row got;

	assert_int_equal(store_facility_get(f->st, f->a, facility, &got),
	                 STORE_OK);
	return got.residents;
}

static void stays_admit_discharge(void **state)
{
	struct fixture *f = *state;
	struct facility_row r1 = facility_at("one", "62", "62"),
	                    r2 = facility_at("two", "61", "62/61");
	int64_t lan = add_person(f, "nguyen thi lan", 2012),
	        hoa = add_person(f, "le thi hoa", 2010);
	int64_t c1, c2;
	struct stay_row s1, s2, s3, got, *items;
	size_t n = 0;
	long total = 0;

	add_facility(f, &r1);
	add_facility(f, &r2);
	c1 = add_case(f, lan, "child_protection", "23425", "62/61/23425",
	              f->worker);
	c2 = add_case(f, hoa, "gbv", "62", "62", f->worker);

	s1 = stay_of(r1.id, c1, lan, "2026-01-10", f->worker);
	assert_int_equal(store_stay_insert(f->st, &s1), STORE_OK);
	assert_true(s1.id > 0 && s1.created_at > 0);
	assert_int_equal(residents_of(f, r1.id), 1);

	/* a person is resident in one place at most */
	s2 = stay_of(r2.id, c1, lan, "2026-01-11", f->worker);
	assert_int_equal(store_stay_insert(f->st, &s2), STORE_CONFLICT);
	s2 = stay_of(r1.id, c2, hoa, "2026-02-01", f->worker);
	s2.admission_kind = "emergency";
	s2.over_capacity_reason = "night";
	assert_int_equal(store_stay_insert(f->st, &s2), STORE_OK);
	assert_int_equal(residents_of(f, r1.id), 2);
	assert_int_equal(residents_of(f, r2.id), 0);

	/* read with its case, person and facility */
	assert_int_equal(store_stay_get(f->st, f->a, s2.id, &got), STORE_OK);
	assert_int_equal(got.facility_id, r1.id);
	assert_string_equal(got.admission_kind, "emergency");
	assert_string_equal(got.over_capacity_reason, "night");
	assert_null(got.discharged_on);
	assert_int_equal(got.discharged_by, 0);
	assert_string_equal(got.case_type, "gbv");
	assert_string_equal(got.case_unit_path, "62");
	assert_string_equal(got.case_unit_tree, "2024");
	assert_non_null(got.case_no);
	assert_string_equal(got.person_name, "le thi hoa");
	assert_string_equal(got.person_sex, "female");
	assert_int_equal(got.person_birth_year, 2010);
	assert_string_equal(got.facility_name, "one");
	assert_int_equal(store_stay_get(f->st, f->a, s2.id + 9, &got),
	                 STORE_NOTFOUND);
	assert_int_equal(store_stay_current(f->st, f->a, lan, &got), STORE_OK);
	assert_int_equal(got.id, s1.id);

	/* discharge once */
	s1.discharged_on = "2026-03-01";
	s1.discharge_reason = "returned_family";
	s1.discharge_decided_by = "Director";
	s1.discharged_by = f->worker;
	assert_int_equal(store_stay_discharge(f->st, &s1), STORE_OK);
	assert_int_equal(store_stay_discharge(f->st, &s1), STORE_CONFLICT);
	s3 = s1;
	s3.id = s2.id + 50;
	assert_int_equal(store_stay_discharge(f->st, &s3), STORE_NOTFOUND);
	assert_int_equal(residents_of(f, r1.id), 1);
	assert_int_equal(store_stay_current(f->st, f->a, lan, &got),
	                 STORE_NOTFOUND);
	assert_int_equal(store_stay_get(f->st, f->a, s1.id, &got), STORE_OK);
	assert_string_equal(got.discharged_on, "2026-03-01");
	assert_string_equal(got.discharge_reason, "returned_family");
	assert_null(got.discharge_note);
	assert_int_equal(got.discharged_by, f->worker);

	/* admitted again elsewhere after the discharge */
	s3 = stay_of(r2.id, c1, lan, "2026-03-05", f->worker);
	assert_int_equal(store_stay_insert(f->st, &s3), STORE_OK);
	assert_int_equal(residents_of(f, r2.id), 1);

	/* the register: newest admission first, current only on demand */
	assert_int_equal(
	    store_stays_list(f->st, f->a, r1.id, 0, 0, 0, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_int_equal(items[0].id, s2.id);
	assert_int_equal(items[1].id, s1.id);
	assert_string_equal(items[1].person_name, "nguyen thi lan");
	assert_int_equal(
	    store_stays_list(f->st, f->a, r1.id, 1, 0, 0, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, s2.id);
	assert_int_equal(
	    store_stays_list(f->st, f->a, r1.id, 0, 1, 1, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);
	assert_int_equal(items[0].id, s1.id);
}

/* The ids of a case list, joined by ",". */
static const char *case_ids(struct fixture *f, const struct case_query *q,
                            long *total)
{
	struct case_row *items;
	size_t n = 0;
	char *out = arena_strdup(f->a, "");

	assert_int_equal(store_cases_list(f->st, f->a, q, &items, &n, total),
	                 STORE_OK);
	for (size_t i = 0; i < n; i++)
		out = arena_printf(f->a, "%s%s%lld", out, i ? "," : "",
		                   (long long)items[i].id);
	return out;
}

static void facility_user_cases(void **state)
{
	struct fixture *f = *state;
	struct facility_row r = facility_at("one", "62", "62");
	int64_t p = add_person(f, "tran van nam", 2011);
	int64_t resident, assigned, opened, other, elsewhere, staff;
	struct case_row c;
	struct case_query q = {.tree = "2024"};
	long total = 0;

	add_facility(f, &r);
	staff = add_user(f->st, "staff", r.id);
	resident = add_case(f, p, "child_protection", "64", "64", f->worker);
	assigned =
	    add_case(f, p, "social_assistance", "612", "62/612", f->worker);
	opened =
	    add_case(f, p, "social_assistance", "23425", "62/61/23425", staff);
	other = add_case(f, p, "social_assistance", "62", "62", f->worker);
	elsewhere =
	    add_case(f, p, "child_protection", "61", "62/61", f->worker);

	assert_int_equal(store_case_set_facility(f->st, resident, r.id),
	                 STORE_OK);
	assert_int_equal(store_case_set_facility(f->st, elsewhere, r.id + 7),
	                 STORE_OK);
	assert_int_equal(store_case_set_facility(f->st, other + 99, r.id),
	                 STORE_NOTFOUND);
	assert_int_equal(store_case_get(f->st, f->a, assigned, &c), STORE_OK);
	c.assigned_to = staff;
	assert_int_equal(store_case_update(f->st, &c, c.version), STORE_OK);
	/* the facility is not the case form's: no version moved */
	assert_int_equal(store_case_get(f->st, f->a, resident, &c), STORE_OK);
	assert_int_equal(c.facility_id, r.id);
	assert_int_equal(c.version, 1);

	/* residents', assigned and opened, in any unit; newest first */
	q.facility_id = r.id;
	q.own_user = staff;
	assert_string_equal(case_ids(f, &q, &total),
	                    arena_printf(f->a, "%lld,%lld,%lld",
	                                 (long long)opened, (long long)assigned,
	                                 (long long)resident));
	assert_int_equal(total, 3);
	/* with the other filters */
	q.type = "child_protection";
	assert_string_equal(case_ids(f, &q, &total),
	                    arena_printf(f->a, "%lld", (long long)resident));
	assert_int_equal(total, 1);
	q.type = NULL;
	q.within_path = "62";
	assert_string_equal(case_ids(f, &q, &total),
	                    arena_printf(f->a, "%lld,%lld", (long long)opened,
	                                 (long long)assigned));
	assert_int_equal(total, 2);
	q.within_path = NULL;
	q.limit = 1;
	q.offset = 1;
	assert_string_equal(case_ids(f, &q, &total),
	                    arena_printf(f->a, "%lld", (long long)assigned));
	assert_int_equal(total, 3);
	q.limit = q.offset = 0;
	/* a name search keeps the facility filter */
	q.q_folded = "nam";
	assert_string_equal(case_ids(f, &q, &total),
	                    arena_printf(f->a, "%lld,%lld,%lld",
	                                 (long long)opened, (long long)assigned,
	                                 (long long)resident));
	q.q_folded = NULL;

	/* discharged: the case leaves the facility's list */
	assert_int_equal(store_case_set_facility(f->st, resident, 0), STORE_OK);
	assert_string_equal(case_ids(f, &q, &total),
	                    arena_printf(f->a, "%lld,%lld", (long long)opened,
	                                 (long long)assigned));
	/* without a facility the filter is off */
	q.facility_id = q.own_user = 0;
	case_ids(f, &q, &total);
	assert_int_equal(total, 5);
}

static void users_facility_id(void **state)
{
	struct fixture *f = *state;
	struct facility_row r = facility_at("one", "62", "62");
	struct session_row s = {
	    .csrf = "c", .created_at = 1, .last_seen_at = 1};
	struct user_row got, *items;
	struct user_query q = {0};
	size_t n = 0;
	long total = 0;
	int64_t id;

	add_facility(f, &r);
	id = add_user(f->st, "staff", r.id);
	assert_int_equal(store_user_get(f->st, f->a, id, &got), STORE_OK);
	assert_int_equal(got.facility_id, r.id);
	assert_int_equal(store_user_get(f->st, f->a, f->worker, &got),
	                 STORE_OK);
	assert_int_equal(got.facility_id, 0);
	assert_int_equal(store_user_by_username(f->st, f->a, "staff", &got),
	                 STORE_OK);
	assert_int_equal(got.facility_id, r.id);
	s.id_hash = "ff00";
	s.user_id = id;
	assert_int_equal(store_session_insert(f->st, &s), STORE_OK);
	{
		struct session_row gs;

		assert_int_equal(
		    store_session_user(f->st, f->a, "ff00", &gs, &got),
		    STORE_OK);
		assert_int_equal(got.facility_id, r.id);
		assert_string_equal(gs.csrf, "c");
		assert_int_equal(gs.user_id, id);
	}
	assert_int_equal(store_users_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].facility_id, 0);
	assert_int_equal(items[1].facility_id, r.id);

	/* 0 clears it */
	assert_int_equal(store_user_get(f->st, f->a, id, &got), STORE_OK);
	got.facility_id = 0;
	got.role = "commune";
	assert_int_equal(store_user_update(f->st, &got), STORE_OK);
	assert_int_equal(store_user_get(f->st, f->a, id, &got), STORE_OK);
	assert_int_equal(got.facility_id, 0);
}

/* ---- carers and placements ------------------------------------------------
 */

static int64_t add_carer(struct fixture *f, const char *name, const char *kind,
                         const char *code, const char *path)
{
	struct carer_row r = {
	    .full_name = name,
	    .full_name_folded = name,
	    .kind = kind,
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .registered_on = "2025-01-01",
	    .status = "active",
	};
	assert_int_equal(store_carer_insert(f->st, &r), STORE_OK);
	assert_int_equal(r.version, 1);
	return r.id;
}

static void carers_register(void **state)
{
	struct fixture *f = *state;
	int64_t a = add_carer(f, "ba ngoai", "kin", "23425", "62/61/23425");
	int64_t b = add_carer(f, "gia dinh an", "non_kin", "612", "62/612");
	struct carer_row got, *items;
	struct carer_query q = {.tree = "2024"};
	size_t n = 0;
	long total = 0;

	assert_int_equal(store_carer_get(f->st, f->a, a, &got), STORE_OK);
	assert_string_equal(got.full_name, "ba ngoai");
	assert_null(got.sex);
	assert_int_equal(got.birth_year, 0);
	assert_int_equal(got.household_size, 0);
	assert_int_equal(got.active_placements, 0);
	assert_int_equal(store_carer_get(f->st, f->a, b + 1, &got),
	                 STORE_NOTFOUND);

	got.birth_year = 1960;
	got.household_size = 4;
	got.status = "inactive";
	assert_int_equal(store_carer_update(f->st, &got, 1), STORE_OK);
	assert_int_equal(got.version, 2);
	assert_int_equal(store_carer_update(f->st, &got, 1), STORE_CONFLICT);
	got.id = b + 5;
	assert_int_equal(store_carer_update(f->st, &got, 0), STORE_NOTFOUND);
	assert_int_equal(store_carer_get(f->st, f->a, a, &got), STORE_OK);
	assert_int_equal(got.birth_year, 1960);
	assert_int_equal(got.household_size, 4);
	assert_string_equal(got.status, "inactive");

	assert_int_equal(store_carers_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].full_name, "ba ngoai"); /* by name */
	q.within_path = "62/61";
	assert_int_equal(store_carers_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, a);
	q.within_path = NULL;
	q.kind = "non_kin";
	assert_int_equal(store_carers_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, b);
	q.kind = NULL;
	q.status = "active";
	q.q_folded = "an";
	assert_int_equal(store_carers_list(f->st, f->a, &q, &items, &n, &total),
	                 STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, b);
}

static struct placement_row placement_of(int64_t case_id, const char *form,
                                         int64_t carer, const char *start,
                                         const char *review)
{
	struct placement_row p = {
	    .case_id = case_id,
	    .form = form,
	    .carer_id = carer,
	    .start_on = start,
	    .next_review_on = review,
	    .created_by = 1,
	};
	return p;
}

static void placements_and_reviews(void **state)
{
	struct fixture *f = *state;
	int64_t child = add_person(f, "a nhi", 2015);
	int64_t c1 = add_case(f, child, "child_protection", "23425",
	                      "62/61/23425", f->worker);
	int64_t c2 =
	    add_case(f, child, "child_protection", "64", "64", f->worker);
	int64_t kin = add_carer(f, "ba noi", "kin", "23425", "62/61/23425");
	struct facility_row fac = facility_at("trung tam", "62", "62");
	struct placement_row p1, p2, p3, got, *items;
	struct placement_review_row r1 = {.reviewed_on = "2026-07-01",
	                                  .outcome = "continue"},
	                            r2 = {.reviewed_on = "2026-06-01",
	                                  .outcome = "change_form",
	                                  .note = "x"},
	                            *reviews;
	struct placement_query q = {.tree = "2024"};
	struct carer_row carer;
	size_t n = 0;
	long total = 0;

	add_facility(f, &fac);
	p1 = placement_of(c1, "kinship_care", kin, "2026-01-01", "2026-07-01");
	assert_int_equal(store_placement_insert(f->st, &p1), STORE_OK);
	assert_true(p1.id > 0 && p1.created_at > 0);
	assert_int_equal(p1.version, 1);
	/* one active placement per case */
	p2 = placement_of(c1, "foster_non_kin", 0, "2026-02-01", "2026-08-01");
	assert_int_equal(store_placement_insert(f->st, &p2), STORE_CONFLICT);
	p2 = placement_of(c2 + 100, "adoption", 0, "2026-02-01", "2026-08-01");
	assert_int_equal(store_placement_insert(f->st, &p2), STORE_NOTFOUND);
	p2 =
	    placement_of(c2, "residential_care", 0, "2026-03-01", "2026-09-01");
	p2.facility_id = fac.id;
	p2.decision_no = "QD-7";
	assert_int_equal(store_placement_insert(f->st, &p2), STORE_OK);

	/* read with the case (its unit), person, carer and facility */
	assert_int_equal(store_placement_get(f->st, f->a, p1.id, &got),
	                 STORE_OK);
	assert_string_equal(got.form, "kinship_care");
	assert_int_equal(got.carer_id, kin);
	assert_int_equal(got.facility_id, 0);
	assert_string_equal(got.unit_path, "62/61/23425");
	assert_string_equal(got.unit_code, "23425");
	assert_null(got.end_on);
	assert_string_equal(got.case_type, "child_protection");
	assert_non_null(got.case_no);
	assert_string_equal(got.case_stage, "assessment");
	assert_int_equal(got.case_created_by, f->worker);
	assert_int_equal(got.case_assigned_to, 0);
	assert_string_equal(got.person_name, "a nhi");
	assert_int_equal(got.person_birth_year, 2015);
	assert_string_equal(got.carer_name, "ba noi");
	assert_null(got.facility_name);
	assert_int_equal(store_placement_get(f->st, f->a, p2.id, &got),
	                 STORE_OK);
	assert_string_equal(got.facility_name, "trung tam");
	assert_null(got.carer_name);
	assert_string_equal(got.decision_no, "QD-7");
	assert_int_equal(store_placement_get(f->st, f->a, p2.id + 9, &got),
	                 STORE_NOTFOUND);
	assert_int_equal(store_carer_get(f->st, f->a, kin, &carer), STORE_OK);
	assert_int_equal(carer.active_placements, 1);

	/* reviews, oldest review day first */
	r1.placement_id = r2.placement_id = p1.id;
	assert_int_equal(store_placement_review_insert(f->st, &r1), STORE_OK);
	assert_int_equal(store_placement_review_insert(f->st, &r2), STORE_OK);
	assert_true(r1.id > 0 && r2.id > r1.id && r1.created_at > 0);
	assert_int_equal(
	    store_placement_reviews(f->st, f->a, p1.id, &reviews, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(reviews[0].id, r2.id);
	assert_string_equal(reviews[0].note, "x");
	assert_string_equal(reviews[1].outcome, "continue");
	assert_null(reviews[1].note);
	assert_int_equal(
	    store_placement_reviews(f->st, f->a, p2.id, &reviews, &n),
	    STORE_OK);
	assert_int_equal(n, 0);

	/* the list: filters, newest start first */
	assert_int_equal(
	    store_placements_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 2);
	assert_int_equal(items[0].id, p2.id);
	assert_int_equal(items[1].id, p1.id);
	q.within_path = "62";
	assert_int_equal(
	    store_placements_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, p1.id);
	q.within_path = NULL;
	q.form = "residential_care";
	assert_int_equal(
	    store_placements_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, p2.id);
	q.form = NULL;
	q.review_before = "2026-08-01"; /* p1 due 07-01, p2 09-01 */
	assert_int_equal(
	    store_placements_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, p1.id);
	q.review_before = NULL;
	q.carer_id = kin;
	assert_int_equal(
	    store_placements_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	q.carer_id = 0;
	q.case_id = c2;
	assert_int_equal(
	    store_placements_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, p2.id);
	q.case_id = 0;

	/* review date moves, then the placement ends; versions checked */
	p1.next_review_on = "2027-01-01";
	assert_int_equal(store_placement_update(f->st, &p1, 1), STORE_OK);
	assert_int_equal(p1.version, 2);
	p1.end_on = "2026-09-30";
	p1.end_reason = "returned_home";
	assert_int_equal(store_placement_update(f->st, &p1, 1), STORE_CONFLICT);
	assert_int_equal(store_placement_update(f->st, &p1, 2), STORE_OK);
	p3 = p1;
	p3.id = p2.id + 40;
	assert_int_equal(store_placement_update(f->st, &p3, 0), STORE_NOTFOUND);
	assert_int_equal(store_placement_get(f->st, f->a, p1.id, &got),
	                 STORE_OK);
	assert_string_equal(got.next_review_on, "2027-01-01");
	assert_string_equal(got.end_on, "2026-09-30");
	assert_string_equal(got.end_reason, "returned_home");
	assert_int_equal(got.version, 3);
	assert_int_equal(store_carer_get(f->st, f->a, kin, &carer), STORE_OK);
	assert_int_equal(carer.active_placements, 0);
	q.active = 1;
	assert_int_equal(
	    store_placements_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, p2.id);
	q.active = -1;
	assert_int_equal(
	    store_placements_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, p1.id);
	/* ended: an overdue review no longer counts, a new one may start */
	q.active = 0;
	q.review_before = "2099-01-01";
	assert_int_equal(
	    store_placements_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	p3 = placement_of(c1, "foster_non_kin", 0, "2026-10-01", "2027-04-01");
	assert_int_equal(store_placement_insert(f->st, &p3), STORE_OK);
}

/* ---- trainings and participants ------------------------------------------ */

static int64_t add_training(struct fixture *f, const char *title,
                            const char *topic, int project, const char *on,
                            const char *code, const char *path)
{
	struct training_row t = {
	    .title = title,
	    .title_folded = title,
	    .topic = topic,
	    .project = project,
	    .starts_on = on,
	    .ends_on = on,
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	};
	assert_int_equal(store_training_insert(f->st, &t), STORE_OK);
	assert_int_equal(t.version, 1);
	return t.id;
}

static int64_t add_participant(struct fixture *f, int64_t training,
                               const char *name, const char *sex)
{
	struct participant_row p = {
	    .training_id = training,
	    .full_name = name,
	    .sex = sex,
	    .role = "sw_official",
	};
	assert_int_equal(store_participant_insert(f->st, &p), STORE_OK);
	assert_true(p.id > 0 && p.created_at > 0);
	return p.id;
}

static void trainings_and_participants(void **state)
{
	struct fixture *f = *state;
	int64_t t1 = add_training(f, "tap huan cong tac xa hoi", "sw_skills", 1,
	                          "2025-03-01", "62", "62");
	int64_t t2 = add_training(f, "bao ve tre em", "child_protection", 2,
	                          "2026-05-01", "61", "62/61");
	int64_t t3 = add_training(f, "gia lai", "sw_skills", 1, "2026-01-01",
	                          "64", "64");
	int64_t p1, p2, p3;
	struct training_row got, *items;
	struct training_query q = {.tree = "2024"};
	struct participant_row pr, *people;
	struct participant_row full = {
	    .training_id = t2,
	    .full_name = "Lê Thị Hoa",
	    .full_name_folded = "le thi hoa",
	    .sex = "female",
	    .role = "cp_officer",
	    .agency = "UBND",
	    .position = "can bo",
	    .unit_tree = "2024",
	    .unit_code = "61",
	    .unit_path = "62/61",
	    .birth_year = 1990,
	    .created_by = 3,
	};
	size_t n = 0;
	long total = 0;

	p1 = add_participant(f, t1, "a", "female");
	p2 = add_participant(f, t1, "b", "female");
	p3 = add_participant(f, t1, "c", "male");
	assert_int_equal(store_participant_insert(f->st, &full), STORE_OK);
	/* no such training: its foreign key */
	pr = full;
	pr.training_id = t3 + 10;
	assert_int_equal(store_participant_insert(f->st, &pr), STORE_ERROR);

	assert_int_equal(store_training_get(f->st, f->a, t1, &got), STORE_OK);
	assert_string_equal(got.title, "tap huan cong tac xa hoi");
	assert_int_equal(got.project, 1);
	assert_null(got.organiser);
	assert_int_equal(got.participants, 3);
	assert_int_equal(got.participants_female, 2);
	assert_int_equal(got.participants_male, 1);
	assert_int_equal(store_training_get(f->st, f->a, t3 + 1, &got),
	                 STORE_NOTFOUND);

	got.organiser = "So LDTBXH";
	got.ends_on = "2025-03-03";
	assert_int_equal(store_training_update(f->st, &got, 1), STORE_OK);
	assert_int_equal(got.version, 2);
	assert_int_equal(store_training_update(f->st, &got, 1), STORE_CONFLICT);
	got.id = t3 + 1;
	assert_int_equal(store_training_update(f->st, &got, 0), STORE_NOTFOUND);
	assert_int_equal(store_training_get(f->st, f->a, t1, &got), STORE_OK);
	assert_string_equal(got.organiser, "So LDTBXH");
	assert_string_equal(got.ends_on, "2025-03-03");

	/* list: newest start first, with counts; filters */
	assert_int_equal(
	    store_trainings_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 3);
	assert_int_equal(items[0].id, t2);
	assert_int_equal(items[0].participants, 1);
	assert_int_equal(items[1].id, t3);
	assert_int_equal(items[2].id, t1);
	assert_int_equal(items[2].participants_female, 2);
	q.within_path = "62";
	assert_int_equal(
	    store_trainings_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 2);
	q.year = 2026;
	assert_int_equal(
	    store_trainings_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, t2);
	q.within_path = NULL;
	assert_int_equal(
	    store_trainings_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 2);
	q.year = 0;
	q.topic = "sw_skills";
	assert_int_equal(
	    store_trainings_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 2);
	q.topic = NULL;
	q.project = 2;
	assert_int_equal(
	    store_trainings_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, t2);
	q.project = 0;
	q.q_folded = "tap huan";
	assert_int_equal(
	    store_trainings_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, t1);

	/* participants: by id, paged */
	assert_int_equal(
	    store_participants_list(f->st, f->a, t1, 1, 1, &people, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 1);
	assert_int_equal(people[0].id, p2);
	assert_string_equal(people[0].full_name_folded, "b");
	assert_null(people[0].agency);
	assert_int_equal(people[0].birth_year, 0);
	assert_int_equal(store_participant_get(f->st, f->a, full.id, &pr),
	                 STORE_OK);
	assert_string_equal(pr.full_name, "Lê Thị Hoa");
	assert_string_equal(pr.full_name_folded, "le thi hoa");
	assert_string_equal(pr.role, "cp_officer");
	assert_string_equal(pr.agency, "UBND");
	assert_string_equal(pr.position, "can bo");
	assert_string_equal(pr.unit_path, "62/61");
	assert_int_equal(pr.birth_year, 1990);
	assert_int_equal(pr.created_by, 3);
	assert_int_equal(store_participant_delete(f->st, p1), STORE_OK);
	assert_int_equal(store_participant_delete(f->st, p1), STORE_NOTFOUND);
	assert_int_equal(store_participant_get(f->st, f->a, p1, &pr),
	                 STORE_NOTFOUND);
	assert_int_equal(
	    store_participants_list(f->st, f->a, t1, 0, 0, &people, &n, &total),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(people[0].id, p2);
	assert_int_equal(people[1].id, p3);
	assert_int_equal(store_training_get(f->st, f->a, t1, &got), STORE_OK);
	assert_int_equal(got.participants, 2);
	assert_int_equal(got.participants_female, 1);
}

/* A bulk import's shape: many rows in one transaction, all or nothing. */
static void participants_bulk_in_one_transaction(void **state)
{
	struct fixture *f = *state;
	int64_t t =
	    add_training(f, "t", "sw_skills", 1, "2026-01-01", "62", "62");
	struct training_row got;
	char name[32];

	assert_int_equal(store_begin(f->st), STORE_OK);
	for (int i = 0; i < 5000; i++) {
		struct participant_row p = {
		    .training_id = t,
		    .full_name = name,
		    .sex = i % 3 ? "female" : "male",
		    .role = "other",
		};

		snprintf(name, sizeof name, "nguoi %d", i);
		assert_int_equal(store_participant_insert(f->st, &p), STORE_OK);
	}
	assert_int_equal(store_rollback(f->st), STORE_OK);
	assert_int_equal(store_training_get(f->st, f->a, t, &got), STORE_OK);
	assert_int_equal(got.participants, 0);
	assert_int_equal(store_begin(f->st), STORE_OK);
	for (int i = 0; i < 3000; i++) {
		struct participant_row p = {
		    .training_id = t,
		    .full_name = name,
		    .sex = i % 3 ? "female" : "male",
		    .role = "other",
		};

		snprintf(name, sizeof name, "nguoi %d", i);
		assert_int_equal(store_participant_insert(f->st, &p), STORE_OK);
	}
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_training_get(f->st, f->a, t, &got), STORE_OK);
	assert_int_equal(got.participants, 3000);
	assert_int_equal(got.participants_male, 1000);
	assert_int_equal(got.participants_female, 2000);
}

/* ---- communications and coverage ------------------------------------------
 */

static int64_t add_communication(struct fixture *f, const char *code,
                                 const char *path, const char *topic,
                                 const char *on, int64_t reach)
{
	struct communication_row r = {
	    .unit_tree = "2024",
	    .unit_code = code,
	    .unit_path = path,
	    .kind = "meeting",
	    .topic = topic,
	    .audience = "general_public",
	    .held_on = on,
	    .reach_male = reach,
	    .reach_female = 1,
	};
	assert_int_equal(store_communication_insert(f->st, &r), STORE_OK);
	assert_int_equal(r.version, 1);
	return r.id;
}

static void communications_crud_and_list(void **state)
{
	struct fixture *f = *state;
	int64_t m1 = add_communication(f, "23425", "62/61/23425", "gbv",
	                               "2026-03-01", 10);
	int64_t m2 = add_communication(f, "23401", "62/612/23401",
	                               "child_protection", "2026-04-01", 20);
	int64_t m3 = add_communication(f, "24000", "64/640/24000", "gbv",
	                               "2025-12-31", 30);
	struct communication_row got, *items;
	struct communication_query q = {.tree = "2024"};
	size_t n = 0;
	long total = 0;

	assert_int_equal(store_communication_get(f->st, f->a, m1, &got),
	                 STORE_OK);
	assert_string_equal(got.unit_name, "Xã A");
	assert_string_equal(got.topic, "gbv");
	assert_int_equal(got.reach_male, 10);
	assert_int_equal(got.reach_female, 1);
	assert_null(got.title);
	assert_int_equal(store_communication_get(f->st, f->a, m3 + 1, &got),
	                 STORE_NOTFOUND);
	got.title = "Ngay hoi";
	got.kind = "campaign";
	assert_int_equal(store_communication_update(f->st, &got, 1), STORE_OK);
	assert_int_equal(got.version, 2);
	assert_int_equal(store_communication_update(f->st, &got, 1),
	                 STORE_CONFLICT);
	got.id = m3 + 1;
	assert_int_equal(store_communication_update(f->st, &got, 0),
	                 STORE_NOTFOUND);
	assert_int_equal(store_communication_get(f->st, f->a, m1, &got),
	                 STORE_OK);
	assert_string_equal(got.title, "Ngay hoi");
	assert_string_equal(got.kind, "campaign");

	/* newest first; filters */
	assert_int_equal(
	    store_communications_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 3);
	assert_int_equal(items[0].id, m2);
	assert_int_equal(items[1].id, m1);
	assert_int_equal(items[2].id, m3);
	assert_string_equal(items[2].unit_name, "Xã G");
	q.within_path = "62";
	assert_int_equal(
	    store_communications_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 2);
	q.within_path = NULL;
	q.topic = "gbv";
	assert_int_equal(
	    store_communications_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 2);
	q.kind = "campaign";
	assert_int_equal(
	    store_communications_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, m1);
	q.topic = q.kind = NULL;
	q.from = "2026-01-01";
	q.to = "2026-03-01"; /* inclusive */
	assert_int_equal(
	    store_communications_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, m1);
	q.to = NULL;
	assert_int_equal(
	    store_communications_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 2);
	q.from = NULL;
	q.limit = 1;
	q.offset = 2;
	assert_int_equal(
	    store_communications_list(f->st, f->a, &q, &items, &n, &total),
	    STORE_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, m3);
}

static void communication_coverage(void **state)
{
	struct fixture *f = *state;
	struct coverage_row *rows;
	size_t n = 0;

	add_communication(f, "23425", "62/61/23425", "gbv", "2026-01-01", 10);
	add_communication(f, "23425", "62/61/23425", "gbv", "2026-12-31", 20);
	add_communication(f, "23425", "62/61/23425", "gbv", "2027-01-01", 40);
	add_communication(f, "23425", "62/61/23425", "drugs", "2026-06-01", 80);
	add_communication(f, "24000", "64/640/24000", "gbv", "2026-06-01", 5);

	/* every commune of the province, covered or not, by code */
	assert_int_equal(store_communication_coverage(f->st, f->a, "2024", "62",
	                                              3, "gbv", "2026-01-01",
	                                              "2026-12-31", &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].code, "23401");
	assert_string_equal(rows[0].name, "Xã B");
	assert_string_equal(rows[0].parent_code, "612");
	assert_string_equal(rows[0].parent_name, "Đắk Tô");
	assert_int_equal(rows[0].activities, 0);
	assert_int_equal(rows[0].reach, 0);
	assert_string_equal(rows[1].code, "23425");
	assert_string_equal(rows[1].parent_name, "Đắk Hà");
	assert_int_equal(rows[1].activities, 2); /* both ends inclusive */
	assert_int_equal(rows[1].reach, 10 + 1 + 20 + 1);

	/* any topic; an open period */
	assert_int_equal(store_communication_coverage(f->st, f->a, "2024",
	                                              "62/61", 3, NULL, NULL,
	                                              NULL, &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].activities, 4);
	/* the commune itself; a district without activities */
	assert_int_equal(store_communication_coverage(
	                     f->st, f->a, "2024", "62/61/23425", 3, "drugs",
	                     "2026-01-01", "2026-12-31", &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].activities, 1);
	assert_int_equal(rows[0].reach, 81);
	assert_int_equal(store_communication_coverage(f->st, f->a, "2024",
	                                              "62/612", 3, "drugs",
	                                              NULL, NULL, &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].activities, 0);
	/* the whole tree */
	assert_int_equal(store_communication_coverage(f->st, f->a, "2024", NULL,
	                                              3, "gbv", "2026-01-01",
	                                              "2026-12-31", &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[2].code, "24000");
	assert_int_equal(rows[2].activities, 1);
	/* districts are a level too */
	assert_int_equal(store_communication_coverage(f->st, f->a, "2024", "62",
	                                              2, NULL, NULL, NULL,
	                                              &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].parent_name, "Kon Tum");
	assert_int_equal(store_communication_coverage(f->st, f->a, "2025", NULL,
	                                              3, NULL, NULL, NULL,
	                                              &rows, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
}

/* ---- import jobs ------------------------------------------------------------
 */

static void import_jobs(void **state)
{
	struct fixture *f = *state;
	struct import_row r = {.kind = "participants",
	                       .user_id = f->worker,
	                       .status = "running",
	                       .dry_run = 1,
	                       .rows = 10},
	                  got;

	assert_int_equal(store_import_insert(f->st, &r), STORE_OK);
	assert_true(r.id > 0 && r.created_at > 0);
	assert_int_equal(store_import_get(f->st, f->a, r.id, &got), STORE_OK);
	assert_string_equal(got.status, "running");
	assert_string_equal(got.kind, "participants");
	assert_int_equal(got.dry_run, 1);
	assert_int_equal(got.rows, 10);
	assert_int_equal(got.finished_at, 0);
	assert_null(got.problems);

	r.status = "failed";
	r.stored = 0;
	r.problems = "[{\"line\":2}]";
	assert_int_equal(store_import_finish(f->st, &r), STORE_OK);
	assert_int_equal(store_import_get(f->st, f->a, r.id, &got), STORE_OK);
	assert_string_equal(got.status, "failed");
	assert_string_equal(got.problems, "[{\"line\":2}]");
	assert_true(got.finished_at > 0);
	assert_int_equal(got.user_id, f->worker);
	r.id += 1;
	assert_int_equal(store_import_finish(f->st, &r), STORE_NOTFOUND);
	assert_int_equal(store_import_get(f->st, f->a, r.id, &got),
	                 STORE_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(facility_insert_get_update),
	    T(facilities_list_filters_and_above),
	    T(facility_events_append_only),
	    T(stays_admit_discharge),
	    T(facility_user_cases),
	    T(users_facility_id),
	    T(carers_register),
	    T(placements_and_reviews),
	    T(trainings_and_participants),
	    T(participants_bulk_in_one_transaction),
	    T(communications_crud_and_list),
	    T(communication_coverage),
	    T(import_jobs),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
